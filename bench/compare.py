"""newslint against its peers, in one run on one machine: CPU, wall time and memory.

    python bench/compare.py [FOLDER] [--runs 3] [--peers DIR] [--skip-scaling]

FOLDER defaults to ../shared/corpus/bbc. The peers are looked up in --peers DIR (default
../peers: `DIR/venv-prose/bin/proselint`, `DIR/node_modules/.bin/{write-good,alex,textlint}`),
then on PATH. Install them apart from newslint:

    python -m venv ../peers/venv-prose && ../peers/venv-prose/bin/pip install proselint
    (cd ../peers && npm install write-good alex textlint textlint-rule-write-good textlint-rule-alex)

Every figure is a median of --runs whole-process runs, with .pyc files written (the
variable PYTHONDONTWRITEBYTECODE is dropped, as an installed newslint has them). CPU is user + system seconds of the
process and every process it started (worker processes included), read from the kernel's
accounting of reaped children; wall is elapsed seconds; peak is the resident memory of the
process tree sampled every 20 ms. Ratios are taken in the same run, so a busy machine
slows both sides alike. Measured:

- the corpus, cold (no cache), for newslint with --jobs 1 and with its default jobs, and
  for each peer; newslint with a warm cache;
- one article, whole process (imports included), run as a user runs it: the `newslint`
  script beside this interpreter (`newslint_command`);
- the floor: newslint reading and splitting every file (no rules, one process), timed in
  turn with newslint --jobs 1 on the corpus for their ratio, as one article is with
  write-good for theirs (`medians_alternating`): ratios of runs taken minutes apart moved
  with the machine's load;
- default --jobs against --jobs 1 on 16 files and on the corpus;
- duplicate-across-articles at 1x, 2x, 4x, 8x the corpus (lightly edited copies);
- one 4 MB file against the same bytes as the corpus's separate files, and that one file
  read and parsed by newslint with only unknown-suppression selected (which reads only
  suppression comments): the least memory any set of rules can add to; and the CPU
  ratio without duplicate-paragraph and duplicate-sentence, which look for repeats across
  the whole one file.

newslint is the one installed for the Python that runs this script. Time a regular install
(`pip install .` in a venv of its own), as users have one: an editable install (`pip
install -e .`) adds its import hook to every start (0 to 10 ms of one article, as measured).

Prints a Markdown report for docs/performance.md. Never part of the test run.
"""

# ruff: noqa: E501  (table rows read best on one line)
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bigfile import joined, positive, readable

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
PEERS = ROOT.parent / "peers"
FLOOR = """
import sys
from pathlib import Path
from newslint.formats import SourceError, read
for path in sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file()):
    try:
        read(str(path), path.read_bytes())
    except SourceError:
        continue
"""


@dataclass(frozen=True)
class Timing:
    cpu: float  # seconds, user + system, the whole process tree
    wall: float  # seconds
    peak: float  # MB resident, the whole process tree


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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# How a timed newslint run that did its work exits: no findings, findings, or 2 when some
# file could not be read (the BBC corpus holds one that is not UTF-8; the others are still
# linted). A usage error exits 2 as well, at once: `refusal` tries every command shape on
# one article before anything is timed. Anything else is a crash.
NEWSLINT_EXITS = (0, 1, 2)
# What Python prints of an exception newslint did not catch (a broken install: a module
# missing past --version). It exits 1, as findings do; newslint's own errors are one line.
CRASH = "Traceback (most recent call last)"


def measure(cmd: list[str], exits: tuple[int, ...] | None = None) -> Timing:
    """One run of `cmd`, output discarded. With `exits`, a run exiting otherwise stops the
    script, naming the command and showing its error output."""
    peak = 0
    cpu_before = _children_cpu()
    start = time.perf_counter()
    errors = tempfile.TemporaryFile()  # a file, not a pipe: nothing waits on it being read
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
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
    with errors:
        errors.seek(0)
        said = errors.read().decode(errors="replace") if exits is not None else ""
        if exits is not None and (proc.returncode not in exits or CRASH in said):
            said = said.strip()[-2000:]
            print(f"{' '.join(cmd[:12])} ... exited {proc.returncode}:\n{said}", file=sys.stderr)
            raise SystemExit(2)  # as the script's other refusals
    return Timing(_children_cpu() - cpu_before, wall, peak / 1024)


def median_of(cmd: list[str], runs: int, exits: tuple[int, ...] | None = None) -> Timing:
    """Medians, field by field, of `runs` runs (each exiting with one of `exits`, if given)."""
    return _medians([measure(cmd, exits) for _ in range(runs)])


def medians_alternating(
    cmds: list[list[str]], runs: int, exits: tuple[int, ...] | None = None
) -> list[Timing]:
    """Medians, field by field, of `runs` runs of each of `cmds`, run in turn each round:
    for a ratio of two commands, whose runs one after the other would see the machine's
    load change between them (the fifth round's two runs gave 16 files 0.97x and 1.03x)."""
    results: list[list[Timing]] = [[] for _ in cmds]
    for _ in range(runs):
        for cmd, timings in zip(cmds, results, strict=True):
            timings.append(measure(cmd, exits))
    return [_medians(timings) for timings in results]


def _medians(results: list[Timing]) -> Timing:
    return Timing(
        statistics.median(r.cpu for r in results),
        statistics.median(r.wall for r in results),
        statistics.median(r.peak for r in results),
    )


def find_tool(name: str, places: list[Path]) -> str | None:
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


def peers(place: Path) -> dict[str, list[str]]:
    """Each peer's command, without the files; a missing peer is named with how to install."""
    bins = [place / "node_modules" / ".bin"]
    found = {
        "write-good": find_tool("write-good", bins),
        "proselint": find_tool("proselint", [place / "venv-prose" / "bin"]),
        "alex": find_tool("alex", bins),
        "textlint": find_tool("textlint", bins),
    }
    commands = {}
    for name, tool in found.items():
        if tool is None:
            print(f"{name} not found; see `python bench/compare.py --help`", file=sys.stderr)
            continue
        commands[name] = {
            "write-good": [tool],
            "proselint": [tool, "check"],
            "alex": [tool, "--quiet"],
            "textlint": [tool, "--rule", "write-good", "--rule", "alex"],
        }[name]
    return commands


def newslint_command(python: str) -> list[str]:
    """How a user runs the newslint installed for `python`: the `newslint` script pip put
    beside the interpreter (what a shell, CI and the pre-commit hook run), or `python -m
    newslint` where there is none. The two differ by runpy, about 10 ms of one article."""
    script = Path(python).parent / "newslint"
    return [str(script)] if script.is_file() else [python, "-m", "newslint"]


def refusal(shapes: list[list[str]]) -> str | None:
    """How the first of `shapes` (newslint commands, the paths left off) fails on one
    article of our own, or None when each lints it (exit 0 or 1): a renamed option or rule
    is refused with exit 2 in a fraction of a second, which timed would pass for a run."""
    with tempfile.TemporaryDirectory(prefix="newslint-probe-") as folder:
        article = Path(folder) / "probe.txt"
        article.write_text("The council said on Tuesday that fares would rise.\n", encoding="utf-8")
        for cmd in shapes:
            done = subprocess.run([*cmd, str(article)], capture_output=True, text=True)
            if done.returncode not in (0, 1) or CRASH in done.stderr:
                said = done.stderr.strip()[-2000:]
                return f"{' '.join(cmd)} {article} exited {done.returncode}:\n{said}"
    return None


def from_anywhere(python: str) -> str:
    """`python` as a child run from another folder finds it: a path relative to this one
    ("venv/bin/python") made absolute, not resolved (a venv's python is a link to the base
    interpreter, which has no newslint); a bare name is looked up on PATH as before."""
    return os.path.abspath(python) if os.sep in python else python


def folder_parser(description: str, runs: int) -> argparse.ArgumentParser:
    """The command line of the scripts that measure a folder with one or more installs:
    `description` (the script's whole docstring) as the help, FOLDER (default the BBC
    corpus), `--runs` (default `runs`) and `--python` (once per install)."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=positive(int), default=runs)
    parser.add_argument("--python", action="append", default=[], metavar="PY")
    return parser


def timed_interpreters(parser: argparse.ArgumentParser, given: list[str]) -> list[str]:
    """The interpreters `--python` gave (`from_anywhere`), or the one running this script,
    each checked to have a newslint to time; `parser.error` (exit 2) names the first that
    has none, before any round is run."""
    pythons = [from_anywhere(python) for python in given] or [sys.executable]
    for python in pythons:
        problem = newslint_problem(python)
        if problem:
            parser.error(problem)
    return pythons


def newslint_problem(python: str) -> str | None:
    """Why the newslint of `python` cannot be timed, or None: a missing interpreter or one
    without newslint fails at once (exit 1, as for findings) and would be timed as a run."""
    try:
        done = subprocess.run([*newslint_command(python), "--version"], capture_output=True)
    except OSError as exc:
        return f"cannot run {python}: {exc.strerror}"
    if done.returncode != 0:
        return f"{python} has no working newslint (pip install -e .)"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        # The whole docstring: what the script needs (../shared, ../peers) and how to get it.
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", type=Path, default=PEERS)
    parser.add_argument("--skip-scaling", action="store_true")
    args = parser.parse_args(argv)
    # Cold means no result cache, not no bytecode: an installed newslint (and proselint, which
    # pip compiled when it installed it) runs from .pyc files. With this variable set, as on
    # some CI images, every newslint process would compile its source first (about 70 ms).
    # The warm-up run below writes the .pyc files.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    corpus: Path = args.folder.resolve()
    if not corpus.is_dir():
        print(f"no corpus at {corpus}; give a folder of articles", file=sys.stderr)
        return 2
    files = files_of(corpus)
    # A folder of files newslint cannot read would be timed refusing them, and one such
    # article timed alone: the runs exit 2 at once.
    readable_files = [f for f in files if readable(f.read_bytes())]
    if not files:
        problem: str | None = f"no articles in {corpus}"
    elif not readable_files:
        problem = f"no article newslint can read in {corpus} (UTF-8 text)"
    else:
        problem = newslint_problem(sys.executable)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    targets = [str(f) for f in files]
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    # A typical article: the largest under 8 kB.
    one = str(max(readable_files, key=lambda f: f.stat().st_size if f.stat().st_size < 8000 else 0))
    newslint = [*newslint_command(sys.executable), "--isolated", "-q"]
    cold = [*newslint, "--no-cache"]
    cache = tempfile.mkdtemp(prefix="newslint-bench-cache-")
    tools = {
        "newslint --jobs 1": [*cold, "--jobs", "1"],
        "newslint (default jobs)": cold,
        "newslint, warm cache": [*newslint, "--cache-dir", cache],
    }
    # The lines beside the 4 MB target: read and parse only; no rule that pairs paragraphs.
    parse_only = [*cold, "--jobs", "1", "--select", "N001"]
    unpaired = [*cold, "--jobs", "1", "--ignore", "D001,D002"]
    with_d003 = [*cold, "--extend-select", "D003"]
    problem = refusal([*tools.values(), parse_only, unpaired, with_d003])
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    tools.update(peers(args.peers))
    subprocess.run([*newslint, "--cache-dir", cache, str(corpus)], capture_output=True)

    rows: dict[str, tuple[Timing, Timing]] = {}
    for name, cmd in tools.items():
        # Peers exit as they please; newslint's runs must have done their work.
        exits = NEWSLINT_EXITS if name.startswith("newslint") else None
        corpus_run = median_of(cmd + targets, args.runs, exits)
        # The one article is one newslint reads (`readable`): it lints it, exit 0 or 1.
        single = median_of(cmd + [one], args.runs + 2, (0, 1) if exits else None)
        rows[name] = (corpus_run, single)
        print(f"measured {name}: {corpus_run} / one article {single}", file=sys.stderr)
    # The floor is timed in turn with newslint --jobs 1 on the corpus, for their ratio: timed
    # minutes apart, as the rows above are, the machine's load moved that ratio from 4.57x to
    # 6.30x between two runs of this script (twelfth round). A floor that crashes prints a
    # traceback, which `measure` refuses whatever the exit.
    paired_base, floor = medians_alternating(
        [tools["newslint --jobs 1"] + targets, [sys.executable, "-c", FLOOR, str(corpus)]],
        args.runs,
        NEWSLINT_EXITS,
    )

    base = rows["newslint --jobs 1"][0]
    print(
        f"Corpus: `{corpus.name}`, {len(files)} articles, {megabytes:.1f} MB; medians of {args.runs} runs"
    )
    print(
        f"({args.runs + 2} for one article: `{Path(one).name}`, {Path(one).stat().st_size} bytes). CPU is user + system of the whole process tree.\n"
    )
    print(
        "| tool | corpus CPU s | CPU vs newslint --jobs 1 | wall s | peak MB | one article wall s | one article CPU s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (whole, single) in rows.items():
        print(
            f"| {name} | {whole.cpu:.2f} | {whole.cpu / base.cpu:.2f}x | {whole.wall:.2f} | {whole.peak:.0f} | {single.wall:.3f} | {single.cpu:.3f} |"
        )
    print(
        f"| floor: read + parse, no rules, one process (timed in turn with --jobs 1) | {floor.cpu:.2f} | {floor.cpu / paired_base.cpu:.2f}x | {floor.wall:.2f} | {floor.peak:.0f} | | |"
    )

    print("\n| target | measured in this run | met |\n|---|---|---|")

    def target(what: str, ratio: float, good: bool) -> None:
        print(f"| {what} | {ratio:.2f}x | {'yes' if good else 'no'} |")

    if "write-good" in rows:
        wg = rows["write-good"][0]
        target(
            "corpus CPU: write-good's over newslint --jobs 1's (> 1 is ahead)",
            wg.cpu / base.cpu,
            wg.cpu > base.cpu,
        )
        # Runs of a tenth of a second, timed in turn, more rounds: timed apart, newslint's own
        # row read 0.19 s where runs in turn right after read 0.13 s (thirteenth round).
        one_ours, one_theirs = medians_alternating(
            [tools["newslint --jobs 1"] + [one], tools["write-good"] + [one]],
            3 * args.runs + 2,
        )
        target(
            "one article wall, runs in turn: write-good's over newslint's (> 1 is ahead)",
            one_theirs.wall / one_ours.wall,
            one_theirs.wall > one_ours.wall,
        )
    target(
        f"corpus CPU over the read+parse floor, runs in turn (<= 4; {paired_base.cpu:.2f} s over {floor.cpu:.2f} s)",
        paired_base.cpu / floor.cpu,
        paired_base.cpu <= 4 * floor.cpu,
    )
    default = rows["newslint (default jobs)"][0]
    target(
        "corpus wall: default jobs over --jobs 1 (<= 1)",
        default.wall / base.wall,
        default.wall <= base.wall,
    )

    sixteen = targets[:16]
    # Cheap runs, whose ratio is near 1 by design (16 files are linted in one process
    # either way): more rounds, alternating.
    small_one, small_default = medians_alternating(
        [[*cold, "--jobs", "1", *sixteen], [*cold, *sixteen]], 3 * args.runs + 2, NEWSLINT_EXITS
    )
    target(
        "16 files wall: default jobs over --jobs 1 (<= 1)",
        small_default.wall / small_one.wall,
        small_default.wall <= small_one.wall,
    )

    with tempfile.TemporaryDirectory(prefix="newslint-bench-") as temp:
        # The same bytes as one file and as many: only files that are UTF-8, since one
        # that is not would make the whole big file unreadable.
        big = Path(temp) / "big.txt"
        texts = [str(file) for file in joined(corpus, big)]
        one_file, many = medians_alternating(
            [[*cold, "--jobs", "1", str(big)], [*cold, "--jobs", "1", *texts]],
            args.runs,
            NEWSLINT_EXITS,
        )
        target(
            f"{big.stat().st_size / 1e6:.1f} MB as one file over the same bytes as {len(texts)} files, CPU (<= 1)",
            one_file.cpu / many.cpu,
            one_file.cpu <= many.cpu,
        )
        target(
            f"  the same, peak memory ({one_file.peak:.0f} MB over {many.peak:.0f} MB)",
            one_file.peak / many.peak,
            one_file.peak <= many.peak,
        )
        # Not a target: the one file read and parsed in newslint's own process, with a rule
        # that reads only suppression comments. Its peak is where the rules start from: when
        # it alone passes the files' whole run, no saving in the rules meets the memory
        # target while a file is read and parsed whole.
        parsed = median_of([*parse_only, str(big)], args.runs, NEWSLINT_EXITS)
        print(
            f"| (not a target) the one file read and parsed, only N001 selected, peak memory "
            f"({parsed.peak:.0f} MB over the files' {many.peak:.0f} MB) "
            f"| {parsed.peak / many.peak:.2f}x | |"
        )
        # Not a target either: the same CPU ratio without the two rules that look for repeats
        # across the whole file (duplicate-sentence asks duplicate-paragraph's search), which
        # the one file gives work the separate files never have: its articles' repeats of
        # each other.
        one_alone, many_alone = medians_alternating(
            [[*unpaired, str(big)], [*unpaired, *texts]], args.runs, NEWSLINT_EXITS
        )
        print(
            f"| (not a target) the same CPU ratio without D001 and D002 "
            f"| {one_alone.cpu / many_alone.cpu:.2f}x | |"
        )

        if not args.skip_scaling:
            times = {}
            for factor in (1, 2, 4, 8):
                folder = edited_copies(corpus, factor, Path(temp) / f"x{factor}")
                times[factor] = median_of([*with_d003, str(folder)], args.runs, NEWSLINT_EXITS)
                shutil.rmtree(folder)
            print("\nScaling, duplicate-across-articles on (default jobs, no cache):\n")
            print(
                "| size | articles | CPU s | CPU vs 1x | wall s | wall vs 1x | peak MB |\n|---|---:|---:|---:|---:|---:|---:|"
            )
            for factor, timing in times.items():
                print(
                    f"| {factor}x | {len(files) * factor} | {timing.cpu:.2f} | {timing.cpu / times[1].cpu:.2f}x | {timing.wall:.2f} | {timing.wall / times[1].wall:.2f}x | {timing.peak:.0f} |"
                )
            # The cost is the CPU (the whole process tree): on a shared machine the wall time
            # measures the other jobs as much as this one. Both are printed.
            ratio = times[8].cpu / times[1].cpu
            wall = times[8].wall / times[1].wall
            print(
                f"\n8x the corpus costs {ratio:.2f}x the CPU of 1x (target <= 8.8x): {'met' if ratio <= 8.8 else 'missed'}; wall {wall:.2f}x."
            )
    shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
