"""Does a translation fit its source's format string, as ``msgfmt --check-format`` judges?

msgmerge marks a kept translation fuzzy when the template's format flag (``c-format``,
``python-format``) says its directives no longer fit: the template gained ``#, c-format``
and the translation's ``%.0s`` stands where the source has ``%d``, or a directive is
missing. The directives are those gettext's parsers accept (:mod:`dragoman.catalog.wrap`
models them for line breaking); each is reduced to the argument it consumes and that
argument's type, and two strings fit when they consume the same arguments with the same
types (gettext's ``format_check`` with equality). A plural form that serves a single count
(Arabic's zero, one and two) may leave a directive out, as msgfmt allows.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Sequence

from dragoman.catalog.wrap import _directive_spans

#: The format languages whose directives are compared; others are taken as fitting.
CHECKED = ("c", "python")

_C_DIRECTIVE = re.compile(
    r"%(?:(?P<number>\d+)\$)?[-+ #0'I]*(?P<width>\d+|\*(?:(?P<wnum>\d+)\$)?)?"
    r"(?:\.(?P<precision>\d+|\*(?:(?P<pnum>\d+)\$)?)?)?"
    r"(?P<size>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conv>[diouxXeEfFgGaAcspnCSm%]|<PRI[a-zA-Z0-9_]+>)")
_C_TYPES = {**dict.fromkeys("di", "int"), **dict.fromkeys("ouxX", "unsigned"),
            **dict.fromkeys("eEfFgGaA", "double"), "c": "char", "s": "string", "p": "pointer",
            "n": "count", "C": "wchar", "S": "wstring"}
_PYTHON_DIRECTIVE = re.compile(r"%(?:\((?P<name>[^)]*)\))?[-+ #0]*(?P<width>\d+|\*)?"
                               r"(?:\.(?P<precision>\d+|\*)?)?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])")
_PYTHON_TYPES = {**dict.fromkeys("diouxX", "int"), **dict.fromkeys("eEfFgG", "float"),
                 "c": "char", **dict.fromkeys("rsa", "string")}


def _c_arguments(value: str) -> dict:
    """{argument number: type} of the C directives gettext accepts in ``value``."""
    arguments, position = {}, 0
    for start, end in _directive_spans(value, "c"):
        match = _C_DIRECTIVE.fullmatch(value, start, end)
        if match is None or match["conv"] in "%m":
            continue
        for star, number in ((match["width"], match["wnum"]), (match["precision"], match["pnum"])):
            if star and star.startswith("*"):
                position += 1
                arguments[int(number) if number else position] = "int"
        conv = match["conv"]
        kind = conv if conv.startswith("<") else _C_TYPES[conv]
        position += 1
        arguments[int(match["number"]) if match["number"] else position] = (match["size"] or "") + kind
    return arguments


def _python_arguments(value: str) -> dict:
    """{name or position: type} of the Python %-directives gettext accepts in ``value``."""
    arguments, position = {}, 0
    for start, end in _directive_spans(value, "python"):
        match = _PYTHON_DIRECTIVE.fullmatch(value, start, end)
        if match is None or match["conv"] == "%":
            continue
        for star in (match["width"], match["precision"]):
            if star == "*":
                position += 1
                arguments[position] = "int"
        if match["name"] is not None:
            arguments[match["name"]] = _PYTHON_TYPES[match["conv"]]
        else:
            position += 1
            arguments[position] = _PYTHON_TYPES[match["conv"]]
    return arguments


_ARGUMENTS = {"c": _c_arguments, "python": _python_arguments}


def _fits(source: dict, translation: dict, strict: bool) -> bool:
    if strict and source.keys() != translation.keys():
        return False
    return all(source.get(key) == kind for key, kind in translation.items())


def form_selector(plural_forms: str) -> Callable[[int], int] | None:
    """The function count -> plural form of a Plural-Forms value, through gettext's own
    C-expression parser; None when the value has no expression it reads."""
    import gettext

    match = re.search(r"plural\s*=\s*(.+?)\s*;?\s*$", plural_forms)
    if match is None:
        return None
    try:
        return gettext.c2py(match.group(1))
    except (ValueError, SyntaxError):
        return None


@lru_cache(maxsize=64)
def _single_count_forms(plural_forms: str) -> frozenset[int]:
    """The plural forms that a single count selects (msgfmt lets those omit a directive)."""
    select = form_selector(plural_forms)
    if select is None:
        return frozenset()
    counts: dict[int, int] = {}
    for n in range(1000):
        form = select(n)
        counts[form] = counts.get(form, 0) + 1
    return frozenset(form for form, seen in counts.items() if seen == 1)


def language_of(flags: Sequence[str]) -> str | None:
    """The checked format language a flag list declares (``c-format`` -> ``"c"``), if any."""
    for language in CHECKED:
        if f"{language}-format" in flags:
            return language
    return None


def fits(language: str, msgid: str, msgstr: str, msgid_plural: str | None = None,
         msgstr_plural: Sequence[str] = (), plural_forms: str = "") -> bool:
    """Whether the translation (``msgstr``, or the plural forms) fits the source's
    ``language``-format directives. Empty translations fit."""
    arguments = _ARGUMENTS.get(language)
    if arguments is None:
        return True
    if msgid_plural is None:
        return not msgstr or _fits(arguments(msgid), arguments(msgstr), strict=True)
    single = _single_count_forms(plural_forms)
    singular, plural = arguments(msgid), arguments(msgid_plural)
    for form, text in enumerate(msgstr_plural):
        if not text:
            continue
        source = singular if form == 0 and len(msgstr_plural) == 1 else plural
        if not _fits(source, arguments(text), strict=form not in single):
            return False
    return True
