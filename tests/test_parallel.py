"""Work shared with forked workers gives what the same work gives here."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from dragoman.parallel import cores, fork_map


@pytest.mark.parametrize("jobs", [1, 2, 3, 8])
def test_fork_map_is_map_in_order_with_closures(jobs):
    offset = 7
    items = list(range(23))
    assert [r for r in fork_map(lambda x: x + offset, items, jobs)] == [x + 7 for x in items]


def test_fork_map_of_nothing_and_cores():
    assert fork_map(str, [], 4) == []
    assert cores() >= 1


def _run(code: str) -> str:
    """Run ``code`` in a fresh interpreter (no test-server threads: fork is allowed there)."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_fork_map_runs_in_other_processes_and_passes_errors_back():
    assert _run("""
        import os
        from dragoman.parallel import fork_map
        pids = set(fork_map(lambda _: os.getpid(), list(range(4)), 2))
        assert os.getpid() in pids and len(pids) == 2, pids  # the first run here
        def fail(x):
            if x == 3:
                raise ValueError("three")
        try:
            fork_map(fail, list(range(4)), 2)
        except ValueError as exc:
            print(exc)
    """) == "three"


def test_the_run_of_a_worker_that_died_is_done_here():
    assert _run("""
        import os
        from dragoman.parallel import fork_map
        parent = os.getpid()
        def double(x):
            if os.getpid() != parent:
                os._exit(3)  # a worker killed before it could answer
            return 2 * x
        print(fork_map(double, list(range(6)), 3))
    """) == "[0, 2, 4, 6, 8, 10]"


def test_no_fork_in_a_worker_or_beside_other_threads():
    assert _run("""
        import os, threading, time
        from dragoman.parallel import fork_map
        inner = lambda _: len(set(fork_map(lambda _: os.getpid(), [1, 2], 2)))
        print(fork_map(inner, [0, 1], 2))  # not beside the pool's threads, nor in the worker
        threading.Thread(target=time.sleep, args=(0.5,)).start()
        print(len(set(fork_map(lambda _: os.getpid(), [1, 2], 2))))
    """).split() == ["[1,", "1]", "1"]


def test_a_resident_keeps_what_it_built_and_answers_in_order():
    assert _run("""
        import os
        from dragoman.parallel import Resident
        class Kept:
            def __init__(self, items):
                self.items = items
            def total(self, extra):
                return sum(self.items) + extra
            def fail(self):
                raise KeyError("missing")
            def pid(self):
                return os.getpid()
        def build(n):
            return Kept(list(range(n))), n * 10
        worker = Resident.start(build, 5)
        assert worker.receive() == 50
        worker.post("total", 1)
        worker.post("total", 100, answer=False)
        worker.post("total", 2)
        print(worker.receive(), worker.receive())
        try:
            worker.call("fail")
        except KeyError as exc:
            print(exc)
        worker.post("total", 3)  # due, then dropped by the call after it
        assert worker.call("pid") != os.getpid()
        worker.close()
        worker.close()  # (closing twice is closing once)
    """).split() == ["11", "12", "'missing'"]


def test_a_resident_that_died_is_reported_and_closing_one_ends_it():
    assert _run("""
        import os, signal
        from dragoman.parallel import Resident, WorkerLost
        first = Resident.start(lambda: (None, os.getpid()))
        pid = first.receive()
        second = Resident.start(lambda: (None, os.getpid()))  # (does not keep the first open)
        first.close()
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            print("ended")
        os.kill(second.receive(), signal.SIGKILL)
        try:
            second.call("anything")
        except WorkerLost:
            print("lost")
        second.close()
    """).split() == ["ended", "lost"]


def test_requests_posted_far_ahead_of_their_answers_do_not_block_either_side():
    # Far more than a pipe holds, each way: the worker blocks on its answers unless this
    # process takes them in while it posts.
    assert _run("""
        from dragoman.parallel import Resident
        class Echo:
            def echo(self, text):
                return text * 2
        worker = Resident.start(lambda: (Echo(), None))
        worker.receive()
        texts = [str(n) * 50_000 for n in range(40)]
        for text in texts:
            worker.post("echo", text)
        assert [worker.receive() for _ in texts] == [t * 2 for t in texts]
        worker.close()
        print("done")
    """) == "done"
