"""Checking one document: rules in, findings out, nothing read or written.

This is the seam the command line, the fix loop and a language server share: the same
document, rules and options always give the same diagnostics.
"""

from __future__ import annotations

from collections.abc import Sequence

from newslint.document import Document
from newslint.engine.directives import unsilenced
from newslint.engine.rule import CorpusRule, Options, Rule, RuleConfigError, RuleError
from newslint.model import Diagnostic, FileError


def check(
    document: Document, rules: Sequence[tuple[Rule, Options]]
) -> tuple[list[Diagnostic], list[FileError]]:
    """Run each (rule, options) pair on `document`.

    Returns the findings that inline directives leave, ordered by `Diagnostic.sort_key`,
    and one FileError per rule that failed: a rule's broken configuration, its own
    RuleError, or any exception from it (an internal error naming the rule). A failing
    rule never hides the others' findings. Corpus rules are skipped: they report at the
    end of a run. Raises nothing.
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
    return sorted(unsilenced(document, found), key=lambda d: d.sort_key), failures
