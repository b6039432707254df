"""The "as of" date typed on a rule page or the search page, read as every typed date is read:
by the fact codec (:func:`app.codec.dates.parse_date_text`: ``2024-03-01``, ``2024/3/1``,
``2024.3.1``, ``2024年3月1日``, ``20240301``, full-width digits too), then bounded to the
years a rule can be in force."""

from __future__ import annotations

import datetime as dt

from app.codec.dates import parse_date_text
from app.codec.text import normalise

EARLIEST = dt.date(1949, 10, 1)
LATEST = dt.date(2100, 12, 31)


def parse_as_of(text: str) -> dt.date | None:
    """A real date between 1949-10-01 and 2100-12-31, else None (also for text longer than
    the codec reads, :data:`app.codec.text.MAX_CHARS`)."""
    s = normalise(text)
    day = parse_date_text(s) if s is not None else None
    if day is None or not EARLIEST <= day <= LATEST:
        return None
    return day
