"""The glossary's own file format: UTF-8, tab-separated, one term per row.

    concept<TAB>lang<TAB>term<TAB>status<TAB>kind<TAB>note

The header row is required; ``#`` lines and blank lines are comments. A folder is read file by
file (every ``*.tsv``, sorted by name) and the rows of one concept may be spread over files.
Every problem found is reported, each with its file and line, in one :class:`GlossaryError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from dragoman.errors import GlossaryError
from dragoman.glossary.matcher import is_acronym
from dragoman.glossary.keys import match_key
from dragoman.glossary.model import LANGUAGES, STATUSES, Concept, Glossary, Term

COLUMNS = ("concept", "lang", "term", "status", "kind", "note")
HEADER = "\t".join(COLUMNS)


class GlossaryProblems(GlossaryError):
    """Several problems in glossary files; ``problems`` lists ``(path, line, message)``."""

    def __init__(self, problems: list[tuple[str, int, str]]):
        self.problems = problems
        path, line, message = problems[0]
        super().__init__(message, path, line)

    def __str__(self) -> str:
        return "\n".join(f"{path}:{line}: {message}" for path, line, message in self.problems)


def glossary_files(path: str | Path) -> list[Path]:
    """The TSV files of a glossary: ``path`` itself, or every ``*.tsv`` in the folder."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.tsv") if p.is_file())
        if not files:
            raise GlossaryError("no *.tsv glossary file in this folder", path)
        return files
    if not path.exists():
        raise GlossaryError("glossary not found", path)
    return [path]


def load_glossary(path: str | Path) -> Glossary:
    """Read and validate a glossary file or folder."""
    terms: list[Term] = []
    problems: list[tuple[str, int, str]] = []
    files = glossary_files(path)
    for file in files:
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            line = file.read_bytes()[: exc.start].count(b"\n") + 1
            problems.append((str(file), line, f"not UTF-8 ({exc.reason})"))
            continue
        except OSError as exc:
            raise GlossaryError(f"cannot read: {exc.strerror}", file) from None
        terms.extend(parse_rows(text, str(file), problems))
    glossary = build(terms, problems, sources=tuple(str(f) for f in files))
    return glossary


def parse_tsv(text: str, path: str = "<string>") -> Glossary:
    """A glossary from the text of one TSV file."""
    problems: list[tuple[str, int, str]] = []
    return build(parse_rows(text, path, problems), problems, sources=(path,))


def parse_rows(text: str, path: str, problems: list) -> list[Term]:
    """The term rows of one file; problems are appended to ``problems``."""
    terms = []
    header_seen = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        line = line.lstrip("\ufeff") if number == 1 else line
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(c.strip().lower() for c in cells) != COLUMNS:
                problems.append((path, number, f"the first row must be the header: {' | '.join(COLUMNS)}"))
                return terms
            continue
        if len(cells) != len(COLUMNS):  # (a missing note too: a row shifted by one tab looks alike)
            problems.append((path, number, f"expected {len(COLUMNS)} tab-separated columns, found "
                             f"{len(cells)}; an empty note is an empty last column (end the row "
                             "with a tab)"))
            continue
        concept, lang, term, status, kind, note = cells
        terms.append(Term(concept.strip(), lang.strip(), term, status.strip(), kind.strip(), note.strip(), path, number))
    if not header_seen:
        problems.append((path, 1, f"empty glossary file: the header {' | '.join(COLUMNS)} is missing"))
    return terms


def build(terms: list[Term], problems: list | None = None, sources: tuple[str, ...] = ()) -> Glossary:
    """Group rows into concepts and check what only the whole glossary shows: one preferred
    term per concept and language, a preferred ``en`` term for every concept, no row twice,
    and no spelling both deprecated under one concept and used by another."""
    problems = list(problems or [])
    valid = []
    for term in terms:
        found = row_problems(term)
        problems.extend((term.path, term.line, p) for p in found)
        if not found:
            valid.append(term)
    terms = valid
    grouped: dict[str, list[Term]] = {}
    for term in terms:
        grouped.setdefault(term.concept, []).append(term)
    seen: dict[tuple[str, str, str], Term] = {}
    for concept_id, rows in grouped.items():
        preferred: dict[str, Term] = {}
        for term in rows:
            duplicate = seen.get((concept_id, term.lang, term.term))
            if duplicate:
                problems.append((term.path, term.line, f"{term.term!r} ({term.lang}) is already listed "
                                 f"for {concept_id!r} at {duplicate.path}:{duplicate.line}"))
            seen[(concept_id, term.lang, term.term)] = term
            if term.status == "preferred":
                if term.lang in preferred:
                    first = preferred[term.lang]
                    problems.append((term.path, term.line, f"concept {concept_id!r} has a second preferred "
                                     f"{term.lang} term (the first is {first.term!r} at {first.path}:{first.line})"))
                else:
                    preferred[term.lang] = term
        if "en" not in preferred:
            first = rows[0]
            problems.append((first.path, first.line, f"concept {concept_id!r} has no preferred en term"))
    problems.extend(_spelling_conflicts(terms))
    if problems:
        raise GlossaryProblems(problems)
    concepts = {cid: Concept(cid, tuple(rows)) for cid, rows in grouped.items()}
    return Glossary(concepts, sources)


def row_problems(term: Term) -> list[str]:
    """What is wrong with one row on its own."""
    problems = []
    if not term.concept:
        problems.append("empty concept id")
    if term.lang not in LANGUAGES:
        hint = "; Kurdish is 'ckb' (Sorani) or 'kmr' (Kurmanji)" if term.lang.startswith("ku") else ""
        problems.append(f"unknown language {term.lang!r} (known: {', '.join(LANGUAGES)}){hint}")
    if term.status not in STATUSES:
        problems.append(f"unknown status {term.status!r} (known: {', '.join(STATUSES)})")
    if not term.term.strip():
        problems.append("empty term")
    elif term.term != term.term.strip():
        problems.append(f"term {term.term!r} has leading or trailing spaces")
    if any(c in cell for cell in term.row() for c in "\t\r\n"):
        problems.append("a tab or line break inside a cell")
    return problems


def _spelling_conflicts(terms: list[Term]) -> list[tuple[str, int, str]]:
    """A deprecated spelling must belong to one concept and be approved nowhere; otherwise
    the lint could not say what to write instead."""
    by_spelling: dict[tuple[str, str], list[Term]] = {}
    for term in terms:
        spelling = term.term if is_acronym(term.term) else match_key(term.term, term.lang)
        by_spelling.setdefault((term.lang, spelling), []).append(term)
    problems = []
    for rows in by_spelling.values():
        deprecated = [t for t in rows if t.status == "deprecated"]
        if not deprecated:
            continue
        concepts = {t.concept for t in rows}
        if len(concepts) < 2:
            continue
        for term in deprecated:
            others = [t for t in rows if t.concept != term.concept]
            where = ", ".join(f"{t.concept!r} ({t.status}, {t.path}:{t.line})" for t in others)
            problems.append((term.path, term.line, f"deprecated {term.lang} spelling {term.term!r} of "
                             f"{term.concept!r} is also a term of {where}"))
    return problems


def render_tsv(glossary: Glossary) -> str:
    """The glossary as one TSV file (header, then every row concept by concept)."""
    return render_terms(term for concept in glossary.concepts.values() for term in concept.terms)


def render_terms(terms: Iterable[Term], comment: str = "") -> str:
    """Terms as a TSV glossary file: ``comment`` (a ``#`` line) if given, the header, then one
    row per term."""
    lines = [f"# {comment}"] if comment else []
    lines.append(HEADER)
    lines += ["\t".join(term.row()) for term in terms]
    return "\n".join(lines) + "\n"
