"""How answers travel (issue 17 point 3): gzip when asked for, over 1 KB, never for the staff
area; static files linked with their digest and cached for a year; a screening's summary."""

from __future__ import annotations

import gzip
import hashlib
import re

import httpx
from fastapi.testclient import TestClient

from app.web.static import STATIC_DIR

PERSON = {"facts": {"age": 40, "hukou": "baise", "has_disability_certificate": True,
                    "disability_grade": 1, "household_dibao": True, "tekun": False,
                    "orphan_allowance": False}}


def raw(client: TestClient, method: str, url: str, encoding: str | None, **kw: object
        ) -> httpx.Response:
    """The answer as sent (not decoded), asking for ``encoding`` (None: nothing accepted)."""
    headers = {"accept-encoding": encoding or "identity"}
    request = client.build_request(method, url, headers=headers, **kw)  # type: ignore[arg-type]
    return client.send(request, stream=True)


def test_json_and_pages_are_gzipped_when_accepted(client: TestClient) -> None:
    for method, url, kw in (("POST", "/api/v1/screen", {"json": PERSON}),
                            ("GET", "/", {}), ("GET", "/rules/living_subsidy", {})):
        r = raw(client, method, url, "gzip, br", **kw)
        assert r.headers.get("content-encoding") == "gzip", url
        assert "accept-encoding" in r.headers.get("vary", "").lower()
        sent = b"".join(r.iter_raw())
        plain = raw(client, method, url, None, **kw)
        assert "content-encoding" not in plain.headers
        assert len(gzip.decompress(sent)) == len(plain.read()) > len(sent)


def test_small_answers_are_not_compressed(client: TestClient) -> None:
    r = raw(client, "GET", "/healthz", "gzip")
    assert "content-encoding" not in r.headers


def test_staff_pages_are_never_compressed(client: TestClient) -> None:
    r = raw(client, "GET", "/staff/login", "gzip")
    assert r.status_code == 200 and "content-encoding" not in r.headers


def test_static_links_carry_the_files_digest_and_are_immutable(client: TestClient) -> None:
    html = client.get("/").text + client.get("/staff/login").text
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert links and all("?v=" in link for link in links), links
    for link in links:
        path, digest = link.split("?v=")
        content = (STATIC_DIR / path.removeprefix("/static/")).read_bytes()
        assert digest == hashlib.sha256(content).hexdigest()[:8]
        r = client.get(link)
        assert r.status_code == 200
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert client.get(path).headers["cache-control"] == "no-cache"
        assert client.get(path + "?v=00000000").headers["cache-control"] == "no-cache"


def test_summary_leaves_out_reasons_and_parameters(client: TestClient) -> None:
    full = client.post("/api/v1/screen", json=PERSON)
    short = client.post("/api/v1/screen", params={"detail": "summary"}, json=PERSON)
    assert short.status_code == 200 and len(short.content) * 3 < len(full.content)
    results = short.json()["results"]
    assert all("reasons" not in r for r in results)
    assert [(r["program"], r["status"], r["missing"]) for r in results] == [
        (r["program"], r["status"], r["missing"]) for r in full.json()["results"]]
    with_amount = [r for r in results if r["amount"]]
    assert with_amount and all("parameters" not in r["amount"] for r in with_amount)
    assert "reasons" in full.json()["results"][0]  # the full answer was not changed


def test_unknown_detail_is_422(client: TestClient) -> None:
    r = client.post("/api/v1/screen", params={"detail": "all"}, json=PERSON)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "detail"]
