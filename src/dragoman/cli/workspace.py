"""``dragoman init`` and ``dragoman build``: the workspace as a whole."""

from __future__ import annotations

from pathlib import Path

import click

from dragoman.cli._common import (exit_with, load_workspace, parallel_settings, progress_bar,
                                  scheduler_option, workspace_option)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path):
    """Create a workspace in DIRECTORY: dragoman.toml, the shipped glossary, sources/, locales/."""
    from dragoman.workspace import init_workspace

    for path in init_workspace(directory):
        click.echo(f"created {path}", err=True)
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
    progress, close = progress_bar()
    try:
        result = pipeline.build(ws, draft=draft, jobs=jobs, progress=progress, scheduler=scheduler)
    finally:
        close()
    if result.findings:
        click.echo(render_findings(result.findings, "text").rstrip("\n"), err=True)
    for lang, summary in result.summary().items():
        click.echo(f"{lang}: {summary}", err=True)
    click.echo(f"editions written to {ws.output_dir}", err=True)
    if strict and result.findings:
        exit_with(1)
