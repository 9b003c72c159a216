"""Checks that what must survive translation survives: numbers, markup, addresses, placeholders."""

from __future__ import annotations

import re
from collections import Counter

from dragoman.checks import text
from dragoman.checks.registry import entry_check
from dragoman.checks.unit import Unit

VOID_TAGS = {"br", "img", "hr", "wbr"}
URL_ATTRIBUTES = {"href", "cite", "src"}


@entry_check("numbers", "error", "Numbers differ between source and translation (digits folded)")
def numbers(unit: Unit) -> str | None:
    """Digits of every system are the same numbers. A translation may spell a number out (in
    its own words or in the source's), and drop one its language expresses through the noun
    (Arabic singular and dual nouns for one and two: يوم، ساعتين), name the month of a date
    (2017-05-31 -> 31 مايو 2017) and write a Roman numeral in digits (Room I -> الغرفة ١)."""
    source, ordinals = text.numbers(unit.plain_source)
    found, _ = text.numbers(unit.plain_translation)
    if not source and not found:
        return None
    optional = (ordinals + text.spelled_numbers(unit.plain_source, "en")
                + text.glued_numbers(unit.plain_source) + text.roman_numbers(unit.plain_source)
                + text.numbers(text.plain(unit.other_source))[0])
    required = source - ordinals
    missing = (required - found - text.spelled_numbers(unit.plain_translation, unit.lang)
               - text.date_months(unit.plain_source))
    missing = Counter({n: k for n, k in missing.items() if n not in text.implicit_numbers(unit.lang)})
    extra = found - source - optional
    if unit.single_number and not extra:
        return None
    problems = []
    if missing:
        problems.append("missing " + _listing(missing))
    if extra:
        problems.append("not in the source " + _listing(extra))
    return "; ".join(problems) if problems else None


@entry_check("markup", "error", "Inline markup differs, is malformed or not allowed")
def markup(unit: Unit) -> str | None:
    """Tags the source has must be in the translation, well nested (when the source's are);
    a tag the translation adds must be one the editions' sanitizer keeps, and attributes are
    quoted as HTML quotes them (not ``\\"``, which breaks the tag and the URL in it: one
    finding, this one)."""
    source_tags, target_tags = text.tags(unit.source), text.tags(unit.translation)
    if not source_tags and not target_tags:
        return None
    problems = []
    have = Counter(_shape(t) for t in target_tags)
    want = Counter(_shape(t) for t in source_tags)
    if want - have:
        problems.append("missing " + ", ".join(sorted(want - have)))
    if have - want:
        problems.append("extra " + ", ".join(sorted(have - want)))
    if not _nesting(source_tags):
        problems += _nesting(target_tags)
    escaped = ([t for t in target_tags if _ESCAPED_QUOTE.search(t.text)]
               if not _ESCAPED_QUOTE.search(unit.source) else [])
    problems += [f"<{t.name}> quotes an attribute with a backslash (\\\" is printed as is)" for t in escaped]
    in_source = {_written(t) for t in source_tags}
    problems += _unsafe([t for t in target_tags if _written(t) not in in_source and t not in escaped])
    return "; ".join(problems) if problems else None


#: An attribute quoted with a C escape (``<a href=\"…\">``): the backslash reaches the page.
_ESCAPED_QUOTE = re.compile(r"""\\["']""")


def _written(tag: text.Tag) -> str:
    """A tag as written, spacing and case aside: a tag the source has (DocBook's
    ``<application>``, ``<a %(link)s>``) is the author's markup, kept as it is."""
    return " ".join(tag.text.lower().split())


def _shape(tag: text.Tag) -> str:
    return f"</{tag.name}>" if tag.closing else f"<{tag.name}>"


def _nesting(tags: list[text.Tag]) -> list[str]:
    """Well-formedness: every element closed, in order."""
    stack: list[str] = []
    for tag in tags:
        if tag.name in VOID_TAGS or tag.self_closing:
            continue
        if not tag.closing:
            stack.append(tag.name)
        elif stack and stack[-1] == tag.name:
            stack.pop()
        else:
            return [f"</{tag.name}> closes " + (f"<{stack[-1]}>" if stack else "nothing")]
    return [f"<{name}> is not closed" for name in stack]


def _unsafe(tags: list[text.Tag]) -> list[str]:
    """What the editions' sanitizer (:mod:`dragoman.assemble.sanitize`) would drop: the
    translator learns here, not from a page that silently lost its markup."""
    from dragoman.assemble.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

    problems = []
    for tag in tags:
        if tag.name not in ALLOWED_TAGS:
            problems.append(f"<{tag.name}> is not an allowed inline tag")
            continue
        allowed = ALLOWED_ATTRIBUTES.get("*", set()) | ALLOWED_ATTRIBUTES.get(tag.name, set())
        for name, value in tag.attributes:
            scheme = re.match(r"\s*([A-Za-z][\w+.-]*):", value)
            if name not in allowed:
                problems.append(f"attribute {name!r} is not allowed on <{tag.name}>")
            elif name in URL_ATTRIBUTES and scheme and scheme.group(1).lower() not in URL_SCHEMES:
                problems.append(f"unsafe URL scheme {scheme.group(1)!r} in <{tag.name} {name}>")
    return problems


@entry_check("urls", "error", "A URL of the source is missing or changed")
def urls(unit: Unit) -> str | None:
    return _same_items(text.urls(unit.source), text.urls(unit.translation), "URL")


@entry_check("emails", "error", "An e-mail address of the source is missing or changed")
def emails(unit: Unit) -> str | None:
    return _same_items(text.emails(unit.source), text.emails(unit.translation), "e-mail address")


@entry_check("placeholders", "error", "Placeholders (printf, {name}) differ")
def placeholders(unit: Unit) -> str | None:
    """Compared as msgfmt compares them: by the argument each prints, so ``%2$s %1$s`` may
    reorder ``%s %s``, ``%'d`` and ``%Id`` are ``%d`` with a flag, and ``%.0s`` consumes its
    argument unprinted (a singular form that spells out the number)."""
    source, target = text.placeholder_arguments(unit.source), text.placeholder_arguments(unit.translation)
    # strftime's alternative digits (%OH for %H, %Ey for %y) print the source's field.
    target = [(raw, key) for raw, key in target if not (raw[1] in "EO" and key in unit.source)]
    if not source and not target:
        return None
    kinds = {key[:-1]: key for _, key in source}
    # A plural form may print the count the entry's other msgid prints ("%(count)s فريقًا").
    other = {key for _, key in text.placeholder_arguments(unit.other_source)}
    target = [(raw, kinds.get(key[:-1], key) if key.endswith("*") else key) for raw, key in target]
    want, have = Counter(key for _, key in source), Counter(key for _, key in target)
    if unit.single_number:
        want = Counter({key: n for key, n in want.items() if key in have})
    have = Counter({key: n for key, n in have.items() if key in want or key not in other})
    shown = {key: raw for raw, key in (*target, *source)}
    return _same_items([shown[k] for k in want.elements()], [shown[k] for k in have.elements()],
                       "placeholder")


def _same_items(source, target, what: str) -> str | None:
    if not source and not target:
        return None
    missing, extra = Counter(source) - Counter(target), Counter(target) - Counter(source)
    problems = []
    if missing:
        problems.append(f"missing {what} " + _listing(missing))
    if extra:
        problems.append(f"{what} not in the source " + _listing(extra))
    return "; ".join(problems) if problems else None


BRACKETS = {")": "(", "]": "[", "}": "{"}
#: What follows a line break of a template's indented text: four spaces or more, or the end.
_TEMPLATE_INDENT = re.compile(r" {4,}|\s*$")


@entry_check("brackets", "cosmetic", "Unbalanced brackets in the translation", needs_source=False)
def brackets(unit: Unit) -> str | None:
    """A translation may add or drop a parenthesis (a gloss, an acronym), never leave one open.
    Cosmetic, as pofilter's ``brackets``: an unclosed parenthesis is a slip of typography, the
    words are all there."""
    stack: list[str] = []
    for char in unit.plain_translation:
        if char in "([{":
            stack.append(char)
        elif char in BRACKETS:
            if not stack or stack[-1] != BRACKETS[char]:
                return f"{char!r} without its {BRACKETS[char]!r}"
            stack.pop()
    return f"{stack[-1]!r} not closed" if stack else None


@entry_check("newlines", "warning", "Line breaks or tabs differ from the source")
def newlines(unit: Unit) -> str | None:
    """Line breaks are compared unless the source is a template's indented text (Django's
    ``{% blocktrans %}``, every line break followed by indentation or ending the string): HTML
    shows those as spaces, and the translator rightly writes the text without them."""
    problems = []
    layout = "\n" in unit.source and all(
        _TEMPLATE_INDENT.match(unit.source, m.end()) for m in re.finditer("\n", unit.source))
    for char, what in (("\t", "tab(s)"),) if layout else (("\n", "line break(s)"), ("\t", "tab(s)")):
        source, target = unit.source.count(char), unit.translation.count(char)
        if source != target:
            problems.append(f"source has {source} {what}, translation {target}")
    return "; ".join(problems) if problems else None


@entry_check("blank", "error", "Translation is only whitespace (it would be published blank)", needs_source=False)
def blank(unit: Unit) -> str | None:
    if unit.translation.strip(" \t\n\u00a0" + text.BIDI_CONTROLS + "\u200b\u200c\u200d"):
        return None
    return "the translation has no visible text"


def _listing(items: Counter[str]) -> str:
    return ", ".join(repr(item) for item in sorted(items.elements()))
