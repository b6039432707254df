"""Which question to ask next: the engine's ``next_questions``, grouped into pages.

Only facts that can still change an open result are asked (``next_questions``), then, for a
result that is already "you can apply", the facts its amount still needs (``amount_missing``).
Facts of one ``group`` (rules/facts.yaml) that are wanted at the same time share one checkbox
page. Facts the person does not know (skipped) are never asked again. Last, when something can
be applied for, the county is asked: it changes where to apply, not whether.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.codec import read_facts
from app.engine import ELIGIBLE, NOT_ELIGIBLE, NOT_IN_FORCE, Rulebook, Screening
from app.engine import screen as engine_screen

COUNTY = "county"


@dataclass(frozen=True)
class Page:
    kind: str                 # "fact" | "group"
    key: str                  # the fact or group name
    facts: tuple[str, ...]    # the facts this page answers

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}"

    @property
    def url(self) -> str:
        return f"/question/{self.key}" if self.kind == "fact" else f"/group/{self.key}"


def page_url(page_id: str) -> str:
    kind, _, key = page_id.partition(":")
    return f"/group/{key}" if kind == "group" else f"/question/{key}"


def run(book: Rulebook, facts: dict[str, Any], on: dt.date) -> Screening:
    clean, _problems = read_facts(book, facts, on=None, source="json")  # checked when read
    return engine_screen(book, clean, on)


def wanted_facts(book: Rulebook, s: Screening, known: set[str]) -> list[str]:
    """Unknown facts that can still change a result, most useful first, then amount facts."""
    out = [n for n in s.next_questions if n not in known]
    for r in s.results:
        if r.status == ELIGIBLE:
            out += [n for n in r.amount_missing if n not in known and n not in out]
    return out


def wants_county(book: Rulebook, s: Screening, known: set[str]) -> bool:
    return (COUNTY in book.facts and COUNTY not in known
            and any(r.status == ELIGIBLE for r in s.results))


def pages(book: Rulebook, wanted: list[str]) -> list[Page]:
    """The wanted facts as pages, in order; grouped facts wanted together share one page."""
    by_group: dict[str, list[str]] = {}
    for name in wanted:
        group = book.facts[name].group
        if group:
            by_group.setdefault(group, []).append(name)
    rank = book.fact_rank
    out: list[Page] = []
    seen: set[str] = set()
    for name in wanted:
        group = book.facts[name].group
        if group and len(by_group[group]) > 1:
            if group not in seen:
                seen.add(group)
                out.append(Page("group", group,
                                tuple(sorted(by_group[group], key=lambda n: rank[n]))))
        else:
            out.append(Page("fact", name, (name,)))
    return out


@dataclass
class Plan:
    screening: Screening
    pages: list[Page]         # still to ask, the first is next

    @property
    def next(self) -> Page | None:
        return self.pages[0] if self.pages else None


def plan(book: Rulebook, facts: dict[str, Any], skipped: list[str], on: dt.date) -> Plan:
    s = run(book, facts, on)
    known = set(facts) | set(skipped)
    todo = pages(book, wanted_facts(book, s, known))
    if not todo and wants_county(book, s, known):
        todo = [Page("fact", COUNTY, (COUNTY,))]
    return Plan(s, todo)


def group_facts_wanted(book: Rulebook, group: str, p: Plan) -> tuple[str, ...]:
    """The facts of ``group`` that the plan still wants, in facts.yaml order."""
    for page in p.pages:
        if page.kind == "group" and page.key == group:
            return page.facts
        if page.kind == "fact" and book.facts[page.key].group == group:
            return page.facts
    return ()


def progress(order: list[str], current: str, p: Plan, known: set[str]) -> tuple[int, int]:
    """(this question's number, about how many in all): answered pages plus the open ones."""
    n = order.index(current) + 1 if current in order else len(order) + 1
    still = [pg for pg in p.pages if pg.id != current and pg.id not in order]
    county_later = (COUNTY not in known and all(pg.key != COUNTY for pg in p.pages)
                    and current != f"fact:{COUNTY}"
                    and any(r.status not in (NOT_ELIGIBLE, NOT_IN_FORCE)
                            for r in p.screening.results))
    total = max(len(order), n) + len(still) + (1 if county_later else 0)
    return n, max(total, n)
