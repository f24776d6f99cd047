"""The engine's own rules about suppression comments: N001 and N002.

Their findings come from `newslint.engine.check`, which is where the comments are applied;
the classes carry what every rule carries (code, name, default, documentation), so they are
selected, ignored, listed and documented like any other rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from newslint.document import Document
from newslint.engine.rule import Options, Rule
from newslint.model import Diagnostic, Severity


class UnknownSuppression(Rule):
    """Flags a suppression comment that names a rule newslint does not know.

    ## What it does
    Checks every rule named in a `<!-- newslint: ignore|disable|enable ... -->` comment
    against the installed rules (their codes, code prefixes and names, in any case). An
    entry that matches none is reported, with the nearest valid name when there is one.

    ## Why is this bad?
    A misspelt name silences nothing, so the finding the editor meant to accept still
    fires; worse, a misspelt `enable` never ends the `disable` above it, and the rest of the
    article goes unchecked without a word.

    ## Example
        <!-- newslint: disable vague-atribution -->
        Experts say the plan will fail.

    `vague-atribution` names no rule: did you mean `vague-attribution`?
    """

    code = "N001"
    name = "unknown-suppression"
    summary = "A suppression comment names a rule that does not exist."
    severity = Severity.WARNING

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        """Nothing: `newslint.engine.check` reports these, where the comments are applied."""
        return ()


class UnusedSuppression(Rule):
    """Flags a suppression comment that silenced nothing.

    ## What it does
    Reports each rule named in an `ignore` or `disable` comment (or the whole comment, when
    it names no rule) that silenced no finding in the text it covers. Off by default: turn
    it on with `extend-select = ["N002"]` to tidy an archive's comments. Suppressions of
    rules that compare articles with each other (`duplicate-across-articles`) are not
    judged, since their findings come at the end of a run.

    ## Why is this bad?
    A suppression left behind after the copy was rewritten hides the next real problem
    in that paragraph, and tells the next editor something about the copy that is no
    longer true.

    ## Example
        <!-- newslint: ignore duplicate-paragraph -->
        The council approved the budget on Tuesday.

    The paragraph repeats nothing, so the comment can go.
    """

    code = "N002"
    name = "unused-suppression"
    summary = "A suppression comment silenced no finding."
    severity = Severity.INFO
    default_enabled = False

    def check(self, document: Document, options: Options) -> Iterable[Diagnostic]:
        """Nothing: `newslint.engine.check` reports these, where the comments are applied."""
        return ()


def engine_rules() -> list[Rule]:
    """The rules whose findings the engine itself makes."""
    return [UnknownSuppression(), UnusedSuppression()]
