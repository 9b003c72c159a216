"""The one reader of the rule files shipped in ``data/`` (number words, dates, proclitics,
doubled words, look-alikes...): tab-separated rows, one item a line, ``#`` comments and blank
lines skipped. A table is read once a run, and a broken row is named by file and line
instead of surfacing later as a wrong index or a missing word."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dragoman import DATA
from dragoman.errors import RuleFileError


@cache
def rule_rows(name: str | Path, columns: int | None = None) -> tuple[tuple[str, ...], ...]:
    """The rows of the rule file ``name`` (a path under ``data/``, e.g.
    ``checks/doubled-words.tsv``; an absolute path is read as it is), each the tuple of its
    cells without surrounding spaces. A row of another length than ``columns`` (when the
    caller declares it), a file that is not UTF-8 or cannot be read, is a
    :class:`~dragoman.errors.RuleFileError` naming the file and line."""
    path = DATA / name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RuleFileError(f"cannot read the rule file: {exc.strerror or exc}", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError("not UTF-8 text", path, data.count(b"\n", 0, exc.start) + 1) from None
    rows = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        row = tuple(cell.strip() for cell in line.split("\t"))
        if columns is not None and len(row) != columns:
            raise RuleFileError(f"{len(row)} tab-separated cells where {columns} are expected",
                                path, number)
        rows.append(row)
    return tuple(rows)


@cache
def arabic_proclitics() -> dict[str, tuple[str, ...]]:
    """The Arabic proclitics of ``termrules/arabic_proclitics.tsv`` by kind (conjunction,
    preposition, article, lil), as written: the one list the glossary matcher, the checks
    (number words, a clitic before a tatweel) and the aligner's anchors are built from."""
    kinds: dict[str, list[str]] = {}
    for kind, letters in rule_rows("termrules/arabic_proclitics.tsv", 2):
        kinds.setdefault(kind, []).append(letters)
    return {kind: tuple(letters) for kind, letters in kinds.items()}
