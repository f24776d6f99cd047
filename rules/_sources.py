"""Who is speaking: the context logic shared by the sourcing rules.

The vocabulary (verbs, source nouns, cue patterns, exceptions) lives in the TOML files of
`rules/data/sourcing/`, and a newsroom adds to it with `lexicon-files` (see
`rules/_data.py`). This module holds the logic that decides
whether a stretch of copy is pinned on an identified source:

- a name in a noun phrase ("analysts at Barclays", "IMF economists"), and whether a
  capitalised word is a name at all (a sentence opener is not);
- back-reference ("He said", "the firm's analysts"), which counts as identified;
- direct quotation, its speaker (after or before the quote, inherited by the later parts
  of a quotation broken by "he said" or running over several paragraphs);
- reported speech: the part of a sentence governed by "<identified speaker> said".

Other rules need only `attribution(document, start, end)` / `is_attributed(...)`: "is
this span inside a named speaker's quote or reported speech?".
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from newslint.document import Document, Quote, Sentence
from newslint.rules import _data
from newslint.rules._data import data_cached
from newslint.rules._scan import Sieve, Test, any_prefix, any_suffix, any_word

WORD = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}&'\u2019.-]*[\p{L}\p{N}])?")
_NATIONALITY = regex.compile(r"\p{Lu}\p{Ll}+(?:ish|ese|ian|ean|an|i)")
_ACRONYM = regex.compile(r"\p{Lu}[\p{Lu}\p{N}&]+s?|(?:\p{Lu}\.){2,}")
_OPENING = regex.compile(r"[\"'\u201c\u2018(\[\s\u2014\u2013-]*")


def lexicon() -> dict[str, tuple[str, ...]]:
    """Every sourcing list, shipped and added by the newsroom, merged by key."""
    return _data.sourcing()


def words(key: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in lexicon().get(key, ()))


def alternation(*keys: str) -> str:
    """A regex fragment matching any entry of the lists, longest first, words spaced freely."""
    entries = {e for key in keys for e in lexicon().get(key, ())}
    ordered = sorted(entries, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(map(regex.escape, e.split())) for e in ordered) + ")"


# ---------------------------------------------------------------------------------------
# Names


@dataclass(frozen=True)
class _Context:
    """What the module works out once per document."""

    document: Document
    # Capitalised words seen in mid-sentence anywhere in the document: a sentence opener
    # is a name only if the article also capitalises it where capitals are not forced.
    mid_capitals: frozenset[str]
    speakers: dict[Quote, tuple[int, int] | None]


_last: list[_Context] = []


def _context(document: Document) -> _Context:
    if _last and _last[0].document is document:
        return _last[0]
    caps: set[str] = set()
    for sentence in document.sentences:
        first = True
        for match in WORD.finditer(document.view, sentence.start, sentence.end):
            if not first and match.group()[0].isupper():
                caps.add(match.group())
            first = False
    context = _Context(document, frozenset(caps), {})
    context.speakers.update(_quote_speakers(document))
    _last[:] = [context]
    return context


def _sentence_opener(document: Document, start: int) -> bool:
    """Is the word at `start` the first word of its sentence or of a quotation?"""
    sentence = document.sentence_at(start)
    lead = document.view[sentence.start if sentence else 0 : start]
    return not lead.strip() or bool(regex.search(r"[\"\u201c:]\s*$", lead))


def is_name(document: Document, start: int, end: int, placing: bool = False) -> bool:
    """Does the word at [start, end) name someone? Capitalised, not a function word, and
    - unless `placing` - not a word that only places a group ("City", "British")."""
    word = document.view[start:end]
    if not word[:1].isupper() or word in lexicon()["not-names"]:
        return False
    if not placing and (word in lexicon()["placing-modifiers"] or _NATIONALITY.fullmatch(word)):
        return False
    if _sentence_opener(document, start):
        return bool(_ACRONYM.fullmatch(word)) or word in _context(document).mid_capitals
    return True


def names_someone(document: Document, start: int, end: int) -> bool:
    """Does the stretch [start, end) hold a name that identifies a source?"""
    return any(is_name(document, *m.span()) for m in WORD.finditer(document.view, start, end))


def identified_subject(document: Document, start: int, end: int) -> bool:
    """Is the noun phrase [start, end) (the subject of a reporting verb, or an agent) an
    identified source? A name, a pronoun or a definite noun phrase that points back to
    someone already named ("the firm", "its analysts") all count. Of "In May, Mr Brown,
    who led the talks, said" only the subject counts: the last comma-separated part, or
    the part before it when the last is a relative clause or an apposition."""
    view = document.view
    cuts = [start] + [m.end() for m in _CUT.finditer(view, start, end)]
    ends = [c - 1 for c in cuts[1:]] + [end]
    parts = [(lo, hi) for lo, hi in zip(cuts, ends, strict=True) if hi > lo]
    parts = [p for p in parts if view[p[0] : p[1]].strip()]
    if not parts:
        return False
    candidates = [parts[-1]]
    head = WORD.search(view, *parts[-1])
    if len(parts) > 1 and head and head.group().casefold() in _APPOSITION:
        candidates.append(parts[-2])
    # "Cadbury, the confectioner, has": the subject is before the auxiliaries; "all I can"
    # and "and I": a personal pronoun last of all is the subject.
    tail = list(WORD.finditer(view, *parts[-1]))
    while tail and tail[-1].group().casefold() in _AUXILIARIES:
        tail.pop()
    if not tail and len(parts) > 1:
        candidates.append(parts[-2])
    elif tail and tail[-1].group().casefold() in _PERSONAL:
        return True
    for lo, hi in candidates:
        if names_someone(document, lo, hi):
            return True
        first = WORD.search(view, lo, hi)
        if first is None:
            continue
        word = first.group().casefold()
        if word in words("back-reference-pronouns") or word in words("back-reference-determiners"):
            return True
        # "a spokesman said": someone speaking for the organisation of the story.
        if set(WORD.findall(view[lo:hi].casefold())) & words("institutional-nouns"):
            return True
    return False


_CUT = regex.compile(r"[,\u2014\u2013]")
_AUXILIARIES = frozenset(
    "has have had is are was were will would can could may might must should shall do does "
    "did also now still even already later then".split()
)
_PERSONAL = frozenset("i he she we they".split())
_APPOSED_NAME = regex.compile(r",\s+(?:\p{Lu}[\p{L}'\u2019.-]*\s*){1,4}(?=[.,;!?]|$)")
# Words that open a relative clause or an apposition after a name: "Mr Brown, who ...".
_APPOSITION = frozenset("who which whose a an the its his her their one".split())
_NOT_SUBJECT_END = frozenset(
    "to the a an of in on at for by from with and or but that this these those its their "
    "his her our my your as".split()
)


# ---------------------------------------------------------------------------------------
# Direct quotation and its speaker


@data_cached
def _speaker_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    verb = alternation("reporting-verbs")
    subject = r"[^.;:!?\"\u201c\u201d]{1,80}?"
    after = regex.compile(
        rf"\s*[,\u2014\u2013-]?\s*(?:(?P<verb>{verb})\s+(?P<subj>{subject})"
        rf"|(?P<subj2>{subject})\s+(?:\w+ly\s+)?(?P<verb2>{verb}))"
        r"(?=\s*(?:[.,;:!?\u2014\u2013]|$|\s+(?:that|in|on|at|to|after|before|when|while|as)\b))",
        regex.IGNORECASE,
    )
    before = regex.compile(
        rf"(?P<subj>{subject})\s+(?:\w+ly\s+)?(?P<verb>{verb})"
        r"(?:\s+[^.;:!?\"\u201c\u201d]{0,40}?)?\s*(?:that\s*)?[:,]?\s*$",
        regex.IGNORECASE,
    )
    according = regex.compile(
        rf"according\s+to\s+(?P<subj>{subject})\s*[:,]?\s*$", regex.IGNORECASE
    )
    return after, before, according


def _speaker_of(document: Document, quote: Quote) -> tuple[int, int] | None:
    """The words naming who speaks a quotation, from the same sentence: ', Mr Brown said'
    after it, or 'Mr Brown said:' / 'According to Mr Brown,' before it."""
    after, before, according = _speaker_patterns()
    view = document.view
    sentence = document.sentence_at(max(quote.end - 1, quote.start))
    stop = document.blocks[sentence.block].end if sentence else len(view)
    if sentence and sentence.end > quote.end:
        stop = sentence.end
    match = after.match(view, quote.end, stop)
    if match:
        lo, hi = match.span("subj" if match.group("subj") else "subj2")
        # '..., said the mayor, Jane Harker.': the apposition names the speaker.
        named = _APPOSED_NAME.match(view, hi, stop)
        return (lo, named.end()) if named else (lo, hi)
    head = document.sentence_at(quote.start)
    lead_start = head.start if head else quote.start
    for pattern in (before, according):
        match = pattern.search(view, lead_start, quote.start)
        if match:
            return match.span("subj")
    return None


def _quote_speakers(document: Document) -> dict[Quote, tuple[int, int] | None]:
    """Speakers of every quotation. A quotation with no attribution of its own takes the
    speaker of the quotation before it in the same paragraph ('"A," he said. "B."'), or of
    the previous paragraph's quotation when that one was left open: the news convention
    for a quotation that runs over several paragraphs."""
    speakers: dict[Quote, tuple[int, int] | None] = {}
    previous: Quote | None = None
    for quote in document.quotes:
        span = _speaker_of(document, quote)
        if span is None and previous is not None:
            gap = _block_of(document, quote) - _block_of(document, previous)
            if gap == 0 or (gap == 1 and not previous.closed):
                span = speakers[previous]
        speakers[quote] = span
        previous = quote
    # A quotation before its attribution ('"A." He said it twice. "B," he said.') may get
    # its speaker from the next part of the same paragraph.
    later: tuple[int, int] | None = None
    later_block = -1
    for quote in reversed(document.quotes):
        block = _block_of(document, quote)
        if speakers[quote] is None and block == later_block:
            speakers[quote] = later
        later, later_block = speakers[quote], block
    return speakers


def _block_of(document: Document, quote: Quote) -> int:
    sentence = document.sentence_at(quote.start)
    return sentence.block if sentence else -1


def quote_speaker(document: Document, quote: Quote) -> tuple[int, int] | None:
    """The span naming the speaker of a direct quotation, if the copy says who it is."""
    return _context(document).speakers.get(quote)


# ---------------------------------------------------------------------------------------
# Reported speech


def _sieve(pattern: str, *tests: Test) -> Sieve:
    return Sieve(lambda: regex.compile(pattern, regex.IGNORECASE), *tests)


@data_cached
def _reporting() -> tuple[Sieve, Sieve, Sieve]:
    """Reporting frames; each runs only on sentences holding its verb (bounded by non-word
    characters in every pattern, see _scan) or a word ending in "according"."""
    verb = alternation("reporting-verbs")
    verb_words = any_word(lexicon()["reporting-verbs"])
    frame = _sieve(rf"(?<![\w-])(?:\w+ly\s+)?(?P<verb>{verb})(?![\w-])", verb_words)
    trailing = _sieve(
        rf"[,\u2014\u2013]\s*(?:(?P<verb>{verb})\s+(?P<subj>[^,.;:!?]{{1,60}}?)"
        rf"|(?P<subj2>[^,.;:!?]{{1,60}}?)\s+(?:\w+ly\s+)?(?P<verb2>{verb}))"
        r"(?:\s+(?:on|in|at|last|this|earlier|yesterday|today|\w+day)\b[^,.;:!?]{0,30})?"
        r"\s*[.!?\"\u201d]*\s*$",
        verb_words,
    )
    according = _sieve(
        r"according\s+to\s+(?P<subj>[^,.;:!?]{1,60}?)(?=\s*(?:[,.;:!?]|$))",
        any_suffix("according"),  # nothing bounds its start
    )
    return frame, trailing, according


@dataclass(frozen=True)
class Attribution:
    """Why a span counts as attributed: `kind` is "quote" (inside a direct quotation of an
    identified speaker) or "reported" (reported speech or an "according to" frame of an
    identified source); `speaker` is the span of the words that name the source."""

    kind: str
    speaker: tuple[int, int]


def _subject_before(document: Document, sentence: Sentence, verb_start: int) -> tuple[int, int]:
    """The subject of a verb: the words back to the nearest clause boundary."""
    start = max(sentence.start, verb_start - 100)
    for match in _boundary().finditer(document.view, start, verb_start):
        start = match.end()
    return start, verb_start


@data_cached
def _boundary() -> regex.Pattern[str]:
    return regex.compile(
        rf"(?:[;:\"\u201c\u201d(\u2013\u2014]|\s-\s|(?<![\w-]){alternation('subject-boundaries')}"
        r"(?![\w-]))",
        regex.IGNORECASE,
    )


def _vague_subject(document: Document, start: int, end: int) -> bool:
    text = document.view[start:end].casefold()
    vague = words("group-nouns") | words("quantifier-subjects") | {"sources", "source"}
    tokens = WORD.findall(text)
    return bool(tokens) and tokens[-1] in vague and not names_someone(document, start, end)


def reported_speech(document: Document, sentence: Sentence) -> list[tuple[int, int, Attribution]]:
    """Stretches of a sentence that report what an identified source said: (start, end,
    attribution). 'Mr Brown said many people believed X' covers what follows 'said';
    'Many people believed X, Mr Brown said.' and 'according to the IFS' cover the
    sentence. A new clause after ';' or ', while' ends the reported speech."""
    frame, trailing, according = _reporting()
    view = document.view
    found: list[tuple[int, int, Attribution]] = []
    # The writer takes the word back at a new clause ("; ", ", while ...") or an adverbial
    # of their own (", following rumours that ...").
    clause_end = regex.compile(
        r";|,\s+(?:while|whereas|but|following|amid|amidst)\b", regex.IGNORECASE
    )
    for match in frame.finditer(document, sentence):
        if document.quote_at(match.start()) is not None:
            continue
        before = WORD.findall(view, sentence.start, match.start())
        if before and before[-1].casefold() in _NOT_SUBJECT_END:
            continue  # "according to reports", "the claims": a noun, not a verb
        subj = _subject_before(document, sentence, match.start())
        if not view[subj[0] : subj[1]].strip() or _vague_subject(document, *subj):
            continue
        if identified_subject(document, *subj):
            stop = clause_end.search(view, match.end(), sentence.end)
            end = stop.start() if stop else sentence.end
            found.append((match.end(), end, Attribution("reported", subj)))
    tail = trailing.search(document, sentence)
    if tail:
        group = "subj" if tail.group("subj") else "subj2"
        span = tail.span(group)
        if identified_subject(document, *span) and not _vague_subject(document, *span):
            found.append((sentence.start, tail.start(), Attribution("reported", span)))
    for match in according.finditer(document, sentence):
        span = match.span("subj")
        if names_someone(document, *span) or identified_subject(document, *span):
            if not _vague_subject(document, *span):
                found.append((sentence.start, sentence.end, Attribution("reported", span)))
    return found


def attribution(document: Document, start: int, end: int) -> Attribution | None:
    """Is the span [start, end) attributed to an identified source? Returns how, or None.

    True cases: it sits inside a direct quotation whose speaker the copy identifies (in the
    same sentence, or earlier in a quotation broken by attribution or running over
    paragraphs), or inside reported speech of an identified speaker ("Mr Brown said ...",
    "..., the IFS said.", "according to the IFS"). A pronoun or a definite noun phrase
    ("he", "the company") counts as identified: it points back to someone named before.
    """
    quote = document.quote_at(start)
    if quote is not None:
        speaker = quote_speaker(document, quote)
        if speaker is not None and not _vague_subject(document, *speaker):
            if identified_subject(document, *speaker):
                return Attribution("quote", speaker)
    sentence = document.sentence_at(start)
    if sentence is None:
        return None
    for lo, hi, how in reported_speech(document, sentence):
        if lo <= start and end <= hi and not _in_aside(document.view, lo, start):
            return how
    return None


_ASIDE = regex.compile(r"\s[-\u2013\u2014]\s|\u2014|[()]|,\s+(?:which|who|whose)\b|,")


def _in_aside(view: str, lo: int, at: int) -> bool:
    """Is `at` inside an aside that opened after `lo`: a dash or bracket pair, or a
    non-restrictive relative clause (closed by the next comma)? Asides in reported speech
    are the writer's words ("Mr Lee said the policy - which critics claim is unfair -
    would stay")."""
    opened = ""
    for match in _ASIDE.finditer(view, lo, at):
        mark = match.group().strip()
        if mark == ",":
            opened = "" if opened == "relative" else opened
        elif mark.startswith(","):
            opened = opened or "relative"
        elif mark in "()":
            opened = "bracket" if mark == "(" else ""
        else:
            opened = "" if opened == "dash" else "dash"
    return bool(opened)


@data_cached
def _named_evidence() -> tuple[Sieve, Sieve, Sieve]:
    """Named evidence, agents and judges. The evidence nouns may run straight into what
    follows, so only their start is sure to be a word's start (see _scan)."""
    lists = lexicon()
    evidence = _sieve(
        rf"(?<![\w-])(?P<noun>{alternation('evidence-nouns')})"
        r"(?P<pp>\s+(?:by|from|of|for)\s+[^,;:.!?\"\u201c\u201d]{1,50}?)?\s*,?\s*"
        rf"(?:\w+\s+){{0,2}}?{alternation('evidence-verbs')}(?![\w-])",
        any_prefix(lists["evidence-nouns"]),
    )
    agent = _sieve(
        rf"(?<![\w-])(?:{alternation('source-participles', 'evidence-nouns')})(?![\w-])"
        r"[^.;:!?\"\u201c\u201d]{0,60}?\bby\s+(?P<np>(?:[\w'\u2019.&-]+[ \t]*){1,6})",
        any_word(lists["source-participles"], lists["evidence-nouns"]),
    )
    judge = _sieve(
        rf"(?<![\w-]){alternation('judging-verbs')}"
        # an object must follow, or the word is a noun ("the top honours - were")
        r"(?=\s+(?!(?:is|are|was|were|has|have|had|will|would|and|or|of|to|in|for|by)\b)\p{L})",
        any_word(lists["judging-verbs"]),
    )
    return evidence, agent, judge


@data_cached
def _inverted() -> Sieve:
    return _sieve(
        rf"(?<![\w-]){alternation('reporting-verbs')}\s+(?:Mr|Mrs|Ms|Dr|Prof|Sir|Lord|Lady)?"
        r"\.?\s*(?P<name>(?-i:\p{Lu})[\p{L}'\u2019-]+)",
        any_word(lexicon()["reporting-verbs"]),
    )


def sentence_source(document: Document, sentence: Sentence) -> tuple[int, int] | None:
    """The words by which a sentence identifies the source it reports, if any.

    Reported speech of an identified speaker anywhere in the sentence ("the BPI said",
    "..., said Ms Jones.", "according to the ONS", "he told the BBC"); named evidence
    ("Nielsen figures show", "a survey by Mori found"); or a named agent of a judgement
    or a measurement ("named album of the year by Q magazine", "a chart compiled by the
    BPI"), or an identified subject of a verb of judging ("the Globes honour the best").
    Unnamed groups and bare evidence ("analysts said", "figures show") identify
    nobody."""
    for _, _, how in reported_speech(document, sentence):
        return how.speaker
    view = document.view
    for quote in document.quotes_from(sentence.start):  # '"...", said Serge Lee, ...'
        speaker = quote_speaker(document, quote)
        if speaker and sentence.start <= speaker[0] < sentence.end:
            if identified_subject(document, *speaker) and not _vague_subject(document, *speaker):
                return speaker
        if quote.start >= sentence.end:
            break
    for match in _inverted().finditer(document, sentence):
        if is_name(document, *match.span("name")):  # "Also, said Mr Trainor, ..."
            return match.span()
    evidence, agent, judge = _named_evidence()
    for match in evidence.finditer(document, sentence):
        # "Nielsen figures show", "the BPI's latest survey found": a name just before
        lead = list(WORD.finditer(view, max(sentence.start, match.start() - 60), match.start()))
        lo = lead[-3].start() if len(lead) >= 3 else max(sentence.start, match.start() - 60)
        if names_someone(document, lo, match.end("noun")):
            return match.span()
        if match.group("pp") and names_someone(document, *match.span("pp")):
            return match.span()
    for match in agent.finditer(document, sentence):
        if names_someone(document, *match.span("np")):
            return match.span()
    for match in judge.finditer(document, sentence):
        before = WORD.findall(view, sentence.start, match.start())
        if not before or before[-1].casefold() in _PASSIVE_AUXILIARIES:
            continue  # "he was named": a passive names no judge
        subject = _subject_before(document, sentence, match.start())
        if identified_subject(document, *subject) and not _vague_subject(document, *subject):
            return subject[0], match.end()
    return None


_PASSIVE_AUXILIARIES = frozenset("is are was were be been being".split())


def is_attributed(document: Document, start: int, end: int) -> bool:
    """Shorthand for other rules: is [start, end) a named source's quote or reported speech?"""
    return attribution(document, start, end) is not None
