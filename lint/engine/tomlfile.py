"""Reading TOML files (config, phrase rules, rule data) with errors that name the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newslint import tomls
from newslint.formats.source import SourceError, read_regular

# Bytes a config, phrase or lexicon file may hold. The largest shipped list is a few KB; a
# newsroom's house list of ten thousand phrases is well under 1 MB.
MAX_BYTES = 8 * 1024 * 1024


def read_config_file(path: str | Path, error: type[Exception] = ValueError) -> bytes:
    """The bytes of a file a config names (config, phrase file, lexicon file).

    Only a regular file of at most `MAX_BYTES` bytes is read: a named pipe, a device such as
    `/dev/zero`, a folder, a missing or unreadable path, or a bigger file raises `error`
    with a message naming the path, without blocking or reading past the limit.
    """
    try:
        return read_regular(path, MAX_BYTES)
    except SourceError as exc:
        raise error(f"{path}: {str(exc).removesuffix(': skipped')}") from None


def load_toml(path: str | Path, error: type[Exception] = ValueError) -> dict[str, Any]:
    """The file's table; a missing, unreadable, special, oversized (`MAX_BYTES`) or
    malformed file raises `error`, naming the path."""
    raw = read_config_file(path, error)
    try:
        return tomls.loads(raw)  # a shipped phrase rule: parsed ahead (see newslint.tomls)
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    except tomls.TOMLError as exc:
        raise error(f"{path}: invalid TOML: {exc}") from None
