"""SRX 2.0 (Segmentation Rules eXchange): read rule files of CAT tools, segment with them, and
export dragoman's own rules, so that a translator's tool and dragoman cut text the same way.

Semantics as in the SRX 2.0 specification: the rule sets of a language are chosen by the
``<maprules>`` whose ``languagepattern`` matches the language code (all of them in order with
``cascade="yes"``, else the first); at every position of the text the first rule whose
``beforebreak`` matches the text ending there and whose ``afterbreak`` matches the text starting
there decides: ``break="yes"`` cuts, ``break="no"`` does not. SRX files are written for Java/ICU
regular expressions; the ``regex`` module understands nearly all of that syntax (``\\p{Lu}``,
possessive quantifiers, variable-length look-behind), and the few Java-only forms are rewritten.
XML is parsed without entity expansion or network access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from xml.sax.saxutils import escape

import regex
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from dragoman.errors import SegmentationError
from dragoman.segment.engine import BULLETS, CLOSERS, OPENERS
from dragoman.segment.rules import LanguageRules, finitize

SRX_NS = "http://www.lisa.org/srx20"


@dataclass(frozen=True)
class SrxRule:
    breaks: bool
    before: str
    after: str
    line: int | None = None


@dataclass(frozen=True)
class SrxDocument:
    """The content of an SRX file: named rule sets and the language map that picks them."""

    cascade: bool
    rulesets: dict[str, tuple[SrxRule, ...]]
    maps: tuple[tuple[str, str], ...]     # (languagepattern, languagerulename), in order
    path: str = "<string>"

    def rules_for(self, lang: str) -> list[SrxRule]:
        """The rules that apply to ``lang``, in the order SRX says they are tried."""
        chosen = []
        for pattern, name in self.maps:
            if _language_matches(pattern, lang):
                chosen.extend(self.rulesets.get(name, ()))
                if not self.cascade:
                    break
        return chosen

    def segmenter(self, lang: str) -> "SrxSegmenter":
        rules = self.rules_for(lang)
        if not rules:
            raise SegmentationError(
                f"no rules for language {lang!r} (language patterns: "
                f"{', '.join(p for p, _ in self.maps) or 'none'})", self.path)
        return SrxSegmenter(rules, self.path)


def _language_matches(pattern: str, lang: str) -> bool:
    """Java's ``matches()`` (the whole code); CAT tools write both "EN.*" and "en.*"."""
    try:
        compiled = regex.compile(pattern)
    except regex.error:
        return False
    return any(compiled.fullmatch(code) for code in (lang, lang.upper(), lang.lower()))


# -- reading ---------------------------------------------------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_srx(data: str | bytes, path: str = "<string>") -> SrxDocument:
    """Parse SRX 2.0 (also 1.0) text; errors name the file and, where known, the line."""
    try:
        root = ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True,
                                      forbid_external=True)
    except DefusedXmlException as exc:
        raise SegmentationError(f"refused unsafe XML: {exc}", path) from None
    except ElementTree.ParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        raise SegmentationError(f"not well-formed XML: {exc}", path, line) from None
    if _local(root.tag) != "srx":
        raise SegmentationError(f"not an SRX file (root element <{_local(root.tag)}>)", path)
    cascade = False
    rulesets: dict[str, tuple[SrxRule, ...]] = {}
    maps: list[tuple[str, str]] = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "header":
            cascade = element.get("cascade", "no").lower() == "yes"
        elif name == "languagerule":
            rule_name = element.get("languagerulename")
            if rule_name is None:
                raise SegmentationError("<languagerule> without languagerulename", path)
            rulesets[rule_name] = tuple(_read_rule(r, path) for r in element
                                        if _local(r.tag) == "rule")
        elif name == "languagemap":
            pattern, target = element.get("languagepattern"), element.get("languagerulename")
            if pattern is None or target is None:
                raise SegmentationError(
                    "<languagemap> needs languagepattern and languagerulename", path)
            maps.append((pattern, target))
    for _, target in maps:
        if target not in rulesets:
            raise SegmentationError(f"<languagemap> names a missing rule set {target!r}", path)
    return SrxDocument(cascade, rulesets, tuple(maps), path)


def _read_rule(element, path: str) -> SrxRule:
    before = after = ""
    for child in element:
        if _local(child.tag) == "beforebreak":
            before = child.text or ""
        elif _local(child.tag) == "afterbreak":
            after = child.text or ""
    rule = SrxRule(element.get("break", "yes").lower() != "no", before, after)
    for pattern in (before, after):
        try:
            compile_java(pattern)
        except regex.error as exc:
            raise SegmentationError(f"rule with an unusable regular expression {pattern!r}: {exc}",
                                    path) from None
    return rule


def read_srx(path: str | Path) -> SrxDocument:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SegmentationError(f"cannot read SRX file: {exc.strerror or exc}", path) from None
    return parse_srx(data, str(path))


_JAVA_TOKEN = re.compile(r"\\Q(.*?)(?:\\E|$)|\\[pP]\{\w+\}|\\.|\(\?U\)", re.DOTALL)
_JAVA_ESCAPES = {
    "\\h": r"[ \t\xa0\u1680\u180e\u2000-\u200a\u202f\u205f\u3000]",
    "\\H": r"[^ \t\xa0\u1680\u180e\u2000-\u200a\u202f\u205f\u3000]",
    "\\v": r"[\n\x0b\f\r\x85\u2028\u2029]",
    "\\V": r"[^\n\x0b\f\r\x85\u2028\u2029]",
    "\\p{javaLowerCase}": r"\p{Ll}",
    "\\p{javaUpperCase}": r"\p{Lu}",
    "\\p{javaLetter}": r"\p{L}",
    "\\p{IsAlphabetic}": r"\p{Alphabetic}",
    "\\p{IsLatin}": r"\p{Latin}",
    "(?U)": "",     # Java's UNICODE_CHARACTER_CLASS: Python patterns are Unicode already
}


def java_to_python(pattern: str) -> str:
    """Rewrite the Java/ICU regex forms that the ``regex`` module spells differently."""
    def rewrite(m: re.Match) -> str:
        if m.group(1) is not None:
            return regex.escape(m.group(1))
        return _JAVA_ESCAPES.get(m.group(), m.group())
    return _JAVA_TOKEN.sub(rewrite, pattern)


def compile_java(pattern: str):
    """A Java/ICU regular expression compiled with ``regex``."""
    return _compile(java_to_python(pattern))


def _compile(python: str):
    """Java's class intersections (``[\\p{L}&&[^x]]``) need the ``regex`` module's V1 mode."""
    return regex.compile(python, regex.V1 if "&&" in python else regex.V0)


# -- segmenting ------------------------------------------------------------------------------------

class SrxSegmenter:
    """Segments plain text with an ordered list of SRX rules (same interface as ``Segmenter``)."""

    def __init__(self, rules: list[SrxRule], path: str = "<string>"):
        self.rules = tuple(rules)
        self.path = path

    @cached_property
    def _compiled(self):
        """For each break rule: its position finder and the no-break rules tried before it."""
        compiled = []
        exceptions: list[str] = []
        for rule in self.rules:
            before, after = java_to_python(rule.before), java_to_python(rule.after)
            if rule.breaks:     # found like Java's find(): the text before is consumed
                compiled.append((_compile(f"(?:{before})(?={after})"),
                                 _compile("|".join(exceptions)) if exceptions else None))
            else:               # tried at one position: the text before is looked behind
                exceptions.append(f"(?<={finitize(before)})(?={after})")
        return compiled

    def cuts(self, text: str) -> list[int]:
        decided: dict[int, bool] = {}
        for finder, veto in self._compiled:
            for m in finder.finditer(text):
                pos = m.end()
                if pos in decided or pos == 0 or pos == len(text):
                    continue
                decided[pos] = veto is None or veto.match(text, pos) is None
        return sorted(pos for pos, cut in decided.items() if cut)

    def spans(self, text: str) -> list[tuple[int, int]]:
        out = []
        start = 0
        for cut in (*self.cuts(text), len(text)):
            a, b = start, cut
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
            start = cut
        return out

    def sentences(self, text: str) -> list[str]:
        return [text[a:b] for a, b in self.spans(text)]


# -- exporting -------------------------------------------------------------------------------------

def _char_class(chars: str) -> str:
    """A character class, with invisible characters (bidi marks) as ``\\uXXXX`` escapes."""
    body = "".join(f"\\u{ord(c):04X}" if not c.isprintable() or c in "\u200e\u200f"
                   else regex.escape(c, special_only=True) for c in chars)
    return f"[{body}]"


def _alternatives(words) -> str:
    return "|".join(regex.escape(w, special_only=True) for w in sorted(words, key=lambda w: (-len(w), w)))


def srx_rules(rules: LanguageRules) -> list[SrxRule]:
    """dragoman's rules of one language written as SRX rules (exceptions first, then breaks).

    SRX cannot say everything the native engine checks: run-in numbered lists ("1) one
    2) two") are not split, a time phrase counts only right after a sentence end, and lone
    initials are judged only by the word after them.
    """
    terms = _char_class("".join(sorted(rules.terminators)))
    closers = _char_class(CLOSERS) + "*"
    openers = _char_class(OPENERS) + "*"
    out = [
        # "compounds. . . . The": the sentence ends at its own period.
        SrxRule(True, r"[^\s.]\.", r" \. \. \.\s"),
        # ". . . ." ends a sentence; ". . ." alone and "[...]" omission marks do not.
        SrxRule(True, r"\s\.\s\.\s\.\s\.", r"\s"),
        SrxRule(False, r"\s\.\s\.\s\.", r"\s"),
        SrxRule(False, r"\.", r" \."),
        # A list marker at the start of a line ("1.", "a.", "2.)") is not a sentence.
        SrxRule(False, rf"(?:^|\n)[ \t]*(?:{_char_class(BULLETS)}[ \t]*)?(?:\d{{1,3}}|[a-z])\.\)?",
                r"\s"),
        SrxRule(False, rf"\[(?:\.\.\.|…)\]{closers}", r"\s"),
        # A lower-case word continues the sentence.
        SrxRule(False, rf"{terms}+{closers}", rf"\s+{openers}\p{{Ll}}"),
    ]
    out += [SrxRule(False, r.before, r.after) for r in rules.no_break]
    if rules.titles:
        out.append(SrxRule(False, rf"(?<![\p{{L}}\p{{N}}.])(?i:{_alternatives(rules.titles)})\.",
                           r"\s"))
    if rules.before_numbers:
        out.append(SrxRule(False, rf"(?<![\p{{L}}\p{{N}}.])(?i:{_alternatives(rules.before_numbers)})\.",
                           r"\s+\p{N}"))
    if rules.time_abbreviations and rules.time_prepositions:
        # "At 5 a.m. Mr. Smith went ...": a sentence that so far is only a time phrase goes on.
        out.append(SrxRule(
            False,
            rf"(?:^|\n|{terms}{closers}\s+)(?i:{_alternatives(rules.time_prepositions)})\s+"
            rf"\d{{1,2}}(?:[:.]\d\d)?\s*(?i:{_alternatives(rules.time_abbreviations)})\.",
            r"\s"))
    if rules.time_abbreviations and (rules.time_zones or rules.dates):
        out.append(SrxRule(False, rf"(?<![\p{{L}}.])(?i:{_alternatives(rules.time_abbreviations)})\.",
                           rf"\s+(?:{_alternatives(rules.time_zones | rules.dates)})\b"))
    if rules.time_abbreviations:     # "at 6 P.M. Mr. Smith": a boundary
        out.append(SrxRule(True, rf"(?<![\p{{L}}.])(?i:{_alternatives(rules.time_abbreviations)})\.",
                           rf"\s+{openers}\p{{Lu}}"))
    if rules.sentence_starters:
        not_a_starter = rf"\s+{openers}(?!(?:{_alternatives(rules.sentence_starters)})\b)\p{{Lu}}"
        out.append(SrxRule(False, r"(?<![\p{L}.])(?:\p{L}\.){2,}", not_a_starter))
        out.append(SrxRule(False, r"(?<![\p{L}.])\p{Lu}\.", not_a_starter))
    if rules.glued_openers:     # "kir.“Her": a quotation opens with no space
        out.append(SrxRule(True, rf"{terms}+{closers}", _char_class("".join(sorted(rules.glued_openers)))))
    out += [
        SrxRule(True, rf"{terms}+{closers}", r"\s"),
        SrxRule(True, r"\n", ""),
        SrxRule(True, "", _char_class(BULLETS)),
    ]
    return out


def export_srx(languages: list[LanguageRules]) -> str:
    """An SRX 2.0 document with one rule set per language (``cascade="no"``)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<srx xmlns="{SRX_NS}" version="2.0">',
             '  <header segmentsubflows="yes" cascade="no">',
             '    <formathandle type="start" include="no"/>',
             '    <formathandle type="end" include="yes"/>',
             '    <formathandle type="isolated" include="no"/>',
             '  </header>',
             '  <body>',
             '    <languagerules>']
    for rules in languages:
        lines.append(f'      <languagerule languagerulename="{escape(rules.lang)}">')
        for rule in srx_rules(rules):
            lines.append(f'        <rule break="{"yes" if rule.breaks else "no"}">')
            lines.append(f'          <beforebreak>{escape(rule.before)}</beforebreak>')
            lines.append(f'          <afterbreak>{escape(rule.after)}</afterbreak>')
            lines.append('        </rule>')
        lines.append('      </languagerule>')
    lines += ['    </languagerules>', '    <maprules>']
    for rules in languages:
        pattern = f"(?i){regex.escape(rules.lang)}(?:[-_].*)?"
        lines.append(f'      <languagemap languagepattern="{escape(pattern, {chr(34): "&quot;"})}" '
                     f'languagerulename="{escape(rules.lang)}"/>')
    lines += ['    </maprules>', '  </body>', '</srx>']
    return "\n".join(lines) + "\n"
