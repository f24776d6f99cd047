"""The archive index in PostgreSQL: the same hits as SQLite, incremental, refuses a foreign
database, reads read-only, and holds up under concurrent writers and readers.

Against a real server (tests/postgres.py, started once per session); skipped, saying why,
without PostgreSQL's binaries or psycopg."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES
from newslint.store.archive import ArchiveError
from newslint.store.location import open_index, shown
from newslint.store.minhash import band_keys, tokens

HERE = FIXTURES / "duplicate-across-articles"
NEAR = (
    "Residents who crowded the public gallery said the closure of two branch libraries "
    "would hit elderly people and families without cars hardest, and several shouted at "
    "councillors as the vote was taken."
)


def _archive(tmp_path: Path) -> None:
    """An archive of the fixture articles and a JSON Lines export; new copy that repeats
    some of them exactly and some nearly."""
    archive = tmp_path / "archive"
    (archive / "desk").mkdir(parents=True)
    shutil.copy(HERE / "council-budget.txt", archive / "council-budget.txt")
    shutil.copy(HERE / "library-hours.txt", archive / "desk" / "library-hours.txt")
    feed = [
        {"id": "f1", "body": "A short line."},
        {"id": "f2", "body": (HERE / "library-hours.txt").read_text().split("\n\n")[2]},
    ]
    (archive / "feed.jsonl").write_text("".join(json.dumps(a) + "\n" for a in feed))
    (tmp_path / "new").mkdir()
    shutil.copy(HERE / "harbour-plan.txt", tmp_path / "new" / "harbour-plan.txt")
    (tmp_path / "new" / "sundays.md").write_text(
        "# Sundays\n\n" + "\n\n".join((HERE / "library-hours.txt").read_text().split("\n\n")[1:3])
    )


def _against(cli, tmp_path: Path, index: str, *extra: str):
    return cli("--isolated", "--no-cache", "--against", index, *extra, "new", cwd=tmp_path)


def _contents(index: str) -> set[tuple[str, int, int, str]]:
    """Every stored paragraph (path, start, end, words) of an SQLite or PostgreSQL index."""
    if index.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(index) as db:
            return set(
                db.execute(
                    'SELECT a.path, p.start, p."end", p.words FROM newslint_paragraphs p '
                    "JOIN newslint_articles a ON a.id = p.article"
                )
            )
    db = sqlite3.connect(index)
    try:
        return set(
            db.execute(
                "SELECT a.path, p.start, p.end, p.words FROM paragraphs p "
                "JOIN articles a ON a.id = p.article"
            )
        )
    finally:
        db.close()


def _bands(index: str) -> Counter[tuple[str, int]]:
    """Every stored (words, band key) pair, counted by how many paragraphs hold it."""
    if index.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(index) as db:
            found = db.execute(
                "SELECT p.words, b.key FROM newslint_bands b "
                "JOIN newslint_paragraphs p ON p.id = b.paragraph"
            ).fetchall()
    else:
        db = sqlite3.connect(index)
        found = db.execute(
            "SELECT p.words, b.key FROM bands b JOIN paragraphs p ON p.id = b.paragraph"
        ).fetchall()
        db.close()
    return Counter(found)


def test_check_against_postgres_reports_what_check_against_sqlite_reports(cli, tmp_path, pg_url):
    _archive(tmp_path)
    sqlite_index = str(tmp_path / "index.sqlite")
    for index in (sqlite_index, pg_url):
        made = cli("index", "archive", "--index", index, cwd=tmp_path)
        assert made.code == 0, made.err
        assert made.out.startswith("Indexed 3 new or changed articles, 0 unchanged, 0 removed")
    assert _contents(pg_url) == _contents(sqlite_index)
    assert _bands(pg_url) == _bands(sqlite_index)
    for form in ("pretty", "json", "sarif"):
        on_sqlite = _against(cli, tmp_path, sqlite_index, "--output-format", form)
        on_postgres = _against(cli, tmp_path, pg_url, "--output-format", form)
        assert on_postgres.code == on_sqlite.code == 1
        assert on_postgres.out == on_sqlite.out
        assert on_postgres.err == on_sqlite.err == ""
    findings = _against(cli, tmp_path, pg_url, "--output-format", "json").json()
    messages = {(f["path"], f["message"].split(" in ")[0]) for f in findings if f["code"] == "D003"}
    # Exactly, nearly, and from a JSON export's article.
    assert ("new/harbour-plan.txt", "paragraph was already published word for word") in messages
    assert any(m.startswith("paragraph was already published nearly") for _, m in messages)
    assert any(r["path"] == "archive/feed.jsonl" for f in findings for r in f["related"])


def test_the_stores_answer_every_lookup_alike(cli, tmp_path, pg_url):
    from newslint.store.minhash import band_keys, tokens

    _archive(tmp_path)
    sqlite_index = str(tmp_path / "index.sqlite")
    for index in (sqlite_index, pg_url):
        assert cli("index", "archive", "--index", index, cwd=tmp_path).code == 0
    words = tokens(NEAR)
    stores = [open_index(sqlite_index), open_index(pg_url)]
    try:
        first, second = ([s.exact(" ".join(words)), s.candidates(band_keys(words))] for s in stores)
        assert first == second
        assert first[0] == [] and [h.path for h in first[1]] == ["archive/council-budget.txt"]
        # Keys repeated or unknown change nothing.
        keys = band_keys(words) * 2 + [0, 2**64 - 1]
        assert stores[0].candidates(keys) == stores[1].candidates(keys) == first[1]
    finally:
        for store in stores:
            store.close()


def test_reindexing_skips_unchanged_replaces_changed_and_drops_gone(cli, tmp_path, pg_url):
    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    again = cli("index", "archive", "--index", pg_url, cwd=tmp_path)
    assert again.out.startswith("Indexed 0 new or changed articles, 3 unchanged, 0 removed")

    budget = tmp_path / "archive" / "council-budget.txt"
    budget.write_text(budget.read_text().replace("4.2 million", "5.9 million"))
    (tmp_path / "archive" / "desk" / "library-hours.txt").unlink()
    changed = cli("index", "archive", "--index", pg_url, cwd=tmp_path)
    assert changed.code == 0
    assert changed.out.startswith("Indexed 1 new or changed article, 1 unchanged, 1 removed")

    fresh = str(tmp_path / "fresh.sqlite")
    assert cli("index", "archive", "--index", fresh, cwd=tmp_path).code == 0
    assert _contents(pg_url) == _contents(fresh)
    result = _against(cli, tmp_path, pg_url)
    assert "already published word for word in archive/council-budget.txt" not in result.out
    assert "library-hours" not in result.out


def test_indexing_a_subfolder_leaves_the_rest_of_the_index(cli, tmp_path, pg_url):
    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    before = _contents(pg_url)
    again = cli("index", "archive/desk", "--index", pg_url, cwd=tmp_path)
    assert again.out.startswith("Indexed 0 new or changed articles, 1 unchanged, 0 removed")
    assert _contents(pg_url) == before


def _snapshot(url: str) -> list[tuple]:
    """The database's relations, functions and triggers, and every row of its tables."""
    import psycopg

    with psycopg.connect(url) as db:
        objects = db.execute(
            "SELECT relname::text, relkind::text FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace UNION ALL "
            "SELECT proname::text, 'f' FROM pg_proc WHERE pronamespace = 'public'::regnamespace "
            "UNION ALL SELECT tgname::text, 't' FROM pg_trigger WHERE NOT tgisinternal "
            "ORDER BY 1, 2"
        ).fetchall()
        rows = []
        for name, kind in objects:
            if kind == "r":
                rows += [(name, *r) for r in db.execute(f'SELECT * FROM "{name}" ORDER BY 1')]
    return objects + sorted(rows, key=repr)


FOREIGN = {
    "other-application": "CREATE TABLE customers (id integer, name text);"
    "INSERT INTO customers VALUES (1, 'Ada')",
    "look-alike": "CREATE TABLE newslint_articles (id bigint, path text)",
    "a-function": "CREATE FUNCTION newslint_hook() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
}


@pytest.mark.parametrize("make", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_database_that_is_not_an_index_is_refused_and_left_alone(cli, tmp_path, pg_url, make):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute(make)
    before = _snapshot(pg_url)
    _archive(tmp_path)
    for result in (
        cli("index", "archive", "--index", pg_url, cwd=tmp_path),
        _against(cli, tmp_path, pg_url),
    ):
        assert result.code == 2
        assert f"{pg_url}: not a newslint index" in result.err
        assert "internal error" not in result.err
    assert _snapshot(pg_url) == before


PLANTED = {
    "trigger": "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS "
    "'BEGIN RETURN NEW; END'; CREATE TRIGGER t BEFORE INSERT ON newslint_articles "
    "FOR EACH ROW EXECUTE FUNCTION f()",
    "view": "CREATE VIEW v AS SELECT * FROM newslint_articles",
    "table": "CREATE TABLE extra (x integer)",
    "default": "ALTER TABLE newslint_bands ALTER COLUMN key SET DEFAULT 7",
    "check": "ALTER TABLE newslint_bands ADD CONSTRAINT c CHECK (key <> 0)",
    "other-column": "ALTER TABLE newslint_paragraphs RENAME COLUMN words TO wordz",
    "no-marker": "DELETE FROM newslint_meta",
    "rule": "CREATE RULE r AS ON INSERT TO newslint_bands DO INSTEAD NOTHING",
    "row-security": "ALTER TABLE newslint_articles ENABLE ROW LEVEL SECURITY",
}


@pytest.mark.parametrize("plant", PLANTED.values(), ids=PLANTED.keys())
def test_an_index_holding_more_than_an_index_is_refused(cli, tmp_path, pg_url, plant):
    import psycopg

    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute(plant)
    before = _snapshot(pg_url)
    (tmp_path / "archive" / "more.txt").write_text(NEAR + "\n")
    for result in (
        _against(cli, tmp_path, pg_url),
        cli("index", "archive", "--index", pg_url, cwd=tmp_path),
    ):
        assert result.code == 2 and f"{pg_url}: not a newslint index" in result.err
    assert _snapshot(pg_url) == before


def test_against_an_empty_database_is_refused_and_creates_nothing(cli, tmp_path, pg_url):
    _archive(tmp_path)
    before = _snapshot(pg_url)
    result = _against(cli, tmp_path, pg_url)
    assert result.code == 2 and "not a newslint index (schema public is empty)" in result.err
    assert _snapshot(pg_url) == before == []


def test_against_reads_in_a_read_only_transaction(cli, tmp_path, pg_url):
    import psycopg

    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    before = _snapshot(pg_url)
    assert _against(cli, tmp_path, pg_url).code == 1
    assert _snapshot(pg_url) == before
    store = open_index(pg_url)
    try:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            store.db.execute("DELETE FROM public.newslint_bands")  # type: ignore[attr-defined]
    finally:
        store.close()
    assert _snapshot(pg_url) == before


def test_a_server_lost_mid_check_is_an_error_naming_the_index(cli, tmp_path, pg_url):
    import psycopg

    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    store = open_index(pg_url)
    try:
        assert store.exact("nothing like this was ever published") == []
        (pid,) = store.db.execute("SELECT pg_backend_pid()").fetchone()  # type: ignore[attr-defined]
        with psycopg.connect(pg_url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(ArchiveError, match=f"^{pg_url.replace('?', '[?]')}: cannot read"):
            store.candidates([1, 2, 3])
    finally:
        store.close()


def test_functions_a_database_puts_on_the_search_path_are_never_called(cli, tmp_path, pg_url):
    # A database's default search_path can name a schema whose functions match the
    # argument types newslint passes better than PostgreSQL's own (unnest of a bigint[]).
    import psycopg

    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    name = pg_url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute(
            "CREATE SCHEMA trap; CREATE FUNCTION trap.unnest(a bigint[]) RETURNS SETOF bigint "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'trapped'; END $$; "
            f"ALTER DATABASE {name} SET search_path = public, trap, pg_catalog"
        )
    result = _against(cli, tmp_path, pg_url)
    assert result.code == 1 and "trapped" not in result.err
    assert "already published nearly" in result.out


def test_a_password_is_never_shown(cli, tmp_path):
    pytest.importorskip("psycopg", reason="psycopg (the postgres extra) is not installed")
    url = f"postgresql://editor:s3cr3t-pw@/archive?host={tmp_path}/nowhere&password=s3cr3t-pw"
    assert shown(url) == (f"postgresql://editor:***@/archive?host={tmp_path}/nowhere&password=***")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "a.txt").write_text(NEAR + "\n")
    for result in (
        _against(cli, tmp_path, url),
        cli("index", "new", "--index", url, cwd=tmp_path),
    ):
        assert result.code == 2
        assert "postgresql://editor:***@/archive" in result.err and "cannot connect" in result.err
        assert "s3cr3t" not in result.err + result.out


def test_without_the_postgres_extra_a_url_is_a_clear_error(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` fails
    monkeypatch.delitem(sys.modules, "newslint.store.pgarchive", raising=False)
    with pytest.raises(ArchiveError, match=r"pip install 'newslint\[postgres\]'"):
        open_index("postgresql://editor:pw@db.example/archive")
    (tmp_path / "new").mkdir()
    result = _against(cli, tmp_path, "postgres://editor:pw@db.example/archive")
    assert result.code == 2 and "newslint[postgres]" in result.err and ":pw@" not in result.err


def test_a_plain_check_never_imports_psycopg(tmp_path):
    code = (
        "import sys; from newslint.cli.main import main; "
        f"main(['--isolated', '--no-cache', '-q', {str(HERE)!r}]); "
        "print('psycopg' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def _big_archive(root: Path, articles: int) -> None:
    """`articles` made-up articles of eight paragraphs over three desks; every fifth
    paragraph is shared by many articles, so writers touch the same band keys."""
    nouns = "council harbour library bridge school hospital market station".split()
    verbs = "approved delayed funded closed reopened reviewed expanded named".split()
    for n in range(articles):
        desk = root / ("city", "county", "sport")[n % 3]
        desk.mkdir(parents=True, exist_ok=True)
        paragraphs = [f"Story {n} headline"]
        for p in range(8):
            if p == 4:
                paragraphs.append(
                    "The spokesperson said the decision had been taken after a long "
                    f"consultation with residents of the {nouns[n % 8]} district."
                )
                continue
            words = [f"{nouns[(n + p + k) % 8]}{(n * 7 + p * 3 + k) % 97}" for k in range(6)]
            paragraphs.append(
                f"The {nouns[p]} board {verbs[(n + p) % 8]} plan {n}-{p} on "
                f"{' '.join(words)} after a vote that ran late into the evening."
            )
        (desk / f"story-{n:04d}.txt").write_text("\n\n".join(paragraphs) + "\n")


def _index(tmp_path: Path, folder: str, url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newslint", "index", folder, "--index", url],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_two_writers_and_readers_at_once_leave_a_consistent_index(cli, tmp_path, pg_url):
    import psycopg

    archive = tmp_path / "archive"
    _big_archive(archive, 240)
    expected = str(tmp_path / "expected.sqlite")
    assert cli("index", "archive", "--index", expected, cwd=tmp_path).code == 0
    sizes: dict[str, int] = {}
    for path, *_ in _contents(expected):
        sizes[path] = sizes.get(path, 0) + 1
    (tmp_path / "new").mkdir()
    shutil.copy(archive / "city" / "story-0000.txt", tmp_path / "new" / "again.txt")

    # Seen by a reader while the writers work: an article's paragraphs all or none.
    torn: list[str] = []
    reads = 0
    done = threading.Event()

    def read() -> None:
        nonlocal reads
        with psycopg.connect(pg_url) as db:
            db.read_only = True
            db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            while not done.is_set():
                time.sleep(0.02)
                try:
                    counts = db.execute(
                        "SELECT a.path, count(p.id) FROM newslint_articles a "
                        "LEFT JOIN newslint_paragraphs p ON p.article = a.id GROUP BY a.path"
                    ).fetchall()
                except psycopg.errors.UndefinedTable:  # not created yet
                    continue
                finally:
                    db.rollback()  # the next read, a new snapshot
                torn.extend(path for path, count in counts if count != sizes[path])
                reads += 1

    reader = threading.Thread(target=read)
    reader.start()
    try:
        # Overlapping folders, both meeting an empty database: the whole archive, one of
        # its desks, and the whole archive again.
        writers = [_index(tmp_path, f, pg_url) for f in ("archive", "archive/city", "archive")]
        checks = []
        while any(w.poll() is None for w in writers):
            checks.append(_against(cli, tmp_path, pg_url, "--output-format", "json"))
            time.sleep(0.2)
        outputs = [w.communicate(timeout=120) for w in writers]
    finally:
        done.set()
        reader.join(timeout=60)
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert err == "" and out.startswith("Indexed ")
    assert torn == [] and reads > 0 and checks
    # A check run mid-write finds the index made or not yet made, never broken.
    for result in checks:
        assert result.code in (0, 1, 2), result.err
        assert result.code != 2 or "schema public is empty" in result.err, result.err
        assert "internal error" not in result.err
    assert _contents(pg_url) == _contents(expected)
    assert _bands(pg_url) == _bands(expected)
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT count(*) FROM newslint_articles").fetchone() == (240,)
    final = _against(cli, tmp_path, pg_url)
    assert final.code == 1 and "archive/city/story-0000.txt" in final.out


# Reached from outside the schema: a table of another schema that inherits an index table
# (a DELETE of the parent's rows deletes the child's, firing its triggers), or one whose
# foreign key cascades from an index table's deletes (firing its triggers).
OUTSIDE = {
    "case-blind-paths": "CREATE COLLATION elsewhere.blind (provider = icu, "
    "locale = 'und-u-ks-level2', deterministic = false); "
    "ALTER TABLE public.newslint_articles ALTER COLUMN path TYPE text COLLATE elsewhere.blind",
    "child-table": "CREATE TABLE elsewhere.kid () INHERITS (public.newslint_paragraphs); "
    "INSERT INTO elsewhere.kid SELECT * FROM ONLY public.newslint_paragraphs; "
    "CREATE TRIGGER t BEFORE DELETE ON elsewhere.kid FOR EACH ROW EXECUTE FUNCTION elsewhere.f()",
    "cascading-key": "CREATE TABLE elsewhere.ref "
    "(a bigint REFERENCES public.newslint_articles ON DELETE CASCADE); "
    "INSERT INTO elsewhere.ref SELECT id FROM public.newslint_articles; "
    "CREATE TRIGGER t BEFORE DELETE ON elsewhere.ref FOR EACH ROW EXECUTE FUNCTION elsewhere.f()",
}


@pytest.mark.parametrize("plant", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_what_other_schemas_tie_to_the_index_is_refused_and_never_runs(
    cli, tmp_path, pg_url, plant
):
    import psycopg

    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute(
            "CREATE SCHEMA elsewhere; CREATE TABLE elsewhere.ran (who text); "
            "CREATE FUNCTION elsewhere.f() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN INSERT INTO elsewhere.ran VALUES (current_user); RETURN OLD; END $$"
        )
        db.execute(plant)
    budget = tmp_path / "archive" / "council-budget.txt"
    budget.write_text(budget.read_text().replace("4.2 million", "5.9 million"))
    (tmp_path / "archive" / "desk" / "library-hours.txt").unlink()
    result = cli("index", "archive", "--index", pg_url, cwd=tmp_path)
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT count(*) FROM elsewhere.ran").fetchone() == (0,)
    assert result.code == 2 and f"{pg_url}: not a newslint index" in result.err


def test_a_schema_named_with_a_percent_sign_is_the_schema_used(cli, tmp_path, pg_url):
    # psycopg reads `%%` in a query with parameters as `%`: were the name put in as it is,
    # the lookups would read `a%b`, a schema never checked, rather than `a%%b`.
    import psycopg

    _archive(tmp_path)
    name = pg_url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute('CREATE SCHEMA "a%%b"; CREATE SCHEMA "a%b"')
        db.execute(f'ALTER DATABASE {name} SET search_path = "a%%b"')
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    with psycopg.connect(pg_url, autocommit=True) as db:
        # A look-alike in `a%b`, whose reads would run planted code.
        db.execute(
            'CREATE FUNCTION "a%b".boom() RETURNS bigint LANGUAGE plpgsql AS '
            "$$ BEGIN RAISE EXCEPTION 'planted code ran'; END $$; "
            'CREATE VIEW "a%b".newslint_paragraphs AS SELECT id, article, start, "end", words, '
            '"a%b".boom() AS exact FROM "a%%b".newslint_paragraphs; '
            'CREATE VIEW "a%b".newslint_articles AS SELECT * FROM "a%%b".newslint_articles'
        )
    result = _against(cli, tmp_path, pg_url)
    assert result.code == 1 and "planted code" not in result.err, result.err
    assert "already published word for word" in result.out
    (tmp_path / "archive" / "more.txt").write_text(NEAR + "\n")
    again = cli("index", "archive", "--index", pg_url, cwd=tmp_path)
    assert again.code == 0 and again.out.startswith("Indexed 1 new"), again.err


def test_a_schema_holding_only_another_applications_types_is_not_empty(cli, tmp_path, pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("CREATE TYPE mood AS ENUM ('calm', 'cross')")
    before = _snapshot(pg_url)
    _archive(tmp_path)
    result = cli("index", "archive", "--index", pg_url, cwd=tmp_path)
    assert result.code == 2 and f"{pg_url}: not a newslint index" in result.err
    assert "mood" in result.err
    assert _snapshot(pg_url) == before


MALFORMED = {
    "bad-escape": "postgresql://editor:s3cr3t%zz@/archive?host={tmp}/nowhere",
    "bad-escape-in-query": "postgresql://editor@/archive?host={tmp}/nowhere&password=s3cr3t%zz",
    "space": "postgresql://editor:s3 cr3t@/archive?host={tmp}/nowhere",
    "slash": "postgresql://editor:s3/cr3t@/archive?host={tmp}/nowhere",
    "capital-scheme": "PostgreSQL://editor:s3cr3t@/archive?host={tmp}/nowhere",
    "broken-ipv6": "postgresql://editor:s3cr3t@[::1/archive",
}


@pytest.mark.parametrize("url", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_password_in_a_url_libpq_cannot_read_is_never_shown(cli, tmp_path, url):
    # libpq's messages about a URL it cannot parse quote the part it stopped at.
    pytest.importorskip("psycopg", reason="psycopg (the postgres extra) is not installed")
    url = url.format(tmp=tmp_path)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "a.txt").write_text(NEAR + "\n")
    for result in (
        _against(cli, tmp_path, url),
        cli("index", "new", "--index", url, cwd=tmp_path),
    ):
        assert result.code == 2, result.err
        assert "://editor" in result.err and "internal error" not in result.err, result.err
        for part in ("s3cr3t", "s3 cr3t", "s3/cr3t", "cr3t"):
            assert part not in result.err + result.out, result.err


def test_a_capital_scheme_is_read_as_the_url_it_is(cli, tmp_path, pg_url):
    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    result = _against(cli, tmp_path, "PostgreSQL" + pg_url.removeprefix("postgresql"))
    assert result.code == 1 and "already published word for word" in result.out, result.err


def test_a_file_whose_name_is_not_utf8_is_an_error_and_the_rest_is_indexed(cli, tmp_path, pg_url):
    _archive(tmp_path)
    text = (HERE / "harbour-plan.txt").read_bytes()
    try:
        with open(os.path.join(os.fsencode(tmp_path), b"archive", b"caf\xe9.txt"), "wb") as out:
            out.write(text)
    except OSError:
        pytest.skip("this file system takes only UTF-8 names")
    result = cli("index", "archive", "--index", pg_url, cwd=tmp_path)
    assert result.code == 2 and "internal error" not in result.err, result.err
    assert "archive/caf\\xe9.txt: the file's name is not UTF-8" in result.err
    assert result.out.startswith("Indexed 3 new or changed articles, 0 unchanged, 0 removed")
    assert {path for path, *_ in _contents(pg_url)} == {
        "archive/council-budget.txt",
        "archive/desk/library-hours.txt",
        "archive/feed.jsonl",
    }


def test_an_index_of_a_newer_schema_version_is_refused_saying_so(cli, tmp_path, pg_url):
    import psycopg

    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute(
            "UPDATE newslint_meta SET value = '2' WHERE key = 'schema_version'; "
            "ALTER TABLE newslint_articles ADD COLUMN indexed timestamptz; "
            "CREATE TABLE newslint_sources (id bigint)"
        )
    before = _snapshot(pg_url)
    for result in (
        _against(cli, tmp_path, pg_url),
        cli("index", "archive", "--index", pg_url, cwd=tmp_path),
    ):
        assert result.code == 2
        assert "an index of schema version 2, made by another version of newslint" in result.err
    assert _snapshot(pg_url) == before


def test_a_temporary_schema_is_refused_rather_than_an_index_that_vanishes(cli, tmp_path, pg_url):
    _archive(tmp_path)
    temporary = f"{pg_url}&options=-csearch_path%3Dpg_temp"
    result = cli("index", "archive", "--index", temporary, cwd=tmp_path)
    assert result.code == 2 and "is PostgreSQL's own or a temporary one" in result.err
    assert _snapshot(pg_url) == []


def test_a_check_that_lints_long_outlasts_an_idle_transaction_timeout(cli, tmp_path, pg_url):
    # Servers often end a session idle in a transaction; the check's snapshot is taken at
    # its first lookup, after the linting, not held open all through it.
    import psycopg

    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    name = pg_url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute(f"ALTER DATABASE {name} SET idle_in_transaction_session_timeout = '200ms'")
    store = open_index(pg_url)
    try:
        time.sleep(0.6)  # linting
        assert [h.path for h in store.candidates(band_keys(tokens(NEAR)))] == [
            "archive/council-budget.txt"
        ]
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            store.db.execute("DELETE FROM public.newslint_bands")  # type: ignore[attr-defined]
    finally:
        store.close()


def test_a_reader_checks_the_index_again_in_its_snapshot(cli, tmp_path, pg_url):
    import psycopg

    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    store = open_index(pg_url)
    try:
        with psycopg.connect(pg_url, autocommit=True) as db:
            db.execute("CREATE VIEW v AS SELECT 1")
        with pytest.raises(ArchiveError, match="not a newslint index"):
            store.exact("nothing like this was ever published")
    finally:
        store.close()


@pytest.mark.parametrize("isolation", ["repeatable read", "serializable"])
def test_writers_at_once_whatever_the_databases_default_isolation(tmp_path, pg_url, isolation):
    import psycopg

    _big_archive(tmp_path / "archive", 90)
    name = pg_url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute(f"ALTER DATABASE {name} SET default_transaction_isolation = '{isolation}'")
    writers = [_index(tmp_path, f, pg_url) for f in ("archive", "archive/city", "archive") * 2]
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0 and err == "", err
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT count(*) FROM newslint_articles").fetchone() == (90,)


def test_a_latin_1_database_is_refused_and_a_latin_1_client_encoding_overridden(
    cli, tmp_path, postgres_server
):
    import psycopg

    _archive(tmp_path)
    (tmp_path / "archive" / "tokyo.txt").write_text(
        "Officials in Tōkyō said the 東京 plan — costing ¥4bn — would go ahead next year.\n"
    )
    name = f"t_enc_{os.getpid()}"
    with psycopg.connect(postgres_server.url(), autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}_l ENCODING 'LATIN1' TEMPLATE template0")
        db.execute(f"CREATE DATABASE {name}_c")
        db.execute(f"ALTER DATABASE {name}_c SET client_encoding = 'LATIN1'")
    latin = cli("index", "archive", "--index", postgres_server.url(f"{name}_l"), cwd=tmp_path)
    assert latin.code == 2 and "the database's encoding is LATIN1" in latin.err, latin.err
    client = cli("index", "archive", "--index", postgres_server.url(f"{name}_c"), cwd=tmp_path)
    assert client.code == 0, client.err
    stored = _contents(postgres_server.url(f"{name}_c") + "&client_encoding=UTF8")
    assert "archive/tokyo.txt" in {path for path, *_ in stored}


def test_a_role_that_may_not_create_tables_is_told_so(cli, tmp_path, pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("DROP ROLE IF EXISTS reader; CREATE ROLE reader LOGIN")
    _archive(tmp_path)
    reader = pg_url.replace("user=newslint", "user=reader")
    result = cli("index", "archive", "--index", reader, cwd=tmp_path)
    assert result.code == 2
    assert "cannot make the index in schema public: permission denied" in result.err
    assert _snapshot(pg_url) == []


def test_a_server_lost_mid_check_fails_the_check_naming_the_index(
    cli, tmp_path, pg_url, monkeypatch
):
    import psycopg

    from newslint.store import pgarchive

    _archive(tmp_path)
    assert cli("index", "archive", "--index", pg_url, cwd=tmp_path).code == 0
    reading = pgarchive.PgArchive._reading

    def lost(self):  # the server ends the connection before the first lookup
        with psycopg.connect(pg_url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (self.db.info.backend_pid,))
        return reading(self)

    monkeypatch.setattr(pgarchive.PgArchive, "_reading", lost)
    result = _against(cli, tmp_path, pg_url, "--output-format", "json")
    assert result.code == 2
    assert f"error: (archive index): {pg_url}: cannot read the index" in result.err
    assert "internal error" not in result.err


def test_indexing_the_working_folder_keeps_an_archive_beside_it(cli, tmp_path, pg_url):
    (tmp_path / "published").mkdir()
    (tmp_path / "repo").mkdir()
    shutil.copy(HERE / "council-budget.txt", tmp_path / "published" / "council-budget.txt")
    shutil.copy(HERE / "harbour-plan.txt", tmp_path / "repo" / "harbour-plan.txt")
    repo = tmp_path / "repo"
    assert cli("index", "../published", "--index", pg_url, cwd=repo).code == 0
    again = cli("index", ".", "--index", pg_url, cwd=repo)
    assert again.out.startswith("Indexed 1 new or changed article, 0 unchanged, 0 removed")
    paths = {path for path, *_ in _contents(pg_url)}
    assert paths == {"../published/council-budget.txt", "harbour-plan.txt"}


def test_the_throwaway_server_starts_under_a_private_tmpdir(tmp_path, monkeypatch, postgres_server):
    # As root the server runs as `postgres`, which cannot enter a folder only root may
    # (pytest's own temporary folders are such); a long TMPDIR would also overflow the
    # socket's path. .ci/run must not fail on where TMPDIR points.
    import tempfile

    from postgres import Server

    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", None)
    server = Server.start()
    assert server is not None
    try:
        assert server.database("started").startswith("postgresql:///started?host=")
    finally:
        server.stop()
