"""Which archived translation is the translation of which English report.

Metadata first: a translation's ``translation_of`` front-matter field (an English URL, slug or
file name), then the same canonical URL, then the same slug. What metadata cannot pair is paired
by content: among the English reports of the same date (all of them when a side has no date),
the one sharing the most names, numbers and dates with it, if they share enough. Whatever stays
alone is reported with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dragoman.align.anchors import WEAK_ANCHORS, Anchors
from dragoman.model import Article

#: Share of their strong anchors two reports must have in common to be paired by content.
MIN_SHARED = 0.3


@dataclass
class Report:
    """What pairing needs to know about one archived report."""

    path: Path
    slug: str
    url: str
    translation_of: str
    day: date | None
    anchors: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Unpaired:
    path: Path
    reason: str


@dataclass
class Pairing:
    pairs: list[tuple[Path, Path]]
    unpaired: list[Unpaired]


def describe(article: Article, anchors: Anchors) -> Report:
    """What pairing needs of a report read: its metadata and its anchors."""
    extra = article.meta.extra
    found_anchors: set[str] = set()
    for block in article.blocks:
        found_anchors |= anchors.find(block.text)
    return Report(Path(article.path), article.slug,
                  _normal_url(extra.get("canonical") or article.meta.url),
                  extra.get("translation_of", ""),
                  article.meta.date.date() if article.meta.date else None,
                  frozenset(found_anchors) - set(WEAK_ANCHORS))


def _normal_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/").lower()


def pair_reports(english: list[Report], translations: list[Report]) -> Pairing:
    by_url = {r.url: r for r in english if r.url}
    by_slug = {r.slug: r for r in english}
    by_name = {r.path.stem: r for r in english}
    taken: set[Path] = set()
    pairs: list[tuple[Path, Path]] = []
    unpaired: list[Unpaired] = []
    by_content: list[Report] = []
    for t in translations:
        if t.translation_of:
            wanted = t.translation_of.strip()
            match = by_url.get(_normal_url(wanted)) or by_slug.get(wanted) or by_name.get(
                Path(wanted).stem)
            if match is None or match.path in taken:
                unpaired.append(Unpaired(t.path, f"translation_of {wanted!r} names no English "
                                                 "report" + (" left" if match else "")))
                continue
        else:
            match = by_url.get(t.url) if t.url else None
            if match is None and t.slug in by_slug and by_slug[t.slug].path not in taken:
                match = by_slug[t.slug]
        if match is None or match.path in taken:
            by_content.append(t)
            continue
        taken.add(match.path)
        pairs.append((match.path, t.path))
    for t in by_content:
        candidates = [e for e in english if e.path not in taken
                      and (e.day is None or t.day is None or e.day == t.day)]
        best, best_share = None, 0.0
        for e in candidates:
            union = e.anchors | t.anchors
            share = len(e.anchors & t.anchors) / len(union) if union else 0.0
            if share > best_share:
                best, best_share = e, share
        if best is None or best_share < MIN_SHARED:
            reason = ("no English report of the same date left" if not candidates else
                      f"no English report of {'the same date' if t.day else 'any date'} shares "
                      f"enough names and numbers with it (best {best_share:.0%})")
            unpaired.append(Unpaired(t.path, reason))
            continue
        taken.add(best.path)
        pairs.append((best.path, t.path))
    unpaired += [Unpaired(e.path, "no translation found for it") for e in english
                 if e.path not in taken]
    return Pairing(pairs, unpaired)
