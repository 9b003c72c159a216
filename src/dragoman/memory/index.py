"""How a memory look-up is scored: open this file to change what a source finds.

A look-up of one source, in order:

1. Exact: the first unit whose source is the very same string (and whose origin is not the
   hidden one, e.g. the catalog being filled) scores 1.0.
2. Fuzzy: otherwise the memory index of :mod:`dragoman.catalog.fuzzy` shortlists candidates
   (texts of the same shape without digits, texts holding the query's rarest words) and
   rapidfuzz scores them; the best one scoring at least the cutoff wins (equal scores: the
   first unit). A different string never scores 100%, even when it differs only in case or
   spaces: its score is at most 0.99.

The similarity itself (normal forms, which words are rare, accelerators and placeholders)
lives in :mod:`dragoman.catalog.fuzzy`; this file decides how a memory uses it.
:class:`MemoryIndex` here is built from the memory's runs of units: a large file's run
comes with its index part from the store (:mod:`dragoman.memory.store`), the small files'
units are indexed together when first searched.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Sequence

from dragoman.catalog.fuzzy import IndexPart, MemoryIndex, index_part, normalize_all

#: The best a different string can score (see the module docstring).
FUZZY_CEILING = 0.99


class Run:
    """Consecutive units of a memory (positions ``start`` to ``stop``), with their index part
    once built (None: built with the other unindexed units when the index is first needed)."""

    __slots__ = ("start", "stop", "part")

    def __init__(self, start: int, stop: int, part: IndexPart | None):
        self.start, self.stop, self.part = start, stop, part


class SourceIndex:
    """The sources of a memory indexed for exact and fuzzy look-ups.

    ``sources`` and ``origins`` are the memory's columns (position = unit); ``runs`` cover
    them in order.
    """

    def __init__(self, sources: Sequence[str], origins: Sequence[str], runs: Sequence[Run]):
        self.sources, self.origins = sources, origins
        # The first position of each source: a dictionary built in C from the reversed column.
        self._first = dict(zip(reversed(sources), range(len(sources) - 1, -1, -1)))
        self._repeats: dict[str, list[int]] | None = None
        parts: list[IndexPart] = []
        pending: list[str] = []  # (sources of consecutive runs still without an index part)
        for run in runs:
            if run.part is None:
                pending += sources[run.start:run.stop]
                continue
            if pending:
                parts.append(index_part(pending))
                pending = []
            parts.append(run.part)
        if pending or not parts:
            parts.append(index_part(pending))
        self.fuzzy = MemoryIndex(parts=parts)

    def exact(self, sources: Sequence[str], hidden_origin: str | None) -> list[int | None]:
        """The position of the first unit of each source that is not of ``hidden_origin``."""
        found = list(map(self._first.get, sources))
        origins = self.origins
        for k, i in enumerate(found):
            if i is not None and origins[i] == hidden_origin:
                found[k] = next((j for j in self._repeated().get(sources[k], ())
                                 if origins[j] != hidden_origin), None)
        return found

    def _repeated(self) -> dict[str, list[int]]:
        """The positions of every source (built only when a first unit is hidden)."""
        if self._repeats is None:
            self._repeats = defaultdict(list)
            for i, source in enumerate(self.sources):
                self._repeats[source].append(i)
        return self._repeats

    def allowed(self, hidden_origin: str | None) -> Callable[[int], bool] | None:
        """Which positions a fuzzy search may give (None: all)."""
        if hidden_origin is None:
            return None
        origins = self.origins
        return lambda i: origins[i] != hidden_origin

    def best(self, norm: str, cutoff: float, allowed) -> tuple[float, int] | None:
        """The best fuzzy match of a normalized source: (score 0..1, position), or None."""
        if not norm:
            return None  # punctuation only: nothing to compare
        found = self.fuzzy.scored(norm, self.fuzzy.plan(norm), cutoff, 1, allowed)
        if not found:
            return None
        score, i = found[0]
        return min(score / 100.0, FUZZY_CEILING), i

    def search(self, sources: Sequence[str], cutoff: float, hidden_origin: str | None
               ) -> list[tuple[float, int] | None]:
        """The best match of each of ``sources``: (score 0..1, position), or None."""
        found: list[tuple[float, int] | None] = [
            None if i is None else (1.0, i) for i in self.exact(sources, hidden_origin)]
        wanted = [k for k, hit in enumerate(found) if hit is None]
        if wanted and self.sources:
            allowed = self.allowed(hidden_origin)
            for k, norm in zip(wanted, normalize_all([sources[k] for k in wanted])):
                found[k] = self.best(norm, cutoff, allowed)
        return found
