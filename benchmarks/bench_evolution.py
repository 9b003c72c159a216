"""Catalog merges on real template evolution: released Arabic, Sorani and Kurmanji catalogs.

For consecutive releases of PyPI packages that ship ar/ckb/ku/kmr catalogs (downloaded at
bench time by :mod:`benchmarks.released`; nothing is committed), each catalog of the older
release is merged with the template of the newer one (the newer catalog with its
translations cleared) by ``msgmerge --previous`` and by ``dragoman catalog merge``, each in a
fresh process per catalog, and by ``dragoman catalog merge --batch`` (all in one command).
The newer release's own translations, made by its translators from such a merge, are the
truth. For each tool:

* suggestions (fuzzy entries with a translation, but for those fuzzy already in the old
  catalog) the translators kept exactly, kept nearly (translations at least 80 % alike,
  Indel similarity), or replaced by something far off; suggestions for entries the next
  release leaves untranslated (or fuzzy) are not judged;
* entries offered nothing whose final translation was in the old catalog;
* outputs ``msgfmt --check`` rejects; wall-clock time in all and per catalog.

The msgmerge loop and ``--batch`` are then timed again in turn, ``BENCH_ROUNDS`` rounds (3),
and the median of the rounds' ratios compares them: on a shared machine, whose speed drifts
for minutes at a time, the two runs of one round meet the same speed.

The batch's work is also timed by phase in this process, one merge after another (CPU
seconds): reading the files (the PO parser), merging, writing.

Only catalogs whose msgids changed between the releases count. ``BENCH_SCALE`` (0..1) keeps
that share of the packages for a quick look; ``BENCH_PACKAGES=Django,wagtail`` picks some.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bench_catalog import _run
from benchmarks.released import ReleaseUnavailable, catalogs

#: Consecutive releases (oldest first) of packages that ship catalogs in our languages.
RELEASES = {
    "Django": ["4.2", "5.0", "5.1", "5.2"],
    "wagtail": ["6.2", "6.3", "6.4", "7.0"],
    "Weblate": ["5.9.2", "5.10", "5.11", "5.12.1", "5.13", "5.14"],
    "Sphinx": ["7.3.0", "7.4.0", "8.0.0", "8.1.0", "8.2.0"],
    "pretix": ["2026.5.0", "2026.6.0", "2026.7.0"],
    "django-allauth": ["65.9.0", "65.10.0", "65.11.0"],
    "plone.app.locales": ["6.0.28", "6.0.29", "6.0.30", "6.0.31", "6.1.0", "7.0.0"],
    "django-import-export": ["4.3.5", "4.3.6", "4.3.7"],
    "django-countries": ["7.5.1", "7.6", "7.6.1"],
    "django-cms": ["3.11.10", "4.1.0", "4.1.4", "5.0.0", "5.1.0"],
    "django-oscar": ["3.1", "3.2", "3.2.5", "4.0", "4.1"],
    "horizon": ["23.0.2", "24.0.0", "25.0.0", "25.1.0", "26.0.0", "27.0.0"],
}
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
#: Rounds in which the msgmerge loop and --batch are timed in turn.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
#: Translations at least this alike (0..100) count as a suggestion kept nearly.
NEAR = 80


@dataclass
class Score:
    exact: int = 0
    near: int = 0
    far: int = 0
    unjudged: int = 0
    missed: int = 0  # offered nothing, while the old catalog held the final translation
    rejected: int = 0  # outputs msgfmt --check rejects
    times: list[tuple[float, float]] = field(default_factory=list)  # (wall, CPU) per catalog

    @property
    def kept(self) -> int:
        return self.exact + self.near


def _updates(names: list[str]) -> list[tuple[str, Path, Path]]:
    """(label, old catalog, new catalog) of every catalog whose msgids changed."""
    from dragoman.catalog.po import read_po

    found = []
    for name in names:
        versions = RELEASES[name]
        for old_version, new_version in zip(versions, versions[1:]):
            try:
                old = catalogs(f"{name}=={old_version}")
                new = catalogs(f"{name}=={new_version}")
            except ReleaseUnavailable as exc:
                print(f"  (left out: {exc})", flush=True)
                continue
            for inside in sorted(old.keys() & new.keys()):
                keys = [{(m.msgctxt, m.msgid, m.msgid_plural) for m in read_po(path).messages
                         if not m.obsolete} for path in (old[inside], new[inside])]
                if keys[0] != keys[1]:
                    found.append((f"{name} {old_version}->{new_version} {inside}",
                                  old[inside], new[inside]))
    return found


def _template(new: Path) -> str:
    """The template the newer catalog was merged from: its entries, translations cleared."""
    from dragoman.catalog.po import Catalog, Message, read_po, render_po

    catalog = read_po(new)
    header = {k: v for k, v in catalog.header.items()
              if k not in ("Language", "Plural-Forms", "Last-Translator", "Language-Team")}
    return render_po(Catalog(header, [
        Message(msgid=m.msgid, msgctxt=m.msgctxt, msgid_plural=m.msgid_plural,
                msgstr_plural=["", ""] if m.msgid_plural is not None else [],
                flags=[f for f in m.flags if f != "fuzzy"],
                extracted_comments=list(m.extracted_comments), references=list(m.references))
        for m in catalog.messages if not m.obsolete and m.msgid]))


def _text(message) -> tuple[str, ...]:
    return tuple(message.msgstr_plural) if message.msgid_plural is not None else (message.msgstr,)


def _score(score: Score, merged: Path, old: Path, truth: Path) -> None:
    from rapidfuzz import fuzz

    from dragoman.catalog.po import read_po

    final = {m.key: m for m in read_po(truth).messages if not m.obsolete and m.translated}
    old_entries = read_po(old).messages
    before = {_text(m) for m in old_entries if m.has_translation}
    # (An entry already fuzzy in the old catalog is carried as it was: no suggestion of this
    # merge.)
    carried = {(m.key, _text(m)) for m in old_entries if m.fuzzy and not m.obsolete}
    for entry in read_po(merged).messages:
        if entry.obsolete or not entry.msgid or (entry.key, _text(entry)) in carried:
            continue
        right = final.get(entry.key)
        if entry.fuzzy and entry.has_translation:
            if right is None:
                score.unjudged += 1
            elif _text(entry) == _text(right):
                score.exact += 1
            elif fuzz.ratio("\n".join(_text(entry)), "\n".join(_text(right))) >= NEAR:
                score.near += 1
            else:
                score.far += 1
        elif not entry.has_translation and right is not None and _text(right) in before:
            score.missed += 1


def _phases(merges: list[tuple[Path, Path, Path]]) -> dict[str, float]:
    """CPU seconds of the batch's merges ``(catalog, template, output)`` in this process, one
    after another, by phase: reading both files, merging, writing (as ``--batch`` runs them,
    the cyclic garbage collector paused)."""
    from dragoman.bulk import collection_paused
    from dragoman.catalog.merge import update
    from dragoman.catalog.po import read_po, write_po

    spent = dict.fromkeys(("reading", "merging", "writing"), 0.0)
    for po, pot, out in merges:
        with collection_paused():
            start = time.process_time()
            old, template = read_po(po), read_po(pot)
            read = time.process_time()
            merged = update(old, template, old.header.get("Language", ""))
            done = time.process_time()
            write_po(out, merged)
        spent["reading"] += read - start
        spent["merging"] += done - read
        spent["writing"] += time.process_time() - done
    return spent


def _rejected(path: Path) -> bool:
    return subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)],
                          capture_output=True).returncode != 0


def main() -> None:
    chosen = os.environ.get("BENCH_PACKAGES")
    names = chosen.split(",") if chosen else list(RELEASES)
    names = names[:max(1, round(len(names) * SCALE))]
    updates = _updates(names)
    if not updates:
        raise SystemExit("no release could be downloaded")
    dragoman = [str(Path(sys.executable).with_name("dragoman"))]
    tools = {"msgmerge": Score(), "dragoman": Score()}
    with tempfile.TemporaryDirectory(prefix="bench-evolution-") as tmp:
        work = Path(tmp)
        batch = []
        for i, (_, old, new) in enumerate(updates):
            shutil.copyfile(old, work / f"{i}.po")
            (work / f"{i}.pot").write_text(_template(new), "utf-8")
            batch.append(f"{work / f'{i}.po'}\t{work / f'{i}.pot'}\t{work / f'{i}.batch.po'}")
        (work / "batch.tsv").write_text("\n".join(batch) + "\n", "utf-8")
        entries = 0
        loop = []  # the msgmerge commands
        for i, (label, old, new) in enumerate(updates):
            po, pot = work / f"{i}.po", work / f"{i}.pot"
            commands = {
                "msgmerge": ["msgmerge", "--quiet", "--previous", "-o", str(work / f"{i}.msgmerge.po"),
                             str(po), str(pot)],
                "dragoman": [*dragoman, "catalog", "merge", str(po), str(pot), "-o",
                             str(work / f"{i}.dragoman.po")],
            }
            loop.append(commands["msgmerge"])
            for name, argv in commands.items():
                tools[name].times.append(_run(argv))
                out = work / f"{i}.{name}.po"
                _score(tools[name], out, old, new)
                tools[name].rejected += _rejected(out)
            entries += pot.read_text("utf-8").count("\nmsgid ")
        rounds = []  # (msgmerge loop wall s, --batch wall s, --batch CPU s)
        for _ in range(ROUNDS):
            loop_time = sum(_run(argv)[0] for argv in loop)
            rounds.append((loop_time, *_run([*dragoman, "catalog", "merge", "--batch",
                                              str(work / "batch.tsv")])))
        same = all((work / f"{i}.batch.po").read_bytes() == (work / f"{i}.dragoman.po").read_bytes()
                   for i in range(len(updates)))
        phases = _phases([(work / f"{i}.po", work / f"{i}.pot", work / f"{i}.phases.po")
                          for i in range(len(updates))])

    packages = sorted({label.split()[0] for label, _, _ in updates})
    print(f"{len(updates)} catalog updates ({entries:,} template entries) from "
          f"{len(packages)} packages: {', '.join(packages)}")
    print(f"{'':10} {'kept':>6} {'exact':>6} {'near':>6} {'far':>6} {'unjudged':>8} "
          f"{'missed':>6} {'rejected':>8} {'wall s':>7} {'cpu s':>7} {'median s':>8}")
    for name, score in tools.items():
        print(f"{name:10} {score.kept:6} {score.exact:6} {score.near:6} {score.far:6} "
              f"{score.unjudged:8} {score.missed:6} {score.rejected:8} "
              f"{sum(w for w, _ in score.times):7.2f} {sum(c for _, c in score.times):7.2f} "
              f"{statistics.median(w for w, _ in score.times):8.3f}")
    batch_time = statistics.median(wall for _, wall, _ in rounds)
    batch_cpu = statistics.median(cpu for _, _, cpu in rounds)
    print(f"{'--batch':10} {'':6} {'':6} {'':6} {'':6} {'':8} {'':6} {'':8} {batch_time:7.2f} "
          f"{batch_cpu:7.2f}   (one command, median of {len(rounds)} runs; outputs "
          f"{'identical to' if same else 'DIFFERENT from'} the one-at-a-time ones)")
    work_time = sum(phases.values())
    print("--batch's work, one merge after another in one process (CPU s): " + ", ".join(
        f"{phase} {seconds:.2f} ({seconds / work_time:.0%})" for phase, seconds in phases.items()))
    ours, theirs = tools["dragoman"], tools["msgmerge"]
    loop_time = sum(w for w, _ in theirs.times)
    ratio = statistics.median(loop_wall / wall for loop_wall, wall, _ in rounds)
    print(f"kept: {ours.kept} vs {theirs.kept} ({ours.kept - theirs.kept:+d}); "
          f"far-off: {ours.far / max(theirs.far, 1):.2f}x msgmerge's; "
          f"time: msgmerge loop / dragoman --batch = {ratio:.2f}x (rounds: " + ", ".join(
              f"{loop_wall:.2f} s / {wall:.2f} s" for loop_wall, wall, _ in rounds)
          + f"), / dragoman loop = {loop_time / sum(w for w, _ in ours.times):.2f}x")
    print("targets: more kept than msgmerge "
          f"{'met' if ours.kept > theirs.kept else 'NOT met'}; fewer than half its far-off "
          f"{'met' if ours.far * 2 < theirs.far else 'NOT met'}; --batch faster than a msgmerge "
          f"loop {'met' if ratio > 1 else 'NOT met'}")
