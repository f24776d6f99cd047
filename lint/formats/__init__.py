"""Reading articles: the one way from a file's bytes (or an editor's text) to documents.

    read(path, raw, options)         bytes -> Reading; decodes, then as `from_text`
    from_text(path, text, options)   decoded text -> Reading, by the format of the path

Every caller (the command line, the archive index, a language server) reads through these,
so a JSON export is read as articles everywhere, never as raw lines somewhere.

A file is one document, except a JSON or JSONL export: one document per (article, field).
"""

from __future__ import annotations

from typing import NamedTuple

from newslint.document import Document
from newslint.formats.parse import format_for, parse
from newslint.formats.source import SourceError, decode
from newslint.model import FileError

__all__ = [
    "DEFAULT_FIELDS", "DEFAULT_ID", "ReadOptions", "Reading", "SourceError", "format_for",
    "from_text", "read",
]  # fmt: skip

# The fields of a JSON export that are copy, and its id field, unless configured. They are
# here, not in `formats.feeds`, which is imported only when a JSON file is read: most runs
# read none.
DEFAULT_FIELDS = (
    "headline", "title", "subhead", "standfirst", "description", "summary", "body", "text",
    "content",
)  # fmt: skip
DEFAULT_ID = "id"


# ReadOptions and Reading are named tuples, not frozen dataclasses: a dataclass compiles its
# methods from source at every start (about 0.5 ms a class of a one-article run); a named
# tuple is made in a tenth of that and is as immutable, equal by value, hashable and
# printable.


class ReadOptions(NamedTuple):
    """The settings that shape documents: the encoding of the bytes, and which fields of a
    JSON export are copy (dotted paths reach into nested objects) and which is the id."""

    encoding: str = "utf-8"
    json_fields: tuple[str, ...] = DEFAULT_FIELDS
    json_id_field: str = DEFAULT_ID


class Reading(NamedTuple):
    """A file's documents, in file order, and the problems with parts of it (a JSONL line
    that is not JSON): the parts that could be read are still in `documents`."""

    documents: list[Document]
    problems: list[FileError]


# The options when none are given (a named tuple: immutable, so one serves every call).
_DEFAULT_OPTIONS = ReadOptions()


def read(path: str, raw: bytes, options: ReadOptions = _DEFAULT_OPTIONS) -> Reading:
    """The documents of a file whose bytes are `raw`; `path` names it and picks its format.

    Raises SourceError (a message without the path) when the bytes are not text in
    `options.encoding`: binary, another encoding, UTF-16 without --encoding.
    """
    source = decode(raw, options.encoding)
    # The bytes are done with: a caller that passed them without keeping them (a run
    # without the cache reads each file as it lints it) has them freed now, not after the
    # text is parsed. From Python 3.11 only: on 3.10 the caller's call holds its arguments
    # until `read` returns. (A run with the cache, the default, holds each file's bytes,
    # read for its key, to the end of the run: `Linter._lint_all`.)
    del raw
    return from_text(path, source.text, options, source.bom)


def from_text(
    path: str, text: str, options: ReadOptions = _DEFAULT_OPTIONS, bom: bool = False
) -> Reading:
    """The documents of decoded `text` (a byte-order mark already removed, `bom` says if
    there was one). Never raises: unreadable entries of an export become `problems`."""
    fmt = format_for(path)
    if fmt in ("json", "jsonl"):
        from newslint.formats.feeds import documents

        found, problems = documents(path, text, fmt, options.json_fields, options.json_id_field)
        return Reading(found, problems)
    return Reading([parse(path, text, fmt, bom)], [])
