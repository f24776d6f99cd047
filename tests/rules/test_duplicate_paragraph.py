from __future__ import annotations

import random
import shutil

import pytest

from conftest import FIXTURES, expected
from newslint.formats.parse import parse
from newslint.rules.duplicate_paragraph import DuplicateParagraph, find_repeats

RULE = FIXTURES / "duplicate-paragraph"
FIRE = expected(RULE)


@pytest.mark.parametrize("name", sorted(FIRE))
def test_fires_at_the_later_copy_pointing_at_the_first(cli, name):
    result = cli(
        "--select",
        "duplicate-paragraph",
        "--output-format",
        "json",
        "--isolated",
        str(RULE / "must-fire" / name),
    )
    found = [(d["line"], d["related"][0]["line"], d["fix"] is not None) for d in result.json()]
    assert found == [tuple(x) for x in FIRE[name]]
    assert {d["code"] for d in result.json()} == {"D001"}
    assert result.code == 1


@pytest.mark.parametrize("path", sorted((RULE / "must-not").iterdir()), ids=lambda p: p.name)
def test_stays_quiet(cli, path):
    result = cli("--select", "D001", "--output-format", "json", "--isolated", str(path))
    assert result.json() == []
    assert result.code == 0


def test_near_repeats_respect_the_threshold_option(cli, tmp_path):
    shutil.copy(RULE / "must-fire" / "near.md", tmp_path / "near.md")
    (tmp_path / "newslint.toml").write_text("[rules.duplicate-paragraph]\nthreshold = 1.0\n")
    assert cli("--select", "D001", "--output-format", "json", str(tmp_path)).json() == []
    (tmp_path / "newslint.toml").write_text("[rules.duplicate-paragraph]\nthreshold = 0.3\n")
    assert len(cli("--select", "D001", "--output-format", "json", str(tmp_path)).json()) == 1


def test_min_words_option(cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Storm warning issued\nRoads closed near the coast.\nRoads closed near the coast.\n"
    )
    assert cli("--select", "D001", "--output-format", "json", str(article)).json() == []
    (tmp_path / "newslint.toml").write_text("[rules.duplicate-paragraph]\nmin-words = 3\n")
    assert [d["line"] for d in cli("--output-format", "json", str(article)).json()] == [3]


def test_fix_removes_exactly_the_later_copy(cli, tmp_path):
    source = RULE / "must-fire" / "blank-separated.txt"
    target = tmp_path / "a.txt"
    shutil.copy(source, target)
    assert cli("--fix", "-q", str(target)).code == 0
    original = source.read_text()
    paragraphs = original.split("\n\n")
    assert target.read_text() == "\n\n".join(paragraphs[:-1]) + "\n"
    # Idempotent: a second run changes nothing.
    before = target.read_bytes()
    assert cli("--fix", str(target)).code == 0
    assert target.read_bytes() == before


def test_fix_leaves_near_repeats_alone(cli, tmp_path):
    target = tmp_path / "near.md"
    shutil.copy(RULE / "must-fire" / "near.md", target)
    before = target.read_bytes()
    assert cli("--fix", "--select", "D001", str(target)).code == 1
    assert target.read_bytes() == before


def test_plain_text_directives_silence_and_are_not_copy(cli, tmp_path):
    lines = (RULE / "must-fire" / "per-line.txt").read_text().splitlines()
    article = tmp_path / "a.txt"
    article.write_text("\n".join([*lines[:4], "<!-- newslint: ignore D001 -->", *lines[4:]]) + "\n")
    assert cli("--output-format", "json", "--isolated", str(article)).json() == []
    article.write_text("\n".join([*lines[:4], "<!-- newslint: ignore D002 -->", *lines[4:]]) + "\n")
    assert [
        d["line"] for d in cli("--output-format", "json", "--isolated", str(article)).json()
    ] == [6]


_P = "The council voted to raise fares by a wide margin on Monday night after a long debate"


@pytest.mark.parametrize(
    ("first", "later"),
    [
        (f"{_P} `+5.2%`", f"{_P} `+52%`"),  # a trailing code span the words skip
        (f"[{_P}](https://a.example/one)", f"[{_P}](https://b.example/two)"),  # link URL
        (_P, f"![chart](fares.png) {_P}"),  # a leading image
        (_P, f"{_P} <!-- source: call at 2pm -->"),  # a trailing HTML comment
        (_P, f"**{_P}**"),  # bold
        # Both lines the same, but the repeat's comment runs on: deleting its line would
        # leave "secret: do not publish -->" as copy (a hidden note published).
        (f"{_P} <!-- note\n-->", f"{_P} <!-- note\nsecret: do not publish -->"),
    ],
    ids=["code-span", "link-url", "leading-image", "trailing-comment", "bold", "open-comment"],
)
def test_a_repeat_that_differs_at_its_edges_is_never_deleted_by_fix(cli, tmp_path, first, later):
    text = f"{first}\n\nSomething else entirely, said the mayor.\n\n{later}\n"
    (tmp_path / "story.md").write_text(text, encoding="utf-8")
    result = cli("--isolated", "--no-cache", "--select", "D001", "--fix", "story.md", cwd=tmp_path)
    assert "D001" in result.out and "(unsafe)" in result.out
    assert (tmp_path / "story.md").read_text(encoding="utf-8") == text


def test_a_repeat_differing_only_in_spacing_is_still_fixed(cli, tmp_path):
    text = f"{_P}\n\nSomething else entirely, said the mayor.\n\n  {_P.replace(' ', '  ')} \n"
    (tmp_path / "story.md").write_text(text, encoding="utf-8")
    cli("--isolated", "--no-cache", "--select", "D001", "--fix", "story.md", cwd=tmp_path)
    fixed = (tmp_path / "story.md").read_text(encoding="utf-8")
    assert fixed == f"{_P}\n\nSomething else entirely, said the mayor.\n"


def _long_article(*middle: str) -> str:
    """Over the length parsed whole for a deletion: distinct filler paragraphs around
    `middle`, so the check reads a window of blocks instead."""
    filler = [
        f"Paragraph {n} of the filler says something of its own, number {n}." for n in range(900)
    ]
    return "\n\n".join([*filler[:450], *middle, *filler[450:]]) + "\n"


@pytest.mark.parametrize("long", [False, True], ids=["short", "long"])
def test_a_deletion_that_would_uncover_a_hidden_note_is_unsafe_in_any_length(cli, tmp_path, long):
    first, later = f"{_P} <!-- note\n-->", f"{_P} <!-- note\nsecret: do not publish -->"
    middle = (first, "Something else entirely, said the mayor.", later)
    text = _long_article(*middle) if long else "\n\n".join(middle) + "\n"
    assert (len(text) > 50_000) is long
    (tmp_path / "story.md").write_text(text, encoding="utf-8")
    result = cli("--isolated", "--no-cache", "--select", "D001", "--fix", "story.md", cwd=tmp_path)
    assert "(unsafe)" in result.out
    assert (tmp_path / "story.md").read_text(encoding="utf-8") == text


def test_a_plain_repeat_in_a_long_article_is_still_fixed(cli, tmp_path):
    text = _long_article(_P, "Something else entirely, said the mayor.", _P)
    (tmp_path / "story.md").write_text(text, encoding="utf-8")
    cli("--isolated", "--no-cache", "--select", "D001", "--fix", "story.md", cwd=tmp_path)
    fixed = (tmp_path / "story.md").read_text(encoding="utf-8")
    assert fixed.count(_P) == 1 and len(fixed) < len(text)


def _story(n: int, rng: random.Random) -> str:
    """A paragraph of about 30 words of its own, with the stock phrase every one shares."""
    own = " ".join(f"w{n}x{rng.randrange(10**6)}" for _ in range(25))
    return f"According to the council report, {own}."


def test_near_repeats_are_found_past_stock_phrasing_and_through_shared_trigrams():
    # 80 paragraphs share a stock phrase (its trigrams leave the index once in more than
    # 50 paragraphs); paragraph 3 is nearly repeated twice, so the second repeat finds its
    # trigrams in two earlier paragraphs, and paragraph 70 once, after the stock is gone.
    rng = random.Random(3)
    stories = [_story(n, rng) for n in range(80)]
    twice, late = stories[3], stories[70]
    paragraphs = [
        *stories[:10],
        twice.replace(" w3x", " v3x", 1),
        *stories[10:75],
        twice.replace(" w3x", " u3x", 2),
        *stories[75:],
        late.replace(" w70x", " v70x", 1),
    ]
    document = parse("story.txt", "\n\n".join(paragraphs) + "\n", "text")
    found = [(r.later, r.earlier, r.exact) for r in find_repeats(document, _OPTIONS)]
    assert found == [(10, 3, False), (76, 3, False), (82, 71, False)]


_OPTIONS = DuplicateParagraph.options
