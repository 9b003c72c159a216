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
from contextlib import contextmanager
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


@contextmanager
def opened_page(browser, path: Path, width: int = 1280):
    """The page at ``path`` loaded with its fonts, closed after use."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        yield page
    finally:
        page.close()


def check_page(browser, path: Path, label: str) -> list[dict]:
    """Every assertion on one edition page; returns the name/number measurements."""
    lang = path.parent.parent.name
    with opened_page(browser, path, WIDTHS[0]) as page:
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


#: Page script: the height of the ink of sample texts drawn in an element's computed fonts, in
#: CSS pixels (canvas metrics, so the measure is of glyphs as drawn, not of line boxes; drawn
#: at 200px and scaled, so rounding to whole pixels does not blur it).
INK_PROBE = r"""
([selector, samples]) => {
  const ctx = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll(selector)].map(el => {
    const cs = getComputedStyle(el), scale = parseFloat(cs.fontSize) / 200;
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} 200px ${cs.fontFamily}`;
    const ink = {};
    for (const sample of samples(el)) {
      const m = ctx.measureText(sample);
      ink[sample] = (m.actualBoundingBoxAscent + m.actualBoundingBoxDescent) * scale;
    }
    return {text: el.textContent.trim(), lang: el.closest('[lang]').lang, ink,
            fontSize: parseFloat(cs.fontSize), lineHeight: parseFloat(cs.lineHeight)};
  });
}
"""


def ink(page, selector: str, samples_js: str) -> list[dict]:
    return page.evaluate(INK_PROBE.replace("samples(el)", f"({samples_js})(el)"), [selector, None])


@pytest.mark.parametrize("lang", ["ar", "ckb"])
def test_arabic_script_headlines_are_set_tighter_than_their_paragraphs(browser, small_site, lang):
    with opened_page(browser, small_site / lang / "siege" / "index.html") as page:
        heading, = ink(page, "h1", "el => []")
        paragraph = ink(page, "main p", "el => []")[0]
    headline, body = heading["lineHeight"] / heading["fontSize"], paragraph["lineHeight"] / paragraph["fontSize"]
    assert 1.45 <= headline <= 1.7, heading  # room for Naskh's ascenders, not a paragraph's 1.9
    assert headline < body, (heading, paragraph)


@pytest.mark.parametrize("lang", ["ar", "ckb"])
def test_western_digits_are_no_taller_than_the_alef_of_the_naskh_text(browser, small_site, lang):
    with opened_page(browser, small_site / lang / "siege" / "index.html") as page:
        measured = ink(page, "main p", r"el => (el.textContent.match(/\d+/g) || []).concat(['\u0627'])")
    numbers = [(m, n) for m in measured for n in m["ink"] if n.isdigit()]
    assert numbers, measured
    for m, number in numbers:
        ratio = m["ink"][number] / m["ink"]["\u0627"]
        assert 0.8 <= ratio <= 1.0, (number, ratio, m)


@pytest.mark.parametrize("lang", ["en", "kmr", "ar"])
def test_arabic_script_language_names_read_as_large_as_latin_ones(browser, small_site, lang):
    """Letter bodies compared: the Arabic heh beside the Latin x, each in its link's font."""
    with opened_page(browser, small_site / lang / "siege" / "index.html") as page:
        links = ink(page, ".languages a", "el => ['\u0647', 'x']")
    arabic = [l["ink"]["\u0647"] for l in links if l["lang"] in ("ar", "ckb")]
    latin = [l["ink"]["x"] for l in links if l["lang"] in ("en", "kmr")]
    assert arabic and latin, links
    assert min(arabic) >= 0.9 * max(latin), links


def test_rtl_sections_of_the_root_index_align_meta_lines_with_titles(browser, small_site):
    with opened_page(browser, small_site / "index.html") as page:
        rows = page.evaluate(r"""() => [...document.querySelectorAll('section .editions > li')].map(li => {
            const ink = el => { const r = document.createRange(); r.selectNodeContents(el);
                                const b = r.getBoundingClientRect(); return [b.left, b.right]; };
            return {dir: getComputedStyle(li).direction, title: ink(li.querySelector('a')),
                    meta: ink(li.querySelector('.meta'))};
        })""")
    assert {r["dir"] for r in rows} == {"ltr", "rtl"}, rows
    for row in rows:
        side = 1 if row["dir"] == "rtl" else 0  # the edge lines start from
        assert abs(row["title"][side] - row["meta"][side]) <= 1, row
