"""Work that builds many small objects and no reference cycles (reading a catalog, merging
one, indexing a memory): the cyclic garbage collector would only rescan the growing heap
again and again while it runs (up to twice the time on a large catalog), so it waits.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import wraps
from typing import Callable, Iterator, TypeVar

F = TypeVar("F", bound=Callable)


@contextmanager
def collection_paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def bulk(function: F) -> F:
    """Run ``function`` with the cyclic garbage collector paused."""

    @wraps(function)
    def paused(*args, **kwargs):
        with collection_paused():
            return function(*args, **kwargs)

    return paused  # type: ignore[return-value]
