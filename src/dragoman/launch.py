"""The ``dragoman`` console command's entry point.

``dragoman --version`` is answered here, as click's version option words it, without
loading click: scripts and CI ask it in loops. Everything else goes to :mod:`dragoman.cli`.

A command builds many small objects without reference cycles (catalog entries, index rows)
and ends soon: with the collector's default thresholds, a full collection would rescan them
each time the heap grows by a quarter (a tenth of a large merge's time). Its first
generation is collected here after 200,000 allocations instead of 700.
"""

from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None):
    arguments = sys.argv[1:] if argv is None else argv
    if arguments == ["--version"]:
        from dragoman import __version__

        sys.stdout.write(f"dragoman, version {__version__}\n")
        return 0
    gc.set_threshold(200_000, 30, 30)
    from dragoman.cli import main as run

    return run(argv)
