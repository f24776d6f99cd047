"""Reading files: bytes to text, with a clear error for anything that is not text."""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
from typing import NamedTuple

BOM = "\ufeff"
# Bytes looked at to decide whether a file is text: enough for any header, cheap on 50 MB.
_SAMPLE = 8192
# File signatures of what newsrooms keep beside their copy, named so the message is useful.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"RIFF", "RIFF media (WebP, WAV or AVI)"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or a Word/Excel file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "executable"),
)
# Control characters that text files do contain: tab, line feed, vertical tab, form feed,
# carriage return, escape.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
# Above this share of other control bytes, a file is data, not copy.
_MAX_CONTROL_SHARE = 0.1
# The control bytes that no text holds.
_CONTROLS = bytes(b for b in range(0x20) if b not in _TEXT_CONTROLS)


class SourceError(Exception):
    """The file cannot be linted; the message names the problem, the caller adds the path."""


# A named tuple, not a frozen dataclass: a dataclass compiles its methods from source at
# every start (about 0.5 ms of a one-article run); a named tuple is made in a tenth of that
# and is as immutable, equal by value, hashable and printable.
class Source(NamedTuple):
    """A file's decoded text (byte-order mark removed; `bom` says if it had one). Not its
    bytes: a long file's would be kept while its text is parsed, for nothing."""

    text: str  # without the BOM
    bom: bool


# Compiled on first use (about 0.3 ms of every start): an ASCII name, the usual one, holds
# no surrogate, and only JSON exports' names are cleaned of them.
@functools.cache
def _surrogate() -> re.Pattern[str]:
    return re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate (U+D800..U+DFFF, which JSON's `\\ud800` escapes can
    produce and no output encoding can write) replaced by U+FFFD, one character for one, so
    every offset into the text still holds."""
    return _surrogate().sub("\ufffd", text) if _surrogate().search(text) else text


def printable_name(path: str) -> str:
    """`path` as it can be shown and written to any report: a file name that is not valid
    UTF-8 reaches Python with its bad bytes as lone surrogates (`surrogateescape`); each
    becomes `\\xNN` for the byte (another lone surrogate becomes `\\uDNNN`). A valid
    name is returned unchanged. The result names the file for people; open the original."""
    if path.isascii() or not _surrogate().search(path):
        return path
    return _surrogate().sub(_escaped, path)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def _wide(encoding: str) -> bool:
    """UTF-16 and UTF-32 text is full of NUL bytes by design."""
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def binary_kind(raw: bytes, encoding: str = "utf-8") -> str | None:
    """What a non-text file is ("PNG image", "NUL bytes"), or None for text."""
    for signature, kind in _SIGNATURES:
        if raw.startswith(signature):
            return kind
    if _wide(encoding):
        return None
    sample = raw[:_SAMPLE]
    if b"\x00" in sample:
        return "NUL bytes"
    controls = len(sample) - len(sample.translate(None, _CONTROLS))  # counted in C
    if sample and controls > _MAX_CONTROL_SHARE * len(sample):
        return "control characters"
    return None


def decode(raw: bytes, encoding: str = "utf-8") -> Source:
    """Decode a file's bytes. Raises SourceError for binary data, UTF-16 without
    `encoding` saying so, or bytes invalid in `encoding` (naming the byte offset)."""
    if not _wide(encoding) and raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError("UTF-16 text (byte-order mark); read it with --encoding utf-16")
    kind = binary_kind(raw, encoding)
    if kind is not None:
        raise SourceError(f"binary file ({kind}), skipped")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        raise SourceError(
            f"not valid {encoding}: byte 0x{bad} at offset {exc.start} "
            "(re-save the file as UTF-8, or name its encoding with --encoding)"
        ) from None
    bom = text.startswith(BOM)
    return Source(text[1:] if bom else text, bom)


def read_bytes(path: str) -> bytes:
    """The file's bytes; a missing, unreadable or special path raises SourceError."""
    return read_regular(path)


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _nonblocking(path: str, flags: int) -> int:
    # Opening a named pipe for reading blocks until a writer comes; O_NONBLOCK returns at
    # once, and the file's type is checked before a byte is read. No effect on files.
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of the regular file at `path` (symbolic links followed).

    Never blocks and never reads without end: a named pipe, a device (`/dev/zero`), a socket
    or a folder raises SourceError without reading, and so does a file over `limit` bytes
    (None: no limit). A missing, unreadable or looping path raises SourceError too; its
    message names the problem, not the path.
    """
    try:
        with open(path, "rb", opener=_nonblocking) as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if stat.S_ISDIR(mode):  # some platforms open folders
                raise IsADirectoryError(path)
            if not stat.S_ISREG(mode):
                raise SourceError(f"{_special(mode)}, not a file: skipped")
            data = handle.read() if limit is None else handle.read(limit + 1)
    except FileNotFoundError:
        if os.path.islink(path):
            raise SourceError(f"broken symbolic link to {os.readlink(path)}") from None
        raise SourceError("no such file or folder") from None
    except IsADirectoryError:
        try:
            os.listdir(path)
        except OSError as exc:
            raise SourceError(f"cannot read folder: {exc.strerror}") from None
        raise SourceError("is a folder") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}") from None
    if limit is not None and len(data) > limit:
        raise SourceError(f"over {limit:,} bytes, too big for this kind of file: skipped")
    return data
