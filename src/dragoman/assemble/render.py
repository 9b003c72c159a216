"""Render an :class:`Edition` as a complete HTML page, a Markdown file or plain text.

Every function returns ``str``; writing is the publisher's job (``dragoman.publish.site``).
The HTML page comes from a Jinja2 template with autoescaping: the shipped one lives in
``dragoman/data/templates/``, and a workspace's ``templates/`` folder replaces any of its files.
Only sanitized fragments (``EditionBlock.html``) are marked safe.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Sequence

from markupsafe import Markup

from dragoman import locales
from dragoman.assemble.bidi import FSI, LRI, PDI, isolate_html, isolate_text
from dragoman.assemble.localize import floor_percent, format_date, format_percent, labels
from dragoman.assemble.merge import Edition, EditionBlock
from dragoman.assemble.sanitize import safe_url

TEMPLATES_FOLDER = "templates"
_BLOCK_TAGS = {"paragraph": "p", "quote": "blockquote", "caption": "p", "list-item": "li"}


@dataclass(frozen=True)
class Alternate:
    """One edition of an article as the other editions link to it."""

    lang: str
    hreflang: str
    og_locale: str
    name: str
    url: str
    path: str  # from the site root, e.g. ``ar/sample-report/index.html``


def edition_path(lang: str, slug: str) -> str:
    return f"{lang}/{slug}/index.html"


def edition_url(site_url: str, lang: str, slug: str) -> str:
    """Absolute URL of an edition (site-relative when the workspace names no site URL)."""
    return f"{site_url.rstrip('/')}/{lang}/{slug}/" if site_url else f"/{lang}/{slug}/"


def alternates_for(workspace, article_slug: str, langs: Sequence[str]) -> list[Alternate]:
    """The alternates of an article's editions in ``langs``; the same list on every edition."""
    out = []
    for lang in langs:
        info = _locale(workspace, lang)
        out.append(Alternate(lang, info.hreflang, info.og_locale, info.native_name,
                             edition_url(workspace.site_url if workspace else "", lang, article_slug),
                             edition_path(lang, article_slug)))
    return out


def templates_dir(workspace) -> Path | None:
    if workspace is None:
        return None
    folder = workspace.root / TEMPLATES_FOLDER
    return folder if folder.is_dir() else None


def environment(workspace=None):
    """The Jinja2 environment: the workspace's templates first, then the shipped ones."""
    return _environment(str(templates_dir(workspace) or ""))


@cache
def _environment(override: str):
    import jinja2

    loaders = [jinja2.FileSystemLoader(override)] if override else []
    loaders.append(jinja2.PackageLoader("dragoman", "data/templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["json_script"] = json_script
    return env


def json_script(data) -> Markup:
    """JSON safe inside ``<script type="application/ld+json">`` (no ``</script>`` escape)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_html(
    edition: Edition,
    workspace=None,
    *,
    alternates: Sequence[Alternate] = (),
    root: str = "",
) -> str:
    """A complete page for ``edition``. ``alternates`` lists every edition of the article
    (this one and the source included); ``root`` is the relative path from the page to the
    site root (``../../`` for ``<lang>/<slug>/index.html``)."""
    info = _locale(workspace, edition.lang)
    source_info = _locale(workspace, edition.article.lang)
    words = labels(edition.lang, templates_dir(workspace))
    url = edition_url(workspace.site_url if workspace else "", edition.lang, edition.slug)
    original_url = safe_url(edition.article.meta.url)
    source_alt = next((a for a in alternates if a.lang == edition.article.lang), None)
    completion = format_percent(floor_percent(edition.completion), info)
    date = edition.article.meta.date
    context = {
        "lang": info.code,
        "dir": info.direction,
        "rtl": info.rtl,
        "title": plain_title(edition, info.rtl),
        "description": summary(edition, info.rtl),
        "heading": _heading(edition, info.rtl),
        "blocks": _blocks(edition.body, info.rtl),
        "date_iso": iso_datetime(date) if date else "",
        "date_text": format_date(date, info) if date else "",
        "url": url,
        "root": root,
        "stylesheet": f"{root}assets/dragoman.css",
        "alternates": list(alternates),
        "x_default": source_alt,
        "og_locale": info.og_locale,
        "og_alternates": [a.og_locale for a in alternates if a.lang != edition.lang],
        "site_name": workspace.site_name_for(edition.lang) if workspace else "",
        "original_url": original_url,
        "original_lang": source_info.code,
        "is_source": edition.is_source,
        "translators": [person(t) for t in edition.translators],
        "draft": edition.draft and not edition.complete,
        "draft_text": words["draft"].replace("{completion}", completion),
        "completion": completion,
        "has_fallback": any(not b.translated for b in edition.blocks),
        "labels": words,
        "json_ld": _json_ld(edition, info, url, original_url, alternates, workspace),
    }
    return environment(workspace).get_template("edition.html").render(context)


def render_markdown(edition: Edition, workspace=None) -> str:
    """A Markdown file with YAML front matter for Hugo, Pelican (with a YAML reader) or Jekyll.

    The shared ASCII slug is the ``translationKey``, so the generators link the editions.
    The body is CommonMark without raw HTML (Hugo drops raw HTML by default): Latin runs in
    right-to-left text are isolated with FSI…PDI instead of ``<bdi>``.
    """
    info = _locale(workspace, edition.lang)
    meta = edition.article.meta
    front = {
        "title": plain_title(edition, info.rtl),
        "date": iso_datetime(meta.date) if meta.date else None,
        "lang": info.code,
        "dir": info.direction,
        "slug": edition.slug,
        "translationKey": edition.slug,
        "original_url": safe_url(meta.url) or None,
        "translation_of": None if edition.is_source else edition.article.lang,
        "translators": [person(t) for t in edition.translators],
        "completion": round(edition.completion, 4),
        "draft": edition.draft and not edition.complete,
    }
    lines = ["---"]
    for key, value in front.items():
        if value is None:
            continue
        if key == "date":
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + _join_blocks(
        [(b.kind, _markdown_block(b, info.rtl)) for b in edition.body]) + "\n"


def render_text(edition: Edition, workspace=None) -> str:
    """The edition as plain text: title, date, then one paragraph per block."""
    info = _locale(workspace, edition.lang)
    head = [("title", plain_title(edition, info.rtl))]
    if edition.article.meta.date:
        head.append(("date", format_date(edition.article.meta.date, info)))
    body = [(b.kind, ("- " if b.kind == "list-item" else "") + block_text(b, info.rtl, markdown=False))
            for b in edition.body]
    return _join_blocks(head + body) + "\n"


# -- helpers -------------------------------------------------------------------------------

def _locale(workspace, lang: str) -> locales.LocaleInfo:
    return workspace.locale(lang) if workspace is not None else locales.get(lang)


def iso_datetime(value: datetime) -> str:
    """ISO 8601 with an offset (a date without a zone is taken as UTC)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
    return value.isoformat()


def _join_blocks(blocks: list[tuple[str, str]]) -> str:
    """Blocks separated by a blank line; consecutive list items by a line break only."""
    out: list[str] = []
    previous = ""
    for kind, text in blocks:
        if not text.strip(" -"):
            continue
        if out:
            out.append("\n" if kind == previous == "list-item" else "\n\n")
        out.append(text)
        previous = kind
    return "".join(out)


def plain_title(edition: Edition, rtl: bool) -> str:
    """The title for plain-text contexts (``<title>``, meta, JSON-LD, feeds, front matter):
    in rtl editions Latin runs FSI-isolated, or the whole title LRI-isolated when it stayed in
    the source language (isolating its runs one by one would reverse their order)."""
    if not rtl:
        return edition.title
    block = edition.title_block
    if block is not None and block.dir:
        return f"{LRI if block.dir == 'ltr' else FSI}{edition.title}{PDI}"
    return isolate_text(edition.title)


def _heading(edition: Edition, rtl: bool) -> dict:
    block = edition.title_block
    if block is None:
        block = EditionBlock("title", str(Markup.escape(edition.title)))
    return _view(block, rtl)


def _view(block: EditionBlock, rtl: bool) -> dict:
    """What the template needs of one block: its fragment (Latin runs isolated in rtl text)
    and, for a block left in the source language as a whole, that language and direction."""
    isolate = rtl and not block.dir
    return {"html": Markup(isolate_html(block.html) if isolate else block.html),
            "lang": block.lang, "dir": block.dir, "kind": block.kind}


def _blocks(blocks: Sequence[EditionBlock], rtl: bool) -> list[dict]:
    """Blocks for the template; consecutive list items are grouped into one list."""
    out: list[dict] = []
    for block in blocks:
        view = _view(block, rtl)
        if block.kind == "list-item":
            if out and out[-1]["tag"] == "ul":
                out[-1]["entries"].append(view)
            else:
                out.append({"tag": "ul", "kind": "list", "html": Markup(""), "lang": "", "dir": "",
                            "entries": [view]})
            continue
        tag = f"h{min(max(block.level, 2), 6)}" if block.kind == "heading" else _BLOCK_TAGS.get(block.kind, "p")
        out.append({**view, "tag": tag, "entries": []})
    return out


def person(credit: str) -> str:
    """``Name <email>`` -> ``Name``: a page credits translators, it does not publish addresses."""
    return re.sub(r"\s*<[^>]*>\s*", " ", credit).strip()


def _json_ld(edition, info, url, original_url, alternates, workspace) -> dict:
    meta = edition.article.meta
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "headline": plain_title(edition, info.rtl),
        "inLanguage": info.code,
    }
    if meta.date:
        data["datePublished"] = iso_datetime(meta.date)
    site_name = workspace.site_name_for(edition.lang) if workspace is not None else ""
    if site_name:
        data["publisher"] = {"@type": "Organization", "name": site_name}
    if edition.is_source:
        others = [a for a in alternates if a.lang != edition.lang]
        if others:
            data["workTranslation"] = [
                {"@type": "NewsArticle", "@id": a.url, "inLanguage": a.lang} for a in others]
    else:
        source = next((a for a in alternates if a.lang == edition.article.lang), None)
        original = original_url or (source.url if source else "")
        work = {"@type": "NewsArticle", "inLanguage": edition.article.lang,
                "headline": edition.article.title}
        if original:
            work.update({"@id": original, "url": original})
        data["translationOfWork"] = work
        if edition.translators:
            data["translator"] = [{"@type": "Person", "name": person(t)} for t in edition.translators]
    return data


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")
_NEWLINES = re.compile(r"\s*\n\s*")
_KIND_PREFIX = {"quote": "> ", "list-item": "- "}


def _markdown_block(block: EditionBlock, rtl: bool) -> str:
    text = block_text(block, rtl, markdown=True)
    if not text:
        return ""
    text = _MD_LINE_START.sub(lambda m: m.group(1) + (
        m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), text)
    if block.kind == "heading":
        return "#" * min(max(block.level, 2), 6) + " " + text
    return _KIND_PREFIX.get(block.kind, "") + text


def summary(edition: Edition, rtl: bool, limit: int = 300) -> str:
    """The first paragraph as plain text (isolated for rtl), cut at a word near ``limit``."""
    text = next((block_text(b, rtl) for b in edition.body if b.kind == "paragraph"), "")
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if not text[limit].isspace():  # do not end inside a word
        cut = cut.rsplit(" ", 1)[0]
    return _balance_isolates(cut.rstrip()) + "…"


def _balance_isolates(text: str) -> str:
    """Close isolates a cut left open, so the rest of a page or feed is not swallowed."""
    opened = sum(text.count(c) for c in (FSI, LRI, "\u2067")) - text.count(PDI)
    return text + PDI * max(opened, 0)


def block_text(block: EditionBlock, rtl: bool, markdown: bool = False) -> str:
    """A block as Markdown or text; a block left in the source language is isolated whole."""
    text = _inline(block.html, rtl and not block.dir, markdown).strip()
    if text and rtl and block.dir:
        text = f"{LRI if block.dir == 'ltr' else FSI}{text}{PDI}"
    return text


def _inline(fragment: str, rtl: bool, markdown: bool) -> str:
    """A sanitized inline fragment as Markdown (``markdown``) or plain text."""
    if not fragment:
        return ""
    import lxml.html

    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return _walk(root, rtl, markdown, isolated=False)


def _walk(node, rtl: bool, markdown: bool, isolated: bool) -> str:
    tag = node.tag if isinstance(node.tag, str) else ""
    direction = node.get("dir")
    inner_isolated = isolated or tag == "bdi" or direction is not None
    parts = [_text(node.text, rtl, markdown, inner_isolated)]
    for child in node:
        parts.append(_walk(child, rtl, markdown, inner_isolated))
        parts.append(_text(child.tail, rtl, markdown, isolated))
    inner = "".join(parts)
    if tag == "br":
        return "\\\n" if markdown else "\n"
    if rtl and not isolated and (tag == "bdi" or direction):
        opener = {"ltr": LRI, "rtl": "\u2067"}.get(direction or "", FSI)
        inner = f"{opener}{inner}{PDI}"
    if not markdown:
        return inner
    if tag in ("em", "i", "strong", "b") and inner.strip():
        mark = "*" if tag in ("em", "i") else "**"
        lead, core, trail = re.match(r"(\s*)(.*?)(\s*)$", inner, re.S).groups()
        return f"{lead}{mark}{core}{mark}{trail}"
    href = node.get("href") if tag == "a" else None
    if href:
        target = href.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
        return f"[{inner}](<{target}>)"
    return inner


def _text(text: str | None, rtl: bool, markdown: bool, isolated: bool) -> str:
    if not text:
        return ""
    text = _NEWLINES.sub(" ", text)
    if rtl and not isolated:
        text = isolate_text(text)
    return _MD_SPECIAL.sub(r"\\\1", text) if markdown else text
