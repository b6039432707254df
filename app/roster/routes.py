"""The admin's roster upload in the staff area: ``/staff/roster`` (数据比对).

An administrator uploads a CSV or Excel roster and gets the screened roster back as a download.
Neither the roster nor the result is written to disk or kept after the request (PIPL): the
upload is parsed in memory (no spooling to a temporary file), screened, and streamed back.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from app.deps import RulebookDep
from app.engine import Rulebook
from app.present import today
from app.staff import csrf
from app.staff.db import SessionDep
from app.staff.routes import Problem, StaffRoute, page, require_admin, translator

# polars is imported when a roster is screened, not at start: it would add to every worker's
# start-up time and memory for a page that admins use now and then

router = APIRouter(prefix="/staff/roster", route_class=StaffRoute, include_in_schema=False)

MAX_BYTES = 64 * 1024 * 1024  # about 350,000 rows of CSV
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class InMemoryParser(MultiPartParser):
    """Starlette's multipart parser, keeping uploads in memory (never in a temporary file)."""

    spool_max_size = MAX_BYTES + 1024 * 1024


class TooLarge(Exception):
    pass


async def _limited(request: Request) -> Any:
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > MAX_BYTES + 64 * 1024:
            raise TooLarge
        yield chunk


@router.get("")
def roster_form(request: Request, session: SessionDep) -> Response:
    require_admin(request, session)
    return _form(request, {"on": today().isoformat(), "format": "csv"}, [])


def _form(request: Request, values: dict[str, str], errors: list[dict[str, str]],
          status_code: int = 200) -> Response:
    return page(request, "roster/upload.html", {
        "values": values, "errors": errors, "max_mb": MAX_BYTES // (1024 * 1024),
    }, status_code=status_code)


@router.post("")
async def roster_upload(request: Request, session: SessionDep, book: RulebookDep) -> Response:
    gettext = translator(request)
    try:
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            form = await InMemoryParser(request.headers, _limited(request)).parse()
        else:  # a form without its file part
            form = await request.form()
    except TooLarge:
        require_admin(request, session)
        return _form(request, {"on": "", "format": "csv"}, [{
            "text": gettext("文件太大：一次最多上传 {mb} MB。请把名单分成几个文件。").format(
                mb=MAX_BYTES // (1024 * 1024)), "href": "#roster", "field": "roster"}], 413)
    except (MultiPartException, KeyError, ValueError):
        raise Problem(403) from None
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    if not csrf.valid(request, fields.get(csrf.FIELD)):
        raise Problem(403)
    require_admin(request, session)
    from .bulk import RosterError
    from .files import kind_of

    upload = form.get("roster")
    values = {"on": fields.get("on", "").strip(), "format": fields.get("format", "csv")}
    if values["format"] not in MEDIA:
        values["format"] = "csv"
    errors: list[dict[str, str]] = []
    data = b""
    kind = ""
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors.append({"text": gettext("请选择要上传的名单文件。"), "href": "#roster",
                       "field": "roster"})
    else:
        kind = kind_of(upload.filename)
        data = await upload.read()
        await upload.close()
        if not kind:
            errors.append({"text": gettext("名单文件必须是 .csv 或 .xlsx。"), "href": "#roster",
                           "field": "roster"})
        elif not data:
            errors.append({"text": gettext("上传的文件是空的。"), "href": "#roster",
                           "field": "roster"})
    on = _date(values["on"])
    if on is None:
        errors.append({"text": gettext("请按 YYYY-MM-DD 填写筛查日期，例如 2025-06-01。"),
                       "href": "#on", "field": "on"})
    if errors or on is None:
        return _form(request, values, errors, 400)
    try:
        body = _screen(book, data, kind, on, values["format"], gettext)
    except RosterError as exc:
        return _form(request, values, [{"text": str(exc), "href": "#roster",
                                        "field": "roster"}], 400)
    name = f"roster-result-{on.isoformat()}.{values['format']}"
    return Response(body, media_type=MEDIA[values["format"]], headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


def _date(text: str) -> dt.date | None:
    if len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _screen(book: Rulebook, data: bytes, kind: str, on: dt.date, out_kind: str,
            gettext: Any) -> bytes:
    from .bulk import RosterError, amount_col, read_columns, screen_roster
    from .files import read_roster, write_roster

    roster = read_roster(data, kind, gettext, coded=lambda columns: read_columns(book, columns))
    if roster.width == 0 or roster.height == 0:
        raise RosterError(gettext("名单里没有数据行。"))
    # the whole roster beside the results: the sheet is read by the person who uploaded it
    result = screen_roster(book, roster, on, gettext, keep_facts=True)
    buffer = io.BytesIO()
    write_roster(result.frame, buffer, out_kind, [amount_col(p) for p in book.programs])
    return buffer.getvalue()
