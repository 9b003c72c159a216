"""The main job, ``dragoman build``: every stage of the design, wired in order.

read + segment every source report -> lint it against the glossary -> extract and update the
PO catalogs of every target language -> merge each catalog into an edition (fallback policy,
threshold) -> write the site. The English edition gets the glossary's preferred spellings;
the catalogs keep the report's own text as msgids, so translators see what was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from dragoman.config import Workspace
from dragoman.errors import AssembleError
from dragoman.model import Article
from dragoman.sources import read_source


@dataclass
class Skipped:
    """An edition that was not built, and why (below threshold, refused by policy)."""

    lang: str
    slug: str
    reason: str


@dataclass
class BuildResult:
    articles: list[Article]
    findings: list = field(default_factory=list)
    editions: dict[str, list] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def summary(self) -> dict[str, str]:
        """Per language: how many editions were built and their completion."""
        out = {}
        for lang, editions in self.editions.items():
            parts = [f"{e.slug} {e.completion:.0%}{' (draft)' if not e.complete else ''}"
                     for e in editions]
            parts += [f"{s.slug} not built: {s.reason}" for s in self.skipped if s.lang == lang]
            out[lang] = "; ".join(parts) or "no editions"
        return out


def read_articles(ws: Workspace) -> dict[Path, Article]:
    """Every source report of the workspace by its path, read and segmented."""
    from dragoman.readers import discover

    return {path: read_source(ws, path) for path in discover(ws.sources_dir)}


def lint_sources(paths, glossary) -> list:
    """Glossary findings (deprecated and suspected spellings) in the source reports ``paths``."""
    from dragoman.glossary import lint_file

    return [finding for path in paths for finding in lint_file(glossary, path)]


def preferred_spellings(article: Article, glossary, line_breaks: bool = True) -> Article:
    """The source article with deprecated spellings replaced by the preferred terms (suspected
    variants are only reported: an editor decides on them)."""
    from dragoman.glossary.lint import apply_fixes, lint_text, masked_view
    from dragoman.segment import segment_article

    blocks = []
    for block in article.blocks:
        masked = masked_view(block.text, block.markup)
        findings = lint_text(glossary, masked, article.path, source=block.text,
                             include_suspected=False)
        text = apply_fixes(block.text, findings)
        blocks.append(block if text == block.text else replace(block, text=text, segments=()))
    return segment_article(article.with_blocks(blocks), line_breaks=line_breaks)


def build(ws: Workspace, *, draft: bool = False, jobs: int = 1, progress=None,
          scheduler: str | None = None) -> BuildResult:
    """Run every stage; ``progress`` is an optional ``(done, total)`` callback for the catalog
    update, the long part on a large workspace, which runs in ``jobs`` processes or on the
    Dask cluster of ``scheduler`` (:func:`dragoman.executor.open_executor`)."""
    from dragoman.assemble import edition_for
    from dragoman.catalog.po import read_po
    from dragoman.catalog.workflow import update_workspace
    from dragoman.glossary import load_glossary
    from dragoman.publish.site import build_site

    glossary = load_glossary(ws.glossary_dir)
    articles = read_articles(ws)
    result = BuildResult(articles=list(articles.values()),
                         findings=lint_sources(articles, glossary))
    update_workspace(ws, jobs=jobs, progress=progress, articles=articles, scheduler=scheduler)
    source = ws.source_language
    result.editions[source] = [edition_for(ws, preferred_spellings(a, glossary, ws.line_breaks), source)
                               for a in result.articles]
    for lang in ws.target_languages:
        built = result.editions.setdefault(lang, [])
        for article in result.articles:
            po = ws.po_path(lang, article.slug)
            catalog = read_po(po) if po.exists() else None
            try:
                built.append(edition_for(ws, article, lang, catalog, draft=draft))
            except AssembleError as exc:
                result.skipped.append(Skipped(lang, article.slug, exc.message))
    result.written = build_site(ws, result.articles, result.editions, draft=draft)
    return result
