"""Routes of the staff area, ``/staff``; the app includes `router`.

Every state-changing form carries a CSRF token (a POST without a valid one is a 403). A case
of another county is a 404. If the database is down, a signed-in staff member can still
screen; saving says clearly that nothing was saved.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from sqlmodel import Session, select

from app.codec import display, read_facts
from app.deps import RulebookDep
from app.engine import Rulebook, screen
from app.present import STATUS_TITLES, Presenter, for_people, get_presenter, today
from app.settings import get_settings
from app.web.templating import page_context, render

from . import audit, cases, csrf, export, forms, users
from .auth import (
    WARN_BEFORE,
    Staff,
    authenticate,
    end_session,
    read_session,
    staff_from_user,
    write_session,
)
from .db import DatabaseError, SessionDep
from .models import CONSENT_VERSION, COUNTIES, FOLLOW_UP, Case, User, UserCreate


def N_(message: str) -> str:
    return message


FOLLOW_UP_TITLES = {"to_apply": N_("待申请"), "applied": N_("已申请"), "granted": N_("已获批"),
                    "refused": N_("未获批")}
STATUS_COLOURS = {"eligible": "green", "not_eligible": "grey", "undetermined": "", "not_in_force":
                  "grey"}
OUTCOME_TITLES = {"met": N_("满足"), "unmet": N_("不满足"), "unknown": N_("不清楚"),
                  "excluded": N_("排除情形成立"), "not_excluded": N_("排除情形不成立")}
ROLE_TITLES = {"staff": N_("工作人员"), "admin": N_("管理员")}
ACTION_TITLES = {
    "login": N_("登录"), "login_failed": N_("登录失败"), "logout": N_("退出"), "view": N_("查看"),
    "save": N_("保存"), "change": N_("修改"), "rescreen": N_("重新筛查"), "print": N_("打印"),
    "export": N_("导出"), "delete": N_("删除"), "purge": N_("到期删除"),
    "user_create": N_("新建账号"), "user_change": N_("修改账号"),
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
                kept = await answers_to_keep(request)
                if kept:
                    # the session ended while answers were being typed: keep them through
                    # signing in again, and give them back on the one-page form
                    response = page(request, "staff/login.html", {
                        "expired": exc.expired, "out": False, "username": "", "errors": [],
                        "kept": kept}, status_code=401)
                    end_session(response)
                    return response
                target = "/staff/login" + ("?expired=1" if exc.expired else "")
                response = RedirectResponse(target, status_code=303)
                end_session(response)
                return response
            except Problem as exc:
                response = error_page(request, exc.status)
            except DatabaseError:
                response = error_page(request, 503)
            staff = getattr(request.state, "staff", None)
            if staff is not None and not getattr(request.state, "signed_out", False):
                write_session(response, staff)
            new_csrf = getattr(request.state, "csrf_new", None)
            if new_csrf:
                csrf.set_cookie(response, new_csrf)
            response.headers.setdefault("Cache-Control", "no-store")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            response.headers.setdefault("X-Frame-Options", "DENY")
            return response

        return handler


router = APIRouter(prefix="/staff", route_class=StaffRoute, include_in_schema=False)


# -- helpers
def translator(request: Request) -> Callable[[str], str]:
    return page_context(request)["_"]  # type: ignore[no-any-return]


_ = translator  # the name app/roster/routes.py imports


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


KEEP = "keep."


async def answers_to_keep(request: Request) -> dict[str, str]:
    """The answers of a screening form posted after the session ended (nothing else)."""
    if request.method != "POST" or request.url.path not in ("/staff/screen", "/staff/cases"):
        return {}
    form = await request.form()
    book = request.app.state.rulebook
    return {k: v for k, v in form.items()
            if isinstance(v, str) and v and k in book.facts}


def current_staff(request: Request, session: Session, offline_ok: bool = False) -> Staff:
    """The signed-in, still active staff member; with ``offline_ok`` the signed cookie alone
    is trusted while the database is unreachable (screening works without it)."""
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
        user = None
        fresh = Staff(staff.id, staff.username, staff.display_name, staff.role, staff.county,
                      staff.township, time.time())
    else:
        if user is None or not user.active:
            raise LoginRequired()
        fresh = staff_from_user(user)
    request.state.staff = fresh
    return fresh


def require_admin(request: Request, session: Session) -> Staff:
    staff = current_staff(request, session)
    if not staff.is_admin:
        raise Problem(404)
    return staff


async def checked_form(request: Request) -> dict[str, Any]:
    """The submitted form, refused with a 403 unless its CSRF token is valid."""
    form = await request.form()
    data = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    if not csrf.valid(request, data.get(csrf.FIELD)):
        raise Problem(403)
    return data


def csrf_token(request: Request) -> str:
    value, new = csrf.browser_value(request)
    if new:
        request.state.csrf_new = value
        request.state.csrf_value = value
    return csrf.token_for(getattr(request.state, "csrf_value", value))


def local_time(moment: dt.datetime) -> str:
    """A UTC moment as Beijing time, HH:MM."""
    return (moment.astimezone(dt.timezone(dt.timedelta(hours=8)))).strftime("%H:%M")


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
        "retention_days": settings.retention_days,
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


# -- signing in and out
@router.get("/login")
def login_form(request: Request, expired: int = 0, out: int = 0) -> Response:
    return page(request, "staff/login.html", {"expired": bool(expired), "out": bool(out),
                                              "username": "", "errors": []})


@router.post("/login")
async def login(request: Request, session: SessionDep) -> Response:
    form = await checked_form(request)
    _ = translator(request)
    username = form.get("username", "").strip()[:64]
    password = form.get("password", "")
    errors: list[dict[str, str]] = []
    if not username:
        errors.append({"text": _("请输入用户名。"), "href": "#username", "field": "username"})
    if not password:
        errors.append({"text": _("请输入密码。"), "href": "#password", "field": "password"})
    status = 400
    if not errors:
        try:
            user, why = authenticate(session, username, password, client_address(request))
        except DatabaseError:
            session.rollback()
            user, why = None, "db"
        if user is not None:
            staff = staff_from_user(user)
            audit.record(session, staff, "login")
            session.commit()
            request.state.staff = staff
            kept = {k[len(KEEP):]: v for k, v in form.items() if k.startswith(KEEP)}
            if kept:
                book = request.app.state.rulebook
                return form_page(request, book, forms.read_raw(book, kept), {})
            response = RedirectResponse("/staff", status_code=303)
            request.state.csrf_new = csrf.new_value()  # a new CSRF value for the new session
            return response
        if why == "db":
            status = 503
            errors.append({"text": _("数据库暂时无法连接，现在无法登录。请稍后再试。"),
                           "href": "#username", "field": ""})
        elif why == "locked":
            status = 429
            errors.append({"text": _("登录失败次数太多，已暂时锁定。请15分钟后再试，"
                                     "或请管理员帮助。"), "href": "#username", "field": ""})
        else:
            status = 401
            try:
                audit.record(session, None, "login_failed")
                session.commit()
            except DatabaseError:
                session.rollback()
            errors.append({"text": _("用户名或密码不正确。"), "href": "#username",
                           "field": ""})
    kept = {k: v for k, v in form.items() if k.startswith(KEEP)}
    return page(request, "staff/login.html", {"username": username, "errors": errors,
                                              "expired": False, "out": False,
                                              "kept": {k[len(KEEP):]: v for k, v in kept.items()}},
                status_code=status)


@router.post("/logout")
async def logout(request: Request, session: SessionDep) -> Response:
    await checked_form(request)
    staff, _expired = read_session(request)
    if staff is not None:
        try:
            audit.record(session, staff, "logout")
            session.commit()
        except DatabaseError:
            session.rollback()
    request.state.signed_out = True
    response = RedirectResponse("/staff/login?out=1", status_code=303)
    end_session(response)
    return response


@router.post("/keepalive")
async def keepalive(request: Request, session: SessionDep) -> Response:
    """"Stay signed in": the session's idle clock starts again; back to the page."""
    form = await checked_form(request)
    current_staff(request, session, offline_ok=True)
    if form.get("js") == "1":
        return Response(status_code=204)
    target = form.get("next", "/staff")
    if not target.startswith("/staff") or "//" in target or "\\" in target:
        target = "/staff"
    return RedirectResponse(target, status_code=303)


# -- cases
def filters_from(request: Request) -> cases.Filters:
    q = request.query_params
    return cases.Filters(q=q.get("q", "").strip()[:100], program=q.get("program", ""),
                         status=q.get("status", ""), follow_up=q.get("follow_up", ""),
                         changed=q.get("changed") == "1")


@router.get("")
def case_list(request: Request, session: SessionDep, book: RulebookDep) -> Response:
    staff = current_staff(request, session)
    cases.purge_expired(session, get_settings().retention_days)
    f = filters_from(request)
    found = cases.list_cases(session, staff, f)
    _ = translator(request)
    return page(request, "staff/cases.html", {
        "cases": found, "filters": f, "stale": cases.stale_count(session, staff, book),
        "book": book, "programs": [(p.id, _(p.model.title)) for p in book.programs.values()],
        "titles": {p.id: _(p.model.title) for p in book.programs.values()},
        "county_title": lambda c: county_title(book, c, _),
        "notice": request.query_params.get("done", ""),
        "rescreened": request.query_params.get("n", ""),
        "changed_count": request.query_params.get("c", ""),
        "export_query": str(request.url.query),
    })


@router.post("/rescreen")
async def rescreen_all(request: Request, session: SessionDep, book: RulebookDep) -> Response:
    await checked_form(request)
    staff = current_staff(request, session)
    done, changed = cases.rescreen(session, staff, book)
    return RedirectResponse(f"/staff?done=rescreened&n={done}&c={changed}"
                            + ("&changed=1" if changed else ""), status_code=303)


@router.get("/export.{fmt}")
def export_cases(fmt: str, request: Request, session: SessionDep, book: RulebookDep
                 ) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise Problem(404)
    staff = current_staff(request, session)
    found = cases.list_cases(session, staff, filters_from(request), limit=100_000)
    _ = translator(request)
    rows = export.table(found, book, _, {k: _(v) for k, v in FOLLOW_UP_TITLES.items()})
    audit.record(session, staff, "export", detail=f"{fmt} rows={len(found)}")
    session.commit()
    stamp = today().isoformat()
    if fmt == "csv":
        body, media = export.to_csv(rows), "text/csv; charset=utf-8"
    else:
        body = export.to_xlsx(rows, _("案件"))
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="cases-{stamp}.{fmt}"'})


def load_case(request: Request, session: Session, case_id: int) -> tuple[Staff, Case]:
    staff = current_staff(request, session)
    case = cases.get_case(session, staff, case_id)
    if case is None:
        raise Problem(404)
    return staff, case


def case_context(request: Request, book: Rulebook, case: Case) -> dict[str, Any]:
    _ = translator(request)
    presenter = get_presenter(book, page_context(request)["lang"])
    facts, _problems = read_facts(book, {k: v for k, v in case.answers.items()
                                         if k in book.facts}, on=None, source="json")
    current = case.rulebook_digest == book.digest
    detail = presenter.screening(for_people(screen(book, facts, case.screened_on))) \
        if current else None
    answers = [{"question": presenter.fact(n)["question"],
                "answer": answer_text(presenter, n, case.answers[n], _)}
               for n in book.facts if n in case.answers]
    return {"case": case, "detail": detail, "current": current, "answers": answers,
            "titles": {p.id: _(p.model.title) for p in book.programs.values()},
            "programs": {p.id: presenter.program_detail(p) for p in book.programs.values()},
            "questions": {n: presenter.fact(n)["question"] for n in book.facts},
            "presenter": presenter, "county": county_title(book, case.county, _),
            "book": book}


def answer_text(presenter: Presenter, name: str, value: Any, _: Callable[[str], str]) -> str:
    fact = presenter.fact(name)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if fact["values"]:
        for v in fact["values"]:
            if v["value"] == value:
                return str(v["label"])
    return f"{value} {fact['unit'] or ''}".strip()


@router.get("/cases/{case_id}")
def case_page(case_id: int, request: Request, session: SessionDep, book: RulebookDep
              ) -> Response:
    staff, case = load_case(request, session, case_id)
    audit.record(session, staff, "view", case.id)
    session.commit()
    ctx = case_context(request, book, case)
    ctx["saved"] = request.query_params.get("done", "")
    ctx["errors"] = []
    ctx["note"] = case.follow_up_note
    ctx["follow_up"] = case.follow_up
    return page(request, "staff/case.html", ctx)


@router.get("/cases/{case_id}/print")
def case_print(case_id: int, request: Request, session: SessionDep, book: RulebookDep
               ) -> Response:
    staff, case = load_case(request, session, case_id)
    audit.record(session, staff, "print", case.id)
    session.commit()
    ctx = case_context(request, book, case)
    ctx["printed_on"] = today().isoformat()
    return page(request, "staff/print.html", ctx)


@router.post("/cases/{case_id}/follow-up")
async def case_follow_up(case_id: int, request: Request, session: SessionDep,
                         book: RulebookDep) -> Response:
    form = await checked_form(request)
    staff, case = load_case(request, session, case_id)
    _ = translator(request)
    state = form.get("follow_up", "")
    note = form.get("note", "")
    errors = []
    if state not in FOLLOW_UP:
        errors.append({"text": _("请选择跟进状态。"), "href": "#follow_up", "field": "follow_up"})
    if len(note) > 2000:
        errors.append({"text": _("备注不能超过2000字。"), "href": "#note", "field": "note"})
    if errors:
        ctx = case_context(request, book, case)
        ctx.update({"errors": errors, "note": note, "follow_up": state, "saved": ""})
        return page(request, "staff/case.html", ctx, status_code=400)
    cases.set_follow_up(session, staff, case, state, note.strip())
    return RedirectResponse(f"/staff/cases/{case.id}?done=follow_up", status_code=303)


@router.get("/cases/{case_id}/delete")
def case_delete_confirm(case_id: int, request: Request, session: SessionDep) -> Response:
    _staff, case = load_case(request, session, case_id)
    return page(request, "staff/delete.html", {"case": case})


@router.post("/cases/{case_id}/delete")
async def case_delete(case_id: int, request: Request, session: SessionDep) -> Response:
    await checked_form(request)
    staff, case = load_case(request, session, case_id)
    cases.delete_case(session, staff, case)
    return RedirectResponse("/staff?done=deleted", status_code=303)


# -- assisted screening
def form_page(request: Request, book: Rulebook, raw: dict[str, str],
              problems: dict[str, Any], status_code: int = 200) -> Response:
    _ = translator(request)
    presenter = get_presenter(book, page_context(request)["lang"])
    secs = forms.sections(book, presenter, raw, problems, _)
    return page(request, "staff/screen.html", {"sections": secs,
                                               "errors": forms.error_list(secs),
                                               "keep_form": "screen-form", "keep_edit": "1"},
                status_code=status_code)


@router.get("/screen")
def screen_form(request: Request, session: SessionDep, book: RulebookDep) -> Response:
    current_staff(request, session, offline_ok=True)
    return form_page(request, book, {}, {})


def results_page(request: Request, book: Rulebook, raw: dict[str, str], facts: dict[str, Any],
                 extra: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    _ = translator(request)
    presenter = get_presenter(book, page_context(request)["lang"])
    on = today()
    result = presenter.screening(for_people(screen(book, facts, on)))
    ctx: dict[str, Any] = {
        "result": result, "raw": raw, "errors": [], "name": "", "phone": "", "consent": False,
        "questions": {n: presenter.fact(n)["question"] for n in book.facts},
        "titles": {p.id: _(p.model.title) for p in book.programs.values()},
        "consent_version": CONSENT_VERSION, "save_failed": False,
        "keep_form": "answers-form",  # staying signed in shows these results again
    }
    if extra:
        ctx.update(extra)
    return page(request, "staff/results.html", ctx, status_code=status_code)


@router.post("/screen")
async def screen_submit(request: Request, session: SessionDep, book: RulebookDep) -> Response:
    form = await checked_form(request)
    current_staff(request, session, offline_ok=True)
    raw = forms.read_raw(book, form)
    facts, problems = forms.parse(book, raw)
    if problems or form.get("edit"):
        return form_page(request, book, raw, problems, 400 if problems else 200)
    return results_page(request, book, raw, facts)


@router.post("/cases")
async def case_save(request: Request, session: SessionDep, book: RulebookDep) -> Response:
    form = await checked_form(request)
    staff = current_staff(request, session, offline_ok=True)
    _ = translator(request)
    raw = forms.read_raw(book, form)
    facts, problems = forms.parse(book, raw)
    if problems:
        return form_page(request, book, raw, problems, 400)
    name = form.get("applicant_name", "").strip()
    phone = form.get("applicant_phone", "").strip()
    consent = form.get("consent") == "yes"
    errors = []
    if not consent:
        errors.append({"text": _("保存前，请先向申请人读出告知内容，并在取得同意后勾选。"),
                       "href": "#consent", "field": "consent"})
    if len(name) > 50:
        errors.append({"text": _("姓名不能超过50个字。"), "href": "#applicant_name",
                       "field": "applicant_name"})
    if phone and (len(phone) > 20 or not all(c.isdigit() or c in " +-" for c in phone)):
        errors.append({"text": _("电话号码只能包含数字、空格、加号和减号，最多20位。"),
                       "href": "#applicant_phone", "field": "applicant_phone"})
    county = staff.county or facts.get("county") or ""
    if not county:
        errors.append({"text": _("请在筛查表中选择办事的县（市、区），案件按县保存。"),
                       "href": "#consent", "field": "county"})
    keep = {"name": name, "phone": phone, "consent": consent}
    if errors:
        return results_page(request, book, raw, facts, {**keep, "errors": errors}, 400)
    from .cases import answers_json

    try:
        if getattr(request.state, "db_down", False):
            raise DatabaseError("database unreachable")
        case = cases.save_case(session, staff, book, answers_json(facts), today(),
                               consent=True, name=name or None, phone=phone or None,
                               county=county)
    except DatabaseError:
        session.rollback()
        return results_page(request, book, raw, facts, {**keep, "save_failed": True}, 503)
    return RedirectResponse(f"/staff/cases/{case.id}?done=saved", status_code=303)


# -- administration
@router.get("/users")
def user_list(request: Request, session: SessionDep, book: RulebookDep) -> Response:
    require_admin(request, session)
    return users_page(request, session, book, {}, [])


def users_page(request: Request, session: Session, book: Rulebook, values: dict[str, str],
               errors: list[dict[str, str]], status_code: int = 200) -> Response:
    _ = translator(request)
    return page(request, "staff/users.html", {
        "users": users.all_users(session), "values": values, "errors": errors,
        "county_items": county_items(book, _, _("（不限，管理员）")),
        "county_title": lambda c: county_title(book, c, _),
        "created": request.query_params.get("done", ""),
    }, status_code=status_code)


@router.post("/users")
async def user_create(request: Request, session: SessionDep, book: RulebookDep) -> Response:
    form = await checked_form(request)
    admin = require_admin(request, session)
    _ = translator(request)
    values = {k: form.get(k, "").strip() for k in
              ("username", "display_name", "role", "county", "township")}
    password = form.get("password", "")
    errors = []
    name = values["username"]
    if not (3 <= len(name) <= 64 and all(c.isalnum() or c in "._-" for c in name)
            and name.isascii()):
        errors.append({"text": _("用户名要3到64个字符，只能用英文字母、数字、点、减号和下划线。"),
                       "href": "#username", "field": "username"})
    elif session.exec(select(User).where(User.username == name)).first():
        errors.append({"text": _("这个用户名已经有人用了。"), "href": "#username",
                       "field": "username"})
    if values["role"] not in ("staff", "admin"):
        errors.append({"text": _("请选择角色。"), "href": "#role", "field": "role"})
    if values["county"] and values["county"] not in COUNTIES:
        values["county"] = ""
    if values["role"] == "staff" and not values["county"]:
        errors.append({"text": _("工作人员必须属于一个县（市、区）。"), "href": "#county",
                       "field": "county"})
    if len(password) < 10:
        errors.append({"text": _("密码至少要10个字符。"), "href": "#password",
                       "field": "password"})
    if len(values["display_name"]) > 100 or len(values["township"]) > 100:
        errors.append({"text": _("姓名和乡镇（街道）、村（社区）不能超过100个字。"),
                       "href": "#display_name", "field": "display_name"})
    if errors:
        return users_page(request, session, book, values, errors, 400)
    users.create_user(session, admin, UserCreate(
        username=name, display_name=values["display_name"], role=values["role"],
        county=values["county"] or None, township=values["township"] or None,
        password=password))
    return RedirectResponse("/staff/users?done=created", status_code=303)


@router.post("/users/{user_id}/active")
async def user_active(user_id: int, request: Request, session: SessionDep) -> Response:
    form = await checked_form(request)
    admin = require_admin(request, session)
    user = session.get(User, user_id)
    if user is None or user.id == admin.id:
        raise Problem(404)
    users.set_active(session, admin, user, form.get("active") == "1")
    return RedirectResponse("/staff/users?done=changed", status_code=303)


@router.get("/audit")
def audit_log(request: Request, session: SessionDep, page_no: int = 1) -> Response:
    require_admin(request, session)
    page_no = max(1, page_no)
    entries = audit.recent(session, limit=200, offset=(page_no - 1) * 200)
    return page(request, "staff/audit.html", {"entries": entries, "page_no": page_no,
                                              "action_titles": ACTION_TITLES,
                                              "local_time": lambda d: d.astimezone(
                                                  dt.timezone(dt.timedelta(hours=8))
                                              ).strftime("%Y-%m-%d %H:%M")})
