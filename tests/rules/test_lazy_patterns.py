"""Patterns compile when a document first needs them, not before: a one-article run pays
only for the patterns its sentences can match (their compiling was much of its time)."""

from __future__ import annotations

from pathlib import Path

from newslint.analysis.lexicon import Lexicon
from newslint.analysis.sources import sources
from newslint.engine.check import check
from newslint.formats.parse import parse
from newslint.rules import _data
from newslint.rules.anonymous_source import AnonymousSource

ANONYMOUS = ("anonymous_source.union", "anonymous-patterns")
SPEAKER = "newslint.analysis.sources"


def _house(tmp_path: Path) -> dict[str, list[str]]:
    """Options naming a lexicon no other test has compiled anything of: the shipped lists
    plus one word, from a file of this test's own."""
    house = tmp_path / "house.toml"
    house.write_text(f'[sourcing]\ngroup-nouns = ["{tmp_path.name}"]\n', encoding="utf-8")
    return {"lexicon-files": [str(house)]}


def _fresh_lexicon(tmp_path: Path) -> Lexicon:
    return _data.lexicon(_house(tmp_path))


def test_the_anonymous_cues_compile_only_for_a_sentence_that_may_hold_one(tmp_path):
    rule = AnonymousSource()
    options = {**rule.options, **_house(tmp_path)}
    lex = _data.lexicon(options)
    plain = parse("a.txt", "The council met on Monday. It set the budget.\n", "text")
    assert check(plain, [(rule, options)])[0] == []
    assert lex.get(ANONYMOUS) is None
    cue = parse("b.txt", "Sources said the budget would rise.\n", "text")
    assert [d.code for d in check(cue, [(rule, options)])[0]] == ["A002"]
    assert lex.get(ANONYMOUS) is not None


def test_a_speaker_named_after_the_quotation_needs_no_pattern_for_one_named_before(tmp_path):
    lex = _fresh_lexicon(tmp_path)
    after = parse("a.txt", '"We will grow," Mr Brown said.\n', "text")
    [quote] = after.quotes
    speaker = sources(after, lex).quote_speaker(quote)
    assert speaker is not None and after.text[speaker.start : speaker.end] == "Mr Brown"
    assert lex.get((SPEAKER, "_speaker_after")) is not None
    assert lex.get((SPEAKER, "_verb_at_end")) is None
    assert lex.get((SPEAKER, "_speaker_before")) is None
    before = parse("b.txt", 'Mr Brown said: "We will grow."\n', "text")
    [quote] = before.quotes
    speaker = sources(before, lex).quote_speaker(quote)
    assert speaker is not None and before.text[speaker.start : speaker.end] == "Mr Brown"
    assert lex.get((SPEAKER, "_speaker_before")) is not None
