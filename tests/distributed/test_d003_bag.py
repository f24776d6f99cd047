"""duplicate-across-articles' `finish_bag` (Dask shuffles) gives exactly `finish`'s
findings: exact and near repeats, copies of near repeats, stock phrasing in buckets past
the cap, articles with different thresholds. Run on Dask's synchronous scheduler: the
cluster itself is tested in test_dask.py."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

db = pytest.importorskip("dask.bag")

from newslint.engine.config import Finder, Settings  # noqa: E402
from newslint.engine.registry import discover  # noqa: E402
from newslint.engine.run import Linter, Overrides  # noqa: E402

WORDS = (
    "council harbour budget repairs lifeboat pontoon slipway vote chamber library branch "
    "residents gallery director pounds years county north road summer plan crew board"
).split()


def _paragraph(rng: random.Random, n: int = 26) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _changed(text: str, rng: random.Random) -> str:
    words = text.split()
    words[rng.randrange(1, len(words) - 1)] = "altered"
    return " ".join(words)


def _summaries(tmp_path: Path) -> tuple[object, list[object]]:
    rng = random.Random(15)
    shared = [_paragraph(rng) for _ in range(12)]
    stock = "Readers can find the best of the week in one place every day from now on"
    for i in range(60):
        paragraphs = [_paragraph(rng) for _ in range(3)]
        paragraphs.append(rng.choice(shared))
        if i % 3 == 0:
            paragraphs.append(_changed(rng.choice(shared), rng))
        # Sixty near copies of stock phrasing: their shared band keys fill buckets past the
        # cap, which both finishes skip.
        paragraphs.append(f"{stock} {' '.join(shared[0].split()[:24])} {WORDS[i % 22]}{i}.")
        folder = tmp_path / ("strict" if i % 5 == 0 else "loose")
        folder.mkdir(exist_ok=True)
        (folder / f"a{i:02d}.txt").write_text("\n\n".join(paragraphs) + "\n")
    (tmp_path / "strict" / "newslint.toml").write_text(
        "[rules.duplicate-across-articles]\nthreshold = 0.97\n"
    )
    rules, _ = discover()
    linter = Linter(rules, Finder(Settings(tmp_path)), Overrides(["D003"]))
    paths = sorted(str(p) for p in tmp_path.rglob("*.txt"))
    collected = [s for p in paths for _, s in linter.lint_file(p).collected]
    [rule] = [r for r in linter.rules_seen() if r.code == "D003"][:1]
    return rule, collected


def test_finish_bag_gives_finish_s_findings(tmp_path):
    rule, collected = _summaries(tmp_path)
    serial = sorted(rule.finish(collected), key=lambda d: d.sort_key)
    placed = [((i,), s) for i, s in enumerate(collected)]
    bag = rule.finish_bag(db.from_sequence(placed, npartitions=5))
    spread = sorted(bag.compute(scheduler="sync"), key=lambda d: d.sort_key)
    messages = {d.message.split(" (")[0] for d in serial}
    assert any("word for word" in m for m in messages)
    assert any("nearly repeats" in m for m in messages)
    assert spread == serial
