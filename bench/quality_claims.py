"""Measure the claims rules on the shared evaluation data.

    python bench/quality_claims.py [--shared ../shared] [--show fp|fn|all] [--sample N] [--seed S]

- news-labels: sentence-level precision and recall of `unsupported-superlative` against
  label S (a sentence is flagged when a finding starts inside it);
- npov: the share of statements each claims rule flags in biased.txt and
  neutral_featured.txt;
- corpus/bbc: findings per 1,000 words for each rule, and with --sample N a seeded random
  sample of N `unsupported-superlative` findings to judge by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from newslint.formats.parse import parse
from newslint.rules import pack

ROOT = Path(__file__).resolve().parents[1]
CODES = ("C001", "C002")


def decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.removeprefix("\ufeff")


def rules() -> dict[str, object]:
    return {r.code: r for r in pack() if r.code in CODES}


def findings(rule, path: str, text: str) -> list:
    document = parse(path, text, "text")
    return list(rule.check(document, rule.options))


def news_labels(shared: Path, show: str) -> None:
    rule = rules()["C001"]
    rows = [
        json.loads(line)
        for f in sorted((shared / "eval/news-labels").glob("*.jsonl"))
        for line in f.read_text().splitlines()
        if line.strip()
    ]
    starts: dict[str, list] = {}
    tp = fp = fn = 0
    for row in rows:
        if row["file"] not in starts:
            path = shared / "corpus/bbc" / row["file"]
            starts[row["file"]] = findings(rule, str(path), decode(path.read_bytes()))
        hits = [d for d in starts[row["file"]] if row["start"] <= d.start < row["end"]]
        flagged, gold = bool(hits), bool(row["S"])
        tp += flagged and gold
        fp += flagged and not gold
        fn += gold and not flagged
        wrong = (flagged and not gold and show in ("fp", "all")) or (
            gold and not flagged and show in ("fn", "all")
        )
        if wrong:
            kind = "FP" if flagged else "FN"
            cue = ", ".join(repr(d.message.split("'")[1]) for d in hits) or row["cue"]
            print(f"{kind} {row['id']}: {cue} | {row['text'].strip()[:160]}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"news-labels S: {len(rows)} sentences, {tp + fn} positive")
    print(f"  tp={tp} fp={fp} fn={fn} precision={precision:.3f} recall={recall:.3f}")


def npov(shared: Path) -> None:
    for code, rule in sorted(rules().items()):
        rates = []
        for name in ("biased.txt", "neutral_featured.txt"):
            lines = [x for x in (shared / "eval/npov" / name).read_text().splitlines() if x]
            flagged = sum(bool(findings(rule, name, line)) for line in lines)
            rates.append(f"{name} {flagged}/{len(lines)} = {flagged / len(lines):.1%}")
        print(f"npov {code} {rule.name}: " + "; ".join(rates))


def corpus(shared: Path, sample: int, seed: int) -> None:
    paths = sorted((shared / "corpus/bbc").rglob("*.txt"))
    words = 0
    found: dict[str, list] = {code: [] for code in CODES}
    for path in paths:
        text = decode(path.read_bytes())
        words += len(text.split())
        for code, rule in rules().items():
            for d in findings(rule, str(path), text):
                found[code].append((path, text, d))
    for code, items in sorted(found.items()):
        rate = 1000 * len(items) / words
        print(
            f"corpus {code}: {len(items)} findings in {len(paths)} files, {words} words, "
            f"{rate:.2f} per 1,000 words"
        )
    if sample:
        rng = random.Random(seed)
        picks = rng.sample(found["C001"], min(sample, len(found["C001"])))
        for i, (path, text, d) in enumerate(picks, 1):
            document = parse(str(path), text, "text")
            sentence = document.sentence_at(d.start)
            context = " ".join(text[sentence.start : sentence.end].split())
            rel = path.relative_to(shared / "corpus/bbc")
            print(f"{i:2}. {rel} [{text[d.start : d.end]}] {context}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show", choices=("none", "fp", "fn", "all"), default="none")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=4, help="seed of the random sample")
    parser.add_argument("--only", choices=("labels", "npov", "corpus"))
    args = parser.parse_args()
    if not args.shared.is_dir():
        print(f"no evaluation data at {args.shared}", file=sys.stderr)
        return 1
    if args.only in (None, "labels"):
        news_labels(args.shared, args.show)
    if args.only in (None, "npov"):
        npov(args.shared)
    if args.only in (None, "corpus"):
        corpus(args.shared, args.sample, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
