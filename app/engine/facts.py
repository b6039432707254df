"""Checking the facts a caller gives against ``rules/facts.yaml``.

One place decides what a valid answer is, for the JSON API, the HTML forms and the roster:
:func:`parse_facts` takes JSON-typed values, :func:`parse_text` takes what a person typed or a
spreadsheet cell holds. Problems come back as :class:`FactProblem` with a message id (zh-Hans,
translated at the edge) and its arguments, never as an exception.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .schema import FactDef


def N_(message: str) -> str:
    """Mark a message for extraction into the catalogs; it is translated where it is shown."""
    return message


MESSAGES: dict[str, str] = {
    "unknown_fact": N_("没有名为“{fact}”的问题。"),
    "boolean": N_("请回答“是”或“否”。"),
    "integer": N_("请输入一个整数。"),
    "number": N_("请输入一个数字。"),
    "below_min": N_("不能小于 {min}。"),
    "above_max": N_("不能大于 {max}。"),
    "enum": N_("请从给出的选项中选择一项。"),
    "date": N_("请输入真实存在的日期，年、月、日都要填写。"),
    "required": N_("请回答这个问题。"),
}


@dataclass(frozen=True, slots=True)
class FactProblem:
    fact: str
    code: str
    args: dict[str, Any] = field(default_factory=dict)
    value: Any = None

    @property
    def message(self) -> str:
        """The zh-Hans message id; translate, then ``.format(**p.args)``."""
        return MESSAGES[self.code]


def _check_range(name: str, fdef: FactDef, value: Any, raw: Any) -> FactProblem | None:
    if fdef.min is not None and value < fdef.min:
        return FactProblem(name, "below_min", {"min": _plain(fdef.min)}, raw)
    if fdef.max is not None and value > fdef.max:
        return FactProblem(name, "above_max", {"max": _plain(fdef.max)}, raw)
    return None


def _plain(d: Decimal) -> int | Decimal:
    return int(d) if d == d.to_integral_value() else d


def parse_value(name: str, fdef: FactDef, raw: Any) -> tuple[Any, FactProblem | None]:
    """A JSON value to the fact's Python type (bool, int, Decimal, str, date)."""
    t = fdef.type
    if t == "boolean":
        if isinstance(raw, bool):
            return raw, None
        return None, FactProblem(name, "boolean", {}, raw)
    if t == "integer":
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != int(raw):
            return None, FactProblem(name, "integer", {}, raw)
        value: Any = int(raw)
        return value, _check_range(name, fdef, value, raw)
    if t == "number":
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            return None, FactProblem(name, "number", {}, raw)
        try:
            value = Decimal(str(raw))
        except InvalidOperation:  # pragma: no cover - floats always convert
            return None, FactProblem(name, "number", {}, raw)
        if not value.is_finite():
            return None, FactProblem(name, "number", {}, raw)
        return value, _check_range(name, fdef, value, raw)
    if t == "enum":
        if isinstance(raw, str) and raw in (fdef.values or {}):
            return raw, None
        return None, FactProblem(name, "enum", {"allowed": list(fdef.values or {})}, raw)
    # date
    day = parse_date(raw)
    if day is None:
        return None, FactProblem(name, "date", {}, raw)
    return day, None


def parse_date(raw: Any) -> dt.date | None:
    """``YYYY-MM-DD`` exactly (``date.fromisoformat`` alone also takes ``20250101``)."""
    if not (isinstance(raw, str) and len(raw) == 10 and raw[4] == "-" and raw[7] == "-"):
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def parse_facts(defs: Mapping[str, FactDef], raw: Mapping[str, Any]
                ) -> tuple[dict[str, Any], list[FactProblem]]:
    """Validate a mapping of fact name to JSON value. ``None`` means unknown and is dropped."""
    clean: dict[str, Any] = {}
    problems: list[FactProblem] = []
    for name, value in raw.items():
        fdef = defs.get(name)
        if fdef is None:
            problems.append(FactProblem(name, "unknown_fact", {"fact": name}, value))
            continue
        if value is None:
            continue
        parsed, problem = parse_value(name, fdef, value)
        if problem is not None:
            problems.append(problem)
        else:
            clean[name] = parsed
    return clean, problems


TRUE_WORDS = frozenset({"true", "yes", "1", "是", "y"})
FALSE_WORDS = frozenset({"false", "no", "0", "否", "n"})


def parse_text(name: str, fdef: FactDef, text: str) -> tuple[Any, FactProblem | None]:
    """What a person typed (or a spreadsheet cell held) to the fact's type. Blank is unknown."""
    s = text.strip()
    if s == "":
        return None, None
    t = fdef.type
    if t == "boolean":
        low = s.lower()
        if low in TRUE_WORDS:
            return True, None
        if low in FALSE_WORDS:
            return False, None
        return None, FactProblem(name, "boolean", {}, text)
    if t in ("integer", "number"):
        try:
            num = Decimal(s.replace(",", "").replace("，", ""))
        except InvalidOperation:
            return None, FactProblem(name, t, {}, text)
        if not num.is_finite():
            return None, FactProblem(name, t, {}, text)
        if t == "integer":
            if num != num.to_integral_value():
                return None, FactProblem(name, "integer", {}, text)
            value: Any = int(num)
        else:
            value = num
        return value, _check_range(name, fdef, value, text)
    if t == "enum":
        return parse_value(name, fdef, s)
    return parse_value(name, fdef, s)
