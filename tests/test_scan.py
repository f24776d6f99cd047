"""The sentence prefilters never hide a match: a sieved pattern finds exactly what the
bare pattern finds, on every sentence of the team's fixtures and examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.document import Document
from newslint.parse import format_for, parse
from newslint.rules import _sources, _support, vague_attribution
from newslint.rules._scan import Sieve, any_prefix, any_suffix, any_word

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted(ROOT.glob("tests/fixtures/**/*.txt")) + sorted(ROOT.glob("examples/**/*.*"))


def sieves() -> list[Sieve]:
    found = list(vague_attribution._patterns().values())
    lexicon = _support.lexicon()
    found += [*lexicon.claim_patterns, lexicon.first, lexicon.idioms]
    found += [*_sources._reporting(), *_sources._named_evidence(), _sources._inverted()]
    return found


def document(path: Path) -> Document:
    return parse(str(path), path.read_text(encoding="utf-8"), format_for(str(path)))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_sieved_patterns_find_what_the_bare_patterns_find(path: Path) -> None:
    doc = document(path)
    for sieve in sieves():
        for sentence in doc.sentences:
            bare = sieve.pattern.finditer(doc.view, sentence.start, sentence.end)
            assert [m.span() for m in sieve.finditer(doc, sentence)] == [m.span() for m in bare]


def test_word_tests() -> None:
    words = frozenset({"critics", "argue", "biggest"})
    assert any_word(["argue", "claim"])(words)
    assert not any_word(["say"])(words)
    assert any_word(["a few"])(frozenset({"few"}))  # the longest word of an entry
    assert any_word(["--"])(frozenset())  # an entry with no word: always run
    assert any_prefix(["critic"])(words)
    assert any_suffix("est")(words)
