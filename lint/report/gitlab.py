"""GitLab Code Quality: a JSON list of issues, shown in merge requests (as ruff's `gitlab`).

    {"description", "check_name", "fingerprint", "severity",
     "location": {"path", "positions": {"begin": {"line", "column"}, "end": {...}}}}

Paths are relative to `CI_PROJECT_DIR` when GitLab sets it (else the working folder), with
forward slashes. Severities: error is `major`, warning `minor`, info `info`. The fingerprint
is unique within the report and stable under edits elsewhere in the file (it hashes the
same things as SARIF's `partialFingerprints`). Findings in JSON exports are placed where
their words stand in the export file, else on the article's line (`lines.begin`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from newslint.model import Diagnostic, Severity
from newslint.report import Locator, article_note, fingerprint, inside, json_safe

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _path(path: str) -> str:
    """`path` relative to the project (CI_PROJECT_DIR, else the working folder), with `/`;
    as given when it is outside."""
    relative = inside(path, os.environ.get("CI_PROJECT_DIR") or os.curdir)
    return path.replace(os.sep, "/") if relative is None else relative


def issue(diag: Diagnostic, locator: Locator, seen: Counter[str]) -> dict[str, Any]:
    """One Code Quality issue for a finding; `seen` counts fingerprints across the report."""
    region = locator.file_region(diag)
    location: dict[str, Any] = {"path": _path(diag.path)}
    if region is not None and region.column is not None:
        location["positions"] = {
            "begin": {"line": region.line, "column": region.column},
            "end": {"line": region.end_line, "column": region.end_column},
        }
    else:
        location["lines"] = {"begin": region.line if region is not None else 1}
    unique = fingerprint(diag, locator, seen)
    return {
        "description": f"{diag.code} [{diag.rule}] {diag.message}{article_note(diag)}",
        "check_name": f"newslint:{diag.code}",
        "fingerprint": hashlib.md5(unique.encode(), usedforsecurity=False).hexdigest(),
        "severity": SEVERITY[diag.severity],
        "location": location,
    }


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    seen: Counter[str] = Counter()
    issues = [issue(diag, locator, seen) for diag in diagnostics]
    out.write(json_safe(json.dumps(issues, indent=2, ensure_ascii=False)))
    out.write("\n")
