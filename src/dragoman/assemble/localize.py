"""Words, dates and numbers of an edition page in the edition's language.

Dates and percentages go through Babel with the language's Babel locale (``kmr`` is Babel's
``ku``). Babel never emits Arabic-Indic digits, so the per-language ``digits`` setting is
applied afterwards: ``latn`` (Western; SOHR's Arabic site writes these) or ``arab``.
"""

from __future__ import annotations

import csv
import math
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

from dragoman import DATA
from dragoman.locales import LocaleInfo

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def apply_digits(text: str, digits: str) -> str:
    return text.translate(_ARABIC_INDIC) if digits == "arab" else text


_NUMBER = re.compile(r"\d+")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_NOT_PROSE = re.compile(r"://|@|^www\.", re.I)
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z0-9]+)([^>]*)>")
_LANG_ATTRIBUTE = re.compile(r"""\blang\s*=\s*["']?([A-Za-z0-9-]+)""")


def localize_numbers(fragment: str, digits: str, lang: str) -> str:
    """The numbers of an inline HTML ``fragment`` of a ``lang`` edition in its digit system
    (``arab``: Arabic-Indic), except those of URLs and e-mail addresses, of ``code``, of
    elements in another language, and of Latin-script runs (F-16, COVID-19, "Route 4" ending
    a phrase, a number before a Latin word), which stay as written."""
    if digits != "arab" or not any(c.isdigit() for c in fragment):
        return fragment
    kept: list[bool] = []  # per open element: are digits inside left alone?
    out = []
    for piece in _TAG.split(fragment):
        tag = _TAG_NAME.match(piece) if piece.startswith("<") else None
        if tag:
            closing, name, attributes = tag.groups()
            if closing:
                if kept:
                    kept.pop()
            elif not attributes.rstrip().endswith("/") and name.lower() not in ("br", "img", "wbr"):
                other = _LANG_ATTRIBUTE.search(attributes)
                kept.append((kept[-1] if kept else False) or name.lower() == "code"
                            or bool(other and other.group(1).split("-")[0] != lang))
            out.append(piece)
        elif kept and kept[-1]:
            out.append(piece)
        else:
            out.append(_NUMBER.sub(lambda m: _number(m, lang), piece))
    return "".join(out)


def _number(match: re.Match, lang: str) -> str:
    text, start, end = match.string, match.start(), match.end()
    token_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    token_end = min((i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0),
                    default=len(text))
    token = text[token_start:token_end]
    if _LATIN.search(token) or _NOT_PROSE.search(token):
        return match.group()
    # Inside a Latin-script run: the word it goes with (the next one, as "15 يوماً"; the one
    # before at the end of a phrase, as "... Route 4") is Latin.
    after = text[token_end:].split()
    neighbour = after[0] if after else (text[:token_start].split() or [""])[-1]
    if _LATIN.search(neighbour):
        return match.group()
    return match.group().translate(_ARABIC_INDIC)


@cache
def _babel_locale(code: str):
    """Parsed once: Babel re-parses a locale given by name on every call (about 1 ms)."""
    from babel import Locale

    return Locale.parse(code)


def format_date(value: date | datetime, info: LocaleInfo) -> str:
    """The publication date as a newsroom writes it, e.g. ``24 يناير 2021``."""
    from babel.dates import format_date as babel_format_date

    day = value.date() if isinstance(value, datetime) else value
    return apply_digits(babel_format_date(day, "long", locale=_babel_locale(info.babel)), info.digits)


def floor_percent(share: float) -> float:
    """Rounded down to a whole percent: 99.6% translated must not read as 100%."""
    return math.floor(share * 100) / 100


def format_percent(value: float, info: LocaleInfo) -> str:
    from babel.numbers import format_percent as babel_format_percent

    return apply_digits(babel_format_percent(value, locale=_babel_locale(info.babel)), info.digits)


def labels(lang: str, templates_dir: Path | None = None) -> dict[str, str]:
    """The page words for ``lang``; a workspace's ``templates/labels.tsv`` replaces the shipped
    words it has (a table written for an older release keeps working: new words are shipped)."""
    override = templates_dir / "labels.tsv" if templates_dir else None
    table = {**_shipped(), **_load(str(override))} if override and override.is_file() else _shipped()
    return {key: row.get(lang) or row["en"] for key, row in table.items()}


@cache
def _shipped() -> dict[str, dict[str, str]]:
    text = (DATA / "templates" / "labels.tsv").read_text("utf-8")
    return _parse(text)


@cache
def _load(path: str) -> dict[str, dict[str, str]]:
    return _parse(Path(path).read_text("utf-8"))


def _parse(text: str) -> dict[str, dict[str, str]]:
    rows = csv.DictReader((l for l in text.splitlines() if l and not l.startswith("#")),
                          delimiter="\t")
    return {row["key"]: row for row in rows}
