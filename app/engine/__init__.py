"""The rules engine: load the rulebook, evaluate programs on typed facts. No HTTP, no clock.

The engine takes facts already of its types (bool, int, Decimal, enum value id, date); reading
them from what people type or send is the fact codec's work (:mod:`app.codec`)."""

from __future__ import annotations

from .errors import RuleError
from .rulebook import CompiledProgram, Rulebook, load_rulebook
from .screen import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    NOT_IN_FORCE,
    UNDETERMINED,
    AmountResult,
    ProgramResult,
    Screening,
    compute_amount,
    evaluate,
    screen,
)

__all__ = [
    "ELIGIBLE", "NOT_ELIGIBLE", "NOT_IN_FORCE", "UNDETERMINED", "AmountResult", "CompiledProgram",
    "ProgramResult", "RuleError", "Rulebook", "Screening", "compute_amount", "evaluate",
    "load_rulebook", "screen",
]
