"""Finding the files to lint."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
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
        mode = _mode(path)
        if mode is None or not stat.S_ISDIR(mode):
            if given not in seen and not (mode is not None and forced_out(given, finder)):
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
            kept = _kept_in(here, finder.for_path(here), ignore_files)
            for name in sorted(files):
                if os.path.islink(os.path.join(folder, name)):
                    file = here / name
                    settings = finder.for_path(file)
                    if not settings.included(file):
                        continue
                    if _reason(file, settings, ignore_files, False) is not None:
                        continue
                elif not kept(name):
                    continue
                key = _joined(here, name)
                if key not in seen:
                    seen.add(key)
                    yield key
        yield from _once(unlisted, seen)


def _kept_in(folder: Path, settings: Settings, ignore_files: IgnoreFiles) -> Callable[[str], bool]:
    """Whether a walk lints a file of `folder` that is not a symbolic link, by its name:
    `settings.included(file) and _reason(file, ...) is None`, with what depends only on
    the folder (its paths relative to the pattern groups and ignore files) found once."""
    excluded_by = settings.excluded_in(folder)
    ignored_by = ignore_files.ignored_in(folder) if settings.respect_gitignore else None

    def kept(name: str) -> bool:
        if not (settings.name_included(name) or settings.relative_included(folder / name)):
            return False
        if excluded_by(name) is not None:
            return False
        return ignored_by is None or ignored_by(name) is None

    return kept


def _joined(folder: Path, name: str) -> str:
    """`str(folder / name)`, without making the path: a walk yields every file's."""
    base = str(folder)
    return name if base == "." else os.path.join(base, name)


def forced_out(path: str, finder: Finder) -> bool:
    """Whether a file named explicitly (or standard input's `--stdin-filename`) is
    excluded: only under `force-exclude`."""
    settings = finder.for_file(path)
    return settings.force_exclude and settings.excluded(Path(path))


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


def _mode(path: Path) -> int | None:
    """The file type and mode of what `path` names (links followed), or None when there is
    nothing there, or a folder on the way cannot be searched: reading the path says so."""
    try:
        return path.stat().st_mode
    except (OSError, ValueError):
        return None


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
