"""Reading files: bytes to text, with a clear error for anything that is not text."""

from __future__ import annotations

from dataclasses import dataclass

BOM = "\ufeff"


class SourceError(Exception):
    """The file cannot be linted; the message names the problem, the caller adds the path."""


@dataclass(frozen=True, slots=True)
class Source:
    text: str  # without the BOM
    bom: bool
    raw: bytes


def decode(raw: bytes, encoding: str = "utf-8") -> Source:
    if b"\x00" in raw[:8192]:
        raise SourceError("binary file (NUL bytes), skipped")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        raise SourceError(
            f"not valid {encoding}: byte 0x{bad} at offset {exc.start} (re-save the file as UTF-8)"
        ) from None
    bom = text.startswith(BOM)
    return Source(text[1:] if bom else text, bom, raw)


def read(path: str, encoding: str = "utf-8") -> Source:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}") from None
    return decode(raw, encoding)
