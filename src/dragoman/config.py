"""The workspace: one ``dragoman.toml`` at a newsroom repository's root.

Everything else (sources, glossary, locales, output) is found through it, relative to the
folder that holds it. Unknown keys are errors, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dragoman import locales
from dragoman.errors import ConfigError, DragomanError

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
    #: ``[site] name`` by language (one name given for every language: the source language's):
    #: the name each edition's pages show.
    site_names: dict[str, str] = field(default_factory=dict)
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

    @property
    def site_name(self) -> str:
        """The publication's name in the source language (pages in any other language without
        a name of their own show it)."""
        return self.site_names.get(self.source_language, "")

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
#: Tables other modules interpret (handed on in :attr:`Workspace.sections`), with their keys
#: where this module checks them; the others are checked by their owners at load.
_OTHER_TABLES: dict[str, set[str] | None] = {
    "checks": None, "memory": None, "wordpress": {"source", "targets"},
}


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
    import tomllib  # (here: a command run outside a workspace has nothing to parse)

    path = root / CONFIG_NAME
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        raise ConfigError(f"not valid TOML: {exc}", path, int(found.group(1)) if found else None) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path) from None
    try:
        workspace = parse(data, root, path)
        _check_other_tables(workspace, path)
    except DragomanError as exc:  # the line of the table or key it names
        raise ConfigError(exc.message, path, exc.line or _line_named(text, exc.message)) from None
    return workspace


def _check_other_tables(workspace: Workspace, path: Path) -> None:
    """The tables of other modules, checked now by their owners, so that every command
    refuses a wrong one (not only the command that uses it)."""
    if "memory" in workspace.sections:
        from dragoman.memory import MemorySettings

        MemorySettings.from_table(workspace.sections["memory"], path)
    if "checks" in workspace.sections:
        from dragoman.checks import CheckConfig

        CheckConfig.from_workspace(workspace)


def _line_named(text: str, message: str) -> int | None:
    """The line of the table and key an error message names (``[memory] cutoff ...``,
    ``unknown key(s) in [paths]: outptu``, ``[languages.ar]``), or of the table alone."""
    found = (re.search(r"in \[([\w.-]+)\]: ([\w-]+)", message)
             or re.search(r"\[([\w.-]+)\] ([\w-]+)", message)
             or re.search(r"\[([\w.-]+)\]()", message))
    if not found:
        return None
    table, key = found.groups()
    lines = _key_lines(text)
    return lines.get((table, key)) or lines.get((table, None))


def _key_lines(text: str) -> dict[tuple[str, str | None], int]:
    """(table, key) -> line of a TOML text, and (table, None) -> line of its header; dotted
    keys and headers are spelt out (``[languages.ar]``, ``paths.output = ...``)."""
    lines: dict[tuple[str, str | None], int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.match(r"\[\[?\s*([^\[\]#]+?)\s*\]", stripped)
        if header:
            table = re.sub(r"[\s\"']", "", header.group(1))
            lines.setdefault((table, None), number)
            continue
        key = re.match(r"([\w.\"' -]+?)\s*=", stripped)
        if key:
            full = ".".join(filter(None, (table, re.sub(r"[\s\"']", "", key.group(1)))))
            owner, _, name = full.rpartition(".")
            lines.setdefault((owner, name), number)
            lines.setdefault((full, None), number)
    return lines


def parse(data: dict[str, Any], root: Path, path: Path | str = CONFIG_NAME) -> Workspace:
    """The workspace of the parsed TOML ``data``; every mistake is a :class:`ConfigError`
    naming the table and key (``load`` adds the line) and the fix."""
    for name, table in data.items():
        if name not in _TOP_KEYS and name not in _OTHER_TABLES:
            known = sorted(_TOP_KEYS | set(_OTHER_TABLES))
            from difflib import get_close_matches  # (only for a mistake)

            close = get_close_matches(name, known, n=1)
            hint = f"did you mean [{close[0]}]?" if close else f"known tables: {', '.join(known)}"
            raise ConfigError(f"unknown table [{name}]; {hint}", path)
        if not isinstance(table, dict):
            raise ConfigError(f"[{name}] must be a table", path)
        keys = _SECTION_KEYS.get(name, _OTHER_TABLES.get(name))
        unknown = set(table) - keys if keys is not None else ()
        if unknown:
            raise ConfigError(f"unknown key(s) in [{name}]: {', '.join(sorted(unknown))}; "
                              f"known: {', '.join(sorted(keys))}", path)

    ws, paths, build, segment, site, parallel = (
        data.get(n, {}) for n in ("workspace", "paths", "build", "segment", "site", "parallel"))
    line_breaks = segment.get("line_breaks", True)
    if not isinstance(line_breaks, bool):
        raise ConfigError("[segment] line_breaks must be true or false", path)
    source = ws.get("source_language", "en")
    targets = _target_languages(ws.get("target_languages", ["ar", "ckb", "kmr"]), source, path)
    for code in (source, *targets):
        try:
            locales.get(code)
        except ConfigError as exc:  # a bare `ku` or an unknown code
            key = "source_language" if code == source else "target_languages"
            raise ConfigError(f"[workspace] {key}: {exc.message}", path) from None
    fallback = build.get("fallback", "fallback")
    if fallback not in FALLBACK_POLICIES:
        raise ConfigError(
            f"[build] fallback must be one of {', '.join(FALLBACK_POLICIES)}, not {fallback!r}", path
        )
    threshold = _fraction(build.get("threshold", 0.9), "[build] threshold", path)
    site_names = _site_names(site.get("name", ""), source, targets, path)
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
        if not isinstance(opts, dict):
            raise ConfigError(f"[languages.{code}] must be a table", path)
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
    folders = {}
    for key in ("sources", "glossary", "locales", "output"):
        value = paths.get(key, key if key != "output" else "site")
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"[paths] {key} must be a folder name, not {value!r}", path)
        folders[key] = Path(value)
    _check_output(root, folders, path)
    return Workspace(
        root=root,
        source_language=source,
        target_languages=targets,
        sources=folders["sources"],
        glossary=folders["glossary"],
        locales=folders["locales"],
        output=folders["output"],
        threshold=threshold,
        fallback=fallback,
        line_breaks=line_breaks,
        site_url=site.get("url", ""),
        site_names=site_names,
        languages=languages,
        scheduler=scheduler,
        jobs=jobs,
        sections={k: v for k, v in data.items() if k not in _TOP_KEYS},
    )


def _target_languages(value: Any, source: str, path) -> tuple[str, ...]:
    example = 'target_languages = ["ar", "ckb", "kmr"]'
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ConfigError(f"[workspace] target_languages must be a list of language codes, "
                          f"not {value!r}: {example}", path)
    if not value:
        raise ConfigError(f"[workspace] target_languages is empty: name at least one, {example}",
                          path)
    if source in value:
        raise ConfigError(f"[workspace] target_languages lists the source language {source!r}: "
                          "the source is not translated into itself; remove it", path)
    repeated = sorted({code for code in value if value.count(code) > 1})
    if repeated:
        raise ConfigError(f"[workspace] target_languages names {', '.join(repeated)} twice; "
                          "list each language once", path)
    return tuple(value)


def _check_output(root: Path, folders: dict[str, Path], path) -> None:
    """The output folder holds only what a build writes: it is not the workspace itself and
    neither holds nor lies in the sources, the glossary or the catalogs (the next build
    would read its own editions as reports, or remove files it did not write)."""
    def resolved(folder: Path) -> Path:
        return (folder if folder.is_absolute() else root / folder).resolve()

    output = resolved(folders["output"])
    if output == root.resolve():
        raise ConfigError("[paths] output is the workspace folder itself; use a folder of "
                          'its own, such as output = "site"', path)
    for key in ("sources", "glossary", "locales"):
        other = resolved(folders[key])
        if output == other or output.is_relative_to(other) or other.is_relative_to(output):
            raise ConfigError(f"[paths] output {folders['output'].as_posix()!r} overlaps "
                              f"[paths] {key} {folders[key].as_posix()!r}; use a folder of its "
                              'own, such as output = "site"', path)


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
