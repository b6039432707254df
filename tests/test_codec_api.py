"""The JSON API edge reads facts through the codec: the table of typed values
(tests/support/typed_values.py) gives the same answers through POST /api/v1/screen, and bodies
a stock JSON parser lets through (NaN, Infinity, 1e400, huge numbers, lone surrogates) get a
422 naming the field that never echoes the value — never a 500."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.web.limits import MAX_BODY_BYTES
from tests.support.typed_values import HOSTILE_SECONDS, ON, Refused, Row, rows_for

ROWS = rows_for("json")


def post(client: TestClient, path: str, body: bytes) -> Any:
    return client.post(path, content=body, headers={"content-type": "application/json"})


def encoded(facts: dict[str, Any]) -> bytes:
    return json.dumps({"on": ON.isoformat(), "facts": facts}).encode()


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_typed_value_through_the_api(client: TestClient, row: Row) -> None:
    start = time.perf_counter()
    body = encoded({row.fact: row.typed})
    r = post(client, "/api/v1/screen", body)
    elapsed = time.perf_counter() - start
    if len(body) > MAX_BODY_BYTES:  # refused before it is read (app.web.limits)
        assert r.status_code == 413, r.text
    elif isinstance(row.expect, Refused):
        assert r.status_code == 422, r.text
        [err] = r.json()["detail"]
        assert err["loc"] == ["body", "facts", row.fact]
        assert err["type"] == f"fact.{row.expect.code}" and err["msg"]
        assert "input" not in err
    else:
        assert r.status_code == 200, r.text
    if row.hostile:
        assert elapsed < HOSTILE_SECONDS, f"{row.id} took {elapsed:.3f} s"


# bodies written out by hand: what a stock JSON encoder would not produce
@pytest.mark.parametrize(("body", "loc"), [
    (b'{"facts": {"age": NaN}}', ["body", "facts", "age"]),
    (b'{"facts": {"age": Infinity}}', ["body", "facts", "age"]),
    (b'{"facts": {"loan_amount": -Infinity}}', ["body", "facts", "loan_amount"]),
    (b'{"facts": {"loan_amount": 1e400}}', ["body", "facts", "loan_amount"]),
    (b'{"facts": {"loan_amount": 1e1000000}}', ["body", "facts", "loan_amount"]),
    (b'{"facts": {"age": 99999999999999999999999}}', ["body", "facts", "age"]),
    (b'{"on": NaN, "facts": {}}', ["body", "on"]),
    (b'{"on": "\\ud800", "facts": {}}', ["body", "on"]),
    (b'{"facts": {"age": "\\ud800"}}', ["body", "facts", "age"]),
    (b'{"facts": {"\\ud800": 1}}', ["body", "facts", "\u2026"]),
    (b'{"facts": {}, "programs": [NaN]}', ["body", "programs", 0]),
    (b'{"facts": {}, "\\udfff": 1}', ["body"]),  # pydantic names the body itself
])
def test_unencodable_values_get_a_safe_422(client: TestClient, body: bytes, loc: list[Any]
                                           ) -> None:
    for path in ("/api/v1/screen", "/api/v1/programs/living_subsidy/amount"):
        if b"programs" in body and "amount" in path:
            continue
        start = time.perf_counter()
        r = post(client, path, body)
        assert time.perf_counter() - start < HOSTILE_SECONDS
        assert r.status_code == 422, r.text
        errs = r.json()["detail"]
        assert loc in [e["loc"] for e in errs], errs
        assert all("input" not in e and "ctx" not in e for e in errs)
        assert "NaN" not in r.text and "Infinity" not in r.text and "\\ud" not in r.text


@pytest.mark.parametrize("amount", ["1e28", "1e29", "100000001", "12345678901234567890123456789"])
def test_amount_api_refuses_amounts_above_the_facts_max(client: TestClient, amount: str
                                                        ) -> None:
    body = b'{"facts": {"loan_amount": %s, "loan_type": "individual"}}' % amount.encode()
    r = post(client, "/api/v1/programs/loan_interest_subsidy/amount", body)
    assert r.status_code == 422, r.text
    [err] = r.json()["detail"]
    assert err["loc"] == ["body", "facts", "loan_amount"] and err["type"] == "fact.above_max"


@pytest.mark.parametrize(("typed", "code", "says"), [
    ("100000000.000000000000000000000000000001", "above_max", "It cannot be more than"),
    ("0.000000000000000000000000000001", "decimals", "It can have at most 20 decimal places"),
])
def test_many_decimal_places_are_refused_not_rounded(client: TestClient, typed: str, code: str,
                                                     says: str) -> None:
    """Tester 22's values, sent as text: a 422 naming loan_amount with the message that is
    true of the value (over the maximum, or too many decimal places), never a rounded 200."""
    r = client.post("/api/v1/screen?lang=en",
                    json={"on": ON.isoformat(), "facts": {"loan_amount": typed}})
    assert r.status_code == 422, r.text
    [err] = r.json()["detail"]
    assert err["loc"] == ["body", "facts", "loan_amount"] and err["type"] == f"fact.{code}"
    assert err["msg"].startswith(says), err["msg"]


def test_amount_carries_its_wording(client: TestClient) -> None:
    r = client.post("/api/v1/screen?lang=en", json={
        "on": "2025-06-01", "facts": {"has_disability_certificate": True, "hukou": "baise",
                                      "disability_grade": 1, "disability_category": "physical",
                                      "needs_long_term_care": True, "tekun": False,
                                      "work_injury_nursing_allowance": False},
        "programs": ["nursing_subsidy"]})
    amount = r.json()["results"][0]["amount"]
    assert amount["text"] == "90 yuan a month", amount


def test_validation_errors_elsewhere_do_not_echo_either(client: TestClient) -> None:
    """The app-wide handler (app.api.errors.request_validation_error) answers any route's
    validation error without the value: here an ID number sent as the screening date, and
    typed where the staff area's case id goes (an HTML page there, never an echo)."""
    number = "45102619800101123X"
    r = client.post("/api/v1/programs/stall_reservation/amount",
                    json={"on": number, "facts": {}})
    assert r.status_code == 422, r.text
    assert number not in r.text
    assert r.json()["detail"][0]["loc"][-1] == "on"
    r = client.get(f"/staff/cases/{number}")
    assert r.status_code < 500 and number not in r.text


def test_enum_ids_read_as_typed_text_reads_them() -> None:
    """read_json's fast path for an enum's id (app/codec/read.py) answers what reading the
    same string as typed text answers, for every spelling of every value and for near
    misses (case, spaces, full-width letters, unknown ids)."""
    from app.codec import read_json, read_text
    from app.codec.words import enum_index
    from app.engine import load_rulebook
    from tests.conftest import ROOT

    book = load_rulebook(ROOT / "rules")
    tried = 0
    for name, f in book.facts.items():
        if f.type != "enum":
            continue
        spellings = set(enum_index(f)) | set(f.values or {})
        for s in list(spellings):
            spellings.update({s.upper(), f" {s}", s.title(), s + "x", s[:-1]})
        spellings.update({"", "ｐｈｙｓｉｃａｌ", "x" * 65})
        for s in spellings:
            assert read_json(book, name, s, on=ON) == read_text(book, name, s, on=ON), (name, s)
            tried += 1
    assert tried > 100


def test_an_integer_of_thousands_of_digits_is_a_422_naming_the_fact(client: TestClient
                                                                    ) -> None:
    """Python's JSON reader refuses integers over 4,300 digits with a bare 400; the API reads
    them bounded, so the fact codec refuses them as it refuses 1e400, naming the field."""
    digits = "9" * 5000
    body = ('{"on": "2025-06-01", "facts": {"age": ' + digits + "}}").encode()
    r = client.post("/api/v1/screen", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:200]
    assert r.json()["detail"][0]["loc"][-1] == "age"
    assert digits[:50] not in r.text
    ok = client.post("/api/v1/screen", json={"on": "2025-06-01", "facts": {"age": 45}})
    assert ok.status_code == 200
