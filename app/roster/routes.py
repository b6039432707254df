"""The admin's roster upload in the staff area: ``/staff/roster`` (数据比对).

An administrator uploads a CSV or Excel roster and either sees how its columns were read and
what the screening found (the mapping, with a choice per column to correct it, and the
summary), or downloads the screened roster. Neither the roster nor the result is written to
disk or kept after the request (PIPL): to screen again with a corrected mapping, the file is
chosen again.

Order of work (issue 11): the admin session is checked first; only then is the body read,
streamed, up to ``app.web.limits.ROSTER_MAX_BYTES`` (the request-body middleware gives this
route that cap instead of its general one); the CSRF token is checked; the roster is read within
:data:`~app.roster.bounds.UPLOAD` bounds and screened in a worker process, off the event loop,
so the resident pages answer meanwhile (a worker process: see :func:`_in_worker`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

from fastapi import APIRouter, Request, Response
from python_multipart.exceptions import FormParserError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser

from app.deps import RulebookDep
from app.engine import Rulebook
from app.i18n import Gettext, gettext_for
from app.present import today
from app.staff import audit, csrf
from app.staff.auth import Staff
from app.staff.db import SessionDep
from app.staff.deps import current_staff
from app.staff.routes import Problem, StaffRoute, page, translator
from app.web.limits import ROSTER_MAX_BYTES
from app.web.templating import get_lang

from .bounds import UPLOAD, RosterError

# polars is imported when a roster is screened, not at start: it would add to every worker's
# start-up time and memory for a page that admins use now and then

router = APIRouter(prefix="/staff/roster", route_class=StaffRoute, include_in_schema=False)

MAX_BYTES = ROSTER_MAX_BYTES  # the file; the middleware lets the body carry 64 KB more
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
AUTO, PASS = "", "-"  # a column's correction: as recognised; passed through unread
MAX_SHEET_NAME = 200  # characters of a sheet's name kept from the form (Excel allows 31)
MAX_HEAD = 1000  # characters of a column's header kept from the form (the page's own: shorter)
BAD_CELLS = 20  # cells that could not be read, listed on the page (the rest: in the result)
# the form's fields: per column its correction and header (map_<i>, head_<i>), and a few more
# (the token, the date, the format, the action, the sheet); one file, the roster
MAX_FIELDS = 2 * UPLOAD.max_columns + 16
MAX_FILES = 1


class InMemoryParser(MultiPartParser):
    """Starlette's multipart parser, keeping uploads in memory (never in a temporary file)."""

    spool_max_size = MAX_BYTES + 1024 * 1024


class TooLarge(Exception):
    pass


class AdminsOnly(Exception):
    """A signed-in staff member who is not an administrator (:func:`_admin`)."""


class Kept(RosterError):
    """A roster refused with what the page shows beside the message: the columns as read,
    each with the admin's choice (never lost: they are chosen again otherwise), and the rows
    left out, each with why; ``index``, the column whose choice the message is of (its error
    links there). Raised in the worker: its arguments are what is pickled."""

    def __init__(self, message: str, columns: list[dict[str, Any]], dead: list[str],
                 index: int | None = None) -> None:
        super().__init__(message, columns, dead, index)
        self.message, self.columns, self.dead, self.index = message, columns, dead, index

    def __str__(self) -> str:
        return self.message


class _Mapped(Exception):
    """Not an error: the mapping, read, ends the reading (:func:`_screen`)."""

    def __init__(self, mapping: Any) -> None:
        super().__init__()
        self.mapping = mapping


def _admin(request: Request, session: Any) -> Staff:
    """The signed-in administrator (signed out: to the sign-in page, as every staff page);
    other staff get a page that says this one is for administrators (:class:`AdminsOnly`), not
    the area's 404 of cases."""
    staff = current_staff(request, session)
    if not staff.is_admin:
        raise AdminsOnly
    return staff


def _admins_only(request: Request) -> Response:
    return page(request, "roster/admins_only.html", {}, status_code=403)


async def _limited(request: Request) -> Any:
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > MAX_BYTES + 64 * 1024:
            raise TooLarge
        yield chunk


@router.get("")
def roster_form(request: Request, session: SessionDep, book: RulebookDep) -> Response:
    try:
        _admin(request, session)
    except AdminsOnly:
        return _admins_only(request)
    # (the page is for people: an .xlsx result, whose ID numbers Excel shows whole; a CSV
    # opened in Excel shows them as 4.51002E+17, the fifty-sixth tester's)
    return _form(request, book, {"on": today().isoformat(), "format": "xlsx"}, [])


def _form(request: Request, book: Rulebook, values: dict[str, str],
          errors: list[dict[str, str]], status_code: int = 200,
          outcome: Outcome | None = None) -> Response:
    from .cli import target_text

    gettext = translator(request)
    choices: list[dict[str, str]] = []
    if outcome is not None:
        from .headers import DEATH_AS, DEATH_HEADERS, Names

        choices = [{"value": AUTO, "text": gettext("按自动识别")},
                   {"value": PASS, "text": gettext("不读这一列（原样保留）")}]
        choices += [{"value": t, "text": target_text(t, book, gettext)}
                    for t in Names.of(book).targets]
        # (a death's column, as the column so headed is read: the fifty-sixth tester's)
        choices += [{"value": DEATH_AS + h,
                     "text": gettext("{header}（用来看是否已经去世）").format(header=gettext(h))}
                    for h in DEATH_HEADERS]
    return page(request, "roster/upload.html", {
        "values": values, "errors": errors, "max_mb": MAX_BYTES // (1024 * 1024),
        "outcome": outcome, "choices": choices,
        "target_text": lambda t: target_text(t, book, gettext),
    }, status_code=status_code)


@dataclass(slots=True)
class Outcome:
    """What the preview shows: every column (letter, header, what it was read as, how, the
    admin's choice), rows above the header, and per program the counts."""

    columns: list[dict[str, Any]]
    where: str  # where the header is, and the rows above it not screened
    rows: int
    summary: list[dict[str, Any]]
    skipped: list[str] = field(default_factory=list)  # rows that are no person, not screened
    sheets: str = ""  # which of several sheets were read
    kinds: list[str] = field(default_factory=list)  # a fact given by one of its kinds alone
    repeats: str = ""  # rows whose ID number a row above holds
    sheet_names: list[str] = field(default_factory=list)  # a workbook's sheets, to choose one
    # the admin's corrections not used: the file chosen again has another header there
    stale: str = ""
    bad: str = ""  # how many cells could not be read
    bad_cells: list[str] = field(default_factory=list)  # the first of them, then how many more
    # the first rows left out as dead, each with why, then how many in all (under skipped);
    # with an .xlsx result, that its sheet lists every one
    dead: list[str] = field(default_factory=list)
    # a screening date more than a year ahead, said as the command says it (a year mistyped)
    ahead: str = ""


@router.post("")
async def roster_upload(request: Request, session: SessionDep, book: RulebookDep) -> Response:
    try:
        admin = _admin(request, session)  # who is asking, before a byte of the body is read
    except AdminsOnly:
        return _admins_only(request)
    gettext = translator(request)
    declared = request.headers.get("content-length", "")
    try:
        if declared.isdigit() and int(declared) > MAX_BYTES + 64 * 1024:
            raise TooLarge
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            # (up to the columns a roster may have: each column's correction is two fields)
            form = await InMemoryParser(request.headers, _limited(request), max_files=MAX_FILES,
                                        max_fields=MAX_FIELDS).parse()
        else:  # a form without its file part
            form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS)
    except TooLarge:
        return _form(request, book, {"on": "", "format": "xlsx"}, [{
            "text": gettext("文件太大：一次最多上传 {mb} MB。请把名单分成几个文件。").format(
                mb=MAX_BYTES // (1024 * 1024)), "href": "#roster", "field": "roster"}], 413)
    except (MultiPartException, HTTPException) as exc:
        # (more fields than a roster's columns make, a second file, a field over 1 MB, a part
        # whose headers are over the parser's bound, as a file name of thousands of
        # characters: no form this page gives; said as it is, not as an expired form)
        text = (gettext("服务读不了提交的表单，可能是文件名太长。请把名单文件改成短一些的名字"
                        "（例如“名单.xlsx”），重新选择后再提交。")
                if isinstance(exc.__cause__, FormParserError) else
                gettext("提交的表单内容太多，服务没有读取：名单最多 {columns} 列，"
                        "一次只能上传一个文件。请重新打开这个页面，选择名单文件后再提交。"
                        ).format(columns=UPLOAD.max_columns))
        return _form(request, book, {"on": "", "format": "xlsx"}, [{
            "text": text, "href": "#roster", "field": "roster"}], 400)
    except (KeyError, ValueError):
        raise Problem(403) from None
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    if not csrf.valid(request, fields.get(csrf.FIELD)):
        raise Problem(403)
    from .opening import kind_of, not_a_roster

    upload = form.get("roster")
    values = {"on": fields.get("on", "").strip()[:32], "format": fields.get("format", "csv"),
              "action": fields.get("action", "download"),
              "sheet": fields.get("sheet", "")[:MAX_SHEET_NAME]}
    if values["format"] not in MEDIA:
        values["format"] = "csv"
    corrections, heads = _corrections(fields, book)
    errors: list[dict[str, str]] = []
    data = b""
    kind = ""
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors.append({"text": gettext("请选择要上传的名单文件。"), "href": "#roster",
                       "field": "roster"})
    else:
        kind = kind_of(upload.filename, roster=True)
        data = await upload.read()
        await upload.close()
        if not kind:
            errors.append({"text": not_a_roster(gettext), "href": "#roster",
                           "field": "roster"})
        elif not data:
            errors.append({"text": gettext("上传的文件是空的。"), "href": "#roster",
                           "field": "roster"})
    on = _date(values["on"])
    if on is None:
        errors.append({"text": gettext("请按 YYYY-MM-DD 填写筛查日期，例如 2025-06-01。"),
                       "href": "#on", "field": "on"})
    if errors or on is None:
        return _form(request, book, values, errors, 400)
    lang = get_lang(request)
    try:
        body, outcome = await _in_worker(book, data, kind, on, values["format"], lang,
                                         corrections, heads, values["sheet"] or None)
    except RosterError as exc:
        from .headers import ChoiceError, NoColumns, letter

        outcome = None
        message = str(exc)
        # (a column's choice that cannot be: the error links to that column's choice)
        index = exc.index if isinstance(exc, (ChoiceError, Kept)) else None
        href = f"#map_{index}" if index is not None else "#roster"
        if isinstance(exc, Kept):  # the columns, with the admin's choices, and rows left out
            outcome = Outcome(exc.columns, "", 0, [], dead=exc.dead)
        elif isinstance(exc, NoColumns) and exc.headless:
            # (no header row: choosing each column's fact would take the first person for one)
            message = exc.note
        elif isinstance(exc, NoColumns):  # let the admin say which column is which
            outcome = Outcome([{"index": i, "letter": letter(i), "header": h, "target": None,
                                "how": "", "choice": AUTO} for i, h in enumerate(exc.headers)],
                              "", 0, [])
            # (the command's message names its --columns option; here the choices are below)
            message = gettext(
                "名单里没有一列能认出是筛查用的事实。看到的列名：{seen}。请在下面“各列读成了什么”"
                "里为每一列选对应的事实，再重新选择名单文件筛查一次。").format(
                seen=gettext("、").join(exc.headers) or "—") + (" " + exc.note if exc.note else "")
        return _form(request, book, values, [{"text": message, "href": href,
                                              "field": "roster"}], 400, outcome)
    finally:
        del data
    if outcome.stale and values["action"] == "download":  # (not a file screened otherwise
        _audit(session, admin, "preview", "", outcome.rows)  # than the admin chose: the
        return _form(request, book, values, [{  # mapping, again; its summary shown)
            "text": outcome.stale, "href": "#mapping", "field": "mapping"}], 400, outcome)
    _audit(session, admin, values["action"], values["format"], outcome.rows)
    from .launch import far_ahead_note

    # (the command says it; the page said nothing: the fifty-ninth tester's)
    outcome.ahead = far_ahead_note(on.isoformat(), today(), gettext) or ""
    if values["action"] == "download":
        name = f"roster-result-{on.isoformat()}.{values['format']}"
        return Response(body, media_type=MEDIA[values["format"]], headers={
            "Content-Disposition": f'attachment; filename="{name}"'})
    return _form(request, book, values, [], 200, outcome)


def _audit(session: Any, admin: Staff, action: str, out_kind: str, rows: int) -> None:
    """An audit entry for a roster screened (PIPL: who processed whose data, and when): a
    preview, or a download and its format, and how many people; never the file's name (it
    may name people), headers or cells. Written before the result is given: a result never
    leaves without its entry (a database that cannot write it: the staff area's 503)."""
    shown = "download" if action == "download" else "preview"
    detail = f"{shown} {out_kind} rows={rows}" if shown == "download" else f"{shown} rows={rows}"
    audit.record(session, admin, "roster", detail=detail)
    session.commit()


def _corrections(fields: dict[str, str], book: Rulebook
                 ) -> tuple[dict[int, str | None], dict[int, str]]:
    """The admin's choice per column (``map_<index>``): a target, or passed through; and the
    header each choice was made for (``head_<index>``, as the page showed it), so that a
    choice is used only on a column of that header (:func:`_stale`)."""
    from .headers import DEATH_AS, DEATH_HEADERS, Names

    known = set(Names.of(book).targets) | {DEATH_AS + h for h in DEATH_HEADERS}
    out: dict[int, str | None] = {}
    heads: dict[int, str] = {}
    for key, value in fields.items():
        kind, _sep, index = key.partition("_")
        if kind not in ("map", "head") or not index.isdigit() or len(index) > 4:
            continue
        if kind == "head":
            heads[int(index)] = value[:MAX_HEAD]
        elif value == PASS:
            out[int(index)] = None
        elif value in known:
            out[int(index)] = value
    return out, heads


def _date(text: str) -> dt.date | None:
    """The screening date as the admin types it: 2025-06-01, 2025/6/1, 2025年6月1日 … as the
    codec reads a date (:func:`app.codec.dates.parse_date_text`); None for anything else."""
    from app.codec.dates import parse_date_text
    from app.codec.text import normalise

    typed = normalise(text)
    return parse_date_text(typed) if typed else None


_pool: ProcessPoolExecutor | None = None
_starting = asyncio.Lock()


async def _in_worker(book: Rulebook, data: bytes, kind: str, on: dt.date, out_kind: str,
                     lang: str, corrections: dict[int, str | None], heads: dict[int, str],
                     sheet: str | None = None) -> tuple[bytes, Outcome]:
    """:func:`_screen` in a worker process (one, started on first use, kept until the app's
    shutdown, :func:`stop_worker`, and never past the server's end, :func:`_worker_started`):
    the screening holds neither this process's event loop nor its GIL, and a roster that
    exhausts the worker's memory ends the worker, not the server."""
    global _pool
    async with _starting:
        if _pool is None:  # started from a thread: starting a process takes the caller a while
            _pool = await asyncio.to_thread(_start_worker)
    try:
        return await asyncio.wrap_future(_pool.submit(
            _screen, book, data, kind, on, out_kind, lang, corrections, heads, sheet))
    except BrokenProcessPool:
        _pool = None
        gettext = gettext_for(lang)
        raise RosterError(gettext("筛查这份名单时用尽了内存，没有完成。请把名单分成几个文件，"
                                  "或另存为 CSV 后再试。")) from None


def _start_worker() -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"),
                               initializer=_worker_started, initargs=(os.getpid(),))
    pool.submit(int).result()  # the process is up
    return pool


def stop_worker() -> None:
    """Ends the worker process, if one was started, and waits (a moment) until it has ended;
    a screening in progress ends with it (its request ends with the server). Called at the
    app's shutdown (the staff area's ``stop`` in :func:`app.main.create_app`); the next upload
    would start a new worker."""
    global _pool
    pool, _pool = _pool, None
    if pool is None:
        return
    # Python 3.14's pool.terminate_workers(); before it, the pool's processes are only its
    # ``_processes``. Ended first, so that shutdown() does not wait for the screening.
    for process in list((pool._processes or {}).values()):  # type: ignore[attr-defined]
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _worker_started(server: int) -> None:
    """The worker's first step: a lower CPU priority (a roster is batch work, the resident
    pages are not), and a thread that ends the worker as soon as the server process ``server``
    is gone, however it ended (SIGKILL, a crash): an orphan would hold its memory forever."""
    os.nice(10)
    threading.Thread(target=_end_with, args=(server,), name="end-with-server",
                     daemon=True).start()


def _end_with(server: int) -> None:
    # A parent that ends hands its children to another (pid 1 or a subreaper): the parent's
    # pid changes. Checked once a second: the standard library's portable way (Linux's
    # prctl(PR_SET_PDEATHSIG) would also fire when the thread that started the worker ends).
    while os.getppid() == server:
        time.sleep(1)
    os._exit(1)


def _screen(book: Rulebook, data: bytes, kind: str, on: dt.date, out_kind: str,
            lang: str, corrections: dict[int, str | None], heads: dict[int, str],
            sheet: str | None = None) -> tuple[bytes, Outcome]:
    from .bulk import column_names
    from .headers import ChoiceError, ColumnMap, NoColumns, Twice, letter
    from .run import screen_file

    gettext = gettext_for(lang)

    def screened(corrections: dict[int, str | None]) -> tuple[Any, ColumnMap, bytes]:
        seen: list[ColumnMap] = []
        buffer = io.BytesIO()
        # the whole roster beside the results: the sheet is read by the person who uploaded it
        result = screen_file(book, data, kind, on, gettext, out=buffer, out_kind=out_kind,
                             limits=UPLOAD, lang=lang, by_index=corrections, keep_facts=True,
                             mapped=seen.append, sheets=[sheet] if sheet else None,
                             today=today())
        return result, seen[0], buffer.getvalue()

    def own_mapping() -> ColumnMap:
        """The file's columns read without the admin's choices; read only, not screened."""
        def stop(mapping: ColumnMap) -> None:
            raise _Mapped(mapping)

        try:
            screen_file(book, data, kind, on, gettext, out=io.BytesIO(), out_kind=out_kind,
                        limits=UPLOAD, lang=lang, keep_facts=True, mapped=stop,
                        sheets=[sheet] if sheet else None)
        except _Mapped as read:
            return read.mapping  # type: ignore[no-any-return]
        raise AssertionError("the mapping is given before the screening")  # pragma: no cover

    try:
        result, mapping, body = screened(corrections)
        stale = _stale(corrections, heads, _headers(mapping.columns))
    except RosterError as refused:
        # (a choice made for another file may itself be what is wrong with this one: two
        # columns of one fact; the file's own headers, read without the choices, tell; and a
        # choice made for this file that is wrong, two columns of one fact, is said as the
        # admin's, the columns coming back with the choices as made)
        if not corrections:
            if isinstance(refused, Twice):  # (the columns, to leave one of the two unread)
                raise Kept(str(refused), _columns(refused.columns, {}, gettext),
                           []) from None
            raise
        own: ColumnMap | None = None
        try:
            own = own_mapping()
            now = _headers(own.columns)
        except NoColumns as exc:
            now = dict(enumerate(exc.headers))
        except Twice as exc:  # (the file's own two columns of one fact, the choices not enough:
            # the columns again, with the choices made for them)
            stale = _stale(corrections, heads, _headers(exc.columns))
            kept = {i: t for i, t in corrections.items() if i not in stale}
            raise Kept(str(refused), _columns(exc.columns, kept, gettext),
                       []) from None
        except RosterError:  # (the file itself cannot be read: that is said)
            raise refused from None
        stale = _stale(corrections, heads, now)
        if not stale:
            columns = (_columns(own.columns, corrections, gettext) if own is not None else
                       [{"index": i, "letter": letter(i), "header": h, "target": None,
                         "how": "", "choice": _choice(corrections, i)} for i, h in now.items()])
            raise Kept(_clash(str(refused), own, corrections, book, gettext), columns,
                       [], refused.index if isinstance(refused, ChoiceError) else None
                       ) from None
    if stale:  # (the file chosen again is another: screened as it is, without those choices)
        corrections = {i: t for i, t in corrections.items() if i not in stale}
        result, mapping, body = screened(corrections)
    if result.rows == 0:
        left_out = result.skipped(gettext)
        if not left_out:
            raise RosterError(gettext("名单里没有数据行。"))
        # (rows there were, all left out: which and why, not "no rows", and the columns, one
        # of which may have been misread as a death)
        raise Kept(gettext("名单里的各行都没有筛查，所以没有结果。") + " " + " ".join(left_out)
                   + " " + gettext("如果有的行读错了，请在下面“各列读成了什么”里改正，再重新选择"
                                   "名单文件筛查一次。"),
                   _columns(mapping.columns, corrections, gettext), result.dead_listed(gettext))
    from .cli import (  # (the command's module: loaded with the upload)
        bad_cells,
        bad_cells_note,
        mapping_notes,
    )
    from .output import dead_sheet_title

    columns = _columns(mapping.columns, corrections, gettext)
    # (the result's column of bad cells is named as the chosen format names it)
    cells, total = bad_cells(result, gettext, people=out_kind == "xlsx", at_most=BAD_CELLS)
    absent = result.absent(book)
    summary = [{"program": gettext(book.programs[p].model.title), "counts": counts,
                "unclaimed": result.unclaimed.get(p, 0),
                "receipt_unknown": result.receipt_unknown.get(p, ""),
                "absent": column_names(book, absent.get(p, []), gettext)}
               for p, counts in result.counts.items()]
    return body, Outcome(columns, mapping.where_note(gettext), result.rows, summary,
                         result.skipped(gettext), mapping.sheets_note(gettext),
                         mapping_notes(mapping, book, gettext), result.repeats_note(gettext),
                         mapping.sheets.choosable() if len(mapping.sheets.names) > 1 else [],
                         _stale_note(stale, mapping, gettext),
                         bad_cells_note(total, gettext) if total else "", cells,
                         result.dead_listed(gettext, sheet=dead_sheet_title(gettext)
                                            if out_kind == "xlsx" else None))


def _choice(corrections: dict[int, str | None], index: int) -> str:
    """The admin's choice for a column as the page's list names it."""
    if index not in corrections:
        return AUTO
    chosen = corrections[index]
    return PASS if chosen is None else chosen


def _columns(columns: list[Any], corrections: dict[int, str | None], gettext: Gettext
             ) -> list[dict[str, Any]]:
    """A mapping's columns (or those of a roster refused before one was made: :class:`~.headers.
    Twice`) as the page lists them, each with the admin's choice, and a
    column read for a death (死亡日期 by its header, or as the admin chose: death_as) said as
    one: not "not read" (the fifty-eighth tester's)."""
    from .cli import how_text
    from .deaths import ANY
    from .headers import death_kind, letter

    def death(c: Any) -> str:
        if c.target is not None:
            return ""
        if c.death_as:
            return gettext("{header}（用来看是否已经去世）").format(header=gettext(c.death_as))
        kind = death_kind(c)
        return gettext("用来看是否已经去世（原样保留）") \
            if kind.legend or kind.name != ANY.name else ""

    return [{"index": c.index, "letter": letter(c.index), "header": c.header,
             "written": c.written or c.header,
             "target": c.target, "how": how_text(c, gettext), "death": death(c),
             "choice": _choice(corrections, c.index)} for c in columns]


def _clash(message: str, own: Any, corrections: dict[int, str | None], book: Rulebook,
           gettext: Gettext) -> str:
    """Where the admin's choices make two columns one fact (the file read without them is
    fine): that, said as the admin's choice, naming the other column and what to do; else the
    roster's own ``message``. Only a pair both of whose letters the message names: the
    refusal is of them (not of something the file holds besides)."""
    import re

    from .cli import target_text
    from .headers import letter, shown_header

    if own is None:
        return message
    header = {c.index: c.header for c in own.columns}
    target = {c.index: c.target for c in own.columns}
    target.update(corrections)
    named = set(re.findall(r"(?<![A-Za-z])[A-Z]{1,3}(?![A-Za-z])", message))
    for i in sorted(corrections):
        fact = corrections[i]
        if fact is None:
            continue
        for j in sorted(header):
            if j == i or target.get(j) != fact or not {letter(i), letter(j)} <= named:
                continue
            both = j in corrections
            words = (gettext("你在“改为”里把“{b}”列（{lb} 列）和“{a}”列（{la} 列）都选为“{fact}”。")
                     if both else
                     gettext("你在“改为”里把“{b}”列（{lb} 列）选为“{fact}”，可是“{a}”列（{la} 列）"
                             "已经读作这一项。"))
            return (words + " " + gettext("一项只能读一列：请把其中一列选为“不读这一列（原样保留）”"
                                    "或别的事实，再重新选择名单文件筛查一次。")).format(
                a=shown_header(header[j], whole=True), la=letter(j),
                b=shown_header(header[i], whole=True), lb=letter(i),
                fact=target_text(fact, book, gettext))
    return message


def _headers(columns: list[Any]) -> dict[int, str]:
    """A mapping's columns' headers as the sheet holds them, by index: 身份证号 for the second
    of two, which the mapping names 身份证号 (E) once it is read no more, as the page's choices
    name it (``head_<index>``) whether it was read or not."""
    return {c.index: c.written or c.header for c in columns}


def _stale(corrections: dict[int, str | None], heads: dict[int, str], now: dict[int, str]
           ) -> dict[int, str]:
    """The admin's corrections made for another header than the column now at that place has
    (``now``: the file's headers by index; the file chosen again is another one, or its
    columns moved): index → the header the choice was made for. A choice sent without its
    header (an older page) is kept."""
    from .headers import norm

    return {i: heads[i] for i in corrections
            if i in heads and norm(now.get(i, "")) != norm(heads[i])}


def _stale_note(stale: dict[int, str], mapping: Any, gettext: Gettext) -> str:
    """What the page says of corrections not used (:func:`_stale`): which columns, and the
    header each choice was made for."""
    if not stale:
        return ""
    from .headers import letter

    now = _headers(mapping.columns)
    return gettext("这次选的文件里，这些位置的列名和改对应时的不同，改过的对应没有用上：{columns}。"
                   "请核对下面各列的对应，需要的话重新选择，再筛查一次。").format(
        columns=gettext("；").join(
            gettext("{letter} 列（改的是“{before}”，现在是“{now}”）").format(
                letter=letter(i), before=before, now=now.get(i, "—"))
            for i, before in sorted(stale.items())))
