"""Speakers of direct quotations: asked one at a time, in any order, they are what one pass
over every quotation of the article gives."""

from __future__ import annotations

import importlib.resources
import random

import pytest
import regex

from newslint.analysis import sources as sources_module
from newslint.analysis.lexicon import load
from newslint.analysis.sources import Sources, sources
from newslint.analysis.words import WORD
from newslint.document import Sentence
from newslint.formats.parse import parse
from newslint.model import Span

DATA = importlib.resources.files("newslint.rules") / "data"

# Quotations of every kind a speaker passes between: a speaker's own, one after another in
# a paragraph, one before its attribution, one left open into the next paragraph, and ones
# with no speaker at all.
ARTICLE = """\
The council met on Monday.

"We will rebuild the bridge," said Mayor Ann Lee. "It will take a year."

"Nobody expected this." The engineer, Tom Reyes, said it twice. "It was sound," he said.

Ms Lee said: "The cost is not yet known, and the work will start in spring

"We will pay for it from reserves. "Nobody will lose a service."

"Quiet streets" and "busy roads" were the themes of the meeting.

Residents said: "We were not asked."

"It is a disgrace." "It is a scandal."
"""


def _one_pass(who: Sources) -> list[Span | None]:
    """The speakers by the rule written out over every quotation at once: a quotation with
    no speaker of its own takes the one before it in its paragraph, or in the paragraph
    before when that one was left open; then one before its attribution takes the next one
    in its paragraph."""
    document = who.document
    quotes = document.quotes

    def block(k: int) -> int:
        sentence = document.sentence_at(quotes[k].start)
        return sentence.block if sentence else -1

    found: list[Span | None] = []
    for k, quote in enumerate(quotes):
        span = who._speaker_of(quote)
        if span is None and k > 0:
            gap = block(k) - block(k - 1)
            if gap == 0 or (gap == 1 and not quotes[k - 1].closed):
                span = found[k - 1]
        found.append(span)
    for k in range(len(quotes) - 2, -1, -1):
        if found[k] is None and block(k) == block(k + 1):
            found[k] = found[k + 1]
    return found


def test_speakers_asked_in_any_order_are_those_of_one_pass():
    document = parse("story.txt", ARTICLE, "text")
    expected = _one_pass(sources(parse("story.txt", ARTICLE, "text"), load([DATA])))
    who = sources(document, load([DATA]))
    order = list(range(len(document.quotes)))
    random.Random(4).shuffle(order)
    asked = {k: who.quote_speaker(document.quotes[k]) for k in order}
    assert [asked[k] for k in range(len(document.quotes))] == expected
    assert who.speakers == dict(zip(document.quotes, expected, strict=True))
    named = [ARTICLE[s.start : s.end] if s else None for s in expected]
    assert named == [
        "Mayor Ann Lee",
        "Mayor Ann Lee",
        "he",  # before its attribution, in the same paragraph
        "he",
        "Ms Lee",
        "Ms Lee",  # the paragraph before was left open
        "Ms Lee",
        None,
        None,
        "Residents",
        None,
        None,
    ]


def test_a_quotation_not_in_the_document_has_no_speaker():
    document = parse("story.txt", ARTICLE, "text")
    other = parse("other.txt", 'Mr Ray said: "Fine." "Good," he said.\n', "text").quotes[1]
    assert sources(document, load([DATA])).quote_speaker(other) is None


def test_a_verb_group_called_again_matches_as_the_verbs_written_out_again() -> None:
    """The speaker patterns name the reporting verbs twice, the second time by calling the
    first group, `(?&verb)` (compiling the list once): on random clauses of verbs,
    subjects, commas and adverbs, every match, at every start, and its groups, are those
    of the pattern with the list written out a second time."""
    import regex

    who = sources(parse("a.txt", "x\n", "text"), load([DATA]))
    verbs = who.alternation("reporting-verbs")
    called = [who._speaker_after(), who._reporting()[1].pattern]
    pieces = [
        "said", "SAID", "told reporters", "told", "points out", "added", "Ann Lee", "he",
        "the minister", "quickly", "on Monday", "that", ",", "\u2014", "-", ".", "says-so",
        "\u212aate", "reporters",
    ]  # fmt: skip
    rng = random.Random(8)
    for pattern in called:
        assert "(?&verb)" in pattern.pattern
        written = regex.compile(pattern.pattern.replace("(?&verb)", verbs), pattern.flags)
        for _ in range(300):
            text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
            for at in range(len(text)):
                got, want = pattern.match(text, at), written.match(text, at)
                assert (got and (got.span(), got.groupdict())) == (
                    want and (want.span(), want.groupdict())
                ), text


def test_the_capitals_seen_mid_sentence_are_those_of_every_sentences_words():
    # ASCII sentences and ones that are not (accents, a curly apostrophe, a digit that is
    # not ASCII), words joined by the characters WORD allows inside one, capitals after
    # joining characters that do not join them to a word ("'Lee", "--Kay") and that do
    # ("9.'Lee", "a-.Bo"), and a NUL (what the ASCII sentences are joined by when read).
    rng = random.Random(3)
    pieces = [
        "Mr", "Lee", "said", "the", "Council", "O'Neil", "AT&T", "U.S.", "well-known",
        "Zo\u00eb", "\u00c9lise", "Ren\u00e9e\u2019s", "\u0663rd", "B.B.C", "x-Ray", "9am", "--",
        "'Lee", "--Kay", "9.'Lee", "a-.Bo", "&Co", "(Kay)", "\x00Lee", "\x00", "\u00e9-Lee",
    ]  # fmt: skip
    for _ in range(200):
        text = " ".join(
            "".join(rng.choice(pieces) + rng.choice(" -") for _ in range(rng.randrange(1, 9))) + "."
            for _ in range(rng.randrange(1, 6))
        )
        document = parse("story.txt", text, "text")
        expected = {
            word
            for sentence in document.sentences
            for word in WORD.findall(document.view, sentence.start, sentence.end)[1:]
            if word[0].isupper()
        }
        assert sources(document, load([DATA])).mid_capitals == expected


def test_the_trailing_frame_is_found_from_the_last_comma_as_by_a_full_search(
    monkeypatch, tmp_path
) -> None:
    """`_reported_speech` looks for the trailing frame ("..., Mr Brown said.") from the
    sentence's last comma: on random sentences of commas, dashes, verbs and subjects, what
    it reports is what it reports searching the whole sentence; and a house reporting verb
    holding a comma ("noted, wryly") is still found from an earlier comma. (The search is
    skipped when no verb the frame finds ends past that comma: the whole-sentence search,
    skipped far less often, finds what it would have.)"""
    pieces = [
        "prices will rise", ",", "\u2014", "said", "Mr Brown", "the IFS", "he", "told",
        "on Monday", "quickly", "experts", ".", "added", "that", "according to",
    ]  # fmt: skip
    rng = random.Random(5)
    texts = [
        " ".join(rng.choice(pieces) for _ in range(rng.randint(2, 10))) + ".\n" for _ in range(400)
    ]

    def reported(text: str) -> list[list[object]]:
        who = sources(parse("a.txt", text, "text"), load([DATA]))
        return [who.reported_speech(sentence) for sentence in who.document.sentences]

    found = [reported(text) for text in texts]
    assert sum(bool(r) for per_text in found for r in per_text) > 50  # many report speech
    monkeypatch.setattr(Sources, "_trailing_from_last_comma", lambda self: False)
    assert [reported(text) for text in texts] == found
    monkeypatch.undo()
    house = tmp_path / "house.toml"
    house.write_text('[sourcing]\nreporting-verbs = ["noted, wryly"]\n')
    text = "Prices will rise, Mr Brown noted, wryly.\n"
    who = sources(parse("a.txt", text, "text"), load([DATA], [house]))
    (sentence,) = who.document.sentences
    speakers = [r.attribution.speaker for r in who.reported_speech(sentence)]
    assert "Mr Brown" in [text[s.start : s.end] for s in speakers]
    # A verb right after the comma ends only its length plus one past it: still searched.
    text = "Prices will rise,said Mr Brown.\n"
    who = sources(parse("a.txt", text, "text"), load([DATA]))
    (sentence,) = who.document.sentences
    speakers = [r.attribution.speaker for r in who.reported_speech(sentence)]
    assert [text[s.start : s.end] for s in speakers] == ["Mr Brown"]


@pytest.mark.parametrize("way", ["search", "one pass", "word lists"])
def test_a_capitalised_word_is_mid_sentence_as_mid_capitals_finds_it(monkeypatch, way) -> None:
    """A sentence opener's question, "is this word capitalised mid-sentence anywhere?", is
    answered from the sentences holding the word (found by a search of the text, or from
    the words listed by word of a long document), or past `_MANY_SENTENCES` from one pass
    over every sentence: as `mid_capitals` answers it for every word, on texts where the
    word also opens sentences, runs into others ("Lees", "Lee_x"), sits between sentences,
    holds joining characters ("U.S.") and is not ASCII ("Élan", "İlan")."""
    from newslint.analysis import cues

    rng = random.Random(7)
    pieces = ["Lee", "Lees", "lee", "Élan", "élan", "said", "the", "Bank", "U.S.", "It", "it"]
    pieces += ["Lee_x", "İlan", "ilan", "Km\u00b2"]
    texts = [ARTICLE]
    for _ in range(60):
        sentences = [
            " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) + rng.choice(".?!")
            for _ in range(rng.randint(1, 6))
        ]
        texts.append(rng.choice(["\n\n", " "]).join(sentences) + "\n")
    lexicon = load([DATA])
    if way != "search":

        def search(self: Sources, word: str) -> bool:
            raise AssertionError(f"searched the text for {word!r}")

        monkeypatch.setattr(Sources, "_find_mid_sentence", search)
        monkeypatch.setattr(sources_module, "_MANY_SENTENCES", 0)
        # In texts this short every run is common (`_LongWords.few_apart`): not searched here.
        monkeypatch.setattr(cues, "_WORD_COST", 0)
        monkeypatch.setattr(cues, "_SENTENCE_COST", 0)
    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)  # words listed by word, when made
    for text in texts:
        document = parse("a.txt", text, "text")
        if way == "word lists":
            assert cues._words(document).long
        who = sources(document, lexicon)
        expected = Sources(document, lexicon).mid_capitals
        for word in {*WORD.findall(text), *pieces}:
            if word[:1].isupper():
                assert who._capitalised_mid_sentence(word) == (word in expected), word
        if way == "word lists":
            assert "mid_capitals" not in who.__dict__  # answered without the pass


@pytest.mark.parametrize("many", [2_500, 9_000])
def test_an_opener_whose_run_is_common_in_a_long_document_is_searched_for(
    monkeypatch, many: int
) -> None:
    """In a long document whose words a rule has listed, an opener whose longest run of
    word characters is a word of most of its sentences ("The-Q": "the") is searched for
    in the text, as in a shorter document, not read from the word lists (every sentence
    holding the run as a word, read in Python) nor, past `sources._MANY_SENTENCES`, from
    one pass over every sentence (25 searches' worth on the BBC corpus joined into one
    file, for one opener); a rare run ("Zorbin") is read from the lists, and so is one
    in most words but few sentences as a word ("A-Q": "a"; only the words that are the
    run, or hold characters besides ASCII letters and digits, are read). The answers are
    `mid_capitals`'s."""
    from newslint.analysis import cues

    rng = random.Random(11)
    letters = "abcdefghijklmnopqrstuvwxyz"
    sentences = [
        "The "
        + "".join(rng.choice(letters) for _ in range(3))
        + "a"
        + "".join(rng.choice(letters) for _ in range(3))
        + " plan was made."
        for _ in range(many)
    ]
    sentences[7] = "We met Zorbin and A-Q there."
    sentences[9] = "Zorbin said the plan was made."
    sentences[11] = "The-Q said the plan was made, said A-Q."
    document = parse("long.txt", "\n\n".join(sentences) + "\n", "text")
    assert cues._words(document).long  # listed by word, as a rule's sieves list them
    a_q = cues.sentences_with(document, "A-Q")
    assert a_q is not None and sorted(a_q) == [7, 11]
    assert cues.sentences_with(document, "The-Q") is None
    zorbin = cues.sentences_with(document, "Zorbin")
    assert zorbin is not None and sorted(zorbin) == [7, 9]

    searched: list[str] = []
    search = Sources._find_mid_sentence

    def counted(self: Sources, word: str) -> bool:
        searched.append(word)
        return search(self, word)

    monkeypatch.setattr(Sources, "_find_mid_sentence", counted)
    lexicon = load([DATA])
    who = sources(document, lexicon)
    expected = Sources(document, lexicon).mid_capitals
    for word in ("A-Q", "The-Q", "Zorbin", "Pell"):
        assert who._capitalised_mid_sentence(word) == (word in expected), word
    assert expected >= {"A-Q", "Zorbin"} and "The-Q" not in expected
    assert searched == ["The-Q"]
    assert "mid_capitals" not in who.__dict__  # no pass over every sentence


def test_no_word_character_beside_a_word_casefolds_to_an_ascii_letter_or_digit() -> None:
    """What `cues._apart` rests on: the word characters that are not letters or digits
    (those a WORD word of the text may have beside it in a run of word characters: "_",
    combining marks) casefold to no ASCII letter or digit, in this Python's Unicode."""
    import sys

    import regex

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    beside = regex.findall(r"[^\W\p{L}\p{N}]", every)
    assert "_" in beside and "\u0307" in beside
    assert not [c for c in beside if regex.search(r"[a-z0-9]", c.casefold())]


# A sentence whose only source is the speaker of a quotation before it, passed on to the
# quotation after it ("Said Mr Brown"); one followed by a quotation of a paragraph of its own.
PASSED_ON = """\
"We won." Said Mr Brown, with a grin. "It was great."

The club is the biggest in Europe.

"We will win again," said Ms Ray.
"""


def test_a_sentence_source_is_found_without_the_speakers_of_later_quotations():
    """`sentence_source` does not work out the speakers of a quotation after the sentence
    that takes none from a quotation before it (they cannot be in the sentence): each
    sentence's source is what asking every quotation after it gives."""
    for text in (ARTICLE, PASSED_ON):
        document = parse("story.txt", text, "text")
        who, every = sources(document, load([DATA])), Sources(document, load([DATA]))
        every._speaker_after_sentence = lambda quote, sentence: False  # type: ignore[method-assign]
        for sentence in document.sentences:
            assert who.sentence_source(sentence) == every.sentence_source(sentence)
            # and a stretch that is not a sentence of the document: up to a quotation in it
            for quote in document.quotes_from(sentence.start):
                if sentence.start < quote.start < sentence.end:
                    part = Sentence(sentence.start, quote.start, sentence.block)
                    assert who.sentence_source(part) == every.sentence_source(part)
    document = parse("story.txt", PASSED_ON, "text")
    who = Sources(document, load([DATA]))
    said = who.sentence_source(document.sentences[1])
    assert said is not None and PASSED_ON[said.start : said.end] == "Mr Brown"
    fresh = Sources(document, load([DATA]))
    assert fresh.sentence_source(document.sentences[3]) is None
    assert fresh._speakers == {}  # the quotation after it was not looked at


def test_is_attributed_reads_only_the_frames_before_a_span_as_attribution_reads_them() -> None:
    """`is_attributed` works out a sentence's reported speech only as far as it may hold the
    span (frames whose verb ends by its start) when no one has asked for all of it: on
    random sentences of frames, subjects, commas and asides, for spans starting at every
    character and ending at every word's end, it answers as `attribution` does from the
    whole of it; and it leaves that whole unasked (each time asked as if for the first time:
    a second ask works out the whole)."""
    pieces = [
        "prices will rise", ",", "\u2014", "said", "Mr Brown", "the IFS", "he", "told",
        "analysts", "critics say", "quickly", "that", "according to", "(", ")", "which",
        "while", ";", "many believe",
    ]  # fmt: skip
    rng = random.Random(7)
    texts = [
        " ".join(rng.choice(pieces) for _ in range(rng.randint(2, 12))) + ".\n" for _ in range(120)
    ]
    texts.append("Critics say the plan will fail, Mr Brown said.\n")  # frames past the cue
    attributed = 0
    for text in texts:
        whole = sources(parse("a.txt", text, "text"), load([DATA]))
        lazy = sources(parse("a.txt", text, "text"), load([DATA]))
        for sentence in whole.document.sentences:
            ends = [m.end() for m in WORD.finditer(text, sentence.start, sentence.end)]
            for start in range(sentence.start, sentence.end):
                for end in (e for e in ends if e > start):
                    expected = whole.attribution(start, end) is not None
                    lazy._reported_partly.clear()  # as if first asked: worked out in part
                    assert lazy.is_attributed(start, end) == expected, (text, start, end)
                    attributed += expected
        assert not lazy._reported  # the whole was never worked out
    assert attributed > 500  # many spans are reported speech


def test_is_attributed_works_out_a_sentence_in_part_once(monkeypatch) -> None:
    """`is_attributed` works out a sentence's reported speech in part only the first time
    it is asked of it, then the whole, once: vague-attribution asks it of every cue, and
    a sentence of many cues (copy without full stops) read all its frames once per cue."""
    text = ", ".join(f"critics say {i}" for i in range(60)) + ", Mr Brown said.\n"
    who = sources(parse("a.txt", text, "text"), load([DATA]))
    (sentence,) = who.document.sentences
    calls: list[int | None] = []
    work_out = Sources._reported_speech

    def counted(self, sentence, until=None):  # type: ignore[no-untyped-def]
        calls.append(until)
        return work_out(self, sentence, until)

    monkeypatch.setattr(Sources, "_reported_speech", counted)
    cues = [m.start() for m in regex.finditer("critics say", text)]
    assert all(who.is_attributed(at, at + len("critics say")) for at in cues)
    assert calls == [cues[0], None]  # in part once, then the whole
