"""Words as a reader sees them: what hides inside a word is taken out of the view.

A soft hyphen (`Ex\u00adperts`), a zero-width space or joiner, a word joiner or a stray
byte-order mark is invisible on the page, but it splits the word for a pattern
(`Ex perts`), or glues a cue to the next word (`Critics\u200b argue`). An HTML entity
decodes to one character, and the rest of its source is blanked, which also splits a word
(`ferry&rsquo;s` read `ferry’      s`). And `ferry’s` and `ferry's` are one word.

The view has the text's length, so a word cannot get shorter in place. Instead, within each
run of non-space characters that holds such a character, the visible characters are moved
together to the start of the run and the freed positions at its end are blanked:

    text   Ex\u00adperts say        ferry&rsquo;s cut
    view   Experts  say       ferry's       cut

and a curly apostrophe between two word characters reads as `'`. `Moved` records, for each
rewritten run, the source characters behind each view character, so that
`Document.source_span` maps any span of the view back to the exact source characters.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Sequence

import regex

from newslint import regexes
from newslint.document import Block, Moved

# Invisible characters with no place in a word: soft hyphen, zero-width space, non-joiner,
# joiner, word joiner, and a byte-order mark that is not at the start of the file.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = regexes.compile(f"[{INVISIBLE}]")
_APOSTROPHE = regexes.compile(r"(?<=\w)[\u2019\u02bc](?=\w)")


def rejoin(view: str, glue: Collection[int] = ()) -> tuple[str, tuple[Moved, ...]]:
    """The view with every word whole, and the runs that were rewritten.

    `glue` holds positions that are blank in the view but belong to the character before
    them (the tail of a decoded HTML entity). Same length as `view`; line breaks and other
    whitespace stay where they are; only runs of non-space characters holding an invisible
    character or glue change. Linear in the length of the view.
    """
    candidates = sorted({m.start() for m in _INVISIBLE.finditer(view)} | set(glue))
    glued = glue if isinstance(glue, (set, frozenset)) else frozenset(glue)
    if not candidates:
        return _apostrophes(view), ()

    def in_word(p: int) -> bool:
        return p in glued or not view[p].isspace()

    out: list[str] = []
    moved: list[Moved] = []
    at = 0
    for p in candidates:
        if p < at:
            continue  # inside the run just rewritten
        start, end = p, p + 1
        while start > at and in_word(start - 1):
            start -= 1
        while end < len(view) and in_word(end):
            end += 1
        letters: list[str] = []
        spans: list[tuple[int, int]] = []
        for q in range(start, end):
            if q in glued:
                if spans:  # the tail of the character before: its source grows
                    spans[-1] = (spans[-1][0], q + 1)
                continue
            if view[q] in INVISIBLE:
                continue
            letters.append(view[q])
            spans.append((q, q + 1))
        out += [view[at:start], "".join(letters), " " * (end - start - len(letters))]
        if letters and any(s != (start + k, start + k + 1) for k, s in enumerate(spans)):
            moved.append(Moved(start, tuple(spans)))
        at = end
    out.append(view[at:])
    return _apostrophes("".join(out)), tuple(moved)


# Blank runs of the view between two letters of one block: markup that may sit inside a word.
_GAP = regexes.compile(r"(?<=\w) +(?=\w)")
# Markup that parts words on the page: a line break, a rule, an image or another object.
_PARTS = regexes.compile(
    r"<(?:br|hr|img|sup|sub|input|embed|object|iframe|video|audio|canvas|svg|math|button|select|"
    r"textarea|td|th|li|p|div)\b|!\[",
    regex.IGNORECASE,
)


def markup_in_words(text: str, view: str, blocks: Sequence[Block]) -> frozenset[int]:
    """Positions of inline markup inside a word, as glue for `rejoin`: "*Ex*perts" and
    "Ex<b>perts</b>" read "Experts" on the page. A blank run of the view between two word
    characters of the same block is markup inside a word when its source holds no space, no
    entity and nothing that parts words on the page (`<br>`, an image, ...). Linear in the
    view."""
    starts = [b.start for b in blocks]
    found: set[int] = set()
    for gap in _GAP.finditer(view):
        start, end = gap.span()
        source = text[start:end]
        if not (view[start - 1].isalpha() and view[end].isalpha()):
            continue  # a footnote mark or a figure ("biggest<sup>1</sup>") is not the word
        if any(c.isspace() for c in source) or "&" in source or _PARTS.search(source):
            continue  # an entity ("&nbsp;") is glued by its format, as a space if it is one
        k = bisect.bisect_right(starts, start - 1) - 1
        if k < 0 or not blocks[k].start <= start - 1 < end < blocks[k].end:
            continue
        found.update(range(start, end))
    return frozenset(found)


def _apostrophes(view: str) -> str:
    """A curly apostrophe (or U+02BC) between two word characters reads as `'`. A closing
    quotation mark is never between two word characters, so quotations are not touched."""
    return _APOSTROPHE.sub("'", view) if "\u2019" in view or "\u02bc" in view else view
