"""Applying safe fixes: edits that do not overlap, repeated until nothing changes, written
atomically so a crash can never leave half a file."""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Sequence

from newslint.model import Diagnostic, Edit

MAX_PASSES = 10


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    out, at = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[at : edit.start])
        out.append(edit.content)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


def safe_edits(diagnostics: Sequence[Diagnostic]) -> tuple[list[Edit], int]:
    """Edits of safe fixes that do not touch each other; a fix clashing with one already
    taken waits for the next pass."""
    taken: list[Edit] = []
    count = 0
    for diag in sorted(diagnostics, key=lambda d: d.sort_key):
        if diag.fix is None or not diag.fix.safe:
            continue
        edits = diag.fix.edits
        if any(e.start < t.end and t.start < e.end for e in edits for t in taken):
            continue
        taken.extend(edits)
        count += 1
    return taken, count


def fix_text(text: str, lint: Callable[[str], list[Diagnostic]]) -> tuple[str, int]:
    """Apply safe fixes, relinting between passes, until none is left. Returns the new text
    and the number of fixes applied."""
    total = 0
    for _ in range(MAX_PASSES):
        edits, count = safe_edits(lint(text))
        if not count:
            break
        text = apply_edits(text, edits)
        total += count
    return text, total


def encode(text: str, bom: bool, encoding: str = "utf-8") -> bytes:
    return (("\ufeff" if bom else "") + text).encode(encoding)


class ChangedOnDisk(Exception):
    pass


def write_atomic(path: str, data: bytes, expected: bytes) -> None:
    """Replace the file's bytes, keeping its mode. Refuses if the file no longer holds
    `expected`: someone else wrote it since we read it."""
    with open(path, "rb") as handle:
        if handle.read() != expected:
            raise ChangedOnDisk(f"{path}: changed on disk while linting; not fixed")
    mode = stat.S_IMODE(os.stat(path).st_mode)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".newslint-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )
