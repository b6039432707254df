"""The security findings of issue 12, one test each, on SQLite and PostgreSQL where a
database is involved: X-Forwarded-For, the renewable lock-out, ending sessions, two workers
without a key, headers and no-store, CSRF bound to the session, bounded failed sign-ins, huge
case ids, HTML error pages, routes that cannot forget their checks, the password policy and
usernames unique without regard to case."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.settings import get_settings
from app.staff import auth
from app.staff.auth import MAX_DELAY, PAIR_FREE, authenticate
from app.staff.db import get_engine
from app.staff.deps import CheckedRoute, CsrfForm, CurrentStaff
from app.staff.models import AuditEntry, LoginThrottle
from tests.support.live import free_port
from tests.support.server import wait_answering
from tests.support.staff import PASSWORD, fresh_database, make_user
from tests.support.staff import db_fixture as db_fixture  # noqa: F401
from tests.support.staff import db_url_fixture as db_url_fixture  # noqa: F401
from tests.test_staff_web import Browser, cases_in
from tests.test_staff_web import users as users  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[1]
T0 = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)


def throttle_rows(db: Session) -> list[LoginThrottle]:
    return list(db.exec(select(LoginThrottle)).all())


# -- the lock-out an attacker could renew, and the admin's unlock
def test_an_attacker_cannot_keep_the_owner_out(db: Session) -> None:
    make_user(db, "boss", role="admin", county=None)
    blocked: list[dt.datetime] = []
    for i in range(60):  # one wrong password a second from the attacker's address
        result = authenticate(db, "boss", f"guess {i}", "10.6.6.6", now=T0 + dt.timedelta(
            seconds=i))
        assert result.reason in ("invalid", "wait")
        if result.reason == "wait":
            blocked.append(T0 + dt.timedelta(seconds=i))
    assert blocked, "the attacker's address is slowed down"
    # the owner, elsewhere, signs in at once: the attacker's failures are not the owner's
    now = T0 + dt.timedelta(seconds=60)
    assert authenticate(db, "boss", PASSWORD, "10.1.1.1", now=now).user is not None
    # tries while waiting are neither checked nor counted: they do not renew the wait
    before = {r.key: (r.failures, r.blocked_until) for r in throttle_rows(db)}
    for _ in range(20):
        assert authenticate(db, "boss", "x", "10.6.6.6", now=now).reason == "wait"
    assert {r.key: (r.failures, r.blocked_until) for r in throttle_rows(db)} == before
    # and the wait never exceeds MAX_DELAY: after it, the right password works from there too
    later = now + MAX_DELAY + dt.timedelta(seconds=1)
    assert authenticate(db, "boss", PASSWORD, "10.6.6.6", now=later).user is not None


def test_delays_grow(db: Session) -> None:
    make_user(db, "li")
    waits = []
    now = T0
    for _ in range(PAIR_FREE + 3):
        authenticate(db, "li", "wrong", "10.2.2.2", now=now)
        waits.append(auth.wait_left(db, "li", "10.2.2.2", now))
        now += dt.timedelta(seconds=waits[-1] + 1)
    assert waits[:PAIR_FREE - 1] == [0] * (PAIR_FREE - 1)
    assert waits[PAIR_FREE - 1:] == [2, 4, 8, 16]


def test_many_addresses_one_account_and_one_address_many_accounts(db: Session) -> None:
    make_user(db, "li")
    for i in range(auth.ADDRESS_FREE):
        authenticate(db, f"guess{i}", "x", "10.6.6.6", now=T0)
    assert authenticate(db, "li", PASSWORD, "10.6.6.6", now=T0).reason == "wait"
    assert authenticate(db, "li", PASSWORD, "10.7.7.7", now=T0).user is not None


def test_admin_unlocks_an_account(users: dict) -> None:
    b = Browser()
    for _ in range(PAIR_FREE):
        b.login("li", "wrong password")
    r = b.login("li")
    assert r.status_code == 429
    admin = Browser()
    admin.login("boss")
    page = admin.get("/staff/users").text
    uid = re.search(r'/staff/users/(\d+)/unlock"[^<]*<input[^>]*>\s*<button[^>]*>[^<]*'
                    r'<span class="visually-hidden">：li<', page)
    assert uid
    r = admin.post(f"/staff/users/{uid.group(1)}/unlock", {})
    assert r.status_code == 200 and "已解除" in r.text
    assert b.login("li").url.path == "/staff"
    assert "解除登录限制" in admin.get("/staff/audit").text


# -- failed sign-ins: bounded, and audited with the account tried
def test_failed_sign_ins_are_bounded_and_audited(db: Session,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    make_user(db, "boss", role="admin", county=None)
    monkeypatch.setattr(auth, "MAX_KEYS", 30)
    for i in range(120):  # a botnet: a new address and a new name each time
        authenticate(db, f"user{i}", "x", f"10.9.{i // 250}.{i % 250}", now=T0)
    assert len(throttle_rows(db)) <= 30
    now = T0
    for _ in range(40):  # one account from one address, waiting out every delay
        authenticate(db, "boss", "x", "10.5.5.5", now=now)
        now += dt.timedelta(seconds=auth.wait_left(db, "boss", "10.5.5.5", now) + 1)
    entries = db.exec(select(AuditEntry).where(AuditEntry.action == "login_failed",
                                               AuditEntry.username == "boss")).all()
    assert 1 <= len(entries) <= 7  # the 1st, 2nd, 4th … 32nd failure
    assert "account=boss" in entries[0].detail and "address=10.5.5.5" in entries[0].detail
    # nothing typed in the user-name box is stored for an account that does not exist
    assert not any("user1" in r.key for r in throttle_rows(db))
    assert not db.exec(select(AuditEntry).where(AuditEntry.detail.contains("user1"))).all()  # type: ignore[union-attr]
    # and a window later, the rows are gone
    authenticate(db, "boss", "x", "10.5.5.6", now=now + auth.WINDOW * 3)
    assert len(throttle_rows(db)) == 2


# -- the client's address
def test_x_forwarded_for_is_believed_only_from_a_named_proxy(
        users: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    b = Browser()
    b.get("/staff/login")
    for i in range(auth.ADDRESS_FREE):
        b.c.post("/staff/login", data={"username": f"guess{i}", "password": "x",
                                       "csrf_token": b.token},
                 headers={"X-Forwarded-For": f"203.0.113.{i}"})
    r = b.c.post("/staff/login", data={"username": "li", "password": PASSWORD,
                                       "csrf_token": b.token},
                 headers={"X-Forwarded-For": "198.51.100.1"}, follow_redirects=False)
    assert r.status_code == 429  # the header changed nothing: the peer is throttled
    monkeypatch.setattr(get_settings(), "trusted_proxies", ("testclient",))
    r = b.c.post("/staff/login", data={"username": "li", "password": PASSWORD,
                                       "csrf_token": b.token},
                 headers={"X-Forwarded-For": "198.51.100.1"}, follow_redirects=False)
    assert r.status_code == 303  # behind a named proxy, the client's own address counts


# -- sessions the server ends
def copy_of(b: Browser) -> TestClient:
    from app.main import app

    c = TestClient(app)
    for cookie in b.c.cookies.jar:
        c.cookies.set(cookie.name, cookie.value, domain=cookie.domain, path=cookie.path)
    return c


def test_logout_ends_a_copied_session(users: dict) -> None:
    b = Browser()
    b.login("li")
    thief = copy_of(b)
    assert thief.get("/staff", follow_redirects=False).status_code == 200
    b.get("/staff")
    b.post("/staff/logout", {})
    r = thief.get("/staff", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/staff/login")
    # nor can it be kept alive
    assert thief.post("/staff/keepalive", data={"csrf_token": b.token},
                      follow_redirects=False).status_code in (303, 403)
    assert thief.get("/staff", follow_redirects=False).status_code == 303


def test_password_change_ends_other_sessions_and_is_audited(users: dict, db_url: str) -> None:
    b = Browser()
    b.login("huang")
    other = copy_of(b)
    b.get("/staff/password")
    r = b.post("/staff/password", {"current_password": "wrong", "new_password": "aaaaaaaaaa",
                                   "confirm_password": "aaaaaaaaaa"})
    assert r.status_code == 422 and r.text.count('class="error-message"') == 2
    r = b.post("/staff/password", {"current_password": PASSWORD,
                                   "new_password": "Huang says plum river 42",
                                   "confirm_password": "Huang says plum river 42"})
    assert r.status_code == 422 and "用户名" in r.text  # the username is refused
    r = b.post("/staff/password", {"current_password": PASSWORD,
                                   "new_password": "plum river lantern 7",
                                   "confirm_password": "plum river lantern 7"})
    assert r.status_code == 200 and "密码已修改" in r.text
    assert b.get("/staff").status_code == 200  # this browser stays signed in
    assert other.get("/staff", follow_redirects=False).status_code == 303
    assert Browser().login("huang", "plum river lantern 7").url.path == "/staff"
    with Session(get_engine(db_url)) as s:
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "password_change")).all()


def test_admin_resets_a_password(users: dict, db_url: str) -> None:
    li = Browser()
    li.login("li")
    admin = Browser()
    admin.login("boss")
    page = admin.get("/staff/users").text
    uid = re.search(r'/staff/users/(\d+)/password', page.split('<th scope="row">li</th>')[1])
    assert uid
    r = admin.post(f"/staff/users/{uid.group(1)}/password", {"new_password": "password123"})
    assert r.status_code == 422 and "太常见" in r.text
    r = admin.post(f"/staff/users/{uid.group(1)}/password",
                   {"new_password": "violet harbour tram 19"})
    assert r.status_code == 200 and "密码已重设" in r.text
    assert li.c.get("/staff", follow_redirects=False).status_code == 303
    assert Browser().login("li", "violet harbour tram 19").url.path == "/staff"
    with Session(get_engine(db_url)) as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "password_reset")).one()
        assert entry.username == "boss" and f"user={uid.group(1)}" in entry.detail


# -- CSRF bound to the session
def test_the_csrf_token_of_another_session_is_refused(users: dict, db_url: str) -> None:
    victim, attacker = Browser(), Browser()
    victim.login("li")
    victim.save()
    case_id = cases_in(db_url)[0].id
    attacker.login("li")  # the same account, signed in elsewhere: another session
    attacker.get("/staff")
    # the attacker plants its own CSRF cookie in the victim's browser and posts its token
    forged = copy_of(victim)
    forged.cookies.set("staff_csrf", attacker.c.cookies.get("staff_csrf"), path="/staff")
    r = forged.post(f"/staff/cases/{case_id}/delete", data={"csrf_token": attacker.token},
                    follow_redirects=False)
    assert r.status_code == 403
    assert cases_in(db_url)


# -- bad URLs: HTML pages, never JSON, never a 500
def test_bad_urls_are_html_pages(users: dict) -> None:
    b = Browser()
    b.login("boss")
    for url in (f"/staff/cases/{2 ** 63}", f"/staff/cases/{2 ** 63}/print", "/staff/cases/-1",
                "/staff/cases/abc", "/staff/cases/1e3/edit", "/staff/audit?page_no=x",
                "/staff/audit?page_no=99999999999999999999", "/staff/export.pdf",
                "/staff/no-such-page", "/staff/logout"):
        r = b.c.get(url, follow_redirects=False)
        assert r.status_code == 404, url
        assert r.headers["content-type"].startswith("text/html"), url
        assert "找不到这个页面" in r.text, url
    r = b.post(f"/staff/cases/{2 ** 63}/delete", {})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


def test_a_route_cannot_forget_its_checks() -> None:
    from fastapi import APIRouter

    router = APIRouter(prefix="/staff", route_class=CheckedRoute)
    with pytest.raises(RuntimeError, match="CsrfForm"):
        @router.post("/x")
        def no_csrf(staff: CurrentStaff) -> None: ...
    with pytest.raises(RuntimeError, match="CurrentStaff"):
        @router.get("/y")
        def no_staff(request: Request) -> None: ...

    @router.post("/z")
    def fine(staff: CurrentStaff, form: CsrfForm) -> None: ...


def test_sign_in_hashes_off_the_event_loop(users: dict, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    import asyncio

    from app.staff.routes import session as routes

    seen = []
    real = routes.authenticate

    def spy(*args: object, **kw: object) -> object:
        try:
            asyncio.get_running_loop()
            seen.append("event loop")
        except RuntimeError:
            seen.append("thread")
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(routes, "authenticate", spy)
    Browser().login("li")
    assert seen == ["thread"]


# -- accounts
def test_password_policy_and_case_insensitive_usernames(users: dict) -> None:
    admin = Browser()
    admin.login("boss")
    admin.get("/staff/users")
    for password, why in (("aaaaaaaaaa", "太常见"), ("zhouzhou-plum-river", "用户名")):
        r = admin.post("/staff/users", {"username": "zhouzhou", "role": "staff",
                                        "county": "debao", "password": password})
        assert r.status_code == 422 and why in r.text, password
    r = admin.post("/staff/users", {"username": "HUANG", "role": "staff", "county": "debao",
                                    "password": "plum river lantern 7"})
    assert r.status_code == 422 and "已经有人用了" in r.text


def test_migration_renames_usernames_that_clash_without_case(tmp_path: Path) -> None:
    import sqlalchemy as sa

    from alembic import command
    from app.staff.db import alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0001")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for name in ("Alice", "alice", "bob"):
            conn.execute(sa.text(
                "INSERT INTO staff_user (username, display_name, role, active, password_hash, "
                "created_at) VALUES (:n, '', 'staff', 1, 'x', '2026-01-01')"), {"n": name})
    command.upgrade(alembic_config(url), "head")
    with engine.begin() as conn:
        names = [r[0] for r in conn.execute(sa.text(
            "SELECT username FROM staff_user ORDER BY id"))]
        detail = conn.execute(sa.text("SELECT detail FROM staff_audit")).scalar_one()
    assert names == ["Alice", "alice-2", "bob"] and "alice -> alice-2" in detail
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO staff_user (username, display_name, role, active, password_hash, "
            "created_at, session_version) VALUES ('BOB', '', 'staff', 1, 'x', '2026-01-01', 0)"))
    engine.dispose()


# -- headers on every response
PAGES = ["/", "/staff/login", "/api/v1/programs", "/healthz", "/static/css/main.css",
         "/no-such-page"]


def test_security_headers_on_every_response(client: TestClient) -> None:
    lookup = next((p for p in ("/rules", "/rules/") if client.get(p).status_code == 200), None)
    for path in PAGES + ([lookup] if lookup else []):
        r = client.get(path)
        csp = r.headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
        assert "style-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert r.headers.get("x-content-type-options") == "nosniff", path
        assert r.headers.get("x-frame-options") == "DENY", path
        assert r.headers.get("referrer-policy") == "same-origin", path
        assert "strict-transport-security" not in r.headers, path  # plain HTTP: no HSTS


def test_hsts_when_cookies_are_secure(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.main import create_app

    monkeypatch.setattr(get_settings(), "secure_cookies", True)
    with TestClient(create_app()) as c:
        assert c.get("/").headers["strict-transport-security"].startswith("max-age=")


def test_no_store_on_pages_with_answers(client: TestClient, users: dict) -> None:
    # a resident's answers: the page after answering, and the check-answers page
    client.get("/")
    r = client.post("/start", follow_redirects=True)
    assert r.headers.get("cache-control") == "no-store", r.url
    for path in ("/check", "/results", "/"):
        assert client.get(path).headers.get("cache-control") == "no-store", path
    b = Browser()
    b.login("li")
    b.save()
    case_id = b.c.get("/staff").text.split("/staff/cases/")[1].split('"')[0]
    for path in ("/staff", f"/staff/cases/{case_id}", f"/staff/cases/{case_id}/print",
                 "/staff/export.csv", "/staff/screen"):
        assert b.c.get(path).headers.get("cache-control") == "no-store", path
    # public pages that show nobody's answers may be cached
    for path in ("/api/v1/programs", "/healthz"):
        assert client.get(path).headers.get("cache-control") != "no-store", path


def test_staff_pages_need_no_inline_script_or_style(users: dict) -> None:
    b = Browser()
    b.login("boss")
    b.save()
    case_id = b.c.get("/staff").text.split("/staff/cases/")[1].split('"')[0]
    for path in ("/staff", "/staff/screen", f"/staff/cases/{case_id}",
                 f"/staff/cases/{case_id}/print", "/staff/users", "/staff/audit",
                 "/staff/password", "/staff/login"):
        html = b.c.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert "<style" not in html and " style=" not in html, path
        assert " on" not in re.sub(r"<[^>]*>", "", "") and not re.search(
            r"<[^>]+\son[a-z]+=", html), path


# -- keys: two workers without SECRET_KEY
def image_command() -> list[str]:
    """The container's CMD, as the Dockerfile states it."""
    line = next(li for li in (ROOT / "Dockerfile").read_text().splitlines()
                if li.startswith("CMD "))
    return list(json.loads(line[4:]))


def test_refuses_several_workers_without_a_key_it_can_keep(tmp_path: Path) -> None:
    unwritable = tmp_path / "ro"
    unwritable.mkdir()
    unwritable.chmod(0o500)
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SCREENER_SECRET_KEY")}
    env.update(WEB_CONCURRENCY="2", SCREENER_DATA_DIR=str(unwritable / "data"))
    if os.geteuid() == 0:  # root writes anywhere: point the key at a path that is a file
        (tmp_path / "file").write_text("")
        env["SCREENER_DATA_DIR"] = str(tmp_path / "file" / "data")
    r = subprocess.run([sys.executable, "-c", "from app.settings import get_settings; "
                        "get_settings()"], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode != 0 and "SECRET_KEY" in r.stderr and "WEB_CONCURRENCY" in r.stderr


@contextlib.contextmanager
def run_image(**settings: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The app started as the container starts it (its CMD), with ``settings`` in its
    environment and no SECRET_KEY, on a free loopback port: (its URL, its process), once it
    answers /healthz; stopped on leaving."""
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "SCREENER_SECRET_KEY", "SCREENER_TRUSTED_PROXIES")}
    env.update(settings, HOST="127.0.0.1", PORT=str(port),
               PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""))
    cmd = [c.replace("--port 8000", f"--port {port}").replace("0.0.0.0", "127.0.0.1")
           for c in image_command()]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_answering(base + "/healthz", proc, 90)
        yield base, proc
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)


@pytest.fixture
def image_server(tmp_path: Path) -> Iterator[str]:
    """The app started as the container starts it (its CMD), with two workers, SQLite in a
    data directory, no SECRET_KEY, on a free loopback port."""
    data = tmp_path / "data"
    data.mkdir()
    url = fresh_database("sqlite", data)
    from app.staff.db import dispose_all

    with Session(get_engine(url)) as s:
        make_user(s, "li", county="youjiang")
    dispose_all()
    with run_image(WEB_CONCURRENCY="2", DATABASE_URL=url, SCREENER_DATA_DIR=str(data)) as (
            base, _proc):
        yield base


def sign_in(base: str, username: str, password: str, forwarded: str | None = None) -> int:
    """A new browser signs in and opens the case list: the final status. Each request on a
    new connection, as a browser's often are, so that any worker may answer it."""
    with httpx.Client(base_url=base, timeout=30,
                      limits=httpx.Limits(max_keepalive_connections=0)) as c:
        page = c.get("/staff/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        r = c.post("/staff/login", data={"username": username, "password": password,
                                         "csrf_token": token}, headers=headers)
        if r.status_code != 303:
            return r.status_code
        return c.get("/staff").status_code


def test_the_image_two_workers_without_a_key_and_forwarded_addresses(image_server: str
                                                                    ) -> None:
    # two workers, no SECRET_KEY: every sign-in works, whichever worker answers each request
    results = [sign_in(image_server, "li", PASSWORD) for _ in range(20)]
    assert results == [200] * 20
    # X-Forwarded-For from a client that is not a named proxy changes nothing: guessing from
    # "many addresses" is guessing from one, and that one is slowed down
    for i in range(auth.ADDRESS_FREE):
        sign_in(image_server, f"guess{i}", "x", forwarded=f"203.0.113.{i}")
    assert sign_in(image_server, "li", PASSWORD, forwarded="198.51.100.7") == 429


def test_the_command_line_clears_an_address_everyone_shares(db: Session, db_url: str,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """An office behind one address: somebody guessing names from it delays every sign-in
    from it, the admin's included, so nobody can unlock at /staff/users. `python -m app.cli
    unlock --address` clears that address's delays, and is audited."""
    from app.staff.cli import unlock_main

    make_user(db, "boss", role="admin", county=None)
    for i in range(auth.ADDRESS_FREE + 1):
        authenticate(db, f"nobody{i}", "x", "10.1.1.1", now=T0)
    assert authenticate(db, "boss", PASSWORD, "10.1.1.1", now=T0).reason == "wait"
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        assert unlock_main(["--address", "10.1.1.1"]) == 0
    finally:
        get_settings.cache_clear()
    db.expire_all()
    assert authenticate(db, "boss", PASSWORD, "10.1.1.1", now=T0).user is not None
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "unlock")).first()


def test_the_image_starts_one_worker_where_no_shared_key_can_be_kept(tmp_path: Path) -> None:
    """A read-only volume and no SECRET_KEY (as ../shared/container/probe.sh runs the image):
    the start command serves with one worker, and says why, rather than not at all."""
    with run_image(WEB_CONCURRENCY="2", SCREENER_DATA_DIR=str(tmp_path / "missing" / "data"),
                   DATABASE_URL=f"sqlite:///{tmp_path / 'none' / 'db.sqlite'}") as (_b, proc):
        pass
    assert proc.stderr is not None
    assert "starting 1 worker instead of 2" in proc.stderr.read().decode()
