"""The server's protocol-free parts: positions, the session's lint, suppression edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.engine.fix import apply_edits
from newslint.engine.registry import discover
from newslint.engine.rule import Rule
from newslint.server.positions import UTF8, UTF16, UTF32, Positions
from newslint.server.session import Session, documentation_url, lint_path, suppression

TWICE = "The council approved the new budget on Tuesday after a long debate in the chamber."


@pytest.fixture(scope="module")
def rules():
    return discover()[0]


@pytest.fixture
def session(rules, tmp_path):
    return Session(rules, tmp_path)


def test_positions_count_utf16_code_units_and_every_line_break():
    text = "a😀b\r\nx𝔐y\rz\n"
    index = Positions(text)
    assert index.position(text.index("b")) == (0, 3)  # 😀 is two UTF-16 units
    assert index.position(text.index("y")) == (1, 3)
    assert index.position(text.index("z")) == (2, 0)
    assert index.end() == (3, 0)
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset] != "\r" or text[offset : offset + 1] != "\n":
            assert index.offset(*index.position(offset)) == offset


def test_positions_in_other_encodings_and_out_of_range():
    text = "é😀!\n"
    assert Positions(text, UTF8).position(3) == (0, 2 + 4 + 1)
    assert Positions(text, UTF32).position(3) == (0, 3)
    index = Positions(text, UTF16)
    assert index.offset(0, 99) == 3  # past the line's end: its end, not the next line
    assert index.offset(0, 2) == 1  # inside the surrogate pair: the character's start
    assert index.offset(9, 0) == len(text)
    assert index.position(-5) == (0, 0)


def test_lint_path_picks_formats_and_skips_what_is_not_copy():
    assert lint_path("/a/story.md", None) == "/a/story.md"
    assert lint_path("/a/story.htm", "html") == "/a/story.htm"
    assert lint_path("/a/feed.json", "json") is None
    assert lint_path("/a/NOTES", "markdown") == "/a/NOTES.md"
    assert lint_path("/a/setup.py", "python") is None


def test_every_builtin_rule_links_to_its_own_file(rules):
    # Built-in pack rules live in rules/, the engine's own (N001, N002) in lint/.
    root = Path(__file__).resolve().parents[2]
    for rule in rules:
        url = documentation_url(rule)
        assert url is not None and url.startswith("https://github.com/newslint/newslint/blob/v")
        assert (root / url.split("/blob/", 1)[1].split("/", 1)[1]).is_file(), url


@pytest.mark.parametrize(
    "name, text",
    [
        ("a.txt", f"{TWICE}\n\n{TWICE}\n"),
        ("a.txt", f"{TWICE}\n{TWICE}\n"),
        ("a.txt", f"{TWICE}\r\n\r\n{TWICE}\r\n"),
        ("a.md", f"# Budget\n\n- {TWICE}\n- {TWICE}\n"),
        ("a.md", f"> {TWICE}\n\n> {TWICE}\n"),
        ("a.html", f"<p>{TWICE}</p><p>{TWICE}</p>\n"),
        ("a.html", f"<div>\n  <p>{TWICE}</p>\n  <p>{TWICE}</p>\n</div>\n"),
    ],
)
def test_the_ignore_comment_silences_exactly_that_finding(session, tmp_path, name, text):
    path = str(tmp_path / name)
    before = session.lint(path, text)
    (repeat,) = [d for d in before.diagnostics if d.code == "D001"]
    edit = suppression(before, repeat)
    assert edit is not None
    fixed = apply_edits(text, [edit])
    assert "<!-- newslint: ignore duplicate-paragraph -->" in fixed
    after = session.lint(path, fixed)
    assert [d for d in after.diagnostics if d.code == "D001"] == []
    assert after.problems == [] and after.config_error is None


def test_a_byte_order_mark_shifts_nothing_but_the_editor_positions(session, tmp_path):
    outcome = session.lint(str(tmp_path / "a.txt"), f"\ufeff{TWICE}\n\n{TWICE}\n")
    assert outcome.shift == 1 and not outcome.text.startswith("\ufeff")
    (repeat,) = outcome.diagnostics
    assert outcome.text[repeat.start : repeat.end] == TWICE


def test_an_excluded_file_has_no_findings(session, tmp_path):
    (tmp_path / "newslint.toml").write_text('exclude = ["drafts"]\n', encoding="utf-8")
    outcome = session.lint(str(tmp_path / "drafts" / "a.txt"), f"{TWICE}\n\n{TWICE}\n")
    assert outcome.diagnostics == [] and outcome.document is None


def test_fix_all_matches_the_command_line_fix(session, tmp_path):
    text = f"{TWICE}\n\nBetween.\n\n{TWICE}\n\n{TWICE}\n"
    fixed, applied = session.fix_all(session.lint(str(tmp_path / "a.txt"), text))
    assert applied == 2 and fixed == f"{TWICE}\n\nBetween.\n"


def test_a_comment_naming_an_unselected_rule_is_known_as_on_the_command_line(session, tmp_path):
    # peacock-term (C002) is installed but not selected by default: `newslint check` lets a
    # comment name it; the editor must not call it an unknown rule (N001).
    text = (
        "<!-- newslint: ignore peacock-term -->\n"
        "The iconic bridge reopened on Monday after repairs.\n"
    )
    outcome = session.lint(str(tmp_path / "a.md"), text)
    assert [d.code for d in outcome.diagnostics] == []


def test_a_phrase_file_not_named_toml_is_read_again_when_it_changes(session, tmp_path):
    # The editor watches **/*.toml only; a config may name `house.style`. The session
    # kept the phrase rule built from its first reading until the server restarted,
    # while `newslint check` read the new phrases.
    style = tmp_path / "house.style"
    style.write_text(
        'code = "H100"\nname = "house-style"\nsummary = "House words."\n'
        "message = \"avoid '{match}'\"\n"
        'docs = """\n## What it does\nx\n## Why is this bad?\nx\n## Example\n    x\n"""\n'
        'phrases = ["utilise"]\n'
    )
    (tmp_path / "newslint.toml").write_text('phrase-files = ["house.style"]\n')
    text = "We will utilise the park and leverage it.\n"
    path = str(tmp_path / "s.md")
    assert [d.message for d in session.lint(path, text).diagnostics] == ["avoid 'utilise'"]
    style.write_text(style.read_text().replace('"utilise"', '"leverage"'))
    assert [d.message for d in session.lint(path, text).diagnostics] == ["avoid 'leverage'"]


class _Records(Rule):
    """Notes that it ran (a rule made for this test)."""

    def __init__(self, code: str, shared: bool, ran: list[str]) -> None:
        self.code, self.name, self.summary = code, f"records-{code.lower()}", "records"
        self.uses_shared_analyses = shared
        self.ran = ran

    def check(self, document, options):
        self.ran.append(self.code)
        return ()


def test_the_editor_runs_the_rules_in_the_command_lines_order(tmp_path):
    ran: list[str] = []
    rules = [_Records("T010", True, ran), _Records("T011", False, ran)]
    Session(rules, tmp_path).lint(str(tmp_path / "a.txt"), f"{TWICE}\n")
    assert ran == ["T011", "T010"]
