"""Segmenting inline HTML: the rules run on the visible text, spans come back in markup offsets.

Tags are removed and character references decoded before segmentation (so ``Co.</em> It``
and ``&ldquo;Yes.&rdquo; He`` are judged like plain text: markup never hides a boundary), and
each segment is mapped back to the original fragment, taking along the closing tags right after
it and the opening tags right before it. A boundary therefore never falls inside a tag or a
character reference.
"""

from __future__ import annotations

import html
import re
from typing import Callable

# Bounded forms only ("<" never spans another "<", an unclosed comment runs to the end), so
# malformed markup costs linear time.
_MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|<[^<>]*>|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});",
                     re.DOTALL)
#: Tags that end a line of the visible text (a boundary under the default line-break rule).
_LINE_TAGS = re.compile(r"<(?:br|p|div|li|h[1-6]|blockquote|tr|td|hr)\b[^>]*>|</(?:p|div|li|h[1-6]|blockquote|tr|td)\s*>",
                        re.IGNORECASE)
_OPENING = re.compile(r"<(?!/|!|br\b|hr\b|img\b|wbr\b)[A-Za-z][^>]*(?<!/)>", re.IGNORECASE)
_CLOSING = re.compile(r"</[A-Za-z][^>]*>")


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
    out = []
    for a, b in plain_spans(text):
        start, end = starts[a], ends[b - 1]
        while True:     # closing tags right after the segment belong to it
            m = _CLOSING.match(fragment, end)
            if m is None:
                break
            end = m.end()
        floor = out[-1][1] if out else 0
        while start > floor:    # and so do opening tags right before it
            lt = fragment.rfind("<", floor, start)
            if lt < 0 or fragment[start - 1] != ">" or not _OPENING.fullmatch(fragment, lt, start):
                break
            start = lt
        out.append((start, end))
    return out
