"""Linting many files: the result cache first, then worker processes for what is left.

Results come back in input order whatever the number of workers, so the output is the
same for every `--jobs`. Workers are forked, so they inherit the loaded rules and
settings instead of receiving them pickled; where fork is not available the files are
linted in this process. Only picklable results cross back: findings, errors, corpus
rules' summaries and slim documents (no sentences or quotes) for reporting.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from newslint.document import Document
from newslint.engine.config import options_for
from newslint.formats.source import SourceError, read_bytes
from newslint.store.cache import Entry, ResultCache

if TYPE_CHECKING:
    from newslint.engine.run import FileResult, Linter

# Below this many files per worker, starting a process costs more than it saves.
_MIN_FILES_PER_JOB = 8

_linter: Linter | None = None
_encoding = "utf-8"


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def slim(document: Document) -> Document:
    """What reporting and suppression still need once the rules have run: text and view
    (lines, columns, the HTML report's copy), blocks, directives, article and field."""
    return replace(document, sentences=(), quotes=(), _quote_starts=[], _memo={})


def _work(item: tuple[str, bytes | None]) -> FileResult:
    assert _linter is not None
    result = _linter.lint_file(item[0], _encoding, item[1])
    result.documents = [slim(d) for d in result.documents]
    return result


def _read(path: str, preloaded: Mapping[str, bytes]) -> bytes | None:
    if path in preloaded:
        return preloaded[path]
    try:
        return read_bytes(path)
    except SourceError:
        return None  # linting it reports the problem


def lint_all(
    linter: Linter,
    paths: Sequence[str],
    encoding: str,
    preloaded: Mapping[str, bytes],
    jobs: int,
    cache: ResultCache | None,
) -> list[FileResult]:
    """Lint every path, in input order, from the cache where the key matches."""
    from newslint.engine.run import FileResult

    results: list[FileResult | None] = [None] * len(paths)
    pending: list[tuple[int, str, bytes | None, str | None]] = []  # index, path, raw, key
    for i, path in enumerate(paths):
        raw = _read(path, preloaded)
        key = None
        # Settings and rules are resolved here even for files the workers lint, so a config
        # error stops the run in this process and the corpus rules are known.
        settings = linter.settings_for(path)
        rules = linter.rules_for(settings, path)
        if cache is not None and raw is not None:
            key = cache.key(
                path,
                raw,
                encoding,
                ((r, options_for(settings, r)) for r in rules),
                context=(settings.json_fields, settings.json_id_field),
                files=settings.lexicon_files,
            )
            entry = cache.get(path, key)
            if entry is not None:
                results[i] = _from_entry(FileResult, path, entry)
                continue
        pending.append((i, path, raw, key))

    workers = min(jobs, len(pending) // _MIN_FILES_PER_JOB)
    items = [(path, raw) for _, path, raw, _ in pending]
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        global _linter, _encoding
        _linter, _encoding = linter, encoding
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            done = pool.map(_work, items, chunksize=max(1, len(items) // (workers * 4)))
    else:
        done = [linter.lint_file(path, encoding, raw) for path, raw in items]

    for (i, path, _, key), result in zip(pending, done, strict=True):
        results[i] = result
        if cache is not None and key is not None and not result.errors and result.documents:
            cache.put(path, key, _to_entry(result))
    if cache is not None:
        cache.save()
    return [r for r in results if r is not None]


def _to_entry(result: FileResult) -> Entry:
    return Entry(
        documents=tuple(slim(d) for d in result.documents),
        diagnostics=tuple(result.diagnostics),
        collected=tuple(result.collected),
    )


def _from_entry(factory: type[FileResult], path: str, entry: Entry) -> FileResult:
    return factory(
        path, list(entry.documents), list(entry.diagnostics), [], 0, list(entry.collected)
    )
