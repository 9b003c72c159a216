"""Translation memory: exact and fuzzy look-ups, CAT bands, the [memory] settings, loading."""

from __future__ import annotations

import pytest

from dragoman.errors import ConfigError
from dragoman.memory import BAND_NAMES, Memory, MemorySettings, Unit, band

UNITS = [
    Unit("Regime forces shelled Daraa on 3 May.", "قصفت قوات النظام درعا في 3 أيار.", "a.po"),
    Unit("Five civilians were killed in Idlib.", "قتل خمسة مدنيين في إدلب.", "b.po"),
    Unit("Turkish forces arrested 12 people in Afrin.", "اعتقلت القوات التركية 12 شخصا في عفرين.",
         "c.po"),
]


def test_exact_match_scores_one_and_names_its_origin():
    hit = Memory(UNITS).lookup("Five civilians were killed in Idlib.")
    assert hit.exact and hit.score == 1.0
    assert hit.unit.origin == "b.po"


def test_fuzzy_match_below_one_even_when_only_case_differs():
    memory = Memory(UNITS)
    hit = memory.lookup("five civilians were killed in idlib.")
    assert hit is not None and not hit.exact and hit.score == 0.99
    edited = memory.lookup("Turkish forces arrested 14 people in Afrin.")
    assert edited.unit.origin == "c.po" and 0.9 < edited.score < 1


def test_nothing_found_below_the_cutoff():
    memory = Memory(UNITS)
    assert memory.lookup("The weather in Aleppo was sunny and warm all week long.") is None
    assert memory.lookup("Five civilians were wounded in Homs.", cutoff=0.95) is None


def test_exclude_hides_units_from_exact_and_fuzzy_lookup():
    memory = Memory(UNITS + [Unit(UNITS[1].source, "ترجمة أخرى", "d.po")])
    hit = memory.lookup(UNITS[1].source, exclude=lambda u: u.origin == "b.po")
    assert hit.unit.origin == "d.po"
    assert memory.lookup("Turkish forces arrested 14 people in Afrin.",
                         exclude=lambda u: u.origin == "c.po") is None


def test_empty_units_are_not_remembered():
    memory = Memory([Unit("x", "", "a.po"), Unit("", "y", "a.po")])
    assert len(memory) == 0


@pytest.mark.parametrize("score,name", [(1.0, "100%"), (0.99, "95-99%"), (0.95, "95-99%"),
                                        (0.9, "85-94%"), (0.75, "75-84%"), (0.5, "50-74%"),
                                        (0.49, "no match"), (None, "no match")])
def test_bands(score, name):
    assert band(score) == name
    assert name in BAND_NAMES


def test_settings_defaults_and_validation():
    assert MemorySettings.from_table(None) == MemorySettings()
    settings = MemorySettings.from_table({"compendia": ["m/{lang}.po"], "exact": "fuzzy"})
    assert settings.compendia == ("m/{lang}.po",) and settings.exact == "fuzzy"
    for bad in ({"exact": "maybe"}, {"compendia": "m.po"}, {"cutoff": 2}, {"tmx_files": []}):
        with pytest.raises(ConfigError):
            MemorySettings.from_table(bad)
