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

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.engine import ELIGIBLE, NOT_ELIGIBLE, NOT_IN_FORCE, UNDETERMINED, evaluate, screen
from app.engine.compile import (
    Compiler,
    NeedsAmount,
    amount_function,
    implication_function,
    rulebook_function,
)
from app.engine.implied import apply, fill
from app.engine.rulebook import CompiledProgram
from app.engine.screen import compute_amount, result_key
from app.present import Presenter
from tests.test_soundness import (
    BOOK,
    DAYS,
    PERSON,
    SMALL_DAYS,
    SMALL_FACTS,
    SMALL_PERSON,
    _cond,
    small_program,
)


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
    none_kept = tuple({}.get for _ in BOOK.programs)  # every answer comes back, all missed
    answers, missed = BOOK.runner()(person, on, BOOK.inactive_on(on), none_kept)
    programs = list(BOOK.programs.values())
    assert len(answers) == len(programs) and missed == list(range(len(programs)))
    for program, answer in zip(programs, answers, strict=True):
        assert answer == program.runner()(person, on, program.inactive_on(on)), program.id
    every = screen(BOOK, person, on)
    full = apply(BOOK, person, on)[0]  # screen() fills implied facts first
    for program, r in zip(programs, every.results, strict=True):
        one = evaluate(program, full, on)
        assert r.program is program
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
    assert copy.runtime.imply.source == BOOK.runtime.imply.source
    for p in copy.programs.values():  # each amount's function too
        mine = BOOK.programs[p.id].amount_runner()
        assert (p.runtime.amount is None) is (mine is None), p.id
        assert mine is None or p.runtime.amount.source == mine.source  # type: ignore[union-attr]
    # the implications name the rulebook's own (unpickled) implications
    tekun = {"tekun": True}
    assert fill(copy, tekun, on)[1]["no_family_support"] is copy.extras.implications[1]
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


# ---------------------------------------------------------------- amounts as generated code

LOAN = BOOK.programs["loan_interest_subsidy"]  # its parameters: dated values, one unconfirmed
# numbers written several ways: an amount keeps a Decimal's exponent and sign (0.5 × 2 is
# 1.0, 0.50 × 2 is 1.00; -0 stays -0), so equal inputs must give the same digits
NUMBERS = st.sampled_from([Decimal(x) for x in (
    "0", "0.0", "-0", "1", "1.0", "1.50", "1.5", "3.65", "5.15", "8", "2E+5", "200000",
    "300000.00", "3000000")])
AMOUNT_DAYS = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2027, 12, 31))
AMOUNT_PERSON = st.fixed_dictionaries({}, optional={
    "loan_amount": NUMBERS, "loan_annual_rate": NUMBERS,
    "loan_term_months": st.integers(1, 600), "loan_contract_date": AMOUNT_DAYS,
    "loan_type": st.sampled_from(["individual", "small_micro_enterprise"]),
    "has_disability_certificate": st.booleans()})
_param = st.sampled_from(sorted(LOAN.params))
_amount_leaf = st.one_of(
    st.sampled_from([0, 1, 1.0, 0.5, 0.01, 1.5, 2, 2.0, 100]),
    st.sampled_from([{"fact": "loan_amount"}, {"fact": "loan_annual_rate"},
                     {"fact": "loan_term_months"}]),
    st.builds(lambda p: {"param": p}, _param),
    st.builds(lambda p: {"param": p, "at": "loan_contract_date"}, _param),
)
_amount_cond = st.one_of(
    st.builds(lambda v: {"fact": "has_disability_certificate", "is": v}, st.booleans()),
    st.builds(lambda v: {"fact": "loan_type", "is": v},
              st.sampled_from(["individual", "small_micro_enterprise"])),
    st.builds(lambda d: {"fact": "loan_contract_date", "at_most": d},
              st.sampled_from(["2020-12-31", "2023-06-30"])),
    st.builds(lambda p: {"fact": "loan_amount",
                         "at_most": {"param": p, "at": "loan_contract_date"}},
              st.sampled_from(["individual_max_amount", "small_micro_max_amount"])),
)


def _amount_node(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    two = st.lists(inner, min_size=2, max_size=3)
    return st.one_of(
        st.builds(lambda op, xs: {op: xs}, st.sampled_from(["add", "multiply", "min", "max"]),
                  two),
        st.builds(lambda a, b: {"subtract": [a, b]}, inner, inner),
        st.builds(lambda x: {"ceil": x}, inner),
        st.builds(lambda x, n: {"round": x, "places": n}, inner, st.integers(0, 3)),
        st.builds(lambda cases, other: {"cases": cases, **({} if other is None else
                                                             {"else": other})},
                  st.lists(st.builds(lambda c, t: {"when": c, "then": t},
                                     st.one_of(_amount_cond,
                                               st.builds(lambda xs: {"all": xs},
                                                         st.lists(_amount_cond, min_size=1,
                                                                  max_size=2))),
                                     inner), min_size=1, max_size=3),
                  st.none() | inner),
    )


AMOUNT_EXPR = st.recursive(_amount_leaf, _amount_node, max_leaves=8)


def _walked_amount(expr: Any, facts: dict[str, Any], on: dt.date) -> Any:
    """``expr.ev`` node by node, as compute_amount calls it: (value, used) or None; an error
    as its type."""
    used: list[Any] = []
    try:
        value = expr.ev(facts, on, used)
    except ArithmeticError as exc:
        return type(exc)
    return None if value is None else (value, used)


def _same_amount(got: Any, want: Any) -> bool:
    """Equal to the digit (the exponent and sign, not only the value) and the very parameter
    values used, in order."""
    if got is None or want is None or isinstance(want, type):
        return got is want
    (v, used), (w, wused) = got, want
    return (type(v) is type(w) and str(v) == str(w) and len(used) == len(wused)
            and all(a is c and b is d for (a, b), (c, d) in zip(used, wused, strict=True)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(node=AMOUNT_EXPR, person=AMOUNT_PERSON, on=AMOUNT_DAYS)
@example(node={"add": [1, 1.0]}, person={}, on=dt.date(2025, 6, 1))  # 2.0, not 2
def test_amount_functions_give_what_the_nodes_give(node: Any, person: dict[str, Any],
                                                   on: dt.date) -> None:
    """compile.amount_function over random amount formulas (add, subtract, multiply, min, max,
    ceil, round, cases; parameters dated by a fact or the screening date), people and dates."""
    expr = Compiler("p.yaml", BOOK.facts, LOAN.params).expr(node, "amount.value")
    run = amount_function("p.yaml", expr)
    try:
        got = run(person, on)
    except ArithmeticError as exc:
        got = type(exc)
    assert _same_amount(got, _walked_amount(expr, person, on)), (node, person, on, run.source)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=PERSON, on=st.sampled_from([dt.date(2019, 6, 1), dt.date(2024, 12, 31),
                                          dt.date(2025, 6, 1)]))
def test_screened_amounts_are_compute_amount(person: dict[str, Any], on: dt.date) -> None:
    """Every eligible result's amount, whether worked out by the generated function or kept for
    its answer and date (an amount that reads no fact), is compute_amount's to the digit (few
    dates, so kept results are met)."""
    full = apply(BOOK, person, on)[0]
    for r in screen(BOOK, person, on).results:
        spec = r.program.model.amount
        if r.status != ELIGIBLE or spec is None or not spec.in_screening:
            continue
        amount, missing = compute_amount(r.program, full, on)
        assert r.amount_missing == missing, r.program.id
        assert (r.amount is None) is (amount is None), r.program.id
        if amount is not None:
            assert r.amount is not None
            assert (str(r.amount.value), r.amount.confidence, r.amount.unit, r.amount.per) == (
                str(amount.value), amount.confidence, amount.unit, amount.per), r.program.id
            assert _same_amount((r.amount.value, list(r.amount.used)),
                                (amount.value, list(amount.used))), r.program.id


def test_an_amount_kept_for_its_answer_is_kept_for_its_date_only() -> None:
    """The living subsidy reads no fact: its result is kept per answer and date, and the next
    date's is its own (80 yuan a month in 2024, 90 from 2025-01-01)."""
    person = {"has_disability_certificate": True, "hukou": "baise", "household_dibao": True,
              "disability_grade": 1, "age": 40, "tekun": False, "orphan_allowance": False}
    amounts = []
    for on in (dt.date(2024, 12, 31), dt.date(2025, 6, 1), dt.date(2024, 12, 31)):
        r = screen(BOOK, person, on, ["living_subsidy"]).results[0]
        assert r.status == ELIGIBLE and r.amount is not None
        amounts.append(r.amount.value)
    assert amounts == [80, 90, 80]


# ---------------------------------------------------------------- implications as generated code

def walked_implies(rules: Any, facts: dict[str, Any], on: dt.date) -> tuple[dict[str, Any],
                                                                            dict[str, Any]]:
    """``implies:`` as app/engine/implied.py states it, node by node: over and over until
    nothing changes, each rule whose facts are not all known and whose condition holds fills
    the ones not known."""
    out, why = dict(facts), {}
    changed = True
    while changed:
        changed = False
        for cond, then, tag in rules:
            if all(n in out for n, _ in then):
                continue
            if cond.ev(out, on) is True:
                for name, value in then:
                    if name not in out:
                        out[name], why[name] = value, tag
                        changed = True
    return out, why


def _same_implied(got: tuple[Any, dict[str, Any]], want: tuple[dict[str, Any], dict[str, Any]],
                  given: dict[str, Any]) -> bool:
    (facts, why), (wfacts, wwhy) = got, want
    return (dict(facts) == wfacts and why.keys() == wwhy.keys()
            and all(why[k] is wwhy[k] for k in why) and (facts is given) == (not why))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=PERSON, on=DAYS)
def test_the_rulebooks_implications_give_what_the_nodes_give(person: dict[str, Any],
                                                             on: dt.date) -> None:
    rules = tuple((i.cond, tuple(i.then.items()), i) for i in BOOK.extras.implications)
    assert _same_implied(fill(BOOK, person, on), walked_implies(rules, person, on), person)
    facts, why = apply(BOOK, person, on)
    assert facts is not person and (facts, why) == walked_implies(rules, person, on)


_SMALL_VALUES = {"a": st.booleans(), "b": st.booleans(), "c": st.booleans(),
                 "n": st.integers(0, 5)}


@st.composite
def _implications(draw: st.DrawFn) -> Any:
    """Up to four rules on facts a, b, c (yes/no) and n (0–5), each filling facts its
    condition does not read: chains, and rules that fill the same fact differently."""
    out = []
    for i in range(draw(st.integers(0, 4))):
        cond = Compiler("facts.yaml", SMALL_FACTS, {}).cond(draw(_cond), f"implies[{i}]")
        free = sorted(set(SMALL_FACTS) - set(cond.facts_used()))
        if not free:
            continue
        names = draw(st.lists(st.sampled_from(free), min_size=1, max_size=2, unique=True))
        out.append((cond, tuple((n, draw(_SMALL_VALUES[n])) for n in names), f"rule {i}"))
    return tuple(out)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=_implications(), person=SMALL_PERSON, on=SMALL_DAYS)
def test_implication_functions_give_what_the_nodes_give(rules: Any, person: dict[str, Any],
                                                        on: dt.date) -> None:
    run = implication_function(rules)
    assert _same_implied(run(person, on), walked_implies(rules, person, on), person), run.source


def test_an_implication_made_true_later_in_a_pass_is_applied() -> None:
    """Rule 0 reads what rule 1 fills: the next pass applies rule 0 (chains of any order)."""
    comp = Compiler("facts.yaml", SMALL_FACTS, {})
    rules = ((comp.cond({"fact": "b", "is": True}, "r0"), (("c", False),), "r0"),
             (comp.cond({"fact": "a", "is": True}, "r1"), (("b", True),), "r1"))
    facts, why = implication_function(rules)({"a": True}, dt.date(2025, 6, 1))
    assert facts == {"a": True, "b": True, "c": False} and why == {"b": "r1", "c": "r0"}
    assert (facts, why) == walked_implies(rules, {"a": True}, dt.date(2025, 6, 1))


# ---------------------------------------------------------------- random programs with limits

_limit_leaf = st.one_of(
    st.builds(lambda p: {"fact": "loan_amount",
                         "at_most": {"param": p, "at": "loan_contract_date"}},
              st.sampled_from(["individual_max_amount", "small_micro_max_amount"])),
    st.builds(lambda op: {"fact": "loan_term_months", op: {"param": "individual_max_term_months"}},
              st.sampled_from(["at_least", "at_most"])),
    st.builds(lambda v: {"fact": "has_disability_certificate", "is": v}, st.booleans()),
    st.builds(lambda vs: {"fact": "loan_type", "in": vs},
              st.lists(st.sampled_from(["individual", "small_micro_enterprise"]), min_size=1,
                       max_size=2, unique=True)),
    st.builds(lambda n: {"fact": "loan_contract_date", "at_least": {"years_before_screening": n}},
              st.integers(0, 3)),
    st.builds(lambda n: {"fact": "loan_annual_rate", "at_most": n}, st.sampled_from([1, 5, 8])),
)
_limit_cond = st.recursive(_limit_leaf, lambda inner: st.one_of(
    st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=3)),
    st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=3)),
    st.builds(lambda x: {"not": x}, inner)), max_leaves=6)


def limit_program() -> st.SearchStrategy[Any]:
    """A random program whose criteria compare with dated limits (unknown for a date before
    a limit's first value), may be unsettled (or have no condition) and be in force between
    dates."""
    return small_program(_limit_cond, BOOK.facts, LOAN.params)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs=st.lists(limit_program(), min_size=1, max_size=3), person=AMOUNT_PERSON,
       on=AMOUNT_DAYS)
def test_random_programs_with_limits_give_what_the_nodes_give(
        programs: list[Any], person: dict[str, Any], on: dt.date) -> None:
    """Each program's function, and the rulebook function of them all, against the nodes: the
    unknowns that name no fact (no limit for the date) and criteria in force between dates."""
    for program in programs:
        r = evaluate(program, person, on)
        got = {"status": r.status, "values": r.values, "missing": r.missing,
               "unsettled": tuple(c.id for c in r.unsettled)}
        assert got == walked(program, person, on), (program.runner().source, person, on)
    run = rulebook_function(tuple(p.spec() for p in programs))
    inactive = tuple(p.inactive_on(on) for p in programs)
    answers, missed = run(person, on, inactive, tuple({}.get for _ in programs))
    assert missed == list(range(len(programs)))
    for program, answer, ia in zip(programs, answers, inactive, strict=True):
        assert answer == program.runner()(person, on, ia), run.source
    # with the results kept by evaluate above: each program's very result
    results, missed = run(person, on, inactive,
                          tuple(p.runtime.results.get for p in programs))
    for j, (program, r) in enumerate(zip(programs, results, strict=True)):
        if j not in missed and program.valid_from <= on:
            assert r is evaluate(program, person, on)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=PERSON, on=DAYS)
def test_a_second_screening_finds_every_result_kept(person: dict[str, Any], on: dt.date) -> None:
    """The rulebook function finds what evaluate keeps (both key an answer by result_key):
    screened again, only results with an amount worked out each time are missed."""
    programs = list(BOOK.programs.values())
    for p in programs:  # nothing kept is dropped for room meanwhile
        p.runtime.results.clear()
    screen(BOOK, person, on)
    facts = fill(BOOK, person, on)[0]
    inactive, closed = BOOK.on_date(on)
    results, missed = BOOK.runner()(facts, on, inactive, BOOK.lookups())
    for j in set(missed) - set(closed):  # a program not in force keeps one result for all
        kept = programs[j].runtime.results.get(result_key(programs[j], results[j], on))
        assert kept is NeedsAmount, programs[j].id


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(st.tuples(PERSON, DAYS), min_size=2, max_size=6))
def test_answers_kept_by_result_stay_each_results_own(people: list[tuple[dict[str, Any], dt.date]]
                                                      ) -> None:
    """The presenter keeps each shared result's answer keyed by the result itself (hashed by
    identity) and the engine the next questions per tuple of results: with their tables
    starting again after every answer or two, each screening's answer is still the one made
    afresh, result by result, and its next questions the ones counted afresh."""
    import importlib

    import app.present as present_module

    screen_module = importlib.import_module("app.engine.screen")  # app.engine.screen: a function

    keep = (present_module.KEEP_ANSWERS, screen_module.KEEP_OUTCOMES)
    present_module.KEEP_ANSWERS, screen_module.KEEP_OUTCOMES = 1, 2
    try:
        presenter = Presenter(BOOK, "en")
        for _round in range(2):
            for person, on in people:
                s = screen(BOOK, person, on)
                answer = presenter.screening(s)
                fresh = Presenter(BOOK, "en")
                assert answer["results"] == [fresh.result(dataclasses.replace(r, shared=False))
                                             for r in s.results]
                assert answer["on"] == on.isoformat()
                counts = Counter(n for r in s.results for n in r.missing)
                assert s.next_questions == sorted(
                    counts, key=lambda n: (-counts[n], BOOK.fact_rank[n]))
    finally:
        present_module.KEEP_ANSWERS, screen_module.KEEP_OUTCOMES = keep


def test_results_are_equal_only_to_themselves() -> None:
    """Two results alike are two keys (the presenter's answers are kept per result object)."""
    r = screen(BOOK, {"has_disability_certificate": False}, dt.date(2025, 6, 1)).results[0]
    twin = dataclasses.replace(r)
    assert twin != r and len({r, twin}) == 2 and r == r
    assert not NeedsAmount and NeedsAmount is not None  # false, like a result not kept
