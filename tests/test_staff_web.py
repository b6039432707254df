"""The staff pages over HTTP, on SQLite and PostgreSQL: sign-in, CSRF, scoping, saving."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.settings import get_settings
from app.staff.db import get_engine, use_database
from app.staff.models import AuditEntry, Case
from tests.support.staff import PASSWORD, make_user
from tests.support.staff import db_url_fixture as db_url_fixture  # noqa: F401

FORM = {"has_disability_certificate": "true", "hukou": "baise", "county": "youjiang",
        "disability_category": "physical", "disability_grade": "1", "age": "40",
        "needs_long_term_care": "true", "tekun": "false", "work_injury_nursing_allowance": "false"}


def token(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


class Browser:
    """A TestClient with its own cookies, that signs in and posts forms with their token."""

    def __init__(self) -> None:
        from app.main import app

        self.c = TestClient(app)
        self.token = ""

    def get(self, url: str, **kw: object):  # type: ignore[no-untyped-def]
        r = self.c.get(url, **kw)  # type: ignore[arg-type]
        if 'name="csrf_token"' in r.text:
            self.token = token(r.text)
        return r

    def post(self, url: str, data: dict[str, str], csrf: bool = True):  # type: ignore[no-untyped-def]
        body = dict(data)
        if csrf:
            body["csrf_token"] = self.token
        r = self.c.post(url, data=body)
        if 'name="csrf_token"' in r.text:
            self.token = token(r.text)
        return r

    def login(self, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        self.get("/staff/login")
        return self.post("/staff/login", {"username": username, "password": password})

    def save(self, **extra: str):  # type: ignore[no-untyped-def]
        self.get("/staff/screen")
        return self.post("/staff/cases", {**FORM, "consent": "yes", **extra})


@pytest.fixture
def users(db_url: str) -> Iterator[dict[str, object]]:
    with Session(get_engine(db_url)) as s:
        yield {"li": make_user(s, "li", county="youjiang"),
               "huang": make_user(s, "huang", county="napo"),
               "boss": make_user(s, "boss", role="admin", county=None)}


def cases_in(url: str) -> list[Case]:
    with Session(get_engine(url)) as s:
        return list(s.exec(select(Case)).all())


def test_pages_need_sign_in(users: dict) -> None:
    b = Browser()
    for path in ("/staff", "/staff/screen", "/staff/cases/1", "/staff/users", "/staff/audit"):
        r = b.c.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/staff/login"), path


def test_login_sets_a_safe_session_cookie(users: dict) -> None:
    b = Browser()
    b.get("/staff/login")
    r = b.c.post("/staff/login", data={"username": "li", "password": PASSWORD,
                                       "csrf_token": b.token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/staff"
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith("staff_session=")][0]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    assert "Path=/staff" in cookie
    page = b.get("/staff")
    assert page.status_code == 200 and "Li" in page.text
    assert "保持登录" in page.text  # the idle time-out warning and its "stay signed in" form


def test_wrong_password_and_lockout(users: dict) -> None:
    b = Browser()
    r = b.login("li", "not the password")
    assert r.status_code == 401 and "用户名或密码不正确" in r.text
    assert 'value="li"' in r.text  # the username typed is kept
    for _ in range(4):
        b.login("li", "still wrong")
    r = b.login("li")
    assert r.status_code == 429 and "请等" in r.text
    assert b.c.get("/staff", follow_redirects=False).status_code == 303


def test_csrf_refused(users: dict, db_url: str) -> None:
    b = Browser()
    b.get("/staff/login")
    r = b.post("/staff/login", {"username": "li", "password": PASSWORD}, csrf=False)
    assert r.status_code == 403
    b.login("li")
    b.save()
    case_id = cases_in(db_url)[0].id
    for url, data in [(f"/staff/cases/{case_id}/delete", {}),
                      ("/staff/cases", {**FORM, "consent": "yes"}),
                      (f"/staff/cases/{case_id}/follow-up", {"follow_up": "applied"}),
                      ("/staff/rescreen", {}), ("/staff/logout", {})]:
        r = b.c.post(url, data=data)
        assert r.status_code == 403, url
        r = b.c.post(url, data={**data, "csrf_token": "forged"})
        assert r.status_code == 403, url
    assert len(cases_in(db_url)) == 1


def test_consent_required_and_answers_kept(users: dict, db_url: str) -> None:
    b = Browser()
    b.login("li")
    b.get("/staff/screen")
    r = b.post("/staff/cases", {**FORM, "applicant_name": "张三", "applicant_phone": "138"})
    assert r.status_code == 422 and "取得同意" in r.text
    assert 'value="张三"' in r.text and 'name="age" value="40"' in r.text
    assert cases_in(db_url) == []
    r = b.post("/staff/cases", {**FORM, "applicant_name": "张三", "consent": "yes"})
    assert r.status_code == 200 and "案件已保存" in r.text
    [case] = cases_in(db_url)
    assert case.applicant_name == "张三" and case.county == "youjiang"
    assert case.answers["age"] == 40 and case.answers["has_disability_certificate"] is True


def test_bad_answers_come_back_with_errors(users: dict) -> None:
    b = Browser()
    b.login("li", PASSWORD)
    b.get("/staff/screen")
    r = b.post("/staff/screen", {**FORM, "age": "abc", "disability_grade": "9"})
    assert r.status_code == 422
    assert r.text.count('class="error-message"') == 2
    assert 'value="abc"' in r.text and "<title>错误：" in r.text
    r = b.c.post("/staff/screen?lang=en", data={**FORM, "age": "abc", "csrf_token": b.token})
    assert r.status_code == 422 and "<title>Error" in r.text


def test_results_show_rule_ids_and_trace(users: dict) -> None:
    b = Browser()
    b.login("li")
    b.get("/staff/screen")
    r = b.post("/staff/screen", FORM)
    assert r.status_code == 200
    assert "<code>nursing_subsidy</code>" in r.text
    assert "requirement:" in r.text and "保存案件" in r.text
    # the table: what can be applied for first, the subsidies at its top
    rows = re.findall(r'<tr><th scope="row"><a href="#p-([a-z_]+)">.*?</a></th><td>(.*?)</td>',
                      r.text)
    order = {"可以申请": 0, "还需要更多信息": 1, "目前不符合": 2, "该日期不在政策有效期内": 3}
    ranks = [order[status] for _program, status in rows]
    assert len(rows) >= 20 and ranks == sorted(ranks), rows
    assert rows[0] == ("nursing_subsidy", "可以申请"), rows[:3]


def test_county_scoping_is_404(users: dict, db_url: str) -> None:
    li, other, admin = Browser(), Browser(), Browser()
    li.login("li")
    li.save(applicant_name="张三")
    case_id = cases_in(db_url)[0].id
    other.login("huang")
    for path in (f"/staff/cases/{case_id}", f"/staff/cases/{case_id}/print",
                 f"/staff/cases/{case_id}/delete"):
        assert other.get(path).status_code == 404
    assert other.post(f"/staff/cases/{case_id}/delete", {}).status_code == 404
    assert "张三" not in other.get("/staff").text
    assert "张三" not in other.get("/staff/export.csv").text
    assert other.get("/staff/users").status_code == 404  # admin pages
    admin.login("boss")
    assert admin.get(f"/staff/cases/{case_id}").status_code == 200
    assert admin.get("/staff/users").status_code == 200
    assert len(cases_in(db_url)) == 1


def test_follow_up_print_find_delete(users: dict, db_url: str) -> None:
    b = Browser()
    b.login("li")
    b.save(applicant_name="王五")
    case = cases_in(db_url)[0]
    case_id = case.id
    eligible = [p for p, r in case.results.items() if r["status"] == "eligible"]
    assert eligible
    r = b.post(f"/staff/cases/{case_id}/follow-up",
               {**{f"status.{p}": "applied" for p in eligible}, "note": "已交"})
    assert r.status_code == 200 and "跟进状态已更新" in r.text
    assert b.get("/staff?follow_up=applied&q=王").text.count(f"/staff/cases/{case_id}") == 1
    assert "王五" not in b.get("/staff?follow_up=granted").text
    sheet = b.get(f"/staff/cases/{case_id}/print")
    assert sheet.status_code == 200 and "一次性告知单" in sheet.text
    assert "一次带齐这些材料" in sheet.text
    assert b.get(f"/staff/cases/{case_id}/delete").status_code == 200
    assert cases_in(db_url)  # the confirmation page deletes nothing
    r = b.post(f"/staff/cases/{case_id}/delete", {})
    assert r.status_code == 200 and "案件已删除" in r.text
    assert cases_in(db_url) == []
    with Session(get_engine(db_url)) as s:
        log = [(a.action, a.case_id) for a in s.exec(select(AuditEntry)).all()]
    for action in ("login", "save", "view", "change", "print", "delete"):
        assert (action, case_id) in log or (action == "login" and ("login", None) in log)


def test_export_download(users: dict) -> None:
    b = Browser()
    b.login("li")
    b.save(applicant_name="张三")
    r = b.get("/staff/export.csv")
    assert r.headers["content-type"].startswith("text/csv") and "张三" in r.text
    r = b.get("/staff/export.xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(r.content)).active
    assert [c.value for c in ws[2]][1] == "张三"


def test_idle_session_ends(users: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    b = Browser()
    b.login("li")
    assert b.get("/staff").status_code == 200
    monkeypatch.setattr(get_settings(), "session_idle_minutes", -1)
    r = b.c.get("/staff", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/staff/login?expired=1"


def test_admin_creates_and_disables_staff(users: dict) -> None:
    admin = Browser()
    admin.login("boss")
    admin.get("/staff/users")
    r = admin.post("/staff/users", {"username": "x", "role": "staff", "county": "",
                                    "password": "short"})
    assert r.status_code == 422 and r.text.count('class="error-message"') == 3
    r = admin.post("/staff/users", {"username": "zhou", "display_name": "周", "role": "staff",
                                    "county": "debao", "password": "plum river lantern 7"})
    assert r.status_code == 200 and "zhou" in r.text
    new = Browser()
    assert new.login("zhou", "plum river lantern 7").url.path == "/staff"
    uid = re.search(r'/staff/users/(\d+)/active" class="inline-form">\s*<input type="hidden" '
                    r'name="csrf_token" value="[^"]+"><input type="hidden" name="active" '
                    r'value="0">\s*<button[^>]*>[^<]*<span class="visually-hidden">：zhou',
                    admin.get("/staff/users").text)
    assert uid
    admin.post(f"/staff/users/{uid.group(1)}/active", {"active": "0"})
    assert new.c.get("/staff", follow_redirects=False).status_code == 303  # signed out


def test_database_down_screening_works_saving_says_so(users: dict, tmp_path) -> None:  # type: ignore[no-untyped-def]
    b = Browser()
    b.login("li")
    b.get("/staff/screen")
    use_database(f"sqlite:///{tmp_path}/missing/dir/x.db")  # cannot be opened
    r = b.get("/staff/screen")
    assert r.status_code == 200 and "数据库暂时无法连接" in r.text
    r = b.post("/staff/screen", FORM)
    assert r.status_code == 200 and "nursing_subsidy" in r.text
    r = b.post("/staff/cases", {**FORM, "consent": "yes", "applicant_name": "张三"})
    assert r.status_code == 503 and "没有保存" in r.text and 'value="张三"' in r.text
    assert b.get("/staff").status_code == 503


def test_answers_survive_a_session_that_ended(users: dict,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    b = Browser()
    b.login("li")
    b.get("/staff/screen")
    monkeypatch.setattr(get_settings(), "session_idle_minutes", -1)
    r = b.post("/staff/screen", FORM)
    assert r.status_code == 401 and 'name="keep.age" value="40"' in r.text
    monkeypatch.setattr(get_settings(), "session_idle_minutes", 30)
    kept = dict(re.findall(r'name="(keep\.[a-z_]+)" value="([^"]*)"', r.text))
    r = b.post("/staff/login", {"username": "li", "password": PASSWORD, **kept})
    assert r.status_code == 200 and 'name="age" type="text" value="40"' in r.text
    assert 'name="csrf_token"' in r.text and "一页式筛查" in r.text


def test_stay_signed_in_on_form_pages_keeps_the_answers(users: dict) -> None:
    b = Browser()
    b.login("li")
    r = b.get("/staff/screen")
    assert 'form="screen-form" name="edit" value="1"' in r.text  # resends the form itself
    r = b.post("/staff/screen", FORM)
    assert 'form="answers-form"' in r.text
    r = b.post("/staff/screen", {**FORM, "edit": ""})  # what that button sends
    assert r.status_code == 200 and "<code>nursing_subsidy</code>" in r.text
    r = b.get("/staff")
    assert 'action="/staff/keepalive"' in r.text
    assert b.post("/staff/keepalive", {"next": "/staff", "js": "1"}).status_code == 204
