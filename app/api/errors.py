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

from app.api.body import is_json, json_error, parse_json
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
    """A route whose request validation errors are answered by :func:`safe_errors`, and
    whose JSON body is read by :func:`app.api.body.parse_json` (integers bounded)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            if is_json(request.headers.get("content-type")):
                body = await request.body()  # capped before this by app.web.limits
                if body:
                    # what FastAPI's own request.json() then returns; not JSON: the same
                    # 422 as the screen route's (FastAPI's own reader would meet nesting
                    # too deep for it as an unexpected error)
                    try:
                        request._json = parse_json(body)
                    except ValueError as exc:
                        return validation_response(json_error(exc))
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return validation_response(exc)

        return route


class RequestRoute(ApiRoute):
    """A route whose endpoint takes the :class:`Request` alone and returns a
    :class:`Response`, reading the request itself (:mod:`app.api.body`): FastAPI's request
    handling around it (reading the body, solving dependencies, building the response) is
    skipped. Its validation errors are answered as :class:`ApiRoute`'s. For a busy route;
    its body and query are documented by ``openapi_extra``
    (:func:`app.api.body.body_doc`)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        # a dependency declared on the route or its router would be silently skipped
        assert not self.dependant.dependencies, f"{self.path}: no dependencies here"
        assert [p.name for p in self.dependant.query_params + self.dependant.body_params
                ] == [], f"{self.path}: the endpoint reads its request itself"
        endpoint = self.endpoint

        async def route(request: Request) -> Response:
            try:
                response: Response = await endpoint(request)
            except RequestValidationError as exc:
                return validation_response(exc)
            return response

        return route
