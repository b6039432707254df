"""``/api/v1``: the screening, ``POST /api/v1/screen``, and how the API reads facts
(design.md §4.3). The API's other routes: :mod:`app.api.catalog`.

Facts are read by the fact codec (:func:`app.codec.read_json`), as every other edge reads
them: JSON ``true``/``false`` for yes/no facts, numbers for number facts, and strings read as a
person would type them (``"45岁"``, ``"2024/3/1"``, ``"肢体"``). Refused with a 422 naming the
field: non-finite numbers (``NaN``, ``Infinity``, ``1e400``, which the JSON parser lets
through), values outside the fact's ``min``/``max`` (checked before any conversion), strings
over 64 characters. No 422 echoes the value sent (:mod:`app.api.errors`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from app.api.body import body_doc, read_json_body
from app.api.errors import ApiRoute, RequestRoute
from app.codec import Problem, problem_text, read_facts
from app.deps import api_presenter
from app.engine import Rulebook, screen
from app.i18n import gettext_for
from app.present import today


class FastJSONResponse(JSONResponse):
    """JSON encoded by orjson: a screening answer for 30 programs is ~40 KB, and the standard
    library's encoder took most of a request's time. Content is plain JSON types (see
    app.present), never Decimal or dates."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


PREFIX = "/api/v1"
SCREEN = "/screen"
SCREEN_PATH = PREFIX + SCREEN  # the one route a worker starts with (app.main)
router = APIRouter(prefix=PREFIX, tags=["api"], default_response_class=FastJSONResponse,
                   route_class=ApiRoute)



def _iso_date(value: Any) -> dt.date:
    """The screening date: ``YYYY-MM-DD`` exactly (the message does not repeat the value)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("not a real date written YYYY-MM-DD")


StrictDate = Annotated[dt.date, BeforeValidator(_iso_date)]


FACTS_DESCRIPTION = (
    "Fact name to value; see GET /api/v1/facts. Read as every form reads them: true/false "
    "for yes/no facts; a number for a number fact, within the fact's min and max (NaN, "
    "Infinity, 1e400 and out-of-range values are refused with a 422 naming the fact); an "
    "enum value id or its label; a date as text (2024-03-01, 2024/3/1, 2024年3月1日). Any "
    "string is read as typed text (45岁, 20万, 肢体), at most 64 characters. null means "
    "unknown. A 422 never repeats the value sent.")


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "on": "2025-06-01",
        "facts": {"has_disability_certificate": True, "hukou": "baise", "disability_grade": 1,
                  "disability_category": "physical", "needs_long_term_care": True,
                  "tekun": False, "work_injury_nursing_allowance": False},
        "programs": ["nursing_subsidy"]}]})

    on: StrictDate | None = Field(None, description="Screening date, YYYY-MM-DD; default today")
    facts: dict[str, Any] = Field(default_factory=dict, description=FACTS_DESCRIPTION)
    programs: list[str] | None = Field(None, description="Program ids; default all")


def fact_errors(problems: list[Problem], lang: str, prefix: tuple[str, ...]
                ) -> list[dict[str, Any]]:
    """FastAPI-shaped error entries, one per bad fact, saying what to send in the request's
    language. The value sent is not repeated."""
    return [{"loc": [*prefix, p.fact], "msg": problem_text(p, lang), "type": f"fact.{p.code}"}
            for p in problems]


def checked_facts(book: Rulebook, raw: dict[str, Any], lang: str, on: dt.date,
                  extra_errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The facts read by :func:`app.codec.read_facts`, or a 422 naming every bad one."""
    facts, problems = read_facts(book, raw, on=on, source="json")
    errors = fact_errors(problems, lang, ("body", "facts")) + (extra_errors or [])
    if errors:
        raise RequestValidationError(errors)
    return facts


DETAIL_DESCRIPTION = ("full: each result with its reasons and the parameters of its amount; "
                      "summary: without them (status, amount, missing facts)")
Detail = Literal["full", "summary"]
_DETAIL = TypeAdapter(Detail)
DETAIL_PARAMETER: dict[str, Any] = {
    "name": "detail", "in": "query", "required": False, "description": DETAIL_DESCRIPTION,
    "schema": {**_DETAIL.json_schema(), "default": "full"}}


def detail_of(request: Request) -> tuple[Detail, list[dict[str, Any]]]:
    """The ``detail`` query parameter (default ``full``) and its errors: at
    ``["query", "detail"]`` as FastAPI gives them for a ``Literal`` query parameter."""
    value = request.query_params.get("detail")
    if value is None or value == "full":
        return "full", []
    if value == "summary":
        return "summary", []
    try:
        return _DETAIL.validate_python(value), []
    except ValidationError as e:
        return "full", [{**err, "loc": ("query", "detail")}
                        for err in e.errors(include_url=False)]


async def screen_person(request: Request) -> Response:
    # The body (a ScreenRequest) and ?detail= are read here, not by FastAPI: on the API's
    # busiest route FastAPI's body reading and dependency solving cost more than the
    # screening (app.api.body); openapi_extra documents both.
    detail, errors = detail_of(request)
    body = await read_json_body(request, ScreenRequest, errors)
    # the presenter holds the rulebook and the request's language
    present = api_presenter(request)
    book, lang = present.book, present.lang
    programs, extra = chosen_programs(book, body.programs, lang)
    on = body.on or today()
    facts = checked_facts(book, body.facts, lang, on, extra)
    # On the event loop: bounded by the rulebook, the longest screening is "all programs"
    # (46: 0.33 ms median with the answer encoded, on a loaded 2-core machine), and a thread
    # hop measured 0.07-0.16 ms more on top of it (bench/README, "Issue 11").
    result = screen(book, facts, on, programs)
    # each result's JSON is made once per language and shared (Presenter.result_json)
    return Response(present.screening_json(result, full=detail == "full"),
                    media_type="application/json")


def chosen_programs(book: Rulebook, ids: list[str] | None, lang: str
                    ) -> tuple[list[str] | None, list[dict[str, Any]]]:
    """The ``programs`` of a screening request, each once, in the order given (``None``: all),
    and the errors: a list longer than the rulebook (``program.too_many``; checked first, so
    a long list costs no more than its length) or an id not in it (``program.unknown``)."""
    if ids is None:
        return None, []
    _ = gettext_for(lang)
    if len(ids) > len(book.programs):
        msg = _("最多列出 {n} 个项目，每个项目一次。").format(n=len(book.programs))
        return None, [{"loc": ["body", "programs"], "type": "program.too_many", "msg": msg}]
    errors = [{"loc": ["body", "programs", i], "msg": _("没有这个项目。"),
               "type": "program.unknown", "input": pid}
              for i, pid in enumerate(ids) if pid not in book.programs]
    return list(dict.fromkeys(ids)), errors


def add_screen_route(router: APIRouter, responses: dict[int | str, dict[str, Any]] | None = None
                     ) -> None:
    """``POST /screen`` on ``router``. With ``responses`` (the 200 and 422 answers' models),
    the route the schema shows (:mod:`app.api.catalog`); without, the route a worker starts
    with, which serves every screening and is left out of the schema. Both call
    :func:`screen_person`; the first added answers (routes are matched in order). At start
    FastAPI would otherwise build the answers' models (and import pydantic.v1 to check them)
    for a worker that may never be asked for its schema."""
    router.add_api_route(
        SCREEN, screen_person, methods=["POST"], route_class_override=RequestRoute,
        summary="Screen one person", response_model=None, responses=responses,
        include_in_schema=responses is not None,
        openapi_extra=body_doc(ScreenRequest, DETAIL_PARAMETER))


# The API's routes at start: the screening only, the busiest (routes are matched in order).
# The programs, the facts, the amount calculator and the screening's documented answers are
# added on first use (app.api.catalog, app.main).
add_screen_route(router)
