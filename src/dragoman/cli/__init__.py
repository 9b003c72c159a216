"""The ``dragoman`` command: a thin click layer over the library.

Only this package prints or exits. Subcommands live in their own modules and are imported
only when run, so ``dragoman --help`` answers without loading lxml, Babel or the glossary.
"""

from __future__ import annotations

import importlib
import sys

import click

from dragoman import __version__

#: name -> (module:attribute, one-line help). Help is kept here so --help imports nothing.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("dragoman.cli.workspace:init", "Create a new workspace with the shipped glossary."),
    "build": ("dragoman.cli.workspace:build", "Run the whole job: read, segment, lint, update catalogs, build editions."),
    "segment": ("dragoman.cli.segment:segment", "Print the sentence segments of a report."),
    "glossary": ("dragoman.cli.glossary:glossary", "Lint, fix, export and import the controlled glossary."),
    "extract": ("dragoman.cli.catalog:extract", "Write the POT template of every source report."),
    "update": ("dragoman.cli.catalog:update", "Create or update the PO catalog of every target language."),
    "catalog": ("dragoman.cli.catalog:catalog", "Format, merge, export and import gettext catalogs."),
    "stats": ("dragoman.cli.catalog:stats", "Translation statistics and open work per article and language."),
    "check": ("dragoman.cli.check:check", "Quality checks on translations (Arabic- and Kurdish-aware)."),
    "fetch": ("dragoman.cli.remote:fetch", "Fetch English reports from WordPress or an article URL."),
    "publish": ("dragoman.cli.remote:publish", "Publish editions (static site, WordPress drafts)."),
    "pretranslate": ("dragoman.cli.remote:pretranslate", "Pre-fill catalogs by machine translation, marked fuzzy."),
}


class DragomanClickError(click.ClickException):
    """A library error on the command line: message on stderr, exit status 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(f"dragoman: error: {self.format_message()}", err=True)


class LazyGroup(click.Group):
    def invoke(self, ctx):
        from dragoman.errors import DragomanError

        try:
            return super().invoke(ctx)
        except DragomanError as exc:
            raise DragomanClickError(str(exc)) from exc

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
@click.version_option(__version__, prog_name="dragoman")
def cli():
    """dragoman: English news reports to Arabic (ar) and Kurdish (ckb, kmr) editions.

    Run commands inside a workspace (a folder with dragoman.toml) or pass --workspace.
    """


def main(argv=None):
    """Console entry point. Exit status: 0 clean, 1 findings, 2 usage or input error."""
    try:
        cli.main(args=argv, prog_name="dragoman")
    except BrokenPipeError:
        sys.exit(1)
