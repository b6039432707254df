"""The FastAPI application: JSON API, pages, staff area. ``uvicorn app.main:app``."""

from __future__ import annotations

import sys

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from app.api.v1 import router as api_router
from app.engine import Rulebook, RuleError, load_rulebook
from app.lookup.routes import router as lookup_router
from app.lookup.search import warm as warm_lookup
from app.resident.routes import bad_state_page
from app.resident.routes import router as resident_router
from app.resident.state import BadState
from app.roster.routes import router as roster_router
from app.settings import get_settings
from app.staff.routes import router as staff_router
from app.web.routes import router as web_router
from app.web.templating import STATIC_DIR


def create_app(rulebook: Rulebook | None = None) -> FastAPI:
    """Build the app; a broken rulebook raises :class:`RuleError` naming file, path and problem."""
    book = rulebook if rulebook is not None else load_rulebook(get_settings().rules_dir)
    app = FastAPI(
        title="百色市残疾人权益筛查 Baise disability benefit screener",
        version=book.version,
        description="Who qualifies for what, how much, why, and where to apply.",
    )
    app.state.rulebook = book
    app.include_router(api_router)
    app.include_router(resident_router)
    app.add_exception_handler(BadState, bad_state_page)
    app.include_router(lookup_router)
    warm_lookup(book)  # the rule lookup's search index, built in the background
    app.include_router(staff_router)
    app.include_router(roster_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, object]:
        return {"status": "ok", "rulebook": {"version": book.version, "digest": book.digest}}

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover
        # Never show a traceback; the log line names the path only, never the body.
        print(f"error on {request.method} {request.url.path}: {type(exc).__name__}",
              file=sys.stderr)
        return JSONResponse({"detail": "internal error"}, status_code=500)

    return app


def _app_or_exit() -> FastAPI:
    try:
        return create_app()
    except RuleError as exc:
        print(f"rulebook refused, not starting: {exc}", file=sys.stderr)
        raise SystemExit(3) from None


app = _app_or_exit()
