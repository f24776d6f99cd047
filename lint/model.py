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


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with content."""

    start: int
    end: int
    content: str = ""


@dataclass(frozen=True, slots=True)
class Fix:
    message: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Related:
    """Another place involved in a finding, possibly in another file."""

    path: str
    start: int
    end: int
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    rule: str
    severity: Severity
    message: str
    path: str
    start: int
    end: int
    fix: Fix | None = None
    related: tuple[Related, ...] = field(default=())

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start, self.end, self.code)


@dataclass(frozen=True, slots=True)
class FileError:
    """A problem with one input file (unreadable, not UTF-8, binary). The run goes on."""

    path: str
    message: str
