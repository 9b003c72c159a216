"""Options and helpers shared by the subcommand modules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

workspace_option = click.option(
    "--workspace", "-C", "workspace_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Workspace folder (default: the nearest folder above the current one with dragoman.toml).",
)


def format_option(*choices: str, default: str = "text"):
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format.",
    )


def load_workspace(workspace_dir: Path | None):
    from dragoman import config

    return config.load(workspace_dir)


def optional_workspace(workspace_dir: Path | None, required: bool):
    """The workspace, or ``None`` when none is required and the current folder is in none
    (commands given explicit files work outside a workspace)."""
    from dragoman.errors import ConfigError

    try:
        return load_workspace(workspace_dir)
    except ConfigError:
        if required or workspace_dir is not None:
            raise
        return None


def load_glossary_for(glossary_path: Path | None, workspace):
    """The glossary named on the command line, else the workspace's, else the shipped one."""
    from dragoman import DATA
    from dragoman.glossary import load_glossary

    if glossary_path is not None:
        return load_glossary(glossary_path)
    if workspace is not None and workspace.glossary_dir.exists():
        return load_glossary(workspace.glossary_dir)
    return load_glossary(DATA / "glossary")


def exit_with(status: int) -> None:
    """End the command with ``status`` (0 clean, 1 findings, 2 errors) after output is flushed."""
    raise click.exceptions.Exit(status)


def progress_bar():
    """A ``(done, total)`` callback drawing a progress bar on stderr when it is a terminal,
    and the function that closes it; (None, no-op) otherwise."""
    if not sys.stderr.isatty():
        return None, lambda: None
    bar = None

    def report(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, file=sys.stderr, label="reports")
            bar.__enter__()
        bar.update(done - bar.pos)

    def close() -> None:
        if bar is not None:
            bar.__exit__(None, None, None)

    return report, close


scheduler_option = click.option(
    "--scheduler", metavar="tcp://HOST:8786", default=None,
    help="Run the parallel jobs on the Dask cluster of this scheduler (default: [parallel] "
         "scheduler in dragoman.toml, else local processes); needs 'dragoman[dask]'.",
)


def parallel_settings(workspace, jobs: int | None, scheduler: str | None) -> tuple[int, str | None]:
    """Worker processes and Dask scheduler: the command line's, else the workspace's
    ``[parallel]`` table's, else one process here."""
    return jobs or workspace.jobs or 1, scheduler or workspace.scheduler
