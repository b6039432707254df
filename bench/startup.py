"""Benchmark: start-up to the first answered screening, ours against ``openfisca serve``, in
the same run, alternated.

    .venv/bin/python bench/startup.py [--rounds 7]

Each round starts our server (``uvicorn app.main:app --ws none``, one process, as ``make run``
and the container start it: the app serves no WebSocket, so uvicorn need not import one) and the
OpenFisca baseline's (``openfisca serve``, one gunicorn worker; set up by bench/baseline.py if
needed), one after the other, and times from launching the process to the first answered
screening: ``POST /api/v1/screen`` with a person's facts for ours (and, separately, ``GET
/healthz``), ``POST /calculate`` with the baseline's own person for OpenFisca, polling every
5 ms. The order alternates between rounds, so that neither always runs on a warmer machine.
Prints the medians and the ratio OpenFisca / ours (1 or more: ours is no slower), with the
load average before and after (other work on the machine slows every start), and the CPU
seconds each server had used when the answer came (user and system, gunicorn's worker
included), which a busy machine disturbs much less than the wall time; on a quiet machine the
two are close.

A third server shows what is ours and what is the stack's: a bare FastAPI app (one ``POST``
route with a pydantic body, bench/startup_floor.py) started the same way by uvicorn (``--ws
none`` too). Python, uvicorn, FastAPI and pydantic take that long before any code of ours runs.

Our rulebook cache (app.engine.cache) is filled before the first round, as after any first
start; ``--cold-cache`` points it at an empty directory each time instead. The project's
bytecode is compiled first (``python -m compileall app``), as ``make install`` and the
container image do: a deployed server does not compile its modules from source at each start
(with ``PYTHONDONTWRITEBYTECODE`` set, or a stale ``.pyc`` after an edit, it would).

``--compare DIR`` also starts the server of another checkout (e.g. a worktree of main) in the
same rounds, so that a change's effect is measured in the same run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline  # noqa: E402
from deployed import compile_bytecode  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCREEN_BODY = json.dumps({"on": "2025-06-01", "facts": {
    "has_disability_certificate": True, "hukou": "baise", "disability_grade": 1,
    "disability_category": "physical", "needs_long_term_care": True, "tekun": False,
    "work_injury_nursing_allowance": False, "age": 40}}).encode()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def first_answer(cmd: list[str], port: int, method: str, path: str, body: bytes | None,
                 cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launching ``cmd`` to the first 200 answer to ``method path``, and the CPU
    seconds (user and system) the server and its children (gunicorn's worker) had used when
    it came (:func:`cpu_seconds`). On a busy machine the wall time waits for the cores; the
    CPU time much less."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}")
            if time.perf_counter() - t0 > 60:
                raise RuntimeError(f"{cmd} did not answer in 60 s")
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request(method, path, body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    return time.perf_counter() - t0, cpu_seconds(proc.pid)
                raise RuntimeError(f"{method} {path} answered {response.status}")
            except (ConnectionError, OSError):
                time.sleep(0.005)
            finally:
                conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def cpu_seconds(root: int) -> float:
    """User and system CPU seconds of process ``root`` and its descendants, from /proc (in
    clock ticks: 10 ms). Not their rusage at exit: gunicorn's shutdown alone takes ~0.2 s."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[int, float] = {}
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        pid = int(entry)
        used[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        children.setdefault(int(fields[1]), []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += used.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


def ours(probe: str, env: dict[str, str], root: Path = ROOT) -> tuple[float, float]:
    """Our server (of the checkout ``root``) to its first answer: a screening, or
    ``/healthz``."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port",
           str(port), "--no-access-log", "--log-level", "warning", "--ws", "none"]
    if root != ROOT:
        env = {**env, "PYTHONPATH": str(root)}
    if probe == "screen":
        return first_answer(cmd, port, "POST", "/api/v1/screen", SCREEN_BODY, root, env)
    return first_answer(cmd, port, "GET", "/healthz", None, root, env)



def floor(env: dict[str, str]) -> tuple[float, float]:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "startup_floor:app", "--host", "127.0.0.1",
           "--port", str(port), "--no-access-log", "--log-level", "warning", "--ws", "none"]
    return first_answer(cmd, port, "POST", "/api/v1/screen", SCREEN_BODY, ROOT / "bench", env)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def openfisca(where: Path, body: bytes) -> tuple[float, float]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return first_answer(baseline.serve_command(port, 1, where), port, "POST", "/calculate",
                        body, where, env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cold-cache", action="store_true")
    parser.add_argument("--compare", type=Path, help="another checkout, e.g. main's worktree")
    args = parser.parse_args()
    where = baseline.ensure()
    body = baseline.calculate_body(where)
    env = {**os.environ}
    env.pop("SCREENER_RULES_DIR", None)
    with tempfile.TemporaryDirectory() as tmp:
        times: dict[str, list[tuple[float, float]]] = {"ours, POST /api/v1/screen": [],
                                         "ours, GET /healthz": [],
                                         "openfisca serve, POST /calculate": [],
                                         "bare FastAPI, POST (the floor)": []}
        compare = f"compared, {args.compare}, POST /api/v1/screen" if args.compare else ""
        if compare:
            times[compare] = []
        for root in (ROOT, args.compare) if args.compare else (ROOT,):
            compile_bytecode(root)
            if not args.cold_cache:
                ours("health", env, root)  # fills the rulebook cache, as any first start does
        load_before = load_average()
        for i in range(args.rounds):
            if args.cold_cache:
                env["SCREENER_CACHE_DIR"] = str(Path(tmp) / f"cache{i}")
            runs = [("ours, POST /api/v1/screen", lambda: ours("screen", env)),
                    ("openfisca serve, POST /calculate", lambda: openfisca(where, body)),
                    ("ours, GET /healthz", lambda: ours("health", env)),
                    ("bare FastAPI, POST (the floor)", lambda: floor(env))]
            if compare:
                runs.insert(1, (compare, lambda: ours("screen", env, args.compare)))
            for label, run in (runs if i % 2 == 0 else runs[::-1]):
                times[label].append(run())
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {args.rounds} rounds, "
          f"alternated; rulebook cache {'cold' if args.cold_cache else 'warm'}; load average "
          f"{load_before} before, {load_average()} after")
    for label, runs in times.items():
        wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
        print(f"  {label:34s} median {statistics.median(wall):.3f} s  (min {min(wall):.3f}, "
              f"max {max(wall):.3f}); CPU median {statistics.median(cpu):.3f} s")
    ofs, ofs_cpu = medians(times["openfisca serve, POST /calculate"])
    mine, mine_cpu = medians(times["ours, POST /api/v1/screen"])
    bare, bare_cpu = medians(times["bare FastAPI, POST (the floor)"])
    print(f"start-up to first answered screening: ours {mine:.3f} s; OpenFisca same run: "
          f"{ofs:.3f} s; ratio OpenFisca/ours {ofs / mine:.2f} (goal >= 1)")
    print(f"  CPU seconds to it: ours {mine_cpu:.3f}; OpenFisca {ofs_cpu:.3f}; ratio "
          f"{ofs_cpu / mine_cpu:.2f}")
    if compare:
        other, other_cpu = medians(times[compare])
        print(f"  the compared checkout: {other:.3f} s (CPU {other_cpu:.3f}); ours/it "
              f"{mine / other:.2f}")
    print(f"over the bare FastAPI floor ({bare:.3f} s, CPU {bare_cpu:.3f} s): ours "
          f"{mine - bare:+.3f} s (CPU {mine_cpu - bare_cpu:+.3f}), OpenFisca {ofs - bare:+.3f} s "
          f"(CPU {ofs_cpu - bare_cpu:+.3f})")


def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


if __name__ == "__main__":
    main()
