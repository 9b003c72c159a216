"""Merge (policy, threshold, words) and rendering (HTML, Markdown, text) of editions."""

from __future__ import annotations

import html as htmlmod
import json
import re

import lxml.html
import pytest
from hypothesis import given, settings, strategies as st

import _editions as sample
from dragoman.assemble import merge, render_html, render_markdown, render_text
from dragoman.assemble.bidi import FSI, LATIN_RUN, LRI, PDI, isolate_html, isolate_text
from dragoman.assemble.merge import edition_for, plain_text, translators_of
from dragoman.catalog.stats import count_words
from dragoman.assemble.render import alternates_for
from dragoman.assemble.sanitize import sanitize_inline
from dragoman.errors import AssembleError
from dragoman.model import Article, Block, Meta

QUOTE = "A quoted source said so."


@pytest.fixture
def ws(tmp_path):
    return sample.workspace(tmp_path / "ws")


@pytest.fixture
def art():
    return sample.article()


def page(text: str):
    return lxml.html.document_fromstring(text)


def edition(art, lang, policy="fallback", threshold=0.0, **kw):
    return merge(art, sample.TRANSLATIONS[lang], lang, policy, threshold, **kw)


# -- merge ---------------------------------------------------------------------------------

def test_translated_segments_and_gaps_rebuild_the_block(art):
    ar = edition(art, "ar")
    first = ar.body[0]
    assert plain_text(first.html) == "أحصى SOHR 15 يوماً من الحصار. السكان يغادرون سيراً على الأقدام."
    assert "<em>السكان</em>" in first.html
    assert first.translated


def test_fallback_marks_the_source_text_with_its_language_and_direction(art):
    translations = dict(sample.TRANSLATIONS["ar"])
    del translations["<em>Residents</em> leave on foot."]
    ar = merge(art, translations, "ar")
    assert ar.body[0].html == ('أحصى SOHR 15 يوماً من الحصار. <span class="fallback" lang="en" dir="ltr">'
                               '<em>Residents</em> leave on foot.</span>')
    assert not ar.body[0].translated and not ar.body[0].dir


def test_a_block_without_any_translation_is_in_the_source_language_as_a_whole(art):
    ar = edition(art, "ar")
    quote = next(b for b in ar.blocks if b.kind == "quote")
    assert (quote.html, quote.lang, quote.dir, quote.translated) == (QUOTE, "en", "ltr", False)


def test_omit_drops_untranslated_segments_and_empty_blocks(art):
    translations = dict(sample.TRANSLATIONS["ar"])
    del translations["<em>Residents</em> leave on foot."]
    ar = merge(art, translations, "ar", "omit", 0.0)
    assert [b.kind for b in ar.blocks].count("quote") == 0
    assert plain_text(ar.body[0].html) == "أحصى SOHR 15 يوماً من الحصار."
    assert "fallback" not in "".join(b.html for b in ar.blocks)


def test_refuse_names_the_line_of_the_first_untranslated_block(art):
    with pytest.raises(AssembleError) as err:
        edition(art, "ar", "refuse")
    assert err.value.line == 14 and err.value.path == "sources/siege.md"
    assert "refuse" in str(err.value)
    assert edition(art, "ckb", "refuse").completion == 1.0


def test_completion_is_counted_in_source_words_as_stats_counts_them(art):
    ar = edition(art, "ar")
    assert ar.words == sum(count_words(s.text) for b in art.blocks for s in b.segments) == 36
    assert ar.translated_words == 36 - count_words(QUOTE) == 31
    assert ar.completion == pytest.approx(31 / 36)


def test_below_threshold_is_refused_unless_draft(art):
    with pytest.raises(AssembleError, match="below the threshold of 90%.*--draft"):
        edition(art, "ar", threshold=0.9)
    draft = edition(art, "ar", threshold=0.9, draft=True)
    assert draft.draft and not draft.complete
    text = render_html(draft)
    assert 'class="draft-banner"' in text and "86%" in text
    assert '<meta name="robots" content="noindex">' in text
    assert 'class="draft-banner"' not in render_html(edition(art, "ckb", threshold=0.9, draft=True))


def test_a_draft_falls_back_instead_of_refusing(art):
    draft = edition(art, "ar", "refuse", 0.0, draft=True)
    assert [b.kind for b in draft.blocks if not b.translated] == ["quote"]


def test_source_language_edition_is_the_source(art):
    en = merge(art, {}, "en")
    assert en.is_source and en.completion == 1.0
    assert [plain_text(b.html) for b in en.blocks] == [plain_text(b.text) for b in art.blocks]


def test_lookup_tolerates_whitespace_differences():
    art = Article("s", "en", Meta(), (Block("paragraph", "One  two\nthree.").with_segments([(0, 15)]),))
    assert merge(art, {"One two three.": "یەک دوو سێ."}, "ckb").blocks[0].html == "یەک دوو سێ."


def test_unsegmented_blocks_count_as_one_segment():
    art = Article("s", "en", Meta(), (Block("paragraph", "Not segmented yet."),))
    ed = merge(art, {"Not segmented yet.": "Hê nehatiye parçekirin."}, "kmr")
    assert ed.completion == 1.0 and ed.blocks[0].html == "Hê nehatiye parçekirin."


def test_unknown_policy_is_an_error(art):
    with pytest.raises(AssembleError, match="unknown fallback policy"):
        merge(art, {}, "ar", "guess")


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(_text, min_size=1, max_size=6))
def test_identity_translations_rebuild_plain_blocks_byte_for_byte(pieces):
    text = "".join(pieces)
    bounds, pos = [], 0
    for piece in pieces:
        if piece.strip():
            bounds.append((pos, pos + len(piece)))
        pos += len(piece)
    block = Block("paragraph", text).with_segments(bounds)
    art = Article("s", "en", Meta(), (block,))
    translations = {seg.text: seg.text for seg in block.segments}
    ed = merge(art, translations, "kmr")
    assert htmlmod.unescape(ed.blocks[0].html) == text


# -- translators ---------------------------------------------------------------------------

def test_translators_come_from_last_translator():
    assert translators_of({"Last-Translator": "Hêvî Ezîz <hevi@example.org>"}) == ("Hêvî Ezîz <hevi@example.org>",)
    assert translators_of({"Last-Translator": "FULL NAME <EMAIL@ADDRESS>"}) == ()
    assert translators_of({}) == ()
    comments = ["Arabic translation of a SOHR report.", "FIRST AUTHOR <EMAIL@ADDRESS>, 2026.",
                "Rana Haddad <rana@example.org>, 2021, 2024.", "Hêvî Ezîz <hevi@example.org>, 2026."]
    assert translators_of({"Last-Translator": "Hêvî Ezîz <other@example.org>"}, comments) == (
        "Rana Haddad <rana@example.org>", "Hêvî Ezîz <hevi@example.org>")


def test_edition_for_uses_only_translated_non_fuzzy_entries(ws, art):
    from dragoman.catalog.po import parse_po

    catalog = parse_po(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Last-Translator: Sample Translator <t@example.org>\\n"\n\n'
        '#, fuzzy\nmsgid "Tayy alley"\nmsgstr "حارة طي"\n\n'
        'msgid "Al-Qamishli airbase"\nmsgstr "مطار القامشلي"\n', "ar.po")
    ed = edition_for(ws, art, "ar", catalog, draft=True)
    items = [plain_text(b.html) for b in ed.blocks if b.kind == "list-item"]
    assert items == ["مطار القامشلي", "Tayy alley"]
    assert ed.translators == ("Sample Translator <t@example.org>",)
    assert ed.threshold == ws.threshold_for("ar")


# -- bidi ----------------------------------------------------------------------------------

def test_latin_runs_are_isolated_and_a_following_number_stays_outside():
    assert isolate_text("أحصى SOHR 15 يوماً") == f"أحصى {FSI}SOHR{PDI} 15 يوماً"
    assert isolate_text("قوات National Defence Forces (NDF) في Al-Hasakah") == (
        f"قوات {FSI}National Defence Forces{PDI} ({FSI}NDF{PDI}) في {FSI}Al-Hasakah{PDI}")
    assert isolate_text("4th Division", LRI) == f"{LRI}4th Division{PDI}"


def test_isolate_html_touches_text_only_and_skips_elements_with_dir():
    fragment = ('<a href="https://x.org/?a=SOHR&amp;b=2">SOHR</a> 15 '
                '<span lang="en" dir="ltr">Untranslated, here.</span> R&amp;D')
    assert isolate_html(fragment) == (
        '<a href="https://x.org/?a=SOHR&amp;b=2"><bdi>SOHR</bdi></a> 15 '
        '<span lang="en" dir="ltr">Untranslated, here.</span> <bdi>R&amp;D</bdi>')


_mixed = st.lists(st.sampled_from(list("SOHR Al-Hasakah 15 ،.()&<>\"'") + ["الحسكة ", "ڕژێم ", "\n"]),
                  max_size=30).map("".join)


@settings(max_examples=80, deadline=None)
@given(text=_mixed)
def test_isolation_only_adds_isolates(text):
    assert isolate_text(text).replace(FSI, "").replace(PDI, "") == text
    fragment = sanitize_inline(htmlmod.escape(text, quote=False))
    isolated = isolate_html(fragment)
    assert plain_text(isolated) == plain_text(fragment) == text
    assert isolated.count("<bdi>") == isolated.count("</bdi>") == len(LATIN_RUN.findall(text))


_tags = st.sampled_from(["<script>", "</script>", "<a href='javascript:x'>", "<a href=\"https://x.org\">",
                         "</a>", "<em onclick=x>", "</em>", "<style>", "<img src=x onerror=y>",
                         "<span style='x'>", "<svg onload=z>", "<iframe>", "<!--", "-->", "text ", "<b>"])


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(_tags, max_size=12))
def test_sanitized_markup_has_no_active_content(parts):
    clean = sanitize_inline("".join(parts)).lower()
    assert not re.search(r"<(script|style|img|svg|iframe)|\son\w+=|style=|javascript:", clean), clean


# -- HTML ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("ckb", "rtl"), ("kmr", "ltr"), ("en", "ltr")])
def test_html_has_lang_and_dir(art, lang, direction):
    ed = merge(art, sample.TRANSLATIONS.get(lang, {}), lang)
    doc = page(render_html(ed))
    assert doc.get("lang") == lang and doc.get("dir") == direction
    assert doc.find("head/meta").get("charset") == "utf-8"
    assert len(doc.findall(".//h1")) == 1


@pytest.mark.parametrize("lang", ["ar", "ckb", "kmr", "en"])
def test_a_page_names_the_site_in_its_language(tmp_path, art, lang):
    ws = sample.workspace_with_site_names(tmp_path / "ws")
    ed = merge(art, sample.TRANSLATIONS.get(lang, {}), lang)
    doc = page(render_html(ed, ws))
    name = sample.SITE_NAMES.get(lang, sample.SITE_NAMES["en"])  # kmr has none of its own
    assert doc.find(".//p[@class='site-name']").text_content() == name
    assert doc.find(".//meta[@property='og:site_name']").get("content") == name
    assert json.loads(doc.find(".//script").text)["publisher"]["name"] == name
    if lang in sample.SITE_NAMES and lang != "en":
        assert sample.SITE_NAMES["en"] not in render_html(ed, ws)


def test_rtl_page_isolates_latin_names_with_bdi(art):
    text = render_html(edition(art, "ar"))
    assert "أحصى <bdi>SOHR</bdi> 15 يوماً" in text
    assert '<bdi>SOHR</bdi></a> 6 إصابات' in text
    assert f'<blockquote lang="en" dir="ltr" class="fallback"><p>{QUOTE}</p></blockquote>' in text
    assert "<bdi>" not in page(render_html(edition(art, "kmr"))).find(".//article").text_content()
    assert "<bdi>SOHR" not in render_html(edition(art, "kmr"))


def test_title_is_isolated_in_rtl_plain_text_contexts():
    art = sample.article(sample.SOURCE.replace(
        "# Asayish keep up the siege of regime forces in Al-Hasakah", "# SOHR: Al-Hasakah siege"))
    ed = merge(art, {"SOHR: Al-Hasakah siege": "SOHR: حصار الحسكة"}, "ar")
    doc = page(render_html(ed))
    assert doc.findtext(".//title") == f"{FSI}SOHR{PDI}: حصار الحسكة"
    assert doc.find(".//meta[@property='og:title']").get("content") == f"{FSI}SOHR{PDI}: حصار الحسكة"
    assert lxml.html.tostring(doc.find(".//h1"), encoding=str).strip() == "<h1><bdi>SOHR</bdi>: حصار الحسكة</h1>"


def test_a_title_left_in_english_is_isolated_whole_in_rtl_plain_text(art):
    translations = dict(sample.TRANSLATIONS["ar"])
    del translations["Asayish keep up the siege of regime forces in Al-Hasakah"]
    doc = page(render_html(merge(art, translations, "ar")))
    english = "Asayish keep up the siege of regime forces in Al-Hasakah"
    assert doc.findtext(".//title") == f"{LRI}{english}{PDI}"
    h1 = doc.find(".//h1")
    assert (h1.get("lang"), h1.get("dir"), h1.text) == ("en", "ltr", english)


def test_description_is_the_first_paragraph_isolated_and_cut_at_a_word(art):
    from dragoman.assemble.render import summary

    doc = page(render_html(edition(art, "ar")))
    expected = f"أحصى {FSI}SOHR{PDI} 15 يوماً من الحصار. السكان يغادرون سيراً على الأقدام."
    assert doc.find(".//meta[@name='description']").get("content") == expected
    assert doc.find(".//meta[@property='og:description']").get("content") == expected
    assert summary(edition(art, "ar"), rtl=True, limit=11) == f"أحصى {FSI}SOHR{PDI}…"
    assert summary(edition(art, "ckb"), rtl=True, limit=7) == f"{FSI}SOHR{PDI}…"
    assert summary(merge(art, {}, "ar"), rtl=True, limit=10) == f"{LRI}SOHR 15{PDI}…"


def test_alternates_hreflang_og_locale_and_json_ld(ws, art):
    alternates = alternates_for(ws, art.slug, ["en", "ar", "ckb", "kmr"])
    doc = page(render_html(edition(art, "ckb"), ws, alternates=alternates, root="../../"))
    links = {l.get("hreflang"): l.get("href") for l in doc.findall(".//link[@rel='alternate']")}
    assert links == {
        "en": "https://example.org/reports/en/siege/", "ar": "https://example.org/reports/ar/siege/",
        "ckb": "https://example.org/reports/ckb/siege/", "kmr": "https://example.org/reports/kmr/siege/",
        "x-default": "https://example.org/reports/en/siege/"}
    assert doc.find(".//link[@rel='canonical']").get("href") == "https://example.org/reports/ckb/siege/"
    assert doc.find(".//meta[@property='og:locale']").get("content") == "cb_IQ"
    assert [m.get("content") for m in doc.findall(".//meta[@property='og:locale:alternate']")] == [
        "en_US", "ar_AR", "ku_TR"]
    data = json.loads(doc.find(".//script[@type='application/ld+json']").text)
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "ckb"
    assert data["datePublished"] == "2021-01-24T14:05:00+02:00"
    assert data["translationOfWork"]["@id"] == "https://www.syriahr.com/en/202029/"
    assert data["translationOfWork"]["inLanguage"] == "en"


def test_hreflang_follows_the_workspace_setting(tmp_path, art):
    ws = sample.workspace(tmp_path / "ws", '\n[languages.ckb]\nhreflang = "ku-IQ"\n')
    doc = page(render_html(edition(art, "ckb"), ws, alternates=alternates_for(ws, "siege", ["en", "ckb"])))
    assert {l.get("hreflang") for l in doc.findall(".//link[@rel='alternate']")} == {"en", "ku-IQ", "x-default"}
    assert doc.get("lang") == "ckb"


@pytest.mark.parametrize("lang,expected", [
    ("ar", "24 يناير 2021"), ("ckb", "24ی کانوونی دووەمی 2021"), ("kmr", "24ê rêbendana 2021an"),
    ("en", "January 24, 2021")])
def test_publication_date_is_localized(art, lang, expected):
    ed = merge(art, sample.TRANSLATIONS.get(lang, {}), lang)
    assert page(render_html(ed)).find(".//time").text == expected


def test_digit_style_is_per_language(tmp_path, art):
    ws = sample.workspace(tmp_path / "ws", '\n[languages.ar]\ndigits = "arab"\n')
    assert page(render_html(edition(art, "ar"), ws)).find(".//time").text == "٢٤ يناير ٢٠٢١"


def test_stylesheet_uses_logical_properties_only():
    from dragoman.publish.site import stylesheet

    css = stylesheet(None)
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right|top|bottom)\b|\b(?:left|right)\s*:"
                          r"|text-align:\s*(?:left|right)|float:|direction:", css)
    assert physical == []
    assert "margin-inline" in css and "padding-inline" in css


def test_workspace_templates_replace_the_shipped_ones(ws, art):
    (ws.root / "templates").mkdir()
    (ws.root / "templates" / "edition.html").write_text(
        '<!DOCTYPE html><html lang="{{ lang }}" dir="{{ dir }}"><title>{{ title }}</title>'
        '<p class="custom">{{ blocks[0].html }}</p></html>', "utf-8")
    text = render_html(edition(art, "ar"), ws)
    assert '<p class="custom">أحصى <bdi>SOHR</bdi> 15' in text


# -- hostile input -------------------------------------------------------------------------

HOSTILE = {
    "Asayish keep up the siege of regime forces in Al-Hasakah": '</title><script>alert(1)</script>"\'><img src=x onerror=alert(2)>',
    "SOHR 15 days on, the siege holds.": '<script>alert(3)</script><style>body{display:none}</style>حصار',
    "<em>Residents</em> leave on foot.": '<em onmouseover="alert(4)" style="position:fixed">السكان</em>',
    f"Activists of {sample._LINK} documented 6 injuries.":
        '<a href="javascript:alert(5)">x</a> <a href="data:text/html;base64,PHNjcmlwdD4=">y</a> '
        '<a href=" JaVaScRiPt:alert(6)">z</a><iframe src="https://evil.example"></iframe>',
    "A quoted source said so.": '<svg onload=alert(7)><math><mi xlink:href="javascript:alert(8)">q</mi></math>'
                                '</blockquote></p><script>alert(9)</script>',
    "Al-Qamishli airbase": '<span style="background:url(javascript:alert(10))" class="x">m</span>',
    "Tayy alley": '*[click](javascript:alert(11))* <b>b</b> `code` # not a heading',
}


def test_hostile_catalog_never_reaches_the_page(ws, art):
    hostile_art = art.with_blocks(art.blocks)
    ed = merge(hostile_art, HOSTILE, "ar")
    text = render_html(ed, ws, alternates=alternates_for(ws, art.slug, ["en", "ar"]), root="../../")
    doc = page(text)
    scripts = doc.findall(".//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert "</script" not in scripts[0].text and "<" not in scripts[0].text
    assert json.loads(scripts[0].text)["headline"] == doc.findtext(".//title") == "\"'>"
    for element in doc.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert name.lower() != "style", element.tag
            if name in ("href", "src"):
                assert value.startswith(("https://", "http://", "../", "mailto:")) or not value, value
    for tag in ("style", "iframe", "svg", "math", "img", "object"):
        assert doc.find(f".//{tag}") is None, tag
    assert "alert(" not in doc.find(".//article").text_content().replace("alert(11)", "")


def test_hostile_catalog_in_markdown_and_text(art):
    ed = merge(art, HOSTILE, "ar")
    md = render_markdown(ed)
    body = md.split("---\n", 2)[2]
    assert "<" not in body.replace("\\<", "")
    assert not re.search(r"(?<!\\)[\[\]`<>]", body), body  # no live link, code or HTML
    assert "\\[" in body and "\\`" in body
    text = render_text(ed)
    assert "<script" not in text and "alert(3)" not in text


def test_unsafe_metadata_url_is_dropped(art):
    from dataclasses import replace

    bad = replace(art, meta=replace(art.meta, url="javascript:alert(1)"))
    doc = page(render_html(merge(bad, sample.TRANSLATIONS["ar"], "ar")))
    assert "javascript" not in lxml.html.tostring(doc, encoding=str)


# -- Markdown and text ---------------------------------------------------------------------

def test_markdown_front_matter_for_static_site_generators(art):
    md = render_markdown(edition(art, "ar", translators=sample.TRANSLATORS["ar"]))
    front, body = md.split("---\n")[1], md.split("---\n", 2)[2]
    fields = dict(line.split(": ", 1) for line in front.strip().splitlines())
    assert fields["date"] == "2021-01-24T14:05:00+02:00"
    assert json.loads(fields["title"]) == "الأسايش تواصل حصار قوات النظام في الحسكة"
    assert json.loads(fields["lang"]) == "ar" and json.loads(fields["dir"]) == "rtl"
    assert json.loads(fields["slug"]) == json.loads(fields["translationKey"]) == "siege"
    assert json.loads(fields["original_url"]) == "https://www.syriahr.com/en/202029/"
    assert json.loads(fields["translators"]) == ["Sample Translator"]
    assert json.loads(fields["draft"]) is False
    assert f"أحصى {FSI}SOHR{PDI} 15 يوماً" in body
    assert "*السكان*" in body
    assert f"[{FSI}SOHR{PDI}](<https://www.syriahr.com/en/>)" in body
    assert f"> {LRI}{QUOTE}{PDI}" in body
    assert "- مطار القامشلي\n- حارة طي" in body


def test_markdown_of_the_source_edition_has_no_translation_fields(art):
    md = render_markdown(merge(art, {}, "en"))
    assert "translation_of" not in md and '"ltr"' in md
    assert "*Residents* leave on foot." in md


def test_text_edition(art):
    text = render_text(edition(art, "kmr"))
    assert text.splitlines()[:3] == ["Asayîş dorpêça hêzên rejîmê li Hesekê didomîne", "", "24ê rêbendana 2021an"]
    assert "Çalakvanên SOHR 6 birîndar tomar kirin." in text
    assert "<" not in text
    ar = render_text(edition(art, "ar"))
    assert f"أحصى {FSI}SOHR{PDI} 15 يوماً" in ar and f"{LRI}{QUOTE}{PDI}" in ar


def _catalog_of(translations):
    from dragoman.catalog.po import Catalog, Message

    return Catalog({"Content-Type": "text/plain; charset=UTF-8"},
                   [Message(msgid, msgstr) for msgid, msgstr in translations.items()])


def test_arabic_digits_setting_reaches_every_number_of_the_edition(tmp_path):
    """`digits = "arab"`: the numbers of the translation follow it (body, not only the
    dateline), except in URLs, code, other-language runs and Latin-script tokens."""
    from dragoman.assemble.localize import localize_numbers

    ws = sample.workspace(tmp_path / "ws", '\n[languages.ar]\ndigits = "arab"\n')
    art = sample.article()
    edition = edition_for(ws, art, "ar", _catalog_of(sample.TRANSLATIONS["ar"]))
    page = render_html(edition, ws)
    body = lxml.html.fromstring(page).find(".//article")
    text = body.text_content()
    assert "١٥" in text and "٦ إصابات" in text and not re.search(r"[0-9]", text)
    assert 'href="https://www.syriahr.com/en/"' in page
    assert "٦" in render_markdown(edition, ws) and "٦" in render_text(edition, ws)
    assert localize_numbers('طائرات F-16 و<code>v2 3</code> و<bdi lang="en">Route 4</bdi> و7 قتلى '
                            "https://x.org/2021/5 و M4 highway", "arab", "ar") == (
        'طائرات F-16 و<code>v2 3</code> و<bdi lang="en">Route 4</bdi> و٧ قتلى '
        "https://x.org/2021/5 و M4 highway")
    latin = edition_for(sample.workspace(tmp_path / "latn"), art, "ar",
                        _catalog_of(sample.TRANSLATIONS["ar"]))
    assert "٦" not in render_html(latin, ws)
