"""The built-in pack's word lists, and a newsroom's additions to them, as a Lexicon value.

The pack ships its lists as TOML under `rules/data/<family>/`. A newsroom adds words with
`lexicon-files` in its config: TOML files whose `[sourcing]` and `[claims]` tables use the
same keys as the shipped files; their entries are added to the shipped ones.

    [sourcing]
    group-nouns = ["pundits", "talking heads"]
    [claims]
    idioms = ["best in show"]

`lexicon(options)` returns the `newslint.analysis.lexicon.Lexicon` for a rule's options: a
value cached by the files' paths and contents, never a process-wide switch, so documents
checked under different configs side by side never share lists.
"""

from __future__ import annotations

from pathlib import Path

from newslint.analysis import lexicon as _lexicon
from newslint.analysis.lexicon import Lexicon
from newslint.engine.rule import Options, RuleConfigError

DATA = Path(__file__).parent / "data"


class LexiconError(RuleConfigError):
    pass


def lexicon(options: Options) -> Lexicon:
    """The shipped lists plus the rule's `lexicon-files` (paths, in order)."""
    try:
        return _lexicon.load([DATA], tuple(options.get("lexicon-files", ())))
    except _lexicon.LexiconError as exc:
        raise LexiconError(str(exc)) from None
