"""Inline suppression comments, shared by every format.

    <!-- newslint: ignore duplicate-paragraph -->   the next block, for these rules
    <!-- newslint: disable vague-attribution -->    from here ...
    <!-- newslint: enable vague-attribution -->     ... to here

With no rule list, the comment covers every rule. In plain text the same comment, alone on
its line, does the same and is not itself linted.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from newslint.document import Block, Directive
from newslint.model import Diagnostic

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
    starts = [b.start for b in blocks]  # blocks are in document order
    for d in directives:
        if d.action == "ignore":
            i = bisect.bisect_right(starts, d.offset)
            if i < len(blocks):
                out.append(Region(blocks[i].start, blocks[i].end, d.rules))
        elif d.action == "disable":
            open_regions.setdefault(d.rules, d.offset)
        elif d.rules in open_regions:
            out.append(Region(open_regions.pop(d.rules), d.offset, d.rules))
    out.extend(Region(start, size, rules) for rules, start in open_regions.items())
    return out


def unsilenced(regions: Sequence[Region], diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics no region silences, ordered by start. A sweep by offset keeps only the
    regions open at each diagnostic, so a file with many directives and many findings
    stays linear rather than comparing every finding with every region."""
    ordered = sorted(regions, key=lambda r: r.start)
    keep: list[Diagnostic] = []
    active: list[tuple[int, int]] = []  # heap of (end, index into ordered)
    at = 0
    for diag in sorted(diagnostics, key=lambda d: d.start):
        while at < len(ordered) and ordered[at].start <= diag.start:
            heapq.heappush(active, (ordered[at].end, at))
            at += 1
        while active and active[0][0] <= diag.start:
            heapq.heappop(active)
        if not any(ordered[i].covers(diag.start, diag.code, diag.rule) for _, i in active):
            keep.append(diag)
    return keep
