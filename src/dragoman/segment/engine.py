"""The rule-based sentence segmenter.

One compiled regular expression finds every candidate boundary (a run of terminators with its
closing quotes/brackets and the whitespace after it, a line break, a bullet); the text between
candidates is never looked at again, which keeps the work linear and fast. Each candidate is
then accepted or refused by cheap checks against the language's rules (look-ups of the word
before and the word after in sets). Segments are the stretches between accepted boundaries
without their surrounding whitespace, as offsets, so they plus the gaps between them rebuild the
input exactly.
"""

from __future__ import annotations

import re

import regex

from dragoman.segment.rules import LanguageRules

#: Closing quotes and brackets that may follow a terminator and belong to its sentence.
CLOSERS = "\"'”’»›)]}\u200e\u200f"
#: Opening quotes and brackets that may precede the first letter of the next sentence.
OPENERS = "\"'“‘„«‹([{¿¡\u200e\u200f"
BULLETS = "•⁃‣◦▪"

_WORD = re.compile(r"[^\W\d_]+")
_SPACE = re.compile(r"\s*")
_TOKEN_TAIL = re.compile(r"[\w°&'’.-]*\Z")
_MULTI_PERIOD = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_LIST_START = re.compile(rf"\s*(?:[{BULLETS}]\s*)?(\d{{1,3}}|[a-z])(\.\)|\)|\.)\s")


#: Categories of an abbreviation (bit flags, see the sections of the rules files).
TITLE, BEFORE_NUMBER, TIME = 1, 2, 4


class Segmenter:
    """Sentence boundaries of plain text under one language's rules.

    ``line_breaks``: a single line break ends a segment (default); when False only a blank
    line does, and a lone line break is ordinary whitespace inside a sentence.
    """

    def __init__(self, rules: LanguageRules, line_breaks: bool = True):
        self.rules = rules
        self.line_breaks = line_breaks
        terms = re.escape("".join(sorted(rules.terminators)))
        # One character class first, so that the regex engine skips ordinary text quickly. A
        # candidate starts only at the first terminator of a run (the look-behinds), and runs are
        # taken whole (possessive), so no text is scanned twice: linear time on any input.
        # Groups: the rest of a terminator run ("...", ". . ."), closing quotes/brackets (the
        # run must be followed by whitespace or the end), the whitespace, then, looked at but
        # not consumed, opening quotes and the first character of what follows. After a line
        # break or a bullet only the whitespace is taken.
        closers = re.escape(CLOSERS)
        self._candidates = re.compile(
            rf"[{terms}\n{BULLETS}](?<![{terms}][{terms}])(?<!\. \.)"
            rf"(?:(?<=[\n{BULLETS}])|(?P<more>(?:[{terms}]++| \.(?=[\s{terms}{closers}]|\Z))*+)"
            rf"(?P<close>[{closers}]*+)(?=\s|\Z))"
            rf"(?P<ws>\s*)(?=(?P<open>[{re.escape(OPENERS)}]*)(?P<next>.?))", re.DOTALL)
        # Exception rules are checked only where a boundary was accepted: the text before must
        # end there and the text after start there (variable-length look-behind: ``regex``).
        self._no_break = (regex.compile("|".join(r.probe for r in rules.no_break))
                          if rules.no_break else None)
        abbreviations: dict[str, int] = {}
        for flag, words in ((TITLE, rules.titles), (BEFORE_NUMBER, rules.before_numbers),
                            (TIME, rules.time_abbreviations)):
            for word in words:
                abbreviations[word] = abbreviations.get(word, 0) | flag
        self._abbreviations = abbreviations
        if rules.time_abbreviations and rules.time_prepositions:
            preps = "|".join(re.escape(p) for p in sorted(rules.time_prepositions))
            times = "|".join(re.escape(t) for t in sorted(rules.time_abbreviations))
            self._time_phrase = re.compile(
                rf"\s*(?:{preps})\s+\d{{1,2}}(?:[:.]\d\d)?\s*(?:{times})", re.IGNORECASE)
        else:
            self._time_phrase = None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each segment, in order, without surrounding whitespace."""
        n = len(text)
        out: list[tuple[int, int]] = []
        a = _SPACE.match(text).end()        # start of the current segment
        if a == n:
            return out
        markers: set[int] = set()
        forced: list[int] = []
        list_items = self._list_items
        list_items(text, a, markers, forced)
        line_breaks = self.line_breaks
        decide = self._decide
        no_break = self._no_break
        for m in self._candidates.finditer(text):
            more, close, ws, opening, nxt = m.groups("")
            start = m.start()
            end = m.end()
            c = text[start]
            if c == "\n":
                if end >= n:
                    break
                if not line_breaks and "\n" not in ws:
                    continue
                cut = (_rstrip(text, a, start), end)
                list_items(text, end, markers, forced)
            elif c in BULLETS:
                if start <= a or not text[start - 1].isspace():
                    continue
                cut = (_rstrip(text, a, start), start)
            else:
                if end >= n:
                    break
                ws_start = end - len(ws)
                if "\n" in ws and (line_breaks or ws.count("\n") > 1):
                    cut = (ws_start, end)
                    list_items(text, end, markers, forced)
                elif nxt.islower() or start in markers:
                    continue
                else:
                    cut = decide(text, start, ws_start, end, more, close, nxt,
                                 end + len(opening), a)
                    if cut is None or (no_break is not None and no_break.match(text, cut[0])):
                        continue
            if cut[0] > a:
                out.append((a, cut[0]))
            a = cut[1]
        b = _rstrip(text, a, n)
        if b > a:
            out.append((a, b))
        if forced:
            out = _split_at(text, out, forced)
        return out

    def sentences(self, text: str) -> list[str]:
        return [text[a:b] for a, b in self.spans(text)]

    # -- decisions ----------------------------------------------------------------------------

    def _decide(self, text: str, start: int, ws_start: int, end: int, more: str, close: str,
                nxt: str, p: int, seg_start: int) -> tuple[int, int] | None:
        """``(end of this segment, start of the next)`` if the terminator run at ``start``
        (``text[start] + more``, then ``close``, then whitespace up to ``end``) is a boundary;
        ``nxt`` is the first character after opening quotes, at ``p``."""
        if more or text[start] != ".":
            if " " in more:     # spaced ellipsis ". . ." (with a fourth period: end of sentence)
                if more.count(".") < 3:
                    return None
                if start > 0 and not text[start - 1].isspace():
                    # "compounds. . . . The": the sentence ends at its own period and the
                    # ellipsis opens the next one.
                    return start + 1, _SPACE.match(text, start + 1).end()
            elif close[:1] == "]" and start > 0 and text[start - 1] == "[":
                return None     # "[...]" marks an omission inside a quotation
            return ws_start, end
        if close:     # a closing quote or bracket after the period
            return ws_start, end
        lo = start - 40 if start > 40 else 0
        token = text[text.rfind(" ", lo, start) + 1:start]
        if not token.isprintable():
            parts = token.split()
            token = parts[-1] if parts else ""
        if not token:
            return ws_start, end
        if not token.isalpha():     # "(Dr", "choice,\"Sen", "U.S": keep the abbreviation part
            token = _TOKEN_TAIL.search(token).group().lstrip("-'’.")
        kind = self._abbreviations.get(token.lower(), 0)
        if not kind and len(token) > 1 and "." not in token:
            return ws_start, end    # an ordinary word ends the sentence (the common case)
        if kind & TITLE:
            return None
        if nxt.isdigit():
            return None if kind & BEFORE_NUMBER else (ws_start, end)
        if kind & TIME:
            phrase = self._time_phrase
            if phrase is not None and phrase.fullmatch(text, seg_start, start):
                return None
            zone = _WORD.match(text, p)
            if zone is not None and zone.group() in self.rules.time_zones:
                return None
            return ws_start, end
        if not nxt.isalpha():
            return ws_start, end
        if len(token) == 1:
            if token.isupper() and (not self._starts_sentence(text, p)
                                    or _after_capitalised_word(text, start - 1)):
                return None
            return ws_start, end
        if "." in token and _MULTI_PERIOD.fullmatch(token) and not self._starts_sentence(text, p):
            return None
        return ws_start, end

    def _starts_sentence(self, text: str, pos: int) -> bool:
        word = _WORD.match(text, pos)
        return word is not None and word.group() in self.rules.sentence_starters

    # -- lists --------------------------------------------------------------------------------

    @staticmethod
    def _list_items(text: str, pos: int, markers: set[int], forced: list[int]) -> None:
        """A line that opens with a list marker ("1.", "1)", "1.)", "a.") at ``pos`` is a list
        item; further markers on the same line with the same style and the next number or
        letter start further items (a run-in list). Adds the offsets of the markers'
        terminators (never boundaries themselves) to ``markers`` and the cuts before each
        further item to ``forced``."""
        first = _LIST_START.match(text, pos)
        if first is None:
            return
        value, style = first.group(1), first.group(2)
        markers.add(first.start(2))
        line_end = text.find("\n", first.end())
        marker = re.compile(rf"(?:(?<=\s)|(?<=[{BULLETS}]))(\d{{1,3}}|[a-z])({re.escape(style)})(?=\s)")
        expected = _successor(value)
        for mm in marker.finditer(text, first.end(), line_end if line_end >= 0 else len(text)):
            if mm.group(1) != expected:
                continue
            markers.add(mm.start(2))
            cut = mm.start()
            q = cut
            while q > 0 and text[q - 1] in " \t":
                q -= 1
            if q > 0 and text[q - 1] in BULLETS:
                cut = q - 1
            forced.append(cut)
            expected = _successor(expected)


def _rstrip(text: str, start: int, end: int) -> int:
    """``end`` moved back over whitespace, not before ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _after_capitalised_word(text: str, tok: int) -> bool:
    """True for the initial in "Albert I. Jones": the word before it is capitalised."""
    p = tok - 1
    while p >= 0 and text[p].isspace():
        p -= 1
    q = p
    while q >= 0 and not text[q].isspace():
        q -= 1
    word = text[q + 1:p + 1]
    return bool(word) and word[0].isupper()


def _split_at(text: str, found: list[tuple[int, int]], cuts: list[int]) -> list[tuple[int, int]]:
    """``found`` with each span that contains a cut split there (for run-in lists)."""
    out = []
    pending = sorted(cuts)
    i = 0
    for a, b in found:
        while i < len(pending) and pending[i] <= a:
            i += 1
        while i < len(pending) and pending[i] < b:
            cut = pending[i]
            i += 1
            end = _rstrip(text, a, cut)
            if end > a:
                out.append((a, end))
            a = cut
        out.append((a, b))
    return out


def _successor(value: str) -> str:
    return str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)
