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
    for part in _BLANK_LINES.split(body):
        start = body.index(part, pos) if part else pos
        pos = start + len(part)
        paragraph = part.strip()
        if paragraph:
            lead = len(part) - len(part.lstrip())
            line = offset + body.count("\n", 0, start + lead) + 1
            blocks.append(Block("paragraph", paragraph, "text", line))
    return assemble(path, lang, fields, blocks)
