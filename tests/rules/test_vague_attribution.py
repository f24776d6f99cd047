"""vague-attribution (A001): fixtures that must fire, fixtures that must stay quiet, and the
shared context logic of rules/_sources.py."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

from newslint.analysis.cues import Sieve
from newslint.analysis.sources import AttributionKind, sources
from newslint.document import Document, Sentence
from newslint.formats.parse import parse
from newslint.rules import pack
from newslint.rules import vague_attribution as va
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


def messages(text: str) -> list[tuple[str, str]]:
    document = parse("article.txt", text, "text")
    return [(text[d.start : d.end], d.message) for d in RULE.check(document, RULE.options)]


def test_of_two_cues_on_one_span_the_one_gathered_first_is_kept() -> None:
    """Cues of one span are kept in the order their finders gather them: an agentless
    passive ("passive", "widely") before a prediction ("expected") or a rumour
    ("rumoured"), so its message is the one given."""
    text = "The merger is widely expected to push up prices.\n\nThe striker, widely tipped to go.\n"
    assert messages(text) == [
        ("is widely expected", "'is widely expected' by whom? say who holds this view"),
        ("widely tipped", "'widely tipped' by whom? say who holds this view"),
    ]


# The order in which cues were gathered before the plans (main 10cf7e4: four finders, each
# running its patterns in turn), which decides the cue kept among cues of one span.
_GATHERED = (
    "group", "quantifier", "evidence", "forward", "collective", "nominal", "claim",
    "passive", "it", "widely", "agent", "according", "expected", "talk", "told", "answered",
    "rumoured", "reception", "speculation", "than", "reaction", "prompted", "hedge",
)  # fmt: skip


class _Asked:
    """A cue pattern whose `scan` asks its tests first, as `finditer` does: a finder given
    it may run on any sentence."""

    def __init__(self, pattern: Sieve) -> None:
        self.pattern = pattern

    def scan(
        self, document: Document, sentence: Sentence, overlapped: bool = False
    ) -> Iterator[regex.Match[str]]:
        return self.pattern.finditer(document, sentence, overlapped)


def test_the_finders_run_per_sentence_find_what_every_finder_in_turn_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`find_cues` runs only the finders of the patterns a sentence may match (a plan per
    set of passing patterns): on random sentences dense in cues, what it keeps is what
    running every finder on every sentence, in the order cues were gathered before
    (`_GATHERED`), keeps."""
    pieces = [
        "critics say", "it is widely believed that", "according to sources", "is widely",
        "expected to push up prices", "tipped to win", "reportedly", "research shows",
        "many fans", "the industry fears", "speculation that", "than analysts had thought",
        "praised by some", ",", "\u2014", "Mr Brown said", "the plan", "prices rose",
        "were told", "rumoured to be", "drew criticism", "prompted experts to say",
        "widely tipped to go", "many analysts", "some say", "studies suggest",
    ]  # fmt: skip
    rng = random.Random(7)
    text = "\n\n".join(
        " ".join(rng.choice(pieces) for _ in range(rng.randint(2, 9))).capitalize() + "."
        for _ in range(300)
    )
    document = parse("a.txt", text + "\n", "text")
    context = sources(document, lexicon({}))
    patterns, finders = va._patterns(context), dict(va._FINDERS)
    assert sorted(finders) == sorted(_GATHERED)
    every = tuple((finders[name], _Asked(patterns[name])) for name in _GATHERED)

    def kept(cues: list[va.Cue]) -> list[tuple[int, int, str]]:
        return [(cue.start, cue.end, cue.message) for cue in cues]

    planned = [
        kept(va.find_cues(context, sentence, va._cue_sieves(context).passing(document, sentence)))
        for sentence in document.sentences
    ]
    monkeypatch.setattr(va, "_plan", lambda s, here: every)
    reference = [kept(va.find_cues(context, sentence, (None,))) for sentence in document.sentences]  # type: ignore[arg-type]
    assert planned == reference
    assert sum(map(len, planned)) > 300  # the sentences are dense in cues


@pytest.mark.parametrize("opening", ["", " ", "\t", "\u00a0", "\u2003"])
def test_he_or_she_after_one_unnamed_speaker_is_flagged_whatever_space_opens_it(
    opening: str,
) -> None:
    text = f'"Prices will fall," said one broker. {opening}He added that costs would rise.\n'
    assert "who is this? the source was never named" in [m for _, m in messages(text)]


def test_he_reports_answers_as_its_pattern_whatever_character_opens_the_sentence() -> None:
    """`_he_reports` asks its pattern only of a sentence opening with "H", "S" or a
    character that is not a letter or digit: for every character of the Basic
    Multilingual Plane before "He said" and "She said", it answers as its pattern asked
    of every sentence does (which allows only spaces before the pronoun)."""
    text = "".join(
        chr(c) + pronoun + " said so. "
        for c in range(0x10000)
        if not 0xD800 <= c < 0xE000
        for pronoun in ("He", "She")
    )
    context = sources(parse("a.txt", text + "\n", "text"), lexicon({}))
    view = context.document.view
    verbs = va._forms(context, "reporting-verbs")
    at, answered = 0, 0
    while at < len(view) - 1:
        end = view.index(". ", at + 1) + 1
        match = va._HE.match(view, at, end)
        expected = match if match and match.group("verb").casefold() in verbs else None
        got = va._he_reports(context, Sentence(at, end, 0))
        assert (got and got.span()) == (expected and expected.span()), repr(view[at])
        answered += got is not None
        at = end + 1
    assert answered > 40  # after each space character, "He said" and "She said" report


def test_the_plans_kept_per_lexicon_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lexicon lives for every document a process (a language server) reads: the plans
    of finders it keeps, one per set of passing patterns, are bounded, and once let go
    the cues found are the same."""
    monkeypatch.setattr(va, "_KEPT_PLANS", 8)
    pieces = [
        "critics say", "it is widely believed that", "according to sources", "reportedly",
        "research shows", "many fans", "speculation that", "praised by some", "the plan",
        "rumoured to be", "drew criticism", "widely tipped to go", "studies suggest",
    ]  # fmt: skip
    rng = random.Random(9)
    text = "\n\n".join(
        " ".join(rng.sample(pieces, rng.randint(1, 6))).capitalize() + "." for _ in range(200)
    )
    document = parse("a.txt", text + "\n", "text")
    kept = [(d.start, d.end, d.message) for d in RULE.check(document, RULE.options)]
    context = sources(document, lexicon(RULE.options))
    assert 0 < len(context.lexicon.get(va._PLANS)) <= 8
    monkeypatch.setattr(va, "_KEPT_PLANS", 1 << 20)
    context.lexicon.get(va._PLANS).clear()
    assert [(d.start, d.end, d.message) for d in RULE.check(document, RULE.options)] == kept


GATE_ARTICLES = sorted(FIXTURES.parent.glob("**/*.txt")) + sorted(
    (FIXTURES.parents[2] / "examples").glob("**/*.*")
)
GATE_TEXT = (
    "Well-wishers backed the plan. Anti-experts said no. Mr Jones added that critics "
    "savaged it. CRITICS SAVAGED it. Cr\u0130t\u0130cs savaged it. Campaigners, meanwhile, "
    "POINTED-OUT flaws. Voters of the town have long opposed it. Residents welcomed it."
)


def test_the_group_gate_rules_out_no_sentence_a_group_cue_comes_from() -> None:
    """ "group" among the cue sieves (`_cue_patterns`) has one more test than the pattern,
    which rules out sentences it matches ("Mr Jones added"), never one `_group_cues` gives
    a cue for, read with the bare pattern on every sentence of the fixtures, the examples
    and sentences of hyphens, capitals and a dotted capital I."""
    texts = [path.read_text(encoding="utf-8") for path in GATE_ARTICLES] + [GATE_TEXT]
    cues, ruled_out = _gate_counts(texts, RULE.options)
    assert cues and ruled_out  # both cases are there


def _gate_counts(texts: list[str], options: dict[str, object]) -> tuple[int, int]:
    """The group cues `_group_cues` gives with the bare pattern on every sentence of
    `texts`, and the sentences the bare pattern's tests pass but the gate rules out;
    asserting on the way that each sentence with a cue passes the gate."""
    cues = ruled_out = 0
    for text in texts:
        document = parse("article.txt", text, "text")
        context = sources(document, lexicon(options))
        bare = va._patterns(context)["group"]
        gated = va._cue_patterns(context)["group"]
        for sentence in document.sentences:
            found = list(va._group_cues(context, sentence, bare))
            passing = va._cue_sieves(context).passing(document, sentence)
            cues += len(found)
            ruled_out += gated not in passing and bare.passes(document, sentence)
            if found:
                assert gated in passing, document.view[sentence.start : sentence.end]
    return cues, ruled_out


# A newsroom's additions the gate must follow: a hyphenated and a two-word core verb, a
# capitalised stance, group nouns hyphenated, capitalised, with a dotless i or a sharp s
# (whose casefold is longer: the words are then split without the folded view).
HOUSE_LEXICON = """\
[sourcing]
group-nouns = ["naysayers", "doom-mongers", "Hand-Wringers", "\u0131nsiders", "Stra\u00dfe-users"]
core-verbs = ["grumble", "tut-tut", "sneered at", "\u0131nsist"]
stance-verbs = ["Deride", "co-sign"]
judgement-verbs = ["lambasted"]
"""
HOUSE_TEXT = (
    "Naysayers lambasted the plan. Doom-mongers, meanwhile, lambasted it. Hand-wringers "
    "lambasted it too. \u0131nsiders lambasted it. Stra\u00dfe-users lambasted it. Farmers "
    "grumbled about it. Voters tut-tutted. Residents sneered at the deal. Teachers have "
    "\u0131nsisted on it. Parents derided it. Fans co-signed the letter. Members lambasted "
    "it. Mr Jones lambasted it. Figures were expected."
)


def test_the_group_gate_follows_a_house_lexicon(tmp_path: Path) -> None:
    """The gate is built from the lexicon's lists, so a newsroom's core verbs, stances and
    group nouns (hyphens, two words, capitals, a dotless i, a sharp s) let through every
    sentence `_group_cues` gives a cue for, read with the bare pattern. (A gate built from
    the shipped lists alone would hide the cues of the house words.)"""
    house = tmp_path / "house.toml"
    house.write_text(HOUSE_LEXICON, encoding="utf-8")
    options = {**RULE.options, "lexicon-files": [str(house)]}
    texts = [HOUSE_TEXT, HOUSE_TEXT.replace(" Stra\u00dfe-users lambasted it.", "")]
    cues, ruled_out = _gate_counts(texts, options)
    assert cues >= 18 and ruled_out  # the house words give cues; "Mr Jones" is ruled out


def test_a_sentence_of_many_evidence_cues_reads_the_next_sentences_once_per_noun(
    monkeypatch,
) -> None:
    """Whether a source noun is named in this or the next two sentences is asked once per
    sentence and noun: copy without full stops made one sentence of many "reports show"
    cues, and each read the same three sentences again."""
    asked: list[tuple[int, int, str]] = []
    real = va._forward_named_now

    def counted(s, sentence, noun):  # type: ignore[no-untyped-def]
        asked.append((sentence.start, sentence.end, noun))
        return real(s, sentence, noun)

    monkeypatch.setattr(va, "_forward_named_now", counted)
    found = flagged("reports show prices rose and studies show costs fell and " * 8 + "\n")
    assert found.count("reports show") == found.count("studies show") == 8
    assert asked and len(asked) == len(set(asked))
