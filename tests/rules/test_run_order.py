"""The built-in rules that say they use no shared analysis (`uses_shared_analyses = False`,
run first by the engine) read none of the analyses the other rules keep on the document,
and the order the engine runs them in changes no finding, on a short article and on a
long one (past the long-file paths: interned words, duplicate-paragraph's trigram index)."""

from __future__ import annotations

import random

import pytest

from newslint.engine.check import check
from newslint.engine.registry import discover
from newslint.engine.rule import CorpusRule, Rule
from newslint.formats import from_text

PARAGRAPHS = [
    "Experts say the harbour wall will be the biggest ever built on this coast.",
    "A senior official, who asked not to be named, said the council had run out of money.",
    '"We were never told," said Mara Quist, who runs the ferry kiosk on the quay.',
    "The scheme is the most expensive in the region, according to people familiar with it.",
    "It is widely believed that the port will close for a month while the work is finished.",
    "The council approved the budget on Tuesday after a long debate in the chamber.",
    "Critics argued the plan was unprecedented, and one banker called it the safest bet.",
    "Fares rose by 8% last year, the operator said, and will rise again from April.",
]


def _article(paragraphs: int, seed: int) -> str:
    """Paragraphs drawn from PARAGRAPHS, each with a numbered sentence of its own, and every
    seventh an exact repeat of an earlier one or a near repeat (a word changed)."""
    pick = random.Random(seed)
    out: list[str] = []
    for i in range(paragraphs):
        if i % 7 == 6:
            earlier = out[pick.randrange(len(out))]
            out.append(earlier if i % 2 else earlier.replace(" the ", " a ", 1))
            continue
        lead = PARAGRAPHS[pick.randrange(len(PARAGRAPHS))]
        out.append(f"{lead} Report {i} was filed from desk {pick.randrange(90)} by the night team.")
    return "\n\n".join(out) + "\n"


SHORT = _article(20, 1)
LONG = _article(1200, 2)  # past LONG_TEXT (100,000 characters)


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    return [rule for rule in discover()[0] if not isinstance(rule, CorpusRule)]


def _options(rule: Rule) -> dict[str, object]:
    return {**rule.options, "lexicon-files": ()}


def _analyses(rules: list[Rule], text: str) -> set[object]:
    """The keys of what `rules`, run on a fresh document of `text`, left in its memo."""
    (document,) = from_text("story.md", text).documents
    for rule in rules:
        list(rule.check(document, _options(rule)))
    # Read directly: Document has no public listing of its memo.
    return set(document._memo)


@pytest.mark.parametrize("text", [SHORT, LONG], ids=["short", "long"])
def test_rules_run_first_read_none_of_the_analyses_the_others_keep(rules, text):
    assert len(LONG) > 100_000
    first = [rule for rule in rules if not rule.uses_shared_analyses]
    rest = [rule for rule in rules if rule.uses_shared_analyses]
    assert first and rest
    theirs = _analyses(rest, text)
    assert theirs  # the other rules do keep analyses on these texts
    assert _analyses(first, text).isdisjoint(theirs)


@pytest.mark.parametrize("text", [SHORT, LONG], ids=["short", "long"])
def test_running_them_first_changes_no_finding(rules, text, monkeypatch):
    (document,) = from_text("story.md", text).documents
    configured = [(rule, _options(rule)) for rule in rules]
    ordered = check(document, configured)
    assert any(d.code.startswith("D") for d in ordered[0])  # the repeats are found
    for rule in rules:
        monkeypatch.setattr(rule, "uses_shared_analyses", True)
    (fresh,) = from_text("story.md", text).documents
    assert check(fresh, configured) == ordered
