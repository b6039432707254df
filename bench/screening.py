"""Benchmark: one in-process screening, against OpenFisca's per-person calculate in the same run.

    .venv/bin/python bench/screening.py

Prints the median and p99 of one screening for each of four persons, with its reasons built as
the API returns them (engine + presenter, zh-Hans), of the six programs OpenFisca's baseline
models and of the whole rulebook; then runs the baseline's own ``bench_single.py`` (one person
per screening, SimulationBuilder + calculate of its ten outputs, the way ``/calculate`` does
it; set up by bench/baseline.py if needed) and ends with the line

    six programs: median N µs; OpenFisca same run: M µs; ratio R×

for the baseline's own person (every fact known, eligible for all six). Start-up is timed by
bench/startup.py.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(Path(__file__).resolve().parent))

import baseline  # noqa: E402

from app.codec import read_facts  # noqa: E402
from app.engine import load_rulebook, screen  # noqa: E402
from app.present import get_presenter  # noqa: E402

OPENFISCA_PERSON = {  # ../shared/openfisca_baseline/common.py PERSON, screened 2025-06-01
    "age": 45, "hukou": "baise", "has_disability_certificate": True,
    "disability_category": "mental", "disability_grade": 3, "household_dibao": True,
    "tekun": False, "orphan_allowance": False, "needs_long_term_care": True,
    "work_injury_nursing_allowance": False, "receives_pension": False,
    "full_time_student": False, "business_type": "individual", "first_business": True,
    "business_registered_on": "2023-03-15", "business_operating_normally": True,
    "loan_type": "individual", "loan_amount": 200000, "loan_term_months": 36,
    "loan_contract_date": "2022-09-01", "loan_annual_rate": 5.15, "wants_market_stall": True,
}
PEOPLE = {
    "OpenFisca's person": OPENFISCA_PERSON,
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


def check_same_answers() -> None:
    """Our answer for OpenFisca's person is the baseline's PERSON_EXPECTED: all six eligible,
    amounts 90, 90, 100 and 6000 (so both sides compute the same thing)."""
    book = load_rulebook(ROOT / "rules")
    facts, problems = read_facts(book, OPENFISCA_PERSON, on=dt.date(2025, 6, 1), source="json")
    assert not problems, problems
    results = {r.program.id: r for r in screen(book, facts, dt.date(2025, 6, 1), SIX).results}
    assert all(r.status == "eligible" for r in results.values()), {
        k: r.status for k, r in results.items()}
    amounts = {k: float(r.amount.value) for k, r in results.items() if r.amount is not None}
    expected = {"living_subsidy": 90.0, "nursing_subsidy": 90.0, "pension_premium": 100.0,
                "loan_interest_subsidy": 6000.0}
    assert {k: amounts.get(k) for k in expected} == expected, amounts


def main() -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    check_same_answers()
    where = baseline.ensure()
    n_all = len(load_rulebook(ROOT / "rules").programs)
    medians: dict[str, float] = {}
    for title, programs in (("the six programs OpenFisca models", SIX),
                            (f"all {n_all} programs", None)):
        print(f"one screening of {title}, reasons built (engine + presenter):")
        for label, (median, p99) in time_screening(programs).items():
            print(f"  {label:18s} median {median:7.2f} µs  p99 {p99:7.2f} µs")
            if programs is SIX:
                medians[label] = median
    openfisca_ms = baseline.single_screening_ms(where=where)
    mine = medians["OpenFisca's person"]
    print(f"OpenFisca (same run, bench_single.py: SimulationBuilder + calculate, one person): "
          f"median {openfisca_ms * 1000:.0f} µs")
    print(f"six programs: median {mine:.1f} µs; OpenFisca same run: {openfisca_ms * 1000:.0f} µs;"
          f" ratio {openfisca_ms * 1000 / mine:.0f}×")


if __name__ == "__main__":
    main()
