"""Cost that grows faster than the input: double each hostile input and print the ratio.

    python bench/growth.py                      # every case, four doublings each
    python bench/growth.py --cases html-nested --steps 6
    python bench/growth.py --budget 60          # stop a case once one step takes 60 s

Each case builds an input of size n, then 2n, 4n, ... and lints it with every rule selected
(in this process: reading, parsing and checking, no cache, no report), timing CPU seconds.
A linear step doubles the cost when the input doubles: the ratio column (cost over the cost
of the previous size, whose input was half as long) stays near 2. A quadratic step makes it
near 4. The cases:

    html-nested     n nested <div>s, each with a line of copy (the parser's tag stack)
    long-sentence   one sentence of n clauses and no full stop (the sourcing rules)
    nested-clauses  "Experts say that analysts who critics believe said ..." n deep, one sentence
    experts-say     one sentence of n times "experts say" (a cue every two words)
    superlatives    one sentence of n runs of five superlatives (the claims rule's support)
    markdown-deep   block quotes nested n deep (markdown-it's recursion, the view)
    markdown-lists  list items nested n deep; past Python's recursion limit (about 500
                    levels) the file is read as plain text, so the last step changes path

Not a test: the machine's load changes the figures. Run it before and after a change.
docs/reliability.md records the last run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newslint.engine.check import check
from newslint.engine.config import Finder, Settings
from newslint.engine.registry import discover
from newslint.engine.run import Linter, Overrides
from newslint.formats import from_text

# Cue words and group nouns with no full stop between them: every noun starts a phrase.
CLAUSE = "critics argue officials claim observers note analysts"


def html_nested(n: int) -> str:
    return "<div>Crews voted.\n" * n + "<p>It was the biggest ever sale.</p>" + "</div>\n" * n


def long_sentence(n: int) -> str:
    return " ".join([CLAUSE] * n) + "\n"


def nested_clauses(n: int) -> str:
    return "Experts say " + " ".join(["that analysts who critics believe said"] * n) + " it won.\n"


def experts_say(n: int) -> str:
    return " ".join(["experts say"] * n) + ".\n"


def superlatives(n: int) -> str:
    return " ".join(["the biggest largest first record unprecedented"] * n) + "\n"


def markdown_deep(n: int) -> str:
    return "> " * n + "Crews voted on the offer.\n" + "> " * n + "\n" + "> " * n + "More copy.\n"


def markdown_lists(n: int) -> str:
    return "- " * n + "Crews voted on the offer.\n"


CASES: dict[str, tuple[str, Callable[[int], str], int]] = {
    # name: (file suffix, builder, first n)
    "html-nested": (".html", html_nested, 2_500),
    "long-sentence": (".txt", long_sentence, 12),
    "nested-clauses": (".txt", nested_clauses, 40),
    "experts-say": (".txt", experts_say, 80),
    "superlatives": (".txt", superlatives, 40),
    "markdown-deep": (".md", markdown_deep, 50),
    "markdown-lists": (".md", markdown_lists, 100),
}


def lint_seconds(configured: list, path: str, text: str) -> float:
    """CPU seconds to read, parse and check `text` as the file `path`."""
    started = time.process_time()
    for document in from_text(path, text).documents:
        check(document, configured)
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--steps", type=int, default=4, help="sizes per case (doublings + 1)")
    parser.add_argument("--budget", type=float, default=120.0, help="CPU s a step may take")
    args = parser.parse_args()
    rules, problems = discover()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    linter = Linter(rules, Finder(Settings(Path.cwd())), Overrides(select=["ALL"]))
    configured = linter.configured("story.txt")
    print(f"{'case':<16}{'n':>8}{'chars':>10}{'CPU s':>10}{'ratio':>8}")
    for name in args.cases:
        suffix, build, n = CASES[name]
        before: float | None = None
        lint_seconds(configured, "warm" + suffix, build(1))  # imports and caches, not timed
        for _ in range(args.steps):
            text = build(n)
            seconds = lint_seconds(configured, "story" + suffix, text)
            ratio = f"{seconds / before:8.2f}" if before else f"{'':>8}"
            print(f"{name:<16}{n:>8}{len(text):>10}{seconds:>10.3f}{ratio}", flush=True)
            if seconds > args.budget:
                print(f"{name:<16}stopped: one step took over {args.budget:g} CPU s")
                break
            before, n = max(seconds, 1e-6), n * 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
