"""The workspace: one ``dragoman.toml`` at a newsroom repository's root.

Everything else (sources, glossary, locales, output) is found through it, relative to the
folder that holds it. Unknown keys are errors, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dragoman import locales
from dragoman.errors import ConfigError

CONFIG_NAME = "dragoman.toml"
FALLBACK_POLICIES = ("fallback", "omit", "refuse")


@dataclass(frozen=True)
class LanguageOptions:
    """Per-target-language options a workspace may set under ``[languages.<code>]``."""

    threshold: float | None = None
    hreflang: str | None = None
    digits: str | None = None


@dataclass(frozen=True)
class Workspace:
    root: Path
    source_language: str = "en"
    target_languages: tuple[str, ...] = ("ar", "ckb", "kmr")
    sources: Path = Path("sources")
    glossary: Path = Path("glossary")
    locales: Path = Path("locales")
    output: Path = Path("site")
    threshold: float = 0.9
    fallback: str = "fallback"
    #: A single newline inside a paragraph ends a sentence (headlines, datelines, lists).
    line_breaks: bool = True
    site_url: str = ""
    site_name: str = ""
    languages: dict[str, LanguageOptions] = field(default_factory=dict)
    #: ``[parallel]``: the Dask scheduler parallel jobs go to (``tcp://HOST:8786``), and the
    #: local worker processes of ``-j`` when the command line does not say.
    scheduler: str | None = None
    jobs: int | None = None
    #: Tables this module does not interpret itself (``[checks]``, ``[memory]``,
    #: ``[wordpress]``...), handed as parsed to the modules that own them.
    sections: dict[str, Any] = field(default_factory=dict)

    def path(self, relative: Path) -> Path:
        return relative if relative.is_absolute() else self.root / relative

    @property
    def sources_dir(self) -> Path:
        return self.path(self.sources)

    @property
    def glossary_dir(self) -> Path:
        return self.path(self.glossary)

    @property
    def locales_dir(self) -> Path:
        return self.path(self.locales)

    @property
    def output_dir(self) -> Path:
        return self.path(self.output)

    def locale(self, code: str) -> locales.LocaleInfo:
        """Locale facts with this workspace's overrides applied."""
        opts = self.languages.get(code, LanguageOptions())
        overrides = {k: v for k, v in (("hreflang", opts.hreflang), ("digits", opts.digits)) if v}
        return locales.get(code, **overrides)

    def threshold_for(self, code: str) -> float:
        opts = self.languages.get(code)
        return opts.threshold if opts and opts.threshold is not None else self.threshold

    def pot_path(self, slug: str) -> Path:
        return self.locales_dir / "templates" / f"{slug}.pot"

    def po_path(self, lang: str, slug: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{slug}.po"


_TOP_KEYS = {"workspace", "paths", "build", "segment", "site", "languages", "parallel"}
_SECTION_KEYS = {
    "workspace": {"source_language", "target_languages"},
    "paths": {"sources", "glossary", "locales", "output"},
    "build": {"threshold", "fallback"},
    "segment": {"line_breaks"},
    "site": {"url", "name"},
    "parallel": {"scheduler", "jobs"},
}
_LANGUAGE_KEYS = {"threshold", "hreflang", "digits"}


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``dragoman.toml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"no {CONFIG_NAME} in {here} or any folder above it; "
        "run 'dragoman init DIR' to create a workspace, or pass --workspace DIR"
    )


def load(root: Path | None = None) -> Workspace:
    """Read and validate the workspace file of ``root`` (or the one found above the cwd)."""
    root = find_root(root)
    path = root / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        raise ConfigError(f"not valid TOML: {exc}", path, int(found.group(1)) if found else None) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path) from None
    return parse(data, root, path)


def parse(data: dict[str, Any], root: Path, path: Path | str = CONFIG_NAME) -> Workspace:
    def section(name: str) -> dict[str, Any]:
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(f"[{name}] must be a table", path)
        unknown = set(table) - _SECTION_KEYS[name]
        if unknown:
            raise ConfigError(f"unknown key(s) in [{name}]: {', '.join(sorted(unknown))}", path,
                              _key_line(path, name, min(unknown)))
        return table

    ws, paths, build, segment, site, parallel = (
        section(n) for n in ("workspace", "paths", "build", "segment", "site", "parallel"))
    line_breaks = segment.get("line_breaks", True)
    if not isinstance(line_breaks, bool):
        raise ConfigError("[segment] line_breaks must be true or false", path)
    source = ws.get("source_language", "en")
    targets = tuple(ws.get("target_languages", ("ar", "ckb", "kmr")))
    for code in (source, *targets):
        try:
            locales.get(code)
        except ConfigError as exc:  # a bare `ku` or an unknown code
            raise ConfigError(exc.message, path) from None
    fallback = build.get("fallback", "fallback")
    if fallback not in FALLBACK_POLICIES:
        raise ConfigError(
            f"[build] fallback must be one of {', '.join(FALLBACK_POLICIES)}, not {fallback!r}", path
        )
    threshold = _fraction(build.get("threshold", 0.9), "[build] threshold", path)
    scheduler, jobs = parallel.get("scheduler"), parallel.get("jobs")
    if scheduler is not None and not (isinstance(scheduler, str) and scheduler.strip()):
        raise ConfigError("[parallel] scheduler must be an address such as "
                          "'tcp://HOST:8786'", path)
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise ConfigError(f"[parallel] jobs must be a whole number of 1 or more, not {jobs!r}",
                          path)
    languages = {}
    for code, opts in data.get("languages", {}).items():
        if code not in targets and code != source:
            raise ConfigError(f"[languages.{code}] is not a workspace language", path)
        unknown = set(opts) - _LANGUAGE_KEYS
        if unknown:
            raise ConfigError(f"unknown key(s) in [languages.{code}]: {', '.join(sorted(unknown))}", path)
        if opts.get("digits", "latn") not in ("latn", "arab"):
            raise ConfigError(f"[languages.{code}] digits must be 'latn' or 'arab'", path)
        languages[code] = LanguageOptions(
            threshold=_fraction(opts["threshold"], f"[languages.{code}] threshold", path)
            if "threshold" in opts else None,
            hreflang=opts.get("hreflang"),
            digits=opts.get("digits"),
        )
    return Workspace(
        root=root,
        source_language=source,
        target_languages=targets,
        sources=Path(paths.get("sources", "sources")),
        glossary=Path(paths.get("glossary", "glossary")),
        locales=Path(paths.get("locales", "locales")),
        output=Path(paths.get("output", "site")),
        threshold=threshold,
        fallback=fallback,
        line_breaks=line_breaks,
        site_url=site.get("url", ""),
        site_name=site.get("name", ""),
        languages=languages,
        scheduler=scheduler,
        jobs=jobs,
        sections={k: v for k, v in data.items() if k not in _TOP_KEYS},
    )


def _key_line(path, table: str, key: str) -> int | None:
    """The line of ``key`` in the ``[table]`` of the file ``path`` (None if not found there:
    no such file, or the key written another way)."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    inside = False
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text.startswith("["):
            inside = text.split("#", 1)[0].strip() == f"[{table}]"
        elif inside and re.match(rf"{re.escape(key)}\s*=", text):
            return number
    return None


def _fraction(value: Any, what: str, path) -> float:
    if not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError(f"{what} must be a number between 0 and 1, not {value!r}", path)
    return float(value)
