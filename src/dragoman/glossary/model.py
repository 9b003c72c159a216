"""The glossary model (TBX-Basic's): concepts, each with terms per language, each term with a
status. Pure data plus lookups; files are read in :mod:`dragoman.glossary.tsv`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

STATUSES = ("preferred", "admitted", "deprecated")
#: Languages a glossary may hold (the source language and the three targets).
LANGUAGES = ("en", "ar", "ckb", "kmr")
#: The languages reports are translated into.
TARGET_LANGUAGES = LANGUAGES[1:]
APPROVED = frozenset({"preferred", "admitted"})


def concept_id_for(name: str) -> str:
    """A concept id made from a name: casefolded, each run of other characters than letters,
    digits and _ one hyphen (Al-Hasakah City -> al-hasakah-city)."""
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-")


@dataclass(frozen=True)
class Term:
    """One row of the glossary: a spelling of a concept in one language."""

    concept: str
    lang: str
    term: str
    status: str
    kind: str = ""
    note: str = ""
    path: str = ""
    line: int = 0

    @property
    def approved(self) -> bool:
        return self.status in APPROVED

    def row(self) -> tuple[str, str, str, str, str, str]:
        """The data of the row, without where it came from (what a round trip must keep)."""
        return (self.concept, self.lang, self.term, self.status, self.kind, self.note)


@dataclass(frozen=True)
class Concept:
    """A named thing (a city, an armed group...) with its terms in every language."""

    id: str
    terms: tuple[Term, ...]

    @property
    def kind(self) -> str:
        """The concept's kind: the first non-empty ``kind`` among its rows."""
        return next((t.kind for t in self.terms if t.kind), "")

    def terms_in(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.lang == lang]

    def preferred(self, lang: str) -> Term | None:
        return next((t for t in self.terms if t.lang == lang and t.status == "preferred"), None)

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(t.lang for t in self.terms))


class TermMatch(NamedTuple):
    """A glossary term found in a text: ``text[start:end]`` is ``found``, a spelling of
    ``term`` (exactly, or differing in case, or, on the target side, in the match key).
    A named tuple: a lint of a large corpus creates millions."""

    concept: str
    term: str
    status: str
    lang: str
    start: int
    end: int
    found: str = ""


@dataclass
class Glossary:
    """Concepts by id, in file order. Matchers (one per language) and the variant index are
    built on first use and kept in ``_cache`` (:meth:`derived`)."""

    concepts: dict[str, Concept]
    sources: tuple[str, ...] = ()
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __eq__(self, other) -> bool:
        return isinstance(other, Glossary) and self.rows() == other.rows()

    def rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """Every term row, concept by concept, in order."""
        return [t.row() for c in self.concepts.values() for t in c.terms]

    def concept(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    def preferred(self, concept_id: str, lang: str) -> str | None:
        """The preferred term of a concept in ``lang``, or ``None``."""
        return self._preferred.get((concept_id, lang))

    @cached_property
    def _preferred(self) -> dict[tuple[str, str], str]:
        return {(t.concept, t.lang): t.term for c in self.concepts.values() for t in c.terms
                if t.status == "preferred"}

    def terms(self, lang: str) -> list[Term]:
        return [t for c in self.concepts.values() for t in c.terms if t.lang == lang]

    @cached_property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(t.lang for c in self.concepts.values() for t in c.terms))

    def derived(self, key, build):
        """What ``build()`` gives, built on first use and kept for this glossary under
        ``key``: the matchers, the variant index, other modules' tables of the terms."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def matcher(self, lang: str, loose: bool = False):
        from dragoman.glossary.matcher import Matcher

        return self.derived((lang, "loose") if loose else lang,
                            lambda: Matcher(self.terms(lang), lang, loose))

    def find(self, text: str, lang: str, overlapping: bool = False, loose: bool = False) -> list[TermMatch]:
        """Every glossary term of ``lang`` in ``text``, in one pass over the text: whole words,
        leftmost-longest (``overlapping``: also terms inside longer ones), case-insensitive
        (acronyms exactly), with Arabic proclitics and Kurdish endings allowed on the target
        side. A span that names two concepts (a city and its governorate) gives one match per
        concept. ``loose``: on the loose key (:mod:`dragoman.glossary.keys`), which also
        finds spellings that differ from a term by a script habit."""
        return self.matcher(lang, loose).find(text, overlapping)

    def check_translation(self, source: str, translation: str, target_lang: str):
        """See :func:`dragoman.glossary.target.check_translation`."""
        from dragoman.glossary.target import check_translation

        return check_translation(self, source, translation, target_lang)

    def translator_notes(self, source_text: str, target_lang: str) -> list[str]:
        """See :func:`dragoman.glossary.target.translator_notes`."""
        from dragoman.glossary.target import translator_notes

        return translator_notes(self, source_text, target_lang)

    def translate_term(self, text: str, target_lang: str) -> str | None:
        """The preferred ``target_lang`` term when ``text`` is nothing but one English term
        (a heading "Al-Hasakah", a caption "SDF."), else ``None``: such a segment needs no
        translator."""
        stripped = text.strip().rstrip(".:;,!?").strip()
        if not stripped:
            return None
        matches = [m for m in self.find(stripped, "en") if m.start == 0 and m.end == len(stripped)]
        targets = {self.preferred(m.concept, target_lang) for m in matches}
        if len(targets) != 1 or None in targets:
            return None
        return targets.pop()
