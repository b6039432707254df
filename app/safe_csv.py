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
from collections.abc import Collection, Iterable, Sequence
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
    caller knows need no quotes (not looked at by :func:`needs_quotes`); ``joined``: runs of
    adjacent columns that a batch unquoted may write as one (:func:`joined`: the same
    bytes, with less work where their cells take few values together)."""

    def __init__(self, target: IO[bytes], trusted: Collection[str] = (),
                 plain: Collection[str] = (), joined: Iterable[Sequence[str]] = ()) -> None:
        self.target = target
        self.trusted = frozenset(trusted)
        self.plain = frozenset(plain)
        self.joined = [tuple(run) for run in joined if len(run) > 1]
        self.started = False

    def write(self, frame: pl.DataFrame) -> None:
        if not self.started:
            self.target.write(BOM)
        frame = escaped(frame, self.trusted)
        header = not self.started
        self.started = True
        if needs_quotes(frame, header, self.plain):
            frame.write_csv(self.target, include_header=header, quote_style="necessary")
            return
        if header:  # (the header as the columns are named, though some are written as one)
            frame.clear().write_csv(self.target, quote_style="never")
        frame = joined(frame, self.joined)
        frame.write_csv(self.target, include_header=False, quote_style="never")


# a joined column's texts at most (joined): their dictionary is made for each batch
MAX_JOINED = 4096


def joined(frame: pl.DataFrame, runs: Sequence[Sequence[str]], separator: str = ","
           ) -> pl.DataFrame:
    """``frame`` with each run of adjacent columns in ``runs`` that takes few values made one
    dictionary-coded column, in the run's place and named as its first, whose cell on each row
    is the row's cells of the run as polars writes them unquoted, joined by ``separator`` (a
    blank cell written empty): written unquoted, the same bytes as the columns, in one cell a
    row instead of several (the roster's three columns a program, its status, amount and
    flag: a fifth of its writing). A run is joined where each of its columns takes few values
    in ``frame`` (an Enum, yes/no, or one text at most), none of which would need quotes, and
    they at most :data:`MAX_JOINED` together; otherwise left as it is. Two queries for all the
    runs: the texts' lowest and highest, then every joined column's codes."""
    schema = frame.schema
    names = frame.columns
    runs = [run for run in runs if run and run[0] in schema
            and names[names.index(run[0]):names.index(run[0]) + len(run)] == list(run)]
    texts = [name for run in runs for name in run if schema[name] == pl.String]
    bounds = frame.select(*(pl.col(t).min().alias(f"{t}\0low") for t in texts),
                          *(pl.col(t).max().alias(f"{t}\0high") for t in texts)
                          ).row(0, named=True) if texts else {}
    plans: list[tuple[Sequence[str], pl.Expr, list[str]]] = []
    for run in runs:
        plan = _joined_plan(run, schema, bounds, separator)
        if plan is not None:
            plans.append((run, *plan))
    if not plans:
        return frame
    codes = frame.select(code.alias(run[0]) for run, code, _t in plans)
    for run, _code, values in plans:
        column = pl.Series(run[0], values, dtype=pl.Enum(values)).gather(
            codes.get_column(run[0]))
        at = frame.columns.index(run[0])
        frame = frame.drop(run).insert_column(at, column)
    return frame


def _joined_plan(run: Sequence[str], schema: pl.Schema, bounds: dict[str, Any],
                 separator: str) -> tuple[pl.Expr, list[str]] | None:
    """For :func:`joined`: the code of each row's cells of ``run`` (mixed radix, the first
    column's digit lowest) and the joined text of each code; None where the run is not
    joined."""
    code = pl.lit(0, dtype=pl.UInt32)
    values: list[str] = [""]
    radix = 1
    for k, name in enumerate(run):
        dtype = schema[name]
        column = pl.col(name)
        if isinstance(dtype, pl.Enum):
            texts = list(dtype.categories)
            digit = column.to_physical().cast(pl.UInt32)
        elif dtype == pl.Boolean:
            texts, digit = ["false", "true"], column.cast(pl.UInt32)
        elif dtype == pl.String:
            low, high = bounds[f"{name}\0low"], bounds[f"{name}\0high"]
            if low != high:
                return None
            texts, digit = ([] if low is None else [low]), pl.lit(0, dtype=pl.UInt32)
        else:
            return None
        if any(not t or re.search(_QUOTED, t) or separator in t for t in texts):
            return None
        texts = ["", *texts]  # (a blank cell: code 0)
        code = code + pl.when(column.is_null()).then(0).otherwise(digit + 1) * radix
        values = [v + separator + t if k else t for t in texts for v in values]
        radix *= len(texts)
        if radix > MAX_JOINED:
            return None
    return (code, values) if len(set(values)) == len(values) else None
