"""One wording of amounts, dates, numbers and fact values, in each language.

The API, the resident pages, the staff area, the lookup and the roster all format through
these functions, so the same subsidy reads the same everywhere (issue 11, point 5): in
zh-Hans ``每年 6,000 元``, in English ``6,000 yuan a year``. Message ids are zh-Hans and are
translated through the Babel catalogs (``core`` domain).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, localcontext
from typing import Any

from app.decimals import decimal_places
from app.i18n import N_, Gettext, gettext_for

# (unit, per) -> wording; ``per`` None is a plain quantity.
AMOUNTS: dict[tuple[str, str | None], str] = {
    ("CNY", "month"): N_("每月 {value} 元"),
    ("CNY", "year"): N_("每年 {value} 元"),
    ("CNY", "once"): N_("一次性 {value} 元"),
    ("CNY", "scheme"): N_("每个项目 {value} 元"),
    ("CNY", None): N_("{value} 元"),
    ("places", "scheme"): N_("每个项目 {value} 个"),
    ("places", None): N_("{value} 个名额"),
    ("months", None): N_("{value} 个月"),
    ("percent", None): N_("{value}%"),
    ("ratio", None): N_("{value}（比例）"),
}
DATE = N_("{y}年{m}月{d}日")
YES, NO, UNKNOWN = N_("是"), N_("否"), N_("不知道")
# a fact's value with the unit facts.yaml declares
FACT_UNITS: dict[str, str] = {
    "岁": N_("{value} 岁"),
    "元": N_("{value} 元"),
    "个月": N_("{value} 个月"),
    "级": N_("{value} 级"),
    "个": N_("{value} 个"),
    "%": N_("{value}%"),
}


def number(d: Decimal | int | float) -> str:
    """Digits grouped by thousands; whole values without decimals, others as few decimals as
    they need: ``6000`` -> ``6,000``, ``Decimal("3.650")`` -> ``3.65``."""
    value = d if isinstance(d, Decimal) else Decimal(str(d))
    if value == value.to_integral_value():
        return f"{int(value):,}"
    with localcontext() as ctx:  # every digit kept: the default 28 would round a typed value
        ctx.prec = max(ctx.prec, len(value.as_tuple().digits))
        return f"{value.normalize():,f}"


def money(d: Decimal | int | float) -> str:
    """An amount of yuan: whole yuan without decimals, otherwise to the fen (``1,234.50``)."""
    value = d if isinstance(d, Decimal) else Decimal(str(d))
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.quantize(Decimal('0.01')):,}"


def amount(value: Decimal | int | float, unit: str, per: str | None, lang: str) -> str:
    """An amount of a program or parameter (``unit`` CNY/places/months/percent/ratio, ``per``
    month/year/once/scheme or None) in ``lang``: ``每年 6,000 元``, ``6,000 yuan a year``."""
    return amount_text(value, unit, per, gettext_for(lang))


def amount_text(value: Decimal | int | float, unit: str, per: str | None, _: Gettext) -> str:
    """:func:`amount` for a caller that holds the language's gettext rather than its code."""
    text = money(value) if unit == "CNY" else number(value)
    template = AMOUNTS.get((unit, per)) or AMOUNTS.get((unit, None))
    if template is None:
        return f"{text} {unit}"
    worded = _(template).format(value=text)
    if (unit, per) not in AMOUNTS and per:
        return f"{worded} ({per})"
    return worded


def date(d: dt.date | str, lang: str) -> str:
    """A date in ``lang``: ``2024年3月1日``; ISO text is accepted."""
    day = dt.date.fromisoformat(d) if isinstance(d, str) else d
    return gettext_for(lang)(DATE).format(y=day.year, m=day.month, d=day.day)


def fact_value(book: Any, name: str, value: Any, lang: str) -> str:
    """An answer as a person reads it: 是/否, the enum label, the date, the number with the
    fact's unit; ``None`` is 不知道. ``book`` is a Rulebook (or a mapping of FactDef)."""
    _ = gettext_for(lang)
    facts: Mapping[str, Any] = book if isinstance(book, Mapping) else book.facts
    fdef = facts[name]
    if value is None:
        return _(UNKNOWN)
    if fdef.type == "boolean":
        return _(YES) if value else _(NO)
    if fdef.type == "enum":
        label = (fdef.values or {}).get(value)
        return _(label) if label else str(value)
    if fdef.type == "date":
        return date(value, lang)
    # yuan to the fen, as amounts are written; a typed value with more decimals in full
    yuan = fdef.unit == "元" and decimal_places(Decimal(value)) <= 2
    text = money(value) if yuan else number(value)
    template = FACT_UNITS.get(fdef.unit or "")
    return _(template).format(value=text) if template else text
