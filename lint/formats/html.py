"""HTML to blocks and a view of the same length, with the standard library's parser.

`Document.text` is the HTML source, so every finding points at a line and column of the
file. The view keeps only the text an editor reads: tags, comments, and the contents of
`script`, `style`, `nav`, `code`, `pre` (and of `head`, `template`, `noscript`, `svg`,
`math`, which are not copy either) are blanked.

Entities are decoded in place: the decoded character sits at the entity's first offset and
the rest of the entity is blanked (`&amp;` reads `&    `). Inside a word the rest of the
word then moves up, so the word reads whole (`don&rsquo;t` reads `don't` and six blanks:
see `newslint.formats.words`), and `Document.source_span` maps a flagged span back over the
whole entity. A character reference to whitespace reads as a space; one to a control
character or to nothing printable is blanked entirely.

Blocks: `p`, `h1`-`h6`, `li`, `blockquote`, and text that sits directly in any other
block-level element (`div`, `td`, `figcaption`, ...). Like Markdown, a paragraph inside a
list item is a list item, and one inside a block quote is a block quote.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from newslint import regexes
from newslint.document import Block, Directive
from newslint.formats.directives import parse_directives
from newslint.formats.text import blank
from newslint.formats.words import INVISIBLE

SKIP = frozenset(
    {"script", "style", "nav", "code", "pre", "head", "template", "noscript", "svg", "math"}
)
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip
# Elements that start and end a run of copy; inline elements (a, em, span, br...) do not.
BLOCK_LEVEL = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
     "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
     "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "ol", "p", "section",
     "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
)  # fmt: skip
_KIND = {"li": "list_item", "blockquote": "blockquote"} | {f"h{n}": "heading" for n in range(1, 7)}
_REFERENCE = regexes.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")


class _Parser(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self._source = text
        # HTMLParser counts lines by "\n" alone, so offsets are rebuilt the same way.
        self._line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.stack: list[str] = []
        # Kept beside the stack so that every event costs the same however deep the
        # nesting: open elements by name, how many of them are not copy (SKIP), and the
        # positions on the stack of those that give a block its kind (_KIND).
        self._open: dict[str, int] = {}
        self._skipping = 0
        self._kinds: list[int] = []
        self.pieces: list[tuple[int, str]] = []  # (offset, visible text) in source order
        self.blocks: list[Block] = []
        self.directives: list[Directive] = []
        self._run: list[tuple[int, str]] = []  # visible pieces of the block being read
        # Tails of decoded entities: blank in the view, but part of the character before.
        self.glue: set[int] = set()

    def _at(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def skipping(self) -> bool:
        """Whether an open element hides its contents (SKIP). Constant time."""
        return self._skipping > 0

    def kind(self) -> str:
        """The kind of block the innermost open element gives copy. Constant time."""
        return _KIND[self.stack[self._kinds[-1]]] if self._kinds else "paragraph"

    def _push(self, tag: str) -> None:
        if tag in _KIND:
            self._kinds.append(len(self.stack))
        self.stack.append(tag)
        self._open[tag] = self._open.get(tag, 0) + 1
        self._skipping += tag in SKIP

    def _pop(self) -> str:
        tag = self.stack.pop()
        if self._kinds and self._kinds[-1] == len(self.stack):
            self._kinds.pop()
        self._open[tag] -= 1
        self._skipping -= tag in SKIP
        return tag

    def flush(self) -> None:
        """End the run of copy read so far as one block, trimmed of surrounding space."""
        run = [(start, content) for start, content in self._run if content.strip()]
        if run:
            (first, head), (last, tail) = run[0], run[-1]
            start = first + len(head) - len(head.lstrip())
            self.blocks.append(Block(self.kind(), start, last + len(tail.rstrip())))
        self._run.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_LEVEL:
            self.flush()
        if tag not in VOID:
            self._push(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_LEVEL:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_LEVEL:
            self.flush()
        if self._open.get(tag):
            # Close it and whatever was left open inside it (HTML forgives missing end tags).
            # Each element is pushed once and popped once: linear over the file.
            while self._pop() != tag:
                pass

    def _visible(self, start: int, content: str) -> None:
        if self.skipping() or not content:
            return
        self.pieces.append((start, content))
        self._run.append((start, content))

    def handle_data(self, data: str) -> None:
        start = self._at()
        if self._source.startswith(data, start):
            self._visible(start, data)

    def _reference(self) -> None:
        start = self._at()
        match = _REFERENCE.match(self._source, start)
        if match is None:
            return
        decoded = html.unescape(match.group())
        if decoded and all(c in INVISIBLE for c in decoded):
            # `&shy;`, `&zwj;`: nothing to show, and the word around it reads whole.
            if not self.skipping():
                self.glue.update(range(start, match.end()))
            return
        if decoded.isspace():
            decoded = " "  # `&#10;` or `&nbsp;`: a space, never a line break of its own
        elif not decoded.isprintable():
            decoded = ""
        # The decoded character at the entity's first offset; the rest of the entity blank,
        # and glued to it, so that a word holding an entity is read whole.
        decoded = decoded[: len(match.group())]
        if decoded and not self.skipping():
            self.glue.update(range(start + len(decoded), match.end()))
        self._visible(start, decoded)

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def handle_comment(self, data: str) -> None:
        self.directives.extend(parse_directives(f"<!--{data}-->", self._at()))


def html_blocks(text: str) -> tuple[str, list[Block], list[Directive], frozenset[int]]:
    """The view of HTML `text` (same length, only copy visible, entities decoded at their
    first character), its blocks, its suppression comments, and the glue: positions of
    entity tails, blank in the view but part of the character before them (see
    `newslint.formats.words.rejoin`). Offsets in characters. Never raises."""
    parser = _Parser(text)
    parser.feed(text)
    parser.close()
    parser.flush()
    return _compose(text, parser.pieces), parser.blocks, parser.directives, frozenset(parser.glue)


def _compose(text: str, pieces: list[tuple[int, str]]) -> str:
    """The view: each piece's visible text at its offset, everything between blanked (which
    also blanks the tail of an entity, since its decoded text is shorter than its source)."""
    out: list[str] = []
    at = 0
    for start, content in pieces:
        out.append(blank(text[at:start]))
        out.append(content)
        at = start + len(content)
    out.append(blank(text[at:]))
    return "".join(out)
