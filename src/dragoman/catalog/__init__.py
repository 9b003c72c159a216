"""gettext catalogs: the PO model and its reader/writer (:mod:`dragoman.catalog.po`).

The names below are imported from their modules when first used, so that a command that
needs only the reader does not load the merge, its fuzzy matcher and the extractor.
"""

import importlib

# (Imported here: the function has its module's name, which the import of that module binds
# in this package, over a name this module would give later.)
from dragoman.catalog.extract import extract

#: name -> the module that defines it.
_WHERE = {"Catalog": "po", "Message": "po", "parse_po": "po", "read_po": "po",
          "render_po": "po", "write_po": "po", "translations": "merge", "update": "merge"}

__all__ = sorted([*_WHERE, "extract"])


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
