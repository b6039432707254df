"""Properties of the engine over random people (hypothesis).

Soundness: a program decided on part of the facts is decided the same way on all of them.
Usefulness: every fact in next_questions can change some undetermined result.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine import UNDETERMINED, load_rulebook, screen
from app.engine.schema import FactDef
from tests.conftest import ROOT

BOOK = load_rulebook(ROOT / "rules")
DAYS = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2027, 12, 31))


def value_strategy(f: FactDef) -> st.SearchStrategy[Any]:
    if f.type == "boolean":
        return st.booleans()
    if f.type == "enum":
        return st.sampled_from(sorted(f.values or {}))
    if f.type == "integer":
        lo = int(f.min) if f.min is not None else 0
        hi = int(f.max) if f.max is not None else 1000
        return st.integers(lo, min(hi, lo + 120)) | st.sampled_from([lo, hi])
    if f.type == "number":
        picks = [Decimal(x) for x in ("0", "1.5", "3.65", "4.65", "5.15", "8", "100000",
                                      "200000", "250000", "300000", "3000000", "5000000")]
        return st.sampled_from(picks)
    return DAYS


PERSON = st.fixed_dictionaries({}, optional={n: value_strategy(f) for n, f in BOOK.facts.items()})


def candidates(f: FactDef) -> list[Any]:
    """A few values of a fact, enough to flip any condition the rules write."""
    if f.type == "boolean":
        return [True, False]
    if f.type == "enum":
        return sorted(f.values or {})
    if f.type == "integer":
        lo = int(f.min) if f.min is not None else 0
        hi = int(f.max) if f.max is not None else 1000
        return sorted({lo, hi, *range(lo, min(hi, lo + 10) + 1), 15, 16, 17, 24, 36, 59, 60,
                       45} & set(range(lo, hi + 1)))
    if f.type == "number":
        return [Decimal(x) for x in ("0", "1", "2.5", "3.5", "5.15", "6", "8", "200000",
                                     "250000", "350000", "3500000", "4500000")]
    return [dt.date(y, m, 1) for y in (2015, 2019, 2020, 2021, 2023, 2024, 2025, 2026)
            for m in (1, 7)]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=PERSON, on=DAYS, data=st.data())
def test_decided_results_never_change(person: dict[str, Any], on: dt.date,
                                      data: st.DataObject) -> None:
    names = sorted(person)
    subset = data.draw(st.sets(st.sampled_from(names)) if names else st.just(set()))
    partial = {k: person[k] for k in subset}
    part = screen(BOOK, partial, on)
    whole = screen(BOOK, person, on)
    for a, b in zip(part.results, whole.results, strict=True):
        if a.status != UNDETERMINED:
            assert a.status == b.status, (a.program.id, partial, person)
        else:
            assert set(b.missing) <= set(a.missing) | set(person) or b.status != UNDETERMINED


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=PERSON, on=DAYS)
def test_next_questions_can_change_an_open_result(person: dict[str, Any], on: dt.date) -> None:
    base = screen(BOOK, person, on)
    open_before = {r.program.id: r.status for r in base.results if r.status == UNDETERMINED}
    for name in base.next_questions:
        assert name not in person
        changed = False
        for value in candidates(BOOK.facts[name]):
            after = screen(BOOK, {**person, name: value}, on)
            if any(r.program.id in open_before and r.status != UNDETERMINED
                   or r.program.id in open_before and set(r.missing) != set(
                       next(x for x in base.results if x.program.id == r.program.id).missing)
                   for r in after.results):
                changed = True
                break
        assert changed, f"{name} cannot change any open result for {person} on {on}"


def test_missing_facts_are_only_those_of_open_programs() -> None:
    s = screen(BOOK, {"has_disability_certificate": False}, dt.date(2025, 6, 1))
    still_open = [r for r in s.results if r.status == UNDETERMINED]
    assert set(s.next_questions) == {n for r in still_open for n in r.missing}
    # The six programs of design.md §4.1 all need a certificate: none of them stays open, so
    # nothing is asked about businesses or loans. Only programs open to people without a
    # certificate (getting one, children's rehabilitation, social assistance…) remain.
    six = {"living_subsidy", "nursing_subsidy", "pension_premium", "startup_subsidy",
           "loan_interest_subsidy", "stall_reservation"}
    assert not six & {r.program.id for r in still_open}
    assert "disability_certificate" in {r.program.id for r in still_open}
    assert not {"business_type", "loan_type", "wants_market_stall"} & set(s.next_questions)
