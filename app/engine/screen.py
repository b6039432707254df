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
    # the unsettled criteria that stand in the way: an unsettled requirement unmet or exclusion
    # holding, or a criterion the rulebook cannot decide for this date (no dated value of a
    # limit): who decides is named instead of a "no" (rules/README.md "Unsettled criteria")
    unsettled: tuple[CompiledCriterion, ...] = ()
    inactive: frozenset[int] = frozenset()  # indexes of criteria not in force on the date

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
    """One program for one person on one date (design.md §3, rules/README.md "Unsettled").

    ``not_eligible`` as soon as a settled requirement is unmet or a settled exclusion holds;
    otherwise ``undetermined`` while a criterion is unknown (``missing`` names the facts) or an
    unsettled requirement is unmet / an unsettled exclusion holds (``unsettled`` names who
    decides); otherwise ``eligible``. Criteria not in force on ``on`` are left out.
    """
    if on < program.valid_from or (program.valid_until is not None and on > program.valid_until):
        return ProgramResult(program, NOT_IN_FORCE, [], (), None, ())
    inactive: frozenset[int] = frozenset()
    if program.dated:
        inactive = frozenset(i for i, c in enumerate(program.criteria) if not c.in_force(on))
        # a criterion not in force neither meets nor fails: a requirement counts as met, an
        # exclusion as not holding (the presenter leaves it out)
        values = [(i < program.n_requirements) if i in inactive else ev(facts, on)
                  for i, ev in enumerate(program.evs)]
    else:
        values = [ev(facts, on) for ev in program.evs]
    n = program.n_requirements
    if not program.has_unsettled:
        # values hold only True, False and None, so ``in`` (==) is exact here
        if False in values[:n] or True in values[n:]:  # a requirement unmet or exclusion holds
            return ProgramResult(program, NOT_ELIGIBLE, values, (), None, (), (), inactive)
        open_ = []
    else:
        open_ = []
        for i, (c, v) in enumerate(zip(program.criteria, values, strict=True)):
            fails = v is False if i < n else v is True
            if fails:
                if not c.unsettled:
                    return ProgramResult(program, NOT_ELIGIBLE, values, (), None, (), (),
                                         inactive)
                open_.append(c)
    if None in values or open_:
        out: dict[str, None] = {}
        for c, v in zip(program.criteria, values, strict=True):
            if v is None:
                mine: dict[str, None] = {}
                c.cond.missing(facts, on, mine)
                out.update(mine)
                if not mine and c not in open_:
                    # unknown with every fact it reads given: the rulebook has no dated value
                    # for this date, so the office decides (issue 13, point 13)
                    open_.append(c)
        return ProgramResult(program, UNDETERMINED, values, tuple(out), None, (),
                             tuple(open_), inactive)
    amount: AmountResult | None = None
    amount_missing: tuple[str, ...] = ()
    spec = program.model.amount
    if spec is not None and spec.in_screening:
        amount, amount_missing = compute_amount(program, facts, on)
    return ProgramResult(program, ELIGIBLE, values, (), amount, amount_missing, (), inactive)


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
