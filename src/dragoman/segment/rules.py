"""Segmentation rules per language, read from ``dragoman/data/segment/<lang>.rules``.

The files are plain text in sections (``[titles]``, ``[before-numbers]`` ...), one item per line,
``#`` comments. They are parsed once per language and cached: the segmenter only looks words up
in frozensets, so adding an abbreviation never costs speed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from dragoman import DATA
from dragoman.errors import SegmentationError

SECTIONS = ("terminators", "titles", "before-numbers", "time-abbreviations", "time-prepositions",
            "time-zones", "dates", "eras", "companies", "company-forms", "exclaimed-names",
            "interview-labels", "titles-not-after-numbers", "glued-openers", "sentence-starters",
            "no-break")
_HEADER = re.compile(r"^\[([a-z-]+)\]$")


LOOKBEHIND_LIMIT = 100


def finitize(pattern: str, limit: int = LOOKBEHIND_LIMIT) -> str:
    """Bound the unbounded repeats of a look-behind (``*``, ``+``, ``{n,}`` -> at most
    ``limit``), as Java SRX engines do: the text before a boundary is then looked at only so
    far back, which keeps a rule's test at one position cheap."""
    out = []
    i, n, depth = 0, len(pattern), 0
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if depth:
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
            out.append(c)
        elif c == "[":
            depth = 1
            out.append(c)
            if pattern[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1:i + 2] == "]":     # "[]...]" and "[^]...]": a literal "]"
                out.append("]")
                i += 1
        elif c in "*+" and not (out and out[-1][-1:] in "*+?}" and c == "+"):
            out.append(f"{{{0 if c == '*' else 1},{limit}}}")
        elif c == "{":
            close = pattern.find("}", i)
            body = pattern[i + 1:close] if close > 0 else ""
            if body.endswith(",") and body[:-1].isdigit():
                out.append(f"{{{body}{max(limit, int(body[:-1]))}}}")
                i = close + 1
                continue
            out.append(c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class NoBreakRule:
    """SRX-style exception: no boundary where ``before`` ends and ``after`` starts."""

    before: str
    after: str

    @property
    def probe(self) -> str:
        """The rule as one pattern that matches (empty) exactly where it applies."""
        return f"(?<={finitize(self.before)})(?={self.after})"


@dataclass(frozen=True)
class LanguageRules:
    lang: str
    terminators: frozenset[str]
    titles: frozenset[str]
    before_numbers: frozenset[str]
    time_abbreviations: frozenset[str]
    time_prepositions: frozenset[str]
    time_zones: frozenset[str]
    sentence_starters: frozenset[str]
    no_break: tuple[NoBreakRule, ...]
    dates: frozenset[str] = frozenset()
    eras: frozenset[str] = frozenset()
    glued_openers: frozenset[str] = frozenset()
    companies: frozenset[str] = frozenset()
    company_forms: frozenset[str] = frozenset()
    exclaimed_names: frozenset[str] = frozenset()
    interview_labels: frozenset[str] = frozenset()
    titles_not_after_numbers: frozenset[str] = frozenset()


def parse_rules(text: str, lang: str, path: str = "<string>") -> LanguageRules:
    """Parse one rules file; a malformed line is a SegmentationError naming path and line."""
    items: dict[str, list] = {name: [] for name in SECTIONS}
    section = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        header = _HEADER.match(line)
        if header:
            section = header.group(1)
            if section not in items:
                raise SegmentationError(
                    f"unknown section [{section}]; expected one of {', '.join(SECTIONS)}",
                    path, lineno)
            continue
        if section is None:
            raise SegmentationError("entry before the first [section] header", path, lineno)
        if section == "no-break":
            before, tab, after = raw.strip("\n").partition("\t")
            if not tab or not before or not after:
                raise SegmentationError(
                    "a no-break rule is 'BEFORE<TAB>AFTER' (two regular expressions)", path, lineno)
            rule = NoBreakRule(before, after)
            try:
                regex.compile(rule.probe)
            except regex.error as exc:
                raise SegmentationError(f"bad regular expression in {raw.strip()!r}: {exc}",
                                        path, lineno) from None
            items[section].append(rule)
        elif section in ("terminators", "glued-openers") and len(line) != 1:
            raise SegmentationError(f"a {section[:-1].replace('-', ' ')} is one character",
                                    path, lineno)
        elif section in ("terminators", "glued-openers", "sentence-starters", "time-zones",
                         "dates", "company-forms", "exclaimed-names", "interview-labels"):
            items[section].append(line)     # case matters
        else:
            items[section].append(line.lower().removesuffix("."))
    return LanguageRules(
        lang=lang,
        terminators=frozenset(items["terminators"]),
        titles=frozenset(items["titles"]),
        before_numbers=frozenset(items["before-numbers"]),
        time_abbreviations=frozenset(items["time-abbreviations"]),
        time_prepositions=frozenset(items["time-prepositions"]),
        time_zones=frozenset(items["time-zones"]),
        sentence_starters=frozenset(items["sentence-starters"]),
        no_break=tuple(items["no-break"]),
        dates=frozenset(items["dates"]),
        eras=frozenset(items["eras"]),
        glued_openers=frozenset(items["glued-openers"]),
        companies=frozenset(items["companies"]),
        company_forms=frozenset(items["company-forms"]),
        exclaimed_names=frozenset(items["exclaimed-names"]),
        interview_labels=frozenset(items["interview-labels"]),
        titles_not_after_numbers=frozenset(items["titles-not-after-numbers"]),
    )


def available_languages() -> list[str]:
    folder = DATA / "segment"
    return sorted(p.name.removesuffix(".rules") for p in folder.iterdir()
                  if p.name.endswith(".rules"))


@lru_cache(maxsize=None)
def load_rules(lang: str) -> LanguageRules:
    """The shipped rules of ``lang``; an unknown language is a SegmentationError."""
    folder = DATA / "segment"
    resource = folder / f"{lang}.rules"
    if not resource.is_file():
        raise SegmentationError(
            f"no segmentation rules for language {lang!r}; "
            f"available: {', '.join(available_languages())}")
    return parse_rules(resource.read_text(encoding="utf-8"), lang, str(resource))


def load_rules_file(path: str | Path, lang: str) -> LanguageRules:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SegmentationError(f"cannot read rules: {exc}", path) from None
    return parse_rules(text, lang, str(path))
