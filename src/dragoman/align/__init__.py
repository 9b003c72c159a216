"""Alignment of an English report with its translation: pairs of sentences for the memory.

Both articles are read with the ordinary readers and segmented in their own language. Blocks
(paragraphs, headings, quotes) are aligned first, then the sentences inside each aligned group
of blocks, with the beads a translator's edits leave (1-1, 1-2, 2-1, 2-2, 1-0, 0-1), scored by
lengths and anchors (:mod:`dragoman.align.anchors`, :mod:`dragoman.align.beads`). A sentence
left alone in one block whose anchors match one left alone in another is paired as ``moved``
(a quotation a translator put in another paragraph). Every pair gets a confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dragoman.align import beads as dp
from dragoman.align.anchors import AnchorBits, Anchors, Sentence, glossary_names
from dragoman.model import Article

__all__ = ["Aligner", "Pair", "align_articles", "translation_unit"]

#: A moved sentence is paired only if this cheap (several shared strong anchors).
MOVED_COST = -3.0
#: ... and stays below the usual threshold: a moved sentence is for a translator to confirm.
MOVED_CONFIDENCE = 0.45
#: The marker a text edition writes before a list item (see :func:`translation_unit`).
_LIST_MARKER = re.compile(r"\A(?:[-*•‣◦▪]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class Pair:
    """English sentence(s) and their translation; one side is empty for 1-0 and 0-1."""

    source: str
    target: str
    bead: str
    confidence: float
    line: int | None = None

    @property
    def paired(self) -> bool:
        return bool(self.source and self.target)


@dataclass(frozen=True)
class _Item:
    length: int
    anchors: int


class Aligner:
    """Aligns English articles with their ``lang`` translations; anchors from ``glossary``."""

    def __init__(self, lang: str, glossary=None):
        self.lang = lang
        self.source_anchors = Anchors("en", glossary_names(glossary, "en"))
        self.target_anchors = Anchors(lang, glossary_names(glossary, lang))

    def align(self, source: Article, target: Article) -> list[Pair]:
        source = _segmented(source)
        target = _segmented(target)
        bits = AnchorBits()
        src_blocks = [(b.line, _sentences(b, self.source_anchors, bits))
                      for b in source.blocks if b.segments]
        tgt_blocks = [_sentences(b, self.target_anchors, bits) for b in target.blocks if b.segments]
        return self.align_blocks(src_blocks, tgt_blocks)

    def align_blocks(self, src_blocks: list[tuple[int | None, list[Sentence]]],
                     tgt_blocks: list[list[Sentence]]) -> list[Pair]:
        """Pairs of the sentences of ``src_blocks`` (each with its line) and ``tgt_blocks``."""
        src_total = sum(s.length for _, block in src_blocks for s in block)
        tgt_total = sum(s.length for block in tgt_blocks for s in block)
        ratio = min(3.0, max(0.33, tgt_total / src_total)) if src_total and tgt_total else 1.0
        block_beads = dp.align([_summary(block) for _, block in src_blocks],
                               [_summary(block) for block in tgt_blocks], ratio,
                               priors=dp.BLOCK_PRIORS)
        pairs: list[Pair] = []
        for bead in block_beads:
            lines = [line for line, _ in src_blocks[bead.s0:bead.s1]]
            src = [(line, s) for line, block in src_blocks[bead.s0:bead.s1] for s in block]
            tgt = [s for block in tgt_blocks[bead.t0:bead.t1] for s in block]
            if not src or not tgt:
                pairs += [Pair(s.text, "", "1-0", 0.0, line) for line, s in src]
                pairs += [Pair("", t.text, "0-1", 0.0, lines[0] if lines else None) for t in tgt]
                continue
            src_starts = _starts(block for _, block in src_blocks[bead.s0:bead.s1])
            tgt_starts = _starts(tgt_blocks[bead.t0:bead.t1])
            for sb in dp.align([s for _, s in src], tgt, ratio, src_starts, tgt_starts):
                pairs.append(Pair(
                    " ".join(s.text for _, s in src[sb.s0:sb.s1]),
                    " ".join(t.text for t in tgt[sb.t0:sb.t1]),
                    sb.shape, round(dp.confidence(sb), 3) if sb.s1 > sb.s0 and sb.t1 > sb.t0 else 0.0,
                    src[min(sb.s0, len(src) - 1)][0]))
        return _pair_moved(pairs, self, ratio)


def _sentences(block, anchors: Anchors, bits: AnchorBits) -> list[Sentence]:
    if block.markup != "html":
        return [anchors.sentence(translation_unit(s.text), bits) for s in block.segments]
    from dragoman.assemble.merge import plain_text

    return [anchors.sentence(translation_unit(s.text), bits, plain_text(s.text))
            for s in block.segments]


def translation_unit(text: str) -> str:
    """A sentence without the list marker a text edition writes before a list item."""
    return _LIST_MARKER.sub("", text, count=1)


def _segmented(article: Article) -> Article:
    """``article`` with its sentences (as read from a catalog, or segmented here)."""
    if all(b.segments or not b.text.strip() for b in article.blocks):
        return article
    from dragoman.segment import segment_article

    return segment_article(article)


def _starts(blocks) -> frozenset[int]:
    """Indices of the sentences that open a block, in the blocks' sentences joined."""
    starts, at = [], 0
    for block in blocks:
        starts.append(at)
        at += len(block)
    return frozenset(starts[1:])


def _summary(block: list[Sentence]) -> _Item:
    anchors = 0
    for sentence in block:
        anchors |= sentence.anchors
    return _Item(sum(s.length for s in block), anchors)


def _pair_moved(pairs: list[Pair], aligner: Aligner, ratio: float) -> list[Pair]:
    """Pairs a sentence left alone on each side when their anchors agree strongly (a quotation
    moved to another paragraph); the pair takes the English sentence's place."""
    alone_src = [i for i, p in enumerate(pairs) if p.bead == "1-0"]
    alone_tgt = [i for i, p in enumerate(pairs) if p.bead == "0-1"]
    if not alone_src or not alone_tgt:
        return pairs
    from dragoman.assemble.merge import plain_text

    bits = AnchorBits()
    source = {i: plain_text(pairs[i].source) for i in alone_src}
    anchors = {i: bits.mask(aligner.source_anchors.find(source[i])) for i in alone_src}
    anchors |= {i: bits.mask(aligner.target_anchors.find(pairs[i].target)) for i in alone_tgt}
    taken: set[int] = set()
    for i in alone_src:
        best, best_cost = None, MOVED_COST
        for j in alone_tgt:
            if j in taken:
                continue
            cost = (dp.length_cost(len(source[i]), len(pairs[j].target), ratio)
                    + dp.anchor_cost(anchors[i], anchors[j]))
            if cost < best_cost:
                best, best_cost = j, cost
        if best is not None:
            taken.add(best)
            bead = dp.Bead(0, 1, 0, 1, best_cost)
            pairs[i] = Pair(pairs[i].source, pairs[best].target, "moved",
                            round(min(dp.confidence(bead), MOVED_CONFIDENCE), 3), pairs[i].line)
    return [p for k, p in enumerate(pairs) if k not in taken]


def align_articles(source: Article, target: Article, lang: str, glossary=None) -> list[Pair]:
    """The pairs of ``source`` (English) and ``target`` (its ``lang`` translation)."""
    return Aligner(lang, glossary).align(source, target)
