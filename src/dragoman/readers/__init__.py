"""Readers: source reports (plain text, HTML, Markdown) into the ``Article`` model.

Each reader is a pure function of the file's text; ``read_article`` does the file I/O once
(strict UTF-8, errors naming the file and line) and picks the reader by suffix.
"""

from __future__ import annotations

import os
from pathlib import Path

from dragoman.errors import ErrorList, InputError
from dragoman.model import Article

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".md": "markdown",
            ".markdown": "markdown"}


def read_source(path: Path) -> str:
    """The file's text; a missing, unreadable or non-UTF-8 file is an InputError naming it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file to UTF-8", path, line) from None
    return text.removeprefix("\ufeff")


def read_article(path: str | Path, lang: str = "en") -> Article:
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            f"unknown source format {path.suffix!r}; expected one of {', '.join(sorted(SUFFIXES))}",
            path)
    text = read_source(path)
    if kind == "text":
        from dragoman.readers.text import read_text as reader
    elif kind == "html":
        from dragoman.readers.html import read_html as reader
    else:
        from dragoman.readers.markdown import read_markdown as reader
    return reader(text, path, lang)


def discover(sources_dir: str | Path) -> list[Path]:
    """Every source report under ``sources_dir`` (recursively), in a stable order. A folder
    that cannot be listed is an InputError naming it, and a link to a file that is gone is
    listed for its reader to name: no report is left out silently."""
    root = Path(sources_dir)
    if not root.is_dir():
        raise InputError("sources folder does not exist", root)
    unlisted: list[OSError] = []
    found = [Path(folder, name)
             for folder, _, names in os.walk(root, onerror=unlisted.append) for name in names]
    ErrorList.raise_if_any(
        InputError(f"cannot list the folder: {exc.strerror or exc}", exc.filename)
        for exc in sorted(unlisted, key=lambda exc: str(exc.filename)))
    return sorted(p for p in found
                  if p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
                  and (p.is_file() or p.is_symlink()))


def read_text(text: str, path: str | Path = "<string>", lang: str = "en") -> Article:
    from dragoman.readers.text import read_text as reader

    return reader(text, path, lang)


def read_html(text: str, path: str | Path = "<string>", lang: str = "en") -> Article:
    from dragoman.readers.html import read_html as reader

    return reader(text, path, lang)


def read_markdown(text: str, path: str | Path = "<string>", lang: str = "en") -> Article:
    from dragoman.readers.markdown import read_markdown as reader

    return reader(text, path, lang)
