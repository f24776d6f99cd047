"""Sentence splitting and quotation finding inside one block.

Both work on the block's view text and return offsets into the file's text.
"""

from __future__ import annotations

import regex

from newslint.document import Block, Quote, Sentence

# A candidate end: terminal punctuation, closing quotes or brackets, then space and
# something that can open a sentence (a capital, a digit, or an opening quote).
_CANDIDATE = regex.compile(
    r"""(?<=\S)[.!?\u2026]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]*[\p{Lu}\p{N}])"""
)
_WORD_BEFORE = regex.compile(r"(\S+)$")
_NEXT_WORD = regex.compile(r"\s+[\"'\u201c\u2018(\[]*([\p{L}\p{N}]+)")

# Abbreviations after which a full stop never ends a sentence.
_TITLES = frozenset(
    "mr mrs ms mx dr prof sen rep gov gen col lt sgt capt cmdr adm rev fr st mt jr sr "
    "no nos vol vols fig figs vs v approx est dept univ corp inc ltd co bros e.g i.e cf al".split()
)
# Month abbreviations end a sentence only when no day number follows.
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# After an initialism ("U.S.", "a.m.") the sentence ends only if a typical opener follows.
_OPENERS = frozenset(
    "the a an he she it they we i you but and in on at this that these those there his her "
    "its their our mr mrs ms dr however meanwhile yet so as if when while after before".split()
)
_INITIALISM = regex.compile(r"(?:\p{L}\.){2,}$")
_INITIAL = regex.compile(r"\p{Lu}\.$")


def _is_boundary(view: str, punct_start: int, punct_end: int) -> bool:
    # Look back a bounded distance so long paragraphs stay linear.
    word_match = _WORD_BEFORE.search(view, max(0, punct_start - 64), punct_start + 1)
    word = word_match.group(1) if word_match else ""
    if view[punct_start] != "." or view[punct_start:punct_end] == "...":
        return True
    bare = word.rstrip(".").lstrip("\"'\u201c\u2018([").lower()
    next_match = _NEXT_WORD.match(view, punct_end)
    next_word = next_match.group(1) if next_match else ""
    if bare in _TITLES:
        return False
    if bare in _MONTHS:
        return not next_word[:1].isdigit()
    if _INITIALISM.search(word.lstrip("\"'\u201c\u2018([")):
        return next_word.lower() in _OPENERS
    if _INITIAL.search(word) and len(word.lstrip("\"'\u201c\u2018([")) == 2:
        return False
    return True


def split_sentences(view: str, block: Block, block_index: int) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = block.start
    for match in _CANDIDATE.finditer(view, block.start, block.end):
        if _is_boundary(view, match.start(), match.end()):
            sentences.append(Sentence(start, match.end(), block_index))
            start = match.end()
    sentences.append(Sentence(start, block.end, block_index))
    trimmed = []
    for s in sentences:
        lo, hi = s.start, s.end
        while lo < hi and view[lo].isspace():
            lo += 1
        while hi > lo and view[hi - 1].isspace():
            hi -= 1
        if hi > lo:
            trimmed.append(Sentence(lo, hi, block_index))
    return trimmed


_QUOTE_MARK = regex.compile(r"[\"\u201c\u201d]")


def find_quotes(view: str, block: Block) -> list[Quote]:
    """Direct quotations in a block, with their marks.

    Curly quotes pair by direction; straight quotes alternate. A quotation left open at the
    end of a block runs to the block's end: in news style a quotation that spans
    paragraphs has no closing mark until its last paragraph.
    """
    quotes: list[Quote] = []
    open_at: int | None = None
    for match in _QUOTE_MARK.finditer(view, block.start, block.end):
        mark, pos = match.group(), match.start()
        if open_at is None:
            if mark != "\u201d":
                open_at = pos
        elif mark != "\u201c":
            quotes.append(Quote(open_at, pos + 1))
            open_at = None
    if open_at is not None:
        quotes.append(Quote(open_at, block.end, closed=False))
    return quotes
