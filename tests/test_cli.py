from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT
from newslint import __version__

DUP = FIXTURES / "duplicate-paragraph" / "must-fire" / "per-line.txt"
CLEAN = ROOT / "examples" / "clean"
JSON_KEYS = {
    "path", "line", "column", "end_line", "end_column", "code", "rule", "severity",
    "message", "fix", "related",
}  # fmt: skip


def test_shared_articles_json(cli, shared):
    articles = shared / "articles"
    result = cli(
        "--output-format",
        "json",
        "--isolated",
        str(articles / "india-russia-repeated.txt"),
        str(articles / "modi-moscow.txt"),
    )
    assert result.code == 1
    dups = [d for d in result.json() if d["rule"] == "duplicate-paragraph"]
    assert [(d["path"].rsplit("/", 1)[-1], d["line"]) for d in dups] == [
        ("india-russia-repeated.txt", n) for n in (6, 7, 8, 9)
    ]
    assert [d["related"][0]["line"] for d in dups] == [2, 3, 4, 5]


def test_shared_article_fix_keeps_first_five_paragraphs(cli, shared, tmp_path):
    original = (shared / "articles" / "india-russia-repeated.txt").read_text(encoding="utf-8")
    target = tmp_path / "article.txt"
    target.write_text(original, encoding="utf-8")
    cli("--fix", "--select", "D", "--isolated", str(target))
    assert target.read_text(encoding="utf-8") == "\n".join(original.split("\n")[:5])
    before = target.read_bytes()
    assert cli("--fix", "--select", "D", "--isolated", str(target)).code == 0
    assert target.read_bytes() == before


def test_json_has_exactly_the_documented_keys(cli):
    result = cli("--output-format", "json", "--isolated", str(DUP))
    (finding,) = result.json()
    assert set(finding) == JSON_KEYS
    assert finding["fix"]["safe"] is True
    assert finding["fix"]["edits"][0]["content"] == ""
    assert finding["related"][0]["message"] == "first appears here"
    assert (finding["line"], finding["column"], finding["end_line"]) == (5, 1, 5)
    assert finding["end_column"] == len(DUP.read_text().splitlines()[4]) + 1


def test_exit_codes(cli, tmp_path):
    assert cli("--isolated", str(CLEAN)).code == 0
    assert cli("--isolated", str(DUP)).code == 1
    assert cli("--no-such-flag").code == 2
    assert cli("--select", "no-such-rule", str(CLEAN)).code == 2


def test_invalid_utf8_is_reported_and_the_rest_still_linted(cli, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"Caf\xe9 society\n")
    shutil.copy(DUP, tmp_path / "dup.txt")
    result = cli("--output-format", "json", "--isolated", str(tmp_path))
    assert result.code == 2
    assert "bad.txt: not valid utf-8: byte 0xe9 at offset 3" in result.err
    assert [d["line"] for d in result.json()] == [5]


def test_pretty_output_shows_line_underline_and_twin(cli):
    result = cli("--isolated", str(DUP))
    lines = result.out.splitlines()
    assert lines[0] == (
        f"{DUP}:5:1: D001 [duplicate-paragraph] "
        "paragraph repeats an earlier paragraph word for word"
    )
    assert lines[2].startswith("5 | About 300 homes")
    assert lines[3].startswith("  | ^^^^^")
    assert "first appears here: line 3, column 1" in result.out
    assert "\x1b[" not in result.out  # NO_COLOR is set by the fixture
    assert "Found 1 finding (1 fixable with --fix)." in result.out


def test_pretty_output_never_parses_article_text_as_markup(cli, tmp_path):
    para = "The [bold]council[/bold] said [red]no[/] to the plan, and [link=x]that[/link] was it."
    (tmp_path / "a.txt").write_text(f"Head\n{para}\n{para}\n")
    result = cli("--isolated", "--color", "always", str(tmp_path / "a.txt"))
    assert "[bold]council[/bold]" in result.out
    assert "\x1b[" in result.out


def test_concise_and_statistics_and_quiet(cli):
    result = cli("--output-format", "concise", "-q", "--isolated", str(DUP))
    assert result.out.splitlines() == [
        f"{DUP}:5:1: D001 [duplicate-paragraph] "
        "paragraph repeats an earlier paragraph word for word",
    ]
    # --statistics prints only the counts (as ruff does), not the findings.
    result = cli("--output-format", "concise", "--statistics", "-q", "--isolated", str(DUP))
    assert result.out.splitlines() == ["    1  D001   [*] duplicate-paragraph"]


def test_stdin_with_filename(cli, monkeypatch):
    text = DUP.read_text().replace("\n", "\n\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    result = cli("--output-format", "json", "--isolated", "--stdin-filename", "story.md", "-")
    assert [(d["path"], d["line"]) for d in result.json()] == [("story.md", 9)]


def test_fix_on_stdin_prints_the_fixed_text(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DUP.read_bytes())))
    result = cli("--fix", "--isolated", "-q", "-")
    lines = DUP.read_text().splitlines(keepends=True)
    assert result.out == "".join(lines[:4] + lines[5:])


def test_fix_on_stdin_beside_a_file_fixes_the_file_too(cli, monkeypatch, tmp_path):
    """`--fix - a.txt` said "Fixed 2 findings." and wrote neither a.txt nor a word of why:
    the files named beside standard input are fixed on disk, as without it."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DUP.read_bytes())))
    target = tmp_path / "a.txt"
    shutil.copy(DUP, target)
    result = cli("--fix", "--isolated", "-", str(target))
    lines = DUP.read_text().splitlines(keepends=True)
    assert result.out == "".join(lines[:4] + lines[5:])
    assert target.read_text() == "".join(lines[:4] + lines[5:])
    assert "Fixed 2 findings." in result.err


def test_diff_shows_the_fix_and_writes_nothing(cli, tmp_path):
    target = tmp_path / "a.txt"
    shutil.copy(DUP, target)
    result = cli("--diff", "--isolated", str(target))
    assert result.code == 1
    assert "-About 300 homes on the Riverside estate" in result.out
    assert target.read_bytes() == DUP.read_bytes()


def test_fix_keeps_crlf_and_bom(cli, tmp_path):
    lines = DUP.read_text().splitlines()
    target = tmp_path / "a.txt"
    target.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    target.chmod(0o640)
    assert cli("--fix", "--isolated", "-q", str(target)).code == 0
    expected = "\r\n".join(lines[:4] + lines[5:]) + "\r\n"
    assert target.read_bytes() == b"\xef\xbb\xbf" + expected.encode()
    assert target.stat().st_mode & 0o777 == 0o640


def test_select_ignore_by_code_prefix_and_name(cli):
    def codes(*args):
        return {
            d["code"]
            for d in cli(
                "--output-format", "json", "--isolated", *args, str(FIXTURES / "duplicate-sentence")
            ).json()
        }

    assert codes() == {"D001", "D002"}
    assert codes("--select", "D002") == {"D002"}
    assert codes("--ignore", "duplicate-sentence") == {"D001"}
    assert codes("--select", "D", "--ignore", "D0") == set()
    assert codes("--ignore", "D", "--extend-select", "duplicate-paragraph") == {"D001"}


def test_version_rules_and_rule(cli):
    assert cli("--version").code == 0
    assert __version__ in cli("--version").out
    table = cli("rules").out
    assert "D001  duplicate-paragraph" in table
    doc = cli("rule", "duplicate-paragraph").out
    assert doc.startswith("D001 duplicate-paragraph:")
    for section in ("## What it does", "## Why is this bad?", "## Example"):
        assert section in doc
    assert cli("rule", "D002").out.startswith("D002 duplicate-sentence")
    assert cli("rule", "nope").code == 2


def test_python_dash_m_works_like_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "newslint", "--output-format", "json", "--isolated", str(DUP)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert [d["line"] for d in json.loads(result.stdout)] == [5]


def test_every_rule_is_documented(cli):
    from newslint.engine.registry import discover

    rules, problems = discover()
    assert problems == []
    for rule in rules:
        assert rule.summary and rule.name and rule.code
        for section in ("What it does", "Why is this bad?", "Example"):
            assert section in rule.documentation, (rule.name, section)


@pytest.mark.parametrize("folder", [".git", "node_modules", "__pycache__"])
def test_junk_folders_are_skipped(cli, tmp_path, folder):
    (tmp_path / folder).mkdir()
    shutil.copy(DUP, tmp_path / folder / "a.txt")
    assert cli("--isolated", str(tmp_path)).code == 0
