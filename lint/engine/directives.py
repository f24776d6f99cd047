"""Which findings the document's own suppression comments silence, and which comments are
wrong or unused.

The comments are read by `newslint.formats.directives`; this resolves every rule they name
(a code, a code prefix, a name, in any case, or none for every rule) to rule codes, turns
them into regions of text per code, and drops the findings that start inside one. Because
the regions are per code, `disable A001` ... `enable vague-attribution` closes the region:
both name the same rule.

A name that resolves to no rule, and (if asked) a suppression that silenced nothing, are
reported through `Suppression`; `newslint.engine.check` turns them into findings of the
rules `unknown-suppression` (N001) and `unused-suppression` (N002).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from newslint.document import Block, Directive, Document
from newslint.engine.rule import Rule
from newslint.model import Diagnostic

# (code, name) of each rule a comment may name.
RuleId = tuple[str, str]


class Region(NamedTuple):
    """Characters [start, end) where findings of rule `code` are silenced, by the rule
    entry `origin` (index of the directive, index of the entry; -1 for "every rule").
    (A named tuple: a plain record, and a fraction of a dataclass's cost at every start.)"""

    start: int
    end: int
    code: str
    origin: tuple[int, int]


class Suppression:
    """The outcome of applying a document's comments to its findings.

    `kept`: the findings no comment silences, ordered by start. `unknown`: (directive,
    entry, nearest valid name or None) for each rule entry that names no rule. `unused`:
    (directive, entry) for each entry of an `ignore` or `disable` that silenced nothing
    (the entry is "" for a comment naming every rule). (A plain class: the methods a
    dataclass would compile at every start serve nothing here.)
    """

    def __init__(self, kept: list[Diagnostic] | None = None) -> None:
        self.kept: list[Diagnostic] = [] if kept is None else kept
        self.unknown: list[tuple[Directive, str, str | None]] = []
        self.unused: list[tuple[Directive, str]] = []


def rule_ids(rules: Iterable[Rule]) -> list[RuleId]:
    """(code, name) of each rule."""
    return [(rule.code, rule.name) for rule in rules]


def resolve(entry: str, known: Sequence[RuleId]) -> frozenset[str]:
    """The codes a comment's rule entry names, case-insensitively: "all", a rule name, a
    code, or a code prefix ("D" or "d00"). Empty when it names no known rule."""
    folded = entry.casefold()
    if folded == "all":
        return frozenset(code for code, _ in known)
    named = frozenset(code for code, name in known if name.casefold() == folded)
    if named:
        return named
    return frozenset(code for code, _ in known if code.casefold().startswith(folded))


def nearest(entry: str, known: Sequence[RuleId]) -> str | None:
    """The rule name or code closest to a misspelt entry, or None."""
    import difflib  # only a misspelt entry pays for it

    names = [name for _, name in known] + [code for code, _ in known]
    near = difflib.get_close_matches(entry.casefold(), names, n=1)
    return near[0] if near else None


def _entries(directive: Directive) -> list[str]:
    return sorted(directive.rules) if directive.rules else [""]


def regions(
    directives: Sequence[Directive], blocks: Sequence[Block], size: int, known: Sequence[RuleId]
) -> list[Region]:
    """Turn directives into the spans of text they silence, one region per rule code:
    `ignore` the next block; `disable` to an `enable` of the same rule, however it is named
    (code, prefix, name, any case), or to `size` (the text's length in characters). An
    entry that names no rule silences nothing."""
    out: list[Region] = []
    open_at: dict[str, tuple[int, tuple[int, int]]] = {}  # code -> (start, origin)
    starts = [b.start for b in blocks]  # blocks are in document order
    everything = frozenset(code for code, _ in known)
    for i, d in enumerate(directives):
        action = d.action.casefold()
        for j, entry in enumerate(_entries(d)):
            codes = resolve(entry, known) if entry else everything
            origin = (i, j if entry else -1)
            if action == "ignore":
                k = bisect.bisect_right(starts, d.offset)
                if k < len(blocks):
                    out.extend(Region(blocks[k].start, blocks[k].end, c, origin) for c in codes)
            elif action == "disable":
                for code in codes:
                    open_at.setdefault(code, (d.offset, origin))
            else:  # enable
                for code in codes:
                    if code in open_at:
                        start, opened_by = open_at.pop(code)
                        out.append(Region(start, d.offset, code, opened_by))
    out.extend(Region(start, size, code, origin) for code, (start, origin) in open_at.items())
    return out


def _sweep(
    ordered: Sequence[Region], diagnostics: Iterable[Diagnostic], used: set[tuple[int, int]]
) -> list[Diagnostic]:
    """The diagnostics no region of `ordered` (one code's regions, by start) silences; the
    origins of the regions that silence something are added to `used`. A sweep by offset
    keeps only the regions open at each diagnostic, so it stays linear in practice."""
    if not ordered:  # the commonest case: no comment silences this rule
        return sorted(diagnostics, key=lambda d: d.start)
    import heapq  # here: only a document with suppression comments needs it

    keep: list[Diagnostic] = []
    active: list[tuple[int, int]] = []  # heap of (end, index into ordered)
    at = 0
    for diag in sorted(diagnostics, key=lambda d: d.start):
        while at < len(ordered) and ordered[at].start <= diag.start:
            heapq.heappush(active, (ordered[at].end, at))
            at += 1
        while active and active[0][0] <= diag.start:
            heapq.heappop(active)
        covering = [ordered[i].origin for _, i in active]
        if covering:
            used.update(covering)
        else:
            keep.append(diag)
    return keep


def suppress(
    document: Document, diagnostics: Iterable[Diagnostic], known: Sequence[RuleId] = ()
) -> Suppression:
    """Apply `document`'s suppression comments to its `diagnostics`.

    `known` lists the rules a comment may name (every installed rule, selected or not);
    the rules of the diagnostics themselves are always known. Returns a `Suppression`.
    Raises nothing.
    """
    diagnostics = list(diagnostics)
    directives = document.directives
    if not directives:  # the commonest case: no rule to resolve, nothing silenced
        return Suppression(_by_start(diagnostics))
    universe = list(dict.fromkeys([*known, *((d.code, d.rule) for d in diagnostics)]))
    found = regions(directives, document.blocks, len(document.text), universe)
    by_code: dict[str, list[Region]] = {}
    for region in sorted(found, key=lambda r: r.start):
        by_code.setdefault(region.code, []).append(region)
    diags_by_code: dict[str, list[Diagnostic]] = {}
    for diag in diagnostics:
        diags_by_code.setdefault(diag.code, []).append(diag)
    used: set[tuple[int, int]] = set()
    kept: list[Diagnostic] = []
    for code, diags in diags_by_code.items():
        kept.extend(_sweep(by_code.get(code, []), diags, used))
    kept.sort(key=lambda d: d.start)
    result = Suppression(kept)
    for i, d in enumerate(directives):
        for j, entry in enumerate(_entries(d)):
            if entry and not resolve(entry, universe):
                result.unknown.append((d, entry, nearest(entry, universe)))
            elif d.action.casefold() != "enable" and (i, j if entry else -1) not in used:
                result.unused.append((d, entry))
    return result


def _by_start(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics as `suppress` orders what it keeps when no comment silences any:
    by start, ties in the order of their codes' first findings, then as given."""
    by_code: dict[str, list[Diagnostic]] = {}
    for diag in diagnostics:
        by_code.setdefault(diag.code, []).append(diag)
    return sorted((d for diags in by_code.values() for d in diags), key=lambda d: d.start)


def unsilenced(
    document: Document, diagnostics: Iterable[Diagnostic], known: Sequence[RuleId] = ()
) -> list[Diagnostic]:
    """The diagnostics of `document` that its inline directives do not silence, by start.
    `known` as for `suppress`."""
    return suppress(document, diagnostics, known).kept
