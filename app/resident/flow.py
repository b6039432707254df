"""Which page to ask next: the engine's ``next_questions``, shown as pages by topic (issue 14).

Only facts that can still change an open result are asked (``next_questions``), then, for a
result that is already "you can apply", the facts its amount still needs (``amount_missing``).
Facts implied by other answers (``implies:`` in rules/facts.yaml) are filled before screening
and never asked. The wanted facts are shown on the pages of ``pages:`` (rules/facts.yaml): the
page holding the most useful fact comes first and shows every wanted fact of its topic; a page
whose facts are all settled is skipped. The county (where to apply, not whether) is asked with
the household registration, or last when something can be applied for.

One screening per request: :func:`plan` screens once and everything a page needs comes from it.
When an answer changes, :func:`prune` drops the answers that no longer change anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.engine import ELIGIBLE, NOT_ELIGIBLE, NOT_IN_FORCE, Rulebook, Screening
from app.engine import screen as engine_screen
from app.engine.implied import CompiledImplication

COUNTY = "county"


@dataclass(frozen=True)
class Page:
    key: str                  # a page of rules/facts.yaml, or a fact (its own page)
    facts: tuple[str, ...]    # the facts this page asks now, in the page's order
    single: bool = False      # one fact's own page (change links, links from the results)

    @property
    def id(self) -> str:
        return f"fact:{self.key}" if self.single else f"page:{self.key}"

    @property
    def url(self) -> str:
        return f"/question/{self.key}" if self.single else f"/page/{self.key}"


def page_url(page_id: str) -> str:
    kind, _, key = page_id.partition(":")
    return f"/question/{key}" if kind == "fact" else f"/page/{key}"


@dataclass
class Plan:
    screening: Screening
    facts: dict[str, Any]                       # stated and implied, the engine's types
    implied: dict[str, CompiledImplication]     # implied fact -> why
    wanted: list[str]                           # unknown facts that can change a result
    pages: list[Page]                           # still to ask, the first is next

    @property
    def next(self) -> Page | None:
        return self.pages[0] if self.pages else None

    def page(self, key: str) -> Page | None:
        return next((p for p in self.pages if p.key == key and not p.single), None)


def screen(book: Rulebook, stated: dict[str, Any], on: dt.date
           ) -> tuple[Screening, dict[str, Any], dict[str, CompiledImplication]]:
    """The screening on the stated facts (the engine adds the implied ones: ``s.implied``),
    the facts with the implied ones, and why each was implied."""
    s = engine_screen(book, stated, on)
    facts = stated | {name: imp.then[name] for name, imp in s.implied.items()}
    return s, facts, s.implied


def wanted_facts(s: Screening, known: set[str]) -> list[str]:
    """Unknown facts that can still change a result, most useful first, then amount facts."""
    out = [n for n in s.next_questions if n not in known]
    for r in s.results:
        if r.status == ELIGIBLE:
            out += [n for n in r.amount_missing if n not in known and n not in out]
    return out


def pages(book: Rulebook, wanted: list[str]) -> list[Page]:
    """The wanted facts on their topic pages, the page of the most useful fact first."""
    extras = book.extras
    order: list[str] = []
    on_page: dict[str, list[str]] = {}
    for name in wanted:
        key = extras.page_of.get(name, name)
        if key not in on_page:
            order.append(key)
            on_page[key] = []
        on_page[key].append(name)
    out = []
    for key in order:
        if key in extras.pages:
            listed = extras.pages[key].facts
            out.append(Page(key, tuple(n for n in listed if n in on_page[key])))
        else:
            out.append(Page(key, (key,), single=True))
    return out


def plan(book: Rulebook, stated: dict[str, Any], skipped: list[str], on: dt.date) -> Plan:
    """What is known, what follows and which pages are still to ask (one screening)."""
    s, facts, why = screen(book, stated, on)
    known = set(facts) | set(skipped)
    want = wanted_facts(s, known)
    todo = pages(book, want)
    if COUNTY in book.facts and COUNTY not in known:
        home = book.extras.page_of.get(COUNTY)
        i = next((i for i, p in enumerate(todo) if p.key == home), None)
        if i is not None:
            todo[i] = Page(home, tuple(n for n in book.extras.pages[home].facts
                                       if n in todo[i].facts or n == COUNTY))
        elif not todo and any(r.status == ELIGIBLE for r in s.results):
            todo = [Page(home, (COUNTY,)) if home else Page(COUNTY, (COUNTY,), single=True)]
    return Plan(s, facts, why, want, todo)


def progress(order: list[str], current: str, p: Plan) -> tuple[int, int]:
    """(this page's number, about how many pages in all): pages answered plus those open."""
    n = order.index(current) + 1 if current in order else len(order) + 1
    still = [pg for pg in p.pages if pg.id != current and pg.id not in order[:n]]
    county_later = (COUNTY not in p.facts and all(COUNTY not in pg.facts for pg in p.pages)
                    and any(r.status not in (NOT_ELIGIBLE, NOT_IN_FORCE)
                            for r in p.screening.results))
    total = n + len(still) + (1 if county_later else 0)
    return n, max(total, n)


def _signature(book: Rulebook, stated: dict[str, Any], on: dt.date) -> list[Any]:
    s, _facts, _why = screen(book, stated, on)
    return [(r.status, r.amount.value if r.amount else None, r.missing, r.amount_missing)
            for r in s.results]


def stale(book: Rulebook, stated: dict[str, Any], skipped: list[str], on: dt.date,
          keep: set[str]) -> list[str]:
    """Answers that no longer apply: taking them away changes no result, no amount and no
    open question. Looked at one by one, the last in rules/facts.yaml first (so of two answers
    that each close a program, the first stays). The county (where to apply) and ``keep``
    (what was just answered) stay. Costs one screening per answer: only when one changes."""
    facts = dict(stated)
    base = _signature(book, facts, on)
    rank = book.fact_rank
    gone: list[str] = []
    for name in sorted(facts, key=lambda n: rank[n], reverse=True):
        if name in keep or name == COUNTY:
            continue
        trial = {k: v for k, v in facts.items() if k != name}
        if _signature(book, trial, on) == base:
            facts = trial
            gone.append(name)
    p = plan(book, facts, [], on)
    gone += [n for n in skipped if n not in keep and n not in p.wanted]
    return gone
