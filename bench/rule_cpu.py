"""Each rule's CPU time on the BBC corpus, in one process, for one or more installs of
newslint timed in alternation (a shared machine's load falls on all of them alike).

    python bench/rule_cpu.py [--python PY ...] [--runs 5] [--shared ../shared] [--rules A002,C001]
                             [--gc cli|default]

A round starts one fresh process per interpreter (`--python`, once per install; default:
this one), in turn. Each parses every corpus document first, untimed, then runs the whole
rule pack document by document in pack order, as `bench/rules_speed.py` does, and charges
each rule the CPU time (`time.process_time`) of its own `check` calls: work a rule caches
for the rules after it is charged to the rule that builds it, as in a real run. Printed: for
each interpreter, the median over rounds of every rule's seconds (or only `--rules`, by code
or name) and of the pack's total; each as all of it, the part spent collecting garbage
during the rule's calls (`gc.callbacks`), and the rest. With every document held at once,
a full collection walks all of them and falls on whichever rule happens to allocate at
that moment: the rest is the steadier figure of a rule's own work. Garbage is collected as
`newslint check` has it (objects made before the rules frozen, the young generation
collected every 20,000 allocations), unless `--gc default`: with Python's default
thresholds the collector walks the kept word sets and analyses again and again, a cost a
real run does not have. An untimed first run of each interpreter writes its .pyc files.
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
from compare import timed_interpreters

ROOT = Path(__file__).resolve().parents[1]

# Run by each interpreter: prints {rule name: [code, seconds]} as JSON.
CHILD = r"""
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
if not docs:  # every file unreadable (not UTF-8): each rule would be timed at 0.000 s
    sys.exit(f"no article newslint can read in {sys.argv[1]} (UTF-8 .txt files)")
rules = pack()
if sys.argv[2] == "cli":  # collect garbage as `newslint check` does (cli.main._loading)
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, *gc.get_threshold()[1:])
spent = {rule.name: 0.0 for rule in rules}
collecting = {rule.name: 0.0 for rule in rules}
clock = time.process_time
in_gc = [0.0, 0.0]  # seconds collecting so far, and when the collection under way began


def timed(phase, info):
    if phase == "start":
        in_gc[1] = clock()
    else:
        in_gc[0] += clock() - in_gc[1]


gc.callbacks.append(timed)
for document in docs:
    for rule in rules:
        began, collected = clock(), in_gc[0]
        list(rule.check(document, dict(rule.options)))
        spent[rule.name] += clock() - began
        collecting[rule.name] += in_gc[0] - collected
print(json.dumps({r.name: [r.code, spent[r.name], collecting[r.name]] for r in rules}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--python", action="append", default=[], metavar="PY")
    parser.add_argument("--runs", type=positive(int), default=5)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--rules", default="", help="codes or names, comma-separated")
    parser.add_argument(
        "--gc",
        choices=("cli", "default"),
        default="cli",
        help="garbage collection as `newslint check` sets it (the default), or Python's",
    )
    args = parser.parse_args(argv)
    # Absolute: the rounds run from "/" (the install's newslint), where "../shared" is not.
    corpus = (args.shared / "corpus" / "bbc").absolute()
    if not corpus.is_dir():
        parser.error(f"{corpus} is not a folder: nothing to time (give --shared)")
    if not any(corpus.rglob("*.txt")):  # else every rule is timed at 0.000 s
        parser.error(f"no articles in {corpus}: nothing to time (give --shared)")
    pythons = timed_interpreters(parser, args.python)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    wanted = {w.strip() for w in args.rules.split(",") if w.strip()}
    # Asked before the rounds: a name matching no rule (a typo, a code in lower case) would
    # otherwise print nothing for it after minutes of timing.
    rules = _pack(pythons[0], env)
    unknown = sorted(wanted - {word for pair in rules for word in pair})
    if unknown:
        codes = ", ".join(code for code, _ in rules)
        parser.error(f"no rule {', '.join(unknown)} in the pack (codes: {codes}; or their names)")
    rounds: dict[str, list[dict[str, list]]] = {python: [] for python in pythons}
    for timed in [False] + [True] * args.runs:
        for python in pythons:
            out = subprocess.run(
                [python, "-c", CHILD, str(corpus), args.gc],
                capture_output=True,
                text=True,
                env=env,
                cwd="/",  # the install, not a source tree in the working directory
            )
            if out.returncode:
                raise SystemExit(f"{python}: {out.stderr.strip()}")
            if timed:
                rounds[python].append(json.loads(out.stdout))
    for python in pythons:
        runs = rounds[python]
        print(f"{python} (median of {args.runs}, CPU seconds: all, garbage collection, the rest)")
        for name, (code, *_) in runs[0].items():
            if wanted and code not in wanted and name not in wanted:
                continue
            print(f"  {code:<5} {name:<26} {_medians([r[name] for r in runs])}")
        totals = [[None, *(sum(v[i] for v in r.values()) for i in (1, 2))] for r in runs]
        print(f"  {'':<5} {'all rules':<26} {_medians(totals)}")
    return 0


# Run by an interpreter: its pack's codes and names, as JSON pairs.
PACK = (
    "import json; from newslint.rules import pack; "
    "print(json.dumps([[r.code, r.name] for r in pack()]))"
)


def _pack(python: str, env: dict[str, str]) -> list[list[str]]:
    """The [code, name] of every rule of the pack of `python`'s newslint."""
    out = subprocess.run(
        [python, "-c", PACK], capture_output=True, text=True, env=env, cwd="/", check=False
    )
    if out.returncode:
        raise SystemExit(f"{python}: {out.stderr.strip()}")
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _medians(rows: list[list]) -> str:
    """Medians of a rule's seconds in each round: all, collecting garbage, the rest."""
    every = statistics.median(row[1] for row in rows)
    collecting = statistics.median(row[2] for row in rows)
    rest = statistics.median(row[1] - row[2] for row in rows)
    return f"{every:6.3f} {collecting:6.3f} {rest:6.3f}"


if __name__ == "__main__":
    sys.exit(main())
