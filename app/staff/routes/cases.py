"""Saved cases: the list, a case, its printed notice, its follow-up per program, deleting,
and re-screening the cases saved under older rules."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from app.codec import read_facts
from app.deps import RulebookDep
from app.engine import Rulebook, screen
from app.present import Presenter, for_people, get_presenter
from app.settings import get_settings
from app.staff import audit, cases, forms
from app.staff.auth import Staff
from app.staff.db import SessionDep
from app.staff.deps import CaseId, CheckedRoute, CsrfForm, CurrentStaff
from app.staff.formmodels import NoteForm, read_form
from app.staff.models import FOLLOW_UP, Case
from app.staff.web import (
    INVALID_FORM,
    Problem,
    county_title,
    field_errors,
    local_today,
    page,
    translator,
)
from app.web.templating import page_context

router = APIRouter(prefix="/staff", route_class=CheckedRoute)


def filters_from(request: Request) -> cases.Filters:
    q = request.query_params
    return cases.Filters(q=q.get("q", "").strip()[:100], program=q.get("program", "")[:64],
                         status=q.get("status", "")[:32], follow_up=q.get("follow_up", "")[:32],
                         changed=q.get("changed") == "1")


@router.get("")
def case_list(request: Request, session: SessionDep, staff: CurrentStaff, book: RulebookDep
              ) -> Response:
    cases.purge_expired(session, get_settings().retention_days)
    f = filters_from(request)
    found = cases.list_cases(session, staff, f)
    _ = translator(request)
    return page(request, "staff/cases.html", {
        "cases": found, "filters": f, "stale": cases.stale_count(session, staff, book),
        "book": book, "programs": [(p.id, _(p.model.title)) for p in book.programs.values()],
        "titles": {p.id: _(p.model.title) for p in book.programs.values()},
        "county_title": lambda c: county_title(book, c, _),
        "ordered": lambda results: cases.ordered(book, results),
        "notice": request.query_params.get("done", ""),
        "rescreened": request.query_params.get("n", "")[:8],
        "changed_count": request.query_params.get("c", "")[:8],
    })


@router.post("/rescreen")
async def rescreen_all(session: SessionDep, staff: CurrentStaff, book: RulebookDep,
                       form: CsrfForm) -> Response:
    done, changed = cases.rescreen(session, staff, book)
    return RedirectResponse(f"/staff?done=rescreened&n={done}&c={changed}"
                            + ("&changed=1" if changed else ""), status_code=303)


def load_case(session: Any, staff: Staff, case_id: int) -> Case:
    case = cases.get_case(session, staff, case_id)
    if case is None:
        raise Problem(404)
    return case


def case_context(request: Request, book: Rulebook, case: Case) -> dict[str, Any]:
    _ = translator(request)
    presenter = get_presenter(book, page_context(request)["lang"])
    facts, _problems = read_facts(book, {k: v for k, v in case.answers.items()
                                         if k in book.facts}, on=None, source="json")
    current = case.rulebook_digest == book.digest
    detail = presenter.screening(for_people(screen(book, facts, case.screened_on))) \
        if current else None
    answers = [{"question": presenter.fact(n)["question"],
                "answer": answer_text(presenter, n, case.answers[n], _)}
               for n in book.facts if n in case.answers]
    return {"case": case, "detail": detail, "current": current, "answers": answers,
            "order": cases.ordered(book, case.results),
            "titles": {p.id: _(p.model.title) for p in book.programs.values()},
            "programs": {p.id: presenter.program_detail(p) for p in book.programs.values()},
            "questions": {n: presenter.fact(n)["question"] for n in book.facts},
            "presenter": presenter, "county": county_title(book, case.county, _),
            "book": book, "follow_ups": cases.follow_ups(case)}


def answer_text(presenter: Presenter, name: str, value: Any, _: Any) -> str:
    fact = presenter.fact(name)
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if fact["values"]:
        for v in fact["values"]:
            if v["value"] == value:
                return str(v["label"])
    return f"{value} {fact['unit'] or ''}".strip()


def audited_case(request: Request, session: Any, staff: Staff, book: Rulebook, case_id: int,
                 action: str) -> tuple[Case, dict[str, Any]]:
    """The case (404 unless in the staff member's scope), its viewing audited, and its page
    context."""
    case = load_case(session, staff, case_id)
    audit.record(session, staff, action, case.id)
    session.commit()
    return case, case_context(request, book, case)


@router.get("/cases/{case_id}")
def case_page(request: Request, session: SessionDep, staff: CurrentStaff, book: RulebookDep,
              case_id: CaseId) -> Response:
    case, ctx = audited_case(request, session, staff, book, case_id, "view")
    ctx.update({"saved": request.query_params.get("done", "")[:16], "errors": [],
                "note": case.follow_up_note, "field_errors": {}})
    return page(request, "staff/case.html", ctx)


@router.get("/cases/{case_id}/print")
def case_print(request: Request, session: SessionDep, staff: CurrentStaff, book: RulebookDep,
               case_id: CaseId) -> Response:
    _case, ctx = audited_case(request, session, staff, book, case_id, "print")
    ctx["printed_on"] = local_today().isoformat()
    return page(request, "staff/print.html", ctx)


@router.post("/cases/{case_id}/follow-up")
async def case_follow_up(request: Request, session: SessionDep, staff: CurrentStaff,
                         book: RulebookDep, case_id: CaseId, form: CsrfForm) -> Response:
    """A status and a date for each eligible program (fields ``status.<program>`` and
    ``on.<program>``), and a note for the case."""
    case = load_case(session, staff, case_id)
    _ = translator(request)
    data, errors = read_form(NoteForm, form, _)
    states: dict[str, tuple[str, Any]] = {}
    typed: dict[str, dict[str, Any]] = {}
    for pid in cases.eligible(case):
        state = form.get(f"status.{pid}", "")
        on_text = form.get(f"on.{pid}", "").strip()[:40]
        on = forms.read_date(on_text) if on_text else None
        typed[pid] = {"status": state, "on": on_text}
        if state not in FOLLOW_UP:
            errors[f"status.{pid}"] = _("请选择办理情况。")
        if on_text and on is None:
            errors[f"on.{pid}"] = _("请按“年-月-日”填写日期，例如 2025-03-15。")
        states[pid] = (state, on)
    if errors or data is None:
        ctx = case_context(request, book, case)
        ctx.update({"errors": [{**e, "href": "#" + e["field"].replace(".", "-")}
                               for e in field_errors(errors)],
                    "field_errors": errors, "note": form.get("note", "")[:4000],
                    "follow_ups": typed, "saved": ""})
        return page(request, "staff/case.html", ctx, status_code=INVALID_FORM)
    cases.set_follow_ups(session, staff, case, states, data.note)
    return RedirectResponse(f"/staff/cases/{case.id}?done=follow_up", status_code=303)


@router.get("/cases/{case_id}/delete")
def case_delete_confirm(request: Request, session: SessionDep, staff: CurrentStaff,
                        case_id: CaseId) -> Response:
    return page(request, "staff/delete.html", {"case": load_case(session, staff, case_id)})


@router.post("/cases/{case_id}/delete")
async def case_delete(session: SessionDep, staff: CurrentStaff, case_id: CaseId,
                      form: CsrfForm) -> Response:
    cases.delete_case(session, staff, load_case(session, staff, case_id))
    return RedirectResponse("/staff?done=deleted", status_code=303)
