"""The static site: every edition as a page, Markdown and text, plus what makes a site of them.

Layout under the workspace's output folder::

    <lang>/<slug>/index.html          the edition page (lang/dir, hreflang set, og:locale, JSON-LD)
    <lang>/<slug>.md, <lang>/<slug>.txt
    content/<lang>/<section>/<slug>.md  for Hugo, Pelican, Jekyll (shared slug = translationKey)
    <lang>/index.html, <lang>/feed.atom  per-language index and Atom feed (xml:lang)
    sitemap.xml                        every edition with xhtml:link alternates
    index.html                         articles by language with each edition's completion
    assets/dragoman.css

Render functions return ``str``; :func:`build_site` writes, atomically, and only inside the
output folder (a slug or section that would lead elsewhere is refused).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from dragoman.assemble.localize import floor_percent, format_date, format_percent, labels
from dragoman.assemble.merge import Edition, merge
from dragoman.assemble.render import (
    alternates_for, edition_url, environment, iso_datetime, person, plain_title, render_html,
    render_markdown, render_text, summary, templates_dir,
)
from dragoman.errors import AssembleError
from dragoman.fileio import atomic_write_text
from dragoman.model import Article

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_SECTION = "reports"
STYLESHEET = "assets/dragoman.css"
#: The output folder's record of the files dragoman wrote there (and of their articles).
SITE_RECORD = ".dragoman-site.json"
#: A path component dragoman writes: ASCII, no leading dot, nothing that climbs out.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def build_site(
    workspace,
    articles: Sequence[Article],
    editions_by_lang: Mapping[str, Sequence[Edition]],
    draft: bool = False,
) -> SiteFiles:
    """Write the whole site for ``articles`` and their editions; return its files (and the
    articles withdrawn since the last build, whose files are removed).

    ``editions_by_lang`` maps a language to the editions built in it (an edition refused by
    ``merge`` is simply absent). A source-language edition missing from it is made here.
    Unless ``draft`` is true, an edition below its threshold (a draft) is refused. Every path
    is checked before anything is written; pages are written one by one (atomically, and only
    when their content changed), so memory stays flat on large workspaces.
    """
    out = OutputFolder(workspace.output_dir)
    safe = out.path
    editions = _by_article(articles, editions_by_lang)
    plan = []
    for slug, per_lang in editions.items():
        for lang in _ordered_langs(workspace, per_lang):
            edition = per_lang[lang]
            if not draft and not edition.complete:
                raise AssembleError(
                    f"the {lang} edition of {slug!r} is a draft ({edition.completion:.0%} "
                    "translated); build with --draft to publish drafts", edition.article.path)
            section = str(edition.article.meta.extra.get("section") or DEFAULT_SECTION)
            plan.append((edition, safe(lang, slug, "index.html"), safe(lang, f"{slug}.md"),
                         safe(lang, f"{slug}.txt"), safe("content", lang, section, f"{slug}.md")))
    written: list[Path] = []

    def write(path: Path, text: str) -> None:
        if not (path.is_file() and path.read_text("utf-8") == text):
            atomic_write_text(path, text, durable=False)
        written.append(path)

    alternates = {slug: alternates_for(workspace, slug, _ordered_langs(workspace, per_lang))
                  for slug, per_lang in editions.items()}
    for edition, page, markdown_path, text_path, content_path in plan:
        markdown = render_markdown(edition, workspace)
        write(page, render_html(edition, workspace, alternates=alternates[edition.slug], root="../../"))
        write(markdown_path, markdown)
        write(text_path, render_text(edition, workspace))
        write(content_path, markdown)
    modified = {a.slug: _modified(a) for a in articles}
    site_langs = _ordered_langs(workspace, {l: None for e in editions.values() for l in e})
    for lang in site_langs:
        in_lang = [per_lang[lang] for per_lang in editions.values() if lang in per_lang]
        write(safe(lang, "index.html"), render_language_index(workspace, lang, in_lang, site_langs))
        write(safe(lang, "feed.atom"), render_feed(workspace, lang, in_lang, modified))
    write(safe("sitemap.xml"), render_sitemap(workspace, editions))
    write(safe("index.html"), render_root_index(workspace, editions))
    write(safe(*STYLESHEET.split("/")), stylesheet(workspace))
    owners = {page: e.slug for e, *files in plan for page in files}
    retracted = _remove_stale(out, {out.relative(p): owners.get(p, "") for p in written})
    return SiteFiles(written, retracted)


@dataclass
class SiteFiles:
    """What :func:`build_site` did: the files of the site, and the slugs of the articles an
    earlier build published that are gone from the sources (their files removed)."""

    written: list[Path]
    retracted: list[str]


def safe_path(out: Path, *parts: str) -> Path:
    """``out/part/...``, refusing any component that is not a plain name or that resolves
    outside ``out`` (``..``, absolute paths, hidden names, symlinks leading elsewhere)."""
    return OutputFolder(out).path(*parts)


class OutputFolder:
    """Paths inside one output folder, each checked; folders already resolved are remembered
    for the life of the object (one build), so a large site costs one ``realpath`` per folder."""

    def __init__(self, root: Path):
        self.root = root
        self._real_root = root.resolve()
        self._inside: dict[Path, bool] = {}

    def path(self, *parts: str) -> Path:
        for part in parts:
            if not _SAFE_NAME.fullmatch(part) or ".." in part:
                raise AssembleError(f"refusing to write {part!r}: not a safe file or folder name "
                                    "(ASCII letters, digits, '.', '_', '-')", self.root)
        path = self.root.joinpath(*parts)
        inside = self._inside.get(path.parent)
        if inside is None:
            inside = self._inside[path.parent] = path.parent.resolve().is_relative_to(self._real_root)
        # the last component is a plain name and writes replace it, never follow it
        if not inside:
            raise AssembleError(f"refusing to write outside the output folder: {path}", self.root)
        return path

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def render_language_index(workspace, lang: str, editions: Sequence[Edition],
                          site_langs: Sequence[str] = ()) -> str:
    """``<lang>/index.html``: the language's editions, newest first."""
    info = workspace.locale(lang)
    words = labels(lang, templates_dir(workspace))
    items = []
    for edition in _newest_first(editions):
        date = edition.article.meta.date
        items.append({
            "title": edition.title,
            "href": f"{edition.slug}/index.html",
            "date_iso": iso_datetime(date) if date else "",
            "date_text": format_date(date, info) if date else "",
            "completion": format_percent(floor_percent(edition.completion), info),
            "complete": edition.completion >= 1.0,
        })
    languages = [{"lang": code, "name": workspace.locale(code).native_name,
                  "hreflang": workspace.locale(code).hreflang,
                  "href": f"../{code}/index.html", "path": f"{code}/index.html",
                  "url": f"{workspace.site_url.rstrip('/')}/{code}/" if workspace.site_url else f"/{code}/"}
                 for code in site_langs]
    return environment(workspace).get_template("language-index.html").render(
        lang=info.code, dir=info.direction, rtl=info.rtl, labels=words, items=items,
        languages=languages, site_name=workspace.site_name_for(lang), stylesheet=f"../{STYLESHEET}",
        heading=workspace.site_name_for(lang) or words["reports"], language_name=info.native_name)


def render_root_index(workspace, editions: Mapping[str, Mapping[str, Edition]]) -> str:
    """``index.html``: the original reports, then every edition by language with its date,
    translators and completion, each section written in its own language and direction."""
    sections = []
    for lang in _ordered_langs(workspace, {l: None for e in editions.values() for l in e}):
        info = workspace.locale(lang)
        words = labels(lang, templates_dir(workspace))
        entries = [per_lang[lang] for per_lang in editions.values() if lang in per_lang]
        sections.append({
            "lang": info.code, "dir": info.direction, "name": info.native_name,
            "english_name": info.english_name if info.english_name != info.native_name else "",
            "source": lang == workspace.source_language, "labels": words,
            "feed": f"{lang}/feed.atom", "index": f"{lang}/index.html",
            "items": [{
                "title": e.title, "href": f"{lang}/{e.slug}/index.html", "slug": e.slug,
                "date_iso": iso_datetime(e.article.meta.date) if e.article.meta.date else "",
                "date_text": format_date(e.article.meta.date, info) if e.article.meta.date else "",
                "translators": [person(t) for t in e.translators],
                "completion": format_percent(floor_percent(e.completion), info),
                "words": e.words, "translated_words": e.translated_words, "draft": not e.complete,
            } for e in _newest_first(entries)],
        })
    return environment(workspace).get_template("index.html").render(
        site_name=workspace.site_name, sections=sections, stylesheet=STYLESHEET)


def render_feed(workspace, lang: str, editions: Sequence[Edition],
                modified: Mapping[str, datetime] | None = None) -> str:
    """An Atom feed of the ``lang`` editions, ``xml:lang`` set, titles bidi-isolated.

    Atom needs an ``updated`` time for every entry: the publication date, else
    ``modified[slug]`` (when the source last changed), else the time of the build."""
    from lxml import etree

    info = workspace.locale(lang)
    base = f"{workspace.site_url.rstrip('/')}/{lang}/" if workspace.site_url else f"/{lang}/"
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    feed.set(XML_LANG, info.code)
    ordered = _newest_first(editions)
    modified = modified or {}
    now = datetime.now(timezone.utc)
    dates = [e.article.meta.date or modified.get(e.slug) or now for e in ordered]
    _sub(feed, "id", _feed_id(workspace, lang))
    site_name = workspace.site_name_for(lang) or "dragoman"
    _sub(feed, "title", f"{site_name} ({info.native_name})")
    _sub(feed, "updated", iso_datetime(max(dates, key=_aware) if dates else now))
    _sub(feed, "link", rel="self", href=f"{base}feed.atom")
    _sub(feed, "link", rel="alternate", href=base, hreflang=info.hreflang)
    author = _sub(feed, "author")
    _sub(author, "name", site_name)
    for edition, updated in zip(ordered, dates):
        url = edition_url(workspace.site_url, lang, edition.slug)
        date = edition.article.meta.date
        entry = _sub(feed, "entry")
        _sub(entry, "id", url if workspace.site_url else f"{_feed_id(workspace, lang)}:{edition.slug}")
        _sub(entry, "title", plain_title(edition, info.rtl))
        _sub(entry, "link", rel="alternate", href=url, hreflang=info.hreflang)
        if date:
            _sub(entry, "published", iso_datetime(date))
        _sub(entry, "updated", iso_datetime(updated))
        text = summary(edition, info.rtl)
        if text:
            _sub(entry, "summary", text)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def render_sitemap(workspace, editions: Mapping[str, Mapping[str, Edition]]) -> str:
    """``sitemap.xml``: each edition with ``xhtml:link`` alternates (itself and x-default too)."""
    from lxml import etree

    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for slug, per_lang in editions.items():
        langs = _ordered_langs(workspace, per_lang)
        alternates = alternates_for(workspace, slug, langs)
        source = next((a for a in alternates if a.lang == per_lang[langs[0]].article.lang), None)
        for alt in alternates:
            url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = alt.url
            date = per_lang[alt.lang].article.meta.date
            if date:
                etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = iso_datetime(date)
            for other in alternates:
                _alternate_link(url, other.hreflang, other.url)
            if source:
                _alternate_link(url, "x-default", source.url)
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def stylesheet(workspace) -> str:
    """The default stylesheet, or the workspace's ``templates/dragoman.css``."""
    env = environment(workspace)
    return env.loader.get_source(env, "dragoman.css")[0]


# -- helpers -------------------------------------------------------------------------------

def _by_article(articles: Sequence[Article],
                editions_by_lang: Mapping[str, Iterable[Edition]]) -> dict[str, dict[str, Edition]]:
    """slug -> lang -> edition, in the articles' order; the source edition made when absent."""
    known = {a.slug for a in articles}
    out: dict[str, dict[str, Edition]] = {a.slug: {} for a in articles}
    for lang, editions in editions_by_lang.items():
        for edition in editions:
            if edition.slug not in known:
                raise AssembleError(f"edition {lang}/{edition.slug} has no article", edition.article.path)
            out[edition.slug][lang] = edition
    for article in articles:
        if article.lang not in out[article.slug]:
            out[article.slug][article.lang] = merge(article, {}, article.lang)
    return out


def _modified(article: Article) -> datetime | None:
    """When the article's source file last changed (``None`` for an article not from a file)."""
    try:
        return datetime.fromtimestamp(Path(article.path).stat().st_mtime, timezone.utc)
    except (OSError, ValueError):
        return None


def _remove_stale(out: OutputFolder, files: dict[str, str]) -> list[str]:
    """Delete the files an earlier build wrote that this one did not (``files``: each file
    written now, relative, with the slug of its article or ""): editions refused or below
    the threshold, and every edition of a report withdrawn from the sources, so that nothing
    online outlives its report or links to an edition the alternates no longer list. The
    record of what was written (:data:`SITE_RECORD`) makes sure no other file is touched.
    Returns the slugs of the articles gone."""
    record = out.root / SITE_RECORD
    try:
        before = json.loads(record.read_text("utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        before = {}
    gone = set()
    for rel, slug in before.items() if isinstance(before, dict) else ():
        if rel in files:
            continue
        try:
            path = out.path(*rel.split("/"))
        except AssembleError:
            continue  # not a name this module writes: never touched
        path.unlink(missing_ok=True)
        if slug and slug not in files.values():
            gone.add(slug)
        folder = path.parent
        if folder != out.root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if files != before:
        atomic_write_text(record, json.dumps({"files": files}, indent=0, sort_keys=True) + "\n",
                          durable=False)
    return sorted(gone)


def _ordered_langs(workspace, present: Mapping[str, object]) -> list[str]:
    """Source language first, then the targets in workspace order, then anything else."""
    order = [workspace.source_language, *workspace.target_languages]
    return [l for l in order if l in present] + sorted(l for l in present if l not in order)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _newest_first(editions: Iterable[Edition]) -> list[Edition]:
    epoch = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(editions, key=lambda e: (_aware(e.article.meta.date) if e.article.meta.date else epoch,
                                           e.slug), reverse=True)


def _feed_id(workspace, lang: str) -> str:
    if workspace.site_url:
        return f"{workspace.site_url.rstrip('/')}/{lang}/feed.atom"
    return f"urn:dragoman:{workspace.root.name or 'site'}:{lang}"


def _sub(parent, tag: str, text: str | None = None, **attrs: str):
    from lxml import etree

    element = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = text
    return element


def _alternate_link(url, hreflang: str, href: str) -> None:
    from lxml import etree

    etree.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang, href=href)
