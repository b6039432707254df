"""CSV and Excel (.xlsx) export of the cases a staff member can see, for reporting.

:func:`table` gives the values as typed; :func:`to_csv` defuses formulas with the shared safe
writer (``app.safe_csv``: a ``'`` before ``=``, ``+``, ``-``, ``@`` …), while :func:`to_xlsx`
stores every text as a text cell, which Excel never runs, so a phone number ``+86 …`` or a
name keeps no stray ``'``."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from app.engine import Rulebook
from app.present import STATUS_TITLES
from app.safe_csv import rows_to_csv  # the one safe writer, shared with the roster

from .models import Case
from .web import local_time


def table(cases: Sequence[Case], book: Rulebook, _: Callable[[str], str],
          follow_up_titles: dict[str, str]) -> list[list[Any]]:
    """A header row and one row per case: the record, then each program's status, with its
    follow-up and date where one was recorded ("可以申请（已申请 2026-11-20）")."""
    programs = list(book.programs)
    header = [_("编号"), _("姓名"), _("电话"), _("县（市、区）"), _("筛查日期"), _("规则版本"),
              _("跟进状态"), _("跟进备注"), _("保存时间（北京时间）"), _("最后修改（北京时间）")]
    header += [_(book.programs[p].model.title) for p in programs]
    county_values = (book.facts["county"].values or {}) if "county" in book.facts else {}
    rows: list[list[Any]] = [header]
    for c in cases:
        row: list[Any] = [
            c.id, c.applicant_name or "", c.applicant_phone or "",
            _(county_values.get(c.county, c.county)), c.screened_on.isoformat(),
            c.rulebook_version, follow_up_titles.get(c.follow_up, c.follow_up),
            c.follow_up_note, local_time(c.created_at, "%Y-%m-%d %H:%M"),
            local_time(c.updated_at, "%Y-%m-%d %H:%M")]
        saved = c.follow_ups or {}
        for p in programs:
            status = (c.results.get(p) or {}).get("status")
            text = _(STATUS_TITLES[status]) if status in STATUS_TITLES else ""
            follow = saved.get(p) or {}
            if status == "eligible" and follow.get("status") in follow_up_titles:
                done = " ".join(x for x in (follow_up_titles[follow["status"]],
                                            follow.get("on") or "") if x)
                text += _("（{follow_up}）").format(follow_up=done)
            row.append(text)
        rows.append(row)
    return rows


def to_csv(rows: list[list[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly."""
    return rows_to_csv(rows)


def to_xlsx(rows: list[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    for row in rows:
        ws.append(row)
    for cells in ws.iter_rows():
        for cell in cells:
            if cell.data_type == "f":  # openpyxl reads text starting with "=" as a formula
                cell.data_type = "s"
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
