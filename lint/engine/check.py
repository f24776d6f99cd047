"""Checking one document: rules in, findings out, nothing read or written.

This is the seam the command line, the fix loop and a language server share: the same
document, rules and options always give the same diagnostics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newslint.document import Directive, Document
from newslint.engine.directives import RuleId, resolve, rule_ids, suppress
from newslint.engine.rule import CorpusRule, Options, Rule, RuleConfigError, RuleError
from newslint.engine.suppression import UnknownSuppression, UnusedSuppression
from newslint.formats.directives import directive_end
from newslint.model import Diagnostic, FileError


def check(
    document: Document,
    rules: Sequence[tuple[Rule, Options]],
    known: Sequence[RuleId] | None = None,
) -> tuple[list[Diagnostic], list[FileError]]:
    """Run each (rule, options) pair on `document`.

    Returns the findings that inline directives leave, ordered by `Diagnostic.sort_key`,
    and one FileError per rule that failed: a rule's broken configuration, its own
    RuleError, or any exception from it (an internal error naming the rule). A failing
    rule never hides the others' findings. Corpus rules are skipped: they report at the
    end of a run. Raises nothing.

    `known` lists (code, name) of every rule a suppression comment may name, selected or
    not (default: the rules given). When `unknown-suppression` (N001) or
    `unused-suppression` (N002) is among `rules`, the comments that name no known rule, or
    silenced nothing, are findings of theirs.
    """
    found: list[Diagnostic] = []
    failures: list[FileError] = []
    for rule, options in rules:
        if isinstance(rule, CorpusRule):
            continue
        try:
            found.extend(rule.check(document, options))
        except RuleConfigError as exc:
            problem = f"config problem in rule {rule.code} {rule.name}: {exc}"
            failures.append(FileError(document.path, problem))
        except RuleError as exc:
            failures.append(FileError(document.path, str(exc)))
        except Exception as exc:  # one broken rule must not hide the others' findings
            failures.append(
                FileError(
                    document.path,
                    f"internal error in rule {rule.code} {rule.name}: {type(exc).__name__}: {exc}",
                )
            )
    if document.moved:  # words rejoined in the view: spans back to the source characters
        found = [_to_source(document, d) for d in found]
    given = [rule for rule, _ in rules]
    outcome = suppress(document, found, rule_ids(given) if known is None else known)
    kept = outcome.kept
    for rule in given:
        if isinstance(rule, UnknownSuppression):
            kept.extend(
                rule.diagnostic(
                    document,
                    *_span(document, d),
                    f"unknown rule {entry!r} in a suppression comment"
                    + (f" (did you mean {near!r}?)" if near else ""),
                )
                for d, entry, near in outcome.unknown
            )
        elif isinstance(rule, UnusedSuppression):
            # Findings of corpus rules come at the end of the run: their comments are not
            # judged here.
            corpus = rule_ids(r for r in given if isinstance(r, CorpusRule))
            kept.extend(
                rule.diagnostic(
                    document,
                    *_span(document, d),
                    f"this suppression of {entry!r} silenced nothing"
                    if entry
                    else "this suppression silenced nothing",
                )
                for d, entry in outcome.unused
                if not (corpus and resolve(entry or "all", corpus))
            )
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
