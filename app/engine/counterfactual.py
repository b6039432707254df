""""You would qualify if …": the single unmet requirement that, met, opens a program (issue 14).

Pure: a program's result on the person's facts comes in; out comes the one requirement whose
change would make the program eligible on the answers given, or None. Only a program missed by
exactly one requirement, with no exclusion holding, has one; and only a requirement that rests
on yes/no answers the person gave and could change (getting a certificate, a household's 低保,
wanting a service), never on an age, a place or a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .implied import apply
from .rulebook import CompiledCriterion, Rulebook
from .screen import ELIGIBLE, NOT_ELIGIBLE, ProgramResult, evaluate


@dataclass(frozen=True, slots=True)
class WouldQualify:
    """Meeting ``criterion`` (by ``fact`` = ``value``) makes the program eligible."""

    criterion: CompiledCriterion
    fact: str
    value: Any
    status: str

    @property
    def certain(self) -> bool:
        return self.status == ELIGIBLE


def would_qualify_if(book: Rulebook, stated: Mapping[str, Any], result: ProgramResult,
                     on: dt.date) -> WouldQualify | None:
    """The single unmet requirement of ``result`` (screened on ``stated`` facts with the
    implications applied) that, met, opens the program; None when there is none."""
    if result.status != NOT_ELIGIBLE:
        return None
    failing = [(c, v) for c, v in zip(result.program.criteria, result.values, strict=False)
               if (c.kind == "requirement" and v is False) or (c.kind == "exclusion" and v is True)]
    if len(failing) != 1 or failing[0][0].kind != "requirement":
        return None
    crit = failing[0][0]
    for name in dict.fromkeys(crit.cond.facts_used()):
        if book.facts[name].type != "boolean" or name not in stated:
            continue   # only answers the person gave, and could change
        trial = {**stated, name: not stated[name]}
        facts, _why = apply(book, trial, on)
        after = evaluate(result.program, facts, on)
        if after.status == ELIGIBLE:
            return WouldQualify(crit, name, trial[name], after.status)
    return None
