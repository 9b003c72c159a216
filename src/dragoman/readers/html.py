"""HTML reports via lxml: the article's blocks with their inline markup kept.

The main content is the first ``<article>``, else ``<main>``, else ``<body>``. Block elements
become blocks (headings, paragraphs, block quotes, list items, captions); inside a block only
the inline elements translators and editions need survive (``a``, ``em``, ``strong``, ``b``,
``i``, ``br``, ``span``), others are unwrapped to their text. Whitespace is collapsed, as a
browser would render it.
"""

from __future__ import annotations

import json
import re
from html import escape

import lxml.html
from lxml import etree

from dragoman.errors import InputError
from dragoman.model import Article, Block
from dragoman.readers.frontmatter import KEYS, assemble

INLINE_TAGS = {"a": ("href", "title", "hreflang"), "em": (), "strong": (), "b": (), "i": (),
               "br": (), "span": ("lang", "dir")}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_KIND = {"p": "paragraph", "li": "list-item", "figcaption": "caption", "caption": "caption"}
_CONTAINERS = {"div", "section", "header", "footer", "figure", "ul", "ol", "blockquote", "main",
               "article", "aside", "body", "table", "tbody", "thead", "tr", "td", "th", "dl"}
_SKIP = {"script", "style", "noscript", "template", "nav", "form", "iframe", "svg", "head"}
_SPACE = re.compile(r"\s+")
_SAFE_URL = re.compile(r"\s*(https?:|mailto:|/|#|\.|[^:/?#\s]+(?:[/?#]|\Z))", re.I)
#: <meta> names and properties that carry front-matter keys.
_META_ALIASES = {"article:published_time": "date", "og:url": "url", "og:title": "title",
                 "dc.date": "date", "citation_publication_date": "date"}


def read_html(text: str, path="<string>", lang: str = "en") -> Article:
    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"not parseable as HTML: {exc}", path, 1) from None
    fields = page_metadata(doc)
    root = next((el for tag in ("article", "main", "body") for el in doc.iter(tag)), doc)
    blocks = list(html_blocks(root))
    return assemble(path, lang, fields, blocks)


def page_metadata(doc) -> dict[str, tuple[str, int | None]]:
    """Front-matter keys from ``<title>``, ``<meta>``, canonical link and JSON-LD."""
    fields: dict[str, tuple[str, int | None]] = {}

    def put(key, value, line, override=False):
        value = _SPACE.sub(" ", value or "").strip()
        if value and (override or key not in fields):
            fields[key] = (value, line)

    for script in doc.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                data = json.loads(script.text)
            except ValueError:
                continue
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict) and "Article" in str(item.get("@type", "")):
                    put("title", item.get("headline"), script.sourceline)
                    put("date", item.get("datePublished"), script.sourceline)
                    author = item.get("author")
                    if isinstance(author, dict):
                        author = author.get("name")
                    put("author", author if isinstance(author, str) else "", script.sourceline)
    for meta in doc.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower().removeprefix("dragoman:")
        key = name if name in KEYS else _META_ALIASES.get(name)
        if key:
            put(key, meta.get("content"), meta.sourceline, override=name in KEYS)
    for link in doc.iter("link"):
        if (link.get("rel") or "").lower() == "canonical":
            put("url", link.get("href"), link.sourceline)
            put("canonical", link.get("href"), link.sourceline)
    title = doc.find(".//title")
    if title is not None and next(doc.iter("h1"), None) is None:
        put("title", title.text_content(), title.sourceline)
    return fields


def html_blocks(root, quote: bool = False, depth: int = 0):
    """Blocks of ``root`` in document order."""
    for el in root:
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            continue
        tag = el.tag.lower()
        if tag in _HEADINGS:
            yield from _block(el, "title" if tag == "h1" else "heading", int(tag[1]))
        elif tag in ("p", "figcaption", "caption"):
            yield from _block(el, "quote" if quote and tag == "p" else _BLOCK_KIND[tag], 0)
        elif tag == "li":
            nested = [c for c in el if isinstance(c.tag, str) and c.tag in ("ul", "ol")]
            yield from _block(el, "list-item", depth, exclude=nested)
            for sub in nested:
                yield from html_blocks(sub, quote, depth + 1)
        elif tag == "blockquote":
            if _has_direct_text(el):
                yield from _block(el, "quote", 0)
            else:
                yield from html_blocks(el, True, depth)
        elif tag in _CONTAINERS or tag not in INLINE_TAGS:
            if _has_direct_text(el):
                yield from _block(el, "quote" if quote else "paragraph", 0)
            else:
                yield from html_blocks(el, quote, depth + (tag in ("ul", "ol") and depth > 0))


def _has_direct_text(el) -> bool:
    if (el.text or "").strip():
        return True
    return any(isinstance(c.tag, str) and c.tag.lower() in INLINE_TAGS or (c.tail or "").strip()
               for c in el)


def _block(el, kind: str, level: int, exclude=()):
    text = _SPACE.sub(" ", inline_html(el, exclude)).strip()
    text = re.sub(r"\s*<br>\s*", "<br>", text)
    if text:
        yield Block(kind, text, "html", el.sourceline, level)


def inline_html(el, exclude=()) -> str:
    """The inner HTML of ``el`` with only allow-listed inline tags and attributes."""
    parts = [escape(el.text or "", quote=False)]
    for child in el:
        if child in exclude:
            continue
        if isinstance(child.tag, str) and child.tag.lower() not in _SKIP:
            parts.append(_inline_element(child))
        parts.append(escape(child.tail or "", quote=False))
    return "".join(parts)


def _inline_element(el) -> str:
    tag = el.tag.lower()
    inner = inline_html(el)
    if tag not in INLINE_TAGS:
        return inner
    if tag == "br":
        return "<br>"
    attrs = []
    for name in INLINE_TAGS[tag]:
        value = el.get(name)
        if value is None or (name == "href" and not _SAFE_URL.match(value)):
            continue
        attrs.append(f' {name}="{escape(value)}"')
    return f"<{tag}{''.join(attrs)}>{inner}</{tag}>"


def sanitize_inline(fragment: str) -> str:
    """An inline HTML fragment reduced to the allow-listed tags (used for Markdown output)."""
    wrapper = lxml.html.fragment_fromstring(f"<div>{fragment}</div>")
    return _SPACE.sub(" ", inline_html(wrapper))
