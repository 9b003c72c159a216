from pathlib import Path

import pytest

import _editions as sample
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


BASE = """\
[workspace]
source_language = "en"
target_languages = ["ar", "ckb", "kmr"]

[paths]
output = "site"

[memory]
cutoff = 0.8
"""


@pytest.mark.parametrize("old, new, line, message", [
    ("", "\n[bogus]\nx = 1\n", 11, r"unknown table \[bogus\]"),
    ("[memory]", "[memroy]", 8, r"unknown table \[memroy\]; did you mean \[memory\]\?"),
    ('output = "site"', 'output = "sources"', 6, "overlaps .*sources"),
    ('output = "site"', 'output = "."', 6, "workspace folder itself"),
    ('output = "site"', 'output = "sources/site"', 6, "overlaps"),
    ('["ar", "ckb", "kmr"]', '["en", "ar"]', 3, "source language 'en'"),
    ('["ar", "ckb", "kmr"]', '"ar"', 3, "must be a list of language codes"),
    ('["ar", "ckb", "kmr"]', '["ar", "ckb", "ar"]', 3, "names ar twice"),
    ('["ar", "ckb", "kmr"]', "[]", 3, "is empty"),
    ('["ar", "ckb", "kmr"]', '["ar", "ku"]', 3, "ambiguous"),
    ("cutoff = 0.8", "cutoff = 5", 9, r"\[memory\] cutoff must be a number between"),
    ("cutoff = 0.8", "cutof = 0.8", 9, r"unknown key\(s\) in \[memory\]: cutof"),
    ("", '\n[wordpress]\nsite = "x"\n', 12, r"unknown key\(s\) in \[wordpress\]: site"),
    ("", '\n[checks]\ndisable = ["no-such-check"]\n', 11, "unknown check"),
])
def test_every_mistake_is_refused_at_load_with_its_line(tmp_path, old, new, line, message):
    text = BASE.replace(old, new) if old else BASE + new
    (tmp_path / "dragoman.toml").write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        config.load(tmp_path)
    assert str(info.value).startswith(f"{tmp_path / 'dragoman.toml'}:{line}: ")


@pytest.mark.parametrize("command", [
    ["build"], ["extract"], ["update"], ["stats"], ["check"], ["glossary", "lint"],
    ["glossary", "fix", "--write"], ["glossary", "export"], ["fetch", "wordpress"],
    ["fetch", "url", "http://127.0.0.1:9/report"], ["publish", "wordpress", "--lang", "ar"],
    ["pretranslate", "--engine", "libretranslate", "--url", "http://127.0.0.1:9"]])
def test_every_command_refuses_a_wrong_configuration(tmp_path, command):
    from click.testing import CliRunner

    from dragoman.cli import cli

    (tmp_path / "dragoman.toml").write_text(BASE.replace("cutoff = 0.8", "cutoff = 5"), "utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "r.txt").write_text("Title\n\nAl-Qamishily today.\n", "utf-8")
    snapshot = lambda: {p: p.read_bytes() if p.is_file() else None for p in tmp_path.rglob("*")}
    before = snapshot()
    result = CliRunner().invoke(cli, [*command, "-C", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "dragoman.toml:9: [memory] cutoff" in result.stderr
    assert snapshot() == before


SITE_NAMES = sample.SITE_NAMES


@pytest.mark.parametrize("toml", [
    '[site]\nname = {en = "%(en)s", ar = "%(ar)s", ckb = "%(ckb)s"}\n' % SITE_NAMES,
    '[site.name]\nen = "%(en)s"\nar = "%(ar)s"\nckb = "%(ckb)s"\n' % SITE_NAMES,
])
def test_site_name_by_language_falls_back_to_the_source_language(tmp_path, toml):
    (tmp_path / "dragoman.toml").write_text(toml, "utf-8")
    ws = config.load(tmp_path)
    assert {code: ws.site_name_for(code) for code in ("en", "ar", "ckb")} == SITE_NAMES
    assert ws.site_name_for("kmr") == ws.site_name == SITE_NAMES["en"]


def test_one_site_name_serves_every_language(tmp_path):
    ws = config.parse({"site": {"name": "SOHR"}}, tmp_path)
    assert [ws.site_name_for(code) for code in ("en", "ar", "ckb", "kmr")] == ["SOHR"] * 4
    assert config.parse({}, tmp_path).site_name_for("ar") == ""


@pytest.mark.parametrize("name, message", [
    ({"en": "SOHR", "de": "SOHR"}, "'de', not a workspace language"),
    ({"en": "SOHR", "ar": 3}, r"name\.ar must be a non-empty string"),
    ({"en": "SOHR", "ar": " "}, r"name\.ar must be a non-empty string"),
    ({"ar": "المرصد"}, "needs the source language's name"),
    (["SOHR"], "a string or a table of names by language"),
])
def test_site_name_mistakes_are_errors_naming_the_file(tmp_path, name, message):
    with pytest.raises(ConfigError, match=message) as info:
        config.parse({"site": {"name": name}}, tmp_path, tmp_path / "dragoman.toml")
    assert str(tmp_path / "dragoman.toml") in str(info.value)


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


def test_a_workspace_load_imports_the_owner_of_a_table_only_when_the_table_is_there(
        sample_workspace):
    """[memory] and [checks] are checked at load by their packages, which a workspace without
    those tables does not import (``dragoman update`` of the sample workspace)."""
    import subprocess
    import sys

    owners = ("dragoman.memory", "dragoman.checks")
    code = ("import sys; from pathlib import Path; from dragoman import config; "
            "config.load(Path(sys.argv[1])); "
            f"print(*[name for name in {owners!r} if name in sys.modules])")

    def imported() -> list[str]:
        return subprocess.run([sys.executable, "-c", code, str(sample_workspace)],
                              capture_output=True, text=True, check=True).stdout.split()

    assert imported() == []
    with (sample_workspace / "dragoman.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[memory]\ncutoff = 0.8\n\n[checks]\nadmit = ["Facebook"]\n')
    assert imported() == list(owners)
