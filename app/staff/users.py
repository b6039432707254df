"""Staff accounts: admins create and disable them."""

from __future__ import annotations

from sqlmodel import Session, col, select

from . import audit
from .auth import Staff, end_all_sessions, hash_password
from .models import User, UserCreate


def create_user(session: Session, by: Staff | None, data: UserCreate) -> User:
    user = User.model_validate(data, update={"password_hash": hash_password(data.password)})
    session.add(user)
    session.flush()
    audit.record(session, by, "user_create", detail=f"user={user.id} role={user.role}",
                 username="cli")
    session.commit()
    return user


def set_active(session: Session, by: Staff, user: User, active: bool) -> None:
    """Disable (every session of the account ends at once) or enable an account."""
    user.active = active
    if not active:
        end_all_sessions(user)
    session.add(user)
    audit.record(session, by, "user_change", detail=f"user={user.id} active={active}")
    session.commit()


def all_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.county), col(User.username))).all())
