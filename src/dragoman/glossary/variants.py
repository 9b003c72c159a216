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

Beyond one slipped letter, a name is looked up, in order of confidence, as:

* a spelling the glossary lists in Kurmanji (Qamişlo, Hesekê, inflected or not) quoted in
  English text;
* a name with its article glued on (Alhasakah, Alshaddadi), for names written with one;
* a short name (Tay, Tai for Tayy) by its exact skeleton only;
* a near spelling that keeps the consonants of a name of four consonants or more and
  differs in vowels only (Sari Kani for Sere Kaniye).

A variant that is closer to the concept's Kurmanji spelling than to its preferred English
term is a Kurdish form of the name: it is fixed to the closest approved English term
(Qamişlo -> Qamishlo), not swapped for the Arabic-derived preferred one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from dragoman.glossary.keys import without_marks
from dragoman.glossary.matcher import is_acronym
from dragoman.glossary.model import Glossary, Term
from dragoman.rulefiles import rule_rows

#: Shortest skeleton for which one edit may still be a typo of a name, not another name.
MIN_TYPO_LENGTH = 6
#: Shortest skeleton that may be matched by more than its exact skeleton.
MIN_LENGTH = 4
#: Shortest skeleton of a short name (Tayy), matched by its exact skeleton only.
MIN_SHORT_LENGTH = 3
#: Fewest consonants for a vowels-only difference to be a near spelling, not another name.
MIN_CONSONANTS = 4
#: Confidence of each kind of look-up (typos: 0.5 + 0.4 x the skeletons' similarity).
EXACT, FOREIGN, GLUED, NEAR = 0.95, 0.9, 0.9, 0.7

_APOSTROPHES = re.compile(r"['’‘`ʿʾʼ]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—]+")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_DOUBLES = re.compile(r"(.)\1+")


@cache
def articles() -> tuple[frozenset[str], frozenset[str]]:
    """(articles removed before a hyphen, articles also removed as a separate word)."""
    rows = rule_rows("termrules/articles.tsv", 2)
    hyphen = frozenset(r[0].lower() for r in rows)
    space = frozenset(r[0].lower() for r in rows if r[1] == "space")
    return hyphen, space


@cache
def _rules() -> tuple[dict[str, str], tuple[tuple[str, str, int], ...], tuple[tuple[str, str], ...]]:
    words, endings, replaces = {}, [], []
    for kind, source, target, *shortest in rule_rows("termrules/transliteration.tsv"):
        if kind == "word":
            words[source] = target
        elif kind == "ending":
            endings.append((source, target, int(shortest[0]) if shortest else 4))
        else:
            replaces.append((source, target))
    return words, tuple(endings), tuple(replaces)


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """The transliteration skeleton of an English spelling of a name (lookup only)."""
    text = without_marks(_POSSESSIVE.sub("", name.strip())).lower()
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
    whole_words, endings, replaces = _rules()
    out = []
    for word in words:
        word = whole_words.get(word, word)
        for source, target, shortest in endings:
            if len(word) >= shortest and word.endswith(source):
                word = word[: -len(source)] + target
                break
        for source, target in replaces:
            word = word.replace(source, target)
        out.append(word)
    return _DOUBLES.sub(r"\1", "".join(out))


def consonants(key: str) -> str:
    """A skeleton without its vowels after the first letter: the key of near spellings."""
    return key[:1] + re.sub("[aeiou]", "", key[1:])


def fold(name: str) -> str:
    """A Latin spelling casefolded, without diacritics, apostrophes and separators:
    Qamişlo and Qamislo, Serêkaniyê and Sere Kaniye compare equal."""
    return _SEPARATORS.sub("", _APOSTROPHES.sub("", without_marks(name.casefold())))


def similarity(name: str, term: str) -> float:
    """How alike two spellings look, 0 to 100 (rapidfuzz's ratio of the casefolded
    spellings without diacritics)."""
    return fuzz.ratio(fold(name), fold(term))


def _near_key(name: str, key: str) -> str:
    """The near-spelling key of a name of two words or more: its consonants and the first
    letters of its words (Sari Kani and Sere Kaniye: ``srkn s k``). A one-word name has
    none: vowels alone tell too many one-word names apart (Bokmål, Al-Bukamal)."""
    initials = [w[:1] for w in _SEPARATORS.split(fold_words(name)) if w]
    return f"{consonants(key)} {' '.join(initials)}" if len(initials) > 1 else ""


def fold_words(name: str) -> str:
    """A name casefolded, without diacritics, apostrophes and articles, words kept apart."""
    text = _APOSTROPHES.sub("", without_marks(name.casefold()))
    hyphen, space = articles()
    words = [w for w in _SEPARATORS.split(text) if w]
    return " ".join(w for w in words if w not in hyphen | space or len(words) == 1)


def _slip(key: str, target: str) -> bool:
    """One letter dropped, added, or one vowel for another: a slip. One consonant for another
    is another name far more often (Safira / Safita, Al-Ghaniyah / Al-Ghariyah)."""
    for op in Levenshtein.editops(key, target):
        if op.tag == "replace" and not (key[op.src_pos] in "aeiou" and target[op.dest_pos] in "aeiou"):
            return False
    return True


def deletion_probes(key: str) -> set[str]:
    """``key`` and each spelling of it one letter shorter: two keys one slip apart share one."""
    return {key[:i] + key[i + 1:] for i in range(len(key))} | {key}


def is_name_term(term: Term) -> bool:
    """English terms the variant detector guards: names (a capital letter after any article),
    not acronyms and not generic phrases such as "regime forces"."""
    if term.lang != "en" or is_acronym(term.term):
        return False
    words = [_APOSTROPHES.sub("", w) for w in _SEPARATORS.split(term.term) if w]
    hyphen_articles, _ = articles()
    significant = [w for w in words if w.lower() not in hyphen_articles] or words
    return any(w[:1].isupper() for w in significant) and len(skeleton(term.term)) >= MIN_SHORT_LENGTH


@dataclass(frozen=True)
class Variant:
    """A name in a text that looks like an unknown spelling of ``term`` (the preferred term,
    or for a Kurdish form the closest approved one). ``unless``: words that, written near
    the name, tell a homonym (Shahba in As-Suwayda), which is then no variant."""

    term: Term
    confidence: float
    unless: frozenset[str] = frozenset()


class VariantIndex:
    """Skeletons of a glossary's English name terms, for exact and one-edit look-ups."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.exact: dict[str, set[str]] = {}
        self.deleted: dict[str, set[str]] = {}
        self.near: dict[str, set[str]] = {}
        articled = set()  # concepts whose preferred English term starts with an article
        for term in glossary.terms("en"):
            if not is_name_term(term):
                continue
            key = skeleton(term.term)
            self.exact.setdefault(key, set()).add(term.concept)
            if term.status == "preferred" and _starts_with_article(term.term):
                articled.add(term.concept)
            # Typos are looked for near approved spellings only: a slip of a deprecated
            # spelling is too far from the name to be told from another word.
            if term.approved and len(key) >= MIN_TYPO_LENGTH:
                for variant in deletion_probes(key):
                    self.deleted.setdefault(variant, set()).add(key)
            near = _near_key(term.term, key)
            if term.approved and near and len(consonants(key)) >= MIN_CONSONANTS:
                self.near.setdefault(near, set()).add(term.concept)
        self.glued = {key: concepts & articled for key, concepts in self.exact.items() if concepts & articled}
        # Distinct names are matched by skeleton (all their spellings), except one whose
        # skeleton is a glossary name's too (Achrafieh in Beirut, Ashrafieh in Aleppo): that
        # one only as spelled. A homonym with words that tell it is looked up as usual,
        # and the finding carries those words.
        rows = rule_rows("termrules/distinct_names.txt")
        distinct = [row[0] for row in rows if len(row) == 1]
        self.homonyms = {skeleton(row[0]): frozenset(row[1].split()) for row in rows if len(row) > 1}
        self.distinct = {skeleton(n) for n in distinct} - set(self.exact)
        # A spelling the glossary lists in English is a known term, never a variant of
        # another; one it lists in Kurmanji (Hesekê quoted in English text) is a variant of
        # its own concept, named by :meth:`lookup`.
        self.listed = {t.term.casefold() for t in glossary.terms("en")}
        self.listed |= {n.casefold() for n in distinct}
        names = {t.concept for t in glossary.terms("en") if is_name_term(t)}
        self.kurmanji: dict[str, set[str]] = {}
        for term in glossary.terms("kmr"):
            if term.concept in names and term.term[:1].isupper():
                self.kurmanji.setdefault(fold(term.term), set()).add(term.concept)
        endings = rule_rows("termrules/kurmanji_suffixes.txt", 1)
        self.kurmanji_endings = sorted({fold(row[0]) for row in endings}, key=len, reverse=True)
        self._order = {concept: index for index, concept in enumerate(glossary.concepts)}

    def lookup(self, name: str, exact_only: bool = False, short: bool = True) -> Variant | None:
        """The glossary term ``name`` is most likely a variant of, or ``None``.
        ``exact_only``: by its exact skeleton only (a common English word capitalised);
        ``short``: a short name may be meant (not so inside a longer name: Tai Dam)."""
        key = skeleton(name)
        if (len(key) < (MIN_SHORT_LENGTH if short else MIN_LENGTH) or key in self.distinct
                or name.casefold() in self.listed):
            return None
        unless = self.homonyms.get(key, frozenset())
        concepts = self.exact.get(key)
        if concepts:
            return self._best(concepts, EXACT, name, unless)
        if len(key) < MIN_LENGTH or exact_only:
            return None
        concepts = self._kurmanji(name)
        if concepts:
            return self._best(concepts, FOREIGN, name, unless)
        glued = re.match(r"(?i)(?:al|el)(?=[^\W\d_]{4})", name)
        if glued and not _SEPARATORS.search(name[:4]):
            concepts = self.glued.get(skeleton(name[2:]))
            if concepts:
                return self._best(concepts, GLUED, name, unless)
        close = self._slipped_from(key) if len(key) >= MIN_TYPO_LENGTH - 1 else []
        if close:
            concepts = set().union(*(self.exact[t] for t in close))
            alike = Levenshtein.normalized_similarity(key, max(close, key=len))
            return self._best(concepts, round(0.5 + 0.4 * alike, 2), name, unless)
        near = _near_key(name, key) if len(consonants(key)) >= MIN_CONSONANTS else ""
        concepts = self.near.get(near) if near else None
        if concepts:
            return self._best(concepts, NEAR, name, unless)
        return None

    def _slipped_from(self, key: str) -> list[str]:
        """The approved skeletons ``key`` is one slip of a letter from (same first letter)."""
        close: list[str] = []
        for probe in deletion_probes(key):
            for target in self.deleted.get(probe, ()):
                if (target[0] == key[0] and target not in close
                        and Levenshtein.distance(key, target, score_cutoff=1) <= 1 and _slip(key, target)):
                    close.append(target)
        return close

    def _kurmanji(self, name: str) -> set[str]:
        """Concepts whose Kurmanji spelling ``name`` is, with or without a case ending: a
        spelling with Kurmanji letters (an ASCII one is an English spelling, or a word: Sam
        is not Şam)."""
        if name.isascii():
            return set()
        folded = fold(name)
        if folded in self.kurmanji:
            return self.kurmanji[folded]
        for ending in self.kurmanji_endings:
            stem = folded[: -len(ending)]
            if folded.endswith(ending) and len(stem) >= MIN_LENGTH:
                found = self.kurmanji.get(stem) or self.kurmanji.get(stem + "e")
                if found:
                    return found
        return set()

    def _best(self, concepts: set[str], confidence: float, name: str,
              unless: frozenset[str] = frozenset()) -> Variant | None:
        preferred = {self.glossary.preferred(c, "en") for c in concepts}
        if len(preferred) != 1:
            return None  # two different names are equally close: say nothing
        concept = min(concepts, key=self._order.__getitem__)
        return Variant(self.closest_form(concept, name), confidence, unless)

    def closest_form(self, concept: str, name: str) -> Term:
        """The approved English term ``name`` should be fixed to: the preferred one, unless
        ``name`` is a Kurdish form of the name (closer to the concept's Kurmanji spelling than
        to the preferred English term), which goes to the closest approved term."""
        entry = self.glossary.concept(concept)
        preferred = entry.preferred("en")
        kurmanji = [similarity(name, t.term) for t in entry.terms_in("kmr")]
        if not kurmanji or max(kurmanji) <= similarity(name, preferred.term):
            return preferred
        approved = [t for t in entry.terms_in("en") if t.approved and is_name_term(t)]
        return max(approved, key=lambda t: (similarity(name, t.term), t.term.isascii()))


def _starts_with_article(term: str) -> bool:
    """Al-Hasakah, Al Hasakah: a term written with an Arabic article."""
    hyphen, space = articles()
    head = re.match(r"([^\W\d_]{1,4})([-‐‑ ])", term)
    return bool(head) and head.group(1).lower() in (space if head.group(2) == " " else hyphen)
