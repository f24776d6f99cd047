"""Copy in Markdown front matter: the title and the description are read like the article.

Only simple YAML is understood, which is what static-site generators write: `key: value` on
one line (plain, 'single-' or "double-quoted"), or a block scalar (`key: >` or `key: |`)
followed by indented lines. Anything else in the front matter stays blanked. Escapes in
double-quoted values are kept as written, so offsets stay the file's.
"""

from __future__ import annotations

import regex

from newslint.document import Block

# Field name -> block kind it is read as.
FIELDS = {
    "title": "heading",
    "headline": "heading",
    "description": "paragraph",
    "summary": "paragraph",
    "subtitle": "paragraph",
    "standfirst": "paragraph",
}
_ENTRY = regex.compile(
    r"""^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*"""
    r"""(?P<value>"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\r\n]|'')*'|[^\r\n]*?)"""
    r"""(?:[ \t]+\#[^\r\n]*)?[ \t]*(?=[\r\n]|\Z)""",
    regex.MULTILINE,
)
_QUOTED = regex.compile(r"""^(?:"(?P<d>(?:[^"\\]|\\.)*)"|'(?P<s>(?:[^']|'')*)')$""")
_INDENTED = regex.compile(r"([ \t]+)(\S[^\r\n]*?)[ \t]*(?=[\r\n]|\Z)")


def front_matter_blocks(
    text: str, end: int, body: list[str]
) -> tuple[list[Block], list[tuple[int, int]]]:
    """Blocks for the copy fields of the front matter in text[:end], and the spans of them
    that are visible (a block scalar has one span per line).

    A field whose words are also a block of the body (`body` holds their texts) is left
    out: the title a site renders as the H1, or a description that is the first paragraph,
    is the same copy, linted where it stands in the article, not twice.
    """
    seen = {_words(b) for b in body}
    blocks: list[Block] = []
    visible: list[tuple[int, int]] = []
    for entry in _ENTRY.finditer(text, 0, end):
        kind = FIELDS.get(entry["key"].lower())
        if kind is None:
            continue
        value, at = entry["value"], entry.start("value")
        if value in (">", "|", ">-", "|-", ">+", "|+"):
            spans = _block_scalar(text, entry.end(), end)
        elif quoted := _QUOTED.match(value):
            group = "d" if quoted["d"] is not None else "s"
            spans = [(at + quoted.start(group), at + quoted.end(group))] if quoted[group] else []
        elif value and value[0] not in "[{&*!|>%@`":
            spans = [(at, at + len(value))]
        else:
            spans = []
        if spans and _words(" ".join(text[s:e] for s, e in spans)) not in seen:
            blocks.append(Block(kind, spans[0][0], spans[-1][1]))
            visible.extend(spans)
    return blocks, visible


def _words(text: str) -> str:
    return " ".join(regex.findall(r"\w+", text.casefold()))


def _block_scalar(text: str, after: int, end: int) -> list[tuple[int, int]]:
    """The indented lines that follow `key: >`, up to the first line that is not indented."""
    spans: list[tuple[int, int]] = []
    at = after + (2 if text.startswith("\r\n", after) else 1)
    while at < end:
        line = _INDENTED.match(text, at, end)
        if line is None:
            break
        spans.append((line.start(2), line.end(2)))
        at = line.end() + (2 if text.startswith("\r\n", line.end()) else 1)
    return spans
