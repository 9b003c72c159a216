"""What a check is: an id, a severity, a one-line title and one small function.

Entry checks look at one translation unit (a source string and its translation) and return a
message when something is wrong, ``None`` otherwise. Catalog checks look at a whole catalog
(header, completion, plural slots) and yield ``(message, entry_or_None)`` pairs. Both are
declared with a decorator here and listed explicitly, in report order, in
``dragoman.checks.CHECKS``: nothing registers itself by being imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

#: From the most severe. As translate-toolkit's pofilter sorts its tests (critical, functional,
#: cosmetic, extraction): an ``error`` breaks the text or its meaning (a lost number, link or
#: placeholder) and fails ``dragoman check``; a ``warning`` is a functional problem to look at
#: (English left over, a copy of the source); a ``cosmetic`` finding is typography that leaves
#: the meaning whole (a sentence's end, spacing, ASCII , ; ?), advice only; ``info`` is a note.
SEVERITIES = ("error", "warning", "cosmetic", "info")
#: Severities that are advice: shown, never failing (no exit status, no failed JUnit case, a
#: GitHub notice), whatever ``--strict`` says.
ADVICE = ("cosmetic", "info")


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    title: str
    func: Callable
    #: ``entry``: called per translated unit; ``catalog``: called once per catalog.
    scope: str = "entry"
    #: Whether the check compares the translation with its source (not done where the msgid
    #: is a symbol, such as Plone's ``label_delete``, whose English is not in the catalog).
    needs_source: bool = True

    def __call__(self, *args):
        return self.func(*args)


def entry_check(id: str, severity: str, title: str, *, needs_source: bool = True
                ) -> Callable[[Callable], Check]:
    """Declare ``func(unit) -> str | None`` as the check ``id``; ``needs_source=False`` for one
    that judges the translation's own writing only."""
    return _declare(id, severity, title, "entry", needs_source)


def catalog_check(id: str, severity: str, title: str) -> Callable[[Callable], Check]:
    """Declare ``func(catalog_context) -> Iterable[(message, entry | None)]`` as the check ``id``."""
    return _declare(id, severity, title, "catalog")


def _declare(id: str, severity: str, title: str, scope: str, needs_source: bool = True
             ) -> Callable[[Callable], Check]:
    if severity not in SEVERITIES:
        raise ValueError(f"severity of {id} must be one of {SEVERITIES}, not {severity!r}")

    def wrap(func: Callable) -> Check:
        return Check(id=id, severity=severity, title=title, func=func, scope=scope,
                     needs_source=needs_source)

    return wrap
