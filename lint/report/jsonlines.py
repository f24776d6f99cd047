"""JSON Lines: one finding per line, the objects of the `json` format (same keys), so a
consumer can read findings one at a time. No findings: no lines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from newslint.model import Diagnostic
from newslint.report import Locator, json_safe
from newslint.report.json import as_dict


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    for diag in diagnostics:
        out.write(json_safe(json.dumps(as_dict(diag, locator), ensure_ascii=False)) + "\n")
