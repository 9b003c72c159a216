"""Generate src/dragoman/data/linebreak.tsv from the Unicode Character Database's LineBreak.txt.

The PO writer breaks long strings where GNU gettext does, and gettext asks libunistring, which
implements UAX #14 over these classes. Classes the pair table does not index are resolved the
way libunistring resolves them for a UTF-8 (non-CJK) text: AI, SA, XX, SG -> AL; CB -> ID;
CJ -> NS; LF, CR, NL -> BK. Code points LineBreak.txt does not list default as its
``@missing`` lines say (ID for the CJK blocks, PR for currency symbols, else XX -> AL).

Usage: python tools/gen_linebreak_data.py [/usr/share/unicode/LineBreak.txt]
"""

import re
import sys
from pathlib import Path

RESOLVE = {"AI": "AL", "SA": "AL", "XX": "AL", "SG": "AL", "CB": "ID", "CJ": "NS",
           "LF": "BK", "CR": "BK", "NL": "BK"}


def main(source="/usr/share/unicode/LineBreak.txt"):
    classes = ["AL"] * 0x110000
    text = Path(source).read_text(encoding="utf-8")
    version = re.search(r"LineBreak-([\d.]+)\.txt", text).group(1)
    for match in re.finditer(r"^# @missing: ([0-9A-F]+)\.\.([0-9A-F]+); (\w+)", text, re.M):
        lo, hi, cls = int(match.group(1), 16), int(match.group(2), 16), match.group(3)
        for cp in range(lo, hi + 1):
            classes[cp] = RESOLVE.get(cls, cls)
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        cps, cls = (part.strip() for part in line.split(";"))
        lo, _, hi = cps.partition("..")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            classes[cp] = RESOLVE.get(cls, cls)
    out = [f"# Line break classes (UAX #14), from LineBreak-{version}.txt by tools/gen_linebreak_data.py.",
           "# first\tlast\tclass (hex code points; unlisted code points are AL)"]
    start = 0
    for cp in range(1, 0x110001):
        if cp == 0x110000 or classes[cp] != classes[start]:
            if classes[start] != "AL":
                out.append(f"{start:X}\t{cp - 1:X}\t{classes[start]}")
            start = cp
    target = Path(__file__).resolve().parent.parent / "src/dragoman/data/linebreak.tsv"
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{target}: {len(out) - 2} ranges")


if __name__ == "__main__":
    main(*sys.argv[1:])
