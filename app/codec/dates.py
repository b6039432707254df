"""Dates: typed, as JSON text, as a spreadsheet date cell or an Excel serial number.

Typed: ``2024-03-01`` (also with one-digit month/day), ``2024/3/1``, ``2024.3.1``,
``2024年3月1日`` (or ``1号``, as the day is said), ``20240301``; a trailing time of day (as
spreadsheets export) is ignored. A number is an Excel serial (1900 date system) only where a
cell holds a number. A fact with ``past: true`` in facts.yaml may not be after the screening
date ``on``.
"""

from __future__ import annotations

import datetime as dt
import re

from app.engine.schema import FactDef

from .problems import Problem

_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?"
_PATTERNS = (
    re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})" + _TIME, re.ASCII),
    re.compile(r"([0-9]{4})年\s*([0-9]{1,2})月\s*([0-9]{1,2})[日号]?", re.ASCII),  # 号: spoken
    re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})", re.ASCII),
)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900-02-29 aside)
EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31


def parse_date_text(s: str) -> dt.date | None:
    """A normalised typed date, or ``None`` if it is not one of the spellings above or not a
    real day."""
    for pattern in _PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            groups = [g for g in m.groups() if g not in ("-", "/", ".")]
            try:
                return dt.date(int(groups[0]), int(groups[1]), int(groups[2]))
            except ValueError:
                return None
    return None


def from_excel_serial(serial: int | float) -> dt.date | None:
    """An Excel serial day number (a time fraction is dropped) or ``None`` out of range."""
    if not 1 <= serial <= EXCEL_MAX_SERIAL:  # NaN fails both comparisons
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def check_date(name: str, fdef: FactDef, day: dt.date | None, on: dt.date | None
               ) -> tuple[dt.date | None, Problem | None]:
    """The date, or a ``date`` problem (not a date) or ``future_date`` (a past event after
    ``on``; not checked when ``on`` is None)."""
    if day is None:
        return None, Problem(name, "date", {})
    if fdef.past and on is not None and day > on:
        return None, Problem(name, "future_date", {"on": on.isoformat()})
    return day, None
