"""Commands that talk to remote services: ``fetch``, ``publish`` and ``pretranslate``."""

from __future__ import annotations

import click

from dragoman.cli._common import exit_with, in_progress, load_workspace, progress_bar, workspace_option
from dragoman.fileio import relative

timeout_option = click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                              help="Seconds to wait for each answer.")
retries_option = click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
                              help="Retries of a failed request (with exponential backoff).")


def _site(workspace, explicit: str | None, lang: str | None = None) -> str:
    """The site URL: ``--site``, else the workspace's ``[wordpress]`` table: ``source`` for
    fetching, ``targets.<lang>`` for publishing (newsrooms run one site per language)."""
    from dragoman.errors import ConfigError

    if explicit:
        return explicit
    table = workspace.sections.get("wordpress", {})  # (its keys checked by config.load)
    site = table.get("source") if lang is None else (table.get("targets") or {}).get(lang)
    if not site:
        key = "source" if lang is None else f"targets.{lang}"
        raise ConfigError(f"no site: pass --site URL or set [wordpress] {key} in dragoman.toml",
                          workspace.root / "dragoman.toml")
    return site


@click.group()
def fetch():
    """Fetch English reports into the workspace's sources."""


@fetch.command("wordpress")
@click.option("--site", metavar="URL", help="The WordPress site, e.g. https://www.syriahr.com/en "
              "(default: [wordpress] source in dragoman.toml).")
@click.option("--since", metavar="DATE", help="Only posts modified after DATE (ISO 8601; UTC if no offset). "
              "Default: after the newest post fetched before.")
@click.option("--id", "post_id", type=int, metavar="N", help="Only the post with this id.")
@click.option("--slug", metavar="S", help="Only the post with this slug.")
@click.option("--force", is_flag=True, help="Overwrite sources edited locally since they were fetched.")
@timeout_option
@retries_option
@workspace_option
def fetch_wordpress(site, since, post_id, slug, force, timeout, retries, workspace_dir):
    """Fetch published posts through the site's REST API as HTML sources.

    A second run writes only posts that changed since the first."""
    from dragoman import http
    from dragoman.readers.wordpress import WordPressClient, sync_posts

    workspace = load_workspace(workspace_dir)
    client = WordPressClient(_site(workspace, site), http.session(timeout=(10.0, timeout), retries=retries))
    progress, close = progress_bar("posts")
    try:
        report = sync_posts(client, workspace.root, workspace.sources_dir, since=since,
                            post_id=post_id, slug=slug, force=force,
                            lang=workspace.source_language, progress=progress)
    finally:
        close()
    for label, paths in (("new", report.created), ("updated", report.updated)):
        for path in paths:
            click.echo(f"{label}: {relative(path, workspace.root)}")
    for path, reason in report.refused:
        click.echo(f"dragoman: not written: {relative(path, workspace.root)}: {reason}", err=True)
    for url, reason in report.skipped:
        click.echo(f"dragoman: skipped: {url}: {reason}", err=True)
    click.echo(f"{len(report.created)} new, {len(report.updated)} updated, "
               f"{len(report.unchanged)} unchanged, {len(report.refused)} not written", err=True)
    if report.refused:
        exit_with(1)


@fetch.command("url")
@click.argument("url")
@click.option("--force", is_flag=True, help="Overwrite an existing source with the same slug.")
@timeout_option
@retries_option
@workspace_option
def fetch_url(url, force, timeout, retries, workspace_dir):
    """Fetch one article page: its main content and metadata become an HTML source."""
    from dragoman import http
    from dragoman.errors import InputError
    from dragoman.fileio import atomic_write_text
    from dragoman.readers.webpage import fetch_page

    workspace = load_workspace(workspace_dir)
    slug, text = fetch_page(http.session(timeout=(10.0, timeout), retries=retries), url,
                            workspace.source_language)
    path = workspace.sources_dir / f"{slug}.html"
    others = [p for p in workspace.sources_dir.glob(f"{slug}.*") if p != path]
    if others:
        raise InputError(f"another source has the slug {slug!r}", others[0])
    if path.exists() and not force:
        raise InputError("this source exists already; use --force to replace it", path)
    atomic_write_text(path, text)
    click.echo(relative(path, workspace.root))


@click.group()
def publish():
    """Publish editions."""


@publish.command("wordpress")
@click.option("--site", metavar="URL", help="The target-language WordPress site "
              "(default: [wordpress.targets] <lang> in dragoman.toml).")
@click.option("--lang", required=True, metavar="L", help="The edition language (ar, ckb, kmr).")
@click.option("--unpublish-missing", is_flag=True,
              help="Move posts whose article is no longer in the sources back to draft.")
@timeout_option
@retries_option
@workspace_option
def publish_wordpress(site, lang, unpublish_missing, timeout, retries, workspace_dir):
    """Post each complete edition as a draft (updating the post of an earlier run).

    Credentials: DRAGOMAN_WP_USER and DRAGOMAN_WP_APP_PASSWORD, or a ~/.netrc entry for the
    site's host, with an application password (never on the command line)."""
    from dragoman import http
    from dragoman.errors import ConfigError
    from dragoman.errors import PublishError
    from dragoman.publish.wordpress import PASSWORD_ENV, USER_ENV, credentials, publish_editions
    from dragoman.readers.wordpress import WordPressClient

    workspace = load_workspace(workspace_dir)
    if lang not in workspace.target_languages:
        raise ConfigError(f"{lang!r} is not a target language of this workspace "
                          f"({', '.join(workspace.target_languages)})")
    site = _site(workspace, site, lang)
    client = WordPressClient(site, http.session(timeout=(10.0, timeout), retries=retries),
                             auth=credentials(site))
    try:
        report = publish_editions(client, workspace, lang, unpublish_missing=unpublish_missing)
    except (http.AuthenticationError, http.ForbiddenError) as exc:
        raise PublishError(f"{exc.message}; check the user and application password "
                           f"({USER_ENV}/{PASSWORD_ENV} or ~/.netrc) and that the user may create posts",
                           exc.path) from None
    for label, posts in (("created", report.created), ("updated", report.updated)):
        for slug, post_id in posts:
            click.echo(f"{label}: {slug} -> post {post_id}")
    for slug, reason in report.skipped:
        click.echo(f"dragoman: not published: {slug}: {reason}", err=True)
    for slug, post_id, status in report.missing:
        if unpublish_missing:
            click.echo(f"unpublished: {slug} -> post {post_id} (now a draft: its article is no "
                       "longer in the sources)")
        else:
            click.echo(f"dragoman: post {post_id} ({slug}, {status}) has no article in the sources "
                       "any more; --unpublish-missing moves it back to draft", err=True)
    click.echo(f"{len(report.created)} created, {len(report.updated)} updated, "
               f"{len(report.unchanged)} unchanged, {len(report.skipped)} not complete", err=True)


@click.command()
@click.option("--engine", required=True, type=click.Choice(["libretranslate", "deepl"]),
              help="The machine-translation API.")
@click.option("--url", required=True, metavar="URL",
              help="The engine's address (a LibreTranslate server; https://api.deepl.com or api-free).")
@click.option("--lang", "langs", multiple=True, metavar="L",
              help="Target language (repeatable; default: every target language of the workspace).")
@click.option("--batch-size", type=click.IntRange(1, 50), default=25, show_default=True,
              help="Entries per request.")
@timeout_option
@retries_option
@workspace_option
def pretranslate(engine, url, langs, batch_size, timeout, retries, workspace_dir):
    """Fill untranslated entries by machine translation, marked fuzzy for review.

    Glossary terms are protected and replaced by the approved terms. Keys come from the
    environment only: DRAGOMAN_DEEPL_AUTH_KEY, DRAGOMAN_LIBRETRANSLATE_API_KEY (if the
    server needs one). Every file is saved after each batch: an interrupted run keeps what
    it filled, and running it again continues."""
    from dragoman import http
    from dragoman.errors import ConfigError, DragomanError
    from dragoman.glossary import load_glossary
    from dragoman.pretranslate import (FileReport, LibreTranslate, catalog_files, engine_code, make_engine,
                                       pretranslate_file)

    workspace = load_workspace(workspace_dir)
    for lang in langs:
        if lang not in workspace.target_languages:
            raise ConfigError(f"{lang!r} is not a target language of this workspace "
                              f"({', '.join(workspace.target_languages)})")
    langs = langs or workspace.target_languages
    session = http.session(timeout=(10.0, timeout), retries=retries, retry_post=True)
    client = make_engine(engine, url, session)
    glossary = load_glossary(workspace.glossary_dir) if workspace.glossary_dir.exists() else None
    filled = rejected = 0
    for lang in langs:
        files = catalog_files(workspace, lang)
        if files and isinstance(client, LibreTranslate):
            client.check_languages(engine_code(engine, workspace.source_language), engine_code(engine, lang))
        for path in in_progress(f"pretranslate {lang}", files):
            report = FileReport(path)
            try:
                pretranslate_file(path, client, lang, glossary, source_lang=workspace.source_language,
                                  batch_size=batch_size, report=report)
            except DragomanError:
                click.echo(f"{filled + report.filled} entries filled before the failure are saved; "
                           "run the command again to continue", err=True)
                raise
            filled += report.filled
            rejected += len(report.rejected)
            if report.filled or report.rejected:
                click.echo(f"{relative(path, workspace.root)}: {report.filled} filled (fuzzy)"
                           + (f", {len(report.rejected)} left open" if report.rejected else ""))
            for msgid in report.rejected:
                click.echo(f"dragoman: {relative(path, workspace.root)}: the engine's output lost a "
                           f"protected term or tag; left untranslated: {msgid[:80]!r}", err=True)
    click.echo(f"{filled} entries filled by {engine}, marked fuzzy for review"
               + (f"; {rejected} left open" if rejected else ""), err=True)
