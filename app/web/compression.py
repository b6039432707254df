"""Compressed answers: HTML, JSON and the rest over 1 KB, gzip when the client accepts it
(negotiated by ``Accept-Encoding``, with ``Vary: Accept-Encoding``, by Starlette's own gzip
responders), compressed by ISA-L's igzip (``isal``) rather than zlib.

igzip at its level 1 writes the same gzip format as zlib, about five times faster for a like
size: the 62 KB answer of ``POST /api/v1/screen`` for 46 programs took 273 µs at zlib's level
1 (11.6 KB) and takes 49 µs (11.8 KB); zlib's level 6 gave 9.6 KB in 631 µs. With zlib the
compression cost more than the screening itself (bench/README.md, "Issue 17").

Not compressed: the staff area (``/staff``). Its pages carry a CSRF token fixed for the
session next to what the staff member typed, which a compressed answer's length can leak
(BREACH). A page elsewhere that comes to hold such a secret must mask it afresh in each answer
(as Django does) or be added to :data:`UNCOMPRESSED`.
"""

from __future__ import annotations

from typing import Any

from isal import isal_zlib
from starlette.middleware.gzip import GZipResponder, IdentityResponder
from starlette.types import ASGIApp, Receive, Scope, Send

from app.web.security_headers import no_store

MINIMUM_SIZE = 1024
LEVEL = 1  # igzip's levels are 0-3
UNCOMPRESSED = ("/staff",)
GZIP_WBITS = 16 + 15  # a gzip header and trailer, a 32 KB window (as Starlette's own)


class IgzipResponder(GZipResponder):
    """Starlette's :class:`GZipResponder` (which headers it sets, what it leaves alone, how it
    streams) with ISA-L's compressor in place of zlib's."""

    @property
    def compressor(self) -> Any:
        if self._compressor is None:
            self._compressor = isal_zlib.compressobj(self.compresslevel, isal_zlib.DEFLATED,
                                                     GZIP_WBITS)
        return self._compressor


def accepts_gzip(scope: Scope) -> bool:
    """Whether the request's ``Accept-Encoding`` names gzip, as Starlette's
    ``GZipMiddleware`` decides it (the first such header; a substring test)."""
    for name, value in scope["headers"]:
        if name == b"accept-encoding":
            return b"gzip" in value
    return False


class Compression:
    """ASGI middleware: gzip by :class:`IgzipResponder` for clients that accept it, except
    under :data:`UNCOMPRESSED`; for other clients Starlette's :class:`IdentityResponder`,
    which adds ``Vary: Accept-Encoding`` to answers over :data:`MINIMUM_SIZE` for the sake
    of caches. That is all it would do, and it parses the answer's headers to do it: it is
    skipped for answers no cache keeps (``no-store``,
    :func:`app.web.security_headers.no_store`: every POST and every page with answers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or any(
                scope["path"] == p or scope["path"].startswith(p + "/") for p in UNCOMPRESSED):
            await self.app(scope, receive, send)
        elif accepts_gzip(scope):
            await IgzipResponder(self.app, MINIMUM_SIZE, LEVEL)(scope, receive, send)
        elif not no_store(scope):
            await IdentityResponder(self.app, MINIMUM_SIZE)(scope, receive, send)
        else:
            await self.app(scope, receive, send)
