"""Time duplicate-paragraph and duplicate-sentence on the BBC corpus, in one process.

    python bench/duplicate_rules.py [--shared ../shared] [--repeat 5]

Every corpus document is parsed first (untimed). Each pass then runs duplicate-paragraph
on every document, then duplicate-sentence (which reuses the paragraph repeats, as in a
real run), on documents parsed afresh so no search is remembered from an earlier pass.
Prints each rule's CPU seconds (process time), the least of --repeat passes, and the
findings, which must not change with a speed change.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newslint.formats import SourceError, read
from newslint.rules.duplicate_paragraph import DuplicateParagraph
from newslint.rules.duplicate_sentence import DuplicateSentence

ROOT = Path(__file__).resolve().parents[1]


def sources(folder: Path) -> list[tuple[str, bytes]]:
    return [(str(path), path.read_bytes()) for path in sorted(folder.rglob("*.txt"))]


def one_pass(files: list[tuple[str, bytes]]) -> tuple[float, float, int]:
    """CPU seconds of each rule over the parsed files, and the findings of both."""
    docs = []
    for path, data in files:
        try:
            docs.extend(read(path, data).documents)
        except SourceError:
            continue  # the corpus holds one file that is not UTF-8; the CLI skips it too
    paragraph, sentence = DuplicateParagraph(), DuplicateSentence()
    found = 0
    began = time.process_time()
    for document in docs:
        found += len(list(paragraph.check(document, dict(paragraph.options))))
    middle = time.process_time()
    for document in docs:
        found += len(list(sentence.check(document, dict(sentence.options))))
    return middle - began, time.process_time() - middle, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        # The whole docstring: what the script needs (../shared, ../peers) and how to get it.
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus" / "bbc"
    if not corpus.is_dir():
        print(f"{corpus} not found: nothing to time (give --shared)", file=sys.stderr)
        return 2
    files = sources(corpus)
    passes = [one_pass(files) for _ in range(args.repeat)]
    print(f"duplicate-paragraph: {min(p[0] for p in passes):.3f} s CPU")
    print(f"duplicate-sentence:  {min(p[1] for p in passes):.3f} s CPU")
    print(f"findings: {passes[0][2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
