"""Unknown spellings of glossary names: transliteration skeletons and a typo index.

Every English name term of the glossary is folded to a *skeleton* with the rules of
``data/termrules/transliteration.tsv`` and ``articles.tsv`` (Al-Hasakah, al-Hasakeh and Hasaka
all give ``hasaka``; Al-Qamishli and Al-Qamishly give ``kami$li``). A name in a text whose
skeleton equals a term's is a transliteration variant; one whose skeleton is one edit away
(Al-Qamishi, Al-Qamishily) is a typo variant, if both skeletons are long enough for one edit to
be a slip rather than another word, and the first letter agrees.

Candidates are found without a loop over terms: skeletons are dictionary keys, and typos are
found through a deletion index (each skeleton is also filed under every string obtained by
deleting one of its letters; two strings within one edit share such a key).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

from dragoman.glossary.keys import rule_rows
from dragoman.glossary.matcher import is_acronym
from dragoman.glossary.model import Glossary, Term

#: Shortest skeleton for which one edit may still be a typo of a name, not another name.
MIN_TYPO_LENGTH = 6
#: Shortest skeleton that may be matched at all.
MIN_LENGTH = 4

_APOSTROPHES = re.compile(r"['’‘`ʿʾʼ]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—]+")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_DOUBLES = re.compile(r"(.)\1+")


@cache
def articles() -> tuple[frozenset[str], frozenset[str]]:
    """(articles removed before a hyphen, articles also removed as a separate word)."""
    rows = rule_rows("articles.tsv")
    hyphen = frozenset(r[0].lower() for r in rows)
    space = frozenset(r[0].lower() for r in rows if len(r) > 1 and r[1] == "space")
    return hyphen, space


@cache
def _rules() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    endings, replaces = [], []
    for kind, source, target in rule_rows("transliteration.tsv"):
        (endings if kind == "ending" else replaces).append((source, target))
    return tuple(endings), tuple(replaces)


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """The transliteration skeleton of an English spelling of a name (lookup only)."""
    text = unicodedata.normalize("NFKD", _POSSESSIVE.sub("", name.strip()))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _APOSTROPHES.sub("", text)
    hyphen_articles, space_articles = articles()
    pieces = re.split(f"({_SEPARATORS.pattern})", text)  # words and the separators between them
    words: list[str] = []
    for index in range(0, len(pieces), 2):
        word = pieces[index]
        if not word:
            continue
        separator = pieces[index + 1] if index + 1 < len(pieces) else ""
        is_last = index + 2 >= len(pieces) or not any(pieces[index + 2:: 2])
        is_article = not is_last and (
            (separator.strip() and word in hyphen_articles) or (not separator.strip() and word in space_articles))
        if is_article:
            # A leading article is dropped (Al-Hasakah = Hasakah); one inside a name is kept
            # as a neutral vowel, whatever its spelling (Deir ez-Zor = Deir Ezzor, Ras al-Ain =
            # Ras el Ain).
            if words:
                words.append("e")
            continue
        words.append(word)
    endings, replaces = _rules()
    out = []
    for word in words:
        if len(word) > 3:
            for source, target in endings:
                if word.endswith(source):
                    word = word[: -len(source)] + target
                    break
        for source, target in replaces:
            word = word.replace(source, target)
        out.append(word)
    return _DOUBLES.sub(r"\1", "".join(out))


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1:] for i in range(len(key))}


def is_name_term(term: Term) -> bool:
    """English terms the variant detector guards: names (a capital letter after any article),
    not acronyms and not generic phrases such as "regime forces"."""
    if term.lang != "en" or is_acronym(term.term):
        return False
    words = [w for w in _SEPARATORS.split(term.term) if w]
    hyphen_articles, _ = articles()
    significant = [w for w in words if w.lower() not in hyphen_articles] or words
    return any(w[:1].isupper() for w in significant) and len(skeleton(term.term)) >= MIN_LENGTH


@dataclass(frozen=True)
class Variant:
    """A name in a text that looks like an unknown spelling of ``term``."""

    term: Term
    confidence: float


class VariantIndex:
    """Skeletons of a glossary's English name terms, for exact and one-edit look-ups."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.exact: dict[str, set[str]] = {}
        self.deleted: dict[str, set[str]] = {}
        for term in glossary.terms("en"):
            if not is_name_term(term):
                continue
            key = skeleton(term.term)
            self.exact.setdefault(key, set()).add(term.concept)
            # Typos are looked for near approved spellings only: a slip of a deprecated
            # spelling is too far from the name to be told from another word.
            if term.approved and len(key) >= MIN_TYPO_LENGTH:
                for variant in _deletions(key) | {key}:
                    self.deleted.setdefault(variant, set()).add(key)
        # Distinct names are matched by skeleton (all their spellings), except one whose
        # skeleton is a glossary name's too (Achrafieh in Beirut, Ashrafieh in Aleppo): that
        # one only as spelled.
        distinct = [row[0] for row in rule_rows("distinct_names.txt")]
        self.distinct = {skeleton(n) for n in distinct} - set(self.exact)
        # A spelling the glossary lists in any Latin-script language (Kurmanji Hesekê quoted
        # in English text) is a known term, never a variant of another.
        self.listed = {t.term.casefold() for lang in ("en", "kmr") for t in glossary.terms(lang)}
        self.listed |= {n.casefold() for n in distinct}
        self._order = {concept: index for index, concept in enumerate(glossary.concepts)}

    def lookup(self, name: str) -> Variant | None:
        """The glossary term ``name`` is most likely a variant of, or ``None``."""
        key = skeleton(name)
        if len(key) < MIN_LENGTH or key in self.distinct or name.casefold() in self.listed:
            return None
        concepts = self.exact.get(key)
        if concepts:
            return self._best(concepts, 0.95)
        if len(key) < MIN_TYPO_LENGTH - 1:
            return None
        close: dict[str, int] = {}
        for probe in _deletions(key) | {key}:
            for target in self.deleted.get(probe, ()):
                if target[0] != key[0] or target in close:
                    continue
                distance = Levenshtein.distance(key, target, score_cutoff=1)
                if distance <= 1:
                    close[target] = distance
        if not close:
            return None
        concepts = set().union(*(self.exact[t] for t in close))
        target = max(close, key=len)
        similarity = Levenshtein.normalized_similarity(key, target)
        return self._best(concepts, round(0.5 + 0.4 * similarity, 2))

    def _best(self, concepts: set[str], confidence: float) -> Variant | None:
        preferred = {self.glossary.preferred(c, "en") for c in concepts}
        if len(preferred) != 1:
            return None  # two different names are equally close: say nothing
        concept = min(concepts, key=self._order.__getitem__)
        term = self.glossary.concept(concept).preferred("en")
        return Variant(term, confidence)
