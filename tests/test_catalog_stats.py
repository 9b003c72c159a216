"""Statistics: words, entries, completion, and the open work in translation-memory bands."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dragoman.catalog import Catalog, Message
from dragoman.catalog.stats import catalog_stats, count_words, render_text, totals
from dragoman.cli import cli
from dragoman.memory import BAND_NAMES, Memory, Unit


@pytest.mark.parametrize("text,words", [
    ("Five people were killed.", 4),
    ("The “National Defence Forces” (NDF) withdrew.", 6),
    ('He said <a href="https://x.org/a-b">enough</a> on 15 May.', 6),
    ("SOHR's sources: 1,200 displaced.", 5),
    ("", 0),
])
def test_count_words(text, words):
    assert count_words(text) == words


def _catalog():
    return Catalog({"Language": "ar"}, [
        Message(msgid="Five people were killed.", msgstr="قتل خمسة أشخاص."),
        Message(msgid="Calm returned to the city.", msgstr="عاد الهدوء.", flags=["fuzzy"]),
        Message(msgid="Regime forces shelled Daraa on 3 May.", msgstr=""),
        Message(msgid="An old sentence.", msgstr="جملة قديمة.", obsolete=True),
    ])


def test_counts_and_completion_in_words():
    stats = catalog_stats(_catalog(), "siege", "ar")
    assert (stats.entries, stats.words) == (3, 16)
    assert (stats.translated, stats.translated_words) == (1, 4)
    assert (stats.fuzzy, stats.fuzzy_words) == (1, 5)
    assert (stats.untranslated, stats.untranslated_words) == (1, 7)
    assert stats.completion == pytest.approx(4 / 16)
    assert stats.bands == {}


def test_open_work_in_memory_bands():
    memory = Memory([
        Unit("Regime forces shelled Daraa on 3 May.", "قصفت قوات النظام درعا في 3 أيار.", "a.po"),
        Unit("Calm returned to the town.", "عاد الهدوء إلى البلدة.", "b.po"),
    ])
    stats = catalog_stats(_catalog(), "siege", "ar", memory)
    assert list(stats.bands) == list(BAND_NAMES)
    assert (stats.bands["100%"].entries, stats.bands["100%"].words) == (1, 7)
    fuzzy_bands = [n for n in BAND_NAMES[1:-1] if stats.bands[n].entries]
    assert len(fuzzy_bands) == 1 and stats.bands[fuzzy_bands[0]].words == 5
    assert sum(b.words for b in stats.bands.values()) == stats.untranslated_words + stats.fuzzy_words
    excluded = catalog_stats(_catalog(), "siege", "ar", memory, hidden_origin="a.po")
    assert excluded.bands["100%"].entries == 0


def test_totals_and_text_report():
    memory = Memory([Unit("Five people were killed.", "x", "a.po")])
    items = [catalog_stats(_catalog(), "siege", "ar", memory),
             catalog_stats(_catalog(), "bread", "ar", memory)]
    total = totals(items)["ar"]
    assert total.words == 32 and total.translated_words == 8
    text = render_text(items)
    assert "siege" in text and "bread" in text and "(all)" in text and "25%" in text
    assert "no match" in text


def test_stats_command_text_and_json(sample_workspace):
    runner = CliRunner()
    assert runner.invoke(cli, ["update", "-C", str(sample_workspace)]).exit_code == 0
    result = runner.invoke(cli, ["stats", "-C", str(sample_workspace), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    langs = {item["lang"] for item in data["catalogs"]}
    assert langs == {"ar", "ckb", "kmr"}
    for item in data["catalogs"]:
        assert item["entries"] == item["translated"] + item["fuzzy"] + item["untranslated"]
        assert item["words"] > 0 and 0 <= item["completion"] <= 1
        assert set(item["bands"]) == set(BAND_NAMES)
    assert set(data["totals"]) == langs
    text = runner.invoke(cli, ["stats", "-C", str(sample_workspace), "--lang", "ar"])
    assert text.exit_code == 0 and "ar" in text.output and "ckb" not in text.output


def test_workspace_stats_reports_progress_in_bytes_of_catalogs(sample_workspace):
    from dragoman import config
    from dragoman.catalog.stats import workspace_stats

    ws = config.load(sample_workspace)
    calls = []
    found = workspace_stats(ws, with_memory=False, progress=lambda done, total: calls.append((done, total)))
    sizes = [p.stat().st_size for lang in ws.target_languages
             for p in sorted(ws.po_path(lang, "x").parent.glob("*.po"))]
    assert len(calls) == len(found) == len(sizes)
    assert [done for done, _ in calls] == [sum(sizes[:i]) for i in range(len(sizes))]
    assert {total for _, total in calls} == {sum(sizes)}
