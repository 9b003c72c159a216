"""``dragoman check`` side by side with translate-toolkit's pofilter on a seeded Arabic catalog.

The catalog (``tests/data/checks/seeded-ar.po``) says in each entry's translator comment what
a check must report: ``expect: numbers`` for a seeded error, ``expect: none`` for a clean entry
written in Arabic house style (Arabic-Indic digits, «» quotes, ، ؛ ؟, clitics before names).
Both tools run on it; a pofilter alarm is matched to dragoman's check ids through
:data:`POFILTER_TO_DRAGOMAN`. Reported:

* seeded errors found by each tool (an error counts for pofilter when one of its alarms on the
  entry is the same kind of problem);
* alarms on clean house-style entries (false alarms);
* other pofilter alarms on seeded entries that are not the seeded error (incidental);
* time for both on the catalog repeated to ``BENCH_ENTRIES`` entries (default 20,000).

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

REPO = Path(__file__).resolve().parent.parent
SEEDED = REPO / "tests" / "data" / "checks" / "seeded-ar.po"
GLOSSARY = REPO / "tests" / "data" / "checks" / "glossary.tsv"
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "20000"))

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


if __name__ == "__main__":
    main()
