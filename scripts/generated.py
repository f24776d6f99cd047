"""What the scripts that write generated modules of literals (`precompiled_patterns.py`,
`shipped_toml.py`, `sieves_ahead.py`) share: Python source for a value (the module they
write is imported, never unpickled, so what it holds must be source that evaluates to it),
and their `--check` report."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any


def literal(value: Any) -> str:
    """`value` as Python source that evaluates to an equal value, the same text in every
    process: frozensets in sorted order (their iteration order changes with the hash
    seed), dicts in their own order, inf and nan as calls of float (their repr is not
    source). Raises TypeError for a type it cannot write (a date, an object)."""
    if isinstance(value, frozenset):
        return "frozenset((" + "".join(f"{literal(v)}, " for v in sorted(value)) + "))"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(literal, value)) + "]"
    if isinstance(value, tuple):
        return "(" + "".join(f"{literal(v)}, " for v in value) + ")"
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({repr(value)!r})"
    if value is None or isinstance(value, (str, bytes, bool, int, float)):
        return repr(value)
    raise TypeError(f"no literal for {type(value).__name__}")


def stale_status(stale: list[str], module: Path, script: str) -> int:
    """`--check`'s report: each stale entry of `module` on stderr, then how to write it
    again with `script` (a file of scripts/); the exit status, 1 when any is stale."""
    for what in stale:
        print(f"stale: {what}", file=sys.stderr)
    if stale:
        print(f"{module} is out of date: run python scripts/{script}", file=sys.stderr)
    return 1 if stale else 0
