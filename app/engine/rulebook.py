"""Loading the whole rulebook from ``rules/``: parse, validate, cross-check, compile.

:func:`load_rulebook` either returns a :class:`Rulebook` ready to evaluate or raises one
:class:`RuleError` naming the file, the path inside it and the problem.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .compile import (
    AmountRun,
    Compiler,
    Cond,
    Const,
    Expr,
    ProgramSpec,
    Run,
    RunAll,
    amount_function,
    function_from_state,
    function_state,
    program_function,
    rulebook_function,
)
from .errors import RuleError, join_path
from .implied import compile_extras, implier
from .params import ParamSeries
from .schema import (
    Case,
    Cite,
    CriteriaFile,
    Criterion,
    FactDef,
    FactsFile,
    GroupDef,
    NamedCriterion,
    Program,
    RulebookMeta,
    SharedParameter,
    Source,
    SourcesFile,
    plain,
    validated,
)

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"


@dataclass(frozen=True, slots=True)
class CompiledCriterion:
    id: str
    kind: str  # "requirement" | "exclusion"
    model: Criterion
    cond: Cond
    unsettled: bool = False  # the sources leave it open: it never makes a "no" (README)
    valid_from: dt.date | None = None  # a dated criterion: in force from … until …
    valid_until: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        return not ((self.valid_from is not None and on < self.valid_from)
                    or (self.valid_until is not None and on > self.valid_until))


class Runtime:
    """What screening one program needs at run time: the program's criteria as one function
    (:func:`app.engine.compile.program_function`) and its amount as one
    (:func:`app.engine.compile.amount_function`), made when the rulebook loads (a pickle, the
    rulebook cache of :mod:`app.engine.cache`, keeps their compiled code, so a worker starting
    from the cache compiles nothing), and the results already made, one object per distinct
    outcome (see :func:`app.engine.screen.evaluate`), which a pickle leaves out. The
    rulebook's own: ``run`` every program's criteria, ``imply`` the implications."""

    __slots__ = ("run", "amount", "imply", "results", "inactive", "lookups")

    def __init__(self) -> None:
        self.run: Any = None
        self.amount: AmountRun | None = None
        self.imply: Any = None
        self.results: dict[Any, Any] = {}
        self.inactive: tuple[dt.date, frozenset[int]] | None = None
        self.lookups: Any = None  # the rulebook's: each program's results.get, in order

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_runtime_from, tuple(None if f is None else function_state(f)
                                     for f in (self.run, self.amount, self.imply)))


def _runtime_from(*states: tuple[bytes, dict[str, Any], str] | None) -> Runtime:
    rt = Runtime()
    rt.run, rt.amount, rt.imply = (None if s is None else function_from_state(*s)
                                   for s in states)
    return rt


NO_INDEXES: frozenset[int] = frozenset()


@dataclass(slots=True)
class CompiledProgram:
    id: str
    model: Program
    file: str
    params: dict[str, ParamSeries]
    requirements: tuple[CompiledCriterion, ...]
    exclusions: tuple[CompiledCriterion, ...]
    amount: Expr | None
    valid_from: dt.date
    valid_until: dt.date | None
    facts_used: tuple[str, ...] = ()
    amount_facts: tuple[str, ...] = ()
    # requirements then exclusions, and their evaluators bound once (the hot path)
    criteria: tuple[CompiledCriterion, ...] = ()
    evs: tuple[Any, ...] = ()
    n_requirements: int = 0
    has_unsettled: bool = False  # any criterion unsettled: the slower path of screen.evaluate
    dated: bool = False  # any criterion in force only between dates
    # an amount in the screening that reads no fact: its results are kept per answer and date
    by_date: bool = False
    # (index, the value that fails it, criterion) of each unsettled criterion
    unsettled_checks: tuple[tuple[int, bool, CompiledCriterion], ...] = ()
    runtime: Runtime = field(default_factory=Runtime, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.criteria = self.requirements + self.exclusions
        self.evs = tuple(c.cond.ev for c in self.criteria)
        self.n_requirements = len(self.requirements)
        self.has_unsettled = any(c.unsettled for c in self.criteria)
        self.dated = any(c.valid_from or c.valid_until for c in self.criteria)
        spec = self.model.amount
        self.by_date = (self.amount is not None and spec is not None and spec.in_screening
                        and not self.amount_facts)
        self.unsettled_checks = tuple((i, i >= self.n_requirements, c)
                                      for i, c in enumerate(self.criteria) if c.unsettled)

    def spec(self) -> ProgramSpec:
        """What :func:`app.engine.compile.program_function` writes the criteria from."""
        return (tuple(c.cond for c in self.criteria), self.n_requirements,
                tuple(not c.unsettled for c in self.criteria),
                tuple(c.valid_from is not None or c.valid_until is not None
                      for c in self.criteria), self.by_date)

    def runner(self) -> Run:
        """The program's criteria as one function, made on first use (see :class:`Runtime`)."""
        rt = self.runtime
        if rt.run is None:
            rt.run = program_function(f"{self.file}", *self.spec()[:4])
        return rt.run

    def amount_runner(self) -> AmountRun | None:
        """The program's amount as one function (None without an amount), made on first use
        (see :class:`Runtime`)."""
        rt = self.runtime
        if rt.amount is None and self.amount is not None:
            rt.amount = amount_function(self.file, self.amount)
        return rt.amount

    def inactive_on(self, on: dt.date) -> frozenset[int]:
        """Indexes of the criteria not in force on ``on`` (the last date's answer is kept)."""
        if not self.dated:
            return NO_INDEXES
        last = self.runtime.inactive
        if last is None or last[0] != on:
            last = self.runtime.inactive = (on, frozenset(
                i for i, c in enumerate(self.criteria) if not c.in_force(on)))
        return last[1]

    def active(self, on: dt.date) -> tuple[CompiledCriterion, ...]:
        """The criteria in force on ``on`` (all of them unless some are dated)."""
        if not self.dated:
            return self.criteria
        return tuple(c for c in self.criteria if c.in_force(on))


@dataclass(slots=True)
class Rulebook:
    meta: RulebookMeta
    digest: str
    facts: dict[str, FactDef]
    groups: dict[str, GroupDef]
    sources: dict[str, Source]
    shared_params: dict[str, ParamSeries]
    programs: dict[str, CompiledProgram]
    fact_rank: dict[str, int] = field(default_factory=dict)
    extras: Any = None   # pages, statements and implications (app.engine.implied, issue 14)

    version: str = ""  # derived from the rules' content (not their tests or comments)
    # every program's criteria as one function (rulebook_function), made at load and kept in
    # the rulebook cache like each program's; ``inactive``: the last date's criteria not in
    # force, per program; ``results``: the next questions per distinct list of missing facts
    # (app.engine.screen.next_questions)
    runtime: Runtime = field(default_factory=Runtime, compare=False, repr=False)

    def program(self, pid: str) -> CompiledProgram:
        return self.programs[pid]

    def runner(self) -> RunAll:
        """Every program's criteria as one function that also looks up the results kept for
        their answers (:func:`rulebook_function`, given :meth:`lookups`), in the order of
        :attr:`programs`; made on first use."""
        rt = self.runtime
        if rt.run is None:
            rt.run = rulebook_function(tuple(p.spec() for p in self.programs.values()))
        return rt.run  # type: ignore[return-value]

    def inactive_on(self, on: dt.date) -> tuple[frozenset[int], ...]:
        """Each program's :meth:`CompiledProgram.inactive_on` (the last date's kept)."""
        return self.on_date(on)[0]

    def on_date(self, on: dt.date) -> tuple[tuple[frozenset[int], ...], tuple[int, ...]]:
        """(each program's :meth:`CompiledProgram.inactive_on`, the indexes of the programs
        not in force on ``on``), in the order of :attr:`programs`; the last date's kept."""
        last: Any = self.runtime.inactive
        if last is None or last[0] != on:
            programs = self.programs.values()
            last = self.runtime.inactive = (on, (  # type: ignore[assignment]
                tuple(p.inactive_on(on) for p in programs),
                tuple(j for j, p in enumerate(programs) if not (
                    p.valid_from <= on and (p.valid_until is None or on <= p.valid_until)))))
        return last[1]  # type: ignore[no-any-return]

    def lookups(self) -> tuple[Any, ...]:
        """Each program's ``get`` of its kept results (see :meth:`runner`), in order."""
        rt = self.runtime
        if rt.lookups is None:
            rt.lookups = tuple(p.runtime.results.get for p in self.programs.values())
        return rt.lookups  # type: ignore[no-any-return]


M = TypeVar("M")


def _validate(model: type[M], data: Any, file: str, prefix: str = "") -> M:
    from pydantic import ValidationError  # (only where a rule file is read: app.engine.cache)

    if not isinstance(data, dict):
        raise RuleError(file, prefix, "expected a mapping of keys to values")
    try:
        return validated(model, data)
    except ValidationError as exc:
        err = exc.errors()[0]
        path = join_path(prefix, *[p for p in err["loc"] if p not in ("function-before",)])
        problem = err["msg"]
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            problem = "unknown key (not part of the rule format; see rules/README.md)"
        elif err["type"] == "missing":
            problem = "required key is missing"
        raise RuleError(file, path, problem) from None


def _read(path: Path, root: Path) -> tuple[str, Any, bytes]:
    from .yamlload import load_yaml  # PyYAML: only when a rule file is parsed (app.engine.cache)

    rel = path.relative_to(root.parent).as_posix()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RuleError(rel, "", "not UTF-8 text") from None
    return rel, load_yaml(text, rel), raw


def _check_cites(cites: list[Cite], sources: Mapping[str, Source], file: str, path: str) -> None:
    for i, cite in enumerate(cites):
        if cite.source not in sources:
            raise RuleError(file, join_path(path, i, "source"),
                            f"unknown source {cite.source!r} (not in rules/sources.yaml)")
        if cite.source == "plan" and not cite.quote:
            raise RuleError(file, join_path(path, i, "quote"),
                            "a citation of the plan needs the quoted wording")


def load_rulebook(root: Path | str = RULES_DIR) -> Rulebook:
    root = Path(root)
    digest = hashlib.sha256()

    def read(path: Path) -> tuple[str, Any]:
        rel, data, raw = _read(path, root)
        digest.update(rel.encode() + b"\0" + raw + b"\0")
        return rel, data

    # a file missing is named by the whole path looked in (the folder may be another one than
    # rules/, set by SCREENER_RULES_DIR); the others as the rest of this module names them
    for name in ("rulebook.yaml", "facts.yaml", "sources.yaml", "criteria.yaml"):
        if not (root / name).is_file():
            raise RuleError(str((root / name).absolute()), "", "file is missing")
    rel, data = read(root / "rulebook.yaml")
    meta = _validate(RulebookMeta, data, rel)
    rel, data = read(root / "facts.yaml")
    facts_file = _validate(FactsFile, data, rel)
    facts = facts_file.facts
    for name, fdef in facts.items():
        if fdef.type == "enum" and not fdef.values:
            raise RuleError(rel, f"facts.{name}.values", "an enum fact needs its values")
        if fdef.type != "enum" and fdef.values:
            raise RuleError(rel, f"facts.{name}.values", "only enum facts have values")
        if fdef.group is not None and fdef.group not in facts_file.groups:
            raise RuleError(rel, f"facts.{name}.group",
                            f"unknown group {fdef.group!r} (not under groups:)")
        if fdef.group is not None and fdef.type != "boolean":
            raise RuleError(rel, f"facts.{name}.group", "only yes/no facts can be grouped")
    rel, data = read(root / "sources.yaml")
    sources = _validate(SourcesFile, data, rel).sources
    rel, data = read(root / "criteria.yaml")
    named = _validate(CriteriaFile, data, rel).criteria
    for name, crit in named.items():
        _check_cites(crit.cite, sources, rel, f"criteria.{name}.cite")

    shared: dict[str, ParamSeries] = {}
    for path in sorted((root / "parameters").glob("*.yaml")):
        rel, data = read(path)
        param = _validate(SharedParameter, data, rel)
        if param.id != path.stem:
            raise RuleError(rel, "id", f"{param.id!r} must match the file name {path.stem!r}")
        for i, v in enumerate(param.values):
            _check_cites(v.cite, sources, rel, join_path("values", i, "cite"))
        shared[param.id] = ParamSeries.build(param.id, param)

    programs: dict[str, CompiledProgram] = {}
    files = sorted((root / "programs").glob("*.yaml"))
    if not files:
        raise RuleError(str((root / "programs").absolute()), "", "no program files")
    for path in files:
        rel, data = read(path)
        prog = _validate(Program, _use_named(data, named, rel), rel)
        if prog.id != path.stem:
            raise RuleError(rel, "id", f"{prog.id!r} must match the file name {path.stem!r}")
        programs[prog.id] = _compile_program(prog, rel, facts, sources, shared)

    for prog in programs.values():
        for i, other in enumerate(prog.model.related):
            if other not in programs:
                raise RuleError(prog.file, join_path("related", i), f"unknown program {other!r}")
        for i, case in enumerate(prog.model.tests):
            _check_case(case, facts, programs, prog.file, join_path("tests", i))

    book = Rulebook(meta, digest.hexdigest()[:16], facts, facts_file.groups, sources, shared,
                    programs)
    book.fact_rank = {name: i for i, name in enumerate(facts)}
    book.version = content_version(book)
    book.extras = compile_extras(facts_file, sources, "rules/facts.yaml")
    for prog in programs.values():  # made now, so that a cached rulebook holds them
        prog.runner()
        prog.amount_runner()
    book.runner()
    implier(book)
    return book


def content_version(book: Rulebook) -> str:
    """The rulebook's version: a hash of what the rules say — facts, sources, shared parameters
    and programs without their embedded test cases — so that it changes exactly when a rule
    changes in substance (saved cases are then re-screened), and never by hand. Comments,
    layout and test cases do not change it."""
    h = hashlib.sha256()
    parts: list[Any] = [
        {n: plain(f, mode="json") for n, f in book.facts.items()},
        {n: plain(s, mode="json") for n, s in book.sources.items()},
        {n: plain(p.model, mode="json") for n, p in book.shared_params.items()},
        {n: plain(p.model, mode="json", exclude={"tests"}) for n, p in book.programs.items()},
    ]
    h.update(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()[:12]


PLACEHOLDER = "{param."


def placeholders(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of each ``{param.NAME}`` in a rule text, in order: the place where
    the presenter writes the parameter's dated values, so that no figure is written twice."""
    out = []
    start = text.find(PLACEHOLDER)
    while start >= 0:
        end = text.find("}", start)
        if end < 0:
            break
        out.append((start, end + 1, text[start + len(PLACEHOLDER):end]))
        start = text.find(PLACEHOLDER, end)
    return out


def _program_texts(prog: Program) -> list[tuple[str, str]]:
    """(path, text) of every text of a program that may hold placeholders."""
    out = [("summary", prog.summary), ("apply.how", prog.apply.how)]
    if prog.no_amount:
        out.append(("no_amount", prog.no_amount))
    for kind in ("requirements", "exclusions"):
        for i, c in enumerate(getattr(prog, kind)):
            for key in ("text", "unmet", "clear"):
                value = getattr(c, key)
                if value:
                    out.append((join_path(kind, i, key), value))
    return out


def _use_named(data: Any, named: Mapping[str, NamedCriterion], file: str) -> Any:
    """Replace each ``{use: NAME}`` (optionally with ``id:``) among a program's requirements and
    exclusions by the named criterion of ``rules/criteria.yaml``, with ``id`` defaulting to
    NAME. Beside ``use`` only ``id``, ``cite`` (citations added to the named criterion's own:
    the program's source that also requires it), ``unsettled`` (who decides, for this program)
    and ``valid`` (the dates it is in force in this program) may stand: a criterion that says
    something different is a different criterion, written out in the program."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for kind in ("requirements", "exclusions"):
        items = data.get(kind)
        if not isinstance(items, list):
            continue
        built = []
        for i, item in enumerate(items):
            if isinstance(item, dict) and "use" in item:
                extra = set(item) - {"use", "id", "cite", "unsettled", "valid"}
                if extra:
                    raise RuleError(file, join_path(kind, i), "only 'id', 'cite', 'unsettled' "
                                    f"and 'valid' may stand beside 'use' (found {sorted(extra)})")
                name = item["use"]
                if name not in named:
                    raise RuleError(file, join_path(kind, i, "use"),
                                    f"unknown criterion {name!r} (not in rules/criteria.yaml)")
                more = item.get("cite", [])
                base = plain(named[name], by_alias=True, exclude_none=True)
                item = {**base, "id": item.get("id", name),
                        "cite": base["cite"] + (more if isinstance(more, list) else [more]),
                        **{k: item[k] for k in ("unsettled", "valid") if k in item}}
            built.append(item)
        out[kind] = built
    return out


def _compile_program(prog: Program, rel: str, facts: dict[str, FactDef],
                     sources: dict[str, Source], shared: dict[str, ParamSeries]
                     ) -> CompiledProgram:
    _check_cites(prog.cite, sources, rel, "cite")
    params = dict(shared)
    for pid, param in prog.parameters.items():
        if pid in shared:
            raise RuleError(rel, f"parameters.{pid}", "shadows a shared parameter of that id")
        for i, v in enumerate(param.values):
            _check_cites(v.cite, sources, rel, join_path("parameters", pid, "values", i, "cite"))
        params[pid] = ParamSeries.build(f"{prog.id}.{pid}", param)
    comp = Compiler(rel, facts, params)
    seen: set[str] = set()
    built: dict[str, list[CompiledCriterion]] = {"requirements": [], "exclusions": []}
    for kind in ("requirements", "exclusions"):
        for i, crit in enumerate(getattr(prog, kind)):
            here = join_path(kind, i)
            if crit.id in seen:
                raise RuleError(rel, f"{here}.id", f"duplicate id {crit.id!r}")
            seen.add(crit.id)
            _check_cites(crit.cite, sources, rel, f"{here}.cite")
            valid = crit.valid
            if valid is not None and valid.valid_from and valid.until \
                    and valid.until < valid.valid_from:
                raise RuleError(rel, f"{here}.valid.until", "ends before it starts")
            if crit.when is None and crit.unsettled is None:
                raise RuleError(rel, f"{here}.when", "required key is missing (only an "
                                "unsettled criterion may leave it out)")
            cond = (Const(kind == "exclusions") if crit.when is None
                    else comp.cond(crit.when, f"{here}.when"))
            built[kind].append(CompiledCriterion(
                crit.id, kind[:-1], crit, cond,
                crit.unsettled is not None,
                valid.valid_from if valid else None, valid.until if valid else None))
    for where, text in _program_texts(prog):
        for _start, _end, name in placeholders(text):
            if name not in params:
                raise RuleError(rel, where, f"unknown parameter {{param.{name}}} in the text")
    amount = None
    if prog.amount is not None:
        amount = comp.expr(prog.amount.value, "amount.value")
    if prog.amount is None and not prog.no_amount:
        raise RuleError(rel, "no_amount", "a program without an amount must say who sets it")
    if prog.valid.until is not None and prog.valid.until < prog.valid.valid_from:
        raise RuleError(rel, "valid.until", "ends before it starts")
    reqs, excl = tuple(built["requirements"]), tuple(built["exclusions"])
    used: dict[str, None] = {}
    for crit in reqs + excl:
        used.update(dict.fromkeys(crit.cond.facts_used()))
    amount_facts = dict.fromkeys(amount.facts_used()) if amount else {}
    return CompiledProgram(prog.id, prog, rel, params, reqs, excl, amount,
                           prog.valid.valid_from, prog.valid.until,
                           tuple(sorted(used, key=list(facts).index)),
                           tuple(sorted(amount_facts, key=list(facts).index)))


def _check_case(case: Case, facts: dict[str, FactDef], programs: Mapping[str, CompiledProgram],
                file: str, path: str) -> None:
    # Names only: the values are read by the fact codec when the cases run (app.engine.cases),
    # so that one reader decides what a valid value is.
    for name in case.facts:
        if name not in facts:
            raise RuleError(file, join_path(path, "facts", name), f"unknown fact {name!r}")
    for i, name in enumerate(case.expect.missing or []):
        if name not in facts:
            raise RuleError(file, join_path(path, "expect", "missing", i),
                            f"unknown fact {name!r}")
