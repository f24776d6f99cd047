"""Flags a paragraph that repeats an earlier paragraph of the same article.

## What it does
Compares every paragraph (headings, list items and block quotes too) with the earlier ones
of the same article. An exact repeat is the same words after normalising whitespace, case,
quotation-mark style and punctuation. A near repeat shares most of its word sequences with
an earlier paragraph: a few words changed, added or dropped. The finding sits on the later
copy and points at the first.

Options (`[tool.newslint.rules.duplicate-paragraph]`):
- `min-words` (default 6): paragraphs with fewer words, such as "Reuters" or a dateline,
  are never compared.
- `threshold` (default 0.8): how alike two paragraphs must be to count as a near repeat:
  the share of their words that match in order (difflib's ratio). Four words changed in
  a 30-word paragraph leave about 0.87; a paragraph that merely shares one sentence with
  another scores about 0.65. 1.0 turns near repeats off. Candidates are first narrowed
  with an index of word trigrams, so long files stay fast
  (`python bench/near_duplicates.py` measures graded rewrites).
- `near-min-words` (default 20): only paragraphs this long are compared for near repeats.
  Shorter lines (results tables, team lists, award predictions) differ by a name or two
  by design, and a near match between them is noise, not a paste error.

## Why is this bad?
A paragraph pasted twice is the most common slip of machine-assisted and hurried copy, and
readers notice it at once. Spell checkers and prose linters look at one sentence at a time,
so they never see it.

## Example
    The minister resigned on Tuesday after a week of pressure over the contract.
    Her deputy will take over until an election in the spring.
    The minister resigned on Tuesday after a week of pressure over the contract.

The third paragraph repeats the first. The fix for an exact repeat deletes the later copy's
lines and its separator. `--fix` applies it only when the bytes it deletes equal the first
copy's lines but for spacing; when they differ in case, punctuation or markup at the edges
(a code span `+52%` against `+5.2%`, another link URL, an image, an HTML comment, bold)
the fix is offered as unsafe, since the copy may hold something the first lacks. A near
repeat has no automatic fix, because an editor must choose which wording to keep.
"""

from __future__ import annotations

import math
import operator
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from functools import partial
from itertools import chain, compress, count, repeat
from typing import NamedTuple

from newslint.analysis.words import LONG_TEXT
from newslint.document import Block, Document
from newslint.engine.rule import Options, Rule
from newslint.formats.parse import parse_view
from newslint.model import Diagnostic, Edit, Fix, Related, Severity
from newslint.rules._text import (
    FirstWording,
    _line_end,
    _line_start,
    delete_block,
    runs,
    similarity_reaching,
    whole_lines,
    words,
)

SHINGLE = 3
# A trigram in more paragraphs than this is stock phrasing; it is left out of the candidate
# index so a huge file cannot make the comparison quadratic.
_MAX_POSTINGS = 50
# Share of the shorter paragraph's trigrams a candidate must share before the exact,
# costlier word alignment is computed.
_MIN_SHARED = 0.3
# Only the earlier paragraphs sharing the most trigrams are aligned: a near repeat shares
# most of its trigrams with its original, so it is among them, and the work per paragraph
# stays bounded in a wire dump of look-alike stories.
_MAX_CANDIDATES = 8
# Word alignment is quadratic in the worst case; a "paragraph" longer than this is a dump
# without paragraph breaks, and is checked for exact repeats only.
_NEAR_MAX_WORDS = 1000
# Until this many blocks have been compared (most articles never get there), the trigrams
# each shares with the earlier ones are counted by intersecting their trigram sets, and no
# index is built. Past it the index is built and kept, so a long file stays linear. At most
# _MAX_POSTINGS, so that no trigram of the index built then is stock phrasing yet.
_FEW = 16


class Repeat(NamedTuple):
    """Block `later` repeats block `earlier` (indices into the document's blocks), with
    the share of word sequences they have in common. A named tuple, not a dataclass,
    which compiles its methods at every start (about 0.4 ms of a one-article run)."""

    later: int  # block index
    earlier: int
    similarity: float  # 1.0 for an exact repeat

    @property
    def exact(self) -> bool:
        return self.similarity >= 1.0


def find_repeats(document: Document, options: Options) -> tuple[Repeat, ...]:
    """Each block that repeats an earlier one, paired with the first block it repeats.

    Kept with the document: duplicate-sentence asks for the same repeats right after this
    rule, and on a big file the search is the costliest step of both.
    """
    # Keyed by the options the search reads, not all of them: the engine adds others
    # (lexicon-files), and duplicate-sentence passes the defaults.
    used = (options["min-words"], options["near-min-words"], options["threshold"])
    return document.memo(
        ("duplicate-paragraph repeats", used), lambda: _find_repeats(document, options)
    )


class _Earlier:
    """A block compared while few have been: its words; their set, built only once it is
    paired with a block whose length may be alike enough (`_may_reach`); and its trigrams,
    built only once it or a later block may be alike enough to another, or the index takes
    over. A plain class: nothing compares, hashes or prints one, and a dataclass compiles
    its methods at every start."""

    __slots__ = ("block", "tokens", "_vocabulary", "grams")

    def __init__(self, block: int, tokens: Sequence[Hashable]) -> None:
        self.block = block
        self.tokens = tokens  # words, or their ids in a long text (`_find_repeats`)
        self._vocabulary: frozenset[Hashable] | None = None
        self.grams: frozenset[Hashable] | None = None

    @property
    def vocabulary(self) -> frozenset[Hashable]:
        """The set of its words, built on first use."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(self.tokens)
        return self._vocabulary


def _find_repeats(document: Document, options: Options) -> tuple[Repeat, ...]:
    min_words, near_min_words = options["min-words"], options["near-min-words"]
    threshold = options["threshold"]
    # The first block of each wording (kept by the hash of its words: a tuple of words per
    # block kept to the end was a fifth of a 4 MB file's peak).
    first_exact = FirstWording(lambda block: tuple(_block_words(document, block)))
    # Each compared block's trigram count, by block index (in the first few, once its
    # trigrams are built). Its words are split again when it is a candidate to align: a
    # few hundred blocks of a 4 MB file's 7,000.
    compared: dict[int, int] = {}
    # Each compared block's word count, by block index: difflib's first bound rules out a
    # candidate by the lengths alone, before its words are split again to align it.
    lengths = array("I", [0]) * len(document.blocks)
    # The blocks compared while few have been, in order; None once the index has taken over.
    few: list[_Earlier] | None = []
    # Trigram (`_trigrams`) -> the blocks holding it, in order. Most trigrams of a long
    # file are in one block only: those share that block's one-item tuple, and a gram gets
    # a tuple of its own when a second block holds it (a list per gram was half of a 4 MB
    # file's peak).
    index: dict[Hashable, tuple[int, ...]] = {}
    stock: set[Hashable] = set()  # trigrams dropped from the index as stock phrasing
    smallest = 0  # the fewest trigrams of a block in the index (set when it is built)
    repeats: list[Repeat] = []
    # Each block's words first, and what becomes of it: left out (too few words), an exact
    # repeat, or compared; then the compared blocks are searched in order, and each one's
    # words let go once the index holds its trigrams (None in the plan).
    plan: list[Repeat | tuple[int, Sequence[Hashable]] | None] = []
    # In a long text, each word's id, from 1 in order of first use (0 is no word:
    # `_trigrams` pads with it). A compared block's words are kept as ids, two or four
    # bytes a word (`_as_ids`) rather than a pointer to a string, and the strings go once
    # every block is read: on the 4 MB joined corpus file the peak after this rule fell
    # from 54 to 45 MB (`python bench/rule_memory_ab.py FILE`), where tuples of strings
    # and of them as the index's keys had held a third of its own peak. A short text keeps
    # its words: a look-up per word cost this rule a third more on the BBC corpus
    # (bench/rule_cpu.py).
    ids = defaultdict(count(1).__next__) if len(document.view) > LONG_TEXT else None
    for i, block in enumerate(document.blocks):
        found = tuple(words(document.block_text(block)))
        if len(found) < min_words:
            continue
        earlier = first_exact.earlier(i, found)
        if earlier is not None:
            plan.append(Repeat(i, earlier, 1.0))
            continue
        if threshold >= 1.0 or not near_min_words <= len(found) <= _NEAR_MAX_WORDS:
            continue
        lengths[i] = len(found)
        plan.append((i, found if ids is None else _as_ids(found, ids)))
    grams_of: Callable[[Sequence[Hashable]], list[Hashable]] = _runs
    if ids is not None:
        grams_of = partial(_trigrams, width=len(ids).bit_length())
        ids.clear()
    later: _SharedLater | None = None  # built with the index
    for at, step in enumerate(plan):
        if step is None:
            continue  # not reached: entries are let go after they are read
        if isinstance(step, Repeat):
            repeats.append(step)
            continue
        i, tokens = step
        if few is not None and len(few) < _FEW:
            this = _Earlier(i, tokens)
            if _may_reach(this, few, threshold):
                this.grams = frozenset(grams_of(tokens))
                # How many of its trigrams each earlier block shares, for those sharing
                # any: the counts the index would give, by set intersections in C.
                shared = {
                    earlier.block: n
                    for earlier in few
                    if (n := len(this.grams.intersection(_grams(earlier, grams_of, compared))))
                }
                size = len(this.grams)
                candidates = _candidates(shared, size, compared)
                best = _nearest(document, i, candidates, lengths, threshold)
                if best is not None:
                    repeats.append(Repeat(i, best[0], min(best[1], 0.99)))
                compared[i] = size
            few.append(this)
            continue
        if later is None:
            # From here on the index is cheaper: post the blocks so far, in order, as if it
            # had been built from the start (no trigram can have passed the limit yet).
            # The compared blocks' steps are plain tuples (a Repeat is a named tuple).
            later = _SharedLater([step[1] for step in plan if type(step) is tuple])
            for earlier in few or ():
                _grams(earlier, grams_of, compared)  # its count, for the blocks sharing them
                held = later.pop(grams_of(earlier.tokens))
                _post(index, stock, held, list(map(index.get, held)), earlier.block)
            few = None
            smallest = min(compared.values(), default=0)
        ordered = grams_of(tokens)
        grams = frozenset(ordered)  # `later` reads them in order
        size = len(grams)
        # A trigram in no earlier block is in no postings: looked up, it finds none.
        looked = list(map(index.get, grams))
        candidates = _indexed_candidates(looked, size, min(size, smallest), compared)
        best = _nearest(document, i, candidates, lengths, threshold)
        if best is not None:
            repeats.append(Repeat(i, best[0], min(best[1], 0.99)))
        compared[i] = size
        smallest = min(smallest, size)
        held = later.pop(ordered)
        # Its trigrams in the index that no later block holds are looked up no more:
        # their postings go (`_SharedLater` never leaves out one a later block holds).
        for gram in set(compress(grams, looked)).difference(held):
            del index[gram]
        _post(index, stock, held, list(map(index.get, held)), i)
        plan[at] = None
    return tuple(repeats)


def _as_ids(found: Sequence[str], ids: defaultdict[str, int]) -> array[int]:
    """The ids of the words `found` (each word's from `ids`, a new word's next, from 1):
    two bytes an id while they fit (a news file of 4 MB has some 30,000 words), four
    after. Where it changes, the blocks before keep two: `_trigrams` and `_SharedLater`
    read the ids alike either way."""
    # The ids these words may take are at most the ids given so far plus one per word.
    code = "H" if len(ids) + len(found) <= 0xFFFF else "I"
    return array(code, map(ids.__getitem__, found))


def _block_words(document: Document, block: int) -> list[str]:
    """The words of the document's block `block` (an index), as `_find_repeats` reads
    them, as strings: aligned with another block's copy and then dropped."""
    return words(document.block_text(document.blocks[block]))


def _runs(tokens: Sequence[Hashable]) -> list[Hashable]:
    """The trigrams of a short text's block: `runs` of its words."""
    return list(runs(tokens, SHINGLE))


def _trigrams(tokens: Sequence[int], width: int) -> list[int]:
    """The runs of three consecutive word ids of `tokens` (each under 2 ** `width`), in
    order and repeats included, each as one int: the three ids side by side, `width` bits
    each. Fewer words are one run, led by the id 0 no word has. As a key of the index an
    int of a few dozen bits takes half the room of a tuple of three, and hashes as
    itself."""
    if 0 < len(tokens) < SHINGLE:
        tokens = [*repeat(0, SHINGLE - len(tokens)), *tokens]
    # A comprehension: a third faster than maps of `operator`'s shifts.
    twice = 2 * width
    return [(a << twice) | (b << width) | c for a, b, c in runs(tokens, SHINGLE)]


class _SharedLater:
    """Which trigrams of each compared block a later compared block may hold, by one pass
    over the blocks from the last to the first with a table of slots (trigram hashes cut
    to its size, about sixteen slots per word of the blocks, a bit each): a trigram whose
    slot a later block marked may be in that block. Only those are posted to the index: a
    trigram no later block holds is never looked up under this block (most trigrams of a
    long file, and most of the index's memory). One that shares its slot with another
    trigram of a later block is posted though it need not be: that only costs room, never
    a finding. Bits, not bytes: at four byte slots per word, one kept trigram in two of a
    4 MB file's index was such a stray (6 MB of its peak); sixteen bit slots keep a few in
    a hundred in half that room. What is kept until a block is searched is a byte a
    trigram, in one array for all blocks: in a file of look-alike paragraphs nearly every
    trigram is in a later block, and a tuple of them for each block raised a 4 MB file's
    peak from 54 to 82 MB; a bytes object for each block cost 2.5 MB of an 8 MB file's
    (peak resident memory of `newslint check --select D001 FILE`).

    Every look-up finds what posting every trigram of two blocks or more gave, as an
    earlier version did with a second table and a second pass over every trigram: the
    last block holding a trigram no longer posts it, and no block after it looks it up,
    so that block drops the trigram's postings too (on the 4 MB joined corpus file the
    index then peaks 2.7 MB lower)."""

    def __init__(self, blocks: Sequence[Sequence[Hashable]]) -> None:
        """`blocks` are the words (or their ids) of the compared blocks, in document
        order."""
        room = 16 * sum(map(len, blocks))
        mask = (1 << max(13, room.bit_length())) - 1
        seen = bytearray((mask >> 3) + 1)  # slots of the blocks after the one read
        # For each trigram of `runs` of each block, nonzero if a later block may hold it:
        # the last block's first and each block's backwards, so that the blocks, searched
        # in order, take theirs from the end (let go of as they are read).
        self._flags = bytearray()
        for tokens in reversed(blocks):
            # In C, a list at a time: a Python step per trigram cost more than the index
            # saved. A block's slots are read before it marks them, so a trigram it holds
            # twice is not taken for one a later block holds. The hash of a tuple of ids,
            # not a trigram of `_trigrams`: the low bits of that, which the slot keeps, are
            # the last word's id, and it costs more to build.
            slots = list(map(mask.__and__, map(hash, runs(tokens, SHINGLE))))
            places = list(map(operator.rshift, slots, repeat(3)))
            bits = list(map(operator.lshift, repeat(1), map(operator.and_, slots, repeat(7))))
            self._flags += bytes(map(operator.and_, map(seen.__getitem__, places), bits))[::-1]
            _mark(seen, places, bits)

    def pop(self, grams: list[Hashable]) -> set[Hashable]:
        """Those of `grams` that a later compared block may hold, once each (a trigram
        posted twice would count its block twice): `grams` are the trigrams of the next
        compared block, in document order, one a run of `runs` (as `_runs` or
        `_trigrams` gives them)."""
        cut = len(self._flags) - len(grams)
        held = self._flags[cut:][::-1]
        del self._flags[cut:]
        return set(compress(grams, held))


def _mark(table: bytearray, places: list[int], bits: list[int]) -> None:
    """Set each bit of `bits` in the byte of `table` at the same place (in C; a byte read
    after the bits set before it in the list, so two in one byte are both kept)."""
    ors = map(operator.or_, map(table.__getitem__, places), bits)
    deque(map(table.__setitem__, places, ors), maxlen=0)


def _post(
    index: dict[Hashable, tuple[int, ...]],
    stock: set[Hashable],
    grams: Collection[Hashable],
    looked: list[tuple[int, ...] | None],
    block: int,
) -> None:
    """Add `block` to the postings of its trigrams, `looked` being each one's postings (in
    the order `grams` iterates) as the index held them before; a trigram in more than
    _MAX_POSTINGS blocks becomes stock phrasing and leaves the index for good. Postings
    are tuples, built again for each block added (at most _MAX_POSTINGS long): a list
    with room to grow took a third more of a long file's index."""
    alone = (block,)
    for gram, postings in zip(grams, looked, strict=True):
        if postings is None:
            if not stock or gram not in stock:
                index[gram] = alone
        elif len(postings) < _MAX_POSTINGS:
            index[gram] = (*postings, block)
        else:
            stock.add(gram)
            del index[gram]


def _grams(
    block: _Earlier,
    grams_of: Callable[[Sequence[Hashable]], list[Hashable]],
    compared: dict[int, int],
) -> frozenset[Hashable]:
    """The block's trigrams (by `grams_of`), built on first use and then noted in
    `compared`."""
    if block.grams is None:
        block.grams = frozenset(grams_of(block.tokens))
        compared[block.block] = len(block.grams)
    return block.grams


def _may_reach(block: _Earlier, earlier: list[_Earlier], threshold: float) -> bool:
    """Whether any earlier block could be `threshold` alike with `block`, by bounds on
    difflib's real_quick_ratio and quick_ratio (which `similarity_reaching` asks first):
    the lengths alone, then the sets of words, for the pairs of lengths close enough. The
    words the two share in any order are at most the distinct words both hold plus the
    fewer repeated occurrences either has (each word only one holds takes one of its
    occurrences). When no block can, the search has nothing to find and no trigrams are
    built; neither bound rules out a pair the exact ratio would keep."""
    size = len(block.tokens)
    for other in earlier:
        length = size + len(other.tokens)
        # The fewer words bound those shared (difflib's real_quick_ratio): most pairs of
        # blocks of a news article are too far apart in length to reach the threshold,
        # ruled out without their sets of words.
        if length and 2.0 * min(size, len(other.tokens)) / length < threshold:
            continue
        vocabulary = block.vocabulary
        fewer = min(size - len(vocabulary), len(other.tokens) - len(other.vocabulary))
        most = len(vocabulary.intersection(other.vocabulary)) + fewer
        # The same arithmetic as difflib's ratio, so float rounding cannot part them.
        if not length or 2.0 * most / length >= threshold:
            return True
    return False


def _candidates(
    shared: Mapping[int, int], size: int, compared: dict[int, int]
) -> list[tuple[int, int]]:
    """(-count, block) of the earlier blocks worth aligning with one of `size` trigrams,
    `shared` being how many of them each earlier block shares: a near repeat keeps a good
    share of its trigrams (at least _MIN_SHARED of the smaller block's)."""
    return [
        (-count, j) for j, count in shared.items() if count >= _MIN_SHARED * min(size, compared[j])
    ]


def _indexed_candidates(
    looked: list[tuple[int, ...] | None],
    size: int,
    least: int,
    compared: dict[int, int],
) -> list[tuple[int, int]]:
    """`_candidates` from the index: `looked` holds the postings of each of the block's
    `size` trigrams (None for a trigram in no earlier block), `least` is at most the
    trigram count of the block and of every block in the index.

    The same list as counting every posting, for less: the longest postings (stock-like
    phrasing, most of all postings in a long file) are left out of the count, as many of
    them as cannot make a candidate alone, `heavy` < _MIN_SHARED * `least`. A block in
    those only shares at most `heavy` trigrams (it is once in each postings list), fewer
    than any candidate shares; a block in the others gets its exact count from the
    longest ones only when that could make it a candidate."""
    held = [postings for postings in looked if postings]
    heavy = max(0, math.ceil(_MIN_SHARED * least) - 1)
    if len(held) <= heavy or not heavy:
        return _candidates(Counter(chain.from_iterable(held)), size, compared)
    held.sort(key=len)
    longest = held[-heavy:]
    counts = Counter(chain.from_iterable(held[:-heavy]))
    found: list[tuple[int, int]] = []
    in_longest: Counter[int] | None = None
    for j, n in counts.items():
        need = _MIN_SHARED * min(size, compared[j])
        if n + heavy >= need:
            if in_longest is None:
                in_longest = Counter(chain.from_iterable(longest))
            n += in_longest[j]
            if n >= need:
                found.append((-n, j))
    return found


def _nearest(
    document: Document,
    block: int,
    candidates: list[tuple[int, int]],
    lengths: array[int],
    threshold: float,
) -> tuple[int, float] | None:
    """The earlier block most like block `block` (an index), if any reaches the threshold,
    among the `candidates` (-shared trigrams, block): only the _MAX_CANDIDATES sharing the
    most are aligned, `lengths` holding each block's word count. The words are split
    again, the block's own once, only for a candidate to align."""
    best: tuple[int, float] | None = None
    size = lengths[block]
    tokens: list[str] | None = None
    for _, j in sorted(candidates)[:_MAX_CANDIDATES]:
        # difflib's first bound (real_quick_ratio, the same arithmetic), from the lengths
        # alone: a candidate it rules out is not split again, which in a file of long
        # candidates cost as much as the search.
        total = size + lengths[j]
        if total and 2.0 * min(size, lengths[j]) / total < threshold:
            continue
        if tokens is None:
            tokens = _block_words(document, block)
        score = similarity_reaching(tokens, _block_words(document, j), threshold)
        if score is not None and (best is None or (score, -j) > (best[1], -best[0])):
            best = (j, score)
    return best


# Texts up to this many characters are parsed whole to check a deletion; longer ones by a
# window of `_AROUND` blocks either side of the repeat.
_WHOLE_TEXT = 50_000
_AROUND = 3


def _spacing(text: str) -> str:
    """`text` with runs of whitespace made one space, and none at either end."""
    return " ".join(text.split())


def _lines(text: str, block: Block) -> str:
    """Every character of the lines a block is on: what deleting it would take, markup at
    its edges included (a leading image, a trailing code span or comment, link URLs)."""
    return text[_line_start(text, block.start) : _line_end(text, block.end)]


def _rest_reads_the_same(document: Document, edit: Edit, index: int) -> bool:
    """Whether the text the deletion of block `index` leaves reads as it did: parsed again,
    its view is the old view without the deleted span. A repeat whose last line opens a
    construct it does not close (`<!-- note` continued on the next line) would leave the
    rest of that construct as copy: an editor's hidden note published.

    A long text is not parsed whole for each repeat (that made a 4 MB file cost 17 times
    the same bytes as separate articles): only a window of the blocks around the repeat is
    parsed, with and without the deletion. What a deletion uncovers starts right after it,
    so the next blocks show it."""
    text = document.text
    if len(text) <= _WHOLE_TEXT:
        kept = text[: edit.start] + edit.content + text[edit.end :]
        fresh = parse_view(kept, document.format)
        return fresh == document.view[: edit.start] + edit.content + document.view[edit.end :]
    blocks = document.blocks
    lo = _line_start(text, blocks[max(0, index - _AROUND)].start)
    hi = _line_end(text, blocks[min(len(blocks) - 1, index + _AROUND)].end)
    window, start, end = text[lo:hi], edit.start - lo, edit.end - lo
    before = parse_view(window, document.format)
    after = parse_view(window[:start] + edit.content + window[end:], document.format)
    return after == before[:start] + edit.content + before[end:]


class DuplicateParagraph(Rule):
    __doc__ = __doc__
    code = "D001"
    name = "duplicate-paragraph"
    summary = "A paragraph repeats an earlier paragraph of the same article."
    severity = Severity.ERROR
    fixable = True
    options = {"min-words": 6, "threshold": 0.8, "near-min-words": 20}
    # Reads only the words of each block; its trigram index is gone when it returns and
    # only the repeats stay in the memo (for duplicate-sentence).
    uses_shared_analyses = False

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        for rep in find_repeats(document, options):
            block = document.blocks[rep.later]
            first = document.blocks[rep.earlier]
            if rep.exact:
                message = "paragraph repeats an earlier paragraph word for word"
                fix = None
                if block.kind == "paragraph" and whole_lines(document, block):
                    edit = delete_block(document, block)
                    # Safe only when the bytes deleted, spacing aside, are the kept copy's
                    # lines: a copy that differs in case, punctuation, quotation marks
                    # ("5.2%" and "52" are the same words) or in markup the words skip (a
                    # code span, a link URL, an image, a comment) holds something the first
                    # may lack, so an editor decides.
                    deleted = document.text[edit.start : edit.end]
                    same = _spacing(deleted) == _spacing(_lines(document.text, first))
                    same = same and _rest_reads_the_same(document, edit, rep.later)
                    how = "delete the repeated paragraph" + (
                        ""
                        if same
                        else " (its lines differ from the first's in more than spacing:"
                        " case, punctuation or markup)"
                    )
                    fix = Fix(how, (edit,), safe=same)
            else:
                message = (
                    f"paragraph nearly repeats an earlier paragraph "
                    f"({rep.similarity:.0%} of word sequences shared); keep one wording"
                )
                fix = None
            related = Related(document.path, first.start, first.end, "first appears here")
            yield self.diagnostic(document, block.start, block.end, message, fix, [related])
