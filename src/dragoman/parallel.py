"""Work shared with forked worker processes, for the few jobs large enough to gain from it.

A forked worker starts with a copy of this process (the memory index, a decoded compendium)
at no cost, so only the items and the results cross between processes. Where ``fork`` is
not available, or there is one core, the work runs here, with the same results.
"""

from __future__ import annotations

import os
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: The job of the forked workers (set before they fork; they find it in their copy).
_JOB: tuple[Callable, Sequence] | None = None


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int | None = None) -> list[R]:
    """``[function(item) for item in items]``, the items cut into ``jobs`` runs (default: one
    per core) of which this process does the first and forked workers the others.

    ``function`` may be any callable (a closure, a bound method): workers inherit it.
    """
    global _JOB
    import multiprocessing

    jobs = min(cores() if jobs is None else jobs, len(items))
    if jobs < 2 or not forkable():
        return [function(item) for item in items]
    bounds = [len(items) * k // jobs for k in range(jobs + 1)]
    runs = list(zip(bounds, bounds[1:]))
    _JOB = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(jobs - 1) as pool:
            others = pool.map_async(_run, runs[1:], chunksize=1)
            first = _run(runs[0])
            results = others.get()
    finally:
        _JOB = None
    for run in results:
        first += run
    return first


def forkable() -> bool:
    """Whether this process may fork workers: ``fork`` exists, this is not a worker already
    (``update -j``: the cores are taken), and no other thread runs (one holding a lock at the
    fork would leave the child waiting for it forever)."""
    import multiprocessing
    import threading

    return ("fork" in multiprocessing.get_all_start_methods()
            and multiprocessing.parent_process() is None and threading.active_count() == 1)


def _run(run: tuple[int, int]) -> list:
    function, items = _JOB
    return [function(item) for item in items[run[0]:run[1]]]
