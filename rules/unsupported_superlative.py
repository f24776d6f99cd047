"""Flags a superlative claim in the writer's own voice that the sentence does not support.

## What it does
Finds claims that something is the most, least, first, only, best, worst, biggest, record,
unprecedented, historic, "of all time" or "the world's leading", in the writer's voice:
"-est" adjectives after "the" or a possessive ("the biggest", "Britain's second-largest"),
"the most/least + adjective", "one of the ...", "the first woman to ...", "record profits",
"an all-time high", "best-selling", "than any other", superlatives with no "the" ("were
hardest hit", "at their highest"), and records and firsts reported as events ("set a new
national record", "its first ever concert", "the first fines for ...").

It stays quiet when the same sentence supports the claim:
- attribution to an identified source ("according to the ONS", "the BPI said", "Nielsen
  figures show", "he said"); an unnamed group ("analysts said") is not a source;
- a concrete figure or bound ("record profits of $2bn", "the highest level since 1992",
  "the biggest fall in five years", "the fastest this season");
- a link or a footnote;
- the words sit inside a direct quotation.

Support must belong to the claim: in an apposition ("Initech, Britain's biggest software
firm, is to hire 200 staff") only a figure, bound or source inside the apposition counts,
and a count in words backs a claim only after it ("the most decorated rower, with eleven
medals"). Negated and non-assertive uses are not claims: "not the biggest", "even the
best", a question, a condition, "choose the best".

It also stays quiet on non-claims: ordinals and quantities ("the first half", "the latest
figures", "the most recent", "most people", "at least"), titles and names ("The Biggest
Loser", "Best Actress"), award categories ("won best film", "the best actor prize") and the
music sense of "record" ("record label", "his record").

The word lists (what counts as a superlative, which nouns make an ordinal, which verbs
attribute, which units make a figure) are in `data/claims/*.toml`.

## Why is this bad?
A superlative is a claim, and the first question an editor asks is "says who?". Unbacked,
it reads as the writer's opinion or as puffery, and it is the claim most often wrong: the
"first" that was the second, the "record" that was broken years ago.

## Example
    The merger created the biggest bank in Europe.

Say who ranks it, or give the figure that makes it checkable:

    The merger created the biggest bank in Europe by assets, according to Moody's.
    The merger created the biggest bank in Europe, with assets of EUR 2.1tn.
"""

from __future__ import annotations

from collections.abc import Iterable

from newslint.analysis.sources import sources
from newslint.document import Document
from newslint.engine.rule import Options, Rule
from newslint.model import Diagnostic, Severity
from newslint.rules._data import lexicon
from newslint.rules._support import find_claims, support_for
from newslint.rules._support import lexicon as claims_lexicon


class UnsupportedSuperlative(Rule):
    __doc__ = __doc__
    code = "C001"
    name = "unsupported-superlative"
    summary = "A superlative claim in the writer's voice with no source, figure or bound."
    severity = Severity.WARNING

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        context = sources(document, lexicon(options))
        # The sentences no claim pattern may match (most) are passed over here, without a
        # call each into find_claims, which would find nothing in them.
        cue_sieves = claims_lexicon(context.lexicon).cue_sieves
        for sentence in document.sentences:
            here = cue_sieves.passing(document, sentence)
            if not here:
                continue
            claims = find_claims(context, sentence, here)
            for claim in claims:
                if support_for(context, sentence, claim, claims) is not None:
                    continue
                yield self.diagnostic(
                    document,
                    claim.start,
                    claim.end,
                    f"'{claim.words}' is a superlative claim with nothing to back it: name "
                    "the source, or give the figure or bound that makes it checkable "
                    '("since 1992", "of $2bn")',
                )
