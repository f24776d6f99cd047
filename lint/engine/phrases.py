"""Phrase-list rules declared in TOML, compiled with `regex` named lists; no Python needed.

A phrase file holds one rule:

    code = "X001"
    name = "house-style-cliche"
    summary = "A cliche the style guide bans."
    message = "'{match}' is on the house list of cliches"
    severity = "info"                 # error | warning | info
    enabled = true                    # on by default, or only when selected
    docs = "What it does ... Why is this bad? ... Example ..."
    phrases = ["at the end of the day", "game changer"]
    patterns = []                     # optional regular expressions
    exceptions = ["game changer in the rules"]  # a match inside one of these is fine
    sentence-exceptions = []          # regular expressions: a match is fine when its
                                      # sentence matches one ("according to", "said")
    scope = ["paragraph", "heading", "list_item", "blockquote"]
    in-quotes = false                 # fire inside direct quotations?

Patterns are the user's own regular expressions, so every match runs with a timeout: one
that backtracks for ever is reported as a config problem naming the rule, and the rule is
off for the rest of the run while everything else goes on. A pattern that stays just under
the timeout on every paragraph is caught by a budget for the whole file (`FILE_BUDGET`),
reported and handled the same way.

`message` may use `{match}` (the matched words) and nothing else; it is checked when the
file loads, so a stray `{0}` is a config error naming the file, not a failure while linting.
"""

from __future__ import annotations

import string
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import regex

from newslint import regexes
from newslint.document import BLOCK_KINDS, Block, Document
from newslint.engine.config import ConfigError, Settings
from newslint.engine.rule import Options, Rule, RuleError
from newslint.engine.tomlfile import load_toml
from newslint.model import Diagnostic, Severity

_REQUIRED = {"code": str, "name": str, "summary": str, "message": str, "docs": str}
_OPTIONAL: dict[str, tuple[type, Any]] = {
    "severity": (str, "warning"),
    "enabled": (bool, True),
    "phrases": (list, []),
    "patterns": (list, []),
    "exceptions": (list, []),
    "sentence-exceptions": (list, []),
    "scope": (list, list(BLOCK_KINDS)),
    "in-quotes": (bool, False),
    "case-sensitive": (bool, False),
}
_NAME = regexes.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_CODE = regexes.compile(r"[A-Z]+[0-9]+")
# Whitespace: a phrase holding some has more than one word (see `_alternation`). Compiled
# here, ahead with the others: `regex.search(r"\s", phrase)` compiled it at every start and
# looked it up in regex's cache for each phrase, about 0.6 ms of a run for the built-in
# phrase file's 49 phrases.
_SPACE = regexes.compile(r"\s")
# Seconds one match may take. A phrase list scans a paragraph in microseconds; only a
# pattern that backtracks catastrophically comes near this.
TIMEOUT = 2.0
# Seconds one phrase rule's patterns may take on one file, all paragraphs together. Linting
# a 10 MB article takes about a minute for every rule together.
FILE_BUDGET = 10.0
# The clock the budget is measured with (replaced in tests, which never time anything).
_clock = time.monotonic


class _OverBudget(Exception):
    pass


class PhraseFileError(ValueError):
    """A phrase file that cannot be read or is not a valid phrase rule; the message names
    the file and the key."""


def _alternation(phrases: list[str], patterns: list[str], flags: int) -> regex.Pattern[str]:
    """One pattern for the whole list: single words go in a named list, which `regex`
    matches as a trie; multi-word phrases allow any run of whitespace between words."""
    words = [p for p in phrases if not _SPACE.search(p)]
    multi = [r"\s+".join(regex.escape(w) for w in p.split()) for p in phrases if p not in words]
    branches = (["\\L<words>"] if words else []) + multi + list(patterns)
    if not branches:
        branches = ["(?!)"]
    pattern = r"(?<![\w-])(?:" + "|".join(branches) + r")(?![\w-])"
    return regexes.compile(pattern, flags, words=words, ignore_unused=True)


class PhraseRule(Rule):
    """A rule made from a phrase file (TOML): phrases and patterns matched as whole words,
    one finding per match, with the file's message. `origin` is the file's path."""

    def __init__(self, spec: dict[str, Any], origin: str) -> None:
        self.origin = origin
        self.code = spec["code"]
        self.name = spec["name"]
        self.summary = spec["summary"]
        self.message = spec["message"]
        self.docs = spec["docs"]
        self.severity = Severity.parse(spec["severity"])
        self.default_enabled = spec["enabled"]
        self.scope = frozenset(spec["scope"])
        self.in_quotes = spec["in-quotes"]
        self.timed_out = False
        self._deadline = 0.0
        flags = 0 if spec["case-sensitive"] else regex.IGNORECASE
        self.pattern = _alternation(spec["phrases"], spec["patterns"], flags)
        # The pattern costs about 0.15 ms per 1,000 characters whatever the list
        # (bench/pattern_costs.py), yet a paragraph can only match a phrase if it holds
        # every word of it: it runs only on those. A pattern of the user's own may need
        # any word: then it runs everywhere.
        self._may_hold = None if spec["patterns"] else _PhraseWords(spec["phrases"])
        self.exceptions = (
            _alternation(spec["exceptions"], [], flags) if spec["exceptions"] else None
        )
        # Whole-sentence exemptions, e.g. an attribution that makes the words someone
        # else's: searched anywhere in the sentence, so no word boundaries are added.
        self.sentence_exceptions = (
            regexes.compile("|".join(f"(?:{p})" for p in spec["sentence-exceptions"]), flags)
            if spec["sentence-exceptions"]
            else None
        )

    @property
    def documentation(self) -> str:
        """The file's `docs`, stripped."""
        return self.docs.strip()

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        """The rule's findings in `document`. Raises RuleError, and turns the rule off for
        the rest of the run, when one match takes over `TIMEOUT` seconds or all of them
        together take over `FILE_BUDGET` seconds on this document."""
        if self.timed_out:
            return
        self._deadline = _clock() + FILE_BUDGET
        try:
            yield from self._check(document)
        except (TimeoutError, _OverBudget) as exc:
            self.timed_out = True
            if isinstance(exc, _OverBudget) or _clock() >= self._deadline:
                took = (
                    f"its patterns took over {FILE_BUDGET:g}s on this file, all paragraphs together"
                )
            else:
                took = f"a pattern took over {TIMEOUT:g}s on one paragraph"
            raise RuleError(
                f"config problem: rule {self.code} {self.name} ({self.origin}): {took} "
                "(catastrophic backtracking?); the rule is off for the rest of this run"
            ) from None

    def _timeout(self) -> float:
        """Seconds the next match may take: `TIMEOUT`, or what is left of the file's budget."""
        left = self._deadline - _clock()
        if left <= 0:
            raise _OverBudget
        return min(TIMEOUT, left)

    def _check(self, document: Document) -> Iterable[Diagnostic]:
        view = document.view
        if self._may_hold is not None:
            # Most documents hold no phrase at all: the words of all their blocks, found in
            # C, say so at once (the test is monotone: a block's words are some of them).
            everything = _document_words(document)
            if everything is not None and not self._may_hold.any_in(everything):
                return
        for block in document.blocks:
            if block.kind not in self.scope:
                continue
            if self._may_hold is not None and not self._may_hold(_words(document, block)):
                continue
            excepted = (
                [
                    m.span()
                    for m in self.exceptions.finditer(
                        view, block.start, block.end, timeout=self._timeout()
                    )
                ]
                if self.exceptions
                else []
            )
            for match in self.pattern.finditer(
                view, block.start, block.end, timeout=self._timeout()
            ):
                start, end = match.span()
                if any(s <= start and end <= e for s, e in excepted):
                    continue
                if not self.in_quotes and document.quote_at(start) is not None:
                    continue
                if self._sentence_excepted(document, start):
                    continue
                text = " ".join(match.group().split())
                yield self.diagnostic(document, start, end, self.message.format(match=text))

    def _sentence_excepted(self, document: Document, offset: int) -> bool:
        if self.sentence_exceptions is None:
            return False
        sentence = document.sentence_at(offset)
        if sentence is None:
            return False
        found = self.sentence_exceptions.search(
            document.view, sentence.start, sentence.end, timeout=self._timeout()
        )
        return found is not None


_WORD = regexes.compile(r"\w+")
# Case-blind matching (`regex.IGNORECASE`) takes the Turkish capital dotted I and small
# dotless i for i and I, where casefolding does not ('İ' -> 'i' + a combining dot, 'ı'
# stays): the word test folds them to a plain i on both sides, or 'istanbul' would not
# be looked for in 'İstanbul'.
_DOTTED = str.maketrans({"\u0131": "i", "\u0307": None})


class _PhraseWords:
    """Does a set of casefolded words hold every word (run of word characters) of some
    phrase? A necessary condition for the phrase to match, in any case and with any
    spacing or hyphens between its words."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._always = False  # a phrase with no word at all: nothing to look for
        self._by_key: dict[str, list[frozenset[str]]] = {}  # longest word -> phrases' words
        for phrase in phrases:
            words = [w.translate(_DOTTED) for w in _WORD.findall(phrase.casefold())]
            words = [w for w in words if w]
            if not words:
                self._always = True
                continue
            self._by_key.setdefault(max(words, key=len), []).append(frozenset(words))
        self._keys = frozenset(self._by_key)

    def __call__(self, words: frozenset[str]) -> bool:
        if self._always:
            return True
        # Most paragraphs hold no phrase's longest word: one set operation, in C, says so.
        for key in self._keys.intersection(words):
            if any(needed <= words for needed in self._by_key[key]):
                return True
        return False

    def any_in(self, words: Sequence[str]) -> bool:
        """The same test of the words of a sequence (repeats allowed): most texts hold
        no phrase's longest word, found without making a set of their words."""
        if self._always:
            return True
        if self._keys.isdisjoint(words):
            return False
        return self(frozenset(words))


def _words(document: Document, block: Block) -> frozenset[str]:
    """The casefolded words (runs of word characters) of a block, kept with the document
    for every phrase rule, unless the document is longer than `_WHOLE_TEXT` characters:
    a set of words per paragraph of a 4 MB file held 60 MB until the run ended, where
    splitting each paragraph again costs each further phrase rule a fifth of a second."""
    if len(document.view) > _WHOLE_TEXT:
        return _split(document, block)
    by_start: dict[int, frozenset[str]] = document.memo("newslint.engine.phrases.words", dict)
    found = by_start.get(block.start)
    if found is None:
        found = by_start[block.start] = _split(document, block)
    return found


def _split(document: Document, block: Block) -> frozenset[str]:
    """The casefolded words of a block, as `_words` gives them."""
    text = document.view[block.start : block.end]
    if text.isascii():  # most blocks: split in C (see `_ASCII_WORDS`)
        return frozenset(_ascii_words(text))
    found = frozenset(map(str.casefold, _WORD.findall(document.view, block.start, block.end)))
    joined = "".join(found)
    if "\u0131" in joined or "\u0307" in joined:  # rare: one join in C says so
        found = frozenset(w.translate(_DOTTED) for w in found)
    return found


# Bytes: each ASCII word character (\w: letters, digits, "_") as itself casefolded, every
# other ASCII character a space. An ASCII text's words, casefolded, are then the `split()`
# of its bytes translated, found in C: the same as `_WORD.findall` and `str.casefold`
# word by word (ASCII casefolds to ASCII, one character to one), at a fraction of the cost.
_ASCII_WORDS = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() or chr(c) == "_" else 32 for c in range(128)
) + bytes(range(128, 256))
# Characters that are not word characters and casefold to themselves, found in copy that
# is otherwise ASCII (a pound sign, curly quotes, dashes): made spaces, they part words as
# they did, and leave a text that `_ASCII_WORDS` splits.
_NOT_WORDS = "\u00a3\u20ac\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0"


def _ascii_words(text: str) -> list[str]:
    """The casefolded words of an ASCII `text`."""
    return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()


def _document_words(document: Document) -> list[str] | None:
    """The casefolded words of all the document's blocks, in order; None for a text that
    is not ASCII once `_NOT_WORDS` are spaces, or longer than `_WHOLE_TEXT` (then each
    block's words are read by `_words`). Not kept: a list of every word would outweigh
    the text, and splitting it again costs a phrase rule microseconds."""
    view = document.view
    if len(view) > _WHOLE_TEXT:
        return None
    text = "\n".join([view[block.start : block.end] for block in document.blocks])
    if not text.isascii():
        for char in _NOT_WORDS:
            if char in text:
                text = text.replace(char, " ")
        if not text.isascii():
            return None
    return _ascii_words(text)


# Characters of a document whose words `_document_words` lists at once, at most (a long
# file's list would take tens of MB; its paragraphs are read one at a time).
_WHOLE_TEXT = 250_000


def _message_problem(message: str) -> str | None:
    """Why `message` cannot be formatted with `{match}` alone, or None when it can."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(message) if name is not None]
        if any(name != "match" for name in fields):
            bad = next(name for name in fields if name != "match")
            return f"may use {{match}} and no other field, not {{{bad}}} (write {{{{ for a brace)"
        message.format(match="words")
    except (ValueError, IndexError, KeyError) as exc:
        return f"is not a valid message template: {exc} (write {{{{ for a brace)"
    return None


def _validate(spec: dict[str, Any], origin: str) -> dict[str, Any]:
    known = set(_REQUIRED) | set(_OPTIONAL)
    for key in spec:
        if key not in known:
            raise PhraseFileError(f"{origin}: unknown key {key!r}")
    out: dict[str, Any] = {}
    for key, kind in _REQUIRED.items():
        if not isinstance(spec.get(key), kind):
            raise PhraseFileError(f"{origin}: {key!r} is required and must be a string")
        out[key] = spec[key]
    for key, (kind, default) in _OPTIONAL.items():
        value = spec.get(key, default)
        if not isinstance(value, kind):
            raise PhraseFileError(f"{origin}: {key!r} must be a {kind.__name__}")
        out[key] = value
    if not _NAME.fullmatch(out["name"]):
        raise PhraseFileError(f"{origin}: name {out['name']!r} must be kebab-case")
    if not _CODE.fullmatch(out["code"]):
        raise PhraseFileError(f"{origin}: code {out['code']!r} must be letters then digits")
    if out["severity"] not in ("error", "warning", "info"):
        raise PhraseFileError(f"{origin}: 'severity' must be error, warning or info")
    problem = _message_problem(out["message"])
    if problem:
        raise PhraseFileError(f"{origin}: 'message' {problem}")
    bad_scope = set(out["scope"]) - set(BLOCK_KINDS)
    if bad_scope:
        raise PhraseFileError(f"{origin}: unknown scope {sorted(bad_scope)}; use {BLOCK_KINDS}")
    for key in ("phrases", "patterns", "exceptions", "sentence-exceptions"):
        if not all(isinstance(p, str) and p.strip() for p in out[key]):
            raise PhraseFileError(f"{origin}: every entry of {key!r} must be a non-empty string")
    return out


def load_phrase_rule(path: str | Path) -> PhraseRule:
    """The rule a phrase file describes. Raises PhraseFileError naming the file: not a
    regular file, over the size limit, not TOML, a missing or mistyped key, a bad pattern
    or message."""
    origin = str(path)
    spec = load_toml(path, PhraseFileError)
    try:
        return PhraseRule(_validate(spec, origin), origin)
    except regex.error as exc:
        raise PhraseFileError(f"{origin}: bad pattern: {exc}") from None


def house_rules(settings: Settings) -> list[Rule]:
    """The phrase rules a config adds through `phrase-files`. Raises ConfigError."""
    try:
        return [load_phrase_rule(file) for file in settings.phrase_files]
    except PhraseFileError as exc:
        raise ConfigError(str(exc)) from None
