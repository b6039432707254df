"""Compressed answers: HTML, JSON and the rest over 1 KB, gzip when the client accepts it
(Starlette's own GZipMiddleware, which negotiates by ``Accept-Encoding`` and adds
``Vary: Accept-Encoding``).

Level 1, as nginx's default: on the 39 KB answer of ``POST /api/v1/screen`` for 30 programs it
gave 7.1 KB in ~0.5 ms against 6.1 KB in ~1.2 ms at level 6, where the screening itself took
~0.16 ms: a higher level would spend more CPU than the screening to save 1 KB.

Not compressed: the staff area (``/staff``). Its pages carry a CSRF token fixed for the
session next to what the staff member typed, which a compressed answer's length can leak
(BREACH). A page elsewhere that comes to hold such a secret must mask it afresh in each answer
(as Django does) or be added to :data:`UNCOMPRESSED`.
"""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from app.web.security_headers import no_store

MINIMUM_SIZE = 1024
LEVEL = 1
UNCOMPRESSED = ("/staff",)


def accepts_gzip(scope: Scope) -> bool:
    """Whether the request's ``Accept-Encoding`` names gzip, as :class:`GZipMiddleware`
    decides it (the first such header; a substring test)."""
    for name, value in scope["headers"]:
        if name == b"accept-encoding":
            return b"gzip" in value
    return False


class Compression:
    """ASGI middleware: :class:`GZipMiddleware` except under :data:`UNCOMPRESSED`.

    A client that does not accept gzip gets the answer as the app made it; GZipMiddleware
    would then only add ``Vary: Accept-Encoding`` to it (after parsing its headers), which
    matters to a cache alone: it is skipped for answers no cache keeps (``no-store``,
    :func:`app.web.security_headers.no_store`: every POST and every page with answers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=MINIMUM_SIZE, compresslevel=LEVEL)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or any(
                scope["path"] == p or scope["path"].startswith(p + "/") for p in UNCOMPRESSED):
            await self.app(scope, receive, send)
        elif accepts_gzip(scope) or not no_store(scope):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
