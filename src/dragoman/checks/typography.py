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

import regex

from dragoman.checks import text
from dragoman.checks.registry import entry_check
from dragoman.checks.unit import Unit
from dragoman.rulefiles import rule_rows

ARABIC_PUNCTUATION = {",": "،", ";": "؛", "?": "؟"}
#: End punctuation that counts as the same sentence end, whatever the script.
END_EQUIVALENTS = {"؟": "?", "،": ",", "؛": ";", "۔": ".", "…": "..."}
END_CLASSES = ("...", ".", "?", "!", ":", ";", ",")
#: What may trail a sentence end: quotes, brackets, bidi controls, whitespace.
_TRAILERS = "\"'”“’‘»«)]}›‹" + text.BIDI_CONTROLS + " \t\n\u00a0"
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9\u00C0-\u024F]")


@entry_check("punctuation", "cosmetic", "ASCII , ; ? in Arabic-script text (use ، ؛ ؟)", needs_source=False)
def punctuation(unit: Unit) -> str | None:
    """Cosmetic (pofilter has no twin; its punctuation checks are cosmetic): the ASCII comma
    and the Arabic comma separate the same words, the reader's understanding is the same."""
    prose = unit.plain_translation
    if not unit.arabic_script or not _ARABIC_LETTER.search(prose):
        return None  # no Arabic-script text: a copy of the source (``identical``), or ":?.!"
    separators = _separators(unit.plain_source)
    found = []
    for i, char in enumerate(prose):
        if char in ARABIC_PUNCTUATION and char not in separators and not _between_latin(prose, i):
            found.append(char)
    if not found:
        return None
    return ", ".join(f"{c!r} -> {ARABIC_PUNCTUATION[c]!r}" for c in dict.fromkeys(found)) + (
        f" ({len(found)} times)" if len(found) > 1 else ""
    )


def _separators(source: str) -> set[str]:
    """Marks the source only writes unspaced between words: the syntax of a list the program
    splits (Django's ``yesno`` "yes,no,maybe"), which the translation keeps as it is."""
    return {c for c in ",;:" if c in source and re.search(rf"\w{c}\S", source)
            and not re.search(rf"{c}\s", source)}


def _between_latin(prose: str, i: int) -> bool:
    """A comma inside a Latin-script run or a number (``1,200``, ``Washington, D.C.``)."""
    before = prose[:i].rstrip()[-1:]
    after = prose[i + 1 :].lstrip()[:1]
    return bool(_LATIN_OR_DIGIT.match(before) and _LATIN_OR_DIGIT.match(after))


@entry_check("end-punctuation", "cosmetic", "Sentence end differs from the source (؟ counts as ?)")
def end_punctuation(unit: Unit) -> str | None:
    """Cosmetic, as pofilter's ``endpunc``: a dropped full stop or colon changes no word.
    A source ending in an abbreviation ("Sept.", "6 p.m.", "(U.S.)") has no full stop to
    keep: a translation without one ("سبتمبر", "6 مساءً") drops nothing."""
    source, target = _end(unit.plain_source), _end(unit.plain_translation)
    if source == target or (source == "'.'" and not target and _ends_with_abbreviation(unit.plain_source)):
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


_LAST_WORD = re.compile(r"([\w.]+)\.$")


def _ends_with_abbreviation(prose: str) -> bool:
    """The final point ends an abbreviation: one of the English segmentation rules' (``Sept``,
    ``p.m``, ``Dr``) or a word with points inside (``U.S.``, ``e.g.``)."""
    m = _LAST_WORD.search(prose.rstrip(_TRAILERS))
    if not m:
        return False
    word = m.group(1).casefold()
    return "." in word.strip(".") or word in _english_abbreviations()


@cache
def _english_abbreviations() -> frozenset[str]:
    from dragoman.segment.rules import load_rules

    rules = load_rules("en")
    return rules.titles | rules.before_numbers | rules.time_abbreviations


_SPACE_BEFORE = re.compile(r"(?<=\w)[ \u00a0]+([،؛؟,;?!:]|\.(?![.\d]))")
_NO_SPACE_AFTER = re.compile(r"([،؛؟,;])(?=[^\W\d])")
#: A point between single letters abbreviates in Arabic script (ك.ب kilobyte, ن.إ.م, پ.ن): it
#: takes no space after it.
_NO_SPACE_AFTER_ARABIC = re.compile(r"(?<=\w)([!?:]|(?<!(?<!\w)\w)\.)(?=[\u0620-\u064a\u0671-\u06d3])")
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
#: Marks that Arabic-script typing often spaces on both sides (``الحسكة ، القامشلي``): a house
#: style, like «» quotes; a space before with none after is the slip. The ASCII comma and
#: semicolon typed for ، and ؛ are spaced the same way (the mark itself is ``punctuation``'s).
_SPACED_BOTH_SIDES = "،؛:,;"


@entry_check("spacing", "cosmetic", "Spacing around punctuation, or double spaces", needs_source=False)
def spacing(unit: Unit) -> str | None:
    """Cosmetic, as pofilter's ``doublespacing`` and ``puncspacing``: HTML shows a double
    space as one, and a space before a comma moves no word."""
    prose = unit.plain_translation
    problems = []
    for m in _SPACE_BEFORE.finditer(prose):
        if unit.arabic_script and m.group(1) in _SPACED_BOTH_SIDES and prose[m.end() : m.end() + 1] in " \u00a0":
            continue
        problems.append(f"space before {m.group(1)!r}")
    patterns = (_NO_SPACE_AFTER, _NO_SPACE_AFTER_ARABIC) if unit.arabic_script else (_NO_SPACE_AFTER,)
    separators = _separators(unit.plain_source)
    for pattern in patterns:
        problems += [f"no space after {m.group(1)!r}" for m in pattern.finditer(prose)
                     if m.group(1) not in separators]
    doubled = len(_DOUBLE_SPACE.findall(prose))
    if doubled > len(_DOUBLE_SPACE.findall(unit.plain_source)):
        problems.append("double space")
    return "; ".join(dict.fromkeys(problems)) if problems else None


@entry_check("latin-words", "warning", "English words (or another script's letters) left in the translation", needs_source=False)
def latin_words(unit: Unit) -> str | None:
    """In Arabic script, a Latin word is a leak unless it is a name: the glossary's or the
    workspace's, or a word the source has too (product names, acronyms, ``help-about``) in a
    translation otherwise written in Arabic script. A word the glossary writes in Arabic script
    is no name to keep. Letters of a third script (a Chinese leak) are reported in any language.
    A copy of the source is one problem, which :func:`identical` reports."""
    problems = []
    if unit.arabic_script and unit.translation.strip() != unit.source.strip():
        prose = _without_names(unit.plain_translation, unit.names)
        left = [w for w in _latin_words(prose) if w.casefold() not in unit.names]
        if left and _ARABIC_LETTER.search(prose):
            kept = _kept_source_words(unit)
            left = [w for w in left if not _acronym_or_identifier(w) and w.casefold() not in kept]
        elif left:  # a copy of the source, or English: only its names may stay
            kept = {w.casefold() for w in _latin_words(unit.plain_source) if looks_like_name(w)}
            left = [w for w in left if w.casefold() not in kept]
        if left:
            problems.append("untranslated? " + ", ".join(dict.fromkeys(left)))
    foreign = [c for c in dict.fromkeys(_FOREIGN_SCRIPT[unit.arabic_script].findall(unit.plain_translation))
               if c not in unit.source]
    if foreign:
        problems.append("letters of another script: " + "".join(foreign))
    return "; ".join(problems) if problems else None


_ARABIC_LETTER = regex.compile(r"\p{Arabic}")
#: Letters outside the target's script (digits, punctuation and marks are Common or Inherited).
_FOREIGN_SCRIPT = {
    True: regex.compile(r"[^\p{Arabic}\p{Latin}\p{Common}\p{Inherited}]"),
    False: regex.compile(r"[^\p{Latin}\p{Common}\p{Inherited}]"),
}


def _latin_words(prose: str) -> list[str]:
    """Latin words of ``prose``, escapes such as ``\\n`` aside; digits glued to a word are part
    of it (``W3C``, ``m1.tiny``)."""
    return [w for w in _LATIN_TOKEN.findall(_ESCAPE.sub(" ", prose)) if _LATIN_LETTER.search(w)]


_LATIN_TOKEN = regex.compile(r"[\p{Latin}\d]+(?:[-'’.][\p{Latin}\d]+)*")
_LATIN_LETTER = regex.compile(r"\p{Latin}")


_ESCAPE = re.compile(r"\\[A-Za-z]")
_PARTS = re.compile(r"[-'’.]")
#: The words of a name written in camel case (``ApplePay``: Apple, Pay), which a translation
#: may write apart.
_CAMEL_PARTS = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])")


def _acronym_or_identifier(word: str) -> bool:
    """``UUID``, ``URL``, ``WebAuthn``, ``iOS``, ``W3C``, ``m1.tiny``: an acronym or a product's
    identifier, which Arabic-script text writes in Latin letters (a translator adds them as
    glosses)."""
    return ((len(word) > 1 and word.isupper()) or any(c.isupper() for c in word[1:])
            or any(c.isdigit() for c in word))


def _kept_source_words(unit: Unit) -> set[str]:
    """Latin words of the source a translation may keep (and their parts: ``Stripe`` of
    ``Stripe's``, ``NFC`` of ``NFC-based``, ``Apple`` and ``Pay`` of ``ApplePay``), but those of a glossary term the glossary writes
    in the target's script. Where a glossary names the newsroom's names, only words written as
    names are kept (``clashes`` of "Clashes broke out" is English left over); elsewhere any
    word of the source may be a product's name (``python``, ``chardet``)."""
    source = unit.plain_source
    found = [m for m in text.LATIN_WORD.finditer(_ESCAPE.sub(" ", source))
             if unit.glossary is None or _written_as_name(m)]
    words = {part.casefold() for m in found
             for part in (m.group(), *_PARTS.split(m.group()), *_CAMEL_PARTS.findall(m.group()))}
    for verdict in unit.glossary_verdicts:
        if verdict.expected and not text.LATIN_WORD.search(verdict.expected):
            words -= {w.casefold() for w in text.LATIN_WORD.findall(verdict.source_term)}
    return words


def _written_as_name(match) -> bool:
    """A word written as a name: an acronym or identifier, or capitalised inside a sentence
    ("reported by Reuters"; a sentence's first word is capitalised anyway)."""
    word, before = match.group(), match.string[: match.start()].rstrip()
    sentence_start = not before or before[-1] in ".!?:\"'«“(\n"
    return _identifier_or_file_name(word) or (word[0].isupper() and not sentence_start)


def looks_like_name(word: str) -> bool:
    """A capitalised word, an acronym, or a file, icon or option name (``Stripe``, ``CSV``,
    ``iDEAL``, ``help-about``): what a copy of the source may keep as written; a lower-case
    English word is no name."""
    return word[0].isupper() or _identifier_or_file_name(word)


def _identifier_or_file_name(word: str) -> bool:
    """An acronym or identifier, or a file, icon or option name (``help-about``): a name
    wherever the sentence puts it."""
    return _acronym_or_identifier(word) or any(c in "_.-" for c in word)


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


@entry_check("letters", "warning", "Letters of a neighbouring orthography (ي/ی, ك/ک, ı/i), or not NFC", needs_source=False)
def letters(unit: Unit) -> str | None:
    """A warning, not cosmetic: a word spelt with another orthography's letters is another
    string to search, sort and match against the glossary (pofilter's spelling check is
    functional too)."""
    problems = []
    if (not unicodedata.is_normalized("NFC", unit.translation)
            and unicodedata.normalize("NFC", unit.translation) != _canonically_ordered(unit.translation)):
        problems.append("decomposed characters: save the text in Unicode NFC")
    table = FOREIGN_LETTERS.get(unit.lang, {})
    problems += [
        f"{c} (U+{ord(c):04X}) -> {table[c]}" for c in dict.fromkeys(unit.plain_translation) if c in table
    ]
    return ", ".join(problems) if problems else None


def _canonically_ordered(s: str) -> str:
    """``s`` with each run of combining marks in canonical order (shadda and fatha typed in
    either order render the same: يتطلَّب), nothing composed or decomposed."""
    out, marks = [], []
    for char in s:
        if unicodedata.combining(char):
            marks.append(char)
            continue
        out += sorted(marks, key=unicodedata.combining)
        marks = []
        out.append(char)
    return "".join(out + sorted(marks, key=unicodedata.combining))


_DIGIT_SYSTEMS = {"Western": "0123456789", "Arabic-Indic": "٠١٢٣٤٥٦٧٨٩", "Extended Arabic-Indic": "۰۱۲۳۴۵۶۷۸۹"}


@entry_check("digits", "cosmetic", "Digit systems mixed, or Persian digit shapes in Arabic", needs_source=False)
def digits(unit: Unit) -> str | None:
    """Western and Arabic-Indic digits are both house styles; one translation mixing them, or
    Arabic using the Extended (Persian) shapes of 4, 5 and 6, is a slip. Cosmetic: every shape
    writes the same value (``numbers`` guards the value)."""
    prose = unit.plain_translation
    used = [name for name, chars in _DIGIT_SYSTEMS.items() if any(c in prose for c in chars)]
    if len(used) > 1:
        return "mixes " + " and ".join(used) + " digits"
    if used == ["Extended Arabic-Indic"] and unit.lang == "ar":
        return "Extended Arabic-Indic (Persian) digits in Arabic: use ٠–٩ (U+0660–0669) or 0–9"
    return None


@entry_check("tatweel", "cosmetic", "Decorative tatweel (kashida) in a word", needs_source=False)
def tatweel(unit: Unit) -> str | None:
    """Tatweel after an Arabic letter only stretches the word, and breaks search. Cosmetic
    (pofilter has no twin): the word reads the same, only drawn longer. It is right
    after a digit or a Latin name, where it joins a suffix (Sorani "7ـی", "کوردستان24ـی"), and
    after a clitic or the article written before a Latin word, a number, a placeholder or an
    abbreviation (الـ PDF، لـ %(title)s، كـ 3، بـ«التذاكر»، لـ ن.إ.م.): standard Arabic typography."""
    prose = unit.plain_translation
    words = [
        m.group()
        for m in re.finditer(r"\S*\u0640\S*", prose)
        if any(text.is_arabic_letter(prose[i - 1]) and not _joins_clitic(prose, i)
               for i in _positions(m, text.TATWEEL) if i > 0)
    ]
    return "in " + ", ".join(dict.fromkeys(words)) if words else None


@cache
def _clitic_before() -> re.Pattern:
    """A clitic or the article (with its clitics) right before a tatweel: الـ، لـ، بـ، كـ، وبالـ،
    للـ (the proclitics of :func:`dragoman.rulefiles.arabic_proclitics`)."""
    conjunction, preposition, article, lil = map(
        text.proclitic_pattern, ("conjunction", "preposition", "article", "lil"))
    return re.compile(f"(?<!\\w)(?:{conjunction}?{preposition}?(?:{article}|{lil})"
                      f"|{conjunction}?{preposition})\u0640$")


def _joins_clitic(prose: str, i: int) -> bool:
    """The tatweel at ``i`` ends a clitic, and what follows is no Arabic letter."""
    if not _clitic_before().search(prose[: i + 1]):
        return False
    after = prose[i + 1 :].lstrip()
    return not after or not text.is_arabic_letter(after[0]) or bool(_ABBREVIATION.match(after))


#: An abbreviation written with points between single letters (ن.إ.م. for "django CMS").
_ABBREVIATION = re.compile(r"\w\.\w")


def _positions(match: re.Match, char: str) -> list[int]:
    return [match.start() + i for i, c in enumerate(match.group()) if c == char]


@entry_check("bidi-controls", "error", "Bidi isolates or embeddings left open, or an override", needs_source=False)
def bidi_controls(unit: Unit) -> str | None:
    """What changes the order the reader sees: an isolate or embedding left open runs into the
    text after it, an override reverses letters. (A closer with nothing to close changes
    nothing, UAX #9 X6a and X7 ignore it: a stray, :func:`bidi_marks`' finding.)"""
    if not text.ANY_BIDI_CONTROL.search(unit.translation):
        return None
    isolates, embeddings, _ = _pairs(unit.translation)
    problems = [f"{text.OVERRIDES[c]} reverses the characters it covers; use an isolate"
                for c in unit.translation if c in text.OVERRIDES]
    problems += [f"{name} not closed by PDI" for i, name in isolates if not _closed_by_end(unit.translation, i)]
    problems += [f"{name} not closed by PDF" for i, name in embeddings if not _closed_by_end(unit.translation, i)]
    return "; ".join(dict.fromkeys(problems)) if problems else None


def _pairs(s: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[str]]:
    """The isolates and embeddings ``s`` leaves open (position, name), and the closers that
    close nothing."""
    isolates: list[tuple[int, str]] = []
    embeddings: list[tuple[int, str]] = []
    unmatched: list[str] = []
    for i, char in enumerate(s):
        if char in text.ISOLATE_OPENERS:
            isolates.append((i, text.ISOLATE_OPENERS[char]))
        elif char in text.EMBEDDING_OPENERS:
            embeddings.append((i, text.EMBEDDING_OPENERS[char]))
        elif char == text.PDI:
            if isolates:
                isolates.pop()
            else:
                unmatched.append("PDI (U+2069) without an opening LRI/RLI/FSI")
        elif char == text.PDF:
            if embeddings:
                embeddings.pop()
            else:
                unmatched.append("PDF (U+202C) without an opening embedding")
    return isolates, embeddings, unmatched


def _closed_by_end(s: str, i: int) -> bool:
    """An opener left open at ``i`` that the paragraph's end closes harmlessly: one opening
    the string (it sets the direction of all of it), or one before end punctuation only
    (``بنجاح\u202a.``)."""
    before, after = s[:i], s[i + 1 :]
    return (not before.strip(" \t\n" + text.BIDI_CONTROLS)
            or not any(text.strong_direction(c) for c in after))


@entry_check("bidi-marks", "warning", "Stray bidi marks (LRM, RLM, ALM) or closers (PDF, PDI)", needs_source=False)
def bidi_marks(unit: Unit) -> str | None:
    """A warning, not cosmetic: a stray mark is invisible, so no reviewer sees it, yet it
    splits the word for search and glossary matching. A mark does work next to neutrals
    (``get_absolute_url()`` + LRM), between characters of different direction, and at the
    start, where it sets the direction of the string (an RLM before a Latin word or a number);
    one at the end after a letter, doubled, or inside a same-direction word is stray, as is a
    PDF or PDI that closes nothing."""
    s = unit.translation
    if not text.ANY_BIDI_CONTROL.search(s):
        return None
    stray = _pairs(s)[2]
    for i, char in enumerate(s):
        if char not in text.MARKS:
            continue
        before, after = s[:i].strip(), s[i + 1 :].strip()
        name = f"{text.MARKS[char]} (U+{ord(char):04X})"
        if not before and after:
            continue  # opening the string, a mark sets its paragraph direction
        if not after and before and not text.strong_direction(s[i - 1]) and not s[i - 1].isspace():
            continue  # after end punctuation, it keeps that punctuation with the text before
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
    return frozenset(row[1].casefold() for row in rule_rows("checks/doubled-words.tsv", 2) if row[0] == lang)


#: A block element's tag parts what it stands between ("<h2>ساهم</h2><ul><li>ساهم بالشيفرة"
#: doubles nothing); an inline one does not ("في <b>في</b>").
_BLOCK_TAG = re.compile(r"</?\s*(?:h[1-6]|p|div|ul|ol|li|dl|dt|dd|table|tr|td|th|blockquote|pre|br|hr)\b[^>]*>",
                        re.IGNORECASE)
_DOUBLED = re.compile(r"(?<!\w)(\w+)\s+\1(?!\w)", re.IGNORECASE)


@entry_check("doubled-words", "cosmetic", "A word doubled", needs_source=False)
def doubled_words(unit: Unit) -> str | None:
    """Cosmetic, as pofilter's ``doublewords``: the reader skips the repeated word. Arabic and
    Kurdish reduplication (``data/checks/doubled-words.tsv``) is no slip."""
    allowed = _reduplications(unit.lang)
    words = [
        m.group(1)
        for m in _DOUBLED.finditer(text.plain(_BLOCK_TAG.sub(text.OBJECT, unit.translation)))
        if not m.group(1).isdigit() and m.group(1).casefold() not in allowed
    ]
    return "doubled " + ", ".join(repr(f"{w} {w}") for w in dict.fromkeys(words)) if words else None


@entry_check("whitespace", "cosmetic", "Leading or trailing whitespace differs from the source")
def whitespace(unit: Unit) -> str | None:
    """Cosmetic, as pofilter's ``startwhitespace`` and ``endwhitespace``: HTML collapses the
    whitespace at a string's edges."""
    problems = []
    for where, source, target in zip(("leading", "trailing"), _edges(unit.source), _edges(unit.translation)):
        if source != target:
            problems.append(f"{where} {target!r} where the source has {source!r}")
    return "; ".join(problems) if problems else None


def _edges(s: str) -> tuple[str, str]:
    return _layout(s[: len(s) - len(s.lstrip())]), _layout(s[len(s.rstrip()) :])


def _layout(edge: str) -> str:
    """An edge with a line break is a template's layout (``"\\n        Did you mean…"``): its
    indentation is not shown, so only its line breaks count (as Weblate counts spaces only
    before the first character)."""
    return "\n" * edge.count("\n") if "\n" in edge else edge


@entry_check("identical", "warning", "Translation identical to the source")
def identical(unit: Unit) -> str | None:
    """A copy is fine when it is made of names: capitalised words, acronyms, identifiers,
    numbers (``Apple Pay``, ``URL``, ``help-about``); a lower-case English word says it is not.
    A warning, as pofilter's functional ``unchanged``: the reader gets no translation."""
    if unit.translation.strip() != unit.source.strip():
        return None
    prose = _without_names(unit.plain_source, unit.names)  # numbers are no Latin words
    words = [w for w in _latin_words(prose) if w.casefold() not in unit.names and not looks_like_name(w)]
    return "the translation is a copy of the source" if words else None


#: Okapi CheckMate's bounds for strings of 20 characters and more. A shorter source is a
#: label or an abbreviation ("Tu" -> "الثلاثاء", "API" -> "واجهة برمجة التطبيقات"): its
#: length says nothing about its translation's.
LENGTH_BREAK = 20
LENGTH_BOUNDS = (0.45, 2.0)


@entry_check("length-ratio", "warning", "Translation much shorter or longer than its source")
def length_ratio(unit: Unit) -> str | None:
    """A warning, as pofilter's functional ``short`` and ``long``: a sentence left out or
    added shows in the length."""
    source, target = _shown_length(unit.plain_source), _shown_length(unit.plain_translation)
    if source < LENGTH_BREAK or not target:
        return None
    low, high = LENGTH_BOUNDS
    ratio = target / source
    if low <= ratio <= high:
        return None
    return f"{target} characters for {source} in the source (ratio {ratio:.2f}, expected {low}–{high})"


def _shown_length(prose: str) -> int:
    """Characters as shown: a run of whitespace (a template's indentation) is one space."""
    return len(" ".join(prose.split()))
