"""What translators and the checks need from the glossary, per segment and target language.

``check_translation`` answers, for a source segment and its translation: which concepts the
source names and, for each, whether the translation holds an approved target term and
whether it holds a deprecated one. Target terms are found with the language's match key
(Arabic proclitics, Sorani and Kurmanji endings allowed: بالحسكة, للحسكة, Qamişloyê hold the
term), so a clitic is never an alarm.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from dragoman.glossary.keys import ARABIC_SCRIPT, keyed, match_key
from dragoman.glossary.model import APPROVED, Glossary
from dragoman.rulefiles import arabic_proclitics, rule_rows

#: Whose forms of a name a translation in a language is checked for: Arabic forms in Sorani
#: text (القامشلي), English forms in Kurmanji text (Qamishli), Sorani forms in Arabic text.
FOREIGN_FORMS = {"ckb": "ar", "kmr": "en", "ar": "ckb"}


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
    #: Spellings of an approved term that differ from it by a script habit, and forms of
    #: the name in another language (:func:`target_variants`), as written.
    variants: tuple[TargetVariant, ...] = ()

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


class TargetVariant(NamedTuple):
    """A spelling in a translation that differs from the approved ``term`` of ``concept`` by
    a script habit (``kind`` "variant": القامشلى, Qamislo) or is the name's form in another
    language (``kind`` "foreign": القامشلي in Sorani, Qamishli in Kurmanji)."""

    concept: str
    term: str
    found: str
    start: int
    end: int
    kind: str


def _exact(text: str, lang: str) -> str:
    """``text`` as spelled, less what never makes a spelling differ: format controls, tatweel,
    harakat and other Arabic diacritics (pyarabic), alef wasla (a vocalisation sign too), and
    case."""
    text = unicodedata.normalize("NFKC", text)
    if lang in ARABIC_SCRIPT:
        from pyarabic import araby

        text = araby.strip_tatweel(araby.strip_diacritics(text)).replace("ٱ", "ا")
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return text.casefold()


def _spelled_as(found: str, term: str, lang: str) -> bool:
    """``found`` (a match, with a Kurdish ending, without an Arabic proclitic) is ``term``
    as the glossary spells it: the term, its article dropped after لل, or its final -e
    dropped before a Kurmanji ending."""
    found, term = _exact(found, lang), _exact(term, lang)
    stems = [term]
    article = arabic_proclitics()["article"][0]
    if lang in ARABIC_SCRIPT and term.startswith(article):
        stems.append(term[len(article):])
    if lang == "kmr" and term.endswith("e"):
        stems.append(term[:-1])
    return any(found.startswith(stem) for stem in stems)


@cache
def _lookalike_patterns(lang: str) -> tuple[re.Pattern | None, re.Pattern | None]:
    """(phrases on the loose key, lowercase Latin phrases on the text as written)."""
    keyed_phrases, written = [], []
    for row in rule_rows("termrules/lookalikes.tsv", 3):
        if row[0] != lang:
            continue
        phrase = row[1]
        if phrase[:1].islower() and phrase.isascii():
            written.append(re.escape(phrase))
        else:
            keyed_phrases.append(re.escape(match_key(phrase, lang, loose=True)))

    def compiled(parts):
        return re.compile(r"(?<!\w)(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")\w*") if parts else None

    return compiled(keyed_phrases), compiled(written)


def mask_lookalikes(text: str, lang: str) -> str:
    """``text`` with the look-alikes of ``data/termrules/lookalikes.tsv`` (the Syrian
    government's قوى الأمن الداخلي, Iraqi Kurdistan's Asayîş, the common noun ئاسایش,
    persons such as Mazloum Kobani, Kurmanji "hola") blanked, offsets kept."""
    on_key, on_text = _lookalike_patterns(lang)
    spans = []
    if on_key is not None and lang == "en":  # the English key is the text lowercased
        spans += [m.span() for m in on_key.finditer(text.lower())]
    elif on_key is not None:
        kt = keyed(text, lang, loose=True)
        spans += [kt.span(*m.span()) for m in on_key.finditer(kt.key) if m.end() > m.start()]
    if on_text is not None:
        spans += [m.span() for m in on_text.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def in_lookalike(text: str, start: int, end: int, lang: str) -> bool:
    """``text[start:end]`` is inside a look-alike (see :func:`mask_lookalikes`): the test
    for a few spans of a long text, which need not be masked whole."""
    left = max(0, start - 80)
    masked = mask_lookalikes(text[left:end + 80], lang)
    return masked[start - left:end - left].isspace()


def _foreign_matcher(glossary: Glossary, lang: str):
    """The automaton of another language's name terms (FOREIGN_FORMS) on ``lang``'s loose
    key, without those spelled as an approved ``lang`` term of the same concept."""
    def build():
        from dragoman.glossary.matcher import Matcher, is_acronym
        from dragoman.glossary.variants import is_name_term

        other = FOREIGN_FORMS[lang]
        own = {(t.concept, match_key(t.term, lang, loose=True)) for t in glossary.terms(lang) if t.approved}
        terms = [t for t in glossary.terms(other) if t.approved and not is_acronym(t.term)
                 and (other != "en" or is_name_term(t))
                 and (t.concept, match_key(t.term, lang, loose=True)) not in own]
        return Matcher(terms, lang, loose=True)

    return glossary.derived(("foreign", lang), build)


def target_variants(glossary: Glossary, text: str, lang: str) -> list[TargetVariant]:
    """Spellings of glossary names in a ``lang`` text that differ from an approved term by
    a script habit (Arabic ة/ه, ى/ي, hamza and alef forms, the article; Sorani ك/ک, ي/ی,
    ه/ە, ۆ/و; Kurmanji ê/e, î/i, û/u, ş/s, ç/c), and forms of a name in another language,
    clitic- and ending-aware as the match keys are; never inside a look-alike."""
    masked = mask_lookalikes(text, lang)
    return _variants(glossary, masked, lang, glossary.find(masked, lang, overlapping=True))


def _variants(glossary: Glossary, text: str, lang: str, matches) -> list[TargetVariant]:
    """:func:`target_variants` of a ``text`` already masked, given its (overlapping) glossary
    ``matches``, which a caller that needs them too finds once."""
    # What the key finds spelled as the glossary spells it (an article dropped after لل
    # included) is the term; what only the loose key finds, or finds spelled otherwise, is
    # a variant.
    spelled = {(m.concept, m.end) for m in matches if _spelled_as(m.found, m.term, lang)}
    found: list[TargetVariant] = []
    for match in glossary.find(text, lang, overlapping=True, loose=True):
        if match.status in APPROVED and (match.concept, match.end) not in spelled:
            found.append(TargetVariant(match.concept, match.term, match.found, match.start,
                                       match.end, "variant"))
    if lang in FOREIGN_FORMS:
        for match in _foreign_matcher(glossary, lang).find(text, overlapping=True):
            if FOREIGN_FORMS[lang] == "en" and not match.found[:1].isupper():
                continue  # a name is capitalised in Kurmanji too ("syria" in an address is not)
            term = glossary.preferred(match.concept, lang) or match.term
            found.append(TargetVariant(match.concept, term, match.found, match.start,
                                       match.end, "foreign"))
    # One report per place: the longest span, a variant before a foreign form.
    found.sort(key=lambda v: (v.start, -v.end, v.kind != "variant"))
    out: list[TargetVariant] = []
    for variant in found:
        if not any(v.start <= variant.start and variant.end <= v.end for v in out[-3:]):
            out.append(variant)
    return out


def source_concepts(glossary: Glossary, source: str, source_lang: str = "en"):
    """The first match of each concept in ``source``, in text order."""
    seen = {}
    for match in glossary.find(mask_lookalikes(source, source_lang), source_lang):
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
    masked = mask_lookalikes(translation, target_lang)
    matches = glossary.find(masked, target_lang, overlapping=True)
    for match in matches:
        approved, deprecated = found.setdefault(match.concept, ([], []))
        (deprecated if match.status == "deprecated" else approved).append(match.found)
    variants: dict[str, list[TargetVariant]] = {}
    for variant in _variants(glossary, masked, target_lang, matches):
        variants.setdefault(variant.concept, []).append(variant)
    checks = []
    for match in concepts:
        approved, deprecated = found.get(match.concept, ([], []))
        checks.append(ConceptCheck(
            concept=match.concept, source_term=match.found, source_start=match.start,
            source_end=match.end, expected=glossary.preferred(match.concept, target_lang),
            approved=tuple(approved), deprecated=tuple(deprecated),
            variants=tuple(variants.get(match.concept, ()))))
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
