"""Discovery: the names of places, sites, organisations and armed groups that a corpus writes
and the glossary does not cover, with their spellings grouped, for an editor to review.

Per file (a job of its own, so an archive goes through :mod:`dragoman.glossary.files`):
the text is masked as for the lint (:func:`dragoman.glossary.lint.read_for_lint`), the
glossary's known spellings are found and set aside, and every remaining run of capitalised
words is a candidate, kept when it is a name by the rules of ``data/termrules/discovery.tsv``
(persons, months, demonyms, a sentence-initial common word and acronyms that are not names are
dropped) and is not a spelling of a glossary name (the lint's variant index says so).

Across files, spellings are grouped by the lint's transliteration skeleton
(:func:`dragoman.glossary.variants.skeleton`), and a spelling one slipped letter away from a
more frequent one joins it (the lint's typo rule: long enough skeletons, same first letter;
never chained, so two different places never meet through a third). The preferred spelling
is the house form (the glossary's article convention: a leading article written ``Al-``) that
most mentions use.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

import regex
from rapidfuzz.distance import Levenshtein

from dragoman.glossary.lint import LineIndex, common_words, generic_words, read_for_lint, variant_index
from dragoman.glossary.matcher import is_acronym
from dragoman.glossary.model import Glossary, concept_id_for
from dragoman.glossary.variants import MIN_LENGTH, MIN_TYPO_LENGTH, articles, deletion_probes, skeleton
from dragoman.rulefiles import rule_rows

#: A kind when nothing in or around the name tells it.
DEFAULT_KIND = "place"


class Mention(NamedTuple):
    """One candidate name in a file: its spelling as written (a possessive dropped), the
    kind its context suggests ("" when nothing does) and its line."""

    spelling: str
    kind: str
    line: int


class FileNames(NamedTuple):
    """What one file contributes: its mentions, the acronyms it defines ("Syrian Arab Army
    (SAA)": SAA -> Syrian Arab Army) and the lines of every acronym it writes."""

    path: str
    mentions: list[Mention]
    definitions: dict[str, str]
    acronyms: dict[str, list[int]]


@dataclass
class Proposal:
    """A proposed concept: one name and its spellings across the corpus."""

    preferred: str
    kind: str
    count: int
    files: list[str]
    variants: list[tuple[str, int]]
    #: spelling -> files and lines where it occurs ("where each spelling occurs")
    places: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    targets: dict[str, list] = field(default_factory=dict)

    @property
    def concept_id(self) -> str:
        return concept_id_for(self.preferred)

    def to_dict(self) -> dict:
        return {"preferred": self.preferred, "kind": self.kind, "count": self.count,
                "files": self.files,
                "variants": [{"term": term, "count": count} for term, count in self.variants],
                "targets": {lang: [t.to_dict() for t in found] for lang, found in self.targets.items()}}


# --- rules -----------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class _Rules:
    generic: dict[str, str]
    last: dict[str, str]
    before: dict[str, str]
    person: frozenset[str]
    heads: frozenset[str]
    skip: frozenset[str]
    adjective: frozenset[str]
    lead: dict[str, str]
    acronyms: frozenset[str]
    common: frozenset[str]

    @cached_property
    def never_alone(self) -> frozenset[str]:
        """Words that are no name on their own."""
        return self.common | self.skip | self.adjective


@cache
def rules() -> _Rules:
    tables: dict[str, dict[str, str]] = {}
    for row in rule_rows("termrules/discovery.tsv"):
        tables.setdefault(row[0], {})[row[1].lower()] = row[2] if len(row) > 2 else ""
    return _Rules(generic=tables.get("generic", {}), last=tables.get("last", {}),
                  before=tables.get("before", {}), person=frozenset(tables.get("person", {})),
                  heads=frozenset(tables.get("head", {})),
                  skip=frozenset(tables.get("skip", {})),
                  adjective=frozenset(tables.get("adjective", {})), lead=tables.get("lead", {}),
                  acronyms=frozenset(tables.get("acronym", {})),
                  common=common_words() | generic_words())


@cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern]:
    """(a run of capitalised words, possibly with articles and "of"/"for" inside it; the
    lowercase generic words that may follow a name)."""
    hyphen, space = articles()
    alternatives = lambda words: "|".join(sorted(words, key=len, reverse=True))  # noqa: E731
    article = rf"(?:(?:{alternatives(hyphen)})[-‐‑]|(?:{alternatives(space)})[ ])"
    letter = r"[\p{L}\p{M}]"
    body = rf"\p{{Lu}}{letter}*(?:['’ʿ]{letter}+)*(?:[-‐‑]\p{{L}}{letter}*(?:['’ʿ]{letter}+)*)*"
    word = rf"{article}?{body}"
    # the first character is checked before the article alternatives are tried: most
    # positions of a text start neither a capitalised word nor an article
    run = (rf"(?=[\p{{Lu}}aeiu])(?<![\p{{L}}\p{{M}}\p{{N}}'’\-])(?i:{article})?{body}"
           rf"(?:(?:[ \t]{{1,2}}(?:of|for)(?:[ \t]{{1,2}}the)?)?[ \t]{{1,2}}{word})*(?![\p{{L}}\p{{M}}\p{{N}}])")
    generic = "|".join(sorted((re.escape(g) for g in rules().generic), key=len, reverse=True))
    after = rf"[ \t]+(?:{generic})(?![\p{{L}}\p{{M}}\p{{N}}])" if generic else r"(?!)"
    return regex.compile(run), regex.compile(after)


_POSSESSIVE = re.compile(r"['’]s$")
_LIST_GAP = re.compile(r",?[ \t]+(?:and|or)[ \t]+|,[ \t]+")
#: Words a name may hold between capitalised words, never at its edges.
_CONNECTORS = ("of", "for", "the")
_SENTENCE_END = re.compile(r"[.!?:;|#>\"“”'‘’(\[*_\-–—]\s*$|^\s*$|\n\s*\n\s*$")


# --- one text ----------------------------------------------------------------------------------

def names_in_text(glossary: Glossary, text: str) -> tuple[list[tuple[int, int, str, str]], dict[str, str], dict[str, list[int]]]:
    """Candidate names of a (masked) English text: ``(start, end, spelling, kind)`` each, the
    acronyms defined in it and the offsets of every acronym."""
    covered = [(m.start, m.end) for m in glossary.find(text, "en")]
    index = variant_index(glossary)
    run_pattern, after_pattern = _patterns()
    r = rules()
    found: list[tuple[int, int, str, str]] = []
    definitions: dict[str, str] = {}
    acronyms: dict[str, list[int]] = {}
    title_lines = _title_case_lines(text)
    never_alone = r.never_alone
    starts = [s for s, _ in covered]
    for run in run_pattern.finditer(text):
        start, end = run.span()
        chunk = run.group()
        if " " not in chunk and "\t" not in chunk and _POSSESSIVE.sub("", chunk).lower() in never_alone:
            continue  # one common word (most runs: a sentence start), kept lean
        if title_lines and _line_of(title_lines, start):
            continue
        at = bisect.bisect_left(starts, start)
        while at > 0 and covered[at - 1][1] > start:
            at -= 1
        inside = []
        while at < len(covered) and covered[at][0] < end:
            if covered[at][1] > start:
                inside.append(covered[at])
            at += 1
        for piece_start, piece_end in _pieces(start, end, inside, text, r):
            candidate = _candidate(text, piece_start, piece_end, r, index, after_pattern)
            if candidate is None:
                continue
            kind_start, kind_end, spelling, kind = candidate
            if is_acronym(spelling):
                if spelling.lower() not in r.acronyms:
                    acronyms.setdefault(spelling, []).append(kind_start)
                    name = _defined_by(text, kind_start, kind_end, found)
                    if name:
                        definitions.setdefault(spelling, name)
                continue
            if not kind and found and found[-1][3] in r.before.values() and _LIST_GAP.fullmatch(
                    text, found[-1][1], kind_start):
                candidate = (kind_start, kind_end, spelling, found[-1][3])  # the villages of X, Y and Z
            found.append(candidate)
    return found, definitions, acronyms


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines written in title case (headings: "Residents Return After Clashes"),
    where capitals say nothing about names."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        words = re.findall(r"[^\W\d_][\w'’-]*", line.group())
        if (4 <= len(words) <= 16 and not re.search(r"[.!?;]\s+\S", line.group())
                and sum(w[0].isupper() for w in words) / len(words) > 0.6):
            spans.append(line.span())
    return spans


def _line_of(spans, offset: int) -> bool:
    return any(s <= offset < e for s, e in spans)


def _pieces(start: int, end: int, covered: list[tuple[int, int]], text: str, r: _Rules) -> Iterable[tuple[int, int]]:
    """The parts of a run to look at: the whole run when it names a body or site after a
    glossary name ("Manbij Military Council", "Tel Tamr Military Council": a new concept),
    else the parts no glossary spelling covers (``covered``: those within the run, in text
    order)."""
    if covered and covered[-1][1] < end:
        tail = text[covered[-1][1]:end].lower().split()
        if any(" ".join(tail[-size:]) in r.last for size in (2, 1) if len(tail) >= size):
            yield start, end
            return
    yield from _uncovered(start, end, covered, text)


def _uncovered(start: int, end: int, covered, text: str) -> Iterable[tuple[int, int]]:
    """The parts of ``[start, end)`` no glossary spelling covers, cut at word boundaries."""
    pieces = [(start, end)]
    for c_start, c_end in covered:
        if c_end <= start or c_start >= end:
            continue
        next_pieces = []
        for p_start, p_end in pieces:
            if c_end <= p_start or c_start >= p_end:
                next_pieces.append((p_start, p_end))
                continue
            if c_start > p_start:
                next_pieces.append((p_start, c_start))
            if c_end < p_end:
                next_pieces.append((c_end, p_end))
        pieces = next_pieces
    for p_start, p_end in pieces:
        piece = text[p_start:p_end]
        stripped = piece.strip(" \t-‐‑'’")
        if stripped:
            offset = p_start + piece.index(stripped)
            yield offset, offset + len(stripped)


def _candidate(text, start, end, r: _Rules, index, after_pattern):
    """``(start, end, spelling, kind)`` if ``text[start:end]`` holds a name to propose."""
    words = list(re.finditer(r"\S+", text[start:end]))
    spans = [(start + w.start(), start + w.end()) for w in words]
    # connecting words left at an edge by a cut are no part of the name
    while spans and text[spans[0][0]:spans[0][1]].lower() in _CONNECTORS:
        spans.pop(0)
    while spans and text[spans[-1][0]:spans[-1][1]].lower() in _CONNECTORS:
        spans.pop()
    if not spans:
        return None
    lowered = [_POSSESSIVE.sub("", text[s:e]).lower() for s, e in spans]
    if any(w in r.person for w in lowered) or _previous_word(text, spans[0][0]).lower().rstrip(".") in r.person:
        return None
    if _starts_with_given_name(lowered, index.glossary, r):
        return None  # Brett McGurk, Geir Pedersen
    # months and days are never part of a name: keep the longest part without them
    parts, current = [], []
    for span, word in zip(spans, lowered):
        if word in r.skip:
            parts.append(current)
            current = []
        else:
            current.append(span)
    parts.append(current)
    spans = max(parts, key=len)
    if not spans:
        return None
    lowered = [_POSSESSIVE.sub("", text[s:e]).lower() for s, e in spans]
    at_sentence_start = bool(_SENTENCE_END.search(text[max(0, spans[0][0] - 3):spans[0][0]])) or spans[0][0] == 0
    lead_kind = ""
    # a sentence-initial common word is dropped (Residents of X, Meanwhile X) unless it
    # begins place names (Tel Tamr) or the rest is common words too: then the run is a name
    # made of them (Human Rights Watch)
    if lowered[0] == "the" or (at_sentence_start and lowered[0] in r.common and len(spans) > 1
                               and lowered[0] not in r.heads and any(w not in r.common for w in lowered[1:] if w not in _CONNECTORS)):
        spans, lowered = spans[1:], lowered[1:]
    while spans and lowered[0] in _CONNECTORS:
        spans, lowered = spans[1:], lowered[1:]
    if len(spans) > 1 and lowered[0] in r.lead:
        lead_kind = r.lead[lowered[0]]
        spans, lowered = spans[1:], lowered[1:]
    if not spans:
        return None
    if len(spans) == 1 and (lowered[0] in r.common or lowered[0] in r.adjective):
        return None  # one common word (a sentence start, a title word) or a demonym
    start, end = spans[0][0], spans[-1][1]
    spelling = _POSSESSIVE.sub("", text[start:end])
    end = start + len(spelling)
    if is_acronym(spelling):
        return start, end, spelling, ""
    if any(is_acronym(text[s:e]) for s, e in spans):
        return None  # a name glued to an acronym: "SDF Commander"
    if spelling.casefold() in _listed(index.glossary) or index.lookup(spelling) is not None:
        return None  # a spelling of a glossary name: the lint's business
    key = skeleton(spelling)
    if len(key) < MIN_LENGTH:
        return None
    kind = lead_kind
    generic = after_pattern.match(text, end)
    if generic:
        word = generic.group().strip()
        kind = r.generic[word.lower()]
        spelling = spelling + " " + word.lower()
        end = generic.end()
        if spelling.casefold() in _listed(index.glossary) or index.lookup(spelling) is not None:
            return None  # a glossary site with its generic word: Allouk station
    else:
        for size in (2, 1):
            last = " ".join(lowered[-size:])
            if len(lowered) > size and last in r.last:
                kind = r.last[last]
                break
        if not kind:
            kind = r.before.get(_previous_word(text, start, skip=("of", "the")).lower(), "")
    return start, end, spelling, kind


def _starts_with_given_name(lowered: list[str], glossary: Glossary, r: _Rules) -> bool:
    """A run of two or more words whose first is a given name (gender-guesser's list of
    first names of many countries) but not a word that begins place names too (Tal, Abu,
    Ain: ``head`` rules, and the first words of the glossary's names), and whose second is no common word (Olive Branch, Peace Spring)."""
    if len(lowered) < 2:
        return False
    first = lowered[0]
    if first in r.heads or first in _name_heads(glossary) or "-" in first or lowered[1] in r.common:
        return False
    return is_given_name(first)


@cache
def _given_names():
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=100_000)
def is_given_name(word: str) -> bool:
    """``word`` is a first name somewhere (gender-guesser knows it)."""
    return _given_names().get_gender(word.capitalize()) != "unknown"


def _name_heads(glossary: Glossary) -> frozenset[str]:
    """First words of the glossary's English names (without an article), lowercased."""
    def build():
        hyphen, _ = articles()
        words = set()
        for term in glossary.terms("en"):
            parts = [w for w in re.split(r"[\s\-‐‑]+", term.term.lower()) if w and w not in hyphen]
            if parts:
                words.add(parts[0])
        return frozenset(words)

    return glossary.derived("discovery-heads", build)


def _listed(glossary: Glossary) -> frozenset[str]:
    """Every Latin-script spelling the glossary lists (en and kmr), case-folded: a Kurmanji
    form quoted in English (Qamişlo) is covered too."""
    return glossary.derived("discovery-listed", lambda: frozenset(
        t.term.casefold() for lang in ("en", "kmr") for t in glossary.terms(lang)))


def _previous_word(text: str, start: int, skip: tuple[str, ...] = ()) -> str:
    words = re.findall(r"[\w.]+", text[max(0, start - 40):start])
    while words and words[-1].lower() in skip:
        words.pop()
    return words[-1] if words else ""


def _defined_by(text: str, start: int, end: int, found) -> str | None:
    """The name an acronym in parentheses spells out: "the Syrian Arab Army (SAA)"."""
    if start == 0 or text[start - 1] != "(" or not found:
        return None
    last_start, last_end, spelling, _ = found[-1]
    if text[last_end:start - 1].strip():
        return None
    initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", spelling) if w[0].isupper())
    acronym = text[start:end]
    return spelling if initials[:len(acronym)].upper() == acronym.upper() or initials.upper() in acronym.upper() else None


# --- files -------------------------------------------------------------------------------------

def names_in_file(glossary: Glossary, path: str | Path) -> FileNames:
    """The candidate names of one report or catalog (msgids)."""
    _, source, masked = read_for_lint(path)
    found, definitions, acronyms = names_in_text(glossary, masked)
    lines = LineIndex(source)
    mentions = [Mention(spelling, kind, lines.position(start)[0]) for start, _, spelling, kind in found]
    return FileNames(str(path), mentions, definitions,
                     {acronym: [lines.position(o)[0] for o in offsets] for acronym, offsets in acronyms.items()})


def scan(glossary: Glossary, paths: list[Path], jobs: int | None = None,
         progress: Callable[[int, int], None] | None = None,
         errors: list | None = None, scheduler: str | None = None) -> list[FileNames]:
    """The names of every file (many read by worker processes: :func:`over_files`); one that
    cannot be read is added to ``errors`` (a :class:`DragomanError`) when a list is given,
    else raises."""
    from dragoman.glossary.files import over_files

    return over_files(names_in_file, glossary, paths, jobs=jobs, scheduler=scheduler,
                      progress=progress, errors=errors)


# --- grouping ----------------------------------------------------------------------------------

def house_form(spelling: str) -> str:
    """The glossary's convention for a name's article: a leading article in any spelling is
    written ``Al-`` before a capital (al-Arisha, Al Busayrah, Ad Darbasiyah -> Al-Arisha,
    Al-Busayrah, Al-Darbasiyah), an inner one ``al-`` (Ras Al Ain -> Ras al-Ain)."""
    hyphen, space = articles()
    words = re.split(r"([ \t]+|[-‐‑])", spelling.strip())
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        separator = words[i + 1] if i + 1 < len(words) else ""
        # GeoNames' spaced sun-letter articles (Ad Darbasiyah, Ash Shaddadah) count at the start
        spaced = space | (hyphen if not out and word[:1].isupper() else frozenset())
        is_article = (i + 2 < len(words) and words[i + 2][:1].isupper()
                      and ((separator.strip() and word.lower() in hyphen)
                           or (not separator.strip() and word.lower() in spaced)))
        if is_article:
            out.append(("Al-" if not out else "al-"))
            i += 2
            continue
        out.append(word[:1].upper() + word[1:] if not out else word)
        i += 1
    return "".join(out)


def _article_less(spelling: str) -> str:
    return re.sub(r"^Al-", "", spelling)


def group(results: list[FileNames], min_count: int = 2) -> list[Proposal]:
    """Proposals from the names of every file, most mentioned first."""
    spellings: Counter[str] = Counter()
    kinds: dict[str, Counter] = {}
    places: dict[str, list[tuple[str, int]]] = {}
    definitions: dict[str, str] = {}
    for result in results:
        for mention in result.mentions:
            spellings[mention.spelling] += 1
            kinds.setdefault(mention.spelling, Counter())[mention.kind] += 1
            places.setdefault(mention.spelling, []).append((result.path, mention.line))
        for acronym, name in result.definitions.items():
            definitions.setdefault(acronym, name)
    for result in results:
        for acronym, lines in result.acronyms.items():
            if acronym in definitions:
                spellings[acronym] += len(lines)
                kinds.setdefault(acronym, Counter())[""] += len(lines)
                places.setdefault(acronym, []).extend((result.path, line) for line in lines)
    # spellings -> skeleton; an acronym goes with the name it spells out
    by_key: dict[str, list[str]] = {}
    for spelling in spellings:
        key = skeleton(definitions[spelling]) if spelling in definitions else skeleton(spelling)
        by_key.setdefault(key, []).append(spelling)
    clusters = _clusters({key: sum(spellings[s] for s in members) for key, members in by_key.items()})
    proposals = []
    for keys in clusters:
        members = [s for key in keys for s in by_key[key]]
        count = sum(spellings[s] for s in members)
        if count < min_count:
            continue
        forms: Counter[str] = Counter()
        spelled: dict[str, list[tuple[str, int]]] = {}
        for s in members:
            form = s if is_acronym(s) else house_form(s)
            forms[form] += spellings[s]
            spelled.setdefault(form, []).extend(places[s])
        names = [f for f in forms if not is_acronym(f)]
        if not names:
            continue
        preferred = max(names, key=lambda f: (forms[f], -list(forms).index(f)))
        kind_votes: Counter[str] = Counter()
        for s in members:
            kind_votes.update({k: n for k, n in kinds[s].items() if k})
        kind = kind_votes.most_common(1)[0][0] if kind_votes else DEFAULT_KIND
        where = sorted({path for s in members for path, _ in places[s]})
        variants = sorted(forms.items(), key=lambda item: (item[0] != preferred, -item[1], item[0]))
        proposals.append(Proposal(preferred, kind, count, where, variants, spelled))
    proposals.sort(key=lambda p: (-p.count, p.preferred))
    return proposals


def _clusters(counts: dict[str, int]) -> list[list[str]]:
    """Skeletons grouped, most frequent first: a skeleton one slipped letter from a member
    of a group (both long enough, same first letter) joins it if it is at most two from the
    group's first, most frequent skeleton, and is written once or at most a quarter as often
    (a slip is rare beside the name; two names one letter apart are both written often); so
    a chain of slips never reaches another name."""
    distinct = {skeleton(row[0]) for row in rule_rows("termrules/distinct_names.txt")}
    groups: dict[str, list[str]] = {}
    deleted: dict[str, list[tuple[str, str]]] = {}  # deletion -> (member, its group's first)
    for key in sorted(counts, key=lambda k: (-counts[k], k)):
        typo_prone = len(key) >= MIN_TYPO_LENGTH and key not in distinct
        probes = deletion_probes(key) if typo_prone else set()
        home = next((first for probe in sorted(probes) for member, first in deleted.get(probe, ())
                     if member[0] == key[0] and counts[key] <= max(1, counts[first] // 4)
                     and Levenshtein.distance(key, member, score_cutoff=1) <= 1
                     and Levenshtein.distance(key, first, score_cutoff=2) <= 2), None)
        if home is None:
            home = key
            groups[key] = []
        groups[home].append(key)
        for probe in probes:
            deleted.setdefault(probe, []).append((key, home))
    return list(groups.values())


def discover(glossary: Glossary, paths: list[Path], min_count: int = 2, jobs: int | None = None,
             progress=None, errors: list | None = None, scheduler: str | None = None
             ) -> list[Proposal]:
    """Proposed concepts for the names ``paths`` write that ``glossary`` does not cover."""
    return group(scan(glossary, paths, jobs, progress, errors, scheduler), min_count)


# --- output ------------------------------------------------------------------------------------

def proposal_rows(proposal: Proposal) -> list[tuple[str, str, str, str, str, str]]:
    """Glossary rows of a proposal: the preferred spelling, the others (admitted when they
    differ only by the article, else deprecated; an acronym admitted), and proposed target
    terms marked ``unverified``."""
    concept, kind = proposal.concept_id, proposal.kind
    mentions = dict(proposal.variants)
    files = {form: len({p for p, _ in where}) for form, where in proposal.places.items()}
    rows = [(concept, "en", proposal.preferred, "preferred", kind,
             f"proposed: {proposal.count} mentions in {len(proposal.files)} files")]
    for term, count in proposal.variants:
        if term == proposal.preferred:
            continue
        same = is_acronym(term) or _article_less(term).casefold() == _article_less(proposal.preferred).casefold()
        rows.append((concept, "en", term, "admitted" if same else "deprecated", kind,
                     f"proposed: {mentions[term]} mentions in {files.get(term, 0)} files"))
    for lang, found in proposal.targets.items():
        if found:
            rows.append((concept, lang, found[0].term, "preferred", kind,
                         f"unverified; {found[0].evidence()}"))
    return rows
