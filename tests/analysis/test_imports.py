"""newslint.analysis imports only the model, the document, newslint.regexes, newslint.tomls,
itself, the standard library, regex and tomli: a third-party rule pack can use it without
the engine or the rules."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ANALYSIS = Path(__file__).resolve().parents[2] / "lint" / "analysis"
ALLOWED = (
    "newslint.model",
    "newslint.document",
    "newslint.regexes",
    "newslint.tomls",
    "newslint.analysis",
    "regex",
    "tomli",
)


def test_analysis_imports_nothing_else_of_ours() -> None:
    for path in sorted(ANALYSIS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                ok = name.startswith(ALLOWED) or top in sys.stdlib_module_names
                assert ok, f"{path.name} imports {name}"
