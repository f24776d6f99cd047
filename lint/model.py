"""Core value types: severities, edits, fixes, diagnostics.

Every position is a character offset into the file's text (after a BOM is removed).
Lines and columns exist only in reporters.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Ordered so that a threshold compares naturally: ERROR > WARNING > INFO."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r}; use error, warning or info") from None


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Characters [start, end) of a document's text: offsets in characters, not bytes."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def __contains__(self, offset: object) -> bool:
        return isinstance(offset, int) and self.start <= offset < self.end


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with content."""

    start: int
    end: int
    content: str = ""


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that resolves a finding: `edits` applied together (offsets in characters
    into the document's text), described by `message`. `safe` fixes are applied by
    `--fix` and `--diff`; an unsafe one is only shown, for an editor to judge."""

    message: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Related:
    """Another place involved in a finding, possibly in another file. In a JSON export,
    `article` and `field` name the document the offsets are in (as a Diagnostic's do);
    None for any other file, or for the finding's own document."""

    path: str
    start: int
    end: int
    message: str
    article: str | None = None
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of the rule with `code` and name `rule`: its `severity`, its one-line
    `message`, and characters [start, end) of the document's text in `path` (offsets in
    characters). `fix` resolves it where one is known; `related` are the other places
    involved (the first copy of a pasted paragraph, say)."""

    code: str
    rule: str
    severity: Severity
    message: str
    path: str
    start: int
    end: int
    fix: Fix | None = None
    related: tuple[Related, ...] = field(default=())
    # Set for findings in JSON article exports: which article and which field.
    article: str | None = None
    field: str | None = None

    @property
    def key(self) -> str:
        """The document the offsets belong to (see `document_key`)."""
        return document_key(self.path, self.article, self.field)

    @property
    def sort_key(self) -> tuple[str, str, str, int, int, str]:
        return (self.path, self.article or "", self.field or "", self.start, self.end, self.code)


def document_key(path: str, article: str | None, field: str | None) -> str:
    """A file holds one document, except a JSON export: one per (article, field), each with
    its own text. The key names the one whose offsets a finding uses."""
    return path if article is None else f"{path}\x1f{article}\x1f{field}"


@dataclass(frozen=True, slots=True)
class FileError:
    """A problem with one input file (unreadable, not UTF-8, binary, a rule that crashed on
    it). The run goes on. `detail` holds a crash's traceback text, shown only on request
    (`--verbose`, NEWSLINT_DEBUG=1)."""

    path: str
    message: str
    detail: str = field(default="", compare=False)
