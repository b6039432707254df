"""The one-page assisted screening form: every fact, grouped, checked like the resident flow.

Labels, hints and enum labels come from :meth:`app.present.Presenter.fact`; typed text is
read by the fact codec, so the form accepts and refuses exactly what the other edges do. What
was typed is always kept. Form fields keep the facts' names.

For twenty applicants a day: the officer's county is filled in; an ID or certificate number
fills age, county, category and grade (:func:`apply_numbers`; the number itself is never kept);
"no to the rest" answers "no" to every yes/no question still blank (:func:`no_to_rest`); the
business and loan sections open only when the person has one (their first question, "what
kind", stays visible; the rest is in a ``<details>`` opened by the server when answered).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.codec import MAX_CHARS, problem_message, problem_text, read_text
from app.codec.dates import parse_date_text
from app.codec.identity import facts_from_numbers
from app.codec.problems import LIST_SEPARATOR
from app.codec.text import normalise
from app.engine import Rulebook
from app.engine.implied import apply as apply_implications
from app.present import Presenter


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
# Sections whose first fact says whether the rest applies ("none": it does not).
GATED = {"business": "business_type", "loan": "loan_type"}
NO_ONE = "none"
# Form fields that are not facts.
ID_FIELD, CERT_FIELD, DATE_FIELD = "id_number", "certificate_number", "screened_on"


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
    gate: Field_ | None = None   # the "what kind" question of a gated section
    open: bool = True            # a gated section's <details> is open


def read_raw(book: Rulebook, form: Mapping[str, Any]) -> dict[str, str]:
    """The typed text of every fact in a submitted form (missing fields are blank), trimmed;
    a value longer than the codec reads (:data:`app.codec.MAX_CHARS`) is kept untrimmed (up to
    200 characters, to show again), so that it is refused as too long, as at every edge."""
    raw: dict[str, str] = {}
    for name in book.facts:
        value = form.get(name)
        if not isinstance(value, str):
            raw[name] = ""
        else:
            raw[name] = value[:200] if len(value) > MAX_CHARS else value.strip()
    return raw


def parse(book: Rulebook, raw: Mapping[str, str], on: dt.date
          ) -> tuple[dict[str, Any], dict[str, Any]]:
    """(facts, codec problems by fact name), read by :func:`app.codec.read_text` on the
    screening date ``on`` (so 一级, 肢体, 20万, 2024年3月1日 are read). Blank means unknown."""
    facts: dict[str, Any] = {}
    problems: dict[str, Any] = {}
    for name in book.facts:
        reading = read_text(book, name, raw.get(name, ""), on=on)
        if reading.problem is not None:
            problems[name] = reading.problem
        elif reading.value is not None:
            facts[name] = reading.value
    return facts, problems


def gated_names(book: Rulebook) -> dict[str, str]:
    """{fact: its section's gate} for the facts behind a gate (the gate itself excluded)."""
    out = {}
    for sid, _title, names in SECTIONS:
        gate = GATED.get(sid)
        if gate:
            out.update({n: gate for n in names if n != gate and n in book.facts})
    return out


def unseen_sections(raw: Mapping[str, str], form: Mapping[str, str]) -> frozenset[str]:
    """Gated sections whose first question now says the person has one, but whose other
    questions were not on the page the form came from (no ``shown.<section>`` field): the form
    is shown again with them, before any result (the second step)."""
    return frozenset(sid for sid, gate in GATED.items()
                     if raw.get(gate, "") not in ("", NO_ONE) and not form.get(f"shown.{sid}"))


def no_to_rest(book: Rulebook, raw: dict[str, str], on: dt.date) -> dict[str, str]:
    """Every yes/no question still blank answered "no" (``"false"``), and a blank business or
    loan question answered "none"; questions behind a gate answered "none" stay blank (they do
    not apply), and so do those that follow from the answers given (``implies:`` in
    rules/facts.yaml, on the screening date ``on``: a 低保 household is in hardship) other
    than "no", which a "no" would contradict (the engine believes an answer over an
    implication). Returns a new mapping."""
    out = dict(raw)
    facts, _problems = parse(book, raw, on)
    filled, _why = apply_implications(book, facts, on)
    implied_yes = {n for n, v in filled.items() if n not in facts and v is not False}
    behind = gated_names(book)
    for gate in GATED.values():
        if gate in book.facts and not out.get(gate):
            out[gate] = NO_ONE
    for name, fdef in book.facts.items():
        if fdef.type != "boolean" or out.get(name) or name in implied_yes:
            continue
        gate = behind.get(name)
        if gate and out.get(gate, NO_ONE) == NO_ONE:
            continue
        out[name] = "false"
    return out


def raw_from_answers(answers: Mapping[str, Any]) -> dict[str, str]:
    """Saved JSON answers back to form text."""
    out = {}
    for name, value in answers.items():
        out[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return out


def raw_value(value: Any) -> str:
    """A fact's value as the form's text (what :func:`parse` reads back)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def sections(book: Rulebook, presenter: Presenter, raw: Mapping[str, str],
             problems: Mapping[str, Any], _: Callable[[str], str],
             opened: frozenset[str] = frozenset()) -> list[Section]:
    """The form's sections with each field's typed text and its error in the presenter's
    language (:func:`app.codec.problem_text`). A gated section is open when its "what kind"
    question says the person has one, when something in it is answered, or when ``opened``
    names it."""
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
            error = problem_message(p, _, LIST_SEPARATOR.get(presenter.lang, ", ")) \
                if p is not None else None
            f = Field_(name, presenter.fact(name), raw.get(name, ""), error)
            if GATED.get(sid) == name:
                section.gate = f
            else:
                section.fields.append(f)
        gate = section.gate
        if gate is not None:
            section.open = (sid in opened or gate.value not in ("", NO_ONE) or bool(gate.error)
                            or any(f.value or f.error for f in section.fields))
        if section.fields or section.gate:
            out.append(section)
    return out


def error_list(secs: list[Section]) -> list[dict[str, str]]:
    """The error summary's entries, in the order of the form, linking to each field."""
    out = []
    for s in secs:
        for f in ([s.gate] if s.gate else []) + s.fields:
            if f.error:
                out.append({"text": f"{f.fact['question']} {f.error}", "href": f"#f-{f.name}"})
    return out


def read_date(text: str) -> dt.date | None:
    """The screening date as typed (2025-03-01, 2025/3/1, 2025年3月1日 …: the codec's
    spellings), or None."""
    s = normalise(text)
    return parse_date_text(s) if s else None


def apply_numbers(book: Rulebook, raw: Mapping[str, str], id_text: str, cert_text: str,
                  on: dt.date, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """(answers with the facts an ID and/or certificate number gives, {field: message}).

    The numbers fill age, hukou, county, certificate, category and grade through
    :func:`app.codec.identity.facts_from_numbers`, over what was typed (the number is the more
    reliable source); the numbers themselves are not returned, kept, logged or shown again.
    """
    found, problems = facts_from_numbers(id_text or None, cert_text or None, on=on)
    out = dict(raw)
    for name, value in found.items():
        if name in book.facts and value is not None:
            out[name] = raw_value(value)
    return out, {p.fact: problem_text(p, lang) for p in problems}
