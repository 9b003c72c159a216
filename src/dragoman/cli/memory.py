"""``dragoman memory ...``: search, count and export the workspace's translation memory."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dragoman.cli._common import format_option, load_glossary_for, load_workspace, workspace_option


@click.group()
def memory():
    """Search, count and export the translation memory (catalogs, compendia, TMX)."""


def _languages(ws, lang: str | None) -> list[str]:
    if lang is None:
        return list(ws.target_languages)
    if lang not in ws.target_languages:
        raise click.BadParameter(f"{lang!r} is not a target language of the workspace "
                                 f"({', '.join(ws.target_languages)})", param_hint="--lang")
    return [lang]


@memory.command()
@click.argument("text")
@click.option("--lang", default=None, help="Only pairs of this target language.")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True,
              help="Pairs shown at most.")
@format_option("text", "json")
@workspace_option
def search(text: str, lang: str | None, limit: int, fmt: str, workspace_dir: Path | None):
    """Every remembered pair whose source holds the words of TEXT ("a phrase" in double
    quotes: those words in that order), best first, with the origin named and glossary
    terms marked."""
    from dragoman.memory import refreshed_store

    ws = load_workspace(workspace_dir)
    with refreshed_store(ws, _languages(ws, lang)) as store:
        found = store.search(text, lang, limit)
    glossary = load_glossary_for(None, ws)
    terms = [_terms(glossary, hit.source, ws.source_language, hit.lang) for hit in found]
    if fmt == "json":
        import json

        click.echo(json.dumps([
            {"source": hit.source, "target": hit.target, "lang": hit.lang, "origin": hit.origin,
             "rank": round(hit.rank, 4), "matches": [list(span) for span in hit.matches],
             "terms": [{"text": hit.source[start:end], "start": start, "end": end,
                        "concept": concept, "preferred": preferred}
                       for start, end, concept, preferred in marked]}
            for hit, marked in zip(found, terms)], ensure_ascii=False, indent=2))
        return
    styled = sys.stdout.isatty()
    for number, (hit, marked) in enumerate(zip(found, terms), 1):
        click.echo(f"{number}. {hit.origin} [{hit.lang}]")
        click.echo(f"   {ws.source_language}: {_marked(hit.source, hit.matches, marked, styled)}")
        click.echo(f"   {hit.lang}: {hit.target}")
        if marked:
            click.echo("   glossary: " + "; ".join(
                f"{hit.source[start:end]} = {preferred or '?'}"
                for start, end, _, preferred in marked))
    if not found:
        click.echo("nothing found", err=True)


def _terms(glossary, source: str, source_lang: str, lang: str) -> list[tuple]:
    """(start, end, concept, preferred translation in ``lang``) of each glossary term in
    ``source``."""
    return [(m.start, m.end, m.concept, glossary.preferred(m.concept, lang))
            for m in glossary.find(source, source_lang)]


def _marked(source: str, matches: list[tuple[int, int]], terms: list[tuple],
            styled: bool) -> str:
    """The source with the words searched for in bold and glossary terms underlined (on a
    terminal; on a pipe, as it is)."""
    if not styled:
        return source
    bold = [False] * len(source)
    underline = [False] * len(source)
    for start, end in matches:
        bold[start:end] = [True] * (end - start)
    for start, end, _, _ in terms:
        underline[start:end] = [True] * (end - start)
    out, k = [], 0
    while k < len(source):
        stop = k
        while stop < len(source) and (bold[stop], underline[stop]) == (bold[k], underline[k]):
            stop += 1
        piece = source[k:stop]
        out.append(click.style(piece, bold=bold[k], underline=underline[k],
                               fg="yellow" if bold[k] else None)
                   if bold[k] or underline[k] else piece)
        k = stop
    return "".join(out)


@memory.command()
@format_option("text", "json")
@workspace_option
def stats(fmt: str, workspace_dir: Path | None):
    """Units remembered per language and origin."""
    from dragoman.memory import refreshed_store

    ws = load_workspace(workspace_dir)
    with refreshed_store(ws) as store:
        counts = store.counts()
    if fmt == "json":
        import json

        click.echo(json.dumps([{"lang": lang, "origin": origin, "units": units}
                               for lang, origin, units in counts], ensure_ascii=False, indent=2))
        return
    width = max((len(origin) for _, origin, _ in counts), default=6)
    for lang in dict.fromkeys(lang for lang, _, _ in counts):
        rows = [(origin, units) for row_lang, origin, units in counts if row_lang == lang]
        click.echo(f"{lang}: {sum(units for _, units in rows)} units")
        for origin, units in rows:
            click.echo(f"  {origin.ljust(width)}  {units:>8}")


@memory.command()
@click.option("--format", "fmt", type=click.Choice(["tmx", "po"]), default="tmx",
              show_default=True, help="Output format.")
@click.option("--lang", default=None, help="The target language (needed when there are several).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here instead of standard output.")
@workspace_option
def export(fmt: str, lang: str | None, output: Path | None, workspace_dir: Path | None):
    """The memory of one target language as a TMX 1.4 file or a PO compendium: each source
    once (its first pair, as look-ups find it), with its origin."""
    from dragoman.catalog.exchange import catalog_to_tmx
    from dragoman.catalog.po import render_po
    from dragoman.fileio import atomic_write_text
    from dragoman.memory import memory_catalog, refreshed_store

    ws = load_workspace(workspace_dir)
    if lang is None and len(ws.target_languages) > 1:
        raise click.UsageError("name the target language to export with --lang "
                               f"({', '.join(ws.target_languages)})")
    lang = _languages(ws, lang)[0]
    with refreshed_store(ws, [lang]) as store:
        catalog = memory_catalog(store, lang)
    text = (catalog_to_tmx(catalog, ws.source_language, lang) if fmt == "tmx"
            else render_po(catalog))
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(output, text)
