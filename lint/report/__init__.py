"""Reporters turn diagnostics into output. Only the chosen one is imported."""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from newslint.document import Document
from newslint.lines import LineIndex
from newslint.model import Diagnostic

FORMATS = ("pretty", "concise", "json")


@dataclass
class Locator:
    """Line and column for offsets, from the texts of the run's documents."""

    documents: Mapping[str, Document]
    _indexes: dict[str, LineIndex] = field(default_factory=dict)

    def index(self, path: str) -> LineIndex | None:
        if path not in self._indexes:
            document = self.documents.get(path)
            text = document.text if document is not None else _outside(path)
            if text is None:
                return None
            self._indexes[path] = LineIndex(text)
        return self._indexes[path]

    def span(self, path: str, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column), 1-based, end exclusive."""
        index = self.index(path)
        if index is None:
            return (1, 1, 1, 1)
        line, col = index.position(start)
        end_line, end_col = index.end_position(start, end)
        return line, col, end_line, end_col


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
