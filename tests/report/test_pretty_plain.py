"""The pretty report without colour is written without rich's rendering (it cost more
than linting): it must be the very text rich writes."""

from __future__ import annotations

import io

from rich.console import Console

from newslint.engine.check import check
from newslint.formats import from_text
from newslint.report import Locator
from newslint.report.pretty import render, stream
from newslint.rules import pack

COPY = (
    "Fares\n\n"
    "Experts say\tthe fares will rise, in the [bold]biggest[/bold] rise ever.\n\n"
    "\u4e2d\u6587 critics argue the line is the best in the world, \U0001f686 unprecedented.\n\n"
    "Experts say\tthe fares will rise, in the [bold]biggest[/bold] rise ever.\n"
)


def test_the_plain_writer_writes_what_rich_writes():
    [document] = from_text("fares.txt", COPY).documents
    rules = [(rule, dict(rule.options)) for rule in pack()]
    found, _ = check(document, rules)
    assert len(found) >= 4  # vague attribution, superlatives, the repeat
    locator = Locator({document.key: document}, {})
    fast = io.StringIO()
    stream(fast, None)(found, locator)
    slow = io.StringIO()
    console = Console(file=slow, highlight=False, soft_wrap=True)
    for diag in found:
        console.print(render(diag, locator, console.width), end="\n")
    assert fast.getvalue() == slow.getvalue()
