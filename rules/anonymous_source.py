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

from newslint.document import Document, Sentence
from newslint.engine.rule import Options, Rule
from newslint.model import Diagnostic, Severity
from newslint.rules import _sources as src
from newslint.rules._data import data_cached, use_lexicon_files
from newslint.rules._scan import Prefilter


def _union(key: str) -> regex.Pattern[str]:
    alternatives = "|".join(f"(?:{p})" for p in src.lexicon()[key])
    return regex.compile(rf"(?<![\w-])(?:{alternatives})", regex.IGNORECASE)


@data_cached
def _cues() -> regex.Pattern[str]:
    return _union("anonymous-patterns")


# Skips the sentences that hold no literal the cues need, without changing what they find.
@data_cached
def _cue_filter() -> Prefilter:
    return Prefilter(src.lexicon()["anonymous-patterns"])


# Compiled apart from the cues: only a document with an anonymous source needs it.
@data_cached
def _reasons() -> regex.Pattern[str]:
    return _union("reason-patterns")


def _explained(document: Document, index: int) -> bool:
    """Does this sentence or the next say why the source is not named?"""
    reasons = _reasons()
    for sentence in document.sentences[index : index + 2]:
        if reasons.search(document.view, sentence.start, sentence.end):
            return True
    return False


def anonymous_cues(document: Document, sentence: Sentence) -> list[tuple[int, int]]:
    """Spans of anonymous-source cues in a sentence, outside direct quotations."""
    if not _cue_filter().may_match(document, sentence):
        return []
    cues = _cues()
    spans: list[tuple[int, int]] = []
    for match in cues.finditer(document.view, sentence.start, sentence.end):
        if document.quote_at(match.start()) is not None:
            continue
        if spans and match.start() < spans[-1][1]:
            continue
        spans.append(match.span())
    return spans


class AnonymousSource(Rule):
    __doc__ = __doc__
    code = "A002"
    name = "anonymous-source"
    summary = "An anonymous source, with no word on why it is not named."
    severity = Severity.INFO

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        use_lexicon_files(options.get("lexicon-files", ()))
        for index, sentence in enumerate(document.sentences):
            spans = anonymous_cues(document, sentence)
            if not spans or _explained(document, index):
                continue
            for start, end in spans:
                words = " ".join(document.view[start:end].split())
                yield self.diagnostic(
                    document,
                    start,
                    end,
                    f"anonymous source ('{words}'): say why it is not named, or name it",
                )
