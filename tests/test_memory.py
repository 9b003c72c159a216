"""Translation memory: exact and fuzzy look-ups, CAT bands, the [memory] settings, loading."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dragoman.errors import CatalogError, ConfigError, ParallelError
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


def test_a_hidden_origin_hides_its_units_from_exact_and_fuzzy_lookup():
    memory = Memory(UNITS + [Unit(UNITS[1].source, "ترجمة أخرى", "d.po")])
    hit = memory.lookup(UNITS[1].source, hidden_origin="b.po")
    assert hit.unit.origin == "d.po"
    assert memory.lookup("Turkish forces arrested 14 people in Afrin.",
                         hidden_origin="c.po") is None


def test_a_changed_number_finds_its_sentence_among_template_look_alikes(monkeypatch):
    # Every word but the number is common here, so only the sentence's shape without digits
    # leads to it; the closest number wins.
    monkeypatch.setattr("dragoman.memory.index.RARE_LIMIT", 5)
    units = [Unit(f"Regime forces shelled {d * 3} houses in Daraa.", f"ترجمة {d}", "m.po")
             for d in "123456789"]
    hit = Memory(units).lookup("Regime forces shelled 334 houses in Daraa.")
    assert hit.unit.target == "ترجمة 3" and 0.9 < hit.score < 1


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


def _po(language: str, pairs: dict[str, str]) -> str:
    from dragoman.catalog import Catalog, Message, render_po

    return render_po(Catalog({"Language": language, "Content-Type": "text/plain; charset=UTF-8"},
                             [Message(msgid=s, msgstr=t) for s, t in pairs.items()]))


def test_load_memory_reads_workspace_catalogs_compendia_and_tmx(tmp_path):
    from dragoman import config
    from dragoman.catalog import Catalog, Message
    from dragoman.catalog.exchange import catalog_to_tmx
    from dragoman.memory import load_memory

    (tmp_path / "dragoman.toml").write_text(
        '[workspace]\ntarget_languages = ["ar", "ckb"]\n'
        '[memory]\ncompendia = ["tm/{lang}.po", "tm/mixed.po"]\ntmx = ["tm/sohr.tmx"]\n', "utf-8")
    folder = tmp_path / "locales" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "one.po").write_text(_po("ar", {"Calm returned.": "عاد الهدوء."}), "utf-8")
    (tmp_path / "tm").mkdir()
    (tmp_path / "tm" / "ar.po").write_text(_po("ar", {"Five were killed.": "قتل خمسة."}), "utf-8")
    (tmp_path / "tm" / "ckb.po").write_text(_po("ckb", {"Five were killed.": "پێنج کوژران."}), "utf-8")
    (tmp_path / "tm" / "mixed.po").write_text(_po("ckb", {"Other.": "هی تر."}), "utf-8")
    tmx = Catalog({"Language": "ar"}, [Message(msgid="Regime forces withdrew.",
                                               msgstr="انسحبت قوات النظام.")])
    (tmp_path / "tm" / "sohr.tmx").write_text(catalog_to_tmx(tmx, "en", "ar"), "utf-8")
    memory = load_memory(config.load(tmp_path), "ar")
    origins = {u.source: u.origin for u in memory.units}
    assert origins == {"Calm returned.": "locales/ar/LC_MESSAGES/one.po",
                       "Five were killed.": "tm/ar.po",
                       "Regime forces withdrew.": "tm/sohr.tmx"}  # the ckb compendium is skipped
    assert memory.lookup("Regime forces withdrew.").unit.target == "انسحبت قوات النظام."


def test_a_missing_memory_file_is_an_error_naming_it(tmp_path):
    from dragoman import config
    from dragoman.errors import CatalogError
    from dragoman.memory import load_memory

    (tmp_path / "dragoman.toml").write_text('[memory]\ncompendia = ["tm/{lang}.po"]\n', "utf-8")
    with pytest.raises(CatalogError) as error:
        load_memory(config.load(tmp_path), "ar")
    assert "tm/ar.po" in str(error.value)


def _store_path(root):
    from dragoman.memory import CACHE_NAME
    from dragoman.memory.store import STORE_NAME

    return root / CACHE_NAME / STORE_NAME


def test_workspace_catalogs_are_stored_and_reread_when_they_change(tmp_path):
    import os

    from dragoman import config
    from dragoman.memory import load_memory

    (tmp_path / "dragoman.toml").write_text('[workspace]\ntarget_languages = ["ar"]\n', "utf-8")
    folder = tmp_path / "locales" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "one.po"
    po.write_text(_po("ar", {"Calm returned.": "عاد الهدوء."}), "utf-8")
    ws = config.load(tmp_path)
    assert load_memory(ws, "ar").lookup("Calm returned.").unit.target == "عاد الهدوء."
    assert _store_path(tmp_path).exists()
    po.write_text(_po("ar", {"Calm returned.": "ساد الهدوء."}), "utf-8")
    os.utime(po, ns=(1, 10**18))  # a new modification time even on coarse clocks
    assert load_memory(ws, "ar").lookup("Calm returned.").unit.target == "ساد الهدوء."
    po.unlink()
    assert len(load_memory(ws, "ar")) == 0
    from dragoman.memory import workspace_store

    with workspace_store(ws) as store:
        assert store.counts() == []  # (a file gone from the memory is gone from the store)


def test_add_refuses_columns_that_do_not_match():
    with pytest.raises(ValueError):
        Memory().add(["a", "b"], ["x"], "m.po")
    with pytest.raises(ValueError):
        Memory().add(["a", ""], ["x", "y"], "m.po")


def _large_memory_workspace(tmp_path, monkeypatch):
    from dragoman import config

    monkeypatch.setattr("dragoman.memory.store.INDEXED_BYTES", 1)  # every file counts as large
    (tmp_path / "dragoman.toml").write_text(
        '[workspace]\ntarget_languages = ["ar"]\n[memory]\ncompendia = ["tm/{lang}.po"]\n', "utf-8")
    (tmp_path / "tm").mkdir()
    compendium = tmp_path / "tm" / "ar.po"
    compendium.write_text(_po("ar", {"Five were killed in Idlib.": "قتل خمسة في إدلب."}), "utf-8")
    return config.load(tmp_path), compendium


def _no_indexing(texts):
    raise AssertionError("the index should come from the store")


def test_a_large_memory_file_is_stored_with_its_index(tmp_path, monkeypatch):
    import os

    from dragoman.memory import load_memory

    ws, compendium = _large_memory_workspace(tmp_path, monkeypatch)
    assert load_memory(ws, "ar").lookup("Five were killed in Idlib!").score == 0.99
    with monkeypatch.context() as patch:
        patch.setattr("dragoman.memory.store.index_part", _no_indexing)
        patch.setattr("dragoman.memory.index.index_part", _no_indexing)
        assert load_memory(ws, "ar").lookup("Five were killed in Idlib.").exact
    compendium.write_text(_po("ar", {"Six were killed in Afrin.": "قتل ستة في عفرين."}), "utf-8")
    os.utime(compendium, ns=(1, 10**18))
    memory = load_memory(ws, "ar")
    assert [u.source for u in memory.units] == ["Six were killed in Afrin."]
    assert memory.lookup("Six were killed in Afrin!").unit.target == "قتل ستة في عفرين."


def test_a_damaged_or_removed_store_is_rebuilt_from_the_files(tmp_path, monkeypatch):
    import sqlite3

    from dragoman.memory import load_memory

    ws, _ = _large_memory_workspace(tmp_path, monkeypatch)
    load_memory(ws, "ar")
    store = _store_path(tmp_path)
    damages = ["UPDATE files SET part = x'00ff'", "UPDATE files SET count = 2",
               "UPDATE files SET sources = ''", "UPDATE meta SET value = 'old'",
               "DROP TABLE files"]
    for damage in damages + [b"\x00garbage", None]:
        if isinstance(damage, str):
            with sqlite3.connect(store) as db:
                db.execute(damage)
        elif damage is None:
            store.unlink()
        else:
            store.write_bytes(damage)
        memory = load_memory(ws, "ar")
        assert [u.source for u in memory.units] == ["Five were killed in Idlib."], damage
        assert memory.lookup("Five were killed in Idlib!").score == 0.99


def test_a_workspace_that_cannot_be_written_still_has_its_memory(tmp_path, monkeypatch):
    from dragoman.memory import load_memory

    ws, _ = _large_memory_workspace(tmp_path, monkeypatch)
    (tmp_path / ".dragoman-memory").write_text("a file where the store's folder would be")
    memory = load_memory(ws, "ar")
    assert memory.lookup("Five were killed in Idlib.").exact and memory.stored is None


def test_compendia_outside_a_workspace_are_stored_in_the_user_cache(tmp_path, monkeypatch):
    from dragoman.memory import compendium_memory, user_cache
    from dragoman.memory.store import STORE_NAME

    monkeypatch.setattr("dragoman.memory.store.INDEXED_BYTES", 1)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    compendium = tmp_path / "ar.po"
    compendium.write_text(_po("ar", {"Five were killed in Idlib.": "قتل خمسة في إدلب."}), "utf-8")
    assert compendium_memory([compendium]).lookup("Five were killed in Idlib!").score == 0.99
    assert user_cache() == tmp_path / "cache" / "dragoman" / "memory"
    assert (user_cache() / STORE_NAME).exists()
    monkeypatch.setattr("dragoman.memory.store.index_part", _no_indexing)
    monkeypatch.setattr("dragoman.memory.index.index_part", _no_indexing)
    memory = compendium_memory([compendium])
    assert memory.lookup("Five were killed in Idlib.").unit.origin == str(compendium)
    with pytest.raises(CatalogError, match="no such file"):
        compendium_memory([tmp_path / "missing.po"])


_PAIRS = {f"{n} civilians were killed in {place} on {n % 28 + 1} May.": f"قتل {n} في {place}"
          for n in range(1, 120) for place in ("Idlib", "Afrin") if n % 3 or place == "Afrin"}
_QUERIES = ["4 civilians were killed in Afrin on 5 May.", "7 civilians were killed in Idlib.",
            "Fifty civilians were killed in Afrin on 3 May.", "Nothing happened.",
            "100 civilians were killed in Afrin on 17 May.", "1 civilians were killed in Idlib on 2 May."]


def test_many_look_ups_shared_among_processes_find_what_one_process_finds(tmp_path, monkeypatch):
    from dragoman.memory import compendium_memory

    path = tmp_path / "ar.po"
    path.write_text(_po("ar", _PAIRS), "utf-8")
    monkeypatch.setattr("dragoman.memory.store.INDEXED_BYTES", 1)
    memory = compendium_memory([path], tmp_path / "store")
    queries = _QUERIES * 3 + [source.replace("May", "June") for source in _PAIRS][::7]
    alone = memory.lookup_many(queries, 0.75, jobs=1)
    hidden = memory.lookup_many(queries, 0.75, str(path), jobs=1)
    monkeypatch.setattr("dragoman.memory.search.SHARED_QUERIES", 2)
    monkeypatch.setattr("dragoman.memory.search.SHARED_UNITS", 2)
    assert memory.lookup_many(queries, 0.75, jobs=2) == alone
    assert memory.lookup_many(queries, 0.75, str(path), jobs=2) == hidden == [None] * len(queries)
    assert alone[3] is None and sum(hit is not None for hit in alone) > len(queries) / 2


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_stored_memory_reaches_a_worker_as_its_address(tmp_path, monkeypatch, method):
    import pickle

    import _jobs
    from dragoman import executor
    from dragoman.memory import compendium_memory
    from dragoman.memory.search import StoredMemory, received, shipped

    path = tmp_path / "ar.po"
    path.write_text(_po("ar", _PAIRS), "utf-8")
    memory = compendium_memory([path], tmp_path / "store")
    sent = shipped(memory)
    assert isinstance(sent, StoredMemory) and len(pickle.dumps(sent)) < 1000
    assert received(sent) is memory
    monkeypatch.setenv(executor.START_METHOD_VARIABLE, method)
    with executor.open_executor(1) as jobs:
        units, loaded = jobs.submit(_jobs.memory_received, sent).result()
    assert units == memory.units and loaded == (method == "spawn")
    unstored = Memory(memory.units)
    assert shipped(unstored) is unstored and received(unstored) is unstored
    with pytest.raises(ParallelError, match="store changed"):
        received(sent._replace(files=tuple((k, o, "0/0") for k, o, _ in sent.files)))


# -- look-ups do not depend on how the memory is cut into files -----------------------------

_WORDS = ["civilians", "killed", "Idlib", "Afrin", "Daraa", "forces", "shelled", "houses", "in",
          "on", "May", "5", "12", "300", "regime", "Turkish", "were", "the", "two", "قتل"]
_sentences = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(" ".join)


def _cut(units: list, cuts: list[int]) -> list[list]:
    """``units`` cut at the positions ``cuts`` (repeats and ends give empty pieces)."""
    bounds = [0, *sorted(min(c, len(units)) for c in cuts), len(units)]
    return [units[a:b] for a, b in zip(bounds, bounds[1:])]


@settings(max_examples=120, deadline=None)
@given(pairs=st.lists(st.tuples(_sentences, _sentences), max_size=40),
       cuts=st.lists(st.integers(0, 40), max_size=6), indexed=st.lists(st.booleans(), max_size=8),
       queries=st.lists(_sentences, min_size=1, max_size=6), hidden=st.integers(0, 8),
       rare=st.integers(1, 4))
@example(pairs=[("civilians killed in Idlib", "a"), ("civilians killed in Afrin", "b"),
                ("forces shelled Daraa", "c")], cuts=[0, 1, 1], indexed=[True, True, False, True],
         queries=["civilians killed in Daraa", "forces shelled Idlib"], hidden=1, rare=1)
def test_look_ups_over_memory_pieces_equal_a_plain_sequential_look_up(
        pairs, cuts, indexed, queries, hidden, rare):
    """A memory added file by file (pieces of any size: empty, of one unit, with an index
    part built ahead or not, rare words counted across pieces) finds what one plain run of
    the same units finds, for sources it holds and others."""
    from unittest import mock

    from dragoman.memory.index import index_part

    with mock.patch("dragoman.memory.index.RARE_LIMIT", rare):
        pieces = _cut([Unit(s, t, "") for s, t in pairs], cuts)
        memory, plain = Memory(), Memory()
        for k, piece in enumerate(pieces):
            origin = f"piece{k}.po"
            sources = [u.source for u in piece]
            targets = [u.target for u in piece]
            part = index_part(sources) if indexed[k:k + 1] == [True] and piece else None
            memory.add(sources, targets, origin, part)
            plain.extend(Unit(s, t, origin) for s, t in zip(sources, targets))
        asked = queries + [s for s, _ in pairs[:3]]
        for origin in (None, f"piece{hidden}.po"):
            expected = [plain.lookup(q, 0.6, origin) for q in asked]
            assert memory.lookup_many(asked, 0.6, origin, jobs=1) == expected
