"""Reading TOML files (config, phrase rules, rule data) with errors that name the file."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


# A config-named TOML file (phrase rules, lexicons) larger than this is refused.
MAX_BYTES = 8 * 1024 * 1024


def read_regular(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Raises OSError otherwise: a
    FIFO would block forever and /dev/zero would be read until memory ran out, and a
    repository's config can name either."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO opens at once
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit // (1024 * 1024)} MB")
    return data


def load_toml(path: str | Path, error: type[Exception] = ValueError) -> dict[str, Any]:
    """The file's table; a missing, unreadable, malformed file, or one that is not a
    regular file of at most MAX_BYTES, raises `error`."""
    try:
        data = read_regular(path)
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise error(f"{path}: invalid TOML: not UTF-8 ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: invalid TOML: {exc}") from None
