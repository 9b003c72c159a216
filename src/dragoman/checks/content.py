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
    source, ordinals = text.numbers(unit.plain_source)
    found, _ = text.numbers(unit.plain_translation)
    if not source and not found:
        return None
    optional = ordinals + _spelled_numbers(unit.plain_source)
    required = source - ordinals
    missing = required - found
    extra = found - source - optional
    if unit.single_number and not extra:
        return None
    problems = []
    if missing:
        problems.append("missing " + _listing(missing))
    if extra:
        problems.append("not in the source " + _listing(extra))
    return "; ".join(problems) if problems else None


def _spelled_numbers(source: str) -> Counter[str]:
    words = text.number_words("en")
    return Counter(words[w.casefold()] for w in text.WORD.findall(source) if w.casefold() in words)


@entry_check("markup", "error", "Inline markup differs, is malformed or not allowed")
def markup(unit: Unit) -> str | None:
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
    problems += _nesting(target_tags)
    problems += _unsafe(target_tags)
    return "; ".join(problems) if problems else None


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
    source, target = Counter(text.placeholders(unit.source)), Counter(text.placeholders(unit.translation))
    if unit.single_number:
        source = Counter({p: n for p, n in source.items() if p in target})
    return _same_items(source.elements(), target.elements(), "placeholder")


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


@entry_check("brackets", "warning", "Unbalanced brackets in the translation")
def brackets(unit: Unit) -> str | None:
    """A translation may add or drop a parenthesis (a gloss, an acronym), never leave one open."""
    stack: list[str] = []
    for char in unit.plain_translation:
        if char in "([{":
            stack.append(char)
        elif char in BRACKETS:
            if not stack or stack[-1] != BRACKETS[char]:
                return f"{char!r} without its {BRACKETS[char]!r}"
            stack.pop()
    return f"{stack[-1]!r} not closed" if stack else None


@entry_check("newlines", "error", "Line breaks or tabs differ from the source")
def newlines(unit: Unit) -> str | None:
    problems = []
    for char, what in (("\n", "line break(s)"), ("\t", "tab(s)")):
        source, target = unit.source.count(char), unit.translation.count(char)
        if source != target:
            problems.append(f"source has {source} {what}, translation {target}")
    return "; ".join(problems) if problems else None


@entry_check("blank", "error", "Translation is only whitespace (it would be published blank)")
def blank(unit: Unit) -> str | None:
    if unit.translation.strip(" \t\n\u00a0" + text.BIDI_CONTROLS + "\u200b\u200c\u200d"):
        return None
    return "the translation has no visible text"


def _listing(items: Counter[str]) -> str:
    return ", ".join(repr(item) for item in sorted(items.elements()))
