"""Work that builds many small objects and no reference cycles (reading a catalog, merging
one, indexing a memory): the cyclic garbage collector would only rescan the growing heap
again and again while it runs (up to twice the time on a large catalog), so it waits.

In a short-lived process (a command) what was built is also kept out of later collections
(``gc.freeze``): the first collection after the pause would scan all of it, and each older
generation again (a tenth of a second on a 20,000-entry merge). Objects frozen are still
freed when no longer used; only cyclic garbage present at that moment would never be, which
in a long-running process would add up, so it is the command line's choice.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import wraps
from typing import Callable, Iterator, TypeVar

F = TypeVar("F", bound=Callable)

_freeze_after_pause = False


def short_lived_process(value: bool = True) -> None:
    """Declare this process short-lived: objects built by bulk work are frozen after it, and
    the memory it frees is kept for what it allocates next (:func:`_keep_freed_memory`)."""
    global _freeze_after_pause
    _freeze_after_pause = value
    if value:
        _keep_freed_memory()


#: glibc's ``mallopt`` options (malloc.h) and the values set by :func:`_keep_freed_memory`:
#: the most it allows for the first (blocks this large or larger are mapped on their own),
#: and a size no freed heap top reaches (the heap is never trimmed).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_KEPT = ((_M_MMAP_THRESHOLD, 32 << 20), (_M_TRIM_THRESHOLD, 1 << 30))


def _keep_freed_memory() -> None:
    """Have glibc's allocator keep what this process frees, large blocks included, rather
    than give it back to the system: bulk work frees megabytes between one step and the next,
    and each page given back is faulted in and zeroed again when next needed (a fifth of
    the page faults, and of the system time, of a large compendium's first reading).
    Elsewhere than glibc (no ``mallopt``) nothing changes."""
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):
        return
    for option, value in _KEPT:
        mallopt(option, value)


@contextmanager
def collection_paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if _freeze_after_pause:
                gc.freeze()
            gc.enable()


def bulk(function: F) -> F:
    """Run ``function`` with the cyclic garbage collector paused."""

    @wraps(function)
    def paused(*args, **kwargs):
        with collection_paused():
            return function(*args, **kwargs)

    return paused  # type: ignore[return-value]
