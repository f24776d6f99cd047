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

import enum
import functools
import re
from collections.abc import Callable
from typing import NamedTuple, TypeVar

import regex

from newslint import regexes
from newslint.analysis.cues import (
    Sieve,
    any_prefix,
    any_suffix,
    any_word,
    sentences_with,
    sieve,
    words_listed,
)
from newslint.analysis.lexicon import Lexicon
from newslint.analysis.words import WORD
from newslint.analysis.words import tree_alternation as _alternation
from newslint.document import Document, Quote, Sentence
from newslint.model import Span

T = TypeVar("T")


def _compiled(method: Callable[[Sources], T]) -> Callable[[Sources], T]:
    """A method whose value depends only on the lexicon: built once per lexicon."""
    name = ("newslint.analysis.sources", method.__name__)

    @functools.wraps(method)
    def cached(self: Sources) -> T:
        return self.lexicon.compiled(name, lambda: method(self))

    return cached


# newslint.analysis.words.WORD on ASCII text: \p{L} and \p{N} are its letters and digits.
_ASCII_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9&'\u2019.-]*[A-Za-z0-9])?"
# The capitalised words of ASCII text as `_ASCII_WORD` splits it, found without the others:
# an upper-case letter where a word starts (not after a letter or digit, nor after joining
# characters that follow one), running as far as `_ASCII_WORD` takes it. A regex pattern
# (its look-behind is of any length), compiled when a long document first asks.
_ASCII_CAPITALISED = r"(?<![A-Za-z0-9][&'.-]*)[A-Z](?:[&'.-]*[A-Za-z0-9])*+"
_OPENS_QUOTE = regexes.compile(r"[\"\u201c:]\s*$")
_NATIONALITY = regexes.compile(r"\p{Lu}\p{Ll}+(?:ish|ese|ian|ean|an|i)")
_ACRONYM = regexes.compile(r"\p{Lu}[\p{Lu}\p{N}&]+s?|(?:\p{Lu}\.){2,}")
# A people by nationality ("Germans", "Italians", "Europeans") places a group, names no one;
# unless a capitalised word or a title comes just before it ("Mr Evans", "Huw Evans").
_PEOPLES = regexes.compile(r"\p{Lu}\p{Ll}+(?:ian|ean|an|ese)s")
_BEFORE_SURNAME = regexes.compile(r"\p{Lu}[\p{L}.]*\s+$")
_OPENING = regexes.compile(r"[\"'\u201c\u2018(\[\s\u2014\u2013-]*")


# ---------------------------------------------------------------------------------------
# Names


_CUT = regexes.compile(r"[,\u2014\u2013]")

_AUXILIARIES = frozenset(
    "has have had is are was were will would can could may might must should shall do does "
    "did also now still even already later then".split()
)

_PERSONAL = frozenset("i he she we they".split())

_APPOSED_NAME = regexes.compile(r",\s+(?:\p{Lu}[\p{L}'\u2019.-]*\s*){1,4}(?=[.,;!?]|$)")

# Words that open a relative clause or an apposition after a name: "Mr Brown, who ...".

_APPOSITION = frozenset("who which whose a an the its his her their one".split())

_NOT_SUBJECT_END = frozenset(
    "to the a an of in on at for by from with and or but that this these those its their "
    "his her our my your as".split()
)


# ---------------------------------------------------------------------------------------

# Direct quotation and its speaker


# ---------------------------------------------------------------------------------------

# Reported speech


class PhraseKind(str, enum.Enum):
    """What kind of noun phrase a group noun heads (see `Sources.group_phrase`)."""

    QUANTIFIED = "quantified"
    IDENTIFIED = "identified"
    OBJECT = "object"
    UNQUANTIFIED = "unquantified"
    INDEFINITE = "indefinite"
    VERB = "verb"
    BARE = "bare"


_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve dozen dozens hundreds "
    "thousands both".split()
)
# Pronouns that are whole noun phrases: a noun after one starts a phrase of its own.
_PRONOUN_NPS = frozenset("others them us".split())
# After these, a word in -s is a verb ("which begins"), not a plural noun.
_VERB_BEFORE = frozenset("which who that it he she this there what".split())
_PREPOSITIONS = frozenset(
    "of to for by from at in on about among between against into than under over".split()
)


class AttributionKind(enum.Enum):
    """How a span is attributed to an identified source."""

    QUOTE = "quote"  # inside a direct quotation of an identified speaker
    REPORTED = "reported"  # reported speech, or an "according to" frame


# Attribution and Reported are named tuples, not frozen dataclasses: a dataclass compiles
# its methods from source at every start (about 0.5 ms a class of a one-article run); a
# named tuple is made in a tenth of that and is as immutable, equal by value, hashable and
# printable.


class Attribution(NamedTuple):
    """Why a span counts as attributed: `kind` says how; `speaker` is the span of the words
    that name the source (characters of `document.text`)."""

    kind: AttributionKind
    speaker: Span


class Reported(NamedTuple):
    """A stretch of a sentence (`span`) that reports what an identified source said."""

    span: Span
    attribution: Attribution


_ASIDE = regexes.compile(r"\s[-\u2013\u2014]\s|\u2014|[()]|,\s+(?:which|who|whose)\b|,")
# Where reported speech ends: the writer takes the word back at a new clause ("; ",
# ", while ...") or an adverbial of their own (", following rumours that ...").
_CLAUSE_END = regexes.compile(
    r";|,\s+(?:while|whereas|but|following|amid|amidst)\b", regex.IGNORECASE
)


_PASSIVE_AUXILIARIES = frozenset("is are was were be been being".split())

# Sentences: past this many, `Sources._capitalised_mid_sentence` reads every sentence once
# (`mid_capitals`) rather than searching the text for each opener, when no rule has listed
# the document's words by word (that list answers sooner still): each search may run
# through the whole text. `python bench/opener_paths.py` (BBC articles joined into
# documents, both ways timed on the openers the sourcing rules ask of): the searches cost
# less up to some 7,000 sentences a document, 1.3 times the pass at 11,800 and 2.7 times
# at 35,300 (the 4 MB file of the whole corpus).
_MANY_SENTENCES = 8000

# Sentences `Sources.mid_capitals` copies and reads at a time: some 50,000 characters of news.
_GROUP = 512


def _after_first(document: Document, sentence: Sentence, word: str) -> bool:
    """Is `word` one of the words (`WORD`'s) of `sentence` after its first? Its text is
    split only when it holds `word` past its first character, as such a word must."""
    piece = document.view[sentence.start : sentence.end]
    if piece.find(word, 1) < 0:
        return False
    # An ASCII sentence's words are found by the same pattern in ASCII terms, with re
    # (twice as fast as WORD's \p classes).
    return word in (re.compile(_ASCII_WORD) if piece.isascii() else WORD).findall(piece)[1:]


class Sources:
    """Who is speaking in one document, judged with one lexicon: names, direct quotations
    and their speakers, reported speech, identified sources. Get one with `sources()`;
    every offset taken or returned is a character offset into `document.text`."""

    def __init__(self, document: Document, lexicon: Lexicon) -> None:
        self.document = document
        self.lexicon = lexicon
        self.lists = lexicon.table("sourcing")
        self._reported: dict[tuple[int, int], list[Reported]] = {}
        # Sentences whose reported speech `is_attributed` has worked out in part, once.
        self._reported_partly: set[tuple[int, int]] = set()
        # `sentence_source`'s answers by span: unsupported-superlative asks it for each claim
        # of a sentence, and a sentence of many claims (copy without full stops, say) paid
        # for the whole question, read over the whole sentence, once per claim.
        self._sources: dict[tuple[int, int], Span | None] = {}
        # Speakers by index into document.quotes, worked out one run of linked quotations
        # at a time (see `quote_speaker`), and the block index of each quotation looked at.
        self._speakers: dict[int, Span | None] = {}
        self._quote_blocks: dict[int, int] = {}
        # Capitalised words asked of, by whether `mid_capitals` holds them.
        self._mid_sentence: dict[str, bool] = {}

    @functools.cached_property
    def mid_capitals(self) -> frozenset[str]:
        """Capitalised words seen in mid-sentence anywhere in the document: a sentence opener
        is a name only if the article also capitalises it where capitals are not forced."""
        caps: set[str] = set()
        view, sentences = self.document.view, self.document.sentences
        # The ASCII sentences (most of any English text) a group at a time, in C: joined
        # by NUL (in no word), each one's first word cut where a NUL opens it, then the
        # capitalised words of what is left found in one search, not one per sentence; a
        # group at a time bounds the copy.
        first_word = re.compile("\x00[^A-Za-z0-9\x00]*" + _ASCII_WORD)
        capitalised = regexes.compile(_ASCII_CAPITALISED)
        for first in range(0, len(sentences), _GROUP):
            plain: list[str] = []
            for sentence in sentences[first : first + _GROUP]:
                piece = view[sentence.start : sentence.end]
                if piece.isascii() and "\x00" not in piece:
                    plain.append(piece)
                else:
                    caps.update(word for word in WORD.findall(piece)[1:] if word[0].isupper())
            caps.update(capitalised.findall(first_word.sub("\x00", "\x00" + "\x00".join(plain))))
        return frozenset(caps)

    def _capitalised_mid_sentence(self, word: str) -> bool:
        """Is `word`, capitalised, one of `mid_capitals`? Found from the sentences that may
        hold it, not from every word of the document: a rule asks of a few sentence
        openers, and reading every sentence for them cost more than the rest of the
        question. In a long document whose words a rule has listed by word, those are
        the sentences whose words hold it (`sentences_with`), or, when so many words or
        sentences hold it that a search costs less ("A-Q"), a search through the text
        finds them, as it does in a shorter document. Past `_MANY_SENTENCES` with no word
        listed, `mid_capitals` is read: the search for a word never capitalised
        mid-sentence runs through the whole text, and a long text has hundreds of
        openers to ask of."""
        found = self._mid_sentence.get(word)
        if found is None:
            held = sentences_with(self.document, word)
            if held is not None:
                sentences = self.document.sentences
                found = any(_after_first(self.document, sentences[i], word) for i in held)
            elif len(self.document.sentences) > _MANY_SENTENCES and not words_listed(self.document):
                found = word in self.mid_capitals
            else:
                found = self._find_mid_sentence(word)
            self._mid_sentence[word] = found
        return found

    def _find_mid_sentence(self, word: str) -> bool:
        view, document = self.document.view, self.document
        at = view.find(word)
        while at >= 0:
            sentence = document.sentence_at(at)
            if sentence is None:  # between sentences, where `mid_capitals` reads nothing
                at = view.find(word, at + 1)
                continue
            if _after_first(document, sentence, word):
                return True
            at = view.find(word, sentence.end)
        return False

    @functools.cached_property
    def speakers(self) -> dict[Quote, Span | None]:
        """The speaker of every direct quotation of the document (see `quote_speaker`)."""
        return {quote: self.quote_speaker(quote) for quote in self.document.quotes}

    def words(self, key: str) -> frozenset[str]:
        """A sourcing list of the lexicon, casefolded."""
        return self.lexicon.words("sourcing", key)

    def alternation(self, *keys: str) -> str:
        """A regex fragment matching any entry of these sourcing lists (a tree of shared
        prefixes, see `tree_alternation`: these lists are long, and asked at every word)."""
        return self.lexicon.compiled(
            ("alternation", keys),
            lambda: _alternation(e for key in keys for e in self.lists.get(key, ())),
        )

    def _sentence_opener(self, start: int) -> bool:
        """Is the word at `start` the first word of its sentence or of a quotation?"""
        sentence = self.document.sentence_at(start)
        lead = self.document.view[sentence.start if sentence else 0 : start]
        return not lead.strip() or bool(_OPENS_QUOTE.search(lead))

    def is_name(self, start: int, end: int, placing: bool = False) -> bool:
        """Does the word at [start, end) name someone? Capitalised, not a function word, and
        - unless `placing` - not a word that only places a group ("City", "British")."""
        word = self.document.view[start:end]
        if not word[:1].isupper() or word in self.lists["not-names"]:
            return False
        if not placing and (
            word in self.lists["placing-modifiers"] or _NATIONALITY.fullmatch(word)
        ):
            return False
        if (
            not placing
            and word.endswith("s")
            and _PEOPLES.fullmatch(word)
            and not _BEFORE_SURNAME.search(self.document.view, max(0, start - 30), start)
        ):
            return False
        if self._sentence_opener(start):
            return bool(_ACRONYM.fullmatch(word)) or self._capitalised_mid_sentence(word)
        return True

    def names_someone(self, start: int, end: int) -> bool:
        """Does the stretch [start, end) hold a name that identifies a source?"""
        return any(self.is_name(*m.span()) for m in WORD.finditer(self.document.view, start, end))

    def identified_subject(self, start: int, end: int) -> bool:
        """Is the noun phrase [start, end) (the subject of a reporting verb, or an agent) an
        identified source? A name, a pronoun or a definite noun phrase that points back to
        someone already named ("the firm", "its analysts") all count. Of "In May, Mr Brown,
        who led the talks, said" only the subject counts: the last comma-separated part, or
        the part before it when the last is a relative clause or an apposition."""
        view = self.document.view
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
            if self.names_someone(lo, hi):
                return True
            first = WORD.search(view, lo, hi)
            if first is None:
                continue
            word = first.group().casefold()
            if word in self.words("back-reference-pronouns") or word in self.words(
                "back-reference-determiners"
            ):
                return True
            # "a spokesman said": someone speaking for the organisation of the story.
            if set(WORD.findall(view[lo:hi].casefold())) & self.words("institutional-nouns"):
                return True
        return False

    # The speaker patterns compile one by one, on first use: most quotations are matched by
    # `_speaker_after`, and an article whose quotations all are never needs the others.
    _SUBJECT = r"[^.;:!?\"\u201c\u201d]{1,80}?"
    _ENDING = r"(?:\s+[^.;:!?\"\u201c\u201d]{0,40}?)?\s*(?:that\s*)?[:,]?\s*$"

    @_compiled
    def _speaker_after(self) -> regex.Pattern[str]:
        verb, subject = self.alternation("reporting-verbs"), self._SUBJECT
        return regexes.compile(
            rf"\s*[,\u2014\u2013-]?\s*(?:(?P<verb>{verb})\s+(?P<subj>{subject})"
            rf"|(?P<subj2>{subject})\s+(?:\w+ly\s+)?(?P<verb2>(?&verb)))"
            r"(?=\s*(?:[.,;:!?\u2014\u2013]|$|\s+(?:that|in|on|at|to|after|before|when|while|as)\b))",
            regex.IGNORECASE,
        )

    @_compiled
    def _speaker_before(self) -> regex.Pattern[str]:
        verb = self.alternation("reporting-verbs")
        return regexes.compile(
            rf"(?P<subj>{self._SUBJECT})\s+(?:\w+ly\s+)?(?P<verb>{verb}){self._ENDING}",
            regex.IGNORECASE,
        )

    @_compiled
    def _verb_at_end(self) -> regex.Pattern[str]:
        """What `_speaker_before` needs at the end of the lead, without the subject: that
        pattern tries every subject length at every character, and this one pass rules most
        leads out."""
        verb = self.alternation("reporting-verbs")
        return regexes.compile(rf"(?:{verb}){self._ENDING}", regex.IGNORECASE)

    @_compiled
    def _speaker_according(self) -> regex.Pattern[str]:
        return regexes.compile(
            rf"according\s+to\s+(?P<subj>{self._SUBJECT})\s*[:,]?\s*$", regex.IGNORECASE
        )

    def _speaker_of(self, quote: Quote) -> Span | None:
        """The words naming who speaks a quotation, from the same sentence: ', Mr Brown said'
        after it, or 'Mr Brown said:' / 'According to Mr Brown,' before it."""
        view = self.document.view
        sentence = self.document.sentence_at(max(quote.end - 1, quote.start))
        stop = self.document.blocks[sentence.block].end if sentence else len(view)
        if sentence and sentence.end > quote.end:
            stop = sentence.end
        match = self._speaker_after().match(view, quote.end, stop)
        if match:
            lo, hi = match.span("subj" if match.group("subj") else "subj2")
            # '..., said the mayor, Jane Harker.': the apposition names the speaker.
            named = _APPOSED_NAME.match(view, hi, stop)
            return Span(lo, named.end()) if named else Span(lo, hi)
        head = self.document.sentence_at(quote.start)
        lead_start = head.start if head else quote.start
        # 'Mr Brown said:' first; only a lead that a reporting verb ends can be one.
        match = None
        if self._verb_at_end().search(view, lead_start, quote.start):
            match = self._speaker_before().search(view, lead_start, quote.start)
        match = match or self._speaker_according().search(view, lead_start, quote.start)
        return Span(*match.span("subj")) if match else None

    def quote_speaker(self, quote: Quote) -> Span | None:
        """The span naming the speaker of a direct quotation, if the copy says who it is;
        None for a quotation that is not one of the document's.

        Only the run of linked quotations holding `quote` is worked out (see `_linked`):
        speakers pass only between linked quotations, so a run gets the speakers a pass
        over every quotation of the document would give it, and a long file pays only for
        the runs its rules ask about."""
        try:
            index = self.document.quote_index(quote)
        except ValueError:
            return None
        if index not in self._speakers:
            lo, hi = index, index
            while lo > 0 and self._linked(lo):
                lo -= 1
            while hi + 1 < len(self.document.quotes) and self._linked(hi + 1):
                hi += 1
            self._run_speakers(lo, hi)
        return self._speakers[index]

    def _run_speakers(self, lo: int, hi: int) -> None:
        """Speakers of quotations lo..hi (indices into document.quotes), a run of linked
        ones. A quotation with no attribution of its own takes the speaker of the quotation
        before it in the same paragraph ('"A," he said. "B."'), or of the previous
        paragraph's quotation when that one was left open: the news convention for a
        quotation that runs over several paragraphs."""
        quotes = self.document.quotes
        speakers = self._speakers
        for k in range(lo, hi + 1):
            span = self._speaker_of(quotes[k])
            if span is None and k > lo:  # linked to the one before it
                span = speakers[k - 1]
            speakers[k] = span
        # A quotation before its attribution ('"A." He said it twice. "B," he said.') may get
        # its speaker from the next part of the same paragraph.
        later: Span | None = None
        later_block = -1
        for k in range(hi, lo - 1, -1):
            block = self._quote_block(k)
            if speakers[k] is None and block == later_block:
                speakers[k] = later
            later, later_block = speakers[k], block

    def _linked(self, k: int) -> bool:
        """Does quotation k (k > 0) take the speaker of quotation k - 1 when it has none of
        its own: the same paragraph, or the next one after a quotation left open? (A
        quotation takes a later one's speaker only in the same paragraph: linked too.)"""
        gap = self._quote_block(k) - self._quote_block(k - 1)
        return gap == 0 or (gap == 1 and not self.document.quotes[k - 1].closed)

    def _quote_block(self, k: int) -> int:
        """The block index of quotation k, -1 when it starts in no sentence."""
        block = self._quote_blocks.get(k)
        if block is None:
            sentence = self.document.sentence_at(self.document.quotes[k].start)
            block = self._quote_blocks[k] = sentence.block if sentence else -1
        return block

    @_compiled
    def _reporting(self) -> tuple[Sieve, Sieve, Sieve]:
        """Reporting frames; each runs only on sentences holding its verb (bounded by non-word
        characters in every pattern, see _scan) or a word ending in "according"."""
        verb = self.alternation("reporting-verbs")
        verb_words = any_word(self.lists["reporting-verbs"])
        # A frame ends with its verb, a whole word: a scan stops after the last verb of the
        # sentence (see Sieve's `ends`), not at its end ("Mr Brown said ... [60 words]").
        frame = sieve(
            rf"(?<![\w-])(?:\w+ly\s+)?(?P<verb>{verb})(?![\w-])",
            verb_words,
            ends=self.lists["reporting-verbs"],
        )
        trailing = sieve(
            rf"[,\u2014\u2013]\s*(?:(?P<verb>{verb})\s+(?P<subj>[^,.;:!?]{{1,60}}?)"
            rf"|(?P<subj2>[^,.;:!?]{{1,60}}?)\s+(?:\w+ly\s+)?(?P<verb2>(?&verb)))"
            r"(?:\s+(?:on|in|at|last|this|earlier|yesterday|today|\w+day)\b[^,.;:!?]{0,30})?"
            r"\s*[.!?\"\u201d]*\s*$",
            verb_words,
        )
        according = sieve(
            r"according\s+to\s+(?P<subj>[^,.;:!?]{1,60}?)(?=\s*(?:[,.;:!?]|$))",
            any_suffix("according"),  # nothing bounds its start
        )
        return frame, trailing, according

    @_compiled
    def _trailing_from_last_comma(self) -> bool:
        """Does every match of the trailing frame (`_reporting`) start at or after the
        last comma of its sentence? It opens with a comma or dash and then allows no comma
        but in a reporting verb (`[^,.;:!?]` elsewhere), so yes, unless a verb of the
        lexicon holds one."""
        return not any("," in verb for verb in self.lists["reporting-verbs"])

    def _subject_before(self, sentence: Sentence, verb_start: int) -> Span:
        """The subject of a verb: the words back to the nearest clause boundary."""
        start = max(sentence.start, verb_start - 100)
        for match in self._boundary().finditer(self.document.view, start, verb_start):
            start = match.end()
        return Span(start, verb_start)

    @_compiled
    def _boundary(self) -> regex.Pattern[str]:
        return regexes.compile(
            rf"(?:[;:\"\u201c\u201d(\u2013\u2014]|\s-\s|(?<![\w-]){self.alternation('subject-boundaries')}"
            r"(?![\w-]))",
            regex.IGNORECASE,
        )

    def _vague_subject(self, start: int, end: int) -> bool:
        text = self.document.view[start:end].casefold()
        tokens = WORD.findall(text)
        return (
            bool(tokens)
            and tokens[-1] in self._vague_heads()
            and not self.names_someone(start, end)
        )

    @_compiled
    def _vague_heads(self) -> frozenset[str]:
        """Last words of a subject that names nobody: a group or quantity, or "sources"."""
        return self.words("group-nouns") | self.words("quantifier-subjects") | {"sources", "source"}

    def reported_speech(self, sentence: Sentence) -> list[Reported]:
        """Stretches of a sentence that report what an identified source said, in the order
        found. 'Mr Brown said many people believed X' covers what follows 'said';
        'Many people believed X, Mr Brown said.' and 'according to the IFS' cover the
        sentence. A new clause after ';' or ', while' ends the reported speech."""
        key = (sentence.start, sentence.end)
        found = self._reported.get(key)
        if found is None:
            found = self._reported[key] = self._reported_speech(sentence)
        return found

    def _reported_speech(self, sentence: Sentence, until: int | None = None) -> list[Reported]:
        """`reported_speech`, or with `until` (an offset) only the stretches that may
        start at or before it: the frames whose verb ends after it are passed over."""
        frame, trailing, according = self._reporting()
        view = self.document.view
        found: list[Reported] = []
        verbs_end = -1  # where the last reporting verb the frame finds ends, -1 for none
        for match in frame.finditer(self.document, sentence):
            verbs_end = match.end()
            if until is not None and verbs_end > until:
                continue  # what it reports starts where the verb ends: after `until`
            if self.document.quote_at(match.start()) is not None:
                continue
            before = WORD.findall(view, sentence.start, match.start())
            if before and before[-1].casefold() in _NOT_SUBJECT_END:
                continue  # "according to reports", "the claims": a noun, not a verb
            subj = self._subject_before(sentence, match.start())
            if not view[subj.start : subj.end].strip() or self._vague_subject(subj.start, subj.end):
                continue
            if self.identified_subject(subj.start, subj.end):
                stop = _CLAUSE_END.search(view, match.end(), sentence.end)
                end = stop.start() if stop else sentence.end
                how = Attribution(AttributionKind.REPORTED, subj)
                found.append(Reported(Span(match.end(), end), how))
        # A trailing frame holds no comma after the one it opens with (its verbs hold none,
        # see _trailing_from_last_comma): it starts at the last comma or later.
        start = sentence.start
        if self._trailing_from_last_comma():
            start = max(start, view.rfind(",", start, sentence.end))
        # The trailing frame's verb is one of the frame's verbs, bounded as the frame bounds
        # them, after the comma or dash it opens with: one the frame found or passed over
        # inside a longer match. With none past that start it cannot match; most sentences
        # report before their last comma ("Mr Brown said that X, Y and Z"), and the search
        # tried a subject of up to 60 characters at every comma or dash after it.
        tail = trailing.search(self.document, sentence, start) if verbs_end > start else None
        if tail:
            group = "subj" if tail.group("subj") else "subj2"
            span = Span(*tail.span(group))
            if self.identified_subject(span.start, span.end) and not self._vague_subject(
                span.start, span.end
            ):
                how = Attribution(AttributionKind.REPORTED, span)
                found.append(Reported(Span(sentence.start, tail.start()), how))
        for match in according.finditer(self.document, sentence):
            span = Span(*match.span("subj"))
            if self.names_someone(span.start, span.end) or self.identified_subject(
                span.start, span.end
            ):
                if not self._vague_subject(span.start, span.end):
                    how = Attribution(AttributionKind.REPORTED, span)
                    found.append(Reported(Span(sentence.start, sentence.end), how))
        return found

    def attribution(self, start: int, end: int) -> Attribution | None:
        """Is the span [start, end) attributed to an identified source? Returns how, or None.

        True cases: it sits inside a direct quotation whose speaker the copy identifies (in the
        same sentence, or earlier in a quotation broken by attribution or running over
        paragraphs), or inside reported speech of an identified speaker ("Mr Brown said ...",
        "..., the IFS said.", "according to the IFS"). A pronoun or a definite noun phrase
        ("he", "the company") counts as identified: it points back to someone named before.
        """
        return self._attribution(start, end, self.reported_speech)

    def _attribution(
        self, start: int, end: int, reported: Callable[[Sentence], list[Reported]]
    ) -> Attribution | None:
        """`attribution`, the reported speech of the span's sentence given by `reported`
        (all of it, or only what may hold the span)."""
        quote = self.document.quote_at(start)
        if quote is not None:
            speaker = self.quote_speaker(quote)
            if speaker is not None and not self._vague_subject(speaker.start, speaker.end):
                if self.identified_subject(speaker.start, speaker.end):
                    return Attribution(AttributionKind.QUOTE, speaker)
        sentence = self.document.sentence_at(start)
        if sentence is None:
            return None
        return self._reported_attribution(start, end, reported(sentence))

    def _reported_attribution(
        self, start: int, end: int, reported_speech: list[Reported]
    ) -> Attribution | None:
        """The first of `reported_speech` (a sentence's, in order) that holds [start, end)
        outside an aside, as `attribution` reads them."""
        for reported in reported_speech:
            lo, hi = reported.span.start, reported.span.end
            if lo <= start and end <= hi and not self._in_aside(self.document.view, lo, start):
                return reported.attribution
        return None

    @staticmethod
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

    @_compiled
    def _named_evidence(self) -> tuple[Sieve, Sieve, Sieve]:
        """Named evidence, agents and judges. The evidence nouns may run straight into what
        follows, so only their start is sure to be a word's start (see _scan)."""
        lists = self.lists
        evidence = sieve(
            rf"(?<![\w-])(?P<noun>{self.alternation('evidence-nouns')})"
            r"(?P<pp>\s+(?:by|from|of|for)\s+[^,;:.!?\"\u201c\u201d]{1,50}?)?\s*,?\s*"
            rf"(?:\w+\s+){{0,2}}?{self.alternation('evidence-verbs')}(?![\w-])",
            any_prefix(lists["evidence-nouns"]),
        )
        agent = sieve(
            rf"(?<![\w-])(?:{self.alternation('source-participles', 'evidence-nouns')})(?![\w-])"
            r"[^.;:!?\"\u201c\u201d]{0,60}?\bby\s+(?P<np>(?:[\w'\u2019.&-]+[ \t]*){1,6})"
            # "published in the Guinness Book of Records": a named publication
            r"|(?<![\w-])(?:published|listed|recorded|printed)\s+in\s+(?:the\s+)?(?:\w+\s+){0,3}?"
            r"(?:of\s+)?(?:the\s+)?"
            r"(?P<np>(?-i:\p{Lu})[\w'\u2019.&-]*(?:[ \t]+[\w'\u2019.&-]+){0,5})",
            any_word(
                lists["source-participles"],
                lists["evidence-nouns"],
                ["published", "listed", "recorded", "printed"],
            ),
        )
        judge = sieve(
            rf"(?<![\w-]){self.alternation('judging-verbs')}"
            # an object must follow, or the word is a noun ("the top honours - were")
            r"(?=\s+(?!(?:is|are|was|were|has|have|had|will|would|and|or|of|to|in|for|by)\b)\p{L})",
            any_word(lists["judging-verbs"]),
        )
        return evidence, agent, judge

    @_compiled
    def _inverted(self) -> Sieve:
        return sieve(
            rf"(?<![\w-]){self.alternation('reporting-verbs')}\s+(?:Mr|Mrs|Ms|Dr|Prof|Sir|Lord|Lady)?"
            r"\.?\s*(?P<name>(?-i:\p{Lu})[\p{L}'\u2019-]+)",
            any_word(self.lists["reporting-verbs"]),
        )

    def sentence_source(self, sentence: Sentence) -> Span | None:
        """The words by which a sentence identifies the source it reports, if any.

        Reported speech of an identified speaker anywhere in the sentence ("the BPI said",
        "..., said Ms Jones.", "according to the ONS", "he told the BBC"); named evidence
        ("Nielsen figures show", "a survey by Mori found"); or a named agent of a judgement
        or a measurement ("named album of the year by Q magazine", "a chart compiled by the
        BPI"), or an identified subject of a verb of judging ("the Globes honour the best").
        Unnamed groups and bare evidence ("analysts said", "figures show") identify
        nobody."""
        key = (sentence.start, sentence.end)
        if key in self._sources:
            return self._sources[key]
        found = self._sources[key] = self._sentence_source(sentence)
        return found

    def _sentence_source(self, sentence: Sentence) -> Span | None:
        for reported in self.reported_speech(sentence):
            return reported.attribution.speaker
        view = self.document.view
        for quote in self.document.quotes_from(sentence.start):  # '"...", said Serge Lee, ...'
            if quote.start >= sentence.end and self._speaker_after_sentence(quote, sentence):
                break  # its speaker is not this sentence's: not worked out for nothing
            speaker = self.quote_speaker(quote)
            if speaker and sentence.start <= speaker.start < sentence.end:
                if self.identified_subject(speaker.start, speaker.end) and not self._vague_subject(
                    speaker.start, speaker.end
                ):
                    return speaker
            if quote.start >= sentence.end:
                break
        for match in self._inverted().finditer(self.document, sentence):
            if self.is_name(*match.span("name")):  # "Also, said Mr Trainor, ..."
                return Span(*match.span())
        evidence, agent, judge = self._named_evidence()
        for match in evidence.finditer(self.document, sentence):
            # "Nielsen figures show", "the BPI's latest survey found": a name just before
            lead = list(WORD.finditer(view, max(sentence.start, match.start() - 60), match.start()))
            lo = lead[-3].start() if len(lead) >= 3 else max(sentence.start, match.start() - 60)
            if self.names_someone(lo, match.end("noun")):
                return Span(*match.span())
            if match.group("pp") and self.names_someone(*match.span("pp")):
                return Span(*match.span())
        for match in agent.finditer(self.document, sentence):
            if self.names_someone(*match.span("np")):
                return Span(*match.span())
        for match in judge.finditer(self.document, sentence):
            before = WORD.findall(view, sentence.start, match.start())
            if not before or before[-1].casefold() in _PASSIVE_AUXILIARIES:
                continue  # "he was named": a passive names no judge
            subject = self._subject_before(sentence, match.start())
            if self.identified_subject(subject.start, subject.end) and not self._vague_subject(
                subject.start, subject.end
            ):
                return Span(subject.start, match.end())
        return None

    def _speaker_after_sentence(self, quote: Quote, sentence: Sentence) -> bool:
        """Is the speaker of `quote`, which starts after the end of `sentence`, sure to
        start after that end too? Yes when the quotation takes no speaker from a quotation
        before it (see `_linked`) and `sentence` is one of the document's: every quotation
        of its run then starts after the sentence, and its own speaker is after it or in
        the sentence holding its start, which, as sentences do not overlap, starts after
        this one. Most sentences asked of by `sentence_source` are followed by such a
        quotation, whose run no rule may need: working its speakers out was most of what
        the question cost."""
        if (
            not self.document._sentences_apart
            or self.document.sentence_at(sentence.start) != sentence
        ):
            return False
        index = self.document.quote_index(quote)
        return index == 0 or not self._linked(index)

    def is_attributed(self, start: int, end: int) -> bool:
        """Shorthand for other rules: is [start, end) a named source's quote or reported speech?
        `attribution` is not None, with the sentence's reported speech worked out only as
        far as it may hold the span, unless it is known already: a frame's speech starts
        where its verb ends, so a verb ending after `start` is only passed over. The verb
        of a cue ("analysts said") is mostly such a verb, and vague-attribution asks of
        sentences no other rule asks about (on the BBC corpus, by a count outside the
        repository, 67 of the 1,257 whose reported speech it needs are asked of by
        unsupported-superlative too). Asked of a sentence a second time, it works out (and
        keeps) the whole: a sentence of many cues (copy without full stops) would read all
        its frames once per cue."""
        return (
            self._attribution(start, end, functools.partial(self._reported_until, until=start))
            is not None
        )

    def _reported_until(self, sentence: Sentence, until: int) -> list[Reported]:
        """The reported speech of `sentence` that may start at or before `until` (an
        offset): all of it when known, or when asked of the sentence before (then kept);
        else only that part, not kept (see `is_attributed`)."""
        key = (sentence.start, sentence.end)
        if key in self._reported or key in self._reported_partly:
            return self.reported_speech(sentence)
        self._reported_partly.add(key)
        return self._reported_speech(sentence, until=until)

    def group_phrase(self, noun_start: int) -> tuple[int, PhraseKind]:
        """Walk back from a group noun (at `noun_start`) over its modifiers: where its
        noun phrase starts (a character offset) and what kind of phrase it is:
        QUANTIFIED (a number), IDENTIFIED (a name, a possessive, a determiner pointing
        back), OBJECT (after a preposition: not a subject), UNQUANTIFIED ("many"),
        INDEFINITE ("a", "an"), VERB (the "noun" is a verb: "which begins") or BARE."""
        view = self.document.view
        sentence = self.document.sentence_at(noun_start)
        assert sentence is not None
        tokens = list(WORD.finditer(view, sentence.start, noun_start))
        start = noun_start
        quantifiers = self.words("quantifiers")
        noun = WORD.match(view, noun_start)
        common = noun is not None and noun.group().casefold() not in self.words("group-nouns")
        if common and tokens and tokens[-1].group().casefold() in _VERB_BEFORE:
            return start, PhraseKind.VERB  # "which begins on ...": the word is a verb, not a plural
        for count, token in enumerate(reversed(tokens)):
            gap = view[token.end() : start]
            if gap.strip(" '\u2019"):  # punctuation between words ends the phrase
                break
            word = token.group()
            low = word.casefold()
            if gap.startswith(("'", "\u2019")) or low.endswith(("'s", "\u2019s")):
                return token.start(), PhraseKind.IDENTIFIED
            if low == "other":
                start = token.start()  # "the other critics" points back; "other critics" not
                continue
            if word in _PRONOUN_NPS:  # case-sensitive: "US lawyers" is not "us"
                break  # "in others councillors worry": a whole noun phrase ends this one
            if low == "no":
                return token.start(), PhraseKind.QUANTIFIED  # "No chroniclers note": none
            if low in quantifiers or low in {"many", "some", "most", "few"}:
                return token.start(), PhraseKind.UNQUANTIFIED
            if low.isdigit() or low.replace(",", "").isdigit() or low in _NUMBER_WORDS:
                return token.start(), PhraseKind.QUANTIFIED
            if any(c.isdigit() for c in low):
                break  # "the £100m analysts had expected": an amount, not the group's size
            if low in self.words("back-reference-determiners"):
                return token.start(), PhraseKind.IDENTIFIED
            if low in {"a", "an", "one"}:
                return (
                    token.start(),
                    PhraseKind.INDEFINITE if low != "one" else PhraseKind.UNQUANTIFIED,
                )
            if low == "of" and regex.search(
                r"(?:a\s+(?:number|host|lot|range|majority|couple|group|handful)|lots|plenty)"
                r"\s+of\s*$",
                view[sentence.start : token.end()],
                regex.IGNORECASE,
            ):
                return token.start(), PhraseKind.UNQUANTIFIED
            if low in _PREPOSITIONS:
                return start, PhraseKind.OBJECT
            if low in self.stop_words():
                break
            if low in self.words("identifying-modifiers"):
                return token.start(), PhraseKind.IDENTIFIED
            if self.is_name(*token.span()):
                return token.start(), PhraseKind.IDENTIFIED
            if low in self.words("subject-boundaries") or count >= 3 or low.endswith("ed"):
                break  # "fuelled speculation": a verb before the noun ends its phrase
            if word[:1].isupper() and not self.is_name(*token.span(), placing=True):
                start = token.start()  # a sentence opener such as "Chart analysts"
                break
            start = token.start()
        return start, PhraseKind.BARE

    def stop_words(self) -> frozenset[str]:
        """Words that end a group's noun phrase on the left (casefolded)."""
        return self.lexicon.compiled("sources.stop_words", self._stop_words)

    def _stop_words(self) -> frozenset[str]:
        """Words that end a noun phrase on the left: verbs, auxiliaries, pronouns."""
        verbs = self.words("reporting-verbs") | self.words("attribution-verbs")
        auxiliaries = frozenset(
            "is are was were be been being has have had will would can could may might should "
            "must do did does not".split()
        )
        return verbs | auxiliaries | self.words("back-reference-pronouns")


def sources(document: Document, lexicon: Lexicon) -> Sources:
    """The Sources of `document` under `lexicon`, built once and kept with the document."""
    return document.memo(
        ("newslint.analysis.sources", lexicon.key), lambda: Sources(document, lexicon)
    )
