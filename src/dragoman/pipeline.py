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
from dragoman.errors import AssembleError, DragomanError, ErrorList
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
    #: Lint findings in reports unchanged since the last build (not listed again).
    unchanged_findings: int = 0
    #: ``path:line: ...`` of what a build left out of a page: parts of a report its reader
    #: does not translate (code blocks, images), unsafe markup of a translation.
    warnings: list[str] = field(default_factory=list)
    editions: dict[str, list] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    #: Slugs of reports withdrawn from the sources since the last build (editions removed).
    retracted: list[str] = field(default_factory=list)

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
    """Every source report of the workspace by its path, read and segmented; when some
    cannot be read, the error of each of them (:class:`ErrorList` when more than one)."""
    from dragoman.readers import discover

    articles, errors = {}, []
    for path in discover(ws.sources_dir):
        try:
            articles[path] = read_source(ws, path)
        except DragomanError as exc:
            errors.append(exc)
    ErrorList.raise_if_any(errors)
    return articles


def lint_sources(paths, glossary) -> list:
    """Glossary findings (deprecated and suspected spellings) in the source reports ``paths``."""
    from dragoman.glossary import lint_file

    return [finding for path in paths for finding in lint_file(glossary, path)]


#: Under the locales folder, next to the catalogs' state: the number of lint findings of
#: each report, under its hash and the glossary's.
LINT_CACHE = ".dragoman-lint.json"


def lint_changed(ws: Workspace, paths, glossary, progress=None, hashes=None) -> tuple[list, int]:
    """The glossary findings of the reports ``paths`` that changed since the last build, and
    how many findings the unchanged ones hold (remembered, not looked for again: a large
    workspace's rebuild does not lint megabytes that did not change). ``progress(done,
    total)`` counts bytes of reports. ``hashes`` (path -> digest and size, as
    :func:`~dragoman.catalog.workflow.hash_source` gives them) are reports already hashed."""
    import json

    from dragoman import __version__
    from dragoman.catalog.workflow import glossary_files, hash_files, hash_source
    from dragoman.fileio import atomic_write_text, relative

    cache_path = ws.locales_dir / LINT_CACHE
    key = f"{__version__} {hash_files(glossary_files(ws))}"
    try:
        cache = json.loads(cache_path.read_text("utf-8"))
        known = cache["reports"] if cache.get("key") == key else {}
    except (OSError, ValueError, KeyError, AttributeError):
        known = {}
    findings, unchanged, counts = [], 0, {}
    hashes = {path: (hashes or {}).get(path) or hash_source(path) for path in paths}
    total, done = sum(size for _, size in hashes.values()), 0
    for path in paths:
        if progress:
            progress(done, total)
        digest, size = hashes[path]
        done += size
        rel = relative(Path(path), ws.root)
        seen = known.get(rel)
        if isinstance(seen, list) and seen[0] == digest:
            unchanged += seen[1]
            counts[rel] = seen
            continue
        found = lint_sources([path], glossary)
        findings += found
        counts[rel] = [digest, len(found)]
    if progress:
        progress(total, total)
    if counts != known:
        atomic_write_text(cache_path, json.dumps({"key": key, "reports": counts}, indent=0,
                                                 sort_keys=True) + "\n", durable=False)
    return findings, unchanged


def preferred_spellings(article: Article, glossary, line_breaks: bool = True) -> Article:
    """The source article with deprecated spellings replaced by the preferred terms (suspected
    variants are only reported: an editor decides on them)."""
    from dragoman.segment import segment_article

    respell = preferred_spelling(glossary)
    blocks = []
    for block in article.blocks:
        text = respell(block.text, block.markup)
        blocks.append(block if text == block.text else replace(block, text=text, segments=()))
    return segment_article(article.with_blocks(blocks), line_breaks=line_breaks)


def preferred_spelling(glossary):
    """``respell(text, markup)``: a source text with its deprecated spellings replaced by the
    preferred terms, for the English edition and the English fallback inside the others."""
    from dragoman.glossary.lint import apply_fixes, lint_text, masked_view

    def respell(text: str, markup: str) -> str:
        findings = lint_text(glossary, masked_view(text, markup), source=text, include_suspected=False)
        return apply_fixes(text, findings)

    return respell


def unsafe_markup(article: Article, catalog, path: Path) -> list[str]:
    """A warning for each translation of ``catalog`` whose markup the editions leave out
    (scripts, event handlers, ``javascript:`` links...), and for header fields that reach a
    page (the translator credit) carrying markup: untrusted text never vanishes silently."""
    from dragoman.assemble.merge import carries_markup
    from dragoman.assemble.sanitize import removed_markup

    html_segments = {s.text for block in article.blocks if block.markup == "html"
                     for s in block.segments}
    warnings = []
    for message in catalog.messages:
        if message.obsolete or message.fuzzy or message.msgid not in html_segments:
            continue
        removed = removed_markup(message.msgstr)
        if removed:
            warnings.append(f"{path}:{message.lineno or 0}: warning: unsafe markup removed from "
                            f"the translation of {message.msgid[:50]!r}: {', '.join(removed)}")
    for field_name in ("Last-Translator", "Language-Team"):
        value = catalog.header.get(field_name, "")
        if carries_markup(value):
            lines = Path(path).read_text("utf-8", errors="replace").splitlines()
            line = next((n for n, text in enumerate(lines, 1) if f'"{field_name}:' in text), 1)
            warnings.append(f"{path}:{line}: warning: the header field {field_name} carries "
                            f"markup, left out of the pages: {value!r}")
    return warnings


def build(ws: Workspace, *, draft: bool = False, jobs: int = 1, progress=None,
          scheduler: str | None = None) -> BuildResult:
    """Run every stage; ``progress`` is an optional ``(step, done, total)`` callback for the
    long ones: ``lint`` and ``catalogs`` in bytes of reports, ``editions`` in segments. The
    catalog update runs in ``jobs`` processes or on the Dask cluster of ``scheduler``
    (:func:`dragoman.executor.open_executor`)."""
    progress = progress or (lambda step, done, total: None)
    from dragoman.assemble import edition_for
    from dragoman.catalog.po import read_po
    from dragoman.catalog.workflow import hash_source, update_workspace
    from dragoman.fileio import check_writable_folder
    from dragoman.glossary import load_glossary
    from dragoman.publish.site import build_site

    check_writable_folder(ws.locales_dir)
    check_writable_folder(ws.output_dir)
    glossary = load_glossary(ws.glossary_dir)
    articles = read_articles(ws)
    notes = [f"{a.path}:{line or 1}: note: {what}" for a in articles.values() for line, what in a.notes]
    hashes = {path: hash_source(path) for path in articles}
    findings, unchanged_findings = lint_changed(
        ws, articles, glossary, lambda done, total: progress("lint", done, total), hashes)
    result = BuildResult(articles=list(articles.values()), findings=findings,
                         unchanged_findings=unchanged_findings, warnings=notes)
    ErrorList.raise_if_any(update_workspace(
        ws, jobs=jobs, progress=lambda done, total: progress("catalogs", done, total),
        articles=articles, raise_errors=False, scheduler=scheduler, hashes=hashes).errors)
    source = ws.source_language
    result.editions[source] = [edition_for(ws, preferred_spellings(a, glossary, ws.line_breaks), source)
                               for a in result.articles]
    segments = {a.slug: sum(len(b.segments) for b in a.blocks) for a in result.articles}
    total, done = sum(segments.values()) * len(ws.target_languages), 0
    respell = preferred_spelling(glossary)
    for lang in ws.target_languages:
        built = result.editions.setdefault(lang, [])
        for article in result.articles:
            progress("editions", done, total)
            done += segments[article.slug]
            po = ws.po_path(lang, article.slug)
            catalog = read_po(po) if po.exists() else None
            if catalog is not None:
                result.warnings += unsafe_markup(article, catalog, po)
            try:
                built.append(edition_for(ws, article, lang, catalog, draft=draft,
                                         respell=respell))
            except AssembleError as exc:
                result.skipped.append(Skipped(lang, article.slug, exc.message))
    progress("editions", total, total)
    site = build_site(ws, result.articles, result.editions, draft=draft)
    result.written, result.retracted = site.written, site.retracted
    return result
