"""Findings of a fresh test of the staff area (issue 12, after its merge), one test each,
written to fail before the fix."""

from __future__ import annotations

from app.engine import Rulebook
from tests.support.staff import db_url_fixture as db_url_fixture  # noqa: F401
from tests.test_staff_web import Browser
from tests.test_staff_web import users as users  # noqa: F401  (the fixture)
from tests.test_staff_workflow import checked


def test_a_form_with_too_many_fields_is_an_html_page(users: dict) -> None:
    """Starlette refuses a form of more than ``max_fields`` fields with its own 400, which
    FastAPI answers as JSON: a staff URL must answer a page, signed in or not."""
    b = Browser()
    b.login("li")
    b.get("/staff/screen")
    body = "&".join(f"a{i}=1" for i in range(2000)) + "&csrf_token=" + b.token
    headers = {"content-type": "application/x-www-form-urlencoded"}
    r = b.c.post("/staff/screen", content=body, headers=headers)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html"), r.text[:80]
    # signed out: the answers kept through signing in again are read from the same form
    r = Browser().c.post("/staff/screen", content=body, headers=headers,
                         follow_redirects=False)
    assert r.status_code in (303, 400) and "json" not in r.headers.get("content-type", "")


def test_no_to_the_rest_never_contradicts_what_follows_from_an_answer(users: dict,
                                                                      book: Rulebook) -> None:
    """A 低保 household is a household in hardship (rules/facts.yaml ``implies:``): "no to the
    rest" must leave that question to the implication, not answer it "no" (which the engine
    would then believe, over the implication: a wrong "no")."""
    b = Browser()
    b.login("li")
    b.get("/staff/screen")
    r = b.post("/staff/screen", {"household_dibao": "是", "age": "40", "edit": "1",
                                 "rest": "no"})
    assert checked(r.text, "household_in_hardship") in (None, "")  # left blank
    assert checked(r.text, "sudden_hardship") == "false"  # the rest are still answered
