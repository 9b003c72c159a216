"""``dragoman check``: quality checks on translated PO catalogs."""

from __future__ import annotations

from pathlib import Path

import click

from dragoman.cli._common import (exit_with, format_option, in_progress, load_glossary_for,
                                  optional_workspace, workspace_option)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@workspace_option
@format_option("text", "json", "github", "junit")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors "
                                             "(cosmetic findings and notes never fail).")
@click.option("--lang", help="Target language of FILES (default: their locales/<lang>/ folder, "
                             "else their Language header).")
@click.option("--glossary", "glossary_path", type=click.Path(exists=True, path_type=Path),
              help="Glossary file or folder for every catalog checked (default: the workspace's, "
                   "else the shipped one, for the workspace's own catalogs only).")
@click.option("--disable", multiple=True, metavar="ID",
              help="Switch a check off for this run (repeatable); see --list.")
@click.option("--min-severity", type=click.Choice(["info", "cosmetic", "warning", "error"]), default="info",
              show_default=True, help="Report only findings at least this severe.")
@click.option("--list", "list_checks", is_flag=True, help="List every check and exit.")
def check(files, workspace_dir, fmt, strict, lang, glossary_path, disable, min_severity, list_checks):
    """Check translations in FILES (default: every PO catalog of the workspace).

    Reports `path:line: severity: check-id: message`, the severity one of error, warning,
    cosmetic (typography that leaves the meaning whole: advice) and info. A check is switched off for the workspace
    in the [checks] table of dragoman.toml, and for one entry with the flag `#, ignore-<id>`.
    Exit status: 0 clean (cosmetic findings and notes included), 1 errors (and warnings with
    --strict), 2 usage or input errors.
    """
    from dataclasses import replace

    from dragoman.checks import ADVICE, BY_ID, CHECKS, SEVERITIES, CheckConfig, run_checks
    from dragoman.checks.report import render, summary
    from dragoman.errors import DragomanError

    if list_checks:
        for c in CHECKS:
            click.echo(f"{c.id:<24} {c.severity:<8} {c.title}")
        return
    unknown = [d for d in disable if d not in BY_ID]
    if unknown:
        raise click.BadParameter(f"unknown check(s) {', '.join(unknown)}; see --list", param_hint="--disable")
    try:
        if lang:
            from dragoman import locales

            lang = locales.get(lang).code
        workspace = optional_workspace(workspace_dir, required=not files)
        config = CheckConfig.from_workspace(workspace) if workspace else CheckConfig()
        config = replace(config, disabled=config.disabled | set(disable))
        targets = [(Path(f), lang) for f in files] if files else _workspace_catalogs(workspace)
        applies = {path: glossary_path is not None or _in_locales(path, workspace)
                   for path, _ in targets}
        # (Read only when it applies to a catalog checked: it takes longer than a small check.)
        glossary = load_glossary_for(glossary_path, workspace) if any(applies.values()) else None
    except DragomanError as exc:
        _fail(exc)
    from dragoman.catalog.po import read_po

    findings, checked, broken = [], [], False
    for path, code in in_progress("check", targets, path=lambda target: target[0]):
        try:
            catalog = read_po(path)
            code = code or _language_of(path, catalog)
            catalog.path = _shown(path)
            findings += sorted(run_checks(catalog, code, glossary if applies[path] else None, config),
                               key=lambda f: f.line or 0)
            checked.append(catalog.path)
        except DragomanError as exc:
            click.echo(f"dragoman: error: {exc}", err=True)
            broken = True
    shown = SEVERITIES[: SEVERITIES.index(min_severity) + 1]
    findings = [f for f in findings if f.severity in shown]
    click.echo(render(findings, fmt, checked), nl=False)
    if fmt == "text":
        click.echo(summary(findings, len(checked)), err=True)
    failing = {f.severity for f in findings} - set(ADVICE)
    if broken:
        exit_with(2)
    if "error" in failing or (strict and failing):
        exit_with(1)


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it (what editors, CI logs and
    GitHub annotations resolve), else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _in_locales(path: Path, workspace) -> bool:
    """Whether ``path`` is one of the workspace's catalogs, where its glossary applies (not an
    unrelated catalog named on the command line: the newsroom's terms are not its terms)."""
    if workspace is None:
        return False
    return path.resolve().is_relative_to(workspace.locales_dir.resolve())


def _fail(exc) -> None:
    click.echo(f"dragoman: error: {exc}", err=True)
    exit_with(2)


def _workspace_catalogs(workspace) -> list[tuple[Path, str]]:
    from dragoman.errors import CheckError

    found = [
        (path, code)
        for code in workspace.target_languages
        for path in sorted((workspace.locales_dir / code / "LC_MESSAGES").glob("*.po"))
    ]
    if not found:
        raise CheckError("no PO catalogs to check (locales/<lang>/LC_MESSAGES/*.po); "
                         "run 'dragoman update' first or name the files", workspace.locales_dir)
    return found


def _language_of(path: Path, catalog) -> str:
    """The catalog's language: its ``<lang>/LC_MESSAGES/`` folder, else its Language header."""
    from dragoman import locales
    from dragoman.errors import CheckError, ConfigError

    if path.parent.name == "LC_MESSAGES" and path.parent.parent.name in locales.known_codes():
        return path.parent.parent.name
    language = catalog.header.get("Language", "").strip()
    base = language.replace("-", "_").split("_")[0].split("@")[0]
    try:
        return locales.get(base).code
    except ConfigError as exc:
        raise CheckError(f"cannot tell the catalog's language ({exc.message}); pass --lang", path) from None
