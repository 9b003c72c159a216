"""Machine-translation pre-fill against a loopback server following the LibreTranslate and
DeepL contracts (tests/mt_server.py), error statuses included."""

from __future__ import annotations

import subprocess
from datetime import datetime, timezone

import html

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from dragoman.catalog.po import Catalog, Message, read_po, write_po
from dragoman.cli import cli
from dragoman.errors import ConfigError
from dragoman.glossary import load_glossary
from dragoman.pretranslate import engine_code, protect, restore
from conftest import REPO
from mt_server import MTServer

TODAY = datetime.now(timezone.utc).date().isoformat()
HEADER = {"Project-Id-Version": "sample", "Report-Msgid-Bugs-To": "", "POT-Creation-Date": "2026-01-26 10:00+0000",
          "PO-Revision-Date": "2026-01-26 10:00+0000", "Last-Translator": "Sample <t@example.org>",
          "Language-Team": "Arabic", "Language": "ar", "MIME-Version": "1.0",
          "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(REPO / "glossary")


@pytest.fixture
def mt():
    with MTServer() as server:
        yield server


def _workspace(root, langs=("ar",), entries=30):
    """A workspace whose ``lang`` catalogs hold one translated, one fuzzy and ``entries``
    untranslated entries (one with inline HTML and a glossary term, one obsolete)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "dragoman.toml").write_text('[workspace]\nsource_language = "en"\n'
                                        'target_languages = ["ar", "ckb", "kmr"]\n', "utf-8")
    (root / "glossary").symlink_to(REPO / "glossary")
    from dragoman.locales import get

    paths = {}
    for lang in langs:
        messages = [
            Message("Done sentence.", "جملة منجزة.", references=["sources/r.txt:1"]),
            Message("Old suggestion.", "اقتراح قديم.", flags=["fuzzy"]),
            Message("Clashes erupted in <em>Al-Hasakah</em> &amp; Tal Tamr.", extracted_comments=["HTML: keep tags"],
                    translator_comments=["names checked", "MT: deepl en>ar 2020-01-01"]),
            Message("Gone sentence.", obsolete=True),
        ]
        messages += [Message(f"Sentence number {n} about SDF positions.") for n in range(entries)]
        header = {**HEADER, "Language": lang, "Plural-Forms": get(lang).plural_forms}
        path = root / "locales" / lang / "LC_MESSAGES" / "report.po"
        path.parent.mkdir(parents=True)
        write_po(path, Catalog(header, messages))
        paths[lang] = path
    return paths


def _msgfmt_check(path):
    from conftest import require_tool

    msgfmt = require_tool("msgfmt", "run 'make gettext-deps'")
    done = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _run(*args, env=None):
    return CliRunner(env=env).invoke(cli, list(args))


# ---------------------------------------------------------------------------------------
# Units

def test_engine_codes_never_a_bare_ku():
    assert engine_code("deepl", "kmr") == "KMR" and engine_code("deepl", "ckb") == "CKB"
    assert engine_code("deepl", "ar") == "AR" and engine_code("libretranslate", "ar") == "ar"
    for engine in ("deepl", "libretranslate"):
        for lang in ("ckb", "kmr"):
            assert engine_code(engine, lang).lower() != "ku"
    with pytest.raises(ConfigError):
        engine_code("deepl", "ku")


def test_protect_puts_tags_and_approved_terms_back(glossary):
    source = "Clashes in <em>Al-Hasakah</em> &amp; al-Hasakeh near SDF lines."
    protected = protect(source, glossary, "ar")
    assert "Hasak" not in protected.text and "<em>" not in protected.text and "&amp;" not in protected.text
    assert "&" in protected.text  # the engine gets plain text
    engine_output = "اشتباكات في " + protected.text.split("in ", 1)[1]
    result = restore(protected, engine_output)
    assert result.count("الحسكة") == 2 and "<em>الحسكة</em>" in result
    assert "&amp;" in result and glossary.preferred("sdf", "ar") in result


def test_a_lost_or_invented_placeholder_rejects_the_output(glossary):
    protected = protect("Shelling on Al-Hasakah.", glossary, "kmr")
    assert restore(protected, "Topbaran li ser.") is None
    assert restore(protected, "[[0]] [[0]]") is None
    assert restore(protected, "[[0]] [[1]]") is None
    assert restore(protected, "Topbaran li ser [[ 0 ]].") == "Topbaran li ser Hesekê."


def test_plain_text_is_not_escaped(glossary):
    protected = protect("Tom & Jerry <3", glossary, "ar")
    assert not protected.is_html and restore(protected, "توم & جيري <3") == "توم & جيري <3"


_words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).filter(lambda t: "[[" not in t)
_tags = st.sampled_from(["<em>", "</em>", "<a href=\"https://example.org/?a=1&amp;b=2\">", "</a>", "<br>"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_words.map(lambda t: html.escape(t, quote=False)), _tags), max_size=8))
def test_an_engine_that_changes_nothing_gives_back_the_source(parts):
    source = "".join(parts).strip()
    if not source or "[[" in html.unescape(source):
        return
    protected = protect(source, None, "ar")
    assert not any(tag in protected.text for tag in ("<em>", "</a>", "<br>", "<a href"))
    assert restore(protected, protected.text) == source


# ---------------------------------------------------------------------------------------
# Against the loopback MT server

@pytest.mark.integration
def test_libretranslate_fills_open_entries_fuzzy_with_comment(tmp_path, mt):
    po = _workspace(tmp_path / "ws")["ar"]
    result = _run("pretranslate", "--engine", "libretranslate", "--url", mt.url, "--lang", "ar",
                  "-C", str(tmp_path / "ws"))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "locales/ar/LC_MESSAGES/report.po: 31 filled (fuzzy)"
    catalog = read_po(po)
    done, old, html, gone = catalog.messages[:4]
    assert done.msgstr == "جملة منجزة." and not done.fuzzy and done.translator_comments == []
    assert old.msgstr == "اقتراح قديم." and old.translator_comments == []
    assert gone.obsolete and gone.msgstr == ""
    assert html.fuzzy and html.translator_comments == ["names checked", f"MT: libretranslate en>ar {TODAY}"]
    assert html.msgstr == "ar: Clashes erupted in <em>الحسكة</em> &amp; تل تمر."
    assert all(m.fuzzy and m.msgstr.startswith("ar: ") and "قوات سوريا الديمقراطية" in m.msgstr
               for m in catalog.messages[4:])
    batches = [r.body for r in mt.translations()]
    assert [len(b["q"]) for b in batches] == [25, 6]
    assert all(b["source"] == "en" and b["target"] == "ar" and b["format"] == "text" for b in batches)
    assert all("api_key" not in b for b in batches)
    assert mt.translations()[0].headers["User-Agent"].startswith("dragoman/")
    _msgfmt_check(po)
    from dragoman.catalog import translations

    assert translations(catalog) == {"Done sentence.": "جملة منجزة."}  # MT never reaches an edition

    again = _run("pretranslate", "--engine", "libretranslate", "--url", mt.url, "-C", str(tmp_path / "ws"))
    assert again.exit_code == 0 and again.stdout == "" and len(mt.translations()) == 2


@pytest.mark.integration
def test_libretranslate_key_goes_in_the_body_from_the_environment(tmp_path):
    with MTServer(api_key="lt-secret") as server:
        _workspace(tmp_path / "ws", entries=1)
        args = ("pretranslate", "--engine", "libretranslate", "--url", server.url, "-C", str(tmp_path / "ws"))
        refused = _run(*args, "--lang", "ar", env={"DRAGOMAN_LIBRETRANSLATE_API_KEY": "wrong"})
        assert refused.exit_code == 2 and "403" in refused.stderr and "Invalid API key" in refused.stderr
        ok = _run(*args, "--lang", "ar", env={"DRAGOMAN_LIBRETRANSLATE_API_KEY": "lt-secret"})
        assert ok.exit_code == 0, ok.output
        assert server.translations()[-1].body["api_key"] == "lt-secret"


@pytest.mark.integration
def test_deepl_kurdish_codes_header_key_and_456_retry(tmp_path):
    with MTServer(deepl_key="dk") as server:
        paths = _workspace(tmp_path / "ws", langs=("ckb", "kmr"), entries=2)
        server.fail(456, message="Quota exceeded")
        args = ("pretranslate", "--engine", "deepl", "--url", server.url, "-C", str(tmp_path / "ws"))
        missing = _run(*args)
        assert missing.exit_code == 2 and "DRAGOMAN_DEEPL_AUTH_KEY" in missing.stderr
        result = _run(*args, env={"DRAGOMAN_DEEPL_AUTH_KEY": "dk"})
        assert result.exit_code == 0, result.output
        sent = server.translations()
        assert [r.body["target_lang"] for r in sent] == ["CKB", "CKB", "KMR"]  # first CKB answered 456
        assert all(r.body["source_lang"] == "EN" for r in sent)
        assert all(r.headers["Authorization"] == "DeepL-Auth-Key dk" for r in sent)
        kmr = read_po(paths["kmr"])
        assert kmr.messages[2].msgstr.startswith("kmr: Clashes erupted in <em>Hesekê</em> &amp; ")
        assert kmr.messages[2].translator_comments == ["names checked", f"MT: deepl en>kmr {TODAY}"]
        assert "ckb: " in read_po(paths["ckb"]).messages[4].msgstr


@pytest.mark.integration
def test_a_server_batch_limit_is_learnt_and_kept(tmp_path):
    with MTServer(batch_limit=10) as server:
        po = _workspace(tmp_path / "ws", entries=30)["ar"]
        result = _run("pretranslate", "--engine", "libretranslate", "--url", server.url, "--lang", "ar",
                      "-C", str(tmp_path / "ws"))
        assert result.exit_code == 0, result.output
        sizes = [len(r.body["q"]) for r in server.translations()]
        assert sizes == [25, 10, 10, 5, 6]  # one refusal, then never more than the limit
        assert sum(m.fuzzy for m in read_po(po).messages) == 32


@pytest.mark.integration
def test_retry_after_is_respected_on_429_and_5xx_is_retried(tmp_path, mt):
    _workspace(tmp_path / "ws", entries=1)
    mt.fail(429, retry_after="1", message="Slowdown: 1 per 1 second")
    mt.fail(503)
    result = _run("pretranslate", "--engine", "libretranslate", "--url", mt.url, "--lang", "ar",
                  "-C", str(tmp_path / "ws"))
    assert result.exit_code == 0, result.output
    first, second, third = mt.translations()
    assert second.time - first.time >= 0.95  # Retry-After: 1
    assert third.body == first.body


@pytest.mark.integration
def test_a_failing_engine_leaves_valid_catalogs_and_a_rerun_continues(tmp_path, mt):
    po = _workspace(tmp_path / "ws", entries=60)["ar"]
    args = ("pretranslate", "--engine", "libretranslate", "--url", mt.url, "--lang", "ar",
            "--retries", "1", "-C", str(tmp_path / "ws"))
    mt.outage = (1, 500)  # the engine goes down after the first batch
    result = _run(*args)
    assert result.exit_code == 2 and "500" in result.stderr and "engine down" in result.stderr
    assert "25 entries filled before the failure are saved" in result.stderr
    catalog = read_po(po)
    assert sum(m.fuzzy and m.msgstr.startswith("ar: ") for m in catalog.messages) == 25
    assert catalog.messages[0].msgstr == "جملة منجزة." and catalog.messages[1].msgstr == "اقتراح قديم."
    assert len(catalog.messages) == 64  # nothing lost
    _msgfmt_check(po)
    mt.outage = None
    rerun = _run(*args)
    assert rerun.exit_code == 0, rerun.output
    catalog = read_po(po)
    assert sum(m.fuzzy and m.msgstr.startswith("ar: ") for m in catalog.messages) == 61
    sent = [t for r in mt.translations() if isinstance(r.body.get("q"), list) for t in r.body["q"]]
    assert len(sent) == 25 + 2 * 25 + 36  # the failed batch was sent twice (one retry), then again


def test_an_interrupted_run_keeps_every_finished_batch(tmp_path, glossary):
    from dragoman.pretranslate import pretranslate_file

    po = _workspace(tmp_path / "ws", entries=60)["ar"]

    class InterruptedEngine:
        name = "libretranslate"
        calls = 0

        def translate(self, texts, source, target):
            self.calls += 1
            if self.calls == 2:
                raise KeyboardInterrupt  # Ctrl-C while the second request is on its way
            return [f"{target}: {t}" for t in texts]

    with pytest.raises(KeyboardInterrupt):
        pretranslate_file(po, InterruptedEngine(), "ar", glossary, batch_size=25)
    catalog = read_po(po)
    assert sum(m.fuzzy and m.msgstr.startswith("ar: ") for m in catalog.messages) == 25
    assert len(catalog.messages) == 64 and not list(po.parent.glob(".*.tmp"))
    _msgfmt_check(po)


@pytest.mark.integration
def test_timeout_is_a_clear_error(tmp_path):
    with MTServer(delay=2.0) as server:
        po = _workspace(tmp_path / "ws", entries=1)["ar"]
        result = _run("pretranslate", "--engine", "libretranslate", "--url", server.url, "--lang", "ar",
                      "--timeout", "0.5", "--retries", "0", "-C", str(tmp_path / "ws"))
        assert result.exit_code == 2 and "no answer within 0.5 s" in result.stderr
        assert read_po(po).messages[2].msgstr == ""


@pytest.mark.integration
def test_lost_placeholder_leaves_the_entry_open(tmp_path):
    with MTServer(mangle=lambda text: text.replace("[[0]]", "")) as server:
        po = _workspace(tmp_path / "ws", entries=1)["ar"]
        result = _run("pretranslate", "--engine", "libretranslate", "--url", server.url, "--lang", "ar",
                      "-C", str(tmp_path / "ws"))
        assert result.exit_code == 0, result.output
        assert "left untranslated" in result.stderr and "2 left open" in result.stderr
        catalog = read_po(po)
        assert catalog.messages[2].msgstr == "" and not catalog.messages[2].fuzzy


@pytest.mark.integration
def test_unsupported_language_is_reported_before_any_translation(tmp_path):
    with MTServer(languages={"en": ["ar"]}) as server:
        _workspace(tmp_path / "ws", langs=("kmr",), entries=1)
        result = _run("pretranslate", "--engine", "libretranslate", "--url", server.url, "--lang", "kmr",
                      "-C", str(tmp_path / "ws"))
        assert result.exit_code == 2 and "cannot translate en>kmr" in result.stderr
        assert server.translations() == []
