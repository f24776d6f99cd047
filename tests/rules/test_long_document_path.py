"""A long document (past cues._MANY_SENTENCES) is judged by another path: its words kept by
word, a sieve's verdict a byte per sentence, the rules' SieveSets judging a sentence by
the bits its words carry, the prefilter finding literals from the words, a capitalised
opener looked for in the sentences whose words hold it (or, past sources._MANY_SENTENCES
and before any words are listed, in one pass over every sentence), not by a search of the
text. Every rule must find exactly what it finds on the same text judged the short way,
house lexicon words included (with an "i", a Turkish i, a long s, a sharp s, several
words), in plain text, Markdown and HTML."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

SUBJECTS = [
    "Experts", "Critics", "Some residents", "Sources close to the council", "He", "She",
    "Campaigners, meanwhile,", "One senior banker", "People familiar with the talks",
    "Grumps", "\u0130nsiders", "K\u0131bitzers", "\u017fceptics", "Stra\u00dfe watchers",
    "Pundits in chief", "The KELVIN team", "\u03a3\u03ba\u03bb\u03b1\u03b2\u03bf\u03c2 fans",
]  # fmt: skip
VERBS = [
    "say", "said", "argue", "believe", "warned", "insisted", "suggested", "told reporters",
    "are understood to have said", "wh\u0131spered", "\u0130NSISTED", "opined", "mused aloud",
]  # fmt: skip
CLAIMS = [
    "that this was the biggest ever rise in fares", "the plan was unprecedented",
    "it is widely believed that the port will close", "it was the first time in 40 years",
    "the caf\u00e9 was the tallest building in Europe", "it was best in show",
    "the scheme was, by some accounts, the most expensive", "prices rose by 8% last year",
    "the grandest library was the ne plus ultra", "it is thought to be the largest",
]  # fmt: skip
ENDS = [".", ".", "?", ", it is claimed.", ", according to reports.", ", sources said."]

HOUSE = """[sourcing]
group-nouns = ["grumps", "\u0130nsiders", "k\u0131bitzers", "\u017fceptics", "stra\u00dfe watchers",
    "pundits in chief"]
reporting-verbs = ["opined", "mused aloud", "\u0131nsisted"]
[claims]
idioms = ["best in show", "grandest library"]
phrases = ["ne plus ultra"]
"""


def _article(rng: random.Random, paragraphs: int, letters: str) -> list[str]:
    """Paragraphs of sentences from the lists above whose words are all ASCII ("ascii"),
    casefold one character to one ("one-for-one": the view is casefolded whole, and groups
    of sentences all ASCII are split by a byte table) or any ("any": a sharp s or a dotted
    capital I folds to two, so every sentence's words are casefolded one by one)."""

    def fits(piece: str) -> bool:
        if letters == "ascii":
            return piece.isascii()
        return letters == "any" or len(piece.casefold()) == len(piece)

    subjects, verbs, claims = ([p for p in parts if fits(p)] for parts in (SUBJECTS, VERBS, CLAIMS))
    out: list[str] = []
    for _ in range(paragraphs):
        if out and rng.random() < 0.05:
            out.append(rng.choice(out))  # an exact repeat
            continue
        out.append(
            " ".join(
                f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(claims)}{rng.choice(ENDS)}"
                for _ in range(rng.randint(1, 3))
            )
        )
    return out


@pytest.mark.parametrize(
    ("suffix", "letters"),
    [(".txt", "ascii"), (".txt", "one-for-one"), (".txt", "any"), (".md", "any"), (".html", "any")],
)
def test_every_rule_finds_the_same_on_a_long_document_as_on_a_short_one(
    cli, tmp_path: Path, monkeypatch, suffix: str, letters: str
) -> None:
    from newslint.analysis import cues, sources

    paragraphs = _article(random.Random(14), 160, letters)
    if suffix == ".html":
        text = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    elif suffix == ".md":
        text = "# A headline\n\n" + "\n\n".join(paragraphs) + "\n"
    else:
        text = "\n\n".join(paragraphs) + "\n"
    (tmp_path / ("story" + suffix)).write_text(text, encoding="utf-8")
    (tmp_path / "house.toml").write_text(HOUSE, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('lexicon-files = ["house.toml"]\n')
    found = []
    for many in (10**9, 0):  # first every document short, then every document long
        monkeypatch.setattr(cues, "_MANY_SENTENCES", many)
        monkeypatch.setattr(sources, "_MANY_SENTENCES", many)  # openers: one pass, not searches
        result = cli("--no-cache", "--output-format", "json", "--select", "ALL", str(tmp_path))
        assert result.code == 1, result.err
        found.append(result.json())
    assert found[0] == found[1]
    codes = {finding["code"] for finding in found[0]}
    # The sourcing and claims rules (their SieveSets) and the repeats all have findings.
    assert {"A001", "C001", "D001"} <= codes, codes
    # The house words reached the rules: a plain one, and one with a dotless i.
    messages = [finding["message"] for finding in found[0]]
    assert any("who are the grumps?" in m for m in messages)
    if letters != "ascii":
        assert any("who are the k\u0131bitzers?" in m for m in messages)
