"""422 answers that name each bad field and never echo what was sent.

FastAPI's default handler of :class:`RequestValidationError` puts each bad ``input`` in the
answer: a ``NaN`` or a lone surrogate then cannot be encoded (a 500), and a personal value is
sent back and may be logged on the way. :func:`safe_errors` keeps the location (each part
made printable), the message and the type only. The API's routes use :class:`ApiRoute`, so a
validation error of theirs is answered this way whatever the app's handlers are;
:func:`request_validation_error` is the same as an app-wide handler.
"""

from __future__ import annotations

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


class ApiRoute(APIRoute):
    """A route whose request validation errors are answered by :func:`safe_errors`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return validation_response(exc)

        return route
