"""Files written atomically, and how a workspace names its files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dragoman.fileio import Fingerprint, atomic_write_bytes, atomic_write_text, relative, same_file


def test_a_workspace_file_is_named_from_the_root_with_slashes(tmp_path):
    root = tmp_path / "ws"
    assert relative(root / "sources" / "report.txt", root) == "sources/report.txt"
    assert relative(str(root / "locales" / "ar" / "x.po"), root) == "locales/ar/x.po"


def test_a_file_elsewhere_keeps_its_path(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    elsewhere = tmp_path / "other" / "report.txt"
    assert relative(elsewhere, root) == elsewhere.as_posix()


def test_a_path_through_a_link_is_named_from_the_root_it_leads_into(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "report.txt").write_text("x", "utf-8")
    (tmp_path / "link").symlink_to(root)
    assert relative(tmp_path / "link" / "sources" / "report.txt", root) == "sources/report.txt"
    monkeypatch.chdir(root)  # (a relative path is the cwd's)
    assert relative(Path("sources/report.txt"), root) == "sources/report.txt"


def test_an_atomic_write_replaces_the_file_whole_and_keeps_its_mode(tmp_path):
    path = tmp_path / "deep" / "ar.po"
    atomic_write_text(path, "one\r\n")
    assert path.read_bytes() == b"one\r\n"
    path.chmod(0o640)
    atomic_write_bytes(path, b"two\n")
    assert path.read_bytes() == b"two\n" and path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["ar.po"]  # (no temporary file)


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    path = tmp_path / "ar.po"
    path.write_text("kept\n", "utf-8")

    def no_rename(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        atomic_write_text(path, "lost\n")
    assert path.read_text("utf-8") == "kept\n" and [p.name for p in tmp_path.iterdir()] == ["ar.po"]


def test_same_file_sees_through_links_and_fingerprints_see_changes(tmp_path):
    path = tmp_path / "ar.po"
    path.write_bytes(b"msgid \"x\"\n")
    (tmp_path / "link.po").symlink_to(path)
    assert same_file(path, tmp_path / "link.po") and not same_file(path, None)
    fingerprint = Fingerprint.of_bytes(path, path.read_bytes())
    assert fingerprint.matches(path)
    os.utime(path, ns=(0, 0))  # (touched: the same bytes still match)
    assert fingerprint.matches(path)
    path.write_bytes(b"msgid \"y\"\n")  # (same size, other bytes)
    os.utime(path, ns=(0, 0))
    assert not fingerprint.matches(path)
