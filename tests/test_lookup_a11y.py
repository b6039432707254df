"""Accessibility of the rule lookup in real Chromium (axe-core WCAG 2.2 AA, names, keyboard),
in all three languages: the search page, a results list, a rule page (with the quick check's
error state and a bad "as of" date), and the change log."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.live import assert_accessible as _assert_accessible

LANGS = ["zh-Hans", "za", "en"]


def assert_accessible(browser: Any, label: str) -> None:
    """The shared check, its keyboard walk started from the top of the page.

    These pages put focus on the search box, the error summary or the check result on load
    (autofocus). The walk blurs the focused element and presses Tab from there, so it would
    never reach the header links above it, which Shift+Tab does reach. Moving the starting
    point to <body> first checks the whole page as a keyboard user arriving at it would.
    """
    browser.execute_script(
        "const b = document.body; b.setAttribute('tabindex', '-1'); b.focus();"
        "b.removeAttribute('tabindex');")
    _assert_accessible(browser, label)


def submit_check(browser: Any) -> None:
    """Send the quick-check form and wait for the page that answers it."""
    old = browser.find_element("css selector", "html")
    browser.find_element("css selector",
                         "form[method=post][action^='/rules/'] button.button").click()
    wait_for_new_page(browser, old)


def wait_for_new_page(browser: Any, old: Any) -> None:
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(old))


def focused(browser: Any, attribute: str, value: str) -> bool:
    """Whether focus lands on the element with that attribute value. Autofocus is applied when
    the page is next rendered, a moment after load: wait for it (a few seconds at most)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(browser, 5, poll_frequency=0.05).until(
            lambda d: d.switch_to.active_element.get_attribute(attribute) == value)
    except TimeoutException:
        return False
    return True


def visit(browser: Any, url: str) -> None:
    browser.get(url)
    assert browser.find_element("css selector", "html").get_attribute("lang")
    assert browser.find_elements("css selector", "h1"), url


@pytest.mark.parametrize("lang", LANGS)
def test_search_page_and_results(browser: Any, live_url: str, lang: str) -> None:
    visit(browser, f"{live_url}/rules?lang={lang}")
    assert focused(browser, "id", "q")  # the search box is focused on arrival
    assert_accessible(browser, f"/rules ({lang})")
    box = browser.find_element("id", "q")
    box.send_keys("护理")
    old = browser.find_element("css selector", "html")
    box.submit()
    wait_for_new_page(browser, old)
    assert "nursing_subsidy" in browser.page_source
    assert browser.find_element("css selector", "html").get_attribute("lang") == lang
    assert_accessible(browser, f"/rules?q=护理 ({lang})")
    visit(browser, f"{live_url}/rules?q=&lang={lang}")
    assert_accessible(browser, f"/rules?q= ({lang})")


@pytest.mark.parametrize("lang", LANGS)
def test_rule_page(browser: Any, live_url: str, lang: str) -> None:
    visit(browser, f"{live_url}/rules/living_subsidy?on=2025-06-01&lang={lang}")
    assert_accessible(browser, f"/rules/living_subsidy ({lang})")
    visit(browser, f"{live_url}/rules/living_subsidy?on=2025-13-45&lang={lang}")
    assert focused(browser, "class", "error-summary")
    assert_accessible(browser, f"/rules/living_subsidy bad date ({lang})")


@pytest.mark.parametrize("lang", LANGS)
def test_quick_check_error_and_result(browser: Any, live_url: str, lang: str) -> None:
    visit(browser, f"{live_url}/rules/loan_interest_subsidy?lang={lang}")
    browser.find_element("id", "fact-loan_amount").send_keys("abc")
    submit_check(browser)
    assert browser.find_elements("id", "fact-loan_amount-error")
    assert focused(browser, "class", "error-summary")
    assert_accessible(browser, f"quick check error ({lang})")
    field = browser.find_element("id", "fact-loan_amount")
    assert field.get_attribute("value") == "abc"
    field.clear()
    field.send_keys("200000")
    submit_check(browser)
    assert browser.find_elements("id", "check-result")
    assert_accessible(browser, f"quick check result ({lang})")


@pytest.mark.parametrize("lang", LANGS)
def test_change_log(browser: Any, live_url: str, lang: str) -> None:
    visit(browser, f"{live_url}/rules/changes?lang={lang}")
    assert_accessible(browser, f"/rules/changes ({lang})")


def test_unknown_rule_page(browser: Any, live_url: str) -> None:
    browser.get(f"{live_url}/rules/no_such_rule?lang=en")
    assert_accessible(browser, "/rules/no_such_rule")
