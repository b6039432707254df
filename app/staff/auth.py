"""Staff sign-in: argon2 password hashes, rate limiting with lock-out, signed session cookies.

The session is a signed cookie (HttpOnly, SameSite=Strict, Secure when configured) holding
the staff member's id, role and county and the time of their last request; it ends after
``session_idle_minutes`` without a request. Each request checks the account is still active.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func
from sqlmodel import Session, select

from app.settings import get_settings

from .models import LoginAttempt, User, utcnow

SESSION_COOKIE = "staff_session"
# Failed sign-ins within the window that lock an account, and an address.
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
LOCK_WINDOW = dt.timedelta(minutes=15)
# The page warns this long before the session ends.
WARN_BEFORE = dt.timedelta(minutes=5)

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Checked against when the account does not exist, so that the answer takes as long.
    Made on first use, not at import (hashing takes most of a second)."""
    return _hasher.hash("not a real password, for even timing")


@cache
def _process_secret() -> str:
    return secrets.token_urlsafe(32)


def secret_key() -> str:
    """The configured secret, else one per process (a restart ends sessions)."""
    return get_settings().secret_key or _process_secret()


# -- passwords
def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# -- rate limiting
def _failures(session: Session, since: dt.datetime, **where: str) -> int:
    stmt = select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.at >= since, LoginAttempt.success == False)  # noqa: E712
    for column, value in where.items():
        stmt = stmt.where(getattr(LoginAttempt, column) == value)
    last_ok = select(func.max(LoginAttempt.at)).where(LoginAttempt.success == True)  # noqa: E712
    for column, value in where.items():
        last_ok = last_ok.where(getattr(LoginAttempt, column) == value)
    ok_at = session.exec(last_ok).one()
    if ok_at is not None:
        stmt = stmt.where(LoginAttempt.at > ok_at)
    return int(session.exec(stmt).one())


def locked_out(session: Session, username: str, address: str,
               now: dt.datetime | None = None) -> bool:
    """Too many recent failures for this account or from this address."""
    since = (now or utcnow()) - LOCK_WINDOW
    return (_failures(session, since, username=username) >= ACCOUNT_LIMIT
            or _failures(session, since, address=address) >= ADDRESS_LIMIT)


def authenticate(session: Session, username: str, password: str, address: str
                 ) -> tuple[User | None, str]:
    """(user, "") on success, else (None, reason): "locked" or "invalid". Records the try."""
    username = username.strip()[:64]
    address = address[:64]
    if locked_out(session, username, address):
        session.add(LoginAttempt(username=username, address=address, success=False))
        session.commit()
        return None, "locked"
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        verify_password(_dummy_hash(), password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password) and user.active
    session.add(LoginAttempt(username=username, address=address, success=ok))
    if ok and user is not None and _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
    session.commit()
    return (user, "") if ok else (None, "invalid")


# -- sessions
@dataclass(frozen=True, slots=True)
class Staff:
    """Who is signed in, as the session cookie says (checked against the database)."""

    id: int
    username: str
    display_name: str
    role: str
    county: str | None
    township: str | None
    last_seen: float

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def ends_at(self) -> dt.datetime:
        minutes = get_settings().session_idle_minutes
        return dt.datetime.fromtimestamp(self.last_seen, dt.UTC) + dt.timedelta(minutes=minutes)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(secret_key(), salt="staff-session")


def staff_from_user(user: User, now: float | None = None) -> Staff:
    assert user.id is not None
    return Staff(user.id, user.username, user.display_name, user.role, user.county,
                 user.township, time.time() if now is None else now)


def read_session(request: Request, now: float | None = None) -> tuple[Staff | None, bool]:
    """(staff, expired): the signed-in staff member, or None; expired when it timed out."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None, False
    try:
        data: Any = _serializer().loads(raw)
        staff = Staff(int(data["u"]), str(data["n"]), str(data["d"]), str(data["r"]),
                      data["c"], data["w"], float(data["t"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None, False
    now = time.time() if now is None else now
    if now - staff.last_seen > get_settings().session_idle_minutes * 60:
        return None, True
    return staff, False


def write_session(response: Response, staff: Staff, now: float | None = None) -> None:
    """Issue (or refresh) the session cookie; the idle clock starts again."""
    settings = get_settings()
    data = {"u": staff.id, "n": staff.username, "d": staff.display_name, "r": staff.role,
            "c": staff.county, "w": staff.township, "t": time.time() if now is None else now}
    response.set_cookie(SESSION_COOKIE, _serializer().dumps(data), httponly=True,
                        samesite="strict", secure=settings.secure_cookies, path="/staff")


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/staff")
