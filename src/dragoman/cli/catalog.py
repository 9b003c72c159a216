"""``dragoman catalog ...``: work on any gettext catalog, not only a workspace's."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dragoman.cli._common import (exit_with, progress_bar, format_option, load_workspace,
                                  parallel_settings, scheduler_option, workspace_option)


@click.group()
def catalog():
    """Format, merge, export and import gettext catalogs (PO, XLIFF 1.2, TMX 1.4)."""


def _write_or_print(text: str, output: Path | None, *, expected=None, encoding="utf-8") -> None:
    """Write ``text`` atomically to ``output`` (refusing if it changed since read), or print."""
    if output is None:
        sys.stdout.write(text)
        return
    from dragoman.catalog.po import write_po_bytes

    write_po_bytes(output, text.encode(encoding), expected)


@catalog.command("format")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (may be SOURCE itself); default: standard output.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if SOURCE is not formatted as GNU gettext formats it.")
def format_(source: Path, output: Path | None, check: bool):
    """Re-format SOURCE exactly as GNU gettext (msgcat) writes it: 79 columns, gettext's line
    breaks, obsolete entries last."""
    from dragoman.catalog.po import canonicalize, read_po, render_po
    from dragoman.fileio import same_file

    cat = read_po(source)
    original = cat.fingerprint.content.decode(cat.encoding)  # (the bytes read_po read)
    crlf = cat.newline == "\r\n"
    text = render_po(canonicalize(cat))
    if crlf:  # (msgcat writes LF too, and says nothing)
        click.echo(f"{source}: CRLF line ends written as LF, as GNU gettext writes them", err=True)
    if check:
        if text != original.lstrip("\ufeff"):
            click.echo(f"{source}: not in gettext's canonical format", err=True)
            exit_with(1)
        return
    _write_or_print(text, output, encoding=cat.encoding,
                    expected=cat.fingerprint if same_file(source, output) else None)


@catalog.command("export")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["xliff", "tmx"]), required=True,
              help="XLIFF 1.2 for CAT tools (OmegaT, Trados, memoQ); TMX 1.4 for memories.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file; default: standard output.")
@click.option("--source-lang", default="en", show_default=True, help="Language of the msgids.")
@click.option("--target-lang", default=None,
              help="Language of the translations (default: the catalog's Language header).")
@click.option("--include-fuzzy", is_flag=True,
              help="TMX: also export fuzzy translations (marked with a property).")
def export(source: Path, fmt: str, output: Path | None, source_lang: str, target_lang: str | None,
           include_fuzzy: bool):
    """Export the PO catalog SOURCE as XLIFF 1.2 or TMX 1.4."""
    from dragoman.catalog import exchange
    from dragoman.catalog.po import read_po

    cat = read_po(source)
    if fmt == "xliff":
        text = exchange.catalog_to_xliff(cat, source_lang=source_lang, target_lang=target_lang,
                                         original=source.name)
    else:
        text = exchange.catalog_to_tmx(cat, source_lang=source_lang, target_lang=target_lang,
                                       include_fuzzy=include_fuzzy)
    _write_or_print(text, output)


@catalog.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "xliff", "tmx"]), default="auto",
              show_default=True, help="Format of SOURCE (auto: by its suffix, else its root element).")
@click.option("--into", "base", type=click.Path(dir_okay=False, path_type=Path),
              help="Update the translations of this PO catalog from SOURCE (written in place "
                   "unless -o is given).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PO file to write; default: standard output (or the --into catalog).")
@click.option("--target-lang", default=None, help="TMX: the translation language to take.")
def import_(source: Path, fmt: str, base: Path | None, output: Path | None, target_lang: str | None):
    """Read XLIFF 1.2 or TMX 1.4 SOURCE back into a PO catalog, or (with --into) into the
    translations of an existing one."""
    from dragoman.catalog import exchange
    from dragoman.catalog.po import read_po, render_po, write_po

    incoming = exchange.read_exchange(source, fmt=fmt, target_lang=target_lang)
    if base is None:
        _write_or_print(render_po(incoming), output)
        return
    cat = read_po(base)
    report = exchange.apply_translations(cat, incoming)
    destination = output or base
    write_po(destination, cat)
    click.echo(f"{destination}: {report.updated} translations updated, {report.unchanged} unchanged, "
               f"{report.unknown} not in the catalog", err=True)


@catalog.command("merge")
@click.argument("definitions", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.argument("reference", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (may be DEFINITIONS itself); default: standard output.")
@click.option("--batch", "batch", type=click.File("r", encoding="utf-8"),
              help="Merge every line DEF<TAB>REF<TAB>OUT of this file ('-': standard input) "
                   "in one command, its merges shared among the cores, instead of DEFINITIONS "
                   "and REFERENCE.")
@click.option("-C", "--compendium", "compendia", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also fill new entries from this PO catalog (repeatable), as msgmerge -C. "
                   "Large ones are cached with their index in ~/.cache/dragoman "
                   "($XDG_CACHE_HOME).")
@click.option("--lang", default=None,
              help="Language of DEFINITIONS (default: its Language header).")
@click.option("--cutoff", type=click.FloatRange(0.5, 1.0), default=None,
              help="Smallest similarity (0.5-1) offered as a fuzzy match.")
def merge(definitions: Path | None, reference: Path | None, output: Path | None, batch,
          compendia, lang, cutoff):
    """Update the translations DEFINITIONS (a PO file) to the template REFERENCE (a POT), as
    msgmerge --previous does: exact matches kept, edited sources fuzzy with the previous
    msgid (#|), removed entries obsolete (#~), header updated."""
    from dragoman.catalog.fuzzy import DEFAULT_CUTOFF

    files = (definitions, reference, output)
    if (batch is None and None in files[:2]) or (batch is not None and any(files)):
        raise click.UsageError("give DEFINITIONS and REFERENCE (and -o), or --batch FILE alone")
    kwargs = {"cutoff": cutoff or DEFAULT_CUTOFF}
    if cutoff:
        kwargs["memory_cutoff"] = cutoff
    memory = None
    if compendia:
        from dragoman.memory import compendium_memory

        memory = compendium_memory(compendia)
    if batch is None:
        from dragoman.catalog.merge_files import merge_files

        merged = merge_files(definitions, reference, output, lang, memory, kwargs)
        if output is None:
            from dragoman.catalog.po import render_po

            sys.stdout.write(render_po(merged))
        return
    from dragoman.catalog.merge_files import BatchMerger, merge_batch, read_batch

    lines, errors = read_batch(batch, batch.name)
    errors += merge_batch(lines, BatchMerger(lang, memory, kwargs))
    for _, message in sorted(errors):
        click.echo(f"dragoman: error: {message}", err=True)
    if errors:
        exit_with(2)


def _run_workspace(workspace_dir, jobs: int | None, scheduler: str | None, force: bool,
                   templates_only: bool):
    from dragoman.catalog.workflow import update_workspace

    ws = load_workspace(workspace_dir)
    jobs, scheduler = parallel_settings(ws, jobs, scheduler)
    progress, close = progress_bar("catalogs" if not templates_only else "templates")
    try:
        report = update_workspace(ws, jobs=jobs, progress=progress, force=force,
                                  templates_only=templates_only, raise_errors=False,
                                  scheduler=scheduler)
    finally:
        close()
    for path in report.written:
        click.echo(f"wrote {path}", err=True)
    if not (report.processed or report.unchanged or report.errors):
        click.echo(f"no reports in {ws.sources}/: put English reports (.txt, .md, .html) there",
                   err=True)
    else:
        click.echo(f"{_count(len(report.processed), 'report')} processed, "
                   f"{len(report.unchanged)} unchanged, {len(report.errors)} failed", err=True)
    for error in report.errors:
        click.echo(f"dragoman: error: {error}", err=True)
    if report.errors:
        exit_with(2)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


_jobs_option = click.option("-j", "--jobs", type=click.IntRange(1), default=None,
                            help="Parallel worker processes (default: [parallel] jobs, else 1).")


@click.command()
@workspace_option
@_jobs_option
@scheduler_option
def extract(workspace_dir, jobs, scheduler):
    """Write locales/templates/<slug>.pot for every source report (only when it changed)."""
    _run_workspace(workspace_dir, jobs, scheduler, force=True, templates_only=True)


@click.command()
@workspace_option
@_jobs_option
@scheduler_option
@click.option("--force", is_flag=True,
              help="Process every report, also those unchanged since the last update "
                   "(e.g. to fill entries from a memory that grew).")
def update(workspace_dir, jobs, scheduler, force):
    """Create or update locales/<lang>/LC_MESSAGES/<slug>.po of every target language from the
    source reports: translations kept, edited sentences fuzzy, new ones filled from the
    translation memory ([memory] in dragoman.toml)."""
    _run_workspace(workspace_dir, jobs, scheduler, force=force, templates_only=False)


@click.command()
@workspace_option
@format_option("text", "json")
@click.option("--lang", "languages", multiple=True, help="Only this target language (repeatable).")
@click.option("--no-memory", is_flag=True, help="Skip the analysis against the translation memory.")
def stats(workspace_dir, fmt, languages, no_memory):
    """Entries and source words per article and language: translated, fuzzy, untranslated,
    completion; and the open work in translation-memory match bands (100%, 95-99%, 85-94%,
    75-84%, 50-74%, no match)."""
    import json

    from dragoman.catalog.stats import render_text, totals, workspace_stats

    ws = load_workspace(workspace_dir)
    progress, close = progress_bar("stats")
    try:
        found = workspace_stats(ws, tuple(languages) or None, with_memory=not no_memory,
                                progress=progress)
    finally:
        close()
    if fmt == "json":
        data = {"catalogs": [s.to_dict() for s in found],
                "totals": {lang: s.to_dict() for lang, s in totals(found).items()}}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(found), nl=False)
