"""Memories in worker processes (or on a Dask cluster), and many look-ups shared among them.

A job or an executor's initializer carries :func:`shipped` memories: the address of a memory
in its store (:class:`StoredMemory`), not the memory itself, when it has one. A worker takes
it back with :func:`received`: one forked from this process finds the memory this process
holds; another (spawned, on a cluster) loads it from the store once and keeps it for its next
jobs. Only a memory without a store travels whole.

:func:`search_chunk` is such a job: a chunk of the sources asked for, answered with positions
and scores, which the caller turns into units. A memory without a store is searched here.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple, Sequence
from weakref import WeakValueDictionary

#: A batch of look-ups is shared among processes from this many sources in a memory of this
#: many units (below, starting the workers costs more than it saves).
SHARED_QUERIES = 20_000
SHARED_UNITS = 50_000


class StoredMemory(NamedTuple):
    """Where a memory is kept: its store, its language and the stamped files it holds, in
    order (``(key in the store, origin, stamp)``). Small and picklable: a job carries it."""

    store: str
    lang: str
    files: tuple[tuple[str, str, str], ...]


#: Memories this process shipped, by their address (held by whoever shipped them: weakly
#: here), which the workers it forks find without loading them.
_SHIPPED: WeakValueDictionary = WeakValueDictionary()
#: Memories this worker loaded from their store, kept for its next jobs: those of one store,
#: one per language (a long-lived worker of a cluster receives memories anew as their files
#: change, or another workspace's).
_LOADED: dict = {}


def shipped(memory):
    """What carries ``memory`` to a worker: its :class:`StoredMemory` when it is kept in a
    store (see :func:`received`), else the memory itself."""
    if memory is None or memory.stored is None:
        return memory
    _SHIPPED[memory.stored] = memory
    return memory.stored


def received(sent):
    """The memory a worker was :func:`shipped`: the one this process shipped or loaded
    already, else loaded from its store (:class:`~dragoman.errors.ParallelError` if the store
    no longer holds it so)."""
    if not isinstance(sent, StoredMemory):
        return sent
    memory = _SHIPPED.get(sent)
    if memory is None:
        memory = _LOADED.get(sent)
    if memory is None:
        from dragoman.errors import ParallelError
        from dragoman.memory import Memory

        for older in [k for k in _LOADED if k.store != sent.store or k.lang == sent.lang]:
            del _LOADED[older]
        try:
            memory = _LOADED[sent] = Memory.from_store(sent)
        except LookupError:
            raise ParallelError("a worker cannot load the memory: its store changed since "
                                "the command loaded it (refreshed by another command?); "
                                "run the command again", sent.store) from None
    return memory


def search_chunk(stored: StoredMemory, sources: list[str], cutoff: float,
                 hidden_origin: str | None) -> list[tuple[float, int] | None]:
    """A job: :meth:`SourceIndex.search` of ``sources`` in the memory ``stored``."""
    return received(stored).index.search(sources, cutoff, hidden_origin)


def shared_search(stored: StoredMemory, sources: Sequence[str], cutoff: float,
                  hidden_origin: str | None, jobs: int | None
                  ) -> list[tuple[float, int] | None]:
    """:func:`search_chunk` of ``sources`` in one chunk per worker
    (:func:`~dragoman.executor.map_in_workers`)."""
    from dragoman.executor import cores, map_in_workers

    size = -(-len(sources) // (jobs or cores()))
    chunks = [list(sources[k:k + size]) for k in range(0, len(sources), size)]
    search = partial(search_chunk, stored, cutoff=cutoff, hidden_origin=hidden_origin)
    return [found for chunk in map_in_workers(search, chunks, jobs=jobs) for found in chunk]


def worth_sharing(queries: int, units: int, jobs: int | None) -> bool:
    """Whether ``queries`` look-ups in ``units`` go to worker processes (never from a job of
    an executor: the cores are taken by the jobs)."""
    from dragoman.executor import cores, in_job

    return ((jobs or cores()) > 1 and queries >= SHARED_QUERIES and units >= SHARED_UNITS
            and not in_job())
