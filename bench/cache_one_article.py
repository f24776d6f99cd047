"""What a one-article warm run costs with result caches of one and five corpora.

Copies the BBC corpus (../shared/corpus/bbc, 1,780 articles) `--copies` times into a
temporary folder, lints the first copy once to fill a result cache, and gives the other
copies their own rows (the first copy's rows under the other copies' paths: same sizes,
real files, so nothing is pruned). Then it times, in a fresh process each, a warm run of
`newslint check` on one article with a cache of one copy and with a cache of all copies:
the median wall time of `--repeat` runs, and the store's size.

    python bench/cache_one_article.py [--copies 5] [--repeat 9]

The two times should be the same within noise: a run reads one row per file it lints.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/bbc"
ARTICLE = "business/001.txt"


def newslint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--isolated", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_COLOR="1"),
        check=False,
    )


def timed(caches: list[Path], cwd: Path, repeat: int) -> list[float]:
    """Median wall seconds of a warm one-article run with each cache, the runs interleaved
    (one with each cache in turn) so that a busy moment of the machine hits all alike."""
    times: list[list[float]] = [[] for _ in caches]
    for _ in range(repeat):
        for i, cache in enumerate(caches):
            start = time.perf_counter()
            result = newslint("--cache-dir", str(cache), f"copy0/{ARTICLE}", cwd=cwd)
            times[i].append(time.perf_counter() - start)
            assert "warning" not in result.stderr, result.stderr
    return [statistics.median(t) for t in times]


def fill(cache: Path, work: Path, copies: int) -> int:
    """Give copies 1..copies-1 the first copy's rows under their own paths; the row count."""
    db = sqlite3.connect(cache / "results.sqlite")
    with db:
        for i in range(1, copies):
            db.execute(
                "INSERT OR REPLACE INTO results (path, key, version, used, checked, value) "
                "SELECT replace(path, ?, ?), key, version, used, checked, value FROM results "
                "WHERE path LIKE ?",
                (f"{work}/copy0/", f"{work}/copy{i}/", f"{work}/copy0/%"),
            )
    rows = db.execute("SELECT count(*) FROM results").fetchone()[0]
    db.close()
    return int(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp).resolve()
        for i in range(args.copies):
            shutil.copytree(args.corpus, work / f"copy{i}")
        one, many = work / "cache1", work / f"cache{args.copies}"
        start = time.perf_counter()
        newslint("--cache-dir", str(one), "--fail-on", "never", "copy0", cwd=work)
        print(f"filled a cache of one corpus in {time.perf_counter() - start:.1f} s")
        shutil.copytree(one, many)
        rows = {1: fill(one, work, 1), args.copies: fill(many, work, args.copies)}
        print("| cache | rows | store MB | one-article warm run, median s |")
        print("|---|---|---|---|")
        seconds = timed([one, many], work, args.repeat)
        for (copies, cache), spent in zip(((1, one), (args.copies, many)), seconds, strict=True):
            size = sum(f.stat().st_size for f in cache.iterdir()) / 1e6
            print(f"| {copies}x corpus | {rows[copies]} | {size:.1f} | {spent:.3f} |")
        print(f"| no cache (--no-cache) | 0 | 0 | {_plain(work, args.repeat):.3f} |")
    return 0


def _plain(work: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        newslint("--no-cache", f"copy0/{ARTICLE}", cwd=work)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
