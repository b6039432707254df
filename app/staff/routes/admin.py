"""Administration: accounts (create, disable, reset a password, clear sign-in delays) and the
audit log. Every route takes :data:`AdminStaff`; others get a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.deps import RulebookDep
from app.engine import Rulebook
from app.staff import audit, users
from app.staff.auth import end_all_sessions, find_user, hash_password, password_problem, unlock
from app.staff.db import SessionDep
from app.staff.deps import AdminStaff, CheckedRoute, CsrfForm
from app.staff.formmodels import PasswordResetForm, UserForm, read_form
from app.staff.models import User, UserCreate
from app.staff.web import (
    ACTION_TITLES,
    INVALID_FORM,
    Problem,
    county_items,
    county_title,
    field_errors,
    page,
    translator,
)

from .session import PASSWORD_MESSAGES

router = APIRouter(prefix="/staff", route_class=CheckedRoute)


def users_page(request: Request, session: Session, book: Rulebook, values: dict[str, str],
               errors: list[dict[str, str]], status_code: int = 200) -> Response:
    _ = translator(request)
    return page(request, "staff/users.html", {
        "users": users.all_users(session), "values": values, "errors": errors,
        "county_items": county_items(book, _, _("（不限，管理员）")),
        "county_title": lambda c: county_title(book, c, _),
        "created": request.query_params.get("done", "")[:16],
    }, status_code=status_code)


@router.get("/users")
def user_list(request: Request, session: SessionDep, admin: AdminStaff, book: RulebookDep
              ) -> Response:
    return users_page(request, session, book, {}, [])


@router.post("/users")
async def user_create(request: Request, session: SessionDep, admin: AdminStaff,
                      book: RulebookDep, form: CsrfForm) -> Response:
    _ = translator(request)
    data, errors = read_form(UserForm, form, _)
    values = {k: form.get(k, "").strip()[:100] for k in
              ("username", "display_name", "role", "county", "township")}
    if "username" not in errors and find_user(session, values["username"]) is not None:
        errors["username"] = _("这个用户名已经有人用了（不区分大小写）。")
    if values["role"] == "staff" and not values["county"] and "county" not in errors:
        errors["county"] = _("工作人员必须属于一个县（市、区）。")
    problem = password_problem(form.get("password", ""), values["username"],
                               (values["display_name"],))
    if problem:
        errors["password"] = _(PASSWORD_MESSAGES[problem])
    if errors or data is None:
        return users_page(request, session, book, values, field_errors(errors, list(
            UserForm.model_fields)), INVALID_FORM)
    users.create_user(session, admin, UserCreate(
        username=data.username, display_name=data.display_name, role=data.role,
        county=data.county or None, township=data.township or None, password=data.password))
    return RedirectResponse("/staff/users?done=created", status_code=303)


def _other_user(session: Session, admin: AdminStaff, user_id: int) -> User:
    user = session.get(User, user_id) if 0 < user_id < 2 ** 31 else None
    if user is None or user.id == admin.id:
        raise Problem(404)
    return user


@router.post("/users/{user_id}/active")
async def user_active(session: SessionDep, admin: AdminStaff, user_id: int,
                      form: CsrfForm) -> Response:
    user = _other_user(session, admin, user_id)
    users.set_active(session, admin, user, form.get("active") == "1")
    return RedirectResponse("/staff/users?done=changed", status_code=303)


@router.get("/users/{user_id}/password")
def user_password_form(request: Request, session: SessionDep, admin: AdminStaff, user_id: int
                       ) -> Response:
    user = _other_user(session, admin, user_id)
    return page(request, "staff/reset.html", {"user": user, "errors": [], "error": None})


@router.post("/users/{user_id}/password")
async def user_password_reset(request: Request, session: SessionDep, admin: AdminStaff,
                              user_id: int, form: CsrfForm) -> Response:
    """An administrator sets a new password for another account; its sessions end."""
    _ = translator(request)
    user = _other_user(session, admin, user_id)
    data, errors = read_form(PasswordResetForm, form, _)
    if data is not None:
        problem = password_problem(data.new_password, user.username, (user.display_name,))
        if problem:
            errors["new_password"] = _(PASSWORD_MESSAGES[problem])
    if errors or data is None:
        return page(request, "staff/reset.html", {
            "user": user, "errors": field_errors(errors), "error": errors["new_password"]},
            status_code=INVALID_FORM)
    user.password_hash = await run_in_threadpool(hash_password, data.new_password)
    end_all_sessions(user)
    session.add(user)
    audit.record(session, admin, "password_reset", detail=f"user={user.id}")
    session.commit()
    return RedirectResponse("/staff/users?done=reset", status_code=303)


@router.post("/users/{user_id}/unlock")
async def user_unlock(session: SessionDep, admin: AdminStaff, user_id: int,
                      form: CsrfForm) -> Response:
    """Clear the account's sign-in delays from every address."""
    user = _other_user(session, admin, user_id)
    cleared = unlock(session, user.username)
    audit.record(session, admin, "unlock", detail=f"user={user.id} keys={cleared}")
    session.commit()
    return RedirectResponse("/staff/users?done=unlocked", status_code=303)


@router.get("/audit")
def audit_log(request: Request, session: SessionDep, admin: AdminStaff,
              page_no: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    entries = audit.recent(session, limit=200, offset=(page_no - 1) * 200)
    return page(request, "staff/audit.html", {"entries": entries, "page_no": page_no,
                                              "action_titles": ACTION_TITLES})
