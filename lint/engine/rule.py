"""What a rule is. The engine knows rules only through this interface."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from newslint.document import Document
from newslint.engine.archive import ArchiveIndex
from newslint.model import Diagnostic, Fix, Related, Severity

Options = Mapping[str, Any]
# `spread(work, items)`: `[work(item) for item in items]`, perhaps over worker processes.
Spread = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]


def serial(work: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """`spread` in this process."""
    return [work(item) for item in items]


class RuleError(Exception):
    """A rule's own account of why it could not check a document (a user's pattern that
    timed out, say). Reported as it is, naming the rule; the other rules still run."""


class RuleConfigError(RuleError):
    """A rule whose configuration (options, data files) is unusable; reported as a config
    problem naming the rule, not as a crash."""


class Rule:
    """Base class. Subclasses set the metadata and implement `check`.

    The docstring is the rule's documentation, in three sections: What it does,
    Why is this bad?, Example. `newslint rule NAME` and the README table come from it.

    `uses_shared_analyses` (bool, default True) is about memory, never findings. The
    analyses of `newslint.analysis` (the casefolded view, the words by sentence, sentence
    structures, source tables) are kept in `Document.memo` for every rule that asks, and
    stay there until all the rules have checked the document. A rule whose `check` calls
    nothing that memoises them, and that keeps little on the document once it returns
    (an index it builds dropped), sets False: the engine runs such rules first, in the
    order given (`newslint.engine.check.run_order`), so a long document's peak memory is
    the larger of their working data and the shared analyses, not their sum. They may
    share memos among themselves (duplicate-sentence reads duplicate-paragraph's
    repeats). The name is the engine's word for what rules share (`newslint.analysis`),
    as a compiler pass declares the analyses it uses. A third-party pack leaves it True
    when in doubt: a rule set False that builds a shared analysis is still right, only
    the memory saving is lost. Any value but the bool False (None, "no") counts as True.
    """

    code: str = ""
    name: str = ""
    summary: str = ""
    severity: Severity = Severity.WARNING
    fixable: bool = False
    default_enabled: bool = True
    # Per-rule options and their defaults; config values must have the default's type.
    options: Mapping[str, Any] = {}
    # Whether `check` reads the analyses rules share: see the class docstring.
    uses_shared_analyses: bool = True

    @property
    def documentation(self) -> str:
        """The rule's docstring, dedented: what `newslint rule NAME` prints."""
        return inspect.getdoc(self) or ""

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        """The findings in `document` with these options (the rule's defaults overlaid by
        its config table). May raise RuleError or RuleConfigError; anything else it raises
        is reported as an internal error of the rule."""
        raise NotImplementedError

    def diagnostic(
        self,
        document: Document,
        start: int,
        end: int,
        message: str,
        fix: Fix | None = None,
        related: Sequence[Related] = (),
    ) -> Diagnostic:
        """A diagnostic of this rule at characters [start, end) of `document`."""
        return self.finding(
            document.path, start, end, message, fix, related, document.article, document.field
        )

    def finding(
        self,
        path: str,
        start: int,
        end: int,
        message: str,
        fix: Fix | None = None,
        related: Sequence[Related] = (),
        article: str | None = None,
        field: str | None = None,
    ) -> Diagnostic:
        """A diagnostic of this rule at [start, end) of `path`; corpus rules, which report
        after the documents are gone, build theirs from a path."""
        return Diagnostic(
            code=self.code,
            rule=self.name,
            severity=self.severity,
            message=message,
            path=path,
            start=start,
            end=end,
            fix=fix,
            related=tuple(related),
            article=article,
            field=field,
        )


class CorpusRule(Rule):
    """A rule that compares articles with each other.

    `collect` runs once per document and returns a small, picklable summary (it crosses
    worker processes); `finish` gets
    every summary of the run, in input order, and reports one diagnostic per occurrence,
    each pointing at its twin through `related`.

    The result cache keeps summaries as data: `dump_summary` turns one into JSON-able
    values and `load_summary` builds it back. The defaults keep a summary made only of JSON
    values (dict with string keys, list, str, int, float, bool, None) as it is; a rule
    whose summaries are other types overrides both, or its files are never cached.
    """

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        """Nothing: a corpus rule reports from `finish`."""
        return ()

    def collect(self, document: Document, options: Options) -> Any:
        """A small, picklable summary of `document` for `finish`."""
        raise NotImplementedError

    def finish(self, collected: Sequence[Any], spread: Spread = serial) -> Iterable[Diagnostic]:
        """The findings of the whole run, from every document's summary in input order.

        `spread(work, items)` is `[work(item) for item in items]`, done by the run's worker
        processes when there are several (results picklable, in order): a rule spreads its
        costly comparisons with it. A rule whose `finish` takes no `spread` is called
        without one."""
        raise NotImplementedError

    def dump_summary(self, summary: Any) -> Any:
        """`summary` as JSON-able values such that `load_summary` gives an equal summary.
        Raises TypeError (or ValueError) when it cannot: the file is then not cached."""
        import json  # only a cached run asks: a run without the cache never loads json

        if json.loads(json.dumps(summary, allow_nan=False)) != summary:
            raise TypeError("summary is not plain JSON data")
        return summary

    def load_summary(self, data: Any) -> Any:
        """The summary `dump_summary` made from `data`, read from a cache that anyone may
        have written: check every type. Raises TypeError, ValueError, KeyError or IndexError
        on data of another shape (a cache miss)."""
        return data

    def against(self, collected: Sequence[Any], archive: ArchiveIndex) -> Iterable[Diagnostic]:
        """Compare the run's summaries with a published archive (`check --against`): an
        index in SQLite or PostgreSQL, seen only through `ArchiveIndex`. Rules that can are
        turned on by `--against`."""
        return ()

    def finish_bag(self, summaries: Any) -> Any:
        """`finish` on a cluster, for a rule whose comparisons are too big for one machine.

        `summaries` is a `dask.bag.Bag` whose elements are `(place, summary)`: `place` a
        tuple of ints that sorts the summaries in input order (compare places; they need
        not be consecutive) and `summary` what `collect` returned, on the workers. Returns
        a `dask.bag.Bag` of Diagnostic holding, in any order, the findings `finish` would
        give for every summary in place order; the caller computes it. A rule that
        implements this imports dask itself. `newslint.distributed` calls it for the rules
        that override it (see `scales_out`) and gathers the summaries of the others for
        `finish`, with a `spread` over the cluster. The engine never calls it: it knows no
        dask."""
        raise NotImplementedError

    @classmethod
    def scales_out(cls) -> bool:
        """Whether the rule overrides `finish_bag`, so a cluster run finishes it on the
        workers."""
        return cls.finish_bag is not CorpusRule.finish_bag

    @classmethod
    def uses_archive(cls) -> bool:
        """Whether the rule overrides `against`, so `--against` turns it on."""
        return cls.against is not CorpusRule.against
