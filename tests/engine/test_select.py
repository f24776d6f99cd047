"""Rule selection: the most specific entry wins, ignore wins a tie."""

from __future__ import annotations

from newslint.engine.rule import Rule
from newslint.engine.select import enabled, match_strength, unknown


def _rule(code: str, name: str, default: bool = True) -> Rule:
    rule = Rule()
    rule.code, rule.name, rule.default_enabled = code, name, default
    return rule


PARAGRAPH = _rule("D001", "duplicate-paragraph")
SENTENCE = _rule("D002", "duplicate-sentence")
ACROSS = _rule("D003", "duplicate-across-articles", default=False)
VAGUE = _rule("A001", "vague-attribution")
RULES = [PARAGRAPH, SENTENCE, ACROSS, VAGUE]


def test_without_select_the_default_rules_run():
    assert enabled(RULES, None) == [PARAGRAPH, SENTENCE, VAGUE]


def test_a_prefix_selects_its_family_off_by_default_rules_included():
    assert enabled(RULES, ["D"]) == [PARAGRAPH, SENTENCE, ACROSS]


def test_a_longer_prefix_beats_a_shorter_ignore_and_a_name_beats_everything():
    assert enabled(RULES, ["D001"], ignore=["D"]) == [PARAGRAPH]
    assert enabled(RULES, ["D"], ignore=["D00"]) == []
    assert enabled(RULES, ["duplicate-sentence"], ignore=["D002"]) == [SENTENCE]


def test_on_a_tie_ignore_wins():
    assert enabled(RULES, ["D002"], ignore=["D002"]) == []


def test_extend_select_adds_to_the_defaults():
    assert enabled(RULES, None, extend_select=["D003"]) == [PARAGRAPH, SENTENCE, ACROSS, VAGUE]


def test_match_strength_orders_all_prefix_code_and_name():
    assert match_strength(["ALL"], VAGUE) == 0
    assert match_strength(["A"], VAGUE) == 1
    assert match_strength(["A001"], VAGUE) == 4
    assert match_strength(["vague-attribution"], VAGUE) > 4
    assert match_strength(["C"], VAGUE) == -1


def test_unknown_entries_are_named_with_the_nearest_rule():
    assert unknown(RULES, ["ALL", "D", "duplicate-paragraf", "Z9"]) == [
        "'duplicate-paragraf' (did you mean 'duplicate-paragraph'?)",
        "'Z9'",
    ]
