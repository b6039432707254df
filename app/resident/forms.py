"""One question page: the component parameters it shows and the checking of what was sent.

Every value is checked on the server by the fact codec (:func:`app.codec.read_text`); a problem
comes back as a message in the page's language, with what was typed kept.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.codec import MESSAGES, Problem, problem_message, read_text
from app.engine import Rulebook
from app.engine.schema import FactDef
from app.present import Presenter, number, today

Gettext = Callable[[str], str]
DONT_KNOW = "dont_know"
NONE = "none"
FIELD = "answer"


def N_(message: str) -> str:
    return message


MSG = {
    "choose": N_("请选择一项。"),
    "choose_group": N_("请选出符合的项；都没有就选“{none}”。"),
    "none_alone": N_("“{none}”不能和其他选项一起选。"),
    "dont_know_alone": N_("“不知道”不能和其他选项一起选。"),
    "date_missing": N_("请把年、月、日都填上。"),
    "date_missing_part": N_("日期还缺少：{parts}。"),
    "date_digits": N_("年、月、日只能填数字。"),
    "date_year": N_("年份要写4位数字，例如2023。"),
    "date_real": N_("请输入真实存在的日期，年、月、日都要填写。"),
}


# Units of rules/facts.yaml (`unit:`) are not extracted into the rules catalog; they are kept
# here so that Presenter.fact()'s translation of them (all domains are merged) finds them.
UNITS = (N_("级"), N_("岁"), N_("元"), N_("个月"), N_("个"))


def kind(fdef: FactDef) -> str:
    """How a fact is asked: radios (yes/no, a list, a small range of whole numbers), a text
    box (numbers) or three date boxes."""
    if fdef.type in ("boolean", "enum"):
        return "radios"
    if fdef.type == "integer" and fdef.min is not None and fdef.max is not None \
            and fdef.max - fdef.min <= 5:
        return "radios"
    if fdef.type == "date":
        return "date"
    return "input"


@dataclass
class Parsed:
    value: Any = None          # JSON value of the answer
    skip: bool = False         # "I don't know"
    error: str | None = None
    href: str = "#" + FIELD    # where the error summary links
    error_fields: list[str] = field(default_factory=list)
    kept: dict[str, Any] = field(default_factory=dict)   # what was sent, to show again


def normalise(text: str) -> str:
    """Full-width digits and punctuation (common with Chinese input) to plain ASCII."""
    return unicodedata.normalize("NFKC", text).strip()


def _problem(p: Any, _: Gettext) -> str:
    return problem_message(p, _)


def parse_text(name: str, fdef: FactDef, text: str) -> tuple[Any, Problem | None]:
    """A typed answer read by the fact codec; the screening date is today's."""
    r = read_text({name: fdef}, name, text, on=today())
    return r.value, r.problem


def parse_fact(book: Rulebook, name: str, form: Mapping[str, str], _: Gettext) -> Parsed:
    fdef = book.facts[name]
    k = kind(fdef)
    if fdef.dont_know and (form.get("dont_know") == "1" or form.get(FIELD) == DONT_KNOW):
        return Parsed(skip=True)
    if k == "radios":
        raw = form.get(FIELD, "")
        out = Parsed(kept={"value": raw})
        if raw == "":
            out.error = _(MSG["choose"])
            return out
        value, problem = parse_text(name, fdef, raw)
        if problem is not None or value is None:
            out.error = _(MSG["choose"])
            return out
        out.value = value
        return out
    if k == "date":
        return _parse_date(name, fdef, form, _)
    raw = form.get(FIELD, "")
    out = Parsed(kept={"value": raw})
    text = normalise(raw)
    for unit in filter(None, (fdef.unit, _(fdef.unit) if fdef.unit else None, "%", "元")):
        if text.endswith(unit):
            text = text[: -len(unit)].strip()
    if text == "":
        out.error = _(MESSAGES["required"])
        return out
    value, problem = parse_text(name, fdef, text)
    if problem is not None:
        out.error = _problem(problem, _)
        return out
    out.value = number(value) if fdef.type == "number" else value
    return out


def _parse_date(name: str, fdef: FactDef, form: Mapping[str, str], _: Gettext) -> Parsed:
    parts = {p: form.get(f"{FIELD}-{p}", "") for p in ("year", "month", "day")}
    out = Parsed(kept={"values": parts})
    clean = {p: normalise(v) for p, v in parts.items()}
    empty = [p for p, v in clean.items() if v == ""]
    labels = {"year": _("年"), "month": _("月"), "day": _("日")}
    if len(empty) == 3:
        out.error, out.error_fields = _(MSG["date_missing"]), list(clean)
    elif empty:
        out.error = _(MSG["date_missing_part"]).format(parts=_("、").join(labels[p] for p in empty))
        out.error_fields = empty
    elif bad := [p for p, v in clean.items() if not v.isdigit()]:
        out.error, out.error_fields = _(MSG["date_digits"]), bad
    elif len(clean["year"]) != 4:
        out.error, out.error_fields = _(MSG["date_year"]), ["year"]
    else:
        iso = f"{int(clean['year']):04d}-{int(clean['month']):02d}-{int(clean['day']):02d}"
        value, problem = parse_text(name, fdef, iso)
        if problem is not None or not isinstance(value, dt.date):
            out.error = (_problem(problem, _) if problem is not None
                         and problem.code == "future_date" else _(MSG["date_real"]))
            out.error_fields = ["day"] if 1 <= int(clean["month"]) <= 12 else ["month"]
        else:
            out.value = value.isoformat()
    if out.error:
        out.href = f"#{FIELD}-{out.error_fields[0]}"
    return out


def parse_group(book: Rulebook, group: str, shown: tuple[str, ...], form: Any,
                _: Gettext) -> tuple[dict[str, bool], bool, Parsed]:
    """(answers, all skipped, parsed) from the checkbox page of a group."""
    chosen = [v for v in form.getlist(FIELD) if v in shown or v in (NONE, DONT_KNOW)]
    none_label = group_none_label(book, group, _)
    out = Parsed(kept={"values": chosen})
    if not chosen:
        out.error = _(MSG["choose_group"]).format(none=none_label)
    elif NONE in chosen and len(chosen) > 1:
        out.error = _(MSG["none_alone"]).format(none=none_label)
    elif DONT_KNOW in chosen and len(chosen) > 1:
        out.error = _(MSG["dont_know_alone"])
    if out.error:
        return {}, False, out
    if chosen == [DONT_KNOW]:
        return {}, True, out
    return {n: n in chosen for n in shown}, False, out


def group_none_label(book: Rulebook, group: str, _: Gettext) -> str:
    g = book.groups[group]
    return _(g.none_label) if g.none_label else _("以上都没有")


def group_dont_know(book: Rulebook, shown: tuple[str, ...]) -> bool:
    return all(book.facts[n].dont_know for n in shown)


# -- component parameters

def radio_items(pres: Presenter, name: str, _: Gettext) -> list[dict[str, Any]]:
    f = pres.fact(name)
    if f["type"] == "boolean":
        items: list[dict[str, Any]] = [{"value": "true", "text": _("是")},
                                       {"value": "false", "text": _("否")}]
    elif f["type"] == "enum":
        items = [{"value": v["value"], "text": v["label"]} for v in f["values"]]
    else:
        unit = f["unit"] or ""
        items = [{"value": str(n), "text": _("{value}{unit}").format(value=n, unit=unit)}
                 for n in range(int(f["min"]), int(f["max"]) + 1)]
    if f["dont_know"]:
        items += [{"divider": _("或")}, {"value": DONT_KNOW, "text": _("不知道")}]
    return items


def fact_params(pres: Presenter, name: str, parsed: Parsed | None, current: Any,
                skipped: bool, _: Gettext) -> dict[str, Any]:
    """The parameters of the component that asks ``name``. ``current`` is the JSON value
    already given (shown when changing an answer); ``parsed`` what was just sent (on error)."""
    f = pres.fact(name)
    fdef = pres.book.facts[name]
    k = kind(fdef)
    error = parsed.error if parsed else None
    base: dict[str, Any] = {"name": FIELD, "id": FIELD, "hint": f["hint"], "error": error}
    if k == "radios":
        if parsed is not None:
            value = parsed.kept.get("value")
        elif skipped:
            value = DONT_KNOW
        elif current is None:
            value = None
        else:
            value = "true" if current is True else "false" if current is False else str(current)
        return base | {"legend": f["question"], "items": radio_items(pres, name, _),
                       "value": value}
    if k == "date":
        if parsed is not None:
            values = parsed.kept["values"]
        elif isinstance(current, str) and len(current) == 10:
            values = {"year": current[:4], "month": str(int(current[5:7])),
                      "day": str(int(current[8:]))}
        else:
            values = {}
        return base | {"legend": f["question"], "values": values,
                       "error_fields": parsed.error_fields if parsed else []}
    if parsed is not None:
        value = parsed.kept.get("value")
    else:
        value = "" if current is None else str(current)
    return base | {"label": f["question"], "value": value, "suffix": f["unit"],
                   "inputmode": "numeric" if f["type"] == "integer" else "decimal",
                   "width": 10 if f["type"] == "number" else 5, "autocomplete": "off",
                   "spellcheck": False}


def group_params(pres: Presenter, group: str, shown: tuple[str, ...], parsed: Parsed | None,
                 facts: dict[str, Any], _: Gettext) -> dict[str, Any]:
    g = pres.book.groups[group]
    items: list[dict[str, Any]] = []
    for n in shown:
        f = pres.fact(n)
        items.append({"value": n, "text": f["question"], "hint": f["hint"]})
    items += [{"divider": _("或")}, {"value": NONE, "text": group_none_label(pres.book, group, _)}]
    if group_dont_know(pres.book, shown):
        items.append({"value": DONT_KNOW, "text": _("不知道")})
    if parsed is not None:
        values = parsed.kept["values"]
    else:
        values = [n for n in shown if facts.get(n) is True]
    return {"name": FIELD, "id": FIELD, "legend": _(g.question),
            "hint": _(g.hint) if g.hint else None,
            "error": parsed.error if parsed else None, "items": items, "values": values}
