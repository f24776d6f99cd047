"""One article, whole process: how much of `newslint check` goes on compiling regexes.

    python bench/compile_costs.py [ARTICLE] [--runs 11] [--top 10] [--python PY ...]

ARTICLE defaults to the one bench/startup.py times (the largest article under 8 kB of
../shared/corpus/bbc). Each round runs `newslint check --no-cache ARTICLE` once per
interpreter, in turn, in a fresh process whose `regex` compile step (`regex._main._compile`,
a private function: this is a measurement, not a feature) is timed in CPU seconds. Prints,
per interpreter, the median over --runs rounds of the compile CPU milliseconds and of the
check's (its imports left out), the compile calls (cache hits included) and the distinct
patterns compiled, then the costliest patterns of its median round. Patterns taken from
the precompiled table (newslint.regexes) are not compiled, so they do not count. `--python` may be
given once per checkout's venv to compare two newslints (e.g. main's and a branch's); the
default is this Python.

Never part of the test run.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from startup import article_parser, child_rounds, one_article

# Run in the child: argv[1] is the article, argv[2] a file for the report (JSON).
_CHILD = """
import json, sys, time
import regex._main

compile_step = regex._main._compile
calls = []

def timed(pattern, *args):
    start = time.process_time()
    try:
        return compile_step(pattern, *args)
    finally:
        calls.append((time.process_time() - start, str(pattern)))

regex._main._compile = timed
from newslint.cli.main import main

report = sys.argv[2]
sys.argv = ["newslint", "check", "--no-cache", sys.argv[1]]
start = time.process_time()
main()  # no argv: run as the command runs, its collector frozen after loading
total = time.process_time() - start
with open(report, "w", encoding="utf-8") as out:
    json.dump({"total": total, "calls": calls}, out)
"""


def main(argv: list[str] | None = None) -> int:
    parser = article_parser(__doc__, runs=11)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    article, pythons = one_article(args.article, args.python)
    rounds = child_rounds(_CHILD, pythons, article, args.runs)
    print(f"`{Path(article).name}`; medians of {args.runs} rounds, CPU")
    print("| newslint | compile ms | check ms, imports left out | compile calls | patterns |")
    print("|---|---:|---:|---:|---:|")
    medians = {}
    for python, found in rounds.items():
        compiled = [sum(c for c, _ in r["calls"]) for r in found]
        middle = statistics.median_low(compiled)
        medians[python] = found[compiled.index(middle)]
        total = statistics.median(r["total"] for r in found) * 1000
        calls = medians[python]["calls"]
        distinct = len({p for _, p in calls})
        print(f"| {python} | {middle * 1000:.1f} | {total:.0f} | {len(calls)} | {distinct} |")
    for python, found in medians.items():
        print(f"\ncostliest compiles, {python} (its median round):")
        for cost, pattern in sorted(found["calls"], reverse=True)[: args.top]:
            print(f"  {cost * 1000:5.1f} ms  {pattern[:80]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
