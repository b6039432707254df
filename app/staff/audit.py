"""The audit log: who did what to which case, and when. Never the applicant's data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from .models import AuditEntry

if TYPE_CHECKING:
    from .auth import Staff

ACTIONS = ("login", "login_failed", "logout", "view", "save", "change", "edit", "rescreen",
           "print", "export", "delete", "purge", "user_create", "user_change", "password_change",
           "password_reset", "unlock", "roster")


def record(session: Session, who: Staff | None, action: str, case_id: int | None = None,
           detail: str = "", username: str = "") -> AuditEntry:
    """Add an entry to the session; the caller's commit writes it with the change it logs."""
    assert action in ACTIONS, action
    entry = AuditEntry(user_id=who.id if who else None,
                       username=who.username if who else username[:64], action=action,
                       case_id=case_id, detail=detail[:200])
    session.add(entry)
    return entry


def recent(session: Session, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    return list(session.exec(stmt.offset(offset).limit(limit)).all())
