"""Where a one-article run's fixed cost goes: the modules it imports, the dataclasses it
makes, the garbage collections it runs.

    python bench/imports.py [ARTICLE] [--runs 9] [--top 25] [--python PY ...] [--module M ...]

For each interpreter (`--python` once per checkout's venv, the default this Python), each
round runs `PY -X importtime -m newslint check --no-cache ARTICLE` once, and once more
with a probe that times the making of every dataclass (the time `dataclasses` spends on
each class: compiling its `__init__`, `__repr__`, `__eq__` and the rest from source) and
the garbage collector's collections (their CPU, from `gc.callbacks`). Rounds alternate
between interpreters, so a busy machine slows them alike. Printed, per interpreter,
medians over rounds: the number of modules imported, their own import times added up,
each of the `--top` costliest modules' own time (and cumulative time: with the modules it
imported first), any `--module` asked for, the dataclasses made (count and milliseconds)
and the garbage collections run (count and CPU milliseconds). `-X importtime` adds its
own cost to every figure, alike for all; the whole run is timed by `bench/startup.py`.
ARTICLE defaults to the one bench/compare.py times (needs ../shared). Never part of the
test run.
"""

from __future__ import annotations

import re
import statistics
import subprocess
from collections import defaultdict
from pathlib import Path

from startup import article_parser, one_article

# `import time: self [us] | cumulative | imported package`, one line per module.
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)")

# Runs the command as `python -m newslint` does, timing dataclasses' class processing and
# the garbage collector's collections (CPU, from gc.callbacks).
PROBE = """
import dataclasses, gc, runpy, sys, time
spent = [0.0, 0]
process = dataclasses._process_class
def timed(cls, *args):
    start = time.perf_counter()
    try:
        return process(cls, *args)
    finally:
        spent[0] += time.perf_counter() - start
        spent[1] += 1
dataclasses._process_class = timed
collecting = [0.0, 0, 0.0]
def collected(phase, info):
    if phase == "start":
        collecting[2] = time.process_time()
    else:
        collecting[0] += time.process_time() - collecting[2]
        collecting[1] += 1
gc.callbacks.append(collected)
sys.argv = ["newslint", *sys.argv[1:]]
try:
    runpy.run_module("newslint", run_name="__main__")
except SystemExit:
    pass
print(f"dataclasses {spent[1]} {spent[0] * 1000:.3f}", file=sys.stderr)
print(f"collections {collecting[1]} {collecting[0] * 1000:.3f}", file=sys.stderr)
"""


def _imports(python: str, article: str) -> dict[str, tuple[int, int]]:
    """Each module's own and cumulative (with what it imported first) import times in
    microseconds, for one run."""
    cmd = [python, "-X", "importtime", "-m", "newslint", "check", "--no-cache", article]
    done = subprocess.run(cmd, capture_output=True, text=True)
    lines = map(_LINE.match, done.stderr.splitlines())
    return {m[3]: (int(m[1]), int(m[2])) for m in lines if m}


def _probed(python: str, article: str) -> dict[str, tuple[int, float]]:
    """For one run: how many dataclasses it makes and the milliseconds spent making them
    ("dataclasses"; missing when this Python's dataclasses has no `_process_class` to
    time), and how many garbage collections it runs and their CPU milliseconds
    ("collections")."""
    cmd = [python, "-c", PROBE, "check", "--no-cache", article]
    done = subprocess.run(cmd, capture_output=True, text=True)
    found = re.finditer(r"^(dataclasses|collections) (\d+) ([\d.]+)$", done.stderr, re.MULTILINE)
    return {m[1]: (int(m[2]), float(m[3])) for m in found}


def main(argv: list[str] | None = None) -> int:
    parser = article_parser(__doc__, runs=9)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--module",
        action="append",
        default=[],
        metavar="NAME",
        help="also show this module (e.g. importlib_metadata: what entry points cost)",
    )
    args = parser.parse_args(argv)
    article, pythons = one_article(args.article, args.python)
    for python in pythons:  # warm-up: .pyc files written, files in the page cache
        _imports(python, article)
    own: dict[str, dict[str, list[int]]] = {p: defaultdict(list) for p in pythons}
    cumulative: dict[str, dict[str, list[int]]] = {p: defaultdict(list) for p in pythons}
    totals: dict[str, list[int]] = {p: [] for p in pythons}
    counts: dict[str, list[int]] = {p: [] for p in pythons}
    made: dict[str, list[tuple[int, float]]] = {p: [] for p in pythons}
    collections: dict[str, list[tuple[int, float]]] = {p: [] for p in pythons}
    for _ in range(args.runs):
        for python in pythons:
            times = _imports(python, article)
            totals[python].append(sum(mine for mine, _ in times.values()))
            counts[python].append(len(times))
            for module, (mine, total) in times.items():
                own[python][module].append(mine)
                cumulative[python][module].append(total)
            probed = _probed(python, article)
            if "dataclasses" in probed:
                made[python].append(probed["dataclasses"])
            if "collections" in probed:
                collections[python].append(probed["collections"])
    print(f"`{Path(article).name}`; medians of {args.runs} rounds, milliseconds")
    for python in pythons:
        modules = statistics.median(counts[python])
        total = statistics.median(totals[python]) / 1000
        print(f"\n{python}: {modules:.0f} modules imported, own times added up: {total:.1f} ms")
        if made[python]:
            count = statistics.median(c for c, _ in made[python])
            spent = statistics.median(ms for _, ms in made[python])
            print(f"dataclasses made: {count:.0f}, in {spent:.1f} ms")
        if collections[python]:
            count = statistics.median(c for c, _ in collections[python])
            spent = statistics.median(ms for _, ms in collections[python])
            print(f"garbage collections: {count:.0f}, in {spent:.1f} ms of CPU")
        medians = {m: statistics.median(v) for m, v in own[python].items()}
        shown = sorted(medians, key=lambda m: -medians[m])[: args.top]
        shown += [m for m in args.module if m not in shown]
        print("| module | own ms | cumulative ms |\n|---|---|---|")
        for module in shown:
            if module not in medians:
                print(f"| {module} | not imported | |")
                continue
            total = statistics.median(cumulative[python][module])
            print(f"| {module} | {medians[module] / 1000:.2f} | {total / 1000:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
