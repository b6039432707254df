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
ERROR_PREFIX = {"zh-Hans": "错误：", "za": "Loeng:", "en": "Error:"}


def css(browser: Any, selector: str) -> Any:
    return browser.find_element("css selector", selector)


def submit(browser: Any, selector: str = "main form[novalidate] button.button") -> None:
    click_and_wait(browser, selector)


def fields(browser: Any) -> list[tuple[str, str]]:
    """(kind, field name) of the question form, in page order: radios, checkboxes (a group
    named by the group), input, date (named fact-year…)."""
    out: list[tuple[str, str]] = []
    for e in browser.find_elements("css selector",
                                   "main form[novalidate] input:not([type=hidden])"):
        name, kind = e.get_attribute("name"), e.get_attribute("type")
        if name in ("dont_know", "certificate_number"):   # optional: answered by the boxes
            continue
        if name.endswith(("-year", "-month", "-day")):
            name, kind = name.rsplit("-", 1)[0], "date"
        elif kind == "radio":
            kind = "radios"
        elif kind == "checkbox":
            kind = "checkboxes"
        else:
            kind = "input"
        if all(name != n for _k, n in out):
            out.append((kind, name))
    return out


def tick(browser: Any, name: str, value: str) -> None:
    box = css(browser, f"main input[name='{name}'][value='{value}']")
    css(browser, f"label[for='{box.get_attribute('id')}']").click()


def answer_for(browser: Any, kind: str, name: str) -> Any:
    fact = "answer" if name == "answer" else name
    if fact == "answer":      # a fact's own page: its name is in the address
        fact = browser.current_url.rsplit("/", 1)[1].split("?")[0]
    if kind == "checkboxes":
        return GROUPS.get(name, ["none"])
    value = ANSWERS.get(fact)
    if kind == "radios" and value is None:
        has_none = browser.find_elements("css selector", f"main input[name='{name}'][value='none']")
        value = "none" if has_none else "false"
    assert value is not None, f"no answer for {fact}"
    return value


def fill(browser: Any, kind: str, name: str, value: Any) -> None:
    if kind == "checkboxes":
        for v in value:
            tick(browser, name, v)
    elif kind == "radios":
        tick(browser, name, value)
    elif kind == "date":
        for part, v in zip(("year", "month", "day"), value, strict=True):
            box = css(browser, f"main input[name='{name}-{part}']")
            box.clear()
            box.send_keys(v)
    else:
        box = css(browser, f"main input[name='{name}']")
        box.clear()
        box.send_keys(value)


def check_error_state(browser: Any, lang: str, label: str) -> None:
    assert browser.title.startswith(ERROR_PREFIX[lang]), browser.title
    from selenium.webdriver.support.ui import WebDriverWait

    def summary_focused(driver: Any) -> bool:   # autofocus runs when the page first renders
        return "error-summary" in (driver.switch_to.active_element.get_attribute("class") or "")

    WebDriverWait(browser, 5).until(summary_focused, "the error summary takes focus")
    assert_accessible(browser, label)


def question_pages(browser: Any, live_url: str) -> Iterator[str]:
    """Each question page the browser is on, until check answers (at most 30): its path. The
    caller answers it and moves on."""
    for _ in range(30):
        path = browser.current_url.split(live_url, 1)[1]
        if path.startswith("/check"):
            return
        assert re.match(r"/(question|page)/([a-z_]+)", path), path
        yield path


def screen_all_kinds(browser: Any, live_url: str, lang: str, tag: str) -> None:
    """From the start page to the results: each page by topic, clean and (the first page with
    each kind of field) in its error state; a fact's own page; check answers; results with
    every group; a program's page; the notice."""
    browser.get(f"{live_url}/?lang={lang}")
    assert css(browser, "html").get_attribute("lang") == lang
    assert_accessible(browser, f"start {tag}")
    submit(browser, "main form[action='/start'] button")
    seen: set[str] = set()
    for path in question_pages(browser, live_url):
        here = fields(browser)
        assert_accessible(browser, f"{path} {tag}")
        new = {k for k, _n in here} - seen
        if new:
            seen |= new
            for kind, name in here:
                if kind == "input":
                    fill(browser, kind, name, "abc")
            submit(browser)
            check_error_state(browser, lang, f"{path} error {tag}")
        for kind, name in fields(browser):
            fill(browser, kind, name, answer_for(browser, kind, name))
        submit(browser)
    assert seen == {"radios", "checkboxes", "input", "date"}, seen
    assert_accessible(browser, f"check answers {tag}")
    browser.get(f"{live_url}/question/age?return=check")
    assert_accessible(browser, f"a fact's own page {tag}")
    browser.get(f"{live_url}/results")
    for group in ("apply", "services", "more", "closed"):
        heading = css(browser, f"h2#{group}").text
        assert not re.search(r"[（(]0[)）]", heading), f"{group} is empty: {heading}"
    assert_accessible(browser, f"results {tag}")
    if tag == "comfort":
        assert_contrast(browser, 7.0)
        browser.get(f"{live_url}/page/certificate")
        assert_contrast(browser, 7.0)
        browser.get(f"{live_url}/check")
        assert_contrast(browser, 7.0)
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
        assert size >= 22
        button = css(browser, "main form[action='/start'] button")
        assert button.size["height"] >= 48
        for link in browser.find_elements("css selector", ".lang-switch a, .link-button"):
            assert link.size["height"] >= 48
        assert_contrast(browser, 7.0)
        screen_all_kinds(browser, live_url, "zh-Hans", "comfort")
        assert "comfort" in css(browser, "body").get_attribute("class")   # remembered
    finally:
        forget(browser)


CONTRAST_JS = """
function lum(c){const m=c.match(/[\\d.]+/g).map(Number);
 const v=m.slice(0,3).map(x=>{x/=255;
 return x<=0.03928?x/12.92:Math.pow((x+0.055)/1.055,2.4)});
 return 0.2126*v[0]+0.7152*v[1]+0.0722*v[2]}
function bg(e){for(;e;e=e.parentElement){const c=getComputedStyle(e).backgroundColor;
 const a=c.match(/[\\d.]+/g).map(Number);if(a.length<4||a[3]>0.5)return c}return 'rgb(255,255,255)'}
const low=[];const w=document.createTreeWalker(document.body,NodeFilter.SHOW_TEXT);
while(w.nextNode()){const t=w.currentNode;if(!t.textContent.trim())continue;const e=t.parentElement;
 const r=e.getBoundingClientRect();if(r.width<2||r.height<2)continue;
 const a=lum(getComputedStyle(e).color),b=lum(bg(e));
 const ratio=(Math.max(a,b)+0.05)/(Math.min(a,b)+0.05);
 if(ratio<arguments[0])low.push([t.textContent.trim().slice(0,30),ratio.toFixed(2)])}
return low;"""


def assert_contrast(browser: Any, least: float) -> None:
    """Every visible piece of text on the page has at least ``least`` contrast with the
    background behind it (WCAG 1.4.6, 7:1, in comfort mode)."""
    low = browser.execute_script(CONTRAST_JS, least)
    assert not low, low


def press_until(browser: Any, key: str, test: Any, limit: int = 80) -> Any:
    """Press ``key`` until the focused element passes ``test``; return it."""
    from selenium.webdriver.common.action_chains import ActionChains

    for _ in range(limit):
        ActionChains(browser).send_keys(key).perform()
        el = browser.switch_to.active_element
        if test(el):
            return el
    raise AssertionError(f"pressing {key!r} never reached the control")


def keyboard_answer(browser: Any) -> None:
    """Answer the page on the screen with Tab, arrows, Space and typing, then Enter."""
    from selenium.webdriver.common.keys import Keys

    for kind, name in fields(browser):
        value = answer_for(browser, kind, name)

        def named(el: Any, n: str = name) -> bool:
            return el.get_attribute("name") == n

        if kind == "radios":
            el = press_until(browser, Keys.TAB, named)
            for _ in range(20):
                if el.get_attribute("value") == value:
                    break
                el = press_until(browser, Keys.ARROW_DOWN, lambda e: True)
            if not el.is_selected():      # Tab into a group focuses its first radio only
                el.send_keys(Keys.SPACE)
            assert el.get_attribute("value") == value and el.is_selected()
        elif kind == "checkboxes":
            for v in value:
                el = press_until(browser, Keys.TAB,
                                 lambda e, v=v: named(e) and e.get_attribute("value") == v)
                el.send_keys(Keys.SPACE)
                assert el.is_selected()
        elif kind == "date":
            for part, v in zip(("year", "month", "day"), value, strict=True):
                el = press_until(browser, Keys.TAB,
                                 lambda e, p=f"{name}-{part}": e.get_attribute("name") == p)
                el.send_keys(v)
        else:
            press_until(browser, Keys.TAB, named).send_keys(value)
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
        for _path in question_pages(browser, live_url):
            keyboard_answer(browser)
        link = press_until(browser, Keys.TAB,
                           lambda e: (e.get_attribute("href") or "").endswith("/results"))
        mark_page(browser)
        link.send_keys(Keys.ENTER)
        wait_for_new_page(browser)
        assert browser.find_element("css selector", "h1").text == "Your results"
    finally:
        forget(browser)


def test_header_is_at_most_15_percent_of_a_phone_screen(browser: Any, live_url: str) -> None:
    """On a 360×740 phone the header (language and comfort controls included) takes at most
    15% of the screen's height, in each language and in comfort mode."""
    forget(browser)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    try:
        for comfort in (False, True):
            if comfort:
                browser.add_cookie({"name": "comfort", "value": "1"})
            for lang in ("zh-Hans", "za", "en"):
                browser.get(f"{live_url}/page/certificate?lang={lang}")
                height = browser.execute_script(
                    "return document.querySelector('.header').getBoundingClientRect().height")
                assert height <= 740 * 0.15, (lang, comfort, height)
                wide = browser.execute_script("return document.documentElement.scrollWidth")
                assert wide <= 360, (lang, comfort, wide)           # no sideways scrolling
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        forget(browser)
