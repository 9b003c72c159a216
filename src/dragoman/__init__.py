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
