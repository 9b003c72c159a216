"""The command line's promises for every command: errors are one line naming the path and
the cause with exit status 2 (never a traceback), Ctrl-C exits 130, and a command that fails
leaves the workspace byte for byte as it was."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from dragoman import config, pipeline
from dragoman.cli import _common, cli

PAGE = """<html><head><title>Shelling on Idlib</title>
<meta name="date" content="2026-01-02"></head>
<body><article><h1>Shelling on Idlib</h1><p>Regime forces shelled Kansafra.</p></article></body></html>
"""


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _no_file_writes() -> None:
    """In the child: any byte written to any file fails (EFBIG), as on a full disk or a
    read-only folder; a resource limit the kernel applies to root as well, unlike
    permission bits (the tests run as root)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


@pytest.fixture
def page_server(tmp_path):
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "report.html").write_text(PAGE, "utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(SimpleHTTPRequestHandler, directory=str(folder)))
    server.RequestHandlerClass.log_message = lambda *a: None
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _commands(ws: Path, url: str) -> list[list[str]]:
    po = "locales/ar/LC_MESSAGES/bread-crisis-hasakah-qamishli.po"
    return [
        ["build"], ["extract"], ["update"],
        ["glossary", "fix", "--write", "sources/new-report.txt"],
        ["glossary", "export", "-o", "glossary.tbx"],
        ["catalog", "format", po, "-o", "formatted.po"],
        ["catalog", "export", "--format", "xliff", po, "-o", "ar.xlf"],
        ["catalog", "merge", po, "locales/templates/bread-crisis-hasakah-qamishli.pot",
         "-o", "merged.po"],
        ["fetch", "url", f"{url}/report.html"],
        ["init", "newsroom"],
    ]


def test_every_command_fails_cleanly_on_a_target_it_cannot_write(sample_workspace, page_server):
    ws = sample_workspace
    (ws / "sources" / "new-report.txt").write_text(
        "Shelling near Al-Qamishily\n\nRegime forces shelled Al-Qamishily on Monday.\n", "utf-8")
    before = _snapshot(ws)
    for args in _commands(ws, page_server):
        run = subprocess.run([sys.executable, "-m", "dragoman", *args], cwd=ws, capture_output=True,
                             text=True, preexec_fn=_no_file_writes, timeout=120)
        assert run.returncode == 2, (args, run.stderr)
        lines = run.stderr.strip().splitlines()
        assert "Traceback" not in run.stderr and lines, (args, run.stderr)
        assert lines[-1].startswith("dragoman: error: ") and "File too large" in lines[-1], (args, lines)
        assert _snapshot(ws) == before, args


def test_read_only_folders_are_named_with_the_cause(sample_workspace, tmp_path):
    """A folder that cannot be made (its parent is a regular file: not writable by anyone,
    root included) for locales/, the site, an export and a new workspace."""
    ws = sample_workspace
    (ws / "blocked").write_text("a file, not a folder\n", "utf-8")
    config = ws / "dragoman.toml"
    original = config.read_text("utf-8")
    runner = CliRunner()
    cases = [
        (('locales = "locales"', 'locales = "blocked/locales"'), ["build"], "blocked/locales"),
        (('output = "site"', 'output = "blocked/site"'), ["build"], "blocked/site"),
        (("", ""), ["glossary", "export", "-o", str(ws / "blocked" / "g.tbx")], "blocked/g.tbx"),
        (("", ""), ["init", str(ws / "blocked" / "news")], "blocked/news"),
    ]
    for (key, blocked), args, named in cases:
        config.write_text(original.replace(key, blocked) if key else original, "utf-8")
        before = _snapshot(ws)
        result = runner.invoke(cli, [*args, "-C", str(ws)] if args[0] != "init" else args)
        assert result.exit_code == 2, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("dragoman: error: ") and named in last, (args, last)
        assert "Not a directory" in last or "is a file" in last, last
        assert _snapshot(ws) == before, args


def test_fetch_wordpress_from_a_site_that_is_not_wordpress(page_server, sample_workspace):
    result = CliRunner().invoke(cli, ["fetch", "wordpress", "--site", page_server, "--retries", "0",
                                      "-C", str(sample_workspace)])
    assert result.exit_code == 2, result.output
    assert f"not a WordPress REST API at {page_server}" in result.stderr
    assert "Traceback" not in result.output


def test_ctrl_c_exits_130_and_leaves_every_file_old_or_new(sample_workspace, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build", interrupted)
    before = _snapshot(sample_workspace)
    result = CliRunner().invoke(cli, ["build", "-C", str(sample_workspace)])
    assert result.exit_code == 130, result.output
    assert "Aborted" not in result.output and _snapshot(sample_workspace) == before


def test_sigint_during_a_build_exits_130_with_each_file_old_or_new(sample_workspace):
    """A real SIGINT at several moments of a build: exit 130, and every catalog and page is
    either as it was before or as a complete build writes it; no temporary file is left."""
    ws = sample_workspace
    command = [sys.executable, "-m", "dragoman", "build"]
    old = _snapshot(ws)
    subprocess.run(command, cwd=ws, check=True, capture_output=True)
    new = _snapshot(ws)

    def restore():
        for path in set(new) - set(old):
            (ws / path).unlink(missing_ok=True)
        for path, data in old.items():
            if (ws / path).read_bytes() != data:
                (ws / path).write_bytes(data)

    restore()
    started = time.monotonic()  # (timed from the state each interrupted build starts in)
    subprocess.run(command, cwd=ws, check=True, capture_output=True)
    took = time.monotonic() - started
    codes = []
    for share in (0.25, 0.4, 0.55, 0.7, 0.85):
        restore()
        child = subprocess.Popen(command, cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            child.wait(took * share)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
        # 130, or killed by the SIGINT itself (what Python does when Ctrl-C comes while it
        # shuts down): a shell reports both as 130
        assert child.returncode in (0, 130, -signal.SIGINT), (share, child.returncode, err)
        codes.append(130 if child.returncode == -signal.SIGINT else child.returncode)
        if child.returncode != 0:
            assert b"Traceback" not in err
        for path, data in _snapshot(ws).items():
            if ".dragoman-memory/" not in path:  # (a cache: stamped with the files' times)
                assert data in (old.get(path), new.get(path)), path
        assert not [p for p in ws.rglob("*.tmp")]
    assert 130 in codes, (took, codes)


def test_progress_is_counted_in_the_slow_unit_for_each_step_of_a_build(sample_workspace):
    ws = config.load(sample_workspace)
    seen: dict[str, list[tuple[int, int]]] = {}
    result = pipeline.build(ws, progress=lambda step, done, total: seen.setdefault(step, []).append(
        (done, total)))
    source_bytes = sum(p.stat().st_size for p in (sample_workspace / "sources").iterdir())
    segments = sum(len(b.segments) for a in result.articles for b in a.blocks) * 3
    assert list(seen) == ["lint", "catalogs", "editions"]
    assert {total for _, total in seen["lint"] + seen["catalogs"]} == {source_bytes}
    assert {total for _, total in seen["editions"]} == {segments}
    for calls in seen.values():
        done = [d for d, _ in calls]
        assert done == sorted(done) and done[-1] == calls[-1][1]
        assert len(set(done)) > 2  # moves within the step, not only at its ends


def test_progress_only_on_a_terminal_and_never_in_ci(sample_workspace, monkeypatch):
    class Terminal:
        def isatty(self):
            return True

    monkeypatch.setattr(_common.sys, "stderr", Terminal())
    monkeypatch.setenv("CI", "true")
    assert not _common.on_terminal()
    monkeypatch.delenv("CI")
    assert _common.on_terminal()
    monkeypatch.undo()
    result = CliRunner().invoke(cli, ["build", "-C", str(sample_workspace)])  # a pipe
    assert result.exit_code == 0 and "catalogs" not in result.stderr and "editions  [" not in result.stderr


_CATALOG = """msgid ""
msgstr ""
"Language: ar\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\\n"

#: sources/report.txt:1
msgid "Calm returned to Al-Hasakah."
msgstr "عاد الهدوء إلى الحسكة."
"""


def _imported_by(args: list[str], cwd: Path) -> set[str]:
    """The modules the ``dragoman`` command (as its console entry point runs it) imports,
    read off ``python -X importtime``."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-c",
                          "from dragoman.launch import main; main()", *args],
                         cwd=cwd, capture_output=True, text=True, timeout=120)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines()
            if line.startswith("import time:") and not line.endswith("package")}


#: What each single-file command must not load: CI runs them once per catalog, so their
#: start-up is most of their time (``make bench BENCH=startup``).
_NOT_LOADED = {
    ("--version",): {"click", "pathlib"},
    ("--help",): {"pathlib", "dataclasses", "dragoman.catalog", "dragoman.errors"},
    ("catalog", "format", "ar.po"): {"hashlib", "csv", "rapidfuzz", "lxml", "regex", "babel",
                                     "tomllib", "json", "subprocess", "tempfile"},
    ("catalog", "merge", "ar.po", "report.pot"): {"hashlib", "rapidfuzz", "lxml", "regex",
                                                   "babel", "tomllib", "json", "subprocess",
                                                   "tempfile"},
    ("catalog", "export", "--format", "tmx", "ar.po"): {"hashlib", "rapidfuzz", "regex",
                                                         "babel", "tomllib", "subprocess"},
    ("check", "ar.po"): {"hashlib", "rapidfuzz", "lxml", "babel", "subprocess", "html",
                         "tomllib", "dragoman.glossary", "ahocorasick"},  # (outside a workspace)
    ("segment", "report.txt"): {"hashlib", "ssl", "http.client", "xml.sax", "json", "tempfile",
                                "rapidfuzz", "lxml"},
}


@pytest.mark.parametrize("args", list(_NOT_LOADED), ids=" ".join)
def test_a_single_file_command_loads_only_what_it_uses(tmp_path, args):
    (tmp_path / "ar.po").write_text(_CATALOG, "utf-8")
    (tmp_path / "report.pot").write_text(_CATALOG.replace('"Language: ar\\n"\n', ""), "utf-8")
    (tmp_path / "report.txt").write_text("Calm returned to Al-Hasakah. Five were killed.\n", "utf-8")
    imported = _imported_by(list(args), tmp_path)
    assert "dragoman.launch" in imported  # (the trace is read right)
    assert sorted(imported & _NOT_LOADED[args]) == []
