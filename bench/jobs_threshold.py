"""When do worker processes pay for themselves? `--jobs 1` against `--jobs 2` on the first
N articles of the corpus, whole process, wall time.

    python bench/jobs_threshold.py [--shared ../shared] [--runs 3] [N ...]

For each N (default 16 32 48 64 128) the two commands run alternately, --runs times each;
the medians and their ratio are printed. A forked worker compiles the rules' patterns
again (about 0.1 s), so two workers only win once each has enough files: the default
`--jobs` (cli/check.py, FILES_PER_WORKER) starts one worker per that many files.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", nargs="*", type=int, default=[16, 32, 48, 64, 128])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus" / "bbc"
    if not corpus.is_dir():
        print(f"{corpus} not found", file=sys.stderr)
        return 2
    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    # As an installed newslint runs: from .pyc files (see bench/compare.py).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base = [sys.executable, "-m", "newslint", "--isolated", "--no-cache", "-q"]
    timed([*base, files[0]], env)  # writes the .pyc files, untimed
    print("| files | --jobs 1 s | --jobs 2 s | 2 over 1 |\n|---:|---:|---:|---:|")
    for count in args.counts:
        one, two = [], []
        for _ in range(args.runs):
            one.append(timed([*base, "--jobs", "1", *files[:count]], env))
            two.append(timed([*base, "--jobs", "2", *files[:count]], env))
        a, b = statistics.median(one), statistics.median(two)
        print(f"| {count} | {a:.2f} | {b:.2f} | {b / a:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
