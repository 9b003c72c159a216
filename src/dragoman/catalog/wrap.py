"""String layout exactly as GNU gettext writes it (``write-po.c``: ``wrap``).

gettext escapes a string, cuts it after every ``\\n`` escape into portions, and breaks each
portion at the line break opportunities of Unicode's line breaking algorithm (UAX #14, as
libunistring implements it), filling lines greedily up to column 79 (78 for the text plus the
closing quote). A string that needs more than one line, or holds a ``\\n`` before its end,
starts with an empty ``""`` on the keyword's line. Reproducing this byte for byte is what
lets ``msgcat`` and Poedit leave dragoman's files alone.

The line break classes are data (``data/linebreak.tsv``, generated from the Unicode
Character Database by ``tools/gen_linebreak_data.py``).
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from functools import lru_cache
from itertools import count

from dragoman import DATA

PAGE_WIDTH = 79

# Indexes of UAX #14 pair table classes (libunistring's order), then the classes the
# algorithm treats specially.
_TABLE_CLASSES = ("WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL H2 H3 ID JL JV JT HL "
                  "RI ZWJ EB EM").split()
_SPECIAL = ("SP", "ZW", "CM", "BK")
_CLASS_INDEX = {name: i for i, name in enumerate(_TABLE_CLASSES + list(_SPECIAL))}
WJ, GL, B2, BA, BB, HY, CL, CP, EX, IN, NS, OP, QU, IS, NU, PO, PR, SY, AL, H2, H3, ID, JL, JV, \
    JT, HL, RI, ZWJ, EB, EM = range(30)
SP, ZW, CM, BK = range(30, 34)

# UAX #14 pair table as libunistring 1.0 (the library GNU gettext 0.21 breaks lines with)
# applies it, read off that library pair by pair (rows: class before, columns: class after;
# tests compare every opportunity with the library's on generated text).
# D: break allowed; I: break only if spaces intervene; P: never.
_PAIRS = """
WJ PIIIIIPPPIIIIPIIIPIIIIIIIIIIII
GL PIIIIIPPPIIIIPIIIPIIIIIIIIIIII
B2 PIPIDIPPPIIDIPDDDPDDDDDDDDDIDD
BA PDDIDIPPPIIDIPDDDPDDDDDDDDDIDD
BB PIIIIIPPPIIIIPIIIPIIIIIIIIIIII
HY PDDIDIPPPIIDIPIDDPDDDDDDDDDIDD
CL PIDIDIPPPIPDIPDIIPDDDDDDDDDIDD
CP PIDIDIPPPIIDIPIIIPIDDDDDDIDIDD
EX PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD
IN PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD
NS PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD
OP PPPPPPPPPPPPPPPPPPPPPPPPPPPIPP
QU PIIIIIPPPIIPIPIIIPIIIIIIIIIIII
IS PIDIDIPPPIIDIPIDDPDDDDDDDDDIDD
NU PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD
PO PIDIDIPPPIIIIPIDDPIDDDDDDIDIDD
PR PIDIDIPPPIIIIPIDDPIIIIIIIIDIII
SY PIDIDIPPPIIDIPIDDPDDDDDDDIDIDD
AL PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD
H2 PIDIDIPPPIIDIPDIDPDDDDDIIDDIDD
H3 PIDIDIPPPIIDIPDIDPDDDDDDIDDIDD
ID PIDIDIPPPIIDIPDIDPDDDDDDDDDIDD
JL PIDIDIPPPIIDIPDIDPDIIDIIDDDIDD
JV PIDIDIPPPIIDIPDIDPDDDDDIIDDIDD
JT PIDIDIPPPIIDIPDIDPDDDDDDIDDIDD
HL PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD
RI PIDIDIPPPIIDIPDDDPDDDDDDDDIIDD
ZWJ PIIIIIPPPIIIIPIIIPIIIIIIIIIIII
EB PIDIDIPPPIIDIPDIDPDDDDDDDDDIDI
EM PIDIDIPPPIIDIPDIDPDDDDDDDDDIDD
"""
_TABLE = [row.split()[1] for row in _PAIRS.strip().splitlines()]


@lru_cache(maxsize=1)
def _class_ranges() -> tuple[list[int], list[int], list[int]]:
    starts, ends, classes = [], [], []
    text = (DATA / "linebreak.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        first, last, name = line.split("\t")
        starts.append(int(first, 16))
        ends.append(int(last, 16))
        classes.append(_CLASS_INDEX[name])
    return starts, ends, classes


_class_cache: dict[str, int] = {}


def line_break_class(char: str) -> int:
    """The resolved UAX #14 class of ``char`` (an index into the pair table or a special)."""
    cls = _class_cache.get(char)
    if cls is None:
        starts, ends, classes = _class_ranges()
        cp = ord(char)
        i = bisect.bisect_right(starts, cp) - 1
        cls = classes[i] if i >= 0 and cp <= ends[i] else AL
        _class_cache[char] = cls
    return cls


# Characters gettext prints at another width than 1 (libunistring's uc_width): non-spacing
# and format characters are 0 wide (controls below U+00A0 count as 0 too: the line filler
# ignores them), East Asian wide and fullwidth characters 2.
_WIDE_UNASSIGNED = ((0x2E80, 0x303E), (0x3040, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF),
                    (0x1F300, 0x1F64F), (0x1F900, 0x1F9FF), (0x20000, 0x2FFFD), (0x30000, 0x3FFFD))
_width_cache: dict[str, int] = {}


def char_width(char: str) -> int:
    width = _width_cache.get(char)
    if width is None:
        cp = ord(char)
        category = unicodedata.category(char)
        if 0x20 <= cp < 0x7F:
            width = 1
        elif (category in ("Cc", "Cf", "Mn", "Me") or unicodedata.bidirectional(char) == "NSM"
              or 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF):
            width = 0
        elif category == "Cn":
            width = 2 if any(lo <= cp <= hi for lo, hi in _WIDE_UNASSIGNED) else 1
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            width = 2
        else:
            width = 1
        _width_cache[char] = width
    return width


def possible_breaks(text: str) -> list[tuple[int, bool]]:
    """``(i, mandatory)`` for each position ``0 < i < len(text)`` where a line may (or, at a
    line break character, must) break before ``text[i]``."""
    out: list[tuple[int, bool]] = []
    last = BK       # class of the last non-space character (CM folded into its base)
    seen_space = -1  # position of the first space after it, or -1
    previous = BK   # class of the immediately preceding character
    for i, char in enumerate(text):
        cls = line_break_class(char)
        if cls == BK:
            if i:
                out.append((i, True))
            last, seen_space, previous = BK, -1, BK
            continue
        if cls == SP:
            if seen_space < 0:
                seen_space = i
            previous = SP
            continue
        if cls == ZW:
            last, seen_space, previous = ZW, -1, ZW
            continue
        if cls == CM or cls == ZWJ:
            if last == BK:
                last, seen_space = AL, -1
            elif last == ZW or seen_space >= 0:
                out.append((i, False))
                last, seen_space = AL, -1
            previous = cls
            continue
        if last == BK:
            pass
        elif last == ZW:
            out.append((i, False))
        elif previous == ZWJ:
            pass
        else:
            decision = _TABLE[last][cls]
            if decision == "D" or (decision == "I" and seen_space >= 0):
                out.append((i, False))
        last, seen_space, previous = cls, -1, cls
    return out


def _escape(value: str) -> tuple[str, set[int]]:
    """gettext's escaping of one portion, and the positions where breaking is prohibited
    (inside an escape sequence)."""
    if not any(c in value for c in '\\"\n\t\r\a\b\f\v'):
        return value, set()
    out: list[str] = []
    glued: set[int] = set()
    pos = 0
    for char in value:
        esc = _ESCAPES.get(char)
        if esc is None:
            out.append(char)
            pos += 1
        else:
            out.append(esc)
            glued.add(pos + 1)
            pos += 2
    return "".join(out), glued


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
            "\b": "\\b", "\f": "\\f", "\v": "\\v"}


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline (the last portion may be empty only if value is)."""
    parts = value.split("\n")
    out = [part + "\n" for part in parts[:-1]]
    if parts[-1] or not out:
        out.append(parts[-1])
    return out


def _text_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


# -- Fast path ---------------------------------------------------------------------------
# Text in a common repertoire (Latin, Arabic, punctuation) without joiners, zero-width spaces
# and line break characters is broken with one regular expression over the escaped text:
# each branch matches a character (or a whole escape sequence) of one group of pair-table
# rows, the combining marks that attach to it, and then the characters (directly, or after
# spaces) that may follow it across a break. Zero-width characters are counted as such by the
# filler. The exact loop above handles everything else; tests check both against libunistring
# and msgcat.

_STATEFUL = frozenset({ZWJ, ZW, BK})

# The fast path's repertoire: Latin (Kurmanji included), Greek, Arabic (Sorani included),
# general punctuation, currency symbols and Arabic presentation forms.
_REPERTOIRE = ((0x20, 0x7E), (0xA0, 0x3FF), (0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF),
               (0x2000, 0x206F), (0x20A0, 0x20CF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


@lru_cache(maxsize=1)
def _fast_classes() -> dict[int, list[int]]:
    """class -> code points of the repertoire that the fast path takes (0 or 1 column wide;
    combining marks only if 0 wide)."""
    out: dict[int, list[int]] = {}
    for lo, hi in _REPERTOIRE:
        for cp in range(lo, hi + 1):
            char = chr(cp)
            cls, width = line_break_class(char), char_width(char)
            if cls not in _STATEFUL and (width == 1 and cls != CM or width == 0):
                out.setdefault(cls, []).append(cp)
    return out


def _charset(code_points, exclude: int | None = None) -> str:
    """A regex character set of ``code_points`` (minus ``exclude``), as ranges."""
    points = sorted(cp for cp in code_points if cp != exclude)
    parts, i = [], 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        parts.append(f"\\u{points[i]:04x}" + (f"-\\u{points[j]:04x}" if j > i else ""))
        i = j + 1
    return "[" + "".join(parts) + "]"


def _members(classes) -> list[int]:
    table = _fast_classes()
    return [cp for cls in classes for cp in table.get(cls, ())]


_ESCAPE_SECOND = {c: esc[1] for c, esc in _ESCAPES.items()}


def fast_path_patterns() -> dict[str, str]:
    """The fast path's regular expressions, built from the line break tables: ``opportunity``
    (each match ends at a break opportunity, or skips an escape), the same for ASCII text
    (``opportunity-ascii``: its character sets hold ASCII only, a fraction of the other's
    cost to compile), ``outside`` (a character the fast path does not take), ``zero-width``
    and ``marks`` (combining marks).

    Building them costs a process tens of milliseconds, so they are shipped built, in
    ``data/wrap-patterns.tsv`` (``make wrap-patterns`` writes it; a test checks it is
    current)."""
    table = _fast_classes()
    return {
        "opportunity": _opportunity(_members),
        "opportunity-ascii": _opportunity(lambda classes: [cp for cp in _members(classes)
                                                           if cp < 128]),
        "outside": "[^" + _charset(_members(table))[1:],
        "zero-width": _charset(cp for points in table.values() for cp in points
                               if char_width(chr(cp)) == 0),
        "marks": _charset(_members([CM])),
    }


def _opportunity(members) -> str:
    """The ``opportunity`` expression for the characters ``members(classes)`` gives (a set
    left empty: what needs one of its characters is left out, as it could never match)."""
    mark_points = members([CM])
    marks = _charset(mark_points) if mark_points else ""
    groups: dict[tuple, list[int]] = {}
    for a, row in enumerate(_TABLE):
        direct = frozenset(b for b, x in enumerate(row) if x == "D")
        spaced = frozenset(b for b, x in enumerate(row) if x in "DI")
        groups.setdefault((direct, spaced), []).append(a)
    branches = []
    # Most text is letters and digits: try their group first.
    for (direct, spaced), rows in sorted(groups.items(), key=lambda g: AL not in g[1]):
        points = members(rows)
        if not points:
            continue
        # After spaces a break may come before a combining mark whatever precedes.
        after_spaces, before = members(spaced | {CM}), members(direct) if direct else []
        follow = [f" +(?={_charset(after_spaces)})"] if after_spaces else []
        if before:
            follow.append(f"(?={_charset(before)})")
        seconds = "".join(re.escape(second) for second in sorted(set(_ESCAPE_SECOND.values()))
                          if line_break_class(second) in rows)
        heads = [_charset(points, exclude=0x5C)] if set(points) - {0x5C} else []
        if seconds:
            heads.append(f"\\\\[{seconds}]")
        if AL in rows and marks:
            # Combining marks after spaces or at the start behave as a letter.
            heads.append(f"(?:^|(?<= )){marks}")
        if heads and follow:
            branches.append("(?:" + "|".join(heads) + ")" + (marks + "*" if marks else "")
                            + "(?:" + "|".join(follow) + ")")
    # An escape sequence that is no opportunity is skipped whole, so that no match starts at
    # its second character.
    branches.append("(?P<skip>\\\\.)")
    return "|".join(branches)


PATTERNS_FILE = "wrap-patterns.tsv"


def render_patterns(patterns: dict[str, str]) -> str:
    return ("# The fast path's regular expressions (dragoman.catalog.wrap.fast_path_patterns),\n"
            "# written by `make wrap-patterns`: do not edit.\n# name\tpattern\n"
            + "".join(f"{name}\t{pattern}\n" for name, pattern in patterns.items()))


@lru_cache(maxsize=None)
def _fast_pattern(name: str) -> re.Pattern:
    """One of the fast path's expressions (see :func:`fast_path_patterns`), compiled when
    first used (the full ``opportunity`` alone costs tens of milliseconds)."""
    return re.compile(_shipped_patterns()[name], re.S)


@lru_cache(maxsize=1)
def _shipped_patterns() -> dict[str, str]:
    text = (DATA / PATTERNS_FILE).read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines()
                if line and not line.startswith("#"))


def _opportunities(text: str) -> re.Pattern:
    return _fast_pattern("opportunity-ascii" if text.isascii() else "opportunity")


def _window_start(text: str, pos: int, floor: int) -> int:
    """Where to start matching so that an opportunity at or after ``pos`` is seen: before
    the spaces and combining marks and the character preceding ``pos``, never inside an
    escape sequence."""
    marks = _fast_pattern("marks")
    while pos > floor and (text[pos - 1] == " " or marks.match(text, pos - 1)):
        pos -= 1
    if pos > floor:
        pos -= 1
    run = 0
    while pos - run > floor and text[pos - run - 1] == "\\":
        run += 1
    return pos - 1 if run % 2 else pos


def _fast_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text) - len(_fast_pattern("zero-width").findall(text))


def _fill_fast(text: str, width: int, start_column: int, forbidden: set[int] | frozenset = frozenset()) -> list[int]:
    """Greedy filling: each line runs to the last opportunity that keeps it within ``width``
    (or, if there is none, to the first one after). Only a window before each line's end is
    searched, so long strings cost little."""
    pattern = _opportunities(text)
    zeros = [] if text.isascii() else [m.start() for m in _fast_pattern("zero-width").finditer(text)]
    breaks: list[int] = []
    start, column, length = 0, start_column, len(text)
    while True:
        limit = start + width - column  # the furthest position the line may reach
        if zeros:
            first = bisect.bisect_left(zeros, start)
            while True:  # zero-width characters let the line hold more positions
                reach = start + width - column + bisect.bisect_left(zeros, limit) - first
                if reach == limit:
                    break
                limit = reach
            index = bisect.bisect_left(zeros, limit)
            while index < len(zeros) and zeros[index] == limit:
                limit += 1
                index += 1
        if limit >= length:
            break
        cut = None
        low = _window_start(text, max(start, limit - 24), start)
        while True:
            for match in pattern.finditer(text, low, limit + 1):
                end = match.end()
                if end > start and end not in forbidden and match.lastgroup != "skip":
                    cut = end
            if cut is not None or low <= start:
                break
            low = _window_start(text, max(start, low - 48), start)
        if cut is None:
            for match in pattern.finditer(text, _window_start(text, limit, start)):
                end = match.end()
                if end > limit and end not in forbidden and match.lastgroup != "skip":
                    cut = end
                    break
            if cut is None:
                break
        breaks.append(cut)
        start, column = cut, 0
    return breaks


def _break_portion(text: str, glued: set[int], width: int, start_column: int) -> list[int]:
    """Greedy line filling of libunistring's ``ulc_width_linebreaks``: the positions where
    lines are broken. ``glued`` positions never break (escape sequences)."""
    breaks: list[int] = []
    # A line break character first restarts the filler at column 0, as one further on does.
    leading_break = bool(text) and line_break_class(text[0]) == BK
    column = 0 if leading_break else start_column
    piece_start = 1 if leading_break else 0
    last_break = None  # the possible break where the current piece started
    for pos, mandatory in possible_breaks(text) + [(len(text), False)]:
        if pos in glued and pos != len(text):
            continue
        piece_width = _text_width(text[piece_start:pos])
        if last_break is not None and column + piece_width > width:
            breaks.append(last_break)
            column = 0
        if pos == len(text):
            break
        if mandatory:
            # The filler restarts at column 0 after a line break character (not counted),
            # without breaking the PO line there.
            column, last_break, piece_start = 0, None, pos + 1
        else:
            column += piece_width
            last_break = pos
            piece_start = pos
    return breaks


def _escape_text(value: str) -> str:
    """gettext's escaping (the text of :func:`_escape` without the glued positions)."""
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if '"' in value:
        value = value.replace('"', '\\"')
    for char in "\n\t\r\a\b\f\v":
        if char in value:
            value = value.replace(char, _ESCAPES[char])
    return value


def _has_opportunity(text: str, forbidden: set[int]) -> bool:
    for match in _opportunities(text).finditer(text):
        if match.lastgroup != "skip" and match.end() not in forbidden:
            return True
    return False


# Format directives (``%s``, ``%1$d``, ``%(name)d``) are never broken inside when the entry
# has the format's flag, as gettext's format parsers mark them. The expressions follow
# gettext's format-c.c and format-python.c; python-brace-format follows format-python-brace.c
# including where that parser puts its marks (see _python_brace_spans); other format
# languages are not modelled.
_DIRECTIVES = {
    "c": r"%(?:\d+\$)?[-+ #0'I]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?)?)?"
         r"(?:hh|h|ll|l|L|q|j|z|Z|t)?(?:[diouxXeEfFgGaAcspnCSm%]|<PRI[a-zA-Z0-9_]+>)",
    "python": r"%(?:\([^)]*\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?[hlL]?[diouxXeEfFgGcrsa%]",
}


_FORMATS = ("c", "python", "python-brace")


@lru_cache(maxsize=None)
def _directive_pattern(language: str):
    return re.compile(_DIRECTIVES[language])


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+")
_SPEC = re.compile(r"(?:.[<>=^]|[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]+)?[bcdoxXneEfFgG%]?", re.S)


def _brace_directive(value: str, start: int, toplevel: bool) -> tuple[int, int | None]:
    """Parse the python-brace directive at ``value[start] == "{"`` as gettext 0.21 does:
    (end, None) when valid, (error position, None-or-nested-start) as (pos, base) when
    not, where ``base`` is the start the error position is counted from."""
    pos = start + 1
    match = _NAME.match(value, pos) or _NUMBER.match(value, pos)
    if match is None:
        return pos, start
    pos = match.end()
    while pos < len(value) and value[pos] in ".[":
        if value[pos] == ".":
            match = _NAME.match(value, pos + 1)
            if match is None:
                return pos + 1, start
            pos = match.end()
        else:
            match = _NAME.match(value, pos + 1) or _NUMBER.match(value, pos + 1)
            if match is None:
                return pos + 1, start
            if not value.startswith("]", match.end()):
                return match.end(), start
            pos = match.end() + 1
    if value.startswith(":", pos):
        if not toplevel:
            return pos, start
        pos += 1
        if value.startswith("{", pos):
            end, base = _brace_directive(value, pos, False)
            if base is not None:
                return end, base
            pos = end
        else:
            if pos >= len(value):
                return pos, start
            pos = _SPEC.match(value, pos).end()
    if not value.startswith("}", pos):
        return pos, start
    return pos + 1, None


def _python_brace_spans(value: str) -> list[tuple[int, int]]:
    """What gettext 0.21 marks for python-brace-format. Its parser counts each mark from the
    start of the directive being parsed, not of the string: a valid directive of n bytes
    marks bytes 0..n-1 of the string as one directive, and an error k bytes into a later
    directive marks byte k as an error, which voids the marks if it comes first."""
    ends, error = [], None
    pos = 0
    while True:
        pos = value.find("{", pos)
        if pos < 0:
            break
        if value.startswith("{{", pos):
            pos += 2
            continue
        end, base = _brace_directive(value, pos, True)
        if base is not None:
            error = len(value[base:end].encode("utf-8"))
            break
        ends.append(len(value[pos:end].encode("utf-8")) - 1)
        pos = end
    if not ends:
        return []
    first_end = min(ends)  # the scan stops at the first END or ERROR mark after byte 0
    if error is not None and error <= first_end:
        return []
    size, chars = 0, 0
    for char in value:  # characters whose first byte is within bytes 0..first_end
        if size > first_end:
            break
        size += len(char.encode("utf-8"))
        chars += 1
    return [(0, chars)]


def _directive_spans(value: str, language: str) -> list[tuple[int, int]]:
    """The directives gettext's parser marks as valid: those before the first error (an
    invalid directive; for Python, named and unnamed directives mixed)."""
    if language == "python-brace":
        return _python_brace_spans(value)
    pattern = _directive_pattern(language)
    spans: list[tuple[int, int]] = []
    named = None  # Python: "%(name)s" directives; C: numbered "%1$s" directives
    pos = 0
    while True:
        pos = value.find("%", pos)
        if pos < 0:
            return spans
        match = pattern.match(value, pos)
        if match is None:
            return spans
        if match.group() != "%%":
            marker = match.group().startswith("%(") if language == "python" else "$" in match.group()
            if named is None:
                named = marker
            elif named != marker:
                return spans
        spans.append(match.span())
        pos = match.end()


def _glued_by_directives(portion: str, offset: int, spans: list[tuple[int, int]]) -> set[int]:
    """Positions in the escaped ``portion`` (which starts at ``offset`` of the value) that
    lie inside a directive, after its first character."""
    inside = {k - offset for start, end in spans for k in range(start + 1, end)
              if offset <= k < offset + len(portion)}
    if not inside:
        return set()
    shift, out = 0, set()
    for k, char in enumerate(portion):
        if k in inside:
            out.add(k + shift)
        if char in _ESCAPES:
            shift += 1
    return out


#: Portions beyond ASCII too long for one line that the exact algorithm breaks before the fast
#: path takes them: its expression for them costs some 15 ms to compile, the exact algorithm
#: some 70 µs a portion more, so most catalogs (19 in 20 released Arabic and Kurdish ones)
#: are written without compiling it.
EXACT_FIRST = 100
_long_beyond_ascii = count()


@lru_cache(maxsize=1 << 14)
def wrap_field(keyword: str, value: str, prefix: str = "", page_width: int | None = PAGE_WIDTH,
               format_language: str | None = None) -> tuple[str, ...]:
    """The PO lines of ``keyword "value"`` (``prefix`` is ``"#~ "``, ``"#| "`` or ``""``);
    ``page_width=None`` for an entry flagged ``no-wrap`` (lines break only after ``\\n``);
    ``format_language`` (``"c"``, ``"python"``) keeps its directives whole.

    Remembered for the last many fields: an update writes each source sentence into the
    template and into the catalog of every language."""
    lines: list[str] = []
    after_break = len(prefix) + 1
    width = (sys.maxsize if page_width is None else page_width) - 1 - after_break
    first_line = True
    portions = _portions(value)
    spans = _directive_spans(value, format_language) if format_language in _FORMATS and value else []
    offset = 0
    for n, portion in enumerate(portions):
        text = _escape_text(portion)
        more_follow = n + 1 < len(portions)
        fast = text.isascii() or _fast_pattern("outside").search(text) is None
        text_width = _fast_width(text) if fast else _text_width(text)
        if fast and not text.isascii() and (more_follow or len(keyword) + 1 + text_width > width):
            fast = next(_long_beyond_ascii) >= EXACT_FIRST
        forbidden = _glued_by_directives(portion, offset, spans) if spans else set()
        offset += len(portion)
        if portion.endswith("\n"):
            # gettext never breaks immediately before the "\n" that ends a portion.
            forbidden.add(len(text) - 2)
        while True:
            start = len(prefix) + (len(keyword) + 1 if first_line else 0) + 1 - after_break
            if not text or (start + text_width <= width and not more_follow):
                breaks = []
            elif first_line and fast:
                # Too long for the keyword's line: gettext starts with "" when the greedy
                # filler would break anywhere, which it does if any opportunity exists.
                if more_follow or start > width or _has_opportunity(text, forbidden):
                    lines.append(f'{prefix}{keyword} ""')
                    first_line = False
                    continue
                breaks = []
            elif fast:
                breaks = _fill_fast(text, width, start, forbidden)
            else:
                escaped, glued = _escape(portion)
                breaks = _break_portion(escaped, glued | forbidden, width, start)
            if first_line and text and (more_follow or start > width or breaks):
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
                continue
            break
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        if not breaks:
            lines.append(f'{head}"{text}"')
            continue
        cuts = [0] + breaks + [len(text)]
        for i in range(len(cuts) - 1):
            lines.append(f'{head if i == 0 else prefix}"{text[cuts[i]:cuts[i + 1]]}"')
    return tuple(lines)
