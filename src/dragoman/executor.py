"""The one place that knows about processes: every parallel job goes through :func:`open_executor`.

A job is a module-level function of picklable inputs (an article path, a batch of sentences, a
pair of files) returning plain data, so that it runs the same in a worker started by ``fork``,
by ``spawn`` or on another machine. Files a job writes are written atomically
(:mod:`dragoman.fileio`), so a worker lost mid-job leaves no half-written catalog.

Locally the executor is the standard library's process pool: the fork start method where the
platform has it, spawn elsewhere (macOS, Windows; or wherever ``DRAGOMAN_START_METHOD=spawn``
asks for it). With a scheduler address it is the executor of a Dask distributed client
(``pip install 'dragoman[dask]'``), which has the same ``submit``/``map`` interface. Either way
:meth:`Jobs.map` runs again, once, the calls of a worker that died (a process pool is then
broken as a whole); Dask reschedules them itself, and a task that killed several workers fails
the run with a :class:`~dragoman.errors.ParallelError`.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import CancelledError, Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from dragoman.errors import ParallelError

T = TypeVar("T")
R = TypeVar("R")

#: Names the process start method for local workers (``fork``, ``spawn``, ``forkserver``),
#: overriding the platform's choice: to run on Linux as on macOS and Windows.
START_METHOD_VARIABLE = "DRAGOMAN_START_METHOD"
#: How long to wait for a named Dask scheduler to answer.
CONNECT_SECONDS = 10

#: True in a process running a job: a job's own parallel parts then run in it, serially (the
#: cores, or the cluster's workers, are taken by the jobs).
_in_job = False


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def in_job() -> bool:
    """Whether this process is running a job of an executor."""
    return _in_job


def start_method() -> str:
    """The start method of local workers: ``$DRAGOMAN_START_METHOD``, else fork where the
    platform has it, else spawn."""
    available = multiprocessing.get_all_start_methods()
    wanted = os.environ.get(START_METHOD_VARIABLE)
    if wanted:
        if wanted not in available:
            raise ParallelError(f"{START_METHOD_VARIABLE}={wanted}: this platform starts "
                                f"processes by {', '.join(available)}")
        return wanted
    return "fork" if "fork" in available else "spawn"


def open_executor(jobs: int | None = None, scheduler: str | None = None, *,
                  initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> Jobs:
    """A ``concurrent.futures.Executor`` for ``jobs`` local worker processes (default: one per
    core), or for the Dask cluster whose scheduler listens at ``scheduler``
    (``tcp://HOST:8786``). ``initializer(*initargs)`` runs once in each worker before its
    first job (on a cluster, also in workers that join or restart later). Use it as a context
    manager: leaving it waits for the jobs and releases the workers.
    """
    if scheduler:
        return _dask_jobs(scheduler, initializer, initargs)
    context = multiprocessing.get_context(start_method())
    workers = jobs or cores()

    def pool() -> Executor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=initializer, initargs=initargs)

    return Jobs(pool, f"{workers} local processes", workers)


def map_in_workers(function: Callable[[T], R], items: Sequence[T], *, worth_it: bool = True,
                   jobs: int | None = None) -> list[R]:
    """``[function(item) for item in items]``, shared among ``jobs`` local workers (default:
    one per core), one run of items each, when that is ``worth_it`` (the caller knows its
    sizes) and this process is not running a job already; here otherwise. ``function`` must
    be picklable (a module-level function, or a ``functools.partial`` of one)."""
    workers = jobs or cores()
    if not worth_it or _in_job or workers < 2 or len(items) < 2:
        return [function(item) for item in items]
    runs = min(workers, len(items))
    with open_executor(runs) as executor:
        return list(executor.map(function, items, chunksize=-(-len(items) // runs)))


class Jobs(Executor):
    """An executor (a process pool, or a Dask client's) whose :meth:`map` survives the loss
    of a worker: the calls it had not answered run again, once, on a fresh pool."""

    def __init__(self, open_pool: Callable[[], Executor], where: str, workers: int,
                 close: Callable[[], None] | None = None, setup: tuple | None = None):
        self._open_pool = open_pool
        self._pool = open_pool()
        self._close = close
        self._setup = setup  # (name, initializer, initargs) for workers that run no initializer
        self._retried = False
        #: Where the jobs run (for messages): "2 local processes", a scheduler's address.
        self.where = where
        #: How many jobs run at once (worker processes, or the cluster's worker threads when
        #: it was opened): to cut work into as many runs, or a few times more.
        self.workers = workers

    def submit(self, fn: Callable[..., R], /, *args, **kwargs) -> Future:
        """``fn(*args, **kwargs)`` in a worker (not run again if the worker dies)."""
        return self._pool.submit(_run_job, self._setup, fn, args, kwargs)

    def map(self, fn: Callable[..., R], *iterables: Iterable, timeout: float | None = None,
            chunksize: int = 1) -> Iterator[R]:
        """``fn`` of each tuple of the iterables' items, in order, sent to the workers
        ``chunksize`` calls at a time; as the standard executors' ``map``, but a lost worker's
        calls are run again once (:class:`~dragoman.errors.ParallelError` if a worker is lost
        again)."""
        calls = list(zip(*iterables))
        chunks = [calls[k:k + chunksize] for k in range(0, len(calls), max(1, chunksize))]
        def send(chunk: list[tuple]) -> Future:
            return self._pool.submit(_run_chunk, self._setup, fn, chunk)

        futures = [send(chunk) for chunk in chunks]

        def results() -> Iterator[R]:
            try:
                for k in range(len(chunks)):
                    while True:
                        try:
                            done = futures[k].result(timeout)
                            break
                        except BrokenProcessPool:
                            self._reopen()
                            futures[k:] = [f if _answered(f) else send(chunks[j])
                                           for j, f in enumerate(futures[k:], start=k)]
                        except CancelledError:  # (not by this map: by a lost scheduler)
                            raise ParallelError(f"the jobs were cancelled on {self.where}: "
                                                "the scheduler was lost?") from None
                        except Exception as exc:  # noqa: BLE001 - a job's own errors pass
                            if type(exc).__name__ == "KilledWorker":
                                raise ParallelError(
                                    f"a job killed every worker that ran it on {self.where}: "
                                    f"{exc}") from None
                            raise
                    yield from done
            finally:
                for future in futures:
                    future.cancel()

        return results()

    def _reopen(self) -> None:
        """A fresh pool for the calls a lost worker took with it, the first time."""
        if self._retried:
            raise ParallelError(f"a worker process ended during a job, twice ({self.where}); "
                                "nothing was written for the jobs it ran")
        self._retried = True
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._open_pool()

    def stop(self) -> None:
        """Release the workers now, abandoning the jobs still running (work ahead that is
        no longer wanted)."""
        if isinstance(self._pool, ProcessPoolExecutor):
            # (The standard pool would let a running job finish first: its workers end here.)
            for process in list((self._pool._processes or {}).values()):
                process.terminate()
        self.shutdown(cancel_futures=True)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            if cancel_futures and isinstance(self._pool, ProcessPoolExecutor):
                self._pool.shutdown(wait=wait, cancel_futures=True)
            else:  # (a Dask client's executor cancels what it was given when not waiting)
                self._pool.shutdown(wait=wait and not cancel_futures)
        finally:
            if self._close is not None:
                self._close()
                self._close = None


def _answered(future: Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _run_job(setup: tuple | None, fn: Callable[..., R], args: tuple, kwargs: dict) -> R:
    _enter_job(setup)
    return fn(*args, **kwargs)


def _run_chunk(setup: tuple | None, fn: Callable[..., R], chunk: list[tuple]) -> list[R]:
    _enter_job(setup)
    return [fn(*call) for call in chunk]


#: The executor whose initializer this worker ran last (see :func:`_enter_job`).
_set_up_for: str | None = None


def _enter_job(setup: tuple | None) -> None:
    """Mark this process as running a job and, on a cluster's worker, run the executor's
    initializer before its first job there."""
    global _in_job, _set_up_for
    _in_job = True
    if setup is not None and setup[0] != _set_up_for:
        name, initializer, initargs = setup
        initializer(*initargs)
        _set_up_for = name


# -- Dask distributed ---------------------------------------------------------------------

def _dask_jobs(address: str, initializer, initargs: tuple) -> Jobs:
    try:
        from distributed import Client
    except ImportError:
        raise ParallelError(f"a scheduler was named ({address}), but Dask distributed is not "
                            "installed: pip install 'dragoman[dask]'") from None
    try:
        client = Client(address, timeout=f"{CONNECT_SECONDS}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ParallelError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    setup = None
    if initializer is not None:
        try:  # (sent to every worker once; a worker that joins later fetches it from another)
            shared = client.scatter([initargs], broadcast=True, hash=False)[0]
        except BaseException:
            client.close()
            raise
        setup = (f"{os.getpid()}-{id(shared)}-{shared.key}", initializer, shared)
    # (pure=False: a call is run each time it is submitted, never answered from an earlier run.)
    workers = max(1, sum(client.nthreads().values()))
    return Jobs(lambda: client.get_executor(pure=False), address, workers, client.close, setup)
