"""Match keys: the spelling-insensitive form in which glossary terms are looked up.

A key is for lookup only, never for output. Per language (names-and-locales §5.3):

* ``en``: lowercase, one character for one (so spans map back exactly).
* ``kmr``: lowercase; format controls (bidi marks, ZWNJ...) dropped.
* ``ar`` and ``ckb``: NFKC; format controls, tatweel, harakat and the superscript alef
  dropped; alef and hamza forms unified (أ إ آ ٱ -> ا, ؤ -> و, ئ -> ي); ي ى ی unified, ك ک
  unified, ة -> ه; for ``ckb`` also ه ە ھ unified; Arabic-Indic and Extended Arabic-Indic
  digits folded to ASCII.

:func:`keyed` also returns, for every key character, the index of the text character it came
from, so a match in the key is a span in the original text.

A *loose* key also folds the script habits a translator's spelling may differ by from the
approved term: for ``ckb`` ۆ -> و and ڕ -> ر (besides ك/ک, ي/ی, ه/ە of every key); for
``kmr`` the letters with marks (ê î û ş ç -> e i u s c). What the loose key finds and the
key does not, or finds spelled otherwise than the term, is a *variant* spelling
(:func:`dragoman.glossary.target.target_variants`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

ARABIC_SCRIPT = frozenset({"ar", "ckb"})

_ARABIC_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ې": "ي",
    "ک": "ك", "ڪ": "ك",
    "ة": "ه",
    "ـ": "",  # tatweel
}
_SORANI_FOLD = {"ە": "ه", "ھ": "ه", "ۀ": "ه"}
_LOOSE_SORANI = {"ۆ": "و", "ڕ": "ر"}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


def without_marks(text: str) -> str:
    """``text`` decomposed (NFKD) without its combining marks: ê -> e, ş -> s."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def _fold(char: str, lang: str, loose: bool = False) -> str:
    """The key spelling of one text character (possibly empty or several characters)."""
    if loose:
        folded = _fold(char, lang)
        if lang == "ckb":
            return "".join(_LOOSE_SORANI.get(c, c) for c in folded)
        if lang == "kmr":
            return without_marks(folded).replace("ı", "i")
        return folded
    if lang in ARABIC_SCRIPT:
        out = []
        for c in unicodedata.normalize("NFKC", char):
            category = unicodedata.category(c)
            if category == "Cf" or 0x064B <= ord(c) <= 0x065F or c == "\u0670":
                continue
            c = _DIGITS.get(c, c)
            c = _ARABIC_FOLD.get(c, c)
            if lang == "ckb":
                c = _SORANI_FOLD.get(c, c)
            out.append(c.lower())
        return "".join(out)
    if lang != "en" and unicodedata.category(char) == "Cf":
        return ""
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


@dataclass(frozen=True)
class KeyedText:
    """A text's key and, for each key character, the index of its source character
    (``origin is None`` means the key maps one to one)."""

    text: str
    key: str
    origin: tuple[int, ...] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text span of the key span ``[start, end)``."""
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


def keyed(text: str, lang: str, loose: bool = False) -> KeyedText:
    """The match key of ``text`` in ``lang`` (``loose``: the loose key) together with the map
    back to ``text``."""
    if lang == "en" and not loose:
        lowered = text.lower()
        if len(lowered) == len(text):  # one character for one (the rule; İ is the exception)
            return KeyedText(text, lowered, None)
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold(char, lang, loose)
        if folded:
            parts.append(folded)
            origin.extend([index] * len(folded))
    return KeyedText(text, "".join(parts), tuple(origin))


def match_key(text: str, lang: str, loose: bool = False) -> str:
    """The spelling-insensitive key of ``text`` in ``lang`` (see the module docstring)."""
    return keyed(text, lang, loose).key


def is_word_char(char: str) -> bool:
    """A letter, digit or combining mark: what a whole-word match may not touch."""
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")
