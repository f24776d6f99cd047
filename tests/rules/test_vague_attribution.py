"""vague-attribution (A001): fixtures that must fire, fixtures that must stay quiet, and the
shared context logic of rules/_sources.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.analysis.sources import AttributionKind, sources
from newslint.document import Document
from newslint.formats.parse import parse
from newslint.rules import pack
from newslint.rules._data import lexicon
from newslint.rules.vague_attribution import VagueAttribution

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vague-attribution"
RULE = VagueAttribution()


def flagged(text: str) -> list[str]:
    document = parse("article.txt", text, "text")
    return [text[d.start : d.end] for d in RULE.check(document, RULE.options)]


def test_fixture_fires_on_every_case_with_the_vague_words_underlined() -> None:
    text = (FIXTURES / "fires.txt").read_text(encoding="utf-8")
    assert flagged(text) == [
        "Experts say",
        "Transport analysts believe",
        "Critics of the scheme argue",
        "Observers note",
        "Commentators have long questioned",
        "Many people believe",
        "Some say",
        "Others argue",
        "Industry watchers expect",
        "experts note",
        "many viewing",
        "It is believed",
        "It is understood",
        "It is expected",
        "is widely regarded as",
        "was seen as",
        "been described as",
        "is said to",
        "Research shows",
        "Studies suggest",
        "according to reports",
        "been hailed as",
    ]


def test_every_paragraph_of_the_firing_fixture_is_flagged_once() -> None:
    text = (FIXTURES / "fires.txt").read_text(encoding="utf-8")
    document = parse("fires.txt", text, "text")
    blocks = {document.sentence_at(d.start).block for d in RULE.check(document, RULE.options)}
    assert blocks == set(range(1, len(document.blocks)))  # every paragraph but the headline


def test_fixture_stays_quiet_when_the_source_is_identified_or_nothing_is_claimed() -> None:
    assert flagged((FIXTURES / "quiet.txt").read_text(encoding="utf-8")) == []


def test_messages_name_what_is_missing() -> None:
    document = parse("a.txt", "Experts say the plan will fail.\n", "text")
    (finding,) = RULE.check(document, RULE.options)
    assert finding.message == "who are the experts? name them or say how many and from where"
    assert finding.code == "A001" and str(finding.severity) == "warning"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Analysts at Barclays say the rate will rise.", []),
        ("IMF economists say the rate will rise.", []),
        ("Three analysts said the rate would rise.", []),
        ("Economists had expected a rise.", ["Economists had expected"]),
        ("The plan is regarded by the IMF as sound.", []),
        ("The plan is regarded as sound.", ["is regarded as"]),
        ("The rate is expected to rise on Thursday.", []),
        ("He is believed to have left the country.", ["is believed to"]),
        ("The striker has been linked with a move to Spain.", ["been linked with"]),
        ("The singer reportedly turned down the role.", ["reportedly"]),
        ("The result fuelled speculation that the coach would go.", ["speculation"]),
        ("Most commentators have been expecting a cut.", ["Most commentators have been expecting"]),
        ("Profits were better than expected.", []),
        ("A study suggests pupils sleep too little. The study, by Perth University, said so.", []),
        (
            "A study suggests pupils sleep too little. Teachers were surprised.",
            ["A study suggests"],
        ),
        ("Many fans saw the match on television.", []),
        ("Residents say the road is dangerous.", ["Residents say"]),
        ("Ms Obi said the policy - which critics claim is unfair - would stay.", ["critics claim"]),
        # the speaker is before an apposition and an auxiliary
        ("Lena Park, the mayor, has said many people believe the bridge is unsafe.", []),
        # "found" reports what an identified body concluded
        ("The inquiry found that many people believe the bridge is unsafe.", []),
        # a whole trade as the source, unless a body is named
        ("The shipping industry says the rules will cost jobs.", ["The shipping industry says"]),
        ("The Norcross shipping industry says the rules will cost jobs.", []),
        # "others" is a noun phrase of its own: the group after it is the subject
        ("Some towns agree but in others residents say no.", ["residents say"]),
        ("US lawyers say the ruling will stand.", ["US lawyers say"]),
    ],
)
def test_cases(text: str, expected: list[str]) -> None:
    assert flagged(text + "\n") == expected


def test_reported_speech_and_back_reference_are_attributed() -> None:
    text = (
        "Jo Marsh, the bank's chief economist, spoke on Monday. "
        "She said many investors feared a crash.\n"
    )
    document = parse("a.txt", text, "text")
    at = text.index("many investors")
    how = sources(document, lexicon({})).attribution(at, at + len("many investors"))
    assert how is not None and how.kind is AttributionKind.REPORTED
    assert text[how.speaker.start : how.speaker.end].strip() == "She"


def multi_paragraph_quote() -> tuple[str, Document]:
    text = (
        '"The tunnel is late," said the mayor, Jane Harker. "Critics say it is over budget.\n\n'
        '"Many people believe it will never open. They are wrong."\n\n'
        'As experts note, "tunnels are always late."\n'
    )
    return text, parse("a.txt", text, "text")


def test_a_quotation_over_several_paragraphs_keeps_its_speaker() -> None:
    text, document = multi_paragraph_quote()
    at = text.index("Many people")
    context = sources(document, lexicon({}))
    how = context.attribution(at, at + 11)
    assert how is not None and how.kind is AttributionKind.QUOTE
    assert "Jane Harker" in text[how.speaker.start : how.speaker.end]
    assert context.is_attributed(text.index("Critics say"), text.index("Critics say") + 6)


def test_a_quotation_of_unnamed_experts_is_not_attributed() -> None:
    text, document = multi_paragraph_quote()
    at = text.index("tunnels are always")
    assert not sources(document, lexicon({})).is_attributed(at, at + 7)
    assert flagged(text) == ["experts note"]


def test_registered_in_the_pack_with_docs() -> None:
    rules = {rule.name: rule for rule in pack()}
    rule = rules["vague-attribution"]
    assert rule.code == "A001"
    for section in ("## What it does", "## Why is this bad?", "## Example"):
        assert section in rule.documentation


def test_the_agent_pattern_calling_its_group_nouns_matches_as_with_them_written_out() -> None:
    """The agent cue ("by many analysts") names the group nouns twice, the second time by
    calling the first group, `(?&group)`: on random phrases every match at every start is
    the one of the pattern with the list written out a second time."""
    import random

    import regex

    from newslint.analysis.sources import sources
    from newslint.formats.parse import parse
    from newslint.rules import _data, vague_attribution

    context = sources(parse("x.txt", "x\n", "text"), _data.lexicon({}))
    pattern = vague_attribution._patterns(context)["agent"].pattern
    assert "(?&group)" in pattern.pattern
    nouns = context.alternation("group-nouns")
    written = regex.compile(pattern.pattern.replace("(?&group)", nouns), pattern.flags)
    pieces = [
        "by", "BY", "many", "a growing number of", "analysts", "experts", "others", "fans",
        "people", "of", "times", "3", "researchers in", "-", ",", "critics'", "\u212aey",
    ]  # fmt: skip
    rng = random.Random(3)
    hits = 0
    for _ in range(300):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        for at in range(len(text)):
            got, want = pattern.match(text, at), written.match(text, at)
            assert (got and got.span()) == (want and want.span()), text
            hits += got is not None
    assert hits > 20  # the matches compared are not all "no match"
