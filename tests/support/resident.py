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
from app.engine.implied import apply
from app.present import today

DONT_KNOW = "dont_know"
QUESTION_URL = re.compile(r"^/(question|page)/([a-z_]+)")


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


def stated(book: Rulebook, facts: dict[str, Any]) -> dict[str, Any]:
    clean, problems = read_facts(book, {k: json_value(v) for k, v in facts.items()}, on=None,
                                 source="json")
    assert not problems, problems
    return clean


def wanted(book: Rulebook, facts: dict[str, Any], skipped: list[str]) -> tuple[list[str], bool]:
    """What the engine says can still change a result: next_questions, then the amount facts
    of results already eligible; and whether anything is eligible (the county is then asked).
    Implied facts (rules/facts.yaml ``implies:``) are known."""
    full, _why = apply(book, stated(book, facts), today())
    s = screen(book, full, today())
    known = set(full) | set(skipped)
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


def shown_facts(book: Rulebook, html: str) -> dict[str, str]:
    """The facts a page asks, from its form alone (fact -> field name): fields named by a
    fact, checkbox groups whose values are facts' names, date fields named fact-year."""
    form = html.split(' novalidate>', 1)[1].split("</form>", 1)[0]
    out: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*type="checkbox" '
                                  r'value="([a-z_]+)"', form):
        if value in book.facts and name != "dont_know":
            out[value] = name
    for name in re.findall(r'name="([a-z_]+)(?:-year)?"', form):
        if name in book.facts:
            out.setdefault(name, name)
    return out


def form_value(book: Rulebook, name: str, value: Any, field: str) -> dict[str, Any]:
    """The form data answering fact ``name`` in ``field``."""
    fdef = book.facts[name]
    radios = fdef.type in ("boolean", "enum") or (
        fdef.type == "integer" and fdef.max is not None and fdef.min is not None
        and fdef.max - fdef.min <= 5)
    if value == DONT_KNOW:
        if radios:
            return {field: DONT_KNOW}
        return {"dont_know": name if field == name else "1"}
    if fdef.type == "date":
        return {f"{field}-year": str(value.year), f"{field}-month": str(value.month),
                f"{field}-day": str(value.day)}
    if isinstance(value, bool):
        return {field: "true" if value else "false"}
    return {field: str(value)}


def form_for(book: Rulebook, name: str, value: Any) -> dict[str, Any]:
    """A fact's own page (``/question/<fact>``): its single field is ``answer``."""
    return form_value(book, name, value, "answer")


def token(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "every resident form carries its token"
    return m[1]


def answer_page(book: Rulebook, html: str, persona: dict[str, Any], single: str | None = None
                ) -> tuple[dict[str, Any], dict[str, Any]]:
    """(form data, the values given) answering a page from a persona's facts."""
    names = {single: "answer"} if single else shown_facts(book, html)
    values = {n: persona[n] if n in persona else default(book, n) for n in names}
    data: dict[str, Any] = {"csrf": token(html)}
    m = re.search(r'name="shown" value="([^"]*)"', html)
    if m:
        data["shown"] = m[1]
    groups: dict[str, list[str]] = {}
    for n, field_name in names.items():
        if field_name != n and field_name != "answer":        # a checkbox group
            groups.setdefault(field_name, []).append(n)
            continue
        for k, v in form_value(book, n, values[n], field_name).items():
            if k == "dont_know" and k in data:
                data[k] = [*([data[k]] if isinstance(data[k], str) else data[k]), v]
            else:
                data[k] = v
    for g, members in groups.items():
        vals = [values[n] for n in members]
        if all(v == DONT_KNOW for v in vals):
            data[g] = [DONT_KNOW]
        else:
            assert DONT_KNOW not in vals, f"persona mixes don't-know in {g}"
            data[g] = [n for n in members if values[n] is True] or ["none"]
    return data, values


def walk(client: TestClient, book: Rulebook, persona: dict[str, Any], lang: str | None = None,
         limit: int = 40) -> Walk:
    """Answer every page the app asks, from the persona, over HTTP; check at each page that
    it asks only facts that can still change an open result, the most useful among them."""
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
        data, values = answer_page(book, page.text, persona, key if kind == "question" else None)
        names = tuple(values)
        want, any_eligible = wanted(book, w.facts, w.skipped)
        for n in names:
            assert n in want or (n == "county" and any_eligible or n == "county"), (
                f"{loc} asks {n!r}, which cannot change an open result; the engine wants {want}")
        assert want == [] or want[0] in names, f"{loc}: the most useful question is {want[0]}"
        assert not set(names) & (set(w.facts) | set(w.skipped)), f"{loc} asks again {names}"
        w.pages.append((loc, names))
        r = client.post(loc, data=data, follow_redirects=False)
        assert r.status_code == 303, (loc, data, r.status_code, r.text[-600:])
        for n, v in values.items():
            if v == DONT_KNOW:
                w.skipped.append(n)
            else:
                w.facts[n] = v
        loc = r.headers["location"]
    raise AssertionError(f"more than {limit} pages")


def result_groups(html: str) -> dict[str, list[str]]:
    """Program titles under each heading of the results page, in order: "cash" (money),
    "services", "apply" (both), "more" and "closed"."""
    out: dict[str, list[str]] = {}
    for key in ("apply", "services", "more", "closed"):
        part = html.split(f'<h2 id="{key}">', 1)[1]
        part = re.split(r'<h2 id="|<form method="post" action="/clear"', part, maxsplit=1)[0]
        out[key] = [re.sub(r"<[^>]+>", "", t).strip()
                    for t in re.findall(r"<h3>(.*?)</h3>", part, re.S)]
    out["cash"] = out["apply"]
    out["apply"] = out["cash"] + out["services"]
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


# Typical residents (issue 14): each walked page by page over HTTP, answering from these
# facts (a fact not named is "no", or "none" where offered). bench/pages.py prints how many
# question pages each needs and the median; tests/test_resident_journey.py holds the budget.
TYPICAL: dict[str, dict[str, Any]] = {
    "grade-1 physical, 低保": _BASE | {"household_dibao": True},
    "grade-2 intellectual, 特困": {
        "has_disability_certificate": True, "hukou": "baise", "county": "tiandong",
        "disability_category": "intellectual", "disability_grade": 2, "age": 50,
        "tekun": True, "needs_long_term_care": True, "has_long_term_impairment": True},
    "grade-3 mental, other Guangxi": {
        "has_disability_certificate": True, "hukou": "other_guangxi", "county": "debao",
        "disability_category": "mental", "disability_grade": 3, "age": 38,
        "needs_long_term_care": True, "has_long_term_impairment": True,
        "severe_mental_disorder": True},
    "child of 5, hearing, 低保": {
        "has_disability_certificate": True, "hukou": "baise", "county": "napo",
        "disability_category": "hearing", "disability_grade": 2, "age": 5,
        "household_dibao": True, "needs_long_term_care": True,
        "has_long_term_impairment": True, "needs_assistive_device": True},
    "70, blind, pension": {
        "has_disability_certificate": True, "hukou": "baise", "county": "lingyun",
        "disability_category": "visual", "disability_grade": 1, "age": 70,
        "receives_pension": True, "resident_pension_insured": True,
        "needs_long_term_care": True, "has_long_term_impairment": True,
        "needs_assistive_device": True},
    "no certificate": RESIDENTS["no certificate"],
    "business and loan": RESIDENTS["business and loan"],
    "wheelchair user looking for work": {
        "has_disability_certificate": True, "hukou": "baise", "county": "pingguo",
        "disability_category": "physical", "disability_grade": 2, "age": 33,
        "needs_long_term_care": False, "has_long_term_impairment": True,
        "uses_motorised_wheelchair": True, "wants_job": True, "wants_training": True},
    "student of 17, exams": {
        "has_disability_certificate": True, "hukou": "baise", "county": "tianyang",
        "disability_category": "hearing", "disability_grade": 3, "age": 17,
        "full_time_student": True, "taking_exam": True, "has_long_term_impairment": True,
        "needs_long_term_care": False},
    "household unknown": RESIDENTS["household unknown"],
    "低保边缘, visual grade 1": {
        "has_disability_certificate": True, "hukou": "baise", "county": "jingxi",
        "disability_category": "visual", "disability_grade": 1, "age": 55,
        "household_dibao_edge": True, "needs_long_term_care": True,
        "has_long_term_impairment": True, "needs_assistive_device": True},
    "registered outside Guangxi": {
        "has_disability_certificate": True, "hukou": "outside_guangxi", "county": "youjiang",
        "disability_category": "physical", "disability_grade": 3, "age": 28,
        "needs_long_term_care": False, "has_long_term_impairment": True, "wants_job": True},
}
