"""Glossary checks: approved target terms used, no deprecated or variant spelling, do-not-translate terms kept.

Matching is the glossary engine's (:mod:`dragoman.glossary`): on match keys, so بالحسكة and
للحسكة contain الحسكة, and Hesekê and Qamişloyê contain Heseke and Qamişlo. Whole-word matching
(Weblate, Okapi) reports those as missing terms; here they are not alarms.
"""

from __future__ import annotations

from dragoman.checks import text
from dragoman.checks.registry import entry_check
from dragoman.checks.unit import Unit

def admitted_names(glossary, lang: str) -> frozenset[str]:
    """Latin-script words a ``lang`` translation may carry (casefolded): the approved ``lang``
    terms written in Latin script, and the glossary's acronyms (SOHR, NDF, SDF), which
    newsrooms keep in Latin letters inside Arabic text."""
    if glossary is None:
        return frozenset()
    from dragoman.glossary.matcher import is_acronym  # (a check without a glossary: not loaded)

    names = {t.term for t in glossary.terms(lang) if t.approved and text.LATIN_WORD.search(t.term)}
    names |= {t.term for t in glossary.terms("en") if t.approved and is_acronym(t.term)}
    return frozenset(name.casefold() for name in names)


def untranslatable(glossary, verdict) -> bool:
    """A do-not-translate concept: its preferred target term is spelled as one of its English
    terms (a newsroom that keeps "SOHR" in every language says so in the glossary)."""
    if verdict.expected is None:
        return False
    english = {t.term for t in glossary.concept(verdict.concept).terms_in("en")}
    return verdict.expected in english


def _nested(unit: Unit, verdict) -> bool:
    """An approved term of the concept inside a longer term the matcher took as a whole
    (سوريا in شمال وشرق سوريا, "north and east Syria"): present, in the match key."""
    from dragoman.glossary import match_key

    translation = match_key(unit.plain_translation, unit.lang)
    return any(
        match_key(term.term, unit.lang) in translation
        for term in unit.glossary.concept(verdict.concept).terms_in(unit.lang)
        if term.approved
    )


@entry_check("glossary-deprecated", "error", "A deprecated glossary term in the translation")
def deprecated_term(unit: Unit) -> str | None:
    found = [f"{term!r} (use {v.expected!r})" for v in unit.glossary_verdicts for term in v.deprecated]
    return "deprecated " + ", ".join(dict.fromkeys(found)) if found else None


@entry_check("glossary-untranslatable", "error", "A do-not-translate term changed in the translation")
def untranslatable_term(unit: Unit) -> str | None:
    changed = [
        v.expected for v in unit.glossary_verdicts
        if not v.approved_present and untranslatable(unit.glossary, v) and not _nested(unit, v)
    ]
    return "keep " + ", ".join(map(repr, dict.fromkeys(changed))) + " as it is" if changed else None


@entry_check("glossary-term", "warning", "The approved glossary term is not in the translation")
def approved_term(unit: Unit) -> str | None:
    missing = [
        f"{v.source_term!r} -> {v.expected!r}"
        for v in unit.glossary_verdicts
        if v.expected and not v.approved_present and not v.deprecated_present
        and not untranslatable(unit.glossary, v) and not _nested(unit, v)
    ]
    return "expected " + ", ".join(dict.fromkeys(missing)) if missing else None


@entry_check("glossary-variant", "warning", "A glossary name spelled by another habit or language than its term")
def variant_term(unit: Unit) -> str | None:
    found = [f"{v.found!r} (use {v.term!r}{', another language' if v.kind == 'foreign' else ''})"
             for verdict in unit.glossary_verdicts for v in verdict.variants]
    return "spelled " + ", ".join(dict.fromkeys(found)) if found else None
