"""dragoman: English news reports to Arabic and Kurdish editions through gettext catalogs."""

from pathlib import Path

__version__ = "0.1.0"

#: The files shipped with the package (rules, tables, templates, the glossary). Read as
#: files beside this module, where an install puts them: ``importlib.resources`` would add
#: a hundredth of a second of imports to every command.
DATA = Path(__file__).parent / "data"
