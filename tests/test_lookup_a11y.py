"""Accessibility of the rule lookup in real Chromium (axe-core WCAG 2.2 AA, names, keyboard),
in all three languages: the search page, a results list, a rule page (with the quick check's
error state and a bad "as of" date), and the change log."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.live import assert_accessible, click_and_wait, mark_page, wait_for_new_page

LANGS = ["zh-Hans", "za", "en"]


def submit_check(browser: Any) -> None:
    """Send the quick-check form and wait for the page that answers it."""
    click_and_wait(browser, "form[method=post][action^='/rules/'] button.button")


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
    mark_page(browser)
    box.submit()
    wait_for_new_page(browser)
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
