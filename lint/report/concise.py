"""One line per finding: path:line:col: CODE [name] message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from newslint.model import Diagnostic
from newslint.report import Locator, article_note, printable, shown_path


def headline(diag: Diagnostic, locator: Locator) -> str:
    line, col, _, _ = locator.span(diag.key, diag.start, diag.end)
    return (
        f"{shown_path(diag.path)}:{line}:{col}: {printable(diag.code)} [{printable(diag.rule)}] "
        f"{printable(diag.message)}{article_note(diag)}"
    )


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    for diag in diagnostics:
        out.write(headline(diag, locator) + "\n")
