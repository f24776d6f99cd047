"""Invented sentences of the kinds of issue 10 that the team's fixtures do not hold, written by
a reviewer after the rules were rebuilt: each one the rules get wrong today, as a strict xfail
named after its kind (it must start passing when the kind is fixed, and then lose its mark).
The whole probe, right and wrong, is `python bench/kinds_probe.py`."""

from __future__ import annotations

import pytest

from newslint.formats.parse import parse
from newslint.rules import pack

RULES = {rule.name: rule for rule in pack()}
A001, C001 = "vague-attribution", "unsupported-superlative"


def fires(rule_name: str, text: str) -> bool:
    """Does the rule flag the text from its ">>" mark on (the whole text without one)?"""
    at = max(text.find(">>"), 0)
    text = text.replace(">>", "")
    rule = RULES[rule_name]
    document = parse("kind.txt", text + "\n", "text")
    return any(d.start >= at for d in rule.check(document, rule.options))


CASES = [
    # (kind, rule, must fire, text)
    (
        "attribution-verb-by-lemma",
        A001,
        True,
        "Shareholders attributed the loss to the weak pound.",
    ),
    ("attribution-verb-by-lemma", A001, True, "Farmers are blaming the drought for dear milk."),
    (
        "attribution-verb-by-lemma",
        A001,
        True,
        "The airline cut its routes, with passengers complaining of long delays.",
    ),
    ("agentless-passive", A001, True, "Warnings were issued that the river could burst its banks."),
    (
        "parenthetical-between-group-and-verb",
        A001,
        True,
        "Opponents, including several local groups, claimed the vote was rigged.",
    ),
    ("group-as-object", A001, True, "The plan has drawn fierce criticism from economists."),
    ("group-as-object", A001, True, "The ruling has dismayed environmental groups."),
    ("group-noun-by-structure", A001, True, "Health professionals have questioned the guidance."),
    ("group-noun-by-structure", A001, True, "Motoring groups have called the fine excessive."),
    (
        "pronoun-for-unnamed-group",
        A001,
        True,
        "Critics of the scheme met on Monday. >>They said it was a waste of money.",
    ),
    ("speculation", A001, True, "Speculation mounted on Tuesday that the two banks would merge."),
    ("speculation", A001, True, "There is growing speculation about a snap election."),
    (
        "forward-naming-of-a-passive",
        A001,
        False,
        "Fresh doubts have been raised about the new stadium. "
        "Auditors from Grant Lowe said the costs had doubled.",
    ),
    ("superlative-without-the", C001, True, "Rural schools were worst affected by the snow."),
    ("superlative-without-the", C001, True, "Demand for the toy was strongest in Scotland."),
    (
        "support-elsewhere-in-the-sentence",
        C001,
        True,
        "Sales hit record levels in May after the chain cut prices by 10%.",
    ),
    (
        "support-elsewhere-in-the-sentence",
        C001,
        True,
        "He is the most capped player in the squad and joined two years ago.",
    ),
    ("record-as-event", C001, True, "The club posted record losses."),
    ("over-broad-exemption", C001, True, "The arena is the newest in Europe."),
    ("over-broad-exemption", C001, True, "The Lakeside Players are the best band in the north."),
    ("over-broad-exemption", C001, True, "The club made its biggest ever signing on Friday."),
    ("non-assertive", C001, False, "Shoppers are urged to look for the cheapest deals."),
    (
        "support-by-count-in-words",
        C001,
        False,
        "He is the most capped player in the squad, with ninety appearances.",
    ),
    (
        "support-by-count-in-words",
        C001,
        False,
        "The village had the highest turnout in the region, with four in five voting.",
    ),
    (
        "support-by-count-in-words",
        C001,
        False,
        "It is the tallest building in the city at forty storeys.",
    ),
]


# Cases a later change got right (the quality work on the pooled split): plain tests now,
# so they cannot silently regress. The rest stay strict xfails until their kind is fixed.
RIGHT_NOW = frozenset(
    {
        "The plan has drawn fierce criticism from economists.",
        "He is the most capped player in the squad and joined two years ago.",
        "The club made its biggest ever signing on Friday.",
    }
)
OPEN = pytest.mark.xfail(strict=True, reason="issue 10 kind not yet general; see the test id")


@pytest.mark.parametrize(
    ("kind", "rule", "fire", "text"),
    [pytest.param(*c, marks=() if c[3] in RIGHT_NOW else OPEN) for c in CASES],
    ids=[f"{c[0]}-{c[3][:30]}" for c in CASES],
)
def test_unseen_kind(kind: str, rule: str, fire: bool, text: str) -> None:
    assert fires(rule, text) == fire
