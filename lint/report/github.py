"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    ::warning file=story.md,line=3,col=5,endLine=3,endColumn=12,title=C001 name::message

Values are escaped as the runner expects: `%`, CR and LF everywhere, and `:` and `,` also
inside properties. Findings in JSON exports are placed where the flagged words stand in
the export file, as in SARIF (else on the article's line, else on the file), and the
message names the article and field.
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
    region = locator.file_region(diag)
    if region is not None:
        props.append(("line", str(region.line)))
        if region.column is not None:
            props.append(("col", str(region.column)))
            props += [("endLine", str(region.end_line)), ("endColumn", str(region.end_column))]
    props.append(("title", f"{diag.code} {diag.rule}"))
    joined = ",".join(f"{name}={escape_property(value)}" for name, value in props)
    return f"::{COMMAND[diag.severity]} {joined}::{escape_data(diag.message + article_note(diag))}"


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    for diag in diagnostics:
        out.write(command(diag, locator) + "\n")
