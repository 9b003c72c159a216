"""Bidi isolation of Latin-script runs inside right-to-left text.

A Latin name inside Arabic or Sorani text (``SOHR``, ``Al-Hasakah``, ``NDF``) must be isolated,
or a number or punctuation mark that follows it is drawn on the wrong side (the HTML spec's
"user-42 / 3 posts" example; checked in a real browser by tests/test_browser.py). In HTML each
run goes into ``<bdi>``; in plain-text contexts (``<title>``, feeds, JSON-LD, Markdown, text
editions) into FSI … PDI. Elements that already carry ``dir`` are isolates themselves and are
left alone. A number that follows a name is deliberately *not* part of its run.
"""

from __future__ import annotations

import html
import re

FSI, LRI, PDI = "\u2068", "\u2066", "\u2069"

_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
#: A Latin run: words joined by spaces, hyphens, apostrophes or dots (``Al-Hasakah``,
#: ``National Defence Forces``, ``U.S``); an ordinal glued to a word (``4th Division``) belongs
#: to it, a number after a space does not.
LATIN_RUN = re.compile(
    rf"(?:\d+(?=[{_LATIN}]))?[{_LATIN}]"
    rf"(?:[{_LATIN}\d]|[-'’.&/](?=[{_LATIN}\d])|\s+(?=(?:\d+)?[{_LATIN}]))*"
)
#: One tag of serialized (sanitized) HTML; quoted attribute values may hold ``>``.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_VOID = frozenset({"br", "wbr", "img", "hr"})
_ISOLATING = re.compile(r"\sdir\s*=", re.I)


def isolate_text(text: str, opener: str = FSI) -> str:
    """``text`` with every Latin run wrapped in ``opener`` … PDI (plain-text contexts)."""
    return LATIN_RUN.sub(lambda m: f"{opener}{m.group(0)}{PDI}", text)


def isolate_html(fragment: str) -> str:
    """Wrap Latin runs in the text of a sanitized inline HTML ``fragment`` in ``<bdi>``.

    Tags and attributes are left untouched; text inside an element that has a ``dir``
    attribute (such as the ``lang="en" dir="ltr"`` fallback span, or a ``<bdi>``) is skipped.
    """
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, isolates)
    pos = 0
    for match in _TAG.finditer(fragment):
        out.append(_isolate_escaped(fragment[pos:match.start()], stack))
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            while stack:
                if stack.pop()[0] == name:
                    break
        elif name not in _VOID and not attrs.rstrip().endswith("/"):
            stack.append((name, name == "bdi" or bool(_ISOLATING.search(attrs))))
        out.append(match.group(0))
        pos = match.end()
    out.append(_isolate_escaped(fragment[pos:], stack))
    return "".join(out)


def _isolate_escaped(text: str, stack: list[tuple[str, bool]]) -> str:
    if not text or any(isolates for _, isolates in stack):
        return text
    raw = html.unescape(text)
    pieces, pos = [], 0
    for match in LATIN_RUN.finditer(raw):
        pieces.append(html.escape(raw[pos:match.start()], quote=False))
        pieces.append(f"<bdi>{html.escape(match.group(0), quote=False)}</bdi>")
        pos = match.end()
    if not pieces:
        return text
    pieces.append(html.escape(raw[pos:], quote=False))
    return "".join(pieces)
