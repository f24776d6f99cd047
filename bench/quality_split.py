"""Score vague-attribution (A001) and unsupported-superlative (C001) by half and by desk.

    python bench/quality_split.py                  # news-labels: half A, half B, whole, per desk
    python bench/quality_split.py --heldout        # also news-labels-2 (report only, never design)
    python bench/quality_split.py --show A         # list A001/C001 errors of half A only
    python bench/quality_split.py --pooled         # news-labels + news-labels-2: DESIGN, REPORT
    python bench/quality_split.py --pooled --show DESIGN   # errors of the DESIGN half only

news-labels is split by ARTICLE into two fixed halves: an article is in half A when the
first byte of the SHA-256 of its file name (relative to corpus/bbc, e.g. "sport/439.txt") is
even, else in half B. Design only on half A; half B and news-labels-2 say whether a change
generalises. A sentence counts as flagged when a finding of the rule starts inside it.

--pooled pools all 120 labelled articles (news-labels and news-labels-2) and splits them by
article into DESIGN and REPORT: an article is in DESIGN when the first byte of the SHA-256 of
"pooled-2:<set>/<file>" (e.g. "pooled-2:news-labels-2/business/012.txt") is even, else in
REPORT. The salt differs from the A/B split. Design only on DESIGN (its errors are listed by
--show DESIGN); REPORT's tables say whether a change generalises, its sentences are never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

from quality_claims import decode  # bench/ is on the path when run as a script

from newslint.formats.parse import parse
from newslint.rules import pack

ROOT = Path(__file__).resolve().parents[1]
DESKS = ("business", "entertainment", "politics", "sport", "tech")
RULES = (("A001", "V"), ("C001", "S"))


def half(file_name: str) -> str:
    """The fixed half ("A" or "B") an article of news-labels belongs to."""
    return "A" if hashlib.sha256(file_name.encode("utf-8")).digest()[0] % 2 == 0 else "B"


POOL_SALT = "pooled-2:"
POOLED_SETS = ("news-labels", "news-labels-2")


def pooled_half(set_name: str, file_name: str) -> str:
    """The fixed pooled half ("DESIGN" or "REPORT") of an article of set_name."""
    key = f"{POOL_SALT}{set_name}/{file_name}".encode()
    return "DESIGN" if hashlib.sha256(key).digest()[0] % 2 == 0 else "REPORT"


def load(folder: Path) -> list[dict]:
    return [
        json.loads(line)
        for f in sorted(folder.glob("*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def flag(shared: Path, rows: list[dict]) -> dict[str, dict[str, list[int]]]:
    """Finding starts per file, per rule code."""
    rules = {r.code: r for r in pack() if r.code in dict(RULES)}
    starts: dict[str, dict[str, list[int]]] = {}
    for name in sorted({r["file"] for r in rows}):
        text = decode((shared / "corpus" / "bbc" / name).read_bytes())
        document = parse(name, text, "text")
        starts[name] = {
            code: [d.start for d in rule.check(document, rule.options)]
            for code, rule in rules.items()
        }
    return starts


def score(rows: list[dict], starts, code: str, label: str) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for row in rows:
        flagged = any(row["start"] <= s < row["end"] for s in starts[row["file"]][code])
        gold = bool(row[label])
        tp += flagged and gold
        fp += flagged and not gold
        fn += gold and not flagged
    return tp, fp, fn


def cell(tp: int, fp: int, fn: int) -> str:
    p = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
    r = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
    return f"P {p} R {r} ({tp}/{fp}/{fn})"


def table(title: str, groups: dict[str, list[dict]], starts) -> None:
    print(f"\n{title}  (cells: precision, recall, (tp/fp/fn))")
    print(f"| {'set':<22} | {'sent.':>5} | {'A001 (V)':<26} | {'C001 (S)':<26} |")
    print(f"|{'-' * 24}|{'-' * 7}|{'-' * 28}|{'-' * 28}|")
    for name, rows in groups.items():
        cells = [cell(*score(rows, starts, code, label)) for code, label in RULES]
        print(f"| {name:<22} | {len(rows):>5} | {cells[0]:<26} | {cells[1]:<26} |")


def by_desk(prefix: str, rows: list[dict]) -> dict[str, list[dict]]:
    out = {prefix: rows}
    for desk in DESKS:
        part = [r for r in rows if r["file"].startswith(desk + "/")]
        if part:
            out[f"  {prefix.split()[-1]} {desk}"] = part
    return out


def show_errors(rows: list[dict], starts) -> None:
    for row in rows:
        for code, label in RULES:
            flagged = any(row["start"] <= s < row["end"] for s in starts[row["file"]][code])
            if flagged != bool(row[label]):
                kind = "FP" if flagged else "FN"
                print(f"{code} {kind} {row['id']}: {row['text'].strip()[:170]}")


def pooled(args) -> int:
    """Both labelled sets pooled, split by article into DESIGN and REPORT."""
    halves: dict[str, list[dict]] = defaultdict(list)
    for set_name in POOLED_SETS:
        folder = args.shared / "eval" / set_name
        if not folder.is_dir():
            print(f"no evaluation data at {folder}", file=sys.stderr)
            return 1
        for row in load(folder):
            halves[pooled_half(set_name, row["file"])].append(row)
    rows = halves["DESIGN"] + halves["REPORT"]
    starts = flag(args.shared, rows)
    articles = {h: len({r["file"] for r in rs}) for h, rs in halves.items()}
    print(
        f"pooled: {len(rows)} sentences; DESIGN {articles['DESIGN']} articles, "
        f"REPORT {articles['REPORT']} articles"
    )
    groups: dict[str, list[dict]] = {}
    for name in ("DESIGN", "REPORT"):
        groups.update(by_desk(name, halves[name]))
    table("pooled news-labels + news-labels-2", groups, starts)
    if args.show == "DESIGN":
        show_errors(halves["DESIGN"], starts)
    elif args.show:
        print("with --pooled, only --show DESIGN", file=sys.stderr)
        return 2
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--heldout", action="store_true", help="also score news-labels-2")
    parser.add_argument("--show", choices=("A", "B", "DESIGN"), help="list the errors of one half")
    parser.add_argument(
        "--pooled", action="store_true", help="pooled DESIGN/REPORT split of both sets"
    )
    args = parser.parse_args()
    if args.pooled:
        return pooled(args)
    labels = args.shared / "eval" / "news-labels"
    if not labels.is_dir():
        print(f"no evaluation data at {labels}", file=sys.stderr)
        return 1
    rows = load(labels)
    starts = flag(args.shared, rows)
    halves: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        halves[half(row["file"])].append(row)
    articles = {h: len({r["file"] for r in rs}) for h, rs in halves.items()}
    print(
        f"news-labels: {len(rows)} sentences; half A {articles['A']} articles, "
        f"half B {articles['B']} articles"
    )
    groups: dict[str, list[dict]] = {}
    for name, part in (("half A", halves["A"]), ("half B", halves["B"]), ("whole", rows)):
        groups.update(by_desk(name, part))
    table("news-labels", groups, starts)
    if args.show:
        for row in halves[args.show]:
            for code, label in RULES:
                flagged = any(row["start"] <= s < row["end"] for s in starts[row["file"]][code])
                if flagged != bool(row[label]):
                    kind = "FP" if flagged else "FN"
                    print(f"{code} {kind} {row['id']}: {row['text'].strip()[:170]}")
    if args.heldout:
        held = load(args.shared / "eval" / "news-labels-2")
        table("news-labels-2 (held out)", by_desk("all", held), flag(args.shared, held))
    return 0


if __name__ == "__main__":
    sys.exit(main())
