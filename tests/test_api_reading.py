"""``POST /api/v1/screen`` reads its own body (app.api.body) and the answers' middleware does
no work it need not (issue 17 point 3): the same 422s as FastAPI's reading gave, the request
and answer still documented in /openapi.json, and the headers, caps and compression kept."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from app.api.body import MAX_INT_DIGITS, parse_json
from app.web.limits import MAX_BODY_BYTES, BodyLimits
from app.web.security_headers import SecurityHeaders

PERSON = {"on": "2025-06-01", "facts": {"age": 40, "hukou": "baise"}}


def _bounded(text: str) -> int:
    return int(text) if len(text) <= MAX_INT_DIGITS else int(("-" if text[0] == "-" else "")
                                                              + "9" * MAX_INT_DIGITS)


@pytest.mark.parametrize("body", [
    b'{"facts": {"age": 40, "hukou": "baise"}}',
    b'{"a": 9223372036854775807, "b": -9223372036854775808}',
    b'{"a": 18446744073709551616}',  # 2**64: orjson would make it a float
    b'{"a": 99999999999999999999999, "b": -1000000000000000000000}',
    b'{"a": 1234567890123456789}',
    b'{"a": "1234567890123456789012"}',
    b'{"a": ' + b"9" * 5000 + b"}",
    b'{"a": -' + b"9" * 5000 + b"}",
    b'{"a": 1e400, "b": -1e400, "c": 1e-400, "d": 0.1}',
    b'{"a": NaN, "b": Infinity, "c": -Infinity}',
    b'{"a": "\\ud800", "\\udfff": 1}',
    b'\xef\xbb\xbf{"a": 1}',
    '{"a": "百色"}'.encode("utf-16"),
    b'{"a": 1, "a": 2}',
    b' [1, 2.5, true, null, "x"] ',
])
def test_parse_json_reads_what_the_standard_reader_reads(body: bytes) -> None:
    """orjson first, the standard library for what orjson refuses or reads otherwise: the
    values are those of ``json.loads`` with integers bounded, type for type."""
    want = json.loads(body, parse_int=_bounded)
    got = parse_json(body)
    assert repr(got) == repr(want)


@pytest.mark.parametrize("body", [b"{not json", b'{"a": 1', b"\xff\xfe\xff", b'{"a": "\xff"}'])
def test_parse_json_refuses_what_the_standard_reader_refuses(body: bytes) -> None:
    with pytest.raises(ValueError):
        json.loads(body)
    with pytest.raises(ValueError):
        parse_json(body)


def errors(r: Any) -> list[dict[str, Any]]:
    assert r.status_code == 422, r.text
    assert all(set(e) == {"loc", "msg", "type"} for e in r.json()["detail"])
    return r.json()["detail"]


def test_query_and_body_errors_are_named_together(client: TestClient) -> None:
    r = client.post("/api/v1/screen", params={"detail": "all"}, json={"on": "soon"})
    assert [e["loc"] for e in errors(r)] == [["query", "detail"], ["body", "on"]]
    r = client.post("/api/v1/screen", params={"detail": "all"}, json=PERSON)
    assert [e["loc"] for e in errors(r)] == [["query", "detail"]]


@pytest.mark.parametrize("kind", ["application/json", "application/json; charset=utf-8",
                                  "Application/JSON", "application/merge-patch+json"])
def test_every_json_content_type_is_read_with_integers_bounded(client: TestClient, kind: str
                                                               ) -> None:
    """A 5,000-digit integer is a 422 naming its fact under every JSON content type (it was a
    bare 400 naming nothing where the type was not exactly ``application/json``)."""
    body = b'{"facts": {"age": ' + b"9" * 5000 + b"}}"
    r = client.post("/api/v1/screen", content=body, headers={"content-type": kind})
    [err] = errors(r)
    assert err["loc"] == ["body", "facts", "age"] and err["type"] == "fact.above_max"
    ok = client.post("/api/v1/screen", content=json.dumps(PERSON), headers={"content-type": kind})
    assert ok.status_code == 200


@pytest.mark.parametrize(("body", "kind", "want"), [
    (b"", "application/json", ("missing", ["body"])),
    (json.dumps(PERSON).encode(), "text/plain", ("model_attributes_type", ["body"])),
    (json.dumps(PERSON).encode(), None, ("model_attributes_type", ["body"])),
    (b"{not json", "application/json", ("json_invalid", ["body", 1])),
    (b'{"facts": {"age": "\xff"}}', "application/json", ("json_invalid", ["body"])),
    (b"[]", "application/json", ("model_attributes_type", ["body"])),
    (b'{"facts": {}, "extra": 1}', "application/json", ("extra_forbidden", ["body", "extra"])),
])
def test_bodies_that_are_not_a_screening_request(client: TestClient, body: bytes,
                                                 kind: str | None, want: tuple[str, list[Any]]
                                                 ) -> None:
    headers = {"content-type": kind} if kind else {}
    [err] = errors(client.post("/api/v1/screen", content=body, headers=headers))
    assert (err["type"], err["loc"]) == want


def test_openapi_documents_the_screening_request_and_answer(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    op = doc["paths"]["/api/v1/screen"]["post"]
    body = op["requestBody"]
    assert body["required"] is True
    schema = body["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"on", "facts", "programs"}
    assert schema["additionalProperties"] is False and schema["examples"]
    assert "64 characters" in schema["properties"]["facts"]["description"]
    [detail] = op["parameters"]
    assert (detail["name"], detail["in"], detail["required"]) == ("detail", "query", False)
    assert detail["schema"]["enum"] == ["full", "summary"]
    assert detail["schema"]["default"] == "full"
    components = doc["components"]["schemas"]
    answer = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert answer == "#/components/schemas/ScreenResponse"
    assert set(components["ScreenResponse"]["properties"]) == {
        "on", "rulebook", "results", "next_questions"}
    refused = op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
    item = components[refused.rsplit("/", 1)[1]]["properties"]["detail"]["items"]["$ref"]
    assert set(components[item.rsplit("/", 1)[1]]["properties"]) == {"loc", "msg", "type"}


def test_the_answer_is_json_not_stored(client: TestClient) -> None:
    r = client.post("/api/v1/screen", json=PERSON, headers={"accept-encoding": "identity"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.headers["cache-control"] == "no-store"
    assert int(r.headers["content-length"]) == len(r.content) and r.json()["results"]


def test_cacheable_answers_keep_vary_for_clients_without_gzip(client: TestClient) -> None:
    """Vary: Accept-Encoding tells a cache that the answer depends on it: kept on answers a
    cache may keep, whatever the client accepts; left off no-store answers to clients that do
    not accept gzip (no cache keeps them)."""
    for encoding in ("identity", "gzip"):
        r = client.get("/rules/living_subsidy", headers={"accept-encoding": encoding})
        assert r.status_code == 200 and r.headers.get("cache-control") != "no-store"
        assert "accept-encoding" in r.headers.get("vary", "").lower(), encoding
    r = client.post("/api/v1/screen", json=PERSON, headers={"accept-encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in r.headers["vary"].lower()


def run_asgi(app: Any, scope: Scope, chunks: list[bytes]) -> list[Message]:
    """``app`` called with ``scope`` and a body sent as ``chunks``; the messages it sent."""
    sent: list[Message] = []
    queue = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
             for i, c in enumerate(chunks)]

    async def receive() -> Message:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def http_scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> Scope:
    return {"type": "http", "method": method, "path": path, "raw_path": path.encode(),
            "query_string": b"", "headers": headers, "http_version": "1.1", "scheme": "http",
            "root_path": "", "server": ("x", 80), "client": ("127.0.0.1", 1)}


async def read_all(scope: Scope, receive: Receive, send: Send) -> None:
    """An app that reads the whole body and answers with its length."""
    size = 0
    while True:
        message = await receive()
        size += len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body"):
            break
    await Response(str(size), headers={"x-frame-options": "SAMEORIGIN",
                                       "cache-control": "public"})(scope, receive, send)


def test_a_declared_length_with_chunked_encoding_is_still_counted() -> None:
    """A body is passed on uncounted only when its Content-Length alone frames it; with a
    Transfer-Encoding too it is counted, and refused past the cap."""
    big = [b"x" * 8192] * (MAX_BODY_BYTES // 8192 + 2)
    for headers, status in (
            ([(b"content-length", b"10"), (b"transfer-encoding", b"chunked")], 413),
            ([(b"transfer-encoding", b"chunked")], 413),
            ([(b"content-length", b"8192")], 200)):
        chunks = big if status == 413 else big[:1]
        sent = run_asgi(BodyLimits(read_all), http_scope("POST", "/api/v1/screen", headers),
                        chunks)
        assert sent[0]["status"] == status, headers


def test_security_headers_replace_the_apps_own() -> None:
    sent = run_asgi(SecurityHeaders(read_all), http_scope("POST", "/anything", []), [b"{}"])
    headers = [(k.decode(), v.decode()) for k, v in sent[0]["headers"]]
    names = [k for k, _ in headers]
    assert len(names) == len(set(names)), headers
    assert ("x-frame-options", "DENY") in headers and ("cache-control", "no-store") in headers
    assert ("x-content-type-options", "nosniff") in headers
    sent = run_asgi(SecurityHeaders(read_all), http_scope("GET", "/rules", []), [b""])
    assert (b"cache-control", b"public") in sent[0]["headers"]  # a cacheable page keeps its own


def test_gzip_by_igzip_whole_and_streamed() -> None:
    """app.web.compression compresses with ISA-L (isal): whole answers and answers sent in
    parts (a sync flush after each) decompress to what was sent, with the gzip headers."""
    import gzip

    from app.web.compression import Compression

    parts = [b'{"a": "%d", "text": "%s"}' % (i, "百色市".encode() * 200) for i in range(5)]

    async def streamed(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part,
                        "more_body": i < len(parts) - 1})

    async def whole(scope: Scope, receive: Receive, send: Send) -> None:
        await Response(b"".join(parts), media_type="application/json")(scope, receive, send)

    for app in (streamed, whole):
        scope = http_scope("POST", "/api/v1/screen", [(b"accept-encoding", b"gzip, br")])
        sent = run_asgi(Compression(app), scope, [b""])
        headers = dict(sent[0]["headers"])
        assert headers[b"content-encoding"] == b"gzip" and b"Accept-Encoding" in headers[b"vary"]
        body = b"".join(m.get("body", b"") for m in sent[1:])
        assert gzip.decompress(body) == b"".join(parts) and len(body) < len(b"".join(parts)) / 5


@pytest.mark.parametrize("kind", ["application/json", "APPLICATION/JSON",
                                  "application/merge-patch+json"])
@pytest.mark.parametrize("route", ["/api/v1/screen",
                                   "/api/v1/programs/loan_interest_subsidy/amount"])
def test_nesting_too_deep_for_any_reader_is_a_422_not_a_500(client: TestClient, kind: str,
                                                            route: str) -> None:
    """orjson stops at 1,024 levels and the standard library's reader then runs out of
    stack: both routes answer json_invalid, as for any other body that is no JSON (found by
    the tester: a 500 before). Bytes that are no UTF-8 get the same answer on both routes."""
    for depth in (1025, 5000, 30_000):  # 60 KB: within the 64 KB cap
        body = b'{"facts": ' + b"[" * depth + b"]" * depth + b"}"
        r = client.post(route, content=body, headers={"content-type": kind})
        assert r.status_code == 422, (depth, r.status_code, r.text[:200])
        assert [e["type"] for e in errors(r)] == ["json_invalid"]
    r = client.post(route, content=b'{"facts": {"age": "\xff"}}', headers={"content-type": kind})
    assert r.status_code == 422 and [e["type"] for e in errors(r)] == ["json_invalid"]
