"""``dragoman segment``: print the sentence segments of a report, or export the rules as SRX."""

from __future__ import annotations

import re
import sys

import click

from dragoman.cli._common import format_option


@click.command("segment")
@click.argument("source", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@format_option("lines", "json", default="lines")
@click.option("--lang", default=None,
              help="Language of the text (default: en). With --srx it is matched against the "
                   "file's language patterns (LanguageTool's also know en_one, en_two).")
@click.option("--srx", "srx_path", type=click.Path(exists=True, dir_okay=False),
              help="Segment with the rules of this SRX 2.0 file instead of dragoman's own.")
@click.option("--rules", "rules_path", type=click.Path(exists=True, dir_okay=False),
              help="Segment with this rules file (the format of dragoman/data/segment/*.rules).")
@click.option("--export-srx", is_flag=True,
              help="Print dragoman's rules as SRX 2.0 (every language, or --lang) and exit.")
@click.option("--no-line-breaks", is_flag=True,
              help="A single line break does not end a segment (a blank line still does); "
                   "with --srx the file's rules decide.")
def segment(source, fmt, lang, srx_path, rules_path, export_srx, no_line_breaks):
    """Print the segments of each block of SOURCE (a .txt, .html or .md report, or - for
    standard input: paragraphs separated by blank lines).

    lines: one segment per line, a blank line between blocks. json: a list of blocks, each a
    list of segment strings.
    """
    from dragoman.segment import rules as rule_files

    if srx_path and rules_path:
        raise click.UsageError("--srx and --rules exclude each other")
    if export_srx:
        from dragoman.segment.srx import export_srx as render_srx  # (its XML modules: only here)

        if source is not None:
            raise click.UsageError("--export-srx takes no SOURCE")
        if rules_path:
            languages = [rule_files.load_rules_file(rules_path, lang or "en")]
        else:
            languages = [rule_files.load_rules(code)
                         for code in ([lang] if lang else rule_files.available_languages())]
        click.echo(render_srx(languages), nl=False)
        return
    if source is None:
        raise click.UsageError("missing SOURCE (a report file, or - for standard input)")
    lang = lang or "en"
    blocks = _read_blocks(source, lang)
    split = _splitter(lang, srx_path, rules_path, line_breaks=not no_line_breaks)
    segments = [[text[a:b] for a, b in split(text, markup)] for text, markup in blocks]
    if fmt == "json":
        import json

        click.echo(json.dumps(segments, ensure_ascii=False, indent=1))
    else:
        click.echo("\n\n".join("\n".join(block) for block in segments if block))


def _read_blocks(source: str, lang: str) -> list[tuple[str, str]]:
    """(text, markup) of each block: from a report file, or stdin paragraphs."""
    if source == "-":
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:  # as a report file would be refused
            from dragoman.errors import InputError

            raise InputError(f"not UTF-8: invalid byte 0x{data[exc.start]:02x}", "<stdin>",
                             data.count(b"\n", 0, exc.start) + 1) from None
        return [(p, "text") for p in _paragraphs(text)]
    from dragoman.readers import read_article

    article = read_article(source, lang=lang)
    return [(block.text, block.markup) for block in article.blocks]


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def _splitter(lang: str, srx_path: str | None, rules_path: str | None, line_breaks: bool):
    """A function (text, markup) -> spans for the chosen rules."""
    from dragoman.segment import Segmenter, spans
    from dragoman.segment.markup import html_spans

    if srx_path is not None:
        from dragoman.segment.srx import read_srx

        split = read_srx(srx_path).segmenter(lang).spans
    elif rules_path is not None:
        from dragoman.segment.rules import load_rules_file

        split = Segmenter(load_rules_file(rules_path, lang), line_breaks=line_breaks).spans
    else:
        return lambda text, markup: spans(text, lang, markup, line_breaks=line_breaks)
    return lambda text, markup: html_spans(text, split) if markup == "html" else split(text)
