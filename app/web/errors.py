"""Errors without personal data: an error id for each unexpected failure, and logs that name
the route, the status and that id, never what the request carried (issue 11 point 4, PIPL).

:class:`ServerErrors` is the outermost of the app's own middleware. An exception no handler
took becomes a 500 whose page (HTML) or body (JSON under ``/api``) shows an error id; the log
line holds the method, the route's path template (``/question/{name}``, not the path with
its values), the status, the error id, the exception's class and where it was raised (file,
line, function) — never its message, since messages carry values (pydantic's say
``input_value=…``), and never the query string, body, headers or cookies. The exception is not
re-raised, so neither Starlette nor uvicorn logs it again with its message.

:func:`install_log_hygiene` does the same for uvicorn's own loggers, which log exceptions
raised outside the app (a malformed request line carries the bytes received) and, with the
access log on, the path and query string (replaced by the route's template).
"""

from __future__ import annotations

import logging
import secrets
import traceback
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path
from types import TracebackType
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.i18n import N_, gettext_for, pick_language

log = logging.getLogger("app.errors")
# The route template of the request being answered, for the access log line (uvicorn writes
# it from within the app's send, so in the request's context).
ROUTE: ContextVar[str] = ContextVar("route", default="-")
ROOT = Path(__file__).resolve().parents[2]

# Headings and texts of the pages for each refusal status; {kb} and {error_id} filled in.
TEXTS: dict[int, tuple[str, str]] = {
    400: (N_("请求有误"), N_("服务看不懂收到的请求。请返回上一页再试一次。")),
    413: (N_("提交的内容太多"),
          N_("提交的内容超过了 {kb} KB，服务没有读取。请返回上一页，把填写的内容缩短后再提交。")),
    415: (N_("这里不能上传文件"),
          N_("这个页面不接收文件，服务没有读取提交的内容。请返回上一页，只填写问题的回答。")),
    500: (N_("服务出了问题"),
          N_("服务出了问题，没能完成这一步。请返回上一页再试一次。"
             "如需帮助，请告诉工作人员错误编号 {error_id}。")),
}

# The same for the JSON API, whose clients are programs, not people on a page.
API_TEXTS: dict[int, str] = {
    400: N_("请求有误：Content-Length 不是一个数。"),
    413: N_("请求体超过 {kb} KB，没有读取。"),
    415: N_("不接收 multipart/form-data：请用 application/json。"),
    500: N_("服务内部出错，错误编号 {error_id}。"),
}


def new_error_id() -> str:
    """Eight hex digits naming one failure in the log and on the page."""
    return secrets.token_hex(4)


def route_of(scope: Scope, routes: Sequence[BaseRoute] = ()) -> str:
    """The path template (``/api/v1/programs/{program_id}``) of the route that took the
    request, else of the first of ``routes`` that would (a request refused before routing);
    ``-`` where none would, since the raw path can carry values."""
    route = scope.get("route")
    if route is None:
        route = next((r for r in routes if r.matches(scope)[0] is not Match.NONE), None)
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "-"


def where(tb: TracebackType | None, frames: int = 3) -> str:
    """The last few frames of a traceback as ``file:line function``: no values, no message."""
    parts = []
    for frame in traceback.extract_tb(tb)[-frames:]:
        name = frame.filename
        try:
            name = str(Path(name).resolve().relative_to(ROOT))
        except ValueError:
            name = Path(name).name
        parts.append(f"{name}:{frame.lineno} {frame.name}")
    return " < ".join(reversed(parts)) or "-"


def log_error(route: str, scope: Scope, status: int, error_id: str,
              exc: BaseException | None) -> None:
    """One line: method, route template, status, error id, exception class and frames."""
    what = f"{type(exc).__name__} at {where(exc.__traceback__)}" if exc is not None else "-"
    log.error("%s %s -> %d error_id=%s %s", scope.get("method", "-"), route, status, error_id,
              what)


def is_api(scope: Scope) -> bool:
    path: str = scope.get("path", "")
    return path == "/api" or path.startswith("/api/")


def error_response(scope: Scope, status: int, **args: Any) -> Response:
    """The answer for ``status`` in the request's language: JSON ``{"detail", …args}`` under
    ``/api``, else a short page (``templates/error.html``)."""
    request = Request(scope)
    if is_api(scope):
        lang = pick_language(request.query_params.get("lang"), None,
                             request.headers.get("accept-language"))
        _ = gettext_for(lang)
        return JSONResponse({"detail": _(API_TEXTS[status]).format(**args), **args},
                            status_code=status)
    heading, text = TEXTS[status]
    from app.web.templating import render  # the page machinery, only once a page is needed

    try:
        return render(request, "error.html", {"heading": heading, "text": text, "args": args},
                      status_code=status)
    except Exception:  # a page that cannot be drawn (a broken template): plain text
        _ = gettext_for("zh-Hans")
        return Response(_(text).format(**args), status_code=status,
                        media_type="text/plain; charset=utf-8")


class ServerErrors:
    """ASGI middleware: an unexpected exception becomes a logged error id and a 500 answer
    (see the module's docstring). Register it last, so that it wraps the other middleware.
    ``routes`` (the app's) name the route of a request refused before routing. It also tells
    the access log (:class:`RedactExceptions`) the route, which is logged instead of the
    path."""

    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute] = ()) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                ROUTE.set(route_of(scope, self.routes))  # uvicorn logs access on this send
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception as exc:
            error_id = new_error_id()
            log_error(route_of(scope, self.routes), scope, 500, error_id, exc)
            if not started:  # else the connection is closed with the answer unfinished
                ROUTE.set(route_of(scope, self.routes))
                await error_response(scope, 500, error_id=error_id)(scope, receive, send)


class RedactExceptions(logging.Filter):
    """A log filter that keeps a record's message but replaces the exception it carries (as
    ``exc_info`` or as an argument) by its class and frames (see :func:`where`), and drops the
    path and query string of access-log lines by the route's template (``-`` if none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            _type, exc, tb = record.exc_info
            record.msg = f"{record.getMessage()} [{_type.__name__} at {where(tb)}]"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        if isinstance(record.args, tuple) and any(isinstance(a, BaseException)
                                                  for a in record.args):
            record.args = tuple(type(a).__name__ if isinstance(a, BaseException) else a
                                for a in record.args)
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) \
                and len(record.args) == 5:
            client, method, _path, version, status = record.args
            record.args = (client, method, ROUTE.get(), version, status)
        return True


LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi", "fastapi", "starlette",
           "app")


def install_log_hygiene() -> None:
    """Put :class:`RedactExceptions` on uvicorn's, Starlette's and the app's loggers and on
    their handlers (a record logged by a child logger passes its parents' handlers, not their
    filters). Idempotent; call it when the app is built (uvicorn has set up logging by then)."""
    if not logging.getLogger().handlers and not log.handlers:  # else the logging is set up
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:    %(name)s %(message)s"))
        log.addHandler(handler)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for target in (logger, *logger.handlers):
            if not any(isinstance(f, RedactExceptions) for f in target.filters):
                target.addFilter(RedactExceptions())
