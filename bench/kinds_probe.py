"""Invented sentences of each kind of issue 10, run through the newslint command: a per-kind table.

    python bench/kinds_probe.py            # the table
    python bench/kinds_probe.py -v         # and every case that did not behave

Each file in bench/kinds_probe/ is one kind. Its "# rule: CODE" line names the rule judged; every
other non-comment line is one case, "fire | text" (the rule must flag it) or "quiet | text" (it
must not). A ">>" in the text marks where the sentence under test starts: only findings that
begin at or after it count (so "Analysts said X. >>They added Y." judges the second sentence).
Every case is written to its own .txt file and all are linted by one
`newslint --isolated --output-format json` run.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "kinds_probe"
MARK = ">>"


def cases(path: Path) -> tuple[str, str, list[tuple[bool, str, int]]]:
    kind, rule, found = path.stem, "", []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# kind:"):
            kind = path.stem + ": " + line.split(":", 1)[1].strip()
        elif line.startswith("# rule:"):
            rule = line.split(":", 1)[1].strip()
        elif line.strip() and not line.startswith("#"):
            expect, text = (part.strip() for part in line.split("|", 1))
            if expect not in ("fire", "quiet"):
                raise SystemExit(f"{path}: expected 'fire |' or 'quiet |': {line!r}")
            at = text.find(MARK)
            at = max(at, 0)
            found.append((expect == "fire", text.replace(MARK, ""), at))
    if not rule:
        raise SystemExit(f"{path}: no '# rule:' line")
    return kind, rule, found


def order(path: Path) -> tuple[str, int]:
    """a1, a2, ... a10, then c1, c2, ...: by letter, then by number."""
    number = re.match(r"\D*(\d+)", path.stem)
    return path.stem[0], int(number.group(1)) if number else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    kinds = [cases(p) for p in sorted(HERE.glob("*.txt"), key=order)]
    with tempfile.TemporaryDirectory() as tmp:
        files: dict[str, tuple[int, int]] = {}
        for k, (_, _, items) in enumerate(kinds):
            for i, (_, text, _) in enumerate(items):
                path = Path(tmp) / f"k{k}-c{i}.txt"
                path.write_text(text + "\n", encoding="utf-8")
                files[str(path)] = (k, i)
        run = subprocess.run(
            ["newslint", "--isolated", "--output-format", "json", *files],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode not in (0, 1):
            print(run.stderr, file=sys.stderr)
            return 2
        hits: dict[tuple[int, int], list[tuple[str, int]]] = {}
        for f in json.loads(run.stdout or "[]"):
            hits.setdefault(files[f["path"]], []).append((f["code"], f["column"] - 1))
    total = right = 0
    print(f"{'kind':<60}{'n':>4}{'correct':>9}")
    failures = []
    for k, (kind, rule, items) in enumerate(kinds):
        good = 0
        for i, (fire, text, at) in enumerate(items):
            fired = any(code == rule and col >= at for code, col in hits.get((k, i), []))
            if fired == fire:
                good += 1
            else:
                failures.append((kind.split(":")[0], "fire" if fire else "quiet", text))
        total, right = total + len(items), right + good
        print(f"{kind[:58]:<60}{len(items):>4}{good:>9}")
    print(f"{'all':<60}{total:>4}{right:>9}")
    if args.verbose:
        for kind, expect, text in failures:
            got = "quiet" if expect == "fire" else "fire"
            print(f"  {kind}: expected {expect}, got {got}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
