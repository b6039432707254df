"""Compile the engine's condition and amount nodes into polars expressions, for a whole roster.

Three-valued like the engine: a condition column holds True (met), False (unmet) or null
(unknown); polars' ``&``, ``|`` and ``~`` on booleans with nulls follow Kleene's logic, as the
engine's ``All``, ``Any_`` and ``Not`` do. Amounts are exact decimals: every operand is cast to
one decimal scale large enough that no sum, product, minimum or maximum of the roster's values
loses a digit, and rounding is half away from zero (the engine's ``ROUND_HALF_UP``).

A node this module does not know raises :class:`Unsupported`; the roster then evaluates that
program with the per-person engine instead (the engine stays the reference).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import polars as pl

from app.decimals import decimal_places
from app.engine.compile import (
    All,
    Any_,
    AtLeast,
    AtLeastOperand,
    AtMost,
    AtMostOperand,
    Cases,
    Cond,
    Const,
    Expr,
    FactExpr,
    Fold,
    In,
    Is,
    Lit,
    Not,
    ParamExpr,
    ParamOperand,
    Quantize,
    RelativeDate,
)
from app.engine.params import ParamSeries

# Widest scale the compiled amounts use; a formula needing more falls back to the engine.
MAX_SCALE = 18


class Unsupported(Exception):
    """A node the bulk compiler does not handle; the caller falls back to the engine."""


def dec(scale: int) -> pl.Decimal:
    return pl.Decimal(38, scale)


def dec_lit(value: Decimal | None, scale: int) -> pl.Expr:
    # from its text: a Decimal object would make polars import numpy (0.4 s of start-up)
    return pl.lit(None if value is None else format(value, "f"), dtype=pl.String).cast(
        dec(scale))


@dataclass(frozen=True, slots=True)
class Context:
    """What compiling needs to know of the roster: the date, fact types and number scales."""

    on: dt.date
    types: Mapping[str, str]  # fact -> boolean | integer | number | enum | date
    scales: Mapping[str, int]  # number fact -> most digits after the point in the roster


# ---------------------------------------------------------------- parameters

def by_date(series: ParamSeries, day: pl.Expr, each: Callable[[Decimal], pl.Expr],
            before: pl.Expr) -> pl.Expr:
    """``each(value)`` for the entry of ``series`` in force on each row's ``day`` (the latest
    dated on or before it, as :meth:`ParamSeries.value_on`); ``before`` where there is none or
    ``day`` is unknown. A series has few entries, so one comparison per entry, newest outermost,
    is cheaper than a search per row."""
    out = before
    for since, entry in zip(series.dates, series.entries, strict=True):
        out = pl.when(day >= pl.lit(since, dtype=pl.Date)).then(each(entry.value)).otherwise(out)
    return out


def param_at(series: ParamSeries, day: pl.Expr, scale: int) -> pl.Expr:
    """The value of ``series`` in force on each row's ``day`` (null before the first one)."""
    return by_date(series, day, lambda value: dec_lit(value, scale), dec_lit(None, scale))


def series_scale(series: ParamSeries) -> int:
    return max((decimal_places(e.value) for e in series.entries), default=0)


# ---------------------------------------------------------------- conditions

def _numeric_pair(ctx: Context, fact: str, bound_scale: int) -> tuple[pl.Expr, int]:
    """The fact's column, and the decimal scale to compare it at (-1: as whole numbers)."""
    t = ctx.types[fact]
    if t == "integer" and bound_scale == 0:
        return pl.col(fact), -1  # integers against whole numbers: no decimal arithmetic
    scale = max(bound_scale, ctx.scales.get(fact, 0)) if t in ("integer", "number") else 0
    return pl.col(fact).cast(dec(scale)), scale


def _bound_lit(value: Decimal | None, scale: int) -> pl.Expr:
    if scale < 0:
        return pl.lit(None if value is None else int(value), dtype=pl.Int64)
    return dec_lit(value, scale)


def _against_param(node: AtLeastOperand, op: ParamOperand, ctx: Context) -> pl.Expr:
    """The fact against a parameter: on the screening date, or on the date in another fact.
    Then one comparison with a constant per entry of the series, chosen by that date
    (:func:`by_date`), without building a column of bounds."""
    left, scale = _numeric_pair(ctx, node.fact, series_scale(op.series))
    at_most = isinstance(node, AtMostOperand)

    def compare(value: Decimal | None) -> pl.Expr:
        bound = _bound_lit(value, scale)
        return (left <= bound) if at_most else (left >= bound)

    if op.at_fact is None:
        return compare(op.series.value_on(ctx.on))
    return by_date(op.series, pl.col(op.at_fact), compare, pl.lit(None, dtype=pl.Boolean))


def cond(node: Cond, ctx: Context) -> pl.Expr:
    """A boolean expression: True met, False unmet, null unknown."""
    if isinstance(node, All | Any_):
        parts = [cond(p, ctx) for p in node.parts]
        out = parts[0]
        for p in parts[1:]:
            out = (out & p) if isinstance(node, All) else (out | p)
        return out
    if isinstance(node, Not):
        return ~cond(node.part, ctx)
    if isinstance(node, Const):  # an unsettled criterion without a condition
        return pl.lit(node.value, dtype=pl.Boolean)
    if isinstance(node, Is):
        return pl.col(node.fact) == literal(ctx, node.fact, node.value)
    if isinstance(node, In):
        col = pl.col(node.fact)
        values = sorted(node.values, key=str)
        hit = pl.lit(False)
        for v in values:
            hit = hit | (col == literal(ctx, node.fact, v)).fill_null(False)
        return pl.when(col.is_null()).then(pl.lit(None, dtype=pl.Boolean)).otherwise(hit)
    if isinstance(node, AtMost):  # before AtLeast: AtMost is its subclass
        return pl.col(node.fact) <= literal(ctx, node.fact, node.bound)
    if isinstance(node, AtLeast):
        return pl.col(node.fact) >= literal(ctx, node.fact, node.bound)
    if isinstance(node, AtLeastOperand):  # and AtMostOperand, its subclass
        op = node.operand
        if isinstance(op, ParamOperand):
            return _against_param(node, op, ctx)
        if not isinstance(op, RelativeDate):
            raise Unsupported(f"operand {type(op).__name__}")
        from app.engine.compile import shift_back

        bound = pl.lit(shift_back(ctx.on, op.years, op.months, op.days))
        left = pl.col(node.fact)
        return (left <= bound) if isinstance(node, AtMostOperand) else (left >= bound)
    raise Unsupported(f"condition {type(node).__name__}")


def literal(ctx: Context, fact: str, value: object) -> pl.Expr:
    t = ctx.types[fact]
    if t == "number" and isinstance(value, Decimal):
        return dec_lit(value, max(decimal_places(value), ctx.scales.get(fact, 0)))
    if t == "date":
        return pl.lit(value, dtype=pl.Date)
    if t == "integer":
        return pl.lit(value, dtype=pl.Int64)
    if t == "boolean":
        return pl.lit(value, dtype=pl.Boolean)
    return pl.lit(value, dtype=pl.String)


# ---------------------------------------------------------------- amounts

def scale_needed(node: Expr, ctx: Context) -> int:
    """Digits after the point that computing ``node`` exactly can need."""
    if isinstance(node, Lit):
        return decimal_places(node.value)
    if isinstance(node, FactExpr):
        return ctx.scales.get(node.fact, 0)
    if isinstance(node, ParamExpr):
        return series_scale(node.series)
    if isinstance(node, Fold):
        inner = [scale_needed(p, ctx) for p in node.parts]
        if node.op is Decimal.__mul__:
            return sum(inner)
        return max(inner)
    if isinstance(node, Quantize):
        return scale_needed(node.part, ctx)
    if isinstance(node, Cases):
        branches = [scale_needed(e, ctx) for _, e in node.cases]
        if node.otherwise is not None:
            branches.append(scale_needed(node.otherwise, ctx))
        return max(branches)
    raise Unsupported(f"amount {type(node).__name__}")


def result_scale(node: Expr, ctx: Context) -> int:
    """Digits after the point of the result (for writing it as the engine would)."""
    if isinstance(node, Quantize):
        return 0 if node.rounding == ROUND_CEILING else -int(node.exp.as_tuple().exponent)
    if isinstance(node, Fold | Cases):
        parts = list(node.parts) if isinstance(node, Fold) else [e for _, e in node.cases]
        if isinstance(node, Cases) and node.otherwise is not None:
            parts.append(node.otherwise)
        inner = [result_scale(p, ctx) for p in parts]
        if isinstance(node, Fold) and node.op is Decimal.__mul__:
            return sum(inner)
        return max(inner)
    return scale_needed(node, ctx)


def amount(node: Expr, ctx: Context, scale: int) -> pl.Expr:
    """A decimal expression at ``scale``; null where an input is unknown (as the engine)."""
    null = dec_lit(None, scale)
    if isinstance(node, Lit):
        return dec_lit(node.value, scale)
    if isinstance(node, FactExpr):
        return pl.col(node.fact).cast(dec(scale))
    if isinstance(node, ParamExpr):
        if node.at_fact is None:
            return dec_lit(node.series.value_on(ctx.on), scale)
        return param_at(node.series, pl.col(node.at_fact), scale)
    if isinstance(node, Fold):
        parts = [amount(p, ctx, scale) for p in node.parts]
        if node.op in (min, max):
            fold = pl.min_horizontal if node.op is min else pl.max_horizontal
            any_null = pl.any_horizontal([p.is_null() for p in parts])
            return pl.when(any_null).then(null).otherwise(fold(parts).cast(dec(scale)))
        out = parts[0]
        for p in parts[1:]:
            if node.op is Decimal.__add__:
                out = out + p
            elif node.op is Decimal.__sub__:
                out = out - p
            elif node.op is Decimal.__mul__:
                out = out * p
            else:
                raise Unsupported("fold operator")
            out = out.cast(dec(scale))
        return out
    if isinstance(node, Quantize):
        inner = amount(node.part, ctx, scale)
        if node.rounding == ROUND_CEILING:
            return inner.ceil().cast(dec(scale))
        if node.rounding == ROUND_HALF_UP:
            places = -int(node.exp.as_tuple().exponent)
            return inner.round(places, mode="half_away_from_zero").cast(dec(scale))
        raise Unsupported(f"rounding {node.rounding}")
    if isinstance(node, Cases):
        out = amount(node.otherwise, ctx, scale) if node.otherwise is not None else null
        for c, then in reversed(node.cases):
            test = cond(c, ctx)
            out = (pl.when(test.is_null()).then(null)
                   .when(test).then(amount(then, ctx, scale)).otherwise(out))
        return out
    raise Unsupported(f"amount {type(node).__name__}")
