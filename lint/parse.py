"""Text to Document, for plain text and Markdown."""

from __future__ import annotations

import regex
from newslint.directives import DIRECTIVE, parse_directives
from newslint.document import Block, Directive, Document, Sentence
from newslint.sentences import find_quotes, split_sentences

FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}

_NOT_NEWLINE = regex.compile(r"[^\r\n]")
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TERMINAL = regex.compile(r"""[.!?:\u2026]["'\u201d\u2019)]*\s*$""")
# Hard-wrapped copy keeps lines short; a paragraph-per-line file does not.
_WRAP_WIDTH = 100


def blank(text: str) -> str:
    """Same length, every character but line breaks turned to a space."""
    return _NOT_NEWLINE.sub(" ", text)


def format_for(path: str) -> str:
    dot = path.rfind(".")
    return FORMATS.get(path[dot:].lower(), "text") if dot >= 0 else "text"


def parse(path: str, text: str, fmt: str, bom: bool = False) -> Document:
    if fmt == "markdown":
        from newslint.markdown import markdown_blocks

        view, blocks, directives = markdown_blocks(text)
    else:
        view, blocks, directives = text_blocks(text)
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
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, line break excluded."""
    out = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and out:
            break
        out.append((match.start(), match.start() + len(match.group().rstrip("\r\n"))))
    return out


def _is_wrapped(text: str, chunk: list[tuple[int, int]]) -> bool:
    """Does a run of non-blank lines hold one hard-wrapped paragraph, or a paragraph a line?"""
    body = chunk[:-1]
    if not body or any(end - start > _WRAP_WIDTH for start, end in body):
        return False
    # Wrapped lines break mid-sentence; a paragraph a line ends each line with punctuation.
    return any(not _TERMINAL.search(text, start, end) for start, end in body)


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
        if _is_wrapped(text, chunk):
            blocks.append(Block("paragraph", chunk[0][0], chunk[-1][1]))
        else:
            blocks.extend(Block("paragraph", s, e) for s, e in chunk)
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
    view = text
    for start, end in hidden:
        view = view[:start] + blank(view[start:end]) + view[end:]
    return view, blocks, directives
