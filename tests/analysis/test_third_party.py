"""A rule from another pack uses the analysis with nothing but the public API: the
built-in lists as data, the sources and structure of a document."""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable

from newslint.analysis.lexicon import load
from newslint.analysis.sources import sources
from newslint.analysis.structure import Tag, structure
from newslint.document import Document
from newslint.engine.rule import Options, Rule
from newslint.formats.parse import parse
from newslint.model import Diagnostic, Severity


class UnsourcedPassive(Rule):
    """Flags a passive verb group with no agent, outside a named speaker's words."""

    code = "X900"
    name = "unsourced-passive"
    summary = "A passive with no agent."
    severity = Severity.INFO

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        lexicon = load([importlib.resources.files("newslint.rules") / "data"])
        who = sources(document, lexicon)
        for sentence in document.sentences:
            shape = structure(document, sentence)
            for verb in shape.verbs:
                head = shape.tokens[verb.head]
                if verb.passive and verb.agent is None and head.tag is Tag.VERB:
                    if not who.is_attributed(head.span.start, head.span.end):
                        yield self.diagnostic(document, head.span.start, head.span.end, "by whom?")


def test_a_third_party_rule_reads_the_analysis() -> None:
    text = 'The plan was rejected. Ann Lee said "it was rejected twice". It was backed by Acme.\n'
    document = parse("a.txt", text, "text")
    rule = UnsourcedPassive()
    found = list(rule.check(document, rule.options))
    assert [text[d.start : d.end] for d in found] == ["rejected"]
    assert found[0].start == text.index("rejected")  # the first one; the quoted one is Lee's
