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
from collections.abc import Callable
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
RECEIVES = "receives_"
UNCLAIMED_ALL = "unclaimed_programs"
ERRORS = "row_errors"
CHUNK_ROWS = 250_000


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


Progress = Callable[[int], None]


def output_columns(book: Rulebook) -> list[str]:
    cols = []
    for pid in book.programs:
        cols += [status_col(pid), amount_col(pid), unclaimed_col(pid)]
    return cols + [UNCLAIMED_ALL, ERRORS]


def screen_roster(book: Rulebook, roster: pl.DataFrame, on: dt.date, _: Gettext,
                  progress: Progress | None = None) -> RosterResult:
    """Screen every row of ``roster`` (all columns text) on ``on``."""
    import time

    t0 = time.perf_counter()
    clash = sorted(set(roster.columns) & set(output_columns(book)))
    if clash:
        raise RosterError(_("名单中已有结果列：{columns}。请删除或改名后再试。").format(
            columns=", ".join(clash)))
    roster = roster.with_columns(pl.col(c).cast(pl.String) for c in roster.columns)
    facts = [c for c in roster.columns if c in book.facts]
    receives = [c[len(RECEIVES):] for c in roster.columns
                if c not in book.facts and c.startswith(RECEIVES) and c[len(RECEIVES):]
                in book.programs]
    known = set(facts) | {RECEIVES + p for p in receives}
    passed = [c for c in roster.columns if c not in known]

    parsed: list[ParsedColumn] = [parse_column(roster, c, book.facts[c], _) for c in facts]
    parsed += [parse_column(roster, RECEIVES + p, boolean_def(), _) for p in receives]
    absent = [pl.lit(None, dtype=dtype_of(fdef)).alias(name)
              for name, fdef in book.facts.items() if name not in facts]
    ctx = exprs.Context(on, {n: f.type for n, f in book.facts.items()},
                        {p.name: p.scale for p in parsed if p.scale})

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
    parse_s = time.perf_counter() - t0

    chunks = []
    problems = Problems()
    n = roster.height
    done = 0
    compute_t0 = time.perf_counter()
    for start in range(0, max(n, 1), CHUNK_ROWS):
        part = roster.slice(start, CHUNK_ROWS)
        typed = part.select([p.value for p in parsed] + absent
                            + [p.error for p in parsed if p.error is not None])
        _note_problems(typed, parsed, start, problems)
        chunks.append(_screen_chunk(book, typed, part, on, ctx, plans, fallback,
                                    amount_fallback, receives, parsed))
        done += part.height
        if progress is not None:
            progress(done)
    frame = pl.concat(chunks, how="vertical") if len(chunks) > 1 else chunks[0]
    result = RosterResult(frame, n, facts, receives, passed, fallback, problems)
    _summarise(book, result)
    result.seconds = {"parse_plan": parse_s, "compute": time.perf_counter() - compute_t0}
    return result


class _AmountTooWide(Exception):
    pass


def _status_expr(program: CompiledProgram, ctx: exprs.Context) -> pl.Expr:
    if ctx.on < program.valid_from or (program.valid_until is not None
                                       and ctx.on > program.valid_until):
        return pl.lit(NOT_IN_FORCE)
    ok: pl.Expr = pl.lit(True)
    for c in program.requirements:
        ok = ok & exprs.cond(c.cond, ctx)
    for c in program.exclusions:
        ok = ok & ~exprs.cond(c.cond, ctx)
    return (pl.when(ok.is_null()).then(pl.lit(UNDETERMINED))
            .when(ok).then(pl.lit(ELIGIBLE)).otherwise(pl.lit(NOT_ELIGIBLE)))


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


def _screen_chunk(book: Rulebook, typed: pl.DataFrame, part: pl.DataFrame, on: dt.date,
                  ctx: exprs.Context, plans: dict[str, tuple[pl.Expr, pl.Expr | None]],
                  fallback: dict[str, str], amount_fallback: set[str], receives: list[str],
                  parsed: list[ParsedColumn]) -> pl.DataFrame:
    cols: list[pl.Expr] = []
    for pid, (status, value) in plans.items():
        cols.append(status.alias(status_col(pid)))
        if value is not None:
            cols.append(pl.when(status == ELIGIBLE).then(value).alias(amount_col(pid)))
    try:
        out = typed.with_columns(cols)
    except pl.exceptions.ComputeError:
        # an amount overflowed the decimal type: compute amounts per person for those programs
        cols = [c for c in cols if not c.meta.output_name().endswith(".amount")]
        out = typed.with_columns(cols)
        amount_fallback.update(pid for pid, (_, v) in plans.items() if v is not None)
        for pid in amount_fallback:
            fallback.setdefault(pid, "amount: overflow in bulk arithmetic")
    extra: list[pl.Series] = []
    if fallback:
        extra = _engine_columns(book, out, on, fallback, amount_fallback)
        out = out.with_columns(extra)
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
    listing = pl.concat_str(
        [pl.when(pl.col(unclaimed_col(p)).fill_null(False)).then(pl.lit(p))
         for p in book.programs], separator=" ", ignore_nulls=True)
    errors = pl.concat_str([pl.col(p.error.meta.output_name()) for p in parsed
                            if p.error is not None] or [pl.lit(None, dtype=pl.String)],
                           separator="; ", ignore_nulls=True)
    out = out.with_columns(
        pl.when(listing != "").then(listing).alias(UNCLAIMED_ALL),
        pl.when(errors != "").then(errors).alias(ERRORS))
    out = out.select(output_columns(book)).with_columns(
        pl.col(amount_col(p)).cast(pl.String) for p in book.programs)
    return pl.concat([part, out], how="horizontal")


def _note_problems(typed: pl.DataFrame, parsed: list[ParsedColumn], start: int,
                   problems: Problems, keep: int = 50) -> None:
    """Count the bad cells of each column; keep the first ``keep`` (sheet row, column, message)."""
    found: list[tuple[int, str, str]] = []
    for p in parsed:
        if p.error is None:
            continue
        errors = typed.get_column(p.error.meta.output_name())
        bad = errors.is_not_null()
        count = int(bad.sum())
        if not count:
            continue
        problems.counts[p.name] = problems.counts.get(p.name, 0) + count
        if len(problems.first) < keep:
            rows = bad.arg_true().head(keep).to_list()
            texts = errors.filter(bad).head(keep).to_list()
            found += [(start + i + 2, p.name, t.partition(": ")[2]) for i, t in zip(
                rows, texts, strict=True)]
    found.sort()
    problems.first.extend(found[:keep - len(problems.first)])


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
        out.append(pl.Series(status_col(pid), statuses[pid], dtype=pl.String))
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
