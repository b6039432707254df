"""The one CSV writer for files people open in a spreadsheet: the roster's results and the
staff area's case export.

UTF-8 with a byte-order mark (Excel on Chinese Windows reads a CSV without one as GBK and shows
Chinese garbled), and text that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) prefixed with ``'``, as OWASP's "CSV
injection" advice says, so that ``=HYPERLINK(…)`` is shown, not followed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Collection, Iterable
from typing import IO, Any

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_STARTS = re.compile("^[" + re.escape("".join(FORMULA_START)) + "]")
BOM = codecs.BOM_UTF8


def cell(value: Any) -> Any:
    """A value as written: text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def rows_to_csv(rows: Iterable[Iterable[Any]]) -> bytes:
    """A whole table (header row first) as the bytes of a safe CSV file."""
    buf = io.StringIO()
    csv.writer(buf).writerows([cell(v) for v in row] for row in rows)
    return BOM + buf.getvalue().encode("utf-8")


def escaped(frame: pl.DataFrame, trusted: Collection[str] = ()) -> pl.DataFrame:
    """``frame`` with every text cell made safe, as :func:`cell` does, and its header too;
    except the columns in ``trusted`` (written by us, such as amounts: a machine reads them)."""
    text = [c for c, t in frame.schema.items() if t == pl.String and c not in trusted]
    if text:  # rewrite only the columns that need it (a read-only pass finds them)
        hits = frame.select(pl.col(text).str.contains(_STARTS.pattern).any()).row(0)
        text = [c for c, hit in zip(text, hits, strict=True) if hit]
    out = frame.with_columns(
        pl.when(pl.col(c).str.contains(_STARTS.pattern)).then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c)).alias(c) for c in text)
    return out.rename({c: cell(c) for c in out.columns if cell(c) != c})


class CsvSink:
    """Writes a table batch by batch to a binary file: the byte-order mark and the header
    once, then rows, each batch made safe by :func:`escaped`."""

    def __init__(self, target: IO[bytes], trusted: Collection[str] = ()) -> None:
        self.target = target
        self.trusted = frozenset(trusted)
        self.started = False

    def write(self, frame: pl.DataFrame) -> None:
        if not self.started:
            self.target.write(BOM)
        frame = escaped(frame, self.trusted)
        frame.write_csv(self.target, include_header=not self.started)
        self.started = True
