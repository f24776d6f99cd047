"""Which findings the document's own suppression comments silence.

The comments are read by `newslint.formats.directives`; this turns them into regions of
text and drops the findings that start inside one.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newslint.document import Block, Directive, Document
from newslint.model import Diagnostic


@dataclass(frozen=True, slots=True)
class Region:
    """Characters [start, end) where `rules` (codes, code prefixes or names; empty means
    every rule) are silenced."""

    start: int
    end: int
    rules: frozenset[str]

    def covers(self, offset: int, code: str, name: str) -> bool:
        """Whether a finding of rule `code`/`name` starting at `offset` is silenced here."""
        if not self.start <= offset < self.end:
            return False
        return not self.rules or name in self.rules or any(code.startswith(r) for r in self.rules)


def regions(directives: Sequence[Directive], blocks: Sequence[Block], size: int) -> list[Region]:
    """Turn directives into the spans of text they silence: `ignore` the next block,
    `disable` to the matching `enable` or to `size` (the text's length in characters)."""
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


def outside(regions: Sequence[Region], diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
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


def unsilenced(document: Document, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics of `document` that its inline directives do not silence, by start."""
    silenced = regions(document.directives, document.blocks, len(document.text))
    return outside(silenced, diagnostics)
