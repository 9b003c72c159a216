"""Typed library errors. Each carries the file and line (or segment) it is about, so the
command line can say exactly where the problem is; only ``cli`` turns them into exit codes."""

from __future__ import annotations

from pathlib import Path


class DragomanError(Exception):
    """Base of every error the library raises on purpose."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ConfigError(DragomanError):
    """The workspace file ``dragoman.toml`` is missing or wrong."""


class InputError(DragomanError):
    """A source report cannot be read: missing, unreadable, not UTF-8, malformed."""


class SegmentationError(DragomanError):
    """Segmentation rules (abbreviation files, SRX) are malformed."""


class RuleFileError(DragomanError):
    """A rule file (number words, dates, proclitics... in ``data/``) is malformed."""


class GlossaryError(DragomanError):
    """A glossary file (TSV, TBX, CSV) is malformed or inconsistent."""


class CatalogError(DragomanError):
    """A PO/POT/XLIFF/TMX file is malformed, or changed on disk since it was read."""


class CheckError(DragomanError):
    """A quality check was configured wrongly."""


class AssembleError(DragomanError):
    """An edition cannot be built (below threshold with policy refuse, unsafe path, ...)."""


class PublishError(DragomanError):
    """Publishing to a site failed."""


class HttpError(DragomanError):
    """A remote service answered with an error or did not answer."""


class ErrorList(DragomanError):
    """Several errors found in one run (every broken report, not only the first), reported
    together, one per line."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} errors")

    def __str__(self) -> str:
        return "\n".join(map(str, self.errors))

    @classmethod
    def raise_if_any(cls, errors) -> None:
        """Raise the one error alone, or all of them together; nothing when there is none."""
        errors = list(errors)
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise cls(errors)


class ParallelError(DragomanError):
    """Parallel work could not run: a Dask scheduler unreachable or Dask not installed, a
    worker lost again after its jobs were retried."""


class JournalError(DragomanError):
    """The journal an interrupted ``align --archive`` run left (to resume from) is damaged."""
