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

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

from dragoman.catalog.fuzzy import MemoryIndex
from dragoman.errors import ConfigError

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
    """Units indexed for exact and fuzzy look-up. Add everything first, then look up."""

    def __init__(self, units: Iterable[Unit] = ()):
        self.units: list[Unit] = []
        self._exact: dict[str, list[int]] = {}
        self._index: MemoryIndex | None = None
        self.extend(units)

    def __len__(self) -> int:
        return len(self.units)

    def extend(self, units: Iterable[Unit]) -> None:
        """Add many units in one call (a compendium holds hundreds of thousands)."""
        exact, known = self._exact, self.units
        for unit in units:
            if unit.source and unit.target:
                exact.setdefault(unit.source, []).append(len(known))
                known.append(unit)
        self._index = None

    @property
    def index(self) -> MemoryIndex:
        if self._index is None:
            self._index = MemoryIndex(u.source for u in self.units)
        return self._index

    def lookup(self, source: str, cutoff: float = 0.75,
               exclude: Callable[[Unit], bool] | None = None) -> Hit | None:
        """The best unit for ``source``: identical source first, else the most similar one
        scoring at least ``cutoff``. ``exclude(unit)`` hides units (e.g. the catalog's own)."""
        for i in self._exact.get(source, ()):
            if exclude is None or not exclude(self.units[i]):
                return Hit(self.units[i], 1.0)
        allowed = None if exclude is None else (lambda i: not exclude(self.units[i]))
        found = self.index.best(source, cutoff, allowed=allowed)
        if found is None:
            return None
        # A different string never scores 100%, even when it differs only in case or spaces.
        return Hit(self.units[found.index], min(found.score, 0.99))


def units_of(catalog, origin: str) -> Iterable[Unit]:
    """The finished translations of a catalog (active, not fuzzy, singular) as units."""
    for message in catalog.messages:
        if message.translated and message.msgid and message.msgid_plural is None:
            yield Unit(message.msgid, message.msgstr, origin)


def load_memory(workspace, lang: str, settings: MemorySettings | None = None) -> Memory:
    """The memory of ``lang`` in ``workspace``: its PO files of that language, then the
    compendia and TMX files of its ``[memory]`` table (missing files are errors).

    What each file holds is cached in ``locales/<lang>/.dragoman-memory.json`` under the
    file's size and modification time, so a file is parsed again only when it changed: an
    update of one report in a workspace of thousands, or with a large compendium, does not
    re-read them all.
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
    cache = _Cache(folder.parent / CACHE_NAME)
    memory = Memory()
    for path, reader in sources:
        origin = _relative(path, workspace.root)
        memory.extend(Unit(source, target, origin)
                      for source, target in cache.units(path, origin, lambda: reader(path, lang)))
    cache.save()
    return memory


def po_units(path) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The header and the finished translations ``(source, target)`` of a PO file (see
    :func:`units_of`), by the fast reader where the file allows it."""
    from dragoman.catalog.po import read_po, read_translations

    found = read_translations(path)
    if found is None:
        catalog = read_po(path)
        found = catalog.header, [(u.source, u.target) for u in units_of(catalog, "")]
    return found


def _catalog_units(path, lang) -> list[tuple[str, str]]:
    return po_units(path)[1]


def _compendium_units(path, lang) -> list[tuple[str, str]]:
    header, units = po_units(path)
    language = header.get("Language", "")
    if language and language.replace("-", "_").split("_")[0] != lang:
        return []  # a compendium of another language
    return units


def _tmx_units(path, lang) -> list[tuple[str, str]]:
    from dragoman.catalog.exchange import read_exchange

    return [(u.source, u.target) for u in units_of(read_exchange(path, "tmx", target_lang=lang), "")]


#: The cache of what the memory files hold (see :func:`load_memory`).
CACHE_NAME = ".dragoman-memory.json"


class _Cache:
    def __init__(self, path: Path):
        import json

        self.path = path
        try:
            self.before = json.loads(path.read_text("utf-8")).get("files", {})
        except (OSError, ValueError, AttributeError):
            self.before = {}
        self.files: dict = {}

    def units(self, path: Path, origin: str, read) -> list:
        try:
            stat = path.stat()
        except FileNotFoundError:
            from dragoman.errors import CatalogError

            raise CatalogError("no such file (named in [memory] of dragoman.toml)", path) from None
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = self.before.get(origin)
        if not (isinstance(entry, dict) and entry.get("stamp") == stamp):
            entry = {"stamp": stamp, "units": read()}
        self.files[origin] = entry
        return entry["units"]

    def save(self) -> None:
        import json

        from dragoman.fileio import atomic_write_text

        if self.files == self.before:
            return
        try:
            atomic_write_text(self.path, json.dumps({"files": self.files}, ensure_ascii=False) + "\n")
        except OSError:
            pass  # a read-only workspace: the memory is still right, only slower next time


def _relative(path, root) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
