"""Sentence splitting and quotation finding inside one block.

Both work on the block's view text and return offsets into the file's text.
"""

from __future__ import annotations

import regex

from newslint import regexes
from newslint.document import Block, Quote, Sentence

# A candidate end: terminal punctuation, closing quotes or brackets, then space and
# something that can open a sentence (a capital, a digit, or an opening quote).
_CANDIDATE = regexes.compile(
    r"""(?<=\S)[.!?\u2026]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]*[\p{Lu}\p{N}])"""
)
_SPACE_BEFORE = regexes.compile(r"\s", regex.REVERSE)
_NEXT_WORD = regexes.compile(r"\s+[\"'\u201c\u2018(\[]*([\p{L}\p{N}]+)")

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
_INITIALISM = regexes.compile(r"(?:\p{L}\.){2,}$")
_INITIAL = regexes.compile(r"\p{Lu}\.$")


def _is_boundary(view: str, punct_start: int, punct_end: int) -> bool:
    if view[punct_start] != "." or view[punct_start:punct_end] == "...":
        return True
    # The word the full stop ends: back to the previous space, a bounded distance so long
    # paragraphs stay linear.
    lo = max(0, punct_start - 64)
    space = _SPACE_BEFORE.search(view, lo, punct_start)
    word = view[space.end() if space else lo : punct_start + 1]
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


# Characters past which a run with no sentence end is cut at a clause mark (see `_pieces`).
MAX_SENTENCE = 1000


def split_sentences(view: str, block: Block, block_index: int) -> list[Sentence]:
    """The sentences of one block of `view`, in order, as character offsets; `block_index`
    is the block's index in `Document.blocks`. Titles, initials, initialisms, months and a
    full stop inside a closing quotation do not end a sentence."""
    ends = [
        m.end()
        for m in _CANDIDATE.finditer(view, block.start, block.end)
        if _is_boundary(view, m.start(), m.end())
    ]
    sentences = []
    start = block.start
    for end in [*ends, block.end]:
        text = view[start:end]
        core = text.strip()
        if core:  # trim the spaces between sentences
            lead = len(text) - len(text.lstrip())
            # With no space to trim, the run's own offsets, not equal new ints: an int over
            # 256 is an object of its own (32 bytes), and so a sentence that begins or ends
            # where its block does shares the block's (a long document has 10,000s).
            lo = start + lead if lead else start
            hi = lo + len(core)
            hi = end if hi == end else hi
            sentences.extend(Sentence(a, b, block_index) for a, b in _pieces(view, lo, hi))
        start = end
    return sentences


_QUOTE_MARK = regexes.compile(r"[\"\u201c\u201d]")
# Typographic evidence for a straight mark's direction. An opening mark follows the start
# of the block, a space or opening punctuation, and comes before a word; a closing mark
# follows a word or punctuation and comes before a space, punctuation or the block's end.
_BEFORE_OPENING = frozenset("([{\u2014\u2013-/\u2018")
_AFTER_OPENING = frozenset("'\u2018([\u2026$\u00a3\u20ac")
_AFTER_CLOSING = frozenset(".,;:!?)]}\u2014\u2013-'\u2019\u2026")


def _direction(view: str, pos: int, block: Block) -> str:
    """The direction of the quotation mark at `pos`: "open", "close" or "" (no evidence)."""
    mark = view[pos]
    if mark == "\u201c":
        return "open"
    if mark == "\u201d":
        return "close"
    before = view[pos - 1] if pos > block.start else " "
    after = view[pos + 1] if pos + 1 < block.end else " "
    after_space = after.isspace() or after in _AFTER_CLOSING
    if before.isspace() or before in _BEFORE_OPENING:
        if after.isalnum() or after in _AFTER_OPENING:
            return "open"
        return ""
    return "close" if after_space else ""


def find_quotes(view: str, block: Block) -> list[Quote]:
    """Direct quotations in a block, with their marks.

    Each mark is read by its typography (see `_direction`); curly marks by their shape.
    A mark with no evidence either way closes an open quotation or opens a new one. An
    opening mark while a quotation is open ends that one unclosed and starts another:
    copy that reopens a quotation after a full stop ('... important. "We are ...') or
    flattens a quotation running over several paragraphs into one never pairs the wrong
    way. A closing mark with nothing open is a stray and is skipped.

    Quotations never run across blocks, but one left open at the end of a block runs to
    the block's end (closed=False): in news style a quotation that spans paragraphs has no
    closing mark until its last paragraph, and each paragraph it runs into opens with a
    mark of its own, which this reads as an opening mark.
    """
    quotes: list[Quote] = []
    open_at: int | None = None
    for match in _QUOTE_MARK.finditer(view, block.start, block.end):
        pos = match.start()
        direction = _direction(view, pos, block)
        if open_at is None:
            if direction != "close":
                open_at = pos
        elif direction == "open":
            end = pos
            while end > open_at + 1 and view[end - 1].isspace():
                end -= 1
            quotes.append(Quote(open_at, end, closed=False))
            open_at = pos
        else:
            quotes.append(Quote(open_at, pos + 1))
            open_at = None
    if open_at is not None:
        quotes.append(Quote(open_at, block.end, closed=False))
    return quotes


def _pieces(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut into runs of at most `MAX_SENTENCE` characters, each ending at a
    clause mark (";", ",", a dash, ":") or else a space in its second half. No sentence of
    professionally edited copy comes near the limit (the longest in the BBC corpus is 590
    characters); past it the text has no sentence ends at all, and reading it as one
    sentence would make every rule's work grow with the square of its length."""
    pieces = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        half = start + MAX_SENTENCE // 2
        cut = max(view.rfind(mark, half, limit) for mark in (";", ",", "\u2014", "\u2013", ":"))
        cut = cut + 1 if cut >= 0 else view.rfind(" ", half, limit)
        if cut <= start:
            cut = limit
        piece = view[start:cut].rstrip()
        if piece:
            pieces.append((start, start + len(piece)))
        start = cut + (len(view[cut:end]) - len(view[cut:end].lstrip()))
    if end > start:
        pieces.append((start, end))
    return pieces
