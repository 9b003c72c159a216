"""An archive of English reports and their translations aligned into one compendium.

Reports are paired (:mod:`dragoman.align.pairing`), then each pair is aligned by a worker of
:func:`dragoman.executor.open_executor` (a job is the two reports as the pairing read them, and
a language; it returns plain pairs). Every pair done is appended to a journal next to the
output (``OUT.journal``, JSON lines), so an interrupted run resumes where it stopped (a last
line the interruption cut is dropped, its pair aligned again; a journal damaged otherwise stops
the run with a JournalError naming the line); the compendium is written atomically at the end
and the journal removed.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from dragoman.align import Aligner, Pair, output
from dragoman.align.anchors import Anchors, glossary_names
from dragoman.align.pairing import Pairing, Report, Unpaired, describe, pair_reports
from dragoman.errors import DragomanError, ErrorList, InputError, JournalError
from dragoman.fileio import relative
from dragoman.model import Article


@dataclass
class ArchiveReport:
    articles: int           # article pairs aligned (this run and the runs it resumed)
    resumed: int            # of which were done before this run
    sentence_pairs: int     # pairs written to the compendium
    fuzzy: int
    unpaired: list[Unpaired]
    cut_line: int | None = None     # the journal's last line, cut by the interruption, dropped


def journal_path(out: Path) -> Path:
    return out.with_name(out.name + ".journal")


@lru_cache(maxsize=4)
def worker_aligner(lang: str, glossary_dir: str | None) -> Aligner:
    """One aligner per worker process (the glossary's anchors are built once)."""
    return Aligner(lang, _glossary(glossary_dir))


def _glossary(glossary_dir: str | None):
    if glossary_dir is None:
        return None
    from dragoman.glossary import load_glossary

    return load_glossary(glossary_dir)


def align_pair(source: Article, target: Article, lang: str,
               glossary_dir: str | None) -> list[tuple]:
    """The job of one article pair, both reports as the pairing read them (each is read once;
    a worker needs no access to the archive): its pairs as plain tuples (source, target, bead,
    confidence, line)."""
    pairs = worker_aligner(lang, glossary_dir).align(source, target)
    return [(p.source, p.target, p.bead, p.confidence, p.line) for p in pairs]


@dataclass
class _Resumed:
    """What the journal of an interrupted run gives the next run."""

    done: dict[tuple[str, str], list]   # (English path, translation path) -> its pairs
    whole: int              # bytes of the journal's whole lines (the rest is a cut line)
    cut_line: int | None    # the number of that cut line, dropped: its pair is aligned again


def _read_journal(path: Path, header: dict) -> _Resumed | None:
    """Pairs already aligned by an interrupted run with the same inputs (None: no journal, or
    the journal of other inputs). A line is whole when its newline was written: what follows
    the last newline was cut by the interruption and is dropped. A header or a whole line
    that is not what this module writes is a JournalError: the journal was damaged."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if not data:            # (killed before its header was written)
        return None
    lines = data.split(b"\n")
    cut = lines.pop()       # (b"" after the newline of a whole last line)
    try:
        found = json.loads(lines[0]) if lines else None
    except ValueError:      # (also bytes that are not UTF-8)
        found = None
    if not isinstance(found, dict) or set(found) != set(header):
        raise _damaged(path, 1, "its first line does not name the inputs of a run")
    if found != header:
        return None
    done: dict[tuple[str, str], list] = {}
    for number, line in enumerate(lines[1:], start=2):
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not _is_record(record):
            raise _damaged(path, number, "the line is not the pairs of an article pair")
        done[record["en"], record["target"]] = record["pairs"]
    return _Resumed(done, len(data) - len(cut), len(lines) + 1 if cut else None)


def _is_record(record) -> bool:
    """Whether ``record`` is a journal line as :func:`align_archive` writes it."""
    return (isinstance(record, dict) and isinstance(record.get("en"), str)
            and isinstance(record.get("target"), str) and isinstance(record.get("pairs"), list)
            and all(_is_pair(p) for p in record["pairs"]))


def _is_pair(item) -> bool:
    """Whether ``item`` is a pair as :func:`align_pair` returns it (a JSON list)."""
    return (isinstance(item, list) and len(item) == 5 and all(isinstance(x, str) for x in item[:3])
            and isinstance(item[3], (int, float)) and not isinstance(item[3], bool)
            and (item[4] is None or type(item[4]) is int))


def _damaged(path: Path, line: int, reason: str) -> JournalError:
    return JournalError(f"the journal of an interrupted run is damaged: {reason}; remove the "
                        "file to align the whole archive again", path, line)


def align_archive(en_dir: Path, target_dir: Path, lang: str, out: Path, *,
                  glossary_dir: Path | None = None, jobs: int | None = None,
                  scheduler: str | None = None, threshold: float = output.THRESHOLD,
                  progress: Callable[[int, int], None] | None = None) -> ArchiveReport:
    """The memory of the archive written to ``out``. Reports that cannot be read stop the run
    before it writes anything, pairs the aligner fails on once the others are in the journal:
    each named (an ErrorList), the memory not written without them."""
    from dragoman.executor import open_executor

    glossary_name = str(glossary_dir) if glossary_dir else None   # as the workers get it
    header = {"lang": lang, "en": str(en_dir.resolve()), "target": str(target_dir.resolve()),
              "glossary": str(glossary_dir.resolve()) if glossary_dir else None}
    journal = journal_path(out)
    resuming = _read_journal(journal, header)
    done = resuming.done if resuming else {}
    pairing, articles = _read_and_pair(en_dir, target_dir, lang, _glossary(glossary_name))
    failed: list[DragomanError] = []
    resumed = sum(1 for en, t in pairing.pairs if (str(en), str(t)) in done)
    todo = [(en, t) for en, t in pairing.pairs if (str(en), str(t)) not in done]
    total = len(pairing.pairs)
    out.parent.mkdir(parents=True, exist_ok=True)
    if resuming:
        os.truncate(journal, resuming.whole)    # (a cut last line goes)
    with open(journal, "a" if resuming else "w", encoding="utf-8") as log:
        if not resuming:
            log.write(json.dumps(header) + "\n")
        if progress:
            progress(resumed, total)
        if todo:
            with open_executor(jobs, scheduler) as executor:
                futures = {executor.submit(align_pair, articles[en], articles[t], lang,
                                           glossary_name): (en, t) for en, t in todo}
                articles.clear()    # (each job holds its two reports, until it is done)
                try:
                    for count, future in enumerate(as_completed(futures), resumed + 1):
                        en, t = futures[future]
                        try:
                            pairs = future.result()
                        except DragomanError as exc:
                            failed.append(DragomanError(f"not aligned with {en}: {exc}", t))
                            continue
                        done[str(en), str(t)] = pairs
                        log.write(json.dumps({"en": str(en), "target": str(t), "pairs": pairs},
                                             ensure_ascii=False) + "\n")
                        log.flush()
                        if progress:
                            progress(count, total)
                except BaseException:
                    # (Ctrl-C: the jobs not done would never reach the journal; not waited for.)
                    executor.stop()
                    raise
    ErrorList.raise_if_any(failed)  # (the journal kept: the next run aligns only those again)
    # (In the order of the pairing, not of the jobs' ends: the same memory from any run.)
    aligned = [(str(en), str(t)) for en, t in pairing.pairs if (str(en), str(t)) in done]
    catalog = output.compendium(
        ((Pair(*p), relative(en, en_dir)) for en, t in aligned for p in done[en, t]),
        lang, threshold)
    output.write(out, catalog, lang)
    journal.unlink()
    fuzzy = sum(1 for m in catalog.messages if m.fuzzy)
    return ArchiveReport(len(aligned), resumed, len(catalog.messages), fuzzy, pairing.unpaired,
                         resuming.cut_line if resuming else None)


def _read_and_pair(en_dir: Path, target_dir: Path, lang: str,
                   glossary) -> tuple[Pairing, dict[Path, Article]]:
    """The pairing of the reports of both folders, and the reports, each read once; every
    report that cannot be read is named (an ErrorList), before the run writes anything."""
    from dragoman.readers import discover, read_article

    articles: dict[Path, Article] = {}
    unreadable: list[InputError] = []

    def described(folder: Path, code: str) -> list[Report]:
        anchors = Anchors(code, glossary_names(glossary, code))
        reports = []
        for path in discover(folder):
            try:
                articles[path] = read_article(path, code)
            except InputError as exc:
                unreadable.append(exc)
                continue
            reports.append(describe(articles[path], anchors))
        return reports

    english = described(en_dir, "en")
    translations = described(target_dir, lang)
    ErrorList.raise_if_any(unreadable)
    return pair_reports(english, translations), articles

