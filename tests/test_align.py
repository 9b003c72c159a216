"""The aligner: anchors, beads, the sample workspace's own translations read back from their
text editions, edited translations, compendium output, the archive and the command line."""

from __future__ import annotations

import json
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import small_archive
from hypothesis import given, settings, strategies as st

from dragoman import config
from dragoman.align import Aligner, beads
from dragoman.align.anchors import AnchorBits, Anchors, Sentence, glossary_names
from dragoman.align.output import compendium, render
from dragoman.assemble.merge import edition_for, plain_text
from dragoman.assemble.render import render_text
from dragoman.catalog.po import parse_po, read_po
from dragoman.checks.text import number_words as check_number_words
from dragoman.cli import cli
from dragoman.glossary import load_glossary
from dragoman.pipeline import read_articles
from dragoman.readers import read_article, read_text
from dragoman.rulefiles import rule_rows

REPO = Path(__file__).resolve().parent.parent
LANGS = ("ar", "ckb", "kmr")


@lru_cache(maxsize=None)
def workspace():
    return config.load(REPO)


@lru_cache(maxsize=None)
def glossary():
    return load_glossary(REPO / "glossary")


@lru_cache(maxsize=None)
def articles():
    return {a.slug: a for a in read_articles(workspace()).values()}


@lru_cache(maxsize=None)
def aligner(lang):
    return Aligner(lang, glossary())


def catalog(slug, lang):
    return read_po(REPO / "locales" / lang / "LC_MESSAGES" / f"{slug}.po")


def text_edition(slug, lang) -> str:
    """The ``lang`` edition of a sample report as ``dragoman build`` writes its .txt file."""
    ws = workspace()
    return render_text(edition_for(ws, articles()[slug], lang, catalog(slug, lang)), ws)


def catalog_pairs(slug, lang) -> dict[str, str]:
    """English sentence -> its translation, as plain text (an edition is plain text)."""
    return {plain_text(m.msgid): plain_text(m.msgstr) for m in catalog(slug, lang).messages
            if m.msgstr and not m.fuzzy}


def align_text(slug, lang, text):
    return aligner(lang).align(articles()[slug], read_text(text, f"{slug}.{lang}.txt", lang))


# -- anchors ---------------------------------------------------------------------------------------

def test_digits_of_every_script_are_one_number():
    ar, en = Anchors("ar"), Anchors("en")
    assert en.find("15 days in 2021, 2,000 pounds, 3.5%") == ar.find("١٥ يوماً في ۲۰۲۱، ٢٬٠٠٠ ليرة، ٣٫٥٪") == {"n15", "n2021", "n2000", "n3.5"}


@pytest.mark.parametrize("lang, text, number", [
    ("en", "six members", "n6"), ("ar", "ستة أعضاء", "n6"), ("ar", "أربعة أعضاء", "n4"),
    ("ckb", "شەش ئەندام", "n6"), ("kmr", "şeş endam", "n6"), ("kmr", "deh endam", "n10"),
])
def test_number_words_anchor_as_their_digits(lang, text, number):
    assert number in Anchors(lang).find(text)


def test_the_number_table_marks_which_words_anchor():
    """One table serves the checks and the aligner; Sorani دە (10) is read by the checks only,
    since the same letters are the present-tense prefix."""
    rows = rule_rows("number-words.tsv", 4)
    assert {anchor for *_, anchor in rows} == {"yes", "no"}
    assert ("ckb", "دە", "10", "no") in rows and check_number_words("ckb")["دە"] == "10"
    assert "n10" not in Anchors("ckb").find("دە ڕۆژ") and "n9" in Anchors("ckb").find("نۆ ڕۆژ")


@pytest.mark.parametrize("lang, text", [
    ("ar", "الحصار في الحسكة"), ("ar", "وصلت التعزيزات بالحسكة"), ("ar", "ووصلت إلى للحسكة"),
    ("kmr", "li Hesekê"), ("kmr", "bajarê Heseke"), ("ckb", "لە حەسەکە"),
    ("en", "in Al-Hasakah city"), ("en", "in al-Hasakeh"),
])
def test_glossary_names_anchor_through_match_keys(lang, text):
    anchors = Anchors(lang, glossary_names(glossary(), lang))
    assert "g:al-hasakah-city" in anchors.find(text)


@pytest.mark.parametrize("lang, text", [
    ("en", "On January 20, talks began"), ("ar", "وفي 20 كانون الثاني/يناير"),
    ("ckb", "لە 20ی کانوونی دووەم"), ("kmr", "Di 20ê Çileyê de"),
])
def test_months_are_anchors(lang, text):
    assert {"month-01", "n20"} <= Anchors(lang).find(text)


def test_quotes_and_questions_are_weak_anchors():
    assert {"q", "?"} <= Anchors("ar").find("قال: «هل انتهى؟»")


# -- beads -----------------------------------------------------------------------------------------

BITS = AnchorBits()


def _sentences(lengths, anchors=None, bits=BITS):
    anchors = anchors or [()] * len(lengths)
    return [Sentence("x" * n, n, bits.mask(a)) for n, a in zip(lengths, anchors)]


def test_a_merge_and_a_split_are_found():
    src = _sentences([80, 60, 90, 40, 50])
    tgt = _sentences([80, 150, 40, 50])   # 60+90 merged
    shapes = [b.shape for b in beads.align(src, tgt, 1.0)]
    assert shapes == ["1-1", "2-1", "1-1", "1-1"]
    shapes = [b.shape for b in beads.align(tgt, src, 1.0)]
    assert shapes == ["1-1", "1-2", "1-1", "1-1"]


def test_anchors_decide_what_lengths_cannot():
    src = _sentences([60, 60, 60], [("n5",), ("n7",), ("n9",)])
    tgt = _sentences([60, 60], [("n5",), ("n9",)])
    got = [(b.s0, b.s1, b.t0, b.t1) for b in beads.align(src, tgt, 1.0)]
    assert got == [(0, 1, 0, 1), (1, 2, 1, 1), (2, 3, 1, 2)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 300), max_size=25), st.lists(st.integers(1, 300), max_size=25))
def test_beads_cover_both_sides_in_order(src_lengths, tgt_lengths):
    found = beads.align(_sentences(src_lengths), _sentences(tgt_lengths), 1.0)
    s = t = 0
    for bead in found:
        assert (bead.s0, bead.t0) == (s, t) and bead.shape in {"1-1", "1-0", "0-1", "2-1", "1-2", "2-2"}
        s, t = bead.s1, bead.t1
    assert (s, t) == (len(src_lengths), len(tgt_lengths))
    assert all(0.0 <= beads.confidence(b) <= 1.0 for b in found)


# -- the sample translations, read back from their text editions ----------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ["asayish-siege-hasakah-qamishli", "bread-crisis-hasakah-qamishli"])
def test_sample_translations_align_back_to_their_catalogs(slug, lang):
    truth = catalog_pairs(slug, lang)
    pairs = align_text(slug, lang, text_edition(slug, lang))
    found = {plain_text(p.source): p.target for p in pairs if p.paired}
    assert found == truth
    assert all(p.bead == "1-1" and p.confidence >= 0.5 for p in pairs if p.paired)
    # Only the edition's date line, which no English sentence has, is left alone.
    alone = [p for p in pairs if not p.paired]
    assert len(alone) == (articles()[slug].meta.date is not None)
    assert all(p.bead == "0-1" and any(c.isdigit() for c in p.target) for p in alone)


EDITS_AR = [
    # two sentences merged into one
    ("يوم السبت. ويتزامن هذا الهدوء", "يوم السبت، ويتزامن هذا الهدوء"),
    # one split in two
    ("الموالية للنظام، أحدهم بجروح خطرة، جراء", "الموالية للنظام. وأصيب أحدهم بجروح خطرة جراء"),
    # a translator's note added after a paragraph
    ("والذي بدأ قبل 15 يوماً.\n\n", "والذي بدأ قبل 15 يوماً.\n\nملاحظة المترجم: المربع الأمني هو الحي "
                                     "الذي تتمركز فيه مؤسسات النظام.\n\n"),
]


def test_edited_translation_keeps_every_untouched_sentence():
    slug, lang = "asayish-siege-hasakah-qamishli", "ar"
    text = text_edition(slug, lang)
    for old, new in EDITS_AR:
        assert old in text
        text = text.replace(old, new)
    dropped = next(p for p in text.split("\n\n") if p.startswith("في غضون ذلك، كانت"))
    text = text.replace(dropped + "\n\n", "")           # a paragraph dropped
    truth = catalog_pairs(slug, lang)
    edited = read_text(text, "edited.txt", lang)
    from dragoman.segment import segment_article
    kept = {s.text for b in segment_article(edited).blocks for s in b.segments}
    untouched = {en for en, tr in truth.items() if tr in kept}
    changed = set(truth) - untouched
    assert len(changed) == 4 and len(untouched) == len(truth) - 4
    pairs = aligner(lang).align(articles()[slug], edited)
    for p in pairs:
        if p.source in untouched:
            assert (p.bead, p.target) == ("1-1", truth[p.source]) and p.confidence >= 0.5
        elif p.source in changed:
            assert p.bead != "1-1" or p.confidence < 0.5, p
    assert any(p.bead == "2-1" for p in pairs) and any(p.bead == "1-2" for p in pairs)
    note = next(p for p in pairs if p.target.startswith("ملاحظة المترجم"))
    assert note.bead == "0-1"
    assert all(p.bead == "1-0" for p in pairs if p.source in changed and not p.target)


def test_a_moved_quotation_is_marked_and_the_rest_stays_right():
    slug, lang = "bread-crisis-hasakah-qamishli", "kmr"
    text = text_edition(slug, lang)
    paragraphs = text.split("\n\n")
    quote = next(i for i, p in enumerate(paragraphs) if p.startswith("“"))
    paragraphs.append(paragraphs.pop(quote))          # the quotation moved to the end
    truth = catalog_pairs(slug, lang)
    pairs = align_text(slug, lang, "\n\n".join(paragraphs))
    moved = {s for s in truth if s.startswith(("“We wait", "A family of seven"))}
    for p in pairs:
        if p.source in truth and p.source not in moved:
            assert p.target == truth[p.source] and p.confidence >= 0.5
        elif p.source in moved:     # found where it went, or marked for a translator
            assert p.target == truth[p.source] or (p.bead in ("1-0", "moved") and p.confidence < 0.5)


# -- output ----------------------------------------------------------------------------------------

def test_compendium_is_gettext_clean_with_confidence_and_bead(tmp_path):
    import subprocess

    slug = "asayish-siege-hasakah-qamishli"
    pairs = align_text(slug, "ar", text_edition(slug, "ar").replace("يوم السبت. ويتزامن",
                                                                     "يوم السبت، ويتزامن"))
    confidence = {p.source: p.confidence for p in pairs}
    out = compendium(((p, "sources/sample-report.txt") for p in pairs), "ar", threshold=0.99)
    text = render(out, "po", "ar")
    assert "# dragoman: aligned, confidence 1.00, bead 1-1" in text
    assert all(m.fuzzy == (confidence[m.msgid] < 0.99) for m in out.messages)
    assert any(m.fuzzy for m in out.messages) and not all(m.fuzzy for m in out.messages)
    merged = next(m for m in out.messages if "2-1" in m.translator_comments[0])
    assert merged.references[0].startswith("sources/sample-report.txt:")
    path = tmp_path / "ar.po"
    path.write_text(text, encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    assert subprocess.run(["msgcat", str(path)], check=True, capture_output=True,
                          text=True).stdout == text
    tmx = render(out, "tmx", "ar")
    assert tmx.count("<tu>") == len(out.messages) and 'xml:lang="ar"' in tmx


# -- the command line ------------------------------------------------------------------------------

@pytest.fixture()
def sample_workspace(tmp_path, monkeypatch):
    """A copy of the sample workspace with its editions built, as the current folder."""
    root = tmp_path / "ws"
    root.mkdir()
    for name in ("sources", "locales", "glossary"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "dragoman.toml", root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    return root


def test_align_then_update_fills_from_the_compendium(sample_workspace):
    root = sample_workspace
    runner = CliRunner()
    result = runner.invoke(cli, ["align", "sources/sample-report.txt",
                                 "site/ar/asayish-siege-hasakah-qamishli.txt", "--lang", "ar",
                                 "-o", "memory/ar.po"])
    assert result.exit_code == 0, result.output
    assert "16 sentence pairs (0 fuzzy)" in result.output
    with open(root / "dragoman.toml", "a", encoding="utf-8") as toml:
        toml.write('\n[memory]\ncompendia = ["memory/ar.po"]\n')
    (root / "locales/ar/LC_MESSAGES/asayish-siege-hasakah-qamishli.po").unlink()
    source = root / "sources/sample-report.txt"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "sustained serious injuries", "sustained severe injuries"), encoding="utf-8")
    result = runner.invoke(cli, ["update"])
    assert result.exit_code == 0, result.output
    filled = read_po(root / "locales/ar/LC_MESSAGES/asayish-siege-hasakah-qamishli.po")
    notes = [c for m in filled.messages for c in m.translator_comments]
    assert sum("exact match from the translation memory: memory/ar.po" in n for n in notes) == 15
    fuzzy = [m for m in filled.messages if m.fuzzy]
    assert len(fuzzy) == 1 and "severe" in fuzzy[0].msgid
    assert any("% match from the translation memory: memory/ar.po" in n
               for n in fuzzy[0].translator_comments)


def test_align_writes_tmx_and_refuses_folders_without_archive(sample_workspace):
    runner = CliRunner()
    result = runner.invoke(cli, ["align", "sources/sample-report.txt",
                                 "site/kmr/asayish-siege-hasakah-qamishli.txt", "--lang", "kmr",
                                 "-o", "out.tmx"])
    assert result.exit_code == 0, result.output
    from dragoman.catalog.exchange import read_exchange

    assert len(read_exchange("out.tmx", target_lang="kmr").messages) == 16
    result = runner.invoke(cli, ["align", "sources", "site/kmr", "--lang", "kmr"])
    assert result.exit_code == 2 and "--archive" in result.output


def _archive(root: Path, lang: str) -> tuple[Path, Path]:
    """English and ``lang`` folders as a newsroom exports them: different file names, one
    translation naming its original, one not paired at all."""
    en, tr = root / "archive/en", root / f"archive/{lang}"
    en.mkdir(parents=True)
    tr.mkdir(parents=True)
    shutil.copy(root / "sources/sample-report.txt", en / "2021-asayish.txt")
    shutil.copy(root / "sources/bread-crisis-hasakah-qamishli.html", en / "bread.html")
    (tr / "a.txt").write_text(
        "---\ntranslation_of: 2021-asayish.txt\n---\n"
        + (root / f"site/{lang}/asayish-siege-hasakah-qamishli.txt").read_text(encoding="utf-8"),
        encoding="utf-8")
    # No metadata: paired by its names and numbers.
    shutil.copy(root / f"site/{lang}/bread-crisis-hasakah-qamishli.txt", tr / "b.txt")
    (tr / "c.txt").write_text("---\ntranslation_of: gone.txt\n---\nنص آخر.\n", encoding="utf-8")
    return en, tr


def test_align_archive_pairs_reports_and_resumes(sample_workspace):
    root = sample_workspace
    en, tr = _archive(root, "ar")
    runner = CliRunner()
    result = runner.invoke(cli, ["align", "--archive", str(en), str(tr), "--lang", "ar", "-j", "2"])
    assert result.exit_code == 0, result.output
    assert "c.txt: not paired: translation_of 'gone.txt' names no English report" in result.output
    assert "2 article pairs aligned" in result.output
    memory = read_po(root / "memory/ar.po")
    assert len(memory.messages) >= 28
    assert not (root / "memory/ar.po.journal").exists()
    # An interrupted run: the journal holds one pair; the next run aligns only the other.
    from dragoman.align.archive import align_archive, journal_path
    import json

    out = root / "memory/again.po"
    header = {"lang": "ar", "en": str(en.resolve()), "target": str(tr.resolve()),
              "glossary": str((root / "glossary").resolve())}
    done = {"en": str(en / "2021-asayish.txt"), "target": str(tr / "a.txt"),
            "pairs": [["Only this.", "هذا فقط.", "1-1", 0.99, 9]]}
    journal_path(out).write_text(json.dumps(header) + "\n" + json.dumps(done, ensure_ascii=False)
                                 + "\n", encoding="utf-8")
    report = align_archive(en, tr, "ar", out, glossary_dir=root / "glossary", jobs=1)
    assert report.resumed == 1 and report.articles == 2
    again = parse_po(out.read_text(encoding="utf-8"))
    assert again.get("Only this.").msgstr == "هذا فقط."
    assert len(again.messages) == len(memory.messages) - 16 + 1


def test_reports_pair_by_metadata_then_by_content():
    from datetime import date

    from dragoman.align.pairing import Report, pair_reports

    en = [Report(Path("en/a.txt"), "siege", "example.org/en/1", "", date(2021, 1, 20)),
          Report(Path("en/b.txt"), "bread", "", "", date(2026, 11, 24), frozenset({"n2000", "g:x"})),
          Report(Path("en/c.txt"), "other", "", "", date(2026, 11, 24), frozenset({"n7"})),
          Report(Path("en/d.txt"), "lonely", "", "", None)]
    tr = [Report(Path("ar/1.txt"), "x", "example.org/en/1", "", None),        # same URL
          Report(Path("ar/2.txt"), "other", "", "", None),                    # same slug
          Report(Path("ar/3.txt"), "y", "", "", date(2026, 11, 24), frozenset({"n2000", "g:x", "n5"})),
          Report(Path("ar/4.txt"), "z", "", "", date(2020, 1, 1), frozenset({"n9"}))]
    result = pair_reports(en, tr)
    assert sorted(result.pairs) == [(Path("en/a.txt"), Path("ar/1.txt")),
                                    (Path("en/b.txt"), Path("ar/3.txt")),
                                    (Path("en/c.txt"), Path("ar/2.txt"))]
    reasons = {u.path.name: u.reason for u in result.unpaired}
    assert reasons["4.txt"].startswith("no English report of the same date shares enough")
    assert reasons["d.txt"] == "no translation found for it"


def test_archive_pairs_by_canonical_url_from_front_matter_or_an_html_link(tmp_path):
    """The same canonical URL pairs two reports whatever their slugs: given in a text's front
    matter, or as an HTML page's canonical link (beside another <meta name="url">)."""
    from dragoman.align.pairing import describe, pair_reports

    en, tr = tmp_path / "en", tmp_path / "ar"
    en.mkdir()
    tr.mkdir()
    (en / "siege.txt").write_text("---\ncanonical: https://www.example.org/2021/siege/\n---\n"
                                  "The siege of Al-Hasakah ended.\n", encoding="utf-8")
    (en / "bread.txt").write_text("Bread prices rose in Qamishli.\n", encoding="utf-8")
    (tr / "hisar.html").write_text(
        '<html><head><meta name="url" content="https://example.org/ar/hisar">'
        '<link rel="canonical" href="http://example.org/2021/siege"></head>'
        "<body><p>انتهى حصار الحسكة.</p></body></html>", encoding="utf-8")
    english = [describe(read_article(path, "en"), Anchors("en")) for path in sorted(en.iterdir())]
    translated = [describe(read_article(tr / "hisar.html", "ar"), Anchors("ar"))]
    assert pair_reports(english, translated).pairs == [(en / "siege.txt", tr / "hisar.html")]


def _align_archive_until(en: Path, ar: Path, out: Path, pairs: int) -> None:
    """An ``align --archive`` run interrupted (Ctrl-C) once ``pairs`` article pairs are done."""
    from dragoman.align.archive import align_archive

    def interrupt(done, total):
        if done >= pairs:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        align_archive(en, ar, "ar", out, glossary_dir=REPO / "glossary", jobs=1,
                      progress=interrupt)


def _align_archive_command(en: Path, ar: Path, out: Path):
    return CliRunner().invoke(cli, ["align", "--archive", str(en), str(ar), "--lang", "ar",
                                    "-o", str(out), "--glossary", str(REPO / "glossary")])


def test_an_interrupted_archive_run_resumes_after_the_line_it_was_cutting(tmp_path):
    """A run killed while writing a journal line: the next run drops that line, aligns its
    pair again and gives the memory of an uninterrupted run; a run resumed and interrupted
    again leaves only whole lines."""
    from dragoman.align.archive import journal_path

    en, ar = small_archive(tmp_path)
    whole = tmp_path / "whole.po"
    assert _align_archive_command(en, ar, whole).exit_code == 0
    out = tmp_path / "memory/ar.po"
    _align_archive_until(en, ar, out, 2)
    journal = journal_path(out)
    lines = journal.read_text("utf-8").splitlines(keepends=True)
    assert len(lines) == 3
    journal.write_text("".join(lines[:2]) + lines[2][:40], "utf-8")
    _align_archive_until(en, ar, out, 2)    # (resumed from one pair, the second done again)
    assert [json.loads(line) for line in journal.read_text("utf-8").splitlines()][1:] == [
        json.loads(line) for line in lines[1:]]
    journal.write_text("".join(lines[:2]) + lines[2][:40], "utf-8")
    result = _align_archive_command(en, ar, out)
    assert result.exit_code == 0, result.output
    assert f"{journal}:3: the line the interrupted run was writing was cut" in result.output
    assert "3 article pairs aligned (1 from an interrupted run)" in result.output
    assert not journal.exists()
    assert render(parse_po(out.read_text("utf-8")), "po", "ar") == render(
        parse_po(whole.read_text("utf-8")), "po", "ar")


@pytest.mark.parametrize("damage, line", [
    pytest.param(lambda lines: lines[0][:30], 1, id="cut header"),
    pytest.param(lambda lines: b"[]\n" + b"".join(lines[1:]), 1, id="another file's header"),
    pytest.param(lambda lines: lines[0] + lines[1][:30] + b"\n" + lines[2], 2, id="cut middle line"),
    pytest.param(lambda lines: lines[0] + b'{"en": "x", "target": "y", "pairs": [["a"]]}\n'
                 + lines[2], 2, id="a pair of another shape"),
    pytest.param(lambda lines: lines[0] + lines[1] + b"\x00" * 8 + b"\n", 3,
                 id="corrupt whole last line"),
    pytest.param(lambda lines: lines[0] + lines[1].replace(b"\xd8", b"\xff") + lines[2], 2,
                 id="not UTF-8"),
])
def test_a_damaged_archive_journal_stops_the_run_and_names_its_line(tmp_path, damage, line):
    """A journal damaged anywhere but after its last newline is not guessed at: the run stops
    with exit 2, naming the line and the way out, and both files stay as they were."""
    from dragoman.align.archive import journal_path

    en, ar = small_archive(tmp_path)
    out = tmp_path / "memory/ar.po"
    _align_archive_until(en, ar, out, 2)
    journal = journal_path(out)
    journal.write_bytes(damage(journal.read_bytes().splitlines(keepends=True)))
    before = journal.read_bytes()
    result = _align_archive_command(en, ar, out)
    assert result.exit_code == 2, result.output
    assert (f"dragoman: error: {journal}:{line}: the journal of an interrupted run is damaged"
            in result.output)
    assert "remove the file to align the whole archive again" in result.output
    assert journal.read_bytes() == before and not out.exists()


def test_archive_reports_are_read_once_and_aligned_as_the_pairing_read_them(tmp_path):
    """The jobs get the reports the pairing read, not their paths: files moved away once the
    reports are paired (before any job runs) change nothing."""
    from dragoman.align.archive import align_archive

    en, ar = small_archive(tmp_path)
    whole = tmp_path / "whole.po"
    assert _align_archive_command(en, ar, whole).exit_code == 0

    def move_the_files_away(done, total):
        if (tmp_path / "en").exists():
            (tmp_path / "en").rename(tmp_path / "en-moved")
            (tmp_path / "ar").rename(tmp_path / "ar-moved")

    out = tmp_path / "memory/ar.po"
    report = align_archive(en, ar, "ar", out, glossary_dir=REPO / "glossary", jobs=2,
                           progress=move_the_files_away)
    assert report.articles == 3
    assert render(parse_po(out.read_text("utf-8")), "po", "ar") == render(
        parse_po(whole.read_text("utf-8")), "po", "ar")


def test_archive_reports_that_cannot_be_read_are_all_named_and_nothing_is_written(tmp_path):
    """A report that is not UTF-8, one with no text and a link to a report that is gone: each
    named (with its line where there is one), exit 2, the memory of an earlier run as it was
    and no journal begun."""
    from dragoman.align.archive import journal_path

    en, ar = small_archive(tmp_path)
    (ar / "taqrir-1.txt").write_bytes("---\ntranslation_of: report-1.txt\n---\n".encode()
                                      + "قصفت طائرات مسيرة.\n".encode("cp1256"))
    (en / "report-2.txt").write_text("\n", "utf-8")
    (ar / "taqrir-3.txt").symlink_to(tmp_path / "elsewhere.txt")
    out = tmp_path / "memory/ar.po"
    out.parent.mkdir()
    out.write_text("# the memory of an earlier run\n", "utf-8")
    result = _align_archive_command(en, ar, out)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        f"dragoman: error: {en / 'report-2.txt'}: the report has no text",
        f"dragoman: error: {ar / 'taqrir-1.txt'}:4: not UTF-8 (byte 0xde at offset 37); "
        "convert the file to UTF-8",
        f"dragoman: error: {ar / 'taqrir-3.txt'}: no such file"]
    assert out.read_text("utf-8") == "# the memory of an earlier run\n"
    assert not journal_path(out).exists()


def test_an_archive_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    """Reports in a folder that cannot be listed would be missing from the memory (and their
    translations not paired): the run names the folder, exits 2 and writes nothing."""
    from test_readers import _unlistable

    en, ar = small_archive(tmp_path)
    (ar / "2024").mkdir()
    (ar / "taqrir-2.txt").rename(ar / "2024/taqrir-2.txt")
    out = tmp_path / "memory/ar.po"
    for folder in (en, ar / "2024"):
        monkeypatch.undo()
        _unlistable(monkeypatch, folder)
        result = _align_archive_command(en, ar, out)
        assert result.exit_code == 2, result.output
        assert result.output == (f"dragoman: error: {folder}: cannot list the folder: "
                                 "Permission denied\n")
        assert not out.parent.exists()


def _workers_align_after(monkeypatch, before):
    """Make the archive's workers call ``before(source report)`` before each alignment (forked
    workers, which run this test's function); the workers' own aligner factory is returned."""
    from dragoman.align import archive

    aligner = archive.worker_aligner

    class Wrapped:
        def __init__(self, lang, glossary_dir):
            self.aligner = aligner(lang, glossary_dir)

        def align(self, source, target):
            before(source)
            return self.aligner.align(source, target)

    monkeypatch.setenv("DRAGOMAN_START_METHOD", "fork")
    monkeypatch.setattr(archive, "worker_aligner", Wrapped)
    return aligner


def test_an_archive_pair_the_aligner_fails_on_stops_the_run_and_resumes_after(tmp_path,
                                                                            monkeypatch):
    """A job's error names the pair (exit 2); the memory is not written without it, and the
    journal keeps the pairs done, so that the next run aligns only that pair."""
    from dragoman.align import archive
    from dragoman.errors import SegmentationError

    en, ar = small_archive(tmp_path)
    out = tmp_path / "memory/ar.po"

    def fail(source):
        if source.path.endswith("report-1.txt"):
            raise SegmentationError("no rules for this text", "rules.srx", 3)

    aligner = _workers_align_after(monkeypatch, fail)
    result = _align_archive_command(en, ar, out)
    assert result.exit_code == 2, result.output
    assert result.output.endswith(f"dragoman: error: {ar / 'taqrir-1.txt'}: not aligned with "
                                  f"{en / 'report-1.txt'}: rules.srx:3: no rules for this text\n")
    assert not out.exists()
    assert len(archive.journal_path(out).read_text("utf-8").splitlines()) == 3
    monkeypatch.setattr(archive, "worker_aligner", aligner)
    result = _align_archive_command(en, ar, out)
    assert result.exit_code == 0, result.output
    assert "3 article pairs aligned (2 from an interrupted run)" in result.output


def test_an_interrupted_archive_run_does_not_wait_for_the_jobs_left(tmp_path, monkeypatch):
    """Ctrl-C stops the workers: the jobs left (whose pairs would never reach the journal) are
    not run to the end first."""
    import time

    en, ar = small_archive(tmp_path)
    for k in range(3, 20):
        shutil.copy(en / "report-0.txt", en / f"report-{k}.txt")
        (ar / f"taqrir-{k}.txt").write_text((ar / "taqrir-0.txt").read_text("utf-8").replace(
            "report-0.txt", f"report-{k}.txt"), "utf-8")
    ran = tmp_path / "ran"

    def slow(source):
        with ran.open("a") as log:
            log.write(f"{source.path}\n")
        if not source.path.endswith("report-0.txt"):
            time.sleep(0.2)

    _workers_align_after(monkeypatch, slow)
    _align_archive_until(en, ar, tmp_path / "memory/ar.po", 1)
    assert len(ran.read_text().splitlines()) < 20
