"""`words`: the normalised words duplicate detection compares."""

from __future__ import annotations

import sys
import unicodedata

import pytest
import regex

from newslint.analysis.words import LONG_TEXT, kept, runs_together, words


def _reference(text: str) -> list[str]:
    """The documented normalisation, step by step: NFKC, straight quotation marks,
    casefold, punctuation dropped, split on whitespace."""
    text = unicodedata.normalize("NFKC", text)
    quotes = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
    text = text.translate(str.maketrans(quotes))
    return regex.sub(r"[^\w\s]+", "", text.casefold()).split()


@pytest.mark.parametrize("code", range(128))
def test_every_ascii_character_is_kept_dropped_or_split_as_documented(code: int) -> None:
    c = chr(code)
    text = f"Ab{c}cD {c}x{c}{c}y\tZ{c}"
    assert text.isascii()
    assert words(text) == _reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "The \u201cbiggest\u201d rise \u2013 since 2001, it\u2019s said.",
        "\ufb01nance \u2460 STRASSE Stra\u00dfe",  # NFKC ligature and circled digit, casefold
        "caf\u00e9 d\u00e9j\u00e0-vu \u00a35.2m",
    ],
)
def test_text_beyond_ascii_is_normalised_as_documented(text: str) -> None:
    assert words(text) == _reference(text)


def test_the_words_kept_from_a_long_text_are_interned_and_a_short_ones_are_not() -> None:
    # A repeat finder keeping every paragraph's words until a file ends: in a long text a
    # word that comes back must not be another copy in memory; a short text skips the
    # look-up per word.
    first, second = map(words, ("Council said yes.", "the COUNCIL said no"))
    long_first, long_second = (kept(w, LONG_TEXT + 1) for w in (first, second))
    assert long_first == tuple(first) and long_first[0] is long_second[1]
    assert long_first[0] is sys.intern("council")
    assert kept(iter(first), LONG_TEXT) == tuple(first)
    short_first, short_second = (kept(w, LONG_TEXT) for w in (first, second))
    assert short_first == tuple(first) and short_first[0] is not short_second[1]


def test_every_character_of_the_first_three_planes_is_normalised_as_documented() -> None:
    # Each character after a letter, then after a curly quotation mark (which words()
    # drops without straightening first), in one text: a fraction of a second.
    text = " ".join(f"a{c}\u2019{c}" for c in map(chr, range(0x30000)))
    assert words(text) == _reference(text)


@pytest.mark.parametrize("code", range(128))
def test_each_span_runs_its_words_together_in_a_short_ascii_text(code: int) -> None:
    c = chr(code)
    text = f"Ab{c}cD {c}x{c}{c}y\tZ{c}. Ab cd, X Y z"
    spans = [(0, 14), (0, len(text)), (3, 9), (16, len(text)), (5, 5)]
    runs = list(runs_together(text, spans))
    assert [bytes(run) for run in runs] == ["".join(words(text[a:b])).encode() for a, b in spans]


@pytest.mark.parametrize(
    "text",
    [
        "The \u201cbiggest\u201d rise \u2013 since 2001, it\u2019s said. The biggest rise",
        "\ufb01nance \u2460 STRASSE Stra\u00dfe finance",
        "A long text, of ASCII only. " * (LONG_TEXT // 20),
    ],
)
def test_each_span_runs_its_words_together_in_other_text(text: str) -> None:
    spans = [(0, 30), (4, 40), (0, len(text))]
    runs = list(runs_together(text, spans))
    assert runs == ["".join(words(text[a:b])) for a, b in spans]
