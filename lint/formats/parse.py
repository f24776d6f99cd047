"""Text to Document: blocks by format, then sentences and quotations by one splitter."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain

from newslint.document import (
    LONG_DOCUMENT,
    Block,
    Directive,
    Document,
    Moved,
    Quote,
    Sentence,
    pack_blocks,
    pack_quotes,
    pack_sentences,
)
from newslint.formats.sentences import find_quotes, split_sentences
from newslint.formats.text import text_blocks
from newslint.formats.words import markup_in_words, rejoin

FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
}


def format_for(path: str) -> str:
    """The input format a path's extension names (`FORMATS`); "text" for anything else."""
    dot = path.rfind(".")
    return FORMATS.get(path[dot:].lower(), "text") if dot >= 0 else "text"


def parse(path: str, text: str, fmt: str, bom: bool = False) -> Document:
    """One document from decoded `text` in format `fmt` ("text", "markdown" or "html").

    Every offset in the result is a character offset into `text`; inside a word whose
    characters the view moved together (`newslint.formats.words`), map a span of the view
    back with `Document.source_span`. Never raises on any
    text: what cannot be read as markup is read as copy. JSON exports are read by
    `newslint.formats.feeds` (many documents per file); `newslint.formats.read` is the
    entry that picks between them.
    """
    view, moved, found, directives = _blocks(text, fmt)
    blocks: Sequence[Block]
    sentences: Sequence[Sentence]
    quotes: Sequence[Quote]
    if len(text) > LONG_DOCUMENT:
        # Packed as they are found, a block at a time: never an object per sentence.
        blocks = pack_blocks(found)
        del found
        sentences = pack_sentences(_sentences(view, blocks))
        quotes = pack_quotes(_quotes(view, blocks))
    else:
        blocks = tuple(found)
        sentences = tuple(_sentences(view, blocks))
        quotes = tuple(_quotes(view, blocks))
    return Document(
        path=path,
        text=text,
        view=view,
        format=fmt,
        blocks=blocks,
        sentences=sentences,
        quotes=quotes,
        directives=tuple(directives),
        bom=bom,
        moved=moved,
    )


def _sentences(view: str, blocks: Sequence[Block]) -> Iterator[Sentence]:
    """The sentences of every block of `view`, in order."""
    return chain.from_iterable(split_sentences(view, b, i) for i, b in enumerate(blocks))


def _quotes(view: str, blocks: Sequence[Block]) -> Iterator[Quote]:
    """The direct quotations of every block of `view`, in order."""
    return chain.from_iterable(find_quotes(view, block) for block in blocks)


def parse_view(text: str, fmt: str) -> str:
    """The view of `parse(path, text, fmt)`, without looking for its sentences and
    quotations (most of the work of a parse, and they never change the view): what a
    check that the view of an edited text reads as before needs."""
    return _blocks(text, fmt)[0]


def _blocks(text: str, fmt: str) -> tuple[str, tuple[Moved, ...], list[Block], list[Directive]]:
    """The view of `text` in format `fmt`, the runs of it moved (`rejoin`), its blocks and
    directives."""
    glue: frozenset[int] = frozenset()
    if fmt == "markdown":  # imported on first use: a text-only run never loads markdown-it
        from newslint.formats.markdown import markdown_blocks

        view, blocks, directives, glue = markdown_blocks(text)
    elif fmt == "html":
        from newslint.formats.html import html_blocks

        view, blocks, directives, glue = html_blocks(text)
    else:
        view, blocks, directives = text_blocks(text)
    if fmt in ("markdown", "html"):
        glue = glue | markup_in_words(text, view, blocks)
    # Words as a reader sees them: nothing invisible inside, entities whole, one apostrophe.
    view, moved = rejoin(view, glue)
    return view, moved, blocks, directives
