"""Cheap sentence prefilters for the rules' big patterns, which compile on first use.

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

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property

import regex

from newslint.document import Document, Sentence

_WORD = regex.compile(r"\w+")

# Does a sentence, given its set of casefolded words, possibly match?
Test = Callable[[frozenset[str]], bool]


def _longest_word(entry: str) -> str | None:
    runs = _WORD.findall(entry.casefold())
    return max(runs, key=len) if runs else None


def any_word(*lists: Iterable[str]) -> Test:
    """The sentence holds the longest word of some entry, as a whole word."""
    anchors = [_longest_word(entry) for entries in lists for entry in entries]
    if None in anchors:
        return _always  # an entry with no word at all: nothing to look for
    words = frozenset(a for a in anchors if a is not None)
    return lambda sentence_words: not words.isdisjoint(sentence_words)


def any_prefix(*lists: Iterable[str]) -> Test:
    """Some word of the sentence starts with the first word of some entry."""
    firsts = [_WORD.findall(entry.casefold())[:1] for entries in lists for entry in entries]
    if [] in firsts:
        return _always
    prefixes = tuple(sorted({first[0] for first in firsts}))
    return lambda sentence_words: any(w.startswith(prefixes) for w in sentence_words)


def any_suffix(suffix: str) -> Test:
    """Some word of the sentence ends with `suffix`."""
    return lambda sentence_words: any(w.endswith(suffix) for w in sentence_words)


def either(*tests: Test) -> Test:
    return lambda sentence_words: any(test(sentence_words) for test in tests)


def _always(sentence_words: frozenset[str]) -> bool:
    return True


class Sieve:
    """A pattern that runs on a sentence only when every test passes for it."""

    def __init__(self, build: Callable[[], regex.Pattern[str]], *tests: Test) -> None:
        self._build = build
        self._tests = tests

    @cached_property
    def pattern(self) -> regex.Pattern[str]:
        return self._build()

    def passes(self, document: Document, sentence: Sentence) -> bool:
        words = sentence_words(document, sentence)
        return all(test(words) for test in self._tests)

    def finditer(
        self, document: Document, sentence: Sentence, overlapped: bool = False
    ) -> Iterator[regex.Match[str]]:
        if not self.passes(document, sentence):
            return iter(())
        return self.pattern.finditer(
            document.view, sentence.start, sentence.end, overlapped=overlapped
        )

    def search(self, document: Document, sentence: Sentence) -> regex.Match[str] | None:
        if not self.passes(document, sentence):
            return None
        return self.pattern.search(document.view, sentence.start, sentence.end)


# The words of the sentences of the document being linted, by sentence span. One document
# at a time: the engine runs every rule on a document before it moves to the next. The
# document itself is kept so that a new one at a reused address is never mistaken for it.
_last: list[tuple[Document, dict[tuple[int, int], frozenset[str]]]] = []


def sentence_words(document: Document, sentence: Sentence) -> frozenset[str]:
    """The casefolded words of a sentence (runs of word characters)."""
    if not _last or _last[0][0] is not document:
        _last[:] = [(document, {})]
    by_span = _last[0][1]
    span = (sentence.start, sentence.end)
    words = by_span.get(span)
    if words is None:
        found = _WORD.findall(document.view, sentence.start, sentence.end)
        words = by_span[span] = frozenset(w.casefold() for w in found)
    return words
