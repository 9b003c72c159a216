"""The memory's store and its concordance at archive scale.

A store of 1,000,000 generated news units (10 files of 100,000, as compendia aligned from an
archive would be) is built with the memory's own store (:class:`dragoman.memory.store.Store`):
the units first (what a look-up needs), then the concordance (FTS5, built by the first
search). Reported: the time of each, the store's size on disk, and the latency of warm
concordance queries (the store open, each query asked once before): median and 95th
percentile over repeated runs of queries from a rare name to words found in a sixteenth of
the memory (a search ranks the last 500 matches by bm25: ``RANKED`` in the store).
Then batches of look-ups (edited sentences of the memory) in 100,000 of its units, loaded
from the store, in this process and shared among worker processes
(:mod:`dragoman.memory.search`): what the sizes from which a batch is shared rest on (a
batch below them and one above).
``BENCH_SCALE=0.1`` builds a tenth of it.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.newsgen import edit, sentence

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SEED = 20260301
FILES = 10
#: Queries as a translator types them: a rare name, a phrase, common words, a whole clause.
QUERIES = ["Qardaha", "Maarat al-Numan", '"security campaign"', "drone strike Kobani",
           "checkpoints road", "civilians killed", '"were wounded when"', "Air Force Intelligence",
           "detainees released prisons", "landmine"]
RUNS = 20
#: Units of the memory searched by batches of look-ups, and the sizes of the batches.
LOOKUP_UNITS = 100_000
BATCHES = (2_000, 10_000, 40_000)


def _build(path: Path, units: int) -> tuple[float, float]:
    """Seconds to store ``units`` generated units, then to build their concordance."""
    from dragoman.memory.store import FileUnits, Store

    rng = random.Random(SEED)
    per_file = units // FILES
    files = []
    for k in range(FILES):
        sources = [sentence(rng) for _ in range(per_file)]
        files.append(FileUnits(sources, [f"ترجمة {k}-{i}" for i in range(per_file)]))
    start = time.perf_counter()
    with Store(path) as store:
        for k, found in enumerate(files):
            store.units("ar", f"memory/archive-{k}.po", "1/1", lambda found=found: found)
        stored = time.perf_counter() - start
        start = time.perf_counter()
        store.make_searchable()
        return stored, time.perf_counter() - start


def main() -> None:
    from dragoman.memory.store import Store, fts_query

    units = int(1_000_000 * SCALE)
    with tempfile.TemporaryDirectory(prefix="dragoman-bench-") as folder:
        path = Path(folder) / "memory.sqlite3"
        stored, indexed = _build(path, units)
        size = path.stat().st_size
        print(f"memory store: {units:,} units in {FILES} files")
        print(f"  units stored        {stored:7.1f} s")
        print(f"  concordance built   {indexed:7.1f} s")
        print(f"  store on disk       {size / 1e6:7.0f} MB ({size / units:.0f} bytes per unit)")
        with Store(path) as store:
            found = {query: len(store.search(query, "ar", 20)) for query in QUERIES}
            times: dict[str, list[float]] = {query: [] for query in QUERIES}
            for _ in range(RUNS):
                for query in QUERIES:
                    start = time.perf_counter()
                    store.search(query, "ar", 20)
                    times[query].append(time.perf_counter() - start)
            matching = {query: store.db.execute(
                "SELECT count(*) FROM concordance WHERE concordance MATCH ?",
                (f"source: ({fts_query(query)})",)).fetchone()[0] for query in QUERIES}
        print(f"  warm queries (20 best of each, {RUNS} runs):")
        every = sorted(t for ts in times.values() for t in ts)
        for query in QUERIES:
            ts = sorted(times[query])
            print(f"    {query:30} {matching[query]:>9,} matching  median "
                  f"{statistics.median(ts) * 1000:6.1f} ms  p95 "
                  f"{ts[int(len(ts) * 0.95) - 1] * 1000:6.1f} ms  ({found[query]} shown)")
        print(f"  all queries: median {statistics.median(every) * 1000:.1f} ms, "
              f"p95 {every[int(len(every) * 0.95) - 1] * 1000:.1f} ms")
        _lookups(path, units)


def _lookups(path: Path, units: int) -> None:
    """Seconds of batches of look-ups in the memory's first files (about
    :data:`LOOKUP_UNITS` units), loaded from the store, in this process and shared. The files
    are stored again with their index parts, as a workspace keeps a large memory file."""
    from dragoman.memory import Memory, search
    from dragoman.memory.search import StoredMemory
    from dragoman.memory.store import INDEXED_BYTES, Store, indexed

    per_file = units // FILES
    keys = [f"memory/archive-{k}.po" for k in range(min(FILES, max(1, LOOKUP_UNITS // per_file)))]
    with Store(path) as store:
        for key in keys:
            found = store.units("ar", key, "1/1", lambda: None)
            store.units("ar", key, "indexed", lambda found=found: indexed(found, INDEXED_BYTES))
    stored = StoredMemory(str(path), "ar", tuple((key, key, "indexed") for key in keys))
    sources = [unit.source for unit in Memory.from_store(stored).units]
    rng = random.Random(SEED)
    search.SHARED_QUERIES = float("inf")  # (a first, untimed batch loads what look-ups use)
    Memory.from_store(stored).lookup_many([edit(source, rng) for source in sources[:100]])
    print(f"  look-ups in {len(sources):,} units, the memory loaded from the store:")
    for batch in BATCHES:
        queries = [edit(rng.choice(sources), rng) for _ in range(batch)]
        seconds = {}
        for mode, (least_queries, least_units) in (
                ("one process", (float("inf"), float("inf"))), ("shared", (0, 0))):
            search.SHARED_QUERIES, search.SHARED_UNITS = least_queries, least_units
            start = time.perf_counter()
            Memory.from_store(stored).lookup_many(queries)
            seconds[mode] = time.perf_counter() - start
        print(f"    {batch:>7,} look-ups   one process {seconds['one process']:6.1f} s   "
              f"shared {seconds['shared']:6.1f} s")


if __name__ == "__main__":
    main()
