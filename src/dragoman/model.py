"""The pure document model: ``Article -> Block -> Segment``. No I/O here.

Readers build Articles; the segmenter fills each Block's segments; extraction, assembly and
publishing read them. A block keeps its text verbatim (inline markup stays markup when the
block's ``markup`` is ``"html"``), and segments are spans into that text, so segments plus the
gaps between them always rebuild the block byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

BLOCK_KINDS = ("title", "heading", "paragraph", "quote", "list-item", "caption")


@dataclass(frozen=True)
class Segment:
    """A sentence (translation unit): ``text == block.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Block:
    """One structural unit of an article.

    ``markup`` is ``"text"`` (plain text, nothing to escape-interpret) or ``"html"`` (an inline
    HTML fragment: ``a``, ``em``, ``strong``, ``b``, ``i``, ``br``, ``span``). ``line`` is the
    1-based line of the source file where the block starts, for error messages and ``#:``
    references. ``level`` is the heading level or list nesting depth where that applies.
    """

    kind: str
    text: str
    markup: str = "text"
    line: int | None = None
    level: int = 0
    segments: tuple[Segment, ...] = ()

    def gaps(self) -> list[str]:
        """The text between (and around) segments; interleaved with them it rebuilds ``text``."""
        out, pos = [], 0
        for seg in self.segments:
            out.append(self.text[pos:seg.start])
            pos = seg.end
        out.append(self.text[pos:])
        return out

    def with_segments(self, spans: list[tuple[int, int]]) -> "Block":
        return replace(self, segments=tuple(Segment(s, e, self.text[s:e]) for s, e in spans))


@dataclass(frozen=True)
class Meta:
    """What a publisher needs about an article besides its body."""

    title: str = ""
    date: datetime | None = None
    url: str = ""
    author: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Article:
    """A report in one language. ``slug`` is ASCII and stable across languages."""

    slug: str
    lang: str
    meta: Meta
    blocks: tuple[Block, ...]
    path: str = ""
    #: What the reader left out or reshaped, as (line, what): ``(12, "a code block, left out
    #: of the editions")``; a build says so instead of dropping it silently.
    notes: tuple[tuple[int | None, str], ...] = ()

    @property
    def title(self) -> str:
        if self.meta.title:
            return self.meta.title
        for block in self.blocks:
            if block.kind == "title":
                return block.text
        return self.slug

    def with_blocks(self, blocks) -> "Article":
        return replace(self, blocks=tuple(blocks))
