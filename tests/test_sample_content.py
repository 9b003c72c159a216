"""The bundled content itself: the shipped glossary, the sample reports and their translations.

These tests read the repository's own data (glossary/*.tsv, sources/, locales/) and hold it to
the standards a newsroom would: every name of the sample reports is a glossary concept, every
concept has approved terms in the four languages written in the right script, and every
sample catalog is complete, valid for GNU gettext and uses the approved terms.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata

import pytest
from conftest import REPO

from dragoman import config
from dragoman.assemble.merge import translators_of
from dragoman.catalog.po import read_po
from dragoman.glossary import load_glossary
from dragoman.readers import discover, read_article

LANGUAGES = ("en", "ar", "ckb", "kmr")
WORKSPACE = config.load(REPO)
SOURCES = discover(WORKSPACE.sources_dir)
ARTICLES = {path.name: read_article(path) for path in SOURCES}
CATALOGS = [(lang, article.slug) for article in ARTICLES.values()
            for lang in WORKSPACE.target_languages]

#: Letters of Sorani and Persian that Arabic does not use, and the Arabic forms of yeh, kaf,
#: alef maksura and teh marbuta that Sorani replaces with ی ک ە.
KURDISH_ONLY = set("یکەێۆڕڵگچپژڤ")
ARABIC_ONLY = set("يكىة")
KURMANJI_LETTERS = set("êîûçşÊÎÛÇŞ")
SOURCE_KEY = re.compile(r"\bS\d+\b")
#: Outlets cited in notes by name (the "# Sources" comment of the glossary files); other
#: sources are cited by a key of that list or by the page's address.
OTHER_SOURCES = ("ARA News", "Xinhua")
WEB_ADDRESS = re.compile(r"\b[\w-]+\.(?:com|net|org|tv|ir|co)\b")

#: Every name the sample reports mention, as they spell it, with the concept it belongs to
#: and the status of that spelling. Al-Qamishi is left out on purpose: it is an unknown typo
#: that the variant detector must find without being told.
SAMPLE_NAMES = {
    "sample-report.txt": [
        ("Russia", "russia", "preferred"),
        ("Asayish Forces", "asayish", "admitted"),
        ("regime forces", "regime-forces", "preferred"),
        ("Al-Hasakah", "al-hasakah-city", "preferred"),
        ("Al-Qamishli", "al-qamishli", "preferred"),
        ("National Defence Forces", "ndf", "preferred"),
        ("NDF", "ndf", "admitted"),
        ("Internal Security Forces", "asayish", "admitted"),
        ("the Russians", "russian-forces", "admitted"),
        ("security zone", "security-zone", "preferred"),
        ("security zones", "security-zone", "admitted"),
        ("SOHR", "sohr", "admitted"),
        ("Al-Qamishli airbase", "al-qamishli-airbase", "preferred"),
        ("Tayy", "tayy", "preferred"),
        ("Halku", "halko", "deprecated"),
        ("al-Hasakeh", "al-hasakah-city", "deprecated"),
        ("al-Qamishli", "al-qamishli", "preferred"),
        ("Syrian regime", "syrian-regime", "preferred"),
        ("Syrian Observatory", "sohr", "admitted"),
        ("Russian forces", "russian-forces", "preferred"),
        ("Autonomous Administration", "autonomous-administration", "preferred"),
        ("Syria", "syria", "preferred"),
        ("Al-Qamishily", "al-qamishli", "deprecated"),
        ("Al-Shahbaa", "al-shahbaa", "preferred"),
        ("Al-Ashrafiyyah", "al-ashrafiyah", "deprecated"),
        ("Sheikh Maqsoud", "sheikh-maqsoud", "preferred"),
        ("Aleppo", "aleppo-city", "preferred"),
        ("4th Division", "4th-division", "preferred"),
        ("Al-Hasaka", "al-hasakah-city", "deprecated"),
    ],
    "bread-crisis-hasakah-qamishli.html": [
        ("north and east Syria", "north-and-east-syria", "preferred"),
        ("Al-Hasakah", "al-hasakah-city", "preferred"),
        ("Al-Qamishli", "al-qamishli", "preferred"),
        ("SOHR", "sohr", "admitted"),
        ("Amuda", "amuda", "preferred"),
        ("Tal Tamir", "tal-tamr", "deprecated"),
        ("Syrian Observatory", "sohr", "admitted"),
        ("Autonomous Administration", "autonomous-administration", "preferred"),
    ],
}


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(WORKSPACE.glossary_dir)


def glossary_rows():
    for path in sorted(WORKSPACE.glossary_dir.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line and not line.startswith("#") and not line.startswith("concept\t"):
                yield path.name, number, line.split("\t")


# ---- the glossary

def test_glossary_has_enough_concepts_with_four_preferred_terms(glossary):
    assert len(glossary.concepts) >= 80
    for concept_id in glossary.concepts:
        for lang in LANGUAGES:
            assert glossary.preferred(concept_id, lang), f"{concept_id}: no preferred {lang} term"


def test_every_preferred_term_is_unique_per_concept_and_language():
    preferred = {}
    for name, number, (concept, lang, term, status, _kind, _note) in glossary_rows():
        if status == "preferred":
            assert (concept, lang) not in preferred, f"{name}:{number}: second preferred term"
            preferred[concept, lang] = term


def script_problem(lang: str, text: str) -> str:
    """What is wrong with the script of ``text`` for ``lang`` (empty when nothing is)."""
    if lang == "ar":
        if set(text) & KURDISH_ONLY:
            return "Kurdish letters in Arabic"
        if not any("\u0621" <= ch <= "\u064a" for ch in text):
            return "no Arabic letter"
    elif lang == "ckb":
        if set(text) & ARABIC_ONLY:
            return "Arabic ي/ك/ى/ة in Sorani"
        if not all(not ch.isalpha() or "\u0600" <= ch <= "\u06ff" for ch in text):
            return "letters outside the Arabic script"
    elif lang == "kmr":
        if not all(ch.isascii() or ch in KURMANJI_LETTERS for ch in text):
            return "letters outside the Kurmanji alphabet"
    return ""


def test_terms_are_written_in_their_language_script():
    for name, number, (concept, lang, term, _status, _kind, _note) in glossary_rows():
        where = f"{name}:{number} {concept} {lang} {term!r}"
        assert unicodedata.normalize("NFC", term) == term, where
        assert not script_problem(lang, term), f"{where}: {script_problem(lang, term)}"


def test_every_term_names_a_source_or_says_unverified():
    for name, number, (concept, lang, term, _status, _kind, note) in glossary_rows():
        cited = (SOURCE_KEY.search(note) or WEB_ADDRESS.search(note)
                 or any(outlet in note for outlet in OTHER_SOURCES))
        assert note == "unverified" or cited, f"{name}:{number}: {concept} {lang} {term!r}: {note!r}"


def test_sample_report_keeps_its_spelling_variants():
    """The sample's variants are what the glossary lint demonstrates; nothing may fix them."""
    body = (REPO / "sources" / "sample-report.txt").read_text(encoding="utf-8")
    for variant in ("al-Hasakeh", "Al-Hasaka ", "Al-Qamishi ", "Al-Qamishily", "Halku",
                    "Al-Ashrafiyyah", "continueed"):
        assert variant in body


# ---- the sample reports name nothing the glossary does not know

@pytest.mark.parametrize("source", sorted(SAMPLE_NAMES))
def test_every_name_of_a_sample_report_is_a_glossary_concept(glossary, source):
    article = ARTICLES[source]
    text = "\n".join(block.text for block in article.blocks)
    matches = {(text[m.start:m.end], m.concept, m.status) for m in glossary.find(text, "en")}
    for name, concept, status in SAMPLE_NAMES[source]:
        assert name in text, f"{name!r} is not in {source} any more"
        assert (name, concept, status) in matches, f"{name!r} is not found as {concept} ({status})"


def test_the_unknown_typo_is_left_to_the_variant_detector(glossary):
    text = "clashes between NDF and Asayish Forces in Al-Qamishi city"
    found = {text[m.start:m.end] for m in glossary.find(text, "en")}
    assert "Al-Qamishi" not in found


# ---- the sample translations

def test_every_sample_report_has_a_catalog_per_target_language():
    assert ARTICLES and set(WORKSPACE.target_languages) == {"ar", "ckb", "kmr"}
    for lang, slug in CATALOGS:
        assert WORKSPACE.po_path(lang, slug).exists(), f"missing {lang}/{slug}.po"


@pytest.mark.parametrize("lang,slug", CATALOGS)
def test_sample_catalog_is_complete_and_not_fuzzy(lang, slug):
    catalog = read_po(WORKSPACE.po_path(lang, slug))
    live = [m for m in catalog.messages if m.msgid and not m.obsolete]
    assert live
    for message in live:
        assert message.translated, f"untranslated: {message.msgid[:60]!r}"
        assert not message.fuzzy, f"fuzzy: {message.msgid[:60]!r}"
    header = catalog.header
    assert header["Language"] == lang
    assert header.get("Language-Team")


#: What a credit left unset, or one that no reader would take for a translator's, looks like.
PLACEHOLDER_CREDIT = re.compile(r"(?i)full name|first author|your name|sample|placeholder|dragoman|"
                                r"translator|\.invalid>|^[^<]*$")


@pytest.mark.parametrize("lang,slug", CATALOGS)
def test_sample_catalogs_credit_a_translator_in_their_own_language(lang, slug):
    """The credit an edition page shows: a name written in the edition's script and an
    address, the same in ``Last-Translator`` and the header's ``Name <email>, YEAR.`` line."""
    catalog = read_po(WORKSPACE.po_path(lang, slug))
    credit = catalog.header["Last-Translator"]
    assert not PLACEHOLDER_CREDIT.search(credit), credit
    name, _, address = credit.partition(" <")
    assert re.fullmatch(r"[\w.-]+@[\w-]+(\.[\w-]+)+>", address), credit
    assert not script_problem(lang, name), (credit, script_problem(lang, name))
    assert translators_of(catalog.header, catalog.header_comments) == (credit,)


@pytest.mark.parametrize("lang,slug", CATALOGS)
def test_sample_catalog_passes_msgfmt_check(msgfmt, lang, slug, tmp_path):
    result = subprocess.run([msgfmt, "--check", "-o", str(tmp_path / "out.mo"),
                             str(WORKSPACE.po_path(lang, slug))], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang,slug", CATALOGS)
def test_sample_translations_use_the_approved_terms(glossary, lang, slug):
    catalog = read_po(WORKSPACE.po_path(lang, slug))
    problems = []
    for message in catalog.messages:
        if not message.msgid or message.obsolete:
            continue
        for check in glossary.check_translation(message.msgid, message.msgstr, lang):
            if not check.ok:
                problems.append(f"{check.source_term!r} -> {check.expected!r} in "
                                f"{message.msgstr[:70]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang,slug", CATALOGS)
def test_sample_translations_keep_markup_and_script(lang, slug):
    """Inline tags and URLs survive; Sorani never uses Arabic ي/ك; Arabic never Sorani letters."""
    catalog = read_po(WORKSPACE.po_path(lang, slug))
    for message in catalog.messages:
        if not message.msgid or message.obsolete:
            continue
        tags = lambda s: sorted(re.findall(r"</?[a-z]+(?:\s[^>]*)?>", s))
        assert tags(message.msgstr) == tags(message.msgid), message.msgid[:60]
        if lang == "ckb":
            assert not set(message.msgstr) & ARABIC_ONLY, message.msgstr
        if lang == "ar":
            assert not set(message.msgstr) & KURDISH_ONLY, message.msgstr
