"""The static site: files, shared hreflang sets, feeds, sitemap, indexes, output safety."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import replace

import lxml.etree
import lxml.html
import pytest

import _editions as sample
from conftest import require_tool
from dragoman.assemble import merge
from dragoman.errors import AssembleError
from dragoman.publish.site import build_site, render_feed, safe_path

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGS = ["en", "ar", "ckb", "kmr"]


@pytest.fixture
def ws(tmp_path):
    return sample.workspace(tmp_path / "ws")


@pytest.fixture
def built(ws):
    art = sample.article()
    return ws, build_site(ws, [art], sample.editions(ws, art)).written


def test_every_file_of_the_site_is_written_inside_the_output_folder(built):
    ws, paths = built
    out = ws.output_dir
    rel = {p.relative_to(out).as_posix() for p in paths}
    for lang in LANGS:
        assert {f"{lang}/siege/index.html", f"{lang}/siege.md", f"{lang}/siege.txt",
                f"content/{lang}/reports/siege.md", f"{lang}/index.html", f"{lang}/feed.atom"} <= rel
    assert {"sitemap.xml", "index.html", "assets/dragoman.css"} <= rel
    assert all(p.is_file() for p in paths)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert (out / "content/ar/reports/siege.md").read_text("utf-8") == (out / "ar/siege.md").read_text("utf-8")


def test_the_same_alternate_set_on_every_edition(built):
    ws, _ = built
    sets = []
    for lang in LANGS:
        doc = lxml.html.parse(str(ws.output_dir / lang / "siege" / "index.html")).getroot()
        assert doc.get("lang") == lang
        sets.append(sorted((l.get("hreflang"), l.get("href")) for l in doc.findall(".//link[@rel='alternate']")))
    assert all(s == sets[0] for s in sets)
    assert [h for h, _ in sets[0]] == sorted(LANGS + ["x-default"])


def test_every_page_parses_without_html_errors(ws):
    import html5lib

    from test_assemble import HOSTILE

    art = sample.article()
    editions = sample.editions(ws, art)
    editions["ar"] = [merge(art, HOSTILE, "ar")]
    pages = [p for p in build_site(ws, [art], editions).written if p.suffix == ".html"]
    assert len(pages) == 4 + 4 + 1
    parser = html5lib.HTMLParser(strict=True)
    for path in pages:
        parser.parse(path.read_text("utf-8"))  # raises on any parse error, with its message


def test_an_edition_no_longer_built_is_withdrawn(ws):
    art = sample.article()
    build_site(ws, [art], sample.editions(ws, art))
    assert (ws.output_dir / "ckb" / "siege" / "index.html").is_file()
    editions = sample.editions(ws, art)
    del editions["ckb"]
    build_site(ws, [art], editions)
    assert not (ws.output_dir / "ckb" / "siege").exists()
    assert not (ws.output_dir / "ckb" / "siege.md").exists()
    assert not (ws.output_dir / "content" / "ckb" / "reports" / "siege.md").exists()
    ar = (ws.output_dir / "ar" / "siege" / "index.html").read_text("utf-8")
    assert 'hreflang="ckb"' not in ar and 'hreflang="kmr"' in ar


def test_a_withdrawn_report_loses_every_file_dragoman_wrote_for_it_and_no_other(ws):
    art = sample.article()
    other = replace(sample.article(), slug="other")
    build_site(ws, [art, other], {**sample.editions(ws, art)})
    out = ws.output_dir
    theirs = [out / "ar" / "siege" / "notes.txt", out / "content" / "ar" / "reports" / "mine.md",
              out / "ar" / "siege.html"]
    for path in theirs:
        path.write_text("not dragoman's\n", "utf-8")
    site = build_site(ws, [other], {})
    assert site.retracted == ["siege"]
    for lang in LANGS:
        assert not (out / lang / "siege" / "index.html").exists()
        assert not (out / lang / "siege.md").exists() and not (out / lang / "siege.txt").exists()
        assert not (out / "content" / lang / "reports" / "siege.md").exists()
    assert (out / "en" / "other" / "index.html").is_file()
    assert all(path.read_text("utf-8") == "not dragoman's\n" for path in theirs)
    assert "siege" not in (out / "sitemap.xml").read_text("utf-8")
    assert build_site(ws, [other], {}).retracted == []


def test_navigation_links_resolve_to_written_pages(built):
    ws, _ = built
    page = ws.output_dir / "ar" / "siege" / "index.html"
    doc = lxml.html.parse(str(page)).getroot()
    for a in doc.findall(".//nav//a"):
        assert (page.parent / a.get("href")).resolve().is_file(), a.get("href")
    assert (page.parent / doc.find(".//link[@rel='stylesheet']").get("href")).resolve().is_file()


def test_atom_feed_per_language_with_xml_lang(built):
    ws, _ = built
    for lang in LANGS:
        feed = lxml.etree.parse(str(ws.output_dir / lang / "feed.atom")).getroot()
        assert feed.tag == f"{ATOM}feed"
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 1
        assert entries[0].find(f"{ATOM}link").get("href") == f"https://example.org/reports/{lang}/siege/"
        assert entries[0].findtext(f"{ATOM}published") == "2021-01-24T14:05:00+02:00"
        assert feed.find(f"{ATOM}author/{ATOM}name").text
    ar = lxml.etree.parse(str(ws.output_dir / "ar" / "feed.atom")).getroot()
    assert ar.find(f"{ATOM}entry/{ATOM}summary").text.startswith("أحصى \u2068SOHR\u2069 15")


def test_sitemap_lists_every_edition_with_xhtml_alternates(built):
    ws, _ = built
    urlset = lxml.etree.parse(str(ws.output_dir / "sitemap.xml")).getroot()
    urls = urlset.findall(f"{SM}url")
    assert [u.findtext(f"{SM}loc") for u in urls] == [f"https://example.org/reports/{l}/siege/" for l in LANGS]
    for url in urls:
        links = {l.get("hreflang"): l.get("href") for l in url.findall(f"{XHTML}link")}
        assert set(links) == set(LANGS) | {"x-default"}
        assert links["x-default"] == "https://example.org/reports/en/siege/"
        assert url.findtext(f"{SM}lastmod") == "2021-01-24T14:05:00+02:00"


def test_root_index_lists_originals_then_editions_with_completion(built):
    ws, _ = built
    doc = lxml.html.parse(str(ws.output_dir / "index.html")).getroot()
    sections = doc.findall(".//section")
    assert [(s.get("lang"), s.get("dir")) for s in sections] == [
        ("en", "ltr"), ("ar", "rtl"), ("ckb", "rtl"), ("kmr", "ltr")]
    assert [s.get("class") for s in sections] == ["source", None, None, None]
    completion = {s.get("lang"): s.findtext(".//span[@class='completion']") for s in sections}
    assert completion == {"en": None, "ar": "86%", "ckb": "100%", "kmr": "%100"}  # CLDR's ku pattern
    assert sections[1].find(".//a[bdi]").get("href") == "ar/siege/index.html"
    source = sections[0].text_content()
    assert "Original reports" in source and "source language" in source
    assert "translated" not in source and "English (English)" not in doc.text_content()


def test_root_index_meta_lines_speak_their_sections_language(built):
    ws, _ = built
    doc = lxml.html.parse(str(ws.output_dir / "index.html")).getroot()
    ar = doc.find(".//section[@lang='ar']")
    meta = ar.find(".//p[@class='meta']")
    assert meta.get("dir") is None and meta.get("lang") is None  # the section's: rtl, aligned
    assert meta.find("time").text == "24 يناير 2021"
    assert "ترجمة: Sample Translator" in meta.text_content()
    assert ar.find(".//a[@type='application/atom+xml']").text == "خلاصة Atom"


def test_language_names_have_no_nested_parentheses(built):
    ws, _ = built
    for page in ws.output_dir.rglob("*.html"):
        text = lxml.html.parse(str(page)).getroot().text_content()
        assert not re.search(r"\([^()]*\(", text), page


def test_pages_carry_the_site_name_of_their_language(tmp_path):
    ws = sample.workspace_with_site_names(tmp_path / "ws")
    art = sample.article()
    build_site(ws, [art], sample.editions(ws, art))
    for lang in LANGS:
        name = sample.SITE_NAMES.get(lang, sample.SITE_NAMES["en"])
        page = lxml.html.parse(str(ws.output_dir / lang / "siege" / "index.html")).getroot()
        assert page.find(".//p[@class='site-name']").text_content() == name
        assert page.find(".//meta[@property='og:site_name']").get("content") == name
        ld = json.loads(page.find(".//script[@type='application/ld+json']").text)
        assert ld["publisher"]["name"] == name
        index = lxml.html.parse(str(ws.output_dir / lang / "index.html")).getroot()
        assert index.find(".//p[@class='site-name']").text_content() == name
        feed = lxml.etree.parse(str(ws.output_dir / lang / "feed.atom")).getroot()
        assert feed.findtext(f"{ATOM}author/{ATOM}name") == name
        assert feed.findtext(f"{ATOM}title").startswith(name)
    for lang in ("ar", "ckb"):
        for path in (ws.output_dir / lang).rglob("*"):
            if path.is_file():
                assert sample.SITE_NAMES["en"] not in path.read_text("utf-8"), path


def test_language_index_pages(built):
    ws, _ = built
    doc = lxml.html.parse(str(ws.output_dir / "ckb" / "index.html")).getroot()
    assert (doc.get("lang"), doc.get("dir")) == ("ckb", "rtl")
    assert doc.find(".//ul[@class='editions']//a").get("href") == "siege/index.html"
    assert doc.find(".//link[@type='application/atom+xml']").get("href") == "feed.atom"


def test_drafts_need_a_draft_build(ws):
    art = sample.article()
    strict = sample.workspace(ws.root, '\n[languages.ar]\nthreshold = 0.95\n')
    editions = sample.editions(strict, art, draft=True)
    with pytest.raises(AssembleError, match="draft"):
        build_site(strict, [art], editions)
    paths = build_site(strict, [art], editions, draft=True).written
    page = (strict.output_dir / "ar" / "siege" / "index.html").read_text("utf-8")
    assert 'class="draft-banner"' in page and strict.output_dir / "ar" / "siege" / "index.html" in paths
    assert "draft: true" in (strict.output_dir / "content" / "ar" / "reports" / "siege.md").read_text("utf-8")


@pytest.mark.parametrize("slug", ["../evil", "..", ".hidden", "a/b", "/etc/passwd", "a\\b", "évian"])
def test_a_slug_that_would_leave_the_output_folder_is_refused(ws, slug):
    art = replace(sample.article(), slug=slug)
    with pytest.raises(AssembleError, match="refusing to write"):
        build_site(ws, [art], {"ar": [merge(art, sample.TRANSLATIONS["ar"], "ar")]})
    assert not ws.output_dir.exists() or not any(ws.output_dir.rglob("*.html"))
    assert not (ws.root.parent / "evil").exists()


def test_a_section_that_would_leave_the_output_folder_is_refused(ws):
    art = sample.article()
    art = replace(art, meta=replace(art.meta, extra={"section": "../../outside"}))
    with pytest.raises(AssembleError, match="refusing to write"):
        build_site(ws, [art], {})


def test_a_symlink_leading_out_of_the_output_folder_is_refused(ws, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    ws.output_dir.mkdir(parents=True)
    os.symlink(outside, ws.output_dir / "ar")
    with pytest.raises(AssembleError, match="outside the output folder"):
        safe_path(ws.output_dir, "ar", "siege", "index.html")


def test_workspace_stylesheet_replaces_the_shipped_one(ws):
    (ws.root / "templates").mkdir()
    (ws.root / "templates" / "dragoman.css").write_text("body { margin-inline: 0; }\n", "utf-8")
    art = sample.article()
    build_site(ws, [art], {})
    assert (ws.output_dir / "assets" / "dragoman.css").read_text("utf-8") == "body { margin-inline: 0; }\n"


def test_feed_without_a_site_url_still_has_ids(tmp_path):
    ws = sample.workspace(tmp_path / "ws")
    ws = replace(ws, site_url="")
    art = sample.article()
    feed = lxml.etree.fromstring(render_feed(ws, "kmr", sample.editions(ws, art)["kmr"]).encode())
    assert feed.findtext(f"{ATOM}id").startswith("urn:dragoman:")
    assert feed.find(f"{ATOM}entry/{ATOM}id").text.endswith(":siege")


def test_nothing_is_written_when_one_path_is_refused(ws):
    good = sample.article()
    bad = replace(sample.article(), slug="../escape")
    with pytest.raises(AssembleError):
        build_site(ws, [good, bad], {})
    assert not ws.output_dir.exists()


def test_unchanged_files_are_left_alone(built):
    ws, paths = built
    before = {p: p.stat().st_mtime_ns for p in paths}
    art = sample.article()
    again = build_site(ws, [art], sample.editions(ws, art)).written
    assert sorted(again) == sorted(paths)
    assert {p: p.stat().st_mtime_ns for p in again} == before


def test_an_undated_report_is_updated_when_its_source_changed(ws):
    source = ws.root / "sources" / "siege.md"
    source.parent.mkdir()
    source.write_text(sample.SOURCE.replace("date: 2021-01-24T14:05:00+02:00\n", ""), "utf-8")
    os.utime(source, (1_600_000_000, 1_600_000_000))
    art = sample.article(source.read_text("utf-8"), str(source))
    assert art.meta.date is None
    build_site(ws, [art], sample.editions(ws, art))
    feed = lxml.etree.parse(str(ws.output_dir / "ar" / "feed.atom")).getroot()
    assert feed.findtext(f"{ATOM}entry/{ATOM}updated") == "2020-09-13T12:26:40+00:00"
    assert feed.find(f"{ATOM}entry/{ATOM}published") is None
    page = (ws.output_dir / "ar" / "siege" / "index.html").read_text("utf-8")
    assert "datePublished" not in page


HUGO_CONFIG = """\
baseURL = "https://example.org/"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[languages.en]
contentDir = "content/en"
[languages.ar]
contentDir = "content/ar"
languageDirection = "rtl"
[languages.ckb]
contentDir = "content/ckb"
languageDirection = "rtl"
[languages.kmr]
contentDir = "content/kmr"
"""
HUGO_LAYOUT = """\
<!DOCTYPE html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">
{{ end }}</head><body><time>{{ .Date.Format "2006-01-02T15:04:05-07:00" }}</time>{{ .Content }}</body></html>
"""


def test_hugo_builds_and_links_the_content_editions(ws, tmp_path):
    """Debian's Hugo reads the front matter and links the editions by path and translationKey;
    a draft edition stays out of a normal Hugo build."""
    hugo = require_tool("hugo", "run 'make site-deps'")
    art = sample.article()
    editions = sample.editions(ws, art)
    editions["kmr"] = [merge(art, {}, "kmr", "fallback", 0.5, draft=True)]
    build_site(ws, [art], editions, draft=True)
    project = tmp_path / "hugo"
    shutil.copytree(ws.output_dir / "content", project / "content")
    (project / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    (project / "layouts" / "_default").mkdir(parents=True)
    (project / "layouts" / "_default" / "single.html").write_text(HUGO_LAYOUT, "utf-8")
    run = subprocess.run([hugo, "--source", str(project), "--quiet"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    public = project / "public"
    assert not (public / "kmr" / "reports" / "siege").exists()
    for lang in ("en", "ar", "ckb"):
        doc = lxml.html.parse(str(public / lang / "reports" / "siege" / "index.html")).getroot()
        assert doc.get("lang") == lang
        assert {l.get("hreflang") for l in doc.findall(".//link[@rel='alternate']")} == {"en", "ar", "ckb"}
        assert doc.findtext(".//time") == "2021-01-24T14:05:00+02:00"
    ar = lxml.html.parse(str(public / "ar" / "reports" / "siege" / "index.html")).getroot()
    assert ar.findtext(".//title") == "الأسايش تواصل حصار قوات النظام في الحسكة"
    assert ar.find(".//em").text == "السكان"
    assert ar.find(".//a[@href='https://www.syriahr.com/en/']").text_content() == "\u2068SOHR\u2069"


def test_completion_is_never_rounded_up_to_complete(ws):
    art = sample.article()
    translations = dict(sample.TRANSLATIONS["kmr"])
    del translations["Tayy alley"]  # 2 of 36 words: 94.4%
    build_site(ws, [art], {"kmr": [merge(art, translations, "kmr", "fallback", 0.5)]})
    doc = lxml.html.parse(str(ws.output_dir / "index.html")).getroot()
    kmr = doc.find(".//section[@lang='kmr']")
    completion = kmr.find(".//span[@class='completion']")
    assert completion.text == "%94"  # CLDR's Kurmanji (ku) pattern puts the sign first
    assert completion.get("title") == "34/36"  # translated words of all
    from dragoman.assemble.localize import floor_percent

    assert f"{floor_percent(0.996):.0%}" == "99%" and f"{floor_percent(1.0):.0%}" == "100%"


def test_a_workspace_labels_table_without_the_newer_words_still_builds(ws):
    (ws.root / "templates").mkdir()
    (ws.root / "templates" / "labels.tsv").write_text(
        "key\ten\tar\nfeed\tNews feed\tخلاصة الأخبار\n", "utf-8")
    art = sample.article()
    build_site(ws, [art], sample.editions(ws, art))
    doc = lxml.html.parse(str(ws.output_dir / "index.html")).getroot()
    ar = doc.find(".//section[@lang='ar']")
    assert ar.find(".//a[@type='application/atom+xml']").text == "خلاصة الأخبار"
    assert "نسبة الترجمة" in ar.find(".//p[@class='meta']").text_content()  # a shipped word
