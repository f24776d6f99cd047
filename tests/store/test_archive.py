"""`--against` opens an index read-only and refuses a file that is not one."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES
from newslint.store.archive import APPLICATION_ID, Archive, ArchiveError

HERE = FIXTURES / "duplicate-across-articles"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def index(cli, tmp_path) -> Path:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(HERE / "council-budget.txt", archive / "council-budget.txt")
    built = tmp_path / "index.sqlite"
    assert cli("index", "archive", "--index", str(built), cwd=tmp_path).code == 0
    (tmp_path / "new").mkdir()
    shutil.copy(HERE / "harbour-plan.txt", tmp_path / "new" / "harbour-plan.txt")
    return built


def _against(cli, tmp_path, index: Path):
    return cli("--isolated", "--no-cache", "--against", str(index), "new", cwd=tmp_path)


def test_an_index_is_marked_as_ours(index):
    db = sqlite3.connect(index)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()


def test_against_never_writes_into_the_index(cli, tmp_path, index):
    before = _digest(index)
    result = _against(cli, tmp_path, index)
    assert result.code == 1 and "already published" in result.out
    assert _digest(index) == before


def test_against_reads_a_read_only_index(cli, tmp_path, index):
    if os.geteuid() == 0:
        # root may write anyway; prove the connection itself refuses writes
        store = Archive(index)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.db.execute("CREATE TABLE planted (x)")
        store.close()
    index.chmod(0o444)
    assert _against(cli, tmp_path, index).code == 1


@pytest.mark.parametrize(
    "make",
    [
        lambda db: db.execute("CREATE TABLE customers (id INTEGER, name TEXT)"),
        lambda db: None,  # an empty SQLite database
        lambda db: db.execute("CREATE TABLE articles (id INTEGER, path TEXT)"),  # half a schema
    ],
    ids=["other-application", "empty", "look-alike"],
)
def test_against_refuses_another_sqlite_file_and_leaves_it_alone(cli, tmp_path, index, make):
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    make(db)
    db.commit()
    db.close()
    before = _digest(other)
    result = _against(cli, tmp_path, other)
    assert result.code == 2
    assert f"{other}: not a newslint index" in result.err
    assert _digest(other) == before


def test_against_refuses_a_file_that_is_not_sqlite(cli, tmp_path, index):
    other = tmp_path / "notes.txt"
    other.write_text("just some notes\n" * 100)
    result = _against(cli, tmp_path, other)
    assert result.code == 2 and f"{other}: not a newslint index" in result.err
    assert other.read_text() == "just some notes\n" * 100


def test_index_refuses_to_write_into_another_database(cli, tmp_path):
    other = tmp_path / "app.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE customers (id INTEGER)")
    db.commit()
    db.close()
    before = _digest(other)
    (tmp_path / "archive").mkdir()
    shutil.copy(HERE / "council-budget.txt", tmp_path / "archive" / "a.txt")
    result = cli("index", "archive", "--index", str(other), cwd=tmp_path)
    assert result.code == 2 and "not a newslint index" in result.err
    assert _digest(other) == before


def test_an_unmarked_index_of_an_older_version_is_still_read(cli, tmp_path, index):
    db = sqlite3.connect(index)
    db.execute("PRAGMA application_id=0")
    db.commit()
    db.close()
    assert _against(cli, tmp_path, index).code == 1
    with pytest.raises(ArchiveError):
        Archive(tmp_path / "missing.sqlite")


@pytest.mark.parametrize(
    "plant",
    [
        "CREATE TRIGGER t AFTER INSERT ON articles BEGIN DELETE FROM paragraphs; END",
        "CREATE VIEW v AS SELECT * FROM articles",
        "CREATE TABLE extra (x)",
        "DROP TABLE bands; CREATE VIRTUAL TABLE bands USING fts5(key, paragraph)",
        "ALTER TABLE paragraphs RENAME COLUMN words TO wordz",
    ],
    ids=["trigger", "view", "table", "virtual-table", "other-column"],
)
def test_against_refuses_a_marked_index_holding_more(cli, tmp_path, index, plant):
    # The mark is a pragma anyone can set: the schema must be the index's and nothing else.
    db = sqlite3.connect(index)
    db.executescript(plant)
    db.close()
    before = _digest(index)
    result = _against(cli, tmp_path, index)
    assert result.code == 2 and f"{index}: not a newslint index" in result.err
    assert "internal error" not in result.err
    assert _digest(index) == before


def test_against_refuses_a_wal_database_and_creates_nothing_beside_it(cli, tmp_path, index):
    db = sqlite3.connect(index)
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    result = _against(cli, tmp_path, index)
    assert result.code == 2 and "not a newslint index" in result.err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("index")) == [
        "index.sqlite"
    ]


def test_a_place_in_an_archive_indexed_as_latin_1_is_its_own_line(cli, tmp_path):
    # `newslint index --encoding latin-1` counts offsets in the file's characters; the
    # report read the file as UTF-8 only, failed, and put "published here" at 1:1.
    para = (
        "The harbour authority confirmed on Tuesday that the old swing bridge will close "
        "for six months of structural repairs starting in March."
    )
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.txt").write_bytes(
        f"Le café près du port a fermé.\n\nIntro.\n\n{para}\n".encode("latin-1")
    )
    built = tmp_path / "index.sqlite"
    made = cli("index", "archive", "--index", str(built), "--encoding", "latin-1", cwd=tmp_path)
    assert made.code == 0
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "b.txt").write_text(para + "\n")
    result = _against(cli, tmp_path, built)
    assert "published here: archive/a.txt:5:1" in result.out


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_paragraph_published_in_a_json_export_is_placed_in_its_article(cli, tmp_path, suffix):
    # The index stored offsets into each article field's decoded text under the file's
    # path, so "published here" pointed into the wrong article (line 2, column 35 of a
    # JSONL whose second article's first paragraph was meant; 1:1 for the first).
    import json

    first = (
        "The harbour authority confirmed on Tuesday that the old swing bridge will close "
        "for six months of structural repairs starting in March."
    )
    second = (
        "Local traders said the closure would cut footfall along the quay, and the council "
        "promised a free shuttle bus between the two banks."
    )
    articles = [
        {"id": "other", "body": "Nothing to see here at all today, said nobody in particular."},
        {"id": "bridge", "body": f"{first}\n\n{second}"},
    ]
    (tmp_path / "archive").mkdir()
    export = tmp_path / "archive" / f"feed{suffix}"
    if suffix == ".jsonl":
        export.write_text("".join(json.dumps(a) + "\n" for a in articles))
    else:
        export.write_text(json.dumps(articles, indent=2) + "\n")
    built = tmp_path / "index.sqlite"
    assert cli("index", "archive", "--index", str(built), cwd=tmp_path).code == 0
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "b.md").write_text(f"# New\n\n{second}\n\n{first}\n")
    result = _against(cli, tmp_path, built)
    text = export.read_text()
    lines = text.splitlines()
    for para in (first, second):
        at = text.index(json.dumps(para)[1:-1].split("\\n")[0])
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        assert para[:20] in lines[line - 1][column - 1 :]
        assert f"published here: archive/feed{suffix}:{line}:{column}" in result.out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_index_skips_a_named_pipe_and_a_device_as_check_does(tmp_path):
    # The index read each file with Path.read_bytes: opening a FIFO waited for a writer
    # forever, and a link to /dev/zero read until memory ran out.
    archive = tmp_path / "archive"
    archive.mkdir()
    os.mkfifo(archive / "pipe.txt")
    (archive / "zero.txt").symlink_to("/dev/zero")
    shutil.copy(HERE / "council-budget.txt", archive / "council-budget.txt")
    # In a process of its own: before the fix this never returned.
    result = subprocess.run(
        [sys.executable, "-m", "newslint", "index", "archive", "--index", "i.sqlite"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "pipe.txt: a named pipe (FIFO)" in result.stderr
    assert "zero.txt: a character device" in result.stderr
    assert "Indexed 1 new or changed article" in result.stdout


def test_against_from_another_folder_names_and_places_the_archive_file(cli, tmp_path, index):
    # Paths were stored as given at `newslint index` time, relative to its working folder:
    # checked from elsewhere, "published in archive/..." named a file that is not there
    # and the place fell back to 1:1.
    result = cli("--isolated", "--no-cache", "--against", str(index), ".", cwd=tmp_path / "new")
    assert "already published" in result.out
    assert "published here: ../archive/council-budget.txt:" in result.out
    assert "council-budget.txt:1:1" not in result.out


def test_a_file_whose_name_is_not_utf8_is_an_error_naming_it_and_the_rest_is_indexed(cli, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    text = (HERE / "council-budget.txt").read_bytes()
    (archive / "plain.txt").write_bytes(text)
    try:
        with open(os.path.join(os.fsencode(archive), b"caf\xe9.txt"), "wb") as handle:
            handle.write(text)
    except OSError:
        pytest.skip("this file system takes only UTF-8 names")
    result = cli("index", "archive", "--index", "index.sqlite", cwd=tmp_path)
    assert result.code == 2 and "internal error" not in result.err, result.err
    assert "archive/caf\\xe9.txt: the file's name is not UTF-8" in result.err
    assert result.out.startswith("Indexed 1 new or changed article, 0 unchanged, 0 removed")


def test_indexing_the_working_folder_keeps_an_archive_beside_it(cli, tmp_path):
    (tmp_path / "published").mkdir()
    (tmp_path / "repo").mkdir()
    shutil.copy(HERE / "council-budget.txt", tmp_path / "published" / "council-budget.txt")
    shutil.copy(HERE / "harbour-plan.txt", tmp_path / "repo" / "harbour-plan.txt")
    repo = tmp_path / "repo"
    assert cli("index", "../published", "--index", "index.sqlite", cwd=repo).code == 0
    again = cli("index", ".", "--index", "index.sqlite", cwd=repo)
    assert again.out.startswith("Indexed 1 new or changed article, 0 unchanged, 0 removed")
    db = sqlite3.connect(repo / "index.sqlite")
    try:
        paths = {p for (p,) in db.execute("SELECT path FROM articles")}
    finally:
        db.close()
    assert paths == {"../published/council-budget.txt", "harbour-plan.txt"}
