"""Copy in Markdown front matter: the title and the description are read like the article.

Two kinds of front matter are recognised at the top of a Markdown file: YAML between `---`
lines (Jekyll, Hugo, Eleventy...) and TOML between `+++` lines (Hugo). YAML is read with
PyYAML's `compose`, which gives every value's start and end in the text, so any scalar
style is placed exactly: plain or quoted values continued on indented lines, and `|` / `>`
block scalars. TOML is checked with `tomllib` and each copy field's string (basic, literal
or multi-line) is located in the text. Only top-level copy fields are read; everything
else stays blanked. Escapes in quoted values are kept as written, so offsets stay the
file's. Front matter that is not valid YAML or TOML yields no copy.
"""

from __future__ import annotations

import sys

import regex
import yaml

from newslint import regexes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

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
# The whole front matter, delimiters included: YAML (`---` ... `---` or `...`) or TOML
# (`+++` ... `+++`). Group `body` is what lies between the delimiters.
FRONT_MATTER = regexes.compile(
    r"\A(?:---[ \t]*\r?\n(?P<body>(?:.*?\r?\n)?)(?:---|\.\.\.)"
    r"|\+\+\+[ \t]*\r?\n(?P<toml>(?:.*?\r?\n)?)\+\+\+)[ \t]*(?:\r?\n|\Z)",
    regex.DOTALL,
)
_LINE = regexes.compile(r"[^\r\n]+")
# A TOML key at the top level (before any [table]) and the start of its string value.
_TOML_KEY = regexes.compile(
    r"""^[ \t]*(?P<key>[A-Za-z0-9_-]+|"[^"\r\n]*"|'[^'\r\n]*')[ \t]*=[ \t]*"""
    r"""(?P<open>\"\"\"|'''|"|')""",
    regex.MULTILINE,
)
_TOML_TABLE = regexes.compile(r"^[ \t]*\[", regex.MULTILINE)
_PROPERTY = regexes.compile(r"\S*\s*")  # an anchor or tag token and the spaces after it


def find_front_matter(text: str) -> regex.Match[str] | None:
    """The front matter at the start of `text` (see FRONT_MATTER), or None."""
    return FRONT_MATTER.match(text)


def front_matter_blocks(
    text: str, end: int, body: list[str]
) -> tuple[list[Block], list[tuple[int, int]]]:
    """Blocks for the copy fields of the front matter in text[:end], and the spans of them
    that are visible (one per line of a value), as character offsets into `text`.

    A field whose words are also a block of the body (`body` holds their texts) is left
    out: the title a site renders as the H1, or a description that is the first paragraph,
    is the same copy, linted where it stands in the article, not twice.
    """
    front = FRONT_MATTER.match(text, 0, end)
    if front is None:
        return [], []
    if front["toml"] is not None:
        fields = _toml_fields(text, front.start("toml"), front.end("toml"))
    else:
        fields = _yaml_fields(text, front.start("body"), front.end("body"))
    seen = {_words(b) for b in body}
    blocks: list[Block] = []
    visible: list[tuple[int, int]] = []
    for kind, spans in fields:
        if spans and _words(" ".join(text[s:e] for s, e in spans)) not in seen:
            blocks.append(Block(kind, spans[0][0], spans[-1][1]))
            visible.extend(spans)
    return blocks, visible


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank part of each line of text[start:end], leading and trailing spaces off."""
    spans = []
    for line in _LINE.finditer(text, start, end):
        content = line.group()
        stripped = content.strip(" \t")
        if stripped:
            at = line.start() + len(content) - len(content.lstrip(" \t"))
            spans.append((at, at + len(stripped)))
    return spans


def _yaml_fields(text: str, start: int, end: int) -> list[tuple[str, list[tuple[int, int]]]]:
    """(block kind, visible spans) of each top-level copy field of the YAML in
    text[start:end]; nothing when it is not valid YAML or not a mapping."""
    try:
        # compose builds nodes with positions and constructs no Python objects.
        root = yaml.compose(text[start:end], Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):  # deep nesting too: never a crash
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    fields = []
    for key, value in root.value:
        kind = FIELDS.get(str(key.value).lower()) if isinstance(key, yaml.ScalarNode) else None
        if kind is None or not isinstance(value, yaml.ScalarNode) or not value.value:
            continue
        first = start + value.start_mark.index
        while text[first] in "&!":  # an anchor or a tag before the value is not copy
            first = _PROPERTY.match(text, first).end()  # type: ignore[union-attr]
        last = start + value.end_mark.index
        if value.style in ('"', "'"):
            first, last = first + 1, last - 1
        elif value.style in ("|", ">"):
            header_end = text.find("\n", first, last)
            first = last if header_end < 0 else header_end + 1
        fields.append((kind, _lines(text, first, last)))
    return fields


def _toml_fields(text: str, start: int, end: int) -> list[tuple[str, list[tuple[int, int]]]]:
    """(block kind, visible spans) of each top-level copy field of the TOML in
    text[start:end] whose value is a string; nothing when it is not valid TOML."""
    try:
        data = tomllib.loads(text[start:end])
    except (tomllib.TOMLDecodeError, RecursionError):
        return []
    table = _TOML_TABLE.search(text, start, end)
    top_end = table.start() if table else end
    fields = []
    for entry in _TOML_KEY.finditer(text, start, top_end):
        key = entry["key"].strip("\"'")
        kind = FIELDS.get(key.lower())
        if kind is None or not isinstance(data.get(key), str):
            continue
        opener = entry["open"]
        first = entry.end()
        if len(opener) == 3 and text.startswith(("\r\n", "\n"), first):
            first = text.index("\n", first) + 1  # a newline right after """ is not copy
        last = _string_end(text, first, top_end, opener)
        if last is not None:
            fields.append((kind, _lines(text, first, last)))
    return fields


def _string_end(text: str, at: int, end: int, opener: str) -> int | None:
    """Where the TOML string opened by `opener` before `at` closes (the closing quotes'
    offset), or None. Basic strings skip backslash escapes; literal strings have none."""
    basic = opener[0] == '"'
    i = at
    while i < end:
        if basic and text[i] == "\\":
            i += 2
            continue
        if text.startswith(opener, i):
            # A multi-line string may end with up to two quotes of its own before `"""`.
            while len(opener) == 3 and text.startswith(opener[0], i + 3) and i + 3 < end:
                i += 1
            return i
        if len(opener) == 1 and text[i] in "\r\n":
            return None
        i += 1
    return None


def _words(text: str) -> str:
    return " ".join(regex.findall(r"\w+", text.casefold()))
