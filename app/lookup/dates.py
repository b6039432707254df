"""The "as of" date typed on a rule page: YYYY-MM-DD, or the same with / . or 年月日."""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(1949, 10, 1)
LATEST = dt.date(2100, 12, 31)


def parse_as_of(text: str) -> dt.date | None:
    """A real date between 1949 and 2100, else None."""
    s = text.strip().replace("年", "-").replace("月", "-").replace("日", "")
    s = s.replace("/", "-").replace(".", "-").replace(" ", "")
    parts = s.split("-")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts) \
            or len(parts[0]) != 4 or len(parts[1]) > 2 or len(parts[2]) > 2:
        return None
    try:
        day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    if not EARLIEST <= day <= LATEST:
        return None
    return day
