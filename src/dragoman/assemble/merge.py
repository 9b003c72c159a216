"""Merge an article with one language's translations into an :class:`Edition`.

Fuzzy entries never get here: ``translations`` holds only translated, non-fuzzy entries
(``dragoman.catalog.translations``). A segment without a translation follows the policy:

* ``fallback`` — the source text, marked with its own ``lang`` and ``dir``;
* ``omit`` — left out (a block left empty disappears);
* ``refuse`` — the edition is not built (:class:`AssembleError` naming the block's line).

Completion is counted in source words, exactly as ``dragoman stats`` counts them. Below the language's threshold an edition is refused
unless it is built as a draft, which then carries a visible banner; under ``refuse`` a draft
falls back instead of refusing, since its purpose is a preview.
The gaps between segments are kept, so a fully translated block is segments + gaps.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from dragoman import locales
from dragoman.assemble.localize import localize_numbers
from dragoman.assemble.sanitize import FALLBACK_CLASS, sanitize_inline
from dragoman.catalog.stats import count_words
from dragoman.config import FALLBACK_POLICIES
from dragoman.errors import AssembleError
from dragoman.model import Article, Block, Segment

_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def plain_text(fragment: str) -> str:
    """The text of a sanitized inline HTML fragment, entities decoded."""
    return html.unescape(_TAGS.sub("", fragment))


@dataclass(frozen=True)
class EditionBlock:
    """A block of the edition: ``html`` is a sanitized inline fragment in which source-language
    fallback runs are ``<span class="fallback" lang=".." dir="..">``. A block with no
    translated segment at all is in the source language as a whole: then ``lang`` and ``dir``
    are set and belong on the block element (its base direction changes, not just a run)."""

    kind: str
    html: str
    level: int = 0
    line: int | None = None
    translated: bool = True
    lang: str = ""
    dir: str = ""


@dataclass(frozen=True)
class Edition:
    """An article in one language, ready to render."""

    article: Article
    lang: str
    title: str
    blocks: tuple[EditionBlock, ...]
    words: int
    translated_words: int
    threshold: float
    policy: str
    draft: bool = False
    translators: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.article.slug

    @property
    def is_source(self) -> bool:
        return self.lang == self.article.lang

    @property
    def completion(self) -> float:
        """Share of source words translated (1.0 for an article without words)."""
        return self.translated_words / self.words if self.words else 1.0

    @property
    def complete(self) -> bool:
        return self.completion >= self.threshold

    @property
    def title_block(self) -> EditionBlock | None:
        return next((b for b in self.blocks if b.kind == "title"), None)

    @property
    def body(self) -> tuple[EditionBlock, ...]:
        """The blocks after the title (a page shows the title once, as its heading)."""
        title = self.title_block
        return tuple(b for b in self.blocks if b is not title)


def merge(
    article: Article,
    translations: Mapping[str, str],
    lang: str,
    policy: str = "fallback",
    threshold: float = 0.0,
    *,
    draft: bool = False,
    translators: Sequence[str] = (),
    respell: Callable[[str, str], str] | None = None,
    digits: str = "latn",
) -> Edition:
    """The ``lang`` edition of ``article`` (see the module docstring for the rules); the
    numbers of its translations are written in ``digits`` (:func:`localize_numbers`).
    ``respell(text, markup)`` gives the source text shown as a fallback the spellings the
    source edition shows (the glossary's preferred terms)."""
    if policy not in FALLBACK_POLICIES:
        raise AssembleError(f"unknown fallback policy {policy!r}; use one of "
                            f"{', '.join(FALLBACK_POLICIES)}", article.path)
    lookup = _Lookup(translations, identity=lang == article.lang,
                     numbers=lambda text: localize_numbers(text, digits, lang))
    source_dir = locales.get(article.lang).direction
    blocks, words, done = [], 0, 0
    missing: list[Block] = []
    for block in article.blocks:
        pieces, block_words, block_done = [], 0, 0
        if block.segments or not block.text.strip():
            segments, gaps = block.segments, block.gaps()
        else:  # not segmented: the whole block is one unit
            segments, gaps = (Segment(0, len(block.text), block.text),), ["", ""]
        for gap, segment in zip(gaps, segments):
            pieces.append(gap if block.markup == "html" else html.escape(gap, quote=False))
            n = count_words(segment.text, article.lang)
            block_words += n
            target = lookup.get(segment.text) if segment.text.strip() else segment.text
            if target is not None:
                block_done += n
                pieces.append(target if block.markup == "html" else html.escape(target, quote=False))
                continue
            missing.append(block)
            if policy == "omit":
                continue
            source = respell(segment.text, block.markup) if respell else segment.text
            source = source if block.markup == "html" else html.escape(source, quote=False)
            pieces.append(f'<span class="{FALLBACK_CLASS}" lang="{article.lang}" '
                          f'dir="{source_dir}">{source}</span>')
        pieces.append(gaps[-1] if block.markup == "html" else html.escape(gaps[-1], quote=False))
        words += block_words
        done += block_done
        if block_words and not block_done:
            if policy == "omit":
                continue
            source = respell(block.text, block.markup) if respell else block.text
            source = source if block.markup == "html" else html.escape(source, quote=False)
            blocks.append(EditionBlock(block.kind, sanitize_inline(source), block.level, block.line,
                                       translated=False, lang=article.lang, dir=source_dir))
            continue
        fragment = sanitize_inline("".join(pieces))
        if policy == "omit":
            fragment = _SPACES.sub(" ", fragment).strip()
        blocks.append(EditionBlock(block.kind, fragment, block.level, block.line,
                                   translated=block_done == block_words))
    title = _title(article, blocks, lookup)
    if article.meta.title and not any(b.kind == "title" for b in article.blocks):
        title_words = count_words(article.meta.title, article.lang)
        words += title_words
        done += title_words if lookup.get(article.meta.title) is not None else 0
    edition = Edition(article, lang, title, tuple(blocks), words, done, threshold, policy,
                      draft=draft, translators=tuple(translators))
    if not edition.complete and not draft:
        raise AssembleError(
            f"the {lang} edition of {article.slug!r} is {edition.completion:.0%} translated "
            f"({done} of {words} words), below the threshold of {threshold:.0%}; "
            "translate more or build it as a draft (--draft)", article.path)
    if missing and policy == "refuse" and not draft:
        raise AssembleError(
            f"the {lang} edition of {article.slug!r} has untranslated segments and the policy is "
            "'refuse'", article.path, missing[0].line)
    return edition


def _title(article: Article, blocks: list[EditionBlock], lookup: "_Lookup") -> str:
    for block in blocks:
        if block.kind == "title":
            return _SPACES.sub(" ", plain_text(block.html)).strip()
    translated = lookup.get(article.meta.title) if article.meta.title else None
    return translated if translated is not None else article.title


class _Lookup:
    """msgid -> msgstr, tolerant of surrounding and repeated whitespace in the msgid."""

    def __init__(self, translations: Mapping[str, str], identity: bool,
                 numbers: Callable[[str], str]):
        self.exact = {k: v for k, v in translations.items() if v}
        self.loose = {_SPACES.sub(" ", k).strip(): v for k, v in self.exact.items()}
        self.identity = identity
        self.numbers = numbers  # writes a translation's numbers in the edition's digits

    def get(self, text: str) -> str | None:
        if self.identity:
            return text
        found = self.exact.get(text)
        if found is None:
            found = self.loose.get(_SPACES.sub(" ", text).strip())
        return self.numbers(found) if found is not None else found


def edition_for(workspace, article: Article, lang: str, catalog=None, *, draft: bool = False,
                respell: Callable[[str, str], str] | None = None) -> Edition:
    """The ``lang`` edition of ``article`` with the workspace's policy and threshold.

    ``catalog`` is the article's PO catalog for ``lang`` (``None`` for the source language or a
    catalog not created yet); its translated, non-fuzzy entries are used and its
    ``Last-Translator`` is credited.
    """
    translations: Mapping[str, str] = {}
    translators: tuple[str, ...] = ()
    if catalog is not None:
        from dragoman.catalog import translations as catalog_translations

        translations = catalog_translations(catalog)
        translators = translators_of(catalog.header, catalog.header_comments)
    return merge(article, translations, lang, workspace.fallback, workspace.threshold_for(lang),
                 draft=draft, translators=translators, respell=respell,
                 digits=workspace.locale(lang).digits)


#: What ``msginit`` and Poedit leave in unset credits.
_PLACEHOLDER_TRANSLATORS = ("FULL NAME", "FIRST AUTHOR", "Automatically generated")
#: A credit line of a PO header comment, as gettext tools and Transifex write it:
#: ``Name <email>, 2021, 2024.``
_CREDIT_LINE = re.compile(r"^\s*([^<>#,]+?<[^<>\s]+@[^<>\s]+>),\s*\d{4}")


def translators_of(header: Mapping[str, str], comments: Sequence[str] = ()) -> tuple[str, ...]:
    """Translator credits of a PO file: the header comment's ``Name <email>, YEAR.`` lines,
    then ``Last-Translator``; placeholders ignored, each name once."""
    credits = [m.group(1).strip() for m in map(_CREDIT_LINE.match, comments) if m]
    credits.append((header.get("Last-Translator") or "").strip())
    out: dict[str, str] = {}
    for credit in credits:
        if credit and not credit.startswith(_PLACEHOLDER_TRANSLATORS) and not carries_markup(credit):
            out.setdefault(credit.split("<")[0].strip().casefold(), credit)
    return tuple(out.values())


_EMAIL = re.compile(r"<[^<>\s]+@[^<>\s]+>")


def carries_markup(credit: str) -> bool:
    """True when a credit (``Name <email>``) holds markup besides its e-mail address: it is
    not put on a page (and the build says so)."""
    return bool(re.search(r"[<>]", _EMAIL.sub("", credit)))
