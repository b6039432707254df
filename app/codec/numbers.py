"""Integers and decimal numbers, from typed text and from JSON/spreadsheet numbers.

Text: ASCII digits after NFKC (``４５`` is 45; ``١٢`` and exponents such as ``1e400`` are
refused), digit groups (``200,000``), the units the fact declares (:data:`UNIT_SPELLINGS`:
``45岁``, ``20万``, ``5.15%``, ``3年`` for 36 months, ``一级``, ``Ⅱ级``; a grade's severity beside
it, ``一级（重度）``: :data:`_SEVERITY`) and Chinese numerals for whole numbers (``二十``,
``两``, ``壹``) read by the maintained ``cn2an`` library. The magnitude is
checked against the fact's ``min``/``max`` on the digit count BEFORE a ``Decimal`` or ``int``
is built, so no typed or sent value costs more than a moment of CPU. A number is read exactly
or refused, never rounded: a unit's multiplication is exact (:func:`_times`), and a number with
more than :data:`MAX_DECIMALS` digits after the point is refused (``decimals``).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, localcontext
from typing import Any

from app.decimals import decimal_places
from app.engine.schema import FactDef

from .display import number as number_text
from .problems import Problem

# unit declared in facts.yaml -> (spelling after the number, multiplier), longest first
UNIT_SPELLINGS: dict[str, tuple[tuple[str, int], ...]] = {
    "岁": (("周岁", 1), ("岁", 1)),
    # 整 ("exactly") closes an amount as contracts and receipts write it: 贰拾万元整
    "元": (("万元整", 10_000), ("万元", 10_000), ("万", 10_000), ("元整", 1), ("元", 1)),
    "%": (("%", 1),),
    "个月": (("个月", 1), ("月", 1), ("年", 12)),
    "级": (("级", 1),),
    "个": (("个", 1),),
}
# The most digits after the point a number may have. No fact needs more than a few (a rate to
# the hundredth of a per cent, an amount to the fen); 20 takes any honest spelling, and keeps a
# value whole in the roster's columns (a polars Decimal of 38 digits, 9 of them the whole part
# of the widest bound, 100,000,000) and within Python's default 28 digits (8 whole digits below
# that bound and 20 decimals), so nothing downstream rounds it. More is refused, never rounded.
MAX_DECIMALS = 20
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?", re.ASCII)
# Characters of Chinese whole numerals, ordinary and financial (大写); the reading is cn2an's.
_CN_MAX_CHARS = 12  # 九千九百九十九万九千九百九十九 is 14; whole numbers people type are short
_CN_NUMERAL = frozenset("零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟")
# Roman numerals, as a grade is written on some forms (Ⅱ级, II级: NFKC makes Ⅱ into II); only
# before 级, and only the four grades (the thirty-second tester's: refused)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
# A grade's severity written beside it, as lists and old certificates do (一级（重度）, 三级 中度,
# 二级(重度)). 重度 is 一级 and 二级 (国发〔2015〕52号, rules/sources.yaml guofa_2015_52: the
# nursing subsidy's 重度残疾人 are those of 一、二级), so 重度 and 极重度 agree with those two
# grades and 中度 and 轻度 with the other two; a severity that disagrees with the grade is
# refused. A severity alone (重度: 一级 or 二级) is no grade.
SEVERE = {"极重度": True, "重度": True, "中度": False, "轻度": False}  # (grade 1 or 2?)
# a severity beside a grade, in brackets or after a blank (the roster's category-and-grade
# cells hold it too: app.roster.derive.grade_in_class)
SEVERITY = r"\s*[(\[【]?\s*(" + "|".join(SEVERE) + r")\s*[)\]】]?"
_SEVERITY = re.compile(SEVERITY)
# two grades in one cell, as lists write a severity's two (一二级, 1-2级, 一至二级, 三、四级): no
# grade; and a severity alone (重度), which names two
_GRADE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "壹": 1, "贰": 2, "叁": 3, "肆": 4,
                 "1": 1, "2": 2, "3": 3, "4": 4}
_TWO_GRADES = re.compile(r"([一二三四壹贰叁肆1-4])\s*级?\s*[、,，/\-~～至到和或—–]?\s*"
                         r"([一二三四壹贰叁肆1-4])\s*级?")
# a severity before its grade (重度一级, 重度（一级）), as after it
_SEVERITY_FIRST = re.compile(r"(" + "|".join(SEVERE) + r")\s*[(\[【]?\s*(.+?)\s*[)\]】]?")


def bounds(fdef: FactDef) -> dict[str, str]:
    """The arguments of a range or number problem: the fact's min and max as display text."""
    return {"min": number_text(fdef.min) if fdef.min is not None else "",
            "max": number_text(fdef.max) if fdef.max is not None else ""}


def refused(name: str, fdef: FactDef) -> Problem:
    """The problem for a value that is not a number of the fact's kind (names the bounds)."""
    return Problem(name, "integer" if fdef.type == "integer" else "number", bounds(fdef))


def _times(value: Decimal, multiplier: int) -> Decimal:
    """``value * multiplier`` exactly: a product has at most the digits of both factors, so a
    local context that wide never rounds (the default one, 28 digits, would)."""
    if multiplier == 1:
        return value
    with localcontext() as ctx:
        ctx.prec = len(value.as_tuple().digits) + len(str(multiplier))
        return value * multiplier


def _in_range(name: str, fdef: FactDef, value: Decimal | int | float) -> Problem | None:
    if fdef.min is not None and value < fdef.min:
        return Problem(name, "below_min", bounds(fdef))
    if fdef.max is not None and value > fdef.max:
        return Problem(name, "above_max", bounds(fdef))
    return None


def _finish(name: str, fdef: FactDef, value: Decimal) -> tuple[Any, Problem | None]:
    problem = _in_range(name, fdef, value)
    if problem is not None:
        return None, problem
    if fdef.type == "integer":
        if value != value.to_integral_value():
            return None, refused(name, fdef)
        return int(value), None
    if decimal_places(value) > MAX_DECIMALS:
        return None, Problem(name, "decimals", {**bounds(fdef), "limit": MAX_DECIMALS})
    return value, None


def _too_big(digits: str, multiplier: int, fdef: FactDef) -> Problem | None:
    """Refuse on the count of whole digits alone, before the text becomes a number."""
    whole = digits.lstrip("+-").split(".")[0].lstrip("0")
    bound = max(abs(fdef.max or 0), abs(fdef.min or 0))
    limit = len(str(int(bound))) + 1  # a digit more than the widest bound is surely outside
    if len(whole) + len(str(multiplier)) - 1 > limit:
        return Problem("", "below_min" if digits.startswith("-") else "above_max", {})
    return None


def read_number_text(name: str, fdef: FactDef, s: str) -> tuple[Any, Problem | None]:
    """Normalised, non-blank text to an ``int`` (integer facts) or ``Decimal`` (number facts).

    Errors: ``integer``/``number`` (not a number of that kind), ``below_min``/``above_max``,
    ``decimals`` (more than :data:`MAX_DECIMALS` digits after the point).
    """
    if fdef.unit == "级":  # (二級: the traditional character, as some forms print it)
        s = s.replace("級", "级")
    if fdef.unit == "级" and s.endswith(("级残疾", "级残疾人")):  # (一级残疾, as it is said)
        s = s[:s.rindex("级") + 1]
    if fdef.unit == "级" and s.removesuffix("人").removesuffix("残疾") in SEVERE:  # (重度残疾)
        severity = s.removesuffix("人").removesuffix("残疾")
        return None, Problem(name, "grade_severity_only", {"severity": severity})
    if fdef.unit == "级" and (first := _SEVERITY_FIRST.fullmatch(s)) is not None \
            and first.group(2) not in SEVERE:  # (重度一级: read as 一级（重度）)
        return read_number_text(name, fdef, f"{first.group(2)}({first.group(1)})")
    if fdef.unit == "级" and (two := _TWO_GRADES.fullmatch(s)) is not None \
            and not s.isdigit():  # (12 is a number out of range, as ever)
        first, second = (_GRADE_DIGITS[g] for g in two.groups())
        if first != second:
            return None, Problem(name, "grade_two", {"first": str(first),
                                                     "second": str(second)})
    if fdef.unit == "级" and (note := _SEVERITY.search(s)) is not None and note.start() > 0 \
            and note.end() == len(s):
        value, problem = read_number_text(name, fdef, s[:note.start()])
        if problem is None and (value <= 2) != SEVERE[note.group(1)]:
            return None, Problem(name, "grade_severity", {"severity": note.group(1)})
        return value, problem
    multiplier, unit = 1, False
    for spelling, times in UNIT_SPELLINGS.get(fdef.unit or "", ()):
        if s.endswith(spelling) and len(s) > len(spelling):
            s, multiplier, unit = s[: -len(spelling)].strip(), times, True
            break
    if unit and fdef.unit == "级" and s.upper() in _ROMAN:
        return _finish(name, fdef, Decimal(_ROMAN[s.upper()]))
    if _GROUPED.fullmatch(s):
        s = s.replace(",", "")
    if _DECIMAL.fullmatch(s):
        big = _too_big(s, multiplier, fdef)
        if big is not None:
            return None, Problem(name, big.code, bounds(fdef))
        return _finish(name, fdef, _times(Decimal(s), multiplier))
    if 0 < len(s) <= _CN_MAX_CHARS and all(c in _CN_NUMERAL for c in s):
        import cn2an  # on the first Chinese numeral: importing it takes 0.2-0.5 s of start-up

        try:
            whole = cn2an.cn2an(s, "smart")
        except (ValueError, KeyError, IndexError):
            return None, refused(name, fdef)
        return _finish(name, fdef, _times(Decimal(int(whole)), multiplier))
    return None, refused(name, fdef)


def read_number_value(name: str, fdef: FactDef, raw: int | float) -> tuple[Any, Problem | None]:
    """A JSON or spreadsheet number (never ``bool``): non-finite refused, range checked on the
    ``int``/``float`` itself, then converted. Errors as :func:`read_number_text`."""
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return None, refused(name, fdef)
        problem = _in_range(name, fdef, raw)  # float against Decimal compares exactly
        if problem is not None:
            return None, problem
        if fdef.type == "integer" and not raw.is_integer():
            return None, refused(name, fdef)
        return _finish(name, fdef, Decimal(repr(raw)))
    widest = int(max(abs(fdef.max or 0), abs(fdef.min or 0))).bit_length()
    if raw.bit_length() > widest + 1:  # surely outside the bounds: no Decimal of it is built
        return None, Problem(name, "below_min" if raw < 0 else "above_max", bounds(fdef))
    problem = _in_range(name, fdef, raw)
    if problem is not None:
        return None, problem
    return _finish(name, fdef, Decimal(raw))
