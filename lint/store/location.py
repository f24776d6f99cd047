"""Where an archive index lives: an SQLite file (a path, the default) or a PostgreSQL
database (a `postgresql://` or `postgres://` URL). The one choice `newslint index --index`
and `check --against` both make.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit

from newslint.engine.archive import ArchiveIndex
from newslint.store.archive import Archive, ArchiveError, IndexStats, Reader

SCHEMES = ("postgresql://", "postgres://")
EXTRA = "pip install 'newslint[postgres]'"


class WritableIndex(ArchiveIndex, Protocol):
    """An index `newslint index` can update."""

    def update(self, reader: Reader, root: Path, files: list[str]) -> IndexStats:
        """Add new and changed articles among `files` (under `root`), drop vanished ones.
        Raises ArchiveError (or sqlite3.Error) when the store cannot be written."""
        ...


def is_url(location: str) -> bool:
    """Whether `location` names a PostgreSQL database rather than an SQLite file."""
    return location.lower().startswith(SCHEMES)


def shown(location: str) -> str:
    """`location` as messages show it: a URL's password (in its user part or a
    `password=` parameter) replaced by `***`; a path as it is."""
    if not is_url(location):
        return location
    parts = urlsplit(location)
    users, at, hosts = parts.netloc.rpartition("@")
    netloc = f"{users.partition(':')[0]}:***@{hosts}" if at and ":" in users else parts.netloc
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == "password" for key, _ in query):
        masked = [(key, "***" if key == "password" else value) for key, value in query]
        query_text = urlencode(masked, safe="*/")
    else:
        query_text = parts.query
    # Put together by hand: urlunsplit drops the `//` of an empty host (a Unix socket).
    return (
        f"{parts.scheme}://{netloc}{parts.path}"
        + (f"?{query_text}" if query_text else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def open_index(location: str, create: bool = False) -> WritableIndex:
    """The index at `location`, to read (`check --against`: read-only) or, with `create`,
    to update (`newslint index`: made when absent). Raises ArchiveError naming it, with
    any password masked: the store cannot be opened, is not a newslint index, or is a
    PostgreSQL database and the `postgres` extra (psycopg) is not installed."""
    if not is_url(location):
        return Archive(Path(location), create=create)
    try:
        from newslint.store.pgarchive import PgArchive
    except ImportError as exc:
        raise ArchiveError(
            f"{shown(location)}: a PostgreSQL index needs psycopg ({exc}); install it with {EXTRA}"
        ) from None
    return PgArchive(location, shown(location), create=create)
