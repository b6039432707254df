"""Driving the resident's guided screening through HTTP, as a person answering would.

``walk`` starts a screening, answers every page the app asks from a persona (fact -> value,
or DONT_KNOW), and checks at each step, against the engine directly, that the page asks only
facts that can still change an open result. It returns what was asked, page by page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from app.codec import read_facts
from app.engine import ELIGIBLE, Rulebook, screen
from app.present import today

DONT_KNOW = "dont_know"
QUESTION_URL = re.compile(r"^/(question|group)/([a-z_]+)")


@dataclass
class Walk:
    client: TestClient
    pages: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (url, facts)
    facts: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    html: dict[str, str] = field(default_factory=dict)   # url -> last page HTML seen

    @property
    def asked(self) -> list[str]:
        return [f for _url, facts in self.pages for f in facts]


def json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def wanted(book: Rulebook, facts: dict[str, Any], skipped: list[str]) -> tuple[list[str], bool]:
    """What the engine says can still change a result: next_questions, then the amount facts
    of results already eligible; and whether anything is eligible (the county is then asked)."""
    clean, problems = read_facts(book, {k: json_value(v) for k, v in facts.items()},
                                 on=today(), source="json")
    assert not problems, problems
    s = screen(book, clean, today())
    known = set(facts) | set(skipped)
    out = [n for n in s.next_questions if n not in known]
    for r in s.results:
        if r.status == ELIGIBLE:
            out += [n for n in r.amount_missing if n not in known and n not in out]
    return out, any(r.status == ELIGIBLE for r in s.results)


def default(book: Rulebook, name: str) -> Any:
    """An answer for a fact the persona does not name: no for yes/no, none where offered."""
    fdef = book.facts[name]
    if fdef.type == "boolean":
        return False
    if fdef.type == "enum" and fdef.values and "none" in fdef.values:
        return "none"
    raise AssertionError(f"the persona has no answer for {name!r}, which was asked")


def shown_checkboxes(html: str) -> tuple[str, ...]:
    values = re.findall(r'type="checkbox" value="([a-z_]+)"', html)
    return tuple(v for v in values if v not in ("none", DONT_KNOW))


def form_for(book: Rulebook, name: str, value: Any) -> dict[str, Any]:
    fdef = book.facts[name]
    if value == DONT_KNOW:
        return {"answer": DONT_KNOW} if fdef.type in ("boolean", "enum") or (
            fdef.type == "integer" and fdef.max is not None and fdef.min is not None
            and fdef.max - fdef.min <= 5) else {"dont_know": "1"}
    if fdef.type == "date":
        return {"answer-year": str(value.year), "answer-month": str(value.month),
                "answer-day": str(value.day)}
    if isinstance(value, bool):
        return {"answer": "true" if value else "false"}
    return {"answer": str(value)}


def walk(client: TestClient, book: Rulebook, persona: dict[str, Any], lang: str | None = None,
         limit: int = 80) -> Walk:
    w = Walk(client)
    if lang:
        assert client.get(f"/?lang={lang}").status_code == 200
    r = client.post("/start", follow_redirects=False)
    assert r.status_code == 303
    loc = client.get(r.headers["location"], follow_redirects=False).headers["location"]
    for _ in range(limit):
        if loc.startswith("/check"):
            return w
        m = QUESTION_URL.match(loc)
        assert m, f"unexpected page {loc}"
        page = client.get(loc)
        assert page.status_code == 200, (loc, page.status_code)
        w.html[loc] = page.text
        kind, key = m.groups()
        names = (key,) if kind == "question" else shown_checkboxes(page.text)
        want, any_eligible = wanted(book, w.facts, w.skipped)
        for n in names:
            assert n in want or (n == "county" and not want and any_eligible), (
                f"{loc} asks {n!r}, which cannot change an open result; the engine wants {want}")
        assert want == [] or want[0] in names, f"{loc}: the most useful question is {want[0]}"
        assert not set(names) & (set(w.facts) | set(w.skipped)), f"{loc} asks again {names}"
        w.pages.append((loc, names))
        values = {n: persona[n] if n in persona else default(book, n) for n in names}
        if kind == "question":
            data = form_for(book, key, values[key])
        elif all(v == DONT_KNOW for v in values.values()):
            data = {"answer": [DONT_KNOW]}
        else:
            assert DONT_KNOW not in values.values(), f"persona mixes don't-know in {key}"
            data = {"answer": [n for n, v in values.items() if v is True] or ["none"]}
        r = client.post(loc, data=data, follow_redirects=False)
        assert r.status_code == 303, (loc, data, r.status_code, r.text[-400:])
        for n, v in values.items():
            if v == DONT_KNOW:
                w.skipped.append(n)
            else:
                w.facts[n] = v
        loc = r.headers["location"]
    raise AssertionError(f"more than {limit} pages")


def result_groups(html: str) -> dict[str, list[str]]:
    """Program titles under each of the three headings of the results page, in order."""
    out: dict[str, list[str]] = {}
    for key in ("apply", "more", "closed"):
        part = html.split(f'<h2 id="{key}">', 1)[1]
        part = re.split(r'<h2 id="|<p class="cite rulebook">', part, maxsplit=1)[0]
        out[key] = [re.sub(r"<[^>]+>", "", t).strip()
                    for t in re.findall(r"<h3>(.*?)</h3>", part, re.S)]
    return out


# Residents whose pages are weighed (bench/page_weight.py; tests/test_resident_pages.py):
# "business and loan" has the heaviest results page.
_BASE = {"has_disability_certificate": True, "hukou": "baise", "county": "youjiang",
         "disability_category": "physical", "disability_grade": 1, "age": 45,
         "needs_long_term_care": True, "has_long_term_impairment": True}
RESIDENTS = {
    "grade-1 physical, 低保": _BASE | {"household_dibao": True},
    "household unknown": _BASE | {f: DONT_KNOW for f in ("household_dibao",
                                  "household_dibao_edge", "tekun", "orphan_allowance",
                                  "household_in_hardship", "sudden_hardship",
                                  "no_family_support")},
    "business and loan": _BASE | {
        "business_type": "individual", "first_business": True,
        "business_operating_normally": True, "business_registered_on": dt.date(2023, 3, 1),
        "loan_type": "individual", "loan_amount": 200000, "loan_term_months": 36,
        "loan_contract_date": dt.date(2024, 3, 1), "loan_annual_rate": 4.65,
        "wants_job": True, "wants_training": True, "needs_assistive_device": True},
    "no certificate": {"has_disability_certificate": False, "hukou": "baise", "age": 30,
                       "county": "napo", "disability_category": DONT_KNOW,
                       "disability_grade": DONT_KNOW, "needs_long_term_care": DONT_KNOW,
                       "has_long_term_impairment": True},
}
