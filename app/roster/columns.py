"""Roster cells (text) to typed fact columns, exactly as :func:`app.engine.parse_text` reads them.

The common spellings (``true``/``是``, ``40``, ``4.65``, ``2023-01-01``, an enum id) are parsed
by polars in bulk. Every other non-blank cell goes to ``parse_text`` itself, once per distinct
spelling, so that the roster accepts and refuses exactly what a form or the API accepts. A cell
that does not parse, or is out of range, becomes unknown (null) and gets an error message;
the row is still screened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from app.engine.facts import MESSAGES, FactProblem, parse_text
from app.engine.schema import FactDef
from app.i18n import Gettext

from .exprs import dec, decimals

NUM_RE = r"^[+-]?[0-9]{1,24}(\.[0-9]{1,12})?$"
DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

DTYPES: dict[str, Any] = {
    "boolean": pl.Boolean, "integer": pl.Int64, "enum": pl.String, "date": pl.Date,
}


@dataclass(slots=True)
class ParsedColumn:
    """How to build one typed column and its error messages from the text column."""

    name: str
    value: pl.Expr
    error: pl.Expr | None  # "name: message" or null; None when no cell can be wrong
    scale: int = 0  # digits after the point (numbers)
    dtype: Any = None


@dataclass(slots=True)
class Problems:
    """Bad cells per column: count, and the first rows (sheet numbering) with their message."""

    counts: dict[str, int] = field(default_factory=dict)
    first: list[tuple[int, str, str]] = field(default_factory=list)


def dtype_of(fdef: FactDef, scale: int = 0) -> Any:
    return dec(scale) if fdef.type == "number" else DTYPES[fdef.type]


def _message(_: Gettext, problem: FactProblem) -> str:
    return _(MESSAGES[problem.code]).format(**problem.args)


# spellings of yes and no read in bulk; parse_text reads the same and more (the rest go to it)
FAST_TRUE = ("true", "是", "1")
FAST_FALSE = ("false", "否", "0")


def _any_equal(raw: pl.Expr, words: tuple[str, ...]) -> pl.Expr:
    if len(words) > 4:
        return raw.is_in(list(words))
    out = raw == words[0]
    for w in words[1:]:
        out = out | (raw == w)
    return out


def _fast(fdef: FactDef, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(typed value or null, whether the fast path read the cell) for the cell text ``raw``.

    Only plain spellings, without surrounding spaces, are read here; they mean the same to
    :func:`parse_text`. Cheap tests only: comparisons and casts, no per-cell string copies.
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
        ok = raw.str.contains(NUM_RE)
        return pl.when(ok).then(raw), ok.fill_null(False)
    if t == "enum":
        ok = _any_equal(raw, tuple(fdef.values or {})).fill_null(False)
        return pl.when(ok).then(raw), ok
    ok = (raw.str.len_bytes() == 10) & raw.str.contains(DATE_RE) & ~raw.str.starts_with("0000")
    value = pl.when(ok).then(raw.str.to_date("%Y-%m-%d", strict=False))
    return value, value.is_not_null()


def parse_column(df: pl.DataFrame, name: str, fdef: FactDef, _: Gettext) -> ParsedColumn:
    """Plan the typed column ``name`` of ``df`` (a text column), with its error messages."""
    raw = pl.col(name)
    fast, fast_ok = _fast(fdef, raw)
    # the spellings the fast path did not read go through parse_text, once each
    odd = df.select(raw.filter(raw.is_not_null() & ~fast_ok).unique()).to_series().to_list()
    slow_value: dict[str, Any] = {}
    slow_error: dict[str, str] = {}
    for text in odd:
        value, problem = parse_text(name, fdef, text)
        if problem is not None:
            slow_error[text] = f"{name}: {_message(_, problem)}"
        elif value is not None:
            slow_value[text] = value
    t = fdef.type
    scale = 0
    if t == "number":
        fast_scale = df.select(
            pl.when(fast_ok).then(fast.str.split(".").list.get(1, null_on_oob=True)
                                  .str.len_chars()).max()).item()
        scale = max([fast_scale or 0] + [decimals(v) for v in slow_value.values()])
        slow_text = {k: format(v, "f") for k, v in slow_value.items()}
        slow_num = raw.replace_strict(slow_text, default=None, return_dtype=pl.String) \
            if slow_text else pl.lit(None, dtype=pl.String)
        value = pl.when(fast_ok).then(fast).otherwise(slow_num).cast(dec(scale), strict=False)
    else:
        dtype = DTYPES[t]
        slow = raw.replace_strict(slow_value, default=None, return_dtype=dtype) if slow_value \
            else pl.lit(None, dtype=dtype)
        value = (pl.when(fast_ok).then(fast).otherwise(slow) if slow_value else fast).cast(dtype)
    error: pl.Expr | None = (raw.replace_strict(slow_error, default=None, return_dtype=pl.String)
                             if slow_error else None)
    if t in ("integer", "number") and (fdef.min is not None or fdef.max is not None):
        bound_dtype = dec(max(scale, 6)) if t == "number" else pl.Int64
        cmp = value.cast(bound_dtype)
        checks: list[tuple[pl.Expr, str]] = []
        if fdef.min is not None:
            p = FactProblem(name, "below_min", {"min": _plain(fdef.min)})
            checks.append((cmp < _bound(fdef.min, t), f"{name}: {_message(_, p)}"))
        if fdef.max is not None:
            p = FactProblem(name, "above_max", {"max": _plain(fdef.max)})
            checks.append((cmp > _bound(fdef.max, t), f"{name}: {_message(_, p)}"))
        range_error: pl.Expr = pl.lit(None, dtype=pl.String)
        for test, msg in reversed(checks):
            range_error = pl.when(test.fill_null(False)).then(pl.lit(msg)).otherwise(range_error)
        error = range_error if error is None else pl.coalesce(error, range_error)
        value = pl.when(range_error.is_null()).then(value)
    return ParsedColumn(name, value.alias(name),
                        None if error is None else error.alias(f"__error_{name}"), scale,
                        dtype_of(fdef, scale))


def _bound(value: Decimal, t: str) -> pl.Expr:
    if t == "integer":
        return pl.lit(int(value), dtype=pl.Int64)
    return pl.lit(value, dtype=dec(max(decimals(value), 6)))


def _plain(d: Decimal) -> int | Decimal:
    return int(d) if d == d.to_integral_value() else d


def boolean_def() -> FactDef:
    """A yes/no column that is not a fact (``receives_<program>``)."""
    return FactDef.model_construct(type="boolean", question="", values=None, min=None, max=None)
