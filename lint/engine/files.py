"""Finding the files to lint."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from newslint.engine.config import Finder, Settings
from newslint.engine.ignore import IgnoreFiles, is_environment


def discover(paths: Sequence[str], finder: Finder) -> Iterator[str]:
    """Files to lint (paths as strings), in a stable order.

    In a folder: files matching `include`, skipping what `exclude` / `extend-exclude` match,
    what ignore files list (unless `respect-gitignore` is off) and Python environments.
    A file named explicitly is linted whatever its extension (as plain text unless it is
    Markdown), excluded only with `force-exclude` (as ruff does); a missing path is yielded
    too, so that reading it reports the problem."""
    seen: set[str] = set()
    ignore_files = IgnoreFiles()
    # A folder that cannot be listed is yielded too, so that reading it names the problem.
    unlisted: list[str] = []
    for given in paths:
        path = Path(given)
        if not _is_dir(path):
            if given not in seen and not (_exists(path) and forced_out(path, finder)):
                seen.add(given)
                yield given
            continue
        for folder, dirs, files in os.walk(path, onerror=lambda e: unlisted.append(e.filename)):
            yield from _once(unlisted, seen)
            here = Path(folder)
            dirs[:] = sorted(
                d
                for d in dirs
                if _reason(here / d, finder.for_path(here / d), ignore_files, True) is None
            )
            # A file's settings are its folder's, found once per folder, unless it is a
            # symbolic link: then the folder of what it points to decides.
            settings_here = finder.for_path(here)
            for name in sorted(files):
                file = here / name
                linked = os.path.islink(os.path.join(folder, name))
                settings = finder.for_path(file) if linked else settings_here
                if settings.included(file) and _reason(file, settings, ignore_files, False) is None:
                    key = str(file)
                    if key not in seen:
                        seen.add(key)
                        yield key
        yield from _once(unlisted, seen)


def forced_out(path: Path, finder: Finder) -> bool:
    """Whether a file named explicitly (or standard input's `--stdin-filename`) is
    excluded: only under `force-exclude`."""
    settings = finder.for_path(path)
    return settings.force_exclude and settings.excluded(path)


def _reason(place: Path, settings: Settings, ignore_files: IgnoreFiles, is_dir: bool) -> str | None:
    """Why a walk skips `place` (a folder if `is_dir`), as one line: an exclude pattern
    matches it, an ignore file lists it, or it is a Python environment; None otherwise."""
    pattern = settings.excluded_by(place, is_dir)
    if pattern is not None:
        return f"{place} matches the exclude pattern {pattern!r}"
    if settings.respect_gitignore:
        line = ignore_files.ignored_by(place, is_dir)
        if line is not None:
            return f"{place} is ignored by {line}"
    if is_dir and is_environment(place):
        return f"{place} is a Python environment (it holds pyvenv.cfg or conda-meta/)"
    return None


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


def why_skipped(path: Path, finder: Finder) -> str | None:
    """Why walking the working folder would skip `path` (a file or folder): the first of it
    and the folders above it (below the working folder) that an exclude pattern matches,
    an ignore file lists, or that is a Python environment, as one line; None otherwise
    (`include` aside)."""
    ignore_files = IgnoreFiles()
    absolute = Path(os.path.abspath(path))
    here = Path(os.path.abspath(os.curdir))
    chain = [absolute, *absolute.parents]
    if here in chain:
        chain = chain[: chain.index(here)]
    else:
        chain = chain[:1]
    for place in reversed(chain):
        reason = _reason(place, finder.for_path(place), ignore_files, place.is_dir())
        if reason is not None:
            return reason
    return None
