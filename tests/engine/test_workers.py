"""Worker processes change nothing: a
corpus rule's `spread` work failing in a worker, are reported as with `--jobs 1`."""

from __future__ import annotations

from pathlib import Path

from newslint.engine.config import Finder, Settings
from newslint.engine.rule import CorpusRule, Rule
from newslint.engine.run import Linter, Overrides

STORY = "The council met on Tuesday to discuss the budget for the coming year.\n"


def _articles(tmp_path: Path, count: int = 40) -> list[str]:
    paths = []
    for i in range(count):
        path = tmp_path / f"a{i:02d}.txt"
        path.write_text(f"{STORY}\nArticle {i} ends here with words of its own.\n")
        paths.append(str(path))
    return paths


def _run(tmp_path: Path, rules: list[Rule], jobs: int):
    linter = Linter(rules, Finder(Settings(tmp_path)), Overrides(select=["X8"]))
    return linter.run(_articles(tmp_path), jobs=jobs)


class _Odd(Exception):
    """An exception pickle cannot rebuild: its __init__ takes two arguments."""

    def __init__(self, a: object, b: object) -> None:
        super().__init__(f"{a}/{b}")


def _fails_at_twenty(item: int) -> int:
    if item == 20:
        raise _Odd(item, "twenty")
    return item


class _Spreading(CorpusRule):
    code = "X802"
    name = "spreading"
    summary = "Spreads work that fails."

    def collect(self, document, options):
        return 1

    def finish(self, collected, spread):
        spread(_fails_at_twenty, list(range(len(collected))))
        return []


def test_spread_work_failing_in_a_worker_is_the_same_error_as_in_process(tmp_path):
    serial = _run(tmp_path, [_Spreading()], jobs=1)
    spread = _run(tmp_path, [_Spreading()], jobs=2)
    assert [e.message for e in serial.errors] == [
        "internal error in rule X802 spreading: _Odd: 20/twenty"
    ]
    assert [e.message for e in spread.errors] == [e.message for e in serial.errors]


def _tag_a(item: int) -> tuple[str, int]:
    return ("a", item)


def _tag_b(item: int) -> tuple[str, int]:
    return ("b", item)


def test_two_threads_mapping_at_once_each_get_their_own_work():
    # One module-level `_work` was set before each pool forked: a second thread setting
    # its own in between made the first thread's workers run the other's function
    # (about one run in four on two cores).
    import threading

    from newslint.engine.parallel import map_in_order

    wrong: list[str] = []

    def run(work, tag: str) -> None:
        try:
            out = map_in_order(work, list(range(32)), 2)
        except Exception as exc:  # a pool whose work was cleared by the other thread
            wrong.append(repr(exc))
            return
        if out != [(tag, i) for i in range(32)]:
            wrong.append(tag)

    for _ in range(20):
        threads = [
            threading.Thread(target=run, args=(_tag_a, "a")),
            threading.Thread(target=run, args=(_tag_b, "b")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert wrong == []


def test_workers_leave_ctrl_c_to_the_parent():
    # ^C reaches every process of the terminal's group: a worker must not take it (an idle
    # one printed a traceback; one dying mid-queue could hang the pool's shutdown), since
    # the parent stops the run and ends them.
    import signal

    from newslint.engine.parallel import iter_in_order

    ignored = list(
        iter_in_order(lambda _: signal.getsignal(signal.SIGINT) == signal.SIG_IGN, range(32), 2)
    )
    assert ignored == [True] * 32


def test_stopping_early_ends_the_workers_chunks_at_their_next_item():
    # `newslint | head -1` or ^C: the caller stops reading. The chunks the workers have
    # begun (16 items of half a second: 8 s) end at their next item rather than run to
    # their end, those not begun are dropped, and no worker is left behind.
    import multiprocessing
    import time

    from newslint.engine.parallel import iter_in_order

    def slow(item: int) -> int:
        if item >= 16:  # the first chunk's items come at once
            time.sleep(0.5)
        return item

    results = iter_in_order(slow, range(128), 2)
    assert next(results) == 0
    started = time.monotonic()
    results.close()
    assert time.monotonic() - started < 3
    assert multiprocessing.active_children() == []
