"""Open work: untranslated and fuzzy entries, and completion against the workspace threshold.

An untranslated entry is only a note while the catalog still reaches its threshold (the
edition falls back to the source for it); a catalog below the threshold is an error, because its
edition is not complete. Fuzzy entries are warnings: they are never published, and a
translator must confirm them.
"""

from __future__ import annotations

from dragoman.catalog.stats import catalog_stats, count_words
from dragoman.checks.registry import catalog_check
from dragoman.checks.unit import CatalogContext


def source_words(entry) -> int:
    return count_words(entry.msgid)


@catalog_check("untranslated", "info", "Entry not translated")
def untranslated(ctx: CatalogContext):
    for entry in ctx.entries:
        if not entry.has_translation:
            yield f"not translated ({source_words(entry)} source words)", entry


@catalog_check("fuzzy", "warning", "Entry marked fuzzy: never published until a translator confirms it")
def fuzzy(ctx: CatalogContext):
    for entry in ctx.entries:
        if entry.fuzzy and entry.has_translation:
            yield "marked fuzzy: review the translation and remove the flag", entry


@catalog_check("completion", "error", "Catalog below the workspace's completion threshold")
def completion(ctx: CatalogContext):
    """Counted as ``dragoman stats`` counts (:func:`dragoman.catalog.stats.catalog_stats`)."""
    if all(entry.translated for entry in ctx.entries):
        return  # complete: no words to count (the tokenizer alone takes a quarter second to load)
    stats = catalog_stats(ctx.catalog, "", ctx.lang)
    if stats.words and stats.completion < ctx.threshold:
        yield (
            f"{stats.completion:.0%} of source words translated ({stats.translated_words} of "
            f"{stats.words}; {stats.untranslated} untranslated, {stats.fuzzy} fuzzy entries), "
            f"below the {ctx.lang} threshold of {ctx.threshold:.0%}",
            None,
        )
