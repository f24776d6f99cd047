"""vague-attribution's cue sieves built ahead (rules/_sieves_ahead.py) are the sieves it
builds from the shipped lists, used only for exactly those lists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
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
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sieves_ahead.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr


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
