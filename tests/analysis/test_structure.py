"""The sentence-structure analysis on invented sentences: word classes, chunks, roles,
negation, non-assertive contexts, name kinds, lemmas."""

from __future__ import annotations

import pytest

from conftest import repo_texts
from newslint.analysis.structure import (
    ClauseKind,
    NameKind,
    Tag,
    inflections,
    lemmas,
    may_hedge,
    structure,
)
from newslint.formats.parse import parse


def analyse(text: str):
    document = parse("s.txt", text + "\n", "text")
    return document, structure(document, document.sentences[0])


def chunk_text(document, shape, index):
    if index is None:
        return None
    span = shape.chunks[index].span
    return document.text[span.start : span.end]


def test_tokens_carry_word_class_lemma_and_offsets() -> None:
    document, shape = analyse("The board said the plan was sound.")
    said = next(t for t in shape.tokens if t.text == "said")
    assert said.tag is Tag.VERB and said.lemma == "say"
    assert document.text[said.span.start : said.span.end] == "said"
    assert [t.tag for t in shape.tokens[:2]] == [Tag.DET, Tag.NOUN]


def test_the_subject_is_found_over_a_parenthetical() -> None:
    document, shape = analyse("Investors, however, pointed to weak demand.")
    verb = next(v for v in shape.verbs if v.lemma == "pointed")
    assert chunk_text(document, shape, verb.subject) == "Investors"


def test_an_object_and_a_passive_agent() -> None:
    document, shape = analyse("The ruling has angered tenants.")
    (verb,) = [v for v in shape.verbs if v.lemma == "angered"]
    assert chunk_text(document, shape, verb.object) == "tenants"
    document, shape = analyse("He was tipped by bookmakers as favourite.")
    (verb,) = [v for v in shape.verbs if v.passive]
    assert chunk_text(document, shape, verb.agent) == "bookmakers"


def test_an_appositive_is_attached_to_the_name_before_it() -> None:
    document, shape = analyse("Initrode, the region's oldest weaving firm, said orders rose.")
    named = shape.chunks[0]
    assert chunk_text(document, shape, 0) == "Initrode"
    assert chunk_text(document, shape, named.appositive) == "the region's oldest weaving firm"


def test_parenthetical_clause() -> None:
    document, shape = analyse("Her exit, long rumoured, came on Friday.")
    at = document.text.index("long")
    clause = shape.clause_at(at)
    assert clause is not None and clause.kind is ClauseKind.PARTICIPLE or ClauseKind.PARENTHETICAL


@pytest.mark.parametrize(
    ("text", "word", "negated", "non_assertive"),
    [
        ("This is not the biggest problem.", "biggest", True, False),
        ("Even the best sides lose.", "best", False, True),
        ("Is this the worst winter?", "worst", False, True),
        ("If it is the largest, say so.", "largest", False, True),
        ("This is the biggest problem.", "biggest", False, False),
    ],
)
def test_negation_and_non_assertive_contexts(text, word, negated, non_assertive) -> None:
    document, shape = analyse(text)
    at = document.text.index(word)
    assert shape.negated(at) is negated
    assert shape.non_assertive(at) is non_assertive
    assert may_hedge(document, document.sentences[0]) is (negated or non_assertive)


@pytest.mark.parametrize(
    ("text", "phrase", "kind"),
    [
        ("Traders in Tokyo sold.", "Tokyo", NameKind.PLACE),
        ("British experts agreed.", "British experts", NameKind.NATIONALITY),
        ("The Harbour Trust agreed.", "The Harbour Trust", NameKind.ORGANISATION),
        ("Officials at the IMF agreed.", "the IMF", NameKind.ORGANISATION),
        ("Mr Dale agreed.", "Mr Dale", NameKind.PERSON),
    ],
)
def test_what_a_name_is(text, phrase, kind) -> None:
    document, shape = analyse(text)
    at = document.text.index(phrase)
    chunk = shape.chunk_at(at)
    assert chunk is not None and shape.name_kind(chunk) is kind


def test_lemmas_and_inflections_agree() -> None:
    assert "criticise" in lemmas("criticising")
    assert "slam" in lemmas("slammed")
    assert "say" in lemmas("said")
    assert {"blames", "blamed", "blaming"} <= inflections("blame")
    assert {"worries", "worried"} <= inflections("worry")


def test_hedging_answers_as_the_structure_does_without_building_it() -> None:
    """`hedging` reads negation and non-assertive contexts from a sentence's tokens alone
    (the claims rule asks it of every claim in a sentence that may hedge): the same answer
    as the full structure at every character of every sentence of the examples and
    fixtures, and the structure is not built for it."""
    from newslint.analysis.structure import hedging
    from newslint.formats.parse import format_for

    texts = repo_texts(
        "Is it not the best? Even the best, if any. In the worst cases, he \u2019s never first."
    )
    asked = 0
    for name, text in texts:
        document = parse(name, text, format_for(name))
        fresh = parse(name, text, format_for(name))
        for sentence, same in zip(document.sentences, fresh.sentences, strict=True):
            light = hedging(fresh, same)
            assert not [key for key in fresh._memo if "structure" in str(key)]
            shape = structure(document, sentence)
            assert hedging(document, sentence) is shape
            for offset in range(sentence.start, sentence.end):
                assert light.negated(offset) == shape.negated(offset), (name, offset)
                assert light.non_assertive(offset) == shape.non_assertive(offset), (name, offset)
                asked += 1
    assert asked > 10_000


def test_a_long_document_keeps_its_last_structures_and_builds_an_older_one_again_alike() -> None:
    """Over `LONG_TEXT` characters only the last `_KEPT_LONG` structures built are kept
    (hundreds of them were 2.2 MB of a 4 MB file's run): one asked again is the same
    object while kept, and built again alike once let go; `hedging` then reads its
    tokens alone, with the same answers."""
    from newslint.analysis import structure as module
    from newslint.analysis.words import LONG_TEXT

    sentence = "Critics said the plan, which officials never published, would not work."
    count = LONG_TEXT // len(sentence) + 1
    document = parse("s.txt", "\n\n".join([sentence] * count) + "\n", "text")
    assert len(document.view) > LONG_TEXT
    sentences = document.sentences
    first = structure(document, sentences[0])
    assert structure(document, sentences[0]) is first
    for later in sentences[1 : module._KEPT_LONG + 1]:
        structure(document, later)
    again = structure(document, sentences[0])
    assert again is not first and again.tokens == first.tokens and again.chunks == first.chunks
    let_go = sentences[1]
    tokens_alone = module.hedging(document, let_go)
    assert type(tokens_alone) is not module.SentenceStructure
    whole = module.SentenceStructure(document, let_go)
    offsets = [token.span.start for token in whole.tokens]
    assert any(whole.negated(offset) for offset in offsets)
    for offset in offsets:
        assert tokens_alone.negated(offset) == whole.negated(offset)
        assert tokens_alone.non_assertive(offset) == whole.non_assertive(offset)
