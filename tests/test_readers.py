from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from dragoman.errors import InputError
from dragoman.readers import discover, read_article, read_html, read_markdown, read_text
from dragoman.readers.html import inline_html

from conftest import REPO


def test_text_front_matter_masthead_and_title():
    text = ("---\nslug: siege-report\ntitle: The headline\nsite: The Observatory\n"
            "date: 2021-01-26\nurl: https://example.org/1/\n---\n"
            "The Observatory\n\nThe headline\n\nFirst paragraph.\nSecond line.\n\n\nLast one.\n")
    article = read_text(text, "r.txt")
    assert article.slug == "siege-report"
    assert article.meta.date == datetime(2021, 1, 26, tzinfo=timezone.utc)
    assert article.meta.url == "https://example.org/1/"
    assert [(b.kind, b.text, b.line) for b in article.blocks] == [
        ("title", "The headline", 10),
        ("paragraph", "First paragraph.\nSecond line.", 12),
        ("paragraph", "Last one.", 16),
    ]


def test_text_without_front_matter_first_paragraph_is_title():
    article = read_text("Headline here\n\nBody.\n", "reports/My Report.txt")
    assert article.slug == "my-report"
    assert article.title == "Headline here"
    assert [b.kind for b in article.blocks] == ["title", "paragraph"]


@pytest.mark.parametrize("front, message", [
    ("---\nslug: Not Ascii É\n---\nx\n", "slug"),
    ("---\ncolour: red\n---\nx\n", "unknown front matter key"),
    ("---\ndate: yesterday\n---\nx\n", "ISO 8601"),
    ("---\ntitle: x\n", "never closed"),
])
def test_bad_front_matter_names_line(front, message):
    with pytest.raises(InputError) as info:
        read_text(front, "bad.txt")
    assert message in str(info.value) and str(info.value).startswith("bad.txt:")


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Title\n\nHasaka caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_article(bad)
    assert str(info.value).startswith(f"{bad}:3: not UTF-8")
    with pytest.raises(InputError, match="unknown source format"):
        read_article(tmp_path / "x.docx")


def test_html_article_blocks_inline_markup_and_metadata():
    page = """<!doctype html><html><head><title>Site | Headline</title>
    <meta name="date" content="2021-02-01T10:00:00+03:00"><meta name="slug" content="h-report">
    <link rel="canonical" href="https://example.org/h/"></head>
    <body><nav><p>Menu</p></nav><article><h1>Head &amp; line</h1>
    <p>One <a href="javascript:alert(1)" onclick="x()">bad</a> and
       <a href="https://example.org/?a=1&amp;b=2" class="c">good</a>, <em>stressed</em>
       <img src="x.png"><script>evil()</script> <strong>done</strong>.</p>
    <h2>Sub</h2><ul><li>first<ul><li>nested</li></ul></li></ul>
    <blockquote><p>Quoted.</p></blockquote>
    <figure><img src="a.png"><figcaption>A caption</figcaption></figure></article></body></html>"""
    article = read_html(page, "p.html")
    assert article.slug == "h-report"
    assert article.meta.url == "https://example.org/h/"
    assert article.meta.date.isoformat() == "2021-02-01T10:00:00+03:00"
    assert article.title == "Head & line"
    kinds = [(b.kind, b.level, b.text) for b in article.blocks]
    assert kinds == [
        ("title", 1, "Head &amp; line"),
        ("paragraph", 0, 'One <a>bad</a> and <a href="https://example.org/?a=1&amp;b=2">good</a>, '
                         "<em>stressed</em> <strong>done</strong>."),
        ("heading", 2, "Sub"),
        ("list-item", 0, "first"),
        ("list-item", 1, "nested"),
        ("quote", 0, "Quoted."),
        ("caption", 0, "A caption"),
    ]
    assert all(b.markup == "html" for b in article.blocks)
    assert article.blocks[1].line == 5


def test_markdown_blocks_and_lines():
    text = ("---\ntitle: T\nslug: md-report\n---\n# T\n\nSome *em* & [link](https://x.org \"t\").\n"
            "\n- item **b**\n  - nested\n\n> quote <b>\n")
    article = read_markdown(text, "m.md")
    assert [(b.kind, b.level, b.line, b.text) for b in article.blocks] == [
        ("title", 1, 5, "T"),
        ("paragraph", 0, 7, 'Some <em>em</em> &amp; <a href="https://x.org" title="t">link</a>.'),
        ("list-item", 0, 9, "item <strong>b</strong>"),
        ("list-item", 1, 10, "nested"),
        ("quote", 0, 12, "quote &lt;b&gt;"),
    ]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_inline_html_escapes_any_text(text):
    import lxml.html

    el = lxml.html.fragment_fromstring("<p></p>")
    el.text = text
    out = inline_html(el)
    assert "<" not in out.replace("&lt;", "")


def test_sample_sources_are_discovered_and_read():
    paths = discover(REPO / "sources")
    assert paths, "the sample workspace has source reports"
    for path in paths:
        article = read_article(path)
        assert article.blocks[0].kind == "title"
        assert len(article.blocks) > 2


def _unlistable(monkeypatch, *folders: Path) -> None:
    """``folders`` cannot be listed, as folders without read permission for the user (whom
    chmod does not stop when the tests run as root)."""
    import os

    scandir = os.scandir

    def refused(path="."):
        if Path(path) in folders:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refused)


def test_discover_names_every_folder_it_cannot_list_and_lists_dangling_links(
        tmp_path, monkeypatch):
    """Reports are never left out silently: folders that cannot be listed are named (an
    ErrorList of both here), and a link to a report that is gone is listed, for its reader to
    name it."""
    from dragoman.errors import ErrorList

    for name in ("a/one.txt", "b/two.txt", "c/three.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("Calm returned.\n", "utf-8")
    (tmp_path / "c/gone.txt").symlink_to(tmp_path / "c/nowhere.txt")
    (tmp_path / "c/.hidden.txt").write_text("No.\n", "utf-8")
    assert discover(tmp_path) == [tmp_path / "a/one.txt", tmp_path / "b/two.txt",
                                  tmp_path / "c/gone.txt", tmp_path / "c/three.md"]
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "c/gone.txt")
    _unlistable(monkeypatch, tmp_path / "a", tmp_path / "b")
    with pytest.raises(ErrorList) as raised:
        discover(tmp_path)
    assert [(e.path, e.message) for e in raised.value.errors] == [
        (str(tmp_path / "a"), "cannot list the folder: Permission denied"),
        (str(tmp_path / "b"), "cannot list the folder: Permission denied")]
    _unlistable(monkeypatch, tmp_path)
    with pytest.raises(InputError, match="cannot list the folder"):
        discover(tmp_path)


def test_markdown_tables_become_blocks_and_what_is_left_out_is_noted():
    from dragoman.readers.markdown import read_markdown

    article = read_markdown(
        "# Casualties\n\nShelling hit Idlib ![map](map.png) today.\n\n"
        "| Town | Dead |\n|---|---|\n| Idlib | 4 |\n\n```\nquery()\n```\n", "r.md")
    texts = [b.text for b in article.blocks]
    assert texts == ["Casualties", "Shelling hit Idlib today.", "Town", "Dead", "Idlib", "4"]
    assert "|" not in "".join(texts) and "query()" not in "".join(texts)
    assert article.notes == ((3, "an image, left out of the editions"),
                             (5, "a table: each cell is translated as a paragraph of its own"),
                             (9, "a code block, left out of the editions"))
