"""Finding the files to lint."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from newslint.engine.config import Finder

# Folders no one means to lint: version control, dependencies, caches, build output.
JUNK = frozenset(
    {
        ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", "node_modules",
        "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".newslint_cache",
        "build", "dist", "site-packages", ".eggs", ".idea", ".vscode",
    }
)  # fmt: skip


def discover(paths: Sequence[str], finder: Finder) -> Iterator[str]:
    """Files to lint, in a stable order. A file named explicitly is linted whatever its
    extension (as plain text unless it is Markdown), unless the config excludes it;
    a missing path is yielded too, so that reading it reports the problem."""
    seen: set[str] = set()
    # A folder that cannot be listed is yielded too, so that reading it names the problem.
    unlisted: list[str] = []
    for given in paths:
        path = Path(given)
        if not _is_dir(path):
            if given not in seen and not (_exists(path) and finder.for_path(path).excluded(path)):
                seen.add(given)
                yield given
            continue
        for folder, dirs, files in os.walk(path, onerror=lambda e: unlisted.append(e.filename)):
            yield from _once(unlisted, seen)
            here = Path(folder)
            dirs[:] = sorted(
                d
                for d in dirs
                if d not in JUNK and not finder.for_path(here / d).excluded(here / d)
            )
            for name in sorted(files):
                file = here / name
                settings = finder.for_path(file)
                if settings.included(file) and not settings.excluded(file):
                    key = str(file)
                    if key not in seen:
                        seen.add(key)
                        yield key
        yield from _once(unlisted, seen)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a folder on the way cannot be searched: reading the path says so
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _once(paths: list[str], seen: set[str]) -> Iterator[str]:
    """Yield the paths not seen before, and empty the list."""
    for path in paths:
        if path not in seen:
            seen.add(path)
            yield path
    paths.clear()
