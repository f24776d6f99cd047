"""Every kind of error of issue 10 has invented fixtures that must fire and that must stay
quiet, one paragraph at a time (tests/fixtures/<rule>/kinds-*.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.formats.parse import parse
from newslint.rules import pack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RULES = {rule.name: rule for rule in pack()}


def paragraphs(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    blocks = [b.strip() for b in text.split("\n\n")]
    kept = ["\n".join(x for x in b.splitlines() if not x.startswith("#")).strip() for b in blocks]
    return [b for b in kept if b]


def findings(rule_name: str, text: str) -> list[str]:
    rule = RULES[rule_name]
    document = parse("kind.txt", text + "\n", "text")
    return [text[d.start : d.end] for d in rule.check(document, rule.options)]


CASES = [
    (rule, fire, paragraph)
    for rule in ("vague-attribution", "unsupported-superlative")
    for fire in (True, False)
    for paragraph in paragraphs(FIXTURES / rule / f"kinds-{'fire' if fire else 'quiet'}.txt")
]


@pytest.mark.parametrize(("rule", "fire", "paragraph"), CASES, ids=[c[2][:50] for c in CASES])
def test_kind(rule: str, fire: bool, paragraph: str) -> None:
    found = findings(rule, paragraph)
    assert bool(found) == fire, found
