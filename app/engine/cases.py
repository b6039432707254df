"""Running the test cases embedded in each rule file.

Used by pytest and by ``python -m app.engine.check``. A case's facts are written in YAML as
JSON values are sent to the API, and are read the same way, by the fact codec
(:func:`app.codec.read_facts`): one reader decides what a valid value is. Evaluating them is
the engine's (:func:`evaluate`).
"""

from __future__ import annotations

from decimal import Decimal

from app.codec import read_facts

from .rulebook import CompiledProgram, Rulebook
from .schema import Case
from .screen import UNDETERMINED, ProgramResult, evaluate


def run_case(book: Rulebook, program: CompiledProgram, case: Case) -> list[str]:
    """What is wrong with the program's answer to this case; empty when it passes."""
    facts, problems = read_facts(book, case.facts, on=case.on, source="json")
    if problems:
        return [f"bad fact {p.fact} ({p.code})" for p in problems]
    result = evaluate(program, facts, case.on)
    want = case.expect
    errors: list[str] = []
    if result.status != want.status:
        errors.append(f"status {result.status}, expected {want.status} "
                      f"(missing {list(result.missing)}, unmet {result.unmet}, "
                      f"excluded by {result.excluded_by})")
    if want.amount != "any":
        got = None if result.amount is None else result.amount.value
        expected = None if want.amount is None else Decimal(str(want.amount))
        if got != expected:
            errors.append(f"amount {got}, expected {expected}")
    if want.missing is not None and set(result.missing) != set(want.missing):
        errors.append(f"missing {sorted(result.missing)}, expected {sorted(want.missing)}")
    open_ids = {c.id for c in result.unsettled}
    if want.unsettled is not None and open_ids != set(want.unsettled):
        errors.append(f"unsettled {sorted(open_ids)}, expected {sorted(want.unsettled)}")
    errors += dead_end(result)
    return errors


def dead_end(result: ProgramResult) -> list[str]:
    """Issue 13: an undetermined result must name the facts that would settle it or, where the
    rule itself is open, who decides. Empty when it does."""
    if result.status == UNDETERMINED and not result.missing and not result.unsettled:
        return [f"{result.program.id}: undetermined with no missing fact and no one named "
                "to decide"]
    return []


def all_cases(book: Rulebook) -> list[tuple[CompiledProgram, Case]]:
    return [(p, c) for p in book.programs.values() for c in p.model.tests]
