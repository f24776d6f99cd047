"""Running rules over documents: selection, suppression, corpus rules, fixes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newslint.document import Document
from newslint.engine import select
from newslint.engine.config import (
    ConfigError,
    Finder,
    Settings,
    options_for,
    validate_against_rules,
)
from newslint.engine.parallel import lint_all
from newslint.engine.phrases import PhraseFileError, load_phrase_rule
from newslint.engine.registry import unique
from newslint.engine.rule import CorpusRule, Rule, RuleConfigError, RuleError
from newslint.formats import feeds
from newslint.formats.directives import regions
from newslint.formats.directives import unsilenced as outside_regions
from newslint.formats.parse import format_for, parse
from newslint.formats.source import SourceError, decode, read
from newslint.model import Diagnostic, FileError
from newslint.store.cache import ResultCache

if TYPE_CHECKING:
    from newslint.store.archive import Archive


@dataclass
class Run:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    fixes_applied: int = 0


@dataclass
class FileResult:
    """One file's part of a run; picklable, so it can come back from a worker process."""

    path: str
    documents: list[Document] = field(default_factory=list)  # a JSON export holds several
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    fixes_applied: int = 0
    collected: list[tuple[str, object]] = field(default_factory=list)  # (corpus rule, summary)


class FeedProblems(Exception):
    """Lines of a JSON export that could not be read, and the articles that could."""

    def __init__(self, documents: list[Document], problems: list[FileError]) -> None:
        super().__init__(f"{len(problems)} unreadable entries")
        self.documents, self.problems = documents, problems


class TransformError(Exception):
    """A transform could not be applied to one file; the file is still linted as it was."""


# Rewrites a document before it is linted; returns the new document and a count of changes.
Transform = Callable[["Linter", Document, Settings, list[Rule]], tuple[Document, int]]


@dataclass(frozen=True)
class Overrides:
    """Selection given on the command line, applied on top of every config."""

    select: Sequence[str] | None = None
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()


def house_rules(settings: Settings) -> list[Rule]:
    """The phrase rules a config adds through `phrase-files`."""
    try:
        return [load_phrase_rule(file) for file in settings.phrase_files]
    except PhraseFileError as exc:
        raise ConfigError(str(exc)) from None


def unsilenced(document: Document, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Drop what the document's inline directives silence."""
    silenced = regions(document.directives, document.blocks, len(document.text))
    return outside_regions(silenced, diagnostics)


class Linter:
    def __init__(self, rules: Sequence[Rule], finder: Finder, overrides: Overrides) -> None:
        self.rules = list(rules)
        self.finder = finder
        self.overrides = overrides
        self._active: dict[int, list[Rule]] = {}
        # One merged Settings per config, kept alive: `_active` is keyed by its id, and a
        # new object per file would both miss that cache and let a dead one's id be reused.
        self._merged: dict[int, Settings] = {}

    def settings_for(self, path: str) -> Settings:
        base = self.finder.for_path(Path(path))
        if id(base) not in self._merged:
            o = self.overrides
            self._merged[id(base)] = base.with_cli(o.select, o.extend_select, o.ignore)
        return self._merged[id(base)]

    def rules_for(self, settings: Settings, path: str) -> list[Rule]:
        key = id(settings)
        if key not in self._active:
            rules, clashes = unique(self.rules + house_rules(settings))
            problems = clashes + validate_against_rules(settings, rules)
            if problems:
                raise ConfigError("\n".join(problems))
            self._active[key] = select.enabled(
                rules, settings.select, settings.extend_select, settings.ignore
            )
        ignored = settings.ignored_for(Path(path))
        active = self._active[key]
        if ignored:
            active = [r for r in active if select.match_strength(ignored, r) < 0]
        return active

    def check_document(
        self, document: Document, settings: Settings, rules: Sequence[Rule]
    ) -> tuple[list[Diagnostic], list[FileError]]:
        found: list[Diagnostic] = []
        failures: list[FileError] = []
        for rule in rules:
            if isinstance(rule, CorpusRule):
                continue
            try:
                found.extend(rule.check(document, options_for(settings, rule)))
            except RuleConfigError as exc:
                problem = f"config problem in rule {rule.code} {rule.name}: {exc}"
                failures.append(FileError(document.path, problem))
            except RuleError as exc:
                failures.append(FileError(document.path, str(exc)))
            except Exception as exc:  # one broken rule must not hide the others' findings
                failures.append(
                    FileError(
                        document.path,
                        f"internal error in rule {rule.code} {rule.name}: "
                        f"{type(exc).__name__}: {exc}",
                    )
                )
        return sorted(unsilenced(document, found), key=lambda d: d.sort_key), failures

    def parse_text(self, path: str, text: str, bom: bool) -> Document:
        return parse(path, text, format_for(path), bom)

    def load(self, path: str, encoding: str, stdin: bytes | None = None) -> Document:
        source = decode(stdin, encoding) if stdin is not None else read(path, encoding)
        return self.parse_text(path, source.text, source.bom)

    def documents(self, path: str, encoding: str, stdin: bytes | None) -> list[Document]:
        """The file's documents: one, or one per (article, field) of a JSON export."""
        fmt = format_for(path)
        source = decode(stdin, encoding) if stdin is not None else read(path, encoding)
        if fmt not in ("json", "jsonl"):
            return [self.parse_text(path, source.text, source.bom)]
        settings = self.settings_for(path)
        found, problems = feeds.documents(
            path, source.text, fmt, settings.json_fields, settings.json_id_field
        )
        if problems:
            raise FeedProblems(found, problems)
        return found

    def lint_file(
        self,
        path: str,
        encoding: str = "utf-8",
        stdin: bytes | None = None,
        transform: Transform | None = None,
    ) -> FileResult:
        """Read, parse and check one file; corpus rules only collect their summaries."""
        result = FileResult(path)
        try:
            documents = self.documents(path, encoding, stdin)
        except SourceError as exc:
            result.errors.append(FileError(path, str(exc)))
            return result
        except FeedProblems as exc:  # the readable articles are still linted
            documents = exc.documents
            result.errors.extend(exc.problems)
        settings = self.settings_for(path)
        rules = self.rules_for(settings, path)
        for document in documents:
            if transform is not None:
                try:
                    document, applied = transform(self, document, settings, rules)
                except TransformError as exc:
                    result.errors.append(FileError(path, str(exc)))
                else:
                    result.fixes_applied += applied
            result.documents.append(document)
            found, failures = self.check_document(document, settings, rules)
            result.diagnostics.extend(found)
            result.errors.extend(failures)
            for rule in rules:
                if isinstance(rule, CorpusRule):
                    summary = rule.collect(document, options_for(settings, rule))
                    result.collected.append((rule.code, summary))
            document.forget()  # its analyses served this check; reporting needs none
        return result

    def run(
        self,
        paths: Iterable[str],
        encoding: str = "utf-8",
        preloaded: Mapping[str, bytes] | None = None,
        transform: Transform | None = None,
        jobs: int = 1,
        cache: ResultCache | None = None,
        archive: Archive | None = None,
    ) -> Run:
        """Lint every path. `preloaded` holds bytes already read (standard input) by path;
        `transform` may rewrite each document before it is linted (--fix does). With
        `jobs` > 1 files are linted in worker processes, and with a `cache` unchanged
        files are not linted again; neither changes the result. With an `archive`, corpus
        rules also compare the run with it."""
        paths = list(paths)
        if transform is not None:  # fixes write files: one process, nothing cached
            results = [
                self.lint_file(p, encoding, (preloaded or {}).get(p), transform) for p in paths
            ]
        else:
            results = lint_all(self, paths, encoding, preloaded or {}, jobs, cache)
        result = Run()
        corpus: dict[str, list[object]] = {}
        for item in results:
            result.diagnostics.extend(item.diagnostics)
            result.errors.extend(item.errors)
            result.fixes_applied += item.fixes_applied
            for document in item.documents:
                result.documents[document.key] = document
            for code, summary in item.collected:
                corpus.setdefault(code, []).append(summary)
        by_code = {r.code: r for r in self.rules_seen() if isinstance(r, CorpusRule)}
        for code, collected in corpus.items():
            rule = by_code[code]
            findings = list(rule.finish(collected))
            if archive is not None:
                findings.extend(rule.against(collected, archive))
            result.diagnostics.extend(self._corpus_findings(findings, result.documents))
        result.diagnostics.sort(key=lambda d: d.sort_key)
        return result

    def rules_seen(self) -> list[Rule]:
        """Every rule active for some settings of this run."""
        return [rule for rules in self._active.values() for rule in rules]

    def _corpus_findings(
        self, findings: Iterable[Diagnostic], documents: dict[str, Document]
    ) -> Iterable[Diagnostic]:
        by_key: dict[str, list[Diagnostic]] = {}
        for diag in findings:
            by_key.setdefault(diag.key, []).append(diag)
        for key, diags in by_key.items():
            if key in documents:
                yield from unsilenced(documents[key], diags)
