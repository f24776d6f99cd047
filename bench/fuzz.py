"""A long fuzzing session: the property tests of tests/test_fuzz.py, for as long as you like.

    python bench/fuzz.py --minutes 10        # prints inputs tried per property and format

Runs batches of random (not derandomized) examples for each format in tests/fuzzing.py's
FORMATS until the time is up, and stops at the first failure with Hypothesis's minimal
example. docs/reliability.md records the last session.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzing import (  # noqa: E402 - tests/ must be on the path first
    FIXABLE,
    FORMATS,
    Harness,
    check_fixes,
    check_lint,
    documents,
    edge_repeats,
)

BATCH = settings(
    max_examples=500,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    harness = Harness()
    tried: Counter[str] = Counter()

    def lints(fmt: str) -> None:
        @BATCH
        @given(documents(fmt))
        def prop(text: str) -> None:
            tried[f"lint {fmt}"] += 1
            check_lint(harness, fmt, text)

        prop()

    def fixes(fmt: str) -> None:
        @BATCH
        @given(FORMATS[fmt][1]())
        def prop(text: str) -> None:
            tried[f"fix {fmt}"] += 1
            check_fixes(harness, fmt, text)

        prop()

    @BATCH
    @given(edge_repeats())
    def edges(text: str) -> None:
        tried["fix markdown edges"] += 1
        check_fixes(harness, "markdown", text)

    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    while time.monotonic() < deadline:
        for fmt in FORMATS:
            lints(fmt)
            if fmt in FIXABLE:
                fixes(fmt)
        edges()
        print(f"{time.monotonic() - started:7.0f}s  {sum(tried.values())} inputs", flush=True)
    for name, count in sorted(tried.items()):
        print(f"{name:<20}{count:>9}")
    print(f"{'total':<20}{sum(tried.values()):>9} inputs in {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
