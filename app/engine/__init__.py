"""The rules engine: load the rulebook, check facts, evaluate programs. No HTTP, no clock."""

from __future__ import annotations

from .errors import RuleError
from .facts import FactProblem, parse_facts, parse_text, parse_value
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
    "FactProblem", "ProgramResult", "RuleError", "Rulebook", "Screening", "compute_amount",
    "evaluate", "load_rulebook", "parse_facts", "parse_text", "parse_value", "screen",
]
