"""The one gate every piece of inline markup passes before it reaches a page.

Sources and translations are untrusted: a PO file can carry ``<script>``, event handlers,
``javascript:`` links or ``style`` attributes. Inline markup goes through nh3 (the Ammonia
sanitizer) with a small allow-list of inline elements and attributes; everything else is
dropped (the text of unknown elements is kept, the content of ``script``/``style`` is not).
"""

from __future__ import annotations

import re

import nh3

#: Inline elements a news paragraph may carry.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "br", "cite", "code", "em", "i", "q", "small", "span", "strong",
    "sub", "sup",
})
#: Attributes per element; ``*`` applies to every allowed element.
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "hreflang", "title"},
    "abbr": {"title"},
    "q": {"cite"},
}
#: The class marking source-language text shown in place of a missing translation.
FALLBACK_CLASS = "fallback"
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Keep ``dir`` only with a real direction and ``lang`` only as a language tag."""
    if attribute == "dir":
        return value if value in ("ltr", "rtl", "auto") else None
    if attribute in ("lang", "hreflang"):
        return value if value.replace("-", "").isalnum() and len(value) <= 35 else None
    return value


def sanitize_inline(html: str) -> str:
    """``html`` (an inline fragment) reduced to the allow-list; always safe to put in a page."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        allowed_classes={"span": {FALLBACK_CLASS}},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def safe_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL, else ``""`` (metadata links are untrusted too)."""
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in ("http", "https") and rest and not any(c.isspace() for c in url):
        return url
    return ""


_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)([^>]*)>|<!--")
_ATTRIBUTE = re.compile(r"""([^\s=/"'>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


def removed_markup(fragment: str) -> list[str]:
    """What :func:`sanitize_inline` takes out of ``fragment``: elements outside the
    allow-list, attributes it does not keep (event handlers, styles), links to schemes it
    refuses (``javascript:``), comments; [] when it only normalizes. A build names each, so
    a translation's markup never disappears without a word."""
    removed: list[str] = []
    for tag in _TAG.finditer(fragment):
        if tag.group(0) == "<!--":
            removed.append("a comment")
            continue
        closing, name, attributes = tag.groups()
        name = name.lower()
        if name not in ALLOWED_TAGS:
            if not closing:
                removed.append(f"<{name}>")
            continue
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(name, set())
        for attribute, value in _ATTRIBUTE.findall(attributes):
            attribute = attribute.lower()
            value = value.strip("\"'")
            if attribute == "class" and name == "span" and value == FALLBACK_CLASS:
                continue
            if attribute not in allowed:
                removed.append(f"the {attribute} attribute of <{name}>")
            elif attribute in ("href", "cite"):
                scheme, sep, _ = value.partition(":")
                if sep and "/" not in scheme and scheme.strip().lower() not in URL_SCHEMES:
                    removed.append(f"a {scheme.strip().lower()}: link")
    return list(dict.fromkeys(removed))
