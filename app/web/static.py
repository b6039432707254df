"""Static files (``static/``, served at ``/static``) cached for a year by browsers, safely.

Pages link a file through :func:`static_url` (``{{ static('css/main.css') }}`` in templates),
which adds the first 8 hex digits of the SHA-256 of its content: ``/static/css/main.css?v=…``.
A changed file gets a new URL, so an answer to a URL with the current digest never goes stale
and is sent with ``Cache-Control: public, max-age=31536000, immutable``; the same file asked
for without it, or with an old digest, gets ``no-cache`` (the browser checks its copy with the
ETag each time). A query rather than a hashed file name keeps the files where they are.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from starlette.datastructures import QueryParams
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
STATIC_PREFIX = "/static"
IMMUTABLE = "public, max-age=31536000, immutable"


@cache
def digest(relative: str) -> str:
    """The first 8 hex digits of the SHA-256 of ``static/<relative>``; read once a process."""
    return hashlib.sha256((STATIC_DIR / relative).read_bytes()).hexdigest()[:8]


def static_url(relative: str) -> str:
    """``/static/<relative>?v=<digest>``; a missing file raises ``FileNotFoundError`` (a broken
    link is a bug to see at once)."""
    return f"{STATIC_PREFIX}/{relative}?v={digest(relative)}"


class HashedStaticFiles(StaticFiles):
    """Starlette's StaticFiles, with the caching headers of the module's docstring."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            asked = QueryParams(scope.get("query_string", b"")).get("v")
            try:
                current = digest(Path(path).as_posix())
            except OSError:
                current = None
            response.headers["cache-control"] = IMMUTABLE if asked and asked == current \
                else "no-cache"
        return response
