"""Quality checks on translated PO catalogs that know Arabic and Kurdish.

Every check is a small function with an id, a severity (``error``, ``warning``, ``cosmetic``,
``info``: see :data:`dragoman.checks.registry.SEVERITIES`; ``ADVICE`` never fails) and a
one-line title (see :mod:`dragoman.checks.registry`), listed in :data:`CHECKS`. A workspace
switches checks off or changes their severity in the ``[checks]`` table of ``dragoman.toml``::

    [checks]
    disable = ["length-ratio"]
    severity = { identical = "info" }
    admit = ["Facebook"]          # Latin-script words allowed in ar/ckb translations

and a translator silences one check on one entry with the flag ``#, ignore-<id>`` (as in
Weblate). :func:`run_checks` returns :class:`Finding` records; rendering them is
:mod:`dragoman.checks.report`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from dragoman import locales
from dragoman.checks import content, glossary as glossary_checks, header, progress, typography
from dragoman.checks.registry import ADVICE, SEVERITIES, Check
from dragoman.checks.unit import CatalogContext, Unit, is_translator_credits, source_of
from dragoman.errors import CheckError

__all__ = ["ADVICE", "CHECKS", "CheckConfig", "Finding", "run_checks", "SEVERITIES"]

#: Every check, in the order findings on one entry are reported.
CHECKS: tuple[Check, ...] = (
    header.header,
    header.header_metadata,
    header.plural_forms,
    header.plural_count,
    progress.completion,
    progress.untranslated,
    progress.fuzzy,
    content.blank,
    content.numbers,
    content.markup,
    content.urls,
    content.emails,
    content.placeholders,
    content.newlines,
    content.brackets,
    glossary_checks.deprecated_term,
    glossary_checks.untranslatable_term,
    glossary_checks.approved_term,
    glossary_checks.variant_term,
    typography.punctuation,
    typography.end_punctuation,
    typography.spacing,
    typography.latin_words,
    typography.letters,
    typography.digits,
    typography.tatweel,
    typography.bidi_controls,
    typography.bidi_marks,
    typography.doubled_words,
    typography.whitespace,
    typography.identical,
    typography.length_ratio,
)
BY_ID: dict[str, Check] = {check.id: check for check in CHECKS}
IGNORE_FLAG = "ignore-"


@dataclass(frozen=True)
class Finding:
    """One problem: where it is, which check found it, how bad it is, and what it says."""

    path: str
    line: int | None
    check: str
    severity: str
    message: str
    msgid: str = ""
    msgctxt: str | None = None
    translation: str = ""

    @property
    def title(self) -> str:
        return BY_ID[self.check].title

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "line": self.line, "msgctxt": self.msgctxt, "msgid": self.msgid,
            "translation": self.translation, "check": self.check, "severity": self.severity,
            "title": self.title, "message": self.message,
        }


@dataclass(frozen=True)
class CheckConfig:
    """The ``[checks]`` table of a workspace, validated, plus its completion thresholds."""

    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, str] = field(default_factory=dict)
    admit: frozenset[str] = frozenset()
    threshold: float = 0.9
    thresholds: Mapping[str, float] = field(default_factory=dict)

    KEYS = ("disable", "severity", "admit")

    @classmethod
    def from_workspace(cls, workspace) -> "CheckConfig":
        table = workspace.sections.get("checks", {})
        thresholds = {code: workspace.threshold_for(code) for code in workspace.target_languages}
        return cls.parse(table, threshold=workspace.threshold, thresholds=thresholds,
                         path=workspace.root / "dragoman.toml")

    @classmethod
    def parse(cls, table: Mapping[str, Any], *, threshold: float = 0.9,
              thresholds: Mapping[str, float] | None = None, path=None) -> "CheckConfig":
        if not isinstance(table, Mapping):
            raise CheckError("[checks] must be a table", path)
        unknown = set(table) - set(cls.KEYS)
        if unknown:
            raise CheckError(f"unknown key(s) in [checks]: {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(cls.KEYS)}", path)
        disabled = _string_list(table.get("disable", []), "[checks] disable", path)
        severities = table.get("severity", {})
        if not isinstance(severities, Mapping):
            raise CheckError("[checks] severity must be a table of check id = severity", path)
        for check_id in (*disabled, *severities):
            if check_id not in BY_ID:
                raise CheckError(f"[checks] names an unknown check {check_id!r}; "
                                 f"known: {', '.join(BY_ID)}", path)
        for check_id, severity in severities.items():
            if severity not in SEVERITIES:
                raise CheckError(f"[checks] severity of {check_id} must be one of "
                                 f"{', '.join(SEVERITIES)}, not {severity!r}", path)
        admit = _string_list(table.get("admit", []), "[checks] admit", path)
        return cls(disabled=frozenset(disabled), severities=dict(severities),
                   admit=frozenset(w.casefold() for w in admit), threshold=threshold,
                   thresholds=dict(thresholds or {}))

    def enabled(self, check: Check) -> bool:
        return check.id not in self.disabled

    def severity(self, check: Check) -> str:
        return self.severities.get(check.id, check.severity)

    def threshold_for(self, lang: str) -> float:
        return self.thresholds.get(lang, self.threshold)


def _string_list(value: Any, what: str, path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CheckError(f"{what} must be a list of strings", path)
    return value


def run_checks(catalog, lang: str, glossary=None, config: CheckConfig | Any = None) -> list[Finding]:
    """Every enabled check on ``catalog`` (a :class:`dragoman.catalog.po.Catalog`) translated
    into ``lang``. ``glossary`` (a :class:`dragoman.glossary.Glossary`) enables the glossary
    checks and admits its Latin-script names; ``config`` is a :class:`CheckConfig` or a
    workspace (:class:`dragoman.config.Workspace`), default settings when ``None``.

    Obsolete entries are skipped; fuzzy and untranslated ones get only the ``fuzzy`` and
    ``untranslated`` findings (their text is not published, so it is judged once confirmed),
    and a blank translation only ``blank``. The translators' names (``translator-credits``)
    are no translation and get no entry check; a symbolic msgid (``label_delete``) is compared
    through the English of its ``#. Default:`` comment, else only the translation's own
    writing is checked."""
    if config is None:
        config = CheckConfig()
    elif not isinstance(config, CheckConfig):
        config = CheckConfig.from_workspace(config)
    locale = locales.get(lang)
    path = catalog.path or "<catalog>"
    entries = [m for m in catalog.messages if not m.obsolete and m.msgid]
    context = CatalogContext(catalog, locale, config.threshold_for(lang), entries)
    names = glossary_checks.admitted_names(glossary, lang) | config.admit
    header_line = _header_line(catalog)
    findings: list[Finding] = []

    def add(check: Check, message: str, entry=None, translation: str = "") -> None:
        if entry is not None and f"{IGNORE_FLAG}{check.id}" in entry.flags:
            return
        findings.append(Finding(
            path=path, line=entry.lineno if entry is not None else header_line, check=check.id,
            severity=config.severity(check), message=message,
            msgid=entry.msgid if entry is not None else "",
            msgctxt=entry.msgctxt if entry is not None else None,
            translation=translation or (_first_translation(entry) if entry is not None else ""),
        ))

    enabled = [c for c in CHECKS if config.enabled(c)]
    for check in (c for c in enabled if c.scope == "catalog"):
        for message, entry in check(context):
            add(check, message, entry)
    entry_checks = [c for c in enabled if c.scope == "entry"]
    counts = header.plural_counts(catalog, locale)
    for entry in entries:
        if entry.fuzzy or not entry.has_translation or is_translator_credits(entry):
            continue
        for unit in _units(entry, locale, glossary, names, counts):
            for check in entry_checks:
                if unit.symbolic and check.needs_source:
                    continue
                message = check(unit)
                if message:
                    add(check, message, entry, unit.translation)
                    if check is content.blank:
                        break  # nothing else to judge in an empty translation
    return findings


def _units(entry, locale, glossary, names, counts: dict[int, frozenset[int]]) -> list[Unit]:
    """One unit per non-empty translation; a plural form (``counts``: the counts that select
    each form) is compared with the singular msgid when only n = 1 selects it, with
    msgid_plural otherwise."""
    if entry.msgid_plural is None:
        source, symbolic = source_of(entry)
        return [Unit(source, entry.msgstr, locale, entry, glossary, names, symbolic=symbolic)]
    units = []
    for index, translation in enumerate(entry.msgstr_plural):
        if not translation:
            continue
        selected = counts.get(index, set())
        source, other = ((entry.msgid, entry.msgid_plural) if selected == {1}
                         else (entry.msgid_plural, entry.msgid))
        units.append(Unit(source, translation, locale, entry, glossary, names,
                          single_number=len(selected) == 1, other_source=other))
    return units


def _first_translation(entry) -> str:
    if entry.msgid_plural is not None:
        return next((t for t in entry.msgstr_plural if t), "")
    return entry.msgstr


def _header_line(catalog) -> int:
    """Line of the header entry's msgid (1 for a catalog without one)."""
    header_entry = getattr(catalog, "_header_entry", None)
    return header_entry.lineno if header_entry is not None and header_entry.lineno else 1
