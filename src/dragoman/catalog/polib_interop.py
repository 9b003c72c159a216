"""Catalogs to and from polib, for the newsroom scripts written against it.

polib (https://pypi.org/project/polib/) is what most Python gettext scripts use:
``from_polib(polib.pofile(path))`` hands such a script's catalog to dragoman (merge it, check
it, fill it from a memory), and ``to_polib(catalog)`` hands dragoman's back. What
polib models crosses both ways unchanged: msgctxt, plural forms, flags, translator and
extracted comments, references (``#:``, as polib's occurrences), previous strings (``#|``),
obsolete entries, and the header (its fields in order, its comment lines, its
``fuzzy`` flag). What it does not model stays behind: an empty ``msgid_plural`` (polib's
"none"), a comment block of one empty line (polib's "no comment"), header flags other than
``fuzzy``, line numbers (where each library read an entry, in its own sense: polib its first
line, dragoman its ``msgid``), and the text an entry was read as (dragoman writes unchanged entries back byte for
byte; an entry from polib is written as GNU gettext writes it).
"""

from __future__ import annotations

import re

import polib

from dragoman.catalog.po import FUZZY, Catalog, Message

#: A reference's line number, as polib splits it off (``path:line``).
_LINE = re.compile(r"^(.*):(\d+)$", re.DOTALL)


def from_polib(pofile: polib.POFile) -> Catalog:
    """The dragoman catalog of a polib ``POFile`` (read by ``polib.pofile`` or built)."""
    fuzzy = pofile.metadata_is_fuzzy
    catalog = Catalog(dict(pofile.metadata), [_message(entry) for entry in pofile],
                      header_comments=_lines(pofile.header),
                      header_flags=list(fuzzy) if isinstance(fuzzy, list) else [FUZZY] * bool(fuzzy),
                      path=pofile.fpath)
    catalog.encoding = pofile.encoding or catalog.encoding
    return catalog


def to_polib(catalog: Catalog) -> polib.POFile:
    """A polib ``POFile`` holding ``catalog`` (a new object: changing one changes not the
    other)."""
    pofile = polib.POFile(encoding=catalog.encoding, check_for_duplicates=False)
    pofile.fpath = catalog.path
    pofile.header = "\n".join(catalog.header_comments)
    pofile.metadata = dict(catalog.header)
    # (polib writes the header "fuzzy" when this is true, whatever flags it holds.)
    pofile.metadata_is_fuzzy = [FUZZY] if FUZZY in catalog.header_flags else 0
    pofile.extend(_entry(message, catalog.encoding) for message in catalog.messages)
    return pofile


def _message(entry: polib.POEntry) -> Message:
    return Message(
        msgid=entry.msgid, msgstr=entry.msgstr, msgid_plural=entry.msgid_plural or None,
        msgstr_plural=[entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)],
        msgctxt=entry.msgctxt, flags=list(entry.flags),
        translator_comments=_lines(entry.tcomment), extracted_comments=_lines(entry.comment),
        references=[f"{path}:{line}" if line else path for path, line in entry.occurrences],
        previous_msgid=entry.previous_msgid, previous_msgid_plural=entry.previous_msgid_plural,
        previous_msgctxt=entry.previous_msgctxt, obsolete=bool(entry.obsolete))


def _entry(message: Message, encoding: str) -> polib.POEntry:
    return polib.POEntry(
        msgid=message.msgid, msgstr=message.msgstr, msgid_plural=message.msgid_plural or "",
        msgstr_plural=dict(enumerate(message.msgstr_plural)), msgctxt=message.msgctxt,
        obsolete=message.obsolete, encoding=encoding,
        comment="\n".join(message.extracted_comments),
        tcomment="\n".join(message.translator_comments),
        occurrences=[_occurrence(reference) for reference in message.references],
        flags=list(message.flags), previous_msgctxt=message.previous_msgctxt,
        previous_msgid=message.previous_msgid,
        previous_msgid_plural=message.previous_msgid_plural)


def _occurrence(reference: str) -> tuple[str, str]:
    found = _LINE.match(reference)
    return (found.group(1), found.group(2)) if found else (reference, "")


def _lines(comment: str) -> list[str]:
    return comment.split("\n") if comment else []
