"""Translation memory: every translated sentence the newsroom already has, searchable.

A memory holds units (source, target, origin) from the workspace's PO files of one target
language, plus compendia (PO) and TMX files named in ``dragoman.toml``::

    [memory]
    compendia = ["memory/{lang}.po"]   # PO files; {lang} is replaced by the target language
    tmx = ["memory/sohr.tmx"]          # TMX 1.4 files; the units of the target language are used
    exact = "translated"               # an exact match fills an entry as translated, or "fuzzy"
    cutoff = 0.75                      # smallest similarity (0..1) offered as a fuzzy match

The package, file by file:

* here: units, the ``[memory]`` settings, :class:`Memory` and its look-up API, and the loading
  of a workspace's memory (:func:`load_memory`) or of compendia (:func:`compendium_memory`);
* :mod:`dragoman.memory.index`: how a look-up is scored (exact, then fuzzy);
* :mod:`dragoman.memory.store`: the on-disk store (SQLite), a cache of the memory files, and
  the concordance search over it;
* :mod:`dragoman.memory.search`: many look-ups shared among worker processes.

``band`` sorts a score into the bands CAT tools quote prices in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple, Sequence

from dragoman.errors import CatalogError, ConfigError
from dragoman.memory.index import IndexPart, Run, SourceIndex
from dragoman.memory.search import StoredMemory, shared_search, shipped, worth_sharing
from dragoman.memory.store import STORE_NAME, FileUnits, Store, indexed

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
    A memory loaded from a store knows where it is kept (:attr:`stored`): worker processes
    load it from there to share a large batch of look-ups (:mod:`dragoman.memory.search`).
    """

    def __init__(self, units: Iterable[Unit] = ()):
        self._sources: list[str] = []
        self._targets: list[str] = []
        self._origins: list[str] = []
        self._runs: list[Run] = []
        self._index: SourceIndex | None = None
        self.stored: StoredMemory | None = None
        self.extend(units)

    def __len__(self) -> int:
        return len(self._sources)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_index": None}  # (rebuilt where it is used)

    @property
    def units(self) -> list[Unit]:
        return list(map(Unit, self._sources, self._targets, self._origins))

    def _unit(self, i: int) -> Unit:
        return Unit(self._sources[i], self._targets[i], self._origins[i])

    def extend(self, units: Iterable[Unit]) -> None:
        """Add units of any origins."""
        kept = [u for u in units if u.source and u.target]
        if kept:
            sources, targets, origins = zip(*kept)
            self._append(sources, targets, list(origins), None)

    def add(self, sources: Sequence[str], targets: Sequence[str], origin: str,
            part: IndexPart | None = None) -> None:
        """Add the translations of one file, ``sources[i]`` -> ``targets[i]``, none empty;
        ``part`` is their index, when built already (as the store keeps it)."""
        if len(sources) != len(targets) or not all(sources) or not all(targets):
            raise ValueError("sources and targets must be as many, and none empty")
        if part is not None and len(part.normal) != len(sources):
            raise ValueError("the index part does not cover the translations")
        if sources:
            self._append(sources, targets, [origin] * len(sources), part)

    def _append(self, sources, targets, origins: list[str], part: IndexPart | None) -> None:
        start = len(self._sources)
        self._sources += sources
        self._targets += targets
        self._origins += origins
        self._runs.append(Run(start, len(self._sources), part))
        self._index = None
        self.stored = None

    @property
    def index(self) -> SourceIndex:
        if self._index is None:
            self._index = SourceIndex(self._sources, self._origins, self._runs)
        return self._index

    def lookup(self, source: str, cutoff: float = 0.75, hidden_origin: str | None = None
               ) -> Hit | None:
        """The best unit for ``source``: identical source first, else the most similar one
        scoring at least ``cutoff``; units of ``hidden_origin`` (e.g. the catalog's own file)
        are left out. How it is scored: :mod:`dragoman.memory.index`."""
        return self.lookup_many([source], cutoff, hidden_origin)[0]

    def lookup_many(self, sources: Sequence[str], cutoff: float = 0.75,
                    hidden_origin: str | None = None, jobs: int | None = None
                    ) -> list[Hit | None]:
        """:meth:`lookup` for each of ``sources``; a large batch in a large stored memory is
        shared among ``jobs`` worker processes (default: one per core)."""
        if self.stored is not None and worth_sharing(len(sources), len(self), jobs):
            found = shared_search(shipped(self), sources, cutoff, hidden_origin, jobs)
        else:
            found = self.index.search(sources, cutoff, hidden_origin)
        return [None if hit is None else Hit(self._unit(hit[1]), hit[0]) for hit in found]

    @classmethod
    def from_store(cls, stored: StoredMemory) -> Memory:
        """The memory kept in a store as ``stored`` says (:class:`LookupError` if the store
        no longer holds it so)."""
        memory = cls()
        with Store(Path(stored.store)) as store:
            for key, origin, stamp in stored.files:
                found = store.units(stored.lang, key, stamp, _not_stored)
                memory.add(found.sources, found.targets, origin, found.part)
        memory.stored = stored
        return memory


def _not_stored() -> FileUnits:
    raise LookupError("the store no longer holds this memory")


def units_of(catalog, origin: str) -> Iterable[Unit]:
    """The finished translations of a catalog (active, not fuzzy, singular) as units."""
    for message in catalog.messages:
        if message.translated and message.msgid and message.msgid_plural is None:
            yield Unit(message.msgid, message.msgstr, origin)


#: The folder of a workspace's memory store (see :func:`load_memory`), git-ignored.
CACHE_NAME = ".dragoman-memory"


def memory_files(workspace, lang: str, settings: MemorySettings | None = None
                 ) -> list[tuple[Path, str, Callable]]:
    """The memory files of ``lang`` in ``workspace``: ``(path, origin, reader)``, its PO files
    of that language, then the compendia and TMX files of its ``[memory]`` table."""
    from dragoman.fileio import relative

    if settings is None:
        settings = MemorySettings.from_table(workspace.sections.get("memory"),
                                             workspace.root / "dragoman.toml")
    folder = workspace.po_path(lang, "x").parent
    found = [(path, _catalog_units) for path in
             (sorted(folder.glob("*.po")) if folder.is_dir() else [])]
    found += [(workspace.path(Path(p.format(lang=lang))), _po_units) for p in settings.compendia]
    found += [(workspace.path(Path(p.format(lang=lang))), _tmx_units) for p in settings.tmx]
    return [(path, relative(path, workspace.root), reader) for path, reader in found]


def workspace_store(workspace) -> Store:
    """The memory store of ``workspace`` (``.dragoman-memory/`` at its root, git-ignored)."""
    return Store(workspace.root / CACHE_NAME / STORE_NAME)


def load_memory(workspace, lang: str, settings: MemorySettings | None = None) -> Memory:
    """The memory of ``lang`` in ``workspace`` (see :func:`memory_files`; missing files are
    errors). What each file holds comes from the workspace's store when the file's size and
    modification time are unchanged, so a file is parsed again only when it changed: an
    update of one report in a workspace of thousands does not re-read them all."""
    with workspace_store(workspace) as store:
        return _stored_memory(store, lang, _workspace_files(workspace, lang, settings))


def refreshed_store(workspace, languages: Sequence[str] | None = None) -> Store:
    """The store of ``workspace`` holding the memory of each of ``languages`` (default: its
    target languages) as its files are now: what the concordance searches and exports."""
    store = workspace_store(workspace)
    try:
        for lang in languages or workspace.target_languages:
            _stored_memory(store, lang, _workspace_files(workspace, lang))
    except BaseException:
        store.db.close()
        raise
    return store


def _workspace_files(workspace, lang: str, settings: MemorySettings | None = None) -> list:
    """:func:`memory_files` as :func:`_stored_memory` reads them."""
    return [(path, origin, origin, lambda path=path, reader=reader: reader(path, lang),
             "no such file (named in [memory] of dragoman.toml)")
            for path, origin, reader in memory_files(workspace, lang, settings)]


def compendium_memory(paths, cache: Path | None = None) -> Memory:
    """A memory of the PO compendia ``paths`` (``catalog merge -C``), outside a workspace,
    kept in the store in ``cache`` (default: :func:`user_cache`) as a workspace's memory
    files are, so that merging many catalogs with one large compendium reads and indexes it
    once."""
    with Store((user_cache() if cache is None else cache) / STORE_NAME) as store:
        return _stored_memory(store, "", [
            (path, str(path), str(path.resolve()), lambda path=path: _po_units(path, ""),
             "no such file") for path in map(Path, paths)], keep_others=True)


def _stored_memory(store: Store, lang: str, files: list[tuple], keep_others: bool = False
                   ) -> Memory:
    """A memory of ``files`` (``(path, origin, key in the store, read, what to say if
    missing)``) through ``store``, which then holds them (and, unless ``keep_others``, no
    other file of ``lang``)."""
    memory = Memory()
    stamped = []
    for path, origin, key, read, missing in files:
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise CatalogError(missing, path) from None
        stamp = f"{stat.st_size}/{stat.st_mtime_ns}"
        found = store.units(lang, key, stamp, lambda: indexed(read(), stat.st_size))
        memory.add(found.sources, found.targets, origin, found.part)
        stamped.append((key, origin, stamp))
    if not keep_others:
        store.keep_only(lang, [key for key, _, _ in stamped])
    if store.path is not None:
        memory.stored = StoredMemory(str(store.path), lang, tuple(stamped))
    return memory


def user_cache() -> Path:
    """Where commands outside a workspace keep their memory store:
    ``$XDG_CACHE_HOME/dragoman/memory`` (by default ``~/.cache/dragoman/memory``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dragoman" / "memory"


# Readers of memory files: ``reader(path, lang)`` -> the file's finished translations.


def _catalog_units(path: Path, lang: str) -> FileUnits:
    """A workspace catalog's finished translations (its folder says its language)."""
    return _po_units(path, "")


def _po_units(path: Path, lang: str) -> FileUnits:
    """A PO file's finished translations; none when its Language is another than ``lang``
    (if given). Most memory files are in the shape gettext writes, which
    :func:`~dragoman.catalog.po.translations_in` reads in a fraction of the full reader's
    time; the full reader reads any other, or reports what is wrong with it."""
    from dragoman.catalog.po import decode_text, parse_po, read_encoded, translations_in

    data, encoding = read_encoded(path)  # (UTF-8 is read as bytes: see translations_in)
    found = translations_in(data if encoding == "utf-8" else decode_text(data, path))
    if found is None:
        catalog = parse_po(decode_text(data, path), path)
        header, units = catalog.header, _columns(units_of(catalog, ""))
    else:
        header, units = found.header, FileUnits(found.sources, found.targets)
    language = header.get("Language", "")
    if lang and language and language.replace("-", "_").split("_")[0] != lang:
        return FileUnits([], [])  # a compendium of another language
    return units


def _tmx_units(path: Path, lang: str) -> FileUnits:
    from dragoman.catalog.exchange import read_exchange

    return _columns(units_of(read_exchange(path, "tmx", target_lang=lang), ""))


def _columns(units: Iterable[Unit]) -> FileUnits:
    found = list(units)
    return FileUnits([u.source for u in found], [u.target for u in found])


def memory_catalog(store: Store, lang: str):
    """The memory of ``lang`` in ``store`` as a catalog: each source once (its first pair, as
    a look-up finds it), its origin in an extracted comment (``memory export``)."""
    from dragoman.catalog.extract import language_header, template_header
    from dragoman.catalog.po import Catalog, Message

    first: dict[str, Message] = {}
    for source, target, _, origin in store.pairs(lang):
        if source not in first:
            first[source] = Message(msgid=source, msgstr=target,
                                    extracted_comments=[f"origin: {origin}"])
    return Catalog(language_header(template_header("memory"), lang), first.values())
