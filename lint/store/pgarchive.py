"""The archive's paragraph index in PostgreSQL, for many writers and readers at once.

`newslint index ARCHIVE --index postgresql://...` and `check --against postgresql://...`
(see `newslint.store.location.open_index`). The index holds what the SQLite index holds
(`newslint.store.archive.rows`: each paragraph's words, their hash, its LSH band keys), in
four tables of the connection's current schema (the first of its `search_path`):
`newslint_meta` (the marker), `newslint_articles`, `newslint_paragraphs`, `newslint_bands`.

What concurrent use guarantees:
- Each article is replaced in a transaction of its own, keyed by its path (a unique
  constraint): `INSERT ... ON CONFLICT (path) DO UPDATE` locks the article's row, so two
  writers indexing the same article take turns, and the second, finding the bytes it read
  already stored, leaves them. One article per transaction means no writer ever waits for
  another while holding a lock the other needs: no deadlocks, whatever folders overlap.
- A reader (`check --against`) runs in one read-only REPEATABLE READ transaction: it sees
  the index as it was at its first query, each article either wholly before or wholly
  after a concurrent writer's change, never half-written.
- The first writer to meet an empty schema creates the tables under a transaction-level
  advisory lock; writers that arrive meanwhile wait for it and find the index made.

The database is trusted no more than an SQLite file a repository carries: a schema holding
anything but these tables (other tables, views, functions, types, triggers, rules,
policies, column defaults, check constraints, index expressions, collations, tables of
other schemas inheriting from or keyed to these) or lacking the marker is refused, and
nothing is written into it. psycopg is imported here only, and this module only when
a PostgreSQL index is named, so the default install and start-up never need it.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import psycopg
from psycopg import sql

from newslint.engine.archive import Hit
from newslint.store.archive import (
    ArchiveError,
    IndexStats,
    Reader,
    Row,
    Sweep,
    rows,
    signed,
    within,
    word_hash,
)
from newslint.store.urls import mask

# The marker row of `newslint_meta`, and the schema's version.
APPLICATION = "newslint archive index"
SCHEMA_VERSION = "1"
# Band keys shared by more stored paragraphs than this are stock phrasing (as in SQLite).
_MAX_CANDIDATES = 40
# pg_advisory_xact_lock key for creating the tables: "NSLI" as the SQLite index's mark.
_CREATE_LOCK = 0x4E534C49

_TABLES = {
    "newslint_meta": {"key": "text", "value": "text"},
    "newslint_articles": {"id": "bigint", "path": "text", "digest": "text"},
    "newslint_paragraphs": {
        "id": "bigint",
        "article": "bigint",
        "start": "integer",
        "end": "integer",
        "words": "text",
        "exact": "bigint",
    },
    "newslint_bands": {"key": "bigint", "paragraph": "bigint"},
}
_INDEXES = {
    "newslint_meta_pkey",
    "newslint_articles_pkey",
    "newslint_articles_path_key",
    "newslint_paragraphs_pkey",
    "newslint_paragraphs_exact",
    "newslint_paragraphs_article",
    "newslint_bands_key",
    "newslint_bands_paragraph",
}
_SEQUENCES = {"newslint_articles_id_seq", "newslint_paragraphs_id_seq"}
_SCHEMA = """
CREATE TABLE {s}.newslint_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE {s}.newslint_articles (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path text UNIQUE NOT NULL, digest text NOT NULL);
CREATE TABLE {s}.newslint_paragraphs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article bigint NOT NULL REFERENCES {s}.newslint_articles ON DELETE CASCADE,
    start integer NOT NULL, "end" integer NOT NULL, words text NOT NULL, exact bigint NOT NULL);
CREATE TABLE {s}.newslint_bands (
    key bigint NOT NULL,
    paragraph bigint NOT NULL REFERENCES {s}.newslint_paragraphs ON DELETE CASCADE);
CREATE INDEX newslint_paragraphs_exact ON {s}.newslint_paragraphs (exact);
CREATE INDEX newslint_paragraphs_article ON {s}.newslint_paragraphs (article);
CREATE INDEX newslint_bands_key ON {s}.newslint_bands (key);
CREATE INDEX newslint_bands_paragraph ON {s}.newslint_bands (paragraph);
"""


class PgArchive:
    """A paragraph index in a PostgreSQL database. `PgArchive(url, name)` opens an existing
    index to read, in one read-only transaction, for `check --against`; `create=True`
    opens or creates one to update (`newslint index`). `name` is how messages show the
    database (the URL with its password masked). Raises ArchiveError when the server cannot
    be reached or the schema is not a newslint index (it is then left as it was)."""

    def __init__(self, url: str, name: str, create: bool = False) -> None:
        self.name = name
        self._url = url
        # Whether a reader's snapshot transaction has begun (see `_reading`).
        self._snapshot = True
        try:
            self.db = psycopg.connect(url, **_defaults(url))
            # A writer commits article by article; a reader keeps one transaction open.
            self.db.autocommit = create
            if create:
                # Whatever the database's default: in a REPEATABLE READ or SERIALIZABLE
                # transaction, concurrent writers fail on each other's articles, and one
                # that waited for the tables to be made still sees none.
                self.db.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
        except psycopg.Error as exc:
            raise ArchiveError(f"{name}: cannot connect: {self._said(exc)}") from None
        try:
            if not create:
                # One snapshot for the whole check; nothing it runs can write.
                self.db.read_only = True
                self.db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            self._open(create)
        except psycopg.Error as exc:
            self.db.close()
            raise ArchiveError(f"{name}: not a usable newslint index: {self._said(exc)}") from None
        except ArchiveError:
            self.db.close()
            raise

    def _said(self, exc: psycopg.Error) -> str:
        """The server's or libpq's message, on one line, with the password masked: libpq
        quotes the part of a URL it cannot parse, which may be the password."""
        return mask(" ".join(str(exc).split()), self._url)

    def _open(self, create: bool) -> None:
        schema, encoding = self.db.execute(
            "SELECT pg_catalog.current_schema(), pg_catalog.getdatabaseencoding()"
        ).fetchone() or (None, None)
        if encoding != "UTF8":
            # Paths and words are any Unicode; another encoding would refuse some of
            # them midway through an update.
            raise ArchiveError(
                f"{self.name}: the database's encoding is {encoding}, and an index needs "
                "UTF8 (CREATE DATABASE ... ENCODING 'UTF8')"
            )
        if schema is None:
            raise ArchiveError(
                f"{self.name}: no schema to use (the search_path names none that exists; "
                "create it first)"
            )
        self.schema = schema
        if self.schema.startswith("pg_"):
            # PostgreSQL's own (pg_catalog, pg_toast) or a session's temporary schema
            # (search_path=pg_temp), whose tables would vanish when newslint disconnects.
            raise ArchiveError(
                f"{self.name}: schema {self.schema} is PostgreSQL's own or a temporary one; "
                "name a schema of your own in the search_path"
            )
        # The schema as an SQL identifier: `ident` where it is a value (a regnamespace or
        # regclass to look up), `s` where it is part of a query's text. Every query that
        # holds `s` is run with parameters (if only `()`), and psycopg then reads `%%` as
        # `%`: a `%` of the name is doubled, or `a%%b` would be read as `a%b`, another
        # schema, never checked.
        self.ident = sql.Identifier(self.schema).as_string(self.db)
        self.s = self.ident.replace("%", "%%")
        # Every table newslint names is qualified with the schema; the functions and
        # operators it calls must be PostgreSQL's own, not ones a database's default
        # search_path could put ahead of them.
        self.db.execute("SET search_path TO pg_catalog, pg_temp")
        if not create:
            self._check(allow_empty=False)
            # Checked early, so a bad index fails the run before any linting; but no
            # transaction stays open while the files are linted (a server's
            # idle_in_transaction_session_timeout would end the connection): the
            # snapshot's transaction begins with the first lookup, checking again.
            self.db.commit()  # keeps the search_path set above
            self._snapshot = False
            return
        with self.db.transaction():
            if self._check(allow_empty=True):
                return
            # Empty: make it an index, one writer at a time; the lock ends with the
            # transaction, and a writer that waited finds the tables made.
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_CREATE_LOCK,))
            if self._check(allow_empty=True):
                return
            try:
                for statement in _SCHEMA.format(s=self.s).split(";"):
                    if statement.strip():
                        self.db.execute(statement, ())
                self.db.execute(
                    f"INSERT INTO {self.s}.newslint_meta VALUES "
                    "('application', %s), ('schema_version', %s)",
                    (APPLICATION, SCHEMA_VERSION),
                )
            except psycopg.Error as exc:
                # Most often a role that may not create tables in the schema (since
                # PostgreSQL 15, only the database's owner may in `public`).
                raise ArchiveError(
                    f"{self.name}: cannot make the index in schema {self.schema}: {self._said(exc)}"
                ) from None

    def _check(self, allow_empty: bool) -> bool:
        """Whether the schema is a newslint index (True) or empty and `allow_empty`
        (False); raises ArchiveError for anything else."""
        objects = self._objects()
        if not objects and allow_empty:
            return False
        if not objects:
            raise ArchiveError(
                f"{self.name}: not a newslint index (schema {self.schema} is empty); "
                "build one with `newslint index`"
            )
        problem = self._foreign(objects)
        if problem is None:
            marks = dict(self.db.execute(f"SELECT key, value FROM {self.s}.newslint_meta", ()))
            if marks.get("application") != APPLICATION:
                problem = "it lacks newslint's marker"
            elif marks.get("schema_version") != SCHEMA_VERSION:
                problem = f"schema version {marks.get('schema_version')}, not {SCHEMA_VERSION}"
        else:
            # Another version's index has other tables or columns: say so, rather than
            # "other columns", when its marker can be read without running anything.
            version = self._other_version(objects)
            if version is not None:
                problem = (
                    f"an index of schema version {version}, made by another version of "
                    f"newslint; this one reads version {SCHEMA_VERSION}"
                )
        if problem is not None:
            raise ArchiveError(
                f"{self.name}: not a newslint index (schema {self.schema}: {problem}); "
                "it was not changed"
            )
        return True

    def _other_version(self, objects: set[tuple[str, str]]) -> str | None:
        """The schema version newslint's marker records when it is not this one's, read
        only from a plain `newslint_meta` of two text columns, without row security (a
        policy's function would run) and not reading child tables (`ONLY`); else None."""
        if ("r", "newslint_meta") not in objects:
            return None
        meta = f"{self.ident}.newslint_meta"
        (plain,) = self.db.execute(
            "SELECT NOT relrowsecurity AND (SELECT array_agg(attname::text || ' ' || "
            "format_type(atttypid, atttypmod) ORDER BY attnum) FROM pg_attribute "
            "WHERE attrelid = %(m)s::regclass AND attnum > 0 AND NOT attisdropped) "
            "= ARRAY['key text', 'value text'] FROM pg_class WHERE oid = %(m)s::regclass",
            {"m": meta},
        ).fetchone() or (False,)
        if not plain:
            return None
        marks = dict(self.db.execute(f"SELECT key, value FROM ONLY {self.s}.newslint_meta", ()))
        version = marks.get("schema_version")
        if marks.get("application") != APPLICATION or version in (None, SCHEMA_VERSION):
            return None
        return version

    def _objects(self) -> set[tuple[str, str]]:
        """Everything in the schema that could hold data, run code or belong to another
        application: relations by kind, functions, operators, and types (but the row
        types of its tables and their arrays), collations, conversions, text search
        configurations and dictionaries."""
        return set(
            self.db.execute(
                "SELECT relkind::text, relname::text FROM pg_class "
                "WHERE relnamespace = %(s)s::regnamespace "
                "UNION ALL SELECT 'function', proname::text FROM pg_proc "
                "WHERE pronamespace = %(s)s::regnamespace "
                "UNION ALL SELECT 'operator', oprname::text FROM pg_operator "
                "WHERE oprnamespace = %(s)s::regnamespace "
                "UNION ALL SELECT 'type', t.typname::text FROM pg_type t "
                "WHERE t.typnamespace = %(s)s::regnamespace AND t.typrelid = 0 AND NOT EXISTS "
                "(SELECT FROM pg_type e WHERE e.oid = t.typelem AND e.typrelid <> 0) "
                "UNION ALL SELECT 'collation', collname::text FROM pg_collation "
                "WHERE collnamespace = %(s)s::regnamespace "
                "UNION ALL SELECT 'conversion', conname::text FROM pg_conversion "
                "WHERE connamespace = %(s)s::regnamespace "
                "UNION ALL SELECT 'text search', cfgname::text FROM pg_ts_config "
                "WHERE cfgnamespace = %(s)s::regnamespace "
                "UNION ALL SELECT 'text search', dictname::text FROM pg_ts_dict "
                "WHERE dictnamespace = %(s)s::regnamespace",
                {"s": self.ident},
            )
        )

    def _foreign(self, objects: set[tuple[str, str]]) -> str | None:
        """What makes the schema something other than an index, or None."""
        expected = (
            {("r", t) for t in _TABLES}
            | {("i", i) for i in _INDEXES}
            | {("S", q) for q in _SEQUENCES}
        )
        if objects != expected:
            extra = sorted(name for _, name in objects - expected)
            return f"it holds {', '.join(extra[:3])}" if extra else "tables or indexes are missing"
        tables = [f"{self.ident}.{t}" for t in sorted(_TABLES)]
        columns: dict[str, dict[str, str]] = {}
        for table, column, kind in self.db.execute(
            "SELECT attrelid::regclass::text, attname::text, format_type(atttypid, atttypmod) "
            "FROM pg_attribute WHERE attrelid = ANY(%s::regclass[]) AND attnum > 0 "
            "AND NOT attisdropped",
            (tables,),
        ):
            columns.setdefault(table.rpartition(".")[2], {})[column] = kind
        if columns != _TABLES:
            return "other columns"
        # Code that could run on a read or a write: triggers, rules, row security, column
        # defaults, check constraints, index expressions or predicates; a collation
        # other than the default (a case-blind one makes two articles' paths one); tables of
        # other schemas tied to these, whose triggers a write would fire: a child table
        # (a DELETE reaches its rows too) or a foreign key to or from one (a cascade).
        (code,) = self.db.execute(
            "SELECT (SELECT count(*) FROM pg_trigger WHERE tgrelid = ANY(%(t)s::regclass[]) "
            "AND NOT tgisinternal) + (SELECT count(*) FROM pg_rewrite "
            "WHERE ev_class = ANY(%(t)s::regclass[])) + (SELECT count(*) FROM pg_class "
            "WHERE oid = ANY(%(t)s::regclass[]) AND (relrowsecurity OR relhasrules)) "
            "+ (SELECT count(*) FROM pg_attrdef WHERE adrelid = ANY(%(t)s::regclass[])) "
            "+ (SELECT count(*) FROM pg_constraint WHERE (conrelid = ANY(%(t)s::regclass[]) "
            "OR confrelid = ANY(%(t)s::regclass[])) AND (contype NOT IN ('p', 'u', 'f', 'n') "
            "OR NOT conrelid = ANY(%(t)s::regclass[]) "
            "OR (contype = 'f' AND NOT confrelid = ANY(%(t)s::regclass[])))) "
            "+ (SELECT count(*) FROM pg_inherits WHERE inhrelid = ANY(%(t)s::regclass[]) "
            "OR inhparent = ANY(%(t)s::regclass[])) + (SELECT count(*) FROM pg_index "
            "WHERE indrelid = ANY(%(t)s::regclass[]) "
            "AND (indexprs IS NOT NULL OR indpred IS NOT NULL "
            "OR NOT indcollation::oid[] <@ '{0,100}'::oid[])) "
            "+ (SELECT count(*) FROM pg_attribute WHERE attrelid = ANY(%(t)s::regclass[]) "
            "AND attcollation NOT IN (0, 100))",
            {"t": tables},
        ).fetchone() or (0,)
        if code:
            return (
                "triggers, rules, policies, defaults, constraints, "
                "or tables of other schemas tied to its own"
            )
        return None

    def close(self) -> None:
        """End the reading transaction (nothing to commit) and close the connection."""
        self.db.close()

    def exact(self, words: str) -> list[Hit]:
        """Stored paragraphs whose normalised words are exactly `words`, by path and start.
        Raises ArchiveError when the server fails (the check then fails, never passes)."""
        with self._reading():
            return self._exact(words)

    def candidates(self, keys: Sequence[int]) -> list[Hit]:
        """Stored paragraphs that share a band key with these, at most a bucket's worth
        from each key; one round trip for the keys, one for the paragraphs. Raises
        ArchiveError when the server fails."""
        with self._reading():
            return self._candidates(keys)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            if not self._snapshot:
                # The first lookup: the one transaction every lookup reads, and the index
                # checked again in it (it may have changed since it was opened).
                self._check(allow_empty=False)
                self._snapshot = True
            yield
        except psycopg.Error as exc:
            raise ArchiveError(f"{self.name}: cannot read the index: {self._said(exc)}") from None

    def _exact(self, words: str) -> list[Hit]:
        found = self.db.execute(
            f'SELECT a.path, p.start, p."end", p.words FROM {self.s}.newslint_paragraphs p '
            f"JOIN {self.s}.newslint_articles a ON a.id = p.article WHERE p.exact = %s "
            'ORDER BY a.path COLLATE "C", p.start, p.id',
            (word_hash(words),),
        )
        return [Hit(*row) for row in found if row[3] == words]

    def _candidates(self, keys: Sequence[int]) -> list[Hit]:
        wanted = sorted({signed(key) for key in keys})
        pairs = self.db.execute(
            f"SELECT k.key, b.paragraph FROM unnest(%s::bigint[]) AS k(key) "
            f"CROSS JOIN LATERAL (SELECT paragraph FROM {self.s}.newslint_bands "
            "WHERE newslint_bands.key = k.key LIMIT %s) b",
            (wanted, _MAX_CANDIDATES + 1),
        ).fetchall()
        sizes = Counter(key for key, _ in pairs)
        ids = sorted({p for key, p in pairs if sizes[key] <= _MAX_CANDIDATES})
        if not ids:
            return []
        found = self.db.execute(
            f'SELECT a.path, p.start, p."end", p.words FROM {self.s}.newslint_paragraphs p '
            f"JOIN {self.s}.newslint_articles a ON a.id = p.article WHERE p.id = ANY(%s) "
            'ORDER BY a.path COLLATE "C", p.start, p.id',
            (ids,),
        )
        return [Hit(*row) for row in found]

    def update(self, reader: Reader, root: Path, files: Iterable[str]) -> IndexStats:
        """Index these files of `root`: add new and changed articles, drop vanished ones,
        each in a transaction of its own (see the module's notes on concurrency). Paths
        are stored from the working folder, as baselines store them: index and check from
        the same folder (a repository's root). Raises ArchiveError when the database
        cannot be written; problems with single files are in the stats' `errors`."""
        try:
            return self._update(reader, root, files)
        except psycopg.Error as exc:
            raise ArchiveError(f"{self.name}: cannot update the index: {self._said(exc)}") from None

    def _update(self, reader: Reader, root: Path, files: Iterable[str]) -> IndexStats:
        with self.db.transaction():
            known = dict(
                self.db.execute(f"SELECT path, digest FROM {self.s}.newslint_articles", ())
            )
        sweep = Sweep()
        added = 0
        for stored, digest, raw, documents in sweep.changed(files, _stored, known, reader):
            if self._replace(stored, digest, rows(documents, raw)):
                added += 1
            else:
                sweep.unchanged += 1
        folder = _stored(str(root))
        removed = 0
        for path, digest in sorted(known.items()):
            if within(path, folder) and path not in sweep.seen:
                with self.db.transaction():
                    # Only the row this run saw: one another writer has rewritten since is
                    # that writer's to keep.
                    gone = self.db.execute(
                        f"DELETE FROM {self.s}.newslint_articles WHERE path = %s AND digest = %s",
                        (path, digest),
                    )
                    removed += gone.rowcount
        return IndexStats(added, sweep.unchanged, removed, tuple(sweep.errors))

    def _replace(self, stored: str, digest: str, found: list[Row]) -> bool:
        """Store an article's paragraphs in place of its old ones; False when the same
        bytes are already stored (another writer got there first)."""
        with self.db.transaction(), self.db.cursor() as cur:
            row = cur.execute(
                f"INSERT INTO {self.s}.newslint_articles (path, digest) VALUES (%s, %s) "
                "ON CONFLICT (path) DO UPDATE SET digest = EXCLUDED.digest "
                "WHERE newslint_articles.digest <> EXCLUDED.digest RETURNING id",
                (stored, digest),
            ).fetchone()
            if row is None:
                return False
            (article,) = row
            # The bands go with their paragraphs (ON DELETE CASCADE).
            cur.execute(f"DELETE FROM {self.s}.newslint_paragraphs WHERE article = %s", (article,))
            if not found:
                return True
            cur.executemany(
                f'INSERT INTO {self.s}.newslint_paragraphs (article, start, "end", words, exact) '
                "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                [(article, r.start, r.end, r.words, r.exact) for r in found],
                returning=True,
            )
            ids = []
            while True:
                ids.append(cur.fetchone()[0])  # type: ignore[index]
                if not cur.nextset():
                    break
            # No parameters, so psycopg leaves the text as it is: the name unescaped.
            copying = f"COPY {self.ident}.newslint_bands (key, paragraph) FROM STDIN"
            with cur.copy(copying) as copy:
                for paragraph, r in zip(ids, found, strict=True):
                    for key in r.bands:
                        copy.write_row((key, paragraph))
        return True


def _stored(path: str) -> str:
    """`path` as stored: from the working folder."""
    try:
        return os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive
        return os.path.abspath(path)


def _defaults(url: str) -> dict[str, object]:
    """Connection options: UTF-8 always, and unless the URL (or the environment) sets them,
    a name the server's activity view shows and a bounded wait for an unreachable server."""
    given = psycopg.conninfo.conninfo_to_dict(url)
    # Always: newslint's text is Unicode, whatever the database or the role sets.
    extra: dict[str, object] = {"client_encoding": "UTF8"}
    if "application_name" not in given:
        extra["application_name"] = "newslint"
    if "connect_timeout" not in given and "PGCONNECT_TIMEOUT" not in os.environ:
        extra["connect_timeout"] = 10
    return extra
