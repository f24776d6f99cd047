"""One JSON list, an object per finding, with a fixed set of keys other tools rely on."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from newslint.model import Diagnostic
from newslint.report import Locator, json_safe, related_key


def as_dict(diag: Diagnostic, locator: Locator) -> dict[str, Any]:
    line, col, end_line, end_col = locator.span(diag.key, diag.start, diag.end)
    fix = None
    if diag.fix is not None:
        edits = []
        for edit in diag.fix.edits:
            e_line, e_col, e_end_line, e_end_col = locator.span(diag.key, edit.start, edit.end)
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
        r_line, r_col, _, _ = locator.span(related_key(diag, rel), rel.start, rel.end)
        place = {"path": rel.path, "line": r_line, "column": r_col, "message": rel.message}
        if rel.article is not None:  # as a finding's: which article of a JSON export
            place.update(article=rel.article, field=rel.field)
        related.append(place)
    found: dict[str, Any] = {
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
    if diag.article is not None:
        # Only findings in JSON exports have these; their lines count inside the field.
        found |= {"article": diag.article, "field": diag.field}
    return found


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    # The same text as json.dump(list, indent=2), written one finding at a time: dumping the
    # whole list at once holds millions of small strings for a big file. JSON strings never
    # hold a raw line break, so indenting each line of a finding is safe.
    if not diagnostics:
        out.write("[]\n")
        return
    out.write("[\n")
    for i, diag in enumerate(diagnostics):
        text = json_safe(json.dumps(as_dict(diag, locator), indent=2, ensure_ascii=False))
        out.write(("" if i == 0 else ",\n") + "  " + text.replace("\n", "\n  "))
    out.write("\n]\n")
