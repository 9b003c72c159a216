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
    """Declare this process short-lived: objects built by bulk work are frozen after it."""
    global _freeze_after_pause
    _freeze_after_pause = value


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
