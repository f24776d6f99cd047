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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

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


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    words: str  # normalised words joined by spaces
    bands: bytes  # packed LSH band keys; empty when too short for near repeats


@dataclass(frozen=True, slots=True)
class Summary:
    """One article's paragraphs: small and picklable, so it crosses processes and caches."""

    path: str
    threshold: float
    paragraphs: tuple[Paragraph, ...]


@functools.lru_cache(maxsize=32)
def _patterns(patterns: tuple[str, ...]) -> regex.Pattern[str] | None:
    if not patterns:
        return None
    # Case matters: a dateline is in capitals. Patterns may turn it off with (?i).
    return regex.compile("|".join(f"(?:{p})" for p in patterns))


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
        return Summary(document.path, options["threshold"], tuple(kept))

    def dump_summary(self, summary: Summary) -> list[object]:
        """[path, threshold, [[start, end, words, bands as hex], ...]] for the cache."""
        paragraphs = [[p.start, p.end, p.words, p.bands.hex()] for p in summary.paragraphs]
        return [summary.path, summary.threshold, paragraphs]

    def load_summary(self, data: object) -> Summary:
        """The summary `dump_summary` made; raises TypeError or ValueError on other data."""
        if not isinstance(data, list) or len(data) != 3:
            raise TypeError("not a D003 summary")
        path, threshold, paragraphs = data
        if not isinstance(path, str) or type(threshold) not in (int, float):
            raise TypeError("not a D003 summary")
        kept = []
        for item in paragraphs:
            start, end, words, bands = item
            if not (type(start) is int and type(end) is int and isinstance(words, str)):
                raise TypeError("not a D003 paragraph")
            kept.append(Paragraph(start, end, words, bytes.fromhex(bands)))
        return Summary(path, float(threshold), tuple(kept))

    def finish(self, collected: Sequence[Summary], spread: Spread = serial) -> Iterable[Diagnostic]:
        places = [(s, p) for s in collected for p in s.paragraphs]
        twins: dict[int, dict[int, float]] = defaultdict(dict)  # place -> other -> similarity
        by_words: dict[str, list[int]] = defaultdict(list)
        for i, (_, paragraph) in enumerate(places):
            by_words[paragraph.words].append(i)
        for group in by_words.values():
            for i in group:
                for j in group:
                    if places[i][0].path != places[j][0].path:
                        twins[i][j] = 1.0
        buckets: dict[int, list[int]] = defaultdict(list)
        for group in by_words.values():  # one representative per exact text
            if places[group[0]][1].bands:
                for key in unpack(places[group[0]][1].bands):
                    buckets[key].append(group[0])
        # Candidate pairs of representatives (i < j: buckets fill in place order), each once
        # however many bands they share, never two paragraphs of one article.
        pairs = sorted(
            {
                (i, j)
                for members in buckets.values()
                if len(members) <= _MAX_BUCKET
                for a, i in enumerate(members)
                for j in members[a + 1 :]
                if places[i][0].path != places[j][0].path
            }
        )

        def confirm(chunk: list[tuple[int, int]]) -> list[float | None]:
            return [self._similarity(places[i], places[j]) for i, j in chunk]

        # The alignments are the costly part: the run's workers share them.
        chunks = [pairs[k : k + _PAIRS_PER_TASK] for k in range(0, len(pairs), _PAIRS_PER_TASK)]
        scores = [score for done in spread(confirm, chunks) for score in done]
        for (i, j), score in zip(pairs, scores, strict=True):
            if score is None:
                continue
            # Every exact copy of either paragraph is a near twin of every copy of the other.
            for a in by_words[places[i][1].words]:
                for b in by_words[places[j][1].words]:
                    if places[a][0].path != places[b][0].path:
                        twins[a][b] = twins[b][a] = score
        for i in sorted(twins):
            yield self._report(places, i, twins[i])

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
        return self.finding(summary.path, paragraph.start, paragraph.end, message, related=related)

    @staticmethod
    def _similarity(
        first: tuple[Summary, Paragraph], second: tuple[Summary, Paragraph]
    ) -> float | None:
        """How alike two paragraphs are (at most 0.99: only exact repeats score 1), or None
        below the stricter of their articles' thresholds."""
        threshold = min(first[0].threshold, second[0].threshold)
        found = similarity_reaching(first[1].words.split(), second[1].words.split(), threshold)
        return None if found is None else min(found, 0.99)

    def _report(
        self, places: list[tuple[Summary, Paragraph]], i: int, others: dict[int, float]
    ) -> Diagnostic:
        summary, paragraph = places[i]
        ordered = sorted(others, key=lambda j: (places[j][0].path, places[j][1].start))
        exact = [j for j in ordered if others[j] >= 1.0]
        if exact:
            count = len({places[j][0].path for j in exact})
            message = f"paragraph also appears word for word in {count} other article" + (
                "s" if count != 1 else ""
            )
        else:
            best = max(others.values())
            count = len({places[j][0].path for j in ordered})
            message = (
                f"paragraph nearly repeats a paragraph of {count} other article"
                f"{'s' if count != 1 else ''} ({best:.0%} of words shared in order)"
            )
        related = [
            Related(
                places[j][0].path,
                places[j][1].start,
                places[j][1].end,
                "also here" if others[j] >= 1.0 else "nearly the same here",
            )
            for j in ordered[:_MAX_RELATED]
        ]
        return self.finding(summary.path, paragraph.start, paragraph.end, message, related=related)
