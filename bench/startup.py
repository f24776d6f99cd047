"""One article, whole process: `newslint check` against write-good, as a user runs them.

    python bench/startup.py [ARTICLE] [--runs 15] [--peers DIR] [--python PY ...]
                            [--also ARGS ...]

ARTICLE defaults to the one `bench/compare.py` times (the largest article under 8 kB of
../shared/corpus/bbc). Each round runs every command once, in turn, so a busy machine
slows them alike; the figures are medians over --runs rounds of the wall seconds and the
CPU seconds (user + system) of the whole process, imports and startup included, output
discarded (see `measure` in bench/compare.py), newslint run by the `newslint` script
beside each interpreter, as a shell or the pre-commit hook runs it. `--python` may be
given once per checkout's venv to compare two newslints (e.g. main's and a branch's); the
default is this Python. write-good is looked up as bench/compare.py does and left out when
it is not installed. `--also ARGS` (repeatable; split on spaces) times `newslint ARGS`
too, with each interpreter, in the same rounds: `--also=--version --also rules` for the
commands that lint nothing.

Never part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bigfile import positive
from compare import (
    CORPUS,
    PEERS,
    files_of,
    measure,
    medians_alternating,
    newslint_command,
    newslint_problem,
    peers,
)


def typical_article(corpus: Path) -> Path:
    """The article bench/compare.py times for one article: the largest under 8 kB."""
    return max(files_of(corpus), key=lambda f: f.stat().st_size if f.stat().st_size < 8000 else 0)


def child_rounds(child: str, pythons: list[str], article: str, runs: int) -> dict[str, list[Any]]:
    """For each of `pythons`, `runs` reports of `python -c CHILD ARTICLE REPORT`: a script
    that checks the article and writes what it measured to the file REPORT as JSON. The
    interpreters take turns each round, after a warm-up run of each (.pyc files written,
    files in the page cache). Raises SystemExit when a run writes no report (its
    traceback is on stderr)."""
    rounds: dict[str, list[Any]] = {python: [] for python in pythons}
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"

        def run(python: str) -> Any:
            report.unlink(missing_ok=True)
            subprocess.run([python, "-c", child, article, str(report)], stdout=subprocess.DEVNULL)
            if not report.exists():
                raise SystemExit(f"{python}: newslint check {article} failed")
            return json.loads(report.read_text(encoding="utf-8"))

        for python in pythons:
            run(python)
        for _ in range(runs):
            for python in pythons:
                rounds[python].append(run(python))
    return rounds


def one_article(article: Path | None, pythons: list[str]) -> tuple[str, list[str]]:
    """The article to time (`article`, or the corpus's typical one) and the interpreters
    to time it with (`pythons`, or this one), each checked to run newslint; .pyc files are
    written from here on, as an installed newslint has them (see bench/compare.py).

    Raises SystemExit(2), having said why on stderr, when there is no article or an
    interpreter cannot run newslint."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if article is None:
        if not CORPUS.is_dir():
            print(f"no corpus at {CORPUS}; give an article", file=sys.stderr)
            raise SystemExit(2)
        article = typical_article(CORPUS)
    if not article.is_file():
        print(f"no article at {article}", file=sys.stderr)
        raise SystemExit(2)
    pythons = pythons or [sys.executable]
    for python in pythons:
        problem = newslint_problem(python)
        if problem is not None:
            print(problem, file=sys.stderr)
            raise SystemExit(2)
    return str(article), pythons


def article_parser(description: str, runs: int) -> argparse.ArgumentParser:
    """The command line the one-article scripts share: `description` (the script's whole
    docstring: what it needs, such as ../shared, and how to get it) as the help, ARTICLE
    (optional; see `one_article`), `--runs` (rounds, default `runs`) and `--python` (once per
    checkout's venv). Each script adds its own options."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("article", nargs="?", type=Path)
    parser.add_argument("--runs", type=positive(int), default=runs)
    parser.add_argument("--python", action="append", default=[], metavar="PY")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = article_parser(__doc__, runs=15)
    parser.add_argument("--peers", type=Path, default=PEERS)
    parser.add_argument("--also", action="append", default=[], metavar="ARGS")
    args = parser.parse_args(argv)
    article, pythons = one_article(args.article, args.python)
    commands = {
        f"newslint ({python})": [*newslint_command(python), "check", "--no-cache", article]
        for python in pythons
    }
    for also in args.also:
        for python in pythons:
            commands[f"newslint {also} ({python})"] = [*newslint_command(python), *also.split()]
    found = peers(args.peers)
    if "write-good" in found:
        commands["write-good"] = [*found["write-good"], article]
    for cmd in commands.values():  # warm-up: .pyc files written, files in the page cache
        measure(cmd)
    medians = medians_alternating(list(commands.values()), args.runs)
    size = Path(article).stat().st_size
    print(f"`{Path(article).name}`, {size} bytes; medians of {args.runs} rounds")
    print("| command | wall s | CPU s |")
    print("|---|---|---|")
    for name, timing in zip(commands, medians, strict=True):
        print(f"| {name} | {timing.wall:.3f} | {timing.cpu:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
