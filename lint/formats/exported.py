"""Where a JSON export's field text stands in the export file as written.

A document of a JSON or JSONL export is one field's decoded text: its offsets are not the
file's. These find the field's string literal in the file (by JSON-encoding the text the
ways a writer may) so that a place in the field can be shown, or stored, as a place in the
file. Shared by the reports and the archive index.
"""

from __future__ import annotations

import json as jsonlib
from dataclasses import dataclass

from newslint import regexes
from newslint.lines import LineIndex

# A JSON string literal, quotes included.
_LITERAL = regexes.compile(r'"(?:[^"\\\r\n]|\\.)*"')


@dataclass(frozen=True)
class Export:
    """A JSON export's text: its line index, and where each string literal's content
    starts, by the literal as written (escapes kept, quotes off), read once."""

    index: LineIndex
    literals: dict[str, list[int]]

    @classmethod
    def of(cls, text: str) -> Export:
        literals: dict[str, list[int]] = {}
        for match in _LITERAL.finditer(text):
            literals.setdefault(match.group()[1:-1], []).append(match.start() + 1)
        return cls(LineIndex(text), literals)


def forms(text: str) -> tuple[str, str, str, str]:
    """The ways a JSON writer may encode `text` inside a string, quotes left off: UTF-8 or
    `\\uXXXX` escapes, with or without `/` escaped as `\\/`. Always four, in this order."""
    plain = jsonlib.dumps(text, ensure_ascii=False)[1:-1]
    ascii_only = jsonlib.dumps(text)[1:-1]
    return plain, ascii_only, plain.replace("/", "\\/"), ascii_only.replace("/", "\\/")


def find_field(
    export: Export, value: str, article: str, name: str | None = None
) -> tuple[int, int] | None:
    """(which of `forms` the export uses, offset in its text where the field's text
    starts) for a field whose decoded text is `value`; None when it is not there. When the
    text is there more than once, an occurrence under the field's own key (`name`'s last
    part) comes first, then the one nearest to the article's id."""
    text = export.index.text
    for form, encoded in enumerate(forms(value)):
        found = export.literals.get(encoded)
        if not found:
            continue
        if len(found) > 1:
            ids = [i for ident in _id_forms(article) for i in _occurrences(text, ident)]
            keys = [jsonlib.dumps(k) for k in (name or "").rsplit(".", 1)[-1:] if k]
            found = sorted(
                found,
                key=lambda i: (
                    not any(_under_key(text, i, key) for key in keys),
                    min((abs(i - a) for a in ids), default=0),
                ),
            )
        return form, found[0]
    return None


def _under_key(text: str, start: int, key: str) -> bool:
    """Whether the string literal whose content starts at `start` is the value of `key`
    (a JSON-encoded name, quotes included): `"key": "..."`."""
    before = text[max(0, start - 1 - len(key) - 64) : start - 1].rstrip()
    return before.endswith(":") and before[:-1].rstrip().endswith(key)


def _occurrences(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _id_forms(article: str) -> list[str]:
    """How an article's id may be written in the export: a string, or a bare number."""
    forms = [jsonlib.dumps(article, ensure_ascii=False), jsonlib.dumps(article)]
    if article.isdigit():
        forms += [f": {article}", f":{article}"]
    return list(dict.fromkeys(forms))


def article_line(export: LineIndex, article: str) -> int | None:
    """The article's line in an export: `line N` names it; else the line of its id."""
    if article.startswith("line ") and article[5:].isdigit():
        return int(article[5:])
    for form in _id_forms(article):
        i = export.text.find(form)
        if i >= 0:
            return export.position(i)[0]
    return None


def file_span(
    file_text: str, value: str, article: str, name: str | None, start: int, end: int
) -> tuple[int, int] | None:
    """[start, end) of the field text `value` (article `article`, field `name`) as
    character offsets of the export's `file_text`: where the field's literal is found,
    else the start of the article's line (an empty span), else None."""
    export = Export.of(file_text)
    found = find_field(export, value, article, name)
    if found is None:
        line = article_line(export.index, article)
        if line is None:
            return None
        at = export.index.line_start(line - 1)
        return at, at
    form, at = found
    begin = at + len(forms(value[:start])[form])
    return begin, begin + len(forms(value[start:end])[form])
