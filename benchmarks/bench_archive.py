"""An archive's worth of reports, updated and built with more workers: what a cluster buys.

A workspace of BENCH_ARTICLES (default 10,000) short generated reports (benchmarks/newsgen.py)
in 3 target languages, each run from scratch in a fresh process: ``dragoman update`` (every
template and catalog written) and ``dragoman build`` (the same, then every edition and the
site), in one local process (``-j 1``), two local processes (``-j 2``) and on a Dask
``LocalCluster`` of two worker processes (``--scheduler``). Reported: wall time per article,
the speed-up over one process, the speed-up per worker (efficiency), and what that projects for
a 200,000-article archive on 1, 8 and 64 workers under the model

    time = articles x (measured time per article with one process) / (workers x efficiency)

with the efficiency measured on two workers held for every worker count (optimistic for a
cluster whose scheduler or shared disk saturates; pessimistic on a machine whose two cores
are shared with other work, as a measured efficiency below 1 then shows).

``BENCH_ARTICLES=500 make bench BENCH=archive`` for a quick look.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path

from benchmarks.bench_catalog import SEED, _dragoman, _run, _table
from benchmarks.newsgen import write_reports

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
ARCHIVE = 200_000
PROJECTED_WORKERS = (1, 8, 64)


def _workspace(root: Path, sources: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copytree(sources, root / "sources")
    shutil.copytree(Path(__file__).resolve().parent.parent / "glossary", root / "glossary")
    (root / "dragoman.toml").write_text(
        '[workspace]\nsource_language = "en"\ntarget_languages = ["ar", "ckb", "kmr"]\n', "utf-8")
    return root


def _duration(seconds: float) -> str:
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:.0f} s"


def main() -> None:
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory(prefix="dragoman-bench-") as folder:
        tmp = Path(folder)
        os.environ["XDG_CACHE_HOME"] = str(tmp / "user-cache")
        sources = tmp / "sources"
        sources.mkdir()
        write_reports(sources, ARTICLES, random.Random(SEED + 5))
        print(f"archive: {ARTICLES} articles x 3 languages, each run from scratch")
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster:
            places = {"1 local process": (1, ["-j", "1"]),
                      "2 local processes": (2, ["-j", "2"]),
                      "LocalCluster, 2 workers": (2, ["--scheduler", cluster.scheduler_address])}
            seconds: dict[tuple[str, str], float] = {}
            for command in ("update", "build"):
                for k, (place, (_, options)) in enumerate(places.items()):
                    root = _workspace(tmp / f"{command}-{k}", sources)
                    seconds[command, place] = _run([*_dragoman(), command, "-C", str(root),
                                                    *options])[0]
                    shutil.rmtree(root)
        rows, projections = [], []
        for command in ("update", "build"):
            one = seconds[command, "1 local process"]
            for place, (workers, _) in places.items():
                wall = seconds[command, place]
                speedup = one / wall
                efficiency = speedup / workers
                rows.append((command, place, f"{wall:.1f}", f"{wall / ARTICLES * 1000:.1f} ms",
                             f"{speedup:.2f}x", f"{efficiency:.2f}"))
                if workers > 1:
                    per_article = one / ARTICLES
                    projections.append((command, place, *(
                        _duration(ARCHIVE * per_article / (n * (1 if n == 1 else efficiency)))
                        for n in PROJECTED_WORKERS)))
        _table(rows, ("command", "where", "wall s", "per article", "speed-up",
                      "per worker"))
        print(f"\n{ARCHIVE:,} articles, projected: articles x (time per article, one process) "
              "/ (workers x efficiency measured on 2)")
        _table(projections, ("command", "efficiency from", *(
            f"{n} worker{'s' if n > 1 else ''}" for n in PROJECTED_WORKERS)))


if __name__ == "__main__":
    main()
