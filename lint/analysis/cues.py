"""The cheap cue pass: which sentences a pattern (or the structure analysis) is worth
running on, decided from the words a sentence holds. Patterns compile on first use.

A pattern built from a word list ("experts|analysts|critics ...") costs the `regex` engine
about the same at every character of a sentence, and the rules run dozens of them over
every sentence: on the BBC corpus that scanning was most of the time. Yet a sentence can
only match if it holds one of the list's words. `Sieve` asks that first, of the set of
words in the sentence (built once per sentence and shared by every pattern), and runs the
pattern only on the sentences that pass. It also compiles the pattern only when a
sentence first passes, so a short article never pays for the patterns it cannot match.

The test must never reject a sentence the pattern could match, or findings would change.
`any_word(entries)` is safe when the pattern allows no word character right before or
after an entry (`(?<![\\w-])`, `\\s+`, `(?![\\w-])`, `\\b`): then every word of the entry
is a whole word of the sentence. Where the pattern leaves an entry's end open
("study" may run straight into what follows), use `any_prefix`.
"""

from __future__ import annotations

import bisect
import operator
from array import array
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from functools import cached_property, reduce
from itertools import accumulate, chain, repeat
from typing import TypeVar

import regex

from newslint import regexes
from newslint.analysis.words import LONG_TEXT, phrase_words
from newslint.document import Document, Sentence

_WORD = regexes.compile(r"\w+")
_WORD_OR_HYPHEN = regexes.compile(r"[\w-]")
# Bytes: each ASCII character that is not a word character (\w) made a space.
_ASCII_SPACED = bytes(c if _WORD.match(chr(c)) else 32 for c in range(128)) + bytes(range(128, 256))

# Does a sentence, given its set of casefolded words, possibly match? Every test must be
# monotone: a test that passes for some words passes for any set that holds them (Sieve
# relies on it to rule a pattern out for a whole document at once).
Test = Callable[[frozenset[str]], bool]
# A sentence's words: a frozenset to keep as a set, a set to read once, a tuple to keep
# for set operations whose other side is a set (see `_DocumentWords`).
W = TypeVar("W", frozenset[str], set[str], tuple[str, ...])
H = TypeVar("H", bound=Hashable)


def _entry_words(entry: str) -> list[str]:
    """The casefolded runs of word characters of a list entry: an ASCII word of letters
    and digits, as most entries are, is its own one, found without a regex."""
    if entry.isascii() and entry.isalnum():
        return [entry.lower()]
    return _WORD.findall(entry.casefold())


def _longest_word(entry: str) -> str | None:
    runs = _entry_words(entry)
    return _plain_i(max(runs, key=len)) if runs else None


def _plain_i(word: str) -> str:
    """A casefolded word as it reads with a plain "i" for a dotted capital I ("i\u0307") or
    a dotless "\u0131": without case each matches the other, so an entry's "\u0130nsisted"
    matches "insisted" and its "wh\u0131spered" "WHISPERED". Word sets hold this form too
    (see `_with_plain_i`): a word test asks for it."""
    return word.replace("i\u0307", "i").replace("\u0131", "i") if not word.isascii() else word


def any_word(*lists: Iterable[str]) -> Test:
    """The sentence holds the longest word of some entry, as a whole word."""
    anchors = [_longest_word(entry) for entries in lists for entry in entries]
    if None in anchors:
        return _always  # an entry with no word at all: nothing to look for
    return _AnyWord(frozenset(a for a in anchors if a is not None))


_SEP = "\x00"


def _joined(words: Iterable[str]) -> str:
    """`words`, each between two `_SEP`s: a run within a word is then searched in C."""
    return _SEP + _SEP.join(words) + _SEP


def _words_in(joined: str, run: str) -> Iterator[str]:
    """The words of `joined` (see `_joined`) holding `run`, each once, in order."""
    at = joined.find(run)
    while at >= 0:
        end = joined.find(_SEP, at)
        yield joined[joined.rfind(_SEP, 0, at) + 1 : end]
        at = joined.find(run, end)  # on to the next word


class _WordTest:
    """A test that passes when some word of the sentence has a property. `select` picks
    those words from a set (with the same words joined by NUL, one before the first and
    after the last, for tests that search them in C). A document's words are selected
    once; each sentence then passes if it holds one of them: one set test."""

    __slots__ = ()

    @property
    def key(self) -> object:
        """Tests with equal keys select the same words (a document selects them once)."""
        return self

    def select(self, words: frozenset[str], joined: str) -> frozenset[str]:
        """The words of `words` that pass (`joined`: the same words joined, see above).
        Every kind of word test says; not an abc.ABC, whose isinstance checks cost a
        visible share of a run here."""
        raise NotImplementedError

    def __call__(self, sentence_words: frozenset[str]) -> bool:
        return bool(self.select(sentence_words, _joined(sentence_words)))


class _AnyWord(_WordTest):
    """The sentence holds one of `words`."""

    __slots__ = ("words",)

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words

    def select(self, words: frozenset[str], joined: str) -> frozenset[str]:
        return self.words & words

    def __call__(self, sentence_words: frozenset[str]) -> bool:
        return not self.words.isdisjoint(sentence_words)


class _Prefixed(_WordTest):
    """Some word of the sentence starts with one of `prefixes`."""

    __slots__ = ("key", "width", "heads", "_starts")

    def __init__(self, prefixes: Iterable[str]) -> None:
        # No prefixes at all (an empty list): every word passes, as an empty alternation would.
        ordered = sorted(set(prefixes)) or [""]
        self.key = ("prefix", tuple(ordered))  # equal tests share their selection
        # The prefixes by their first `width` characters (the shortest prefix's length):
        # a word whose start is none of these keys starts with no prefix, one dict look-up.
        self.width = min(map(len, ordered))
        heads: dict[str, tuple[str, ...]] = {}
        for prefix in ordered:
            heads[prefix[: self.width]] = (*heads.get(prefix[: self.width], ()), prefix)
        self.heads = heads
        # Each prefix no other prefix starts, after a separator: where it is found in the
        # joined words, a word starting with a prefix starts (see `select`).
        self._starts = tuple(
            _SEP + prefix
            for prefix in ordered
            if not any(other != prefix and prefix.startswith(other) for other in ordered)
        )

    def select(self, words: Iterable[str], joined: str) -> frozenset[str]:
        if self.width:
            # Found in C: the few places a prefix starts a word of the joined words, each
            # word read on to the separator after it, not a look-up for every word.
            found = []
            for start in self._starts:
                at = joined.find(start)
                while at >= 0:
                    end = joined.find(_SEP, at + 1)
                    found.append(joined[at + 1 : end])
                    at = joined.find(start, end)
            return frozenset(found)
        width, heads = self.width, self.heads  # an empty prefix: every word
        found = []
        for word in words:
            starts = heads.get(word[:width])
            if starts is not None and word.startswith(starts):
                found.append(word)
        return frozenset(found)


class _Suffixed(_WordTest):
    """Some word of the sentence ends with `suffix`."""

    __slots__ = ("key", "suffix", "_end")

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        self.key = ("suffix", suffix)
        self._end = suffix + _SEP  # where a word ends with it, in the joined words

    def select(self, words: Iterable[str], joined: str) -> frozenset[str]:
        # Found in C: the few places the suffix ends a word, each word read back to the
        # separator before it (no word holds a separator), not a test of every word.
        end, size = self._end, len(self.suffix)
        found = []
        at = joined.find(end)
        while at >= 0:
            found.append(joined[joined.rfind(_SEP, 0, at) + 1 : at + size])
            at = joined.find(end, at + size + 1)
        return frozenset(found)


class _Either(_WordTest):
    """Some test of several passes."""

    __slots__ = ("tests",)

    def __init__(self, tests: Iterable[_WordTest]) -> None:
        self.tests = tuple(tests)

    def select(self, words: frozenset[str], joined: str) -> frozenset[str]:
        return frozenset().union(*(test.select(words, joined) for test in self.tests))


def every_word(*lists: Iterable[str]) -> Test:
    """The sentence holds a word of some entry every word of which the document holds (in a
    long document, the sentence itself: `_LongWords.every_word_bits`), each as a whole
    word: stricter than `any_word` for a phrase ("at least" needs "at" too), so
    fewer documents compile the pattern at all, and as cheap per sentence (one set test).
    Safe where `any_word` is, for every word of the entry is then a whole word of the
    sentence, and sound on its own: a word holding an "i" is asked for only of a document
    whose words are all ASCII (without case, "i" matches "İ", casefolded "i̇", and "I" a
    dotless "ı"; every other character an ASCII letter or digit matches casefolds to it,
    the Kelvin sign to "k", the long s to "s"). Of an entry that is not all ASCII (a house
    lexicon's), a word is sure only if it is ASCII without "i" or "ss" ("ß" matches a
    letter that casefolds to itself); one holding a dotless "ı", or an "i" beside other
    letters that are not ASCII (the "i̇" of "İ"), is never asked for: "ıdlers" matches
    "IDLERS", "İzmir" matches "izmir", though neither pair casefolds alike."""
    needs: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {}
    for entries in lists:
        for entry in entries:
            found = set(_entry_words(entry))
            if not entry.isascii():
                found = {w for w in found if _matched_as_folded(w)}
                sure = frozenset(w for w in found if w.isascii() and "i" not in w and "ss" not in w)
            else:
                sure = frozenset(w for w in found if "i" not in w)
            if not found:
                return _always  # an entry with no word to ask for: nothing to look for
            # The word a sentence must hold: the entry's longest without an "i", if any; of
            # two as long, the later in alphabetical order, so that every process picks the
            # same (a set's order changes with the hash seed; the sieves built ahead, see
            # `spec`, must be what this builds).
            key = max(sure or found, key=lambda word: (len(word), word))
            needs.setdefault(key, []).append((sure, frozenset(found - sure)))
    return _EveryWord(needs)


def _matched_as_folded(word: str) -> bool:
    """Does every text that `word` (casefolded, of an entry that is not all ASCII) matches
    without case hold it casefolded, in a document not all ASCII? Not with a dotless "ı"
    (it matches "I", which casefolds to "i"), nor with an "i" beside letters that are not
    ASCII (the "i̇" of a casefolded "İ", which matches a plain "i")."""
    return "\u0131" not in word and ("i" not in word or word.isascii())


class _EveryWord(_WordTest):
    """See `every_word`: `needs` maps each entry's key word to, for each entry of that key,
    its sure words and the others (asked for only of a document all ASCII)."""

    __slots__ = ("needs", "unsure", "alone", "joint", "_whole", "_sure")

    def __init__(self, needs: dict[str, list[tuple[frozenset[str], frozenset[str]]]]) -> None:
        self.needs = needs
        # Some entry has only words with an "i": in a text not all ASCII, none is sure.
        self.unsure = any(not sure for entries in needs.values() for sure, _ in entries)
        # Keys with an entry of that one word ("is", "widely"): a document holding the key
        # holds every word of that entry, nothing more to ask. The other keys' entries
        # have words besides the key, which the document must hold too.
        self.alone = frozenset(
            key
            for key, entries in needs.items()
            if any(sure | with_i <= {key} for sure, with_i in entries)
        )
        self.joint = frozenset(needs) - self.alone
        # What a document must hold for each entry of a joint key: all of its words when
        # the document is all ASCII, its sure words otherwise. Asked with `issuperset`
        # mapped over them, in C: a generator per key cost most of a selection (some
        # 17,500 selections on the BBC corpus).
        self._whole = {key: tuple(s | i for s, i in needs[key]) for key in self.joint}
        self._sure = {key: tuple(s for s, _ in needs[key]) for key in self.joint}

    def select(self, words: frozenset[str], joined: str) -> frozenset[str]:
        ascii_words = joined.isascii()
        if self.unsure and not ascii_words:
            return words
        found = self.alone.intersection(words)
        needed = self._whole if ascii_words else self._sure
        holds = words.issuperset
        joint = [key for key in self.joint.intersection(words) if any(map(holds, needed[key]))]
        return found.union(joint) if joint else found


def any_prefix(*lists: Iterable[str]) -> Test:
    """Some word of the sentence starts with the first word of some entry."""
    firsts = [_WORD.findall(entry.casefold())[:1] for entries in lists for entry in entries]
    if [] in firsts:
        return _always
    return _Prefixed({_plain_i(first[0]) for first in firsts})


def any_suffix(suffix: str) -> Test:
    """Some word of the sentence ends with `suffix`."""
    return _Suffixed(suffix)


def either(*tests: Test) -> Test:
    if _always in tests:
        return _always
    if all(isinstance(test, _WordTest) for test in tests):
        return _Either(test for test in tests if isinstance(test, _WordTest))
    return lambda sentence_words: any(test(sentence_words) for test in tests)


def _always(sentence_words: frozenset[str]) -> bool:
    return True


def sieve(
    pattern: str,
    *tests: Test,
    flags: int = regex.IGNORECASE,
    ends: Iterable[str] | None = None,
) -> Sieve:
    """A Sieve of `pattern` compiled with `flags` (on first use) behind `tests`; see
    `Sieve` for `ends`."""
    made = Sieve(lambda: regexes.compile(pattern, flags), *tests, ends=ends)
    made.source = (pattern, flags)
    return made


# --- Sieves as literals ---------------------------------------------------------------
#
# A rule's sieves cost a few milliseconds to build from its word lists (the words each
# test asks for, the end words, the pattern's text), once per process: a tenth of what one
# article's first check costs beyond a second. `spec` gives a sieve `sieve()` made as a
# value of literals (a tuple of str, int, frozenset, dict, list), which a script writes
# into a generated module, and `from_spec` makes the same sieve from it again, for free.
Spec = tuple[object, ...]


def spec(item: Sieve) -> Spec:
    """`item` as literals: (pattern, flags, test specs, end words or None). Raises
    ValueError for a sieve not made by `sieve()`, or with a test that is not a word test
    (a function `either` made of tests that are not word tests)."""
    if item.source is None:
        raise ValueError("only a sieve made by sieve() has a spec")
    pattern, flags = item.source
    return (pattern, int(flags), tuple(map(_test_spec, item._tests)), item._ends)


def from_spec(made: Spec) -> Sieve:
    """The sieve `spec` gave `made` for: the same pattern, flags, tests and end words."""
    pattern, flags, tests, ends = made
    item = sieve(pattern, *map(_test_of, tests), flags=flags)  # type: ignore[arg-type]
    item._ends = ends  # type: ignore[assignment]
    return item


def _test_spec(test: Test) -> Spec:
    if test is _always:
        return ("always",)
    if isinstance(test, _AnyWord):
        return ("any", test.words)
    if isinstance(test, _EveryWord):
        return ("every", test.needs)
    if isinstance(test, _Prefixed):
        return ("prefix", test.key[1])
    if isinstance(test, _Suffixed):
        return ("suffix", test.suffix)
    if isinstance(test, _Either):
        return ("either", tuple(map(_test_spec, test.tests)))
    raise ValueError(f"no spec for the test {test!r}")


def _test_of(made: Spec) -> Test:
    kind = made[0]
    if kind == "always":
        return _always
    if kind == "any":
        return _AnyWord(made[1])  # type: ignore[arg-type]
    if kind == "every":
        return _EveryWord(made[1])  # type: ignore[arg-type]
    if kind == "prefix":
        return _Prefixed(made[1])  # type: ignore[arg-type]
    if kind == "suffix":
        return _Suffixed(made[1])  # type: ignore[arg-type]
    return _Either(map(_test_of, made[1]))  # type: ignore[arg-type]


class Sieve:
    """A pattern that runs on a sentence only when every test passes for it.

    `finditer` and `search` take a document and one of its sentences and match the
    pattern on `document.view` between the sentence's offsets (characters).

    `ends`, when given, are phrases one of which ends every match, its last word a whole
    word: after a character that is not a word character, and followed by one that is
    neither a word character nor a hyphen (or by the sentence's end), as a pattern
    ending `\\s+(?:said|told)(?![\\w-])` promises. The pattern then only scans up to the
    last place such a word ends in the sentence: the same matches, as nothing past that
    place can end one. When some last word is not all ASCII word characters, or holds an
    "I", `ends` is ignored: the end words are looked for casefolded, but the pattern
    matches by regex's case-insensitive rules, and these differ for "I" (it matches a
    dotless "ı", whose casefold is not "i") and for many non-ASCII letters ("İ" matches
    "i")."""

    def __init__(
        self,
        build: Callable[[], regex.Pattern[str]],
        *tests: Test,
        ends: Iterable[str] | None = None,
    ) -> None:
        self._build = build
        self._tests = tests
        # The pattern and flags, for a sieve `sieve()` made (see `spec`).
        self.source: tuple[str, int] | None = None
        self._ends: frozenset[str] | None = None
        if ends is not None:
            # The last word of each phrase as the pattern's alternation matches it.
            last = {(phrase_words(e) or [""])[-1] for e in ends}
            if all(w.isascii() and "I" not in w and _WORD.fullmatch(w) for w in last):
                self._ends = frozenset(word.casefold() for word in last)

    @cached_property
    def pattern(self) -> regex.Pattern[str]:
        return self._build()

    def _test(self, words: frozenset[str]) -> bool:
        for test in self._tests:
            if not test(words):
                return False
        return True

    def passes(self, document: Document, sentence: Sentence) -> bool:
        return _passes(document, sentence, self, self._tests, self._test)

    def finditer(
        self, document: Document, sentence: Sentence, overlapped: bool = False
    ) -> Iterator[regex.Match[str]]:
        if not self.passes(document, sentence):
            return _NO_MATCHES
        return self.scan(document, sentence, overlapped)

    def scan(
        self, document: Document, sentence: Sentence, overlapped: bool = False
    ) -> Iterator[regex.Match[str]]:
        """The matches in a sentence already known to pass the tests (`SieveSet.passing`
        says so): `finditer` without asking them again. On a sentence that fails them it
        finds what the bare pattern finds, which may be more than `finditer` does."""
        end = sentence.end if self._ends is None else self._last_end(document, sentence)
        return self.pattern.finditer(document.view, sentence.start, end, overlapped=overlapped)

    def _last_end(self, document: Document, sentence: Sentence) -> int:
        """Where a scan of `sentence` for this pattern may stop (see `ends`): one
        character past the last end of an end word followed by neither a word character
        nor a hyphen; the sentence's start when there is none."""
        assert self._ends is not None
        words = document._memo.get(_WORDS)  # asked per sentence: the memo read directly
        held: Iterable[str] | None = None
        if words is not None:
            span = (sentence.start, sentence.end)
            held = words.among(self._ends, *span) if words.long else words.by_span.get(span)
        hits = self._ends.intersection(sentence_words(document, sentence) if held is None else held)
        view, start, end = document.view, sentence.start, sentence.end
        folding = _folding(document)
        if folding is False:  # folding changed the offsets
            return end
        # The folded view, or in a long one the sentence folded alone, from `shift` on.
        folded, shift = (_casefold(view[start:end]), start) if folding is True else (folding, 0)
        last = -1
        for word in hits:
            at = folded.rfind(word, start - shift, end - shift)
            while at >= 0 and at + shift + len(word) > last:
                after = at + shift + len(word)
                if after == end or _WORD_OR_HYPHEN.match(view, after) is None:
                    last = after
                    break
                at = folded.rfind(word, start - shift, after - 1 - shift)
        return start if last < 0 else min(end, last + 1)

    def behind(self, *tests: Test) -> Sieve:
        """The same pattern (compiled once, shared) and end words behind more tests: for a
        rule that knows which sentences can give it a finding, not only which the pattern
        may match. The tests may rule out sentences the pattern matches, where `finditer`
        then hides matches; `scan` still finds every match of a sentence it is given."""
        made = Sieve(lambda: self.pattern, *self._tests, *tests)
        made._ends = self._ends
        return made

    def search(
        self, document: Document, sentence: Sentence, start: int | None = None
    ) -> regex.Match[str] | None:
        """The first match in `sentence` of `document`, from character offset `start` (the
        sentence's start unless given) to its end; None at once when the sentence fails
        the sieve's tests."""
        if not self.passes(document, sentence):
            return None
        first = sentence.start if start is None else start
        return self.pattern.search(document.view, first, sentence.end)


class SieveSet:
    """Sieves a rule runs on the same sentences, asked together: which of them may match
    a sentence, in one lookup.

    A rule reading a sentence asks each of its sieves in turn, and most answer no (on the
    BBC corpus vague-attribution asked 400,000 times for 30,000 yeses). `passing` answers
    for all of them at once, from bits: each distinct test of the sieves is a bit, and
    each word of the document that a word test selects carries the bits of the tests
    selecting it (`_bits`), so a sentence's bits are those its words carry, found by one
    set intersection (with the bits of the tests that select every word, if any), and its
    passing sieves those whose bits it has. A short document's sentences are judged
    together into a table by span, built on first ask; a long one's bits are marked by
    sentence from its word lists on first ask, and its table is a list by sentence index
    (`_ByIndex`). A sentence for which it gives no sieve holds no match of any: a rule
    may skip it."""

    __slots__ = (
        "_sieves",
        "_tests",
        "_needs",
        "_by_bits",
        "_listed",
        "_names",
        "_open",
        "_joint",
        "_joint_keys",
        "_unsure",
        "_called",
    )

    def __init__(self, sieves: Iterable[Sieve]) -> None:
        self._sieves = tuple(sieves)
        # Each distinct test of the sieves, with its bit, and the bits each sieve needs.
        bits: dict[int, int] = {}  # id of a test -> its bit
        tests: list[tuple[int, Test]] = []
        needs: list[int] = []
        for item in self._sieves:
            need = 0
            for test in item._tests:
                if test is _always:
                    continue
                bit = bits.get(id(test))
                if bit is None:
                    bit = bits[id(test)] = 1 << len(bits)
                    tests.append((bit, test))
                need |= bit
            needs.append(need)
        self._tests = tuple(tests)
        self._needs = tuple(needs)
        # The sieves passing with each set of bits seen (a cache keyed by value).
        self._by_bits: dict[int, tuple[Sieve, ...]] = {}
        # What the word tests select, by what it depends on (see `_bits`); a test `either`
        # made is asked as its parts, each part's words carrying the test's bit (the union
        # of the parts' selections is the test's).
        listed: dict[str, int] = {}  # a word -> the bits of the tests it passes wherever it is
        opened: list[tuple[int, _WordTest]] = []  # prefix and suffix tests: any word may pass
        joint: dict[str, list[tuple[int, frozenset[str], frozenset[str]]]] = {}
        unsure = 0
        called: list[tuple[int, Test]] = []
        for bit, test in tests:
            if not isinstance(test, _WordTest):
                called.append((bit, test))
                continue
            for part in _parts(test):
                if type(part) is _AnyWord:
                    for word in part.words:
                        listed[word] = listed.get(word, 0) | bit
                elif type(part) is _EveryWord:
                    for key in part.alone:
                        listed[key] = listed.get(key, 0) | bit
                    for key in part.joint:  # what `_EveryWord.select` asks of a document
                        pairs = zip(part._whole[key], part._sure[key], strict=True)
                        joint.setdefault(key, []).extend((bit, w, s) for w, s in pairs)
                    if part.unsure:
                        unsure |= bit
                else:
                    opened.append((bit, part))
        self._listed = listed
        self._names = frozenset(listed)
        self._open = tuple(opened)
        self._joint = joint
        self._joint_keys = frozenset(joint)
        self._unsure = unsure
        self._called = called

    def passing(self, document: Document, sentence: Sentence) -> tuple[Sieve, ...]:
        """The sieves whose tests `sentence` of `document` passes, in the order given
        (compared by identity: `sieve in passing(...)`). A sieve left out cannot match
        the sentence; one given may, and `Sieve.scan` finds its matches."""
        table = document._memo.get(self)  # Document.memo's fast path: asked per sentence
        if table is None:
            table = document.memo(self, lambda: self._table(document))
        found = table.get((sentence.start, sentence.end))
        if found is None:  # not one of its sentences, or some test is no word test
            return self._asked(document, sentence)
        return found

    def _asked(self, document: Document, sentence: Sentence) -> tuple[Sieve, ...]:
        """The passing sieves of a sentence of a long document with a test that is not a
        word test, from the bits of the tests it passes (see `_bits`), or of a sentence not
        of the document, asked one by one."""
        words = _words(document)
        i = words.index(sentence.start, sentence.end) if words.long else -1
        if i < 0:
            return tuple(item for item in self._sieves if item.passes(document, sentence))
        by_sentence, called = document.memo((self, "bits"), lambda: self._long_bits(words))
        bits = by_sentence[i]
        if called:
            held = words.words_of(document, sentence.start, sentence.end)
            for bit, test in called:
                if test(held):
                    bits |= bit
        return self._passing_with(bits)

    def _long_bits(self, words: _LongWords) -> tuple[Sequence[int], list[tuple[int, Test]]]:
        """For a long document whose words are `words`: the bits each sentence's words
        carry (see `_bits`), by sentence index, marked from the word lists once; and the
        tests that are not word tests, called per sentence. Splitting each sentence into
        words again for every rule that asks was most of what a long file cost beyond
        the same sentences as many short files."""
        carried, every, called = self._bits(words)
        # An `every_word` test is asked of each sentence's own words (`_LongWords.
        # every_word_bits`), not of the document's: a long one holds most phrases whole,
        # and each of its sentences holding a phrase's key word but not the phrase passed,
        # to be read by the rule for nothing.
        exact = [(bit, test) for bit, test in self._tests if type(test) is _EveryWord]
        if exact:
            rest = ~reduce(operator.or_, (bit for bit, _ in exact))
            carried = {word: bits & rest for word, bits in carried.items() if bits & rest}
            every &= rest
        if every:  # an `either` of an unsure `every_word`: every word carries its bit
            carried = {word: carried.get(word, 0) | every for word in words.listing}
        found = words.bits_by_sentence(carried, wide=len(self._tests) > 64)
        for bit, test in exact:
            for index in _indices(words.every_word_bits(test)):
                found[index] |= bit
        return found, called

    def _bits(self, words: _Vocabulary) -> tuple[dict[str, int], int, list[tuple[int, Test]]]:
        """For a document whose vocabulary is `words`: each word of it that some word test
        selects, with the bits of the tests selecting it (a sentence passes a word test
        when it holds a word the test selects from the document's words); the bits of the
        tests that select every word of it (an `every_word` test unsure of a text not all
        ASCII), which a sentence holding any word has, not marked on each word; the tests
        that are not word tests, called per sentence.

        The tests' lists are one map of words (`any_word`'s, and the `every_word` keys
        enough alone), read once per document, not once per test; a prefix or suffix test
        picks its words as it does for any sieve; only the `every_word` entries that need
        more words than their key are asked of the document."""
        listed = self._listed
        held_of, holds_all = words.held_of, words.holds_all
        carried = {word: listed[word] for word in held_of(self._names)}
        for bit, test in self._open:
            for word in words.hits(test):
                carried[word] = carried.get(word, 0) | bit
        if not (self._joint or self._unsure):
            return carried, 0, self._called  # no need to join a long file's words to ask
        ascii_words = words.ascii
        for key in held_of(self._joint_keys):
            for bit, whole, sure in self._joint[key]:
                if holds_all(whole if ascii_words else sure):
                    carried[key] = carried.get(key, 0) | bit
        return carried, 0 if ascii_words else self._unsure, self._called

    def _table(self, document: Document) -> dict[tuple[int, int], tuple[Sieve, ...]] | _ByIndex:
        """The passing sieves of each of the document's sentences: by span for a short
        document, by sentence index for a long one (a dict of its spans would cost more
        memory than it saves time); empty for a long document with a test that is not a
        word test, whose sentences are looked up one at a time (`_asked`)."""
        words = _words(document)
        if words.long:
            return self._long_table(words)
        carried, every, called = self._bits(words)
        known = frozenset(carried)
        by_bits = self._by_bits
        table: dict[tuple[int, int], tuple[Sieve, ...]] = {}
        # The loop runs for every sentence of every document: locals, and no call but the
        # intersection for most sentences.
        for span, held in words.by_span.items():
            bits = every if held else 0
            for word in known.intersection(held):
                bits |= carried[word]
            if called:
                for bit, test in called:
                    if test(frozenset(held)):
                        bits |= bit
            found = by_bits.get(bits)
            table[span] = self._passing_with(bits) if found is None else found
        return table

    def _long_table(self, words: _LongWords) -> dict[tuple[int, int], tuple[Sieve, ...]] | _ByIndex:
        """`_table` for a long document whose words are `words`: each sentence's passing
        sieves, from its bits marked off the word lists, by sentence index (`_ByIndex`).
        Asked of every sentence by a rule, a lookup there costs about half of what working
        each one's sieves out from its bits when asked did."""
        by_sentence, called = self._long_bits(words)
        if called:
            return {}  # the bits are not all: each sentence asked alone (`_asked`)
        kinds, ids = _small_ids(by_sentence)
        # Equal tuples made one: a text dense in cues has as many sets of bits as sentences,
        # and `_passing_with` keeps a bounded number of them.
        shared: dict[tuple[Sieve, ...], tuple[Sieve, ...]] = {}
        found = [shared.setdefault(here, here) for here in map(self._passing_with, kinds)]
        return _ByIndex(words, found, ids)

    def _passing_with(self, bits: int) -> tuple[Sieve, ...]:
        """The sieves all of whose tests' bits are in `bits` (kept: sentences share few)."""
        found = self._by_bits.get(bits)
        if found is None:
            if len(self._by_bits) >= _KEPT_BIT_SETS:
                # A set's sieves live as long as their lexicon, for every document a
                # process (a language server) reads: kept without a bound, each new set
                # of bits would stay for good.
                self._by_bits.clear()
            found = self._by_bits[bits] = tuple(
                item
                for item, need in zip(self._sieves, self._needs, strict=True)
                if bits & need == need
            )
        return found


class _ByIndex:
    """A long document's table of passing sieves (`SieveSet._long_table`), read by span
    as a short document's dict is: `found[ids[i]]` for sentence i (see `_small_ids`)."""

    __slots__ = ("_words", "_found", "_ids")

    def __init__(self, words: _LongWords, found: list[tuple[Sieve, ...]], ids: array[int]) -> None:
        self._words = words
        self._found = found
        self._ids = ids

    def get(self, span: tuple[int, int]) -> tuple[Sieve, ...] | None:
        """The passing sieves of the document's sentence at `span` (characters [start,
        end)), or None when no sentence of the document is there."""
        i = self._words.index(*span)
        return None if i < 0 else self._found[self._ids[i]]


def _small_ids(values: Iterable[H]) -> tuple[list[H], array[int]]:
    """The distinct `values`, in the order first seen, and each value's index among them,
    in order, in an array of the fewest bytes that holds them: a long document's value
    per sentence (its passing sieves, its end words) takes a byte or two a sentence, not
    a pointer of eight, for sentences share few."""
    listed = list(values)
    kinds = list(dict.fromkeys(listed))
    number = {value: k for k, value in enumerate(kinds)}
    code = "B" if len(kinds) <= 1 << 8 else "H" if len(kinds) <= 1 << 16 else "I"
    return kinds, array(code, map(number.__getitem__, listed))


# The sets of bits whose passing sieves a SieveSet keeps (`_passing_with`); the BBC
# corpus gives some 6,600 (under 1 MB), text dense in cues many more.
_KEPT_BIT_SETS = 8192


def _parts(test: _WordTest) -> Iterator[_WordTest]:
    """The tests `test` passes by any one of (itself, unless `either` made it)."""
    if type(test) is _Either:
        for part in test.tests:
            yield from _parts(part)
    else:
        yield test


def _passes(
    document: Document, sentence: Sentence, key: object, tests: Sequence[Test], test: Test
) -> bool:
    """Does `sentence` pass every one of `tests`? Decided for the sentence alone the first
    `_ASKED_ALONE` times a short document is asked under `key`, then for all of its
    sentences at once, kept under `key`; `test` (the same tests as one) judges a sentence
    that is not one of the document's."""
    # Asked of every sentence for every pattern (half a million times on the BBC corpus):
    # the memo is read directly, not through Document.memo's closure.
    words = document._memo.get(_WORDS)
    if words is None:
        words = _words(document)
    if words.long:
        return words.passes(document, sentence, key, tests, test)
    passing = words.verdicts.get(key)
    span = (sentence.start, sentence.end)
    if passing is None:
        held = words.by_span.get(span)
        if held is not None:
            asked = words.asked.get(key, 0)
            if asked < _ASKED_ALONE:
                words.asked[key] = asked + 1
                return words.passes_alone(tests, held)
        passing = words.verdicts[key] = words.passing(tests)
    if span in passing:
        return True
    if span in words.by_span:
        return False
    return test(sentence_words(document, sentence))  # not one of its sentences


class _Vocabulary:
    """The words of a document (casefolded, of all its sentences) and which of them pass
    each word test, selected once per document. `everything` is the set of them."""

    long = False  # whether this is a _LongWords

    everything: frozenset[str]  # every word of the document
    # The words of a set that the document holds; whether it holds every one of them.
    held_of: Callable[[frozenset[str]], frozenset[str]]
    holds_all: Callable[[frozenset[str]], bool]

    def __init__(self) -> None:
        self._joined: str | None = None
        self._hits: dict[object, frozenset[str]] = {}

    @property
    def listing(self) -> Iterable[str]:
        """Every word of the document, each once, in no order asked for."""
        return self.everything

    def hits(self, test: _WordTest) -> frozenset[str]:
        """The document's words that pass `test`; a prefix or suffix test is decided once
        per document, whichever sieve holds it."""
        if isinstance(test, _AnyWord):
            return test.words & self.everything
        if isinstance(test, _Either):
            return frozenset().union(*map(self.hits, test.tests))
        key = test.key
        found = self._hits.get(key)
        if found is None:
            found = self._hits[key] = test.select(self.everything, self.joined())
        return found

    def joined(self) -> str:
        """The words, each between two `_SEP`s, made once: searched in C."""
        if self._joined is None:
            self._joined = _joined(self.listing)
        return self._joined

    @property
    def ascii(self) -> bool:
        """Are all the words ASCII? Read off the joined words (a prefix test joins them
        anyway), as `_EveryWord.select` reads it."""
        return self.joined().isascii()


class _DocumentWords(_Vocabulary):
    """The words of each of one document's sentences, built in one pass, their union, and
    which sieves that union already rules out.

    A sentence's words are kept as a tuple (repeats and all), not a frozenset: every use
    here is a set operation whose other side is a set (`hits.isdisjoint(words)`,
    `known.intersection(words)`), which a tuple answers alike, and a frozenset of 20 words
    is a hash table of 2 kB, for each of the 35,000 sentences of the BBC corpus: building
    and keeping them cost about 0.07 s more of the corpus run than the tuples. A sentence's
    word set is made when asked (`words_of`, a test that is not a word test)."""

    def __init__(self, document: Document) -> None:
        self.by_span: dict[tuple[int, int], tuple[str, ...]] = {
            (sentence.start, sentence.end): words
            for sentence, words in zip(
                document.sentences, _sentence_words(document, _keeper(document, tuple)), strict=True
            )
        }
        super().__init__()
        self.everything = frozenset().union(*self.by_span.values())
        # The set's own methods, called in C: asked per document and sieve set, a Python
        # call each cost the corpus run 0.2% more instructions (bench/floor_instructions.py).
        self.held_of = self.everything.intersection
        self.holds_all = self.everything.issuperset
        # By Sieve: the spans of the sentences that pass it, once asked of many sentences;
        # until then, how many were asked (`_passes`).
        self.verdicts: dict[object, frozenset[tuple[int, int]]] = {}
        self.asked: dict[object, int] = {}

    def passes_alone(self, tests: Sequence[Test], held: tuple[str, ...]) -> bool:
        """Does the sentence whose words are `held`, one of the document's, pass every
        test? What `passing` decides for all sentences at once, for this one alone."""
        for test in tests:
            if test is _always:
                continue
            if isinstance(test, _WordTest):
                if self.hits(test).isdisjoint(held):
                    return False
            elif not (test(self.everything) and test(frozenset(held))):
                return False
        return True

    def passing(self, tests: Sequence[Test]) -> frozenset[tuple[int, int]]:
        """The spans of the sentences that pass every test, decided for all sentences at
        once: a rule asks of each sentence, and a call per sentence and test cost more than
        the tests. A word test selects the document's words that pass it once; a sentence
        then passes if it holds one (a set test in C). Every test is monotone (more words
        never fail it), so a test that fails on the words of the whole document fails on
        each sentence."""
        selected: list[frozenset[str]] = []
        called: list[Test] = []
        for test in tests:
            if test is _always:
                continue
            if isinstance(test, _WordTest):
                hits = self.hits(test)
                if not hits:
                    return frozenset()
                selected.append(hits)
            elif test(self.everything):
                called.append(test)
            else:
                return frozenset()
        if not called and len(selected) == 1:  # most sieves: one word test
            (hits,) = selected
            return frozenset(
                span for span, words in self.by_span.items() if not hits.isdisjoint(words)
            )
        return frozenset(
            span
            for span, words in self.by_span.items()
            if all(not hits.isdisjoint(words) for hits in selected)
            and all(test(frozenset(words)) for test in called)
        )

    def words_of(self, document: Document, start: int, end: int) -> frozenset[str]:
        """The words of the sentence at [start, end) of `document`, one of its sentences
        or not (characters)."""
        words = self.by_span.get((start, end))
        return _span_words(document, start, end) if words is None else frozenset(words)


# Sentences of a short document a sieve is asked of one by one before it is decided for
# all of them at once (`_DocumentWords.passing`). Most sieves are asked of a sentence or
# two of a document (those that other tests already picked): on the BBC corpus, 7,200
# sieves were decided for every sentence of a document for 13,400 asks, 99% of them asked
# at most 8 times.
_ASKED_ALONE = 8

# Sentences: past this many, a document's words are kept by word (see `_LongWords`).
_MANY_SENTENCES = 2000


class _LongWords(_Vocabulary):
    """The words of a document of many sentences (a long file), kept by word rather than
    by sentence: for each word, the indices of the sentences holding it, in order. A
    frozenset of words per sentence was the largest part of a 4 MB file's memory (35 MB);
    these lists take a fraction of it. A sieve's verdict is one byte per sentence (1 when
    it passes), marked from the lists of the words that pass its tests, where sets of
    passing sentences per sieve would cost more memory than they save time. A sentence's
    word set is split again when asked (`words_of`), the last one kept for the next ask:
    a rule asks of one sentence for pattern after pattern."""

    long = True

    def __init__(self, document: Document) -> None:
        self._keep = _keeper(document)
        # Sentence indices in the narrowest machine integers that hold them.
        code = "H" if len(document.sentences) <= 1 << 16 else "I"
        # Arrays of machine integers, not lists: half the room, and nothing for the garbage
        # collector to walk. A word of one sentence (most of a long file's words: names,
        # figures, codes) keeps its index alone, an int of 28 bytes, not an array of 84.
        postings: dict[str, int | array[int]] = {}
        get = postings.get
        for index, words in enumerate(_sentence_words(document, _keeper(document, set))):
            for word in words:
                found = get(word)
                if found is None:
                    postings[word] = index
                elif type(found) is int:
                    postings[word] = array(code, (found, index))
                else:
                    found.append(index)
        super().__init__()
        # The words kept as one string, joined (see `_joined`), in the order of their
        # hashes, with where each starts there, and found by bisecting the hashes: no str
        # per word nor set of them (2.6 MB for the 27,000 words of a 4 MB file, against
        # 0.5), and the joined words are what the prefix and suffix tests search anyway.
        # The hashes are this process's: a document pickled or copied leaves its memo
        # behind (`Document.__getstate__`), and this is made again where it is read.
        order = sorted(postings, key=_word_hash)
        self._hashes = array("q", map(_word_hash, order))
        self._joined = _joined(order)
        self._word_starts = array(
            "I" if len(self._joined) < 1 << 32 else "Q",
            accumulate((len(word) + 1 for word in order), initial=1),
        )
        self._indices, self._ends = _packed(postings, order, code)
        del order, postings  # the words' own strings go: the joined one holds them
        self._sentences = document.sentences
        # The document's own starts and ends (`Document.sentence_at` reads them too): 35,000
        # sentences of a 4 MB file, not held twice, and no sentence made to be compared.
        self._starts = document._sentence_starts
        self._sentence_ends = document._sentence_ends
        self._none = bytes(len(self._sentences))  # the verdict of a sieve nothing passes
        # By Sieve: a byte per sentence, 1 for those that pass it.
        self.verdicts: dict[object, bytes | bytearray] = {}
        self._last: tuple[int, int, frozenset[str]] = (-1, -1, frozenset())
        self._at = (-1, -1, -1)  # the last span `index` was asked, and its answer
        # By the id of a set of words (kept with it, so the id is not reused): the words of
        # the set each sentence holds (`among`), as `_small_ids` gives them.
        self._among: dict[int, tuple[frozenset[str], list[tuple[str, ...]], array[int]]] = {}
        self._odd_joined: str | None = None  # see `_odd`
        self._not_ascii_found: int | None = None  # see `_not_ascii`

    @cached_property
    def everything(self) -> frozenset[str]:  # type: ignore[override]
        """Every word of the document, as a set: made (and kept) only for a test that is
        not a word test, asked of the document's words, or an `every_word` test inside an
        `either` (see `hits`); the word tests are answered from the joined words."""
        return frozenset(self.listing)

    @property
    def listing(self) -> Iterator[str]:
        """Every word of the document, made one at a time from the joined words, in the
        order they are kept."""
        joined, starts = self._joined, self._word_starts
        for i in range(len(self._hashes)):
            yield joined[starts[i] : starts[i + 1] - 1]

    def _position(self, word: str) -> int:
        """Where `word` is among the kept words (its postings' place, see `_packed`), or
        -1 if the document does not hold it: the first of the words with its hash (two
        words sharing one, rarely) that is `word`."""
        hashes, starts = self._hashes, self._word_starts
        found = _word_hash(word)
        i = bisect.bisect_left(hashes, found)
        while i < len(hashes) and hashes[i] == found:
            if starts[i + 1] - starts[i] == len(word) + 1 and self._joined.startswith(
                word, starts[i]
            ):
                return i
            i += 1
        return -1

    def held_of(self, words: frozenset[str]) -> frozenset[str]:  # type: ignore[override]
        """The words of `words` that the document holds."""
        return frozenset(word for word in words if self._position(word) >= 0)

    def holds_all(self, words: frozenset[str]) -> bool:  # type: ignore[override]
        """Does the document hold every word of `words`?"""
        return all(self._position(word) >= 0 for word in words)

    def hits(self, test: _WordTest) -> frozenset[str]:
        """See `_Vocabulary.hits`: a list's words looked up, not intersected with a set;
        a prefix or suffix test reads the words joined, or in turn (an empty prefix), not
        as a set."""
        if isinstance(test, _AnyWord):
            return self.held_of(test.words)
        if type(test) is _Prefixed or type(test) is _Suffixed:
            found = self._hits.get(test.key)
            if found is None:
                found = self._hits[test.key] = test.select(self.listing, self.joined())
            return found
        return super().hits(test)

    def index(self, start: int, end: int) -> int:
        """The index of the document's sentence at [start, end), or -1 if none is. The
        last answer is kept: a rule asks of one sentence for pattern after pattern."""
        last_start, last_end, i = self._at
        if last_start == start and last_end == end:
            return i
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and (self._starts[i] != start or self._sentence_ends[i] != end):
            i = -1
        self._at = (start, end, i)
        return i

    def passes(
        self, document: Document, sentence: Sentence, key: object, tests: Sequence[Test], test: Test
    ) -> bool:
        """See `_passes`."""
        marks = self.verdicts.get(key)
        if marks is None:
            marks = self.verdicts[key] = self._marks(document, tests)
        i = self.index(sentence.start, sentence.end)
        if i < 0:  # not one of its sentences
            return test(_span_words(document, sentence.start, sentence.end))
        return marks[i] == 1

    def _marks(self, document: Document, tests: Sequence[Test]) -> bytes | bytearray:
        """A byte per sentence, 1 when it passes every test (each is monotone: a test that
        fails on the words of the whole document fails on each sentence)."""
        marks: bytearray | None = None
        for test in tests:
            if test is _always:
                continue
            if type(test) is _EveryWord:  # as SieveSet._long_bits asks it
                # The bits as a byte per sentence, the first sentence first, in C.
                digits = format(self.every_word_bits(test), f"0{len(self._sentences)}b")
                found = bytearray(digits[::-1].encode("ascii").translate(_DIGIT_BYTES))
            elif isinstance(test, _WordTest):
                hits = self.hits(test)
                if not hits:
                    return self._none
                found = bytearray(len(self._sentences))
                for word in hits:  # each sentence marked in C
                    deque(map(found.__setitem__, self._holding(word), repeat(1)), maxlen=0)
            elif test(self.everything):
                found = bytearray(map(test, _sentence_words(document, self._keep)))
            else:
                return self._none
            marks = found if marks is None else bytearray(map(operator.and_, marks, found))
        return b"\x01" * len(self._sentences) if marks is None else marks

    def every_word_bits(self, test: _EveryWord) -> int:
        """The sentences whose own words pass `test` (what it says of a sentence's set of
        words, see `_EveryWord.select`), as bits (bit i for sentence i), from the word
        lists: those holding a key word alone enough, or every word of one of a key's
        entries (all of them in a sentence all ASCII, the sure ones in another; in another,
        every sentence if some entry has no sure word). A word's sentences are bits, so an
        entry's are its words' intersected in C."""
        held: dict[str, int] = {}  # the bits of each word asked for, once

        def holding(word: str) -> int:
            found = held.get(word)
            if found is None:
                found = held[word] = self._bits_of((word,))
            return found

        def holding_all(needed: frozenset[str]) -> int:
            if not self.holds_all(needed):
                return 0
            return reduce(operator.and_, map(holding, needed))

        not_ascii = self._not_ascii()
        passing = self._bits_of(self.held_of(test.alone))
        if test.unsure:
            passing |= not_ascii
        for key in self.held_of(test.joint):
            for whole, sure in zip(test._whole[key], test._sure[key], strict=True):
                passing |= holding_all(whole) & ~not_ascii
                if not test.unsure:
                    passing |= holding_all(sure) & not_ascii
        return passing

    def _bits_of(self, words: Iterable[str]) -> int:
        """The sentences holding one of `words` (words of the document), as bits."""
        return _as_bits(chain.from_iterable(map(self._holding, words)), len(self._sentences))

    def _not_ascii(self) -> int:
        """The sentences holding a word that is not all ASCII (a few, in a news text), as
        bits, found once."""
        if self._not_ascii_found is None:
            found = () if self._joined.isascii() else self.listing  # words read only if some is not
            self._not_ascii_found = self._bits_of(w for w in found if not w.isascii())
        return self._not_ascii_found

    def among(self, chosen: frozenset[str], start: int, end: int) -> tuple[str, ...] | None:
        """The words of `chosen` that the document's sentence at [start, end) holds
        (characters), in no order; None when no sentence of the document is there. Marked
        for every sentence from the word lists when a set is first asked of (a pattern's
        end words, see `Sieve._last_end`, asked of sentence after sentence): splitting each
        sentence into words again cost more than all the marking."""
        i = self.index(start, end)
        if i < 0:
            return None
        found = self._among.get(id(chosen))
        if found is None:
            found = self._among[id(chosen)] = (chosen, *_small_ids(self._held(chosen)))
        _, kinds, ids = found
        return kinds[ids[i]]

    def _held(self, chosen: frozenset[str]) -> list[tuple[str, ...]]:
        """For each sentence, in order, the words of `chosen` it holds."""
        held: list[tuple[str, ...]] = [()] * len(self._sentences)
        for word in self.held_of(chosen):
            for index in self._holding(word):
                held[index] += (word,)
        return held

    def bits_by_sentence(self, carried: dict[str, int], wide: bool) -> Sequence[int]:
        """For each sentence, in order, the union (bitwise or) of the bits `carried` gives
        the words it holds; machine words unless `wide` (bits beyond 64: Python ints)."""
        found: array[int] | list[int] = (
            [0] * len(self._sentences) if wide else array("Q", bytes(8 * len(self._sentences)))
        )
        for word, bit in carried.items():
            for index in self._holding(word):
                found[index] |= bit
        return found

    def _holding(self, word: str) -> Sequence[int]:
        """The indices of the sentences holding `word`, one of the document's words."""
        i = self._position(word)
        return self._indices[self._ends[i - 1] if i else 0 : self._ends[i]]

    def holding_literal(self, literal: str) -> int:
        """The sentences one of whose words holds `literal` (casefolded), as bits (bit i
        for sentence i)."""
        return self._bits_of(self._words_holding(literal))

    def sentences_holding(self, words: Iterable[str]) -> Iterator[int]:
        """The indices of the sentences holding one of `words` (words of the document), a
        sentence once for each such word, not in order."""
        for word in words:
            yield from self._holding(word)

    def few_apart(self, run: str) -> list[str] | None:
        """The words of the document holding `run` (casefolded) with no ASCII letter or
        digit next to it (see `_apart`); None when reading them and the sentences holding
        them, as `sentences_holding` does, would cost more than a search of the text for a
        word: each is read in Python, the search in C (see `_WORD_COST`). In a word of
        ASCII letters and digits only, `run` is next to one unless it is the whole word:
        besides `run` itself, only the words of other characters (`_odd`, a few in a
        news text) are searched, not every word holding `run` ("a": most of them)."""
        found = [run] if self._position(run) >= 0 else []
        found += (w for w in _words_in(self._odd(), run) if w != run and _apart(run, w))
        held = sum(len(self._holding(word)) for word in found)
        cost = _WORD_COST * len(found) + _SENTENCE_COST * held
        return None if cost > len(self._sentences) else found

    def _odd(self) -> str:
        """The document's words that are not all ASCII letters and digits ("café", "x_y"),
        each between two `_SEP`s, made once."""
        if self._odd_joined is None:
            odd = (word for word in self.listing if not (word.isascii() and word.isalnum()))
            self._odd_joined = _joined(odd)
        return self._odd_joined

    def _words_holding(self, literal: str) -> Iterator[str]:
        """The words of the document holding `literal`, found in the words joined (`hits`
        joins them too): a fraction of a long text, searched in C."""
        return _words_in(self.joined(), literal)

    def words_of(self, document: Document, start: int, end: int) -> frozenset[str]:
        """The words of the sentence at [start, end) of `document`, one of its sentences
        or not (characters)."""
        last_start, last_end, words = self._last
        if last_start == start and last_end == end:
            return words
        if self.index(start, end) < 0:
            words = _span_words(document, start, end)
        else:
            words = self._keep(_split_words(document, start, end))
        self._last = (start, end, words)
        return words


def _packed(
    postings: dict[str, int | array[int]], order: list[str], code: str
) -> tuple[array[int], array[int]]:
    """`postings` (each word's sentence indices, in order: an int for a word of one
    sentence, an array of type `code` for others) as one array: every word's indices in
    turn, the words in `order` (all of them), and where each word's end there. Each word's
    own array over-allocates as it grows, and each word a dict entry, a pointer and an int
    besides: two thirds of what these cost on a 4 MB file (5.4 MB, against 1.6); a word is
    found again by bisection, a few thousand times in a run. Empties `postings`: each
    word's array is let go as it is packed, so the packed one grows as they go (made at
    its full size first, it was held beside all of them: 2.8 MB more at the peak of a
    4 MB file's run, with the zeros it was made from)."""
    indices = array(code)
    ends = array("I")
    for word in order:
        posting = postings.pop(word)
        if type(posting) is int:
            indices.append(posting)
        else:
            indices.extend(posting)
        ends.append(len(indices))
    return indices, ends


def _keeper(
    document: Document,
    kind: Callable[[list[str]], W] = frozenset,  # type: ignore[assignment]
) -> Callable[[list[str]], W]:
    """What makes a sentence's words into what is kept of them in `document`: `kind`
    (frozenset; set for words not kept as sets; tuple for words only ever the other side of
    a set operation), with a plain "i" form added (`_with_plain_i`) where the view holds a
    dotted capital I or a dotless i."""
    view = document.view
    if "\u0130" in view or "\u0131" in view:
        return _with_plain_i(kind)
    return kind


def _sentence_words(document: Document, keep: Callable[[list[str]], W]) -> Iterator[W]:
    """The casefolded words of each of the document's sentences, in order, each made a set
    by `keep` (see `_keeper`)."""
    # Spans from the document's columns of starts and ends: a long document's sentences
    # are objects made when read (`Packed`), and only their spans are wanted here.
    starts, ends = document._sentence_starts, document._sentence_ends
    if _folding(document) is False:
        for start, end in zip(starts, ends, strict=True):
            yield keep(_split_words(document, start, end))
        return
    # From the casefolded view when that keeps the offsets: a character folding
    # to one keeps being a word character or not, so the words are the same. A group of
    # sentences that is all ASCII is split by one byte table: a text that is not (a pound
    # sign, a name with an accent) mostly is. A group at a time, not the whole view: that
    # would be three more copies of a long file's text at once.
    for first in range(0, len(starts), _GROUP):
        group_starts, group_ends = starts[first : first + _GROUP], ends[first : first + _GROUP]
        lo = min(group_starts)
        piece = _folded_span(document, lo, max(group_ends))
        assert piece is not None  # folding keeps the offsets, asked above
        if piece.isascii():
            spaced = _ascii_spaced(piece)
            for start, end in zip(group_starts, group_ends, strict=True):
                yield keep(spaced[start - lo : end - lo].split())
        else:  # each sentence from the group's folded text, not folded again
            for start, end in zip(group_starts, group_ends, strict=True):
                yield keep(_folded_words(piece[start - lo : end - lo]))


# Bytes: the digits "0" and "1" made bytes 0 and 1 (a sentence's mark, see `_LongWords._marks`).
_DIGIT_BYTES = bytes.maketrans(b"01", b"\x00\x01")

# Sentences split at a time by `_sentence_words`: some 50,000 characters of news.
_GROUP = 512


def _split_words(document: Document, start: int, end: int) -> list[str]:
    """The casefolded words of the view's [start, end) (characters), in order."""
    piece = _folded_span(document, start, end)
    if piece is not None:
        return _folded_words(piece)
    return [w.casefold() for w in _WORD.findall(document.view, start, end)]


def _folded_words(folded: str) -> list[str]:
    """The words of `folded`, casefolded text, in order. A text that is not all ASCII
    mostly is (a pound sign, a name with an accent, in a long file): its ASCII sentences
    are split by a byte table."""
    if folded.isascii():
        return _ascii_spaced(folded).split()
    return _WORD.findall(folded)


def _span_words(document: Document, start: int, end: int) -> frozenset[str]:
    """The words of a span that is not one of the document's sentences, plain "i" forms
    included (see `_with_plain_i`)."""
    found = _WORD.findall(document.view, start, end)
    return _with_plain_i(frozenset)(map(str.casefold, found))


def _ascii_spaced(text: str) -> str:
    """ASCII `text` with every character that is not a word character (\\w) made a space:
    its \\w+ runs are then its `split()`, found in C."""
    return text.encode("ascii").translate(_ASCII_SPACED).decode("ascii")


def _with_plain_i(keep: Callable[[list[str]], W]) -> Callable[[Iterable[str]], W]:
    """`keep` that also keeps each word holding a dotted capital I ("i̇" casefolded) or a
    dotless "ı" as it reads with a plain "i": without case, a pattern's "i" matches "İ"
    and its "I" matches "ı", so "saİd" is "said" to the patterns, and a word test asking
    for "said" must find it (more words only ever let more sentences through)."""

    def kept(found: Iterable[str]) -> W:
        words = list(found)
        words += [_plain_i(word) for word in words if "\u0307" in word or "\u0131" in word]
        return keep(words)

    return kept


# What orders a long document's words (`_LongWords`): a name to swap in a test, to make
# words share a hash.
_word_hash = hash

_WORDS = "newslint.analysis.cues.words"
_FOLDED = "newslint.analysis.cues.folded"  # see `_folding`


def _folding(document: Document) -> str | bool:
    """How `document`'s view casefolds: False when folding moves offsets (some character
    folds to several; casefold never shrinks text, so equal lengths mean none did);
    otherwise the folded view, kept with the document (the word sets, the end-word scan
    and the prefilter read it), or True for a view of over `LONG_TEXT` characters: a copy
    of a long file's text held to the end of its run (4 MB for a 4 MB file), where its
    readers want a sentence or a group of them at a time, folded when read
    (`_folded_span`)."""
    found = document._memo.get(_FOLDED)  # asked per sentence: no closure if kept
    if found is None:
        found = document.memo(_FOLDED, lambda: _fold(document.view))
    return found  # type: ignore[no-any-return]


def _fold(view: str) -> str | bool:
    """What `_folding` keeps of `view`."""
    if len(view) > LONG_TEXT:
        pieces = (view[i : i + _FOLD_PIECE] for i in range(0, len(view), _FOLD_PIECE))
        return view.isascii() or all(len(piece.casefold()) == len(piece) for piece in pieces)
    folded = _casefold(view)
    return folded if len(folded) == len(view) else False


def _folded_view(document: Document) -> str | None:
    """The document's view casefolded, when folding keeps every offset; None otherwise.
    Made for the caller, not kept, for a long view (see `_folding`)."""
    return _folded_span(document, 0, len(document.view))  # a whole slice is the string itself


def _folded_span(document: Document, start: int, end: int) -> str | None:
    """The casefolded view's [start, end) (characters), when folding keeps every offset;
    None otherwise. Folding is one character at a time, with no context, so a span folded
    alone is the same text as that span of the view folded whole."""
    folding = _folding(document)
    if folding is True:
        return _casefold(document.view[start:end])
    return None if folding is False else folding[start:end]


def _casefold(text: str) -> str:
    """`text.casefold()`, a piece at a time: CPython folds a text that is not all ASCII in
    a buffer of 12 bytes per character (48 MB at once for a 4 MB file). Folding is one
    character at a time, with no context, so the pieces joined are the same text."""
    if len(text) <= _FOLD_PIECE or text.isascii():
        return text.casefold()
    return "".join([text[i : i + _FOLD_PIECE].casefold() for i in range(0, len(text), _FOLD_PIECE)])


# Characters casefolded at a time by `_casefold`.
_FOLD_PIECE = 65_536


# What finditer returns for a sentence ruled out: an iterator that is always exhausted.
_NO_MATCHES: Iterator[regex.Match[str]] = iter(())


def _words(document: Document) -> _DocumentWords | _LongWords:
    # Asked once per pattern and sentence: read the memo directly before paying for a
    # closure (Document.memo is the documented way in; this is its fast path).
    found = document._memo.get(_WORDS)
    if found is None:
        kind = _LongWords if len(document.sentences) > _MANY_SENTENCES else _DocumentWords
        found = document.memo(_WORDS, lambda: kind(document))
    return found  # type: ignore[no-any-return]


def sentence_words(document: Document, sentence: Sentence) -> frozenset[str]:
    """The casefolded words of a sentence (runs of word characters)."""
    return _words(document).words_of(document, sentence.start, sentence.end)


def words_listed(document: Document) -> bool:
    """Has a rule listed `document`'s words by word (a long document, see `_LongWords`)?"""
    return _listed(document) is not None


def _listed(document: Document) -> _LongWords | None:
    """`document`'s words listed by word, if a rule has listed them (never made here: a
    question that can be answered without the lists does not pay for them)."""
    words = document._memo.get(_WORDS)
    return words if isinstance(words, _LongWords) else None


def sentences_with(document: Document, word: str) -> Iterator[int] | None:
    """The indices of `document`'s sentences that may hold `word` (a word as
    `newslint.analysis.words.WORD` finds them: letters and digits, joined by "&'’.-")
    as a word: those one of whose words (runs of word characters, casefolded) holds the
    longest run of word characters of `word`, casefolded, with no ASCII letter or digit
    next to it (see `_apart`). Every sentence holding `word` so is among them, once for
    each such word, not in order. None unless a rule has listed the document's words by
    word (a long document, see `_LongWords`), when `word` has no word character, and
    when that run is common in the document as a word (`_LongWords.few_apart`: "the" of
    "The-Q"), where a search of the text for `word` costs less."""
    words = _listed(document)
    runs = _WORD.findall(word)
    if words is None or not runs:
        return None
    run = max(runs, key=len).casefold()
    apart = words.few_apart(run)
    return None if apart is None else words.sentences_holding(apart)


# What `_LongWords.few_apart` weighs, against 1 for each sentence of the document (a
# search of the text for a word, in C): each word holding the run apart and each sentence
# holding such a word, read in Python. On the BBC corpus joined into one file (35,600
# sentences), the search cost some 0.08 microseconds a sentence, a word 0.9 and a
# sentence 0.37: an opener "The-Q" ("the" in 25,000 sentences) 9.3 ms from the word lists,
# a name 0.1 ms.
_WORD_COST = 10
_SENTENCE_COST = 5


def _apart(run: str, word: str) -> bool:
    """Does `run` occur in `word` (both casefolded) with no ASCII letter or digit next to
    it? Where a WORD word of the text holds `run`, the word characters next to it in the
    text's run of them are not letters or digits (those would be part of the word: "_",
    a combining mark), and none of those casefolds to an ASCII letter or digit; so a
    word of a sentence holding `run` otherwise ("not" for "no") is not such a place."""
    at = word.find(run)
    while at >= 0:
        end = at + len(run)
        if word[at - 1 : at] not in _ASCII_ALNUM and word[end : end + 1] not in _ASCII_ALNUM:
            return True
        at = word.find(run, at + 1)
    return False


# ASCII letters and digits as casefolded words hold them, each a one-character string; a
# word's edge (an empty slice) is none of them.
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


# --- Literals a user-written pattern cannot match without --------------------------------
#
# The anonymous-source cues are regular expressions that a newsroom extends, so no word list
# can be written down for them by hand. `requirements` reads a pattern and returns what every
# match must contain: a list of sets of literals, every set needed, any literal of a set
# enough ("source" AND ("said" OR "told")). It understands a small, common subset of the
# syntax and returns None for anything else (verbose or full-case mode, conditionals,
# escapes it does not know): then the pattern simply runs on every sentence.

Need = list[frozenset[str]]
_SIMPLE_ESCAPES = frozenset("sSwWdDbB")
_ZERO_WIDTH = ("(?=", "(?!", "(?<=", "(?<!")
_GROUP_OPENERS = ("(?:", "(?-i:", "(?i:", "(?i-:")
_QUANTIFIER = regexes.compile(r"\{(\d*)(?:(,)(\d*))?\}")
# A run of the characters `_Reader.atom` reads as literals (ASCII letters and digits).
_LITERALS = regexes.compile(r"[A-Za-z0-9]+")


class _Unknown(Exception):
    """The pattern uses syntax the reader does not know: give up on it."""


def _better(a: frozenset[str], b: frozenset[str]) -> bool:
    """Is `a` the more selective requirement (longer shortest literal, then fewer)?"""
    return (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b))


def _best(need: Need) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    for option in need:
        if best is None or _better(option, best):
            best = option
    return best


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0

    def alternation(self) -> Need:
        branches = [self.sequence()]
        while self.text.startswith("|", self.at):
            self.at += 1
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0]
        chosen = [_best(branch) for branch in branches]
        if any(c is None for c in chosen):
            return []  # a branch that needs nothing: the alternation needs nothing
        return [frozenset().union(*(c for c in chosen if c is not None))]

    def sequence(self) -> Need:
        need: Need = []
        run = ""  # literal characters read in a row, all required

        def close_run() -> None:
            nonlocal run
            if run:
                need.append(frozenset([run]))
            run = ""

        text = self.text
        while self.at < len(text) and text[self.at] not in "|)":
            # Letters and digits in a row (most of a pattern: "sources", "said") are read
            # at once, as one at a time would read them: each a literal, needed once, up
            # to a last one a quantifier follows, which is read below.
            literals = _LITERALS.match(text, self.at)
            if literals is not None:
                end = literals.end()
                if end < len(text) and text[end] in "?*+{":
                    end -= 1
                run += text[self.at : end]
                self.at = end
                if end == literals.end():
                    continue
            atom_need, char = self.atom()
            low, optional = self.quantifier()
            if char is not None and low == 1 and not optional:
                run += char
                continue
            close_run()
            if char is not None and low >= 1:
                need.append(frozenset([char]))  # "s+": one "s" at least
            elif low >= 1:
                need.extend(atom_need)
        close_run()
        return need

    def quantifier(self) -> tuple[int, bool]:
        """(least repeats, whether the quantifier has no upper bound or may skip)."""
        text, at = self.text, self.at
        if at >= len(text) or text[at] not in "?*+{":
            return 1, False
        if text[at] == "{":
            found = _QUANTIFIER.match(text, at)
            if found is None:
                raise _Unknown  # a literal brace, or a form not read here
            low = int(found.group(1) or 0)
            self.at = found.end()
        else:
            low = 1 if text[at] == "+" else 0
            self.at += 1
        if self.at < len(text) and text[self.at] in "?+":
            self.at += 1  # lazy or possessive: the same characters are needed
        return low, True

    def atom(self) -> tuple[Need, str | None]:
        """What an atom needs, and the character it is if it is an ASCII letter or digit."""
        text, at = self.text, self.at
        char = text[at]
        if char == "(":
            return self.group(), None
        if char == "[":
            self.char_class()
            return [], None
        if char == "\\":
            self.escape()
            return [], None
        if char in ".^$":
            self.at += 1
            return [], None
        if char in "*+?{}]":
            raise _Unknown
        self.at += 1
        return [], char if char.isascii() and char.isalnum() else None

    def group(self) -> Need:
        text, at = self.text, self.at
        zero_width = text.startswith(_ZERO_WIDTH, at)
        if zero_width:
            self.at = at + (4 if text.startswith("(?<", at) else 3)
        elif text.startswith(_GROUP_OPENERS, at):
            self.at = text.index(":", at) + 1
        elif text.startswith("(?P<", at):
            self.at = text.index(">", at) + 1
        elif text.startswith("(?", at):
            raise _Unknown  # flags for the whole pattern, atomic groups, conditionals...
        else:
            self.at += 1
        need = self.alternation()
        if not text.startswith(")", self.at):
            raise _Unknown
        self.at += 1
        return [] if zero_width else need

    def char_class(self) -> None:
        text = self.text
        at = self.at + 1
        if text.startswith("^", at):
            at += 1
        if text.startswith("]", at):
            at += 1
        while at < len(text) and text[at] != "]":
            if text[at] == "[":
                raise _Unknown  # nested sets (version 1 syntax)
            at += 2 if text[at] == "\\" else 1
        if at >= len(text):
            raise _Unknown
        self.at = at + 1

    def escape(self) -> None:
        text, at = self.text, self.at
        if at + 1 >= len(text):
            raise _Unknown
        letter = text[at + 1]
        if letter in _SIMPLE_ESCAPES or not letter.isalnum():
            self.at = at + 2
        elif letter in "pP" and text.startswith("{", at + 2):
            self.at = text.index("}", at) + 1
        else:
            raise _Unknown


def requirements(pattern: str) -> Need | None:
    """Sets of literals that every match of `pattern` holds one of each, read without case;
    None when the pattern cannot be read safely. An empty list: it needs nothing."""
    reader = _Reader(pattern)
    try:
        need = reader.alternation()
        if reader.at != len(pattern):
            raise _Unknown  # an unbalanced ")"
    except (_Unknown, ValueError, IndexError):
        return None
    return need


def _selective(need: Need) -> Need:
    """The sets worth looking for: very short literals ("to", "of") are everywhere, so
    looking them up costs more than it saves. Dropping a set only weakens the test."""
    best = _best(need)
    kept = [s for s in need if s is best or min(map(len, s)) >= 3]
    # The rarest first, so that a sentence fails on its first test.
    return sorted(kept, key=lambda s: (-min(map(len, s)), len(s)))


class Prefilter:
    """Which sentences a union of user-written patterns could match, from one look through
    the document for the literals the patterns need (see `requirements`). When some pattern
    cannot be read, or needs no literal, every sentence may match.

    The literals are ASCII letters and digits, looked up in the casefolded view. That finds
    every place the patterns' case-insensitive matching could: a character that matches an
    ASCII letter without case casefolds to that letter ("K" for the Kelvin sign), except
    the dotted capital I, which casefolds to two characters. A view holding such a
    character changes length when casefolded; then every sentence may match. So may every
    sentence of a view holding a dotless "ı": a capital "I" of a pattern matches it
    without case, and it casefolds to itself.

    `needs`, when given, is `[requirements(p) for p in patterns]` worked out ahead (reading
    the patterns costs about a millisecond for a dozen)."""

    def __init__(self, patterns: Iterable[str], needs: list[Need | None] | None = None) -> None:
        patterns = tuple(patterns)
        if needs is None:
            needs = [requirements(pattern) for pattern in patterns]
        # A value key, one string: it keeps its hash once computed, and the memo finds its
        # own key by identity (hashing a tuple of long patterns on every lookup is not free;
        # a SHA-256 of them would import hashlib at every start for nothing).
        self._key = "newslint.analysis.cues.prefilter:" + "\x00".join(patterns)
        self._needs: _Needs | None = None
        if needs and all(needs):  # neither None (unreadable) nor [] (needs nothing)
            selective = [_selective(need) for need in needs]
            self._needs = _Needs(
                [[_lowered(s) for s in kept] for kept in selective],
                [
                    list(dict.fromkeys(_lowered(s) for s in need if s not in kept))
                    for need, kept in zip(needs, selective, strict=True)
                ],
            )

    def may_match(self, document: Document, sentence: Sentence) -> bool:
        passing = self.passing(document)
        return passing is None or (sentence.start, sentence.end) in passing

    def passing(self, document: Document) -> frozenset[tuple[int, int]] | None:
        """The spans of `document`'s sentences the patterns may match, or None when every
        sentence may: what `may_match` asks, for a rule to pass over the others at once."""
        if self._needs is None:
            return None
        key = self._key
        if key in document._memo:  # Document.memo's fast path: asked once per sentence
            return document._memo[key]  # type: ignore[no-any-return]
        needs = self._needs
        return document.memo(key, lambda: self._passing(document, needs))

    @staticmethod
    def _passing(document: Document, needs: _Needs) -> frozenset[tuple[int, int]] | None:
        """Spans of the sentences that hold some literal of every set a pattern needs
        (read sentence by sentence in a short document, see `_passing_short`).

        Each pattern's most selective set is looked for through the document. When few
        sentences hold it, the other sets (often common words: "the", "said") are looked
        for only in those; when many do, each literal of the other sets is looked for
        through the document too, once for all patterns, and the sets intersected: a
        house file of many patterns sharing their literals then costs about what one does,
        not a look through every sentence per pattern."""
        if _folding(document) is False:
            return None  # offsets in the casefolded view are not the view's
        if "\u0131" in document.view:
            # A pattern's "I" matches the dotless "ı", which folds to itself (and which
            # no other character folds to: the view holds it as the folded view would).
            return None
        if not document._sentences_apart:
            return None  # each literal is looked for in one sentence only, below
        sentences = document.sentences
        if not sentences:
            return frozenset()
        if len(sentences) <= _SHORT_DOCUMENT:
            folded = _folded_view(document)
            assert folded is not None  # folding keeps the offsets, asked above
            return Prefilter._passing_short(folded, sentences, needs)
        # From the word lists when a rule before has made them (`_LongWords`): a literal,
        # ASCII letters and digits, is in a sentence exactly when in one of its words (runs
        # of word characters), and the words holding it are found in the document's
        # vocabulary, a twentieth of a 4 MB file's text; a search of the whole text per
        # literal was most of what the prefilter cost there. Otherwise by that search, a
        # group of sentences at a time.
        words = _listed(document)
        if words is not None:

            def folded_text(i: int) -> str:
                text = _folded_span(document, sentences[i].start, sentences[i].end)
                assert text is not None  # folding keeps the offsets, asked above
                return text

            passing = Prefilter._passing_bits(
                needs, len(sentences), words.holding_literal, folded_text
            )
        else:
            passing = 0
            for first in range(0, len(sentences), _LOOK_GROUP):
                group = sentences[first : first + _LOOK_GROUP]
                passing |= Prefilter._group_passing(document, group, needs) << first
        return frozenset((sentences[i].start, sentences[i].end) for i in _indices(passing))

    @staticmethod
    def _group_passing(document: Document, group: Sequence[Sentence], needs: _Needs) -> int:
        """`_passing_bits` for `group`, consecutive sentences of a long document none of
        whose words a rule has listed by word: each literal searched for in the group's
        casefolded text (offsets kept). A group at a time, not the whole text: a casefolded
        copy of a 4 MB file, with the pieces it was folded in, was most of what the rule
        cost there alone (8 MB)."""
        lo = group[0].start
        folded = _folded_span(document, lo, group[-1].end)
        assert folded is not None  # folding keeps the offsets, asked by the caller
        starts = [sentence.start for sentence in group]
        return Prefilter._passing_bits(
            needs,
            len(group),
            lambda literal: _holding(folded, literal, group, starts, lo),
            lambda i: folded[group[i].start - lo : group[i].end - lo],
        )

    @staticmethod
    def _passing_bits(
        needs: _Needs, count: int, look: Callable[[str], int], folded_text: Callable[[int], str]
    ) -> int:
        """The sentences (of `count`) that hold some literal of every set a pattern needs,
        as bits (bit i for sentence i), `look` giving the sentences whose casefolded text
        holds a literal, as bits, and `folded_text` sentence i's casefolded text."""
        # Sets of sentences as bits of an int, bit i for sentence i: a set of ints per
        # literal was most of a 4 MB file's peak (a common literal, "the", is in tens of
        # thousands of sentences); bits are a byte per eight, and intersect in C.
        holding: dict[str, int] = {}  # literal -> the sentences holding it
        unions: dict[frozenset[str], int] = {}  # a set of literals -> the same, any
        # How many of the patterns still to come read each set and literal. An int is a
        # bit per sentence however rare its literal (4 kB each on a 4 MB file), so one no
        # later pattern reads is dropped: a house file of many patterns, each with its own
        # rare literal, held every one of them to the end.
        sets_left = Counter(s for first, rest, _ in needs.patterns for s in {first, *rest})
        literals_left = Counter(lit for s in sets_left.elements() for lit in s)

        def held(literals: frozenset[str]) -> int:
            found = unions.get(literals)
            if found is None:
                for literal in literals:
                    if literal not in holding:
                        holding[literal] = look(literal)
                # Without a start value: a set of one literal shares that literal's int.
                found = unions[literals] = reduce(operator.or_, map(holding.__getitem__, literals))
            return found

        def done(pattern_sets: set[frozenset[str]]) -> None:
            for literals in pattern_sets:
                sets_left[literals] -= 1
                if not sets_left[literals]:
                    unions.pop(literals, None)
                for literal in literals:
                    literals_left[literal] -= 1
                    if not literals_left[literal]:
                        holding.pop(literal, None)

        passing = 0
        for first, rest, short in needs.patterns:
            found = held(first)
            if found.bit_count() <= _FEW_SENTENCES:
                read = (*rest, *short)  # every other set, read in those sentences' text
            else:
                for literals in rest:
                    found &= held(literals)
                    if not found:
                        break  # the rarest sets come first: the rest need not be looked for
                read = short
            found &= ~passing
            if read and found:
                kept = [i for i in _indices(found) if _holds(folded_text(i), read)]
                found = _as_bits(kept, count)
            passing |= found
            done({first, *rest})
        return passing

    @staticmethod
    def _passing_short(
        folded: str, sentences: Sequence[Sentence], needs: _Needs
    ) -> frozenset[tuple[int, int]]:
        """`_passing` for a document of few sentences (a news article): a pattern some set
        of whose literals the whole text lacks (most patterns, in most articles) is ruled
        out at once, each literal looked for through the text once, in C, whichever
        patterns need it; each sentence is then read for the few patterns left, its text
        searched for each set's literals (its short ones too) until one is found. The same
        sentences as looking up where each literal is (the bits of the long way, which
        cost a loop in Python per sentence holding a common literal: "said", "one")."""
        in_text: dict[str, bool] = {}  # literal -> whether the text holds it
        texts: list[str] | None = None
        passing: set[int] = set()
        for sets, every in zip(needs.sets, needs.every, strict=True):
            for literals in sets:
                # A literal known to be in the text (another set's), else looked for.
                found = False
                for literal in literals:
                    held = in_text.get(literal)
                    if held is None:
                        held = in_text[literal] = literal in folded
                    if held:
                        found = True
                        break
                if not found:
                    break
            else:
                if texts is None:
                    texts = [folded[sentence.start : sentence.end] for sentence in sentences]
                for index, text in enumerate(texts):
                    if index in passing:
                        continue
                    for literals in every:
                        for literal in literals:
                            if literal in text:
                                break
                        else:
                            break  # no literal of this set: the pattern cannot match here
                    else:
                        passing.add(index)
        return frozenset((sentences[i].start, sentences[i].end) for i in passing)


# Documents of up to this many sentences are looked through by `Prefilter._passing_short`;
# longer ones by where each literal is, as bits per sentence.
_SHORT_DOCUMENT = 200

# Sentences of a long document whose casefolded text `Prefilter._passing` searches at a
# time, when no rule has listed its words by word: some 230,000 characters of news.
_LOOK_GROUP = 2048

# Up to this many sentences holding a pattern's most selective literal, its other literals
# are looked for in those sentences only; past it, through the document (see `_passing`).
_FEW_SENTENCES = 32


def _holding(
    folded: str, literal: str, sentences: Sequence[Sentence], starts: list[int], shift: int = 0
) -> int:
    """The sentences whose text (in `folded`, the casefolded view from character `shift`
    on) holds `literal`, as bits (bit i for sentence i); `starts` are the sentences'
    starts in the view (characters)."""
    # A digit per sentence, read as one number in base 2 (linear in CPython): setting one
    # bit of a long int at a time would copy it for every sentence found.
    digits = bytearray(b"0") * len(sentences)
    at = folded.find(literal)
    while at >= 0:
        index = bisect.bisect_right(starts, at + shift) - 1
        if index >= 0 and at + shift + len(literal) <= sentences[index].end:
            digits[index] = 49  # "1"
            at = sentences[index].end - shift  # found in this sentence: on to the next
        else:
            at += 1
        at = folded.find(literal, at)
    digits.reverse()  # the last sentence the most significant digit
    return int(digits, 2)


def _indices(bits: int) -> Iterator[int]:
    """The positions of the bits set in `bits` (a non-negative int), lowest first."""
    digits = bin(bits)[:1:-1]  # lowest bit first, without the "0b"
    at = digits.find("1")
    while at >= 0:
        yield at
        at = digits.find("1", at + 1)


class _Needs:
    """What each of a Prefilter's patterns needs (every set needed, any literal of a set
    enough): its most selective set of literals, then the others worth looking for through
    a text (`needs`), then the sets of very short ones (`short`, "to", "MP"), looked for
    only in the text of a sentence holding all the others: searched for there, a set that
    holds on most sentences costs little, and one that fails spares the patterns a scan
    (on the BBC corpus anonymous-source's cues scan 461 sentences, where they scanned
    1,159 with these sets left out)."""

    def __init__(
        self, needs: list[list[frozenset[str]]], short: list[list[frozenset[str]]]
    ) -> None:
        self.patterns = [
            (need[0], need[1:], _least_each(least))
            for need, least in zip(needs, short, strict=True)
        ]
        self.sets = list(map(_least_each, needs))
        # What a sentence's text is searched for, set by set until one is missing: the
        # sets of fewest literals first (stable: the more selective first among equals),
        # for a sentence lacking one is then ruled out after fewer searches. Most BBC
        # sentences lack the "one" of anonymous-source's "said|says|told|according ...
        # one ... MP": one search rules them out, where the four reporting verbs came
        # first before (`Prefilter._passing_short`).
        self.every = [
            (*sorted(sets, key=len), *_least_each(least))
            for sets, least in zip(self.sets, short, strict=True)
        ]


def _least_each(sets: Iterable[frozenset[str]]) -> tuple[tuple[str, ...], ...]:
    """Each set without the literals that hold another of its literals ("says" holds
    "say": a text with "says" has "say"), so fewer are looked for, for the same answer;
    the shortest first (the commonest, mostly: "said" before "suggested", found sooner),
    then in alphabetical order, the same in every process."""
    return tuple(_least(literals) for literals in sets)


def _lowered(literals: frozenset[str]) -> frozenset[str]:
    return frozenset(literal.lower() for literal in literals)


def _holds(text: str, sets: Iterable[Iterable[str]]) -> bool:
    """Does `text` hold some literal of each of `sets`?"""
    return all(any(literal in text for literal in literals) for literals in sets)


def _as_bits(indices: Iterable[int], count: int) -> int:
    """`indices` (of `count` sentences, repeats allowed) as bits, bit i for sentence i."""
    digits = bytearray(b"0") * count  # read as one number, see `_holding`
    deque(map(digits.__setitem__, indices, repeat(49)), maxlen=0)  # "1", in C
    digits.reverse()  # the last sentence the most significant digit
    return int(digits, 2)


def _least(literals: frozenset[str]) -> tuple[str, ...]:
    """`literals` without those holding another of them, shortest first. Each is compared
    with the shorter ones kept only: one holding a literal dropped holds the kept literal
    that one holds."""
    kept: list[str] = []
    for literal in sorted(literals, key=lambda literal: (len(literal), literal)):
        if not any(other in literal for other in kept):
            kept.append(literal)
    return tuple(kept)
