"""Target terms from the newsroom's own translations: which ar, ckb and kmr words its
translators write for an English name, and whether they write the glossary's term.

The evidence is every translated sentence pair of the workspace (its PO catalogs and the
compendia and TMX files of its translation memory, :func:`dragoman.memory.load_memory`). For a
concept, the pairs whose English side names it (any of its spellings, found by the glossary's
own finder) are compared with the pairs that do not: a target word sequence that comes with the
name and seldom without it is its translation (Dice association). Words are compared as stems,
as the match keys compare them: Arabic proclitics (و ف ب ك ل, ال, لل) and Sorani and Kurmanji
endings are taken off, so بالحسكة, الحسكة and Hesekê count for الحسكة and Heseke. Candidates
are then ranked by association and by how well their script form transliterates to the
English name (Sorani through KLPT's transliterator, Arabic through PyArabic's; both behind
:func:`romanize`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from dragoman.glossary.keys import ARABIC_SCRIPT, is_word_char, match_key, without_marks
from dragoman.glossary.matcher import arabic_prefixes, suffix_keys
from dragoman.glossary.model import TARGET_LANGUAGES, Glossary, Term
from dragoman.glossary.variants import skeleton
from dragoman.rulefiles import arabic_proclitics

#: Shortest stem taken for a word (shorter ones are particles).
MIN_STEM = 2
#: Candidates kept per concept and language.
TOP = 3


@dataclass(frozen=True)
class TargetProposal:
    """A target term the translations suggest for a concept, with its evidence."""

    lang: str
    term: str
    pairs: int
    score: float
    similarity: float
    example_origin: str
    example: str

    def evidence(self) -> str:
        return (f"{self.pairs} translated pair(s), association {self.score:.2f}, "
                f"e.g. {self.example_origin}: {_shorten(self.example)}")

    def to_dict(self) -> dict:
        return {"term": self.term, "pairs": self.pairs, "score": round(self.score, 3),
                "similarity": round(self.similarity, 3),
                "example": {"origin": self.example_origin, "target": self.example}}


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- script forms -----------------------------------------------------------------------------

@cache
def _sorani_to_latin():
    from klpt.transliterate import Transliterate

    return Transliterate("Sorani", "Arabic", target_script="Latin")


def romanize(text: str, lang: str) -> str:
    """A Latin rendering of a target term, for comparison with an English name only: Sorani
    by KLPT's rule-based transliterator (Wergor), Arabic by PyArabic's romanisation; Kurmanji
    is Latin already."""
    if lang == "ckb":
        return _sorani_to_latin().transliterate(text).replace("�", "")
    if lang == "ar":
        from pyarabic import araby, trans

        return trans.utf82latin(araby.strip_tashkeel(text))
    return text


def _consonants(latin: str) -> str:
    """A vowel-less skeleton of a Latin spelling: what Arabic script writes of a name."""
    text = without_marks(latin.lower())
    text = re.sub(r"^(?:al|el|a[dlnrstz]h?|l)[-\s]?(?=\w{3})", "", text)
    text = skeleton(text) if text.strip() else ""
    text = re.sub(r"[aeiouyw'`\W_]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def name_similarity(term: str, lang: str, english: Iterable[str]) -> float:
    """How well ``term`` transliterates to one of the English spellings (0..1)."""
    target = _consonants(romanize(term, lang))
    if not target:
        return 0.0
    return max((fuzz.ratio(target, _consonants(e)) / 100 for e in english if _consonants(e)), default=0.0)


# --- stems ------------------------------------------------------------------------------------

@cache
def _clitics(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(proclitic chains, longest first; endings, longest first) in match-key form."""
    prefixes: set[str] = set()
    if lang in ARABIC_SCRIPT:
        plain, lil = arabic_prefixes(lang)
        prefixes = (plain | lil) - {""}
    by_length = lambda items: tuple(sorted(items, key=len, reverse=True))  # noqa: E731
    return by_length(prefixes), by_length(suffix_keys(lang))


def stem(word: str, lang: str) -> str:
    """A word's match key without its proclitics and ending and, in Kurdish, a final vowel
    an ending may elide (at least four letters are left)."""
    key = match_key(word, lang)
    prefixes, suffixes = _clitics(lang)
    for prefix in prefixes:
        if key.startswith(prefix) and len(key) - len(prefix) >= MIN_STEM + 1:
            key = key[len(prefix):]
            break
    # Sorani endings are tried shortest first: a name may end in what is also an ending
    # (حەسەکە, not حەسە + کە); Kurmanji ones longest first (Hesekeyê: -yê, not -ê).
    for suffix in (suffixes[::-1] if lang == "ckb" else suffixes):
        if key.endswith(suffix) and len(key) - len(suffix) >= 4:
            key = key[: -len(suffix)]
            break
    if lang in _FINAL_VOWEL and len(key) > 4 and key[-1] == _FINAL_VOWEL[lang]:
        key = key[:-1]  # a final -e the ending may elide (Heseke, Hesekê)
    return key


_FINAL_VOWEL = {"kmr": "e", "ckb": match_key("ە", "ckb")}


def phrase_key(words: Sequence[str], lang: str) -> str:
    """The key of a word sequence: the stem of each word (clitics of an inner word stay
    possible too: شمال وشرق)."""
    return " ".join(stem(w, lang) for w in words)


def _display(words: Sequence[str], lang: str) -> str:
    """A sequence as a glossary term: without a conjunction or preposition glued to its
    first word (the Arabic article stays: بالحسكة -> الحسكة, للحسكة -> الحسكة)."""
    first = words[0]
    if lang in ARABIC_SCRIPT:
        kinds = arabic_proclitics()
        lil, article = kinds["lil"][0], kinds["article"][0]
        for conjunction in (*kinds["conjunction"], ""):
            if first.startswith(conjunction + lil) and len(match_key(first, lang)) >= 5:
                # (لل is ل and the article without its alef: the alef comes back.)
                rest = first[len(conjunction) + len(lil):]
                return " ".join([article + rest, *words[1:]])
        for chain in _glued():
            rest = first[len(chain):]
            if (first.startswith(chain) and rest.startswith((article, lil))
                    and len(match_key(rest, lang)) >= 4):
                first = rest
                break
    return " ".join([first, *words[1:]])


@cache
def _glued() -> tuple[str, ...]:
    """Conjunction and preposition chains (و, ب, وب...), longest first."""
    kinds = arabic_proclitics()
    conj = ["", *kinds.get("conjunction", [])]
    prep = ["", *kinds.get("preposition", [])]
    chains = {c + p for c in conj for p in prep} - {""}
    return tuple(sorted(chains, key=len, reverse=True))


_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u064B-\u065F\u0670\u200c\u0640'’-])*")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if any(is_word_char(c) for c in w)]


# --- mining -----------------------------------------------------------------------------------

class PairIndex:
    """The sentence pairs of one target language, each with the concepts its English side
    names (found with ``finder``, a glossary holding every concept's spellings)."""

    def __init__(self, finder: Glossary, units, lang: str, max_words: int = 4):
        self.lang = lang
        self.with_concept: dict[str, list[int]] = {}
        self.ngrams: list[dict[str, tuple[str, ...]]] = []
        self.units = []
        ngram_count: Counter[str] = Counter()
        for unit in units:
            concepts = {m.concept for m in finder.find(unit.source, "en")}
            if not concepts:
                continue
            words = _words(unit.target)
            stems = [stem(w, lang) for w in words]  # each word once, not once per n-gram
            grams: dict[str, tuple[str, ...]] = {}
            for size in range(1, max_words + 1):
                for i in range(len(words) - size + 1):
                    key = " ".join(stems[i:i + size])
                    if all(len(part) >= MIN_STEM for part in key.split()):
                        grams.setdefault(key, tuple(words[i:i + size]))
            position = len(self.units)
            self.units.append(unit)
            self.ngrams.append(grams)
            ngram_count.update(grams.keys())
            for concept in concepts:
                self.with_concept.setdefault(concept, []).append(position)
        self.ngram_count = ngram_count

    def propose(self, concept: str, english: Sequence[str], top: int = TOP) -> list[TargetProposal]:
        """The target terms most associated with ``concept`` in these pairs."""
        positions = self.with_concept.get(concept, [])
        if not positions:
            return []
        together: Counter[str] = Counter()
        surfaces: dict[str, Counter] = {}
        example: dict[str, int] = {}
        limit = max(1, len(max(english, key=lambda e: len(e.split())).split()) + 1)
        for position in positions:
            for key, chunk in self.ngrams[position].items():
                if len(chunk) > limit:
                    continue
                together[key] += 1
                surfaces.setdefault(key, Counter())[_display(chunk, self.lang)] += 1
                example.setdefault(key, position)
        proposals = []
        for key, count in together.items():
            dice = 2 * count / (len(positions) + self.ngram_count[key])
            bare = [form for form in surfaces[key] if phrase_key(form.split(), self.lang).replace(" ", "")
                    == match_key(form, self.lang).replace(" ", "")]
            term = max(bare, key=surfaces[key].__getitem__) if bare else surfaces[key].most_common(1)[0][0]
            similarity = name_similarity(term, self.lang, english)
            score = dice * (0.7 + 0.3 * similarity)
            unit = self.units[example[key]]
            proposals.append(TargetProposal(self.lang, term, count, score, similarity,
                                            unit.origin, unit.target))
        proposals.sort(key=lambda p: (-p.score, -p.pairs, len(p.term)))
        return _distinct(proposals)[:top]

    def uses(self, concept: str) -> list[int]:
        return self.with_concept.get(concept, [])


def _distinct(proposals: list[TargetProposal]) -> list[TargetProposal]:
    """One candidate per name: a longer one holding a better one replaces it when as many
    pairs write it and it scores about as well (the whole name, not one of its words);
    otherwise it is dropped."""
    kept: list[TargetProposal] = []
    for p in proposals:
        inside = [i for i, k in enumerate(kept) if k.term in p.term or p.term in k.term]
        if not inside:
            kept.append(p)
            continue
        i = inside[0]
        if len(p.term) > len(kept[i].term) and p.pairs >= kept[i].pairs and p.score >= 0.9 * kept[i].score:
            kept[i] = p  # the whole name (قوات الدفاع الوطني), not one of its words
    return kept


def finder_glossary(glossary: Glossary, extra: dict[str, Sequence[str]] = ()) -> Glossary:
    """A glossary to find names with: every English term of ``glossary`` plus, per extra
    concept id, its spellings (those the glossary does not list already)."""
    from dragoman.glossary.tsv import build

    terms = list(glossary.terms("en"))
    known = {match_key(t.term, "en") for t in terms}
    for concept, spellings in dict(extra).items():
        spellings = [s for s in dict.fromkeys(spellings) if match_key(s, "en") not in known]
        for number, spelling in enumerate(spellings):
            terms.append(Term(concept, "en", spelling, "preferred" if number == 0 else "admitted"))
    return build(terms)


def pair_indexes(finder: Glossary, workspace, languages: Iterable[str] = TARGET_LANGUAGES) -> dict[str, PairIndex]:
    """A :class:`PairIndex` per target language of the workspace."""
    from dragoman.memory import load_memory

    indexes = {}
    for lang in languages:
        if lang not in workspace.target_languages:
            continue
        indexes[lang] = PairIndex(finder, load_memory(workspace, lang).units, lang)
    return indexes


def propose_for_proposals(glossary: Glossary, proposals, workspace) -> None:
    """Fill each discovered name's ``targets`` from the workspace's translations."""
    extra = {f"proposed:{p.concept_id}": [term for term, _ in p.variants] for p in proposals}
    indexes = pair_indexes(finder_glossary(glossary, extra), workspace)
    for proposal in proposals:
        names = [term for term, _ in proposal.variants]
        proposal.targets = {lang: index.propose(f"proposed:{proposal.concept_id}", names)
                            for lang, index in indexes.items()}


# --- verify -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    """What the translations do with one target term of the glossary.

    ``state``: ``used`` (every pair naming the concept writes the term), ``mixed`` (some
    do, others write another form), ``other`` (the pairs write other forms only),
    ``untranslated`` (no translated pair names the concept)."""

    concept: str
    lang: str
    term: str
    status: str
    unverified: bool
    state: str
    pairs: int
    uses: int
    others: tuple[tuple[str, int], ...]
    example_origin: str = ""
    example: str = ""
    #: the target terms the pairs suggest for the concept, best first
    proposed: tuple[TargetProposal, ...] = ()

    def to_dict(self) -> dict:
        return {"concept": self.concept, "lang": self.lang, "term": self.term, "status": self.status,
                "unverified": self.unverified, "state": self.state, "pairs": self.pairs,
                "uses": self.uses, "others": [{"term": t, "count": n} for t, n in self.others],
                "example": {"origin": self.example_origin, "target": self.example},
                "proposed": [p.to_dict() for p in self.proposed]}


def to_verify(term: Term) -> bool:
    """Target terms ``verify`` looks at: every preferred one, and any marked unverified."""
    return term.lang != "en" and (term.status == "preferred" or "unverified" in term.note.lower())


def verify(glossary: Glossary, workspace, languages: Iterable[str] = TARGET_LANGUAGES,
           concepts: Iterable[str] | None = None) -> list[Verdict]:
    """For each preferred or unverified target term: do the newsroom's translations write
    it (clitics and endings allowed), write another form (which, how often), or never
    translate the name?"""
    indexes = pair_indexes(finder_glossary(glossary), workspace, languages)
    verdicts = []
    wanted = set(concepts) if concepts else None
    for concept in glossary.concepts.values():
        if wanted is not None and concept.id not in wanted:
            continue
        english = [t.term for t in concept.terms_in("en")]
        for term in concept.terms:
            if not to_verify(term) or term.lang not in indexes:
                continue
            verdicts.append(_verdict(glossary, indexes[term.lang], concept.id, term, english))
    return verdicts


def _verdict(glossary: Glossary, index: PairIndex, concept: str, term: Term, english) -> Verdict:
    positions = index.uses(concept)
    unverified = "unverified" in term.note.lower()
    if not positions:
        return Verdict(concept, term.lang, term.term, term.status, unverified, "untranslated", 0, 0, ())
    own = match_key(term.term, term.lang)
    proposed = tuple(index.propose(concept, english))
    uses = 0
    others: Counter[str] = Counter()
    example = None
    for position in positions:
        unit = index.units[position]
        written = [m for m in glossary.find(unit.target, term.lang, overlapping=True) if m.concept == concept]
        if any(match_key(m.term, term.lang) == own for m in written):
            uses += 1
            example = example or unit
            continue
        if written:
            others[_display(_words(written[0].found), term.lang)] += 1
        else:
            target = match_key(unit.target, term.lang)
            found = [p.term for p in proposed if match_key(p.term, term.lang) in target]
            others[found[0] if found else "(no recognisable form)"] += 1
        example = example or unit
    state = "used" if uses == len(positions) else "mixed" if uses else "other"
    return Verdict(concept, term.lang, term.term, term.status, unverified, state, len(positions), uses,
                   tuple(others.most_common()), example.origin if example else "",
                   example.target if example else "", proposed)
