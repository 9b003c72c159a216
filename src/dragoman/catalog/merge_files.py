"""Merging PO files: one (``dragoman catalog merge DEF REF -o OUT``) or a batch of them
(``--batch FILE``, a line ``DEF<TAB>REF<TAB>OUT`` a merge), each written atomically.

A batch reads each template once and, when it is large enough and the cores are free, shares
its merges among worker processes (:mod:`dragoman.executor`): lines that read or write a file
another line writes form one chain, run in their order by one worker, so that the files and
the messages are those of the lines run one after another.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, NamedTuple

from dragoman.catalog.po import Catalog
from dragoman.fileio import same_file


def merge_files(definitions: Path, reference: Path, output: Path | None, lang: str | None,
                memory, options: dict, templates: dict | None = None) -> Catalog:
    """The PO file ``definitions`` merged with the template ``reference``
    (:func:`dragoman.catalog.merge.update` with ``options``), written atomically to
    ``output`` when given (refused if it is ``definitions`` and that changed meanwhile).
    ``templates`` keeps the templates read (a merge does not change its template), by path,
    size and modification time, for the next merges of a batch."""
    from dragoman.catalog.merge import update
    from dragoman.catalog.po import read_po, write_po

    old = read_po(definitions)
    try:
        stat = os.stat(reference)
        key = (str(reference.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None  # (read_po says what is wrong)
    template = templates.get(key) if templates is not None else None
    if template is None:
        template = read_po(reference)
        if templates is not None and key is not None:
            templates[key] = template
    merged = update(old, template, lang or old.header.get("Language", ""), memory, **options)
    if output is not None:
        write_po(output, merged,
                 expected=old.fingerprint if same_file(definitions, output) else None)
    return merged


class BatchLine(NamedTuple):
    """A merge of a batch and where the batch file names it."""

    lineno: int
    where: str  # FILE:LINE, for messages
    definitions: Path
    reference: Path
    output: Path


def read_batch(lines: Iterable[str], name: str) -> tuple[list[BatchLine], list[tuple[int, str]]]:
    """The merges of the batch file ``name`` (its ``lines``), and the messages ``(line
    number, FILE:LINE: text)`` of its lines that name none properly (blank lines and ``#``
    comments are skipped)."""
    merges, errors = [], []
    for lineno, line in enumerate(lines, 1):
        fields = line.rstrip("\r\n").split("\t")
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{name}:{lineno}"
        if len(fields) != 3 or not all(fields):
            errors.append((lineno, f"{where}: expected DEF<TAB>REF<TAB>OUT"))
            continue
        merges.append(BatchLine(lineno, where, *map(Path, fields)))
    return merges, errors


class BatchMerger:
    """Runs the merges of a batch, the lines of one chain (:func:`chains`) in their order;
    a template named on several lines is read once. The cyclic garbage collector waits while
    a merge reads, merges and writes (:mod:`dragoman.bulk`): it would rescan the templates
    kept and the catalogs being built again and again (a quarter to a third of the time of
    reading and merging released catalogs)."""

    def __init__(self, lang: str | None, memory, options: dict):
        self.lang, self.memory, self.options = lang, memory, options
        self.templates: dict = {}

    def __call__(self, chain: list[BatchLine]) -> list[tuple[int, str]]:
        """Merge the lines of ``chain``; the messages ``(line number, FILE:LINE: text)`` of
        those that failed (the others are merged all the same)."""
        from dragoman.bulk import collection_paused
        from dragoman.errors import DragomanError

        errors = []
        for line in chain:
            try:
                with collection_paused():
                    merge_files(line.definitions, line.reference, line.output, self.lang,
                                self.memory, self.options, self.templates)
            except (DragomanError, OSError) as exc:  # reported with its line; the rest go on
                errors.append((line.lineno, f"{line.where}: {exc}"))
        return errors


#: A batch whose catalogs (DEF files) add up to this size is shared among worker processes
#: (one per core), a chain of merges (:func:`chains`) per job; below, the workers start and
#: end in more time than they save (released catalogs merged in all, median of four runs:
#: three of 817 KB 0.17 s shared, 0.23 s in one process; three of 315 KB 0.15 s either way;
#: five of 15 KB 0.09 s against 0.08 s).
SHARED_BATCH_BYTES = 300_000


def merge_batch(lines: list[BatchLine], merger: BatchMerger) -> list[tuple[int, str]]:
    """Run the merges of ``lines`` (:class:`BatchMerger`), shared among local workers
    (:mod:`dragoman.executor`) when the batch is large enough and the cores are free; the
    messages of the lines that failed, in no particular order."""
    from dragoman.executor import cores, in_job, open_executor

    found = chains(lines)
    sizes = {id(chain): sum(_size(line.definitions) for line in chain) for chain in found}
    if (cores() < 2 or in_job() or len(found) < 2
            or sum(sizes.values()) < SHARED_BATCH_BYTES):
        return [error for chain in found for error in merger(chain)]
    # (The largest first, so that no long merge is left for the end while a core idles.)
    found.sort(key=lambda chain: -sizes[id(chain)])
    with open_executor(min(cores(), len(found)), initializer=_start_batch_worker,
                       initargs=(merger,)) as executor:
        return [error for errors in executor.map(_merge_in_worker, found) for error in errors]


def chains(lines: list[BatchLine]) -> list[list[BatchLine]]:
    """The lines of a batch cut into chains that may run in any order, at the same time: a
    line that reads or writes a file another line writes is in that line's chain (after it,
    if it comes after it in the batch)."""
    paths = [{p.resolve() for p in (line.definitions, line.reference, line.output)}
             for line in lines]
    chain_of = list(range(len(lines)))  # each line's chain: the first line of it

    def first(i: int) -> int:
        while chain_of[i] != i:
            chain_of[i] = i = chain_of[chain_of[i]]
        return i

    writers: dict[Path, int] = {}
    for i, line in enumerate(lines):
        writers.setdefault(line.output.resolve(), i)
    for i, files in enumerate(paths):
        for path in files:
            if path in writers:
                a, b = first(i), first(writers[path])
                chain_of[max(a, b)] = min(a, b)
    grouped: dict[int, list[BatchLine]] = {}
    for i, line in enumerate(lines):
        grouped.setdefault(first(i), []).append(line)
    return list(grouped.values())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # (the merge says what is wrong)


#: The merger of a batch, in a worker process (:func:`_start_batch_worker`).
_worker_merger: BatchMerger | None = None


def _start_batch_worker(merger: BatchMerger) -> None:
    global _worker_merger
    _worker_merger = merger


def _merge_in_worker(chain: list[BatchLine]) -> list[tuple[int, str]]:
    """A job: :class:`BatchMerger` on one chain, in a worker."""
    return _worker_merger(chain)
