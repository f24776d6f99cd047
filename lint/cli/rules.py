"""`newslint rules` and `newslint rule NAME`: the installed rules and the house phrase
rules of the config that applies in the working folder."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from newslint.cli.output import say
from newslint.cli.ruledoc import describe
from newslint.engine.config import ConfigError, Finder, Settings
from newslint.engine.phrases import house_rules
from newslint.engine.registry import find, unique
from newslint.engine.rule import Rule
from newslint.report import inert_line, printable


def list_rules(args: argparse.Namespace, rules: list[Rule]) -> int:
    """`rules` (a table of `rules` and the house rules, `--format` text or markdown) or
    `rule` (one rule's documentation). Returns the exit status: 2 for a config error or
    an unknown rule, else 0."""
    try:
        # The house phrase rules of the config that applies here are rules too.
        rules = unique(rules + house_rules(Finder(Settings(Path.cwd())).for_path(Path.cwd())))[0]
    except ConfigError as exc:
        say("error", str(exc))
        return 2
    if args.command == "rule":
        return show_rule(rules, args.rule)
    print(rule_table(rules, args.format))
    return 0


def rule_table(rules: Sequence[Rule], fmt: str) -> str:
    rows = [
        (  # house rules come from phrase files, which a repository may carry: escaped
            printable(r.code),
            printable(r.name),
            str(r.severity),
            "yes" if r.fixable else "",
            "yes" if r.default_enabled else "no",
            printable(r.summary),
        )
        for r in rules
    ]
    head = ("Code", "Name", "Severity", "Fix", "Default", "Summary")
    if fmt == "markdown":
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += [
            "| " + " | ".join(f"`{c}`" if i < 2 else c for i, c in enumerate(row)) + " |"
            for row in rows
        ]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head) - 1)]
    return "\n".join(
        inert_line(
            "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True))
            + "  "
            + row[-1]
        )
        for row in [head, *rows]
    )


def show_rule(rules: Sequence[Rule], key: str) -> int:
    rule = find(rules, key)
    if rule is None:
        import difflib  # only an unknown name pays for it

        names = [r.name for r in rules] + [r.code for r in rules]
        near = difflib.get_close_matches(key, names, n=1) or difflib.get_close_matches(
            key.upper(), names, n=1
        )
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        say("error", f"no rule named {key!r}{hint}; see `newslint rules`")
        return 2
    # House rules come from phrase files, which a repository may carry: escaped.
    print("\n".join(inert_line(printable(line)) for line in describe(rule).split("\n")))
    return 0
