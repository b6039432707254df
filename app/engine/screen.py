"""Evaluating programs for one person on one date.

Pure: the facts (already checked by :mod:`app.engine.facts`) and the screening date come in,
results come out. Nothing here reads a clock, a database or the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .compile import Used
from .params import ParamSeries
from .rulebook import CompiledCriterion, CompiledProgram, Rulebook
from .schema import ParamValue

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


@dataclass(slots=True)
class ProgramResult:
    program: CompiledProgram
    status: str
    outcomes: list[Outcome]
    missing: tuple[str, ...]
    amount: AmountResult | None
    amount_missing: tuple[str, ...]

    @property
    def met(self) -> list[str]:
        return [o.criterion.id for o in self.outcomes
                if o.value is True and o.criterion.kind == "requirement"]

    @property
    def unmet(self) -> list[str]:
        return [o.criterion.id for o in self.outcomes
                if o.value is False and o.criterion.kind == "requirement"]

    @property
    def excluded_by(self) -> list[str]:
        return [o.criterion.id for o in self.outcomes
                if o.value is True and o.criterion.kind == "exclusion"]


@dataclass(slots=True)
class Screening:
    on: dt.date
    results: list[ProgramResult]
    next_questions: list[str]


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
    confidence = "confirmed"
    for _, entry in used:
        if entry.confidence != "confirmed":
            confidence = "unconfirmed"
            break
    return AmountResult(value, spec.unit, spec.per, confidence, tuple(used)), ()


def evaluate(program: CompiledProgram, facts: Mapping[str, Any], on: dt.date) -> ProgramResult:
    if on < program.valid_from or (program.valid_until is not None and on > program.valid_until):
        return ProgramResult(program, NOT_IN_FORCE, [], (), None, ())
    outcomes = [Outcome(c, c.cond.ev(facts, on)) for c in program.requirements]
    outcomes += [Outcome(c, c.cond.ev(facts, on)) for c in program.exclusions]
    failed = unknown = False
    for o in outcomes:
        v = o.value
        if v is None:
            unknown = True
        elif v is (o.criterion.kind == "exclusion"):
            failed = True
    if failed:
        return ProgramResult(program, NOT_ELIGIBLE, outcomes, (), None, ())
    if unknown:
        out: dict[str, None] = {}
        for o in outcomes:
            if o.value is None:
                o.criterion.cond.missing(facts, on, out)
        return ProgramResult(program, UNDETERMINED, outcomes, tuple(out), None, ())
    amount: AmountResult | None = None
    amount_missing: tuple[str, ...] = ()
    spec = program.model.amount
    if spec is not None and spec.in_screening:
        amount, amount_missing = compute_amount(program, facts, on)
    return ProgramResult(program, ELIGIBLE, outcomes, (), amount, amount_missing)


def next_questions(book: Rulebook, results: Iterable[ProgramResult]) -> list[str]:
    """Missing facts that can still change an undetermined result, most useful first.

    A fact that more open programs still need comes before one that fewer need; ties keep the
    order of ``rules/facts.yaml``.
    """
    counts: dict[str, int] = {}
    for r in results:
        for name in r.missing:
            counts[name] = counts.get(name, 0) + 1
    rank = book.fact_rank
    return sorted(counts, key=lambda n: (-counts[n], rank[n]))


def screen(book: Rulebook, facts: Mapping[str, Any], on: dt.date,
           programs: Iterable[str] | None = None) -> Screening:
    """Screen one person. ``programs`` limits which (ids already checked by the caller)."""
    chosen = book.programs.values() if programs is None else [book.programs[p] for p in programs]
    results = [evaluate(p, facts, on) for p in chosen]
    return Screening(on, results, next_questions(book, results))
