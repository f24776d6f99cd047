"""Time the built-in rule pack: a cold single-article run, the whole BBC corpus, and each
rule's share of the corpus time.

    python bench/rules_speed.py [--shared ../shared] [--article PATH] [--repeat 3]

- cold article: wall time of `python -m newslint --isolated --no-cache -q --output-format json
  ARTICLE` in a fresh process (imports, pattern compilation and linting), median of
  --repeat runs. ARTICLE defaults to examples/needs-work/rail-fares.txt.
- corpus: the same command over corpus/bbc, median of --repeat runs (skipped when the
  shared folder is absent).
- per rule: in one process, every corpus document is parsed first, then the rules run
  document by document in pack order (as the engine runs them); each rule's time is its
  share of the total. Work a rule caches for the rules after it is charged to the rule
  that builds it, as in a real run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from newslint.document import Document
from newslint.formats import SourceError, read
from newslint.rules import pack

ROOT = Path(__file__).resolve().parents[1]


def cold_run(target: Path, repeat: int) -> float:
    """Median wall time of a fresh `newslint` process linting `target`, cache off (a warm
    cache would time a lookup, not a lint)."""
    command = [sys.executable, "-m", "newslint", "--isolated", "--no-cache", "-q"]
    command += ["--output-format", "json", str(target)]
    # With .pyc files, as an installed newslint runs: the first run writes them, untimed.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def documents(folder: Path) -> list[Document]:
    found = []
    for path in sorted(folder.rglob("*.txt")):
        try:
            found.extend(read(str(path), path.read_bytes()).documents)
        except SourceError:
            continue  # the corpus holds one file that is not UTF-8; the CLI skips it too
    return found


def rule_times(docs: list[Document]) -> dict[str, float]:
    """Seconds each rule (default on or not) spends on the documents, in pack order."""
    rules = pack()
    spent = {rule.name: 0.0 for rule in rules}
    for document in docs:
        for rule in rules:
            began = time.perf_counter()
            list(rule.check(document, dict(rule.options)))
            spent[rule.name] += time.perf_counter() - began
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--article", type=Path, default=ROOT / "examples/needs-work/rail-fares.txt")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"cold article ({args.article.name}): {cold_run(args.article, args.repeat):.2f} s")
    corpus = args.shared / "corpus" / "bbc"
    if not corpus.is_dir():
        print(f"{corpus} not found: corpus timings skipped")
        return 0
    print(f"corpus ({corpus}): {cold_run(corpus, args.repeat):.2f} s")
    spent = rule_times(documents(corpus))
    total = sum(spent.values())
    print(f"rules in one process: {total:.2f} s")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {name:<24} {seconds:6.2f} s  {seconds / total:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
