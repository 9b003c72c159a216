"""Finished editions as drafts on a target-language WordPress site.

Each article whose ``lang`` edition reaches the workspace's completion threshold is posted
through the REST API as a draft for an editor to review and publish. The post body is the
edition's article as rendered by ``dragoman.assemble`` (bidi isolation and sanitizing
included), wrapped in an element carrying ``lang`` and ``dir``, because a theme's own
direction cannot be trusted (Debian's Sorani WordPress translation leaves pages LTR).

Credentials are an application password, read from the environment
(``DRAGOMAN_WP_USER``/``DRAGOMAN_WP_APP_PASSWORD``) or from a ``~/.netrc`` entry for the
site's host, never from the command line, where they would end up in shell history.

Publishing is idempotent: ``.dragoman/wordpress-drafts.json`` maps (site, language, slug) to
the post id and the hash of what was sent; publishing again updates that post, and only
when the edition changed. Without a record (a fresh clone) a post with the article's slug is
looked up on the site before one is created, so nothing is ever posted twice.
"""

from __future__ import annotations

import hashlib
import netrc
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

from dragoman.errors import AssembleError, CatalogError, PublishError
from dragoman.fileio import JsonRecord
from dragoman.http import NotFoundError
from dragoman.readers.webpage import inner_html
from dragoman.readers.wordpress import WordPressClient

USER_ENV = "DRAGOMAN_WP_USER"
PASSWORD_ENV = "DRAGOMAN_WP_APP_PASSWORD"
STATE_FILE = Path(".dragoman") / "wordpress-drafts.json"
#: Every status a post we created may have by now (an editor may have published it).
ANY_STATUS = "draft,pending,private,future,publish"


def credentials(site: str, environ=os.environ) -> tuple[str, str]:
    """``(user, application password)`` from the environment, else from netrc."""
    user, password = environ.get(USER_ENV, ""), environ.get(PASSWORD_ENV, "")
    if user and password:
        return user, password
    if user or password:
        missing = PASSWORD_ENV if user else USER_ENV
        raise PublishError(f"{missing} is not set (set both {USER_ENV} and {PASSWORD_ENV})", site)
    host = urlsplit(site).hostname or ""
    netrc_path = environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    try:
        entry = netrc.netrc(netrc_path).authenticators(host) if os.path.exists(netrc_path) else None
    except (netrc.NetrcParseError, OSError) as exc:
        raise PublishError(f"cannot read {netrc_path}: {exc}", site) from None
    if entry and entry[0] and entry[2]:
        return entry[0], entry[2]
    raise PublishError(
        f"no credentials for {host}: set {USER_ENV} and {PASSWORD_ENV} (an application password "
        f"from the user's profile page) or add 'machine {host} login USER password APP_PASSWORD' "
        f"to {netrc_path}", site)


def post_body(page_html: str, lang: str, direction: str) -> str:
    """The body of a WordPress post from a rendered edition page: the ``<article>`` without
    its heading and dateline (WordPress shows title and date itself) plus the credits."""
    doc = lxml.html.document_fromstring(page_html)
    article = next(iter(doc.xpath("//article") or doc.xpath("//main")), None)
    if article is None:
        article = doc.body
    for el in article.xpath(".//h1 | .//*[contains(concat(' ', @class, ' '), ' dateline ')]"):
        el.drop_tree()
    footer = doc.xpath("//footer//p")
    # WordPress strips <bdi> from users without the unfiltered_html capability (kses allows
    # no such tag) but keeps `dir` on a <span>, which isolates just the same.
    for root in (article, *footer):
        for bdi in root.iter("bdi"):
            bdi.tag = "span"
            bdi.set("dir", bdi.get("dir") or "auto")
    parts = [inner_html(article)]
    parts += [lxml.html.tostring(p, encoding="unicode").strip() for p in footer]
    body = "\n".join(part for part in parts if part)
    return f'<div lang="{lang}" dir="{direction}">\n{body}\n</div>\n'


@dataclass
class PublishReport:
    created: list[tuple[str, int]] = field(default_factory=list)
    updated: list[tuple[str, int]] = field(default_factory=list)
    unchanged: list[tuple[str, int]] = field(default_factory=list)
    #: (slug, reason) of articles not published: incomplete, no catalog, ...
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: (slug, post id, status) of posts of ours whose article is gone from the sources
    #: (status after --unpublish-missing: "draft")
    missing: list[tuple[str, int, str]] = field(default_factory=list)


class DraftState(JsonRecord):
    """``{site: {lang: {slug: {"id": post id, "sha256": hash of title and body}}}}``."""

    what = "publishing record"

    def __init__(self, root: Path):
        super().__init__(root / STATE_FILE)

    def posts(self, site: str, lang: str) -> dict:
        return self.data.setdefault(site.rstrip("/"), {}).setdefault(lang, {})



def editions(workspace, lang: str):
    """``(slug, title, body_html)`` of every article whose ``lang`` edition is complete, and
    ``(slug, None, reason)`` for the others."""
    from dragoman.assemble import edition_for, render_html
    from dragoman.assemble.bidi import isolate_text
    from dragoman.catalog.po import read_po
    from dragoman.pipeline import read_source
    from dragoman.readers import discover

    info = workspace.locale(lang)
    for path in discover(workspace.sources_dir):
        article = read_source(workspace, path)
        po_path = workspace.po_path(lang, article.slug)
        if not po_path.exists():
            yield article.slug, None, f"no {lang} catalog ({po_path})"
            continue
        try:
            edition = edition_for(workspace, article, lang, read_po(po_path))
        except (AssembleError, CatalogError) as exc:
            yield article.slug, None, exc.message
            continue
        title = isolate_text(edition.title) if info.rtl else edition.title
        yield article.slug, title, post_body(render_html(edition, workspace), info.code, info.direction)


def publish_editions(client: WordPressClient, workspace, lang: str, *, status: str = "draft",
                     unpublish_missing: bool = False) -> PublishReport:
    """Post or update every complete ``lang`` edition; the record is saved after each post.

    Posts of ours whose article is no longer in the sources (a retracted report) are
    reported, never deleted; ``unpublish_missing`` moves those still online back to draft."""
    client.get("/wp/v2/users/me", {"_fields": "id"})  # wrong credentials fail here, before any work
    state = DraftState(workspace.root)
    known = state.posts(client.site, lang)
    report = PublishReport()
    present = set()
    for slug, title, body in editions(workspace, lang):
        present.add(slug)
        if title is None:
            report.skipped.append((slug, body))
            continue
        digest = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
        entry = known.get(slug)
        alive = entry is not None and _exists(client, entry["id"])
        if alive and entry["sha256"] == digest:
            report.unchanged.append((slug, entry["id"]))
            continue
        post_id = entry["id"] if alive else _find_by_slug(client, slug, lang)
        payload = {"title": title, "content": body}
        if post_id is None:
            answer = client.call("POST", "/wp/v2/posts", json={**payload, "slug": slug, "status": status})
            post_id = int(answer.json()["id"])
            report.created.append((slug, post_id))
        else:
            client.call("POST", f"/wp/v2/posts/{post_id}", json=payload)
            report.updated.append((slug, post_id))
        known[slug] = {"id": post_id, "sha256": digest}
        state.save()
    for slug, entry in sorted(known.items()):
        post_status = None if slug in present else _status(client, entry["id"])
        if post_status in (None, "trash"):
            continue
        if unpublish_missing and post_status != "draft":
            client.call("POST", f"/wp/v2/posts/{entry['id']}", json={"status": "draft"})
            post_status = "draft"
        report.missing.append((slug, entry["id"], post_status))
    return report


def _status(client: WordPressClient, post_id: int) -> str | None:
    """The post's status (``publish``, ``draft``, ``trash``...), None when it is deleted."""
    try:
        data = client.get(f"/wp/v2/posts/{post_id}", {"context": "edit", "_fields": "id,status"}).json()
    except NotFoundError:
        return None
    return data.get("status")


def _exists(client: WordPressClient, post_id: int) -> bool:
    """True unless the post is gone (deleted, or in the trash)."""
    return _status(client, post_id) not in (None, "trash")


def _find_by_slug(client: WordPressClient, slug: str, lang: str) -> int | None:
    """A post of ours for this article and language: its slug is the article's (or the
    ``-2``, ``-3``... WordPress gives a second post with the same slug when one site carries
    several languages) and its body starts with our ``<div lang="...">`` wrapper."""
    slugs = ",".join([slug, *(f"{slug}-{n}" for n in range(2, 10))])
    found = client.get("/wp/v2/posts", {"slug": slugs, "status": ANY_STATUS, "context": "edit",
                                        "_fields": "id,content", "per_page": 100}).json()
    marker = f'<div lang="{lang}"'
    for post in found:
        if ((post.get("content") or {}).get("raw") or "").lstrip().startswith(marker):
            return int(post["id"])
    return None
