"""Findings of a fresh test of the staff area (issue 12, after its merge), one test each,
written to fail before the fix."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.engine import Rulebook
from tests.support.staff import PASSWORD
from tests.support.staff import db_url_fixture as db_url_fixture  # noqa: F401
from tests.test_staff_web import Browser, cases_in
from tests.test_staff_web import users as users  # noqa: F401  (the fixture)
from tests.test_staff_workflow import checked


def test_a_form_with_too_many_fields_is_an_html_page(users: dict) -> None:
    """Starlette refuses a form of more than ``max_fields`` fields with its own 400, which
    FastAPI answers as JSON: a staff URL must answer a page, signed in or not."""
    b = Browser()
    b.login("li")
    b.get("/staff/screen")
    body = "&".join(f"a{i}=1" for i in range(2000)) + "&csrf_token=" + b.token
    headers = {"content-type": "application/x-www-form-urlencoded"}
    r = b.c.post("/staff/screen", content=body, headers=headers)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html"), r.text[:80]
    # signed out: the answers kept through signing in again are read from the same form
    r = Browser().c.post("/staff/screen", content=body, headers=headers,
                         follow_redirects=False)
    assert r.status_code in (303, 400) and "json" not in r.headers.get("content-type", "")


def test_no_to_the_rest_never_contradicts_what_follows_from_an_answer(users: dict,
                                                                      book: Rulebook) -> None:
    """A 低保 household is a household in hardship (rules/facts.yaml ``implies:``): "no to the
    rest" must leave that question to the implication, not answer it "no" (which the engine
    would then believe, over the implication: a wrong "no")."""
    b = Browser()
    b.login("li")
    b.get("/staff/screen")
    r = b.post("/staff/screen", {"household_dibao": "是", "age": "40", "edit": "1",
                                 "rest": "no"})
    assert checked(r.text, "household_in_hardship") in (None, "")  # left blank
    assert checked(r.text, "sudden_hardship") == "false"  # the rest are still answered


def test_exports_keep_what_was_typed_and_each_programs_follow_up(users: dict, db_url: str
                                                                 ) -> None:
    """In .xlsx a text cell is never a formula, so it needs no quote: the CSV's ``'`` (OWASP's
    CSV-injection advice) showed as part of the phone number and the name. Both files carry
    each program's follow-up, not only the case's least advanced one."""
    import csv
    import io

    from openpyxl import load_workbook

    b = Browser()
    b.login("li")
    b.save(applicant_name="=1+2赵六", applicant_phone="+86 138 0000 0000")
    case = cases_in(db_url)[0]
    page = b.get(f"/staff/cases/{case.id}").text
    programs = list(dict.fromkeys(re.findall(r'name="status\.([a-z_]+)"', page)))
    assert "nursing_subsidy" in programs
    form = {f"status.{p}": "to_apply" for p in programs}
    form.update({"status.nursing_subsidy": "applied", "on.nursing_subsidy": "2026-11-20",
                 "note": ""})
    assert b.post(f"/staff/cases/{case.id}/follow-up", form).status_code == 200

    ws = load_workbook(io.BytesIO(b.get("/staff/export.xlsx").content)).active
    assert ws is not None
    header = [c.value for c in ws[1]]
    row = list(ws[2])
    assert row[1].value == "=1+2赵六" and row[1].data_type == "s"
    assert row[2].value == "+86 138 0000 0000" and row[2].data_type == "s"
    nursing = row[header.index("重度残疾人护理补贴")].value
    assert "已申请" in nursing and "2026-11-20" in nursing

    data = list(csv.reader(io.StringIO(b.get("/staff/export.csv").content.decode("utf-8-sig"))))
    assert data[1][1] == "'=1+2赵六"  # still defused in the CSV
    assert "已申请" in data[1][data[0].index("重度残疾人护理补贴")]


def test_the_printed_notice_in_english_has_no_chinese_punctuation(users: dict, db_url: str
                                                                   ) -> None:
    """The notice's list separator and colons were written into the template in Chinese
    ("Nursing subsidy、Pension…", "still to find out：…")."""
    b = Browser()
    b.login("li")
    b.save()
    case = cases_in(db_url)[0]
    html = b.get(f"/staff/cases/{case.id}/print?lang=en").text
    short = re.search(r'<p class="sheet-short">(.*?)</p>', html, re.S)
    assert short and "," in short.group(1) and "、" not in short.group(1)
    titles = re.findall(r"<h3>(.*?)</h3>", html, re.S)
    assert titles and not [t for t in titles if "：" in t]


def test_the_current_password_cannot_be_guessed_on_the_change_form(users: dict) -> None:
    """Someone at a signed-in, unattended screen could try passwords on /staff/password
    without any limit, then change it and keep the owner out: the current password is checked
    with the sign-in's throttle (the same keys, so the same growing delays)."""
    from app.staff.auth import PAIR_FREE

    b = Browser()
    b.login("li")
    b.get("/staff/password")
    for i in range(PAIR_FREE + 1):
        r = b.post("/staff/password", {"current_password": f"guess {i}",
                                       "new_password": "plum river lantern 7",
                                       "confirm_password": "plum river lantern 7"})
        assert r.status_code == 422
    r = b.post("/staff/password", {"current_password": PASSWORD,
                                   "new_password": "plum river lantern 7",
                                   "confirm_password": "plum river lantern 7"})
    assert r.status_code == 422 and "密码已修改" not in r.text
    assert "秒" in r.text  # says how long to wait


def test_the_rule_lookups_quick_check_answer_is_not_stored(client: TestClient) -> None:
    """``/rules/…`` may be cached, as it shows nobody's answers; but its quick check is a POST
    that shows the caller's (低保, 户口, the certificate): it must be ``no-store`` too."""
    r = client.post("/rules/living_subsidy", data={
        "has_disability_certificate": "true", "hukou": "baise", "household_dibao": "true"})
    assert r.status_code == 200 and 'value="true" checked' in r.text
    assert r.headers.get("cache-control") == "no-store"
    assert client.get("/rules/living_subsidy").headers.get("cache-control") != "no-store"


def test_the_command_line_keeps_the_account_rules(db_url: str, users: dict,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """``create-staff`` checked the password's length only (``aaaaaaaaaa`` passed), took a
    name the form refuses (``ｌｉ``, full-width: looks like ``li`` in the audit log), and an
    existing name in other case (``LI``) ended in the database's IntegrityError, whose
    traceback printed the new password's hash."""
    from app.staff.cli import create_user_main

    monkeypatch.setenv("SCREENER_NEW_PASSWORD", "aaaaaaaaaa")
    assert create_user_main(["zhao", "--county", "youjiang"], "staff") == 2
    monkeypatch.setenv("SCREENER_NEW_PASSWORD", "plum river lantern 7")
    assert create_user_main(["ｌｉ", "--county", "youjiang"], "staff") == 2
    assert create_user_main(["LI", "--county", "youjiang"], "staff") == 1
    err = capsys.readouterr().err
    assert "argon2" not in err and "exists" in err
    assert create_user_main(["zhao", "--county", "youjiang"], "staff") == 0
