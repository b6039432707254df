"""Benchmark: POST /api/v1/screen under load, against a bare FastAPI JSON endpoint, same run.

    .venv/bin/python bench/http_load.py [--workers 2] [--seconds 10] [--connections 64]

Both apps are served the same way (uvicorn, the same number of workers, no access log, on
127.0.0.1) and loaded by wrk (Debian's `wrk`, `apt-get install wrk`) from a second process,
with a Lua script that POSTs a JSON body: 64 connections, 2 threads, a fixed duration. Prints
requests/s, p50 and p99 latency of each, the ratio screener/bare (goal >= 0.5), the resident
memory (RSS) of each worker after the load, and the start-up time to the first answer.
Loopback only; every loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCREEN_BODY = {
    "on": "2025-06-01",
    "facts": {"has_disability_certificate": True, "hukou": "baise", "county": "youjiang",
              "disability_category": "physical", "disability_grade": 1, "age": 40,
              "household_dibao": True, "tekun": False, "orphan_allowance": False,
              "needs_long_term_care": True, "work_injury_nursing_allowance": False},
}
BARE_BODY = SCREEN_BODY  # the bare endpoint reads the same body and answers a small JSON

BARE_APP = '''
from fastapi import FastAPI
app = FastAPI()

@app.post("/echo")
def echo(body: dict) -> dict:
    return {"ok": True, "facts": len(body.get("facts", {}))}
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(app: str, workers: int, cwd: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes],
                                                                           str, float]:
    """Start uvicorn; return the process, its URL and the seconds to the first answer."""
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--no-access-log", "--log-level", "warning"],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    probe = "/healthz" if app.startswith("app.") else "/docs"
    while True:
        try:
            with urllib.request.urlopen(url + probe, timeout=2):
                return proc, url, time.perf_counter() - t0
        except OSError:
            if proc.poll() is not None or time.perf_counter() - t0 > 60:
                proc.kill()
                raise RuntimeError(f"{app} did not start") from None
            time.sleep(0.01)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def worker_rss_mb(master: int) -> list[float]:
    """RSS of the uvicorn worker processes (children of the master), in MiB."""
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        ppid = int(re.search(r"^PPid:\s+(\d+)", status, re.M).group(1))  # type: ignore[union-attr]
        rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        if ppid == master and rss and b"multiprocessing" in cmd:
            out.append(int(rss.group(1)) / 1024)
    return sorted(out)


def wrk(url: str, path: str, body: dict, seconds: int, connections: int) -> dict[str, float]:
    lua = ("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
           f"wrk.body = {json.dumps(json.dumps(body))}\n")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", f.name,
             url + path], capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    finally:
        os.unlink(f.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = {m.group(1): _ms(m.group(2), m.group(3))
           for m in re.finditer(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"],
            "non2xx": float(non2xx.group(1)) if non2xx else 0.0,
            "socket_errors": 1.0 if errors else 0.0}


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bare_app.py").write_text(BARE_APP)
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        subprocess.run([sys.executable, "-m", "app.cli", "migrate"], cwd=ROOT, env=env,
                       capture_output=True, check=False, timeout=120)
        results = {}
        for label, app, cwd, path, body in (
                ("bare FastAPI", "bare_app:app", Path(tmp), "/echo", BARE_BODY),
                ("screener", "app.main:app", ROOT, "/api/v1/screen", SCREEN_BODY)):
            proc, url, start = serve(app, args.workers, cwd, env)
            try:
                for _ in range(50):  # warm every worker
                    req = urllib.request.Request(url + path, json.dumps(body).encode(),
                                                 {"Content-Type": "application/json"})
                    with urllib.request.urlopen(req, timeout=10) as r:
                        assert r.status == 200
                results[label] = wrk(url, path, body, args.seconds, args.connections)
                results[label]["rss"] = statistics.mean(worker_rss_mb(proc.pid) or [0.0])
                results[label]["start"] = start
            finally:
                stop(proc)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, uvicorn --workers "
          f"{args.workers}, wrk -t2 -c{args.connections} -d{args.seconds}s, loopback")
    for label, r in results.items():
        print(f"{label:13s} {r['rps']:8.0f} req/s  p50 {r['p50']:6.2f} ms  p99 {r['p99']:6.2f} ms"
              f"  non-2xx {r['non2xx']:.0f}  RSS/worker {r['rss']:5.1f} MiB"
              f"  start-up to first answer {r['start']:.2f} s")
    ratio = results["screener"]["rps"] / results["bare FastAPI"]["rps"]
    print(f"ratio screener/bare (requests/s): {ratio:.2f}  (goal >= 0.5)")


if __name__ == "__main__":
    main()
