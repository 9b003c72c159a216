"""The rule-based sentence segmenter.

One compiled regular expression finds every candidate boundary (a run of terminators with its
closing quotes/brackets and the whitespace after it, a line break, a bullet); the text between
candidates is never looked at again, which keeps the work linear and fast. Each candidate is
then accepted or refused by cheap checks against the language's rules (frozenset look-ups of the
word before and the word after). The result is a list of *cuts*: offsets where a new segment
starts. Segments are the stretches between cuts without their surrounding whitespace, so they
plus the gaps between them rebuild the input exactly.
"""

from __future__ import annotations

import re

from dragoman.segment.rules import LanguageRules

#: Closing quotes and brackets that may follow a terminator and belong to its sentence.
CLOSERS = "\"'”’»›)]}\u200e\u200f"
#: Opening quotes and brackets that may precede the first letter of the next sentence.
OPENERS = "\"'“‘„«‹([{¿¡\u200e\u200f"
BULLETS = "•⁃‣◦▪"

_WORD = re.compile(r"[^\W\d_]+")
_SPACE = re.compile(r"\s*")
_MULTI_PERIOD = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_LIST_START = re.compile(rf"\s*(?:[{BULLETS}]\s*)?(\d{{1,3}}|[a-z])(\.\)|\)|\.)\s")


class Segmenter:
    """Sentence boundaries of plain text under one language's rules.

    ``line_breaks``: a single line break ends a segment (default); when False only a blank
    line does, and a lone line break is ordinary whitespace inside a sentence.
    """

    def __init__(self, rules: LanguageRules, line_breaks: bool = True):
        self.rules = rules
        self.line_breaks = line_breaks
        terminators = "".join(sorted(rules.terminators))
        if "." not in terminators:
            raise ValueError("the terminators of a language must include '.'")
        term_class = "[" + re.escape(terminators) + "]"
        self._candidates = re.compile(
            rf"(?P<term>{term_class}+(?: \.)*)(?P<close>[{re.escape(CLOSERS)}]*)(?P<ws>\s+|\Z)"
            rf"|(?P<nl>\n\s*)"
            rf"|(?P<bullet>[{BULLETS}])")
        self._no_break = (re.compile("|".join(f"(?:{r.before})(?={r.after})" for r in rules.no_break))
                          if rules.no_break else None)
        if rules.time_abbreviations and rules.time_prepositions:
            preps = "|".join(re.escape(p) for p in sorted(rules.time_prepositions))
            times = "|".join(re.escape(t) for t in sorted(rules.time_abbreviations))
            self._time_phrase = re.compile(
                rf"\s*(?:{preps})\s+\d{{1,2}}(?:[:.]\d\d)?\s*(?:{times})", re.IGNORECASE)
        else:
            self._time_phrase = None

    # -- public -----------------------------------------------------------------------------

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each segment, in order, without surrounding whitespace."""
        cuts = self.cuts(text)
        out = []
        start = 0
        n = len(text)
        space = _SPACE
        for cut in (*cuts, n):
            a = space.match(text, start).end()
            b = cut
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
            start = cut
        return out

    def cuts(self, text: str) -> list[int]:
        """Offsets where a new segment starts (sorted, without 0 and ``len(text)``)."""
        n = len(text)
        cuts: list[int] = []
        last = 0
        vetoed = ({m.end() for m in self._no_break.finditer(text)}
                  if self._no_break is not None else ())
        markers, forced = self._list_markers(text)
        line_breaks = self.line_breaks
        for m in self._candidates.finditer(text):
            end = m.end()
            if end >= n:
                continue
            term = m.group("term")
            if term is None:
                if m.group("nl") is not None:
                    if line_breaks or "\n" in m.group("nl")[1:]:
                        cuts.append(end)
                        last = end
                else:   # a bullet opens a new item unless it starts the text
                    start = m.start()
                    if start and text[start - 1].isspace():
                        cuts.append(start)
                        last = start
                continue
            ws = m.group("ws")
            if "\n" in ws and (line_breaks or ws.count("\n") > 1):
                cuts.append(end)
                last = end
                continue
            if markers and m.start() in markers:
                continue
            if m.end("close") in vetoed:
                continue
            cut = self._decide(text, m, term, end, last)
            if cut is not None:
                cuts.append(cut)
                last = cut
        if forced:
            cuts = sorted(set(cuts).union(forced))
        return cuts

    # -- decisions ----------------------------------------------------------------------------

    def _decide(self, text: str, m: re.Match, term: str, end: int, last: int) -> int | None:
        """Where the next segment starts if candidate ``m`` is a boundary, else None."""
        n = len(text)
        p = end
        while p < n and text[p] in OPENERS:
            p += 1
        nxt = text[p] if p < n else ""
        if nxt.islower():
            return None
        if term != ".":
            return self._decide_run(text, m, term, end)
        if m.group("close"):
            return end
        rules = self.rules
        start = m.start()
        tok = start
        while tok > 0 and not text[tok - 1].isspace():
            tok -= 1
        token = text[tok:start].lstrip(OPENERS)
        key = token.lower()
        if key in rules.titles:
            return None
        if nxt.isdigit():
            return None if key in rules.before_numbers else end
        if key in rules.time_abbreviations:
            phrase = self._time_phrase
            if phrase is not None and phrase.fullmatch(text, last, start):
                return None
            return end
        if not nxt.isalpha():
            return end
        if len(token) == 1:
            if token.isupper() and not self._starts_sentence(text, p):
                return None
            if token.isupper() and self._after_capitalised_word(text, tok):
                return None
            return end
        if "." in token and _MULTI_PERIOD.fullmatch(token):
            return end if self._starts_sentence(text, p) else None
        return end

    def _decide_run(self, text: str, m: re.Match, term: str, end: int) -> int | None:
        """A run of terminators: "?!", "...", "…", ". . . ."."""
        if " " in term:     # spaced ellipsis ". . ." (with a fourth period: end of sentence)
            dots = term.count(".")
            if dots < 4:
                return None
            start = m.start()
            if start > 0 and not text[start - 1].isspace():
                # "compounds. . . . The" : the sentence ends at its own period and the
                # ellipsis opens the next one.
                return start + 2
            return end
        return end

    def _starts_sentence(self, text: str, pos: int) -> bool:
        word = _WORD.match(text, pos)
        return word is not None and word.group() in self.rules.sentence_starters

    @staticmethod
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

    # -- lists --------------------------------------------------------------------------------

    @staticmethod
    def _list_markers(text: str) -> tuple[set[int], list[int]]:
        """A text that opens with a list marker ("1.", "1)", "1.)", "a.") is a run-in list:
        each following marker of the same style and the next number/letter starts an item.
        Returns the offsets of the markers' terminators (never boundaries themselves) and
        the cuts before each item after the first."""
        first = _LIST_START.match(text)
        if first is None:
            return set(), []
        value, style = first.group(1), first.group(2)
        marker = re.compile(rf"(?:(?<=\s)|(?<=[{BULLETS}]))(\d{{1,3}}|[a-z])({re.escape(style)})(?=\s)")
        terms = {first.start(2)}
        forced = []
        expected = _successor(value)
        for mm in marker.finditer(text, first.end()):
            if mm.group(1) != expected:
                continue
            terms.add(mm.start(2))
            cut = mm.start()
            q = cut
            while q > 0 and text[q - 1] in " \t":
                q -= 1
            if q > 0 and text[q - 1] in BULLETS:
                cut = q - 1
            forced.append(cut)
            expected = _successor(expected)
        return terms, forced


def _successor(value: str) -> str:
    return str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)
