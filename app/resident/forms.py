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

from app.codec import MESSAGES, identity, json_value, problem_message, read_json, read_text
from app.engine import Rulebook
from app.engine.schema import FactDef
from app.present import Presenter

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
    blank: bool = False        # nothing was given (excused when other answers make it moot)


def typed_value(book: Rulebook, name: str, value: Any) -> Any:
    """A checked JSON answer in the engine's type."""
    return read_json(book, name, value, on=None).value


def parse_fact(book: Rulebook, name: str, form: Mapping[str, str], _: Gettext,
               field: str = FIELD, dont_know: bool | None = None,
               on: dt.date | None = None) -> Parsed:
    """One fact sent in ``field`` (``answer`` on a fact's own page, the fact's name on a
    topic page), read through the codec (``app.codec.read_text``, as every edge reads typed
    values); ``dont_know`` whether the person ticked "I don't know" for it; ``on`` the
    screening date (a past event cannot be after it)."""
    fdef = book.facts[name]
    k = kind(fdef)
    if dont_know is None:
        dont_know = form.get("dont_know") == "1"
    if fdef.dont_know and (dont_know or form.get(field) == DONT_KNOW):
        return Parsed(skip=True)
    if k == "date":
        return _parse_date(book, name, form, _, field, on)
    raw = form.get(field, "")
    out = Parsed(kept={"value": raw}, href="#" + field)
    reading = read_text(book, name, raw, on=on)
    if reading.problem is None and reading.value is None:       # blank
        blank = MSG["choose"] if k == "radios" else MESSAGES["required"]
        out.error, out.blank = _(blank), True
    elif reading.problem is not None:
        out.error = _(MSG["choose"]) if k == "radios" else problem_message(reading.problem, _)
    else:
        out.value = json_value(reading.value)
    return out


def _parse_date(book: Rulebook, name: str, form: Mapping[str, str], _: Gettext,
                field: str = FIELD, on: dt.date | None = None) -> Parsed:
    parts = {p: form.get(f"{field}-{p}", "") for p in ("year", "month", "day")}
    out = Parsed(kept={"values": parts})
    clean = {p: unicodedata.normalize("NFKC", v).strip() for p, v in parts.items()}
    empty = [p for p, v in clean.items() if v == ""]
    labels = {"year": _("年"), "month": _("月"), "day": _("日")}
    if len(empty) == 3:
        out.error, out.error_fields = _(MSG["date_missing"]), list(clean)
        out.blank = True
    elif empty:
        out.error = _(MSG["date_missing_part"]).format(parts=_("、").join(labels[p] for p in empty))
        out.error_fields = empty
    elif bad := [p for p, v in clean.items() if not v.isdigit() or len(v) > 4]:
        out.error, out.error_fields = _(MSG["date_digits"]), bad
    elif len(clean["year"]) != 4:
        out.error, out.error_fields = _(MSG["date_year"]), ["year"]
    else:
        iso = f"{int(clean['year']):04d}-{int(clean['month']):02d}-{int(clean['day']):02d}"
        reading = read_text(book, name, iso, on=on)
        if reading.problem is not None or not isinstance(reading.value, dt.date):
            out.error = problem_message(reading.problem, _) \
                if reading.problem and reading.problem.code != "date" else _(MSG["date_real"])
            out.error_fields = ["day"] if 1 <= int(clean["month"]) <= 12 else ["month"]
        else:
            out.value = reading.value.isoformat()
    if out.error:
        out.href = f"#{field}-{out.error_fields[0]}"
    return out


def parse_group(book: Rulebook, group: str, shown: tuple[str, ...], form: Any,
                _: Gettext, field: str = FIELD) -> tuple[dict[str, bool], bool, Parsed]:
    """(answers, all skipped, parsed) from the checkbox group of ``group``. A box left
    unticked is "does not apply" (the legend asks to tick what applies); "none of these"
    says so of every box; "I don't know" skips them all."""
    chosen = [v for v in form.getlist(field) if v in shown or v in (NONE, DONT_KNOW)]
    none_label = group_none_label(book, group, _)
    out = Parsed(kept={"values": chosen}, href="#" + field)
    if not chosen:
        out.error = _(MSG["choose_group"]).format(none=none_label)
        out.blank = True
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
                skipped: bool, _: Gettext, field: str = FIELD) -> dict[str, Any]:
    """The parameters of the component that asks ``name``. ``current`` is the JSON value
    already given (shown when changing an answer); ``parsed`` what was just sent (on error)."""
    f = pres.fact(name)
    fdef = pres.book.facts[name]
    k = kind(fdef)
    error = parsed.error if parsed else None
    base: dict[str, Any] = {"name": field, "id": field, "hint": f["hint"], "error": error}
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


def statement(pres: Presenter, name: str, _: Gettext) -> tuple[str, str | None]:
    """A fact as a checkbox: its statement ("我家享受低保") and hint; else its question."""
    st = pres.book.extras.statements.get(name) if pres.book.extras else None
    if st is not None:
        return _(st.text), _(st.hint) if st.hint else None
    f = pres.fact(name)
    return f["question"], f["hint"]


def group_params(pres: Presenter, group: str, shown: tuple[str, ...], parsed: Parsed | None,
                 facts: dict[str, Any], _: Gettext, field: str = FIELD,
                 heading: bool = True) -> dict[str, Any]:
    g = pres.book.groups[group]
    items: list[dict[str, Any]] = []
    for n in shown:
        text, hint = statement(pres, n, _)
        items.append({"value": n, "text": text, "hint": hint})
    items += [{"divider": _("或")}, {"value": NONE, "text": group_none_label(pres.book, group, _)}]
    if group_dont_know(pres.book, shown):
        items.append({"value": DONT_KNOW, "text": _("不知道")})
    if parsed is not None:
        values = parsed.kept["values"]
    else:
        values = [n for n in shown if facts.get(n) is True]
    return {"name": field, "id": field, "legend": _(g.question), "legend_is_heading": heading,
            "hint": _(g.hint) if g.hint else None,
            "error": parsed.error if parsed else None, "items": items, "values": values}


# -- topic pages (issue 14): one field per fact, named by the fact; yes/no facts of one group
# -- shown together are one checkbox group named by the group, its values the facts' names.

@dataclass(frozen=True)
class PageField:
    component: str              # radios | checkboxes | input | date_input
    name: str                   # the form field: the fact's name, or the group's
    facts: tuple[str, ...]
    group: str | None = None


COMPONENTS = {"radios": "radios", "date": "date_input", "input": "input"}


def page_fields(book: Rulebook, facts: tuple[str, ...]) -> list[PageField]:
    """The fields of a topic page showing ``facts`` (in the page's order)."""
    by_group: dict[str, list[str]] = {}
    for n in facts:
        g = book.facts[n].group
        if g:
            by_group.setdefault(g, []).append(n)
    out: list[PageField] = []
    done: set[str] = set()
    for n in facts:
        g = book.facts[n].group
        if g and len(by_group[g]) > 1:
            if g not in done:
                done.add(g)
                out.append(PageField("checkboxes", g, tuple(by_group[g]), g))
        else:
            out.append(PageField(COMPONENTS[kind(book.facts[n])], n, (n,)))
    return out


@dataclass
class PageAnswers:
    values: dict[str, Any] = field(default_factory=dict)     # fact -> JSON value
    skipped: list[str] = field(default_factory=list)
    unticked: set[str] = field(default_factory=set)          # boxes left unticked
    parsed: dict[str, Parsed] = field(default_factory=dict)  # field name -> parsed


def parse_page(book: Rulebook, fields: list[PageField], form: Any, _: Gettext,
               on: dt.date | None = None) -> PageAnswers:
    """Everything a topic page sent, field by field. A blank field stays an error (``blank``)
    that the caller excuses when the other answers make it moot."""
    out = PageAnswers()
    dont_know = set(form.getlist("dont_know"))
    plain = {k: str(v) for k, v in form.items()}
    for f in fields:
        if f.group is not None:
            values, skip_all, parsed = parse_group(book, f.group, f.facts, form, _, f.name)
            out.parsed[f.name] = parsed
            if skip_all:
                out.skipped += list(f.facts)
            out.values.update(values)
            if NONE not in parsed.kept["values"]:
                out.unticked |= {n for n, v in values.items() if v is False}
            continue
        name = f.facts[0]
        parsed = parse_fact(book, name, plain, _, f.name, name in dont_know, on)
        out.parsed[f.name] = parsed
        if parsed.skip:
            out.skipped.append(name)
        elif not parsed.error:
            out.values[name] = parsed.value
    return out


def field_id(i: int) -> str:
    """The id of a topic page's ``i``-th field (its first box; ``-year`` etc. for dates)."""
    return f"q{i + 1}"


def error_links(fields: list[PageField], errors: dict[str, Parsed]) -> list[dict[str, str]]:
    """The error summary's links, each to its field's id (in the page's order)."""
    out = []
    for i, f in enumerate(fields):
        e = errors.get(f.name)
        if e is not None and e.error:
            href = e.href.replace("#" + f.name, "#" + field_id(i), 1)
            out.append({"text": e.error, "href": href})
    return out


def page_params(pres: Presenter, fields: list[PageField], sent: PageAnswers | None,
                facts: dict[str, Any], skipped: list[str], _: Gettext
                ) -> list[dict[str, Any]]:
    """The components of a topic page: [{"component", "params", "dont_know"}], each field
    labelled by a legend or label under the page's own heading. Ids are short (``q1``,
    ``q2``…: see :func:`field_id`), names are the facts' (or the group's)."""
    out = []
    for i, f in enumerate(fields):
        parsed = sent.parsed.get(f.name) if sent else None
        if f.group is not None:
            params = group_params(pres, f.group, f.facts, parsed, facts, _, f.name, False)
            params["id"] = field_id(i)
            if parsed is None and not params["values"]:     # a page answered before (Back)
                if all(facts.get(n) is False for n in f.facts):
                    params["values"] = [NONE]
                elif all(n in skipped for n in f.facts):
                    params["values"] = [DONT_KNOW]
            out.append({"component": "checkboxes", "params": params, "dont_know": None})
            continue
        name = f.facts[0]
        params = fact_params(pres, name, parsed, facts.get(name), name in skipped, _, f.name)
        params["legend_is_heading"] = params["label_is_heading"] = False
        params["id"] = field_id(i)
        typed = pres.book.facts[name].dont_know and f.component != "radios"
        out.append({"component": f.component, "params": params,
                    "dont_know": {"id": f"{field_id(i)}-dk", "value": name,
                                  "checked": name in skipped} if typed else None})
    return out


# -- the certificate number (issue 14): typed instead of the category and grade

CERT_FIELD = "certificate_number"
FROM_CERTIFICATE = ("has_disability_certificate", "disability_category", "disability_grade",
                    "age")
MSG["certificate_label"] = N_("或者填写残疾人证号（选填）")
MSG["certificate_hint"] = N_("20位，在证件上。填了就不用选类别和等级；证号不会保存。")


def wants_certificate_number(shown: tuple[str, ...]) -> bool:
    """A page that asks the category or grade offers the number instead."""
    return "disability_category" in shown or "disability_grade" in shown


def read_certificate_number(form: Mapping[str, Any], on: dt.date, _: Gettext
                            ) -> Parsed | None:
    """The 20-digit 残疾人证号 if one was typed: ``value`` the facts it gives (certificate,
    category, grade, age; app.codec.identity), or an error saying what to type. The number
    itself is neither kept nor logged."""
    text = str(form.get(CERT_FIELD, "")).strip()
    if not text:
        return None
    out = Parsed(kept={"value": text}, href="#" + CERT_FIELD)
    facts, problems = identity.facts_from_numbers(None, text, on=on)
    if problems:
        out.error = problem_message(problems[0], _)
        return out
    out.value = {n: facts[n] for n in FROM_CERTIFICATE if n in facts}
    return out


def certificate_params(parsed: Parsed | None, _: Gettext) -> dict[str, Any]:
    return {"name": CERT_FIELD, "id": CERT_FIELD, "label": _(MSG["certificate_label"]),
            "label_is_heading": False, "hint": _(MSG["certificate_hint"]),
            "error": parsed.error if parsed else None,
            "value": parsed.kept.get("value") if parsed and parsed.error else "",
            "inputmode": "numeric", "autocomplete": "off", "spellcheck": False, "width": 20}
