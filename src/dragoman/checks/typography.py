"""Checks of the translation's own writing, by target language and script.

Arabic and Sorani write ``،`` ``؛`` ``؟``, quote with «» or “”, may use Arabic-Indic digits and
glue clitics to names; none of that is an error here. What is: ASCII ``,`` ``;`` ``?`` in
Arabic-script prose, a lost or changed sentence end, wrong spacing, English words left over,
Arabic and Sorani letters or digit shapes mixed up, decorative tatweel, broken bidi controls,
doubled words, stray whitespace, a copy of the source, a length far from the source's.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from dragoman.checks import text
from dragoman.checks.registry import entry_check
from dragoman.checks.unit import Unit

ARABIC_PUNCTUATION = {",": "،", ";": "؛", "?": "؟"}
#: End punctuation that counts as the same sentence end, whatever the script.
END_EQUIVALENTS = {"؟": "?", "،": ",", "؛": ";", "۔": ".", "…": "..."}
END_CLASSES = ("...", ".", "?", "!", ":", ";", ",")
#: What may trail a sentence end: quotes, brackets, bidi controls, whitespace.
_TRAILERS = "\"'”“’‘»«)]}›‹" + text.BIDI_CONTROLS + " \t\n\u00a0"
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9\u00C0-\u024F]")


@entry_check("punctuation", "warning", "ASCII , ; ? in Arabic-script text (use ، ؛ ؟)")
def punctuation(unit: Unit) -> str | None:
    if not unit.arabic_script:
        return None
    prose = unit.plain_translation
    found = []
    for i, char in enumerate(prose):
        if char in ARABIC_PUNCTUATION and not _between_latin(prose, i):
            found.append(char)
    if not found:
        return None
    return ", ".join(f"{c!r} -> {ARABIC_PUNCTUATION[c]!r}" for c in dict.fromkeys(found)) + (
        f" ({len(found)} times)" if len(found) > 1 else ""
    )


def _between_latin(prose: str, i: int) -> bool:
    """A comma inside a Latin-script run or a number (``1,200``, ``Washington, D.C.``)."""
    before = prose[:i].rstrip()[-1:]
    after = prose[i + 1 :].lstrip()[:1]
    return bool(_LATIN_OR_DIGIT.match(before) and _LATIN_OR_DIGIT.match(after))


@entry_check("end-punctuation", "warning", "Sentence end differs from the source (؟ counts as ?)")
def end_punctuation(unit: Unit) -> str | None:
    source, target = _end(unit.plain_source), _end(unit.plain_translation)
    if source == target:
        return None
    return f"source ends with {source or 'no punctuation'}, translation with {target or 'no punctuation'}"


def _end(prose: str) -> str:
    stripped = prose.rstrip(_TRAILERS)
    for original, same in END_EQUIVALENTS.items():
        if stripped.endswith(original):
            return repr(same)
    for end in END_CLASSES:
        if stripped.endswith(end):
            return repr(end)
    return ""


_SPACE_BEFORE = re.compile(r"(?<=\w)[ \u00a0]+([،؛؟,;?!:]|\.(?![.\d]))")
_NO_SPACE_AFTER = re.compile(r"([،؛؟,;])(?=[^\W\d])")
_NO_SPACE_AFTER_ARABIC = re.compile(r"(?<=\w)([.!?:])(?=[\u0620-\u064a\u0671-\u06d3])")
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")


@entry_check("spacing", "warning", "Spacing around punctuation, or double spaces")
def spacing(unit: Unit) -> str | None:
    prose = unit.plain_translation
    problems = []
    for m in _SPACE_BEFORE.finditer(prose):
        problems.append(f"space before {m.group(1)!r}")
    patterns = (_NO_SPACE_AFTER, _NO_SPACE_AFTER_ARABIC) if unit.arabic_script else (_NO_SPACE_AFTER,)
    for pattern in patterns:
        problems += [f"no space after {m.group(1)!r}" for m in pattern.finditer(prose)]
    doubled = len(_DOUBLE_SPACE.findall(prose))
    if doubled > len(_DOUBLE_SPACE.findall(unit.plain_source)):
        problems.append("double space")
    return "; ".join(dict.fromkeys(problems)) if problems else None


@entry_check("latin-words", "warning", "Latin-script words left in an Arabic-script translation")
def latin_words(unit: Unit) -> str | None:
    if not unit.arabic_script:
        return None
    prose = _without_names(unit.plain_translation, unit.names)
    left = [w for w in text.LATIN_WORD.findall(prose) if w.casefold() not in unit.names]
    if not left:
        return None
    return "untranslated? " + ", ".join(dict.fromkeys(left))


def _without_names(prose: str, names: frozenset[str]) -> str:
    """Admitted multi-word names (``National Defence Forces``) removed before word matching."""
    for name in sorted((n for n in names if " " in n), key=len, reverse=True):
        prose = re.sub(re.escape(name), " ", prose, flags=re.IGNORECASE)
    return prose


#: Letters of a neighbouring orthography: Arabic yeh and kaf in Sorani text, Kurdish and
#: Persian letters in Arabic text (both appear in real news copy and break search), Turkish
#: letters in Kurmanji.
FOREIGN_LETTERS = {
    "ckb": {"ي": "ی", "ى": "ی", "ك": "ک"},
    "ar": {"ی": "ي or ى", "ک": "ك", "ە": "ة or ه", "ێ": "ي", "ۆ": "و", "ڕ": "ر", "ڵ": "ل",
           "گ": "ك or ج", "چ": "تش", "ڤ": "ف"},
    "kmr": {"ı": "i or î", "İ": "I or Î", "ğ": "g", "ö": "o", "ü": "û", "â": "a"},
}


@entry_check("letters", "warning", "Letters of a neighbouring orthography (ي/ی, ك/ک, ı/i), or not NFC")
def letters(unit: Unit) -> str | None:
    problems = []
    if unicodedata.normalize("NFC", unit.translation) != unit.translation:
        problems.append("decomposed characters: save the text in Unicode NFC")
    table = FOREIGN_LETTERS.get(unit.lang, {})
    problems += [
        f"{c} (U+{ord(c):04X}) -> {table[c]}" for c in dict.fromkeys(unit.plain_translation) if c in table
    ]
    return ", ".join(problems) if problems else None


_DIGIT_SYSTEMS = {"Western": "0123456789", "Arabic-Indic": "٠١٢٣٤٥٦٧٨٩", "Extended Arabic-Indic": "۰۱۲۳۴۵۶۷۸۹"}


@entry_check("digits", "warning", "Digit systems mixed, or Persian digit shapes in Arabic")
def digits(unit: Unit) -> str | None:
    """Western and Arabic-Indic digits are both house styles; one translation mixing them, or
    Arabic using the Extended (Persian) shapes of 4, 5 and 6, is a slip."""
    prose = unit.plain_translation
    used = [name for name, chars in _DIGIT_SYSTEMS.items() if any(c in prose for c in chars)]
    if len(used) > 1:
        return "mixes " + " and ".join(used) + " digits"
    if used == ["Extended Arabic-Indic"] and unit.lang == "ar":
        return "Extended Arabic-Indic (Persian) digits in Arabic: use ٠–٩ (U+0660–0669) or 0–9"
    return None


@entry_check("tatweel", "warning", "Decorative tatweel (kashida) in a word")
def tatweel(unit: Unit) -> str | None:
    """Tatweel after an Arabic letter only stretches the word, and breaks search; after a digit
    or a Latin name it joins a suffix (Sorani "7ـی", "کوردستان24ـی") and is right."""
    words = [
        m.group()
        for m in re.finditer(r"\S*\u0640\S*", unit.translation)
        if any(text.is_arabic_letter(m.string[i - 1]) for i in _positions(m, text.TATWEEL) if i > 0)
    ]
    return "in " + ", ".join(dict.fromkeys(words)) if words else None


def _positions(match: re.Match, char: str) -> list[int]:
    return [match.start() + i for i, c in enumerate(match.group()) if c == char]


@entry_check("bidi-controls", "error", "Unbalanced bidi isolates or embeddings, or an override")
def bidi_controls(unit: Unit) -> str | None:
    if not text.ANY_BIDI_CONTROL.search(unit.translation):
        return None
    problems = []
    isolates: list[str] = []
    embeddings: list[str] = []
    for char in unit.translation:
        if char in text.ISOLATE_OPENERS:
            isolates.append(text.ISOLATE_OPENERS[char])
        elif char == text.PDI:
            if isolates:
                isolates.pop()
            else:
                problems.append("PDI without an opening LRI/RLI/FSI")
        elif char in text.EMBEDDING_OPENERS:
            embeddings.append(text.EMBEDDING_OPENERS[char])
            if char in text.OVERRIDES:
                problems.append(f"{text.OVERRIDES[char]} reverses the characters it covers; use an isolate")
        elif char == text.PDF:
            if embeddings:
                embeddings.pop()
            else:
                problems.append("PDF without an opening embedding")
    problems += [f"{name} not closed by PDI" for name in isolates]
    problems += [f"{name} not closed by PDF" for name in embeddings]
    return "; ".join(dict.fromkeys(problems)) if problems else None


@entry_check("bidi-marks", "warning", "Stray bidi marks (LRM, RLM, ALM)")
def bidi_marks(unit: Unit) -> str | None:
    """A mark does work only between characters of different direction or next to neutrals;
    one at either end of the string, doubled, or inside a same-direction word is stray (and
    invisible: it breaks search and glossary matching)."""
    s = unit.translation
    if not text.ANY_BIDI_CONTROL.search(s):
        return None
    stray = []
    for i, char in enumerate(s):
        if char not in text.MARKS:
            continue
        before, after = s[:i].strip(), s[i + 1 :].strip()
        name = f"{text.MARKS[char]} (U+{ord(char):04X})"
        if not before or not after:
            stray.append(f"{name} at the {'start' if not before else 'end'}")
        elif s[i - 1] in text.MARKS:
            stray.append(f"{name} doubled")
        elif i + 1 < len(s) and (d := text.strong_direction(s[i - 1])) and d == text.strong_direction(s[i + 1]):
            word = re.search(r"\S*$", s[:i]).group() + re.match(r"\S*", s[i + 1 :]).group()
            stray.append(f"{name} inside {word!r}")
    return "; ".join(dict.fromkeys(stray)) if stray else None


@cache
def _reduplications(lang: str) -> frozenset[str]:
    return frozenset(row[1].casefold() for row in text.data_rows("doubled-words.tsv") if row[0] == lang)


_DOUBLED = re.compile(r"(?<!\w)(\w+)\s+\1(?!\w)", re.IGNORECASE)


@entry_check("doubled-words", "warning", "A word doubled")
def doubled_words(unit: Unit) -> str | None:
    allowed = _reduplications(unit.lang)
    words = [
        m.group(1)
        for m in _DOUBLED.finditer(unit.plain_translation)
        if not m.group(1).isdigit() and m.group(1).casefold() not in allowed
    ]
    return "doubled " + ", ".join(repr(f"{w} {w}") for w in dict.fromkeys(words)) if words else None


@entry_check("whitespace", "warning", "Leading or trailing whitespace differs from the source")
def whitespace(unit: Unit) -> str | None:
    problems = []
    for where, source, target in zip(("leading", "trailing"), _edges(unit.source), _edges(unit.translation)):
        if source != target:
            problems.append(f"{where} {target!r} where the source has {source!r}")
    return "; ".join(problems) if problems else None


def _edges(s: str) -> tuple[str, str]:
    return s[: len(s) - len(s.lstrip())], s[len(s.rstrip()) :]


@entry_check("identical", "warning", "Translation identical to the source")
def identical(unit: Unit) -> str | None:
    if unit.translation.strip() != unit.source.strip():
        return None
    prose = text.NUMBER.sub(" ", _without_names(unit.plain_source, unit.names))
    words = [w for w in text.LATIN_WORD.findall(prose) if w.casefold() not in unit.names]
    return "the translation is a copy of the source" if words else None


#: Okapi CheckMate's defaults: strings under 20 characters vary more.
LENGTH_BREAK = 20
LENGTH_BOUNDS = {"short": (0.3, 3.5), "long": (0.45, 2.0)}


@entry_check("length-ratio", "warning", "Translation much shorter or longer than its source")
def length_ratio(unit: Unit) -> str | None:
    source, target = len(unit.plain_source.strip()), len(unit.plain_translation.strip())
    if not source or not target:
        return None
    low, high = LENGTH_BOUNDS["short" if source < LENGTH_BREAK else "long"]
    ratio = target / source
    if low <= ratio <= high:
        return None
    return f"{target} characters for {source} in the source (ratio {ratio:.2f}, expected {low}–{high})"
