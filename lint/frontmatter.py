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
    r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>[^\r\n]*?)[ \t]*(?:#[^\r\n]*)?$",
    regex.MULTILINE,
)
_QUOTED = regex.compile(r"""^(?:"(?P<d>(?:[^"\\]|\\.)*)"|'(?P<s>(?:[^']|'')*)')$""")
_INDENTED = regex.compile(r"^([ \t]+)(\S[^\r\n]*?)[ \t]*$", regex.MULTILINE)


def front_matter_blocks(text: str, start: int, end: int) -> list[tuple[Block, list[tuple[int, int]]]]:
    """Blocks for the copy fields of the front matter in text[start:end], each with the
    spans of it that are visible (a block scalar has one span per line)."""
    found = []
    for entry in _ENTRY.finditer(text, start, end):
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
        if spans:
            found.append((Block(kind, spans[0][0], spans[-1][1]), spans))
    return found


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
