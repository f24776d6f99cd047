"""newslint.analysis: one analysis of each sentence's structure, computed once, lazily, that
rules (built-in or from a third-party pack) read instead of re-deriving it with regexes.

It imports only `newslint.model`, `newslint.document`, the standard library, `regex` and
(on Python 3.10) `tomli`. Every offset taken or returned is a character offset into
`document.text` (the same offsets as `document.view`); every span is a `newslint.model.Span`.
Per-document results hang off the document through `Document.memo`, keyed by value (the
analysis name and, where it matters, the lexicon's key), never by object identity.

Modules and their public API:

- `lexicon`: `load(folders, files) -> Lexicon`, the word lists as a hashable value built
  from TOML files (cached by paths and contents); `Lexicon.list(family, key) ->
  tuple[str, ...]`, `Lexicon.words(family, key) -> frozenset[str]` (casefolded),
  `Lexicon.compiled(name, build)` (a value built once per lexicon); `LexiconError`.
- `words`: `WORD` (the one word regex), `words(text) -> list[str]` (normalised words for
  comparison), `next_words(view, offset, limit, count) -> list[(word, end)]`,
  `alternation(entries) -> str` (a regex fragment).
- `cues`: the cheap cue pass. `sieve(pattern, *tests) -> Sieve` (a pattern that runs only
  on sentences holding a word it needs; `scan` when the sentence is known to pass),
  `SieveSet(sieves).passing(document, sentence)` (the sieves that may match a sentence,
  one lookup for many), `Prefilter(patterns).may_match(document, sentence)`
  (literals a user-written pattern needs), the tests `any_word`, `every_word` (every word
  of some phrase), `any_prefix`, `any_suffix`, `either`, and
  `sentence_words(document, sentence) -> frozenset[str]`.
- `structure`: `structure(document, sentence) -> SentenceStructure` with `tokens`
  (`Token`: text, span, `Tag`, lemma, lower), `chunks` (`Chunk`: noun phrases with head,
  post-modifier and appositive), `clauses` (`Clause`, `ClauseKind`), `verbs`
  (`VerbGroup`: lemma, passive, negated, subject / object / agent chunk indexes),
  `chunk_at(offset)`, `clause_at(offset)`, `negated(offset)`, `non_assertive(offset)`,
  `name_kind(chunk) -> NameKind`; `may_hedge(document, sentence)` (a word test that rules
  negation out before any analysis); `lemmas(word)` and `inflections(lemma)`.
- `sources`: `sources(document, lexicon) -> Sources`, who is speaking: `is_name(start,
  end)`, `names_someone(start, end)`, `identified_subject(start, end)`,
  `group_phrase(noun_start) -> (start, PhraseKind)`, `quote_speaker(quote) -> Span |
  None`, `reported_speech(sentence) -> list[Reported]`, `attribution(start, end) ->
  Attribution | None` (`AttributionKind.QUOTE` or `REPORTED`, speaker `Span`),
  `sentence_source(sentence) -> Span | None`, `is_attributed(start, end) -> bool`.

The records above (`Token`, `Chunk`, `Clause`, `VerbGroup`, `Reported`, `Attribution`) are
named tuples: immutable and equal by value, as a tuple is. Derive one with `._replace(...)`;
they are not dataclasses, so `dataclasses.replace` and `dataclasses.asdict` refuse them.

A third-party rule builds a Lexicon (e.g. `load([my_data_folder])`, whose
`sourcing/*.toml` uses the keys of the built-in pack's `rules/data/sourcing/`; or the
built-in lists themselves, `load([importlib.resources.files("newslint.rules") / "data"])`)
and asks `sources(document, lexicon)` or `structure(document, sentence)` (see
tests/analysis/test_third_party.py).
"""
