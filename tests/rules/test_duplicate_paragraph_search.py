"""duplicate-paragraph's search counts shared trigrams by set intersections while few blocks
have been compared and by an inverted index after: the repeats must be the ones the index
alone finds, on either side of the switch and past the point where stock phrasing leaves
the index."""

from __future__ import annotations

import difflib
import random
from array import array
from collections import Counter, defaultdict
from itertools import chain, repeat

import pytest

from newslint.document import Document
from newslint.formats.parse import parse
from newslint.rules import duplicate_paragraph as dp
from newslint.rules._text import runs, similarity_reaching, words

VOCABULARY = (
    "the council said on tuesday that a new plan for bus routes would cut fares "
    "and add services while critics argued it left rural towns with fewer links "
    "officials expect the first changes by spring after a review of costs"
).split()
STOCK = "the council said on tuesday that it would consider the plan"


def index_only(document: Document, options: dict) -> list[tuple[int, int, float]]:
    """The search as it ran before the set intersections: every compared block's trigrams
    posted to the index from the first, stock trigrams dropped past the limit."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    stock: set[tuple[str, ...]] = set()
    compared: dict[int, tuple[tuple[str, ...], int]] = {}
    first: dict[tuple[str, ...], int] = {}
    found = []
    for i, block in enumerate(document.blocks):
        tokens = tuple(words(document.block_text(block)))
        if len(tokens) < options["min-words"]:
            continue
        if tokens in first:
            found.append((i, first[tokens], 1.0))
            continue
        first[tokens] = i
        if not options["near-min-words"] <= len(tokens) <= dp._NEAR_MAX_WORDS:
            continue
        grams = frozenset(runs(tokens, dp.SHINGLE))
        shared = Counter(chain.from_iterable(map(index.get, grams, repeat(()))))
        limit = dp._MIN_SHARED
        candidates = sorted(
            (-n, j) for j, n in shared.items() if n >= limit * min(len(grams), compared[j][1])
        )
        best = None
        for _, j in candidates[: dp._MAX_CANDIDATES]:
            score = similarity_reaching(tokens, compared[j][0], options["threshold"])
            if score is not None and (best is None or (score, -j) > (best[1], -best[0])):
                best = (j, score)
        if best is not None:
            found.append((i, best[0], min(best[1], 0.99)))
        compared[i] = (tokens, len(grams))
        for gram in grams - stock:
            index[gram].append(i)
            if len(index[gram]) > dp._MAX_POSTINGS:
                stock.add(gram)
                del index[gram]
    return found


def article(seed: int, paragraphs: int) -> str:
    """Paragraphs of shuffled stock words: fresh ones, near copies of earlier ones (a few
    words changed, added or dropped), exact copies, and ones opening with stock phrasing."""
    rng = random.Random(seed)
    written: list[list[str]] = []
    for _ in range(paragraphs):
        kind = rng.random()
        if written and kind < 0.35:
            text = list(rng.choice(written))
            for _ in range(rng.randrange(1, 8)):
                at = rng.randrange(len(text))
                step = rng.random()
                if step < 0.4:
                    text[at] = rng.choice(VOCABULARY)
                elif step < 0.7:
                    text.insert(at, rng.choice(VOCABULARY))
                elif len(text) > 2:
                    del text[at]
        elif written and kind < 0.42:
            text = list(rng.choice(written))
        else:
            text = [rng.choice(VOCABULARY) for _ in range(rng.randrange(4, 60))]
            if kind > 0.7:
                text = STOCK.split() + text
        written.append(text)
    return "\n\n".join(" ".join(p).capitalize() + "." for p in written) + "\n"


OPTIONS = [
    {"min-words": 6, "near-min-words": 20, "threshold": 0.8},
    {"min-words": 3, "near-min-words": 5, "threshold": 0.6},
]


@pytest.mark.parametrize("long", [False, True], ids=["words", "word ids"])
@pytest.mark.parametrize("options", OPTIONS, ids=["defaults", "loose"])
@pytest.mark.parametrize("paragraphs", [8, dp._FEW + 1, 2 * dp._MAX_POSTINGS, 300])
def test_the_repeats_are_those_the_index_alone_finds(paragraphs, options, long, monkeypatch):
    # A long text's words are kept as ids, its trigrams as ints: any text, made long here.
    if long:
        monkeypatch.setattr(dp, "LONG_TEXT", 0)
    found = 0
    for seed in range(4):
        document = parse("a.txt", article(seed, paragraphs), "text")
        expected = index_only(document, options)
        got = [(r.later, r.earlier, r.similarity) for r in dp._find_repeats(document, options)]
        assert got == expected
        found += sum(1 for _, _, score in expected if score < 1.0)
    # The articles hold near repeats for the search to find, not only exact ones.
    assert found > 0


def test_the_long_articles_reach_past_the_switch_and_the_stock_limit():
    document = parse("a.txt", article(0, 300), "text")
    expected = index_only(document, OPTIONS[0])
    near_late = [later for later, _, score in expected if score < 1.0 and later > 2 * dp._FEW]
    assert near_late
    # Stock phrasing: a trigram in more compared blocks than the index keeps.
    postings = Counter(
        chain.from_iterable(
            frozenset(runs(tuple(words(document.block_text(b))), dp.SHINGLE))
            for b in document.blocks
        )
    )
    assert max(postings.values()) > dp._MAX_POSTINGS


@pytest.mark.parametrize("threshold", [0.3, 0.6, 0.8, 0.95])
def test_the_length_and_word_set_bounds_never_rule_out_a_pair_difflib_would_keep(threshold):
    rng = random.Random(threshold)
    kept = ruled_out = 0
    for _ in range(3000):
        # Few distinct words, so that words repeat within a text and pairs come close.
        pool = VOCABULARY[: rng.randrange(2, 12)]
        a = tuple(rng.choice(pool) for _ in range(rng.randrange(1, 40)))
        b = tuple(rng.choice(pool) for _ in range(rng.randrange(1, 40)))
        may = dp._may_reach(dp._Earlier(1, a), [dp._Earlier(0, b)], threshold)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if matcher.quick_ratio() >= threshold:
            assert may, (a, b)
            kept += 1
        elif not may:
            ruled_out += 1
    # Both sides of the bound are exercised.
    assert kept and ruled_out


def test_a_pair_too_far_apart_in_length_is_ruled_out_without_sets_of_words():
    """The length bound (difflib's real_quick_ratio) decides first: 2 * 10 / (10 + 30) is
    0.5, under 0.8, so the pair is ruled out and neither block's set of words is built;
    at 0.5 the bound holds (equal, not under), and the sets are built and read."""
    a, b = tuple(VOCABULARY[:10]), tuple(VOCABULARY[:10]) * 3
    block, other = dp._Earlier(1, a), dp._Earlier(0, b)
    assert not dp._may_reach(block, [other], 0.8)
    assert block._vocabulary is None and other._vocabulary is None
    assert dp._may_reach(block, [other], 0.5)
    assert block._vocabulary == frozenset(a) and other._vocabulary == frozenset(b)


def test_leaving_the_longest_postings_out_of_the_count_keeps_every_candidate():
    # Postings as the index holds them (each block at most once per trigram), sized so
    # that blocks near the share limit are decided by the longest postings left out.
    rng = random.Random(14)
    heavy_used = 0
    for _ in range(3000):
        blocks = rng.randrange(1, 30)
        compared = {j: rng.randrange(1, 40) for j in range(blocks)}
        size = rng.randrange(1, 40)
        looked = []
        for _ in range(size):
            if rng.random() < 0.3:
                looked.append(None)
            else:
                held = rng.sample(range(blocks), rng.randrange(1, blocks + 1))
                looked.append(tuple(held) if len(held) == 1 else held)
        least = min(size, *compared.values())
        every = Counter(chain.from_iterable(p for p in looked if p))
        expected = sorted(dp._candidates(every, size, compared))
        assert sorted(dp._indexed_candidates(looked, size, least, compared)) == expected
        heavy_used += least >= 4 and len([p for p in looked if p]) > 1
    assert heavy_used > 100


def numbered(blocks: list[tuple[str, ...]]) -> tuple[list[array[int]], int]:
    """The blocks' words as ids, as `_find_repeats` numbers them (from 1, in order of first
    use), and the bits an id takes."""
    ids: dict[str, int] = {}
    found = [array("I", [ids.setdefault(word, len(ids) + 1) for word in b]) for b in blocks]
    return found, len(ids).bit_length()


def _held_later(blocks: list[array[int]], width: int) -> list[set[int]]:
    """For each block (word ids), the trigrams some later block holds: what must be posted."""
    found: list[set[int]] = []
    after: set[int] = set()
    for tokens in reversed(blocks):
        grams = set(dp._trigrams(tokens, width))
        found.append(grams & after)
        after |= grams
    return found[::-1]


def test_trigrams_as_ints_are_the_runs_of_words_one_to_one():
    """Two runs of words are one int exactly when they are the same run, a block of fewer
    than three words included (its one run is no run of three)."""
    rng = random.Random(3)
    texts = [tuple(rng.choices(VOCABULARY[:9], k=rng.randrange(1, 12))) for _ in range(300)]
    blocks, width = numbered(texts)
    by_int: dict[int, tuple[str, ...]] = {}
    for text, tokens in zip(texts, blocks, strict=True):
        grams = dp._trigrams(tokens, width)
        assert len(grams) == len(list(runs(text, dp.SHINGLE)))
        for gram, run in zip(grams, runs(text, dp.SHINGLE), strict=True):
            assert by_int.setdefault(gram, run) == run
    assert len(set(by_int.values())) == len(by_int)
    assert any(len(run) < dp.SHINGLE for run in by_int.values())


def test_every_trigram_a_later_compared_block_holds_is_posted():
    rng = random.Random(5)
    for _ in range(200):
        blocks, width = numbered(
            [
                tuple(rng.choice(VOCABULARY[:12]) for _ in range(rng.randrange(0, 30)))
                for _ in range(rng.randrange(1, 12))
            ]
        )
        later = dp._SharedLater(blocks)
        for block, needed in zip(blocks, _held_later(blocks, width), strict=True):
            grams = dp._trigrams(block, width)
            posted = later.pop(grams)
            assert len(posted) == len(set(posted))  # each once: _post adds a block once
            assert needed <= set(posted) <= set(grams)


@pytest.mark.parametrize("long", [False, True], ids=["words", "word ids"])
def test_trigrams_sharing_a_slot_change_no_repeat(monkeypatch, long):
    # Every trigram hashed alike: the index keeps them all, and finds the same repeats.
    monkeypatch.setattr(dp, "hash", lambda gram: 7, raising=False)
    if long:
        monkeypatch.setattr(dp, "LONG_TEXT", 0)
    document = parse("a.txt", article(1, 2 * dp._MAX_POSTINGS), "text")
    got = [(r.later, r.earlier, r.similarity) for r in dp._find_repeats(document, OPTIONS[0])]
    assert got == index_only(document, OPTIONS[0])
    assert any(score < 1.0 for _, _, score in got)


@pytest.mark.parametrize("blocks", [3, 40, 400])
def test_the_slot_table_posts_every_trigram_a_later_block_holds(blocks):
    """A trigram a later block holds is never left out of the index: its slot's bit is set
    in the table, whichever other slots share its byte (a small table: many bits to one
    byte). A trigram twice in one block and in no later one is not taken for shared."""
    rng = random.Random(blocks)
    texts = [tuple(rng.choices(VOCABULARY, k=rng.randint(3, 40))) for _ in range(blocks)]
    texts[0] = ("twice", "in", "one", "block", "twice", "in", "one", "block")
    ids, width = numbered(texts)
    later = dp._SharedLater(ids)
    needed = _held_later(ids, width)
    lone = posted_lone = 0
    for k, tokens in enumerate(ids):
        grams = set(dp._trigrams(tokens, width))
        posted = set(later.pop(dp._trigrams(tokens, width)))
        assert needed[k] <= posted <= grams
        lone += len(grams - needed[k])
        posted_lone += len(posted - needed[k])
    assert dp._trigrams(ids[0][:3], width)[0] not in needed[0]  # "twice in one"
    # Most trigrams are in no later block: the table must not post them all.
    if blocks == 400:
        assert posted_lone < lone / 4


@pytest.mark.parametrize(
    "holders", [dp._MAX_POSTINGS - 1, dp._MAX_POSTINGS, dp._MAX_POSTINGS + 1, dp._MAX_POSTINGS + 2]
)
def test_a_phrase_at_the_stock_limit_changes_no_repeat(holders):
    """The last block holding a trigram does not post it (no later block looks it up):
    around the limit where a trigram becomes stock phrasing, the repeats are still the
    ones the index alone finds, near repeats of the phrase's blocks included."""
    rng = random.Random(holders)
    paragraphs = []
    for k in range(holders):
        fresh = [f"w{k}x{n}" for n in range(rng.randrange(20, 30))]
        paragraphs.append(" ".join([*STOCK.split(), *fresh]))
    # Near repeats of the first and of the last block holding the phrase.
    for source in (paragraphs[0], paragraphs[-1]):
        near = source.split()
        near[-2] = "changed"
        paragraphs.append(" ".join(near))
    document = parse("a.txt", "\n\n".join(paragraphs) + "\n", "text")
    got = [(r.later, r.earlier, r.similarity) for r in dp._find_repeats(document, OPTIONS[0])]
    assert got == index_only(document, OPTIONS[0])
    assert [(later, earlier) for later, earlier, _ in got] == [
        (holders, 0),
        (holders + 1, holders - 1),
    ]


def test_a_trigram_twice_in_one_block_and_in_no_later_one_is_not_posted(monkeypatch):
    """A block reads its slots before it marks them: its own second copy of a trigram is
    not taken for a later block's. (A slot per trigram here, so no two share one.)"""
    slots: dict[tuple[int, ...], int] = {}
    monkeypatch.setattr(dp, "hash", lambda gram: slots.setdefault(gram, len(slots)), raising=False)
    blocks, width = numbered(
        [
            tuple("twice in one block twice in one block".split()),
            tuple("a later block holds one block twice".split()),
        ]
    )
    later = dp._SharedLater(blocks)
    one_block_twice = dp._trigrams(blocks[0], width)[2]
    assert later.pop(dp._trigrams(blocks[0], width)) == {one_block_twice}
    assert later.pop(dp._trigrams(blocks[1], width)) == set()


def test_what_is_kept_for_later_blocks_is_small_when_most_trigrams_are_shared():
    """Built when the index starts, _SharedLater holds its answer for every compared block
    until the block is searched. In a file of look-alike paragraphs (a small vocabulary,
    most trigrams in many blocks) nearly every trigram is held by a later block: kept as
    trigram tuples, that was some 50 bytes a trigram on top of the index (a 4 MB file of a
    30-word vocabulary peaked at 82 MB against 54 MB before), and a bytes object for each
    block still 5. A byte a trigram is kept."""
    import tracemalloc

    rng = random.Random(30)
    vocabulary = [f"word{k}" for k in range(30)]
    blocks, width = numbered(
        [tuple(rng.choices(vocabulary, k=rng.randrange(20, 60))) for _ in range(2000)]
    )
    trigrams = sum(len(b) - dp.SHINGLE + 1 for b in blocks)
    tracemalloc.start()
    try:
        later = dp._SharedLater(blocks)
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert kept < 2 * trigrams
    # Still the trigrams a later block holds, each block's in turn.
    for block, needed in zip(blocks, _held_later(blocks, width), strict=True):
        grams = dp._trigrams(block, width)
        assert needed <= set(later.pop(grams)) <= set(grams)


def test_the_words_of_compared_blocks_are_kept_as_ids():
    """A compared block's words are kept until it is searched as word ids, four bytes a
    word, and the strings go once every block is read: on a file of long paragraphs
    sharing no phrasing the search peaks under 12 bytes a word, where a tuple of strings
    for each block peaked at 16. The words split again to align a candidate are strings,
    never looked up as ids."""
    import tracemalloc

    rng = random.Random(8)
    vocabulary = [f"word{k}" for k in range(2000)]
    paragraphs = [" ".join(rng.choices(vocabulary, k=100)) for _ in range(1000)]
    paragraphs.append(" ".join([*paragraphs[500].split()[:-1], "changed"]))
    document = parse("a.txt", "\n\n".join(paragraphs) + "\n", "text")
    tracemalloc.start()
    try:
        found = dp._find_repeats(document, OPTIONS[0])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 14 * 100 * len(paragraphs)
    assert [(r.later, r.earlier, r.exact) for r in found] == [(1000, 500, False)]


@pytest.mark.parametrize("fillers", [0, 2 * dp._FEW], ids=["few compared", "indexed"])
def test_a_candidate_too_long_to_reach_the_threshold_is_not_split_again(monkeypatch, fillers):
    """A candidate sharing all of a short block's trigrams but many times its length cannot
    reach the threshold (difflib's first bound, from the lengths alone): its words are not
    split again to align it, so a file of long candidates costs no more than one of short
    ones. The repeat the short block does have is still found."""
    split: list[int] = []
    real = dp._block_words
    monkeypatch.setattr(dp, "_block_words", lambda doc, j: split.append(j) or real(doc, j))
    rng = random.Random(fillers)
    core = [f"core{k}" for k in range(30)]
    long = [f"w{rng.randrange(10**6)}" for _ in range(300)] + core
    near = [*core[:-1], "changed"]
    filler = [" ".join(f"f{k}x{n}" for n in range(25)) for k in range(fillers)]
    paragraphs = [" ".join(long), *filler, " ".join(near), " ".join(core)]
    document = parse("a.txt", "\n\n".join(paragraphs) + "\n", "text")
    found = dp._find_repeats(document, OPTIONS[0])
    last = len(paragraphs) - 1
    assert [(r.later, r.earlier) for r in found] == [(last, last - 1)]
    assert 0 not in split


def test_the_word_ids_let_go_of_the_strings_before_the_search(monkeypatch):
    """In a long text the dict from each word to its id, which holds every distinct word
    as a string, is emptied once every block is read: by the time the index is built it
    holds nothing (a file of distinct words otherwise keeps them all through the search)."""
    made: list[dict[str, int]] = []

    class Ids(defaultdict):
        def __init__(self, *args):
            super().__init__(*args)
            made.append(self)

    sizes: list[int] = []
    real = dp._SharedLater

    def later(blocks):
        sizes.append(sum(map(len, made)))
        return real(blocks)

    monkeypatch.setattr(dp, "defaultdict", Ids)
    monkeypatch.setattr(dp, "_SharedLater", later)
    monkeypatch.setattr(dp, "LONG_TEXT", 0)
    paragraphs = [" ".join(f"w{k}x{n}" for n in range(25)) for k in range(2 * dp._FEW)]
    paragraphs.append(" ".join([*paragraphs[3].split()[:-1], "changed"]))
    document = parse("a.txt", "\n\n".join(paragraphs) + "\n", "text")
    found = dp._find_repeats(document, OPTIONS[0])
    assert [(r.later, r.earlier, r.exact) for r in found] == [(len(paragraphs) - 1, 3, False)]
    assert len(made) == 1 and sizes == [0]


def test_a_long_texts_word_ids_take_two_bytes_while_they_fit_and_four_after() -> None:
    """`_as_ids`: a block's word ids are two bytes each while every id it may give fits
    (the ids so far plus one per word), four once one may not; the same ids either way."""
    from itertools import count

    ids: defaultdict[str, int] = defaultdict(count(1).__next__)
    first = dp._as_ids(("a", "b", "a"), ids)
    assert first.typecode == "H" and list(first) == [1, 2, 1]
    for n in range(0xFFFF - 5):
        ids[f"w{n}"]
    near = dp._as_ids(("a", "x", "y"), ids)  # the ids given reach 0xFFFF - 3: 0xFFFF at most
    assert near.typecode == "H" and list(near) == [1, 0xFFFF - 2, 0xFFFF - 1]
    past = dp._as_ids(("z", "b", "z"), ids)
    assert past.typecode == "I" and list(past) == [0xFFFF, 2, 0xFFFF]
