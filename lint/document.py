"""The parsed article every rule reads.

`Document.view` has the same length as `Document.text`. Everything a rule must not read
(Markdown syntax, code, link URLs, HTML comments, front matter) is blanked to spaces in the
view, with line breaks kept. So a match in the view is already an offset into the file's
text: there is one coordinate system, and no rule re-splits or re-maps text.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, overload

from newslint.model import document_key

BLOCK_KINDS = ("paragraph", "heading", "list_item", "blockquote")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the view, a "paragraph" or a "heading" (its `kind`): characters
    [start, end) of the document's text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: characters [start, end) of the document's text, in block `block`."""

    start: int
    end: int
    block: int  # index into Document.blocks


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation, quotation marks included. `closed` is False when it runs on."""

    start: int
    end: int
    closed: bool = True


# A document of more characters than this keeps its sentences, blocks and quotations as
# `Packed` columns, and is checked with fewer garbage collections (`engine.check`): the
# same bound as `newslint.analysis.words.LONG_TEXT` (not imported from there: reading a
# file must not load the analyses).
LONG_DOCUMENT = 100_000


class Packed(Sequence[T]):
    """The sentences, blocks or quotations of a long document, stored as three columns of
    machine integers (start, end and a third field, see `pack_sentences`, `pack_blocks`,
    `pack_quotes`) instead of one object per record: an object of 56 bytes and two ints of
    32 each, 4 MB for the 35,000 sentences of a 4 MB file, against 12 bytes a sentence
    here. Each record is made when it is read, equal to the one a tuple would hold.

    Reads as the tuple it stands for: len, iteration, indexing, slicing (a `Packed` of the
    slice), equality and hashing alike. `starts` and `ends` are the columns of starts and ends
    (characters), in order of the records."""

    __slots__ = ("_make", "starts", "ends", "_thirds")

    def __init__(
        self,
        make: Callable[[int, int, int], T],
        starts: array[int],
        ends: array[int],
        thirds: array[int],
    ) -> None:
        self._make = make
        self.starts = starts
        self.ends = ends
        self._thirds = thirds

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[T]:
        return map(self._make, self.starts, self.ends, self._thirds)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Packed[T]: ...

    def __getitem__(self, index: int | slice) -> T | Packed[T]:
        if isinstance(index, slice):
            # Packed too, not a tuple: `zip(sentences, sentences[1:])` would make an object
            # for every sentence at once.
            return Packed(self._make, self.starts[index], self.ends[index], self._thirds[index])
        return self._make(self.starts[index], self.ends[index], self._thirds[index])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Packed):
            return tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Packed({tuple(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return Packed, (self._make, self.starts, self.ends, self._thirds)


def _offsets() -> array[int]:
    # Unsigned 32-bit: enough for a text of 4 G characters. An offset past that (or one a
    # column of the build does not take) makes the columns 64-bit (`_columns`), as a tuple
    # takes any int: never an internal error that stops the run.
    return array("I")


def _columns(rows: Iterable[tuple[int, int, int]], third: str) -> tuple[array[int], ...]:
    """`rows` (start, end, a third field) as three columns: starts and ends of `_offsets`,
    the third of array type code `third`; all three 64-bit from the row one overflows."""
    columns = (_offsets(), _offsets(), array(third))
    add_start, add_end, add_third = (column.append for column in columns)
    row = (0, 0, 0)
    try:
        for row in rows:
            add_start(row[0])
            add_end(row[1])
            add_third(row[2])
    except OverflowError:
        # Cut to the rows all three hold (the row's first values may be in), then this row
        # and the rest, 64-bit.
        held = min(map(len, columns))
        wide = tuple(array("q", column[:held]) for column in columns)
        for rest in itertools.chain([row], rows):
            for column, value in zip(wide, rest, strict=True):
                column.append(value)
        return wide
    return columns


# A packed sentence is made by setting its slots, not through the frozen dataclass's
# __init__ (which sets each field through object.__setattr__): reading one takes 40% less
# time, and the rules read the 35,000 sentences of a 4 MB file a dozen times over. Sentence
# has no __post_init__, so this is the object __init__ would make.
_new_object = object.__new__
_set_start = Sentence.start.__set__  # type: ignore[attr-defined]
_set_end = Sentence.end.__set__  # type: ignore[attr-defined]
_set_block = Sentence.block.__set__  # type: ignore[attr-defined]


def _sentence(start: int, end: int, block: int) -> Sentence:
    sentence: Sentence = _new_object(Sentence)
    _set_start(sentence, start)
    _set_end(sentence, end)
    _set_block(sentence, block)
    return sentence


def pack_sentences(sentences: Iterable[Sentence]) -> Packed[Sentence]:
    """`sentences` (start, end, block index) as `Packed` columns, taken one at a time."""
    rows = ((sentence.start, sentence.end, sentence.block) for sentence in sentences)
    return Packed(_sentence, *_columns(rows, "I"))


def _block(start: int, end: int, kind: int) -> Block:
    return Block(BLOCK_KINDS[kind], start, end)


def pack_blocks(blocks: Sequence[Block]) -> Sequence[Block]:
    """`blocks` (start, end, index of the kind in `BLOCK_KINDS`) as `Packed` columns; a
    tuple if one is of another kind."""
    kinds = {kind: i for i, kind in enumerate(BLOCK_KINDS)}
    if any(block.kind not in kinds for block in blocks):
        return tuple(blocks)
    rows = ((block.start, block.end, kinds[block.kind]) for block in blocks)
    return Packed(_block, *_columns(rows, "B"))


def _quote(start: int, end: int, closed: int) -> Quote:
    return Quote(start, end, closed == 1)


def pack_quotes(quotes: Iterable[Quote]) -> Packed[Quote]:
    """`quotes` (start, end, 1 if closed else 0) as `Packed` columns, taken one at a time."""
    rows = ((quote.start, quote.end, 1 if quote.closed else 0) for quote in quotes)
    return Packed(_quote, *_columns(rows, "B"))


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline `newslint: ignore|disable|enable [rules]` comment at `offset`."""

    offset: int
    action: str
    rules: frozenset[str]  # empty means every rule


@dataclass(frozen=True, slots=True)
class Moved:
    """A run of the view whose characters were moved together (an invisible character or an
    entity's tail taken out of a word, see `newslint.formats.words`): view character
    `start + k` stands for the source characters `spans[k]`, [start, end) of the text."""

    start: int
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Document:
    """One document of a file, as the rules read it: its `text`, the `view` of it they
    match in (the same length: markup and what rules must not read blanked), its blocks,
    sentences, quotations and suppression directives, all as character offsets into
    `text`. A JSON export gives one per article and field (`article`, `field`). Blocks,
    sentences and quotations are tuples, or for a long document `Packed` columns that read
    the same."""

    path: str
    text: str
    view: str
    format: str
    blocks: Sequence[Block]
    sentences: Sequence[Sentence] = ()
    quotes: Sequence[Quote] = ()
    directives: tuple[Directive, ...] = ()
    bom: bool = False
    # Runs of the view rewritten so that words read whole; `source_span` maps through them.
    moved: tuple[Moved, ...] = ()
    # Analyses worked out on demand and kept with the document they describe, keyed by a
    # value (what was computed and with which word lists), so that documents open side by
    # side (a language server's buffers, a run's files) never share or evict each other's.
    # Not an __init__ argument: a document derived with `dataclasses.replace` (other blocks,
    # another field of an export) starts with an empty memo instead of its parent's.
    _memo: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # JSON article exports: the article id and field this document's text came from.
    article: str | None = None
    field: str | None = None

    @property
    def key(self) -> str:
        return document_key(self.path, self.article, self.field)

    def __getstate__(self) -> dict[str, Any]:
        # A pickle or copy starts with an empty memo, as `replace` does: the memo is this
        # process's (rules' closures, words kept in the order of this process's str
        # hashes, tables keyed by id), and a copy sharing it would share its dict.
        return {**self.__dict__, "_memo": {}}

    def block_text(self, block: Block) -> str:
        return self.view[block.start : block.end]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.view[sentence.start : sentence.end]

    def quote_at(self, offset: int) -> Quote | None:
        """The direct quotation holding `offset`, if any."""
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        if i >= 0 and offset < self.quotes[i].end:
            return self.quotes[i]
        return None

    def quote_index(self, quote: Quote) -> int:
        """The index of `quote` in `quotes`, found by its start (characters) in O(log n).
        Raises ValueError when it is not one of the document's quotations."""
        i = bisect.bisect_left(self._quote_starts, quote.start)
        if i < len(self.quotes) and self.quotes[i] == quote:
            return i
        raise ValueError(f"{quote!r} is not a quotation of {self.path}")

    def quotes_from(self, offset: int) -> Iterator[Quote]:
        """The quotations that end after `offset`, in order, without walking the ones
        before it (quotations never overlap, so their ends are in order too)."""
        quotes = self.quotes
        for k in range(max(0, bisect.bisect_right(self._quote_starts, offset) - 1), len(quotes)):
            if quotes[k].end > offset:
                yield quotes[k]

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value `build()` returns, computed once per document and `key`.

        `key` must name everything the value depends on besides the document (the analysis
        and, say, the lexicon it used); rules and analyses use it instead of module-level
        memos keyed by object identity.
        """
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = build()
            return value

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source characters [start, end) of the text behind view characters
        [start, end): the same offsets, except inside a word whose characters were moved
        together in the view (`moved`), where the span covers exactly the source characters
        shown, invisible ones between them included. Offsets in characters."""
        if not self.moved:
            return start, end
        source_start = self._through_moved(start, 0, start)
        if end <= start:
            return source_start, source_start
        return source_start, max(source_start, self._through_moved(end - 1, 1, end))

    def _through_moved(self, offset: int, side: int, default: int) -> int:
        i = bisect.bisect_right(self._moved_starts, offset) - 1
        if i >= 0:
            run = self.moved[i]
            k = offset - run.start
            if k < len(run.spans):
                return run.spans[k][side]
        return default

    @cached_property
    def _moved_starts(self) -> list[int]:
        return [m.start for m in self.moved]

    @cached_property
    def _quote_starts(self) -> Sequence[int]:
        # Derived from `quotes` on first use, never in __post_init__: `dataclasses.replace`
        # builds a fresh document, and anything it derives must be computed afresh too.
        return _starts(self.quotes)

    def forget(self) -> None:
        """Drop every value `memo` kept: analyses serve one check, and a run that keeps its
        documents for reporting should not keep their analyses too."""
        self._memo.clear()

    @cached_property
    def _sentence_starts(self) -> Sequence[int]:
        return _starts(self.sentences)

    @cached_property
    def _sentence_ends(self) -> Sequence[int]:
        # A long document's readers that need only spans read the columns: each `Sentence`
        # of `Packed` columns is an object made when read.
        return _ends(self.sentences)

    @cached_property
    def _sentences_apart(self) -> bool:
        """Does each sentence end before the next one starts?"""
        starts = itertools.islice(self._sentence_starts, 1, None)
        return all(map(operator.le, self._sentence_ends, starts))

    def sentence_index(self, sentence: Sentence) -> int:
        """The index of `sentence` in `sentences`, found by its start (characters) in
        O(log n): `sentences.index` compares every sentence before it. Raises ValueError
        when it is not one of the document's sentences."""
        i = bisect.bisect_left(self._sentence_starts, sentence.start)
        if i < len(self.sentences) and self.sentences[i] == sentence:
            return i
        raise ValueError(f"{sentence!r} is not a sentence of {self.path}")

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding character offset `offset`, or None between sentences."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None


def _starts(records: Sequence[Sentence] | Sequence[Quote]) -> Sequence[int]:
    """The starts of `records` in order: a `Packed` one's own column, not a copy."""
    if isinstance(records, Packed):
        return records.starts
    return [record.start for record in records]


def _ends(records: Sequence[Sentence]) -> Sequence[int]:
    """The ends of `records` in order, as `_starts` gives their starts."""
    if isinstance(records, Packed):
        return records.ends
    return [record.end for record in records]
