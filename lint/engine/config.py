"""Configuration: `[tool.newslint]` in pyproject.toml, or newslint.toml / .newslint.toml.

The nearest config file above each linted file applies to it. Paths and globs in a config
are relative to the folder that holds it.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newslint.engine.rule import Rule
from newslint.engine.select import unknown
from newslint.engine.tomlfile import load_toml
from newslint.formats.feeds import DEFAULT_FIELDS, DEFAULT_ID

CONFIG_NAMES = (".newslint.toml", "newslint.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.json", "*.jsonl")
_LIST_KEYS = (
    "select", "extend-select", "ignore", "include", "exclude", "phrase-files", "lexicon-files",
    "json-fields",
)  # fmt: skip
_KEYS = (*_LIST_KEYS, "per-file-ignores", "rules", "json-id-field")


class ConfigError(Exception):
    pass


def _resolved(path: Path) -> Path:
    # Keyed by the absolute path, so a change of working folder (tests, library use) can
    # never return another folder's answer.
    return _resolve_absolute(path if path.is_absolute() else Path.cwd() / path)


@functools.lru_cache(maxsize=1 << 16)
def _resolve_absolute(path: Path) -> Path:
    # Every file is matched against include, exclude and per-file-ignores, and each match
    # resolved the path again: a third of a large run went to realpath system calls.
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        # A symbolic link loop (RuntimeError before Python 3.13) or a folder that cannot be
        # searched: the path as written stands for itself, and reading it names the problem.
        return Path(os.path.abspath(path))


@dataclass(frozen=True)
class Settings:
    root: Path
    origin: str | None = None  # the config file, or None for defaults
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    phrase_files: tuple[Path, ...] = ()
    lexicon_files: tuple[Path, ...] = ()
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # JSON article exports: the fields to lint (`a.b` reaches into objects) and the id.
    json_fields: tuple[str, ...] = DEFAULT_FIELDS
    json_id_field: str = DEFAULT_ID
    # Rule entries given on the command line, by option, so their errors name the option.
    cli_entries: tuple[tuple[str, tuple[str, ...]], ...] = ()
    config: Settings | None = None  # the config's own settings, before the command line

    def relative(self, path: Path) -> str:
        try:
            return _resolved(path).relative_to(_resolved(self.root)).as_posix()
        except ValueError:
            return path.as_posix()

    def excluded(self, path: Path) -> bool:
        rel = self.relative(path)
        parts = rel.split("/")
        candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return any(fnmatch.fnmatch(c, pat) for pat in self.exclude for c in candidates)

    def included(self, path: Path) -> bool:
        rel = self.relative(path)
        return any(fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(rel, p) for p in self.include)

    def ignored_for(self, path: Path) -> tuple[str, ...]:
        rel = self.relative(path)
        return tuple(
            code
            for pattern, codes in self.per_file_ignores
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(path.name, pattern)
            for code in codes
        )

    def with_cli(
        self,
        select: Sequence[str] | None,
        extend_select: Sequence[str],
        ignore: Sequence[str],
    ) -> Settings:
        return replace(
            self,
            select=tuple(select) if select is not None else self.select,
            extend_select=self.extend_select + tuple(extend_select),
            ignore=self.ignore + tuple(ignore),
            cli_entries=(
                ("--select", tuple(select or ())),
                ("--extend-select", tuple(extend_select)),
                ("--ignore", tuple(ignore)),
            ),
            config=self,
        )


def _table(path: Path) -> dict[str, Any] | None:
    data = load_toml(path, ConfigError)
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("newslint")
    return data


def _nearest(key: str, valid: Sequence[str]) -> str:
    near = difflib.get_close_matches(key, valid, n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def parse_settings(table: Mapping[str, Any], path: Path) -> Settings:
    where = f"{path}: [tool.newslint]" if path.name == "pyproject.toml" else f"{path}:"
    for key in table:
        if key not in _KEYS:
            raise ConfigError(f"{where} unknown key {key!r}{_nearest(key, _KEYS)}")
    lists = {key: _strings(table[key], f"{where} {key!r}") for key in _LIST_KEYS if key in table}
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{where} 'per-file-ignores' must be a table of glob = [rules]")
    rule_options = table.get("rules", {})
    if not isinstance(rule_options, dict) or not all(
        isinstance(v, dict) for v in rule_options.values()
    ):
        raise ConfigError(f"{where} 'rules' must hold one table per rule, e.g. [rules.NAME]")
    id_field = table.get("json-id-field", DEFAULT_ID)
    if not isinstance(id_field, str) or not id_field:
        raise ConfigError(f"{where} 'json-id-field' must be a field name (a string)")
    root = path.parent
    return Settings(
        root=root,
        origin=str(path),
        select=lists.get("select"),
        extend_select=lists.get("extend-select", ()),
        ignore=lists.get("ignore", ()),
        per_file_ignores=tuple(
            (glob, _strings(codes, f"{where} per-file-ignores {glob!r}"))
            for glob, codes in pfi.items()
        ),
        include=lists.get("include", DEFAULT_INCLUDE),
        exclude=lists.get("exclude", ()),
        phrase_files=tuple(root / p for p in lists.get("phrase-files", ())),
        lexicon_files=tuple(root / p for p in lists.get("lexicon-files", ())),
        rule_options=rule_options,
        json_fields=lists.get("json-fields", DEFAULT_FIELDS),
        json_id_field=id_field,
    )


def load(path: Path) -> Settings:
    table = _table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.newslint] table")
    return parse_settings(table, path)


class Finder:
    """Finds and caches the nearest config for each folder. With `search` off (--config,
    --isolated) every path gets the fallback."""

    def __init__(self, fallback: Settings, search: bool = True) -> None:
        self.fallback = fallback
        self.search = search
        self._cache: dict[Path, Settings] = {}

    def for_path(self, path: Path) -> Settings:
        if not self.search:
            return self.fallback
        folder = _resolved(path) if path.is_dir() else _resolved(path).parent
        return self._for_folder(folder)

    def _for_folder(self, folder: Path) -> Settings:
        if folder in self._cache:
            return self._cache[folder]
        found: Settings | None = None
        for name in CONFIG_NAMES:
            candidate = folder / name
            if _is_file(candidate):
                table = _table(candidate)
                if table is not None:
                    found = parse_settings(table, candidate)
                    break
        if found is None:
            found = self.fallback if folder.parent == folder else self._for_folder(folder.parent)
        self._cache[folder] = found
        return found


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; False when its folder cannot be searched (the files there
    cannot be read either, and each is reported as that file's error)."""
    try:
        return path.is_file()
    except OSError:
        return False


def validate_against_rules(settings: Settings, rules: Sequence[Rule]) -> list[str]:
    """Problems with rule names, codes and options in one config."""
    config = settings.config or settings
    where = config.origin or "command line"
    keyed = [
        ("'select'", config.select or ()),
        ("'extend-select'", config.extend_select),
        ("'ignore'", config.ignore),
        *((f"'per-file-ignores' {glob!r}", codes) for glob, codes in config.per_file_ignores),
    ]
    problems = [
        f"{where}: {key}: unknown rule {u}"
        for key, entries in keyed
        for u in unknown(rules, entries)
    ]
    problems += [
        f"command line: {option}: unknown rule {u}"
        for option, entries in settings.cli_entries
        for u in unknown(rules, entries)
    ]
    by_name = {r.name: r for r in rules} | {r.code: r for r in rules}
    for name, opts in settings.rule_options.items():
        rule = by_name.get(name)
        if rule is None:
            problems.append(f"{where}: [rules.{name}] names no rule{_nearest(name, list(by_name))}")
            continue
        for key, value in opts.items():
            if key not in rule.options:
                problems.append(
                    f"{where}: [rules.{name}] unknown option {key!r}"
                    f"{_nearest(key, list(rule.options))}"
                )
                continue
            default = rule.options[key]
            kind = (int, float) if isinstance(default, float) else type(default)
            if not isinstance(value, kind) or isinstance(value, bool) != isinstance(default, bool):
                problems.append(
                    f"{where}: [rules.{name}] {key!r} must be {type(default).__name__}, "
                    f"got {value!r}"
                )
    return problems


def options_for(settings: Settings, rule: Rule) -> dict[str, Any]:
    """The rule's options: its defaults, then its config table. `lexicon-files` (the
    config's files extending rule word lists) goes to every rule; most ignore it."""
    merged = dict(rule.options)
    for key in (rule.name, rule.code):
        merged.update(settings.rule_options.get(key, {}))
    merged["lexicon-files"] = tuple(str(p) for p in settings.lexicon_files)
    return merged
