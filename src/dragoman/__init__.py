"""dragoman: English news reports to Arabic and Kurdish editions through gettext catalogs."""

__version__ = "0.1.0"


def __getattr__(name: str):
    """``DATA``: the files shipped with the package (rules, tables, templates, the glossary),
    read as files beside this module, where an install puts them (``importlib.resources``
    would add a hundredth of a second of imports to every command). Made on first use, so
    that ``dragoman --version`` does not import pathlib."""
    if name != "DATA":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from pathlib import Path

    globals()["DATA"] = data = Path(__file__).parent / "data"
    return data


def lazy_names(package: str, where: dict[str, str]):
    """A module ``__getattr__`` for ``package`` that imports each name of ``where`` (name ->
    submodule) from its submodule when first used and keeps it: a command loads only the
    modules whose names it uses."""
    import importlib
    import sys

    def getattr_(name: str):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return getattr_
