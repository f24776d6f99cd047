"""The phrase alternation: what `alternation` builds from a word list."""

from __future__ import annotations

import sys

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.analysis.words import _FOLDED_PAIRS, alternation, tree_alternation


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


def test_a_tree_shares_prefixes():
    assert tree_alternation(["said", "says", "say"]) == "(?:sa(?:id|ys?))"
    assert tree_alternation(["pointed out", "point", "pointed"]) == (
        r"(?:pointed[\s-]+out|point(?:ed)?)"
    )
    # capitals or accents: the plain alternation
    assert tree_alternation(["Said", "says"]) == alternation(["Said", "says"])
    assert tree_alternation(["café", "cafe"]) == alternation(["café", "cafe"])


# After a fragment: what may follow it, so that the order the entries are tried in shows.
_AFTER = ["", r"(?![\w-])", r"\s", r"[a-z]", r"(?=\s+x)", r"s\b", r"\w{2}\b", r"(?:\s+\w+)?$"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("abcs", min_size=1, max_size=5), min_size=1, max_size=12),
    st.lists(st.sampled_from(["ab cs", "a-b", "sa bc", "s.a", "ab-c"]), max_size=3),
    st.text("abcsABCS\u017f -x.", max_size=60),
)
def test_a_tree_matches_what_the_alternation_matches(single, several, text):
    """The same matches, and of the entries that match at one place the same one first,
    whatever follows the fragment (long s matches s without case)."""
    entries = single + several
    for after in _AFTER:
        plain = regex.compile(alternation(entries) + after, regex.IGNORECASE)
        tree = regex.compile(tree_alternation(entries) + after, regex.IGNORECASE)
        found = [m.span() for m in plain.finditer(text, overlapped=True)]
        assert [m.span() for m in tree.finditer(text, overlapped=True)] == found


def test_a_tree_keeps_the_order_of_an_entry_that_is_one_word_with_stray_separators():
    """A house list's "claim " or "-" has one plain word (or none) once split: it matches
    what a single word matches, so it is tried where its length puts it, not before every
    single word as an entry of several words is ("claimed" before "claim ", "said" before
    an empty match)."""
    for entries, text in [
        (["said", "-"], "said"),
        (["said", " "], "said"),
        (["claimed", "claim "], "claimed"),
        (["ass", "a ", "b"], "ass"),
        (["pundits", "pun-"], "pundits"),
    ]:
        for after in _AFTER:
            plain = regex.compile(alternation(entries) + after, regex.IGNORECASE)
            tree = regex.compile(tree_alternation(entries) + after, regex.IGNORECASE)
            for overlapped in (False, True):
                found = [m.span() for m in plain.finditer(text, overlapped=overlapped)]
                spans = [m.span() for m in tree.finditer(text, overlapped=overlapped)]
                assert spans == found, (entries, after, overlapped)


def test_a_tree_matches_what_the_alternation_matches_under_full_case_folding():
    """Full case folding (regex VERSION1 with IGNORECASE, as when a rule pack sets
    regex.DEFAULT_VERSION) matches a ligature or a sharp s to two letters of one literal:
    the tree keeps them in one run ("(?:said|state)", not "s(?:aid|tate)")."""
    entries = ["said", "state", "fear", "find", "pas", "pass", "says", "stress"]
    assert tree_alternation(["said", "says", "state"]) == "(?:(?:sa(?:id|ys)|state))"
    for text in ["\ufb06ate", "\ufb01nd", "pa\u00df", "\u017ftre\u00df", "\ufb05ate"]:
        flags = regex.IGNORECASE | regex.VERSION1
        plain = regex.compile(alternation(entries), flags)
        tree = regex.compile(tree_alternation(entries), flags)
        found = [m.span() for m in plain.finditer(text)]
        assert found, text  # the alternation matches the folded letters
        assert [m.span() for m in tree.finditer(text)] == found, text


def test_the_folded_pairs_are_every_pair_one_character_folds_to():
    """`_FOLDED_PAIRS` holds every pair of ASCII letters within what one character folds
    to (str.casefold is full case folding, as regex's FULLCASE)."""
    folds = {chr(c).casefold() for c in range(sys.maxunicode + 1)}
    pairs = {f[i : i + 2] for f in folds if len(f) > 1 and f.isascii() for i in range(len(f) - 1)}
    assert pairs == _FOLDED_PAIRS


# Letters of the folded pairs, and the characters that fold to them (the ligatures U+FB00-6).
_FOLDING = "fistlFISTL -\u00df\u1e9e\u017f" + "".join(map(chr, range(0xFB00, 0xFB07)))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("fistl", min_size=1, max_size=5), min_size=1, max_size=12),
    st.text(_FOLDING, max_size=40),
)
def test_a_tree_matches_what_the_alternation_matches_folding_in_full(single, text):
    flags = regex.IGNORECASE | regex.VERSION1
    for after in _AFTER:
        plain = regex.compile(alternation(single) + after, flags)
        tree = regex.compile(tree_alternation(single) + after, flags)
        found = [m.span() for m in plain.finditer(text, overlapped=True)]
        assert [m.span() for m in tree.finditer(text, overlapped=True)] == found
