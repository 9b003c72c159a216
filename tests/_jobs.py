"""Jobs for the executor tests: module-level functions, importable by every worker (forked,
spawned, or a Dask worker process), as a job must be."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

from dragoman.catalog import workflow
from dragoman.executor import in_job

_SETTINGS: dict = {}
#: The update job of an article, before tests wrap it.
_process_article = workflow._process


def remember(value) -> None:
    """An initializer: keeps ``value`` for :func:`with_setting`."""
    _SETTINGS["value"] = value


def with_setting(x: int) -> tuple:
    return x, _SETTINGS.get("value")


def square(x: int) -> int:
    return x * x


def where(_) -> tuple:
    """The process, whether it runs a job, and its start method."""
    return os.getpid(), in_job(), multiprocessing.get_start_method()


def fail(x: int) -> int:
    raise ValueError(f"no {x}")


def die_once(marker: str, x: int) -> int:
    """``x``, but the first call (the one that creates ``marker``) kills its worker."""
    try:
        Path(marker).touch(exist_ok=False)
    except FileExistsError:
        return x
    os.kill(os.getpid(), signal.SIGKILL)


def die_always(x: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)


def process_then_die_once(task):
    """The update of an article, whose worker dies once after rendering the files of its
    first article, before answering (its marker beside the workspace)."""
    result = _process_article(task)
    try:
        (task.ws.root.parent / "worker-killed").touch(exist_ok=False)
    except FileExistsError:
        return result
    os.kill(os.getpid(), signal.SIGKILL)


def slowly(x: int) -> int:
    import time

    time.sleep(0.5)
    return x


def memory_received(sent) -> tuple:
    """The units of the memory a worker was shipped, and whether it loaded them from the
    memory's store."""
    from dragoman.memory.search import _LOADED, received

    memory = received(sent)
    return memory.units, any(loaded is memory for loaded in _LOADED.values())
