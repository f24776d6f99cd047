"""The structure of a sentence: tokens with word class and lemma, noun-phrase chunks,
clauses, verb groups with their subject, object and passive agent, negation and
non-assertive contexts, and what kind of name a capitalised phrase is.

    from newslint.analysis.structure import structure
    s = structure(document, sentence)          # built once per sentence, kept on the document
    s.tokens                                    # tuple[Token, ...]; Token.span is a model.Span
    s.chunks                                    # tuple[Chunk, ...], noun phrases in order
    s.verbs                                     # tuple[VerbGroup, ...] with subject/object/agent
    s.chunk_at(offset) / s.clause_at(offset)    # offsets: characters into document.text
    s.negated(offset) / s.non_assertive(offset)

It is a rule-based analysis written for news copy (no model, no download): closed-class
words come from `data/english.toml`, open-class words are tagged from their shape and the
words around them. It is cheap but not exact; callers should ask it only of sentences a
cue pass has already made candidates (see `newslint.analysis.cues`).
"""

from __future__ import annotations

import enum
import functools
import sys
from pathlib import Path
from typing import NamedTuple

from newslint import regexes, tomls
from newslint.analysis.cues import sentence_words
from newslint.analysis.words import LONG_TEXT
from newslint.document import Document, Sentence
from newslint.model import Span


class Tag(enum.Enum):
    """Word classes (a small subset of Universal Dependencies' UPOS)."""

    DET = "DET"
    PRON = "PRON"
    NOUN = "NOUN"
    PROPN = "PROPN"
    VERB = "VERB"
    AUX = "AUX"
    ADJ = "ADJ"
    ADV = "ADV"
    ADP = "ADP"
    CONJ = "CONJ"
    SCONJ = "SCONJ"
    NUM = "NUM"
    PART = "PART"
    PUNCT = "PUNCT"


class NameKind(enum.Enum):
    """What a capitalised phrase names. PERSON and ORGANISATION identify a source; PLACE and
    NATIONALITY only place it ("traders in Tokyo", "British experts")."""

    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    NATIONALITY = "nationality"
    UNKNOWN = "unknown"  # capitalised, not known to be a place: treated as identifying


class ClauseKind(enum.Enum):
    MAIN = "main"
    RELATIVE = "relative"  # "who/which/that ..." after a noun
    PARTICIPLE = "participle"  # ", saying ...", ", blamed on ..."
    PARENTHETICAL = "parenthetical"  # between commas, dashes or brackets, with no verb of its own
    SUBORDINATE = "subordinate"  # "if ...", "because ...", "than ..."


# Token, Chunk, Clause and VerbGroup are named tuples, not frozen dataclasses: a dataclass
# compiles its methods from source at every start (about 0.5 ms a class of a one-article
# run); a named tuple is made in a tenth of that and is as immutable, equal by value,
# hashable and printable.


class Token(NamedTuple):
    """One word or punctuation mark. `lemma` is lower case; for verbs, the base form."""

    text: str
    span: Span
    tag: Tag
    lemma: str
    lower: str  # casefolded text


class Chunk(NamedTuple):
    """A noun phrase: tokens [first, last] (indexes into SentenceStructure.tokens), its head
    (the last noun), and the span from its first word to its head. `post` is a following
    prepositional phrase ("analysts at Barclays": "at Barclays"); `appositive` the noun
    phrase between commas right after it ("Hooli, the country's biggest firm,")."""

    first: int
    head: int
    span: Span
    post: Span | None = None
    appositive: int | None = None  # index into SentenceStructure.chunks


class Clause(NamedTuple):
    """A clause of a sentence: its characters and its kind."""

    span: Span
    kind: ClauseKind


class VerbGroup(NamedTuple):
    """Auxiliaries, adverbs and a main verb ("has long been rumoured"). Indexes of chunks
    (into SentenceStructure.chunks) for the roles found, or None."""

    first: int  # token indexes
    head: int
    lemma: str
    passive: bool
    negated: bool
    subject: int | None
    object: int | None
    agent: int | None


@functools.lru_cache(maxsize=1)
def _english() -> dict[str, object]:
    # A shipped file: parsed ahead (see newslint.tomls).
    return tomls.loads((Path(__file__).parent / "data" / "english.toml").read_bytes())


@functools.cache
def _set(key: str) -> frozenset[str]:
    return frozenset(_english()[key])  # type: ignore[arg-type]


@functools.lru_cache(maxsize=1)
def _closed() -> dict[str, Tag]:
    tags: dict[str, Tag] = {}
    for key, tag in (
        ("numbers", Tag.NUM),
        ("prepositions", Tag.ADP),
        ("subordinators", Tag.SCONJ),
        ("conjunctions", Tag.CONJ),
        ("pronouns", Tag.PRON),
        ("determiners", Tag.DET),
        ("auxiliaries", Tag.AUX),
        ("adverbs", Tag.ADV),
    ):
        for word in _set(key):
            tags[word] = tag
    for word in ("not", "n't", "never", "to"):
        tags[word] = Tag.PART
    return tags


_TOKEN = regexes.compile(
    r"[\p{L}\p{N}](?:[\p{L}\p{N}&.'\u2019-]*[\p{L}\p{N}])?|n't|[^\s\p{L}\p{N}]"
)
_NATIONALITY = regexes.compile(r"\p{Lu}\p{Ll}+(?:ish|ese|ian|ean|an|i)")
_ACRONYM = regexes.compile(r"\p{Lu}[\p{Lu}\p{N}&]+s?|(?:\p{Lu}\.){2,}")
_ADJECTIVE_END = ("ous", "ful", "ive", "able", "ible", "al", "ic", "less", "ary", "ish")
_NOT_ADVERBS = frozenset(
    "only family supply early daily weekly monthly rally ally apply reply".split()
)
_BE = frozenset("be is are was were been being am 's 're".split())
_HAVE = frozenset("has have had having 've".split())


def lemmas(word: str) -> frozenset[str]:
    """Candidate base forms of a word read as a verb (lower case): "criticising" gives
    {"criticise", "criticis"}, "said" gives {"say"}. A word is always its own candidate."""
    low = word.casefold().replace("\u2019", "'")
    irregular = _english()["irregular"]
    found = {low}
    if low in irregular:  # type: ignore[operator]
        found.add(irregular[low])  # type: ignore[index]
    for suffix, replacements in (
        ("ies", ("y",)),
        ("ied", ("y",)),
        ("ing", ("", "e")),
        ("ed", ("", "e")),
        ("es", ("", "e")),
        ("s", ("",)),
    ):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            for r in replacements:
                found.add(stem + r)
            if suffix in ("ing", "ed") and len(stem) > 2 and stem[-1] == stem[-2]:
                found.add(stem[:-1])  # "slammed" -> "slam"
    return frozenset(found)


def irregular_verbs() -> dict[str, str]:
    """The data's irregular verb forms, each to its lemma ("said": "say"): what
    `inflections` and `lemmas` read. The table itself, shared: not to be changed."""
    return _english()["irregular"]  # type: ignore[return-value]


def inflections(lemma: str) -> frozenset[str]:
    """The regular forms of a verb lemma, plus itself: "criticise" -> criticises,
    criticised, criticising. Irregular forms come from the data's table."""
    low = lemma.casefold()
    forms = {low}
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        forms |= {low[:-1] + "ies", low[:-1] + "ied", low + "ing"}
    elif low.endswith("e"):
        forms |= {low + "s", low + "d", low[:-1] + "ing"}
    else:
        suffix = "es" if low.endswith(("s", "sh", "ch", "x", "z")) else "s"
        forms |= {low + suffix, low + "ed", low + "ing"}
    return frozenset(forms | _irregular_forms().get(low, frozenset()))


@functools.lru_cache(maxsize=1)
def _irregular_forms() -> dict[str, frozenset[str]]:
    """The irregular forms of each lemma in the data's table, read once: a rule asks
    `inflections` of every verb in its lists (128 of them), each a pass over the table."""
    forms: dict[str, set[str]] = {}
    for form, base in irregular_verbs().items():
        forms.setdefault(base, set()).add(form)
    return {base: frozenset(found) for base, found in forms.items()}


class SentenceStructure:
    """The analysis of one sentence. Build it with `structure(document, sentence)`."""

    def __init__(self, document: Document, sentence: Sentence) -> None:
        self.document = document
        self.sentence = sentence
        self.tokens = self._tokenise()
        self.chunks = self._chunk()

    @functools.cached_property
    def clauses(self) -> tuple[Clause, ...]:
        """Relative, participle and parenthetical clauses, in order (built on first use)."""
        return self._clauses()

    @functools.cached_property
    def verbs(self) -> tuple[VerbGroup, ...]:
        """Verb groups with their roles, in order (built on first use)."""
        return self._verb_groups()

    # -- tokens ---------------------------------------------------------------------------
    def _tokenise(self) -> tuple[Token, ...]:
        view = self.document.view
        # Words interned: a long file keeps hundreds of structures, each word a string of
        # its own (twice over, as written and casefolded) where most are the same few.
        raw = [
            (sys.intern(m.group()), m.start(), m.end())
            for m in _TOKEN.finditer(view, self.sentence.start, self.sentence.end)
        ]
        closed = _closed()
        tokens: list[Token] = []
        for i, (text, start, end) in enumerate(raw):
            low = sys.intern(text.casefold().replace("\u2019", "'"))
            prev = tokens[-1] if tokens else None
            tag = self._tag(text, low, i, prev, closed)
            lemma = low
            if tag in (Tag.VERB, Tag.AUX):
                irregular = _english()["irregular"]
                lemma = irregular.get(low, low)  # type: ignore[union-attr]
            tokens.append(Token(text, Span(start, end), tag, lemma, low))
        return tuple(self._retag(tokens))

    @staticmethod
    def _retag(tokens: list[Token]) -> list[Token]:
        """A second pass that sees the next word: "the proposal has" (a noun before an
        auxiliary, not an adjective), "leaders have" (a plural noun, not a verb)."""
        follows_noun = (Tag.AUX, Tag.VERB, Tag.ADP, Tag.PUNCT, Tag.CONJ, Tag.SCONJ)
        for i in range(len(tokens) - 1):
            t, nxt = tokens[i], tokens[i + 1]
            tag = t.tag
            if tag is Tag.ADJ and nxt.tag in follows_noun and not t.lower.endswith("est"):
                tag = Tag.NOUN
            elif tag is Tag.VERB and t.lower.endswith("s") and nxt.tag in (Tag.AUX, Tag.VERB):
                tag = Tag.NOUN
            if tag is not t.tag:
                tokens[i] = Token(t.text, t.span, tag, t.lemma, t.lower)
        return tokens

    def _tag(self, text: str, low: str, i: int, prev: Token | None, closed: dict[str, Tag]) -> Tag:
        if not text[0].isalnum():
            return Tag.PUNCT
        if text[0].isdigit():
            return Tag.NUM
        after_det = prev is not None and prev.tag in (Tag.DET, Tag.ADJ, Tag.NUM)
        if low in closed:
            tag = closed[low]
            if low == "that" and prev is not None and prev.tag in (Tag.NOUN, Tag.PROPN):
                return Tag.PRON  # "the figure that analysts predicted": relative
            return tag
        if low in _english()["irregular"] and not after_det:  # type: ignore[operator]
            return Tag.VERB
        first_word = prev is None or prev.text in "\"\u201c\u2018'(:"
        if text[0].isupper() and (not first_word or _ACRONYM.fullmatch(text)):
            return Tag.PROPN
        if low.endswith("ly") and len(low) > 4 and low not in _NOT_ADVERBS:
            return Tag.ADV
        if low.endswith(("ed", "en")) and len(low) > 4:
            return Tag.ADJ if after_det else Tag.VERB
        if low.endswith("ing") and len(low) > 5:
            return Tag.NOUN if prev is not None and prev.tag is Tag.DET else Tag.VERB
        if low.endswith("est") and len(low) > 5:
            return Tag.ADJ
        if low.endswith(_ADJECTIVE_END) and len(low) > 5:
            return Tag.ADJ
        if prev is not None and prev.lower == "to" and not after_det:
            return Tag.VERB
        if prev is not None and prev.tag in (Tag.NOUN, Tag.PROPN, Tag.PRON) and low.endswith("s"):
            # "the plan angers residents": a noun then a word in -s is often a verb; a
            # plural after a noun ("business leaders") is left a noun when a verb follows.
            return Tag.NOUN if prev.tag is Tag.NOUN and not prev.lower.endswith("s") else Tag.VERB
        if prev is not None and prev.tag in (Tag.AUX, Tag.PART) and prev.lower != "to":
            return Tag.VERB
        return Tag.NOUN

    # -- noun phrases -------------------------------------------------------------------
    def _chunk(self) -> tuple[Chunk, ...]:
        tokens = self.tokens
        chunks: list[Chunk] = []
        i = 0
        nominal = (Tag.DET, Tag.NUM, Tag.ADJ, Tag.NOUN, Tag.PROPN)
        while i < len(tokens):
            t = tokens[i]
            if t.tag is Tag.PRON and t.lower not in ("which", "who", "whom", "that", "what"):
                chunks.append(Chunk(i, i, t.span))
                i += 1
                continue
            if t.tag not in nominal and not (t.tag is Tag.ADV and i + 1 < len(tokens)):
                i += 1
                continue
            j = i
            head = -1
            while j < len(tokens):
                tj = tokens[j]
                if tj.tag in (Tag.NOUN, Tag.PROPN, Tag.NUM):
                    head = j
                elif tj.tag in (Tag.DET, Tag.ADJ) or (tj.tag is Tag.ADV and j == i):
                    pass
                elif tj.text in ("'s", "\u2019s", "'", "&") or tj.lower in ("'s",):
                    pass
                elif (
                    tj.tag is Tag.VERB
                    and tj.lower.endswith("ing")
                    and j > i
                    and j + 1 < len(tokens)
                    and tokens[j + 1].tag in (Tag.NOUN, Tag.PROPN)
                ):
                    pass  # "the ruling party", "the oldest weaving firm"
                else:
                    break
                j += 1
            if head < 0:
                i = max(j, i + 1)
                continue
            chunks.append(Chunk(i, head, Span(tokens[i].span.start, tokens[head].span.end)))
            i = head + 1
        return tuple(self._attach(chunks))

    def _attach(self, chunks: list[Chunk]) -> list[Chunk]:
        """Post-modifying prepositional phrases and appositives."""
        tokens = self.tokens
        by_first = {c.first: k for k, c in enumerate(chunks)}
        out: list[Chunk] = []
        for k, c in enumerate(chunks):
            post = None
            nxt = c.head + 1
            if nxt < len(tokens) and tokens[nxt].lower in ("at", "from", "of", "in", "with", "for"):
                inner = by_first.get(nxt + 1)
                if inner is not None:
                    post = Span(tokens[nxt].span.start, chunks[inner].span.end)
            appositive = None
            if nxt < len(tokens) and tokens[nxt].text == ",":
                inner = by_first.get(nxt + 1)
                if inner is not None and inner != k:
                    close = chunks[inner].head + 1
                    while close < len(tokens) and tokens[close].tag is not Tag.PUNCT:
                        close += 1
                    if close < len(tokens) and tokens[close].text in (",", "\u2013", "\u2014"):
                        appositive = inner
            out.append(Chunk(c.first, c.head, c.span, post, appositive))
        return out

    # -- clauses -----------------------------------------------------------------------
    def _clauses(self) -> tuple[Clause, ...]:
        tokens = self.tokens
        clauses: list[Clause] = []
        for i, t in enumerate(tokens):
            if t.text not in (",", "(", "\u2013", "\u2014", "-"):
                continue
            close_marks = {"(": ")"}.get(t.text, t.text if t.text != "," else ",")
            j = i + 1
            while j < len(tokens) and tokens[j].text not in (close_marks, ";", ".", ",", ")"):
                j += 1
            if j == i + 1 or j >= len(tokens):
                continue
            inner = tokens[i + 1 : j]
            first = inner[0]
            span = Span(first.span.start, inner[-1].span.end)
            if first.lower in ("who", "which", "whose"):
                kind = ClauseKind.RELATIVE
            elif first.tag is Tag.VERB and first.lower.endswith(("ing", "ed")):
                kind = ClauseKind.PARTICIPLE
            elif tokens[j].text == close_marks and not any(x.tag is Tag.VERB for x in inner):
                kind = ClauseKind.PARENTHETICAL
            else:
                continue
            clauses.append(Clause(span, kind))
        return tuple(clauses)

    def clause_at(self, offset: int) -> Clause | None:
        """The innermost relative, participle or parenthetical clause holding `offset`, or
        None when it is in the main clause."""
        found = None
        for clause in self.clauses:
            if offset in clause.span and (found is None or len(clause.span) < len(found.span)):
                found = clause
        return found

    # -- verb groups and roles -------------------------------------------------------------
    def _verb_groups(self) -> tuple[VerbGroup, ...]:
        tokens = self.tokens
        groups: list[VerbGroup] = []
        i = 0
        while i < len(tokens):
            if tokens[i].tag not in (Tag.AUX, Tag.VERB):
                i += 1
                continue
            first = i
            j = i
            negated = False
            head = i
            while j < len(tokens) and tokens[j].tag in (Tag.AUX, Tag.VERB, Tag.ADV, Tag.PART):
                if tokens[j].lower == "to" and j > first:
                    break
                if tokens[j].lower in ("not", "n't", "never"):
                    negated = True
                if tokens[j].tag in (Tag.AUX, Tag.VERB):
                    head = j
                j += 1
            words = [t.lower for t in tokens[first : head + 1]]
            passive = (
                head > first
                and tokens[head].tag is Tag.VERB
                and any(w in _BE for w in words[:-1])
                and tokens[head].lower.endswith(("ed", "en", "wn", "id", "ld", "ht", "ne"))
            )
            subject = self._subject(first)
            obj = self._chunk_starting(head + 1)
            agent = None
            if head + 1 < len(tokens) and tokens[head + 1].lower == "by":
                agent = self._chunk_starting(head + 2)
                if passive:
                    obj = None
            groups.append(
                VerbGroup(first, head, tokens[head].lemma, passive, negated, subject, obj, agent)
            )
            i = j
        return tuple(groups)

    def _chunk_starting(self, index: int) -> int | None:
        for k, chunk in enumerate(self.chunks):
            if chunk.first <= index <= chunk.head:
                return k
            if chunk.first > index:
                break
        return None

    def _subject(self, verb: int) -> int | None:
        """The noun phrase a verb group's subject is: the nearest to its left, stepping
        over a parenthetical between commas ("Investors, however, pointed to") and a
        relative clause ("the figure that analysts had predicted" gives "analysts")."""
        tokens = self.tokens
        i = verb - 1
        while i >= 0 and tokens[i].tag is Tag.ADV:
            i -= 1
        if i >= 0 and tokens[i].text == ",":
            # skip back over ", however," / ", who led the talks,"
            j = i - 1
            while j >= 0 and tokens[j].text != ",":
                j -= 1
            if j >= 0 and i - j <= 8:
                i = j - 1
        for k in range(len(self.chunks) - 1, -1, -1):
            chunk = self.chunks[k]
            if chunk.head == i or (chunk.first <= i <= chunk.head):
                # "Hooli, the country's biggest firm, said": the apposed name is the subject
                for m, other in enumerate(self.chunks):
                    if other.appositive == k:
                        return m
                return k
        return None

    # -- questions about a place in the sentence ------------------------------------------
    def chunk_at(self, offset: int) -> Chunk | None:
        for chunk in self.chunks:
            if chunk.span.start <= offset < chunk.span.end:
                return chunk
        return None

    def index_at(self, offset: int) -> int | None:
        """The token holding `offset`, as an index into `tokens`."""
        for i, token in enumerate(self.tokens):
            if token.span.start <= offset < token.span.end:
                return i
        return None

    def negated(self, offset: int) -> bool:
        """Is the word at `offset` under a negation of its own clause ("This is not the
        biggest", "never the first")? Looks back at most four words, not over a comma."""
        i = self.index_at(offset)
        if i is None:
            return False
        for t in reversed(self.tokens[max(0, i - 4) : i]):
            if t.tag is Tag.PUNCT:
                return False
            if t.lower in _set("negations"):
                return True
        return False

    def non_assertive(self, offset: int) -> bool:
        """Does the word at `offset` sit where nothing is asserted: a question, a condition
        ("if ...", "whether ..."), "even the best", a choice or wish ("choose the best",
        "the best way to"), or "in the worst cases"?"""
        view = self.document.view
        tail = view[self.sentence.start : self.sentence.end].rstrip(" \"'\u201d\u2019)")
        if tail.endswith("?"):
            return True
        i = self.index_at(offset)
        if i is None:
            return False
        before = self.tokens[max(0, i - 3) : i]
        words = [t.lower for t in before]
        if words[-2:-1] == ["even"] or words[-1:] == ["even"]:
            return True
        if any(w in ("choose", "chose", "pick", "picks", "picked", "seek", "seeks") for w in words):
            return True
        if (
            len(words) >= 2
            and words[-2:] in (["in", "the"], ["at", "the"])
            and i + 1 < len(self.tokens)
        ):
            if self.tokens[i + 1].lower in ("cases", "case", "times"):
                return True
        for t in reversed(self.tokens[:i]):
            if t.text in (",", ";"):
                break
            if t.lower in ("if", "whether", "unless"):
                return True
        # an aim or a wish, not a fact: "the goal was to be one of the first", "it wants to
        # become the biggest", "hopes to be the first"
        window = [t.lower for t in self.tokens[max(0, i - 12) : i]]
        for k in range(len(window) - 1):
            if window[k] == "to" and window[k + 1] in ("be", "become"):
                if set(window[:k]) & _AIMS:
                    return True
        return False

    def name_kind(self, chunk: Chunk) -> NameKind | None:
        """What the capitalised words of a noun phrase name, or None if it holds none."""
        names = [
            t
            for t in self.tokens[chunk.first : chunk.head + 1]
            if t.text[:1].isupper()
            and (
                t.tag is Tag.PROPN
                # a sentence opener counts when its shape says what it is: "British", "IMF"
                or (_NATIONALITY.fullmatch(t.text) or _ACRONYM.fullmatch(t.text))
                and t.tag is not Tag.DET
            )
        ]
        if not names:
            return None
        lows = {t.lower for t in self.tokens[chunk.first : chunk.head + 1]}
        if lows & _set("organisation_words") or any(_ACRONYM.fullmatch(t.text) for t in names):
            return NameKind.ORGANISATION
        if lows & _set("titles") or len(names) >= 2:
            return NameKind.PERSON
        if all(_NATIONALITY.fullmatch(t.text) for t in names):
            return NameKind.NATIONALITY
        k = chunk.first - 1
        if k >= 0 and self.tokens[k].lower in ("in", "from", "across", "around", "near"):
            return NameKind.PLACE
        return NameKind.UNKNOWN


_AIMS = frozenset(
    "aim aims aimed aiming goal goals ambition ambitions hope hopes hoped hoping want wants "
    "wanted wanting bid dream dreams plan plans planned intend intends intended target "
    "seek seeks sought strive strives".split()
)
_HEDGES = frozenset(
    "if whether unless even choose chose chosen pick picks picked seek seeks cases case".split()
)


def may_hedge(document: Document, sentence: Sentence) -> bool:
    """A cheap test, from the sentence's words alone: could `negated` or `non_assertive`
    be true anywhere in it? False means neither can be, and no analysis is needed."""
    words = sentence_words(document, sentence)
    if not words.isdisjoint(_set("negations")) or not words.isdisjoint(_HEDGES):
        return True
    if not words.isdisjoint(_AIMS) and not words.isdisjoint(("be", "become")):
        return True  # "the goal was to be ...", "wants to become ..."
    if "t" in words:  # "isn't": the words are split at the apostrophe
        return True
    tail = document.view[sentence.start : sentence.end].rstrip(" \"'\u201d\u2019)\n")
    return tail.endswith("?")


class _Hedging(SentenceStructure):
    """A sentence's tokens, tagged only as punctuation or not: all that `negated` and
    `non_assertive` read (the words, and whether each is punctuation, which a full
    structure tags from the token's first character alone and never retags). Tagging and
    chunking, most of a structure's cost, are skipped; nothing else may be asked of it."""

    def __init__(self, document: Document, sentence: Sentence) -> None:
        self.document = document
        self.sentence = sentence
        tokens = []
        for m in _TOKEN.finditer(document.view, sentence.start, sentence.end):
            text = m.group()
            low = text.casefold().replace("\u2019", "'")
            tag = Tag.NOUN if text[0].isalnum() else Tag.PUNCT
            tokens.append(Token(text, Span(*m.span()), tag, low, low))
        self.tokens = tuple(tokens)


def hedging(document: Document, sentence: Sentence) -> SentenceStructure:
    """Something to ask `negated` and `non_assertive` of in one of `document`'s sentences,
    with the same answers as its structure: the structure when it is built already, else
    the sentence's tokens alone (see `_Hedging`), not kept."""
    if len(document.view) > LONG_TEXT:
        recent = document._memo.get(_RECENT)  # Document.memo's fast path
        built = None if recent is None else recent.get((sentence.start, sentence.end))
    else:
        built = document._memo.get(_key(sentence))
    return built if built is not None else _Hedging(document, sentence)


def _key(sentence: Sentence) -> tuple[str, int, int]:
    return ("newslint.analysis.structure", sentence.start, sentence.end)


def structure(document: Document, sentence: Sentence) -> SentenceStructure:
    """The structure of one of `document`'s sentences, built once and kept on the document
    (the analysis depends on the document's text only, not on any lexicon). Of a document
    of over `LONG_TEXT` characters, only the last `_KEPT_LONG` built are kept: a structure
    is some 7 kB, and a long file's rules ask for hundreds (2.2 MB held to the end of a
    4 MB file's run), each asked again only by the rule that built it, a sentence or two
    later (on the BBC corpus joined into one file no structure was built twice)."""
    if len(document.view) <= LONG_TEXT:
        return document.memo(_key(sentence), lambda: SentenceStructure(document, sentence))
    recent: dict[tuple[int, int], SentenceStructure] = document.memo(_RECENT, dict)
    span = (sentence.start, sentence.end)
    built = recent.get(span)
    if built is None:
        built = recent[span] = SentenceStructure(document, sentence)
        if len(recent) > _KEPT_LONG:
            del recent[next(iter(recent))]  # the first built of those kept
    return built


# A long document's structures, by sentence span, the last `_KEPT_LONG` built.
_RECENT = "newslint.analysis.structure.recent"
_KEPT_LONG = 64
