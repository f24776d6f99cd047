"""What linting one file produces, and the store that can keep it between runs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, NamedTuple, Protocol

from newslint.document import Document
from newslint.engine.rule import Options, Rule
from newslint.model import Diagnostic, FileError


class Fixed(NamedTuple):
    """A document whose text the fix loop changed: what was read and what the fixes made.
    (A named tuple: a plain record, and a fraction of a dataclass's cost at every start.)"""

    path: str
    before: str
    after: str
    bom: bool


class FileResult:
    """One file's part of a run; picklable, so it can come back from a worker process.

    `documents` are slim (see `slim`): enough to report and to apply suppressions.
    `collected` holds each corpus rule's summary of each document: (rule code, summary).
    `fixes_applied` counts the safe fixes applied and `fixed` holds the changed texts (only
    when linting with fixes). A list not given starts empty, a new one for each result.

    A plain class, not a dataclass: a dataclass compiles its methods from source at every
    start (about 0.3 ms of a one-article run), and nothing compares, hashes or prints a
    result; the run fills its lists in place.
    """

    def __init__(
        self,
        path: str,
        documents: list[Document] | None = None,
        diagnostics: list[Diagnostic] | None = None,
        errors: list[FileError] | None = None,
        fixes_applied: int = 0,
        collected: list[tuple[str, Any]] | None = None,
        fixed: list[Fixed] | None = None,
    ) -> None:
        self.path = path
        self.documents: list[Document] = [] if documents is None else documents
        self.diagnostics: list[Diagnostic] = [] if diagnostics is None else diagnostics
        self.errors: list[FileError] = [] if errors is None else errors
        self.fixes_applied = fixes_applied
        self.collected: list[tuple[str, Any]] = [] if collected is None else collected
        self.fixed: list[Fixed] = [] if fixed is None else fixed


def slim(document: Document) -> Document:
    """What reporting and suppression still need once the rules have run: text and view
    (lines, columns, the HTML report's copy), blocks, directives, article and field."""
    return replace(document, sentences=(), quotes=())


class ResultStore(Protocol):
    """A cache of FileResults between runs (`newslint.store.cache` is one).

    `key` names everything that decides a file's result; `get` returns a result stored
    under exactly that key, or None; `put` records one; `save` makes the run's new entries
    durable. None of them may raise: a store that fails is a cold run, never a failed one
    (`newslint.store.cache.ResultCache` collects what went wrong in its `warnings`, which
    the command line prints). A store holds data only: what it returns must be built from
    values it checked, never from code or class names it read.
    """

    def key(
        self,
        path: str,
        raw: bytes,
        encoding: str,
        rules: Iterable[tuple[Rule, Options]],
        context: Iterable[object] = (),
        files: Iterable[str] = (),
    ) -> str:
        """The key of `path`'s result: its bytes, encoding, rules with options, the other
        settings that shape documents (`context`) and the data files rules read."""
        ...

    def get(self, path: str, key: str, raw: bytes, encoding: str) -> FileResult | None:
        """The result stored for `path` under exactly `key`, made of `raw` (its bytes, read
        in `encoding`), or None."""
        ...

    def put(self, path: str, key: str, result: FileResult, raw: bytes, encoding: str) -> None:
        """Keep `result` for `path` under `key`, made of `raw` (its bytes, read in
        `encoding`; a store may keep a text that is the decoded file as a mark), durable
        after `save`."""
        ...

    def save(self) -> None:
        """Make the run's new entries durable; a failure is silent, the next run is cold."""
        ...
