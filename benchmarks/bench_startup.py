"""Start-up of the ``dragoman`` command against the bare interpreter (``python -c pass``).

CI loops over hundreds of catalogs, so a command on one small catalog costs mostly its
start-up. Each command runs ``BENCH_REPEATS`` times (default 30), in rounds with the bare
interpreter (one run of each per round, so both meet the same load); reported: the median
and the fastest wall-clock time and the CPU time (user + system, which load disturbs less),
and the ratio to the bare interpreter's (target: at most 2x). ``import click`` alone is timed
too: every command but ``--version`` loads click, so it is their floor. ``python -X importtime`` of
each command is written to ``$BENCH_OUT/startup-imports/`` when ``BENCH_OUT`` is set, to see
what a command imports.

The catalog above is two entries; a released one (wagtail's Arabic admin catalog, some 30 kB)
is formatted, checked, and merged with the next release's template too (downloaded at bench
time by :mod:`benchmarks.released`; ``BENCH_RELEASED=0`` leaves it out): what a CI loop over
real catalogs pays per catalog.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_catalog import _run

REPEATS = int(os.environ.get("BENCH_REPEATS", "30"))
TARGET = 2.0
RELEASED = os.environ.get("BENCH_RELEASED", "1") != "0"
#: A released catalog and the release whose template it is merged with.
RELEASED_CATALOG = ("wagtail==6.2", "wagtail==6.3", "wagtail/admin/locale/ar/LC_MESSAGES/django.po")

_PO = """msgid ""
msgstr ""
"Project-Id-Version: bench\\n"
"Language: ar\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;\\n"

#: sources/report.txt:1
msgid "Calm returned to Al-Hasakah."
msgstr "عاد الهدوء إلى الحسكة."

#: sources/report.txt:2
msgid "Five people were killed."
msgstr "قُتل خمسة أشخاص."
"""


def main() -> None:
    python = sys.executable
    # The package's bytecode, as an install writes it: with PYTHONDONTWRITEBYTECODE set, each
    # run would otherwise compile every module from source again (tens of milliseconds).
    # (Forced: a file edited within the second its bytecode was written looks up to date to
    # compileall, which compares modification times only, but not to the import system.)
    import dragoman

    compileall.compile_dir(Path(dragoman.__file__).parent, quiet=1, force=True)
    dragoman = str(Path(python).with_name("dragoman"))
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        po = Path(tmp) / "ar.po"
        po.write_text(_PO, "utf-8")
        pot = Path(tmp) / "report.pot"
        pot.write_text(_PO.replace('"Language: ar\\n"\n', ""), "utf-8")
        commands = {
            "python -c pass": [python, "-c", "pass"],
            "python -c 'import click'": [python, "-c", "import click"],  # (the floor of a command)
            "dragoman --version": [dragoman, "--version"],
            "dragoman --help": [dragoman, "--help"],
            "catalog format": [dragoman, "catalog", "format", str(po)],
            "catalog merge": [dragoman, "catalog", "merge", str(po), str(pot)],
            "catalog export": [dragoman, "catalog", "export", "--format", "tmx", str(po)],
            "check": [dragoman, "check", str(po)],
            **_released_commands(dragoman, Path(tmp)),
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(REPEATS):
            for name, argv in commands.items():
                times[name].append(_run(argv, succeeded=(0, 1)))  # (1: findings)
        out = os.environ.get("BENCH_OUT")
        if out:
            folder = Path(out) / "startup-imports"
            folder.mkdir(parents=True, exist_ok=True)
            for name, argv in commands.items():
                if argv[0] == dragoman:
                    trace = subprocess.run([python, "-X", "importtime", "-m", "dragoman", *argv[1:]],
                                           capture_output=True, text=True).stderr
                    (folder / f"{name.replace(' ', '-')}.txt").write_text(trace, "utf-8")
    bare = times["python -c pass"]
    bare_wall = statistics.median(w for w, _ in bare)
    bare_cpu = statistics.median(c for _, c in bare)
    click_cpu = statistics.median(c for _, c in times["python -c 'import click'"])
    print(f"{REPEATS} runs each, in rounds; ratio = median / the bare interpreter's median; "
          "over click: CPU ms above import click's (what is dragoman's own)")
    print(f"{'command':25} {'median ms':>9} {'min ms':>7} {'ratio':>6} {'cpu ms':>7} {'cpu ratio':>9} "
          f"{'over click':>10}")
    worst = 0.0
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{name:25} {wall * 1000:9.1f} {min(w for w, _ in runs) * 1000:7.1f} "
              f"{wall / bare_wall:6.2f} {cpu * 1000:7.1f} {cpu / max(bare_cpu, 1e-6):9.2f} "
              f"{(cpu - click_cpu) * 1000:10.1f}")
        # (the checks' own start-up is measured, not targeted here)
        if commands[name][0] == dragoman and not name.startswith("check"):
            worst = max(worst, wall / bare_wall)
    print(f"target: every command above but check at most {TARGET}x the bare interpreter: "
          f"{'met' if worst <= TARGET else 'NOT met'} (worst {worst:.2f}x)")


def _released_commands(dragoman: str, folder: Path) -> dict[str, list[str]]:
    """The commands on :data:`RELEASED_CATALOG` (none when left out or not downloadable)."""
    if not RELEASED:
        return {}
    from benchmarks.bench_evolution import _template
    from benchmarks.released import ReleaseUnavailable, catalogs

    old_release, new_release, inside = RELEASED_CATALOG
    try:
        old, new = (catalogs(spec, ("ar",))[inside] for spec in (old_release, new_release))
    except (ReleaseUnavailable, KeyError) as exc:
        print(f"  (released catalog left out: {exc})")
        return {}
    template = folder / "released.pot"
    template.write_text(_template(new), "utf-8")
    return {
        "format, released": [dragoman, "catalog", "format", str(new)],
        "merge, released update": [dragoman, "catalog", "merge", str(old), str(template)],
        "check, released": [dragoman, "check", str(new)],
    }
