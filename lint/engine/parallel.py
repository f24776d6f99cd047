"""Mapping a function over items in worker processes, results in input order.

Workers are forked, so they inherit the loaded rules and settings instead of receiving
them pickled; where fork is not available, or there is too little work to pay for a
process, the items are handled in this process. Knows nothing of linting.

A worker that dies (the OOM killer's SIGKILL, `os._exit` in a plugin, a segfault in an
extension) never hangs the run. The pool is `concurrent.futures.ProcessPoolExecutor`,
which notices a dead worker and fails every unfinished task with `BrokenProcessPool`;
the items whose results had not come back are then handled again, each in a forked
process of its own, so a death is pinned on the one item that caused it and the others
still get their results. The item that killed its process is given to `on_death` (a
file's error, for linting) rather than retried in this process, where it would kill the
whole run too.
"""

from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items per worker, starting a process costs more than it saves.
MIN_ITEMS_PER_JOB = 8

# The functions forked workers run, by a token of the map that set them: set just before
# its pool forks, so each worker inherits its own with everything it closes over, and
# removed once the pool is done. By token, not one global: two threads mapping at once
# (the library used from threads) would otherwise fork workers running the other's work.
_works: dict[int, Callable[[Any], Any]] = {}
_tokens = itertools.count()
# By the same token, the event that tells a map's workers to stop (its caller stopped
# reading): each ends its chunk at the next item, rather than being killed at a moment
# that could leave half a result in the pool's pipe and its reader thread blocked on it.
_stops: dict[int, Any] = {}


class WorkerDied(Exception):
    """A worker process ended without returning the result of an item."""


class WorkFailed(Exception):
    """Raised in this process for an exception of `work` in a worker that pickle cannot
    carry back as itself (an `__init__` taking other arguments, an unpicklable attribute):
    `kind` is its class's name, the message its text, `detail` its traceback text."""

    def __init__(self, kind: str, message: str, detail: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.detail = detail

    def __reduce__(self) -> tuple[Any, ...]:
        return WorkFailed, (self.kind, str(self), self.detail)


def _portable(exc: BaseException) -> BaseException:
    """`exc` if it survives pickling, else a WorkFailed with its name and message, so a
    failure reads the same whatever the number of workers."""
    # Imported here, on the way out of a failed item: a run that fails nothing never pays.
    import pickle
    import traceback

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return WorkFailed(type(exc).__name__, str(exc), detail)


def _call(work: Callable[[Any], Any], item: Any) -> Any:
    try:
        return work(item)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: B036 - raised again, in a form that can travel
        raise _portable(exc) from None


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _call_chunk(token: int, items: list[Any]) -> list[Any]:
    work, stop = _works[token], _stops[token]
    done = []
    for item in items:
        if stop.is_set():  # no one wants the rest: end the chunk now
            break
        done.append(_call(work, item))
    return done


def how_it_died(exitcode: int | None) -> str:
    """A process's end in words: `killed by SIGKILL` (the OOM killer's signal, too) or
    `exited with status 3`."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exited with status {exitcode}"


def _alone(item: T, context: Any, token: int) -> tuple[bool | None, Any]:
    """The work of map `token` on `item`, in a forked process of its own: (True, result),
    (False, exception raised by the work) or (None, how the process died)."""
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        receive.close()
        try:
            outcome: tuple[bool, Any] = (True, _works[token](item))
        except BaseException as exc:  # noqa: B036 - handed to the parent to raise
            outcome = (False, _portable(exc))
        send.send(outcome)
        send.close()

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        process.join()
        return None, how_it_died(process.exitcode)  # type: ignore[return-value]
    finally:
        receive.close()
    process.join()
    return outcome  # type: ignore[no-any-return]


def map_in_order(
    work: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    on_death: Callable[[T, str], R] | None = None,
) -> list[R]:
    """`[work(item) for item in items]`, spread over up to `jobs` forked processes.

    Results must be picklable. Exceptions raised by `work` propagate. An item whose
    process dies gets `on_death(item, how)` as its result (`how`: "killed by SIGKILL",
    "exited with status 1"); without `on_death`, raises WorkerDied naming how.
    """
    return list(iter_in_order(work, items, jobs, on_death))


def _chunked(items: Sequence[T], size: int, ramp: bool) -> list[list[T]]:
    """`items` in consecutive chunks of `size`; with `ramp`, the first chunks are 1, 2, 4...
    items long until they reach `size`, so the first results come back after one item's
    work rather than a whole chunk's."""
    chunks = []
    at, step = 0, 1 if ramp else size
    while at < len(items):
        chunks.append(list(items[at : at + step]))
        at += step
        step = min(size, step * 2)
    return chunks


def iter_in_order(
    work: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    on_death: Callable[[T, str], R] | None = None,
    ramp: bool = False,
) -> Iterator[R]:
    """`map_in_order`, lazily: each result is yielded as soon as it and every one before
    it are done, so a caller can use the first results while the workers go on. With
    `ramp` the first chunks sent to the workers are small (see `_chunked`): the first
    results come sooner, at the price of a few more round trips. Closing the iterator
    early (or an exception in the caller's loop) cancels the chunks no worker has begun.
    """
    workers = min(jobs, len(items) // MIN_ITEMS_PER_JOB)
    if workers <= 1:
        yield from (work(item) for item in items)
        return
    # Imported only when there is work for processes: a one-article run never pays for it.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if "fork" not in multiprocessing.get_all_start_methods():
        yield from (work(item) for item in items)
        return
    token = next(_tokens)
    _works[token] = work
    context = multiprocessing.get_context("fork")
    _stops[token] = stop = context.Event()
    chunks = _chunked(items, max(1, len(items) // (workers * 4)), ramp)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_interrupts)
    finished = False
    try:
        futures = [pool.submit(_call_chunk, token, chunk) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                yield from future.result()
                continue
            except BrokenProcessPool:
                pass  # every unfinished chunk fails so: each item is redone alone
            for item in chunk:
                ok, value = _alone(item, context, token)
                if ok:
                    yield value
                elif ok is False:
                    raise value
                elif on_death is not None:
                    yield on_death(item, value)
                else:
                    raise WorkerDied(value)
        finished = True
    finally:
        if not finished:
            stop.set()  # the chunks begun end at their next item; those not begun are dropped
        pool.shutdown(wait=True, cancel_futures=True)
        del _works[token], _stops[token]


def _ignore_interrupts() -> None:
    """A pool worker's start: ^C at a terminal goes to the whole process group, and it is
    the parent that stops the run (and then its workers). A worker taking it too printed
    its traceback when idle, or could die holding the pool's queue lock and hang the
    parent's shutdown."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
