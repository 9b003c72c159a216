"""The rule-based sentence segmenter.

One compiled regular expression finds every candidate boundary (a run of terminators with its
closing quotes/brackets and the whitespace after it, a line break, a bullet); the text between
candidates is never looked at again, which keeps the work linear and fast. Each candidate is
then accepted or refused by cheap checks against the language's rules (look-ups of the word
before and the word after in sets); the commonest boundary, a period after an ordinary word
before a capital, is accepted by the regex itself (``_ordinary_word_period``). Segments are
the stretches between accepted boundaries without their surrounding whitespace, as offsets,
so they plus the gaps between them rebuild the input exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_left

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
TITLE, BEFORE_NUMBER, TIME, ERA, COMPANY, NOT_AFTER_NUMBER = 1, 2, 4, 8, 16, 32
#: Dashes that open and close a parenthetical ("The convoy — was it 40 trucks? — crossed").
DASHES = "—–-"


class Segmenter:
    """Sentence boundaries of plain text under one language's rules.

    ``line_breaks``: a single line break ends a segment (default); when False only a blank
    line does, and a lone line break is ordinary whitespace inside a sentence.
    ``fast_path``: the candidate regex itself accepts a period after an ordinary word (most
    boundaries of real copy, see ``_ordinary_word_period``); False sends every candidate
    through the checks below (same segments, slower; the property tests compare the two).
    """

    def __init__(self, rules: LanguageRules, line_breaks: bool = True, fast_path: bool = True):
        self.rules = rules
        self.line_breaks = line_breaks
        abbreviations: dict[str, int] = {}
        for flag, words in ((TITLE, rules.titles), (BEFORE_NUMBER, rules.before_numbers),
                            (TIME, rules.time_abbreviations), (ERA, rules.eras),
                            (COMPANY, rules.companies),
                            (TITLE | NOT_AFTER_NUMBER, rules.titles_not_after_numbers)):
            for word in words:
                abbreviations[word] = abbreviations.get(word, 0) | flag
        self._abbreviations = abbreviations
        terms = re.escape("".join(sorted(rules.terminators)))
        # One character class first, so that the regex engine skips ordinary text quickly. A
        # candidate starts only at the first terminator of a run (the look-behinds), and runs are
        # taken whole (possessive), so no text is scanned twice: linear time on any input.
        # Groups: the rest of a terminator run ("...", ". . ."), closing quotes/brackets (the
        # run must be followed by whitespace or the end), the whitespace, then, looked at but
        # not consumed, opening quotes and the first character of what follows. After a line
        # break or a bullet only the whitespace is taken.
        # A run may also be followed directly by one of the language's glued openers: Kurmanji
        # copy often starts the next sentence with its quote and no space ("kir.“Her").
        closers = re.escape(CLOSERS)
        glued = f"|[{re.escape(''.join(sorted(rules.glued_openers)))}]" if rules.glued_openers else ""
        ordinary = _ordinary_word_period(rules, self._abbreviations) if fast_path else ""
        self._candidates = re.compile(
            rf"[{terms}\n{BULLETS}](?:{ordinary}(?<![{terms}][{terms}])(?<!\. \.)"
            rf"(?:(?<=[\n{BULLETS}])|(?P<more>(?:[{terms}]++| \.(?=[\s{terms}{closers}]|\Z))*+)"
            rf"(?P<close>[{closers}]*+)(?=\s|\Z{glued}))"
            rf"(?P<ws>\s*)(?=(?P<open>[{re.escape(OPENERS)}]*)(?P<next>.?)))", re.DOTALL)
        # Exception rules are checked only where a boundary was accepted: the text before must
        # end there and the text after start there (variable-length look-behind: ``regex``).
        self._no_break = (regex.compile("|".join(r.probe for r in rules.no_break))
                          if rules.no_break else None)
        if rules.time_abbreviations and rules.time_prepositions:
            preps = "|".join(re.escape(p) for p in sorted(rules.time_prepositions))
            times = "|".join(re.escape(t) for t in sorted(rules.time_abbreviations))
            # A day may open the phrase: "On Monday at 6 a.m. Mr. Smith arrived".
            days = "|".join(re.escape(d) for d in sorted(rules.dates))
            day = rf"(?:(?:on\s+)?(?:{days})(?:\s+\d{{1,2}})?,?\s+)?" if days else ""
            self._time_phrase = re.compile(
                rf"\s*{day}(?:{preps})\s+\d{{1,2}}(?:[:.]\d\d)?\s*(?:{times})", re.IGNORECASE)
        else:
            self._time_phrase = None
        self._time_followers = rules.time_zones | rules.dates

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
        after_run = self._after_run
        after_period = self._after_period
        no_break = self._no_break
        for m in self._candidates.finditer(text):
            if m.lastgroup == "ordinary":   # decided by the regex: a boundary after the period
                start = m.start()
                if no_break is None or not no_break.match(text, start + 1):
                    out.append((a, start + 1))
                    a = m.end()
                continue
            more, close, ws, opening, nxt = m.groups("")[-5:]
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
                    if more or close or c != ".":
                        cut = after_run(text, start, ws_start, end, more, close, nxt, a)
                    else:
                        token = text[text.rfind(" ", start - 40 if start > 40 else 0, start) + 1:start]
                        cut = after_period(text, start, ws_start, end, token, nxt,
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

    def _after_run(self, text: str, start: int, ws_start: int, end: int, more: str, close: str,
                   nxt: str, seg_start: int) -> tuple[int, int] | None:
        """``(end of this segment, start of the next)`` if the terminator run at ``start``
        (``text[start] + more``, then ``close``, then whitespace up to ``end``) is a boundary;
        ``nxt`` is the first character after opening quotes. For any run but a lone period."""
        if more or text[start] != ".":
            if not more and nxt and nxt in DASHES and _in_dash_parenthetical(text, seg_start, start):
                return None     # "— was it really 40? — crossed": the parenthetical goes on
            if text[start] == "!" and not more and self.rules.exclaimed_names and (
                    text[text.rfind(" ", seg_start, start) + 1:start + 1] in self.rules.exclaimed_names):
                return None     # "Yahoo! News"
            if " " in more:     # spaced ellipsis ". . ." (with a fourth period: end of sentence)
                if more.count(".") < 3:
                    return None
                if start > 0 and not text[start - 1].isspace():
                    # "compounds. . . . The": the sentence ends at its own period and the
                    # ellipsis opens the next one.
                    return start + 1, _SPACE.match(text, start + 1).end()
            elif close[:1] == "]" and start > 0 and text[start - 1] == "[":
                return None     # "[...]" marks an omission inside a quotation
        return ws_start, end    # a period with a closing quote or bracket after it, too

    def _after_period(self, text: str, start: int, ws_start: int, end: int, token: str, nxt: str,
                      p: int, seg_start: int) -> tuple[int, int] | None:
        """The same decision for a lone period after ``token`` (the text since the last space,
        at most 40 characters): after an ordinary word (one the fast path did not take) a
        boundary; abbreviations, initials and numbers are looked at. ``nxt`` is the first
        character after opening quotes, at ``p``."""
        if not token.isprintable():
            parts = token.split()
            token = parts[-1] if parts else ""
        if not token:
            return ws_start, end
        if not token.isalpha():     # "(Dr", "choice,\"Sen", "U.S": keep the abbreviation part
            token = _TOKEN_TAIL.search(token).group().lstrip("-'’.")
        kind = self._abbreviations.get(token.lower(), 0)
        if not kind and len(token) > 1 and "." not in token:
            return ws_start, end    # a word that is no abbreviation ends the sentence
        if kind & TITLE:
            if kind & NOT_AFTER_NUMBER and _after_number(text, start - len(token)):
                return ws_start, end    # "عام 2020 م." ends with the era, not a title
            return None
        if kind & COMPANY:
            form = _WORD.match(text, p)
            if (p > end and text[p - 1] == "(") or (form and form.group() in self.rules.company_forms):
                return None     # "Apple Inc. (NASDAQ: AAPL) said", "GmbH & Co. KG"
        if nxt.isdigit():
            return None if kind & BEFORE_NUMBER else (ws_start, end)
        if kind & ERA:      # "300 B.C. Archaeologists": the era ends the sentence
            return ws_start, end
        if kind & TIME:
            phrase = self._time_phrase
            if phrase is not None and phrase.fullmatch(text, seg_start, start):
                return None
            # A zone or a day after the time ("at 10 p.m. ET", AP's "at 10 a.m. Tuesday").
            follower = _WORD.match(text, p)
            if follower is not None and follower.group() in self._time_followers:
                return None
            return ws_start, end
        if not nxt.isalpha():
            return ws_start, end
        if (token.isdigit() and len(token) <= 2 and nxt.isupper()
                and _run_in_item(text, seg_start, start - len(token), token)):
            return None         # "demands: 1. Release the detainees. 2. Lift the siege."
        if len(token) == 1:
            if token in self.rules.interview_labels and start - 1 == seg_start:
                return None     # "Q. What did you see? A. Nothing."
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


#: Letters before a period that the fast path looks at.
_FAST_SUFFIX = 3


def _ordinary_word_period(rules: LanguageRules, abbreviations: dict[str, int]) -> str:
    """A regex branch (group ``ordinary``) for the commonest boundary, decided without Python:
    a lone period after ``_FAST_SUFFIX`` lower-case ASCII letters that no abbreviation ends
    with, then spaces or tabs and an ASCII capital (after any opening quotes). ``_after_period`` accepts exactly these:
    whatever it takes as the word before the period ends with those letters, so it is no
    abbreviation, and a word of two letters or more that is no abbreviation ends the sentence.
    Anything else takes the full path."""
    if "." not in rules.terminators:
        return ""
    endings: dict[str, set[str]] = {}
    for word in abbreviations:
        if len(word) >= _FAST_SUFFIX:
            ending = word[-_FAST_SUFFIX:]
            endings.setdefault(ending[0], set()).add(re.escape(ending[1:]))
    # Grouped by first letter, so that the look-behind tries few alternatives.
    known = "|".join(f"{re.escape(first)}(?:{'|'.join(sorted(rest))})"
                     for first, rest in sorted(endings.items()))
    # It follows the candidate's first character (the period, checked by the look-behinds),
    # so that the regex engine still skips ordinary text by that character alone.
    return (rf"(?P<ordinary>(?<=[a-z]{{{_FAST_SUFFIX}}}\.)" + (rf"(?<!(?:{known})\.)" if known else "")
            + rf"[^\S\n]+)(?=[{re.escape(OPENERS)}]*[A-Z])|")


def _rstrip(text: str, start: int, end: int) -> int:
    """``end`` moved back over whitespace, not before ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _in_dash_parenthetical(text: str, seg_start: int, pos: int) -> bool:
    """True if a spaced dash (or an em dash) opens a parenthetical before ``pos`` in the segment."""
    return any(text.find(dash, seg_start, pos) >= 0 for dash in ("—", "–", " - "))


def _after_number(text: str, tok: int) -> bool:
    """True if the word before the token at ``tok`` is a number ("2020 م.")."""
    p = tok - 1
    while p >= 0 and text[p].isspace():
        p -= 1
    return p >= 0 and text[p].isdigit()


def _run_in_item(text: str, seg_start: int, tok: int, number: str) -> bool:
    """True for the number of a run-in list item: "1" right after a colon, or any item number
    that opens a segment (the sentence before it ended)."""
    if tok == seg_start:
        return True
    p = tok - 1
    while p > seg_start and text[p].isspace():
        p -= 1
    return number == "1" and text[p] == ":"


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
    """``found`` with each span that contains a cut split there (for run-in lists). The spans
    are found by bisection: a long text has many spans and few cuts."""
    out: list[tuple[int, int]] = []
    copied = 0      # found[:copied] are in out
    for cut in sorted(cuts):
        i = bisect_left(found, (cut,)) - 1      # the last span that starts before the cut
        if i < 0 or cut >= found[i][1]:
            continue
        if i >= copied:
            out += found[copied:i + 1]
            copied = i + 1
        a, b = out.pop()    # that span, already split at any earlier cut
        end = _rstrip(text, a, cut)
        if end > a:
            out.append((a, end))
        out.append((cut, b))
    out += found[copied:]
    return out


def _successor(value: str) -> str:
    return str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)
