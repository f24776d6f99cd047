"""Text to Document: blocks by format, then sentences and quotations by one splitter."""

from __future__ import annotations

from newslint.document import Block, Directive, Document, Moved, Sentence
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
    view, moved, blocks, directives = _blocks(text, fmt)
    sentences: list[Sentence] = []
    quotes = []
    for i, block in enumerate(blocks):
        sentences.extend(split_sentences(view, block, i))
        quotes.extend(find_quotes(view, block))
    return Document(
        path=path,
        text=text,
        view=view,
        format=fmt,
        blocks=tuple(blocks),
        sentences=tuple(sentences),
        quotes=tuple(quotes),
        directives=tuple(directives),
        bom=bom,
        moved=moved,
    )


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
