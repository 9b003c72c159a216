"""Text facts the checks share: digits, tags, URLs, placeholders, scripts, bidi controls.

Everything here is pure and small; the patterns are compiled once at import.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex

from dragoman.rulefiles import arabic_proclitics, rule_rows

#: Western, Arabic-Indic (U+0660–0669) and Extended Arabic-Indic (U+06F0–06F9) digits fold to
#: ASCII; the Arabic decimal and thousands separators fold to ``.`` and ``,``.
DIGIT_FOLD = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,"
)

TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)((?:\s+[^<>]*?)?)\s*(/?)\s*>")
ATTRIBUTE = re.compile(r"""([^\s=/"'<>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
URL = re.compile(r"""(?:(?:https?|ftp)://|www\.)[^\s<>"'«»“”]+""", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Every C format directive msgfmt accepts (``%s``, ``%2$s``, ``%'d``, ``%Id``, ``%.0s``,
#: ``%lld``, ``%*d``), Python's ``%(name)s``, strftime's alternative forms (``%Od``, ``%Ey``) and
#: brace placeholders (``{0}``, ``{name}``, Zope's and Plone's ``${name}``). A ``%`` right after a digit is a percent sign
#: (``25%``), never a placeholder; the space flag is left out, since prose writes "% of".
PLACEHOLDER = re.compile(
    r"(?<![\d%])%(?:[EO][A-Za-z]|(?:(\d+)\$|\((\w+)\))?[-+#0'I]*(?:\d+|\*(?:\d+\$)?)?"
    r"(?:\.(\d+|\*(?:\d+\$)?)?)?(?:hh|h|ll|l|L|q|j|z|Z|t)?([diouxXeEfFgGaAcCsSpnr]))"
    r"|\$?\{\w*(?:\.\w+)*\}"
)
#: Conversions that take the same kind of argument (what msgfmt --check-format compares).
_ARGUMENT_KIND = {**dict.fromkeys("di", "d"), **dict.fromkeys("ouxX", "u"),
                  **dict.fromkeys("eEfFgGaA", "f"), **dict.fromkeys("cC", "c"),
                  **dict.fromkeys("sS", "s"), "p": "p", "n": "n", "r": "r"}
#: A number: digits not glued to a Latin word (``W3C``, ``v2`` and ``MP3`` are names).
NUMBER = re.compile(r"(?<![A-Za-z\u00C0-\u024F])\d+(?:[.,]\d+)*")
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
#: Trailing characters a URL rarely ends with but a sentence often does, and a backslash
#: before the quote that ends an attribute (``href=\"…\"``: the broken tag is the markup
#: check's finding, the URL in it is the source's).
_URL_TAIL = ".,;:!?)]}»”’'\"،؛؟\\"

#: A word in Latin letters (× and ÷, in the Latin-1 block, are no letters).
LATIN_WORD = regex.compile(r"\p{Latin}+(?:[-'’.]\p{Latin}+)*")
WORD = re.compile(r"\w+")

TATWEEL = "\u0640"
ISOLATE_OPENERS = {"\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI"}
PDI = "\u2069"
EMBEDDING_OPENERS = {"\u202a": "LRE", "\u202b": "RLE", "\u202d": "LRO", "\u202e": "RLO"}
PDF = "\u202c"
OVERRIDES = {"\u202d": "LRO", "\u202e": "RLO"}
MARKS = {"\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM"}
BIDI_CONTROLS = "".join((*ISOLATE_OPENERS, PDI, *EMBEDDING_OPENERS, PDF, *MARKS))
ANY_BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")


def fold_digits(text: str) -> str:
    return text.translate(DIGIT_FOLD)


def urls(text: str) -> list[str]:
    if "://" not in text and "www." not in text.lower():
        return []
    return [m.group().rstrip(_URL_TAIL) for m in URL.finditer(text)]


def emails(text: str) -> list[str]:
    return EMAIL.findall(text) if "@" in text else []


def placeholders(text: str) -> list[str]:
    return [raw for raw, _ in placeholder_arguments(text)]


def placeholder_arguments(text: str) -> list[tuple[str, str]]:
    """Each placeholder with the argument it prints, as msgfmt compares them: ``%s`` and
    ``%1$s`` are the first argument's string, ``%'d``, ``%Id`` and ``%i`` the same integer as
    ``%d``; ``%.0s`` consumes its argument without printing it (``*`` for the kind)."""
    if "%" not in text and "{" not in text:
        return []
    out = []
    order = 0
    for m in PLACEHOLDER.finditer(_without(text, URL)):
        raw = m.group()
        position, name, precision, conversion = m.groups()
        if raw.startswith(("{", "$")) or conversion is None:
            out.append((raw, raw.replace("%E", "%").replace("%O", "%")))
            continue
        kind = "*" if precision == "0" and conversion == "s" else _ARGUMENT_KIND[conversion]
        if name is None and position is None:
            order += 1
        argument = f"({name})" if name is not None else f"{position or order}$"
        out.append((raw, f"%{argument}{kind}"))
    return out


@dataclass(frozen=True)
class Tag:
    name: str
    closing: bool
    self_closing: bool
    attributes: tuple[tuple[str, str], ...]
    text: str


def tags(text: str) -> list[Tag]:
    """The markup of ``text``. A capitalised ``<Empty>`` or ``<Answer: {question}>`` is text in
    angle brackets unless the string also closes it (``<A href>…</A>``)."""
    out = []
    for m in TAG.finditer(text):
        name = m.group(2)
        if name[0].isupper() and not m.group(1) and f"</{name.lower()}" not in text.lower():
            continue
        attrs = tuple(
            (a.group(1).lower(), next((g for g in a.group(2, 3, 4) if g is not None), ""))
            for a in ATTRIBUTE.finditer(m.group(3) or "")
        )
        out.append(Tag(m.group(2).lower(), bool(m.group(1)), bool(m.group(4)), attrs, m.group()))
    return out


_CHARACTER_REFERENCE = re.compile(r"&(?:[A-Za-z]+|#\d+|#[xX][0-9A-Fa-f]+);")

#: What stands in prose for a URL, an e-mail address or a placeholder: U+FFFC OBJECT REPLACEMENT
#: CHARACTER, neither letter, digit, space nor punctuation, so no prose check sees it.
OBJECT = "\ufffc"


def plain(text: str) -> str:
    """The prose of a string: tags removed (a ``<br>`` becomes a space), character references
    read (``&amp;`` is ``&``, not a word and a semicolon), URLs, e-mail addresses and
    placeholders replaced by :data:`OBJECT`, so that neither letters nor digits from markup
    or addresses reach prose checks, and no spacing changes."""
    if "<" in text:
        text = TAG.sub(lambda m: " " if m.group(2).lower() == "br" else "", text)
    if "&" in text:
        import html  # (here: its table of entity names is loaded for a string that needs it)

        text = _CHARACTER_REFERENCE.sub(lambda m: html.unescape(m.group()), text)
    if "://" in text or "www." in text.lower():
        text = URL.sub(OBJECT, text)
    if "@" in text:
        text = EMAIL.sub(OBJECT, text)
    if "%" in text or "{" in text:
        text = PLACEHOLDER.sub(OBJECT, _ESCAPED_PERCENT_ENCODING.sub(OBJECT, text))
    return text


#: A URL's percent-encoding in a format string, its percent escaped (``%%23Weblate`` prints
#: ``%23Weblate``, the hashtag #Weblate): no number of the prose.
_ESCAPED_PERCENT_ENCODING = re.compile(r"%%[0-9A-Fa-f]{2}")


def _without(text: str, *patterns: re.Pattern) -> str:
    for pattern in patterns:
        text = pattern.sub(" ", text)
    return text


def numbers(prose: str) -> tuple[Counter[str], Counter[str]]:
    """The numbers of a prose text (see :func:`plain`), digits folded and group separators
    dropped, and those of them written as English ordinals (``4th``, ``13th``), which a
    translation may spell out.

    ``15``, ``١٥`` and ``۱۵`` are all ``15``; ``1,200``, ``1.200`` and ``١٬٢٠٠`` are all ``1200``
    (news writes thousands and decimals both ways; the digits must agree, not the separator).
    A decimal is its whole part and its fraction (``123.45`` is ``123`` and ``45``): a
    translation may say them apart ("123 euros and 45 cents", the whole part in words).
    """
    all_numbers: Counter[str] = Counter()
    ordinal: Counter[str] = Counter()
    if not _ANY_DIGIT.search(prose):
        return all_numbers, ordinal
    folded = fold_digits(prose)
    for m in NUMBER.finditer(folded):
        values = _values(m.group())
        all_numbers.update(values)
        if ORDINAL_SUFFIX.match(folded, m.end()):
            ordinal[values[-1]] += 1
    return all_numbers, ordinal


_ANY_DIGIT = re.compile(r"\d")


def glued_numbers(prose: str) -> Counter[str]:
    """Digits glued to a Latin word (``Menu2``, ``v2``): part of a name, which a translation
    may write apart (قائمة ٢)."""
    return Counter(v for m in _GLUED.finditer(fold_digits(prose)) for v in _values(m.group()))


_GLUED = re.compile(r"(?<=[A-Za-z\u00C0-\u024F])\d+(?:[.,]\d+)*")


def _values(number: str) -> list[str]:
    """The numbers a written number stands for: one without group separators (a separator
    before three digits groups thousands), or a decimal's whole part and fraction."""
    parts = re.split(r"[.,]", number)
    if len(parts) > 1 and len(parts[-1]) != 3:
        return [_canonical("".join(parts[:-1])), parts[-1]]
    return [_canonical(number)]


def _canonical(number: str) -> str:
    """A number without group separators, and without leading zeros when it has none
    (``05`` of a date is ``5``)."""
    if "." in number or "," in number:
        return re.sub(r"[.,]", "", number)
    return number.lstrip("0") or "0"


#: A Roman numeral after a word ("Room I", "World War II"), which a translation may write in
#: digits (الغرفة ١).
_ROMAN = re.compile(r"(?<=[A-Za-z] )[IVXL]+\b")
_ROMAN_VALUES = (("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman_numbers(prose: str) -> Counter[str]:
    """The values of the Roman numerals of ``prose`` written canonically (``IIII`` is none)."""
    found: Counter[str] = Counter()
    for m in _ROMAN.finditer(prose):
        value, rest = 0, m.group()
        for letters, v in _ROMAN_VALUES:
            while rest.startswith(letters):
                value, rest = value + v, rest[len(letters):]
        if not rest and _roman(value) == m.group():
            found[str(value)] += 1
    return found


def _roman(value: int) -> str:
    out = []
    for letters, v in _ROMAN_VALUES:
        while value >= v:
            out.append(letters)
            value -= v
    return "".join(out)


#: An ISO date (``2017-05-31``), whose month a translation may name (31 مايو 2017).
_ISO_DATE = re.compile(r"(?<!\d)\d{4}-(\d\d)-\d\d(?!\d)")


def date_months(prose: str) -> Counter[str]:
    """The months of the ISO dates of ``prose``."""
    return Counter(_canonical(m.group(1)) for m in _ISO_DATE.finditer(fold_digits(prose)))


@cache
def number_words(lang: str) -> dict[str, str]:
    """Number words of ``lang`` (``six`` -> ``6``) from ``data/number-words.tsv``, every row
    (the aligner takes those marked as anchors: :func:`dragoman.align.anchors.number_words`)."""
    table: dict[str, str] = {}
    for row_lang, word, value, _anchor in rule_rows("number-words.tsv", 4):
        if row_lang == lang:
            table[_word_form(word)] = value
    return table


#: Alef with hamza or madda is often written bare (اربعة for أربعة): both are the same word.
_ALEF_FOLD = str.maketrans("أإآ", "ااا")


def _word_form(word: str) -> str:
    return word.casefold().translate(_ALEF_FOLD)


def spelled_numbers(prose: str, lang: str) -> Counter[str]:
    """The numbers ``prose`` writes as words of ``lang`` (``الأيام السبعة`` -> ``7``; clitics
    and the article taken off Arabic-script words), each word's and each run's of words
    (``مائة وثلاثة وعشرون``, "one hundred twenty-three" -> ``123``)."""
    table = number_words(lang)
    found: Counter[str] = Counter()
    run: list[int] = []
    end = 0
    for m in WORD.finditer(prose):
        value = _word_value(m.group(), table)
        if value is None:
            continue
        found[value] += 1
        if run and not _RUN_GAP.fullmatch(prose, end, m.start()):
            _add_run(found, run)
            run = []
        run.append(int(value))
        end = m.end()
    _add_run(found, run)
    return found


#: What may stand between the number words of one number: spaces, a hyphen, English "and"
#: (Arabic's و is glued to the word after it, and taken off with the clitics).
_RUN_GAP = re.compile(r"[\s-]+(?:and\s+)?", re.IGNORECASE)


def _word_value(word: str, table: dict[str, str]) -> str | None:
    form = _word_form(word)
    if form in table:
        return table[form]
    conjunction, prefixes = _glued_before()
    for bare in (conjunction.sub("", form), prefixes.sub("", form)):
        if bare and bare != form and bare in table:
            return table[bare]
    return None


def proclitic_pattern(kind: str) -> str:
    """A regular expression for the Arabic proclitics of ``kind`` (conjunction, preposition,
    article, lil: :func:`dragoman.rulefiles.arabic_proclitics`)."""
    letters = sorted(arabic_proclitics()[kind], key=len, reverse=True)
    return "(?:" + "|".join(map(re.escape, letters)) + ")"


@cache
def _glued_before() -> tuple[re.Pattern, re.Pattern]:
    """(a conjunction, a chain of proclitics) at the start of an Arabic-script word:
    a conjunction, then li with the article written لل, or a preposition and the article
    (والسبعة, للسبعة, بالسبعة). The conjunction alone is tried first: والف is و + الف."""
    conjunction, preposition, article, lil = map(
        proclitic_pattern, ("conjunction", "preposition", "article", "lil"))
    return (re.compile(f"^{conjunction}"),
            re.compile(f"^{conjunction}?(?:{lil}|{preposition}?{article}?)"))


def _add_run(found: Counter[str], run: list[int]) -> None:
    """The number a run of two or more number words makes: the words are added, and a
    hundred, thousand or million multiplies what stands before it (ثلاثة آلاف, "three hundred")."""
    if len(run) < 2:
        return
    total = current = 0
    for value in run:
        if value in (1000, 1000000):
            total, current = total + (current or 1) * value, 0
        elif value == 100:
            current = (current or 1) * 100
        else:
            current += value
    found[str(total + current)] += 1


@cache
def implicit_numbers(lang: str) -> frozenset[str]:
    """Numbers ``lang`` expresses through the noun (Arabic dual: ساعتين "two hours"), from
    ``data/checks/implicit-numbers.tsv``."""
    return frozenset(row[1] for row in rule_rows("checks/implicit-numbers.tsv", 3) if row[0] == lang)


def is_arabic_letter(char: str) -> bool:
    """An Arabic-script letter (tatweel, a modifier letter, is not one)."""
    return unicodedata.category(char) == "Lo" and unicodedata.name(char, "").startswith("ARABIC")


def strong_direction(char: str) -> str | None:
    """``"L"`` or ``"R"`` for a strongly directional character, else ``None``."""
    bidi = unicodedata.bidirectional(char)
    if bidi == "L":
        return "L"
    if bidi in ("R", "AL"):
        return "R"
    return None


def excerpt(text: str, width: int = 72) -> str:
    """One line of at most ``width`` characters, newlines shown as ``\\n``."""
    line = text.replace("\n", "\\n")
    return line if len(line) <= width else line[: width - 1] + "…"
