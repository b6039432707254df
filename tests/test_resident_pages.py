"""Resident pages one by one: errors of each kind of question, state that is bad or stale,
start again, change links, comfort mode, print view, and page weights."""

from __future__ import annotations

import base64
import json
import re
import time
import zlib
from typing import Any

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer

from app.engine import Rulebook
from app.resident import state
from app.web.templating import STATIC_DIR
from tests.support.resident import RESIDENTS, walk
from tests.test_resident_flow import GRADE1_DIBAO


@pytest.fixture()
def fresh() -> TestClient:
    from app.main import app

    return TestClient(app)


def post(c: TestClient, url: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
    """A form post with this browser's token (kept in its answers cookie), as the pages send."""
    cookie = c.cookies.get(state.COOKIE)
    token = state.loads(cookie, c.app.state.rulebook).token if cookie else ""
    return c.post(url, data={**(data or {}), "csrf": token}, **kw)


def started(c: TestClient) -> TestClient:
    assert c.post("/start", follow_redirects=False).status_code == 303
    return c


def error_page(html: str, title_prefix: str = "错误：", field: str = "answer") -> str:
    """Checks the parts every error page has; returns the text of the error message."""
    assert re.search(rf"<title>{title_prefix}", html), "title must start with the error prefix"
    assert 'class="error-summary"' in html and "autofocus" in html
    m = re.search(rf'<p id="{field}-error" class="error-message">'
                  r'<span class="visually-hidden">[^<]*</span>([^<]*)</p>', html)
    assert m, "message beside the field"
    summary = re.search(rf'<ul class="error-list">\s*<li><a href="(#{field}[^"]*)">([^<]*)</a>',
                        html)
    assert summary and summary[2] == m[1], "the summary links to the field with the message"
    assert summary[1].lstrip("#") in re.findall(r' id="([^"]+)"', html)
    assert f'aria-describedby="{field}-hint {field}-error"' in html or \
        f'aria-describedby="{field}-error"' in html
    return m[1]


def test_radios_error_and_answer_kept_on_other_errors(fresh: TestClient) -> None:
    c = started(fresh)
    r = post(c, "/question/has_disability_certificate", data={})
    assert r.status_code == 200
    assert error_page(r.text) == "请选择一项。"
    # A value that is not one of the options is refused the same way.
    r = post(c, "/question/hukou", data={"answer": "mars"})
    assert error_page(r.text) == "请选择一项。"


def test_number_errors_keep_what_was_typed(fresh: TestClient) -> None:
    c = started(fresh)
    r = post(c, "/question/age", data={"answer": "forty"})
    assert error_page(r.text) == "请输入一个 0 到 120 之间的整数。"
    assert 'value="forty"' in r.text
    r = post(c, "/question/age", data={"answer": "130"})
    assert error_page(r.text) == "不能大于 120。请输入一个 0 到 120 之间的数。"
    assert 'value="130"' in r.text
    r = post(c, "/question/age", data={"answer": ""})
    assert error_page(r.text) == "请回答这个问题。"
    r = post(c, "/question/loan_amount", data={"answer": "abc"})
    assert error_page(r.text) == "请输入一个 0 到 100,000,000 之间的数字。"
    # Full-width digits (Chinese input) and the unit are understood.
    ok = post(c, "/question/age", data={"answer": "４５岁"}, follow_redirects=False)
    assert ok.status_code == 303
    ok = post(c, "/question/loan_amount", data={"answer": "200,000元"}, follow_redirects=False)
    assert ok.status_code == 303
    check = c.get("/check").text
    assert "45 岁" in check and "200,000 元" in check


def test_date_errors(fresh: TestClient) -> None:
    c = started(fresh)
    url = "/question/loan_contract_date"
    r = post(c, url, data={"answer-year": "", "answer-month": "", "answer-day": ""})
    assert error_page(r.text) == "请把年、月、日都填上。"
    r = post(c, url, data={"answer-year": "2024", "answer-month": "3", "answer-day": ""})
    assert error_page(r.text) == "日期还缺少：日。"
    assert 'href="#answer-day"' in r.text
    assert 'value="2024"' in r.text and 'value="3"' in r.text    # kept
    r = post(c, url, data={"answer-year": "2024", "answer-month": "2", "answer-day": "30"})
    assert error_page(r.text) == "请输入真实存在的日期，年、月、日都要填写。"
    assert re.search(r'id="answer-day"[^>]*aria-invalid="true"', r.text)
    assert not re.search(r'id="answer-year"[^>]*aria-invalid', r.text)
    r = post(c, url, data={"answer-year": "24", "answer-month": "2", "answer-day": "3"})
    assert error_page(r.text) == "年份要写4位数字，例如2023。"
    r = post(c, url, data={"answer-year": "2024", "answer-month": "x", "answer-day": "3"})
    assert error_page(r.text) == "年、月、日只能填数字。"
    ok = post(c, url, data={"answer-year": "2024", "answer-month": "3", "answer-day": "1"},
                follow_redirects=False)
    assert ok.status_code == 303
    assert "2024年3月1日" in c.get("/check").text


def test_group_errors(fresh: TestClient, book: Rulebook) -> None:
    c = started(fresh)
    post(c, "/question/has_disability_certificate", data={"answer": "true"})
    url = "/page/household"
    page = c.get(url)
    assert page.status_code == 200
    shown = re.search(r'name="shown" value="([^"]*)"', page.text)
    assert shown
    r = post(c, url, data={"shown": shown[1]})
    assert error_page(r.text, field="q1").startswith("请选出符合的项")
    r = post(c, url, data={"shown": shown[1], "household_support": ["none", "tekun"]})
    assert error_page(r.text, field="q1") == "“以上都没有”不能和其他选项一起选。"
    assert re.search(r'value="tekun" checked', r.text)      # the boxes ticked are kept
    r = post(c, url, data={"shown": shown[1], "household_support": ["dont_know", "tekun"]})
    assert error_page(r.text, field="q1") == "“不知道”不能和其他选项一起选。"


def test_errors_in_english_and_zhuang(fresh: TestClient) -> None:
    c = started(fresh)
    c.get("/?lang=en")
    r = post(c, "/question/age", data={"answer": "x"})
    assert error_page(r.text, "Error: ") == "Enter a whole number from 0 to 120."
    c.get("/?lang=za")
    r = post(c, "/question/age", data={"answer": "x"})
    assert error_page(r.text, "Loeng: ").startswith("Cingj")


def test_dont_know_button_for_typed_answers(fresh: TestClient, book: Rulebook) -> None:
    c = started(fresh)
    page = c.get("/question/business_registered_on").text
    assert 'name="dont_know"' in page                     # facts.yaml: dont_know: true
    assert 'name="dont_know"' not in c.get("/question/loan_amount").text
    r = post(c, "/question/business_registered_on", data={"dont_know": "1"},
               follow_redirects=False)
    assert r.status_code == 303
    assert "不知道" in c.get("/check").text


def test_change_link_comes_back_to_check(fresh: TestClient, book: Rulebook) -> None:
    walk(fresh, book, GRADE1_DIBAO)
    page = fresh.get("/question/age?return=check").text
    assert 'href="/check" class="back-link"' in page
    assert 'action="/question/age?return=check"' in page
    assert 'value="45"' in page                                   # the answer given
    r = post(fresh, "/question/age?return=check", data={"answer": "46"}, follow_redirects=False)
    assert r.headers["location"] == "/check"
    assert "46 岁" in fresh.get("/check").text


def test_tampered_foreign_and_stale_state_get_a_friendly_page(
        fresh: TestClient, book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    walk(fresh, book, GRADE1_DIBAO)
    good = fresh.cookies.get(state.COOKIE)
    assert good
    answers = zlib.compress(json.dumps({"f": {"age": 30}, "s": [], "o": []}).encode())
    bad_tokens = [
        good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),      # changed
        Fernet(Fernet.generate_key()).encrypt(answers).decode(),         # foreign key
        URLSafeTimedSerializer("k", salt="resident-answers").dumps(      # the old format
            {"f": {"age": 30}, "s": [], "o": []}),
        state._cipher().encrypt(zlib.compress(b'{"f":{}' + b" " * 100_000 + b',"s":[],"o":[]}')
                                ).decode(),                                # too long inside
        state._cipher().encrypt(b"not zlib").decode(),
        "not-a-token",
    ]
    old = time.time() - state.MAX_AGE_SECONDS - 60
    monkeypatch.setattr("cryptography.fernet.time.time", lambda: old)
    bad_tokens.append(state.dumps(state.Answers({"age": 30})))           # stale
    monkeypatch.undo()
    for token in bad_tokens:
        for method, url in (("get", "/results"), ("get", "/check"), ("get", "/question/age"),
                            ("post", "/question/age"), ("get", "/")):
            c = TestClient(fresh.app)
            c.cookies.set(state.COOKIE, token)
            r = c.request(method, url, data={"answer": "30"} if method == "post" else None)
            assert r.status_code == 400, (url, r.status_code)
            assert "你的回答已经过期或无法读取" in r.text and 'action="/start"' in r.text
            assert 'answers=""' in r.headers.get("set-cookie", "")    # forgotten


def test_the_answers_cookie_cannot_be_read_without_the_key(fresh: TestClient,
                                                           book: Rulebook) -> None:
    """Sensitive answers (PIPL): whoever sees the cookie sees neither the facts nor their
    names; the service itself reads them back whole."""
    walk(fresh, book, GRADE1_DIBAO)
    token = fresh.cookies.get(state.COOKIE)
    assert token
    seen = token + base64.urlsafe_b64decode(token + "==").decode("latin-1")
    for word in ("physical", "youjiang", "household_dibao", "disability_grade"):
        assert word not in seen, word
    answers = state.loads(token, book)
    assert answers.facts["disability_category"] == "physical"
    assert answers.facts["county"] == "youjiang"
    assert len(token) < 1500   # one cookie, far from the browsers' 4 KB


def test_start_again_clears_the_answers(fresh: TestClient, book: Rulebook) -> None:
    walk(fresh, book, GRADE1_DIBAO)
    assert 'action="/clear"' in fresh.get("/results").text
    r = post(fresh, "/clear", follow_redirects=False)
    assert r.headers["location"] == "/?cleared=1"
    assert not fresh.cookies.get(state.COOKIE)
    assert "你的回答已经清除。" in fresh.get("/?cleared=1").text
    assert fresh.get("/results", follow_redirects=False).headers["location"] == "/"


def test_comfort_mode_is_remembered_and_returns_to_the_page(fresh: TestClient) -> None:
    r = fresh.post("/comfort", data={"comfort": "1", "next": "/question/age?lang=en"},
                   follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/question/age?lang=en"
    page = fresh.get("/question/age").text
    assert '<body class="comfort">' in page and 'aria-pressed="true"' in page
    fresh.post("/comfort", data={"comfort": "0", "next": "/"})
    assert '<body class="">' in fresh.get("/").text
    for evil in ("//example.com/x", "https://example.com", "\\\\x"):
        r = fresh.post("/comfort", data={"comfort": "1", "next": evil}, follow_redirects=False)
        assert r.headers["location"] == "/"


def test_comfort_css_large_text_and_targets() -> None:
    css = (STATIC_DIR / "css" / "main.css").read_text("utf-8")
    comfort_css = (STATIC_DIR / "css" / "comfort.css").read_text("utf-8")
    comfort = re.search(r"\.comfort\{font-size:([\d.]+)rem", comfort_css)
    assert comfort and float(comfort[1]) * 16 >= 18
    assert "min-height:44px" in css


def test_results_print_view_and_program_page(fresh: TestClient, book: Rulebook) -> None:
    walk(fresh, book, GRADE1_DIBAO)
    notice = fresh.get("/results?print=1").text
    assert "一次性告知单" in notice
    assert book.version in notice and book.digest in notice
    assert "要带的材料" in notice and "右江区" in notice
    assert "第二代残疾人证" in notice.split("要带的材料", 1)[1]
    assert "<dl class=\"summary-list\">" in notice and "肢体残疾" in notice   # answers given
    assert "修改" not in notice
    program = fresh.get("/results/nursing_subsidy").text
    assert program.count('<blockquote lang="zh-Hans">') >= 2
    assert book.programs["nursing_subsidy"].model.apply.how.split()[0][:20] in program
    assert fresh.get("/results/nope").status_code == 404


def test_unknown_question_is_a_friendly_404(fresh: TestClient) -> None:
    for url in ("/question/shoe_size", "/page/nothing"):
        r = fresh.get(url)
        assert r.status_code == 404 and "找不到这个页面" in r.text


def test_pages_without_answers_go_to_the_start(fresh: TestClient) -> None:
    for url in ("/check", "/results", "/results/nursing_subsidy"):
        assert fresh.get(url, follow_redirects=False).headers["location"] == "/"


def test_results_so_far_from_the_first_page(fresh: TestClient) -> None:
    """The first question page links to the results as they stand; before any answer that
    link shows them (nothing settled yet, and the way on), not the start page again."""
    first = fresh.post("/start")
    assert 'href="/results"' in first.text
    r = fresh.get("/results", follow_redirects=False)
    assert r.status_code == 200, r.headers.get("location")
    assert 'href="/page/certificate"' in r.text                       # back to answering
    assert 'href="/check"' not in r.text                    # no answers to check (it would bounce)
    assert fresh.get("/results/nursing_subsidy", follow_redirects=False).status_code == 200


def test_answers_are_not_logged(fresh: TestClient, book: Rulebook,
                                capsys: pytest.CaptureFixture[str]) -> None:
    walk(fresh, book, GRADE1_DIBAO)
    fresh.get("/results")
    out = capsys.readouterr()
    assert "physical" not in out.out + out.err and "youjiang" not in out.out + out.err


WEIGHT_QUESTION = 14 * 1024
WEIGHT_RESULTS = 40 * 1024


@pytest.mark.parametrize("comfort", [False, True])
@pytest.mark.parametrize("resident", ["grade-1 physical, 低保", "business and loan"])
def test_page_weights(fresh: TestClient, book: Rulebook, comfort: bool, resident: str) -> None:
    """HTML + CSS, uncompressed: question pages (also in their error state) under 14 KB,
    results under 40 KB; in comfort mode with its own stylesheet too. "business and loan"
    has the heaviest results page (bench/page_weight.py prints every resident's)."""
    css = len((STATIC_DIR / "css" / "main.css").read_bytes())
    if comfort:
        css += len((STATIC_DIR / "css" / "comfort.css").read_bytes())
    print_css = len((STATIC_DIR / "css" / "print.css").read_bytes())   # results pages only
    print_css += len((STATIC_DIR / "css" / "results.css").read_bytes())   # likewise
    for lang in ("zh-Hans", "za", "en"):
        c = TestClient(fresh.app)
        if comfort:
            c.cookies.set("comfort", "1")
        w = walk(c, book, RESIDENTS[resident], lang=lang)
        url, html = max(w.html.items(), key=lambda kv: len(kv[1].encode()))
        assert len(html.encode()) + css < WEIGHT_QUESTION, (lang, url)
        page = c.get("/results")
        assert "print.css" in page.text
        results = len(page.content) + css + print_css
        assert results < WEIGHT_RESULTS, (lang, results)
        c.post("/start")
        shown = re.search(r'name="shown" value="([^"]*)"', html)
        error = post(c, url, data={"shown": shown[1]} if shown else {})
        assert "error-summary" in error.text and "print.css" not in error.text
        assert len(error.content) + css < WEIGHT_QUESTION, (lang, url, len(error.content) + css)


def test_no_script_needed(fresh: TestClient, book: Rulebook) -> None:
    """Every page works with JavaScript off: none has a script, except the one-off notice,
    whose print button stays hidden unless its small script shows it."""
    w = walk(fresh, book, GRADE1_DIBAO)
    pages = [*w.html.values(), fresh.get("/").text, fresh.get("/check").text,
             fresh.get("/results").text, fresh.get("/results/nursing_subsidy").text]
    for html in pages:
        assert "<script" not in html and "onclick" not in html
    notice = fresh.get("/results?print=1").text
    assert re.search(r'<button type="button" class="button" data-print hidden>', notice)
    assert re.search(r'<script src="/static/js/print.js\?v=[0-9a-f]{8}" defer></script>', notice)
