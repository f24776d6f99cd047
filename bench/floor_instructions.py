"""The floor target of issue 14 counted in machine instructions, which a busy machine does
not change: the corpus run over the read + parse floor.

    python bench/floor_instructions.py [FOLDER] [--python PY ...] [--runs 1]

FOLDER defaults to ../shared/corpus/bbc. Needs valgrind (Debian's `valgrind` package), as
`bench/instructions.py` does, whose counting this uses: each command runs once plainly (its
.pyc files written; a floor that does not exit 0, or a run that is refused or crashes,
stops the script, as in `bench/compare.py`: their counts would be of work not done), then
`--runs` times under callgrind with PYTHONHASHSEED fixed, about fifty times slower than
plainly (some four minutes for the BBC corpus's run). Counted, for each interpreter
(`--python`, once per install; default this one):

- the floor: `bench/compare.py`'s FLOOR snippet, `python -c` importing newslint.formats and
  reading and parsing every file;
- the run: `newslint check --isolated -q --no-cache --jobs 1` over the same files, as
  `bench/compare.py` times it.

Printed: millions of instructions of each and their ratio. The target is a ratio of CPU
time (`bench/compare.py`), not of instructions: an instruction of the rules, which read
many small objects, costs more time on average than one of the parse (cache misses are not
counted). So this ratio runs below compare.py's; what it gives is a figure that moves only
when the work does, for telling whether a change removed some. Never part of the test run.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from bigfile import readable
from compare import (
    FLOOR,
    NEWSLINT_EXITS,
    files_of,
    folder_parser,
    from_anywhere,
    measure,
    newslint_command,
    refusal,
    timed_interpreters,
)
from instructions import instructions


def main(argv: list[str] | None = None) -> int:
    parser = folder_parser(__doc__, runs=1)
    args = parser.parse_args(argv)
    # The plain runs below write the .pyc files the counts read, as compare.py's do: with this
    # variable set (some CI images, this machine), a checkout's counts included compiling
    # every module (3.42x for a dozen articles, 1.99x once written).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    files = [str(f) for f in files_of(args.folder)] if args.folder.is_dir() else []
    if not files:
        parser.error(f"no articles in {args.folder}")
    if not any(readable(Path(f).read_bytes()) for f in files):
        # Counted, a run refusing every file over a floor skipping every file.
        parser.error(f"no article newslint can read in {args.folder} (UTF-8 text)")
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (Debian: apt-get install valgrind)")
    pythons = timed_interpreters(parser, [from_anywhere(p) for p in args.python])
    print("| interpreter | floor, M instructions | run, M instructions | run over floor |")
    print("|---|---:|---:|---:|")
    for python in pythons:
        floor = [python, "-c", FLOOR, str(args.folder)]
        shape = [*newslint_command(python), "check", "--isolated", "-q", "--no-cache"]
        shape += ["--jobs", "1"]
        problem = refusal([shape])
        if problem is not None:
            parser.error(problem)
        run = [*shape, *files]
        # The plain runs (.pyc files written) are checked as compare.py's timed ones are.
        measure(floor, (0,))
        measure(run, NEWSLINT_EXITS)
        floor_count = instructions(floor, args.runs)
        run_count = instructions(run, args.runs)
        print(
            f"| {python} | {floor_count / 1e6:.0f} | {run_count / 1e6:.0f} "
            f"| {run_count / floor_count:.2f}x |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
