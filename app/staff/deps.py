"""The staff area's dependencies, in the style of the FastAPI full-stack template
(``CurrentUser``, ``SessionDep``): a route states what it needs in its signature and cannot
forget the check.

- :data:`CurrentStaff`: the signed-in, active staff member whose session has not been ended
  (else the sign-in page). :data:`OfflineStaff` trusts the signed cookie alone while the
  database is down (screening works without it). :data:`AdminStaff`: an administrator (else a
  404, as for a page that does not exist).
- :data:`CsrfForm`: the posted form, as {name: text}, refused (403) unless its CSRF token
  belongs to this browser and this session.
- :data:`CaseId`: a case id in the database's range (ids at or above 2^63 are a 404).

:class:`CheckedRoute` refuses, when the app starts, a POST route without :data:`CsrfForm` and
a route without a staff dependency that is not in :data:`PUBLIC`.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.dependencies.models import Dependant
from sqlmodel import Session

from . import csrf
from .auth import Staff, read_session, staff_from_user
from .db import DatabaseError, SessionDep, get_session
from .models import User
from .web import LoginRequired, Problem, StaffRoute

# Routes that need no sign-in.
PUBLIC = frozenset({"/staff/login", "/staff/logout", "/staff/{rest:path}"})
MAX_FORM_FIELDS = 200


def current_staff(request: Request, session: Session, offline_ok: bool = False) -> Staff:
    """The signed-in, still active staff member whose session was not ended; with
    ``offline_ok`` the signed cookie alone is trusted while the database is unreachable."""
    staff, expired = read_session(request)
    if staff is None:
        raise LoginRequired(expired)
    try:
        user = session.get(User, staff.id)
    except DatabaseError:
        if not offline_ok:
            raise
        session.rollback()
        request.state.db_down = True
        fresh = Staff(staff.id, staff.username, staff.display_name, staff.role, staff.county,
                      staff.township, time.time(), staff.version, staff.sid)
    else:
        if user is None or not user.active or user.session_version != staff.version:
            raise LoginRequired()
        fresh = staff_from_user(user, sid=staff.sid)
    request.state.staff = fresh
    return fresh


def require_admin(request: Request, session: Session) -> Staff:
    staff = current_staff(request, session)
    if not staff.is_admin:
        raise Problem(404)
    return staff


def _current(request: Request, session: SessionDep) -> Staff:
    return current_staff(request, session)


def _offline(request: Request, session: SessionDep) -> Staff:
    return current_staff(request, session, offline_ok=True)


def _admin(request: Request, session: SessionDep) -> Staff:
    return require_admin(request, session)


async def csrf_form(request: Request) -> dict[str, str]:
    """The submitted form's text fields, refused with a 403 unless its CSRF token is valid."""
    form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0)
    data = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    if not csrf.valid(request, data.get(csrf.FIELD)):
        raise Problem(403)
    return data


def _case_id(case_id: Annotated[str, Path(max_length=20)]) -> int:
    if not case_id.isascii() or not case_id.isdigit() or not 0 < int(case_id) < 2 ** 63:
        raise Problem(404)
    return int(case_id)


CurrentStaff = Annotated[Staff, Depends(_current)]
OfflineStaff = Annotated[Staff, Depends(_offline)]
AdminStaff = Annotated[Staff, Depends(_admin)]
CsrfForm = Annotated[dict[str, str], Depends(csrf_form)]
CaseId = Annotated[int, Depends(_case_id)]
STAFF_CHECKS = (_current, _offline, _admin)


def _calls(dependant: Dependant) -> set[Any]:
    found = {dependant.call}
    for sub in dependant.dependencies:
        found |= _calls(sub)
    return found


class CheckedRoute(StaffRoute):
    """A staff route that cannot forget its checks: built only if every POST depends on
    :data:`CsrfForm` and every route outside :data:`PUBLIC` on a staff dependency."""

    def __init__(self, path: str, endpoint: Any, **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        calls = _calls(self.dependant)
        if "POST" in self.methods and csrf_form not in calls and self.path not in PUBLIC:
            raise RuntimeError(f"{self.path}: a POST route must take CsrfForm")
        if self.path not in PUBLIC and not calls & set(STAFF_CHECKS):
            raise RuntimeError(f"{self.path}: a staff route must take CurrentStaff, "
                               "OfflineStaff or AdminStaff")


__all__ = ["AdminStaff", "CaseId", "CheckedRoute", "CsrfForm", "CurrentStaff", "OfflineStaff",
           "current_staff", "get_session", "require_admin"]
