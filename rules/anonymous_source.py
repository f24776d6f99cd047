"""Flags an anonymous source whose anonymity the copy does not explain.

## What it does
Finds sources the copy deliberately leaves unnamed: "sources said", "a source close to
the player", "Treasury sources", "people familiar with the matter", "insiders", "one
analyst said", "speaking on condition of anonymity", "who asked not to be named". It stays
quiet when the same or the next sentence says why the source was granted anonymity ("...
because they were not authorised to speak publicly").

The cue and reason patterns are data: `rules/data/sourcing/anonymous.toml`. A newsroom
adds its own under `[sourcing]` in a file listed in the config's `lexicon-files`, with
the same keys (`anonymous-patterns`, `reason-patterns`). The rule is separate from
`vague-attribution` so that a newsroom that allows anonymous sources can turn it off; its
default severity is info.

## Why is this bad?
AP and most newsroom handbooks allow anonymous sources only when the information is vital
and unavailable on the record, and ask the copy to tell readers why the source is not
named. Without the reason, readers cannot weigh the claim.

## Example
    The club is preparing a bid for the striker, sources said.

Say why the sources are not named ("... sources said, speaking on condition of anonymity
because the talks are private"), or find someone who will speak on the record.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from newslint import regexes
from newslint.analysis.cues import Prefilter
from newslint.analysis.lexicon import Lexicon
from newslint.document import Document, Sentence
from newslint.engine.rule import Options, Rule
from newslint.model import Diagnostic, Severity, Span
from newslint.rules._data import lexicon


def _union(lex: Lexicon, key: str) -> regex.Pattern[str]:
    def build() -> regex.Pattern[str]:
        alternatives = "|".join(f"(?:{p})" for p in lex.list("sourcing", key))
        return regexes.compile(rf"(?<![\w-])(?:{alternatives})", regex.IGNORECASE)

    return lex.compiled(("anonymous_source.union", key), build)


def _cues(lex: Lexicon) -> regex.Pattern[str]:
    return _union(lex, "anonymous-patterns")


# Skips the sentences that hold no literal the cues need, without changing what they find.
def _cue_filter(lex: Lexicon) -> Prefilter:
    return lex.compiled("anonymous_source.prefilter", lambda: _build_cue_filter(lex))


def _build_cue_filter(lex: Lexicon) -> Prefilter:
    """The prefilter of the cue patterns, from what they need as read ahead
    (`newslint.rules._sieves_ahead`, written by scripts/sieves_ahead.py) when they are
    exactly the shipped patterns, else read now (a house lexicon file adds patterns)."""
    from newslint.rules import _sieves_ahead  # literals: a run without this rule skips them

    patterns = lex.list("sourcing", "anonymous-patterns")
    if patterns == _sieves_ahead.ANONYMOUS_PATTERNS:
        return Prefilter(patterns, _sieves_ahead.ANONYMOUS_NEEDS)
    return Prefilter(patterns)


# Compiled apart from the cues: only a document with an anonymous source needs it.
def _reasons(lex: Lexicon) -> regex.Pattern[str]:
    return _union(lex, "reason-patterns")


def _explained(lex: Lexicon, document: Document, index: int) -> bool:
    """Does this sentence or the next say why the source is not named?"""
    reasons = _reasons(lex)
    for sentence in document.sentences[index : index + 2]:
        if reasons.search(document.view, sentence.start, sentence.end):
            return True
    return False


def _spans(lex: Lexicon, document: Document, sentence: Sentence) -> list[Span]:
    """Spans of anonymous-source cues in a sentence the rule's prefilter passes (it asks
    only of those), outside direct quotations. The cues compile when a first sentence
    passes the filter: most articles have none that does."""
    spans: list[Span] = []
    for match in _cues(lex).finditer(document.view, sentence.start, sentence.end):
        if document.quote_at(match.start()) is not None:
            continue
        if spans and match.start() < spans[-1].end:
            continue
        spans.append(Span(*match.span()))
    return spans


class AnonymousSource(Rule):
    __doc__ = __doc__
    code = "A002"
    name = "anonymous-source"
    summary = "An anonymous source, with no word on why it is not named."
    severity = Severity.INFO

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        lex = lexicon(options)
        passing = _cue_filter(lex).passing(document)  # most sentences: passed over here
        for index, sentence in enumerate(document.sentences):
            if passing is not None and (sentence.start, sentence.end) not in passing:
                continue
            spans = _spans(lex, document, sentence)
            if not spans or _explained(lex, document, index):
                continue
            for start, end in ((span.start, span.end) for span in spans):
                words = " ".join(document.view[start:end].split())
                yield self.diagnostic(
                    document,
                    start,
                    end,
                    f"anonymous source ('{words}'): say why it is not named, or name it",
                )
