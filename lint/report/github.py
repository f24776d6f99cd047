"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    ::warning file=story.md,line=3,col=5,endLine=3,endColumn=12,title=C001 name::message

Values are escaped as the runner expects: `%`, CR and LF everywhere, and `:` and `,` also
inside properties. Findings in JSON exports annotate the file without a line (their lines
count inside a field), and the message names the article and field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from newslint.model import Diagnostic, Severity
from newslint.report import Locator, article_note, printable

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """`value` safe inside a workflow command: control characters (line breaks included)
    become visible escapes first (see `printable`), so no text of an article, a file name
    or a JSON id can end the command and start another; then `%` is escaped as the runner
    expects."""
    return printable(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(diag: Diagnostic, locator: Locator) -> str:
    props = [("file", diag.path)]
    if diag.article is None:
        line, col, end_line, end_col = locator.span(diag.key, diag.start, diag.end)
        props += [("line", str(line)), ("col", str(col))]
        props += [("endLine", str(end_line)), ("endColumn", str(end_col))]
    props.append(("title", f"{diag.code} {diag.rule}"))
    joined = ",".join(f"{name}={escape_property(value)}" for name, value in props)
    return f"::{COMMAND[diag.severity]} {joined}::{escape_data(diag.message + article_note(diag))}"


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    for diag in diagnostics:
        out.write(command(diag, locator) + "\n")
