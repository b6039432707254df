"""Benchmark: POST /api/v1/screen under load, against a bare FastAPI JSON endpoint and
OpenFisca's ``openfisca serve``, same run.

    .venv/bin/python bench/http_load.py [--workers 2] [--seconds 10] [--connections 64]

Our app and the bare one are served the same way (uvicorn, the same number of workers, no
access log, on 127.0.0.1); OpenFisca's baseline by ``openfisca serve`` (gunicorn) with as many
workers (set up by bench/baseline.py if needed). Each is loaded by wrk (Debian's ``wrk``,
``apt-get install wrk``) from a second process, with a Lua script that POSTs a JSON body: 64
connections, 2 threads, a fixed duration. The bare endpoint runs before and after ours and
counts as the mean of its two runs, so that the machine's drift during the run does not
favour either. Ours runs three ways: the full answer (all programs, reasons), the same with
``Accept-Encoding: gzip`` (as browsers send), and ``?detail=summary``.

Prints requests/s, p50 and p99 latency of each, the ratio ours/bare of requests/s (goal
>= 0.8) and of p99 (goal <= 2), the resident memory (RSS) of each worker after the load, and
the start-up time to the first answer. Loopback only; every loop is bounded by --seconds.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline  # noqa: E402

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
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    probe = "/healthz" if app.startswith("app.") else "/docs"
    return launch(cmd, port, probe, cwd, env)


def launch(cmd: list[str], port: int, probe: str, cwd: Path, env: dict[str, str]
           ) -> tuple[subprocess.Popen[bytes], str, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            with urllib.request.urlopen(url + probe, timeout=2):
                return proc, url, time.perf_counter() - t0
        except OSError:
            if proc.poll() is not None or time.perf_counter() - t0 > 60:
                proc.kill()
                raise RuntimeError(f"{cmd[:3]} did not start") from None
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
        if ppid == master and rss and (b"multiprocessing" in cmd or b"gunicorn" in cmd
                                       or b"openfisca" in cmd):
            out.append(int(rss.group(1)) / 1024)
    return sorted(out)


def wrk(url: str, path: str, body: dict | str, seconds: int, connections: int,
        headers: dict[str, str] | None = None) -> dict[str, float]:
    text = body if isinstance(body, str) else json.dumps(body)
    lua = ("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
           + "".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n"
                     for k, v in (headers or {}).items())
           + f"wrk.body = {json.dumps(text)}\n")
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


def run(label: str, proc: subprocess.Popen[bytes], url: str, start: float, path: str,
        body: dict | str, args: argparse.Namespace, headers: dict[str, str] | None = None
        ) -> dict[str, float]:
    data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    for _ in range(50):  # warm every worker
        req = urllib.request.Request(url + path, data, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200, label
    result = wrk(url, path, body, args.seconds, args.connections, headers)
    result["rss"] = statistics.mean(worker_rss_mb(proc.pid) or [0.0])
    result["start"] = start
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    where = baseline.ensure()
    calculate = baseline.calculate_body(where).decode()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bare_app.py").write_text(BARE_APP)
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        subprocess.run([sys.executable, "-m", "app.cli", "migrate"], cwd=ROOT, env=env,
                       capture_output=True, check=False, timeout=120)
        proc, url, start = serve("bare_app:app", args.workers, Path(tmp), env)
        try:
            bare_runs = [run("bare", proc, url, start, "/echo", BARE_BODY, args)]
        finally:
            stop(proc)
        proc, url, start = serve("app.main:app", args.workers, ROOT, env)
        try:
            results["ours, full answer"] = run("ours", proc, url, start, "/api/v1/screen",
                                               SCREEN_BODY, args)
            results["ours, full, gzip"] = run("ours gzip", proc, url, start, "/api/v1/screen",
                                              SCREEN_BODY, args, {"Accept-Encoding": "gzip"})
            results["ours, detail=summary"] = run("ours summary", proc, url, start,
                                                  "/api/v1/screen?detail=summary",
                                                  SCREEN_BODY, args)
        finally:
            stop(proc)
        proc, url, start = serve("bare_app:app", args.workers, Path(tmp), env)
        try:
            bare_runs.append(run("bare", proc, url, start, "/echo", BARE_BODY, args))
        finally:
            stop(proc)
        port = free_port()
        ofs_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        proc, url, start = launch(baseline.serve_command(port, args.workers, where), port,
                                  "/spec", where, ofs_env)
        try:
            results["openfisca serve"] = run("openfisca", proc, url, start, "/calculate",
                                             calculate, args)
        finally:
            stop(proc)
    bare = {k: statistics.mean(r[k] for r in bare_runs) for k in bare_runs[0]}
    results = {"bare FastAPI (mean of 2)": bare, **results}
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.workers} workers, "
          f"wrk -t2 -c{args.connections} -d{args.seconds}s, loopback; bare runs: "
          + ", ".join(f"{r['rps']:.0f} req/s p99 {r['p99']:.1f} ms" for r in bare_runs))
    for label, r in results.items():
        print(f"{label:25s} {r['rps']:8.0f} req/s  p50 {r['p50']:6.2f} ms  p99 {r['p99']:7.2f} ms"
              f"  non-2xx {r['non2xx']:.0f}  RSS/worker {r['rss']:5.1f} MiB"
              f"  start-up {r['start']:.2f} s")
    for label in ("ours, full answer", "ours, full, gzip", "ours, detail=summary"):
        r = results[label]
        print(f"{label}: req/s ratio to bare {r['rps'] / bare['rps']:.2f} (goal >= 0.8); "
              f"p99 ratio {r['p99'] / bare['p99']:.2f} (goal <= 2)")
    ofs = results["openfisca serve"]["rps"]
    print(f"POST /api/v1/screen (all programs, reasons) {results['ours, full answer']['rps']:.0f}"
          f" req/s; OpenFisca /calculate (six programs) same run: {ofs:.0f} req/s; ratio "
          f"{results['ours, full answer']['rps'] / ofs:.1f}×")


if __name__ == "__main__":
    main()
