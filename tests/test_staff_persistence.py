"""The staff area's persistence, on SQLite and on PostgreSQL (see tests/support/staff.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.engine import Rulebook, load_rulebook
from app.staff import cases as C
from app.staff.auth import authenticate
from app.staff.export import table, to_csv, to_xlsx
from app.staff.models import AuditEntry, Case, utcnow
from tests.support.policy import value
from tests.support.staff import PASSWORD, make_user
from tests.support.staff import db_fixture as db_fixture  # noqa: F401
from tests.support.staff import db_url_fixture as db_url_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
ON = dt.date(2025, 6, 1)
# 62 years old, grade 1: too old for the pension premium (16-59) under the real rules.
ANSWERS = {"has_disability_certificate": True, "hukou": "baise", "county": "youjiang",
           "disability_category": "physical", "disability_grade": 1, "age": 62,
           "full_time_student": False, "receives_pension": False, "needs_long_term_care": True,
           "tekun": False, "work_injury_nursing_allowance": False}


def save(db: Session, staff: object, book: Rulebook, name: str = "张三", county: str = "youjiang",
         answers: dict | None = None) -> Case:
    return C.save_case(db, staff, book, dict(answers or ANSWERS), ON, consent=True, name=name,  # type: ignore[arg-type]
                       phone="13800000000", county=county)


def actions(db: Session) -> list[tuple[str, int | None]]:
    rows = db.exec(select(AuditEntry).order_by(AuditEntry.id)).all()  # type: ignore[arg-type]
    return [(a.action, a.case_id) for a in rows]


def test_login_checks_password_and_active_flag(db: Session) -> None:
    make_user(db, "li")
    make_user(db, "gone", active=False)
    result = authenticate(db, "li", PASSWORD, "10.0.0.1")
    assert result.user is not None and result.user.username == "li" and result.reason == ""
    assert authenticate(db, "LI", PASSWORD, "10.0.0.1").user is not None  # any case
    assert authenticate(db, "li", "wrong password", "10.0.0.1").reason == "invalid"
    assert authenticate(db, "nobody", PASSWORD, "10.0.0.1").reason == "invalid"
    assert authenticate(db, "gone", PASSWORD, "10.0.0.1").reason == "invalid"
    assert result.user.password_hash.startswith("$argon2id$")


def test_consent_is_required_to_save(db: Session, book: Rulebook) -> None:
    staff = make_user(db, "li")
    with pytest.raises(ValueError):
        C.save_case(db, staff, book, dict(ANSWERS), ON, consent=False, name=None,  # type: ignore[arg-type]
                    phone=None, county="youjiang")
    assert db.exec(select(Case)).all() == []
    case = save(db, staff, book)
    assert case.consent_by == staff.id and case.consent_version  # type: ignore[attr-defined]
    assert case.consent_at <= utcnow()
    assert case.rulebook_digest == book.digest and case.rulebook_version == book.version
    assert case.results["nursing_subsidy"] == {"status": "eligible", "amount": 90}
    assert case.results["pension_premium"]["status"] == "not_eligible"


def test_county_scoping(db: Session, book: Rulebook) -> None:
    li = make_user(db, "li", county="youjiang")
    other = make_user(db, "huang", county="napo")
    admin = make_user(db, "boss", role="admin", county=None)
    case = save(db, li, book)
    assert case.id is not None
    assert C.get_case(db, li, case.id) is not None
    assert C.get_case(db, other, case.id) is None  # the route turns this into a 404
    assert C.get_case(db, admin, case.id) is not None
    assert C.list_cases(db, other, C.Filters()) == []
    assert [c.id for c in C.list_cases(db, admin, C.Filters())] == [case.id]


def test_search_and_filters(db: Session, book: Rulebook) -> None:
    li = make_user(db, "li")
    a = save(db, li, book, name="张三")
    b = save(db, li, book, name="李四", answers={**ANSWERS, "needs_long_term_care": False})
    C.set_follow_ups(db, li, b, {p: ("applied", None) for p in C.eligible(b)}, "已交材料")
    names = lambda f: sorted(c.applicant_name for c in C.list_cases(db, li, f))  # noqa: E731
    assert names(C.Filters(q="张")) == ["张三"]
    assert names(C.Filters(q="%")) == []
    assert names(C.Filters(follow_up="applied")) == ["李四"]
    assert names(C.Filters(program="nursing_subsidy", status="eligible")) == ["张三"]
    assert names(C.Filters(program="nursing_subsidy", status="not_eligible")) == ["李四"]
    assert a.follow_up == "to_apply"


def test_rescreening_after_a_rule_change(db: Session, book: Rulebook, tmp_path: Path) -> None:
    li = make_user(db, "li")
    old = save(db, li, book)
    young = save(db, li, book, name="王五", answers={**ANSWERS, "age": 40})
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    f = rules / "programs" / "pension_premium.yaml"
    text = f.read_text("utf-8")
    assert "{fact: age, at_most: 59}" in text
    f.write_text(text.replace("{fact: age, at_most: 59}", "{fact: age, at_most: 64}"), "utf-8")
    new_book = load_rulebook(rules)  # the version follows the content (issue 13)
    assert new_book.digest != book.digest and new_book.version != book.version

    assert C.stale_count(db, li, new_book) == 2
    assert C.rescreen(db, li, new_book) == (2, 1)
    db.refresh(old)
    db.refresh(young)
    assert old.changes == [{"program": "pension_premium", "before": "not_eligible",
                            "after": "eligible", "amount_before": None,
                            "amount_after": value(book, "pension_premium", "annual_premium",
                                                  ON)}]
    assert old.results["pension_premium"]["status"] == "eligible"
    assert old.rulebook_digest == new_book.digest and old.rulebook_version == new_book.version
    assert young.changes is None
    assert [c.id for c in C.list_cases(db, li, C.Filters(changed=True))] == [old.id]
    assert C.stale_count(db, li, new_book) == 0
    assert C.rescreen(db, li, new_book) == (0, 0)
    assert ("rescreen", old.id) in actions(db)


def test_retention_purge(db: Session, book: Rulebook) -> None:
    li = make_user(db, "li")
    old = save(db, li, book, name="旧")
    fresh = save(db, li, book, name="新")
    old.updated_at = utcnow() - dt.timedelta(days=366)
    db.add(old)
    db.commit()
    assert C.purge_expired(db, 365) == 1
    remaining = db.exec(select(Case)).all()
    assert [c.id for c in remaining] == [fresh.id]
    assert ("purge", old.id) in actions(db)
    # a change restarts the clock
    fresh.updated_at = utcnow() - dt.timedelta(days=300)
    db.add(fresh)
    db.commit()
    C.set_follow_ups(db, li, fresh, {p: ("granted", None) for p in C.eligible(fresh)}, "")
    assert C.purge_expired(db, 100) == 0


def test_audit_entries_name_no_applicant(db: Session, book: Rulebook) -> None:
    li = make_user(db, "li")
    case = save(db, li, book, name="张三")
    C.set_follow_ups(db, li, case, {p: ("refused", None) for p in C.eligible(case)}, "不符合")
    C.delete_case(db, li, case)
    assert db.get(Case, case.id) is None
    log = [a for a in actions(db) if a[1] == case.id]
    assert log == [("save", case.id), ("change", case.id), ("delete", case.id)]
    for entry in db.exec(select(AuditEntry)).all():
        assert "张三" not in entry.detail and "1380" not in entry.detail
        assert entry.username in ("li", "cli", "system")


def test_export_contents(db: Session, book: Rulebook) -> None:
    li = make_user(db, "li")
    save(db, li, book, name="张三")
    save(db, li, book, name="=cmd|' /C calc'!A0")
    rows = table(C.list_cases(db, li, C.Filters()), book, lambda s: s, {"to_apply": "待申请"})
    data = list(csv.reader(io.StringIO(to_csv(rows).decode("utf-8-sig"))))
    assert data[0][:3] == ["编号", "姓名", "电话"]
    assert "重度残疾人护理补贴" in data[0]
    col = data[0].index("重度残疾人护理补贴")
    by_name = {r[1]: r for r in data[1:]}
    assert by_name["张三"][col] == "可以申请"
    assert by_name["张三"][3] == "右江区" and by_name["张三"][6] == "待申请"
    assert "'=cmd|' /C calc'!A0" in by_name  # formula injection defused

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(to_xlsx(rows, "cases")))
    ws = wb.active
    sheet = [[c.value for c in r] for r in ws.iter_rows()]
    assert sheet[0] == rows[0]
    assert sorted(r[1] for r in sheet[1:]) == sorted(r[1] for r in rows[1:])


def test_a_failed_save_writes_nothing(db: Session, book: Rulebook) -> None:
    li = make_user(db, "li")
    before = len(actions(db))
    with pytest.raises(Exception):  # noqa: B017  county too long for its column on PG;
        # on SQLite (no length check) a missing staff id breaks the foreign key instead
        C.save_case(db, C.Staff(999, "x", "", "staff", "youjiang", None, 0), book,  # type: ignore[attr-defined]
                    dict(ANSWERS), ON, consent=True, name=None, phone=None, county="y" * 40)
    db.rollback()
    assert db.exec(select(Case)).all() == []
    assert len(actions(db)) == before
    assert li is not None
