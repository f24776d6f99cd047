"""Inline suppression comments, read the same way by every format.

    <!-- newslint: ignore duplicate-paragraph -->   the next block, for these rules
    <!-- newslint: disable vague-attribution -->    from here ...
    <!-- newslint: enable vague-attribution -->     ... to here

With no rule list, the comment covers every rule. In plain text the same comment, alone on
its line, does the same and is not itself linted.
"""

from __future__ import annotations

import regex

from newslint.document import Directive

DIRECTIVE = regex.compile(
    r"<!--\s*newslint:\s*(?P<action>ignore|disable|enable)\b(?P<rules>[^>]*?)\s*-->"
)


def parse_directives(comment: str, offset: int) -> list[Directive]:
    """The directives in `comment`, a piece of source starting at character `offset`."""
    found = []
    for match in DIRECTIVE.finditer(comment):
        names = frozenset(r for r in regex.split(r"[\s,]+", match["rules"]) if r and r != "all")
        found.append(Directive(offset + match.start(), match["action"], names))
    return found
