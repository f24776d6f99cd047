"""What the command line says on stderr: errors and warnings, one escaped line each."""

from __future__ import annotations

import sys
from typing import TextIO

from newslint.report import printable

STDIN = "-"  # the path that names standard input
DEBUG = "NEWSLINT_DEBUG"  # environment variable: show tracebacks of internal errors


def say(kind: str, message: str, out: TextIO | None = None) -> None:
    """Print `newslint: KIND: message` to stderr (or `out`), one such line per line of the
    message, with control characters escaped (see `newslint.report.printable`): a file name
    or an article id can neither erase a line nor begin one (a CI workflow command), since
    every line starts with `newslint:`."""
    for line in message.split("\n"):
        print(f"newslint: {kind}: {printable(line)}", file=out or sys.stderr)
