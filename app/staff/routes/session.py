"""Signing in and out, staying signed in, and changing one's own password."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.i18n import N_
from app.staff import audit, csrf, forms
from app.staff.auth import (
    authenticate,
    end_all_sessions,
    end_session,
    hash_password,
    password_problem,
    read_session,
    staff_from_user,
)
from app.staff.db import DatabaseError, SessionDep
from app.staff.deps import CheckedRoute, CsrfForm, CurrentStaff, OfflineStaff
from app.staff.formmodels import LoginForm, PasswordChangeForm, read_form
from app.staff.models import User
from app.staff.web import INVALID_FORM, KEEP, field_errors, page, translator

router = APIRouter(prefix="/staff", route_class=CheckedRoute)


WAIT_MESSAGE = N_("这个账号在这台设备上登录失败太多次。请等{seconds}秒再试，或请管理员解除限制。")
PASSWORD_MESSAGES = {
    "short": N_("密码至少要10个字符。"),
    "long": N_("密码不能超过200个字符。"),
    "username": N_("密码里不能有用户名。"),
    "weak": N_("这个密码太常见或太容易猜到。请用几个不相关的词或更长的句子。"),
}


@router.get("/login")
def login_form(request: Request, expired: int = 0, out: int = 0) -> Response:
    return page(request, "staff/login.html", {"expired": bool(expired), "out": bool(out),
                                              "username": "", "errors": []})


@router.post("/login")
async def login(request: Request, session: SessionDep, form: CsrfForm) -> Response:
    _ = translator(request)
    data, errors = read_form(LoginForm, form, _)
    username = form.get("username", "").strip()[:64]
    status = INVALID_FORM
    summary = field_errors(errors)
    kept = {k[len(KEEP):]: v for k, v in form.items() if k.startswith(KEEP)}
    if data is not None:
        from app.staff.auth import client_address

        try:
            # argon2 takes most of a second of CPU: off the event loop, so that sign-in
            # attempts do not slow every other page
            result = await run_in_threadpool(authenticate, session, data.username,
                                             data.password, client_address(request))
        except DatabaseError:
            session.rollback()
            result = None
        if result is not None and result.user is not None:
            staff = staff_from_user(result.user)
            audit.record(session, staff, "login")
            session.commit()
            request.state.staff = staff
            request.state.sid = staff.sid  # this response's forms belong to the new session
            request.state.csrf_new = request.state.csrf_value = csrf.new_value()
            if kept:
                from .screening import form_page

                book = request.app.state.rulebook
                return form_page(request, book, forms.read_raw(book, kept), {})
            return RedirectResponse("/staff", status_code=303)
        if result is None:
            status = 503
            summary = [{"text": _("数据库暂时无法连接，现在无法登录。请稍后再试。"),
                        "href": "#username", "field": ""}]
        elif result.reason == "wait":
            status = 429
            summary = [{"text": _(WAIT_MESSAGE).format(seconds=result.wait),
                        "href": "#username", "field": ""}]
        else:
            status = 401
            summary = [{"text": _("用户名或密码不正确。"), "href": "#username", "field": ""}]
    return page(request, "staff/login.html", {"username": username, "errors": summary,
                                              "expired": False, "out": False, "kept": kept},
                status_code=status)


@router.post("/logout")
async def logout(request: Request, session: SessionDep, form: CsrfForm) -> Response:
    """Ends every session of the account (a cookie copied before no longer works)."""
    staff, _expired = read_session(request)
    if staff is not None:
        try:
            user = session.get(User, staff.id)
            if user is not None and user.session_version == staff.version:
                end_all_sessions(user)
                session.add(user)
                audit.record(session, staff, "logout")
            session.commit()
        except DatabaseError:
            session.rollback()
    request.state.signed_out = True
    response = RedirectResponse("/staff/login?out=1", status_code=303)
    end_session(response)
    return response


@router.post("/keepalive")
async def keepalive(staff: OfflineStaff, form: CsrfForm) -> Response:
    """"Stay signed in": the session's idle clock starts again; back to the page."""
    if form.get("js") == "1":
        return Response(status_code=204)
    target = form.get("next", "/staff")
    if not target.startswith("/staff") or "//" in target or "\\" in target:
        target = "/staff"
    return RedirectResponse(target, status_code=303)


@router.get("/password")
def password_form(request: Request, staff: CurrentStaff) -> Response:
    return page(request, "staff/password.html", {"errors": [], "done": False})


@router.post("/password")
async def password_change(request: Request, session: SessionDep, staff: CurrentStaff,
                          form: CsrfForm) -> Response:
    """Change one's own password: the current one is checked; every session ends, and this
    browser gets a new one."""
    _ = translator(request)
    data, errors = read_form(PasswordChangeForm, form, _)
    user = session.get(User, staff.id)
    assert user is not None
    if data is not None:
        # checked as a sign-in is (throttled, counted, audited): a signed-in screen left
        # unattended must not let anyone try passwords without limit
        from app.staff.auth import client_address

        check = await run_in_threadpool(authenticate, session, user.username,
                                        data.current_password, client_address(request))
        if check.reason == "wait":
            errors["current_password"] = _(WAIT_MESSAGE).format(seconds=check.wait)
        elif check.user is None:
            errors["current_password"] = _("现在的密码不正确。")
        problem = password_problem(data.new_password, user.username, (user.display_name,))
        if problem:
            errors["new_password"] = _(PASSWORD_MESSAGES[problem])
        elif data.confirm_password != data.new_password:
            errors["confirm_password"] = _(PasswordChangeForm.MESSAGES["confirm_password"])
    if errors or data is None:
        return page(request, "staff/password.html", {"errors": field_errors(errors),
                                                     "done": False}, INVALID_FORM)
    user.password_hash = await run_in_threadpool(hash_password, data.new_password)
    end_all_sessions(user)
    session.add(user)
    audit.record(session, staff, "password_change")
    session.commit()
    fresh = staff_from_user(user)
    request.state.staff = fresh
    request.state.sid = fresh.sid
    request.state.csrf_new = request.state.csrf_value = csrf.new_value()
    return page(request, "staff/password.html", {"errors": [], "done": True})
