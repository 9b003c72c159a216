"""PO model, reader and writer: byte-for-byte fidelity, GNU gettext formatting, safety."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import pickle
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import IN_CI, REPO, require_tool
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dragoman.catalog.po import (
    Catalog, Message, canonicalize, parse_po, read_encoded, read_po, render_po, write_po,
)
from dragoman.catalog.wrap import (
    _break_portion, _escape, _fast_pattern, _fill_fast, possible_breaks, wrap_field,
)
from dragoman.cli import cli
from dragoman.errors import CatalogError

CACHE = REPO / "tests" / ".cache"
DJANGO_LOCALES = ("ar", "ar_DZ", "ckb")


# ---------------------------------------------------------------------------------------
# Real catalogs written by other tools


@pytest.fixture(scope="session")
def django_catalogs() -> list[tuple[str, bytes]]:
    """Every ar, ar_DZ and ckb PO file of Django's wheel (downloaded once into tests/.cache)."""
    folder = CACHE / "django"
    wheels = sorted(folder.glob("django-*.whl")) if folder.exists() else []
    if not wheels:
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "django", "-d", str(folder), "-q"], capture_output=True, text=True)
        wheels = sorted(folder.glob("django-*.whl"))
        if result.returncode or not wheels:
            message = f"cannot download Django's wheel: {result.stderr.strip()[-300:]}"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)
    pattern = re.compile(r"/locale/(%s)/LC_MESSAGES/[^/]+\.po$" % "|".join(DJANGO_LOCALES))
    with zipfile.ZipFile(wheels[-1]) as wheel:
        files = [(name, wheel.read(name)) for name in wheel.namelist() if pattern.search(name)]
    assert len(files) >= 30, "Django ships about 13 catalogs per locale"
    return files


def test_django_catalogs_round_trip_byte_for_byte(django_catalogs, tmp_path):
    for name, data in django_catalogs:
        path = tmp_path / "django.po"
        path.write_bytes(data)
        catalog = read_po(path)
        assert catalog.messages, name
        write_po(path, catalog)
        assert path.read_bytes() == data, name


def test_django_catalogs_content(django_catalogs):
    name, data = next((n, d) for n, d in django_catalogs if "/ar/" in n and n.endswith("conf/locale/ar/LC_MESSAGES/django.po"))
    catalog = parse_po(data.decode(), name)
    assert catalog.header["Language"] == "ar"
    assert catalog.header["Plural-Forms"].startswith("nplurals=6;")
    assert any(m.msgid_plural for m in catalog.messages)
    assert all(len(m.msgstr_plural) == 6 for m in catalog.messages if m.msgid_plural and m.translated)
    assert catalog.header_comments and "Translators:" in catalog.header_comments


def test_canonical_format_equals_msgcat_on_django(django_catalogs, tmp_path):
    msgcat = require_tool("msgcat", "run 'make gettext-deps'")
    for name, data in django_catalogs:
        source = tmp_path / "in.po"
        source.write_bytes(data)
        expected = subprocess.run([msgcat, str(source)], capture_output=True, check=True).stdout
        assert render_po(canonicalize(read_po(source))).encode() == expected, name


# ---------------------------------------------------------------------------------------
# Files written by other tools, with every kind of line

TOOL_WRITTEN = r'''# Arabic translation of the report.
# Copyright (C) 2026 The newsroom
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: report 1.0\n"
"Report-Msgid-Bugs-To: \n"
"POT-Creation-Date: 2026-01-02 03:04+0000\n"
"PO-Revision-Date: 2026-01-02 03:04+0000\n"
"Last-Translator: Sample <sample@example.org>\n"
"Language-Team: Arabic\n"
"Language: ar\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;\n"

#. kind: title
#. Glossary: Al-Hasakah = الحسكة
#: article.html%2Bhtml.body.article.p:7-1 sources/report.txt:3
#, fuzzy, python-format
#| msgctxt "old context"
#| msgid "Clashes in Al-Hasakah"
msgctxt "headline"
msgid "Clashes in Al-Hasakah countryside leave three dead and several wounded, SOHR says"
msgstr "اشتباكات في ريف الحسكة تخلف ثلاثة قتلى وعدداً من الجرحى، بحسب المرصد"

# translator: keep the name
msgid "Al-Qamishli"
msgstr "القامشلي"

msgid "%d person was killed"
msgid_plural "%d people were killed"
msgstr[0] "لم يُقتل أحد"
msgstr[1] "قُتل شخص واحد"
msgstr[2] "قُتل شخصان"
msgstr[3] "قُتل %d أشخاص"
msgstr[4] "قُتل %d شخصاً"
msgstr[5] "قُتل %d شخص"

msgid "A string that translate-toolkit wrapped at a different column than gettext would "
"have, which must survive untouched"
msgstr "نص"

msgid ""
"no-wrap style line that is far longer than seventy-nine columns and was never wrapped by anyone"
msgstr ""

#~ msgid "Removed sentence"
#~ msgstr "جملة محذوفة"

#~| msgid "Older removed sentence"
#~ msgctxt "ctx"
#~ msgid "Removed sentence with context"
#~ msgstr "جملة"
'''


def test_every_part_of_an_entry_is_read():
    catalog = parse_po(TOOL_WRITTEN)
    assert catalog.header_comments == ["Arabic translation of the report.",
                                       "Copyright (C) 2026 The newsroom", ""]
    assert catalog.header_flags == ["fuzzy"]
    assert catalog.header["Language"] == "ar"
    first = catalog[("headline", "Clashes in Al-Hasakah countryside leave three dead and several wounded, SOHR says")]
    assert first.extracted_comments == ["kind: title", "Glossary: Al-Hasakah = الحسكة"]
    assert first.references == ["article.html%2Bhtml.body.article.p:7-1", "sources/report.txt:3"]
    assert first.flags == ["fuzzy", "python-format"] and first.fuzzy and not first.translated
    assert (first.previous_msgctxt, first.previous_msgid) == ("old context", "Clashes in Al-Hasakah")
    assert TOOL_WRITTEN.splitlines()[first.lineno - 1].startswith("msgid \"Clashes")
    assert catalog["Al-Qamishli"].translator_comments == ["translator: keep the name"]
    plural = catalog["%d person was killed"]
    assert plural.msgid_plural == "%d people were killed" and len(plural.msgstr_plural) == 6
    assert plural.translated
    obsolete = catalog.obsolete
    assert [m.msgid for m in obsolete] == ["Removed sentence", "Removed sentence with context"]
    assert obsolete[1].previous_msgid == "Older removed sentence" and obsolete[1].msgctxt == "ctx"
    assert catalog.get("Removed sentence") is None
    assert catalog.get("Removed sentence", obsolete=True) is obsolete[0]


@pytest.mark.parametrize("variant", ["lf", "crlf", "no-final-newline", "bom", "extra-blank-lines",
                                     "trailing-comment"])
def test_load_and_save_changes_nothing(variant, tmp_path):
    text = TOOL_WRITTEN
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    elif variant == "no-final-newline":
        text = text.rstrip("\n")
    elif variant == "bom":
        text = "\ufeff" + text
    elif variant == "extra-blank-lines":
        text = text.replace("\n\nmsgid", "\n\n\n\nmsgid")
    elif variant == "trailing-comment":
        text += "\n# a comment nobody owns\n"
    path = tmp_path / "x.po"
    path.write_bytes(text.encode())
    catalog = read_po(path)
    write_po(path, catalog)
    assert path.read_bytes() == text.encode()


def test_changed_entry_is_reformatted_the_others_stay_verbatim():
    catalog = parse_po(TOOL_WRITTEN)
    entry = catalog["A string that translate-toolkit wrapped at a different column than gettext "
                    "would have, which must survive untouched"]
    entry.msgstr = "نص جديد"
    out = render_po(catalog)
    rewrapped = ('msgid ""\n"A string that translate-toolkit wrapped at a different column than gettext "\n'
                 '"would have, which must survive untouched"\nmsgstr "نص جديد"\n')
    assert rewrapped in out
    assert ('msgid ""\n"no-wrap style line that is far longer than seventy-nine columns and was never '
            'wrapped by anyone"\n') in out  # untouched entry keeps its layout
    assert out.replace(
        rewrapped,
        'msgid "A string that translate-toolkit wrapped at a different column than gettext would "\n'
        '"have, which must survive untouched"\nmsgstr "نص"\n') == TOOL_WRITTEN


def test_changed_entry_in_a_crlf_file_keeps_crlf():
    catalog = parse_po(TOOL_WRITTEN.replace("\n", "\r\n"))
    catalog["Al-Qamishli"].msgstr = "قامشلو"
    catalog.add(Message("New sentence", "جملة جديدة"))
    out = render_po(catalog)
    assert "\n" not in out.replace("\r\n", "")
    assert 'msgstr "قامشلو"\r\n' in out and out.endswith('\r\nmsgid "New sentence"\r\nmsgstr "جملة جديدة"\r\n')


def test_header_change_rewrites_only_the_header():
    catalog = parse_po(TOOL_WRITTEN)
    catalog.header["PO-Revision-Date"] = "2026-02-03 04:05+0000"
    out = render_po(catalog)
    assert '"PO-Revision-Date: 2026-02-03 04:05+0000\\n"\n' in out
    assert out.split("#. kind: title")[1] == TOOL_WRITTEN.split("#. kind: title")[1]
    assert parse_po(out).header == catalog.header


def test_new_catalog_is_written_as_gettext_writes_it():
    catalog = Catalog(header={"Content-Type": "text/plain; charset=UTF-8"})
    catalog.add(Message("One two three four five six seven eight nine ten eleven twelve thirteen fourteen",
                        "واحد", references=["a.txt:1"], flags=["fuzzy"]))
    catalog.add(Message("short", obsolete=True, msgstr="قصير"))
    assert render_po(catalog) == (
        'msgid ""\n'
        'msgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
        "\n"
        "#: a.txt:1\n"
        "#, fuzzy\n"
        'msgid ""\n'
        '"One two three four five six seven eight nine ten eleven twelve thirteen "\n'
        '"fourteen"\n'
        'msgstr "واحد"\n'
        "\n"
        '#~ msgid "short"\n'
        '#~ msgstr "قصير"\n')


# ---------------------------------------------------------------------------------------
# Line breaking: against libunistring (the library msgcat calls) and msgcat itself

LETTERS = list("abc XYZ019-/.,;:!?()[]{}\"'«»%$+#&*_=<>\\@") + list("الحسكة قامشلي ،؛؟٠١٢") + [
    "\u200c", "\u200d", "\u200f", "\u00a0", "\u2014", "\u2013", "\u2019", "\u201c", "\u201d",
    "\u064e", "\u0651", "\u200e", "\u00ad", "ێ", "ە", "ڕ", "ê", "ş", "\u2028", "\t", "\n", "\u0640", "…", "\u200b", "中", "😀"]
WORDS = ["the", "Syrian", "Observatory", "Al-Hasakah", "al-Qamishli", "SDF/YPG", "U.S.-led",
         "(NDF)", '"quoted"', "«نص»", "الحسكة", "القامشلي", "بالحسكة", "،", "؟", "Qamişloyê",
         "Hesekê", "ڕۆژاوا", "هێزەکانی", "x" * 90, "http://example.com/a/very/long/path?q=1&r=2",
         "1,234.5", "15%", "$20", "—", "–", "...", "…", "\t", "\\", "e.g.", "5:30", "[1]", "{x}",
         "%s", "%(name)s", "\u200c", "\u200f", "\u00a0", "ـ", "٣٤", "۲۰", "中文", "\n", "\\n"]
text_strategy = st.lists(st.sampled_from(WORDS) | st.sampled_from(LETTERS),
                         max_size=40).map(lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts))


@pytest.fixture(scope="module")
def libunistring():
    name = ctypes.util.find_library("unistring")
    if name is None:
        if IN_CI:
            pytest.fail("libunistring (a dependency of GNU gettext) is not installed")
        pytest.skip("libunistring is not installed")
    lib = ctypes.CDLL(name)
    lib.u8_possible_linebreaks.restype = None
    return lib


def _reference_breaks(lib, text: str) -> list[tuple[int, bool]]:
    data = text.encode()
    out = ctypes.create_string_buffer(len(data))
    lib.u8_possible_linebreaks(data, len(data), b"UTF-8", out)
    result, offset = [], 0
    for index, char in enumerate(text):
        value = out.raw[offset]
        if index and value in (2, 3):  # UC_BREAK_POSSIBLE, UC_BREAK_MANDATORY
            result.append((index, value == 3))
        offset += len(char.encode())
    return result


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(LETTERS), max_size=30))
def test_break_opportunities_match_libunistring(libunistring, text):
    assert possible_breaks(text) == _reference_breaks(libunistring, text)


@settings(max_examples=300, deadline=None)
@given(text_strategy, st.integers(min_value=1, max_value=40))
def test_fast_path_agrees_with_the_exact_algorithm(value, start):
    for portion in value.split("\n"):
        text, glued = _escape(portion)
        if _fast_pattern("outside").search(text):
            continue  # the exact loop's own business
        assert _fill_fast(text, 77, start) == _break_portion(text, glued, 77, start)


@settings(max_examples=200, deadline=None)
@given(text_strategy, st.sampled_from(["msgid", "msgstr[5]"]), st.sampled_from(["", "#~ "]))
def test_a_field_is_laid_out_alike_by_the_exact_algorithm_and_the_fast_path(value, keyword, prefix):
    # (The first long portions beyond ASCII take the exact algorithm, the rest the fast path.)
    from dragoman.catalog import wrap

    layouts = []
    for exact_first in (0, 1 << 30):
        wrap.EXACT_FIRST, saved = exact_first, wrap.EXACT_FIRST
        try:
            layouts.append(wrap_field.__wrapped__(keyword, value, prefix))
        finally:
            wrap.EXACT_FIRST = saved
    assert layouts[0] == layouts[1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_the_ascii_opportunities_are_the_opportunities_in_ascii_text(value):
    text, _ = _escape(value)
    assert [(m.end(), m.lastgroup) for m in _fast_pattern("opportunity-ascii").finditer(text)] \
        == [(m.end(), m.lastgroup) for m in _fast_pattern("opportunity").finditer(text)]


def _msgcat_output(msgcat: str, text: str, tmp_path: Path) -> str:
    path = tmp_path / "new.po"
    path.write_text(text, encoding="utf-8")
    return subprocess.run([msgcat, str(path)], capture_output=True, check=True).stdout.decode()


HEADER = {"Project-Id-Version": "report", "Report-Msgid-Bugs-To": "", "POT-Creation-Date": "2026-01-01 00:00+0000",
          "PO-Revision-Date": "2026-01-01 00:00+0000", "Last-Translator": "Sample", "Language-Team": "Arabic",
          "Language": "ar", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
          "Content-Transfer-Encoding": "8bit", "Plural-Forms": "nplurals=2; plural=(n != 1);"}


@st.composite
def gettext_catalogs(draw, valid_for_msgfmt=False):
    """Catalogs as gettext itself keeps them (so that msgcat has nothing to normalise)."""
    catalog = Catalog(header=dict(HEADER), header_comments=draw(st.lists(st.sampled_from(
        ["SOME DESCRIPTIVE TITLE.", "Copyright (C) 2026", "", "Translators: سامي"]), max_size=3)))
    seen = set()
    for n in range(draw(st.integers(0, 8))):
        msgid = draw(text_strategy) + f" {n}"
        msgstr = draw(text_strategy)
        if valid_for_msgfmt:  # msgfmt wants both or neither to begin or end with a newline
            msgid, msgstr = msgid.strip("\n"), msgstr.strip("\n")
        message = Message(msgid, msgstr)
        if draw(st.booleans()):
            message.msgctxt = draw(text_strategy).strip() or None
        if draw(st.booleans()):
            message.references = draw(st.lists(st.sampled_from(
                ["sources/report.txt:12", "article.html%2Bhtml.body.p:7-1", "very/long/path/to/a/source/file.txt:1234", "x",
                 "sources/report.txt:13", "sources/report.txt:14", "sources/a-much-longer-report-name.txt:9999"]),
                max_size=7, unique=True))
        message.extracted_comments = draw(st.lists(st.sampled_from(["kind: paragraph", "Glossary: Al-Hasakah = الحسكة"]), max_size=2))
        message.translator_comments = draw(st.lists(st.sampled_from(["note", "ملاحظة", ""]), max_size=2))
        # (msgfmt checks python-format directives: content, not layout, so not with it.)
        message.flags = draw(st.lists(st.sampled_from(["no-wrap"] if valid_for_msgfmt else ["python-format", "no-wrap"]),
                                      max_size=1))
        if msgstr and draw(st.booleans()):
            message.flags.insert(0, "fuzzy")
            if draw(st.booleans()):
                message.previous_msgid = draw(text_strategy)
        if draw(st.integers(0, 4)) == 0:
            message.msgid_plural = draw(text_strategy) + " (plural)"
            message.msgstr_plural = [msgstr, draw(text_strategy)] if msgstr else ["", ""]
            if valid_for_msgfmt:
                message.msgid_plural = message.msgid_plural.strip("\n")
                message.msgstr_plural = [form.strip("\n") for form in message.msgstr_plural]
            message.msgstr = ""
        if message.key in seen:
            continue
        seen.add(message.key)
        catalog.messages.append(message)
    for n in range(draw(st.integers(0, 2))):
        catalog.messages.append(Message(f"old {n} " + draw(text_strategy), "قديم " + draw(text_strategy), obsolete=True))
    return catalog


@settings(max_examples=100, deadline=None)
@given(gettext_catalogs())
def test_read_of_write_is_identity(catalog):
    assert parse_po(render_po(catalog)) == catalog


@given(gettext_catalogs())
def test_a_catalog_read_travels_to_another_process_whole(catalog):
    """What a worker process gets (a pickled copy) is the catalog, its text as read too, and
    keeps looking entries up after a change."""
    read = parse_po(render_po(catalog))
    copy = pickle.loads(pickle.dumps(read))
    assert copy == read and render_po(copy) == render_po(read)
    for message in read.messages[:3]:
        copy.messages.remove(copy.get(message.msgid, message.msgctxt, obsolete=message.obsolete))
        assert copy.get(message.msgid, message.msgctxt, obsolete=message.obsolete) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalog=gettext_catalogs(valid_for_msgfmt=True))
def test_msgcat_leaves_new_files_unchanged_and_msgfmt_accepts_them(catalog, tmp_path):
    msgcat = require_tool("msgcat", "run 'make gettext-deps'")
    msgfmt = require_tool("msgfmt", "run 'make gettext-deps'")
    assume(catalog.active)  # msgcat writes nothing at all for a header-only catalog
    text = render_po(catalog)
    assert _msgcat_output(msgcat, text, tmp_path) == text
    path = tmp_path / "new.po"
    result = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_long_words_escapes_and_scripts_against_msgcat(tmp_path):
    msgcat = require_tool("msgcat", "run 'make gettext-deps'")
    catalog = Catalog(header=dict(HEADER))
    samples = [
        "x" * 200, "a " * 60, "قوات سوريا الديمقراطية " * 6, "هێزەکانی سووریای دیموکرات " * 5,
        "Hêzên Sûriya Demokratîk li Qamişloyê " * 4, 'He said "stop" \\ and\tleft\n' * 3,
        "https://www.syriahr.com/en/123456/some-long-slug-with-hyphens-and-more-of-them-than-fits/",
        "A" * 77 + " b", "A" * 78 + " b", "A" * 79 + " b", "end with newline\n", "\n\n\n",
        "«الحسكة» – القامشلي — 15% of $20 (approx.) [1] {x} ٣٤ ۲۰ …" * 3,
        "Bidi\u200f marks\u200e and\u200c joiners\u200d and nbsp\u00a0here " * 4,
        "combining ḁ̈ marks and tatweel الحـــسكة and 中文字符 wide " * 3,
        "\u2028 the the the the the the the http://example.com/a/very/long/path?q=1&r=2 0",
        "the the the the \u2028 the the the the the the the the the the the the the the the x",
    ]
    for n, sample in enumerate(samples):
        catalog.messages.append(Message(f"{n} {sample}", sample, msgctxt=sample[:90] if n % 3 == 0 else None))
        catalog.messages.append(Message(f"no-wrap {n} {sample}", sample, flags=["no-wrap"]))
        catalog.messages.append(Message(f"%s %(name)s {n} {sample}", sample, flags=["python-format"]))
    text = render_po(catalog)
    assert _msgcat_output(msgcat, text, tmp_path) == text


def test_format_directives_are_not_broken_as_msgcat_does(tmp_path):
    """c-format, python-format and python-brace-format entries: gettext never breaks inside
    a directive (up to the first one its parser rejects; for python-brace-format, where its
    parser puts the marks)."""
    msgcat = require_tool("msgcat", "run 'make gettext-deps'")
    import random

    rng = random.Random(7)
    pieces = ["%s", "%d", "%(name)s", "%(place)d", "%1$s", "%-5d", "%.2f", "%5.1f%%", "%%", "{0}",
              "{{", "}}", "{a.b}", "{0[1]}", "{x:{y}}", "{0:.2f}", "{:x}", "{name}", "{0:>10}",
              "x" * 70, "word", "long-word-with-hyphens", "/", "-", "—", ",", ".", "(", ")", "«",
              "الحسكة", "%i", "%(a)s/%(b)s", "%s-%s", "a%sb"]
    catalog = Catalog(header={"Content-Type": "text/plain; charset=UTF-8"})
    for n in range(300):
        text = "".join(rng.choice(pieces) + rng.choice([" ", "", "-", "/"]) for _ in range(rng.randint(5, 40)))
        flag = rng.choice(["c-format", "python-format", "python-brace-format"])
        catalog.messages.append(Message(f"{n} {text}", text, flags=[flag]))
    text = render_po(catalog)
    assert _msgcat_output(msgcat, text, tmp_path) == text


def test_canonical_flags_are_msgcat_s(tmp_path):
    msgcat = require_tool("msgcat", "run 'make gettext-deps'")
    languages = "c objc python python-brace java csharp javascript sh qt kde boost tcl perl php ycp".split()
    flags = ", ".join(f"{lang}-format" for lang in reversed(languages))
    text = (f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            f'#, no-wrap, range: 1..5, {flags}, fuzzy, wrap\nmsgid "x"\nmsgid_plural "y"\n'
            f'msgstr[0] "a"\nmsgstr[1] "b"\n\n#, no-c-format, possible-python-format, impossible-sh-format\n'
            f'msgid "z"\nmsgstr "b"\n\n#, fuzzy, no-wrap\nmsgid "{"long " * 30}"\nmsgstr "{"طويل " * 30}"\n'
            f'\n#, fuzzy\nmsgid "untranslated"\nmsgstr ""\n')
    path = tmp_path / "flags.po"
    path.write_text(text, encoding="utf-8")
    expected = subprocess.run([msgcat, str(path)], capture_output=True, check=True).stdout.decode()
    assert render_po(canonicalize(read_po(path))) == expected
    assert "#, fuzzy, no-wrap\nmsgid \"long long" in expected  # not wrapped


def test_wrap_field_header_style_and_prefixes():
    assert wrap_field("msgid", "") == ('msgid ""',)
    assert wrap_field("msgstr", "a\nb") == ('msgstr ""', '"a\\n"', '"b"')
    assert wrap_field("msgid", "x", "#~ ") == ('#~ msgid "x"',)
    long = "word " * 20
    assert wrap_field("msgid", long, "#| ")[0] == '#| msgid ""'
    assert all(len(line) <= 79 for line in wrap_field("msgid", long, "#| "))


def test_the_shipped_line_breaking_expressions_are_current():
    """``make wrap-patterns`` writes them; they must be what the line break data gives."""
    from importlib import resources

    from dragoman.catalog.wrap import PATTERNS_FILE, fast_path_patterns, render_patterns

    shipped = resources.files("dragoman.data").joinpath(PATTERNS_FILE).read_text(encoding="utf-8")
    assert shipped == render_patterns(fast_path_patterns()), "run `make wrap-patterns`"


# ---------------------------------------------------------------------------------------
# Errors and safety


@pytest.mark.parametrize("text, line, fragment", [
    ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', 4, "missing 'msgstr'"),
    ('msgid "a"\nmsgstr "b\n', 2, "quoted string"),
    ('msgid "a"\nmsgstr "b"\nbogus\n', 3, "unexpected text"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate message definition"),
    ('msgid "a"\nmsgstr "\\q"\n', 2, "invalid escape"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "\\q"\n', 5, "invalid escape"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n', 1, "msgstr[0]"),
    ('"orphan"\n', 1, "continuation"),
    ('msgstr "x"\n', 1, "without a 'msgid'"),
    ('msgid "a"\nmsgstr "b"\n#~ msgstr "p"\n', 3, "'msgstr' without a 'msgid'"),
])
def test_syntax_errors_name_file_and_line(tmp_path, text, line, fragment):
    path = tmp_path / "bad.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert info.value.path == str(path) and info.value.line == line
    assert fragment in info.value.message
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_write_refuses_when_the_file_changed_since_read(tmp_path):
    path = tmp_path / "a.po"
    path.write_text(TOOL_WRITTEN, encoding="utf-8")
    catalog = read_po(path)
    catalog["Al-Qamishli"].msgstr = "قامشلو"
    path.write_text(TOOL_WRITTEN.replace("القامشلي", "القامشلي!"), encoding="utf-8")  # a translator saved
    with pytest.raises(CatalogError, match="changed on disk"):
        write_po(path, catalog)
    assert "القامشلي!" in path.read_text(encoding="utf-8")
    fresh = read_po(path)
    fresh["Al-Qamishli"].msgstr = "قامشلو"
    write_po(path, fresh)
    assert read_po(path)["Al-Qamishli"].msgstr == "قامشلو"
    write_po(path, fresh)  # the catalog's fingerprint follows its own writes


def test_same_size_edit_with_restored_mtime_is_detected_by_hash(tmp_path):
    path = tmp_path / "a.po"
    path.write_text(TOOL_WRITTEN, encoding="utf-8")
    catalog = read_po(path)
    stat = path.stat()
    path.write_text(TOOL_WRITTEN.replace("Sample", "Sampla"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    with pytest.raises(CatalogError, match="changed on disk"):
        write_po(path, catalog)


def test_writes_are_atomic_and_keep_permissions(tmp_path, monkeypatch):
    path = tmp_path / "a.po"
    path.write_text(TOOL_WRITTEN, encoding="utf-8")
    path.chmod(0o640)
    catalog = read_po(path)
    catalog["Al-Qamishli"].msgstr = "قامشلو"

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(CatalogError, match="No space left"):
        write_po(path, catalog)
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == TOOL_WRITTEN
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]  # no temporary file left behind
    write_po(path, catalog)
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)


def _edited_in_charset(path: Path, charset: str, language: str, msgid: str, msgstr: str,
                       edited: str) -> bytes:
    """Write a one-message catalog in `charset`, read it, change its msgstr, write it back:
    the bytes on disk afterwards."""
    text = TOOL_WRITTEN.split("#. kind")[0].replace("charset=UTF-8", f"charset={charset}").replace(
        "Language: ar", f"Language: {language}") + f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'
    path.write_bytes(text.encode(charset))
    catalog = read_po(path)
    assert catalog[msgid].msgstr == msgstr
    catalog[msgid].msgstr = edited
    write_po(path, catalog)
    return path.read_bytes()


def test_non_utf8_catalog_keeps_its_encoding(tmp_path):
    written = _edited_in_charset(tmp_path / "de.po", "ISO-8859-1", "de", "Grüße", "Grüße",
                                 "Grüß Gott")
    assert b'msgstr "Gr\xfc\xdf Gott"' in written


def test_lookup_index_follows_list_changes():
    catalog = Catalog()
    catalog.messages.append(Message("a", "1"))
    assert catalog["a"].msgstr == "1"
    catalog.messages.append(Message("b", "2"))
    assert "b" in catalog
    catalog.messages.remove(catalog["a"])
    assert "a" not in catalog
    catalog["b"].msgid = "c"
    assert catalog.get("b") is None
    catalog.reindex()
    assert catalog["c"].msgstr == "2"
    with pytest.raises(CatalogError, match="duplicate"):
        catalog.add(Message("c", "3"))


# ---------------------------------------------------------------------------------------
# dragoman catalog format


def test_catalog_format_command(tmp_path):
    msgcat = require_tool("msgcat", "run 'make gettext-deps'")
    path = tmp_path / "tool.po"
    path.write_text(TOOL_WRITTEN, encoding="utf-8")
    runner = CliRunner()
    check = runner.invoke(cli, ["catalog", "format", "--check", str(path)])
    assert check.exit_code == 1
    result = runner.invoke(cli, ["catalog", "format", str(path)])
    assert result.exit_code == 0, result.output
    expected = subprocess.run([msgcat, str(path)], capture_output=True, check=True).stdout.decode()
    assert result.stdout == expected
    result = runner.invoke(cli, ["catalog", "format", str(path), "-o", str(path)])
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == expected
    assert runner.invoke(cli, ["catalog", "format", "--check", str(path)]).exit_code == 0


def test_catalog_format_syntax_error_changes_nothing(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid "a"\nmsgstr "b"\nmsgid "c"\n', encoding="utf-8")
    before = path.read_bytes()
    result = subprocess.run([sys.executable, "-m", "dragoman", "catalog", "format", str(path), "-o", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert f"{path}:3:" in result.stderr
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------------------
# Files written by other PO libraries and tools load and save unchanged


def _written_by_translate_toolkit(text: str) -> bytes:
    from translate.storage import pypo

    store = pypo.pofile(text.encode("utf-8"))
    for unit in store.units:  # touch every unit so translate-toolkit writes it itself
        if not unit.isheader() and not unit.isobsolete():
            unit.target = unit.target + " " if unit.target and not unit.hasplural() else unit.target
    return bytes(store)


def _written_by_polib(text: str) -> bytes:
    import polib

    return polib.pofile(text).__unicode__().encode("utf-8")


def _written_by_babel(text: str) -> bytes:
    import io

    from babel.messages.pofile import read_po as babel_read, write_po as babel_write

    out = io.BytesIO()
    babel_write(out, babel_read(io.StringIO(text)), width=76)
    return out.getvalue()


def _written_by_msgcat(text: str, tmp_path: Path) -> bytes:
    msgcat = require_tool("msgcat", "run 'make gettext-deps'")
    source = tmp_path / "in.po"
    source.write_text(text, encoding="utf-8")
    return subprocess.run([msgcat, "--width=79", str(source)], capture_output=True, check=True).stdout


LONG_ENTRIES = "".join(
    f'\nmsgid "{en}"\nmsgstr "{tr}"\n' for en, tr in [
        ("Syrian Observatory for Human Rights activists documented the death of a civilian "
         "in Al-Hasakah countryside, northeast Syria, on Monday morning, 2026.",
         "وثّق نشطاء المرصد السوري لحقوق الإنسان وفاة مدني في ريف الحسكة شمال شرقي سوريا صباح يوم الإثنين."),
        ("Forces of the \\\"Autonomous Administration\\\" arrested 12 young men in al-Qamishli.",
         "چالاکوانانی چاودێری سووری بۆ مافەکانی مرۆڤ مردنی هاوڵاتییەکی مەدەنییان لە گوندەکانی حەسەکە تۆمار کرد."),
        ("A very long URL https://www.syriahr.com/en/123456/a-very-long-slug-that-never-ends-and-keeps-going/",
         "Çalakvanên Çavdêriya Sûrî ya Mafên Mirovan mirina sivîlekî li gundewarê Hesekê belge kirin, roja Duşemê."),
    ])


@pytest.mark.parametrize("tool", ["translate-toolkit", "polib", "babel", "msgcat"])
def test_files_written_by_other_tools_load_and_save_unchanged(tool, tmp_path):
    text = TOOL_WRITTEN.split("#~ msgid")[0] + LONG_ENTRIES.lstrip("\n")
    if tool == "translate-toolkit":
        data = _written_by_translate_toolkit(text)
    elif tool == "polib":
        data = _written_by_polib(text)
    elif tool == "babel":
        data = _written_by_babel(text)
    else:
        data = _written_by_msgcat(text, tmp_path)
    path = tmp_path / f"{tool}.po"
    path.write_bytes(data)
    catalog = read_po(path)
    assert len(catalog.messages) >= 5
    write_po(path, catalog)
    assert path.read_bytes() == data


po_lines = st.lists(st.sampled_from([
    'msgid "a"', 'msgstr "b"', 'msgctxt "c"', 'msgid_plural "p"', 'msgstr[0] "x"', 'msgstr[1] "y"',
    '"cont"', '"esc \\" \\n \\t \\\\"', '"bad \\q"', '"unterminated', "# comment", "#. extracted",
    "#: ref:1", "#, fuzzy", '#| msgid "old"', '#~ msgid "o"', '#~ msgstr "p"', '#~| msgid "q"', "#~",
    "", "   ", "garbage", 'msgid ""', 'msgstr ""', '"Language: ar\\n"', "\r",
    '"quote"inside"', '"ends in a backslash\\"', 'msgstr "two" "strings"', '"carriage\rreturn"']),
    max_size=25)


@settings(max_examples=300, deadline=None)
@given(po_lines)
def test_any_input_parses_or_fails_with_a_located_catalog_error(lines):
    text = "\n".join(lines) + "\n"
    try:
        catalog = parse_po(text, "fuzz.po")
    except CatalogError as exc:
        assert exc.path == "fuzz.po" and exc.line is not None and 1 <= exc.line <= len(lines) + 1
        return
    assert render_po(catalog) == text
    assert parse_po(render_po(canonicalize(parse_po(text)))) == canonicalize(parse_po(text))


_TRANSLATIONS_PO = r'''# header comment
msgid ""
msgstr ""
"Language: ar\n"
"Content-Type: text/plain; charset=UTF-8\n"

#. extracted
#: a.txt:1
msgid "Five civilians were killed."
msgstr "قتل خمسة مدنيين."

#, fuzzy, no-c-format
msgid "Six civilians were killed."
msgstr "قتل أربعة مدنيين."

msgid "Idlib"
msgstr "إدلب"

msgid "Not translated yet."
msgstr ""

msgid "Two lines\n"
"of text."
msgstr "سطران\n"
"من النص."
'''


@pytest.mark.parametrize("tail", ["", '#~ msgid "Old."\n#~ msgstr "قديم."\n',
                                  'msgid "Five civilians were killed."\nmsgstr "x"\n',
                                  'msgctxt "title"\nmsgid "Idlib"\nmsgstr "إدلب"\n',
                                  'msgid "a house"\nmsgid_plural "%d houses"\nmsgstr[0] "بيت"\n',
                                  '#| msgid "Four."\nmsgid "Four civilians."\nmsgstr "أربعة"\n'])
def test_the_fast_translation_reader_agrees_with_read_po_or_leaves_the_file_to_it(tmp_path, tail):
    from dragoman.catalog.po import read_text, translations_in

    path = tmp_path / "memory.po"
    path.write_text(_TRANSLATIONS_PO + ("\n" + tail if tail else ""), "utf-8")
    found = translations_in(read_text(path))
    if tail:  # an obsolete entry, a duplicate, a context, a plural, a previous string:
        # not the fast reader's business
        assert found is None
        return
    catalog = read_po(path)
    assert (found.header, list(zip(found.sources, found.targets))) == (catalog.header, [
        (m.msgid, m.msgstr) for m in catalog.messages
        if m.translated and m.msgid and m.msgid_plural is None])
    assert found.sources == ["Five civilians were killed.", "Idlib", "Two lines\nof text."]


@pytest.mark.parametrize("strings", [
    '"quote"inside"', '"ends in a backslash\\"\n"n more"', '"two" "strings"', '"carriage\rreturn"',
    '"a NUL\0"', '"bad escape \\q"', '"a quote at the end""\n"of a line"',
    '"one line"\n"then a "quote"', '""\n"a "\n"quote"'])
def test_the_translation_reader_reads_no_string_read_po_would_not(strings):
    # (and reads the text's UTF-8 bytes alike)
    from dragoman.catalog.po import translations_in

    text = f'msgid "Fine."\nmsgstr "x"\n\nmsgid {strings}\nmsgstr "y"\n'
    found = translations_in(text)
    assert translations_in(text.encode("utf-8")) == found
    try:
        catalog = parse_po(text, "odd.po")
    except CatalogError:
        assert found is None
        return
    assert found is None or tuple(found)[:3] == _finished(catalog)


@pytest.mark.parametrize("strings", ['"escaped \\" quote"', '"a backslash \\\\"\n"and more"',
                                     '"tab\\there"\n""'])
def test_the_translation_reader_reads_escapes_as_read_po_does(strings):
    from dragoman.catalog.po import translations_in

    text = f'msgid {strings}\nmsgstr "y"\n'
    assert tuple(translations_in(text))[:3] == _finished(parse_po(text))
    assert translations_in(text.encode("utf-8")) == translations_in(text)


def _finished(catalog: Catalog) -> tuple[dict, list[str], list[str]]:
    done = [m for m in catalog.messages if m.translated and m.msgid and m.msgid_plural is None]
    return catalog.header, [m.msgid for m in done], [m.msgstr for m in done]


@settings(max_examples=200, deadline=None)
@given(catalog=gettext_catalogs(), lines=po_lines)
def test_the_translation_reader_agrees_with_read_po_or_leaves_the_text_to_it(catalog, lines):
    from dragoman.catalog.po import translations_in

    for text in (render_po(catalog), "\n".join(lines) + "\n"):
        found = translations_in(text)
        assert translations_in(text.encode("utf-8")) == found  # (its bytes read alike)
        if found is None:
            continue
        assert tuple(found)[:3] == _finished(parse_po(text))
    if not any(m.obsolete or m.msgctxt is not None or m.msgid_plural is not None
               or m.previous_msgid is not None or m.previous_msgctxt is not None
               for m in catalog.messages):  # (the commonest entries only: read here)
        assert translations_in(render_po(catalog)) is not None


def test_the_translation_reader_reads_real_catalogs_like_read_po(django_catalogs):
    from dragoman.catalog.po import translations_in

    for name, data in django_catalogs:
        found = translations_in(data.decode())
        if found is not None:
            assert tuple(found)[:3] == _finished(parse_po(data.decode())), name


def test_entries_read_without_a_blank_line_between_them_are_written_so_while_they_follow():
    text = 'msgid ""\nmsgstr "Language: ar\\n"\nmsgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n'
    assert render_po(parse_po(text)) == text
    moved = parse_po(text)
    moved.messages.reverse()  # (each now follows another entry: gettext's blank line)
    assert render_po(moved) == ('msgid ""\nmsgstr "Language: ar\\n"\n\nmsgid "c"\nmsgstr "d"\n'
                                '\nmsgid "a"\nmsgstr "b"\n')


@pytest.mark.parametrize("data", [b'msgid "a"\nmsgstr "\xff"\n', b'# \xff\nmsgid "a"\nmsgstr "b"\n',
                                  b'# a\x00b\nmsgid "a"\nmsgstr "b"\n'])
def test_bytes_that_are_not_utf8_or_hold_a_nul_are_left_to_the_full_reader(data):
    from dragoman.catalog.po import translations_in

    try:
        expected = translations_in(data.decode("utf-8"))
    except UnicodeDecodeError:
        expected = None
    assert translations_in(data) == expected


def test_catalog_format_says_it_writes_crlf_files_as_lf_and_drops_dot_slash(tmp_path):
    msgcat = require_tool("msgcat", "run 'make gettext-deps'")
    path = tmp_path / "windows.po"
    path.write_bytes(b'msgid ""\r\nmsgstr ""\r\n"Content-Type: text/plain; charset=UTF-8\\n"\r\n\r\n'
                     b'#: ./src/a.c:1 ./b/c.py:2\r\nmsgid "Keyboard"\r\nmsgstr "Klavye"\r\n')
    result = CliRunner().invoke(cli, ["catalog", "format", str(path)])
    assert result.exit_code == 0
    assert "CRLF line ends written as LF" in result.stderr
    assert "\r" not in result.stdout and "#: src/a.c:1 b/c.py:2\n" in result.stdout
    gnu = subprocess.run([msgcat, str(path)], capture_output=True, check=True).stdout.decode()
    # (msgcat writes LF too, but keeps the CR of a reference line inside the last reference.)
    assert result.stdout == gnu.replace("\r", "")


def test_utf8_text_under_a_legacy_charset_header_is_refused_at_its_line(tmp_path):
    """An old editor's default header (windows-1256, ISO-8859-1) over UTF-8 text: decoding
    as declared would turn the entries into mojibake; the file is refused and left alone."""
    for charset in ("windows-1256", "ISO-8859-1"):
        text = TOOL_WRITTEN.replace("charset=UTF-8", f"charset={charset}")
        path = tmp_path / "ar.po"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CatalogError) as caught:
            read_po(path)
        first = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
        assert caught.value.path == str(path) and caught.value.line == first
        assert charset in caught.value.message and "UTF-8" in caught.value.message
        with pytest.raises(CatalogError, match=charset):
            read_encoded(path)
        assert path.read_text(encoding="utf-8") == text


def test_real_windows_1256_catalog_is_read_and_written_back_in_it(tmp_path):
    path = tmp_path / "ar.po"
    written = _edited_in_charset(path, "windows-1256", "ar", "Qamishli", "القامشلي",
                                 "مدينة القامشلي")
    assert "مدينة القامشلي".encode("cp1256") in written
    assert read_po(path)["Qamishli"].msgstr == "مدينة القامشلي"
