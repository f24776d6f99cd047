"""How duplicate-paragraph's similarity separates rewrites of a text from unrelated texts.

Reads ../shared/eval/near-duplicates/clough-stevenson.csv (answer, source, label: 0 original
work, 1 heavy revision, 2 light revision, 3 cut and paste) and prints, per label, the
similarity distribution and the share at or above duplicate-paragraph's threshold.

    python bench/near_duplicates.py [--threshold 0.5]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from pathlib import Path

from newslint.rules._text import similarity, words
from newslint.rules.duplicate_paragraph import DuplicateParagraph

DATA = Path(__file__).resolve().parents[2] / "shared/eval/near-duplicates/clough-stevenson.csv"
LABELS = {"0": "original", "1": "heavy revision", "2": "light revision", "3": "cut and paste"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=DuplicateParagraph.options["threshold"])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    scores: dict[str, list[float]] = {}
    with open(args.data, encoding="utf-8-sig", newline="") as handle:
        for answer, source, label in csv.reader(handle):
            scores.setdefault(label, []).append(similarity(words(answer), words(source)))
    print(f"| label | n | median | max | >= {args.threshold} |")
    print("|---|---|---|---|---|")
    for label in sorted(scores):
        values = scores[label]
        hits = sum(v >= args.threshold for v in values)
        print(
            f"| {LABELS.get(label, label)} | {len(values)} | {statistics.median(values):.2f} "
            f"| {max(values):.2f} | {hits} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
