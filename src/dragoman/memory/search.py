"""Many look-ups of a large memory shared among worker processes (or a Dask cluster).

Each job is :func:`search_chunk`: a chunk of the sources asked for, with the address of the
memory in its store (:class:`StoredMemory`), not the memory itself; a worker loads the memory
from the store once (it is kept for the worker's next jobs) and answers with positions and
scores, which the caller turns into units. A memory without a store is searched here.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple, Sequence

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


#: The memories this worker loaded, kept for its next jobs.
_LOADED: dict = {}


def search_chunk(stored: StoredMemory, sources: list[str], cutoff: float,
                 hidden_origin: str | None) -> list[tuple[float, int] | None]:
    """A job: :meth:`SourceIndex.search` of ``sources`` in the memory ``stored``."""
    from dragoman.memory import Memory

    index = _LOADED.get(stored)
    if index is None:
        _LOADED.clear()
        index = _LOADED[stored] = Memory.from_store(stored).index
    return index.search(sources, cutoff, hidden_origin)


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
