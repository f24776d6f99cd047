"""`bench/rule_memory.py` on one long file for one or more installs of newslint, run in
alternation (a shared machine's load falls on all of them alike), with the medians.

    python bench/rule_memory_ab.py FILE [--python PY ...] [--runs 5] [--order CODE,...]

A round runs `rule_memory.py FILE --gc cli` once per interpreter (`--python`, once per
install; default: this one), in turn, after an untimed round that writes the .pyc files.
Printed for each interpreter: the median over rounds of each rule's CPU seconds and of the
process's peak resident memory after it (MB), in the order the rules ran, and of the sum
of the rules' seconds. `--order` is passed on (which rules, in what order). Never part of
the test run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
from pathlib import Path

from bigfile import positive
from compare import timed_interpreters

MEMORY = Path(__file__).resolve().with_name("rule_memory.py")


def rows(output: str) -> list[tuple[str, float, float]]:
    """Each rule's row of a `rule_memory.py` table: (code and name, CPU s, peak MB)."""
    found = []
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1] and cells[1][0].isdigit():
            found.append((cells[0], float(cells[1]), float(cells[2])))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--python", action="append", default=[], metavar="PY")
    parser.add_argument("--runs", type=positive(int), default=5)
    parser.add_argument("--order", help="passed on: these rules, in this order")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        parser.error(f"{args.file} is not a file: nothing to time")
    # Absolute: the rounds run from "/" (the install's newslint), where "venv/bin/python" is not.
    pythons = timed_interpreters(parser, args.python)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [str(MEMORY), str(args.file.resolve()), "--gc", "cli"]
    if args.order:
        command += ["--order", args.order]
    rounds: dict[str, list[list[tuple[str, float, float]]]] = {python: [] for python in pythons}
    for timed in [False] + [True] * args.runs:
        for python in pythons:
            # From "/": the install's newslint, not a source tree in the working directory.
            out = subprocess.run(
                [python, *command], capture_output=True, text=True, env=env, cwd="/"
            )
            if out.returncode:
                raise SystemExit(f"{python}: {out.stderr.strip()}")
            if timed:
                rounds[python].append(rows(out.stdout))
    for python in pythons:
        runs = rounds[python]
        print(f"{python} (median of {args.runs}: CPU seconds, peak RSS MB after the rule)")
        for k, (step, _, _) in enumerate(runs[0]):
            cpu = statistics.median(run[k][1] for run in runs)
            peak = statistics.median(run[k][2] for run in runs)
            print(f"  {step:<32} {cpu:6.3f} {peak:5.0f}")
        total = statistics.median(sum(row[1] for row in run) for run in runs)
        print(f"  {'all rules':<32} {total:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
