"""The cases a staff member can see, as CSV or Excel (times in Asia/Shanghai)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.deps import RulebookDep
from app.staff import audit, cases, export
from app.staff.db import SessionDep
from app.staff.deps import CheckedRoute, CurrentStaff
from app.staff.web import FOLLOW_UP_TITLES, Problem, local_today, translator

from .cases import filters_from

router = APIRouter(prefix="/staff", route_class=CheckedRoute)


@router.get("/export.{fmt}")
def export_cases(fmt: str, request: Request, session: SessionDep, staff: CurrentStaff,
                 book: RulebookDep) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise Problem(404)
    found = cases.list_cases(session, staff, filters_from(request), limit=100_000)
    _ = translator(request)
    rows = export.table(found, book, _, {k: _(v) for k, v in FOLLOW_UP_TITLES.items()})
    audit.record(session, staff, "export", detail=f"{fmt} rows={len(found)}")
    session.commit()
    stamp = local_today().isoformat()
    if fmt == "csv":
        body, media = export.to_csv(rows), "text/csv; charset=utf-8"
    else:
        body = export.to_xlsx(rows, _("案件"))
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="cases-{stamp}.{fmt}"'})
