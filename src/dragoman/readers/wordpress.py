"""WordPress posts (REST API ``/wp-json/wp/v2/posts``) into workspace sources.

What the REST API hands out needs care (verified against WordPress 6.1):
- ``title.rendered`` and ``content.rendered`` are *texturized* HTML: ``SOHR's`` arrives as
  ``SOHR&#8217;s``, ``&`` as ``&#038;``. Sources store the characters themselves (’ “ ” — …),
  with only ``&``, ``<`` and ``>`` escaped, so glossary matching and translators see text.
- ``date`` is site-local time without an offset; ``date_gmt`` is UTC and is what we keep.
- Non-ASCII slugs come percent-encoded (``%d9%82...``); they are decoded. The workspace slug
  (which names the PO files) must be ASCII: a post whose slug has no Latin letters is stored
  as ``post-<id>``; its decoded WordPress slug is kept as ``wordpress:slug``.
- Listing pages hold at most 100 posts; ``X-WP-TotalPages`` says how many pages there are.

Incremental fetching: ``.dragoman/wordpress-sources.json`` in the workspace maps each site's
post ids to the source file written, the post's ``modified_gmt`` and the file's hash. A later
fetch asks only for posts modified after the newest one seen (``modified_after``), rewrites a
file only when the post changed, keeps the file (and so the catalogs' slug) when WordPress
renames the slug, and never overwrites a source edited locally unless forced.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import lxml.html

from dragoman.errors import HttpError, InputError
from dragoman.fileio import JsonRecord, atomic_write_text
from dragoman.http import NotFoundError
from dragoman.readers.frontmatter import parse_date
from dragoman.readers.webpage import inner_html, source_document, workspace_slug

POST_FIELDS = ("id", "date_gmt", "modified_gmt", "link", "slug", "title", "content", "author")
#: The REST API's maximum page size (101 is refused with 400).
PER_PAGE = 100
STATE_FILE = Path(".dragoman") / "wordpress-sources.json"


class WordPressClient:
    """The REST API of one site, through the shared HTTP session.

    Sites without pretty permalinks have no ``/wp-json/`` path; the API then answers at
    ``/?rest_route=``. The first 404 for ``/wp-json/`` switches to that form.
    """

    def __init__(self, site: str, session, auth=None, per_page: int = PER_PAGE):
        self.site = site.rstrip("/")
        self.session = session
        self.auth = auth
        self.per_page = per_page
        self._pretty = True
        #: Items of the listing being paged (X-WP-Total), once its first page is in.
        self.listed = 0

    def url(self, route: str) -> str:
        route = "/" + route.strip("/")
        return f"{self.site}/wp-json{route}" if self._pretty else f"{self.site}/?rest_route={route}"

    def call(self, method: str, route: str, **kwargs):
        try:
            response = self.session.request(method, self.url(route), auth=self.auth, **kwargs)
        except NotFoundError as exc:
            if not self._pretty or "rest_no_route" in str(exc) or "rest_post_invalid_id" in str(exc):
                raise
            self._pretty = False
            response = self.session.request(method, self.url(route), auth=self.auth, **kwargs)
        kind = response.headers.get("Content-Type", "").split(";")[0].strip()
        if not kind.endswith("json"):
            raise HttpError(f"not a WordPress REST API at {self.site} ({response.url} answered "
                            f"{kind or 'without a content type'}, not JSON)", self.site)
        return response

    def get(self, route: str, params=None):
        return self.call("GET", route, params=params)

    def pages(self, route: str, params: dict):
        """Every item of a paged listing, following ``X-WP-TotalPages``."""
        page, total = 1, 1
        while page <= total:
            response = self.get(route, {**params, "per_page": self.per_page, "page": page})
            items = response.json()
            if not isinstance(items, list):
                raise InputError(f"expected a list of posts, got {type(items).__name__}", response.url)
            self.listed = int(response.headers.get("X-WP-Total") or len(items))
            yield from items
            total = int(response.headers.get("X-WP-TotalPages") or 1)
            page += 1


@dataclass(frozen=True)
class Post:
    """One post as a source needs it: text unescaped, date in UTC, slug decoded."""

    id: int
    slug: str
    title: str
    content_html: str
    date: datetime | None
    modified_gmt: str
    link: str
    #: A password-protected post: the API hands out no content without the password.
    protected: bool = False


def parse_post(data: dict, site: str = "") -> Post:
    """A REST API post object (``_fields`` as in POST_FIELDS) into a :class:`Post`."""
    where = data.get("link") or f"{site} post {data.get('id')}"
    try:
        post_id = int(data["id"])
        title_html = (data.get("title") or {}).get("rendered", "")
        content = (data.get("content") or {}).get("rendered", "")
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InputError("not a WordPress post object (no id, title or content)", where) from None
    date_gmt = data.get("date_gmt")
    date = parse_date(date_gmt, where, None).replace(tzinfo=timezone.utc) if date_gmt else None
    return Post(id=post_id, slug=unquote(data.get("slug") or ""), title=plain_text(title_html),
                content_html=unescape_html(content), date=date,
                modified_gmt=data.get("modified_gmt") or "", link=data.get("link") or "",
                protected=bool((data.get("content") or {}).get("protected")))


def plain_text(fragment: str) -> str:
    """A rendered title as text: tags removed, entities (curly quotes, dashes) decoded."""
    if not fragment.strip():
        return ""
    text = lxml.html.fragment_fromstring(fragment, create_parent="div").text_content()
    return " ".join(unescape(text).split())


def unescape_html(fragment: str) -> str:
    """Rendered HTML with every entity turned into its character (``&#8220;`` into “)."""
    if not fragment.strip():
        return ""
    wrapper = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return inner_html(wrapper)


def post_source(post: Post, slug: str, lang: str = "en") -> str:
    """The workspace source text of ``post`` stored under the workspace slug ``slug``."""
    fields = {"title": post.title, "date": post.date.isoformat() if post.date else "",
              "slug": slug, "url": post.link, "id": str(post.id),
              "wordpress:slug": post.slug, "wordpress:modified_gmt": post.modified_gmt}
    return source_document(fields, post.content_html, lang)


def fetch_posts(client: WordPressClient, *, since: str | None = None, post_id: int | None = None,
                slug: str | None = None):
    """The site's published posts as :class:`Post` objects, in id order.

    ``since`` (ISO 8601, UTC if no offset) asks only for posts modified after it; ``post_id``
    and ``slug`` ask for one post.
    """
    fields = ",".join(POST_FIELDS)
    if post_id is not None:
        yield parse_post(client.get(f"/wp/v2/posts/{post_id}", {"_fields": fields}).json(), client.site)
        return
    # Paging needs a unique sort key: posts saved in the same second tie on `modified`, and
    # MySQL may then order them differently on each page, skipping some and repeating others.
    params = {"_fields": fields, "orderby": "id", "order": "asc"}
    if slug:
        params["slug"] = slug
    if since:
        params["modified_after"] = parse_date(since, "--since", None).isoformat()
    for item in client.pages("/wp/v2/posts", params):
        yield parse_post(item, client.site)


@dataclass
class FetchReport:
    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    #: (path, reason) of posts not written because a local file would have been overwritten.
    refused: list[tuple[Path, str]] = field(default_factory=list)
    #: (post URL, reason) of posts that are not report text to fetch (password-protected).
    skipped: list[tuple[str, str]] = field(default_factory=list)


class SourceState(JsonRecord):
    """The workspace's record of fetched posts: ``{site: {post id: entry}}``, written atomically."""

    what = "fetch record"

    def __init__(self, root: Path):
        super().__init__(root / STATE_FILE)

    def site(self, site: str) -> dict:
        return self.data.setdefault(site.rstrip("/"), {})



def sync_posts(client: WordPressClient, root: Path, sources_dir: Path, *, since: str | None = None,
               post_id: int | None = None, slug: str | None = None, force: bool = False,
               lang: str = "en", progress=None) -> FetchReport:
    """Write the site's posts as sources under ``sources_dir``; see the module docstring.
    ``progress(done, total)`` counts posts (the total as the site's listing gives it)."""
    state = SourceState(root)
    known = state.site(client.site)
    if since is None and post_id is None and slug is None and known:
        # `modified_after` is exclusive and counts in whole seconds: start one second before the
        # newest change seen, so a post saved in that same second is not missed.
        # A post not written last time (edited locally) is asked for again until it is.
        newest = max(parse_date(entry["modified_gmt"], client.site, None) for entry in known.values())
        waiting = [parse_date(entry["refused_gmt"], client.site, None) for entry in known.values()
                   if entry.get("refused_gmt")]
        since = (min([newest, *waiting]) - timedelta(seconds=1)).isoformat()
    report = FetchReport()
    taken = {entry["path"] for entry in known.values()}
    for done, post in enumerate(fetch_posts(client, since=since, post_id=post_id, slug=slug)):
        if progress:
            progress(done, max(client.listed, done + 1))
        entry = known.get(str(post.id))
        if post.protected:
            report.skipped.append((post.link or f"post {post.id}", "password-protected"))
            continue
        if entry:
            path = root / entry["path"]
            source_slug = Path(entry["path"]).stem
        else:
            source_slug = _free_slug(workspace_slug(post.slug, post.title, fallback=f"post-{post.id}"),
                                     post.id, sources_dir, root, taken)
            path = sources_dir / f"{source_slug}.html"
        text = post_source(post, source_slug, lang)
        digest = _sha256(text)
        on_disk = _sha256_file(path)
        if entry and on_disk == digest:
            report.unchanged.append(path)
        elif on_disk is not None and not force and (not entry or on_disk != entry["sha256"]):
            reason = ("edited locally since it was fetched; use --force to overwrite"
                      if entry else "a source with this name exists and was not fetched from this site")
            report.refused.append((path, reason))
            if entry:
                entry["refused_gmt"] = post.modified_gmt
                state.save()
            continue
        else:
            atomic_write_text(path, text)
            (report.updated if entry else report.created).append(path)
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        known[str(post.id)] = {"path": relative, "modified_gmt": post.modified_gmt, "sha256": digest,
                               "wordpress_slug": post.slug}
        taken.add(relative)
        state.save()
    return report


def _free_slug(slug: str, post_id: int, sources_dir: Path, root: Path, taken: set[str]) -> str:
    """``slug``, or ``slug-<id>`` when another post or source already uses the name."""
    def used(name: str) -> bool:
        path = sources_dir / f"{name}.html"
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        return rel in taken or any(sources_dir.glob(f"{name}.*"))
    return slug if not used(slug) else f"{slug}-{post_id}"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None

