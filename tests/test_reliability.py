"""Bad input, hostile input and --fix: each file's problem is that file's, never the run's,
and --fix never loses a word. docs/reliability.md lists which test holds which guarantee."""

from __future__ import annotations

import errno
import os
import shutil

import pytest

import newslint.cli.check
import newslint.engine.phrases
import newslint.engine.run
from conftest import FIXTURES
from newslint.engine.fix import ChangedOnDisk, write_atomic

DUP = FIXTURES / "duplicate-paragraph" / "must-fire" / "per-line.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.fixture
def folder(tmp_path):
    """A folder with one article that has a finding (line 5), for the run to go on with."""
    shutil.copy(DUP, tmp_path / "good.txt")
    return tmp_path


def lint(cli, *args):
    return cli("--output-format", "json", "--isolated", *map(str, args))


def assert_rest_linted(result):
    assert result.code == 2
    assert [(d["path"].rsplit("/", 1)[-1], d["line"]) for d in result.json()] == [("good.txt", 5)]
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PNG, "binary file (PNG image), skipped"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF document), skipped"),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "binary file (ZIP archive (or a Word/Excel file)), skipped",
        ),
        (b"Header\x00\x01\x02data", "binary file (NUL bytes), skipped"),
        (bytes(range(1, 32)) * 10, "binary file (control characters), skipped"),
        (b"Caf\xe9 society\n", "not valid utf-8: byte 0xe9 at offset 3"),
        ("Wire copy\n".encode("utf-16"), "UTF-16 text (byte-order mark); read it with --encoding"),
    ],
)
def test_bad_file_is_named_and_skipped_and_the_rest_linted(cli, folder, content, message):
    (folder / "bad.txt").write_bytes(content)
    result = lint(cli, folder)
    assert f"bad.txt: {message}" in result.err
    assert_rest_linted(result)


def test_empty_and_whitespace_files_are_clean(cli, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b"\r\n \n\t\n")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf")
    assert lint(cli, tmp_path).code == 0


def test_utf16_with_encoding_option(cli, tmp_path):
    article = tmp_path / "wire.txt"
    article.write_bytes(DUP.read_text().encode("utf-16"))
    result = lint(cli, "--encoding", "utf-16", article)
    assert [d["line"] for d in result.json()] == [5]


def test_unknown_encoding_is_a_usage_error(cli, folder):
    result = lint(cli, "--encoding", "klingon", folder)
    assert result.code == 2
    assert "unknown encoding 'klingon'" in result.err


def test_missing_path_and_broken_symlink_are_named(cli, folder):
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    result = lint(cli, folder, folder / "nowhere.md")
    assert f"{folder / 'gone.txt'}: broken symbolic link to {folder / 'deleted.txt'}" in result.err
    assert f"{folder / 'nowhere.md'}: no such file or folder" in result.err
    assert_rest_linted(result)


def _denied(real, path):
    def fake(target, *args, **kwargs):
        if os.fspath(target) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(target, *args, **kwargs)

    return fake


def test_unreadable_file_is_named(cli, folder, monkeypatch):
    # Simulated, so the test also holds when run as root, who may read anything.
    locked = folder / "locked.txt"
    locked.write_text("Secret copy.\n")
    monkeypatch.setattr("newslint.formats.source.open", _denied(open, locked), raising=False)
    result = lint(cli, folder)
    assert f"{locked}: cannot read: Permission denied" in result.err
    assert_rest_linted(result)


def test_unreadable_folder_is_named(cli, folder, monkeypatch):
    locked = folder / "embargoed"
    locked.mkdir()
    shutil.copy(DUP, locked / "a.txt")
    monkeypatch.setattr(os, "scandir", _denied(os.scandir, locked))
    monkeypatch.setattr(os, "listdir", _denied(os.listdir, locked))
    result = lint(cli, folder)
    assert f"{locked}: cannot read folder: Permission denied" in result.err
    assert_rest_linted(result)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_for_real(cli, folder):
    locked = folder / "locked.txt"
    locked.write_text("Secret copy.\n")
    locked.chmod(0)
    assert f"{locked}: cannot read: Permission denied" in lint(cli, folder).err


def test_bbc_corpus_has_exactly_one_file_that_is_not_utf8(cli, shared):
    corpus = shared / "corpus" / "bbc"
    result = cli("--isolated", "--select", "D001", "-q", "--output-format", "concise", str(corpus))
    errors = [line for line in result.err.splitlines() if line.startswith("newslint: error:")]
    assert errors == [
        f"newslint: error: {corpus / 'sport' / '199.txt'}: not valid utf-8: byte 0xa3 at offset "
        "257 (re-save the file as UTF-8, or name its encoding with --encoding)"
    ]
    assert result.code == 2
    latin = cli("--isolated", "--encoding", "latin-1", str(corpus / "sport" / "199.txt"))
    assert latin.code in (0, 1) and latin.err == ""


# --fix never loses text


def test_fix_keeps_latin1_crlf_and_mode(cli, tmp_path):
    lines = ["Caf\u00e9 prices rise", *DUP.read_text().splitlines()[1:]]
    lines[2] = lines[4] = "Prices at the caf\u00e9 rose by \u00a35 on Saturday afternoon, it said."
    target = tmp_path / "a.txt"
    target.write_bytes("\r\n".join(lines).encode("latin-1") + b"\r\n")
    target.chmod(0o604)
    assert cli("--fix", "--isolated", "-q", "--encoding", "latin-1", str(target)).code == 0
    expected = "\r\n".join(lines[:4] + lines[5:]) + "\r\n"
    assert target.read_bytes() == expected.encode("latin-1")
    assert target.stat().st_mode & 0o777 == 0o604
    assert cli("--fix", "--isolated", "--encoding", "latin-1", str(target)).code == 0
    assert target.read_bytes() == expected.encode("latin-1")  # idempotent


def test_fix_keeps_bom_and_bare_cr(cli, tmp_path):
    lines = DUP.read_text().splitlines()
    target = tmp_path / "a.md"
    target.write_bytes(b"\xef\xbb\xbf" + "\r\r".join(lines).encode())
    assert cli("--fix", "--isolated", "-q", str(target)).code == 0
    assert target.read_bytes() == b"\xef\xbb\xbf" + "\r\r".join(lines[:4] + lines[5:]).encode()


def test_fix_of_a_copy_differing_in_punctuation_is_not_safe(cli, tmp_path):
    lines = DUP.read_text().splitlines()
    lines[4] = lines[2].replace("300", "3.00").upper()
    target = tmp_path / "a.txt"
    target.write_text("\n".join(lines) + "\n")
    result = lint(cli, target)
    (finding,) = result.json()
    assert finding["fix"]["safe"] is False
    assert cli("--fix", "--isolated", str(target)).code == 1
    assert target.read_text() == "\n".join(lines) + "\n"


def test_fix_refused_when_the_file_changed_on_disk(cli, tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    shutil.copy(DUP, target)
    real = newslint.engine.run.fix_document

    def meanwhile(document, lint):
        target.write_text("An editor saved this meanwhile.\n")
        return real(document, lint)

    monkeypatch.setattr(newslint.engine.run, "fix_document", meanwhile)
    result = cli("--fix", "--isolated", str(target))
    assert result.code == 2
    assert f"{target}: changed on disk while linting; not fixed" in result.err
    assert target.read_text() == "An editor saved this meanwhile.\n"


def test_atomic_write_leaves_the_original_when_the_rename_fails(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    with pytest.raises(ChangedOnDisk):
        write_atomic(str(target), b"new", expected=b"something else")

    def fail(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(str(target), b"new", expected=b"old")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


REPEATED = "The council met on Tuesday to vote on the budget for next year.\n"


def test_fix_through_a_symlink_fixes_the_target_and_keeps_the_link(cli, tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "a.md"
    target.write_text(REPEATED + "\n" + REPEATED)
    os.chmod(target, 0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert cli("--isolated", "--fix", str(link), cwd=tmp_path).code == 0
    assert link.is_symlink() and target.read_text() == REPEATED
    assert target.stat().st_mode & 0o777 == 0o640


def test_fix_never_writes_through_a_link_to_a_file_outside_the_checkout(cli, tmp_path):
    # A pull request can commit `story.md -> ~/.ssh/config`.
    outside = tmp_path / "home" / "notes.md"
    outside.parent.mkdir()
    outside.write_text(REPEATED + "\n" + REPEATED)
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "story.md").symlink_to(outside)
    result = cli("--isolated", "--fix", ".", cwd=tmp_path / "repo")
    assert result.code == 2 and "outside the working directory" in result.err
    assert outside.read_text() == REPEATED + "\n" + REPEATED


def test_fix_refuses_a_file_with_hard_links_and_one_it_cannot_write(cli, tmp_path, monkeypatch):
    text = REPEATED + "\n" + REPEATED
    target = tmp_path / "a.md"
    target.write_text(text)
    os.link(target, tmp_path / "b.md")
    result = cli("--isolated", "--fix", str(target))
    assert result.code == 2 and "hard links" in result.err
    assert target.read_text() == text and os.stat(target).st_nlink == 2
    os.unlink(tmp_path / "b.md")
    target.chmod(0o444)  # its folder is writable: replacing it would be possible
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if m == os.W_OK else real_access(p, m))
    result = cli("--isolated", "--fix", str(target))  # (root may write anything: simulated)
    assert result.code == 2 and "not writable" in result.err
    assert target.read_text() == text


def test_a_save_while_the_fix_is_written_is_not_lost(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    real_fsync = os.fsync

    def editor_saves(fd):
        real_fsync(fd)
        target.write_bytes(b"the editor's save")

    monkeypatch.setattr(os, "fsync", editor_saves)
    with pytest.raises(ChangedOnDisk):
        write_atomic(str(target), b"new", expected=b"old")
    assert target.read_bytes() == b"the editor's save"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


# Hostile patterns

HOUSE = """
code = "H001"
name = "house-pattern"
summary = "A pattern a newsroom wrote."
message = "'{match}' matched"
docs = "## What it does\\nx\\n## Why is this bad?\\nx\\n## Example\\nx"
patterns = ['(a|aa)+$']
"""


def test_catastrophic_pattern_is_a_config_problem_and_the_run_goes_on(cli, folder, monkeypatch):
    monkeypatch.setattr(newslint.engine.phrases, "TIMEOUT", 0.2)
    (folder / "house.toml").write_text(HOUSE)
    (folder / "newslint.toml").write_text(
        'extend-select = ["H001"]\nphrase-files = ["house.toml"]\n'
    )
    (folder / "hostile.txt").write_text("a" * 40 + "!\n")
    result = cli("--output-format", "json", str(folder))
    assert (
        f"{folder / 'hostile.txt'}: config problem: rule H001 house-pattern "
        f"({folder / 'house.toml'}): a pattern took over 0.2s on one paragraph" in result.err
    )
    assert result.err.count("config problem") == 1  # then the rule is off for the run
    assert_rest_linted(result)


# Config errors and internal errors


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            '[tool.newslint]\nignor = ["D001"]\n',
            "[tool.newslint] unknown key 'ignor' (did you mean",
        ),
        ("[tool.newslint]\nexclude = 3\n", "[tool.newslint] 'exclude' must be a list of strings"),
        (
            '[tool.newslint.per-file-ignores]\n"w/*" = ["duplicate-sentense"]\n',
            "pyproject.toml: 'per-file-ignores' 'w/*': unknown rule 'duplicate-sentense' "
            "(did you mean 'duplicate-sentence'?)",
        ),
        (
            '[tool.newslint]\nextend-select = ["peacock-terms"]\n',
            "pyproject.toml: 'extend-select': unknown rule 'peacock-terms' (did you mean "
            "'peacock-term'?)",
        ),
        ("[tool.newslint]\nper-file-ignores = 1\n", "'per-file-ignores' must be a table"),
        (
            "[tool.newslint.rules]\nduplicate-paragraph = 1\n",
            "'rules' must hold one table per rule",
        ),
    ],
)
def test_config_errors_name_file_key_and_nearest(cli, folder, config, message):
    (folder / "pyproject.toml").write_text(config)
    result = cli(str(folder))
    assert result.code == 2
    assert message in result.err
    assert str(folder / "pyproject.toml") in result.err
    assert "Traceback" not in result.err


def test_command_line_rule_names_are_blamed_on_the_command_line(cli, folder):
    (folder / "newslint.toml").write_text('select = ["D"]\n')
    result = cli("--ignore", "duplicate-paragrap", str(folder))
    assert result.code == 2
    assert (
        "command line: --ignore: unknown rule 'duplicate-paragrap' "
        "(did you mean 'duplicate-paragraph'?)" in result.err
    )
    assert "newslint.toml" not in result.err


def test_internal_error_is_one_line_unless_verbose(cli, folder, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(newslint.cli.check, "discover_files", broken)
    result = cli(str(folder))
    assert result.code == 2
    assert result.err.splitlines() == [
        "newslint: internal error: RuntimeError: disk on fire "
        "(rerun with --verbose or NEWSLINT_DEBUG=1 for the traceback, and report it)"
    ]
    with pytest.raises(RuntimeError):
        cli("--verbose", str(folder))
    monkeypatch.setenv("NEWSLINT_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli(str(folder))


@pytest.mark.parametrize("key", ["phrase-files", "lexicon-files"])
def test_a_config_naming_a_fifo_or_dev_zero_is_an_error_not_a_hang(tmp_path, key):
    import subprocess
    import sys

    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    (tmp_path / "a.txt").write_text("It was the biggest ever rally.\n")
    for name in ("fifo.toml", "zero.toml"):
        (tmp_path / "pyproject.toml").write_text(f'[tool.newslint]\n{key} = ["{name}"]\n')
        result = subprocess.run(
            [sys.executable, "-m", "newslint", "check", "a.txt"],
            cwd=tmp_path, capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
        assert result.returncode == 2
        # "a named pipe (FIFO), not a file" / "a character device, not a file"
        assert f"{name}: a " in result.stderr and ", not a file" in result.stderr
