"""Request bodies are bounded before they are read (issue 11 point 3, app.web.limits): 64 KB
for the JSON API and every form, multipart refused outside the roster upload, and the
``programs`` of a screening bounded by the rulebook. The size tests run against a real
uvicorn server, with a resident page asked for while the oversized body is sent."""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from app.engine import Rulebook
from app.web.limits import MAX_BODY_BYTES, OWN_CAPS, ROSTER_PATH, BodyLimits

BIG = 40 * 1024 * 1024  # what an unbounded server would read, parse and validate


def connect(live_url: str) -> socket.socket:
    parts = urlsplit(live_url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    return sock


def read_response(sock: socket.socket, deadline: float = 10.0) -> tuple[int, bytes]:
    """The status and the whole response (the server closes or the head says how long)."""
    sock.settimeout(deadline)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), None)
    while length is not None and len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(head.split(b" ")[1]), body


def while_timing_home(live_url: str, work: Callable[[], Any]) -> tuple[Any, list[float]]:
    """Run ``work`` in a thread and ask for ``GET /`` until it is done; (its result, the
    resident page's answer times)."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            result["error"] = exc

    thread = threading.Thread(target=run)
    times = []
    with httpx.Client(base_url=live_url, timeout=10) as client:
        client.get("/")  # a warm connection
        thread.start()
        while thread.is_alive() or not times:
            t0 = time.perf_counter()
            assert client.get("/").status_code == 200
            times.append(time.perf_counter() - t0)
            time.sleep(0.02)
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value"), times


def test_declared_oversized_json_is_refused_before_it_is_sent(live_url: str) -> None:
    """A Content-Length over 64 KB gets 413 at once: the server does not wait for the body."""
    with connect(live_url) as sock:
        sock.sendall(b"POST /api/v1/screen HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/json\r\n"
                     + f"Content-Length: {BIG}\r\n\r\n".encode())
        status, body = read_response(sock, deadline=5)
    assert status == 413
    assert b'"detail"' in body and len(body) < 1000


def test_chunked_oversized_body_is_refused_and_residents_still_answered(live_url: str) -> None:
    """A body sent without a length (chunked) is counted as it streams and refused just past
    64 KB; meanwhile the resident home page answers within 0.5 s. Unbounded, the server would
    read 40 MB of facts, parse them and name each unknown one on the event loop (seconds)."""

    def chunks() -> Iterator[bytes]:
        yield b'{"facts": {'
        for i in range(BIG // 60_000):
            yield b"".join(b'"k%d_%d": 0, ' % (i, j) for j in range(5000))
        yield b'"age": 40}}'

    def upload() -> tuple[int, int]:
        sent = 0
        with connect(live_url) as sock:
            sock.sendall(b"POST /api/v1/screen HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            try:
                for chunk in chunks():
                    sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    sent += len(chunk)
                sock.sendall(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered and closed: read what it said
            status, _body = read_response(sock, deadline=60)
        return status, sent

    (status, sent), times = while_timing_home(live_url, upload)
    assert status == 413
    assert max(times) < 0.5, f"GET / took {max(times):.2f} s during the upload"
    assert sent < BIG // 4, f"{sent} bytes were taken after the refusal"


def test_declared_oversized_form_is_refused_with_a_page(live_url: str) -> None:
    body = b"answer=" + b"1" * (MAX_BODY_BYTES + 1)
    r = httpx.post(live_url + "/question/age", content=body,
                   headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    assert "64 KB" in r.text and "<h1>" in r.text


def test_forms_under_the_cap_still_work(live_url: str) -> None:
    r = httpx.post(live_url + "/api/v1/screen", json={"facts": {"age": 40},
                                                      "programs": ["living_subsidy"]})
    assert r.status_code == 200


@pytest.fixture
def temp_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[Any]]:
    """Every temporary file made while the test runs (Starlette's spooled uploads roll over
    into ``tempfile.TemporaryFile``, which on Linux leaves no name in the directory), and the
    temporary directory pointed at an empty one."""
    made: list[Any] = []
    real = tempfile.TemporaryFile

    def recording(*args: Any, **kwargs: Any) -> Any:
        made.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", recording)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    yield made
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("path", ["/question/age", "/group/identity", "/comfort",
                                  "/api/v1/screen", "/staff/login", "/rules/living_subsidy"])
def test_multipart_is_refused_on_form_routes(client: TestClient, temp_files: list[Any],
                                             path: str) -> None:
    """A file part (small, or larger than Starlette's 1 MB in-memory spool, sent chunked so no
    length gives it away) is refused unread, and nothing is written to disk."""
    for size in (10, 2 * 1024 * 1024):
        def parts(size: int = size) -> Iterator[bytes]:
            yield (b"--b\r\nContent-Disposition: form-data; name=\"answer\"; filename=\"a.txt\""
                   b"\r\nContent-Type: text/plain\r\n\r\n")
            for _ in range(size // 1024):
                yield b"4" * 1024
            yield b"\r\n--b--\r\n"
        r = client.post(path, content=parts(), headers={
            "content-type": "multipart/form-data; boundary=b"})
        assert r.status_code in (413, 415), (path, size, r.status_code)
    assert not temp_files


def test_roster_upload_keeps_its_own_cap() -> None:
    """The roster upload alone may send multipart, up to its own cap (app.roster uses it)."""
    limits = BodyLimits(app=None)  # type: ignore[arg-type]
    assert limits.cap(ROSTER_PATH) == (OWN_CAPS[ROSTER_PATH], True)
    assert limits.cap(ROSTER_PATH + "/") == (OWN_CAPS[ROSTER_PATH], True)
    assert OWN_CAPS[ROSTER_PATH] > 60 * 1024 * 1024
    assert limits.cap("/staff/cases") == (MAX_BODY_BYTES, False)


def test_programs_listed_200000_times_get_a_small_answer(client: TestClient) -> None:
    r = client.post("/api/v1/screen", json={"programs": ["living_subsidy"] * 200_000})
    assert r.status_code in (413, 422) and len(r.content) < 2000


def test_programs_longer_than_the_rulebook_is_422_naming_the_field(client: TestClient,
                                                                    book: Rulebook) -> None:
    n = len(book.programs)
    r = client.post("/api/v1/screen", json={"programs": ["living_subsidy"] * (n + 1)})
    assert r.status_code == 422
    (error,) = r.json()["detail"]
    assert error["loc"] == ["body", "programs"] and error["type"] == "program.too_many"
    assert str(n) in error["msg"]


def test_repeated_programs_are_screened_once(client: TestClient) -> None:
    r = client.post("/api/v1/screen", json={
        "programs": ["nursing_subsidy", "living_subsidy", "nursing_subsidy", "living_subsidy"]})
    assert r.status_code == 200
    assert [x["program"] for x in r.json()["results"]] == ["nursing_subsidy", "living_subsidy"]


def test_unknown_program_is_422_naming_its_place(client: TestClient) -> None:
    r = client.post("/api/v1/screen", json={"programs": ["living_subsidy", "no_such"]})
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["detail"]] == [["body", "programs", 1]]


def test_bad_content_length_is_400(live_url: str) -> None:
    with connect(live_url) as sock:
        sock.sendall(b"POST /api/v1/screen HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 99999999999999999999999"
                     b"\r\n\r\n")
        status, _body = read_response(sock, deadline=5)
    assert status in (400, 413)


@pytest.mark.parametrize("lang", ["zh-Hans", "za", "en"])
def test_refusal_page_is_accessible(browser: Any, live_url: str, lang: str) -> None:
    """The 413 page a resident sees after sending too much (a real browser, axe-core)."""
    from tests.support.live import assert_accessible, mark_page, wait_for_new_page

    browser.get(f"{live_url}/?lang={lang}")
    mark_page(browser)
    browser.execute_script(
        "const f = document.createElement('form'); f.method = 'post';"
        "f.action = '/question/age'; const i = document.createElement('textarea');"
        "i.name = 'answer'; i.value = '4'.repeat(70000); f.appendChild(i);"
        "document.body.appendChild(f); f.submit();")
    wait_for_new_page(browser)
    assert "64 KB" in browser.find_element("tag name", "main").text
    assert browser.find_element("css selector", "html").get_attribute("lang") == lang
    assert_accessible(browser, f"413 page ({lang})")
