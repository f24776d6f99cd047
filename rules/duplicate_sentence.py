"""Flags a sentence of eight words or more that appears twice in one article.

## What it does
Finds sentences that repeat, word for word after normalising case, quotation marks,
punctuation and whitespace, an earlier sentence of the same article. Sentences in a
paragraph that `duplicate-paragraph` already reports as a repeat are left to that rule.

Options (`[tool.newslint.rules.duplicate-sentence]`):
- `min-words` (default 8): shorter sentences ("He declined to comment.") may repeat
  legitimately and are never compared.

## Why is this bad?
A sentence that appears twice is usually the trace of an edit: a paragraph rewritten with
its old sentence left in, or a summary pasted above the body. It reads as careless copy.

## Example
    Ticket prices will rise by 8% from April, the operator said on Monday.
    Passengers' groups called the increase unjustified. Ticket prices will rise by 8%
    from April, the operator said on Monday.

The last sentence repeats the first. There is no automatic fix: an editor decides which
copy to keep.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable

from newslint.analysis.words import runs_together
from newslint.document import Document, Sentence
from newslint.engine.rule import Options, Rule
from newslint.model import Diagnostic, Related, Severity
from newslint.rules._text import FirstWording, words
from newslint.rules.duplicate_paragraph import DuplicateParagraph, find_repeats


class DuplicateSentence(Rule):
    __doc__ = __doc__
    code = "D002"
    name = "duplicate-sentence"
    summary = "A sentence of eight words or more appears twice in one article."
    severity = Severity.WARNING
    options = {"min-words": 8}
    # Reads only duplicate-paragraph's repeats and the words it splits each sentence into
    # itself (analysis.words.words, kept nowhere; not the shared cues.sentence_words).
    uses_shared_analyses = False

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        # Paragraphs duplicate-paragraph reports (with its default options) are its business.
        repeated = {r.later for r in find_repeats(document, DuplicateParagraph.options)}
        view, min_words = document.view, options["min-words"]
        # The first sentence of each wording (kept by the hash of its words: a tuple of
        # words per sentence kept to the end was 8 MB of a 4 MB file).
        first: FirstWording[Sentence, list[str]] = FirstWording(
            lambda sentence: words(view[sentence.start : sentence.end])
        )
        # A sentence can repeat another only if their words run together alike, and most
        # sentences' do not: those are passed over here, their words never split. Kept by
        # hash, eight bytes a sentence (a long file's run of every sentence is its text).
        sentences = document.sentences
        spans = ((sentence.start, sentence.end) for sentence in sentences)
        runs = array("q", map(hash, runs_together(view, spans)))
        twice = {run for run, count in Counter(runs).items() if count > 1}
        for sentence, run in zip(sentences, runs, strict=True):
            if run not in twice:
                continue
            found = words(view[sentence.start : sentence.end])
            if len(found) < min_words:
                continue
            earlier = first.earlier(sentence, found)
            if earlier is None:
                continue
            if sentence.block in repeated:
                continue
            related = Related(document.path, earlier.start, earlier.end, "first appears here")
            yield self.diagnostic(
                document,
                sentence.start,
                sentence.end,
                "sentence repeats an earlier sentence word for word",
                related=[related],
            )
