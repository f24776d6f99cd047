"""anonymous-source (A002): fixtures that must fire and must stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.formats.parse import parse
from newslint.rules import pack
from newslint.rules.anonymous_source import AnonymousSource
from newslint.rules.vague_attribution import VagueAttribution

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "anonymous-source"
RULE = AnonymousSource()


def flagged(text: str, rule: AnonymousSource | VagueAttribution = RULE) -> list[str]:
    document = parse("article.txt", text, "text")
    return [text[d.start : d.end] for d in rule.check(document, rule.options)]


def test_fixture_fires_on_every_anonymous_source() -> None:
    text = (FIXTURES / "fires.txt").read_text(encoding="utf-8")
    assert flagged(text) == [
        "sources said",
        "A source close to",
        "People familiar with the matter",
        "insiders claim",
        "on condition of anonymity",
        "Treasury sources say",
        "said one senior executive",
    ]


def test_fixture_stays_quiet_when_the_reason_is_given_or_no_source_is_anonymous() -> None:
    assert flagged((FIXTURES / "quiet.txt").read_text(encoding="utf-8")) == []


def test_the_reason_may_come_in_the_next_sentence_but_not_later() -> None:
    reason = "They were not authorised to speak publicly."
    assert flagged(f"The deal is off, sources said. {reason}\n") == []
    assert flagged(f"The deal is off, sources said. Shares fell. {reason}\n") == ["sources said"]


def test_is_info_and_separate_from_vague_attribution() -> None:
    text = (FIXTURES / "fires.txt").read_text(encoding="utf-8")
    document = parse("fires.txt", text, "text")
    assert {str(d.severity) for d in RULE.check(document, RULE.options)} == {"info"}
    # Newsrooms that allow anonymous sources turn A002 off; A001 must not take them up.
    assert flagged(text, VagueAttribution()) == []


@pytest.mark.parametrize(
    "text",
    [
        "Mr Lee said the sources of the river were polluted.",
        '"Sources said it was over," Ms Grant joked, "but I never believed them."',
    ],
)
def test_quiet_cases(text: str) -> None:
    assert flagged(text + "\n") == []


def test_registered_in_the_pack_with_docs() -> None:
    rule = {r.name: r for r in pack()}["anonymous-source"]
    assert rule.code == "A002"
    for section in ("## What it does", "## Why is this bad?", "## Example"):
        assert section in rule.documentation
