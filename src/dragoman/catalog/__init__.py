"""gettext catalogs: the PO model and its reader/writer (:mod:`dragoman.catalog.po`)."""

from dragoman.catalog.po import Catalog, Message, parse_po, read_po, render_po, write_po

__all__ = ["Catalog", "Message", "parse_po", "read_po", "render_po", "write_po"]
