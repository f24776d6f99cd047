"""The word lists behind the sourcing and claims rules, and a newsroom's additions to them.

The pack ships its lists as TOML under `rules/data/<family>/`. A newsroom adds words with
`lexicon-files` in its config: TOML files whose `[sourcing]` and `[claims]` tables use the
same keys as the shipped files; their entries are added to the shipped ones.

    [sourcing]
    group-nouns = ["pundits", "talking heads"]
    [claims]
    idioms = ["best in show"]

Everything compiled from the lists is cached with `data_cached`; when the lexicon files in
force change (another config applies), every such cache is dropped.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from newslint.engine.rule import RuleConfigError
from newslint.engine.tomlfile import load_toml

DATA = Path(__file__).parent / "data"
FAMILIES = ("sourcing", "claims")

T = TypeVar("T")
_caches: list[Callable[[], object]] = []
_files: tuple[str, ...] = ()


class LexiconError(RuleConfigError):
    pass


def data_cached(fn: Callable[[], T]) -> Callable[[], T]:
    """Cache a value built from the lists until the lexicon files change."""
    cached = lru_cache(maxsize=1)(fn)
    _caches.append(cached.cache_clear)
    return cached


def use_lexicon_files(paths: Sequence[str]) -> None:
    """Make these files' additions the ones in force (cheap when nothing changes)."""
    global _files
    if tuple(paths) != _files:
        _files = tuple(paths)
        for clear in _caches:
            clear()


def _shipped(family: str) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for path in sorted((DATA / family).glob("*.toml")):
        for key, values in load_toml(path, LexiconError).items():
            merged.setdefault(key, []).extend(values)
    return merged


def _lists(family: str) -> dict[str, tuple[str, ...]]:
    merged = _shipped(family)
    for path in _files:
        table = load_toml(path, LexiconError)
        for name in table:
            if name not in FAMILIES:
                raise LexiconError(f"{path}: unknown table [{name}]; use [sourcing] or [claims]")
        for key, values in table.get(family, {}).items():
            if key not in merged:
                near = difflib.get_close_matches(key, list(merged), n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                raise LexiconError(f"{path}: [{family}] unknown list {key!r}{hint}")
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise LexiconError(f"{path}: [{family}] {key!r} must be a list of strings")
            merged[key].extend(values)
    return {key: tuple(dict.fromkeys(values)) for key, values in merged.items()}


@data_cached
def sourcing() -> dict[str, tuple[str, ...]]:
    return _lists("sourcing")


@data_cached
def claims() -> dict[str, tuple[str, ...]]:
    return _lists("claims")
