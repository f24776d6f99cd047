"""A result cache, in the manner of ruff's: one file's findings, keyed by everything that
decides them, kept as data in SQLite.

The key of a file is an HMAC, under a secret of this user kept outside every checkout
(`secret_path()`: a private file under the user's cache folder), of its bytes, its path,
the encoding, the newslint version, the installed code of the engine and of every active
rule (file sizes and modification times, so an edited rule in a development checkout is a
miss), each active rule's identity and options, and the contents of phrase files.
Anything that changes a finding changes the key, so a hit returns exactly what linting
would. Everything but the secret can be known or reproduced by whoever commits files (the
same installed image, the same checkout path): without it a planted row could sit under the
very key a run looks up, its findings left out; with it, only this user's runs make rows a
run will use.

The store is one SQLite database, `results.sqlite` under the cache folder, with one row per
file (its absolute path): the key, the newslint version that wrote it, when it was last
used, and the result as JSON text (slim documents, diagnostics, corpus rules' summaries as
each rule dumps them; a document's text that is the whole file is not stored again, but
decoded from the bytes the key was made of). Reading it runs `json.loads` and builds
newslint's own value types field by field, checking every type and offset; nothing in the
file names a class or a function, so a cache committed by someone else can only be a
miss. A row that does not decode is a miss.

- A run reads one row per file it lints (an indexed lookup), and writes its new rows in
  one transaction at the end: what a run costs does not grow with what the store holds.
- Concurrent runs (two pre-commit hooks, a CI matrix on one checkout) are safe: the
  database is in WAL mode with a busy timeout, and each run's writes are one transaction.
- Stale rows are pruned a bounded batch at a time: each save looks at the
  `PRUNE_BATCH` rows checked longest ago and drops those whose file is gone, that an older
  newslint version wrote, or that no run used for `MAX_AGE` seconds.
- A store that cannot be opened, read or written (a read-only folder, a full disk, a
  corrupt or foreign file) is a warning in `warnings` and a cold run, never a failure; a
  corrupt or foreign file in the cache folder is replaced by a fresh store.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import re
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from newslint import __version__
from newslint.document import Block, Directive, Document
from newslint.engine.results import FileResult
from newslint.engine.rule import CorpusRule, Rule
from newslint.engine.tomlfile import read_config_file
from newslint.formats.source import SourceError, decode
from newslint.model import Diagnostic, Edit, Fix, Related, Severity

FILENAME = "results.sqlite"
# `PRAGMA application_id` of a newslint result cache ("NSLC"), and its schema version.
APPLICATION_ID = 0x4E534C43
SCHEMA_VERSION = 1
PRUNE_BATCH = 64  # rows checked for staleness per save
MAX_AGE = 30 * 24 * 3600  # seconds: a row no run used for this long is dropped
_VERSION = re.compile(r"\d+(?:\.\d+)+(?:[-+.]?\w+)*")
BUSY_TIMEOUT = 10.0  # seconds a run waits for another run's write to finish

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS results (path TEXT PRIMARY KEY, key TEXT NOT NULL, "
    "version TEXT NOT NULL, used REAL NOT NULL, checked REAL NOT NULL, value TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS results_checked ON results (checked)",
    f"PRAGMA application_id={APPLICATION_ID}",
    f"PRAGMA user_version={SCHEMA_VERSION}",
)


# Everything the schema holds: a store with a trigger, a view or another table is foreign.
_OBJECTS = {
    ("table", "results"),
    ("index", "sqlite_autoindex_results_1"),
    ("index", "results_checked"),
}


SECRET_SIZE = 32  # bytes of the key secret


def secret_path() -> Path:
    """Where this user's cache key secret is kept: `$XDG_CACHE_HOME/newslint/cache-key`, or
    `~/.cache/newslint/cache-key`. Never inside a checkout's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newslint" / "cache-key"


class _NoSecret(OSError):
    """The key secret cannot be read or made, or is not private to this user."""


def _read_secret(path: Path) -> bytes:
    """The secret in `path`, a regular file (not a link) of SECRET_SIZE bytes that only this
    user can read and write: git checks files out readable by all, so a secret committed into
    a repository (a home directory kept in git) is refused. Raises FileNotFoundError or
    _NoSecret."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NoSecret(f"{path} is not a regular file")
        if hasattr(os, "getuid") and (
            info.st_uid != os.getuid() or info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
        ):
            raise _NoSecret(f"{path} is not private to this user (owner only, mode 600)")
        secret = os.read(fd, SECRET_SIZE + 1)
    finally:
        os.close(fd)
    if len(secret) != SECRET_SIZE:
        raise _NoSecret(f"{path} does not hold a key of {SECRET_SIZE} bytes")
    return secret


def cache_secret() -> bytes:
    """This user's key secret, made (mode 600) by the first run that needs it. Two runs
    making it at once agree on one: each links a complete file into place, and the one
    that finds it there reads it. Raises _NoSecret."""
    path = secret_path()
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _NoSecret(str(exc) if isinstance(exc, _NoSecret) else f"{path}: {exc}") from None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".cache-key.{os.getpid()}.{os.urandom(6).hex()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, os.urandom(SECRET_SIZE))
        finally:
            os.close(fd)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another run made it first: use theirs
        finally:
            temporary.unlink(missing_ok=True)
        return _read_secret(path)
    except OSError as exc:
        raise _NoSecret(str(exc) if isinstance(exc, _NoSecret) else f"{path}: {exc}") from None


class _Foreign(sqlite3.DatabaseError):
    """A readable SQLite file that is not a result cache of this schema."""


class Undecodable(ValueError):
    """A stored value that is not what this version of newslint writes."""


def _tree_stamp(folder: Path) -> list[tuple[str, int, int]]:
    stamps = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".toml")):
                stat = os.stat(os.path.join(root, name))
                stamps.append((os.path.join(root, name), stat.st_mtime_ns, stat.st_size))
    return stamps


# --- FileResult <-> JSON -------------------------------------------------------------------


def _int(value: object) -> int:
    if type(value) is not int:
        raise Undecodable(f"expected an integer, found {type(value).__name__}")
    return value


def _str(value: object) -> str:
    if type(value) is not str:
        raise Undecodable(f"expected a string, found {type(value).__name__}")
    return value


def _opt_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise Undecodable(f"expected true or false, found {type(value).__name__}")
    return value


def _list(value: object, length: int | None = None) -> list[Any]:
    if type(value) is not list or (length is not None and len(value) != length):
        raise Undecodable("expected a list" + (f" of {length}" if length is not None else ""))
    return value


def _span(start: object, end: object, limit: int) -> tuple[int, int]:
    s, e = _int(start), _int(end)
    if not 0 <= s <= e <= limit:
        raise Undecodable(f"span [{s}, {e}) outside a text of {limit} characters")
    return s, e


def document_to_json(document: Document, whole: str | None = None) -> list[Any]:
    """A slim document as JSON-able data: [path, text, view, format, blocks, directives, bom,
    article, field]. Text null when it is `whole`, the decoded file (not an export's article),
    and view null when it is the text (plain text): a long file's row, and the memory
    writing and reading it takes, would otherwise hold the file's bytes again, twice.
    Sentences, quotes and memos are not kept (see `results.slim`)."""
    return [
        document.path,
        None if document.text == whole else document.text,
        None if document.view == document.text else document.view,
        document.format,
        [[b.kind, b.start, b.end] for b in document.blocks],
        [[d.offset, d.action, sorted(d.rules)] for d in document.directives],
        document.bom,
        document.article,
        document.field,
    ]


def document_from_json(data: object, whole: Callable[[], str]) -> Document:
    """The slim document `document_to_json` made, a null text read as `whole()`. Raises
    Undecodable on any other shape."""
    path, text, view, fmt, blocks, directives, bom, article, field = _list(data, 9)
    text = whole() if text is None else _str(text)
    view = text if view is None else _str(view)
    if len(view) != len(text):
        raise Undecodable("view and text differ in length")
    decoded_blocks = []
    for item in _list(blocks):
        kind, start, end = _list(item, 3)
        decoded_blocks.append(Block(_str(kind), *_span(start, end, len(text))))
    decoded_directives = []
    for item in _list(directives):
        offset, action, rules = _list(item, 3)
        _span(offset, offset, len(text))
        names = frozenset(_str(r) for r in _list(rules))
        decoded_directives.append(Directive(_int(offset), _str(action), names))
    return Document(
        path=_str(path),
        text=text,
        view=view,
        format=_str(fmt),
        blocks=tuple(decoded_blocks),
        directives=tuple(decoded_directives),
        bom=_bool(bom),
        article=_opt_str(article),
        field=_opt_str(field),
    )


def diagnostic_to_json(diag: Diagnostic) -> list[Any]:
    """[code, rule, severity (1-3), message, path, start, end, fix, related, article, field];
    fix is null or [message, [[start, end, content], ...], safe]; each related place is
    [path, start, end, message, article, field]."""
    fix = None
    if diag.fix is not None:
        edits = [[e.start, e.end, e.content] for e in diag.fix.edits]
        fix = [diag.fix.message, edits, diag.fix.safe]
    related = [[r.path, r.start, r.end, r.message, r.article, r.field] for r in diag.related]
    return [
        diag.code,
        diag.rule,
        int(diag.severity),
        diag.message,
        diag.path,
        diag.start,
        diag.end,
        fix,
        related,
        diag.article,
        diag.field,
    ]


def diagnostic_from_json(data: object, lengths: dict[str, int]) -> Diagnostic:
    """The diagnostic `diagnostic_to_json` made, its spans checked against the text lengths
    of its file's documents (`lengths`, by document key). Raises Undecodable."""
    code, rule, severity, message, path, start, end, fix, related, article, field = _list(data, 11)
    try:
        level = Severity(_int(severity))
    except ValueError:
        raise Undecodable(f"no severity {severity}") from None
    decoded = Diagnostic(
        _str(code), _str(rule), level, _str(message), _str(path), _int(start), _int(end),
        article=_opt_str(article), field=_opt_str(field),
    )  # fmt: skip
    limit = lengths.get(decoded.key)
    if limit is None:
        raise Undecodable("a finding on a document the entry does not hold")
    _span(start, end, limit)
    decoded_fix = None
    if fix is not None:
        how, edits, safe = _list(fix, 3)
        decoded_edits = []
        for item in _list(edits):
            e_start, e_end, content = _list(item, 3)
            decoded_edits.append(Edit(*_span(e_start, e_end, limit), _str(content)))
        decoded_fix = Fix(_str(how), tuple(decoded_edits), _bool(safe))
    places = []
    for item in _list(related):
        r_path, r_start, r_end, r_message, r_article, r_field = _list(item, 6)
        r_s, r_e = _int(r_start), _int(r_end)
        if not 0 <= r_s <= r_e:
            raise Undecodable("a related place with a negative span")
        places.append(
            Related(_str(r_path), r_s, r_e, _str(r_message), _opt_str(r_article), _opt_str(r_field))
        )
    return Diagnostic(
        decoded.code, decoded.rule, level, decoded.message, decoded.path, decoded.start,
        decoded.end, decoded_fix, tuple(places), decoded.article, decoded.field,
    )  # fmt: skip


def result_to_json(
    result: FileResult, rules: dict[str, CorpusRule], whole: str | None = None
) -> str | None:
    """The JSON text of a result's documents (a text that is `whole`, the decoded file, as
    null), diagnostics and summaries; None when a corpus rule (by code in `rules`) cannot
    dump its summary as data, so it is not cached."""
    collected = []
    for code, summary in result.collected:
        rule = rules.get(code)
        if rule is None:
            return None
        try:
            dumped = rule.dump_summary(summary)
        except KeyboardInterrupt:
            raise
        except BaseException:  # noqa: B036 - a plugin's bug (sys.exit too): not cached
            return None
        collected.append([code, dumped])
    try:
        return json.dumps(
            {
                "documents": [document_to_json(d, whole) for d in result.documents],
                "diagnostics": [diagnostic_to_json(d) for d in result.diagnostics],
                "collected": collected,
            },
            ensure_ascii=False,
            allow_nan=False,
        )
    except (TypeError, ValueError):
        return None


def result_from_json(
    path: str, value: str, rules: dict[str, CorpusRule], whole: Callable[[], str] | None = None
) -> FileResult:
    """The FileResult `result_to_json` stored for `path`, a null text read as `whole()` (the
    decoded file). Raises Undecodable on anything else: bad JSON, a wrong shape or type, an
    offset outside its text, a null text without `whole`, a summary of a rule not active now
    or that the rule refuses."""
    try:
        data = json.loads(value)
    except (ValueError, RecursionError) as exc:
        raise Undecodable(f"not JSON: {exc}") from None
    if type(data) is not dict or set(data) != {"documents", "diagnostics", "collected"}:
        raise Undecodable("not a result")
    documents = [document_from_json(d, whole or _no_whole) for d in _list(data["documents"])]
    if any(d.path != path for d in documents):
        raise Undecodable("a document of another file")
    lengths = {d.key: len(d.text) for d in documents}
    diagnostics = [diagnostic_from_json(d, lengths) for d in _list(data["diagnostics"])]
    collected = []
    for item in _list(data["collected"]):
        code, dumped = _list(item, 2)
        rule = rules.get(_str(code))
        if rule is None:
            raise Undecodable(f"a summary of rule {code}, not active")
        try:
            collected.append((rule.code, rule.load_summary(dumped)))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: B036 - a plugin's bug (sys.exit too): a miss
            raise Undecodable(f"rule {code} refused its summary: {exc!r}") from None
    return FileResult(path, documents, diagnostics, [], 0, collected)


def _no_whole() -> str:
    raise Undecodable("a document stored as the whole file, without the file")


def _decoded(raw: bytes, encoding: str) -> str:
    """The text `newslint.formats` reads from `raw` (byte-order mark removed). Raises
    Undecodable when it reads none."""
    try:
        return decode(raw, encoding).text
    except SourceError as exc:
        raise Undecodable(f"the file does not decode: {exc}") from None


# --- the store -----------------------------------------------------------------------------


def _reason(exc: BaseException | str) -> str:
    """What went wrong, said short: an OSError's strerror, without its errno and path."""
    return exc if isinstance(exc, str) else (getattr(exc, "strerror", None) or str(exc))


def _write_ahead(db: sqlite3.Connection) -> None:
    """Put the store in write-ahead-log mode (readers never wait for a writer). Runs that
    open a new store at once each ask for it, and SQLite answers "database is locked" at
    once, without waiting the busy timeout, to all but one: asked again every 10 ms
    until BUSY_TIMEOUT seconds have passed. Raises sqlite3.OperationalError then, or for
    any other failure at once."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "database is locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(0.01)


class ResultCache:
    """The result cache in `folder` (created when first written) for runs with `rules` (every
    rule that may be active: their code is part of each key, and corpus rules decode their
    summaries). Implements `newslint.engine.results.ResultStore`; raises nothing."""

    def __init__(self, folder: Path, rules: Sequence[Rule]) -> None:
        self.path = folder / FILENAME
        self.warnings: list[str] = []
        self._corpus = {r.code: r for r in rules if isinstance(r, CorpusRule)}
        self._fingerprint = self._code_fingerprint(rules)
        self._file_hashes: dict[str, str] = {}
        self._new: dict[str, tuple[str, str]] = {}  # absolute path -> (key, JSON)
        self._used: list[str] = []
        self._secret = b""
        self.db: sqlite3.Connection | None = None
        try:
            self._secret = cache_secret()
        except _NoSecret as exc:
            self._warn("no private key secret", str(exc))
            return
        self.db = self._open()

    # Opening, with every failure a warning ------------------------------------------------

    def _warn(self, what: str, exc: BaseException | str, then: str = "linting without it") -> None:
        self.warnings.append(f"result cache {self.path}: {what}: {_reason(exc)}; {then}")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            # A planted file may hold triggers or views: never let its schema call
            # functions with side effects, and accept no schema object but ours (below).
            db.execute("PRAGMA trusted_schema=OFF")
            _write_ahead(db)
            # Read in one transaction, so from one state of the file: read apart, another
            # run's schema committed between them showed a store with no id but tables,
            # taken for a foreign one and deleted under the run that had just made it.
            with db:
                db.execute("BEGIN")
                app, version = (
                    db.execute("PRAGMA application_id").fetchone()[0],
                    db.execute("PRAGMA user_version").fetchone()[0],
                )
                objects = set(db.execute("SELECT type, name FROM sqlite_master"))
            tables = len(objects)
            if (app, version) == (APPLICATION_ID, SCHEMA_VERSION) and objects == _OBJECTS:
                return db
            if app == 0 and version == 0 and tables == 0:  # new: make it ours
                with db:  # one transaction: another run creating it at once waits
                    db.execute("BEGIN IMMEDIATE")
                    if db.execute("PRAGMA application_id").fetchone()[0] == 0:
                        for statement in _SCHEMA:
                            db.execute(statement)
                return db
            raise _Foreign("not a newslint result cache of this version")
        except BaseException:
            db.close()
            raise

    def _open(self) -> sqlite3.Connection | None:
        # A repository can commit symbolic links: the folder, the store or its -wal file
        # pointing elsewhere would make SQLite create or write files outside the folder.
        if self.path.parent.is_symlink():
            self._warn("the folder is a symbolic link", "not followed")
            return None
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                place = Path(f"{self.path}{suffix}")
                # One look, not following links: another run's -journal or -wal comes and
                # goes as it writes, and one seen by one look and gone by the next was
                # taken for a planted file, and its removal failing cost the run its cache.
                try:
                    if stat.S_ISREG(os.lstat(place).st_mode):
                        continue
                except (FileNotFoundError, NotADirectoryError):
                    continue  # nothing there (or no folder): mkdir below says which
                # Only the store itself is replaced: without a planted -wal, -shm or
                # -journal beside it, it is read as it is.
                then = "a new store made" if not suffix else "the store kept"
                # Removed first: a folder in its place is not, and its warning says so.
                place.unlink(missing_ok=True)
                self.warnings.append(
                    f"result cache {self.path}: {place.name} was not a regular file "
                    f"(a symbolic link?); removed, and {then}"
                )
        except OSError as exc:
            self._warn("cannot remove a planted file", exc)
            return None
        what = "cannot create the folder"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            what = "cannot create the folder's .gitignore"  # the folder is there (read-only?)
            gitignore = self.path.parent / ".gitignore"
            try:  # O_EXCL: never through a planted symbolic link, even a dangling one
                fd = os.open(gitignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w") as handle:
                    handle.write("# Created by newslint.\n*\n")
        except OSError as exc:
            self._warn(what, exc)
            return None
        self._drop_pickles()
        unreadable: BaseException | str = "unreadable"  # why the store could not be read
        for attempt in range(2):
            seen = self._identity()
            try:
                return self._connect()
            except sqlite3.OperationalError as exc:  # locked too long, read-only, no room
                self._warn("cannot open", exc)
                return None
            except sqlite3.DatabaseError as exc:  # corrupt, foreign or of another version
                if attempt == 0 and self._identity() != seen:
                    # Another run replaced the file while this one read it (runs started
                    # together on a planted or corrupt store): open the store it made, as
                    # deleting it would drop that run's rows, or its files, under it.
                    continue
                unreadable = exc
                break
            except sqlite3.Error as exc:
                self._warn("cannot open", exc)
                return None
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            # Not removed (a read-only folder): one warning, not one that says it is dropped.
            why = f"cannot replace it: {_reason(exc)}; linting without it"
            self._warn("unreadable", unreadable, then=why)
            return None
        # Said as what happens next: this run fills a new store (if making it fails too, a
        # second warning says it lints without one).
        self._warn("unreadable, starting a new one", unreadable, then="whatever it held is dropped")
        try:
            return self._connect()
        except (OSError, sqlite3.Error) as exc:
            self._warn("cannot replace it", exc)
            return None

    def _identity(self) -> tuple[int, int, int] | None:
        """Which file is the store now (device, inode, change time), None when there is none:
        a new file in its place, even on a reused inode, is another identity."""
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_dev, info.st_ino, info.st_ctime_ns

    def _drop_pickles(self) -> None:
        """Remove the pickles earlier versions kept (`VERSION/results.pickle`): never read,
        and a planted one should not stay around for an older newslint to load."""
        try:
            for old in self.path.parent.glob("*/results.pickle"):
                if not _VERSION.fullmatch(old.parent.name) or old.parent.is_symlink():
                    continue  # only what newslint made: a folder named for a version
                old.unlink()
                try:
                    old.parent.rmdir()
                except OSError:  # something else is in it: leave the folder
                    pass
        except OSError:
            pass

    # Keys ---------------------------------------------------------------------------------

    def _code_fingerprint(self, rules: Sequence[Rule]) -> str:
        folders = {Path(__file__).parent.parent}  # the whole engine package
        for rule in rules:
            module = sys.modules.get(type(rule).__module__)
            if module is not None and getattr(module, "__file__", None):
                folders.add(Path(module.__file__).parent)  # type: ignore[arg-type]
        stamps = [stamp for folder in sorted(folders) for stamp in _tree_stamp(folder)]
        return hashlib.sha256(repr((__version__, stamps)).encode()).hexdigest()

    def _file_hash(self, origin: str) -> str:
        """A config-named file's contents (phrase files, lexicon files), hashed once a run."""
        if origin not in self._file_hashes:
            try:
                data = read_config_file(origin, OSError)  # not a FIFO, not /dev/zero
                self._file_hashes[origin] = hashlib.sha256(data).hexdigest()
            except OSError:
                self._file_hashes[origin] = "unreadable"
        return self._file_hashes[origin]

    def key(
        self,
        path: str,
        raw: bytes,
        encoding: str,
        rules: Iterable[tuple[Rule, dict[str, Any]]],
        context: Iterable[object] = (),
        files: Iterable[str] = (),
    ) -> str:
        """The key (64 hex characters) of one file's lint with these rules and their options;
        `context` holds the other settings that shape the documents (JSON fields), `files`
        the config's data files whose contents rules read (lexicon files)."""
        described = [
            (
                type(rule).__module__,
                type(rule).__qualname__,
                rule.code,
                rule.name,
                json.dumps(options, sort_keys=True, default=repr),
                self._file_hash(origin) if (origin := getattr(rule, "origin", None)) else "",
            )
            for rule, options in rules
        ]
        digest = hmac.new(self._secret, digestmod=hashlib.sha256)
        contents = [self._file_hash(str(f)) for f in files]
        described_context = repr(tuple(context))
        digest.update(
            repr(
                (self._fingerprint, path, encoding, described, described_context, contents)
            ).encode()
        )
        digest.update(raw)
        return digest.hexdigest()

    # Reading and writing -------------------------------------------------------------------

    def get(self, path: str, key: str, raw: bytes, encoding: str) -> FileResult | None:
        """The result stored for `path` under exactly `key` (made of `raw`, its bytes, read in
        `encoding`: a document stored as the whole file is decoded from them), or None (a
        miss: absent, another key, or a row that does not decode). One indexed lookup;
        raises nothing."""
        if self.db is None or not _storable(path):
            return None
        try:
            # The value is read only under the right key: a row planted under this path,
            # however large, costs a miss nothing. fetchall: no read stays open.
            rows = self.db.execute(
                "SELECT value FROM results WHERE path = ? AND key = ?",
                (os.path.abspath(path), key),
            ).fetchall()
        except sqlite3.Error as exc:
            self._warn("cannot read", exc)
            self.db = None
            return None
        if not rows or type(rows[0][0]) is not str:
            return None
        whole = functools.partial(_decoded, raw, encoding)
        try:
            result = result_from_json(path, rows[0][0], self._corpus, whole)
        except (Undecodable, RecursionError):
            return None
        self._used.append(os.path.abspath(path))
        return result

    def put(self, path: str, key: str, result: FileResult, raw: bytes, encoding: str) -> None:
        """Record `result` for `path` under `key` (made of `raw`, its bytes, read in
        `encoding`), written by `save`. A result a corpus rule cannot dump as data is not
        recorded, nor one of a file whose name is not text (bytes that are not UTF-8 in a
        POSIX name): SQLite stores text."""
        if not _storable(path):
            return
        whole = None  # every text stored
        # A file of one document, not an export's article (never the file's text: decoding
        # it would only add a copy of a long export to the run's peak).
        if len(result.documents) == 1 and result.documents[0].article is None:
            try:
                whole = _decoded(raw, encoding)
            except Undecodable:
                pass
        value = result_to_json(result, self._corpus, whole)
        if value is not None:
            self._new[os.path.abspath(path)] = (key, value)

    def save(self) -> None:
        """Write the run's new rows, mark the hits used and prune a batch of stale rows, in
        one transaction. A failure (full disk, read-only store) is a warning; the store
        keeps what it held before."""
        if self.db is None:
            return
        now = time.time()
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany(
                    "INSERT OR REPLACE INTO results (path, key, version, used, checked, value) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(p, k, __version__, now, now, v) for p, (k, v) in self._new.items()],
                )
                self.db.executemany(
                    "UPDATE results SET used = ? WHERE path = ?", [(now, p) for p in self._used]
                )
                self._prune(now)
        except sqlite3.Error as exc:
            # Said at the end of the run: it has linted every file, only its rows are lost.
            self._warn("cannot write", exc, then="this run's results are not kept")
        finally:
            self._new.clear()
            self._used.clear()

    def _prune(self, now: float) -> None:
        rows = self.db.execute(  # type: ignore[union-attr]
            "SELECT path, version, used FROM results ORDER BY checked LIMIT ?", (PRUNE_BATCH,)
        ).fetchall()
        stale = [
            (path,)
            for path, version, used in rows
            if version != __version__ or now - used > MAX_AGE or not os.path.isfile(path)
        ]
        self.db.executemany("DELETE FROM results WHERE path = ?", stale)  # type: ignore[union-attr]
        self.db.executemany(  # type: ignore[union-attr]
            "UPDATE results SET checked = ? WHERE path = ?", [(now, p) for p, _, _ in rows]
        )

    def close(self) -> None:
        """Close the database (its rows stay); the store reads and writes nothing after."""
        if self.db is not None:
            self.db.close()
            self.db = None


def _storable(path: str) -> bool:
    """Whether `path` is text SQLite can store: a POSIX name holding bytes that are not
    UTF-8 decodes to lone surrogates, which no text column accepts."""
    try:
        os.path.abspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
