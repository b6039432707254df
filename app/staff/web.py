"""What every staff page shares: the route class that turns the area's errors into HTML pages
and refreshes the session and CSRF cookies, the page renderer, and the area's labels.

Errors: :class:`LoginRequired` (to the sign-in page), :class:`Problem` (403 bad CSRF token,
404 not found or not yours, 405, 503 database), a database error (503) and a request that does
not validate (a bad path or query parameter: 404) all become the staff error page, never JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from app.codec import display
from app.engine import Rulebook
from app.i18n import N_
from app.present import STATUS_TITLES
from app.settings import get_settings
from app.web.errors import error_response
from app.web.templating import page_context, render

from . import csrf
from .auth import WARN_BEFORE, Staff, end_session, session_id, write_session
from .db import DatabaseError
from .models import COUNTIES

# Invalid forms in the staff area answer this, everywhere (as the JSON API does).
INVALID_FORM = 422
# China keeps one time zone and no daylight saving: Asia/Shanghai is UTC+8 all year. A fixed
# offset needs no tz database in the image.
LOCAL_TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


FOLLOW_UP_TITLES = {"to_apply": N_("待申请"), "applied": N_("已申请"), "granted": N_("已获批"),
                    "refused": N_("未获批")}
STATUS_COLOURS = {"eligible": "green", "not_eligible": "grey", "undetermined": "", "not_in_force":
                  "grey"}
OUTCOME_TITLES = {"met": N_("满足"), "unmet": N_("不满足"), "unknown": N_("不清楚"),
                  "excluded": N_("排除情形成立"), "not_excluded": N_("排除情形不成立")}
ROLE_TITLES = {"staff": N_("工作人员"), "admin": N_("管理员")}
ACTION_TITLES = {
    "login": N_("登录"), "login_failed": N_("登录失败"), "logout": N_("退出"), "view": N_("查看"),
    "save": N_("保存"), "change": N_("修改"), "edit": N_("修改回答并重新筛查"),
    "rescreen": N_("重新筛查"), "print": N_("打印"), "export": N_("导出"), "delete": N_("删除"),
    "purge": N_("到期删除"), "user_create": N_("新建账号"), "user_change": N_("修改账号"),
    "password_change": N_("修改密码"), "password_reset": N_("重设密码"),
    "unlock": N_("解除登录限制"), "roster": N_("按名单批量筛查"),
}


# -- errors that become pages
class LoginRequired(Exception):
    def __init__(self, expired: bool = False) -> None:
        self.expired = expired


class Problem(Exception):
    """An error page: 403 (bad CSRF token), 404 (not found or not yours), 503 (database)."""

    def __init__(self, status: int) -> None:
        self.status = status


class StaffRoute(APIRoute):
    """Turns the area's errors into pages and refreshes the session and CSRF cookies."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                response = await original(request)
            except LoginRequired as exc:
                return await login_again(request, exc.expired)
            except Problem as exc:
                response = error_page(request, exc.status)
            except RequestValidationError:
                response = error_page(request, 404)
            except DatabaseError:
                response = error_page(request, 503)
            except HTTPException as exc:
                # Starlette's own refusals (a form of too many fields: 400) are JSON from
                # FastAPI's handler: a staff URL answers a page
                if exc.status_code != 400:
                    raise
                response = error_response(request.scope, exc.status_code)
            staff = getattr(request.state, "staff", None)
            if staff is not None and not getattr(request.state, "signed_out", False):
                write_session(response, staff)
            new_csrf = getattr(request.state, "csrf_new", None)
            if new_csrf:
                csrf.set_cookie(response, new_csrf)
            return response

        return handler


async def login_again(request: Request, expired: bool) -> Response:
    kept = await answers_to_keep(request)
    if kept:
        # the session ended while answers were being typed: keep them through signing in
        # again, and give them back on the one-page form
        request.state.sid = ""  # the session cookie is deleted: the sign-in form has none
        response = page(request, "staff/login.html", {
            "expired": expired, "out": False, "username": "", "errors": [], "kept": kept},
            status_code=401)
        end_session(response)
        new_csrf = getattr(request.state, "csrf_new", None)
        if new_csrf:
            csrf.set_cookie(response, new_csrf)
        return response
    response = RedirectResponse("/staff/login" + ("?expired=1" if expired else ""),
                                status_code=303)
    end_session(response)
    return response


KEEP = "keep."  # prefix of the answers carried through signing in again
MAX_KEPT_FIELDS = 200  # as app.staff.deps.MAX_FORM_FIELDS (the screening form has about 60)


async def answers_to_keep(request: Request) -> dict[str, str]:
    """The answers of a screening form posted after the session ended (nothing else)."""
    if request.method != "POST" or request.url.path not in ("/staff/screen", "/staff/cases"):
        return {}
    try:
        form = await request.form(max_fields=MAX_KEPT_FIELDS, max_files=0)
    except HTTPException:  # not a screening form (too many fields): nothing to keep
        return {}
    book = request.app.state.rulebook
    return {k: v for k, v in form.items()
            if isinstance(v, str) and v and k in book.facts}


# -- helpers
def translator(request: Request) -> Callable[[str], str]:
    return page_context(request)["_"]  # type: ignore[no-any-return]


def csrf_token(request: Request) -> str:
    """The token for this page's forms: of the browser's CSRF cookie and the session."""
    value, new = csrf.browser_value(request)
    if getattr(request.state, "csrf_value", None) is None:
        if new:
            request.state.csrf_new = value
        request.state.csrf_value = getattr(request.state, "csrf_new", None) or value
    sid = getattr(request.state, "sid", None)
    return csrf.token_for(request.state.csrf_value, session_id(request) if sid is None else sid)


def local_time(moment: dt.datetime, fmt: str = "%H:%M") -> str:
    """A stored (UTC) moment in Asia/Shanghai time; naive moments are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(LOCAL_TZ).strftime(fmt)


def local_today() -> dt.date:
    """Today in Asia/Shanghai: the default screening date."""
    return dt.datetime.now(LOCAL_TZ).date()


def amount_text(amount: dict[str, Any] | None, _: Callable[[str], str]) -> str | None:
    """An amount dict (value, unit, per) in the one wording of :mod:`app.codec.display`."""
    if amount is None or amount.get("value") is None:
        return None
    return display.amount_text(amount["value"], amount.get("unit") or "", amount.get("per"),
                               _).strip()


def page(request: Request, template: str, context: dict[str, Any] | None = None,
         status_code: int = 200) -> Response:
    """Render a staff page: the session notice, navigation, CSRF token and shared labels."""
    _ = translator(request)
    settings = get_settings()
    staff: Staff | None = getattr(request.state, "staff", None)
    ctx: dict[str, Any] = {
        "staff": staff, "csrf_token": csrf_token(request),
        "service_name": _("百色市残疾人权益筛查 · 工作人员"), "service_href": "/staff",
        "status_titles": STATUS_TITLES, "status_colours": STATUS_COLOURS,
        "follow_up_titles": FOLLOW_UP_TITLES, "role_titles": ROLE_TITLES,
        "amount_text": lambda a: amount_text(a, _), "here": request.url.path,
        "db_down": getattr(request.state, "db_down", False),
        "outcome_titles": OUTCOME_TITLES, "config_minutes": settings.session_idle_minutes,
        "retention_days": settings.retention_days, "local_time": local_time,
    }
    if staff is not None:
        ends = staff.ends_at()
        ctx["session_ends"] = local_time(ends)
        ctx["session_ends_epoch"] = int(ends.timestamp())
        ctx["session_warn_seconds"] = int(WARN_BEFORE.total_seconds())
    if context:
        ctx.update(context)
    return render(request, template, ctx, status_code=status_code)


def error_page(request: Request, status: int) -> Response:
    return page(request, "staff/error.html", {"status": status}, status_code=status)


def county_title(book: Rulebook, county: str | None, _: Callable[[str], str]) -> str:
    values = book.facts["county"].values or {} if "county" in book.facts else {}
    return _(values[county]) if county in values else (county or "")


def county_items(book: Rulebook, _: Callable[[str], str], blank: str) -> list[dict[str, str]]:
    values = book.facts["county"].values or {} if "county" in book.facts else {}
    return [{"value": "", "text": blank}] + [
        {"value": c, "text": _(values.get(c, c))} for c in COUNTIES]


def field_errors(errors: dict[str, str], order: list[str] | None = None
                 ) -> list[dict[str, str]]:
    """{field: message} as the error summary's entries, linking to each field."""
    names = order or list(errors)
    return [{"text": errors[n], "href": f"#{n}", "field": n} for n in names if n in errors]
