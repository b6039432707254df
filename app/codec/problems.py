"""Why a value was refused, and the message that says what to type, in the user's language.

A :class:`Problem` carries a code and the arguments of its message; :func:`problem_text`
words it. Message ids are zh-Hans (the source language) and are translated through the
Babel catalogs (the ``core`` domain; enum labels come from the ``rules`` domain). A problem
never carries the refused value itself, so it can be logged, encoded and shown safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.i18n import N_, Gettext, gettext_for

# code -> message id. Arguments in braces are filled by problem_text.
MESSAGES: dict[str, str] = {
    "unknown_fact": N_("没有名为“{fact}”的问题。"),
    "required": N_("请回答这个问题。"),
    "too_long": N_("填写的内容太长：最多 {limit} 个字符。"),
    "boolean": N_("请回答“是”或“否”（也可以填 有/无、Y/N、√/×）。"),
    "integer": N_("请输入一个 {min} 到 {max} 之间的整数。"),
    "number": N_("请输入一个 {min} 到 {max} 之间的数字。"),
    "below_min": N_("不能小于 {min}。请输入一个 {min} 到 {max} 之间的数。"),
    "above_max": N_("不能大于 {max}。请输入一个 {min} 到 {max} 之间的数。"),
    "decimals": N_("最多可以有 {limit} 位小数。请输入一个 {min} 到 {max} 之间的数。"),
    "enum": N_("请从这些选项中选择一项：{choices}。"),
    # a grade with a severity beside it that disagrees with it (三级（重度）: app.codec.numbers)
    "grade_severity": N_("等级和写在旁边的“{severity}”不一致：“重度”是一级、二级，“中度”“轻度”是"
                         "三级、四级。请照残疾人证写等级，例如“二级”或“二级（重度）”。"),
    # a severity alone where a grade is asked (重度: 一级 or 二级), and two grades in one cell
    # (一二级, 1-2级: app.codec.numbers)
    "grade_severity_only": N_("“{severity}”不是一个等级：“重度”是一级或二级，“中度”“轻度”是三级或"
                              "四级。请照残疾人证写是哪一级，例如“二级”。"),
    "grade_two": N_("写了两个等级（{first}级和{second}级）。请照残疾人证只写一个等级。"),
    "date": N_("请输入一个真实存在的日期，年、月、日都要填写，例如 2024-03-01 或 2024年3月1日。"),
    "future_date": N_("这个日期不能晚于筛查日期 {on}：请填写已经发生的日期。"),
    # identity numbers (app.codec.identity)
    "id_format": N_("身份证号应为 18 位：前 17 位是数字，最后一位是数字或 X。"),
    "id_checksum": N_("身份证号的最后一位（校验码）与前 17 位不相符，请逐位核对。"),
    "id_birth_date": N_("身份证号第 7 到 14 位的出生日期不存在，请逐位核对。"),
    "id_born_after": N_("身份证号中的出生日期晚于筛查日期，请逐位核对。"),
    "certificate_format": N_(
        "残疾人证号应为 20 位：18 位身份证号，加上残疾类别（1–7）和残疾等级（1–4）各一位数字。"),
    "number_scientific": N_("这个号码被表格存成了科学计数法（如 4.51029E+17），后面的数字已经丢了："
                            "请在原来的表格里把这一列设为“文本”格式，重新填写号码后再保存。"),
    "certificate_category": N_("残疾人证号第 19 位是残疾类别，应是 1 到 7 之间的数字。"),
    "certificate_grade": N_("残疾人证号第 20 位是残疾等级，应是 1 到 4 之间的数字。"),
    "certificate_mismatch": N_("残疾人证号的前 18 位与填写的身份证号不一致，请核对两个号码。"),
}

# How a language joins the items of a list in running text.
LIST_SEPARATOR: dict[str, str] = {"zh-Hans": "、", "za": ", ", "en": ", "}


@dataclass(frozen=True, slots=True)
class Problem:
    """A refused value: the field (fact name, or ``id_number``/``certificate_number``), a code
    of :data:`MESSAGES` and the message's arguments (numbers as text, enum labels as zh-Hans
    message ids under ``choices``). It never holds the refused value."""

    fact: str
    code: str
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The zh-Hans message id of this problem (untranslated, unformatted)."""
        return MESSAGES[self.code]


def problem_text(problem: Problem, lang: str) -> str:
    """The message in ``lang`` (``zh-Hans``, ``za`` or ``en``) saying what to type.

    An enum's choices are listed by their labels in that language."""
    return problem_message(problem, gettext_for(lang), LIST_SEPARATOR.get(lang, ", "))


def problem_message(problem: Problem, _: Gettext, separator: str = "、") -> str:
    """:func:`problem_text` for a caller that holds the language's gettext (pages do); the
    choices of an enum are joined with ``separator``."""
    args = dict(problem.args)
    choices = args.get("choices")
    if isinstance(choices, list | tuple):
        args["choices"] = separator.join(_(c) for c in choices)
    return _(MESSAGES[problem.code]).format(**args)
