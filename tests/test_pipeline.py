"""End to end: a copy of the sample workspace through `dragoman build` to its editions."""

import re
import subprocess

import pytest
from click.testing import CliRunner

from dragoman import config, pipeline
from dragoman.catalog.po import read_po
from dragoman.cli import cli

LANGS = ("en", "ar", "ckb", "kmr")
DIRECTION = {"en": "ltr", "ar": "rtl", "ckb": "rtl", "kmr": "ltr"}
SCRIPT = {"ar": "[\u0600-\u06ff]", "ckb": "[\u06d5\u06ce\u06c6\u0695\u06b5]", "kmr": "[êîûçş]"}


@pytest.fixture(scope="module")
def built(tmp_path_factory, request):
    from conftest import REPO
    import shutil

    ws_dir = tmp_path_factory.mktemp("ws")
    shutil.copy(REPO / "dragoman.toml", ws_dir / "dragoman.toml")
    for folder in ("sources", "glossary", "locales"):
        shutil.copytree(REPO / folder, ws_dir / folder)
    result = CliRunner().invoke(cli, ["build", "-C", str(ws_dir)])
    assert result.exit_code == 0, result.output
    return config.load(ws_dir), result


def test_build_writes_four_editions_of_every_sample_report(built):
    ws, result = built
    slugs = [a.slug for a in pipeline.read_articles(ws).values()]
    assert len(slugs) >= 2
    for slug in slugs:
        for lang in LANGS:
            page = (ws.output_dir / lang / slug / "index.html").read_text("utf-8")
            html_tag = re.search(r"<html[^>]*>", page).group(0)
            assert f'lang="{lang}"' in html_tag and f'dir="{DIRECTION[lang]}"' in html_tag
            assert (ws.output_dir / lang / f"{slug}.md").is_file()
            assert (ws.output_dir / lang / f"{slug}.txt").is_file()
            if lang in SCRIPT:
                text = (ws.output_dir / lang / f"{slug}.txt").read_text("utf-8")
                assert re.search(SCRIPT[lang], text), f"{lang} edition of {slug} is translated"
    index = (ws.output_dir / "index.html").read_text("utf-8")
    assert all(slug in index for slug in slugs)


def test_english_edition_uses_preferred_spellings_and_lint_reports_variants(built):
    ws, result = built
    text = (ws.output_dir / "en" / "asayish-siege-hasakah-qamishli.txt").read_text("utf-8")
    assert "Al-Qamishily" not in text and "Al-Hasaka " not in text and "al-Hasakeh" not in text
    assert "al-Hasakah" in text
    stderr = result.stderr if hasattr(result, "stderr") else result.output
    assert "Al-Qamishily" in stderr and "Al-Qamishi" in stderr


def test_catalogs_are_complete_and_pass_msgfmt_check(built, msgfmt):
    ws, _ = built
    pos = sorted(ws.locales_dir.glob("*/LC_MESSAGES/*.po"))
    assert len(pos) == 3 * len(pipeline.read_articles(ws))
    for po in pos:
        run = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)],
                             capture_output=True, text=True)
        assert run.returncode == 0, f"{po}: {run.stderr}"
    for pot in ws.locales_dir.glob("templates/*.pot"):
        assert pot.read_text("utf-8").count('msgid "') > 5


def test_build_keeps_every_translation(built):
    ws, _ = built
    from conftest import REPO

    for po in (REPO / "locales").glob("*/LC_MESSAGES/*.po"):
        before = {m.msgid: m.msgstr for m in read_po(po).messages if m.translated and not m.fuzzy}
        after = {m.msgid: m.msgstr for m in read_po(ws.locales_dir / po.relative_to(REPO / "locales")).messages}
        assert all(after.get(k) == v for k, v in before.items()), po


def test_untranslated_segment_falls_back_to_marked_english(sample_workspace):
    ws = config.load(sample_workspace)
    report = ws.sources_dir / "extra.txt"
    report.write_text("---\nslug: extra\n---\nA new headline\n\nA sentence nobody translated.\n",
                      "utf-8")
    result = pipeline.build(ws, draft=True)
    page = (ws.output_dir / "ar" / "extra" / "index.html").read_text("utf-8")
    assert re.search(r'<(span|p)[^>]*lang="en"[^>]*dir="ltr"[^>]*>A sentence nobody translated\.', page)
    assert any(e.slug == "extra" and not e.complete for e in result.editions["ar"])


def test_build_reads_and_segments_each_report_once(sample_workspace, monkeypatch):
    import dragoman.readers as readers

    seen = []
    read_article = readers.read_article
    monkeypatch.setattr(readers, "read_article",
                        lambda path, *a, **k: seen.append(path) or read_article(path, *a, **k))
    (sample_workspace / "locales").joinpath(".dragoman-state.json").unlink(missing_ok=True)
    result = pipeline.build(config.load(sample_workspace))
    assert len(result.articles) >= 2 and sorted(seen) == sorted(set(seen))


def test_build_hashes_each_report_once_for_the_lint_cache_and_the_catalogs_state(
        sample_workspace, monkeypatch):
    import dragoman.catalog.workflow as workflow

    hashed = []
    hash_source = workflow.hash_source
    monkeypatch.setattr(workflow, "hash_source",
                        lambda path: hashed.append(path) or hash_source(path))
    (sample_workspace / "locales").joinpath(".dragoman-state.json").unlink(missing_ok=True)
    result = pipeline.build(config.load(sample_workspace))
    assert len(result.articles) >= 2 and sorted(map(str, hashed)) == sorted(a.path for a in result.articles)
    assert (sample_workspace / "locales" / pipeline.LINT_CACHE).exists()


def test_build_refuses_utf8_catalog_under_a_legacy_charset_header(sample_workspace):
    """A UTF-8 catalog whose header says windows-1256: exit 2 naming file:line and both
    character sets, and the catalog is left byte for byte as it was."""
    po = sample_workspace / "locales" / "ar" / "LC_MESSAGES" / "bread-crisis-hasakah-qamishli.po"
    po.write_bytes(po.read_bytes().replace(b"charset=UTF-8", b"charset=windows-1256"))
    before = po.read_bytes()
    (sample_workspace / "locales" / ".dragoman-state.json").unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["build", "-C", str(sample_workspace)])
    assert result.exit_code == 2, result.output
    assert re.search(r"bread-crisis-hasakah-qamishli\.po:\d+: .*windows-1256.*UTF-8", result.output)
    assert po.read_bytes() == before


def test_a_report_withdrawn_from_sources_is_unpublished_by_the_next_build(sample_workspace):
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "-C", str(sample_workspace)]).exit_code == 0
    site = sample_workspace / "site"
    slug = "asayish-siege-hasakah-qamishli"
    before = [p for p in site.rglob("*") if p.is_file() and slug in p.as_posix()]
    assert len(before) == 4 * 4
    (sample_workspace / "sources" / "sample-report.txt").unlink()
    result = runner.invoke(cli, ["build", "-C", str(sample_workspace)])
    assert result.exit_code == 0, result.output
    assert f"no longer in sources/: {slug}" in result.output
    assert not [p for p in site.rglob("*") if slug in p.as_posix()]
    assert (site / "ar" / "bread-crisis-hasakah-qamishli" / "index.html").is_file()


def test_build_reports_every_broken_report_in_one_run(sample_workspace):
    sources = sample_workspace / "sources"
    (sources / "broken-one.txt").write_bytes(b"Title\n\nLatin-1 \xe9 text.\n")
    (sources / "broken-two.md").write_text("---\ndate: not a date\n---\n# Title\n\nText.\n", "utf-8")
    result = CliRunner().invoke(cli, ["build", "-C", str(sample_workspace)])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("dragoman: error: ")]
    assert len(errors) == 2, result.stderr
    assert "broken-one.txt" in errors[0] and "broken-two.md" in errors[1]
    assert not (sample_workspace / "site").exists()


def _lint_lines(stderr: str) -> list[str]:
    """The glossary findings a build listed on stderr."""
    return [line for line in stderr.splitlines() if re.search(r": (deprecated|suspected): ", line)]


def test_an_unchanged_rebuild_counts_the_lint_findings_it_does_not_list_again(sample_workspace,
                                                                              monkeypatch):
    import dragoman.glossary

    runner = CliRunner()
    args = ["build", "-C", str(sample_workspace)]
    first = runner.invoke(cli, args)
    listed = _lint_lines(first.stderr)
    assert len(listed) > 2 and "unchanged reports" not in first.stderr
    linted = []
    real = dragoman.glossary.lint_file
    monkeypatch.setattr(dragoman.glossary, "lint_file",
                        lambda g, path, **kw: linted.append(path) or real(g, path, **kw))
    second = runner.invoke(cli, args)
    assert second.exit_code == 0 and linted == []
    assert not _lint_lines(second.stderr)
    assert f"{len(listed)} finding(s) in unchanged reports (dragoman glossary lint to list them)" in second.stderr
    assert runner.invoke(cli, [*args, "--strict"]).exit_code == 1

    report = sample_workspace / "sources" / "sample-report.txt"
    report.write_text(report.read_text("utf-8") + "\nAnother line about Al-Hasaka.\n", "utf-8")
    third = runner.invoke(cli, args)
    again = _lint_lines(third.stderr)
    assert again and all("sample-report.txt" in l for l in again)
    others = len([l for l in listed if "sample-report.txt" not in l])
    assert f"{others} finding(s) in unchanged reports" in third.stderr


def test_unsafe_markup_removed_from_a_translation_is_a_warning_with_its_line(sample_workspace):
    po = sample_workspace / "locales" / "ar" / "LC_MESSAGES" / "bread-crisis-hasakah-qamishli.po"
    catalog = read_po(po)
    html_ids = {s.text for b in pipeline.read_source(config.load(sample_workspace),
                                                     sample_workspace / "sources" / "bread-crisis-hasakah-qamishli.html").blocks
                if b.markup == "html" for s in b.segments}
    target = next(m for m in catalog.messages if m.msgid in html_ids and m.translated and not m.obsolete)
    target.msgstr += '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">x</a>'
    catalog.header["Last-Translator"] = "<script>alert(3)</script> Desk <desk@example.org>"
    from dragoman.catalog.po import write_po

    write_po(po, catalog)
    line = read_po(po).get(target.msgid).lineno
    result = CliRunner().invoke(cli, ["build", "-C", str(sample_workspace)])
    assert result.exit_code == 0, result.output
    assert f"{po}:{line}: warning: unsafe markup removed" in result.stderr
    assert "<img>" in result.stderr and "javascript: link" in result.stderr
    assert re.search(rf"{re.escape(str(po))}:\d+: warning: the header field Last-Translator carries markup",
                     result.stderr)
    page = (sample_workspace / "site" / "ar" / "bread-crisis-hasakah-qamishli" / "index.html").read_text("utf-8")
    assert "onerror" not in page and "javascript:" not in page and "alert(3)" not in page
