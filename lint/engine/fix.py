"""Applying safe fixes: edits that do not overlap, repeated until nothing changes, written
atomically so a crash can never leave half a file.

`fix_document` is the fix loop every front end uses (the command line's --fix and --diff,
a language server's "fix all"); `write_atomic` is how a fixed file reaches the disk.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Mapping, Sequence

from newslint.document import Document
from newslint.formats.parse import parse
from newslint.model import Diagnostic, Edit, Fix

MAX_PASSES = 10


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """`text` with every edit applied; edits are character offsets into `text` and must
    not overlap."""
    out, at = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[at : edit.start])
        out.append(edit.content)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


def fix_problem(fix: Fix, length: int) -> str | None:
    """Why `fix` cannot be applied to a text of `length` characters, or None when it can:
    every edit must lie inside the text (0 <= start <= end <= length) and no two edits may
    overlap (insertions at one offset are allowed)."""
    at = 0
    for edit in sorted(fix.edits, key=lambda e: (e.start, e.end)):
        if not (type(edit.start) is int and type(edit.end) is int):
            return f"edit offsets are not integers: {edit.start!r}, {edit.end!r}"
        if not 0 <= edit.start <= edit.end <= length:
            return f"edit [{edit.start}, {edit.end}) is outside the text of {length} characters"
        if edit.start < at:
            return f"edits overlap at character {edit.start}"
        if not isinstance(edit.content, str):
            return "an edit's replacement is not text"
        at = edit.end
    return None


def safe_edits(
    diagnostics: Sequence[Diagnostic], length: int | None = None
) -> tuple[list[Edit], int]:
    """Edits of safe fixes that do not touch each other; a fix clashing with one already
    taken waits for the next pass. With `length` (the text's, in characters), a fix whose
    edits are not all inside the text or that overlap each other is never taken (the
    check reports it: see `newslint.engine.check`)."""
    taken: list[Edit] = []
    count = 0
    for diag in sorted(diagnostics, key=lambda d: d.sort_key):
        if diag.fix is None or not diag.fix.safe:
            continue
        if length is not None and fix_problem(diag.fix, length) is not None:
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
        edits, count = safe_edits(lint(text), len(text))
        if not count:
            break
        text = apply_edits(text, edits)
        total += count
    return text, total


def fixable(document: Document) -> bool:
    """Whether fixes can be written back: offsets into HTML source or into a JSON field's
    decoded text do not map back to the file's bytes, so those fixes are only shown."""
    return document.format in ("text", "markdown") and document.article is None


def fix_written(diagnostic: Diagnostic, documents: Mapping[str, Document]) -> bool:
    """Whether `--fix` applies the finding's fix: a safe fix in a document whose fixes can
    be written back (see `fixable`). `documents` are the run's, by `Document.key`."""
    document = documents.get(diagnostic.key)
    fix = diagnostic.fix
    return fix is not None and fix.safe and document is not None and fixable(document)


def fix_document(
    document: Document, lint: Callable[[Document], list[Diagnostic]]
) -> tuple[Document, int]:
    """Apply `lint`'s safe fixes to the document until none is left.

    Returns the document of the fixed text (the same object when nothing applied, or when
    the document is not `fixable`) and the number of fixes applied. Raises nothing.
    """
    if not fixable(document):
        return document, 0

    def reparse(text: str) -> Document:
        return parse(document.path, text, document.format, document.bom)

    fixed, applied = fix_text(document.text, lambda text: lint(reparse(text)))
    return (reparse(fixed), applied) if applied else (document, 0)


def encode(text: str, bom: bool, encoding: str = "utf-8") -> bytes:
    """The bytes of `text` as the file held them: in `encoding`, with its BOM if it had one.
    Raises UnicodeEncodeError when a fix brings in a character the encoding lacks."""
    return (("\ufeff" if bom else "") + text).encode(encoding)


class ChangedOnDisk(Exception):
    """The file's bytes are no longer those that were linted: someone saved it meanwhile."""


def write_atomic(path: str, data: bytes, expected: bytes) -> None:
    """Replace the bytes of the file `path` names, atomically, keeping mode, owner and
    group. Through a symbolic link the target is fixed and the link kept, if the target is
    under the working directory (a repository may commit a link to a file of the user's
    elsewhere). Refuses (raises ChangedOnDisk) if the file no longer holds `expected`,
    checked again just before the rename, with its size and modification time, so a save
    made while the fix was being written is not lost. Refuses (PermissionError) a file this
    user cannot write even if its folder is writable, one with other hard links (a rename
    would split them), and a link to a file outside the working directory."""
    real = os.path.realpath(path)
    if real != os.path.abspath(path):  # through a link: only to a file in this checkout
        here = os.path.realpath(os.getcwd())
        if os.path.commonpath([here, real]) != here:
            # A repository can commit `story.md -> ~/.ssh/config`.
            raise PermissionError(
                errno.EACCES, "a symbolic link to a file outside the working directory"
            )
    with open(real, "rb") as handle:
        before = os.fstat(handle.fileno())
        if handle.read() != expected:
            raise ChangedOnDisk(f"{path}: changed on disk while linting; not fixed")
    if not os.access(real, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is not writable")
    if before.st_nlink > 1:
        raise PermissionError(
            errno.EMLINK, "the file has other hard links, which a fix would split"
        )
    folder = os.path.dirname(real)
    import tempfile  # only when writing: a run that writes nothing never pays for it

    fd, tmp = tempfile.mkstemp(prefix=".newslint-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(before.st_mode))
        if hasattr(os, "chown"):
            made = os.stat(tmp)
            if (made.st_uid, made.st_gid) != (before.st_uid, before.st_gid):
                os.chown(tmp, before.st_uid, before.st_gid)  # PermissionError: not fixed
        with open(real, "rb") as handle:  # the last look: an editor may have saved since
            now = os.fstat(handle.fileno())
            same = (now.st_size, now.st_mtime_ns, now.st_ino) == (
                before.st_size,
                before.st_mtime_ns,
                before.st_ino,
            )
            if not same or handle.read() != expected:
                raise ChangedOnDisk(f"{path}: changed on disk while linting; not fixed")
        os.replace(tmp, real)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of two texts of `path`, with git's a/ and b/ prefixes."""
    import difflib  # only --diff pays for it

    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )
