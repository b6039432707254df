"""Benchmark: one in-process screening of all programs, and start-up to first answer.

    .venv/bin/python bench/screening.py

Prints the median and p99 of one screening of every program for one person, with its reasons
built as the API returns them (engine + presenter, zh-Hans), and the wall time from starting a
uvicorn process to its first answered request. Compare: an OpenFisca model of the six rules on
this machine took 1.65 ms per single-person screening, and its server answered 0.35 s after
launch (figures given in issue 2).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.codec import read_facts  # noqa: E402
from app.engine import load_rulebook, screen  # noqa: E402
from app.present import get_presenter  # noqa: E402

OPENFISCA_SCREENING_MS = 1.65
OPENFISCA_STARTUP_S = 0.35

PEOPLE = {
    "eligible for most": {
        "has_disability_certificate": True, "hukou": "baise", "county": "youjiang",
        "disability_category": "physical", "disability_grade": 1, "age": 40,
        "household_dibao": True, "tekun": False, "orphan_allowance": False,
        "needs_long_term_care": True, "work_injury_nursing_allowance": False,
        "receives_pension": False, "full_time_student": False, "business_type": "individual",
        "first_business": True, "business_registered_on": "2023-01-01",
        "business_operating_normally": True, "loan_type": "individual", "loan_amount": 200000,
        "loan_term_months": 36, "loan_contract_date": "2022-09-01", "loan_annual_rate": 5.15,
        "wants_market_stall": True,
    },
    "nothing known": {},
    "partly known": {"has_disability_certificate": True, "hukou": "baise",
                     "disability_grade": 2},
}


SIX = ["living_subsidy", "nursing_subsidy", "pension_premium", "startup_subsidy",
       "loan_interest_subsidy", "stall_reservation"]


def time_screening(programs: list[str] | None, repeat: int = 20000
                   ) -> dict[str, tuple[float, float]]:
    """Median and p99 (µs) of screen() + presenter for each person, on ``programs``."""
    book = load_rulebook(ROOT / "rules")
    present = get_presenter(book, "zh-Hans")
    on = dt.date(2025, 6, 1)
    out = {}
    for label, raw in PEOPLE.items():
        facts, problems = read_facts(book, raw, on=on, source="json")
        assert not problems
        for _ in range(500):  # warm the caches
            present.screening(screen(book, facts, on, programs))
        samples = []
        clock = time.perf_counter_ns
        for _ in range(repeat):
            t0 = clock()
            present.screening(screen(book, facts, on, programs))
            samples.append(clock() - t0)
        samples.sort()
        out[label] = (statistics.median(samples) / 1e3, samples[int(len(samples) * 0.99)] / 1e3)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_startup(runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        port = free_port()
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port),
             "--no-access-log", "--log-level", "warning"],
            cwd=ROOT, env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                        break
                except OSError:
                    if time.perf_counter() - t0 > 30:
                        raise RuntimeError("server did not answer in 30 s") from None
                    time.sleep(0.005)
            times.append(time.perf_counter() - t0)
        finally:
            proc.terminate()
            proc.wait()
    return times


def main() -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    n_all = len(load_rulebook(ROOT / "rules").programs)
    for title, programs in (("the six programs of issue 2", SIX),
                            (f"all {n_all} programs", None)):
        print(f"one screening of {title}, reasons built (engine + presenter):")
        for label, (median, p99) in time_screening(programs).items():
            print(f"  {label:18s} median {median:7.2f} µs  p99 {p99:7.2f} µs  "
                  f"OpenFisca (six) / this: {OPENFISCA_SCREENING_MS * 1000 / median:5.1f}×")
    startup = time_startup()
    med = statistics.median(startup)
    print(f"start-up to first answer: median {med:.3f} s over {len(startup)} runs "
          f"(min {min(startup):.3f}, max {max(startup):.3f}); OpenFisca server "
          f"{OPENFISCA_STARTUP_S:.2f} s, ratio {OPENFISCA_STARTUP_S / med:.2f}")


if __name__ == "__main__":
    main()
