"""Dated parameter series: the value in force on a date is the latest one dated on or before it."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from .schema import Parameter, ParamValue


@dataclass(frozen=True, slots=True)
class ParamSeries:
    id: str
    model: Parameter
    dates: tuple[dt.date, ...]
    entries: tuple[ParamValue, ...]

    @classmethod
    def build(cls, pid: str, model: Parameter) -> ParamSeries:
        entries = tuple(sorted(model.values, key=lambda v: v.valid_from))
        return cls(pid, model, tuple(v.valid_from for v in entries), entries)

    def entry_on(self, day: dt.date) -> ParamValue | None:
        """The value in force on ``day``, or None before the first one."""
        i = bisect_right(self.dates, day)
        return self.entries[i - 1] if i else None

    def value_on(self, day: dt.date) -> Decimal | None:
        i = bisect_right(self.dates, day)
        return self.entries[i - 1].value if i else None
