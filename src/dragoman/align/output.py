"""Aligned pairs as a translation memory: a PO compendium or a TMX 1.4 file.

The compendium is an ordinary PO catalog written by the project's PO writer (so ``msgcat`` and
``msgfmt --check`` accept it, and the workspace's ``[memory] compendia`` reads it as it is): one
entry per English sentence, its ``#:`` reference the English file and line, a ``# dragoman:``
comment with the pair's confidence and bead, and the fuzzy flag where the confidence is below
the threshold (gettext's tools and dragoman's memory then offer it as a suggestion only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from dragoman.align import Pair
from dragoman.catalog.extract import language_header, template_header
from dragoman.catalog.po import Catalog, Message, render_po
from dragoman.fileio import atomic_write_text

#: Pairs below this confidence are written fuzzy.
THRESHOLD = 0.5
FORMATS = ("po", "tmx")


def compendium(pairs: Iterable[tuple[Pair, str]], lang: str, threshold: float = THRESHOLD) -> Catalog:
    """A catalog of the ``(pair, English file)`` pairs that have both sides. An English
    sentence aligned more than once keeps its most confident translation."""
    best: dict[str, tuple[Pair, str]] = {}
    for pair, origin in pairs:
        if not pair.paired:
            continue
        kept = best.get(pair.source)
        if kept is None or pair.confidence > kept[0].confidence:
            best[pair.source] = (pair, origin)
    catalog = Catalog(language_header(template_header("dragoman alignment"), lang))
    for pair, origin in best.values():
        message = Message(
            pair.source, pair.target,
            translator_comments=[f"dragoman: aligned, confidence {pair.confidence:.2f}, "
                                 f"bead {pair.bead}"],
            references=[f"{origin}:{pair.line}" if pair.line else origin])
        message.fuzzy = pair.confidence < threshold
        catalog.add(message)
    return catalog


def output_format(path: str | Path) -> str:
    """``tmx`` for a ``.tmx`` file, ``po`` otherwise."""
    return "tmx" if str(path).lower().endswith(".tmx") else "po"


def render(catalog: Catalog, fmt: str, lang: str) -> str:
    if fmt == "tmx":
        from dragoman.catalog.exchange import catalog_to_tmx

        return catalog_to_tmx(catalog, "en", lang, include_fuzzy=True)
    return render_po(catalog)


def write(path: str | Path, catalog: Catalog, lang: str) -> None:
    """The memory written atomically, in the format the file's suffix names."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, render(catalog, output_format(path), lang))
