"""Exchange formats: XLIFF 1.2 for translators' CAT tools (OmegaT, Trados, memoQ) and
TMX 1.4 for translation memories.

Both carry the standard information where CAT tools look for it (XLIFF ``state`` and
``approved`` for fuzzy/translated, ``<note>`` for comments, ``context-group`` for locations
and msgctxt; TMX ``<tuv>`` pairs) and the rest of a PO entry (flags, previous strings,
obsolete entries, header) in ``x-po-*`` contexts, properties and attributes that those tools
carry along untouched, so that PO -> XLIFF -> PO loses nothing.

XML is read with defusedxml: entity declarations (billion laughs), external entities and
DTD-driven network access are refused with a :class:`CatalogError`; writing uses lxml,
which escapes carriage returns and tabs so they survive the trip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dragoman import __version__
from dragoman.catalog.po import Catalog, Message, parse_header, render_header
from dragoman.errors import CatalogError

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
PO_NS = "urn:x-dragoman:po"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_TRANSLATED_STATES = {"translated", "final", "signed-off"}
_EMPTY_STATES = {"new", "needs-translation"}
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_REF_LINE = re.compile(r"^(.*):(\d+)$", re.S)


@dataclass
class ImportReport:
    updated: int = 0
    unchanged: int = 0
    unknown: int = 0


# ----------------------------------------------------------------------------------------
# Writing helpers

def _checked(text: str, message: Message | None = None) -> str:
    match = _XML_INVALID.search(text)
    if match:
        where = f" (entry {message.msgid[:40]!r}, line {message.lineno})" if message else ""
        raise CatalogError(f"character U+{ord(match.group()):04X} cannot be written in XML{where}")
    return text


def _sub(parent, tag: str, text: str | None = None, message: Message | None = None, **attrib):
    from lxml import etree

    element = etree.SubElement(parent, tag, {k: v for k, v in attrib.items() if v is not None})
    if text is not None:
        element.text = _checked(text, message)
    return element


def _serialize(root) -> str:
    from lxml import etree

    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode", xml_declaration=False) + "\n"


def _language(catalog: Catalog, explicit: str | None) -> str:
    return explicit or catalog.header.get("Language") or "und"


# ----------------------------------------------------------------------------------------
# XLIFF 1.2

def catalog_to_xliff(catalog: Catalog, source_lang: str = "en", target_lang: str | None = None,
                     original: str | None = None) -> str:
    """The catalog as an XLIFF 1.2 document (one ``<file>``)."""
    from lxml import etree

    x = f"{{{XLIFF_NS}}}"
    root = etree.Element(x + "xliff", nsmap={None: XLIFF_NS, "po": PO_NS}, version="1.2")
    file_el = _sub(root, x + "file", original=original or catalog.path or "catalog.po",
                   datatype="po", **{"source-language": source_lang,
                                     "target-language": _language(catalog, target_lang)})
    header = _sub(file_el, x + "header")
    _sub(header, x + "tool", **{"tool-id": "dragoman", "tool-name": "dragoman",
                                "tool-version": __version__})
    if catalog.header:
        _sub(header, x + "note", render_header(catalog.header), **{"from": "x-po-header"})
    for comment in catalog.header_comments:
        _sub(header, x + "note", comment, **{"from": "x-po-header-comment"})
    if catalog.header_flags:
        _sub(header, x + "note", ", ".join(catalog.header_flags), **{"from": "x-po-header-flags"})
    body = _sub(file_el, x + "body")
    for number, message in enumerate(catalog.messages, 1):
        if message.msgid_plural is None:
            unit = _sub(body, x + "trans-unit", id=str(number))
            unit.set(XML_SPACE, "preserve")
            _sub(unit, x + "source", message.msgid, message)
            _xliff_target(unit, message, message.msgstr)
            holder = unit
        else:
            holder = _sub(body, x + "group", id=str(number), restype="x-gettext-plurals")
            holder.set(XML_SPACE, "preserve")
            holder.set(f"{{{PO_NS}}}forms", str(len(message.msgstr_plural)))
            forms = message.msgstr_plural or []
            for index in range(max(len(forms), 2)):
                unit = _sub(holder, x + "trans-unit", id=f"{number}[{index}]")
                unit.set(XML_SPACE, "preserve")
                _sub(unit, x + "source", message.msgid if index == 0 else message.msgid_plural, message)
                _xliff_target(unit, message, forms[index] if index < len(forms) else "")
        _xliff_details(holder, message)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _serialize(root)


def _xliff_target(unit, message: Message, text: str) -> None:
    x = f"{{{XLIFF_NS}}}"
    if message.fuzzy:
        _sub(unit, x + "target", text, message, state="needs-review-translation")
        unit.set("approved", "no")
    elif text:
        _sub(unit, x + "target", text, message, state="translated")
        unit.set("approved", "yes")


def _xliff_details(holder, message: Message) -> None:
    x = f"{{{XLIFF_NS}}}"
    if message.obsolete:
        holder.set(f"{{{PO_NS}}}obsolete", "yes")
    for ref in message.references:
        group = _sub(holder, x + "context-group", name="po-reference", purpose="location")
        match = _REF_LINE.match(ref)
        _sub(group, x + "context", match.group(1) if match else ref, message,
             **{"context-type": "sourcefile"})
        if match:
            _sub(group, x + "context", match.group(2), **{"context-type": "linenumber"})
    info = [("x-po-msgctxt", message.msgctxt), ("x-po-flags", ", ".join(message.flags) if message.flags else None),
            ("x-po-previous-msgctxt", message.previous_msgctxt),
            ("x-po-previous-msgid", message.previous_msgid),
            ("x-po-previous-msgid-plural", message.previous_msgid_plural)]
    info = [(kind, value) for kind, value in info if value is not None]
    if info:
        group = _sub(holder, x + "context-group", name="po-entry", purpose="information")
        for kind, value in info:
            _sub(group, x + "context", value, message, **{"context-type": kind})
    for comment in message.extracted_comments:
        _sub(holder, x + "note", comment, message, **{"from": "developer"})
    for comment in message.translator_comments:
        _sub(holder, x + "note", comment, message, **{"from": "translator"})


def _parse_xml(data: bytes, path: str):
    import defusedxml
    import defusedxml.ElementTree as safe_et
    from xml.etree.ElementTree import ParseError

    try:
        return safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        raise CatalogError(f"refused: the file declares XML entities ({exc.name!r}); entity "
                           "expansion is disabled (billion-laughs and external-entity protection)",
                           path) from None
    except defusedxml.ExternalReferenceForbidden as exc:
        raise CatalogError(f"refused: the file references an external resource "
                           f"({exc.sysid or exc.pubid!r}); network and file access are disabled",
                           path) from None
    except defusedxml.DTDForbidden:
        raise CatalogError("refused: the file has a DTD", path) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise CatalogError(f"XML syntax error: {exc.msg if hasattr(exc, 'msg') else exc}", path, line) from None


def _text(element) -> str:
    """Element text including inline children's text (CAT tools may add ``<g>``/``<mrk>``)."""
    if element is None:
        return ""
    return "".join(element.itertext())


def xliff_to_catalog(data: bytes | str, path: str | Path = "<string>") -> Catalog:
    """Read an XLIFF 1.2 document into a catalog (all ``<file>`` elements, in order)."""
    path = str(path)
    root = _parse_xml(data.encode("utf-8") if isinstance(data, str) else data, path)
    x = f"{{{XLIFF_NS}}}"
    if root.tag != x + "xliff":
        raise CatalogError(f"not an XLIFF 1.2 document (root element {root.tag!r})", path)
    catalog = Catalog(path=None if path == "<string>" else path)
    for file_el in root.iter(x + "file"):
        header = file_el.find(x + "header")
        if header is not None and not catalog.header:
            for note in header.findall(x + "note"):
                kind = note.get("from")
                if kind == "x-po-header":
                    catalog.header = parse_header(_text(note))
                elif kind == "x-po-header-comment":
                    catalog.header_comments.append(_text(note))
                elif kind == "x-po-header-flags":
                    catalog.header_flags = [f.strip() for f in _text(note).split(",") if f.strip()]
        if not catalog.header and file_el.get("target-language") not in (None, "und"):
            catalog.header["Language"] = file_el.get("target-language")
        body = file_el.find(x + "body")
        if body is None:
            continue
        for element in body:
            if element.tag == x + "trans-unit":
                catalog.messages.append(_xliff_unit(element, path))
            elif element.tag == x + "group" and element.get("restype") == "x-gettext-plurals":
                catalog.messages.append(_xliff_plural(element, path))
            elif element.tag == x + "group":
                for unit in element.iter(x + "trans-unit"):
                    catalog.messages.append(_xliff_unit(unit, path))
    return catalog


def _target_state(unit) -> tuple[str, bool | None]:
    """(target text, fuzzy?) where fuzzy is None when the unit says nothing either way."""
    x = f"{{{XLIFF_NS}}}"
    target = unit.find(x + "target")
    if target is None:
        return "", None
    text = _text(target)
    state = target.get("state")
    if unit.get("approved") == "yes" or state in _TRANSLATED_STATES:
        return text, False
    if state is None:
        return text, False if text else None
    if state in _EMPTY_STATES and not text:
        return text, None
    return text, True


def _xliff_common(holder, message: Message) -> None:
    x = f"{{{XLIFF_NS}}}"
    message.obsolete = holder.get(f"{{{PO_NS}}}obsolete") == "yes"
    flags = None
    for group in holder.findall(x + "context-group"):
        contexts = {c.get("context-type"): _text(c) for c in group.findall(x + "context")}
        if group.get("name") == "po-reference" or group.get("purpose") == "location":
            ref = contexts.get("sourcefile", "")
            if "linenumber" in contexts:
                ref += ":" + contexts["linenumber"]
            message.references.append(ref)
        else:
            if "x-po-msgctxt" in contexts:
                message.msgctxt = contexts["x-po-msgctxt"]
            if "x-po-flags" in contexts:
                flags = [f.strip() for f in contexts["x-po-flags"].split(",") if f.strip()]
            message.previous_msgctxt = contexts.get("x-po-previous-msgctxt")
            message.previous_msgid = contexts.get("x-po-previous-msgid")
            message.previous_msgid_plural = contexts.get("x-po-previous-msgid-plural")
    for note in holder.findall(x + "note"):
        if note.get("from") == "developer":
            message.extracted_comments.append(_text(note))
        else:
            message.translator_comments.append(_text(note))
    if flags is not None:
        message.flags = flags


def _apply_fuzzy(message: Message, fuzzy: bool | None) -> None:
    """The target's state decides the fuzzy flag; without a state the exported flags stand."""
    if fuzzy is not None:
        message.fuzzy = fuzzy


def _xliff_unit(unit, path: str) -> Message:
    x = f"{{{XLIFF_NS}}}"
    source = unit.find(x + "source")
    if source is None:
        raise CatalogError(f"trans-unit {unit.get('id')!r} has no <source>", path,
                           getattr(unit, "sourceline", None))
    message = Message(msgid=_text(source))
    _xliff_common(unit, message)
    message.msgstr, fuzzy = _target_state(unit)
    _apply_fuzzy(message, fuzzy)
    return message


def _xliff_plural(group, path: str) -> Message:
    x = f"{{{XLIFF_NS}}}"
    units = group.findall(x + "trans-unit")
    if not units:
        raise CatalogError(f"plural group {group.get('id')!r} has no trans-unit", path)
    sources = [_text(u.find(x + "source")) for u in units]
    message = Message(msgid=sources[0], msgid_plural=sources[1] if len(sources) > 1 else sources[0])
    _xliff_common(group, message)
    forms, states = [], []
    for unit in units:
        text, fuzzy = _target_state(unit)
        forms.append(text)
        states.append(fuzzy)
    declared = group.get(f"{{{PO_NS}}}forms")
    if declared is not None and declared.isdigit():
        forms = forms[:int(declared)] + [""] * max(0, int(declared) - len(forms))
    message.msgstr_plural = forms
    if any(s is True for s in states):
        _apply_fuzzy(message, True)
    elif any(s is False for s in states):
        _apply_fuzzy(message, False)
    return message


# ----------------------------------------------------------------------------------------
# TMX 1.4

def catalog_to_tmx(catalog: Catalog, source_lang: str = "en", target_lang: str | None = None,
                   include_fuzzy: bool = False) -> str:
    """The catalog's translations as a TMX 1.4 memory: one ``<tu>`` per translated entry (per
    plural form), fuzzy ones only with ``include_fuzzy`` (marked ``x-po-flags``)."""
    from lxml import etree

    target = _language(catalog, target_lang)
    root = etree.Element("tmx", version="1.4")
    header = _sub(root, "header", creationtool="dragoman", creationtoolversion=__version__,
                  segtype="sentence", adminlang="en", srclang=source_lang, datatype="plaintext",
                  **{"o-tmf": "PO"})
    if catalog.header:
        _sub(header, "prop", render_header(catalog.header), type="x-po-header")
    body = _sub(root, "body")
    for message in catalog.messages:
        if not message.has_translation or (message.fuzzy and not include_fuzzy):
            continue
        if message.msgid_plural is None:
            forms = [(message.msgid, message.msgstr, None)]
        else:
            forms = [(message.msgid if i == 0 else message.msgid_plural, text, i)
                     for i, text in enumerate(message.msgstr_plural)]
        for source, text, index in forms:
            tu = _sub(body, "tu")
            props = [("x-po-msgctxt", message.msgctxt),
                     ("x-po-flags", ", ".join(message.flags) if message.flags else None),
                     ("x-po-obsolete", "yes" if message.obsolete else None),
                     ("x-po-msgid", message.msgid if index is not None else None),
                     ("x-po-msgid-plural", message.msgid_plural),
                     ("x-po-plural-form", str(index) if index is not None else None),
                     ("x-po-plural-forms", str(len(message.msgstr_plural)) if index is not None else None),
                     ("x-po-previous-msgctxt", message.previous_msgctxt),
                     ("x-po-previous-msgid", message.previous_msgid),
                     ("x-po-previous-msgid-plural", message.previous_msgid_plural)]
            props += [("x-po-reference", ref) for ref in message.references]
            props += [("x-po-extracted-comment", c) for c in message.extracted_comments]
            for comment in message.translator_comments:
                _sub(tu, "note", comment, message)
            for kind, value in props:
                if value is not None:
                    _sub(tu, "prop", value, message, type=kind)
            for lang, seg_text in ((source_lang, source), (target, text)):
                tuv = _sub(tu, "tuv")
                tuv.set(XML_LANG, lang)
                _sub(tuv, "seg", seg_text, message)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _serialize(root)


def tmx_to_catalog(data: bytes | str, path: str | Path = "<string>",
                   target_lang: str | None = None) -> Catalog:
    """Read a TMX memory into a catalog: one entry per source segment (plural forms joined
    again), translations in the target language (the only non-source language, or
    ``target_lang``)."""
    path = str(path)
    root = _parse_xml(data.encode("utf-8") if isinstance(data, str) else data, path)
    if root.tag != "tmx":
        raise CatalogError(f"not a TMX document (root element {root.tag!r})", path)
    header = root.find("header")
    source_lang = header.get("srclang") if header is not None else None
    catalog = Catalog(path=None if path == "<string>" else path)
    if header is not None:
        for prop in header.findall("prop"):
            if prop.get("type") == "x-po-header":
                catalog.header = parse_header(_text(prop))
    body = root.find("body")
    units = list(body.iter("tu")) if body is not None else []
    langs: set[str] = set()
    for tu in units:
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            if lang and lang != source_lang:
                langs.add(lang)
    if target_lang is None:
        if len(langs) > 1:
            raise CatalogError(f"the memory holds several target languages ({', '.join(sorted(langs))}); "
                               "choose one", path)
        target_lang = next(iter(langs), None)
    if target_lang and not catalog.header:
        catalog.header["Language"] = target_lang
    plurals: dict[tuple, Message] = {}
    for tu in units:
        props: dict[str, list[str]] = {}
        for prop in tu.findall("prop"):
            props.setdefault(prop.get("type"), []).append(_text(prop))
        one = {k: v[0] for k, v in props.items()}
        source = target = None
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = _text(tuv.find("seg"))
            if lang == target_lang:
                target = seg
            elif source_lang in (None, "*all*") and source is None or lang == source_lang:
                source = seg
        if source is None or target is None:
            continue
        form = one.get("x-po-plural-form")
        if form is not None:
            key = (one.get("x-po-msgctxt"), one.get("x-po-msgid", source), one.get("x-po-obsolete"))
            message = plurals.get(key)
            if message is None:
                count = int(one.get("x-po-plural-forms", "0") or 0)
                message = Message(msgid=key[1], msgid_plural=one.get("x-po-msgid-plural", ""),
                                  msgstr_plural=[""] * count)
                _tmx_details(message, tu, props, one)
                plurals[key] = message
                catalog.messages.append(message)
            index = int(form)
            while len(message.msgstr_plural) <= index:
                message.msgstr_plural.append("")
            message.msgstr_plural[index] = target
        else:
            message = Message(msgid=source, msgstr=target)
            _tmx_details(message, tu, props, one)
            catalog.messages.append(message)
    return catalog


def _tmx_details(message: Message, tu, props: dict, one: dict) -> None:
    message.msgctxt = one.get("x-po-msgctxt")
    if "x-po-flags" in one:
        message.flags = [f.strip() for f in one["x-po-flags"].split(",") if f.strip()]
    message.obsolete = one.get("x-po-obsolete") == "yes"
    message.previous_msgctxt = one.get("x-po-previous-msgctxt")
    message.previous_msgid = one.get("x-po-previous-msgid")
    message.previous_msgid_plural = one.get("x-po-previous-msgid-plural")
    message.references = list(props.get("x-po-reference", []))
    message.extracted_comments = list(props.get("x-po-extracted-comment", []))
    message.translator_comments = [_text(note) for note in tu.findall("note")]


# ----------------------------------------------------------------------------------------
# Files and import into a catalog

def read_exchange(path: str | Path, fmt: str = "auto", target_lang: str | None = None) -> Catalog:
    """Read an XLIFF or TMX file (``fmt`` ``"auto"`` decides by suffix, then root element)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path) from None
    if fmt == "auto":
        suffix = path.suffix.lower()
        if suffix in (".xlf", ".xliff"):
            fmt = "xliff"
        elif suffix == ".tmx":
            fmt = "tmx"
        else:
            fmt = "tmx" if re.search(rb"<tmx[\s>]", data[:2048]) else "xliff"
    if fmt == "xliff":
        return xliff_to_catalog(data, path)
    return tmx_to_catalog(data, path, target_lang=target_lang)


def apply_translations(catalog: Catalog, incoming: Catalog) -> ImportReport:
    """Take translations and their fuzzy state from ``incoming`` into the active entries of
    ``catalog`` with the same msgctxt and msgid; nothing else changes. Entries of ``incoming``
    without a translation leave the catalog's alone."""
    report = ImportReport()
    for new in incoming.messages:
        if new.obsolete:
            continue
        old = catalog.get(new.msgid, new.msgctxt)
        if old is None:
            report.unknown += 1
            continue
        if not new.has_translation:
            report.unchanged += 1
            continue
        before = (old.msgstr, list(old.msgstr_plural), old.fuzzy)
        if old.msgid_plural is not None:
            old.msgstr_plural = list(new.msgstr_plural) if new.msgid_plural is not None else [new.msgstr]
        else:
            old.msgstr = new.msgstr if new.msgid_plural is None else new.msgstr_plural[0]
        old.fuzzy = new.fuzzy
        if (old.msgstr, list(old.msgstr_plural), old.fuzzy) == before:
            report.unchanged += 1
        else:
            report.updated += 1
    return report
