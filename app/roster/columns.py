"""Roster cells (text) to typed fact columns, exactly as the codec reads a cell
(:func:`app.codec.read_cell`).

The common spellings (``true``/``是``, ``40``, ``4.65``, ``2023-01-01``, an enum id) are parsed
by polars in bulk. Every other non-blank cell goes to the codec itself, once per distinct
spelling (remembered from batch to batch), so that the roster accepts and refuses exactly what a
form or the API accepts. A cell that does not parse, or is out of range, becomes unknown (null)
and gets an error message; the row is still screened.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import polars as pl

from app.engine import Rulebook
from app.engine.schema import FactDef

from .exprs import dec, decimals

DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

DTYPES: dict[str, Any] = {
    "boolean": pl.Boolean, "integer": pl.Int64, "enum": pl.String, "date": pl.Date,
}


@dataclass(slots=True)
class ParsedColumn:
    """One typed column, and its bad cells (row index, "name: message")."""

    name: str
    value: pl.Series  # typed; null where blank or bad
    scale: int = 0  # digits after the point (numbers)
    bad_rows: list[int] = field(default_factory=list)
    bad_texts: list[str] = field(default_factory=list)
    header: str = ""  # the roster's column it came from


@dataclass(slots=True)
class Problems:
    """Bad cells per column: count, and the first rows (sheet numbering) with their message."""

    counts: dict[str, int] = field(default_factory=dict)
    first: list[tuple[int, str, str]] = field(default_factory=list)


def dtype_of(fdef: FactDef, scale: int = 0) -> Any:
    return dec(scale) if fdef.type == "number" else DTYPES[fdef.type]


class CellReader:
    """Reads one column's distinct spellings through the codec, once each: value and error
    message (in ``lang``) per spelling, kept across batches (a roster repeats its values)."""

    def __init__(self, book: Rulebook, name: str, fdef: FactDef, on: dt.date, lang: str,
                 header: str, names: Callable[[str], str | None] | None = None) -> None:
        # a receives_<program> column is no fact of the rulebook: read as a yes/no fact
        self.book = book if name in book.facts else SimpleNamespace(facts={name: fdef})
        self.name, self.fdef, self.on, self.lang, self.header = name, fdef, on, lang, header
        self.names = names
        self.seen: dict[str, tuple[Any, str | None]] = {}
        # a yes/no column whose header names an amount (护理补贴(元/月), 生活补贴金额): its cells
        # are the amount received, so a positive amount is a yes and 0 a no
        self.amounts = fdef.type == "boolean" and any(
            w in unicodedata.normalize("NFKC", header) for w in AMOUNT_WORDS)

    def read(self, text: str) -> tuple[Any, str | None]:
        got = self.seen.get(text)
        if got is None:
            from app.codec import Reading, problem_text, read_cell

            reading = read_cell(self.book, self.name, text, on=self.on)  # type: ignore[arg-type]
            if isinstance(reading.value, Decimal) and decimals(reading.value) > MAX_SCALE:
                # more decimals than a polars Decimal(38) column holds beside the whole part:
                # refused as not a number of the kind asked, rather than rounded or a crash
                from app.codec import numbers

                reading = Reading(None, numbers.refused(self.name, self.fdef))
            message = None if reading.problem is None else \
                f"{self.header}: {problem_text(reading.problem, self.lang)}"
            got = (None if message else reading.value, message)
            if message and self.amounts and (amount := _amount(text)) is not None:
                got = (amount > 0, None)
            elif message and self.fdef.type == "boolean" and self.names is not None \
                    and self.names(text) == self.name:
                # a yes/no column whose cell names the column's own fact (低保户 under 低保,
                # 已享受生活补贴 under 生活补贴), as comparison lists mark a yes
                got = (True, None)
            if len(self.seen) < MAX_DISTINCT:
                self.seen[text] = got
        return got


AMOUNT_WORDS = ("元", "金额")
_AMOUNT = re.compile(r"\s*([0-9]{1,9}(?:\.[0-9]{1,2})?)\s*(?:元)?(?:\s*/\s*(?:月|年|人))?\s*")


def _amount(text: str) -> Decimal | None:
    """The amount a cell of an amount column gives (``90``, ``90元``, ``90.00元/月``), or None."""
    m = _AMOUNT.fullmatch(unicodedata.normalize("NFKC", text))
    return None if m is None else Decimal(m.group(1))


# spellings of yes and no read in bulk; the codec reads the same and more (the rest go to it)
FAST_TRUE = ("true", "是", "1")
FAST_FALSE = ("false", "否", "0")


def _any_equal(raw: pl.Expr, words: tuple[str, ...]) -> pl.Expr:
    if len(words) > 4:
        return raw.is_in(list(words))
    out = raw == words[0]
    for w in words[1:]:
        out = out | (raw == w)
    return out


def _fast(fdef: FactDef, raw: pl.Expr, on: dt.date) -> tuple[pl.Expr, pl.Expr]:
    """(typed value or null, whether the fast path read the cell) for the cell text ``raw``.

    Only plain spellings, without surrounding spaces, are read here; they mean the same to
    the codec. Cheap tests only: comparisons and casts, no per-cell string copies.
    Numbers are read at 12 decimal places; a cell with more goes to the codec.
    """
    t = fdef.type
    if t == "boolean":
        yes, no = _any_equal(raw, FAST_TRUE), _any_equal(raw, FAST_FALSE)
        value = pl.when(yes).then(pl.lit(True)).when(no).then(pl.lit(False))
        return value, (yes | no).fill_null(False)
    if t == "integer":
        value = raw.cast(pl.Int64, strict=False)
        return value, value.is_not_null()
    if t == "number":
        value = raw.cast(dec(MAX_FAST_SCALE), strict=False)
        # polars' cast reads exponents (1e5, 2E-3); the codec refuses them in typed text, as
        # every other edge does, so such a cell goes to the codec
        ok = value.is_not_null() & (_decimals(raw) <= MAX_FAST_SCALE) \
            & ~raw.str.contains("[eE]").fill_null(False)
        return pl.when(ok).then(value), ok
    if t == "enum":
        ok = _any_equal(raw, tuple(fdef.values or {})).fill_null(False)
        return pl.when(ok).then(raw), ok
    ok = (raw.str.len_bytes() == 10) & raw.str.contains(DATE_RE) & ~raw.str.starts_with("0000")
    value = pl.when(ok).then(raw.str.to_date("%Y-%m-%d", strict=False))
    if fdef.past:  # a past event after the screening date: the codec's error, read slowly
        value = pl.when(value <= pl.lit(on, dtype=pl.Date)).then(value)
    return value, value.is_not_null()


MAX_FAST_SCALE = 12
# The most digits after the point a number cell may have: a column is a polars Decimal of
# precision 38, and the whole part of the widest bound (100,000,000) takes 9 of them.
MAX_SCALE = 20


def _decimals(raw: pl.Expr) -> pl.Expr:
    """Digits after the point of a number's text (0 without a point)."""
    point = raw.str.find(".", literal=True)
    return (raw.str.len_bytes() - point - 1).fill_null(0)


# Columns with at most this many distinct spellings are read through a dictionary: each
# spelling once by the codec itself, then looked up per row (a roster repeats its values).
MAX_DISTINCT = 100_000


def parse_column(raw: pl.Series, reader: CellReader) -> ParsedColumn:
    """The typed column (named as the fact) for the text column ``raw`` (String, or
    Categorical), exactly as the codec reads each cell."""
    raw = raw.alias(reader.name)
    parsed = _parse(raw, reader)
    parsed.header = reader.header
    return parsed


def _parse(raw: pl.Series, reader: CellReader) -> ParsedColumn:
    cat = raw
    if not isinstance(raw.dtype, pl.Categorical) or raw.dtype.categories.is_global():
        # a dictionary of this column's own (not polars' global one): dense codes, freed after
        cat = raw.cast(pl.String).cast(pl.Categorical(pl.Categories.random()))
    spellings = cat.dtype.categories.to_series()  # type: ignore[attr-defined]
    if spellings.len() <= MAX_DISTINCT:
        return _by_dictionary(raw.name, cat.to_physical(), spellings.to_list(), reader)
    return _by_columns(raw.cast(pl.String), reader)


def _by_dictionary(name: str, codes: pl.Series, spellings: list[str],
                   reader: CellReader) -> ParsedColumn:
    """``codes`` index ``spellings``: each spelling is read once, then looked up per row."""
    fdef = reader.fdef
    values: list[Any] = [None] * len(spellings)
    errors: dict[int, str] = {}
    scale = 0
    plain = _plain_values(spellings, reader)
    for code, text in enumerate(spellings):
        parsed, problem = plain[code], None
        if parsed is None:
            parsed, problem = reader.read(text)
        if problem is not None:
            errors[code] = problem
        elif parsed is not None:
            values[code] = parsed
            if fdef.type == "number":
                scale = max(scale, decimals(parsed))
    if fdef.type == "number":
        lut = pl.Series([None if v is None else format(v, "f") for v in values],
                        dtype=pl.String).cast(dec(scale))
    else:
        lut = pl.Series(values, dtype=DTYPES[fdef.type])
    value = lut.gather(codes).alias(name)
    bad_rows: list[int] = []
    bad_texts: list[str] = []
    if errors:
        rows = codes.is_in(list(errors)).arg_true()
        bad_rows = rows.to_list()
        bad_texts = [errors[c] for c in codes.gather(rows).to_list()]
    return ParsedColumn(name, value, scale, bad_rows, bad_texts)


def _plain_values(spellings: list[str], reader: CellReader) -> list[Any]:
    """The value of each spelling the fast path reads (:func:`_fast`) and that is within the
    fact's range; None for the others, which go to the codec (it also words their errors).
    Rosters in plain spellings so never load the codec's readers."""
    fdef = reader.fdef
    value, ok = _fast(fdef, pl.col("s"), reader.on)
    got = pl.DataFrame({"s": spellings}, schema={"s": pl.String}).select(
        pl.when(ok).then(value).alias("v")).get_column("v").to_list()
    if fdef.type in ("integer", "number"):
        lo, hi = fdef.min, fdef.max
        got = [v if v is not None and (lo is None or v >= lo) and (hi is None or v <= hi)
               else None for v in got]
    return got


def _by_columns(raw: pl.Series, reader: CellReader) -> ParsedColumn:
    """Many distinct spellings (amounts to the cent, say): plain spellings read by polars,
    the rest by the codec."""
    fdef = reader.fdef
    name = raw.name
    t = fdef.type
    col = pl.col(name)
    fast, fast_ok = _fast(fdef, col, reader.on)
    frame = raw.to_frame().select(fast.alias("value"), fast_ok.alias("ok"))
    value = frame.get_column("value")
    # the spellings the fast path did not read go through the codec, once each
    odd_rows = (raw.is_not_null() & ~frame.get_column("ok")).arg_true()
    bad_rows: list[int] = []
    bad_texts: list[str] = []
    slow_scale = 0
    if odd_rows.len():
        odd = raw.gather(odd_rows)
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for text in odd.unique().to_list():
            parsed, problem = reader.read(text)
            if problem is not None:
                errors[text] = problem
            elif parsed is not None:
                values[text] = parsed
        if values:
            if t == "number":
                slow_scale = max(decimals(v) for v in values.values())
                got = odd.replace_strict({k: format(v, "f") for k, v in values.items()},
                                         default=None, return_dtype=pl.String)
                value = value.cast(dec(max(MAX_FAST_SCALE, slow_scale)))
                got = got.cast(value.dtype, strict=False)
            else:
                got = odd.replace_strict(values, default=None, return_dtype=value.dtype)
            value = value.scatter(odd_rows, got)
        if errors:
            texts = odd.replace_strict(errors, default=None, return_dtype=pl.String)
            hit = texts.is_not_null()
            bad_rows += odd_rows.filter(hit).to_list()
            bad_texts += texts.filter(hit).to_list()
    scale = 0
    if t == "number":
        fast_scale = raw.to_frame().select(
            pl.when(fast_ok).then(_decimals(col)).max()).item()
        scale = max(fast_scale or 0, slow_scale)
        value = value.cast(dec(scale))
    if t in ("integer", "number") and (fdef.min is not None or fdef.max is not None):
        cmp = value.cast(dec(max(scale, 6))) if t == "number" else value
        for bound, test in ((fdef.min, cmp.__lt__), (fdef.max, cmp.__gt__)):
            if bound is None:
                continue
            out = test(_bound_value(bound, t)).fill_null(False).arg_true()
            if out.len():
                # out of range: the codec's own message for each such spelling
                bad_rows += out.to_list()
                bad_texts += [reader.read(text)[1] or f"{reader.header}: {text}"
                              for text in raw.gather(out).to_list()]
                value = value.scatter(out, pl.Series([None] * out.len(), dtype=value.dtype))
    return ParsedColumn(name, value.alias(name), scale, bad_rows, bad_texts)


def _bound_value(value: Decimal, t: str) -> Any:
    return int(value) if t == "integer" else value



def boolean_def() -> FactDef:
    """A yes/no column that is not a fact (``receives_<program>``)."""
    return FactDef.model_construct(type="boolean", question="", values=None, min=None, max=None)
