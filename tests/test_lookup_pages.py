"""The rule lookup's pages: search, rule page as of a date, quick check, calculators,
change log, bad input."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from app.engine import Rulebook
from app.i18n import gettext_for
from app.lookup.rulepage import change_log, parameters_on
from app.present import get_presenter

ZH = {"lang": "zh-Hans"}


class Outline(HTMLParser):
    """Headings in order, ids, inputs with autofocus, and the <title>."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.autofocus: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        a = dict(attrs)
        if "autofocus" in a:
            self.autofocus.append(a.get("id") or tag)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def outline(html: str) -> Outline:
    o = Outline()
    o.feed(html)
    return o


def assert_headings_in_order(html: str) -> None:
    levels = outline(html).headings
    assert levels and levels.count(1) == 1 and levels[0] in (1, 2), levels
    # the error summary's h2 may come before the h1; after it, no level is skipped
    start = levels.index(1)
    for before, after in zip(levels[start:], levels[start + 1:], strict=False):
        assert after <= before + 1, levels


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---------------------------------------------------------------- search


def test_search_page_focuses_the_box_and_lists_every_program(client: TestClient,
                                                             book: Rulebook) -> None:
    r = client.get("/rules", params=ZH)
    assert r.status_code == 200
    o = outline(r.text)
    assert o.autofocus == ["q"]
    assert_headings_in_order(r.text)
    for pid in book.programs:
        assert f'href="/rules/{pid}"' in r.text
    assert "社会保障" in r.text and "就业创业" in r.text  # grouped by area


def test_search_results_say_why(client: TestClient) -> None:
    r = client.get("/rules", params={"q": "hlbt", **ZH})
    assert r.status_code == 200
    assert_headings_in_order(r.text)
    first = r.text.index('href="/rules/nursing_subsidy')
    assert first < r.text.index("全部项目")
    assert "<mark>护理补贴</mark>" in r.text
    assert "拼音首字母" in r.text
    assert outline(r.text).autofocus == ["results"]
    assert "“hlbt”的搜索结果" in outline(r.text).title


@pytest.mark.parametrize("q", ["", "   ", "护" * 400, "？！。", "<script>alert(1)</script>"])
def test_empty_or_absurd_search_is_a_helpful_page(client: TestClient, q: str) -> None:
    r = client.get("/rules", params={"q": q, **ZH})
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    assert 'id="q-error"' in r.text or "没有找到" in r.text
    assert "全部项目" in r.text


def test_search_without_match_suggests(client: TestClient) -> None:
    r = client.get("/rules", params={"q": "qqqqzzzz", **ZH})
    assert r.status_code == 200 and "没有找到" in r.text and "hlbt" in r.text


# ---------------------------------------------------------------- rule page


def amount_line(html: str) -> str:
    m = re.search(r'<p class="amount">([^<]*)</p>', html)
    assert m, "no amount line"
    return m.group(1)


def test_rule_page_before_and_after_a_parameter_change(client: TestClient) -> None:
    before = client.get("/rules/living_subsidy", params={"on": "2024-06-01", **ZH})
    after = client.get("/rules/living_subsidy", params={"on": "2025-06-01", **ZH})
    assert before.status_code == after.status_code == 200
    assert amount_line(before.text) == "2024-06-01 的金额：每月 80 元"
    assert amount_line(after.text) == "2025-06-01 的金额：每月 90 元"
    # the history of values is on both, the value in force marked
    for r, current in ((before, "2024-01-01"), (after, "2025-01-01")):
        rows = re.findall(r'<tr( class="current")?>\s*<th scope="row">([0-9-]+)', r.text)
        assert [d for _, d in rows] == ["2025-01-01", "2024-01-01"]
        assert [d for cls, d in rows if cls] == [current]
        assert "未核实" in r.text
        assert_headings_in_order(r.text)
    # the script read out on the phone follows the date too
    assert "金额是 每月 80 元" in before.text and "金额是 每月 90 元" in after.text


def test_rule_page_before_any_known_value(client: TestClient) -> None:
    r = client.get("/rules/living_subsidy", params={"on": "2023-06-01", **ZH})
    assert r.status_code == 200
    assert "2023-06-01 这一天没有可靠的金额数据" in r.text
    assert 'class="amount"' not in r.text


def test_rule_page_has_everything_an_operator_needs(client: TestClient, book: Rulebook) -> None:
    r = client.get("/rules/nursing_subsidy", params=ZH)
    assert r.status_code == 200
    program = book.programs["nursing_subsidy"].model
    page = r.text
    for crit in program.requirements + program.exclusions:
        assert crit.text in page
    assert program.office in page and program.documents[0] in page
    for cite in program.cite:
        if cite.quote:
            assert f'<blockquote lang="zh-Hans"><p>{cite.quote}</p></blockquote>' in page
            assert cite.locator in page
    for rel in program.related:
        assert f'href="/rules/{rel}"' in page
    script = re.search(r'<p class="script">(.*?)</p>', page)
    assert script
    said = text(script.group(1))
    assert program.title in said and program.office in said
    assert program.requirements[0].text in said
    assert 'name="on"' in page  # the as-of date field
    assert_headings_in_order(page)


def test_every_rule_page_renders_in_every_language(client: TestClient, book: Rulebook) -> None:
    for pid in book.programs:
        for lang in ("zh-Hans", "za", "en"):
            r = client.get(f"/rules/{pid}", params={"lang": lang})
            assert r.status_code == 200, (pid, lang)
            assert f'<html lang="{lang}"' in r.text
            assert_headings_in_order(r.text)


@pytest.mark.parametrize("bad", ["2024-13-01", "2024-02-30", "yesterday", "99999-01-01"])
def test_bad_as_of_date_is_an_error_on_the_page(client: TestClient, bad: str) -> None:
    r = client.get("/rules/living_subsidy", params={"on": bad, **ZH})
    assert r.status_code == 200
    assert outline(r.text).title.startswith("错误：")
    assert 'href="#on"' in r.text and 'id="on-error"' in r.text
    assert f'value="{bad}"' in r.text  # what was typed is kept
    assert 'aria-describedby="on-hint on-error"' in r.text


@pytest.mark.parametrize("typed", ["2024年6月1日", "2024/6/1", "2024.6.1", "20240601",
                                   "２０２４－０６－０１", " 2024-6-1 "])
def test_lenient_as_of_date_forms(client: TestClient, typed: str) -> None:
    """The as-of date is read like every typed date (the codec's spellings, full-width too)."""
    r = client.get("/rules/living_subsidy", params={"on": typed, **ZH})
    assert amount_line(r.text) == "2024-06-01 的金额：每月 80 元"


def test_unknown_rule_is_a_404_in_the_users_language(client: TestClient) -> None:
    r = client.get("/rules/no_such_rule", params=ZH)
    assert r.status_code == 404 and "找不到这项规则" in r.text
    en = client.get("/rules/no_such_rule", params={"lang": "en"})
    assert en.status_code == 404 and '<html lang="en"' in en.text
    expected = gettext_for("en")("找不到这项规则")
    assert expected != "找不到这项规则" and expected in en.text
    r = client.post("/rules/no_such_rule", params=ZH, data={})
    assert r.status_code == 404


# ---------------------------------------------------------------- quick check and calculators


def check(client: TestClient, pid: str, data: dict[str, str]) -> str:
    r = client.post(f"/rules/{pid}", params=ZH, data=data)
    assert r.status_code == 200
    return r.text


def test_quick_check_eligible_with_amount(client: TestClient) -> None:
    page = check(client, "living_subsidy", {
        "on": "2025-06-01", "has_disability_certificate": "true", "hukou": "baise",
        "household_dibao": "true", "tekun": "false", "orphan_allowance": "false"})
    assert "可以申请" in page and "计算结果：每月 90 元" in page
    assert outline(page).autofocus == ["check-result"]


def test_quick_check_says_what_is_missing(client: TestClient) -> None:
    page = check(client, "living_subsidy", {
        "on": "2025-06-01", "has_disability_certificate": "true", "hukou": "baise"})
    assert "还需要更多信息" in page and "还需要知道" in page
    # answers kept
    assert re.search(r'value="baise" checked', page)


def test_quick_check_not_eligible(client: TestClient) -> None:
    page = check(client, "living_subsidy", {"on": "2025-06-01",
                                            "has_disability_certificate": "false"})
    assert "目前不符合" in page


def test_quick_check_errors_per_field_keep_what_was_typed(client: TestClient) -> None:
    page = check(client, "loan_interest_subsidy", {
        "on": "2023-01-01", "loan_amount": "二十多万", "loan_contract_date": "2022-9-1x",
        "loan_annual_rate": "5.15"})
    assert outline(page).title.startswith("错误：")
    assert 'href="#fact-loan_amount"' in page and 'href="#fact-loan_contract_date"' in page
    assert 'id="fact-loan_amount-error"' in page
    assert 'value="二十多万"' in page and 'value="2022-9-1x"' in page and 'value="5.15"' in page
    assert "请输入一个 0 到 100,000,000 之间的数字。" in page
    assert 'id="check-result"' not in page
    assert_headings_in_order(page)


def test_loan_calculator_worked_example(client: TestClient) -> None:
    page = check(client, "loan_interest_subsidy", {
        "on": "2023-01-01", "has_disability_certificate": "true", "loan_type": "individual",
        "loan_amount": "200000", "loan_term_months": "36", "loan_contract_date": "2022-09-01",
        "loan_annual_rate": "5.15"})
    assert "计算结果：每年 6,000 元" in page
    assert "3.65%" in page  # the LPR in force on the contract date, shown as used
    assert "可以申请" in page


def test_loan_calculator_says_what_it_still_needs(client: TestClient) -> None:
    page = check(client, "loan_interest_subsidy", {
        "on": "2023-01-01", "loan_type": "individual", "loan_amount": "200000"})
    assert "要计算金额，还需要知道" in page


def test_stall_calculator_45_places_reserve_5(client: TestClient) -> None:
    page = check(client, "stall_reservation", {"on": "2025-06-01", "market_total_stalls": "45"})
    assert "计算结果：每个项目 5 个" in page
    # only a formula result: eligibility is still open
    assert "不代表符合申请条件" in page


# ---------------------------------------------------------------- change log


def test_change_log(client: TestClient, book: Rulebook) -> None:
    r = client.get("/rules/changes", params=ZH)
    assert r.status_code == 200
    page = text(r.text)
    assert book.version in page and book.digest in page
    assert "每月 80 元 → 每月 90 元" in page
    assert "2025-01-01 起执行" in page and "桂民发〔2025〕25号" in page
    dates = re.findall(r"<h2>(\d{4}-\d{2}-\d{2}) · ", r.text)
    assert dates == sorted(dates, reverse=True) and len(dates) > 10
    assert_headings_in_order(r.text)


def test_change_log_rows(book: Rulebook) -> None:
    rows = change_log(book, get_presenter(book, "zh-Hans"))
    living = [r for r in rows if r["parameter"] == "living_subsidy.monthly_amount"]
    assert [(str(r["old"]), str(r["new"]), r["on"].isoformat()) for r in living] == [
        ("80", "90", "2025-01-01"), ("None", "80", "2024-01-01")]
    lpr = [r for r in rows if r["parameter"] == "lpr_1y"]
    assert len(lpr) == len(book.shared_params["lpr_1y"].entries)
    assert lpr[0]["programs"][0]["id"] == "loan_interest_subsidy"


def test_parameters_on_uses_the_value_in_force(book: Rulebook) -> None:
    present = get_presenter(book, "zh-Hans")
    loan = book.programs["loan_interest_subsidy"]
    params = {p["id"]: p for p in parameters_on(loan, present, dt.date(2022, 9, 1))}
    lpr = params["lpr_1y"]
    assert lpr["values"][lpr["current"]]["value"] == 3.65
    before = parameters_on(book.programs["living_subsidy"], present, dt.date(2023, 12, 31))
    assert before[0]["current"] is None


def test_quick_check_of_every_rule_answers(client: TestClient, book: Rulebook) -> None:
    """Blank answers are unknown, never an error; a rule in force says what is missing."""
    for pid, program in book.programs.items():
        page = check(client, pid, {"on": "2025-06-01"})
        assert 'id="check-result"' in page, pid
        assert 'class="error-summary"' not in page, pid
        on = dt.date(2025, 6, 1)
        if program.valid_from <= on and (program.valid_until is None
                                         or on <= program.valid_until):
            assert "还需要更多信息" in page or "可以申请" in page, pid


# ---------------------------------------------------------------- answers in the list (issue 16)


def result_block(html: str, pid: str) -> str:
    """The results-list item of one rule: from its link to the next result's heading."""
    start = html.index(f'href="/rules/{pid}')
    end = html.find("<h3>", start)
    return html[start:end if end != -1 else len(html)]


def answer_lines(block: str) -> list[tuple[str, str]]:
    return [(k, text(t).strip()) for k, t in
            re.findall(r'<p class="answer-line answer-(\w+)"[^>]*>(.*?)</p>', block, re.S)]


def test_each_result_says_who_qualifies_and_the_amount_on_the_chosen_date(
        client: TestClient) -> None:
    for on, amount in (("2024-06-01", "每月 80 元"), ("2025-06-01", "每月 90 元")):
        r = client.get("/rules", params={"q": "护理补贴", "on": on, **ZH})
        assert r.status_code == 200
        lines = answer_lines(result_block(r.text, "nursing_subsidy"))
        assert [k for k, _ in lines] == ["who", "amount"]
        assert lines[0][1].startswith("谁可以：") and "第二代残疾人证" in lines[0][1]
        assert f"按 {on} 的标准，金额是 {amount}" in lines[1][1]
        # the rule page opens on the same date
        assert f'href="/rules/nursing_subsidy?on={on}"' in r.text
    # a rule whose amount depends on the caller, and one that pays nothing
    r = client.get("/rules", params={"q": "贷款贴息", **ZH})
    assert "具体情况计算" in dict(answer_lines(result_block(r.text, "loan_interest_subsidy")))[
        "amount"]
    r = client.get("/rules", params={"q": "残疾证", **ZH})
    assert "不发钱" in r.text or "金额：" in r.text


def test_a_bad_date_on_the_search_page_keeps_the_results(client: TestClient) -> None:
    r = client.get("/rules", params={"q": "护理补贴", "on": "2025-13-45", **ZH})
    assert r.status_code == 200
    assert 'id="on-error"' in r.text and 'value="2025-13-45"' in r.text
    assert "nursing_subsidy" in r.text and "金额按今天" in r.text


@pytest.mark.parametrize(("q", "pid", "asked"), [
    ("残疾人护理补贴多少钱", "nursing_subsidy", "amount"),
    ("办残疾证要什么材料", "disability_certificate", "documents"),
    ("公租房怎么申请", "public_rental_housing", "apply"),
    ("养老保险费谁交", "pension_premium", "who"),
])
def test_what_the_caller_asked_comes_first(client: TestClient, q: str, pid: str,
                                           asked: str) -> None:
    r = client.get("/rules", params={"q": q, **ZH})
    assert r.status_code == 200
    block = result_block(r.text, pid)
    assert block.startswith(f'href="/rules/{pid}?ask={asked}#{asked}"')
    assert answer_lines(block)[0][0] == asked
    assert "来电人问的是" in r.text
    page = client.get(f"/rules/{pid}", params={"ask": asked, **ZH})
    contents = re.search(r'<nav aria-labelledby="contents-heading">(.*?)</nav>', page.text,
                         re.S)
    assert contents
    assert re.findall(r'href="#([\w-]+)"', contents.group(1))[0] == asked
    assert f'id="{asked}"' in page.text


def test_only_question_words_asks_for_the_scheme(client: TestClient) -> None:
    r = client.get("/rules", params={"q": "多少钱", **ZH})
    assert r.status_code == 200 and 'id="q-error"' in r.text and "护理补贴多少钱" in r.text


def test_the_phone_script_comes_before_the_rest_of_the_rule(client: TestClient) -> None:
    r = client.get("/rules/nursing_subsidy", params=ZH)
    order = [r.text.index(s) for s in ('class="script"', 'id="contents-heading"', 'id="who"')]
    assert order == sorted(order)



def test_the_office_reads_as_a_sentence_in_the_script_and_the_results(
        client: TestClient, book: Rulebook) -> None:
    """An office is a list of bodies (县民政局；乡镇人民政府受理): wrapped in "由…办理" it read
    "…受理办理", and in English "handled by County (city, district) …". It is said as a label."""
    en = gettext_for("en")
    for pid, program in book.programs.items():
        office = program.model.office
        page = client.get(f"/rules/{pid}", params=ZH).text
        said = text(re.search(r'<p class="script">(.*?)</p>', page).group(1))  # type: ignore[union-attr]
        assert f"办理部门：{office}。" in said, pid
        assert "受理办理" not in said and "协助办理" not in said, pid
        page = client.get(f"/rules/{pid}", params={"lang": "en"}).text
        said = unescape(text(re.search(r'<p class="script">(.*?)</p>', page).group(1)))  # type: ignore[union-attr]
        assert f"Office: {en(office)}." in said, pid
    r = client.get("/rules", params={"q": "低保怎么申请", **ZH})
    lines = dict(answer_lines(result_block(r.text, "dibao")))
    assert lines["apply"] == f"办理部门：{book.programs['dibao'].model.office}。"



def test_each_document_to_bring_is_said_whole(client: TestClient, book: Rulebook) -> None:
    """Documents are phrases holding 、 and ， themselves (家庭收入、财产情况的说明): joined
    with 、 two documents read as one list of four. Each is said whole, between separators."""
    en = gettext_for("en")
    for pid, program in book.programs.items():
        docs = program.model.documents
        if not docs:
            continue
        page = client.get(f"/rules/{pid}", params=ZH).text
        said = unescape(text(re.search(r'<p class="script">(.*?)</p>', page).group(1)))  # type: ignore[union-attr]
        assert f"申请时请带上：{'；'.join(docs)}。" in said, pid
        page = client.get(f"/rules/{pid}", params={"lang": "en"}).text
        said = unescape(text(re.search(r'<p class="script">(.*?)</p>', page).group(1)))  # type: ignore[union-attr]
        assert "; ".join(en(d) for d in docs) in said, pid
    r = client.get("/rules", params={"q": "低保要什么材料", **ZH})
    lines = dict(answer_lines(result_block(r.text, "dibao")))
    assert lines["documents"] == "要带：" + "；".join(book.programs["dibao"].model.documents) + "。"



def test_the_english_script_speaks_to_the_caller_throughout(client: TestClient) -> None:
    """The script is read to the caller and its conditions say "You hold …": the lead-ins
    say "you" too, not "The caller must meet …: You hold …"."""
    page = client.get("/rules/nursing_subsidy", params={"lang": "en"}).text
    said = unescape(text(re.search(r'<p class="script">(.*?)</p>', page).group(1)))  # type: ignore[union-attr]
    assert "You must meet all of these: You hold" in said
    assert "You cannot get it if any of these applies: You are" in said
    assert "The caller" not in said and "They cannot" not in said


# ---------------------------------------------------------------- quick check through the codec


def test_quick_check_reads_what_people_type(client: TestClient) -> None:
    """The quick check reads typed facts with the fact codec: 20万, 5.15%, 36个月, 年月日."""
    page = check(client, "loan_interest_subsidy", {
        "on": "2023-01-01", "has_disability_certificate": "true", "loan_type": "individual",
        "loan_amount": "20万", "loan_term_months": "36个月", "loan_contract_date": "2022年9月1日",
        "loan_annual_rate": "5.15%"})
    assert "计算结果：每年 6,000 元" in page and "可以申请" in page
    assert 'value="20万"' in page  # kept as typed
    page = check(client, "nursing_subsidy", {
        "on": "2025-06-01", "has_disability_certificate": "true", "hukou": "百色",
        "disability_category": "肢体", "disability_grade": "一级",
        "needs_long_term_care": "true", "tekun": "false",
        "work_injury_nursing_allowance": "false"})
    assert "可以申请" in page and "计算结果：每月 90 元" in page


@pytest.mark.parametrize(("lang", "message"), [
    ("zh-Hans", "请输入一个 1 到 4 之间的数"),
    ("en", "Enter a number from 1 to 4"),
    ("za", "Cingj raiz aen soq youq 1 daengz 4 ndawde"),
])
def test_quick_check_errors_say_what_to_type_in_the_pages_language(client: TestClient,
                                                                   lang: str,
                                                                   message: str) -> None:
    r = client.post("/rules/nursing_subsidy", params={"lang": lang},
                    data={"on": "2025-06-01", "disability_grade": "五级"})
    assert r.status_code == 200
    assert 'id="fact-disability_grade-error"' in r.text and message in r.text
    assert 'value="五级"' in r.text


def test_quick_check_leaves_the_shared_answers_alone(client: TestClient) -> None:
    """The presenter shares one answer per distinct amount between requests: the quick
    check showing a computed amount must not change it, or the API's next answer with the
    same amount cannot be encoded (a 500 once seen after the lookup's tests)."""
    facts = {"has_disability_certificate": "true", "hukou": "baise",
             "household_dibao": "true", "tekun": "false", "orphan_allowance": "false"}
    check(client, "living_subsidy", {"on": "2025-06-01", **facts})
    r = client.post("/api/v1/screen", json={
        "on": "2025-06-01", "programs": ["living_subsidy"],
        "facts": {k: v == "true" if v in ("true", "false") else v for k, v in facts.items()}})
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["amount"]["value"] == 90
