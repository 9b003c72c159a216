"""Bulk work pauses the cyclic garbage collector and always gives it back as it was."""

import gc

import pytest

from dragoman.bulk import bulk, short_lived_process


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


@bulk
def _build(count: int) -> list[list[int]]:
    return [[n] for n in range(count)]


@pytest.mark.parametrize("short_lived", [False, True])
def test_a_short_lived_process_keeps_what_bulk_work_built_out_of_later_collections(short_lived):
    gc.collect()
    frozen = gc.get_freeze_count()
    short_lived_process(short_lived)
    try:
        built = _build(5000)
        assert all(gc.is_tracked(item) for item in built)
        assert (gc.get_freeze_count() - frozen >= len(built)) is short_lived
        assert gc.isenabled()
    finally:
        short_lived_process(False)
        gc.unfreeze()


def test_a_short_lived_process_has_the_allocator_keep_what_it_frees(monkeypatch):
    import ctypes

    from dragoman import bulk as bulk_module

    calls = []

    class Libc:
        def mallopt(self, option, value):
            calls.append((option, value))
            return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda name: Libc())
    short_lived_process(True)
    short_lived_process(False)
    assert calls == list(bulk_module._KEPT)
    assert dict(calls)[-3] == 32 << 20  # (glibc's largest mmap threshold)

    def missing(name):
        raise OSError("no C library here")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    short_lived_process(True)  # (nothing to tune: no error)
    short_lived_process(False)
    gc.unfreeze()
