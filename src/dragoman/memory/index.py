"""How a memory look-up is scored: open this file to change what a source finds.

A look-up of one source, in order:

1. Exact: the first unit whose source is the very same string (and whose origin is not the
   hidden one, e.g. the catalog being filled) scores 1.0.
2. Fuzzy: otherwise :class:`MemoryIndex` shortlists candidates (texts of the same shape
   without digits, texts holding the query's rarest words) and rapidfuzz scores them; the
   best one scoring at least the cutoff wins (equal scores: the first unit). A different
   string never scores 100%, even when it differs only in case or spaces: its score is at
   most 0.99.

The normal forms compared (case, punctuation, digit styles folded) and the similarity
measure are those of a catalog's edits, in :mod:`dragoman.catalog.fuzzy`. The index is built
from the memory's runs of units: a large file's run comes with its index part from the
store (:mod:`dragoman.memory.store`), the small files' units are indexed together when first
searched.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import accumulate, chain, islice
from operator import itemgetter
from typing import Callable, Iterable, NamedTuple, Sequence
from zlib import crc32

from dragoman.bulk import bulk
from dragoman.catalog.fuzzy import (
    DEFAULT_CUTOFF, FuzzyIndex, Match, best_first, normalize, normalize_all, normalize_all_joined,
    rapidfuzz_modules,
)

#: A word seen more often than this in a memory is not indexed: the words of a news template.
RARE_LIMIT = 2000
#: Memory texts scored per query beyond those of its rarest word (in C, with a cutoff).
_SHORTLIST = 1000
_NO_DIGITS = str.maketrans("", "", "0123456789")


class IndexPart(NamedTuple):
    """The index of one run of memory texts, built (or cached) on its own and combined by
    :class:`MemoryIndex`: which words are rare is only known from the counts of all runs."""

    normal: list[str]  # the texts' normal forms
    counts: dict[str, int]  # occurrences of the words seen at most RARE_LIMIT times here
    postings: dict[str, Sequence[int]]  # those words -> positions of the texts holding them
    common: list[str]  # words seen more often than RARE_LIMIT here (so in the whole memory)
    shapes: Sequence[int]  # checksums of the texts' digit-free normal forms, sorted
    shape_ids: Sequence[int]  # the position of the text of each of those checksums


@bulk
def index_part(texts: Sequence[str]) -> IndexPart:
    normal, folded = normalize_all_joined(texts)
    words = list(map(str.split, normal))
    counts = Counter(chain.from_iterable(words))
    common = [word for word, count in counts.items() if count > RARE_LIMIT]
    for word in common:
        del counts[word]
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for i, found in enumerate(map(set(counts).intersection, words)):
        for word in found:
            postings[word].append(i)
    return IndexPart(normal, dict(counts), dict(postings), common,
                     *_shape_index(normal, folded))


def _shape(norm: str) -> int:
    """Checksum of a normal form without its digits (equal for texts that differ only in
    numbers; a rare collision only adds a candidate, which is scored like any other)."""
    return crc32(norm.translate(_NO_DIGITS).encode())


def _shape_index(normal: list[str], folded: bytes | None) -> tuple[list[int], list[int]]:
    """Sorted shape checksums and the position of each one's text (``folded``: the normal
    forms joined by NUL, as :func:`normalize_all_joined` gives them)."""
    # (Normal forms hold no line breaks: one translate call for all.)
    if not normal:
        sums = []
    elif folded is not None:
        sums = list(map(crc32, folded.translate(None, b"0123456789").split(b"\0")))
    else:
        digitless = "\n".join(normal).translate(_NO_DIGITS).split("\n")
        sums = list(map(crc32, map(str.encode, digitless)))
    order = sorted(range(len(sums)), key=sums.__getitem__)
    return list(map(sums.__getitem__, order)), order


class MemoryIndex:
    """A large translation memory indexed for the same look-ups as
    :class:`~dragoman.catalog.fuzzy.FuzzyIndex` (a catalog's edits), built in a fraction of
    its time.

    A memory of news is mostly sentences of a few templates with other names and numbers.
    Only the rarer words are indexed (their frequencies come from one count in C, each text
    then costs one set intersection), plus each text's shape without digits. A query's
    candidates are the texts of the same shape (a changed casualty count) and those holding
    its rarest words, rarest first while they are few (a changed word or name); rapidfuzz
    scores them all in C, which costs less than ranking them in Python.

    Built from ``texts``, or from the :class:`IndexPart` of consecutive runs of texts, each
    searched on its own (:class:`PartSearch`) with the words rare in all of them
    (:meth:`plan`), so that the results do not depend on how the texts were cut: the best
    score wins, then the first text.
    """

    def __init__(self, texts: Iterable[str] = (), parts: Sequence[IndexPart] | None = None):
        if parts is None:
            parts = [index_part(list(texts))]
        self._searches = list(map(PartSearch, parts))
        self.offsets = list(accumulate((len(p.normal) for p in parts), initial=0))
        self._shapes = [p.shapes for p in parts]
        if len(parts) == 1:
            self._lengths = {word: len(ids) for word, ids in parts[0].postings.items()}
            return
        common = set().union(*(p.common for p in parts))
        totals: Counter[str] = Counter()
        lengths: Counter[str] = Counter()
        for p in parts:
            totals.update(p.counts)
            lengths.update({word: len(ids) for word, ids in p.postings.items()})
        self._lengths = {word: n for word, n in lengths.items()
                         if totals[word] <= RARE_LIMIT and word not in common}

    def __len__(self) -> int:
        return self.offsets[-1]

    def plan(self, norm: str) -> list[str]:
        """The words of a normalized query whose texts are its candidates: its rare words,
        rarest first, while the candidates (with the texts of its shape) are at most
        :data:`_SHORTLIST` (the rarest one always)."""
        lengths = self._lengths
        words = sorted((w for w in dict.fromkeys(norm.split()) if w in lengths),
                       key=lengths.__getitem__)
        shape = _shape(norm)
        total = sum(bisect_right(shapes, shape) - bisect_left(shapes, shape)
                    for shapes in self._shapes)
        taken: list[str] = []
        for word in words:
            total += lengths[word]
            if taken and total > _SHORTLIST:
                break
            taken.append(word)
        return taken

    def search(self, query: str, cutoff: float = DEFAULT_CUTOFF, limit: int = 5,
               allowed=None) -> list[Match]:
        """The best indexed texts for ``query`` with similarity >= ``cutoff``, best first;
        ``allowed(index) -> bool`` restricts the results."""
        norm = normalize(query)
        if not norm:
            return []  # punctuation only: nothing to compare
        return [Match(i, score / 100.0)
                for score, i in self.scored(norm, self.plan(norm), cutoff, limit, allowed)]

    def scored(self, norm: str, plan: list[str], cutoff: float, limit: int = 1,
               allowed=None) -> list[tuple[float, int]]:
        """:meth:`search` of the parts held here for a normalized query and its
        :meth:`plan`, as ``(score 0..100, position)`` pairs."""
        found: list[tuple[float, int]] = []
        for offset, search in zip(self.offsets, self._searches):
            here = allowed if allowed is None or not offset else (
                lambda i, offset=offset: allowed(i + offset))
            found += [(score, i + offset)
                      for score, i in search.scored(norm, plan, cutoff, limit, here)]
        return best_first(found, limit)

    best = FuzzyIndex.best


class PartSearch:
    """The searches of one :class:`IndexPart` (see :meth:`MemoryIndex.plan`), remembering
    the texts of each word or shape whose list alone gives a query its candidates: the
    queries of one look-up name the same places again and again."""

    def __init__(self, part: IndexPart):
        self.part = part
        self._texts: dict = {}  # word, or (shape,) -> its texts

    def scored(self, norm: str, plan: list[str], cutoff: float, limit: int = 1,
               allowed=None) -> list[tuple[float, int]]:
        """The best texts of the part for a normalized query: those of its shape and those
        holding the words of its plan, scored in C; ``(score 0..100, position in the
        part)``, best first, the first text of equal ones first."""
        fuzz, process, _ = rapidfuzz_modules()
        part = self.part
        shape = _shape(norm)
        first, last = bisect_left(part.shapes, shape), bisect_right(part.shapes, shape)
        lists = [(word, ids) for word, ids in zip(plan, map(part.postings.get, plan)) if ids]
        if last > first:
            lists.insert(0, ((shape,), part.shape_ids[first:last]))
        if not lists:
            return []
        if len(lists) == 1:
            # (A list is in order and holds a text once: it needs neither a set nor a sort.)
            key, ids = lists[0]
            candidates = self._texts.get(key)
            if candidates is None:
                candidates = self._texts[key] = self._of(ids)
        else:
            ids = sorted(set(chain.from_iterable(ids for _, ids in lists)))
            candidates = self._of(ids)
        if limit == 1:  # extractOne raises its cutoff as it finds better candidates
            found = process.extractOne(norm, candidates, scorer=fuzz.ratio,
                                       score_cutoff=cutoff * 100)
            if found is None:
                return []
            if allowed is None or allowed(ids[found[2]]):
                return [(found[1], ids[found[2]])]
        found = process.extract(norm, candidates, scorer=fuzz.ratio, score_cutoff=cutoff * 100,
                                limit=None)
        return list(islice(((score, ids[at]) for _, score, at in found
                            if allowed is None or allowed(ids[at])), limit))

    def _of(self, ids: Sequence[int]) -> Sequence[str]:
        normal = self.part.normal
        return itemgetter(*ids)(normal) if len(ids) > 1 else [normal[ids[0]]]


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
