"""What every reader shares: front matter, metadata, slugs and the title block."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone
from html import unescape
from pathlib import Path

from dragoman.errors import InputError
from dragoman.model import Article, Block, Meta

#: Keys kept as they are in :attr:`Meta.extra` (the others are fields of their own).
EXTRA_KEYS = ("id", "site", "section", "description", "translation_of", "canonical")
#: Keys a report's front matter (or an HTML page's <meta name>) may carry.
KEYS = ("title", "date", "slug", "url", "author", *EXTRA_KEYS)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_KEY_VALUE = re.compile(r"([A-Za-z_][\w-]*)\s*:\s?(.*)\Z")


def split_front_matter(text: str, path) -> tuple[dict[str, tuple[str, int]], str, int]:
    """``---``-delimited ``key: value`` lines at the top of a text or Markdown file.

    Returns ``{key: (value, line)}``, the body, and the number of lines before the body, so
    readers report body lines as lines of the file.
    """
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return {}, text, 0
    lines = text.splitlines(keepends=True)
    fields: dict[str, tuple[str, int]] = {}
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip("\r\n")
        if line.strip() == "---":
            return fields, "".join(lines[number:]), number
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.match(line)
        if not match:
            raise InputError(f"front matter line is not 'key: value': {line!r}", path, number)
        key, value = match.group(1).lower(), match.group(2).strip()
        if key not in KEYS:
            raise InputError(f"unknown front matter key {key!r}; known: {', '.join(KEYS)}",
                             path, number)
        fields[key] = (_unquote(value), number)
    raise InputError("front matter opened with '---' is never closed", path, 1)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def parse_date(value: str, path, line: int | None) -> datetime:
    """ISO 8601; a date without a time zone is taken as UTC (newsrooms publish in UTC)."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"date {value!r} is not ISO 8601 (e.g. 2021-01-26T10:30:00+00:00)",
                         path, line) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "article"


def plain_text(block: Block) -> str:
    """The block's text without markup, for comparing it with metadata."""
    text = block.text
    if block.markup == "html":
        text = unescape(re.sub(r"<[^>]*>", "", text))
    return text.strip()


def build_meta(fields: dict[str, tuple[str, int | None]], path) -> tuple[Meta, str | None]:
    """Meta from front-matter fields, and the explicit slug if one was given (validated)."""
    get = lambda key: fields.get(key, ("", None))[0]
    slug = None
    if "slug" in fields:
        slug, line = fields["slug"]
        if not _SLUG.match(slug):
            raise InputError(
                f"slug {slug!r} must be lowercase ASCII letters, digits and single hyphens", path, line)
    date = parse_date(get("date"), path, fields["date"][1]) if get("date") else None
    extra = {k: v for k, (v, _) in fields.items() if k in EXTRA_KEYS and v}
    meta = Meta(title=get("title"), date=date, url=get("url"), author=get("author"), extra=extra)
    return meta, slug


def assemble(path, lang: str, fields, blocks: list[Block]) -> Article:
    """The Article, with its title block first.

    A first block that repeats the ``site`` name is the masthead: metadata, not content. A
    first block that is a title already (an HTML or Markdown h1) stays the title; otherwise the
    first block is the title when it repeats the ``title`` field or no title is given, and
    else the title field itself becomes the title block.
    """
    meta, slug = build_meta(fields, path)
    site = meta.extra.get("site", "")
    if blocks and site and plain_text(blocks[0]).lower() == site.strip().lower():
        blocks = blocks[1:]
    if not blocks and not meta.title:
        raise InputError("the report has no text", path)
    if blocks and blocks[0].kind == "title":
        pass
    elif meta.title and (not blocks or plain_text(blocks[0]) != meta.title.strip()):
        title_line = fields.get("title", ("", None))[1]
        blocks = [Block("title", meta.title, "text", title_line), *blocks]
    else:
        blocks = [replace(blocks[0], kind="title"), *blocks[1:]]
    if not meta.title:
        meta = replace(meta, title=plain_text(blocks[0]))
    stem = Path(str(path)).stem
    return Article(slug=slug or slugify(stem), lang=lang, meta=meta, blocks=tuple(blocks),
                   path=str(path))
