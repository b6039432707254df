"""Accessibility of the staff area in real Chromium (axe-core WCAG 2.2 AA, names, keyboard), in
the three languages: login (and its error state), the case list, the one-page form (and its
error state), results (and the consent error), the case page, the print sheet, the delete
confirmation, and the admin pages. The app runs on a temporary SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.live import assert_accessible, click_and_wait
from tests.support.staff import PASSWORD, fresh_database, make_user

LANGS = ["zh-Hans", "za", "en"]


@pytest.fixture(scope="module")
def staff_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from sqlmodel import Session

    from app.staff.db import get_engine, use_database

    url = fresh_database("sqlite", Path(tmp_path_factory.mktemp("staff-a11y")))
    with Session(get_engine(url)) as s:
        make_user(s, "li", county="youjiang")
        make_user(s, "boss", role="admin", county=None)
    use_database(url)
    try:
        yield url
    finally:
        use_database(None)


@pytest.fixture
def web(browser: Any, live_url: str, staff_db: str) -> Iterator[Any]:
    browser.delete_all_cookies()
    yield browser
    browser.get(live_url + "/healthz")
    browser.delete_all_cookies()  # leave no language or session cookie to other tests


def login(browser: Any, base: str, lang: str, username: str, password: str = PASSWORD) -> None:
    browser.get(f"{base}/staff/login?lang={lang}")
    browser.find_element("id", "username").send_keys(username)
    browser.find_element("id", "password").send_keys(password)
    click_and_wait(browser, "main form button[type=submit]")


def fill_form(browser: Any) -> None:
    for name, value in (("has_disability_certificate", "true"), ("needs_long_term_care", "true"),
                        ("hukou", "baise")):
        radio = browser.find_element("css selector", f"input[name={name}][value={value}]")
        browser.find_element("css selector", f"label[for='{radio.get_attribute('id')}']").click()
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "f-disability_category")).select_by_value("physical")
    browser.find_element("id", "f-disability_grade").send_keys("1")


@pytest.mark.parametrize("lang", LANGS)
def test_login_and_its_error_state(web: Any, live_url: str, lang: str) -> None:
    web.get(f"{live_url}/staff/login?lang={lang}")
    assert web.find_element("css selector", "html").get_attribute("lang") == lang
    assert_accessible(web, f"login ({lang})")
    login(web, live_url, lang, "li", "wrong password")
    assert web.find_elements("css selector", ".error-summary")
    assert web.switch_to.active_element.get_attribute("class") == "error-summary"
    assert_accessible(web, f"login error ({lang})")


@pytest.mark.parametrize("lang", LANGS)
def test_screen_save_and_case_pages(web: Any, live_url: str, lang: str) -> None:
    login(web, live_url, lang, "li")
    assert web.current_url.endswith("/staff")
    assert_accessible(web, f"case list ({lang})")
    web.get(f"{live_url}/staff/screen")
    plain_title = web.title
    assert_accessible(web, f"one-page form ({lang})")
    fill_form(web)
    web.find_element("id", "f-age").send_keys("abc")
    click_and_wait(web, "form.one-page-form button[type=submit]")
    assert web.find_elements("id", "f-age-error")
    assert web.find_element("id", "f-age").get_attribute("value") == "abc"
    assert web.title.endswith(plain_title) and web.title != plain_title  # 错误： prefix
    assert web.switch_to.active_element.get_attribute("class") == "error-summary"
    assert_accessible(web, f"one-page form, error state ({lang})")
    age = web.find_element("id", "f-age")
    age.clear()
    age.send_keys("40")
    click_and_wait(web, "form.one-page-form button[type=submit]")
    assert web.find_elements("css selector", "code")
    assert_accessible(web, f"results ({lang})")
    web.find_element("id", "applicant_name").send_keys("测试")
    click_and_wait(web, "form[action='/staff/cases'] button[type=submit]")
    assert web.find_elements("id", "consent-error")
    assert_accessible(web, f"results, consent error ({lang})")
    web.find_element("css selector", "label[for=consent]").click()
    click_and_wait(web, "form[action='/staff/cases'] button[type=submit]")
    assert "/staff/cases/" in web.current_url
    assert_accessible(web, f"case page ({lang})")
    case_url = web.current_url.split("?")[0]
    web.get(case_url + "/print")
    assert_accessible(web, f"print sheet ({lang})")
    web.get(case_url + "/delete")
    assert_accessible(web, f"delete confirmation ({lang})")
    click_and_wait(web, "main form button[type=submit]")
    assert web.current_url.endswith("/staff?done=deleted")
    web.get(case_url)
    assert_accessible(web, f"not found ({lang})")


@pytest.mark.parametrize("lang", LANGS)
def test_admin_pages(web: Any, live_url: str, lang: str) -> None:
    login(web, live_url, lang, "boss")
    web.get(f"{live_url}/staff/users")
    assert_accessible(web, f"accounts ({lang})")
    click_and_wait(web, "form[action='/staff/users'] button[type=submit]")
    assert web.find_elements("css selector", ".error-summary")
    assert_accessible(web, f"accounts, error state ({lang})")
    click_and_wait(web, "a[href^='/staff/users/'][href$='/password']")
    assert_accessible(web, f"password reset ({lang})")
    click_and_wait(web, "main form button[type=submit]")
    assert web.find_elements("css selector", ".error-summary")
    assert_accessible(web, f"password reset, error state ({lang})")
    web.get(f"{live_url}/staff/password")
    assert_accessible(web, f"own password ({lang})")
    web.get(f"{live_url}/staff/audit")
    assert_accessible(web, f"audit log ({lang})")
