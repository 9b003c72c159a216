"""gettext catalogs: the PO model and its reader/writer (:mod:`dragoman.catalog.po`).

The names below are imported from their modules when first used, so that a command that
needs only the reader does not load the merge, its fuzzy matcher and the extractor.
"""

from dragoman import lazy_names

# (Imported here: the function has its module's name, which the import of that module binds
# in this package, over a name this module would give later.)
from dragoman.catalog.extract import extract

#: name -> the module that defines it.
_WHERE = {"Catalog": "po", "Message": "po", "parse_po": "po", "read_po": "po",
          "render_po": "po", "write_po": "po", "translations": "merge", "update": "merge"}

__all__ = sorted([*_WHERE, "extract"])

__getattr__ = lazy_names(__name__, _WHERE)
