"""A workspace's source reports as every stage reads them: read, then segmented with the
workspace's settings, so that catalogs and editions agree on the segments."""

from __future__ import annotations

from pathlib import Path

from dragoman.config import Workspace
from dragoman.model import Article


def read_source(ws: Workspace, path: Path) -> Article:
    """One source report, read and segmented with the workspace's settings."""
    from dragoman.readers import read_article
    from dragoman.segment import segment_article

    return segment_article(read_article(path, ws.source_language), line_breaks=ws.line_breaks)
