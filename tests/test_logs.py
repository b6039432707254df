"""Nothing personal reaches the logs (issue 11 point 4, PIPL): personal values — an ID-like
number, a disability category, a password — are sent through every failing path found (a
forced 500 on a page and in the API, 422s, 413, 415, bad cookies, bad JSON, staff sign-in
failures, a staff password too long for the model), and neither the log records captured in
process nor the stderr of a real uvicorn server (debug level, access log on) holds them. Each
500 shows an error id that the log names, with the route's path template."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import ROOT
from tests.support.live import free_port
from tests.support.staff import PASSWORD as STAFF_PASSWORD
from tests.support.staff import db_url_fixture as db_url_fixture  # noqa: F401
from tests.support.staff import make_user

ID = "451002198001011234"
CATEGORY = "精神"
PASSWORD = "Hunter2-not-for-any-log-9f3k"
# Each value as it may be written: plain, URL-encoded, JSON-escaped, as a bytes repr.
NEEDLES = [ID, ID[:12], CATEGORY, quote(CATEGORY), CATEGORY.encode("unicode_escape").decode(),
           str(CATEGORY.encode("utf-8"))[2:-1], PASSWORD, PASSWORD[:16], PASSWORD[-16:]]
PERSONAL = {"age": ID, "disability_category": CATEGORY, "note": PASSWORD}


def csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def send_everything(c: Any, admin: str | None) -> list[str]:
    """Every failing request found, each carrying the personal values; the error ids shown.
    ``c`` is a TestClient or an httpx.Client; ``admin`` an admin's user name (staff paths)."""
    ids: list[str] = []
    fail = {"x-fail": "1"}
    q = {"id": ID, "category": CATEGORY, "lang": "en"}

    def error_id(r: Any) -> None:
        assert r.status_code == 500, (r.request.url.path, r.status_code)
        if r.headers["content-type"].startswith("application/json"):
            ids.append(r.json()["error_id"])
            return
        m = re.search(r"\b([0-9a-f]{8})\b", r.text.split("<main", 1)[-1])
        assert m, r.text[:300]
        ids.append(m.group(1))

    # forced 500s: a page, and the API (a pydantic error whose message holds the values)
    error_id(c.post("/question/age", params=q, data={"answer": ID, "pw": PASSWORD},
                    headers=fail))
    error_id(c.get("/api/v1/programs", params=q, headers=fail))
    error_id(c.post("/api/v1/programs/living_subsidy/amount", params=q,
                    json={"facts": {"age": 40}, "note": PASSWORD}, headers=fail))
    # 422s and form errors
    c.post("/api/v1/screen", params=q, json={"facts": PERSONAL})
    c.post("/api/v1/screen", json={"on": ID, "programs": [CATEGORY, PASSWORD], "x": PASSWORD})
    c.post("/api/v1/screen", json={"facts": {"age": ID + "e400"}})
    c.post("/api/v1/screen", content=f'{{"facts": {{"age": NaN, "note": "{PASSWORD}"}}}}',
           headers={"content-type": "application/json"})
    c.post("/api/v1/screen", content=f'{{"facts": {{"age": {ID}, "x": "{CATEGORY}"',
           headers={"content-type": "application/json"})
    c.post("/api/v1/programs/living_subsidy/amount", json={"facts": PERSONAL})
    c.post("/question/age", params=q, data={"answer": ID})
    c.post("/question/disability_category", data={"answer": CATEGORY + PASSWORD})
    c.post("/question/age", content=b"answer=\xff\xfe" + ID.encode(),
           headers={"content-type": "application/x-www-form-urlencoded"})
    c.post("/rules/living_subsidy", data={"age": ID, "disability_category": CATEGORY})
    c.get("/rules", params={"q": CATEGORY + ID})
    c.get("/question/" + ID, params=q)
    # 413 and 415
    c.post("/api/v1/screen", json={"facts": PERSONAL, "pad": PASSWORD * 3000})
    c.post("/question/age", data={"answer": ID, "pad": PASSWORD * 3000})
    c.post("/question/age", files={"answer": (f"{ID}.txt", PASSWORD.encode())})
    # bad cookies
    cookies = f"answers={ID}{PASSWORD}; staff_session={PASSWORD}; lang={ID}; comfort={ID}"
    for path in ("/", "/question/age", "/check", "/results", "/staff/screen"):
        c.get(path, headers={"cookie": cookies})
    c.post("/question/age", data={"answer": "40"}, headers={"cookie": cookies})
    # staff sign-in: a wrong password, a wrong CSRF token, an unknown user
    token = csrf(c.get("/staff/login").text)
    c.post("/staff/login", data={"username": admin or ID, "password": PASSWORD,
                                 "csrf_token": token})
    c.post("/staff/login", data={"username": ID, "password": PASSWORD * 40,
                                 "csrf_token": token})
    c.post("/staff/login", data={"username": ID, "password": PASSWORD, "csrf_token": PASSWORD})
    if admin:  # an admin creating an account with a password longer than the model allows
        r = c.post("/staff/login", data={"username": admin, "password": STAFF_PASSWORD,
                                         "csrf_token": token})
        assert r.status_code in (200, 303), r.status_code
        token = csrf(c.get("/staff/users").text)
        r = c.post("/staff/users", data={"username": "newuser", "role": "admin",
                                         "password": PASSWORD * 40, "display_name": CATEGORY,
                                         "csrf_token": token})
        assert r.status_code in (400, 422, 500)  # the staff area refuses a form with 422
        if r.status_code == 500:
            error_id(r)
    return ids


def assert_clean(log: str, ids: list[str]) -> None:
    found = [needle for needle in NEEDLES if needle in log]
    assert not found, f"personal values in the log: {found}\n{log[-3000:]}"
    for error_id in ids:
        assert error_id in log, f"error id {error_id} not logged"


@pytest.fixture
def failing(client: TestClient) -> Iterator[TestClient]:
    from app.main import app
    from tests.support import failing_app

    failing_app.install(app)
    try:
        yield client
    finally:
        failing_app.uninstall(app)


def test_nothing_personal_in_the_captured_log(failing: TestClient, db_url: str,
                                              caplog: pytest.LogCaptureFixture,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from sqlmodel import Session

    from app.staff.db import get_engine

    with Session(get_engine(db_url)) as session:
        make_user(session, "admin1", role="admin", county=None)
    caplog.set_level(logging.DEBUG)
    failing.cookies.clear()
    ids = send_everything(failing, "admin1")
    failing.cookies.clear()
    captured = capsys.readouterr()
    server_side = "\n".join(  # the test's own HTTP client logs the URLs it asks for
        caplog.handler.format(r) for r in caplog.records
        if not r.name.startswith(("httpx", "httpcore")))
    assert_clean(server_side + captured.err + captured.out, ids)
    assert "POST /question/{name} -> 500" in caplog.text
    assert "GET /api/v1/programs -> 500" in caplog.text


def test_the_error_page_shows_the_id_and_the_json_too(failing: TestClient) -> None:
    r = failing.get("/api/v1/programs", headers={"x-fail": "1"})
    assert r.status_code == 500 and re.fullmatch(r"[0-9a-f]{8}", r.json()["error_id"])
    assert r.json()["error_id"] in r.json()["detail"]
    r = failing.get("/question/age", headers={"x-fail": "1"})
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
    assert re.search(r"[0-9a-f]{8}", r.text.split("<main", 1)[1])


def test_nothing_personal_in_a_real_servers_stderr(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENER_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'staff.db'}"
    env["SCREENER_SECRET_KEY"] = "a test key that is long enough to sign with"
    made = subprocess.run([sys.executable, "-m", "app.cli", "create-admin", "admin1"], cwd=ROOT,
                          env={**env, "SCREENER_NEW_PASSWORD": STAFF_PASSWORD},
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "tests.support.failing_app:app", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "debug"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/healthz")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        with httpx.Client(base_url=base, timeout=30) as c:
            ids = send_everything(c, "admin1")
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert "GET /healthz" in err + out  # the access log was on
    assert_clean(err + out, ids)
