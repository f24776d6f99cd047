"""The engine validates every fix a rule offers before --fix may apply it."""

from __future__ import annotations

import pytest

from newslint.engine.check import check
from newslint.engine.config import Finder, Settings
from newslint.engine.fix import fix_problem, fix_text
from newslint.engine.rule import Rule
from newslint.engine.run import Linter, Overrides
from newslint.formats import from_text
from newslint.model import Edit, Fix

TEXT = "The mayor spoke yesterday.\n\nThe council agreed.\n"


class BadFix(Rule):
    """A plugin rule whose fix has the edits given.

    ## What it does
    Offers a broken fix. ## Why is this bad? It is a test. ## Example None.
    """

    code = "Z900"
    name = "bad-fix"
    summary = "Offers a fix with broken edits."
    fixable = True

    def __init__(self, edits: tuple[Edit, ...], elsewhere: bool = False) -> None:
        self.edits = edits
        self.elsewhere = elsewhere

    def check(self, document, options):
        diag = self.diagnostic(document, 0, 3, "bad", Fix("break it", self.edits, safe=True))
        if self.elsewhere:
            diag = self.finding("other.txt", 0, 3, "bad", diag.fix)
        yield diag


CASES = {
    "past-the-end": ((Edit(len(TEXT), len(TEXT) + 40, "appended"),), False),
    "negative": ((Edit(-5, 2, ""),), False),
    "overlapping": ((Edit(0, 10, ""), Edit(5, 20, "x")), False),
    "whole-file-by-overlap": ((Edit(0, len(TEXT), ""), Edit(3, 4, "")), False),
    "another-document": ((Edit(0, 3, "A"),), True),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_fix_is_refused_and_reported(tmp_path, case):
    edits, elsewhere = CASES[case]
    rule = BadFix(edits, elsewhere)
    (document,) = from_text("story.txt", TEXT).documents
    found, failures = check(document, [(rule, {})])
    assert [d.fix for d in found] == [None]  # the finding stays, its fix is gone
    assert len(failures) == 1 and "fix of rule Z900 bad-fix refused" in failures[0].message

    story = tmp_path / "story.txt"
    story.write_text(TEXT, encoding="utf-8")
    linter = Linter([rule], Finder(Settings(tmp_path), search=False), Overrides(select=["ALL"]))
    result = linter.lint_file(str(story), fix=True)
    assert result.fixes_applied == 0 and result.fixed == []
    assert any("refused" in e.message for e in result.errors)
    assert story.read_text(encoding="utf-8") == TEXT


def test_fix_problem_accepts_good_edits_and_insertions_at_one_place():
    good = Fix(
        "ok", (Edit(0, 3, "A"), Edit(5, 5, "x"), Edit(5, 5, "y"), Edit(len(TEXT), len(TEXT), "!"))
    )
    assert fix_problem(good, len(TEXT)) is None
    assert "outside" in fix_problem(Fix("no", (Edit(0, len(TEXT) + 1),)), len(TEXT))
    assert "overlap" in fix_problem(Fix("no", (Edit(0, 5), Edit(4, 6))), len(TEXT))


def test_the_fix_loop_itself_skips_a_broken_fix():
    # Even a lint function that bypasses `check` cannot make the loop apply one.
    rule = BadFix((Edit(0, len(TEXT) + 10, ""),))

    def lint(text: str):
        (document,) = from_text("story.txt", text).documents
        return list(rule.check(document, {}))

    assert fix_text(TEXT, lint) == (TEXT, 0)
