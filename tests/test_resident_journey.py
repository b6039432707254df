"""The resident's journey of issue 14: pages by topic within a budget, implied facts, results
so far, stale answers dropped, "you would qualify if", the summary's totals, where to apply
(with 12345 as a tel: link), the form token, and one screening per request."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine import ELIGIBLE, UNDETERMINED, Rulebook, screen
from app.engine.counterfactual import would_qualify_if
from app.engine.implied import apply
from app.present import today
from app.resident import state
from app.resident.offices import kind_of
from app.resident.offices import load as load_offices
from tests.support.resident import TYPICAL, answer_page, result_groups, stated, token, walk
from tests.test_resident_flow import GRADE1_DIBAO
from tests.test_soundness import BOOK, DAYS, PERSON

PAGE_BUDGET = 7        # the median number of question pages (issue 14)
MOST_PAGES = 10        # no typical resident beyond this (business and loan: follow-ups)


@pytest.fixture()
def fresh() -> TestClient:
    from app.main import app

    return TestClient(app)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- pages by topic -----------------------------------------------------------------------

def test_typical_residents_need_at_most_seven_pages(book: Rulebook) -> None:
    """The median over the typical residents (bench/pages.py prints the figures)."""
    from app.main import app

    assert len(TYPICAL) >= 10
    counts = {name: len(walk(TestClient(app), book, persona).pages)
              for name, persona in TYPICAL.items()}
    assert statistics.median(counts.values()) <= PAGE_BUDGET, counts
    assert max(counts.values()) <= MOST_PAGES, counts


def test_a_page_shows_only_open_facts_and_statements(fresh: TestClient, book: Rulebook) -> None:
    w = walk(fresh, book, GRADE1_DIBAO)
    household = w.html["/page/household"]
    assert "我家享受最低生活保障（低保）" in household            # a statement, not a question
    assert "你家享受最低生活保障（低保）吗" not in household
    for html in w.html.values():
        for hint in re.findall(r'class="hint choice-hint">([^<]*)<', html):
            assert "选“是”" not in hint                         # a box has no "yes" to choose
        assert 'href="/results"' in html                         # results so far, every page
    # fields are named by the facts; a checkbox group's values are the facts' names
    assert 'name="has_disability_certificate"' in w.html["/page/certificate"]
    assert 'name="household_support" type="checkbox" value="household_dibao"' in household


def test_a_page_whose_facts_are_settled_is_skipped(fresh: TestClient, book: Rulebook) -> None:
    w = walk(fresh, book, GRADE1_DIBAO)
    assert "/page/loan" not in dict(w.pages)                  # never asked: nothing to ask
    r = fresh.get("/page/loan", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/check"


def test_going_back_to_untick_dibao_asks_what_it_implied_on_the_same_page(
        fresh: TestClient, book: Rulebook) -> None:
    """A dibao household goes back to the household page and ticks "none of these": the
    hardship the dibao implied is on that page (ticked, as implied), so the page is not
    asked a second time just for it."""
    walk(fresh, book, GRADE1_DIBAO)
    assert "困难残疾人生活补贴" in result_groups(fresh.get("/results").text)["cash"]
    again = fresh.get("/page/household", follow_redirects=False)
    assert again.status_code == 200
    assert re.search(r'value="household_in_hardship" checked', again.text)
    data, _values = answer_page(book, again.text, {"household_dibao": False})
    r = fresh.post("/page/household", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] != "/page/household"
    answers = state.loads(fresh.cookies[state.COOKIE], book)
    assert answers.facts["household_dibao"] is False
    assert answers.facts["household_in_hardship"] is False
    assert "困难残疾人生活补贴" not in result_groups(fresh.get("/results").text)["cash"]


def test_back_shows_the_page_answered_and_a_change_there_drops_stale_answers(
        fresh: TestClient, book: Rulebook) -> None:
    """Back (the link, or the browser's) goes to the page answered before, with its answers,
    rather than bouncing forward because its facts are settled; changing the certificate
    there from yes to no drops the category and grade it no longer needs."""
    fresh.post("/start")
    first = fresh.get("/page/certificate").text
    data, _values = answer_page(book, first, GRADE1_DIBAO)
    second = fresh.post("/page/certificate", data=data)
    back = re.search(r'href="([^"]+)" class="back-link"', second.text) \
        or re.search(r'class="back-link" href="([^"]+)"', second.text)
    assert back and back[1] == "/page/certificate"
    again = fresh.get(back[1], follow_redirects=False)
    assert again.status_code == 200, again.headers.get("location")
    assert re.search(r'name="has_disability_certificate" type="radio" value="true" checked',
                     again.text)                                    # what was answered
    assert re.search(r'name="disability_category" type="radio" value="physical" checked',
                     again.text)
    data, _values = answer_page(book, again.text,
                                GRADE1_DIBAO | {"has_disability_certificate": False})
    r = fresh.post("/page/certificate", data=data, follow_redirects=False)
    assert r.status_code == 303
    answers = state.loads(fresh.cookies[state.COOKIE], book)
    assert answers.facts["has_disability_certificate"] is False
    assert "disability_category" not in answers.facts
    assert "disability_grade" not in answers.facts
    check = text(fresh.get("/check").text)
    assert "肢体残疾" not in check and "哪一类残疾" not in check
    household = fresh.get("/page/household").text      # answered "none of these" before…
    data, _values = answer_page(book, household, {})
    fresh.post("/page/household", data=data)
    again = fresh.get("/page/household").text            # …shows it ticked again
    assert re.search(r'type="checkbox" value="none" checked', again), text(again)[:600]


def test_blank_fields_made_moot_by_the_page_are_not_errors(fresh: TestClient,
                                                           book: Rulebook) -> None:
    fresh.post("/start")
    page = fresh.get("/page/certificate").text
    data, _values = answer_page(book, page, {"has_disability_certificate": False,
                                             "disability_category": "physical",
                                             "disability_grade": 1})
    for moot in ("disability_category", "disability_grade"):
        data.pop(moot)
    r = fresh.post("/page/certificate", data=data, follow_redirects=False)
    assert r.status_code == 303
    data["has_disability_certificate"] = "true"          # with a certificate they are needed
    fresh.post("/start")
    data["csrf"] = token(fresh.get("/page/certificate").text)
    r = fresh.post("/page/certificate", data=data)
    assert r.status_code == 200 and "error-summary" in r.text
    assert r.text.count('class="error-message"') == 2


# -- implications ---------------------------------------------------------------------------

def test_implications_fill_only_what_is_unknown(book: Rulebook) -> None:
    on = dt.date(2026, 1, 1)
    facts, why = apply(book, {"household_dibao": True}, on)
    assert facts["household_in_hardship"] is True
    assert why["household_in_hardship"].id == "dibao_household_in_hardship"
    facts, why = apply(book, {"tekun": True, "age": 40, "full_time_student": False}, on)
    assert facts["no_family_support"] is True and facts["household_in_hardship"] is True
    assert facts["orphan_allowance"] is False                # only minors, or adults in school
    assert "orphan_allowance" not in apply(book, {"age": 17}, on)[0]
    assert "orphan_allowance" not in apply(book, {"age": 19, "full_time_student": True}, on)[0]
    facts, why = apply(book, {"household_dibao": True, "household_in_hardship": False}, on)
    assert facts["household_in_hardship"] is False and not why      # an answer is kept
    for imp in book.extras.implications:                             # each is cited
        assert imp.model.cite and imp.model.text


def consistent(person: dict[str, Any], on: dt.date) -> dict[str, Any]:
    """A possible person: what the implications say, they hold."""
    out = dict(person)
    for _ in range(3):
        for imp in BOOK.extras.implications:
            if imp.cond.ev(out, on) is True:
                out.update(imp.then)
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=PERSON, on=DAYS, data=st.data())
def test_implications_keep_decided_results(person: dict[str, Any], on: dt.date,
                                           data: st.DataObject) -> None:
    """Soundness with the implications applied: a result decided on part of a possible
    person's facts is the same on all of them."""
    whole = consistent(person, on)
    names = sorted(whole)
    subset = data.draw(st.sets(st.sampled_from(names)) if names else st.just(set()))
    part = screen(BOOK, apply(BOOK, {k: whole[k] for k in subset}, on)[0], on)
    full = screen(BOOK, apply(BOOK, whole, on)[0], on)
    for a, b in zip(part.results, full.results, strict=True):
        if a.status != UNDETERMINED:
            assert a.status == b.status, (a.program.id, subset, whole)


def test_implied_reasons_say_so_and_never_quote_the_resident(fresh: TestClient,
                                                            book: Rulebook) -> None:
    """A 低保 household that ticks only 低保 is not told "you said your income suffices"."""
    walk(fresh, book, GRADE1_DIBAO)
    for url in ("/results", "/results/tekun_support", "/results/dibao", "/results?print=1"):
        assert "你说家里的收入能维持基本生活" not in fresh.get(url).text, url
    page = text(fresh.get("/results/tekun_support").text)
    assert "由你的其他回答推知" in page and "享受低保的家庭" in page
    answers = state.loads(fresh.cookies[state.COOKIE], book)
    assert "household_in_hardship" not in answers.facts            # not stored as said


# -- results so far ---------------------------------------------------------------------------

def test_results_so_far_from_the_first_page(fresh: TestClient, book: Rulebook) -> None:
    fresh.post("/start")
    page = fresh.get("/page/certificate").text
    assert 'href="/results"' in page
    data, _v = answer_page(book, page, GRADE1_DIBAO)
    fresh.post("/page/certificate", data=data)
    r = fresh.get("/results")
    assert r.status_code == 200 and "这是到目前为止的结果" in r.text
    more = r.text.split('<h2 id="more">', 1)[1].split('<h2 id="closed">', 1)[0]
    s = screen(book, apply(book, stated(book, {k: GRADE1_DIBAO[k] for k in (
        "has_disability_certificate", "disability_category", "disability_grade")}),
        today())[0], today())
    living = next(x for x in s.results if x.program.id == "living_subsidy")
    assert living.status == UNDETERMINED
    card = more.split(book.programs["living_subsidy"].model.title, 1)[1].split("</section>")[0]
    assert f"再回答 {len(living.missing)} 个问题就能确定" in card
    assert f'href="/question/{living.missing[0]}?return=results"' in card


# -- stale answers -------------------------------------------------------------------------

def test_changed_answer_drops_answers_that_no_longer_apply(fresh: TestClient,
                                                          book: Rulebook) -> None:
    walk(fresh, book, GRADE1_DIBAO)
    assert "肢体残疾" in fresh.get("/check").text
    csrf = token(fresh.get("/question/has_disability_certificate?return=check").text)
    r = fresh.post("/question/has_disability_certificate?return=check",
                   data={"answer": "false", "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    answers = state.loads(fresh.cookies[state.COOKIE], book)
    for gone in ("disability_category", "disability_grade", "needs_long_term_care"):
        assert gone not in answers.facts, gone
    assert answers.facts["has_disability_certificate"] is False
    assert answers.facts["county"] == "youjiang"                 # where to apply stays
    question = book.facts["disability_category"].question
    for url in ("/check", "/results?print=1"):
        assert question not in fresh.get(url).text, url
    assert "/question/disability_category?return=results" not in fresh.get("/results").text


def test_stale_is_pure_and_keeps_what_still_matters(book: Rulebook) -> None:
    from app.resident.flow import stale

    facts = stated(book, {k: v for k, v in GRADE1_DIBAO.items()})
    assert stale(book, facts, [], today(), {"age"}) == [] or "age" not in stale(
        book, facts, [], today(), {"age"})
    no_cert = {**facts, "has_disability_certificate": False}
    gone = stale(book, no_cert, [], today(), {"has_disability_certificate"})
    assert "disability_grade" in gone and "has_disability_certificate" not in gone


# -- you would qualify if ---------------------------------------------------------------------

def test_would_qualify_if_one_requirement_is_met(book: Rulebook) -> None:
    on = dt.date(2026, 1, 1)
    base = {"has_disability_certificate": True, "hukou": "baise", "household_dibao": False,
            "tekun": False, "orphan_allowance": False}
    facts = apply(book, base, on)[0]
    r = evaluate_one(book, "living_subsidy", facts, on)
    w = would_qualify_if(book, base, r, on)
    assert w is not None and w.fact == "household_dibao" and w.value is True and w.certain
    two = {**base, "has_disability_certificate": False}
    r2 = evaluate_one(book, "living_subsidy", apply(book, two, on)[0], on)
    assert would_qualify_if(book, two, r2, on) is None             # two unmet: no single one
    excluded = {**base, "household_dibao": True, "tekun": True}
    r3 = evaluate_one(book, "living_subsidy", apply(book, excluded, on)[0], on)
    assert would_qualify_if(book, excluded, r3, on) is None        # an exclusion holds
    older = {**base, "hukou": "outside_guangxi", "household_dibao": True}
    r4 = evaluate_one(book, "living_subsidy", apply(book, older, on)[0], on)
    assert would_qualify_if(book, older, r4, on) is None           # a place is not a choice


def evaluate_one(book: Rulebook, program: str, facts: dict[str, Any], on: dt.date) -> Any:
    return next(r for r in screen(book, facts, on, [program]).results)


def test_results_say_what_would_open_a_closed_program(fresh: TestClient,
                                                      book: Rulebook) -> None:
    walk(fresh, book, TYPICAL["grade-3 mental, other Guangxi"])
    closed = fresh.get("/results").text.split('<h2 id="closed">', 1)[1]
    assert "<details" in closed and "<summary>" in closed            # collapsed
    assert "就可以申请" in closed or "就可能可以申请" in closed


# -- summary, where to apply ------------------------------------------------------------------

def test_summary_totals_money_per_month_and_year(fresh: TestClient, book: Rulebook) -> None:
    walk(fresh, book, TYPICAL["business and loan"] | {"household_dibao": True})
    page = fresh.get("/results").text
    answers = state.loads(fresh.cookies[state.COOKIE], book)
    s = screen(book, apply(book, answers.typed(book), today())[0], today())
    month = sum((r.amount.value for r in s.results if r.status == ELIGIBLE and r.amount
                 and r.amount.unit == "CNY" and r.amount.per == "month"), Decimal(0))
    year = sum((r.amount.value for r in s.results if r.status == ELIGIBLE and r.amount
                and r.amount.unit == "CNY" and r.amount.per == "year"), Decimal(0))
    assert month > 0 and year > 0
    summary = text(page.split('<section class="summary"', 1)[1].split("</section>", 1)[0])
    assert f"每月合计 {int(month):,} 元" in summary
    assert f"每年合计 {int(month * 12 + year):,} 元" in summary
    groups = result_groups(page)
    assert f"另外还有 {len(groups['services'])} 项扶持和服务" in summary
    assert "先去： 右江区民政局" in summary                          # the county's office
    assert book.digest not in page and "二手" not in page            # no hash, no jargon
    nursing = fresh.get("/results/nursing_subsidy").text
    assert "每月 90 元" in nursing and "以经办部门核定为准" in nursing and "二手" not in nursing
    assert book.digest in fresh.get("/results?print=1").text          # the notice keeps it


@pytest.mark.parametrize(("lang", "services", "dangling"), [
    ("zh-Hans", "有 {n} 项扶持和服务可以申请。", "另外还有"),
    ("en", "You can get {n} kinds of support and services.", "other kinds"),
    ("za", "Ndaej sinhcingj {n} hangh bangfuz caeuq fuzvu.", "lingh miz")])
def test_summary_without_money_reads_as_a_sentence(fresh: TestClient, book: Rulebook,
                                                   lang: str, services: str,
                                                   dangling: str) -> None:
    """A resident who gets services but no money: the summary says how many, not "and 2
    other kinds…" hanging from nothing; and in English and Zhuang no sentence or label is
    glued to the next word (".For the address", "bring:Second-generation")."""
    answers = state.Answers(facts={"has_disability_certificate": True})
    fresh.cookies.set(state.COOKIE, state.dumps(answers))
    page = fresh.get(f"/results?lang={lang}").text
    groups = result_groups(page)
    assert not groups["cash"] and groups["services"]
    summary = text(page.split('<section class="summary"', 1)[1].split("</section>", 1)[0])
    assert services.format(n=len(groups["services"])) in summary, summary
    assert dangling not in summary, summary
    if lang != "zh-Hans":
        glued = re.findall(r".{0,30}[.):][A-Za-z].{0,10}", text(page))
        assert not glued, glued


@pytest.mark.parametrize("lang", ["en", "za"])
def test_no_sentence_glued_to_the_next_in_english_and_zhuang(fresh: TestClient,
                                                             lang: str) -> None:
    """Chinese needs no space after 。 or ：; English and Zhuang do ("…from 2025-1-1.The
    office…" on a program page)."""
    facts = GRADE1_DIBAO | {"tekun": False, "orphan_allowance": False}
    fresh.cookies.set(state.COOKIE, state.dumps(state.Answers(facts=facts)))
    for url in ("/results", "/results/living_subsidy", "/results/nursing_subsidy", "/check",
                "/results?print=1"):
        page = fresh.get(url + ("&" if "?" in url else "?") + f"lang={lang}").text
        glued = re.findall(r".{0,30}[.):][A-Za-z].{0,10}", text(page))
        assert not glued, (url, glued)


def test_where_to_apply_calls_12345_and_invents_nothing(fresh: TestClient,
                                                         book: Rulebook) -> None:
    walk(fresh, book, GRADE1_DIBAO)
    page = fresh.get("/results").text
    assert '<a href="tel:12345">12345</a>' in page
    assert "右江区残疾人联合会" in page
    assert '<a href="tel:12345">12345</a>' in fresh.get("/results/living_subsidy").text
    offices = load_offices()
    for county in book.facts["county"].values or {}:
        assert county in offices.counties
        for contact in offices.counties[county].offices.values():   # only with a citation
            assert contact.cite and all(c.source in book.sources for c in contact.cite)


def test_the_office_named_is_one_the_program_names(book: Rulebook) -> None:
    """'Where to apply' names a kind of office only when the program's own office text names
    it: "民政" inside "人民政府" (县级以上人民政府交通运输部门, 乡镇人民政府) is not the civil
    affairs bureau (the blind resident was sent to 民政局 for free bus rides)."""
    offices = load_offices()
    for pid, prog in book.programs.items():
        text = prog.model.office
        kind = kind_of(text)
        if kind is None:
            continue
        hits = [w for w in offices.kinds[kind].match if w in text]
        assert any(w in text.replace("人民政府", "") for w in hits), (pid, kind, text)
    assert kind_of(book.programs["blind_free_transit"].model.office) != "civil_affairs"


# -- the form token -------------------------------------------------------------------------

def test_form_posts_need_this_residents_token(fresh: TestClient, book: Rulebook) -> None:
    walk(fresh, book, GRADE1_DIBAO)
    before = fresh.cookies[state.COOKIE]
    for data in ({"answer": "30"}, {"answer": "30", "csrf": "x" * 22}):
        r = fresh.post("/question/age", data=data, follow_redirects=False)
        assert r.status_code == 403 and "这个页面已经过期" in r.text
    r = fresh.post("/clear", data={}, follow_redirects=False)
    assert r.status_code == 403
    assert fresh.cookies[state.COOKIE] == before                     # nothing changed
    other = TestClient(fresh.app)
    other.post("/start")
    foreign = state.loads(other.cookies[state.COOKIE], book).token
    r = fresh.post("/question/age", data={"answer": "30", "csrf": foreign},
                   follow_redirects=False)
    assert r.status_code == 403                                       # another resident's


# -- one screening per request --------------------------------------------------------------

def test_one_decryption_validation_and_screening_per_request(
        fresh: TestClient, book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.resident.flow as flow_module
    import app.resident.state as state_module

    walk(fresh, book, GRADE1_DIBAO)
    counts = {"screen": 0, "decrypt": 0, "validate": 0}

    def counting(name: str, fn: Any) -> Any:
        def wrapped(*a: Any, **k: Any) -> Any:
            counts[name] += 1
            return fn(*a, **k)
        return wrapped

    monkeypatch.setattr(flow_module, "engine_screen", counting("screen", flow_module.engine_screen))
    monkeypatch.setattr(state_module, "read_facts", counting("validate", state_module.read_facts))
    cipher = state_module._cipher()
    monkeypatch.setattr(state_module, "_cipher", lambda: cipher)
    monkeypatch.setattr(cipher, "decrypt", counting("decrypt", cipher.decrypt))
    for url in ("/results", "/check", "/question/age", "/results/living_subsidy"):
        counts.update(screen=0, decrypt=0, validate=0)
        assert fresh.get(url).status_code == 200
        assert counts == {"screen": 1, "decrypt": 1, "validate": 1}, (url, counts)
    csrf = token(fresh.get("/question/wants_job?return=check").text)
    counts.update(screen=0, decrypt=0, validate=0)
    r = fresh.post("/question/wants_job?return=check", data={"answer": "false", "csrf": csrf},
                   follow_redirects=False)
    assert r.status_code == 303
    assert counts == {"screen": 1, "decrypt": 1, "validate": 1}, counts   # an unchanged answer

    # a topic page: checked and saved on one screening
    fresh.post("/start")
    page = fresh.get("/page/certificate").text
    data, _values = answer_page(book, page, GRADE1_DIBAO)
    counts.update(screen=0, decrypt=0, validate=0)
    r = fresh.post("/page/certificate", data=data, follow_redirects=False)
    assert r.status_code == 303
    assert counts == {"screen": 1, "decrypt": 1, "validate": 1}, counts


def id_number(born: str, region: str = "451002", seq: str = "123") -> str:
    """A well-formed 居民身份证号 (GB 11643 check digit) for a test person."""
    body = region + born + seq
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def test_a_wrong_certificate_number_is_the_only_error(fresh: TestClient) -> None:
    """Typing the number is instead of choosing category and grade (the hint says so): a
    wrong number is one error, not also "choose one" for each question it would answer."""
    fresh.post("/start")
    page = fresh.get("/page/certificate").text
    shown = re.search(r'name="shown" value="([^"]*)"', page)
    assert shown
    number = id_number("19800101")[:17] + "0" + "41"                  # wrong check digit
    bad = fresh.post("/page/certificate", data={"csrf": token(page), "shown": shown[1],
                                                 "certificate_number": number})
    assert bad.status_code == 200
    summary = re.search(r'class="error-summary.*?</div>', bad.text, re.S)
    assert summary and "校验码" in summary[0]
    assert summary[0].count("<li") == 1, text(summary[0])
    assert f'value="{number}"' in bad.text                            # what was typed is kept


def test_certificate_number_fills_category_grade_and_age(fresh: TestClient,
                                                         book: Rulebook) -> None:
    fresh.post("/start")
    page = fresh.get("/page/certificate").text
    assert 'name="certificate_number"' in page
    csrf = token(page)
    shown = re.search(r'name="shown" value="([^"]*)"', page)
    assert shown
    bad = fresh.post("/page/certificate", data={"csrf": csrf, "shown": shown[1],
                                                 "certificate_number": "12345"})
    assert bad.status_code == 200 and "残疾人证号应为 20 位" in bad.text
    assert 'value="12345"' in bad.text                                # what was typed is kept
    number = id_number("19800101") + "41"                             # physical, grade 1
    r = fresh.post("/page/certificate", data={"csrf": csrf, "shown": shown[1],
                                              "certificate_number": number},
                   follow_redirects=False)
    assert r.status_code == 303
    answers = state.loads(fresh.cookies[state.COOKIE], book)
    assert answers.facts["has_disability_certificate"] is True
    assert answers.facts["disability_category"] == "physical"
    assert answers.facts["disability_grade"] == 1
    assert answers.facts["age"] == today().year - 1980 - (today() < dt.date(today().year, 1, 1))
    assert number not in str(answers) and "19800101" not in str(answers)   # never kept
    nxt = fresh.get(r.headers["location"]).text
    assert 'name="age"' not in nxt                                     # age unless known
