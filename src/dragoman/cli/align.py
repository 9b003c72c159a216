"""``dragoman align``: an English report and its translation (or two archives of them) into a
translation memory (PO compendium or TMX)."""

from __future__ import annotations

from pathlib import Path

import click

from dragoman.cli._common import (glossary_path_for, load_glossary_for, optional_workspace,
                                  parallel_settings, progress_bar, scheduler_option,
                                  workspace_option)


@click.command("align")
@click.argument("english", type=click.Path(exists=True, path_type=Path))
@click.argument("translation", type=click.Path(exists=True, path_type=Path))
@click.option("--lang", required=True, type=click.Choice(["ar", "ckb", "kmr"]),
              help="Language of the translation.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the memory here: .po (a compendium) or .tmx (TMX 1.4). Default: the "
                   "compendium on standard output (with --archive: memory/LANG.po).")
@click.option("--archive", is_flag=True,
              help="ENGLISH and TRANSLATION are folders of reports: pair the reports, then align "
                   "each pair (an interrupted run resumes).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for --archive (default: [parallel] jobs, else one per core).")
@scheduler_option
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Pairs less confident than this are written fuzzy.")
@click.option("--glossary", "glossary_path", type=click.Path(exists=True, path_type=Path),
              help="Glossary whose names anchor the alignment (default: the workspace's, else "
                   "the shipped one).")
@workspace_option
def align(english, translation, lang, out, archive, jobs, scheduler, threshold, glossary_path,
          workspace_dir):
    """Align ENGLISH with its translation TRANSLATION (.txt, .html or .md reports, as `dragoman
    fetch` writes WordPress posts too): blocks first, then sentences inside them, anchored by
    lengths, numbers, dates, glossary names and quotations. Every pair gets a confidence and
    its bead (1-1, 1-2, 2-1, 2-2, or moved) in a `# dragoman:` comment."""
    workspace = optional_workspace(workspace_dir, required=False)
    if archive:
        jobs, scheduler = parallel_settings(workspace, jobs, scheduler, default_jobs=None)
        _align_archive(english, translation, lang, out, jobs, scheduler, threshold, glossary_path,
                       workspace)
        return
    if english.is_dir() or translation.is_dir():
        raise click.UsageError("ENGLISH and TRANSLATION are folders: add --archive")
    from dragoman.align import Aligner, output
    from dragoman.readers import read_article

    glossary = load_glossary_for(glossary_path, workspace)
    pairs = Aligner(lang, glossary).align(read_article(english, "en"),
                                          read_article(translation, lang))
    catalog = output.compendium(((p, english.as_posix()) for p in pairs), lang, threshold)
    if out is None:
        click.echo(output.render(catalog, "po", lang), nl=False)
    else:
        output.write(out, catalog, lang)
    fuzzy = sum(1 for m in catalog.messages if m.fuzzy)
    alone = sum(1 for p in pairs if not p.paired)
    click.echo(f"{len(catalog.messages)} sentence pairs ({fuzzy} fuzzy), {alone} sentences "
               f"left alone" + (f"; written to {out}" if out else ""), err=True)


def _align_archive(en_dir, target_dir, lang, out, jobs, scheduler, threshold, glossary_path,
                   workspace):
    from dragoman.align.archive import align_archive, journal_path

    if not (en_dir.is_dir() and target_dir.is_dir()):
        raise click.UsageError("with --archive, ENGLISH and TRANSLATION are folders")
    if out is None:
        out = (workspace.root if workspace is not None else Path.cwd()) / "memory" / f"{lang}.po"
    report, close = progress_bar()
    try:
        result = align_archive(en_dir, target_dir, lang, out,
                               glossary_dir=glossary_path_for(glossary_path, workspace),
                               jobs=jobs, scheduler=scheduler, threshold=threshold,
                               progress=report)
    finally:
        close()
    if result.cut_line:
        click.echo(f"{journal_path(out)}:{result.cut_line}: the line the interrupted run was "
                   "writing was cut; its article pair was aligned again", err=True)
    for item in result.unpaired:
        click.echo(f"{item.path}: not paired: {item.reason}", err=True)
    resumed = f" ({result.resumed} from an interrupted run)" if result.resumed else ""
    click.echo(f"{result.articles} article pairs aligned{resumed}: {result.sentence_pairs} "
               f"sentence pairs ({result.fuzzy} fuzzy) written to {out}; "
               f"{len(result.unpaired)} reports not paired", err=True)
