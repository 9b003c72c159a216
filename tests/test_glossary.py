"""The glossary engine: loading and validation, the one-pass finder, lint and fix, target-side
match keys and checks, translator notes, TBX/CSV exchange, and the ``glossary`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from dragoman.cli import cli
from dragoman.errors import GlossaryError, InputError
from dragoman.glossary import (
    GlossaryProblems, check_translation, fix_file, lint_file, lint_text, load_glossary, match_key,
    parse_tsv, render_tsv, translator_notes,
)
from dragoman.glossary.exchange import TBX_NS, canonical, export, import_files, parse_tbx
from dragoman.glossary.variants import skeleton

DATA = Path(__file__).parent / "data" / "glossary"
REPO = Path(__file__).resolve().parent.parent
HEADER = "concept\tlang\tterm\tstatus\tkind\tnote\n"

# Sentences of the sample report, with its spelling variants.
REPORT = (
    "Tense calm has been prevailing in Al-Hasakah and Al-Qamishli cities after the dramatic "
    "developments on Saturday.\n"
    "\n"
    "One of whom sustained serious injuries in clashes between NDF and Asayish Forces in "
    "Al-Qamishi city.\n"
    "\n"
    "SOHR sources reported that the cities of al-Hasakeh and al-Qamishli were witnessing tension.\n"
    "\n"
    "The security zones in Al-Hasakah and Al-Qamishily cities.\n"
    "\n"
    "Families in the cities of Al-Hasaka and Al-Qamishli started to leave their homes.\n"
)


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(DATA)


def lines_of(findings):
    return [(f.line, f.column, f.found, f.replacement, f.kind) for f in findings]


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """(line, column) of the n-th ``needle`` in ``text``, 1-based: the oracle for findings."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --- loading and validation ------------------------------------------------------------------

def test_a_folder_reads_every_tsv(glossary):
    assert {"al-hasakah", "asayish", "regime-forces"} <= set(glossary.concepts)
    assert glossary.preferred("al-hasakah", "ar") == "الحسكة"
    assert glossary.preferred("al-hasakah", "xx") is None
    assert set(glossary.sources) == {str(DATA / "actors.tsv"), str(DATA / "places.tsv")}


@pytest.mark.parametrize("row, message", [
    ("c\ten\tTerm\tpreferd\tcity\t\n", "unknown status 'preferd'"),
    ("c\tku\tTerm\tpreferred\tcity\t\n", "unknown language 'ku'"),
    ("c\ten\t\tpreferred\tcity\t\n", "empty term"),
    ("c\ten\tTerm\tpreferred\n", "expected 6 tab-separated columns, found 4"),
    ("c\ten\tTerm\tpreferred\tcity\n", "expected 6 tab-separated columns, found 5"),
])
def test_a_bad_row_is_an_error_naming_file_and_line(tmp_path, row, message):
    path = tmp_path / "g.tsv"
    path.write_text("# comment\n" + HEADER + "ok\ten\tFine\tpreferred\t\t\n" + row, "utf-8")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert info.value.path == str(path) and info.value.line == 4
    assert message in str(info.value)
    assert f"{path}:4:" in str(info.value)


def test_every_problem_is_reported_at_once(tmp_path):
    (tmp_path / "a.tsv").write_text(HEADER + "x\ten\tXa\tpreferred\t\t\nx\ten\tXb\tdeprecated\t\t\n", "utf-8")
    (tmp_path / "b.tsv").write_text(
        HEADER + "y\ten\tYa\tpreferred\t\t\ny\ten\tXb\tdeprecated\t\t\nz\tar\tزد\tpreferred\t\t\n", "utf-8")
    with pytest.raises(GlossaryProblems) as info:
        load_glossary(tmp_path)
    text = str(info.value)
    assert f"{tmp_path / 'b.tsv'}:4: concept 'z' has no preferred en term" in text
    assert f"{tmp_path / 'a.tsv'}:3: deprecated en spelling 'Xb' of 'x' is also a term of 'y'" in text
    assert f"{tmp_path / 'b.tsv'}:3: deprecated en spelling 'Xb' of 'y'" in text


def test_missing_header_second_preferred_bad_encoding_and_empty_folder(tmp_path):
    with pytest.raises(GlossaryError, match="header"):
        parse_tsv("x\ten\tX\tpreferred\t\t\n")
    with pytest.raises(GlossaryError, match="second preferred en term"):
        parse_tsv(HEADER + "x\ten\tX\tpreferred\t\t\nx\ten\tY\tpreferred\t\t\n")
    bad = tmp_path / "latin1.tsv"
    bad.write_bytes(HEADER.encode() + b"x\ten\tAl-Has\xe9ka\tpreferred\t\t\n")
    with pytest.raises(GlossaryError, match="not UTF-8") as info:
        load_glossary(bad)
    assert info.value.line == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GlossaryError, match="no \\*.tsv"):
        load_glossary(empty)


def test_the_shipped_glossary_is_valid_and_covers_the_sample_report():
    shipped = load_glossary(REPO / "glossary")
    assert len(shipped.concepts) >= 80
    for concept in shipped.concepts.values():
        assert concept.preferred("en") is not None
    findings = lint_file(shipped, REPO / "sources" / "sample-report.txt")
    found = {f.found for f in findings}
    assert {"Al-Qamishi", "Al-Qamishily", "al-Hasakeh", "Al-Hasaka"} <= found
    assert {f.preferred for f in findings if f.found.lower().startswith("al-qamish")} == {"Al-Qamishli"}


# --- finding terms ---------------------------------------------------------------------------

def test_find_is_whole_word_leftmost_longest_and_case_aware(glossary):
    text = "Clashes in al-Hasakah near Al-Qamishli airbase; SDF, sdf and Al-Hasakahx. Aleppo’s"
    found = [(m.concept, m.status, m.found, text[m.start:m.end]) for m in glossary.find(text, "en")]
    assert found == [
        ("al-hasakah", "admitted", "al-Hasakah", "al-Hasakah"),
        ("al-qamishli-airbase", "preferred", "Al-Qamishli airbase", "Al-Qamishli airbase"),
        ("sdf", "preferred", "SDF", "SDF"),
        ("aleppo", "preferred", "Aleppo", "Aleppo"),
    ]


def test_a_case_variant_of_an_approved_term_is_that_term(glossary):
    [match] = glossary.find("AL-QAMISHLI", "en")
    assert (match.concept, match.term, match.status) == ("al-qamishli", "Al-Qamishli", "preferred")


def test_a_span_naming_two_concepts_gives_both(tmp_path):
    g = parse_tsv(HEADER + "city\ten\tAl-Hasakah\tpreferred\tcity\t\n"
                  "gov\ten\tAl-Hasakah\tpreferred\tgovernorate\t\n")
    assert {m.concept for m in g.find("in Al-Hasakah", "en")} == {"city", "gov"}


# --- lint ------------------------------------------------------------------------------------

def test_lint_finds_deprecated_and_suspected_spellings(glossary):
    findings = lint_text(glossary, REPORT)
    assert lines_of(findings) == [
        (*position(REPORT, "Al-Qamishi "), "Al-Qamishi", "Al-Qamishli", "suspected"),
        (*position(REPORT, "al-Hasakeh"), "al-Hasakeh", "al-Hasakah", "suspected"),
        (*position(REPORT, "Al-Qamishily"), "Al-Qamishily", "Al-Qamishli", "suspected"),
        (*position(REPORT, "Al-Hasaka "), "Al-Hasaka", "Al-Hasakah", "deprecated"),
    ]
    assert all(f.preferred == glossary.preferred(f.concept, "en") for f in findings)
    assert findings[3].confidence == 1.0
    assert all(0.8 <= f.confidence < 1.0 for f in findings[:3])


@pytest.mark.parametrize("text", [
    "Fighting near Al-Hasan and Al-Qamsiyah and in Amuda.",
    "Al-Hasakah, al-Hasakah, Hasakah, Qamishli, Al-Qamishli airbase, Sheikh Maqsoud, Aleppo.",
    "Meanwhile, Russian Forces and the Syrian Observatory said that Damascus, Moscow and Paris "
    "held talks on Monday in January with The United Nations, Human Rights Watch and Amnesty "
    "International while President Biden and Secretary Blinken visited Washington.",
])
def test_no_false_alarm_on_other_names_terms_and_english(glossary, text):
    assert lint_text(glossary, text) == []


def test_generic_words_around_a_name_are_trimmed(glossary):
    findings = lint_text(glossary, "Shelling hit the Hasakeh Governorate and Deir Ezzor Countryside.")
    assert [(f.found, f.preferred) for f in findings] == [("Hasakeh", "Al-Hasakah")]


def test_transliteration_skeletons():
    same = [("Al-Hasakah", "al-Hasakeh"), ("Al-Hasakah", "Hasaka"), ("Al-Hasakah", "Al Hassakeh"),
            ("Al-Qamishli", "Al-Qamishly"), ("Al-Qamishli", "Kamishli"), ("Al-Qamishli", "Qamichli"),
            ("Al-Ashrafiyah", "Ashrafieh"), ("Sheikh Maqsoud", "Sheikh Maqsood"),
            ("Deir ez-Zor", "Deir Ezzor"), ("Al-Shahbaa", "Shahba"), ("Ḥasakah", "Hasakah"),
            ("Al-Hasakah", "El-Hasakah"), ("Al-Shaddadi", "ash-Shaddadi"), ("Al-Darbasiyah", "ad-Darbasiyah"),
            ("Ras al-Ain", "Ras el Ain"), ("Sheikh Maqsoud", "Sheikh Maqsud"), ("Al-Hasakah", "Al Hasakah"),
            ("Al-Qamishli", "Al-Qamischli")]
    for one, other in same:
        assert skeleton(one) == skeleton(other), (one, other)
    assert skeleton("Al-Hasan") != skeleton("Al-Hasakah")
    assert skeleton("As Suwayda") != skeleton("Suwayda")  # "as" is an English word


def test_suspected_can_be_switched_off_or_filtered(glossary):
    assert [f.kind for f in lint_text(glossary, REPORT, include_suspected=False)] == ["deprecated"]
    assert [f.found for f in lint_text(glossary, REPORT, min_confidence=0.9)] == ["al-Hasakeh", "Al-Hasaka"]


def test_lint_reads_html_markdown_and_po_in_place(glossary, tmp_path):
    html = tmp_path / "r.html"
    html.write_text('<html><body>\n<p>In <a href="https://x.org/al-hasaka">Al-Hasaka</a>'
                    ' &amp; <em class="Al-Hasaka">Amuda</em>.</p>\n</body></html>\n', "utf-8")
    assert lines_of(lint_file(glossary, html)) == [
        (*position(html.read_text("utf-8"), "Al-Hasaka</a>"), "Al-Hasaka", "Al-Hasakah", "deprecated")]
    md = tmp_path / "r.md"
    md.write_text("---\ntitle: Siege of Al-Hasaka\n---\n\nSee [Halab](https://x.org/Halab) and "
                  "`Al-Hasaka`.\n", "utf-8")
    assert lines_of(lint_file(glossary, md)) == [
        (2, 17, "Al-Hasaka", "Al-Hasakah", "deprecated"), (5, 6, "Halab", "Aleppo", "deprecated")]
    po = tmp_path / "r.po"
    po.write_text('# Al-Hasaka in a comment\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; '
                  'charset=UTF-8\\n"\n\n#. Al-Hasaka\nmsgid ""\n"Clashes in\\nAl-Hasaka "\n'
                  '"and Halab"\nmsgstr "Al-Hasaka"\n', "utf-8")
    assert lines_of(lint_file(glossary, po)) == [
        (8, 14, "Al-Hasaka", "Al-Hasakah", "deprecated"), (9, 6, "Halab", "Aleppo", "deprecated")]


def test_unreadable_input_is_an_error(glossary, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        lint_file(glossary, tmp_path / "missing.txt")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Al-Hasaka\n\xff\n")
    with pytest.raises(InputError) as info:
        lint_file(glossary, bad)
    assert info.value.line == 2
    with pytest.raises(InputError, match="cannot lint"):
        lint_file(glossary, tmp_path / "r.docx")


# --- fix -------------------------------------------------------------------------------------

def test_fix_keeps_a_mid_sentence_lowercase_article_and_is_idempotent(glossary, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT + "al-Hasaka was calm. “al-Hasaka” too.\n", "utf-8")
    result = fix_file(glossary, path, include_suspected=True)
    assert "al-Hasakah and al-Qamishli" in result.fixed
    assert "in Al-Qamishli city" in result.fixed and "Al-Qamishily" not in result.fixed
    assert "Al-Hasakah was calm. “Al-Hasakah” too." in result.fixed
    path.write_text(result.fixed, "utf-8")
    again = fix_file(glossary, path, include_suspected=True)
    assert not again.changed and again.findings == []


def test_fix_rewrites_deprecated_only_unless_asked(glossary, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, "utf-8")
    result = fix_file(glossary, path)
    assert result.fixed == REPORT.replace("Al-Hasaka and", "Al-Hasakah and")
    assert result.diff().splitlines()[2:] == [
        "@@ -6,4 +6,4 @@", " ", " The security zones in Al-Hasakah and Al-Qamishily cities.", " ",
        "-Families in the cities of Al-Hasaka and Al-Qamishli started to leave their homes.",
        "+Families in the cities of Al-Hasakah and Al-Qamishli started to leave their homes."]


def test_fix_refuses_catalogs(glossary, tmp_path):
    po = tmp_path / "x.po"
    po.write_text('msgid "Al-Hasaka"\nmsgstr ""\n', "utf-8")
    with pytest.raises(InputError, match="does not rewrite catalogs"):
        fix_file(glossary, po)


# --- target side -----------------------------------------------------------------------------

def test_arabic_and_sorani_match_keys():
    assert match_key("ٱلْحَسَكَة", "ar") == match_key("الحسكة", "ar")
    assert match_key("الأسايش", "ar") == match_key("الاسايش", "ar")
    assert match_key("حارة طيّ", "ar") == match_key("حارة طي", "ar")
    assert match_key("\u200fالقامـــشلي\u200e", "ar") == match_key("القامشلي", "ar")
    assert match_key("١٥ يوما", "ar") == match_key("15 يوما", "ar") == match_key("۱۵ يوما", "ar")
    assert match_key("تینوێتى ئاسكەكانى", "ckb") == match_key("تینوێتی ئاسکەکانی", "ckb")
    assert match_key("ھەرێمی", "ckb") == match_key("هەرێمی", "ckb")
    assert match_key("ﻻ", "ar") == "لا"
    assert match_key("Qamişlo\u200c", "kmr") == "qamişlo"


@pytest.mark.parametrize("lang, translation, approved", [
    ("ar", "اشتباكات بالحسكة وللحسكة والقامشلي", {"al-hasakah": 2, "al-qamishli": 1}),
    ("ar", "في ٱلْحَسَكَة وفي قامشلو", {"al-hasakah": 1, "al-qamishli": 1}),
    ("kmr", "li Hesekê û Qamişloyê", {"al-hasakah": 1, "al-qamishli": 1}),
    ("ckb", "لە حەسەکەدا و قامیشلۆ", {"al-hasakah": 1, "al-qamishli": 1}),
])
def test_clitics_and_endings_hold_the_approved_term(glossary, lang, translation, approved):
    checks = check_translation(glossary, "In Al-Hasakah and al-Qamishli", translation, lang)
    assert {c.concept: len(c.approved) for c in checks} == approved
    assert all(c.ok for c in checks)


def test_a_word_that_only_begins_with_a_term_is_not_the_term(glossary):
    [check] = check_translation(glossary, "Aleppo", "حلبي", "ar")
    assert not check.approved_present and not check.ok
    [check] = check_translation(glossary, "Aleppo", "Helebxane", "kmr")
    assert not check.approved_present


def test_check_translation_reports_missing_and_deprecated_terms(glossary):
    source = "Regime forces and the Asayish in Syria; Amuda."
    checks = {c.concept: c for c in check_translation(glossary, source, "الجيش السوري الحر والاسايش في سورية", "ar")}
    assert list(checks) == ["regime-forces", "asayish", "syria", "amuda"]
    assert checks["regime-forces"].deprecated == ("الجيش السوري الحر",)
    assert not checks["regime-forces"].ok and checks["regime-forces"].expected == "قوات النظام"
    assert checks["asayish"].approved == ("الاسايش",) and checks["asayish"].ok
    assert checks["syria"].ok
    assert checks["amuda"].expected == "عامودا" and not checks["amuda"].ok
    assert glossary.check_translation(source, "", "ckb")[0].expected is None


def test_translator_notes_and_pretranslation(glossary):
    notes = translator_notes(glossary, "Asayish in al-Hasakeh, Al-Hasaka and Al-Qamishli airbase", "ar")
    assert notes == ["Glossary: Asayish = الأسايش", "Glossary: Al-Hasakah = الحسكة",
                     "Glossary: Al-Qamishli airbase = مطار القامشلي"]
    assert glossary.translator_notes("Aleppo", "kmr") == ["Glossary: Aleppo = Heleb"]
    assert glossary.translate_term("Aleppo.", "ckb") == "حەلەب"
    assert glossary.translate_term("Aleppo is calm", "ckb") is None


# --- exchange --------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["tbx", "tbx2008"])
def test_tbx_round_trip_loses_nothing(glossary, tmp_path, fmt):
    path = tmp_path / f"g.{fmt}.tbx"
    path.write_text(export(glossary, fmt), "utf-8")
    back = import_files([path])
    assert back.rows() == canonical(glossary).rows()
    assert render_tsv(back) == render_tsv(canonical(glossary))


def test_csv_round_trip_one_file_per_language(glossary, tmp_path):
    paths = []
    for lang in ("ar", "ckb", "kmr"):
        paths.append(tmp_path / f"{lang}.csv")
        paths[-1].write_text(export(glossary, "csv", lang), "utf-8")
    assert import_files(paths).rows() == canonical(glossary).rows()
    header, first = export(glossary, "csv", "ar").splitlines()[:2]
    assert header.startswith("source,target,context")


def test_a_plain_weblate_csv_imports(tmp_path):
    path = tmp_path / "weblate.csv"
    path.write_text("source,target,context\nAl-Hasakah,الحسكة,hasakah\nAl-Hasakah,الحسكه,hasakah\n", "utf-8")
    rows = import_files([path], lang="ar").rows()
    assert rows == [("hasakah", "en", "Al-Hasakah", "preferred", "", ""),
                    ("hasakah", "ar", "الحسكة", "preferred", "", ""),
                    ("hasakah", "ar", "الحسكه", "admitted", "", "")]
    with pytest.raises(GlossaryError, match="--lang"):
        import_files([path])


def test_tbx2008_is_what_translate_toolkit_reads(glossary):
    from translate.storage import tbx  # a test dependency: the reader Weblate uses
    store = tbx.tbxfile.parsestring(export(glossary, "tbx2008").encode("utf-8"))
    units = {u.getid(): u for u in store.units}
    assert units["al-qamishli"].source == "Al-Qamishli" and not units["al-qamishli"].isobsolete()
    deprecated = [u for key, u in units.items() if key.startswith("al-qamishli--deprecated")]
    assert [u.source for u in deprecated] == ["Al-Qamishly"] and deprecated[0].isobsolete()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<tbx><text><body><conceptEntry id="x"><langSec xml:lang="en"><termSec><term>&d;</term>
</termSec></langSec></conceptEntry></body></text></tbx>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&secret;</term>
</tig></langSet></termEntry></body></text></martif>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL])
def test_entity_attacks_are_refused(document, tmp_path):
    with pytest.raises(GlossaryError, match="refused: the file declares the XML entity"):
        parse_tbx(document)
    path = tmp_path / "evil.tbx"
    path.write_text(document, "utf-8")
    result = CliRunner().invoke(cli, ["glossary", "import", str(path)])
    assert result.exit_code == 2 and "refused" in result.output


def test_malformed_tbx_names_the_line():
    with pytest.raises(GlossaryError) as info:
        parse_tbx("<tbx>\n<text>\n</tbx>", "bad.tbx")
    assert info.value.line == 3 and info.value.path == "bad.tbx"


# --- command line ----------------------------------------------------------------------------

def test_lint_command_formats_and_exit_codes(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, "utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("Calm in Al-Hasakah.\n", "utf-8")
    runner = CliRunner()
    base = ["glossary", "lint", "--glossary", str(DATA)]
    result = runner.invoke(cli, [*base, "--format", "json", str(report)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {"path", "line", "column", "found", "preferred", "concept", "kind", "confidence"} <= set(data[0])
    assert [d["kind"] for d in data] == ["suspected", "suspected", "suspected", "deprecated"]
    result = runner.invoke(cli, [*base, "--format", "github", str(report)])
    assert result.stdout.splitlines()[-1].startswith("::warning file={},line={},col={},".format(report, *position(REPORT, "Al-Hasaka ")))
    result = runner.invoke(cli, [*base, str(report)])
    assert "{}:{}:{}: deprecated: Al-Hasaka -> Al-Hasakah (al-hasakah)".format(report, *position(REPORT, "Al-Hasaka ")) in result.stdout
    assert runner.invoke(cli, [*base, str(clean)]).exit_code == 0
    missing = runner.invoke(cli, [*base, str(clean), str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "nope.txt" in missing.output
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "x\ten\tX\tmaybe\t\t\n", "utf-8")
    result = runner.invoke(cli, ["glossary", "lint", "--glossary", str(bad), str(clean)])
    assert result.exit_code == 2 and f"{bad}:2: unknown status 'maybe'" in result.output


def test_fix_command_diff_then_write(tmp_path):
    report = tmp_path / "report.md"
    report.write_text("# Al-Hasaka\n\nIn al-Hasaka and [Halab](https://x.org/al-hasaka).\n", "utf-8")
    runner = CliRunner()
    base = ["glossary", "fix", "--glossary", str(DATA), str(report)]
    result = runner.invoke(cli, base)
    assert result.exit_code == 1
    assert "+# Al-Hasakah" in result.stdout and "+In al-Hasakah and [Aleppo](https://x.org/al-hasaka)." in result.stdout
    assert report.read_text("utf-8").startswith("# Al-Hasaka\n")
    assert runner.invoke(cli, [*base, "--write"]).exit_code == 0
    assert report.read_text("utf-8") == "# Al-Hasakah\n\nIn al-Hasakah and [Aleppo](https://x.org/al-hasaka).\n"
    assert runner.invoke(cli, base).exit_code == 0
    assert list(tmp_path.iterdir()) == [report]  # no temporary file left behind


def test_export_import_commands(tmp_path):
    runner = CliRunner()
    out = tmp_path / "g.tbx"
    assert runner.invoke(cli, ["glossary", "export", "--glossary", str(DATA), "-o", str(out)]).exit_code == 0
    assert out.read_text("utf-8").count("<conceptEntry") == len(load_glossary(DATA).concepts)
    tsv = tmp_path / "g.tsv"
    assert runner.invoke(cli, ["glossary", "import", str(out), "-o", str(tsv)]).exit_code == 0
    assert load_glossary(tsv) == canonical(load_glossary(DATA))
    refused = runner.invoke(cli, ["glossary", "import", str(out), "-o", str(tsv)])
    assert refused.exit_code == 2 and "--force" in refused.output
    csv = runner.invoke(cli, ["glossary", "export", "--glossary", str(DATA), "--format", "csv", "--lang", "kmr"])
    assert "Al-Qamishli,Qamişlo,al-qamishli" in csv.stdout and "الحسكة" not in csv.stdout


def test_lint_defaults_to_the_workspace_sources(sample_workspace):
    result = CliRunner().invoke(cli, ["glossary", "lint", "-C", str(sample_workspace), "--format", "json"])
    assert result.exit_code == 1
    assert {Path(d["path"]).name for d in json.loads(result.stdout)} >= {"sample-report.txt"}


# --- invariants ------------------------------------------------------------------------------

_SPELLINGS = ["Al-Hasakah", "al-Hasakah", "Al-Hasaka", "al-Hasakeh", "Al-Qamishly", "Al-Qamishily",
              "Halab", "Aleppo", "Amuda", "Al-Hasan", "the", "city", "Meanwhile,", "SDF", "sdf", "“", "."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_SPELLINGS), max_size=25))
def test_fix_is_idempotent_and_matches_slice_the_text(glossary, words):
    text = " ".join(words)
    matches = glossary.find(text, "en")
    for match in matches:
        assert text[match.start:match.end] == match.found
    spans = sorted({(m.start, m.end) for m in matches})
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    from dragoman.glossary.lint import apply_fixes

    once = apply_fixes(text, lint_text(glossary, text))
    assert apply_fixes(once, lint_text(glossary, once)) == once
    assert lint_text(glossary, once) == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="الحسكةأإآٱؤئيىیكکهەھـًٌٍَُِّْ ٠١٢٣0123\u200f\u200c", max_size=30),
       st.sampled_from(["ar", "ckb"]))
def test_match_keys_are_idempotent(text, lang):
    assert match_key(match_key(text, lang), lang) == match_key(text, lang)


def test_a_term_inside_a_longer_term_still_counts_in_a_translation(tmp_path):
    g = parse_tsv(HEADER + "syria\ten\tSyria\tpreferred\t\t\nsyria\tar\tسوريا\tpreferred\t\t\n"
                  "aanes\ten\tAutonomous Administration of North and East Syria\tpreferred\t\t\n"
                  "aanes\tar\tالإدارة الذاتية لشمال وشرق سوريا\tpreferred\t\t\n")
    source = "the Autonomous Administration of North and East Syria, not Syria alone"
    checks = check_translation(g, source, "الإدارة الذاتية لشمال وشرق سوريا", "ar")
    assert [(c.concept, c.approved_present) for c in checks] == [("aanes", True), ("syria", True)]
    assert [m.concept for m in g.find("الإدارة الذاتية لشمال وشرق سوريا", "ar")] == ["aanes"]


def test_kurdish_matches_cover_the_ending(glossary):
    text = "li Hesekê û Qamişloyê"
    assert [(m.found, m.term) for m in glossary.find(text, "kmr")] == [("Hesekê", "Heseke"), ("Qamişloyê", "Qamişlo")]
    assert [m.found for m in glossary.find("لە حەسەکەدا", "ckb")] == ["حەسەکەدا"]
    assert [m.found for m in glossary.find("وللحسكة", "ar")] == ["حسكة"]


def test_kurmanji_terms_are_variants_of_their_concept_and_distinct_homonyms_left_alone(glossary):
    text = "Kurdish media write Hesîçe and Qamişlo; Beirut has Achrafieh, Aleppo has Ashrafieh."
    assert [(f.found, f.concept, f.replacement) for f in lint_text(glossary, text)] == [
        ("Hesîçe", "al-hasakah", "Hasakah"), ("Qamişlo", "al-qamishli", "Qamishli"),
        ("Ashrafieh", "ashrafiyah", "Al-Ashrafiyah")]


def test_no_false_alarm_on_world_names_and_other_syrian_places():
    """Precision on real names: every English territory, language, script and currency name
    of CLDR, and towns of Syria that are near the glossary's names but are other places."""
    from babel import Locale

    shipped = load_glossary(REPO / "glossary")
    english = Locale("en")
    names = [*english.territories.values(), *english.languages.values(),
             *english.scripts.values(), *english.currencies.values(),
             "Homs", "Hama", "Daraa", "Jableh", "Saraqib", "Ariha", "Salqin", "Harem", "Atarib",
             "Douma", "Harasta", "Zabadani", "Qudsaya", "Nawa", "Inkhil", "Jasim", "Tafas", "Busra",
             "Shahba in As-Suwayda", "Palmyra", "Salamiyah", "Masyaf", "Talbiseh", "Qardaha", "Baniyas", "Safita",
             "Al-Hasan", "Al-Qamsiyah", "Amuda", "Achrafieh"]
    text = "\n".join(f"Delegates from {name} met officials in {name}." for name in names)
    assert [f.found for f in lint_text(shipped, text) if f.kind == "suspected"] == []


def test_an_article_written_before_a_variant_is_replaced_with_it(glossary):
    text = "Shelling hit al Hasaka, Al Hasakeh and al-Hasakeh; Asaysh patrols."
    assert [(f.found, f.replacement) for f in lint_text(glossary, text)] == [
        ("al Hasaka", "al-Hasakah"), ("Al Hasakeh", "Al-Hasakah"), ("al-Hasakeh", "al-Hasakah"),
        ("Asaysh", "Asayish")]


def test_tbx_language_tags_are_mapped_and_a_bare_ku_refused(tmp_path):
    def entry(lang):
        return (f'<tbx xmlns="{TBX_NS}"><text><body><conceptEntry id="x">'
                '<langSec xml:lang="en"><termSec><term>Qamishli</term></termSec></langSec>'
                f'<langSec xml:lang="{lang}"><termSec><term>Qamişlo</term></termSec></langSec>'
                '</conceptEntry></body></text></tbx>')
    path = tmp_path / "x.tbx"
    path.write_text(entry("kmr-Latn"), "utf-8")
    assert import_files([path]).rows()[1] == ("x", "kmr", "Qamişlo", "preferred", "", "")
    path.write_text(entry("ku"), "utf-8")
    with pytest.raises(GlossaryError, match="unknown language 'ku'.*'ckb' \\(Sorani\\) or 'kmr'"):
        import_files([path])


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="abdefhiklmnoqrstuyz", min_size=3, max_size=12),
       st.sampled_from(["Al-", "al-", "El-", "Al ", ""]), st.sampled_from(["-", " "]))
def test_skeletons_ignore_case_article_and_separator(stem, article, separator):
    name = stem.capitalize()
    assert skeleton(article + name) == skeleton(name) == skeleton(name.upper())
    assert skeleton(f"Tal{separator}{name}") == skeleton(f"Tal {name}")
