"""A persistent paragraph index of a published archive, in SQLite.

`newslint index ARCHIVE_DIR --index PATH` stores every paragraph of every article: its
normalised words, a hash of them for exact lookup, and its MinHash LSH band keys for near
lookup (lint/minhash.py). Re-indexing is incremental: an article whose bytes are unchanged
is skipped, a changed one is replaced, and one gone from ARCHIVE_DIR is dropped.

`newslint check --against PATH` hands the index to corpus rules that define
`against(collected, archive)`. A lookup reads only the rows that share an exact hash or a
band key, through SQLite indexes, so it costs about the same whatever the archive's size.

The rows an article becomes (`rows`) and the errors and stats are shared with the
PostgreSQL index (`newslint.store.pgarchive`), so both stores hold the same paragraphs.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from newslint.document import Block, Document
from newslint.engine.archive import Hit, IndexFailed
from newslint.formats import SourceError
from newslint.formats.exported import file_span
from newslint.formats.source import read_bytes
from newslint.store.minhash import band_keys, tokens

# Reads a file's bytes as its documents (`newslint.formats.read` with the file's settings);
# raises SourceError when they are not text.
Reader = Callable[[str, bytes], list[Document]]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY, article INTEGER NOT NULL, start INTEGER NOT NULL,
    end INTEGER NOT NULL, words TEXT NOT NULL, exact INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, paragraph INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS paragraphs_exact ON paragraphs (exact);
CREATE INDEX IF NOT EXISTS paragraphs_article ON paragraphs (article);
CREATE INDEX IF NOT EXISTS bands_key ON bands (key);
CREATE INDEX IF NOT EXISTS bands_paragraph ON bands (paragraph);
"""
# `PRAGMA application_id` of a newslint archive index ("NSLI"), and its schema version.
APPLICATION_ID = 0x4E534C49
SCHEMA_VERSION = 1
_COLUMNS = {
    "articles": {"id", "path", "digest"},
    "paragraphs": {"id", "article", "start", "end", "words", "exact"},
    "bands": {"key", "paragraph"},
}
# The indexes an index may hold (one built before some existed lacks them): with the three
# tables, nothing else. A trigger, a view, a virtual table or another table is foreign.
_INDEXES = {
    "sqlite_autoindex_articles_1",
    "paragraphs_exact",
    "paragraphs_article",
    "bands_key",
    "bands_paragraph",
}
_HEADER = b"SQLite format 3\x00"
# Paragraphs shorter than this are never stored: datelines, bylines, "Reuters".
MIN_WORDS = 5
# Band keys shared by more stored paragraphs than this are stock phrasing, not evidence.
_MAX_CANDIDATES = 40


class ArchiveError(IndexFailed):
    """An index that does not exist, cannot be opened or written, or is not a newslint
    index; the message names the file (or the database, its password masked)."""


@dataclass(frozen=True, slots=True)
class IndexStats:
    """What an update did: articles added or replaced, unchanged (same bytes), removed
    (gone from the folder), and one message per file that could not be read."""

    added: int
    unchanged: int
    removed: int
    errors: tuple[str, ...]


def unstorable(path: str) -> str | None:
    """Why an index cannot hold the file at `path`, or None: a name that is not UTF-8
    (Python holds its bytes as lone surrogates, which neither SQLite's nor PostgreSQL's
    text takes). The message names the file with those bytes as `\\xff` escapes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        name = os.fsencode(path).decode("utf-8", "backslashreplace")
        return f"{name}: the file's name is not UTF-8, so the index cannot store it; rename it"
    return None


def within(stored: str, folder: str) -> bool:
    """Whether the stored path `stored` is inside `folder` (stored the same way), so that
    an update of `folder` may drop it when it is gone. The folder `.` holds neither paths
    that climb out of it (`../published/a.txt`) nor absolute ones (another drive)."""
    if folder == ".":
        climbs = stored == os.pardir or stored.startswith(os.pardir + os.sep)
        return not climbs and not os.path.isabs(stored)
    return stored.startswith(folder.rstrip(os.sep) + os.sep)


def word_hash(words: str) -> int:
    """A signed 64-bit hash of the words, for SQLite's INTEGER and PostgreSQL's bigint."""
    digest = hashlib.blake2b(words.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _in_file(document: Document, raw: bytes, start: int, end: int) -> tuple[int, int]:
    """[start, end) of a JSON export document's field text as offsets of the export file,
    read as the reports read it (UTF-8, else one character per byte); the start of the
    file when the field cannot be found there."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    found = file_span(text, document.text, document.article or "", document.field, start, end)
    return found if found is not None else (0, 0)


def signed(key: int) -> int:
    """An unsigned 64-bit band key as the signed integer both databases store."""
    return key - (1 << 64) if key >= 1 << 63 else key


@dataclass(frozen=True, slots=True)
class Row:
    """A paragraph as stored: [start, end) in the file's text, its normalised words, their
    signed 64-bit hash, and its signed 64-bit LSH band keys."""

    start: int
    end: int
    words: str
    exact: int
    bands: tuple[int, ...]


def rows(documents: Sequence[Document], raw: bytes) -> list[Row]:
    """The paragraphs of a file's documents worth storing (`MIN_WORDS` or longer), in
    order. A JSON export's paragraph is placed in the export file (`raw`): offsets into its
    field's decoded text mean nothing there, and "published here" names the file."""
    found = []
    for document in documents:
        for block in document.blocks:
            row = _row(block, document, raw)
            if row is not None:
                found.append(row)
    return found


def _row(block: Block, document: Document, raw: bytes) -> Row | None:
    words = tokens(document.view[block.start : block.end])
    if len(words) < MIN_WORDS:
        return None
    start, end = block.start, block.end
    if document.article is not None:
        start, end = _in_file(document, raw, start, end)
    text = " ".join(words)
    return Row(start, end, text, word_hash(text), tuple(signed(key) for key in band_keys(words)))


class Sweep:
    """One pass of an incremental update over an archive's files, for either store: which
    stored paths it saw, how many were unchanged, and the files it could not read."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.unchanged = 0
        self.errors: list[str] = []

    def changed(
        self,
        files: Iterable[str],
        stored_as: Callable[[str], str],
        known: Mapping[str, str],
        reader: Reader,
    ) -> Iterator[tuple[str, str, bytes, list[Document]]]:
        """(stored path, digest, bytes, documents) of each file whose bytes are not the ones
        `known` (stored path -> SHA-256 digest) holds. A file is read as linting reads it: a
        named pipe or a device is refused, not read (opening a FIFO waited for a writer
        forever; /dev/zero never ends); a name no store can hold is an error too."""
        for path in files:
            stored = stored_as(path)
            self.seen.add(stored)
            refused = unstorable(path) or unstorable(stored)
            if refused is not None:
                self.errors.append(refused)
                continue
            try:
                raw = read_bytes(path)
            except SourceError as exc:
                self.errors.append(f"{path}: {exc}")
                continue
            digest = hashlib.sha256(raw).hexdigest()
            if known.get(stored) == digest:
                self.unchanged += 1
                continue
            try:
                documents = reader(path, raw)
            except SourceError as exc:
                self.errors.append(f"{path}: {exc}")
                continue
            yield stored, digest, raw, documents


class Archive:
    """A paragraph index. `Archive(path)` opens an existing index read-only (SQLite's
    `mode=ro`: nothing is ever written into it) for `check --against`; `create=True` opens
    or creates one to update (`newslint index`). Either way a file that is not a newslint
    index (another application's database, a text file) is refused with ArchiveError
    naming the file, and left as it was."""

    def __init__(self, path: Path, create: bool = False) -> None:
        self.path = path
        # Articles are stored by their path from the index's folder, and shown by their
        # path from the working folder: `check --against` run from another folder still
        # names (and the report still opens) the archive's files.
        self.base = os.path.dirname(os.path.abspath(path))
        if not create and not path.is_file():
            raise ArchiveError(f"{path}: no such index; build it with `newslint index`")
        if not create:
            self._check_header()
        try:
            if create:
                self.db = sqlite3.connect(path)
            else:
                self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise ArchiveError(f"{path}: cannot open the index: {exc}") from None
        try:
            self.db.execute("PRAGMA trusted_schema=OFF")  # a planted schema calls nothing
            self._check(create)
        except sqlite3.Error as exc:
            self.db.close()
            raise ArchiveError(f"{path}: not a newslint index ({exc})") from None
        except ArchiveError:
            self.db.close()
            raise

    def _check_header(self) -> None:
        """Refuse, before SQLite opens it, a file that is not SQLite or is in WAL mode: an
        index is never in WAL mode, and reading one would create `-wal` and `-shm` files
        beside it, or read a planted `-wal` file's pages."""
        try:
            with open(self.path, "rb") as handle:
                header = handle.read(100)
        except OSError as exc:
            raise ArchiveError(f"{self.path}: cannot read the index: {exc.strerror}") from None
        if not header.startswith(_HEADER) or len(header) < 100:
            raise ArchiveError(f"{self.path}: not a newslint index (not an SQLite database)")
        if header[18] != 1 or header[19] != 1:
            raise ArchiveError(
                f"{self.path}: not a newslint index (a database in WAL mode); it was not opened"
            )

    def _foreign(self, objects: set[tuple[str, str, str]]) -> bool:
        """Whether the schema holds anything but the three tables (real ones, not virtual
        tables) and the known indexes."""
        for kind, name, sql in objects:
            if kind == "table" and name in _COLUMNS and sql.upper().startswith("CREATE TABLE"):
                continue
            if kind == "index" and name in _INDEXES:
                continue
            return True
        return False

    def _check(self, create: bool) -> None:
        """Refuse a database that is not an index; with `create`, make a new, empty file
        one."""
        app = self.db.execute("PRAGMA application_id").fetchone()[0]
        tables = {
            name: {
                col for (col,) in self.db.execute("SELECT name FROM pragma_table_info(?)", (name,))
            }
            for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        objects = set(self.db.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master"))
        if objects and (self._foreign(objects) or tables != _COLUMNS):
            raise ArchiveError(
                f"{self.path}: not a newslint index (it holds other tables, views or "
                "triggers, or other columns); it was not changed"
            )
        if app == APPLICATION_ID and tables == _COLUMNS:
            return
        if not tables and app == 0 and create:  # a new file: make it an index
            with self.db:
                self.db.executescript(_SCHEMA)
                self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            return
        # An index built before indexes were marked: the same tables and columns, nothing else.
        if app == 0 and tables == _COLUMNS:
            if create:
                self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            return
        raise ArchiveError(
            f"{self.path}: not a newslint index (build one with `newslint index`); "
            "it was not changed"
        )

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def exact(self, words: str) -> list[Hit]:
        """Stored paragraphs whose normalised words are exactly `words`, by path and start."""
        rows = self.db.execute(
            "SELECT a.path, p.start, p.end, p.words FROM paragraphs p "
            "JOIN articles a ON a.id = p.article WHERE p.exact = ? ORDER BY a.path, p.start, p.id",
            (word_hash(words),),
        )
        return [self._hit(*row) for row in rows if row[3] == words]

    def candidates(self, keys: Sequence[int]) -> list[Hit]:
        """Stored paragraphs that share a band key with these, at most a bucket's worth
        from each key."""
        ids: set[int] = set()
        for key in keys:
            rows = self.db.execute(
                "SELECT paragraph FROM bands WHERE key = ? LIMIT ?",
                (signed(key), _MAX_CANDIDATES + 1),
            ).fetchall()
            if len(rows) <= _MAX_CANDIDATES:
                ids.update(row[0] for row in rows)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            "SELECT a.path, p.start, p.end, p.words FROM paragraphs p JOIN articles a "
            f"ON a.id = p.article WHERE p.id IN ({marks}) ORDER BY a.path, p.start, p.id",
            sorted(ids),
        )
        return [self._hit(*row) for row in rows]

    def _stored(self, path: str) -> str:
        """`path` (from the working folder) as stored: from the index's folder."""
        try:
            return os.path.relpath(os.path.abspath(path), self.base)
        except ValueError:  # another drive
            return os.path.abspath(path)

    def _hit(self, stored: str, start: int, end: int, words: str) -> Hit:
        full = os.path.join(self.base, stored)
        try:
            shown = os.path.relpath(full)
        except ValueError:  # another drive
            shown = full
        return Hit(shown, start, end, words)

    def update(self, reader: Reader, root: Path, files: Iterable[str]) -> IndexStats:
        """Index these files of `root`: add new and changed articles, drop vanished ones.

        Each file is read with `reader`, the same path from bytes to documents that linting
        takes, so every document of a JSON export is indexed by its paragraphs. Problems
        with single files are in the stats' `errors`; raises sqlite3.Error on a store that
        cannot be written."""
        known = dict(self.db.execute("SELECT path, digest FROM articles"))
        sweep = Sweep()
        added = 0
        with self.db:
            for stored, digest, raw, documents in sweep.changed(files, self._stored, known, reader):
                self._forget(stored)
                article = self.db.execute(
                    "INSERT INTO articles (path, digest) VALUES (?, ?)", (stored, digest)
                ).lastrowid
                for row in rows(documents, raw):
                    self._add(article, row)
                added += 1
            folder = self._stored(str(root))
            gone = [p for p in known if within(p, folder) and p not in sweep.seen]
            for path in gone:
                self._forget(path)
        return IndexStats(added, sweep.unchanged, len(gone), tuple(sweep.errors))

    def _add(self, article: int | None, row: Row) -> None:
        paragraph = self.db.execute(
            "INSERT INTO paragraphs (article, start, end, words, exact) VALUES (?, ?, ?, ?, ?)",
            (article, row.start, row.end, row.words, row.exact),
        ).lastrowid
        self.db.executemany(
            "INSERT INTO bands (key, paragraph) VALUES (?, ?)",
            [(key, paragraph) for key in row.bands],
        )

    def _forget(self, path: str) -> None:
        row = self.db.execute("SELECT id FROM articles WHERE path = ?", (path,)).fetchone()
        if row is None:
            return
        ids = [r[0] for r in self.db.execute("SELECT id FROM paragraphs WHERE article = ?", row)]
        self.db.executemany("DELETE FROM bands WHERE paragraph = ?", [(i,) for i in ids])
        self.db.execute("DELETE FROM paragraphs WHERE article = ?", row)
        self.db.execute("DELETE FROM articles WHERE id = ?", row)
