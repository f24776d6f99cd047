"""Inline suppression comments, read the same way by every format.

    <!-- newslint: ignore duplicate-paragraph -->   the next block, for these rules
    <!-- newslint: disable vague-attribution -->    from here ...
    <!-- newslint: enable vague-attribution -->     ... to here

With no rule list, the comment covers every rule. Rules are named by code, code prefix or
name; the comment is read case-insensitively (`<!-- NewsLint: Disable A001 -->`), and the
engine resolves the names (`newslint.engine.directives`). In plain text the same comment,
alone on its line, does the same and is not itself linted.
"""

from __future__ import annotations

import regex

from newslint import regexes
from newslint.document import Directive

DIRECTIVE = regexes.compile(
    # The action ends at a space, a comma or the comment's end: "disable-next-line A001" is
    # no directive (it once disabled A001 to the end of the file, naming a rule "-next-line").
    r"<!--\s*newslint:\s*(?P<action>ignore|disable|enable)(?![\w-])(?P<rules>[^>]*?)\s*-->",
    regex.IGNORECASE,
)


def parse_directives(comment: str, offset: int) -> list[Directive]:
    """The directives in `comment`, a piece of source starting at character `offset`. The
    action is lower-cased; rule entries are kept as written ("all", in any case, means
    every rule: an empty set)."""
    found = []
    for match in DIRECTIVE.finditer(comment):
        entries = [r for r in regex.split(r"[\s,]+", match["rules"]) if r]
        names = frozenset(r for r in entries if r.casefold() != "all")
        found.append(Directive(offset + match.start(), match["action"].lower(), names))
    return found


def directive_end(text: str, offset: int) -> int:
    """Where the comment of the directive at character `offset` of `text` ends; `offset`
    + 1 if no comment starts there (a directive from elsewhere)."""
    match = DIRECTIVE.match(text, offset)
    return match.end() if match else min(offset + 1, len(text))
