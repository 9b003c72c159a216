"""Catalogs to polib and back: what polib models crosses both ways unchanged."""

from __future__ import annotations

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman.catalog.po import Catalog, Message, read_po
from dragoman.catalog.polib_interop import from_polib, to_polib

# Strings as catalogs hold them (any text, quotes, escapes, Arabic), one-line pieces where a
# PO file keeps them on one line (comments, flags, references, header fields).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
some_text = text.filter(bool)
line = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r"),
               max_size=20)
word = st.text(st.characters(categories=("L", "N"), include_characters="-_./:"),
               min_size=1, max_size=15)
comments = st.lists(line, max_size=3).filter(lambda lines: lines != [""])
references = st.lists(st.one_of(word, st.builds("{}:{}".format, word, st.integers(1, 9999))),
                      max_size=3)
flags = st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap", "c-format"]),
                 max_size=2, unique=True)
optional = st.none() | text


@st.composite
def messages(draw) -> Message:
    plural = draw(st.none() | some_text)
    return Message(
        msgid=draw(some_text), msgctxt=draw(optional), msgid_plural=plural,
        msgstr="" if plural else draw(text),
        msgstr_plural=draw(st.lists(text, min_size=1, max_size=4)) if plural else [],
        flags=draw(flags), translator_comments=draw(comments),
        extracted_comments=draw(comments), references=draw(references),
        previous_msgid=draw(optional), previous_msgctxt=draw(optional),
        previous_msgid_plural=draw(st.none() | some_text), obsolete=draw(st.booleans()))


header_fields = st.dictionaries(
    st.text(st.characters(categories=("L",), include_characters="-"), min_size=1, max_size=12),
    line.map(str.strip), max_size=4)


@st.composite
def catalogs(draw) -> Catalog:
    entries = draw(st.lists(messages(), max_size=6))
    active = {}
    for message in entries:  # (one active entry per key)
        if not message.obsolete:
            active.setdefault(message.key, message)
    entries = [m for m in entries if m.obsolete or active[m.key] is m]
    return Catalog(draw(header_fields), entries, header_comments=draw(comments),
                   header_flags=draw(st.sampled_from([[], ["fuzzy"]])))


def _entry_fields(entry: polib.POEntry) -> tuple:
    return (entry.msgid, entry.msgstr, entry.msgid_plural, entry.msgstr_plural, entry.msgctxt,
            entry.obsolete, entry.comment, entry.tcomment, entry.occurrences, entry.flags,
            entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural)


def _file_fields(pofile: polib.POFile) -> tuple:
    return (pofile.header, list(pofile.metadata.items()), bool(pofile.metadata_is_fuzzy),
            pofile.encoding, [_entry_fields(entry) for entry in pofile])


@settings(max_examples=150, deadline=None)
@given(catalogs())
def test_a_catalog_comes_back_from_polib_as_it_was(catalog):
    assert from_polib(to_polib(catalog)) == catalog


@settings(max_examples=150, deadline=None)
@given(catalogs())
def test_a_polib_file_comes_back_from_dragoman_as_it_was(catalog):
    pofile = to_polib(catalog)
    assert _file_fields(to_polib(from_polib(pofile))) == _file_fields(pofile)


def test_a_real_catalog_through_polib(tmp_path):
    path = tmp_path / "ar.po"
    path.write_text(
        '# Arabic translation of a report.\n#\nmsgid ""\nmsgstr ""\n'
        '"Language: ar\\n"\n"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : '
        'n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. A headline\n#: sources/report.txt:3\n#, fuzzy\n#| msgid "Calm returned."\n'
        'msgctxt "headline"\nmsgid "Calm returned to Al-Hasakah."\nmsgstr "عاد الهدوء."\n\n'
        '#: sources/report.txt:7\nmsgid "One person was killed."\n'
        'msgid_plural "%d people were killed."\nmsgstr[0] "لم يقتل أحد"\nmsgstr[1] "قتل شخص"\n'
        'msgstr[2] "قتل شخصان"\nmsgstr[3] "قتل %d أشخاص"\nmsgstr[4] "قتل %d شخصا"\n'
        'msgstr[5] "قتل %d شخص"\n\n#~ msgid "Gone."\n#~ msgstr "ذهب."\n', "utf-8")
    ours = read_po(path)
    theirs = from_polib(polib.pofile(str(path)))
    assert theirs == ours and theirs.path == str(path)
    headline = theirs.get("Calm returned to Al-Hasakah.", "headline")
    assert headline.fuzzy and headline.previous_msgid == "Calm returned."
    assert headline.references == ["sources/report.txt:3"]
    pofile = to_polib(ours)
    assert pofile.find("Calm returned to Al-Hasakah.", msgctxt="headline").occurrences == [
        ("sources/report.txt", "3")]
    assert len(pofile.obsolete_entries()) == 1 and pofile.percent_translated() == 50
    assert pofile.metadata["Language"] == "ar" and pofile.header.startswith("Arabic translation")
