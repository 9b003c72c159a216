"""Translation statistics per article and language, and the open work against the memory.

Words are counted as a translation agency counts them: tokens of the source sentence (the
Moses tokenizer of sacremoses, inline HTML tags removed) that contain a letter or a digit.
Completion is the share of source words in translated (not fuzzy) entries. The analysis puts
every open entry (untranslated or fuzzy) in the band of its best translation-memory match
(100%, 95-99%, 85-94%, 75-84%, 50-74%, no match), so a publisher can estimate the cost.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

# (dragoman.memory, for the bands, is imported where they are used: checks count words
# without it)

_TAG = re.compile(r"<[^>]*>")
_WORDLIKE = re.compile(r"\w", re.UNICODE)
#: Memory matches below this are "no match" in the analysis.
ANALYSIS_CUTOFF = 0.5


@lru_cache(maxsize=4)
def _tokenizer(lang: str):
    from sacremoses import MosesTokenizer

    return MosesTokenizer(lang=lang)


@lru_cache(maxsize=65536)
def count_words(text: str, lang: str = "en") -> int:
    """Source words of a sentence (Moses tokens with a letter or digit; tags not counted)."""
    plain = _TAG.sub(" ", text)
    tokens = _tokenizer(lang).tokenize(plain, escape=False, aggressive_dash_splits=False)
    return sum(1 for token in tokens if _WORDLIKE.search(token))


@dataclass
class Band:
    entries: int = 0
    words: int = 0


@dataclass
class CatalogStats:
    slug: str
    lang: str
    entries: int = 0
    words: int = 0
    translated: int = 0
    translated_words: int = 0
    fuzzy: int = 0
    fuzzy_words: int = 0
    untranslated: int = 0
    untranslated_words: int = 0
    #: Open work by memory-match band (filled only when a memory is given).
    bands: dict[str, Band] = field(default_factory=dict)

    @property
    def completion(self) -> float:
        """Share of source words translated (1.0 for an empty catalog)."""
        return self.translated_words / self.words if self.words else 1.0

    def add(self, other: "CatalogStats") -> None:
        for name in ("entries", "words", "translated", "translated_words", "fuzzy",
                     "fuzzy_words", "untranslated", "untranslated_words"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name, counts in other.bands.items():
            mine = self.bands.setdefault(name, Band())
            mine.entries += counts.entries
            mine.words += counts.words

    def to_dict(self) -> dict:
        from dragoman.memory import BAND_NAMES

        data = asdict(self)
        data["completion"] = round(self.completion, 4)
        data["bands"] = {name: asdict(self.bands[name]) for name in BAND_NAMES
                         if name in self.bands}
        return data


def catalog_stats(catalog, slug: str, lang: str, memory=None, hidden_origin: str | None = None,
                  source_lang: str = "en") -> CatalogStats:
    """Counts for one catalog; with ``memory``, the analysis of its open entries
    (leaving out its units of ``hidden_origin``, e.g. this very catalog)."""
    stats = CatalogStats(slug, lang)
    if memory is not None:
        from dragoman.memory import BAND_NAMES, band

        stats.bands = {name: Band() for name in BAND_NAMES}
    open_work: list[tuple[str, int]] = []  # (source, words) of the entries to analyse
    for message in catalog.messages:
        if message.obsolete or not message.msgid:
            continue
        words = count_words(message.msgid, source_lang)
        stats.entries += 1
        stats.words += words
        if message.translated:
            stats.translated += 1
            stats.translated_words += words
            continue
        if message.fuzzy and message.has_translation:
            stats.fuzzy += 1
            stats.fuzzy_words += words
        else:
            stats.untranslated += 1
            stats.untranslated_words += words
        open_work.append((message.msgid, words))
    if memory is not None and open_work:
        hits = memory.lookup_many([source for source, _ in open_work], ANALYSIS_CUTOFF,
                                  hidden_origin)
        for (_, words), hit in zip(open_work, hits):
            counts = stats.bands[band(hit.score if hit else None)]
            counts.entries += 1
            counts.words += words
    return stats


def workspace_stats(ws, languages=None, with_memory: bool = True, progress=None) -> list[CatalogStats]:
    """Stats of every catalog of the workspace (per target language, per article), with the
    analysis of open work against each language's memory; ``progress(done, total)`` counts
    bytes of catalogs."""
    from dragoman.catalog.po import read_po
    from dragoman.fileio import relative
    from dragoman.memory import load_memory

    out = []
    catalogs = {}
    for lang in languages or ws.target_languages:
        folder = ws.po_path(lang, "x").parent
        catalogs[lang] = sorted(folder.glob("*.po")) if folder.is_dir() else []
    sizes = {path: path.stat().st_size for paths in catalogs.values() for path in paths}
    total, done = sum(sizes.values()), 0
    for lang, paths in catalogs.items():
        memory = load_memory(ws, lang) if with_memory and paths else None
        for path in paths:
            if progress:
                progress(done, total)
            done += sizes[path]
            out.append(catalog_stats(read_po(path), path.stem, lang, memory,
                                     hidden_origin=relative(path, ws.root),
                                     source_lang=ws.source_language))
    return out


def totals(stats: list[CatalogStats]) -> dict[str, CatalogStats]:
    """Sums per language."""
    out: dict[str, CatalogStats] = {}
    for item in stats:
        out.setdefault(item.lang, CatalogStats("(all)", item.lang)).add(item)
    return out


def render_text(stats: list[CatalogStats]) -> str:
    """A table per article and language, totals per language, then the memory analysis."""
    head = ("article", "lang", "entries", "words", "transl.", "words", "fuzzy", "words",
            "untransl.", "words", "done")
    rows = [head]
    for item in stats + list(totals(stats).values()):
        rows.append((item.slug, item.lang, item.entries, item.words, item.translated,
                     item.translated_words, item.fuzzy, item.fuzzy_words, item.untranslated,
                     item.untranslated_words, f"{item.completion:.0%}"))
    lines = _columns(rows)
    analysed = [t for t in totals(stats).values() if t.bands]
    if analysed:
        from dragoman.memory import BAND_NAMES

        lines.append("")
        lines.append("Open work (untranslated and fuzzy) against the translation memory:")
        band_rows = [("lang", *BAND_NAMES)]
        for item in analysed:
            band_rows.append((item.lang, *(f"{item.bands[n].words} w / {item.bands[n].entries}"
                                           for n in BAND_NAMES)))
        lines.extend(_columns(band_rows))
    return "\n".join(lines) + "\n"


def _columns(rows) -> list[str]:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                      for i, (c, w) in enumerate(zip(row, widths))).rstrip() for row in rows]
