"""Compile the closed condition and amount vocabularies into small evaluator objects.

Each node is checked against the facts and parameters it names as it is built, so a rule that
names an unknown fact, compares a boolean with a number, or reads a parameter that does not
exist is refused at load with its path. At run time a node only reads facts: conditions answer
True (met), False (unmet) or None (unknown: a fact it needs was not given), in Kleene's
three-valued logic, and a decided answer never changes when more facts are given.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from operator import call
from types import FunctionType
from typing import Any

from .errors import RuleError
from .params import ParamSeries
from .schema import FactDef, ParamValue

Facts = Mapping[str, Any]
Used = list[tuple[ParamSeries, ParamValue]]


# ---------------------------------------------------------------- literals

def literal_for(fdef: FactDef, value: Any) -> Any:
    """Convert a literal written in a rule to the fact's Python type, or raise ValueError."""
    t = fdef.type
    if t == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"{value!r} is not true or false")
        return value
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is a boolean, but the fact is of type {t}")
    if t == "integer":
        if not isinstance(value, int):
            raise ValueError(f"{value!r} is not a whole number")
        return value
    if t == "number":
        if not isinstance(value, int | float):
            raise ValueError(f"{value!r} is not a number")
        return Decimal(str(value))
    if t == "enum":
        if value not in (fdef.values or {}):
            allowed = ", ".join(fdef.values or {})
            raise ValueError(f"{value!r} is not one of the fact's values ({allowed})")
        return value
    # date
    if not (isinstance(value, str) and len(value) == 10 and value[4] == "-"):
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    return dt.date.fromisoformat(value)


def shift_back(day: dt.date, years: int = 0, months: int = 0, days: int = 0) -> dt.date:
    """``day`` moved back; 29 February becomes 28 February in a year without one."""
    if years or months:
        total = day.year * 12 + (day.month - 1) - years * 12 - months
        year, month = divmod(total, 12)
        month += 1
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        day = dt.date(year, month, min(day.day, last))
    return day - dt.timedelta(days=days)


# ---------------------------------------------------------------- operands

class Operand:
    """A value a comparison compares against: literal, parameter or relative date."""

    __slots__ = ()
    at_fact: str | None = None

    def get(self, facts: Facts, on: dt.date) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class ParamOperand(Operand):
    __slots__ = ("series", "at_fact")

    def __init__(self, series: ParamSeries, at_fact: str | None) -> None:
        self.series = series
        self.at_fact = at_fact

    def get(self, facts: Facts, on: dt.date) -> Any:
        if self.at_fact is None:
            return self.series.value_on(on)
        day = facts.get(self.at_fact)
        return None if day is None else self.series.value_on(day)


class RelativeDate(Operand):
    __slots__ = ("years", "months", "days", "_last")

    def __init__(self, years: int = 0, months: int = 0, days: int = 0) -> None:
        self.years, self.months, self.days = years, months, days
        self._last: tuple[dt.date, dt.date] | None = None

    def get(self, facts: Facts, on: dt.date) -> Any:
        last = self._last  # screenings mostly share one date: keep the last answer
        if last is not None and last[0] == on:
            return last[1]
        day = shift_back(on, self.years, self.months, self.days)
        self._last = (on, day)
        return day


# ---------------------------------------------------------------- conditions

class Cond:
    """A compiled condition. ``ev`` answers True, False or None (unknown)."""

    __slots__ = ()

    def ev(self, facts: Facts, on: dt.date) -> bool | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def missing(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        """Add to ``out`` the unknown facts that could still decide this (call when ev is None)."""
        raise NotImplementedError  # pragma: no cover

    def facts_used(self) -> list[str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def emit(self, w: Writer) -> str:  # pragma: no cover - abstract
        """Write statements computing ``ev`` into ``w``; return the local holding the value."""
        raise NotImplementedError

    def emit_missing(self, w: Writer, var: str) -> None:  # pragma: no cover - abstract
        """Write what ``missing`` does, given ``var`` (this node's value) is None."""
        raise NotImplementedError


class All(Cond):
    __slots__ = ("parts", "evs")

    def __init__(self, parts: tuple[Cond, ...]) -> None:
        self.parts = parts
        self.evs = tuple(p.ev for p in parts)  # bound once: the hot loop makes no lookups

    def ev(self, facts: Facts, on: dt.date) -> bool | None:
        unknown = False
        for ev in self.evs:
            r = ev(facts, on)
            if r is False:
                return False
            if r is None:
                unknown = True
        return None if unknown else True

    def missing(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        for part in self.parts:
            if part.ev(facts, on) is None:
                part.missing(facts, on, out)

    def facts_used(self) -> list[str]:
        return [f for p in self.parts for f in p.facts_used()]

    def emit(self, w: Writer) -> str:
        xs = [p.emit(w) for p in self.parts]
        return w.junction(self, xs, decisive="False")

    def emit_missing(self, w: Writer, var: str) -> None:
        for part, x in zip(self.parts, w.part_vars[id(self)], strict=True):
            with w.block(f"if {x} is None:"):
                part.emit_missing(w, x)


class Any_(Cond):
    __slots__ = ("parts", "evs")

    def __init__(self, parts: tuple[Cond, ...]) -> None:
        self.parts = parts
        self.evs = tuple(p.ev for p in parts)

    def ev(self, facts: Facts, on: dt.date) -> bool | None:
        unknown = False
        for ev in self.evs:
            r = ev(facts, on)
            if r is True:
                return True
            if r is None:
                unknown = True
        return None if unknown else False

    missing = All.missing
    emit_missing = All.emit_missing

    def facts_used(self) -> list[str]:
        return [f for p in self.parts for f in p.facts_used()]

    def emit(self, w: Writer) -> str:
        xs = [p.emit(w) for p in self.parts]
        return w.junction(self, xs, decisive="True")


class Not(Cond):
    __slots__ = ("part",)

    def __init__(self, part: Cond) -> None:
        self.part = part

    def ev(self, facts: Facts, on: dt.date) -> bool | None:
        r = self.part.ev(facts, on)
        return None if r is None else not r

    def missing(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        self.part.missing(facts, on, out)

    def facts_used(self) -> list[str]:
        return self.part.facts_used()

    def emit(self, w: Writer) -> str:
        x = self.part.emit(w)
        w.part_vars[id(self)] = [x]
        return w.tmp(f"None if {x} is None else not {x}")

    def emit_missing(self, w: Writer, var: str) -> None:
        self.part.emit_missing(w, w.part_vars[id(self)][0])


class Const(Cond):
    """A criterion with no condition: an unsettled one the office decides in every case (a
    requirement never met by the rule alone, an exclusion that may always hold)."""

    __slots__ = ("value",)

    def __init__(self, value: bool) -> None:
        self.value = value

    def ev(self, facts: Facts, on: dt.date) -> bool | None:
        return self.value

    def missing(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        return None

    def facts_used(self) -> list[str]:
        return []

    def emit(self, w: Writer) -> str:
        return "True" if self.value else "False"

    def emit_missing(self, w: Writer, var: str) -> None:
        w.line("pass")


class Leaf(Cond):
    __slots__ = ("fact",)
    fact: str

    def missing(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        if facts.get(self.fact) is None:
            out[self.fact] = None
        at = self._at_fact()
        if at is not None and facts.get(at) is None:
            out[at] = None

    def _at_fact(self) -> str | None:
        return None

    def facts_used(self) -> list[str]:
        at = self._at_fact()
        return [self.fact] if at is None else [self.fact, at]

    # the comparison written in Python, ``{v}`` standing for the fact's value (not None)
    test = ""

    def emit(self, w: Writer) -> str:
        v = w.fact(self.fact)
        return w.tmp(f"None if {v} is None else " + self.test.format(v=v, k=w.const(self._arg())))

    def _arg(self) -> Any:
        return None

    def emit_missing(self, w: Writer, var: str) -> None:
        w.line(f"if {w.fact(self.fact)} is None: m[{w.const(self.fact)}] = None")
        at = self._at_fact()
        if at is not None:
            w.line(f"if {w.fact(at)} is None: m[{w.const(at)}] = None")


class Is(Leaf):
    __slots__ = ("value",)
    test = "{v} == {k}"

    def _arg(self) -> Any:
        return self.value

    def __init__(self, fact: str, value: Any) -> None:
        self.fact, self.value = fact, value

    def ev(self, facts: Facts, on: dt.date) -> bool | None:
        v = facts.get(self.fact)
        return None if v is None else v == self.value


class In(Leaf):
    __slots__ = ("values",)
    test = "{v} in {k}"

    def _arg(self) -> Any:
        return self.values

    def __init__(self, fact: str, values: frozenset[Any]) -> None:
        self.fact, self.values = fact, values

    def ev(self, facts: Facts, on: dt.date) -> bool | None:
        v = facts.get(self.fact)
        return None if v is None else v in self.values


class AtLeast(Leaf):
    __slots__ = ("bound",)
    test = "{v} >= {k}"

    def _arg(self) -> Any:
        return self.bound

    def __init__(self, fact: str, bound: Any) -> None:
        self.fact, self.bound = fact, bound

    def ev(self, facts: Facts, on: dt.date) -> bool | None:
        v = facts.get(self.fact)
        return None if v is None else v >= self.bound


class AtMost(AtLeast):
    __slots__ = ()
    test = "{v} <= {k}"

    def ev(self, facts: Facts, on: dt.date) -> bool | None:
        v = facts.get(self.fact)
        return None if v is None else v <= self.bound


class AtLeastOperand(Leaf):
    __slots__ = ("operand",)
    op = ">="

    def emit(self, w: Writer) -> str:
        # the bound is None when the rulebook has no dated value; a parameter's is read
        # inline (ParamOperand.get, without the call)
        v, operand = w.fact(self.fact), self.operand
        if isinstance(operand, ParamOperand):
            series = w.const_obj(operand.series)
            if operand.at_fact is None:
                bound = f"{series}.value_on(on)"
            else:
                day = w.fact(operand.at_fact)
                bound = f"(None if {day} is None else {series}.value_on({day}))"
        else:
            bound = f"{w.const(operand.get)}(facts, on)"
        return w.tmp(f"None if {v} is None else (None if (b := {bound}) is None "
                     f"else {v} {self.op} b)")

    def __init__(self, fact: str, operand: Operand) -> None:
        self.fact, self.operand = fact, operand

    def ev(self, facts: Facts, on: dt.date) -> bool | None:
        v = facts.get(self.fact)
        if v is None:
            return None
        bound = self.operand.get(facts, on)
        return None if bound is None else v >= bound

    def _at_fact(self) -> str | None:
        return self.operand.at_fact


class AtMostOperand(AtLeastOperand):
    __slots__ = ()
    op = "<="

    def ev(self, facts: Facts, on: dt.date) -> bool | None:
        v = facts.get(self.fact)
        if v is None:
            return None
        bound = self.operand.get(facts, on)
        return None if bound is None else v <= bound


# ---------------------------------------------------------------- amount expressions

class Expr:
    """A compiled amount expression. ``ev`` gives a Decimal, or None when an input is unknown."""

    __slots__ = ()

    def ev(self, facts: Facts, on: dt.date, used: Used) -> Decimal | None:  # pragma: no cover
        raise NotImplementedError

    def need(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        """Add to ``out`` the unknown facts this expression still needs."""

    def facts_used(self) -> list[str]:
        return []

    def emit(self, w: Writer) -> str:  # pragma: no cover - abstract
        """Write statements computing ``ev`` into ``w`` (see :func:`amount_function`): each
        parameter value used is appended to the local ``used`` where ``ev`` appends it, and a
        part after an unknown one is not worked out, as in ``ev``. Returns the local (or
        constant) holding the value, None when an input is unknown."""
        raise NotImplementedError


class Lit(Expr):
    __slots__ = ("value",)

    def __init__(self, value: Decimal) -> None:
        self.value = value

    def ev(self, facts: Facts, on: dt.date, used: Used) -> Decimal | None:
        return self.value

    def emit(self, w: Writer) -> str:
        return w.const_obj(self.value)  # this very Decimal: 0.5 and 0.50 multiply apart


class FactExpr(Expr):
    __slots__ = ("fact",)

    def __init__(self, fact: str) -> None:
        self.fact = fact

    def ev(self, facts: Facts, on: dt.date, used: Used) -> Decimal | None:
        v = facts.get(self.fact)
        return None if v is None else Decimal(v)

    def emit(self, w: Writer) -> str:
        v = w.fact(self.fact)
        return w.tmp(f"None if {v} is None else {w.const(Decimal)}({v})")

    def need(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        if facts.get(self.fact) is None:
            out[self.fact] = None

    def facts_used(self) -> list[str]:
        return [self.fact]


class ParamExpr(Expr):
    __slots__ = ("series", "at_fact")

    def __init__(self, series: ParamSeries, at_fact: str | None) -> None:
        self.series, self.at_fact = series, at_fact

    def ev(self, facts: Facts, on: dt.date, used: Used) -> Decimal | None:
        day = on if self.at_fact is None else facts.get(self.at_fact)
        if day is None:
            return None
        entry = self.series.entry_on(day)
        if entry is None:
            return None
        used.append((self.series, entry))
        return entry.value

    def need(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        if self.at_fact is not None and facts.get(self.at_fact) is None:
            out[self.at_fact] = None

    def emit(self, w: Writer) -> str:
        series = w.const_obj(self.series)
        if self.at_fact is None:
            entry = w.tmp(f"{series}.entry_on(on)")
        else:
            day = w.fact(self.at_fact)
            entry = w.tmp(f"None if {day} is None else {series}.entry_on({day})")
        w.line(f"if {entry} is not None: used.append(({series}, {entry}))")  # each use, in order
        return w.tmp(f"None if {entry} is None else {entry}.value")

    def facts_used(self) -> list[str]:
        return [] if self.at_fact is None else [self.at_fact]


class Fold(Expr):
    __slots__ = ("parts", "op")

    def __init__(self, parts: tuple[Expr, ...], op: Callable[[Decimal, Decimal], Decimal]) -> None:
        self.parts, self.op = parts, op

    def ev(self, facts: Facts, on: dt.date, used: Used) -> Decimal | None:
        acc: Decimal | None = None
        for part in self.parts:
            v = part.ev(facts, on, used)
            if v is None:
                return None
            acc = v if acc is None else self.op(acc, v)
        return acc

    def need(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        for part in self.parts:
            part.need(facts, on, out)

    def facts_used(self) -> list[str]:
        return [f for p in self.parts for f in p.facts_used()]

    def emit(self, w: Writer) -> str:
        acc = w.fresh()
        w.line(f"{acc} = {self.parts[0].emit(w)}")
        op = w.const(self.op)
        for part in self.parts[1:]:  # each part only while the ones before it are known
            with w.block(f"if {acc} is not None:"):
                v = part.emit(w)
                if isinstance(part, Lit):  # never None
                    w.line(f"{acc} = {op}({acc}, {v})")
                else:
                    w.line(f"{acc} = None if {v} is None else {op}({acc}, {v})")
        return acc


class Quantize(Expr):
    __slots__ = ("part", "exp", "rounding")

    def __init__(self, part: Expr, places: int, rounding: str) -> None:
        self.part, self.exp, self.rounding = part, Decimal(1).scaleb(-places), rounding

    def ev(self, facts: Facts, on: dt.date, used: Used) -> Decimal | None:
        v = self.part.ev(facts, on, used)
        return None if v is None else v.quantize(self.exp, rounding=self.rounding)

    def need(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        self.part.need(facts, on, out)

    def facts_used(self) -> list[str]:
        return self.part.facts_used()

    def emit(self, w: Writer) -> str:
        v = self.part.emit(w)
        return w.tmp(f"None if {v} is None else {v}.quantize({w.const_obj(self.exp)}, "
                     f"rounding={w.const(self.rounding)})")


class Cases(Expr):
    __slots__ = ("cases", "otherwise")

    def __init__(self, cases: tuple[tuple[Cond, Expr], ...], otherwise: Expr | None) -> None:
        self.cases, self.otherwise = cases, otherwise

    def ev(self, facts: Facts, on: dt.date, used: Used) -> Decimal | None:
        for cond, then in self.cases:
            r = cond.ev(facts, on)
            if r is None:
                return None
            if r:
                return then.ev(facts, on, used)
        return None if self.otherwise is None else self.otherwise.ev(facts, on, used)

    def need(self, facts: Facts, on: dt.date, out: dict[str, None]) -> None:
        for cond, then in self.cases:
            r = cond.ev(facts, on)
            if r is None:
                cond.missing(facts, on, out)
                return
            if r:
                then.need(facts, on, out)
                return
        if self.otherwise is not None:
            self.otherwise.need(facts, on, out)

    def facts_used(self) -> list[str]:
        out = [f for c, e in self.cases for f in (*c.facts_used(), *e.facts_used())]
        return out + (self.otherwise.facts_used() if self.otherwise else [])

    def emit(self, w: Writer) -> str:
        x = w.fresh()
        self._emit_from(w, 0, x)
        return x

    def _emit_from(self, w: Writer, i: int, x: str) -> None:
        """Cases ``i``… in order: unknown when a condition is, else the first that holds."""
        if i == len(self.cases):
            w.line(f"{x} = {'None' if self.otherwise is None else self.otherwise.emit(w)}")
            return
        cond, then = self.cases[i]
        c = cond.emit(w)
        with w.block(f"if {c} is None:"):
            w.line(f"{x} = None")
        with w.block(f"elif {c}:"):
            w.line(f"{x} = {then.emit(w)}")
        with w.block("else:"):
            self._emit_from(w, i + 1, x)


# ---------------------------------------------------------------- straight-line programs

class Writer:
    """Writes one program's criteria as one straight-line Python function (the hot path).

    Each condition node writes what its ``ev`` computes (:meth:`Cond.emit`) and what its
    ``missing`` adds (:meth:`Cond.emit_missing`); each fact is read from the mapping once. No
    text of a rule reaches the source: fact names, literals and parameter series are passed
    in as constants (``k0``, ``k1``, …), so the source holds only names made here.
    """

    def __init__(self) -> None:
        self.ns: dict[str, Any] = {"__builtins__": {}, "tuple": tuple}
        self.consts: dict[Any, str] = {}
        self.done: dict[str, str] = {}
        self.facts: dict[str, str] = {}
        self.reads: list[str] = []
        self.body: list[str] = []
        self.indent = 1
        self.n = 0
        self.part_vars: dict[int, list[str]] = {}

    def const(self, value: Any) -> str:
        try:
            key: Any = (type(value), value)
            hash(key)
        except TypeError:
            key = id(value)
        name = self.consts.get(key)
        if name is None:
            name = self.consts[key] = f"k{len(self.ns)}"
            self.ns[name] = value
        return name

    def const_obj(self, value: Any) -> str:
        """A constant for this very object (:meth:`const` takes an equal one: Decimal 0.5 for
        0.50, which an amount must not)."""
        name = self.consts.get(("object", id(value)))
        if name is None:
            name = self.consts[("object", id(value))] = f"k{len(self.ns)}"
            self.ns[name] = value  # held here, so its id is not reused meanwhile
        return name

    def sub(self) -> Writer:
        """A writer of statements at this one's indent, with its own fact reads and locals
        computed once, naming constants in this one's table; :meth:`splice` takes them back."""
        w = Writer()
        w.ns, w.consts, w.indent, w.n = self.ns, self.consts, self.indent, self.n
        return w

    def splice(self, sub: Writer) -> None:
        """Write ``sub``'s fact reads, then its statements, here."""
        self.body.extend("    " * self.indent + line.strip() for line in sub.reads)
        self.body.extend(sub.body)
        self.n = sub.n

    def fresh(self) -> str:
        """A new local, assigned more than once (never taken by :meth:`tmp`)."""
        self.n += 1
        return f"t{self.n}"

    def fact(self, name: str) -> str:
        var = self.facts.get(name)
        if var is None:
            var = self.facts[name] = f"f{len(self.facts)}"
            self.reads.append(f"    {var} = get({self.const(name)})")
        return var

    def line(self, text: str) -> None:
        self.body.append("    " * self.indent + text)

    def tmp(self, expr: str) -> str:
        """A local holding ``expr``; the same expression at the top level is computed once
        (every local is assigned once, and a node's value depends only on its text)."""
        top = self.indent == 1
        if top and expr in self.done:
            return self.done[expr]
        self.n += 1
        self.line(f"t{self.n} = {expr}")
        if top:
            self.done[expr] = f"t{self.n}"
        return f"t{self.n}"

    def junction(self, node: Cond, xs: list[str], decisive: str) -> str:
        """Kleene's all (``decisive`` False) or any (``decisive`` True) of the parts ``xs``."""
        self.part_vars[id(node)] = xs
        # every part known (True or False): Python's and / or; else the decisive value if a
        # part has it, else unknown
        known = " and ".join(f"{x} is not None" for x in xs)
        both = f" {'and' if decisive == 'False' else 'or'} ".join(xs)
        first = " or ".join(f"{x} is {decisive}" for x in xs)
        return self.tmp(f"({both}) if ({known}) else ({decisive} if ({first}) else None)")

    def block(self, head: str) -> _Block:
        self.line(head)
        return _Block(self)


class _Block:
    def __init__(self, w: Writer) -> None:
        self.w = w

    def __enter__(self) -> None:
        self.w.indent += 1

    def __exit__(self, *exc: object) -> None:
        self.w.indent -= 1


# (values, fails, missing, gaps, inactive, key): see program_function
RunAnswer = tuple[tuple[bool | None, ...], bool, tuple[str, ...] | None, tuple[int, ...],
                  frozenset[int], Any]
Run = Callable[[Facts, dt.date, frozenset[int]], RunAnswer]


# (conds, n_requirements, settled, dated, by_date): see _emit_program
ProgramSpec = tuple[tuple[Cond, ...], int, tuple[bool, ...], tuple[bool, ...], bool]


def _can_gap(cond: Cond) -> bool:
    """Whether ``cond`` can be unknown with every fact it reads given: it compares with a
    parameter, which has no value for a date before its first."""
    if isinstance(cond, AtLeastOperand):
        return isinstance(cond.operand, ParamOperand)
    parts = getattr(cond, "parts", None) or (
        (cond.part,) if isinstance(cond, Not) else ())
    return any(_can_gap(p) for p in parts)


def _subtree(w: Writer, node: Cond) -> list[str]:
    """The locals holding the values of ``node``'s parts, and of theirs, as written."""
    out: list[str] = []
    parts = getattr(node, "parts", None) or ((node.part,) if isinstance(node, Not) else ())
    for part, x in zip(parts, w.part_vars.get(id(node), ()), strict=False):
        out.append(x)
        out.extend(_subtree(w, part))
    return out


class _Program:
    """One program's criteria written into a :class:`Writer` (see :func:`program_function`):
    ``spec`` is (conds, n_requirements, settled, dated, by_date), ``j`` names its locals apart
    from the other programs', ``inactive`` is the expression of its criteria not in force.
    Writing it writes each criterion's value (``cs``, a local or a constant); :meth:`key`,
    :meth:`answer` and :meth:`missing_answer` then write its answer and key from them."""

    def __init__(self, w: Writer, spec: ProgramSpec, j: int, inactive: str) -> None:
        conds, n_requirements, settled, dated, self.by_date = spec
        self.w, self.j, self.inactive, self.conds = w, j, inactive, conds
        self.dated = any(dated)
        cs: list[str] = []
        for i, cond in enumerate(conds):
            if dated[i]:
                c = f"p{j}c{i}"
                with w.block(f"if {i} in {inactive}:"):
                    w.line(f"{c} = {i < n_requirements}")
                with w.block("else:"):
                    w.line(f"{c} = {cond.emit(w)}")
            else:
                c = cond.emit(w)  # a local assigned once (or a constant): read as it is
            cs.append(c)
        self.cs = cs
        fails = [f"{c} is {'False' if i < n_requirements else 'True'}"
                 for i, c in enumerate(cs) if settled[i]]
        self.gaps = [i for i, cond in enumerate(conds) if _can_gap(cond)]
        # whether it fails: worked out only where it decides (a value unknown) or is answered
        self.fails = f"({' or '.join(fails)})" if fails else "False"
        # None not in values, without a comparison with each (True == None is a slow False)
        known = " and ".join(f"{c} is not None" for c in cs if c not in ("True", "False"))
        # every value known, or one that fails: the rest of the answer follows from the
        # values while every criterion is in force
        self.settled = f"({known or 'True'})" + (f" or {self.fails}" if fails else "")
        self.values = f"({', '.join(cs)},)"
        # the key of a settled answer
        self.settled_key = (f"(values if not {inactive} else (values, {self.fails}, None, (), "
                            f"{inactive}))") if self.dated else "values"

    def settled_answer(self, key: str) -> str:
        return f"values, {self.fails}, None, (), {self.inactive}, {key}"

    def missing_answer(self, a: str, key: str | None) -> None:
        """Write the answer of the branch with facts missing into ``a`` (its key ``key``, or
        with None the first five parts themselves), given ``values``."""
        w = self.w
        w.line("out = {}")
        if self.gaps:
            w.line("gaps = []")
        for i, (cond, c) in enumerate(zip(self.conds, self.cs, strict=True)):
            if type(cond) in (Is, In, AtLeast, AtMost):  # unknown exactly when its fact is
                w.line(f"if {c} is None: out[{w.const(cond.fact)}] = None")  # type: ignore[attr-defined]
                continue
            if isinstance(cond, Const):  # never unknown
                continue
            with w.block(f"if {c} is None:"):
                if i not in self.gaps:  # unknown only where a fact is: each goes straight in
                    w.line("m = out")
                    cond.emit_missing(w, c)
                    continue
                w.line("m = {}")
                cond.emit_missing(w, c)
                with w.block("if m:"):
                    w.line("out.update(m)")
                with w.block("else:"):
                    w.line(f"gaps.append({i})")
        w.line(f"answer = values, False, tuple(out), {'tuple(gaps)' if self.gaps else '()'}, "
               f"{self.inactive}")
        w.line(f"{a} = answer + ({key or 'answer'},)")

    def open_key(self) -> str | None:
        """The key of an answer with a value unknown and none failing, as an expression, or
        None where it is the answer's first five parts (a criterion can be unknown without a
        fact missing, or one is dated). Every unknown names the facts it needs: what is
        missing follows from the values of the unknown criteria's parts, so these (not the
        facts missing) make the key, and the facts are worked out only when nothing is kept
        for it."""
        if self.gaps or self.dated:
            return None
        parts = []
        for cond, c in zip(self.conds, self.cs, strict=True):
            sub = _subtree(self.w, cond)
            parts.append(f"({c} if {c} is not None else ({', '.join(sub)},))" if sub else c)
        return f"({', '.join(parts)},)" if parts != self.cs else "values"

    def program_answer(self, a: str) -> None:
        """Write the answer into ``a`` (:func:`program_function`)."""
        w = self.w
        w.line(f"values = {self.values}")
        with w.block(f"if {self.settled}:"):
            w.line(f"{a} = {self.settled_answer(self.settled_key)}")
        with w.block("else:"):
            key = self.open_key()
            if key is not None:
                w.line(f"key = {key}")
            self.missing_answer(a, None if key is None else "key")

    def key(self) -> str:
        """Write what the key needs; return the expression of the key (:func:`rulebook_function`:
        without a fact missing, the values alone)."""
        w, values, open_key = self.w, self.values, self.open_key()
        if open_key is None:  # the answer's first five are the key: the answer is made here
            q = f"q{self.j}"
            with w.block(f"if {self.settled}:"):
                w.line(f"{q} = {self.settled_key.replace('values', values)}")
            with w.block("else:"):
                w.line(f"values = {values}")
                self.missing_answer(f"a{self.j}", None)
                w.line(f"{q} = a{self.j}[5]")
            return q
        if open_key == "values":
            return values
        return f"({values} if {self.settled} else {open_key.replace('values', values)})"

    def answer(self, target: str, key: str) -> None:
        """Write the answer into ``target``, given its key ``key`` (after :meth:`key`)."""
        w = self.w
        w.line(f"values = {self.values}")
        with w.block(f"if {self.settled}:"):
            w.line(f"{target} = {self.settled_answer(key)}")
        with w.block("else:"):
            if self.open_key() is None:
                w.line(f"{target} = a{self.j}")  # made by key()
            else:
                self.missing_answer(target, key)


def _made(w: Writer, head: str, label: str) -> Any:
    """The function ``head`` (``def run(ARGS):`` and its first lines) and ``w``'s statements
    make. Its constants are also parameters with the constant as default value, so that the
    body reads them as locals (a global's lookup cost more); callers pass only ARGS. Three or
    more facts are read by one ``map`` of the mapping's ``get``."""
    reads = w.reads
    if len(w.facts) >= 3:
        names = w.const(tuple(w.facts))
        reads = [f"    {', '.join(w.facts.values())}, = {w.const(map)}(get, {names})"]
    consts = [k for k in w.ns if k != "__builtins__"]
    args, rest = head.split("):\n", 1)
    head = f"{args}, {', '.join(f'{k}={k}' for k in consts)}):\n{rest}"
    src = head + "    get = facts.get\n" + "\n".join(reads + w.body)
    exec(compile(src, f"<rules {label}>", "exec"), w.ns)  # noqa: S102 - source made above
    run = w.ns["run"]
    run.source = src  # for a reader who wants to see it
    return run


def program_function(label: str, conds: tuple[Cond, ...], n_requirements: int,
                     settled: tuple[bool, ...], dated: tuple[bool, ...]) -> Run:
    """One function for a program's criteria (requirements first, then exclusions):
    ``run(facts, on, inactive) -> (values, fails, missing, gaps, inactive, key)``.

    ``values``: each criterion's ``ev`` (a ``dated`` criterion whose index is in ``inactive``
    counts as a requirement met / an exclusion not holding); ``fails``: a ``settled``
    requirement is unmet or a settled exclusion holds. Unless it fails and when a value is
    None, ``missing``: the facts the unknown criteria's ``missing`` name, in their order, and
    ``gaps``: the indexes of the unknown criteria that name none (every fact given, but no
    dated value for the date); else ``missing`` is None. These five are all a result without
    an amount depends on; ``key`` is a hashable value that determines them, and keys the
    shared results (:func:`app.engine.screen.evaluate`): ``values`` while no fact is missing
    and every criterion is in force; with facts missing and no criterion that can be unknown
    without one (none compares with a parameter, none dated), ``values`` with each unknown
    criterion's entry the tuple of its parts' values (what its ``missing`` walks); else the
    first five themselves. Exactly what ``Cond.ev`` and ``Cond.missing`` give, node by node,
    without a call per node.
    """
    w = Writer()
    _Program(w, (conds, n_requirements, settled, dated, False), 0, "inactive").program_answer("a")
    w.line("return a")
    run: Run = _made(w, "def run(facts, on, inactive):\n", label)
    return run


class _False(type):
    def __bool__(cls) -> bool:
        return False


class NeedsAmount(metaclass=_False):
    """What a program's kept results hold for an answer that makes it eligible with an amount
    worked out each time (:func:`app.engine.screen.evaluate`): a class, so that a pickled
    :func:`rulebook_function` names the very same one; false, as a result not kept (None)."""


# (each program's kept result, or its answer where none is kept; the indexes of the latter)
RunAll = Callable[[Facts, dt.date, tuple[frozenset[int], ...],
                   tuple[Callable[[RunAnswer], Any], ...]], tuple[list[Any], list[int]]]


def rulebook_function(specs: tuple[ProgramSpec, ...]) -> RunAll:
    """Every program's :func:`program_function` as one function that also looks up each
    answer's kept result: ``run(facts, on, inactives, lookups) -> (results, missed)``.

    ``inactives``: each program's criteria not in force, in the order of ``specs``;
    ``lookups``: each program's ``get`` of its kept results (answer -> result). ``results``
    holds, per program, the kept result for its answer's key (with ``by_date``, for the pair
    of it and the screening date) — or, where none is kept or the one kept is
    :class:`NeedsAmount`, the answer itself as the program's own function gives it, its
    index then in ``missed``. Each fact is read once for all programs, and a condition
    written alike in several programs (a named criterion of ``rules/criteria.yaml``, a
    certificate or registration test) is worked out once. The keys are looked up all at
    once (``map``); the facts missing are worked out only for a key not met before."""
    w = Writer()
    programs = [_Program(w, spec, j, f"ia[{j}]" if any(spec[3]) else w.const(frozenset()))
                for j, spec in enumerate(specs)]
    keys = [p.key() for p in programs]
    w.line("keys = (" + "".join(f"({k}, on), " if p.by_date else f"{k}, "
                                for p, k in zip(programs, keys, strict=True)) + ")")
    w.line(f"res = {w.const(list)}({w.const(map)}({w.const(call)}, lookups, keys))")
    with w.block(f"if {w.const(all)}(res):"):  # every one kept (NeedsAmount is false)
        w.line("return res, []")
    w.line("missed = []")
    for j, p in enumerate(programs):
        with w.block(f"if not res[{j}]:"):
            p.answer(f"res[{j}]", f"keys[{j}][0]" if p.by_date else f"keys[{j}]")
            w.line(f"missed.append({j})")
    w.line("return res, missed")
    run: RunAll = _made(w, "def run(facts, on, ia, lookups):\n", "rulebook")
    return run


# (value, parameter values used in order) or None when an input is unknown: see amount_function
AmountRun = Callable[[Facts, dt.date], tuple[Decimal, Used] | None]


def amount_function(label: str, expr: Expr) -> AmountRun:
    """A program's amount as one function: ``run(facts, on) -> (value, used) | None``.

    Exactly ``expr.ev(facts, on, used)`` with ``used`` a new list, node by node, without a
    call per node: ``value`` the Decimal and ``used`` the ``(series, ParamValue)`` each
    parameter read appended, in order; None where ``ev`` gives None (an input unknown: the
    facts still needed come from ``expr.need``)."""
    w = Writer()
    w.line("used = []")
    x = expr.emit(w)
    w.line(f"return None if {x} is None else ({x}, used)")
    run: AmountRun = _made(w, "def run(facts, on):\n", f"{label} amount")
    return run


def function_state(run: Run) -> tuple[bytes, dict[str, Any], str]:
    """What a pickle keeps of a :func:`program_function`: its compiled code (``marshal``:
    the rulebook cache is keyed by the Python version), its constants and its source."""
    consts = {k: v for k, v in run.__globals__.items()  # type: ignore[attr-defined]
              if k not in ("__builtins__", "run")}
    return marshal.dumps(run.__code__), consts, run.source  # type: ignore[attr-defined]


def function_from_state(code: bytes, consts: dict[str, Any], source: str) -> Run:
    """The function again from :func:`function_state`, without compiling its source."""
    ns = {"__builtins__": {}, **consts}
    c = marshal.loads(code)  # noqa: S302 - our own cache file
    # the constants are also the last parameters' default values (see _made)
    params = c.co_varnames[:c.co_argcount]
    run = FunctionType(c, ns, "run", tuple(ns[k] for k in params if k in consts))
    run.source = source  # type: ignore[attr-defined]
    return run  # type: ignore[return-value]


# ---------------------------------------------------------------- the compiler

class Compiler:
    """Builds nodes for one rule file, naming the file and path in every refusal."""

    def __init__(self, file: str, facts: Mapping[str, FactDef],
                 params: Mapping[str, ParamSeries]) -> None:
        self.file, self.facts, self.params = file, facts, params

    def fail(self, path: str, problem: str) -> RuleError:
        return RuleError(self.file, path, problem)

    def _fact(self, name: Any, path: str) -> FactDef:
        if not isinstance(name, str) or name not in self.facts:
            raise self.fail(f"{path}.fact", f"unknown fact {name!r} (not in rules/facts.yaml)")
        return self.facts[name]

    def _param(self, spec: Mapping[str, Any], path: str) -> tuple[ParamSeries, str | None]:
        extra = set(spec) - {"param", "at"}
        if extra:
            raise self.fail(path, f"unknown key(s) {sorted(extra)} beside 'param'")
        name = spec["param"]
        if name not in self.params:
            raise self.fail(f"{path}.param", f"unknown parameter {name!r}")
        at = spec.get("at")
        if at is not None and self._fact(at, path).type != "date":
            raise self.fail(f"{path}.at", f"fact {at!r} is not a date")
        return self.params[name], at

    def cond(self, node: Any, path: str) -> Cond:
        if not isinstance(node, dict) or not node:
            raise self.fail(path, "a condition must be a mapping (all, any, not, or fact: …)")
        if "all" in node or "any" in node:
            key = "all" if "all" in node else "any"
            if len(node) != 1:
                raise self.fail(path, f"'{key}' must stand alone in its condition")
            parts = node[key]
            if not isinstance(parts, list) or not parts:
                raise self.fail(f"{path}.{key}", "must be a non-empty list of conditions")
            built = tuple(self.cond(p, f"{path}.{key}[{i}]") for i, p in enumerate(parts))
            return All(built) if key == "all" else Any_(built)
        if "not" in node:
            if len(node) != 1:
                raise self.fail(path, "'not' must stand alone in its condition")
            return Not(self.cond(node["not"], f"{path}.not"))
        if "fact" not in node:
            raise self.fail(path, f"unknown condition {sorted(node)}: use all, any, not or fact")
        fdef = self._fact(node["fact"], path)
        fact = node["fact"]
        ops = set(node) - {"fact"}
        if len(ops) != 1 or not ops <= {"is", "in", "at_least", "at_most"}:
            raise self.fail(path, f"a fact condition needs exactly one of is, in, at_least, "
                                  f"at_most; found {sorted(ops) or 'none'}")
        op = ops.pop()
        arg = node[op]
        where = f"{path}.{op}"
        try:
            if op == "is":
                return Is(fact, literal_for(fdef, arg))
            if op == "in":
                if not isinstance(arg, list) or not arg:
                    raise ValueError("'in' takes a non-empty list")
                return In(fact, frozenset(literal_for(fdef, a) for a in arg))
        except ValueError as exc:
            raise self.fail(where, f"{exc} (fact {fact!r} is {fdef.type})") from None
        # at_least / at_most
        if fdef.type not in ("integer", "number", "date"):
            raise self.fail(where, f"fact {fact!r} is {fdef.type}: only numbers and dates compare")
        if isinstance(arg, dict) and "param" in arg:
            if fdef.type == "date":
                raise self.fail(where, "a date fact cannot be compared with a parameter")
            series, at = self._param(arg, where)
            klass = AtLeastOperand if op == "at_least" else AtMostOperand
            return klass(fact, ParamOperand(series, at))
        if isinstance(arg, dict):
            units = {"years_before_screening", "months_before_screening", "days_before_screening"}
            if fdef.type != "date" or len(arg) != 1 or not set(arg) <= units:
                raise self.fail(where, f"unknown operand {sorted(arg)}: a parameter "
                                       f"{{param: …}} or, for dates, one of {sorted(units)}")
            (unit, n), = arg.items()
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise self.fail(f"{where}.{unit}", f"{n!r} is not a whole number >= 0")
            rel = RelativeDate(**{unit.split("_")[0]: n})
            klass = AtLeastOperand if op == "at_least" else AtMostOperand
            return klass(fact, rel)
        try:
            bound = literal_for(fdef, arg)
        except ValueError as exc:
            raise self.fail(where, f"{exc} (fact {fact!r} is {fdef.type})") from None
        return (AtLeast if op == "at_least" else AtMost)(fact, bound)

    def expr(self, node: Any, path: str) -> Expr:
        if isinstance(node, bool):
            raise self.fail(path, f"{node!r} is not a number")
        if isinstance(node, int | float):
            return Lit(Decimal(str(node)))
        if not isinstance(node, dict) or not node:
            raise self.fail(path, f"{node!r} is not an amount expression")
        if "param" in node:
            return ParamExpr(*self._param(node, path))
        if "cases" in node:
            extra = set(node) - {"cases", "else"}
            if extra:
                raise self.fail(path, f"unknown key(s) {sorted(extra)} beside 'cases'")
            cases = node["cases"]
            if not isinstance(cases, list) or not cases:
                raise self.fail(f"{path}.cases", "must be a non-empty list")
            built = []
            for i, case in enumerate(cases):
                here = f"{path}.cases[{i}]"
                if not isinstance(case, dict) or set(case) != {"when", "then"}:
                    raise self.fail(here, "each case needs exactly 'when' and 'then'")
                built.append((self.cond(case["when"], f"{here}.when"),
                              self.expr(case["then"], f"{here}.then")))
            otherwise = self.expr(node["else"], f"{path}.else") if "else" in node else None
            return Cases(tuple(built), otherwise)
        if "round" in node:
            if set(node) - {"round", "places"}:
                raise self.fail(path, "'round' takes only 'places' beside it")
            places = node.get("places", 2)
            if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6:
                raise self.fail(f"{path}.places", f"{places!r} is not a whole number 0–6")
            return Quantize(self.expr(node["round"], f"{path}.round"), places, ROUND_HALF_UP)
        if len(node) != 1:
            raise self.fail(path, f"unknown amount expression {sorted(node)}")
        (op, arg), = node.items()
        where = f"{path}.{op}"
        if op == "fact":
            if self._fact(arg, path).type not in ("integer", "number"):
                raise self.fail(where, f"fact {arg!r} is not a number")
            return FactExpr(arg)
        if op == "ceil":
            return Quantize(self.expr(arg, where), 0, ROUND_CEILING)
        folds: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
            "add": Decimal.__add__, "subtract": Decimal.__sub__, "multiply": Decimal.__mul__,
            "min": min, "max": max,
        }
        if op not in folds:
            raise self.fail(path, f"unknown amount expression {op!r}: use param, fact, add, "
                                  "subtract, multiply, min, max, ceil, round or cases")
        if not isinstance(arg, list) or len(arg) < 2 or (op == "subtract" and len(arg) != 2):
            raise self.fail(where, "needs a list of two expressions" if op == "subtract"
                            else "needs a list of at least two expressions")
        return Fold(tuple(self.expr(a, f"{where}[{i}]") for i, a in enumerate(arg)), folds[op])


# (facts, or a new mapping with the implied facts; {implied fact: the rule's tag}): see
# implication_function
Imply = Callable[[Facts, dt.date], tuple[Facts, dict[str, Any]]]


def implication_function(rules: tuple[tuple[Cond, tuple[tuple[str, Any], ...], Any], ...]
                         ) -> Imply:
    """Facts that follow from others (``implies:`` of rules/facts.yaml) as one function:
    ``run(facts, on) -> (facts', why)``. ``rules``: (condition, ((fact, value), …), tag) in
    order. Exactly what :func:`app.engine.implied.apply` states, node by node: over and over
    until nothing changes, each rule whose facts are not all known and whose condition holds
    on the facts so far fills the ones not known, naming its tag in ``why``. ``facts'`` is
    ``facts`` itself when nothing follows (do not mutate it), else a new dict."""
    w = Writer()
    copy = w.const(dict)
    w.line("why = {}")
    w.line("changed = True")
    with w.block("while changed:"):
        w.line("changed = False")
        for cond, then, tag in rules:
            known = " and ".join(f"{w.const(n)} in facts" for n, _ in then)
            with w.block(f"if not ({known}):"):
                sub = w.sub()  # the condition on the facts so far: read again on each pass
                x = cond.emit(sub)
                w.splice(sub)
                with w.block(f"if {x} is True:"):
                    with w.block("if facts is given:"):
                        w.line(f"facts = {copy}(given)")
                        w.line("get = facts.get")
                    for name, value in then:
                        n = w.const(name)
                        with w.block(f"if {n} not in facts:"):
                            w.line(f"facts[{n}] = {w.const_obj(value)}")
                            w.line(f"why[{n}] = {w.const_obj(tag)}")
                            w.line("changed = True")
    w.line("return facts, why")
    run: Imply = _made(w, "def run(given, on):\n    facts = given\n", "implies")
    return run
