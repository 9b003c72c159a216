"""dragoman: English news reports to Arabic and Kurdish editions through gettext catalogs."""

__version__ = "0.1.0"
