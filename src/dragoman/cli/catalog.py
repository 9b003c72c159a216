"""``dragoman catalog ...``: work on any gettext catalog, not only a workspace's."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dragoman.cli._common import exit_with


@click.group()
def catalog():
    """Format, merge, export and import gettext catalogs (PO, XLIFF 1.2, TMX 1.4)."""


def _write_or_print(text: str, output: Path | None, *, expected=None, encoding="utf-8") -> None:
    """Write ``text`` atomically to ``output`` (refusing if it changed since read), or print."""
    if output is None:
        sys.stdout.write(text)
        return
    from dragoman.errors import CatalogError
    from dragoman.fileio import atomic_write_bytes

    if expected is not None and not expected.matches(output):
        raise CatalogError("the file changed on disk since it was read; not overwriting it", output)
    try:
        atomic_write_bytes(output, text.encode(encoding))
    except OSError as exc:
        raise CatalogError(f"cannot write: {exc.strerror or exc}", output) from None


def _same_file(a: Path, b: Path | None) -> bool:
    return b is not None and a.resolve() == b.resolve()


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

    cat = read_po(source)
    original = source.read_bytes().decode(cat.encoding)
    text = render_po(canonicalize(cat))
    if check:
        if text != original.lstrip("\ufeff"):
            click.echo(f"{source}: not in gettext's canonical format", err=True)
            exit_with(1)
        return
    _write_or_print(text, output, encoding=cat.encoding,
                    expected=cat.fingerprint if _same_file(source, output) else None)


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
