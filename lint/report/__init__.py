"""Reporters turn diagnostics into output. Only the chosen one is imported."""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from newslint.document import Document
from newslint.engine.rule import Rule
from newslint.lines import LineIndex
from newslint.model import Diagnostic, Related

FORMATS = ("pretty", "concise", "json", "sarif", "github", "junit", "html")

# What a terminal or a CI log would act on rather than show: C0 and C1 controls (escape
# sequences, line breaks, tabs, DEL), Unicode line and paragraph separators, and the
# bidirectional overrides and isolates that reorder what is shown.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """`text` with every control character written as a visible escape (`\\x1b`, `\\n`,
    `\\u202e`), so text from articles, file names and JSON ids cannot move the cursor,
    erase lines, start a CI workflow command or reorder a line. Printable text is unchanged."""
    return _CONTROL.sub(lambda m: _visible(m.group()), text)


# What JSON leaves raw with ensure_ascii=False but a terminal may act on: DEL, C1 controls
# (U+009B is a CSI), line and paragraph separators, bidirectional overrides and isolates.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text (from json.dumps) with the controls it leaves raw written as `\\uXXXX`
    escapes: the same JSON value, safe to print. Those characters only occur inside JSON
    strings, where the escape means the same character."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def printable_map(text: str) -> tuple[str, list[int]]:
    """`printable(text)` and, for each character offset of `text` (and its end), the
    offset in the escaped text where it starts: a list of len(text) + 1 integers, so spans
    are underlined in the right columns."""
    out: list[str] = []
    starts: list[int] = []
    at = 0
    for char in text:
        starts.append(at)
        shown = _visible(char) if _CONTROL.match(char) else char
        out.append(shown)
        at += len(shown)
    starts.append(at)
    return "".join(out), starts


@dataclass
class Locator:
    """Line and column for offsets, from the texts of the run's documents."""

    documents: Mapping[str, Document]  # by Document.key
    # The run's rules by code, for the formats that describe them (sarif, html).
    rules: Mapping[str, Rule] = field(default_factory=dict)
    _indexes: dict[str, LineIndex] = field(default_factory=dict)

    def index(self, key: str) -> LineIndex | None:
        if key not in self._indexes:
            document = self.documents.get(key)
            text = document.text if document is not None else _outside(key)
            if text is None:
                return None
            self._indexes[key] = LineIndex(text)
        return self._indexes[key]

    def span(self, key: str, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column), 1-based, end exclusive, in the document
        `key` names (a path, or a JSON article's field: see `Diagnostic.key`)."""
        index = self.index(key)
        if index is None:
            return (1, 1, 1, 1)
        line, col = index.position(start)
        end_line, end_col = index.end_position(start, end)
        return line, col, end_line, end_col


def related_key(diag: Diagnostic, rel: Related) -> str:
    """The document a related place is in: the finding's own when it names the same file."""
    return diag.key if rel.path == diag.path else rel.path


def article_note(diag: Diagnostic) -> str:
    """` (article ID, field NAME)` for findings in JSON exports, else nothing."""
    if diag.article is None:
        return ""
    return f" (article {printable(diag.article)}, field {printable(diag.field or '')})"


def _outside(path: str) -> str | None:
    """The text of a related file that was not linted in this run (an archive article
    found by `check --against`), read as UTF-8 as it was indexed; None if unreadable."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


class Reporter(Protocol):
    def __call__(
        self, diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
    ) -> None: ...


def reporter(name: str) -> Reporter:
    module = importlib.import_module(f"newslint.report.{name}")
    return module.report  # type: ignore[no-any-return]
