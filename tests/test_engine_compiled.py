"""The compiled hot path gives exactly what the rule nodes give (issue 17, point 2).

Each program's criteria run as one generated function (``CompiledProgram.runner``) and results
without an amount are shared objects; the presenter keeps an answer per shared result. Here the
engine's results over random people and dates are compared with a restatement of
``evaluate`` that walks the nodes (``Cond.ev`` / ``Cond.missing``) one call at a time, and the
presenter's kept answers with answers made afresh.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from collections import Counter
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings

from app.engine import ELIGIBLE, NOT_ELIGIBLE, NOT_IN_FORCE, UNDETERMINED, evaluate, screen
from app.engine.implied import apply
from app.engine.rulebook import CompiledProgram
from app.engine.screen import compute_amount
from app.present import Presenter
from tests.test_soundness import BOOK, DAYS, PERSON


def walked(program: CompiledProgram, facts: dict[str, Any], on: dt.date) -> dict[str, Any]:
    """``evaluate`` as rules/README.md states it, node by node."""
    if on < program.valid_from or (program.valid_until is not None and on > program.valid_until):
        return {"status": NOT_IN_FORCE, "values": (), "missing": (), "unsettled": ()}
    n = program.n_requirements
    inactive = {i for i, c in enumerate(program.criteria) if not c.in_force(on)}
    values = tuple((i < n) if i in inactive else c.cond.ev(facts, on)
                   for i, c in enumerate(program.criteria))
    open_ = []
    for i, (c, v) in enumerate(zip(program.criteria, values, strict=True)):
        if (v is False) if i < n else (v is True):
            if not c.unsettled:
                return {"status": NOT_ELIGIBLE, "values": values, "missing": (),
                        "unsettled": ()}
            open_.append(c.id)
    if None in values or open_:
        out: dict[str, None] = {}
        for c, v in zip(program.criteria, values, strict=True):
            if v is None:
                mine: dict[str, None] = {}
                c.cond.missing(facts, on, mine)
                out.update(mine)
                if not mine:
                    open_.append(c.id)
        return {"status": UNDETERMINED, "values": values, "missing": tuple(out),
                "unsettled": tuple(open_)}
    return {"status": ELIGIBLE, "values": values, "missing": (), "unsettled": ()}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=PERSON, on=DAYS)
def test_compiled_programs_give_what_the_nodes_give(person: dict[str, Any], on: dt.date) -> None:
    for program in BOOK.programs.values():
        r = evaluate(program, person, on)
        got = {"status": r.status, "values": r.values, "missing": r.missing,
               "unsettled": tuple(c.id for c in r.unsettled)}
        assert got == walked(program, person, on), (program.id, person, on)
        if r.status == ELIGIBLE and program.model.amount and program.model.amount.in_screening:
            assert (r.amount, r.amount_missing) == compute_amount(program, person, on)
        else:
            assert r.amount is None and r.amount_missing == ()


PRESENTER = Presenter(BOOK, "en")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=PERSON, on=DAYS)
def test_kept_answers_are_the_answers_made_afresh(person: dict[str, Any], on: dt.date) -> None:
    for r in screen(BOOK, person, on).results:
        kept = PRESENTER.result(r)
        assert PRESENTER.result(r) is kept or not r.shared
        fresh = Presenter(BOOK, "en").result(dataclasses.replace(r, shared=False))
        assert kept == fresh, r.program.id


def test_shared_results_are_one_object_per_outcome() -> None:
    on = dt.date(2025, 6, 1)
    a = screen(BOOK, {"has_disability_certificate": False}, on).results
    b = screen(BOOK, {"has_disability_certificate": False}, on).results
    shared = [x for x, y in zip(a, b, strict=True) if x is y]
    assert shared and all(x.shared for x in shared)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=PERSON, on=DAYS)
def test_the_rulebook_function_answers_as_each_program_function(person: dict[str, Any],
                                                                on: dt.date) -> None:
    """Rulebook.runner (every program in one function, each fact read once, conditions
    written alike worked out once) answers for each program what its own function answers,
    and a screening of all programs (which uses it) what each program's evaluate gives."""
    answers = BOOK.runner()(person, on, BOOK.inactive_on(on))
    programs = list(BOOK.programs.values())
    assert len(answers) == len(programs)
    for program, answer in zip(programs, answers, strict=True):
        assert answer == program.runner()(person, on, program.inactive_on(on)), program.id
    every = screen(BOOK, person, on)
    full = apply(BOOK, person, on)[0]  # screen() fills implied facts first
    for program, r in zip(programs, every.results, strict=True):
        one = evaluate(program, full, on)
        assert (r.status, r.values, r.missing, r.unsettled, r.amount, r.amount_missing) == (
            one.status, one.values, one.missing, one.unsettled, one.amount, one.amount_missing)
    # the next questions (kept per distinct list of missing facts): most needed first, ties in
    # the order of rules/facts.yaml
    counts = Counter(n for r in every.results for n in r.missing)
    expected = sorted(counts, key=lambda n: (-counts[n], BOOK.fact_rank[n]))
    assert every.next_questions == expected
    assert screen(BOOK, person, on).next_questions == expected


def test_a_pickled_rulebook_keeps_its_functions_not_its_results() -> None:
    on = dt.date(2025, 6, 1)
    person = {"has_disability_certificate": True, "hukou": "baise", "age": 30}
    before = [(r.status, r.values, r.missing) for r in screen(BOOK, person, on).results]
    copy = pickle.loads(pickle.dumps(BOOK))
    for p in copy.programs.values():
        assert p.runtime.run is not None and not p.runtime.results
        assert p.runtime.run.source == BOOK.programs[p.id].runtime.run.source
    assert copy.runtime.run is not None and copy.runtime.run.source == BOOK.runner().source
    after = [(r.status, r.values, r.missing) for r in screen(copy, person, on).results]
    assert after == before


def test_an_unknown_without_a_dated_value_is_not_worded_as_one_missing_a_fact() -> None:
    """Two results with the same criterion values, one unknown for want of a fact, the other
    because the rulebook has no limit for the contract's date (the office decides): the
    presenter's kept reasons must not give the second the first's wording."""
    on = dt.date(2025, 6, 1)
    loan = {"has_disability_certificate": True, "loan_type": "individual",
            "loan_amount": Decimal(100000), "loan_term_months": 12}
    missing = screen(BOOK, loan, on, ["loan_interest_subsidy"]).results[0]
    no_limit = screen(BOOK, {**loan, "loan_contract_date": dt.date(2019, 6, 1)}, on,
                      ["loan_interest_subsidy"]).results[0]
    assert missing.values == no_limit.values and missing.missing and no_limit.unsettled
    presenter = Presenter(BOOK, "en")
    presenter.result(missing)
    assert presenter.result(no_limit) == Presenter(BOOK, "en").result(no_limit)
