import pytest
from click.testing import CliRunner

from dragoman import config
from dragoman.cli import cli
from dragoman.errors import ConfigError
from dragoman.workspace import init_workspace


def test_init_creates_a_loadable_workspace_with_the_shipped_glossary(tmp_path):
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "news")])
    assert result.exit_code == 0, result.output
    ws = config.load(tmp_path / "news")
    assert ws.target_languages == ("ar", "ckb", "kmr")
    assert ws.sources_dir.is_dir() and ws.locales_dir.is_dir()
    assert sorted(p.name for p in ws.glossary_dir.glob("*.tsv")), "shipped glossary copied"
    assert "site/" in (tmp_path / "news" / ".gitignore").read_text()


def test_init_never_overwrites_a_workspace(tmp_path):
    init_workspace(tmp_path)
    (tmp_path / "dragoman.toml").write_text("# edited\n", "utf-8")
    with pytest.raises(ConfigError, match="not overwriting"):
        init_workspace(tmp_path)
    assert (tmp_path / "dragoman.toml").read_text() == "# edited\n"
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code != 0


def test_commented_examples_in_the_new_config_are_valid_settings(tmp_path):
    """Uncommenting every example of the config `init` writes gives a workspace that loads."""
    from dragoman.checks import CheckConfig

    init_workspace(tmp_path)
    path = tmp_path / "dragoman.toml"
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join(
        line[2:] if line.startswith("# ") and ("=" in line or line.startswith("# [")) else line
        for line in lines) + "\n", "utf-8")
    ws = config.load(tmp_path)
    assert sorted(ws.sections) == ["checks", "memory", "wordpress"]
    assert ws.languages["ar"].digits == "latn"
    assert "length-ratio" in CheckConfig.from_workspace(ws).disabled


def test_line_break_setting_reaches_segmentation(tmp_path):
    from dragoman import pipeline

    init_workspace(tmp_path)
    (tmp_path / "sources" / "r.txt").write_text("Headline\n\nFirst line\nsecond line.\n", "utf-8")
    article = list(pipeline.read_articles(config.load(tmp_path)).values())[0]
    assert [s.text for s in article.blocks[1].segments] == ["First line", "second line."]
    path = tmp_path / "dragoman.toml"
    path.write_text(path.read_text("utf-8").replace("line_breaks = true", "line_breaks = false"))
    article = list(pipeline.read_articles(config.load(tmp_path)).values())[0]
    assert [s.text for s in article.blocks[1].segments] == ["First line\nsecond line."]
    path.write_text(path.read_text("utf-8").replace("line_breaks = false", 'line_breaks = "no"'))
    with pytest.raises(ConfigError, match="line_breaks"):
        config.load(tmp_path)
