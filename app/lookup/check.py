"""The quick check on a rule page: just that program's facts, typed in a compact form, answered
with the engine's :func:`evaluate` (eligible / not / what is missing) and, for a program with a
computed amount, :func:`compute_amount` as a calculator whatever the eligibility."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.codec import Problem, read_text
from app.engine import (
    AmountResult,
    CompiledProgram,
    ProgramResult,
    Rulebook,
    compute_amount,
    evaluate,
)
from app.engine.implied import apply


def check_facts(program: CompiledProgram) -> tuple[list[str], list[str]]:
    """(facts that decide eligibility, further facts only the amount needs), rulebook order."""
    decide = list(program.facts_used)
    extra = [f for f in program.amount_facts if f not in decide]
    return decide, extra


@dataclass(slots=True)
class Check:
    typed: dict[str, str]
    problems: dict[str, Problem] = field(default_factory=dict)
    result: ProgramResult | None = None
    amount: AmountResult | None = None
    amount_missing: tuple[str, ...] = ()


def run_check(book: Rulebook, program: CompiledProgram, form: Mapping[str, str],
              on: dt.date | None, read_on: dt.date) -> Check:
    """Read what was typed (kept as typed) with the fact codec (:func:`app.codec.read_text`:
    一级, 肢体, 20万, 5.15%, 36个月, 2024年3月1日 …) and, when all of it is valid and the
    date ``on`` is known, evaluate. Blank answers are unknown, not errors. ``read_on`` is the
    day typed dates and ages are read against (``on``, or today when no valid date was typed).
    """
    decide, extra = check_facts(program)
    typed = {name: str(form.get(name, "")) for name in decide + extra}
    check = Check(typed)
    facts: dict[str, Any] = {}
    for name, text in typed.items():
        reading = read_text(book, name, text, on=read_on)
        if reading.problem is not None:
            check.problems[name] = reading.problem
        elif reading.value is not None:
            facts[name] = reading.value
    if check.problems or on is None:
        return check
    facts = apply(book, facts, on)[0]  # implied facts, as every screening fills them
    check.result = evaluate(program, facts, on)
    if program.amount is not None:
        check.amount, check.amount_missing = compute_amount(program, facts, on)
    return check
