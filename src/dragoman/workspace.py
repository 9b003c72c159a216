"""Creating a workspace: the commented config, the shipped glossary, empty folders."""

from __future__ import annotations

import shutil
from pathlib import Path

from dragoman import DATA
from dragoman.config import CONFIG_NAME
from dragoman.errors import ConfigError


def init_workspace(target: Path) -> list[Path]:
    """Create a workspace in ``target`` (created if needed); never overwrites a workspace.

    Returns the paths created.
    """
    target = Path(target)
    if (target / CONFIG_NAME).exists():
        raise ConfigError(f"{CONFIG_NAME} exists already; not overwriting it", target / CONFIG_NAME)
    created = []
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("sources", "locales"):
        (target / folder).mkdir(exist_ok=True)
        created.append(target / folder)
    glossary = target / "glossary"
    glossary.mkdir(exist_ok=True)
    for entry in sorted((DATA / "glossary").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".tsv") and not (glossary / entry.name).exists():
            shutil.copyfile(entry, glossary / entry.name)
            created.append(glossary / entry.name)
    ignore = target / ".gitignore"
    if not ignore.exists():
        ignore.write_text("site/\n.dragoman-state.json\n.dragoman-memory/\n", "utf-8")
        created.append(ignore)
    config = target / CONFIG_NAME
    with config.open("x", encoding="utf-8") as out:  # "x": never clobber a concurrent init
        out.write((DATA / "workspace" / CONFIG_NAME).read_text("utf-8"))
    created.append(config)
    return created
