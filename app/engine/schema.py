"""The shape of the rule files, as Pydantic models that refuse unknown keys.

These models check structure and scalar types only. Conditions and amount expressions are
left as plain data here and checked (and cross-checked against facts and parameters) when
they are compiled, in :mod:`app.engine.compile`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator

Text = Annotated[str, Field(min_length=1)]
Confidence = Literal["confirmed", "unconfirmed"]
FactType = Literal["boolean", "integer", "number", "enum", "date"]
Category = Literal[
    "social_security", "employment", "housing", "health", "education",
    "public_services", "rights", "certificate",
]
Status = Literal["eligible", "not_eligible", "undetermined", "not_in_force"]


def _strict_date(value: Any) -> Any:
    """Dates are written ``YYYY-MM-DD`` and nothing else."""
    if isinstance(value, str) and not (len(value) == 10 and value[4] == "-" and value[7] == "-"):
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    return value


Date = Annotated[dt.date, BeforeValidator(_strict_date)]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{value!r} is not a number")
    return Decimal(str(value))


Number = Annotated[Decimal, BeforeValidator(_number)]


class Strict(BaseModel):
    # defer_build: each model's validator is built when a rule file is first read, not at
    # import; a worker that unpickles the compiled rulebook (app.engine.cache) never builds
    # them (11 of this module's 18 ms of import at start-up; issue 17).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, defer_build=True)


class Cite(Strict):
    source: Text
    locator: Text
    quote: str | None = None


Cites = Annotated[list[Cite], BeforeValidator(_as_list), Field(min_length=1)]


class FactDef(Strict):
    """One fact of ``rules/facts.yaml``.

    ``aliases`` are other names of the fact itself (roster column headers such as 是否低保户);
    ``kinds`` name columns that each give a yes/no fact for one kind of it (农村低保 and 城市低保
    for the dibao): a roster may hold several, read together, yes where any says yes, no where
    all say no (:mod:`app.roster.headers`); one alone reads as the fact, as an alias does.
    ``value_aliases`` are other spellings of an enum value (肢残 for ``physical``), read by
    :mod:`app.codec` beside the id and the label in each language. ``past`` marks a fact that
    records a past event: a date after the screening date is refused. Number facts declare
    ``min`` and ``max``, so that a typed magnitude is checked before it is built.
    """

    type: FactType
    question: Text
    hint: str | None = None
    values: dict[str, Text] | None = None
    value_aliases: dict[str, list[Text]] = {}
    aliases: list[Text] = []
    kinds: list[Text] = []
    min: Number | None = None
    max: Number | None = None
    unit: str | None = None
    past: StrictBool = False
    dont_know: StrictBool = False
    group: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> FactDef:
        if self.type in ("integer", "number") and (self.min is None or self.max is None):
            raise ValueError("a number fact declares both min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is above max")
        unknown = set(self.value_aliases) - set(self.values or {})
        if unknown:
            raise ValueError(f"value_aliases for values the fact does not have: {sorted(unknown)}")
        if self.past and self.type != "date":
            raise ValueError("past applies to date facts only")
        if self.kinds and self.type != "boolean":
            raise ValueError("kinds apply to yes/no facts only")
        return self


class GroupDef(Strict):
    question: Text
    hint: str | None = None
    none_label: str | None = None


class PageDef(Strict):
    """A question page of the resident's screening (issue 14): its title and facts, in order."""
    title: Text
    hint: str | None = None
    facts: list[Text] = Field(min_length=1)


class Statement(Strict):
    """A checkbox's own wording: a statement the person ticks ("我家享受低保")."""
    text: Text
    hint: str | None = None


class Implication(Strict):
    """A fact that follows from others (``when``, in the rules' condition language) and is
    not asked; ``text`` says why, ``cite`` where it is written."""
    id: Text
    when: Any
    then: dict[str, Any] = Field(min_length=1)
    text: Text
    cite: Cites


class FactsFile(Strict):
    facts: dict[str, FactDef]
    groups: dict[str, GroupDef] = {}
    pages: dict[str, PageDef] = {}
    statements: dict[str, Statement] = {}
    implies: list[Implication] = []


class Source(Strict):
    title: Text
    issuer: Text
    date: Date | None = None
    read: Literal["first_hand", "secondary"]
    number: str | None = None
    url: str | None = None
    file: str | None = None
    note: str | None = None


class SourcesFile(Strict):
    sources: dict[str, Source]


class ParamValue(Strict):
    valid_from: Date = Field(alias="from")
    value: Number
    confidence: Confidence
    note: str | None = None
    cite: Cites


class Parameter(Strict):
    title: Text
    unit: Text
    per: str | None = None
    values: list[ParamValue] = Field(min_length=1)


class SharedParameter(Parameter):
    id: Text


class Apply(Strict):
    how: Text
    online: str | None = None
    phone: str | None = None


class Valid(Strict):
    valid_from: Date = Field(alias="from")
    until: Date | None = None


class Unsettled(Strict):
    """A criterion the sources leave open (an open list 等, a limit not verified for Guangxi or
    Baise, a matter the office decides): who settles it, and why it is open. Translated."""

    decided_by: Text
    why: Text


class CriterionValid(Strict):
    """The dates a criterion is in force (a dated change of a rule); both ends optional."""

    valid_from: Date | None = Field(default=None, alias="from")
    until: Date | None = None


class Criterion(Strict):
    id: Text
    text: Text
    unmet: str | None = None
    clear: str | None = None
    when: Any = None  # only an unsettled criterion may leave it out: the office decides
    cite: Cites
    unsettled: Unsettled | None = None
    valid: CriterionValid | None = None


class NamedCriterion(Strict):
    """A criterion in ``rules/criteria.yaml``, used by name (``use: NAME``) in programs."""

    text: Text
    unmet: str | None = None
    clear: str | None = None
    when: Any
    cite: Cites
    unsettled: Unsettled | None = None
    valid: CriterionValid | None = None


class CriteriaFile(Strict):
    criteria: dict[str, NamedCriterion]


class Amount(Strict):
    unit: Text
    per: str | None = None
    in_screening: StrictBool = True
    value: Any


class Expect(Strict):
    status: Status
    amount: Any = "any"  # a number, null for no amount, or "any" (not checked)
    missing: list[str] | None = None
    unsettled: list[str] | None = None  # ids of the unsettled criteria named, exact set


class Case(Strict):
    name: Text
    on: Date
    facts: dict[str, Any] = {}
    expect: Expect


class Program(Strict):
    id: Text
    title: Text
    summary: Text
    aliases: list[Text] = []  # everyday, old and short names people search by (not translated)
    category: Category
    office: Text
    apply: Apply
    documents: list[Text] = []
    valid: Valid
    cite: Cites
    related: list[str] = []
    parameters: dict[str, Parameter] = {}
    requirements: list[Criterion] = Field(min_length=1)
    exclusions: list[Criterion] = []
    amount: Amount | None = None
    no_amount: str | None = None
    tests: list[Case] = Field(min_length=1)


class RulebookMeta(Strict):
    title: Text
