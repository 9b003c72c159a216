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


def test_init_in_a_folder_with_an_invalid_glossary_says_so(tmp_path):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "ours.tsv").write_text(
        "concept\tlang\tterm\tstatus\tkind\tnote\nx\ten\tX\tpreferd\tcity\t\n", "utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "ours.tsv:2: " in result.stderr and "unknown status 'preferd'" in result.stderr
    assert "must be fixed" in result.stderr
    assert (tmp_path / "dragoman.toml").is_file()


def test_workspace_option_before_the_command(sample_workspace, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for option in ("-C", "--workspace"):
        result = CliRunner().invoke(cli, [option, str(sample_workspace), "build"])
        assert result.exit_code == 0, result.output
        assert (sample_workspace / "site" / "index.html").is_file()
    assert CliRunner().invoke(cli, ["-C", str(sample_workspace), "stats"]).exit_code == 0


def test_empty_workspace_and_counts_read_as_english(tmp_path):
    init_workspace(tmp_path)
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "-C", str(tmp_path)])
    assert built.exit_code == 0 and "no reports in sources/" in built.stderr
    assert "no editions" not in built.stderr
    assert "no reports in sources/" in runner.invoke(cli, ["update", "-C", str(tmp_path)]).stderr
    (tmp_path / "sources" / "r.txt").write_text("Title\n\nOne sentence.\n", "utf-8")
    assert "1 report processed" in runner.invoke(cli, ["update", "-C", str(tmp_path)]).stderr


def test_glossary_lint_takes_a_folder(sample_workspace):
    result = CliRunner().invoke(cli, ["glossary", "lint", "-C", str(sample_workspace),
                                      str(sample_workspace / "sources")])
    assert result.exit_code == 1, result.output
    assert "sample-report.txt:" in result.stdout and "bread-crisis-hasakah-qamishli.html:" in result.stdout
