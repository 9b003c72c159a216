"""The alignment dynamic programme: Gale–Church beads scored by lengths and anchors.

Both sides are sequences of items (blocks or sentences) with a length and a set of anchors.
A bead joins 0–2 items of one side to 0–2 of the other (1-1, 1-2, 2-1, 2-2, 1-0, 0-1); its cost
is the bead's prior (Gale & Church 1993, the costs of their ``align`` program), the length
cost (how far the target length is from the source length times the document's ratio, in
standard deviations, as a two-sided normal tail) and the anchor cost (shared anchors lower it,
anchors of one side only raise it). The cheapest path through the grid is the alignment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from dragoman.align.anchors import STRONG, WEAK, WEAK_BITS

#: -log P(bead) relative to 1-1 (Gale & Church's 450/230/440 in hundredths of a nat).
PRIORS = {(1, 1): 0.0, (1, 0): 3.5, (0, 1): 3.5, (2, 1): 2.3, (1, 2): 2.3, (2, 2): 4.4}
#: Blocks also join by three: a text edition writes a list as one paragraph of lines. A block
#: left alone loses every sentence in it, while blocks joined wrongly lose nothing (their
#: sentences are aligned again inside the group): so a block is left alone only when nothing
#: near it fits.
BLOCK_PRIORS = PRIORS | {(1, 0): 10.0, (0, 1): 10.0, (3, 1): 4.6, (1, 3): 4.6}
#: Variance of the length ratio per source character (Gale & Church's s²).
VARIANCE = 6.8
#: What an anchor found on one side only costs, as a share of what a shared one earns.
MISSING = 0.75
#: Past this many items off the diagonal no path is looked at (the documents are long).
BAND = 4
_SQRT2 = math.sqrt(2)


@dataclass(frozen=True)
class Bead:
    """``source[s0:s1]`` aligned with ``target[t0:t1]``, with the bead's cost."""

    s0: int
    s1: int
    t0: int
    t1: int
    cost: float

    @property
    def shape(self) -> str:
        return f"{self.s1 - self.s0}-{self.t1 - self.t0}"


def length_cost(source: int, target: int, ratio: float) -> float:
    """-log of the probability that a translation of ``source`` characters has ``target``.
    A sentence with nothing on the other side has no length to compare: its bead's prior says
    what an omission or an addition costs (lengths would make every omission a merge)."""
    if source == 0 or target == 0:
        return 0.0
    mean = (source + target / ratio) / 2 or 1.0
    delta = (target - source * ratio) / math.sqrt(mean * VARIANCE * ratio)
    tail = math.erfc(abs(delta) / _SQRT2)
    return -math.log(tail) if tail > 1e-300 else 690.0


def anchor_cost(source: int, target: int) -> float:
    """Shared anchors earn their weight; an anchor of one side only costs half of it.
    Anchors are bit masks (see ``Aligner``): the weak ones are the bits of ``WEAK_BITS``."""
    if not source and not target:
        return 0.0
    shared = source & target
    alone = source ^ target
    return (MISSING * (STRONG * alone.bit_count() - (STRONG - WEAK) * (alone & WEAK_BITS).bit_count())
            - STRONG * shared.bit_count() + (STRONG - WEAK) * (shared & WEAK_BITS).bit_count())


def align(source: Sequence, target: Sequence, ratio: float,
          source_starts: frozenset = frozenset(), target_starts: frozenset = frozenset(),
          priors: dict = PRIORS) -> list[Bead]:
    """The cheapest beads through ``source`` and ``target`` (items with ``length`` and
    ``anchors``), in order. ``*_starts``: indices of items that open a block; two items are
    joined only inside one block (a translator merges sentences of one paragraph)."""
    n, m = len(source), len(target)
    if n == m == 1:     # one sentence on each side (a short paragraph): nothing to choose
        return [Bead(0, 1, 0, 1, bead_cost([source[0].length], [target[0].length],
                                           [source[0].anchors], [target[0].anchors],
                                           0, 1, 0, 1, ratio, priors[1, 1]))]
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    src_len = [s.length for s in source]
    tgt_len = [t.length for t in target]
    src_anc = [s.anchors for s in source]
    tgt_anc = [t.anchors for t in target]
    slope = m / n if n else 0.0
    band = max(BAND, abs(n - m) + 2)
    for i in range(n + 1):
        centre = i * slope
        lo = max(0, int(centre) - band)
        hi = min(m, int(centre) + band)
        row = cost[i]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best, step = inf, None
            for (di, dj), prior in priors.items():
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or (di > 1 and pi + 1 in source_starts) or (
                        dj > 1 and pj + 1 in target_starts):
                    continue
                before = cost[pi][pj]
                if before == inf:
                    continue
                c = before + bead_cost(src_len, tgt_len, src_anc, tgt_anc, pi, i, pj, j, ratio, prior)
                if c < best:
                    best, step = c, (di, dj)
            row[j] = best
            back[i][j] = step
    beads = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        pi, pj = i - di, j - dj
        beads.append(Bead(pi, i, pj, j, bead_cost(src_len, tgt_len, src_anc, tgt_anc, pi, i, pj, j,
                                                  ratio, priors[di, dj])))
        i, j = pi, pj
    beads.reverse()
    return beads


def bead_cost(src_len, tgt_len, src_anc, tgt_anc, s0, s1, t0, t1, ratio, prior) -> float:
    """The cost of the bead pairing source sentences ``s0:s1`` with target ``t0:t1``."""
    ls, sa = _side(src_len, src_anc, s0, s1)
    lt, ta = _side(tgt_len, tgt_anc, t0, t1)
    if not ls or not lt:    # an omission or an addition: its anchors have no other side
        return prior
    return prior + length_cost(ls, lt, ratio) + anchor_cost(sa, ta)


def _side(lengths, anchors, start: int, end: int) -> tuple[int, int]:
    """Length and anchors of sentences ``start:end`` of one side (one sentence: no sums)."""
    if end - start == 1:
        return lengths[start], anchors[start]
    if end == start:
        return 0, 0
    return sum(lengths[start:end]), _union(anchors[start:end])


def _union(masks) -> int:
    out = 0
    for mask in masks:
        out |= mask
    return out


def confidence(bead: Bead) -> float:
    """How sure the aligner is of a bead, from 0 to 1: a logistic of its cost, with half the
    bead's prior (a merge or a split is riskier than a 1-1, but not wrong)."""
    shape = (bead.s1 - bead.s0, bead.t1 - bead.t0)
    cost = bead.cost - BLOCK_PRIORS[shape] / 2
    return 1.0 / (1.0 + math.exp(min(60.0, cost - 2.0)))
