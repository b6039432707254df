"""Accessibility of the resident's guided screening in real Chromium (axe-core WCAG 2.2 A/AA,
accessible names, keyboard): the start page, each kind of question page (radios, checkbox
group, number, date) clean and in its error state, check answers, results with all three
groups, a program's page and the one-off notice; in zh-Hans, za and en, and in comfort mode.
The browser is driven by filling in and sending the forms, as a person would (no script)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.live import assert_accessible, click_and_wait, mark_page, wait_for_new_page

# One resident whose answers reach every kind of page and all three groups of results:
# the household questions are "I don't know" (the nursing subsidy stays open), the business
# questions include a date, the age is typed.
ANSWERS: dict[str, Any] = {
    "has_disability_certificate": "true", "hukou": "baise", "county": "youjiang",
    "disability_category": "physical", "disability_grade": "1", "age": "45",
    "needs_long_term_care": "true", "has_long_term_impairment": "true",
    "business_type": "individual", "loan_type": "none", "full_time_student": "false",
    "wants_market_stall": "false", "business_registered_on": ("2023", "3", "1"),
}
GROUPS = {"household_support": ["dont_know"], "business": ["first_business",
                                                            "business_operating_normally"]}
BAD = {"radios": {}, "checkboxes": {}, "input": {"answer": "abc"},
       "date": {"answer-year": "2023", "answer-month": "2", "answer-day": "30"}}
ERROR_PREFIX = {"zh-Hans": "错误：", "za": "Loeng:", "en": "Error:"}


def css(browser: Any, selector: str) -> Any:
    return browser.find_element("css selector", selector)


def submit(browser: Any, selector: str = "main form[novalidate] button.button") -> None:
    click_and_wait(browser, selector)


def tick(browser: Any, value: str) -> None:
    box = css(browser, f"input[name=answer][value='{value}']")
    css(browser, f"label[for='{box.get_attribute('id')}']").click()


def page_kind(browser: Any) -> str:
    if browser.find_elements("css selector", "input[type=checkbox][name=answer]"):
        return "checkboxes"
    if browser.find_elements("css selector", "input[type=radio][name=answer]"):
        return "radios"
    if browser.find_elements("css selector", "#answer-year"):
        return "date"
    return "input"


def fill(browser: Any, kind: str, key: str, data: dict[str, Any]) -> None:
    if kind == "checkboxes":
        for value in data.get("answer", []):
            tick(browser, value)
    elif kind == "radios":
        if "answer" in data:
            tick(browser, data["answer"])
    elif kind == "date":
        for part in ("year", "month", "day"):
            box = css(browser, f"#answer-{part}")
            box.clear()
            if f"answer-{part}" in data:
                box.send_keys(data[f"answer-{part}"])
    else:
        box = css(browser, "#answer")
        box.clear()
        if "answer" in data:
            box.send_keys(data["answer"])


def answer_for(key: str, kind: str, group: bool) -> dict[str, Any]:
    if group:
        return {"answer": GROUPS.get(key, ["none"])}
    value = ANSWERS.get(key, "none" if kind == "radios" else None)
    if kind == "radios" and value == "none" and not key.startswith(("business", "loan")):
        value = "false"
    if isinstance(value, tuple):
        return dict(zip(("answer-year", "answer-month", "answer-day"), value, strict=True))
    assert value is not None, f"no answer for {key}"
    return {"answer": value}


def check_error_state(browser: Any, lang: str, label: str) -> None:
    assert browser.title.startswith(ERROR_PREFIX[lang]), browser.title
    from selenium.webdriver.support.ui import WebDriverWait

    def summary_focused(driver: Any) -> bool:   # autofocus runs when the page first renders
        return "error-summary" in (driver.switch_to.active_element.get_attribute("class") or "")

    WebDriverWait(browser, 5).until(summary_focused, "the error summary takes focus")
    assert_accessible(browser, label)


def question_pages(browser: Any, live_url: str) -> Iterator[tuple[str, str, str, bool]]:
    """Each question page the browser is on, until check answers (at most 60): its path, kind,
    fact or group name, and whether it is a group. The caller answers it and moves on."""
    for _ in range(60):
        path = browser.current_url.split(live_url, 1)[1]
        if path.startswith("/check"):
            return
        m = re.match(r"/(question|group)/([a-z_]+)", path)
        assert m, path
        yield path, page_kind(browser), m[2], m[1] == "group"


def screen_all_kinds(browser: Any, live_url: str, lang: str, tag: str) -> None:
    """From the start page to the results, checking each first page of a kind and its error."""
    browser.get(f"{live_url}/?lang={lang}")
    assert css(browser, "html").get_attribute("lang") == lang
    assert_accessible(browser, f"start {tag}")
    submit(browser, "main form[action='/start'] button")
    seen: set[str] = set()
    for path, kind, key, group in question_pages(browser, live_url):
        if kind not in seen:
            seen.add(kind)
            assert_accessible(browser, f"{kind} {path} {tag}")
            fill(browser, kind, key, BAD[kind])
            submit(browser)
            check_error_state(browser, lang, f"{kind} error {path} {tag}")
        fill(browser, kind, key, answer_for(key, kind, group))
        submit(browser)
    assert seen == {"radios", "checkboxes", "input", "date"}, seen
    assert_accessible(browser, f"check answers {tag}")
    mark_page(browser)
    css(browser, "main a.button[href='/results']").click()
    wait_for_new_page(browser)
    for group in ("apply", "more", "closed"):
        heading = css(browser, f"h2#{group}").text
        assert not re.search(r"[（(]0[)）]", heading), f"{group} is empty: {heading}"
    assert_accessible(browser, f"results {tag}")
    browser.get(f"{live_url}/results/nursing_subsidy")
    assert_accessible(browser, f"program page {tag}")
    browser.get(f"{live_url}/results?print=1")
    assert_accessible(browser, f"one-off notice {tag}")


def forget(browser: Any) -> None:
    for name in ("answers", "comfort", "lang"):
        browser.delete_cookie(name)


@pytest.mark.parametrize("lang", ["zh-Hans", "za", "en"])
def test_every_page_kind_is_accessible(browser: Any, live_url: str, lang: str) -> None:
    forget(browser)
    try:
        screen_all_kinds(browser, live_url, lang, lang)
    finally:
        forget(browser)


def test_comfort_mode_is_accessible(browser: Any, live_url: str) -> None:
    forget(browser)
    try:
        browser.get(f"{live_url}/?lang=zh-Hans")
        submit(browser, "form[action='/comfort'] button")
        assert "comfort" in css(browser, "body").get_attribute("class")
        size = browser.execute_script(
            "return parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
        assert size >= 18
        button = css(browser, "main form[action='/start'] button")
        assert button.size["height"] >= 44
        screen_all_kinds(browser, live_url, "zh-Hans", "comfort")
        assert "comfort" in css(browser, "body").get_attribute("class")   # remembered
    finally:
        forget(browser)


def press_until(browser: Any, key: str, test: Any, limit: int = 80) -> Any:
    """Press ``key`` until the focused element passes ``test``; return it."""
    from selenium.webdriver.common.action_chains import ActionChains

    for _ in range(limit):
        ActionChains(browser).send_keys(key).perform()
        el = browser.switch_to.active_element
        if test(el):
            return el
    raise AssertionError(f"pressing {key!r} never reached the control")


def keyboard_answer(browser: Any, kind: str, data: dict[str, Any]) -> None:
    from selenium.webdriver.common.keys import Keys

    def is_answer(el: Any) -> bool:
        return el.get_attribute("name") == "answer"

    if kind == "radios":
        el = press_until(browser, Keys.TAB, is_answer)
        for _ in range(20):
            if el.get_attribute("value") == data["answer"]:
                break
            el = press_until(browser, Keys.ARROW_DOWN, lambda e: True)
        if not el.is_selected():          # Tab into a group focuses its first radio only
            el.send_keys(Keys.SPACE)
        assert el.get_attribute("value") == data["answer"] and el.is_selected()
    elif kind == "checkboxes":
        for value in data["answer"]:
            el = press_until(browser, Keys.TAB,
                             lambda e, v=value: is_answer(e) and e.get_attribute("value") == v)
            el.send_keys(Keys.SPACE)
            assert el.is_selected()
    elif kind == "date":
        for part in ("year", "month", "day"):
            el = press_until(browser, Keys.TAB,
                             lambda e, p=part: e.get_attribute("id") == f"answer-{p}")
            el.send_keys(data[f"answer-{part}"])
    else:
        press_until(browser, Keys.TAB, is_answer).send_keys(data["answer"])
    button = press_until(browser, Keys.TAB, lambda e: e.text and "button" in (
        e.get_attribute("class") or "") and e.get_attribute("type") == "submit")
    mark_page(browser)
    button.send_keys(Keys.ENTER)
    wait_for_new_page(browser)


def test_keyboard_alone_from_start_to_results(browser: Any, live_url: str) -> None:
    """Tab, arrows, Space and Enter only: from the start page to the results, in English."""
    from selenium.webdriver.common.keys import Keys

    forget(browser)
    try:
        browser.get(f"{live_url}/?lang=en")
        start = press_until(browser, Keys.TAB, lambda e: e.text == "Start now")
        mark_page(browser)
        start.send_keys(Keys.ENTER)
        wait_for_new_page(browser)
        for _path, kind, key, group in question_pages(browser, live_url):
            keyboard_answer(browser, kind, answer_for(key, kind, group))
        link = press_until(browser, Keys.TAB,
                           lambda e: (e.get_attribute("href") or "").endswith("/results"))
        mark_page(browser)
        link.send_keys(Keys.ENTER)
        wait_for_new_page(browser)
        assert browser.find_element("css selector", "h1").text == "Your results"
    finally:
        forget(browser)
