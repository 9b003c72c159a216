"""The memory's on-disk store: one SQLite database per workspace, a cache of its memory files.

The store keeps, per language, what each memory file (the workspace's catalogs, the compendia
and TMX files of ``[memory]``) held when last read, under the file's size and modification
time: a file is read again only when it changed, and a file no longer in the memory leaves
the store. A file's sources and targets are kept as two texts joined by NUL (loaded in two C
calls), a large file with its index part (see :mod:`dragoman.memory.index`, kept with the
standard library's :mod:`marshal`), which costs more to build than to load. The same store holds the concordance: a table of units with an
FTS5 index over their sources, filled for a file by the first search after it changed
(:meth:`Store.search`), so that look-ups never wait for it.

It is a cache: deleting it changes nothing but time, a damaged or outdated one is rebuilt,
and a workspace that cannot be written to works from a store in memory.
"""

from __future__ import annotations

import marshal
import shutil
import sqlite3
import sys
from array import array
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, Sequence

from dragoman.memory.index import RARE_LIMIT, IndexPart, index_part

#: The store's file name (in the workspace's ``.dragoman-memory/`` folder, or the user cache).
STORE_NAME = "memory.sqlite3"
#: Memory files from this size on are kept with their index part.
INDEXED_BYTES = 1_000_000
#: A concordance search ranks at most this many matches, those stored last.
RANKED = 500
#: The layout of the store and of its index parts (marshal of native arrays): another one is
#: rebuilt.
_FORMAT = f"5/{sys.byteorder}/{RARE_LIMIT}/marshal {marshal.version}"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
    id INTEGER PRIMARY KEY,
    lang TEXT NOT NULL,
    origin TEXT NOT NULL,
    stamp TEXT NOT NULL,              -- size and modification time when read
    count INTEGER NOT NULL,           -- its units
    searchable INTEGER NOT NULL DEFAULT 0,  -- its units are in the concordance
    -- (the long columns last: a row is read up to the column asked for)
    sources TEXT NOT NULL,            -- their sources joined by NUL
    targets TEXT NOT NULL,            -- their targets joined by NUL
    part BLOB,                        -- the index part of a large file (marshal)
    UNIQUE(lang, origin));
CREATE TABLE IF NOT EXISTS units(
    id INTEGER PRIMARY KEY,
    file INTEGER NOT NULL REFERENCES files(id),
    source TEXT NOT NULL,
    target TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS units_of_file ON units(file);
CREATE VIRTUAL TABLE IF NOT EXISTS concordance USING fts5(
    source, lang UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
"""


class FileUnits(NamedTuple):
    """The finished translations of one memory file, with its index part when it has one."""

    sources: list[str]
    targets: list[str]
    part: IndexPart | None = None


class Found(NamedTuple):
    """A concordance hit: the remembered pair, its language and origin, its bm25 rank (lower
    is better) and where the source holds the words asked for (``(start, end)`` spans)."""

    source: str
    target: str
    lang: str
    origin: str
    rank: float
    matches: list[tuple[int, int]]


#: What FTS5's highlight() puts around a match (characters no remembered sentence holds).
_MARKS = ("\x02", "\x03")


class Store:
    """The SQLite store at ``path`` (None: in memory only). Use it as a context manager.
    :attr:`path` is None when the store is in memory (``path`` cannot be written)."""

    def __init__(self, path: Path | None):
        self.db, self.path = _connect(path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.db.close()

    def units(self, lang: str, origin: str, stamp: str, read: Callable[[], FileUnits]
              ) -> FileUnits:
        """The units of the file ``origin`` of language ``lang``: as stored when ``stamp`` is
        unchanged, else ``read()`` and stored (with an index part for a large file: ``read``
        gives it)."""
        row = self.db.execute("SELECT stamp, count, sources, targets, part FROM files "
                              "WHERE lang = ? AND origin = ?", (lang, origin)).fetchone()
        if row is not None and row[0] == stamp:
            found = _stored(*row[1:])
            if found is not None:
                return found
        found = read()
        try:
            self._replace(lang, origin, stamp, found)
        except sqlite3.OperationalError:
            pass  # (a store that cannot be written: right, only slower next time)
        return found

    def _replace(self, lang: str, origin: str, stamp: str, found: FileUnits) -> None:
        sources, targets = _joined(found.sources), _joined(found.targets)
        with self.db:
            self._forget(lang, [origin])
            if sources is None or targets is None:
                return  # (a text holds a NUL: the file is read each time)
            packed = None if found.part is None else _packed_part(found.part)
            self.db.execute("INSERT INTO files(lang, origin, stamp, count, sources, targets, part)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (lang, origin, stamp, len(found.sources), sources, targets, packed))

    def keep_only(self, lang: str, origins: Sequence[str]) -> None:
        """Forget the files of ``lang`` that are not ``origins`` (no longer in its memory)."""
        stored = [origin for origin, in self.db.execute(
            "SELECT origin FROM files WHERE lang = ?", (lang,))]
        gone = sorted(set(stored) - set(origins))
        if gone:
            try:
                with self.db:
                    self._forget(lang, gone)
            except sqlite3.OperationalError:
                pass  # (a store that cannot be written: searched as it is)

    def _forget(self, lang: str, origins: Sequence[str]) -> None:
        for origin in origins:
            row = self.db.execute("SELECT id, searchable FROM files WHERE lang = ? AND origin = ?",
                                  (lang, origin)).fetchone()
            if row is None:
                continue
            if row[1]:
                self.db.execute("DELETE FROM concordance WHERE rowid IN "
                                "(SELECT id FROM units WHERE file = ?)", (row[0],))
            self.db.execute("DELETE FROM units WHERE file = ?", (row[0],))
            self.db.execute("DELETE FROM files WHERE id = ?", (row[0],))

    def search(self, query: str, lang: str | None = None, limit: int = 20) -> list[Found]:
        """The remembered pairs whose source holds the words of ``query`` (a phrase in double
        quotes: those words in that order), best first (bm25); of more than :data:`RANKED`,
        the best of those stored last (the files that changed last)."""
        match = fts_query(query)
        if not match:
            return []
        self.make_searchable()
        match = f"source: ({match})"
        of_lang, args = ("AND lang = ? ", (lang,)) if lang else ("", ())
        # (Ranking costs microseconds a match: only the last RANKED matches are ranked, those
        # from the first id of theirs on, which FTS5 finds walking back from the end.)
        first = self.db.execute(
            "SELECT min(rowid) FROM (SELECT rowid FROM concordance WHERE concordance MATCH ? "
            f"{of_lang}ORDER BY rowid DESC LIMIT ?)", (match, *args, RANKED)).fetchone()[0]
        if first is None:
            return []
        best = self.db.execute(
            f"SELECT rowid, bm25(concordance, 1.0, 0.0) AS score, highlight(concordance, 0, "
            f"'{_MARKS[0]}', '{_MARKS[1]}') FROM concordance WHERE concordance MATCH ? "
            f"AND rowid >= ? {of_lang}ORDER BY score, rowid LIMIT ?",
            (match, first, *args, limit)).fetchall()
        pairs = {row[0]: row[1:] for row in self.db.execute(
            "SELECT units.id, units.source, units.target, files.lang, files.origin FROM units "
            "JOIN files ON files.id = units.file WHERE units.id IN "
            f"({', '.join('?' * len(best))})", [unit for unit, _, _ in best])}
        return [Found(*pairs[unit], score, _spans(marked)) for unit, score, marked in best]

    def make_searchable(self) -> None:
        """Put the units of the files not yet searched into the concordance."""
        files = self.db.execute("SELECT id FROM files WHERE searchable = 0").fetchall()
        if files:
            with self.db:
                for file, in files:
                    lang, count, sources, targets = self.db.execute(
                        "SELECT lang, count, sources, targets FROM files WHERE id = ?",
                        (file,)).fetchone()
                    self.db.executemany(
                        "INSERT INTO units(file, source, target) VALUES (?, ?, ?)",
                        zip([file] * count, _split(sources, count), _split(targets, count)))
                    self.db.execute("INSERT INTO concordance(rowid, source, lang) "
                                    "SELECT id, source, ? FROM units WHERE file = ?", (lang, file))
                    self.db.execute("UPDATE files SET searchable = 1 WHERE id = ?", (file,))

    def counts(self) -> list[tuple[str, str, int]]:
        """(language, origin, units) of every stored file, by language and origin."""
        return self.db.execute("SELECT lang, origin, count FROM files "
                               "ORDER BY lang, origin").fetchall()

    def pairs(self, lang: str | None = None) -> Iterator[tuple[str, str, str, str]]:
        """(source, target, language, origin) of every stored unit, by language, in the
        order of its memory."""
        where = "WHERE lang = ? " if lang else ""
        for count, sources, targets, file_lang, origin in self.db.execute(
                f"SELECT count, sources, targets, lang, origin FROM files {where}"
                "ORDER BY lang, id", (lang,) if lang else ()):
            for source, target in zip(_split(sources, count), _split(targets, count)):
                yield source, target, file_lang, origin


def _joined(texts: list[str]) -> str | None:
    """Texts joined by NUL (None if one holds a NUL itself)."""
    joined = "\0".join(texts)
    return joined if joined.count("\0") == max(len(texts) - 1, 0) else None


def _split(joined: str, count: int) -> list[str]:
    return joined.split("\0") if count else []


def _stored(count: int, sources: str, targets: str, packed: bytes | None) -> FileUnits | None:
    """A file's units as stored (None: not what they should be, e.g. a damaged store)."""
    found = FileUnits(_split(sources, count), _split(targets, count))
    if len(found.sources) != count or len(found.targets) != count or not (
            all(found.sources) and all(found.targets)):
        return None
    if packed is None:
        return found
    part = _unpacked_part(packed, count)
    return None if part is None else found._replace(part=part)


def _connect(path: Path | None) -> tuple[sqlite3.Connection, Path | None]:
    """The store's database and its path, made or rebuilt as needed; in memory (no path) if
    ``path`` is None or cannot be written (a read-only workspace: right, only slower)."""
    if path is not None:
        made, new = not path.parent.exists(), not path.exists()
        for attempt in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                return _prepared(sqlite3.connect(path, timeout=60)), path
            except sqlite3.DatabaseError as exc:
                if attempt or isinstance(exc, sqlite3.OperationalError) and path.exists() \
                        and "not a database" not in str(exc):
                    break
                path.unlink(missing_ok=True)  # (damaged: a cache is rebuilt)
            except OSError:
                break
        _remove_made(path, made, new)
    return _prepared(sqlite3.connect(":memory:")), None


def _remove_made(path: Path, folder: bool, file: bool) -> None:
    """Take back what a failed attempt at a store left: the folder it made, or the database
    file and journal it made (a workspace that cannot be written stays as it was)."""
    if folder:
        shutil.rmtree(path.parent, ignore_errors=True)
    elif file and path.parent.is_dir():
        for made in (path, path.with_name(path.name + "-journal")):
            made.unlink(missing_ok=True)


def _prepared(db: sqlite3.Connection) -> sqlite3.Connection:
    """A connection whose store has the current layout (an older one is emptied)."""
    tables = ("concordance", "units", "files", "meta")
    try:
        found = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        whole = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                           "(?, ?, ?, ?)", tables).fetchone()[0] == len(tables)
    except sqlite3.OperationalError:  # (no meta table: a new store)
        found, whole = None, False
    if found is None or found[0] != _FORMAT or not whole:
        with db:
            for table in tables:
                db.execute(f"DROP TABLE IF EXISTS {table}")
        db.executescript(_SCHEMA)
        with db:
            db.execute("INSERT INTO meta VALUES ('format', ?)", (_FORMAT,))
    db.execute("PRAGMA synchronous = OFF")  # (a cache: a crash costs a rebuild, not data)
    return db


def _spans(marked: str) -> list[tuple[int, int]]:
    """Where the marks of highlight() were, in the text without them."""
    spans, at = [], 0
    for k, piece in enumerate(marked.replace(_MARKS[1], _MARKS[0]).split(_MARKS[0])):
        if k % 2:  # (inside the marks)
            spans.append((at, at + len(piece)))
        at += len(piece)
    return spans


def fts_query(text: str) -> str:
    """An FTS5 query for what a translator typed: each word, and each phrase in double
    quotes, must be in the source (quoted for FTS5: no word is taken as an operator)."""
    parts = text.split('"')
    terms = []
    for k, part in enumerate(parts):
        if k % 2 and k < len(parts) - 1:  # (inside quotes)
            if part.strip():
                terms.append(part.strip())
        else:
            terms += part.split()
    return " ".join('"' + term.replace('"', "") + '"' for term in terms)


# -- index parts as stored (marshal of texts joined by NUL and native arrays) -------------


def _ints(values) -> bytes:
    return array("I", values).tobytes()


def _positions(data: bytes) -> array:
    values = array("I")
    values.frombytes(data)
    return values


def _packed_part(part: IndexPart) -> bytes | None:
    """The stored form of an index part (None: a text holds a NUL; it is built again)."""
    joined = _joined(part.normal)
    if joined is None:
        return None
    return marshal.dumps({
        "normal": joined, "counts": part.counts, "common": part.common,
        "postings": {word: _ints(ids) for word, ids in part.postings.items()},
        "shapes": _ints(part.shapes), "shape_ids": _ints(part.shape_ids)})


def _unpacked_part(data: bytes, size: int) -> IndexPart | None:
    """The index part stored as ``data`` for ``size`` units (None: not what it should be)."""
    try:
        entry = marshal.loads(data)
        normal = _split(entry["normal"], size)
        shape_ids = _positions(entry["shape_ids"])
        part = IndexPart(normal, entry["counts"],
                         {word: _positions(ids) for word, ids in entry["postings"].items()},
                         entry["common"], _positions(entry["shapes"]), shape_ids)
    except (ValueError, TypeError, KeyError, AttributeError, EOFError):
        return None
    if len(normal) != size or len(shape_ids) != size or (size and max(shape_ids) >= size):
        return None
    return part


def indexed(units: FileUnits, size: int) -> FileUnits:
    """``units`` with their index part if the file (of ``size`` bytes) is large."""
    return units._replace(part=index_part(units.sources)) if size >= INDEXED_BYTES else units
