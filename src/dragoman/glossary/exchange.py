"""Glossary exchange: TBX-Basic (TBX v3, ISO 30042:2019), the TBX 2008 ``martif`` dialect that
translate-toolkit and Weblate read, and Weblate's glossary CSV. Import reads all three back
without loss: ``import(export(g))`` holds every row of ``g`` (rows come back in
:func:`canonical` order: per concept, languages in order of appearance, preferred terms
first).

TBX 2008 follows what its readers do with it (names-and-locales §6): translate-toolkit keeps only
the first ``tig`` of a language and reports an entry whose terms are all deprecated as obsolete
(Weblate: a forbidden term). So the concept's entry lists the preferred term first, and each
deprecated spelling gets an entry of its own; a deprecated spelling that differs from an
approved one only in case stays in the concept's entry, because Weblate matches forbidden
terms case-insensitively and would flag the approved spelling.

XML is parsed with entity declarations, external references and DTD fetching refused, so a
billion-laughs or external-entity file is an error, never expanded.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET

from dragoman.errors import GlossaryError
from dragoman.glossary.model import LANGUAGES, STATUSES, Glossary, Term, concept_id_for
from dragoman.glossary.tsv import build

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ADMIN_STATUS = {s: f"{s}Term-admn-sts" for s in STATUSES}
_STATUS_OF = {v.lower(): k for k, v in ADMIN_STATUS.items()} | {
    "supersededterm-admn-sts": "deprecated", "deprecated": "deprecated", "forbidden": "deprecated",
    "obsolete": "deprecated", "preferred": "preferred", "admitted": "admitted"}
FORMATS = ("tbx", "tbx2008", "csv")
CSV_FIELDS = ("source", "target", "context", "translator_comments", "lang", "status", "kind")
_DEPRECATED_ENTRY = re.compile(r"^(?P<id>.+)--deprecated-\d+$")
_RANK = {status: rank for rank, status in enumerate(STATUSES)}


def canonical(glossary: Glossary) -> Glossary:
    """The same rows in the order exchange formats keep: per concept, languages in order of
    first appearance, within a language preferred, admitted, then deprecated terms."""
    terms = []
    for concept in glossary.concepts.values():
        order = {lang: i for i, lang in enumerate(concept.languages)}
        terms.extend(sorted(concept.terms, key=lambda t: (order[t.lang], _RANK[t.status])))
    return build(terms, sources=glossary.sources)


# --- export ----------------------------------------------------------------------------------

def export(glossary: Glossary, fmt: str, lang: str | None = None) -> str:
    """The glossary as ``tbx``, ``tbx2008`` or ``csv`` text (``lang`` limits CSV to one target
    language, as a Weblate glossary component holds one)."""
    if fmt == "tbx":
        return export_tbx(glossary)
    if fmt == "tbx2008":
        return export_tbx2008(glossary)
    if fmt == "csv":
        return export_csv(glossary, lang)
    raise GlossaryError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")


def _xml_id(concept_id: str) -> str:
    """An ``xs:ID`` for a concept id (an NCName: no leading digit, no spaces)."""
    safe = re.sub(r"[^\w.\-]", "_", concept_id)
    return safe if re.match(r"^[^\W\d]", safe) and safe == concept_id else "c_" + safe


def _sub(parent, tag: str, text: str | None = None, **attrib) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.replace("xml_lang", XML_LANG): v for k, v in attrib.items()})
    if text is not None:
        element.text = text
    return element


def _concept_head(entry, concept, tag_prefix: str = "") -> None:
    if _xml_id(concept.id) != concept.id:
        _sub(entry, tag_prefix + "admin", concept.id, type="conceptOrigin")
    if concept.kind:
        _sub(entry, tag_prefix + "descrip", concept.kind, type="subjectField")


def _term_body(parent, term: Term, concept_kind: str, tag_prefix: str = "") -> None:
    _sub(parent, tag_prefix + "term", term.term)
    _sub(parent, tag_prefix + "termNote", ADMIN_STATUS[term.status], type="administrativeStatus")
    if term.kind != concept_kind:
        _sub(parent, tag_prefix + "descrip", term.kind, type="subjectField")
    if term.note:
        _sub(parent, tag_prefix + "note", term.note)


def _serialize(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def export_tbx(glossary: Glossary) -> str:
    """TBX-Basic, TBX v3 DCA style: ``conceptEntry > langSec > termSec``."""
    glossary = canonical(glossary)
    ns = "{%s}" % TBX_NS
    ET.register_namespace("", TBX_NS)
    root = ET.Element(ns + "tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    header = _sub(_sub(_sub(root, ns + "tbxHeader"), ns + "fileDesc"), ns + "sourceDesc")
    _sub(header, ns + "p", "dragoman glossary")
    body = _sub(_sub(root, ns + "text"), ns + "body")
    for concept in glossary.concepts.values():
        entry = _sub(body, ns + "conceptEntry", id=_xml_id(concept.id))
        _concept_head(entry, concept, ns)
        for lang in concept.languages:
            section = _sub(entry, ns + "langSec", xml_lang=lang)
            for term in concept.terms_in(lang):
                _term_body(_sub(section, ns + "termSec"), term, concept.kind, ns)
    return _serialize(root)


def export_tbx2008(glossary: Glossary) -> str:
    """TBX 2008 (``martif > termEntry > langSet > tig``), one extra entry per deprecated form."""
    glossary = canonical(glossary)
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    head = _sub(root, "martifHeader")
    _sub(_sub(_sub(head, "fileDesc"), "sourceDesc"), "p", "dragoman glossary")
    _sub(_sub(head, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = _sub(_sub(root, "text"), "body")
    for concept in glossary.concepts.values():
        entry = _sub(body, "termEntry", id=_xml_id(concept.id))
        _concept_head(entry, concept)
        separate = []
        for lang in concept.languages:
            terms = concept.terms_in(lang)
            approved = {t.term.casefold() for t in terms if t.approved}
            langset = _sub(entry, "langSet", xml_lang=lang)
            for term in terms:
                if term.status == "deprecated" and term.term.casefold() not in approved:
                    separate.append(term)
                else:
                    _term_body(_sub(langset, "tig"), term, concept.kind)
            if not len(langset):
                entry.remove(langset)
        for number, term in enumerate(separate, start=1):
            extra = _sub(body, "termEntry", id=f"{_xml_id(concept.id)}--deprecated-{number}")
            _concept_head(extra, concept)
            source = concept.preferred("en")
            if term.lang != "en" and source is not None:
                _term_body(_sub(_sub(extra, "langSet", xml_lang="en"), "tig"), source, concept.kind)
            _term_body(_sub(_sub(extra, "langSet", xml_lang=term.lang), "tig"), term, concept.kind)
    return _serialize(root)


def export_csv(glossary: Glossary, lang: str | None = None) -> str:
    """Weblate's glossary CSV (``source``, ``target``, ``context``, ``translator_comments``)
    with the columns that make it lossless (``lang``, ``status``, ``kind``): every English
    term as a row without target, every target term with the preferred English term as
    source. ``lang`` keeps one target language."""
    glossary = canonical(glossary)
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for concept in glossary.concepts.values():
        source = concept.preferred("en")
        for term in concept.terms:
            if term.lang != "en" and lang is not None and term.lang != lang:
                continue
            writer.writerow({
                "source": term.term if term.lang == "en" else (source.term if source else ""),
                "target": "" if term.lang == "en" else term.term,
                "context": concept.id, "translator_comments": term.note,
                "lang": term.lang, "status": term.status, "kind": term.kind})
    return out.getvalue()


# --- import ----------------------------------------------------------------------------------

def import_files(paths, lang: str | None = None) -> Glossary:
    """One glossary from TBX (v3 or 2008) and CSV files; the rows of several files (one CSV
    per language, say) are merged, a row present in two files kept once."""
    terms: list[Term] = []
    seen = set()
    for path in paths:
        for term in _import_one(path, lang):
            if term.row() not in seen:
                seen.add(term.row())
                terms.append(term)
    return canonical(build(terms, sources=tuple(str(p) for p in paths)))


def _import_one(path, lang: str | None) -> list[Term]:
    from pathlib import Path

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror or exc}", path) from None
    if path.suffix.lower() == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise GlossaryError(f"not UTF-8 (offset {exc.start})", path,
                                data.count(b"\n", 0, exc.start) + 1) from None
        return parse_csv(text, str(path), lang)
    return parse_tbx(data, str(path))


def parse_xml(data: bytes | str, path: str = "<string>") -> ET.Element:
    """Parse untrusted XML: entity declarations and external references are refused."""
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        raise GlossaryError(f"refused: the file declares the XML entity {exc.name!r}; entities are "
                            "not expanded (billion-laughs and external-entity protection)", path) from None
    except defusedxml.DefusedXmlException as exc:
        raise GlossaryError(f"refused: {exc}", path) from None
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise GlossaryError(f"not well-formed XML: {exc}", path, line) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element, name: str):
    return [child for child in element if _local(child.tag) == name]


def _text(element) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def parse_tbx(data: bytes | str, path: str = "<string>") -> list[Term]:
    """Term rows of a TBX v3 (``tbx``) or TBX 2008 (``martif``) file."""
    root = parse_xml(data, path)
    flavour = _local(root.tag)
    if flavour == "tbx":
        entry_tag, lang_tag, term_tag = "conceptEntry", "langSec", "termSec"
    elif flavour == "martif":
        entry_tag, lang_tag, term_tag = "termEntry", "langSet", "tig"
    else:
        raise GlossaryError(f"not a TBX file: the root element is <{flavour}>, expected <tbx> or <martif>", path)
    terms: list[Term] = []
    for entry in root.iter():
        if _local(entry.tag) != entry_tag:
            continue
        concept_id = _concept_id(entry)
        kind = next((_text(d) for d in _children(entry, "descrip") if d.get("type") == "subjectField"), "")
        for section in _children(entry, lang_tag):
            lang = _language(section.get(XML_LANG) or section.get("lang") or "")
            for holder in _children(section, term_tag) + _children(section, "ntig"):
                terms.append(_tbx_term(holder, concept_id, lang, kind, path))
    if not terms:
        raise GlossaryError(f"no terms found in this {flavour} file", path)
    return terms


def _language(code: str) -> str:
    """A TBX language tag as the glossary spells it: ``ar-SY`` -> ``ar``, ``kmr-Latn`` ->
    ``kmr``; anything else is kept for validation to report (a bare ``ku`` is ambiguous)."""
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else code


def _concept_id(entry) -> str:
    origin = next((_text(a) for a in _children(entry, "admin") if a.get("type") == "conceptOrigin"), "")
    if origin:
        return origin
    raw = entry.get("id") or ""
    match = _DEPRECATED_ENTRY.match(raw)
    return match.group("id") if match else raw


def _tbx_term(holder, concept_id: str, lang: str, concept_kind: str, path: str) -> Term:
    found = [el for el in holder.iter() if _local(el.tag) == "term"]
    term = _text(found[0]) if found else ""
    status_text = next((_text(n) for n in holder.iter()
                        if _local(n.tag) == "termNote" and n.get("type") == "administrativeStatus"), "")
    status = _STATUS_OF.get(status_text.lower(), "preferred" if not status_text else None)
    if status is None:
        raise GlossaryError(f"unknown administrativeStatus {status_text!r} for {term!r}", path)
    descrips = [d for d in _children(holder, "descrip") if d.get("type") == "subjectField"]
    kind = _text(descrips[0]) if descrips else concept_kind
    note = "; ".join(_text(n) for n in _children(holder, "note") if _text(n))
    return Term(concept_id, lang, term, status, kind, note, path, 0)


def parse_csv(text: str, path: str = "<string>", lang: str | None = None) -> list[Term]:
    """Term rows of a glossary CSV: dragoman's export (with ``lang`` and ``status``), or a
    plain Weblate glossary CSV (``source``, ``target``, optional ``context``), whose
    target language is ``lang`` and whose first target per source is the preferred one."""
    reader = csv.DictReader(io.StringIO(text))
    fields = set(reader.fieldnames or ())
    if not {"source", "target"} <= fields:
        raise GlossaryError("a glossary CSV needs a header with at least 'source' and 'target'", path, 1)
    terms: list[Term] = []
    plain = "status" not in fields
    if plain and not lang:
        raise GlossaryError("this CSV has no 'lang' and 'status' columns: give its target language "
                            "(--lang)", path)
    firsts: set[tuple[str, str]] = set()
    for number, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if plain:
            concept = row.get("context") or concept_id_for(row["source"])
            for row_lang, term in (("en", row["source"]), (lang, row["target"])):
                if not term:
                    continue
                status = "admitted" if (concept, row_lang) in firsts else "preferred"
                if any(t.concept == concept and t.lang == row_lang and t.term == term for t in terms):
                    continue
                firsts.add((concept, row_lang))
                terms.append(Term(concept, row_lang, term, status, "", row.get("translator_comments", ""),
                                  path, number))
            continue
        term = row["source"] if row.get("lang") == "en" else row["target"]
        terms.append(Term(row.get("context", ""), row.get("lang", ""), term, row.get("status", ""),
                          row.get("kind", ""), row.get("translator_comments", ""), path, number))
    return terms


