"""A glossary's work over many files (lint, name discovery): a large set of files is read by
worker processes (:mod:`dragoman.executor`, local or on a Dask cluster) in batches, the
glossary sent as its rows and built once per worker; a few files are read here."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from dragoman.glossary.model import Glossary, Term

R = TypeVar("R")

#: Fewer files than this are read here: starting workers would cost more than they save.
WORKER_FILES = 64
#: Files a batch holds at the most (a batch is one job).
BATCH_FILES = 200

_WORKER_GLOSSARY: dict[int, Glossary] = {}


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

    rows = tuple(glossary.rows())
    step = max(1, min(BATCH_FILES, len(paths) // WORKER_FILES))
    starts = range(0, len(paths), step)
    batches = [[str(p) for p in paths[i:i + step]] for i in starts]
    results = []
    with open_executor(jobs, scheduler) as executor:
        futures = [executor.submit(_batch, function, rows, batch, options) for batch in batches]
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


def _batch(function: Callable[..., R], rows: tuple, paths: list[str], options: dict) -> list[R]:
    """A worker's job: ``function`` of a batch of files."""
    key = hash(rows)
    glossary = _WORKER_GLOSSARY.get(key)
    if glossary is None:
        from dragoman.glossary.tsv import build

        glossary = _WORKER_GLOSSARY[key] = build([Term(*row) for row in rows])
    return [function(glossary, path, **options) for path in paths]


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
