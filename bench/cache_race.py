"""How often runs that open one new result cache at once lose it.

    python bench/cache_race.py [--processes 4] [--rounds 200]

Each round makes an empty folder and starts `--processes` processes of this interpreter at
the same moment; each opens a result cache there (`newslint.store.cache.ResultCache`, with
the built-in rules) as the first run of a repository does, and prints the cache's
warnings. Printed: how many rounds gave any warning, and each warning's kind with how many
processes gave it. A warning here means a run linted without its cache, or deleted a store
another run had just made. Needs no corpus; never part of the test run (it takes about a
second per round on two cores).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter

from bigfile import positive

# Run by each process: opens the cache in the folder given and prints its warnings.
CHILD = r"""
import sys
from pathlib import Path
from newslint.rules import pack
from newslint.store.cache import ResultCache
print("\n".join(ResultCache(Path(sys.argv[1]), pack()).warnings))
"""


def kind(warning: str) -> str:
    """A warning without the store's path: 'result cache PATH: what: reason; then'."""
    return warning.split(": ", 1)[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--processes", type=positive(int), default=4)
    parser.add_argument("--rounds", type=positive(int), default=200)
    args = parser.parse_args(argv)
    if args.processes < 2:
        parser.error("--processes must be at least 2: one process races nobody")
    warned = 0
    kinds: Counter[str] = Counter()
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            runs = [
                subprocess.Popen(
                    [sys.executable, "-c", CHILD, folder],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(args.processes)
            ]
            said = []
            for run in runs:
                out, err = run.communicate()
                if run.returncode:
                    parser.exit(2, f"a process failed (exit {run.returncode}):\n{err}")
                said.extend(line for line in out.splitlines() if line)
        warned += bool(said)
        kinds.update(map(kind, said))
    print(f"rounds with a warning: {warned} of {args.rounds} ({args.processes} processes each)")
    for text, count in kinds.most_common():
        print(f"{count:5} x {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
