"""Configuration: `[tool.newslint]` in pyproject.toml, or newslint.toml / .newslint.toml.

The nearest config file above each linted file applies to it. Paths and globs in a config
are relative to the folder that holds it.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from newslint.engine.rule import Rule
from newslint.engine.select import unknown
from newslint.engine.tomlfile import load_toml
from newslint.formats import DEFAULT_FIELDS, DEFAULT_ID

if TYPE_CHECKING:
    import pathspec

CONFIG_NAMES = (".newslint.toml", "newslint.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.json", "*.jsonl")
# Folders no one means to lint, skipped by name: version control, tool caches, installed
# dependencies. `exclude` replaces this list; `extend-exclude` adds to it. Python
# environments are skipped because they are environments (see `ignore.is_environment`), not
# by name, so an `env/` or `build/` desk is linted.
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".bzr", ".jj", ".tox", ".nox", "node_modules", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".newslint_cache", "site-packages", ".eggs",
    ".idea", ".vscode", ".direnv",
)  # fmt: skip
_LIST_KEYS = (
    "select", "extend-select", "ignore", "include", "exclude", "extend-exclude", "phrase-files",
    "lexicon-files", "json-fields",
)  # fmt: skip
_BOOL_KEYS = ("respect-gitignore", "force-exclude")
_KEYS = (*_LIST_KEYS, *_BOOL_KEYS, "per-file-ignores", "rules", "json-id-field")


class ConfigError(Exception):
    """A config file (or a command-line selection) that cannot be used; the message names
    the file and key, and suggests the nearest valid name."""


def _resolved(path: Path) -> Path:
    # Keyed by the absolute path, so a change of working folder (tests, library use) can
    # never return another folder's answer.
    return _resolve_absolute(path if path.is_absolute() else Path.cwd() / path)


@functools.lru_cache(maxsize=1 << 16)
def _resolve_absolute(path: Path) -> Path:
    # Every file is matched against include, exclude and per-file-ignores, and each match
    # resolved the path again: a third of a large run went to realpath system calls.
    try:
        # A path that is not a symbolic link resolves as its folder does, plus its name:
        # one lstat, and each folder resolved once, not every folder of every file again.
        if path.name not in ("", ".", "..") and not os.path.islink(path):
            return _resolve_absolute(path.parent) / path.name
        return path.resolve()
    except (OSError, RuntimeError):
        # A symbolic link loop (RuntimeError before Python 3.13) or a folder that cannot be
        # searched: the path as written stands for itself, and reading it names the problem.
        return Path(os.path.abspath(path))


@functools.lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    import pathspec  # only when a path is matched: a run on named files never pays for it

    return pathspec.GitIgnoreSpec.from_lines(patterns)


# A gitignore pattern that is a plain name (`node_modules`, `.git`): no slash, wildcard,
# escape, `!` or `#`, and a letter, digit or underscore in it (no `.` or `..`).
_PLAIN_NAME = re.compile(r"[\w.-]*\w[\w.-]*", re.ASCII)


@functools.lru_cache(maxsize=256)
def _plain_names(patterns: tuple[str, ...]) -> frozenset[str] | None:
    """The patterns as a set, when every one is a plain name (as the default `exclude`
    list is); None otherwise. A plain name matches exactly the paths that have it as one of
    their components (a file or folder of that name, and everything inside a folder of it)."""
    if all(_PLAIN_NAME.fullmatch(p) for p in patterns):
        return frozenset(patterns)
    return None


def _matched(patterns: tuple[str, ...], rel: str) -> str | None:
    """The pattern of `patterns` (gitignore patterns) that decides `rel` (a relative path
    with forward slashes, a folder's ending in `/`) is matched, or None. Plain names are
    compared with the path's components first: a walk asks this of every file, and
    pathspec (its import, then each pattern's regular expression in turn) is left to
    the paths one of them names, and to other patterns."""
    names = _plain_names(patterns)
    if names is not None and names.isdisjoint(rel.split("/")):
        return None
    verdict = _spec(patterns).check_file(rel)
    if verdict.include and verdict.index is not None:
        return patterns[verdict.index]
    return None


@functools.lru_cache(maxsize=256)
def _any_glob(globs: tuple[str, ...]) -> re.Pattern[str]:
    """One expression matching what any of `globs` matches, as `fnmatch.fnmatch` does:
    nothing when there are none (`include = []`; an empty expression would match all)."""
    if not globs:
        return re.compile(r"(?!)")
    return re.compile("|".join(fnmatch.translate(os.path.normcase(g)) for g in globs))


def check_patterns(patterns: Sequence[str], where: str) -> tuple[str, ...]:
    """`patterns` as a tuple, if each is a valid gitignore pattern; else ConfigError
    naming `where` (the config key or option) and the pattern."""
    if not patterns:
        return ()
    if _plain_names(tuple(patterns)) is not None:  # valid, and pathspec is not imported
        return tuple(patterns)
    import pathspec

    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except ValueError as exc:  # pathspec's pattern errors are ValueErrors
            raise ConfigError(f"{where}: invalid pattern {pattern!r} ({exc})") from None
    return tuple(patterns)


class Discovery(NamedTuple):
    """File-discovery options given on the command line, applied on top of every config.
    `exclude` replaces each config's list and `extend_exclude` adds to it; both are relative
    to `root` (the working folder). None leaves the config's choice. (A named tuple: a
    plain record, and a fraction of a dataclass's cost at every start.)"""

    root: Path
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool | None = None
    force_exclude: bool | None = None


@dataclass(frozen=True)
class Settings:
    """One config's settings; paths and globs in it are relative to `root`, the folder
    that holds the config file."""

    root: Path
    origin: str | None = None  # the config file, or None for defaults
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True  # skip what .gitignore, .ignore and .git/info/exclude list
    force_exclude: bool = False  # apply `exclude` to paths named on the command line too
    # --exclude / --extend-exclude: (folder the patterns are relative to, patterns)
    cli_exclude: tuple[Path, tuple[str, ...]] | None = None
    cli_extend_exclude: tuple[Path, tuple[str, ...]] | None = None
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
        """`path` relative to `root`, with forward slashes; as given when outside it."""
        try:
            return _resolved(path).relative_to(_resolved(self.root)).as_posix()
        except ValueError:
            return path.as_posix()

    def exclusions(self) -> list[tuple[Path, tuple[str, ...]]]:
        """The exclude patterns in force, each group with the folder it is relative to:
        `exclude` (or `--exclude`), then `extend-exclude` and `--extend-exclude`."""
        groups = [self.cli_exclude or (self.root, self.exclude)]
        groups.append((self.root, self.extend_exclude))
        if self.cli_extend_exclude is not None:
            groups.append(self.cli_extend_exclude)
        return [(root, patterns) for root, patterns in groups if patterns]

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Whether `path` (a folder if `is_dir`) matches an exclude pattern. Patterns are
        gitignore patterns relative to their folder: `drafts` matches a file or folder of
        that name at any depth, `/drafts` and `desk/drafts` only there, `drafts/` only a
        folder, `!pattern` re-includes, and a path inside an excluded folder is excluded.
        A path outside a group's folder is matched by its name alone."""
        return self.excluded_by(path, is_dir) is not None

    def excluded_by(self, path: Path, is_dir: bool = False) -> str | None:
        """The exclude pattern that decides `path` is excluded, or None (see `excluded`)."""
        for root, patterns in self.exclusions():
            rel = _relative_to(path, root)
            if rel is None:
                rel = path.name
            pattern = _matched(patterns, rel + "/" if is_dir else rel)
            if pattern is not None:
                return pattern
        return None

    def excluded_in(self, folder: Path) -> Callable[[str], str | None]:
        """For a file in `folder` that is not a symbolic link, by its name: the exclude
        pattern that decides it is excluded, or None; as `excluded_by(folder / name)`, with
        the folder's path relative to each group's folder found once (a walk asks this of
        every file). A file that is a link is judged where it points: ask `excluded_by`."""
        # Per group, what goes before the file's name: "" when the folder is the group's,
        # None when it is outside it (the file is then matched by its name alone).
        groups: list[tuple[str | None, tuple[str, ...]]] = []
        for root, patterns in self.exclusions():
            rel = _relative_to(folder, root)
            groups.append((None if rel is None else "" if rel == "." else rel + "/", patterns))

        def excluded_by(name: str) -> str | None:
            for before, patterns in groups:
                pattern = _matched(patterns, name if before is None else before + name)
                if pattern is not None:
                    return pattern
            return None

        return excluded_by

    def included(self, path: Path) -> bool:
        """Whether the file's name or relative path matches an `include` glob."""
        # The name first, and no path resolved when it matches: asked of every file of a walk.
        return self.name_included(path.name) or self.relative_included(path)

    def name_included(self, name: str) -> bool:
        """Whether a file's name (not its path) matches an `include` glob."""
        return _any_glob(self.include).match(os.path.normcase(name)) is not None

    def relative_included(self, path: Path) -> bool:
        """Whether the file's path relative to the config's folder matches an `include`
        glob (its name alone is `name_included`)."""
        return _any_glob(self.include).match(os.path.normcase(self.relative(path))) is not None

    def ignored_for(self, path: Path | str) -> tuple[str, ...]:
        """The rule entries `per-file-ignores` turns off for `path`."""
        if not self.per_file_ignores:
            return ()  # and no path resolved: this is asked of every file
        path = Path(path)
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
        """These settings with the command line's selection on top; `config` keeps the
        config's own, so errors can be blamed on the right place."""
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


def _relative_to(path: Path, root: Path) -> str | None:
    """`path` relative to `root` with forward slashes, or None when it is outside."""
    absolute = os.path.abspath(path)
    base = os.path.abspath(root)
    if absolute != base and not absolute.startswith(base.rstrip(os.sep) + os.sep):
        absolute = str(_resolved(Path(absolute)))
        base = str(_resolved(Path(base)))
        if absolute != base and not absolute.startswith(base.rstrip(os.sep) + os.sep):
            return None
    return os.path.relpath(absolute, base).replace(os.sep, "/")


def _table(path: Path) -> dict[str, Any] | None:
    data = load_toml(path, ConfigError)
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("newslint")
    return data


def _nearest(key: str, valid: Sequence[str]) -> str:
    import difflib  # only a misspelt key pays for it

    near = difflib.get_close_matches(key, valid, n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def parse_settings(table: Mapping[str, Any], path: Path) -> Settings:
    """Settings from a config's `[tool.newslint]` (or top-level) `table`, read from `path`.
    Raises ConfigError for unknown keys and values of the wrong type."""
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
    for key in _BOOL_KEYS:
        if key in table and not isinstance(table[key], bool):
            raise ConfigError(f"{where} {key!r} must be true or false")
    id_field = table.get("json-id-field", DEFAULT_ID)
    if not isinstance(id_field, str) or not id_field:
        raise ConfigError(f"{where} 'json-id-field' must be a field name (a string)")
    for key in ("exclude", "extend-exclude"):
        check_patterns(lists.get(key, ()), f"{where} {key!r}")
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
        exclude=lists.get("exclude", DEFAULT_EXCLUDE),
        extend_exclude=lists.get("extend-exclude", ()),
        respect_gitignore=table.get("respect-gitignore", True),
        force_exclude=table.get("force-exclude", False),
        phrase_files=tuple(root / p for p in lists.get("phrase-files", ())),
        lexicon_files=tuple(root / p for p in lists.get("lexicon-files", ())),
        rule_options=rule_options,
        json_fields=lists.get("json-fields", DEFAULT_FIELDS),
        json_id_field=id_field,
    )


def load(path: Path) -> Settings:
    """The settings of one config file (--config). Raises ConfigError."""
    table = _table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.newslint] table")
    return parse_settings(table, path)


class Finder:
    """Finds and caches the nearest config for each folder. With `search` off (--config,
    --isolated) every path gets the fallback. `discovery` (the command line's exclude and
    gitignore options) is applied on top of whichever config is found."""

    def __init__(
        self, fallback: Settings, search: bool = True, discovery: Discovery | None = None
    ) -> None:
        self.fallback = fallback
        self.search = search
        self.discovery = discovery
        self._cache: dict[Path, Settings] = {}
        self._applied: dict[int, Settings] = {}  # by id of a config's settings, kept in _cache
        # for_file's answers for regular files, by (working folder, folder as written)
        self._by_folder: dict[tuple[str, str], Settings] = {}

    def for_path(self, path: Path) -> Settings:
        """The settings of the nearest config in or above `path`'s folder (a folder is its
        own); the fallback when there is none. Raises ConfigError for a broken config."""
        if not self.search:
            return self._apply(self.fallback)
        folder = _resolved(path) if path.is_dir() else _resolved(path).parent
        return self._apply(self._for_folder(folder))

    def for_file(self, path: str) -> Settings:
        """`for_path(Path(path))`, asked of every file of a run: a regular file that is not
        a symbolic link has its folder's settings, so those are found once per folder as
        written (one lstat a file, where `for_path` builds and resolves paths). Anything
        else (a link, a folder, a path that is not there) goes to `for_path`."""
        if not self.search:
            return self._apply(self.fallback)
        try:
            regular = stat.S_ISREG(os.lstat(path).st_mode)
        except (OSError, ValueError):
            regular = False
        if not regular:
            return self.for_path(Path(path))
        # A relative folder is the working folder's: keyed by both, so a change of working
        # folder (tests, library use) never returns another folder's answer.
        key = ("" if os.path.isabs(path) else os.getcwd(), os.path.dirname(path))
        found = self._by_folder.get(key)
        if found is None:
            found = self._by_folder[key] = self.for_path(Path(path))
        return found

    def _apply(self, settings: Settings) -> Settings:
        """`settings` with the command line's discovery options on top: one object per
        config, so callers may key caches by its id."""
        d = self.discovery
        if d is None:
            return settings
        if id(settings) not in self._applied:
            self._applied[id(settings)] = replace(
                settings,
                cli_exclude=(d.root, d.exclude) if d.exclude is not None else None,
                cli_extend_exclude=(d.root, d.extend_exclude) if d.extend_exclude else None,
                respect_gitignore=settings.respect_gitignore
                if d.respect_gitignore is None
                else d.respect_gitignore,
                force_exclude=settings.force_exclude
                if d.force_exclude is None
                else d.force_exclude,
            )
        return self._applied[id(settings)]

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


def describe(settings: Settings, path: str, skipped: str | None = None) -> list[str]:
    """`--show-settings`: the settings that apply to `path`, as TOML-like lines (one
    `key = value` each), after the command line's options, with where they come from, and
    `skipped`, why a folder walk would skip the path (see `files.why_skipped`)."""
    import json  # only --show-settings writes JSON strings: a run never loads it

    def show(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, tuple | list):
            return "[" + ", ".join(show(v) for v in value) + "]"
        if isinstance(value, Path):
            return json.dumps(str(value), ensure_ascii=False)
        return json.dumps(value, ensure_ascii=False)

    config = settings.config or settings
    lines = [
        f"# Settings for {path}",
        f"# config file: {config.origin or 'none (defaults)'}",
        f"# patterns are relative to: {settings.root}",
        f"select = {show(settings.select) if settings.select is not None else '(default rules)'}",
        f"extend-select = {show(settings.extend_select)}",
        f"ignore = {show(settings.ignore)}",
        f"per-file-ignores = {show([f'{g} = {show(c)}' for g, c in settings.per_file_ignores])}",
        f"include = {show(settings.include)}",
        f"exclude = {show(settings.exclude)}",
        f"extend-exclude = {show(settings.extend_exclude)}",
    ]
    if settings.cli_exclude is not None:
        root, patterns = settings.cli_exclude
        lines.append(f"--exclude = {show(patterns)}  # replaces exclude; relative to {root}")
    if settings.cli_extend_exclude is not None:
        root, patterns = settings.cli_extend_exclude
        lines.append(f"--extend-exclude = {show(patterns)}  # relative to {root}")
    lines += [
        f"respect-gitignore = {show(settings.respect_gitignore)}",
        f"force-exclude = {show(settings.force_exclude)}",
        f"phrase-files = {show(settings.phrase_files)}",
        f"lexicon-files = {show(settings.lexicon_files)}",
        f"json-fields = {show(settings.json_fields)}",
        f"json-id-field = {show(settings.json_id_field)}",
    ]
    for name, options in settings.rule_options.items():
        lines.append(f"[rules.{name}] " + ", ".join(f"{k} = {show(v)}" for k, v in options.items()))
    if skipped is not None:
        lines.append(f"# skipped in a folder walk: {skipped}")
    return lines


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
