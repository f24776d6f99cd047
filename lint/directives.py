"""Inline suppression comments, shared by every format.

    <!-- newslint: ignore duplicate-paragraph -->   the next block, for these rules
    <!-- newslint: disable vague-attribution -->    from here ...
    <!-- newslint: enable vague-attribution -->     ... to here

With no rule list, the comment covers every rule. In plain text the same comment, alone on
its line, does the same and is not itself linted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from newslint.document import Block, Directive

DIRECTIVE = regex.compile(
    r"<!--\s*newslint:\s*(?P<action>ignore|disable|enable)\b(?P<rules>[^>]*?)\s*-->"
)


def parse_directives(comment: str, offset: int) -> list[Directive]:
    found = []
    for match in DIRECTIVE.finditer(comment):
        names = frozenset(r for r in regex.split(r"[\s,]+", match["rules"]) if r and r != "all")
        found.append(Directive(offset + match.start(), match["action"], names))
    return found


@dataclass(frozen=True, slots=True)
class Region:
    start: int
    end: int
    rules: frozenset[str]

    def covers(self, offset: int, code: str, name: str) -> bool:
        if not self.start <= offset < self.end:
            return False
        return not self.rules or name in self.rules or any(code.startswith(r) for r in self.rules)


def regions(directives: Sequence[Directive], blocks: Sequence[Block], size: int) -> list[Region]:
    """Turn directives into the spans of text they silence."""
    out: list[Region] = []
    open_regions: dict[frozenset[str], int] = {}
    for d in directives:
        if d.action == "ignore":
            nxt = next((b for b in blocks if b.start > d.offset), None)
            if nxt is not None:
                out.append(Region(nxt.start, nxt.end, d.rules))
        elif d.action == "disable":
            open_regions.setdefault(d.rules, d.offset)
        elif d.rules in open_regions:
            out.append(Region(open_regions.pop(d.rules), d.offset, d.rules))
    out.extend(Region(start, size, rules) for rules, start in open_regions.items())
    return out
