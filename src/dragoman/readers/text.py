"""Plain-text reports: paragraphs separated by blank lines, optional front matter."""

from __future__ import annotations

import re

from dragoman.model import Block, Article
from dragoman.readers.frontmatter import assemble, split_front_matter

_BLANK_LINES = re.compile(r"\n[ \t\r]*\n\s*")


def read_text(text: str, path="<string>", lang: str = "en") -> Article:
    fields, body, offset = split_front_matter(text, path)
    body = body.replace("\r\n", "\n")
    blocks, pos = [], 0
    line = offset + 1  # the line of ``pos`` (counted as the text is walked: once, not per block)
    for part in _BLANK_LINES.split(body):
        start = body.index(part, pos) if part else pos
        paragraph = part.strip()
        if paragraph:
            first = start + len(part) - len(part.lstrip())
            line += body.count("\n", pos, first)
            pos = first
            blocks.append(Block("paragraph", paragraph, "text", line))
        line += body.count("\n", pos, start + len(part))
        pos = start + len(part)
    return assemble(path, lang, fields, blocks)
