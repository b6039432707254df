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
    sentences += amount_sentences(present, program, on, amount, depends_on_facts,
                                  calculator_here=True)
    sentences.append(_("办理部门：{office}。").format(office=d["office"]))
    if d["documents"]:
        sentences.append(_("申请时请带上：{documents}。").format(
            documents=fmt.join(d["documents"], lang)))
    return sentences


def amount_sentences(present: Presenter, program: CompiledProgram, on: dt.date,
                     amount: AmountResult | None, depends_on_facts: bool,
                     calculator_here: bool) -> list[str]:
    """What can be said of the amount on ``on`` (from :func:`~.rulepage.amount_on`): the sum
    with a warning when unconfirmed, or that it depends on the caller's facts, or who decides,
    or that no reliable figure is known."""
    _ = present._
    day = fmt.day(on)
    m = program.model
    if not in_force(program, on):
        return [_("注意：{date} 这一天，这项政策不在有效期内。").format(date=day)]
    if amount is not None:
        out = [_("按 {date} 的标准，金额是 {amount}。").format(
            date=day, amount=fmt.amount(amount.value, amount.unit, amount.per, _))]
        if amount.confidence != "confirmed":
            out.append(_("这个数额还没有核实，请以办理部门确认的为准。"))
        return out
    if depends_on_facts:
        return [_("金额要按来电人的具体情况计算，可以用本页的计算器。") if calculator_here
                else _("金额要按来电人的具体情况计算（规则页上有计算器）。")]
    if m.no_amount:
        return [_("金额：{who}").format(who=_(m.no_amount))]
    return [_("{date} 这一天没有可靠的金额数据。").format(date=day)]
