"""Start-up imports only what the JSON API's screening needs (issue 17 point 1; app.main).

The API's other routes and the models documenting its answers (app.api.catalog, and with them
pydantic.v1, which FastAPI imports to check a model) load on the first other request under
``/api/`` or for the schema. The pages (the resident's screening, the rule lookup, the
comfort switch: Jinja2, the answers cookie's encryption, the search) load on the first
request outside ``/api/``, ``/healthz`` and ``/static/``, the staff area on the first under
``/staff`` (tests/test_robust_startup.py); Babel is not imported to read catalogs. These
tests fail when something imports them at start again, and check that the pages, their error
handler, headers and compression, and ``/openapi.json`` are the same whichever request
comes first."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import threading
import time
from typing import Any

import httpx
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from app.engine import Rulebook
from app.i18n import compile_catalogs
from app.main import Area, LoadOnFirstUse, create_app
from tests.conftest import ROOT

SCREEN = {"on": "2025-06-01", "facts": {
    "has_disability_certificate": True, "hukou": "baise", "disability_grade": 1,
    "disability_category": "physical", "needs_long_term_care": True, "age": 40}}

FIRST_REQUESTS = f"""
import sys
import threading
import time
from fastapi.testclient import TestClient
from app.main import app

CATALOG = ('app.api.catalog', 'pydantic.v1')
LATER = ('jinja2', 'cryptography', 'babel', 'app.web.templating', 'app.web.routes',
         'app.resident.routes', 'app.resident.state', 'app.lookup', 'app.staff', 'sqlalchemy',
         'polars', 'stdnum', 'yaml')
def later(names=LATER):
    return sorted(m for m in sys.modules if m.startswith(names))

assert not later(LATER + CATALOG), ('imported at start', later(LATER + CATALOG))
c = TestClient(app)
assert c.get('/healthz').status_code == 200
r = c.post('/api/v1/screen', json={SCREEN!r}, headers={{'Accept-Language': 'en'}})
assert r.status_code == 200 and r.json()['results'], r.status_code
assert c.post('/api/v1/screen', json={{'facts': {{'age': 'old'}}}}).status_code == 422
assert c.get('/static/css/main.css').status_code == 200
assert not later(LATER + CATALOG), ('imported by a screening', later(LATER + CATALOG))
assert c.get('/api/v1/no-such-thing').status_code == 404
assert c.get('/api/v1/facts').status_code == 200
r = c.post('/api/v1/programs/living_subsidy/amount', json={{'facts': {{'age': 'old'}}}})
assert r.status_code == 422 and r.json()['detail'][0]['loc'] == ['body', 'facts', 'age'], r.text
assert 'app.api.catalog' in sys.modules
assert not later(), ('imported by an API request', later())

# The first page: a bad answers cookie is answered by the handler named at start.
c.cookies.set('answers', 'not-a-cookie-we-wrote')
r = c.get('/')
assert r.status_code == 400, r.status_code
assert r.headers['content-type'].startswith('text/html'), r.headers
assert 'content-security-policy' in r.headers and 'no-store' in r.headers['cache-control']
assert 'jinja2' in sys.modules and 'app.resident.routes' in sys.modules
c.cookies.clear()
r = c.get('/rules', headers={{'Accept-Encoding': 'gzip'}})
assert r.status_code == 200 and r.headers.get('content-encoding') == 'gzip', r.headers
assert 'sqlalchemy' not in sys.modules and 'app.staff.routes' not in sys.modules
print('ok')
"""


def test_start_imports_only_what_the_api_needs_and_pages_load_on_first_use() -> None:
    compile_catalogs()  # an out-of-date .mo would rightly import Babel to compile it
    proc = subprocess.run([sys.executable, "-c", FIRST_REQUESTS], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-3000:]


def test_openapi_lists_the_pages_routes_whichever_request_comes_first(book: Rulebook) -> None:
    api_first = TestClient(create_app(book))
    assert api_first.post("/api/v1/screen", json=SCREEN).status_code == 200
    schema = api_first.get("/openapi.json")
    paths = schema.json()["paths"]
    assert {"/api/v1/screen", "/healthz", "/rules", "/rules/{program_id}"} <= set(paths)

    responses = paths["/api/v1/screen"]["post"]["responses"]
    assert responses["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ScreenResponse"}
    assert {"ScreenResponse", "ValidationErrors", "AmountResponse"} <= set(
        schema.json()["components"]["schemas"])
    assert paths["/healthz"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]["properties"]["rulebook"]

    page_first = TestClient(create_app(book))
    assert page_first.get("/rules").status_code == 200
    assert page_first.get("/openapi.json").text == schema.text  # same paths, same order
    for first in ("/api/v1/facts", "/rules"), ("/rules", "/api/v1/programs"):
        client = TestClient(create_app(book))
        assert [client.get(path).status_code for path in first] == [200, 200]
        assert client.get("/openapi.json").text == schema.text, first
    assert page_first.get("/docs").status_code == 200
    # Called in code (a schema export, schemathesis), not through a request: the same.
    assert create_app(book).openapi() == schema.json()


COLLECTIONS_AT_START = """
import gc
import sys

def in_app_main():  # (compiling app/main.py from source, before it runs, may collect)
    frame = sys._getframe(1)
    while frame is not None and not frame.f_code.co_filename.endswith('app/main.py'):
        frame = frame.f_back
    return frame is not None

collections = []
gc.callbacks.append(lambda phase, info: phase == 'start' and in_app_main()
                    and collections.append(info))
import app.main
assert not collections, collections
assert gc.isenabled() and gc.get_freeze_count() > 10_000, gc.get_freeze_count()
collections.clear()
gc.callbacks[:] = [lambda phase, info: phase == 'start' and collections.append(info)]
gc.collect()  # it still collects what comes later
assert collections
print('ok')
"""


def test_the_collector_does_not_run_during_start_and_runs_after() -> None:
    proc = subprocess.run([sys.executable, "-c", COLLECTIONS_AT_START], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-3000:]


def test_concurrent_first_requests_load_each_area_once(book: Rulebook) -> None:
    app = create_app(book)

    async def first_requests() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return await asyncio.gather(*[
                c.get(path) for path in ("/", "/rules", "/rules/changes", "/nope") * 5],
                *[c.post("/api/v1/screen", json=SCREEN) for _ in range(5)])

    answers = asyncio.run(first_requests())
    assert [r.status_code for r in answers] == [200, 200, 200, 404] * 5 + [200] * 5
    from app.lookup.routes import router as lookup_router
    from app.resident.routes import router as resident_router
    from app.web.routes import router as web_router

    included = [getattr(route, "original_router", route) for route in app.routes]
    for router in (lookup_router, resident_router, web_router):
        assert included.count(router) == 1, included
    assert included[-2:] == [r for r in app.routes if getattr(r, "path", "") in
                             ("/static", "/healthz")]  # after the pages, as before


def test_an_area_whose_load_fails_is_loaded_by_the_next_request() -> None:
    calls: list[str] = []

    def load() -> None:
        calls.append("load")
        if calls.count("load") == 1:
            raise ImportError("a broken deployment")

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope["path"])

    middleware = LoadOnFirstUse(inner, [Area(lambda path: path.startswith("/x"), load)])

    async def request(path: str) -> None:
        scope: dict[str, Any] = {"type": "http", "path": path}

        async def receive() -> Any:
            return {}

        async def send(message: Any) -> None:
            return None

        await middleware(scope, receive, send)

    asyncio.run(request("/y"))
    assert calls == ["/y"]  # not wanted: not loaded
    with contextlib.suppress(ImportError):
        asyncio.run(request("/x"))
    assert calls == ["/y", "load"] and middleware.pending
    asyncio.run(request("/x/1"))
    asyncio.run(request("/x/2"))
    assert calls == ["/y", "load", "load", "/x/1", "/x/2"] and not middleware.pending


def test_an_area_loads_once_when_two_threads_ask_at_once() -> None:
    loads: list[int] = []

    def slow_load() -> None:
        loads.append(1)
        time.sleep(0.05)  # long enough for the other thread to ask meanwhile

    area = Area(lambda path: True, slow_load)
    threads = [threading.Thread(target=area.ensure) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert loads == [1] and area.loaded


def test_areas_load_on_first_use_behind_a_root_path(book: Rulebook) -> None:
    # Served under a prefix (uvicorn --root-path /s behind a proxy): scope["path"] carries it,
    # and each area is still loaded by the first request that needs it.
    for first in "/s/api/v1/facts", "/s/staff/login", "/s/rules":
        client = TestClient(create_app(book), root_path="/s")
        assert client.get(first).status_code == 200, first
        assert client.get("/s/api/v1/programs").status_code == 200, first
        assert client.get("/s/staff/login").status_code == 200, first
