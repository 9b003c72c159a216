"""Checks of the PO header: complete, and Plural-Forms right for the language.

The reference Plural-Forms is ``dragoman.locales``' (GNU gettext and Weblate). Babel's own
Arabic table swaps forms 4 and 5 (n = 11 selects msgstr[5]); ``msgfmt --check`` cannot see
that, so this check compares what the expressions select, count by count.
"""

from __future__ import annotations

import gettext
import re
from functools import cache

from dragoman.checks.registry import catalog_check
from dragoman.checks.unit import CatalogContext

#: Fields without which tools mis-read the file.
ESSENTIAL_FIELDS = ("Language", "Content-Type", "Plural-Forms")
#: Fields every translated catalog should fill in, and the template values that mean "not filled".
METADATA_FIELDS = {
    "Project-Id-Version": ("PACKAGE VERSION",),
    "PO-Revision-Date": ("YEAR-MO-DA",),
    "Last-Translator": ("FULL NAME",),
    "Language-Team": ("LANGUAGE <LL@li.org>",),
    "MIME-Version": (),
    "Content-Transfer-Encoding": (),
}
#: Counts compared when judging a plural rule: all the residues mod 100 and then some.
PLURAL_SAMPLE = range(0, 1001)


def _header(ctx: CatalogContext) -> dict[str, str]:
    return {k: v for k, v in ctx.catalog.header.items()}


@catalog_check("header", "error", "Header lacks Language, UTF-8 Content-Type or Plural-Forms")
def header(ctx: CatalogContext):
    fields = _header(ctx)
    for name in ESSENTIAL_FIELDS:
        if not fields.get(name, "").strip():
            yield f"no {name} field", None
    language = fields.get("Language", "").strip()
    if language and re.split(r"[_@-]", language)[0] != ctx.lang:
        yield f"Language is {language!r}, the catalog is {ctx.lang!r}", None
    content_type = fields.get("Content-Type", "")
    if content_type and "charset=utf-8" not in content_type.lower().replace(" ", ""):
        yield f"Content-Type {content_type!r} is not charset=UTF-8", None


@catalog_check("header-metadata", "warning", "Header metadata missing or left at template values")
def header_metadata(ctx: CatalogContext):
    if ctx.catalog.header_fuzzy:
        yield "the header is marked fuzzy: msgfmt and translation tools may ignore it", None
    fields = _header(ctx)
    for name, placeholders in METADATA_FIELDS.items():
        value = fields.get(name, "").strip()
        if not value:
            yield f"no {name} field", None
        elif any(p in value for p in placeholders):
            yield f"{name} is still the template value {value!r}", None


def parse_plural_forms(value: str) -> tuple[int, str]:
    """``(nplurals, expression)`` of a Plural-Forms value; ValueError if malformed."""
    m = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", value)
    if not m:
        raise ValueError(f"not of the form 'nplurals=N; plural=EXPR;': {value!r}")
    return int(m.group(1)), m.group(2)


def plural_selector(expression: str):
    """A function n -> form index, through gettext's own safe C-expression parser."""
    return gettext.c2py(expression)


@catalog_check("plural-forms", "error", "Plural-Forms differs from the language's rule")
def plural_forms(ctx: CatalogContext):
    value = _header(ctx).get("Plural-Forms", "").strip()
    if not value:
        return
    try:
        nplurals, expression = parse_plural_forms(value)
        selector = plural_selector(expression)
    except ValueError as exc:
        yield f"Plural-Forms cannot be read: {exc}", None
        return
    expected = plural_selector(ctx.locale.plural)
    if nplurals != ctx.locale.nplurals:
        yield f"nplurals={nplurals}, {ctx.locale.english_name} has {ctx.locale.nplurals}: {ctx.locale.plural_forms}", None
        return
    differing = [n for n in PLURAL_SAMPLE if selector(n) != expected(n)]
    if not differing:
        return
    n = differing[0]
    swapped = {(selector(k), expected(k)) for k in differing}
    note = ""
    if swapped == {(4, 5), (5, 4)} and ctx.lang == "ar":
        note = " (forms 4 and 5 swapped, as in Babel's Arabic table)"
    yield (
        f"n={n} selects msgstr[{selector(n)}], {ctx.locale.english_name} needs msgstr[{expected(n)}]{note}; "
        f"use {ctx.locale.plural_forms}",
        None,
    )


@catalog_check("plural-count", "error", "Plural entry with a msgstr count other than nplurals")
def plural_count(ctx: CatalogContext):
    try:
        nplurals, _ = parse_plural_forms(_header(ctx).get("Plural-Forms", ""))
    except ValueError:
        nplurals = ctx.locale.nplurals
    for entry in ctx.entries:
        if entry.msgid_plural and len(entry.msgstr_plural) != nplurals:
            yield f"{len(entry.msgstr_plural)} plural forms, Plural-Forms says nplurals={nplurals}", entry


@cache
def _counts_by_form(expression: str) -> dict[int, frozenset[int]]:
    select = plural_selector(expression)
    forms: dict[int, set[int]] = {}
    for n in PLURAL_SAMPLE:
        forms.setdefault(select(n), set()).add(n)
    return {form: frozenset(ns) for form, ns in forms.items()}


def plural_counts(catalog, locale) -> dict[int, frozenset[int]]:
    """For each plural form, the counts (0–1000) that select it: by the catalog's own
    Plural-Forms, which gettext selects with (and msgfmt --check reads), else by ``locale``'s
    rule."""
    try:
        _, expression = parse_plural_forms(catalog.header.get("Plural-Forms", ""))
        return _counts_by_form(expression)
    except ValueError:
        return _counts_by_form(locale.plural)
