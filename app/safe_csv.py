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


# what makes polars quote a text cell when it writes CSV ("necessary" quoting): the separator,
# the quote, a line break; and the empty text (written "", told apart from a blank, null)
_QUOTED = '[,"\r\n]'


def needs_quotes(frame: pl.DataFrame, header: bool, plain: Collection[str] = ()) -> bool:
    """Whether polars would quote some cell of ``frame`` (or, with ``header``, some column
    name) when writing it as CSV: a text cell holding :data:`_QUOTED` or empty; for a
    dictionary-coded column, any of its dictionary's spellings. Where it would not, writing
    without quoting gives the same bytes, with less work (a third of the roster's writing).
    The columns in ``plain`` are not looked at: their writer says that none of their cells is
    empty text or holds a separator, a quote or a line break."""
    if header and any(re.search(_QUOTED, c) or not c for c in frame.columns):
        return True
    text = [c for c, t in frame.schema.items() if t == pl.String and c not in plain]
    coded = [c for c, t in frame.schema.items()
             if isinstance(t, (pl.Categorical, pl.Enum)) and c not in plain]
    if text and any(frame.select(
            (pl.col(text).str.contains(_QUOTED) | (pl.col(text).str.len_bytes() == 0)).any()
    ).row(0)):
        return True
    for c in coded:
        dtype = frame.schema[c]
        spellings = pl.Series(dtype.categories) if isinstance(dtype, pl.Enum) \
            else dtype.categories.to_series()  # type: ignore[union-attr]
        if (spellings.str.contains(_QUOTED) | (spellings.str.len_bytes() == 0)).any():
            return True
    return False


class CsvSink:
    """Writes a table batch by batch to a binary file: the byte-order mark and the header
    once, then rows, each batch made safe by :func:`escaped` (and written unquoted where no
    cell needs quotes, :func:`needs_quotes`: the same bytes). ``trusted``: columns left
    unescaped (the caller wrote them, machines read them); ``plain``: columns whose cells the
    caller knows need no quotes (not looked at by :func:`needs_quotes`)."""

    def __init__(self, target: IO[bytes], trusted: Collection[str] = (),
                 plain: Collection[str] = ()) -> None:
        self.target = target
        self.trusted = frozenset(trusted)
        self.plain = frozenset(plain)
        self.started = False

    def write(self, frame: pl.DataFrame) -> None:
        if not self.started:
            self.target.write(BOM)
        frame = escaped(frame, self.trusted)
        header = not self.started
        frame.write_csv(self.target, include_header=header,
                        quote_style="necessary" if needs_quotes(frame, header, self.plain)
                        else "never")
        self.started = True
