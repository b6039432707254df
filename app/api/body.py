"""A JSON request body read and validated by the API itself, as FastAPI would read it.

``POST /api/v1/screen`` is the API's busy route. FastAPI reading its body took more of a
request than the screening: the content type parsed by ``email.message`` on every request,
the standard library's JSON reader, then the request's dependencies solved anew
(bench/README.md, "Issue 17"). :func:`read_json_body` does the same reading in one step:
:func:`parse_json`, then the pydantic model's own validation, and raises
:class:`RequestValidationError` with the errors FastAPI would have given (``loc`` starting
with ``"body"``), which :mod:`app.api.errors` answers as a 422 that echoes no value.

A route that reads its body this way documents it with :func:`body_doc` (``openapi_extra``),
so ``/openapi.json`` still shows the request's shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import orjson
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.requests import Request

# Python's JSON reader refuses an integer of more than 4,300 digits with a ValueError that
# FastAPI answers as a bare 400 naming no field. Read a longer one as the largest integer of
# MAX_INT_DIGITS digits (with its sign) instead: the fact codec then refuses it as beyond the
# fact's bounds, naming the field (422). No fact's bound needs more than a few digits, so
# every real value stays exact.
MAX_INT_DIGITS = 400
_HUGE = int("9" * MAX_INT_DIGITS)
# 19 digits in a row: maybe an integer beyond 64 bits, which orjson would read as a float
_LONG_DIGITS = re.compile(rb"[0-9]{19}")

Model = TypeVar("Model", bound=BaseModel)


def _bounded_int(text: str) -> int:
    if len(text) <= MAX_INT_DIGITS:
        return int(text)
    return -_HUGE if text.startswith("-") else _HUGE


def parse_json(body: bytes) -> Any:
    """``body`` read as JSON, as ``json.loads(body, parse_int=…)`` reads it with integers
    bounded (:data:`MAX_INT_DIGITS`).

    orjson reads it first (RFC 8259 only, ~5× faster). What orjson refuses or would read
    differently — ``NaN``, ``Infinity``, ``1e400``, lone surrogates, a byte order mark, UTF-16,
    integers beyond 64 bits (orjson makes them floats) — is read again by the standard
    library, so every such value reaches the codec exactly as before and is refused there
    naming its field. Raises :class:`json.JSONDecodeError` (or :class:`ValueError` for bytes
    that are no Unicode text) as ``json.loads`` does; nesting deeper than the standard
    library's reader can follow (orjson stops at 1,024 levels) is a ``JSONDecodeError`` too,
    not the reader's ``RecursionError``.
    """
    if not _LONG_DIGITS.search(body):
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            pass
    try:
        return json.loads(body, parse_int=_bounded_int)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", "", 0) from None


def json_error(exc: ValueError) -> RequestValidationError:
    """The 422's error for a body that is no JSON (``exc`` from :func:`parse_json`), located
    as FastAPI locates it: at ``["body", position]`` where the reader says where."""
    if isinstance(exc, json.JSONDecodeError) and exc.doc:
        return RequestValidationError([{"type": "json_invalid", "loc": ("body", exc.pos),
                                        "msg": "JSON decode error"}])
    return RequestValidationError([{"type": "json_invalid", "loc": ("body",),
                                    "msg": "JSON decode error"}])


def is_json(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` names JSON (``application/json``, ``application/*+json``,
    any parameters and case), as FastAPI decides to read a body as JSON."""
    if not content_type:
        return False
    kind = content_type.partition(";")[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/")
                                          and kind.endswith("+json"))


def body_errors(errors: list[Any]) -> RequestValidationError:
    """pydantic's errors of a body, located under ``"body"`` as FastAPI locates them."""
    return RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors])


async def read_json_body(request: Request, model: type[Model],
                         errors: Sequence[Mapping[str, Any]] = ()) -> Model:
    """The request's body as ``model``: read as JSON when its ``Content-Type`` says so
    (:func:`is_json`), then validated by the model as FastAPI validates a body.

    Raises :class:`RequestValidationError` as FastAPI does for a required body, holding
    ``errors`` (those the route found before, in its query: FastAPI answers all of a
    request's errors at once) then the body's: ``missing`` (empty body), ``json_invalid``
    (at ``["body", position]``), or the model's errors. The body's size is bounded before
    this by :mod:`app.web.limits`."""
    body = await request.body()
    try:
        if not body:
            raise RequestValidationError([{"type": "missing", "loc": ("body",),
                                           "msg": "Field required"}])
        data: Any = body  # not JSON: the model refuses the bytes, naming the body
        if is_json(request.headers.get("content-type")):
            data = _json_of(body)
        try:
            value = model.model_validate(data, from_attributes=True)  # as FastAPI
        except ValidationError as e:
            raise body_errors(e.errors(include_url=False)) from None
    except RequestValidationError as e:
        raise RequestValidationError([*errors, *e.errors()]) from None
    if errors:
        raise RequestValidationError(list(errors))
    return value


def _json_of(body: bytes) -> Any:
    try:
        return parse_json(body)
    except ValueError as e:  # JSONDecodeError, or bytes that are no Unicode text
        raise json_error(e) from None


def body_doc(model: type[BaseModel], *parameters: dict[str, Any]) -> dict[str, Any]:
    """``openapi_extra`` documenting a route that reads ``model`` with :func:`read_json_body`
    (the required JSON request body, the model's own schema) and the query ``parameters``
    it reads itself (OpenAPI parameter objects)."""
    doc: dict[str, Any] = {"requestBody": {"required": True, "content": {
        "application/json": {"schema": model.model_json_schema()}}}}
    if parameters:
        doc["parameters"] = list(parameters)
    return doc
