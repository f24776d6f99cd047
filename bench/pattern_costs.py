"""Where the rules' time goes: CPU seconds spent inside each regular expression.

    python bench/pattern_costs.py [--shared ../shared] [--top 15]

Lints the BBC corpus in this process with the built-in rules (default options, every
rule, as `bench/rules_speed.py` does) while every pattern the rules compile is wrapped so
that each call (`search`, `match`, `finditer` with its iteration, `findall`, `sub`, ...)
is timed in CPU seconds. Prints the total, the share of the rules' time spent inside the
`regex` engine, and the patterns by cost with microseconds per 1,000 characters of text.
Patterns are wrapped whether they come from the precompiled table (`newslint.regexes`) or
`regex.compile`; those compiled at import time are not, and their share is in the rest.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import regex
from rules_speed import documents  # bench/, the folder this script runs from

from newslint import regexes
from newslint.document import Document
from newslint.rules import pack

ROOT = Path(__file__).resolve().parents[1]


class _Timed:
    """A compiled pattern whose calls add their CPU time to `spent`."""

    def __init__(self, pattern: regex.Pattern[str]) -> None:
        self.pattern = pattern
        self.spent = 0.0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.pattern, name)
        if not callable(method):
            return method

        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.process_time()
            out = method(*args, **kwargs)
            if name in ("finditer", "splititer"):
                out = list(out)  # the matching happens while iterating: time it here
            self.spent += time.process_time() - began
            return iter(out) if name in ("finditer", "splititer") else out

        return timed


def timed_run(docs: list[Document]) -> tuple[float, list[_Timed]]:
    """CPU seconds of the rules over `docs`, and every pattern they compiled, timed."""
    seen: dict[int, _Timed] = {}  # by the id of the pattern wrapped
    compile_, table_compile = regex.compile, regexes.compile

    def wrapped(made: regex.Pattern[str]) -> _Timed:
        # regexes.compile hands back the same pattern object when asked again: one wrapper
        timed = seen.get(id(made))
        if timed is None:
            timed = seen[id(made)] = _Timed(made)
        return timed

    def watched(pattern: str, flags: int = 0, **kwargs: Any) -> Any:
        return wrapped(compile_(pattern, flags, **kwargs))

    def watched_table(pattern: str, flags: int = 0, **kwargs: Any) -> Any:
        # Most patterns come from the precompiled table, which never calls regex.compile.
        regex.compile = compile_  # type: ignore[assignment]  # a miss: not wrapped twice
        try:
            return wrapped(table_compile(pattern, flags, **kwargs))
        finally:
            regex.compile = watched  # type: ignore[assignment]

    regex.compile = watched  # type: ignore[assignment]
    regexes.compile = watched_table  # type: ignore[assignment]
    try:
        rules = pack()
        began = time.process_time()
        for document in docs:
            for rule in rules:
                list(rule.check(document, dict(rule.options)))
            document.forget()
        total = time.process_time() - began
    finally:
        regex.compile = compile_  # type: ignore[assignment]
        regexes.compile = table_compile  # type: ignore[assignment]
    return total, list(seen.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus" / "bbc"
    if not corpus.is_dir():
        print(f"{corpus} not found")
        return 2
    docs = documents(corpus)
    kilobytes = sum(s.end - s.start for d in docs for s in d.sentences) / 1000
    total, seen = timed_run(docs)
    inside = sum(t.spent for t in seen)
    print(f"{len(docs)} documents, {kilobytes:,.0f} k characters of sentences")
    print(f"rules: {total:.2f} s CPU, of which inside {len(seen)} patterns: {inside:.2f} s")
    print("(timing every call adds its own cost to both)\n")
    print("| CPU s | µs per 1,000 characters | pattern (start) |\n|---:|---:|---|")
    for timed in sorted(seen, key=lambda t: -t.spent)[: args.top]:
        shown = timed.pattern.pattern[:70].replace("|", "\\|")
        print(f"| {timed.spent:.3f} | {timed.spent / kilobytes * 1e6:.0f} | `{shown}` |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
