"""The lexicon is a value keyed by its files' paths and contents; the cue pass never
rules out a sentence a sieve could match; analyses hang off each document by value."""

from __future__ import annotations

import random
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

from newslint.analysis import lexicon as lexicon_module
from newslint.analysis.cues import (
    CuePass,
    Sieve,
    any_prefix,
    any_suffix,
    any_word,
    every_word,
    sentence_words,
    sieve,
)
from newslint.analysis.lexicon import LexiconError, load
from newslint.analysis.sources import AttributionKind, sources
from newslint.analysis.words import LONG_TEXT, alternation, next_words, words
from newslint.formats import read
from newslint.formats.parse import parse

DATA = Path(__file__).resolve().parents[2] / "rules" / "data"


def test_a_lexicon_is_a_value_of_its_files(tmp_path: Path) -> None:
    house = tmp_path / "house.toml"
    house.write_text('[sourcing]\ngroup-nouns = ["zorblers"]\n')
    first = load([DATA], [house])
    assert load([DATA], [house]) is first  # same paths and contents: the same value
    assert "zorblers" in first.words("sourcing", "group-nouns")
    house.write_text('[sourcing]\ngroup-nouns = ["quibblers"]\n')
    second = load([DATA], [house])
    assert second != first and "quibblers" in second.words("sourcing", "group-nouns")
    assert "zorblers" not in load([DATA]).words("sourcing", "group-nouns")


class _Yielding(dict):  # type: ignore[type-arg]
    """A dict whose changes and iteration steps let other threads run first: a thread
    switch at the worst moment, made certain instead of left to chance."""

    def __setitem__(self, key: object, value: object) -> None:
        time.sleep(0.001)
        super().__setitem__(key, value)

    def pop(self, *args: object) -> object:
        time.sleep(0.001)
        return super().pop(*args)

    def __iter__(self) -> Iterator[object]:
        for key in super().__iter__():
            time.sleep(0.001)
            yield key


def test_lexicons_loaded_from_threads_past_the_cache_size_all_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The language server and a library caller load lexicons from threads: with more
    distinct lexicons than the cache keeps, one thread's eviction must not meet another's
    insertion (a RuntimeError, or a KeyError quoting every lexicon file's bytes)."""
    monkeypatch.setattr(lexicon_module, "_cache", _Yielding())
    houses = []
    for i in range(lexicon_module._CACHE_SIZE + 4):
        house = tmp_path / f"house{i}.toml"
        house.write_text(f'[sourcing]\ngroup-nouns = ["zorblers{i}"]\n')
        houses.append((house, f"zorblers{i}"))
    errors: list[str] = []

    def work(k: int) -> None:
        try:
            for n in range(15):
                house, word = houses[(k * 7 + n) % len(houses)]
                if word not in load([DATA], [house]).words("sourcing", "group-nouns"):
                    errors.append(f"{house.name}: {word} missing")
        except Exception as exc:  # any failure in a thread fails the test
            errors.append(f"{type(exc).__name__}: {str(exc)[:80]}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_lexicon_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[sourcng]\n")
    with pytest.raises(LexiconError, match="unknown table"):
        load([DATA], [bad])
    assert issubclass(lexicon_module.LexiconError, ValueError)


def test_documents_under_different_lexicons_do_not_share_analyses(tmp_path: Path) -> None:
    house = tmp_path / "house.toml"
    house.write_text('[sourcing]\nnot-names = ["Zorbs"]\n')
    plain, extended = load([DATA]), load([DATA], [house])
    text = "The report was written by Zorbs and Ann Lee, who said it was the best.\n"
    one, two = parse("a.txt", text, "text"), parse("b.txt", text, "text")
    # interleaved, as a language server with two workspaces would
    a1, b1 = sources(one, plain), sources(two, extended)
    a2, b2 = sources(one, extended), sources(two, plain)
    assert a1 is not a2 and b1 is not b2
    assert a1 is sources(one, plain) and b2 is sources(two, plain)
    at = text.index("Zorbs")
    assert a1.is_name(at, at + 5) and not a2.is_name(at, at + 5)


def test_attribution_is_typed() -> None:
    text = 'Ann Lee said the scheme was "the best in Europe".\n'
    document = parse("a.txt", text, "text")
    at = text.index("the best")
    how = sources(document, load([DATA])).attribution(at, at + 8)
    assert how is not None and how.kind is AttributionKind.QUOTE
    assert text[how.speaker.start : how.speaker.end] == "Ann Lee"


def test_the_cue_pass_never_rules_out_a_sentence_a_sieve_matches() -> None:
    sieves = [
        sieve(r"\bexperts\s+say\b", any_word(["experts"])),
        sieve(r"\bstud(?:y|ies)", any_prefix(["study", "studies"])),
        sieve(r"\w+est\b", any_suffix("est")),
    ]
    cue_pass = CuePass(sieves)
    text = "Experts say so. Studies show it. The tallest tower. Nothing here.\n"
    document = parse("a.txt", text, "text")
    for sentence in document.sentences:
        matches = any(list(s.finditer(document, sentence)) for s in sieves)
        if matches:
            assert cue_pass.candidate(document, sentence)
    assert not cue_pass.candidate(document, document.sentences[-1])


def test_word_helpers() -> None:
    assert words("\u201cHello,\u201d she SAID") == ["hello", "she", "said"]
    assert [w for w, _ in next_words("the most  decorated-rower", 3, 25, 4)] == [
        "most",
        "decorated-rower",
    ]
    assert alternation(["best selling", "top"]) == r"(?:best[\s-]+selling|top)"


def test_every_character_that_casefolds_to_one_keeps_its_word_character_class() -> None:
    """The sentence word sets are read from the view casefolded whole (when its length is
    kept): the same words only if folding one character never makes or unmakes a word
    character."""
    word = regex.compile(r"\w")
    changed = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if len(chr(code).casefold()) == 1
        and (word.match(chr(code)) is None) != (word.match(chr(code).casefold()) is None)
    ]
    assert changed == []


@pytest.mark.parametrize(
    "text",
    [
        "Experts_SAY 3.5% of U.S. voters\x1fdon't [care]. Analysts said-so!",  # ASCII
        "Experts SAY the Straße is closed. Analysts said so.",  # ß folds to two: per word
        "\u212aELVIN experts say \u017fo. Analysts \u03a3AID it.",  # Kelvin, long s, sigma
        "\u212aELVIN experts_say \u017fo. Analysts SAID it.",  # folds to ASCII text
        # Not ASCII, but most sentences are: those are split as ASCII text is.
        "The fare is \u00a35. Experts_SAY 3.5% of U.S. voters\x1fdon't [care]. Caf\u00e9 said-so!",
    ],
)
def test_sentence_words_are_the_casefolded_words_of_each_sentence(text: str) -> None:
    document = read("t.txt", text.encode()).documents[0]
    for sentence in document.sentences:
        expected = {
            w.casefold() for w in regex.findall(r"\w+", text[sentence.start : sentence.end])
        }
        assert sentence_words(document, sentence) == expected


def test_a_sieve_with_end_words_finds_what_a_full_scan_finds() -> None:
    """`ends` lets a scan stop after the last end word of a sentence; on random sentences
    of nouns, verbs (some glued to hyphens or words, some capitalised or folded oddly)
    and punctuation, the matches (overlapped, as the group cue scans) are the same."""
    import random

    pattern = r"(?<![\w-])(?P<noun>\w+s)\s+(?:\w+ly\s+)?(?P<verb>said|warned|point\s+out)(?![\w-])"
    with_ends = sieve(pattern, ends=["said", "warned", "point out"])
    plain = regex.compile(pattern, regex.IGNORECASE)
    pieces = [
        "experts", "Analysts", "critics", "said", "SAID", "warned", "point out", "out",
        "said-so", "unsaid", "saids", "quickly", "Straße", "\u212aeys", "\u017faid", "the",
        ",", ".", "-", "\u2014", "said_", "2said",
    ]  # fmt: skip
    rng = random.Random(14)
    for _ in range(400):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 12))]
        text = " ".join(words) + rng.choice(["", ".", " said", "-"])
        document = read("t.txt", text.encode()).documents[0]
        for sentence in document.sentences:
            got = [m.span() for m in with_ends.finditer(document, sentence, overlapped=True)]
            want = [
                m.span()
                for m in plain.finditer(
                    document.view, sentence.start, sentence.end, overlapped=True
                )
            ]
            assert got == want, text


def test_a_sieve_asking_every_word_of_a_phrase_finds_what_a_full_scan_finds() -> None:
    """`every_word` asks for the other words of a phrase too; on random sentences of those
    words (some glued to hyphens or words, capitalised, or spelled with letters whose case
    matching is not casefolding: Kelvin sign, long s, dotted and dotless i), the matches
    are those of the plain pattern, and a document holding one word only of each phrase
    is ruled out."""
    import random

    entries = [
        "at least", "at best", "best-known", "the best of both worlds", "in the best interests",
        "season's best", "first of all", "make the most of", "stra\u00dfe best", "kid stuff",
    ]  # fmt: skip
    pattern = rf"(?<![\w-])(?:{alternation(entries)})(?![\w-])"
    stricter = sieve(pattern, any_word(entries), every_word(entries))
    plain = regex.compile(pattern, regex.IGNORECASE)
    pieces = [
        "at", "AT", "least", "best", "BEST", "known", "-", "the", "of", "both", "worlds",
        "in", "\u0130N", "\u0131n", "interests", "season's", "season", "'s", "first", "all",
        "make", "most", "stra\u00dfe", "STRASSE", "\u212aid", "\u017ftuff", "stuff", "kid",
        "best_", "2best", ",", ".", "atleast", "\u0130N the best interests",
        "\u0131n the best interests", "\u212aid \u017ftuff", "season\u2019s best",
    ]  # fmt: skip
    rng = random.Random(4)
    for _ in range(600):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) + "."
        document = read("t.txt", text.encode()).documents[0]
        for sentence in document.sentences:
            got = [m.span() for m in stricter.finditer(document, sentence)]
            want = [m.span() for m in plain.finditer(document.view, sentence.start, sentence.end)]
            assert got == want, text
    for text in ("She did her best.", "Worlds apart.", "Our best interests."):
        document = read("t.txt", text.encode()).documents[0]
        (sentence,) = document.sentences
        assert not stricter.passes(document, sentence)
        assert sieve(pattern, any_word(entries)).passes(document, sentence)


def test_a_document_without_every_word_of_some_phrase_never_compiles_the_pattern() -> None:
    built: list[str] = []

    def build() -> regex.Pattern[str]:
        built.append("built")
        return regex.compile(r"(?<![\w-])at[\s-]+least(?![\w-])", regex.IGNORECASE)

    lazy = Sieve(build, every_word(["at least"]))
    document = read("t.txt", b"The least of it. Home.").documents[0]
    assert [list(lazy.finditer(document, s)) for s in document.sentences] == [[], []]
    assert built == []
    document = read("t.txt", b"At least it rained.").documents[0]
    assert [m.group() for m in lazy.finditer(document, document.sentences[0])] == ["At least"]
    assert built == ["built"]


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("INSIST", "Critics said no and experts \u0131ns\u0131st it is fine."),  # I ~ dotless ı
        ("\u0130ddia", "Critics said no and experts iddia it is fine."),  # İ ~ i, folds to two
        ("d\u0131ye", "Critics said no and experts DIYE it is fine."),  # ı ~ I
    ],
)
def test_end_words_whose_case_matching_is_not_casefolding_do_not_cut_the_scan(
    entry: str, text: str
) -> None:
    """The pattern matches case-insensitively (regex's simple case folding: "I" matches
    dotless "ı", "İ" matches "i"), while the end words are looked for casefolded, where
    those differ. A house lexicon's verb spelled so must not stop the scan early: the
    last match ("experts ...") is found as a full scan finds it."""
    pattern = rf"(?<![\w-])(?P<noun>\w+s)\s+(?P<verb>said|{entry})(?![\w-])"
    with_ends = sieve(pattern, ends=["said", entry])
    plain = regex.compile(pattern, regex.IGNORECASE)
    document = read("t.txt", text.encode()).documents[0]
    (sentence,) = document.sentences
    want = [m.span() for m in plain.finditer(text, sentence.start, sentence.end)]
    assert len(want) == 2
    assert [m.span() for m in with_ends.finditer(document, sentence)] == want


def test_a_long_documents_sentences_are_judged_one_by_one_with_the_same_verdicts(
    monkeypatch,
) -> None:
    """Past `_MANY_SENTENCES`, a sieve's passing sentences are judged when asked rather
    than kept as a set (memory of a long file): every kind of test gives the same verdict
    on every sentence, and a sentence made by hand is still judged by its own words."""
    import random

    from newslint.analysis import cues
    from newslint.document import Sentence

    sieves = [
        sieve(r"x", any_word(["experts", "analysts say"])),
        sieve(r"x", any_prefix(["studies"]), any_word(["show"])),
        sieve(r"x", any_suffix("est")),
        sieve(r"x", lambda words: "said" in words),  # not a word test: called per sentence
        sieve(r"x", any_word(["nowhere-to-be-found"])),
    ]
    passes = CuePass(sieves)
    rng = random.Random(7)
    pieces = ["experts", "said", "the", "biggest", "studies", "show", "analysts", "rest"]
    text = " ".join(
        " ".join(rng.choice(pieces) for _ in range(rng.randint(2, 6))).capitalize() + "."
        for _ in range(400)
    )
    verdicts = []
    for many in (10**9, 0):  # first as sets, then judged one by one
        monkeypatch.setattr(cues, "_MANY_SENTENCES", many)
        document = read("t.txt", text.encode()).documents[0]
        hand_made = Sentence(0, 40, 0)
        verdicts.append(
            [
                [s.passes(document, sentence) for s in sieves]
                + [passes.candidate(document, sentence)]
                for sentence in [*document.sentences, hand_made]
            ]
        )
    assert len(verdicts[0]) > 100
    assert verdicts[0] == verdicts[1]
    assert {tuple(v) for v in verdicts[0]} != {tuple(verdicts[0][0])}  # not all alike


def test_the_word_sets_of_a_long_text_are_its_sentences_words_interned() -> None:
    # Past LONG_TEXT characters the sets are interned and sized by how many words a
    # sentence has: short and long sentences, repeated words, one sentence not ASCII.
    rng = random.Random(8)
    vocabulary = "the council said fares would rise by 8% from april after talks".split()
    sentences = [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randrange(1, 60))).capitalize() + "."
        for _ in range(3000)
    ]
    sentences[7] = "Caf\u00e9 owners SAID the fare is \u00a35."
    text = " ".join(sentences)
    assert len(text) > LONG_TEXT
    document = read("t.txt", text.encode()).documents[0]
    seen: dict[str, str] = {}
    for sentence in document.sentences:
        expected = {
            w.casefold() for w in regex.findall(r"\w+", text[sentence.start : sentence.end])
        }
        found = sentence_words(document, sentence)
        assert found == expected
        for word in found:
            assert seen.setdefault(word, word) is word  # one string per word


def test_every_word_of_a_house_entry_with_a_turkish_i_hides_no_match() -> None:
    """A house lexicon entry that is not all ASCII: `every_word` must not ask for a word
    whose case matching is not casefolding. The pattern, without case, matches "naïve
    critics" in "Naïve crİtİcs" (İ matches i), "ıdlers" in "IDLERS" (ı matches I) and
    "İzmir" in "izmir", yet those words casefold apart ("cri̇ti̇cs", "ıdlers" vs "idlers",
    "i̇zmir" vs "izmir"): a sieve asking for them ruled the sentences out."""
    cases = [
        ("na\u00efve critics", "Na\u00efve cr\u0130t\u0130cs agree."),
        ("\u0131dlers", "IDLERS agree."),
        ("best kebab in \u0130zmir", "The best kebab in izmir."),
        ("best kebab in \u0130zmir", "The best kebab in \u0130zmir, na\u00efvely."),
    ]
    for entry, text in cases:
        pattern = rf"(?<![\w-])(?:{alternation([entry])})(?![\w-])"
        sieved = sieve(pattern, every_word([entry]))
        plain = regex.compile(pattern, regex.IGNORECASE)
        document = read("t.txt", text.encode()).documents[0]
        (sentence,) = document.sentences
        want = [m.span() for m in plain.finditer(document.view, sentence.start, sentence.end)]
        assert want, (entry, text)  # the plain pattern does match: the case is real
        assert [m.span() for m in sieved.finditer(document, sentence)] == want, (entry, text)
    # The words that are sure are still asked for: no "kebab", no match, no compile.
    document = read("t.txt", "The best d\u00f6ner in \u0130zmir.".encode()).documents[0]
    (sentence,) = document.sentences
    assert not sieve(r"x", every_word(["best kebab in \u0130zmir"])).passes(document, sentence)


def test_any_word_and_any_prefix_of_a_house_entry_with_a_turkish_i_hide_no_match() -> None:
    """A house entry's dotted capital "İ" matches a plain "i" without case, and its
    dotless "ı" a capital "I": the word tests ask for the entry's word as it reads with a
    plain "i", which the word sets hold for every word ("İnsİsted" and "insisted" alike)."""
    cases = [
        ("\u0130nsisted", "They were \u0130ns\u0130sted upon."),
        ("\u0130nsisted", "They were insisted upon."),
        ("wh\u0131spered", "It was WHISPERED to be so."),
        ("wh\u0131spered", "It was wh\u0131spered to be so."),
    ]
    for entry, text in cases:
        document = read("t.txt", text.encode()).documents[0]
        (sentence,) = document.sentences
        whole = rf"(?<![\w-])(?:{alternation([entry])})(?![\w-])"
        start = rf"(?<![\w-])(?:{alternation([entry])})"
        for pattern, test in ((whole, any_word([entry])), (start, any_prefix([entry]))):
            plain = regex.compile(pattern, regex.IGNORECASE)
            want = [m.span() for m in plain.finditer(document.view, sentence.start, sentence.end)]
            assert want, (entry, text)  # the plain pattern does match: the case is real
            got = [m.span() for m in sieve(pattern, test).finditer(document, sentence)]
            assert got == want, (entry, text, pattern)
