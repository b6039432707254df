"""Policy values for application tests, read from the rule files (issue 13 point 4): a test
that needs "the nursing subsidy's rate in 2025" asks the rulebook instead of pinning 90, so a
policy change stays a change to one YAML file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.engine import Rulebook


def value(book: Rulebook, program: str, parameter: str, on: dt.date | str) -> int | float:
    """The value of ``program``'s parameter (its own or a shared one) in force on ``on``, as the
    API writes numbers (whole numbers as int). Raises KeyError for an unknown name and
    LookupError when no value is in force on that date."""
    day = dt.date.fromisoformat(on) if isinstance(on, str) else on
    found = book.programs[program].params[parameter].value_on(day)
    if found is None:
        raise LookupError(f"{program}.{parameter} has no value on {day}")
    return int(found) if found == found.to_integral_value() else float(Decimal(found))


def dated(book: Rulebook, program: str, parameter: str) -> list[tuple[str, int | float, str]]:
    """Every dated value of a parameter: (valid_from, value, confidence), oldest first."""
    series = book.programs[program].params[parameter]
    return [(e.valid_from.isoformat(),
             int(e.value) if e.value == e.value.to_integral_value() else float(e.value),
             e.confidence) for e in series.entries]
