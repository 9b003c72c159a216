"""Work shared with forked workers gives what the same work gives here."""

from __future__ import annotations

import os

import pytest

from dragoman.parallel import cores, fork_map


@pytest.mark.parametrize("jobs", [1, 2, 3, 8])
def test_fork_map_is_map_in_order_with_closures(jobs):
    offset = 7
    items = list(range(23))
    assert fork_map(lambda x: (x + offset, os.getpid()), items, jobs)[5][0] == 12
    assert [r for r, _ in fork_map(lambda x: (x + offset, 0), items, jobs)] == [x + 7 for x in items]


def test_fork_map_runs_in_other_processes_when_asked():
    pids = {pid for pid in fork_map(lambda _: os.getpid(), list(range(4)), 2)}
    assert os.getpid() in pids and len(pids) == 2  # the first run here, the other forked


def test_fork_map_of_nothing_and_cores():
    assert fork_map(str, [], 4) == []
    assert cores() >= 1


def test_an_error_in_a_worker_reaches_the_caller():
    def fail(x):
        if x == 3:
            raise ValueError("three")
        return x

    with pytest.raises(ValueError, match="three"):
        fork_map(fail, list(range(4)), 2)


def test_a_worker_does_not_fork_workers_of_its_own():
    nested = fork_map(lambda _: len({pid for pid in fork_map(lambda _: os.getpid(), [1, 2], 2)}),
                      [0, 1], 2)
    assert nested == [2, 1]  # here two processes; in the forked worker, only itself
