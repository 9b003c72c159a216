"""Target-side variants: spellings of glossary names in translations that differ from the
approved term by a script habit, or are another language's form of the name; reported by
``check`` and by ``glossary lint`` on catalogs; look-alikes left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dragoman.cli import cli
from dragoman.glossary.lint import lint_file
from dragoman.glossary.target import check_translation, target_variants

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("lang, text, found, term, kind", [
    ("ar", "اشتباكات في القامشلى", "القامشلى", "القامشلي", "variant"),   # ى / ي
    ("ar", "حصار الحسكه", "الحسكه", "الحسكة", "variant"),                # ه / ة
    ("ar", "دوريات الاسايش", "الاسايش", "الأسايش", "variant"),            # hamza and alef
    ("ar", "اشتباكات في حسكة", "حسكة", "الحسكة", "variant"),              # without ال
    ("ar", "وصلت إلى قامشلۆ", "قامشلۆ", "القامشلي", "foreign"),           # the Sorani form
    ("ckb", "لە حەسەكە", "حەسەكە", "حەسەکە", "variant"),                  # ك / ک
    ("ckb", "هێزەکانی ئاسايش", "ئاسايش", "ئاسایش", "variant"),            # ي / ی
    ("ckb", "شاری حهسهکه", "حهسهکه", "حەسەکە", "variant"),                # ه / ە
    ("ckb", "لە قامشلو", "قامشلو", "قامشلۆ", "variant"),                  # ۆ / و
    ("ckb", "لە القامشلي", "القامشلي", "قامشلۆ", "foreign"),            # the Arabic form
    ("kmr", "li Qamislo", "Qamislo", "Qamişlo", "variant"),               # ş / s
    ("kmr", "hêzên Asayiş", "Asayiş", "Asayîş", "variant"),               # î / i
    ("kmr", "li Derezorê", "Derezorê", "Dêrezor", "variant"),             # ê / e, with an ending
    ("kmr", "li Qamishli", "Qamishli", "Qamişlo", "foreign"),             # the English form
])
def test_script_habits_and_foreign_forms_are_variants(shipped, lang, text, found, term, kind):
    variants = target_variants(shipped, text, lang)
    assert [(v.found, v.term, v.kind) for v in variants] == [(found, term, kind)]
    assert text[variants[0].start:variants[0].end] == found


@pytest.mark.parametrize("lang, text", [
    ("ar", "اشتباكات بالحسكة وللحسكة والقامشلي وفي ٱلْحَسَكَة"),        # clitics, harakat
    ("ar", "قوى الأمن الداخلي السوري في دمشق"),                          # the government's forces
    ("ckb", "لە حەسەکەدا و قامشلۆ"),                                     # endings
    ("ckb", "ئاسایشی ناوچەکە و ئاسايشی نیشتمانی"),                       # the common noun
    ("ckb", "مەزڵوم كۆبانێ وتی"),                                        # a person
    ("kmr", "li Hesekê û Qamişloyê"),                                    # endings
    ("kmr", "di hola bajêr de; Asayîşa Herêma Kurdistanê"),              # a hall; Iraqi Kurdistan
    ("kmr", "Mazlum Kobanî got"),                                        # a person
])
def test_approved_spellings_and_lookalikes_are_not_variants(shipped, lang, text):
    assert target_variants(shipped, text, lang) == []


def test_check_translation_and_the_check_report_variants(shipped):
    [verdict] = check_translation(shipped, "Clashes in Al-Qamishli.", "اشتباكات في القامشلى", "ar")
    assert verdict.ok and [v.found for v in verdict.variants] == ["القامشلى"]
    from dragoman.catalog.po import parse_po
    from dragoman.checks import run_checks

    catalog = parse_po('msgid ""\nmsgstr ""\n"Language: ckb\\n"\n\nmsgid "Clashes in Al-Qamishli."\n'
                       'msgstr "شەڕ لە القامشلي."\n', "ckb.po")
    findings = [f for f in run_checks(catalog, "ckb", shipped) if f.check == "glossary-variant"]
    assert [f.message for f in findings] == ["spelled 'القامشلي' (use 'قامشلۆ', another language)"]


def test_lint_reports_variants_in_a_catalogs_translations(shipped, tmp_path):
    po = tmp_path / "kmr.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: kmr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Calm in Al-Qamishli."\nmsgstr ""\n"Aramî li "\n"Qamislo."\n', "utf-8")
    assert [(f.line, f.column, f.found, f.preferred, f.kind) for f in lint_file(shipped, po)] == [
        (9, 2, "Qamislo", "Qamişlo", "variant")]
    result = CliRunner().invoke(cli, ["glossary", "lint", "--glossary", str(REPO / "glossary"), str(po)])
    assert result.exit_code == 1 and f"{po}:9:2: variant: Qamislo -> Qamişlo" in result.stdout


def test_catalog_headers_markup_and_addresses_are_not_translations(shipped, tmp_path):
    po = tmp_path / "kmr.po"
    po.write_text('msgid ""\nmsgstr ""\n"Project-Id-Version: hasakah-qamishli\\n"\n"Language: kmr\\n"\n\n'
                  'msgid "In <a href=\\"https://x.org/tag/syria\\">Syria</a>."\n'
                  'msgstr "Li <a href=\\"https://x.org/tag/syria\\">Sûriyeyê</a>; qamishli.example."\n', "utf-8")
    assert lint_file(shipped, po) == []
    assert CliRunner().invoke(cli, ["glossary", "lint", "--glossary", str(REPO / "glossary"), str(po)]).exit_code == 0


def test_a_tag_is_masked_before_the_url_in_its_attribute(shipped, tmp_path):
    """Taken first, the URL (up to the next space) would swallow the link's text and leave
    the tag's start, with its title, to be read as a translation."""
    po = tmp_path / "kmr.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: kmr\\n"\n\n'
                  'msgid "Calm in Al-Qamishli."\n'
                  "msgstr \"Aram li <a title='Qamislo' href='https://x.org/Qamislo'>Qamislo</a>\"\n",
                  "utf-8")
    text = po.read_text("utf-8")
    link_text = text.index(">Qamislo<") + 1
    assert [(f.start, f.found) for f in lint_file(shipped, po)] == [(link_text, "Qamislo")]
