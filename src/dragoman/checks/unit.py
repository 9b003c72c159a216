"""What a check looks at: one translation unit, or one whole catalog."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from dragoman.checks import text
from dragoman.locales import LocaleInfo
from dragoman.rulefiles import rule_rows


@dataclass
class Unit:
    """A source string and one translation of it (one plural form of an entry).

    ``names`` are the Latin-script words admitted in an Arabic-script translation (casefolded):
    glossary terms written in Latin script, do-not-translate terms, the workspace's own list.
    ``single_number`` is true for a plural form that only one count selects (Arabic's forms for
    zero, one and two), where a translation rightly drops the number. ``symbolic`` is true for
    a msgid that is a symbol whose English the catalog does not hold (see :func:`source_of`).
    """

    source: str
    translation: str
    locale: LocaleInfo
    entry: Any = None
    glossary: Any = None
    names: frozenset[str] = frozenset()
    single_number: bool = False
    symbolic: bool = False
    #: A plural entry's other msgid (the singular for a form compared with msgid_plural).
    other_source: str = ""

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


#: A msgid that names its text instead of holding it: Plone's ``label_delete``,
#: ``help_sharing_page``, ``weekday_tue_short``.
SYMBOLIC_MSGID = re.compile(r"[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+")
#: The English of a symbolic msgid, in an extracted comment: ``#. Default: "Delete"``.
DEFAULT_COMMENT = re.compile(r'Default: "(.*)"\s*$')


def source_of(entry) -> tuple[str, bool]:
    """The English an entry translates, and whether it is unknown (a symbolic msgid without a
    ``Default:`` comment, only the translation's own writing can be checked)."""
    if not SYMBOLIC_MSGID.fullmatch(entry.msgid):
        return entry.msgid, False
    for comment in entry.extracted_comments:
        m = DEFAULT_COMMENT.match(comment.strip())
        if m:
            return m.group(1).replace('\\"', '"'), False
    return entry.msgid, True


@cache
def _credits_msgids() -> frozenset[str]:
    return frozenset(row[0] for row in rule_rows("checks/translator-credits.tsv", 1))


def is_translator_credits(entry) -> bool:
    """The slot where translators write their own names (``translator-credits``): no
    translation of its msgid, so no translation check applies."""
    return entry.msgid in _credits_msgids()


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
