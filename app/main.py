"""The FastAPI application: JSON API, pages, staff area. ``uvicorn app.main:app``.

A worker starts with what a screening through the JSON API needs (FastAPI, ``POST
/api/v1/screen``, the codec and the engine) and imports each other area on the first request
that needs it (:class:`LoadOnFirstUse`): the rest of the API (programs, facts, the amount
calculator, the models documenting the screening's answers: :mod:`app.api.catalog`) on the
first other request under ``/api/``; the pages (the resident's screening, the rule lookup,
the comfort switch, with Jinja2, the cookie's encryption and the lookup's search) on the
first request outside ``/api/``, ``/healthz`` and ``/static/``; the staff area (SQLAlchemy,
polars) on the first request under ``/staff``. ``/openapi.json`` (and ``/docs``) always
lists every route in the schema, loaded or not (:func:`create_app`'s ``openapi``). At the
app's shutdown (its lifespan), each loaded area stops what it started: the staff area, the
roster upload's worker process (:func:`app.roster.routes.stop_worker`)."""

from __future__ import annotations

import gc

# Python's cyclic collector would otherwise run dozens of times while the imports below and
# create_app() make the objects a worker keeps for its whole life (FastAPI's and pydantic's
# classes and schemas, the rulebook), each time walking all of them: about a tenth of the
# start-up (issue 17.1, bench/startup.py). It is paused until the app is built; then those
# objects are moved out of its reach (gc.freeze, as the gc module's documentation advises for
# objects made at start) and it runs as before on what requests make.
_COLLECTING = gc.isenabled()
gc.disable()

import sys
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.errors import request_validation_error
from app.api.v1 import SCREEN_PATH
from app.api.v1 import router as api_router
from app.engine import Rulebook, RuleError
from app.engine.cache import load_cached_rulebook
from app.resident import BadState
from app.settings import get_settings
from app.web.compression import Compression
from app.web.errors import ServerErrors, install_log_hygiene
from app.web.limits import BodyLimits
from app.web.security_headers import SecurityHeaders
from app.web.static import STATIC_DIR, HashedStaticFiles

STAFF_PREFIX = "/staff"
# Paths that never need the pages: a worker whose first requests are API calls, health
# probes or static files does not import them.
NOT_PAGES = ("/api/", "/healthz", "/static/")
HEALTH_SCHEMA = {"type": "object", "title": "Health", "properties": {
    "status": {"const": "ok"},
    "rulebook": {"type": "object", "properties": {"version": {"type": "string"},
                                                  "digest": {"type": "string"}}}}}


def under(prefix: str) -> Callable[[str], bool]:
    """``prefix`` itself or any path below it."""
    return lambda path: path == prefix or path.startswith(prefix + "/")


def api_catalog_path(path: str) -> bool:
    """Any path under ``/api/`` but the screening's (an unknown one too: its 404 is the same
    whichever routes are loaded)."""
    return path.startswith("/api/") and path != SCREEN_PATH


def pages_path(path: str) -> bool:
    """Any path outside :data:`NOT_PAGES` (``/``, ``/rules``, ``/comfort``, ``/docs``, an
    unknown URL: its 404 is the same whether the pages are loaded or not)."""
    return not path.startswith(NOT_PAGES)


class Area:
    """Part of the app that a worker loads on first use: ``load`` adds its routes to the app;
    ``wants(path)`` says whether a request needs them. :meth:`ensure` loads it once, also when
    two event loops share the app (a test client beside a live server, each in its thread).
    ``stop``, if given, ends what the area started (a process): :meth:`shutdown`, at the app's
    shutdown, calls it if the area was loaded."""

    def __init__(self, wants: Callable[[str], bool], load: Callable[[], None],
                 stop: Callable[[], None] | None = None) -> None:
        self.wants, self._load, self._stop, self.loaded = wants, load, stop, False
        self._lock = threading.Lock()

    def shutdown(self) -> None:
        if self.loaded and self._stop is not None:
            self._stop()

    def ensure(self) -> None:
        if self.loaded:
            return
        with self._lock:
            if not self.loaded:
                self._load()
                self.loaded = True


class LoadOnFirstUse:
    """ASGI middleware: before a request is routed, loads each :class:`Area` it needs and that
    is not loaded yet.

    The staff area (SQLAlchemy, polars) and the pages (Jinja2, the cookie's encryption, the
    lookup's search) are most of the import time at start-up; a worker whose first request is
    an API call answers it without them. A load runs synchronously on the event loop, before
    routing, where routes are also matched: no other request sees an area half-added, and two
    first requests cannot both load it. An area whose load fails (a broken deployment) is not
    marked loaded: the request becomes a 500 with an error id (app.web.errors), and the next
    request tries again."""

    def __init__(self, app: ASGIApp, areas: list[Area]) -> None:
        self.app, self.pending = app, list(areas)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.pending and scope["type"] == "http":
            path = route_path(scope)
            for area in self.pending:
                if area.wants(path):
                    area.ensure()
            self.pending = [area for area in self.pending if not area.loaded]
        await self.app(scope, receive, send)


def route_path(scope: Scope) -> str:
    """The path the app's routes are matched against: ``scope["path"]`` without the app's
    ``root_path`` (behind a proxy serving it under a prefix, ``uvicorn --root-path /s``), as
    Starlette's router takes it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root):len(root) + 1] in ("/", ""):
        return path[len(root):]
    return path


def bad_state_page(request: Request, exc: Exception) -> Response:
    """:class:`BadState` (raised only by the resident's pages, loaded by then): their page."""
    from app.resident.routes import bad_state_page as page

    return page(request, exc)


def create_app(rulebook: Rulebook | None = None) -> FastAPI:
    """Build the app; a broken rulebook raises :class:`RuleError` naming file, path and problem."""
    book = rulebook if rulebook is not None else load_cached_rulebook(get_settings().rules_dir)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        """At shutdown (uvicorn stopped by SIGTERM or SIGINT), each loaded area ends what it
        started: the staff area, the roster upload's worker process."""
        yield
        for area in areas:
            area.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="百色市残疾人权益筛查 Baise disability benefit screener",
        version=book.version,
        description="Who qualifies for what, how much, why, and where to apply.",
        telemetry={"tracing": False, "metrics": False, "logs": False},  # no OTel: ~10 µs a request
    )
    app.state.rulebook = book
    app.include_router(api_router)
    api_routes = app.router.routes[-1]  # what include_router added for them
    app.add_exception_handler(BadState, bad_state_page)
    app.add_exception_handler(RequestValidationError, request_validation_error)  # no echo
    app.mount("/static", HashedStaticFiles(directory=STATIC_DIR), name="static")

    # response_model=None: no model built at start (FastAPI would import pydantic.v1 to check
    # it); the schema is said here instead
    @app.get("/healthz", tags=["ops"], response_model=None, responses={200: {"content": {
        "application/json": {"schema": HEALTH_SCHEMA}}}})
    async def healthz() -> dict[str, object]:  # async: no worker-thread hop for a probe
        return {"status": "ok", "rulebook": {"version": book.version, "digest": book.digest}}

    def include_pages() -> None:
        from app.lookup.routes import router as lookup_router
        from app.resident.routes import router as resident_router
        from app.web.routes import router as web_router

        routes = app.router.routes
        ops = [r for r in routes if getattr(r, "path", None) in ("/static", "/healthz")]
        for route in ops:  # the pages come before them, as when they were loaded at start
            routes.remove(route)
        app.include_router(resident_router)
        app.include_router(lookup_router)
        app.include_router(web_router)
        routes.extend(ops)

    def include_api_catalog() -> None:
        from app.api.catalog import router as catalog_router

        routes = app.router.routes
        n = len(routes)
        app.include_router(catalog_router)
        # right after the screening's, in one assignment: the routes' order (the schema's)
        # is the same whichever area loads first
        at = routes.index(api_routes) + 1
        routes[:] = routes[:at] + routes[n:] + routes[at:n]

    def include_staff_area() -> None:
        from app.roster.routes import router as roster_router
        from app.staff.routes import fallback as staff_fallback
        from app.staff.routes import router as staff_router

        app.include_router(staff_router)
        app.include_router(roster_router)
        app.include_router(staff_fallback)  # last: any other /staff URL is an HTML 404

    def stop_staff_area() -> None:
        from app.roster.routes import stop_worker

        stop_worker()

    pages = Area(pages_path, include_pages)
    api_catalog = Area(api_catalog_path, include_api_catalog)
    openapi = app.openapi

    def openapi_of_every_route() -> dict[str, Any]:
        api_catalog.ensure()  # the API's other routes and its answers' models
        pages.ensure()  # the rule lookup's routes
        return openapi()

    app.openapi = openapi_of_every_route  # type: ignore[method-assign]

    # Outermost first: an unexpected error becomes a 500 with an error id, logged without the
    # request's values (app.web.errors); the areas a request needs are loaded before anything
    # else looks at its route; bodies are bounded before any route reads them
    # (app.web.limits); answers over 1 KB are gzipped when asked for (app.web.compression).
    app.add_middleware(Compression)
    app.add_middleware(BodyLimits)
    areas = [api_catalog, pages, Area(under(STAFF_PREFIX), include_staff_area, stop_staff_area)]
    app.add_middleware(LoadOnFirstUse, areas=areas)
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


try:
    app = _app_or_exit()
finally:
    gc.freeze()
    if _COLLECTING:
        gc.enable()
