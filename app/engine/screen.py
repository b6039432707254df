"""Evaluating programs for one person on one date.

Pure: the facts (already read by the fact codec, :mod:`app.codec`) and the screening date come in,
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
    """A program's answer. ``values`` line up with ``program.criteria`` (requirements first)."""

    program: CompiledProgram
    status: str
    values: list[bool | None]
    missing: tuple[str, ...]
    amount: AmountResult | None
    amount_missing: tuple[str, ...]

    @property
    def outcomes(self) -> list[Outcome]:
        return [Outcome(c, v) for c, v in zip(self.program.criteria, self.values, strict=False)]

    def _ids(self, kind: str, value: bool) -> list[str]:
        return [c.id for c, v in zip(self.program.criteria, self.values, strict=False)
                if v is value and c.kind == kind]

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
    values = [ev(facts, on) for ev in program.evs]
    n = program.n_requirements
    # values hold only True, False and None, so ``in`` (==) is exact here
    if False in values[:n] or True in values[n:]:  # a requirement unmet or an exclusion holds
        return ProgramResult(program, NOT_ELIGIBLE, values, (), None, ())
    if None in values:
        out: dict[str, None] = {}
        for c, v in zip(program.criteria, values, strict=True):
            if v is None:
                c.cond.missing(facts, on, out)
        return ProgramResult(program, UNDETERMINED, values, tuple(out), None, ())
    amount: AmountResult | None = None
    amount_missing: tuple[str, ...] = ()
    spec = program.model.amount
    if spec is not None and spec.in_screening:
        amount, amount_missing = compute_amount(program, facts, on)
    return ProgramResult(program, ELIGIBLE, values, (), amount, amount_missing)


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
