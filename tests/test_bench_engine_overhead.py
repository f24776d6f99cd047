"""bench/engine_overhead.py refuses what it cannot time: no folder, no article in it, no
article newslint can read, an interpreter without newslint, no rounds. Each would
otherwise print figures that look like a measurement."""

from __future__ import annotations

import sys

from test_bench_scripts import ARTICLE, bench, no_newslint


def test_engine_overhead_refuses_what_it_cannot_time(tmp_path):
    missing = bench("engine_overhead.py", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert missing.returncode == 2 and "is not a folder" in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = bench("engine_overhead.py", str(empty), cwd=tmp_path)
    assert nothing.returncode == 2 and "no articles" in nothing.stderr
    unreadable = tmp_path / "unreadable"
    unreadable.mkdir()
    (unreadable / "a.txt").write_bytes(b"caf\xe9 society\n")  # Latin-1: not UTF-8
    latin = bench("engine_overhead.py", str(unreadable), cwd=tmp_path)
    assert latin.returncode == 2 and "no article newslint can read" in latin.stderr
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    python = no_newslint(tmp_path)
    without = bench("engine_overhead.py", str(folder), "--python", python, cwd=tmp_path)
    assert without.returncode == 2 and f"{python} has no working newslint" in without.stderr
    no_rounds = bench("engine_overhead.py", str(folder), "--runs", "0", cwd=tmp_path)
    assert no_rounds.returncode == 2 and "must be above 0" in no_rounds.stderr
    for refused in (missing, nothing, latin, without, no_rounds):
        assert "|" not in refused.stdout  # no row of figures


def test_engine_overhead_times_a_small_corpus(tmp_path):
    folder = tmp_path / "articles"
    (folder / "desk").mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "desk" / "b.md").write_text("Experts say the plan is the biggest ever.\n")
    timed = bench("engine_overhead.py", str(folder), "--runs", "1", cwd=tmp_path)
    assert timed.returncode == 0, timed.stderr
    assert "`articles`, 2 articles" in timed.stdout
    row = next(line for line in timed.stdout.splitlines() if line.startswith(f"| {sys.executable}"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert len(cells) == 8  # install, five runs, the engine's part, all over the floor
    assert all(float(cell.rstrip("x")) >= -1 for cell in cells[1:])
