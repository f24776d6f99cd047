"""A long document's sentences, blocks and quotations are `Packed` columns: they must read
exactly as the tuples a short document holds, to the parse and to every rule."""

from __future__ import annotations

import dataclasses
import importlib
import pickle
import random
import sys
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import CI, Harness, html_documents, markdown_documents, text_documents
from newslint.document import (
    LONG_DOCUMENT,
    Block,
    Document,
    Packed,
    Quote,
    Sentence,
    pack_blocks,
    pack_quotes,
    pack_sentences,
)
from newslint.engine.check import check
from newslint.formats.parse import parse

# The module, not the function `newslint.formats` names alike.
parse_module = importlib.import_module("newslint.formats.parse")
document_module = importlib.import_module("newslint.document")

HARNESS = Harness()
# Beyond Latin-1 (curly marks, CJK, an emoji), CRLF and lone CR, empty lines, quotations
# left open at a block's end and reopened in the next.
PIECES = [
    "The council said", "Mr. Reyes", "U.S.", "a.m.", "Jan. 5", "\u201cWe", "are", "ready.\u201d",
    '"It', "is", 'over,"', "she", "said.", "\u4e2d\u6587", "\U0001f600", "caf\u00e9",
    "ferry\u2019s", "Ex\u00adperts", "--", "\u2026", "(", ")", "\u2018quoted\u2019", "5%",
]  # fmt: skip
BREAKS = ["\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\n   \n", "\n\n\n"]


def _parsed(text: str, fmt: str, packed: bool) -> Document:
    """`parse` with packing forced on (`packed`) or off, whatever the length."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse_module, "LONG_DOCUMENT", -1 if packed else sys.maxsize)
        return parse("story." + fmt, text, {"txt": "text", "md": "markdown"}.get(fmt, fmt))


def _same_reading(packed: Document, plain: Document) -> None:
    """Every way a rule reads the records answers alike."""
    assert isinstance(packed.sentences, Packed) and isinstance(packed.quotes, Packed)
    assert type(plain.sentences) is tuple and type(plain.quotes) is tuple
    for ours, theirs in [
        (packed.sentences, plain.sentences),
        (packed.blocks, plain.blocks),
        (packed.quotes, plain.quotes),
    ]:
        assert ours == theirs and theirs == ours and hash(ours) == hash(theirs)
        assert tuple(ours) == theirs and len(ours) == len(theirs)
        assert [type(x) for x in ours] == [type(x) for x in theirs]
        for i in range(-len(theirs), len(theirs)):
            assert ours[i] == theirs[i]
        for lo, hi, step in [(0, 3, None), (1, None, None), (-2, None, None), (None, None, 2)]:
            assert ours[lo:hi:step] == theirs[lo:hi:step]
            assert isinstance(ours[lo:hi:step], Packed)  # never an object per record at once
        with pytest.raises(IndexError):
            ours[len(theirs)]
    assert [q.closed for q in packed.quotes] == [q.closed for q in plain.quotes]
    assert list(packed._sentence_starts) == plain._sentence_starts
    assert list(packed._sentence_ends) == plain._sentence_ends == [s.end for s in plain.sentences]
    assert packed._sentences_apart == plain._sentences_apart
    for offset in range(len(packed.text) + 1):
        assert packed.sentence_at(offset) == plain.sentence_at(offset)
        assert packed.quote_at(offset) == plain.quote_at(offset)
        assert list(packed.quotes_from(offset)) == list(plain.quotes_from(offset))
    for sentence in plain.sentences:
        assert packed.sentence_index(sentence) == plain.sentence_index(sentence)
    for quote in plain.quotes:
        assert packed.quote_index(quote) == plain.quote_index(quote)
    assert packed == plain


def _random_text(rng: random.Random) -> str:
    blocks = []
    for _ in range(rng.randrange(0, 12)):
        blocks.append(" ".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 30))))
    return "".join(block + rng.choice(BREAKS) for block in blocks)


@pytest.mark.parametrize("seed", range(40))
def test_packed_records_read_as_the_tuples_on_random_text(seed):
    text = _random_text(random.Random(seed))
    for fmt in ("txt", "md", "html"):
        packed = _parsed(text, fmt, True)
        _same_reading(packed, _parsed(text, fmt, False))


@pytest.mark.parametrize(
    "strategy", [text_documents, markdown_documents, html_documents], ids=["txt", "md", "html"]
)
@CI
@given(data=st.data())
def test_packed_records_read_as_the_tuples_and_every_rule_finds_the_same(strategy, data):
    fmt = {text_documents: "txt", markdown_documents: "md"}.get(strategy, "html")
    text = data.draw(strategy())
    packed = _parsed(text, fmt, True)
    plain = _parsed(text, fmt, False)
    _same_reading(packed, plain)
    assert check(packed, HARNESS.configured) == check(plain, HARNESS.configured)


@pytest.mark.parametrize("extra", [0, 1])
def test_a_document_is_packed_only_past_the_long_document_length(extra):
    # Pieces of a sentence until the length is just at the bound, then `extra` more.
    text = ("A quay. " * (LONG_DOCUMENT // 8 + 1))[:LONG_DOCUMENT] + "x" * extra
    document = parse("story.txt", text, "text")
    assert isinstance(document.sentences, Packed) is bool(extra)
    assert isinstance(document.blocks, Packed) is bool(extra)
    assert isinstance(document.quotes, Packed) is bool(extra)


def test_packed_keeps_records_whole_through_pickle_and_repr():
    sentences = pack_sentences([Sentence(0, 5, 0), Sentence(6, 300, 1)])
    blocks = pack_blocks([Block("heading", 0, 5), Block("blockquote", 6, 300)])
    quotes = pack_quotes([Quote(0, 3), Quote(4, 300, closed=False)])
    for records in (sentences, blocks, quotes):
        again = pickle.loads(pickle.dumps(records))
        assert isinstance(again, Packed) and again == records
        assert repr(records) == f"Packed({tuple(records)!r})"
    assert quotes[1].closed is False and quotes[0].closed is True
    assert blocks[0].kind == "heading" and blocks[1].kind == "blockquote"
    assert pack_sentences([]) == () and len(pack_quotes([])) == 0


def test_a_block_of_a_kind_packing_does_not_know_stays_in_a_tuple():
    blocks = [Block("paragraph", 0, 5), Block("caption", 6, 9)]
    assert pack_blocks(blocks) == tuple(blocks) and type(pack_blocks(blocks)) is tuple


def test_a_derived_document_reads_its_own_records():
    text = "One quay. Two quays.\n\n\u201cA quote\u201d here."
    document = parse("story.txt", text, "text")
    packed = dataclasses.replace(
        document,
        sentences=pack_sentences(document.sentences),
        quotes=pack_quotes(document.quotes),
    )
    assert packed.sentence_at(12) == document.sentence_at(12) == document.sentences[1]
    slim = dataclasses.replace(packed, sentences=(), quotes=())
    assert slim.sentence_at(12) is None and slim.quote_at(23) is None


@pytest.mark.parametrize(
    ("spans", "apart"),
    [
        ([], True),
        ([(0, 5)], True),
        ([(0, 5), (5, 9)], True),  # one ending where the next starts
        ([(0, 5), (7, 9), (9, 12)], True),
        ([(0, 6), (5, 9)], False),  # overlapping by a character
        ([(0, 5), (7, 12), (9, 10)], False),  # the second overlaps the last, not the first
    ],
)
def test_sentences_apart_reads_each_pair(spans: list[tuple[int, int]], apart: bool) -> None:
    """Apart means each sentence ends at or before the next one's start, packed or not: the
    sourcing and claims rules read a long document's sentences one at a time only then."""
    sentences = [Sentence(start, end, 0) for start, end in spans]
    for records in (tuple(sentences), pack_sentences(sentences)):
        document = Document("story.txt", "x" * 12, "x" * 12, "text", (), records)
        assert document._sentences_apart is apart
        assert list(document._sentence_ends) == [end for _, end in spans]


def test_offsets_past_32_bits_make_wider_columns_not_an_internal_error():
    # A text of over 2**32 - 1 characters: its offsets do not fit the 32-bit columns,
    # which must widen (as the tuples of a short document take any int), not stop the run.
    big = 2**32
    sentences = [Sentence(5, 9, 0), Sentence(big, big + 7, 70_000), Sentence(big + 8, big + 9, 1)]
    blocks = [Block("paragraph", 0, 9), Block("heading", big - 1, big + 9)]
    quotes = [Quote(5, 9), Quote(big, big + 7, closed=False), Quote(big + 8, big + 9)]
    for packed, records in [
        (pack_sentences(iter(sentences)), sentences),
        (pack_blocks(blocks), blocks),
        (pack_quotes(iter(quotes)), quotes),
    ]:
        assert isinstance(packed, Packed) and packed == tuple(records)
        assert pickle.loads(pickle.dumps(packed)) == tuple(records)
        assert packed[1:] == tuple(records[1:])
    document = Document("big.txt", "", "", "text", (), pack_sentences(sentences))
    assert document.sentence_at(big + 3) == sentences[1]
    assert document.sentence_index(sentences[2]) == 2


def test_a_parse_whose_offsets_overflow_the_columns_reads_as_the_tuples(monkeypatch):
    # The same, through the parse, with 16-bit columns standing in for 32-bit ones: the
    # columns widen part way through, between one block's sentences and the next.
    text = "The quay reopened on Monday. \u201cWe are ready,\u201d she said.\n\n" * 1_500
    assert len(text) > 2**16
    plain = _parsed(text, "txt", False)
    monkeypatch.setattr(document_module, "_offsets", lambda: array("H"))
    packed = _parsed(text, "txt", True)
    assert packed.sentences == plain.sentences and packed.quotes == plain.quotes
    assert packed.blocks == plain.blocks and packed == plain
    assert check(packed, HARNESS.configured) == check(plain, HARNESS.configured)


def test_packed_records_differ_where_their_tuples_differ():
    text = "One quay. Two quays.\n\n\u201cA quote\u201d here. \u201cAnother\u201d there.\n"
    packed, plain = _parsed(text, "txt", True), _parsed(text, "txt", False)
    for ours, theirs in [
        (packed.sentences, plain.sentences),
        (packed.blocks, plain.blocks),
        (packed.quotes, plain.quotes),
    ]:
        assert len(theirs) >= 2
        for other in (theirs[:-1], theirs[::-1], theirs[:-1] + theirs[:1], (), list(theirs)):
            assert (ours == other) is (theirs == other) is False
            assert (ours != other) is (theirs != other) is True
        assert ours != ours[::-1] and ours[:1] != ours[1:2] and ours[:0] == ours[1:1] == ()
    # Another document's records, at other offsets: unequal, as tuples would be.
    other = _parsed("A quay. " + text, "txt", True)
    assert packed.sentences != other.sentences and packed.quotes != other.quotes
    assert packed != other and packed.sentences != packed.quotes
