"""WordPress in and out: REST posts into sources, editions out as drafts, article pages.

Unit tests cover the parsing rules on recorded REST shapes; the ``integration`` tests run
against a real WordPress (Debian's packages, MariaDB, ``php -S``) started on loopback for the
session, seeded with posts through its REST API.
"""

from __future__ import annotations

import json
import textwrap
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from conftest import IN_CI
from dragoman import http
from dragoman.cli import cli
from dragoman.errors import InputError, PublishError
from dragoman.publish.wordpress import credentials, post_body
from dragoman.readers import read_article, read_html
from dragoman.readers.webpage import page_source, parse_page, workspace_slug
from dragoman.readers.wordpress import WordPressClient, fetch_posts, parse_post, post_source, sync_posts

# What WordPress 6.1 returns for a post titled  SOHR's report -- "Idlib" & Hama  (verified).
TEXTURIZED = {
    "id": 7,
    "date_gmt": "2026-11-25T21:28:24",
    "modified_gmt": "2026-11-25T21:30:00",
    "slug": "%d9%82%d8%b5%d9%81-%d8%a5%d8%af%d9%84%d8%a8",
    "link": "http://127.0.0.1:8080/2026/11/25/%d9%82%d8%b5%d9%81-%d8%a5%d8%af%d9%84%d8%a8/",
    "title": {"rendered": "SOHR&#8217;s report &#8212; &#8220;Idlib&#8221; &#038; Hama"},
    "content": {"rendered": "<p>It&#8217;s a &#8220;test&#8221; &#8212; of 5&#8230; "
                            "<a href=\"https://example.org/?a=1&#038;b=2\">link</a> &amp; more</p>\n"},
}


# ---------------------------------------------------------------------------------------
# Parsing rules (no network)

def test_texturized_title_and_content_are_unescaped():
    post = parse_post(TEXTURIZED)
    assert post.title == "SOHR’s report — “Idlib” & Hama"
    assert "It’s a “test” — of 5…" in post.content_html
    assert "&#8" not in post.content_html and "&#038;" not in post.content_html
    assert 'href="https://example.org/?a=1&amp;b=2"' in post.content_html
    assert "&amp; more" in post.content_html  # still valid HTML


def test_date_comes_from_date_gmt_as_utc():
    post = parse_post({**TEXTURIZED, "date": "2026-11-26T00:28:24"})
    assert post.date == datetime(2026, 11, 25, 21, 28, 24, tzinfo=timezone.utc)


def test_percent_encoded_slug_is_decoded_and_workspace_slug_is_ascii():
    post = parse_post(TEXTURIZED)
    assert post.slug == "قصف-إدلب"
    assert workspace_slug(post.slug, fallback="post-7") == "post-7"
    assert workspace_slug("idlib-%d9%82%d8%b5%d9%81") == "idlib"
    assert workspace_slug("Shelling-on-Idlib") == "shelling-on-idlib"


def test_post_source_reads_back_with_its_metadata():
    post = parse_post(TEXTURIZED)
    article = read_html(post_source(post, "post-7"), "sources/post-7.html")
    assert article.slug == "post-7"
    assert article.meta.title == post.title
    assert article.meta.date == post.date
    assert article.meta.url == post.link
    assert article.meta.extra["id"] == "7"
    assert article.blocks[0].kind == "title"
    assert "It’s a “test”" in article.blocks[1].text


def test_not_a_post_is_an_input_error():
    with pytest.raises(InputError, match="not a WordPress post"):
        parse_post({"slug": "x"})


ARTICLE_PAGE = textwrap.dedent("""\
    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
    <title>Shelling on Idlib countryside &#8211; SOHR</title>
    <meta property="og:title" content="Shelling on Idlib countryside">
    <meta property="article:published_time" content="2026-01-26T08:30:00+02:00">
    <link rel="canonical" href="https://example.org/en/2026/01/shelling-on-idlib/">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Shelling on Idlib countryside",
      "datePublished": "2026-01-26T08:30:00+02:00", "author": {"@type": "Organization", "name": "SOHR"}}</script>
    </head><body>
    <nav><a href="/">Home</a></nav>
    <article><header><h1 class="entry-title">Shelling on Idlib countryside</h1>
    <div class="share"><button>Share</button></div></header>
    <div class="entry-content"><p>Regime forces shelled <em>Kansafra</em>.</p>
    <script>track()</script><p>SOHR activists reported &#8220;heavy&#8221; damage.</p></div>
    <footer>Posted in Syria</footer></article>
    <aside><p>Most read: something else entirely, a long text that is not the article at all.</p></aside>
    </body></html>""")


def test_article_page_main_content_and_metadata():
    fields, content = parse_page(ARTICLE_PAGE, "https://example.org/en/?p=1")
    assert fields["title"] == "Shelling on Idlib countryside"
    assert fields["url"] == "https://example.org/en/2026/01/shelling-on-idlib/"
    assert fields["author"] == "SOHR"
    assert "Kansafra" in content and "“heavy”" in content
    assert "Share" not in content and "track()" not in content and "Most read" not in content
    assert "Posted in" not in content


def test_article_page_becomes_a_source_the_reader_reads():
    slug, text = page_source(ARTICLE_PAGE, "https://example.org/en/?p=1")
    assert slug == "shelling-on-idlib"
    article = read_html(text, f"{slug}.html")
    assert [b.kind for b in article.blocks] == ["title", "paragraph", "paragraph"]
    assert article.meta.date == datetime(2026, 1, 26, 6, 30, tzinfo=timezone.utc)
    assert article.blocks[1].text == "Regime forces shelled <em>Kansafra</em>."


def test_page_bytes_are_decoded_by_their_meta_charset():
    page = ('<html><head><meta charset="utf-8"><title>x</title></head><body><article>'
            '<h1>قصف إدلب</h1><p>نص التقرير.</p></article></body></html>').encode("utf-8")
    fields, content = parse_page(page)
    assert fields["title"] == "قصف إدلب" and content == "<p>نص التقرير.</p>"


def test_page_without_article_uses_main_then_body():
    _, content = parse_page("<html><body><div>menu</div><main><p>Report text.</p></main></body></html>")
    assert content == "<p>Report text.</p>"


def test_post_body_keeps_article_drops_heading_and_sets_direction():
    page = ('<html><body><main><article><h1>عنوان</h1><p class="dateline">x</p>'
            '<p>نص <bdi>SOHR</bdi>.</p></article></main>'
            '<footer class="credits"><p><a href="https://example.org/a">Original</a></p></footer></body></html>')
    body = post_body(page, "ar", "rtl")
    assert body.startswith('<div lang="ar" dir="rtl">')
    assert '<p>نص <span dir="auto">SOHR</span>.</p>' in body and "عنوان" not in body and "dateline" not in body
    assert "<bdi" not in body  # WordPress's kses would strip it for most users
    assert 'href="https://example.org/a"' in body


def test_credentials_from_environment_then_netrc(tmp_path):
    site = "http://127.0.0.1:8080"
    assert credentials(site, {"DRAGOMAN_WP_USER": "ed", "DRAGOMAN_WP_APP_PASSWORD": "p w"}) == ("ed", "p w")
    rc = tmp_path / "netrc"
    rc.write_text('machine 127.0.0.1 login editor password "abcd efgh"\n')
    rc.chmod(0o600)
    assert credentials(site, {"NETRC": str(rc)}) == ("editor", "abcd efgh")
    rc.write_text("machine 127.0.0.1 login editor password abcd efgh\n")
    with pytest.raises(PublishError, match="cannot read .*netrc"):
        credentials(site, {"NETRC": str(rc)})
    with pytest.raises(PublishError, match="DRAGOMAN_WP_APP_PASSWORD"):
        credentials(site, {"DRAGOMAN_WP_USER": "ed"})
    with pytest.raises(PublishError, match="no credentials for 127.0.0.1"):
        credentials(site, {"NETRC": str(tmp_path / "none")})


def test_sites_without_pretty_permalinks_are_read_through_rest_route():
    from test_http import Scripted

    server = Scripted()
    try:
        server.on("/wp-json/wp/v2/posts", (404, {}, "Not Found"))
        server.on("/", (200, {"X-WP-TotalPages": "1"}, [TEXTURIZED]))
        client = WordPressClient(server.url, http.session(retries=0))
        assert [p.id for p in fetch_posts(client)] == [7]
        assert server.seen[-1][1].startswith("/?rest_route=/wp/v2/posts&")
    finally:
        server.close()


# ---------------------------------------------------------------------------------------
# A real WordPress on loopback

@pytest.fixture(scope="session")
def wordpress(tmp_path_factory):
    from wordpress.site import SiteUnavailable, start_wordpress

    try:
        site = start_wordpress(tmp_path_factory.mktemp("wordpress"))
    except SiteUnavailable as exc:
        if IN_CI:
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    yield site
    site.stop()


def _admin(site) -> requests.Session:
    s = requests.Session()
    s.auth = (site.user, site.app_password)
    return s


def _post_as_edited(site, post_id: int) -> dict:
    """The post as the site's editor sees it (raw title and content, status)."""
    return _admin(site).get(f"{site.url}/wp-json/wp/v2/posts/{post_id}", params={"context": "edit"},
                            timeout=30).json()


def _create_post(site, **fields) -> dict:
    answer = _admin(site).post(f"{site.url}/wp-json/wp/v2/posts", json={"status": "publish", **fields},
                               timeout=30)
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.fixture
def workspace(tmp_path):
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "dragoman.toml").write_text('[workspace]\nsource_language = "en"\n'
                                        'target_languages = ["ar", "ckb", "kmr"]\n', "utf-8")
    return root


@pytest.fixture(scope="session")
def seeded(wordpress):
    """Posts the fetch tests read (created once; tests that add posts use their own slugs)."""
    posts = [
        _create_post(wordpress, title="SOHR's report -- \"Idlib\" & Hama", slug="idlib-hama",
                     content="<p>It's a \"test\" -- of 5... Regime forces shelled <em>Kansafra</em>.</p>"),
        _create_post(wordpress, title="قصف إدلب", slug="قصف-إدلب", content="<p>Arabic slug post.</p>"),
    ]
    posts += [_create_post(wordpress, title=f"Report {n}", slug=f"report-{n}",
                           content=f"<p>Report number {n}.</p>") for n in range(3)]
    return posts


def _client(site, **kw) -> WordPressClient:
    return WordPressClient(site.url, http.session(timeout=(5, 30), retries=1, backoff=0.1), **kw)


@pytest.mark.integration
def test_fetch_pages_through_every_post(wordpress, seeded, workspace):
    calls = []
    report = sync_posts(_client(wordpress, per_page=2), workspace, workspace / "sources",
                        progress=lambda done, total: calls.append((done, total)))
    names = sorted(p.name for p in report.created)
    # progress by posts, the total known from the first page on (not only per page of 2)
    assert [done for done, _ in calls] == list(range(len(names)))
    assert {total for _, total in calls} == {len(names)}
    assert {"idlib-hama.html", f"post-{seeded[1]['id']}.html", "report-0.html", "report-2.html"} <= set(names)
    assert len(names) == len(set(names)) >= 6  # the seeded posts and WordPress's own first post
    article = read_article(workspace / "sources" / "idlib-hama.html")
    assert article.meta.title == "SOHR’s report — “Idlib” & Hama"
    assert article.meta.date.tzinfo is not None
    assert article.meta.extra["id"] == str(seeded[0]["id"])
    assert "It’s a “test” — of 5…" in article.blocks[1].text
    arabic = (workspace / "sources" / f"post-{seeded[1]['id']}.html").read_text("utf-8")
    assert '<meta name="wordpress:slug" content="قصف-إدلب">' in arabic


@pytest.mark.integration
def test_password_protected_posts_are_not_fetched(wordpress, workspace):
    post = _create_post(wordpress, title="Embargoed", slug="embargoed", password="secret",
                        content="<p>Not yet.</p>")
    report = sync_posts(_client(wordpress), workspace, workspace / "sources", post_id=post["id"])
    assert report.created == [] and report.refused == [] and report.skipped == [(post["link"], "password-protected")]
    assert not (workspace / "sources" / "embargoed.html").exists()


@pytest.mark.integration
def test_second_fetch_updates_changed_posts_only(wordpress, workspace):
    post = _create_post(wordpress, title="Incremental", slug="incremental-report", content="<p>First.</p>")
    client = _client(wordpress)
    first = sync_posts(client, workspace, workspace / "sources")
    path = workspace / "sources" / "incremental-report.html"
    assert path in first.created
    again = sync_posts(client, workspace, workspace / "sources")
    assert again.created == [] and again.updated == []
    answer = _admin(wordpress).post(f"{wordpress.url}/wp-json/wp/v2/posts/{post['id']}",
                                    json={"content": "<p>Second version.</p>", "slug": "renamed-report"},
                                    timeout=30)
    assert answer.status_code == 200
    _backdate_record(workspace)  # WordPress stores modification times to the second
    third = sync_posts(client, workspace, workspace / "sources")
    assert third.updated == [path] and third.created == []
    assert "Second version." in path.read_text("utf-8")  # same file although the slug changed
    path.write_text(path.read_text("utf-8").replace("Second", "Edited"), "utf-8")
    _admin(wordpress).post(f"{wordpress.url}/wp-json/wp/v2/posts/{post['id']}",
                           json={"content": "<p>Third version.</p>"}, timeout=30)
    _backdate_record(workspace)
    fourth = sync_posts(client, workspace, workspace / "sources")
    assert [p for p, _ in fourth.refused] == [path] and "Edited" in path.read_text("utf-8")
    time.sleep(1.1)  # a later post, newer than the refused change by more than a second
    _create_post(wordpress, title="Newer", slug="newer-report", content="<p>Newer.</p>")
    fifth = sync_posts(client, workspace, workspace / "sources")
    assert [p.name for p in fifth.created] == ["newer-report.html"] and [p for p, _ in fifth.refused] == [path]
    forced = sync_posts(client, workspace, workspace / "sources", force=True)
    assert forced.updated == [path] and "Third version." in path.read_text("utf-8")
    assert sync_posts(client, workspace, workspace / "sources").refused == []


def _backdate_record(workspace: Path) -> None:
    record = workspace / ".dragoman" / "wordpress-sources.json"
    data = json.loads(record.read_text("utf-8"))
    for site in data.values():
        for entry in site.values():
            entry["modified_gmt"] = "2000-01-01T00:00:00"
    record.write_text(json.dumps(data), "utf-8")


@pytest.mark.integration
def test_fetch_command_by_id_and_slug(wordpress, seeded, workspace):
    runner = CliRunner()
    result = runner.invoke(cli, ["fetch", "wordpress", "--site", wordpress.url, "--slug", "report-1",
                                 "-C", str(workspace)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "new: sources/report-1.html"
    result = runner.invoke(cli, ["fetch", "wordpress", "--site", wordpress.url, "--id", str(seeded[0]["id"]),
                                 "-C", str(workspace)])
    assert result.exit_code == 0 and "sources/idlib-hama.html" in result.stdout
    assert sorted(p.name for p in (workspace / "sources").iterdir()) == ["idlib-hama.html", "report-1.html"]
    future = runner.invoke(cli, ["fetch", "wordpress", "--site", wordpress.url, "--since", "2999-01-01",
                                 "-C", str(workspace)])
    assert future.exit_code == 0 and future.stdout == "" and "0 new, 0 updated" in future.stderr
    past = runner.invoke(cli, ["fetch", "wordpress", "--site", wordpress.url, "--since", "2000-01-01T00:00:00Z",
                               "-C", str(workspace)])
    assert past.exit_code == 0 and "sources/report-2.html" in past.stdout and "report-1" not in past.stdout


@pytest.mark.integration
def test_sites_can_come_from_the_workspace_file(wordpress, seeded, workspace, monkeypatch):
    config = workspace / "dragoman.toml"
    config.write_text(config.read_text("utf-8") + f'\n[wordpress]\nsource = "{wordpress.url}"\n'
                      f'targets = {{ ar = "{wordpress.url}" }}\n', "utf-8")
    result = CliRunner().invoke(cli, ["fetch", "wordpress", "--slug", "report-0", "-C", str(workspace)])
    assert result.exit_code == 0 and result.stdout.strip() == "new: sources/report-0.html"
    monkeypatch.setenv("DRAGOMAN_WP_USER", wordpress.user)
    monkeypatch.setenv("DRAGOMAN_WP_APP_PASSWORD", wordpress.app_password)
    missing = CliRunner().invoke(cli, ["publish", "wordpress", "--lang", "kmr", "-C", str(workspace)])
    assert missing.exit_code == 2 and "[wordpress] targets.kmr" in missing.stderr


@pytest.mark.integration
def test_fetch_missing_post_and_site_errors(wordpress, workspace):
    runner = CliRunner()
    result = runner.invoke(cli, ["fetch", "wordpress", "--site", wordpress.url, "--id", "999999",
                                 "-C", str(workspace)])
    assert result.exit_code == 2 and "404" in result.stderr


@pytest.mark.integration
def test_fetch_url_of_a_wordpress_page(wordpress, seeded, workspace):
    result = CliRunner().invoke(cli, ["fetch", "url", seeded[0]["link"], "-C", str(workspace)])
    assert result.exit_code == 0, result.output
    path = workspace / result.stdout.strip()
    article = read_article(path)
    assert "Kansafra" in "".join(b.text for b in article.blocks)
    assert article.meta.date.date() == datetime.fromisoformat(seeded[0]["date_gmt"]).date()
    assert "Comment" not in "".join(b.text for b in article.blocks)
    again = CliRunner().invoke(cli, ["fetch", "url", seeded[0]["link"], "-C", str(workspace)])
    assert again.exit_code != 0 and "--force" in again.stderr


@pytest.mark.integration
def test_unauthenticated_draft_listing_is_a_clear_error(wordpress):
    client = _client(wordpress)
    with pytest.raises(http.HttpError) as info:
        client.get("/wp/v2/posts", {"status": "draft", "context": "edit"})
    assert info.value.status in (400, 401) and "server says" in str(info.value)


@pytest.mark.integration
def test_wrong_application_password_is_401(wordpress):
    client = WordPressClient(wordpress.url, http.session(retries=0), auth=("admin", "wrong pass word"))
    with pytest.raises(http.AuthenticationError, match="401"):
        client.call("POST", "/wp/v2/posts", json={"title": "x"})


# ---------------------------------------------------------------------------------------
# Publishing editions

SOURCE = textwrap.dedent("""\
    ---
    title: Shelling on Idlib
    slug: shelling-on-idlib
    date: 2026-01-26T08:30:00+00:00
    ---
    Shelling on Idlib

    Regime forces shelled Kansafra. Two civilians were injured.
    """)


def _translated_workspace(root: Path, lang: str, translate) -> None:
    """A source plus a complete PO catalog for ``lang`` (every segment translated)."""
    from dragoman.catalog.po import Catalog, Message, write_po
    from dragoman.segment import segment_article
    from dragoman import config

    (root / "sources" / "shelling-on-idlib.txt").write_text(SOURCE, "utf-8")
    article = segment_article(read_article(root / "sources" / "shelling-on-idlib.txt"))
    info = config.load(root).locale(lang)
    header = {"Project-Id-Version": "test", "Language": lang, "MIME-Version": "1.0",
              "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
              "Plural-Forms": info.plural_forms}
    segments = dict.fromkeys(s.text for b in article.blocks for s in b.segments)
    catalog = Catalog(header, [Message(msgid=s, msgstr=translate(s)) for s in segments])
    write_po(config.load(root).po_path(lang, "shelling-on-idlib"), catalog)


ARABIC = {"Shelling on Idlib": "قصف على إدلب", "Regime forces shelled Kansafra.": "قصفت قوات النظام كنصفرة.",
          "Two civilians were injured.": "أصيب مدنيان اثنان."}


KURMANJI = {"Shelling on Idlib": "Topbarana li ser Idlibê",
            "Regime forces shelled Kansafra.": "Hêzên rejîmê Kansafra topbaran kirin.",
            "Two civilians were injured.": "Du sivîl birîndar bûn."}


def _first_arabic_publish(wordpress, workspace: Path, monkeypatch):
    """Translate the workspace into Arabic, give the site's credentials and publish once.

    Returns the runner, the publish arguments (to run again) and the first run's result.
    """
    _translated_workspace(workspace, "ar", ARABIC.__getitem__)
    monkeypatch.setenv("DRAGOMAN_WP_USER", wordpress.user)
    monkeypatch.setenv("DRAGOMAN_WP_APP_PASSWORD", wordpress.app_password)
    runner = CliRunner()
    args = ["publish", "wordpress", "--site", wordpress.url, "--lang", "ar", "-C", str(workspace)]
    return runner, args, runner.invoke(cli, args)


@pytest.mark.integration
def test_publish_creates_a_draft_then_updates_the_same_post(wordpress, workspace, monkeypatch):
    runner, args, first = _first_arabic_publish(wordpress, workspace, monkeypatch)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("created: shelling-on-idlib -> post ")
    post_id = int(first.stdout.split()[-1])
    post = _post_as_edited(wordpress, post_id)
    assert post["status"] == "draft" and post["slug"] == "shelling-on-idlib"
    assert "قصف على إدلب" in post["title"]["raw"]
    assert '<div lang="ar" dir="rtl">' in post["content"]["raw"]
    assert "قصفت قوات النظام كنصفرة." in post["content"]["raw"]

    second = runner.invoke(cli, args)
    assert second.exit_code == 0 and second.stdout == ""
    assert "1 unchanged" in second.stderr

    ARABIC_V2 = {**ARABIC, "Two civilians were injured.": "وأصيب مدنيان."}
    po = workspace / "locales" / "ar" / "LC_MESSAGES" / "shelling-on-idlib.po"
    po.unlink()
    _translated_workspace(workspace, "ar", ARABIC_V2.__getitem__)
    third = runner.invoke(cli, args)
    assert third.exit_code == 0 and third.stdout.strip() == f"updated: shelling-on-idlib -> post {post_id}"

    # A fresh clone without the record finds the post by its slug instead of duplicating it.
    (workspace / ".dragoman" / "wordpress-drafts.json").unlink()
    fourth = runner.invoke(cli, args)
    assert fourth.stdout.strip() == f"updated: shelling-on-idlib -> post {post_id}"
    drafts = _admin(wordpress).get(f"{wordpress.url}/wp-json/wp/v2/posts", timeout=30, params={
        "slug": "shelling-on-idlib", "status": "draft,publish", "context": "edit"}).json()
    assert [p["id"] for p in drafts] == [post_id]

    # Another language on the same site gets its own post, also when the record is lost.
    _translated_workspace(workspace, "kmr", KURMANJI.__getitem__)
    kmr_args = [*args[:5], "kmr", *args[6:]]
    kmr = runner.invoke(cli, kmr_args)
    assert kmr.exit_code == 0 and kmr.stdout.startswith("created: shelling-on-idlib -> post ")
    kmr_id = int(kmr.stdout.split()[-1])
    assert kmr_id != post_id
    (workspace / ".dragoman" / "wordpress-drafts.json").unlink()
    assert runner.invoke(cli, kmr_args).stdout.strip() == f"updated: shelling-on-idlib -> post {kmr_id}"
    assert runner.invoke(cli, args).stdout.strip() == f"updated: shelling-on-idlib -> post {post_id}"
    arabic = _post_as_edited(wordpress, post_id)
    assert arabic["content"]["raw"].startswith('<div lang="ar" dir="rtl">')


@pytest.mark.integration
def test_publish_skips_incomplete_editions_and_needs_credentials(wordpress, workspace, monkeypatch):
    _translated_workspace(workspace, "kmr", lambda s: "")
    monkeypatch.delenv("DRAGOMAN_WP_USER", raising=False)
    monkeypatch.delenv("DRAGOMAN_WP_APP_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(workspace / "no-netrc"))
    args = ["publish", "wordpress", "--site", wordpress.url, "--lang", "kmr", "-C", str(workspace)]
    denied = CliRunner().invoke(cli, args)
    assert denied.exit_code != 0 and "DRAGOMAN_WP_APP_PASSWORD" in denied.stderr
    monkeypatch.setenv("DRAGOMAN_WP_USER", wordpress.user)
    monkeypatch.setenv("DRAGOMAN_WP_APP_PASSWORD", "wrong password")
    wrong = CliRunner().invoke(cli, args)
    assert wrong.exit_code == 2 and "HTTP 401" in wrong.stderr and "application password" in wrong.stderr
    monkeypatch.setenv("DRAGOMAN_WP_APP_PASSWORD", wordpress.app_password)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "not published: shelling-on-idlib" in result.stderr


@pytest.mark.integration
def test_publish_reports_posts_of_withdrawn_articles_and_unpublishes_them_on_request(
        wordpress, workspace, monkeypatch):
    runner, args, first = _first_arabic_publish(wordpress, workspace, monkeypatch)
    assert first.exit_code == 0, first.output
    post_id = int(first.stdout.split()[-1])
    url = f"{wordpress.url}/wp-json/wp/v2/posts/{post_id}"
    assert _admin(wordpress).post(url, json={"status": "publish"}, timeout=30).status_code == 200
    (workspace / "sources" / "shelling-on-idlib.txt").unlink()

    reported = runner.invoke(cli, args)
    assert reported.exit_code == 0, reported.output
    assert f"post {post_id} (shelling-on-idlib, publish) has no article" in reported.stderr
    status = lambda: _post_as_edited(wordpress, post_id)["status"]
    assert status() == "publish"  # never changed on its own

    unpublished = runner.invoke(cli, [*args, "--unpublish-missing"])
    assert unpublished.exit_code == 0, unpublished.output
    assert unpublished.stdout.startswith(f"unpublished: shelling-on-idlib -> post {post_id}")
    assert status() == "draft"
