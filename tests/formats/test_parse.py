from __future__ import annotations

import pytest

from newslint.formats.parse import parse, parse_view
from newslint.lines import LineIndex

WRAPPED = """Headline on its own line

The first paragraph is wrapped at a narrow width so that it
runs over three lines, the way many editors save their
copy.

A second paragraph, also wrapped, which goes on for long
enough to need two lines.
"""

PER_LINE = (
    "Markets steady after rate decision\n"
    + "The central bank held its main rate at 4%, as most economists had forecast, "
    "and said it would watch wage growth closely over the coming months.\n"
    + "Shares in London closed slightly higher, with housebuilders among the biggest gainers "
    "after the decision was announced at noon.\n"
)


def paragraphs(text: str, fmt: str = "text") -> list[str]:
    doc = parse("a", text, fmt)
    return [" ".join(doc.block_text(b).split()) for b in doc.blocks]


def test_hard_wrapped_paragraphs_are_joined():
    assert paragraphs(WRAPPED) == [
        "Headline on its own line",
        "The first paragraph is wrapped at a narrow width so that it runs over three lines, "
        "the way many editors save their copy.",
        "A second paragraph, also wrapped, which goes on for long enough to need two lines.",
    ]


def test_one_paragraph_per_line():
    assert len(paragraphs(PER_LINE)) == 3


def test_short_lines_are_not_taken_for_wrapping():
    assert paragraphs("Storm warning\nRoads closed.\nRoads closed.\n") == [
        "Storm warning",
        "Roads closed.",
        "Roads closed.",
    ]


def test_blank_line_separated():
    assert paragraphs("One para here.\n\n\nTwo para here.\n") == [
        "One para here.",
        "Two para here.",
    ]


MARKDOWN = """---
title: The title is copy
tags: [Front matter, b]
---

# The *heading* text

A paragraph with `inline code`, a [link text](https://example.com/path "title") and a
note <!-- a comment --> an image ![alt text](pic.png) and an <https://auto.link>.

> Quoted block text.

- First item
- Second item

```
fenced code is skipped
```

    indented code is skipped
"""


def test_markdown_blocks_and_what_is_skipped():
    doc = parse("a.md", MARKDOWN, "markdown")
    kinds = [(b.kind, " ".join(doc.block_text(b).split())) for b in doc.blocks]
    assert kinds == [
        ("heading", "The title is copy"),
        ("heading", "The heading text"),
        ("paragraph", "A paragraph with , a link text and a note an image and an ."),
        ("blockquote", "Quoted block text."),
        ("list_item", "First item"),
        ("list_item", "Second item"),
    ]
    for hidden in (
        "inline code",
        "example.com",
        "comment",
        "alt text",
        "auto.link",
        "fenced",
        "indented",
        "Front matter",
    ):
        assert hidden not in doc.view


def test_view_keeps_offsets():
    doc = parse("a.md", MARKDOWN, "markdown")
    assert len(doc.view) == len(doc.text)
    for block in doc.blocks:
        # A block starts and ends on copy, never on markup.
        assert doc.text[block.start] == doc.view[block.start] != " "
        assert doc.text[block.end - 1] == doc.view[block.end - 1] != " "


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_positions_after_front_matter_and_crlf(newline):
    text = newline.join(["---", "title: x", "---", "", "Para one is here.", "", "# Head"]) + newline
    doc = parse("a.md", text, "markdown")
    index = LineIndex(doc.text)
    assert [index.position(b.start) for b in doc.blocks] == [(2, 8), (5, 1), (7, 3)]


def test_sentences_know_abbreviations_and_quotes():
    text = (
        "Mr. Smith met the U.S. envoy on Jan. 5 in Washington. J. R. Hartley was there. "
        '"Is it over?" she asked. "Yes." The U.S. It ended.'
    )
    doc = parse("a", text, "text")
    assert [doc.sentence_text(s) for s in doc.sentences] == [
        "Mr. Smith met the U.S. envoy on Jan. 5 in Washington.",
        "J. R. Hartley was there.",
        '"Is it over?" she asked.',
        '"Yes."',
        "The U.S.",
        "It ended.",
    ]


def test_quotes_pair_and_run_on():
    text = "He said \u201cthis is fine\u201d and left.\n\n\u201cIt runs on into\n\nthe next."
    doc = parse("a", text, "text")
    spans = [(doc.text[q.start : q.end], q.closed) for q in doc.quotes]
    assert spans == [("\u201cthis is fine\u201d", True), ("\u201cIt runs on into", False)]
    assert doc.quote_at(text.index("fine")) is not None
    assert doc.quote_at(text.index("left")) is None


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_parse_view_is_the_view_of_a_whole_parse(fmt: str) -> None:
    """`parse_view` skips the sentences and quotations: on hostile documents of each
    format (the fuzzers'), the view is the one `parse` gives."""
    from hypothesis import HealthCheck, given, settings

    from fuzzing import documents

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(text=documents(fmt))
    def same(text: str) -> None:
        assert parse_view(text, fmt) == parse("a", text, fmt).view

    same()
