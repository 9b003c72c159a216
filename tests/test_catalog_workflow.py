"""The workspace update: templates and catalogs written where the workspace says, translations
kept across source edits, memory fill from other articles, incremental runs, workers, errors."""

from __future__ import annotations

import json
import subprocess

from click.testing import CliRunner

from conftest import require_tool
from dragoman import config
from dragoman.catalog import read_po, write_po
from dragoman.catalog.workflow import STATE_NAME, update_workspace
from dragoman.cli import cli

REPORT = """---
title: Calm in Al-Hasakah
slug: calm
---
Calm in Al-Hasakah

Calm returned to Al-Hasakah after five days of clashes. Regime forces withdrew from 3 checkpoints.

Five people were killed in Al-Qamishli.
"""


def _workspace(tmp_path, **reports):
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "dragoman.toml").write_text(
        '[workspace]\nsource_language = "en"\ntarget_languages = ["ar", "kmr"]\n'
        '[paths]\nglossary = "glossary"\n', "utf-8")
    for name, text in reports.items():
        (root / "sources" / f"{name}.txt").write_text(text, "utf-8")
    return root


def _translate_all(path, prefix="ترجمة"):
    catalog = read_po(path)
    for i, message in enumerate(catalog.messages):
        message.msgstr = f"{prefix} {i}"
        message.fuzzy = False
    write_po(path, catalog)


def test_update_writes_templates_and_catalogs_then_keeps_translations(tmp_path):
    root = _workspace(tmp_path, calm=REPORT)
    ws = config.load(root)
    calls = []
    report = update_workspace(ws, progress=lambda done, total: calls.append((done, total)))
    assert sorted(report.written) == ["locales/ar/LC_MESSAGES/calm.po",
                                      "locales/kmr/LC_MESSAGES/calm.po",
                                      "locales/templates/calm.pot"]
    size = len(REPORT.encode("utf-8"))  # progress counts bytes of reports
    assert calls == [(0, size), (size, size)]
    po = ws.po_path("ar", "calm")
    _translate_all(po)
    before = {m.msgid: m.msgstr for m in read_po(po).messages}

    again = update_workspace(ws)
    assert again.unchanged == ["sources/calm.txt"] and not again.written

    edited = REPORT.replace("withdrew from 3 checkpoints", "withdrew from 4 checkpoints")
    (root / "sources" / "calm.txt").write_text(edited, "utf-8")
    third = update_workspace(ws)
    assert "locales/ar/LC_MESSAGES/calm.po" in third.written
    after = read_po(po)
    kept = {m.msgstr for m in after.messages}
    assert set(before.values()) <= kept
    changed = after["Regime forces withdrew from 4 checkpoints."]
    assert changed.fuzzy and changed.previous_msgid == "Regime forces withdrew from 3 checkpoints."
    assert any("number changed" in c for c in changed.translator_comments)
    state = json.loads((root / "locales" / STATE_NAME).read_text("utf-8"))
    assert state["sources"]["sources/calm.txt"]["slug"] == "calm"


def test_new_article_is_filled_from_the_memory_of_the_others(tmp_path):
    root = _workspace(tmp_path, calm=REPORT)
    ws = config.load(root)
    update_workspace(ws)
    _translate_all(ws.po_path("ar", "calm"))
    other = REPORT.replace("slug: calm", "slug: later").replace(
        "Five people were killed in Al-Qamishli.", "Six people were killed in Al-Qamishli.")
    (root / "sources" / "later.txt").write_text(other, "utf-8")
    update_workspace(ws)
    later = read_po(ws.po_path("ar", "later"))
    exact = later["Calm returned to Al-Hasakah after five days of clashes."]
    assert exact.translated
    assert "locales/ar/LC_MESSAGES/calm.po" in exact.translator_comments[0]
    similar = later["Six people were killed in Al-Qamishli."]
    assert similar.fuzzy and "% match" in similar.translator_comments[0]
    assert not read_po(ws.po_path("kmr", "later"))["Six people were killed in Al-Qamishli."].msgstr


def test_memory_settings_make_exact_matches_fuzzy_and_read_compendia(tmp_path):
    root = _workspace(tmp_path, calm=REPORT)
    (root / "memory").mkdir()
    (root / "memory" / "ar.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Five people were killed in Al-Qamishli."\nmsgstr "قتل خمسة أشخاص في القامشلي."\n',
        "utf-8")
    with (root / "dragoman.toml").open("a", encoding="utf-8") as handle:
        handle.write('[memory]\ncompendia = ["memory/{lang}.po"]\nexact = "fuzzy"\n')
    (root / "memory" / "kmr.po").write_text('msgid ""\nmsgstr "Language: kmr\\n"\n', "utf-8")
    ws = config.load(root)
    update_workspace(ws)
    entry = read_po(ws.po_path("ar", "calm"))["Five people were killed in Al-Qamishli."]
    assert entry.fuzzy and entry.msgstr == "قتل خمسة أشخاص في القامشلي."
    assert "memory/ar.po" in entry.translator_comments[0]


def test_a_bad_compendium_is_one_error_that_ends_the_update(tmp_path, monkeypatch):
    import pytest

    from dragoman.errors import CatalogError

    monkeypatch.setattr("dragoman.memory.store.INDEXED_BYTES", 1)  # (kept with its index)
    later = REPORT.replace("slug: calm", "slug: later")
    root = _workspace(tmp_path, calm=REPORT, later=later)
    (root / "memory").mkdir()
    entries = "".join(f'msgid "Sentence {n}."\nmsgstr "جملة {n}"\n\n' for n in range(40))
    header = 'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    compendium = root / "memory" / "ar.po"
    compendium.write_text(header + entries, "utf-8")
    (root / "memory" / "kmr.po").write_text('msgid ""\nmsgstr "Language: kmr\\n"\n', "utf-8")
    with (root / "dragoman.toml").open("a", encoding="utf-8") as handle:
        handle.write('[memory]\ncompendia = ["memory/{lang}.po"]\n')
    ws = config.load(root)
    report = update_workspace(ws, raise_errors=False)
    assert not report.errors and len(report.processed) == 2
    compendium.write_text(header + entries + 'msgid "Sentence 3."\nmsgstr "مكرر"\n', "utf-8")
    with pytest.raises(CatalogError, match="duplicate") as info:
        update_workspace(ws, force=True, raise_errors=False)
    assert info.value.path == str(compendium)


def test_parallel_workers_write_the_same_catalogs(tmp_path):
    reports = {f"r{i}": REPORT.replace("slug: calm", f"slug: r{i}").replace("five", str(i))
               for i in range(4)}
    one = config.load(_workspace(tmp_path / "one", **reports))
    two = config.load(_workspace(tmp_path / "two", **reports))
    update_workspace(one, jobs=1)
    update_workspace(two, jobs=2)
    for lang in ("ar", "kmr"):
        for name in reports:
            a = one.po_path(lang, name).read_text("utf-8").split("\n")
            b = two.po_path(lang, name).read_text("utf-8").split("\n")
            strip = [line for line in a if "Date:" not in line]
            assert strip == [line for line in b if "Date:" not in line]


def test_a_large_untranslated_report_sorting_last_updates_after_the_memory_store_is_removed(
        tmp_path, monkeypatch):
    """A large untranslated report whose slug sorts last, one sentence edited, the memory's
    store removed (as on a fresh clone): the update gives what it gives with the store kept
    (it once failed with an IndexError in the memory's look-up)."""
    import shutil

    from dragoman.memory import CACHE_NAME

    monkeypatch.setattr("dragoman.memory.store.INDEXED_BYTES", 1)  # (every catalog indexed)
    monkeypatch.setattr("dragoman.memory.search.SHARED_QUERIES", 2)  # (searched by workers)
    monkeypatch.setattr("dragoman.memory.search.SHARED_UNITS", 2)
    places = ["Idlib", "Afrin", "Daraa", "Raqqa", "Manbij", "Hasakah", "Qamishli", "Kobani"]
    large = "---\ntitle: Weekly toll\nslug: zz-weekly-toll\n---\n" + "\n\n".join(
        f"{n} civilians were killed in {places[n % 8]} on {n % 28 + 1} May by {n * 7} shells."
        for n in range(1, 400)) + "\n\nFive people were killed in Al-Qamishli today.\n"
    roots = []
    for name in ("kept", "removed"):
        root = _workspace(tmp_path / name, calm=REPORT, **{"zz-weekly-toll": large})
        ws = config.load(root)
        update_workspace(ws)
        _translate_all(ws.po_path("ar", "calm"))
        edited = large.replace("17 civilians were killed", "18 civilians were killed")
        (root / "sources" / "zz-weekly-toll.txt").write_text(edited, "utf-8")
        if name == "removed":
            shutil.rmtree(root / CACHE_NAME)
        report = update_workspace(ws, jobs=1)
        assert not report.errors and len(report.processed) == 1
        roots.append(ws)
    for lang in ("ar", "kmr"):
        kept, removed = ([line for line in ws.po_path(lang, "zz-weekly-toll").read_text(
            "utf-8").split("\n") if "Date:" not in line] for ws in roots)
        assert kept == removed
    assert 'msgstr "ترجمة' in roots[0].po_path("ar", "zz-weekly-toll").read_text("utf-8")


def test_duplicate_slugs_and_bad_sources_are_errors_that_spare_the_rest(tmp_path):
    root = _workspace(tmp_path, calm=REPORT, copy=REPORT)
    (root / "sources" / "broken.txt").write_bytes(b"title: x\n\n\xff\xfe bad\n")
    (root / "sources" / "fine.txt").write_text("A fine report.\n\nIt has two paragraphs.\n", "utf-8")
    ws = config.load(root)
    report = update_workspace(ws, raise_errors=False)
    messages = [str(e) for e in report.errors]
    assert any("broken.txt" in m and "UTF-8" in m for m in messages)
    assert any("slug 'calm'" in m for m in messages)
    assert ws.po_path("ar", "fine").exists() and ws.po_path("ar", "calm").exists()
    result = CliRunner().invoke(cli, ["update", "-C", str(root)])
    assert result.exit_code == 2 and "broken.txt" in result.output


def test_a_catalog_saved_meanwhile_is_not_overwritten(tmp_path, monkeypatch):
    root = _workspace(tmp_path, calm=REPORT)
    ws = config.load(root)
    update_workspace(ws)
    po = ws.po_path("ar", "calm")
    import dragoman.catalog.merge as merge

    real_update = merge.update

    def translator_saves_meanwhile(*args, **kwargs):
        po.write_text(po.read_text("utf-8") + "\n", "utf-8")
        return real_update(*args, **kwargs)

    monkeypatch.setattr(merge, "update", translator_saves_meanwhile)
    (root / "sources" / "calm.txt").write_text(REPORT + "\nOne more sentence.\n", "utf-8")
    report = update_workspace(ws, raise_errors=False)
    assert any("changed on disk" in str(e) for e in report.errors)
    assert po.read_text("utf-8").endswith("\n\n")  # the translator's save is still there


def test_extract_and_update_commands_write_files_msgfmt_accepts(sample_workspace):
    msgfmt = require_tool("msgfmt", "run 'make gettext-deps'")
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", "-C", str(sample_workspace)])
    assert result.exit_code == 0, result.output
    templates = sorted((sample_workspace / "locales" / "templates").glob("*.pot"))
    assert templates
    result = runner.invoke(cli, ["update", "-C", str(sample_workspace), "-j", "2"])
    assert result.exit_code == 0, result.output
    written = sorted((sample_workspace / "locales").glob("*/LC_MESSAGES/*.po"))
    assert len(written) == 3 * len(templates)
    for path in written:
        done = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    again = runner.invoke(cli, ["update", "-C", str(sample_workspace)])
    assert again.exit_code == 0 and "unchanged" in again.output
