"""Saved cases: saving with consent, county scoping, follow-up, re-screening, retention.

Every function takes the database session and commits what it changes together with its
audit entry, in one transaction: a failure leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.codec import json_value, read_facts
from app.engine import ProgramResult, Rulebook, Screening, screen
from app.present import for_people, number

from . import audit
from .auth import Staff
from .models import CONSENT_VERSION, FOLLOW_UP, Case, utcnow


# -- answers and results as JSON
def answers_json(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Checked facts as JSON values that :func:`app.codec.read_facts` reads back as the same
    values (:func:`app.codec.json_value`: no typed digit rounded away)."""
    return {name: json_value(value) for name, value in facts.items()}


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


def ordered(book: Rulebook, results: Mapping[str, Any]) -> list[str]:
    """The programs of saved results in the order people read them (eligible first, cash
    before services: :func:`app.present.for_people`); programs no longer in the rulebook
    last."""
    light = [ProgramResult(book.programs[pid], r.get("status") or "undetermined", [], (), None,
                           ()) for pid, r in results.items()
             if pid in book.programs and (r or {}).get("status") in STATUS_KNOWN]
    known = [r.program.id for r in for_people(Screening(dt.date.min, light, [])).results]
    return known + [pid for pid in results if pid not in known]


STATUS_KNOWN = ("eligible", "undetermined", "not_eligible", "not_in_force")


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


def eligible(case: Case) -> list[str]:
    return [p for p, r in case.results.items() if (r or {}).get("status") == "eligible"]


def follow_ups(case: Case) -> dict[str, dict[str, Any]]:
    """{program: {"status", "on"}} for every eligible program ("to_apply" when not set)."""
    saved = case.follow_ups or {}
    return {p: {"status": (saved.get(p) or {}).get("status") or "to_apply",
                "on": (saved.get(p) or {}).get("on")} for p in eligible(case)}


def summary_state(states: list[str]) -> str:
    """The case's own follow-up state (for filtering): the least advanced of its programs'."""
    for state in FOLLOW_UP:
        if state in states:
            return state
    return "to_apply"


def set_follow_ups(session: Session, staff: Staff, case: Case,
                   states: Mapping[str, tuple[str, dt.date | None]], note: str) -> None:
    """Each eligible program's follow-up status and date, and the case's note; audited."""
    for state, _on in states.values():
        if state not in FOLLOW_UP:
            raise ValueError(state)
    case.follow_ups = {p: {"status": s, "on": on.isoformat() if on else None}
                       for p, (s, on) in states.items()}
    case.follow_up = summary_state([s for s, _on in states.values()])
    case.follow_up_note = note
    case.updated_at = utcnow()
    session.add(case)
    audit.record(session, staff, "change", case.id,
                 detail="follow_up " + " ".join(f"{p}={s}" for p, (s, _on) in states.items()))
    session.commit()


def edit_case(session: Session, staff: Staff, book: Rulebook, case: Case,
              answers: dict[str, Any], on: dt.date) -> list[dict[str, Any]]:
    """New answers and screening date for a saved case, re-screened under the current rules.
    What changed is kept (as a re-screening's is) and the edit audited. Returns the changes."""
    after = summarise(book, answers, on)
    changes = compare(case.results, after)
    case.answers = answers
    case.results = after
    case.changes = changes or None
    case.screened_on = on
    case.rulebook_version = book.version
    case.rulebook_digest = book.digest
    case.updated_at = case.rescreened_at = utcnow()
    kept = {p: v for p, v in (case.follow_ups or {}).items()
            if (after.get(p) or {}).get("status") == "eligible"}
    case.follow_ups = kept or None
    case.follow_up = summary_state([v.get("status") or "to_apply" for v in kept.values()])
    session.add(case)
    audit.record(session, staff, "edit", case.id, detail=f"changed={len(changes)}")
    session.commit()
    return changes


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
