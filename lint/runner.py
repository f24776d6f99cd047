"""Running rules over documents: selection, suppression, corpus rules, fixes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newslint import select
from newslint.config import ConfigError, Finder, Settings, options_for, validate_against_rules
from newslint.directives import regions
from newslint.directives import unsilenced as outside_regions
from newslint.document import Document
from newslint.model import Diagnostic, FileError
from newslint.parse import format_for, parse
from newslint.phrases import PhraseFileError, load_phrase_rule
from newslint.registry import unique
from newslint.rule import CorpusRule, Rule, RuleError
from newslint.source import SourceError, decode, read


@dataclass
class Run:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    fixes_applied: int = 0


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

    def run(
        self,
        paths: Iterable[str],
        encoding: str = "utf-8",
        preloaded: Mapping[str, bytes] | None = None,
        transform: Transform | None = None,
    ) -> Run:
        """Lint every path. `preloaded` holds bytes already read (standard input) by path;
        `transform` may rewrite each document before it is linted (--fix does)."""
        result = Run()
        corpus: dict[str, tuple[CorpusRule, list[object]]] = {}
        for path in paths:
            try:
                document = self.load(path, encoding, (preloaded or {}).get(path))
            except SourceError as exc:
                result.errors.append(FileError(path, str(exc)))
                continue
            settings = self.settings_for(path)
            rules = self.rules_for(settings, path)
            if transform is not None:
                try:
                    document, applied = transform(self, document, settings, rules)
                except TransformError as exc:
                    result.errors.append(FileError(path, str(exc)))
                else:
                    result.fixes_applied += applied
            found, failures = self.check_document(document, settings, rules)
            result.diagnostics.extend(found)
            result.errors.extend(failures)
            result.documents[path] = document
            for rule in rules:
                if isinstance(rule, CorpusRule):
                    entry = corpus.setdefault(rule.code, (rule, []))
                    entry[1].append(rule.collect(document, options_for(settings, rule)))
        for rule, collected in corpus.values():
            result.diagnostics.extend(self._corpus_findings(rule, collected, result.documents))
        result.diagnostics.sort(key=lambda d: d.sort_key)
        return result

    def _corpus_findings(
        self, rule: CorpusRule, collected: list[object], documents: dict[str, Document]
    ) -> Iterable[Diagnostic]:
        by_path: dict[str, list[Diagnostic]] = {}
        for diag in rule.finish(collected):
            by_path.setdefault(diag.path, []).append(diag)
        for path, diags in by_path.items():
            if path in documents:
                yield from unsilenced(documents[path], diags)
