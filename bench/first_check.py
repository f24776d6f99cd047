"""One article: what a process's first check costs beyond its second (the rules' word lists
read and their patterns and sieves built, once per process).

    python bench/first_check.py [ARTICLE] [--runs 11] [--python PY ...]

ARTICLE defaults to the one bench/startup.py times (the largest article under 8 kB of
../shared/corpus/bbc). Each round runs, once per interpreter and in turn, a fresh process
that imports the engine and the rules, then times in CPU seconds: loading the shipped
lexicon (`newslint.rules._data.lexicon`), then `newslint check --no-cache ARTICLE` run
twice in that process. Prints, per interpreter, the medians over --runs rounds of the
lexicon's load, the first check, the second, and the first minus the second. `--python`
may be given once per checkout's venv to compare two newslints (e.g. main's and a
branch's); the default is this Python.

Never part of the test run.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from startup import article_parser, child_rounds, one_article

# Run in the child: argv[1] is the article, argv[2] a file for the report (JSON).
_CHILD = """
import contextlib, io, json, sys, time
import newslint.cli.check, newslint.engine.registry, newslint.rules
from newslint.cli.main import main
from newslint.rules import _data

start = time.process_time()
_data.lexicon({})
lexicon = time.process_time() - start
checks = []
for _ in range(2):
    start = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        main(["check", "--no-cache", sys.argv[1]])
    checks.append(time.process_time() - start)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump({"lexicon": lexicon, "first": checks[0], "second": checks[1]}, out)
"""


def main(argv: list[str] | None = None) -> int:
    parser = article_parser(__doc__, runs=11)
    args = parser.parse_args(argv)
    article, pythons = one_article(args.article, args.python)
    rounds = child_rounds(_CHILD, pythons, article, args.runs)
    print(f"`{Path(article).name}`; medians of {args.runs} rounds, CPU ms")
    print("| newslint | lexicon | first check | second check | first - second |")
    print("|---|---:|---:|---:|---:|")
    for python, found in rounds.items():

        def median(key: str, found: list[dict[str, float]] = found) -> float:
            return statistics.median(r[key] for r in found) * 1000

        extra = statistics.median(r["first"] - r["second"] for r in found) * 1000
        print(
            f"| {python} | {median('lexicon'):.1f} | {median('first'):.1f} "
            f"| {median('second'):.1f} | {extra:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
