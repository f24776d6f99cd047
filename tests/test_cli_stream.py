"""Streaming output and the progress bar: each file's findings are written as soon as it
and the files before it are done, in the order of the whole run's report; the corpus
rules' findings come last; a progress bar appears on stderr only on a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from newslint.cli.live import STREAMED, bar_wanted

# A rule pack for these tests: Z101 flags every article's first word. It waits, on the
# article whose name ends with $NEWSLINT_TEST_SLOW, until the file $NEWSLINT_TEST_GATE
# exists (at most a minute), and sleeps $NEWSLINT_TEST_PAUSE seconds on every article.
PACK = '''
import os
import time
from pathlib import Path

from newslint.engine.rule import Rule
from newslint.model import Severity


class FirstWord(Rule):
    """Flags each article's first word.

    ## What it does
    Flags the first word. ## Why is this bad? It is a test. ## Example Any article.
    """

    code = "Z101"
    name = "first-word"
    summary = "The first word of an article."
    severity = Severity.INFO
    default_enabled = False

    def check(self, document, options):
        slow = os.environ.get("NEWSLINT_TEST_SLOW")
        if slow and document.path.endswith(slow):
            gate = Path(os.environ["NEWSLINT_TEST_GATE"])
            deadline = time.monotonic() + 60
            while not gate.exists() and time.monotonic() < deadline:
                time.sleep(0.02)
        time.sleep(float(os.environ.get("NEWSLINT_TEST_PAUSE", "0")))
        yield self.diagnostic(document, 0, document.view.find(" "), "the first word")


def rules():
    return [FirstWord]
'''


def _pack(folder: Path, **settings: str) -> dict[str, str]:
    """The environment of a newslint that has the Z101 pack installed (in `folder`)."""
    (folder / "gatepack.py").write_text(PACK)
    info = folder / "gatepack-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: gatepack\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[newslint.rules]\ngate = gatepack:rules\n")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TERM", "NEWSLINT_DEBUG")}
    env |= {"NO_COLOR": "1", "TERM": "xterm-256color", **settings}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")]))
    return env


def _articles(folder: Path, count: int) -> list[str]:
    """`count` articles a00.txt, a01.txt... in `folder`; the findings Z101 gives them."""
    folder.mkdir()
    lines = []
    for i in range(count):
        (folder / f"a{i:02d}.txt").write_text(f"Story{i} about the harbour and its ferries.\n")
        lines.append(f"a{i:02d}.txt:1:1: Z101 [first-word] the first word")
    return lines


NEWSLINT = [sys.executable, "-m", "newslint", "--isolated", "--no-cache", "--select", "Z101"]


def _read_line(fd: int, timeout: float) -> bytes:
    """One line from the pipe `fd`, or what came before `timeout` seconds passed."""
    got = b""
    deadline = time.monotonic() + timeout
    while not got.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 1)
        if not chunk:
            break
        got += chunk
    return got


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_first_findings_are_written_before_the_last_file_is_linted(tmp_path, jobs):
    # The last article's check blocks until the test has read the first finding: a run
    # that prints only at its end never writes one, and the test fails after 30 s.
    expected = _articles(tmp_path / "desk", 24)
    gate = tmp_path / "gate"
    env = _pack(tmp_path, NEWSLINT_TEST_SLOW="a23.txt", NEWSLINT_TEST_GATE=str(gate))
    proc = subprocess.Popen(
        [*NEWSLINT, "--jobs", jobs, "--output-format", "concise", "."],
        cwd=tmp_path / "desk",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert proc.stdout is not None
    try:
        first = _read_line(proc.stdout.fileno(), timeout=30)
    finally:
        gate.touch()  # let the last article through either way
    out, err = proc.communicate(timeout=120)
    assert first.decode() == expected[0] + "\n", err
    assert (first + out).decode().splitlines() == [*expected, "Found 24 findings."]
    assert proc.returncode == 1


def test_with_two_workers_a_slow_first_file_holds_back_the_others(tmp_path):
    # a00 takes a second; the second worker lints the rest meanwhile. Nothing may be
    # written before a00's finding, and everything comes in the whole run's order.
    expected = _articles(tmp_path / "desk", 24)
    env = _pack(tmp_path, NEWSLINT_TEST_SLOW="a00.txt", NEWSLINT_TEST_GATE=str(tmp_path / "g"))
    proc = subprocess.Popen(
        [*NEWSLINT, "--jobs", "2", "--output-format", "concise", "."],
        cwd=tmp_path / "desk",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert proc.stdout is not None
    time.sleep(1)
    # Still blocked on a00: nothing has been written, though later files are done.
    assert not select.select([proc.stdout.fileno()], [], [], 0)[0]
    (tmp_path / "g").touch()
    out, err = proc.communicate(timeout=120)
    assert out.decode().splitlines() == [*expected, "Found 24 findings."], err


@pytest.mark.parametrize("fmt", STREAMED)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_streamed_output_is_the_whole_runs_report(cli, tmp_path, fmt, jobs):
    # --output-file writes the report of the whole run, once it is over: the streamed
    # output must be byte for byte the same, in every format that streams.
    whole = tmp_path / "whole"
    args = ["--isolated", "--no-cache", "--quiet", "--jobs", jobs, "--output-format", fmt]
    streamed = cli(*args, str(FIXTURES))
    cli(*args, "--output-file", str(whole), str(FIXTURES))
    assert streamed.out == whole.read_text(encoding="utf-8")
    assert streamed.out.count("\n") > 20  # the fixtures have findings of every rule


def test_files_come_in_report_order_when_the_walk_differs(cli, tmp_path):
    # A folder's own files are walked before its subfolders, and `b/` before `b-c/`; the
    # report sorts by path (`b-c/` < `b/` < `z.txt`). Streaming keeps the report's order.
    paragraph = "The council met on Tuesday to discuss the harbour budget again.\n"
    for name in ("desk/z.txt", "desk/b/x.txt", "desk/b-c/y.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"{paragraph}\n{paragraph}")
    args = ["--isolated", "--no-cache", "--quiet", "--output-format", "concise", "desk"]
    paths = [line.split(":")[0] for line in cli(*args, cwd=tmp_path).out.splitlines()]
    assert list(dict.fromkeys(paths)) == ["desk/b-c/y.txt", "desk/b/x.txt", "desk/z.txt"]
    assert paths == sorted(paths)  # each file's findings together


def test_corpus_findings_come_after_every_files_own(cli, tmp_path):
    # duplicate-across-articles can only report once every file is read, when the files'
    # own findings are written: its findings follow them, each group in report order.
    # The JSON report (one document) keeps them all in path order, as before.
    args = ["--isolated", "--no-cache", "--quiet", "--select", "ALL", "--output-format"]
    streamed = cli(*args, "concise", str(FIXTURES)).out.splitlines()
    whole = tmp_path / "whole.txt"
    cli(*args, "concise", "--output-file", str(whole), str(FIXTURES))
    lines = whole.read_text().splitlines()
    corpus = [line for line in lines if " D003 " in line]
    assert corpus and len(corpus) < len(lines)
    assert streamed == [line for line in lines if " D003 " not in line] + corpus
    paths = [finding["path"] for finding in cli(*args, "json", str(FIXTURES)).json()]
    assert paths == sorted(paths)


def test_streamed_with_a_baseline_reports_only_new_findings(cli, tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "a.txt").write_text("Experts say the bridge will close.\n")
    (desk / "b.txt").write_text("Critics argue the ferry is late.\n")
    base = tmp_path / "base.json"
    args = ["--isolated", "--no-cache", "--output-format", "concise"]
    cli(*args, "--write-baseline", str(base), str(desk))
    (desk / "b.txt").write_text("Critics argue the ferry is late. Many believe it is slow.\n")
    result = cli(*args, "--baseline", str(base), str(desk))
    assert [line.split(": ", 1)[0] for line in result.out.splitlines()[:-2]] == [
        f"{desk}/b.txt:1:34"
    ]
    assert result.out.splitlines()[-2:] == ["Found 1 finding.", "2 findings in the baseline."]


def _on_a_terminal(cmd: list[str], cwd: Path, env: dict[str, str], both: bool) -> tuple[str, str]:
    """Run `cmd` with stderr (and with `both`, stdout too) on a pseudo-terminal 100
    columns wide; (what the terminal got, what the stdout pipe got)."""
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    out = secondary if both else subprocess.PIPE
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=secondary
    )
    os.close(secondary)
    screen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # EIO: every writer closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    piped = proc.stdout.read() if proc.stdout else b""
    proc.wait(timeout=120)
    os.close(main)
    return screen.decode(errors="replace").replace("\r\n", "\n"), piped.decode()


def test_a_long_run_shows_a_bar_on_the_terminal_stderr_and_never_on_stdout(tmp_path):
    expected = _articles(tmp_path / "desk", 20)
    env = _pack(tmp_path, NEWSLINT_TEST_PAUSE="0.1")  # about two seconds in one process
    cmd = [*NEWSLINT, "--jobs", "1", "--output-format", "concise", "."]
    screen, piped = _on_a_terminal(cmd, tmp_path / "desk", env, both=False)
    assert "Linting" in screen and "/20 files" in screen
    assert "\x1b[2K" in screen  # erased: the bar is transient
    assert piped.splitlines() == [*expected, "Found 20 findings."]
    # On one terminal for both, the bar is taken off before each file's findings are
    # written: every finding arrives whole, on a line of its own.
    screen, _ = _on_a_terminal(cmd, tmp_path / "desk", env, both=True)
    assert "Linting" in screen
    # Escape sequences out, what is left splits at line feeds and carriage returns (the
    # bar returns to its line's start to be redrawn or erased): a finding mixed with the
    # bar's text would not be one of the pieces.
    pieces = re.split(r"[\r\n]", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen))
    assert [piece for piece in pieces if piece.startswith("a")] == expected


def test_no_bar_when_stderr_is_not_a_terminal_or_the_run_is_short(tmp_path):
    _articles(tmp_path / "desk", 20)
    env = _pack(tmp_path, NEWSLINT_TEST_PAUSE="0.1")
    cmd = [*NEWSLINT, "--jobs", "1", "--output-format", "concise", "."]
    done = subprocess.run(cmd, cwd=tmp_path / "desk", env=env, capture_output=True, text=True)
    assert done.stderr == "" and "\x1b" not in done.stdout
    fast = {k: v for k, v in env.items() if k != "NEWSLINT_TEST_PAUSE"}
    screen, _ = _on_a_terminal(cmd, tmp_path / "desk", fast, both=False)
    assert screen == ""  # well under a second: no bar at all
    quiet = _on_a_terminal([*cmd, "--quiet"], tmp_path / "desk", env, both=False)[0]
    assert quiet == ""


def test_bar_wanted_only_on_an_interactive_terminal(tmp_path):
    main, secondary = pty.openpty()
    with open(secondary, "w") as terminal, open(tmp_path / "f", "w") as file:
        assert bar_wanted(terminal, {"TERM": "xterm"}, quiet=False)
        assert not bar_wanted(file, {"TERM": "xterm"}, quiet=False)
        assert not bar_wanted(terminal, {"TERM": "dumb"}, quiet=False)
        assert not bar_wanted(terminal, {"TERM": "xterm", "CI": "true"}, quiet=False)
        assert not bar_wanted(terminal, {"TERM": "xterm"}, quiet=True)
    os.close(main)


@pytest.mark.parametrize("fmt", ["pretty", "concise"])
def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path, fmt):
    # `newslint | head -1`: the pipe closes after the first finding while files are still
    # being linted. The run ends at the next write, with no traceback and no "internal
    # error" (rich's console would call sys.exit(1) on the broken pipe).
    _articles(tmp_path / "desk", 24)
    env = _pack(tmp_path, NEWSLINT_TEST_PAUSE="0.05")
    proc = subprocess.Popen(
        [*NEWSLINT, "--jobs", "1", "--output-format", fmt, "."],
        cwd=tmp_path / "desk",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = _read_line(proc.stdout.fileno(), timeout=30)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert first.startswith(b"a00.txt:1:1: Z101")
    assert err == ""


def test_ctrl_c_mid_run_ends_it_at_once_with_one_line(tmp_path):
    # ^C at a terminal signals the whole process group, workers included: one line on
    # stderr, status 130, and no process left behind.
    import signal

    _articles(tmp_path / "desk", 40)
    env = _pack(tmp_path, NEWSLINT_TEST_PAUSE="0.2")  # about four seconds over two workers
    proc = subprocess.Popen(
        [*NEWSLINT, "--jobs", "2", "--output-format", "concise", "."],
        cwd=tmp_path / "desk",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
        start_new_session=True,
        # As at a terminal: a shell's background job (`pytest &`) starts with ^C ignored,
        # and its children would inherit that and never see the SIGINT sent below.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None
    assert _read_line(proc.stdout.fileno(), timeout=30).startswith(b"a00.txt")
    os.killpg(proc.pid, signal.SIGINT)
    started = time.monotonic()
    _, err = proc.communicate(timeout=60)
    assert time.monotonic() - started < 3
    assert (proc.returncode, err.decode()) == (130, "newslint: interrupted\n")
    time.sleep(0.2)
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True)
    assert left.stdout == ""
