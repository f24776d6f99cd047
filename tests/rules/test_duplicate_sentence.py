from __future__ import annotations

import pytest

from conftest import FIXTURES, expected

RULE = FIXTURES / "duplicate-sentence"
FIRE = expected(RULE)


@pytest.mark.parametrize("name", sorted(FIRE))
def test_fires(cli, name):
    result = cli("--output-format", "json", "--isolated", str(RULE / "must-fire" / name))
    found = [(d["line"], d["related"][0]["line"]) for d in result.json() if d["code"] == "D002"]
    assert found == [tuple(x) for x in FIRE[name]]


@pytest.mark.parametrize("path", sorted((RULE / "must-not").iterdir()), ids=lambda p: p.name)
def test_stays_quiet(cli, path):
    result = cli("--select", "D002", "--output-format", "json", "--isolated", str(path))
    assert result.json() == []


def test_repeated_paragraph_is_left_to_duplicate_paragraph(cli):
    path = RULE / "must-not" / "inside-repeated-paragraph.txt"
    codes = [d["code"] for d in cli("--output-format", "json", "--isolated", str(path)).json()]
    assert codes == ["D001"]


def _repeats(text: str) -> list[tuple[str, int]]:
    """Each sentence duplicate-sentence reports in plain text, with its first copy's start."""
    from newslint.formats.parse import parse
    from newslint.rules.duplicate_sentence import DuplicateSentence

    document = parse("a.txt", text, "text")
    rule = DuplicateSentence()
    return [(text[d.start : d.end], d.related[0].start) for d in rule.check(document, rule.options)]


@pytest.mark.parametrize("hashed", ["as Python hashes", "all alike"])
def test_sentences_whose_words_hash_alike_are_told_apart(monkeypatch, hashed):
    """Sentences are found by the hash of their words, then compared word for word: when
    every wording hashes alike, only the true repeats are reported, each against its own
    first copy."""
    from newslint.rules import _text

    if hashed == "all alike":  # the wordings are kept by hash in _text.FirstWording
        monkeypatch.setattr(_text, "hash", lambda words: 7, raising=False)
    one = "The council said the new bus routes would start in the spring."
    two = "Critics said the rural towns would be left with far fewer links."
    three = "The operator expects the first timetable changes after a review."
    text = f"{one} {two}\n\nNothing new here at all today.\n\n{three} {two} {one}\n"
    found = _repeats(text)
    assert found == [(two, text.index(two)), (one, text.index(one))]


@pytest.mark.parametrize("hashed", ["as Python hashes", "all alike"])
def test_only_sentences_whose_words_run_together_like_another_are_split(monkeypatch, hashed):
    """A sentence is split into words only when its words run together (joined with
    nothing between) like another sentence's: a repeat, or words that differ only where
    they part ("well known", "wellknown"), the latter told apart once split. When every
    run hashes alike, every sentence is split, and the same repeat is reported."""
    from newslint.rules import duplicate_sentence

    split: list[str] = []
    original = duplicate_sentence.words

    def words(text: str) -> list[str]:
        split.append(text)
        return original(text)

    monkeypatch.setattr(duplicate_sentence, "words", words)
    if hashed == "all alike":  # the runs are kept by hash in the rule
        monkeypatch.setattr(duplicate_sentence, "hash", lambda run: 7, raising=False)
    one = "The council said the new bus routes would start in the spring."
    two = "A well known critic said the rural towns would lose their links."
    three = "A wellknown critic said the rural towns would lose their links."
    other = "The operator expects the first timetable changes after a review."
    text = f"{one} {two}\n\nNothing new here at all today.\n\n{other} {three} {one}\n"
    found = _repeats(text)
    assert found == [(one, text.index(one))]
    if hashed == "all alike":
        assert {one, two, three, other, "Nothing new here at all today."} <= set(split)
    else:
        assert sorted(set(split)) == sorted({one, two, three})
