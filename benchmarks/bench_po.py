"""PO reading and writing, side by side with polib, translate-toolkit, Babel and GNU msgcat.

Two questions: how fast is a 20,000-entry news catalog read and written, and which tools
load and save real Arabic and Kurdish catalogs (Django's ar, ar_DZ and ckb) without changing
a byte. Times are the median of three runs; Python libraries are timed in-process, msgcat as
a whole process (read and write). Times are CPU seconds (user + system), which a busy
machine disturbs less than wall-clock time.
"""

from __future__ import annotations

import io
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from benchmarks.newsgen import sentences

CACHE = Path(__file__).resolve().parent / "_cache"
ENTRIES = 20_000


def _catalog_text(n: int) -> str:
    from dragoman.catalog.po import Catalog, Message, render_po

    rng = random.Random(20260101)
    arabic = "قُتل مدنيون في قصف على ريف الحسكة بحسب المرصد السوري لحقوق الإنسان".split()
    catalog = Catalog(header={
        "Project-Id-Version": "bench", "Language": "ar", "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
                        "n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"})
    for i, text in enumerate(dict.fromkeys(sentences(n * 2, rng))):
        if len(catalog.messages) == n:
            break
        translation = " ".join(rng.choice(arabic) for _ in range(len(text.split()))) if rng.random() < 0.7 else ""
        catalog.messages.append(Message(text, translation, references=[f"sources/report-{i // 40}.txt:{i % 40 + 1}"],
                                        extracted_comments=["kind: paragraph"]))
    return render_po(catalog)


def _cpu() -> float:
    """CPU seconds of this process and its finished children: steadier than wall time on a
    shared machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _median(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = _cpu()
        fn()
        times.append(_cpu() - start)
    return statistics.median(times)


def _speed_rows(path: Path) -> list[tuple[str, float | None, float | None]]:
    import polib
    from babel.messages.pofile import read_po as babel_read, write_po as babel_write
    from translate.storage import pypo

    from dragoman.catalog.po import canonicalize, parse_po, read_po, render_po

    text = path.read_text(encoding="utf-8")
    data = path.read_bytes()
    rows = []
    parsed = read_po(path)
    rows.append(("dragoman", _median(lambda: read_po(path)), _median(lambda: render_po(parsed))))
    fresh = canonicalize(parse_po(text))  # no remembered text: every entry is formatted anew
    rows.append(("dragoman, every entry formatted anew", None, _median(lambda: render_po(fresh))))
    po = polib.pofile(text)
    rows.append(("polib 1.2", _median(lambda: polib.pofile(text)), _median(lambda: po.__unicode__())))
    store = pypo.pofile(data)
    rows.append(("translate-toolkit pypo", _median(lambda: pypo.pofile(data)), _median(lambda: bytes(store))))
    babel_catalog = babel_read(io.StringIO(text))
    rows.append(("Babel", _median(lambda: babel_read(io.StringIO(text))),
                 _median(lambda: babel_write(io.BytesIO(), babel_catalog))))
    msgcat = shutil.which("msgcat")
    if msgcat:
        out = path.with_suffix(".msgcat.po")
        rows.append(("GNU msgcat (read + write, one process)", None,
                     _median(lambda: subprocess.run([msgcat, str(path), "-o", str(out)], check=True))))
    return rows


def _django_catalogs() -> list[bytes]:
    folder = CACHE / "django"
    wheels = sorted(folder.glob("django-*.whl"))
    if not wheels:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                        "django", "-d", str(folder), "-q"], check=False)
        wheels = sorted(folder.glob("django-*.whl"))
    if not wheels:
        return []
    pattern = re.compile(r"/locale/(ar|ar_DZ|ckb)/LC_MESSAGES/[^/]+\.po$")
    with zipfile.ZipFile(wheels[-1]) as wheel:
        return [wheel.read(n) for n in wheel.namelist() if pattern.search(n)]


def _released_texts() -> list[str]:
    """The texts of the released catalogs the checks benchmark reads (downloaded once, then
    cached; none when a release cannot be fetched)."""
    from benchmarks.bench_checks import released_catalogs
    from benchmarks.released import ReleaseUnavailable
    from dragoman.catalog.po import read_text

    try:
        return [read_text(path) for path, _ in released_catalogs()]
    except ReleaseUnavailable:
        return []


def _fidelity_rows(files: list[bytes], tmp: Path) -> list[tuple[str, int]]:
    import polib
    from babel.messages.pofile import read_po as babel_read, write_po as babel_write
    from translate.storage import pypo

    from dragoman.catalog.po import parse_po, render_po

    def babel_round(data: bytes) -> bytes:
        out = io.BytesIO()
        babel_write(out, babel_read(io.BytesIO(data)))
        return out.getvalue()

    def msgcat_round(data: bytes) -> bytes:
        source = tmp / "django.po"
        source.write_bytes(data)
        return subprocess.run(["msgcat", str(source)], capture_output=True, check=True).stdout

    tools = [("dragoman", lambda d: render_po(parse_po(d.decode())).encode()),
             ("polib 1.2", lambda d: polib.pofile(d.decode()).__unicode__().encode()),
             ("translate-toolkit pypo", lambda d: bytes(pypo.pofile(d))),
             ("Babel", babel_round)]
    if shutil.which("msgcat"):
        tools.append(("GNU msgcat", msgcat_round))
    return [(name, sum(fn(data) == data for data in files)) for name, fn in tools]


def _fast_path_rows(texts: list[str], folder: Path) -> list[tuple[str, float, float]]:
    """CPU seconds of each fast path of dragoman's PO reading and of the full parser doing
    the same job, over ``texts``: (name, fast, full). (The full parser once had a fast path
    of its own for entries in gettext's shape: 1.3x on this news catalog, 1.6x on Django's,
    1.3x on the released catalogs; below 2x, it went. So did the reader of a catalog's keys,
    which only a merge's search ahead used.)"""
    import dragoman.catalog.po as po

    paths = []
    for k, text in enumerate(texts):
        paths.append(folder / f"fast-{k}.po")
        paths[-1].write_text(text, "utf-8")

    def finished(catalog):
        return [(m.msgid, m.msgstr) for m in catalog.messages
                if m.translated and m.msgid and m.msgid_plural is None]

    return [
        # (None from translations_in: the memory reads the file with the full parser.)
        ("finished translations (translations_in)",
         _median(lambda: [po.translations_in(path.read_bytes()) or finished(po.read_po(path))
                          for path in paths]),
         _median(lambda: [finished(po.read_po(path)) for path in paths])),
    ]


def _print_fast_paths(label: str, texts: list[str], folder: Path) -> None:
    print(f"\nFast paths against the full parser, {label}: CPU seconds, median of 3 runs")
    print(f"{'reading':44} {'fast s':>8} {'full s':>8} {'full/fast':>10}")
    for name, fast, full in _fast_path_rows(texts, folder):
        print(f"{name:44} {fast:8.3f} {full:8.3f} {full / fast:9.1f}x")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        path = tmp / "news.po"
        path.write_text(_catalog_text(ENTRIES), encoding="utf-8")
        size = path.stat().st_size / 1e6
        print(f"Read and write a {ENTRIES:,}-entry news catalog ({size:.1f} MB): CPU seconds, median of 3 runs")
        rows = _speed_rows(path)
        base_read, base_write = rows[0][1], rows[0][2]
        print(f"{'tool':40} {'read s':>8} {'write s':>8} {'read ×':>7} {'write ×':>8}")
        for name, read, write in rows:
            r = f"{read:8.3f}" if read is not None else f"{'—':>8}"
            w = f"{write:8.3f}" if write is not None else f"{'—':>8}"
            rr = f"{read / base_read:7.1f}" if read is not None else f"{'':>7}"
            wr = f"{write / base_write:8.1f}" if write is not None else f"{'':>8}"
            print(f"{name:40} {r} {w} {rr} {wr}")
        print("(× = time relative to dragoman; dragoman's write re-uses the text of unchanged entries)")

        _print_fast_paths(f"the {ENTRIES:,}-entry news catalog", [path.read_text("utf-8")], tmp)
        files = _django_catalogs()
        if files:
            _print_fast_paths(f"Django's {len(files)} ar, ar_DZ and ckb catalogs",
                              [data.decode("utf-8") for data in files], tmp)
            print(f"\nLoad and save Django's ar, ar_DZ and ckb catalogs: byte-identical files of {len(files)}")
            for name, same in _fidelity_rows(files, tmp):
                print(f"{name:40} {same:>3} / {len(files)}")
        else:
            print("\n(Django's wheel could not be downloaded: fidelity table skipped)")
        released = _released_texts()
        if released:
            _print_fast_paths(f"{len(released)} released ar, ckb and kmr catalogs of "
                              "the checks benchmark's releases", released, tmp)


if __name__ == "__main__":
    main()
