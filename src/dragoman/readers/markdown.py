"""Markdown reports (CommonMark via markdown-it-py) with ``---`` front matter.

Inline markup (emphasis, links) becomes the same allow-listed inline HTML that the HTML
reader keeps, so extraction and editions treat both alike.
"""

from __future__ import annotations

from dataclasses import replace

from markdown_it import MarkdownIt

from dragoman.model import Article, Block
from dragoman.readers.frontmatter import assemble, split_front_matter
from dragoman.readers.html import sanitize_inline

_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
#: Blocks left out of the editions (not prose to translate), named in the article's notes.
_SKIPPED = {"fence": "a code block", "code_block": "a code block", "hr": None}


def read_markdown(text: str, path="<string>", lang: str = "en") -> Article:
    fields, body, offset = split_front_matter(text, path)
    tokens = _PARSER.parse(body)
    blocks: list[Block] = []
    notes: list[tuple[int | None, str]] = []
    containers: list[str] = []  # open blockquote / list_item / heading tags
    list_depth = -1
    for token in tokens:
        line = offset + token.map[0] + 1 if token.map else None
        if _SKIPPED.get(token.type):
            notes.append((line, f"{_SKIPPED[token.type]}, left out of the editions"))
        elif token.type == "table_open":
            notes.append((line, "a table: each cell is translated as a paragraph of its own"))
        elif token.type in ("blockquote_open", "list_item_open", "heading_open"):
            containers.append(token.tag)
        elif token.type in ("blockquote_close", "list_item_close", "heading_close"):
            containers.pop()
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "inline" and token.children is not None:
            images = sum(child.type == "image" for child in token.children)
            if images:
                notes.append((line, f"{'an image' if images == 1 else f'{images} images'}, "
                                    "left out of the editions"))
            html = sanitize_inline(_PARSER.renderer.renderInline(token.children, _PARSER.options, {}))
            html = html.strip()
            if not html:
                continue
            kind, level = _kind(containers, list_depth)
            blocks.append(Block(kind, html, "html", line, level))
    return replace(assemble(path, lang, fields, blocks), notes=tuple(notes))


def _kind(containers: list[str], list_depth: int) -> tuple[str, int]:
    innermost = containers[-1] if containers else ""
    if innermost.startswith("h"):
        return ("title" if innermost == "h1" else "heading"), int(innermost[1])
    if innermost == "li":
        return "list-item", list_depth
    if "blockquote" in containers:
        return "quote", 0
    return "paragraph", 0
