"""Issue 13: a rule the sources leave open says "maybe, ask …" and names who decides — in the
engine, the presenter, the API and each page that lists undetermined results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from app.codec import read_facts
from app.engine import NOT_ELIGIBLE, UNDETERMINED, Rulebook, evaluate
from app.i18n import gettext_for
from app.present import MAYBE_ASK, get_presenter

ON = dt.date(2025, 6, 1)
CHILD_9 = {"age": 9, "has_disability_certificate": True}  # child rehabilitation: 0-6 unsettled
LOAN_2019 = {"has_disability_certificate": True, "loan_type": "individual",
             "loan_amount": 100000, "loan_term_months": 24,
             "loan_contract_date": "2019-09-01", "loan_annual_rate": 4.35}


def _result(book: Rulebook, pid: str, raw: dict[str, Any], on: dt.date = ON) -> Any:
    facts, problems = read_facts(book, raw, on=on, source="json")
    assert not problems
    return evaluate(book.programs[pid], facts, on)


def test_an_unmet_unsettled_requirement_is_not_a_no(book: Rulebook) -> None:
    r = _result(book, "child_rehabilitation", CHILD_9)
    assert r.status == UNDETERMINED and r.missing == ()
    assert [c.id for c in r.unsettled] == ["age_0_6"] and r.unmet == []
    # a settled requirement failing still decides: an adult is not a child
    adult = _result(book, "child_rehabilitation", {**CHILD_9, "age": 30})
    assert adult.status == NOT_ELIGIBLE and adult.unmet == ["child"]


def test_the_presenter_names_who_decides_in_each_language(book: Rulebook) -> None:
    r = _result(book, "child_rehabilitation", CHILD_9)
    crit = book.programs["child_rehabilitation"].requirements[1].model
    assert crit.unsettled is not None
    for lang in ("zh-Hans", "za", "en"):
        _ = gettext_for(lang)
        out = get_presenter(book, lang).result(r)
        (open_,) = out["unsettled"]
        who = _(crit.unsettled.decided_by)
        assert open_ == {"id": "age_0_6", "decided_by": who, "text": _(MAYBE_ASK).format(
            decided_by=who, why=_(crit.unsettled.why))}
        reason = next(x for x in out["reasons"] if x["id"] == "age_0_6")
        assert reason["outcome"] == "unknown" and reason["text"] == open_["text"]
        assert out["unmet"] == [] and out["missing"] == []
    zh = get_presenter(book, "zh-Hans").result(r)["unsettled"][0]["text"]
    assert zh.startswith("可能可以，请问户籍所在地县（市、区）残联。")
    assert get_presenter(book, "en").result(r)["unsettled"][0]["text"].startswith(
        "Possibly yes: ask")


def test_a_date_the_rules_cannot_decide_names_the_office(book: Rulebook) -> None:
    """Issue 13 point 13: a 2019 loan contract, before the limits' first dated value."""
    r = _result(book, "loan_interest_subsidy", LOAN_2019)
    assert r.status == UNDETERMINED and r.missing == ()
    assert [c.id for c in r.unsettled] == ["over_limits"]
    out = get_presenter(book, "zh-Hans").result(r)
    office = book.programs["loan_interest_subsidy"].model.office
    assert out["unsettled"][0]["decided_by"] == office
    assert out["unsettled"][0]["text"].startswith("可能可以，请问办理部门：" + office)
    # the office is a heading ("The county …"), so it is not spliced into a sentence
    en = get_presenter(book, "en").result(r)["unsettled"][0]["text"]
    assert en.startswith("Possibly yes: ask the office that handles it — The county"), en
    # the reason shown beside it says the same, not the exclusion's "over the limits, no"
    # (which the resident never said: the amount and term were within today's limits)
    reason = next(x for x in out["reasons"] if x["id"] == "over_limits")
    assert reason["outcome"] == "unknown" and reason["text"] == out["unsettled"][0]["text"]


def test_the_api_returns_unsettled_beside_missing(client: TestClient) -> None:
    body = {"on": "2025-06-01", "facts": CHILD_9, "programs": ["child_rehabilitation"]}
    res = client.post("/api/v1/screen", json=body).json()["results"][0]
    assert res["status"] == UNDETERMINED and res["missing"] == []
    assert res["unsettled"][0]["id"] == "age_0_6"
    assert res["unsettled"][0]["text"].startswith("可能可以，请问")
    en = client.post("/api/v1/screen?lang=en", json=body).json()["results"][0]
    assert en["status"] == UNDETERMINED and en["unsettled"][0]["text"].startswith("Possibly")
    # a decided result has none
    closed = client.post("/api/v1/screen", json={**body, "facts": {**CHILD_9, "age": 30}})
    assert closed.json()["results"][0]["unsettled"] == []


def test_the_lookup_quick_check_says_who_decides(client: TestClient) -> None:
    page = client.post("/rules/child_rehabilitation", params={"lang": "zh-Hans"},
                       data={"on": "2025-06-01", "age": "9",
                             "has_disability_certificate": "true"}).text
    assert "可能可以，请问户籍所在地县（市、区）残联。" in page


def test_the_resident_card_carries_the_unsettled_text(book: Rulebook) -> None:
    from app.resident.flow import plan
    from app.resident.views import card

    for pid, raw in (("child_rehabilitation", CHILD_9), ("loan_interest_subsidy", LOAN_2019)):
        stated, problems = read_facts(book, raw, on=ON, source="json")
        assert not problems
        p = plan(book, stated, [], ON)
        r = next(x for x in p.screening.results if x.program.id == pid)
        c = card(get_presenter(book, "zh-Hans"), r, p, stated, None, gettext_for("zh-Hans"),
                 full=True)
        assert c["unsettled"][0]["text"].startswith("可能可以，请问"), pid
        assert any(x["text"].startswith("可能可以") for x in c["reasons"]), pid



def test_open_rules_of_a_program_for_rosters(book: Rulebook) -> None:
    pres = get_presenter(book, "zh-Hans")
    assert [x["id"] for x in pres.open_rules(book.programs["child_rehabilitation"])] == [
        "age_0_6"]
    assert pres.open_rules(book.programs["living_subsidy"]) == []
    for x in pres.open_rules(book.programs["medical_assistance"]):
        assert x["text"].startswith("可能可以，请问") and x["decided_by"]


def test_who_decides_reads_as_running_text_in_english(book: Rulebook) -> None:
    """"Possibly yes: ask {decided_by}" needs a decided_by written for the middle of a sentence
    ("the county … bureau"), not a heading ("Civil affairs bureau of …")."""
    pres = get_presenter(book, "en")
    for p in book.programs.values():
        for u in pres.open_rules(p):
            who = u["text"].removeprefix("Possibly yes: ask ")
            assert who != u["text"] and not who[:1].isupper(), (p.id, u["id"], who[:40])
