"""The glossary lint on real copy (the shipped glossary): names among other capitalised words,
articles added, spaced, glued or dropped, other-language forms, short names, Tel/Tal, generic
words after a name; never a finding on approved terms, persons, ordinary words, other places
or addresses; and fixes an editor can trust."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dragoman.glossary import fix_file, lint_file
from dragoman.glossary.lint import lint_text

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("text, found, concept", [
    # a name next to other capitalised words
    ("Clashes erupted in the Arab-majority Deir al-Zor countryside.", "Deir al-Zor", "deir-ezzor-city"),
    ("The Tel Tamr Military Council denied it.", "Tel Tamr", "tal-tamr"),
    ("A man from Hasaka Mahmoud al-Akla was arrested.", "Hasaka", "al-hasakah-city"),
    # an article added, spaced, glued or dropped
    ("Forces entered al-Raqqa on Monday.", "al-Raqqa", "raqqa-city"),
    ("Shelling hit Al Busayrah town.", "Al Busayrah", "al-busayrah"),
    ("Tension rose in Al Hasakah city.", "Al Hasakah", "al-hasakah-city"),
    ("Tension rose in Alhasakah city.", "Alhasakah", "al-hasakah-city"),
    ("Forces withdrew from Alshaddadi on Monday.", "Alshaddadi", "al-shaddadi"),
    ("Residents of Hasaka protested.", "Hasaka", "al-hasakah-city"),
    # a glossary term of another language in English text
    ("Residents of Qamişlo protested.", "Qamişlo", "al-qamishli"),
    ("Water returned to Hesekê on Monday.", "Hesekê", "al-hasakah-city"),
    ("A market in Amûde reopened.", "Amûde", "amuda"),
    # names that are short common words when capitalised mid-sentence
    ("Clashes in the Tay neighbourhood ended.", "Tay", "tayy"),
    ("Families returned to Tai on Monday.", "Tai", "tayy"),
    ("Shelling near Sari Kani killed two.", "Sari Kani", "ras-al-ain"),
    # Shahba is no longer excluded outright
    ("Turkish drones struck Shahba on Monday.", "Shahba", "al-shahbaa"),
    # Tel / Tal
    ("Shelling hit Tel Abiad and Tell Tamir.", "Tel Abiad", "tal-abyad"),
    ("Shelling hit Tel Rifaat again.", "Tel Rifaat", "tal-rifaat"),
    # a lowercase generic word after the name
    ("Workers repaired the Tishren dam.", "Tishren dam", "tishreen-dam"),
])
def test_variants_in_real_copy_are_found_with_their_concept(shipped, text, found, concept):
    findings = {f.found: f for f in lint_text(shipped, text)}
    assert found in findings, [f.found for f in findings.values()]
    assert findings[found].concept == concept
    assert findings[found].kind == "suspected"


@pytest.mark.parametrize("text", [
    # preferred and admitted terms, with their articles as the glossary writes them
    "Al-Hasakah, al-Hasakah, Hasakah, Raqqa, Al-Raqqah, Tal Tamr, Tell Tamer, Qamishlo, "
    "Al-Qamishli airbase, Tishreen Dam, Sere Kaniye, Serêkaniyê, Tayy and Al-Busayrah.",
    # persons
    "President Recep Tayyip Erdogan met Mohammed al-Hassan, Haji Ahmed and Hussein Himo.",
    "Mazloum Abdi and Ilham Ahmed spoke to Haji Himo in the office of al-Hassan.",
    "SDF commander Mazloum Kobane said so.",
    # a different real place
    "Al-Hasan is a village; so is Al-Qamsiyah.",
    # ordinary words, also capitalised at the start of a sentence
    "Tay is a river in Scotland. Sari makers met. The Dam Square in Amsterdam was quiet.",
    # another Shahba: the town in As-Suwayda
    "Protests in Shahba, in As-Suwayda province, entered a second week.",
])
def test_no_finding_on_approved_terms_persons_words_or_other_places(shipped, text):
    assert [(f.found, f.preferred) for f in lint_text(shipped, text)] == []


def test_addresses_hashtags_and_handles_are_neither_reported_nor_fixed(shipped, tmp_path):
    text = ("Write to info@kamishli.example or news@al-hasaka.example, see https://kobane.example/Kobane, "
            "kamishli.example.com, #Kobane and @Kobane_News; Kobane was calm.\n")
    assert [f.found for f in lint_text(shipped, text)] == ["Kobane"]
    path = tmp_path / "report.txt"
    path.write_text(text, "utf-8")
    fixed = fix_file(shipped, path).fixed
    assert fixed == text.replace("; Kobane was", "; Kobani was")


def test_a_link_is_masked_tag_first_so_only_its_text_is_reported_and_fixed(shipped, tmp_path):
    """A URL in a tag's attribute goes with the tag: neither the title nor the address is
    touched, the link's text is (taken first, the URL would swallow it up to the next space)."""
    text = ('<p>Fighting near <a title="Al-Hasakeh" href="https://x.example/Al-Hasakeh">Al-Hasakeh</a> '
            "ended; see https://x.example/Al-Hasakeh.</p>\n")
    path = tmp_path / "report.html"
    path.write_text(text, "utf-8")
    link_text = text.index(">Al-Hasakeh<") + 1
    assert [(f.start, f.found) for f in lint_file(shipped, path)] == [(link_text, "Al-Hasakeh")]
    assert fix_file(shipped, path).fixed == text.replace(">Al-Hasakeh<", ">Al-Hasakah<")


def test_a_catalogs_msgids_are_masked_as_its_reports_are(shipped, tmp_path):
    """A msgid carries its report's inline markup: a name in a tag's attribute is not
    reported, the link's text is."""
    po = tmp_path / "report.pot"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  "msgid \"Near <a title='Al-Hasakeh' href='https://x.example/Al-Hasakeh'>Al-Hasakeh</a>\"\n"
                  'msgstr ""\n', "utf-8")
    text = po.read_text("utf-8")
    link_text = text.index(">Al-Hasakeh<") + 1
    assert [(f.start, f.found) for f in lint_file(shipped, po)] == [(link_text, "Al-Hasakeh")]


@pytest.mark.parametrize("text, fixed", [
    ("Shelling hit Al-Ashrafiyyah and al-Ashrafiyyah.", "Shelling hit Al-Ashrafiyah and al-Ashrafiyah."),
    ("Shelling hit Sheikh Maqsoud and al Ashrafiyyah.", "Shelling hit Sheikh Maqsoud and al-Ashrafiyah."),
    ("Forces entered Ad- Darbasiyah and ad- Darbasiyah.", "Forces entered Al-Darbasiyah and al-Darbasiyah."),
    ("Forces entered Al Hasakah and al Hasakah.", "Forces entered Al-Hasakah and al-Hasakah."),
    ("Forces entered al-Raqqa and Alhasakah.", "Forces entered Raqqa and Al-Hasakah."),
    ("Residents of Qamişlo and Serekaniye protested.", "Residents of Qamishlo and Sere Kaniye protested."),
])
def test_fix_keeps_the_article_case_repairs_split_articles_and_kurdish_forms(shipped, tmp_path, text, fixed):
    path = tmp_path / "report.txt"
    path.write_text(text + "\n", "utf-8")
    result = fix_file(shipped, path, include_suspected=True)
    assert result.fixed == fixed + "\n"
    path.write_text(result.fixed, "utf-8")
    assert not fix_file(shipped, path, include_suspected=True).changed


# --- a spelling fix never costs a translation ------------------------------------------------

def test_a_respelled_sentence_keeps_its_translation(shipped):
    from dragoman.catalog.merge import update
    from dragoman.catalog.po import Catalog, Message
    from dragoman.glossary.lint import Respelling

    old = Catalog({"Language": "ar"}, [
        Message(msgid="Clashes in Al-Hasaka and Al-Qamishi.", msgstr="اشتباكات في الحسكة والقامشلي."),
        Message(msgid="Shelling hit al Hasakeh.", msgstr="قصف الحسكة."),
        Message(msgid="Calm in Halab.", msgstr="هدوء في حلب.", flags=["fuzzy"]),
        Message(msgid="Clashes in Amuda.", msgstr="اشتباكات في عامودا.")])
    template = Catalog({}, [Message(msgid="Clashes in Al-Hasakah and Al-Qamishli."),
                            Message(msgid="Shelling hit al-Hasakah."),
                            Message(msgid="Calm in Aleppo."), Message(msgid="Clashes in Al-Malikiyah.")])
    entries = {m.msgid: m for m in update(old, template, "ar", respelling=Respelling(shipped)).messages}
    respelled = entries["Clashes in Al-Hasakah and Al-Qamishli."]
    assert respelled.msgstr == "اشتباكات في الحسكة والقامشلي." and not respelled.fuzzy
    assert respelled.previous_msgid is None
    assert respelled.translator_comments == [
        "dragoman: respelled Al-Hasaka -> Al-Hasakah, Al-Qamishi -> Al-Qamishli; the translation is unchanged"]
    assert entries["Shelling hit al-Hasakah."].msgstr == "قصف الحسكة."
    assert not entries["Shelling hit al-Hasakah."].fuzzy
    assert entries["Calm in Aleppo."].fuzzy  # a fuzzy translation stays fuzzy
    other = entries["Clashes in Al-Malikiyah."]  # another name: never carried as translated
    assert other.fuzzy or not other.msgstr


def test_fix_write_then_build_leaves_every_edition_complete(sample_workspace):
    from click.testing import CliRunner

    from dragoman.catalog.po import read_po
    from dragoman.cli import cli

    runner = CliRunner()
    ws = str(sample_workspace)
    assert runner.invoke(cli, ["build", "-C", ws]).exit_code == 0
    fixed = runner.invoke(cli, ["glossary", "fix", "-C", ws, "--write"])
    assert fixed.exit_code == 0, fixed.output
    report = (sample_workspace / "sources" / "sample-report.txt").read_text("utf-8")
    assert "Al-Hasaka " not in report and "Halku" not in report
    result = runner.invoke(cli, ["build", "-C", ws])
    assert result.exit_code == 0, result.output
    for lang in ("ar", "ckb", "kmr"):
        assert f"{lang}: bread-crisis-hasakah-qamishli 100%; asayish-siege-hasakah-qamishli 100%" in result.output
        catalog = read_po(sample_workspace / "locales" / lang / "LC_MESSAGES" / "asayish-siege-hasakah-qamishli.po")
        active = [m for m in catalog.messages if not m.obsolete and m.msgid]
        assert not [m.msgid for m in active if m.fuzzy or not m.msgstr]
        notes = [c for m in active for c in m.translator_comments if c.startswith("dragoman: respelled")]
        assert "dragoman: respelled Halku -> Halko; the translation is unchanged" in notes
    edition = (sample_workspace / "site").rglob("*.html")
    fallback_pages = [p.read_text("utf-8") for p in edition if "/ar/" in str(p)]
    assert fallback_pages and not any("Al-Hasaka " in page or "Halku" in page for page in fallback_pages)


def test_the_english_fallback_in_other_editions_has_the_preferred_spellings(sample_workspace):
    from click.testing import CliRunner

    from dragoman.cli import cli

    report = sample_workspace / "sources" / "sample-report.txt"
    report.write_text(report.read_text("utf-8") + "\nCalm returned to Halab and Al-Hasaka on Monday.\n", "utf-8")
    result = CliRunner().invoke(cli, ["build", "-C", str(sample_workspace)])
    assert result.exit_code == 0, result.output
    for lang in ("en", "ar", "ckb", "kmr"):
        [page] = [p for p in (sample_workspace / "site").rglob("*.html")
                  if f"/{lang}/" in str(p) and "Calm returned" in p.read_text("utf-8")]
        assert "Calm returned to Aleppo and Al-Hasakah on Monday." in page.read_text("utf-8")


def test_the_model_imports_no_engine_module():
    """The model is pure data: lint, matcher users and checks import it, never the reverse
    (no import circle model <-> lint)."""
    import ast

    tree = ast.parse((REPO / "src" / "dragoman" / "glossary" / "model.py").read_text("utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {"dragoman.glossary.lint", "dragoman.glossary.variants"} & imported


def test_an_archive_linted_by_worker_processes_gives_what_one_process_gives(tmp_path):
    """70 reports (workers read them in batches), one of them unreadable: the same findings
    in the same order, and the bad file named, as when one process reads them all."""
    from dragoman.cli import cli as command

    for k in range(70):
        (tmp_path / f"report-{k:02}.txt").write_text(
            f"Shelling hit Al-Hasaka and Qamishly on day {k}.\n", "utf-8")
    (tmp_path / "report-33.txt").write_bytes(b"\xff\xfe broken \x80\n")
    files = sorted(map(str, tmp_path.glob("*.txt")))
    outputs = []
    for jobs in ("1", "2"):
        done = CliRunner().invoke(command, ["glossary", "lint", "-j", jobs, "--format", "json",
                                            *files])
        assert done.exit_code == 2, done.output
        assert "report-33.txt" in done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1] and len(outputs[0]) >= 2 * 69
