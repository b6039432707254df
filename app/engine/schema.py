"""The shape of the rule files: frozen dataclasses that refuse unknown keys.

These classes check structure and scalar types only. Conditions and amount expressions are
left as plain data here and checked (and cross-checked against facts and parameters) when
they are compiled, in :mod:`app.engine.compile`.

They are plain dataclasses, not Pydantic models, and this module does not import Pydantic: a
process that starts from the compiled rulebook (:mod:`app.engine.cache`, a pickle of these
objects) never imports it (the roster command: ~35 ms of its start, issue 15). Pydantic
validates a rule file into them, when one is read (:func:`validated`), by their annotations:
the constraints are written with the few markers below, which Pydantic reads through its
``__get_pydantic_core_schema__`` hook (`Pydantic: custom types
<https://docs.pydantic.dev/latest/concepts/types/#customizing-validation-with-__get_pydantic_core_schema__>`_),
and each class's ``__pydantic_config__`` (unknown keys refused). The same annotations serve
any Pydantic model that holds these classes (``rules/offices.yaml``'s :data:`Cites`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

Confidence = Literal["confirmed", "unconfirmed"]
FactType = Literal["boolean", "integer", "number", "enum", "date"]
# the keys of a yes/no fact's value_aliases (FactDef): its own spellings of yes and of no
BOOLEAN_ALIASES = ("yes", "no")
Category = Literal[
    "social_security", "employment", "housing", "health", "education",
    "public_services", "rights", "certificate",
]
Status = Literal["eligible", "not_eligible", "undetermined", "not_in_force"]


class Before:
    """A value passed through ``func`` before its type is checked (Pydantic's
    ``BeforeValidator``): ``func`` returns the value, or raises ValueError saying why not."""

    __slots__ = ("func",)

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.func, handler(source))


class NonEmpty:
    """A text, list or mapping with at least one character or item (``min_length=1``).
    Written before any :class:`Before` of the same type, which wraps the checked schema."""

    __slots__ = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> CoreSchema:
        schema = handler(source)
        schema["min_length"] = 1  # type: ignore[typeddict-unknown-key]
        return schema


class Exact:
    """A yes/no written ``true`` or ``false`` and nothing else (Pydantic's ``StrictBool``)."""

    __slots__ = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> CoreSchema:
        schema = handler(source)
        schema["strict"] = True  # type: ignore[typeddict-unknown-key]
        return schema


def _strict_date(value: Any) -> Any:
    """Dates are written ``YYYY-MM-DD`` and nothing else."""
    if isinstance(value, str) and not (len(value) == 10 and value[4] == "-" and value[7] == "-"):
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    return value


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


def _number(value: Any) -> Any:
    """A number written as YAML writes one, or as text (``"0.5"``); not a word, yes/no,
    infinity or NaN."""
    number = None
    if not isinstance(value, bool) and isinstance(value, int | float | str):
        with contextlib.suppress(ArithmeticError):
            number = Decimal(str(value))
    if number is None or not number.is_finite():
        raise ValueError(f"{value!r} is not a number")
    return number


T = TypeVar("T")
Text = Annotated[str, NonEmpty()]
NonEmptyList = Annotated[list[T], NonEmpty()]
Date = Annotated[dt.date, Before(_strict_date)]
Number = Annotated[Decimal, Before(_number)]
StrictBool = Annotated[bool, Exact()]

M = TypeVar("M")


@cache
def _adapter(cls: type[Any]) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def validated(shape: type[M], data: Any) -> M:
    """``data`` (as a rule file's YAML gives it) as an instance of ``shape``, checked by its
    annotations; raises ``pydantic.ValidationError`` (Pydantic is imported on first use)."""
    return _adapter(shape).validate_python(data)  # type: ignore[no-any-return]


def plain(obj: Any, **options: Any) -> Any:
    """``obj`` (an instance of a class of this module) as plain data: Pydantic's
    ``dump_python`` with ``options`` (``mode="json"``, ``by_alias``, ``exclude`` …)."""
    return _adapter(type(obj)).dump_python(obj, **options)


def _from_alias(name: str) -> str:
    """The key a field is written with: ``from`` for ``valid_from`` (a Python keyword)."""
    return "from" if name == "valid_from" else name


# Pydantic's configuration of these classes (a plain mapping: Pydantic's ConfigDict is one):
# unknown keys refused, values of another type converted where Pydantic's lax mode does
STRICT: dict[str, Any] = {"extra": "forbid", "strict": False}
# each class of a rule file's part: frozen (a rulebook is shared by every request), and built
# by keyword, as a file names its keys
shape = dataclass(frozen=True, kw_only=True)


class Strict:
    """The base of the classes below: a rule file's part that refuses unknown keys."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT


@shape
class Cite(Strict):
    source: Text
    locator: Text
    quote: str | None = None


Cites = Annotated[list[Cite], NonEmpty(), Before(_as_list)]


@shape
class FactDef(Strict):
    """One fact of ``rules/facts.yaml``.

    ``aliases`` are other names of the fact itself (roster column headers such as 是否低保户);
    ``kinds`` name columns that each give a yes/no fact for one kind of it (农村低保 and 城市低保
    for the dibao): a roster may hold several, read together, yes where any says yes, no where
    all say no (:mod:`app.roster.headers`); one alone reads as the fact, as an alias does.
    ``value_aliases`` are other spellings of an enum value (肢残 for ``physical``), read by
    :mod:`app.codec` beside the id and the label in each language; for a yes/no fact, its own
    spellings of ``yes`` and ``no`` beside the words every yes/no fact takes (未办证 for the
    certificate, 单人保 for the dibao: as lists write them). ``past`` marks a fact that
    records a past event: a date after the screening date is refused. Number facts declare
    ``min`` and ``max``, so that a typed magnitude is checked before it is built.
    ``value_notes`` marks an enum whose value may be written with a note in brackets after it
    that does not change it (肢体（截肢）, 视力残疾（低视力）): read as the value, unless the
    note names another; where a note may undo the value (外省（百色市务工）), it is not set.
    ``worded_aliases`` are headers of a yes/no fact that name the ability to do without it
    (生活自理能力 for the need of care), under which a bare yes or no may say the opposite (是:
    able to look after oneself, no need): a column so headed is read by the fact's own
    ``value_aliases`` words only (不能自理, 能自理), and a bare yes or no is refused, never read.
    """

    type: FactType
    question: Text
    hint: str | None = None
    values: dict[str, Text] | None = None
    value_aliases: dict[str, list[Text]] = field(default_factory=dict)
    aliases: list[Text] = field(default_factory=list)
    kinds: list[Text] = field(default_factory=list)
    min: Number | None = None
    max: Number | None = None
    unit: str | None = None
    past: StrictBool = False
    dont_know: StrictBool = False
    group: str | None = None
    value_notes: StrictBool = False
    worded_aliases: list[Text] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.type in ("integer", "number") and (self.min is None or self.max is None):
            raise ValueError("a number fact declares both min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is above max")
        unknown = set(self.value_aliases) - (
            set(BOOLEAN_ALIASES) if self.type == "boolean" else set(self.values or {}))
        if unknown:
            raise ValueError(f"value_aliases for values the fact does not have: {sorted(unknown)}")
        if self.past and self.type != "date":
            raise ValueError("past applies to date facts only")
        if self.kinds and self.type != "boolean":
            raise ValueError("kinds apply to yes/no facts only")
        if self.worded_aliases and (self.type != "boolean" or not all(
                self.value_aliases.get(v) for v in BOOLEAN_ALIASES)):
            raise ValueError("worded_aliases apply to yes/no facts with value_aliases for both")


@shape
class GroupDef(Strict):
    question: Text
    hint: str | None = None
    none_label: str | None = None


@shape
class PageDef(Strict):
    """A question page of the resident's screening (issue 14): its title and facts, in order."""
    title: Text
    hint: str | None = None
    facts: NonEmptyList[Text]


@shape
class Statement(Strict):
    """A checkbox's own wording: a statement the person ticks ("我家享受低保")."""
    text: Text
    hint: str | None = None


@shape
class Implication(Strict):
    """A fact that follows from others (``when``, in the rules' condition language) and is
    not asked; ``text`` says why, ``cite`` where it is written."""
    id: Text
    when: Any
    then: Annotated[dict[str, Any], NonEmpty()]
    text: Text
    cite: Cites


@shape
class FactsFile(Strict):
    facts: dict[str, FactDef]
    groups: dict[str, GroupDef] = field(default_factory=dict)
    pages: dict[str, PageDef] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    implies: list[Implication] = field(default_factory=list)


@shape
class Source(Strict):
    title: Text
    issuer: Text
    date: Date | None = None
    read: Literal["first_hand", "secondary"]
    number: str | None = None
    url: str | None = None
    file: str | None = None
    note: str | None = None


@shape
class SourcesFile(Strict):
    sources: dict[str, Source]


@shape
class ParamValue(Strict):
    __pydantic_config__: ClassVar[dict[str, Any]] = {**STRICT, "alias_generator": _from_alias}
    valid_from: Date
    value: Number
    confidence: Confidence
    note: str | None = None
    cite: Cites


@shape
class Parameter(Strict):
    title: Text
    unit: Text
    per: str | None = None
    values: NonEmptyList[ParamValue]


@shape
class SharedParameter(Parameter):
    id: Text


@shape
class Apply(Strict):
    how: Text
    online: str | None = None
    phone: str | None = None


@shape
class Valid(Strict):
    __pydantic_config__: ClassVar[dict[str, Any]] = {**STRICT, "alias_generator": _from_alias}
    valid_from: Date
    until: Date | None = None


@shape
class Unsettled(Strict):
    """A criterion the sources leave open (an open list 等, a limit not verified for Guangxi or
    Baise, a matter the office decides): who settles it, and why it is open. Translated."""

    decided_by: Text
    why: Text


@shape
class CriterionValid(Strict):
    """The dates a criterion is in force (a dated change of a rule); both ends optional."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {**STRICT, "alias_generator": _from_alias}
    valid_from: Date | None = None
    until: Date | None = None


@shape
class Criterion(Strict):
    id: Text
    text: Text
    unmet: str | None = None
    clear: str | None = None
    when: Any = None  # only an unsettled criterion may leave it out: the office decides
    cite: Cites
    unsettled: Unsettled | None = None
    valid: CriterionValid | None = None


@shape
class NamedCriterion(Strict):
    """A criterion in ``rules/criteria.yaml``, used by name (``use: NAME``) in programs."""

    text: Text
    unmet: str | None = None
    clear: str | None = None
    when: Any
    cite: Cites
    unsettled: Unsettled | None = None
    valid: CriterionValid | None = None


@shape
class CriteriaFile(Strict):
    criteria: dict[str, NamedCriterion]


@shape
class Amount(Strict):
    unit: Text
    per: str | None = None
    in_screening: StrictBool = True
    value: Any


@shape
class Expect(Strict):
    status: Status
    amount: Any = "any"  # a number, null for no amount, or "any" (not checked)
    missing: list[str] | None = None
    unsettled: list[str] | None = None  # ids of the unsettled criteria named, exact set


@shape
class Case(Strict):
    name: Text
    on: Date
    facts: dict[str, Any] = field(default_factory=dict)
    expect: Expect


@shape
class Program(Strict):
    id: Text
    title: Text
    summary: Text
    # everyday, old and short names people search by (not translated)
    aliases: list[Text] = field(default_factory=list)
    category: Category
    office: Text
    apply: Apply
    documents: list[Text] = field(default_factory=list)
    valid: Valid
    cite: Cites
    related: list[str] = field(default_factory=list)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    requirements: NonEmptyList[Criterion]
    exclusions: list[Criterion] = field(default_factory=list)
    amount: Amount | None = None
    no_amount: str | None = None
    tests: NonEmptyList[Case]


@shape
class RulebookMeta(Strict):
    title: Text
