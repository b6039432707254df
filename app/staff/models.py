"""The staff area's tables, in the Base / Create / Public families of the FastAPI template.

A saved case holds the minimum (PIPL): the answers, the results, the screening date, the
rulebook edition, an optional name and phone, and who recorded the applicant's consent.
Nothing else identifying. The audit log names the staff member and the case id, never the
applicant.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

ROLES = ("staff", "admin")
FOLLOW_UP = ("to_apply", "applied", "granted", "refused")
# Counties of Baise (design.md §4.2, the values of the `county` fact).
COUNTIES = ("youjiang", "tianyang", "tiandong", "debao", "napo", "lingyun", "leye", "tianlin",
            "xilin", "longlin", "jingxi", "pingguo")
# The edition of the consent statement read to the applicant (see templates/staff/consent).
CONSENT_VERSION = "2025-1"


def utcnow() -> dt.datetime:
    """Aware UTC (SQLModel stores datetimes in UTC on SQLite and PostgreSQL alike)."""
    return dt.datetime.now(dt.UTC)


# -- users
class UserBase(SQLModel):
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(default="", max_length=100)
    role: str = Field(default="staff", max_length=16)
    county: str | None = Field(default=None, max_length=32)
    township: str | None = Field(default=None, max_length=100)
    active: bool = True


class UserCreate(UserBase):
    password: str = Field(min_length=10, max_length=200)


class User(UserBase, table=True):
    __tablename__ = "staff_user"
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Part of every session cookie; raised by logout, a password change or disabling the
    # account, which ends every session of the account at once (copied cookies included).
    session_version: int = 0

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class UserPublic(UserBase):
    id: int


# -- cases
class CaseBase(SQLModel):
    applicant_name: str | None = Field(default=None, max_length=100)
    applicant_phone: str | None = Field(default=None, max_length=32)
    follow_up: str = Field(default="to_apply", max_length=16)
    follow_up_note: str = Field(default="", max_length=2000)


class CaseCreate(CaseBase):
    answers: dict[str, Any]
    consent: bool


class Case(CaseBase, table=True):
    __tablename__ = "staff_case"
    id: int | None = Field(default=None, primary_key=True)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # {program id: {"status": …, "amount": number | null}}
    results: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # the results before the last re-screening, and what changed: [{program, before, after}]
    changes: list[Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    screened_on: dt.date
    rulebook_version: str = Field(max_length=32)
    rulebook_digest: str = Field(max_length=64)
    consent_version: str = Field(max_length=16)
    consent_by: int = Field(foreign_key="staff_user.id")
    consent_at: dt.datetime
    staff_id: int = Field(foreign_key="staff_user.id", index=True)
    county: str = Field(max_length=32, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True)
    rescreened_at: dt.datetime | None = None
    # {program id: {"status": one of FOLLOW_UP, "on": "YYYY-MM-DD" | null}}, eligible programs
    follow_ups: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class CasePublic(CaseBase):
    id: int
    answers: dict[str, Any]
    results: dict[str, Any]
    changes: list[Any] | None
    screened_on: dt.date
    rulebook_version: str
    rulebook_digest: str
    consent_version: str
    consent_at: dt.datetime
    county: str
    created_at: dt.datetime
    updated_at: dt.datetime


# -- audit log: who, when, what, which case; never the applicant's data
class AuditEntry(SQLModel, table=True):
    __tablename__ = "staff_audit"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = None
    username: str = Field(default="", max_length=64)
    action: str = Field(max_length=32)
    case_id: int | None = Field(default=None, index=True)
    detail: str = Field(default="", max_length=200)


# -- failed sign-ins, one counter per key ("a:<address>" or "u:<account>|<address>"), bounded
class LoginThrottle(SQLModel, table=True):
    __tablename__ = "staff_login_throttle"
    key: str = Field(max_length=200, primary_key=True)
    failures: int = 0
    first_at: dt.datetime = Field(default_factory=utcnow)
    last_at: dt.datetime = Field(default_factory=utcnow, index=True)
    # no sign-in for this key is checked before then (growing delays, never a renewable lock)
    blocked_until: dt.datetime | None = None
