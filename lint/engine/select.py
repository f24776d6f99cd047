"""Which rules run: select, extend-select and ignore, decided by the most specific entry.

An entry is a rule name, a full code, a code prefix ("D" or "D00"), or ALL. For each rule,
the longest matching entry wins (a name counts as the most specific); on a tie, ignore
wins. Without any select, the rules that are on by default are selected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newslint.engine.rule import Rule

_NAME_WEIGHT = 1000


def _specificity(entry: str, rule: Rule) -> int:
    if entry == rule.name:
        return _NAME_WEIGHT
    if entry == "ALL":
        return 0
    if rule.code.startswith(entry.upper()):
        return len(entry)
    return -1


def match_strength(entries: Iterable[str], rule: Rule) -> int:
    """How specifically `entries` name `rule`: -1 not at all, 0 for ALL, the prefix's length
    for a code or prefix, more than any code for the rule's name."""
    return max((_specificity(e, rule) for e in entries), default=-1)


def enabled(
    rules: Sequence[Rule],
    select: Sequence[str] | None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[Rule]:
    """The rules to run, in the order given: for each rule the most specific of `select`
    and `extend_select` must beat the most specific `ignore` (a tie ignores). With
    `select` None, the rules on by default count as selected by ALL."""
    chosen = []
    for rule in rules:
        picked = match_strength(list(select or ()) + list(extend_select), rule)
        if select is None and rule.default_enabled:
            picked = max(picked, 0)
        if picked >= 0 and picked > match_strength(ignore, rule):
            chosen.append(rule)
    return chosen


def unknown(rules: Sequence[Rule], entries: Iterable[str]) -> list[str]:
    """Entries that match no rule, each with the nearest valid name when there is one."""
    names = [r.name for r in rules] + [r.code for r in rules]
    out = []
    for entry in entries:
        if entry == "ALL" or any(_specificity(entry, r) >= 0 for r in rules):
            continue
        import difflib  # only a misspelt entry pays for it

        near = difflib.get_close_matches(entry, names, n=1)
        out.append(f"{entry!r}" + (f" (did you mean {near[0]!r}?)" if near else ""))
    return out
