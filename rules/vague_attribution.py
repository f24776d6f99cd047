"""Flags a claim pinned on a source the reader cannot identify.

## What it does
Finds sentences that, in the writer's own voice, attribute a claim, opinion, belief,
prediction or characterisation to nobody in particular:

- an unnamed, unquantified group: "experts say", "critics of the plan argue", "many
  believe", "some say", "others argue", "with many viewing X as Y", "as analysts note",
  "hailed by many critics"; a noun for people by its shape, not only from a list
  ("business leaders have backed"); with an aside before the verb ("campaigners,
  meanwhile, insisted"); as the object of a reaction ("has angered residents") or a
  forecast ("than economists had forecast"); "they" or "he" pointing back to one;
- an agentless passive: "it is believed that", "X is widely regarded as", "was seen as a
  signal", "has been described as", "is said to", "has been linked with", "concerns
  have been voiced", "long rumoured", "were told that"; "is expected to" with an outcome
  ("is expected to push up prices") and "widely expected" always;
- unnamed evidence or talk: "research shows", "studies suggest", "according to reports",
  "rumours that", "speculation is growing that", "rejected calls for", "reportedly".

Verbs match by lemma: every inflection of a listed verb counts ("blaming", "criticising").

It stays quiet when the source is identified: a name, organisation or publication in the
group's noun phrase ("analysts at Barclays", "IMF economists", "a report by the IFS"), an
agent ("regarded by the IMF as"), a number ("three analysts"), a group that speaks for an
institution ("US officials", "ministers say"), a back-reference to someone named before
("he said", "the firm's analysts believe"), a direct quotation, or reported speech of an
identified speaker ("Mr Brown said many people believed ..."). "X is expected to <verb>"
is standard usage for a scheduled or planned act ("is expected to announce its decision",
"to rise on Thursday") and stays quiet; "it is expected that" is flagged. A source in a
lede ("a study suggests", "doctors have warned") is fine when the next two sentences name
it ("The British Medical Association said"), and a group named in the previous two
sentences is identified.
Quantities that credit nobody ("many people attended", "than expected") are not claims.

The cue words, source nouns and exceptions are data: `rules/data/sourcing/*.toml`. A
newsroom adds words with `lexicon-files` in its config: a TOML file whose `[sourcing]`
table uses the same keys (`group-nouns = ["pundits"]`). Anonymous sources ("sources said",
"insiders") are left to `anonymous-source`.

## Why is this bad?
"Experts say" lets the writer voice an opinion while appearing to report one. Readers
cannot judge a claim whose source they cannot see; editors ask "which experts?".

## Example
    Critics argue the scheme is a waste of money.
    The decision was widely seen as a snub.

Name the critics, or say how many and from where ("Three Labour councillors argue ...");
say who saw the decision as a snub, or drop the claim.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial

import regex

from newslint import regexes
from newslint.analysis.cues import (
    Sieve,
    SieveSet,
    any_prefix,
    any_word,
    every_word,
    from_spec,
    sieve,
)
from newslint.analysis.sources import Sources, sources
from newslint.analysis.structure import (
    NameKind,
    inflections,
    irregular_verbs,
    lemmas,
    structure,
)
from newslint.analysis.words import WORD, tree_alternation
from newslint.document import Document, Sentence
from newslint.engine.rule import Options, Rule
from newslint.model import Diagnostic, Severity, Span
from newslint.rules._data import lexicon

_F = regex.IGNORECASE
_ADVERBS = (
    r"(?:(?:have|has|had|been|will|would|may|might|could|can|now|also|still|long|often|widely|"
    r"generally|largely|increasingly|already|privately|openly|publicly|repeatedly|do|did|"
    r"does|not|all|both|too|even|always|continue\s+to|continued\s+to|seem\s+to|"
    r"\w+ly)\s+){0,3}"
)
_NOUN_PP = (
    r"(?P<pp>\s+(?:at|from|of|in|with|within|for|across|including|such\s+as|like|on|by|"
    r"close\s+to)\s+[^,;:.!?\"\u201c\u201d()]{1,50}?)?"
)
# Words ending in "s" that are not plural nouns.
_NOT_PLURAL = frozenset(
    "this thus his hers its was has does is us as yes less unless perhaps news series plus "
    "always sometimes across whereas besides nevertheless towards afterwards whereabouts "
    "ours yours theirs was lens means analysis basis crisis status bus gas".split()
)
# A parenthetical between a group and its verb: "Campaigners, meanwhile, insisted".
_ASIDE = r"(?:\s*,\s*(?:[\p{Ll}-]+\s+){0,2}[\p{Ll}-]+\s*,)?"
# Plural nouns for kinds of people, by their shape: "leaders", "residents", "campaigners".
_HUMAN = regexes.compile(r"(?:ers|ists|ians|ents|ants|ors|eurs)$")
# A time that makes "is expected to <verb>" a scheduled event: "on Thursday", "next week".
_WHEN = regexes.compile(
    r"\b(?:on|by|from|until|before|after|next|later|this|in|at\s+the\s+(?:end|start)\s+of)\s+"
    r"(?:the\s+)?(?:\w+\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"week|weekend|month|year|summer|autumn|winter|spring|today|tomorrow|\d)",
    regex.IGNORECASE,
)
_WHAT = regexes.compile(r"\bwhat\s+(?:\S+\s+){0,2}$", regex.IGNORECASE)
_BY_THE = regexes.compile(r"\s+by\s+the\b", regex.IGNORECASE)
_BY = regexes.compile(r"\bby\s+(?P<np>(?:[\w'\u2019.&-]+[ \t]*){1,6})", regex.IGNORECASE)
_CLAUSE_STOP = regexes.compile(r"[,;:\u2013\u2014]|\s-\s")
_BASE_VERB_BEFORE = regexes.compile(
    r"\b(?:will|would|could|may|might|to|can)\s+$", regex.IGNORECASE
)
_MODAL = regexes.compile(r"\b(?:can|could|may|might|must|should)\s+$", _F)
_TERM = regexes.compile(r"\s+(?:be|have|mean)\s+[\"'`\u2018\u201c]", _F)
_CAUSATIVE = regexes.compile(
    r"\b(?:make|makes|made|making|let|lets|help|helps|want|wants)\s+(?:\S+\s+){0,3}$", _F
)
_PAST = frozenset("found said put shown showed suggested indicated claimed revealed".split())
_PREPOSITIONS = frozenset(
    "of to for by from at in on about among between against into than under over".split()
)


class Cue:
    """A vague-attribution cue at characters [start, end) of the view, with the message
    its finding gives. A plain class, not a dataclass: a dataclass compiles its methods
    from source at every start (about 0.5 ms of a one-article run), and nothing compares,
    hashes, prints or copies a cue. Treat it as immutable."""

    __slots__ = ("start", "end", "message")

    def __init__(self, start: int, end: int, message: str) -> None:
        self.start = start
        self.end = end
        self.message = message


def _forms(s: Sources, *keys: str) -> frozenset[str]:
    """Every entry of these sourcing lists with all its inflections: verbs match by lemma
    ("criticise" also finds "criticising"). A phrase inflects its first word."""

    def build() -> frozenset[str]:
        forms: set[str] = set()
        for key in keys:
            for entry in s.lists.get(key, ()):
                first, _, rest = entry.partition(" ")
                forms.add(entry)
                if first.casefold().endswith(("s", "ed", "ing")):
                    continue  # an inflected entry: its lemma is listed too, or it stands alone
                for form in inflections(first):
                    forms.add(f"{form} {rest}" if rest else form)
        return frozenset(forms)

    found = s.lexicon.get(("vague_attribution.forms", keys))
    if found is None:
        found = s.lexicon.compiled(("vague_attribution.forms", keys), build)
    return found  # type: ignore[no-any-return]


def _patterns(s: Sources) -> dict[str, Sieve]:
    found = s.lexicon.get(_PATTERNS)  # asked many times per sentence: no closure if built
    if found is None:
        found = s.lexicon.compiled(_PATTERNS, lambda: _made_ahead(s) or _build_patterns(s))
    return found  # type: ignore[no-any-return]


def _made_ahead(s: Sources) -> dict[str, Sieve] | None:
    """The cue patterns `_build_patterns` builds from the shipped lists, made from the
    literals `scripts/sieves_ahead.py` wrote (`newslint.rules._sieves_ahead`) when the
    lexicon's sourcing lists, and English's irregular verbs that inflect them, are exactly
    those they were built from; None otherwise (a house lexicon file, or an edited data
    file the script was not run again for), and the patterns are built."""
    from newslint.rules import _sieves_ahead  # literals: a run without this rule skips them

    if s.lists != _sieves_ahead.SOURCING or irregular_verbs() != _sieves_ahead.IRREGULAR:
        return None
    return {name: from_spec(made) for name, made in _sieves_ahead.VAGUE_ATTRIBUTION.items()}


_PATTERNS = "vague_attribution.patterns"


def _cue_sieves(s: Sources) -> SieveSet:
    """The cue patterns asked together of each sentence: a sentence none of them may match
    holds no cue."""
    found = s.lexicon.get(_CUE_SIEVES)
    if found is None:
        patterns = _cue_patterns(s)
        found = s.lexicon.compiled(_CUE_SIEVES, lambda: SieveSet(patterns.values()))
    return found  # type: ignore[no-any-return]


_CUE_SIEVES = "vague_attribution.cue_sieves"


def _cue_patterns(s: Sources) -> dict[str, Sieve]:
    """The patterns of `_FINDERS` by name: `_patterns` without the exceptions and
    "needs-as" (which only ever judge a cue found), and "group" behind one more test.

    `_verb_ok` passes a group's verb only when it is a core verb or a stance ("analysts
    said", "campaigners backed") or when the noun is a listed group noun ("critics
    savaged"), so a sentence holding none of those words yields no group cue, whatever the
    pattern matches there ("Mr Jones added", "figures were expected"). That is a third of
    the 15,006 sentences of the BBC corpus the pattern's own tests pass, the largest
    pattern scanned on each (`python bench/rule_cpu.py --rules A001`)."""
    found = s.lexicon.get(_CUE_PATTERNS)
    if found is None:
        found = s.lexicon.compiled(_CUE_PATTERNS, lambda: _build_cue_patterns(s))
    return found  # type: ignore[no-any-return]


def _build_cue_patterns(s: Sources) -> dict[str, Sieve]:
    cue = {k: v for k, v in _patterns(s).items() if k not in ("exception", "needs-as")}
    yields = any_word(_forms(s, "core-verbs"), _forms(s, "stance-verbs"), s.lists["group-nouns"])
    cue["group"] = cue["group"].behind(yields)
    return cue


_CUE_PATTERNS = "vague_attribution.cue_patterns"


_FROM_WHOM = regexes.compile(r"\s+(?:from|by|among)\s", regex.IGNORECASE)
# What "than" compares with: "better than some analysts had expected".
_THAN_VERBS = (
    "expected", "forecast", "predicted", "anticipated", "estimated", "thought", "hoped", "feared"
)  # fmt: skip
# Verbs that move someone to act: "leading some commentators to argue".
_CAUSATIVES = (
    "lead leads leading led prompt prompts prompting prompted cause causes causing caused "
    "encourage encourages encouraging encouraged spur spurs spurring spurred forcing forced "
    "persuading persuaded"
).split()


def _build_patterns(s: Sources) -> dict[str, Sieve]:
    """The cue patterns. Each runs only on sentences holding a word it needs (a verb, a
    noun of its list); the lists are bounded by non-word characters in every pattern,
    except the evidence nouns, which may run straight into what follows."""
    lists = s.lists

    # A stance ("backed") attributes only in a past or progressive form: "-s" and base forms
    # are as often nouns or adverbs ("commuters back into", "leaders' supports").
    stances = [f for f in _forms(s, "stance-verbs") if f.endswith(("ed", "ing"))]
    group_verbs = (*_forms(s, "core-verbs", "attribution-verbs", "judgement-verbs"), *stances)
    verbs = tree_alternation(group_verbs)
    # base forms only, as after "to": "leading some commentators to argue"
    base_verbs = sorted(
        {
            w
            for k in ("core-verbs", "attribution-verbs", "judgement-verbs")
            for w in lists.get(k, ())
            if not w.casefold().endswith(("s", "ed", "ing"))
        }
    )
    verb_words = any_word(group_verbs)
    end = r"(?![\w-])"
    nominal_nouns = r"expectations|forecasts|predictions|estimates|views|opinions|verdict|consensus"
    widely = r"believed|expected|reported|tipped|regarded|seen|thought|acclaimed|praised|"
    widely += r"criticised|criticized|condemned|touted|rumoured|rumored|predicted|anticipated|"
    widely += r"assumed|feared|leaked|trailed|circulated|publicised|publicized|quoted|cited"
    return {
        "group": sieve(
            # \m (a word's start) is implied by what follows it; said outright, it lets the
            # engine skip to the next word instead of trying every character.
            rf"\m(?<![\w'\u2019-])(?P<noun>\p{{L}}[\p{{L}}-]*s|people){_NOUN_PP}{_ASIDE}\s+"
            rf"{_ADVERBS}(?P<verb>{verbs}){end}",
            verb_words,
            ends=group_verbs,  # after \s+: a whole word
        ),
        "quantifier": sieve(
            rf"(?<![\w-])(?P<noun>{s.alternation('quantifier-subjects')})"
            rf"(?P<pp>\s+of\s+(?:them|those|us|these)\b)?\s+{_ADVERBS}(?P<verb>{verbs}){end}",
            any_word(lists["quantifier-subjects"]),
            verb_words,
            ends=group_verbs,
        ),
        "evidence": sieve(
            rf"(?<![\w-])(?P<noun>{s.alternation('evidence-nouns')}){_NOUN_PP}\s*,?\s*"
            rf"{_ADVERBS}(?P<verb>{tree_alternation(_forms(s, 'evidence-verbs'))}){end}",
            any_prefix(lists["evidence-nouns"]),
        ),
        "forward": sieve(
            rf"(?<![\w-])(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>"
            rf"{s.alternation('forward-nouns')}){_NOUN_PP}\s+{_ADVERBS}"
            rf"(?P<verb>{s.alternation('core-verbs', 'evidence-verbs')}){end}",
            any_word(lists["forward-nouns"]),
            any_word(lists["core-verbs"], lists["evidence-verbs"]),
        ),
        "collective": sieve(
            rf"(?<![\w-])(?:the|a|an)\s+(?P<mods>(?:(?!(?:the|a|an)\s)[\w-]+\s+){{0,3}}?)"
            rf"(?P<noun>{s.alternation('collective-nouns')})\s+{_ADVERBS}"
            rf"(?P<verb>{s.alternation('core-verbs')}){end}",
            any_word(lists["collective-nouns"]),
            any_word(lists["core-verbs"]),
        ),
        "nominal": sieve(
            rf"(?<![\w-])(?P<noun>{nominal_nouns})\s+of\s+(?:(?:"
            rf"{s.alternation('quantifiers')})\s+)?(?:[\w-]+\s+)?"
            rf"(?P<group>{s.alternation('group-nouns')}){end}",
            any_word(nominal_nouns.split("|")),
            any_word(lists["group-nouns"]),
        ),
        "claim": sieve(
            rf"(?<![\w-])(?P<noun>{s.alternation('claim-nouns')}|reports)\s+"
            r"(?:that|suggesting|suggested|have\s+suggested|has\s+suggested)"
            rf"{end}",
            any_word(lists["claim-nouns"], ["reports"]),
        ),
        "passive": sieve(
            r"(?<![\w-])(?P<aux>(?:is|are|was|were|be|been|being|'s|'re)\s+"
            r"(?:(?:widely|generally|often|usually|commonly|increasingly|now|still|also|largely|"
            r"long|sometimes|frequently|traditionally|popularly|universally|not|being|already|"
            r"once|privately|critically)\s+){0,2})(?:"
            rf"(?P<to>{s.alternation('passive-to')})\s+to"
            rf"|(?P<as>{s.alternation('passive-as')})\s+(?:as|to\s+be)"
            rf"|(?P<other>{s.alternation('passive-other')})){end}",
            any_word(lists["passive-to"], lists["passive-as"], lists["passive-other"]),
            every_word(["is", "are", "was", "were", "be", "been", "being", "'s", "'re"]),
            # a participle with the words after it: "said to", "seen as", "seen to be"
            every_word(
                [f"{p} to" for p in lists["passive-to"]],
                [f"{p} as" for p in lists["passive-as"]],
                [f"{p} to be" for p in lists["passive-as"]],
                lists["passive-other"],
            ),
        ),
        "it": sieve(
            r"(?<![\w-])(?P<aux>(?:it|this)\s+(?:is|was|has\s+been|had\s+been|is\s+being|"
            r"will\s+be|would\s+be|has\s+long\s+been|is\s+now|is\s+also|was\s+also)\s+"
            r"(?:(?:widely|generally|now|also|still|often|increasingly|commonly)\s+)?)"
            rf"(?P<that>{s.alternation('passive-that')})"
            r"(?=\s+that\b|\s*,|\s+(?!by\b|to\b|as\b|in\b|for\b|on\b|at\b|with\b|from\b|and\b|"
            r"or\b|of\b|about\b|upon\b)\w)",
            any_word(["it", "this"]),
            any_word(lists["passive-that"]),
        ),
        "widely": sieve(
            rf"(?<![\w-])(?:widely|critically)\s+(?:{widely})(?![\w-])",
            any_word(["widely", "critically"]),
        ),
        "agent": sieve(
            # (?&group) calls the group nouns' group: the same matches, the list compiled once
            rf"(?<![\w-])by\s+(?P<noun>(?:{s.alternation('quantifiers')})"
            rf"(?:\s+(?P<group>{s.alternation('group-nouns')}))?|(?&group)|others)"
            r"(?![\w'\u2019-])(?!\s+(?:\d|of\b|per\b|times\b|points\b|percent\b|distance\b|"
            r"margin\b|(?!(?:as|was|has|is|this|his|its|thus)\b)[\w-]+s\b))",
            any_word(["by"]),
            every_word(lists["quantifiers"], lists["group-nouns"], ["others"]),
        ),
        "according": sieve(
            r"(?<![\w-])according\s+to\s+(?P<np>[\w'\u2019&-]+(?:[ \t]+[\w'\u2019&-]+){0,3})",
            any_word(["according"]),
        ),
        "expected": sieve(
            r"(?<![\w-])(?:is|are|was|were|be|been|being|'s|'re)\s+(?P<adv>(?:\w+ly\s+)?)"
            r"(?P<cue>expected|predicted|forecast|anticipated)\s+to\s+(?:be\s+)?(?P<next>[\p{L}-]+)",
            any_word(["expected", "predicted", "forecast", "anticipated"]),
        ),
        "talk": sieve(
            rf"(?<![\w-])(?P<noun>{s.alternation('talk-nouns')})\s+(?:(?:have|has|had)\s+been|"
            r"(?:are|is|were|was)(?:\s+being)?)\s+(?:\w+ly\s+)?"
            rf"(?P<verb>{s.alternation('talk-participles')})(?![\w-])",
            any_word(lists["talk-nouns"]),
            any_word(lists["talk-participles"]),
        ),
        "told": sieve(
            r"(?<![\w-])(?:was|were|been|being)\s+(?:\w+ly\s+)?(?:told|informed|assured)\s+"
            r"(?:that|it)\b",
            any_word(["told", "informed", "assured"]),
            every_word(["was", "were", "been", "being"]),
            every_word(["that", "it"]),
        ),
        "answered": sieve(
            rf"(?<![\w-])(?P<verb>{s.alternation('dismissal-verbs')})\s+"
            r"(?:(?:growing|mounting|renewed|repeated|fresh|widespread|the)\s+)?"
            rf"(?P<noun>{s.alternation('talk-nouns')})\s+(?:for|that|of)\b",
            any_word(lists["dismissal-verbs"]),
            any_word(lists["talk-nouns"]),
        ),
        "rumoured": sieve(
            r"(?<![\w-])(?:long|much|widely)[\s-]+(?:rumoured|rumored|predicted|anticipated|"
            r"touted|tipped|trailed)(?![\w-])",
            any_word(["long", "much", "widely"]),
            every_word("rumoured rumored predicted anticipated touted tipped trailed".split()),
        ),
        "than": sieve(
            r"(?<![\w-])than\s+(?:(?:many|most|some|other)\s+)?(?P<noun>\p{Ll}[\p{L}-]*s)"
            rf"\s+(?:had\s+|have\s+|has\s+)?(?P<verb>{'|'.join(_THAN_VERBS)})(?![\w-])",
            any_word(["than"]),
            every_word(_THAN_VERBS),
        ),
        "reaction": sieve(
            rf"(?<![\w-])(?P<verb>{tree_alternation(_forms(s, 'reaction-verbs'))})\s+"
            r"(?:(?:many|some|most|other|local|fellow|\p{Ll}+)\s+)?(?P<noun>\p{Ll}[\p{L}-]*s)(?![\w'\u2019-])",
            any_word(_forms(s, "reaction-verbs")),
        ),
        # an unnamed group as the object of a verb that moves it to speak: "leading some
        # commentators to argue", "prompting analysts to warn"
        "prompted": sieve(
            rf"(?<![\w-])(?P<verb>{tree_alternation(_CAUSATIVES)})\s+"
            r"(?:(?:many|some|most|other|several|few)\s+)?(?:\p{Ll}[\p{L}-]*\s+)?"
            rf"(?P<noun>\p{{Ll}}[\p{{L}}-]*s)\s+to\s+(?P<say>{tree_alternation(base_verbs)}){end}",
            any_word(_CAUSATIVES),
            any_word(base_verbs),
        ),
        # judgement received from nobody: "released to universal acclaim", "drew fierce
        # criticism", "receiving special praise" (with no "from"/"by" naming who gave it)
        "reception": sieve(
            r"(?<![\w-])(?:(?P<to>to)|drew|drawn|draws|drawing|received|receiving|receives|won|"
            r"winning|earned|earning|attracted|attracting|met\s+with|meets\s+with)\s+"
            r"(?P<mods>(?:(?:universal|widespread|critical|special|much|high|great|wide|strong|"
            r"fierce|heavy|considerable|international|public|rave|glowing|lavish)\s+){0,2})"
            r"(?P<noun>acclaim|praise|criticism|condemnation|plaudits)(?![\w-])",
            any_word(["acclaim", "praise", "criticism", "condemnation", "plaudits"]),
        ),
        "speculation": sieve(
            r"(?<![\w-])(?:speculation|rumours|rumors)\s+(?:is|are|was|were|has\s+been|have\s+been)"
            r"\s+(?:growing|mounting|rife|increasing|swirling|circulating)"
            r"|(?<![\w-])there\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:\w+\s+)?"
            r"(?:speculation|rumours|rumors|suggestions|talk)\s+(?:that|of)\b",
            any_word(["speculation", "rumours", "rumors", "suggestions", "talk"]),
        ),
        "hedge": sieve(
            rf"(?<![\w-]){s.alternation('hedge-adverbs')}{end}", any_word(lists["hedge-adverbs"])
        ),
        "exception": sieve(
            rf"(?<![\w-]){s.alternation('exceptions', 'passive-exceptions')}{end}",
            any_word(lists["exceptions"], lists["passive-exceptions"]),
            every_word(lists["exceptions"], lists["passive-exceptions"]),
        ),
        "needs-as": sieve(rf"{s.alternation('needs-as')}"),
    }


def _sentence_of(s: Sources, offset: int) -> Sentence:
    sentence = s.document.sentence_at(offset)
    assert sentence is not None
    return sentence


def _vague_heads(s: Sources) -> frozenset[str]:
    return s.lexicon.compiled("vague_attribution.vague_heads", lambda: _build_vague_heads(s))


def _build_vague_heads(s: Sources) -> frozenset[str]:
    """First words of an "according to" phrase that identify nobody."""
    return (
        s.words("quantifiers")
        | s.words("quantifier-subjects")
        | s.words("evidence-nouns")
        | s.words("group-nouns")
    )


def _has_later_as(s: Sources, match: regex.Match[str], sentence: Sentence) -> bool:
    return bool(_AS.search(s.document.view, match.end(), sentence.end))


_AS = regexes.compile(r"(?<!\bsuch\s)\bas\b", regex.IGNORECASE)  # "such as" lists, not frames


def _verb_ok(
    s: Sources, match: regex.Match[str], sentence: Sentence, group: bool, listed: bool = True
) -> bool:
    """Is the matched verb an attribution verb for this kind of subject? `group`: a noun for
    people; `listed`: one of the lexicon's group nouns, which also take verbs of judgement
    ("critics savaged"); a noun that is a group by its shape only takes the core verbs and
    stances ("members attack" is not a judgement). It passes no verb but a core verb, a
    stance, or any after a listed group noun: `_cue_patterns` rules out the sentences
    holding none of these words for "group", so keep the two in step."""
    verb = " ".join(match.group("verb").casefold().split())
    if verb == "regarding":
        return False  # a preposition far more often than a verb
    needs_as = _patterns(s)["needs-as"].pattern
    if needs_as.fullmatch(verb) and not _has_later_as(s, match, sentence):
        return False
    if verb in _forms(s, "stance-verbs") and verb not in s.words("core-verbs"):
        # "leaders have backed": a stance, but only in a verb's inflected form ("commuters
        # back into their cars" is an adverb)
        if not group or verb in s.words("stance-verbs"):
            return False
        return True
    if group and not listed:
        return verb in _forms(s, "core-verbs")
    return group or verb in _forms(s, "core-verbs")


def _pp_ok(s: Sources, match: regex.Match[str]) -> bool:
    """A group's prepositional phrase is one phrase: "critics of the plan", not "analysts
    on Monday morning about shareholder [worries]"."""
    if match.group("pp") is None:
        return True
    tokens = WORD.findall(match.group("pp").casefold())
    closed = s.lexicon.compiled(
        "vague_attribution.pp_closed",
        lambda: s.stop_words() | s.words("subject-boundaries") | (_PREPOSITIONS - {"of"}),
    )
    return not any(t in closed for t in tokens[1:])


def _named_in_pp(s: Sources, match: regex.Match[str]) -> bool:
    return match.group("pp") is not None and s.names_someone(*match.span("pp"))


def _group_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    view = s.document.view
    for match in pattern.scan(s.document, sentence, overlapped=True):
        noun = match.group("noun")
        low = noun.casefold()
        if len(low) < 4 or low in _NOT_PLURAL or low in s.words("institutional-nouns"):
            continue
        if low.endswith(("ss", "us", "is", "'s", "\u2019s")):
            continue  # "suppress", "status", "analysis": not plural nouns
        if not _pp_ok(s, match):
            continue
        if noun[0].isupper() and low not in s.words("group-nouns"):
            if s.is_name(*match.span("noun"), placing=True):
                continue  # "Democrats claim": capitalised where capitals are not forced
            if _is_human(s, low) is False and not regex.search(
                rf"(?<![\w-]){low}(?![\w-])", s.document.view
            ):
                continue  # never written in lower case: a name
        if low in s.words("evidence-nouns"):
            continue
        if noun[0].isupper() and s.is_name(*match.span("noun")):
            continue  # "Jones said": a name, not a group
        listed = low in s.words("group-nouns")
        group = listed or _HUMAN.search(low) is not None
        if not _verb_ok(s, match, sentence, group, listed) or _named_in_pp(s, match):
            continue
        if match.group("verb")[0].isupper():
            continue  # a verb is never capitalised mid-sentence: "... within the State"
        lead = view[sentence.start : match.start()]
        verb = match.group("verb").casefold()
        if verb.startswith("call") and _WHAT.search(lead):
            continue  # "what lawyers call X": naming, not attributing
        if _CAUSATIVE.search(lead):
            continue  # "make a lot of people believe": the group is an object
        before_verb = WORD.findall(view, match.start("noun"), match.start("verb"))
        if before_verb and before_verb[-1].casefold() in s.words("back-reference-determiners"):
            continue  # "charges for their alleged misconduct": an adjective, not a verb
        if verb.startswith("suspect") and view.startswith(" of", match.end("verb")):
            continue  # "citizens suspected of involvement": a participle
        start, kind = s.group_phrase(match.start("noun"))
        if kind in {"identified", "quantified", "object", "indefinite", "verb"}:
            continue
        yield Cue(
            start,
            match.end("verb"),
            f"who are the {low}? name them or say how many and from where",
        )


def _quantifier_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    view = s.document.view
    for match in pattern.scan(s.document, sentence):
        if not _verb_ok(s, match, sentence, True):
            continue
        before = list(WORD.finditer(view, sentence.start, match.start()))
        if before and view[before[-1].end() : match.start()].strip() == "":
            previous = before[-1].group().casefold()
            allowed = {"with", "as", "but", "while", "though", "although", "that", "where"}
            if previous not in allowed:
                continue  # "the many", "and others": not a free-standing group
        who = " ".join(match.group("noun").split())
        yield Cue(
            match.start(),
            match.end("verb"),
            f"who are the '{who.casefold()}'? name them or say how many and from where",
        )


def _forward_named(s: Sources, sentence: Sentence, noun: str) -> bool:
    """Is a source ("a report", "research") named in this or the next two sentences? A
    source noun must come back near a name: "The report, by the IFS, ...". Kept per
    sentence and noun: a sentence of many cues of one noun (copy without full stops, say)
    read the same three sentences for each."""
    answers = s.document.memo((_FORWARD_NAMED, s.lexicon.key), dict)
    key = (sentence.start, sentence.end, noun)
    found = answers.get(key)
    if found is None:
        found = answers[key] = _forward_named_now(s, sentence, noun)
    return found  # type: ignore[no-any-return]


_FORWARD_NAMED = "vague_attribution.forward_named"


def _forward_named_now(s: Sources, sentence: Sentence, noun: str) -> bool:
    index = s.document.sentence_index(sentence)
    nouns = {noun} | s.words("forward-nouns") | s.words("evidence-nouns")
    pattern = s.lexicon.compiled(
        ("vague_attribution.forward", noun),
        lambda: regexes.compile(r"(?<![\w-])\L<nouns>(?![\w-])", _F, nouns=sorted(nouns)),
    )
    for later in s.document.sentences[index : index + 3]:
        for match in pattern.finditer(s.document.view, later.start, later.end):
            lo = max(later.start, match.start() - 60)
            hi = min(later.end, match.end() + 60)
            if s.names_someone(lo, match.start()) or s.names_someone(match.end(), hi):
                return True
    return False


_AUX_BEFORE = frozenset("has have had will would may might could can".split())


def _evidence_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    view = s.document.view
    for match in pattern.scan(s.document, sentence):
        if _named_in_pp(s, match) or not _pp_ok(s, match):
            continue
        start, kind = s.group_phrase(match.start("noun"))
        noun = match.group("noun").casefold()
        verb = match.group("verb").casefold()
        between = view[match.end("noun") : match.start("verb")].casefold().split()
        finite = verb.endswith("ed") or verb in _PAST or bool(set(between) & _AUX_BEFORE)
        if not noun.endswith("s") and not verb.endswith("s") and not finite:
            continue  # "poll claim": a compound noun, not a subject and its verb
        if kind in {"identified", "quantified", "object"}:
            continue
        if _forward_named(s, sentence, noun):
            continue
        if s.names_someone(start, match.start("noun")):
            continue
        yield Cue(start, match.end("verb"), f"which {noun}? name the study, report or source")


def _forward_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    for match in pattern.scan(s.document, sentence):
        noun = " ".join(match.group("noun").casefold().split())
        if noun in s.words("evidence-nouns"):
            continue  # handled above
        if _named_in_pp(s, match) or _forward_named(s, sentence, noun):
            continue
        if not _pp_ok(s, match) or _BY_THE.match(match.group("pp") or ""):
            continue  # "a report by the committee": the committee was named before
        yield Cue(match.start(), match.end("verb"), f"which {noun}? name it")


def _collective_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    for match in pattern.scan(s.document, sentence):
        if s.names_someone(*match.span("mods")) or "'" in match.group("mods"):
            continue  # "the BPI's industry", "the Scottish whisky industry" names it
        noun = " ".join(match.group("noun").casefold().split())
        yield Cue(match.start(), match.end("verb"), f"who in the {noun}? name the body or people")


def _nominal_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    for match in pattern.scan(s.document, sentence):
        if s.names_someone(match.start("group"), min(sentence.end, match.end() + 40)):
            continue
        group = match.group("group").casefold()
        yield Cue(
            match.start(), match.end(), f"which {group}? name them or say how many and from where"
        )


def _claim_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    for match in pattern.scan(s.document, sentence):
        start, kind = s.group_phrase(match.start("noun"))
        if kind in {"identified", "quantified"}:
            continue
        if s.names_someone(start, match.start("noun")):
            continue
        noun = match.group("noun").casefold()
        yield Cue(start, match.end("noun"), f"whose {noun}? say who is making the claim")


def _agent(s: Sources, after: int, sentence: Sentence) -> str:
    """The agent of a passive: "none", "identified" or "vague"."""
    view = s.document.view
    match = _BY.search(view, after, min(sentence.end, after + 50))
    if match is None or "," in view[after : match.start()]:
        return "none"
    np = match.group("np").casefold()
    if any(np.startswith(w) for w in s.words("not-agents")) or np[:1].isdigit():
        return "none"
    if s.names_someone(*match.span("np")):
        return "identified"
    if _patterns(s)["agent"].pattern.match(view, match.start(), sentence.end):
        return "vague"
    return "identified"


def _clause_end(s: Sources, offset: int, sentence: Sentence) -> int:
    stop = _CLAUSE_STOP.search(s.document.view, offset, sentence.end)
    return stop.start() if stop else sentence.end


def _is_human(s: Sources, low: str) -> bool:
    """A plural noun for a kind of people: listed, or shaped like one ("campaigners")."""
    return low in s.words("group-nouns") or _HUMAN.search(low) is not None


def _named_after(s: Sources, offset: int, sentence: Sentence) -> bool:
    """Does a prepositional phrase right after `offset` name the group ("at Barclays")?"""
    pp = regex.match(
        r"\s+(?:at|from|of|with|in)\s+(?:the\s+)?[^,.;:!?]{1,40}",
        s.document.view[offset : sentence.end],
    )
    return pp is not None and _identifying(s, offset + pp.start(), offset + pp.end())


def _identifying(s: Sources, start: int, end: int) -> bool:
    """Do the words [start, end) name a person or body? A place alone ("in Tokyo") or a
    nationality only places a group."""
    st = structure(s.document, _sentence_of(s, start))
    for chunk in st.chunks:
        if chunk.span.start >= start and chunk.span.end <= end:
            kind = st.name_kind(chunk)
            if kind in (NameKind.PERSON, NameKind.ORGANISATION, NameKind.UNKNOWN):
                return True
    return False


# Outcome predictions, talk passives, rumours, "than" forecasts, reactions and speculation
# (issue 10): the finders from `_expected_cues` to `_than_cues`.


def _expected_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    for match in pattern.scan(s.document, sentence):
        # "is expected to announce" (a scheduled act) is news usage; "is expected to push
        # up prices" predicts an outcome and "widely expected" names a crowd: both vague.
        widely = match.group("adv").strip().casefold() in {"widely", "generally", "broadly"}
        if _MODAL.search(s.document.view, max(sentence.start, match.start() - 12), match.start()):
            continue  # "may be expected to": the writer's own reckoning
        if _RESTRICTIVE.search(s.document.view, sentence.start, match.start()):
            continue  # "films which are expected to earn ...": defines a set, asserts nothing
        upcoming = set(lemmas(match.group("next"))) & s.words("scheduled-verbs")
        dated = _WHEN.search(s.document.view, match.end(), _clause_end(s, match.end(), sentence))
        if match.group("cue").casefold() == "expected" and (upcoming or dated) and not widely:
            continue
        if _agent(s, match.end("cue"), sentence) == "identified":
            continue
        yield Cue(
            match.start(),
            match.end("cue"),
            f"'{' '.join(match.group().split()[:2])}' by whom? say who expects it",
        )


def _talk_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    """Talk passives and rumours: "talk", "told", "answered" and "rumoured"."""
    for match in pattern.scan(s.document, sentence):
        if _agent(s, match.end(), sentence) == "identified":
            continue
        words = " ".join(match.group().split())
        yield Cue(match.start(), match.end(), f"'{words}' by whom? say who said so")


def _reception_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    for match in pattern.scan(s.document, sentence):
        if match.group("to") and not match.group("mods"):
            continue  # "used to praise gods": a verb, not praise received
        after = s.document.view[match.end() : _clause_end(s, match.end(), sentence)]
        if _FROM_WHOM.match(after) and s.names_someone(match.end(), match.end() + len(after)):
            continue  # "drew praise from the Arts Council"
        noun = match.group("noun").casefold()
        yield Cue(match.start(), match.end(), f"whose {noun}? say who gave it")


def _speculation_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    for match in pattern.scan(s.document, sentence):
        yield Cue(match.start(), match.end(), "whose speculation? say who is making the claim")


def _than_cues(s: Sources, sentence: Sentence, pattern: Sieve, name: str) -> Iterator[Cue]:
    """An unnamed group after "than", as the object of a reaction, or moved to speak: the
    pattern `name`, "than", "reaction" or "prompted"."""
    for match in pattern.scan(s.document, sentence):
        low = match.group("noun").casefold()
        if low not in s.words("group-nouns") and _HUMAN.search(low) is None:
            continue
        if low in s.words("institutional-nouns") or _named_after(s, match.end(), sentence):
            continue
        verb = match.group("verb").casefold()
        lead = s.document.view[sentence.start : match.start("verb")]
        if name == "reaction" and verb in s.words("reaction-verbs"):
            if not _BASE_VERB_BEFORE.search(lead):
                continue  # "were surprise winners": a noun, not the verb
        yield Cue(
            match.start("noun") if name == "than" else match.start("verb"),
            match.end("say" if name == "prompted" else "verb")
            if name != "reaction"
            else match.end("noun"),
            f"who are the {low}? name them or say how many and from where",
        )


def _passive_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    """Agentless passives: the patterns "passive", "it" and "widely"."""
    view = s.document.view
    for match in pattern.scan(s.document, sentence):
        if _agent(s, match.end(), sentence) == "identified":
            continue
        if _MODAL.search(view, max(sentence.start, match.start() - 12), match.start()):
            continue  # "can be seen as": the writer's own reading, not a report
        if _TERM.match(view, match.end()):
            continue  # 'is said to be "split"': defining a term
        words = " ".join(match.group().split())
        yield Cue(match.start(), match.end(), f"'{words}' by whom? say who holds this view")


def _agent_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    view = s.document.view
    for match in pattern.scan(s.document, sentence):
        before = WORD.findall(view, max(sentence.start, match.start() - 40), match.start())
        if not set(w.casefold() for w in before[-3:]) & s.words("judged-participles"):
            continue  # "chosen by fans": an act, not a judgement
        if s.names_someone(match.end(), min(sentence.end, match.end() + 50)):
            continue  # "by researchers in the Netherlands"
        yield Cue(
            match.start(),
            match.end(),
            f"'{' '.join(match.group().split())}' names nobody: say who, or how many",
        )


def _according_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    for match in pattern.scan(s.document, sentence):
        tokens = [t.casefold() for t in WORD.findall(match.group("np"))]
        if not tokens or s.names_someone(*match.span("np")):
            continue
        first = tokens[0]
        if {"source", "sources", "insider", "insiders"} & set(tokens) or first == "people":
            continue  # anonymous sources are the other rule's
        if first in {"a", "an"}:
            nouns = s.words("forward-nouns") | s.words("evidence-nouns")
            if not nouns & set(tokens) or _forward_named(s, sentence, tokens[-1]):
                continue  # "according to a fixed rhythm": no source at all
        elif first not in _vague_heads(s):
            continue
        yield Cue(match.start(), match.end("np"), "according to whom? name the report or people")


def _hedge_cues(s: Sources, sentence: Sentence, pattern: Sieve) -> Iterator[Cue]:
    for match in pattern.scan(s.document, sentence):
        word = match.group().casefold()
        yield Cue(match.start(), match.end(), f"'{word}' by whom? name the report or accuser")


def _named_nearby(s: Sources, sentence: Sentence) -> bool:
    """Does one of the next two sentences report what a named organisation said ("Doctors
    have warned ... The British Medical Association said")? Forward naming (guideline
    clarification 1) for groups and passives."""
    index = s.document.sentence_index(sentence)
    for later in s.document.sentences[index + 1 : index + 3]:
        if not _ORG_HINT.search(s.document.view, later.start, later.end):
            continue  # no acronym or body's name: nothing here can name the group
        # The body must be who speaks, as the next sentence's subject ("The British Medical
        # Association said"), not someone who agrees later ("a view backed by the IFS").
        st = structure(s.document, later)
        first = st.chunks[0] if st.chunks else None
        if first is None or st.name_kind(first) is not NameKind.ORGANISATION:
            continue
        speaker = s.sentence_source(later)
        if speaker is not None and speaker.start <= first.span.start < speaker.end:
            return True
        # "The Securities Commission accused ...": the body is the subject of a verb of
        # saying or judging, whether or not it reports speech
        for verb in st.verbs:
            if verb.subject == 0 and not verb.passive:
                if st.tokens[verb.head].lower in _forms(s, *_SAYING):
                    return True
                break
    return False


_SAYING = ("core-verbs", "attribution-verbs", "judgement-verbs", "reporting-verbs")


def _named_before(s: Sources, sentence: Sentence, noun: str) -> bool:
    """Is the same group named in one of the previous two sentences (clarification 5):
    "Fans of Rovers FC marched ... Fans said"? The group's noun must come back in a noun
    phrase that names a person or body."""
    index = s.document.sentence_index(sentence)
    for earlier in s.document.sentences[max(0, index - 2) : index]:
        if noun not in s.document.view[earlier.start : earlier.end].casefold():
            continue
        st = structure(s.document, earlier)
        for chunk in st.chunks:
            if st.tokens[chunk.head].lower != noun:
                continue
            whole = Span(chunk.span.start, chunk.post.end if chunk.post else chunk.span.end)
            if _identifying(s, whole.start, whole.end):
                return True
    return False


# A word that may name a body: an acronym ("BMA") or a capitalised organisation word.
_ORG_HINT = regexes.compile(
    r"\b(?:\p{Lu}{2,}s?|Association|Council|Ministry|Department|University|Party|Union|"
    r"Institute|Commission|Agency|Office|Trust|Foundation|Society|Federation|Committee|"
    r"Board|Authority|Service|Company|Club|Group|Bank|Ltd|plc|Inc|Corp|Times|Post|Journal)\b"
)
# Cues a source named in the next two sentences answers: groups, and talk passives.
_FORWARD_MESSAGE = regexes.compile(r"^who are the |.* by whom\? say who said so$")


# A cue finder: the cues one pattern's matches in a sentence hold, given that pattern.
Finder = Callable[[Sources, Sentence, Sieve], Iterator[Cue]]
# The finder of each cue pattern, in the order their cues are gathered (which decides,
# among cues of the same span, the one kept).
_FINDERS: tuple[tuple[str, Finder], ...] = (
    ("group", _group_cues),
    ("quantifier", _quantifier_cues),
    ("evidence", _evidence_cues),
    ("forward", _forward_cues),
    ("collective", _collective_cues),
    ("nominal", _nominal_cues),
    ("claim", _claim_cues),
    ("passive", _passive_cues),
    ("it", _passive_cues),
    ("widely", _passive_cues),
    ("agent", _agent_cues),
    ("according", _according_cues),
    ("expected", _expected_cues),
    ("talk", _talk_cues),
    ("told", _talk_cues),
    ("answered", _talk_cues),
    ("rumoured", _talk_cues),
    ("reception", _reception_cues),
    ("speculation", _speculation_cues),
    ("than", partial(_than_cues, name="than")),
    ("reaction", partial(_than_cues, name="reaction")),
    ("prompted", partial(_than_cues, name="prompted")),
    ("hedge", _hedge_cues),
)


def _plan(s: Sources, here: tuple[Sieve, ...]) -> tuple[tuple[Finder, Sieve], ...]:
    """The finders to run on a sentence whose passing cue patterns are `here`, in
    `_FINDERS`' order, each with its pattern: only those, so a sentence that may hold
    one cue costs one finder, not a call for every pattern. Kept per lexicon by `here`:
    sentences share few."""
    plans = s.lexicon.get(_PLANS)
    if plans is None:
        plans = s.lexicon.compiled(_PLANS, dict)
    plan = plans.get(here)
    if plan is None:
        if len(plans) >= _KEPT_PLANS:
            plans.clear()  # kept as long as the lexicon, for every document: bounded
        patterns = _cue_patterns(s)
        plan = plans[here] = tuple(
            (finder, patterns[name]) for name, finder in _FINDERS if patterns[name] in here
        )
    return plan  # type: ignore[no-any-return]


_PLANS = "vague_attribution.plans"
_KEPT_PLANS = 4096  # the BBC corpus gives some 470 sets of passing patterns


def find_cues(
    s: Sources, sentence: Sentence, here: tuple[Sieve, ...], after_vague: bool = False
) -> list[Cue]:
    """Vague-attribution cues of one sentence that no context excuses, left to right.
    `here`: the cue patterns that may match it (`_cue_sieves(s).passing`); `after_vague`:
    the previous sentence pinned a claim on an unnamed group, so a "they" that reports
    here points back to it."""
    exceptions: list[tuple[int, int]] | None = None  # looked for once a cue is found
    nearby: bool | None = None  # whether the next sentences name a source, once asked
    found: list[Cue] = []
    if after_vague:
        found.extend(_pronoun_cues(s, sentence))
    for finder, pattern in _plan(s, here) if here else ():
        for cue in finder(s, sentence, pattern):
            if exceptions is None:
                patterns = _patterns(s)
                exceptions = [
                    m.span() for m in patterns["exception"].finditer(s.document, sentence)
                ]
            if any(lo < cue.end and cue.start < hi for lo, hi in exceptions):
                continue
            if s.document.quote_at(cue.start) is not None:
                continue  # a quotation is its speaker's words, attributed as a whole
            if s.is_attributed(cue.start, cue.end):
                continue
            if finder is _group_cues or _FORWARD_MESSAGE.match(cue.message):
                noun = cue.message.removeprefix("who are the ").split("?")[0]
                if _named_before(s, sentence, noun):
                    continue
                if nearby is None:  # the same for every cue of the sentence: asked once
                    nearby = _named_nearby(s, sentence)
                if nearby:
                    continue
            found.append(cue)
    kept: list[Cue] = []
    for cue in sorted(found, key=lambda c: (c.start, -c.end)):
        if not kept or cue.start >= kept[-1].end:
            kept.append(cue)
    return kept


def _pronoun_cues(s: Sources, sentence: Sentence) -> Iterator[Cue]:
    """ "Analysts said X. They added Y": the pronoun is the same unnamed group."""
    view = s.document.view
    match = _THEY.match(view, sentence.start, sentence.end)
    if match and match.group("verb").casefold() in _forms(s, "reporting-verbs"):
        yield Cue(
            match.start(), match.end(), "who are 'they'? name the group said to hold this view"
        )


_RESTRICTIVE = regexes.compile(r"(?<![,\s])\s+(?:which|that)\s*$", regex.IGNORECASE)
# "one London-based broker", "a senior banker": one person, by role.
_ONE_ROLE = regexes.compile(
    r"\b(?:one|an?|another)\s+(?:[\w-]+\s+){0,3}?[\w-]+(?:er|or|ist|ian|ent|ant|man|woman)\b",
    regex.IGNORECASE,
)
_ONE = regexes.compile(r"(?:one|an?|another)\s", regex.IGNORECASE)
_HE = regexes.compile(r"\s*(?:He|She)\s+(?:\w+ly\s+|also\s+|had\s+)?(?P<verb>\w+)")


def _unnamed_one(s: Sources, sentence: Sentence) -> bool:
    """Does the sentence quote or report one unnamed person ("..., said one broker")?"""
    view = s.document.view
    if not _ONE_ROLE.search(view, sentence.start, sentence.end):
        return False  # no "one/a <person>" at all: no need to ask who speaks
    speakers = [r.attribution.speaker for r in s.reported_speech(sentence)]
    for quote in s.document.quotes_from(sentence.start):
        if quote.start >= sentence.end:
            break
        speaker = s.quote_speaker(quote)
        if speaker is not None and sentence.start <= speaker.start < sentence.end:
            speakers.append(speaker)
    for speaker in speakers:
        if _ONE.match(view, speaker.start) and not s.names_someone(speaker.start, speaker.end):
            return True
    return False


def _he_reports(s: Sources, sentence: Sentence) -> regex.Match[str] | None:
    """ "He forecast ...": the sentence opens with "He" or "She" and a reporting verb; after
    "..., said one broker" the pronoun is the same unnamed person."""
    view = s.document.view
    opening = view[sentence.start : sentence.start + 1]
    if opening not in "HS" and opening.isalnum():
        return None  # neither a space nor "He" or "She" first: asked of every sentence
    match = _HE.match(view, sentence.start, sentence.end)
    if match and match.group("verb").casefold() in _forms(s, "reporting-verbs"):
        return match
    return None


_THEY = regexes.compile(
    r"\s*(?:They|Some\s+of\s+them|Many\s+of\s+them)\s+(?:\w+ly\s+|also\s+|have\s+|had\s+)?"
    r"(?P<verb>\w+)"
)


class VagueAttribution(Rule):
    __doc__ = __doc__
    code = "A001"
    name = "vague-attribution"
    summary = "A claim is pinned on a source the reader cannot identify ('experts say')."
    severity = Severity.WARNING

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        context = sources(document, lexicon(options))
        cue_sieves = _cue_sieves(context)
        after_vague = False
        for index, sentence in enumerate(document.sentences):
            # Only a pronoun that reports can be a cue: ask no more of any other "He ...".
            he = _he_reports(context, sentence) if index > 0 else None
            here = cue_sieves.passing(document, sentence)
            if not after_vague and not he and not here:
                after_vague = False
                continue  # no cue word: nothing to analyse
            cues = find_cues(context, sentence, here, after_vague)
            after_vague = any(c.message.startswith("who are") for c in cues)
            if he and not cues and _unnamed_one(context, document.sentences[index - 1]):
                # "... said one broker. He added"
                cues = [Cue(he.start(), he.end(), "who is this? the source was never named")]
            for cue in cues:
                yield self.diagnostic(document, cue.start, cue.end, cue.message)
