"""Where an archive index lives: an SQLite file (a path, the default) or a PostgreSQL
database (a `postgresql://` or `postgres://` URL). The one choice `newslint index --index`
and `check --against` both make.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from newslint.engine.archive import ArchiveIndex
from newslint.store.archive import Archive, ArchiveError, IndexStats, Reader
from newslint.store.urls import is_url, shown

EXTRA = "pip install 'newslint[postgres]'"
__all__ = ["EXTRA", "WritableIndex", "is_url", "open_index", "shown"]


class WritableIndex(ArchiveIndex, Protocol):
    """An index `newslint index` can update."""

    def update(self, reader: Reader, root: Path, files: list[str]) -> IndexStats:
        """Add new and changed articles among `files` (under `root`), drop vanished ones.
        Raises ArchiveError (or sqlite3.Error) when the store cannot be written."""
        ...


def open_index(location: str, create: bool = False) -> WritableIndex:
    """The index at `location`, to read (`check --against`: read-only) or, with `create`,
    to update (`newslint index`: made when absent). Raises ArchiveError naming it, with
    any password masked: the store cannot be opened, is not a newslint index, or is a
    PostgreSQL database and the `postgres` extra (psycopg) is not installed."""
    if not is_url(location):
        return Archive(Path(location), create=create)
    # libpq reads only a lower-case scheme, and its complaint about another would quote
    # the whole URL, password and all.
    scheme, _, rest = location.partition("://")
    location = f"{scheme.lower()}://{rest}"
    try:
        from newslint.store.pgarchive import PgArchive
    except ImportError as exc:
        raise ArchiveError(
            f"{shown(location)}: a PostgreSQL index needs psycopg ({exc}); install it with {EXTRA}"
        ) from None
    return PgArchive(location, shown(location), create=create)
