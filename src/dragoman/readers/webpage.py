"""Any article page on the web into a workspace source (``dragoman fetch url``).

The page's main content is found with lxml: a WordPress-style ``.entry-content`` first (the
post body without title, byline and share buttons), else the ``<article>`` with the most
text, else ``<main>`` (or ``role="main"``), else ``<body>``. Metadata comes from ``<meta>``
tags, the canonical link and JSON-LD, read by the HTML reader's own ``page_metadata``, and
the date from a ``<time datetime>`` when no tag gives one.

Fetched reports are stored as HTML sources the HTML reader reads back: a ``<head>`` with
``<title>`` and ``<meta name="dragoman:KEY" content>`` (title, date, slug, url, id) and a body
whose ``<article>`` holds an ``<h1>`` title and the content.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from html import escape
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

from dragoman.errors import InputError
from dragoman.readers.frontmatter import parse_date, slugify
from dragoman.readers.html import page_metadata

#: Elements that are never report text; dropped before the content is stored.
NOT_CONTENT = ("script", "style", "noscript", "template", "iframe", "form", "svg", "nav", "button",
               "input", "select", "textarea", "object", "embed")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_ENTRY_CONTENT = "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]"


def parse_page(html: str | bytes, url: str = "") -> tuple[dict[str, str], str]:
    """``(fields, content_html)`` of an article page: metadata keys (title, date, url, author,
    slug) and the cleaned inner HTML of its main content. Bytes are decoded by lxml from the
    page's own ``<meta charset>``."""
    if isinstance(html, str):
        html = re.sub(r"\A\s*<\?xml[^>]*\?>", "", html)
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"not parseable as HTML: {exc}", url or "<page>") from None
    fields = {key: value for key, (value, _) in page_metadata(doc).items()}
    content = main_content(doc)
    if content is None:
        raise InputError("no article content found (no .entry-content, article, main or body)",
                         url or "<page>")
    # Themes without metadata tags (WordPress core's own) still print the date in <time>.
    stamp = next(iter(doc.xpath("//article//time[@datetime] | //time[@datetime]")), None)
    if "date" not in fields and stamp is not None:
        fields["date"] = stamp.get("datetime").strip()
    heading = next(iter(doc.xpath("//h1")), None)
    if "title" not in fields and heading is not None:
        fields["title"] = " ".join(heading.text_content().split())
    _strip_non_content(content)
    # A heading inside the content that repeats the title is dropped: the source gets its own.
    for h1 in content.xpath(".//h1"):
        if " ".join(h1.text_content().split()) == fields.get("title"):
            h1.drop_tree()
    fields.setdefault("url", url)
    return fields, inner_html(content)


def main_content(doc):
    """The element holding the article body, or None for an empty document."""
    for candidates in (doc.xpath(_ENTRY_CONTENT), doc.xpath("//article"),
                       doc.xpath("//main") or doc.xpath("//*[@role='main']"), doc.xpath("//body")):
        if candidates:
            return max(candidates, key=lambda el: len(el.text_content().strip()))
    return None


def _strip_non_content(root) -> None:
    for el in root.xpath(" | ".join(f".//{tag}" for tag in NOT_CONTENT) + " | .//comment()"):
        if el.getparent() is not None:
            el.drop_tree() if isinstance(el.tag, str) else el.getparent().remove(el)


def inner_html(el) -> str:
    """The children of ``el`` serialized as HTML, characters written as themselves (no
    numeric entities), only ``&``, ``<`` and ``>`` escaped."""
    parts = [escape(el.text or "", quote=False)]
    for child in el:
        parts.append(lxml.html.tostring(child, encoding="unicode", with_tail=False))
        parts.append(escape(child.tail or "", quote=False))
    return "".join(parts).strip()


def workspace_slug(*candidates: str, fallback: str = "article") -> str:
    """The first candidate that makes an ASCII slug: a valid slug as it is, else a
    percent-decoded, slugified one; ``fallback`` when none has Latin letters or digits."""
    for candidate in candidates:
        text = unquote(candidate or "").strip().lower()
        if _SLUG.match(text):
            return text
        slug = slugify(text)
        if text and slug != "article":
            return slug
    return fallback


def url_slug(url: str) -> str:
    """The last non-empty path segment of ``url`` (without a file suffix)."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return re.sub(r"\.(html?|php|aspx?)\Z", "", segments[-1]) if segments else ""


def source_document(fields: dict[str, str], content_html: str, lang: str = "en") -> str:
    """A workspace source: an HTML page the HTML reader reads back with the same metadata.

    ``fields`` holds the front-matter keys (title, date, slug, url, author, id) and any
    ``namespace:key`` extras, kept as ``<meta>`` tags the reader ignores.
    """
    title = fields.get("title", "")
    metas = "".join(
        f'<meta name="{escape(key if ":" in key else "dragoman:" + key)}" content="{escape(value)}">\n'
        for key, value in fields.items() if value)
    heading = f"<h1>{escape(title, quote=False)}</h1>\n" if title else ""
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title, quote=False)}</title>\n{metas}</head>\n<body>\n<article>\n"
            f"{heading}{content_html.strip()}\n</article>\n</body>\n</html>\n")


def iso_date(value: str, where: str) -> str:
    """An ISO 8601 timestamp with offset (UTC when the value has none)."""
    parsed: datetime = parse_date(value, where, None)
    return parsed.astimezone(timezone.utc).isoformat() if parsed.tzinfo else parsed.isoformat()


def page_source(html: str | bytes, url: str, lang: str = "en") -> tuple[str, str]:
    """``(slug, source_text)`` for the article page ``html`` fetched from ``url``."""
    fields, content = parse_page(html, url)
    if not content and not fields.get("title"):
        raise InputError("the page has no article text", url)
    slug = workspace_slug(fields.get("slug", ""), url_slug(fields.get("url", "")), url_slug(url),
                          fields.get("title", ""))
    out = {"title": fields.get("title", ""), "slug": slug, "url": fields.get("url", url),
           "author": fields.get("author", "")}
    if fields.get("date"):
        try:
            out["date"] = iso_date(fields["date"], url)
        except InputError:
            pass  # an unparseable page date is not the report's fault; leave it out
    return slug, source_document(out, content, lang)


def fetch_page(session, url: str, lang: str = "en") -> tuple[str, str]:
    """Download ``url`` through the shared HTTP session and make it a source."""
    response = session.get(url, headers={"Accept": "text/html,application/xhtml+xml"})
    declared = "charset" in response.headers.get("Content-Type", "").lower()
    return page_source(response.text if declared else response.content, response.url or url, lang)
