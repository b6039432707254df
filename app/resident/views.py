"""What the check-answers, results and notice pages show, built from the Presenter's dicts.

Wording of results, reasons and amounts comes from app.present and the rules catalog; this
module only chooses and arranges it for the resident's pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from app.codec import display
from app.engine import ELIGIBLE, NOT_ELIGIBLE, NOT_IN_FORCE, UNDETERMINED, ProgramResult
from app.engine.counterfactual import would_qualify_if
from app.present import Presenter, for_people
from app.resident import offices
from app.resident.flow import Plan

Gettext = Callable[[str], str]
CERT_LOCATOR = "三(六)4"   # the plan's item on disability assessment and certificates


def N_(message: str) -> str:
    return message


# Which reasons each group shows: all when you can apply; what is still open when we need to
# know more; what failed when it is not for you.
SHOWN: dict[str, tuple[str, ...]] = {
    ELIGIBLE: ("met", "not_excluded"),
    UNDETERMINED: ("unknown",),
    NOT_ELIGIBLE: ("unmet", "excluded"),
    NOT_IN_FORCE: (),
}

def format_date(day: dt.date | str, lang: str) -> str:
    return display.date(day, lang)


def answer_text(pres: Presenter, name: str, value: Any, _: Gettext | None = None) -> str:
    """An answer as the person would read it (the codec's one wording)."""
    return display.fact_value(pres.book, name, value, pres.lang)


def answer_rows(pres: Presenter, facts: dict[str, Any], skipped: list[str], _: Gettext,
                change: str | None) -> list[dict[str, Any]]:
    """Rows for summary_list, in facts.yaml order; with Change links when ``change`` is the
    page to come back to (check | results)."""
    rank = pres.book.fact_rank
    names = sorted((set(facts) | set(skipped)) & set(pres.book.facts), key=lambda n: rank[n])
    rows = []
    for n in names:
        q = pres.fact(n)["question"]
        row: dict[str, Any] = {"key": q, "value": answer_text(pres, n, facts.get(n), _)}
        if change:
            row["actions"] = [{"href": f"/question/{n}?return={change}", "text": _("修改"),
                               "visually_hidden": q}]
        rows.append(row)
    return rows


def plan_quote(pres: Presenter, locator: str) -> dict[str, Any] | None:
    """A plan citation with this locator, from any rule that cites it (the quote is verbatim)."""
    for p in pres.book.programs.values():
        for crit in (*p.model.requirements, *p.model.exclusions):
            for c in crit.cite:
                if c.source == "plan" and c.locator == locator and c.quote:
                    return pres.cites([c])[0]
    return None


def _quotes(detail: dict[str, Any], limit: int = 2) -> list[dict[str, Any]]:
    """The plan's own words behind a program (its main plan citations), each quote once."""
    seen: set[str] = set()
    out = []
    for c in detail["cites"]:
        if c["source"] == "plan" and c.get("quote") and c["quote"] not in seen:
            seen.add(c["quote"])
            out.append(c)
    return out[:limit]



def _implied_note(pres: Presenter, p: Plan, facts_used: tuple[str, ...] | list[str],
                  _: Gettext) -> str | None:
    """Why a reason holds without being asked: the implication behind one of its facts."""
    for name in facts_used:
        imp = p.implied.get(name)
        if imp is not None:
            return _("（由你的其他回答推知：{why}）").format(why=_(imp.model.text))
    return None


def _where(pres: Presenter, office_text: str, county: str | None, _: Gettext
           ) -> dict[str, Any]:
    """Where to apply: the office in the county (rules/offices.yaml) when we can name it,
    with an address and phone only where a cited source gives them; and the 12345 hotline."""
    office = offices.office_for(office_text, county)
    hotline = offices.load().hotline
    if office is None:
        return {"name": office_text, "address": None, "phone": None, "hotline": hotline}
    county_name = answer_text(pres, "county", county, _)
    return {"name": _("{county}{office}").format(county=county_name, office=_(office.title)),
            "address": office.address,
            "phone": office.phone, "hotline": hotline}


def card(pres: Presenter, r: ProgramResult, p: Plan, stated: dict[str, Any],
         county: str | None, _: Gettext, full: bool = False) -> dict[str, Any]:
    """One program for the results page; ``full`` for its own page (every reason and quote)."""
    result = pres.result(r)
    program = pres.book.programs[result["program"]]
    detail = pres.program_detail(program)
    status = result["status"]
    reasons = []
    for crit, reason in zip(r.program.criteria, result["reasons"], strict=False):
        if not full and reason["outcome"] not in SHOWN[status]:
            continue
        note = _implied_note(pres, p, crit.cond.facts_used(), _)
        reasons.append({**reason, "implied": note} if note else reason)
    missing = [(n, pres.fact(n)["question"]) for n in result["missing"]]
    met = [r for r in result["reasons"] if r["outcome"] == "met"]
    out: dict[str, Any] = {
        "id": result["program"], "title": result["title"], "status": status,
        "summary": detail["summary"], "reasons": reasons,
        "quotes": _quotes(detail, 20) if full else [],
        "office": detail["office"], "where": _where(pres, program.model.office, county, _),
        "apply": detail["apply"], "documents": detail["documents"],
        "no_amount": detail["no_amount"], "missing": missing,
        "unsettled": result["unsettled"],  # rules left open: "可能可以，请问…" (issue 13)
        "amount_missing": [(n, pres.fact(n)["question"]) for n in result["amount_missing"]],
        "amount": None, "pays": None, "would": None,
        # why, in one line: the last requirement met (the most particular: 低保, not the
        # certificate every program asks for)
        "why": met[-1]["text"] if met else None,
    }
    a = result["amount"]
    if a is not None:
        out["amount"] = {"text": display.amount_text(a["value"], a["unit"], a["per"], _),
                         "from": format_date(a["valid_from"], pres.lang)
                         if a["valid_from"] else None,
                         "confirmed": a["confidence"] == "confirmed"}
        if a["unit"] == "CNY" and a["per"] in ("month", "year"):
            out["pays"] = (a["per"], a["value"])
    if status == NOT_ELIGIBLE:
        w = would_qualify_if(pres.book, stated, r, p.screening.on)
        if w is not None:
            met, _unmet, _clear, _cite, _cites = pres.criterion(w.criterion.model)
            out["would"] = {"text": met, "certain": w.certain}
    return out


def common_documents(cards: list[dict[str, Any]]) -> list[str]:
    """The documents every one of ``cards`` asks for (when there are two or more), in the
    first card's order: the results page names them once instead of in every card."""
    if len(cards) < 2:
        return []
    return [d for d in cards[0]["documents"] if all(d in c["documents"] for c in cards[1:])]


def results_view(pres: Presenter, p: Plan, stated: dict[str, Any], _: Gettext,
                 county: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The groups of the results page, each in the order of :func:`for_people` (the programs
    that pay money first): "apply" (cash, then "services"), "more" and "closed"."""
    groups: dict[str, list[dict[str, Any]]] = {"apply": [], "cash": [], "services": [],
                                               "more": [], "closed": []}
    for r in for_people(p.screening).results:
        c = card(pres, r, p, stated, county, _)
        if r.status == ELIGIBLE:
            groups["apply"].append(c)
            groups["cash" if c["pays"] or _pays(r) else "services"].append(c)
        elif r.status == UNDETERMINED:
            groups["more"].append(c)
        elif r.status in (NOT_ELIGIBLE, NOT_IN_FORCE):
            groups["closed"].append(c)
    return groups


def _pays(r: ProgramResult) -> bool:
    a = r.program.model.amount
    return a is not None and a.unit == "CNY"


def summary(pres: Presenter, groups: dict[str, list[dict[str, Any]]], _: Gettext
            ) -> dict[str, Any]:
    """The top of the results: money per month and per year in all (monthly amounts times
    twelve plus yearly ones; amounts not yet known are not counted, and said so), how many
    other kinds of support, and the first place to go (the office of the first card)."""
    month = sum((v for per, v in (c["pays"] for c in groups["cash"] if c["pays"])
                 if per == "month"), 0)
    year = sum((v for per, v in (c["pays"] for c in groups["cash"] if c["pays"])
                if per == "year"), 0)
    unknown = sum(1 for c in groups["cash"] if not c["pays"])
    first = groups["apply"][0] if groups["apply"] else None
    return {"month": display.money(month) if month else None,
            "year": display.money(month * 12 + year) if month or year else None,
            "month_value": month, "year_value": month * 12 + year,
            "cash": len(groups["cash"]), "unknown_amounts": unknown,
            "services": len(groups["services"]),
            "first": first["where"] if first else None,
            "first_program": first["title"] if first else None}


def implied_rows(pres: Presenter, p: Plan, _: Gettext) -> list[dict[str, Any]]:
    """Facts that follow from the answers, for the check and results pages (no Change link:
    change the answer they follow from)."""
    rows = []
    for name, imp in p.implied.items():
        value = answer_text(pres, name, _json(p.facts[name]), _)
        rows.append({"key": pres.fact(name)["question"],
                     "value": value + _("（推知：{why}）").format(why=_(imp.model.text))})
    return rows


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
