"""Sentence alignment: dragoman's aligner beside the ``galechurch`` aligner from PyPI.

Accuracy: precision and recall of sentence pairs (both sides joined as a pair's text: a 2-1
merge counts right only if both English sentences go with the one translation) on

* the sample workspace's ar, ckb and kmr translations, read back from their text editions
  (gold: the catalogs' pairs);
* perturbed copies of them (``BENCH_ALIGN_COPIES`` per translation, seeded): in each copy a few
  translated sentences are merged with the next one, split in two, dropped, or a foreign
  sentence (a translator's note) is inserted, as translators do; the gold follows the edits.

Both aligners get the same sentences. galechurch aligns flat lists (its unit is one block of
sentences; it has no paragraph alignment), dragoman aligns the blocks first, then sentences.

Speed: sentence pairs per second over an archive of ``BENCH_ALIGN_ARTICLES`` (10,000)
generated English reports (benchmarks/newsgen.py) and target sides derived from them
deterministically (names through the glossary's Arabic terms, digits as Arabic-Indic, words
reversed, one edit in five reports), already segmented, in one process (CPU time), and through
the executor's worker processes (wall time).
"""

from __future__ import annotations

import os
import random
import re
import time
from pathlib import Path

from benchmarks import newsgen

ROOT = Path(__file__).resolve().parent.parent
COPIES = int(os.environ.get("BENCH_ALIGN_COPIES", "40"))
ARTICLES = int(os.environ.get("BENCH_ALIGN_ARTICLES", "10000"))
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# -- inputs ----------------------------------------------------------------------------------------

def sample_documents():
    """(lang, English blocks, target blocks, gold pairs) of every sample translation; blocks
    are lists of sentences."""
    from dragoman import config
    from dragoman.align import translation_unit
    from dragoman.assemble.merge import edition_for, plain_text
    from dragoman.assemble.render import render_text
    from dragoman.catalog.po import read_po
    from dragoman.pipeline import read_articles
    from dragoman.readers import read_text
    from dragoman.segment import segment_article

    ws = config.load(ROOT)
    out = []
    for article in read_articles(ws).values():
        english = [[plain_text(s.text) for s in b.segments] for b in article.blocks if b.segments]
        for lang in ("ar", "ckb", "kmr"):
            catalog = read_po(ws.locales_dir / lang / "LC_MESSAGES" / f"{article.slug}.po")
            edition = read_text(render_text(edition_for(ws, article, lang, catalog), ws), "x.txt", lang)
            target = [[translation_unit(s.text) for s in b.segments]
                      for b in segment_article(edition).blocks if b.segments]
            gold = {(plain_text(m.msgid), plain_text(m.msgstr)) for m in catalog.messages if m.msgstr}
            out.append((lang, english, target, gold))
    return out


def perturb(english, target, gold, rng: random.Random, foreign: list[str]):
    """A copy of ``target`` with 2–4 edits, and the gold pairs after them."""
    by_target = {t: s for s, t in gold}
    target = [list(block) for block in target]
    gold = set(gold)
    for _ in range(rng.randint(2, 4)):
        b = rng.randrange(len(target))
        block = target[b]
        if not block:
            continue
        i = rng.randrange(len(block))
        kind = rng.choice(("merge", "split", "omit", "insert"))
        t = block[i]
        s = by_target.get(t)
        if kind == "merge" and i + 1 < len(block) and s and by_target.get(block[i + 1]):
            u = block[i + 1]
            joined = t + " " + u
            gold -= {(s, t), (by_target[u], u)}
            gold.add((s + " " + by_target[u], joined))
            by_target[joined] = s + " " + by_target[u]
            block[i:i + 2] = [joined]
        elif kind == "split" and s and len(t.split()) >= 8:
            words = t.split()
            cut = len(words) // 2
            first, second = " ".join(words[:cut]), " ".join(words[cut:])
            gold.discard((s, t))
            gold.add((s, first + " " + second))
            block[i:i + 1] = [first, second]
        elif kind == "omit" and s:
            gold.discard((s, t))
            del block[i]
        elif kind == "insert":
            block.insert(i, rng.choice(foreign))
    return english, [b for b in target if b], gold


def scores(found: set, gold: set) -> tuple[int, int, int]:
    return len(found & gold), len(found), len(gold)


# -- aligners --------------------------------------------------------------------------------------

def dragoman_pairs(aligner, english, target) -> set:
    from dragoman.align.anchors import AnchorBits

    bits = AnchorBits()
    src = [(None, [aligner.source_anchors.sentence(s, bits) for s in block]) for block in english]
    tgt = [[aligner.target_anchors.sentence(t, bits) for t in block] for block in target]
    return {(p.source, p.target) for p in aligner.align_blocks(src, tgt) if p.paired}


def galechurch_pairs(english, target) -> set:
    import galechurch

    src = [s for block in english for s in block]
    tgt = [t for block in target for t in block]
    result = galechurch.align(src, tgt)
    return {(" ".join(src[b.source_start:b.source_end]), " ".join(tgt[b.target_start:b.target_end]))
            for b in result.beads if b.source_end > b.source_start and b.target_end > b.target_start}


# -- the generated archive -------------------------------------------------------------------------

def generated_archive(n: int, seed: int = 17):
    """``n`` (English blocks, Arabic-like blocks) pairs derived from newsgen's sentences."""
    from dragoman.glossary import load_glossary

    glossary = load_glossary(ROOT / "glossary")
    names = {}
    for concept in glossary.concepts.values():
        ar = concept.preferred("ar")
        for term in concept.terms_in("en"):
            if ar is not None:
                names[term.term] = ar.term
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    rng = random.Random(seed)
    archive = []
    for _ in range(n):
        english = [newsgen.sentences(rng.randint(1, 4), rng) for _ in range(rng.randint(4, 9))]
        target = [[_pseudo_translation(s, pattern, names) for s in block] for block in english]
        if rng.random() < 0.2:      # one report in five edited by its translator
            b = rng.randrange(len(target))
            if len(target[b]) > 1:
                target[b][0:2] = [target[b][0] + " " + target[b][1]]
            else:
                target[b].append("ملاحظة المترجم.")
        archive.append((english, target))
    return archive


def _pseudo_translation(sentence: str, pattern, names) -> str:
    """Names in their Arabic spelling, Arabic-Indic digits, other words spelled backwards in
    reverse order: the length
    and the anchors of a translation, none of its words."""
    parts = pattern.split(sentence)
    found = pattern.findall(sentence)
    out = []
    for i, part in enumerate(parts):
        out.append(" ".join(w if w.isdigit() else w[::-1]
                            for w in part.split()[::-1]).translate(ARABIC_INDIC))
        if i < len(found):
            out.append(names[found[i]])
    return " ".join(p for p in out if p)


def _align_chunk(chunk) -> int:
    from dragoman.align.archive import worker_aligner

    aligner = worker_aligner("ar", str(ROOT / "glossary"))
    return sum(len(dragoman_pairs(aligner, e, t)) for e, t in chunk)


# -- main ------------------------------------------------------------------------------------------

def _ratio(hit, found, gold):
    return (hit / found if found else 0.0), (hit / gold if gold else 0.0)


def main() -> None:
    import galechurch

    from dragoman import __version__
    from dragoman.align import Aligner
    from dragoman.executor import cores, open_executor
    from dragoman.glossary import load_glossary

    glossary = load_glossary(ROOT / "glossary")
    aligners = {lang: Aligner(lang, glossary) for lang in ("ar", "ckb", "kmr")}
    documents = sample_documents()
    foreign = {lang: [t for l2, _, target, _ in documents if l2 == lang for b in target for t in b]
               for lang in aligners}
    rng = random.Random(2026)
    sets = {"sample": [], "perturbed": []}
    for lang, english, target, gold in documents:
        sets["sample"].append((lang, english, target, gold))
        others = [t for t in foreign[lang] if t not in {x for _, x in gold}] or ["—"]
        for _ in range(COPIES):
            sets["perturbed"].append((lang, *perturb(english, target, gold, rng, others)))
    print(f"inputs: {len(documents)} sample translations (ar, ckb, kmr), "
          f"{len(sets['perturbed'])} perturbed copies; galechurch {galechurch.__version__}, "
          f"dragoman {__version__}")
    rows = []
    for name, docs in sets.items():
        for label, run in (("dragoman", lambda l, e, t: dragoman_pairs(aligners[l], e, t)),
                           ("galechurch", lambda l, e, t: galechurch_pairs(e, t))):
            hit = found = total = 0
            for lang, english, target, gold in docs:
                h, f, g = scores(run(lang, english, target), gold)
                hit, found, total = hit + h, found + f, total + g
            precision, recall = _ratio(hit, found, total)
            rows.append((name, label, total, precision, recall))
    print(f"{'set':10} {'aligner':11} {'gold pairs':>10} {'precision':>9} {'recall':>7}")
    for name, label, total, precision, recall in rows:
        print(f"{name:10} {label:11} {total:>10} {precision:>9.4f} {recall:>7.4f}")

    t0 = time.perf_counter()
    archive = generated_archive(ARTICLES)
    print(f"archive: {ARTICLES} generated article pairs, "
          f"{sum(len(b) for e, _ in archive for b in e)} English sentences "
          f"(made in {time.perf_counter() - t0:.1f} s)")
    aligner = aligners["ar"]
    cpu = time.process_time()
    pairs = sum(len(dragoman_pairs(aligner, e, t)) for e, t in archive)
    ours = time.process_time() - cpu
    cpu = time.process_time()
    gc_pairs = sum(len(galechurch_pairs(e, t)) for e, t in archive)
    theirs = time.process_time() - cpu
    chunks = [archive[i:i + 250] for i in range(0, len(archive), 250)]
    wall = time.perf_counter()
    with open_executor() as executor:
        parallel = sum(executor.map(_align_chunk, chunks))
    wall = time.perf_counter() - wall
    print(f"dragoman, one process: {pairs} pairs in {ours:.2f} s CPU = {pairs / ours:,.0f} pairs/s")
    print(f"dragoman, {cores()} worker processes (executor): {parallel} pairs in {wall:.2f} s wall "
          f"= {parallel / wall:,.0f} pairs/s")
    print(f"galechurch (Rust), one process: {gc_pairs} pairs in {theirs:.2f} s CPU = "
          f"{gc_pairs / theirs:,.0f} pairs/s")
    perturbed = {label: (p, r) for name, label, _, p, r in rows if name == "perturbed"}
    p, r = perturbed["dragoman"]
    print(f"perturbed set: dragoman precision {p:.4f}, recall {r:.4f} (target >= 0.98; "
          f"galechurch {perturbed['galechurch'][0]:.4f}, {perturbed['galechurch'][1]:.4f}); "
          f"speed {max(pairs / ours, parallel / wall):,.0f} pairs/s (target >= 10,000)")

