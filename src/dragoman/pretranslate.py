"""Machine-translation pre-fill of PO catalogs, for translators to review.

Every untranslated entry gets the engine's output as its ``msgstr``, the ``fuzzy`` flag (so
it never reaches an edition or an ``.mo`` file unreviewed) and a translator comment
``MT: <engine> en><lang> <date>``. Entries already translated or fuzzy are left alone.

What goes over the wire is protected text: inline HTML tags and the glossary's English terms
are replaced by placeholders ``[[n]]`` before the request; after it, each placeholder becomes
the tag again or the glossary's approved target term. A result that lost or repeated a
placeholder is not used (the entry stays untranslated and is counted), since the approved
term would silently be missing.

Requests go in batches through the shared HTTP session (timeouts; retries with backoff on
429, 456 and 5xx, ``Retry-After`` honoured). The catalog is written atomically after every
batch, so an interrupted or failed run leaves every PO file valid and keeps what it filled.
API keys are read from the environment only.
"""

from __future__ import annotations

import csv
import html
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Protocol

from dragoman import DATA
from dragoman.errors import ConfigError, HttpError

ENGINES = ("libretranslate", "deepl")
#: Environment variables holding each engine's key (LibreTranslate's is optional).
KEY_ENV = {"libretranslate": "DRAGOMAN_LIBRETRANSLATE_API_KEY", "deepl": "DRAGOMAN_DEEPL_AUTH_KEY"}
PLACEHOLDER = "[[{}]]"
_PLACEHOLDER = re.compile(r"\[\[\s*(\d+)\s*\]\]")
_TAG = re.compile(r"(<[A-Za-z/][^<>]*>)")
_BATCH_LIMIT = re.compile(r"exceeds text limit \((\d+)\)")
_MARKUP = re.compile(r"<[A-Za-z/][^<>]*>|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")


@cache
def _codes() -> dict[tuple[str, str], str]:
    text = (DATA / "mt-languages.tsv").read_text("utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")),
                          delimiter="\t")
    table = {(row["engine"], row["lang"]): row["code"] for row in rows}
    bare = [key for key, code in table.items() if code.lower() == "ku"]
    if bare:
        raise ConfigError(f"data/mt-languages.tsv maps {bare} to a bare 'ku'; use the variant's code")
    return table


def engine_code(engine: str, lang: str) -> str:
    """The code ``engine`` uses for the workspace language ``lang`` (``kmr`` -> DeepL ``KMR``)."""
    try:
        return _codes()[(engine, lang)]
    except KeyError:
        known = sorted(lang_ for eng, lang_ in _codes() if eng == engine)
        raise ConfigError(f"{engine} has no language code for {lang!r} (known: {', '.join(known)})") from None


class Engine(Protocol):
    name: str

    def translate(self, texts: list[str], source: str, target: str) -> list[str]: ...


class LibreTranslate:
    """``POST /translate`` with ``q`` as a list; the optional key travels in the body."""

    name = "libretranslate"

    def __init__(self, url: str, session, api_key: str | None = None):
        self.url = url.rstrip("/")
        self.session = session
        self.api_key = api_key
        self.batch_limit: int | None = None

    def check_languages(self, source: str, target: str) -> None:
        """Fail early when the server cannot translate ``source`` into ``target``."""
        languages = self.session.get(f"{self.url}/languages").json()
        targets = {t for item in languages if item.get("code") == source for t in item.get("targets", [])}
        if target not in targets:
            served = ", ".join(sorted(item.get("code", "?") for item in languages))
            raise ConfigError(f"the LibreTranslate server at {self.url} cannot translate {source}>{target} "
                              f"(its languages: {served})")

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        if self.batch_limit and len(texts) > self.batch_limit:
            return [out for start in range(0, len(texts), self.batch_limit)
                    for out in self.translate(texts[start:start + self.batch_limit], source, target)]
        body = {"q": texts, "source": source, "target": target, "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        try:
            answer = self.session.post(f"{self.url}/translate", json=body).json()
        except HttpError as exc:
            # A server started with --batch-limit N refuses longer batches; send N at a time.
            limit = _BATCH_LIMIT.search(str(exc)) if getattr(exc, "status", None) == 400 else None
            if not limit or int(limit.group(1)) < 1 or int(limit.group(1)) >= len(texts):
                raise
            self.batch_limit = int(limit.group(1))
            return self.translate(texts, source, target)
        result = answer.get("translatedText") if isinstance(answer, dict) else None
        return _checked(result, texts, self.url)


class DeepL:
    """``POST /v2/translate`` with ``Authorization: DeepL-Auth-Key``; JSON ``text`` array."""

    name = "deepl"

    def __init__(self, url: str, session, auth_key: str):
        base = url.rstrip("/")
        self.url = base if base.endswith("/translate") else f"{base}/v2/translate"
        self.session = session
        self.auth_key = auth_key

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        answer = self.session.post(self.url, json={"text": texts, "source_lang": source, "target_lang": target},
                                   headers={"Authorization": f"DeepL-Auth-Key {self.auth_key}"}).json()
        items = answer.get("translations") if isinstance(answer, dict) else None
        result = [item.get("text") for item in items if isinstance(item, dict)] if isinstance(items, list) else None
        return _checked(result, texts, self.url)


def _checked(result, texts: list[str], url: str) -> list[str]:
    if isinstance(result, str) and len(texts) == 1:
        result = [result]
    if not isinstance(result, list) or len(result) != len(texts) or not all(isinstance(r, str) for r in result):
        got = len(result) if isinstance(result, list) else type(result).__name__
        raise HttpError(f"the engine answered {got} translations for {len(texts)} texts", url)
    return result


def make_engine(name: str, url: str, session, environ=os.environ) -> Engine:
    key = environ.get(KEY_ENV.get(name, ""), "") or None
    if name == "libretranslate":
        return LibreTranslate(url, session, key)
    if name == "deepl":
        if not key:
            raise ConfigError(f"DeepL needs an authentication key: set {KEY_ENV['deepl']}")
        return DeepL(url, session, key)
    raise ConfigError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")


@dataclass
class Protected:
    """A msgid prepared for the engine: ``text`` with placeholders, what each one stands for."""

    text: str
    restore: list[str]
    is_html: bool


def protect(msgid: str, glossary, target_lang: str) -> Protected:
    """Replace inline tags and glossary terms that have an approved ``target_lang`` term by
    placeholders; entities in HTML are decoded so the engine sees plain text."""
    is_html = bool(_MARKUP.search(msgid))
    restore: list[str] = []
    pieces: list[str] = []

    def hold(value: str) -> str:
        restore.append(value)
        return PLACEHOLDER.format(len(restore) - 1)

    for token in _TAG.split(msgid) if is_html else [msgid]:
        if is_html and _TAG.fullmatch(token):
            pieces.append(hold(token))
            continue
        text = html.unescape(token) if is_html else token
        out, pos = [], 0
        for match in _term_matches(glossary, text):
            target = glossary.preferred(match.concept, target_lang)
            if not target:
                continue
            out.append(text[pos:match.start])
            out.append(hold(html.escape(target, quote=False) if is_html else target))
            pos = match.end
        out.append(text[pos:])
        pieces.append("".join(out))
    return Protected("".join(pieces), restore, is_html)


def _term_matches(glossary, text: str):
    """Non-overlapping English term matches, leftmost first (one concept per span)."""
    if glossary is None or not text.strip():
        return []
    chosen, end = [], -1
    for match in sorted(glossary.find(text, "en"), key=lambda m: (m.start, -(m.end - m.start))):
        if match.start >= end:
            chosen.append(match)
            end = match.end
    return chosen


def restore(protected: Protected, translated: str) -> str | None:
    """The engine's output with placeholders put back, or None when it is empty or a
    placeholder was lost, repeated or invented (it cannot be trusted to carry the approved
    terms and tags)."""
    found = [int(m.group(1)) for m in _PLACEHOLDER.finditer(translated)]
    if sorted(found) != list(range(len(protected.restore))):
        return None
    out, pos = [], 0
    for match in _PLACEHOLDER.finditer(translated):
        chunk = translated[pos:match.start()]
        out.append(html.escape(chunk, quote=False) if protected.is_html else chunk)
        out.append(protected.restore[int(match.group(1))])
        pos = match.end()
    tail = translated[pos:]
    out.append(html.escape(tail, quote=False) if protected.is_html else tail)
    body = "".join(out).strip()
    if not body:
        return None
    # The source's own leading and trailing white space, not the engine's.
    text = protected.text
    return text[:len(text) - len(text.lstrip())] + body + text[len(text.rstrip()):]


def open_entries(catalog) -> list:
    """Entries worth pre-filling: active, singular, not the header, no translation at all."""
    return [m for m in catalog.messages
            if m.msgid and not m.obsolete and m.msgid_plural is None and not m.msgstr and not m.fuzzy]


@dataclass
class FileReport:
    path: Path
    filled: int = 0
    #: Entries whose engine output lost a placeholder (left untranslated).
    rejected: list[str] = field(default_factory=list)


def pretranslate_file(path: Path, engine: Engine, lang: str, glossary, *, source_lang: str = "en",
                      batch_size: int = 25, max_chars: int = 5000, today: str | None = None,
                      report: FileReport | None = None) -> FileReport:
    """Fill the open entries of the PO file ``path``; writes after every batch.

    ``report`` (filled in as the work goes) tells a caller what was saved even when a later
    batch fails with an exception."""
    from dragoman.catalog.po import read_po, write_po

    catalog = read_po(path)
    report = report or FileReport(path)
    entries = open_entries(catalog)
    if not entries:
        return report
    source, target = engine_code(engine.name, source_lang), engine_code(engine.name, lang)
    comment = f"MT: {engine.name} {source_lang}>{lang} {today or datetime.now(timezone.utc).date().isoformat()}"
    for batch in _batches(entries, batch_size, max_chars):
        prepared = [protect(m.msgid, glossary, lang) for m in batch]
        outputs = engine.translate([p.text for p in prepared], source, target)
        for message, protected, output in zip(batch, prepared, outputs):
            text = restore(protected, output)
            if not text:
                report.rejected.append(message.msgid)
                continue
            message.msgstr = text
            message.fuzzy = True
            # A translator who emptied an earlier suggestion left its MT note behind.
            message.translator_comments[:] = [c for c in message.translator_comments
                                              if not c.startswith("MT: ")] + [comment]
            report.filled += 1
        write_po(path, catalog)
    return report


def _batches(entries: list, size: int, max_chars: int):
    batch, chars = [], 0
    for entry in entries:
        if batch and (len(batch) >= size or chars + len(entry.msgid) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(entry)
        chars += len(entry.msgid)
    if batch:
        yield batch


def catalog_files(workspace, lang: str) -> list[Path]:
    folder = workspace.locales_dir / lang / "LC_MESSAGES"
    return sorted(folder.glob("*.po")) if folder.is_dir() else []
