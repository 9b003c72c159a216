"""Discovery of names the glossary does not cover (glossary/discover.py) and the
``glossary discover`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from click.testing import CliRunner

from dragoman.cli import cli
from dragoman.glossary import load_glossary
from dragoman.glossary.discover import discover, group, house_form, names_in_text, scan
from dragoman.glossary.tsv import parse_tsv, HEADER

REPO = Path(__file__).resolve().parent.parent

REPORTS = {
    "a.txt": ("Clashes erupted near Ghweiran prison in al-Hasakah on Monday. The Syrian Arab Army "
              "(SAA) shelled Abu Rasin, and residents fled to al-Arisha.\n\n"
              "Water from the Alouk water station stopped again, SOHR said. Mahmoud al-Akla said "
              "the SAA withdrew towards Baghouz.\n"),
    "b.txt": ("Detainees in Ghweran prison and Ghweiran prison rioted. The village of Dhiban and al-Baghuz were shelled by the "
              "SAA, as was Al-Arisha.\n\nThe Allouk water station and Ghuweyran prison are in "
              "al-Hasakah countryside. In January, Turkish forces launched Operation Peace Spring. "
              "Villagers of Dhiban and Abu Rasin fled, and the Aqidat tribe met in Al-Hasan.\n"),
}


@pytest.fixture
def small_glossary():
    """A glossary that does not know the names of the reports (the test data's)."""
    return load_glossary(REPO / "tests" / "data" / "glossary")


@pytest.fixture
def reports(tmp_path):
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, "utf-8")
    return sorted(tmp_path.glob("*.txt"))


def _by_name(proposals):
    return {p.preferred: p for p in proposals}


def test_names_are_found_with_their_kind_and_covered_names_are_not(small_glossary):
    found, definitions, acronyms = names_in_text(small_glossary, REPORTS["a.txt"])
    names = {spelling: kind for _, _, spelling, kind in found}
    assert names["Ghweiran prison"] == "facility"
    assert names["Alouk water station"] == "facility"
    assert names["Syrian Arab Army"] == "armed-group"
    assert {"Abu Rasin", "al-Arisha", "Baghouz"} <= set(names)
    # glossary names, persons, sentence starts, days, acronyms are never candidates
    assert not set(names) & {"al-Hasakah", "Al-Hasakah", "Mahmoud al-Akla", "Clashes", "Monday",
                             "Water", "SOHR", "SAA"}
    assert definitions == {"SAA": "Syrian Arab Army"}


def test_spellings_of_one_name_are_grouped_and_different_places_are_not(small_glossary, reports):
    proposals = _by_name(discover(small_glossary, reports, min_count=1))
    prison = proposals["Ghweiran prison"]
    assert prison.kind == "facility" and prison.count == 4 and len(prison.files) == 2
    assert {t for t, _ in prison.variants} == {"Ghweiran prison", "Ghweran prison", "Ghuweyran prison"}
    assert {t for t, _ in proposals["Baghouz"].variants} == {"Baghouz", "Al-Baghuz"}
    arisha = proposals["Al-Arisha"]  # the house form: a leading article written Al-
    assert arisha.variants == [("Al-Arisha", 2)]
    army = proposals["Syrian Arab Army"]
    assert dict(army.variants)["SAA"] == 3 and army.count == 4
    assert "Al-Hasan" in proposals and "Al-Hasan" not in [t for p in proposals.values() for t, _ in p.variants
                                                         if p.preferred != "Al-Hasan"]
    assert proposals["Peace Spring"].kind == "operation"
    assert proposals["Aqidat tribe"].kind == "tribe"
    assert proposals["Dhiban"].kind == "village"
    assert not {"Mahmoud al-Akla", "January", "Turkish", "Operation Peace Spring"} & set(proposals)


def test_min_count_keeps_names_mentioned_often_enough(small_glossary, reports):
    proposals = _by_name(discover(small_glossary, reports, min_count=2))
    assert "Ghweiran prison" in proposals and "Aqidat tribe" not in proposals


def test_house_form_follows_the_glossary_article_convention():
    assert house_form("al-Arisha") == "Al-Arisha"
    assert house_form("Al Busayrah") == "Al-Busayrah"
    assert house_form("Ad Darbasiyah") == "Al-Darbasiyah"
    assert house_form("Ras Al Ain") == "Ras al-Ain"
    assert house_form("Baghouz") == "Baghouz"


def test_worker_processes_give_what_one_process_gives(small_glossary, tmp_path):
    paths = []
    for number in range(70):
        path = tmp_path / f"r{number}.txt"
        path.write_text(REPORTS["ab"[number % 2] + ".txt"], "utf-8")
        paths.append(path)
    seen = []
    parallel = group(scan(small_glossary, paths, jobs=2, progress=lambda done, total: seen.append((done, total))))
    serial = group(scan(small_glossary, paths, jobs=1))
    assert [p.to_dict() for p in parallel] == [p.to_dict() for p in serial]
    total = sum(path.stat().st_size for path in paths)
    assert seen[-1] == (total, total)  # (progress counts the files' bytes)


def test_the_sample_workspace_proposes_nothing_the_glossary_covers(sample_workspace):
    result = CliRunner().invoke(cli, ["glossary", "discover", "-C", str(sample_workspace),
                                      "--min-count", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    glossary = load_glossary(sample_workspace / "glossary")
    for proposal in json.loads(result.stdout):
        for variant in proposal["variants"]:
            assert not glossary.find(variant["term"], "en")


def test_discover_command_formats(reports, sample_workspace):
    runner = CliRunner()
    args = ["glossary", "discover", "-C", str(sample_workspace), "--glossary",
            str(REPO / "tests" / "data" / "glossary"), *map(str, reports)]
    data = json.loads(runner.invoke(cli, [*args, "--format", "json"]).stdout)
    prison = next(p for p in data if p["preferred"] == "Ghweiran prison")
    assert set(prison) == {"preferred", "kind", "count", "files", "variants", "targets"}
    assert prison["count"] == 4 and {"term": "Ghweran prison", "count": 1} in prison["variants"]
    tsv = runner.invoke(cli, [*args, "--format", "tsv", "--no-targets"]).stdout
    rows = [line.split("\t") for line in tsv.splitlines() if not line.startswith("#")]
    assert ["ghweiran-prison", "en", "Ghweiran prison", "preferred", "facility",
            "proposed: 4 mentions in 2 files"] in rows
    assert any(r[2] == "Ghweran prison" and r[3] == "deprecated" for r in rows)
    # ready to append: the rows load after the glossary's header
    parse_tsv(HEADER + "\n" + tsv)
    text = runner.invoke(cli, [*args, "--no-targets"])
    assert "Ghweiran prison (facility): 4 mention(s) in 2 file(s)" in text.stdout
    assert "a.txt:1" in text.stdout


def test_discover_reports_an_unreadable_file_and_goes_on(reports, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Caf\xe9 Ghweiran prison")
    result = CliRunner().invoke(cli, ["glossary", "discover", "--no-targets", "--glossary",
                                      str(REPO / "tests" / "data" / "glossary"), *map(str, reports), str(bad)])
    assert result.exit_code == 2
    assert "bad.txt" in result.stderr and "not UTF-8" in result.stderr
    assert "Ghweiran prison" in result.stdout


def test_the_shipped_glossary_covers_the_names_of_the_reports(reports):
    """What discovery finds in these reports is what the small_glossary glossary has grown by."""
    proposals = discover(load_glossary(REPO / "glossary"), reports, min_count=1)
    assert [p.preferred for p in proposals] == ["Al-Hasan"]  # another place, not Al-Hasakah


def test_persons_are_told_from_places_and_bodies(small_glossary):
    text = ("US envoy Brett McGurk met officials in Ain Diwar. Geir Pedersen told reporters that "
            "Abu Mohammed al-Jolani left Tal Hamis. Human Rights Watch and the Olive Branch "
            "operation were named.")
    names = {spelling for _, _, spelling, _ in names_in_text(small_glossary, text)[0]}
    assert {"Ain Diwar", "Tal Hamis", "Human Rights Watch", "Olive Branch"} <= names
    assert not names & {"Brett McGurk", "Geir Pedersen", "Abu Mohammed al-Jolani", "Rights Watch"}


def test_discovered_names_get_target_terms_from_the_translations(reports, sample_workspace):
    catalog = sample_workspace / "locales" / "ar" / "LC_MESSAGES" / "prison.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ar\\n"\n\n'
        'msgid "Detainees rioted in Ghweiran prison."\nmsgstr "تمرد معتقلون في سجن غويران."\n\n'
        'msgid "ISIS attacked Ghweran prison in Al-Hasakah."\nmsgstr "هاجم داعش سجن غويران في الحسكة."\n',
        "utf-8")
    result = CliRunner().invoke(cli, ["glossary", "discover", "-C", str(sample_workspace), "--glossary",
                                      str(REPO / "tests" / "data" / "glossary"), "--format", "json",
                                      *map(str, reports)])
    assert result.exit_code == 0, result.output
    prison = next(p for p in json.loads(result.stdout) if p["preferred"] == "Ghweiran prison")
    best = prison["targets"]["ar"][0]
    assert best["term"] == "سجن غويران" and best["pairs"] == 2
    assert best["example"]["origin"].endswith("prison.po")


def test_kinds_and_sites_in_real_copy(small_glossary):
    text = ("Turkish forces shelled the villages of Tal Jumaa, Tal Kifji and Um Al-Keif. Tel Tamr "
            "Military Council said the Russian Reconciliation Center in Hmeimim was told.")
    names = {spelling: kind for _, _, spelling, kind in names_in_text(small_glossary, text)[0]}
    assert names["Tal Jumaa"] == names["Tal Kifji"] == names["Um Al-Keif"] == "village"
    assert names["Tel Tamr Military Council"] == "armed-group"
    assert names["Russian Reconciliation Center"] == "organisation"
    glossary = load_glossary(REPO / "glossary")
    assert not names_in_text(glossary, "Water from Allouk station and Thiban stopped.")[0]


_WORDS = st.text(alphabet="abdehiklmnoqrstuyz", min_size=3, max_size=8).map(str.capitalize)


@given(st.sampled_from(["", "Al-", "al-", "Al ", "El-", "Ad "]), _WORDS, st.lists(_WORDS, max_size=2))
def test_house_form_is_stable(article, first, rest):
    name = " ".join([article + first, *rest])
    once = house_form(name)
    assert house_form(once) == once
    assert once.lower().endswith(" ".join([first, *rest]).lower())


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(_WORDS, st.integers(1, 9)), min_size=1, max_size=30))
def test_a_group_never_spans_more_than_two_slips(counted):
    from rapidfuzz.distance import Levenshtein

    from dragoman.glossary.discover import FileNames, Mention
    from dragoman.glossary.variants import skeleton

    mentions = [Mention(name, "", 1) for name, count in counted for _ in range(count)]
    for proposal in group([FileNames("a.txt", mentions, {}, {})], min_count=1):
        keys = {skeleton(term) for term, _ in proposal.variants}
        assert all(Levenshtein.distance(a, b) <= 4 for a in keys for b in keys)
        assert proposal.count == sum(n for _, n in proposal.variants)
