"""The roster upload's worker process (app/roster/routes.py) never outlives the server: when
uvicorn is stopped (SIGTERM, the app's lifespan shutdown) the worker is stopped with it, and
when the server dies without a word (SIGKILL) the worker notices and exits by itself. Either
way no process is left holding the worker's memory (about 200 MB) after a restart."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import children, running, uvicorn_process, wait_ended
from tests.test_roster_bounds import post, signed_in
from tests.test_roster_upload import sqlite_users  # noqa: F401  (the fixture)

GRACE = 10  # seconds: far more than either way takes, on a loaded 2-core machine


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    env = {"SCREENER_DATABASE_URL": request.getfixturevalue("sqlite_users")}
    with uvicorn_process(env) as (proc, base):
        yield proc, base


def started_worker(proc: subprocess.Popen[bytes], base: str) -> tuple[set[int], set[int]]:
    """Screens a small roster through the upload (so the worker is started): the pids of the
    server's worker process and of its other children (multiprocessing's resource tracker,
    which ends when it reads the end of its pipe from the server)."""
    from app.engine import load_rulebook
    from app.roster.synthetic import make_roster

    c, csrf = signed_in(base)
    r = post(c, csrf, "roster.csv", make_roster(load_rulebook(), 30, seed=1).write_csv().encode())
    assert r.status_code == 200, r.text[:300]
    pids = children(proc.pid)
    workers = {pid for pid in pids
               if b"--multiprocessing-fork" in Path(f"/proc/{pid}/cmdline").read_bytes()}
    assert len(workers) == 1, pids
    return workers, pids - workers


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_worker_stops_with_the_server(served: tuple[subprocess.Popen[bytes], str],
                                      sig: signal.Signals) -> None:
    """The app's shutdown stops the worker and waits for it: it has ended by the time the
    server has (not a moment later, when it would find itself orphaned)."""
    proc, base = served
    workers, others = started_worker(proc, base)
    proc.send_signal(sig)
    assert proc.wait(timeout=30) in (0, -sig)  # uvicorn ends by its signal, once shut down
    assert not {pid for pid in workers if running(pid)}, "the worker outlived the server"
    assert not wait_ended(others, GRACE), "a process outlived the server"


def test_worker_exits_when_the_server_is_killed(
        served: tuple[subprocess.Popen[bytes], str]) -> None:
    """No shutdown at all: the worker notices that the server is gone and exits."""
    proc, base = served
    workers, others = started_worker(proc, base)
    proc.kill()
    proc.wait(timeout=30)
    assert not wait_ended(workers | others, GRACE), "the worker outlived the killed server"


def test_stopping_the_worker_ends_a_screening_in_progress() -> None:
    """At shutdown the worker is ended, not asked to finish its roster first: a task of an hour
    ends within seconds, and its caller learns the pool is gone."""
    from concurrent.futures.process import BrokenProcessPool

    from app.roster import routes

    pool = routes._pool = routes._start_worker()
    worker = next(iter(pool._processes.values()))  # type: ignore[attr-defined]
    try:
        task = pool.submit(time.sleep, 3600)
        deadline = time.monotonic() + GRACE
        while not task.running() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert task.running()
        stopping = threading.Thread(target=routes.stop_worker, daemon=True)
        stopping.start()
        stopping.join(GRACE)
        assert not stopping.is_alive(), "the worker was left to finish its task"
        assert not running(worker.pid) and routes._pool is None
        with pytest.raises(BrokenProcessPool):
            task.result(timeout=GRACE)
    finally:
        worker.kill()  # a failure here leaves no task of an hour behind
