"""One rule's documentation as `newslint rule NAME` prints it, for the command line and the
language server's hover alike."""

from __future__ import annotations

from newslint.engine.rule import Rule


def describe(rule: Rule) -> str:
    """The rule's heading, its severity and fix line, a blank line, then its docstring
    (What it does / Why is this bad? / Example). No trailing line break."""
    fix = "has a safe fix" if rule.fixable else "no automatic fix"
    default = "on by default" if rule.default_enabled else "off unless selected"
    return (
        f"{rule.code} {rule.name}: {rule.summary}\n"
        f"severity {rule.severity}, {fix}, {default}\n\n"
        f"{rule.documentation}"
    )
