"""Linting on a real Dask cluster (two worker processes) gives exactly what one machine
gives: findings, order, every output format, exit codes; a worker killed mid-run is run
again or reported, and a cluster without workers never hangs the run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")

from newslint.distributed import DistributedError, require  # noqa: E402
from newslint.distributed import cluster as dask_cluster  # noqa: E402
from newslint.distributed.bag import files_bag, lint_bag  # noqa: E402
from newslint.distributed.cluster import DaskBackend, connect, settle  # noqa: E402
from newslint.engine.config import Finder, Settings  # noqa: E402
from newslint.engine.registry import discover  # noqa: E402
from newslint.engine.rule import Rule  # noqa: E402
from newslint.engine.run import Linter, Overrides  # noqa: E402
from newslint.report import Locator, reporter  # noqa: E402

# Rules defined here travel to the workers by value, not by a module name they lack.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

BUDGET = (
    "The harbour board will spend 3.1 million pounds on new pontoons, moorings and a "
    "wider slipway for the lifeboat crew before the end of the next financial year."
)
NEAR = (
    "The harbour board will spend 3.1 million pounds on new pontoons, moorings and a "
    "wider slipway for the lifeboat crew before the close of the next financial year."
)
ROADS = "Road repairs in the north of the county will wait another year, the council said."

ARTICLES = {
    "desk/harbour.txt": f"Harbour gets new pontoons\n\n{BUDGET}\n\n{ROADS}\n\n"
    "Experts say the work is the biggest ever seen on the coast.\n",
    "desk/lifeboat.md": f"# Lifeboat crew welcomes plan\n\n{NEAR}\n\n"
    "Volunteers said the slipway had been too narrow for years.\n",
    "desk/council.txt": f"Council sets its budget\n\n{ROADS}\n\n{BUDGET}\n\n"
    "It is widely believed that the vote was close.\n",
    "feeds/wire.jsonl": json.dumps({"id": "w1", "headline": "Roads wait", "body": ROADS})
    + "\n"
    + json.dumps({"id": "w2", "headline": "Fete", "body": "Critics say the fete was the best."})
    + "\n",
    "desk/quiet.txt": "Nothing to see\n\nThe fete raised enough for a new roof on the hall.\n",
}


def _write(root: Path, articles: dict[str, str | bytes] = ARTICLES) -> None:
    for name, text in articles.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster of two worker processes for the whole module (start-ups are the
    slow part). A task is run again once after its worker dies, then fails."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            yield cluster


@pytest.fixture
def client(cluster):
    with distributed.Client(cluster) as client:
        yield client


@pytest.fixture
def desk(tmp_path, monkeypatch):
    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


ALL = ("--isolated", "--no-cache", "--extend-select", "D003")


@pytest.mark.parametrize("fmt", ["json", "pretty", "sarif", "concise", "junit"])
def test_every_format_is_the_same_on_the_cluster(cli, desk, cluster, fmt):
    single = cli(*ALL, "--output-format", fmt, ".")
    spread = cli(*ALL, "--output-format", fmt, "--dask-scheduler", cluster.scheduler_address, ".")
    assert single.code == 1
    assert (spread.code, spread.out) == (single.code, single.out)


def test_the_fixtures_find_exact_and_near_repeats_across_articles(cli, desk, cluster):
    found = cli(*ALL, "--output-format", "json", "--dask-scheduler", cluster.scheduler_address)
    d003 = [f for f in found.json() if f["code"] == "D003"]
    messages = {(f["path"], f.get("article"), f["message"].split(" (")[0]) for f in d003}
    assert (
        "desk/council.txt",
        None,
        "paragraph also appears word for word in 1 other article",
    ) in (messages)
    assert any("nearly repeats" in m for _, _, m in messages)
    assert {p for p, _, _ in messages} >= {"desk/harbour.txt", "desk/lifeboat.md"}


def test_input_errors_and_their_exit_code_are_the_same(cli, desk, cluster):
    (desk / "desk" / "latin.txt").write_bytes(
        "Caf\xe9 owners said trade was up.\n".encode("latin-1")
    )
    single = cli(*ALL, "--output-format", "json", ".")
    spread = cli(*ALL, "--output-format", "json", "--dask-scheduler", cluster.scheduler_address)
    assert single.code == 2
    assert (spread.code, spread.out, spread.err) == (single.code, single.out, single.err)
    assert "latin.txt" in spread.err


def test_local_starts_a_cluster_of_its_own(cli, desk):
    single = cli(*ALL, "--output-format", "json", ".")
    local = cli(*ALL, "--output-format", "json", "--dask-scheduler", "local", "-j", "2", ".")
    assert (local.code, local.out) == (single.code, single.out)


def test_fixes_stay_on_this_machine(cli, desk, cluster):
    done = cli("--isolated", "--fix", "--dask-scheduler", cluster.scheduler_address, ".")
    assert done.code == 2
    assert "--dask-scheduler lints only" in done.err


def test_an_unreachable_scheduler_is_a_clear_error():
    with pytest.raises(
        DistributedError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"
    ):
        with connect("tcp://127.0.0.1:9", connect_timeout=2):
            pass


def test_a_missing_extra_says_how_to_install_it(cli, desk, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if absent
    with pytest.raises(DistributedError, match=r"pip install 'newslint\[dask\]'"):
        require()
    done = cli(*ALL, "--dask-scheduler", "local", ".")
    assert done.code == 2
    assert "pip install 'newslint[dask]'" in done.err


def test_the_command_line_does_not_import_dask():
    code = "import sys, newslint.cli.main; print(sorted(m for m in sys.modules if 'dask' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _linter(root: Path, rules: list[Rule] | None = None) -> Linter:
    found, problems = discover()
    assert problems == []
    return Linter(
        found + (rules or []),
        Finder(Settings(root), search=False),
        Overrides(None, ["D003", *(r.code for r in rules or [])]),
    )


def _json(run) -> str:
    import io

    out = io.StringIO()
    reporter("json")(run.diagnostics, Locator(run.documents, {}, run.errors), out, False)
    return out.getvalue()


def test_a_bag_of_jsonl_partitions_gives_what_one_machine_gives(desk, client):
    parts = {
        f"archive/2024-0{m}.jsonl": "".join(
            json.dumps({"id": f"{m}-{i}", "headline": f"Story {i}", "body": body}) + "\n"
            for i, body in enumerate([BUDGET, "Critics say it was the best year ever.", ROADS])
        )
        for m in range(1, 6)
    }
    # Plain-text partitions too: an export's articles and text files are all articles.
    parts |= {f"archive/2024-0{m}.txt": f"Story {m}\n\n{BUDGET}\n\n{ROADS}\n" for m in range(6, 9)}
    _write(desk, parts)
    paths = sorted(parts)
    single = _linter(desk).run(paths)
    spread = lint_bag(_linter(desk), files_bag(paths, npartitions=3), client)
    codes = [d.code for d in single.diagnostics]
    # BUDGET and ROADS in 5 export articles and 3 files each, the critics' line in 5.
    assert codes.count("D003") == 8 + 8 + 5 and codes.count("A001") == 5
    assert _json(spread) == _json(single)
    assert [e.message for e in spread.errors] == [e.message for e in single.errors]


class _KillsItsWorker(Rule):
    """Kills the process it runs in on `doomed.txt`: every time, or once (a marker file
    says it has), as the OOM killer would."""

    code = "X901"
    name = "kills-its-worker"
    summary = "Kills its worker."

    def __init__(self, marker: Path | None) -> None:
        self.marker = marker

    def check(self, document, options):
        if document.path.endswith("doomed.txt"):
            if self.marker is None or not self.marker.exists():
                if self.marker is not None:
                    self.marker.touch()
                os.kill(os.getpid(), signal.SIGKILL)
        return ()


def _run_with_deadline(work, seconds: float = 120):
    """work() in a thread; fails the test, rather than hanging it, past the deadline."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["out"] = work()
        except BaseException as exc:  # noqa: B036 - raised again in the test
            box["out"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the run hung after a worker was killed"
    if isinstance(box["out"], BaseException):
        raise box["out"]
    return box["out"]


def test_a_worker_killed_once_is_run_again(desk, client, tmp_path_factory):
    (desk / "desk" / "doomed.txt").write_text(f"Doomed\n\n{BUDGET}\n")
    marker = tmp_path_factory.mktemp("marker") / "killed"
    paths = sorted(str(p.relative_to(desk)) for p in desk.rglob("*.t*"))
    single = _linter(desk).run(paths)
    rule = _KillsItsWorker(marker)
    spread = _run_with_deadline(
        lambda: _linter(desk, [rule]).run(paths, backend=DaskBackend(client))
    )
    assert marker.exists()  # a worker did die
    assert spread.errors == []
    assert _json(spread) == _json(single)


def test_a_file_that_kills_every_worker_is_reported_not_dropped(desk, client):
    (desk / "desk" / "doomed.txt").write_text(f"Doomed\n\n{BUDGET}\n")
    paths = sorted(str(p.relative_to(desk)) for p in desk.rglob("*.t*"))
    rule = _KillsItsWorker(None)
    spread = _run_with_deadline(
        lambda: _linter(desk, [rule]).run(paths, backend=DaskBackend(client))
    )
    assert [e.path for e in spread.errors] == ["desk/doomed.txt"]
    assert "worker was lost" in spread.errors[0].message
    # The other files were linted in full.
    others = _linter(desk).run([p for p in paths if not p.endswith("doomed.txt")])
    assert {d.key for d in others.diagnostics if d.code != "D003"} <= {
        d.key for d in spread.diagnostics
    }


def test_a_cluster_without_workers_ends_the_run():
    with distributed.LocalCluster(n_workers=0, dashboard_address=None) as empty:
        with distributed.Client(empty) as client:
            futures = client.map(len, ["abc"], pure=False)
            with pytest.raises(DistributedError, match="no worker for 2 s"):
                settle(client, futures, patience=2)


class _AsyncioTimeout(Exception):
    """asyncio.TimeoutError as Python 3.10 has it: not the builtin TimeoutError (3.11 made
    them one class), and what distributed raises (`distributed.TimeoutError`) when a wait
    runs out."""


def test_a_dask_timeout_is_caught_as_on_python_3_10(monkeypatch):
    """On Python 3.10 every run on a cluster whose tasks took more than `settle`'s one-second
    wait ended in "internal error ... TimeoutError" (exit 2): only the builtin TimeoutError
    was caught. Here distributed's timeout is another class, as on 3.10: a wait that runs
    out is waited again, a result that never comes and a scheduler that does not answer
    are named."""
    monkeypatch.setattr(distributed, "TimeoutError", _AsyncioTimeout)
    waits: list[float] = []

    def wait(futures, timeout):
        waits.append(timeout)
        if len(waits) == 1:
            raise _AsyncioTimeout()

    class Finished:
        status = "finished"

        def result(self, timeout):
            raise _AsyncioTimeout()

    class Busy:
        def nthreads(self):
            return {"tcp://worker": 1}

    monkeypatch.setattr(dask_cluster, "wait", wait)
    settle(Busy(), [Finished()])
    assert waits == [1.0, 1.0]
    with pytest.raises(DistributedError, match="did not finish within 5 s"):
        DaskBackend(Busy(), patience=5)._result(Finished())

    def unanswered(address, timeout):
        raise _AsyncioTimeout("timed out")

    monkeypatch.setattr(dask_cluster, "Client", unanswered)
    with pytest.raises(DistributedError, match="cannot reach the Dask scheduler"):
        with connect("tcp://127.0.0.1:1"):
            pass


def test_the_bbc_corpus_gives_the_same_d003_findings(shared, client, monkeypatch):
    corpus = shared / "corpus" / "bbc"
    if not corpus.is_dir():
        pytest.skip("the BBC corpus is not in ../shared")
    monkeypatch.chdir(corpus.parent)
    paths = sorted(str(p.relative_to(corpus.parent)) for p in corpus.rglob("*.txt"))
    linter = Linter(
        discover()[0], Finder(Settings(corpus.parent), search=False), Overrides(["D003"])
    )
    single = linter.run(paths, encoding="latin-1", jobs=2)
    spread = Linter(
        discover()[0], Finder(Settings(corpus.parent), search=False), Overrides(["D003"])
    ).run(paths, encoding="latin-1", backend=DaskBackend(client))
    assert len(single.diagnostics) > 100
    assert _json(spread) == _json(single)


RECORDS = [
    {"id": "r-1", "headline": "Pontoons", "body": f"{BUDGET}\n\nCritics say it was the best ever."},
    {"id": "r-2", "headline": "Roads", "body": f"{ROADS}\n\n{BUDGET}"},
    {"id": "r-3", "headline": "Quiet", "body": "Nothing happened at the harbour on Tuesday."},
]


def test_a_bag_of_records_is_linted_as_one_export_per_partition(desk, client):
    import dask.bag as db

    from newslint.distributed.bag import records_bag

    spread = lint_bag(_linter(desk), records_bag(db.from_sequence(RECORDS, npartitions=2)), client)
    # What one machine finds in the same articles written as the two partitions' exports.
    by_part = {"records-00000.jsonl": RECORDS[:2], "records-00001.jsonl": RECORDS[2:]}
    _write(desk, {p: "".join(json.dumps(r) + "\n" for r in rs) for p, rs in by_part.items()})
    single = _linter(desk).run(sorted(by_part))
    assert _json(spread) == _json(single)
    found = {(d.path, d.article, d.code) for d in spread.diagnostics}
    assert ("records-00000.jsonl", "r-1", "D003") in found  # BUDGET, again in r-2
    assert ("records-00000.jsonl", "r-1", "C001") in found  # "the best ever"


def test_a_parquet_archive_is_linted_through_its_rows(desk, client):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    import dask.dataframe as dd

    from newslint.distributed.bag import records_bag

    frame = pd.DataFrame(RECORDS).assign(published=pd.Timestamp("2026-11-30T06:00"))
    frame.to_parquet(desk / "archive.parquet")
    rows = dd.read_parquet(desk / "archive.parquet").to_bag(format="dict")
    run = lint_bag(_linter(desk), records_bag(rows, "archive"), client)
    assert {(d.path, d.article, d.code) for d in run.diagnostics} >= {
        ("archive-00000.jsonl", "r-1", "D003"),
        ("archive-00000.jsonl", "r-2", "D003"),
        ("archive-00000.jsonl", "r-1", "C001"),
    }
    assert run.errors == []


@pytest.mark.parametrize(
    "address", ["foo", "tcp://localhost:notaport", "http://127.0.0.1:8786", "LOCAL"]
)
def test_a_malformed_scheduler_address_is_a_clear_error(cli, desk, address):
    done = cli(*ALL, "--dask-scheduler", address, ".")
    assert done.code == 2
    assert "internal error" not in done.err
    assert f"cannot use the Dask scheduler address {address!r}" in done.err
    assert "tcp://HOST:PORT" in done.err


def test_local_says_nothing_of_a_busy_dashboard_port():
    """Another cluster on this machine holds Dask's default port 8787: `local` must not
    print Dask's "Port 8787 is already in use" warning into the run's stderr."""
    import socket
    import warnings

    holder = socket.socket()
    try:
        holder.bind(("0.0.0.0", 8787))
        holder.listen()
    except OSError:
        pass  # already held by another process: as good for this test
    try:
        with warnings.catch_warnings(record=True) as heard:
            warnings.simplefilter("always")
            with connect("local", workers=1) as client:
                assert client.submit(len, "abc").result() == 3
    finally:
        holder.close()
    assert [str(w.message) for w in heard if "already in use" in str(w.message)] == []


class _Unloadable(Rule):
    """A rule the scheduler cannot unpickle (it runs in this process here) though the
    workers can: a plugin installed on the workers but not on the scheduler."""

    code = "X902"
    name = "not-on-the-scheduler"
    summary = "Not installed on the scheduler."

    def check(self, document, options):
        return ()

    def __reduce__(self):
        return (_loaded_unless_in, (os.getpid(),))


def _loaded_unless_in(pid: int) -> _Unloadable:
    if os.getpid() == pid:
        raise ModuleNotFoundError("No module named 'newslint_plugin_not_on_the_scheduler'")
    return _Unloadable.__new__(_Unloadable)


def test_a_cluster_without_the_run_s_plugins_is_a_clear_error(desk, client):
    paths = sorted(str(p.relative_to(desk)) for p in desk.rglob("*.t*"))
    linter = _linter(desk, [_Unloadable()])
    with pytest.raises(DistributedError, match="could not load this run's rules") as caught:
        _run_with_deadline(lambda: linter.run(paths, backend=DaskBackend(client)))
    assert "rule plugins" in str(caught.value)


class _Slow(Rule):
    """Sleeps on every document, after saying (a marker file) that the run has begun."""

    code = "X903"
    name = "slow"
    summary = "Slow."

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def check(self, document, options):
        import time

        self.marker.touch()
        time.sleep(0.5)
        return ()


def test_a_scheduler_lost_mid_run_is_an_error_not_a_crash(desk, tmp_path_factory):
    import time

    marker = tmp_path_factory.mktemp("marker") / "begun"
    for i in range(12):
        (desk / "desk" / f"more{i}.txt").write_text(f"More {i}\n\n{BUDGET}\n")
    paths = sorted(str(p.relative_to(desk)) for p in desk.rglob("*.t*"))
    linter = _linter(desk, [_Slow(marker)])
    lost = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    )
    connected = connect(lost.scheduler_address)
    client = connected.__enter__()
    try:
        thread_out: dict[str, object] = {}

        def work() -> None:
            try:
                thread_out["run"] = linter.run(paths, backend=DaskBackend(client, patience=20))
            except BaseException as exc:  # noqa: B036 - checked below
                thread_out["run"] = exc

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), "the run never began"
        lost.close()  # the scheduler goes, with the run's tasks
        thread.join(120)
        assert not thread.is_alive(), "the run hung after its scheduler was lost"
    finally:
        connected.__exit__(None, None, None)
        lost.close()
    assert isinstance(thread_out["run"], DistributedError), thread_out["run"]
    assert "Dask scheduler" in str(thread_out["run"])


def test_the_readme_s_lint_bag_script_runs_as_written(desk, cluster, capsys):
    """A new user's first try of the Python API: the README's script, as it stands but for
    the scheduler's address, on JSON Lines partitions."""
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    scripts = [s for s in re.findall(r"```python\n(.*?)```", readme, re.S) if "lint_bag" in s]
    assert len(scripts) == 1, "the README shows no lint_bag script"
    script = scripts[0].replace("tcp://scheduler:8786", cluster.scheduler_address)
    for m in range(1, 4):
        (desk / "archive").mkdir(exist_ok=True)
        (desk / "archive" / f"2024-0{m}.jsonl").write_text(
            json.dumps(
                {
                    "id": f"{m}",
                    "headline": "Roads",
                    "body": f"{ROADS} Experts say the work is the biggest ever seen.",
                }
            )
            + "\n"
            + ("{broken\n" if m == 2 else "")
        )
    exec(compile(script, "README.md", "exec"), {"__name__": "readme"})
    printed = capsys.readouterr().out.splitlines()
    assert "archive/2024-01.jsonl 1 A001 who are the experts?" in " ".join(printed)
    assert any(line.startswith("archive/2024-02.jsonl line 2: invalid JSON") for line in printed)


class _ClientOnly(Rule):
    """A rule whose module this process has but the workers lack (the scheduler, here in
    this process, has it too): a plugin installed on the CI runner, not on the cluster."""

    code = "X904"
    name = "client-only"
    summary = "Installed here and on the scheduler only."

    def check(self, document, options):
        return ()

    def __reduce__(self):
        return (sys.modules["newslint_client_only"].make, ())


@pytest.mark.parametrize("api", ["run", "lint_bag"])
def test_workers_without_a_plugin_are_named_not_killed(desk, monkeypatch, api):
    """A worker that cannot unpickle a task's input is closed by Dask for good: the run
    would end only with "no worker for N s", the cluster lost. Asked first, they say why."""
    import types

    def make() -> _ClientOnly:
        return _ClientOnly.__new__(_ClientOnly)

    # Pickled by reference to a module that only this process has.
    make.__module__, make.__qualname__ = "newslint_client_only", "make"
    module = types.ModuleType("newslint_client_only")
    module.make = make  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "newslint_client_only", module)
    paths = sorted(str(p.relative_to(desk)) for p in desk.rglob("*.t*"))
    linter = _linter(desk, [_ClientOnly()])
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as own:
        with distributed.Client(own) as client:
            with pytest.raises(DistributedError, match="newslint_client_only") as caught:
                if api == "run":
                    _run_with_deadline(
                        lambda: linter.run(paths, backend=DaskBackend(client, patience=5))
                    )
                else:
                    _run_with_deadline(
                        lambda: lint_bag(linter, files_bag(paths), client, patience=5)
                    )
            assert "1 of 1 Dask workers cannot load this run's rules" in str(caught.value)
            assert "rule plugins" in str(caught.value)
            assert len(client.nthreads()) == 1  # the worker lives on


LOSES_ITS_SCHEDULER = """
import os, sys, threading, time
from pathlib import Path

from newslint.distributed import DistributedError
from newslint.distributed.cluster import DaskBackend, connect
from newslint.engine.config import Finder, Settings
from newslint.engine.registry import discover
from newslint.engine.rule import Rule
from newslint.engine.run import Linter, Overrides


class Slow(Rule):
    code = "X905"
    name = "slow"
    summary = "Slow."

    def check(self, document, options):
        time.sleep(0.3)
        return ()


address, scheduler, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
paths = sorted(str(p) for p in folder.glob("*.txt"))
rules = discover()[0] + [Slow()]
linter = Linter(rules, Finder(Settings(folder), search=False), Overrides(None, ["X905"]))
with connect(address) as client:
    threading.Timer(2, os.kill, (scheduler, 9)).start()
    try:
        linter.run(paths, backend=DaskBackend(client))
    except DistributedError as exc:
        print("error:", exc)
"""


def test_dask_s_log_of_a_lost_scheduler_stays_out_of_the_report(tmp_path):
    """A scheduler killed mid-run: the run's one-line error, without Dask's log of its
    attempts to reconnect (an ERROR and a 30-line traceback) in the middle of the report."""
    import time

    for i in range(30):
        (tmp_path / f"a{i:02d}.txt").write_text(f"Story {i}\n\n{BUDGET}\n")
    info = tmp_path / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--port", "0"]
        + ["--no-dashboard", "--scheduler-file", str(info)],
        **quiet,
    )
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        address = json.loads(info.read_text())["address"]
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address]
            + ["--nthreads", "1", "--no-dashboard"],
            **quiet,
        )
        script = tmp_path / "loses_its_scheduler.py"
        script.write_text(LOSES_ITS_SCHEDULER)
        done = subprocess.run(
            [sys.executable, str(script), address, str(scheduler.pid), str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        for process in (scheduler, worker):
            if process is not None:
                process.kill()
                process.wait()
    # Which of the two ways of losing it is seen first depends on timing (the connection
    # dropped, or a call timing out on a scheduler gone): either is the run's one error.
    lost = ("error: lost the connection to the Dask scheduler", "error: lost the Dask scheduler")
    assert any(line in done.stdout for line in lost), done.stderr
    assert "nothing reported" in done.stdout
    assert "distributed.client - ERROR" not in done.stderr
    assert "Traceback" not in done.stderr


def test_near_twins_whose_first_copies_share_an_article_on_the_cluster(cli, cluster, tmp_path):
    # Each text's first copy is in both.txt; their copies in near.txt and first.txt are
    # of two articles, and nearly the same.
    near = (
        "The city council voted on Tuesday to approve the new transit plan, which will add "
        "twelve bus routes and extend the light rail line to the airport by 2028."
    )
    other = near.replace("Tuesday", "Wednesday")
    (tmp_path / "both.txt").write_text(f"Both\n\n{near}\n\n{other}\n", encoding="utf-8")
    (tmp_path / "near.txt").write_text(f"Near\n\n{other}\n", encoding="utf-8")
    (tmp_path / "first.txt").write_text(f"First\n\n{near}\n", encoding="utf-8")
    args = ("--isolated", "--no-cache", "--select", "D003", "--output-format", "json", ".")
    single = cli(*args, cwd=tmp_path)
    spread = cli(*args, "--dask-scheduler", cluster.scheduler_address, cwd=tmp_path)
    [near_finding] = [f for f in single.json() if f["path"] == "near.txt"]
    assert "first.txt" in [r["path"] for r in near_finding["related"]]
    assert spread.out == single.out
