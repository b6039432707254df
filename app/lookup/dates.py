"""The "as of" date typed on a rule page: YYYY-MM-DD, or the same with / . or 年月日."""

from __future__ import annotations

import datetime as dt

from app.engine.facts import parse_date

EARLIEST = dt.date(1949, 10, 1)
LATEST = dt.date(2100, 12, 31)


def parse_as_of(text: str) -> dt.date | None:
    """A real date between 1949 and 2100, else None."""
    s = text.strip().replace("年", "-").replace("月", "-").replace("日", "")
    s = s.replace("/", "-").replace(".", "-").replace(" ", "")
    parts = s.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    day = parse_date(f"{parts[0]}-{parts[1].zfill(2)}-{parts[2].zfill(2)}")
    if day is None or not EARLIEST <= day <= LATEST:
        return None
    return day
