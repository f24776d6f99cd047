"""Suppression comments: names resolved to rules before regions are matched, case ignored,
and comments that name no rule or silence nothing reported. docs/reliability.md names the
guarantee each test holds."""

from __future__ import annotations

from dataclasses import replace

import pytest

VAGUE = "Experts say the ferry plan will fail."


def lint(cli, tmp_path, text: str, *args: str, name: str = "story.md"):
    (tmp_path / name).write_text(text)
    return cli("--output-format", "json", "--isolated", *args, str(tmp_path / name))


def found(result) -> list[tuple[int, str]]:
    return [(d["line"], d["code"]) for d in result.json()]


@pytest.mark.parametrize(
    ("disable", "enable"),
    [
        ("A001", "vague-attribution"),
        ("vague-attribution", "A001"),
        ("a001", "VAGUE-ATTRIBUTION"),
        ("A", "A001"),
        ("A00", "a0"),
        ("", "all"),
        ("all", ""),
    ],
)
def test_disable_is_ended_by_an_enable_of_the_same_rule_however_named(
    cli, tmp_path, disable, enable
):
    text = (
        f"{VAGUE}\n\n<!-- newslint: disable {disable} -->\n\n{VAGUE}\n\n"
        f"<!-- newslint: enable {enable} -->\n\n{VAGUE}\n"
    )
    result = lint(cli, tmp_path, text, "--select", "A001")
    assert found(result) == [(1, "A001"), (9, "A001")]


def test_enabling_one_rule_of_a_disabled_prefix_keeps_the_others_off(cli, tmp_path):
    text = (
        "<!-- newslint: disable C -->\n\n<!-- newslint: enable C002 -->\n\n"
        "It was the biggest and most iconic ever sale.\n"
    )
    result = lint(cli, tmp_path, text, "--select", "C")
    assert [code for _, code in found(result)] == ["C002"]


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- NewsLint: IGNORE a001 -->",
        "<!--newslint:ignore Vague-Attribution-->",
        "<!-- NEWSLINT: Ignore ALL -->",
    ],
)
def test_directives_are_case_insensitive(cli, tmp_path, comment):
    result = lint(cli, tmp_path, f"{comment}\n{VAGUE}\n\n{VAGUE}\n", "--select", "A001")
    assert found(result) == [(4, "A001")]


def test_unknown_rule_in_a_comment_is_a_finding(cli, tmp_path):
    text = f"<!-- newslint: disable vague-atribution -->\n\n{VAGUE}\n"
    result = lint(cli, tmp_path, text)
    (unknown,) = [d for d in result.json() if d["code"] == "N001"]
    assert (unknown["line"], unknown["column"], unknown["end_column"]) == (1, 1, 44)
    assert unknown["message"] == (
        "unknown rule 'vague-atribution' in a suppression comment "
        "(did you mean 'vague-attribution'?)"
    )
    assert (3, "A001") in found(result)  # and the misspelt comment silenced nothing
    assert "N001" not in [c for _, c in found(lint(cli, tmp_path, text, "--ignore", "N001"))]


def test_unknown_rule_in_plain_text_and_html(cli, tmp_path):
    comment = "<!-- newslint: ignore X999 -->"
    for name, text in (("a.txt", f"{comment}\n{VAGUE}\n"), ("a.html", f"{comment}<p>{VAGUE}</p>")):
        result = lint(cli, tmp_path, text, name=name)
        assert (1, "N001") in found(result), name


def test_a_rule_that_is_not_selected_is_not_unknown(cli, tmp_path):
    text = f"<!-- newslint: ignore peacock-term -->\n{VAGUE}\n"
    assert "N001" not in [c for _, c in found(lint(cli, tmp_path, text))]


def test_unused_suppression_is_off_by_default_and_reports_when_selected(cli, tmp_path):
    text = (
        f"<!-- newslint: ignore A001, D001 -->\n{VAGUE}\n\n"
        "<!-- newslint: disable C001 -->\n\nCalm copy.\n\n<!-- newslint: enable C001 -->\n"
    )
    assert found(lint(cli, tmp_path, text)) == []
    result = lint(cli, tmp_path, text, "--extend-select", "N002")
    messages = [(d["line"], d["message"]) for d in result.json()]
    assert messages == [
        (1, "this suppression of 'D001' silenced nothing"),
        (4, "this suppression of 'C001' silenced nothing"),
    ]


def test_a_comment_for_every_rule_that_silenced_nothing(cli, tmp_path):
    text = "<!-- newslint: ignore -->\nCalm copy.\n"
    result = lint(cli, tmp_path, text, "--extend-select", "N002")
    assert [d["message"] for d in result.json()] == ["this suppression silenced nothing"]


def test_suppression_rules_are_documented(cli):
    for key in ("N001", "unused-suppression"):
        out = cli("rule", key).out
        assert "## What it does" in out and "## Why is this bad?" in out


@pytest.mark.parametrize(
    ("comment", "codes"),
    [
        # a region that turns off the suppression findings silences them like any other
        ("<!-- newslint: disable N002 -->\n\n<!-- newslint: disable C001 -->", []),
        ("<!-- newslint: disable unused-suppression -->\n\n<!-- newslint: ignore C001 -->", []),
        ("<!-- newslint: disable N001 -->\n\n<!-- newslint: disable X123 -->", []),
        ("<!-- newslint: disable N -->\n\n<!-- newslint: disable X123, C001 -->", []),
        # ... and is not itself "unused" when it silenced one of them
        ("<!-- newslint: disable N001 -->\n\n<!-- newslint: disable A001, X123 -->", ["N002"]),
    ],
)
def test_the_suppression_findings_can_themselves_be_suppressed(cli, tmp_path, comment, codes):
    text = f"{comment}\n\nThe ferry plan was agreed on Monday.\n"
    result = lint(cli, tmp_path, text, "--extend-select", "N002")
    assert [code for _, code in found(result)] == codes


@pytest.mark.parametrize(
    "action", ["disable-line", "disable-next-line", "ignore-next", "enable-all"]
)
def test_a_misspelt_action_is_not_a_region_for_the_rest_of_the_file(cli, tmp_path, action):
    # "disable-next-line A001" once read as "disable" of the rules "-next-line" and "A001":
    # A001 off to the end of the file, for a comment meant for one line.
    text = f"{VAGUE} <!-- newslint: {action} A001 -->\n\nCritics argue the ferry plan will fail.\n"
    result = lint(cli, tmp_path, text, "--select", "A001")
    assert found(result) == [(1, "A001"), (3, "A001")]


def test_findings_of_a_document_without_comments_keep_the_order_suppress_gives():
    """A document without suppression comments skips the comments' work: its findings
    come back in the order they do when comments silence none of them (by start, ties
    in the order of their codes' first findings, then as given)."""
    from newslint.document import Directive
    from newslint.engine.directives import suppress
    from newslint.formats import read
    from newslint.model import Diagnostic, Severity

    text = "Experts say the plan will fail.\n\nMany believe it is the best ever.\n"
    document = read("story.md", text.encode()).documents[0]
    assert not document.directives

    def finding(code: str, start: int, message: str) -> Diagnostic:
        return Diagnostic(code, code.lower(), Severity.WARNING, message, "story.md", start, 40)

    found = [
        finding("X001", 33, "a"), finding("Y001", 5, "b"), finding("X001", 5, "c"),
        finding("Z001", 5, "d"), finding("Y001", 0, "e"), finding("X001", 5, "f"),
    ]  # fmt: skip
    # The same findings through the comments' path: one comment naming no known rule.
    commented = replace(document, directives=(Directive(0, "disable", frozenset({"Q999"})),))
    outcome = suppress(document, found)
    assert outcome.kept == suppress(commented, found).kept
    assert [d.message for d in outcome.kept] == ["e", "c", "f", "b", "d", "a"]
    assert outcome.unknown == outcome.unused == []
