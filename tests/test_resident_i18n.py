"""Every resident page is complete in Zhuang and English: no message shown untranslated.

A recorder is put behind each language's catalogs, so that every message a page asks for and
the catalogs do not have is caught, whichever domain it belongs to (core, resident, rules).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import present
from app.engine import Rulebook
from app.i18n import translations
from app.i18n.catalogs import untranslated
from app.resident import state
from tests.support.resident import DONT_KNOW, walk
from tests.test_resident_flow import GRADE1_DIBAO

CJK = re.compile(r"[\u3400-\u9fff]")


class Recorder:
    """The last fallback of a catalog: notes each message it is asked for, returns it as is."""

    def __init__(self) -> None:
        self.missed: set[str] = set()

    def gettext(self, message: str) -> str:
        if CJK.search(message):
            self.missed.add(message)
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@contextmanager
def recording(lang: str) -> Iterator[Recorder]:
    tail: Any = translations(lang)
    while getattr(tail, "_fallback", None) is not None:
        tail = tail._fallback
    recorder = Recorder()
    tail._fallback = recorder
    present._PRESENTERS.clear()          # texts cached before the recorder was there
    try:
        yield recorder
    finally:
        tail._fallback = None
        present._PRESENTERS.clear()


def test_the_recorder_catches_a_missing_message() -> None:
    with recording("za") as r:
        assert translations("za").gettext("没有这个译文的句子") == "没有这个译文的句子"
        assert translations("za").gettext("继续") != "继续"
    assert r.missed == {"没有这个译文的句子"}


BUSINESS = {"has_disability_certificate": True, "hukou": "baise", "county": "jingxi",
            "disability_category": "physical", "disability_grade": 4, "age": 41,
            "has_long_term_impairment": True, "needs_long_term_care": False,
            "business_type": "individual", "first_business": True,
            "business_operating_normally": True, "business_registered_on": dt.date(2023, 3, 1),
            "loan_type": "individual", "loan_amount": 200000, "loan_term_months": 36,
            "loan_contract_date": dt.date(2024, 3, 1), "loan_annual_rate": 4.65}


def every_page(app: Any, book: Rulebook, lang: str) -> list[str]:
    """The HTML of every kind of resident page and state, in ``lang``."""
    pages = []
    some_open = dict(GRADE1_DIBAO)
    for fact, fdef in book.facts.items():
        if fdef.group == "household_support":
            some_open[fact] = DONT_KNOW
    for persona in (some_open, BUSINESS,
                    {"has_disability_certificate": False, "hukou": "baise", "age": 30,
                     "county": "napo", "disability_category": DONT_KNOW,
                     "disability_grade": DONT_KNOW, "needs_long_term_care": DONT_KNOW,
                     "has_long_term_impairment": True}):
        c = TestClient(app)
        w = walk(c, book, persona, lang=lang)
        pages += list(w.html.values())
        pages += [c.get(u).text for u in ("/", "/check", "/results", "/results?print=1")]
        pages += [c.get(f"/results/{p}").text for p in book.programs]
        errors = [("/question/has_disability_certificate", {}),
                  ("/question/age", {"answer": "x"}), ("/question/age", {"answer": "999"}),
                  ("/question/loan_amount", {"answer": "-1"}),
                  ("/question/loan_contract_date", {"answer-year": "2024"}),
                  ("/question/loan_contract_date", {"answer-year": "2024", "answer-month": "2",
                                                    "answer-day": "31"}),
                  ("/question/loan_contract_date", {"answer-year": "24", "answer-month": "2",
                                                    "answer-day": "1"}),
                  ("/question/loan_contract_date", {"answer-year": "y", "answer-month": "2",
                                                    "answer-day": "1"}),
                  ("/question/loan_contract_date", {}),
                  ("/page/household", {}),
                  ("/page/household", {"household_support": ["none", "tekun"]}),
                  ("/page/household", {"household_support": ["dont_know", "tekun"]}),
                  ("/page/certificate", {})]
        c.post("/start")
        csrf = state.loads(c.cookies[state.COOKIE], book).token
        shown = " ".join(str(i) for i in range(20))
        c.post("/question/has_disability_certificate", data={"answer": "true", "csrf": csrf})
        for url, data in errors:
            pages.append(c.post(url, data={**data, "csrf": csrf, "shown": shown}).text)
        pages.append(c.post("/question/age", data={"answer": "3"}).text)   # no token: 403
        for url in ("/question/disability_grade", "/question/county",
                    "/question/business_registered_on", "/question/loan_term_months",
                    "/question/shoe_size", "/?cleared=1"):
            pages.append(c.get(url).text)
        c.cookies.set("answers", "tampered")
        pages.append(c.get("/results").text)
    return pages


@pytest.mark.parametrize("lang", ["za", "en"])
def test_every_resident_page_is_translated(lang: str, book: Rulebook) -> None:
    from app.main import app

    with recording(lang) as recorder:
        pages = every_page(app, book, lang)
    assert len(pages) > 60
    for html in pages:
        assert f'<html lang="{lang}">' in html
    assert not recorder.missed, f"{lang}: untranslated: {sorted(recorder.missed)}"


def test_core_and_resident_catalogs_are_complete() -> None:
    assert untranslated(["core", "resident"]) == []
