"""Benchmark: POST /api/v1/screen under load, against a bare FastAPI JSON endpoint and
OpenFisca's ``openfisca serve``, same run.

    .venv/bin/python bench/http_load.py [--workers 2] [--seconds 10] [--connections 64]
                                        [--rounds 3]

Our app and the bare one are served the same way (uvicorn, the same number of workers, no
access log, on 127.0.0.1); OpenFisca's baseline by ``openfisca serve`` (gunicorn) with as many
workers (set up by bench/baseline.py if needed). Each is loaded by wrk (Debian's ``wrk``,
``apt-get install wrk``) from a second process, with a Lua script that POSTs a JSON body: 64
connections, 2 threads, a fixed duration. Both apps are served at once and loaded one at a
time, in rounds: the bare endpoint, then ours three ways — the full answer (all programs,
reasons), the same with ``Accept-Encoding: gzip`` (as browsers send), and
``?detail=summary`` — the order reversed every other round, so that the machine's drift
(other work on the 2 cores) favours neither. Each ratio is ours over the bare endpoint of
the same round; the median of the rounds is reported, with each round's figures and the
load average.

Prints requests/s, p50 and p99 latency of each, the ratio ours/bare of requests/s (goal
>= 0.8) and of p99 (goal <= 2), the resident memory (RSS) of each worker after the load, the
start-up time to the first answer, and what uvicorn serves with (uvloop and httptools, as in
``make run`` and the image). Loopback only; every loop is bounded by --seconds.
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


def auto_server() -> str:
    """What uvicorn's ``--loop auto --http auto`` (its default, and ``make run``'s and the
    image's) picks here: uvloop and httptools when ``uvicorn[standard]`` is installed."""
    from uvicorn.loops.auto import auto_loop_factory
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    loop = auto_loop_factory(use_subprocess=True)
    return f"loop {getattr(loop, '__module__', loop)}, http {AutoHTTPProtocol.__name__}"


OURS = (  # label, path, extra headers
    ("ours, full answer", "/api/v1/screen", None),
    ("ours, full, gzip", "/api/v1/screen", {"Accept-Encoding": "gzip"}),
    ("ours, detail=summary", "/api/v1/screen?detail=summary", None),
)
BARE = "bare FastAPI"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of bare, ours (full, gzip, summary), order alternated")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="also serve the app of another checkout (e.g. `git archive main`"
                             " unpacked): its full answer joins every round, for a before/after "
                             "in the same run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    where = baseline.ensure()
    calculate = baseline.calculate_body(where).decode()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs: dict[str, list[dict[str, float]]] = {BARE: [], **{label: [] for label, _, _ in OURS}}
    other_label = f"{args.compare}, full answer" if args.compare else ""
    if args.compare:
        runs[other_label] = []
    loads: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bare_app.py").write_text(BARE_APP)
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        subprocess.run([sys.executable, "-m", "app.cli", "migrate"], cwd=ROOT, env=env,
                       capture_output=True, check=False, timeout=120)
        # both served at once (idle workers cost nothing); each round loads one at a time
        bare_proc, bare_url, bare_start = serve("bare_app:app", args.workers, Path(tmp), env)
        try:
            proc, url, start = serve("app.main:app", args.workers, ROOT, env)
            other = (serve("app.main:app", args.workers, args.compare,
                           {**env, "PYTHONPATH": str(args.compare)})
                     if args.compare else None)
            try:
                for i in range(args.rounds):
                    loads.append(os.getloadavg()[0])
                    order: list[tuple[str, str, dict[str, str] | None]] = [
                        (BARE, "/echo", None), *OURS]
                    if other:
                        order.append((other_label, "/api/v1/screen", None))
                    for label, path, headers in (order if i % 2 == 0 else order[::-1]):
                        if label == BARE:
                            runs[label].append(run(label, bare_proc, bare_url, bare_start,
                                                   path, BARE_BODY, args))
                        elif label == other_label and other:
                            runs[label].append(run(label, *other, path, SCREEN_BODY, args))
                        else:
                            runs[label].append(run(label, proc, url, start, path,
                                                   SCREEN_BODY, args, headers))
            finally:
                stop(proc)
                if other:
                    stop(other[0])
        finally:
            stop(bare_proc)
        port = free_port()
        ofs_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        proc, url, start = launch(baseline.serve_command(port, args.workers, where), port,
                                  "/spec", where, ofs_env)
        try:
            openfisca = run("openfisca", proc, url, start, "/calculate", calculate, args)
        finally:
            stop(proc)
    loads.append(os.getloadavg()[0])
    median = {label: {k: statistics.median(r[k] for r in rs) for k in rs[0]}
              for label, rs in runs.items()}
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.workers} workers "
          f"({auto_server()}), wrk -t2 -c{args.connections} -d{args.seconds}s, loopback, "
          f"{args.rounds} rounds alternated; load average (1 min) at each round: "
          + ", ".join(f"{x:.1f}" for x in loads))
    print("medians of the rounds:")
    for label, r in [*median.items(), ("openfisca serve", openfisca)]:
        print(f"{label:25s} {r['rps']:8.0f} req/s  p50 {r['p50']:6.2f} ms  p99 {r['p99']:7.2f} ms"
              f"  non-2xx {r['non2xx']:.0f}  RSS/worker {r['rss']:5.1f} MiB"
              f"  start-up {r['start']:.2f} s")
    for label in [label for label, _, _ in OURS] + ([other_label] if other_label else []):
        rps = [o["rps"] / b["rps"] for o, b in zip(runs[label], runs[BARE], strict=True)]
        p99 = [o["p99"] / b["p99"] for o, b in zip(runs[label], runs[BARE], strict=True)]
        print(f"{label}: req/s ratio to bare, same round: {statistics.median(rps):.2f} "
              f"(rounds {', '.join(f'{x:.2f}' for x in rps)}; goal >= 0.8); p99 ratio "
              f"{statistics.median(p99):.2f} (rounds {', '.join(f'{x:.2f}' for x in p99)}; "
              f"goal <= 2)")
    for label, rs in runs.items():
        print(f"  {label} rounds: " + "; ".join(
            f"{r['rps']:.0f} req/s p50 {r['p50']:.1f} p99 {r['p99']:.1f} ms" for r in rs))
    full = median["ours, full answer"]["rps"]
    print(f"POST /api/v1/screen (all programs, reasons) {full:.0f} req/s; OpenFisca /calculate "
          f"(six programs) same run: {openfisca['rps']:.0f} req/s; ratio "
          f"{full / openfisca['rps']:.1f}×")


if __name__ == "__main__":
    main()
