"""Running rules over files: settings per file, reading, checking, corpus rules, caching.

    Linter(rules, finder, overrides).run(paths, ..., listener=None) -> Run

One `Linter` serves a whole run: it resolves the nearest config of each file, the rules
that config enables, reads the file through `newslint.formats.read`, checks each document
with `newslint.engine.check.check`, and then gives corpus rules every document's summary.
Where the per-file work and the corpus rules' finish run is a `Backend`: this machine's
forked processes by default (`LocalBackend`), a Dask cluster with `newslint.distributed`;
the engine hands both the same work, so the result does not depend on it.
A `Listener` hears of each file as it is done, so a caller can show progress and print a
file's findings before the run ends; the engine itself prints nothing.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, Protocol, TypeVar

from newslint.document import Document
from newslint.engine import select
from newslint.engine.archive import ArchiveIndex, IndexFailed
from newslint.engine.check import check, crash
from newslint.engine.config import (
    ConfigError,
    Finder,
    Settings,
    options_for,
    validate_against_rules,
)
from newslint.engine.directives import RuleId, rule_ids, unsilenced
from newslint.engine.fix import fix_document
from newslint.engine.parallel import iter_in_order, map_in_order
from newslint.engine.phrases import house_rules
from newslint.engine.registry import unique
from newslint.engine.results import FileResult, Fixed, ResultStore, slim
from newslint.engine.rule import CorpusRule, Options, Rule, Spread
from newslint.engine.tomlfile import read_config_file
from newslint.formats import ReadOptions, SourceError, read
from newslint.formats.source import printable_name, read_bytes
from newslint.model import Diagnostic, FileError


class Run:
    """A whole run's outcome: findings sorted by `Diagnostic.sort_key`, per-file errors,
    every document by `Document.key` (slim), the fixed texts, and the fixes applied.
    `corpus` holds the corpus rules' findings (also in `diagnostics`), sorted alike: the
    only findings no `Listener.ready` call carried. (A plain class: the methods a
    dataclass would compile at every start serve nothing here.)"""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.corpus: list[Diagnostic] = []
        self.errors: list[FileError] = []
        self.documents: dict[str, Document] = {}
        self.fixed: list[Fixed] = []
        self.fixes_applied = 0


T = TypeVar("T")
R = TypeVar("R")


class Finisher(Protocol):
    """What finishes a run's corpus rules."""

    def finish(self, rule: CorpusRule, collected: list[Any]) -> Iterable[Diagnostic]:
        """`rule`'s findings from every summary of the run, in input order."""
        ...


class Backend(Finisher, Protocol):
    """Where a run's work is done: worker processes of this machine (`LocalBackend`, the
    default) or a cluster (`newslint.distributed`). The engine hands it the same per-file
    work and the same corpus rules either way, so the findings cannot differ."""

    def map(
        self, work: Callable[[T], R], items: Sequence[T], on_death: Callable[[T, str], R]
    ) -> Iterable[R]:
        """`[work(item) for item in items]` in input order; an item whose worker died (and
        could not be redone) gets `on_death(item, how)` as its result. It may be an
        iterator giving each result as soon as it and those before it are done; if it has
        `close`, the engine calls it when the run stops early, to cancel what is not begun."""
        ...


class LocalBackend(NamedTuple):
    """Forked worker processes of this machine (`iter_in_order`), up to `jobs` of them.
    (A named tuple rather than a frozen dataclass: as plain, and cheaper to make.)"""

    jobs: int = 1
    # Workers for a corpus rule's comparisons (`spread`) when not `jobs`: the default
    # --jobs counts files, yet a few large files (one JSONL export) can hold many
    # paragraphs to compare; `map_in_order` starts workers only for enough of them.
    spread_jobs: int | None = None

    def map(
        self, work: Callable[[T], R], items: Sequence[T], on_death: Callable[[T, str], R]
    ) -> Iterator[R]:
        # Small first chunks: the first findings can be shown after one file's work.
        return iter_in_order(work, items, self.jobs, on_death, ramp=True)

    def finish(self, rule: CorpusRule, collected: list[Any]) -> Iterable[Diagnostic]:
        return finish_with(rule, collected, self.spread)

    def spread(self, work: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """`Spread` over this machine's worker processes."""
        return map_in_order(work, items, self.spread_jobs or self.jobs)


class Overrides(NamedTuple):
    """Selection given on the command line, applied on top of every config. (A named
    tuple rather than a frozen dataclass: as plain a record, and a fraction of the cost of
    making the class at every start.)"""

    select: Sequence[str] | None = None
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()


class Listener:
    """What a caller hears while `Linter.run` goes on, in the run's own thread. Each method
    does nothing here: override those you need. An exception raised by one ends the run
    (workers not yet begun are cancelled) and propagates from `Linter.run`."""

    def started(self, total: int) -> None:
        """The run is about to lint `total` files."""

    def linted(self, path: str) -> None:
        """One more file's result is in (input order; a cached file's at once). `path` is
        the file's name as shown (`printable_name`)."""

    def ready(self, result: FileResult) -> None:
        """A file's result, in report order: files sorted by shown name, each given once
        it and every file before it in that order are done, its `diagnostics` sorted by
        `Diagnostic.sort_key`. So the findings of the `ready` calls, one after another,
        are `Run.diagnostics` less `Run.corpus`, in the same order. (Files sharing a shown
        name come as one result.)"""


class _ReportOrder:
    """Hands results that arrive in input order to `listener.ready` in report order."""

    def __init__(self, shown: Sequence[str], listener: Listener) -> None:
        self.listener = listener
        names = sorted(set(shown))
        rank = {name: i for i, name in enumerate(names)}
        self.group = [rank[name] for name in shown]  # input index -> its name's rank
        self.waiting = [0] * len(names)
        for g in self.group:
            self.waiting[g] += 1
        self.arrived: list[list[FileResult]] = [[] for _ in names]
        self.next = 0  # the rank of the first name not yet given

    def add(self, index: int, result: FileResult) -> None:
        g = self.group[index]
        self.arrived[g].append(result)
        self.waiting[g] -= 1
        while self.next < len(self.waiting) and self.waiting[self.next] == 0:
            self.listener.ready(_sorted(self.arrived[self.next]))
            self.arrived[self.next] = []
            self.next += 1


def _sorted(results: list[FileResult]) -> FileResult:
    """One result for files of one shown name (almost always one file), its findings
    sorted as `Run.diagnostics` sorts them (stable, so ties keep their input order)."""
    merged = FileResult(results[0].path)
    for item in results:
        merged.documents.extend(item.documents)
        merged.diagnostics.extend(item.diagnostics)
        merged.errors.extend(item.errors)
        merged.fixes_applied += item.fixes_applied
        merged.fixed.extend(item.fixed)
        merged.collected.extend(item.collected)
    merged.diagnostics.sort(key=lambda d: d.sort_key)
    return merged


def lexicon_problems(settings: Settings) -> list[str]:
    """Why a config's `lexicon-files` cannot be read: each must be a regular file within
    `tomlfile.MAX_BYTES`. Checked before anything reads them (the rules, the result
    cache's key), so `/dev/zero` or a named pipe is a config error, not a hang."""
    problems = []
    for path in settings.lexicon_files:
        try:
            read_config_file(path, ConfigError)
        except ConfigError as exc:
            problems.append(f"{settings.origin or 'command line'}: 'lexicon-files': {exc}")
    return problems


def read_options(settings: Settings, encoding: str) -> ReadOptions:
    """The settings that shape a file's documents."""
    return ReadOptions(encoding, settings.json_fields, settings.json_id_field)


class Linter:
    """Lints files with `rules` (every rule installed), each under the settings that
    `finder` resolves for it with `overrides` applied on top."""

    def __init__(self, rules: Sequence[Rule], finder: Finder, overrides: Overrides) -> None:
        self.rules = list(rules)
        self.finder = finder
        self.overrides = overrides
        self._active: dict[int, list[Rule]] = {}
        # Every rule a suppression comment may name under a config, selected or not.
        self._known: dict[int, list[RuleId]] = {}
        # One merged Settings per config, kept alive: `_active` is keyed by its id, and a
        # new object per file would both miss that cache and let a dead one's id be reused.
        self._merged: dict[int, Settings] = {}
        # Each rule's options under a config, by id of the merged Settings, then of the rule.
        self._options: dict[int, dict[int, Options]] = {}

    def settings_for(self, path: str) -> Settings:
        """The settings of the nearest config above `path`, with the overrides applied.
        Raises ConfigError."""
        base = self.finder.for_file(path)
        if id(base) not in self._merged:
            o = self.overrides
            self._merged[id(base)] = base.with_cli(o.select, o.extend_select, o.ignore)
        return self._merged[id(base)]

    def rules_for(self, settings: Settings, path: str) -> list[Rule]:
        """The rules enabled for `path` under `settings`, per-file ignores applied.
        Raises ConfigError when the config names rules or options that do not exist."""
        key = id(settings)
        if key not in self._active:
            rules, clashes = unique(self.rules + house_rules(settings))
            problems = clashes + validate_against_rules(settings, rules)
            problems += lexicon_problems(settings)
            if problems:
                raise ConfigError("\n".join(problems))
            self._active[key] = select.enabled(
                rules, settings.select, settings.extend_select, settings.ignore
            )
            self._known[key] = rule_ids(rules)
        ignored = settings.ignored_for(path)
        active = self._active[key]
        if ignored:
            active = [r for r in active if select.match_strength(ignored, r) < 0]
        return active

    def known(self, path: str) -> list[RuleId]:
        """(code, name) of every rule, selected or not, that a suppression comment in
        `path` may name. Raises ConfigError."""
        settings = self.settings_for(path)
        self.rules_for(settings, path)
        return self._known[id(settings)]

    def configured(self, path: str) -> list[tuple[Rule, Options]]:
        """The enabled rules of `path`, each with its options. Raises ConfigError."""
        return self._configured(self.settings_for(path), path)

    def _configured(self, settings: Settings, path: str) -> list[tuple[Rule, Options]]:
        options = self._options.setdefault(id(settings), {})
        configured = []
        for rule in self.rules_for(settings, path):
            merged = options.get(id(rule))
            if merged is None:  # once per config and rule, not for every file again
                merged = options[id(rule)] = options_for(settings, rule)
            # A copy for each file, as options_for made: a rule that changes its options
            # changes them for this file only.
            configured.append((rule, dict(merged)))
        return configured

    def lint_file(
        self,
        path: str,
        encoding: str = "utf-8",
        raw: bytes | None = None,
        fix: bool = False,
        name: str | None = None,
    ) -> FileResult:
        """Read, parse and check one file (`raw` holds its bytes if they were read already:
        standard input). With `fix`, safe fixes are applied first and the findings are
        those of the fixed text; `fixed` is set when the text changed. Corpus rules only
        collect their summaries. `name` is what findings call the file (default: `path`;
        a worker in another folder reads it by an absolute `path`). Problems with the file
        are in `errors`; raises only ConfigError."""
        label = path if name is None else name
        # Documents, findings and errors name the file printably (a name that is not UTF-8
        # would crash every report); the file itself is read, and fixed, by `path`.
        shown = printable_name(label)
        result = FileResult(shown)
        settings = self.settings_for(path)
        try:
            reading = read(
                shown, read_bytes(path) if raw is None else raw, read_options(settings, encoding)
            )
        except SourceError as exc:
            result.errors.append(FileError(shown, str(exc)))
            return result
        result.errors.extend(reading.problems)  # the readable articles are still linted
        # The settings found above: finding them again would stat and resolve the file.
        configured = self._configured(settings, path)
        known = self._known[id(settings)]  # filled by rules_for, as in `known`
        for document in reading.documents:
            if fix:
                before = document
                document, applied = fix_document(document, lambda d: check(d, configured, known)[0])
                if applied:
                    result.fixes_applied += applied
                    result.fixed.append(Fixed(path, before.text, document.text, document.bom))
            result.documents.append(document)
            found, failures = check(document, configured, known)
            result.diagnostics.extend(found)
            result.errors.extend(failures)
            for rule, options in configured:
                if isinstance(rule, CorpusRule):
                    try:
                        result.collected.append((rule.code, rule.collect(document, options)))
                    except KeyboardInterrupt:
                        raise
                    except BaseException as exc:  # noqa: B036 - as in check: that rule's crash
                        result.errors.append(crash(label, rule, exc))
            document.forget()  # its analyses served this check; reporting needs none
        return result

    def run(
        self,
        paths: Iterable[str],
        encoding: str = "utf-8",
        preloaded: Mapping[str, bytes] | None = None,
        fix: bool = False,
        jobs: int = 1,
        cache: ResultStore | None = None,
        archive: ArchiveIndex | None = None,
        backend: Backend | None = None,
        listener: Listener | None = None,
    ) -> Run:
        """Lint every path. `preloaded` holds bytes already read (standard input) by path.
        With `fix`, safe fixes are applied in memory (`Run.fixed`; writing them is the
        caller's choice). With `jobs` > 1 files are linted in worker processes (or by
        `backend`, when given, instead), and with a `cache` unchanged files are not linted
        again; none of these changes the result. With an `archive` (see
        `CorpusRule.against`), corpus rules also compare the run with it. `listener`
        hears of each file as it is done (see `Listener`). Raises ConfigError."""
        paths = list(paths)
        backend = backend or LocalBackend(jobs)
        listener = listener or Listener()
        order = _ReportOrder([printable_name(p) for p in paths], listener)
        listener.started(len(paths))

        def heard(index: int, item: FileResult) -> None:
            listener.linted(item.path)
            order.add(index, item)

        results: Iterator[FileResult]
        if fix:  # fixes change texts: one process, nothing cached
            results = (self.lint_file(p, encoding, (preloaded or {}).get(p), True) for p in paths)
        else:
            results = self._lint_all(paths, encoding, preloaded or {}, backend, cache)
        try:
            return self.assemble(results, backend, archive, heard)
        finally:
            # An exception in `heard` (a closed pipe, ^C while writing) leaves the results
            # suspended: closed now, the workers stop now, not whenever the garbage
            # collector gets to them (at exit, after waiting on the pool's thread).
            close = getattr(results, "close", None)
            if close is not None:
                close()

    def assemble(
        self,
        results: Iterable[FileResult],
        backend: Finisher,
        archive: ArchiveIndex | None = None,
        heard: Callable[[int, FileResult], None] | None = None,
    ) -> Run:
        """The run made of every file's result, in input order: the corpus rules finished
        by `backend`, every finding's suppressions applied, findings sorted. `heard` is
        told of each result, with its index in input order, as it is taken."""
        result = Run()
        corpus: dict[str, list[object]] = {}
        for i, item in enumerate(results):
            if heard is not None:
                heard(i, item)
            result.diagnostics.extend(item.diagnostics)
            result.errors.extend(item.errors)
            result.fixes_applied += item.fixes_applied
            result.fixed.extend(item.fixed)
            for document in item.documents:
                result.documents[document.key] = document
            for code, summary in item.collected:
                corpus.setdefault(code, []).append(summary)
        by_code = {r.code: r for r in self.rules_seen() if isinstance(r, CorpusRule)}
        known = list(dict.fromkeys(k for ids in self._known.values() for k in ids))
        for code, collected in corpus.items():
            rule = by_code[code]
            try:
                findings = list(backend.finish(rule, collected))
                if archive is not None:
                    findings.extend(rule.against(collected, archive))
            except KeyboardInterrupt:
                raise
            except IndexFailed as exc:  # the index, not the rule: a server lost, say
                result.errors.append(FileError("(archive index)", str(exc)))
                continue
            except BaseException as exc:  # noqa: B036 - a corpus rule's crash, named
                result.errors.append(crash("(corpus rules)", rule, exc))
                continue
            result.corpus.extend(_attached(findings, result.documents, known))
        result.corpus.sort(key=lambda d: d.sort_key)
        result.diagnostics.extend(result.corpus)
        result.diagnostics.sort(key=lambda d: d.sort_key)
        return result

    def _lint_all(
        self,
        paths: Sequence[str],
        encoding: str,
        preloaded: Mapping[str, bytes],
        backend: Backend,
        cache: ResultStore | None,
    ) -> Iterator[FileResult]:
        """Every path's result, in input order, each as soon as it is done, from the cache
        where the key matches."""
        results: list[FileResult | None] = [None] * len(paths)
        pending: list[tuple[str, bytes | None, str | None]] = []  # path, raw, cache key
        for i, path in enumerate(paths):
            raw = preloaded.get(path)
            if raw is None and cache is not None:  # for the key; else the worker reads it
                try:
                    raw = read_bytes(path)
                except SourceError:
                    raw = None  # linting it reports the problem
            # Settings and rules are resolved here even for files the workers lint, so a
            # config error stops the run in this process and the corpus rules are known.
            settings = self.settings_for(path)
            self.rules_for(settings, path)
            key = None
            if cache is not None and raw is not None:
                key = cache.key(
                    path,
                    raw,
                    encoding,
                    # options only for the key: not built without a cache
                    self._configured(settings, path),
                    context=(settings.json_fields, settings.json_id_field),
                    files=[str(f) for f in settings.lexicon_files],
                )
                hit = cache.get(path, key, raw, encoding)
                if hit is not None:
                    results[i] = hit
                    continue
            pending.append((path, raw, key))

        items = [(path, raw) for path, raw, _ in pending]
        done = iter(backend.map(self.worker(encoding, os.getcwd()), items, died))
        waiting = iter(pending)
        try:
            for hit in results:
                if hit is not None:
                    yield hit
                    continue
                path, raw, key = next(waiting)
                result = next(done)
                if (
                    cache is not None
                    and key is not None
                    and raw is not None
                    and not result.errors
                    and result.documents
                ):
                    cache.put(path, key, result, raw, encoding)
                yield result
        finally:
            close = getattr(done, "close", None)
            if close is not None:
                close()  # the caller stopped early: cancel the work not begun
        if cache is not None:
            cache.save()

    def worker(
        self, encoding: str, folder: str
    ) -> Callable[[tuple[str, bytes | None]], FileResult]:
        """The work of linting one file, `(path, bytes or None to read it)` -> its slim
        FileResult, as worker processes do it (no fixes). A relative path is read, and its
        config found, from `folder` (the working folder of the run, which a worker on
        another machine does not share); findings still name it as given."""
        return functools.partial(_lint_slim, self, encoding, folder)

    def rules_seen(self) -> list[Rule]:
        """Every rule active for some settings of this run."""
        return [rule for rules in self._active.values() for rule in rules]


def _lint_slim(
    linter: Linter, encoding: str, folder: str, item: tuple[str, bytes | None]
) -> FileResult:
    path, raw = item
    done = linter.lint_file(os.path.join(folder, path), encoding, raw, name=path)
    done.documents = [slim(d) for d in done.documents]
    return done


def died(item: tuple[str, bytes | None], how: str) -> FileResult:
    """The result of a file whose worker died: an error naming it, nothing reported as
    linted. Not retried in this process: what killed a worker would kill the run."""
    message = f"the worker process linting this file died ({how}); not linted"
    return FileResult(item[0], errors=[FileError(item[0], message)])


def _attached(
    findings: Iterable[Diagnostic], documents: dict[str, Document], known: Sequence[RuleId]
) -> list[Diagnostic]:
    """Corpus findings on documents of this run, each document's suppressions applied
    (`known`: the rules a suppression comment may name)."""
    by_key: dict[str, list[Diagnostic]] = {}
    for diag in findings:
        by_key.setdefault(diag.key, []).append(diag)
    return [
        kept
        for key, diags in by_key.items()
        if key in documents
        for kept in unsilenced(documents[key], diags, known)
    ]


def finish_with(rule: CorpusRule, collected: list[Any], spread: Spread) -> Iterable[Diagnostic]:
    """`rule.finish`, given `spread` to spread its comparisons over workers when it takes
    one (a rule written before `spread` existed is called as it was)."""
    if "spread" not in inspect.signature(rule.finish).parameters:
        return rule.finish(collected)
    return rule.finish(collected, spread=spread)
