from __future__ import annotations

import pytest

from conftest import FIXTURES, expected

RULE = FIXTURES / "duplicate-sentence"
FIRE = expected(RULE)


@pytest.mark.parametrize("name", sorted(FIRE))
def test_fires(cli, name):
    result = cli("--output-format", "json", "--isolated", str(RULE / "must-fire" / name))
    found = [(d["line"], d["related"][0]["line"]) for d in result.json() if d["code"] == "D002"]
    assert found == [tuple(x) for x in FIRE[name]]


@pytest.mark.parametrize("path", sorted((RULE / "must-not").iterdir()), ids=lambda p: p.name)
def test_stays_quiet(cli, path):
    result = cli("--select", "D002", "--output-format", "json", "--isolated", str(path))
    assert result.json() == []


def test_repeated_paragraph_is_left_to_duplicate_paragraph(cli):
    path = RULE / "must-not" / "inside-repeated-paragraph.txt"
    codes = [d["code"] for d in cli("--output-format", "json", "--isolated", str(path)).json()]
    assert codes == ["D001"]
