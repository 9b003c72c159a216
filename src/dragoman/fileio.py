"""Safe file writing shared by every writer: atomic replacement and on-disk change detection.

A translator's file is never half-written: data goes to a temporary file in the same folder,
is flushed to disk, and replaces the target with ``os.replace`` (atomic on POSIX and Windows).
A :class:`Fingerprint` taken when a file is read lets a writer refuse to overwrite a file that
someone saved meanwhile.
"""

from __future__ import annotations

import errno
import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Fingerprint:
    """What a file looked like when it was read: modification time, size and content.

    The content is the bytes that were read (kept, not hashed: comparing them is exact, a
    command reading one catalog loads no hash library, and ``catalog format`` compares its
    output with them). They are some 14% of the memory a read catalog takes; commands read
    catalogs one at a time, and an update rewriting 4,000 catalogs with ``-j 2`` peaks at
    42-46 MB against 38 MB with no bytes kept."""

    mtime_ns: int
    size: int
    content: bytes = field(repr=False)

    @classmethod
    def of_bytes(cls, path: str | Path, data: bytes) -> "Fingerprint":
        """Fingerprint of ``data`` just read from ``path`` (stat taken now)."""
        st = os.stat(path)
        return cls(st.st_mtime_ns, len(data), data)

    def matches(self, path: str | Path) -> bool:
        """True when ``path`` still holds what was fingerprinted (content compared only when
        the cheap mtime/size test is not conclusive)."""
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return False
        if st.st_size != self.size:
            return False
        if st.st_mtime_ns == self.mtime_ns:
            return True
        return Path(path).read_bytes() == self.content


def relative(path: str | Path, root: Path) -> str:
    """``path`` as a workspace names its files (in its state, its memory's origins, messages):
    relative to ``root``, with ``/``; as it is when it lies elsewhere, even once symbolic
    links are resolved. (Lexically first: no system call for the files a workspace lists.)"""
    path = Path(path)
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def same_file(a: str | Path, b: str | Path | None) -> bool:
    """Whether ``b`` names the file ``a`` (a catalog written over the one it was read from;
    not when a path cannot be resolved)."""
    try:
        return b is not None and Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def atomic_write_bytes(path: str | Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The file keeps the permissions of the file it replaces (or the umask default when new).
    ``durable=False`` skips the flush to disk: still atomic, for output that can be rebuilt
    (site pages), where an fsync per file dominates a large build.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        check_writable_folder(folder, path)
        folder.mkdir(parents=True, exist_ok=True)
    with _uninterrupted():
        _replace(path, folder, data, durable)


@contextmanager
def _uninterrupted():
    """Ctrl-C waits until the file is replaced (or the temporary one removed): an interrupt
    in between would leave a temporary file behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list = []
    previous = signal.signal(signal.SIGINT, lambda *args: received.append(args))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received and callable(previous):
            previous(*received[0])


def _replace(path: Path, folder: Path, data: bytes, durable: bool) -> None:
    import tempfile  # (here: a command that only reads does not load it, nor shutil and random)

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        try:
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8", *,
                      durable: bool = True) -> None:
    """:func:`atomic_write_bytes` for text; newlines are written exactly as given."""
    atomic_write_bytes(path, text.encode(encoding), durable=durable)


def check_writable_folder(folder: str | Path, target: str | Path | None = None) -> None:
    """Raise the :class:`OSError` writing ``target`` (default: ``folder`` itself) into the
    folder ``folder`` (made if needed) would meet: before a long job, so that it does not
    stop halfway (a path under a regular file, a read-only folder)."""
    folder = Path(folder)
    named = str(target if target is not None else folder)
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"cannot make its folder: {existing} is a file",
                                 named)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, f"cannot write in {existing} (permission denied)",
                              named)


class JsonRecord:
    """A small JSON record a workspace keeps about remote sites (what was fetched, what was
    published), read once and written back atomically."""

    #: What the record is, for the error message of an unreadable file.
    what = "record"

    def __init__(self, path: Path):
        import json

        from dragoman.errors import InputError

        self.path = path
        try:
            self.data = json.loads(path.read_text("utf-8")) if path.exists() else {}
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read the {self.what}: {exc}", path) from None

    def save(self) -> None:
        import json

        atomic_write_text(self.path, json.dumps(self.data, ensure_ascii=False, indent=1,
                                                sort_keys=True) + "\n")
