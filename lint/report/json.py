"""One JSON list, an object per finding, with a fixed set of keys other tools rely on."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from newslint.model import Diagnostic
from newslint.report import Locator


def as_dict(diag: Diagnostic, locator: Locator) -> dict[str, Any]:
    line, col, end_line, end_col = locator.span(diag.path, diag.start, diag.end)
    fix = None
    if diag.fix is not None:
        edits = []
        for edit in diag.fix.edits:
            e_line, e_col, e_end_line, e_end_col = locator.span(diag.path, edit.start, edit.end)
            edits.append(
                {
                    "line": e_line,
                    "column": e_col,
                    "end_line": e_end_line,
                    "end_column": e_end_col,
                    "start_offset": edit.start,
                    "end_offset": edit.end,
                    "content": edit.content,
                }
            )
        fix = {"message": diag.fix.message, "safe": diag.fix.safe, "edits": edits}
    related = []
    for rel in diag.related:
        r_line, r_col, _, _ = locator.span(rel.path, rel.start, rel.end)
        related.append({"path": rel.path, "line": r_line, "column": r_col, "message": rel.message})
    return {
        "path": diag.path,
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "code": diag.code,
        "rule": diag.rule,
        "severity": str(diag.severity),
        "message": diag.message,
        "fix": fix,
        "related": related,
    }


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    # One write: json.dump writes piece by piece, millions of calls for a big file.
    out.write(json.dumps([as_dict(d, locator) for d in diagnostics], indent=2, ensure_ascii=False))
    out.write("\n")
