"""Format directives compared as ``msgfmt --check-format`` compares them."""

from __future__ import annotations

import subprocess

import pytest

from conftest import require_tool
from dragoman.catalog.formats import fits, language_of
from dragoman.catalog.po import Catalog, Message, render_po

PAIRS = [
    ("c", "Open %s", "افتح %.0s"), ("c", "Take %d", "خذ%.0s"), ("c", "Show %s", "اعرض"),
    ("c", "%s of %d", "%2$d من %1$s"), ("c", "%1$s of %2$d", "%2$d من %1$s"),
    ("c", "%'d files", "%Id ملفات"), ("c", "%5.*f%%", "%5.*f٪"), ("c", "%ld", "%d"),
    ("c", "100%% done", "اكتمل"), ("python", "%(name)s left", "غادر %(name)s"),
    ("python", "%(name)s left", "غادر %(who)s"), ("python", "%s and %d", "%s و%d"),
    ("python", "%s and %d", "%d و%s"), ("python", "%r", "%s"),
]


@pytest.mark.parametrize("language, msgid, msgstr", PAIRS)
def test_fits_as_msgfmt_judges(tmp_path, language, msgid, msgstr):
    msgfmt = require_tool("msgfmt", "run 'make gettext-deps'")
    catalog = Catalog({"Content-Type": "text/plain; charset=UTF-8", "Language": "ar"},
                      [Message(msgid, msgstr, flags=[f"{language}-format"])])
    (tmp_path / "x.po").write_text(render_po(catalog), "utf-8")
    judged = subprocess.run([msgfmt, "--check-format", "-o", "/dev/null", str(tmp_path / "x.po")],
                            capture_output=True)
    assert fits(language, msgid, msgstr) == (judged.returncode == 0)


def test_plural_forms_for_a_single_count_may_omit_the_number():
    rule = ("nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
            ": n%100>=11 && n%100<=99 ? 4 : 5;")
    forms = ["لا ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفًا", "%d ملف"]
    assert fits("c", "%d file", "", "%d files", forms, rule)
    assert not fits("c", "%d file", "", "%d files", forms[:3] + ["ملفات"] + forms[4:], rule)


def test_language_of_flags():
    assert language_of(["fuzzy", "c-format"]) == "c"
    assert language_of(["no-c-format"]) is None
