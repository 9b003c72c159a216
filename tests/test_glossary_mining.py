"""Target terms from the newsroom's translations (glossary/mining.py) and ``glossary verify``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dragoman import config
from dragoman.cli import cli
from dragoman.glossary import load_glossary
from dragoman.glossary.mining import (PairIndex, _display, finder_glossary, name_similarity,
                                      pair_indexes, stem, verify)
from dragoman.memory import Unit


def test_stems_drop_clitics_and_endings_as_the_match_keys_do():
    assert stem("بالحسكة", "ar") == stem("الحسكة", "ar") == stem("والحسكة", "ar")
    assert stem("Hesekê", "kmr") == stem("Hesekeyê", "kmr") == stem("Heseke", "kmr")
    assert stem("حەسەکەدا", "ckb") == stem("حەسەکە", "ckb") == stem("حەسەکەی", "ckb")
    assert _display(["بالحسكة"], "ar") == "الحسكة"
    assert _display(["للحسكة"], "ar") == "الحسكة"
    assert _display(["لبنان"], "ar") == "لبنان"  # a name starting with ل keeps it


def test_script_forms_are_compared_with_the_english_name():
    assert name_similarity("القامشلي", "ar", ["Al-Qamishli"]) > 0.9
    assert name_similarity("قامشلۆ", "ckb", ["Al-Qamishli"]) > 0.8
    assert name_similarity("Qamişlo", "kmr", ["Al-Qamishli"]) > 0.8
    assert name_similarity("حلب", "ar", ["Al-Qamishli"]) < 0.5


def _units(pairs):
    return [Unit(source, target, f"memo:{n}") for n, (source, target) in enumerate(pairs, 1)]


def test_the_word_that_comes_with_a_name_is_proposed_with_evidence():
    glossary = load_glossary(Path(__file__).resolve().parent / "data" / "glossary")
    finder = finder_glossary(glossary, {"ghweiran": ["Ghweiran prison", "Ghweran prison"]})
    units = _units([
        ("Detainees rioted in Ghweiran prison.", "تمرد معتقلون في سجن غويران."),
        ("ISIS attacked Ghweran prison in Al-Hasakah.", "هاجم داعش سجن غويران في الحسكة."),
        ("The SDF besieged Ghweiran prison.", "حاصرت قسد سجن الغويران."),
        ("Clashes in Al-Hasakah.", "اشتباكات في الحسكة."),
    ])
    index = PairIndex(finder, units, "ar")
    proposals = index.propose("ghweiran", ["Ghweiran prison", "Ghweran prison"])
    assert proposals[0].term == "سجن غويران"
    assert proposals[0].pairs == 3 and proposals[0].example_origin == "memo:1"  # سجن الغويران too
    assert "translated pair(s)" in proposals[0].evidence()


def test_concepts_get_the_terms_the_sample_translations_use(sample_workspace):
    workspace = config.load(sample_workspace)
    glossary = load_glossary(sample_workspace / "glossary")
    indexes = pair_indexes(finder_glossary(glossary), workspace)
    found = {}
    for concept in ("al-hasakah-city", "al-qamishli"):
        names = [t.term for t in glossary.concept(concept).terms_in("en")]
        found[concept] = {lang: index.propose(concept, names) for lang, index in indexes.items()}
    assert found["al-hasakah-city"]["ar"][0].term == "الحسكة"
    assert found["al-hasakah-city"]["ckb"][0].term == "حەسەکە"
    assert found["al-qamishli"]["ar"][0].term == "القامشلي"


def test_verify_tells_used_other_and_untranslated(sample_workspace):
    glossary_dir = sample_workspace / "glossary"
    places = glossary_dir / "places.tsv"
    text = places.read_text("utf-8").replace("al-qamishli\tar\tالقامشلي\tpreferred",
                                             "al-qamishli\tar\tقامشلو\tpreferred")
    text = text.replace("al-qamishli\tar\tقامشلو\tadmitted", "al-qamishli\tar\tالقامشلي\tadmitted")
    places.write_text(text, "utf-8")
    workspace = config.load(sample_workspace)
    verdicts = {(v.concept, v.lang): v for v in verify(load_glossary(glossary_dir), workspace)}
    assert verdicts[("al-hasakah-city", "ar")].state == "used"
    other = verdicts[("al-qamishli", "ar")]
    assert other.state == "other" and other.others[0][0] == "القامشلي" and other.uses == 0
    assert other.proposed[0].term == "القامشلي" and other.proposed[0].pairs == other.pairs
    assert verdicts[("deir-ezzor-city", "kmr")].state == "untranslated"
    result = CliRunner().invoke(cli, ["glossary", "verify", "-C", str(sample_workspace),
                                      "--lang", "ar", "--format", "json"])
    assert result.exit_code == 1
    data = {(d["concept"], d["lang"]): d for d in json.loads(result.stdout)}
    assert data[("al-qamishli", "ar")]["others"][0]["term"] == "القامشلي"
    text_result = CliRunner().invoke(cli, ["glossary", "verify", "-C", str(sample_workspace),
                                           "--concept", "al-hasakah-city"])
    assert text_result.exit_code == 0
    assert "al-hasakah-city ckb حەسەکە: used: written in" in text_result.stdout
