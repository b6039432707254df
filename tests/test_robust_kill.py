"""kill -9 during case saves leaves no partial row: every case that is in the database is whole
(answers, results, consent, its audit entry), and every save that was reported committed is
there. On SQLite and on PostgreSQL (``db_url`` from tests/support/staff.py).

Long: runs with ``make check-robust`` (ROBUST=1), which CI runs; skipped in ``make test``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from app.engine import Rulebook
from app.staff.db import get_engine
from app.staff.models import AuditEntry, Case
from tests.conftest import ROOT
from tests.support.staff import fresh_database, make_user

pytestmark = pytest.mark.skipif(not os.environ.get("ROBUST"),
                                reason="long: run with `make check-robust` (ROBUST=1)")

# The child saves cases as fast as it can with the staff area's own save_case, printing the
# number of each save once it is committed.
CHILD = r"""
import datetime as dt, sys
from sqlmodel import Session
from app.engine import load_rulebook
from app.staff.auth import staff_from_user
from app.staff.cases import save_case
from app.staff.db import get_engine, use_database
from app.staff.models import User
url, user_id = sys.argv[1], int(sys.argv[2])
use_database(url)
book = load_rulebook()
answers = {"has_disability_certificate": True, "hukou": "baise", "county": "youjiang",
           "disability_grade": 1, "needs_long_term_care": True, "tekun": False,
           "household_dibao": True, "orphan_allowance": False,
           "work_injury_nursing_allowance": False}
with Session(get_engine(url), expire_on_commit=False) as s:
    staff = staff_from_user(s.get(User, user_id))
    print("ready", flush=True)
    n = 0
    while True:
        save_case(s, staff, book, dict(answers), dt.date(2025, 6, 1), consent=True,
                  name="测试" + str(n), phone=None, county="youjiang")
        n += 1
        print(n, flush=True)
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_kill_9_during_saves_leaves_no_partial_row(backend: str, book: Rulebook,
                                                   tmp_path: Path) -> None:
    # PostgreSQL: a database of this test process's own, dropped at exit, so runs sharing the
    # server cannot touch it (tests/support/staff.py)
    db_url = fresh_database(backend, tmp_path)
    with Session(get_engine(db_url)) as s:
        user = make_user(s, "saver", county="youjiang")
    committed = 0
    rnd = random.Random(9)
    for rounds in range(1, 5):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, db_url, str(user.id)],  # type: ignore[attr-defined]
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline().strip()
        assert first == "ready", proc.stderr.read()[-2000:]
        target = rnd.randint(3, 15)
        last = 0
        while last < target:
            line = proc.stdout.readline()
            assert line, "the saving process stopped"
            last = int(line)
        time.sleep(rnd.random() * 0.02)  # land somewhere inside a later save
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        # the saves it reported before it died (still in the pipe), the last one included
        for line in proc.stdout.read().split():
            last = max(last, int(line))
        committed += last
        with Session(get_engine(db_url)) as check:
            now = len(check.exec(select(Case)).all())
        # every save reported committed is there; at most one more per kill (committed,
        # not yet reported)
        assert committed <= now <= committed + rounds, (backend, rounds, committed, now)
    engine = get_engine(db_url)
    engine.dispose()  # new connections, as after a restart
    with Session(engine) as s:
        if db_url.startswith("sqlite"):
            assert s.exec(text("PRAGMA integrity_check")).one()[0] == "ok"  # type: ignore[call-overload]
        found = s.exec(select(Case)).all()
        saves = s.exec(select(AuditEntry).where(AuditEntry.action == "save")).all()
    # durability: every save reported committed is there (a save in flight may be too)
    assert committed <= len(found) <= committed + 4
    # atomicity: each case has its audit entry and is whole
    assert sorted(e.case_id for e in saves) == sorted(c.id for c in found)
    for case in found:
        assert case.answers["hukou"] == "baise"
        assert set(case.results) == set(book.programs)
        assert case.consent_at is not None and case.applicant_name.startswith("测试")
