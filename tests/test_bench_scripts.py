"""The bench scripts of issue 14 refuse to time what is not a newslint run: a missing
folder or article, an interpreter without newslint. Each would otherwise print figures
that look like a measurement (newslint's import failure exits 1, as findings do)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newslint.engine.check import run_order
from newslint.engine.registry import discover
from newslint.engine.rule import CorpusRule

BENCH = Path(__file__).resolve().parent.parent / "bench"
ARTICLE = "Officials said the harbour wall would be finished by June.\n"


def bench(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def no_newslint(tmp_path: Path) -> str:
    """An interpreter that, like a Python without newslint, fails to run it."""
    fake = tmp_path / "python-without-newslint"
    fake.write_text("#!/bin/sh\necho 'No module named newslint' >&2\nexit 1\n")
    fake.chmod(0o755)
    return str(fake)


def test_bigfile_joined_refuses_a_missing_or_empty_folder(tmp_path):
    missing = bench("bigfile.py", "--joined", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert missing.returncode != 0 and "nowhere is not a folder" in missing.stderr
    assert "|" not in missing.stdout
    (tmp_path / "empty").mkdir()
    empty = bench("bigfile.py", "--joined", str(tmp_path / "empty"), cwd=tmp_path)
    assert empty.returncode != 0 and "no UTF-8 articles" in empty.stderr
    assert "|" not in empty.stdout


def test_bigfile_and_startup_refuse_an_interpreter_without_newslint(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    python = no_newslint(tmp_path)
    joined = bench("bigfile.py", "--joined", str(folder), "--python", python, cwd=tmp_path)
    assert joined.returncode != 0 and f"{python} has no working newslint" in joined.stderr
    assert python not in joined.stdout  # no row of figures for it
    started = bench(
        "startup.py", str(folder / "a.txt"), "--runs", "1", "--python", python,
        "--peers", str(tmp_path / "no-peers"), cwd=tmp_path,
    )  # fmt: skip
    assert started.returncode == 2 and f"{python} has no working newslint" in started.stderr
    assert python not in started.stdout


def test_startup_refuses_a_missing_article_and_times_a_working_newslint(tmp_path):
    missing = bench("startup.py", str(tmp_path / "none.txt"), cwd=tmp_path)
    assert missing.returncode == 2 and "no article at" in missing.stderr
    (tmp_path / "a.txt").write_text(ARTICLE)
    timed = bench(
        "startup.py", str(tmp_path / "a.txt"), "--runs", "1",
        "--peers", str(tmp_path / "no-peers"), "--also=--version", cwd=tmp_path,
    )  # fmt: skip
    assert timed.returncode == 0, timed.stderr
    assert f"| newslint ({sys.executable}) |" in timed.stdout
    assert f"| newslint --version ({sys.executable}) |" in timed.stdout


def test_compile_costs_refuses_a_missing_article_and_times_a_working_newslint(tmp_path):
    missing = bench("compile_costs.py", str(tmp_path / "none.txt"), cwd=tmp_path)
    assert missing.returncode == 2 and "no article at" in missing.stderr
    (tmp_path / "a.txt").write_text(ARTICLE)
    python = no_newslint(tmp_path)
    refused = bench("compile_costs.py", str(tmp_path / "a.txt"), "--python", python, cwd=tmp_path)
    assert refused.returncode == 2 and f"{python} has no working newslint" in refused.stderr
    # A house phrase file's pattern is never in the precompiled table: regex compiles it.
    (tmp_path / "newslint.toml").write_text('phrase-files = ["house.toml"]\n')
    (tmp_path / "house.toml").write_text(
        'code = "H001"\nname = "house-phrase"\nsummary = "s"\ndocs = "d"\n'
        'message = "avoid {match}"\nphrases = ["harbour wall"]\n'
    )
    timed = bench("compile_costs.py", str(tmp_path / "a.txt"), "--runs", "1", cwd=tmp_path)
    assert timed.returncode == 0, timed.stderr
    row = next(line for line in timed.stdout.splitlines() if line.startswith(f"| {sys.executable}"))
    calls = int(row.split("|")[4])
    assert calls > 0  # the house rule's pattern compiled, and each call was counted


def test_compare_refuses_an_empty_folder_and_a_python_without_newslint(tmp_path):
    (tmp_path / "empty").mkdir()
    empty = bench("compare.py", str(tmp_path / "empty"), "--skip-scaling", cwd=tmp_path)
    assert empty.returncode == 2 and "no articles in" in empty.stderr
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    # This Python, but `python -m newslint` finds a newslint that fails as a missing one
    # does (exit 1), before the installed one.
    fake = tmp_path / "fake" / "newslint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text("raise SystemExit('No module named newslint')\n")
    done = subprocess.run(
        [sys.executable, str(BENCH / "compare.py"), str(folder), "--runs", "1", "--skip-scaling"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "fake")},
    )  # fmt: skip
    assert done.returncode == 2 and "has no working newslint" in done.stderr
    assert "|" not in done.stdout


def _compare(folder, tmp_path, peers="no-peers", **env):
    """bench/compare.py run on `folder`, one round, peers looked up in `tmp_path / peers`
    (none unless the test put some there), no scaling (`env` added)."""
    return subprocess.run(
        [sys.executable, str(BENCH / "compare.py"), str(folder), "--runs", "1", "--skip-scaling",
         "--peers", str(tmp_path / peers)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, env={**os.environ, **env},
    )  # fmt: skip


def _compare_with_fake_newslint(tmp_path, check):
    """compare.py run on one article with a stand-in newslint on the path, which answers
    `--version` (so the script takes it for a working one) and runs `check`, the rest of
    its `main` (indented source), for anything else."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    fake = tmp_path / "fake" / "newslint"
    (fake / "cli").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "cli" / "__init__.py").write_text("")
    main = "import sys\ndef main():\n    if '--version' in sys.argv:\n        return 0\n"
    (fake / "cli" / "main.py").write_text(main + check)
    (fake / "__main__.py").write_text(
        "from newslint.cli.main import main\nraise SystemExit(main())\n"
    )
    return _compare(folder, tmp_path, PYTHONPATH=str(tmp_path / "fake"))


def test_compare_stops_at_a_newslint_run_that_fails_instead_of_timing_it(tmp_path):
    """compare.py times newslint with arguments of its own (--select N001, --ignore
    D001,D002 for the lines beside the 4 MB target): a run refused with a usage error
    (exit 2) ends in a fraction of the time and was timed as a run, its ratio printed as a
    measurement. It stops instead, naming the command and showing what newslint said."""
    # A newslint that answers --version (so compare.py takes it for a working one) and
    # refuses every check, as a renamed rule or option would be refused.
    done = _compare_with_fake_newslint(
        tmp_path, "    print('newslint: error: no rule N001', file=sys.stderr)\n    return 2\n"
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "exited 2" in done.stderr and "newslint: error: no rule N001" in done.stderr
    assert "|" not in done.stdout  # no table of timed failures


def test_compare_times_a_corpus_holding_a_file_newslint_cannot_read(tmp_path):
    """A corpus may hold a file that is not UTF-8 (the BBC corpus does): newslint reports
    it, lints the others and exits 2. That run did its work and is timed; only a command
    refused on an article of compare.py's own (a usage error) stops the script."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_bytes("Fares rose by \u00a35 on Tuesday.\n".encode("latin-1"))
    # A stand-in write-good, for the one-article ratio timed in turn with newslint.
    tools = tmp_path / "peers" / "node_modules" / ".bin"
    tools.mkdir(parents=True)
    (tools / "write-good").write_text("#!/bin/sh\nexit 0\n")
    (tools / "write-good").chmod(0o755)
    done = _compare(folder, tmp_path, peers="peers")
    assert done.returncode == 0, done.stderr
    assert "| newslint --jobs 1 |" in done.stdout and "the same CPU ratio without" in done.stdout
    assert "| write-good |" in done.stdout
    # The two ratios of short or close runs come from runs in turn, each said to.
    assert "one article wall, runs in turn: write-good's over newslint's" in done.stdout
    assert "corpus CPU over the read+parse floor, runs in turn (<= 4;" in done.stdout
    assert (
        "| floor: read + parse, no rules, one process (timed in turn with --jobs 1) |"
        in done.stdout
    )


def test_each_scripts_help_says_what_it_needs(tmp_path):
    # The README sends a new user to --help (how to install the peers, for one); each
    # printed only its docstring's first line.
    needs = {
        "compare.py": "npm install write-good",
        "startup.py": "../shared/corpus/bbc",
        "compile_costs.py": "../shared/corpus/bbc",
        "first_check.py": "../shared/corpus/bbc",
        "bigfile.py": "--joined FOLDER",
        "duplicate_rules.py": "[--shared ../shared]",
        "instructions.py": "Needs valgrind",
        "floor_instructions.py": "Needs valgrind",
    }
    for script, text in needs.items():
        done = bench(script, "--help", cwd=tmp_path)
        assert done.returncode == 0 and text in done.stdout, script


def test_floor_instructions_refuses_a_folder_without_articles(tmp_path):
    done = bench("floor_instructions.py", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 2 and f"no articles in {tmp_path}" in done.stderr


def _floor_instructions(folder, tmp_path, *args):
    """bench/floor_instructions.py on `folder` with a stand-in valgrind on PATH that counts
    nothing: a count asked for fails with "valgrind counted nothing", exit 1."""
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "valgrind").write_text("#!/bin/sh\nexit 0\n")
    (tools / "valgrind").chmod(0o755)
    path = f"{tools}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        [sys.executable, str(BENCH / "floor_instructions.py"), str(folder), *args],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, env={**os.environ, "PATH": path},
    )  # fmt: skip


def test_floor_instructions_refuses_a_folder_newslint_cannot_read(tmp_path):
    # Counted, it would be a run refusing every file over a floor skipping every file.
    folder = tmp_path / "latin"
    folder.mkdir()
    (folder / "a.txt").write_bytes("Fares rose by \u00a35 on Tuesday.\n".encode("latin-1"))
    done = _floor_instructions(folder, tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"no article newslint can read in {folder}" in done.stderr


def _stand_in_venv(tmp_path, python):
    """A folder of one article, and a venv's bin whose `newslint` is this one and whose
    `python` is a shell script of `python` (its body): for floor_instructions.py's
    `--python`, whose floor runs that python and whose run the newslint beside it."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "newslint").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m newslint "$@"\n')
    (venv / "python").write_text("#!/bin/sh\n" + python)
    for script in ("newslint", "python"):
        (venv / script).chmod(0o755)
    return folder, venv


def test_floor_instructions_refuses_a_floor_that_crashes(tmp_path):
    # An interpreter whose floor fails (an install whose newslint.formats lacks what FLOOR
    # imports): its few instructions would be counted as a floor, the ratio read as a gain.
    folder, venv = _stand_in_venv(
        tmp_path, "echo 'Traceback (most recent call last):' >&2\nexit 1\n"
    )
    done = _floor_instructions(folder, tmp_path, "--python", str(venv / "python"))
    assert done.returncode == 2, done.stderr
    assert "exited 1" in done.stderr and "Traceback" in done.stderr
    assert "valgrind counted nothing" not in done.stderr


def test_instruction_counts_run_with_the_pyc_files_written_and_count_the_floor_and_run(tmp_path):
    # With PYTHONDONTWRITEBYTECODE set (this machine, some CI images), the plain run wrote no
    # .pyc files and a checkout's count included compiling every module: 3.42x for a dozen
    # articles where 1.99x once they were written.
    folder, venv = _stand_in_venv(tmp_path, f"env >> {tmp_path / 'seen'}\n")
    tools = tmp_path / "tools"
    tools.mkdir()
    # The run counts 3 M, the floor 1 M; each command counted is kept.
    (tools / "valgrind").write_text(
        f'#!/bin/sh\necho "$*" | tr "\\n" " " >> {tmp_path / "counted"}\n'
        f"echo >> {tmp_path / 'counted'}\n"
        'case "$*" in *--no-cache*) n=3000000;; *) n=1000000;; esac\n'
        'echo "==1== Collected : $n" >&2\n'
    )
    (tools / "valgrind").chmod(0o755)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env["PATH"] = f"{tools}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        [sys.executable, str(BENCH / "floor_instructions.py"), str(folder), "--python",
         str(venv / "python")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "PYTHONDONTWRITEBYTECODE" not in (tmp_path / "seen").read_text()
    (tmp_path / "seen").unlink()
    # What is counted: the floor (FLOOR over the folder) and the run, one process, no cache.
    assert f"| {venv / 'python'} | 1 | 3 | 3.00x |" in done.stdout
    floor, run = (tmp_path / "counted").read_text().splitlines()
    assert "from newslint.formats import" in floor and floor.endswith(f" {folder} ")
    assert "check --isolated -q --no-cache --jobs 1" in run and run.endswith(f"{folder / 'a.txt'} ")
    warm = f"import sys; sys.path[:0] = [{str(BENCH)!r}]; from instructions import warm_up; "
    warm += f"warm_up([[{str(venv / 'python')!r}]])"
    subprocess.run([sys.executable, "-c", warm], check=True, env=env, timeout=60)
    assert "PYTHONDONTWRITEBYTECODE" not in (tmp_path / "seen").read_text()


def test_duplicate_rules_says_the_corpus_is_missing(tmp_path):
    done = bench("duplicate_rules.py", "--shared", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert done.returncode == 2 and "nothing to time (give --shared)" in done.stderr


def test_imports_refuses_an_interpreter_without_newslint_and_lists_a_run_s_modules(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    python = no_newslint(tmp_path)
    refused = bench("imports.py", str(article), "--runs", "1", "--python", python, cwd=tmp_path)
    assert refused.returncode == 2 and f"{python} has no working newslint" in refused.stderr
    assert python not in refused.stdout
    missing = bench("imports.py", str(tmp_path / "nowhere.txt"), cwd=tmp_path)
    assert missing.returncode == 2 and "no article at" in missing.stderr
    done = bench(
        "imports.py", str(article), "--runs", "1", "--top", "200", "--module", "sqlite3",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = {line.split(" | ")[0].lstrip("| "): line for line in done.stdout.splitlines()[4:]}
    assert "newslint.cli.main" in rows and "newslint.engine.run" in rows
    assert rows["sqlite3"] == "| sqlite3 | not imported | |"  # a run without the cache
    assert "dataclasses made: " in done.stdout
    assert "garbage collections: " in done.stdout


def test_bigfile_refuses_counts_and_formats_it_cannot_measure(tmp_path):
    # No run gives no median (a traceback before); a size of 0 MB and an unknown format
    # printed a row of figures for a file that is not what was asked.
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    for args, named in [
        (["--joined", str(folder), "--runs", "0"], "--runs"),
        (["--sizes", "0"], "--sizes"),
        (["--sizes", "-1"], "--sizes"),
        (["--formats", "rst"], "--formats"),
    ]:
        done = bench("bigfile.py", *args, cwd=tmp_path)
        assert done.returncode == 2 and named in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr and "|" not in done.stdout


def test_opener_paths_refuses_a_missing_corpus_and_joins_it_cannot_make(tmp_path):
    missing = bench("opener_paths.py", "--shared", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert missing.returncode == 2 and "is not a folder" in missing.stderr
    assert "|" not in missing.stdout
    corpus = tmp_path / "shared" / "corpus" / "bbc"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_bytes(b"\xff\xfe not UTF-8")
    unread = bench("opener_paths.py", "--shared", str(tmp_path / "shared"), cwd=tmp_path)
    assert unread.returncode == 2 and "no UTF-8 articles" in unread.stderr
    (corpus / "b.txt").write_text(ARTICLE + "Officials met. The Officials said so.\n")
    for joins in ("0", "2,-1", "two"):
        bad = bench(
            "opener_paths.py", "--shared", str(tmp_path / "shared"), "--joins", joins, cwd=tmp_path
        )
        assert bad.returncode == 2 and "--joins" in bad.stderr, joins
        assert "|" not in bad.stdout
    shown = bench(
        "opener_paths.py", "--shared", str(tmp_path / "shared"), "--joins", "1,2", cwd=tmp_path
    )
    assert shown.returncode == 0, shown.stderr
    rows = [line for line in shown.stdout.splitlines() if line.startswith("| ")]
    assert [row.split("|")[1].strip() for row in rows[1:]] == ["1", "2"]  # after the head


def test_rule_memory_refuses_a_missing_file_and_shows_each_rule(tmp_path):
    missing = bench("rule_memory.py", str(tmp_path / "none.txt"), cwd=tmp_path)
    assert missing.returncode != 0 and "cannot read" in missing.stderr
    assert "|" not in missing.stdout
    (tmp_path / "a.txt").write_text(ARTICLE * 3)
    shown = bench("rule_memory.py", str(tmp_path / "a.txt"), "--trace", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    rows = [line for line in shown.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].count("|") == 6  # step, CPU, peak RSS, traced after, traced peak
    assert any(row.startswith("| D001 duplicate-paragraph |") for row in rows)
    assert all(row.count("|") == 6 for row in rows)
    # The rules in the order the engine runs them, not the registry's.
    chosen = [r for r in discover()[0] if r.default_enabled and not isinstance(r, CorpusRule)]
    shown_codes = [row.split()[1] for row in rows[2:]]  # after the head and read-and-parse
    assert shown_codes == [chosen[i].code for i in run_order(chosen)]
    assert shown_codes != sorted(shown_codes)
    named = bench("rule_memory.py", str(tmp_path / "a.txt"), "--order", "D002, A001", cwd=tmp_path)
    rows = [line for line in named.stdout.splitlines() if line.startswith("| ")]
    assert [row.split()[1] for row in rows[2:]] == ["D002", "A001"]
    wrong = bench("rule_memory.py", str(tmp_path / "a.txt"), "--order", "D002,Z999", cwd=tmp_path)
    assert wrong.returncode == 2 and "'Z999'" in wrong.stderr and "|" not in wrong.stdout
    collected = bench("rule_memory.py", str(tmp_path / "a.txt"), "--gc", "cli", cwd=tmp_path)
    assert collected.returncode == 0, collected.stderr
    rows = [line for line in collected.stdout.splitlines() if line.startswith("| ")]
    assert [row.split()[1] for row in rows[2:]] == shown_codes
    unknown = bench("rule_memory.py", str(tmp_path / "a.txt"), "--gc", "never", cwd=tmp_path)
    assert unknown.returncode == 2 and "--gc" in unknown.stderr and "|" not in unknown.stdout


def test_rule_memory_ab_refuses_what_it_cannot_time_and_gives_each_rule_s_medians(tmp_path):
    """bench/rule_memory_ab.py: a missing file, an interpreter without newslint or no
    rounds is refused before anything is run; a small file gives each rule run a line of
    medians, in the order given, and the rules' sum."""
    missing = bench("rule_memory_ab.py", str(tmp_path / "none.txt"), cwd=tmp_path)
    assert missing.returncode == 2 and "nothing to time" in missing.stderr
    (tmp_path / "a.txt").write_text(ARTICLE * 3)
    python = no_newslint(tmp_path)
    refused = bench("rule_memory_ab.py", str(tmp_path / "a.txt"), "--python", python, cwd=tmp_path)
    assert refused.returncode == 2 and f"{python} has no working newslint" in refused.stderr
    no_rounds = bench("rule_memory_ab.py", str(tmp_path / "a.txt"), "--runs", "0", cwd=tmp_path)
    assert no_rounds.returncode == 2 and "--runs: must be above 0" in no_rounds.stderr
    args = (str(tmp_path / "a.txt"), "--runs", "1", "--order", "D002,A001")
    timed = bench("rule_memory_ab.py", *args, cwd=tmp_path)
    assert timed.returncode == 0, timed.stderr
    lines = timed.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["D002", "A001", "all"]
    wrong = bench("rule_memory_ab.py", str(tmp_path / "a.txt"), "--order", "Z999", cwd=tmp_path)
    assert wrong.returncode == 1 and "Z999" in wrong.stderr and "all rules" not in wrong.stdout


def test_rule_memory_ab_takes_an_interpreter_named_relative_to_the_working_directory(tmp_path):
    """`--python venv/bin/python`, as a user in a checkout types it: the rounds run from
    "/" (the install's newslint, not the source tree), where a relative path names
    nothing; it is run by its absolute path, not a traceback."""
    (tmp_path / "a.txt").write_text(ARTICLE * 3)
    relative = os.path.relpath(sys.executable, tmp_path)
    args = ("a.txt", "--python", relative, "--runs", "1", "--order", "A001")
    timed = bench("rule_memory_ab.py", *args, cwd=tmp_path)
    assert timed.returncode == 0, timed.stderr
    named = os.path.abspath(os.path.join(tmp_path, relative))  # absolute, not resolved
    assert timed.stdout.splitlines()[0].startswith(f"{named} (median of 1")
    assert [line.split()[0] for line in timed.stdout.splitlines()[1:]] == ["A001", "all"]


def test_one_article_scripts_refuse_no_rounds(tmp_path):
    """--runs 0 (or less) has no median: each refuses it before timing anything, not with
    a StatisticsError traceback after the run."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    for script in (
        "startup.py", "first_check.py", "compile_costs.py", "imports.py", "instructions.py",
    ):  # fmt: skip
        for runs in ("0", "-1"):
            refused = bench(script, str(tmp_path / "a.txt"), "--runs", runs, cwd=tmp_path)
            assert refused.returncode == 2, (script, runs, refused.stderr)
            assert "--runs: must be above 0" in refused.stderr, (script, refused.stderr)
            assert "Traceback" not in refused.stderr and "|" not in refused.stdout


def test_rule_cpu_refuses_what_it_cannot_time_and_times_a_small_corpus(tmp_path):
    """bench/rule_cpu.py: no corpus, an interpreter without newslint or no rounds is
    refused before anything is timed; a corpus of one article gives every rule a line."""
    missing = bench("rule_cpu.py", "--shared", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert missing.returncode == 2 and "nothing to time (give --shared)" in missing.stderr
    corpus = tmp_path / "shared" / "corpus" / "bbc" / "desk"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    shared = str(tmp_path / "shared")
    python = no_newslint(tmp_path)
    refused = bench("rule_cpu.py", "--shared", shared, "--python", python, cwd=tmp_path)
    assert refused.returncode == 2 and f"{python} has no working newslint" in refused.stderr
    no_rounds = bench("rule_cpu.py", "--shared", shared, "--runs", "0", cwd=tmp_path)
    assert no_rounds.returncode == 2 and "--runs: must be above 0" in no_rounds.stderr
    timed = bench("rule_cpu.py", "--shared", shared, "--runs", "1", cwd=tmp_path)
    assert timed.returncode == 0, timed.stderr
    assert "vague-attribution" in timed.stdout and "all rules" in timed.stdout
    only = bench("rule_cpu.py", "--shared", shared, "--runs", "1", "--rules", "A002", cwd=tmp_path)
    assert "anonymous-source" in only.stdout and "vague-attribution" not in only.stdout
    python_gc = bench(
        "rule_cpu.py", "--shared", shared, "--runs", "1", "--gc", "default", cwd=tmp_path
    )
    assert python_gc.returncode == 0 and "all rules" in python_gc.stdout, python_gc.stderr


def test_rule_cpu_takes_a_corpus_and_an_interpreter_named_relative_to_the_working_directory(
    tmp_path,
):
    """`--shared shared --python venv/bin/python`, as a user in a checkout types them: the
    rounds run from "/", where relative paths name nothing (the corpus was "no article
    newslint can read", the interpreter a traceback); both are made absolute."""
    corpus = tmp_path / "shared" / "corpus" / "bbc" / "desk"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    relative = os.path.relpath(sys.executable, tmp_path)
    args = ("--shared", "shared", "--python", relative, "--runs", "1", "--rules", "A001")
    timed = bench("rule_cpu.py", *args, cwd=tmp_path)
    assert timed.returncode == 0, timed.stderr
    assert "vague-attribution" in timed.stdout and "all rules" in timed.stdout


def test_rule_cpu_refuses_an_unknown_rule_and_an_empty_corpus_before_timing(tmp_path):
    """bench/rule_cpu.py: a --rules entry naming no rule of the pack (a typo, a lower-case
    code) is refused, naming it, before the corpus is timed, not printed as nothing after
    minutes of timing; so is a corpus folder with no articles, which timed every rule at
    0.000 s. What rules_ab.py, which this script replaced, refused."""
    corpus = tmp_path / "shared" / "corpus" / "bbc" / "desk"
    corpus.mkdir(parents=True)
    shared = str(tmp_path / "shared")
    empty = bench("rule_cpu.py", "--shared", shared, "--runs", "1", cwd=tmp_path)
    assert empty.returncode == 2 and "no articles in" in empty.stderr, empty.stderr
    assert "all rules" not in empty.stdout
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    for wrong in ("X999", "c002", "A002,anonymous-sauce"):
        refused = bench("rule_cpu.py", "--shared", shared, "--rules", wrong, cwd=tmp_path)
        assert refused.returncode == 2, (wrong, refused.stderr)
        assert "no rule" in refused.stderr and wrong.split(",")[-1] in refused.stderr, wrong
        assert "A002" in refused.stderr  # the codes there are, to choose from
        assert "all rules" not in refused.stdout
    both = bench(
        "rule_cpu.py",
        "--shared",
        shared,
        "--runs",
        "1",
        "--rules",
        "C002,anonymous-source",
        cwd=tmp_path,
    )
    assert both.returncode == 0, both.stderr
    assert "peacock-term" in both.stdout and "anonymous-source" in both.stdout
    assert "vague-attribution" not in both.stdout


def test_compare_refuses_a_folder_newslint_can_read_no_article_of(tmp_path):
    """Timed runs may exit 2 (a file newslint cannot read, the others linted), so a folder
    of files that are all not UTF-8 was timed: every run refused every file at once, and
    the report printed its ratios as measurements, targets "met". The one article timed
    alone is one newslint reads, not the largest file under 8 kB whatever it holds."""
    folder = tmp_path / "latin1"
    folder.mkdir()
    for i in range(3):
        text = f"Fares rose by \u00a3{i} on Tuesday.\n"
        (folder / f"a{i}.txt").write_bytes(text.encode("latin-1"))
    done = _compare(folder, tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert f"no article newslint can read in {folder}" in done.stderr
    assert "|" not in done.stdout
    (folder / "small.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "big.txt").write_bytes(("Fares \u00a3. " * 600).encode("latin-1"))
    mixed = _compare(folder, tmp_path)
    assert mixed.returncode == 0, mixed.stderr
    assert "one article: `small.txt`" in mixed.stdout


def test_compare_stops_at_a_newslint_that_crashes_with_a_traceback(tmp_path):
    """An exception newslint does not catch (a broken install: a module missing past
    --version) exits 1 as findings do: the probe took it for a run that did its work and
    the crashes were timed. A traceback on the probe's error output stops the script."""
    done = _compare_with_fake_newslint(tmp_path, "    import newslint_missing_module\n")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "newslint_missing_module" in done.stderr
    assert "|" not in done.stdout


def test_rule_cpu_refuses_a_corpus_it_can_read_no_article_of(tmp_path):
    """A corpus of .txt files that are all not UTF-8 passed the check for an empty one,
    and every rule was timed at 0.000 s (each file skipped as unreadable): what that check
    was for. The first run, untimed, says no article could be read, naming the folder."""
    corpus = tmp_path / "shared" / "corpus" / "bbc"
    corpus.mkdir(parents=True)
    for i in range(2):
        text = f"Fares rose by \u00a3{i} on Tuesday.\n"
        (corpus / f"a{i}.txt").write_bytes(text.encode("latin-1"))
    done = bench("rule_cpu.py", "--shared", str(tmp_path / "shared"), "--runs", "1", cwd=tmp_path)
    assert done.returncode != 0, done.stdout
    assert f"no article newslint can read in {corpus}" in done.stderr, done.stderr
    assert "all rules" not in done.stdout


def test_bigfile_joins_no_binary_article(tmp_path):
    """`joined` (the 4 MB file of bench/compare.py and bigfile.py) left out articles that
    are not UTF-8 but kept binary ones that decode (NUL bytes, a PDF's signature, control
    characters): sorted first, one made the
    whole joined file binary to newslint, refused in a fraction of a second (exit 2, which
    compare.py's timed runs accept) and timed against the separate files."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "000.txt").write_bytes(b"ab\0cd")
    (folder / "001.txt").write_bytes("Fares \u00a3.".encode("latin-1"))
    (folder / "002.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "003.txt").write_bytes(b"%PDF-1.4 a PDF saved as text")  # decodes too
    (folder / "004.txt").write_bytes(b"\x01\x02\x03\x04 controls")
    big = tmp_path / "big.txt"
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
        "from bigfile import joined; "
        "print([p.name for p in joined(Path(sys.argv[2]), Path(sys.argv[3]))])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(BENCH), str(folder), str(big)],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['002.txt']"
    assert b"\0" not in big.read_bytes()


def test_bigfile_dense_is_copy_without_full_stops_that_newslint_flags(tmp_path):
    """`--formats dense` times copy without full stops: one long run of cues and claims per
    paragraph, which the rules must still flag (else the run times nothing)."""
    done = bench("bigfile.py", "--formats", "dense", "--sizes", "0.01", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].split()[0] == "dense"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from bigfile import dense; "
        "sys.stdout.write(dense(0.01))"
    )
    text = subprocess.run(
        [sys.executable, "-c", code, str(BENCH)], capture_output=True, text=True, check=True
    ).stdout
    assert 10_000 <= len(text) < 12_000 and "." not in text
    (tmp_path / "dense.txt").write_text(text, encoding="utf-8")
    linted = subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "--no-cache", "--output-format",
         "json", "dense.txt"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert linted.returncode == 1 and '"A001"' in linted.stdout and '"C001"' in linted.stdout


def test_bigfile_sizes_time_the_interpreter_asked_for(tmp_path):
    """`--python` names the interpreter whose newslint is timed. The sizes (and `--formats
    dense`) runs checked that it had newslint, then timed the script's own: comparing two
    venvs that way printed the same newslint's figures twice, under no name."""
    log = tmp_path / "used.log"
    fake = tmp_path / "python-logged"
    fake.write_text(  # logs its first and last arguments: "-c" and the file timed
        f'#!/bin/sh\nfor a; do last=$a; done\necho "$1 $last" >> {log}\n'
        f'exec {sys.executable} "$@"\n'
    )
    fake.chmod(0o755)
    done = bench(
        "bigfile.py", "--formats", "dense", "--sizes", "0.001", "--python", str(fake),
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    timed = [line for line in log.read_text().splitlines() if line.startswith("-c ")]
    assert len(timed) == 1 and timed[0].endswith("wire.txt")  # the one dense run, under it
    assert str(fake) in done.stdout


def test_cache_race_refuses_a_race_of_one_and_counts_the_rounds_it_runs(tmp_path):
    done = bench("cache_race.py", "--processes", "1", cwd=tmp_path)
    assert done.returncode == 2 and "one process races nobody" in done.stderr
    done = bench("cache_race.py", "--processes", "3", "--rounds", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "rounds with a warning: 0 of 2 (3 processes each)" in done.stdout


def _instructions_module():
    sys.path.insert(0, str(BENCH))
    try:
        import instructions
    finally:
        sys.path.remove(str(BENCH))
    return instructions


def test_instructions_refuses_a_machine_without_valgrind(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(BENCH / "instructions.py"), str(tmp_path / "a.txt")],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PATH": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 2 and "valgrind is not installed" in done.stderr
    assert "|" not in done.stdout


def test_instructions_stages_and_library_probes_each_run_without_error(tmp_path):
    """What bench/instructions.py counts under valgrind, run plainly: a renamed module or a
    broken probe fails here in seconds, not after a minute of counting."""
    module = _instructions_module()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "one.txt").write_text("The council met.\n", encoding="utf-8")
    commands = list(
        module.stages(sys.executable, str(tmp_path / "one.txt"), str(tmp_path / "a.txt")).values()
    )
    commands += [[sys.executable, "-c", code] for code in module._LIBRARIES.values()]
    for command in commands:
        done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode in (0, 1), (command, done.stderr)  # 1: the article has findings
        assert "Traceback" not in done.stderr, command


def test_instructions_counts_the_same_command_alike_twice():
    if shutil.which("valgrind") is None:
        pytest.skip("valgrind is not installed")
    module = _instructions_module()
    counts = [module.instructions([sys.executable, "-c", "import json"], 1) for _ in range(2)]
    assert counts[0] > 1_000_000  # an interpreter's start is tens of millions
    assert abs(counts[0] - counts[1]) < counts[0] / 100


def test_instructions_runs_each_command_plainly_before_counting_it(tmp_path, monkeypatch):
    """A command's first run writes the .pyc files it imports (an editable install, a fresh
    checkout): counted, that compiling made discover() look 500 million instructions dear
    and the whole runs after it smaller than it. Each is run once outside valgrind first."""
    module = _instructions_module()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    plain: list[list[str]] = []
    counted: list[tuple[list[str], int]] = []
    real_run = subprocess.run

    def run(command, *args, **kwargs):
        plain.append(list(command))
        return real_run(command, *args, **kwargs)

    def count(command):
        counted.append((list(command), len(plain)))
        return 1_000_000

    monkeypatch.setattr(module.subprocess, "run", run)
    monkeypatch.setattr(module, "_counted", count)
    monkeypatch.setattr(module.shutil, "which", lambda name: "/usr/bin/" + name)
    assert module.main([str(tmp_path / "a.txt")]) == 0
    assert counted
    for command, runs_before in counted:
        assert command in plain[:runs_before], command


def test_instructions_dataclass_probe_makes_the_shapes_a_run_makes():
    """The probe prices what newslint pays for its value types, so it makes classes of
    their shapes: a class's cost grows with its fields (thirteen two-field classes, the
    first probe, came to about three quarters of what the run's own thirteen cost)."""
    import dataclasses

    import newslint.document
    import newslint.engine.config
    import newslint.model

    shapes = [
        (len(dataclasses.fields(cls)), "__slots__" in cls.__dict__, cls.__dataclass_params__.order)
        for module in (newslint.model, newslint.document, newslint.engine.config)
        for cls in vars(module).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls)
        and cls.__module__ == module.__name__ and cls.__dataclass_params__.frozen
    ]  # fmt: skip
    assert sorted(shapes) == sorted(_instructions_module()._VALUE_TYPES)
