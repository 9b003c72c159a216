"""The one reader of the shipped rule files: comments and blank lines skipped, cells trimmed,
a malformed row or a file that is not UTF-8 named by file and line."""

from __future__ import annotations

import pytest

from dragoman.errors import DragomanError, RuleFileError
from dragoman.rulefiles import rule_rows


def test_comments_and_blank_lines_are_skipped_and_cells_trimmed(tmp_path):
    path = tmp_path / "words.tsv"
    path.write_text("# lang\tword\tvalue\n\nen\tsix\t6\n   # an indented comment\n"
                    "  \t \nar\t ستة \t6\r\n", "utf-8")
    assert rule_rows(path, 3) == (("en", "six", "6"), ("ar", "ستة", "6"))


def test_a_row_of_the_wrong_length_names_the_file_and_line(tmp_path):
    path = tmp_path / "words.tsv"
    path.write_text("# lang\tword\tvalue\nen\tsix\t6\n\nen\tseven 7\n", "utf-8")
    with pytest.raises(RuleFileError) as error:
        rule_rows(path, 3)
    assert isinstance(error.value, DragomanError)
    assert (error.value.path, error.value.line) == (str(path), 4)
    assert str(error.value).startswith(f"{path}:4: 2 tab-separated cells where 3 are expected")


def test_rows_of_any_length_when_the_caller_declares_none(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("Kobani\nShahba\tsuwayda\n", "utf-8")
    assert rule_rows(path) == (("Kobani",), ("Shahba", "suwayda"))


def test_a_file_that_is_not_utf8_names_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "words.tsv"
    path.write_bytes("en\tsix\t6\n# ستة\nar\t".encode("utf-8") + "سبعة".encode("cp1256") + b"\t7\n")
    with pytest.raises(RuleFileError, match="not UTF-8") as error:
        rule_rows(path, 3)
    assert (error.value.path, error.value.line) == (str(path), 3)


def test_a_missing_file_is_a_rule_file_error(tmp_path):
    with pytest.raises(RuleFileError) as error:
        rule_rows(tmp_path / "missing.tsv")
    assert error.value.path == str(tmp_path / "missing.tsv")


def test_a_shipped_table_is_read_once():
    rows = rule_rows("number-words.tsv", 4)
    assert ("en", "six", "6", "yes") in rows
    assert rule_rows("number-words.tsv", 4) is rows
