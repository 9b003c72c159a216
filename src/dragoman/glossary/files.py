"""A glossary's work over many files (lint, name discovery): a large set of files is read by
worker processes (:mod:`dragoman.executor`, local or on a Dask cluster) in batches, the
glossary sent as its rows and built once per worker (the executor's initializer); a few files
are read here."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from dragoman.glossary.model import Glossary, Term

R = TypeVar("R")

#: Fewer files than this are read here: starting workers would cost more than they save.
WORKER_FILES = 64
#: Files a batch holds at the most (a batch is one job).
BATCH_FILES = 200

#: The glossary of this worker process (:func:`_take_glossary`).
_worker_glossary: Glossary | None = None


def over_files(function: Callable[..., R], glossary: Glossary, paths: list[Path], *,
               jobs: int | None = None, scheduler: str | None = None,
               progress: Callable[[int, int], None] | None = None, errors: list | None = None,
               **options) -> list[R]:
    """``function(glossary, path, **options)`` of each file, in order (``function`` a
    module-level function: a job carries it). A file that cannot be read (a
    :class:`DragomanError`) is added to ``errors`` when a list is given, else raises.
    ``progress(done, total)`` counts the files' bytes: a large file weighs what it costs."""
    sizes = [_size(path) for path in paths] if progress else [0] * len(paths)
    total, done = sum(sizes), 0
    if (jobs == 1 and not scheduler) or len(paths) < WORKER_FILES:
        results: list[R] = []
        for path, size in zip(paths, sizes):
            _apply_here(function, glossary, path, options, results, errors)
            done += size
            if progress:
                progress(done, total)
        return results
    from dragoman.errors import DragomanError
    from dragoman.executor import open_executor

    step = max(1, min(BATCH_FILES, len(paths) // WORKER_FILES))
    starts = range(0, len(paths), step)
    batches = [[str(p) for p in paths[i:i + step]] for i in starts]
    results = []
    with open_executor(jobs, scheduler, initializer=_take_glossary,
                       initargs=(tuple(glossary.rows()),)) as executor:
        futures = [executor.submit(_batch, function, batch, options) for batch in batches]
        for future, batch, start in zip(futures, batches, starts):
            try:
                results.extend(future.result())
            except DragomanError:  # a file of the batch cannot be read: here, to tell which
                for path in batch:
                    _apply_here(function, glossary, path, options, results, errors)
            done += sum(sizes[start:start + step])
            if progress:
                progress(done, total)
    return results


def _take_glossary(rows: tuple) -> None:
    """A worker's start: build the glossary its jobs use."""
    global _worker_glossary
    from dragoman.glossary.tsv import build

    _worker_glossary = build([Term(*row) for row in rows])


def _batch(function: Callable[..., R], paths: list[str], options: dict) -> list[R]:
    """A worker's job: ``function`` of a batch of files."""
    return [function(_worker_glossary, path, **options) for path in paths]


def _size(path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # (reading it says what is wrong)


def _apply_here(function: Callable[..., R], glossary: Glossary, path, options: dict,
                results: list, errors: list | None) -> None:
    from dragoman.errors import DragomanError

    try:
        results.append(function(glossary, path, **options))
    except DragomanError as exc:
        if errors is None:
            raise
        errors.append(exc)
