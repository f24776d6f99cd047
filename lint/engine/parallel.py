"""Mapping a function over items in worker processes, results in input order.

Workers are forked, so they inherit the loaded rules and settings instead of receiving
them pickled; where fork is not available, or there is too little work to pay for a
process, the items are handled in this process. Knows nothing of linting.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items per worker, starting a process costs more than it saves.
MIN_ITEMS_PER_JOB = 8

# The function the forked workers run: set just before the pool forks, so each worker
# inherits it with everything it closes over, and cleared once the pool is done.
_work: Callable[[Any], Any] | None = None


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _call(item: Any) -> Any:
    assert _work is not None
    return _work(item)


def map_in_order(work: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`[work(item) for item in items]`, spread over up to `jobs` forked processes.

    Results must be picklable. Exceptions raised by `work` propagate.
    """
    workers = min(jobs, len(items) // MIN_ITEMS_PER_JOB)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in items]
    global _work
    _work = work
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_call, items, chunksize=max(1, len(items) // (workers * 4)))
    finally:
        _work = None
