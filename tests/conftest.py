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


#: Three English reports and their Arabic translations (two sentences each).
ARCHIVE_REPORTS = [
    ("Clashes broke out in Al-Hasakah on Monday.", "Five civilians were killed in the clashes.",
     "اندلعت اشتباكات في الحسكة يوم الاثنين.", "قتل خمسة مدنيين في الاشتباكات."),
    ("Turkish drones struck a car near Al-Qamishli.", "Two fighters of the SDF were wounded.",
     "قصفت طائرات مسيرة تركية سيارة قرب القامشلي.", "أصيب مقاتلان من قسد."),
    ("Bread prices rose in Raqqa for the third week.", "Bakeries closed in 12 villages.",
     "ارتفعت أسعار الخبز في الرقة للأسبوع الثالث.", "أغلقت المخابز في 12 قرية."),
]


def small_archive(root: Path) -> tuple[Path, Path]:
    """Three English reports and their Arabic translations, each naming its original."""
    en, ar = root / "en", root / "ar"
    en.mkdir()
    ar.mkdir()
    for k, (first, second, first_ar, second_ar) in enumerate(ARCHIVE_REPORTS):
        (en / f"report-{k}.txt").write_text(f"{first}\n\n{second}\n", "utf-8")
        (ar / f"taqrir-{k}.txt").write_text(
            f"---\ntranslation_of: report-{k}.txt\n---\n{first_ar}\n\n{second_ar}\n", "utf-8")
    return en, ar
