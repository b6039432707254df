"""The JSON API of design.md §4.3, its decisions (§4.4) and every kind of bad input."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.engine import load_rulebook
from tests.conftest import ROOT
from tests.support.policy import dated, value

BOOK = load_rulebook(ROOT / "rules")

SIX = ["living_subsidy", "nursing_subsidy", "pension_premium", "startup_subsidy",
       "loan_interest_subsidy", "stall_reservation"]

PERSON = {
    "has_disability_certificate": True, "hukou": "baise", "county": "youjiang",
    "disability_category": "physical", "disability_grade": 1, "age": 40,
    "household_dibao": True, "household_dibao_edge": False, "tekun": False,
    "orphan_allowance": False, "needs_long_term_care": True,
    "work_injury_nursing_allowance": False, "resident_pension_insured": True,
    "receives_pension": False, "full_time_student": False,
}


def screen(client: TestClient, facts: dict[str, Any], on: str = "2025-06-01",
           **extra: Any) -> dict[str, Any]:
    r = client.post("/api/v1/screen", json={"on": on, "facts": facts, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def by_id(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["program"]: r for r in answer["results"]}


def test_programs_list(client: TestClient) -> None:
    r = client.get("/api/v1/programs")
    assert r.status_code == 200
    ids = [p["id"] for p in r.json()]
    assert set(SIX) <= set(ids)
    for p in r.json():
        assert p["title"] and p["summary"] and p["category"] and p["office"]
        assert p["citation"]["source"]


def test_program_whole(client: TestClient) -> None:
    p = client.get("/api/v1/programs/living_subsidy").json()
    assert p["requirements"] and p["apply"]["how"] and p["documents"]
    values = p["parameters"][0]["values"]
    assert [(v["valid_from"], v["value"], v["confidence"]) for v in values] == dated(
        BOOK, "living_subsidy", "monthly_amount")
    assert any(c["quote"] for c in p["cites"])
    loan = client.get("/api/v1/programs/loan_interest_subsidy").json()
    assert "lpr_1y" in [x["id"] for x in loan["parameters"]]


def test_facts(client: TestClient) -> None:
    facts = {f["name"]: f for f in client.get("/api/v1/facts").json()}
    assert facts["county"]["type"] == "enum" and len(facts["county"]["values"]) == 12
    assert facts["disability_grade"]["min"] == 1 and facts["disability_grade"]["max"] == 4
    assert all(f["question"] for f in facts.values())


def test_screen_shape(client: TestClient) -> None:
    a = screen(client, PERSON)
    assert a["on"] == "2025-06-01"
    assert a["rulebook"]["version"] and a["rulebook"]["digest"]
    assert set(SIX) <= {r["program"] for r in a["results"]}
    nursing = by_id(a)["nursing_subsidy"]
    assert nursing["status"] == "eligible"
    assert nursing["amount"]["value"] == value(BOOK, "nursing_subsidy", "monthly_amount",
                                               a["on"])
    assert nursing["amount"]["unit"] == "CNY"
    assert nursing["amount"]["per"] == "month"
    assert nursing["amount"]["confidence"] == "unconfirmed"
    for reason in nursing["reasons"]:
        assert reason["text"] and reason["cite"]["source"] and reason["cite"]["locator"]


def test_decisions(client: TestClient) -> None:
    r = by_id(screen(client, PERSON))
    assert r["living_subsidy"]["status"] == "eligible"
    on = "2025-06-01"
    assert r["living_subsidy"]["amount"]["value"] == value(BOOK, "living_subsidy",
                                                           "monthly_amount", on)
    assert r["pension_premium"]["status"] == "eligible"
    assert r["pension_premium"]["amount"]["value"] == value(BOOK, "pension_premium",
                                                            "annual_premium", on)
    assert r["pension_premium"]["amount"]["per"] == "year"
    # 2024: the old rate; 2023: still eligible, but no amount known for that date.
    r24 = by_id(screen(client, PERSON, on="2024-06-01"))
    assert r24["living_subsidy"]["amount"]["value"] == value(BOOK, "living_subsidy",
                                                             "monthly_amount", "2024-06-01")
    assert r24["living_subsidy"]["amount"]["value"] != r["living_subsidy"]["amount"]["value"]
    r23 = by_id(screen(client, PERSON, on="2023-06-01"))
    assert r23["living_subsidy"]["status"] == "eligible"
    assert r23["living_subsidy"]["amount"] is None
    # Exclusions.
    tekun = by_id(screen(client, {**PERSON, "tekun": True}))
    assert tekun["living_subsidy"]["status"] == "not_eligible"
    assert tekun["living_subsidy"]["excluded_by"]
    assert tekun["nursing_subsidy"]["status"] == "not_eligible"
    orphan = by_id(screen(client, {**PERSON, "orphan_allowance": True}))
    assert orphan["living_subsidy"]["status"] == "not_eligible"
    assert orphan["nursing_subsidy"]["status"] == "eligible"
    # Grade 3 mental qualifies for nursing; grade 3 intellectual does not.
    g3m = by_id(screen(client, {**PERSON, "disability_grade": 3, "disability_category": "mental"}))
    assert g3m["nursing_subsidy"]["status"] == "eligible"
    g3i = by_id(screen(client, {**PERSON, "disability_grade": 3,
                                "disability_category": "intellectual"}))
    assert g3i["nursing_subsidy"]["status"] == "not_eligible"
    # Outside Guangxi.
    out = by_id(screen(client, {**PERSON, "hukou": "outside_guangxi"}))
    assert out["living_subsidy"]["status"] == "not_eligible"
    # Before a program's validity.
    old = by_id(screen(client, PERSON, on="2015-06-01"))
    assert old["living_subsidy"]["status"] == "not_in_force"
    assert old["stall_reservation"]["status"] == "not_in_force"


def test_loan_worked_example(client: TestClient) -> None:
    facts = {"has_disability_certificate": True, "loan_type": "individual",
             "loan_amount": 200000, "loan_term_months": 36, "loan_contract_date": "2022-09-01",
             "loan_annual_rate": 5.15}
    r = by_id(screen(client, facts, on="2023-01-10"))["loan_interest_subsidy"]
    assert r["status"] == "eligible"
    assert r["amount"]["value"] == 6000
    assert r["amount"]["unit"] == "CNY" and r["amount"]["per"] == "year"
    calc = client.post("/api/v1/programs/loan_interest_subsidy/amount",
                       json={"on": "2023-01-10", "facts": facts}).json()
    assert calc["amount"]["value"] == 6000


def test_stall_calculator(client: TestClient) -> None:
    r = client.post("/api/v1/programs/stall_reservation/amount",
                    json={"facts": {"market_total_stalls": 45}})
    assert r.json()["amount"] | {} == r.json()["amount"]
    a = r.json()["amount"]
    assert (a["value"], a["unit"], a["per"]) == (5, "places", "scheme")
    assert client.post("/api/v1/programs/stall_reservation/amount",
                       json={"facts": {"market_total_stalls": 30}}).json()["amount"]["value"] == 3
    missing = client.post("/api/v1/programs/stall_reservation/amount", json={}).json()
    assert missing["amount"] is None and missing["missing"] == ["market_total_stalls"]
    screening = by_id(screen(client, {"has_disability_certificate": True,
                                      "wants_market_stall": True, "market_total_stalls": 45}))
    assert screening["stall_reservation"]["status"] == "eligible"
    assert screening["stall_reservation"]["amount"] is None


def test_startup_has_no_amount_but_says_who_sets_it(client: TestClient) -> None:
    calc = client.post("/api/v1/programs/startup_subsidy/amount", json={}).json()
    assert calc["amount"] is None and calc["who_sets"]


def test_undetermined_and_next_questions(client: TestClient) -> None:
    a = screen(client, {})
    assert all(r["status"] == "undetermined" for r in a["results"])
    assert a["next_questions"][0] == "has_disability_certificate"
    for r in a["results"]:
        assert r["amount"] is None and r["missing"]
    no_cert = screen(client, {"has_disability_certificate": False})
    assert all(r["status"] == "not_eligible" for r in no_cert["results"] if r["program"] in SIX)
    # Without a certificate only programs open to people without one still ask (issue 7).
    assert not {"business_type", "loan_type", "hukou"} & set(no_cert["next_questions"])
    assert by_id(no_cert)["disability_certificate"]["missing"] == ["has_long_term_impairment"]


def test_programs_filter(client: TestClient) -> None:
    a = screen(client, PERSON, programs=["nursing_subsidy"])
    assert [r["program"] for r in a["results"]] == ["nursing_subsidy"]


def test_same_statuses_in_every_language(client: TestClient) -> None:
    def statuses(lang: str) -> list[tuple[str, str]]:
        r = client.post(f"/api/v1/screen?lang={lang}", json={"on": "2025-06-01", "facts": PERSON})
        return [(x["program"], x["status"]) for x in r.json()["results"]]

    assert statuses("zh-Hans") == statuses("za") == statuses("en")
    en = client.post("/api/v1/screen", json={"facts": PERSON},
                     headers={"Accept-Language": "en-GB,en;q=0.9"}).json()
    zh = client.post("/api/v1/screen", json={"facts": PERSON}).json()
    assert by_id(en)["nursing_subsidy"]["title"] != by_id(zh)["nursing_subsidy"]["title"]


def test_healthz_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/docs").status_code == 200
    assert "/api/v1/screen" in client.get("/openapi.json").json()["paths"]


# ---------------------------------------------------------------- bad input: 422, never 500

def errors(r: Any) -> list[dict[str, Any]]:
    assert r.status_code == 422, r.text
    return r.json()["detail"]


@pytest.mark.parametrize(("facts", "loc", "kind"), [
    ({"favourite_colour": "red"}, "favourite_colour", "fact.unknown_fact"),
    ({"age": "forty"}, "age", "fact.integer"),
    ({"age": True}, "age", "fact.integer"),
    ({"age": 130}, "age", "fact.above_max"),
    ({"age": -1}, "age", "fact.below_min"),
    ({"disability_grade": 5}, "disability_grade", "fact.above_max"),
    ({"has_disability_certificate": "perhaps"}, "has_disability_certificate", "fact.boolean"),
    ({"hukou": "beijing"}, "hukou", "fact.enum"),
    ({"loan_amount": "lots"}, "loan_amount", "fact.number"),
    ({"business_registered_on": "2024-02-30"}, "business_registered_on", "fact.date"),
    ({"business_registered_on": "2024-13-01"}, "business_registered_on", "fact.date"),
    ({"loan_contract_date": 20240101}, "loan_contract_date", "fact.date"),
])
def test_bad_fact(client: TestClient, facts: dict[str, Any], loc: str, kind: str) -> None:
    [err] = errors(client.post("/api/v1/screen", json={"facts": facts}))
    assert err["loc"] == ["body", "facts", loc]
    assert err["type"] == kind and err["msg"]


def test_every_bad_field_is_named(client: TestClient) -> None:
    errs = errors(client.post("/api/v1/screen", json={
        "on": "2025-02-30", "facts": {"age": "x", "hukou": "mars"}, "programs": ["nope"]}))
    locs = {tuple(e["loc"]) for e in errs}
    assert ("body", "on") in locs
    errs = errors(client.post("/api/v1/screen", json={
        "facts": {"age": "x", "hukou": "mars"}, "programs": ["nope", "nursing_subsidy"]}))
    locs = {tuple(e["loc"]) for e in errs}
    assert locs == {("body", "facts", "age"), ("body", "facts", "hukou"),
                    ("body", "programs", 0)}


@pytest.mark.parametrize("on", ["2025-13-01", "01/06/2025", "tomorrow", 20250601, "2025-6-1"])
def test_bad_date(client: TestClient, on: Any) -> None:
    [err] = errors(client.post("/api/v1/screen", json={"on": on, "facts": {}}))
    assert err["loc"] == ["body", "on"]


@pytest.mark.parametrize("body", [
    b"{not json", b"[]", b'"facts"', b'{"facts": []}', b'{"facts": {}, "extra": 1}',
    b'{"programs": "nursing_subsidy"}',
])
def test_malformed_body(client: TestClient, body: bytes) -> None:
    r = client.post("/api/v1/screen", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_unknown_program(client: TestClient) -> None:
    [err] = errors(client.post("/api/v1/screen", json={"programs": ["flying_car"]}))
    assert err["loc"] == ["body", "programs", 0]
    assert client.get("/api/v1/programs/flying_car").status_code == 404
    assert client.post("/api/v1/programs/flying_car/amount", json={}).status_code == 404


def test_error_messages_follow_language(client: TestClient) -> None:
    zh = errors(client.post("/api/v1/screen", json={"facts": {"age": "x"}}))[0]["msg"]
    en = errors(client.post("/api/v1/screen?lang=en", json={"facts": {"age": "x"}}))[0]["msg"]
    assert zh != en


def test_api_language_ignores_the_pages_cookie(client: TestClient) -> None:
    """design.md §4.3: ?lang=, else Accept-Language; a page's remembered choice does not apply."""
    client.cookies.set("lang", "za")
    try:
        en = client.post("/api/v1/screen", json={"facts": PERSON},
                         headers={"Accept-Language": "en"}).json()
        zh = client.post("/api/v1/screen", json={"facts": PERSON}).json()
    finally:
        client.cookies.delete("lang")
    from app.i18n import gettext_for

    title = "重度残疾人护理补贴"
    assert by_id(en)["nursing_subsidy"]["title"] == gettext_for("en")(title) != title
    assert by_id(zh)["nursing_subsidy"]["title"] == title


@pytest.mark.parametrize("lang", ["zh-Hans", "za", "en"])
def test_encoded_answer_is_the_answer_byte_for_byte(lang: str) -> None:
    """``POST /api/v1/screen`` sends each result's JSON made once per shared result and
    language (Presenter.screening_json): byte for byte ``orjson.dumps`` of the answer dict,
    whole and ``detail=summary``, for the same result met again and for people drawn at
    random."""
    import datetime as dt
    import random

    import orjson

    from app.engine import screen as run_screen
    from app.present import Presenter, summary_result

    present = Presenter(BOOK, lang)
    rng = random.Random(17)
    facts_defs = list(BOOK.facts.items())
    for _ in range(150):
        facts: dict[str, Any] = {}
        for name, f in rng.sample(facts_defs, rng.randint(0, len(facts_defs))):
            if f.type == "boolean":
                facts[name] = rng.random() < 0.5
            elif f.type == "enum":
                facts[name] = rng.choice(list(f.values or {}))
            elif f.type == "integer":
                facts[name] = rng.randint(int(f.min or 0), int(min(f.max or 100, 100)))
        s = run_screen(BOOK, facts, dt.date(2025, 6, 1))
        for _again in range(2):
            answer = present.screening(s)
            assert present.screening_json(s) == orjson.dumps(answer)
            short = {**answer, "results": [summary_result(r) for r in answer["results"]]}
            assert present.screening_json(s, full=False) == orjson.dumps(short)


def test_summary_answer_leaves_out_reasons_and_parameters(client: TestClient) -> None:
    full = screen(client, PERSON)
    r = client.post("/api/v1/screen?detail=summary", json={"on": "2025-06-01", "facts": PERSON})
    assert r.status_code == 200
    short = r.json()
    assert [x["program"] for x in short["results"]] == [x["program"] for x in full["results"]]
    for a, b in zip(full["results"], short["results"], strict=True):
        assert "reasons" not in b and b["status"] == a["status"]
        if a["amount"] is not None:
            assert b["amount"] == {k: v for k, v in a["amount"].items() if k != "parameters"}
    assert short["next_questions"] == full["next_questions"]


def test_a_parameter_value_used_twice_is_listed_once(client: TestClient) -> None:
    """The loan subsidy's formula reads the LPR twice (LPR + 1.5 and LPR − 1.5): the amount
    lists each parameter value it used once, as the calculator shows them."""
    r = client.post("/api/v1/programs/loan_interest_subsidy/amount", json={
        "on": "2025-06-01", "facts": {"loan_type": "individual", "loan_amount": 200000,
                                      "loan_term_months": 36, "loan_contract_date": "2023-03-01",
                                      "loan_annual_rate": 5.15}})
    assert r.status_code == 200, r.text
    used = [(p["title"], p["valid_from"]) for p in r.json()["amount"]["parameters"]]
    assert used and len(used) == len(set(used)), used
