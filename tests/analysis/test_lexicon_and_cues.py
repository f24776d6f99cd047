"""The lexicon is a value keyed by its files' paths and contents; the cue pass never
rules out a sentence a sieve could match; analyses hang off each document by value."""

from __future__ import annotations

import random
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
import regex

from newslint.analysis import lexicon as lexicon_module
from newslint.analysis.cues import (
    Sieve,
    SieveSet,
    any_prefix,
    any_suffix,
    any_word,
    either,
    every_word,
    sentence_words,
    sieve,
)
from newslint.analysis.lexicon import LexiconError, load
from newslint.analysis.sources import AttributionKind, sources
from newslint.analysis.words import alternation, next_words, words
from newslint.document import Document, Sentence
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


def test_a_lexicon_file_nested_too_deeply_is_an_error_naming_it(tmp_path: Path) -> None:
    # tomllib recurses once per level: thousands of nested arrays raise RecursionError,
    # which was reported as an internal error of every rule that reads the lexicon.
    deep = tmp_path / "deep.toml"
    deep.write_text("[sourcing]\ngroup-nouns = " + "[" * 3000 + "]" * 3000 + "\n")
    with pytest.raises(LexiconError, match=f"{deep}: invalid TOML: nested too deeply"):
        load([DATA], [deep])


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


def test_a_sieve_set_never_rules_out_a_sentence_a_sieve_matches() -> None:
    sieves = [
        sieve(r"\bexperts\s+say\b", any_word(["experts"])),
        sieve(r"\bstud(?:y|ies)", any_prefix(["study", "studies"])),
        sieve(r"\w+est\b", any_suffix("est")),
    ]
    together = SieveSet(sieves)
    text = "Experts say so. Studies show it. The tallest tower. Nothing here.\n"
    document = parse("a.txt", text, "text")
    for sentence in document.sentences:
        here = together.passing(document, sentence)
        for s in sieves:
            found = [m.span() for m in s.finditer(document, sentence)]
            assert found == ([m.span() for m in s.scan(document, sentence)] if s in here else [])
    assert [len(together.passing(document, s)) for s in document.sentences] == [1, 1, 1, 0]


def test_prefix_and_suffix_tests_select_the_words_a_plain_search_selects() -> None:
    """`any_prefix` and `any_suffix` pick a document's words by dict look-ups and `find`
    in C: on random words (repeated letters, words equal to a prefix or suffix or holding
    it twice, letters that are not ASCII) they select what the regex search of the joined
    words they replace selects (prefixes) and what a test of every word does (suffix), and
    so does each test asked of a sentence's words."""
    from newslint.analysis import cues

    rng = random.Random(5)
    letters = "aestsx\u0131\u0307\u00e9"
    for _ in range(120):
        vocabulary = [
            "".join(rng.choice(letters) for _ in range(rng.randint(1, 6))) for _ in range(12)
        ]
        prefixes = rng.sample(vocabulary, rng.randint(1, 4))
        suffix = rng.choice(vocabulary)
        words = frozenset(rng.sample(vocabulary, rng.randint(0, len(vocabulary))))
        joined = cues._SEP + cues._SEP.join(words) + cues._SEP
        prefixed, suffixed = any_prefix(prefixes), any_suffix(suffix)
        assert isinstance(prefixed, cues._WordTest) and isinstance(suffixed, cues._WordTest)
        # What the prefix test selected by a regex search of the joined words before.
        starts = [p for heads in prefixed.heads.values() for p in heads]
        alternatives = "|".join(map(regex.escape, starts))
        searched = regex.findall(f"\x00((?:{alternatives})[^\x00]*)", joined)
        assert prefixed.select(words, joined) == frozenset(searched)
        assert suffixed.select(words, joined) == {w for w in words if w.endswith(suffix)}
        assert prefixed(words) == bool(searched)
        assert suffixed(words) == any(w.endswith(suffix) for w in words)


def test_an_every_word_test_selects_the_keys_whose_entries_the_words_hold() -> None:
    """`every_word` answers a key alone in its entry ("is") by the key being there and
    asks the other entries ("seen as") word by word: on random phrases and word sets, in
    ASCII and other text, the same words as asking every entry of every key held."""
    from newslint.analysis import cues

    rng = random.Random(11)
    vocabulary = "is seen as said to at most widely kiss \u0131t caf\u00e9 es".split()
    for _ in range(400):
        entries = [
            " ".join(rng.sample(vocabulary, rng.randint(1, 3))) for _ in range(rng.randint(1, 6))
        ]
        test = every_word(entries)
        if test is cues._always:
            continue  # an entry with no word to ask for ("\u0131t"): nothing is ruled out
        assert isinstance(test, cues._EveryWord)
        words = frozenset(rng.sample(vocabulary, rng.randint(0, len(vocabulary))))
        if rng.random() < 0.3:
            words |= {"\u00e9t\u00e9"}  # a document not all ASCII
        joined = cues._SEP + cues._SEP.join(words) + cues._SEP
        every = joined.isascii()
        if test.unsure and not every:
            want = words
        else:
            want = frozenset(
                key
                for key, found in test.needs.items()
                if key in words
                and any(sure <= words and (not every or with_i <= words) for sure, with_i in found)
            )
        assert test.select(words, joined) == want, (entries, words)
        assert test(words) == bool(want)


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


@pytest.mark.parametrize("many", [10**9, 0])
def test_a_sieve_with_end_words_finds_what_a_full_scan_finds(monkeypatch, many: int) -> None:
    """`ends` lets a scan stop after the last end word of a sentence; on random sentences
    of nouns, verbs (some glued to hyphens or words, some capitalised or folded oddly)
    and punctuation, the matches (overlapped, as the group cue scans) are the same, in a
    short document and in a long one (whose sentences' end words are read off the word
    lists), for its sentences and for a span that is none of them."""
    import random

    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", many)
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
        cut = [Sentence(s.start, s.end - 1, s.block) for s in document.sentences]
        for sentence in [*document.sentences, *cut]:
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


def test_a_long_documents_sentences_are_judged_by_word_with_the_same_verdicts(
    monkeypatch,
) -> None:
    """Past `_MANY_SENTENCES`, a document's words are kept by word and a sieve's verdict
    is a byte per sentence (memory of a long file): every kind of test gives the verdict
    its tests give on the sentence's own words, as below that many, on every sentence
    (groups of them all ASCII and not), and on sentences made by hand."""
    import random

    from newslint.analysis import cues

    sieves = [
        sieve(r"x", any_word(["experts", "analysts say"])),
        sieve(r"x", any_prefix(["studies"]), any_word(["show"])),
        sieve(r"x", any_suffix("est")),
        sieve(r"x", lambda words: "said" in words),  # not a word test: called per sentence
        sieve(r"x", any_word(["nowhere-to-be-found"])),
        sieve(r"x", any_word(["experts"]), lambda words: "said" in words),
        sieve(r"x"),
    ]
    together = SieveSet(sieves)
    rng = random.Random(7)
    pieces = ["experts", "said", "the", "biggest", "studies", "show", "analysts", "rest"]
    odd = ["Caf\u00e9", "\u00a35", "EXPERTS_said", "s\u0131id"]
    sentences = [
        " ".join(rng.choice(pieces) for _ in range(rng.randint(2, 6))).capitalize() + "."
        for _ in range(1500)
    ]
    for k in range(1200, 1500, 7):  # the first groups all ASCII, the last not
        sentences[k] += " " + " ".join(odd)
    text = " ".join(sentences)
    verdicts = []
    for many in (10**9, 0):  # first as sets, then by word
        monkeypatch.setattr(cues, "_MANY_SENTENCES", many)
        document = read("t.txt", text.encode()).documents[0]
        # Some sentences followed by their first half, which is not a sentence.
        asked = [Sentence(0, 40, 0)]
        for k, s in enumerate(document.sentences):
            asked.append(s)
            if k % 50 == 0:
                asked.append(Sentence(s.start, (s.start + s.end) // 2, s.block))
        verdicts.append(
            [
                [s.passes(document, sentence) for s in sieves]
                + [together.passing(document, sentence)]
                for sentence in asked
            ]
        )
        for sentence, found in zip(asked, verdicts[-1], strict=True):
            own = {w.casefold() for w in regex.findall(r"\w+", text[sentence.start : sentence.end])}
            own |= {w.replace("\u0131", "i") for w in own}
            alone = [s._test(frozenset(own)) for s in sieves]
            assert found == alone + [tuple(s for s, ok in zip(sieves, alone, strict=True) if ok)]
    assert len(verdicts[0]) > 2 * cues._GROUP
    assert verdicts[0] == verdicts[1]
    assert {tuple(v) for v in verdicts[0]} != {tuple(verdicts[0][0])}  # not all alike


def _gives_what_each_gives(
    together: SieveSet, sieves: Sequence[Sieve], document: Document, sentences: Iterable[Sentence]
) -> None:
    """Assert that the SieveSet `together`, made of `sieves`, gives each of `sentences` of
    `document` exactly the sieves, in order, whose own `passes` is true of it (each sieve
    asked first, so that its verdicts are kept before the set's table is built)."""
    for sentence in sentences:
        want = tuple(s for s in sieves if s.passes(document, sentence))
        assert together.passing(document, sentence) == want, (document.text, sentence)


@pytest.mark.parametrize("many", [10**9, 0])
def test_a_sieve_set_gives_exactly_the_sieves_whose_tests_a_sentence_passes(
    monkeypatch, many: int
) -> None:
    """`SieveSet.passing` is the sieves, in order, whose `passes` is true: on random
    documents (short ones read off a table, long ones judged sentence by sentence), with
    some sieves asked before the table is built and a sentence made by hand."""
    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", many)
    rng = random.Random(21)
    pieces = "experts said the biggest studies show analysts rest widely seen as at".split()
    for _ in range(60):
        sieves = [
            sieve(r"x", any_word(["experts", "analysts say"])),
            sieve(r"x", any_prefix(["studies"]), any_word(["show"])),
            sieve(r"x", any_suffix("est")),
            sieve(r"x", every_word(["widely seen", "seen as"])),
            sieve(r"x", lambda words: "said" in words),
            sieve(r"x"),  # no test: passes every sentence
            sieve(r"x", any_word(["nowhere-to-be-found"])),
        ]
        chosen = rng.sample(sieves, rng.randint(1, len(sieves)))
        text = " ".join(
            " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))).capitalize() + "."
            for _ in range(rng.randint(1, 12))
        )
        document = read("t.txt", text.encode()).documents[0]
        sentences = [*document.sentences, Sentence(0, min(9, len(text)), 0)]
        for early in rng.sample(chosen, rng.randint(0, len(chosen))):
            early.passes(document, rng.choice(sentences))  # a verdict kept before the table
        _gives_what_each_gives(SieveSet(chosen), chosen, document, sentences)


@pytest.mark.parametrize("many", [2000, 3])  # a short document's table, a long one's lists
def test_a_sieve_sets_word_tests_read_together_pass_what_each_test_passes(
    monkeypatch, many: int
) -> None:
    """`SieveSet._bits` reads the lists of all its word tests as one map of words and
    their `every_word` entries together, and gives a test that selects every word of a
    text not all ASCII (an `every_word` with no sure word, alone or in an `either`) as
    bits that every sentence holding a word has: on random documents, some holding words
    that are not ASCII, one SieveSet over them all gives each sentence exactly the
    sieves whose own tests pass it."""
    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", many)
    rng = random.Random(8)
    plain = "it is widely seen as said the biggest studies at most".split()
    odd = ["caf\u00e9", "\u0130stanbul", "\u0131t"]
    sieves = [
        sieve(r"x", every_word(["widely seen", "is"])),  # each word has an "i": none sure
        sieve(r"x", every_word(["at most", "seen as"])),  # "most" and "seen" are sure
        sieve(r"x", every_word(["most widely"])),  # "widely" asked only of ASCII words
        sieve(r"x", either(any_suffix("est"), every_word(["said it"]))),
        sieve(r"x", any_word(["seen", "caf\u00e9"]), every_word(["at most"])),
        sieve(r"x", any_prefix(["stud"]), any_word(["the"])),
    ]
    together = SieveSet(sieves)
    for _ in range(80):
        pieces = plain + odd if rng.random() < 0.5 else plain
        text = " ".join(
            " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))).capitalize() + "."
            for _ in range(rng.randint(1, 8))
        )
        document = read("t.txt", text.encode()).documents[0]
        _gives_what_each_gives(together, sieves, document, document.sentences)


@pytest.mark.parametrize("many", [2000, 3])  # a short document's table, a long one's lists
def test_a_sieve_set_with_no_every_word_entry_to_check_still_gives_its_unsure_tests(
    monkeypatch, many: int
) -> None:
    """A SieveSet whose `every_word` tests have only entries of one word (no entry to
    check against the document's words) skips asking whether the words are ASCII only
    when it has no unsure test either: an entry whose every word holds an "i" selects
    every word of a text not all ASCII, so each sentence there passes it, "is" or not."""
    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", many)
    sieves = [
        sieve(r"x", every_word(["is", "widely"])),  # one word each, none sure
        sieve(r"x", either(any_word(["seen"]), every_word(["it"]))),
        sieve(r"x", any_word(["seen"])),
    ]
    together = SieveSet(sieves)
    for text in ["Caf\u00e9 seen here. It is so.", "Seen it. Is widely.", "\u0130t is. Seen."]:
        document = read("t.txt", text.encode()).documents[0]
        _gives_what_each_gives(together, sieves, document, document.sentences)
    document = read("t.txt", "Caf\u00e9 seen here. It is so.".encode()).documents[0]
    assert together.passing(document, document.sentences[0]) == tuple(sieves)


@pytest.mark.parametrize("count", [3, 70])  # tests' bits in a machine word, and past it
def test_a_long_document_s_sieve_set_reads_each_sentence_s_bits_off_the_word_lists(
    monkeypatch, count: int
) -> None:
    """A long document's sentences get their bits from the word lists, marked once: a word
    of one sentence (kept as a lone index) and words of many must both mark theirs, with
    more tests than a machine word holds as with a few, and a test that is no word test
    still called per sentence."""
    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)
    rng = random.Random(5)
    nouns = [f"noun{k}" for k in range(count)]
    text = " ".join(
        " ".join(
            ["Then", *rng.sample(nouns, rng.randint(0, 3)), "said", "once" * (k == 17)]
        ).strip()
        + "."
        for k in range(40)
    )
    document = read("t.txt", text.encode()).documents[0]
    assert len(document.sentences) == 40
    sieves = [sieve(r"x", any_word([noun])) for noun in nouns]
    sieves += [sieve(r"x", any_word(["once"])), sieve(r"x", lambda words: "noun1" in words)]
    together = SieveSet(sieves)
    assert sum(sieves[-2] in together.passing(document, s) for s in document.sentences) == 1
    shuffled = rng.sample(document.sentences, len(document.sentences))
    _gives_what_each_gives(together, sieves, document, shuffled)
    # With word tests only, every sentence's sieves are read off a list by sentence index.
    words_only = SieveSet(sieves[:-1])
    shuffled = rng.sample(document.sentences, len(document.sentences))
    _gives_what_each_gives(words_only, sieves[:-1], document, shuffled)
    assert isinstance(document._memo[words_only], cues._ByIndex)


def test_a_long_document_asks_a_phrase_test_of_each_sentence_s_own_words(monkeypatch) -> None:
    """Past `_MANY_SENTENCES`, an `every_word` test is asked of each sentence's own words,
    from the word lists (`_LongWords.every_word_bits`), not of the document's: the
    sentences it gives are those the test passes on their words, for a key word alone
    enough, phrases whole and in part, words with an "i" (sure only in a sentence all
    ASCII) and sentences that are not all ASCII; and a sieve set and each sieve alone give
    those sentences, not every one holding a phrase's key word."""
    import random

    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)
    tests = [
        every_word(["widely seen", "seen as", "at least", "is"]),
        every_word(["one of the best", "best ever", "the most"]),
        every_word(["caf\u00e9 au lait", "\u0130nsisted that"]),
    ]
    rng = random.Random(9)
    pieces = "widely seen as at least is one of the best ever most that insisted".split()
    pieces += ["caf\u00e9", "au", "lait", "\u0130NSISTED", "s\u0131id", "\u00a35"]
    text = " ".join(
        " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 7))).capitalize() + "."
        for _ in range(400)
    )
    document = read("t.txt", text.encode()).documents[0]
    words = cues._words(document)
    assert words.long
    own = [sentence_words(document, sentence) for sentence in document.sentences]
    for test in tests:
        want = [i for i, held in enumerate(own) if test(held)]
        assert list(cues._indices(words.every_word_bits(test))) == want
        assert 0 < len(want) < len(own)
        made = sieve(r"x", test)
        assert [i for i, s in enumerate(document.sentences) if made.passes(document, s)] == want
    sieves = [sieve(r"x", test) for test in tests]
    together = SieveSet(sieves)
    for sentence, held in zip(document.sentences, own, strict=True):
        want_here = tuple(item for item in sieves if item._test(held))
        assert together.passing(document, sentence) == want_here


def test_a_long_document_s_sentences_share_equal_passing_sieves(monkeypatch) -> None:
    """Sentences whose words carry different bits may pass the same sieves ("x" alone,
    "x" with "z" where "z" needs "w" too): a long document's table keeps one tuple for
    them, not one per set of bits (as many as sentences, in a text dense in cues)."""
    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)
    text = " ".join(["X said.", "X and z said.", "Z and w said.", "X, z and w said."] * 5)
    document = read("t.txt", text.encode()).documents[0]
    first = sieve(r"x", any_word(["x"]))
    both = sieve(r"x", any_word(["z"]), any_word(["w"]))
    together = SieveSet([first, both])
    found = [together.passing(document, sentence) for sentence in document.sentences]
    assert found[:4] == [(first,), (first,), (both,), (first, both)]
    assert found[0] is found[1]  # bits x and x|z: one tuple
    assert isinstance(document._memo[together], cues._ByIndex)


@pytest.mark.parametrize(("distinct", "code"), [(1, "B"), (256, "B"), (257, "H"), (70_000, "I")])
def test_values_by_sentence_are_kept_as_small_ids(distinct: int, code: str) -> None:
    """`_small_ids` keeps a value per sentence as the index of the value among the distinct
    ones, in the fewest bytes that hold every index; reading them back gives the values."""
    from newslint.analysis import cues

    values = [(k * 7919) % distinct for k in range(max(2 * distinct, 1000))]
    kinds, ids = cues._small_ids(iter(values))
    assert ids.typecode == code
    assert len(kinds) == distinct == len(set(kinds))
    assert [kinds[i] for i in ids] == values


@pytest.mark.parametrize("odd", ["s\u0131id", "\u0130STANBUL"])  # folds to one, to two
def test_the_sentence_words_of_a_long_document_are_its_sentences_words(odd: str) -> None:
    """Past `_MANY_SENTENCES` the words are kept by word, not by sentence, and a sentence's
    set is split again when asked: short and long sentences, repeated words, groups of
    sentences that are not all ASCII (a pound sign, a Turkish i) among groups that
    are; asked in a random order, each twice in a row, and for spans that are no sentence."""
    from newslint.analysis import cues

    rng = random.Random(8)
    vocabulary = "the council said fares would rise by 8% from april after talks".split()
    sentences = [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randrange(1, 60))).capitalize() + "."
        for _ in range(3000)
    ]
    sentences[7] = "Caf\u00e9 owners SAID the fare is \u00a35."
    sentences[2900] = f"The council {odd} so."
    text = " ".join(sentences)
    document = read("t.txt", text.encode()).documents[0]
    assert len(document.sentences) > cues._MANY_SENTENCES

    def expected(start: int, end: int) -> set[str]:
        found = {w.casefold() for w in regex.findall(r"\w+", text[start:end])}
        # Words with a dotted capital or a dotless i are also kept with a plain "i".
        return found | {w.replace("i\u0307", "i").replace("\u0131", "i") for w in found}

    asked = [*document.sentences]
    rng.shuffle(asked)
    for sentence in asked[:500]:
        for _ in range(2):
            assert sentence_words(document, sentence) == expected(sentence.start, sentence.end)
        # The span of the sentence asked last, cut short: not that sentence.
        made = Sentence(sentence.start, sentence.start + (sentence.end - sentence.start) // 2, 0)
        assert sentence_words(document, made) == expected(made.start, made.end)
        start = rng.randrange(len(text))
        made = Sentence(start, min(len(text), start + rng.randrange(1, 200)), 0)
        assert sentence_words(document, made) == expected(made.start, made.end)
    for index in (7, 2900):
        sentence = document.sentences[index]
        assert sentence_words(document, sentence) == expected(sentence.start, sentence.end)


def test_a_long_text_is_casefolded_a_piece_at_a_time_as_it_is_whole() -> None:
    """`_casefold` folds a long text in pieces (CPython folds one that is not ASCII in a
    buffer of 12 bytes a character): the same text, letters that fold to several and
    sigmas (whose lower case depends on the letter before) at the seams included."""
    from newslint.analysis import cues

    rng = random.Random(5)
    letters = ["a", "B", "\u03a3", "\u00df", "\u0130", "\u212a", " ", "\u00a3", "\u1e9e", "."]
    size = cues._FOLD_PIECE
    for _ in range(20):
        text = "".join(rng.choice(letters) for _ in range(rng.randrange(size - 5, 3 * size)))
        assert cues._casefold(text) == text.casefold()


def test_a_long_views_folded_copy_is_not_kept_and_its_spans_fold_as_the_whole() -> None:
    """Over `LONG_TEXT` characters the casefolded view is not kept (a copy of a long
    file's text for the whole run): its spans are folded when read, the same text as the
    view folded whole; a view where some character folds to several has no folded spans."""
    from newslint.analysis import cues
    from newslint.analysis.words import LONG_TEXT

    rng = random.Random(8)
    letters = ["a", "B", "\u03a3", "\u0131", "\u212a", " ", "\u00a3", ".", "\n\n"]
    text = "".join(rng.choice(letters) for _ in range(LONG_TEXT + 1000))
    document = read("t.txt", text.encode()).documents[0]
    assert cues._folding(document) is True
    whole = document.view.casefold()
    for start, end in ((0, 10), (LONG_TEXT - 5, LONG_TEXT + 5), (7, len(whole))):
        assert cues._folded_span(document, start, end) == whole[start:end]
    assert cues._folded_view(document) == whole
    folding_to_two = read("t.txt", (text + "\u00df").encode()).documents[0]
    assert cues._folding(folding_to_two) is False
    assert cues._folded_span(folding_to_two, 0, 10) is None


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


def test_a_long_documents_words_of_one_sentence_are_kept_small_and_still_found() -> None:
    """Most words of a long file are in one sentence (names, figures, codes): each keeps
    its sentence's index alone, not an array of one (84 bytes more a word: on a 10 MB file
    of figures peak memory was 700 MB against 546 MB before words were kept by word). A
    sieve asking for such a word passes exactly its sentence; one asking for a word of
    many sentences passes those."""
    import gc
    import tracemalloc

    from newslint.analysis import cues

    text = " ".join(
        f"W{n}a x{n}b {n * 7919 % 10000019} ref{n}{' said' if n % 3 == 0 else ''}."
        for n in range(20000)
    )
    document = read("t.txt", text.encode()).documents[0]
    assert len(document.sentences) == 20000 > cues._MANY_SENTENCES
    cues._folding(document)  # kept with the document, not part of the words
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        count = len(cues._words(document)._hashes)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # The words joined, each one's hash, place and sentence index.
    assert kept / count < 170, kept / count
    once, many = sieve(r"ref12345\b", any_word(["ref12345"])), sieve(r"x", any_word(["said"]))
    assert [i for i, s in enumerate(document.sentences) if once.passes(document, s)] == [12345]
    assert [i for i, s in enumerate(document.sentences) if many.passes(document, s)] == list(
        range(0, 20000, 3)
    )


@pytest.mark.parametrize("hashed", ["hash", "shared"])
def test_a_long_documents_packed_word_lists_give_each_word_its_sentences(
    monkeypatch, hashed: str
) -> None:
    """A long document's words listed by word, packed into one array (`_packed`): each
    word's sentences are those whose words hold it, in order, for words of one sentence
    and of many, the first and the last word kept included. The words are kept joined in
    the order of their hashes and found by them: words sharing a hash ("shared": three
    hashes for 3,000 words) are each found, a word the document does not hold is not,
    and the words read back are the document's, each once."""
    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)
    if hashed == "shared":
        monkeypatch.setattr(cues, "_word_hash", lambda word: len(word) % 3)
    rng = random.Random(13)
    pool = ["said", "a", "zz", "Caf\u00e9", "x1", "the", "Mr"] + [f"w{n}" for n in range(3000)]
    text = " ".join(
        " ".join(rng.choice(pool) for _ in range(rng.randint(1, 6))) + "." for _ in range(4000)
    )
    document = read("t.txt", text.encode()).documents[0]
    words = cues._words(document)
    assert words.long
    want: dict[str, list[int]] = {}
    for index, sentence in enumerate(document.sentences):
        for word in dict.fromkeys(cues._split_words(document, sentence.start, sentence.end)):
            want.setdefault(word, []).append(index)
    assert sorted(words.listing) == sorted(want)
    for word, indices in want.items():
        assert list(words._holding(word)) == indices, word
    absent = frozenset({"w3000", "sai", "saidx", "w", "caf", "", "\u00e9"})
    assert all(words._position(word) < 0 for word in absent)
    assert words.held_of(absent | {"said", "caf\u00e9", "w7"}) == {"said", "caf\u00e9", "w7"}
    assert words.holds_all(frozenset({"said", "caf\u00e9"}))
    assert not words.holds_all(frozenset({"said", "sai"}))
    assert words._odd() == "\x00caf\u00e9\x00"
    assert words._not_ascii() == sum(1 << i for i in want["caf\u00e9"])
    assert "everything" not in vars(words)  # none of these made a set of every word
    assert words.everything == frozenset(want)


def test_a_long_documents_words_pickled_are_found_where_words_hash_otherwise(
    monkeypatch,
) -> None:
    """A long document's words are kept in the order of their hashes, and a str's hash
    is its process's own (PYTHONHASHSEED): a document pickled once its words are kept, and
    read in a process that hashes otherwise (here: `_word_hash` swapped), leaves its memo
    behind (`Document.__getstate__`), so its words are kept again in that process's
    order, every word is found, and its sieves pass the same sentences."""
    import pickle

    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)
    text = " ".join(f"Word{n} x{n} said{'' if n % 3 else ' police'}." for n in range(300))
    document = read("t.txt", text.encode()).documents[0]
    words = cues._words(document)
    want = {word: list(words._holding(word)) for word in words.listing}
    pickled = pickle.dumps(document)
    monkeypatch.setattr(cues, "_word_hash", lambda word: -hash(word))
    again = pickle.loads(pickled)
    moved = cues._words(again)
    assert isinstance(moved, cues._LongWords)
    assert list(moved._hashes) == sorted(-hash(word) for word in want)
    assert {word: list(moved._holding(word)) for word in want} == want
    police = sieve(r"police", any_word(["police"]))
    assert [i for i, s in enumerate(again.sentences) if police.passes(again, s)] == list(
        range(0, 300, 3)
    )


def test_an_entrys_word_tests_ask_for_the_words_its_regex_split_gives() -> None:
    """`any_word` and `every_word` read a plain ASCII word without a regex: the same words
    as the regex reading of the casefolded entry, for plain and other entries alike."""
    from newslint.analysis.cues import _WORD, _EveryWord, _longest_word, _plain_i

    entries = ["said", "SAID", "MPs", "x2", "a few", "U.S.", "naïve", "İdlers", "ıdlers"]
    entries += ["Straße", "don't", "co-op", "٣", "ﬁne", "Kelvin\u212a"]
    for entry in entries:
        runs = _WORD.findall(entry.casefold())
        assert _longest_word(entry) == (_plain_i(max(runs, key=len)) if runs else None)
        test = every_word([entry])
        if entry.isascii() and entry.isalnum():  # the fast path: the word itself
            assert isinstance(test, _EveryWord) and set(test.needs) == set(runs), entry
        elif isinstance(test, _EveryWord):  # some word it is sure of, or asks of ASCII
            assert set(test.needs) <= set(runs), entry


def test_a_sieve_made_from_its_spec_is_the_same_sieve() -> None:
    """`from_spec(spec(x))` has x's pattern, flags, tests (by kind and words) and end words,
    and passes and matches the same sentences; a sieve not made by `sieve()`, or with a
    test that is not a word test, has no spec."""
    from newslint.analysis.cues import _always, either, from_spec, spec

    made = sieve(
        r"(?<![\w-])(?:experts|critics)\s+(?:say|said)(?![\w-])",
        any_word(["experts", "critics"]),
        every_word(["say", "said so"]),
        either(any_suffix("ics"), any_prefix(["exp"])),
        _always,
        ends=["say", "said"],
        flags=regex.IGNORECASE,
    )
    again = from_spec(spec(made))
    assert spec(again) == spec(made)
    assert again._ends == made._ends == frozenset({"say", "said"})
    assert again._tests[3] is _always
    document = parse("t.txt", "Experts say no. Critics said it. Nobody cared.", "text")
    for sentence in document.sentences:
        assert again.passes(document, sentence) == made.passes(document, sentence)
        assert [m.span() for m in again.finditer(document, sentence)] == [
            m.span() for m in made.finditer(document, sentence)
        ]
    with pytest.raises(ValueError):
        spec(Sieve(lambda: regex.compile("x"), any_word(["x"])))
    with pytest.raises(ValueError):
        spec(sieve("x", lambda words: True))


def test_a_sieve_set_keeps_a_bounded_number_of_bit_sets_and_answers_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A SieveSet lives as long as its lexicon, over every document a language server
    reads: the sets of bits whose passing sieves it keeps are bounded, and once it lets
    them go it answers as before."""
    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_KEPT_BIT_SETS", 64)
    words = [f"word{n}" for n in range(12)]
    sieves = [sieve(rf"\b{word}\b", any_word([word])) for word in words]
    together = SieveSet(sieves)
    rng = random.Random(3)
    text = "\n\n".join(" ".join(rng.sample(words, rng.randint(1, 12))) + "." for _ in range(600))
    document = parse("a.txt", text + "\n", "text")
    for sentence in document.sentences:
        here = together.passing(document, sentence)
        assert here == tuple(s for s in sieves if s.passes(document, sentence))
    assert 0 < len(together._by_bits) <= 64


def test_a_sieve_asked_of_a_few_sentences_judges_each_as_all_at_once() -> None:
    """A short document's sieve judges the first sentences it is asked of alone, then all
    of them at once: the same verdicts either way, for word tests, phrase tests and a test
    that is not a word test."""
    from newslint.analysis import cues

    def not_a_word_test(words: frozenset[str]) -> bool:
        return "tallest" in words or "show" in words

    sieves = [
        sieve(r"\bexperts\s+say\b", any_word(["experts"]), every_word(["experts say"])),
        sieve(r"\bstud(?:y|ies)", any_prefix(["study", "studies"])),
        sieve(r"\w+est\b", any_suffix("est"), not_a_word_test),
        sieve(r"\bnowhere\b", any_word(["nowhere"])),
    ]
    text = " ".join(
        ["Experts say so.", "Studies show it.", "The tallest tower.", "Nothing here."] * 5
    )
    document = parse("a.txt", text + "\n", "text")
    assert len(document.sentences) > 2 * cues._ASKED_ALONE
    alone = [[s.passes(document, sentence) for s in sieves] for sentence in document.sentences]
    words = cues._words(document)
    assert all(s in words.verdicts for s in sieves)  # asked of every sentence: decided at once
    at_once = [
        [(sentence.start, sentence.end) in words.verdicts[s] for s in sieves]
        for sentence in document.sentences
    ]
    assert alone == at_once
    assert [row[:3] for row in alone[:4]] == [
        [True, False, False],
        [False, True, False],
        [False, False, True],
        [False, False, False],
    ]


@pytest.mark.parametrize("count", [1 << 16, (1 << 16) + 1])
def test_a_long_documents_sentence_indices_past_two_bytes_are_kept_whole(count: int) -> None:
    """A long document's word lists keep sentence indices in two bytes while every index
    fits (up to 65,536 sentences) and in four past that: the last sentence's words still
    find it, not an overflow (the bench corpus has a twentieth as many sentences)."""
    from newslint.analysis import cues

    text = " ".join(f"Ab w{n}." for n in range(count))
    document = read("t.txt", text.encode()).documents[0]
    assert len(document.sentences) == count
    words = cues._words(document)
    assert words.long
    assert words._indices.typecode == ("H" if count <= 1 << 16 else "I")
    assert list(words._holding(f"w{count - 1}")) == [count - 1]
    assert len(words._holding("ab")) == count and words._holding("ab")[-1] == count - 1
    last = sieve(rf"w{count - 1}\b", any_word([f"w{count - 1}"]))
    assert last.passes(document, document.sentences[-1])
    assert not last.passes(document, document.sentences[0])
