"""The phrase alternation: what `alternation` builds from a word list."""

from __future__ import annotations

import sys

import regex

from newslint.analysis.words import alternation


def test_a_word_of_letters_and_digits_needs_no_escape():
    """`alternation` leaves a word of letters and digits as it is, as `regex.escape` would:
    true of every alphanumeric character of Unicode with this `regex`."""
    changed = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if chr(cp).isalnum() and regex.escape(chr(cp)) != chr(cp)
    ]
    assert changed == []


def test_entries_are_escaped_longest_first_with_any_separator():
    pattern = alternation(["A&E", "best-selling", "U.S.", "best", "C++"])
    branches = pattern.removeprefix("(?:").removesuffix(")").split("|")
    assert branches[0] == r"best[\s-]+selling"  # the longest entry is tried first
    assert sorted(branches[1:]) == sorted(["best", r"U\.S\.", r"A\&E", r"C\+\+"])
    assert regex.fullmatch(pattern, "best  selling")
    assert regex.fullmatch(pattern, "U.S.") and not regex.fullmatch(pattern, "UxSx")


# Entries whose words the fast paths (a word of letters and digits) and the regex paths
# must read alike: plain words, phrases, hyphens, punctuation, non-ASCII letters and digits.
ENTRIES = [
    "said", "Said", "MPs", "a few", "best-selling", "U.S.", "A&E", "x2", "naïve", "İdlers",
    "ıdlers", "Straße", "٣", "²", "don't", "talking  heads", "", "-", "co-op", "ﬁne",
]  # fmt: skip


def test_a_plain_word_is_its_own_phrase_and_fragment():
    """The words of an entry and its fragment are what the regex split and escape give."""
    from newslint.analysis.words import _SEPARATOR, _escape, phrase_words

    for entry in ENTRIES:
        words = [w for w in _SEPARATOR.split(entry) if w]
        assert phrase_words(entry) == words, entry
        if words:
            assert alternation([entry]) == "(?:" + r"[\s-]+".join(map(_escape, words)) + ")"
