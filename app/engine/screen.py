"""Evaluating programs for one person on one date.

Pure: the facts (already read by the fact codec, :mod:`app.codec`) and the screening date come in,
results come out. Nothing here reads a clock, a database or the network.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any

from .compile import NeedsAmount, RunAnswer, Used
from .implied import fill
from .params import ParamSeries
from .rulebook import NO_INDEXES, CompiledCriterion, CompiledProgram, Rulebook
from .schema import Amount, ParamValue

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
UNDETERMINED = "undetermined"
NOT_IN_FORCE = "not_in_force"


@dataclass(slots=True)
class Outcome:
    """One requirement or exclusion and what it came to: True, False or None (unknown)."""

    criterion: CompiledCriterion
    value: bool | None


@dataclass(slots=True)
class AmountResult:
    value: Decimal
    unit: str
    per: str | None
    confidence: str
    used: tuple[tuple[ParamSeries, ParamValue], ...]

    @property
    def valid_from(self) -> dt.date | None:
        """When the first parameter value it used came into force."""
        return self.used[0][1].valid_from if self.used else None


@dataclass(slots=True, eq=False)
class ProgramResult:
    """A program's answer. ``values`` line up with ``program.criteria`` (requirements first).

    Equal only to itself, and hashed by identity: a result is one object shared by every
    screening that comes to it, and the presenter keeps each one's answer keyed by it."""

    program: CompiledProgram
    status: str
    values: tuple[bool | None, ...]
    missing: tuple[str, ...]
    amount: AmountResult | None
    amount_missing: tuple[str, ...]
    # the unsettled criteria that stand in the way: an unsettled requirement unmet or exclusion
    # holding, or a criterion the rulebook cannot decide for this date (no dated value of a
    # limit): who decides is named instead of a "no" (rules/README.md "Unsettled criteria")
    unsettled: tuple[CompiledCriterion, ...] = ()
    inactive: frozenset[int] = frozenset()  # indexes of criteria not in force on the date
    # one object shared by every screening with this outcome (no amount): never mutated, so
    # the presenter may keep its answer for it
    shared: bool = False

    @property
    def outcomes(self) -> list[Outcome]:
        return [Outcome(c, v) for c, v in zip(self.program.criteria, self.values, strict=False)]

    def _ids(self, kind: str, value: bool) -> list[str]:
        """Settled criteria of ``kind`` that came to ``value`` (unsettled ones never decide)."""
        return [c.id for c, v in zip(self.program.criteria, self.values, strict=False)
                if v is value and c.kind == kind and not c.unsettled]

    @property
    def met(self) -> list[str]:
        return self._ids("requirement", True)

    @property
    def unmet(self) -> list[str]:
        return self._ids("requirement", False)

    @property
    def excluded_by(self) -> list[str]:
        return self._ids("exclusion", True)


@dataclass(slots=True)
class Screening:
    on: dt.date
    results: list[ProgramResult]
    next_questions: list[str]
    # facts filled by ``implies:`` of rules/facts.yaml (fact -> the implication), see screen()
    implied: dict[str, Any] = field(default_factory=dict)


def compute_amount(program: CompiledProgram, facts: Mapping[str, Any], on: dt.date
                   ) -> tuple[AmountResult | None, tuple[str, ...]]:
    """The program's amount formula alone, whatever the eligibility (the calculator)."""
    spec, expr = program.model.amount, program.amount
    if spec is None or expr is None:
        return None, ()
    used: Used = []
    value = expr.ev(facts, on, used)
    if value is None:
        need: dict[str, None] = {}
        expr.need(facts, on, need)
        return None, tuple(need)
    return _amount_result(spec, value, used), ()


def _amount_result(spec: Amount, value: Decimal, used: Used) -> AmountResult:
    """The amount worked out (``used``: the parameter values it read, in order): confirmed
    only if every value it used is."""
    confidence = "confirmed"
    for _, entry in used:
        if entry.confidence != "confirmed":
            confidence = "unconfirmed"
            break
    return AmountResult(value, spec.unit, spec.per, confidence, tuple(used))


# distinct outcomes kept per program (each one object, shared by every screening that comes to
# it); past this the table starts again, so memory stays bounded whatever people send
KEEP_OUTCOMES = 512
# kept for an answer that makes a program eligible with an amount: the amount is worked out
# from the facts each time (see _with_amount)
NEEDS_AMOUNT: Any = NeedsAmount


def evaluate(program: CompiledProgram, facts: Mapping[str, Any], on: dt.date,
             answer: RunAnswer | None = None) -> ProgramResult:
    """One program for one person on one date (design.md §3, rules/README.md "Unsettled").

    ``not_eligible`` as soon as a settled requirement is unmet or a settled exclusion holds;
    otherwise ``undetermined`` while a criterion is unknown (``missing`` names the facts) or an
    unsettled requirement is unmet / an unsettled exclusion holds (``unsettled`` names who
    decides); otherwise ``eligible``. Criteria not in force on ``on`` are left out.

    The criteria run as one function (:meth:`CompiledProgram.runner`) whose answer is all a
    result without an amount depends on: such a result is one object per distinct answer
    (with an amount, per answer and amount), shared (``shared``) by every screening that comes
    to it — do not mutate a result. ``answer``: the function's answer when already worked out
    (by the rulebook's function for all programs, :meth:`Rulebook.runner`).
    """
    rt = program.runtime
    if on < program.valid_from or (program.valid_until is not None and on > program.valid_until):
        hit = rt.results.get(NOT_IN_FORCE)
        return hit or _decide(program, facts, on, ((), False, None, (), NO_INDEXES, ()),
                              NOT_IN_FORCE)
    if answer is None:
        answer = (rt.run or program.runner())(
            facts, on, program.inactive_on(on) if program.dated else NO_INDEXES)
    hit = rt.results.get(result_key(program, answer, on))
    if hit is None:
        return _decide(program, facts, on, answer, None)
    if hit is NEEDS_AMOUNT:
        return _with_amount(program, facts, on, answer)
    return hit


def _kept(program: CompiledProgram, facts: Mapping[str, Any], on: dt.date,
          answer: RunAnswer) -> ProgramResult:
    """:func:`evaluate` of a program in force, given its answer, for which no result is kept
    or :data:`NEEDS_AMOUNT` is."""
    if program.runtime.results.get(result_key(program, answer, on)) is NEEDS_AMOUNT:
        return _with_amount(program, facts, on, answer)
    return evaluate(program, facts, on, answer)


def _decide(program: CompiledProgram, facts: Mapping[str, Any], on: dt.date,
            answer: RunAnswer, status: str | None) -> ProgramResult:
    """The result for an answer of the program's function not met before (see
    :func:`evaluate`); ``status`` NOT_IN_FORCE when the program is not in force."""
    values, fails, missing, gaps, inactive, _key = answer
    open_: tuple[CompiledCriterion, ...] = ()
    if status is not None:
        pass
    elif fails:  # a settled requirement unmet or settled exclusion holding
        status = NOT_ELIGIBLE
    else:
        open_ = tuple(c for i, bad, c in program.unsettled_checks if values[i] is bad)
        if missing is not None or open_:
            status = UNDETERMINED
            # unknown with every fact it reads given: the rulebook has no dated value for
            # this date, so the office decides (issue 13, point 13)
            open_ += tuple(program.criteria[i] for i in gaps)
        else:
            status = ELIGIBLE
            spec = program.model.amount
            if spec is not None and spec.in_screening:
                if program.by_date:  # the same amount for every screening on the date
                    result = _with_amount(program, facts, on, answer)
                    _keep(program, result_key(program, answer, on), result)
                    return result
                _keep(program, answer[5], NEEDS_AMOUNT)  # it reads the facts
                return _with_amount(program, facts, on, answer)
    result = ProgramResult(program, status, values, missing or (), None, (), open_, inactive,
                           shared=True)
    _keep(program, NOT_IN_FORCE if status == NOT_IN_FORCE else result_key(program, answer, on),
          result)
    return result


def result_key(program: CompiledProgram, answer: RunAnswer, on: dt.date) -> Any:
    """What the program's kept results are keyed by for ``answer`` on ``on``: the answer's
    :func:`app.engine.compile.answer_key`, paired with the date for a program whose amount
    reads no fact (:attr:`CompiledProgram.by_date`: its eligible result, amount and all, is
    then the same for every screening with that answer on that date)."""
    return (answer[5], on) if program.by_date else answer[5]


def _with_amount(program: CompiledProgram, facts: Mapping[str, Any], on: dt.date,
                 answer: RunAnswer) -> ProgramResult:
    """An eligible result with its amount; one object per distinct amount (value, parameter
    values used) and answer. The amount is worked out by the program's amount function
    (:meth:`CompiledProgram.amount_runner`: what :func:`compute_amount` gives)."""
    rt = program.runtime
    done = (rt.amount or program.amount_runner())(facts, on)  # type: ignore[misc]
    if done is not None:  # the key first: the amount's result is made only when not kept
        value, used = done
        key = (answer[5], str(value), tuple(map(id, map(_entry_of, used))), ())
        hit = rt.results.get(key)
        if hit is None:
            hit = ProgramResult(program, ELIGIBLE, answer[0], (),
                                _amount_result(program.model.amount, value, used),  # type: ignore[arg-type]
                                (), (), answer[4], shared=True)
            _keep(program, key, hit)
        return hit
    amount, amount_missing = compute_amount(program, facts, on)  # the facts it still needs
    key = (answer[5], None if amount is None else str(amount.value),
           None if amount is None else tuple(map(id, map(_entry_of, amount.used))), amount_missing)
    hit = rt.results.get(key)
    if hit is None:
        hit = ProgramResult(program, ELIGIBLE, answer[0], (), amount, amount_missing, (),
                            answer[4], shared=True)
        _keep(program, key, hit)
    return hit


def _keep(program: CompiledProgram, key: Any, value: Any) -> None:
    table = program.runtime.results
    if len(table) >= KEEP_OUTCOMES:
        table.clear()
    table[key] = value


_missing_of = attrgetter("missing")
_entry_of = itemgetter(1)


def next_questions(book: Rulebook, results: Iterable[ProgramResult]) -> list[str]:
    """Missing facts that can still change an undetermined result, most useful first.

    A fact that more open programs still need comes before one that fewer need; ties keep the
    order of ``rules/facts.yaml``.
    """
    # the order kept for each distinct tuple of results (hashed by identity, and held here:
    # a result's ``missing`` never changes), made from the order kept for each distinct tuple
    # of missing tuples (many tuples of results share one)
    table = book.runtime.results
    key = tuple(results)
    hit = table.get(key)
    if hit is None:
        missing = tuple(map(_missing_of, key))
        hit = table.get(missing)
        if hit is None:
            counts = Counter(chain.from_iterable(missing))
            # by rank, then (a stable sort) by count, most first: ties keep facts.yaml's order
            by_rank = sorted(counts, key=book.fact_rank.__getitem__)
            hit = tuple(sorted(by_rank, key=counts.__getitem__, reverse=True))
            if len(table) >= KEEP_OUTCOMES:
                table.clear()
            table[missing] = hit
        if len(table) >= KEEP_OUTCOMES:
            table.clear()
        table[key] = hit
    return list(hit)


def screen(book: Rulebook, facts: Mapping[str, Any], on: dt.date,
           programs: Iterable[str] | None = None) -> Screening:
    """Screen one person. ``programs`` limits which (ids already checked by the caller).

    The facts that rules/facts.yaml's ``implies:`` derives from the given ones are filled
    first (:func:`app.engine.implied.apply`: never over a given answer), so every edge —
    resident pages, staff form, API, roster — screens the same person alike; the screening
    names them in ``implied``."""
    facts, implied = fill(book, facts, on)
    if programs is None:  # every program: their criteria run as one function
        inactive, closed = book.on_date(on)
        # evaluate's first look, in that function (a call per program cost a third of a
        # screening): the result kept for each answer, else the answer
        rt = book.runtime
        results, missed = (rt.run or book.runner())(facts, on, inactive,
                                                     rt.lookups or book.lookups())
        if missed or closed:
            every = tuple(book.programs.values())
            for j in missed:
                results[j] = _kept(every[j], facts, on, results[j])
            for j in closed:  # not in force on the date: whatever its answer
                results[j] = evaluate(every[j], facts, on)
    else:
        results = []
        for pid in programs:  # evaluate's first look, inline
            p = book.programs[pid]
            if on < p.valid_from or (p.valid_until is not None and on > p.valid_until):
                results.append(evaluate(p, facts, on))
                continue
            rt = p.runtime
            answer = (rt.run or p.runner())(facts, on, p.inactive_on(on) if p.dated else NO_INDEXES)
            hit = rt.results.get((answer[5], on) if p.by_date else answer[5])  # result_key
            results.append(_kept(p, facts, on, answer) if hit is None or hit is NEEDS_AMOUNT
                           else hit)
    return Screening(on, results, next_questions(book, results), implied)
