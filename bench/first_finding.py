"""How soon newslint's first finding reaches a reader, and how long the whole run takes.

    python bench/first_finding.py [FOLDER] [--runs 3] [--python PYTHON ...] [--format pretty]

FOLDER defaults to ../shared/corpus/bbc. Each run starts `PYTHON -m newslint --isolated
--no-cache --output-format FORMAT FOLDER` with stdout on a pipe, as a pipeline reads it,
and records the seconds from the start to the first byte on stdout and to the process's
end. Measured with `--jobs 1` and with the default jobs; every figure is the median of
--runs. Nothing is cached (`--no-cache`). PYTHON defaults to this interpreter; give
--python once per checkout's venv to compare them: their runs alternate, so a machine
that gets busier slows both alike. Never part of the test run.
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
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"


def once(cmd: list[str]) -> tuple[float, float, int]:
    """(seconds to the first byte on stdout, seconds to the end, bytes of stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    first = proc.stdout.read(1)
    first_at = time.perf_counter() - start
    rest = proc.stdout.read()
    proc.wait()
    return first_at, time.perf_counter() - start, len(first) + len(rest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", action="append", help="an interpreter to run (repeatable)")
    parser.add_argument("--format", default="pretty", help="the --output-format")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no folder {args.folder}", file=sys.stderr)
        return 2
    pythons = args.python or [sys.executable]
    cores = os.cpu_count()
    print(f"{args.format}, {args.folder}, median of {args.runs}, cores {cores}\n")
    print("| python | jobs | first finding (s) | whole run (s) | stdout bytes |")
    print("|---|---|---|---|---|")
    for label, jobs in (("1", ["--jobs", "1"]), ("default", [])):
        runs: dict[str, list[tuple[float, float, int]]] = {p: [] for p in pythons}
        for _ in range(args.runs):
            for python in pythons:
                cmd = [python, "-m", "newslint", "--isolated", "--no-cache"]
                cmd += ["--output-format", args.format, *jobs, str(args.folder)]
                runs[python].append(once(cmd))
        for python, got in runs.items():
            first = statistics.median(r[0] for r in got)
            whole = statistics.median(r[1] for r in got)
            sizes = ",".join(str(size) for size in sorted({r[2] for r in got}))
            print(f"| {python} | {label} | {first:.2f} | {whole:.2f} | {sizes} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
