"""Saved cases: saving with consent, county scoping, follow-up, re-screening, retention.

Every function takes the database session and commits what it changes together with its
audit entry, in one transaction: a failure leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.codec import read_facts
from app.engine import Rulebook, screen
from app.present import number

from . import audit
from .auth import Staff
from .models import CONSENT_VERSION, FOLLOW_UP, Case, utcnow


# -- answers and results as JSON
def answers_json(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Checked facts as JSON values that :func:`app.codec.read_facts` reads back."""
    out: dict[str, Any] = {}
    for name, value in facts.items():
        if isinstance(value, Decimal):
            out[name] = number(value)
        elif isinstance(value, dt.date):
            out[name] = value.isoformat()
        else:
            out[name] = value
    return out


def summarise(book: Rulebook, answers: Mapping[str, Any], on: dt.date) -> dict[str, Any]:
    """{program: {"status", "amount"}} for the saved answers on the screening date."""
    facts, _problems = read_facts(book, {k: v for k, v in answers.items()
                                         if k in book.facts}, on=None, source="json")
    result: dict[str, Any] = {}
    for r in screen(book, facts, on).results:
        result[r.program.id] = {"status": r.status,
                                "amount": None if r.amount is None else number(r.amount.value)}
    return result


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Programs whose status or amount differs: [{program, before, after, ...}]."""
    changes = []
    for pid in list(after) + [p for p in before if p not in after]:
        b, a = before.get(pid) or {}, after.get(pid) or {}
        if b.get("status") != a.get("status") or b.get("amount") != a.get("amount"):
            changes.append({"program": pid, "before": b.get("status"), "after": a.get("status"),
                            "amount_before": b.get("amount"), "amount_after": a.get("amount")})
    return changes


# -- scope
def scoped(staff: Staff) -> Any:
    """The cases a staff member may see: their county's; an admin sees all."""
    stmt = select(Case)
    if not staff.is_admin:
        stmt = stmt.where(Case.county == (staff.county or ""))
    return stmt


def get_case(session: Session, staff: Staff, case_id: int) -> Case | None:
    """The case, or None when it does not exist or is another county's (both a 404)."""
    case = session.get(Case, case_id)
    if case is None or (not staff.is_admin and case.county != staff.county):
        return None
    return case


@dataclass
class Filters:
    q: str = ""
    program: str = ""
    status: str = ""
    follow_up: str = ""
    changed: bool = False


def list_cases(session: Session, staff: Staff, filters: Filters, limit: int = 500
               ) -> list[Case]:
    stmt = scoped(staff)
    if filters.q:
        like = "%" + filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(func.lower(col(Case.applicant_name)).like(like.lower(), escape="\\"))
    if filters.follow_up in FOLLOW_UP:
        stmt = stmt.where(Case.follow_up == filters.follow_up)
    stmt = stmt.order_by(col(Case.updated_at).desc(), col(Case.id).desc())
    cases = list(session.exec(stmt).all())
    if filters.status:
        def has(case: Case) -> bool:
            items = ([case.results.get(filters.program)] if filters.program
                     else list(case.results.values()))
            return any(r and r.get("status") == filters.status for r in items)
        cases = [c for c in cases if has(c)]
    if filters.changed:
        cases = [c for c in cases if c.changes]
    return cases[:limit]


# -- changes
def save_case(session: Session, staff: Staff, book: Rulebook, answers: dict[str, Any],
              on: dt.date, *, consent: bool, name: str | None, phone: str | None,
              county: str) -> Case:
    """Save a screened case; refuses without the applicant's recorded consent."""
    if not consent:
        raise ValueError("consent is required to save a case")
    now = utcnow()
    case = Case(answers=answers, results=summarise(book, answers, on), screened_on=on,
                rulebook_version=book.version, rulebook_digest=book.digest,
                consent_version=CONSENT_VERSION, consent_by=staff.id, consent_at=now,
                staff_id=staff.id, county=county, applicant_name=name or None,
                applicant_phone=phone or None, created_at=now, updated_at=now)
    session.add(case)
    session.flush()
    audit.record(session, staff, "save", case.id)
    session.commit()
    return case


def set_follow_up(session: Session, staff: Staff, case: Case, state: str, note: str) -> None:
    if state not in FOLLOW_UP:
        raise ValueError(state)
    case.follow_up = state
    case.follow_up_note = note
    case.updated_at = utcnow()
    session.add(case)
    audit.record(session, staff, "change", case.id, detail=f"follow_up={state}")
    session.commit()


def delete_case(session: Session, staff: Staff, case: Case) -> None:
    case_id = case.id
    session.delete(case)
    audit.record(session, staff, "delete", case_id)
    session.commit()


def stale_count(session: Session, staff: Staff, book: Rulebook) -> int:
    """How many cases in scope were screened under another edition of the rules."""
    stmt = scoped(staff).where(Case.rulebook_digest != book.digest)
    sub = stmt.subquery()
    return int(session.exec(select(func.count()).select_from(sub)).one())


def rescreen(session: Session, staff: Staff, book: Rulebook) -> tuple[int, int]:
    """Re-screen every case in scope saved under another rulebook edition, on its own
    screening date. Returns (re-screened, whose results changed). One transaction."""
    stmt = scoped(staff).where(Case.rulebook_digest != book.digest)
    done = changed = 0
    now = utcnow()
    for case in session.exec(stmt).all():
        after = summarise(book, case.answers, case.screened_on)
        changes = compare(case.results, after)
        case.results = after
        case.changes = changes or None
        case.rulebook_version = book.version
        case.rulebook_digest = book.digest
        case.rescreened_at = now
        session.add(case)
        audit.record(session, staff, "rescreen", case.id,
                     detail="changed" if changes else "unchanged")
        done += 1
        changed += bool(changes)
    session.commit()
    return done, changed


def purge_expired(session: Session, retention_days: int, now: dt.datetime | None = None,
                  who: Staff | None = None) -> int:
    """Delete every case unchanged for more than ``retention_days``. Returns how many."""
    cutoff = (now or utcnow()) - dt.timedelta(days=retention_days)
    ids = list(session.exec(select(Case.id).where(Case.updated_at < cutoff)).all())
    if ids:
        session.exec(delete(Case).where(col(Case.id).in_(ids)))  # type: ignore[call-overload]
        for case_id in ids:
            audit.record(session, who, "purge", case_id, username="system")
    session.commit()
    return len(ids)
