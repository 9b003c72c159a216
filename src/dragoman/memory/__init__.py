"""Translation memory: every translated sentence the newsroom already has, searchable.

A memory holds units (source, target, origin) from the workspace's PO files of one target
language, plus compendia (PO) and TMX files named in ``dragoman.toml``::

    [memory]
    compendia = ["memory/{lang}.po"]   # PO files; {lang} is replaced by the target language
    tmx = ["memory/sohr.tmx"]          # TMX 1.4 files; the units of the target language are used
    exact = "translated"               # an exact match fills an entry as translated, or "fuzzy"
    cutoff = 0.75                      # smallest similarity (0..1) offered as a fuzzy match

Look-ups are an exact dictionary hit first, then the memory index of
:mod:`dragoman.catalog.fuzzy`. ``band`` sorts a score into the bands CAT tools quote prices in.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter, deque
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Generator, Iterable, Iterator, NamedTuple, Sequence

from dragoman.bulk import bulk, collection_paused
from dragoman.catalog.fuzzy import (_RARE_LIMIT, IndexPart, MemoryIndex, PartSearch, PartSummary,
                                    best_first, index_part, normalize_all, summary)
from dragoman.errors import ConfigError
from dragoman.parallel import Resident, WorkerLost, cores, fork_map

#: CAT analysis bands: (name, lowest score in the band), best first; below the last: no match.
BANDS = (("100%", 1.0), ("95-99%", 0.95), ("85-94%", 0.85), ("75-84%", 0.75), ("50-74%", 0.50))
NO_MATCH = "no match"
BAND_NAMES = tuple(name for name, _ in BANDS) + (NO_MATCH,)
EXACT_MODES = ("translated", "fuzzy")


class Unit(NamedTuple):
    """One remembered translation. ``origin`` says where it comes from (file, or file:line).
    (A named tuple: memories hold hundreds of thousands of them.)"""

    source: str
    target: str
    origin: str


@dataclass(frozen=True)
class Hit:
    unit: Unit
    score: float  # 1.0 only for an identical source

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


def band(score: float | None) -> str:
    """The CAT band of a match score (None: nothing found)."""
    if score is not None:
        for name, lowest in BANDS:
            if score >= lowest:
                return name
    return NO_MATCH


@dataclass(frozen=True)
class MemorySettings:
    """The ``[memory]`` table of ``dragoman.toml``."""

    compendia: tuple[str, ...] = ()
    tmx: tuple[str, ...] = ()
    exact: str = "translated"
    cutoff: float = 0.75

    @classmethod
    def from_table(cls, table: dict[str, Any] | None, path="dragoman.toml") -> "MemorySettings":
        table = dict(table or {})
        unknown = set(table) - {"compendia", "tmx", "exact", "cutoff"}
        if unknown:
            raise ConfigError(f"unknown key(s) in [memory]: {', '.join(sorted(unknown))}", path)
        for key in ("compendia", "tmx"):
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"[memory] {key} must be a list of file paths", path)
        exact = table.get("exact", "translated")
        if exact not in EXACT_MODES:
            raise ConfigError(f"[memory] exact must be 'translated' or 'fuzzy', not {exact!r}", path)
        cutoff = table.get("cutoff", 0.75)
        if not isinstance(cutoff, (int, float)) or not 0.5 <= cutoff <= 1:
            raise ConfigError(f"[memory] cutoff must be a number between 0.5 and 1, not {cutoff!r}",
                              path)
        return cls(tuple(table.get("compendia", [])), tuple(table.get("tmx", [])), exact,
                   float(cutoff))


class Memory:
    """Units indexed for exact and fuzzy look-up. Add everything first, then look up.

    Units are kept in columns (sources, targets, origins) and become :class:`Unit` objects
    only when found: a compendium adds a hundred thousand of them at once (:meth:`add`).
    A piece of a large file may stay with the forked worker that read and indexed it
    (:meth:`add_searched_by`): look-ups are shared with it, and its units come here only
    when asked for all (:attr:`units`, :meth:`localize`). :meth:`close` ends such workers.
    A memory whose loading was begun (:func:`load_memory` ``started``) completes it when
    first used, or by :meth:`complete`.
    """

    def __init__(self, units: Iterable[Unit] = ()):
        self._sources: list[str | None] = []  # (None: a unit kept by a worker, not seen here)
        self._targets: list[str | None] = []
        self._origins: list[str] = []
        # Consecutive runs of units (start, stop) with the index parts built for them
        # (None: built when the index is first needed).
        self._runs: list[tuple[int, int, list[IndexPart | PartSummary] | None]] = []
        self._kept: dict[int, _KeptPiece] = {}  # start -> the worker keeping that run
        self._exact: dict[str | None, int] | None = None
        self._repeated: dict[str, list[int]] | None = None
        self._index: MemoryIndex | None = None
        self._loading: Iterator[None] | None = None  # (the rest of a loading begun)
        self.extend(units)

    def __len__(self) -> int:
        self.complete()
        return len(self._sources)

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def complete(self) -> None:
        """Finish a loading begun while this process did other work (reading its piece of
        a large file that workers read the other pieces of): what it raises, it raises here,
        once."""
        loading, self._loading = self._loading, None
        if loading is not None:
            with collection_paused():
                deque(loading, maxlen=0)

    @property
    def units(self) -> list[Unit]:
        self.localize()
        return list(map(Unit, self._sources, self._targets, self._origins))

    def _unit(self, i: int) -> Unit:
        return Unit(self._sources[i], self._targets[i], self._origins[i])

    def extend(self, units: Iterable[Unit]) -> None:
        """Add units of any origins."""
        self.complete()
        kept = [u for u in units if u.source and u.target]
        if kept:
            sources, targets, origins = zip(*kept)
            self._append(sources, targets, list(origins), None)

    def add(self, sources: Sequence[str], targets: Sequence[str], origin: str,
            parts: list[IndexPart] | None = None) -> None:
        """Add the translations of one file, ``sources[i]`` -> ``targets[i]``, none empty;
        ``parts`` are their index, when built already (as the memory cache keeps it)."""
        if len(sources) != len(targets) or not all(sources) or not all(targets):
            raise ValueError("sources and targets must be as many, and none empty")
        if parts is not None and sum(len(part.normal) for part in parts) != len(sources):
            raise ValueError("the index parts do not cover the translations")
        if sources:
            self._append(sources, targets, [origin] * len(sources), parts)

    def add_searched_by(self, piece: _KeptPiece, origin: str) -> None:
        """Add the translations of a piece of a file that a worker keeps and searches."""
        count = piece.summary.size
        self._kept[len(self._sources)] = piece
        self._append([None] * count, [None] * count, [origin] * count, [piece.summary])

    def _append(self, sources, targets, origins: list[str], parts) -> None:
        start = len(self._sources)
        self._sources += sources
        self._targets += targets
        self._origins += origins
        stop = len(self._sources)
        if parts is None and self._runs and self._runs[-1][2] is None:
            start = self._runs.pop()[0]  # one run of units still to index
        self._runs.append((start, stop, parts))
        self._exact = self._repeated = self._index = None

    def localize(self) -> None:
        """Bring here the units and index parts that workers keep (before this process
        forks workers of its own, which must not share the ones it talks to)."""
        self.complete()
        if not self._kept:
            return
        for start, piece in self._kept.items():
            run = piece.run()
            stop = start + len(run.sources)
            self._sources[start:stop] = run.sources
            self._targets[start:stop] = run.targets
            at = next(k for k, (first, _, _) in enumerate(self._runs) if first == start)
            self._runs[at] = (start, stop, [run.part])
        self._kept.clear()
        self._exact = self._repeated = self._index = None

    def close(self) -> None:
        """End the workers that keep pieces of this memory (it is not searched again), or
        that read them for a loading not completed."""
        loading, self._loading = self._loading, None
        if loading is not None:
            loading.close()
        for piece in self._kept.values():
            piece.resident.close()

    @property
    def index(self) -> MemoryIndex:
        self.complete()
        if self._index is None:
            parts = []
            for start, stop, built in self._runs:
                parts += built if built is not None else [index_part(self._sources[start:stop])]
            self._index = MemoryIndex(parts=parts)
        return self._index

    def lookup(self, source: str, cutoff: float = 0.75, hidden_origin: str | None = None
               ) -> Hit | None:
        """The best unit for ``source``: identical source first, else the most similar one
        scoring at least ``cutoff``; units of ``hidden_origin`` (e.g. the catalog's own file)
        are left out."""
        return self.lookup_many([source], cutoff, hidden_origin)[0]

    def lookup_many(self, sources: Sequence[str], cutoff: float = 0.75,
                    hidden_origin: str | None = None, jobs: int | None = None
                    ) -> list[Hit | None]:
        """:meth:`lookup` for each of ``sources``; fuzzy look-ups are shared with the workers
        that keep pieces of the memory, or else among ``jobs`` processes (default: one per
        core) when there are many of them in a large memory."""
        self.complete()
        try:
            return self._lookup_many(sources, cutoff, hidden_origin, jobs)
        except WorkerLost:
            self.localize()  # (a piece whose worker died is read again here)
            return self._lookup_many(sources, cutoff, hidden_origin, jobs)

    def _lookup_many(self, sources, cutoff, hidden_origin, jobs) -> list[Hit | None]:
        asked = [(start, piece) for start, piece in self._kept.items()
                 if self._origins[start] != hidden_origin]
        for _, piece in asked:
            piece.resident.post("exact", sources)
        found = self._exact_positions(sources, hidden_origin)
        for start, piece in asked:
            for k, answer in enumerate(piece.resident.receive()):
                if answer is not None and (found[k] is None or start + answer[0] < found[k]):
                    found[k] = self._seen(start, answer)
        hits: list[Hit | None] = [None if i is None else Hit(self._unit(i), 1.0) for i in found]
        wanted = [k for k, i in enumerate(found) if i is None]  # (no exact match)
        if not wanted or not self._sources:
            return hits
        index = self.index
        # The searches, posted in batches as they are planned: the workers start at once.
        norms: list[str] = []
        plans: list[list[str]] = []
        batches = range(0, len(wanted), _BATCH)
        for first in batches:
            norms += normalize_all([sources[k] for k in wanted[first:first + _BATCH]])
            plans += [index.plan(norm) if norm else [] for norm in norms[first:]]
            last = first + _BATCH >= len(wanted)
            for _, piece in asked:
                piece.resident.post("best", norms[first:], plans[first:], cutoff, last)
        allowed = None if hidden_origin is None else (
            lambda i: self._origins[i] != hidden_origin)

        def fuzzy(j: int) -> list[tuple[float, int]]:
            return index.scored(norms[j], plans[j], cutoff, 1, allowed) if norms[j] else []

        worth_sharing = (not asked and len(wanted) >= SHARED_QUERIES
                         and len(self) >= SHARED_UNITS)
        best = fork_map(fuzzy, range(len(wanted)), jobs if worth_sharing else 1)
        for start, piece in asked:
            answers = chain.from_iterable(piece.resident.receive() for _ in batches)
            for j, answer in enumerate(answers):
                if answer is not None:
                    mine = (answer[0], self._seen(start, answer[1:]))
                    best[j] = best_first(best[j] + [mine], 1)
        for k, pairs in zip(wanted, best):
            if pairs:
                # A different string never scores 100%, even when it differs only in case
                # or spaces.
                score, i = pairs[0]
                hits[k] = Hit(self._unit(i), min(score / 100.0, 0.99))
        return hits

    def _seen(self, start: int, answer: tuple[int, str, str]) -> int:
        """The position of a unit a worker found, its source and target now kept here."""
        i = start + answer[0]
        self._sources[i], self._targets[i] = answer[1], answer[2]
        return i

    def _exact_positions(self, sources: Sequence[str], hidden_origin: str | None
                         ) -> list[int | None]:
        """The position of the first unit here of each source not of ``hidden_origin``."""
        if self._exact is None:
            self._exact = _first_positions(self._sources)
        found = list(map(self._exact.get, sources))
        origins = self._origins
        for k, i in enumerate(found):
            if i is not None and origins[i] == hidden_origin:
                found[k] = next((j for j in self._repeats().get(sources[k], [])[1:]
                                 if origins[j] != hidden_origin), None)
        return found

    def _repeats(self) -> dict[str, list[int]]:
        """Positions of the sources remembered more than once (asked for only when the first
        one is hidden)."""
        if self._repeated is None:
            many = {s for s, n in Counter(self._sources).items() if n > 1 and s is not None}
            self._repeated = {}
            for i, source in enumerate(self._sources):
                if source in many:
                    self._repeated.setdefault(source, []).append(i)
        return self._repeated


def _first_positions(sources: Sequence[str | None]) -> dict[str | None, int]:
    """The position of the first unit of each source: a dictionary built in C from the
    reversed column."""
    return dict(zip(reversed(sources), range(len(sources) - 1, -1, -1)))


#: A batch of look-ups is shared among processes from this many fuzzy queries in a memory
#: of this many units (below, starting the workers costs more than it saves).
SHARED_QUERIES = 200
SHARED_UNITS = 20_000
#: Fuzzy look-ups sent at a time to a worker that keeps a piece of the memory.
_BATCH = 100


def units_of(catalog, origin: str) -> Iterable[Unit]:
    """The finished translations of a catalog (active, not fuzzy, singular) as units."""
    for message in catalog.messages:
        if message.translated and message.msgid and message.msgid_plural is None:
            yield Unit(message.msgid, message.msgstr, origin)


@bulk
def load_memory(workspace, lang: str, settings: MemorySettings | None = None, *,
                started: bool = False) -> Memory:
    """The memory of ``lang`` in ``workspace``: its PO files of that language, then the
    compendia and TMX files of its ``[memory]`` table (missing files are errors).

    What each file holds is cached in ``locales/<lang>/.dragoman-memory/`` under the file's
    size and modification time, so a file is parsed again only when it changed: an update
    of one report in a workspace of thousands does not re-read them all. A large file
    (a compendium) is cached with its index, which costs more to build than to load.

    ``started``: give the memory back as soon as workers read the pieces of a large file,
    so that this process does other work meanwhile (it reads a smaller piece of its own
    when the memory is first used: :meth:`Memory.complete`).
    """
    if settings is None:
        settings = MemorySettings.from_table(workspace.sections.get("memory"),
                                             workspace.root / "dragoman.toml")
    folder = workspace.po_path(lang, "x").parent
    catalogs = sorted(folder.glob("*.po")) if folder.is_dir() else []
    sources = [(path, _catalog_units) for path in catalogs]
    sources += [(workspace.path(Path(p.format(lang=lang))), _compendium_units)
                for p in settings.compendia]
    sources += [(workspace.path(Path(p.format(lang=lang))), _tmx_units) for p in settings.tmx]
    files = [(path, origin, origin,
              lambda indexing, path=path, reader=reader: reader(path, lang, indexing),
              "no such file (named in [memory] of dragoman.toml)")
             for path, reader in sources for origin in [_relative(path, workspace.root)]]
    return _begun(files, _Cache(folder.parent / CACHE_NAME), started)


@bulk
def compendium_memory(paths, cache: Path | None = None, *, started: bool = False) -> Memory:
    """A memory of the PO compendia ``paths`` (``catalog merge -C``), outside a workspace.
    What they hold is cached in ``cache`` (default: :func:`user_cache`) as a workspace's
    memory files are, so that merging many catalogs with one large compendium reads and
    indexes it once. ``started``: as for :func:`load_memory`."""
    files = [(path, str(path), str(path.resolve()),
              lambda indexing, path=path: _catalog_units(path, "", indexing), "no such file")
             for path in map(Path, paths)]
    return _begun(files, _Cache(user_cache() if cache is None else cache), started)


#: The size of the piece of a large file that this process reads when the memory was
#: ``started`` (it does other work meanwhile), as a fraction of an equal share: the workers
#: read the rest. (Otherwise all read as much.)
_OWN_SHARE = 0.9


def _begun(files: list[tuple], cache: "_Cache", started: bool) -> Memory:
    """A memory of ``files`` (``(path, origin, cache key, read, what to say if missing)``),
    loaded up to the first file whose pieces workers read (``started``) or whole."""
    memory = Memory()
    loading = _loading(memory, files, cache, _OWN_SHARE if started else 1.0)
    next(loading, None)
    memory._loading = loading
    if not started:
        memory.complete()
    return memory


def _loading(memory: Memory, files: list[tuple], cache: "_Cache", share: float
             ) -> Iterator[None]:
    """Add what each file holds to ``memory``, pausing while workers read a large file's
    pieces (the caller goes on meanwhile: see :class:`_Reading`)."""
    for path, origin, key, read, missing in files:
        yield from _add_file(memory, cache, path, origin, key, read, missing, share)
    cache.save()


#: A reading that pauses (yields) while workers read, and returns what was read.
_Reading = Generator[None, None, Any]


class _Indexing(NamedTuple):
    """How a file is read with its index (see :func:`_po_runs`): the size of this process's
    piece of a large one, and where to cache that piece as soon as it is read."""

    share: float
    store: Callable[[int, _Run], None]


def _add_file(memory: Memory, cache: "_Cache", path: Path, origin: str, key: str, read,
              missing: str, share: float) -> _Reading:
    """Add to ``memory`` what the file ``path`` holds: ``read(indexing)`` it (see
    :func:`_po_runs`; None: without an index), unless ``cache`` has it under ``key`` for the
    file's size and modification time."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        from dragoman.errors import CatalogError

        raise CatalogError(missing, path) from None
    stamp = [stat.st_size, stat.st_mtime_ns]
    if stat.st_size >= INDEXED_BYTES:
        for run in (yield from cache.indexed(key, stamp,
                                             lambda store: read(_Indexing(share, store)))):
            if isinstance(run, _KeptPiece):
                memory.add_searched_by(run, origin)
            else:
                memory.add(run.sources, run.targets, origin, [run.part])
    else:
        sources, targets = yield from cache.units(key, stamp, lambda: read(None))
        memory.add(sources, targets, origin)


def user_cache() -> Path:
    """Where commands outside a workspace cache memory indexes:
    ``$XDG_CACHE_HOME/dragoman/memory`` (by default ``~/.cache/dragoman/memory``)."""
    import os

    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dragoman" / "memory"


class _Run(NamedTuple):
    """Consecutive units of one memory file, with their index part once built. Sent from a
    forked worker, it travels packed (see :func:`_packed_run`): a few long strings and
    arrays, which cost a fraction of a list of strings to pickle and unpickle."""

    sources: list[str]
    targets: list[str]
    part: IndexPart | None = None

    def __reduce__(self):
        entry = _packed_run(self) if self.part is not None else None
        if entry is None:
            return _Run, tuple(self)
        return _unpacked_run, (entry,)


def _columns(runs: list[_Run]) -> tuple[list[str], list[str]]:
    sources: list[str] = []
    targets: list[str] = []
    for run in runs:
        sources += run.sources
        targets += run.targets
    return sources, targets


#: A PO file this large is read and indexed in pieces, each by a process of its own.
SHARED_BYTES = 4_000_000


def _po_runs(path, lang: str, indexing: _Indexing | None) -> _Reading:
    """The finished translations of a PO file, none when its Language is another than
    ``lang`` (if given). ``indexing``: with their index parts, a large file read and indexed
    in pieces (:func:`dragoman.catalog.po.po_pieces`), the first here (cached as soon as it
    is read) and the others by forked workers that keep them (:class:`_KeptPiece`); the
    reading pauses once they started (see :func:`_loading`)."""
    from dragoman.catalog.po import decode_text, parse_po, po_pieces, read_encoded

    data, encoding = read_encoded(path)
    count = cores() if indexing and len(data) >= SHARED_BYTES else 1
    spans = po_pieces(data, count, indexing.share / count if indexing else None) or [(0, 0)]
    reader = _PieceReader(data, encoding, len(spans) > 1, indexing is not None)
    workers = [Resident.start(_kept_piece, reader, span) for span in spans[1:]]
    if any(workers):
        try:
            yield
        except GeneratorExit:  # (the memory was closed before it was used)
            for worker in filter(None, workers):
                worker.close()
            raise
    found = [reader(spans[0])]
    if found[0] is not None and any(workers):
        indexing.store(0, found[0][2])  # (while the workers read theirs)
    for span, worker in zip(spans[1:], workers):
        found.append(_received_piece(worker, reader, span) if worker else reader(span))
    if None in found or _repeat_across([hashes for _, hashes, _ in found]):
        # Not in gettext's shape (or a duplicate across pieces): the full reader reads it,
        # or reports what is wrong with it.
        _close(found)
        catalog = parse_po(decode_text(data, path), path)
        run = _Run(*_finished(catalog))
        found = [(catalog.header, (), _index_run(run) if indexing else run)]
    language = found[0][0].get("Language", "")
    if lang and language and language.replace("-", "_").split("_")[0] != lang:
        _close(found)
        return []  # a compendium of another language
    return [run for _, _, run in found]


def _repeat_across(pieces: list[Sequence[int]]) -> bool:
    """Whether a key hash of one piece is a key hash of another (each piece's keys are
    unique: the reader of a piece checked them)."""
    seen: set[int] = set()
    for k, hashes in enumerate(pieces):
        if not seen.isdisjoint(hashes):
            return True
        if k + 1 < len(pieces):
            seen.update(hashes)
    return False


class _PieceReader(NamedTuple):
    """Reads a piece of a PO file's bytes: its header, the hashes of its keys (to find a
    duplicate across pieces) and its run; None if it is not in gettext's shape."""

    data: bytes
    encoding: str
    several: bool
    indexed: bool

    def __call__(self, span: tuple[int, int]):
        from dragoman.catalog.po import translations_in

        text: str | bytes = self.data[span[0]:span[1]]
        if self.encoding != "utf-8":  # (UTF-8 is read as bytes: see translations_in)
            try:
                text = text.decode(self.encoding)
            except (LookupError, UnicodeError):
                return None
        found = translations_in(text)
        if found is None:
            return None
        run = _Run(found.sources, found.targets)
        hashes = array("q", found.key_hashes()) if self.several else ()
        return found.header, hashes, _index_run(run) if self.indexed else run


def _kept_piece(reader: _PieceReader, span: tuple[int, int]):
    """In a forked worker: read a piece, keep it to search it (:class:`_PieceSearch`), and
    answer what :func:`_po_runs` needs to know of it."""
    found = reader(span)
    if found is None:
        return None, None
    header, hashes, run = found
    return _PieceSearch(run), (header, hashes, summary(run.part))


def _received_piece(worker: Resident, reader: _PieceReader, span: tuple[int, int]):
    """What :func:`_PieceReader` gives, for a piece a worker read and keeps."""
    try:
        first = worker.receive()
    except WorkerLost:
        worker.close()
        return reader(span)
    if first is None:
        worker.close()
        return None
    header, hashes, part = first
    return header, hashes, _KeptPiece(worker, part, lambda: reader(span)[2])


def _close(found) -> None:
    for item in found:
        if item is not None and isinstance(item[2], _KeptPiece):
            item[2].resident.close()


class _KeptPiece(NamedTuple):
    """A piece of a memory file that a forked worker read, indexed and keeps: searched
    there, brought here only when wanted (:meth:`run`)."""

    resident: Resident
    summary: PartSummary
    reread: Callable[[], _Run]  # (read here, if the worker died)

    def run(self) -> _Run:
        try:
            run = self.resident.call("run")
        except WorkerLost:
            run = self.reread()
        self.resident.close()
        return run


class _PieceSearch:
    """What a worker keeping a piece does with it (see :class:`_KeptPiece`)."""

    def __init__(self, run: _Run):
        self._run = run
        self._search = PartSearch(run.part)
        self._exact: dict[str, int] | None = None
        self._unstored: tuple | None = None  # where to cache it, once searched
        self._searched = False

    def _first(self) -> dict[str, int]:
        """The position of the first unit of each source."""
        if self._exact is None:
            self._exact = _first_positions(self._run.sources)
        return self._exact

    def exact(self, sources: Sequence[str]) -> list[tuple[int, str, str] | None]:
        """The first unit of each source (its position, source and target), if any."""
        return [None if i is None else self._answer(i) for i in map(self._first().get, sources)]

    def best(self, norms: list[str], plans: list[list[str]], cutoff: float, last: bool = True
             ) -> list[tuple[float, int, str, str] | None]:
        """For the normal form and plan (:meth:`MemoryIndex.plan`) of each source (none the
        piece has: see :meth:`exact`), the best unit of the piece (score and unit), if any.
        ``last``: the last batch of a look-up."""
        self._searched = self._searched or last
        out = []
        for norm, plan in zip(norms, plans):
            found = self._search.scored(norm, plan, cutoff) if norm else []
            out.append((found[0][0], *self._answer(found[0][1])) if found else None)
        return out

    def _answer(self, i: int) -> tuple[int, str, str]:
        return i, self._run.sources[i], self._run.targets[i]

    def run(self) -> _Run:
        return self._run

    def store(self, path: Path, origin: str, stamp: list[int]) -> None:
        """Cache the piece (see :meth:`_Cache.indexed`) once a look-up's searches are
        answered, or when nothing more is asked (:meth:`idle`)."""
        self._unstored = (path, origin, stamp)

    def idle(self, last: bool) -> None:
        if self._unstored is not None and (self._searched or last):
            (path, origin, stamp), self._unstored = self._unstored, None
            _store_piece(path, origin, stamp, self._run)


def _index_run(run: _Run) -> _Run:
    return run._replace(part=index_part(run.sources))


def _finished(catalog) -> tuple[list[str], list[str]]:
    """The sources and the targets of a catalog's finished translations."""
    units = list(units_of(catalog, ""))
    return [u.source for u in units], [u.target for u in units]


# Readers of memory files: ``reader(path, lang, indexing)``, a reading of runs (see
# :func:`_po_runs`).

def _catalog_units(path, lang, indexing) -> _Reading:
    return (yield from _po_runs(path, "", indexing))


def _compendium_units(path, lang, indexing) -> _Reading:
    return (yield from _po_runs(path, lang, indexing))


def _tmx_units(path, lang, indexing) -> _Reading:
    from dragoman.catalog.exchange import read_exchange

    yield from ()  # (read here at once: no worker to wait for)
    run = _Run(*_finished(read_exchange(path, "tmx", target_lang=lang)))
    return [_index_run(run) if indexing else run]


#: The folder of the memory cache (see :func:`load_memory`), beside the language's catalogs.
CACHE_NAME = ".dragoman-memory"
#: Memory files from this size on are cached with their index, each in a file of its own.
INDEXED_BYTES = 1_000_000


class _Cache:
    """What the memory files held when last read, in MessagePack (safe to load: data only,
    no code). Texts are kept joined by NUL and numbers as arrays, which load in a few C calls
    and need no check item by item; anything unexpected is ignored and read again."""

    def __init__(self, folder: Path):
        self.folder = folder
        found = self._load(folder / "catalogs.msgpack")
        self.before = found.get("files") if found else None
        if not isinstance(self.before, dict):
            self.before = {}
        self.files: dict = {}

    @staticmethod
    def _load(path: Path) -> dict | None:
        import msgpack

        try:
            found = msgpack.unpackb(path.read_bytes())
        except (OSError, ValueError):
            return None
        return found if isinstance(found, dict) and found.get("format") == _FORMAT else None

    def units(self, origin: str, stamp: list[int], read) -> _Reading:
        """The sources and targets of the file ``origin``: as cached when ``stamp`` (its size
        and modification time) is unchanged, else ``read()`` (a reading of runs)."""
        entry = self.before.get(origin)
        found = _unpacked(entry, ("sources", "targets")) if _stamped(entry, stamp) else None
        if found is None:
            found = _columns((yield from read()))
            entry = _packed(sources=found[0], targets=found[1])
        if entry is not None:
            self.files[origin] = {**entry, "stamp": stamp}
        return found[0], found[1]

    def indexed(self, origin: str, stamp: list[int], read) -> _Reading:
        """The runs of the file ``origin`` with their index parts, cached in a file of its
        own (a piece read on its own: in a file of the piece's own, which a worker keeping
        it writes); else ``read(store)``, which may have ``store(k, run)`` cache piece k."""
        import hashlib

        stem = hashlib.sha256(origin.encode()).hexdigest()[:24]
        head = self.folder / f"{stem}.msgpack"

        def piece(k: int) -> str:
            return f"{stem}.{k}.msgpack"

        found = self._load(head)
        if found is not None and found.get("origin") == origin and _stamped(found, stamp) \
                and isinstance(found.get("runs"), list):
            runs = [self._cached_run(item, piece(k), origin, stamp)
                    for k, item in enumerate(found["runs"])]
            if None not in runs:
                return runs
        stored: dict[int, _Run] = {}

        def store(k: int, run: _Run) -> None:
            if _store_piece(self.folder / piece(k), origin, stamp, run):
                stored[k] = run

        runs = yield from read(store)
        entries: list = []
        for k, run in enumerate(runs):
            if isinstance(run, _KeptPiece):
                run.resident.post("store", self.folder / piece(k), origin, stamp, answer=False)
            entries.append(piece(k) if isinstance(run, _KeptPiece) or stored.get(k) is run
                           else _packed_run(run))
        if None not in entries:
            _store(head, {"origin": origin, "stamp": stamp, "runs": entries})
        return runs

    def _cached_run(self, item, name: str, origin: str, stamp: list[int]) -> _Run | None:
        """A cached run: its entry, or the name of the file holding it."""
        if isinstance(item, str):
            piece = self._load(self.folder / name) if item == name else None
            if piece is None or piece.get("origin") != origin or not _stamped(piece, stamp):
                return None
            item = piece.get("run")
        return _unpacked_run(item)

    def save(self) -> None:
        if self.files != self.before:
            _store(self.folder / "catalogs.msgpack", {"files": self.files})


#: The version of the cache's layout, and what its arrays and index parts depend on.
_FORMAT = f"5/{sys.byteorder}/{_RARE_LIMIT}"


def _store(path: Path, value: dict) -> None:
    import msgpack

    from dragoman.fileio import atomic_write_bytes

    try:
        atomic_write_bytes(path, msgpack.packb({"format": _FORMAT, **value}), durable=False)
    except OSError:
        pass  # a read-only workspace: the memory is still right, only slower next time


def _store_piece(path: Path, origin: str, stamp: list[int], run: _Run) -> bool:
    """Cache a piece of the file ``origin`` in a file of its own (False: it cannot be)."""
    entry = _packed_run(run)
    if entry is not None:
        _store(path, {"origin": origin, "stamp": stamp, "run": entry})
    return entry is not None


def _stamped(entry, stamp: list[int]) -> bool:
    return isinstance(entry, dict) and entry.get("stamp") == stamp


def _packed(**columns: list[str]) -> dict | None:
    """A cache entry of equally long columns of texts, each joined by NUL (None when a
    text holds a NUL itself: such a file is read each time)."""
    count = len(next(iter(columns.values())))
    entry: dict = {"count": count}
    for name, texts in columns.items():
        joined = "\0".join(texts)
        if joined.count("\0") != max(count - 1, 0):
            return None
        entry[name] = joined
    return entry


def _unpacked(entry, names: tuple[str, ...]) -> tuple[list[str], ...] | None:
    """The columns ``names`` of a cache entry made by :func:`_packed`, or None when it is
    not what it should be."""
    if not isinstance(entry, dict):
        return None
    count = entry.get("count")
    if not isinstance(count, int):
        return None
    columns = []
    for name in names:
        joined = entry.get(name)
        if not isinstance(joined, str):
            return None
        texts = joined.split("\0") if count else []
        if len(texts) != count or (name != "normal" and not all(texts)):
            return None
        columns.append(texts)
    return tuple(columns)


def _ints(values) -> bytes:
    return array("I", values).tobytes()


def _positions(data, size: int) -> array | None:
    """The array of unsigned ints in ``data`` if all are positions of ``size`` texts."""
    if not isinstance(data, bytes) or len(data) % 4:
        return None
    values = array("I")
    values.frombytes(data)
    return values if not values or max(values) < size else None


def _packed_run(run: _Run) -> dict | None:
    """The cache entry of a run and its index part (None: a text holds a NUL)."""
    entry = _packed(sources=run.sources, targets=run.targets, normal=run.part.normal)
    if entry is None:
        return None
    part = run.part
    return {**entry, "counts": part.counts, "common": part.common,
            "postings": {word: _ints(ids) for word, ids in part.postings.items()},
            "shapes": _ints(part.shapes), "shape_ids": _ints(part.shape_ids)}


def _unpacked_run(entry) -> _Run | None:
    """The :class:`_Run` of a cache entry made by :func:`_packed_run`, or None if it is not
    one."""
    columns = _unpacked(entry, ("sources", "targets", "normal"))
    if columns is None:
        return None
    sources, targets, normal = columns
    size = len(normal)
    counts, postings, common = entry.get("counts"), entry.get("postings"), entry.get("common")
    shape_ids = _positions(entry.get("shape_ids"), size)
    shapes = _positions(entry.get("shapes"), 2 ** 32)
    if not (isinstance(counts, dict) and set(map(type, counts.values())) <= {int}
            and isinstance(common, list) and set(map(type, common)) <= {str}
            and isinstance(postings, dict) and shapes is not None and shape_ids is not None
            and len(shapes) == len(shape_ids) == size):
        return None
    lists = {word: _positions(data, size) for word, data in postings.items()}
    if None in lists.values():
        return None
    return _Run(sources, targets, IndexPart(normal, counts, lists, common, shapes, shape_ids))


def _relative(path, root) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
