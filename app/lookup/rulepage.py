"""What a rule page shows about dates: parameter values in force on the "as of" date with
their history, the amount on that date, and the change log of the whole rulebook.

The value in force on a date is the engine's :meth:`ParamSeries.entry_on`; the amount is the
engine's :func:`compute_amount`; wording of parameters and citations is the Presenter's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.engine import AmountResult, CompiledProgram, Rulebook, compute_amount
from app.engine.params import ParamSeries
from app.present import Presenter

Json = dict[str, Any]


def program_series(program: CompiledProgram, present: Presenter) -> list[tuple[ParamSeries, Json]]:
    """The parameters the program's page shows (its own and the shared ones it reads), each
    with the Presenter's translated dict."""
    by_id = {s.id: s for s in program.params.values()}
    shared = present.book.shared_params
    out = []
    for d in present.program_detail(program)["parameters"]:
        series = by_id.get(d["id"]) or shared[d["id"]]
        out.append((series, d))
    return out


def parameters_on(program: CompiledProgram, present: Presenter, on: dt.date) -> list[Json]:
    """Each parameter with ``current``: the index of the value in force on ``on`` (or None)."""
    out = []
    for series, d in program_series(program, present):
        entry = series.entry_on(on)
        current = next((i for i, e in enumerate(series.entries) if e is entry), None)
        out.append({**d, "current": current})
    return out


def in_force(program: CompiledProgram, on: dt.date) -> bool:
    return program.valid_from <= on and (program.valid_until is None or on <= program.valid_until)


def amount_on(program: CompiledProgram, on: dt.date) -> tuple[AmountResult | None, bool]:
    """(the amount on ``on`` when it needs no facts, whether it depends on the person's facts)."""
    if program.amount is None:
        return None, False
    if program.amount_facts:
        return None, True
    amount, _missing = compute_amount(program, {}, on)
    return amount, False


def change_log(book: Rulebook, present: Presenter) -> list[Json]:
    """Every dated parameter value across the rulebook, newest first: the first value of a
    series (``old`` None) and each change from the value before."""
    users: dict[str, list[str]] = {}
    series_of: dict[str, ParamSeries] = {}
    details: dict[str, Json] = {}
    for pid, program in book.programs.items():
        for series, d in program_series(program, present):
            users.setdefault(series.id, []).append(pid)
            series_of[series.id] = series
            details[series.id] = d
    order = {pid: i for i, pid in enumerate(book.programs)}
    rows = []
    for sid, series in series_of.items():
        d = details[sid]
        for i, entry in enumerate(series.entries):
            old = series.entries[i - 1] if i else None
            rows.append({
                "on": entry.valid_from,
                "parameter": sid,
                "title": d["title"],
                "unit": series.model.unit,
                "per": series.model.per,
                "old": None if old is None else old.value,
                "new": entry.value,
                "confidence": entry.confidence,
                "note": d["values"][i]["note"],
                "cites": d["values"][i]["cites"],
                "programs": [{"id": pid, "title": present.title(book.programs[pid])}
                             for pid in users[sid]],
                "_rank": min(order[pid] for pid in users[sid]),
            })
    rows.sort(key=lambda r: (-r["on"].toordinal(), r["_rank"], r["parameter"]))
    for r in rows:
        del r["_rank"]
    return rows
