"""Options and helpers shared by the subcommand modules."""

from __future__ import annotations

import os
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

    return config.load(workspace_dir or given_workspace())


def given_workspace() -> Path | None:
    """The folder given as ``dragoman -C DIR`` (before the command), if any."""
    context = click.get_current_context(silent=True)
    given = context.find_root().obj if context is not None else None
    return Path(given) if given is not None else None


def optional_workspace(workspace_dir: Path | None, required: bool):
    """The workspace, or ``None`` when none is required and the current folder is in none
    (commands given explicit files work outside a workspace)."""
    from dragoman.errors import ConfigError

    workspace_dir = workspace_dir or given_workspace()
    try:
        return load_workspace(workspace_dir)
    except ConfigError:
        if required or workspace_dir is not None:
            raise
        return None


def glossary_path_for(glossary_path: Path | None, workspace) -> Path:
    """The glossary named on the command line, else the workspace's, else the shipped one."""
    from dragoman import DATA

    if glossary_path is not None:
        return glossary_path
    if workspace is not None and workspace.glossary_dir.exists():
        return workspace.glossary_dir
    return DATA / "glossary"


def load_glossary_for(glossary_path: Path | None, workspace):
    """The glossary of :func:`glossary_path_for`, loaded."""
    from dragoman.glossary import load_glossary

    return load_glossary(glossary_path_for(glossary_path, workspace))


def exit_with(status: int) -> None:
    """End the command with ``status`` (0 clean, 1 findings, 2 errors) after output is flushed."""
    raise click.exceptions.Exit(status)


def on_terminal() -> bool:
    """Progress is drawn only for someone watching: stderr is a terminal and this is not CI
    (never on a pipe, in a log or in a CI job's output)."""
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("true", "1")


def progress_bar(label: str = "reports"):
    """A ``(done, total)`` callback drawing a progress bar labelled ``label`` on stderr when
    :func:`on_terminal`, and the function that closes it; (None, no-op) otherwise."""
    if not on_terminal():
        return None, lambda: None
    bar = None

    def report(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=max(total, 1), file=sys.stderr, label=label)
            bar.__enter__()
        bar.update(done - bar.pos)

    def close() -> None:
        if bar is not None:
            bar.__exit__(None, None, None)

    return report, close


def steps_progress():
    """A ``(step, done, total)`` callback drawing one bar per step of a long job (build's
    lint, catalogs, editions: each counted in its slow unit, bytes or segments), and the
    function that closes the last; (None, no-op) when not :func:`on_terminal`."""
    if not on_terminal():
        return None, lambda: None
    current: list = [None, None, lambda: None]  # step, report, close

    def report(step: str, done: int, total: int) -> None:
        if current[0] != step:
            current[2]()
            current[:] = [step, *progress_bar(step)]
        current[1](done, total)

    return report, lambda: current[2]()


def in_progress(label: str, items, path=lambda item: item):
    """``items`` one by one, with a bar on a terminal counting the bytes of their files
    (``path(item)``): a large file weighs what it costs, not one item among many."""
    report, close = progress_bar(label)
    if report is None:
        yield from items
        return
    items = list(items)
    sizes = []
    for item in items:
        try:
            sizes.append(os.stat(path(item)).st_size)
        except OSError:
            sizes.append(0)
    total, done = sum(sizes), 0
    try:
        for item, size in zip(items, sizes):
            report(done, total)
            yield item
            done += size
        report(total, total)
    finally:
        close()


scheduler_option = click.option(
    "--scheduler", metavar="tcp://HOST:8786", default=None,
    help="Run the parallel jobs on the Dask cluster of this scheduler (default: [parallel] "
         "scheduler in dragoman.toml, else local processes); needs 'dragoman[dask]'.",
)


def parallel_settings(workspace, jobs: int | None, scheduler: str | None,
                      default_jobs: int | None = 1) -> tuple[int | None, str | None]:
    """Worker processes and Dask scheduler: the command line's, else the ``[parallel]`` table's
    of the workspace (if any), else ``default_jobs`` (None: one per core) and no scheduler."""
    if workspace is not None:
        jobs, scheduler = jobs or workspace.jobs, scheduler or workspace.scheduler
    return jobs or default_jobs, scheduler
