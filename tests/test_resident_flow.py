"""The resident's guided screening, end to end through HTTP, for several residents.

At every page the walker (tests/support/resident.py) checks against the engine that the page
asks only facts that can still change an open result, the most useful first, and never a fact
already answered or skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from app.codec import read_facts
from app.engine import Rulebook, compute_amount
from app.present import today
from tests.support.resident import DONT_KNOW, answer_page, result_groups, token, walk


@pytest.fixture()
def fresh() -> TestClient:
    """A client with its own cookie jar: one resident's browser."""
    from app.main import app

    return TestClient(app)


def pres_digest_absent(book: Rulebook, html: str) -> bool:
    """No rule-version hash on a resident's page (the printed notice keeps it)."""
    return book.digest not in html


def title(book: Rulebook, program: str) -> str:
    return book.programs[program].model.title


GRADE1_DIBAO = {
    "has_disability_certificate": True, "hukou": "baise", "county": "youjiang",
    "disability_category": "physical", "disability_grade": 1, "age": 45,
    "household_dibao": True, "needs_long_term_care": True, "has_long_term_impairment": True,
    "wants_market_stall": False,
}


def test_grade1_physical_dibao_resident(fresh: TestClient, book: Rulebook) -> None:
    w = walk(fresh, book, GRADE1_DIBAO)
    asked = w.asked
    assert asked[0] == "has_disability_certificate"
    for fact in ("hukou", "disability_grade", "household_dibao", "needs_long_term_care",
                 "age", "county"):
        assert fact in asked
    # Nothing about loans or a business date: business_type none settles those programs.
    for fact in ("loan_amount", "loan_contract_date", "business_registered_on",
                 "market_total_stalls"):
        assert fact not in asked
    assert len(asked) == len(set(asked))

    check = fresh.get("/check")
    assert check.status_code == 200
    assert "肢体残疾" in check.text and "百色市" in check.text
    # 低保 implies a household in hardship: not stored as an answer, shown as inferred
    assert check.text.count('?return=check"') == len(w.facts) + len(w.skipped) - 1
    assert 'href="/question/household_in_hardship?return=check"' not in check.text
    assert "推知" in check.text.split("从你的回答推知的", 1)[1]

    r = fresh.get("/results")
    assert r.status_code == 200
    groups = result_groups(r.text)
    for program in ("living_subsidy", "nursing_subsidy", "pension_premium"):
        assert title(book, program) in groups["apply"]
    for program in ("startup_subsidy", "loan_interest_subsidy", "stall_reservation"):
        assert title(book, program) in groups["closed"]
    # money first: the subsidies head the list, before concessions and services
    pays = [title(book, p) for p in book.programs if book.programs[p].model.amount is not None
            and book.programs[p].model.amount.unit == "CNY"]
    apply = groups["apply"]
    assert apply[0] == title(book, "living_subsidy")
    first_other = next(i for i, t in enumerate(apply) if t not in pays)
    assert all(t not in pays for t in apply[first_other:]), apply
    assert "每月 90 元" in r.text or "每月 80 元" in r.text
    assert "右江区" in r.text                      # where to apply, in the resident's county
    assert "以经办部门核定为准" in r.text           # unconfirmed amount: a quiet sentence
    assert pres_digest_absent(book, r.text)
    assert "怎样办第二代残疾人证" not in r.text


def test_documents_every_program_asks_for_are_named_once(fresh: TestClient,
                                                        book: Rulebook) -> None:
    """Documents every eligible program asks for are named once, above the cards; each card
    lists only the others. The program page still lists them all."""
    from tests.test_resident_i18n import BUSINESS

    walk(fresh, book, BUSINESS)
    r = fresh.get("/results")
    assert len(result_groups(r.text)["apply"]) >= 5
    common, cards = r.text.split("下面每个项目都要带：", 1)[1].split("</p>", 1)
    assert "第二代残疾人证" in common
    cards = cards.split('id="more"', 1)[0]
    rest = re.findall(r"还要带：([^<]*)", cards)
    assert rest and not any("第二代残疾人证" in t for t in rest)
    assert "<li>第二代残疾人证</li>" in fresh.get("/results/living_subsidy").text


def test_common_documents_are_those_of_every_card() -> None:
    from app.resident.views import common_documents

    cards = [{"documents": ["证", "身份证", "合同"]}, {"documents": ["身份证", "证"]},
             {"documents": ["证", "身份证", "照片"]}]
    assert common_documents(cards) == ["证", "身份证"]
    assert common_documents(cards[:1]) == []      # one card: its list stays in the card
    assert common_documents([*cards, {"documents": []}]) == []


def test_resident_without_certificate(fresh: TestClient, book: Rulebook) -> None:
    persona = {"has_disability_certificate": False, "hukou": "baise", "county": "tianyang",
               "age": 30, "disability_category": DONT_KNOW, "disability_grade": DONT_KNOW,
               "needs_long_term_care": DONT_KNOW, "has_long_term_impairment": True}
    w = walk(fresh, book, persona)
    assert w.asked[0] == "has_disability_certificate"
    r = fresh.get("/results")
    groups = result_groups(r.text)
    for program in ("living_subsidy", "nursing_subsidy", "pension_premium", "startup_subsidy",
                    "loan_interest_subsidy", "stall_reservation"):
        assert title(book, program) in groups["closed"]
    # How to get a certificate: the county federation, with the plan's item 三(六)4.
    cert = r.text.split('id="certificate"', 1)[1].split("</section>", 1)[0]
    assert "残联" in cert and "三(六)4" in cert and 'lang="zh-Hans"' in cert


def test_mental_grade3_resident(fresh: TestClient, book: Rulebook) -> None:
    persona = {"has_disability_certificate": True, "hukou": "other_guangxi", "county": "debao",
               "disability_category": "mental", "disability_grade": 3, "age": 38,
               "needs_long_term_care": True, "has_long_term_impairment": True}
    w = walk(fresh, book, persona)
    assert "disability_category" in w.asked
    groups = result_groups(fresh.get("/results").text)
    assert title(book, "nursing_subsidy") in groups["apply"]      # grade 3-4 mental
    assert title(book, "living_subsidy") in groups["closed"]      # no 低保
    assert title(book, "pension_premium") in groups["closed"]     # grade 3, no 低保/特困


def test_business_owner_with_loan(fresh: TestClient, book: Rulebook) -> None:
    persona = {"has_disability_certificate": True, "hukou": "baise", "county": "jingxi",
               "disability_category": "physical", "disability_grade": 4, "age": 41,
               "has_long_term_impairment": True, "needs_long_term_care": False,
               "business_type": "individual", "first_business": True,
               "business_operating_normally": True,
               "business_registered_on": dt.date(2023, 3, 1),
               "loan_type": "individual", "loan_amount": 200000, "loan_term_months": 36,
               "loan_contract_date": dt.date(2024, 3, 1), "loan_annual_rate": 4.65}
    w = walk(fresh, book, persona)
    for fact in ("business_registered_on", "loan_amount", "loan_term_months",
                 "loan_contract_date", "loan_annual_rate"):
        assert fact in w.asked
    # The rate only changes the amount: it is asked after every eligibility question.
    rate_at = w.asked.index("loan_annual_rate")
    assert w.asked[rate_at + 1:] in ([], ["county"])

    r = fresh.get("/results")
    groups = result_groups(r.text)
    assert title(book, "startup_subsidy") in groups["apply"]
    assert title(book, "loan_interest_subsidy") in groups["apply"]
    facts, _ = read_facts(book, {k: v.isoformat() if isinstance(v, dt.date) else v
                                 for k, v in persona.items()}, on=today(), source="json")
    amount, _missing = compute_amount(book.programs["loan_interest_subsidy"], facts, today())
    assert amount is not None and amount.value == Decimal("5400.00")
    assert "每年 5,400 元" in r.text
    # The start-up subsidy has no known amount: the page says who sets it.
    no_amount = book.programs["startup_subsidy"].model.no_amount
    assert no_amount and no_amount in fresh.get("/results/startup_subsidy").text


def test_dont_know_is_never_asked_again_and_leaves_the_result_open(
        fresh: TestClient, book: Rulebook) -> None:
    persona = dict(GRADE1_DIBAO)
    for fact, fdef in book.facts.items():
        if fdef.group == "household_support":
            persona[fact] = DONT_KNOW
    w = walk(fresh, book, persona)
    assert "household_dibao" in w.skipped
    assert len(w.asked) == len(set(w.asked))
    r = fresh.get("/results")
    groups = result_groups(r.text)
    assert title(book, "living_subsidy") in groups["more"]
    more = r.text.split('id="more"', 1)[1].split('id="closed"', 1)[0]
    assert 'href="/question/household_dibao?return=results"' in more
    # Each open program says how many answers would settle it and links to the first;
    # answering from the results page comes back to the results.
    for _ in range(5):
        r = fresh.get("/results")
        if title(book, "living_subsidy") not in result_groups(r.text)["more"]:
            break
        card = r.text.split(title(book, "living_subsidy"), 1)[1].split("</section>", 1)[0]
        assert re.search(r"再回答 \d+ 个问题就能确定", card)
        links = re.findall(r'href="/question/([a-z_]+)\?return=results"', card)
        assert len(links) == 1
        name = links[0]
        value = "true" if name == "household_dibao" else "false"
        csrf = token(fresh.get(f"/question/{name}?return=results").text)
        back = fresh.post(f"/question/{name}?return=results",
                          data={"answer": value, "csrf": csrf}, follow_redirects=False)
        assert back.status_code == 303
        while back.headers["location"] not in ("/results", "/check"):  # newly open questions
            loc = back.headers["location"]
            data, _values = answer_page(book, fresh.get(loc).text, {},
                                        loc.split("/")[2].split("?")[0]
                                        if loc.startswith("/question/") else None)
            back = fresh.post(loc, data=data, follow_redirects=False)
    groups = result_groups(fresh.get("/results").text)
    assert title(book, "living_subsidy") in groups["apply"]


def test_progress_line_counts_up(fresh: TestClient, book: Rulebook) -> None:
    w = walk(fresh, book, GRADE1_DIBAO)
    numbers = []
    for url, _facts in w.pages:
        m = re.search(r"第 (\d+) 页，大约共 (\d+) 页", w.html[url])
        assert m, url
        numbers.append((int(m[1]), int(m[2])))
    assert [n for n, _t in numbers] == list(range(1, len(w.pages) + 1))
    assert all(total >= n for n, total in numbers)
    assert numbers[-1][1] == len(w.pages)


def test_language_switch_keeps_the_answers(fresh: TestClient, book: Rulebook) -> None:
    walk(fresh, book, GRADE1_DIBAO)
    en = fresh.get("/check?lang=en")
    assert en.status_code == 200 and '<html lang="en">' in en.text
    assert "Check your answers" in en.text
    za = fresh.get("/results?lang=za")
    assert '<html lang="za">' in za.text
    heading = re.search(r'<a href="/results/nursing_subsidy">(.*?)</a>', za.text)
    assert heading and heading[1] != title(book, "nursing_subsidy")   # translated...
    zh = result_groups(fresh.get("/results?lang=zh-Hans").text)
    assert len(result_groups(za.text)["apply"]) == len(zh["apply"])   # ...same answers
