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
    #: The publication's name in the source language (or the one name for every language).
    site_name: str = ""
    #: ``[site] name`` given as a table by language: the name each edition's pages show.
    site_names: dict[str, str] = field(default_factory=dict)
    languages: dict[str, LanguageOptions] = field(default_factory=dict)
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

    def site_name_for(self, code: str) -> str:
        """The publication's name on ``code`` pages: its own, else the source language's."""
        return self.site_names.get(code) or self.site_name

    def threshold_for(self, code: str) -> float:
        opts = self.languages.get(code)
        return opts.threshold if opts and opts.threshold is not None else self.threshold

    def pot_path(self, slug: str) -> Path:
        return self.locales_dir / "templates" / f"{slug}.pot"

    def po_path(self, lang: str, slug: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{slug}.po"


_TOP_KEYS = {"workspace", "paths", "build", "segment", "site", "languages"}
_SECTION_KEYS = {
    "workspace": {"source_language", "target_languages"},
    "paths": {"sources", "glossary", "locales", "output"},
    "build": {"threshold", "fallback"},
    "segment": {"line_breaks"},
    "site": {"url", "name"},
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
            raise ConfigError(f"unknown key(s) in [{name}]: {', '.join(sorted(unknown))}", path)
        return table

    ws, paths, build, segment, site = (
        section(n) for n in ("workspace", "paths", "build", "segment", "site"))
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
    site_names = _site_names(site.get("name", ""), source, targets, path)
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
        site_name=site_names.get(source, ""),
        site_names=site_names,
        languages=languages,
        sections={k: v for k, v in data.items() if k not in _TOP_KEYS},
    )


def _site_names(value: Any, source: str, targets: tuple[str, ...], path) -> dict[str, str]:
    """``[site] name``: one string for every language, or a table of names by language
    (``name = {en = "...", ar = "..."}``) that must name the source language, the fallback."""
    if isinstance(value, str):
        return {source: value} if value else {}
    if not isinstance(value, dict):
        raise ConfigError("[site] name must be a string or a table of names by language", path)
    for code, name in value.items():
        if code != source and code not in targets:
            raise ConfigError(f"[site] name has a name in {code!r}, not a workspace language", path)
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"[site] name.{code} must be a non-empty string", path)
    if source not in value:
        raise ConfigError(f"[site] name needs the source language's name ({source} = \"...\"): "
                          "pages in a language without its own name show it", path)
    return dict(value)


def _fraction(value: Any, what: str, path) -> float:
    if not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError(f"{what} must be a number between 0 and 1, not {value!r}", path)
    return float(value)
