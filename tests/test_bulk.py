"""Bulk work pauses the cyclic garbage collector and always gives it back as it was."""

import gc

import pytest

from dragoman.bulk import bulk


@bulk
def _work(fail: bool = False) -> bool:
    if fail:
        raise ValueError("stop")
    return gc.isenabled()


def test_the_collector_waits_during_bulk_work_and_resumes_after():
    assert gc.isenabled()
    assert _work() is False
    assert gc.isenabled()
    with pytest.raises(ValueError):
        _work(fail=True)
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused():
    gc.disable()
    try:
        _work()
        assert not gc.isenabled()
    finally:
        gc.enable()

