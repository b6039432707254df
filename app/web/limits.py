"""Bounds on request bodies, checked before anything reads them (issue 11 point 3).

Every route takes at most :data:`MAX_BODY_BYTES` (64 KB: the JSON API and every form; the
longest real form, the staff screening form, is under 4 KB). Routes in :data:`OWN_CAPS` have
their own, larger cap and are the only ones that may send ``multipart/form-data``: the roster
upload (:data:`ROSTER_PATH`), whose file is read only after the admin session is checked
(``app.roster.routes``, which also uses :data:`ROSTER_MAX_BYTES`). Elsewhere a multipart body
is refused with 415 unread: Starlette would write its file parts to a temporary file.

A declared ``Content-Length`` over the cap is answered 413 before the app runs. A body sent
without one (chunked) is counted as it streams: the moment it passes the cap the client gets
413, the app is told the client went away, and whatever the app answers after that is
dropped. Refusals close the connection, so the rest of the body is not received either.
Answers are short: JSON under ``/api``, a page elsewhere (``app.web.errors``).

Why not Starlette's ``RequestBodyLimitMiddleware`` (FastAPI's ``max_body_size``, new in the
versions pinned here): it counts the same way, but its 413 is the fixed English text "Content
Too Large" (or ``{"detail": …}`` from FastAPI) on every route, where a resident's page must
say what to do in their language; it does not refuse multipart; it raises inside the route,
where FastAPI turns other body errors into 400s; and it leaves the connection open to receive
the rest of the refused body. If it gains a way to render its answer, this module should
become its configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.errors import error_response

MAX_BODY_BYTES = 64 * 1024
ROSTER_PATH = "/staff/roster"
# The roster file itself (about 350,000 rows of CSV); the body may carry 64 KB more (the
# form's other fields and the multipart framing).
ROSTER_MAX_BYTES = 64 * 1024 * 1024
OWN_CAPS: dict[str, int] = {ROSTER_PATH: ROSTER_MAX_BYTES + MAX_BODY_BYTES}


def refusal(scope: Scope, status: int, **args: Any) -> Response:
    """The short answer, closing the connection: else the server would go on receiving (and
    dropping) the rest of a body it has refused."""
    response = error_response(scope, status, **args)
    response.headers["connection"] = "close"
    return response


class BodyLimits:
    """ASGI middleware enforcing :data:`MAX_BODY_BYTES` / :data:`OWN_CAPS` and the multipart
    refusal (see the module's docstring)."""

    def __init__(self, app: ASGIApp, default: int = MAX_BODY_BYTES,
                 own: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.default = default
        self.own = dict(OWN_CAPS if own is None else own)

    def cap(self, path: str) -> tuple[int, bool]:
        """(the most bytes ``path`` may receive, whether it may receive multipart)."""
        own = self.own.get(path.rstrip("/") or "/")
        return (self.default, False) if own is None else (own, True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap, multipart_ok = self.cap(scope["path"])
        content_type = length = None
        chunked = False
        for name, value in scope["headers"]:  # the first of each, as Headers.get reads them
            if name == b"content-type":
                content_type = value if content_type is None else content_type
            elif name == b"content-length":
                length = value if length is None else length
            elif name == b"transfer-encoding":
                chunked = True
        if content_type is not None and content_type.strip().lower().startswith(b"multipart/") \
                and not multipart_ok:
            await refusal(scope, 415)(scope, receive, send)
            return
        if length is not None:
            if not length.isdigit():  # bytes.isdigit: ASCII digits only
                await refusal(scope, 400)(scope, receive, send)
                return
            if len(length) > 19 or int(length) > cap:
                await refusal(scope, 413, kb=cap // 1024)(scope, receive, send)
                return
            if not chunked:
                # The server frames the body by its declared length (RFC 9112 §6.3): no more
                # than that reaches the app, so there is nothing left to count.
                await self.app(scope, receive, send)
                return
        seen = 0
        refused = started = False

        async def counted_receive() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    refused = True
                    if not started:
                        await refusal(scope, 413, kb=cap // 1024)(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the app's own answer, after the 413, is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not refused:  # else: the app failed on the disconnect it was given; answered
                raise
