"""The memory's store: the concordance (FTS5) over what the memory holds, and the memory
commands that read it (search, stats, export)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dragoman.cli import cli
from dragoman.memory.store import FileUnits, Store, fts_query


@pytest.mark.parametrize("typed,query", [
    ("security zone", '"security" "zone"'),
    ('"security zone" Hasakah', '"security zone" "Hasakah"'),
    ('NOT OR "AND', '"NOT" "OR" "AND"'),  # (no word is an operator; an odd quote is dropped)
    ("  ", ""),
])
def test_what_a_translator_types_becomes_a_query_of_words_and_phrases(typed, query):
    assert fts_query(typed) == query


def _store(tmp_path) -> Store:
    store = Store(tmp_path / "memory.sqlite3")
    store.units("ar", "a.po", "1/1", lambda: FileUnits(
        ["Shelling hit the security zone in Al-Hasakah.", "Five people were killed."],
        ["قصف طال المربع الأمني في الحسكة.", "قتل خمسة أشخاص."]))
    store.units("ckb", "b.po", "1/1", lambda: FileUnits(
        ["The security zones were closed.", "Zone of security."],
        ["چوارگۆشە ئەمنییەکان داخران.", "ناوچەی ئەمنی."]))
    return store


def test_the_concordance_finds_words_and_phrases_best_first_with_the_matches(tmp_path):
    with _store(tmp_path) as store:
        found = store.search("security zone")
        assert {hit.origin for hit in found} == {"a.po", "b.po"} and len(found) == 3
        phrase = store.search('"security zone"')
        assert [hit.source for hit in phrase] == ["The security zones were closed.",  # (shorter)
                                                   "Shelling hit the security zone in Al-Hasakah."]
        assert [phrase[0].source[a:b] for a, b in phrase[0].matches] == ["security zones"]
        assert [hit.lang for hit in store.search("security zone", "ckb")] == ["ckb", "ckb"]
        assert store.search("Hasakah", limit=1)[0].target == "قصف طال المربع الأمني في الحسكة."
        assert store.search("nowhere") == [] and store.search('""') == []


def test_of_many_matches_the_last_stored_are_ranked(tmp_path, monkeypatch):
    monkeypatch.setattr("dragoman.memory.store.RANKED", 2)
    with _store(tmp_path) as store:
        assert [hit.origin for hit in store.search("security")] == ["b.po", "b.po"]
        assert len(store.search("security", "ar")) == 1


def test_a_changed_file_leaves_the_concordance_with_its_old_units(tmp_path):
    with _store(tmp_path) as store:
        assert store.search("killed")
        store.units("ar", "a.po", "2/2", lambda: FileUnits(["Calm returned."], ["عاد الهدوء."]))
        assert store.search("killed") == [] and store.search("calm")[0].origin == "a.po"
        store.keep_only("ar", [])
        assert store.search("calm") == []
        assert store.counts() == [("ckb", "b.po", 2)]


def _memory_workspace(root):
    """The sample workspace with a compendium and a TMX file in its memory."""
    from dragoman.catalog import Catalog, Message, render_po
    from dragoman.catalog.exchange import catalog_to_tmx

    (root / "memory").mkdir()
    compendium = Catalog({"Language": "ar", "Content-Type": "text/plain; charset=UTF-8"},
                         [Message(msgid="The security zone was closed again.",
                                  msgstr="أغلق المربع الأمني مجددا.")])
    (root / "memory" / "ar.po").write_text(render_po(compendium), "utf-8")
    tmx = Catalog({"Language": "ar"}, [Message(msgid="Regime forces withdrew.",
                                               msgstr="انسحبت قوات النظام.")])
    (root / "memory" / "sohr.tmx").write_text(catalog_to_tmx(tmx, "en", "ar"), "utf-8")
    for lang in ("ckb", "kmr"):
        (root / "memory" / f"{lang}.po").write_text(f'msgid ""\nmsgstr "Language: {lang}\\n"\n')
    with (root / "dragoman.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[memory]\ncompendia = ["memory/{lang}.po"]\ntmx = ["memory/sohr.tmx"]\n')
    return root


def test_memory_search_names_origin_match_and_glossary_terms(sample_workspace):
    root = _memory_workspace(sample_workspace)
    result = CliRunner().invoke(cli, ["memory", "search", "security zone", "--lang", "ar",
                                      "-C", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found and all(hit["lang"] == "ar" for hit in found)
    origins = {hit["origin"] for hit in found}
    assert "memory/ar.po" in origins and any(o.startswith("locales/ar/") for o in origins)
    closed = next(hit for hit in found if hit["origin"] == "memory/ar.po")
    assert closed["target"] == "أغلق المربع الأمني مجددا."
    assert [closed["source"][a:b] for a, b in closed["matches"]] == ["security", "zone"]
    assert any(term["preferred"] == "المربع الأمني" for hit in found for term in hit["terms"])
    text = CliRunner().invoke(cli, ["memory", "search", "withdrew", "-C", str(root)])
    assert text.exit_code == 0 and "memory/sohr.tmx [ar]" in text.output
    assert "\x1b[" not in text.output  # (no highlighting on a pipe)
    assert "ar: انسحبت قوات النظام." in text.output
    bad = CliRunner().invoke(cli, ["memory", "search", "x", "--lang", "ku", "-C", str(root)])
    assert bad.exit_code == 2


def test_memory_stats_counts_units_per_language_and_origin(sample_workspace):
    root = _memory_workspace(sample_workspace)
    result = CliRunner().invoke(cli, ["memory", "stats", "-C", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {(row["lang"], row["origin"]): row["units"] for row in json.loads(result.output)}
    assert rows[("ar", "memory/ar.po")] == 1 and rows[("ar", "memory/sohr.tmx")] == 1
    assert rows[("kmr", "memory/kmr.po")] == 0
    assert {lang for lang, _ in rows} == {"ar", "ckb", "kmr"}
    text = CliRunner().invoke(cli, ["memory", "stats", "-C", str(root)])
    assert text.exit_code == 0 and text.output.startswith("ar: ")


@pytest.mark.parametrize("fmt", ["po", "tmx"])
def test_memory_export_writes_each_source_once_and_reads_back(sample_workspace, fmt):
    from dragoman import config
    from dragoman.catalog import read_po
    from dragoman.catalog.exchange import read_exchange
    from dragoman.memory import load_memory

    root = _memory_workspace(sample_workspace)
    out = root / f"export.{fmt}"
    result = CliRunner().invoke(cli, ["memory", "export", "--format", fmt, "--lang", "ar",
                                      "-o", str(out), "-C", str(root)])
    assert result.exit_code == 0, result.output
    catalog = read_po(out) if fmt == "po" else read_exchange(out, "tmx", target_lang="ar")
    memory = load_memory(config.load(root), "ar")
    first = {}
    for unit in memory.units:
        first.setdefault(unit.source, unit.target)
    assert {m.msgid: m.msgstr for m in catalog.messages} == first
    assert len(catalog.messages) == len(first)
    several = CliRunner().invoke(cli, ["memory", "export", "-C", str(root)])
    assert several.exit_code == 2 and "--lang" in several.output
