"""The engine's own cost on a corpus: a newslint run that does next to no rule work against
the read + parse floor, and the whole default run beside them.

    python bench/engine_overhead.py [FOLDER] [--runs 7] [--python PY ...]

FOLDER defaults to ../shared/corpus/bbc. For each interpreter (`--python`, once per
install: main's and a branch's, say; default this Python), each round times, as
`bench/compare.py` does (`measure`: CPU is user + system of the whole process, output
discarded), three whole-process runs:

- floor: compare.py's FLOOR snippet, `python -c` importing newslint.formats and reading
  every file (interpreter start, that import, read and parse);
- N001: `newslint --no-cache --jobs 1 --select N001 FOLDER` (unknown-suppression reads
  suppression comments only: the run is the engine's start, its file discovery, settings,
  check loop, suppressions and report, over the same read and parse);
- all: the same without `--select` (the default rules, as users run it: 1,831 findings
  printed on the BBC corpus);

and the same two newslint runs given the corpus's files by name, with `--isolated -q`, as
bench/compare.py times the corpus. The commands take turns each round, every interpreter's
alike, so a busy machine slows them alike; untimed first runs write the .pyc files (the
variable PYTHONDONTWRITEBYTECODE is dropped). Printed per interpreter: the median CPU
seconds of each, and the engine's part: N001's CPU less the floor's. Never part of the test
run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bigfile import readable
from compare import (
    FLOOR,
    NEWSLINT_EXITS,
    files_of,
    folder_parser,
    medians_alternating,
    newslint_command,
    newslint_problem,
    refusal,
)


def commands(python: str, corpus: Path, files: list[str]) -> dict[str, list[str]]:
    """The runs timed for one interpreter, by name."""
    cold = [*newslint_command(python), "--no-cache", "--jobs", "1"]
    listed = [*cold, "--isolated", "-q"]
    return {
        "floor": [python, "-c", FLOOR, str(corpus)],
        "N001": [*cold, "--select", "N001", str(corpus)],
        "all": [*cold, str(corpus)],
        "N001, files named": [*listed, "--select", "N001", *files],
        "all, files named": [*listed, *files],
    }


def problem_with(corpus: Path, pythons: list[str]) -> str | None:
    """Why nothing can be timed, or None: no folder, no article newslint can read in it
    (every run would refuse at once), or an interpreter whose newslint cannot run it."""
    if not corpus.is_dir():
        return f"{corpus} is not a folder: nothing to time"
    files = files_of(corpus)
    if not files:
        return f"no articles (.txt, .md) in {corpus}: nothing to time"
    if not any(readable(f.read_bytes()) for f in files):
        return f"no article newslint can read in {corpus} (UTF-8 text)"
    for python in pythons:
        problem = newslint_problem(python)
        if problem is None:
            cold = [*newslint_command(python), "--no-cache", "--jobs", "1"]
            problem = refusal([[*cold, "--select", "N001"], cold])
        if problem is not None:
            return problem
    return None


def main(argv: list[str] | None = None) -> int:
    parser = folder_parser(__doc__, runs=7)
    args = parser.parse_args(argv)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # .pyc files, as an install has them
    corpus = args.folder.resolve()
    pythons = args.python or [sys.executable]
    problem = problem_with(corpus, pythons)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    files = [str(f) for f in files_of(corpus)]
    runs = {python: commands(python, corpus, files) for python in pythons}
    everything = [cmd for by_name in runs.values() for cmd in by_name.values()]
    medians_alternating(everything, 1, NEWSLINT_EXITS)  # warm-up: .pyc files, page cache
    timings = iter(medians_alternating(everything, args.runs, NEWSLINT_EXITS))
    print(f"`{corpus.name}`, {len(files)} articles; CPU s, medians of {args.runs} rounds\n")
    names = list(next(iter(runs.values())))
    print(f"| install | {' | '.join(names)} | engine (N001 - floor) | all / floor |")
    print("|---|" + "---:|" * (len(names) + 2))
    for python in pythons:
        cpu = {name: next(timings).cpu for name in names}
        cells = " | ".join(f"{cpu[name]:.3f}" for name in names)
        engine = cpu["N001"] - cpu["floor"]
        print(f"| {python} | {cells} | {engine:.3f} | {cpu['all'] / cpu['floor']:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
