"""Shared fixtures. A test that needs a real tool asks for it through ``require_tool``:
under ``CI=true`` a missing tool fails the test, elsewhere it skips with the reason."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(name: str, hint: str = "") -> str:
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed{': ' + hint if hint else ''}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def private_user_cache(tmp_path_factory, monkeypatch):
    """Commands outside a workspace cache memory indexes under $XDG_CACHE_HOME: a folder
    of the test session's, never the user's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))


@pytest.fixture(scope="session")
def shipped():
    """The glossary the project ships (glossary/), loaded once."""
    from dragoman.glossary import load_glossary

    return load_glossary(REPO / "glossary")


@pytest.fixture
def msgfmt():
    """Path of GNU msgfmt (installed by `make gettext-deps`)."""
    return require_tool("msgfmt", "run 'make gettext-deps'")


@pytest.fixture
def sample_workspace(tmp_path):
    """A private copy of the bundled sample workspace."""
    dest = tmp_path / "ws"
    dest.mkdir()
    shutil.copy(REPO / "dragoman.toml", dest / "dragoman.toml")
    for folder in ("sources", "glossary", "locales"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, dest / folder, symlinks=False)
    return dest
