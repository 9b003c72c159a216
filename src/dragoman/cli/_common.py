"""Options and helpers shared by the subcommand modules."""

from __future__ import annotations

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


def exit_with(status: int) -> None:
    """End the command with ``status`` (0 clean, 1 findings, 2 errors) after output is flushed."""
    raise click.exceptions.Exit(status)
