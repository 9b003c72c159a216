"""Updating catalogs: the fuzzy matcher, msgmerge's contract, the memory fill, translations never
lost (property tests) and ``dragoman catalog merge`` side by side with msgmerge."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import require_tool
from dragoman.catalog import Catalog, Message, parse_po, render_po, translations, update
from dragoman.catalog.fuzzy import FuzzyIndex, assign, change_notes, nearest, similarity
from dragoman.catalog.merge import NOTE_PREFIX
from dragoman.cli import cli
from dragoman.memory import Memory, Unit

# -- the matcher ----------------------------------------------------------------------------

NEWS = [
    "Regime forces shelled Daraa on 3 May, killing 4 civilians.",
    "Regime forces shelled Idlib on 3 May, killing 4 civilians.",
    "Turkish forces arrested 12 people in Afrin countryside.",
    "The death toll in Al-Hasakah has risen to 37, SOHR sources reported.",
]


def test_similarity_ignores_case_spacing_and_digit_style():
    assert similarity("Five  civilians", "five civilians") == 1.0
    assert similarity("killed 15 people", "killed ١٥ people") == 1.0
    assert similarity("abc", "xyz") < 0.5


def test_index_finds_the_edited_sentence_first():
    index = FuzzyIndex(NEWS)
    found = index.search("Regime forces shelled Daraa on 4 May, killing 4 civilians.")
    assert found[0].index == 0 and found[0].score > 0.95
    assert index.best("A completely different sentence about the weather today.") is None
    assert index.best(NEWS[2], allowed=lambda i: i != 2) is None


def test_assign_pairs_one_to_one_by_best_score():
    index = FuzzyIndex(NEWS[:2])
    queries = ["Regime forces shelled Idlib on 3 May, killing 5 civilians.",
               "Regime forces shelled Idlib on 3 May, killing 4 civilians and a child."]
    pairs = assign(queries, index)
    assert pairs[0].index == 1  # the closest edit of NEWS[1] gets it ...
    assert 1 not in pairs or pairs[1].index != 1  # ... and nobody else does


def test_nearest_scans_or_indexes_with_the_same_answers(monkeypatch):
    import dragoman.catalog.fuzzy as fuzzy

    queries = ["Turkish forces arrested 14 people in Afrin countryside.", "Nothing like it."]
    scanned = nearest(queries, NEWS)
    monkeypatch.setattr(fuzzy, "_SCAN_PAIRS", 0)
    assert nearest(queries, NEWS) == scanned
    assert scanned[0].index == 2 and scanned[1] is None


def test_change_notes_flag_numbers_and_negations():
    notes = change_notes("Five people were killed on 3 May.", "Five people were not killed on 4 May.")
    assert any("number changed" in n and "3 -> 4" in n for n in notes)
    assert any("negation added" in n for n in notes)
    assert any("negation removed" in n for n in change_notes("He didn't go.", "He did go."))
    assert change_notes("Calm returned to the city.", "Calm returned to the town.") == []


# -- msgmerge's contract --------------------------------------------------------------------

OLD_PO = r'''# Arabic translation.
msgid ""
msgstr ""
"Project-Id-Version: siege\n"
"POT-Creation-Date: 2026-01-01 10:00+0000\n"
"PO-Revision-Date: 2026-01-02 10:00+0000\n"
"Last-Translator: Sample Translator <t@example.org>\n"
"Language-Team: Arabic\n"
"Language: ar\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 "
"&& n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\n"

# checked by the editor
#. paragraph
#: sources/siege.txt:5
msgid "Calm returned to Al-Hasakah."
msgstr "عاد الهدوء إلى الحسكة."

#. paragraph
#: sources/siege.txt:5
msgid "Regime forces shelled Daraa on 3 May, killing 4 civilians."
msgstr "قصفت قوات النظام درعا في 3 أيار، ما أدى إلى مقتل 4 مدنيين."

#. paragraph
#: sources/siege.txt:7
msgid "Regime forces shelled Idlib on 3 May, killing 4 civilians."
msgstr ""

#. paragraph
#: sources/siege.txt:9
msgid "The siege started 15 days ago."
msgstr "بدأ الحصار قبل 15 يوما."

#. paragraph
#: sources/siege.txt:11
msgid "An untranslated sentence that goes away."
msgstr ""

#~ msgid "A sentence removed long ago."
#~ msgstr "جملة حذفت منذ زمن."
'''


def _template(*msgids, date="2026-02-01 10:00+0000"):
    header = {"Project-Id-Version": "siege", "POT-Creation-Date": date,
              "Content-Type": "text/plain; charset=UTF-8"}
    return Catalog(header, [Message(msgid=m, extracted_comments=["paragraph"],
                                    references=[f"sources/siege.txt:{i + 1}"])
                            for i, m in enumerate(msgids)])


def test_exact_fuzzy_obsolete_and_header():
    old = parse_po(OLD_PO)
    new = update(old, _template(
        "Calm returned to Al-Hasakah.",
        "Regime forces shelled Daraa on 4 May, killing 4 civilians.",  # edited
        "Regime forces shelled Idlib on 3 May, killing 4 civilians.",  # unchanged, untranslated
        "Regime forces shelled Idlib on 5 May, killing 9 civilians.",  # new look-alike
        "A sentence removed long ago.",  # comes back
    ), "ar")
    calm = new["Calm returned to Al-Hasakah."]
    assert calm.translated and calm.msgstr == "عاد الهدوء إلى الحسكة."
    assert calm.translator_comments == ["checked by the editor"]
    assert calm.references == ["sources/siege.txt:1"]  # from the template

    edited = new["Regime forces shelled Daraa on 4 May, killing 4 civilians."]
    assert edited.fuzzy and edited.msgstr.startswith("قصفت قوات النظام درعا")
    assert edited.previous_msgid == "Regime forces shelled Daraa on 3 May, killing 4 civilians."
    assert any("number changed" in c for c in edited.translator_comments)
    assert all(c.startswith(NOTE_PREFIX) for c in edited.translator_comments)

    # The Daraa translation went to its own edit, not to a look-alike about Idlib.
    assert not new["Regime forces shelled Idlib on 5 May, killing 9 civilians."].msgstr

    assert new["A sentence removed long ago."].translated  # revived

    obsolete = {m.msgid: m for m in new.obsolete}
    assert obsolete["The siege started 15 days ago."].msgstr == "بدأ الحصار قبل 15 يوما."
    # as msgmerge: an obsolete entry has no source any more, so no #. or #: lines
    gone = obsolete["The siege started 15 days ago."]
    assert gone.extracted_comments == [] and gone.references == []
    assert "#: sources/siege.txt:9" not in render_po(new)
    assert "An untranslated sentence that goes away." not in obsolete  # nothing to keep

    assert new.header["POT-Creation-Date"] == "2026-02-01 10:00+0000"
    assert new.header["Last-Translator"] == "Sample Translator <t@example.org>"
    assert new.header["PO-Revision-Date"] == "2026-01-02 10:00+0000"
    assert old == parse_po(OLD_PO)  # the argument is not modified


def test_unchanged_update_writes_the_same_bytes():
    old = parse_po(OLD_PO)
    same = _template(*(m.msgid for m in old.active), date="2026-01-01 10:00+0000")
    for message, source in zip(same.messages, old.active):
        message.references = list(source.references)
    assert render_po(update(old, same, "ar")) == OLD_PO


def test_fuzzy_entries_keep_their_notes_until_the_translator_confirms():
    old = parse_po(OLD_PO)
    first = update(old, _template("Regime forces shelled Daraa on 4 May, killing 4 civilians."), "ar")
    entry = first.active[0]
    assert entry.fuzzy and entry.translator_comments
    again = update(parse_po(render_po(first)), _template(entry.msgid), "ar")
    assert again.active[0].translator_comments == entry.translator_comments
    reviewed = parse_po(render_po(first))
    reviewed.active[0].fuzzy = False  # the translator checked it
    confirmed = update(reviewed, _template(entry.msgid), "ar")
    assert confirmed.active[0].translated and confirmed.active[0].translator_comments == []


def test_memory_fills_new_entries_with_origin_and_score():
    memory = Memory([
        Unit("Turkish forces arrested 12 people in Afrin.", "اعتقلت القوات التركية 12 شخصا في عفرين.",
             "locales/ar/LC_MESSAGES/other.po"),
        Unit("Calm returned to Al-Hasakah.", "ترجمة ذاتية", "locales/ar/LC_MESSAGES/siege.po"),
    ])
    template = _template("Turkish forces arrested 12 people in Afrin.",
                         "Turkish forces did not arrest 12 people in Afrin.",
                         "Calm returned to Al-Hasakah.")
    new = update(None, template, "ar", memory, hidden_origin="locales/ar/LC_MESSAGES/siege.po")
    exact = new["Turkish forces arrested 12 people in Afrin."]
    assert exact.translated and "exact match" in exact.translator_comments[0]
    assert "locales/ar/LC_MESSAGES/other.po" in exact.translator_comments[0]
    similar = new["Turkish forces did not arrest 12 people in Afrin."]
    assert similar.fuzzy and similar.previous_msgid == "Turkish forces arrested 12 people in Afrin."
    assert any("negation added" in c for c in similar.translator_comments)
    assert "% match" in similar.translator_comments[0]
    assert not new["Calm returned to Al-Hasakah."].msgstr  # its own catalog is excluded
    as_fuzzy = update(None, template, "ar", memory, exact="fuzzy")
    assert as_fuzzy["Turkish forces arrested 12 people in Afrin."].fuzzy


def test_translations_are_the_finished_entries_only():
    new = update(parse_po(OLD_PO), _template(
        "Calm returned to Al-Hasakah.",
        "Regime forces shelled Daraa on 4 May, killing 4 civilians."), "ar")
    assert translations(new) == {"Calm returned to Al-Hasakah.": "عاد الهدوء إلى الحسكة."}


# -- never lose a translation -----------------------------------------------------------------

WORDS = ["regime", "forces", "shelled", "Daraa", "Idlib", "killing", "civilians", "on", "May",
         "3", "15", "not", "the", "siege", "calm", "returned", "to", "Al-Hasakah", "and"]
sentence = st.lists(st.sampled_from(WORDS), min_size=2, max_size=9).map(" ".join)


def _edit(text: str, kind: int, word: str) -> str:
    words = text.split()
    if kind == 0:
        return " ".join(words + [word])
    if kind == 1 and len(words) > 1:
        return " ".join(words[1:])
    if kind == 2:
        return " ".join([word] + words[1:])
    return text + " not"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sentence, min_size=1, max_size=12, unique=True),
       st.lists(st.tuples(st.booleans(), st.integers(0, 4), st.sampled_from(WORDS)),
                min_size=12, max_size=12),
       st.lists(sentence, max_size=3))
def test_update_never_loses_a_translation(sources, plan, added):
    old = Catalog({"Language": "ar"}, [
        Message(msgid=s, msgstr=f"ترجمة {i}" if plan[i][0] or i % 2 else "",
                flags=["fuzzy"] if i % 5 == 4 else [])
        for i, s in enumerate(sources)])
    edited = []
    for i, s in enumerate(sources):
        kind = plan[i][1]
        if kind == 4:
            continue  # removed
        edited.append(_edit(s, kind, plan[i][2]) if kind < 3 or i % 3 == 0 else s)
    template = _template(*dict.fromkeys(edited + added))
    new = update(old, template, "ar")
    again = parse_po(render_po(new))  # and it survives a write and read
    kept = {m.msgstr for m in again.messages if m.msgstr}
    for message in old.messages:
        if message.msgstr:
            assert message.msgstr in kept
    assert [m.msgid for m in again.active] == list(dict.fromkeys(edited + added))
    for message in again.active:  # nothing reused silently: a changed source is fuzzy
        if message.msgstr and message.translated:
            match = old.get(message.msgid)
            assert match is not None and match.msgstr == message.msgstr


# -- dragoman catalog merge, side by side with msgmerge -------------------------------------------

def test_catalog_merge_command_keeps_msgmerges_contract(tmp_path):
    msgmerge = require_tool("msgmerge", "run 'make gettext-deps'")
    msgfmt = require_tool("msgfmt", "run 'make gettext-deps'")
    (tmp_path / "old.po").write_text(OLD_PO, "utf-8")
    template = _template("Calm returned to Al-Hasakah.",
                         "Regime forces shelled Daraa on 4 May, killing 4 civilians.",
                         "Regime forces shelled Idlib on 3 May, killing 4 civilians.")
    (tmp_path / "new.pot").write_text(render_po(template), "utf-8")
    result = CliRunner().invoke(cli, ["catalog", "merge", str(tmp_path / "old.po"),
                                      str(tmp_path / "new.pot"), "-o", str(tmp_path / "dm.po")])
    assert result.exit_code == 0, result.output
    subprocess.run([msgmerge, "--quiet", "--previous", "-o", str(tmp_path / "mm.po"),
                    str(tmp_path / "old.po"), str(tmp_path / "new.pot")], check=True)
    ours, theirs = (parse_po((tmp_path / f).read_text("utf-8")) for f in ("dm.po", "mm.po"))
    for catalog in (ours, theirs):
        edited = catalog["Regime forces shelled Daraa on 4 May, killing 4 civilians."]
        assert edited.fuzzy and edited.previous_msgid.endswith("on 3 May, killing 4 civilians.")
    assert translations(ours) == translations(theirs)
    assert {m.msgid for m in ours.obsolete} == {m.msgid for m in theirs.obsolete}
    done = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(tmp_path / "dm.po")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_catalog_merge_with_a_compendium_and_to_stdout(tmp_path):
    (tmp_path / "empty.po").write_text(r'''msgid ""
msgstr ""
"Language: ar\n"
"Content-Type: text/plain; charset=UTF-8\n"
''', "utf-8")
    (tmp_path / "new.pot").write_text(render_po(_template("Calm returned to Al-Hasakah.")), "utf-8")
    (tmp_path / "memory.po").write_text(OLD_PO, "utf-8")
    result = CliRunner().invoke(cli, ["catalog", "merge", "-C", str(tmp_path / "memory.po"),
                                      str(tmp_path / "empty.po"), str(tmp_path / "new.pot")])
    assert result.exit_code == 0, result.output
    merged = parse_po(result.output)
    assert merged["Calm returned to Al-Hasakah."].translated
    assert "memory.po" in merged["Calm returned to Al-Hasakah."].translator_comments[0]


def test_catalog_merge_refuses_a_broken_po_naming_file_and_line(tmp_path):
    (tmp_path / "bad.po").write_text('msgid "a"\nmsgstr "b"\nmsgid "c"\n', "utf-8")
    (tmp_path / "new.pot").write_text(render_po(_template("a")), "utf-8")
    from dragoman.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["catalog", "merge", str(tmp_path / "bad.po"), str(tmp_path / "new.pot"), "-o",
              str(tmp_path / "bad.po")])
    assert stop.value.code == 2
    assert (tmp_path / "bad.po").read_text("utf-8") == 'msgid "a"\nmsgstr "b"\nmsgid "c"\n'


# -- real-shaped updates, side by side with msgmerge -------------------------------------------
# Each case is cut down from a released catalog's update (GNOME, Cinnamon, Django apps).

AR_HEADER = r"""msgid ""
msgstr ""
"Project-Id-Version: demo\n"
"Language: ar\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;\n"

"""
POT_HEADER = r"""msgid ""
msgstr ""
"Project-Id-Version: demo\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"

"""


def _both_merges(tmp_path, old_body: str, template_body: str):
    """(dragoman's, msgmerge's) merge of an Arabic catalog, after checking that dragoman's
    output passes ``msgfmt --check``."""
    msgmerge = require_tool("msgmerge", "run 'make gettext-deps'")
    msgfmt = require_tool("msgfmt", "run 'make gettext-deps'")
    (tmp_path / "old.po").write_text(AR_HEADER + old_body, "utf-8")
    (tmp_path / "new.pot").write_text(POT_HEADER + template_body, "utf-8")
    result = CliRunner().invoke(cli, ["catalog", "merge", str(tmp_path / "old.po"),
                                      str(tmp_path / "new.pot"), "-o", str(tmp_path / "dm.po")])
    assert result.exit_code == 0, result.output
    subprocess.run([msgmerge, "--quiet", "--previous", "-o", str(tmp_path / "mm.po"),
                    str(tmp_path / "old.po"), str(tmp_path / "new.pot")], check=True)
    checked = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(tmp_path / "dm.po")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    return parse_po((tmp_path / "dm.po").read_text("utf-8")), \
        parse_po((tmp_path / "mm.po").read_text("utf-8"))


def _state(message):
    return message.fuzzy, message.msgstr, message.msgstr_plural, message.previous_msgid


def test_a_msgid_switching_between_singular_and_plural_is_offered_fuzzy_without_duplicates(tmp_path):
    ours, theirs = _both_merges(tmp_path, """\
msgid "Keyboard"
msgstr "لوحة المفاتيح"

msgid "pixel"
msgid_plural "pixels"
msgstr[0] "لا بكسلات"
msgstr[1] "بكسل"
msgstr[2] "بكسلان"
msgstr[3] "بكسلات"
msgstr[4] "بكسلًا"
msgstr[5] "بكسل"
""", """\
msgid "Keyboard"
msgid_plural "Keyboards"
msgstr[0] ""
msgstr[1] ""

msgid "pixel"
msgstr ""
""")
    keyboard = ours["Keyboard"]
    assert _state(keyboard) == _state(theirs["Keyboard"]) == (
        True, "", ["لوحة المفاتيح"] * 6, "Keyboard")
    assert keyboard.previous_msgid_plural is None  # it had none
    # msgmerge offers a plural's first form; Arabic's first form is for zero, so dragoman
    # offers the one for a count of one.
    assert theirs["pixel"].msgstr == "لا بكسلات"
    pixel = ours["pixel"]
    assert pixel.fuzzy and pixel.msgstr == "بكسل" and pixel.previous_msgid_plural == "pixels"
    assert not ours.obsolete and not theirs.obsolete


def test_a_format_flag_gained_by_the_template_fuzzies_translations_that_do_not_fit(tmp_path):
    ours, theirs = _both_merges(tmp_path, """\
msgid "Show %s"
msgstr "اعرض"

msgid "Hide %s"
msgstr "أخف %d"

msgid "Open %s"
msgstr "افتح %.0s"

msgid "Take %d"
msgstr "خذ%.0s"

msgid "%d file"
msgid_plural "%d files"
msgstr[0] "لا ملفات"
msgstr[1] "ملف واحد"
msgstr[2] "ملفان"
msgstr[3] "%d ملفات"
msgstr[4] "%d ملفًا"
msgstr[5] "%d ملف"
""", """\
#, c-format
msgid "Show %s"
msgstr ""

#, c-format
msgid "Hide %s"
msgstr ""

#, c-format
msgid "Open %s"
msgstr ""

#, c-format
msgid "Take %d"
msgstr ""

#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""
""")
    fuzzy = {m.msgid: m.fuzzy for m in ours.active}
    assert fuzzy == {m.msgid: m.fuzzy for m in theirs.active} == {
        "Show %s": True, "Hide %s": True, "Open %s": False, "Take %d": True, "%d file": False}
    assert ours["Take %d"].previous_msgid == theirs["Take %d"].previous_msgid == "Take %d"
    assert all("c-format" in m.flags for m in ours.active)


def test_a_translation_in_another_context_is_offered_fuzzy(tmp_path):
    ours, theirs = _both_merges(tmp_path, """\
msgctxt "abbrev. month January"
msgid "Jan"
msgstr "ينا"
""", """\
msgid "Jan"
msgstr ""

msgctxt "abbrev. month January"
msgid "Jan"
msgstr ""

msgctxt "month name"
msgid "Jan"
msgstr ""
""")
    assert ours.get("Jan", "abbrev. month January").translated
    for context in (None, "month name"):
        entry = ours.get("Jan", context)
        assert entry.fuzzy and entry.msgstr == "ينا"
        assert (entry.previous_msgctxt, entry.previous_msgid) == ("abbrev. month January", "Jan")
    offered = theirs.get("Jan")
    assert offered.fuzzy and offered.msgstr == "ينا"
    assert offered.previous_msgctxt == "abbrev. month January"


def test_an_entry_left_empty_gets_the_same_text_translated_elsewhere(tmp_path):
    ours, theirs = _both_merges(tmp_path, """\
msgctxt "form"
msgid "Optional"
msgstr "اختياري"

msgid "Optional"
msgstr ""

msgctxt "price"
msgid "FREE"
msgstr "مجانًا"
""", """\
msgctxt "form"
msgid "Optional"
msgstr ""

msgid "Optional"
msgstr ""

msgid "free"
msgstr ""
""")
    # msgmerge leaves an entry it knows untranslated as it is, and matches case as written.
    assert not theirs["Optional"].has_translation and not theirs["free"].has_translation
    assert ours["Optional"].fuzzy and ours["Optional"].msgstr == "اختياري"
    assert ours["free"].fuzzy and ours["free"].msgstr == "مجانًا"
    assert ours["free"].previous_msgid == "FREE"


def test_strings_that_differ_only_in_punctuation_or_placeholders_are_not_matched(tmp_path):
    ours, theirs = _both_merges(tmp_path, """\
#, c-format
msgid "(%s)"
msgstr "(%s)"

msgid "_File"
msgstr "_ملف"

msgid ":?.!"
msgstr ":؟.!"
""", """\
msgid "S"
msgstr ""

msgid "[FILE...]"
msgstr ""

msgid "…"
msgstr ""
""")
    for msgid in ("S", "[FILE...]", "…"):
        assert not ours[msgid].has_translation and not theirs[msgid].has_translation


def test_scores_are_below_100_for_strings_that_differ_as_written():
    from dragoman.catalog.fuzzy import literal_score, similarity

    assert similarity("S", "(%s)") == 1.0  # the normal forms are alike ...
    assert literal_score("S", "(%s)", 100) < 72  # ... the strings are not
    assert literal_score("Save Options", "Sa_ve Options", 100) < 100
    assert literal_score("Save Options", "Save Options", 100) == 100


def test_a_suggestion_carries_no_accelerator_the_new_source_lacks(tmp_path):
    ours, theirs = _both_merges(tmp_path, """\
msgid "Sa_ve Options"
msgstr "_حفظ الخيارات"

msgid "_Quit the game"
msgstr "_خروج من اللعبة"
""", """\
msgid "Save Options"
msgstr ""

msgid "_Quit the game now"
msgstr ""
""")
    assert theirs["Save Options"].msgstr == "_حفظ الخيارات"  # msgmerge carries it along
    assert ours["Save Options"].fuzzy and ours["Save Options"].msgstr == "حفظ الخيارات"
    assert ours["_Quit the game now"].msgstr == "_خروج من اللعبة"  # the source still has one


def test_new_plural_entries_get_as_many_forms_as_the_language_has(tmp_path):
    ours, theirs = _both_merges(tmp_path, "", """\
#, c-format
msgid "%d day"
msgid_plural "%d days"
msgstr[0] ""
msgstr[1] ""
""")
    assert ours["%d day"].msgstr_plural == theirs["%d day"].msgstr_plural == [""] * 6


def test_references_are_written_as_gnu_gettext_writes_them(tmp_path):
    ours, theirs = _both_merges(tmp_path, """\
#: ./src/keyboard.c:12
msgid "Keyboard"
msgstr "لوحة المفاتيح"
""", """\
#: ./src/keyboard.c:14 ../shared/keys.c:3
msgid "Keyboard"
msgstr ""

#: ./src/mouse.c:2
msgid "Mouse"
msgstr ""
""")
    for msgid in ("Keyboard", "Mouse"):
        assert ours[msgid].references == theirs[msgid].references
    assert ours["Keyboard"].references == ["src/keyboard.c:14", "../shared/keys.c:3"]


SENTENCES = ["Regime forces shelled Daraa on 3 May.", "Five people were killed.",
             "Calm returned to Al-Hasakah.", "The siege started 15 days ago.",
             "Asayish forces did not withdraw.", "Russian mediators met both sides in Al-Qamishli."]


def _article(paragraphs):
    from dragoman.model import Article, Block, Meta
    from dragoman.segment import segment_article

    blocks = [Block("paragraph", text, "text", 1 + 2 * i) for i, text in enumerate(paragraphs)]
    return segment_article(Article("r", "en", Meta(), tuple(blocks), "sources/r.txt"))


edits = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3), st.sampled_from(WORDS)),
                 max_size=6)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3), min_size=1,
                max_size=4), edits)
def test_editing_a_report_never_loses_a_translation(paragraphs, changes):
    from dragoman.catalog import extract

    texts = [" ".join(p) for p in paragraphs]
    first = update(None, extract(_article(texts)), "kmr")
    for i, message in enumerate(first.messages):
        message.msgstr = f"wergera {i}"
    translated = {m.msgstr for m in first.messages}
    for where, kind, word in changes:
        block = where % len(texts)
        words = texts[block].split(" ")
        spot = (where * 7 + kind) % len(words)
        if kind == 0:
            words.insert(spot, word)  # a word inserted
        elif kind == 1 and len(words) > 1:
            del words[spot]  # a word deleted
        elif kind == 2:
            words[spot] = word  # a word changed
        else:
            texts.append("Another sentence about 7 fighters.")  # a paragraph added
        texts[block] = " ".join(words)
    second = update(parse_po(render_po(first)), extract(_article(texts)), "kmr")
    kept = {m.msgstr for m in parse_po(render_po(second)).messages if m.msgstr}
    assert translated <= kept


def test_entries_left_empty_earlier_are_filled_when_the_memory_has_them():
    template = _template("Calm returned to Al-Hasakah.", "Five people were killed.")
    first = update(None, template, "ar")
    assert not any(m.msgstr for m in first.messages)
    memory = Memory([Unit("Five people were killed.", "قتل خمسة أشخاص.", "other.po")])
    old = parse_po(render_po(first))
    second = update(old, template, "ar", memory)
    assert second["Five people were killed."].translated
    assert old["Five people were killed."].msgstr == ""  # the argument is not modified
    assert second["Calm returned to Al-Hasakah."] is old["Calm returned to Al-Hasakah."]


def test_suggestions_beat_msgmerge_on_an_edited_news_catalog(tmp_path):
    """Recall and precision of fuzzy suggestions against GNU msgmerge on the benchmark's kind
    of catalog (news sentences from templates, a fifth of them edited), at a small size."""
    import random
    import sys

    from conftest import REPO

    msgmerge = require_tool("msgmerge", "run 'make gettext-deps'")
    sys.path.insert(0, str(REPO))
    from benchmarks.newsgen import edited_corpus

    current, older = edited_corpus(1500, 0.2, 7)
    rng = random.Random(8)
    translation = {i: f"ترجمة {i}" for i in range(len(current)) if rng.random() < 0.7}
    old = Catalog({"Language": "ar", "Content-Type": "text/plain; charset=UTF-8"},
                  [Message(msgid=older.get(i, s), msgstr=translation.get(i, ""))
                   for i, s in enumerate(current)])
    template = _template(*current)
    (tmp_path / "old.po").write_text(render_po(old), "utf-8")
    (tmp_path / "new.pot").write_text(render_po(template), "utf-8")
    subprocess.run([msgmerge, "--quiet", "--previous", "-o", str(tmp_path / "mm.po"),
                    str(tmp_path / "old.po"), str(tmp_path / "new.pot")], check=True)
    edited = [i for i in older if i in translation]

    def scores(catalog):
        entries = {m.msgid: m for m in catalog.active}
        fuzzy = [m for m in entries.values() if m.fuzzy and m.msgstr]
        right = [i for i in edited if entries[current[i]].fuzzy
                 and entries[current[i]].msgstr == translation[i]]
        return len(right) / len(edited), len(right) / max(len(fuzzy), 1)

    ours = scores(update(parse_po(render_po(old)), template, "ar"))
    theirs = scores(parse_po((tmp_path / "mm.po").read_text("utf-8")))
    assert ours[0] > theirs[0] and ours[1] > theirs[1], (ours, theirs)
    assert ours[0] > 0.95 and ours[1] > 0.95


def test_catalog_merge_reads_a_pipe_once(tmp_path):
    """A catalog given as a pipe (a shell's process substitution) is read once, as a file
    is."""
    import shutil
    import sys

    bash = shutil.which("bash")
    assert bash, "bash is needed for process substitution"
    (tmp_path / "old.po").write_text(OLD_PO, "utf-8")
    template = _template("Calm returned to Al-Hasakah.",
                         "Regime forces shelled Daraa on 4 May, killing 4 civilians.")
    (tmp_path / "new.pot").write_text(render_po(template), "utf-8")
    by_file = subprocess.run([sys.executable, "-m", "dragoman", "catalog", "merge", "old.po",
                              "new.pot"], cwd=tmp_path, capture_output=True, text=True)
    by_pipe = subprocess.run(
        [bash, "-c", f"'{sys.executable}' -m dragoman catalog merge <(cat old.po) <(cat new.pot)"],
        cwd=tmp_path, capture_output=True, text=True)
    assert by_file.returncode == by_pipe.returncode == 0, by_pipe.stderr
    assert by_pipe.stdout == by_file.stdout
    assert "Regime forces shelled Daraa on 3 May" in by_pipe.stdout  # the edit found


def test_catalog_merge_batch_merges_every_line_and_names_the_line_of_an_error(tmp_path):
    old = Catalog({"Language": "ar"}, [Message(msgid="Calm returned to Al-Hasakah.",
                                               msgstr="عاد الهدوء إلى الحسكة.")])
    (tmp_path / "ar.po").write_text(render_po(old), "utf-8")
    (tmp_path / "new.pot").write_text(render_po(_template("Calm returned to Al-Hasakah.",
                                                          "Five people were killed.")), "utf-8")
    single = CliRunner().invoke(cli, ["catalog", "merge", str(tmp_path / "ar.po"),
                                      str(tmp_path / "new.pot")])
    lines = [f"{tmp_path / 'ar.po'}\t{tmp_path / 'new.pot'}\t{tmp_path / 'one.po'}",
             "", f"{tmp_path / 'gone.po'}\t{tmp_path / 'new.pot'}\t{tmp_path / 'two.po'}",
             f"{tmp_path / 'ar.po'}\t{tmp_path / 'new.pot'}",
             f"{tmp_path / 'ar.po'}\t{tmp_path / 'gone.pot'}\t{tmp_path / 'four.po'}",
             f"{tmp_path / 'ar.po'}\t{tmp_path / 'new.pot'}\t{tmp_path / 'three.po'}"]
    (tmp_path / "batch.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["catalog", "merge", "--batch", str(tmp_path / "batch.tsv")])
    assert result.exit_code == 2
    assert f"batch.tsv:3: {tmp_path / 'gone.po'}" in result.stderr
    assert "batch.tsv:4: expected DEF<TAB>REF<TAB>OUT" in result.stderr
    assert f"batch.tsv:5: {tmp_path / 'gone.pot'}: no such file" in result.stderr
    assert (tmp_path / "one.po").read_text("utf-8") == single.stdout
    assert (tmp_path / "three.po").read_text("utf-8") == single.stdout
    assert not (tmp_path / "two.po").exists()
    piped = CliRunner().invoke(cli, ["catalog", "merge", "--batch", "-"], input=lines[0] + "\n")
    assert piped.exit_code == 0 and (tmp_path / "one.po").read_text("utf-8") == single.stdout
    usage = CliRunner().invoke(cli, ["catalog", "merge", "--batch", "-", str(tmp_path / "ar.po")])
    assert usage.exit_code == 2


def test_the_memorys_identical_sentence_wins_over_a_translation_from_another_context():
    old = Catalog({"Language": "ar"}, [
        Message(msgid="Calm returned to Al-Hasakah.", msgctxt="r-1", msgstr="عاد الهدوء."),
        Message(msgid="Five people were killed.", msgctxt="r-2", msgstr="قتل خمسة.")])
    template = Catalog({}, [Message(msgid="Calm returned to Al-Hasakah.", msgctxt="r-1"),
                            Message(msgid="Five people were killed.", msgctxt="r-2"),
                            Message(msgid="Calm returned to Al-Hasakah.", msgctxt="r-3"),
                            Message(msgid="Five people were killed.", msgctxt="r-4")])
    memory = Memory([Unit("Calm returned to Al-Hasakah.", "عاد الهدوء إلى الحسكة.", "other.po")])
    new = update(old, template, "ar", memory)
    calm = new.get("Calm returned to Al-Hasakah.", "r-3")
    assert calm.translated and calm.msgstr == "عاد الهدوء إلى الحسكة."
    assert calm.previous_msgctxt is None and calm.previous_msgid is None
    five = new.get("Five people were killed.", "r-4")
    assert five.fuzzy and five.msgstr == "قتل خمسة." and five.previous_msgctxt == "r-2"


def test_a_batch_cuts_its_lines_into_chains_of_the_files_they_write(tmp_path):
    from dragoman.catalog.merge_files import BatchLine, chains

    def line(n, *names):
        return BatchLine(n, f"b:{n}", *(tmp_path / name for name in names))

    lines = [line(1, "ar.po", "new.pot", "ar.po"), line(2, "ckb.po", "new.pot", "ckb.out.po"),
             line(3, "kmr.po", "ar.po", "kmr.out.po"),  # reads what line 1 writes
             line(4, "x.po", "new.pot", "ckb.out.po"),  # writes what line 2 writes
             line(5, "x.po", "other.pot", "y.po")]  # reads only what others read
    assert [[l.lineno for l in chain] for chain in chains(lines)] == [[1, 3], [2, 4], [5]]


BATCH_CATALOGS = {
    "ar.po": Catalog({"Language": "ar"}, [
        Message(msgid="Calm returned to Al-Hasakah.", msgstr="عاد الهدوء إلى الحسكة."),
        Message(msgid="Five people were killed in Raqqa.", msgstr="قتل خمسة أشخاص في الرقة.")]),
    "ckb.po": Catalog({"Language": "ckb"}, [
        Message(msgid="Five people were killed in Raqqa.", msgstr="پێنج کەس لە ڕەقە کوژران.")]),
    "one.pot": _template("Calm returned to Al-Hasakah.", "Six people were killed in Raqqa."),
    "two.pot": _template("Calm returned to Al-Hasakah today.", "Five people were killed."),
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["ar.po", "ckb.po", "a.po", "b.po", "gone.po"]),
                          st.sampled_from(["one.pot", "two.pot", "a.po"]),
                          st.sampled_from(["ar.po", "a.po", "b.po", "c.po"])),
                min_size=2, max_size=6))
def test_a_batch_shared_among_workers_writes_what_one_process_writes(lines):
    """Whatever files the lines share (one writing what a later one reads, two writing one
    file, in place), the workers' outputs and messages are those of one process."""
    import tempfile
    from pathlib import Path
    from unittest import mock

    from dragoman.catalog import merge_files

    results = []
    for shared in (False, True):
        with tempfile.TemporaryDirectory() as tmp, mock.patch.multiple(
                merge_files, SHARED_BATCH_BYTES=0 if shared else 10**12), mock.patch(
                "dragoman.executor.cores", lambda: 2):
            work = Path(tmp)
            for name, catalog in BATCH_CATALOGS.items():
                (work / name).write_text(render_po(catalog), "utf-8")
            (work / "batch.tsv").write_text(
                "".join("\t".join(str(work / name) for name in line) + "\n" for line in lines),
                "utf-8")
            result = CliRunner().invoke(cli, ["catalog", "merge", "--batch", str(work / "batch.tsv")])
            results.append((result.exit_code, result.stderr.replace(tmp, "DIR"),
                            {path.name: path.read_bytes() for path in sorted(work.iterdir())
                             if path.name != "batch.tsv"}))
    assert results[0] == results[1]
