"""What makes a superlative a claim, and what in the same sentence supports it.

Shared by the claims rules. Two questions, both asked of one sentence at a time:

- `find_claims`: where does the writer claim something is the most, first, best, record ...?
  Ordinals ("the first half", "the latest figures"), quantities ("most people", "at
  least"), titles and award categories ("The Biggest Loser", "won best actress") are not
  claims.
- `support_for`: does the sentence back a claim up? A checkable figure or bound, a link
  or footnote, or an identified source. Who is speaking is the sourcing rules' question,
  asked of `_sources`: a named speaker's quotation or reported speech
  (`_sources.attribution`), or a source the sentence names (`_sources.sentence_source`).
  Direct quotations are the speaker's words, not the writer's, so claims inside them are
  never found.

The word lists live in `data/claims/*.toml`; a newsroom adds to them with the `[claims]`
table of a file listed in `lexicon-files` (see `rules/_data.py`).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import NamedTuple

import regex

from newslint import regexes
from newslint.analysis.cues import Sieve, SieveSet, any_suffix, any_word, either, every_word, sieve
from newslint.analysis.lexicon import Lexicon
from newslint.analysis.sources import Sources
from newslint.analysis.structure import SentenceStructure, hedging, may_hedge, structure
from newslint.analysis.words import alternation, next_words
from newslint.document import Document, Sentence

_ORDINAL = (
    r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"\d+(?:st|nd|rd|th))"
)
# "the" or a possessive noun before a superlative: "the biggest", "Britain's biggest".
# Possessive pronouns are left out on purpose: "his best effort", "its biggest projects"
# rank a thing against its owner's own history, which the reader can take on trust.
_DETERMINER = r"(?:the|its|their|[\p{L}\p{N}.&-]+['\u2019]s?)"


# Not dataclasses, which compile their methods from source at every start (about 0.5 ms a
# class of a one-article run). A claim is a plain class: nothing compares, hashes, prints
# or copies one (treat it as immutable). The lexicon's parts are a named tuple, immutable
# as the frozen dataclass was: one is shared by every document its lexicon checks.


class Claim:
    """A superlative claim: its words, at characters [start, end) of the view."""

    __slots__ = ("start", "end", "words")

    def __init__(self, start: int, end: int, words: str) -> None:
        self.start = start  # the superlative words, the span a finding underlines
        self.end = end
        self.words = words


class _Lexicon(NamedTuple):
    """The claims rules' patterns, sieves and word sets, built once from a lexicon."""

    claim_patterns: tuple[Sieve, ...]
    bare: Sieve
    first: Sieve
    first_time: Sieve
    record: Sieve
    cue_sieves: SieveSet
    idioms: Sieve
    not_superlative: frozenset[str]
    most_not_claim: frozenset[str]
    ordinal_nouns: frozenset[str]
    record_nouns: frozenset[str]
    award_heads: frozenset[str]
    figure: regex.Pattern[str]
    bound: regex.Pattern[str]


def _phrase_pattern(items: Sequence[str], group: str | None = None) -> regex.Pattern[str]:
    """A whole-word match of any phrase. Most positions fail on the first test: a word
    start whose word heads some phrase (a named list, which `regex` looks up as a set)."""
    heads = sorted({regex.split(r"[\s-]+", item)[0] for item in items})
    body = f"(?P<{group}>{alternation(items)})" if group else f"(?:{alternation(items)})"
    return regexes.compile(rf"\b(?<![\w-])(?=\L<heads>(?!\w)){body}(?![\w-])", regex.I, heads=heads)


def lexicon(lex: Lexicon) -> _Lexicon:
    """The claims patterns and sets compiled from a Lexicon, once per Lexicon."""
    return lex.compiled("newslint.rules._support", lambda: _compile(lex))


def _compile(lex: Lexicon) -> _Lexicon:
    claims = support = lex.table("claims")
    sup = r"(?:\p{L}+est|" + alternation(claims["irregular"]) + ")"
    ranked = rf"(?:{_ORDINAL}[\s-]+|(?:very|single|by\s+far\s+the)\s+)?"
    # The claim patterns and idioms run only on sentences holding a word they need, which
    # each bounds by non-word characters: an "-est" word, a rank, a phrase (see _scan).
    claim_patterns = (
        # "the biggest", "Britain's third-largest", "one of the most successful"
        sieve(
            rf"\b{_DETERMINER}\s+(?P<claim>{ranked}(?P<word>{sup}))\b",
            either(any_suffix("est"), any_word(claims["irregular"])),
        ),
        # "the world's leading maker", "Hollywood's top honours"
        sieve(
            rf"(?P<claim>\b(?:\p{{Lu}}[\p{{L}}.&-]*|{alternation(claims['rank-possessors'])})"
            rf"['\u2019]s?\s+(?:{alternation(claims['possessive-ranks'])}))\b(?!-)",
            any_word(claims["possessive-ranks"]),
            flags=0,
        ),
        # "unprecedented", "of all time", "best-selling", "than any other"
        Sieve(
            lambda: _phrase_pattern(claims["phrases"], "claim"),
            any_word(claims["phrases"]),  # first: the cue pass reads it
            every_word(claims["phrases"]),
        ),
    )
    first = sieve(
        r"\b(?:the|one\s+of\s+the)\s+(?P<claim>first|only)\s+"
        r"(?P<next>[\p{L}-]+)"
        # "the first woman to win": a noun, then "to" and a verb; not "the only choice is to"
        r"(?P<rest>(?:\s+(?!(?:is|was|are|were|be|has|had)\b)[\p{L}-]+){0,2}?\s+to\s+\p{Ll}+)?",
        any_word(["first", "only"]),
    )
    # A first reported as an event (guideline clarification 6): "for the first time", "it
    # was the first time"; backed by a figure, a bound or a date ("for the first time this
    # season", "for the first time since 1990", "in May 2004").
    first_time = sieve(
        r"\b(?:for|is|was|marks|marked|be|been)\s+the\s+(?P<claim>first(?:[\s-]+ever)?\s+time)\b",
        any_word(["first"]),
    )
    # "record" may open the sentence, so only the word itself is sure to be there. Like every
    # sieve's, the pattern compiles when a first sentence holds the word.
    record = sieve(
        rf"(?:(?<=\b(?P<verb>{alternation(claims['record-verbs'])})\s+(?:(?:a|an|the|new|\p{{Ll}}+)\s+){{0,3}})"
        rf"|(?<=\b(?:{alternation(claims['record-before'])})\s+)"
        r"|(?<![\p{L}\p{N},;:'\u2019-]\s*)"  # or it opens the sentence: "Record sales ..."
        # or a record reported broken: "text message record smashed"
        r"|(?=record\s+(?:has\s+been\s+|had\s+been\s+|was\s+|is\s+)?(?P<event>broken|"
        r"smashed|shattered|equalled|equaled|tumbles|tumbled|falls|fell)\b))"
        r"(?P<claim>record)\b(?!-)(?:\s+(?P<next>[\p{L}$\u00a3\u20ac\d]+))?",
        any_word(["record"]),
    )
    idioms = Sieve(lambda: _phrase_pattern(claims["idioms"]), every_word(claims["idioms"]))
    units = alternation(support["units"])
    figure = regexes.compile(
        r"[$\u00a3\u20ac\u00a5]\s?\d"  # money
        rf"|\b\d[\d,]*(?:\.\d+)?\s?(?:{units})(?![\p{{L}}])"  # a number with a unit
        r"|\b\d+(?:[.:]\d+)+\b"  # times and decimals: 44.93, 3:49.89
        r"|\b\d{1,3}(?:,\d{3})+\b"  # a count: 11,345
        r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several)\s+"
        r"(?:hundred|thousand|million|billion)\b"
        # a share in words: "more than a quarter of the market", "half of all sales"
        r"|\b(?:a|one|two|three|four)\s+(?:half|third|quarter|fifth|tenth)s?\s+of\b"
        r"|\bhalf\s+(?:of\s+)?(?:the|all)\b",
        regex.I,
    )
    number = r"(?:\d+|a|an|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|several)"
    bound = regexes.compile(
        rf"\b(?:{alternation(support['bounds'])})\b"
        rf"|\b(?:in|for|over|within)\s+(?:the\s+)?(?:last\s+|past\s+)?"
        rf"(?:(?:more\s+than|over|nearly|almost|about|at\s+least)\s+)?{number}\s+"
        r"(?:years?|decades?|months?|weeks?|seasons?|centur(?:y|ies)|generations?)\b",
        regex.I,
    )
    # needs an -est word, or "best" / "worst"
    bare = sieve(
        _BARE,
        either(any_suffix("est"), any_word(["best", "worst"])),
        every_word(["hit", "affected", "at"]),  # the word after each branch's claim, or "at"
    )
    return _Lexicon(
        claim_patterns=claim_patterns,
        # needs an -est word, or "best" / "worst"
        bare=bare,
        first=first,
        first_time=first_time,
        record=record,
        cue_sieves=SieveSet([*claim_patterns, first, bare, record]),
        idioms=idioms,
        not_superlative=frozenset(claims["not-superlative"]),
        most_not_claim=frozenset(claims["most-not-claim"]),
        ordinal_nouns=frozenset(claims["ordinal-nouns"]),
        record_nouns=frozenset(claims["record-nouns"]),
        award_heads=frozenset(claims["award-heads"]),
        figure=figure,
        bound=bound,
    )


def _is_title(view: str, start: int, sentence: Sentence) -> bool:
    """A capitalised superlative mid-sentence is part of a name: "The Biggest Loser",
    "Best Actress"."""
    opening = view[sentence.start : start].lstrip("\"'\u201c\u2018([ ")
    return view[start].isupper() and bool(opening)


def _superlative_is_claim(lex: _Lexicon, view: str, m: regex.Match[str], s: Sentence) -> bool:
    word = m.group("word").lower()
    if word in lex.not_superlative or _is_title(view, m.start("word"), s):
        return False
    if word not in ("most", "least", "best"):
        return True  # the words after it are read only for these (most matches are not)
    after = [w.casefold() for w, _ in next_words(view, m.end("word"), s.end, 4)]
    if after and after[0] in lex.most_not_claim and word in ("most", "least"):
        return False
    if word == "best" and (set(after) & lex.award_heads or after[:1] == ["interests"]):
        return False
    return True


def _superlative_end(view: str, m: regex.Match[str], s: Sentence) -> int:
    """Where the underline ends: "most" and "least" take their adjective with them."""
    if m.group("word").lower() in ("most", "least"):
        nxt = next_words(view, m.end("word"), s.end, 1)
        if nxt:
            return nxt[0][1]
    return m.end("claim")


_ADJECTIVE = regexes.compile(r"(?:ful|ous|ive|able|ible|ic|al|less|ent|ant)$", regex.I)


def _first_is_claim(lex: _Lexicon, view: str, m: regex.Match[str], s: Sentence) -> bool:
    if m.group("rest"):  # "the first woman to win", "the only side to score"
        return True
    if m.group(0).lower().startswith("one"):  # "one of the first affordable PCs"
        return True
    nxt = m.group("next")
    if m.group("claim").lower() == "only" or nxt[0].isupper():  # "the first Brit Awards"
        return False
    low = nxt.lower()
    if low.endswith("s") and len(low) > 3 and low not in lex.ordinal_nouns:
        return True  # "the first fines for ...": a first reported as an event
    # "the first half", "the first train" narrate a sequence; an adjective after "first"
    # ("the first successful network") ranks the thing against every other.
    return nxt.lower() not in lex.ordinal_nouns and _ADJECTIVE.search(nxt) is not None


def _record_is_claim(lex: _Lexicon, view: str, m: regex.Match[str], s: Sentence) -> bool:
    if _is_title(view, m.start("claim"), s):  # "Record of the Year"
        return False
    if m.group("verb") or m.group("event"):  # "hits record", "set a new record", "record broken"
        return True
    nxt = (m.group("next") or "").lower()
    return bool(nxt) and nxt not in lex.record_nouns


def find_claims(
    context: Sources, sentence: Sentence, here: tuple[Sieve, ...] | None = None
) -> list[Claim]:
    """Superlative claims in the writer's voice, in order, without overlaps. `here`: the
    claim sieves that may match the sentence (`cue_sieves.passing`), if the caller has
    asked already (the rule asks of every sentence)."""
    document = context.document
    lex, view = lexicon(context.lexicon), document.view
    if here is None:
        here = lex.cue_sieves.passing(document, sentence)
    if not here:
        return []  # no pattern a claim needs may match: nothing to analyse
    found: list[tuple[int, int]] = []
    for pattern in lex.claim_patterns:
        if pattern not in here:
            continue
        for m in pattern.scan(document, sentence):
            if "word" not in m.groupdict():
                found.append(m.span("claim"))
            elif _superlative_is_claim(lex, view, m, sentence):
                found.append((m.start("claim"), _superlative_end(view, m, sentence)))
    first_time = False
    for m in lex.first.scan(document, sentence) if lex.first in here else ():
        if _first_is_claim(lex, view, m, sentence):
            found.append(m.span("claim"))
        first_time = first_time or m.group("next").casefold() == "time"
    if first_time:  # "for the first time": a first reported as an event
        found.extend(m.span("claim") for m in lex.first_time.finditer(document, sentence))
    for m in lex.record.scan(document, sentence) if lex.record in here else ():
        if _record_is_claim(lex, view, m, sentence):
            found.append(m.span("claim"))
    bare = [m.span("claim") for m in lex.bare.scan(document, sentence)] if lex.bare in here else []
    found.extend(bare)
    found = list(dict.fromkeys(found))
    if not found:  # most sentences: the idioms only ever excuse a claim
        return []
    claims: list[Claim] = []
    if _QUESTION.search(view, sentence.start, sentence.end):
        return claims
    idioms = [m.span() for m in lex.idioms.finditer(document, sentence)]
    shape: SentenceStructure | None = None
    for start, end in sorted(found):
        if claims and start < claims[-1].end:
            continue
        # A quotation is its speaker's words, attributed as a whole (as for the sourcing rules).
        if document.quote_at(start) is not None or any(a <= start < b for a, b in idioms):
            continue
        words = view[start:end].casefold()
        event = words.startswith(("first", "record")) or (start, end) in bare
        if not event and _OWN_HISTORY.search(view, max(sentence.start, start - 8), start):
            if not _OWN_HOLDINGS.search(view, max(sentence.start, start - 8), start):
                continue
        if may_hedge(document, sentence):  # analyse only a sentence that may hedge
            if shape is None:
                shape = hedging(document, sentence)
            if shape.negated(start) or shape.non_assertive(start):
                continue  # "not the biggest", "even the best", a question or condition
        if _OWN_SPAN.match(view, end, sentence.end):
            continue
        if _DEFINITION.match(view, end, sentence.end):
            continue  # "the most important ones are those classed as critical": a rank by rule
        claims.append(Claim(start, end, " ".join(view[start:end].split())))
    return claims


# Superlatives with no "the": "were hardest hit", "prices are at their highest".
_BARE = (
    r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(?P<claim>\p{Ll}+est)\s+(?:hit|affected)\b"
    r"|\bat\s+(?:its|their|his|her)\s+(?P<claim>highest|lowest|\p{Ll}{3,}est|best|worst)"
    r"(?=\s*(?:[.,;:!?]|$|\s+(?:level|point|ever)\b))"
)
# "his first-ever Oscar", "their record-breaking tour": ranked against the owner's own past.
_OWN_HISTORY = regexes.compile(r"\b(?:his|her|its|their|our|my|your)\s+$", regex.I)
# "its most profitable brands", "their biggest market": a firm's or group's holdings ranked
# against each other is still a claim an editor would check (the guideline exempts no owner).
_OWN_HOLDINGS = regexes.compile(r"\b(?:its|their)\s+$", regex.I)
# "the best year of his career", "the toughest race she has ever run": the same, said
# after it.
_OWN_SPAN = regexes.compile(
    r"(?:\s+[\p{L}-]+){0,2}\s+(?:(?:of|in)\s+(?:his|her|its|their|our|my|your)\s+"
    r"(?:own\s+)?(?:\w+\s+)?(?:career|life|lives|history|tenure|reign|spell)\b"
    r"|(?:that\s+)?(?:I|he|she|we|they|you)(?:['\u2019](?:ve|s|d)|\s+ha(?:s|d|ve))?\s+ever\b)",
    regex.I,
)
# A superlative that names a class by an official rank: "the most serious cases are those
# which ...", "the highest band is the one that ..." (guideline: S = 0 for an officially
# defined rank).
_DEFINITION = regexes.compile(
    r"(?:\s+[\p{L}-]+){0,2}\s+(?:are|is|were|was)\s+(?:those|the\s+ones?|the\s+\p{L}+)\s+"
    r"(?:which|who|that)\s+(?:are|is|were|was|have|has)\s+(?:\w+\s+)?(?:classed|classified|"
    r"rated|ranked|graded|defined|designated|listed|marked|labelled|labeled)\b",
    regex.IGNORECASE,
)
# A question asserts nothing: "Surely the best gadget is the phone?"
_QUESTION = regexes.compile(r"\?[\"'\u201d\u2019)]*\s*$")


_NUMBER_AFTER = regexes.compile(r"\s+(?:of\s+)?[$\u00a3\u20ac\u00a5]?\d")
_CITATION = regexes.compile(
    r"\]\(|\[\^[^\]]+\]|\[\d+\]|https?://|<https?:|[\u00b9\u00b2\u00b3\u2070-\u2079]"
)


def _scope(document: Document, sentence: Sentence, claim: Claim) -> tuple[int, int]:
    """The stretch of the sentence the claim belongs to: the apposition or aside holding
    it (up to its closing comma or dash), else the whole sentence."""
    view = document.view
    # An apposition opens at a comma before the claim and closes at a comma or dash after
    # its start (see SentenceStructure's appositives): without both, the sentence's
    # structure, costly to build, cannot make the claim one.
    start, end = sentence.start, sentence.end
    if view.find(",", start, claim.start) < 0 or (
        view.find(",", claim.start, end) < 0
        and view.find("\u2013", claim.start, end) < 0
        and view.find("\u2014", claim.start, end) < 0
    ):
        return start, end  # not in an apposition
    shape = structure(document, sentence)
    chunk = shape.chunk_at(claim.start)
    if chunk is not None:
        index = shape.chunks.index(chunk)
        if any(other.appositive == index for other in shape.chunks):
            close = _APPOSITION_END.search(document.view, chunk.span.end, sentence.end)
            return chunk.span.start, close.start() if close else sentence.end
    return sentence.start, sentence.end


# A count in words after the claim backs it: "the most decorated rower, with eleven medals".
# Before it, a count is about something else ("Two lifts ... the fastest").
_COUNT = regexes.compile(
    r"(?:\b(?:with|of|after|having|winning|won|taking|took|in|from|over|across)|,)\s+"
    r"(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|some\s+)?"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|dozens?|"
    r"hundreds|thousands)\s+(?:[\p{L}-]+\s+)?\p{L}+s\b",
    regex.IGNORECASE,
)
_APPOSITION_END = regexes.compile(r"[,;\u2013\u2014]")


class Support(enum.Enum):
    """What backs a superlative claim."""

    CITATION = "citation"  # a link or a footnote
    ATTRIBUTION = "attribution"  # an identified source
    BOUND = "bound"  # "since 1992", "in five years"
    FIGURE = "figure"  # "$2bn", "1.3 million copies"


# The writer starts a new claim of their own at a new clause: "; ", ", while ...", ", but ...".
_CLAUSE_SPLIT = regexes.compile(
    r";|,\s+(?:while|whereas|but|although|though)\b",
    regex.IGNORECASE,
)


# An opening participle or adverbial clause, up to its comma: "Using ..., ", "After ..., ".
_OPENING_CLAUSE = regexes.compile(
    r"[\s\"'\u201c]*(?:\p{Lu}\p{Ll}+ing|After|Although|Though|Despite|While|Whereas|"
    r"Since|Before|Once|Unlike|Like)\b[^,;]{1,120},"
)


def _clause_scope(view: str, lo: int, hi: int, claim: Claim) -> tuple[int, int]:
    """The coordinated clause of [lo, hi) holding the claim: a figure in another clause
    ("jobs rose by 337,000, while exports hit record levels") is about something else."""
    start, end = lo, hi
    opener = _OPENING_CLAUSE.match(view, lo, hi)
    if opener and claim.end <= opener.end():  # "Using the most accepted method, Germany had"
        end = opener.end() - 1
    for m in _CLAUSE_SPLIT.finditer(view, lo, hi):
        if m.end() <= claim.start:
            start = m.end()
        elif m.start() >= claim.end:
            end = m.start()
            break
    return start, end


def support_for(
    context: Sources, sentence: Sentence, claim: Claim, claims: Sequence[Claim] = ()
) -> Support | None:
    """What in the sentence backs the claim: "attribution", "figure", "bound", "citation"
    or None. Support must belong to the claim: it counts only in the claim's own clause
    (not across "; " or ", while"); a claim that describes the speaker ("Britain's biggest
    lender said prices rose 5%") is backed neither by that speaker nor by what it said; a
    bound must follow the claim ("the highest since 1992") and belongs to the nearest claim
    before it (in `claims`, the sentence's other claims)."""
    lex, document = lexicon(context.lexicon), context.document
    if _CITATION.search(document.text, sentence.start, sentence.end):
        return Support.CITATION
    if context.attribution(claim.start, claim.end) is not None:
        return Support.ATTRIBUTION  # a named speaker's quotation or reported speech
    view = document.view
    lo, hi = _clause_scope(view, sentence.start, sentence.end, claim)
    own_speaker = False
    for reported in context.reported_speech(sentence):
        speaker = reported.attribution.speaker
        if speaker.start <= claim.start < speaker.end:
            # the claim describes who speaks: what they said is about something else
            own_speaker, hi = True, min(hi, speaker.end)
    # a bound after a later claim in another noun phrase is that claim's
    bound_end = hi
    for other in claims:
        # The words between are counted only for a claim that could end the bound: counted
        # for every pair, a sentence of many claims cost their number squared times its length.
        if claim.end <= other.start < bound_end:
            if len(WORDS.findall(view, claim.end, other.start)) >= 3:
                bound_end = other.start
    if claim.words.casefold().startswith("first") and claim.words.casefold().endswith("time"):
        if _DATE.search(view, lo, hi):  # "for the first time in May 2004": a dated event
            return Support.BOUND
    bound = lex.bound.search(view, claim.end, bound_end) is not None
    # A bound backs the claim whatever else does: a figure is looked for only without one.
    figure = not bound and (
        lex.figure.search(view, lo, hi) is not None
        or _NUMBER_AFTER.match(view, claim.end, hi) is not None  # "a record 41 wins"
        or _COUNT.search(view, claim.end, hi) is not None
    )
    whole = (sentence.start, sentence.end)
    if not (bound or figure):
        # the costliest question last: does the sentence name its source?
        if own_speaker or context.sentence_source(sentence) is None:
            return None
        # a claim in an aside is not backed by the sentence's source
        return Support.ATTRIBUTION if _scope(document, sentence, claim) == whole else None
    # A claim in an apposition or aside ("Initech, Britain's biggest firm, is to hire 200
    # staff") is backed only by what that aside holds.
    scope = _scope(document, sentence, claim)
    if scope != whole:
        bound = lex.bound.search(view, claim.end, min(scope[1], bound_end)) is not None
        figure = not bound and (
            lex.figure.search(view, *scope) is not None
            or _NUMBER_AFTER.match(view, claim.end, scope[1]) is not None
            or _COUNT.search(view, claim.end, scope[1]) is not None
        )
        if not (bound or figure):
            return None
    if bound:
        return Support.BOUND
    if figure:
        return Support.FIGURE
    if own_speaker or context.sentence_source(sentence) is None:
        return None
    return Support.ATTRIBUTION


_DATE = regexes.compile(
    r"\b(?:1[89]\d\d|20\d\d)\b|\b(?:January|February|March|April|June|July|August|"
    r"September|October|November|December)\b"
)
WORDS = regexes.compile(r"[\p{L}\p{N}]+")
