"""The gettext PO catalog model and its reader and writer.

Compatibility is the point: translators' tools (Poedit, Lokalize, Weblate) and GNU gettext
read and write these files, and every byte of churn shows up in their diffs. So

* reading keeps the exact text of every entry; :func:`render_po` re-emits an entry verbatim
  as long as its content is unchanged, so loading and saving a file written by any tool
  changes nothing;
* new and changed entries are formatted exactly as GNU gettext's ``write-po.c`` does
  (79 columns, Unicode line breaking, see :mod:`dragoman.catalog.wrap`);
* ``#|`` previous strings, ``#~`` obsolete entries (with ``#~|``), ``msgctxt``, ``#.``, flags,
  free-form references, plural forms and header comments are all part of the model;
* writes are atomic and refuse to overwrite a file that changed since it was read.

The model is pure data: :class:`Message` entries in a :class:`Catalog`, whose ``header`` is an
ordered ``dict`` of the header fields. :func:`read_po` reads every file with one linear
line-by-line parser, which also reports errors with their line. One fast path,
:func:`translations_in`, reads what a translation memory keeps of a compendium in the shape
gettext writes, all at once by one regular expression with the strings decoded together,
and builds no entries.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from dragoman import DATA
from dragoman.bulk import bulk
from dragoman.catalog.wrap import PAGE_WIDTH, wrap_field
from dragoman.errors import CatalogError
from dragoman.fileio import Fingerprint, atomic_write_bytes, same_file

__all__ = [
    "Catalog", "Message", "parse_po", "read_po", "render_po", "write_po", "canonicalize",
    "FUZZY",
]

FUZZY = "fuzzy"


@dataclass(eq=False)
class Message:
    """One catalog entry. ``None`` means "absent" for msgctxt, msgid_plural and the previous
    strings; a plural entry has ``msgid_plural`` set and its translations in ``msgstr_plural``.

    ``lineno`` is the 1-based line of the entry's ``msgid`` in the file it was read from.
    Equality compares content only (not ``lineno`` nor the remembered source text).
    """

    msgid: str
    msgstr: str = ""
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    previous_msgctxt: str | None = None
    obsolete: bool = False
    lineno: int | None = None
    # The entry's text as read and the content it had then: rendered verbatim while unchanged.
    _source: str | None = field(default=None, repr=False)
    _snapshot: tuple | None = field(default=None, repr=False)
    # Blank lines that preceded the entry in its file, and (where there were none) what the
    # entry followed: see _follow_key.
    _prefix: str | None = field(default=None, repr=False)
    _follows: tuple | None = field(default=None, repr=False)

    @property
    def key(self) -> tuple[str | None, str]:
        """Identity of the entry in its catalog: ``(msgctxt, msgid)``."""
        return (self.msgctxt, self.msgid)

    @property
    def pluralizable(self) -> bool:
        return self.msgid_plural is not None

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and FUZZY not in self.flags:
            self.flags.insert(0, FUZZY)
        elif not value:
            self.flags[:] = [f for f in self.flags if f != FUZZY]

    @property
    def translated(self) -> bool:
        """Active, not fuzzy, and every translation (every plural form) non-empty."""
        if self.obsolete or self.fuzzy:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return self.msgstr != ""

    @property
    def has_translation(self) -> bool:
        """Some translation text exists (fuzzy or not)."""
        if self.msgid_plural is not None:
            return any(self.msgstr_plural)
        return self.msgstr != ""

    def content(self) -> tuple:
        """Everything that makes up the entry, as a hashable tuple (used for equality and for
        deciding whether the remembered source text is still accurate)."""
        return (
            self.msgid, self.msgstr, self.msgid_plural, tuple(self.msgstr_plural), self.msgctxt,
            tuple(self.flags), tuple(self.translator_comments), tuple(self.extracted_comments),
            tuple(self.references), self.previous_msgid, self.previous_msgid_plural,
            self.previous_msgctxt, self.obsolete,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.content() == other.content()

    __hash__ = None  # mutable

    def unchanged_since_read(self) -> bool:
        return self._source is not None and self._snapshot == self.content()


class MessageList(list):
    """The catalog's list of entries. Appends keep the catalog's key index current; any other
    mutation drops the index so that it is rebuilt on the next lookup."""

    __slots__ = ("_index",)

    def __init__(self, items: Iterable[Message] = ()):
        super().__init__(items)
        self._index: dict | None = None

    def _invalidate(self) -> None:
        self._index = None

    def __reduce__(self):
        # (A pickled list's items would be appended before its slots are restored: rebuild it
        # whole instead, so that catalogs travel to worker processes and back.)
        return (MessageList, (list(self),))

    def append(self, message: Message) -> None:
        super().append(message)
        if self._index is not None:
            self._index.setdefault((message.obsolete, message.key), message)

    def extend(self, messages: Iterable[Message]) -> None:
        for message in messages:
            self.append(message)

    def __iadd__(self, messages):
        self.extend(messages)
        return self

    def _mutator(name):  # noqa: N805 - builds the invalidating wrappers below
        base = getattr(list, name)

        def method(self, *args, **kwargs):
            self._index = None
            return base(self, *args, **kwargs)

        method.__name__ = name
        return method

    insert = _mutator("insert")
    remove = _mutator("remove")
    pop = _mutator("pop")
    clear = _mutator("clear")
    sort = _mutator("sort")
    reverse = _mutator("reverse")
    __setitem__ = _mutator("__setitem__")
    __delitem__ = _mutator("__delitem__")
    del _mutator


class Catalog:
    """A PO/POT catalog: header fields, header comments and flags, and the entries.

    ``header`` is an ordered ``dict`` (``"Project-Id-Version"`` -> value ...). Look entries up
    with :meth:`get` or ``catalog[msgid]`` / ``catalog[(msgctxt, msgid)]``; active and obsolete
    entries live side by side in ``messages`` and are looked up separately.
    """

    def __init__(self, header: dict[str, str] | None = None, messages: Iterable[Message] = (),
                 *, header_comments: list[str] | None = None, header_flags: list[str] | None = None,
                 path: str | Path | None = None):
        self.header: dict[str, str] = dict(header or {})
        self.header_comments: list[str] = list(header_comments or [])
        self.header_flags: list[str] = list(header_flags or [])
        self.messages = messages
        self.path = str(path) if path is not None else None
        #: What the file looked like when read (``write_po`` refuses if it changed since).
        self.fingerprint: Fingerprint | None = None
        #: Encoding of the file it was read from; new catalogs are UTF-8.
        self.encoding = "utf-8"
        self._header_entry: Message | None = None
        self._header_snapshot: tuple | None = None
        self._trailer = ""
        self._bom = False
        #: Line ending of the file it was read from; new and changed entries use it too.
        self.newline = "\n"

    # -- entries -------------------------------------------------------------------------
    @property
    def messages(self) -> MessageList:
        return self._messages

    @messages.setter
    def messages(self, items: Iterable[Message]) -> None:
        self._messages = items if isinstance(items, MessageList) else MessageList(items)

    def _lookup_index(self) -> dict:
        index = self._messages._index
        if index is None:
            index = {}
            for message in self._messages:
                index.setdefault((message.obsolete, message.key), message)
            self._messages._index = index
        return index

    def get(self, msgid: str, msgctxt: str | None = None, *, obsolete: bool = False) -> Message | None:
        """The active (or, with ``obsolete=True``, the obsolete) entry with this key."""
        key = (obsolete, (msgctxt, msgid))
        hit = self._lookup_index().get(key)
        if hit is not None and (hit.obsolete, hit.key) != key:
            # The entry was edited in place since the index was built.
            self._messages._invalidate()
            hit = self._lookup_index().get(key)
        return hit

    def reindex(self) -> None:
        """Forget the key index (call after changing msgid/msgctxt of entries in place)."""
        self._messages._invalidate()

    def __getitem__(self, key: str | tuple[str | None, str]) -> Message:
        msgctxt, msgid = key if isinstance(key, tuple) else (None, key)
        hit = self.get(msgid, msgctxt)
        if hit is None:
            raise KeyError(key)
        return hit

    def __contains__(self, key: object) -> bool:
        if isinstance(key, Message):
            key = key.key
        msgctxt, msgid = key if isinstance(key, tuple) else (None, key)
        return self.get(msgid, msgctxt) is not None

    def add(self, message: Message) -> Message:
        """Append ``message``; an active entry with the same key is an error."""
        if not message.obsolete and self.get(message.msgid, message.msgctxt) is not None:
            raise CatalogError(f"duplicate message definition: {message.msgid!r}", self.path)
        self._messages.append(message)
        return message

    def __iter__(self) -> Iterator[Message]:
        return iter(self._messages)

    def __len__(self) -> int:
        return len(self._messages)

    @property
    def active(self) -> list[Message]:
        return [m for m in self._messages if not m.obsolete]

    @property
    def obsolete(self) -> list[Message]:
        return [m for m in self._messages if m.obsolete]

    @property
    def header_fuzzy(self) -> bool:
        return FUZZY in self.header_flags

    # -- comparison ----------------------------------------------------------------------
    def content(self) -> tuple:
        return (
            tuple(self.header.items()), tuple(self.header_comments), tuple(self.header_flags),
            tuple(m.content() for m in self._messages),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return self.content() == other.content()

    __hash__ = None

    def __repr__(self) -> str:
        return f"<Catalog {self.path or ''} {len(self._messages)} messages>"


# ----------------------------------------------------------------------------------------
# Reading

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"])\s*")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*')
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f",
                   "v": "\v", "\\": "\\", '"': '"', "'": "'", "?": "?"}
_REFERENCE = re.compile("\u2068[^\u2069]*\u2069(?::\\d+)?|\\S+")
_PREVIOUS = frozenset({"prev_msgctxt", "prev_msgid", "prev_msgid_plural"})
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:\-]+)")


class _BadEscape(ValueError):
    pass


class _NotPlain(ValueError):
    """What the reader of the commonest entries (:data:`_PLAIN_ROWS`) cannot take: the full
    expression reads it."""


def _unescape_match(match: re.Match) -> str:
    octal, hexa, simple = match.groups()
    if octal is not None:
        return chr(int(octal, 8))
    if hexa is not None:
        return chr(int(hexa, 16))
    try:
        return _SIMPLE_ESCAPES[simple]
    except KeyError:
        raise _BadEscape(f"invalid escape sequence '\\{simple}'") from None


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_unescape_match, text)


class _EntryBuilder:
    """Accumulates the parts of one entry while its lines are read."""

    __slots__ = ("start", "lineno", "comments", "extracted", "references", "flags", "strings",
                 "current", "has_msgstr", "obsolete", "prefix", "source_end")

    def __init__(self, start: int, prefix: str):
        self.start = start
        self.prefix = prefix
        self.lineno = None
        self.comments: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.strings: dict = {}
        self.current = None
        self.has_msgstr = False
        self.obsolete = False
        self.source_end = start


def _decode(data: bytes, path: str) -> tuple[str, str, bool]:
    data, encoding, bom = _encoding(data, path)
    try:
        return data.decode(encoding), encoding, bom
    except LookupError:
        raise CatalogError(f"unknown character set {encoding!r} in the header", path) from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(f"invalid {encoding} byte sequence", path, line) from None


_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _encoding(data: bytes, path: str | Path) -> tuple[bytes, str, bool]:
    """The data without a byte-order mark, the encoding its header names, and whether the
    mark was there.

    A file whose header names a legacy character set (an old editor's windows-1256) but
    whose text is UTF-8 is refused at its first non-ASCII line: decoding it as declared
    would turn every such entry into mojibake and write the file back in mixed encodings."""
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    encoding = "utf-8"
    match = _CHARSET.search(data, 0, 4096)
    if match:
        name = match.group(1).decode("ascii").lower()
        if name not in ("charset", "utf-8", "utf8"):
            encoding = name
    if encoding != "utf-8" and (first := _NON_ASCII.search(data)):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass  # really in the declared character set
        else:
            raise CatalogError(
                f"the header declares charset={match.group(1).decode('ascii')} but the text is "
                "UTF-8; set the header to charset=UTF-8 (or convert the file with msgconv "
                f"--to-code={match.group(1).decode('ascii')})", path,
                data.count(b"\n", 0, first.start()) + 1)
    return data, encoding, bom


# -- The fast path (measured by benchmarks/bench_po.py against the full parser, and held to
# its results by property tests): the finished translations of a compendium
# (translations_in: some 6x on a news compendium; a released catalog, with contexts or
# plurals, goes to the full parser after the attempt, so no gain there), read from entries in
# the shape GNU gettext writes them, all found by one regular expression. The expression is
# compiled when the fast path first runs (:func:`_compiled`): a command that reads a catalog
# whole does without it.

#: The commonest entry alone (comments, msgid, msgstr: no context, plural or previous
#: strings), its string lines matched loosely (a quote, anything, a quote): far less work for
#: the expression, and what the lines hold is checked in bulk instead (:func:`_fast_strings`).
_PLAIN_ROWS = r"""
    (\n*)
    (?P<comments>(?:\#(?:[ .:,][^\n\r]*)?\n)*)
    msgid[ ](?P<msgid>"[^\n]*"(?:\n"[^\n]*")*)\n
    msgstr[ ](?P<msgstr>"[^\n]*"(?:\n"[^\n]*")*)
    (?:\n(?=\n|\#|msgctxt[ ]|msgid[ ]|\Z)|\Z)
"""
#: The same for a text's UTF-8 bytes (keywords, quotes and line breaks are single bytes there,
#: never part of another character's): half the bytes of a text with Arabic to match.
_PLAIN_ROWS_UTF8 = _PLAIN_ROWS.encode()
#: An escape sequence in the strings of loosely matched lines, joined by NUL.
_ESCAPE_PAIR = re.compile(r"\\[^\0]")


@lru_cache(maxsize=None)
def _compiled(pattern: str | bytes) -> re.Pattern:
    """A fast path's expression (verbose: its spaces and comments are not matched)."""
    return re.compile(pattern, re.X)


@lru_cache(maxsize=None)
def _layout(pattern: str) -> dict[str, int]:
    """The position of each named group of ``pattern`` in a row of its ``findall``."""
    return {name: group - 1 for name, group in _compiled(pattern).groupindex.items()}


def _plain_rows(text: str | bytes) -> list[tuple] | None:
    """The rows of ``_PLAIN_ROWS.findall(text)`` (of its UTF-8 bytes: their bytes) if they
    are the whole text, else None. (No match overlaps another: if their lengths add up to
    the text's, they are all of it. Each is its groups, ``msgid ``, a line break and
    ``msgstr ``, and a line break but at the very end: no copy of each whole entry is needed
    to measure it.)"""
    utf8 = isinstance(text, bytes)
    rows = _compiled(_PLAIN_ROWS_UTF8 if utf8 else _PLAIN_ROWS).findall(text)
    size = (sum(map(len, map((b"" if utf8 else "").join, rows))) + 15 * len(rows)
            - (not text.endswith(b"\n" if utf8 else "\n")))
    return rows if size == len(text) else None


def _row_strings(rows: list[tuple]) -> tuple[list[str], list[str]]:
    """The msgids and msgstrs of rows of :data:`_PLAIN_ROWS`, decoded together (may raise
    :class:`_BadEscape`, or :class:`_NotPlain` when a line is not a string, or not UTF-8)."""
    layout = _layout(_PLAIN_ROWS)
    return (_fast_strings([row[layout["msgid"]] for row in rows]),
            _fast_strings([row[layout["msgstr"]] for row in rows]))


def parse_po(text: str, path: str | Path = "<string>") -> Catalog:
    """Parse PO text into a :class:`Catalog`. Syntax errors raise :class:`CatalogError`
    naming ``path`` and the line."""
    return _parse(text, str(path))


@bulk
def _parse(text: str, path: str) -> Catalog:
    catalog = Catalog(path=None if path == "<string>" else path)
    if text.startswith("\ufeff"):
        catalog._bom = True
        text = text[1:]
    first_newline = text.find("\n")
    if first_newline > 0 and text[first_newline - 1] == "\r":
        catalog.newline = "\r\n"
    entries: list[Message] = []
    lines = text.split("\n")
    # ``text`` ends with "\n" normally: the last element is then "" and is no line at all.
    has_final_newline = lines[-1] == ""
    if has_final_newline:
        lines.pop()

    last_end = 0  # index of the first line after the last finished entry
    entry: _EntryBuilder | None = None

    # offsets[i]: where line i starts in ``text`` (one more entry: the end of the text).
    offsets = [0]
    offsets.extend(accumulate(len(line) + 1 for line in lines))
    offsets[-1] = min(offsets[-1], len(text))

    def chunk(start: int, end: int) -> str:
        """Lines ``start..end-1`` exactly as in the text."""
        return text[offsets[start]:offsets[end]] if start < end else ""

    def fail(message: str, index: int) -> None:
        raise CatalogError(message, path, index + 1)

    def finish() -> None:
        nonlocal entry, last_end
        built = entry
        entry = None
        if "msgid" not in built.strings:
            fail("missing 'msgid' in this entry", built.start)
        if not built.has_msgstr:
            fail("missing 'msgstr' after 'msgid'", built.lineno - 1)
        strings = built.strings
        plural = strings.get("msgid_plural")
        msgstr_plural: list[str] = []
        if plural is not None:
            if "msgstr" in strings:
                fail("plural entry has 'msgstr' instead of 'msgstr[0]'", built.lineno - 1)
            forms = strings.get("msgstr_plural", {})
            msgstr_plural = [forms.get(i, "") for i in range(max(forms) + 1)] if forms else []
        elif "msgstr_plural" in strings:
            fail("'msgstr[N]' in an entry without 'msgid_plural'", built.lineno - 1)
        message = Message(
            msgid=strings["msgid"], msgstr=strings.get("msgstr", ""), msgid_plural=plural,
            msgstr_plural=msgstr_plural, msgctxt=strings.get("msgctxt"), flags=built.flags,
            translator_comments=built.comments, extracted_comments=built.extracted,
            references=built.references, previous_msgid=strings.get("prev_msgid"),
            previous_msgid_plural=strings.get("prev_msgid_plural"),
            previous_msgctxt=strings.get("prev_msgctxt"), obsolete=built.obsolete,
            lineno=built.lineno, _source=chunk(built.start, built.source_end + 1),
            _prefix=built.prefix,
        )
        message._snapshot = message.content()
        entries.append(message)
        last_end = built.source_end + 1

    def start_entry(index: int) -> _EntryBuilder:
        nonlocal entry
        if entry is not None and entry.has_msgstr:
            finish()
        if entry is None:
            entry = _EntryBuilder(index, chunk(last_end, index))
        return entry

    def read_strings(rest: str, index: int) -> str:
        if len(rest) > 1 and rest[0] == '"' and rest[-1] == '"':
            inner = rest[1:-1]
            if '"' not in inner and "\\" not in inner:
                return inner
        pos, parts = 0, []
        while pos < len(rest):
            match = _STRING.match(rest, pos)
            if match is None:
                fail("syntax error: expected a quoted string", index)
            parts.append(match.group(1))
            pos = match.end()
        if not parts:
            fail("syntax error: expected a quoted string", index)
        try:
            return "".join(_unescape(part) for part in parts)
        except _BadEscape as exc:
            fail(str(exc), index)

    for index in range(len(lines)):
        raw_line = lines[index]
        line = raw_line[:-1] if raw_line[-1:] == "\r" else raw_line
        if line[:1] == '"' and entry is not None and entry.current is not None and not entry.obsolete:
            # The common continuation line, without escapes: no regular expression needed.
            inner = line[1:-1]
            if line[-1:] == '"' and len(line) > 1 and '"' not in inner and "\\" not in inner:
                target = entry.current
                if target.__class__ is tuple:
                    entry.strings["msgstr_plural"][target[1]] += inner
                else:
                    entry.strings[target] += inner
                entry.source_end = index
                continue
        stripped = line.strip()
        if not stripped:
            if entry is not None and entry.has_msgstr:
                finish()
            continue
        obsolete = False
        previous = False
        body = stripped
        if body.startswith("#~"):
            obsolete = True
            body = body[2:]
            if body.startswith("|"):
                previous = True
                body = body[1:]
            body = body.lstrip()
            if not body:  # a bare "#~": nothing to read, kept with the entry's text
                start_entry(index).source_end = index
                continue
        elif body.startswith("#|"):
            previous = True
            body = body[2:].lstrip()
        elif body.startswith("#"):
            current = start_entry(index)
            if current.strings.keys() - _PREVIOUS:
                fail("comment inside an entry (before its 'msgstr')", index)
            kind = body[1:2]
            if kind == ",":
                current.flags.extend(f for f in (p.strip() for p in body[2:].split(",")) if f)
            elif kind == ".":
                current.extracted.append(_comment_text(line[2:]))
            elif kind == ":":
                current.references.extend(_REFERENCE.findall(line[2:]))
            else:
                current.comments.append(_comment_text(line[1:]))
            current.source_end = index
            continue

        if body.startswith('"'):
            if entry is None or entry.current is None:
                fail("syntax error: string continuation without a keyword", index)
            if obsolete != entry.obsolete:
                fail("syntax error: string continuation mixes obsolete and active lines", index)
            value = read_strings(body, index)
            _append_string(entry, value)
            entry.source_end = index
            continue
        match = _KEYWORD.match(body)
        if match is None:
            fail(f"syntax error: unexpected text {body[:40]!r}", index)
        keyword, number = match.group(1), match.group(2)
        value = read_strings(body[match.end():], index)
        if previous:
            if keyword == "msgstr" or number is not None:
                fail("syntax error: '#|' holds msgctxt, msgid or msgid_plural only", index)
            current = start_entry(index)
            if current.strings.keys() - _PREVIOUS:
                fail("'#|' lines must come before the entry's msgid", index)
            name = "prev_" + keyword
        else:
            if keyword in ("msgctxt", "msgid") and number is None:
                current = start_entry(index)
                if keyword == "msgid" and "msgid" in current.strings:
                    fail("syntax error: second 'msgid' without a 'msgstr'", index)
                if keyword == "msgctxt" and ("msgctxt" in current.strings or "msgid" in current.strings):
                    fail("syntax error: 'msgctxt' after 'msgid'", index)
                if keyword == "msgid":
                    current.lineno = index + 1
            else:
                current = entry
                # (A finished entry of the other kind does not count: the line starts one.)
                if current is None or "msgid" not in current.strings or (
                        current.has_msgstr and current.obsolete != obsolete):
                    fail(f"syntax error: '{keyword}' without a 'msgid'", index)
                if keyword == "msgid_plural":
                    if number is not None or "msgid_plural" in current.strings or current.has_msgstr:
                        fail("syntax error: misplaced 'msgid_plural'", index)
                else:
                    current.has_msgstr = True
            name = keyword
        if current.strings and current.obsolete != obsolete:
            fail("syntax error: entry mixes obsolete '#~' and active lines", index)
        current.obsolete = obsolete
        if number is not None:
            if keyword != "msgstr":
                fail(f"syntax error: '{keyword}[{number}]'", index)
            forms = current.strings.setdefault("msgstr_plural", {})
            idx = int(number)
            if idx in forms:
                fail(f"syntax error: second 'msgstr[{idx}]'", index)
            forms[idx] = value
            current.current = ("msgstr_plural", idx)
        else:
            if name in current.strings:
                fail(f"syntax error: second '{keyword}' in one entry", index)
            current.strings[name] = value
            current.current = name
        current.source_end = index

    if entry is not None and entry.strings:
        finish()
    # Whatever follows the last entry (blank lines, stray comments) is kept verbatim.
    return _finish_catalog(catalog, entries, chunk(last_end, len(lines)), path)


def _finish_catalog(catalog: Catalog, entries: list[Message], trailer: str, path: str) -> Catalog:
    """Header adoption and the duplicate check, after either reader."""
    catalog._trailer = trailer
    for before, after in zip(entries, entries[1:]):
        if not after._prefix:
            after._follows = _follow_key(before)
    first = entries[0] if entries else None
    if first is not None and _is_header(first):
        _adopt_header(catalog, first)
        entries = entries[1:]
    keys = [(m.msgctxt, m.msgid) for m in entries if not m.obsolete]
    if len(set(keys)) != len(keys):  # (then find the first duplicate, to report it)
        seen: dict = {}
        for message in entries:
            if not message.obsolete:
                other = seen.setdefault(message.key, message)
                if other is not message:
                    raise CatalogError(
                        f"duplicate message definition (first defined at line {other.lineno})",
                        path, message.lineno)
    catalog.messages = entries
    return catalog


def _follow_key(message: Message) -> tuple:
    """What an entry read with no blank line before it followed: written again so while it
    follows that entry (:func:`render_po`)."""
    return message.msgctxt, message.msgid, message.obsolete


def _is_header(first) -> bool:
    """Whether a file's first entry is its header."""
    return first.msgid == "" and first.msgctxt is None and not first.obsolete


def _append_string(entry: _EntryBuilder, value: str) -> None:
    target = entry.current
    if isinstance(target, tuple):
        forms = entry.strings["msgstr_plural"]
        forms[target[1]] += value
    else:
        entry.strings[target] += value


def _comment_text(rest: str) -> str:
    """Comment text after the ``#`` marker: one separating space is not part of it."""
    rest = rest[:-1] if rest.endswith("\r") else rest
    return rest[1:] if rest.startswith(" ") else rest


def _adopt_header(catalog: Catalog, message: Message) -> None:
    catalog._header_entry = message
    catalog.header = parse_header(message.msgstr)
    catalog.header_comments = message.translator_comments
    catalog.header_flags = message.flags
    catalog._header_snapshot = _header_state(catalog)


def _header_state(catalog: Catalog) -> tuple:
    return (tuple(catalog.header.items()), tuple(catalog.header_comments), tuple(catalog.header_flags))


def parse_header(text: str) -> dict[str, str]:
    """``"Key: value\\n"`` lines into an ordered dict (lines without a colon are skipped)."""
    header: dict[str, str] = {}
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            header[key.strip()] = value.strip()
    return header


def render_header(header: dict[str, str]) -> str:
    for key, value in header.items():
        if "\n" in key or "\n" in value or ":" in key:
            raise CatalogError(f"header field {key!r}: {value!r} cannot be written (line break or "
                               "colon in the name)")
    return "".join(f"{key}: {value}\n" for key, value in header.items())


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("no such file", path) from None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path) from None


def read_text(path: str | Path) -> str:
    """The text of a PO file, decoded by its charset, without a byte-order mark."""
    return decode_text(_read_bytes(Path(path)), path)


def decode_text(data: bytes, path: str | Path) -> str:
    """:func:`read_text` of the bytes ``data`` read from ``path`` (named by the error if they
    do not decode)."""
    text, _, _ = _decode(data, str(path))
    return text[1:] if text.startswith("\ufeff") else text


def read_encoded(path: str | Path) -> tuple[bytes, str]:
    """The bytes of a PO file without a byte-order mark, and the encoding its header names
    (for :func:`translations_in`, which reads UTF-8 as bytes)."""
    data, encoding, _ = _encoding(_read_bytes(Path(path)), path)
    return data, encoding


class Translations(NamedTuple):
    """What :func:`translations_in` finds in a PO text."""

    header: dict[str, str]
    sources: list[str]  # msgids of the finished translations
    targets: list[str]  # their msgstrs (columns: a memory keeps them so)


def translations_in(text: str | bytes) -> Translations | None:
    """The header and the finished translations ``(msgid, msgstr)`` (active, not fuzzy,
    not empty) of a PO text, or of its UTF-8 bytes (matched as bytes, decoded by the string:
    a fraction of the work for a text with Arabic): what a translation memory keeps of a
    compendium.

    Only a text of the commonest entries (comments, msgid, msgstr, in the shape GNU gettext
    writes them) is read, all at once by :data:`_PLAIN_ROWS` and their strings decoded
    together, without an object per entry (a 100,000-entry compendium in a fifth of
    :func:`read_po`'s time). None for any other text (contexts, plurals, previous strings,
    obsolete entries, CRLF, a duplicate, an error): :func:`read_po` reads it, or reports it.
    """
    rows = _plain_rows(text)
    if rows is None:
        return None
    try:
        msgids, msgstrs = _row_strings(rows)
        comments = list(map(itemgetter(_layout(_PLAIN_ROWS)["comments"]), rows))
        if isinstance(text, bytes):
            comments = _utf8(comments).split("\0") if any(comments) else [""] * len(rows)
            if len(comments) != len(rows):
                raise _NotPlain("a NUL in a comment")
    except _NotPlain:
        if isinstance(text, bytes):  # (bytes that only their decoded text tells about)
            try:
                return translations_in(text.decode("utf-8"))
            except UnicodeDecodeError:
                return None
        return None
    except _BadEscape:
        return None
    if len(set(msgids)) != len(rows):
        return None  # a duplicate
    skip = {i for i in compress(count(), map(operator.contains, comments, repeat(FUZZY)))
            if any(FUZZY in (f.strip() for f in line[2:].split(","))
                   for line in comments[i].split("\n") if line.startswith("#,"))}
    header: dict[str, str] = {}
    if rows and not msgids[0]:
        header = parse_header(msgstrs[0])
        skip.add(0)
    # (Not fuzzy, neither string empty: flags computed in C, then the few skipped.)
    keep = list(map(operator.and_, map(bool, msgids), map(bool, msgstrs)))
    for i in skip:
        keep[i] = False
    return Translations(header, list(compress(msgids, keep)), list(compress(msgstrs, keep)))


def _fast_strings(groups: list[str] | list[bytes]) -> list[str]:
    """The values of loosely matched string lines (a quote, anything, a quote), one group of
    lines a value: all joined, their line joins and quotes removed and the result split, in a
    few C calls. (A quote, a line break and a quote only occur together where one line of a
    string ends and the next begins: a quote in a string is escaped.) What the lines hold is
    checked here: :class:`_NotPlain` unless each holds no quote, backslash or carriage return
    but in escape sequences."""
    joined = "\0".join(groups) if not groups or isinstance(groups[0], str) else _utf8(groups)
    if joined.count("\0") != len(groups) - 1 or not groups:
        raise _NotPlain("a NUL in a string")
    whole = joined.replace('"\n"', "")  # (the strings, each in quotes, joined by NUL)
    escaped = "\\" in joined
    if not (_escapes_only(joined) if escaped else _quotes_only(whole, len(groups))):
        raise _NotPlain("not a string")
    values = whole[1:-1].split('"\0"')
    if escaped:
        for i in compress(count(), map(operator.contains, values, repeat("\\"))):
            values[i] = _unescape(values[i])
    return values


def _quotes_only(whole: str, strings: int) -> bool:
    """Whether ``strings`` loosely matched strings without escape sequences, joined whole
    (:func:`_fast_strings`), hold no quote or carriage return: each starts and ends with a
    quote, so two quotes each are all there are."""
    return whole.count('"') == 2 * strings and "\r" not in whole


def _escapes_only(joined: str) -> bool:
    """Whether loosely matched strings joined by NUL (their lines still apart) hold no quote,
    backslash or carriage return but in escape sequences (which end on their line)."""
    inner = joined.replace('"\n"', "\0").replace('"\0"', "\0")[1:-1]
    inner = _ESCAPE_PAIR.sub("", inner)
    return not ('"' in inner or "\\" in inner or "\r" in inner)


def _utf8(groups: list[bytes]) -> str:
    """UTF-8 byte strings joined by NUL, decoded (:class:`_NotPlain` if they are not UTF-8:
    the reader of the decoded text decides)."""
    try:
        return b"\0".join(groups).decode("utf-8")
    except UnicodeDecodeError:
        raise _NotPlain("not UTF-8") from None


def read_po(path: str | Path) -> Catalog:
    """Read a PO/POT file; remembers its fingerprint so :func:`write_po` can detect edits."""
    path = Path(path)
    data = _read_bytes(path)
    text, encoding, bom = _decode(data, str(path))
    catalog = parse_po(text, path)
    catalog.encoding = encoding
    catalog._bom = catalog._bom or bom
    catalog.fingerprint = Fingerprint.of_bytes(path, data)
    return catalog


# ----------------------------------------------------------------------------------------
# Writing

def _render_entry(message: Message) -> str:
    """One entry formatted as GNU gettext's ``message_print`` does."""
    out: list[str] = []
    for comment in message.translator_comments:
        for part in comment.split("\n"):
            out.append(f"# {part}" if part else "#")
    for comment in message.extracted_comments:
        out.append(f"#. {comment}" if comment else "#.")
    if message.references:
        line, column = "#:", 2
        for ref in message.references:
            ref_width = len(ref) + 1
            if column > 2 and column + ref_width > PAGE_WIDTH:
                out.append(line)
                line, column = "#:", 2
            line += " " + ref
            column += ref_width
        out.append(line)
    flags = _ordered_flags(message.flags)
    if flags:
        out.append("#, " + ", ".join(flags))
    # gettext wraps unless the last wrap flag says no-wrap.
    wrap_flags = [f for f in message.flags if f in ("wrap", "no-wrap")]
    width = None if wrap_flags and wrap_flags[-1] == "no-wrap" else PAGE_WIDTH
    language = _format_language(message.flags)
    prefix = "#~ " if message.obsolete else ""
    previous = "#~| " if message.obsolete else "#| "
    if message.previous_msgctxt is not None:
        out.extend(wrap_field("msgctxt", message.previous_msgctxt, previous, width, language))
    if message.previous_msgid is not None:
        out.extend(wrap_field("msgid", message.previous_msgid, previous, width, language))
    if message.previous_msgid_plural is not None:
        out.extend(wrap_field("msgid_plural", message.previous_msgid_plural, previous, width, language))
    if message.msgctxt is not None:
        out.extend(wrap_field("msgctxt", message.msgctxt, prefix, width, language))
    out.extend(wrap_field("msgid", message.msgid, prefix, width, language))
    if message.msgid_plural is not None:
        out.extend(wrap_field("msgid_plural", message.msgid_plural, prefix, width, language))
        forms = message.msgstr_plural or [""]
        for i, form in enumerate(forms):
            out.extend(wrap_field(f"msgstr[{i}]", form, prefix, width, language))
    else:
        out.extend(wrap_field("msgstr", message.msgstr, prefix, width, language))
    out.append("")
    return "\n".join(out)


def _ordered_flags(flags: list[str]) -> list[str]:
    """gettext writes ``fuzzy`` first; the other flags keep their order."""
    if FUZZY in flags and flags[0] != FUZZY:
        return [FUZZY] + [f for f in flags if f != FUZZY]
    return list(flags)


def _header_message(catalog: Catalog) -> Message | None:
    entry = catalog._header_entry
    if entry is not None and catalog._header_snapshot == _header_state(catalog):
        return entry
    if entry is None and not (catalog.header or catalog.header_comments or catalog.header_flags):
        return None
    fresh = Message(msgid="", msgstr=render_header(catalog.header),
                    translator_comments=list(catalog.header_comments),
                    flags=list(catalog.header_flags))
    if entry is not None:
        fresh.extracted_comments = entry.extracted_comments
        fresh.references = entry.references
        fresh._prefix = entry._prefix
        if parse_header(entry.msgstr) == catalog.header:
            fresh.msgstr = entry.msgstr  # keeps lines that are not "Key: value"
    return fresh



def render_po(catalog: Catalog) -> str:
    """The catalog as PO text: unchanged entries exactly as read, the rest as GNU gettext
    writes them."""
    parts: list[str] = []
    header = _header_message(catalog)
    entries = ([header] if header is not None else []) + list(catalog.messages)
    verbatim = [message.unchanged_since_read() for message in entries]
    changed = [message for message, same in zip(entries, verbatim) if not same]
    rendered = map(_render_entry, changed)
    for at, (message, same) in enumerate(zip(entries, verbatim)):
        # Blank lines before an entry stay as read; a new or changed entry, or one that now
        # follows something it did not follow, gets gettext's single blank line.
        prefix = message._prefix if same else None
        if not prefix and not (same and at and message._follows == _follow_key(entries[at - 1])):
            prefix = catalog.newline if parts else ""
        parts.append(prefix)
        if same:
            parts.append(message._source)
        elif catalog.newline == "\n":
            parts.append(next(rendered))
        else:
            parts.append(next(rendered).replace("\n", catalog.newline))
    parts.append(catalog._trailer)
    text = "".join(parts)
    return ("\ufeff" + text) if catalog._bom else text


def gnu_references(references: list[str]) -> list[str]:
    """References as GNU gettext writes them: a leading ``./`` dropped, repeats dropped."""
    return list(dict.fromkeys(ref[2:] if ref.startswith("./") else ref for ref in references))


def canonicalize(catalog: Catalog) -> Catalog:
    """Normalise ``catalog`` in place the way ``msgcat`` does: every entry re-formatted,
    obsolete entries after the active ones, obsolete entries without translation dropped,
    the fuzzy flag dropped where there is no translation, references as GNU writes them.
    Returns the catalog."""
    active, obsolete = [], []
    for message in catalog.messages:
        message._source = None
        message._prefix = message._follows = None
        message.references = gnu_references(message.references)
        message.flags = _canonical_flags(message.flags, message.obsolete)
        if message.fuzzy and not _first_form(message):
            message.fuzzy = False
        if message.obsolete:
            if _first_form(message):
                obsolete.append(message)
        else:
            active.append(message)
    catalog.messages = active + obsolete
    if catalog._header_entry is not None:
        catalog._header_entry._source = None
        catalog._header_entry._prefix = None
        catalog._header_snapshot = None
    catalog._trailer = ""
    catalog._bom = False
    catalog.newline = "\n"
    return catalog


@lru_cache(maxsize=1)
def _format_languages() -> dict[str, int]:
    text = (DATA / "gettext-formats.txt").read_text(encoding="utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {name: rank for rank, name in enumerate(names)}


def _format_language(flags: list[str]) -> str | None:
    """The format whose directives gettext keeps whole: the first, in gettext's order, of
    the languages flagged ``<lang>-format`` or ``possible-<lang>-format``."""
    named = [f[:-len("-format")].removeprefix("possible-") for f in flags
             if f.endswith("-format") and not f.startswith(("no-", "impossible-"))]
    languages = _format_languages()
    known = [name for name in named if name in languages]
    return min(known, key=languages.get) if known else None


def _canonical_flags(flags: list[str], obsolete: bool) -> list[str]:
    """Flags as msgcat writes them: fuzzy, the format flags in gettext's order (the last
    mention of a language wins; ``possible-`` is written plain, ``impossible-`` dropped),
    the range (not on obsolete entries), ``no-wrap``. Flags gettext does not know are kept
    at the end (msgcat would drop them; they carry other tools' data)."""
    languages = _format_languages()
    formats: dict[str, str] = {}
    fuzzy, ranges, wrap, others = False, None, None, []
    for flag in flags:
        if flag == FUZZY:
            fuzzy = True
        elif flag in ("wrap", "no-wrap"):
            wrap = flag
        elif flag.startswith("range:"):
            ranges = flag
        elif flag.endswith("-format"):
            name = flag[:-len("-format")]
            for prefix, written in (("no-", "no-"), ("possible-", ""), ("impossible-", None)):
                if name.startswith(prefix) and name[len(prefix):] in languages:
                    formats[name[len(prefix):]] = None if written is None else f"{written}{name[len(prefix):]}-format"
                    break
            else:
                if name in languages:
                    formats[name] = flag
                else:
                    others.append(flag)
        else:
            others.append(flag)
    out = [FUZZY] if fuzzy else []
    out += [formats[name] for name in sorted(formats, key=languages.get) if formats[name]]
    if ranges and not obsolete:
        out.append(ranges)
    if wrap == "no-wrap":
        out.append(wrap)
    return out + others


def _first_form(message: Message) -> str:
    if message.msgid_plural is not None:
        return message.msgstr_plural[0] if message.msgstr_plural else ""
    return message.msgstr


def write_po(path: str | Path, catalog: Catalog, expected: Fingerprint | None = None) -> Fingerprint:
    """Write ``catalog`` to ``path`` atomically.

    Refuses with :class:`CatalogError` when the file on disk is not the one the catalog was
    read from (someone saved it meanwhile): the check uses ``expected`` or, when the catalog
    was read from this very path, its own fingerprint. Returns the new fingerprint, which is
    also stored on the catalog.
    """
    path = Path(path)
    if expected is None and catalog.fingerprint is not None and same_file(path, catalog.path):
        expected = catalog.fingerprint
    catalog.fingerprint = write_po_bytes(path, po_bytes(catalog, path), expected)
    catalog.path = str(path)
    return catalog.fingerprint


def po_bytes(catalog: Catalog, path: str | Path | None = None) -> bytes:
    """The catalog as the bytes :func:`write_po` writes (in its encoding); ``path`` is named
    by the error for text the encoding cannot hold."""
    try:
        return render_po(catalog).encode(catalog.encoding)
    except UnicodeEncodeError as exc:
        raise CatalogError(
            f"text cannot be written in the file's character set {catalog.encoding}: "
            f"{exc.object[exc.start:exc.end]!r}", path) from None


def write_po_bytes(path: str | Path, data: bytes, expected: Fingerprint | None = None
                   ) -> Fingerprint:
    """Write a catalog's :func:`po_bytes` (or an exchange format's) to ``path`` atomically,
    unless the file is no longer what ``expected`` saw (:class:`CatalogError`): what
    :func:`write_po` does once the catalog is rendered (in a worker, perhaps, while the
    writing is done here). Returns the new fingerprint."""
    if expected is not None and not expected.matches(path):
        raise CatalogError(
            "the file changed on disk since it was read (saved by another program?); "
            "not overwriting it — read it again and redo the change", path)
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise CatalogError(f"cannot write: {exc.strerror or exc}", path) from None
    return Fingerprint.of_bytes(path, data)
