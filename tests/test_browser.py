"""Editions in a real browser: Debian's Chromium, headless, driven through Playwright over the
DevTools protocol (``make browser-deps`` installs Chromium and fonts; no browser download).

For every edition: the document direction; Arabic-script text drawn with fonts that have
its glyphs (asked from Chromium itself, checked against fontconfig's character sets); a
number after an isolated Latin name on the right side (character positions measured by a
page script); nothing wider than the viewport at 375 and 1280 px. Screenshots go to
``site/_screenshots/`` for review.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

import _editions as sample
from conftest import REPO, require_tool
from dragoman.assemble import merge
from dragoman.publish.site import build_site

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)
SCREENSHOTS = REPO / "site" / "_screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DIRECTION = {"ar": "rtl", "ckb": "rtl", "kmr": "ltr", "en": "ltr"}
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

#: Page script: every Latin run isolated in <bdi> and followed by a number or a punctuation
#: mark, with the boxes of the name and of what follows it (character ranges, so the measure
#: is of glyphs, not elements).
NAME_NUMBER_PROBE = r"""
(root) => {
  const scope = root ? document.querySelector(root) : document.body;
  const textNodes = el => { const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), a = [];
    let n; while ((n = w.nextNode())) a.push(n); return a; };
  const offsetOf = (nodes, node) => { let p = 0; for (const n of nodes) { if (n === node) return p;
    p += n.data.length; } return -1; };
  const box = (nodes, start, end) => { let p = 0; const r = document.createRange(); let begun = false;
    for (const n of nodes) { const len = n.data.length;
      if (!begun && start < p + len) { r.setStart(n, start - p); begun = true; }
      if (begun && end <= p + len) { r.setEnd(n, end - p); break; }
      p += len; }
    const b = r.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top}; };
  const out = [];
  for (const block of scope.querySelectorAll('p, li, h1, h2, h3, blockquote')) {
    const nodes = textNodes(block), text = nodes.map(n => n.data).join('');
    const pairs = [];
    for (const bdi of block.querySelectorAll('bdi')) {
      const inner = textNodes(bdi); if (!inner.length) continue;
      const last = inner[inner.length - 1];
      pairs.push([offsetOf(nodes, inner[0]), offsetOf(nodes, last) + last.data.length, true]);
    }
    if (block.dataset.probe) {            // a control paragraph: measure the named run as it is
      const i = text.indexOf(block.dataset.probe);
      pairs.push([i, i + block.dataset.probe.length, false]);
    }
    for (const [start, end, isolated] of pairs) {
      const m = text.slice(end).match(/^\s*(\d+|[.,:;!?)\u060c\u061b\u061f])/); if (!m) continue;
      const numStart = end + m[0].length - m[1].length;
      out.push({name: text.slice(start, end), number: m[1], isolated,
                direction: getComputedStyle(block).direction,
                nameBox: box(nodes, start, end), numberBox: box(nodes, numStart, numStart + m[1].length)});
    }
  }
  return out;
}
"""

OVERFLOW_PROBE = r"""
() => {
  const width = document.documentElement.clientWidth, wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.left < -1 || r.right > width + 1)
      wide.push(`${el.tagName} [${Math.round(r.left)}, ${Math.round(r.right)}] ${el.textContent.slice(0, 40)}`);
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, wide,
          direction: getComputedStyle(document.documentElement).direction, dir: document.dir};
}
"""


@pytest.fixture(scope="module")
def browser():
    chromium = require_tool("chromium", "run 'make browser-deps'")
    require_tool("fc-list", "run 'make browser-deps'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    ws = sample.workspace(tmp_path_factory.mktemp("small") / "ws")
    art = sample.article()
    build_site(ws, [art], sample.editions(ws, art))
    return ws.output_dir


@pytest.fixture(scope="module")
def untranslated_site(tmp_path_factory):
    """Drafts with no translation at all: every block falls back to English inside rtl pages."""
    ws = sample.workspace(tmp_path_factory.mktemp("untranslated") / "ws")
    art = sample.article()
    build_site(ws, [art], {lang: [merge(art, {}, lang, draft=True)] for lang in ws.target_languages},
               draft=True)
    return ws.output_dir


def edition_pages(site: Path) -> list[Path]:
    pages = sorted(site.glob("*/*/index.html"))
    return [p for p in pages if p.parent.parent.name in DIRECTION]


@cache
def face_charset(postscript_name: str) -> frozenset[int]:
    """Code points a font face has glyphs for, from fontconfig."""
    out = subprocess.run(["fc-list", "--format", "%{charset}\n", f":postscriptname={postscript_name}"],
                         capture_output=True, text=True, check=True).stdout.split("\n")[0]
    points = set()
    for item in out.split():
        low, _, high = item.partition("-")
        points.update(range(int(low, 16), int(high or low, 16) + 1))
    return frozenset(points)


def rendered_fonts(page) -> list[tuple[str, list[dict]]]:
    """(text, fonts Chromium used for it) for every visible text node of the body."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]
    out = []

    def walk(node, in_body):
        name = node.get("nodeName", "")
        if name in ("SCRIPT", "STYLE", "HEAD", "TITLE"):
            return
        in_body = in_body or name == "BODY"
        if node["nodeType"] == 3 and in_body and node["nodeValue"].strip():
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
            out.append((node["nodeValue"], fonts))
        for child in node.get("children", []):
            walk(child, in_body)

    walk(root, False)
    cdp.detach()
    return out


def check_page(browser, path: Path, label: str) -> list[dict]:
    """Every assertion on one edition page; returns the name/number measurements."""
    lang = path.parent.parent.name
    page = browser.new_page(viewport={"width": WIDTHS[0], "height": 800})
    try:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            layout = page.evaluate(OVERFLOW_PROBE)
            assert layout["dir"] == layout["direction"] == DIRECTION[lang], (path, layout)
            assert layout["scrollWidth"] <= layout["width"], (path, width, layout)
            assert layout["wide"] == [], (path, width, layout["wide"])
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{label}-{lang}-{path.parent.name}-{width}.png"),
                            full_page=True)
        arabic_nodes = 0
        for text, fonts in rendered_fonts(page):
            assert fonts, f"{path}: no font drew {text[:40]!r}"
            needed = {ord(c) for c in text if _ARABIC.match(c)}
            if not needed:
                continue
            arabic_nodes += 1
            covered = set().union(*(face_charset(f["postScriptName"]) for f in fonts))
            missing = needed - covered
            assert not missing, f"{path}: no glyph for {''.join(map(chr, sorted(missing)))!r} in {fonts}"
            assert any(ord("\u0627") in face_charset(f["postScriptName"]) for f in fonts), (text, fonts)
        if DIRECTION[lang] == "rtl":
            assert arabic_nodes > 0, path
        pairs = page.evaluate(NAME_NUMBER_PROBE, "main")
    finally:
        page.close()
    for pair in pairs:
        assert_number_after_name(pair, path)
    return pairs


def assert_number_after_name(pair: dict, where) -> None:
    """In reading order the number follows the name: left of it in rtl, right of it in ltr."""
    name, number = pair["nameBox"], pair["numberBox"]
    if abs(name["top"] - number["top"]) > 4:
        return  # the line broke between them: no side to compare
    if pair["direction"] == "rtl":
        assert number["right"] <= name["left"] + 0.5, (where, pair)
    else:
        assert number["left"] >= name["right"] - 0.5, (where, pair)


def test_small_workspace_editions_in_chromium(browser, small_site):
    pages = edition_pages(small_site)
    assert sorted(p.parent.parent.name for p in pages) == sorted(DIRECTION)
    measured = {p.parent.parent.name: check_page(browser, p, "small") for p in pages}
    for lang in ("ar", "ckb"):
        names = {(m["name"], m["number"]) for m in measured[lang] if m["isolated"]}
        assert ("SOHR", "15") in names and ("SOHR", "6") in names, measured[lang]
    assert ("Tayy", ")") in {(m["name"], m["number"]) for m in measured["ckb"]}


def test_untranslated_drafts_in_chromium(browser, untranslated_site):
    for path in edition_pages(untranslated_site):
        check_page(browser, path, "untranslated")


def test_the_number_probe_catches_a_name_left_unisolated(browser, small_site):
    """Control: without <bdi> the number jumps to the wrong side; the probe must see it."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto((small_site / "ar" / "siege" / "index.html").as_uri())
        page.evaluate("""() => {
            const add = html => { const p = document.createElement('p'); p.innerHTML = html;
                                  p.dataset.probe = 'SOHR'; document.querySelector('main').append(p); };
            add('أحصى SOHR 15 يوماً من الحصار.');
            add('أحصى <span>SOHR</span> 15 يوماً من الحصار.');
        }""")
        pairs = [p for p in page.evaluate(NAME_NUMBER_PROBE, "main") if not p["isolated"]]
    finally:
        page.close()
    assert len(pairs) == 2
    for pair in pairs:
        assert pair["direction"] == "rtl"
        with pytest.raises(AssertionError):
            assert_number_after_name(pair, "control")


def test_sample_workspace_editions_in_chromium(browser, sample_workspace):
    from click.testing import CliRunner

    from dragoman.cli import cli

    result = CliRunner().invoke(cli, ["build", "--draft", "--workspace", str(sample_workspace)])
    assert result.exit_code == 0, result.output
    pages = edition_pages(sample_workspace / "site")
    slugs = {p.parent.name for p in pages}
    assert slugs and len(pages) == len(slugs) * len(DIRECTION)
    for path in pages:
        check_page(browser, path, "sample")


TYPOGRAPHY_PROBE = r"""
() => {
  const style = el => getComputedStyle(el);
  const font = el => `${style(el).fontWeight} ${style(el).fontSize} ${style(el).fontFamily}`;
  const ink = (el, text) => { const c = document.createElement('canvas').getContext('2d');
    c.font = font(el); const m = c.measureText(text);
    return m.actualBoundingBoxAscent + m.actualBoundingBoxDescent; };
  const h1 = document.querySelector('h1'), p = document.querySelector('main p');
  const ratio = el => parseFloat(style(el).lineHeight) / parseFloat(style(el).fontSize);
  const menu = [...document.querySelectorAll('nav.languages a')].map(a => ({
    lang: a.lang, body: /[\u0600-\u06ff]/.test(a.textContent) ? ink(a, '\u0647') : ink(a, 'x')}));
  return {h1: ratio(h1), p: ratio(p), menu};
}
"""


def test_arabic_script_headlines_and_language_names_are_sized_for_naskh(browser, small_site):
    """Headlines keep a headline's line height in Arabic script (the body rule of the language
    does not override h1), and an Arabic-script language name in the menu is drawn with
    letter bodies as large as a Latin name's."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        measured = {}
        for lang in ("ar", "ckb", "kmr"):
            page.goto((small_site / lang / "siege" / "index.html").as_uri())
            page.evaluate("document.fonts.ready")
            measured[lang] = page.evaluate(TYPOGRAPHY_PROBE)
    finally:
        page.close()
    for lang in ("ar", "ckb"):
        assert 1.4 <= measured[lang]["h1"] <= 1.7 < measured[lang]["p"], measured[lang]
    latin = [m["body"] for m in measured["ar"]["menu"] if m["lang"] in ("en", "kmr")]
    arabic = [m["body"] for m in measured["kmr"]["menu"] if m["lang"] in ("ar", "ckb")]
    assert latin and arabic and min(arabic) >= 0.9 * max(latin), measured


def test_western_digits_in_arabic_script_text_stand_as_tall_as_its_letters(browser, small_site):
    """Western digits in a Naskh paragraph are drawn to the height of its alef (Naskh's digits
    as designed stand a twentieth taller than the letters around them)."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        heights = {}
        for lang in ("ar", "ckb"):
            page.goto((small_site / lang / "siege" / "index.html").as_uri())
            heights[lang] = page.evaluate("""async () => {
                const p = document.querySelector('main p'); p.style.fontSize = '100px';
                const s = getComputedStyle(p), font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
                await document.fonts.load(font, '5\\u0627'); await document.fonts.ready;
                const c = document.createElement('canvas').getContext('2d'); c.font = font;
                const up = t => c.measureText(t).actualBoundingBoxAscent;
                return {digits: Math.max(...[...'0123456789'].map(up)), alef: up('\\u0627')}; }""")
    finally:
        page.close()
    for lang, h in heights.items():
        assert abs(h["digits"] - h["alef"]) <= 0.03 * h["alef"], (lang, h)
