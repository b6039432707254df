"""Numbers, units and dates as the lookup pages show them, in the page's language.

Amounts and numbers are worded by :mod:`app.codec.display`, the one wording every area uses;
this module keeps what is the lookup's own: confidence notes, dates as the date field shows
them, and how a list is joined.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from app.codec import display
from app.i18n import N_

Gettext = Callable[[str], str]

CONFIDENCE: dict[str, str] = {
    "confirmed": N_("已核实：在所引文件中读到"),
    "unconfirmed": N_("未核实：只在二手资料中读到，请向办理部门确认"),
}
number = display.number


def quantity(value: Decimal | float | int, unit: str, _: Gettext) -> str:
    """A parameter's value with its unit, no period: ``6,000 元``, ``5 个名额``."""
    return display.amount_text(value, unit, None, _)


def amount(value: Decimal | float | int, unit: str, per: str | None, _: Gettext) -> str:
    """An amount with its period: ``每年 6,000 元`` (:func:`app.codec.display.amount`)."""
    return display.amount_text(value, unit, per, _)


def day(value: dt.date | str) -> str:
    """Dates in the date field and the call script are YYYY-MM-DD in every language: short and
    unambiguous on the phone."""
    return value if isinstance(value, str) else value.isoformat()


# Between the items of a list of phrases (the documents to bring): the phrases themselves hold
# 、 and ， (家庭收入、财产情况的说明; 委托他人代办的，带上…), so the word separator of
# app.codec.problems.LIST_SEPARATOR would run two documents into one.
PHRASE_SEPARATOR: dict[str, str] = {"zh-Hans": "；", "za": "; ", "en": "; "}


def join(items: list[str], lang: str) -> str:
    """A list of phrases in a sentence: ``居民身份证；第二代残疾人证``, ``ID card; certificate``."""
    return PHRASE_SEPARATOR.get(lang, "; ").join(items)
