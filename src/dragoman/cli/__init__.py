"""The ``dragoman`` command: a thin click layer over the library.

Only this package prints or exits. Subcommands live in their own modules and are imported
only when run, so ``dragoman --help`` answers without loading lxml, Babel or the glossary.
"""

from __future__ import annotations

import importlib
import signal
import sys

import click

from dragoman import __version__

#: name -> (module:attribute, one-line help). Help is kept here so --help imports nothing.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("dragoman.cli.workspace:init", "Create a new workspace with the shipped glossary."),
    "build": ("dragoman.cli.workspace:build", "Run the whole job: read, segment, lint, update catalogs, build editions."),
    "segment": ("dragoman.cli.segment:segment", "Print the sentence segments of a report."),
    "glossary": ("dragoman.cli.glossary:glossary", "Lint, fix, discover, verify, export and import the controlled glossary."),
    "extract": ("dragoman.cli.catalog:extract", "Write the POT template of every source report."),
    "update": ("dragoman.cli.catalog:update", "Create or update the PO catalog of every target language."),
    "catalog": ("dragoman.cli.catalog:catalog", "Format, merge, export and import gettext catalogs."),
    "stats": ("dragoman.cli.catalog:stats", "Translation statistics and open work per article and language."),
    "memory": ("dragoman.cli.memory:memory", "Search, count and export the translation memory."),
    "check": ("dragoman.cli.check:check", "Quality checks on translations (Arabic- and Kurdish-aware)."),
    "fetch": ("dragoman.cli.remote:fetch", "Fetch English reports from WordPress or an article URL."),
    "publish": ("dragoman.cli.remote:publish", "Publish editions (static site, WordPress drafts)."),
    "pretranslate": ("dragoman.cli.remote:pretranslate", "Pre-fill catalogs by machine translation, marked fuzzy."),
    "align": ("dragoman.cli.align:align", "Align English reports with their translations into a translation memory."),
}


class DragomanClickError(click.ClickException):
    """A library error on the command line: message on stderr, exit status 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        for line in self.format_message().splitlines():  # (an ErrorList: one per line)
            click.echo(f"dragoman: error: {line}", err=True)


def _os_error(exc: OSError) -> str:
    """``PATH: cause`` of an error of the operating system (the path it names, if any)."""
    cause = exc.strerror or str(exc)
    return f"{exc.filename}: {cause}" if exc.filename else cause


class LazyGroup(click.Group):
    def invoke(self, ctx):
        from dragoman.errors import DragomanError

        try:
            return super().invoke(ctx)
        except DragomanError as exc:
            raise DragomanClickError(str(exc)) from exc
        except BrokenPipeError:
            raise
        except OSError as exc:  # a folder that cannot be written, a full disk: one line, exit 2
            raise DragomanClickError(_os_error(exc)) from exc
        except KeyboardInterrupt:
            # Every write is atomic, so each file is either as it was or complete.
            click.echo("dragoman: interrupted", err=True)
            raise click.exceptions.Exit(130) from None

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, _, attr = COMMANDS[name][0].partition(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx, formatter):
        rows = [(name, help_) for name, (_, help_) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--workspace", "-C", "workspace_dir", default=None,
              type=click.Path(file_okay=False),  # (a str: --help does not import pathlib)
              help="Workspace folder, for every command (also accepted after the command).")
@click.version_option(__version__, prog_name="dragoman")
@click.pass_context
def cli(ctx, workspace_dir):
    """dragoman: English news reports to Arabic (ar) and Kurdish (ckb, kmr) editions.

    Run commands inside a workspace (a folder with dragoman.toml) or pass --workspace.
    """
    ctx.obj = workspace_dir  # (cli._common.load_workspace takes it when the command has none)


def _after_the_work(signum, frame) -> None:
    """Ctrl-C once the command is done: the exit status stands."""


def main(argv=None):
    """Console entry point. Exit status: 0 clean, 1 findings, 2 usage or input error."""
    try:
        cli.main(args=argv, prog_name="dragoman")
    except BrokenPipeError:
        sys.exit(1)
    except KeyboardInterrupt:  # (before or after a command ran: see LazyGroup.invoke)
        sys.exit(130)
    finally:
        if argv is None:  # the process's own command: its exit status stands, Ctrl-C or not
            # (a handler, not SIG_IGN, which the programs it starts would inherit)
            signal.signal(signal.SIGINT, _after_the_work)
