"""Benchmark: start-up to the first answered screening, ours against ``openfisca serve``, in
the same run, alternated.

    .venv/bin/python bench/startup.py [--rounds 7]

Each round starts our server (``uvicorn app.main:app``, one process, as ``make run``) and the
OpenFisca baseline's (``openfisca serve``, one gunicorn worker; set up by bench/baseline.py if
needed), one after the other, and times from launching the process to the first answered
screening: ``POST /api/v1/screen`` with a person's facts for ours (and, separately, ``GET
/healthz``), ``POST /calculate`` with the baseline's own person for OpenFisca, polling every
5 ms. The order alternates between rounds, so that neither always runs on a warmer machine.
Prints the medians and the ratio OpenFisca / ours (1 or more: ours is no slower), with the
load average before and after (other work on the machine slows every start).

A third server shows what is ours and what is the stack's: a bare FastAPI app (one ``POST``
route with a pydantic body, bench/startup_floor.py) started the same way by uvicorn. Python,
uvicorn, FastAPI and pydantic take that long before any code of ours runs.

Our rulebook cache (app.engine.cache) is filled before the first round, as after any first
start; ``--cold-cache`` points it at an empty directory each time instead.
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
                 cwd: Path, env: dict[str, str]) -> float:
    """Seconds from launching ``cmd`` to the first 200 answer to ``method path``."""
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
                    return time.perf_counter() - t0
                raise RuntimeError(f"{method} {path} answered {response.status}")
            except (ConnectionError, OSError):
                time.sleep(0.005)
            finally:
                conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def ours(probe: str, env: dict[str, str]) -> float:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port",
           str(port), "--no-access-log", "--log-level", "warning"]
    if probe == "screen":
        return first_answer(cmd, port, "POST", "/api/v1/screen", SCREEN_BODY, ROOT, env)
    return first_answer(cmd, port, "GET", "/healthz", None, ROOT, env)


def floor(env: dict[str, str]) -> float:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "startup_floor:app", "--host", "127.0.0.1",
           "--port", str(port), "--no-access-log", "--log-level", "warning"]
    return first_answer(cmd, port, "POST", "/api/v1/screen", SCREEN_BODY, ROOT / "bench", env)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def openfisca(where: Path, body: bytes) -> float:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return first_answer(baseline.serve_command(port, 1, where), port, "POST", "/calculate",
                        body, where, env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cold-cache", action="store_true")
    args = parser.parse_args()
    where = baseline.ensure()
    body = baseline.calculate_body(where)
    env = {**os.environ}
    env.pop("SCREENER_RULES_DIR", None)
    with tempfile.TemporaryDirectory() as tmp:
        times: dict[str, list[float]] = {"ours, POST /api/v1/screen": [],
                                         "ours, GET /healthz": [],
                                         "openfisca serve, POST /calculate": [],
                                         "bare FastAPI, POST (the floor)": []}
        load_before = load_average()
        if not args.cold_cache:
            ours("health", env)  # fills the rulebook cache, as any first start does
        for i in range(args.rounds):
            if args.cold_cache:
                env["SCREENER_CACHE_DIR"] = str(Path(tmp) / f"cache{i}")
            runs = [("ours, POST /api/v1/screen", lambda: ours("screen", env)),
                    ("openfisca serve, POST /calculate", lambda: openfisca(where, body)),
                    ("ours, GET /healthz", lambda: ours("health", env)),
                    ("bare FastAPI, POST (the floor)", lambda: floor(env))]
            for label, run in (runs if i % 2 == 0 else runs[::-1]):
                times[label].append(run())
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {args.rounds} rounds, "
          f"alternated; rulebook cache {'cold' if args.cold_cache else 'warm'}; load average "
          f"{load_before} before, {load_average()} after")
    for label, values in times.items():
        print(f"  {label:34s} median {statistics.median(values):.3f} s  "
              f"(min {min(values):.3f}, max {max(values):.3f})")
    ofs = statistics.median(times["openfisca serve, POST /calculate"])
    mine = statistics.median(times["ours, POST /api/v1/screen"])
    print(f"start-up to first answered screening: ours {mine:.3f} s; OpenFisca same run: "
          f"{ofs:.3f} s; ratio OpenFisca/ours {ofs / mine:.2f} (goal >= 1)")
    bare = statistics.median(times["bare FastAPI, POST (the floor)"])
    print(f"over the bare FastAPI floor ({bare:.3f} s): ours {mine - bare:+.3f} s, "
          f"OpenFisca {ofs - bare:+.3f} s")


if __name__ == "__main__":
    main()
