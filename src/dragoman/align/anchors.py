"""Anchors: what a sentence and its translation share whatever the language.

A sentence's anchors are a small set of tokens: its numbers (Western, Arabic-Indic and Extended
Arabic-Indic digits give the same token, and so do the number words ``data/number-words.tsv``
marks as anchors), the months and weekdays it names (``data/align/dates.tsv``), the glossary
concepts it names (found through the glossary's match keys, so الحسكة, بالحسكة and Hesekê all
give Al-Hasakah's concept) and its quotation marks, question and exclamation marks. The aligner
rewards a pair of groups for every anchor they share and charges it for every anchor only one
side has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dragoman.glossary.keys import ARABIC_SCRIPT, match_key
from dragoman.rulefiles import arabic_proclitics, rule_rows

#: Weight of an anchor by its first character: numbers, names and dates are strong evidence,
#: punctuation weak.
STRONG, WEAK = 3.0, 1.0
#: A number with thousands separators (2,000; Arabic ٢٬٠٠٠) and a decimal part (3.5; ٣٫٥).
_NUMBER = re.compile(r"\d+(?:[,٬]\d{3})*(?:[.٫]\d+)?")
_THOUSANDS = str.maketrans({",": None, "٬": None, "٫": "."})
_WORDS = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_PUNCTUATION = tuple((token, re.compile(f"[{re.escape(marks)}]"))
                     for token, marks in (("?", "?؟"), ("!", "!"), ("q", "“”«»\"„‹›")))


@dataclass(frozen=True)
class Sentence:
    """A sentence as the aligner sees it: its text, its length and its anchors (a mask of
    :class:`AnchorBits`)."""

    text: str
    length: int
    anchors: int


#: Anchors of punctuation are weak evidence (every other anchor is strong); as bit masks
#: they are the lowest bits.
WEAK_ANCHORS = ("?", "!", "q")
WEAK_BITS = (1 << len(WEAK_ANCHORS)) - 1


class AnchorBits:
    """Anchors as bits of an int, so that a group's anchors are an ``|`` and the shared ones an
    ``&`` (one numbering per alignment keeps the numbers small)."""

    def __init__(self):
        self._bits = {anchor: 1 << i for i, anchor in enumerate(WEAK_ANCHORS)}

    def mask(self, anchors) -> int:
        bits = self._bits
        out = 0
        for anchor in anchors:
            bit = bits.get(anchor)
            if bit is None:
                bit = bits[anchor] = 1 << len(bits)
            out |= bit
        return out


def _candidates(word: str, arabic_script: bool) -> tuple[str, ...]:
    """Forms under which ``word`` may be a glossary word: itself, without clitics written onto
    it (Arabic script), without a case or possessive ending (Kurmanji Hesekê, Sorani حەسەکەی)."""
    forms = [word]
    if arabic_script:
        glued, lils, article = _proclitics()
        if word[:1] in glued:
            forms.append(word[1:])
            if word[1:2] in glued:
                forms.append(word[2:])
            for lil in lils:
                if word.startswith(lil):
                    forms.append(article + word[len(lil):])
    for cut in (1, 2, 3):
        if len(word) - cut >= 3:
            forms.append(word[:-cut])
    return tuple(forms)


@lru_cache(maxsize=None)
def _proclitics() -> tuple[frozenset[str], tuple[str, ...], str]:
    """(the one-letter clitics written onto a name, two at most: و ف ب ل ك in وبالحسكة; the
    spellings of li with the article, للحسكة; the article) of
    :func:`dragoman.rulefiles.arabic_proclitics`."""
    kinds = arabic_proclitics()
    return (frozenset(kinds["conjunction"] + kinds["preposition"]), kinds["lil"],
            kinds["article"][0])


class Anchors:
    """Finds the anchors of sentences in one language."""

    def __init__(self, lang: str, names: tuple[tuple[str, str], ...] = ()):
        self.lang = lang
        self._arabic_script = lang in ARABIC_SCRIPT
        self._latin_inflected = lang not in ARABIC_SCRIPT and lang != "en"
        # first word (and its stem) -> [(the following words, anchor)]
        self._index: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
        self._lookup: dict[str, tuple] = {}
        self._keys = _WordKeys(lang)
        # Number words are taken only as written ("neh", nine, is not "nehat"); names and
        # dates also with clitics and endings.
        entries = [(anchor, phrase, True) for anchor, phrase in number_words(lang)]
        entries += [(anchor, phrase, False) for anchor, phrase in (*date_words(lang), *names)]
        for anchor, phrase, exact in entries:
            words = tuple(_WORDS.findall(match_key(phrase, lang)))
            if not words:
                continue
            for form in ({words[0]} if exact else self._index_forms(words[0])):
                self._index.setdefault(form, []).append((words[1:], anchor, exact))

    def _index_forms(self, word: str) -> set[str]:
        forms = {word}
        if self._arabic_script and word.startswith("ال") and len(word) > 4:
            forms.add(word[2:])         # حسكه: the name without its article
        if self._latin_inflected and word[-1:] in "aeêiîouû" and len(word) > 3:
            forms.add(word[:-1])        # Şemî -> şem, matched by Şemiyê
        return forms

    def _word_matches(self, word: str, expected: str) -> bool:
        if word == expected:
            return True
        if self.lang == "en":
            return False
        return expected in _candidates(word, self._arabic_script) or any(
            f in self._index_forms(expected) for f in _candidates(word, self._arabic_script))

    def _entries(self, word: str) -> tuple[tuple[tuple[str, ...], str], ...]:
        """What the glossary, dates and numbers have under ``word`` (remembered: news repeats
        its words, and most of them have nothing)."""
        found = []
        for form in ((word,) if self.lang == "en" else _candidates(word, self._arabic_script)):
            for rest, anchor, exact in self._index.get(form, ()):
                if not exact or form is word:
                    found.append((rest, anchor))
        if len(self._lookup) > 500_000:
            self._lookup.clear()
        entries = self._lookup[word] = tuple(found)
        return entries

    def find(self, text: str) -> frozenset[str]:
        found = {"n" + _number(n) for n in _NUMBER.findall(text)}
        for token, marks in _PUNCTUATION:
            if marks.search(text):
                found.add(token)
        if self._index:
            keys = self._keys
            if len(keys) > 200_000:
                keys.clear()
            words = [keys[word] for word in _WORDS.findall(text)]
            lookup = self._lookup
            for i, word in enumerate(words):
                entries = lookup.get(word)
                if entries is None:
                    entries = self._entries(word)
                for rest, anchor in entries:
                    if not rest or all(i + 1 + k < len(words) and self._word_matches(words[i + 1 + k], w)
                                       for k, w in enumerate(rest)):
                        found.add(anchor)
        return frozenset(found)

    def sentence(self, text: str, bits: AnchorBits, plain: str | None = None) -> Sentence:
        """``text`` as the aligner sees it; ``plain`` is its text without markup (an HTML
        block's link addresses are neither length nor numbers of the sentence)."""
        plain = text if plain is None else plain
        return Sentence(text, len(plain), bits.mask(self.find(plain)))


@lru_cache(maxsize=100_000)
def _number(written: str) -> str:
    """The number in one spelling: ASCII digits, no thousands separators, "." for decimals
    (remembered: news repeats its numbers)."""
    return ".".join(str(int(part)) for part in written.translate(_THOUSANDS).split("."))


class _WordKeys(dict):
    """Words' match keys in one language, each folded once (news repeats its words); a plain
    dict look-up for a word seen before."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def __missing__(self, word: str) -> str:
        key = self[word] = match_key(word, self.lang)
        return key


@lru_cache(maxsize=None)
def number_words(lang: str) -> tuple[tuple[str, str], ...]:
    """``(anchor, word)`` of the number words of ``lang`` that ``data/number-words.tsv`` marks
    as anchors: "six" anchors as 6 does."""
    rows = rule_rows("number-words.tsv", 4)
    return tuple(("n" + value, word) for row_lang, word, value, anchor in rows
                 if row_lang == lang and anchor == "yes")


@lru_cache(maxsize=None)
def date_words(lang: str) -> tuple[tuple[str, str], ...]:
    """``(anchor, spelling)`` of every month and weekday name of ``lang``."""
    return tuple((anchor, word) for anchor, row_lang, word in rule_rows("align/dates.tsv", 3) if row_lang == lang)


def glossary_names(glossary, lang: str) -> tuple[tuple[str, str], ...]:
    """``(anchor, term)`` of every term of ``lang`` in ``glossary`` (every status: a deprecated
    spelling in an old report still names the concept)."""
    if glossary is None:
        return ()
    return tuple(("g:" + concept.id, term.term) for concept in glossary.concepts.values()
                 for term in concept.terms_in(lang))
