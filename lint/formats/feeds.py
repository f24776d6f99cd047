"""JSON and JSON Lines article exports: one Document per (article, field).

A `.json` file holds one article (an object) or a list of them; a `.jsonl` file holds one
article per line. Each configured field that holds a string becomes its own Document whose
text is the field's decoded value, so offsets (and the line and column a reporter shows)
point inside that field's text, and every finding carries the article id and the field.

A field may hold HTML or Markdown, as CMS exports do: it is parsed as HTML when it holds
HTML tags, as Markdown when it shows Markdown structure, as HTML again when it holds HTML
entities (`&shy;`, `&rsquo;`: a CMS export that stripped the tags), and as plain text
otherwise.
Headline-like fields are read as headings.

A line of a JSONL file that is not valid JSON is reported for that line; the other lines
are still linted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import regex

from newslint import regexes
from newslint.document import Block, Document
from newslint.formats.parse import parse
from newslint.formats.source import without_surrogates
from newslint.model import FileError

HEADING_FIELDS = frozenset({"headline", "title"})

_HTML = regexes.compile(
    r"</?(?:p|div|br|h[1-6]|ul|ol|li|blockquote|em|strong|b|i|a|span|figure|figcaption|img"
    r"|section|article|table|script|style|nav|pre|code)\b[^>]*>",
    regex.IGNORECASE,
)
_MARKDOWN = regexes.compile(
    r"^(?:\#{1,6}[ \t]|[-*+][ \t]|>[ \t]?|\d+\.[ \t]|```)|\[[^\]\n]+\]\([^)\n]+\)|\*\*\S",
    regex.MULTILINE,
)

# An HTML character reference with its semicolon ("&shy;", "&#8217;", "&#x2019;"): a field
# that holds one but no tags is HTML text whose tags a CMS export stripped.
_ENTITY = regexes.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


# The standard library's parser recurses once per nesting level; an export nested deeper
# than Python's recursion limit is no article export, and is that file's error.
_TOO_DEEP = "JSON nested too deeply to be an article export, skipped"


def format_of(value: str) -> str:
    """How a field's text is parsed: html, markdown, or text."""
    if _HTML.search(value):
        return "html"
    if _MARKDOWN.search(value):
        return "markdown"
    if _ENTITY.search(value):
        return "html"  # entities, no tags: the page decodes them
    return "text"


def _articles(path: str, text: str, fmt: str) -> Iterator[tuple[str, Any] | FileError]:
    """(position, article) for each article, or a FileError for what cannot be read.
    Position names an article that has no id: `line N` in JSONL, `#N` in a JSON list."""
    if fmt == "jsonl":
        # JSON Lines ends a record at "\n" alone: `str.splitlines` would also split at
        # U+2028, U+0085 and the like, which JSON strings may hold raw. A "\r" before the
        # "\n" is whitespace to the JSON parser.
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                yield f"line {number}", json.loads(line)
            except json.JSONDecodeError as exc:
                problem = f"line {number}: invalid JSON: {exc.msg} (column {exc.colno})"
                yield FileError(path, problem)
            except RecursionError:
                yield FileError(path, f"line {number}: {_TOO_DEEP}")
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield FileError(path, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:
        yield FileError(path, _TOO_DEEP)
        return
    if isinstance(data, list):
        for number, article in enumerate(data, start=1):
            yield f"#{number}", article
    else:
        yield "#1", data


def _get(article: dict[str, Any], dotted: str) -> Any:
    """A field by name; `a.b` reaches into nested objects."""
    value: Any = article
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def field_document(path: str, article: str, field: str, value: str) -> Document:
    """The document of one field's decoded `value` (offsets are characters into it), read
    as HTML, Markdown or text by what it holds; a headline field's text is a heading."""
    fmt = format_of(value)
    document = replace(parse(path, value, fmt), article=article, field=field)
    untagged = fmt == "text" or (fmt == "html" and not _HTML.search(value))
    if untagged and field.rsplit(".", 1)[-1].lower() in HEADING_FIELDS:
        document = replace(
            document, blocks=tuple(Block("heading", b.start, b.end) for b in document.blocks)
        )
    return document


def documents(
    path: str, text: str, fmt: str, fields: Sequence[str], id_field: str
) -> tuple[list[Document], list[FileError]]:
    """The documents of a JSON ("json") or JSONL ("jsonl") export: one per article and
    configured field holding text, in file order, and the problems (a line that is not
    JSON, an article that is not an object) naming their line. Never raises."""
    found: list[Document] = []
    errors: list[FileError] = []
    names: set[str] = set()
    for item in _articles(path, text, fmt):
        if isinstance(item, FileError):
            errors.append(item)
            continue
        position, article = item
        if not isinstance(article, dict):
            errors.append(FileError(path, f"{position}: an article must be a JSON object"))
            continue
        ident = _get(article, id_field)
        name = str(ident) if isinstance(ident, (str, int)) and str(ident) else position
        name = without_surrogates(name)
        while name in names:
            # Two articles with one id: each document is still its own (findings, twins and
            # the report are keyed by the name), so the later one is also named by position.
            name = f"{name} ({position})"
        names.add(name)
        for field in fields:
            value = _get(article, field)
            if isinstance(value, str) and value.strip():
                # A `\\ud800` escape decodes to a lone surrogate, which no report can write.
                found.append(field_document(path, name, field, without_surrogates(value)))
    return found, errors
