"""Every test case embedded in a rule file is one pytest test, named program::case."""

from __future__ import annotations

import pytest

from app.engine import load_rulebook
from app.engine.cases import all_cases, run_case
from tests.conftest import ROOT

_BOOK = load_rulebook(ROOT / "rules")
_CASES = all_cases(_BOOK)


@pytest.mark.parametrize(("program", "case"), _CASES,
                         ids=[f"{p.id}::{c.name}" for p, c in _CASES])
def test_embedded_case(program, case) -> None:
    assert run_case(_BOOK, program, case) == []


def test_every_program_has_cases_for_each_status_it_can_reach() -> None:
    for program in _BOOK.programs.values():
        statuses = {c.expect.status for c in program.model.tests}
        # a requirement left wholly to the office (unsettled, no condition) is never met by the
        # rule alone, so such a program cannot answer "eligible"
        always_open = any(c.unsettled and c.model.when is None for c in program.requirements)
        reachable = {"not_eligible", "undetermined"} | (set() if always_open else {"eligible"})
        assert reachable <= statuses, program.id
        if always_open:
            assert "eligible" not in statuses, program.id
