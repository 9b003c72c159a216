"""Per-language facts (direction, script, plural forms, Babel locale, web codes).

The facts live in ``data/locales.tsv``; a workspace may override the web-facing ones
(``hreflang``, ``digits``) per language in ``dragoman.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from dragoman import DATA
from dragoman.errors import ConfigError

#: Codes that are never accepted: a bare ``ku`` is ambiguous between Sorani and Kurmanji.
AMBIGUOUS = {"ku": "use 'ckb' (Sorani, Arabic script) or 'kmr' (Kurmanji, Latin script)"}


@dataclass(frozen=True)
class LocaleInfo:
    code: str
    english_name: str
    native_name: str
    babel: str
    direction: str
    script: str
    nplurals: int
    plural: str
    hreflang: str
    og_locale: str
    digits: str

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def plural_forms(self) -> str:
        """The PO header value, e.g. ``nplurals=2; plural=(n != 1);``."""
        return f"nplurals={self.nplurals}; plural={self.plural};"


@cache
def _table() -> dict[str, LocaleInfo]:
    import csv  # (here: a command that looks up no language does not load it)

    text = (DATA / "locales.tsv").read_text("utf-8")
    rows = csv.DictReader((l for l in text.splitlines() if not l.startswith("#")), delimiter="\t")
    return {row["code"]: LocaleInfo(**{**row, "nplurals": int(row["nplurals"])}) for row in rows}


def known_codes() -> list[str]:
    return list(_table())


def get(code: str, **overrides: str) -> LocaleInfo:
    """Facts for ``code``; ``overrides`` (from the workspace) replace web-facing fields."""
    if code in AMBIGUOUS:
        raise ConfigError(f"language code {code!r} is ambiguous: {AMBIGUOUS[code]}")
    try:
        info = _table()[code]
    except KeyError:
        raise ConfigError(
            f"unknown language {code!r}; known: {', '.join(known_codes())}"
        ) from None
    return replace(info, **overrides) if overrides else info
