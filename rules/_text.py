"""Text helpers shared by the built-in rules: normalising, shingling, deletion extents."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from newslint import regexes
from newslint.analysis.words import words as words
from newslint.document import Block, Document
from newslint.model import Edit

_BLANK_LINE = regexes.compile(r"[ \t]*(?:\r\n|\r|\n)")


T = TypeVar("T")
W = TypeVar("W", bound=Sequence[str])


class FirstWording(Generic[T, W]):
    """The first of each wording among items read in order (paragraphs, sentences), kept
    by the hash of its words rather than by the words: a tuple of words per item kept to
    the end was a large part of a 4 MB file's peak. An item whose words hash as an earlier
    one's is compared word for word with it, its words read again by `words_of` (the same
    kind of sequence as those given to `earlier`); different wordings that hash alike are
    kept side by side."""

    def __init__(self, words_of: Callable[[T], W]) -> None:
        self._words_of = words_of
        self._first: dict[int, T | list[T]] = {}

    def earlier(self, item: T, found: W) -> T | None:
        """The first item read with the words `found`; None when there is none, and `item`
        is kept as the first of them."""
        key = hash(tuple(found))
        held = self._first.get(key)
        if held is None:
            self._first[key] = item
            return None
        alike = held if isinstance(held, list) else [held]
        for other in alike:
            if self._words_of(other) == found:
                return other
        self._first[key] = [*alike, item]
        return None


def runs(tokens: Sequence[str], size: int) -> Iterable[tuple[str, ...]]:
    """The runs of `size` consecutive tokens as tuples, in order and repeats included;
    fewer tokens are one run."""
    if len(tokens) < size:
        return [tuple(tokens)] if tokens else []
    # zip builds the tuples in C: this runs for every paragraph of every file. (A list of
    # the shifted copies, not a generator, which costs a tenth of the whole call.)
    return zip(*[tokens[i:] for i in range(size)], strict=False)


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of words the two sequences have in common, in order (difflib's ratio): high when
    a few words are changed, added or dropped; low when a paragraph merely shares a
    sentence or stock phrasing with another."""
    from difflib import SequenceMatcher  # imported by the first pair compared, not at start

    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def similarity_reaching(a: Sequence[str], b: Sequence[str], threshold: float) -> float | None:
    """`similarity(a, b)` if it reaches `threshold`, else None. difflib's cheap upper
    bounds (lengths, then shared words in any order) rule most pairs out before the costly
    alignment, without changing any result."""
    from difflib import SequenceMatcher  # imported by the first pair compared, not at start

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return None
    score = matcher.ratio()
    return score if score >= threshold else None


def _line_start(text: str, offset: int) -> int:
    # The carriage return is looked for after the last line feed only: a text without one
    # would otherwise be read back to its start for every call (quadratic in a long file).
    feed = text.rfind("\n", 0, offset)
    return max(feed, text.rfind("\r", feed + 1, offset)) + 1


def _line_end(text: str, offset: int) -> int:
    """Where the line holding `offset` ends, before its line break."""
    feed = text.find("\n", offset)
    # As in _line_start: the carriage return only before that line feed.
    ret = text.find("\r", offset, len(text) if feed < 0 else feed)
    return min((i for i in (feed, ret) if i >= 0), default=len(text))


def _skip_rest_of_line(text: str, offset: int) -> int:
    """The offset after the line break that ends the line holding `offset`."""
    at = _line_end(text, offset)
    return at + 2 if text.startswith("\r\n", at) else min(at + 1, len(text))


def delete_block(document: Document, block: Block) -> Edit:
    """An edit that removes a block's whole lines and one separator, keeping the rest intact.

    A block with copy after it loses its lines and the blank lines that follow; the last
    block loses the separator before it, so the file keeps its final line break (or lack).
    """
    text = document.text
    start = _line_start(text, block.start)
    end = _skip_rest_of_line(text, block.end)
    while (blank_line := _BLANK_LINE.match(text, end)) is not None:
        end = blank_line.end()
    if end < len(text) or start == 0:
        return Edit(start, end)
    # Last block: take the separator before it instead of the line break after it.
    return Edit(len(text[:start].rstrip()), _line_end(text, block.end))


def whole_lines(document: Document, block: Block) -> bool:
    """Does the block own every character of its lines (no other block shares them)?"""
    text, view = document.text, document.view
    start = _line_start(text, block.start)
    end = _skip_rest_of_line(text, block.end)
    return not view[start : block.start].strip() and not view[block.end : end].strip()
