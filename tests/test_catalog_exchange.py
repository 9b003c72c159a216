"""XLIFF 1.2 and TMX 1.4 exchange: lossless round trips, CAT-tool states, hostile XML."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from dragoman.catalog.exchange import (
    XLIFF_NS, apply_translations, catalog_to_tmx, catalog_to_xliff, read_exchange, tmx_to_catalog,
    xliff_to_catalog,
)
from dragoman.catalog.po import Catalog, Message, parse_po, read_po, render_po
from dragoman.cli import cli
from dragoman.errors import CatalogError

SAMPLE = r'''# Arabic translation.
#, fuzzy
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: ar\n"
"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;\n"

#. kind: paragraph
#. Glossary: Al-Hasakah = الحسكة
#: sources/report.txt:3 not-a-file-line
#, fuzzy, python-format
#| msgid "Two civilians were killed in Al-Hasakah"
msgctxt "report-1"
msgid "Three civilians were killed in Al-Hasakah."
msgstr "قُتل ثلاثة مدنيين في الحسكة."

# checked against the SOHR Arabic site
msgid "Al-Qamishli"
msgstr "القامشلي"

msgid "Untranslated \"quoted\"\ttab and\nnewline\r"
msgstr ""

msgid "%d person"
msgid_plural "%d people"
msgstr[0] "لا أحد"
msgstr[1] "شخص"
msgstr[2] "شخصان"
msgstr[3] "%d أشخاص"
msgstr[4] "%d شخصاً"
msgstr[5] "%d شخص"

#~ msgid "Removed"
#~ msgstr "محذوف"
'''

BILLION_LAUGHS = b'''<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="en"
 datatype="po"><body><trans-unit id="1"><source>&lol9;</source></trans-unit></body></file></xliff>'''

EXTERNAL_ENTITY = b'''<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&secret;</seg></tuv>
<tuv xml:lang="ar"><seg>x</seg></tuv></tu></body></tmx>'''

EXTERNAL_DTD = b'''<?xml version="1.0"?>
<!DOCTYPE tmx SYSTEM "http://example.com/tmx14.dtd">
<tmx version="1.4"><header srclang="en"/><body/></tmx>'''


def test_xliff_round_trip_loses_nothing():
    catalog = parse_po(SAMPLE)
    assert xliff_to_catalog(catalog_to_xliff(catalog)) == catalog


def test_xliff_carries_what_cat_tools_read():
    document = catalog_to_xliff(parse_po(SAMPLE), source_lang="en", original="report.po")
    root = etree.fromstring(document.encode())
    ns = {"x": XLIFF_NS}
    assert root.get("version") == "1.2"
    file_el = root.find("x:file", ns)
    assert (file_el.get("source-language"), file_el.get("target-language")) == ("en", "ar")
    units = root.findall(".//x:trans-unit", ns)
    fuzzy, translated, untranslated = units[0], units[1], units[2]
    assert fuzzy.find("x:target", ns).get("state") == "needs-review-translation"
    assert fuzzy.get("approved") == "no"
    assert translated.find("x:target", ns).get("state") == "translated"
    assert translated.get("approved") == "yes"
    assert untranslated.find("x:target", ns) is None
    assert untranslated.find("x:source", ns).text == 'Untranslated "quoted"\ttab and\nnewline\r'
    notes = [(n.get("from"), n.text) for n in fuzzy.findall("x:note", ns)]
    assert ("developer", "Glossary: Al-Hasakah = الحسكة") in notes
    location = fuzzy.find("x:context-group[@purpose='location']", ns)
    assert [c.text for c in location] == ["sources/report.txt", "3"]
    plural = root.find(".//x:group[@restype='x-gettext-plurals']", ns)
    assert len(plural.findall("x:trans-unit", ns)) == 6


def test_xliff_edited_in_a_cat_tool_comes_back_as_translations():
    """A CAT tool marks the fuzzy unit final, translates the empty one, and strips our
    private contexts; the import still finds the entries and sets their state."""
    document = catalog_to_xliff(parse_po(SAMPLE))
    root = etree.fromstring(document.encode())
    ns = {"x": XLIFF_NS}
    units = root.findall(".//x:trans-unit", ns)
    units[0].find("x:target", ns).set("state", "final")
    units[0].attrib.pop("approved")
    target = etree.SubElement(units[2], f"{{{XLIFF_NS}}}target", state="needs-review-translation")
    target.text = "غير مترجم"
    target = units[1].find("x:target", ns)
    target.text = "قامشلو"
    target.set("state", "translated")
    incoming = xliff_to_catalog(etree.tostring(root))
    catalog = parse_po(SAMPLE)
    report = apply_translations(catalog, incoming)
    assert (report.updated, report.unknown) == (3, 0)
    first = catalog.get("Three civilians were killed in Al-Hasakah.", "report-1")
    assert not first.fuzzy and first.flags == ["python-format"]
    assert catalog["Al-Qamishli"].msgstr == "قامشلو" and catalog["Al-Qamishli"].translated
    second = catalog['Untranslated "quoted"\ttab and\nnewline\r']
    assert second.msgstr == "غير مترجم" and second.fuzzy
    out = render_po(catalog)
    assert 'msgid "Al-Qamishli"\nmsgstr "قامشلو"\n' in out
    assert "#~ msgid \"Removed\"" in out


def test_tmx_round_trip_of_translations():
    catalog = parse_po(SAMPLE)
    memory = tmx_to_catalog(catalog_to_tmx(catalog, include_fuzzy=True))
    expected = [m for m in catalog.messages if m.has_translation]
    assert memory.messages == expected
    assert memory.header == catalog.header
    without_fuzzy = tmx_to_catalog(catalog_to_tmx(catalog))
    assert [m.msgid for m in without_fuzzy.messages] == ["Al-Qamishli", "%d person", "Removed"]


def test_tmx_is_plain_tmx_for_other_tools():
    root = etree.fromstring(catalog_to_tmx(parse_po(SAMPLE)).encode())
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "en"
    tu = root.find("body/tu")
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
    assert langs == ["en", "ar"]
    assert [tuv.find("seg").text for tuv in tu.findall("tuv")] == ["Al-Qamishli", "القامشلي"]


def test_tmx_from_another_tool_with_several_languages():
    document = '''<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" adminlang="en" segtype="sentence" datatype="plaintext"
 creationtool="x" creationtoolversion="1" o-tmf="x"/><body>
<tu><tuv xml:lang="en"><seg>Raqqa</seg></tuv><tuv xml:lang="ar"><seg>الرقة</seg></tuv>
<tuv xml:lang="ckb"><seg>ڕەققە</seg></tuv></tu></body></tmx>'''.encode()
    with pytest.raises(CatalogError, match="several target languages"):
        tmx_to_catalog(document)
    catalog = tmx_to_catalog(document, target_lang="ckb")
    assert catalog["Raqqa"].msgstr == "ڕەققە" and catalog.header["Language"] == "ckb"


@pytest.mark.parametrize("document, match", [
    (BILLION_LAUGHS, "entity expansion is disabled"),
    (EXTERNAL_ENTITY, "entit"),
    (b"<xliff version='1.2'><file", "XML syntax error"),
])
def test_hostile_or_broken_xml_is_refused(tmp_path, document, match):
    for suffix in (".xlf", ".tmx"):
        path = tmp_path / f"in{suffix}"
        path.write_bytes(document)
        with pytest.raises(CatalogError, match=match) as info:
            read_exchange(path)
        assert info.value.path == str(path)


def test_a_dtd_reference_is_never_fetched(tmp_path):
    """OmegaT writes <!DOCTYPE tmx SYSTEM "tmx14.dtd">: accepted, and never loaded."""
    path = tmp_path / "memory.tmx"
    path.write_bytes(EXTERNAL_DTD)
    assert read_exchange(path).messages == []


def test_characters_xml_cannot_carry_are_refused():
    catalog = Catalog(messages=[Message("bell \x07", "x")])
    with pytest.raises(CatalogError, match="U\\+0007"):
        catalog_to_xliff(catalog)


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=(
    [chr(c) for c in range(0x20) if c not in (9, 10, 13)] + ["\ufffe", "\uffff"])), max_size=30)
optional = st.none() | texts


@st.composite
def catalogs(draw):
    catalog = Catalog(header=draw(st.dictionaries(st.sampled_from(["Language", "Project-Id-Version", "X-Note"]),
                                                  st.text("abc 123;=", min_size=1, max_size=10).map(str.strip).filter(bool))),
                      header_comments=draw(st.lists(texts.map(lambda t: t.replace("\n", " ")), max_size=2)))
    seen = set()
    for _ in range(draw(st.integers(0, 6))):
        message = Message(draw(texts), draw(texts), msgctxt=draw(optional),
                          flags=draw(st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap", "ignore-numbers"]),
                                              unique=True, max_size=3)),
                          translator_comments=draw(st.lists(texts, max_size=2)),
                          extracted_comments=draw(st.lists(texts, max_size=2)),
                          references=draw(st.lists(st.from_regex(r"[a-z/]{1,8}(:[0-9]{1,4})?", fullmatch=True), max_size=3)),
                          previous_msgid=draw(optional), previous_msgctxt=draw(optional),
                          obsolete=draw(st.booleans()))
        if draw(st.booleans()):
            message.msgid_plural = draw(texts)
            message.msgstr = ""
            message.msgstr_plural = draw(st.lists(texts, max_size=6))
            message.previous_msgid_plural = draw(optional)
        if (message.obsolete, message.key) in seen:
            continue
        seen.add((message.obsolete, message.key))
        catalog.messages.append(message)
    return catalog


@settings(max_examples=80, deadline=None)
@given(catalogs())
def test_xliff_round_trip_property(catalog):
    assert xliff_to_catalog(catalog_to_xliff(catalog)) == catalog


@settings(max_examples=80, deadline=None)
@given(catalogs())
def test_tmx_round_trip_property(catalog):
    memory = tmx_to_catalog(catalog_to_tmx(catalog, target_lang="ar", include_fuzzy=True), target_lang="ar")
    expected = [m for m in catalog.messages
                if m.has_translation and (m.msgid_plural is None or m.msgstr_plural)]
    assert memory.messages == expected


def test_export_and_import_commands(tmp_path):
    po = tmp_path / "report.po"
    po.write_text(SAMPLE, encoding="utf-8")
    runner = CliRunner()
    xlf = tmp_path / "report.xlf"
    result = runner.invoke(cli, ["catalog", "export", "--format", "xliff", str(po), "-o", str(xlf)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["catalog", "import", str(xlf)])
    assert result.exit_code == 0, result.output
    assert parse_po(result.stdout) == parse_po(SAMPLE)

    edited = xlf.read_text(encoding="utf-8").replace(">القامشلي<", ">قامشلو<")
    xlf.write_text(edited, encoding="utf-8")
    result = runner.invoke(cli, ["catalog", "import", str(xlf), "--into", str(po)])
    assert result.exit_code == 0, result.output
    assert "1 translations updated" in result.stderr
    after = po.read_text(encoding="utf-8")
    assert after == SAMPLE.replace('msgstr "القامشلي"', 'msgstr "قامشلو"')

    tmx = tmp_path / "memory.tmx"
    result = runner.invoke(cli, ["catalog", "export", "--format", "tmx", str(po), "-o", str(tmx)])
    assert result.exit_code == 0
    result = runner.invoke(cli, ["catalog", "import", str(tmx)])
    assert result.exit_code == 0
    assert parse_po(result.stdout)["Al-Qamishli"].msgstr == "قامشلو"


def test_import_refuses_a_catalog_changed_meanwhile(tmp_path, monkeypatch):
    po = tmp_path / "report.po"
    po.write_text(SAMPLE, encoding="utf-8")
    xlf = tmp_path / "report.xlf"
    xlf.write_text(catalog_to_xliff(read_po(po)).replace(">القامشلي<", ">قامشلو<"), encoding="utf-8")
    import dragoman.catalog.exchange as exchange

    original = exchange.apply_translations

    def translator_saves_meanwhile(catalog, incoming):
        po.write_text(SAMPLE.replace("Arabic translation.", "Arabic translation, revised."), encoding="utf-8")
        return original(catalog, incoming)

    monkeypatch.setattr(exchange, "apply_translations", translator_saves_meanwhile)
    result = CliRunner().invoke(cli, ["catalog", "import", str(xlf), "--into", str(po)])
    assert result.exit_code == 2
    assert "changed on disk" in result.stderr
    assert "revised" in po.read_text(encoding="utf-8")
