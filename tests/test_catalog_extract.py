"""Extraction: one entry per distinct sentence, references, block kinds, glossary notes and
pre-translated terms, complete headers, and files that msgfmt accepts."""

from __future__ import annotations

import subprocess

import pytest

from conftest import REPO, require_tool
from dragoman import locales
from dragoman.catalog import extract, render_po, update
from dragoman.catalog.extract import HTML_NOTE
from dragoman.catalog.po import parse_po
from dragoman.glossary import load_glossary
from dragoman.model import Article, Block, Meta
from dragoman.segment import spans

HEADER_FIELDS = ["Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date",
                 "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
                 "MIME-Version", "Content-Type", "Content-Transfer-Encoding"]


def _block(kind, text, line, markup="text"):
    block = Block(kind=kind, text=text, markup=markup, line=line)
    return block.with_segments(spans(text, "en", markup))


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(REPO / "glossary")


@pytest.fixture
def article():
    return Article(
        slug="siege", lang="en", meta=Meta(title="Siege in Al-Hasakah"), path="sources/siege.txt",
        blocks=(
            _block("title", "Siege in Al-Hasakah", 3),
            _block("paragraph", "Regime forces shelled Al-Hasakah. Five people were killed.", 5),
            _block("heading", "Al-Hasakah.", 7),
            _block("paragraph", "Calm returned.\nFive people were killed.", 9),
            _block("quote", 'He said <em>"enough"</em>. Calm returned.', 12, markup="html"),
        ))


def test_one_entry_per_distinct_sentence_with_every_reference(article):
    pot = extract(article)
    ids = [m.msgid for m in pot.messages]
    assert len(ids) == len(set(ids))
    assert ids == ["Siege in Al-Hasakah", "Regime forces shelled Al-Hasakah.",
                   "Five people were killed.", "Al-Hasakah.", "Calm returned.",
                   'He said <em>"enough"</em>.']
    killed = pot["Five people were killed."]
    assert killed.references == ["sources/siege.txt:5", "sources/siege.txt:10"]
    assert pot["Calm returned."].references == ["sources/siege.txt:9", "sources/siege.txt:12"]


def test_extracted_comments_name_block_kinds_and_inline_markup(article):
    pot = extract(article)
    assert pot["Siege in Al-Hasakah"].extracted_comments == ["title"]
    assert pot["Calm returned."].extracted_comments == ["paragraph, quote"]
    assert HTML_NOTE in pot['He said <em>"enough"</em>.'].extracted_comments
    assert HTML_NOTE not in pot["Calm returned."].extracted_comments


def test_reference_path_can_be_given(article):
    pot = extract(article, reference="src/a.txt")
    assert pot["Calm returned."].references[0] == "src/a.txt:9"


def test_template_has_no_glossary_notes_and_no_translations(article, glossary):
    pot = extract(article, glossary)
    assert all(not m.msgstr for m in pot.messages)
    assert not any(c.startswith("Glossary:") for m in pot.messages for c in m.extracted_comments)


@pytest.mark.parametrize("lang", ["ar", "ckb", "kmr"])
def test_language_notes_give_the_approved_terms(article, glossary, lang):
    localized = extract(article, glossary, lang)
    term = glossary.preferred("al-hasakah-city", lang)
    notes = localized["Regime forces shelled Al-Hasakah."].extracted_comments
    assert f"Glossary: Al-Hasakah = {term}" in notes
    assert notes[0] == "paragraph"
    # A sentence that is nothing but a term comes translated, end punctuation kept.
    assert localized["Al-Hasakah."].msgstr == f"{term}."
    assert localized["Five people were killed."].msgstr == ""


def test_glossary_is_optional(article):
    assert extract(article, None, "ar")["Al-Hasakah."].msgstr == ""


def test_template_header_is_complete(article):
    pot = extract(article, project="sohr")
    assert list(pot.header)[:len(HEADER_FIELDS)] == HEADER_FIELDS
    assert pot.header["Project-Id-Version"] == "sohr"
    assert pot.header["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("lang", ["ar", "ckb", "kmr"])
def test_new_catalog_header_has_the_language_and_gettext_plural_forms(article, glossary, lang):
    po = update(None, extract(article, glossary, lang), lang)
    assert po.header["Language"] == lang
    assert po.header["Plural-Forms"] == locales.get(lang).plural_forms
    for key in HEADER_FIELDS + ["Plural-Forms"]:
        assert key in po.header
    if lang == "ar":  # GNU gettext's order of the Arabic forms, not Babel's swapped table
        assert "n%100>=11 ? 4 : 5" in po.header["Plural-Forms"]
    assert po.header_comments[0].startswith(f"{locales.get(lang).english_name} translation of")
    # The glossary-only sentence is translated, and says where the translation came from.
    heading = po["Al-Hasakah."]
    assert heading.translated and heading.translator_comments


@pytest.mark.parametrize("lang", [None, "ar", "ckb", "kmr"])
def test_written_catalogs_pass_msgfmt_check_and_are_gettext_formatted(article, glossary, lang,
                                                                      tmp_path):
    msgfmt = require_tool("msgfmt", "run 'make gettext-deps'")
    msgcat = require_tool("msgcat", "run 'make gettext-deps'")
    pot = extract(article, glossary, lang)
    catalog = pot if lang is None else update(None, pot, lang)
    path = tmp_path / ("x.pot" if lang is None else "x.po")
    text = render_po(catalog)
    path.write_text(text, "utf-8")
    done = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    if lang is not None:
        assert "warning" not in done.stderr
    canonical = subprocess.run([msgcat, str(path)], capture_output=True, text=True, check=True)
    assert canonical.stdout == text
    assert parse_po(text) == catalog


def test_sample_report_extracts_every_sentence(glossary):
    from dragoman.readers import read_article
    from dragoman.segment import segment_article

    article = segment_article(read_article(REPO / "sources" / "sample-report.txt"))
    pot = extract(article, glossary, reference="sources/sample-report.txt")
    sentences = {s.text for b in article.blocks for s in b.segments if s.text.strip()}
    assert {m.msgid for m in pot.messages} == sentences
    assert all(ref.startswith("sources/sample-report.txt:") for m in pot.messages
               for ref in m.references)
