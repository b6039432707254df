"""The admin's roster upload at /staff/roster: admins only, CSRF, errors kept per field, the
result downloaded and nothing written to disk."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from sqlmodel import Session

from app.roster.bulk import ERRORS, amount_col, status_col
from app.roster.files import read_roster
from app.staff.db import get_engine, use_database
from tests.support.staff import PASSWORD, fresh_database, make_user
from tests.test_staff_web import Browser

ROSTER = ("person_id,has_disability_certificate,hukou,household_dibao,tekun,orphan_allowance,"
          "age\n007,是,baise,是,否,否,45\n008,true,baise,true,false,false,130\n")


@pytest.fixture
def sqlite_users(tmp_path: Path) -> Iterator[str]:
    url = fresh_database("sqlite", tmp_path)
    use_database(url)
    with Session(get_engine(url)) as s:
        make_user(s, "boss", role="admin", county=None)
        make_user(s, "li", county="youjiang")
    try:
        yield url
    finally:
        use_database(None)


def upload(b: Browser, content: bytes | None, name: str = "roster.csv", on: str = "2025-06-01",
           fmt: str = "csv", csrf: bool = True) -> Any:
    files = {"roster": (name, content, "text/csv") if content is not None
             else ("", b"", "application/octet-stream")}
    data = {"on": on, "format": fmt, "csrf_token": b.token if csrf else "x"}
    return b.c.post("/staff/roster", data=data, files=files)


def test_admin_only(sqlite_users: str) -> None:
    anonymous = Browser()
    r = anonymous.get("/staff/roster", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/staff/login")
    staff = Browser()
    staff.login("li")
    assert staff.get("/staff/roster").status_code == 404


def test_upload_and_download_csv(sqlite_users: str, monkeypatch: pytest.MonkeyPatch) -> None:
    b = Browser()
    b.login("boss", PASSWORD)
    page = b.get("/staff/roster")
    assert page.status_code == 200 and 'type="file"' in page.text
    before = set(os.listdir(tempfile.gettempdir()))
    r = upload(b, ROSTER.encode())
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-disposition"] == \
        'attachment; filename="roster-result-2025-06-01.csv"'
    assert r.headers["cache-control"] == "no-store"
    out = pl.read_csv(r.content, infer_schema=False)
    assert out["person_id"].to_list() == ["007", "008"]
    # the whole roster comes back beside the results, as it was typed
    assert out.columns[:7] == ROSTER.splitlines()[0].split(",")
    assert out["household_dibao"].to_list() == ["是", "true"]
    assert out[status_col("living_subsidy")].to_list() == ["eligible", "eligible"]
    assert out[amount_col("living_subsidy")].to_list() == ["90", "90"]
    assert out[ERRORS].to_list() == [None, "age: 不能大于 120。"]
    assert set(os.listdir(tempfile.gettempdir())) <= before  # no temporary file left


def test_upload_excel_result(sqlite_users: str) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    r = upload(b, ROSTER.encode(), fmt="xlsx")
    assert r.status_code == 200
    out = read_roster(r.content, "xlsx", str)
    assert out["person_id"].to_list() == ["007", "008"]
    assert out["困难残疾人生活补贴：结果"].to_list() == ["可以申请", "可以申请"]


def test_errors_come_back_per_field(sqlite_users: str) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    r = upload(b, None, on="2025-02-30")
    assert r.status_code == 400
    assert "请选择要上传的名单文件。" in r.text and 'href="#roster"' in r.text
    assert 'href="#on"' in r.text and 'value="2025-02-30"' in r.text  # kept as typed
    r = upload(b, b"x", name="roster.txt")
    assert r.status_code == 400 and "名单文件必须是 .csv 或 .xlsx。" in r.text
    r = upload(b, b"\x00\x01garbage", name="roster.xlsx")
    assert r.status_code == 400 and "无法读取名单文件" in r.text
    r = upload(b, b"row_errors\nx\n")
    assert r.status_code == 400 and "row_errors" in r.text


def test_csrf_refused(sqlite_users: str) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    assert upload(b, ROSTER.encode(), csrf=False).status_code == 403


def test_upload_page_is_accessible(sqlite_users: str, live_url: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    from tests.support.live import assert_accessible

    browser.delete_all_cookies()
    browser.get(f"{live_url}/staff/login")
    browser.find_element(By.ID, "username").send_keys("boss")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form[action='/staff/login'] button").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 20).until(lambda d: "/staff/login" not in d.current_url)
    browser.get(f"{live_url}/staff/roster")
    assert browser.title.startswith(("按名单批量筛查", "Screen a roster"))
    assert_accessible(browser, "roster upload")
    browser.find_element(By.ID, "on").clear()
    browser.find_element(By.CSS_SELECTOR, "form[action='/staff/roster'] button").click()
    # the browser asks for English: the page and its error prefix follow
    WebDriverWait(browser, 20).until(lambda d: d.title.startswith(("错误", "Error")))
    assert browser.switch_to.active_element.get_attribute("class") == "error-summary"
    assert browser.find_elements(By.ID, "roster-error") and browser.find_elements(By.ID, "on-error")
    # the summary takes focus on load; walk the keyboard from the top of the page, as
    # tests/test_lookup_a11y.py does
    browser.execute_script(
        "const b = document.body; b.setAttribute('tabindex', '-1'); b.focus();"
        "b.removeAttribute('tabindex');")
    assert_accessible(browser, "roster upload with errors")
