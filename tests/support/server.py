"""The app as deployed: ``python -m uvicorn app.main:app`` in its own process, and the processes
it starts (the roster's worker, app/roster/routes.py).

:func:`uvicorn_process` starts the server in a new session (its own process group) and, however
the test ends, ends it and then every process left in its group: a failing test leaves neither
the server nor its worker behind. :func:`children` and :func:`running` read ``/proc`` (Linux).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from tests.support.live import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_answering(url: str, proc: subprocess.Popen[bytes], seconds: float) -> None:
    """Returns once ``url`` answers 200. ``RuntimeError`` (with the end of the server's
    standard error, where it is piped) once ``proc`` has ended or ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            said = proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else ""
            raise RuntimeError("server did not start: " + said)
        time.sleep(0.2)


@contextmanager
def uvicorn_process(env: Mapping[str, str]) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The server's process and its base URL, once ``GET /`` answers 200 (60 s at most:
    ``RuntimeError`` otherwise). ``env`` is added to this process's environment."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--host",
                             "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_answering(base + "/", proc, 60)
        yield proc, base
    finally:
        end_server(proc)


def end_server(proc: subprocess.Popen[bytes]) -> None:
    """Ends a test's server: SIGTERM, SIGKILL after 20 s, then whatever it started and left
    (a server started with ``start_new_session=True``: its group outlives it while not
    empty — uvicorn's workers, the roster upload's worker)."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def children(pid: int) -> set[int]:
    """The pids of the live process ``pid``'s children (all its threads'), from
    ``/proc/PID/task/TID/children``; empty once it has ended."""
    found: set[int] = set()
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return found
    for tid in tasks:
        with suppress(FileNotFoundError, ProcessLookupError):
            found.update(int(c) for c in Path(f"/proc/{pid}/task/{tid}/children").read_text()
                         .split())
    return found


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not ended (a zombie, ended but not yet reaped by
    its parent, has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def wait_ended(pids: set[int], seconds: float) -> set[int]:
    """Polls until none of ``pids`` is running or ``seconds`` have passed: those still running."""
    deadline = time.monotonic() + seconds
    while True:
        left = {pid for pid in pids if running(pid)}
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)
