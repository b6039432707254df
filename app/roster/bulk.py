"""Screening a whole roster at once: every person, every program of the rulebook.

:func:`screen_roster` takes the roster as text columns (as read from CSV or Excel) and returns
the same columns, unchanged and in order, followed by, for every program, its status, amount
and "qualifies but does not receive" flag, then the list of programs each person qualifies for
but does not receive, and the cells that could not be read. Blank cells are unknown facts.

Programs compile to polars expressions (:mod:`app.roster.exprs`); one that does not compile
(a rule node the compiler does not know) is evaluated with the per-person engine, row by row,
and named in :attr:`RosterResult.fallback`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from app.engine import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    NOT_IN_FORCE,
    UNDETERMINED,
    CompiledProgram,
    Rulebook,
    compute_amount,
    evaluate,
)
from app.i18n import Gettext

from . import exprs
from .columns import ParsedColumn, Problems, boolean_def, dtype_of, parse_column

STATUSES = (ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED, NOT_IN_FORCE)
STATUS = pl.Enum(STATUSES)  # a status column: one byte a row, written as its text
RECEIVES = "receives_"
UNCLAIMED_ALL = "unclaimed_programs"
ERRORS = "row_errors"


def status_col(pid: str) -> str:
    return f"{pid}.status"


def amount_col(pid: str) -> str:
    return f"{pid}.amount"


def unclaimed_col(pid: str) -> str:
    return f"{pid}.unclaimed"


class RosterError(Exception):
    """The roster as a whole cannot be screened (not a bad cell: those are reported per row)."""


@dataclass(slots=True)
class RosterResult:
    frame: pl.DataFrame
    rows: int
    facts: list[str]  # fact columns found
    receives: list[str]  # programs with a receives_ column
    passed_through: list[str]  # other columns, copied unchanged
    fallback: dict[str, str]  # program -> why it was evaluated per person
    problems: Problems
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # program -> status -> n
    unclaimed: dict[str, int] = field(default_factory=dict)  # program -> people
    seconds: dict[str, float] = field(default_factory=dict)


Progress = Callable[[float], None]  # the share of the work done, 0–1


def output_columns(book: Rulebook) -> list[str]:
    cols = []
    for pid in book.programs:
        cols += [status_col(pid), amount_col(pid), unclaimed_col(pid)]
    return cols + [UNCLAIMED_ALL, ERRORS]


def read_columns(book: Rulebook, columns: list[str]) -> set[str]:
    """The columns screening reads: facts, and ``receives_<program>`` for a known program.
    Their cells repeat a few spellings, so they can be read dictionary-coded."""
    return {c for c in columns
            if c in book.facts or (c.startswith(RECEIVES) and c[len(RECEIVES):] in book.programs)}


def screen_roster(book: Rulebook, roster: pl.DataFrame, on: dt.date, _: Gettext,
                  progress: Progress | None = None,
                  programs: list[str] | None = None, keep_facts: bool = False) -> RosterResult:
    """Screen every row of ``roster`` on ``on``, for every program of the rulebook or only
    ``programs`` (ids already checked by the caller).

    The roster's cells are text (String), or dictionary-coded text (Categorical) in the columns
    of :func:`read_columns`. The result holds the columns passed through (neither facts nor
    ``receives_``), then the results; with ``keep_facts``, every column of the roster, in its
    order, then the results."""
    import dataclasses
    import time

    t0 = time.perf_counter()
    if programs is not None:
        book = dataclasses.replace(book, programs={p: book.programs[p] for p in programs})
    clash = sorted(set(roster.columns) & set(output_columns(book)))
    if clash:
        raise RosterError(_("名单中已有结果列：{columns}。请删除或改名后再试。").format(
            columns=", ".join(clash)))
    known = read_columns(book, roster.columns)
    # fact and receives_ cells may come dictionary-coded (Categorical); the rest is text
    roster = roster.with_columns(
        pl.col(c).cast(pl.String) for c, dtype in roster.schema.items()
        if dtype != pl.String and not (c in known and isinstance(dtype, pl.Categorical)))
    facts = [c for c in roster.columns if c in book.facts]
    receives = [c[len(RECEIVES):] for c in roster.columns if c in known and c not in book.facts]
    passed = [c for c in roster.columns if c not in known]

    n = roster.height
    steps = len(facts) + len(receives) + 2
    step = 0

    def advance() -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(step / steps)

    # columns are read side by side (polars releases the GIL while it works)
    jobs = [(c, book.facts[c]) for c in facts] + [(RECEIVES + p, boolean_def()) for p in receives]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = [pool.submit(parse_column, roster.get_column(c), fdef, _, on)
                   for c, fdef in jobs]
        parsed: list[ParsedColumn] = []
        for future in futures:
            parsed.append(future.result())
            advance()
    absent = [pl.lit(None, dtype=dtype_of(fdef)).alias(name)
              for name, fdef in book.facts.items() if name not in facts]
    typed = pl.DataFrame([p.value for p in parsed] or [pl.Series("__row", range(n))]
                         ).with_columns(absent)
    ctx = exprs.Context(on, {n_: f.type for n_, f in book.facts.items()},
                        {p.name: p.scale for p in parsed if p.scale})
    parse_s = time.perf_counter() - t0

    compute_t0 = time.perf_counter()
    plans: dict[str, tuple[pl.Expr, pl.Expr | None]] = {}
    fallback: dict[str, str] = {}
    amount_fallback: set[str] = set()
    for pid, program in book.programs.items():
        try:
            plans[pid] = _compile(program, ctx)
        except exprs.Unsupported as exc:
            fallback[pid] = str(exc)
        except _AmountTooWide as exc:
            plans[pid] = (_status_expr(program, ctx), None)
            amount_fallback.add(pid)
            fallback[pid] = f"amount: {exc}"
    problems = Problems()
    errors = _row_errors(parsed, n, problems)
    advance()
    out = _screen_all(book, typed, on, plans, fallback, amount_fallback, receives, errors)
    kept = roster if keep_facts else roster.select(passed)  # (coded columns write as text)
    frame = pl.concat([kept, out], how="horizontal") if kept.width else out
    advance()
    result = RosterResult(frame, n, facts, receives, passed, fallback, problems)
    _summarise(book, result)
    result.seconds = {"parse": parse_s, "compute": time.perf_counter() - compute_t0}
    return result


class _AmountTooWide(Exception):
    pass


def _status_expr(program: CompiledProgram, ctx: exprs.Context) -> pl.Expr:
    """The engine's ``evaluate`` as one expression: a settled criterion failing is a "no";
    an unknown one, or an unsettled one failing (the office decides), is undetermined."""
    if ctx.on < program.valid_from or (program.valid_until is not None
                                       and ctx.on > program.valid_until):
        return pl.lit(NOT_IN_FORCE, dtype=STATUS)
    settled: pl.Expr = pl.lit(True)
    open_: pl.Expr = pl.lit(True)
    for c in program.active(ctx.on):
        ok = exprs.cond(c.cond, ctx)
        ok = ok if c.kind == "requirement" else ~ok
        if c.unsettled:
            open_ = open_ & ok
        else:
            settled = settled & ok
    return (pl.when(settled.is_null()).then(pl.lit(UNDETERMINED, dtype=STATUS))
            .when(~settled).then(pl.lit(NOT_ELIGIBLE, dtype=STATUS))
            .when(open_.fill_null(False)).then(pl.lit(ELIGIBLE, dtype=STATUS))
            .otherwise(pl.lit(UNDETERMINED, dtype=STATUS)))


def _compile(program: CompiledProgram, ctx: exprs.Context) -> tuple[pl.Expr, pl.Expr | None]:
    status = _status_expr(program, ctx)
    spec = program.model.amount
    if spec is None or program.amount is None or not spec.in_screening:
        return status, None
    scale = exprs.scale_needed(program.amount, ctx)
    if scale > exprs.MAX_SCALE:
        raise _AmountTooWide(f"needs {scale} decimal places")
    out_scale = min(exprs.result_scale(program.amount, ctx), scale)
    value = exprs.amount(program.amount, ctx, scale).cast(exprs.dec(out_scale))
    return status, value


def _screen_all(book: Rulebook, typed: pl.DataFrame, on: dt.date,
                plans: dict[str, tuple[pl.Expr, pl.Expr | None]], fallback: dict[str, str],
                amount_fallback: set[str], receives: list[str],
                errors: pl.Series) -> pl.DataFrame:
    n = typed.height
    out = typed.with_columns(status.alias(status_col(pid)) for pid, (status, _v) in plans.items())
    # amounts only on the rows that are eligible (few): the decimal arithmetic is the dear part
    amounts: list[pl.Series] = []
    for pid, (_status, value) in plans.items():
        if value is None:
            continue
        eligible = out.get_column(status_col(pid)) == ELIGIBLE
        rows = eligible.arg_true()
        column = _nulls(amount_col(pid), n, pl.String)
        if rows.len():
            try:  # (lazily, so that only the columns the amount reads are filtered)
                got = out.lazy().filter(pl.lit(eligible)).select(
                    value.cast(pl.String)).collect().to_series()
            except pl.exceptions.ComputeError:  # overflow of the decimal type
                amount_fallback.add(pid)
                fallback.setdefault(pid, "amount: overflow in bulk arithmetic")
                continue
            column = column.scatter(rows, got)
        amounts.append(column)
    out = out.with_columns(amounts)
    if fallback:
        out = out.with_columns(_engine_columns(book, out, on, fallback, amount_fallback))
    results: list[pl.Expr] = []
    for pid in book.programs:
        st = pl.col(status_col(pid))
        if amount_col(pid) not in out.columns:
            out = out.with_columns(pl.lit(None, dtype=pl.String).alias(amount_col(pid)))
        elig = (pl.when(st == UNDETERMINED).then(pl.lit(None, dtype=pl.Boolean))
                .otherwise(st == ELIGIBLE))
        gets = pl.col(RECEIVES + pid) if pid in receives else pl.lit(None, dtype=pl.Boolean)
        results.append((elig & ~gets).alias(unclaimed_col(pid)))
    out = out.with_columns(results)
    # the list of programs qualified for but not received, built only on the rows that have one
    flags = [pl.col(unclaimed_col(p)).fill_null(False) for p in book.programs]
    rows = out.select(pl.any_horizontal(flags)).to_series().arg_true()
    listing = _nulls(UNCLAIMED_ALL, n, pl.String)
    if rows.len():
        some = out.select(unclaimed_col(p) for p in book.programs)[rows].select(pl.concat_str(
            [pl.when(f).then(pl.lit(p)) for f, p in zip(flags, book.programs, strict=True)],
            separator=" ", ignore_nulls=True)).to_series()
        listing = listing.scatter(rows, some)
    return out.with_columns(listing, errors.alias(ERRORS)).select(output_columns(book))


def _nulls(name: str, n: int, dtype: Any) -> pl.Series:
    return pl.repeat(None, n, dtype=dtype, eager=True).alias(name)


def _row_errors(parsed: list[ParsedColumn], n: int, problems: Problems,
                keep: int = 50) -> pl.Series:
    """Each row's bad cells as "column: message; …" (null when none), in column order; counts
    them per column and keeps the first ``keep`` (sheet row, column, message) for the report."""
    none = _nulls(ERRORS, n, pl.String)
    rows: list[int] = []
    order: list[int] = []
    texts: list[str] = []
    for k, p in enumerate(parsed):
        if p.bad_rows:
            problems.counts[p.name] = len(p.bad_rows)
            rows += p.bad_rows
            order += [k] * len(p.bad_rows)
            texts += p.bad_texts
    if not rows:
        return none
    bad = pl.DataFrame({"row": rows, "order": order, "text": texts},
                       schema={"row": pl.UInt32, "order": pl.Int32, "text": pl.String})
    bad = bad.sort("row", "order")
    for row, text in bad.head(keep).select("row", "text").iter_rows():
        column, _sep, message = text.partition(": ")
        problems.first.append((row + 2, column, message))
    joined = bad.group_by("row", maintain_order=True).agg(pl.col("text").str.join("; "))
    return none.scatter(joined.get_column("row"), joined.get_column("text"))


def _engine_columns(book: Rulebook, typed: pl.DataFrame, on: dt.date,
                    fallback: dict[str, str], amount_only: set[str]) -> list[pl.Series]:
    """Status and amount of the fallback programs, with the per-person engine, row by row."""
    names = list(book.facts)
    decided = sorted(amount_only)  # their status is compiled; only the amount is per person
    statuses: dict[str, list[str]] = {p: [] for p in fallback}
    amounts: dict[str, list[str | None]] = {p: [] for p in fallback}
    for row in typed.select(names + [status_col(p) for p in decided]).iter_rows():
        facts: dict[str, Any] = {n: v for n, v in zip(names, row, strict=False)
                                 if v is not None}
        for pid in fallback:
            program = book.programs[pid]
            value: Decimal | None = None
            if pid in amount_only:
                status = row[len(names) + decided.index(pid)]
                if status == ELIGIBLE:
                    amount, _ = compute_amount(program, facts, on)
                    value = None if amount is None else amount.value
            else:
                r = evaluate(program, facts, on)
                status = r.status
                value = None if r.amount is None else r.amount.value
            statuses[pid].append(status)
            amounts[pid].append(None if value is None else _text(value))
    out = []
    for pid in fallback:
        out.append(pl.Series(status_col(pid), statuses[pid], dtype=STATUS))
        out.append(pl.Series(amount_col(pid), amounts[pid], dtype=pl.String))
    return out


def _text(value: Decimal) -> str:
    return format(value, "f")


def _summarise(book: Rulebook, result: RosterResult) -> None:
    frame = result.frame
    stats = frame.select(
        [(pl.col(status_col(p)) == s).sum().alias(f"{p}|{s}")
         for p in book.programs for s in STATUSES]
        + [pl.col(unclaimed_col(p)).fill_null(False).sum().alias(f"{p}|unclaimed")
           for p in book.programs]
    ).row(0, named=True)
    for p in book.programs:
        result.counts[p] = {s: int(stats[f"{p}|{s}"]) for s in STATUSES}
        result.unclaimed[p] = int(stats[f"{p}|unclaimed"])
