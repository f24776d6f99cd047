"""Text from articles, file names and JSON ids never reaches a terminal or a CI log as
control characters: escape sequences and line breaks are shown escaped."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from newslint.report import printable, printable_map

ESC = "\x1b[2K\x1b[1A"  # erase the line, move up: hides what was printed before
REPEAT = "The minister resigned on Tuesday after a week of pressure over the contract."


def _controls(text: str) -> list[str]:
    """Control characters other than the line breaks that end output lines."""
    return [c for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F]


def test_printable_escapes_controls_and_keeps_the_rest():
    assert printable(f"a{ESC}b") == "a\\x1b[2K\\x1b[1Ab"
    assert printable("x\ny\rz\tw\u2028\u202e\x9b") == "x\\ny\\rz\\tw\\u2028\\u202e\\x9b"
    assert printable("Ünïcode [brackets] 50% “quotes”") == "Ünïcode [brackets] 50% “quotes”"
    shown, starts = printable_map("a\tb")
    assert shown == "a\\tb" and starts == [0, 1, 3, 4]


def test_every_character_the_escapes_cover_is_escaped_past_the_printable_shortcut():
    """`printable` and `printable_map` pass text `str.isprintable` accepts as it is, without
    the pattern: that holds only while every character the pattern escapes is one
    isprintable rejects. All of them, of all of Unicode, are escaped in any text."""
    from newslint.report import _control

    everything = "".join(map(chr, range(0x110000)))
    covered = _control().findall(everything)
    assert len(covered) == 32 + 33 + 2 + 5 + 4  # C0, DEL and C1, separators, bidi controls
    for char in covered:
        assert not char.isprintable()
        assert char not in printable(f"a {char}b") and char not in printable_map(char)[0]


@pytest.mark.parametrize("fmt", ["pretty", "concise"])
def test_article_text_with_escape_sequences_prints_escaped(cli, tmp_path, fmt):
    text = f"It was the biggest {ESC}ever rally.\n"
    (tmp_path / "story.txt").write_text(text, encoding="utf-8")
    result = cli("--isolated", "--output-format", fmt, "story.txt", cwd=tmp_path)
    assert result.code == 1
    assert "\x1b" not in result.out and not _controls(result.out)
    if fmt == "pretty":
        assert "\\x1b[2K\\x1b[1A" in result.out


def test_pretty_underlines_the_right_columns_after_escapes(cli, tmp_path):
    # A tab and an escape before the superlative: the carets must sit under the word.
    (tmp_path / "s.txt").write_text("\t\x1b It was the biggest ever rally.\n", encoding="utf-8")
    result = cli("--isolated", "--select", "C001", "s.txt", cwd=tmp_path)
    lines = result.out.splitlines()
    source = next(line for line in lines if line.startswith("1 | "))
    carets = lines[lines.index(source) + 1]
    assert carets.startswith("  | ")
    start = carets.index("^")
    underlined = source[start : start + carets.count("^")]
    assert underlined.startswith("biggest"), (source, carets)


def test_file_names_with_controls_print_escaped(cli, tmp_path):
    name = "evil\x1b[2K\n::error file=x::owned.txt"
    (tmp_path / name).write_text(f"{REPEAT}\n\n{REPEAT}\n", encoding="utf-8")
    (tmp_path / "bad\x1b]0;title\x07.txt").write_bytes(b"\xff\xfe\x00\x00not text")
    for fmt in ("pretty", "concise", "github"):
        result = cli("--isolated", "--output-format", fmt, ".", cwd=tmp_path)
        for stream in (result.out, result.err):
            assert "\x1b" not in stream and not _controls(stream)
            assert not any(line.startswith("::error file=x") for line in stream.splitlines())
        assert "evil\\x1b[2K\\n" in result.out
        assert "bad\\x1b]0;title\\x07.txt" in result.err


def test_a_json_id_cannot_start_a_workflow_command(cli, tmp_path):
    articles = [
        {"id": "a\n::error file=forged.md,line=1::forged", "title": "The biggest ever rally"},
        {"id": f"b{ESC}", "title": "The biggest ever parade"},
    ]
    (tmp_path / "feed.json").write_text(json.dumps(articles), encoding="utf-8")
    for fmt in ("github", "pretty", "concise"):
        result = cli("--isolated", "--output-format", fmt, "feed.json", cwd=tmp_path)
        assert result.code == 1
        lines = result.out.splitlines()
        assert [line for line in lines if line.lstrip().startswith("::error")] == []
        assert "\x1b" not in result.out and not _controls(result.out)
        assert "a\\n::error file=forged.md" in result.out


def test_diff_header_escapes_the_file_name(cli, tmp_path):
    name = "d\x1b[2K.txt"
    (tmp_path / name).write_text(f"{REPEAT}\n\n{REPEAT}\n", encoding="utf-8")
    result = cli("--isolated", "--diff", name, cwd=tmp_path)
    headers = [line for line in result.out.splitlines() if line.startswith(("---", "+++"))]
    assert headers == ["--- a/d\\x1b[2K.txt", "+++ b/d\\x1b[2K.txt"]


def test_errors_naming_a_file_are_one_escaped_line(cli, tmp_path):
    if os.name != "posix":
        pytest.skip("file names with line breaks")
    missing = "gone\n::error::forged"
    result = cli("--isolated", missing, cwd=tmp_path)
    assert result.code == 2
    lines = result.err.splitlines()
    assert all(line.startswith("newslint: ") for line in lines), lines
    assert any("gone\\n::error::forged" in line for line in lines)
    assert Path(tmp_path).is_dir()


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_outputs_escape_what_a_terminal_would_act_on(cli, tmp_path, fmt):
    name = "c1\x9b2J\u202e.txt"  # U+009B is a CSI; U+202E reverses the line
    (tmp_path / name).write_text("It was the biggest\x9b2J ever\u2028 rally.\n", encoding="utf-8")
    result = cli("--isolated", "--output-format", fmt, name, cwd=tmp_path)
    assert result.code == 1
    assert not any(c in result.out for c in "\x9b\u202e\u2028\x1b")
    if fmt == "json":
        assert "\\u009b" in result.out and "\\u202e" in result.out
        assert name in json.dumps(json.loads(result.out), ensure_ascii=False)  # same values
    else:  # SARIF names files by URI: percent-encoded, the same name once decoded
        (result_,) = json.loads(result.out)["runs"][0]["results"]
        uri = result_["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert unquote(uri) == name


HOUSE = """
code = "H001"
name = "house-cliche"
summary = "A cliche\\u001b[2K the style guide bans."
message = "'{match}' is on the list\\u001b[1A"
docs = '''## What it does
Flags cliches.\\u001b]0;owned\\u0007
## Why is this bad?
Stale.
## Example
A game changer.'''
phrases = ["game changer"]
"""


def test_house_rules_from_a_repository_print_escaped(cli, tmp_path):
    (tmp_path / "house.toml").write_text(HOUSE)
    (tmp_path / "newslint.toml").write_text('phrase-files = ["house.toml"]\n')
    (tmp_path / "story.txt").write_text("It is a game changer.\n")
    for args in (("rules",), ("rule", "H001"), ("story.txt",)):
        result = cli(*args, cwd=tmp_path)
        assert "\x1b" not in result.out and "\x07" not in result.out, args
        assert "\\x1b" in result.out, args
    counts = cli("--statistics", "story.txt", cwd=tmp_path).out  # counts only: code and name
    assert "H001" in counts and "\x1b" not in counts and "\x07" not in counts


def _starts_a_command(line: str) -> bool:
    """What GitHub's runner reads as a workflow command: `::` or `##[` after leading blanks."""
    return line.lstrip().startswith(("::", "##["))


@pytest.mark.parametrize("fmt", ["pretty", "concise"])
def test_a_file_name_cannot_start_a_workflow_command(cli, tmp_path, fmt):
    # No control character needed: the line of a finding starts with the file's name.
    for name in ("::add-mask::x.txt", "##[error]y.txt"):
        (tmp_path / name).write_text("It was the biggest ever rally.\n", encoding="utf-8")
    result = cli("--isolated", "--output-format", fmt, ".", cwd=tmp_path)
    assert result.code == 1 and "./::add-mask::x.txt:1:" in result.out
    assert not [line for line in result.out.splitlines() if _starts_a_command(line)]
    listed = cli("--isolated", "--show-files", ".", cwd=tmp_path)
    assert not [line for line in listed.out.splitlines() if _starts_a_command(line)]


def test_diff_escapes_the_copy_and_its_lines_start_no_command(cli, tmp_path):
    # A context line of --diff is a space and the copy's line: trimmed, `::error::...`.
    line = f"::error::owned {ESC}"
    (tmp_path / "s.md").write_text(f"{REPEAT}\n\n{line}\n\n{REPEAT}\n", encoding="utf-8")
    result = cli("--isolated", "--diff", "s.md", cwd=tmp_path)
    assert "owned" in result.out and "\x1b" not in result.out
    assert not [line for line in result.out.splitlines() if _starts_a_command(line)]


@pytest.mark.parametrize(
    "fmt", ["pretty", "concise", "github", "json", "json-lines", "sarif", "gitlab", "junit", "html"]
)
def test_no_format_prints_a_control_from_a_file_name_or_a_related_place(cli, tmp_path, fmt):
    # A related place's path comes from a file name (or from an --against index).
    name = f"n\n::error::x\u202e{ESC}.txt"
    (tmp_path / name).write_text(f"{REPEAT}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"{REPEAT}\n", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\xff\xfe\x00\x00not text")
    result = cli("--isolated", "--select", "ALL", "--output-format", fmt, ".", cwd=tmp_path)
    assert result.code == 2 and "D00" in result.out, result.err
    assert not any(c in result.out for c in "\x1b\u202e\x9b"), fmt
    ours = re.compile(r"::(warning|error|notice) file=[^:]*,line=\d+,.*::[^:]*$")
    lines = result.out.splitlines()
    assert not [line for line in lines if _starts_a_command(line) and not ours.match(line)]
