"""Open work: untranslated and fuzzy entries, and completion against the workspace threshold.

An untranslated entry is only a note while the catalog still reaches its threshold (the
edition falls back to the source for it); a catalog below the threshold is an error, because its
edition is not complete. Fuzzy entries are warnings: they are never published, and a
translator must confirm them.
"""

from __future__ import annotations

from dragoman.checks import text
from dragoman.checks.registry import catalog_check
from dragoman.checks.unit import CatalogContext


def source_words(entry) -> int:
    return len(text.WORD.findall(text.plain(entry.msgid)))


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
    total = sum(source_words(e) for e in ctx.entries)
    if not total:
        return
    done = sum(source_words(e) for e in ctx.entries if e.translated)
    share = done / total
    if share < ctx.threshold:
        open_entries = sum(1 for e in ctx.entries if not e.has_translation)
        fuzzy_entries = sum(1 for e in ctx.entries if e.fuzzy and e.has_translation)
        yield (
            f"{share:.0%} of source words translated ({done} of {total}; {open_entries} untranslated, "
            f"{fuzzy_entries} fuzzy entries), below the {ctx.lang} threshold of {ctx.threshold:.0%}",
            None,
        )
