"""``dragoman init`` and ``dragoman build``: the workspace as a whole."""

from __future__ import annotations

from pathlib import Path

import click

from dragoman.cli._common import (exit_with, load_workspace, parallel_settings, scheduler_option,
                                  steps_progress, workspace_option)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path):
    """Create a workspace in DIRECTORY: dragoman.toml, the shipped glossary, sources/, locales/."""
    from dragoman.workspace import init_workspace

    for path in init_workspace(directory):
        click.echo(f"created {path}", err=True)
    from dragoman.cli import DragomanClickError
    from dragoman.errors import DragomanError
    from dragoman.glossary import load_glossary

    try:  # a folder that had a glossary/ keeps it: it must load
        load_glossary(directory / "glossary")
    except DragomanError as exc:
        DragomanClickError(str(exc)).show()
        click.echo(f"dragoman: the workspace is made, but the glossary it kept in "
                   f"{directory / 'glossary'} must be fixed before a build", err=True)
        exit_with(2)
    click.echo(f"Put English reports in {directory / 'sources'} and run 'dragoman build' there.",
               err=True)


@click.command()
@workspace_option
@click.option("--draft", is_flag=True,
              help="Build editions below the completion threshold, with a visible draft banner.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Parallel workers for catalog updates (default: [parallel] jobs, else 1).")
@scheduler_option
@click.option("--strict", is_flag=True, help="Exit 1 when the glossary lint finds spellings to fix.")
def build(workspace_dir, draft, jobs, scheduler, strict):
    """Read, segment and lint every source report, update the PO catalogs of every target
    language, and write the editions (HTML, Markdown, text) and the site index."""
    from dragoman import pipeline
    from dragoman.cli.glossary import render_findings

    ws = load_workspace(workspace_dir)
    jobs, scheduler = parallel_settings(ws, jobs, scheduler)
    progress, close = steps_progress()
    try:
        result = pipeline.build(ws, draft=draft, jobs=jobs, progress=progress, scheduler=scheduler)
    finally:
        close()
    if result.findings:
        click.echo(render_findings(result.findings, "text").rstrip("\n"), err=True)
    for warning in result.warnings:
        click.echo(warning, err=True)
    if result.unchanged_findings:
        click.echo(f"{result.unchanged_findings} finding(s) in unchanged reports "
                   "(dragoman glossary lint to list them)", err=True)
    if not result.articles:
        click.echo(f"no reports in {ws.sources}/: put English reports (.txt, .md, .html) there "
                   "and build again", err=True)
    for lang, summary in result.summary().items() if result.articles else ():
        click.echo(f"{lang}: {summary}", err=True)
    if result.retracted:
        click.echo(f"removed the editions of {len(result.retracted)} report(s) no longer in "
                   f"{ws.sources}/: {', '.join(result.retracted)}", err=True)
    click.echo(f"editions written to {ws.output_dir}", err=True)
    if strict and (result.findings or result.unchanged_findings):
        exit_with(1)
