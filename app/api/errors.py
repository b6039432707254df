"""422 answers that name each bad field and never echo what was sent.

FastAPI's default handler of :class:`RequestValidationError` puts each bad ``input`` in the
answer: a ``NaN`` or a lone surrogate then cannot be encoded (a 500), and a personal value is
sent back and may be logged on the way. :func:`safe_errors` keeps the location (each part
made printable), the message and the type only. The API's routes use :class:`ApiRoute`, so a
validation error of theirs is answered this way whatever the app's handlers are;
:func:`request_validation_error` is the same as an app-wide handler.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Coroutine, Iterable, Mapping
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from app.codec import MAX_CHARS


def _printable(part: Any) -> str | int:
    if isinstance(part, int) and not isinstance(part, bool) and abs(part) < 10**9:
        return part
    if isinstance(part, str) and len(part) <= MAX_CHARS:
        try:
            part.encode("utf-8")
            return part
        except UnicodeEncodeError:
            pass
    return "…"


def safe_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each error as ``{"loc", "msg", "type"}``: no ``input``, ``ctx`` or ``url``."""
    out = []
    for e in errors:
        msg = e.get("msg")
        out.append({"loc": [_printable(p) for p in e.get("loc", ())],
                    "msg": msg if isinstance(msg, str) else "invalid",
                    "type": str(e.get("type", "value_error"))})
    return out


def validation_response(exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": safe_errors(exc.errors())}, status_code=422)


async def request_validation_error(request: Request, exc: Exception) -> Response:
    """An exception handler for :class:`RequestValidationError` that echoes no value."""
    assert isinstance(exc, RequestValidationError)
    return validation_response(exc)


# Python's JSON reader refuses an integer of more than 4,300 digits with a ValueError that
# FastAPI answers as a bare 400 naming no field. Read a longer one as the largest integer of
# MAX_INT_DIGITS digits (with its sign) instead: the fact codec then refuses it as beyond the
# fact's bounds, naming the field (422). No fact's bound needs more than a few digits, so
# every real value stays exact.
MAX_INT_DIGITS = 400
_HUGE = int("9" * MAX_INT_DIGITS)


def _bounded_int(text: str) -> int:
    if len(text) <= MAX_INT_DIGITS:
        return int(text)
    return -_HUGE if text.startswith("-") else _HUGE


class ApiRoute(APIRoute):
    """A route whose request validation errors are answered by :func:`safe_errors`, and
    whose JSON body is read with integers bounded (:data:`MAX_INT_DIGITS`)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            if request.headers.get("content-type", "").startswith("application/json"):
                body = await request.body()  # capped before this by app.web.limits
                if body:
                    # what FastAPI's own request.json() then returns; not JSON: FastAPI
                    # answers it as before
                    with contextlib.suppress(ValueError):
                        request._json = json.loads(body, parse_int=_bounded_int)
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return validation_response(exc)

        return route
