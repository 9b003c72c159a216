"""Work shared with forked worker processes, for the few jobs large enough to gain from it.

A forked worker starts with a copy of this process (the memory index, a decoded compendium,
a merge's old entries) at no cost, so only the results cross back, pickled through a pipe.
A bare ``os.fork`` costs a few milliseconds where a ``multiprocessing`` pool costs tens, so
jobs of a few tenths of a second gain too. Where ``fork`` is not available, or there is one
core, the work runs here, with the same results; so does a run whose worker died.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections import deque
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: True in a forked worker, and here while workers run: the cores are taken.
_busy = False


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int | None = None) -> list[R]:
    """``[function(item) for item in items]``, the items cut into ``jobs`` runs (default: one
    per core) of which this process does the first and forked workers the others.

    ``function`` may be any callable (a closure, a bound method): workers inherit it. An
    exception in a worker is raised here.
    """
    global _busy
    jobs = min(cores() if jobs is None else jobs, len(items))
    if jobs < 2 or not forkable():
        return _run_here(function, items, (0, len(items)))
    bounds = [len(items) * k // jobs for k in range(jobs + 1)]
    runs = list(zip(bounds, bounds[1:]))
    workers: list[tuple[int, int, tuple[int, int]]] = []  # (pid, read end, run)
    _busy = True
    try:
        for run in runs[1:]:
            workers.append(_fork(function, items, run))
        results = _run_here(function, items, runs[0])
        while workers:
            results += _collect(*workers.pop(0), function, items)
    finally:
        _busy = False
        for pid, pipe, _ in workers:  # interrupted: stop the others
            _stop(pid, pipe)
    return results


class Resident:
    """A forked worker that builds something and keeps it, answering calls on it until it is
    closed: for data that costs more to send back than to use where it was built (a piece of
    a large memory, read and indexed by the worker, searched there).

    ``build(*args)`` runs in the worker and gives ``(kept, first answer)``. :meth:`receive`
    gives the answers in order: the first one, then one for each :meth:`post` of
    ``(name, *args)``, which has the worker run ``kept.name(*args)`` (an exception in it is
    raised here). Whenever the worker has answered all it was asked, it runs
    ``kept.idle(False)``, if ``kept`` has an ``idle`` method, and ``kept.idle(True)`` when
    no request is left: work nobody waits for. The worker ends when this process closes it
    or ends.

    Requests may be posted far ahead of their answers: the worker takes them in, and sends
    its answers, in threads of its own, so that neither process waits for the other to
    empty a pipe.
    """

    def __init__(self, build: Callable[..., tuple], args: tuple):
        requests_in, requests_out = os.pipe()
        answers_in, answers_out = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(requests_out)
            os.close(answers_in)
            _serve(build, args, requests_in, answers_out)
        os.close(requests_in)
        os.close(answers_out)
        self._pid = pid
        self._requests = os.fdopen(requests_out, "wb")
        self._answers = os.fdopen(answers_in, "rb")
        _resident_files.update((requests_out, answers_in))
        self._due = deque([True])  # answers to come: wanted or dropped (the first: wanted)

    @classmethod
    def start(cls, build: Callable[..., tuple], *args) -> Resident | None:
        """A worker running ``build(*args)``; None where none can be forked (see
        :func:`forkable`)."""
        return cls(build, args) if cores() > 1 and forkable() else None

    def post(self, name: str, *args, answer: bool = True) -> None:
        """Ask the worker to run ``kept.name(*args)``; its answer comes in turn (or is
        dropped: ``answer=False``)."""
        try:
            self._requests.write(_framed(pickle.dumps((name, args), pickle.HIGHEST_PROTOCOL)))
            self._requests.flush()
        except (OSError, ValueError):
            raise WorkerLost("the worker is gone") from None
        self._due.append(answer)

    def _message(self):
        try:
            ok, value = pickle.loads(_unframed(self._answers))
        except Exception:  # noqa: BLE001 - a truncated answer: the worker was killed
            raise WorkerLost("the worker ended without answering") from None
        return ok, value

    def receive(self):
        """The next answer wanted (raises :class:`WorkerLost` if the worker ended without
        it)."""
        while self._due:
            wanted = self._due.popleft()
            ok, value = self._message()
            if wanted:
                if not ok:
                    raise value
                return value
        raise RuntimeError("no answer is due")

    def call(self, name: str, *args):
        """:meth:`post`, then its answer (answers still due before it are dropped)."""
        self._due = deque(False for _ in self._due)
        self.post(name, *args)
        return self.receive()

    def close(self) -> None:
        """End the worker: it finishes what it was asked, then sees the end of its requests."""
        if self._pid is None:
            return
        _resident_files.difference_update((self._requests.fileno(), self._answers.fileno()))
        for stream in (self._requests, self._answers):
            try:
                stream.close()
            except OSError:
                pass
        os.waitpid(self._pid, 0)
        self._pid = None

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - at interpreter exit: the worker ends anyway
            pass


class WorkerLost(Exception):
    """A :class:`Resident` ended without answering (killed, out of memory)."""


#: This process's ends of its residents' pipes (a worker forked later closes them: a
#: resident must see the end of its requests when this process closes it).
_resident_files: set[int] = set()


def _framed(data: bytes) -> bytes:
    """A message: its length, then itself."""
    return len(data).to_bytes(8, "little") + data


def _unframed(stream) -> bytes | None:
    """The next message of a stream (None at its end)."""
    head = stream.read(8)
    if len(head) < 8:
        return None
    size = int.from_bytes(head, "little")
    data = stream.read(size)
    if len(data) < size:
        return None
    return data


def _as_worker() -> None:
    """What a forked worker does first: mark the cores taken, and close this process's ends
    of its residents' pipes (only this process may end them)."""
    global _busy
    _busy = True
    for fd in _resident_files:
        os.close(fd)
    _resident_files.clear()


def _serve(build, args, requests: int, answers: int) -> None:
    """A resident's life: build, answer, then answer requests until there are no more."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # (ended by this process, not by Ctrl-C)
        _as_worker()
        import queue
        import threading

        inbox, outbox = queue.SimpleQueue(), queue.SimpleQueue()
        with os.fdopen(requests, "rb") as incoming, os.fdopen(answers, "wb") as outgoing:
            def take_in() -> None:
                while True:
                    data = _unframed(incoming)
                    inbox.put(data)
                    if data is None:
                        return

            def send_out() -> None:
                try:
                    for data in iter(outbox.get, None):
                        outgoing.write(data)
                        outgoing.flush()
                except OSError:  # (this process closed it: the answers are not wanted)
                    pass

            threads = [threading.Thread(target=take_in, daemon=True),
                       threading.Thread(target=send_out)]
            for thread in threads:
                thread.start()
            try:
                kept, first = build(*args)
                outcome = (True, first)
            except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
                kept, outcome = None, (False, exc)
            idle = getattr(kept, "idle", None)
            while True:
                outbox.put(_framed(pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)))
                if idle is not None and inbox.empty():
                    idle(False)
                data = inbox.get()
                if data is None:  # (no more requests)
                    if idle is not None:
                        idle(True)
                    break
                name, call_args = pickle.loads(data)
                try:
                    outcome = (True, getattr(kept, name)(*call_args))
                except Exception as exc:  # noqa: BLE001
                    outcome = (False, exc)
            outbox.put(None)
            threads[1].join()
        status = 0
    finally:
        os._exit(status)


def _stop(pid: int, pipe: int) -> None:
    os.close(pipe)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _run_here(function, items, run: tuple[int, int]) -> list:
    return [function(item) for item in items[run[0]:run[1]]]


def _fork(function, items, run: tuple[int, int]) -> tuple[int, int, tuple[int, int]]:
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read, run
    # The worker: its results (or its exception) down the pipe, then out without running
    # this process's exit handlers or flushing its buffers.
    status = 1
    try:
        os.close(read)
        _as_worker()
        try:
            outcome = (True, _run_here(function, items, run))
        except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
            outcome = (False, exc)
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)


def _collect(pid: int, pipe: int, run: tuple[int, int], function, items) -> list:
    """A worker's results; the run is done here if the worker ended without them."""
    with os.fdopen(pipe, "rb") as stream:
        data = stream.read()
    os.waitpid(pid, 0)
    try:
        ok, value = pickle.loads(data)
    except Exception:  # noqa: BLE001 - nothing usable came back (the worker was killed)
        return _run_here(function, items, run)
    if not ok:
        raise value
    return value


def forkable() -> bool:
    """Whether this process may fork workers: ``fork`` exists, this is not a worker already
    nor waiting for its own (``update -j``, a nested job: the cores are taken), and no other
    thread runs (one holding a lock at the fork would leave the child waiting for it
    forever)."""
    import threading

    # (A multiprocessing worker has imported multiprocessing: no need to import it to ask.)
    pool = sys.modules.get("multiprocessing")
    return (not _busy and hasattr(os, "fork") and threading.active_count() == 1
            and (pool is None or pool.parent_process() is None))
