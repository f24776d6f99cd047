"""Big files: lint a generated article of 1 to 50 MB and report time and peak memory.

    python bench/bigfile.py                 # 5, 10, 25 and 50 MB, plain text and Markdown
    python bench/bigfile.py --sizes 1 5     # quicker
    python bench/bigfile.py --formats dense --sizes 0.2   # copy without full stops
    python bench/bigfile.py --sizes 1 --python old/bin/python --python new/bin/python
    python bench/bigfile.py --joined ../shared/corpus/bbc [--runs 3] [--python PY ...]
    python bench/bigfile.py --joined ../shared/corpus/bbc --cache [--runs 3] [--python PY ...]

Each size runs `newslint` in a fresh process (every rule selected, JSON output to
/dev/null) and reads that process's peak resident memory from the operating system. Time
and memory per megabyte stay flat as the file grows when no step is quadratic. Each
`--python` (an interpreter with newslint) gets a row per size, named at its end; without
one, the interpreter running this script is timed.

`--joined FOLDER` checks issue 14's target instead: the articles of FOLDER joined into one
file (as `bench/compare.py` does) against the same bytes as separate files, each linted as
that script does (`--jobs 1 --no-cache`, default rules), the two alternating; medians of
CPU (user + system) and peak memory, and their ratios. Given `--python` more than once
(each checkout's venv), every interpreter runs in each round, so two versions are compared
under the same load. With `--cache` the runs keep the result cache, as a user's default
run does: each input is linted with a new store (cold: every row written), then again
(warm: every row read), and the table gives both runs' CPU and peak memory.

The article is generated from sentences written for this script with a fixed seed: news
paragraphs, a few exact and near repeats, quotations, superlatives, suppression comments
and (in Markdown) headings, links, emphasis and code, so every stage of parsing and every
rule has work to do. `--formats dense` writes copy without full stops instead: paragraphs of
vague sources and superlatives joined by "and", where a rule's work per cue, if it reads the
whole sentence, grows with the square of the paragraph.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SUBJECTS = [
    "The council", "Northline's chief executive, Dana Reyes,", "A spokesperson for the port",
    "The union's regional officer", "Residents of the Riverside estate", "The minister",
    "Experts", "The regulator", "Local traders", "The harbour master, Jo Lund,",
]  # fmt: skip
VERBS = ["said", "warned", "confirmed", "denied", "announced", "argued", "insisted"]
CLAIMS = [
    "that fares would rise by 8% from April",
    "the biggest investment in the town's history",
    "that the new crane would move 40 boxes an hour",
    "the plan had been approved after a week of pressure",
    "an unprecedented rise in demand over the winter",
    "that the wall had done exactly what it was built to do",
    "the first woman to lead the authority in its history",
    "that talks would resume on Tuesday at 10:00",
]  # fmt: skip
QUOTES = [
    '"We have listened to passengers and we will keep listening," she said.',
    "\u201cIt is only the tip of the iceberg,\u201d said Mr Lund.",
    '"This is a world-class facility," the mayor said.',
]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAIMS)}."


def paragraph(rng: random.Random) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.3:
        parts.append(rng.choice(QUOTES))
    return " ".join(parts) + f" (Item {rng.randrange(10**9)}.)"


def article(megabytes: float, markdown: bool, seed: int = 7) -> str:
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    earlier: list[str] = []
    while size < target:
        roll = rng.random()
        if roll < 0.02 and earlier:
            para = rng.choice(earlier)  # an exact repeat
        elif roll < 0.03 and earlier:
            para = rng.choice(earlier).replace(" said ", " told reporters ")  # a near repeat
        elif roll < 0.04:
            para = "<!-- newslint: ignore D001 -->"
        elif markdown and roll < 0.08:
            para = f"## {sentence(rng)[:-1]}"
        elif markdown and roll < 0.12:
            para = (
                f"- {sentence(rng)} See [the report](https://example.org/{rng.randrange(999)}) "
                f"and `code {rng.randrange(99)}` for **details**."
            )
        else:
            para = paragraph(rng)
            earlier.append(para)
            if len(earlier) > 200:
                earlier.pop(0)
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out) + "\n"


# Copy without full stops: each paragraph one run of clauses dense in cues and claims, which
# the sentence splitter can only cut by length, so every question a rule asks per cue reads a
# long sentence. An attacker's file of such lines once took a minute for 2.4 MB.
DENSE = [
    "experts said", "analysts believe", "critics argued", "reports show", "studies suggest",
    "the biggest rise", "the worst slump", "the most ambitious plan", "an unprecedented fall",
    "the highest price", "a record high",
]  # fmt: skip


def dense(megabytes: float, seed: int = 7) -> str:
    """A text of `megabytes` (millions of characters) of DENSE clauses joined by "and",
    about 1,200 characters a paragraph (sentences of up to 1,000: the splitter cuts them
    by length) and no full stop."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        para = " and ".join(rng.choice(DENSE) for _ in range(60))
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out) + "\n"


def has_newslint(python: str) -> None:
    """End the script, saying why, unless `python` runs newslint: without it every run
    would fail at once (exit 1, as for findings) and be timed as if it had linted."""
    try:
        done = subprocess.run([python, "-m", "newslint", "--version"], capture_output=True)
    except OSError as exc:
        raise SystemExit(f"bigfile.py: cannot run {python}: {exc.strerror}") from None
    if done.returncode != 0:
        raise SystemExit(f"bigfile.py: {python} has no working newslint (pip install -e .)")


def _timed(python: str, code: str, args: list[str]) -> list[str]:
    """The figures `code` prints, run by `python` with `args`; the code prints newslint's
    exit code last. A newslint that failed (not 0 or 1: say `python` has no newslint) ends
    the script with its message, as its figures would time a failure."""
    done = subprocess.run([python, "-c", code, *args], capture_output=True, text=True)
    out = done.stdout.split()
    if done.returncode != 0 or not out or out[-1] not in ("0", "1"):
        problem = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise SystemExit(f"bigfile.py: newslint failed under {python}: {problem[0]}")
    return out[:-1]


def measure(path: Path, python: str) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident kilobytes of one `newslint` run of
    `python`, in a fresh process. CPU time is the figure to compare: the machine may be
    shared."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "done = subprocess.run([sys.executable, '-m', 'newslint', '--isolated', '--no-cache',\n"
        "    '--select', 'ALL', '--output-format', 'json', sys.argv[1]],\n"
        "    stdout=subprocess.DEVNULL, check=False)\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - t, use.ru_utime + use.ru_stime, use.ru_maxrss,\n"
        "    done.returncode)\n"
    )
    out = _timed(python, code, [str(path)])
    return float(out[0]), float(out[1]), int(out[2])


def readable(raw: bytes) -> bool:
    """Does newslint read these bytes as the bench scripts run it (no --encoding)? It
    reports a file it cannot (not UTF-8; binary: NUL bytes, a PDF's or an image's
    signature, control characters) at once, exit 2, and lints the others. Asked of
    newslint's own `decode` where this interpreter has newslint (the script may time
    others'); else of the two tests it makes of most files."""
    try:
        from newslint.formats.source import SourceError, decode
    except ImportError:
        if b"\0" in raw:
            return False
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    try:
        decode(raw)
    except SourceError:
        return False
    return True


def joined(folder: Path, dest: Path) -> list[Path]:
    """Write the UTF-8 articles (.txt, .md) of `folder` into `dest` as one file, a blank line
    between them, as `bench/compare.py` does; return the articles joined."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))
    kept = []
    with dest.open("wb") as out:
        for file in files:
            raw = file.read_bytes()
            if not readable(raw):
                continue  # one such article would make the whole joined file unreadable
            kept.append(file)
            out.write(raw.rstrip(b"\n") + b"\n\n")
    return kept


def cold(python: str, paths: list[str], cache: str | None = None) -> tuple[float, int]:
    """CPU seconds (user + system) and peak resident kilobytes of one `newslint --jobs 1`
    run over `paths` in a fresh process, as `bench/compare.py` runs it: `--no-cache`, or
    with its result cache in the folder `cache` (a user's default run)."""
    store = ["--no-cache"] if cache is None else ["--cache-dir", cache]
    code = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'newslint', '--isolated', '-q',\n"
        "    '--jobs', '1', *sys.argv[1:]], stdout=subprocess.DEVNULL, check=False)\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(use.ru_utime + use.ru_stime, use.ru_maxrss, done.returncode)\n"
    )
    out = _timed(python, code, [*store, *paths])
    return float(out[0]), int(out[1])


def cached(python: str, paths: list[str], folder: Path) -> tuple[float, int, float, int]:
    """CPU seconds and peak kilobytes of a run over `paths` with a new result cache in
    `folder` (cold: every row written), then of a second run (warm: every row read)."""
    cache = str(folder / "cache")
    try:
        return (*cold(python, paths, cache), *cold(python, paths, cache))
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def compare_cached(big: Path, files: list[str], runs: int, pythons: list[str]) -> None:
    """The one file against the separate files with the result cache, cold and warm:
    medians of CPU and peak memory of each, a fresh store for each pair of runs."""
    print(
        "| python | input | cold CPU s | cold MB | warm CPU s | warm MB |\n"
        "|---|---|---:|---:|---:|---:|"
    )
    found: dict[tuple[str, str], list[tuple[float, int, float, int]]] = {}
    for _ in range(runs):
        for python in pythons:
            for name, paths in (("one file", [str(big)]), ("files", files)):
                found.setdefault((python, name), []).append(cached(python, paths, big.parent))
    for (python, name), rows in found.items():
        cold_cpu, cold_kb, warm_cpu, warm_kb = (
            statistics.median(row[k] for row in rows) for k in range(4)
        )
        print(
            f"| {python} | {name} | {cold_cpu:.2f} | {cold_kb / 1024:.0f} "
            f"| {warm_cpu:.2f} | {warm_kb / 1024:.0f} |"
        )


def compare_joined(folder: Path, runs: int, pythons: list[str], cache: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "joined.txt"
        files = [str(f) for f in joined(folder, big)]
        if not files:
            # With no paths newslint would lint the working folder: figures of nothing asked.
            raise SystemExit(f"bigfile.py: no UTF-8 articles (.txt, .md) in {folder}")
        size = big.stat().st_size / 1e6
        print(f"{len(files)} articles of {folder}, {size:.1f} MB; medians of {runs} runs\n")
        if cache:
            compare_cached(big, files, runs, pythons)
            return
        print(
            "| python | one file CPU s | files CPU s | CPU ratio "
            "| one file MB | files MB | memory ratio |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        found: dict[str, list[tuple[float, int, float, int]]] = {p: [] for p in pythons}
        for _ in range(runs):
            for python in pythons:
                found[python].append((*cold(python, [str(big)]), *cold(python, files)))
        for python, rows in found.items():
            one_cpu, one_kb, many_cpu, many_kb = (
                statistics.median(row[k] for row in rows) for k in range(4)
            )
            print(
                f"| {python} | {one_cpu:.2f} | {many_cpu:.2f} | {one_cpu / many_cpu:.2f}x "
                f"| {one_kb / 1024:.0f} | {many_kb / 1024:.0f} | {one_kb / many_kb:.2f}x |"
            )


def positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    """An argparse type: a number of `kind` above 0 (no run has no median; a file of 0 MB
    is not the size asked for). The bench scripts' --runs and sizes use it."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
        return value

    return parse


def main() -> None:
    parser = argparse.ArgumentParser(
        # The whole docstring: what the script needs (../shared, ../peers) and how to get it.
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", type=positive(float), nargs="+", default=[5, 10, 25, 50])
    parser.add_argument(
        "--formats", nargs="+", choices=["txt", "md", "dense"], default=["txt", "md"]
    )
    parser.add_argument("--joined", type=Path, help="a folder of articles: one file vs many")
    parser.add_argument(
        "--cache", action="store_true", help="with --joined: with the result cache, cold and warm"
    )
    parser.add_argument("--runs", type=positive(int), default=3)
    parser.add_argument("--python", action="append", help="an interpreter with newslint")
    args = parser.parse_args()
    for python in args.python or [sys.executable]:
        has_newslint(python)
    if args.joined is not None:
        if not args.joined.is_dir():
            raise SystemExit(f"bigfile.py: {args.joined} is not a folder (of articles to join)")
        pythons = args.python or [sys.executable]
        compare_joined(args.joined.resolve(), args.runs, pythons, args.cache)
        return
    print(
        f"{'format':<8}{'size MB':>9}{'wall s':>8}{'CPU s':>8}{'CPU s/MB':>10}"
        f"{'peak MB':>9}{'peak/size':>11}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats:
            for megabytes in args.sizes:
                path = Path(tmp) / f"wire.{'txt' if fmt == 'dense' else fmt}"
                text = dense(megabytes) if fmt == "dense" else article(megabytes, fmt == "md")
                path.write_text(text, encoding="utf-8")
                size = path.stat().st_size / 1e6
                # Each interpreter asked for (`--python`) times its own newslint on the
                # same file; without one, the script's own. Named after the row when asked.
                for python in args.python or [sys.executable]:
                    wall, cpu, peak_kb = measure(path, python)
                    peak = peak_kb / 1024
                    print(
                        f"{fmt:<8}{size:>9.1f}{wall:>8.1f}{cpu:>8.1f}{cpu / size:>10.2f}"
                        f"{peak:>9.0f}{peak / size:>11.1f}"
                        + (f"  {python}" if args.python else ""),
                        flush=True,
                    )


if __name__ == "__main__":
    main()
