"""Reporters turn diagnostics into output. Only the chosen one is imported.

This module itself imports no other part of newslint at start: the command line's
`--version`, `--help` and messages (`printable`) need none of the engine. What a report
needs is imported when it is made (`Locator.index`, `document_key`).
"""

from __future__ import annotations

import bisect
import functools
import importlib
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol, TextIO

if TYPE_CHECKING:
    from newslint.document import Document
    from newslint.engine.rule import Rule
    from newslint.formats.exported import Export
    from newslint.lines import LineIndex
    from newslint.model import Diagnostic, FileError, Related

FORMATS = (
    "pretty", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit", "html",
)  # fmt: skip


class Region(NamedTuple):
    """A place in a file: 1-based line and character column, end exclusive. The columns
    are None when only the line is known (a JSON export's article whose text was not
    found in the file). A named tuple rather than a frozen dataclass: as plain a record,
    and a fraction of the cost of making the class at every start."""

    line: int
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


# What a terminal or a CI log would act on rather than show: C0 and C1 controls (escape
# sequences, line breaks, tabs, DEL), Unicode line and paragraph separators, and the
# bidirectional overrides and isolates that reorder what is shown. Each is a character
# `str.isprintable` rejects (categories Cc, Cf, Zl and Zp), so printable text is passed as
# it is, and the pattern compiled only for text that is not (compiling it was about 0.3 ms
# of every start).
@functools.cache
def _control() -> re.Pattern[str]:
    return re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """`text` with every control character written as a visible escape (`\\x1b`, `\\n`,
    `\\u202e`), so text from articles, file names and JSON ids cannot move the cursor,
    erase lines, start a CI workflow command or reorder a line. Printable text is unchanged."""
    if text.isprintable():
        return text
    return _control().sub(lambda m: _visible(m.group()), text)


# A line a CI runner reads as a command, not as text: GitHub's `::name ...::` and its older
# `##[name]` form, both after any leading whitespace (the runner trims it).
_COMMAND_START = re.compile(r"^(\s*)(:(?=:)|#(?=#\[))")


def inert_line(line: str) -> str:
    """`line` (already `printable`) with a leading `::` or `##[` written with a visible
    escape (`\\x3a::`), so a line of copy, a file name or a rule's text printed at the start
    of an output line cannot start a GitHub workflow command. Other lines are unchanged."""
    return _COMMAND_START.sub(lambda m: m.group(1) + f"\\x{ord(m.group(2)):02x}", line)


def shown_path(path: str) -> str:
    """`printable(path)` for the start of an output line: a relative path that a CI runner
    would read as a workflow command (`::error::x.md`) is shown as `./::error::x.md`."""
    shown = printable(path)
    return f"./{shown}" if inert_line(shown) != shown else shown


# What JSON leaves raw with ensure_ascii=False but a terminal may act on: DEL, C1 controls
# (U+009B is a CSI), line and paragraph separators, bidirectional overrides and isolates.
# Compiled on first use: only the JSON outputs need it.
@functools.cache
def _json_raw() -> re.Pattern[str]:
    return re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text (from json.dumps) with the controls it leaves raw written as `\\uXXXX`
    escapes: the same JSON value, safe to print. Those characters only occur inside JSON
    strings, where the escape means the same character."""
    return _json_raw().sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def printable_map(text: str) -> tuple[str, Sequence[int]]:
    """`printable(text)` and, for each character offset of `text` (and its end), the
    offset in the escaped text where it starts: a sequence of len(text) + 1 integers, so
    spans are underlined in the right columns."""
    if text.isprintable() or _control().search(text) is None:  # nothing to escape or move
        # Each offset its own: a range, not a list of ints (a paragraph of one line of
        # megabytes would make one int object a character).
        return text, range(len(text) + 1)
    control = _control()
    out: list[str] = []
    starts: list[int] = []
    at = 0
    for char in text:
        starts.append(at)
        shown = _visible(char) if control.match(char) else char
        out.append(shown)
        at += len(shown)
    starts.append(at)
    return "".join(out), starts


class Locator:
    """Line and column for offsets, from the texts of the run's documents. (A plain class:
    the methods a dataclass would compile at every start serve nothing here.)"""

    def __init__(
        self,
        documents: Mapping[str, Document],
        rules: Mapping[str, Rule] | None = None,
        errors: Sequence[FileError] = (),
    ) -> None:
        self.documents = documents  # by Document.key
        # The run's rules by code, for the formats that describe them (sarif, html).
        self.rules: Mapping[str, Rule] = {} if rules is None else rules
        # The run's input errors (unreadable files, bad JSON lines), for the formats that
        # carry them beside the findings (sarif, junit).
        self.errors = errors
        self._indexes: dict[str, LineIndex] = {}
        self._exports: dict[str, Export | None] = {}
        self._fields: dict[str, tuple[int, int] | None] = {}
        self._blocks: dict[str, list[tuple[int, int]]] = {}
        # The last line mapped by `printable_line`: (key, line, its map).
        self._line: tuple[str, int, tuple[str, Sequence[int]]] | None = None

    def index(self, key: str) -> LineIndex | None:
        if key not in self._indexes:
            document = self.documents.get(key)
            text = document.text if document is not None else _outside(key)
            if text is None:
                return None
            from newslint.lines import LineIndex  # regex: not needed for --version

            self._indexes[key] = LineIndex(text)
        return self._indexes[key]

    def printable_line(self, index: LineIndex, key: str, line: int) -> tuple[str, Sequence[int]]:
        """`printable_map` of the 1-based `line` of the document `key`, whose index is
        `index`. The last line asked is kept: a line's findings are written one after
        another, and mapping a long line again for each (a paragraph of one line, with a
        finding in every sentence) made writing them take time in the square of its length."""
        kept = self._line
        if kept is not None and kept[0] == key and kept[1] == line:
            return kept[2]
        mapped = printable_map(index.line_text(line))
        self._line = (key, line, mapped)
        return mapped

    def span(self, key: str, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column), 1-based, end exclusive, in the document
        `key` names (a path, or a JSON article's field: see `Diagnostic.key`)."""
        index = self.index(key)
        if index is None:
            return (1, 1, 1, 1)
        line, col = index.position(start)
        end_line, end_col = index.end_position(start, end)
        return line, col, end_line, end_col

    def file_region(self, diag: Diagnostic) -> Region | None:
        """Where the finding stands in its file. For a finding in an article file, `span`.
        For one in a JSON export's field: where the flagged text stands in the export file
        (found by JSON-encoding the field's text and looking for it there), else the
        article's line with no columns; None when neither can be found."""
        return self.place_region(diag.path, diag.article, diag.field, diag.start, diag.end)

    def place_region(
        self, path: str, article: str | None, field: str | None, start: int, end: int
    ) -> Region | None:
        """`file_region` of the characters [start, end) of a document: the file `path`, or
        the `field` of `article` in the JSON export `path` (a related place, say)."""
        key = _document_key(path, article, field)
        if article is None:
            return Region(*self.span(key, start, end))
        # Only a JSON export's findings need its reader: a run on article files never loads it.
        from newslint.formats.exported import article_line, find_field, forms

        document = self.documents.get(key)
        export = self._export(path)
        if document is None or export is None:
            return None
        if key not in self._fields:
            self._fields[key] = find_field(export, document.text, article, field)
        found = self._fields[key]
        if found is None:
            line = article_line(export.index, article)
            return Region(line) if line is not None else None
        form, at = found
        begin = at + len(forms(document.text[:start])[form])
        stop = begin + len(forms(document.text[start:end])[form])
        line, col = export.index.position(begin)
        end_line, end_col = export.index.end_position(begin, stop)
        return Region(line, col, end_line, end_col)

    def block_at(self, key: str, offset: int) -> tuple[int, int] | None:
        """[start, end) of the block of document `key` that holds `offset`, or None."""
        if key not in self._blocks:
            document = self.documents.get(key)
            blocks = sorted((b.start, b.end) for b in document.blocks) if document else []
            self._blocks[key] = blocks
        blocks = self._blocks[key]
        i = bisect.bisect_right(blocks, (offset, float("inf"))) - 1
        if i >= 0 and blocks[i][0] <= offset < blocks[i][1]:
            return blocks[i]
        return None

    def _export(self, path: str) -> Export | None:
        """A JSON export file as it is on disk, indexed (None if unreadable)."""
        if path not in self._exports:
            from newslint.formats.exported import Export

            text = _outside(path)
            self._exports[path] = Export.of(text) if text is not None else None
        return self._exports[path]


def _context(locator: Locator, key: str, start: int) -> str:
    """The text of the block holding offset `start` of document `key` (or of its line),
    whitespace collapsed."""
    view = locator.documents[key].view
    block = locator.block_at(key, start)
    if block is None:
        line_end = view.find("\n", start)
        block = (view.rfind("\n", 0, start) + 1, line_end if line_end >= 0 else len(view))
    return " ".join(view[block[0] : block[1]].split())


def fingerprint(diag: Diagnostic, locator: Locator, seen: Counter[str]) -> str:
    """The finding's `partialFingerprints` value: a hash of where and what (file, rule,
    article, field, flagged words, their block's text) and how many findings before it in
    the run had the same hash (`seen` counts them), so two findings never share one."""
    document = locator.documents.get(diag.key)
    flagged = context = ""
    if document is not None:
        flagged = " ".join(document.view[diag.start : diag.end].split())
        context = _context(locator, diag.key, diag.start)
    import hashlib  # only the CI formats that fingerprint findings pay for it

    what = "\0".join((diag.path, diag.code, diag.article or "", diag.field or "", flagged, context))
    digest = hashlib.sha256(what.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    seen[digest] += 1
    return f"{digest}:{seen[digest]}"


def inside(path: str, base: str = os.curdir) -> str | None:
    """`path` relative to the folder `base` (default: the working folder), with `/`;
    None when it is outside (or on another drive)."""
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    except ValueError:
        return None
    if relative == ".." or relative.startswith(".." + os.sep) or os.path.isabs(relative):
        return None
    return relative.replace(os.sep, "/")


def related_key(diag: Diagnostic, rel: Related) -> str:
    """The document a related place is in: the article it names in a JSON export, else the
    finding's own when it names the same file, else the file."""
    if rel.article is not None:
        return _document_key(rel.path, rel.article, rel.field)
    return diag.key if rel.path == diag.path else rel.path


def _document_key(path: str, article: str | None, field: str | None) -> str:
    """`newslint.model.document_key`, imported when a finding first needs it."""
    from newslint.model import document_key

    return document_key(path, article, field)


def article_note(diag: Diagnostic) -> str:
    """` (article ID, field NAME)` for findings in JSON exports, else nothing."""
    if diag.article is None:
        return ""
    return f" (article {printable(diag.article)}, field {printable(diag.field or '')})"


def _outside(path: str) -> str | None:
    """The text of a related file that was not linted in this run (an archive article
    found by `check --against`, a JSON export), for lines and columns: read as UTF-8, else
    one character per byte. An index built with `--encoding latin-1` (or cp1252, or any
    single-byte encoding) counted its offsets in those characters, so its places land
    where they were found. None if unreadable."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class Reporter(Protocol):
    def __call__(
        self, diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
    ) -> None: ...


Streamer = Callable[[Sequence["Diagnostic"], Locator], None]


def reporter(name: str) -> Reporter:
    """The `report` function of the format `name` (one of FORMATS)."""
    module = importlib.import_module(f"newslint.report.{name.replace('-', '')}")
    return module.report  # type: ignore[no-any-return]


def streamer(name: str, out: TextIO, color: bool | None) -> Streamer:
    """A writer of findings in the format `name` a few at a time, each part with the
    locator of its documents: calls with the findings in consecutive parts write what one
    `reporter(name)` call with them all writes. Only for formats that are a sequence of
    findings (not `json`, `sarif`...: one document)."""
    module = importlib.import_module(f"newslint.report.{name.replace('-', '')}")
    make = getattr(module, "stream", None)
    if make is not None:  # a format with state worth keeping between calls
        return make(out, color)  # type: ignore[no-any-return]
    report: Reporter = module.report
    return lambda diagnostics, locator: report(diagnostics, locator, out, color)
