"""What makes a superlative a claim, and what in the same sentence supports it.

Shared by the claims rules. Two questions, both asked of one sentence at a time:

- `find_claims`: where does the writer claim something is the most, first, best, record ...?
  Ordinals ("the first half", "the latest figures"), quantities ("most people", "at
  least"), titles and award categories ("The Biggest Loser", "won best actress") are not
  claims.
- `support_for`: does the sentence back a claim up? Attribution to an identified source
  (`attribution`), a checkable figure or bound, or a link or footnote. Direct quotations
  are the speaker's words, not the writer's, so claims inside them are never found.

The word lists live in `data/claims/*.toml` so a newsroom can extend them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex

from newslint.document import Document, Sentence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

DATA = Path(__file__).parent / "data" / "claims"

_ORDINAL = (
    r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"\d+(?:st|nd|rd|th))"
)
# "the" or a possessive noun before a superlative: "the biggest", "Britain's biggest".
# Possessive pronouns are left out on purpose: "his best effort", "its biggest projects"
# rank a thing against its owner's own history, which the reader can take on trust.
_DETERMINER = r"(?:the|[\p{L}\p{N}.&-]+['\u2019]s?)"


@dataclass(frozen=True, slots=True)
class Claim:
    start: int  # the superlative words, the span a finding underlines
    end: int
    words: str


@dataclass(frozen=True)
class _Lexicon:
    claim_patterns: tuple[regex.Pattern[str], ...]
    first: regex.Pattern[str]
    record: regex.Pattern[str]
    idioms: regex.Pattern[str]
    not_superlative: frozenset[str]
    most_not_claim: frozenset[str]
    ordinal_nouns: frozenset[str]
    record_nouns: frozenset[str]
    award_heads: frozenset[str]
    speech: regex.Pattern[str]
    evidence_nouns: frozenset[str]
    vague: frozenset[str]
    back_references: frozenset[str]
    figure: regex.Pattern[str]
    bound: regex.Pattern[str]


def _load(name: str) -> dict[str, Any]:
    with open(DATA / name, "rb") as handle:
        return tomllib.load(handle)


def _words(items: list[str]) -> str:
    """An alternation of phrases, longest first, any whitespace or hyphen between words."""
    ordered = sorted(set(items), key=len, reverse=True)
    split = (regex.split(r"[\s-]+", item) for item in ordered)
    return "|".join(r"[\s-]+".join(regex.escape(w) for w in words) for words in split)


def _phrase_pattern(items: list[str], group: str | None = None) -> regex.Pattern[str]:
    """A whole-word match of any phrase. Most positions fail on the first test: a word
    start whose word heads some phrase (a named list, which `regex` looks up as a set)."""
    heads = sorted({regex.split(r"[\s-]+", item)[0] for item in items})
    body = f"(?P<{group}>{_words(items)})" if group else f"(?:{_words(items)})"
    return regex.compile(rf"\b(?<![\w-])(?=\L<heads>(?!\w)){body}(?![\w-])", regex.I, heads=heads)


@cache
def lexicon() -> _Lexicon:
    claims, support = _load("superlatives.toml"), _load("support.toml")
    sup = r"(?:\p{L}+est|" + _words(claims["irregular"]) + ")"
    ranked = rf"(?:{_ORDINAL}[\s-]+|(?:very|single|by\s+far\s+the)\s+)?"
    claim_patterns = (
        # "the biggest", "Britain's third-largest", "one of the most successful"
        regex.compile(rf"\b{_DETERMINER}\s+(?P<claim>{ranked}(?P<word>{sup}))\b", regex.I),
        # "the world's leading maker", "Hollywood's top honours"
        regex.compile(
            rf"(?P<claim>\b(?:\p{{Lu}}[\p{{L}}.&-]*|{_words(claims['rank-possessors'])})"
            rf"['\u2019]s?\s+(?:{_words(claims['possessive-ranks'])}))\b(?!-)"
        ),
        # "unprecedented", "of all time", "best-selling", "than any other"
        _phrase_pattern(claims["phrases"], "claim"),
    )
    first = regex.compile(
        r"\b(?:the|one\s+of\s+the)\s+(?P<claim>first|only)\s+"
        r"(?P<next>[\p{L}-]+)"
        # "the first woman to win": a noun, then "to" and a verb; not "the only choice is to"
        r"(?P<rest>(?:\s+(?!(?:is|was|are|were|be|has|had)\b)[\p{L}-]+){0,2}?\s+to\s+\p{Ll}+)?",
        regex.I,
    )
    record = regex.compile(
        rf"(?:(?<=\b(?P<verb>{_words(claims['record-verbs'])})\s+(?:a\s+|the\s+|new\s+)?)"
        rf"|(?<=\b(?:{_words(claims['record-before'])})\s+)"
        r"|(?<![\p{L}\p{N},;:'\u2019-]\s*))"  # or it opens the sentence: "Record sales ..."
        r"(?P<claim>record)\b(?!-)(?:\s+(?P<next>[\p{L}$\u00a3\u20ac\d]+))?",
        regex.I,
    )
    idioms = _phrase_pattern(claims["idioms"])
    units = _words(support["units"])
    figure = regex.compile(
        r"[$\u00a3\u20ac\u00a5]\s?\d"  # money
        rf"|\b\d[\d,]*(?:\.\d+)?\s?(?:{units})(?![\p{{L}}])"  # a number with a unit
        r"|\b\d+(?:[.:]\d+)+\b"  # times and decimals: 44.93, 3:49.89
        r"|\b\d{1,3}(?:,\d{3})+\b"  # a count: 11,345
        r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several)\s+"
        r"(?:hundred|thousand|million|billion)\b",
        regex.I,
    )
    number = r"(?:\d+|a|an|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|several)"
    bound = regex.compile(
        rf"\b(?:{_words(support['bounds'])})\b"
        rf"|\b(?:in|for|over|within)\s+(?:the\s+)?(?:last\s+|past\s+)?{number}\s+"
        r"(?:years?|decades?|months?|weeks?|seasons?|centur(?:y|ies)|generations?)\b",
        regex.I,
    )
    speech = regex.compile(rf"\b(?:{_words(support['speech-verbs'])})\b", regex.I)
    return _Lexicon(
        claim_patterns=claim_patterns,
        first=first,
        record=record,
        idioms=idioms,
        not_superlative=frozenset(claims["not-superlative"]),
        most_not_claim=frozenset(claims["most-not-claim"]),
        ordinal_nouns=frozenset(claims["ordinal-nouns"]),
        record_nouns=frozenset(claims["record-nouns"]),
        award_heads=frozenset(claims["award-heads"]),
        speech=speech,
        evidence_nouns=frozenset(support["evidence-nouns"]),
        vague=frozenset(support["vague-sources"]),
        back_references=frozenset(support["back-references"]),
        figure=figure,
        bound=bound,
    )


_NEXT_WORDS = regex.compile(r"[\s-]+([\p{L}'\u2019-]+)")


def _following(view: str, offset: int, limit: int, count: int) -> list[str]:
    """Up to `count` words after `offset`, stopping at punctuation."""
    out: list[str] = []
    while len(out) < count:
        match = _NEXT_WORDS.match(view, offset, limit)
        if match is None:
            break
        out.append(match.group(1).lower())
        offset = match.end()
    return out


def _is_title(view: str, start: int, sentence: Sentence) -> bool:
    """A capitalised superlative mid-sentence is part of a name: "The Biggest Loser",
    "Best Actress"."""
    opening = view[sentence.start : start].lstrip("\"'\u201c\u2018([ ")
    return view[start].isupper() and bool(opening)


def _superlative_is_claim(lex: _Lexicon, view: str, m: regex.Match[str], s: Sentence) -> bool:
    word = m.group("word").lower()
    if word in lex.not_superlative or _is_title(view, m.start("word"), s):
        return False
    after = _following(view, m.end("word"), s.end, 4)
    if after and after[0] in lex.most_not_claim and word in ("most", "least"):
        return False
    if word == "best" and (set(after) & lex.award_heads or after[:1] == ["interests"]):
        return False
    return True


def _superlative_end(view: str, m: regex.Match[str], s: Sentence) -> int:
    """Where the underline ends: "most" and "least" take their adjective with them."""
    if m.group("word").lower() in ("most", "least"):
        nxt = _NEXT_WORDS.match(view, m.end("word"), s.end)
        if nxt is not None:
            return nxt.end()
    return m.end("claim")


_ADJECTIVE = regex.compile(r"(?:ful|ous|ive|able|ible|ic|al|less|ent|ant)$", regex.I)


def _first_is_claim(lex: _Lexicon, view: str, m: regex.Match[str], s: Sentence) -> bool:
    if m.group("rest"):  # "the first woman to win", "the only side to score"
        return True
    if m.group(0).lower().startswith("one"):  # "one of the first affordable PCs"
        return True
    nxt = m.group("next")
    if m.group("claim").lower() == "only" or nxt[0].isupper():  # "the first Brit Awards"
        return False
    # "the first half", "the first train" narrate a sequence; an adjective after "first"
    # ("the first successful network") ranks the thing against every other.
    return nxt.lower() not in lex.ordinal_nouns and _ADJECTIVE.search(nxt) is not None


def _record_is_claim(lex: _Lexicon, view: str, m: regex.Match[str], s: Sentence) -> bool:
    if _is_title(view, m.start("claim"), s):  # "Record of the Year"
        return False
    if m.group("verb"):  # "hits record", "set a new record"
        return True
    nxt = (m.group("next") or "").lower()
    return bool(nxt) and nxt not in lex.record_nouns


def find_claims(document: Document, sentence: Sentence) -> list[Claim]:
    """Superlative claims in the writer's voice, in order, without overlaps."""
    lex, view = lexicon(), document.view
    found: list[tuple[int, int]] = []
    for pattern in lex.claim_patterns:
        for m in pattern.finditer(view, sentence.start, sentence.end):
            if "word" not in m.groupdict():
                found.append(m.span("claim"))
            elif _superlative_is_claim(lex, view, m, sentence):
                found.append((m.start("claim"), _superlative_end(view, m, sentence)))
    for pattern, keep in ((lex.first, _first_is_claim), (lex.record, _record_is_claim)):
        for m in pattern.finditer(view, sentence.start, sentence.end):
            if keep(lex, view, m, sentence):
                found.append(m.span("claim"))
    if not found:  # most sentences: the idioms only ever excuse a claim
        return []
    idioms = [m.span() for m in lex.idioms.finditer(view, sentence.start, sentence.end)]
    claims: list[Claim] = []
    for start, end in sorted(found):
        if claims and start < claims[-1].end:
            continue
        if _quoted(document, sentence, start) or any(a <= start < b for a, b in idioms):
            continue
        if _OWN_HISTORY.search(view, max(sentence.start, start - 8), start):
            continue
        claims.append(Claim(start, end, " ".join(view[start:end].split())))
    return claims


# "his first-ever Oscar", "their record-breaking tour": ranked against the owner's own past.
_OWN_HISTORY = regex.compile(r"\b(?:his|her|its|their|our|my|your)\s+$", regex.I)
_OPENING_QUOTE = regex.compile(r"\s*[\"\u201c]")
_QUOTE_MARK = regex.compile(r"[\"\u201c\u201d]")


def _quoted(document: Document, sentence: Sentence, offset: int) -> bool:
    """Inside a direct quotation. Besides the document's quotes, a sentence that opens
    with a quotation mark is quoted up to its next mark: a quotation running over
    several paragraphs, flattened into one, pairs its straight quotes the wrong way."""
    if document.quote_at(offset) is not None:
        return True
    view = document.view
    opening = _OPENING_QUOTE.match(view, sentence.start, sentence.end)
    if opening is None:
        return False
    return _QUOTE_MARK.search(view, opening.end(), offset) is None


_WORD_BEFORE = regex.compile(r"([\p{L}'\u2019.&-]+),?\s+$")
_ACCORDING = regex.compile(r"\baccording\s+to\s+(?:the\s+|a\s+)?([\p{L}'\u2019-]+)", regex.I)
_BY_SOURCE = regex.compile(
    r"\b(?:named|voted|ranked|rated|described|recognised|recognized|certified|declared|"
    r"hailed|judged|chosen|measured|calculated|compiled|poll|survey|study|report|research|"
    r"figures|data|analysis|ranking|list)\b[^.;]{0,80}?\bby\s+(?:the\s+)?(?:\p{Ll}+\s+){0,3}\p{Lu}"
)
_AFTER_VERB = regex.compile(r"\s+(?:the\s+|a\s+)?(\p{Lu}[\p{L}'\u2019.-]*|he\b|she\b|they\b)")


def _identifies(lex: _Lexicon, view: str, start: int, before: int) -> bool:
    """Does the word ending at `before` (the subject of a speech verb) name a source?"""
    match = _WORD_BEFORE.search(view, max(start, before - 60), before)
    if match is None:
        return False
    word = match.group(1).strip(".").lower()
    if word in lex.evidence_nouns:  # "Nielsen figures show", not "latest figures show"
        return _identifies_noun(lex, view, start, match.start())
    if word in lex.vague:
        return False
    return (
        word in lex.back_references
        or match.group(1)[0].isupper()
        or (_identifies_noun(lex, view, start, match.start()))
    )


def _identifies_noun(lex: _Lexicon, view: str, start: int, before: int) -> bool:
    """A noun named by what stands before it: "Nielsen figures", "the firm"."""
    match = _WORD_BEFORE.search(view, max(start, before - 60), before)
    if match is None:
        return False
    word = match.group(1)
    return word[0].isupper() or word.lower() in ("the", "its", "his", "her", "their")


def attribution(document: Document, sentence: Sentence) -> tuple[int, int] | None:
    """The span that attributes the sentence to an identified source, if any.

    "according to the ONS", "the BPI said", "said Ms Jones", "Nielsen figures show", "he
    told the BBC", "named best album by the Critics' Circle". Unnamed groups ("analysts
    said", "figures show") do not identify anyone.
    """
    lex, view = lexicon(), document.view
    for m in _ACCORDING.finditer(view, sentence.start, sentence.end):
        if m.group(1).lower() not in lex.vague:
            return m.span()
    for m in lex.speech.finditer(view, sentence.start, sentence.end):
        if _identifies(lex, view, sentence.start, m.start()):
            return m.span()
        after = _AFTER_VERB.match(view, m.end(), sentence.end)
        if after and after.group(1).lower() not in lex.vague:
            return m.start(), after.end()
    m = _BY_SOURCE.search(view, sentence.start, sentence.end)
    return m.span() if m else None


_NUMBER_AFTER = regex.compile(r"\s+(?:of\s+)?[$\u00a3\u20ac\u00a5]?\d")
_CITATION = regex.compile(
    r"\]\(|\[\^[^\]]+\]|\[\d+\]|https?://|<https?:|[\u00b9\u00b2\u00b3\u2070-\u2079]"
)


def support_for(document: Document, sentence: Sentence, claim: Claim) -> str | None:
    """What in the sentence backs the claim: "attribution", "figure", "bound", "citation"
    or None. A figure or bound counts anywhere in the sentence; a bound must follow the
    claim ("the highest since 1992")."""
    lex = lexicon()
    if _CITATION.search(document.text, sentence.start, sentence.end):
        return "citation"
    if attribution(document, sentence) is not None:
        return "attribution"
    if lex.bound.search(document.view, claim.end, sentence.end):
        return "bound"
    if lex.figure.search(document.view, sentence.start, sentence.end):
        return "figure"
    if _NUMBER_AFTER.match(document.view, claim.end, sentence.end):  # "a record 41 wins"
        return "figure"
    return None
