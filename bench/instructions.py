"""Where one article's fixed cost goes, counted in machine instructions, which a busy
machine does not change: what `bench/startup.py` times, taken apart.

    python bench/instructions.py [ARTICLE] [--python PY ...] [--runs 1]

Needs valgrind (Debian's `valgrind` package): each command runs once plainly (its .pyc
files written), then `--runs` times under `valgrind --tool=callgrind`, which counts the
instructions the process executes (in user space) and runs it about fifty times slower.
Count a regular install (`pip install .`), as users run newslint: an editable one adds its
import hook to every start, the bare interpreter's stage included (on Python 3.11, 88
million instructions against 38). With PYTHONHASHSEED fixed, a count moves by well under
1% between runs, where a time moves by 10% or more on a shared machine. An instruction is
not a fixed time (cache misses, system calls and page faults are not counted), so a count
says where the work is and whether a change removed some; `bench/startup.py` says what a
user waits.

Printed, for each interpreter (`--python`, once per checkout's venv; default this one),
millions of instructions, each the median of `--runs` runs:
- the stages of a run, each adding to the one before: the bare interpreter, the command
  line read (`newslint.cli.main` imported), the engine (`newslint.engine.registry`), the
  rules found and loaded (`discover()`), and whole `newslint check --no-cache` runs of a
  one-line article and of ARTICLE (default: the one `bench/compare.py` times);
- what the libraries newslint builds on cost, each alone above the command line: `regex`
  imported, `importlib_metadata` imported and asked for the rule packs' entry points, and
  `dataclasses` imported and making thirteen frozen classes of the shapes of the value
  types a run makes (their fields, slots and ordering: `_VALUE_TYPES`). They share some
  imports (`inspect`, for one), so their figures do not add up.
Never part of the test run.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from compare import from_anywhere, newslint_command
from startup import article_parser, one_article

# callgrind's summary line: "==PID== Collected : 474085068".
_COLLECTED = re.compile(r"Collected : (\d+)")

_CLI = "import newslint.cli.main"
# The value types a run makes, all frozen dataclasses: (fields, slotted, ordered) for
# newslint.model's and newslint.document's and newslint.engine.config.Settings. What a class
# costs grows with its fields; tests/test_bench_scripts.py keeps this list current.
_VALUE_TYPES = (
    (2, True, True),  # Span
    *[(3, True, False)] * 2,  # Edit, Fix
    (6, True, False),  # Related
    (11, True, False),  # Diagnostic
    *[(3, True, False)] * 5,  # FileError, Block, Sentence, Quote, Directive
    (2, True, False),  # Moved
    (13, False, False),  # Document
    (20, False, False),  # Settings
)
_CLI_STAGE = "+ command line (newslint.cli.main)"
_ENGINE = f"{_CLI}, newslint.engine.registry"
# Each measured above _CLI: the library's own cost, what newslint pays for choosing it.
_LIBRARIES = {
    "regex imported": f"{_CLI}; import regex",
    "importlib_metadata imported, entry points listed": (
        f"{_CLI}; import importlib_metadata as m; m.entry_points(group='newslint.rules')"
    ),
    f"dataclasses imported, the {len(_VALUE_TYPES)} value types' shapes made": (
        f"{_CLI}; from dataclasses import dataclass\n"
        f"for n, slots, order in {_VALUE_TYPES!r}:\n"
        "    Value = type('Value', (), {'__annotations__': {f'f{i}': 'int' for i in range(n)}})\n"
        "    dataclass(frozen=True, slots=slots, order=order)(Value)"
    ),
}


def instructions(command: list[str], runs: int) -> int:
    """Instructions `command` executes, counted by callgrind (no output file is kept): the
    median of `runs` runs. Raises SystemExit naming the command when valgrind reports no
    count."""
    return int(statistics.median(_counted(command) for _ in range(runs)))


def warm_up(commands: list[list[str]]) -> None:
    """Run each command once, plainly: the .pyc files it imports are written now, as an
    installed newslint has them, not in its first count (an editable install's first
    `discover()` compiles every rule module's source, which added hundreds of millions
    of instructions to that stage and made the next ones look negative). Without the
    variable PYTHONDONTWRITEBYTECODE, which, set, writes none."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for command in commands:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _counted(command: list[str]) -> int:
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"valgrind counted nothing for {' '.join(command)}:\n{done.stderr}")
    return int(found.group(1))


def stages(python: str, tiny: str, article: str) -> dict[str, list[str]]:
    """The commands whose counts are the stages of a run, in order."""
    newslint = newslint_command(python)
    return {
        "interpreter, nothing imported": [python, "-c", "pass"],
        _CLI_STAGE: [python, "-c", _CLI],
        "+ engine (newslint.engine.registry)": [python, "-c", _ENGINE],
        "+ rules found and loaded (discover())": [
            python,
            "-c",
            f"{_ENGINE}; newslint.engine.registry.discover()",
        ],
        "+ config, a one-line article checked, report": [*newslint, "check", "--no-cache", tiny],
        # Printed as what it adds to the one-line article's run: the article's own linting.
        f"+ {Path(article).name} checked instead": [*newslint, "check", "--no-cache", article],
    }


def main(argv: list[str] | None = None) -> int:
    parser = article_parser(__doc__, runs=1)
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (Debian: apt-get install valgrind)")
    article, pythons = one_article(args.article, [from_anywhere(p) for p in args.python])
    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "one-line.txt"
        tiny.write_text("The council met on Tuesday.\n", encoding="utf-8")
        for python in pythons:
            commands = stages(python, str(tiny), article)
            probes = [[python, "-c", code] for code in _LIBRARIES.values()]
            warm_up([*commands.values(), *probes])
            print(f"{python}: millions of instructions (callgrind)")
            print("| stage | total | added |")
            print("|---|---|---|")
            before = 0
            counts: dict[str, int] = {}
            for name, command in commands.items():
                count = counts[name] = instructions(command, args.runs)
                print(f"| {name} | {count / 1e6:.0f} | {(count - before) / 1e6:+.0f} |")
                before = count
            cli = counts[_CLI_STAGE]  # the libraries are measured above it
            print("| library, above the command line | | added |")
            for name, code in _LIBRARIES.items():
                added = instructions([python, "-c", code], args.runs) - cli
                print(f"| {name} | | {added / 1e6:+.0f} |")
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
