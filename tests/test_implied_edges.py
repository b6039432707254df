"""Facts implied by other facts (``implies:`` in rules/facts.yaml) are filled alike at every
edge: the engine's :func:`screen` (so the API and the staff area), the lookup's quick check
and the roster's bulk evaluation. A dibao household is a household in hardship, so a program
that needs hardship is decided without asking it again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from fastapi.testclient import TestClient

from app.engine import Rulebook, evaluate, screen
from app.engine.implied import apply

ON = dt.date(2025, 6, 1)
DIBAO = {"has_disability_certificate": True, "hukou": "baise", "county": "napo",
         "disability_category": "visual", "disability_grade": 2, "age": 70,
         "household_dibao": True, "tekun": True}


def _changed_by_implication(book: Rulebook, facts: dict[str, Any]) -> list[str]:
    full, _why = apply(book, facts, ON)
    return [pid for pid, p in book.programs.items()
            if evaluate(p, facts, ON).status != evaluate(p, full, ON).status]


def test_the_engine_fills_implied_facts_and_names_them(book: Rulebook) -> None:
    changed = _changed_by_implication(book, DIBAO)
    assert changed, "the example must be one that an implication decides"
    s = screen(book, DIBAO, ON)
    assert {"household_in_hardship", "no_family_support"} <= set(s.implied)
    assert "household_in_hardship" not in s.next_questions
    full = apply(book, DIBAO, ON)[0]
    for r in s.results:
        assert r.status == evaluate(r.program, full, ON).status, r.program.id


def test_the_api_screens_the_implied_facts(client: TestClient, book: Rulebook) -> None:
    body = {"on": ON.isoformat(), "facts": DIBAO}
    got = {r["program"]: r["status"] for r in
           client.post("/api/v1/screen", json=body).json()["results"]}
    full = apply(book, DIBAO, ON)[0]
    for pid in _changed_by_implication(book, DIBAO):
        assert got[pid] == evaluate(book.programs[pid], full, ON).status, pid


def test_the_roster_fills_implied_facts_like_the_engine(book: Rulebook) -> None:
    from app.i18n import gettext_for
    from app.roster.bulk import screen_roster, status_col

    frame = pl.DataFrame({k: [("true" if v else "false") if isinstance(v, bool) else str(v)]
                          for k, v in DIBAO.items()})
    result = screen_roster(book, frame, ON, gettext_for("zh-Hans"))
    out = result.frame
    s = screen(book, DIBAO, ON)
    for r in s.results:
        assert out.get_column(status_col(r.program.id))[0] == r.status, r.program.id
