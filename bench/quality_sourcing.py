"""Measure the sourcing rules (vague-attribution A001, anonymous-source A002).

Reads ../shared (next to the repository) when present:

    python bench/quality_sourcing.py                 # every measurement
    python bench/quality_sourcing.py labels --show   # news-labels, listing misses and errors
    python bench/quality_sourcing.py weasel
    python bench/quality_sourcing.py articles
    python bench/quality_sourcing.py corpus --sample 50 --seed 3

- labels: sentence-level precision and recall against label V of
  eval/news-labels/*.jsonl (a sentence is flagged when a finding starts inside it).
- weasel: precision of flagged sentences against the "uncertain" label of
  eval/weasel/conll2010-wikipedia-train.csv, and how many gold positives are flagged.
- articles: the expectations of issue 3 on articles/*.txt.
- corpus: findings per 1,000 words over corpus/bbc, and a seeded random sample to judge.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterable
from pathlib import Path

from newslint.document import Document
from newslint.formats.parse import parse
from newslint.model import Diagnostic
from newslint.rules.anonymous_source import AnonymousSource
from newslint.rules.vague_attribution import VagueAttribution

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
RULES = (VagueAttribution(), AnonymousSource())


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.removeprefix("\ufeff")


def findings(document: Document, codes: Iterable[str]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in RULES:
        if rule.code in codes:
            out.extend(rule.check(document, rule.options))
    return out


def _scores(tp: int, fp: int, fn: int) -> str:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return f"precision {precision:.3f} ({tp}/{tp + fp})  recall {recall:.3f} ({tp}/{tp + fn})"


def labels(show: bool) -> None:
    rows = [
        json.loads(line)
        for path in sorted((SHARED / "eval" / "news-labels").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    documents: dict[str, Document] = {}
    for name in sorted({r["file"] for r in rows}):
        path = SHARED / "corpus" / "bbc" / name
        documents[name] = parse(name, read_text(path), "text")
    print(f"news-labels: {len(rows)} sentences, {sum(r['V'] for r in rows)} with V = 1")
    for codes in (("A001",), ("A001", "A002")):
        starts = {name: [d.start for d in findings(doc, codes)] for name, doc in documents.items()}
        tp = fp = fn = 0
        for row in rows:
            flagged = any(row["start"] <= s < row["end"] for s in starts[row["file"]])
            tp += flagged and row["V"]
            fp += flagged and not row["V"]
            fn += (not flagged) and row["V"]
            if show and flagged != bool(row["V"]) and codes == ("A001", "A002"):
                kind = "FP" if flagged else "FN"
                print(f"  {kind} {row['id']}: {row['text'].strip()[:160]}")
        print(f"  {'+'.join(codes)}: {_scores(tp, fp, fn)}")


def weasel() -> None:
    path = SHARED / "eval" / "weasel" / "conll2010-wikipedia-train.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for codes in (("A001",), ("A001", "A002")):
        tp = fp = 0
        for i, row in enumerate(rows):
            document = parse(f"weasel-{i}.txt", row["text"], "text")
            if findings(document, codes):
                tp += row["label"] == "1"
                fp += row["label"] != "1"
        positives = sum(r["label"] == "1" for r in rows)
        precision = tp / (tp + fp) if tp + fp else 0.0
        print(
            f"weasel {'+'.join(codes)}: precision {precision:.3f} ({tp}/{tp + fp}), "
            f"{tp} of {positives} gold positives flagged"
        )


# Issue 3: (file, line, words the finding must start in, must fire?)
EXPECTATIONS = [
    ("india-russia-repeated.txt", 2, "Experts argue", True),
    ("india-russia-repeated.txt", 6, "Experts argue", True),
    ("india-russia-repeated.txt", 5, "experts note", True),
    ("india-russia-repeated.txt", 9, "experts note", True),
    ("india-russia-repeated.txt", 4, "many viewing", True),
    ("india-russia-repeated.txt", 8, "many viewing", True),
    ("modi-moscow.txt", 11, "was seen as a signal", True),
    ("modi-moscow.txt", 7, "is expected to focus", False),
]


def check_articles() -> list[str]:
    """The issue's expectations on ../shared/articles; returns the failures."""
    failures = []
    for name, line, words, fire in EXPECTATIONS:
        text = read_text(SHARED / "articles" / name)
        document = parse(name, text, "text")
        line_start = sum(len(x) for x in text.splitlines(keepends=True)[: line - 1])
        at = text.index(words, line_start)
        hit = any(at <= d.start < at + len(words) for d in findings(document, ("A001",)))
        if hit != fire:
            failures.append(f"{name}:{line} {words!r} should {'' if fire else 'not '}fire")
    return failures


def articles() -> None:
    failures = check_articles()
    print(f"articles: {len(EXPECTATIONS) - len(failures)}/{len(EXPECTATIONS)} expectations met")
    for failure in failures:
        print("  FAIL", failure)


def corpus(sample: int, seed: int) -> None:
    root = SHARED / "corpus" / "bbc"
    total_words = 0
    found: list[tuple[str, Diagnostic, str]] = []
    for path in sorted(root.rglob("*.txt")):
        text = read_text(path)
        total_words += len(text.split())
        name = path.relative_to(root).as_posix()
        document = parse(name, text, "text")
        for d in findings(document, ("A001", "A002")):
            sentence = document.sentence_at(d.start)
            context = text[sentence.start : sentence.end] if sentence else ""
            found.append((name, d, " ".join(context.split())))
    for code in ("A001", "A002"):
        n = sum(d.code == code for _, d, _ in found)
        print(
            f"corpus {code}: {n} findings in {total_words} words = "
            f"{1000 * n / total_words:.2f} per 1,000 words"
        )
    random.seed(seed)
    for name, d, context in random.sample(found, min(sample, len(found))):
        words = " ".join(d_text.split()) if (d_text := context) else ""
        marked = read_text(root / name)[d.start : d.end]
        print(f"- {d.code} {name}: [{' '.join(marked.split())}] {words}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "what", nargs="?", default="all", choices=["all", "labels", "weasel", "articles", "corpus"]
    )
    parser.add_argument("--show", action="store_true", help="list label misses and errors")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"{SHARED} not found: nothing to measure", file=sys.stderr)
        return 1
    if args.what in ("all", "labels"):
        labels(args.show)
    if args.what in ("all", "weasel"):
        weasel()
    if args.what in ("all", "articles"):
        articles()
    if args.what in ("all", "corpus"):
        corpus(args.sample, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
