"""The short paragraph an operator can read out over the phone, built from the rule data."""

from __future__ import annotations

import datetime as dt

from app.engine import AmountResult, CompiledProgram
from app.present import Presenter

from . import format as fmt
from .rulepage import in_force


def N_(message: str) -> str:
    return message


def phone_script(present: Presenter, program: CompiledProgram, on: dt.date,
                 amount: AmountResult | None, depends_on_facts: bool) -> list[str]:
    """The paragraph as its sentences (a rule text not yet translated stays Chinese, so the
    page marks the language sentence by sentence)."""
    _ = present._
    lang = present.lang
    d = present.program_detail(program)
    sentences = [_("{title}：{summary}").format(title=d["title"], summary=d["summary"])]
    sentences.append(_("要同时符合这些条件："))
    sentences += [r["text"] for r in d["requirements"]]
    if d["exclusions"]:
        sentences.append(_("有下面情况之一的，不能享受："))
        sentences += [e["text"] for e in d["exclusions"]]
    day = fmt.day(on)
    if not in_force(program, on):
        sentences.append(_("注意：{date} 这一天，这项政策不在有效期内。").format(date=day))
    elif amount is not None:
        sentences.append(_("按 {date} 的标准，金额是 {amount}。").format(
            date=day, amount=fmt.amount(amount.value, amount.unit, amount.per, _)))
        if amount.confidence != "confirmed":
            sentences.append(_("这个数额还没有核实，请以办理部门确认的为准。"))
    elif depends_on_facts:
        sentences.append(_("金额要按来电人的具体情况计算，可以用本页的计算器。"))
    elif d["no_amount"]:
        sentences.append(_("金额：{who}").format(who=d["no_amount"]))
    else:
        sentences.append(_("{date} 这一天没有可靠的金额数据。").format(date=day))
    sentences.append(_("由{office}办理。").format(office=d["office"]))
    if d["documents"]:
        sentences.append(_("申请时请带上：{documents}。").format(
            documents=fmt.join(d["documents"], lang)))
    return sentences
