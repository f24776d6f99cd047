"""Compiled regular expressions: `regex.compile`, with the compiling done ahead where it can be.

`compile(pattern, flags=0, ignore_unused=False, **named_lists)` takes `regex.compile`'s
arguments and returns the same pattern object. Compiling is most of what one article costs
newslint before a rule runs (about 100 ms of CPU for the ~140 patterns an article needs):
`regex` parses a pattern in pure Python, one node per character. So the patterns that the
installed newslint compiles under its default configuration were compiled ahead, when the
package was made, by `scripts/precompiled_patterns.py`, into `newslint._precompiled`: a
generated module of newslint's own code, never a file a linted repository carries. Each
entry is the compiled form `regex` itself pickles a pattern as (`Pattern._pickled_data`,
which its pickle support hands back to `_regex.compile`); nothing is unpickled.

An entry is used only when all of these hold, and otherwise the pattern is compiled as
`regex.compile` does, so a miss costs time and never changes a match:
- the installed `regex` is the release the table was made with (its compiled form is that
  release's private format);
- the pattern's text and flags are a key of the table (a house word list or a third-party
  pack makes other text);
- the flags name a version, or `regex.DEFAULT_VERSION` is VERSION0, as when the table was
  made (a module that sets it to VERSION1 changes what `regex.compile` makes);
- each named list (`\\L<name>`) holds the same words as when the table was made.

`recording()` collects what is asked for, for the script that writes the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import regex
from regex import _regex

# A table entry: `_pickled_data` without its first item (the pattern, which is the key's):
# flags, code (bytes), group index, index group, named lists, named-list indexes, required
# offset, required characters, required flags, group count.
Entry = tuple[Any, ...]
# Where an entry keeps its compiled code and its named lists (name -> frozenset of words).
CODE, NAMED_LISTS = 1, 4
# What `recording()` collects: (pattern, flags, ignore_unused, named lists as sorted tuples).
Asked = tuple[str, int, bool, tuple[tuple[str, tuple[str, ...]], ...]]

# The version flags: a pattern asks for one, or regex.compile gives it regex.DEFAULT_VERSION.
_VERSIONS = regex.VERSION0 | regex.VERSION1

_table: dict[tuple[str, int], Entry] | None = None
# Patterns made from the table, by (pattern, flags), so that compiling one again in a loop
# costs a look-up, as regex.compile's own cache makes it (those with named lists are not
# kept: their words are part of what they are).
_made: dict[tuple[str, int], regex.Pattern[str]] = {}
_asked: set[Asked] | None = None


# Named as regex names it, so that a call site reads the same.
def compile(
    pattern: str,
    flags: int = 0,
    ignore_unused: bool = False,
    cache_pattern: bool | None = None,
    **named_lists: Iterable[str],
) -> regex.Pattern[str]:
    """`regex.compile(pattern, flags, ignore_unused=ignore_unused, **named_lists)`, taken
    from the precompiled table when an entry applies (see the module docstring); asked
    again, the same pattern object, as regex.compile's cache gives. `cache_pattern` is
    regex's own (whether its cache keeps the pattern), passed on when the table has no
    entry. Raises what `regex.compile` raises (`regex.error` for a bad pattern)."""
    flags = int(flags)
    # Each list is read more than once (recorded, compared with the table's, compiled): an
    # iterator would be empty after the first.
    named_lists = {name: tuple(words) for name, words in named_lists.items()}
    if not flags & _VERSIONS and regex.DEFAULT_VERSION != regex.VERSION0:
        # Any module (a rule pack) may set regex.DEFAULT_VERSION, which regex.compile gives
        # a pattern without a version flag; the table's entries are VERSION0's, its default.
        return regex.compile(
            pattern,
            flags,
            ignore_unused=ignore_unused,
            cache_pattern=cache_pattern,
            **named_lists,
        )
    if _asked is not None:
        lists = tuple(sorted((name, tuple(sorted(words))) for name, words in named_lists.items()))
        _asked.add((pattern, flags, ignore_unused, lists))
    if not named_lists:
        made = _made.get((pattern, flags))
        if made is not None:
            return made
    entry = precompiled(pattern, flags, ignore_unused, named_lists)
    if entry is None:
        return regex.compile(
            pattern,
            flags,
            ignore_unused=ignore_unused,
            cache_pattern=cache_pattern,
            **named_lists,
        )
    made = _regex.compile(pattern, *entry)
    if not named_lists:
        _made[(pattern, flags)] = made
    return made


def precompiled(
    pattern: str, flags: int, ignore_unused: bool, named_lists: dict[str, Iterable[str]]
) -> Entry | None:
    """The table's compiled form of `pattern` with `flags` and `named_lists`, or None
    when no entry applies: not in the table, other words in a named list, a named list
    the entry does not use (an error for `regex.compile` unless `ignore_unused`), or a
    table made for another release of `regex`."""
    entry = _loaded().get((pattern, flags))
    if entry is None:
        return None
    used = entry[NAMED_LISTS]
    if named_lists.keys() - used.keys() and not ignore_unused:
        return None
    for name, words in used.items():
        if name not in named_lists or frozenset(named_lists[name]) != words:
            return None
    return entry


def _loaded() -> dict[tuple[str, int], Entry]:
    """The precompiled table, read on first use; empty when it was made with another
    release of `regex` than the one installed."""
    global _table
    if _table is None:
        from newslint import _precompiled

        _table = _precompiled.TABLE if _precompiled.REGEX == regex.__version__ else {}
    return _table


@contextmanager
def recording() -> Iterator[set[Asked]]:
    """Collect every (pattern, flags, ignore_unused, named lists) passed to `compile`
    while the block runs, into the set it yields. For scripts/precompiled_patterns.py."""
    global _asked
    asked: set[Asked] = set()
    _asked = asked
    try:
        yield asked
    finally:
        _asked = None
