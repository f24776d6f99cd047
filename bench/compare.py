"""newslint against proselint and write-good, in one run on one machine.

    python bench/compare.py [FOLDER] [--runs 3] [--proselint PATH] [--write-good PATH]

FOLDER defaults to ../shared/corpus/bbc. Peers are found on PATH, in ../venv-bench/bin and
bench/node_modules/.bin, or given with the options; install them apart from newslint:

    python -m venv ../venv-bench && ../venv-bench/bin/pip install proselint
    (cd bench && npm install write-good)      # bench/node_modules is git-ignored

Measures wall time, articles/s, MB/s and peak memory (the resident memory of the whole
process tree, sampled every 20 ms) as medians of --runs; single-article latency (median of
--runs + 2 whole-process runs); the floor (read and split every file, no rules, one
process); scaling at 1x, 2x, 4x and 8x the corpus with lightly edited copies and
duplicate-across-articles on; and the cross-article duplicates D003 finds. Prints a
Markdown report for docs/performance.md. Never part of the test run.
"""

# ruff: noqa: E501  (table rows read best on one line)
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
FLOOR = """
import sys
from pathlib import Path
from newslint.formats.parse import format_for, parse
from newslint.formats.source import SourceError, read
for path in sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file()):
    try:
        source = read(str(path))
    except SourceError:
        continue
    parse(str(path), source.text, format_for(str(path)), source.bom)
"""


def _tree_rss(pid: int) -> int:
    """Resident kB of a process and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def measure(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak MB of the process tree) of one run; output discarded."""
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    proc.wait()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return wall, peak / 1024


def median_of(cmd: list[str], runs: int, cwd: Path | None = None) -> tuple[float, float]:
    results = [measure(cmd, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def find_tool(given: str | None, name: str, places: list[Path]) -> str | None:
    if given:
        return given
    for place in places:
        if (place / name).exists():
            return str(place / name)
    return shutil.which(name)


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))


def edited_copies(corpus: Path, factor: int, dest: Path) -> Path:
    """The corpus `factor` times; copy k > 0 changes one word in every k-th line, so the
    copies are near (not exact) repeats, as republished stories are."""
    for k in range(factor):
        for file in files_of(corpus):
            out = dest / f"copy{k}" / file.relative_to(corpus)
            out.parent.mkdir(parents=True, exist_ok=True)
            raw = file.read_bytes()
            if k:
                lines = raw.split(b"\n")
                for i in range(0, len(lines), k + 1):
                    lines[i] = lines[i].replace(b" the ", b" a ", 1)
                raw = b"\n".join(lines)
            out.write_bytes(raw)
    return dest


def duplicates(newslint: list[str], corpus: Path) -> tuple[int, int, int, int]:
    """(byte-identical article pairs, of them found by D003, near findings, near findings
    below the threshold)."""
    by_digest: dict[str, list[str]] = defaultdict(list)
    for file in files_of(corpus):
        by_digest[hashlib.sha256(file.read_bytes()).hexdigest()].append(str(file))
    pairs = {(a, b) for group in by_digest.values() for a in group for b in group if a < b}
    out = subprocess.run(
        [*newslint, str(corpus), "--select", "D003", "--no-cache", "--output-format", "json"],
        capture_output=True,
        text=True,
    ).stdout
    found = json.loads(out)
    linked = {(d["path"], r["path"]) for d in found for r in d["related"]}
    hit = sum(1 for a, b in pairs if (a, b) in linked and (b, a) in linked)
    near = [d for d in found if "nearly" in d["message"]]
    below = [d for d in near if int(d["message"].split("(")[1].split("%")[0]) < 80]
    return len(pairs), hit, len(near), len(below)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--proselint")
    parser.add_argument("--write-good")
    parser.add_argument("--skip-scaling", action="store_true")
    args = parser.parse_args()
    corpus: Path = args.folder.resolve()
    if not corpus.is_dir():
        print(f"no corpus at {corpus}; give a folder of articles", file=sys.stderr)
        return 2
    files = files_of(corpus)
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    one = str(max(files, key=lambda f: f.stat().st_size if f.stat().st_size < 8000 else 0))
    newslint = [sys.executable, "-m", "newslint"]
    proselint = find_tool(args.proselint, "proselint", [ROOT.parent / "venv-bench" / "bin"])
    write_good = find_tool(
        args.write_good, "write-good", [ROOT / "bench" / "node_modules" / ".bin"]
    )
    for name, tool, how in (
        ("proselint", proselint, "python -m venv ../venv-bench && ../venv-bench/bin/pip install proselint"),
        ("write-good", write_good, "(cd bench && npm install write-good)"),
    ):  # fmt: skip
        if tool is None:
            print(f"{name} not found; install it with: {how}", file=sys.stderr)
    cache = tempfile.mkdtemp(prefix="newslint-bench-cache-")
    tools: list[tuple[str, list[str], list[str]]] = [
        ("newslint (default jobs, no cache)", [*newslint, "--no-cache", "-q"], []),
        ("newslint --jobs 1, no cache", [*newslint, "--no-cache", "--jobs", "1", "-q"], []),
        ("newslint, warm cache", [*newslint, "--cache-dir", cache, "-q"], []),
    ]
    if proselint:
        tools.append(("proselint", [proselint, "check"], []))
    if write_good:
        tools.append(("write-good", [write_good], []))
    subprocess.run([*newslint, "--cache-dir", cache, "-q", str(corpus)], capture_output=True)

    rows = {}
    for name, cmd, _ in tools:
        targets = [str(f) for f in files] if name == "write-good" else [str(corpus)]
        wall, peak = median_of(cmd + targets, args.runs)
        single, _ = median_of(cmd + [one], args.runs + 2)
        rows[name] = (wall, peak, single)
        print(
            f"measured {name}: {wall:.2f} s, {peak:.0f} MB, one article {single:.3f} s",
            file=sys.stderr,
        )
    floor, floor_peak = median_of([sys.executable, "-c", FLOOR, str(corpus)], args.runs)

    print(
        f"Corpus: `{corpus.name}`, {len(files)} articles, {megabytes:.1f} MB; medians of {args.runs} runs"
    )
    print(
        f"({args.runs + 2} for one article: `{Path(one).name}`, {Path(one).stat().st_size} bytes).\n"
    )
    print("| tool | wall s | articles/s | MB/s | peak MB | one article s |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (wall, peak, single) in rows.items():
        print(
            f"| {name} | {wall:.2f} | {len(files) / wall:.0f} | {megabytes / wall:.2f} | {peak:.0f} | {single:.3f} |"
        )
    print(
        f"| floor: read + split, no rules, one process | {floor:.2f} | {len(files) / floor:.0f} | {megabytes / floor:.2f} | {floor_peak:.0f} | |"
    )

    ours, ours_one, _ = (
        rows["newslint (default jobs, no cache)"],
        rows["newslint --jobs 1, no cache"],
        None,
    )
    print("\n| target | measured | met |\n|---|---|---|")
    for peer, need in (("proselint", 20), ("write-good", 5)):
        if peer in rows:
            ratio = rows[peer][0] / ours[0]
            print(
                f"| corpus >= {need}x faster than {peer} | {ratio:.1f}x | {'yes' if ratio >= need else 'no'} |"
            )
            single = rows[peer][2] / ours[2]
            print(
                f"| one article faster than {peer} | {single:.1f}x | {'yes' if single > 1 else 'no'} |"
            )
    print(
        f"| one article about 100 ms | {ours[2] * 1000:.0f} ms | {'yes' if ours[2] <= 0.12 else 'no'} |"
    )
    print(
        f"| total within 4x the floor (--jobs 1) | {ours_one[0] / floor:.1f}x | {'yes' if ours_one[0] / floor <= 4 else 'no'} |"
    )
    print(
        f"| total within 4x the floor (default jobs) | {ours[0] / floor:.1f}x | {'yes' if ours[0] / floor <= 4 else 'no'} |"
    )
    print(f"| peak memory under 300 MB | {ours[1]:.0f} MB | {'yes' if ours[1] < 300 else 'no'} |")

    if not args.skip_scaling:
        with tempfile.TemporaryDirectory(prefix="newslint-bench-") as temp:
            times = {}
            for factor in (1, 2, 4, 8):
                folder = edited_copies(corpus, factor, Path(temp) / f"x{factor}")
                cmd = [*newslint, "--no-cache", "-q", "--extend-select", "D003", str(folder)]
                times[factor] = median_of(cmd, args.runs)
                shutil.rmtree(folder)
            print("\nScaling, duplicate-across-articles on (default jobs, no cache):\n")
            print("| size | articles | wall s | vs 1x | peak MB |\n|---|---:|---:|---:|---:|")
            for factor, (wall, peak) in times.items():
                print(
                    f"| {factor}x | {len(files) * factor} | {wall:.2f} | {wall / times[1][0]:.2f}x | {peak:.0f} |"
                )
            ratio = times[8][0] / times[1][0]
            print(
                f"\n8x the corpus takes {ratio:.2f}x the time (target <= 8.8x): {'met' if ratio <= 8.8 else 'missed'}."
            )

    pairs, hit, near, below = duplicates(newslint, corpus)
    print(f"\nCross-article duplicates (D003 on `{corpus.name}`): {hit} of {pairs} byte-identical "
          f"article pairs found; {near} near-repeat findings, {below} of them below the 0.8 threshold.")  # fmt: skip
    shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
