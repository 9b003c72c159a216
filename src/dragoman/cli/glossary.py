"""``dragoman glossary``: lint, fix, discover, verify, export and import the controlled
glossary."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import click

from dragoman.cli._common import (exit_with, format_option, load_glossary_for,
                                  optional_workspace, parallel_settings, progress_bar,
                                  scheduler_option, workspace_option)

glossary_option = click.option(
    "--glossary", "glossary_path", type=click.Path(exists=True, path_type=Path),
    help="Glossary file or folder (default: the workspace's glossary/, else the shipped one).")
jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(1), default=None,
    help="Worker processes for a large archive (default: [parallel] jobs, else one per core).")


def _files(files, workspace_dir):
    """FILES (a folder stands for its reports and catalogs), or every source report of the
    workspace."""
    from dragoman.readers import discover

    if files:
        found = []
        for path in map(Path, files):
            if path.is_dir():
                found += sorted({*discover(path), *path.rglob("*.po"), *path.rglob("*.pot")})
            else:
                found.append(path)
        return found

    workspace = optional_workspace(workspace_dir, required=True)
    return discover(workspace.sources_dir)


def _inputs(glossary_path, workspace_dir, files):
    """The glossary and the files a lint, fix or discovery works on (errors end the command,
    exit 2)."""
    workspace = optional_workspace(workspace_dir, required=False)
    return load_glossary_for(glossary_path, workspace), _files(files, workspace_dir)


def _over_inputs(work, label, workspace, glossary_path, workspace_dir, files, jobs, scheduler,
                 **options):
    """``work(glossary, paths, jobs=, scheduler=, progress=, errors=, **options)`` over the
    command's glossary and files, on the workers of --jobs/--scheduler (else the workspace's
    [parallel] table), behind a progress bar labelled ``label``; each file that could not be
    read is printed. Returns the glossary, the files, the work's result and those errors."""
    jobs, scheduler = parallel_settings(workspace, jobs, scheduler, default_jobs=None)
    glossary_, paths = _inputs(glossary_path, workspace_dir, files)
    errors: list = []
    report, close = progress_bar(label)
    try:
        result = work(glossary_, paths, jobs=jobs, scheduler=scheduler, progress=report,
                      errors=errors, **options)
    finally:
        close()
    for exc in errors:
        _error(exc)
    return glossary_, paths, result, errors


def _emit(text: str, output: Path | None) -> None:
    """Write ``text`` atomically to ``output``, or to standard output."""
    from dragoman.fileio import atomic_write_text

    if output:
        atomic_write_text(output, text)
    else:
        click.echo(text, nl=False)


def _json(items) -> str:
    """``--format json``: a list of the items' objects (``to_dict``), Unicode kept."""
    import json

    return json.dumps([item.to_dict() for item in items], ensure_ascii=False, indent=2) + "\n"


def _error(exc) -> None:
    click.echo(f"dragoman: error: {exc}", err=True)


@click.group()
def glossary():
    """Lint, fix, discover, verify, export and import the controlled glossary
    (glossary/*.tsv)."""


@glossary.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@glossary_option
@workspace_option
@format_option("text", "json", "github")
@click.option("--suspected/--no-suspected", default=True, show_default=True,
              help="Also report unknown near-variants of glossary names.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Report suspected variants at least this likely.")
@jobs_option
@scheduler_option
def lint(files, glossary_path, workspace_dir, fmt, suspected, min_confidence, jobs, scheduler):
    """Report deprecated spellings and suspected variants of glossary terms in FILES
    (reports .txt, .html, .md; catalogs .po, .pot by their msgids; default: the workspace's
    sources). In an ar, ckb or kmr catalog, translations that spell a glossary name otherwise
    than its approved term (a script habit, or another language's form) are reported too.

    Exit status: 0 clean, 1 findings, 2 usage or input errors.
    """
    from dragoman.glossary.files import over_files
    from dragoman.glossary.lint import lint_file

    _, _, found, errors = _over_inputs(
        partial(over_files, lint_file), "lint", optional_workspace(workspace_dir, required=False),
        glossary_path, workspace_dir, files, jobs, scheduler, include_suspected=suspected,
        min_confidence=min_confidence)
    findings = [finding for in_file in found for finding in in_file]
    click.echo(render_findings(findings, fmt), nl=False)
    if fmt == "text" and findings:
        kinds = [f.kind for f in findings]
        target = kinds.count("variant") + kinds.count("foreign")
        click.echo(f"{len(findings)} finding(s): {kinds.count('deprecated')} deprecated, "
                   f"{kinds.count('suspected')} suspected"
                   + (f", {target} variant spelling(s) in translations" if target else ""), err=True)
    exit_with(2 if errors else 1 if findings else 0)


def render_findings(findings, fmt: str) -> str:
    """Findings as ``text`` (path:line:column: kind: ...), ``json`` (a list of objects) or
    ``github`` (workflow annotations)."""
    if fmt == "json":
        return _json(findings)
    lines = []
    for f in findings:
        if fmt == "github":
            level = "warning" if f.kind == "deprecated" else "notice"
            message = (f"{f.found} -> {f.replacement} ({f.kind} spelling of {f.concept}, "
                       f"confidence {f.confidence:.2f})")
            lines.append(f"::{level} file={f.path},line={f.line},col={f.column},"
                         f"title=glossary {f.kind}::{_escape_annotation(message)}")
        else:
            confidence = "" if f.kind == "deprecated" else f", confidence {f.confidence:.2f}"
            lines.append(f"{f.path}:{f.line}:{f.column}: {f.kind}: {f.found} -> {f.replacement} "
                         f"({f.concept}{confidence})")
    return "".join(line + "\n" for line in lines)


def _escape_annotation(message: str) -> str:
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


@glossary.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@glossary_option
@workspace_option
@click.option("--write", is_flag=True, help="Rewrite the files (atomically) instead of printing a diff.")
@click.option("--include-suspected", is_flag=True, help="Also rewrite suspected variants.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="With --include-suspected: only variants at least this likely.")
def fix(files, glossary_path, workspace_dir, write, include_suspected, min_confidence):
    """Rewrite deprecated spellings in FILES to the preferred term (a mid-sentence lowercase
    article such as al- is kept). Without --write, print a unified diff.

    Exit status: 0 nothing (left) to change, 1 a diff was printed, 2 usage or input errors.
    """
    from dragoman.errors import DragomanError
    from dragoman.glossary.lint import fix_file, write_fix

    errors = pending = 0
    glossary_, paths = _inputs(glossary_path, workspace_dir, files)
    for path in paths:
        try:
            result = fix_file(glossary_, path, include_suspected=include_suspected,
                              min_confidence=min_confidence)
            if not result.changed:
                continue
            if write:
                write_fix(result)
                click.echo(f"{path}: {len(result.findings)} spelling(s) fixed", err=True)
            else:
                click.echo(result.diff(), nl=False)
                pending += 1
        except DragomanError as exc:
            _error(exc)
            errors += 1
    exit_with(2 if errors else 1 if pending else 0)


@glossary.command(name="export")
@glossary_option
@workspace_option
@click.option("--format", "fmt", type=click.Choice(["tbx", "tbx2008", "csv"]), default="tbx",
              show_default=True, help="TBX-Basic v3, TBX 2008 (martif) or Weblate glossary CSV.")
@click.option("--lang", help="CSV only: keep this target language (a Weblate glossary holds one).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (atomically) instead of standard output.")
def export_(glossary_path, workspace_dir, fmt, lang, output):
    """Export the glossary for CAT tools and Weblate."""
    from dragoman.glossary.exchange import export
    from dragoman.glossary.model import LANGUAGES

    if lang is not None and lang not in LANGUAGES:
        raise click.BadParameter(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}",
                                 param_hint="--lang")
    workspace = optional_workspace(workspace_dir, required=False)
    _emit(export(load_glossary_for(glossary_path, workspace), fmt, lang), output)


@glossary.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "geonames"]), default="auto",
              show_default=True, help="auto: TBX or CSV by suffix; geonames: a GeoNames main "
              "table (allCountries.txt, SY.txt).")
@click.option("--lang", help="Target language of a plain Weblate CSV (source, target columns).")
@click.option("--country", help="GeoNames: import the places of this country code only (SY).")
@click.option("--alternate-names", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="GeoNames: alternateNamesV2.txt, for names by language.")
@glossary_option
@workspace_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the glossary TSV here (atomically) instead of standard output.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def import_(files, fmt, lang, country, alternate_names, glossary_path, workspace_dir, output, force):
    """Read TBX (v3 or 2008) and CSV FILES into one glossary TSV; or, with --format
    geonames, write candidate concepts from a GeoNames dump: new places as concepts, places
    the glossary has as the rows their concepts lack (with `GeoNames <id>` as source)."""
    from dragoman.glossary.exchange import import_files
    from dragoman.glossary.tsv import render_tsv

    if output and output.exists() and not force:
        raise click.UsageError(f"{output} exists; pass --force to replace it")
    if fmt == "geonames":
        from dragoman.glossary.geonames import (import_geonames, read_alternate_names, read_places,
                                                render_rows)

        workspace = optional_workspace(workspace_dir, required=False)
        glossary_ = load_glossary_for(glossary_path, workspace)
        places = [place for path in files for place in read_places(path, country)]
        if alternate_names:
            read_alternate_names(alternate_names, places)
        rows = import_geonames(glossary_, places)
        _emit(render_rows(rows), output)
        click.echo(f"{len(rows)} row(s) from {len(places)} place(s)", err=True)
        return
    if country or alternate_names:
        raise click.UsageError("--country and --alternate-names go with --format geonames")
    _emit(render_tsv(import_files(files, lang)), output)


@glossary.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@glossary_option
@workspace_option
@format_option("text", "json", "tsv")
@click.option("--min-count", type=click.IntRange(1), default=2, show_default=True,
              help="Propose names mentioned at least this many times.")
@click.option("--targets/--no-targets", default=True, show_default=True,
              help="Propose ar, ckb and kmr terms from the workspace's translations.")
@jobs_option
@scheduler_option
def discover(files, glossary_path, workspace_dir, fmt, min_count, targets, jobs, scheduler):
    """Propose glossary concepts for the names of places, sites, organisations and armed
    groups that FILES write and the glossary does not cover (default: the workspace's
    sources; catalogs .po, .pot by their msgids), their spellings grouped.

    Exit status: 0 (also when nothing is proposed), 2 usage or input errors.
    """
    from dragoman.glossary.discover import discover as discover_names

    workspace = optional_workspace(workspace_dir, required=False)
    glossary_, paths, proposals, errors = _over_inputs(
        discover_names, "reports", workspace, glossary_path, workspace_dir, files, jobs, scheduler,
        min_count=min_count)
    if targets and workspace is not None and proposals:
        from dragoman.glossary.mining import propose_for_proposals

        propose_for_proposals(glossary_, proposals, workspace)
    click.echo(render_proposals(proposals, fmt), nl=False)
    if fmt == "text":
        click.echo(f"{len(proposals)} name(s) proposed from {len(paths)} file(s)", err=True)
    exit_with(2 if errors else 0)


def render_proposals(proposals, fmt: str) -> str:
    """Proposals as ``text`` (a name, its kind and counts, then each spelling with where it
    occurs), ``json`` (a list of objects) or ``tsv`` (glossary rows, ready to append)."""
    from dragoman.glossary.discover import proposal_rows

    if fmt == "json":
        return _json(proposals)
    if fmt == "tsv":
        lines = ["# proposed by dragoman glossary discover: concept, lang, term, status, kind, note"]
        lines += ["\t".join(row) for p in proposals for row in proposal_rows(p)]
        return "\n".join(lines) + "\n"
    lines = []
    for p in proposals:
        lines.append(f"{p.preferred} ({p.kind}): {p.count} mention(s) in {len(p.files)} file(s)")
        for term, count in p.variants:
            where = p.places.get(term, [])
            shown = ", ".join(f"{path}:{line}" for path, line in where[:3])
            more = f" and {len(where) - 3} more" if len(where) > 3 else ""
            lines.append(f"    {term}: {count} ({shown}{more})")
        for lang, found in p.targets.items():
            for target in found[:3]:
                lines.append(f"    {lang}: {target.term} ({target.evidence()})")
    return "".join(line + "\n" for line in lines)


@glossary.command()
@glossary_option
@workspace_option
@format_option("text", "json")
@click.option("--lang", "languages", multiple=True, type=click.Choice(["ar", "ckb", "kmr"]),
              help="Verify this target language only (repeatable; default: all three).")
@click.option("--concept", "concepts", multiple=True, help="Verify this concept only (repeatable).")
def verify(glossary_path, workspace_dir, fmt, languages, concepts):
    """Tell, for each preferred or unverified target term of the glossary, whether the
    workspace's translations (its catalogs and translation memory) write it, write another
    form (with counts), or never translate the name.

    Exit status: 0 every checked term is what the translators write (or untranslated),
    1 some term is written otherwise, 2 usage or input errors.
    """
    from dragoman.glossary.mining import verify as verify_terms
    from dragoman.glossary.model import TARGET_LANGUAGES

    workspace = optional_workspace(workspace_dir, required=True)
    glossary_ = load_glossary_for(glossary_path, workspace)
    unknown = set(concepts) - set(glossary_.concepts)
    if unknown:
        raise click.BadParameter(f"no such concept: {', '.join(sorted(unknown))}", param_hint="--concept")
    verdicts = verify_terms(glossary_, workspace, languages or TARGET_LANGUAGES, concepts or None)
    if fmt == "json":
        click.echo(_json(verdicts), nl=False)
    else:
        for v in verdicts:
            mark = " (unverified)" if v.unverified else ""
            if v.state == "untranslated":
                detail = "no translated sentence names it"
            else:
                detail = f"written in {v.uses} of {v.pairs} pair(s)"
                if v.others:
                    detail += "; instead: " + ", ".join(f"{t} {n}" for t, n in v.others)
            click.echo(f"{v.concept} {v.lang} {v.term}{mark}: {v.state}: {detail}")
            if v.state in ("mixed", "other") and v.proposed:
                best = v.proposed[0]
                click.echo(f"    proposed: {best.term} ({best.evidence()})")
        states = [v.state for v in verdicts]
        click.echo(f"{len(verdicts)} term(s): " + ", ".join(
            f"{states.count(s)} {s}" for s in ("used", "mixed", "other", "untranslated")), err=True)
    exit_with(1 if any(v.state in ("mixed", "other") for v in verdicts) else 0)
