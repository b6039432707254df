"""``/api/v1``: programs, facts, screening and the amount calculator (design.md §4.3)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, HTTPException, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.deps import ApiLangDep, ApiPresenterDep, RulebookDep
from app.engine import FactProblem, Rulebook, compute_amount, parse_facts, screen
from app.engine.facts import parse_date
from app.i18n import gettext_for
from app.present import today


class FastJSONResponse(JSONResponse):
    """JSON encoded by orjson: a screening answer for 30 programs is ~40 KB, and the standard
    library's encoder took most of a request's time. Content is plain JSON types (see
    app.present), never Decimal or dates."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


router = APIRouter(prefix="/api/v1", tags=["api"], default_response_class=FastJSONResponse)



def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    day = parse_date(value)
    if day is None:
        raise ValueError(f"{value!r} is not a real date written YYYY-MM-DD")
    return day


StrictDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "on": "2025-06-01",
        "facts": {"has_disability_certificate": True, "hukou": "baise", "disability_grade": 1,
                  "disability_category": "physical", "needs_long_term_care": True,
                  "tekun": False, "work_injury_nursing_allowance": False},
        "programs": ["nursing_subsidy"]}]})

    on: StrictDate | None = Field(None, description="Screening date, YYYY-MM-DD; default today")
    facts: dict[str, Any] = Field(default_factory=dict,
                                  description="Fact name to value; see GET /api/v1/facts")
    programs: list[str] | None = Field(None, description="Program ids; default all")


class AmountRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: StrictDate | None = None
    facts: dict[str, Any] = Field(default_factory=dict)


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
    confidence: Literal["confirmed", "unconfirmed"]
    valid_from: str | None
    parameters: list[dict[str, Any]]


class Reason(BaseModel):
    id: str
    kind: Literal["requirement", "exclusion"]
    outcome: Literal["met", "unmet", "unknown", "excluded", "not_excluded"]
    text: str
    cite: Cite


class Result(BaseModel):
    program: str
    status: Literal["eligible", "not_eligible", "undetermined", "not_in_force"]
    title: str
    amount: Amount | None
    met: list[str]
    unmet: list[str]
    excluded_by: list[str]
    missing: list[str]
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


def fact_errors(problems: list[FactProblem], lang: str, prefix: tuple[str, ...]
                ) -> list[dict[str, Any]]:
    """FastAPI-shaped error entries, one per bad fact, worded in the request's language."""
    _ = gettext_for(lang)
    return [{"loc": [*prefix, p.fact], "msg": _(p.message).format(**p.args),
             "type": f"fact.{p.code}", "input": _jsonable(p.value)} for p in problems]


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def checked_facts(book: Rulebook, raw: dict[str, Any], lang: str,
                  extra_errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    facts, problems = parse_facts(book.facts, raw)
    errors = fact_errors(problems, lang, ("body", "facts")) + (extra_errors or [])
    if errors:
        raise RequestValidationError(errors)
    return facts


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


DetailQuery = Annotated[Literal["full", "summary"], Query(
    description="full: each result with its reasons and the parameters of its amount; "
                "summary: without them (status, amount, missing facts)")]


@router.post("/screen", summary="Screen one person", response_model=None,
             responses={200: {"model": ScreenResponse}})
async def screen_person(body: ScreenRequest, book: RulebookDep, present: ApiPresenterDep,
                        lang: ApiLangDep, detail: DetailQuery = "full") -> JSONResponse:
    programs, extra = chosen_programs(book, body.programs, lang)
    facts = checked_facts(book, body.facts, lang, extra)
    # On the event loop: bounded by the rulebook (the longest screening is "all programs",
    # ~0.16 ms with the answer encoded), a thread hop would cost as much again (bench/README).
    result = screen(book, facts, body.on or today(), programs)
    answer = present.screening(result)
    return FastJSONResponse(answer if detail == "full" else summary(answer))


def summary(answer: dict[str, Any]) -> dict[str, Any]:
    """A screening answer without the reasons and the parameters behind each amount (for
    ``detail=summary``): all 30 programs in ~8 KB instead of ~39 KB. New dicts: the full
    answer's parts are shared between answers (app.present)."""
    results = [{k: v for k, v in r.items() if k != "reasons"} for r in answer["results"]]
    for r in results:
        if r["amount"] is not None:
            r["amount"] = {k: v for k, v in r["amount"].items() if k != "parameters"}
    return {**answer, "results": results}


def chosen_programs(book: Rulebook, ids: list[str] | None, lang: str
                    ) -> tuple[list[str] | None, list[dict[str, Any]]]:
    """The ``programs`` of a screening request, each once, in the order given (``None``: all),
    and the errors: a list longer than the rulebook (``program.too_many``; checked first, so
    a long list costs no more than its length) or an id not in it (``program.unknown``)."""
    if ids is None:
        return None, []
    _ = gettext_for(lang)
    if len(ids) > len(book.programs):
        return None, [{"loc": ["body", "programs"], "type": "program.too_many",
                       "msg": _("最多列出 {n} 个项目，每个项目一次。").format(n=len(book.programs)),
                       "input": len(ids)}]
    errors = [{"loc": ["body", "programs", i], "msg": _("没有这个项目。"),
               "type": "program.unknown", "input": pid}
              for i, pid in enumerate(ids) if pid not in book.programs]
    return list(dict.fromkeys(ids)), errors


@router.post("/programs/{program_id}/amount", summary="The amount formula alone (calculator)",
             response_model=AmountResponse)
def program_amount(program_id: str, body: AmountRequest, book: RulebookDep,
                   present: ApiPresenterDep, lang: ApiLangDep) -> dict[str, Any]:
    if program_id not in book.programs:
        raise HTTPException(404, gettext_for(lang)("没有这个项目。"))
    program = book.programs[program_id]
    facts = checked_facts(book, body.facts, lang)
    amount, missing = compute_amount(program, facts, body.on or today())
    who = program.model.no_amount
    return {"amount": present.amount(amount), "missing": list(missing),
            "who_sets": gettext_for(lang)(who) if who else None}
