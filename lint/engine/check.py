"""Checking one document: rules in, findings out, nothing read or written.

This is the seam the command line, the fix loop and a language server share: the same
document, rules and options always give the same diagnostics.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from newslint.document import LONG_DOCUMENT, Directive, Document
from newslint.engine.directives import RuleId, resolve, rule_ids, suppress
from newslint.engine.fix import fix_problem
from newslint.engine.parallel import WorkFailed
from newslint.engine.rule import CorpusRule, Options, Rule, RuleConfigError, RuleError
from newslint.engine.suppression import UnknownSuppression, UnusedSuppression
from newslint.formats.directives import directive_end
from newslint.model import Diagnostic, FileError, Related, Severity

# Seconds one rule may take on one document (environment NEWSLINT_RULE_TIMEOUT overrides):
# past it, the rule is stopped and reported as that document's error, so a rule that never
# returns cannot hang a run (nor a --jobs worker).
RULE_TIMEOUT = 120.0
_MAX_TIMEOUT = 1e9  # seconds: some 30 years


class RuleTimeout(BaseException):
    """A rule ran past its time limit on one document (a BaseException, as SystemExit: a
    rule's `except Exception` does not swallow it)."""


def rule_timeout() -> float:
    """The time limit of one rule on one document, in seconds; 0 turns it off."""
    try:
        seconds = float(os.environ.get("NEWSLINT_RULE_TIMEOUT", RULE_TIMEOUT))
    except ValueError:
        return RULE_TIMEOUT
    # "inf", "nan" and a limit of years are no limit: the timer cannot be set to them
    # (OverflowError), and a run must not fail on every document for it.
    return seconds if 0 < seconds < _MAX_TIMEOUT else 0.0


class _Clock:
    """Times one rule at a time: `start` before a rule, `stop` after it.

    The SIGALRM timer is armed once for all the rules of a document, not per rule (two
    system calls per rule and file were a visible share of a run). When it goes off, a rule
    that has run for `seconds` is stopped with RuleTimeout; otherwise the timer is set
    again for what is left of the running rule's time."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.began: float | None = None  # time.monotonic() when the running rule started
        self.armed = False  # whether time_limit set the timer (not in a thread, say)
        self.previous: Any = None  # the handler and timer to put back, when armed
        self.outer = (0.0, 0.0)  # an earlier timer's time left and interval, to set again
        self.entered = 0.0  # time.monotonic() when an earlier timer was taken over

    def __enter__(self) -> _Clock:
        if (
            self.seconds <= 0
            or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
        ):
            return self
        self.previous = signal.signal(signal.SIGALRM, self.expired)
        self.armed = True  # before the timer is set: it may go off at once
        self.outer = signal.setitimer(signal.ITIMER_REAL, self.seconds)
        if self.outer[0]:
            self.entered = time.monotonic()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self.armed:
            return
        self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)
        left, interval = self.outer
        if left:
            # Less the time the document took: set back as it was, a caller's watchdog
            # would never go off while documents keep coming (each put it off again). Due
            # already, it goes off at once; a repeating timer keeps its interval.
            left -= time.monotonic() - self.entered
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), interval)

    def start(self) -> None:
        self.began = time.monotonic()

    def stop(self) -> None:
        self.began = None
        if self.armed:
            # A rule may use SIGALRM itself (its own handler, then signal.alarm(0)); with one
            # timer per document, the rules after it would then run with no limit. One
            # getitimer per rule tells; the timer and handler are set again if so.
            left, _ = signal.getitimer(signal.ITIMER_REAL)
            if not 0 < left <= self.seconds:
                signal.signal(signal.SIGALRM, self.expired)
                signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def expired(self, signum: int, frame: object) -> None:
        if not self.armed:
            # A signal that was on its way when time_limit turned the timer off: setting
            # the timer again would leave it running after the handler is put back.
            return
        left = self.seconds
        if self.began is not None:
            left = self.began + self.seconds - time.monotonic()
            if left <= 0:
                # Told once: the timer, set again for the next rules, may go off before
                # the rule's failure is recorded, outside any rule, and end the whole run.
                self.began = None
                signal.setitimer(signal.ITIMER_REAL, self.seconds)  # for the next rules
                message = f"still running after {self.seconds:g} s (NEWSLINT_RULE_TIMEOUT)"
                raise RuleTimeout(message)
        # At least a millisecond: a timer set to zero would be turned off.
        signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


# The collector's thresholds are one per process: documents checked at once in threads
# (the library used from threads, Dask workers) share one raise, counted, and the last to
# finish puts back what was there before the first began.
_collections_lock = threading.Lock()
_long_checks = 0
_thresholds_before: tuple[int, int, int] = (0, 0, 0)


def _few_collections(length: int) -> contextlib.AbstractContextManager[None]:
    """Collect garbage less often while a document of `length` characters longer than
    `LONG_DOCUMENT` is checked: its analyses (sentence structures, a trigram index) are
    millions of objects kept until it is done, which the collector's default thresholds
    traverse again and again (a tenth of a 4 MB file's CPU, against a fiftieth of the same bytes as
    separate articles, whose objects go as each is done). The rules make few reference
    cycles; those wait for the next collection. The thresholds are put back afterwards;
    a first threshold of 0 (automatic collection off) is left alone."""
    if length <= LONG_DOCUMENT:
        return contextlib.nullcontext()  # nearly every document: no generator made for it
    return _collecting_less()


@contextlib.contextmanager
def _collecting_less() -> Iterator[None]:
    """`_few_collections` for a long document: the raised thresholds, for as long as any
    long document is being checked (in threads, the first to start sets them and the last
    to end puts them back)."""
    global _long_checks, _thresholds_before
    with _collections_lock:
        if _long_checks == 0:
            _thresholds_before = previous = gc.get_threshold()
            if previous[0]:
                gc.set_threshold(
                    max(previous[0], 10_000), max(previous[1], 100), max(previous[2], 100)
                )
        _long_checks += 1
    try:
        yield
    finally:
        with _collections_lock:
            _long_checks -= 1
            if _long_checks == 0:
                gc.set_threshold(*_thresholds_before)


def time_limit(seconds: float) -> _Clock:
    """A clock, to use in a `with` block, whose `start` makes RuleTimeout be raised once
    `seconds` have passed, until its `stop` (SIGALRM: only in a main thread on a system
    with it; elsewhere, as in the language server's threads, no limit). An earlier timer
    and handler are put back when the block ends. (A class of its own rather than a
    generator's context manager: it is entered for every document checked.)"""
    return _Clock(seconds)


def crash(path: str, rule: Rule, exc: BaseException) -> FileError:
    """The FileError of `rule` crashing with `exc` on `path`: one line naming the rule and
    the exception, and the traceback text in `detail`."""
    if isinstance(exc, WorkFailed):  # raised in a worker, named as it was raised there
        kind, detail = exc.kind, exc.detail
    else:
        import traceback  # only for a crash: a clean run never loads it

        kind = type(exc).__name__
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return FileError(path, f"internal error in rule {rule.code} {rule.name}: {kind}: {exc}", detail)


def _run_rule(
    document: Document,
    rule: Rule,
    options: Options,
    clock: _Clock,
    found: list[Diagnostic],
    failures: list[FileError],
) -> None:
    """Run one rule on `document` within the clock's limit: its findings to `found`, its
    failure, if any, to `failures`."""
    try:
        clock.start()
        try:
            made = list(rule.check(document, options))
        finally:
            clock.stop()
        found.extend(_checked_fixes(rule, document, made, failures))
    except RuleConfigError as exc:
        problem = f"config problem in rule {rule.code} {rule.name}: {exc}"
        failures.append(FileError(document.path, problem))
    except RuleError as exc:
        failures.append(FileError(document.path, str(exc)))
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: B036 - one broken rule must not stop the run
        # SystemExit and GeneratorExit too: a rule calling sys.exit() is a crash of that
        # rule, never an exit of the run (nor of a worker, which would lose its files).
        failures.append(crash(document.path, rule, exc))


def run_order(rules: Sequence[Rule]) -> list[int]:
    """The positions in `rules` in the order `check` runs them on a document: the rules
    that do not use the shared analyses (`Rule.uses_shared_analyses` False) first, then
    the others, each group in the order given (the registry's, by code). Running the
    first group before any shared analysis is built keeps a long document's peak memory
    to the larger of their working data and the analyses, not their sum. Only the bool
    False moves a rule first: a pack's None or "no" is in doubt, so True (and sorting
    such values with bools would raise TypeError, ending the run)."""
    return sorted(range(len(rules)), key=lambda i: rules[i].uses_shared_analyses is not False)


def check(
    document: Document,
    rules: Sequence[tuple[Rule, Options]],
    known: Sequence[RuleId] | None = None,
) -> tuple[list[Diagnostic], list[FileError]]:
    """Run each (rule, options) pair on `document`, in `run_order`.

    Returns the findings that inline directives leave, ordered by `Diagnostic.sort_key`,
    and one FileError per rule that failed, in the order the rules are given (not the
    order they ran in): a rule's broken configuration, its own RuleError, or any
    exception from it (an internal error naming the rule). A failing rule never hides
    the others' findings; a rule raising SystemExit (sys.exit) or any
    other BaseException but KeyboardInterrupt is a crash of that rule, with its traceback
    in the FileError's `detail`. A fix whose edits are outside the document's text,
    overlap each other, or belong to a finding on another document is removed from its
    finding (which stays) and reported as a FileError naming the rule. Corpus rules are
    skipped: they report at the end of a run. Raises nothing.

    `known` lists (code, name) of every rule a suppression comment may name, selected or
    not (default: the rules given). When `unknown-suppression` (N001) or
    `unused-suppression` (N002) is among `rules`, the comments that name no known rule, or
    silenced nothing, are findings of theirs.
    """
    found: list[Diagnostic] = []
    given = [rule for rule, _ in rules]
    # Each rule's failures, reported in the order the rules were given whatever the order
    # they ran in, as the findings are sorted.
    failed: list[list[FileError]] = [[] for _ in rules]
    with _few_collections(len(document.text)), time_limit(rule_timeout()) as clock:
        for i in run_order(given):
            rule, options = rules[i]
            if not isinstance(rule, CorpusRule):
                _run_rule(document, rule, options, clock, found, failed[i])
    failures = [failure for failures_of in failed for failure in failures_of]
    if document.moved:  # words rejoined in the view: spans back to the source characters
        found = [_to_source(document, d) for d in found]
    universe = rule_ids(given) if known is None else known
    outcome = suppress(document, found, universe)
    # The suppression findings are findings too: a comment may silence them ("disable N002").
    # Unknown names do not depend on what is silenced; which comments silenced something
    # does, so it is judged once the unknown-name findings have been through the comments.
    unknown = [
        rule.diagnostic(
            document,
            *_span(document, d),
            f"unknown rule {entry!r} in a suppression comment"
            + (f" (did you mean {near!r}?)" if near else ""),
        )
        for rule in given
        if isinstance(rule, UnknownSuppression)
        for d, entry, near in outcome.unknown
    ]
    if unknown:
        outcome = suppress(document, [*found, *unknown], universe)
    kept = outcome.kept
    for rule in given:
        if isinstance(rule, UnusedSuppression):
            # Findings of corpus rules come at the end of the run: their comments are not
            # judged here.
            corpus = rule_ids(r for r in given if isinstance(r, CorpusRule))
            unused = [
                rule.diagnostic(
                    document,
                    *_span(document, d),
                    f"this suppression of {entry!r} silenced nothing"
                    if entry
                    else "this suppression silenced nothing",
                )
                for d, entry in outcome.unused
                if not (corpus and resolve(entry or "all", corpus))
            ]
            if unused:
                kept = suppress(document, [*kept, *unused], universe).kept
    return sorted(kept, key=lambda d: d.sort_key), failures


def _to_source(document: Document, diag: Diagnostic) -> Diagnostic:
    """`diag` with its span, and the spans of related places in the same document, mapped
    from the view to the exact source characters (`Document.source_span`)."""
    start, end = document.source_span(diag.start, diag.end)
    related = tuple(
        replace(r, start=s, end=e) if r.path == document.path else r
        for r in diag.related
        for s, e in [document.source_span(r.start, r.end)]
    )
    if (start, end) == (diag.start, diag.end) and related == diag.related:
        return diag
    return replace(diag, start=start, end=end, related=related)


def _span(document: Document, directive: Directive) -> tuple[int, int]:
    """The comment's characters, within the text."""
    start = min(directive.offset, len(document.text))
    return start, directive_end(document.text, start)


def _checked_fixes(
    rule: Rule, document: Document, found: Iterable[Diagnostic], failures: list[FileError]
) -> list[Diagnostic]:
    """The rule's findings, each fix that cannot apply to `document` removed and reported."""
    kept = []
    for diag in found:
        wrong = finding_problem(diag, document)
        if wrong is not None:
            message = f"finding of rule {rule.code} {rule.name} refused: {wrong}"
            failures.append(FileError(document.path, message))
            continue
        if diag.fix is not None:
            problem = fix_problem(diag.fix, len(document.text))
            if problem is None and diag.key != document.key:
                problem = "its finding is on another document"
            if problem is not None:
                failures.append(
                    FileError(
                        document.path,
                        f"fix of rule {rule.code} {rule.name} refused: {problem}",
                    )
                )
                diag = replace(diag, fix=None)
        kept.append(diag)
    return kept


def finding_problem(diag: object, document: Document) -> str | None:
    """Why `diag`, yielded by a rule checking `document`, cannot be reported as it is, or
    None: a Diagnostic with a Severity, text where text goes, and a span inside the text
    when it is on this document. Otherwise a reporter would place it on a wrong line, or
    fail on it and lose every other finding of the run."""
    if not isinstance(diag, Diagnostic):
        return f"{type(diag).__name__} is not a Diagnostic"
    if not isinstance(diag.severity, Severity):
        return f"severity {diag.severity!r} is not a Severity"
    texts = (diag.code, diag.rule, diag.message, diag.path)
    if not all(isinstance(t, str) for t in texts) or not all(
        t is None or isinstance(t, str) for t in (diag.article, diag.field)
    ):
        return "its code, rule, message, path, article and field must be text"
    # A finding on another document (a rule may name another file) is checked where it
    # can be: its offsets are not in this text.
    limit = len(document.text) if diag.key == document.key else diag.end
    if not all(type(n) is int for n in (diag.start, diag.end)) or not (
        0 <= diag.start <= diag.end <= limit
    ):
        return (
            f"span [{diag.start!r}, {diag.end!r}) outside a text of {len(document.text)} characters"
        )
    for place in diag.related:
        if not isinstance(place, Related) or not (
            isinstance(place.path, str)
            and isinstance(place.message, str)
            and type(place.start) is int
            and type(place.end) is int
            and 0 <= place.start <= place.end
        ):
            return f"related place {place!r} is not a place"
    return None
