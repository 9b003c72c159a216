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
    created: list[Path] = []
    try:
        _create(target, created)
    except BaseException:
        for path in reversed(created):  # nothing half-made stays behind
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            else:
                path.unlink(missing_ok=True)
        raise
    return [path for path in created if path != target]


def _create(target: Path, created: list[Path]) -> None:
    """Make the workspace's folders and files, each listed in ``created`` as soon as it
    exists (so that a failure can take them away again)."""
    if not target.exists():
        target.mkdir(parents=True)
        created.append(target)
    for folder in ("sources", "locales"):
        if not (target / folder).exists():
            (target / folder).mkdir()
            created.append(target / folder)
    glossary = target / "glossary"
    if not glossary.exists():
        glossary.mkdir()
        created.append(glossary)
    for entry in sorted((DATA / "glossary").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".tsv") and not (glossary / entry.name).exists():
            created.append(glossary / entry.name)
            shutil.copyfile(entry, glossary / entry.name)
    ignore = target / ".gitignore"
    if not ignore.exists():
        created.append(ignore)
        ignore.write_text("site/\n.dragoman-state.json\n.dragoman-lint.json\n.dragoman-memory/\n", "utf-8")
    config = target / CONFIG_NAME
    with config.open("x", encoding="utf-8") as out:  # "x": never clobber a concurrent init
        created.append(config)
        out.write((DATA / "workspace" / CONFIG_NAME).read_text("utf-8"))
