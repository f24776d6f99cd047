"""Time the rule pack of two or more installs on the BBC corpus, in alternation: each
round runs every install once, in a fresh process, so load on a shared machine falls on
all of them alike.

    python bench/rules_ab.py --python VENV_A/bin/python --python VENV_B/bin/python \
        [--rounds 5] [--rules A001,A002,C001] [--shared ../shared] [--gc cli|default]

Needs the shared BBC corpus at ../shared/corpus/bbc (or --shared), and each --python an
interpreter with newslint installed (a regular install, `pip install .`, times what users
run).

Each process parses every corpus document first, then runs the rules document by document
in pack order (as the engine and `bench/rules_speed.py` do) and reports each rule's CPU
time (`time.process_time`, not wall time: other work on the machine inflates it less).
Garbage is collected as `newslint check` has it (objects made so far frozen, the young
generation collected every 20,000 allocations), unless `--gc default`: with Python's
default thresholds the collector walks the kept word sets and analyses again and again,
a cost a real run does not have, charged to whichever rule happens to allocate.
Printed: per install, the median over the rounds of each listed rule, of the listed rules
together, and of all rules.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bigfile import positive
from compare import newslint_problem

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import gc, json, sys, time
from pathlib import Path
from newslint.formats import SourceError, read
from newslint.rules import pack

docs = []
for path in sorted(Path(sys.argv[1]).rglob("*.txt")):
    try:
        docs.extend(read(str(path), path.read_bytes()).documents)
    except SourceError:
        continue
rules = pack()
if sys.argv[2] == "cli":  # collect garbage as `newslint check` does (cli.main._loading)
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, *gc.get_threshold()[1:])
spent = {rule.code: 0.0 for rule in rules}
clock = time.process_time
for document in docs:
    for rule in rules:
        began = clock()
        list(rule.check(document, dict(rule.options)))
        spent[rule.code] += clock() - began
print(json.dumps(spent))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--python", action="append", required=True, help="an install's python")
    parser.add_argument("--rounds", type=positive(int), default=5)
    parser.add_argument("--rules", default="A001,A002,C001", help="codes reported one by one")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--gc",
        choices=("cli", "default"),
        default="cli",
        help="garbage collection as `newslint check` sets it (the default), or Python's",
    )
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus" / "bbc"
    if not any(corpus.glob("**/*.txt")):
        parser.error(f"no corpus at {corpus}: nothing to time (give --shared)")
    for python in args.python:
        problem = newslint_problem(python)
        if problem:
            parser.error(problem)
    codes = args.rules.split(",")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs: dict[str, list[dict[str, float]]] = {python: [] for python in args.python}
    # An untimed first run of each writes its .pyc files; then the rounds, in alternation.
    for timed in [False] + [True] * args.rounds:
        for python in args.python:
            done = subprocess.run(
                [python, "-c", _CHILD, str(corpus), args.gc],
                capture_output=True,
                text=True,
                env=env,
                cwd="/",  # the install, not a source tree in the working directory
            )
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                parser.error(f"{python} failed to time the rules")
            if timed:
                runs[python].append(json.loads(done.stdout))
    unknown = [code for code in codes if code not in runs[args.python[0]][0]]
    if unknown:
        parser.error(f"no rule {', '.join(unknown)} in the pack")
    for python, found in runs.items():
        print(python)
        for code in codes:
            print(f"  {code:<8} {statistics.median(r[code] for r in found):6.3f} s")
        listed = statistics.median(sum(r[c] for c in codes) for r in found)
        print(f"  {'listed':<8} {listed:6.3f} s")
        print(f"  {'all':<8} {statistics.median(sum(r.values()) for r in found):6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
