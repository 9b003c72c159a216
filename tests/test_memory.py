"""Translation memory: exact and fuzzy look-ups, CAT bands, the [memory] settings, loading."""

from __future__ import annotations

import pytest

from dragoman.errors import CatalogError, ConfigError
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
    monkeypatch.setattr("dragoman.catalog.fuzzy._RARE_LIMIT", 5)
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


def test_workspace_catalogs_are_cached_and_reread_when_they_change(tmp_path):
    import os

    from dragoman import config
    from dragoman.memory import CACHE_NAME, load_memory

    (tmp_path / "dragoman.toml").write_text('[workspace]\ntarget_languages = ["ar"]\n', "utf-8")
    folder = tmp_path / "locales" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "one.po"
    po.write_text(_po("ar", {"Calm returned.": "عاد الهدوء."}), "utf-8")
    ws = config.load(tmp_path)
    assert load_memory(ws, "ar").lookup("Calm returned.").unit.target == "عاد الهدوء."
    assert (tmp_path / "locales" / "ar" / CACHE_NAME).exists()
    po.write_text(_po("ar", {"Calm returned.": "ساد الهدوء."}), "utf-8")
    os.utime(po, ns=(1, 10**18))  # a new modification time even on coarse clocks
    assert load_memory(ws, "ar").lookup("Calm returned.").unit.target == "ساد الهدوء."
    po.unlink()
    assert len(load_memory(ws, "ar")) == 0


def test_many_look_ups_shared_among_processes_find_what_one_process_finds(monkeypatch):
    import dragoman.memory as memory_module

    units = [Unit(f"{n} civilians were killed in {place} on {day} May.", f"ترجمة {n} {place} {day}",
                  f"{place}.po") for n in range(1, 40) for place, day in
             (("Idlib", 3), ("Daraa", 9), ("Afrin", 12))]
    memory = Memory(units)
    queries = [u.source.replace("May", "June") for u in units[::4]] + [u.source for u in units[:3]]
    queries += ["Nothing like anything remembered here at all."]
    alone = memory.lookup_many(queries, 0.75, "Daraa.po", jobs=1)
    monkeypatch.setattr(memory_module, "SHARED_QUERIES", 2)
    monkeypatch.setattr(memory_module, "SHARED_UNITS", 2)
    # (Idle test-server threads may be left in this process; they hold no lock a worker needs.)
    monkeypatch.setattr("threading.active_count", lambda: 1)
    assert memory.lookup_many(queries, 0.75, "Daraa.po", jobs=2) == alone
    assert alone[-1] is None and alone[-2].exact and all(h.unit.origin != "Daraa.po"
                                                         for h in alone if h)


def test_add_refuses_columns_that_do_not_match():
    with pytest.raises(ValueError):
        Memory().add(["a", "b"], ["x"], "m.po")
    with pytest.raises(ValueError):
        Memory().add(["a", ""], ["x", "y"], "m.po")


def _large_memory_workspace(tmp_path, monkeypatch):
    import dragoman.memory as memory_module
    from dragoman import config

    monkeypatch.setattr(memory_module, "INDEXED_BYTES", 1)  # every memory file counts as large
    (tmp_path / "dragoman.toml").write_text(
        '[workspace]\ntarget_languages = ["ar"]\n[memory]\ncompendia = ["tm/{lang}.po"]\n', "utf-8")
    (tmp_path / "tm").mkdir()
    compendium = tmp_path / "tm" / "ar.po"
    compendium.write_text(_po("ar", {"Five were killed in Idlib.": "قتل خمسة في إدلب."}), "utf-8")
    return config.load(tmp_path), compendium


def test_a_large_memory_file_is_cached_with_its_index(tmp_path, monkeypatch):
    import os

    import dragoman.memory as memory_module
    from dragoman.memory import CACHE_NAME, load_memory

    ws, compendium = _large_memory_workspace(tmp_path, monkeypatch)
    assert load_memory(ws, "ar").lookup("Five were killed in Idlib!").score == 0.99
    cached = list((tmp_path / "locales" / "ar" / CACHE_NAME).glob("*.msgpack"))
    assert len(cached) == 1

    def no_indexing(texts):
        raise AssertionError("the index should come from the cache")

    with monkeypatch.context() as patch:
        patch.setattr(memory_module, "index_part", no_indexing)
        assert load_memory(ws, "ar").lookup("Five were killed in Idlib.").exact
    compendium.write_text(_po("ar", {"Six were killed in Afrin.": "قتل ستة في عفرين."}), "utf-8")
    os.utime(compendium, ns=(1, 10**18))
    memory = load_memory(ws, "ar")
    assert [u.source for u in memory.units] == ["Six were killed in Afrin."]
    assert memory.lookup("Six were killed in Afrin!").unit.target == "قتل ستة في عفرين."


def test_a_damaged_memory_cache_is_read_again_from_the_files(tmp_path, monkeypatch):
    import msgpack

    from dragoman.memory import CACHE_NAME, load_memory

    ws, _ = _large_memory_workspace(tmp_path, monkeypatch)
    load_memory(ws, "ar")
    (cached,) = (tmp_path / "locales" / "ar" / CACHE_NAME).glob("*.msgpack")
    stored = msgpack.unpackb(cached.read_bytes())
    (entry,) = stored["runs"]
    word = next(iter(entry["postings"]))
    runs = [{**entry, "count": 2}, {**entry, "sources": ""},
            {**entry, "shape_ids": b"\x07\x00\x00\x00"},
            {**entry, "postings": {word: b"\xff" * 4}}, {**entry, "postings": {word: b"\x00" * 3}},
            {k: v for k, v in entry.items() if k != "common"}, "run"]
    for damage in [b"\x00garbage", msgpack.packb({**stored, "runs": {}}),
                   msgpack.packb({**stored, "stamp": [0, 0]})] + [
            msgpack.packb({**stored, "runs": [entry, run]}) for run in runs]:
        cached.write_bytes(damage)
        memory = load_memory(ws, "ar")
        assert [u.source for u in memory.units] == ["Five were killed in Idlib."]
        assert memory.lookup("Five were killed in Idlib!").score == 0.99


def test_compendia_outside_a_workspace_are_cached_in_the_user_cache(tmp_path, monkeypatch):
    import dragoman.memory as memory_module
    from dragoman.memory import compendium_memory, user_cache

    monkeypatch.setattr(memory_module, "INDEXED_BYTES", 1)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    compendium = tmp_path / "ar.po"
    compendium.write_text(_po("ar", {"Five were killed in Idlib.": "قتل خمسة في إدلب."}), "utf-8")
    assert compendium_memory([compendium]).lookup("Five were killed in Idlib!").score == 0.99
    assert user_cache() == tmp_path / "cache" / "dragoman" / "memory"
    assert len(list(user_cache().glob("*.msgpack"))) == 1

    def no_indexing(texts):
        raise AssertionError("the index should come from the cache")

    monkeypatch.setattr(memory_module, "index_part", no_indexing)
    memory = compendium_memory([compendium])
    assert memory.lookup("Five were killed in Idlib.").unit.origin == str(compendium)
    with pytest.raises(CatalogError, match="no such file"):
        compendium_memory([tmp_path / "missing.po"])


def _pieces_everywhere(monkeypatch, count: int = 3) -> None:
    """Every memory file counts as large, and is read and indexed in ``count`` pieces, all
    but the first by forked workers that keep them."""
    import dragoman.memory as memory_module

    monkeypatch.setattr(memory_module, "INDEXED_BYTES", 1)
    monkeypatch.setattr(memory_module, "SHARED_BYTES", 1)
    monkeypatch.setattr(memory_module, "cores", lambda: count)
    monkeypatch.setattr("dragoman.parallel.cores", lambda: count)
    # (Idle test-server threads may be left in this process; they hold no lock a worker needs.)
    monkeypatch.setattr("threading.active_count", lambda: 1)


_PAIRS = {f"{n} civilians were killed in {place} on {n % 28 + 1} May.": f"قتل {n} في {place}"
          for n in range(1, 120) for place in ("Idlib", "Afrin") if n % 3 or place == "Afrin"}
_QUERIES = ["4 civilians were killed in Afrin on 5 May.", "7 civilians were killed in Idlib.",
            "Fifty civilians were killed in Afrin on 3 May.", "Nothing happened.",
            "100 civilians were killed in Afrin on 17 May.", "1 civilians were killed in Idlib on 2 May."]


def _compendium_read_whole(tmp_path, monkeypatch):
    """The test compendium (large: indexed), its memory read whole and what that finds for
    the test queries."""
    import dragoman.memory as memory_module
    from dragoman.memory import compendium_memory

    path = tmp_path / "ar.po"
    path.write_text(_po("ar", _PAIRS), "utf-8")
    monkeypatch.setattr(memory_module, "INDEXED_BYTES", 1)
    whole = compendium_memory([path], tmp_path / "whole")
    return path, whole, whole.lookup_many(_QUERIES)


def test_a_large_compendium_read_in_pieces_is_the_memory_read_whole(tmp_path, monkeypatch):
    import dragoman.memory as memory_module
    from dragoman.memory import compendium_memory

    path, whole, expected = _compendium_read_whole(tmp_path, monkeypatch)
    assert expected[3] is None and sum(hit is not None for hit in expected) == 5
    _pieces_everywhere(monkeypatch)
    monkeypatch.setattr(memory_module, "_BATCH", 2)  # (the searches sent in several batches)
    with compendium_memory([path], tmp_path / "pieces") as kept:
        assert len(kept._kept) == 2 and len(kept) == len(whole)
        assert kept.lookup_many(_QUERIES) == expected  # searched by the workers that keep them
        assert kept.lookup_many(_QUERIES, hidden_origin=str(path)) == [None] * len(_QUERIES)
        assert kept.units == whole.units and not kept._kept  # (brought here)
        assert kept.lookup_many(_QUERIES) == expected
    # (A file per piece, the first written here as soon as it was read, and the file that
    # names them.)
    assert len(list((tmp_path / "pieces").glob("*.*.msgpack"))) == 3
    assert len(list((tmp_path / "pieces").glob("*.msgpack"))) == 4
    with compendium_memory([path], tmp_path / "pieces") as cached:
        assert len(cached._runs) == 3 and not cached._kept
        assert cached.units == whole.units
        assert cached.lookup_many(_QUERIES) == expected


def test_a_piece_whose_worker_died_is_read_again_here(tmp_path, monkeypatch):
    import os
    import signal

    from dragoman.memory import compendium_memory

    path, _, expected = _compendium_read_whole(tmp_path, monkeypatch)
    _pieces_everywhere(monkeypatch)
    memory = compendium_memory([path], tmp_path / "pieces")
    os.kill(next(iter(memory._kept.values())).resident._pid, signal.SIGKILL)
    assert memory.lookup_many(_QUERIES) == expected
    assert not memory._kept
    memory.close()


def test_a_duplicate_across_pieces_is_reported_as_in_the_whole_file(tmp_path, monkeypatch):
    from dragoman.errors import CatalogError
    from dragoman.memory import compendium_memory

    _pieces_everywhere(monkeypatch)
    pairs = {f"Sentence {n}.": f"جملة {n}" for n in range(60)}
    text = _po("ar", pairs) + '\nmsgid "Sentence 0."\nmsgstr "مكرر"\n'
    path = tmp_path / "ar.po"
    path.write_text(text, "utf-8")
    with pytest.raises(CatalogError) as info:
        compendium_memory([path], tmp_path / "cache")
    assert info.value.path == str(path) and "duplicate" in info.value.message
    assert info.value.line == text.count("\n") - 1


def test_a_started_memory_is_read_by_workers_while_this_process_goes_on(tmp_path, monkeypatch):
    import dragoman.memory as memory_module
    from dragoman.memory import _OWN_SHARE, compendium_memory

    path, whole, expected = _compendium_read_whole(tmp_path, monkeypatch)
    _pieces_everywhere(monkeypatch, 2)
    read_here = []
    reader = memory_module._PieceReader.__call__
    monkeypatch.setattr(memory_module._PieceReader, "__call__",
                        lambda self, span: read_here.append(span) or reader(self, span))
    with compendium_memory([path], tmp_path / "pieces", started=True) as memory:
        assert not read_here  # (the workers read; nothing was read here yet)
        assert memory.lookup_many(_QUERIES) == expected  # (this process read its piece first)
        ((start, end),) = read_here
        assert start == 0 and abs(end - path.stat().st_size * _OWN_SHARE / 2) < 200
        assert len(memory) == len(whole) and memory.units == whole.units


def test_a_started_memory_raises_what_its_loading_raises_when_used(tmp_path, monkeypatch):
    from dragoman.errors import CatalogError
    from dragoman.memory import compendium_memory

    _pieces_everywhere(monkeypatch, 2)
    pairs = {f"Sentence {n}.": f"جملة {n}" for n in range(60)}
    path = tmp_path / "ar.po"
    path.write_text(_po("ar", pairs) + '\nmsgid "Sentence 0."\nmsgstr "مكرر"\n', "utf-8")
    memory = compendium_memory([path], tmp_path / "cache", started=True)
    with pytest.raises(CatalogError, match="duplicate"):
        memory.lookup("Sentence 1.")
    memory.close()


def test_a_started_memory_closed_unused_ends_its_workers(tmp_path, monkeypatch):
    import dragoman.memory as memory_module
    from dragoman.memory import compendium_memory
    from dragoman.parallel import Resident

    path = tmp_path / "ar.po"
    path.write_text(_po("ar", _PAIRS), "utf-8")
    _pieces_everywhere(monkeypatch, 3)
    started = []
    monkeypatch.setattr(memory_module.Resident, "start",
                        classmethod(lambda cls, *args: started.append(Resident(args[0], args[1:]))
                                    or started[-1]))
    memory = compendium_memory([path], tmp_path / "cache", started=True)
    assert len(started) == 2 and all(worker._pid for worker in started)
    memory.close()
    assert all(worker._pid is None for worker in started)  # (ended and waited for)


def test_a_run_sent_from_a_worker_arrives_whole():
    import pickle

    from dragoman.memory import _Run, _index_run

    run = _index_run(_Run(["Five were killed in Idlib.", "Two in Afrin."], ["خمسة", "اثنان"]))
    back = pickle.loads(pickle.dumps(run))
    assert (back.sources, back.targets) == (run.sources, run.targets)
    part, sent = back.part, run.part
    assert (part.normal, part.counts, part.common) == (sent.normal, sent.counts, sent.common)
    assert {word: list(ids) for word, ids in part.postings.items()} == sent.postings
    assert (list(part.shapes), list(part.shape_ids)) == (list(sent.shapes), list(sent.shape_ids))
    plain = _Run(["a"], ["b"])  # no index yet: sent as it is
    assert pickle.loads(pickle.dumps(plain)) == plain
