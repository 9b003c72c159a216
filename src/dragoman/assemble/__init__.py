"""Assemble: an article plus a language's translations becomes an edition, rendered as an
HTML page, Markdown or plain text. See ``merge`` for the rules (fallback policy, threshold,
fuzzy never used) and ``render`` for the output (lang/dir, bidi isolation, metadata)."""

from dragoman.assemble.merge import Edition, EditionBlock, edition_for, merge
from dragoman.assemble.render import Alternate, render_html, render_markdown, render_text

__all__ = ["Alternate", "Edition", "EditionBlock", "edition_for", "merge",
           "render_html", "render_markdown", "render_text"]
