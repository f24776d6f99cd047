"""Rules come from the `newslint.rules` entry-point group, the built-in pack included.

An entry point names either a Rule instance or class, an iterable of them, or a callable
returning such an iterable.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Sequence
from typing import Any

from importlib_metadata import EntryPoint, entry_points

from newslint.engine.rule import Rule

GROUP = "newslint.rules"


class RegistryError(Exception):
    """A rule pack that cannot be loaded or gives something that is not a rule."""


def _as_rules(obj: Any, origin: str) -> list[Rule]:
    if inspect.isclass(obj) and issubclass(obj, Rule):
        return [obj()]
    if isinstance(obj, Rule):
        return [obj]
    if callable(obj):
        return _as_rules(list(obj()), origin)
    if isinstance(obj, Iterable):
        return [rule for item in obj for rule in _as_rules(item, origin)]
    raise RegistryError(f"plugin {origin}: {obj!r} is not a newslint rule")


def discover() -> tuple[list[Rule], list[str]]:
    """Every installed rule, sorted by code, and the plugins that failed to load (one
    message each: an exception at import or while listing its rules, SystemExit
    included). Raises only KeyboardInterrupt."""
    rules: list[Rule] = []
    found, problems = _entry_points()
    for ep in sorted(found, key=lambda e: (e.name != "builtin", e.name)):
        try:
            rules.extend(_as_rules(ep.load(), f"{ep.name} ({ep.value})"))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: B036 - a broken plugin must not stop the others
            problems.append(f"plugin {ep.name} ({ep.value}) failed to load: {_said(exc)}")
    rules, dupes = unique(rules)
    return rules, problems + dupes


def _entry_points() -> tuple[list[EntryPoint], list[str]]:
    """The group's entry points, and in words each installed package whose entry points
    could not be read. importlib_metadata 10 checks an entry point's value when it is
    loaded; 8.5 to 9 (the newest on Python 3.10) check every value of a package as they
    list them, so one malformed entry point of any installed package raised out of
    `entry_points` and no rule loaded at all. Then each package's entry points are listed
    apart, by the library, and a package of newslint rules whose list raises is named."""
    try:
        return list(entry_points(group=GROUP)), []
    except _UNREADABLE:
        pass
    from importlib_metadata import distributions

    found: list[EntryPoint] = []
    problems: list[str] = []
    seen: set[str] = set()
    for dist in distributions():
        try:
            name = str(dist.metadata["Name"])
        except (OSError, KeyError):
            # No METADATA (MetadataNotFound), or no Name in it: its entry points count all
            # the same, as `entry_points` lists them, and it stops no other package.
            name = "(one without a name in its metadata)"
        else:
            # The first of a name on the path, as `entry_points` takes it (names compared
            # as the packaging specifications normalise them).
            key = re.sub(r"[-_.]+", "-", name).lower()
            if key in seen:
                continue
            seen.add(key)
        try:
            found.extend(dist.entry_points.select(group=GROUP))
        except _UNREADABLE as exc:
            # Another package's broken console script is no concern of newslint's.
            if f"[{GROUP}]" in _entry_points_of(dist):
                # importlib_metadata's TypeError names its Pair class, not the problem.
                said = _NO_EQUALS if isinstance(exc, TypeError) else _said(exc)
                problems.append(f"plugins of package {name} failed to load: {said}")
    return found, problems


# What importlib_metadata 10 raises for an entry_points.txt it cannot read: ValueError for
# a value that names no object (8.5 to 9, as they list) and for text that is not UTF-8
# (UnicodeDecodeError), TypeError for a line without `=` (its Pair cannot be made).
_UNREADABLE = (ValueError, TypeError)
_NO_EQUALS = "a line of its entry_points.txt is not `name = value`"


def _entry_points_of(dist: Any) -> str:
    """A distribution's entry_points.txt as text, undecodable bytes replaced."""
    try:
        return dist.read_text("entry_points.txt") or ""
    except UnicodeDecodeError as exc:
        return bytes(exc.object).decode("utf-8", errors="replace")


def _said(exc: BaseException) -> str:
    """What a plugin's exception says, in words."""
    if isinstance(exc, SystemExit):
        # sys.exit() at import is a broken plugin too: reported, and the run exits 2
        # rather than 0 with nothing linted.
        return f"{type(exc).__name__}({exc.code!r})"
    if len(exc.args) > 1 and type(exc).__str__ is BaseException.__str__:
        # str() of several arguments is their tuple's repr: importlib_metadata's
        # ValueError(message, value) for an entry point that names no object (an empty
        # value left out: the message ended in a bare "; ").
        return "; ".join(filter(None, map(str, exc.args)))
    return str(exc) or type(exc).__name__  # `raise RuntimeError` says nothing else


def unique(rules: Sequence[Rule]) -> tuple[list[Rule], list[str]]:
    """Drop rules whose code or name is taken by an earlier one, and say so."""
    seen: dict[str, Rule] = {}
    kept: list[Rule] = []
    problems: list[str] = []
    for rule in rules:
        clash = seen.get(rule.code) or seen.get(rule.name)
        if clash is not None:
            problems.append(
                f"rule {rule.code} {rule.name} ignored: {clash.code} {clash.name} is already loaded"
            )
            continue
        seen[rule.code] = seen[rule.name] = rule
        kept.append(rule)
    return sorted(kept, key=lambda r: r.code), problems


def find(rules: Sequence[Rule], key: str) -> Rule | None:
    """The rule whose code (any case) or name is `key`, or None."""
    for rule in rules:
        if key in (rule.code, rule.name) or key.upper() == rule.code:
            return rule
    return None
