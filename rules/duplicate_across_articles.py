"""Flags a paragraph that appears, word for word or nearly, in another article of the run.

## What it does
Compares the paragraphs of every article linted together (and, with
`newslint check --against INDEX`, the paragraphs of a published archive indexed with
`newslint index`). An exact repeat has the same words after normalising whitespace, case,
quotation-mark style and punctuation; a near repeat shares most of its words in order, as
in `duplicate-paragraph`. Every occurrence is reported, pointing at the others. Repeats
inside one article are `duplicate-paragraph`'s business.

Near repeats are found with MinHash signatures and locality-sensitive hashing, so the
cost grows with the number of paragraphs, not with the number of pairs.

Off by default; turn it on with `--select D003` or `extend-select`.

Options (`[tool.newslint.rules.duplicate-across-articles]`):
- `min-words` (default 8): shorter paragraphs are never compared.
- `near-min-words` (default 20): only paragraphs this long are compared for near repeats.
- `threshold` (default 0.8): how alike two paragraphs must be to count as a near repeat
  (difflib's ratio of their words); 1.0 = exact repeats only.
- `strip` (default: a leading dateline such as "LONDON (Reuters) -"): regular expressions
  removed from the start of a paragraph before it is compared.
- `boilerplate` (default: "Reporting by ...", "Editing by ...", "Additional reporting
  ...", "Follow us on ...", "Sign up ...", "Copyright ..."): regular expressions; a paragraph
  that matches one from its start is never compared.

## Why is this bad?
A paragraph lifted from another story (an old background paragraph, a competitor's
copy, last year's report) is at best stale and at worst plagiarism. No reader of one
article can see it; only a look across the whole output, or the archive, finds it.

## Example
    articles/budget.md:   The Treasury said borrowing would fall to 3% of GDP by 2027.
    articles/markets.md:  The Treasury said borrowing would fall to 3% of GDP by 2027.

Both paragraphs are reported, each pointing at the other.
"""

from __future__ import annotations

import functools
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import regex

from newslint import regexes
from newslint.document import Document
from newslint.engine.rule import CorpusRule, Options, Spread, serial
from newslint.model import Diagnostic, Related, Severity
from newslint.rules._text import similarity_reaching
from newslint.store.minhash import band_keys, pack, similarity, tokens, unpack

if TYPE_CHECKING:
    from newslint.engine.archive import ArchiveIndex, Hit

# A band key shared by more paragraphs than this is stock phrasing; skipping it keeps the
# comparison linear in the number of paragraphs.
_MAX_BUCKET = 40
# Candidate pairs confirmed per task when the comparisons are spread over workers.
_PAIRS_PER_TASK = 200
# Related places listed per finding; the message gives the full count.
_MAX_RELATED = 5

_DATELINE = r"\p{Lu}[\p{Lu} .,'-]{2,}(?:\s*\([^)]{1,30}\))?\s*[-\u2013\u2014:]\s+"
_BOILERPLATE = [
    r"(?i)\(?(?:additional\s+)?(?:reporting|editing|writing|compiled)\s+by\b",
    r"(?i)(?:follow|sign\s+up|subscribe|copyright|\u00a9)\b",
]


# Paragraph and Summary are named tuples, not frozen dataclasses: a dataclass compiles its
# methods from source at every start (about 0.5 ms a class of a one-article run, which
# does not even run this rule); a named tuple is made in a tenth of that and is as
# immutable, equal by value, hashable, printable and picklable.


class Paragraph(NamedTuple):
    """A paragraph kept for comparing across articles: characters [start, end) of its
    document's text, its normalised words and its packed band keys."""

    start: int
    end: int
    words: str  # normalised words joined by spaces
    bands: bytes  # packed LSH band keys; empty when too short for near repeats


class Summary(NamedTuple):
    """One document's paragraphs: small and picklable, so it crosses processes and caches.
    A JSON export holds a document per article and field: `article` and `field` name it
    (None in any other file)."""

    path: str
    threshold: float
    paragraphs: tuple[Paragraph, ...]
    article: str | None = None
    field: str | None = None

    @property
    def source(self) -> Source:
        """The article the paragraphs are in: a file, or one article of a JSON export (its
        fields, headline and body, are one article)."""
        return (self.path, self.article)


@functools.lru_cache(maxsize=32)
def _patterns(patterns: tuple[str, ...]) -> regex.Pattern[str] | None:
    if not patterns:
        return None
    # Case matters: a dateline is in capitals. Patterns may turn it off with (?i).
    return regexes.compile("|".join(f"(?:{p})" for p in patterns))


class DuplicateAcrossArticles(CorpusRule):
    __doc__ = __doc__
    code = "D003"
    name = "duplicate-across-articles"
    summary = "A paragraph appears, exactly or nearly, in another article of the run."
    severity = Severity.WARNING
    default_enabled = False
    options = {
        "min-words": 8,
        "near-min-words": 20,
        "threshold": 0.8,
        "strip": [_DATELINE],
        "boilerplate": _BOILERPLATE,
    }

    def collect(self, document: Document, options: Options) -> Summary:
        strip = _patterns(tuple(options["strip"]))
        boilerplate = _patterns(tuple(options["boilerplate"]))
        near = options["threshold"] < 1.0
        kept = []
        for block in document.blocks:
            start = block.start
            if strip is not None and (lead := strip.match(document.view, start, block.end)):
                start = lead.end()
            if boilerplate is not None and boilerplate.match(document.view, start, block.end):
                continue
            words = tokens(document.view[start : block.end])
            if len(words) < options["min-words"]:
                continue
            bands = (
                pack(band_keys(words)) if near and len(words) >= options["near-min-words"] else b""
            )
            kept.append(Paragraph(start, block.end, " ".join(words), bands))
        return Summary(
            document.path, options["threshold"], tuple(kept), document.article, document.field
        )

    def dump_summary(self, summary: Summary) -> list[object]:
        """[path, threshold, [[start, end, words, bands as hex], ...], article, field] for
        the cache."""
        paragraphs = [[p.start, p.end, p.words, p.bands.hex()] for p in summary.paragraphs]
        return [summary.path, summary.threshold, paragraphs, summary.article, summary.field]

    def load_summary(self, data: object) -> Summary:
        """The summary `dump_summary` made; raises TypeError or ValueError on other data."""
        if not isinstance(data, list) or len(data) != 5:
            raise TypeError("not a D003 summary")
        path, threshold, paragraphs, article, field = data
        if not isinstance(path, str) or type(threshold) not in (int, float):
            raise TypeError("not a D003 summary")
        if not all(part is None or isinstance(part, str) for part in (article, field)):
            raise TypeError("not a D003 summary")
        kept = []
        for item in paragraphs:
            start, end, words, bands = item
            if not (type(start) is int and type(end) is int and isinstance(words, str)):
                raise TypeError("not a D003 paragraph")
            kept.append(Paragraph(start, end, words, bytes.fromhex(bands)))
        return Summary(path, float(threshold), tuple(kept), article, field)

    def finish(self, collected: Sequence[Summary], spread: Spread = serial) -> Iterable[Diagnostic]:
        places = [(s, p) for s in collected for p in s.paragraphs]
        twins: dict[int, dict[int, float]] = defaultdict(dict)  # place -> other -> similarity
        by_words: dict[str, list[int]] = defaultdict(list)
        for i, (_, paragraph) in enumerate(places):
            by_words[paragraph.words].append(i)
        for group in by_words.values():
            for i in group:
                for j in group:
                    if places[i][0].source != places[j][0].source:
                        twins[i][j] = 1.0
        buckets: dict[int, list[int]] = defaultdict(list)
        # The one article all copies of a representative's text are in, or None when they
        # are in several: two representatives of one article may still have copies apart.
        only: dict[int, Source | None] = {}
        for group in by_words.values():  # one representative per exact text
            if places[group[0]][1].bands:
                only[group[0]] = _only({places[i][0].source for i in group})
                for key in unpack(places[group[0]][1].bands):
                    buckets[key].append(group[0])
        # Candidate pairs of representatives (i < j: buckets fill in place order), each once
        # however many bands they share, never two texts whose copies are all in one article.
        pairs = sorted(
            {
                (i, j)
                for members in buckets.values()
                if len(members) <= _MAX_BUCKET
                for a, i in enumerate(members)
                for j in members[a + 1 :]
                if only[i] is None or only[i] != only[j]
            }
        )

        def confirm(chunk: list[tuple[int, int]]) -> list[float | None]:
            return [
                _score(
                    places[i][1].words,
                    places[j][1].words,
                    min(places[i][0].threshold, places[j][0].threshold),
                )
                for i, j in chunk
            ]

        # The alignments are the costly part: the run's workers share them.
        chunks = [pairs[k : k + _PAIRS_PER_TASK] for k in range(0, len(pairs), _PAIRS_PER_TASK)]
        scores = [score for done in spread(confirm, chunks) for score in done]
        for (i, j), score in zip(pairs, scores, strict=True):
            if score is None:
                continue
            # Every exact copy of either paragraph is a near twin of every copy of the other.
            for a in by_words[places[i][1].words]:
                for b in by_words[places[j][1].words]:
                    if places[a][0].source != places[b][0].source:
                        twins[a][b] = twins[b][a] = score
        for i in sorted(twins):
            yield self._report(
                _spot(places, i), [(_spot(places, j), score) for j, score in twins[i].items()]
            )

    def finish_bag(self, summaries: Any) -> Any:
        """`finish` over a Dask bag of `(place, Summary)`, as five shuffles on the workers:
        paragraphs grouped by their words (exact repeats; the first in input order stands
        for its copies), the representatives' band keys grouped by key (LSH buckets), each
        candidate pair sent to its first paragraph (where duplicates collapse) and then,
        with that paragraph's words and copies, to its second, where it is confirmed; last,
        every twin of a paragraph grouped by paragraph for its finding. Paragraphs are
        ordered by (place, index in the summary) as `finish` orders them, so the
        representatives, buckets and findings are the same."""
        import dask.bag as db  # the `dask` extra; only a cluster run gets here

        n = summaries.npartitions
        groups = _regroup(summaries.map_partitions(_rows), _words, n).map(_group)
        reps = groups.map_partitions(_representatives)
        entries = groups.map_partitions(_band_entries)
        pairs = _regroup(entries, _first, n).map_partitions(_candidates)
        firsts = _regroup(db.concat([reps, pairs]), _first, n)
        near = _regroup(db.concat([reps, firsts.map_partitions(_halves)]), _first, n)
        twins = db.concat([groups.map_partitions(_exact_twins), near.map_partitions(_near_twins)])
        found = _regroup(twins, _first, n)
        return found.map_partitions(_findings, self)

    def against(self, collected: Sequence[Summary], archive: ArchiveIndex) -> Iterable[Diagnostic]:
        """Paragraphs of the run already published in the archive; an article that is
        itself in the archive is not compared with its own copy there."""
        for summary in collected:
            for paragraph in summary.paragraphs:
                found = [
                    (hit, 1.0) for hit in archive.exact(paragraph.words) if hit.path != summary.path
                ]
                if not found and paragraph.bands:
                    words = paragraph.words.split()
                    for hit in archive.candidates(unpack(paragraph.bands)):
                        score = similarity(words, hit.words.split())
                        if hit.path != summary.path and score >= summary.threshold:
                            found.append((hit, min(score, 0.99)))
                if found:
                    yield self._published(summary, paragraph, found)

    def _published(
        self, summary: Summary, paragraph: Paragraph, found: list[tuple[Hit, float]]
    ) -> Diagnostic:
        exact = found[0][1] >= 1.0
        paths = sorted({hit.path for hit, _ in found})
        how = "word for word" if exact else f"nearly ({max(s for _, s in found):.0%} of words)"
        message = f"paragraph was already published {how} in {paths[0]}" + (
            f" and {len(paths) - 1} more" if len(paths) > 1 else ""
        )
        related = [
            Related(hit.path, hit.start, hit.end, "published here")
            for hit, _ in found[:_MAX_RELATED]
        ]
        return self.finding(
            summary.path,
            paragraph.start,
            paragraph.end,
            message,
            related=related,
            article=summary.article,
            field=summary.field,
        )

    def _report(self, here: Spot, others: list[tuple[Spot, float]]) -> Diagnostic:
        """The finding at paragraph `here`, whose twins are `others` with their scores."""
        # By file, then in input order: a file's paragraphs in reading order, and a JSON
        # export's articles in file order (their offsets are each in its own field).
        ordered = sorted(others, key=lambda o: (o[0].path, o[0].order))
        exact = [spot for spot, score in ordered if score >= 1.0]
        if exact:
            count = len({spot.source for spot in exact})
            message = f"paragraph also appears word for word in {count} other article" + (
                "s" if count != 1 else ""
            )
        else:
            best = max(score for _, score in ordered)
            count = len({spot.source for spot, _ in ordered})
            message = (
                f"paragraph nearly repeats a paragraph of {count} other article"
                f"{'s' if count != 1 else ''} ({best:.0%} of words shared in order)"
            )
        related = [
            Related(
                spot.path,
                spot.start,
                spot.end,
                "also here" if score >= 1.0 else "nearly the same here",
                spot.article,
                spot.field,
            )
            for spot, score in ordered[:_MAX_RELATED]
        ]
        return self.finding(
            here.path,
            here.start,
            here.end,
            message,
            related=related,
            article=here.article,
            field=here.field,
        )


# An article: its file, and its id in a JSON export (None in any other file).
Source = tuple[str, str | None]


def _only(sources: set[Source]) -> Source | None:
    """The one article of a text's copies, or None when they are in several."""
    return next(iter(sources)) if len(sources) == 1 else None


class Spot(NamedTuple):
    """Where a paragraph is: `order` sorts paragraphs in input order (an int in `finish`,
    (place..., index) in `finish_bag`); `source` is its article, `field` the field of a
    JSON export's article it is in."""

    order: Any
    source: Source
    start: int
    end: int
    field: str | None = None

    @property
    def path(self) -> str:
        return self.source[0]

    @property
    def article(self) -> str | None:
        return self.source[1]


def _spot(places: list[tuple[Summary, Paragraph]], i: int) -> Spot:
    summary, paragraph = places[i]
    return Spot(i, summary.source, paragraph.start, paragraph.end, summary.field)


def _score(first: str, second: str, threshold: float) -> float | None:
    """How alike two paragraphs' words are (at most 0.99: only exact repeats score 1), or
    None below `threshold` (the stricter of their articles')."""
    found = similarity_reaching(first.split(), second.split(), threshold)
    return None if found is None else min(found, 0.99)


# The steps of `finish_bag`, at module level so that Dask ships them by name. They pass
# plain tuples, the least to pickle. A paragraph is a Row: (spot as a plain tuple, words,
# packed band keys, threshold); a representative travels as (order, "rep", words,
# threshold, its copies' spots), a candidate pair as (first's order, "pair", second's).
Row = tuple[tuple[Any, Source, int, int, str | None], str, bytes, float]


def _rows(part: Iterable[tuple[tuple[int, ...], Summary]]) -> list[Row]:
    return [
        (
            ((*place, k), summary.source, p.start, p.end, summary.field),
            p.words,
            p.bands,
            summary.threshold,
        )
        for place, summary in part
        for k, p in enumerate(summary.paragraphs)
    ]


def _regroup(bag: Any, key: Callable[[Any], Any], parts: int) -> Any:
    """`bag` grouped by `key` (a str, an int or a tuple of ints) into `parts` partitions: a
    bag of (key, [elements]) in no order. The all-to-all move is Dask's task shuffle
    (`groupby(shuffle="tasks")`), but of one bundle per (partition, target partition)
    rather than of every element, which costs Dask tens of microseconds each; each bundle
    is grouped at its target. Concatenated bags are first cut back to `parts` partitions,
    as the shuffle's tasks grow with the square of their number."""
    if bag.npartitions > parts:
        bag = bag.repartition(parts)
    bundles = bag.map_partitions(_bundle, key, parts)
    return bundles.groupby(_first, shuffle="tasks").map_partitions(_unbundle, key)


def _target(key: Any, parts: int) -> int:
    # Python salts str hashes per process; ints and tuples of ints hash alike everywhere.
    return (zlib.crc32(key.encode()) if isinstance(key, str) else hash(key)) % parts


def _bundle(part: Iterable[Any], key: Callable[[Any], Any], parts: int) -> list[Any]:
    bundles: dict[int, list[Any]] = defaultdict(list)
    for item in part:
        bundles[_target(key(item), parts)].append(item)
    return list(bundles.items())


def _unbundle(part: Iterable[tuple[int, list[Any]]], key: Callable[[Any], Any]) -> list[Any]:
    groups: dict[Any, list[Any]] = defaultdict(list)
    for _, bundles in part:
        for _, items in bundles:
            for item in items:
                groups[key(item)].append(item)
    return list(groups.items())


def _words(row: Row) -> str:
    return row[1]


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def _group(group: tuple[str, list[Row]]) -> list[Row]:
    """One exact text's paragraphs in input order: the first is the representative."""
    return sorted(group[1], key=lambda row: row[0][0])


def _exact_twins(part: Iterable[list[Row]]) -> list[tuple[Any, Any, Any, float]]:
    """(order, spot, twin's spot, 1.0) for each two exact copies in different articles."""
    return [
        (a[0][0], a[0], b[0], 1.0)
        for rows in part
        for a in rows
        for b in rows
        if a[0][1] != b[0][1]
    ]


def _representatives(part: Iterable[list[Row]]) -> list[tuple[Any, ...]]:
    return [
        (rows[0][0][0], "rep", rows[0][1], rows[0][3], [row[0] for row in rows])
        for rows in part
        if rows[0][2]
    ]


def _band_entries(part: Iterable[list[Row]]) -> list[tuple[int, Any, Source | None]]:
    """(band key, representative's order, the one article of its copies or None) for each
    band of a representative."""
    return [
        (key, rows[0][0][0], _only({row[0][1] for row in rows}))
        for rows in part
        if rows[0][2]
        for key in unpack(rows[0][2])
    ]


def _candidates(
    part: Iterable[tuple[int, list[tuple[int, Any, Source | None]]]],
) -> list[tuple[Any, ...]]:
    """Pairs of representatives sharing a bucket of at most `_MAX_BUCKET` whose copies are
    not all in one article, first in input order first; each once per partition."""
    out = set()
    for _, entries in part:
        if len(entries) > _MAX_BUCKET:
            continue
        # Orders are unique: sorting never compares two articles.
        members = sorted((order, source) for _, order, source in entries)
        for a, (i, first) in enumerate(members):
            for j, second in members[a + 1 :]:
                if first is None or first != second:
                    out.add((i, "pair", j))
    return list(out)


def _split(entries: list[tuple[Any, ...]]) -> tuple[tuple[Any, ...] | None, list[Any]]:
    rep = next((e for e in entries if e[1] == "rep"), None)
    return rep, [e for e in entries if e[1] != "rep"]


def _halves(part: Iterable[tuple[Any, list[tuple[Any, ...]]]]) -> list[tuple[Any, ...]]:
    """Each distinct pair sent on to its second paragraph with the first's words,
    threshold and copies."""
    out = []
    for _, entries in part:
        rep, pairs = _split(entries)
        if rep is None:
            continue
        for j in sorted({pair[2] for pair in pairs}):
            out.append((j, "half", rep[2], rep[3], rep[4]))
    return out


def _near_twins(
    part: Iterable[tuple[Any, list[tuple[Any, ...]]]],
) -> list[tuple[Any, Any, Any, float]]:
    """The confirmed pairs: every exact copy of either paragraph is a near twin of every
    copy of the other."""
    out = []
    for _, entries in part:
        rep, halves = _split(entries)
        if rep is None:
            continue
        for _, _, words, threshold, others in halves:
            score = _score(words, rep[2], min(threshold, rep[3]))
            if score is None:
                continue
            for a in others:
                for b in rep[4]:
                    if a[1] != b[1]:
                        out.extend([(a[0], a, b, score), (b[0], b, a, score)])
    return out


def _findings(
    part: Iterable[tuple[Any, list[tuple[Any, Any, Any, float]]]], rule: DuplicateAcrossArticles
) -> list[Diagnostic]:
    return [
        rule._report(Spot(*twins[0][1]), [(Spot(*b), score) for _, _, b, score in twins])
        for _, twins in part
    ]
