"""TOML, with the files newslint ships parsed ahead.

`loads(raw)` is `tomllib.loads(raw.decode("utf-8"))`. One article's run reads seven TOML
files the package ships (the word lists, English's irregular verbs, the built-in phrase
rule): parsing them cost about 6 ms and importing `tomllib` about as much again, a tenth
of the run. So `scripts/shipped_toml.py` parses them when the package is made, into
`newslint._shipped_toml`: a generated module of literals, keyed by each file's exact bytes.
`loads` answers from it when `raw` is byte for byte one of those files, and otherwise
(a newsroom's config or lexicon file, an edited list) imports `tomllib` and parses, so an
answer never depends on the table, only its speed. Nothing is unpickled, and nothing a
linted repository carries is ever in the table: it holds the package's own files only.
"""

from __future__ import annotations

import sys
from typing import Any

from newslint import _shipped_toml


class TOMLError(ValueError):
    """`raw` is not valid TOML; the message is tomllib's (line and column)."""


def loads(raw: bytes) -> dict[str, Any]:
    """The table of the TOML document `raw` (UTF-8 bytes), as `tomllib.loads` gives it:
    new objects on every call, the caller's to change. Raises UnicodeDecodeError (not
    UTF-8) and TOMLError (not TOML, or nested too deeply for tomllib, which recurses once
    per level and would raise RecursionError)."""
    made = _shipped_toml.TABLE.get(raw)
    if made is not None:
        return made()
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    text = raw.decode("utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TOMLError(str(exc)) from None
    except RecursionError:
        raise TOMLError("nested too deeply") from None
