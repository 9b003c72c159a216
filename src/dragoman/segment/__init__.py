"""Sentence segmentation: translation units of a block of text.

``spans`` is the non-destructive core: offsets of each segment, so segments plus the gaps between
them rebuild the input byte for byte. Rules are data (``dragoman/data/segment/<lang>.rules``),
loaded once per language; an SRX 2.0 file can replace them (``dragoman.segment.srx``).
"""

from __future__ import annotations

from functools import lru_cache

from dragoman.model import Article
from dragoman.segment.engine import Segmenter
from dragoman.segment.markup import html_spans
from dragoman.segment.rules import LanguageRules, load_rules

__all__ = ["Segmenter", "LanguageRules", "load_rules", "segmenter", "spans", "sentences",
           "segment_article"]

MARKUPS = ("text", "html")


@lru_cache(maxsize=None)
def segmenter(lang: str = "en", line_breaks: bool = True) -> Segmenter:
    """The shared segmenter of ``lang`` (built once)."""
    return Segmenter(load_rules(lang), line_breaks=line_breaks)


def spans(text: str, lang: str = "en", markup: str = "text", *,
          line_breaks: bool = True) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence of ``text``, without surrounding whitespace.

    ``markup="html"``: ``text`` is an inline HTML fragment; no boundary falls inside a tag.
    ``line_breaks=False``: a single line break does not end a sentence (a blank line does).
    """
    seg = segmenter(lang, line_breaks)
    if markup == "text":
        return seg.spans(text)
    if markup == "html":
        return html_spans(text, seg.spans)
    raise ValueError(f"unknown markup {markup!r}; expected one of {', '.join(MARKUPS)}")


def sentences(text: str, lang: str = "en") -> list[str]:
    """The sentences of plain ``text``, in order (each without surrounding whitespace)."""
    return [text[a:b] for a, b in segmenter(lang).spans(text)]


def segment_article(article: Article, *, line_breaks: bool = True) -> Article:
    """The article with every block's segments filled in (block markup respected)."""
    return article.with_blocks(
        block.with_segments(spans(block.text, article.lang, block.markup, line_breaks=line_breaks))
        for block in article.blocks)
