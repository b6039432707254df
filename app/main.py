"""The FastAPI application: JSON API, pages, staff area. ``uvicorn app.main:app``."""

from __future__ import annotations

import sys
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.errors import request_validation_error
from app.api.v1 import router as api_router
from app.engine import Rulebook, RuleError
from app.engine.cache import load_cached_rulebook
from app.lookup.routes import router as lookup_router
from app.resident.routes import bad_state_page
from app.resident.routes import router as resident_router
from app.resident.state import BadState
from app.settings import get_settings
from app.web.compression import Compression
from app.web.errors import ServerErrors, install_log_hygiene
from app.web.limits import BodyLimits
from app.web.routes import router as web_router
from app.web.security_headers import SecurityHeaders
from app.web.static import STATIC_DIR, HashedStaticFiles

STAFF_PREFIX = "/staff"


class LoadOnFirstUse:
    """ASGI middleware: runs ``load`` (adding an area's routes to the app) on the first request
    under ``prefix``, before routing it.

    The staff area, and SQLAlchemy under it, is about a third of the import time at start-up
    and a sixth of a worker's memory; residents, the API and the rule lookup never use it. So
    a worker imports it when a staff member first comes, not when it starts. ``load`` runs
    synchronously on the event loop, so two first requests cannot both run it."""

    def __init__(self, app: ASGIApp, prefix: str, load: Callable[[], None]) -> None:
        self.app, self.prefix, self.load, self.loaded = app, prefix, load, False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.loaded and scope["type"] == "http":
            path: str = scope["path"]
            if path == self.prefix or path.startswith(self.prefix + "/"):
                self.load()
                self.loaded = True
        await self.app(scope, receive, send)


def create_app(rulebook: Rulebook | None = None) -> FastAPI:
    """Build the app; a broken rulebook raises :class:`RuleError` naming file, path and problem."""
    book = rulebook if rulebook is not None else load_cached_rulebook(get_settings().rules_dir)
    app = FastAPI(
        title="百色市残疾人权益筛查 Baise disability benefit screener",
        version=book.version,
        description="Who qualifies for what, how much, why, and where to apply.",
        telemetry={"tracing": False, "metrics": False, "logs": False},  # no OTel: ~10 µs a request
    )
    app.state.rulebook = book
    app.include_router(api_router)
    app.include_router(resident_router)
    app.add_exception_handler(BadState, bad_state_page)
    app.add_exception_handler(RequestValidationError, request_validation_error)  # no echo
    app.include_router(lookup_router)
    app.include_router(web_router)

    def include_staff_area() -> None:
        from app.roster.routes import router as roster_router
        from app.staff.routes import fallback as staff_fallback
        from app.staff.routes import router as staff_router

        app.include_router(staff_router)
        app.include_router(roster_router)
        app.include_router(staff_fallback)  # last: any other /staff URL is an HTML 404

    app.add_middleware(LoadOnFirstUse, prefix=STAFF_PREFIX, load=include_staff_area)
    app.mount("/static", HashedStaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, object]:  # async: no worker-thread hop for a probe
        return {"status": "ok", "rulebook": {"version": book.version, "digest": book.digest}}

    # Outermost first: an unexpected error becomes a 500 with an error id, logged without the
    # request's values (app.web.errors); bodies are bounded before any route reads them
    # (app.web.limits); answers over 1 KB are gzipped when asked for (app.web.compression).
    app.add_middleware(Compression)
    app.add_middleware(BodyLimits)
    app.add_middleware(ServerErrors, routes=app.router.routes)
    app.add_middleware(SecurityHeaders)  # CSP, nosniff, framing, HSTS, no-store: every response
    install_log_hygiene()
    return app


def _app_or_exit() -> FastAPI:
    try:
        return create_app()
    except RuleError as exc:
        print(f"rulebook refused, not starting: {exc}", file=sys.stderr)
        raise SystemExit(3) from None


app = _app_or_exit()
