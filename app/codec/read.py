"""Reading one fact, or a mapping of facts, from typed text, a spreadsheet cell or JSON.

The ONE reader of a fact: every edge (resident pages, staff form, lookup quick check, roster
cells, JSON API) calls these. Values come back as the engine's types: ``bool``, ``int``,
``Decimal``, an enum value id (``str``), ``datetime.date``, or ``None`` for blank/unknown.
Problems name the field and never hold the refused value (see :mod:`app.codec.problems`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from app.engine.schema import FactDef

from . import dates, numbers, words
from .problems import Problem
from .text import MAX_CHARS, normalise

Source = Literal["text", "json", "cell"]
FactDefs = Mapping[str, FactDef]


@dataclass(frozen=True, slots=True)
class Reading:
    """What was read: ``value`` (None for blank or refused) and ``problem`` (None if read)."""

    value: Any = None
    problem: Problem | None = None


BLANK = Reading()


def _defs(book: Any) -> FactDefs:
    return book if isinstance(book, Mapping) else book.facts


def _safe_name(name: Any) -> str:
    """A fact name fit to show and encode (an unknown key may be anything a client sent)."""
    if not isinstance(name, str) or len(name) > MAX_CHARS:
        return "…"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "…"
    return name


def _unknown(name: Any) -> Reading:
    safe = _safe_name(name)
    return Reading(None, Problem(safe, "unknown_fact", {"fact": safe}))


def _type_problem(name: str, fdef: FactDef) -> Problem:
    if fdef.type in ("integer", "number"):
        return numbers.refused(name, fdef)
    if fdef.type == "enum":
        return Problem(name, "enum", {"choices": words.choices(fdef)})
    return Problem(name, fdef.type, {})


def _reading(value: Any, problem: Problem | None) -> Reading:
    return Reading(None, problem) if problem is not None else Reading(value, None)


def read_text(book: Any, name: str, text: str, *, on: dt.date | None) -> Reading:
    """A form field or typed text. Blank is unknown (``value`` None, no problem).

    ``book`` is a Rulebook or a mapping of fact name to FactDef. ``on`` is the screening date;
    None only where answers checked before are read back (no past-event check). Errors:
    ``unknown_fact``, ``too_long`` (over 64 characters), and per type ``boolean``,
    ``integer``/``number``, ``below_min``/``above_max``, ``decimals`` (more digits after the
    point than :data:`app.codec.numbers.MAX_DECIMALS`), ``enum`` (lists the choices),
    ``date``, ``future_date``."""
    fdef = _defs(book).get(name)
    if fdef is None:
        return _unknown(name)
    s = normalise(text)
    if s is None:
        return Reading(None, Problem(name, "too_long", {"limit": MAX_CHARS}))
    if s == "":
        return BLANK
    t = fdef.type
    if t == "boolean":
        yes = words.read_yes_no(s)
        if yes is None:
            yes = words.read_fact_yes_no(fdef, s)
        return Reading(None, _type_problem(name, fdef)) if yes is None else Reading(yes)
    if t in ("integer", "number"):
        return _reading(*numbers.read_number_text(name, fdef, s))
    if t == "enum":
        vid = words.read_enum(fdef, s)
        return Reading(None, _type_problem(name, fdef)) if vid is None else Reading(vid)
    return _reading(*dates.check_date(name, fdef, dates.parse_date_text(s), on))


def _start(book: Any, name: str, value: Any, on: dt.date | None) -> FactDef | Reading:
    """What every reader of a value does first: the reading of an unknown fact, a blank or a
    string (read as typed text); otherwise the fact's definition, for the typed value."""
    fdef = _defs(book).get(name)
    if fdef is None:
        return _unknown(name)
    if value is None:
        return BLANK
    if isinstance(value, str):
        return read_text(book, name, value, on=on)
    return fdef


def read_json(book: Any, name: str, value: Any, *, on: dt.date | None) -> Reading:
    """A JSON value (API). ``null`` is unknown; a string is read as typed text (so ``"45岁"``
    and ``"2024/3/1"`` are read as in a form); a boolean answers a yes/no fact; a number
    answers a number fact (non-finite refused, range checked before conversion). Anything
    else is refused with the fact's type problem. Errors as :func:`read_text`."""
    fdef = _defs(book).get(name)
    if fdef is None:
        return _unknown(name)
    if isinstance(value, bool):
        if fdef.type == "boolean":
            return Reading(value)
        return Reading(None, _type_problem(name, fdef))
    if isinstance(value, str):
        # the plain spelling clients send for an enum, its id: what read_text would find
        # (ASCII is its own NFKC form; a key of the index has no spaces and is casefolded,
        # so ``key(value)`` is ``value``), without normalising and casefolding it first
        if fdef.type == "enum" and value and value.isascii() and len(value) <= MAX_CHARS:
            vid = words.enum_value(fdef, value)
            if vid is not None:
                return Reading(vid)
        return read_text(book, name, value, on=on)
    if value is None:
        return BLANK
    if isinstance(value, int | float) and fdef.type in ("integer", "number"):
        return _reading(*numbers.read_number_value(name, fdef, value))
    return Reading(None, _type_problem(name, fdef))


def read_cell(book: Any, name: str, cell: Any, *, on: dt.date | None) -> Reading:
    """A spreadsheet cell: ``None``/``""`` unknown; text as :func:`read_text`; a date or
    date-time cell for a date fact; a number as an Excel serial for a date fact, as 1/0 for a
    yes/no fact, as itself for a number fact, or as its digits for an enum. Errors as
    :func:`read_text`."""
    fdef = _start(book, name, cell, on)
    if isinstance(fdef, Reading):
        return fdef
    t = fdef.type
    if isinstance(cell, dt.date):
        if t != "date":
            return Reading(None, _type_problem(name, fdef))
        day = cell.date() if isinstance(cell, dt.datetime) else cell
        return _reading(*dates.check_date(name, fdef, day, on))
    if isinstance(cell, bool):
        return Reading(cell) if t == "boolean" else Reading(None, _type_problem(name, fdef))
    if isinstance(cell, int | float):
        if t in ("integer", "number"):
            return _reading(*numbers.read_number_value(name, fdef, cell))
        if t == "date":
            return _reading(*dates.check_date(name, fdef, dates.from_excel_serial(cell), on))
        if t == "boolean" and cell in (0, 1):
            return Reading(bool(cell))
        if t == "enum" and isinstance(cell, int):
            return read_text(book, name, str(cell), on=on)
    return Reading(None, _type_problem(name, fdef))


def json_value(value: Any) -> Any:
    """A value of the engine's types as a JSON value that :func:`read_json` reads back as the
    same value (where answers are kept: the resident's cookie, a saved case): a whole
    ``Decimal`` as an integer, another as a float when the float is that very number, else as
    its plain decimal text (a float would round past 17 digits); a date as ISO text."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        f = float(value)
        return f if Decimal(repr(f)) == value else format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_READERS = {"text": read_text, "json": read_json, "cell": read_cell}


def read_facts(book: Any, raw: Mapping[str, Any], *, on: dt.date | None,
               source: Source = "text"
               ) -> tuple[dict[str, Any], list[Problem]]:
    """A whole mapping of fact name to value, read by ``source``'s reader. Unknown names are
    problems; blank/unknown values are left out of the result."""
    reader = _READERS[source]
    clean: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in raw.items():
        r = reader(book, name, value, on=on)
        if r.problem is not None:
            problems.append(r.problem)
        elif r.value is not None:
            clean[name] = r.value
    return clean, problems
