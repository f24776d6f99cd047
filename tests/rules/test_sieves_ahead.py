"""vague-attribution's cue sieves built ahead (rules/_sieves_ahead.py) are the sieves it
builds from the shipped lists, used only for exactly those lists."""

from __future__ import annotations

from pathlib import Path

from conftest import generated_module_problems
from newslint.analysis.cues import spec
from newslint.analysis.lexicon import load
from newslint.analysis.sources import sources
from newslint.formats import from_text
from newslint.rules import vague_attribution
from newslint.rules._data import DATA, lexicon


def _context(lex):
    document = from_text("story.txt", "Critics say it will fail.\n").documents[0]
    return sources(document, lex)


def test_the_module_is_current():
    assert generated_module_problems("sieves_ahead.py") == ""


def test_the_shipped_lists_get_the_sieves_they_build():
    context = _context(lexicon({}))
    ahead = vague_attribution._made_ahead(context)
    assert ahead is not None
    built = vague_attribution._build_patterns(context)
    assert {name: spec(item) for name, item in ahead.items()} == {
        name: spec(item) for name, item in built.items()
    }


def test_other_lists_build_their_own(tmp_path: Path):
    house = tmp_path / "house.toml"
    house.write_text('[sourcing]\ngroup-nouns = ["grumps"]\n')
    context = _context(load([DATA], [house]))
    assert vague_attribution._made_ahead(context) is None
    patterns = vague_attribution._patterns(context)
    assert "grumps" in patterns["agent"].pattern.pattern


def test_the_shipped_cue_patterns_get_the_needs_they_are_read_to_have(tmp_path: Path):
    """anonymous-source's prefilter takes what its patterns need from the module when they
    are the shipped patterns, and reads a house file's patterns itself."""
    from newslint.analysis.cues import Prefilter, requirements
    from newslint.rules import _sieves_ahead, anonymous_source

    shipped = lexicon({})
    patterns = shipped.list("sourcing", "anonymous-patterns")
    assert _sieves_ahead.ANONYMOUS_NEEDS == [requirements(p) for p in patterns]
    ahead = anonymous_source._build_cue_filter(shipped)
    assert vars(ahead).keys() == vars(Prefilter(patterns)).keys()
    assert ahead._needs.patterns == Prefilter(patterns)._needs.patterns
    house = tmp_path / "house.toml"
    house.write_text("[sourcing]\nanonymous-patterns = ['people\\\\s+in\\\\s+the\\\\s+know']\n")
    extended = load([DATA], [house])
    mine = anonymous_source._build_cue_filter(extended)
    # A TOML literal string keeps both backslashes: the pattern reads a backslash, then
    # an "s" (of the sets of short literals, with "in").
    assert mine._needs.patterns[-1] == (
        frozenset({"people"}),
        [frozenset({"know"}), frozenset({"the"})],
        (("s",), ("in",)),
    )


def test_other_irregular_verbs_build_their_own(monkeypatch, tmp_path: Path):
    """The sieves inflect the lists' verbs with English's irregular forms: an edited
    english.toml (the module not written again) gives its own sieves, not stale ones."""
    from newslint.analysis import structure

    table = structure._english()
    edited = {**table, "irregular": {**table["irregular"], "sez": "say"}}
    monkeypatch.setattr(structure, "_english", lambda: edited)
    structure._irregular_forms.cache_clear()
    # A house file that adds nothing: the shipped lists, in a lexicon of its own (the
    # shared one keeps the forms it inflected with the shipped table).
    nothing = tmp_path / "nothing.toml"
    nothing.write_text("# nothing to add\n")
    try:
        context = _context(load([DATA], [nothing]))
        assert context.lists == _context(lexicon({})).lists
        assert vague_attribution._made_ahead(context) is None
        built = vague_attribution._build_patterns(context)
        assert built["group"].pattern.search("Experts sez the plan is bad.") is not None
    finally:
        structure._irregular_forms.cache_clear()
