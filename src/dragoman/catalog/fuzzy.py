"""Fuzzy matching of source sentences: which old sentence is this new one an edit of?

GNU msgmerge compares every new entry with every old translated entry (with a heuristic
filter) and offers the best one above 0.6; on news catalogs, where thousands of sentences
share a template ("N civilians were killed in PLACE ..."), that finds a *similar* sentence
as often as the *edited* one. Two ideas do better, and fast:

* An inverted index over word unigrams and bigrams shortlists candidates: a query looks up
  only its rarest keys (names, numbers, dates; the keys two versions of one sentence share
  and sentences of the same template do not), counts hits with ``collections.Counter``
  (C speed), and rapidfuzz scores the few best with a ``score_cutoff``. No all-pairs loop.
* A translation memory of a hundred thousand sentences is indexed differently
  (:class:`dragoman.memory.index.MemoryIndex`): building word-pair postings for all of it would cost more than
  its look-ups; rarer words and each sentence's shape without digits find the edit faster.
* Merging is an assignment, not a search: an old sentence that still exists unchanged in the
  new template is not the predecessor of another one, and an old sentence is the predecessor
  of at most one new sentence. ``assign`` pairs new and orphaned old sentences greedily by
  descending score; a new sentence whose predecessor was untranslated therefore gets no
  (wrong) suggestion from a look-alike.

``change_notes`` says what a suggestion's translator must check: a number that changed, a
negation gained or lost.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import chain
from typing import Iterable, Sequence


@lru_cache(maxsize=1)
def rapidfuzz_modules():
    """rapidfuzz's ``fuzz`` and ``process`` modules and its ``default_process``, imported at
    the first score (not with this module): a merge that pairs no sentences, the update of a
    catalog whose template did not change, does not load it."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    return fuzz, process, default_process


#: Default similarity (0..1) below which nothing is suggested. msgmerge uses 0.6 on its own
#: measure; rapidfuzz's normalized Indel similarity of two edits of one news sentence is
#: far above this, two sentences of one template usually below or close to it.
DEFAULT_CUTOFF = 0.72

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: Query keys looked up per sentence (its rarest ones) and candidates scored per query.
_KEYS_PER_QUERY = 6
_KEYS_WIDENED = 9
#: Beyond a query's two rarest keys, keys found in more texts than this are not counted.
_COUNT_LIMIT = 2000
_CANDIDATES = 8
#: A candidate this similar (0..100) ends the search without widening it.
_CONFIDENT = 90


#: ASCII punctuation, controls and spaces -> a space, as rapidfuzz's ``default_process``
#: folds them; and the same but for NUL, which :func:`normalize_all` joins texts with.
_ASCII_FOLD = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})
_ASCII_FOLD_JOINED = bytes(c if c == 0 or c >= 128 or chr(c).isalnum() else 32 for c in range(256))


def normalize(text: str) -> str:
    """What matching compares: case, punctuation, spacing and digit style folded (rapidfuzz's
    C ``default_process`` after Arabic-Indic digits become Western ones)."""
    if text.isascii():
        return " ".join(text.translate(_ASCII_FOLD).lower().split())
    default_process = rapidfuzz_modules()[2]
    return " ".join(default_process(text.translate(_DIGITS)).split())


def normalize_all(texts: Sequence[str]) -> list[str]:
    """``[normalize(t) for t in texts]``, with ASCII texts (most of a news memory) folded
    joined: a few C calls over all of them instead of several per text."""
    return normalize_all_joined(texts)[0]


def normalize_all_joined(texts: Sequence[str]) -> tuple[list[str], bytes | None]:
    """:func:`normalize_all`, and the normal forms joined by NUL as bytes when they were
    made so (None otherwise)."""
    joined = "\0".join(texts)
    if not texts or not joined.isascii() or joined.count("\0") != len(texts) - 1:
        return [normalize(t) for t in texts], None
    # (As bytes: a table of 256 and ASCII case folding cost a fraction of str's.)
    folded = joined.encode("ascii").translate(_ASCII_FOLD_JOINED).lower()
    while b"  " in folded:  # (each pass halves the runs of spaces; news has short ones)
        folded = folded.replace(b"  ", b" ")
    folded = folded.replace(b" \0", b"\0").replace(b"\0 ", b"\0").strip(b" ")
    return folded.decode("ascii").split("\0"), folded


def _keys(normalized: str) -> dict:
    """Index keys of a sentence: its words and word pairs (built in C: no Python loop), in
    the sentence's order (so that look-ups do not depend on the hash seed)."""
    words = normalized.split()
    keys = dict.fromkeys(words)
    keys.update(dict.fromkeys(zip(words, words[1:])))
    return keys


def similarity(a: str, b: str) -> float:
    """Similarity 0..1 of two sentences (normalized Indel similarity of their normal forms)."""
    fuzz = rapidfuzz_modules()[0]
    return fuzz.ratio(normalize(a), normalize(b)) / 100.0


def literal_score(query: str, text: str, score: float) -> float:
    """``score`` (0..100, of the normal forms) halfway towards the similarity of the strings
    as written, which msgmerge compares: what the normal form folds away (case, punctuation,
    an accelerator's ``_`` or ``&``, a placeholder's ``%``) still counts, so only identical
    strings score 100 ("S" is not "(%s)", nor "[FILE...]" "_File")."""
    fuzz = rapidfuzz_modules()[0]
    return (score + fuzz.ratio(query, text)) / 2


def rescored(query: str, texts: Sequence[str], found: list[tuple[float, int]],
             cutoff: float) -> list[tuple[float, int]]:
    """Candidates ``(score, position in texts)`` of ``query`` with :func:`literal_score`,
    best first, those below ``cutoff`` (0..1) left out."""
    floor = cutoff * 100
    scored = ((literal_score(query, texts[i], score), i) for score, i in found)
    return best_first([pair for pair in scored if pair[0] >= floor], len(found))


@dataclass(frozen=True)
class Match:
    index: int  # position in the indexed texts
    score: float  # 0..1


class FuzzyIndex:
    """Sentences indexed for fast nearest-neighbour look-ups by edit similarity."""

    def __init__(self, texts: Iterable[str]):
        self.texts: list[str] = list(texts)
        self._normal = normalize_all(self.texts)
        postings: dict[str, list[int]] = {}
        for i, norm in enumerate(self._normal):
            for key in _keys(norm):
                postings.setdefault(key, []).append(i)
        self._postings = postings

    def __len__(self) -> int:
        return len(self.texts)

    def _ranked(self, hits: Counter, allowed) -> list[int]:
        # (Counter.most_common, ties in first-counted order, by a sort in C: faster than
        # its Python heap for the thousands of texts a template's words hit.)
        ranked = sorted(hits, key=hits.__getitem__, reverse=True)
        if allowed is None:
            return ranked[:_CANDIDATES]
        return [i for i in ranked[:_CANDIDATES * 4] if allowed(i)][:_CANDIDATES]

    def search(self, query: str, cutoff: float = DEFAULT_CUTOFF, limit: int = 5,
               allowed=None) -> list[Match]:
        """The best indexed texts for ``query`` with similarity >= ``cutoff``, best first.

        ``allowed(index) -> bool`` restricts the candidates (e.g. to translated entries).
        Candidates share the most of the query's rarest keys; when none of them is a close
        match, the search widens once to more keys (an edit may have made some rare keys
        the query's own).
        """
        return [Match(i, score / 100.0)
                for score, i in self.scored(normalize(query), cutoff, limit, allowed)]

    def scored(self, norm: str, cutoff: float = DEFAULT_CUTOFF, limit: int = 5,
               allowed=None) -> list[tuple[float, int]]:
        """:meth:`search` for a normalized query (:func:`normalize_all` does many at once),
        as ``(score 0..100, index)`` pairs."""
        fuzz, process, _ = rapidfuzz_modules()
        floor = cutoff * 100
        normal = self._normal
        lists = sorted(filter(None, map(self._postings.get, _keys(norm))), key=len)
        hits: Counter[int] = Counter()
        scores: dict[int, float] = {}
        for first, last in ((0, _KEYS_PER_QUERY), (_KEYS_PER_QUERY, _KEYS_WIDENED)):
            # (Common keys, beyond the two rarest, are costly to count and weak to tell
            # texts apart.)
            hits.update(chain.from_iterable(
                plist for n, plist in enumerate(lists[first:last], first)
                if n < 2 or len(plist) <= _COUNT_LIMIT))
            fresh = [i for i in self._ranked(hits, allowed) if i not in scores]
            scores.update(dict.fromkeys(fresh, 0))
            # (One call scores them all: a call per candidate costs more than its score.)
            for _, score, at in process.extract(norm, [normal[i] for i in fresh], limit=None,
                                                scorer=fuzz.ratio, score_cutoff=floor):
                scores[fresh[at]] = score
            if len(lists) <= last or max(scores.values(), default=0) >= _CONFIDENT:
                break
        found = sorted((-score, i) for i, score in scores.items() if score)
        return [(-score, i) for score, i in found[:limit]]

    def best(self, query: str, cutoff: float = DEFAULT_CUTOFF, allowed=None) -> Match | None:
        found = self.search(query, cutoff, limit=1, allowed=allowed)
        return found[0] if found else None


def best_first(found: Iterable[tuple[float, int]], limit: int) -> list[tuple[float, int]]:
    """The ``limit`` best ``(score, position)`` pairs: the highest score, then the first text."""
    return sorted(found, key=lambda pair: (-pair[0], pair[1]))[:limit]


#: Below this many query x text pairs, a straight scan in rapidfuzz's C code beats building
#: an index.
_SCAN_PAIRS = 2_000_000


def nearest(queries: Sequence[str], texts: Sequence[str],
            cutoff: float = DEFAULT_CUTOFF) -> list[Match | None]:
    """For each query, the most similar of ``texts`` (or None below ``cutoff``).

    A few queries against many texts are scanned directly (C speed, no index to build);
    otherwise the texts are indexed first.
    """
    if not queries or not texts:
        return [None] * len(queries)
    if len(queries) * len(texts) > _SCAN_PAIRS:
        search = partial(FuzzyIndex(texts).scored, cutoff=cutoff, limit=PAIR_CANDIDATES)
    else:
        search = partial(_scanned, normalize_all(texts), cutoff)
    out = []
    for query in queries:
        best = rescored(query, texts, search(normalize(query)), cutoff)[:1]
        out.append(Match(best[0][1], best[0][0] / 100.0) if best else None)
    return out


def _scanned(normal: list[str], cutoff: float, norm: str) -> list[tuple[float, int]]:
    """:meth:`FuzzyIndex.scored` of a normalized query by a scan of the normal forms."""
    fuzz, process, _ = rapidfuzz_modules()
    return [(score, i) for _, score, i in process.extract(
        norm, normal, scorer=fuzz.ratio, score_cutoff=cutoff * 100, limit=PAIR_CANDIDATES)]


def assign(queries: Sequence[str], index: FuzzyIndex, cutoff: float = DEFAULT_CUTOFF,
           allowed=None) -> dict[int, Match]:
    """Pair each query with at most one indexed text and each text with at most one query.

    Pairs are taken greedily by descending similarity (:func:`literal_score`), so the
    closest edit wins when two new sentences resemble one old sentence. The searches run
    here: shared with worker processes, 4,000 of them took longer, 16,000 at most 1.4x less
    on two cores. Returns ``{query position: Match}``.
    """
    found = [index.scored(norm, cutoff, limit=PAIR_CANDIDATES, allowed=allowed)
             for norm in normalize_all(queries)]
    return pair_greedily([rescored(query, index.texts, pairs, cutoff)
                          for query, pairs in zip(queries, found)])


#: The candidates of each query that :func:`assign` weighs against the others' claims.
PAIR_CANDIDATES = 4


def pair_greedily(found: Sequence[list[tuple[float, int]]]) -> dict[int, Match]:
    """:func:`assign`'s pairing, from the candidates of each query: ``(score 0..100, text
    position)`` pairs, best first, as :meth:`FuzzyIndex.scored` gives them."""
    edges = [(score, q, t) for q, pairs in enumerate(found) for score, t in pairs]
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    taken_q: dict[int, Match] = {}
    taken_t: set[int] = set()
    for score, q, t in edges:
        if q in taken_q or t in taken_t:
            continue
        taken_q[q] = Match(t, score / 100.0)
        taken_t.add(t)
    return taken_q


# -- what a translator must look at -------------------------------------------------------

# (Western digits only, after Arabic-Indic ones are folded to them, and over lowercased
# text: a fraction of the time of ``\d`` and of a case-insensitive search.)
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n't\b")


def numbers(text: str) -> list[str]:
    return _NUMBER.findall(text if text.isascii() else text.translate(_DIGITS))


#: Every negation holds one of these (most sentences none: no need to search them).
_NEGATION_HINTS = ("no", "never", "neither", "without", "n't", "n’t")


def negations(text: str) -> int:
    lower = text.lower()
    if not any(hint in lower for hint in _NEGATION_HINTS):
        return 0
    return len(_NEGATION.findall(lower.replace("’", "'")))


def change_notes(old: str, new: str) -> list[str]:
    """Translator comments for a suggestion made from ``old`` for the source ``new``."""
    if old == new:
        return []
    notes = []
    gone, added = numbers(old), []
    for number in numbers(new):  # (what is left of each: a handful of numbers)
        if number in gone:
            gone.remove(number)
        else:
            added.append(number)
    if gone or added:
        detail = ", ".join(gone) or "none"
        notes.append(f"number changed in the source: {detail} -> {', '.join(added) or 'none'}")
    old_neg, new_neg = negations(old), negations(new)
    if new_neg > old_neg:
        notes.append("negation added in the source: the suggested translation may say the opposite")
    elif new_neg < old_neg:
        notes.append("negation removed in the source: the suggested translation may say the opposite")
    return notes
