"""Facts that follow from other facts, and the resident's question pages (issue 14).

``rules/facts.yaml`` declares, besides the facts:

- ``implies:`` a fact that follows from others, with its citation: a 低保 household is a
  household in hardship (社会救助暂行办法 第二章), a person in 特困 support has no family able to
  support them (特困人员认定办法), the orphan allowance is paid only to minors. The engine
  applies them before screening (:func:`apply`) so they are never asked, and a reason that
  rests on one says it was inferred, not "you said".
- ``pages:`` the question pages, by topic; ``statements:`` the wording of a fact as a
  checkbox ("我家享受低保"). They are data for the pages; the engine's ``next_questions``
  still decides what is asked and in which order.

Pure: facts and the screening date in, facts out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .compile import Compiler, Cond, Imply, implication_function
from .errors import RuleError, join_path
from .schema import FactDef, FactsFile, Implication, PageDef, Source, Statement


@dataclass(frozen=True, slots=True)
class CompiledImplication:
    id: str
    model: Implication
    cond: Cond
    then: dict[str, Any]          # fact -> value (the engine's Python types)


@dataclass(frozen=True, slots=True)
class Extras:
    implications: tuple[CompiledImplication, ...] = ()
    pages: dict[str, PageDef] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    page_of: dict[str, str] = field(default_factory=dict)   # fact -> page


def _fits(fdef: FactDef, value: Any) -> bool:
    """Whether a rule file's value (YAML-typed) is one the fact takes: implications set
    yes/no, list or whole-number facts."""
    if fdef.type == "boolean":
        return isinstance(value, bool)
    if fdef.type == "enum":
        return isinstance(value, str) and value in (fdef.values or {})
    if fdef.type == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return False


def compile_extras(ff: FactsFile, sources: Mapping[str, Source], rel: str) -> Extras:
    """Check and compile the ``implies:``, ``pages:`` and ``statements:`` sections.

    Raises :class:`RuleError` naming the path: an unknown fact, a value the fact does not
    take, an implication that implies a fact it reads, a fact on two pages, a bad citation.
    """
    from .rulebook import _check_cites  # the rulebook's own citation check (no cycle at run)

    facts = ff.facts
    comp = Compiler(rel, facts, {})
    out: list[CompiledImplication] = []
    for i, imp in enumerate(ff.implies):
        here = join_path("implies", i)
        cond = comp.cond(imp.when, f"{here}.when")
        for name, value in imp.then.items():
            if name not in facts or not _fits(facts[name], value):
                raise RuleError(rel, join_path(here, "then", name),
                                f"{value!r} is not a value of this fact" if name in facts
                                else f"unknown fact {name!r}")
        then = dict(imp.then)
        if set(then) & set(cond.facts_used()):
            raise RuleError(rel, f"{here}.then", "an implication cannot imply what it reads")
        _check_cites(imp.cite, sources, rel, f"{here}.cite")
        out.append(CompiledImplication(imp.id, imp, cond, then))
    page_of: dict[str, str] = {}
    for key, page in ff.pages.items():
        for j, name in enumerate(page.facts):
            if name not in facts:
                raise RuleError(rel, join_path("pages", key, "facts", j), f"unknown fact {name!r}")
            if name in page_of:
                raise RuleError(rel, join_path("pages", key, "facts", j),
                                f"{name!r} is already on page {page_of[name]!r}")
            page_of[name] = key
    if ff.pages:
        for name in facts:
            if name not in page_of:
                raise RuleError(rel, "pages", f"fact {name!r} is on no page")
    for name in ff.statements:
        if name not in facts:
            raise RuleError(rel, f"statements.{name}", f"unknown fact {name!r}")
    return Extras(tuple(out), dict(ff.pages), dict(ff.statements), page_of)


def apply(book: Any, facts: Mapping[str, Any], on: dt.date
          ) -> tuple[dict[str, Any], dict[str, CompiledImplication]]:
    """The facts with every implied fact added: (facts, {implied fact: the implication}).

    Only facts not already known are filled (a given answer is never overwritten), repeated
    until nothing more follows, so the result grows with the facts given: a result decided on
    part of a consistent person's facts stays decided on all of them (tests/test_soundness.py).
    The facts returned are a new dict (see :func:`fill` for the screening's own use).
    """
    out, why = fill(book, facts, on)
    return (dict(out) if out is facts else out), why  # type: ignore[return-value]


def fill(book: Any, facts: Mapping[str, Any], on: dt.date
         ) -> tuple[Mapping[str, Any], dict[str, CompiledImplication]]:
    """:func:`apply` without copying ``facts`` when nothing follows from them (then the very
    mapping comes back: do not mutate it). The implications run as one generated function
    (:func:`app.engine.compile.implication_function`: in each pass, an implication whose
    facts are all known is passed over, and its condition reads only its own facts), made
    when the rulebook loads and kept in the rulebook cache."""
    run = book.runtime.imply
    if run is None:
        run = implier(book)
    return run(facts, on)  # type: ignore[no-any-return]


def implier(book: Any) -> Imply:
    """The rulebook's implications (in the order of rules/facts.yaml) as one function, made
    on first use; ``why`` names each filled fact's :class:`CompiledImplication`."""
    rt = book.runtime
    if rt.imply is None:
        extras: Extras | None = book.extras
        imps = () if extras is None else extras.implications
        rt.imply = implication_function(tuple((i.cond, tuple(i.then.items()), i) for i in imps))
    return rt.imply  # type: ignore[no-any-return]
