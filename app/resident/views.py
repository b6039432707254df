"""What the check-answers, results and notice pages show, built from the Presenter's dicts.

Wording of results, reasons and amounts comes from app.present and the rules catalog; this
module only chooses and arranges it for the resident's pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from app.engine import ELIGIBLE, NOT_ELIGIBLE, NOT_IN_FORCE, UNDETERMINED, Screening
from app.present import Presenter, for_people
from app.resident.forms import kind

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

AMOUNT_FORMATS: dict[tuple[str, str | None], str] = {
    ("CNY", "month"): N_("每月 {value} 元"),
    ("CNY", "year"): N_("每年 {value} 元"),
    ("CNY", "once"): N_("一次性 {value} 元"),
    ("CNY", None): N_("{value} 元"),
    ("places", "scheme"): N_("每个项目 {value} 个"),
}


def format_date(day: dt.date | str, _: Gettext) -> str:
    d = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return _("{y}年{m}月{d}日").format(y=d.year, m=d.month, d=d.day)


def format_number(value: int | float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def amount_text(amount: dict[str, Any], _: Gettext) -> str:
    fmt = AMOUNT_FORMATS.get((amount["unit"], amount["per"]))
    value = format_number(amount["value"])
    if fmt is None:
        return f"{value} {amount['unit']}"
    return _(fmt).format(value=value)


def answer_text(pres: Presenter, name: str, value: Any, _: Gettext) -> str:
    """An answer as the person would read it."""
    f = pres.fact(name)
    if value is None:
        return _("不知道")
    if f["type"] == "boolean":
        return _("是") if value else _("否")
    if f["type"] == "enum":
        for v in f["values"]:
            if v["value"] == value:
                return str(v["label"])
        return str(value)
    if f["type"] == "date":
        return format_date(value, _)
    if kind(pres.book.facts[name]) == "radios":   # a grade: worded as its radio was
        return _("{value}{unit}").format(value=value, unit=f["unit"] or "")
    text = format_number(value) if isinstance(value, int | float) else str(value)
    return f"{text} {f['unit']}" if f["unit"] else text


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



def card(pres: Presenter, result: dict[str, Any], _: Gettext, full: bool = False
         ) -> dict[str, Any]:
    """One program for the results page; ``full`` for its own page (every reason and quote)."""
    program = pres.book.programs[result["program"]]
    detail = pres.program_detail(program)
    status = result["status"]
    out: dict[str, Any] = {
        "id": result["program"], "title": result["title"], "status": status,
        "summary": detail["summary"],
        "reasons": result["reasons"] if full else
        [r for r in result["reasons"] if r["outcome"] in SHOWN[status]],
        "quotes": _quotes(detail, 20) if full else _quotes(detail, 1) if status == ELIGIBLE
        else [],
        "office": detail["office"], "apply": detail["apply"], "documents": detail["documents"],
        "no_amount": detail["no_amount"],
        "missing": [(n, pres.fact(n)["question"]) for n in result["missing"]],
        "unsettled": result["unsettled"],  # rules left open: "可能可以，请问…" (issue 13)
        "amount_missing": [(n, pres.fact(n)["question"]) for n in result["amount_missing"]],
        "amount": None,
    }
    a = result["amount"]
    if a is not None:
        notes = [p["note"] for p in a["parameters"] if p.get("note")]
        out["amount"] = {"text": amount_text(a, _),
                         "from": format_date(a["valid_from"], _) if a["valid_from"] else None,
                         "confirmed": a["confidence"] == "confirmed", "notes": notes}
    return out


def common_documents(cards: list[dict[str, Any]]) -> list[str]:
    """The documents every one of ``cards`` asks for (when there are two or more), in the
    first card's order: the results page names them once instead of in every card."""
    if len(cards) < 2:
        return []
    return [d for d in cards[0]["documents"] if all(d in c["documents"] for c in cards[1:])]


def results_view(pres: Presenter, s: Screening, _: Gettext
                 ) -> dict[str, list[dict[str, Any]]]:
    """The three groups of the results page, each in the order of :func:`for_people` (the
    programs that pay money first)."""
    groups: dict[str, list[dict[str, Any]]] = {"apply": [], "more": [], "closed": []}
    for r in for_people(s).results:
        c = card(pres, pres.result(r), _)
        if r.status == ELIGIBLE:
            groups["apply"].append(c)
        elif r.status == UNDETERMINED:
            groups["more"].append(c)
        elif r.status in (NOT_ELIGIBLE, NOT_IN_FORCE):
            groups["closed"].append(c)
    return groups
