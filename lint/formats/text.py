"""Plain text to blocks: paragraphs from blank lines, or from hard-wrapped runs of lines."""

from __future__ import annotations

from collections.abc import Iterator

from newslint import regexes
from newslint.document import Block, Directive
from newslint.formats.directives import DIRECTIVE, parse_directives

_NOT_NEWLINE = regexes.compile(r"[^\r\n]")
_LINE = regexes.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TERMINAL = regexes.compile(r"""[.!?:\u2026]["'\u201d\u2019)]*\s*$""")
# Hard-wrapped copy is wrapped somewhere between these widths; a paragraph-per-line file has
# longer lines, and a run of short lines (headline, byline) is not wrapped prose.
_MIN_WRAP, _WRAP_WIDTH = 40, 100
# A line this share of the widest one was filled by the wrap, so the paragraph goes on.
_FULL = 0.6


def blank(text: str) -> str:
    """Same length, every character but line breaks turned to a space."""
    return _NOT_NEWLINE.sub(" ", text)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line's content, line break excluded, one at a time: a list of
    them was 2.5 MB of a 4 MB file, held while its blocks were found."""
    for match in _LINE.finditer(text):
        if match.start() == len(text) and match.start() > 0:
            return
        yield match.start(), match.start() + len(match.group().rstrip("\r\n"))


def _paragraphs(text: str, chunk: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group a run of non-blank lines into paragraphs.

    Each line is a paragraph unless the run shows hard wrapping: a line that fills most of
    the width, ends mid-sentence, and is followed by a lowercase word. In wrapped copy a
    line ends its paragraph only when it is short (the wrap never filled it).
    """
    width = max(end - start for start, end in chunk)
    if len(chunk) < 2 or not _MIN_WRAP <= width <= _WRAP_WIDTH:
        return [[line] for line in chunk]
    full = [end - start >= _FULL * width for start, end in chunk]
    wrapped = any(
        full[i] and not _TERMINAL.search(text, *chunk[i]) and text[chunk[i + 1][0]].islower()
        for i in range(len(chunk) - 1)
    )
    if not wrapped:
        return [[line] for line in chunk]
    groups: list[list[tuple[int, int]]] = [[chunk[0]]]
    for i in range(1, len(chunk)):
        if full[i - 1]:
            groups[-1].append(chunk[i])
        else:
            groups.append([chunk[i]])
    return groups


def text_blocks(text: str) -> tuple[str, list[Block], list[Directive]]:
    """Plain text: blank lines separate paragraphs; within a run of lines, each line is a
    paragraph unless the run looks hard-wrapped."""
    blocks: list[Block] = []
    directives: list[Directive] = []
    hidden: list[tuple[int, int]] = []  # directive lines: not copy, so not in the view
    chunk: list[tuple[int, int]] = []

    def flush() -> None:
        if not chunk:
            return
        for group in _paragraphs(text, chunk):
            blocks.append(Block("paragraph", group[0][0], group[-1][1]))
        chunk.clear()

    for start, end in _lines(text):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            flush()
        elif DIRECTIVE.fullmatch(stripped):
            flush()
            directives.extend(parse_directives(line, start))
            hidden.append((start, end))
        else:
            lead = len(line) - len(line.lstrip())
            trail = len(line) - len(line.rstrip())
            chunk.append((start + lead, end - trail))
    flush()
    # Built in one pass: splicing the text once per directive line copied all of it each time.
    pieces: list[str] = []
    at = 0
    for start, end in hidden:
        pieces += [text[at:start], blank(text[start:end])]
        at = end
    pieces.append(text[at:])
    return "".join(pieces), blocks, directives
