"""Catalog updates side by side with GNU msgmerge and translate-toolkit's pot2po.

1. Merge: a 20,000-entry news catalog, 70 % translated, a fifth of its sources edited
   (words changed, inserted or deleted, numbers changed, negations added, names respelled).
   ``msgmerge --previous``, ``pot2po`` and ``dragoman catalog merge``, each in a fresh
   process; for each: the share of edited translated entries given the right old translation
   (recall), the share of fuzzy suggestions that are right (precision), wrong translations
   not marked fuzzy, time, and the time ratio to dragoman.
2. Memory: a new 2,000-entry catalog filled from a 100,000-segment compendium:
   ``msgmerge --compendium`` against ``dragoman catalog merge --compendium`` and
   ``dragoman update`` with the compendium as its workspace's memory; each dragoman command
   first as it runs the first time (it reads and indexes the compendium, as msgmerge does on
   every run, and caches both), then again (the cached index); the speed-up over msgmerge.
3. Workspace: ``dragoman update`` over many small articles in 3 languages, first run and an
   incremental re-run; time per article.

Sizes can be scaled down for a quick look: ``BENCH_SCALE=0.1 make bench BENCH=catalog``;
``BENCH_SKIP=pot2po`` leaves out the slow peer; ``BENCH_REPEATS`` sets how many times each
command runs (median reported; pot2po runs once). Commands compared run in rounds, one run of
each per round, and a speed-up is the median of the ratios within rounds.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.newsgen import edit, edited_corpus, sentence, sentences, write_reports

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SKIP = set(filter(None, os.environ.get("BENCH_SKIP", "").split(",")))
SEED = 20250101
#: Runs of each timed command (pot2po: one); the median is reported (on a shared machine one
#: run can take twice as long as the next).
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def _po(entries, lang: str | None = "ar") -> str:
    """PO text for (msgid, msgstr) pairs (through dragoman's writer: gettext formatting)."""
    from dragoman.catalog.extract import language_header, template_header
    from dragoman.catalog.po import Catalog, Message, render_po

    header = template_header("bench")
    if lang:
        header = language_header(header, lang)
    return render_po(Catalog(header, [Message(msgid=s, msgstr=t) for s, t in entries]))


def _run(argv: list[str], succeeded: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, all threads) of one fresh process, which
    must end with one of the ``succeeded`` exit statuses."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in succeeded:
        raise SystemExit(f"{argv[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def _timed_in_rounds(runs: dict[str, tuple[list[str], object]]) -> dict[str, list[tuple[float, float]]]:
    """Wall-clock and CPU seconds of each run ``{name: (argv, prepare or None)}``, REPEATS
    times, in rounds: one run of each command per round, in turn. On a machine whose speed
    drifts for minutes at a time (a shared one), the commands of one round meet the same
    speed, so the ratio of their times within a round is what compares them."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(REPEATS):
        for name, (argv, prepare) in runs.items():
            if prepare:
                prepare()
            times[name].append(_run(argv))
    return times


def _ratios(times: list[tuple[float, float]], base: list[tuple[float, float]], kind: int) -> str:
    """Median of the per-round ratios ``times / base`` (kind 0: wall, 1: CPU), with their
    range."""
    ratios = sorted(t[kind] / b[kind] for t, b in zip(times, base))
    spread = f" ({ratios[0]:.1f}-{ratios[-1]:.1f})" if len(ratios) > 1 else ""
    return f"{statistics.median(ratios):.1f}x{spread}"


def _tool(name: str) -> str:
    """A console script of this environment (the bench extra installs translate-toolkit)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else name


def _dragoman() -> list[str]:
    return [sys.executable, "-m", "dragoman"]


def _table(rows: list[tuple], headers: tuple) -> None:
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    for row in [headers] + rows:
        print("  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                        for i, (c, w) in enumerate(zip(row, widths))))


def bench_merge(tmp: Path) -> None:
    from dragoman.catalog.po import read_po

    n = int(20000 * SCALE)
    current, older = edited_corpus(n, 0.2, SEED)
    rng = random.Random(SEED + 1)
    translation = {i: f"ترجمة الجملة رقم {i}" for i in range(n) if rng.random() < 0.7}
    old_entries = [(older.get(i, s), translation.get(i, "")) for i, s in enumerate(current)]
    (tmp / "old.po").write_text(_po(old_entries), "utf-8")
    (tmp / "new.pot").write_text(_po([(s, "") for s in current], lang=None), "utf-8")
    edited = [i for i in older if i in translation]
    print(f"merge: {n} entries, {len(older)} sources edited, {len(edited)} of them translated")

    runs = {
        "msgmerge --previous": ["msgmerge", "--quiet", "--previous", "-o", str(tmp / "mm.po"),
                                str(tmp / "old.po"), str(tmp / "new.pot")],
        "pot2po": [_tool("pot2po"), "--progress=none", "-t", str(tmp / "old.po"), str(tmp / "new.pot"),
                   str(tmp / "p2p.po")],
        "dragoman": [*_dragoman(), "catalog", "merge", str(tmp / "old.po"), str(tmp / "new.pot"),
                     "-o", str(tmp / "dm.po")],
    }
    outputs = {"msgmerge --previous": "mm.po", "pot2po": "p2p.po", "dragoman": "dm.po"}
    for name, argv in list(runs.items()):
        if name.split()[0] in SKIP or not shutil.which(argv[0]):
            print(f"  ({name} skipped: {'BENCH_SKIP' if name.split()[0] in SKIP else 'not installed'})")
            del runs[name]
    # msgmerge and dragoman in rounds (their ratio is the claim); pot2po, minutes long, once.
    times = _timed_in_rounds({name: (argv, None) for name, argv in runs.items() if name != "pot2po"})
    if "pot2po" in runs:
        times["pot2po"] = [_run(runs["pot2po"])]
    results = {}
    for name in runs:
        seconds = statistics.median(t[0] for t in times[name])
        cpu = statistics.median(t[1] for t in times[name])
        out = read_po(tmp / outputs[name])
        entries = {m.msgid: m for m in out.messages if not m.obsolete}
        fuzzy = [m for m in entries.values() if m.fuzzy and m.msgstr]
        right = sum(1 for i in edited if entries.get(current[i]) is not None
                    and entries[current[i]].fuzzy and entries[current[i]].msgstr == translation[i])
        right_any = sum(1 for m in fuzzy if _is_right(m, current, older, translation))
        wrong_final = sum(1 for i, s in enumerate(current) if entries.get(s) is not None
                          and entries[s].translated and entries[s].msgstr != translation.get(i))
        results[name] = (seconds, cpu, right, len(fuzzy), right_any, wrong_final)
    base = times.get("dragoman")
    rows = []
    for name, (seconds, cpu, right, nfuzzy, right_any, wrong_final) in results.items():
        paired = base and name != "pot2po"  # (pot2po ran once, not in rounds)
        rows.append((name, f"{seconds:.2f}",
                     _ratios(times[name], base, 0) if paired else "-",
                     f"{cpu:.2f}", _ratios(times[name], base, 1) if paired else "-",
                     nfuzzy, f"{right}/{len(edited)} = {right / max(len(edited), 1):.1%}",
                     f"{right_any / max(nfuzzy, 1):.1%}", wrong_final))
    _table(rows, ("tool", "wall s", "vs dragoman", "cpu s", "vs dragoman", "fuzzy",
                  "right old translation (recall)", "right suggestions (precision)",
                  "wrong, not fuzzy"))
    print("  (wall and CPU seconds: medians of the runs; vs dragoman: the median, and the range,"
          " of the ratios within each round)")


def _is_right(message, current, older, translation) -> bool:
    index = _is_right.__dict__.setdefault("index", {s: i for i, s in enumerate(current)})
    i = index.get(message.msgid)
    return i is not None and i in older and translation.get(i) == message.msgstr


def bench_memory(tmp: Path) -> None:
    from dragoman.catalog.po import read_po

    size = int(100000 * SCALE)
    rng = random.Random(SEED + 2)
    remembered = sentences(size, rng)
    memory = [(s, f"ترجمة محفوظة {i}") for i, s in enumerate(remembered)]
    (tmp / "memory.po").write_text(_po(memory), "utf-8")
    n = int(2000 * max(SCALE, 0.1))
    known = set(remembered)
    queries, truth = [], {}
    for k, i in enumerate(rng.sample(range(size), n)):
        kind = k % 3
        if kind == 0:
            text = remembered[i]  # said before, word for word
        elif kind == 1:
            text = edit(remembered[i], rng)  # said before, edited
        else:
            text, i = sentence(rng), None  # news not in the memory
        if text in truth or (kind and text in known):
            continue
        truth[text] = memory[i][1] if i is not None else None
        queries.append(text)
    (tmp / "empty.po").write_text(_po([]), "utf-8")
    (tmp / "q.pot").write_text(_po([(q, "") for q in queries], lang=None), "utf-8")
    identical = sum(1 for q in queries if q in known)
    edited = sum(1 for q, t in truth.items() if t is not None and q not in known)
    print(f"\nmemory: {size} remembered segments, {len(queries)} new entries: {identical} "
          f"identical, {edited} edited, {len(queries) - identical - edited} not in the memory")
    merge = [*_dragoman(), "catalog", "merge", "--compendium", str(tmp / "memory.po"),
             str(tmp / "empty.po"), str(tmp / "q.pot"), "-o", str(tmp / "dm.po")]
    user_cache = Path(os.environ["XDG_CACHE_HOME"])
    # The same memory as a workspace's [memory] compendium, the new sentences as one report:
    # `dragoman update` does the whole job (read, segment, extract, merge, fill). Its first
    # run reads and indexes the compendium and caches both; later runs (a report edited:
    # one more sentence) load the cached index.
    root = tmp / "memws"
    (root / "sources").mkdir(parents=True)
    (root / "memory").mkdir()
    shutil.copy(tmp / "memory.po", root / "memory" / "ar.po")
    (root / "dragoman.toml").write_text(
        '[workspace]\ntarget_languages = ["ar"]\n[memory]\ncompendia = ["memory/{lang}.po"]\n',
        "utf-8")
    report = root / "sources" / "report.txt"
    report.write_text("\n\n".join(queries) + "\n", "utf-8")
    update = [*_dragoman(), "update", "-C", str(root)]
    catalog = root / "locales" / "ar" / "LC_MESSAGES" / "report.po"

    def edit_report():
        report.write_text(report.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
        catalog.unlink(missing_ok=True)

    def fresh_workspace():
        shutil.rmtree(root / "locales", ignore_errors=True)
        shutil.rmtree(root / ".dragoman-memory", ignore_errors=True)  # (the memory's store)

    # name: (command, its output, what to do before each run)
    runs = {
        "msgmerge --compendium": (["msgmerge", "--quiet", "--previous",
                                   f"--compendium={tmp / 'memory.po'}", "-o", str(tmp / "mm.po"),
                                   str(tmp / "empty.po"), str(tmp / "q.pot")], tmp / "mm.po",
                                  None),
        "dragoman catalog merge -C": (merge, tmp / "dm.po",
                                      lambda: shutil.rmtree(user_cache, ignore_errors=True)),
        "dragoman catalog merge -C, cached": (merge, tmp / "dm.po", None),
        "dragoman update, first run": (update, catalog, fresh_workspace),
        "dragoman update, memory cached": (update, catalog, edit_report),
    }
    times = _timed_in_rounds({name: (argv, prepare) for name, (argv, _, prepare) in runs.items()})
    results = {}
    for name, (argv, output, prepare) in runs.items():
        out = {m.msgid: m for m in read_po(output).messages}
        filled = [m for m in out.values() if m.msgstr]
        right = sum(1 for m in filled if truth.get(m.msgid) == m.msgstr)
        exact = sum(1 for m in filled if m.translated)
        results[name] = (len(filled), exact, right)
    findable = sum(1 for t in truth.values() if t is not None)
    msgmerge = times["msgmerge --compendium"]
    rows = [(name, f"{statistics.median(t[0] for t in times[name]):.2f}",
             _ratios(msgmerge, times[name], 0),
             f"{statistics.median(t[1] for t in times[name]):.2f}",
             _ratios(msgmerge, times[name], 1), filled, exact,
             f"{right}/{findable} = {right / max(findable, 1):.1%}",
             f"{right / max(filled, 1):.1%}")
            for name, (filled, exact, right) in results.items()]
    _table(rows, ("tool", "wall s", "msgmerge/this", "cpu s", "msgmerge/this", "filled",
                  "as translated", "right (recall)", "right fills (precision)"))
    print("  (seconds: medians of the runs; msgmerge/this: the median, and the range, of the"
          " ratios within each round)")


def bench_workspace(tmp: Path) -> None:
    articles = int(10000 * SCALE)
    root = tmp / "ws"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(Path(__file__).resolve().parent.parent / "glossary", root / "glossary")
    (root / "dragoman.toml").write_text(
        '[workspace]\nsource_language = "en"\ntarget_languages = ["ar", "ckb", "kmr"]\n', "utf-8")
    write_reports(root / "sources", articles, random.Random(SEED + 3))
    print(f"\nworkspace: {articles} articles x 3 languages")
    rows = []
    argv = [*_dragoman(), "update", "-C", str(root), "-j", "2"]
    for label in ("update -j2 (first run)", "update -j2 (nothing changed)"):
        seconds, cpu = _run(argv)
        rows.append((label, f"{seconds:.1f}", f"{seconds / articles * 1000:.1f} ms",
                     f"{cpu / articles * 1000:.1f} ms"))
    _table(rows, ("run", "wall s", "wall per article", "cpu per article"))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dragoman-bench-") as folder:
        tmp = Path(folder)
        os.environ["XDG_CACHE_HOME"] = str(tmp / "user-cache")  # catalog merge's memory cache
        if "merge" not in SKIP:
            bench_merge(tmp)
        if "memory" not in SKIP:
            bench_memory(tmp)
        if "workspace" not in SKIP:
            bench_workspace(tmp)


if __name__ == "__main__":
    main()
