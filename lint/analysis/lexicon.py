"""The word lists behind the analysis and the rules, as a value built from files.

A `Lexicon` is immutable and hashable by what it was built from (the paths and contents of
its files), so two configs with different lists give two values, and caches keyed by a
Lexicon (compiled patterns, per-document analyses) never mix them. Nothing here is a
process-wide switch: a language server can hold one Lexicon per open workspace.

Files are TOML. Each shipped folder holds `<family>/*.toml` (the families are "sourcing"
and "claims"); lists with the same key are merged. Extra files (a newsroom's
`lexicon-files`) hold `[sourcing]` and `[claims]` tables whose keys must already exist;
their entries are added to the shipped ones.

    lexicon = load([Path("rules/data")], ["style/house.toml"])
    lexicon.list("sourcing", "group-nouns")     # tuple of str, in file order
    lexicon.words("sourcing", "group-nouns")    # frozenset of casefolded str
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping, Sequence
from pathlib import Path
from threading import Lock
from typing import Any, TypeVar

from newslint import tomls

FAMILIES = ("sourcing", "claims")
T = TypeVar("T")


class LexiconError(ValueError):
    """A lexicon file is missing, unreadable, not TOML, or names an unknown table or list."""


class Lexicon:
    """Word lists by family and key, and values compiled from them (see `compiled`).

    `key` names what the lexicon was built from; equality and hashing use it only."""

    def __init__(self, lists: Mapping[str, Mapping[str, tuple[str, ...]]], key: Hashable):
        self._lists = {family: dict(table) for family, table in lists.items()}
        self.key = key
        self._compiled: dict[Hashable, Any] = {}
        self._words: dict[tuple[str, str], frozenset[str]] = {}
        self._lock = Lock()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lexicon) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        if isinstance(self.key, tuple):  # the (name, contents) pairs `load` keys it by
            return f"Lexicon({[name for name, _ in self.key]!r})"
        return f"Lexicon({self.key!r})"

    def table(self, family: str) -> dict[str, tuple[str, ...]]:
        """Every list of a family, by key (a copy is not made: do not modify)."""
        return self._lists.get(family, {})

    def list(self, family: str, key: str) -> tuple[str, ...]:
        """The entries of one list, as written, without duplicates; () if there is none."""
        return self._lists.get(family, {}).get(key, ())

    def words(self, family: str, key: str) -> frozenset[str]:
        """The casefolded entries of one list, as a set."""
        try:
            return self._words[family, key]
        except KeyError:
            found = frozenset(w.casefold() for w in self.list(family, key))
            return self._words.setdefault((family, key), found)

    def get(self, name: Hashable) -> Any:
        """The value `compiled(name, ...)` built, or None if it was not built yet (a fast
        path for callers that ask for the same value once per sentence)."""
        return self._compiled.get(name)

    def compiled(self, name: Hashable, build: Callable[[], T]) -> T:
        """The value `build()` returns, built once per lexicon and `name` (patterns, sets)."""
        try:
            return self._compiled[name]  # type: ignore[no-any-return]
        except KeyError:
            value = build()
            with self._lock:
                return self._compiled.setdefault(name, value)  # type: ignore[no-any-return]


def _read(path: Path | str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read: {exc.strerror}") from None


def _parse(path: Path | str, raw: bytes) -> dict[str, Any]:
    try:
        return tomls.loads(raw)  # the shipped lists: parsed ahead (see newslint.tomls)
    except (UnicodeDecodeError, tomls.TOMLError) as exc:
        raise LexiconError(f"{path}: invalid TOML: {exc}") from None


def _build(
    shipped: tuple[tuple[str, bytes], ...], extra: tuple[tuple[str, bytes], ...], key: Hashable
) -> Lexicon:
    merged: dict[str, dict[str, list[str]]] = {family: {} for family in FAMILIES}
    for name, raw in shipped:
        family = Path(name).parent.name
        for key_, values in _parse(name, raw).items():
            merged.setdefault(family, {}).setdefault(key_, []).extend(values)
    for path, raw in extra:
        table = _parse(path, raw)
        for name in table:
            if name not in FAMILIES:
                raise LexiconError(f"{path}: unknown table [{name}]; use [sourcing] or [claims]")
        for family in FAMILIES:
            for list_key, values in table.get(family, {}).items():
                if list_key not in merged[family]:
                    import difflib  # only a misspelt list key pays for it

                    near = difflib.get_close_matches(list_key, list(merged[family]), n=1)
                    hint = f" (did you mean {near[0]!r}?)" if near else ""
                    raise LexiconError(f"{path}: [{family}] unknown list {list_key!r}{hint}")
                if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                    raise LexiconError(f"{path}: [{family}] {list_key!r} must be a list of strings")
                merged[family][list_key].extend(values)
    lists = {
        family: {k: tuple(dict.fromkeys(v)) for k, v in table.items()}
        for family, table in merged.items()
    }
    return Lexicon(lists, key)


@functools.lru_cache(maxsize=8)
def _shipped(folders: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    return tuple(
        (str(path), _read(path))
        for folder in folders
        for family in FAMILIES
        for path in sorted((Path(folder) / family).glob("*.toml"))
    )


@functools.lru_cache(maxsize=8)
def _load_shipped(folders: tuple[str, ...]) -> Lexicon:
    """The lexicon of the installed folders alone: read once per process."""
    shipped = _shipped(folders)
    found = _cache.get(shipped)
    if found is None:
        found = _keep(shipped, _build(shipped, (), shipped))
    return found


_cache: dict[Hashable, Lexicon] = {}
_CACHE_SIZE = 16
# Lexicons load from threads (the language server, a library caller's): the oldest entry
# dropped by one must not be dropped by another too, nor the dict change while one looks
# for it (KeyError, RuntimeError).
_cache_lock = Lock()


def _keep(key: Hashable, built: Lexicon) -> Lexicon:
    """The lexicon cached under `key`: the one another thread kept first, else `built`,
    kept now (the oldest entry dropped once there are _CACHE_SIZE)."""
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            return found
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = built
        return built


def load(folders: Sequence[Path | str], files: Sequence[Path | str] = ()) -> Lexicon:
    """The lexicon of the shipped `folders` (each holding `<family>/*.toml`) plus `files`.

    Cached by the paths AND the contents of every file (the key is the (path, bytes)
    pairs themselves: bytes keep their hash once computed, and a digest would import
    hashlib at every start), so an edited lexicon file gives a new value and equal inputs
    give the same one. The shipped folders are
    part of the installed package and are read once per process. Raises LexiconError."""
    if not files:
        return _load_shipped(tuple(str(folder) for folder in folders))
    shipped = _shipped(tuple(str(folder) for folder in folders))
    extra = tuple((str(path), _read(path)) for path in files)
    key = shipped + extra
    found = _cache.get(key)
    if found is None:
        found = _keep(key, _build(shipped, extra, key))
    return found
