"""Words: the one tokeniser and the one phrase-alternation builder the project uses.

- `WORD` finds words in running text: letters and digits, with inner apostrophes, hyphens,
  dots and ampersands kept ("Marks & Spencer" is three, "U.S." one, "don't" one).
- `words(text)` normalises text for comparison (duplicate detection, MinHash): NFKC,
  straight quotation marks, casefolded, punctuation dropped, split on whitespace;
  `runs_together(text, spans)` gives each span's words joined with nothing between them.
- `alternation(entries)` builds a regex fragment matching any phrase of a list, and
  `phrase_words(entry)` gives the words it matches an entry by; `tree_alternation(entries)`
  matches the same, faster for a long list of single words.
- `kept(words, text_length)`: words to keep until a text is done, interned in a long text.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable, Iterator

import regex

from newslint import regexes

WORD = regexes.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}&'\u2019.-]*[\p{L}\p{N}])?")
_NOT_WORD = regexes.compile(r"[^\w\s]+")
_SEPARATOR = regexes.compile(r"[\s-]+")
# The ASCII characters _NOT_WORD deletes, as bytes.
_ASCII_NOT_WORD = bytes(c for c in range(128) if _NOT_WORD.match(chr(c)))


def words(text: str) -> list[str]:
    """Words of `text` after normalising case (casefold), quotation-mark style (curly to
    straight), punctuation (dropped) and whitespace (split): a list of str."""
    if text.isascii():
        # The same words, twice as fast: NFKC and the quotation marks change no ASCII
        # text, casefold is lower, and the punctuation is deleted by a byte table.
        return text.lower().encode("ascii").translate(None, _ASCII_NOT_WORD).decode().split()
    # Curly and straight quotation marks alike are punctuation, which is dropped: making
    # them straight first (a str.translate, one dict look-up per character) changes no word.
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub("", text).split()


# Characters: a text longer than this is a long file, whose kept words are interned.
LONG_TEXT = 100_000

# The ASCII characters `words` drops or splits on: _NOT_WORD's, and str.split's whitespace.
_ASCII_NOT_WORD_OR_SPACE = _ASCII_NOT_WORD + bytes(c for c in range(128) if chr(c).isspace())


def runs_together(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[str | bytes]:
    """For each span [start, end) of `text` (characters), its `words` run together (joined
    with nothing between): equal for spans whose words are equal, so a span whose run is
    unique has unique words, found without splitting. As bytes in an ASCII text of up to
    `LONG_TEXT` characters, lowered and encoded once for all its spans (a copy of a long
    text would add to its peak memory)."""
    if len(text) <= LONG_TEXT and text.isascii():
        data = text.lower().encode("ascii")
        for start, end in spans:
            yield data[start:end].translate(None, _ASCII_NOT_WORD_OR_SPACE)
    else:
        for start, end in spans:
            yield _run_together(text[start:end])


def _run_together(text: str) -> str:
    if text.isascii():  # as `words` has it, the whitespace deleted too rather than split on
        return text.lower().encode("ascii").translate(None, _ASCII_NOT_WORD_OR_SPACE).decode()
    return "".join(words(text))


def kept(found: Iterable[str], text_length: int) -> tuple[str, ...]:
    """`found` as a tuple to keep until a text of `text_length` characters is done. The
    words of a long text are interned: it repeats each word thousands of times, each a
    string of its own, and a repeat finder keeping every paragraph's words would hold them
    all (duplicate-paragraph keeps a long text's words as ids instead; this is for rule
    packs). A short text is not worth the look-up per word."""
    if text_length > LONG_TEXT:
        return tuple(map(sys.intern, found))
    return tuple(found)


_NEXT_WORD = regexes.compile(r"[\s-]+([\p{L}'\u2019-]+)")


def next_words(view: str, offset: int, limit: int, count: int) -> list[tuple[str, int]]:
    """Up to `count` words of letters right after `offset` (each preceded by whitespace or
    a hyphen), stopping at any other character or at `limit`: (word, end offset) pairs."""
    out: list[tuple[str, int]] = []
    while len(out) < count:
        match = _NEXT_WORD.match(view, offset, limit)
        if match is None:
            break
        out.append((match.group(1), match.end()))
        offset = match.end()
    return out


def alternation(entries: Iterable[str]) -> str:
    """A non-capturing regex fragment matching any entry, longest first; the words of an
    entry may be separated by any run of whitespace or hyphens ("best-selling" matches
    "best selling"). Case is left to the flags of the pattern that uses it."""
    # Ties in length are put in alphabetical order so that the pattern's text is the same
    # in every process: the precompiled table (newslint.regexes) is keyed by it.
    ordered = sorted(set(entries), key=lambda entry: (-len(entry), entry))
    # A word of letters and digits, as most entries are, is its own fragment.
    parts = (e if e.isalnum() else r"[\s-]+".join(map(_escape, phrase_words(e))) for e in ordered)
    return "(?:" + "|".join(parts) + ")"


def tree_alternation(entries: Iterable[str]) -> str:
    """`alternation(entries)` (a fragment matching any entry, longest first) written as a
    tree of shared prefixes where that matches the same: "said|says|say" as "sa(?:id|ys?)".
    The `regex` engine tries a plain alternation's entries one by one at every place a
    pattern starts or reaches it, so a list of hundreds cost most of a scan; the tree
    reads a character once for all the entries it begins. The same matches, in the same
    order: the entries that match at one place are then a chain of prefixes of one
    another (every single word is ASCII lower case, and no two such words match the same
    text without case), which the tree, greedy, tries longest first, as the alternation
    does; an entry of several words ("pointed out") is tried before any single word, as
    it is longer than every single word that can match where it does (its first word, or
    a prefix of it). Folded in full (regex's VERSION1), one character matches two letters
    of one literal ("\u00df" "ss"), so a run of shared letters never ends between such a
    pair (`_FOLDED_PAIRS`): "said|state" stays "(?:said|state)". Anything else (a house
    list's capitals, accents, an entry of one plain word or none between stray separators:
    "claim ", "-") is left to `alternation`."""
    ordered = sorted(set(entries), key=lambda entry: (-len(entry), entry))
    single = [e for e in ordered if e.isalnum()]
    if not single or not all(e.isascii() and e == e.lower() for e in single):
        return alternation(ordered)
    several = [e for e in ordered if not e.isalnum()]
    if any(_one_plain_word(e) for e in several):
        return alternation(ordered)
    single.sort()  # each word right after the words it starts with

    def branch(words: list[str], depth: int) -> str:
        """The tree of `words` (sorted, all sharing their first `depth` characters) past
        those characters: "" when the only word is the shared part itself."""
        ends_here = len(words[0]) == depth
        rest = words[1:] if ends_here else words
        ways: list[str] = []
        for group in _by_letter(rest, depth):
            ways.extend(group_ways(group, depth))
        if not ways:
            return ""
        if not ends_here:  # no entry ends here: one of the ways must follow
            return ways[0] if len(ways) == 1 else "(?:" + "|".join(ways) + ")"
        if len(ways) == 1 and len(ways[0]) == 1:
            return ways[0] + "?"  # "says?"
        return "(?:" + "|".join(ways) + ")?"  # greedy: the longer entries first

    def group_ways(group: list[str], depth: int) -> list[str]:
        """The ways past `depth` of `group` (sorted words sharing their first `depth` + 1
        characters): one, the characters they all share read as one run, then the tree of
        the rest. Where that run would end between two letters that one character matches
        without case ("st" of "said|state", see `_FOLDED_PAIRS`), a way for each letter
        after the run and, last, the run alone if it is a word: "(?:said|state)"."""
        low, high = group[0], group[-1]
        shared = depth + 1
        while shared < len(low) and low[shared] == high[shared]:
            shared += 1
        if not any(w[shared - 1 : shared + 1] in _FOLDED_PAIRS for w in group):
            return [low[depth:shared] + branch(group, shared)]
        ends = len(low) == shared
        ways: list[str] = []
        for longer in _by_letter(group[1:] if ends else group, shared):
            ways.extend(group_ways(longer, depth))
        if ends:
            ways.append(low[depth:shared])
        return ways

    tree = branch(single, 0)
    if several:
        return alternation(several)[:-1] + "|" + tree + ")"
    return "(?:" + tree + ")"


def _by_letter(words: list[str], depth: int) -> Iterator[list[str]]:
    """`words` (sorted, each longer than `depth`) in runs of the same letter at `depth`."""
    i = 0
    while i < len(words):
        j = i + 1
        while j < len(words) and words[j][depth] == words[i][depth]:
            j += 1
        yield words[i:j]
        i = j


# Letter pairs one character matches without case under full case folding (regex's
# VERSION1 with IGNORECASE, as when a rule pack sets regex.DEFAULT_VERSION, or FULLCASE):
# "\u00df" matches "ss", the ligature "\ufb01" "fi" ("\ufb03" "ffi": its pairs). regex
# matches such a character against the letters of one literal only, so `tree_alternation`
# never ends a run of shared letters between the two.
_FOLDED_PAIRS = frozenset({"ff", "fi", "fl", "ss", "st"})


def _one_plain_word(entry: str) -> bool:
    """Does `entry` match as one word of letters and digits, or as nothing ("claim ", "-",
    "")? Its fragment is then that word (or empty), which a single word of the list may
    match too, so its place among them is its length's, not before them all."""
    found = phrase_words(entry)
    return len(found) < 2 and (not found or found[0].isalnum())


def phrase_words(entry: str) -> list[str]:
    """The words of a list entry as `alternation` matches them: split at runs of whitespace
    and hyphens ("best-selling" is "best", "selling")."""
    if entry.isalnum():
        return [entry]  # no whitespace or hyphen to split at: no regex
    return [w for w in _SEPARATOR.split(entry) if w]


def _escape(word: str) -> str:
    """`regex.escape(word)`, without its loop over the characters for the usual word of
    letters and digits, which it leaves as it is (it escapes punctuation and spaces only)."""
    return word if word.isalnum() else regex.escape(word)
