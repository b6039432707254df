"""Assisted screening: the one-page form, its results, saving a case, and editing a saved case
(re-screened and audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from app.deps import RulebookDep
from app.engine import Rulebook, screen
from app.present import for_people, get_presenter
from app.staff import cases, forms
from app.staff.auth import Staff
from app.staff.db import DatabaseError, SessionDep
from app.staff.deps import CaseId, CheckedRoute, CsrfForm, CurrentStaff, OfflineStaff
from app.staff.formmodels import SaveForm, read_form
from app.staff.models import CONSENT_VERSION
from app.staff.web import INVALID_FORM, Problem, field_errors, local_today, page, translator
from app.web.templating import page_context

router = APIRouter(prefix="/staff", route_class=CheckedRoute)


def form_page(request: Request, book: Rulebook, raw: dict[str, str],
              problems: dict[str, Any], status_code: int = 200, *,
              on: str | None = None, extra_errors: dict[str, str] | None = None,
              case_id: int | None = None, opened: frozenset[str] = frozenset()
              ) -> Response:
    """The one-page form with what was typed, an error per field, the screening date, and
    (for a saved case) the action that re-screens it."""
    _ = translator(request)
    presenter = get_presenter(book, page_context(request)["lang"])
    secs = forms.sections(book, presenter, raw, problems, _, opened)
    extra = extra_errors or {}
    errors = field_errors(extra, [forms.ID_FIELD, forms.CERT_FIELD, forms.DATE_FIELD])
    errors = [{**e, "href": "#" + e["field"]} for e in errors] + forms.error_list(secs)
    return page(request, "staff/screen.html", {
        "sections": secs, "errors": errors, "extra_errors": extra,
        "screened_on": on if on is not None else local_today().isoformat(),
        "case_id": case_id, "keep_form": "screen-form", "keep_edit": "1",
        "action": f"/staff/cases/{case_id}/edit" if case_id else "/staff/screen",
    }, status_code=status_code)


@router.get("/screen")
def screen_form(request: Request, staff: OfflineStaff, book: RulebookDep) -> Response:
    raw = {"county": staff.county} if staff.county and "county" in book.facts else {}
    return form_page(request, book, raw, {})


def read_screening(request: Request, book: Rulebook, form: dict[str, str]
                   ) -> tuple[dict[str, str], dict[str, Any], dict[str, Any], dict[str, str],
                              str, dt.date | None]:
    """What the form says: (raw answers, facts, problems by fact, other field errors,
    the date as typed, the date or None). Applies the ID/certificate numbers (never kept)
    and "no to the rest"."""
    _ = translator(request)
    raw = forms.read_raw(book, form)
    date_text = form.get(forms.DATE_FIELD, "").strip()[:40]
    on = forms.read_date(date_text) if date_text else local_today()
    extra: dict[str, str] = {}
    if on is None:
        extra[forms.DATE_FIELD] = _("请按“年-月-日”填写筛查日期，例如 2025-03-15。")
    numbers = {k: form.get(k, "").strip()[:40] for k in (forms.ID_FIELD, forms.CERT_FIELD)}
    if any(numbers.values()):
        raw, number_errors = forms.apply_numbers(
            book, raw, numbers[forms.ID_FIELD], numbers[forms.CERT_FIELD], on or local_today(),
            page_context(request)["lang"])
        extra.update(number_errors)
    if form.get("rest") == "no":
        raw = forms.no_to_rest(book, raw, on or local_today())
    facts, problems = forms.parse(book, raw, on or local_today())
    return raw, facts, problems, extra, date_text or (on.isoformat() if on else ""), on


def results_page(request: Request, book: Rulebook, raw: dict[str, str], facts: dict[str, Any],
                 on: dt.date, extra: dict[str, Any] | None = None,
                 status_code: int = 200) -> Response:
    _ = translator(request)
    presenter = get_presenter(book, page_context(request)["lang"])
    result = presenter.screening(for_people(screen(book, facts, on)))
    ctx: dict[str, Any] = {
        "result": result, "raw": raw, "errors": [], "name": "", "phone": "", "consent": False,
        "questions": {n: presenter.fact(n)["question"] for n in book.facts},
        "titles": {p.id: _(p.model.title) for p in book.programs.values()},
        "consent_version": CONSENT_VERSION, "save_failed": False, "screened_on": on,
        "keep_form": "answers-form",  # staying signed in shows these results again
    }
    if extra:
        ctx.update(extra)
    return page(request, "staff/results.html", ctx, status_code=status_code)


@router.post("/screen")
async def screen_submit(request: Request, staff: OfflineStaff, book: RulebookDep,
                        form: CsrfForm) -> Response:
    _ = translator(request)
    raw, facts, problems, extra, date_text, on = read_screening(request, book, form)
    unseen = forms.unseen_sections(raw, form)
    if problems or extra or form.get("edit") or unseen or on is None:
        bad = bool(problems or extra or on is None)
        return form_page(request, book, raw, problems, INVALID_FORM if bad else 200,
                         on=date_text, extra_errors=extra, opened=unseen)
    return results_page(request, book, raw, facts, on)


@router.post("/cases")
async def case_save(request: Request, session: SessionDep, staff: OfflineStaff,
                    book: RulebookDep, form: CsrfForm) -> Response:
    _ = translator(request)
    raw, facts, problems, extra, date_text, on = read_screening(request, book, form)
    if problems or extra or on is None:
        return form_page(request, book, raw, problems, INVALID_FORM, on=date_text,
                         extra_errors=extra)
    data, errors = read_form(SaveForm, form, _)
    county = staff.county or facts.get("county") or ""
    if not county:
        errors["county"] = _("请在筛查表中选择办事的县（市、区），案件按县保存。")
    keep = {"name": form.get("applicant_name", "").strip()[:100],
            "phone": form.get("applicant_phone", "").strip()[:40],
            "consent": form.get("consent") == "yes"}
    if errors or data is None:
        summary = field_errors(errors, ["consent", "applicant_name", "applicant_phone", "county"])
        for e in summary:
            if e["field"] == "county":
                e["href"] = "#consent"
        return results_page(request, book, raw, facts, on, {**keep, "errors": summary},
                            INVALID_FORM)
    try:
        if getattr(request.state, "db_down", False):
            raise DatabaseError("database unreachable")
        case = cases.save_case(session, staff, book, cases.answers_json(facts), on,
                               consent=True, name=data.applicant_name or None,
                               phone=data.applicant_phone or None, county=county)
    except DatabaseError:
        session.rollback()
        return results_page(request, book, raw, facts, on, {**keep, "save_failed": True}, 503)
    return RedirectResponse(f"/staff/cases/{case.id}?done=saved", status_code=303)


def _own_case(session: Any, staff: Staff, case_id: int) -> Any:
    case = cases.get_case(session, staff, case_id)
    if case is None:
        raise Problem(404)
    return case


@router.get("/cases/{case_id}/edit")
def case_edit_form(request: Request, session: SessionDep, staff: CurrentStaff,
                   book: RulebookDep, case_id: CaseId) -> Response:
    case = _own_case(session, staff, case_id)
    raw = forms.raw_from_answers(case.answers)
    return form_page(request, book, raw, {}, on=case.screened_on.isoformat(), case_id=case.id)


@router.post("/cases/{case_id}/edit")
async def case_edit(request: Request, session: SessionDep, staff: CurrentStaff,
                    book: RulebookDep, case_id: CaseId, form: CsrfForm) -> Response:
    """The case's answers and screening date changed, re-screened on the current rules and
    saved with what changed; the audit log records the edit."""
    _ = translator(request)
    case = _own_case(session, staff, case_id)
    raw, facts, problems, extra, date_text, on = read_screening(request, book, form)
    unseen = forms.unseen_sections(raw, form)
    if problems or extra or on is None or form.get("edit") or unseen:
        bad = bool(problems or extra or on is None)
        return form_page(request, book, raw, problems, INVALID_FORM if bad else 200,
                         on=date_text, extra_errors=extra, case_id=case.id, opened=unseen)
    cases.edit_case(session, staff, book, case, cases.answers_json(facts), on)
    return RedirectResponse(f"/staff/cases/{case.id}?done=edited", status_code=303)
