"""Quotation pairing: straight marks are read by their typography, not by alternation."""

from __future__ import annotations

import pytest

from newslint.formats.parse import parse


def quotes(text: str) -> list[tuple[str, bool]]:
    doc = parse("a", text, "text")
    return [(doc.text[q.start : q.end], q.closed) for q in doc.quotes]


def test_plain_pairs():
    text = 'The mayor said "we will rebuild" and "we will not wait", then left.'
    assert quotes(text) == [('"we will rebuild"', True), ('"we will not wait"', True)]


def test_quotation_reopened_after_a_full_stop():
    # The first quotation is never closed; the next mark opens, so pairing does not flip.
    text = (
        '"The pier is safe," she said. "We have checked every beam. '
        '"Anyone who says otherwise has not been down there." The pier reopens today.'
    )
    assert quotes(text) == [
        ('"The pier is safe,"', True),
        ('"We have checked every beam.', False),
        ('"Anyone who says otherwise has not been down there."', True),
    ]
    doc = parse("a", text, "text")
    assert doc.quote_at(text.index("reopens")) is None
    assert doc.quote_at(text.index("otherwise")) is not None


def test_paragraphs_flattened_into_one_block():
    text = (
        'Coach Ana Ruiz was upbeat. "We train hard every week. "We are the fittest side in the '
        'league. "Nobody will outrun us." Her side play on Sunday, with tickets sold out.'
    )
    spans = quotes(text)
    assert [closed for _, closed in spans] == [False, False, True]
    doc = parse("a", text, "text")
    assert doc.quote_at(text.index("fittest")) is not None
    assert doc.quote_at(text.index("tickets")) is None


def test_stray_closing_mark_is_skipped():
    text = 'Prices rose 5" overnight. Then "calm" returned.'
    assert quotes(text) == [('"calm"', True)]


def test_mark_with_no_evidence_alternates():
    # Between two letters a mark gives no evidence: it closes what is open.
    assert quotes('He said "no"and walked off.') == [('"no"', True)]
    assert quotes('a " b " c') == [('" b "', True)]


def test_opening_punctuation_and_ellipsis():
    text = 'The note (“keep out”) stayed up \u2014"for now," said the owner. "\u2026and after."'
    assert [q for q, _ in quotes(text)] == ["“keep out”", '"for now,"', '"\u2026and after."']


def test_curly_marks_pair_by_shape():
    text = "\u201cOne,\u201d he said. \u201cTwo. \u201cThree.\u201d"
    assert quotes(text) == [
        ("\u201cOne,\u201d", True),
        ("\u201cTwo.", False),
        ("\u201cThree.\u201d", True),
    ]


def test_run_on_into_the_next_paragraph():
    text = (
        'Ms Okafor said: "The first phase is done.\n\n'
        '"The second starts in May," she added.\n\n'
        "The council meets on Tuesday.\n"
    )
    assert quotes(text) == [
        ('"The first phase is done.', False),
        ('"The second starts in May,"', True),
    ]


def test_unclosed_quote_does_not_leak_into_the_next_block():
    text = 'He called it "a disaster.\n\nThe "review" starts soon.\n'
    assert quotes(text) == [('"a disaster.', False), ('"review"', True)]


@pytest.mark.parametrize("mark", ['"', "\u201c"])
def test_every_reopened_quote_in_a_long_block_is_its_own(mark):
    # Speed is measured in bench/, not here; this checks the pairing never drifts.
    text = ("word " + mark + "quoted. ") * 2000
    found = quotes(text)
    assert len(found) == 2000
    # Each unclosed quotation stops where the next one opens; the last runs to the end.
    assert {t for t, _ in found[:-1]} == {mark + "quoted. word"}
    assert found[-1] == (mark + "quoted.", False)
