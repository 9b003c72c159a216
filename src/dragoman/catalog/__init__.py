"""gettext catalogs: the PO model and its reader/writer (:mod:`dragoman.catalog.po`)."""

from dragoman.catalog.extract import extract
from dragoman.catalog.merge import translations, update
from dragoman.catalog.po import Catalog, Message, parse_po, read_po, render_po, write_po

__all__ = ["Catalog", "Message", "extract", "parse_po", "read_po", "render_po", "translations",
           "update", "write_po"]
