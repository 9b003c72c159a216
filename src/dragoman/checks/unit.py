"""What a check looks at: one translation unit, or one whole catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dragoman.checks import text
from dragoman.locales import LocaleInfo


@dataclass
class Unit:
    """A source string and one translation of it (one plural form of an entry).

    ``names`` are the Latin-script words admitted in an Arabic-script translation (casefolded):
    glossary terms written in Latin script, do-not-translate terms, the workspace's own list.
    ``single_number`` is true for a plural form that only one count selects (Arabic's forms for
    zero, one and two), where a translation rightly drops the number.
    """

    source: str
    translation: str
    locale: LocaleInfo
    entry: Any = None
    glossary: Any = None
    names: frozenset[str] = frozenset()
    single_number: bool = False

    @property
    def lang(self) -> str:
        return self.locale.code

    @property
    def arabic_script(self) -> bool:
        return self.locale.script == "Arab"

    @cached_property
    def plain_source(self) -> str:
        return text.plain(self.source)

    @cached_property
    def plain_translation(self) -> str:
        return text.plain(self.translation)

    @cached_property
    def glossary_verdicts(self) -> list:
        """The glossary's verdict on each concept of the source (see
        :meth:`dragoman.glossary.Glossary.check_translation`), on the prose only: a term inside
        a link's URL is no term of the sentence."""
        if self.glossary is None:
            return []
        return self.glossary.check_translation(self.plain_source, self.plain_translation, self.lang)


@dataclass
class CatalogContext:
    """A catalog with what catalog checks need to judge it."""

    catalog: Any
    locale: LocaleInfo
    threshold: float
    #: Entries whose translation counts (not obsolete, not the header).
    entries: list = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.locale.code
