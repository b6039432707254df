"""Staff sign-in: argon2 password hashes, a password policy, sign-in throttling with growing
delays, and signed session cookies that the server can end.

Sessions. The cookie (HttpOnly, SameSite=Strict, Secure when configured) is signed and holds
the staff member's id, role and county, a random session id, the account's
``session_version`` and the time of the last request; it ends after ``session_idle_minutes``
without a request. Every request checks the account against the database: still active, and
the same ``session_version``. Logout, a password change, a reset and disabling the account
raise the version, which ends every session of the account at once, a cookie copied before
included (OWASP Session Management Cheat Sheet, "Session expiration").

Throttling (OWASP Authentication Cheat Sheet, "Login throttling"). Failures are counted per
(account, address) and per address, one row per key (:class:`LoginThrottle`). After
``PAIR_FREE`` (``ADDRESS_FREE``) failures each further failure makes the key wait
2, 4, 8 … seconds, at most ``MAX_DELAY``; a sign-in tried while waiting is refused *without
being checked or counted*, so an attacker cannot keep renewing a lock, and one elsewhere
cannot keep the owner out at all: the owner's own address is another key. An administrator can
clear an account's delays. The rows are bounded: a key forgets after ``WINDOW`` without
failures, and the table keeps at most ``MAX_KEYS`` keys (the oldest go first). Account names
are kept in keys only as hashes (a password typed into the user-name box stays nowhere).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import secrets
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.settings import get_settings

from . import audit
from .models import LoginThrottle, User, utcnow

SESSION_COOKIE = "staff_session"
PAIR_FREE = 5        # failures of one account from one address before delays begin
ADDRESS_FREE = 20    # failures from one address (any accounts) before delays begin
MAX_DELAY = dt.timedelta(minutes=15)
WINDOW = dt.timedelta(hours=1)  # a key is forgotten this long after its last failure (> MAX_DELAY)
MAX_KEYS = 10_000
# The page warns this long before the session ends.
WARN_BEFORE = dt.timedelta(minutes=5)
MIN_PASSWORD = 10
MAX_PASSWORD = 200

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Checked against when the account does not exist, so that the answer takes as long.
    Made on first use, not at import (hashing takes most of a second)."""
    return _hasher.hash("not a real password, for even timing")


def secret_key() -> str:
    """The service's secret (see :class:`app.settings.Settings`: shared by every worker)."""
    return get_settings().secret_key


# -- passwords
def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str, username: str = "", other: tuple[str, ...] = ()) -> str | None:
    """Why a new password is refused, or None: "short", "long", "username" (it contains the
    account name) or "weak" (zxcvbn scores it below 3 of 4: common passwords, words, keyboard
    runs and repeats such as ``aaaaaaaaaa``)."""
    if len(password) < MIN_PASSWORD:
        return "short"
    if len(password) > MAX_PASSWORD:
        return "long"
    name = username.strip().lower()
    if name and len(name) >= 3 and name in password.lower():
        return "username"
    from zxcvbn import zxcvbn

    inputs = [x for x in (username, *other) if x]
    if zxcvbn(password[:100], user_inputs=inputs)["score"] < 3:
        return "weak"
    return None


# -- the client's address
def client_address(request: Request) -> str:
    """The direct peer's address; when that peer is a proxy named in
    ``settings.trusted_proxies``, the last address in X-Forwarded-For that is not itself a
    trusted proxy (the one the nearest trusted proxy saw). Anyone else's header is ignored."""
    peer = request.client.host if request.client else "unknown"
    trusted = set(get_settings().trusted_proxies)
    if peer not in trusted:
        return peer[:64]
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",")]
    for hop in reversed([h for h in hops if h]):
        if hop in trusted:
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            break
    return peer[:64]


# -- throttling
def _account_hash(username: str) -> str:
    digest = hashlib.sha256((secret_key() + "\0" + username.strip().lower()).encode())
    return digest.hexdigest()[:32]


def _keys(username: str, address: str) -> tuple[str, str]:
    return f"u:{_account_hash(username)}|{address[:64]}", f"a:{address[:64]}"


def _delay(failures: int, free: int) -> dt.timedelta | None:
    if failures < free:
        return None
    return min(dt.timedelta(seconds=2 ** min(failures - free + 1, 20)), MAX_DELAY)


def wait_left(session: Session, username: str, address: str, now: dt.datetime) -> float:
    """Seconds before a sign-in of this account from this address is checked (0: now)."""
    rows = session.exec(select(LoginThrottle).where(
        col(LoginThrottle.key).in_(_keys(username, address)))).all()
    left = 0.0
    for row in rows:
        if row.blocked_until is not None:
            until = _aware(row.blocked_until)
            left = max(left, (until - now).total_seconds())
    return left


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _count_failure(session: Session, key: str, free: int, now: dt.datetime) -> int:
    row = session.get(LoginThrottle, key)
    if row is None or _aware(row.last_at) < now - WINDOW:
        if row is not None:
            session.delete(row)
            session.flush()
        row = LoginThrottle(key=key, failures=0, first_at=now, last_at=now)
    row.failures += 1
    row.last_at = now
    delay = _delay(row.failures, free)
    row.blocked_until = now + delay if delay else None
    session.add(row)
    return row.failures


def _bound(session: Session, now: dt.datetime) -> None:
    session.exec(delete(LoginThrottle).where(  # type: ignore[call-overload]
        col(LoginThrottle.last_at) < now - WINDOW))
    count = int(session.exec(select(func.count()).select_from(LoginThrottle)).one())
    if count > MAX_KEYS:
        oldest = select(LoginThrottle.key).order_by(col(LoginThrottle.last_at)).limit(
            count - MAX_KEYS)
        session.exec(delete(LoginThrottle).where(  # type: ignore[call-overload]
            col(LoginThrottle.key).in_(oldest.scalar_subquery())))


def unlock(session: Session, username: str) -> int:
    """Clear an account's sign-in delays from every address (an administrator's action).
    Returns how many keys were cleared; the caller audits and commits."""
    prefix = f"u:{_account_hash(username)}|"
    rows = session.exec(select(LoginThrottle).where(
        col(LoginThrottle.key).startswith(prefix))).all()
    for row in rows:
        session.delete(row)
    return len(rows)


def unlock_address(session: Session, address: str) -> int:
    """Clear the sign-in delays of one address, for every account (the command line's
    ``unlock --address``: for an office whose staff share one address with somebody who
    guessed, when no administrator can sign in to unlock). Returns how many keys were
    cleared; the caller audits and commits."""
    address = address[:64]
    rows = session.exec(select(LoginThrottle).where(
        (col(LoginThrottle.key) == f"a:{address}")
        | col(LoginThrottle.key).endswith(f"|{address}"))).all()
    for row in rows:
        session.delete(row)
    return len(rows)


@dataclass(frozen=True, slots=True)
class SignIn:
    """The outcome of :func:`authenticate`: ``user`` on success; else ``reason`` is "invalid"
    or "wait" (and ``wait`` the seconds left)."""

    user: User | None
    reason: str = ""
    wait: int = 0


def find_user(session: Session, username: str) -> User | None:
    """The account whose name matches without regard to case."""
    name = username.strip().lower()
    return session.exec(select(User).where(func.lower(User.username) == name)).first()


def authenticate(session: Session, username: str, password: str, address: str,
                 now: dt.datetime | None = None) -> SignIn:
    """Check a sign-in, throttled (see the module's docstring); failures are counted and
    audited with the account tried (its name when it exists, never the typed text otherwise).
    Hashing takes most of a second of CPU: call it off the event loop."""
    now = now or utcnow()
    username = username.strip()[:64]
    address = address[:64]
    left = wait_left(session, username, address, now)
    if left > 0:
        return SignIn(None, "wait", int(left) + 1)
    user = find_user(session, username)
    if user is None:
        verify_password(_dummy_hash(), password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password) and user.active
    pair, by_address = _keys(username, address)
    if ok and user is not None:
        old = session.get(LoginThrottle, pair)
        if old is not None:
            session.delete(old)
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
            session.add(user)
        session.commit()
        return SignIn(user)
    n = _count_failure(session, pair, PAIR_FREE, now)
    _count_failure(session, by_address, ADDRESS_FREE, now)
    if n & (n - 1) == 0:  # the 1st, 2nd, 4th, 8th … failure of a key: bounded audit rows
        audit.record(session, None, "login_failed",
                     username=user.username if user is not None else "",
                     detail=(f"account={user.username}" if user is not None
                             else "unknown account") + f" address={address} failures={n}")
    _bound(session, now)
    session.commit()
    return SignIn(None, "invalid")


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
    version: int = 0
    sid: str = ""

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


def staff_from_user(user: User, now: float | None = None, sid: str | None = None) -> Staff:
    """A new session (a new random id) or, with ``sid``, the same session refreshed."""
    assert user.id is not None
    return Staff(user.id, user.username, user.display_name, user.role, user.county,
                 user.township, time.time() if now is None else now, user.session_version,
                 sid or secrets.token_urlsafe(16))


def _decode(request: Request) -> Staff | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw or len(raw) > 2000:
        return None
    try:
        data: Any = _serializer().loads(raw)
        return Staff(int(data["u"]), str(data["n"]), str(data["d"]), str(data["r"]),
                     data["c"], data["w"], float(data["t"]), int(data["v"]), str(data["s"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def session_id(request: Request) -> str:
    """The random id of the session the request's cookie names, even an expired one ("" when
    none): the CSRF token is bound to it."""
    staff = _decode(request)
    return staff.sid if staff is not None else ""


def read_session(request: Request, now: float | None = None) -> tuple[Staff | None, bool]:
    """(staff, expired): the signed-in staff member, or None; expired when it timed out.
    The account's ``session_version`` is checked by the caller, against the database."""
    staff = _decode(request)
    if staff is None:
        return None, False
    now = time.time() if now is None else now
    if now - staff.last_seen > get_settings().session_idle_minutes * 60:
        return None, True
    return staff, False


def write_session(response: Response, staff: Staff, now: float | None = None) -> None:
    """Issue (or refresh) the session cookie; the idle clock starts again."""
    settings = get_settings()
    data = {"u": staff.id, "n": staff.username, "d": staff.display_name, "r": staff.role,
            "c": staff.county, "w": staff.township, "t": time.time() if now is None else now,
            "v": staff.version, "s": staff.sid}
    response.set_cookie(SESSION_COOKIE, _serializer().dumps(data), httponly=True,
                        samesite="strict", secure=settings.secure_cookies, path="/staff")


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/staff")


def end_all_sessions(user: User) -> None:
    """Every session of the account ends (the caller commits)."""
    user.session_version = (user.session_version or 0) + 1
