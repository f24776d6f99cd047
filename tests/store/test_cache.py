"""The result cache is data only, one row per file, safe to share and to lose."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from conftest import FIXTURES
from newslint.engine.config import Finder, Settings
from newslint.engine.registry import discover
from newslint.engine.results import slim
from newslint.engine.run import Linter, Overrides
from newslint.store import cache as cache_module
from newslint.store.cache import (
    FILENAME,
    ResultCache,
    Undecodable,
    result_from_json,
    result_to_json,
)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    for i, file in enumerate(sorted(FIXTURES.rglob("*.*"))):
        if file.suffix in (".txt", ".md"):
            shutil.copy(file, root / f"{i:03}-{file.name}")
    return root


def _run(cli, root: Path, *extra: str) -> tuple[str, str]:
    result = cli("--isolated", "--select", "ALL", "--output-format", "json", *extra, str(root))
    assert result.code == 1, result.err
    return result.out, result.err


def _no_lint(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("a cached file was linted again")

    monkeypatch.setattr(Linter, "lint_file", fail)


def _linter() -> Linter:
    rules, _ = discover()
    return Linter(rules, Finder(Settings(Path.cwd()), search=False), Overrides(select=["ALL"]))


def test_a_result_goes_to_json_and_back_exactly(articles):
    linter = _linter()
    corpus = {r.code: r for r in linter.rules if hasattr(r, "collect")}
    seen_fix = seen_related = seen_summary = seen_view_is_text = seen_own_view = False
    for path in sorted(articles.iterdir()):
        result = linter.lint_file(str(path))
        result.documents = [slim(d) for d in result.documents]
        whole = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        value = result_to_json(result, corpus, whole)
        assert value is not None
        # The file's text is not stored again, nor a view that is the text: null, read back
        # as the decoded file and as the text.
        stored_documents = json.loads(value)["documents"]
        for document, stored in zip(result.documents, stored_documents, strict=True):
            assert stored[1] is None
            assert (stored[2] is None) == (document.view == document.text)
            seen_view_is_text |= stored[2] is None
            seen_own_view |= stored[2] is not None
        with pytest.raises(Undecodable):  # a null text, and no file to read it from
            result_from_json(str(path), value, corpus)
        back = result_from_json(str(path), value, corpus, lambda: whole)  # noqa: B023
        assert back.documents == result.documents
        assert back.diagnostics == result.diagnostics
        assert back.collected == result.collected
        seen_fix |= any(d.fix is not None for d in result.diagnostics)
        seen_related |= any(d.related for d in result.diagnostics)
        seen_summary |= any(s.paragraphs for _, s in result.collected)
    assert seen_fix and seen_related and seen_summary and seen_view_is_text and seen_own_view


def test_a_planted_pickle_never_runs_and_is_a_cold_run(cli, articles, tmp_path, monkeypatch):
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    cache = tmp_path / "cache"
    fresh, _ = _run(cli, articles, "--no-cache")
    data = pickle.dumps(Payload(), protocol=4)
    (cache / "0.1.0").mkdir(parents=True)
    for place in [cache / FILENAME, *(cache / v / "results.pickle" for v in ("0.1.0",))]:
        place.write_bytes(data)
    out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh
    assert not marker.exists()
    assert not (cache / "0.1.0").exists()  # the old version's pickle is removed
    assert "warning: result cache" in err and "starting a new one" in err
    assert "linting without it" not in err  # it is not: this run fills the new store
    _no_lint(monkeypatch)  # the planted file was replaced by a real store
    assert _run(cli, articles, "--cache-dir", str(cache)) == (fresh, "")
    assert not marker.exists()


def test_crafted_rows_with_the_right_key_are_misses(articles, tmp_path):
    linter = _linter()
    path = str(sorted(articles.iterdir())[0])
    raw = Path(path).read_bytes()
    store = ResultCache(tmp_path / "cache", linter.rules)
    key = store.key(path, raw, "utf-8", linter.configured(path))
    good = result_to_json(linter.lint_file(path), store._corpus)
    assert good is not None
    data = json.loads(good)
    block_past_end = json.loads(good)
    block_past_end["documents"][0][4][0][2] = len(data["documents"][0][1]) + 99
    view_too_short = json.loads(good)
    view_too_short["documents"][0][2] = ""
    summary_of_a_class = json.loads(good)
    summary_of_a_class["collected"][0][1] = {"__class__": "os.system", "args": ["touch x"]}
    far_finding = json.loads(good)
    far_finding["diagnostics"][0][6] = 10**9  # a finding far outside its text
    text_of_the_file = json.loads(good)
    text_of_the_file["documents"][0][1] = None  # read from the bytes, which do not decode
    crafted = [
        "\x80\x04not json",
        '{"py/object": "os.system", "args": ["touch x"]}',
        json.dumps(block_past_end),
        json.dumps(view_too_short),
        json.dumps(summary_of_a_class),
        json.dumps(far_finding),
        "[" * 100_000,
    ]
    for value in crafted:
        store.db.execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?, 0, 0, ?)",
            (os.path.abspath(path), key, "x", value),
        )
        assert store.get(path, key, raw, "utf-8") is None, value[:60]
    store.db.execute(
        "INSERT OR REPLACE INTO results VALUES (?, ?, ?, 0, 0, ?)",
        (os.path.abspath(path), key, "x", json.dumps(text_of_the_file)),
    )
    assert store.get(path, key, b"\x00binary", "utf-8") is None
    store.db.execute(
        "INSERT OR REPLACE INTO results VALUES (?, ?, ?, 0, 0, ?)",
        (os.path.abspath(path), key, "x", good),
    )
    assert store.get(path, key, raw, "utf-8") is not None  # the same row, well formed, is a hit


def test_a_store_with_a_planted_trigger_is_foreign_and_replaced(cli, articles, tmp_path):
    cache = tmp_path / "cache"
    fresh, _ = _run(cli, articles, "--cache-dir", str(cache))
    db = sqlite3.connect(cache / FILENAME)
    db.execute("CREATE TABLE loot (value TEXT)")
    db.execute(
        "CREATE TRIGGER steal AFTER INSERT ON results BEGIN "
        "INSERT INTO loot VALUES (new.value); END"
    )
    db.commit()
    db.close()
    out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh and "unreadable, starting a new one" in err
    db = sqlite3.connect(cache / FILENAME)
    names = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    assert "steal" not in names and "loot" not in names


def test_a_corrupt_store_is_a_warning_and_a_cold_run(cli, articles, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    fresh, _ = _run(cli, articles, "--no-cache")
    _run(cli, articles, "--cache-dir", str(cache))
    stored = cache / FILENAME
    data = bytearray(stored.read_bytes())
    data[100:4000] = b"\xff" * 3900  # the header survives, the pages do not
    stored.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{stored}{suffix}").unlink(missing_ok=True)
    out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh
    assert "warning: result cache" in err
    stored.write_bytes(b"garbage" * 1000)
    out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh and "unreadable, starting a new one" in err
    _no_lint(monkeypatch)
    assert _run(cli, articles, "--cache-dir", str(cache)) == (fresh, "")


def test_a_cache_that_cannot_be_written_is_a_warning(cli, articles, tmp_path):
    fresh, _ = _run(cli, articles, "--no-cache")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out, err = _run(cli, articles, "--cache-dir", str(blocker / "cache"))
    assert out == fresh
    assert "warning: result cache" in err and "cannot create the folder" in err


def test_a_store_that_cannot_be_opened_for_writing_is_kept_and_warned(
    cli, articles, tmp_path, monkeypatch
):
    # A read-only folder or a lock held too long: SQLite says OperationalError. The good
    # store must be left as it is, not replaced as if it were corrupt.
    cache = tmp_path / "cache"
    fresh, _ = _run(cli, articles, "--cache-dir", str(cache))
    before = (cache / FILENAME).stat().st_ino, (cache / FILENAME).stat().st_size

    def refuse(self):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(ResultCache, "_connect", refuse)
    out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh
    assert "cannot open: attempt to write a readonly database; linting without it" in err
    assert ((cache / FILENAME).stat().st_ino, (cache / FILENAME).stat().st_size) == before


def test_a_full_disk_keeps_the_old_store_and_warns(articles, tmp_path):
    linter = _linter()
    store = ResultCache(tmp_path / "cache", linter.rules)
    paths = [str(p) for p in sorted(articles.iterdir())]
    first = linter.lint_file(paths[0])
    key = store.key(paths[0], b"x", "utf-8", [])
    store.put(paths[0], key, first, b"x", "utf-8")
    store.save()
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count={pages}")  # the disk is full from now on
    for path in paths[1:]:
        store.put(path, store.key(path, b"y", "utf-8", []), linter.lint_file(path), b"y", "utf-8")
    store.save()
    assert any("cannot write" in w for w in store.warnings)
    assert store.get(paths[0], key, b"x", "utf-8") is not None  # what was there is intact
    assert store.get(paths[1], store.key(paths[1], b"y", "utf-8", []), b"y", "utf-8") is None


def test_a_lookup_reads_one_row_through_the_index(articles, tmp_path):
    linter = _linter()
    store = ResultCache(tmp_path / "cache", linter.rules)
    paths = [str(p) for p in sorted(articles.iterdir())]
    for path in paths:
        store.put(path, "k", linter.lint_file(path), Path(path).read_bytes(), "utf-8")
    store.save()
    executed: list[str] = []
    store.db.set_trace_callback(executed.append)
    assert store.get(paths[0], "k", Path(paths[0]).read_bytes(), "utf-8") is not None
    store.save()  # marks the hit used and prunes a batch
    store.db.set_trace_callback(None)
    reads = [sql for sql in executed if sql.lstrip().upper().startswith("SELECT")]
    assert reads
    for sql in reads:  # every read the run made: an index search, never a table scan
        plan = " ".join(row[-1] for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "SCAN results" not in plan or "USING INDEX" in plan, (sql, plan)
        assert "SEARCH" in plan or "results_checked" in plan, (sql, plan)


def test_stale_rows_are_pruned(articles, tmp_path, monkeypatch):
    linter = _linter()
    paths = [str(p) for p in sorted(articles.iterdir())[:4]]
    store = ResultCache(tmp_path / "cache", linter.rules)
    for path in paths:
        store.put(path, "k", linter.lint_file(path), Path(path).read_bytes(), "utf-8")
    store.save()
    store.close()
    Path(paths[0]).unlink()  # a file gone
    db = sqlite3.connect(tmp_path / "cache" / FILENAME)
    with db:
        db.execute("UPDATE results SET version = '0.0.1' WHERE path = ?", (paths[1],))
        db.execute("UPDATE results SET used = 0 WHERE path = ?", (paths[2],))
    db.close()
    store = ResultCache(tmp_path / "cache", linter.rules)
    store.save()
    left = {row[0] for row in store.db.execute("SELECT path FROM results")}
    assert left == {os.path.abspath(paths[3])}


def test_pruning_looks_at_a_bounded_batch_per_run(articles, tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "PRUNE_BATCH", 2)
    linter = _linter()
    paths = [str(p) for p in sorted(articles.iterdir())[:6]]
    store = ResultCache(tmp_path / "cache", linter.rules)
    for path in paths:
        store.put(path, "k", linter.lint_file(path), Path(path).read_bytes(), "utf-8")
    store.save()
    for path in paths:
        Path(path).unlink()
    counts = []
    for _ in range(3):
        store.save()
        counts.append(store.db.execute("SELECT count(*) FROM results").fetchone()[0])
    assert counts == [4, 2, 0]


WRITER = """
import sys
from newslint.cli.main import main
sys.exit(main(["--isolated", "--select", "ALL", "--cache-dir", sys.argv[1], *sys.argv[2:]]))
"""


def test_two_processes_writing_at_once_lose_nothing(articles, tmp_path, cli, monkeypatch):
    cache = str(tmp_path / "cache")
    paths = sorted(str(p) for p in articles.iterdir())
    halves = [paths[0::2], paths[1::2]]
    env = dict(os.environ, NO_COLOR="1")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, cache, *half],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for half in halves * 2  # each half twice: the same rows written at once too
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 1, err
        assert "warning" not in err, err
    fresh, _ = _run(cli, articles, "--no-cache")
    _no_lint(monkeypatch)
    assert _run(cli, articles, "--cache-dir", cache) == (fresh, "")


def test_a_row_planted_under_a_reproduced_key_is_a_miss(cli, articles, tmp_path, monkeypatch):
    # Everything a key hashes but the user's secret can be reproduced by whoever commits
    # files (the same image, the same checkout path): they lint there, drop the findings
    # from the rows, and commit the store. A run under another secret must not use it.
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    fresh, _ = _run(cli, articles, "--cache-dir", str(cache))
    with sqlite3.connect(cache / FILENAME) as db:
        for path, value in db.execute("SELECT path, value FROM results").fetchall():
            data = json.loads(value)
            data["diagnostics"] = []
            db.execute("UPDATE results SET value = ? WHERE path = ?", (json.dumps(data), path))
    db.close()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim"))
    assert _run(cli, articles, "--cache-dir", str(cache))[0] == fresh


def test_a_key_secret_others_can_read_is_refused(cli, articles, tmp_path, monkeypatch):
    # A secret checked out by git (readable by all) is no secret: a warning, a cold run.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    secret = cache_module.secret_path()
    secret.parent.mkdir(parents=True)
    secret.write_bytes(b"k" * cache_module.SECRET_SIZE)
    secret.chmod(0o644)
    fresh, _ = _run(cli, articles, "--no-cache")
    out, err = _run(cli, articles, "--cache-dir", str(tmp_path / "cache"))
    assert out == fresh and "not private" in err and "linting without it" in err
    secret.unlink()
    _run(cli, articles, "--cache-dir", str(tmp_path / "cache"))
    assert secret.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("name", [FILENAME, f"{FILENAME}-wal", f"{FILENAME}-journal", ".gitignore"])
def test_a_planted_symlink_in_the_cache_folder_writes_nothing_elsewhere(
    cli, articles, tmp_path, name
):
    # A symlinked store to a missing file made SQLite create that file, outside the folder.
    cache = tmp_path / "cache"
    cache.mkdir()
    elsewhere = tmp_path / "elsewhere"
    (cache / name).symlink_to(elsewhere)
    fresh, _ = _run(cli, articles, "--no-cache")
    out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh and not elsewhere.exists()
    # The store's files are replaced; a planted .gitignore link is left, never written through.
    assert not (cache / name).is_symlink() or name == ".gitignore"


def test_a_symlinked_cache_folder_is_not_followed(cli, articles, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "cache").symlink_to(elsewhere)
    fresh, _ = _run(cli, articles, "--no-cache")
    out, err = _run(cli, articles, "--cache-dir", str(tmp_path / "cache"))
    assert out == fresh and "symbolic link" in err
    assert list(elsewhere.iterdir()) == []


def test_a_corpus_rule_exiting_in_its_summary_code_is_a_miss_not_the_runs_end(articles):
    # dump_summary and load_summary are plugin code run in the main process: sys.exit(0)
    # there ended the run with status 0 and nothing reported.
    from newslint.engine.rule import CorpusRule

    class Exits(CorpusRule):
        code, name = "T010", "exits"

        def collect(self, document, options):
            return [1]

        def dump_summary(self, summary):
            raise SystemExit(0)

        def load_summary(self, data):
            raise SystemExit(0)

    linter = _linter()
    path = str(sorted(articles.iterdir())[0])
    result = linter.lint_file(path)
    result.documents = [slim(d) for d in result.documents]
    result.collected = [("T010", [1])]
    assert result_to_json(result, {"T010": Exits()}) is None  # not cached
    value = result_to_json(result, {"T010": CorpusRule.__new__(CorpusRule)})
    assert value is not None
    with pytest.raises(Undecodable):
        result_from_json(path, value, {"T010": Exits()})


def test_a_large_row_planted_under_the_path_costs_a_miss_nothing(articles, tmp_path):
    import tracemalloc

    linter = _linter()
    path = str(sorted(articles.iterdir())[0])
    store = ResultCache(tmp_path / "cache", linter.rules)
    store.db.execute(
        "INSERT INTO results VALUES (?, ?, ?, 0, 0, ?)",
        (os.path.abspath(path), "0" * 64, "x", "[" + " " * 40_000_000 + "]"),
    )
    tracemalloc.start()
    assert store.get(path, "1" * 64, b"", "utf-8") is None
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1_000_000, peak  # the 40 MB value was never read


def _connecting_with(monkeypatch, factory: type[sqlite3.Connection]) -> None:
    """Make the cache open its store through connections of class `factory`."""
    connect = sqlite3.connect
    monkeypatch.setattr(
        cache_module.sqlite3, "connect", lambda *args, **kw: connect(*args, factory=factory, **kw)
    )


@pytest.mark.parametrize("switched", [False, True])
def test_a_store_another_run_makes_between_our_reads_is_ours_not_foreign(
    tmp_path, monkeypatch, switched
):
    # Two runs opening a new store at once: the other one's schema is committed after this
    # run read "no id, no version" and before it listed the tables. Read apart, that was a
    # store with tables and no id, called foreign and deleted under the run that made it.
    # `switched`: the other run had already put the file in WAL mode when this one looked,
    # so the file this run saw is the one it reads (without it, the file is new and a
    # changed file is opened again, which alone would pass: the one read is not tested).
    if switched:
        (tmp_path / "cache").mkdir()
        with closing(sqlite3.connect(tmp_path / "cache" / FILENAME)) as first:
            first.execute("PRAGMA journal_mode=WAL")
    other: list[sqlite3.Connection] = []

    class Racing(sqlite3.Connection):
        def execute(self, sql, *args):
            cursor = super().execute(sql, *args)
            if sql == "PRAGMA user_version" and not other:
                other.append(sqlite3.connect(self.execute("PRAGMA database_list").fetchone()[2]))
                other[0].execute("PRAGMA journal_mode=WAL")
                with other[0]:
                    for statement in cache_module._SCHEMA:
                        other[0].execute(statement)
            return cursor

    _connecting_with(monkeypatch, Racing)
    store = ResultCache(tmp_path / "cache", _linter().rules)
    assert other, "the other run never made its store"
    assert store.warnings == []
    assert store.db is not None
    row = ("a.txt", "k", "v", 0.0, 0.0, "{}")
    other[0].execute("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?)", row)
    other[0].commit()
    assert store.db.execute("SELECT path FROM results").fetchall() == [("a.txt",)]
    other[0].close()


def test_a_store_another_run_is_putting_in_wal_mode_is_waited_for(tmp_path, monkeypatch):
    # SQLite answers "database is locked" at once, not after the busy timeout, to all but
    # one of the runs asking for WAL mode together: each then linted without its cache.
    refusals = [2]

    class Locked(sqlite3.Connection):
        def execute(self, sql, *args):
            if sql == "PRAGMA journal_mode=WAL" and refusals[0]:
                refusals[0] -= 1
                raise sqlite3.OperationalError("database is locked")
            return super().execute(sql, *args)

    _connecting_with(monkeypatch, Locked)
    store = ResultCache(tmp_path / "cache", _linter().rules)
    assert refusals == [0]
    assert store.warnings == []
    assert store.db is not None
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_store_locked_for_good_is_a_warning_after_the_busy_timeout(tmp_path, monkeypatch):
    class Locked(sqlite3.Connection):
        def execute(self, sql, *args):
            if sql == "PRAGMA journal_mode=WAL":
                raise sqlite3.OperationalError("database is locked")
            return super().execute(sql, *args)

    _connecting_with(monkeypatch, Locked)
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT", 0.05)
    store = ResultCache(tmp_path / "cache", _linter().rules)
    assert store.db is None
    assert len(store.warnings) == 1
    assert "cannot open: database is locked" in store.warnings[0]


@contextmanager
def _another_run_writing(
    cache: Path, journal_mode: str, monkeypatch
) -> Iterator[sqlite3.Connection]:
    """A store made in `cache`, and another run's connection to it, in `journal_mode`, in
    the middle of a write for the whole block (closed at its end, the write then rolled
    back unless committed); the busy timeout cut to 0.2 s."""
    ResultCache(cache, _linter().rules).close()
    other = sqlite3.connect(cache / FILENAME, isolation_level=None)
    try:
        other.execute(f"PRAGMA journal_mode={journal_mode}")
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT OR REPLACE INTO results VALUES ('held', 'k', 'v', 0, 0, '{}')")
        monkeypatch.setattr(cache_module, "BUSY_TIMEOUT", 0.2)
        yield other
    finally:
        other.close()


def test_a_store_write_locked_past_the_timeout_at_the_end_says_the_rows_are_not_kept(
    cli, articles, tmp_path, monkeypatch
):
    # The store opens (WAL: readers never wait) but the run's write at the end waits for
    # another run's write past the busy timeout. Every file was linted: the warning, printed
    # after the findings, must not say the run lints without its cache.
    cache = tmp_path / "cache"
    fresh, _ = _run(cli, articles, "--no-cache")
    with _another_run_writing(cache, "WAL", monkeypatch):
        out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh
    assert "cannot write: database is locked; this run's results are not kept" in err
    assert "linting without it" not in err


def test_a_store_in_rollback_mode_write_locked_past_the_timeout_is_a_warning(
    cli, articles, tmp_path, monkeypatch
):
    # A store left in another journal mode while another process writes it: the switch to
    # WAL is refused again and again; the run stops asking at the busy timeout, lints every
    # file without the cache, and leaves the store and the other run's write alone.
    cache = tmp_path / "cache"
    fresh, _ = _run(cli, articles, "--no-cache")
    with _another_run_writing(cache, "DELETE", monkeypatch) as other:
        out, err = _run(cli, articles, "--cache-dir", str(cache))
        other.commit()
    assert out == fresh
    assert err.count("warning:") == 1
    assert "cannot open: database is locked; linting without it" in err
    with sqlite3.connect(cache / FILENAME) as db:
        assert db.execute("SELECT path FROM results").fetchall() == [("held",)]


@pytest.mark.parametrize("looks", [1, 2, 3])
def test_another_runs_journal_gone_while_looked_at_is_not_called_planted(
    tmp_path, monkeypatch, looks
):
    # Runs started together: one run's -journal (a new store is made in rollback mode
    # before WAL) exists when this run first looks and is gone `looks` looks later. Seen
    # and then missing, it was called planted, its removal failed, and the run linted
    # without its cache ("cannot remove a planted file: No such file or directory").
    cache = tmp_path / "cache"
    cache.mkdir()
    journal = cache / f"{FILENAME}-journal"
    journal.write_bytes(b"")
    seen = [0]
    real_stat, real_lstat = os.stat, os.lstat

    def looking(real):
        def look(path, *args, **kwargs):
            result = real(path, *args, **kwargs)
            if os.fspath(path) == str(journal):
                seen[0] += 1
                if seen[0] == looks:
                    journal.unlink()  # the other run has finished its write
            return result

        return look

    monkeypatch.setattr(os, "stat", looking(real_stat))
    monkeypatch.setattr(os, "lstat", looking(real_lstat))
    store = ResultCache(cache, _linter().rules)
    monkeypatch.undo()
    assert seen[0] >= 1, "the journal was never looked at"
    assert store.warnings == []
    assert store.db is not None
    store.close()


def test_a_planted_store_another_run_replaced_meanwhile_is_joined_not_deleted(
    tmp_path, monkeypatch
):
    # Runs started together on a corrupt or planted store: another run replaced it with a
    # new store, and wrote to it, while this one was finding the old file unreadable. This
    # run deleted that store (and its -wal and -shm) under it: the other run's rows were
    # lost, or it failed with 'disk I/O error' or 'no such table'.
    cache = tmp_path / "cache"
    cache.mkdir()
    store_path = cache / FILENAME
    store_path.write_bytes(b"not a database, planted" * 200)
    connect = sqlite3.connect
    other: list[sqlite3.Connection] = []

    class Racing(sqlite3.Connection):
        def execute(self, sql, *args):
            try:
                return super().execute(sql, *args)
            except sqlite3.DatabaseError:
                if not other:  # just after this run found it unreadable
                    store_path.unlink()  # the other run replaces the planted file
                    other.append(connect(store_path, isolation_level=None))
                    other[0].execute("PRAGMA journal_mode=WAL")
                    for statement in cache_module._SCHEMA:
                        other[0].execute(statement)
                    row = ("a.txt", "k", "v", 0.0, 0.0, "{}")
                    other[0].execute("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?)", row)
                raise

    _connecting_with(monkeypatch, Racing)
    store = ResultCache(cache, _linter().rules)
    assert other, "the other run never replaced the planted store"
    assert store.warnings == []  # the other run said it: this one replaced nothing
    assert store.db is not None
    assert store.db.execute("SELECT path FROM results").fetchall() == [("a.txt",)]
    assert other[0].execute("SELECT path FROM results").fetchall() == [("a.txt",)]
    store.close()
    other[0].close()


def test_a_folder_in_the_stores_place_is_not_called_removed(cli, articles, tmp_path):
    # A folder where the store goes (made by hand, or committed): unlinking it fails, and the
    # run lints without its cache; the first warning said it was "removed, and a new store
    # made", the second that it could not be removed.
    cache = tmp_path / "cache"
    (cache / FILENAME).mkdir(parents=True)
    (cache / FILENAME / "kept").write_text("mine\n")
    fresh, _ = _run(cli, articles, "--no-cache")
    out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh
    assert err.count("warning:") == 1
    assert "cannot remove a planted file: Is a directory; linting without it" in err
    assert "removed" not in err
    assert (cache / FILENAME / "kept").read_text() == "mine\n"


def test_a_planted_link_beside_the_store_is_removed_and_the_store_kept(
    cli, articles, tmp_path, monkeypatch
):
    # A symbolic link in place of the store's -shm: removed, but the store itself is good
    # and is read as it is; the warning said "a new store made".
    cache = tmp_path / "cache"
    fresh, _ = _run(cli, articles, "--cache-dir", str(cache))
    (cache / f"{FILENAME}-shm").symlink_to(tmp_path / "elsewhere")
    _no_lint(monkeypatch)
    out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh
    assert f"{FILENAME}-shm was not a regular file" in err
    assert "removed, and the store kept" in err and "new store" not in err
    assert not (tmp_path / "elsewhere").exists()


def test_a_corrupt_store_that_cannot_be_removed_is_not_called_dropped(
    cli, articles, tmp_path, monkeypatch
):
    # A corrupt store in a folder this run may not write (a read-only mount, another user's
    # checkout): the warning said "whatever it held is dropped" and then "cannot replace
    # it", and the file was left as it was. Removal refused is simulated, as root may
    # remove anything.
    cache = tmp_path / "cache"
    fresh, _ = _run(cli, articles, "--no-cache")
    ResultCache(cache, _linter().rules).close()
    stored = cache / FILENAME
    stored.write_bytes(b"not our store " * 500)
    real_unlink = Path.unlink

    def read_only(self: Path, missing_ok: bool = False) -> None:
        if self.parent == cache:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only)
    out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh
    assert stored.read_bytes() == b"not our store " * 500
    assert err.count("warning:") == 1
    assert (
        "unreadable: file is not a database; cannot replace it: Permission denied; "
        "linting without it"
    ) in err
    assert "dropped" not in err


def test_a_folder_that_is_there_but_read_only_is_not_called_uncreatable(
    cli, articles, tmp_path, monkeypatch
):
    # A cache folder on a read-only file system (a checkout mounted read-only in CI): the
    # folder exists, only its .gitignore cannot be made. The warning said "cannot create the
    # folder". SQLite's refusal is simulated, as root no folder is read-only.
    cache = tmp_path / "cache"
    cache.mkdir()
    fresh, _ = _run(cli, articles, "--no-cache")
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(path).parent == cache:
            raise OSError(30, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(cache_module.os, "open", read_only)
    out, err = _run(cli, articles, "--cache-dir", str(cache))
    assert out == fresh
    assert "cannot create the folder's .gitignore: Read-only file system" in err
    assert err.count("warning:") == 1


def test_a_one_article_export_is_not_decoded_again_to_be_stored(tmp_path, monkeypatch):
    # Its document is the article's text, never the file's: decoding the file in `put` only
    # held a second copy of a long export (a 4 MB export's cold run peaked 4 MB higher).
    export = tmp_path / "one.json"
    export.write_text(json.dumps([{"id": "1", "body": "The minister said so, sources said."}]))
    linter = _linter()
    store = ResultCache(tmp_path / "cache", linter.rules)
    result = linter.lint_file(str(export))
    assert len(result.documents) == 1 and result.documents[0].article is not None
    decoded: list[bytes] = []
    real = cache_module._decoded
    monkeypatch.setattr(
        cache_module, "_decoded", lambda raw, enc: decoded.append(raw) or real(raw, enc)
    )
    raw = export.read_bytes()
    store.put(str(export), "k", result, raw, "utf-8")
    assert decoded == []
    store.save()
    back = store.get(str(export), "k", raw, "utf-8")
    assert back is not None and back.documents == [slim(d) for d in result.documents]
    # A plain file of one document is still stored without its text, read back from the bytes.
    plain = tmp_path / "one.txt"
    plain.write_text("The minister said so, sources said.\n")
    linted = linter.lint_file(str(plain))
    store.put(str(plain), "k", linted, plain.read_bytes(), "utf-8")
    assert decoded == [plain.read_bytes()]
    store.save()
    rows = dict(store.db.execute("SELECT path, value FROM results"))
    assert json.loads(rows[str(export)])["documents"][0][1] == "The minister said so, sources said."
    assert json.loads(rows[str(plain)])["documents"][0][1:3] == [None, None]  # text, view
    back = store.get(str(plain), "k", plain.read_bytes(), "utf-8")
    assert back is not None and back.documents == [slim(d) for d in linted.documents]
