"""The executor: local process pools (fork, spawn) and a real Dask cluster give the same
results and the same workspace files; a worker lost mid-job loses nothing."""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path

import pytest
from conftest import ARCHIVE_REPORTS, small_archive
from click.testing import CliRunner

import _jobs
from dragoman import config, executor
from dragoman.catalog import workflow
from dragoman.catalog.workflow import update_workspace
from dragoman.cli import cli
from dragoman.errors import ParallelError
from dragoman.executor import map_in_workers, open_executor


@pytest.fixture(scope="session")
def scheduler():
    """A two-worker Dask cluster on loopback for the whole test session: its address."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(params=["fork", "spawn", "dask"])
def place(request, monkeypatch):
    """Where jobs run: (jobs, scheduler) for open_executor."""
    if request.param == "dask":
        return 2, request.getfixturevalue("scheduler")
    monkeypatch.setenv(executor.START_METHOD_VARIABLE, request.param)
    return 2, None


def test_map_gives_every_result_in_order_from_workers(place):
    with open_executor(*place) as jobs:
        assert list(jobs.map(_jobs.square, range(23), chunksize=4)) == [x * x for x in range(23)]
        assert jobs.submit(_jobs.square, 7).result() == 49
        assert all(in_job for _, in_job, _ in jobs.map(_jobs.where, range(4)))
    assert not executor.in_job()


def test_the_initializer_runs_in_every_worker_before_its_jobs(place):
    with open_executor(*place, initializer=_jobs.remember, initargs=("set",)) as jobs:
        assert list(jobs.map(_jobs.with_setting, range(8))) == [(x, "set") for x in range(8)]


def test_a_job_error_is_raised_to_the_caller(place):
    with open_executor(*place) as jobs, pytest.raises(ValueError, match="no 3"):
        list(jobs.map(_jobs.fail, [3]))


def test_a_worker_killed_mid_job_loses_nothing(place, tmp_path):
    marker = str(tmp_path / "killed")
    with open_executor(*place) as jobs:
        assert list(jobs.map(_jobs.die_once, [marker] * 6, range(6))) == list(range(6))
    assert Path(marker).exists()  # (a worker did die)


def test_a_worker_lost_twice_ends_the_run_with_an_error():
    with open_executor(2) as jobs, pytest.raises(ParallelError, match="twice"):
        list(jobs.map(_jobs.die_always, range(3)))


def test_a_scheduler_lost_mid_run_ends_it_with_an_error_naming_it(monkeypatch):
    from distributed import LocalCluster

    monkeypatch.setattr(executor, "CONNECT_SECONDS", 2)  # (the client's wait to reconnect too)
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    address = cluster.scheduler_address
    with open_executor(scheduler=address) as jobs:
        results = jobs.map(_jobs.slowly, range(8))
        assert next(results) == 0
        cluster.close()
        with pytest.raises(ParallelError, match=re.escape(address)):
            list(results)


def test_spawned_workers_start_afresh_and_forked_ones_as_a_copy(monkeypatch):
    _jobs.remember("here")
    try:
        for method, seen in (("spawn", None), ("fork", "here")):
            monkeypatch.setenv(executor.START_METHOD_VARIABLE, method)
            with open_executor(1) as jobs:
                assert jobs.submit(_jobs.with_setting, 1).result() == (1, seen)
    finally:
        _jobs._SETTINGS.clear()
    monkeypatch.setenv(executor.START_METHOD_VARIABLE, "teleport")
    with pytest.raises(ParallelError, match="teleport"):
        open_executor(2)


def test_map_in_workers_is_a_map_and_runs_here_inside_a_job(monkeypatch):
    monkeypatch.setattr(executor, "cores", lambda: 2)
    items = list(range(9))
    assert map_in_workers(_jobs.square, items) == [x * x for x in items]
    pids = {pid for pid, _, _ in map_in_workers(_jobs.where, items)}
    assert pids and executor.os.getpid() not in pids
    assert {pid for pid, _, _ in map_in_workers(_jobs.where, items, worth_it=False)} == {
        executor.os.getpid()}
    monkeypatch.setattr(executor, "_in_job", True)
    assert {pid for pid, _, _ in map_in_workers(_jobs.where, items)} == {executor.os.getpid()}


def test_an_unreachable_scheduler_is_named_in_a_clear_error(monkeypatch, tmp_path):
    with socket.socket() as probe:  # (a loopback port nothing listens on)
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setattr(executor, "CONNECT_SECONDS", 1)
    with pytest.raises(ParallelError, match=re.escape(address)):
        open_executor(scheduler=address)
    root = _workspace(tmp_path / "ws", copies=1)
    result = CliRunner().invoke(cli, ["update", "-C", str(root), "--scheduler", address])
    assert result.exit_code == 2 and address in result.output


def test_without_dask_a_named_scheduler_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)
    with pytest.raises(ParallelError, match=r"dragoman\[dask\]"):
        open_executor(scheduler="tcp://127.0.0.1:8786")


# -- whole workspaces -----------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
#: Dates a run writes (POT-Creation-Date, a feed's time): the minute may turn between runs.
_MOMENTS = re.compile(rb"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:?\d\d|Z)?")


def _workspace(root: Path, copies: int = 3) -> Path:
    """The bundled sample workspace with ``copies`` more reports and an Arabic memory."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "dragoman.toml", root / "dragoman.toml")
    for folder in ("sources", "glossary"):
        shutil.copytree(REPO / folder, root / folder)
    report = (REPO / "sources" / "sample-report.txt").read_text("utf-8")
    for k in range(copies):
        edited = report.replace("slug: ", f"slug: copy-{k}-", 1).replace("2", str(k + 3))
        (root / "sources" / f"copy-{k}.txt").write_text(edited, "utf-8")
    (root / "memory").mkdir()
    (root / "memory" / "ar.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Kurdish-led forces said on Tuesday."\nmsgstr "قالت القوات بقيادة كردية الثلاثاء."\n',
        "utf-8")
    for lang in ("ckb", "kmr"):
        (root / "memory" / f"{lang}.po").write_text(f'msgid ""\nmsgstr "Language: {lang}\\n"\n',
                                                    "utf-8")
    with (root / "dragoman.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[memory]\ncompendia = ["memory/{lang}.po"]\n')
    return root


def _files(root: Path, *folders: str) -> dict[str, bytes]:
    """The files a run wrote (not the memory's cache, which records the files' times)."""
    return {path.relative_to(root).as_posix(): _MOMENTS.sub(b"<moment>", path.read_bytes())
            for folder in folders for path in sorted((root / folder).rglob("*"))
            if path.is_file() and ".dragoman-memory" not in path.parts}


@pytest.mark.parametrize("command, folders", [
    (["update"], ("locales",)),
    (["build"], ("locales", "site")),
])
def test_a_workspace_run_on_the_cluster_writes_the_files_of_a_local_run(
        tmp_path, scheduler, command, folders):
    here, there = _workspace(tmp_path / "here"), _workspace(tmp_path / "there")
    runner = CliRunner()
    done = runner.invoke(cli, [*command, "-C", str(here)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(cli, [*command, "-C", str(there), "--scheduler", scheduler])
    assert done.exit_code == 0, done.output
    files = _files(here, *folders)
    assert len([f for f in files if f.endswith(".po")]) == 3 * 5
    assert _files(there, *folders) == files


def test_the_parallel_table_of_the_workspace_names_the_scheduler(tmp_path, scheduler):
    here, there = _workspace(tmp_path / "here"), _workspace(tmp_path / "there")
    with (there / "dragoman.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[parallel]\nscheduler = "{scheduler}"\njobs = 2\n')
    ws = config.load(there)
    assert (ws.scheduler, ws.jobs) == (scheduler, 2)
    update_workspace(config.load(here))
    done = CliRunner().invoke(cli, ["update", "-C", str(there)])
    assert done.exit_code == 0, done.output
    assert _files(there, "locales") == _files(here, "locales")


@pytest.mark.parametrize("where", ["fork", "spawn", "dask"])
def test_an_update_whose_worker_dies_mid_job_loses_nothing(tmp_path, monkeypatch, request,
                                                           where):
    here, there = _workspace(tmp_path / "here"), _workspace(tmp_path / "there")
    update_workspace(config.load(here))
    monkeypatch.setattr(workflow, "_process", _jobs.process_then_die_once)
    if where == "dask":
        jobs, scheduler = 1, request.getfixturevalue("scheduler")
    else:
        monkeypatch.setenv(executor.START_METHOD_VARIABLE, where)
        jobs, scheduler = 2, None
    report = update_workspace(config.load(there), jobs=jobs, scheduler=scheduler)
    assert (tmp_path / "worker-killed").exists()  # (a worker did die)
    assert not report.errors and len(report.processed) == 5
    assert _files(there, "locales") == _files(here, "locales")


def test_an_archive_aligned_on_the_cluster_gives_the_memory_of_a_local_run(tmp_path, scheduler):
    en, ar = small_archive(tmp_path)
    memories = {}
    for where, options in (("here", ["-j", "2"]), ("there", ["--scheduler", scheduler])):
        out = tmp_path / f"{where}.po"
        done = CliRunner().invoke(cli, ["align", "--archive", str(en), str(ar), "--lang", "ar",
                                        "-o", str(out), *options])
        assert done.exit_code == 0, done.output
        memories[where] = _MOMENTS.sub(b"<moment>", out.read_bytes())
    assert memories["there"] == memories["here"]
    assert memories["here"].count(b"\nmsgid ") == 2 * len(ARCHIVE_REPORTS)


@pytest.mark.parametrize("command, status, expected", [
    (["glossary", "discover", "--format", "json", "--no-targets"], 0, "Tal Hamis"),
    (["glossary", "lint", "--format", "json"], 1, "Al-Hasakah"),
])
def test_an_archive_read_on_the_cluster_for_the_glossary_gives_what_a_local_run_gives(
        tmp_path, scheduler, command, status, expected):
    for k in range(70):  # (more files than a run here takes)
        (tmp_path / f"report-{k}.txt").write_text(
            f"Fighters gathered near Tal Hamis on day {k}. Shelling hit Um Kahf and Al-Hasaka "
            "again.\n", "utf-8")
    files = sorted(map(str, tmp_path.glob("*.txt")))
    found = {}
    for where, options in (("here", ["-j", "2"]), ("there", ["--scheduler", scheduler])):
        done = CliRunner().invoke(cli, [*command, *options, *files])
        assert done.exit_code == status, done.output
        found[where] = done.stdout
    assert found["there"] == found["here"] and expected in found["here"]
