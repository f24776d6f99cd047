"""The BBC corpus and 4x and 16x copies of it, linted on one machine and on a Dask cluster.

    python bench/scale.py                       # 1x, 4x and 16x; the table on stdout
    python bench/scale.py --copies 1 4 --output /tmp/scale.md

Each size is the corpus copied k times into a temporary folder (`copy-0/`, `copy-1/`, ...;
removed afterwards, never committed), so every paragraph has k-1 exact repeats across
articles and duplicate-across-articles (D003) has work that grows with k. Each size is
linted by the `newslint` command, in a subprocess, timed wall-clock:

    one machine:  newslint check --isolated --no-cache --extend-select D003 \
                      --encoding latin-1 --output-format json DIR          (--jobs: every core)
    dask local:   the same with --dask-scheduler local -j 2 (a LocalCluster of two worker
                  processes, started and stopped by the run: its start-up is included)

and the two JSON reports are compared (they must be identical). A last line measures the
start-up of the cluster alone (one short article). It also reports what one article costs
in memory as it crosses processes: the pickled size of its FileResult (slim documents and
findings) and of its D003 summary, the figures docs/scale.md projects from.

Not a test: the machine's load changes the figures (the cores here are shared).
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
COMMAND = [
    "check",
    "--isolated",
    "--no-cache",
    "--extend-select",
    "D003",
    "--encoding",
    "latin-1",
    "--output-format",
    "json",
]


def lint(folder: Path, extra: list[str], report: Path) -> tuple[float, int]:
    """Wall-clock seconds and exit code of one `newslint` run on `folder`."""
    start = time.perf_counter()
    with open(report, "wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "newslint", *COMMAND, *extra, "."],
            cwd=folder,
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - start, done.returncode


def per_article(corpus: Path) -> tuple[int, float, float]:
    """Articles, and the mean pickled bytes of a FileResult and of a D003 summary."""
    from newslint.engine.config import Finder, Settings
    from newslint.engine.registry import discover
    from newslint.engine.run import Linter, Overrides

    rules, _ = discover()
    linter = Linter(rules, Finder(Settings(corpus), search=False), Overrides(None, ["D003"]))
    paths = sorted(str(p) for p in corpus.rglob("*.txt"))
    work = linter.worker("latin-1", str(corpus))
    results = [work((p, None)) for p in paths]
    whole = sum(len(pickle.dumps(r)) for r in results)
    summaries = sum(len(pickle.dumps(s)) for r in results for _, s in r.collected)
    return len(paths), whole / len(paths), summaries / len(paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--output", type=Path, help="also write the table here")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    articles, result_bytes, summary_bytes = per_article(args.corpus)
    lines = [
        f"cores: {len(os.sched_getaffinity(0))}; corpus: {articles} articles",
        "",
        "| copies | articles | one machine (s) | articles/s | dask local, 2 workers (s) "
        "| articles/s | same JSON |",
        "|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="newslint-scale-") as tmp:
        base = Path(tmp)
        for k in sorted(args.copies):
            folder = base / f"x{k}"
            for c in range(k):
                shutil.copytree(args.corpus, folder / f"copy-{c}" / args.corpus.name)
            single, code_s = lint(folder, [], base / "single.json")
            spread, code_d = lint(folder, ["--dask-scheduler", "local", "-j", "2"], base / "d.json")
            same = (base / "single.json").read_bytes() == (base / "d.json").read_bytes()
            n = articles * k
            lines.append(
                f"| {k} | {n} | {single:.1f} | {n / single:.0f} | {spread:.1f} | "
                f"{n / spread:.0f} | {'yes' if same and code_s == code_d else 'NO'} |"
            )
            print(lines[-1], file=sys.stderr)
            shutil.rmtree(folder)
        tiny = base / "tiny"
        tiny.mkdir()
        (tiny / "a.txt").write_text("The fete raised enough for a new roof on the hall.\n")
        startup, _ = lint(tiny, ["--dask-scheduler", "local", "-j", "2"], base / "t.json")
        alone, _ = lint(tiny, [], base / "t.json")
    lines += [
        "",
        f"one short article: {alone:.1f} s on one machine, {startup:.1f} s with "
        "--dask-scheduler local (the cluster's start-up and shutdown)",
        f"per article, pickled: FileResult {result_bytes / 1024:.1f} KiB, "
        f"D003 summary {summary_bytes / 1024:.1f} KiB",
    ]
    table = "\n".join(lines) + "\n"
    sys.stdout.write(table)
    if args.output is not None:
        args.output.write_text(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
