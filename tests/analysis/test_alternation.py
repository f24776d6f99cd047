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
