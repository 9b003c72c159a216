"""The glossary lint: deprecated spellings and unknown near-variants of the glossary's names
in English text, and the fix that rewrites them.

A file is linted in place: its text is *masked* (markup, URLs, code, PO syntax and
everything but the ``msgid`` strings replaced by spaces of the same length), so every finding
has the exact line and column of the file and the fix edits the file's own text.

Per text, two linear passes: the glossary's automaton (:meth:`Glossary.find`) finds every
known spelling; one compiled pattern finds capitalised name-like runs that no known spelling
covers, and the names among each run's words (the longest from the left, a lowercase generic
word after the run included: "Tishren dam") are looked up in the :class:`VariantIndex` (a
dictionary, not a loop over terms). An approved term found with an article it does not have
(al-Raqqa, Al Hasakah) is a variant too. Precision first: a common English word opening a
sentence, a name on the list of distinct names, a homonym near the words that tell it, a
look-alike (Mazloum Kobani), a word of an address, hashtag or handle, or a spelling two equally
close names could claim is never reported.

Confidence: 1.0 for a deprecated spelling the glossary lists; 0.95 for a spelling with the
same transliteration skeleton as a glossary name (al-Hasakeh); 0.9 for a Kurmanji term quoted
in English or a glued article (Qamişlo, Alhasakah); 0.5 + 0.4 x the skeletons' similarity,
about 0.83 to 0.87, for one slipped letter (Al-Qamishi, Al-Qamishily); 0.7 for a near spelling
of a two-word name (Sari Kani).
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex

from dragoman.errors import InputError
from dragoman.glossary.matcher import is_acronym
from dragoman.glossary.model import TARGET_LANGUAGES, Glossary
from dragoman.glossary.variants import EXACT, VariantIndex, _starts_with_article, articles
from dragoman.rulefiles import rule_rows

@dataclass(frozen=True)
class Finding:
    """One spelling to correct. ``kind`` is ``deprecated`` or ``suspected`` (English), or
    in a translation ``variant`` or ``foreign``; ``preferred`` is the glossary's preferred
    term; ``replacement`` is what ``fix`` writes (the preferred term, keeping a mid-sentence
    lowercase article: al-Hasakeh -> al-Hasakah)."""

    path: str
    line: int
    column: int
    found: str
    preferred: str
    concept: str
    kind: str
    confidence: float
    replacement: str
    start: int
    end: int

    def to_dict(self) -> dict:
        data = asdict(self)
        del data["start"], data["end"]
        return data


@cache
def common_words() -> frozenset[str]:
    """Common English words: a name only when capitalised mid-sentence (Tay, Sari), and then
    only by its exact skeleton."""
    return frozenset(row[0].lower() for row in rule_rows("termrules/common_english.txt", 1))


@cache
def generic_words() -> frozenset[str]:
    """Generic words that follow or precede names (Governorate, Countryside, dam): never a
    name on their own, never the first word of one."""
    return frozenset(row[0].lower() for row in rule_rows("termrules/name_context_words.txt", 1))


@cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    """(a capitalised run of name-like words, one word of such a run, an article written
    just before a name).

    A run starts at a capital letter, so the engine skips everything else quickly; its words
    never include a possessive 's (Aleppo’s is the word Aleppo). An article
    written before it (al-Hasakeh, al Hasakeh) is taken into the finding by
    :func:`_finding` when the preferred term has one."""
    hyphen, space = articles()
    article = "(?:" + "|".join(sorted(hyphen, key=len, reverse=True)) + ")"
    spaced = "(?:" + "|".join(sorted(space, key=len, reverse=True)) + ")"
    inner = "(?:" + "|".join(sorted(hyphen | space, key=len, reverse=True)) + ")"
    letter = r"[\p{L}\p{M}]"
    # Apostrophes and ayn signs inside a word (Rif`at, Ma‘dan); an ayn sign may also open a
    # word (‘Irbin), but an opening quote only inside a run (Wadi al ‘Uyun), never first.
    sign = "['’‘`ʿʾʼ]"
    inside = rf"(?:['’](?![sS](?!{letter})){letter}+|[‘`ʿʾʼ]{letter}*)"  # never a possessive 's
    tail = rf"{letter}*{inside}*(?:[-‐‑]\p{{L}}{letter}*{inside}*)*"
    word = rf"(?:{article}[-‐‑])?{sign}?\p{{Lu}}{tail}"
    run = (rf"(?<![\p{{L}}\p{{M}}\p{{N}}'’‘`ʿʾʼ])[`ʿʾ]?\p{{Lu}}{tail}"
           rf"(?:[ \t]+(?:{inner}[ \t]+)?{word})*(?![\p{{L}}\p{{M}}\p{{N}}])")
    before = rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:{article}[-‐‑][ \t]?|{spaced}[ \t])$"
    return regex.compile(run), regex.compile(word), regex.compile(before, regex.IGNORECASE)


def lint_text(glossary: Glossary, text: str, path: str = "<string>", *,
              include_suspected: bool = True, min_confidence: float = 0.0,
              source: str | None = None) -> list[Finding]:
    """Findings in ``text`` (English). ``source`` is the unmasked text the positions and
    replacements refer to, when ``text`` is a masked view of it."""
    from dragoman.glossary.target import in_lookalike

    source = text if source is None else source
    lines = LineIndex(source)
    findings: list[Finding] = []
    matches = glossary.find(text, "en")
    index = variant_index(glossary) if include_suspected else None
    for match in matches:
        if match.status == "deprecated":
            preferred = glossary.preferred(match.concept, "en")
            findings.append(_finding(path, lines, source, match.start, match.end, preferred,
                                     match.concept, "deprecated", 1.0))
        elif index is not None and _article_added(text, match):
            # An article written before an approved term that has none (al-Raqqa) or
            # with a space (Al Hasakah): the spelling as a whole is unknown.
            start = _patterns()[2].search(text, max(0, match.start - 6), match.start).start()
            preferred = glossary.preferred(match.concept, "en")
            findings.append(_finding(path, lines, source, start, match.end, preferred,
                                     match.concept, "suspected", EXACT, take_article=False))
    if include_suspected:
        covered = sorted((m.start, m.end) for m in matches)
        for start, end, variant in _suspects(text, covered, index):
            if variant.confidence >= min_confidence and not _homonym(text, start, end, variant):
                findings.append(_finding(path, lines, source, start, end, variant.term.term,
                                         variant.term.concept, "suspected", variant.confidence))
    findings = [f for f in findings if f.confidence >= min_confidence
                and not _in_address(text, f.start, f.end)
                and not in_lookalike(text, f.start, f.end, "en")]  # persons (Mazloum Kobani)
    findings.sort(key=lambda f: f.start)
    return findings


def _article_added(text: str, match) -> bool:
    """An approved name term without an article (Raqqa, Hasakah), found with one written
    before it."""
    start = match.start
    if start < 3 or text[start - 1] not in " \t-‐‑" or not _bare_name(match.term):
        return False
    return _patterns()[2].search(text, max(0, start - 6), start) is not None


@lru_cache(maxsize=100_000)
def _bare_name(term: str) -> bool:
    """A name term written without an article (Raqqa, Hasakah)."""
    return term[:1].isupper() and not is_acronym(term) and not _starts_with_article(term)


def _homonym(text: str, start: int, end: int, variant) -> bool:
    """A homonym's telling word (Suwayda for Shahba) in the sentence around the name."""
    if not variant.unless:
        return False
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), start - 200, 0)
    right = min(x for x in (text.find(". ", end), text.find("\n", end), end + 200) if x >= 0)
    window = text[left:right].lower()
    return any(word in window for word in variant.unless)


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[@#]\w\S*|\S*://\S*|www\.\S*"
                      r"|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}")
_TOKEN_EDGES = "\"'“”‘’«»()[]<>.,;:!?"


def _in_address(text: str, start: int, end: int) -> bool:
    """The finding is part of an e-mail address, URL, domain, hashtag or handle
    (info@kamishli.example, #Kobane): text that no fix may touch."""
    left = start
    while left > 0 and left > start - 200 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and right < end + 200 and not text[right].isspace():
        right += 1
    token = text[left:right].strip(_TOKEN_EDGES)
    if token == text[start:end]:
        return False
    return _ADDRESS.fullmatch(token) is not None


def variant_index(glossary: Glossary) -> VariantIndex:
    """The glossary's variant index, built once per glossary."""
    return glossary.derived("variants", lambda: VariantIndex(glossary))


def _suspects(text: str, covered: list[tuple[int, int]], index: VariantIndex):
    run_pattern, word_pattern, _ = _patterns()
    common, generic = common_words(), generic_words()
    starts = [s for s, _ in covered]
    looked_up: dict = {}  # a word, or (words, exact only, short names too): its variant
    no_name: set[str] = set()
    for run in run_pattern.finditer(text):
        chunk = run.group()
        start, end = run.span()
        if " " not in chunk and "\t" not in chunk:  # one word: most runs, kept lean
            variant = looked_up.get(chunk, _UNSEEN)
            if variant is _UNSEEN:
                lower = chunk.lower()
                is_common = lower in common
                if is_common and _sentence_start(text, start):
                    continue  # most runs: a common word opening a sentence, no name
                variant = looked_up[chunk] = (None if lower in generic
                                              else index.lookup(chunk, exact_only=is_common))
                if variant is None and (is_common or lower in generic):
                    no_name.add(chunk)
            if chunk in no_name or _overlaps(start, end, covered, starts):
                continue
            if variant is None:
                after = _generic_after(text, end, generic)
                if after:
                    variant, end = index.lookup(text[start:after]), after
            elif chunk.lower() in common and _sentence_start(text, start):
                continue  # a common word opening a sentence (Tay is a river)
            if variant is not None:
                yield start, end, variant
            continue
        at = bisect.bisect_left(starts, start)
        if at < len(covered) and covered[at] == (start, end):
            continue  # the whole run is one known spelling
        words = []
        for word in word_pattern.finditer(text, start, end):
            if not _overlaps(word.start(), word.end(), covered, starts):
                words.append((word.start(), word.end()))
            else:
                yield from _lookup_words(text, words, index, common, generic, looked_up)
                words = []
        if words and words[-1][1] == end:
            after = _generic_after(text, end, generic)
            if after:
                words.append((after - len(text[end:after].strip()), after))
        yield from _lookup_words(text, words, index, common, generic, looked_up)


_UNSEEN = object()
#: Most words of a run tried as one name.
MAX_NAME_WORDS = 6


def _generic_after(text: str, end: int, generic: frozenset[str]) -> int | None:
    """The end of a lowercase generic word written right after a name (Tishren dam)."""
    match = _GENERIC_AFTER.match(text, end)
    return match.end() if match and match.group(1) in generic else None


_GENERIC_AFTER = re.compile(r"[ \t]([a-z]+)\b")


def _overlaps(start: int, end: int, covered, starts) -> bool:
    i = bisect.bisect_right(starts, end) - 1
    while i >= 0 and covered[i][1] > start:
        if covered[i][0] < end:
            return True
        i -= 1
    return False


def _lookup_words(text: str, words: list[tuple[int, int]], index: VariantIndex, common, generic,
                  looked_up: dict):
    """Names among the words of a capitalised run, longest first from the left (Deir al-Zor
    in "Arab-majority Deir al-Zor", Tel Tamr in "Tel Tamr Military Council"). A name does
    not start with a generic word (Governorate) and is not a common word opening a sentence; a
    name made only of common words is looked up by its exact skeleton."""
    if not words:
        return
    lowered = [text[s:e].lower() for s, e in words]
    is_generic = [w in generic for w in lowered]
    is_common = [w in common for w in lowered]
    opening = is_common[0] and _sentence_start(text, words[0][0])
    i = 0
    while i < len(words):
        if is_generic[i]:
            i += 1
            continue
        for j in range(min(len(words), i + MAX_NAME_WORDS), i, -1):
            if j - i == 1 and i == 0 and opening:
                continue  # a common word opening a sentence is no name on its own
            start, end = words[i][0], words[j - 1][1]
            question = (text[start:end], all(is_common[i:j]), j - i == len(words))
            variant = looked_up.get(question, _UNSEEN)
            if variant is _UNSEEN:
                variant = looked_up[question] = index.lookup(
                    question[0], exact_only=question[1], short=question[2])
            if variant:
                yield start, end, variant
                i = j
                break
        else:
            i += 1


def _finding(path, lines, source, start, end, preferred, concept, kind, confidence,
             take_article: bool = True) -> Finding:
    if take_article and _starts_with_article(preferred):
        article = _patterns()[2].search(source, max(0, start - 6), start)
        if article:  # the article written before the name is replaced with it
            start = article.start()
    line, column = lines.position(start)
    found = source[start:end]
    return Finding(path, line, column, found, preferred, concept, kind, confidence,
                   replacement_for(found, preferred, source, start), start, end)


_LOWER_ARTICLE = re.compile(r"^[a-z]{1,3}[-‐‑ ]")
_OPENERS = " \t\r\n\"'“‘«([*_"


def replacement_for(found: str, preferred: str, text: str, start: int) -> str:
    """``preferred`` adapted to where it goes: a lowercase article stays lowercase in
    mid-sentence (al-Hasakeh -> al-Hasakah); an all-capitals spelling stays in capitals."""
    if len(found) > 3 and found.isupper():
        return preferred.upper()
    if _LOWER_ARTICLE.match(found) and _LOWER_ARTICLE.match(preferred.lower()) and preferred[:1].isupper():
        if not _sentence_start(text, start):
            return preferred[:1].lower() + preferred[1:]
    return preferred


def _sentence_start(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in _OPENERS:
        if text[i - 1] == "\n" and i > 1 and text[i - 2] == "\n":
            return True
        i -= 1
    return i == 0 or text[i - 1] in ".!?:|#>"


class LineIndex:
    """Line and column (1-based) of an offset in a text."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


# --- files -----------------------------------------------------------------------------------

def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


_HTML_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>|&[#\w]+;",
                          re.IGNORECASE | re.DOTALL)
_URLS = re.compile(r"\b(?:https?|ftp)://\S+|\bmailto:\S+|\bwww\.\S+", re.IGNORECASE)
_MARKDOWN_HIDDEN = re.compile(
    r"^(```|~~~).*?^\1[^\n]*$"          # fenced code
    r"|`[^`\n]+`"                       # inline code
    r"|\]\([^)\n]*\)"                   # link destination
    r"|^\[[^\]\n]+\]:[^\n]*$"           # link reference definition
    r"|<[^>\n]+>",                      # inline HTML, autolinks
    re.MULTILINE | re.DOTALL)


def masked_view(text: str, kind: str) -> str:
    """``text`` with what is not prose replaced by spaces (newlines kept), so offsets,
    lines and columns stay those of ``text``: the one masking of reports, of the English
    edition's respelling and of a catalog's strings (``po``: its msgids, as ``html``, since
    they carry the reports' inline markup; the translations likewise). Markup goes first,
    tags with the addresses in their attributes, then the URLs left in the prose: a URL runs
    to the next space, so taken first out of ``<a href='https://x/'>Al-Hasakah</a>`` it would
    take the link's text with it and leave the tag's start to be read as prose."""
    if kind == "po":
        text, kind = _po_msgids(text), "html"
    if kind == "html":
        text = _HTML_HIDDEN.sub(_blank, text)
    elif kind == "markdown":
        text = _MARKDOWN_HIDDEN.sub(_blank, text)
    return _URLS.sub(_blank, text)


_PO_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_PO_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s")


def _po_msgids(text: str, keep: tuple[str, ...] = ("msgid", "msgid_plural")) -> str:
    """Only the contents of ``msgid`` and ``msgid_plural`` strings stay (``keep``: of those
    keywords' strings; escapes blanked)."""
    out = []
    current = None
    header = False  # in the header entry (an empty msgid without context): never kept
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        keyword = _PO_KEYWORD.match(body)
        if keyword:
            if keyword.group(1) == "msgid":
                header = current != "msgctxt" and body.strip() == 'msgid ""'
            elif keyword.group(1) == "msgctxt":
                header = False
            current = keyword.group(1)
        elif not body.lstrip().startswith('"'):
            current = None
        elif current == "msgid" and body.strip() != '""':
            header = False
        kept = ((current in keep or (current or "").partition("[")[0] in keep) and not body.startswith("#")
                and not (header and current != "msgid"))
        masked = [" "] * len(body)
        if kept:
            for string in _PO_STRING.finditer(body):
                inner = re.sub(r"\\.", "  ", string.group(1))
                masked[string.start(1):string.end(1)] = inner
        out.append("".join(masked) + line[len(body):])
    return "".join(out)


def file_kind(path: Path) -> str:
    from dragoman.readers import SUFFIXES

    suffix = path.suffix.lower()
    if suffix in (".po", ".pot"):
        return "po"
    if suffix not in SUFFIXES:
        raise InputError(f"cannot lint {suffix or 'a file without suffix'}: expected a report "
                         f"({', '.join(sorted(SUFFIXES))}) or a catalog (.po, .pot)", path)
    return SUFFIXES[suffix]


def read_for_lint(path: str | Path) -> tuple[str, str, str]:
    """(kind, text, masked text) of a report or catalog; unreadable input is an InputError
    naming the file and line."""
    kind, text, masked, _ = _read(path)
    return kind, text, masked


def _read(path: str | Path) -> tuple[str, str, str, str | None]:
    """What :func:`read_for_lint` gives, and a catalog's target language (ar, ckb, kmr)."""
    from dragoman.readers import read_source

    path = Path(path)
    kind = file_kind(path)
    text = read_source(path)
    lang = None
    if kind == "po":
        from dragoman.catalog.po import parse_po

        catalog = parse_po(text, path)  # a syntax error names file:line before anything is reported
        code = re.split(r"[_@.-]", catalog.header.get("Language", "").strip())[0]
        lang = code if code in TARGET_LANGUAGES else None
    return kind, text, masked_view(text, kind), lang


def lint_file(glossary: Glossary, path: str | Path, **options) -> list[Finding]:
    """Findings in one report (.txt, .html, .md) or catalog (.po, .pot: the msgid side, and
    in an ar, ckb or kmr catalog the translations' variant spellings of glossary names)."""
    kind, text, masked, lang = _read(path)
    findings = lint_text(glossary, masked, str(path), source=text, **options)
    if lang is not None:
        findings += lint_translations(glossary, text, lang, str(path))
        findings.sort(key=lambda f: f.start)
    return findings


def lint_translations(glossary: Glossary, text: str, lang: str, path: str = "<string>") -> list[Finding]:
    """Variant spellings and other languages' forms of glossary names in the ``msgstr``
    strings of a catalog's ``text`` in ``lang`` (:func:`dragoman.glossary.target.target_variants`)."""
    from dragoman.glossary.target import target_variants

    masked = masked_view(_po_msgids(text, keep=("msgstr",)), "html")
    lines = LineIndex(text)
    findings = []
    for variant in target_variants(glossary, masked, lang):
        line, column = lines.position(variant.start)
        findings.append(Finding(path, line, column, variant.found, variant.term, variant.concept,
                                variant.kind, 1.0 if variant.kind == "variant" else 0.9,
                                variant.term, variant.start, variant.end))
    return findings


lint = lint_file


def apply_fixes(text: str, findings: list[Finding]) -> str:
    """``text`` with every finding replaced (findings do not overlap)."""
    out, position = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position or finding.found == finding.replacement:
            continue
        out.append(text[position:finding.start])
        out.append(finding.replacement)
        position = finding.end
    out.append(text[position:])
    return "".join(out)


_CAPITALISED = regex.compile(r"\S*\p{Lu}\S*")


class Respelling:
    """Tells a sentence that differs from another only in how it spells the same glossary
    names (Al-Hasaka -> Al-Hasakah, Al-Qamishi -> Al-Qamishli): what ``glossary fix``
    changes. Its translation holds the same target terms, so an update carries it over as it
    is (:func:`dragoman.catalog.merge.update`)."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self._keys: dict[str, str] = {}

    def frame(self, text: str) -> str:
        """``text`` without its capitalised words and articles: what a respelling of names
        leaves as it was (cheap; two sentences with different frames are no respelling of
        each other, except one that respells a lowercase term)."""
        hyphen, space = articles()
        return " ".join(w for w in _CAPITALISED.sub(" ", text).split() if w.lower() not in hyphen | space)

    def names(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, concept) of every spelling of an English glossary name in ``text``,
        known or suspected, in order and without overlaps."""
        spans = [(m.start, m.end, m.concept) for m in self.glossary.find(text, "en")]
        spans += [(f.start, f.end, f.concept) for f in lint_text(self.glossary, text)]
        out, taken = [], 0
        for start, end, concept in sorted(spans, key=lambda s: (s[0], -s[1])):
            if start >= taken:
                out.append((start, end, concept))
                taken = end
        return out

    def key(self, text: str) -> str:
        """``text`` with each name replaced by its concept: equal for two spellings."""
        if text not in self._keys:
            self._keys[text] = self._key(text)
        return self._keys[text]

    def _key(self, text: str) -> str:
        out, position = [], 0
        for start, end, concept in self.names(text):
            out.append(text[position:start])
            out.append(f"\x00{concept}\x00")
            position = end
        out.append(text[position:])
        return "".join(out)

    def note(self, old: str, new: str) -> str:
        """What changed, for the translator: ``respelled Al-Hasaka -> Al-Hasakah``."""
        pairs = [(old[a:b], new[c:d]) for (a, b, _), (c, d, _) in zip(self.names(old), self.names(new))
                 if old[a:b] != new[c:d]]
        changes = ", ".join(dict.fromkeys(f"{before} -> {after}" for before, after in pairs))
        return f"respelled {changes}; the translation is unchanged"


@dataclass(frozen=True)
class FixResult:
    path: str
    original: str
    fixed: str
    findings: list[Finding]

    @property
    def changed(self) -> bool:
        return self.original != self.fixed

    def diff(self) -> str:
        relative = not Path(self.path).is_absolute()
        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self.fixed.splitlines(keepends=True),
            fromfile=f"a/{self.path}" if relative else self.path,
            tofile=f"b/{self.path}" if relative else self.path))


def fix_file(glossary: Glossary, path: str | Path, *, include_suspected: bool = False,
             min_confidence: float = 0.0) -> FixResult:
    """The fixed text of a report (deprecated spellings, and suspected ones on request).
    Catalogs are not rewritten: their msgids follow the source report."""
    path = Path(path)
    kind, text, masked = read_for_lint(path)
    if kind == "po":
        raise InputError("glossary fix does not rewrite catalogs: fix the source report, "
                         "then run 'dragoman update'", path)
    findings = lint_text(glossary, masked, str(path), source=text,
                         include_suspected=include_suspected, min_confidence=min_confidence)
    return FixResult(str(path), text, apply_fixes(text, findings), findings)


def write_fix(result: FixResult) -> None:
    """Write a fix atomically, refusing if the file changed since it was read."""
    from dragoman.fileio import atomic_write_text
    from dragoman.readers import read_source

    if read_source(Path(result.path)) != result.original:
        raise InputError("file changed on disk while it was being fixed; run the fix again",
                         result.path)
    atomic_write_text(result.path, result.fixed)
