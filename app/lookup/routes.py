"""The hotline operator's rule lookup: ``/rules`` (search), ``/rules/changes`` (change log),
``/rules/{id}`` (one rule whole, as of a date, with the quick check and calculator)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from app.codec import problem_message
from app.codec.problems import LIST_SEPARATOR
from app.deps import PresenterDep, RulebookDep
from app.engine import CompiledProgram, Rulebook
from app.present import CATEGORY_TITLES, STATUS_TITLES, Presenter, today
from app.web.templating import render

from . import format as fmt
from .check import Check, check_facts, run_check
from .dates import parse_as_of
from .rulepage import amount_on, change_log, in_force, parameters_on
from .script import amount_sentences, phone_script
from .search import MAX_QUERY, Outcome, index_for, is_han

router = APIRouter(tags=["lookup"])


def N_(message: str) -> str:
    return message


FIELD_LABELS: dict[str, str] = {
    "title": N_("名称"), "alias": N_("常用叫法"), "title_tr": N_("名称的译文"),
    "summary": N_("简介"), "summary_tr": N_("简介的译文"), "requirement": N_("申请条件"),
    "exclusion": N_("不能享受的情况"), "office": N_("办理部门"), "quote": N_("文件原文"),
    "parameter": N_("标准"), "source": N_("依据文件"), "apply": N_("申请方式"),
    "document": N_("需要的材料"),
}
HOW_LABELS: dict[str, str] = {
    "text": N_("文字"), "pinyin": N_("拼音"), "initials": N_("拼音首字母"), "word": N_("词语"),
    "prefix": N_("词的开头"), "homophone": N_("同音字"), "fuzzy": N_("拼写相近"),
}
# What the caller asked (search.Outcome.asked) -> the rule page's section that answers it.
ASKED_LABELS: dict[str, str] = {
    "amount": N_("金额"), "documents": N_("需要带的材料"), "who": N_("谁可以申请"),
    "apply": N_("办理部门和申请方式"),
}
PROBLEMS: dict[str, str] = {
    "empty": N_("请输入要找的内容，例如“护理”、“低保”，或拼音首字母“hlbt”。"),
    "too_long": N_("输入的内容太长了。请只输入几个字或拼音，例如“护理”或“hlbt”。"),
    "too_many": N_("词太多了。请只输入一两个词，例如“护理 补贴”或“hlbt”。"),
    "no_terms": N_("没有可以查找的文字。请输入汉字、拼音或英文，例如“护理”或“hlbt”。"),
    "no_topic": N_("只有问句，没有说是哪一项。请加上项目的名称，例如“护理补贴多少钱”。"),
}
AS_OF_ERROR = N_("请输入真实存在的日期，格式是 年-月-日，例如 2025-06-01。")


def lang_attr(lang: str) -> Any:
    """``la(text)``: a lang attribute for rule text still in Chinese on a za/en page."""
    def la(text: str | None) -> Markup:
        if lang != "zh-Hans" and text and any(is_han(ch) for ch in text):
            return Markup(' lang="zh-Hans"')
        return Markup("")
    return la


def common(present: Presenter) -> dict[str, Any]:
    _ = present._
    return {
        "la": lang_attr(present.lang),
        "service_name": _("规则查询（12345热线）"),
        "service_href": "/rules",
        "fmt_amount": lambda v, unit, per: fmt.amount(v, unit, per, _),
        "fmt_quantity": lambda v, unit: fmt.quantity(v, unit, _),
        "confidence_text": lambda c: _(fmt.CONFIDENCE[c]),
        "status_title": lambda s: _(STATUS_TITLES[s]),
    }


def grouped(book: Rulebook, present: Presenter) -> list[dict[str, Any]]:
    """Every program by category, categories in their fixed order."""
    summaries = [present.program_summary(p) for p in book.programs.values()]
    out = []
    for cat in CATEGORY_TITLES:
        items = [s for s in summaries if s["category"] == cat]
        if items:
            out.append({"category": cat, "title": items[0]["category_title"], "programs": items})
    return out


def answer_lines(present: Presenter, program: CompiledProgram, day: dt.date,
                 asked: str | None) -> tuple[str | None, list[dict[str, str]]]:
    """(the rule page section to open, the result's one or two lines of answer): who qualifies
    and the amount on ``day``, what the caller asked for first (the documents or the office
    when that is what they asked)."""
    _ = present._
    m = program.model
    space = "" if present.lang == "zh-Hans" else " "  # between sentences
    lines = {
        "who": _("谁可以：") + space.join(present.criterion(c.model)[0]
                                      for c in program.requirements),
        "amount": space.join(amount_sentences(present, program, day, *amount_on(program, day),
                                              calculator_here=False)),
    }
    section = asked
    if asked == "documents":
        if m.documents:
            lines["documents"] = _("要带：{documents}。").format(
                documents=fmt.join([_(d) for d in m.documents], present.lang))
        else:
            section = asked = "apply"
    if asked == "apply":
        lines["apply"] = _("办理部门：{office}。").format(office=_(m.office))
    order = [k for k in (asked, "who", "amount") if k in lines]
    out = [{"key": k, "text": lines[k]} for k in dict.fromkeys(order)]
    return section, out


def result_rows(book: Rulebook, present: Presenter, outcome: Outcome,
                day: dt.date) -> list[dict[str, Any]]:
    _ = present._
    rows = []
    for r in outcome.results:
        program = book.programs[r.program]
        summary = present.program_summary(program)
        hits = [{"field": _(FIELD_LABELS[h.kind]), "how": _(HOW_LABELS[h.how]), "lang": h.lang,
                 "before": h.before, "match": h.match, "after": h.after} for h in r.hits]
        section, lines = answer_lines(present, program, day, outcome.asked)
        rows.append({**summary, "hits": hits, "lines": lines, "section": section})
    return rows


@router.get("/rules", response_class=HTMLResponse, summary="Search every rule")
def search_page(request: Request, book: RulebookDep, present: PresenterDep,
                q: str | None = None, on: str | None = None) -> HTMLResponse:
    _ = present._
    outcome = index_for(book).search(q) if q is not None else None
    problem = None
    if outcome is not None and outcome.problem:
        problem = _(PROBLEMS[outcome.problem])
    elif outcome is not None and not outcome.terms and outcome.asked:
        problem = _(PROBLEMS["no_topic"])
    day, on_error = today(), None
    if on is not None and on.strip():
        parsed = parse_as_of(on)
        if parsed is None:
            on_error = _(AS_OF_ERROR)
        else:
            day = parsed
    return render(request, "lookup/search.html", {
        **common(present),
        "q": q or "",
        "q_shown": (q or "")[:MAX_QUERY],
        "on": day,
        "on_text": on if on_error else fmt.day(day),
        "on_error": on_error,
        "chosen_on": on_error is None and bool(on and on.strip()),
        "searched": outcome is not None,
        "problem": problem,
        "asked": _(ASKED_LABELS[outcome.asked]) if outcome and outcome.asked else None,
        "results": result_rows(book, present, outcome, day) if outcome and not problem else [],
        "groups": grouped(book, present),
    })


@router.get("/rules/changes", response_class=HTMLResponse, summary="Every dated change")
def changes_page(request: Request, book: RulebookDep, present: PresenterDep) -> HTMLResponse:
    return render(request, "lookup/changes.html", {
        **common(present),
        "changes": change_log(book, present),
        "version": book.version,
        "digest": book.digest,
    })


@router.get("/rules/{program_id}", response_class=HTMLResponse, summary="One rule whole")
def rule_page(request: Request, program_id: str, book: RulebookDep, present: PresenterDep,
              on: str | None = None, ask: str | None = None) -> HTMLResponse:
    program = book.programs.get(program_id)
    if program is None:
        return not_found(request, present)
    return render_rule(request, book, present, program, on, None,
                       ask if ask in ASKED_LABELS else None)


@router.post("/rules/{program_id}", response_class=HTMLResponse,
             summary="Quick check and calculator for one rule")
async def rule_check(request: Request, program_id: str, book: RulebookDep,
                     present: PresenterDep) -> HTMLResponse:
    program = book.programs.get(program_id)
    if program is None:
        return not_found(request, present)
    form = await request.form()
    typed = {k: v for k, v in form.items() if isinstance(v, str)}
    on_text = typed.get("on")
    day = parse_as_of(on_text) if on_text else today()
    check = run_check(book, program, typed, day, day or today())
    return render_rule(request, book, present, program, on_text, check)


def not_found(request: Request, present: Presenter) -> HTMLResponse:
    return render(request, "lookup/not_found.html", common(present), status_code=404)


def render_rule(request: Request, book: Rulebook, present: Presenter, program: CompiledProgram,
                on_text: str | None, check: Check | None, ask: str | None = None
                ) -> HTMLResponse:
    _ = present._
    errors: list[dict[str, str]] = []
    on_error = None
    day = today()
    if on_text is not None and on_text.strip():
        parsed = parse_as_of(on_text)
        if parsed is None:
            on_error = _(AS_OF_ERROR)
            errors.append({"text": _("“截至日期”：") + on_error, "href": "#on"})
        else:
            day = parsed
    detail = present.program_detail(program)
    amount, depends = amount_on(program, day)
    fields = fact_fields(book, present, program, check)
    for f in fields:
        if f["error"]:
            errors.append({"text": _("{field}：{problem}").format(
                field=f["label"].rstrip("？?"), problem=f["error"]), "href": "#" + f["id"]})
    related = [present.program_summary(book.programs[r]) for r in detail["related"]]
    return render(request, "lookup/rule.html", {
        **common(present),
        "p": detail,
        "on": day,
        "on_text": on_text if on_error else fmt.day(day),
        "on_error": on_error,
        "errors": errors,
        "in_force": in_force(program, day),
        "amount": amount,
        "amount_depends": depends,
        "parameters": parameters_on(program, present, day),
        "script": phone_script(present, program, day, amount, depends),
        "fields": fields,
        "check": check_view(present, check) if check and not errors else None,
        # where focus goes on load (no JS): the error summary, else the check's result, else
        # the amount when a date was asked for (a page may autofocus one element only)
        "focus_amount": bool(on_text) and not errors and check is None and ask is None,
        "related": related,
        "sections": sections(detail, bool(related), ask),
        "ask": ask,
    })


def sections(detail: dict[str, Any], related: bool, ask: str | None) -> list[dict[str, str]]:
    """The page's contents list: (anchor, title), the section the caller asked about first."""
    out = [("script-heading", N_("电话里可以这样说")), ("who", N_("谁可以申请"))]
    if detail["exclusions"]:
        out.append(("exclusions", N_("不能享受的情况")))
    out += [("amount", N_("金额")), ("apply", N_("办理部门和申请方式"))]
    if detail["documents"]:
        out.append(("documents", N_("需要带的材料")))
    out += [("wording", N_("文件原文")), ("check-heading", N_("快速核对和计算"))]
    if related:
        out.append(("related", N_("相关项目")))
    out.sort(key=lambda s: s[0] != ask)  # stable: the asked section first, the rest in order
    return [{"href": "#" + a, "title": t, "asked": a == ask} for a, t in out]


def fact_fields(book: Rulebook, present: Presenter, program: CompiledProgram,
                check: Check | None) -> list[dict[str, Any]]:
    """The quick-check form: one field per fact, with what was typed and its error."""
    _ = present._
    decide, extra = check_facts(program)
    out = []
    for name in decide + extra:
        f = present.fact(name)
        problem = check.problems.get(name) if check else None
        typed = check.typed.get(name, "") if check else ""
        kind = f["type"]
        if kind == "boolean":
            control = "radios"
            items = [{"value": "true", "text": _("是")}, {"value": "false", "text": _("否")},
                     {"value": "", "text": _("不知道")}]
        elif kind == "enum":
            values = [{"value": v["value"], "text": v["label"]} for v in f["values"]]
            control = "radios" if len(values) <= 4 else "select"
            unknown = {"value": "", "text": _("不知道")}
            items = values + [unknown] if control == "radios" else [unknown] + values
        else:
            control, items = "input", []
        hint = f["hint"]
        if kind == "date":
            hint = " ".join(x for x in (hint, _("格式是 年-月-日，例如 2022-09-01。")) if x)
        out.append({
            "name": name, "id": "fact-" + name, "control": control, "type": kind,
            "label": f["question"], "hint": hint, "items": items, "value": typed,
            "suffix": f["unit"],
            "inputmode": {"integer": "numeric", "number": "decimal"}.get(kind),
            "error": problem_message(problem, _, LIST_SEPARATOR.get(present.lang, ", "))
            if problem else None,
            "for_amount": name in extra,
        })
    return out


def check_view(present: Presenter, check: Check) -> dict[str, Any] | None:
    if check.result is None:
        return None
    _ = present._
    r = present.result(check.result)
    amount = present.amount(check.amount)
    if amount is not None and check.amount is not None:
        # as computed: 6,000.00 keeps its cents (a copy: the presenter's answers are shared)
        amount = {**amount, "value": check.amount.value}
    return {
        "status": r["status"],
        "reasons": r["reasons"],
        "missing": [present.fact(n)["question"] for n in r["missing"]],
        "unsettled": r["unsettled"],  # rules left open: "可能可以，请问…" (issue 13)
        "amount": amount,
        "amount_missing": [present.fact(n)["question"] for n in check.amount_missing],
    }
