"""The built-in rule pack, registered through the `newslint.rules` entry point like any
third-party pack."""

from __future__ import annotations

from pathlib import Path

from newslint.engine.phrases import load_phrase_rule
from newslint.engine.rule import Rule
from newslint.engine.suppression import engine_rules
from newslint.rules.anonymous_source import AnonymousSource
from newslint.rules.duplicate_across_articles import DuplicateAcrossArticles
from newslint.rules.duplicate_paragraph import DuplicateParagraph
from newslint.rules.duplicate_sentence import DuplicateSentence
from newslint.rules.unsupported_superlative import UnsupportedSuperlative
from newslint.rules.vague_attribution import VagueAttribution

DATA = Path(__file__).parent / "data"


def pack() -> list[Rule]:
    rules: list[Rule] = [
        DuplicateParagraph(),
        DuplicateSentence(),
        VagueAttribution(),
        AnonymousSource(),
        DuplicateAcrossArticles(),
        UnsupportedSuperlative(),
    ]
    rules.extend(load_phrase_rule(path) for path in sorted(DATA.glob("*.toml")))
    rules.extend(engine_rules())  # N001, N002: findings about suppression comments
    return rules
