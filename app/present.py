"""Turning engine results and rules into translated, JSON-ready dicts.

The JSON API returns these dicts as they are; the HTML pages render from the same dicts, so a
reason, an amount or a citation is worded in one place only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import orjson

from app.codec import display
from app.engine import AmountResult, CompiledProgram, ProgramResult, Rulebook, Screening
from app.engine.params import ParamSeries
from app.engine.rulebook import CompiledCriterion, placeholders
from app.engine.schema import Cite, Criterion, ParamValue
from app.i18n import N_, gettext_for

Json = dict[str, Any]

# answers kept per program (distinct criterion values) and, times 16, per presenter (shared
# results): past this a table starts again, so memory stays bounded whatever people send
KEEP_ANSWERS = 512


def number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: whole numbers as integers. (Text for people is worded by
    :mod:`app.codec.display`.)"""
    return int(value) if value == value.to_integral_value() else float(value)


def cite_dict(book: Rulebook, cite: Cite, _: Any) -> Json:
    source = book.sources[cite.source]
    out: Json = {"source": cite.source, "locator": cite.locator, "quote": cite.quote,
                 "title": _(source.title), "number": source.number,
                 "read": source.read}
    return out


class Presenter:
    """Renders results in one language; static parts of each rule are built once per language."""

    def __init__(self, book: Rulebook, lang: str) -> None:
        self.book = book
        self.lang = lang
        self._ = gettext_for(lang)
        self._crit: dict[int, tuple[str, str, str, Json, list[Json]]] = {}
        self._titles: dict[str, str] = {}
        self._uses: dict[int, Json] = {}
        self._reason_table: dict[str, tuple[CompiledProgram, list[Any]]] = {}
        self._unsettled: dict[tuple[int, int], Json] = {}
        self._parts_table: dict[str, tuple[CompiledProgram, dict[Any, Any]]] = {}
        # per shared result (hashed by identity, and held here): its answer, and its answer
        # encoded as JSON, whole and summary (see result_json)
        self._answers: dict[ProgramResult, Json] = {}
        self._encoded: dict[ProgramResult, dict[bool, bytes]] = {}
        self._amounts: dict[tuple[Any, ...], Json] = {}  # entries live as long as the book
        self._rulebook: Json = {"version": book.version, "digest": book.digest}
        self._rulebook_json = orjson.dumps(self._rulebook)
        self._on: tuple[dt.date, str] = (dt.date.min, dt.date.min.isoformat())  # the last date

    # -- pieces
    def cites(self, cites: Iterable[Cite]) -> list[Json]:
        return [cite_dict(self.book, c, self._) for c in cites]

    def criterion(self, crit: Criterion, program: CompiledProgram | None = None
                  ) -> tuple[str, str, str, Json, list[Json]]:
        """(text when met/applies, text when unmet/not applying, text when unknown, cite, cites).
        ``program``: whose parameters fill ``{param.NAME}`` placeholders."""
        key = id(crit)
        hit = self._crit.get(key)
        if hit is None:
            cites = self.cites(crit.cite)
            text = self.text(crit.text, program)
            hit = (text, self.text(crit.unmet, program) if crit.unmet else text,
                   self.text(crit.clear, program) if crit.clear else text, cites[0], cites)
            self._crit[key] = hit
        return hit

    def text(self, msgid: str, program: CompiledProgram | None) -> str:
        """A rule text translated, each ``{param.NAME}`` replaced by the parameter's dated
        values (rules/README.md "Placeholders"): one figure, written once, in the rule file."""
        text = self._(msgid)
        found = placeholders(text)
        if not found or program is None:
            return text
        out, last = [], 0
        for start, end, name in found:
            out.append(text[last:start])
            series = program.params.get(name)
            out.append(self.series_text(series) if series else text[start:end])
            last = end
        out.append(text[last:])
        return "".join(out)

    def series_text(self, series: ParamSeries) -> str:
        """"200000元（2025-01-01起300000元）": each dated value of a parameter, in words."""
        _ = self._
        unit = UNIT_WORDS.get(series.model.unit)
        scale = 100 if series.model.unit == "ratio" else 1  # a ratio reads as a percentage
        words = [_(unit).format(value=number(e.value * scale)) if unit else
                 f"{number(e.value)} {series.model.unit}" for e in series.entries]
        if len(words) == 1:
            return words[0]
        later = _("；").join(_(FROM_DATE).format(date=e.valid_from.isoformat(), value=w)
                             for e, w in zip(series.entries[1:], words[1:], strict=True))
        return _(EARLIER_LATER).format(first=words[0], later=later)

    def title(self, program: CompiledProgram) -> str:
        t = self._titles.get(program.id)
        if t is None:
            t = self._titles[program.id] = self._(program.model.title)
        return t

    def _param_use(self, series: ParamSeries, entry: ParamValue) -> Json:
        key = id(entry)
        hit = self._uses.get(key)
        if hit is None:
            _ = self._
            hit = self._uses[key] = {
                "parameter": series.id, "title": _(series.model.title),
                "value": number(entry.value), "unit": series.model.unit,
                "valid_from": entry.valid_from.isoformat(), "confidence": entry.confidence,
                "note": _(entry.note) if entry.note else None}
        return hit

    def amount(self, amount: AmountResult | None) -> Json | None:
        """The API's amount object; one per distinct amount (value, unit and the parameter
        values used), shared between answers: do not mutate."""
        if amount is None:
            return None
        key = (str(amount.value), amount.unit, amount.per, tuple(id(e) for _s, e in amount.used))
        hit = self._amounts.get(key)
        if hit is not None:
            return hit
        valid_from = amount.valid_from
        hit = {
            "value": number(amount.value), "unit": amount.unit, "per": amount.per,
            "text": display.amount(amount.value, amount.unit, amount.per, self.lang),
            "confidence": amount.confidence,
            "valid_from": valid_from.isoformat() if valid_from else None,
            # each value once, however often the formula used it (the LPR enters twice)
            "parameters": [self._param_use(s, e) for s, e in
                           {(id(s), id(e)): (s, e) for s, e in amount.used}.values()],
        }
        if len(self._amounts) >= KEEP_ANSWERS:
            self._amounts.clear()
        self._amounts[key] = hit
        return hit

    def _reasons(self, program: CompiledProgram) -> list[tuple[str, str, dict[Any, Json]]]:
        """Per criterion: (kind, id, {True/False/None: the reason dict}), built once."""
        hit = self._reason_table.get(program.id)
        if hit is None or hit[0] is not program:
            table = []
            for crit in program.criteria:
                met_text, unmet_text, clear_text, cite, _cites = self.criterion(crit.model,
                                                                                program)
                if crit.kind == "requirement":
                    texts = {True: ("met", met_text), False: ("unmet", unmet_text),
                             None: ("unknown", met_text)}
                else:
                    texts = {True: ("excluded", met_text), False: ("not_excluded", clear_text),
                             None: ("unknown", met_text)}
                if crit.unsettled:  # failing, it is open: "maybe, ask …", never a "no"
                    texts[crit.kind == "exclusion"] = ("unknown",
                                                       self.unsettled(program, crit)["text"])
                table.append((crit.kind, crit.id, {
                    v: {"id": crit.id, "kind": crit.kind, "outcome": o, "text": t, "cite": cite}
                    for v, (o, t) in texts.items()}))
            hit = self._reason_table[program.id] = (program, table)
        return hit[1]

    def unsettled(self, program: CompiledProgram, crit: CompiledCriterion) -> Json:
        """``{"id", "decided_by", "text"}`` for a criterion the sources leave open: "可能可以，
        请问<who decides>。<why>". A criterion the rulebook cannot decide for the date (no
        dated value of a limit) is decided by the program's office."""
        key = (id(program), id(crit))
        hit = self._unsettled.get(key)
        if hit is None:
            _ = self._
            spec = crit.model.unsettled
            who = _(spec.decided_by) if spec else _(program.model.office)
            why = _(spec.why) if spec else _(NO_DATED_VALUE)
            hit = self._unsettled[key] = {
                "id": crit.id, "decided_by": who,
                "text": _(MAYBE_ASK if spec else MAYBE_ASK_OFFICE).format(decided_by=who,
                                                                          why=why)}
        return hit

    def open_rules(self, program: CompiledProgram) -> list[Json]:
        """Every unsettled criterion of a program, worded as :meth:`unsettled` — for pages that
        show a status without a person's reasons (a roster's 待定 column can list these: who
        decides where the rule itself is open). Does not include the dated gaps that only a
        particular date opens (those come with a result's ``unsettled``)."""
        return [self.unsettled(program, c) for c in program.criteria if c.unsettled]

    # -- a whole result
    def _parts(self, r: ProgramResult) -> tuple[list[Json], list[str], list[str], list[str]]:
        """(reasons, met, unmet, excluded_by) for a program's criterion values, made once per
        distinct vector of values, criteria in force and unsettled criteria (an unknown
        criterion without a dated value reads otherwise than one missing a fact) and shared:
        do not mutate."""
        table = self._parts_table.get(r.program.id)
        if table is None or table[0] is not r.program:
            table = self._parts_table[r.program.id] = (r.program, {})
        key = (r.values, r.inactive, tuple(map(id, r.unsettled)))
        hit = table[1].get(key)
        if hit is not None:
            return hit
        reasons: list[Json] = []
        met: list[str] = []
        unmet: list[str] = []
        excluded: list[str] = []
        for i, ((kind, cid, by_value), v) in enumerate(
                zip(self._reasons(r.program), r.values, strict=False)):
            if i in r.inactive:  # not in force on the screening date
                continue
            crit = r.program.criteria[i]
            unsettled = crit.unsettled
            if v is None and not unsettled and crit in r.unsettled:
                # unknown with every fact given (no dated value for this date): the reason is
                # the office's "maybe, ask …", not the criterion's own text, which for an
                # exclusion reads as a "no" the resident never gave grounds for
                text = self.unsettled(r.program, crit)["text"]
                reasons.append({**by_value[None], "outcome": "unknown", "text": text})
            else:
                reasons.append(by_value[v])
            if v is True:
                if kind == "requirement":
                    met.append(cid)
                elif not unsettled:
                    excluded.append(cid)
            elif v is False and kind == "requirement" and not unsettled:
                unmet.append(cid)
        if len(table[1]) >= KEEP_ANSWERS:
            table[1].clear()
        hit = table[1][key] = (reasons, met, unmet, excluded)
        return hit

    def result(self, r: ProgramResult) -> Json:
        """The API's result object. Its dicts and lists are shared between answers (a result
        the engine shares, ``r.shared``, has one answer per language): do not mutate."""
        if r.shared:
            hit = self._answers.get(r)
            if hit is not None:
                return hit
        reasons, met, unmet, excluded = self._parts(r)
        out = {
            "program": r.program.id,
            "status": r.status,
            "title": self.title(r.program),
            "amount": None if r.amount is None else self.amount(r.amount),
            "met": met,
            "unmet": unmet,
            "excluded_by": excluded,
            "missing": list(r.missing),
            "unsettled": [self.unsettled(r.program, c) for c in r.unsettled],
            "amount_missing": list(r.amount_missing),
            "reasons": reasons,
        }
        if r.shared:
            if len(self._answers) >= KEEP_ANSWERS * 16:
                self._answers.clear()
            self._answers[r] = out
        return out

    def screening(self, s: Screening) -> Json:
        """The API's answer to a screening (its parts shared between answers: do not mutate).
        Each result's kept answer is looked up here (a result is hashed by identity),
        :meth:`result` called only for the others (a call per result was a tenth of a
        screening of every program)."""
        results = s.results
        out = list(map(self._answers.get, results))
        if not all(out):  # an answer not kept (never an empty dict)
            result = self.result
            out = [a or result(r) for a, r in zip(out, results, strict=True)]
        on = self._on
        if on[0] != s.on:
            on = self._on = (s.on, s.on.isoformat())
        return {
            "on": on[1],
            "rulebook": self._rulebook,
            "results": out,
            "next_questions": s.next_questions,
        }

    def result_json(self, r: ProgramResult, full: bool = True) -> bytes:
        """:meth:`result` encoded as JSON (orjson), or with ``full`` False its
        :func:`summary_result`. A shared result is encoded once per language and kind: the
        answer for 46 programs is ~62 KB, and encoding it took more than screening it."""
        if not r.shared:
            out = self.result(r)
            return orjson.dumps(out if full else summary_result(out))
        hit = self._encoded.get(r)
        if hit is None:
            # a result's JSON is ~1.4 KB (46 programs: 62 KB): at most ~3 MB a language
            if len(self._encoded) >= KEEP_ANSWERS * 4:
                self._encoded.clear()
            hit = self._encoded[r] = {}
        data = hit.get(full)
        if data is None:
            out = self.result(r)
            data = hit[full] = orjson.dumps(out if full else summary_result(out))
        return data

    def screening_json(self, s: Screening, full: bool = True) -> bytes:
        """``orjson.dumps(self.screening(s))`` (with ``full`` False, each result as
        :func:`summary_result`), byte for byte, made of each result's encoded JSON."""
        encoded = self._encoded
        parts = []
        for r in s.results:  # result_json's kept bytes looked up inline: 46 calls a request
            hit = encoded.get(r)
            data = hit.get(full) if hit is not None else None
            parts.append(data if data is not None else self.result_json(r, full))
        return b"".join((
            b'{"on":"', s.on.isoformat().encode(), b'","rulebook":', self._rulebook_json,
            b',"results":[', b",".join(parts),
            b'],"next_questions":', orjson.dumps(s.next_questions), b"}"))

    # -- rules themselves
    def program_summary(self, p: CompiledProgram) -> Json:
        _ = self._
        m = p.model
        return {"id": p.id, "title": _(m.title), "summary": self.text(m.summary, p),
                "category": m.category, "category_title": _(CATEGORY_TITLES[m.category]),
                "office": _(m.office), "citation": self.cites(m.cite)[0]}

    def parameter(self, series: Any) -> Json:
        _ = self._
        model = series.model
        return {
            "id": series.id, "title": _(model.title), "unit": model.unit, "per": model.per,
            "values": [
                {"valid_from": v.valid_from.isoformat(), "value": number(v.value),
                 "confidence": v.confidence, "note": _(v.note) if v.note else None,
                 "cites": self.cites(v.cite)}
                for v in series.entries
            ],
        }

    def program_detail(self, p: CompiledProgram) -> Json:
        _ = self._
        m = p.model
        own = [s for key, s in p.params.items() if key in m.parameters]
        shared_used = sorted({s.id for key, s in p.params.items()
                              if key not in m.parameters and _uses_param(p, key)})
        out = self.program_summary(p)
        out.update({
            "valid": {"from": p.valid_from.isoformat(),
                      "until": p.valid_until.isoformat() if p.valid_until else None},
            "requirements": [self._criterion_detail(c.model, p) for c in p.requirements],
            "exclusions": [self._criterion_detail(c.model, p) for c in p.exclusions],
            "parameters": [self.parameter(s) for s in own]
                          + [self.parameter(self.book.shared_params[s]) for s in shared_used],
            "amount": None if m.amount is None else {
                "unit": m.amount.unit, "per": m.amount.per,
                "in_screening": m.amount.in_screening, "facts": list(p.amount_facts)},
            "no_amount": self.text(m.no_amount, p) if m.no_amount else None,
            "apply": {"how": self.text(m.apply.how, p),
                      "online": _(m.apply.online) if m.apply.online else None,
                      "phone": m.apply.phone},
            "documents": [_(d) for d in m.documents],
            "related": m.related,
            "facts": list(p.facts_used),
            "cites": self.cites(m.cite),
        })
        return out

    def _criterion_detail(self, crit: Criterion, p: CompiledProgram) -> Json:
        met, unmet, clear, _cite, cites = self.criterion(crit, p)
        _ = self._
        out: Json = {"id": crit.id, "text": met, "unmet": unmet, "clear": clear, "cites": cites}
        if crit.unsettled is not None:
            out["unsettled"] = {"decided_by": _(crit.unsettled.decided_by),
                                "why": _(crit.unsettled.why)}
        if crit.valid is not None:
            out["valid"] = {
                "from": crit.valid.valid_from.isoformat() if crit.valid.valid_from else None,
                "until": crit.valid.until.isoformat() if crit.valid.until else None}
        return out

    def fact(self, name: str) -> Json:
        _ = self._
        f = self.book.facts[name]
        return {
            "name": name, "type": f.type, "question": _(f.question),
            "hint": _(f.hint) if f.hint else None,
            "values": None if f.values is None else [
                {"value": k, "label": _(v)} for k, v in f.values.items()],
            "min": None if f.min is None else number(f.min),
            "max": None if f.max is None else number(f.max),
            "unit": _(f.unit) if f.unit else None,
            "dont_know": f.dont_know, "group": f.group,
        }


def summary_result(result: Json) -> Json:
    """A result of :meth:`Presenter.result` without its reasons and the parameters behind its
    amount (the API's ``detail=summary``). New dicts: the result's parts are shared."""
    out = {k: v for k, v in result.items() if k != "reasons"}
    if out["amount"] is not None:
        out["amount"] = {k: v for k, v in out["amount"].items() if k != "parameters"}
    return out


def _uses_param(p: CompiledProgram, key: str) -> bool:
    """Whether a program's conditions or amount read the shared parameter ``key``."""
    series = p.params[key]
    stack: list[Any] = [c.cond for c in p.criteria] + ([p.amount] if p.amount else [])
    while stack:
        node = stack.pop()
        if getattr(node, "series", None) is series or getattr(
                getattr(node, "operand", None), "series", None) is series:
            return True
        for attr in ("parts", "part"):
            sub = getattr(node, attr, None)
            if isinstance(sub, tuple):
                stack.extend(sub)
            elif sub is not None:
                stack.append(sub)
        for cond, then in getattr(node, "cases", ()) or ():
            stack.extend((cond, then))
        if getattr(node, "otherwise", None) is not None:
            stack.append(node.otherwise)
    return False


CATEGORY_TITLES: dict[str, str] = {
    "social_security": N_("社会保障"),
    "employment": N_("就业创业"),
    "housing": N_("住房"),
    "health": N_("医疗康复"),
    "education": N_("教育"),
    "public_services": N_("公共服务和优待"),
    "rights": N_("权益维护"),
    "certificate": N_("残疾人证"),
}

# How a parameter placeholder ``{param.NAME}`` reads (Presenter.series_text), by unit.
UNIT_WORDS: dict[str, str] = {
    "CNY": N_("{value}元"),
    "months": N_("{value}个月"),
    "percent": N_("{value}%"),
    "ratio": N_("{value}%"),
    "places": N_("{value}个"),
}
FROM_DATE = N_("{date}起{value}")
EARLIER_LATER = N_("{first}（{later}）")

# An undetermined result held open by a rule the sources leave open (rules/README.md
# "Unsettled criteria"): never a "no", and who decides is named.
MAYBE_ASK = N_("可能可以，请问{decided_by}。{why}")
# the program's office, written as a heading ("The county … bureau; …"), not as running text
MAYBE_ASK_OFFICE = N_("可能可以，请问办理部门：{decided_by}。{why}")
NO_DATED_VALUE = N_("规则里没有这个日期适用的标准，要按当时的规定办理。")

STATUS_TITLES: dict[str, str] = {
    "eligible": N_("可以申请"),
    "not_eligible": N_("目前不符合"),
    "undetermined": N_("还需要更多信息"),
    "not_in_force": N_("该日期不在政策有效期内"),
}


# The order of a list of results shown to people (the API keeps the rulebook's order): what
# they can apply for first, then what needs more answers, then what is closed; in each, the
# programs that pay money, then by area in CATEGORY_TITLES' order, then the rulebook's order.
# A resident, a screen reader going heading by heading, or staff scanning the table meet the
# living and nursing subsidies before concessions and services.
STATUS_ORDER = {"eligible": 0, "undetermined": 1, "not_eligible": 2, "not_in_force": 3}
_CATEGORY_ORDER = {c: i for i, c in enumerate(CATEGORY_TITLES)}


def for_people(s: Screening) -> Screening:
    """The screening with its results in the order people read them (see STATUS_ORDER)."""
    def key(pr: tuple[int, ProgramResult]) -> tuple[int, int, int, int]:
        position, r = pr
        model = r.program.model
        pays = model.amount is not None and model.amount.unit == "CNY"
        return (STATUS_ORDER[r.status], 0 if pays else 1, _CATEGORY_ORDER[model.category],
                position)

    ordered = [r for _position, r in sorted(enumerate(s.results), key=key)]
    return Screening(s.on, ordered, s.next_questions)


_PRESENTERS: dict[tuple[int, str], Presenter] = {}


def get_presenter(book: Rulebook, lang: str) -> Presenter:
    """The presenter for a rulebook and language, built once and reused."""
    key = (id(book), lang)
    p = _PRESENTERS.get(key)
    if p is None or p.book is not book:
        p = _PRESENTERS[key] = Presenter(book, lang)
    return p


def today() -> dt.date:
    """The default screening date, taken at the edge (HTTP, CLI), never inside the engine."""
    return dt.date.today()
