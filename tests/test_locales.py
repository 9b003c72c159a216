import gettext

import pytest

from dragoman import locales
from dragoman.errors import ConfigError


def _plural(expression: str):
    return gettext.c2py(expression)


def test_arabic_plural_rule_is_gettexts_not_babels_swapped_table():
    ar = locales.get("ar")
    assert ar.nplurals == 6 and ar.rtl
    rule = _plural(ar.plural)
    # zero, one, two, few (3-10), many (11-99), other (100-102 ...)
    assert [rule(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 111)] == [0, 1, 2, 3, 3, 4, 4, 5, 5, 4]


def test_kurdish_codes_and_directions():
    assert locales.get("ckb").direction == "rtl" and locales.get("ckb").script == "Arab"
    kmr = locales.get("kmr")
    assert kmr.direction == "ltr" and kmr.babel == "ku" and kmr.plural_forms == "nplurals=2; plural=(n != 1);"
    with pytest.raises(ConfigError, match="ckb.*kmr"):
        locales.get("ku")


def test_babel_knows_every_babel_locale():
    from babel import Locale

    for code in locales.known_codes():
        info = locales.get(code)
        assert Locale.parse(info.babel).character_order == (
            "right-to-left" if info.rtl else "left-to-right")
