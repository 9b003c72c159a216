"""Gazetteer import: candidate concepts from a GeoNames dump.

Reads the main table (``allCountries.txt`` or a country file such as ``SY.txt``: 19
tab-separated columns, one place a line) and, when given, ``alternateNamesV2.txt`` (10
columns: alternateNameId, geonameid, isolanguage, alternate name, isPreferredName,
isShortName, isColloquial, isHistoric, from, to; the 8-column file of older dumps too). Each
place gives a concept: its English name as the preferred term (written with the glossary's
article convention), its other Latin spellings as variants (admitted where GeoNames marks them
preferred or short, else deprecated; historic names and spellings of another name left out),
and its Arabic, Sorani and Kurmanji names as target terms (GeoNames' bare ``ku`` is Kurmanji:
``kmr``; a ``ku`` name in Arabic script is Sorani), each with ``GeoNames <id>`` as its source.

A place the glossary already names (by a term or a spelling the lint would tie to it) enriches
that concept with the rows it lacks: never a second concept, never a spelling another concept
claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz import fuzz

from dragoman.errors import GlossaryError
from dragoman.glossary.discover import house_form
from dragoman.glossary.keys import match_key, without_marks
from dragoman.glossary.lint import variant_index
from dragoman.glossary.model import TARGET_LANGUAGES, Glossary, Term, concept_id_for
from dragoman.glossary.tsv import render_terms
from dragoman.glossary.variants import skeleton
from dragoman.rulefiles import rule_rows

MAIN_COLUMNS = 19
#: Feature classes imported: administrative areas, populated places, water, spots
#: (prisons, dams, airports...), areas and terrain.
FEATURE_CLASSES = frozenset("APHSLT")
#: A Latin alternate name this close (0-100, folded skeletons) to the English name is one of
#: its spellings; farther, it is another name (Callinicum for Raqqa) and is left out.
MIN_SPELLING_SIMILARITY = 70
_LANGUAGES = {"ar": "ar", "ckb": "ckb", "ku": "kmr", "kmr": "kmr", "en": "en"}
#: isolanguage codes that are not languages (links, codes, postal codes...).
_NOT_NAMES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "abbr", "unlc", "tcid", "phon"})
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
_SORANI_LETTER = re.compile(r"[ەڕۆێڵڤگچژپ]")


@dataclass
class Place:
    """One row of the main table (what the import needs of it)."""

    id: str
    name: str
    ascii_name: str
    alternate_names: list[str]
    feature_class: str
    feature_code: str
    country: str
    population: int
    line: int = 0
    names: list["AlternateName"] = field(default_factory=list)


@dataclass(frozen=True)
class AlternateName:
    lang: str
    name: str
    preferred: bool = False
    short: bool = False
    colloquial: bool = False
    historic: bool = False


@cache
def _kinds() -> dict[str, str]:
    return {row[0]: row[1] for row in rule_rows("termrules/geonames_kinds.tsv", 2)}


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(number, text without its line break) of each line of a dump file, read a line at a
    time (a dump may be the whole world's); unreadable or non-UTF-8 input is a
    :class:`GlossaryError` naming the file."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror or exc}", path) from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                yield number, line.rstrip("\n\r")
        except UnicodeDecodeError as exc:
            raise GlossaryError(f"not UTF-8 ({exc.reason})", path) from None


def read_places(path: str | Path, country: str | None = None) -> list[Place]:
    """The places of a main-table file (of ``country`` only, when given)."""
    path = Path(path)
    places = []
    for number, line in _lines(path):
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) != MAIN_COLUMNS:
            raise GlossaryError(f"not a GeoNames main table row: expected {MAIN_COLUMNS} "
                                f"tab-separated columns, found {len(cells)}", path, number)
        if country and cells[8].upper() != country.upper():
            continue
        if cells[6] not in FEATURE_CLASSES:
            continue
        population = int(cells[14]) if cells[14].strip().isdigit() else 0
        places.append(Place(cells[0], cells[1], cells[2],
                            [n for n in cells[3].split(",") if n.strip()],
                            cells[6], cells[7], cells[8], population, number))
    return places


def read_alternate_names(path: str | Path, places: Iterable[Place]) -> None:
    """Attach the rows of an alternate-names file to ``places`` (only the places' rows are
    kept)."""
    path = Path(path)
    by_id = {p.id: p for p in places}
    for number, line in _lines(path):
        cells = line.split("\t")
        if len(cells) < 4:
            if line.strip():
                raise GlossaryError("not a GeoNames alternate-names row: expected at least 4 "
                                    f"tab-separated columns, found {len(cells)}", path, number)
            continue
        place = by_id.get(cells[1])
        if place is None or cells[2] in _NOT_NAMES:
            continue
        flag = lambda i: len(cells) > i and cells[i] == "1"  # noqa: E731
        place.names.append(AlternateName(cells[2], cells[3].strip(), flag(4), flag(5), flag(6), flag(7)))


def _latin(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(without_marks(c).isascii() for c in letters)


def _target_lang(alternate: AlternateName) -> str | None:
    """The glossary language of a non-English alternate name, or ``None``."""
    lang = _LANGUAGES.get(alternate.lang.split("-")[0].lower())
    if lang == "kmr" and _ARABIC_LETTER.search(alternate.name):
        return "ckb"  # Kurdish in Arabic script is Sorani
    if lang in ("ar", "ckb") and not _ARABIC_LETTER.search(alternate.name):
        return None
    return lang


def _english_name(place: Place) -> str:
    english = [a for a in place.names if a.lang == "en" and not a.historic and _latin(a.name)]
    chosen = next((a.name for a in english if a.preferred), None) or (english[0].name if english else None)
    name = chosen or place.ascii_name or place.name
    return house_form(name.replace("`", "'").replace("’", "'").replace("‘", "'"))


def _spelling_like(name: str, english: str) -> bool:
    one, other = skeleton(name), skeleton(english)
    return bool(one) and bool(other) and fuzz.ratio(one, other) >= MIN_SPELLING_SIMILARITY


def candidate_rows(place: Place) -> list[Term]:
    """The glossary rows GeoNames gives for one place (concept id still to be chosen)."""
    source = f"GeoNames {place.id}"
    kind = _kinds().get(place.feature_code, "place")
    english = _english_name(place)
    rows = [Term("", "en", english, "preferred", kind, source)]
    seen = {("en", match_key(english, "en"))}
    latin: list[tuple[str, bool]] = []
    if place.names:
        for alternate in place.names:
            if alternate.historic or alternate.colloquial:
                continue
            if alternate.lang in ("", "en") or (_latin(alternate.name) and alternate.lang not in _LANGUAGES):
                latin.append((alternate.name, alternate.preferred or alternate.short))
    else:
        latin = [(name, False) for name in place.alternate_names]
    latin = [(place.ascii_name, False), (place.name, False), *latin]
    for name, approved in latin:
        name = name.strip()
        if not _latin(name) or not any(c.isupper() for c in name) or not _spelling_like(name, english):
            continue
        key = ("en", match_key(name, "en"))
        if key in seen:
            continue
        seen.add(key)
        rows.append(Term("", "en", name, "admitted" if approved else "deprecated", kind, source))
    targets = [(lang, a.name, a.preferred) for a in place.names
               if not a.historic and (lang := _target_lang(a)) in TARGET_LANGUAGES]
    if not place.names:  # the main table's names carry no language: Arabic script only
        targets = [("ckb" if _SORANI_LETTER.search(n) else "ar", n, False)
                   for n in place.alternate_names if _ARABIC_LETTER.search(n)]
    targets.sort(key=lambda t: not t[2])  # GeoNames' preferred name first
    for lang, name, _ in targets:
        key = (lang, match_key(name, lang))
        if key in seen:
            continue
        status = "admitted" if any(r.lang == lang for r in rows) else "preferred"
        seen.add(key)
        rows.append(Term("", lang, name.strip(), status, kind, source))
    return rows


def _matching_concept(glossary: Glossary, rows: list[Term], kind: str) -> str | None:
    """The glossary concept a place is, if its English names name exactly one (a place of
    the governorate's rank prefers the governorate)."""
    index = variant_index(glossary)
    found: list[str] = []
    for row in (r for r in rows if r.lang == "en"):
        for match in glossary.find(row.term, "en"):
            if match.start == 0 and match.end == len(row.term):
                found.append(match.concept)
        variant = index.lookup(row.term)
        if variant:
            found.append(variant.term.concept)
    concepts = list(dict.fromkeys(found))
    if len(concepts) > 1:
        same_rank = [c for c in concepts if (glossary.concept(c).kind == "governorate") == (kind == "governorate")]
        concepts = same_rank or concepts
    return concepts[0] if concepts else None


def import_geonames(glossary: Glossary, places: list[Place]) -> list[Term]:
    """New glossary rows for ``places``: whole concepts for places the glossary lacks,
    missing rows for the concepts it has. No spelling is given twice or to two concepts."""
    taken = {(t.lang, match_key(t.term, t.lang)) for lang in glossary.languages for t in glossary.terms(lang)}
    ids = set(glossary.concepts)
    out: list[Term] = []
    for place in places:
        rows = candidate_rows(place)
        kind = rows[0].kind
        existing = _matching_concept(glossary, rows, kind)
        if existing:
            concept_id = existing
            have = {t.lang for t in glossary.concept(existing).terms if t.status == "preferred"}
            have |= {t.lang for t in out if t.concept == existing and t.status == "preferred"}
        else:
            concept_id = _concept_id(rows[0].term, place.id, ids)
            have = set()
        ids.add(concept_id)
        added = []
        for row in rows:
            key = (row.lang, match_key(row.term, row.lang))
            if key in taken:
                continue
            status = row.status
            if status == "preferred" and row.lang in have:
                status = "admitted"
            if row.lang != "en" or existing is None or status != "preferred":
                added.append(Term(concept_id, row.lang, row.term, status,
                                  glossary.concept(existing).kind if existing else row.kind, row.note))
                taken.add(key)
                if status == "preferred":
                    have.add(row.lang)
        out.extend(added)
    return out


def _concept_id(name: str, place_id: str, ids: set[str]) -> str:
    base = concept_id_for(without_marks(name)) or f"geonames-{place_id}"
    return base if base not in ids else f"{base}-{place_id}"


def render_rows(rows: list[Term]) -> str:
    """Rows as a glossary TSV file (header first): saved in the glossary folder it adds to
    the concepts of the other files."""
    return render_terms(rows, "candidate concepts imported from GeoNames (data CC BY 4.0, "
                        "geonames.org); review before committing")
