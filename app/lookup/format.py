"""Numbers, units and dates as the lookup pages show them, in the page's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from app.i18n import N_

Gettext = Callable[[str], str]


UNITS: dict[str, str] = {
    "CNY": N_("{value} 元"),
    "percent": N_("{value}%"),
    "places": N_("{value} 个名额"),
    "months": N_("{value} 个月"),
    "ratio": N_("{value}（比例）"),
}
PER: dict[str, str] = {
    "month": N_("{amount}/月"),
    "year": N_("{amount}/年"),
    "once": N_("{amount}（一次性）"),
    "scheme": N_("每个方案 {amount}"),
}
CONFIDENCE: dict[str, str] = {
    "confirmed": N_("已核实：在所引文件中读到"),
    "unconfirmed": N_("未核实：只在二手资料中读到，请向办理部门确认"),
}
# How a language joins the items of a list in running text.
LIST_SEPARATOR: dict[str, str] = {"zh-Hans": "、", "za": ", ", "en": ", "}


def number(value: Decimal | float | int) -> str:
    """Grouped digits, decimals as the value carries them: 90, 3.65, 6,000.00."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{d:,}"


def quantity(value: Decimal | float | int, unit: str, _: Gettext) -> str:
    template = UNITS.get(unit)
    return _(template).format(value=number(value)) if template else f"{number(value)} {unit}"


def amount(value: Decimal | float | int, unit: str, per: str | None, _: Gettext) -> str:
    text = quantity(value, unit, _)
    template = PER.get(per or "")
    return _(template).format(amount=text) if template else text


def day(value: dt.date | str) -> str:
    """Dates are written YYYY-MM-DD in every language: short and unambiguous on the phone."""
    return value if isinstance(value, str) else value.isoformat()


def join(items: list[str], lang: str) -> str:
    return LIST_SEPARATOR.get(lang, ", ").join(items)
