"""Extraction: a segmented Article into a gettext template, one entry per distinct sentence.

A sentence that occurs several times in a report is one entry with several ``#:`` references
(``sources/report.txt:5``). ``#.`` comments tell the translator the block kind, that inline
HTML tags must be kept, and, when extracting for one language, the approved glossary terms of
the sentence in that language. Extracting for a language also pre-translates a sentence that
is nothing but a glossary term (a place name as a heading, say) with the approved term.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from dragoman.catalog.po import Catalog, Message

if TYPE_CHECKING:  # (the model is not needed to update catalogs: not imported to do so)
    from dragoman.model import Article

#: Header values of a template, as xgettext writes them, for the fields a translator fills.
TEMPLATE_PLACEHOLDERS = {
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
}
HTML_NOTE = "HTML: keep the tags and their attributes as they are"


def po_date(moment: datetime | None = None) -> str:
    """A timestamp the way gettext writes it in headers: ``2026-11-25 21:30+0000``."""
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M%z")


def template_header(project: str, bugs_to: str = "", now: datetime | None = None) -> dict[str, str]:
    """The header of a template (POT): every field gettext expects, in xgettext's order."""
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": bugs_to,
        "POT-Creation-Date": po_date(now),
        **TEMPLATE_PLACEHOLDERS,
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }


def language_header(template: dict[str, str], lang: str, now: datetime | None = None,
                    translator: str = "") -> dict[str, str]:
    """A new catalog's header for ``lang``: the template's, with the language's fields set
    (Plural-Forms from :mod:`dragoman.locales`, never Babel's Arabic table)."""
    from dragoman import locales  # (here: the package imports this module for every reader)

    info = locales.get(lang)
    header = dict(template)
    header.setdefault("POT-Creation-Date", po_date(now))
    header["PO-Revision-Date"] = po_date(now)
    header["Last-Translator"] = translator or header.get("Last-Translator", "")
    if header["Last-Translator"] == TEMPLATE_PLACEHOLDERS["Last-Translator"]:
        header["Last-Translator"] = ""
    header["Language-Team"] = f"{info.english_name}"
    header["Language"] = lang
    header.setdefault("MIME-Version", "1.0")
    header["Content-Type"] = "text/plain; charset=UTF-8"
    header.setdefault("Content-Transfer-Encoding", "8bit")
    header["Plural-Forms"] = info.plural_forms
    return header


def extract(article: Article, glossary=None, lang_for_notes: str | None = None, *,
            reference: str | None = None, project: str | None = None, bugs_to: str = "",
            now: datetime | None = None) -> Catalog:
    """The template catalog of ``article`` (segmented; segmented here if it is not).

    ``reference`` is the source path written in ``#:`` lines (default ``article.path``).
    With ``lang_for_notes`` the entries carry that language's glossary notes and glossary-only
    sentences come pre-translated; the header stays a template's (``update`` sets the rest).
    """
    if not any(block.segments for block in article.blocks):
        from dragoman.segment import segment_article

        article = segment_article(article)
    where = reference if reference is not None else article.path
    entries: dict[str, Message] = {}
    for block in article.blocks:
        for segment in block.segments:
            msgid = segment.text
            if not msgid.strip():
                continue
            message = entries.get(msgid)
            if message is None:
                message = entries[msgid] = Message(msgid=msgid)
            line = None
            if block.line is not None:
                line = block.line + block.text.count("\n", 0, segment.start)
            ref = f"{where}:{line}" if where and line is not None else where
            if ref and ref not in message.references:
                message.references.append(ref)
            kind_note = f"{block.kind}"
            notes = message.extracted_comments
            if not notes:
                notes.append(kind_note)
            elif kind_note not in notes[0].split(", "):
                notes[0] = f"{notes[0]}, {kind_note}"
            if block.markup == "html" and "<" in msgid and HTML_NOTE not in notes:
                notes.append(HTML_NOTE)
    if glossary is not None and lang_for_notes is not None:
        for message in entries.values():
            _add_glossary(message, glossary, lang_for_notes)
    header = template_header(project or article.slug, bugs_to, now)
    comments = [f"Translation template of “{article.title}”.",
                "Extracted from the source report by dragoman; edit the PO files, not this one."]
    return Catalog(header, entries.values(), header_comments=comments)


def _add_glossary(message: Message, glossary, lang: str) -> None:
    """The approved terms of the sentence as ``#.`` notes; a sentence that is only a term is
    translated with the approved term (keeping its end punctuation)."""
    message.extracted_comments.extend(glossary.translator_notes(message.msgid, lang))
    term = glossary.translate_term(message.msgid, lang)
    if term:
        stripped = message.msgid.strip()
        tail = stripped[len(stripped.rstrip(".:;,!?")):]
        message.msgstr = term + tail
