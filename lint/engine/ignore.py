"""Ignore files: `.gitignore`, `.git/info/exclude` and `.ignore`, as git and ruff read them.

    IgnoreFiles().ignored(path, is_dir) -> bool

A `.gitignore` (and the repository's `.git/info/exclude`) counts only inside a git
repository, the folder holding `.git` and everything below it, as git itself does; a
`.ignore` file counts anywhere (ripgrep's and ruff's convention for "ignore this, but not in
git"). Patterns are gitignore patterns, read by `pathspec`, relative to the folder holding
the file. A deeper file overrides a shallower one, `.ignore` overrides `.gitignore` in the
same folder, and within a file the last matching pattern wins, so `!keep.md` re-includes.
The user's global git excludes file (`core.excludesFile`) is not read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec


IGNORE_FILES = (".ignore", ".gitignore")  # in order of precedence within one folder


def _read_spec(file: str) -> pathspec.GitIgnoreSpec | None:
    """The patterns of one ignore file; None when it is absent, unreadable or empty."""
    try:
        with open(file, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    import pathspec  # only for an ignore file: a run without one never pays for it

    try:
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:  # as git does, skip the lines that are not patterns (a lone `!`)
        spec = pathspec.GitIgnoreSpec.from_lines([line for line in lines if _valid(line)])
    return spec if any(p.include is not None for p in spec.patterns) else None


def _valid(line: str) -> bool:
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def _deciding_line(checks: Iterable[tuple[str, str, pathspec.GitIgnoreSpec]]) -> str | None:
    """`IGNORE-FILE: PATTERN` for a path the first ignore file that decides it ignores, None
    when that one takes it back (`!`) or none decides. `checks`: for each ignore file above
    the path, deepest first, the path relative to that file's folder (a folder's ending in
    `/`), the file and its patterns."""
    for relative, file, spec in checks:
        verdict = spec.check_file(relative)
        if verdict.include is not None and verdict.index is not None:
            pattern = spec.patterns[verdict.index].pattern
            return f"{file}: {pattern}" if verdict.include else None
    return None


class IgnoreFiles:
    """Reads and caches the ignore files of every folder it is asked about. One per run:
    a file edited during the run is not read again."""

    def __init__(self) -> None:
        # folder -> [(folder, ignore file, spec)] from that folder up, deepest first
        self._chains: dict[str, list[tuple[str, str, pathspec.GitIgnoreSpec]]] = {}
        self._repos: dict[str, str | None] = {}

    def ignored(self, path: str | os.PathLike[str], is_dir: bool = False) -> bool:
        """Whether the ignore files above `path` ignore it (`is_dir`: it is a folder, so
        patterns ending in `/` apply). Only the path's own name is judged: a caller
        walking a tree never enters an ignored folder."""
        return self.ignored_by(path, is_dir) is not None

    def ignored_by(self, path: str | os.PathLike[str], is_dir: bool = False) -> str | None:
        """`IGNORE-FILE: PATTERN`, the line that ignores `path` (see `ignored`), or None."""
        absolute = os.path.abspath(path)
        parent, name = os.path.split(absolute)
        if not name:
            return None
        end = "/" if is_dir else ""
        return _deciding_line(
            (os.path.relpath(absolute, base).replace(os.sep, "/") + end, file, spec)
            for base, file, spec in self._chain(parent)
        )

    def ignored_in(self, folder: str | os.PathLike[str]) -> Callable[[str], str | None]:
        """For a file in `folder`, by its name: `ignored_by(folder / name)` (never a folder,
        so no `/` pattern applies), with the ignore files above the folder, and its path
        relative to each, found once: a walk asks this of every file."""
        absolute = os.path.abspath(folder)
        # (what goes before the name, ignore file, spec) for each ignore file above
        chain = []
        for base, file, spec in self._chain(absolute):
            before = os.path.relpath(absolute, base).replace(os.sep, "/") + "/"
            chain.append(("" if base == absolute else before, file, spec))

        def ignored_by(name: str) -> str | None:
            return _deciding_line((before + name, file, spec) for before, file, spec in chain)

        return ignored_by

    def _repository(self, folder: str) -> str | None:
        """The folder holding `.git` at or above `folder`, or None."""
        if folder not in self._repos:
            parent = os.path.dirname(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                self._repos[folder] = folder
            elif parent == folder:
                self._repos[folder] = None
            else:
                self._repos[folder] = self._repository(parent)
        return self._repos[folder]

    def _chain(self, folder: str) -> list[tuple[str, str, pathspec.GitIgnoreSpec]]:
        """The (folder, ignore file, spec) triples that judge a name in `folder`, deepest
        first."""
        if folder in self._chains:
            return self._chains[folder]
        repository = self._repository(folder)
        own: list[tuple[str, str, pathspec.GitIgnoreSpec]] = []
        for name in IGNORE_FILES:
            if name == ".gitignore" and repository is None:
                continue
            file = os.path.join(folder, name)
            spec = _read_spec(file)
            if spec is not None:
                own.append((folder, file, spec))
        parent = os.path.dirname(folder)
        if folder == repository:
            # The top of the repository: its info/exclude ranks below every .gitignore,
            # and nothing above the repository applies to it.
            file = os.path.join(folder, ".git", "info", "exclude")
            exclude = _read_spec(file)
            chain = own + ([(folder, file, exclude)] if exclude is not None else [])
        elif parent == folder:
            chain = own
        else:
            chain = own + self._chain(parent)
        self._chains[folder] = chain
        return chain


def is_environment(folder: Path) -> bool:
    """Whether `folder` is a Python environment: a virtualenv (it holds `pyvenv.cfg`) or a
    conda environment (it holds `conda-meta/`), whatever its name. A folder that cannot be
    searched is not one: walking it reports each file that cannot be read."""
    try:
        return (folder / "pyvenv.cfg").is_file() or (folder / "conda-meta").is_dir()
    except OSError:
        return False
