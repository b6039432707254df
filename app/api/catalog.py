"""``/api/v1`` beyond the screening: programs, facts, the amount calculator, and the models
of the answers the schema documents (design.md §4.3).

A worker adds these routes on the first request that needs them, or when ``/openapi.json`` is
asked for (:func:`app.main.create_app`). :data:`router` also carries ``POST /screen``, the
same endpoint with its 200 and 422 answers documented: the schema shows this one, while the
one added at start, before it, answers (:func:`app.api.v1.add_screen_route`)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from app.api.errors import ApiRoute
from app.api.v1 import (
    FACTS_DESCRIPTION,
    PREFIX,
    FastJSONResponse,
    StrictDate,
    add_screen_route,
    checked_facts,
)
from app.deps import ApiLangDep, ApiPresenterDep, RulebookDep
from app.engine import compute_amount
from app.i18n import gettext_for
from app.present import today

router = APIRouter(prefix=PREFIX, tags=["api"], default_response_class=FastJSONResponse,
                   route_class=ApiRoute)


class AmountRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: StrictDate | None = Field(None, description="Date of the amount, YYYY-MM-DD; default "
                                                      "today")
    facts: dict[str, Any] = Field(default_factory=dict, description=FACTS_DESCRIPTION)


class Cite(BaseModel):
    source: str
    locator: str
    quote: str | None
    title: str
    number: str | None
    read: Literal["first_hand", "secondary"]


class Amount(BaseModel):
    value: float
    unit: str
    per: str | None
    text: str = Field(description="The amount worded in the request's language (每年 6,000 元)")
    confidence: Literal["confirmed", "unconfirmed"]
    valid_from: str | None
    parameters: list[dict[str, Any]]


class Reason(BaseModel):
    id: str
    kind: Literal["requirement", "exclusion"]
    outcome: Literal["met", "unmet", "unknown", "excluded", "not_excluded"]
    text: str
    cite: Cite


class Unsettled(BaseModel):
    """A rule the sources leave open, holding the result undetermined (rules/README.md)."""

    id: str
    decided_by: str
    text: str


class Result(BaseModel):
    program: str
    status: Literal["eligible", "not_eligible", "undetermined", "not_in_force"]
    title: str
    amount: Amount | None
    met: list[str]
    unmet: list[str]
    excluded_by: list[str]
    missing: list[str]
    unsettled: list[Unsettled]
    amount_missing: list[str]
    reasons: list[Reason]


class RulebookInfo(BaseModel):
    version: str
    digest: str


class ScreenResponse(BaseModel):
    on: str
    rulebook: RulebookInfo
    results: list[Result]
    next_questions: list[str]


class AmountResponse(BaseModel):
    amount: Amount | None
    missing: list[str] = []
    who_sets: str | None = None


class ValidationErrorItem(BaseModel):
    loc: list[str | int] = Field(description="Where: \"body\", \"facts\", the fact's name")
    msg: str = Field(description="What to send instead, in the request's language")
    type: str


class ValidationErrors(BaseModel):
    """A 422: every bad field named; the value sent is never repeated."""

    detail: list[ValidationErrorItem]



# First, as the screening is first in the schema; the route added at start answers.
add_screen_route(router, {200: {"model": ScreenResponse},
                          422: {"model": ValidationErrors, "description": "Validation Error"}})


@router.get("/programs", summary="Every program")
def list_programs(book: RulebookDep, present: ApiPresenterDep) -> list[dict[str, Any]]:
    return [present.program_summary(p) for p in book.programs.values()]


@router.get("/programs/{program_id}", summary="One program whole")
def get_program(program_id: str, book: RulebookDep, present: ApiPresenterDep, lang: ApiLangDep
                ) -> dict[str, Any]:
    if program_id not in book.programs:
        raise HTTPException(404, gettext_for(lang)("没有这个项目。"))
    return present.program_detail(book.programs[program_id])


@router.get("/facts", summary="Every fact the screener can ask")
def list_facts(book: RulebookDep, present: ApiPresenterDep) -> list[dict[str, Any]]:
    return [present.fact(name) for name in book.facts]


@router.post("/programs/{program_id}/amount", summary="The amount formula alone (calculator)",
             response_model=AmountResponse)
def program_amount(program_id: str, body: AmountRequest, book: RulebookDep,
                   present: ApiPresenterDep, lang: ApiLangDep) -> dict[str, Any]:
    if program_id not in book.programs:
        raise HTTPException(404, gettext_for(lang)("没有这个项目。"))
    program = book.programs[program_id]
    on = body.on or today()
    facts = checked_facts(book, body.facts, lang, on)
    amount, missing = compute_amount(program, facts, on)
    who = program.model.no_amount
    return {"amount": present.amount(amount), "missing": list(missing),
            "who_sets": gettext_for(lang)(who) if who else None}
