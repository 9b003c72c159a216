"""The ``dragoman`` console command's entry point.

``dragoman --version`` is answered here, as click's version option words it, without
loading click: scripts and CI ask it in loops. Everything else goes to :mod:`dragoman.cli`.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None):
    arguments = sys.argv[1:] if argv is None else argv
    if arguments == ["--version"]:
        from dragoman import __version__

        sys.stdout.write(f"dragoman, version {__version__}\n")
        return 0
    from dragoman.cli import main as run

    return run(argv)
