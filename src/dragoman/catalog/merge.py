"""Updating a translation catalog from a new template, with msgmerge's contract.

* An entry whose (msgctxt, msgid) is still in the template keeps its translation, flags and
  translator comments; extracted comments and references (as GNU writes them, without a
  leading ``./``) come from the template. An obsolete entry whose msgid comes back is revived.
  A translation that no longer fits the template's format flag (it gained ``#, c-format``)
  is marked fuzzy, as msgmerge marks it; so is one whose msgid became plural (copied into
  every form) or singular (the form for one).
* A new entry that is an edit of an old one gets the old translation marked ``fuzzy``, with the
  old msgid as ``#|`` and a translator comment naming the score and any changed number or
  negation. Old and new entries are paired one to one (:func:`dragoman.catalog.fuzzy.assign`),
  which is what makes these suggestions right far more often than msgmerge's. Scores count
  what matching's normal form folds away (:func:`dragoman.catalog.fuzzy.literal_score`), and
  an accelerator the new source lacks is taken out of the suggestion.
* A new entry with no predecessor gets the translation of the same text elsewhere in the old
  catalog (another context), else of a very close sentence still in use, as fuzzy.
* A new entry still empty is filled from the template (a glossary term), then from the
  translation memory: an identical sentence as translated (or fuzzy, if so configured), a
  similar one as fuzzy, each with a translator comment naming its origin and score.
* An old entry no longer in the template becomes obsolete (``#~``) unless its translation
  lives on in a fuzzy entry; obsolete entries without any translation are dropped, as
  msgmerge does. No translation is ever lost.
* The header is the old catalog's, with the template's POT-Creation-Date and the language's
  Language and Plural-Forms filled in where missing.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import datetime
from typing import NamedTuple, Sequence

from dragoman import locales
from dragoman.bulk import bulk
from dragoman.catalog.extract import language_header
from dragoman.catalog.formats import fits, form_selector, language_of
from dragoman.catalog.fuzzy import (DEFAULT_CUTOFF, FuzzyIndex, Match, assign, change_notes,
                                    nearest)
from dragoman.catalog.po import Catalog, Message, gnu_references

#: Translator comments this module writes start with this, so an update can tell its own
#: (stale) notes from the translator's.
NOTE_PREFIX = "dragoman: "
#: A new sentence with no predecessor borrows the translation of a sentence still in use only
#: when it is this close: below, look-alikes of one news template are mostly wrong guesses.
SECOND_CHOICE_CUTOFF = 0.8


def _clean_comments(comments: list[str]) -> list[str]:
    return [c for c in comments if not c.startswith(NOTE_PREFIX)]


def _carry(old: Message, new: Message) -> Message:
    """``new`` (from the template) with the translation state of ``old`` (same msgid); the
    very object ``old`` when nothing changes (so it is written back byte for byte)."""
    references = gnu_references(new.references)
    if (not old.obsolete and old.references == references
            and old.extracted_comments == new.extracted_comments
            and old.msgid_plural == new.msgid_plural
            and (not new.flags or all(f in old.flags for f in new.flags))
            and (not old.translator_comments or old.fuzzy
                 or not any(c.startswith(NOTE_PREFIX) for c in old.translator_comments))):
        return old
    flags = [f for f in new.flags if f != "fuzzy"]
    if old.fuzzy:
        flags.insert(0, "fuzzy")
    for flag in old.flags:
        if flag not in flags:
            flags.append(flag)
    notes = old.translator_comments if old.fuzzy else _clean_comments(old.translator_comments)
    return Message(
        msgid=new.msgid, msgctxt=new.msgctxt, msgid_plural=new.msgid_plural,
        msgstr=old.msgstr, msgstr_plural=list(old.msgstr_plural), flags=flags,
        translator_comments=list(notes),
        extracted_comments=list(new.extracted_comments), references=references,
        previous_msgid=old.previous_msgid if old.fuzzy else None,
        previous_msgid_plural=old.previous_msgid_plural if old.fuzzy else None,
        previous_msgctxt=old.previous_msgctxt if old.fuzzy else None,
    )


def _copy(message: Message, **changes) -> Message:
    """An independent copy of ``message`` (written anew, not as the text it was read from)."""
    return replace(message, lineno=None, _source=None, _snapshot=None, _prefix="",
                   flags=list(message.flags), msgstr_plural=list(message.msgstr_plural),
                   translator_comments=list(message.translator_comments),
                   extracted_comments=list(message.extracted_comments),
                   references=list(message.references), **changes)


def _fresh(new: Message, forms: PluralForms) -> Message:
    return Message(msgid=new.msgid, msgctxt=new.msgctxt, msgid_plural=new.msgid_plural,
                   msgstr="", msgstr_plural=[""] * forms.count if new.msgid_plural is not None
                   else [], flags=[f for f in new.flags if f != "fuzzy"],
                   extracted_comments=list(new.extracted_comments),
                   references=gnu_references(new.references))


class PluralForms(NamedTuple):
    """The merged catalog's plural forms: how many (a new plural entry gets as many, as
    msgmerge writes them) and which one serves a count of one."""

    count: int
    one: int

    @classmethod
    def of(cls, header: dict[str, str]) -> PluralForms:
        value = header.get("Plural-Forms", "")
        count = re.search(r"nplurals\s*=\s*(\d+)", value)
        count = max(int(count.group(1)), 1) if count else 2
        select = form_selector(value)
        try:
            one = select(1) if select else 0
        except ArithmeticError:
            one = 0
        return cls(count, one if 0 <= one < count else 0)


def _shaped(old: Message, entry: Message, forms: PluralForms) -> tuple[str, list[str]]:
    """``old``'s translation shaped as ``entry`` is: a singular copied into every plural
    form (as msgmerge does), a plural's form for one (else its first) as a singular."""
    if old.pluralizable == entry.pluralizable:
        return old.msgstr, list(old.msgstr_plural)
    if entry.pluralizable:
        return "", [old.msgstr] * forms.count
    plural = old.msgstr_plural
    one = plural[forms.one] if forms.one < len(plural) else ""
    return one or next(filter(None, plural), ""), []


#: A menu accelerator: ``_`` (GTK) or ``&`` (Qt, KDE) before the letter it marks.
_ACCELERATOR = {"_": re.compile(r"_(?=\w)"), "&": re.compile(r"&(?=\w)(?!\w+;)")}


def _without_accelerator(source: str, msgid: str, text: str) -> str:
    """``text`` (the translation of ``source``) without the accelerator mark ``source`` had
    and the new ``msgid`` has not: "Save Options" gets no "Sa_ve Options" mark."""
    for mark, pattern in _ACCELERATOR.items():
        if (mark in text and mark not in msgid and len(pattern.findall(source)) == 1
                and len(pattern.findall(text)) == 1):
            return pattern.sub("", text)
    return text


def _suggest(entry: Message, source: str, target: str, plural: list[str], note: str,
             fuzzy: bool = True, previous: Message | None = None) -> None:
    entry.msgstr = _without_accelerator(source, entry.msgid, target)
    entry.msgstr_plural = [_without_accelerator(source, entry.msgid, form) for form in plural]
    entry.fuzzy = fuzzy
    entry.translator_comments = [f"{NOTE_PREFIX}{note}"] + [
        f"{NOTE_PREFIX}{n}" for n in change_notes(source, entry.msgid)]
    if not fuzzy:
        return
    if previous is not None and (previous.msgctxt, previous.msgid, previous.msgid_plural) != (
            entry.msgctxt, entry.msgid, entry.msgid_plural):
        entry.previous_msgctxt = previous.msgctxt
        entry.previous_msgid = previous.msgid
        entry.previous_msgid_plural = previous.msgid_plural
    elif source != entry.msgid:
        entry.previous_msgid = source


def _fuzzy_unless_fits(entry: Message, plural_forms: str) -> Message:
    """``entry`` (a kept translation) marked fuzzy, as msgmerge marks it, when its template
    declares a format (``#, c-format``) its translation does not fit (a copy then; the
    entry itself otherwise)."""
    language = language_of(entry.flags)
    if language is None or entry.fuzzy or fits(
            language, entry.msgid, entry.msgstr, entry.msgid_plural, entry.msgstr_plural,
            plural_forms):
        return entry
    entry = _copy(entry, previous_msgid=entry.msgid, previous_msgid_plural=entry.msgid_plural,
                  previous_msgctxt=entry.msgctxt)
    entry.fuzzy = True
    entry.translator_comments = [*_clean_comments(entry.translator_comments),
                                 f"{NOTE_PREFIX}the translation does not fit the source's "
                                 f"{language}-format directives"]
    return entry


def _percent(score: float) -> str:
    return f"{int(score * 100)}%"


def pair_edits(queries: list[str], texts: list[str], cutoff: float) -> dict[int, Match]:
    """Each new sentence (``queries``) paired with the orphaned old one it is an edit of, if
    any (:func:`dragoman.catalog.fuzzy.assign`): ``{query position: Match}``."""
    return assign(queries, FuzzyIndex(texts), cutoff)


def _counterparts(old_entries: Sequence, template_entries: Sequence) -> list:
    """For each template entry, the old entry it continues (the same key, active before
    obsolete; it may have been plural where the new one is singular, or the reverse), or
    None: it is new, or an edit."""
    # (Keys spelt out: a property call per entry costs more than the look-up.)
    active = {(m.msgctxt, m.msgid): m for m in old_entries if not m.obsolete}
    dead = {(m.msgctxt, m.msgid): m for m in old_entries if m.obsolete}
    out = []
    for new in template_entries:
        key = (new.msgctxt, new.msgid)
        old = active.get(key) or dead.get(key)
        if old is not None and (old.msgid_plural is None) != (new.msgid_plural is None):
            other = dead.get(key)  # (an obsolete entry of the same kind is the better one)
            if other is not None and (other.msgid_plural is None) == (new.msgid_plural is None):
                old = other
        out.append(old)
    return out


def _orphans(old_entries: Sequence, continued: set[int]) -> list:
    """The old entries no template entry continues (ids not in ``continued``) that may be
    the predecessor of an edited one."""
    return [m for m in old_entries if id(m) not in continued and m.msgid
            and (not m.obsolete or m.has_translation)]


def _carry_respelled(result: list[Message], pending: list[int], orphans: list, used: set[int],
                     respelling) -> list[int]:
    """Give each new entry whose msgid differs from an old entry's only in spellings of the
    same glossary names the old translation as it is (translated stays translated), with a
    note naming the respelling; the positions still pending."""
    by_frame: dict[tuple, list[Message]] = {}
    for old in orphans:
        if old.has_translation:
            by_frame.setdefault((old.msgctxt, respelling.frame(old.msgid)), []).append(old)
    still = []
    for p in pending:
        entry = result[p]
        olds = by_frame.get((entry.msgctxt, respelling.frame(entry.msgid))) if by_frame else None
        key = respelling.key(entry.msgid) if olds else None
        old = next((o for o in olds or () if id(o) not in used and o.pluralizable == entry.pluralizable
                    and respelling.key(o.msgid) == key), None)
        if old is None:
            still.append(p)
            continue
        used.add(id(old))
        _suggest(entry, old.msgid, old.msgstr, old.msgstr_plural,
                 respelling.note(old.msgid, entry.msgid), fuzzy=old.fuzzy, previous=old)
    return still


@bulk
def update(po: Catalog | None, template: Catalog, lang: str, memory=None, *,
           exact: str = "translated", cutoff: float = DEFAULT_CUTOFF,
           memory_cutoff: float = 0.75, hidden_origin: str | None = None, now: datetime | None = None,
           respelling=None) -> Catalog:
    """The catalog ``po`` (None: a new one) brought up to date with ``template``.

    ``memory`` (a :class:`dragoman.memory.Memory`) fills entries still empty; ``exact`` says
    whether its identical matches count as ``"translated"`` or ``"fuzzy"``; the memory's units
    of ``hidden_origin`` (the catalog's own file) are left out. ``respelling``
    (:class:`dragoman.glossary.lint.Respelling`) tells sentences respelled by the glossary
    fix, whose translation carries over as it is. Neither catalog is modified.
    """
    old_messages = list(po.messages) if po is not None else []
    header = (language_header(template.header, lang, now) if po is None
              else _merged_header(po.header, template.header, lang))
    forms = PluralForms.of(header)
    result: list[Message] = []
    sources = [m for m in template.messages if not m.obsolete]  # of each result entry
    used: set[int] = set()  # ids of old entries whose translation lives on
    pending: list[int] = []  # positions in result still to be matched
    for new, old in zip(sources, _counterparts(old_messages, sources)):
        if old is None:
            pending.append(len(result))
            result.append(_fresh(new, forms))
        elif old.pluralizable == new.pluralizable:
            result.append(_fuzzy_unless_fits(_carry(old, new), header.get("Plural-Forms", "")))
            used.add(id(old))
        else:  # the same text, now plural (or singular): its translation offered as fuzzy
            entry = _fresh(new, forms)
            if old.has_translation:
                _suggest(entry, old.msgid, *_shaped(old, entry, forms),
                         "the source text became plural" if entry.pluralizable
                         else "the source text is no longer plural", previous=old)
            result.append(entry)
            used.add(id(old))
    kept = set(used)  # ids of old entries still in the template
    if respelling is not None and pending:
        pending = _carry_respelled(result, pending, _orphans(old_messages, used), used, respelling)

    # Edited sentences: pair new entries with orphaned old ones, one to one.
    orphans = _orphans(old_messages, used)
    if pending and orphans:
        pairs = pair_edits([result[p].msgid for p in pending], [m.msgid for m in orphans], cutoff)
        still = []
        for q, p in enumerate(pending):
            match = pairs.get(q)
            if match is None:
                still.append(p)
                continue
            old, entry = orphans[match.index], result[p]
            used.add(id(old))
            if old.has_translation:
                _suggest(entry, old.msgid, *_shaped(old, entry, forms),
                         f"{_percent(match.score)} match with the previous source text",
                         previous=old)
        pending = still

    # Entries still empty (new ones without a predecessor, and old ones never translated):
    # the same text translated anywhere in the old catalog (in another context, in other
    # capitals, or given to an edit too); then, for new sentences, the closest translated
    # sentence still in use, as msgmerge offers it (a second sentence on the same event, a
    # repeated formula). A sentence no longer in use gave its translation to its own edit,
    # or stays obsolete: a look-alike of it would mostly be a wrong guess.
    same_text: dict[str, Message] = {}
    for m in old_messages:
        if m.msgid and m.has_translation and not m.fuzzy:
            same_text.setdefault(m.msgid, m)
    for m in old_messages:
        if m.msgid and m.has_translation and not m.fuzzy:
            same_text.setdefault(m.msgid.casefold(), m)
    borrowed: set[int] = set()  # positions given the same text's translation so
    for p, entry in enumerate(result):
        if entry.has_translation or not entry.msgid:
            continue
        donor = same_text.get(entry.msgid) or same_text.get(entry.msgid.casefold())
        if donor is None:
            continue
        borrowed.add(p)
        if id(entry) in kept:  # the old catalog's own object: change a copy
            entry = result[p] = _copy(entry)
        _suggest(entry, donor.msgid, *_shaped(donor, entry, forms),
                 "the same source text elsewhere in this catalog" if donor.msgid == entry.msgid
                 else "the same source text in other capitals elsewhere in this catalog",
                 previous=donor)
    pending = [p for p in pending if not result[p].has_translation]
    donors = [m for m in old_messages if id(m) in kept and m.translated and m.msgid]
    if pending and donors:
        queries = [result[p].msgid for p in pending]
        found = nearest(queries, [m.msgid for m in donors], max(cutoff, SECOND_CHOICE_CUTOFF))
        for p, match in zip(pending, found):
            if match is None:
                continue
            entry, donor = result[p], donors[match.index]
            _suggest(entry, donor.msgid, *_shaped(donor, entry, forms),
                     f"{_percent(match.score)} match with another entry of this catalog",
                     previous=donor)

    # Every entry still empty (new, or kept from an earlier update): glossary terms the
    # template pre-translated, then the translation memory (looked up in one batch). Both
    # come before a translation borrowed from another context, the memory's identical
    # sentences only.
    empty = [p for p, entry in enumerate(result)
             if (not entry.has_translation or p in borrowed) and not entry.pluralizable]
    terms = {p: sources[p].msgstr for p in empty if sources[p].msgstr}
    asked = [p for p in empty if p not in terms] if memory is not None else []
    hits = dict(zip(asked, memory.lookup_many([result[p].msgid for p in asked], memory_cutoff,
                                              hidden_origin) if asked else []))
    for p in empty:
        hit = hits.get(p)
        if p not in terms and (hit is None or (p in borrowed and not hit.exact)):
            continue
        entry = result[p]
        if id(entry) in kept:  # the old catalog's own object: change a copy
            entry = result[p] = _copy(entry)
        if p in borrowed:  # (what the borrowed suggestion said no longer holds)
            entry.fuzzy = False
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        if p in terms:
            entry.msgstr = terms[p]
            entry.translator_comments = [f"{NOTE_PREFIX}translated with the approved glossary term"]
            continue
        fuzzy = not hit.exact or exact == "fuzzy"
        what = "exact" if hit.exact else _percent(hit.score)
        _suggest(entry, hit.unit.source, hit.unit.target, [],
                 f"{what} match from the translation memory: {hit.unit.origin}", fuzzy=fuzzy)

    # Whatever old translation found no new home becomes obsolete (unless an active entry
    # has its very key: msgfmt rejects the pair as a duplicate definition).
    active_keys = {entry.key for entry in result}
    for old in old_messages:
        if (id(old) in used or not old.has_translation or not old.msgid
                or old.key in active_keys):
            continue
        if old.obsolete:
            result.append(old)
            continue
        gone = _copy(old, obsolete=True)
        gone.extracted_comments, gone.references = [], []  # as msgmerge: no source line now
        result.append(gone)

    if po is None:
        return Catalog(header, result,
                       header_comments=_language_comments(template.header_comments, lang))
    # A shallow copy keeps what the old catalog knows about its file (path, fingerprint,
    # encoding, the header as read), so unchanged parts are written back byte for byte and
    # writing refuses if the file changed on disk meanwhile.
    out = copy.copy(po)
    out.header = header
    out.header_comments = list(po.header_comments)
    out.header_flags = list(po.header_flags)
    out.messages = result
    return out


def _language_comments(comments: list[str], lang: str) -> list[str]:
    name = locales.get(lang).english_name
    return [c.replace("Translation template of", f"{name} translation of", 1) if i == 0 else c
            for i, c in enumerate(comments)
            if "edit the PO files, not this one" not in c]


def _merged_header(old: dict[str, str], template: dict[str, str], lang: str) -> dict[str, str]:
    """The old header with the template's POT-Creation-Date; Language and Plural-Forms are
    added when missing (and known for ``lang``); everything the translator set stays."""
    header = dict(old)
    if "POT-Creation-Date" in template:
        header["POT-Creation-Date"] = template["POT-Creation-Date"]
    if lang and not header.get("Language"):
        header["Language"] = lang
    if lang and not header.get("Plural-Forms") and lang in locales.known_codes():
        header["Plural-Forms"] = locales.get(lang).plural_forms
    return header


def translations(catalog: Catalog) -> dict[str, str]:
    """msgid -> msgstr of the finished entries (active, translated, not fuzzy, singular):
    what an edition may use."""
    return {m.msgid: m.msgstr for m in catalog.messages
            if m.translated and m.msgid and m.msgid_plural is None}
