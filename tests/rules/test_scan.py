"""The sentence prefilters never hide a match: a sieved pattern finds exactly what the
bare pattern finds, on every sentence of the team's fixtures and examples."""

from __future__ import annotations

from pathlib import Path
from random import Random

import pytest
import regex

from newslint.analysis.cues import Prefilter, Sieve, any_prefix, any_suffix, any_word, requirements
from newslint.analysis.sources import sources
from newslint.document import Document
from newslint.formats.parse import format_for, parse
from newslint.rules import _data, _support, anonymous_source, vague_attribution

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted(ROOT.glob("tests/fixtures/**/*.txt")) + sorted(ROOT.glob("examples/**/*.*"))


def sieves() -> list[Sieve]:
    context = sources(parse("x.txt", "x\n", "text"), _data.lexicon({}))
    found = list(vague_attribution._patterns(context).values())
    lexicon = _support.lexicon(context.lexicon)
    found += [*lexicon.claim_patterns, lexicon.first, lexicon.idioms, lexicon.bare]
    found += [*context._reporting(), *context._named_evidence(), context._inverted()]
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


@pytest.mark.parametrize(
    "text",
    [
        "It is sa\u0130d to be doomed.",
        "Some analysts sa\u0130d the plan failed.",
        "The plan is cr\u0130t\u0130cised by many.",
        "It is W\u0130DELY believed to fail.",
        "Analysts SA\u0130D so, and cr\u0131t\u0131cs SAID so.",
    ],
)
def test_sieves_read_a_dotted_capital_i_as_the_patterns_do(text: str) -> None:
    """Without case, a pattern's "i" matches a dotted capital "\u0130", which casefolds to
    "i\u0307": a word test asking for "said" or "widely" must not rule out "sa\u0130d" or
    "W\u0130DELY", which every bare pattern here matches."""
    doc = parse("t.txt", text + "\n", "text")
    matched = 0
    for sieve in sieves():
        for sentence in doc.sentences:
            bare = [
                m.span() for m in sieve.pattern.finditer(doc.view, sentence.start, sentence.end)
            ]
            assert [m.span() for m in sieve.finditer(doc, sentence)] == bare, sieve.pattern.pattern
            matched += len(bare)
    assert matched  # some pattern does match: the case is real


def test_sieved_patterns_find_what_the_bare_patterns_find_in_random_sentences(
    monkeypatch,
) -> None:
    """Sentences the patterns match, with words swapped for others of the lexicon's lists
    (the words the sieves ask for), capitalised or glued at random, and letters whose case
    matching is not casefolding (dotted and dotless i, Kelvin sign, long s): each sieve's
    word tests hide no match, in a document of each sentence alone and in one long
    document of them all (whose phrase tests ask each sentence's own words, see
    `_LongWords.every_word_bits`), where each sieve set gives every sieve that matches."""
    import random

    from newslint.analysis import cues

    context = sources(parse("x.txt", "x\n", "text"), _data.lexicon({}))
    lists = context.lists
    vocabulary = sorted(
        {
            word
            for key in ("quantifiers", "group-nouns", "exceptions", "passive-exceptions")
            for entry in lists.get(key, ())
            for word in entry.split()
        }
        | set(
            "by than expected thought hoped had was were been being told informed that it "
            "is worst hit affected at its highest best least others \u0130t \u0131t "
            "\u0130S h\u0130t \u212aey \u017fome , . - said seen as to be linked "
            "rumoured tipped acclaimed".split()
        )
    )
    templates = [
        "Sales rose more than many analysts had thought",
        "more than economists expected and than some hoped",
        "He was widely told that it was over",
        "They were informed it is late and were told \u0130T was",
        "The town is worst hit and the north was worst affected",
        "Prices are at its highest and at their best",
        "It was backed by a growing number of experts and by others",
        "results in line with expectations , as expected , some of the time",
        "He is said to go",
        "they 're seen as weak",
        "He 's seen as weak",
        "It was linked to it",
        "the long rumoured and much-anticipated deal was widely acclaimed",
    ]
    rng = random.Random(14)
    found = sieves()
    texts = []
    for _ in range(400):
        chosen = rng.choice(templates).split()
        for i, word in enumerate(chosen):
            roll = rng.random()
            if roll < 0.15:
                chosen[i] = rng.choice(vocabulary)
            elif roll < 0.2:
                chosen[i] = word.upper()
            elif roll < 0.23:
                chosen[i] = word + "-" + rng.choice(vocabulary)
        text = " ".join(chosen) + ".\n"
        texts.append(text)
        doc = parse("r.txt", text, "text")
        for sieve in found:
            for sentence in doc.sentences:
                bare = sieve.pattern.finditer(doc.view, sentence.start, sentence.end)
                got = [m.span() for m in sieve.finditer(doc, sentence)]
                assert got == [m.span() for m in bare], (text, sieve.pattern.pattern[:60])
    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)
    doc = parse("long.txt", "\n".join(texts), "text")
    assert cues._words(doc).long and len(doc.sentences) >= 400
    context = sources(doc, _data.lexicon({}))
    sets = [vague_attribution._cue_sieves(context), _support.lexicon(context.lexicon).cue_sieves]
    matched = 0
    for sentence in doc.sentences:
        passing = {item for sieve_set in sets for item in sieve_set.passing(doc, sentence)}
        for sieve in found:
            bare = [
                m.span() for m in sieve.pattern.finditer(doc.view, sentence.start, sentence.end)
            ]
            got = [m.span() for m in sieve.finditer(doc, sentence)]
            assert got == bare, (doc.sentence_text(sentence), sieve.pattern.pattern[:60])
            if bare and any(sieve in sieve_set._sieves for sieve_set in sets):
                assert sieve in passing, (doc.sentence_text(sentence), sieve.pattern.pattern[:60])
                matched += 1
    assert matched > 100


def test_word_tests() -> None:
    words = frozenset({"critics", "argue", "biggest"})
    assert any_word(["argue", "claim"])(words)
    assert not any_word(["say"])(words)
    assert any_word(["a few"])(frozenset({"few"}))  # the longest word of an entry
    assert any_word(["--"])(frozenset())  # an entry with no word: always run
    assert any_prefix(["critic"])(words)
    assert any_suffix("est")(words)


def test_requirements_reads_what_every_match_needs() -> None:
    assert requirements(r"(?<![\w-])sources?\s+(?:said|told\s+\w+)") == [
        frozenset({"source"}),
        frozenset({"said", "told"}),
    ]
    assert requirements(r"(?P<n>one|two)\s+th(?:ree)?") == [
        frozenset({"one", "two"}),
        frozenset({"th"}),
    ]
    assert requirements(r"a(?:b|)c") == [frozenset({"a"}), frozenset({"c"})]
    assert requirements(r"x[a-z]+y{2}\p{Lu}z") == [
        frozenset({"x"}),
        frozenset({"y"}),
        frozenset({"z"}),
    ]
    assert requirements(r"(?:\w+\s+)?") == []  # needs nothing: every sentence may match
    # A run of letters read at once stops before a letter a quantifier follows.
    assert requirements(r"ab+c\s+abc*d\s+said{1,3}") == [
        frozenset({"a"}),
        frozenset({"b"}),
        frozenset({"c"}),
        frozenset({"ab"}),
        frozenset({"d"}),
        frozenset({"sai"}),
        frozenset({"d"}),
    ]


@pytest.mark.parametrize(
    "pattern", [r"(?i)ab", r"(?x)a b", r"\1ab", r"\L<words>ab", r"a{ab", r"(?>ab)", r"ab)", "[ab"]
)
def test_requirements_gives_up_on_syntax_it_does_not_read(pattern: str) -> None:
    assert requirements(pattern) is None


def test_ascii_literals_are_found_in_the_casefolded_view() -> None:
    """What `Prefilter` relies on: no character casefolds to nothing, and every character
    that matches an ascii letter or digit without case casefolds to it, or to more than
    one character (which changes the view's length, and turns the filter off)."""
    letter = regex.compile("[a-z0-9]", regex.IGNORECASE)
    ascii = "abcdefghijklmnopqrstuvwxyz0123456789"
    for code in range(0x110000):
        char = chr(code)
        folded = char.casefold()
        assert folded
        if letter.fullmatch(char) and len(folded) == 1:
            matched = [a for a in ascii if regex.fullmatch(a, char, regex.IGNORECASE)]
            assert matched == [folded]


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_the_anonymous_cue_filter_hides_no_cue(path: Path) -> None:
    doc = document(path)
    lex = _data.lexicon({})
    cues = anonymous_source._cues(lex)
    for sentence in doc.sentences:
        if list(cues.finditer(doc.view, sentence.start, sentence.end)):
            assert anonymous_source._cue_filter(lex).may_match(doc, sentence)


def test_the_anonymous_cue_filter_skips_sentences_and_stands_aside_when_unsure() -> None:
    doc = parse("a.txt", "Sources said so. The sky is blue.\n", "text")
    first, second = doc.sentences
    shipped = Prefilter([r"sources?\s+said"])
    assert shipped.may_match(doc, first) and not shipped.may_match(doc, second)
    unsure = Prefilter([r"sources?\s+said", r"(?i)blue"])
    assert unsure.may_match(doc, second)
    dotted = parse("b.txt", "\u0130nsiders said so. The sky is blue.\n", "text")
    assert Prefilter([r"insiders\s+said"]).may_match(dotted, dotted.sentences[1])


def test_a_capital_i_in_a_user_pattern_finds_the_dotless_i() -> None:
    """regex matches a pattern's capital "I" to a dotless "ı" without case (not its small
    "i"), and "ı" casefolds to itself, not to "i": a house pattern written in capitals
    must still find "ınsıders" in copy, as matching it without the filter does."""
    pattern = r"INSIDERS\s+said"
    text = "\u0131ns\u0131ders said so. The sky is blue.\n"
    assert regex.search(pattern, text, regex.IGNORECASE)
    doc = parse("c.txt", text, "text")
    assert Prefilter([pattern]).may_match(doc, doc.sentences[0])


def test_many_house_patterns_sharing_their_literals_look_through_the_text_once_each(
    monkeypatch,
) -> None:
    """A house file of many anonymous-patterns that share their literals ("accordingly"
    in every sentence, "zqxv" in none): each literal is looked for through the document
    once (in each group of `_LOOK_GROUP` sentences, one here), whatever the number of
    patterns, not sentence by sentence per pattern (that cost
    1.5x a0aeae1's CPU on a long file with 300 patterns). Counted, not timed: the time is
    for a benchmark (`python bench/pattern_costs.py`), not a test on a shared machine."""
    from newslint.analysis import cues

    looked: list[str] = []
    holding = cues._holding

    def counted(folded, literal, *rest):  # type: ignore[no-untyped-def]
        looked.append(literal)
        return holding(folded, literal, *rest)

    monkeypatch.setattr(cues, "_holding", counted)
    text = "\n\n".join(f"Accordingly the council met on day {i}." for i in range(300))
    doc = parse("many.txt", text, "text")
    patterns = [rf"accordingly\s+zqxv\s+w{i}" for i in range(200)]
    assert not Prefilter(patterns).may_match(doc, doc.sentences[0])
    assert sorted(looked) == ["accordingly", "zqxv"]


def _random_sentences(rng: Random, pieces: list[str], count: int, most: int) -> list[str]:
    """`count` sentences of 1 to `most` of `pieces`, each ending in a full stop."""
    return [
        " ".join(rng.choice(pieces) for _ in range(rng.randint(1, most))) + "."
        for _ in range(count)
    ]


def _holds_every_set(needs: list[list[list[str]]], folded: str) -> bool:
    """Whether the casefolded sentence `folded` holds some literal of every set that one of
    the patterns (each pattern's `needs`) needs: what the prefilter must pass, worked out
    by hand."""
    return any(all(any(lit.lower() in folded for lit in s) for s in need) for need in needs)


@pytest.mark.parametrize("way", ["short", "long", "long, words listed"])
def test_the_filter_passes_the_sentences_holding_a_literal_of_every_set(
    monkeypatch, way: str
) -> None:
    """Few or many sentences holding a pattern's most selective literal (the two ways
    `Prefilter` looks for the others), in a short document or a long one (read sentence
    by sentence, or by where each literal is: searched for in the text, or in the words
    a rule before listed by word): the sentences passed are those whose casefolded text
    holds some literal of every set each pattern needs (the sets of short literals, "x",
    too), worked out one by one."""
    import random

    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_SHORT_DOCUMENT", 10_000 if way == "short" else 0)
    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)  # listed by word when made

    pieces = ["Accordingly", "the", "council", "zqxv", "said", "told", "sources", "x", "."]
    pieces += ["Says", "sayings"]
    patterns = [
        r"accordingly\s+zqxv",
        r"(?:said|told)\s+sources",
        r"council\s+(?:said|zqxv)\s+the",
        r"sources",
    ]
    patterns += [r"(?:say|says|sayings)\s+x", r"(?:tol|told)\s+(?:the|sources)"]
    needs = [requirements(p) or [] for p in patterns]
    rng = random.Random(14)
    for count in (5, 40, 120):
        sentences = _random_sentences(rng, pieces, count, 6)
        doc = parse("t.txt", "\n\n".join(sentences), "text")
        if way == "long, words listed":
            assert cues._words(doc).long
        filter_ = Prefilter(patterns)
        for sentence in doc.sentences:
            text = doc.view[sentence.start : sentence.end].casefold()
            assert filter_.may_match(doc, sentence) == _holds_every_set(needs, text), (count, text)


@pytest.mark.parametrize("group", [1, 2, 5, 37, 2048])
def test_a_long_text_searched_a_group_of_sentences_at_a_time_passes_the_same_sentences(
    monkeypatch, group: int
) -> None:
    """A long document none of whose words a rule listed is searched a group of sentences
    at a time (`Prefilter._group_passing`): whatever the groups' size, it passes the
    sentences its words listed by word pass, those whose casefolded text holds some literal
    of every set a pattern needs. Literals at a sentence's first and last character, across
    two sentences (passing neither), in a group's first and last sentence; text beyond
    Latin-1, and lines between sentences."""
    import random

    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_SHORT_DOCUMENT", 0)
    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)  # listed by word when made
    monkeypatch.setattr(cues, "_LOOK_GROUP", group)
    pieces = ["Zqxv", "said", "SOURCES", "told", "the", "\u201cx\u201d", "caf\u00e9", "\u0394ab"]
    pieces += ["sources-said", "zq", "xv", "ab"]
    patterns = [r"zqxv", r"said\s+sources", r"(?:told|said)\W+the", r"zq\.\s+xv", "caf\u00e9"]
    patterns += ["\u03b4ab\\s+(?:the|said)", r"sources-said"]
    needs = [requirements(p) or [] for p in patterns]
    rng = random.Random(16)
    for count in (3, 40, 130):
        sentences = _random_sentences(rng, pieces, count, 5)
        text = "".join(s + rng.choice([" ", "\n", "\n\n", "\r\n"]) for s in sentences)
        searched = Prefilter(patterns).passing(parse("t.txt", text, "text"))
        doc = parse("t.txt", text, "text")
        assert cues._words(doc).long
        assert searched == Prefilter(patterns).passing(doc), count
        assert searched is not None
        for sentence in doc.sentences:
            folded = doc.view[sentence.start : sentence.end].casefold()
            want = _holds_every_set(needs, folded)
            assert ((sentence.start, sentence.end) in searched) == want, (count, folded)


def test_the_sentences_holding_a_literal_are_the_same_from_the_words_as_from_the_text(
    monkeypatch,
) -> None:
    """A long document's sentences holding a literal, found from its words listed by word
    (`_LongWords.holding_literal`), are those a search of its casefolded text finds
    (`_holding`): for literals held several times in a word, in several words of a
    sentence, at a word's start, middle and end, and in no word."""
    import itertools
    import random

    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)
    rng = random.Random(21)
    pieces = ["Ab", "ba", "abab", "b1a", "a", "BAB", "ab-ba", "x", "ab's", "caf\u00e9ab"]
    text = "\n\n".join(
        " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) + "." for _ in range(300)
    )
    doc = parse("t.txt", text, "text")
    words = cues._words(doc)
    assert words.long
    folded = cues._folded_view(doc)
    assert folded is not None
    starts = [sentence.start for sentence in doc.sentences]
    literals = ["".join(c) for n in (1, 2, 3, 4) for c in itertools.product("ab1xz", repeat=n)]
    for literal in literals:
        assert words.holding_literal(literal) == cues._holding(
            folded, literal, doc.sentences, starts
        ), literal


@pytest.mark.parametrize("costs", [(10, 5), (30, 1), (0, 3), (20, 0)])
def test_the_words_holding_a_run_apart_are_given_unless_reading_them_costs_more(
    monkeypatch, costs: tuple[int, int]
) -> None:
    """`_LongWords.few_apart` gives the words holding a run with no ASCII letter or digit
    next to it, the same as reading every word holding it (`_words_holding`) and keeping
    those `_apart` passes, though it reads only the run itself and the words not all
    ASCII letters and digits; None exactly when what they weigh (each word, each sentence
    holding one) is above the sentences' count. For runs held several times in a word,
    beside "_", accented letters and combining marks, in none, and around that bound."""
    import itertools
    import random

    from newslint.analysis import cues

    monkeypatch.setattr(cues, "_MANY_SENTENCES", 0)
    monkeypatch.setattr(cues, "_WORD_COST", costs[0])
    monkeypatch.setattr(cues, "_SENTENCE_COST", costs[1])
    rng = random.Random(4)
    pieces = ["Ab", "ba", "abab", "b1a", "a", "BAB", "ab-ba", "x", "ab's", "caf\u00e9ab", "aaa"]
    pieces += ["ab_x", "_a_", "\u00e9a\u00e9", "a\u0301b", "\u00c9lan", "x\u00e9lan"]
    text = "\n\n".join(
        " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) + "." for _ in range(40)
    )
    words = cues._words(parse("t.txt", text, "text"))
    assert words.long
    runs = ["".join(c) for n in (1, 2, 3) for c in itertools.product("ab1x", repeat=n)]
    runs += ["\u00e9lan", "\u00e9", "a\u0301b", "zz"]
    given = 0
    beside = set()  # words holding a run apart that are not the run: read from `_odd`
    for run in runs:
        apart = [word for word in words._words_holding(run) if cues._apart(run, word)]
        beside.update(word for word in apart if word != run)
        held = sum(len(words._holding(word)) for word in apart)
        found = words.few_apart(run)
        if costs[0] * len(apart) + costs[1] * held > len(words._sentences):
            assert found is None, run
        else:
            assert found is not None and sorted(found) == sorted(apart), run
            given += 1
    assert 0 < given < len(runs)  # both answers given
    assert {"ab_x", "_a_", "\u00e9a\u00e9", "x\u00e9lan"} <= beside


def test_the_filter_holds_no_set_of_sentences_a_later_pattern_will_not_read() -> None:
    """A house file of many patterns, each led by its own rare word, on a long document:
    each word's sentences are a bit per sentence of the whole document (2.5 kB here,
    however rare the word), and keeping every one until the look-up ended (twice: as the
    word's and as its set's) held 2.2 MB for 400 patterns (the sets of indices before
    them, 2.5 MB). A set no later pattern reads is dropped: the peak is about what one
    pattern holds (30 kB more here)."""
    import tracemalloc

    count = 20_000
    sentences = [
        f"The council said on day {i} that w{i % 400}qzqzqz was late." for i in range(count)
    ]
    doc = parse("long.txt", "\n\n".join(sentences), "text")
    assert len(doc.sentences) == count

    def peak(patterns: list[str]) -> int:
        filter_ = Prefilter(patterns)
        fresh = parse("long.txt", doc.text, "text")
        filter_.may_match(fresh, fresh.sentences[0])  # the casefolded view, outside the trace
        fresh._memo.pop(filter_._key)
        tracemalloc.start()
        try:
            assert not filter_.may_match(fresh, fresh.sentences[0])
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    # Each word is in 50 sentences, none holding "zyzx" (looked for after the longer word):
    # no sentence passes.
    one = peak([r"w0qzqzqz\s+zyzx"])
    many = peak([rf"w{k}qzqzqz\s+zyzx" for k in range(400)])
    # 100 sets of sentences: a quarter of what keeping them all held even once.
    assert many - one < 100 * count // 8, (one, many)


def test_each_set_keeps_only_the_literals_holding_no_other() -> None:
    """A text holding "says" holds "say": the short look-up asks for the literals of a set
    that hold no other of it (the same answer, fewer looks), shortest first."""
    import random

    from newslint.analysis.cues import _least

    assert _least(frozenset({"say", "says", "said", "sayings", "told"})) == ("say", "said", "told")
    rng = random.Random(14)
    for _ in range(2000):
        literals = frozenset(
            "".join(rng.choice("ab") for _ in range(rng.randint(1, 5)))
            for _ in range(rng.randint(1, 8))
        )
        want = {lit for lit in literals if not any(o != lit and o in lit for o in literals)}
        assert _least(literals) == tuple(sorted(want, key=lambda lit: (len(lit), lit)))
