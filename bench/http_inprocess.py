"""Benchmark: the CPU time of one ``POST /api/v1/screen`` through the whole ASGI app, in
process, against a bare FastAPI endpoint reading the same body, same run, alternated.

    .venv/bin/python bench/http_inprocess.py [--rounds 5] [--repeat 1000] [--profile]

No server and no sockets: each request is a scope, a body and a list of sent messages, driven
through ``app.main:app`` (every middleware, routing, validation, the codec, the engine, the
presenter and the encoding) and through the bare app. Times are CPU seconds of this process
(``time.process_time``), which move less with other work on the machine than wall time; the
ratio bare/ours is about what ``bench/http_load.py`` measures as requests per second, without
the server's and the client's share. Ours is also timed with ``Accept-Encoding: gzip``.
``--profile`` prints a cProfile of 3,000 requests of ours (by own time): where a request's
time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi import FastAPI  # noqa: E402

from app.main import app  # noqa: E402

BODY = json.dumps({"on": "2025-06-01", "facts": {
    "has_disability_certificate": True, "hukou": "baise", "county": "youjiang",
    "disability_category": "physical", "disability_grade": 1, "age": 40,
    "household_dibao": True, "tekun": False, "orphan_allowance": False,
    "needs_long_term_care": True, "work_injury_nursing_allowance": False}}).encode()

bare = FastAPI()


@bare.post("/echo")
def echo(body: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "facts": len(body.get("facts", {}))}


async def call(target: Any, path: str, gzip: bool = False) -> int:
    """One request (``gzip``: with ``Accept-Encoding: gzip``); returns the answer's length in
    bytes as sent (status 200 checked)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80),
             "headers": [(b"host", b"x"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(BODY)).encode())]
             + ([(b"accept-encoding", b"gzip")] if gzip else [])}
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": BODY, "more_body": False}
        return {"type": "http.disconnect"}

    out: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        out.append(message)

    await target(scope, receive, send)
    assert out[0]["status"] == 200, out[0]
    return sum(len(m.get("body", b"")) for m in out)


async def per_request(target: Any, path: str, n: int, gzip: bool = False) -> float:
    t = time.process_time()
    for _ in range(n):
        await call(target, path, gzip)
    return (time.process_time() - t) / n * 1e6


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=1000)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}; answer {await call(app, '/api/v1/screen')} "
          f"bytes, bare {await call(bare, '/echo')} bytes")
    for target, path in ((app, "/api/v1/screen"), (bare, "/echo")):
        await per_request(target, path, 200)  # warm up
    ours: list[float] = []
    other: list[float] = []
    gzipped: list[float] = []
    for _ in range(args.rounds):
        ours.append(await per_request(app, "/api/v1/screen", args.repeat))
        other.append(await per_request(bare, "/echo", args.repeat))
        gzipped.append(await per_request(app, "/api/v1/screen", args.repeat, gzip=True))
    o, b = statistics.median(ours), statistics.median(other)
    print(f"POST /api/v1/screen (all programs, reasons): median {o:.1f} µs CPU a request "
          f"(rounds {', '.join(f'{x:.0f}' for x in ours)})")
    print(f"the same, Accept-Encoding: gzip ({await call(app, '/api/v1/screen', True)} bytes): "
          f"median {statistics.median(gzipped):.1f} µs "
          f"(rounds {', '.join(f'{x:.0f}' for x in gzipped)})")
    print(f"bare FastAPI /echo:                          median {b:.1f} µs CPU a request "
          f"(rounds {', '.join(f'{x:.0f}' for x in other)})")
    print(f"ratio bare/ours {b / o:.2f} (about the requests/s ratio without the server)")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        await per_request(app, "/api/v1/screen", 3000)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    asyncio.run(main())
