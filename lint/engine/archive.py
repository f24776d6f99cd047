"""What corpus rules and the engine see of a published archive's paragraph index.

`newslint check --against INDEX` hands the run's corpus rules an `ArchiveIndex`: the SQLite
file of `newslint.store.archive` or the PostgreSQL database of `newslint.store.pgarchive`.
Both answer the same two questions, so rules never know (or import) which one it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol


class IndexFailed(Exception):
    """An archive index that cannot be opened or read, such as a database server lost
    midway through a check: the run fails (exit 2), never passes on what it read. The
    message names the index (a URL's password masked)."""


class Hit(NamedTuple):
    """A stored paragraph: where it was published (a path from the working folder, and
    [start, end) character offsets into that file's text) and its normalised words.
    (A named tuple: a plain record, and a fraction of a dataclass's cost at every start.)"""

    path: str
    start: int
    end: int
    words: str


class ArchiveIndex(Protocol):
    """A read-only view of an archive index. Hits come sorted by path (as bytes), then by
    start; both stores give the same hits for the same archive."""

    def exact(self, words: str) -> list[Hit]:
        """Stored paragraphs whose normalised words are exactly `words` (words joined by
        single spaces, as `newslint.store.minhash.tokens` makes them). Either lookup
        raises IndexFailed when the store fails."""
        ...

    def candidates(self, keys: Sequence[int]) -> list[Hit]:
        """Stored paragraphs sharing one of these unsigned 64-bit LSH band keys
        (`newslint.store.minhash.band_keys`), at most a bucket's worth from each key."""
        ...

    def close(self) -> None:
        """Release the file or the connection."""
        ...
