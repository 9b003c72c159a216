"""Words, dates and numbers of an edition page in the edition's language.

Dates and percentages go through Babel with the language's Babel locale (``kmr`` is Babel's
``ku``). Babel never emits Arabic-Indic digits, so the per-language ``digits`` setting is
applied afterwards: ``latn`` (Western; SOHR's Arabic site writes these) or ``arab``.
"""

from __future__ import annotations

import csv
import math
from datetime import date, datetime
from functools import cache
from pathlib import Path

from dragoman import DATA
from dragoman.locales import LocaleInfo

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def apply_digits(text: str, digits: str) -> str:
    return text.translate(_ARABIC_INDIC) if digits == "arab" else text


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
