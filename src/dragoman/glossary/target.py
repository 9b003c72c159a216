"""What translators and the checks need from the glossary, per segment and target language.

``check_translation`` answers, for a source segment and its translation: which concepts the
source names and, for each, whether the translation holds an approved target term and
whether it holds a deprecated one. Target terms are found with the language's match key
(Arabic proclitics, Sorani and Kurmanji endings allowed: بالحسكة, للحسكة, Qamişloyê hold the
term), so a clitic is never an alarm.
"""

from __future__ import annotations

from dataclasses import dataclass

from dragoman.glossary.model import Glossary


@dataclass(frozen=True)
class ConceptCheck:
    """One concept of a source segment, checked in its translation.

    ``expected`` is the preferred target term (``None`` when the glossary has no term in the
    target language: nothing to check). ``approved`` lists the approved target spellings
    found, ``deprecated`` the deprecated ones found, as written in the translation (with a
    Kurdish ending, without an Arabic proclitic), also inside a longer term (سوريا in
    شمال وشرق سوريا counts for Syria).
    """

    concept: str
    source_term: str
    source_start: int
    source_end: int
    expected: str | None
    approved: tuple[str, ...] = ()
    deprecated: tuple[str, ...] = ()

    @property
    def approved_present(self) -> bool:
        return bool(self.approved)

    @property
    def deprecated_present(self) -> bool:
        return bool(self.deprecated)

    @property
    def ok(self) -> bool:
        """Nothing to report: no target term to check, or an approved one and no deprecated."""
        return self.expected is None or (self.approved_present and not self.deprecated_present)


def source_concepts(glossary: Glossary, source: str, source_lang: str = "en"):
    """The first match of each concept in ``source``, in text order."""
    seen = {}
    for match in glossary.find(source, source_lang):
        seen.setdefault(match.concept, match)
    return list(seen.values())


def check_translation(glossary: Glossary, source: str, translation: str, target_lang: str,
                      source_lang: str = "en") -> list[ConceptCheck]:
    """For each concept ``source`` names: is its approved ``target_lang`` term in
    ``translation``, and is a deprecated one?"""
    concepts = source_concepts(glossary, source, source_lang)
    if not concepts:
        return []
    found: dict[str, tuple[list[str], list[str]]] = {}
    for match in glossary.find(translation, target_lang, overlapping=True):
        approved, deprecated = found.setdefault(match.concept, ([], []))
        (deprecated if match.status == "deprecated" else approved).append(match.found)
    checks = []
    for match in concepts:
        approved, deprecated = found.get(match.concept, ([], []))
        checks.append(ConceptCheck(
            concept=match.concept, source_term=match.found, source_start=match.start,
            source_end=match.end, expected=glossary.preferred(match.concept, target_lang),
            approved=tuple(approved), deprecated=tuple(deprecated)))
    return checks


def translator_notes(glossary: Glossary, source_text: str, target_lang: str,
                     source_lang: str = "en") -> list[str]:
    """The ``#.`` lines of a PO entry: each concept of the segment with its approved term in
    the catalog's language, e.g. ``Glossary: Al-Hasakah = الحسكة``."""
    notes = []
    for match in source_concepts(glossary, source_text, source_lang):
        source_term = glossary.preferred(match.concept, source_lang)
        target_term = glossary.preferred(match.concept, target_lang)
        if source_term and target_term:
            note = f"Glossary: {source_term} = {target_term}"
            if note not in notes:
                notes.append(note)
    return notes
