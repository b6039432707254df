"""Issue 7: every person-level entitlement of the plan is a program, and the six fixed ones
still answer as design.md §4.4 says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.codec import read_facts
from app.engine import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    UNDETERMINED,
    evaluate,
    load_rulebook,
    screen,
)
from tests.conftest import ROOT
from tests.support.policy import value

BOOK = load_rulebook(ROOT / "rules")
ON = dt.date(2025, 6, 1)

SIX = ["living_subsidy", "nursing_subsidy", "pension_premium", "startup_subsidy",
       "loan_interest_subsidy", "stall_reservation"]

# Each entitlement the issue lists, by the id of the program that covers it.
ISSUE_LIST = {
    "tekun_support": "特困人员救助供养，未成年人从16周岁延长到18周岁（三(一)2）",
    "dibao": "纳入低保或特困（三(一)2）",
    "temporary_assistance": "临时救助（三(一)2）",
    "medical_assistance": "医疗救助和资助参保（三(一)2、三(一)4）",
    "sunshine_home_care": "阳光家园托养，16周岁以上智力、精神、重度肢体（三(一)3）",
    "respite_care": "喘息服务（三(一)3）",
    "blind_free_transit": "盲人免费乘坐市内公共交通（残疾人保障法第五十条）",
    "cultural_venue_access": "免费或优先进入公共场所，重度残疾人1名陪护（三(一)5）",
    "wheelchair_fuel_subsidy": "机动轮椅车燃油补贴（三(一)5）",
    "utility_concessions": "水电气和电信优惠（三(一)5）",
    "public_rental_housing": "优先配租公租房（三(一)6）",
    "rural_housing_safety": "农村住房安全（三(一)6）",
    "home_accessibility": "困难重度残疾人家庭无障碍改造（三(五)3）",
    "vocational_training": "免费职业技能培训（三(二)3）",
    "employment_services": "就业服务和就业援助（三(二)4）",
    "business_fee_exemption": "个体经营免除行政事业性收费、优先发照（残疾人保障法第三十六条）",
    "child_rehabilitation": "残疾儿童康复救助（三(三)1）",
    "family_doctor": "家庭医生签约（三(三)1）",
    "severe_mental_disorder_support": "严重精神障碍免费药品和监护补贴（三(三)1）",
    "assistive_devices": "辅助器具适配（三(三)3）",
    "student_aid": "阳光助学和学前到研究生资助（三(四)1—2）",
    "exam_accommodations": "国家教育考试便利（三(四)1—2）",
    "legal_aid": "法律援助和维权（三(五)2）",
    "disability_certificate": "办理残疾人证（三(六)4）",
}

# Issue 13, point 3: the plan's remaining person-level entitlements, by program id.
ISSUE13_LIST = {
    "social_insurance_subsidy": "残疾人个体工商户和灵活就业人员社会保险补贴（三(一)4）",
    "orphan_basic_living": "残疾孤儿、事实无人抚养残疾儿童基本生活保障（三(一)5）",
    "veteran_police_benefits": "残疾军人、伤残民警抚恤优待和优先（三(一)7）",
    "poverty_relapse_help": "防止返贫动态监测和帮扶（三(一)1）",
    "public_welfare_jobs": "公益性岗位（三(二)2）",
    "supported_employment": "辅助性就业（三(二)2）",
    "transit_concessions": "盲人以外残疾人乘坐市内公共交通优待（三(一)5，当地规定）",
    "school_placement": "适龄残疾儿童少年一人一案教育安置（三(四)1）",
    "secondary_vocational_education": "残疾青少年中等职业教育（三(四)1）",
    "birth_defect_screening": "婚检、产前筛查、新生儿筛查（三(三)4）",
    "birth_defect_aid": "先天性结构畸形等疾病干预救助（三(三)4）",
    "rehab_medical_insurance": "医疗康复项目纳入基本医保支付（三(一)4）",
    "community_mental_rehab": "精神障碍社区康复（三(三)1、三(一)5）",
    "elderly_care_home": "养老机构接收盲人、聋人等老年残疾人（三(一)3）",
    "homeless_assistance": "流浪乞讨残疾人救助安置和寻亲（三(一)2）",
    "civil_service_posts": "平等报考公务员和定向招录职位（三(二)2）",
}

PERSON: dict[str, Any] = {
    "has_disability_certificate": True, "hukou": "baise", "county": "youjiang",
    "disability_category": "physical", "disability_grade": 1, "age": 40,
    "household_dibao": True, "household_dibao_edge": False, "tekun": False,
    "orphan_allowance": False, "needs_long_term_care": True,
    "work_injury_nursing_allowance": False, "resident_pension_insured": True,
    "receives_pension": False, "full_time_student": False,
}


def _statuses(facts: dict[str, Any], on: dt.date = ON) -> dict[str, tuple[str, Any]]:
    out = {}
    for r in screen(BOOK, facts, on).results:
        out[r.program.id] = (r.status, None if r.amount is None else r.amount.value)
    return out


def test_at_least_twenty_programs(client: TestClient) -> None:
    listed = client.get("/api/v1/programs").json()
    assert len(listed) >= 20
    assert {p["id"] for p in listed} >= set(SIX) | set(ISSUE_LIST) | set(ISSUE13_LIST)


@pytest.mark.parametrize("pid", sorted(ISSUE13_LIST))
def test_issue13_entitlement_is_a_cited_program(pid: str) -> None:
    """Every entitlement of issue 13 point 3 is a program quoting the plan, with no invented
    amount, and cases for each answer it can give (an unsettled one: who decides)."""
    prog = BOOK.programs[pid]
    m = prog.model
    assert any(c.source == "plan" and c.quote for c in m.cite), pid
    assert m.amount is None and m.no_amount and m.apply.how and m.office, pid
    kinds = {c.expect.status for c in m.tests}
    assert {NOT_ELIGIBLE, UNDETERMINED, "not_in_force"} <= kinds, pid
    if not any(c.unsettled and c.model.when is None for c in prog.requirements):
        assert ELIGIBLE in kinds, pid
    for case in m.tests:  # an undetermined case names what settles it or who decides
        if case.expect.status == UNDETERMINED:
            facts, _ = read_facts(BOOK, case.facts, on=case.on, source="json")
            r = evaluate(prog, facts, case.on)
            assert r.missing or r.unsettled, (pid, case.name)


@pytest.mark.parametrize("pid", sorted(ISSUE_LIST))
def test_issue_entitlement_is_a_cited_program(pid: str) -> None:
    prog = BOOK.programs[pid].model
    # Cited to the plan (or the national law the issue names) with the plan's own words.
    sources = {c.source for c in prog.cite}
    assert "plan" in sources, pid
    assert all(c.quote for c in prog.cite if c.source == "plan")
    # No figure is invented: none of these carries an amount; each says who decides.
    assert prog.amount is None and prog.no_amount, pid
    assert prog.apply.how and prog.office
    assert len(prog.tests) >= 4, pid
    kinds = {c.expect.status for c in prog.tests}
    assert {ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED} <= kinds, pid


def test_services_say_they_are_services() -> None:
    for pid in ["respite_care", "family_doctor", "assistive_devices", "vocational_training",
                "employment_services", "legal_aid", "exam_accommodations",
                "disability_certificate", "sunshine_home_care"]:
        assert "服务" in (BOOK.programs[pid].model.no_amount or ""), pid


def test_six_programs_answer_as_before() -> None:
    s = _statuses(PERSON)
    rate, old_rate = (value(BOOK, "nursing_subsidy", "monthly_amount", d)
                      for d in (ON, dt.date(2024, 6, 1)))
    assert rate != old_rate
    assert s["living_subsidy"] == (ELIGIBLE, value(BOOK, "living_subsidy", "monthly_amount", ON))
    assert s["nursing_subsidy"] == (ELIGIBLE, rate)
    assert s["pension_premium"] == (ELIGIBLE, value(BOOK, "pension_premium", "annual_premium",
                                                    ON))
    assert s["startup_subsidy"][0] == UNDETERMINED
    assert s["loan_interest_subsidy"][0] == UNDETERMINED
    assert s["stall_reservation"][0] == UNDETERMINED
    old = _statuses(PERSON, dt.date(2024, 6, 1))
    assert old["living_subsidy"] == (ELIGIBLE, value(BOOK, "living_subsidy", "monthly_amount",
                                                     dt.date(2024, 6, 1)))
    assert old["nursing_subsidy"] == (ELIGIBLE, old_rate)
    tekun = _statuses({**PERSON, "tekun": True})
    assert tekun["living_subsidy"][0] == NOT_ELIGIBLE
    assert tekun["nursing_subsidy"][0] == NOT_ELIGIBLE
    g3m = _statuses({**PERSON, "disability_grade": 3, "disability_category": "mental",
                     "household_dibao": False, "household_dibao_edge": False,
                     "household_rigid_expense_hardship": False,
                     "poverty_relapse_monitoring": False})
    assert g3m["nursing_subsidy"] == (ELIGIBLE, rate)
    assert g3m["living_subsidy"][0] == NOT_ELIGIBLE
    assert g3m["pension_premium"][0] == NOT_ELIGIBLE
    shop = _statuses({"has_disability_certificate": True, "business_type": "blind_massage",
                      "wants_market_stall": True})
    assert shop["startup_subsidy"] == (ELIGIBLE, None)
    assert shop["stall_reservation"] == (ELIGIBLE, None)
    no_cert = _statuses({"has_disability_certificate": False})
    assert all(no_cert[p][0] == NOT_ELIGIBLE for p in SIX)


def test_new_programs_for_the_foundation_person() -> None:
    s = _statuses(PERSON)
    for pid in ["medical_assistance", "utility_concessions", "cultural_venue_access",
                "family_doctor", "respite_care", "sunshine_home_care"]:
        assert s[pid] == (ELIGIBLE, None), pid
    for pid in ["blind_free_transit", "child_rehabilitation", "disability_certificate"]:
        assert s[pid][0] == NOT_ELIGIBLE, pid


def test_minors_to_eighteen_and_children() -> None:
    base = {"household_in_hardship": True, "no_family_support": True, "tekun": False,
            "orphan_allowance": False}
    assert _statuses({**base, "age": 15})["tekun_support"][0] == ELIGIBLE
    # issue 13 item 11: a 16- or 17-year-old newly applying is left to the bureau, not "yes"
    assert _statuses({**base, "age": 17, "has_disability_certificate": False}
                     )["tekun_support"][0] == UNDETERMINED
    assert _statuses({**base, "age": 18, "has_disability_certificate": False,
                      "has_long_term_impairment": False})["tekun_support"][0] == NOT_ELIGIBLE
    child = _statuses({"age": 4, "has_disability_certificate": False,
                       "has_long_term_impairment": True})
    assert child["child_rehabilitation"][0] == ELIGIBLE
    assert child["disability_certificate"][0] == ELIGIBLE
    # issue 13 item 2: 7-17 is not a "no" (the county federation decides); adults are
    assert _statuses({"age": 7, "has_disability_certificate": True}
                     )["child_rehabilitation"][0] == UNDETERMINED
    assert _statuses({"age": 18, "has_disability_certificate": True}
                     )["child_rehabilitation"][0] == NOT_ELIGIBLE


def test_blind_person_rides_free() -> None:
    s = _statuses({"has_disability_certificate": True, "disability_category": "visual",
                   "disability_grade": 2})
    assert s["blind_free_transit"][0] == ELIGIBLE
    low_vision = _statuses({"has_disability_certificate": True,
                            "disability_category": "visual", "disability_grade": 3})
    assert low_vision["blind_free_transit"][0] == NOT_ELIGIBLE


def test_new_facts_are_bounded_and_described() -> None:
    for name, f in BOOK.facts.items():
        assert f.question and f.hint, name
        if f.type in ("integer", "number"):
            assert f.min is not None, name
        if f.group is not None:
            assert f.type == "boolean", name


@pytest.mark.parametrize("pid", sorted(ISSUE_LIST | ISSUE13_LIST))
def test_embedded_cases_show_every_criterion_failing(pid: str) -> None:
    """Each requirement is shown unmet, and each exclusion holding, by some embedded case."""
    prog = BOOK.programs[pid]
    shown: set[str] = set()
    for case in prog.model.tests:
        facts, problems = read_facts(BOOK, case.facts, on=case.on, source="json")
        assert not problems, (pid, case.name)
        result = evaluate(prog, facts, case.on)
        shown |= set(result.unmet) | set(result.excluded_by) | {c.id for c in result.unsettled}
    wanted = {c.id for c in prog.requirements} | {c.id for c in prog.exclusions}
    assert wanted <= shown, f"{pid}: no case shows {sorted(wanted - shown)}"


def test_a_met_reason_does_not_put_words_in_the_residents_mouth(client: TestClient) -> None:
    """A grade-1 resident who has not said whether the household is 低保边缘 was told, as a met
    reason, "你是低保边缘家庭中的重度残疾人"; the reason may only restate what was answered."""
    body = {"on": "2025-06-01", "programs": ["dibao"],
            "facts": {"has_disability_certificate": True, "disability_grade": 1}}
    result = client.post("/api/v1/screen", json=body).json()["results"][0]
    reason = next(x for x in result["reasons"] if x["id"] == "edge_single_person")
    assert reason["outcome"] == "met"
    assert "household_dibao_edge" in result["missing"]
    assert "你是低保边缘家庭中的" not in reason["text"]
