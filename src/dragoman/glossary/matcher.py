"""Finding glossary terms in a text in one pass: an Aho-Corasick automaton over the match keys
of every term of one language, run once over the text's key.

The automaton reports every occurrence; a candidate is kept when it is a whole word in the
language's sense, then overlapping candidates are resolved leftmost-longest (so
"Al-Qamishli airbase" is the airbase, not the city). What a whole word is:

* ``en``: nothing alphanumeric on either side.
* ``ar``, ``ckb``: before the term only Arabic proclitics (و ف, then ب ك ل, then ال; or لل
  before a term that starts with ال, whose alef it drops: للحسكة); after it nothing
  (``ar``) or a Sorani ending (``ckb``).
* ``kmr``: nothing before it; after it nothing or a case/ezafe ending (Qamişloyê); a term
  ending in -e may lose it before an ending (Heseke -> Hesekê).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from operator import itemgetter

import ahocorasick

from dragoman.glossary.keys import ARABIC_SCRIPT, is_word_char, keyed, match_key
from dragoman.glossary.model import STATUSES, Term, TermMatch
from dragoman.rulefiles import arabic_proclitics, rule_rows

_RANK = {status: rank for rank, status in enumerate(STATUSES)}
_KURMANJI_VOWELS = frozenset("aeêiîoouû")
_LEFTMOST_LONGEST = itemgetter(0, 1)


@dataclass(frozen=True)
class _Entry:
    term: Term
    #: "" for the term's own key; "lil" for an Arabic article-less key that needs لل before
    #: it; "elided" for a Kurmanji key without its final -e that needs an ending after it.
    alias: str = ""
    acronym: bool = False


@cache
def arabic_prefixes(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """(proclitic chains allowed before a term, chains that end in لل)."""
    kinds = {kind: [match_key(letters, lang) for letters in written]
             for kind, written in arabic_proclitics().items()}
    conj = ["", *kinds.get("conjunction", [])]
    prep = ["", *kinds.get("preposition", [])]
    art = ["", *kinds.get("article", [])]
    plain = frozenset(c + p + a for c in conj for p in prep for a in art)
    lil = frozenset(c + l for c in conj for l in kinds.get("lil", []))
    return plain, lil


@cache
def suffix_keys(lang: str, loose: bool = False) -> frozenset[str]:
    """The keys of the Kurdish endings a term may carry (none in other languages)."""
    name = {"ckb": "sorani_suffixes.txt", "kmr": "kurmanji_suffixes.txt"}.get(lang)
    if not name:
        return frozenset()
    return frozenset(match_key(row[0], lang, loose) for row in rule_rows("termrules/" + name, 1))


_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ASCII_OTHER = frozenset(chr(i) for i in range(128)) - _ASCII_WORD


def _is_word(char: str) -> bool:
    if char in _ASCII_OTHER:
        return False
    return char in _ASCII_WORD or is_word_char(char)


def is_acronym(term: str) -> bool:
    """SDF, YPG, ISIS: matched with their exact case only (an "isis" is not ISIS)."""
    return sum(c.isupper() for c in term) >= 2 and not any(c.islower() for c in term)


class Matcher:
    """The automaton of one language's terms (``lang``: the language whose text is searched
    and whose key is used; the terms may be another language's). ``loose``: on the loose
    key, and in Arabic script a term written with the article found without it too."""

    def __init__(self, terms: list[Term], lang: str, loose: bool = False):
        self.lang = lang
        self.loose = loose
        by_key: dict[str, list[_Entry]] = {}
        for term in terms:
            key = match_key(term.term, lang, loose)
            if not key:
                continue
            by_key.setdefault(key, []).append(_Entry(term, acronym=is_acronym(term.term)))
            if lang in ARABIC_SCRIPT:
                article = match_key("ال", lang)
                if key.startswith(article) and len(key) > len(article) + 1:
                    by_key.setdefault(key[len(article):], []).append(_Entry(term, "lil"))
                    if loose:
                        by_key.setdefault(key[len(article):], []).append(_Entry(term))
            elif lang == "kmr" and key.endswith("e") and len(key) > 3:
                by_key.setdefault(key[:-1], []).append(_Entry(term, "elided"))
        self.size = len(by_key)
        self._automaton = ahocorasick.Automaton()
        for key, entries in by_key.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        if by_key:
            self._automaton.make_automaton()
        self._suffixes = suffix_keys(lang, loose)
        self._max_suffix = max(map(len, self._suffixes), default=0)
        if lang in ARABIC_SCRIPT:
            self._prefixes, self._lil = arabic_prefixes(lang)
            self._max_prefix = max(map(len, self._prefixes | self._lil))

    def find(self, text: str, overlapping: bool = False) -> list[TermMatch]:
        """Matches in text order. A match's span covers the term and, in ``ckb`` and
        ``kmr``, the ending glued to it (Hesekê), never a proclitic. With ``overlapping``
        every whole-word occurrence is kept, also one inside a longer term (سوريا inside
        شمال وشرق سوريا): what a presence check needs."""
        if not self.size or not text:
            return []
        kt = keyed(text, self.lang, self.loose)
        key = kt.key
        candidates = []
        if self.lang in ARABIC_SCRIPT or self.lang == "kmr":
            for last, (length, entries) in self._automaton.iter(key):
                start, stop = last - length + 1, last + 1
                ends = {e: self._word_end(key, start, stop, e.alias) for e in entries}
                fitting = [e for e, end in ends.items() if end is not None]
                if fitting:
                    candidates.append((start, -max(ends[e] for e in fitting), stop, fitting))
        else:  # whole words on both sides: the hot path of a lint, kept lean
            size = len(key)
            for last, (length, entries) in self._automaton.iter(key):
                start = last - length + 1
                if start and _is_word(key[start - 1]):
                    continue
                if last + 1 < size and _is_word(key[last + 1]):
                    continue
                candidates.append((start, -last - 1, last + 1, entries))
        candidates.sort(key=_LEFTMOST_LONGEST)  # (start, -stop): leftmost, then longest
        matches: list[TermMatch] = []
        taken = 0
        one_to_one = kt.origin is None
        for start, stop, term_stop, entries in candidates:
            stop = -stop
            if start < taken and not overlapping:
                continue
            taken = max(taken, stop)
            if one_to_one:
                found = spelled = text[start:stop]
                if term_stop != stop:
                    spelled = text[start:term_stop]
                begin, end = start, stop
            else:
                begin, end = kt.span(start, stop)
                found, spelled = text[begin:end], text[begin:kt.span(start, term_stop)[1]]
            matches.extend(self._resolve(found, spelled, begin, end, entries))
        return matches

    def _word_end(self, key: str, start: int, stop: int, alias: str) -> int | None:
        """Where the word holding ``key[start:stop]`` ends, if the term may stand there
        (allowed proclitics before it, allowed ending after it); else ``None``."""
        rest_end = stop
        limit = stop + self._max_suffix
        while rest_end < len(key) and is_word_char(key[rest_end]):
            rest_end += 1
            if rest_end > limit:
                return None
        rest = key[stop:rest_end]
        if alias == "elided":
            if not rest or rest[0] not in _KURMANJI_VOWELS or rest not in self._suffixes:
                return None
        elif rest and rest not in self._suffixes:
            return None
        if self.lang in ARABIC_SCRIPT:
            begin = start
            while begin > 0 and is_word_char(key[begin - 1]):
                begin -= 1
                if start - begin > self._max_prefix:
                    return None
            prefix = key[begin:start]
            return rest_end if prefix in (self._lil if alias == "lil" else self._prefixes) else None
        return rest_end if start == 0 or not is_word_char(key[start - 1]) else None

    def _resolve(self, found: str, spelled: str, begin: int, end: int, entries) -> list[TermMatch]:
        """One match per concept: the term spelled exactly as found (``spelled``: without
        an ending) if there is one, else the best-ranked term (approved before deprecated);
        acronyms only as spelled."""
        if len(entries) == 1:
            entry = entries[0]
            term = entry.term
            if entry.acronym and term.term != spelled:
                return []
            return [TermMatch(term.concept, term.term, term.status, self.lang, begin, end, found)]
        by_concept: dict[str, list[_Entry]] = {}
        for entry in entries:
            by_concept.setdefault(entry.term.concept, []).append(entry)
        out = []
        for concept, group in by_concept.items():
            exact = [e.term for e in group if e.term.term == spelled]
            if exact:
                chosen = exact[0]
            else:
                loose = [e.term for e in group if not e.acronym]
                if not loose:
                    continue
                chosen = min(loose, key=lambda t: _RANK[t.status])
            out.append(TermMatch(concept, chosen.term, chosen.status, self.lang, begin, end, found))
        return out
