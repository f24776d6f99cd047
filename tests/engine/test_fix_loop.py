"""engine.fix.fix_document: safe fixes applied until none is left, only where writable."""

from __future__ import annotations

from newslint.engine.fix import apply_edits, fix_document, fixable, safe_edits
from newslint.engine.rule import Rule
from newslint.formats import from_text
from newslint.model import Diagnostic, Edit, Fix, Severity


class DoubleSpace(Rule):
    """Replaces each double space with one (a rule made for this test)."""

    code, name = "T010", "double-space"

    def check(self, document, options):
        at = document.text.find("  ")
        if at >= 0:  # one at a time: the loop must come back for the rest
            fix = Fix("one space", (Edit(at, at + 2, " "),))
            yield self.diagnostic(document, at, at + 2, "double space", fix)


def _lint(document):
    return list(DoubleSpace().check(document, {}))


def test_the_loop_relints_until_nothing_is_left():
    (document,) = from_text("a.txt", "one  two  three  four\n").documents
    fixed, applied = fix_document(document, _lint)
    assert (fixed.text, applied) == ("one two three four\n", 3)
    assert fixed.format == "text"


def test_nothing_to_fix_returns_the_same_document():
    (document,) = from_text("a.md", "clean copy\n").documents
    assert fix_document(document, _lint) == (document, 0)


def test_html_and_json_fields_are_not_fixed_in_place():
    (html,) = from_text("a.html", "<p>one  two</p>").documents
    feed = from_text("a.jsonl", '{"id": 1, "body": "one  two"}\n').documents[0]
    assert not fixable(html) and not fixable(feed)
    assert fix_document(html, _lint) == (html, 0)


def test_clashing_safe_edits_wait_for_the_next_pass_and_unsafe_ones_never_apply():
    def finding(start, end, safe=True):
        fix = Fix("x", (Edit(start, end, ""),), safe)
        return Diagnostic("T", "t", Severity.INFO, "m", "a.txt", start, end, fix)

    edits, count = safe_edits([finding(0, 4), finding(2, 6), finding(8, 9, safe=False)])
    assert (edits, count) == ([Edit(0, 4, "")], 1)
    assert apply_edits("abcdefghij", edits) == "efghij"
