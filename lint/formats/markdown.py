"""Markdown (CommonMark, via markdown-it-py) to blocks and a view of the same length.

markdown-it gives block tokens with line ranges but inline tokens without offsets. So each
inline text token is located in the block's source, in order, with a cursor; whatever lies
between located text (markup, code, link URLs, inline HTML) stays blanked in the view.
"""

from __future__ import annotations

import html

from markdown_it import MarkdownIt
from markdown_it.token import Token

from newslint import regexes
from newslint.document import Block, Directive
from newslint.formats.directives import parse_directives
from newslint.formats.frontmatter import find_front_matter, front_matter_blocks
from newslint.formats.text import blank, text_blocks
from newslint.lines import LineIndex

_LINK_TAIL = regexes.compile(r"\]\s*(?:\((?:[^()\\]|\\.|\([^()]*\))*\)|\[[^\]]*\])?")
_RUN = regexes.compile(r"\w+|[^\w\s]")
_REFERENCE = regexes.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);")
_CONTAINERS = {"blockquote_open": "blockquote", "list_item_open": "list_item"}

_parser: MarkdownIt | None = None
# markdown-it stops parsing below 20 nested containers by default and drops what is inside,
# so copy in a quotation 20 levels deep would go unlinted without a word. The parser is
# recursive, so no limit is set here; Python's recursion limit is the bound instead, and
# a file nested past it (hundreds of levels) is read as plain text rather than skipped.
_NO_NESTING_LIMIT = 1 << 30


def _md() -> MarkdownIt:
    global _parser
    if _parser is None:
        _parser = MarkdownIt("commonmark", {"maxNesting": _NO_NESTING_LIMIT})
    return _parser


class _Revealer:
    """Finds inline token text in the source and records the visible spans."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.cursor, self.end = text, start, end
        # Visible source [start, end), and what the view shows there: None for the source
        # itself, or the decoded text of an entity (`&rsquo;` shows `’`).
        self.spans: list[tuple[int, int, str | None]] = []

    def find(self, content: str) -> int:
        return self.text.find(content, self.cursor, self.end) if content else -1

    def skip(self, content: str) -> None:
        pos = self.find(content)
        if pos >= 0:
            self.cursor = pos + len(content)

    def reveal(self, content: str) -> None:
        pos = self.find(content)
        if pos >= 0:
            self.spans.append((pos, pos + len(content), None))
            self.cursor = pos + len(content)
            return
        # Escapes and entities make the token differ from the source: place it piece by
        # piece, and a piece that is not in the source character by character.
        for run in _RUN.finditer(content):
            if not self._place(run.group()):
                for char in run.group():
                    self._place(char)

    def _place(self, piece: str) -> bool:
        """Reveal `piece` where it next stands in the source, as itself or as the entity
        that decodes to it (`&rsquo;` for `’`), whichever comes first."""
        pos = self.find(piece)
        entity = _REFERENCE.search(self.text, self.cursor, pos if pos >= 0 else self.end)
        if entity is not None and html.unescape(entity.group()) == piece:
            self.spans.append((entity.start(), entity.end(), piece))
            self.cursor = entity.end()
            return True
        if pos < 0:
            return False
        self.spans.append((pos, pos + len(piece), None))
        self.cursor = pos + len(piece)
        return True

    def skip_link_tail(self) -> None:
        match = _LINK_TAIL.match(self.text, self.cursor, self.end)
        if match:
            self.cursor = match.end()


def _walk_inline(rev: _Revealer, children: list[Token], directives: list[Directive]) -> None:
    in_autolink = False
    for child in children:
        kind = child.type
        if kind == "text":
            (rev.skip if in_autolink else rev.reveal)(child.content)
        elif kind in ("code_inline", "image"):
            rev.skip(child.content)
            if kind == "image":
                rev.skip_link_tail()
        elif kind == "html_inline":
            pos = rev.find(child.content)
            directives.extend(parse_directives(child.content, max(pos, rev.cursor)))
            rev.skip(child.content)
        elif kind == "link_open":
            in_autolink = child.markup == "autolink"
        elif kind == "link_close":
            if not in_autolink:
                rev.skip_link_tail()
            in_autolink = False


def markdown_blocks(text: str) -> tuple[str, list[Block], list[Directive], frozenset[int]]:
    """The view of Markdown `text` (same length, only copy visible), its blocks and its
    suppression comments, all at character offsets into `text`, and the glue (positions of
    entity tails: see `newslint.formats.words.rejoin`). Never raises: Markdown
    nested too deeply for the parser's recursion is read as plain text, so its copy is
    still linted (with its markup visible)."""
    front = find_front_matter(text)  # YAML (---) or TOML (+++)
    # Front matter is blanked, not cut, so markdown-it's line numbers stay the file's.
    source = blank(front.group()) + text[front.end() :] if front else text
    lines = LineIndex(text)
    try:
        tokens = _md().parse(source)
    except RecursionError:
        return (*text_blocks(text), frozenset())

    blocks: list[Block] = []
    directives: list[Directive] = []
    visible: list[tuple[int, int, str | None]] = []
    containers: list[str] = []
    block_kind = "paragraph"
    for token in tokens:
        if token.type in _CONTAINERS:
            containers.append(_CONTAINERS[token.type])
        elif token.type in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif token.type == "heading_open":
            block_kind = "heading"
        elif token.type == "paragraph_open":
            block_kind = containers[-1] if containers else "paragraph"
        elif token.type == "html_block" and token.map:
            directives.extend(parse_directives(token.content, lines.line_start(token.map[0])))
        elif token.type == "inline" and token.map and token.children is not None:
            rev = _Revealer(source, lines.line_start(token.map[0]), lines.line_start(token.map[1]))
            _walk_inline(rev, token.children, directives)
            if rev.spans:
                blocks.append(Block(block_kind, rev.spans[0][0], rev.spans[-1][1]))
                visible.extend(rev.spans)
    if front:
        front_blocks, spans = front_matter_blocks(
            text, front.end(), [text[b.start : b.end] for b in blocks]
        )
        blocks[:0], visible[:0] = front_blocks, [(s, e, None) for s, e in spans]
    view, glue = _compose(text, visible)
    return view, blocks, directives, glue


def _compose(text: str, visible: list[tuple[int, int, str | None]]) -> tuple[str, frozenset[int]]:
    """The view: visible source kept, an entity's decoded text at its first character with
    the rest of it blank (and glue), everything else blank."""
    pieces: list[str] = []
    glue: list[int] = []
    at = 0
    for start, end, shown in visible:
        pieces.append(blank(text[at:start]))
        if shown is None:
            pieces.append(text[start:end])
        else:
            shown = shown[: end - start] if shown.strip() else " "
            pieces += [shown, " " * (end - start - len(shown))]
            glue.extend(range(start + len(shown), end))
        at = end
    pieces.append(blank(text[at:]))
    return "".join(pieces), frozenset(glue)
