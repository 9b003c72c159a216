"""Write src/dragoman/data/wrap-patterns.tsv: the PO writer's fast-path regular expressions,
built from the line break data (src/dragoman/data/linebreak.tsv) by
dragoman.catalog.wrap.fast_path_patterns. Run it (``make wrap-patterns``) after changing
either; a test fails while the shipped file is not current.

Usage: python tools/gen_wrap_patterns.py
"""

from pathlib import Path

from dragoman.catalog.wrap import PATTERNS_FILE, fast_path_patterns, render_patterns


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "src" / "dragoman" / "data" / PATTERNS_FILE
    target.write_text(render_patterns(fast_path_patterns()), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
