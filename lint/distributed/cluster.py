"""Connecting to a Dask cluster, and the engine's `Backend` on it.

    with connect("local", workers=2) as client:
        run = linter.run(paths, backend=DaskBackend(client))

`DaskBackend.map` sends the engine's own per-file work (`Linter.worker`) to the cluster in
chunks, results back in input order, so the findings, their order and every output are
those of a run on one machine by construction. `DaskBackend.finish` gives a corpus rule
that scales out (`CorpusRule.finish_bag`) a bag of the run's summaries, and any other
its summaries with a `spread` over the cluster.

A lost worker: Dask itself runs a task again on another worker when its worker dies, up
to `distributed.scheduler.allowed-failures` times (3 by default), then fails it with
`KilledWorker`. A chunk that fails so is sent again one file per task, to pin the loss on
the file that caused it; a file that still fails gets the engine's `on_death` result (an
error naming it: exit 2, never a partial result reported as complete). A scheduler left
without any worker for `patience` seconds ends the run with DistributedError rather than
waiting for ever; so does a scheduler lost mid-run, or one that cannot unpickle the run's
rules (a plugin installed here but not on the cluster).
"""

from __future__ import annotations

import logging
import pickle
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError
from contextlib import contextmanager
from typing import Any, TypeVar

import cloudpickle
import dask.bag as db
import distributed
from distributed import Client, Future, KilledWorker, LocalCluster, wait

from newslint.distributed import DistributedError
from newslint.engine.rule import CorpusRule
from newslint.engine.run import finish_with
from newslint.model import Diagnostic

T = TypeVar("T")
R = TypeVar("R")

LOCAL = "local"
# Files per task at most: enough to pay for a task, few enough to spread the work.
MAX_CHUNK = 64
# Seconds a scheduler may have no worker at all before the run gives up.
PATIENCE = 60.0
_SETTLED = {"finished", "error", "cancelled"}


def _timeouts() -> tuple[type[BaseException], ...]:
    """What a wait that ran out raises: distributed's TimeoutError is asyncio's, which on
    Python 3.10 is not the builtin one (3.11 made them one class). Looked up when caught."""
    return (TimeoutError, distributed.TimeoutError)


@contextmanager
def connect(address: str, workers: int = 2, connect_timeout: float = 30.0) -> Iterator[Client]:
    """A client of the scheduler at `address` (`tcp://host:8786`), or, for `local`, of a
    `LocalCluster` of `workers` single-threaded worker processes started here and closed
    on exit. Raises DistributedError when the scheduler cannot be reached or `address` is
    not one Dask can use."""
    if address == LOCAL:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            # An address of its own for the scheduler's HTTP server, which starts even
            # without a dashboard: Dask's default, 8787, is often taken by another cluster
            # here, and Dask would print a warning into the run's stderr.
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(address, timeout=connect_timeout)
    except (OSError, *_timeouts()) as exc:
        raise DistributedError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    except (ValueError, TypeError) as exc:
        # Dask's own reading of the address: no port, an unknown scheme, TLS without its
        # certificates, a transport not installed.
        raise DistributedError(
            f"cannot use the Dask scheduler address {address!r} "
            f"(give tcp://HOST:PORT, or {LOCAL}): {exc}"
        ) from None
    # A scheduler lost mid-run is the run's own DistributedError; Dask's log of its
    # attempts to reconnect (an ERROR and a long traceback) would only repeat it, in the
    # middle of the report.
    log = logging.getLogger("distributed.client")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with client:
            yield client
    finally:
        log.setLevel(level)


def settle(client: Client, futures: Sequence[Future], patience: float = PATIENCE) -> None:
    """Wait until every future is finished (done or failed). Raises DistributedError when
    the scheduler has had no worker for `patience` seconds, is lost, or cancels them."""
    idle_since: float | None = None
    while True:
        try:
            wait(list(futures), timeout=1.0)
            # A future whose result was lost with its worker counts as done for a moment,
            # then runs again: wait for that too.
            if all(f.status in _SETTLED for f in futures):
                return
        except _timeouts():
            pass
        except CancelledError as exc:
            raise _cancelled(exc) from None
        try:
            workers = client.nthreads()
        except OSError as exc:  # CommClosedError: the scheduler is gone
            raise DistributedError(
                f"lost the Dask scheduler mid-run ({exc}); nothing reported"
            ) from None
        if workers:
            idle_since = None
            continue
        idle_since = idle_since or time.monotonic()
        if time.monotonic() - idle_since > patience:
            left = sum(1 for f in futures if not f.done())
            raise DistributedError(
                f"the Dask scheduler has had no worker for {patience:.0f} s; "
                f"{left} task{'s' if left != 1 else ''} unfinished, nothing reported"
            )


def compute(client: Client, collection: Any, patience: float = PATIENCE) -> Any:
    """`collection.compute()` on the cluster, with `settle`'s guard against a cluster left
    without workers. Raises DistributedError naming the task whose workers kept dying."""
    future = client.compute(collection)
    settle(client, [future], patience)
    try:
        return future.result()
    except KilledWorker as exc:
        raise DistributedError(_lost(exc)) from None
    except CancelledError as exc:
        raise _cancelled(exc) from None


def _cancelled(exc: CancelledError) -> DistributedError:
    """Dask cancelled tasks of the run: its scheduler was lost, or the inputs of a task
    were (and could not be made again)."""
    groups = getattr(exc, "error_groups", None)
    reasons = sorted({g.reason for g in groups} if groups else {getattr(exc, "reason", "")})
    if "scheduler-connection-lost" in reasons:
        return DistributedError(
            "lost the connection to the Dask scheduler mid-run; nothing reported"
        )
    why = ", ".join(r for r in reasons if r) or "no reason given"
    return DistributedError(
        f"the Dask scheduler cancelled the run's tasks ({why}); nothing reported"
    )


def _lost(exc: KilledWorker) -> str:
    task = exc.args[0] if exc.args else "a task"
    return f"Dask task {task!r} lost its worker too many times (KilledWorker)"


def _same(value: Any) -> Any:
    return value


def _unpickles(payload: bytes) -> str | None:
    """On a worker: why the run's work (pickled by this process) cannot be unpickled
    there, or None. A failure here is only reported; the same failure on a task's input
    would close the worker for good."""
    try:
        pickle.loads(payload)  # noqa: S301 - this run's own linter, pickled by this process
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return f"{type(exc).__name__}: {exc}"
    return None


def _run_chunk(work: Callable[[Any], Any], chunk: list[Any]) -> list[Any]:
    return [work(item) for item in chunk]


class DaskBackend:
    """The engine's `Backend` on the cluster of `client` (see the module's docstring)."""

    def __init__(self, client: Client, patience: float = PATIENCE) -> None:
        self.client = client
        self.patience = patience

    def workers(self) -> int:
        """Workers the scheduler has now (at least 1, for sizing partitions)."""
        return max(1, len(self.client.nthreads()))

    def map(
        self, work: Callable[[T], R], items: Sequence[T], on_death: Callable[[T, str], R]
    ) -> list[R]:
        if not items:
            return []
        self.check_loadable(work)
        # The work (the Linter, its rules and settings) is one task's result that the
        # chunks depend on, so it travels once per worker, not with every chunk; a task,
        # not scattered data, so that the scheduler can make it again when the workers
        # holding it die.
        shared = self.client.submit(_same, work, pure=False)
        size = max(1, min(MAX_CHUNK, len(items) // (self.workers() * 4)))
        chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
        futures = [self.client.submit(_run_chunk, shared, c, pure=False) for c in chunks]
        try:
            settle(self.client, futures, self.patience)
        except DistributedError:
            if shared.status == "error":  # the chunks were cancelled for want of it
                raise self._unloadable(shared) from None
            raise
        out: list[R] = []
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                out.extend(self._result(future))
            except KilledWorker:
                out.extend(self._one_by_one(shared, chunk, on_death))
        return out

    def check_loadable(self, work: Callable[..., Any]) -> None:
        """Raises DistributedError naming a worker that cannot unpickle `work` (a rule
        plugin installed here but not there): asked first, as such a worker would
        otherwise die on the first task, and the run end only when no worker is left."""
        answers = self.client.run(_unpickles, cloudpickle.dumps(work), on_error="return")
        bad = sorted((worker, why) for worker, why in answers.items() if why is not None)
        if bad:
            worker, why = bad[0]
            raise DistributedError(
                f"{len(bad)} of {len(answers)} Dask workers cannot load this run's rules "
                f"({worker}: {why}); the workers need the Python packages this machine "
                "has: newslint, the same version, and any rule plugins"
            )

    @staticmethod
    def _unloadable(shared: Future) -> DistributedError:
        """The run's work (its linter and rules) failed as a task: most often the scheduler
        or a worker could not unpickle it, lacking a module this machine has."""
        why = " ".join(str(shared.exception()).split())
        return DistributedError(
            f"the Dask cluster could not load this run's rules ({why}); its scheduler and "
            "workers need the Python packages this machine has: newslint, the same "
            "version, and any rule plugins"
        )

    def _result(self, future: Future) -> Any:
        """A settled future's result; raises what its task raised (KilledWorker when its
        workers kept dying), or DistributedError if it is lost again and does not come
        back within `patience` seconds."""
        try:
            return future.result(timeout=self.patience)
        except _timeouts():
            raise DistributedError(
                f"a Dask task did not finish within {self.patience:.0f} s of the others"
            ) from None
        except CancelledError as exc:
            raise _cancelled(exc) from None

    def _one_by_one(
        self, shared: Future, chunk: list[T], on_death: Callable[[T, str], R]
    ) -> list[R]:
        """The items of a chunk whose workers kept dying, again, one task each: an item
        that kills its workers again gets `on_death`. Raises what `work` raised."""
        futures = [self.client.submit(_run_chunk, shared, [item], pure=False) for item in chunk]
        settle(self.client, futures, self.patience)
        out: list[R] = []
        for item, future in zip(chunk, futures, strict=True):
            try:
                out.extend(self._result(future))
            except KilledWorker as exc:
                out.append(on_death(item, f"its Dask worker was lost: {_lost(exc)}"))
        return out

    def finish(self, rule: CorpusRule, collected: list[Any]) -> Iterable[Diagnostic]:
        if rule.scales_out():
            placed = [((i,), summary) for i, summary in enumerate(collected)]
            parts = max(1, min(len(placed), self.workers() * 4))
            bag = db.from_sequence(placed, npartitions=parts)
            return compute(self.client, rule.finish_bag(bag), self.patience)  # type: ignore[no-any-return]
        return finish_with(rule, collected, self.spread)

    def spread(self, work: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """`Spread` over the cluster: results in order; a lost task raises
        DistributedError (a corpus rule's comparisons have no file to pin it on)."""
        if not items:
            return []
        futures = self.client.map(work, list(items), pure=False)
        settle(self.client, futures, self.patience)
        try:
            return self.client.gather(futures)  # type: ignore[no-any-return]
        except KilledWorker as exc:
            raise DistributedError(_lost(exc)) from None
        except CancelledError as exc:
            raise _cancelled(exc) from None
