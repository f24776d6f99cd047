"""Where a long file's memory goes: each rule in turn on one file, with the peak after it.

    python bench/rule_memory.py FILE [--all] [--trace] [--order CODE,CODE,...] [--gc default|cli]

Reads and parses FILE as `newslint` does, then runs the rules one after another on the one
document, in the order the engine runs them (`newslint.engine.check.run_order`: the rules
that use no shared analysis first; the default rules, `--all` for every rule), each rule's
analyses kept on the document for the next as in a run. For each rule it prints its CPU
seconds and the process's peak resident memory so far (the operating system's high-water
mark, in MB). With `--trace`, tracemalloc also follows every allocation (several times
slower, and the resident figures then include its own records): the MB held once the
rule is done and the most held while it ran, which is where a rule's own peak shows.
`--order` runs the rules named (codes or names, comma-separated) in that order instead,
to see what another order would hold (say, whether a rule reads another's analyses).
Garbage is collected with Python's default thresholds unless `--gc cli`: then as `newslint
check` has it (what was loaded frozen, the young generation collected every 20,000
allocations, and a long document checked with the engine's fewer collections), as
`bench/rule_cpu.py` times the corpus by default.
Corpus rules are left out (they only collect a summary per file). Never part of the test
run.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from contextlib import nullcontext
from pathlib import Path


def high_water() -> float:
    """The process's peak resident memory so far, in MB (ru_maxrss is in kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--all", action="store_true", help="every rule, not the defaults")
    parser.add_argument("--trace", action="store_true", help="follow allocations too")
    parser.add_argument(
        "--order",
        type=lambda text: [code.strip() for code in text.split(",")],
        help="these rules, in this order",
    )
    parser.add_argument(
        "--gc",
        choices=("default", "cli"),
        default="default",
        help="Python's thresholds (the default), or as `newslint check` sets them",
    )
    args = parser.parse_args(argv)
    if args.trace:
        tracemalloc.start()
    # Imported after tracemalloc starts, so the traced figures hold newslint's own memory.
    from newslint.engine.check import _few_collections, run_order
    from newslint.engine.registry import discover, find
    from newslint.engine.rule import CorpusRule
    from newslint.formats import read
    from newslint.formats.source import SourceError

    def traced() -> str:
        if not args.trace:
            return ""
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        return f" {held / 1e6:.1f} | {peak / 1e6:.1f} |"

    rules, _ = discover()
    chosen = [
        rule
        for rule in rules
        if (args.all or rule.default_enabled) and not isinstance(rule, CorpusRule)
    ]
    order = [chosen[i] for i in run_order(chosen)]
    if args.order is not None:
        named = [(key, find(rules, key)) for key in args.order]
        unknown = [key for key, rule in named if rule is None or isinstance(rule, CorpusRule)]
        if unknown:
            parser.error(f"--order: no such rule (corpus rules are left out): {unknown[0]!r}")
        order = [rule for _, rule in named if rule is not None]
    if args.gc == "cli":  # as cli.main._loading leaves it once newslint is loaded
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, *gc.get_threshold()[1:])
    try:
        # The bytes are not kept here: a run lets go of them once they are decoded.
        documents = read(str(args.file), args.file.read_bytes()).documents
    except (OSError, SourceError) as exc:
        raise SystemExit(f"rule_memory.py: cannot read {args.file}: {exc}") from None
    if len(documents) != 1:
        raise SystemExit(f"rule_memory.py: {args.file} holds {len(documents)} documents, not one")
    document = documents[0]
    head = "| step | CPU s | peak RSS MB |" + (" traced MB after | traced MB peak |" * args.trace)
    print(
        f"{args.file}: {len(document.text):,} characters, {len(document.sentences):,} "
        f"sentences, {len(document.blocks):,} blocks\n"
    )
    print(head)
    print("|---" * (head.count("|") - 1) + "|")
    print(f"| read and parse | | {high_water():.0f} |{traced()}")
    # The engine's fewer collections for a long document, as a run checks it.
    collecting = _few_collections(len(document.text)) if args.gc == "cli" else nullcontext()
    with collecting:
        for rule in order:
            options = {**rule.options, "lexicon-files": ()}
            began = time.process_time()
            list(rule.check(document, options))
            spent = time.process_time() - began
            print(f"| {rule.code} {rule.name} | {spent:.2f} | {high_water():.0f} |{traced()}")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
