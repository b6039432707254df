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
    # a whole question (the asked section first on each result) with a bad date
    visit(browser, f"{live_url}/rules?q=残疾人护理补贴多少钱&on=2025-13-45&lang={lang}")
    assert browser.find_elements("id", "on-error")
    assert browser.find_elements("css selector", ".answer-amount")
    assert_accessible(browser, f"/rules?q=…多少钱 bad date ({lang})")


@pytest.mark.parametrize("lang", LANGS)
def test_rule_page(browser: Any, live_url: str, lang: str) -> None:
    visit(browser, f"{live_url}/rules/living_subsidy?on=2025-06-01&lang={lang}")
    assert_accessible(browser, f"/rules/living_subsidy ({lang})")
    visit(browser, f"{live_url}/rules/living_subsidy?on=2025-13-45&lang={lang}")
    assert focused(browser, "class", "error-summary")
    assert_accessible(browser, f"/rules/living_subsidy bad date ({lang})")


@pytest.mark.parametrize("lang", LANGS)
def test_phone_script_above_the_fold(browser: Any, live_url: str, lang: str) -> None:
    """On a 1366×768 screen the script an operator reads out starts in the top half of the
    first screenful (a short one shows whole), on the rule page and when opened from a
    question. Before it: only the header, the back link, the category and the title."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False})
    try:
        for path in ("/rules/nursing_subsidy?", "/rules/startup_subsidy?",
                     "/rules/home_accessibility?ask=documents&"):
            visit(browser, f"{live_url}{path}lang={lang}")
            box = browser.execute_script(
                "const r = document.querySelector('.script').getBoundingClientRect();"
                "return [r.top, r.bottom, window.innerHeight, window.scrollY];")
            top, bottom, height, scrolled = box
            assert height == 768 and scrolled == 0, box
            # it starts in the top half: half a screen of it at least (all of a short one)
            assert top <= height / 2 and (bottom <= height or bottom - top > height / 2), \
                (path, lang, box)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert_accessible(browser, f"/rules/home_accessibility?ask=documents ({lang})")


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
