"""Segmenting inline HTML: the rules run on the visible text, spans come back in markup offsets.

Tags are removed and character references decoded before segmentation (so ``Co.</em> It``
and ``&ldquo;Yes.&rdquo; He`` are judged like plain text: markup never hides a boundary), and
each segment is mapped back to the original fragment, taking along the closing tags right after
it and the opening tags right before it (across whitespace too when that balances the
segment's markup). A boundary therefore never falls inside a tag or a character reference.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Callable

# Bounded forms only ("<" never spans another "<", an unclosed comment runs to the end), so
# malformed markup costs linear time.
_MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|<[^<>]*>|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});",
                     re.DOTALL)
#: Tags that end a line of the visible text (a boundary under the default line-break rule).
_LINE_TAGS = re.compile(r"<(?:br|p|div|li|h[1-6]|blockquote|tr|td|hr)\b[^>]*>|</(?:p|div|li|h[1-6]|blockquote|tr|td)\s*>",
                        re.IGNORECASE)


def _as_spaces(source: str) -> str:
    """Line breaks in HTML source are ordinary spaces; only ``<br>`` and block tags break lines."""
    return source.translate(_SOURCE_BREAKS) if "\n" in source or "\r" in source else source


_SOURCE_BREAKS = str.maketrans("\r\n", "  ")


def visible_text(fragment: str) -> tuple[str, list[int], list[int]]:
    """The fragment's visible text and, for each of its characters, the start and end offset
    of what produced it in ``fragment``."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _MARKUP.finditer(fragment):
        a, b = m.span()
        if a > pos:
            pieces.append(_as_spaces(fragment[pos:a]))
            starts.extend(range(pos, a))
            ends.extend(range(pos + 1, a + 1))
        token = m.group()
        if token.startswith("&"):
            produced = html.unescape(token)
        elif _LINE_TAGS.fullmatch(token):
            produced = "\n"
        else:
            produced = ""
        if produced:
            pieces.append(produced)
            starts.extend([a] * len(produced))
            ends.extend([b] * len(produced))
        pos = b
    if pos < len(fragment):
        pieces.append(_as_spaces(fragment[pos:]))
        starts.extend(range(pos, len(fragment)))
        ends.extend(range(pos + 1, len(fragment) + 1))
    return "".join(pieces), starts, ends


def html_spans(fragment: str, plain_spans: Callable[[str], list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """Segment spans of an inline HTML fragment, segmenting its visible text with ``plain_spans``."""
    if "<" not in fragment and "&" not in fragment and "\n" not in fragment and "\r" not in fragment:
        return plain_spans(fragment)
    text, starts, ends = visible_text(fragment)
    out: list[tuple[int, int]] = []
    for a, b in plain_spans(text):
        floor = out[-1][1] if out else 0
        start = _take_opening_tags(fragment, starts[a], floor, None)
        end = ends[b - 1]
        opened, stray = _unbalanced(fragment, start, end)
        # Closing tags right after the segment belong to it; across whitespace only those
        # that close what the segment opened.
        while (m := _CLOSING_AFTER.match(fragment, end)) is not None:
            name = m.group(2).lower()
            if opened[name]:
                opened[name] -= 1
            elif m.group(1):
                break
            end = m.end()
        # So do opening tags right before it; across whitespace only those that open what
        # the segment closes.
        out.append((_take_opening_tags(fragment, start, floor, stray), end))
    return out


def _take_opening_tags(fragment: str, start: int, floor: int, wanted: Counter | None) -> int:
    """``start`` moved back over the opening tags right before it (not below ``floor``), and
    across whitespace over those whose name is in ``wanted`` (removed from it as taken)."""
    while start > floor and fragment[start - 1] in ">\t\n\r\f\v ":
        lt = fragment.rfind("<", floor, start)
        m = _OPENING_BEFORE.fullmatch(fragment, lt, start) if lt >= 0 else None
        if m is None or m.group(1).lower() in _VOID:
            break
        name = m.group(1).lower()
        if wanted and wanted[name]:
            wanted[name] -= 1
        elif m.group(2):
            break
        start = lt
    return start


_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^<>]*?(/?)>")
_CLOSING_AFTER = re.compile(r"(\s*)</([A-Za-z][\w:-]*)\s*>")
_OPENING_BEFORE = re.compile(r"<([A-Za-z][\w:-]*)(?:\s[^<>]*)?(?<!/)>(\s*)")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _unbalanced(fragment: str, start: int, end: int) -> tuple[Counter, Counter]:
    """Tags opened in ``fragment[start:end]`` and not closed there, and tags closed there that
    were opened before it (counted by name)."""
    opened: Counter = Counter()
    stray: Counter = Counter()
    for m in _TAG.finditer(fragment, start, end):
        closing, name, self_closing = m.groups()
        name = name.lower()
        if self_closing or name in _VOID:
            continue
        if not closing:
            opened[name] += 1
        elif opened[name]:
            opened[name] -= 1
        else:
            stray[name] += 1
    return opened, stray
