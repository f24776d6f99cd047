"""Rewrite the rule table in README.md from the installed rules.

python scripts/readme_table.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from newslint.cli.rules import rule_table
from newslint.engine.registry import discover

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(<!-- rules-table:start[^>]*-->\n)(.*?)(\n<!-- rules-table:end -->)", re.S)


def main() -> int:
    rules, problems = discover()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    text = README.read_text(encoding="utf-8")
    table = rule_table(rules, "markdown")
    README.write_text(BLOCK.sub(lambda m: m.group(1) + table + m.group(3), text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
