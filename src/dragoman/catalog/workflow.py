"""The catalogs of a whole workspace: extract every source report, update every language.

``update_workspace`` is what ``dragoman update`` and ``dragoman build`` run. Per source report:
read, segment, extract ``locales/templates/<slug>.pot``, and update
``locales/<lang>/LC_MESSAGES/<slug>.po`` of every target language, filling new entries from
the translation memory. Files are written only when their content changes (an unchanged
template keeps its POT-Creation-Date), atomically, and never over a file a translator saved
since it was read.

Incremental: ``locales/.dragoman-state.json`` remembers a hash of each source report and of
the glossary; a report whose hash is unchanged and whose catalogs all exist is not processed
again (``force=True`` processes everything, e.g. after the memory grew). Reports are
processed by ``jobs`` worker processes, or on the Dask cluster of ``scheduler``
(:mod:`dragoman.executor`); ``progress(done, total)`` is called as they finish, in bytes of
reports. A worker renders an article's files and this process writes them (atomically), and
the state at the end, so a worker lost mid-way loses nothing: its articles are processed again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping

from dragoman import __version__
from dragoman.config import Workspace
from dragoman.errors import CatalogError, DragomanError
from dragoman.fileio import Fingerprint, relative
from dragoman.model import Article

STATE_NAME = ".dragoman-state.json"

Progress = Callable[[int, int], None]


@dataclass
class ArticleResult:
    source: str  # path relative to the workspace root
    slug: str = ""
    written: list[str] = field(default_factory=list)
    #: Files to write, as rendered by the job: (path, content, fingerprint of the file read).
    files: list[tuple[str, bytes, Fingerprint | None]] = field(default_factory=list)
    error: tuple[str, str, str | None, int | None] | None = None  # (class, message, path, line)
    source_hash: str = ""


@dataclass
class UpdateReport:
    """What an update did: the reports processed, those skipped as unchanged, the errors."""

    processed: list[ArticleResult] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[DragomanError] = field(default_factory=list)

    @property
    def written(self) -> list[str]:
        return [path for result in self.processed for path in result.written]


def hash_files(paths) -> str:
    """One digest of the names and contents of ``paths`` (what the results of an update or a
    lint depend on, beside the reports: the glossary's files)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def hash_source(path: Path) -> tuple[str, int]:
    """The SHA-256 digest (hex) and size of a source report: what the catalogs' state and the
    lint cache of ``dragoman build`` know it by (one reading of it serves both)."""
    data = Path(path).read_bytes()
    return hashlib.sha256(data).hexdigest(), len(data)


def glossary_files(ws: Workspace) -> list[Path]:
    folder = ws.glossary_dir
    if folder.is_file():
        return [folder]
    return sorted(folder.glob("*.tsv")) if folder.is_dir() else []


@lru_cache(maxsize=4)
def _glossary(folder: Path, digest: str):
    """The workspace glossary, loaded once per process and version of its files (None when
    the workspace has none)."""
    if not folder.exists():
        return None
    from dragoman.glossary import load_glossary

    return load_glossary(folder)


# -- state ------------------------------------------------------------------------------

def _state_path(ws: Workspace) -> Path:
    return ws.locales_dir / STATE_NAME


def _load_state(ws: Workspace) -> dict:
    try:
        state = json.loads(_state_path(ws).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _save_state(ws: Workspace, state: dict) -> None:
    from dragoman.fileio import atomic_write_text

    atomic_write_text(_state_path(ws), json.dumps(state, indent=1, sort_keys=True) + "\n")


# -- one article --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Task:
    ws: Workspace
    source: Path
    langs: tuple[str, ...]
    source_hash: str
    glossary_hash: str
    article: Article | None = None  # already read and segmented (``dragoman build``)


#: Memories of the target languages, set in each worker process once.
_MEMORIES: dict = {}


def _init_worker(memories: dict) -> None:
    """Take the :func:`~dragoman.memory.search.shipped` memories of the target languages."""
    _MEMORIES.clear()
    if memories:
        from dragoman.memory.search import received

        _MEMORIES.update({lang: received(memory) for lang, memory in memories.items()})


def _process(task: _Task) -> ArticleResult:
    result = ArticleResult(relative(task.source, task.ws.root), source_hash=task.source_hash)
    try:
        article, template = _extract_template(task, result)
    except DragomanError as exc:
        result.error = _sent(exc)
        return result
    try:
        _update_catalogs(task, article, template, result)
    except DragomanError as exc:
        result.error = _sent(exc)
    return result


def _sent(exc: DragomanError) -> tuple[str, str, str | None, int | None]:
    """An error as it travels back from a worker process (see :func:`_error_class`)."""
    return type(exc).__name__, exc.message, exc.path, exc.line


def _extract_template(task: _Task, result: ArticleResult):
    """Read the report and render its template (when it changed): the article and the
    template. (Memories are not used: they may still be loading.)"""
    from dragoman.catalog.extract import extract
    from dragoman.catalog.po import po_bytes, read_po
    from dragoman.sources import read_source

    ws = task.ws
    article = task.article or read_source(ws, task.source)
    result.slug = article.slug
    glossary = _glossary(ws.glossary_dir, task.glossary_hash)
    template = extract(article, glossary, **_extract_options(ws, article, result))
    pot_path = ws.pot_path(article.slug)
    old_template = read_po(pot_path) if pot_path.exists() else None
    if old_template is not None and _same_template(old_template, template):
        template.header["POT-Creation-Date"] = old_template.header.get(
            "POT-Creation-Date", template.header["POT-Creation-Date"])
    else:
        result.files.append((str(pot_path), po_bytes(template, pot_path),
                             old_template.fingerprint if old_template else None))
    return article, template


def _extract_options(ws: Workspace, article: Article, result: ArticleResult) -> dict:
    return dict(reference=result.source, project=article.slug, bugs_to=ws.site_url)


def _update_catalogs(task: _Task, article: Article, template, result: ArticleResult) -> None:
    """Update the catalog of each language to the template, filling it from the memories."""
    from dragoman.catalog.extract import extract
    from dragoman.catalog.merge import update
    from dragoman.catalog.po import po_bytes, read_po
    from dragoman.memory import MemorySettings

    ws = task.ws
    glossary = _glossary(ws.glossary_dir, task.glossary_hash)
    options = _extract_options(ws, article, result)
    settings = MemorySettings.from_table(ws.sections.get("memory"), ws.root / "dragoman.toml")
    for lang in task.langs:
        po_path = ws.po_path(lang, article.slug)
        own = relative(po_path, ws.root)
        localized = extract(article, glossary, lang, **options)
        localized.header["POT-Creation-Date"] = template.header["POT-Creation-Date"]
        old = read_po(po_path) if po_path.exists() else None
        new = update(old, localized, lang, _MEMORIES.get(lang), exact=settings.exact,
                     memory_cutoff=settings.cutoff, hidden_origin=own,
                     respelling=_respelling(glossary))
        if old is not None and new == old:
            continue
        result.files.append((str(po_path), po_bytes(new, po_path),
                             old.fingerprint if old is not None else None))


def _respelling(glossary):
    """What tells a sentence respelled by ``glossary fix`` (None without a glossary)."""
    if glossary is None:
        return None
    from dragoman.glossary.lint import Respelling

    return Respelling(glossary)


def _same_template(old, new) -> bool:
    def body(catalog):
        header = {k: v for k, v in catalog.header.items() if k != "POT-Creation-Date"}
        return header, [m.content() for m in catalog.messages]

    return body(old) == body(new)


# -- the workspace ----------------------------------------------------------------------

def update_workspace(ws: Workspace, jobs: int = 1, progress: Progress | bool | None = None, *,
                     force: bool = False, languages: tuple[str, ...] | None = None,
                     templates_only: bool = False, raise_errors: bool = True,
                     articles: Mapping[Path, Article] | None = None,
                     scheduler: str | None = None,
                     hashes: Mapping[Path, tuple[str, int]] | None = None) -> UpdateReport:
    """Extract and update the catalogs of every source report of ``ws``.

    ``templates_only`` writes the POT templates and nothing else (``dragoman extract``).
    ``progress`` is a callable ``(done, total)``; anything else means no progress reports
    (the library prints nothing: the command line draws the bar).
    A report that fails does not stop the others; at the end the first error is raised
    (``raise_errors``) or all are left in the returned report. ``articles`` (source path ->
    article) are reports already read and segmented, which are not read again; ``hashes``
    (source path -> :func:`hash_source`) are reports already hashed.
    """
    if not callable(progress):
        progress = None
    from dragoman.readers import discover

    langs = () if templates_only else tuple(languages or ws.target_languages)
    sources = discover(ws.sources_dir)
    state = _load_state(ws)
    glossary_hash = hash_files(glossary_files(ws))
    fresh_state = (state.get("version") == __version__ and state.get("glossary") == glossary_hash
                   and state.get("line_breaks", True) == ws.line_breaks)
    known = state.get("sources", {}) if fresh_state else {}
    report = UpdateReport()
    tasks = []
    sizes: dict[Path, int] = {}  # progress counts bytes: one large report is most of the work
    for source in sources:
        rel = relative(source, ws.root)
        try:
            digest, sizes[source] = (hashes or {}).get(source) or hash_source(source)
        except OSError as exc:
            report.errors.append(CatalogError(f"cannot read: {exc.strerror}", source))
            continue
        seen = known.get(rel)
        if (not force and not templates_only and seen and seen.get("sha256") == digest
                and _outputs_exist(ws, seen.get("slug", ""), langs)):
            report.unchanged.append(rel)
            continue
        tasks.append(_Task(ws, source, langs, digest, glossary_hash,
                           (articles or {}).get(source)))

    total = sum(sizes.values())
    done = total - sum(sizes[task.source] for task in tasks)
    if progress:
        progress(done, total)
    here = not scheduler and (jobs == 1 or len(tasks) == 1)
    memories = _memories(ws, langs) if tasks else {}
    owners = {entry.get("slug", ""): rel for rel, entry in known.items() if rel in report.unchanged}
    with _Pool(None if here else (jobs, scheduler), memories) as pool:
        # Slugs first: two reports with one slug would write the same catalogs.
        runnable = []
        for task, (slug, error) in zip(tasks, pool.map(_slug_of, tasks)):
            rel = relative(task.source, ws.root)
            if error is None and slug in owners:
                error = ("CatalogError", f"slug {slug!r} is also the slug of {owners[slug]}; "
                         "give one of them another slug in its front matter", rel, None)
            if error is not None:
                report.errors.append(_error_class(error[0])(*error[1:]))
                done += sizes[task.source]
                continue
            owners[slug] = rel
            runnable.append(task)
        for task, result in zip(runnable, pool.map(_process, runnable)):
            _write_files(ws, result)
            done += sizes[task.source]
            if progress:
                progress(done, total)
            if result.error is not None:
                report.errors.append(_error_class(result.error[0])(*result.error[1:]))
            else:
                report.processed.append(result)
    if not templates_only:
        sources_state = {rel: known[rel] for rel in report.unchanged}
        for result in report.processed:
            sources_state[result.source] = {"sha256": result.source_hash, "slug": result.slug}
        fresh = {"version": __version__, "glossary": glossary_hash, "line_breaks": ws.line_breaks,
                 "sources": sources_state}
        if fresh != state:
            try:
                _save_state(ws, fresh)
            except OSError as exc:  # (a read-only locales/: the reports' own errors first)
                report.errors.append(CatalogError(f"cannot write: {exc.strerror or exc}",
                                                  _state_path(ws)))
    if raise_errors and report.errors:
        raise report.errors[0]
    return report


def _write_files(ws: Workspace, result: ArticleResult) -> None:
    """Write the files a job rendered, each atomically and only over the file it read; the
    first that cannot be written is the article's error."""
    from dragoman.catalog.po import write_po_bytes

    files, result.files = result.files, []
    if result.error is not None:
        return
    for path, data, expected in files:
        try:
            write_po_bytes(path, data, expected)
        except DragomanError as exc:
            result.error = _sent(exc)
            return
        result.written.append(relative(Path(path), ws.root))


def _outputs_exist(ws: Workspace, slug: str, langs) -> bool:
    return bool(slug) and ws.pot_path(slug).exists() and all(
        ws.po_path(lang, slug).exists() for lang in langs)


def _memories(ws: Workspace, langs) -> dict:
    from dragoman.memory import load_memory

    return {lang: load_memory(ws, lang) for lang in langs}


class _Pool:
    """``map`` in this process (``workers`` None) or by an executor (``(jobs, scheduler)``,
    :func:`dragoman.executor.open_executor`) whose workers each receive the memories once,
    as their store's address where they have a store (:func:`~dragoman.memory.search.shipped`)."""

    def __init__(self, workers: tuple[int, str | None] | None, memories: dict):
        self.workers, self.memories = workers, memories
        if memories:
            from dragoman.memory.search import shipped

            self.memories = {lang: shipped(memory) for lang, memory in memories.items()}
        self.executor = None

    def __enter__(self) -> "_Pool":
        if self.workers is not None:
            from dragoman.executor import open_executor

            jobs, scheduler = self.workers
            self.executor = open_executor(jobs, scheduler, initializer=_init_worker,
                                          initargs=(self.memories,))
        else:
            _init_worker(self.memories)
        return self

    def __exit__(self, *exc) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)
        _MEMORIES.clear()

    def map(self, function, items):
        if self.executor is None:
            return map(function, items)
        chunk = max(1, min(32, len(items) // (self.executor.workers * 8)))
        return self.executor.map(function, items, chunksize=chunk)


def _slug_of(task: _Task) -> tuple[str, tuple | None]:
    from dragoman.readers import read_article

    if task.article is not None:
        return task.article.slug, None
    try:
        return read_article(task.source, task.ws.source_language).slug, None
    except DragomanError as exc:
        return "", _sent(exc)


def _error_class(name: str) -> type[DragomanError]:
    import dragoman.errors as errors

    found = getattr(errors, name, None)
    return found if isinstance(found, type) and issubclass(found, DragomanError) else DragomanError
