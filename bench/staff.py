"""Benchmark: the staff area's database work, on SQLite (and PostgreSQL if configured).

    .venv/bin/python bench/staff.py            # TEST_POSTGRES_URL=… adds a PostgreSQL run

Prints the argon2 hash and verify time, then for N saved cases: saving one case (a
transaction with its audit entry), listing the county's cases, re-screening them all after a
rule change, and the CSV and .xlsx export.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app.engine import load_rulebook  # noqa: E402
from app.staff import cases  # noqa: E402
from app.staff.auth import hash_password, staff_from_user, verify_password  # noqa: E402
from app.staff.db import get_engine, migrate  # noqa: E402
from app.staff.export import table, to_csv, to_xlsx  # noqa: E402
from app.staff.models import User  # noqa: E402

N = 500
ANSWERS = {"has_disability_certificate": True, "hukou": "baise", "county": "youjiang",
           "disability_category": "physical", "disability_grade": 1, "age": 62,
           "needs_long_term_care": True, "tekun": False}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def run(url: str, label: str, tmp: Path) -> None:
    migrate(url)
    book = load_rulebook(ROOT / "rules")
    rules = tmp / "rules"
    shutil.copytree(ROOT / "rules", rules, dirs_exist_ok=True)
    meta = rules / "rulebook.yaml"  # any edit gives a new digest: every saved case is stale
    meta.write_text(meta.read_text("utf-8") + "# bench\n", "utf-8")
    changed = load_rulebook(rules)
    with Session(get_engine(url), expire_on_commit=False) as s:
        user = User(username=f"bench{time.time_ns()}", role="staff", county="youjiang",
                    password_hash="x")
        s.add(user)
        s.commit()
        staff = staff_from_user(user)
        times = []
        for i in range(N):
            t0 = time.perf_counter()
            cases.save_case(s, staff, book, dict(ANSWERS), dt.date(2025, 6, 1), consent=True,
                            name=f"申请人{i}", phone=None, county="youjiang")
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        found = cases.list_cases(s, staff, cases.Filters(), limit=10 * N)
        t_list = time.perf_counter() - t0
        t0 = time.perf_counter()
        done, _changed = cases.rescreen(s, staff, changed)
        t_rescreen = time.perf_counter() - t0
        rows = table(found, book, lambda m: m, {})
        t0 = time.perf_counter()
        to_csv(rows)
        t_csv = time.perf_counter() - t0
        t0 = time.perf_counter()
        to_xlsx(rows, "cases")
        t_xlsx = time.perf_counter() - t0
    print(f"{label}: save one case median {ms(statistics.median(times))}, "
          f"p99 {ms(sorted(times)[int(len(times) * 0.99) - 1])}; list {len(found)} cases "
          f"{ms(t_list)}; re-screen {done} cases {ms(t_rescreen)} "
          f"({ms(t_rescreen / max(done, 1))} each); export CSV {ms(t_csv)}, xlsx {ms(t_xlsx)}")


def main() -> None:
    t0 = time.perf_counter()
    h = hash_password("correct horse battery")
    t_hash = time.perf_counter() - t0
    t0 = time.perf_counter()
    verify_password(h, "correct horse battery")
    print(f"argon2id: hash {ms(t_hash)}, verify {ms(time.perf_counter() - t0)}")
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench.db", "SQLite", Path(tmp))
        pg = os.environ.get("TEST_POSTGRES_URL")
        if pg:
            with get_engine(pg).begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            run(pg, "PostgreSQL", Path(tmp))


if __name__ == "__main__":
    main()
