"""The one-page assisted screening form: every fact, grouped, checked by the engine.

Labels, hints and enum labels come from :meth:`app.present.Presenter.fact`; typed text is
checked by the fact codec (:func:`app.codec.read_text`), so the form accepts and refuses
exactly what the resident flow does. What was typed is always kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.codec import problem_message, read_text
from app.engine import Rulebook
from app.present import Presenter, today


def N_(message: str) -> str:
    return message


# Sections of the form: (id, heading, facts). A fact not named here goes in the last section,
# so a fact added to rules/facts.yaml appears on the form without a code change.
SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("person", N_("本人和残疾人证"),
     ("has_disability_certificate", "disability_category", "disability_grade", "age", "hukou",
      "county", "needs_long_term_care", "full_time_student")),
    ("support", N_("救助和其他待遇"),
     ("household_dibao", "household_dibao_edge", "tekun", "orphan_allowance",
      "work_injury_nursing_allowance", "resident_pension_insured", "receives_pension")),
    ("business", N_("就业创业"),
     ("business_type", "first_business", "business_registered_on",
      "business_operating_normally", "wants_market_stall", "market_total_stalls")),
    ("loan", N_("创业担保贷款"),
     ("loan_type", "loan_amount", "loan_term_months", "loan_contract_date",
      "loan_annual_rate")),
    ("other", N_("其他情况"), ()),
]


@dataclass
class Field_:
    name: str
    fact: dict[str, Any]
    value: str
    error: str | None


@dataclass
class Section:
    id: str
    title: str
    fields: list[Field_] = field(default_factory=list)


def read_raw(book: Rulebook, form: Mapping[str, Any]) -> dict[str, str]:
    """The typed text of every fact in a submitted form (missing fields are blank)."""
    raw: dict[str, str] = {}
    for name in book.facts:
        value = form.get(name)
        raw[name] = value.strip()[:200] if isinstance(value, str) else ""
    return raw


def parse(book: Rulebook, raw: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(facts, problems by fact name). Blank means unknown."""
    facts: dict[str, Any] = {}
    problems: dict[str, Any] = {}
    on = today()
    for name in book.facts:
        r = read_text(book, name, raw.get(name, ""), on=on)
        if r.problem is not None:
            problems[name] = r.problem
        elif r.value is not None:
            facts[name] = r.value
    return facts, problems


def raw_from_answers(answers: Mapping[str, Any]) -> dict[str, str]:
    """Saved JSON answers back to form text."""
    out = {}
    for name, value in answers.items():
        out[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return out


def sections(book: Rulebook, presenter: Presenter, raw: Mapping[str, str],
             problems: Mapping[str, Any], _: Callable[[str], str]) -> list[Section]:
    placed: set[str] = set()
    out: list[Section] = []
    for sid, title, names in SECTIONS:
        section = Section(sid, _(title))
        wanted = [n for n in names if n in book.facts]
        if sid == "other":
            wanted = [n for n in book.facts if n not in placed]
        for name in wanted:
            placed.add(name)
            p = problems.get(name)
            error = problem_message(p, _) if p is not None else None
            section.fields.append(Field_(name, presenter.fact(name), raw.get(name, ""), error))
        if section.fields:
            out.append(section)
    return out


def error_list(secs: list[Section]) -> list[dict[str, str]]:
    """The error summary's entries, in the order of the form, linking to each field."""
    return [{"text": f"{f.fact['question']} {f.error}", "href": f"#f-{f.name}"}
            for s in secs for f in s.fields if f.error]

