from pathlib import Path

import pytest

from dragoman import config
from dragoman.errors import ConfigError


def test_defaults_and_paths_relative_to_the_workspace(tmp_path):
    ws = config.parse({}, tmp_path)
    assert ws.source_language == "en" and ws.target_languages == ("ar", "ckb", "kmr")
    assert ws.sources_dir == tmp_path / "sources"
    assert ws.po_path("ckb", "report") == tmp_path / "locales/ckb/LC_MESSAGES/report.po"
    assert ws.pot_path("report") == tmp_path / "locales/templates/report.pot"
    assert ws.threshold_for("ar") == 0.9 and ws.fallback == "fallback" and ws.line_breaks


def test_per_language_options_override_locale_facts(tmp_path):
    ws = config.parse({"languages": {"ckb": {"hreflang": "ku-IQ", "threshold": 0.5},
                                     "ar": {"digits": "arab"}}}, tmp_path)
    assert ws.locale("ckb").hreflang == "ku-IQ"
    assert ws.locale("ckb").direction == "rtl"
    assert ws.threshold_for("ckb") == 0.5 and ws.threshold_for("kmr") == 0.9
    assert ws.locale("ar").digits == "arab"


@pytest.mark.parametrize("data, message", [
    ({"workspace": {"target_languages": ["ku"]}}, "ambiguous"),
    ({"workspace": {"target_languages": ["fa"]}}, "unknown language"),
    ({"build": {"threshold": 1.5}}, "between 0 and 1"),
    ({"build": {"fallback": "english"}}, "fallback must be one of"),
    ({"build": {"treshold": 0.5}}, "unknown key"),
    ({"languages": {"de": {}}}, "not a workspace language"),
    ({"languages": {"ar": {"digits": "roman"}}}, "digits"),
    ({"languages": {"ar": {"colour": 1}}}, "unknown key"),
    ({"parallel": {"jobs": 0}}, r"\[parallel\] jobs"),
    ({"parallel": {"scheduler": ""}}, r"\[parallel\] scheduler"),
])
def test_mistakes_are_errors_naming_the_file(tmp_path, data, message):
    with pytest.raises(ConfigError, match=message) as info:
        config.parse(data, tmp_path, tmp_path / "dragoman.toml")
    assert str(tmp_path / "dragoman.toml") in str(info.value)


def test_load_finds_the_workspace_above_and_reports_toml_errors_with_line(tmp_path, monkeypatch):
    (tmp_path / "dragoman.toml").write_text('[workspace]\nsource_language = "en"\n', "utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert config.load().root == tmp_path.resolve()
    (tmp_path / "dragoman.toml").write_text("[build]\nthreshold = \n", "utf-8")
    with pytest.raises(ConfigError) as info:
        config.load(tmp_path)
    assert "dragoman.toml:2" in str(info.value)


def test_no_workspace_says_how_to_make_one(tmp_path):
    with pytest.raises(ConfigError, match="dragoman init"):
        config.find_root(tmp_path)


def test_other_tables_are_handed_on(tmp_path):
    ws = config.parse({"checks": {"disable": ["x"]}}, Path(tmp_path))
    assert ws.sections == {"checks": {"disable": ["x"]}}


def test_the_parallel_table_names_a_scheduler_and_local_jobs(tmp_path):
    ws = config.parse({"parallel": {"scheduler": "tcp://10.0.0.5:8786", "jobs": 4}}, tmp_path)
    assert (ws.scheduler, ws.jobs) == ("tcp://10.0.0.5:8786", 4)
    assert (config.parse({}, tmp_path).scheduler, config.parse({}, tmp_path).jobs) == (None, None)


def test_an_unknown_key_is_named_with_its_line(tmp_path):
    text = '[workspace]\nsource_language = "en"\n\n[parallel]  # where jobs run\nworkers = 2\n'
    (tmp_path / "dragoman.toml").write_text(text, "utf-8")
    with pytest.raises(ConfigError, match="workers") as info:
        config.load(tmp_path)
    assert str(info.value).startswith(f"{tmp_path / 'dragoman.toml'}:5: ")
