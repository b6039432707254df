"""An .xlsx roster's several sheets: which are read, how their rows are numbered, and what the
reports say of them.

A county's workbook often holds one sheet per township or village, each under the same header.
The list's header is found on the first sheet that has one (:mod:`app.roster.headers`; a
first sheet of 填表说明 is passed over); every later sheet whose first rows hold the same
header, the same text in the same columns, is read after it (:meth:`.files.Opened.match_sheets`),
and the others are named with why. A row of sheet ``k`` (in the workbook's order) is numbered
``k * SHEET_ROWS + r`` (:data:`.files.ROW`), so that a number names one row of one sheet, and
rows next to each other in a sheet are next in number, as the screener's tests of titles and
headers above and below a row need; reports show it as the sheet's name and row
(:func:`row_text`). Nothing here imports polars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.i18n import Gettext

# a sheet has at most 1,048,576 rows (XLSX_MAX_ROWS): sheet k's row r is k * SHEET_ROWS + r
SHEET_ROWS = 10_000_000
# why a sheet was not read (:meth:`.files.Opened.match_sheets`)
EMPTY, OTHER_HEADER, UNREADABLE = "empty", "other_header", "unreadable"


def sheet_row(row: int) -> tuple[int, int]:
    """(sheet index, row in that sheet) of a row's number."""
    return divmod(row, SHEET_ROWS)


@dataclass(frozen=True, slots=True)
class OtherSheet:
    """A sheet read after the one whose header was found, under the same header: its index
    among the workbook's sheets, its name, its header's top and lowest rows (sheet rows), the
    rows above them (not screened) and how many rows its dimension claims below its header.
    Its data rows are those below its header."""

    index: int
    name: str
    top: int
    header_row: int
    above: tuple[int, ...] = ()
    rows: int = 0  # its rows below the header, as its dimension claims (0: it claims none)


@dataclass(slots=True)
class SheetsRead:
    """Of an .xlsx's ``names`` (every sheet, in the workbook's order): the one whose header was
    found (``first``), the others read after it under the same header, and those not read
    with why (:data:`EMPTY`, :data:`OTHER_HEADER`, :data:`UNREADABLE`). A CSV, or a workbook
    of one sheet, has no names."""

    names: list[str]
    first: int = 0
    others: list[OtherSheet] = field(default_factory=list)
    unread: list[tuple[str, str]] = field(default_factory=list)

    @property
    def several(self) -> bool:
        """Whether more than one sheet was read (each row is then shown with its sheet)."""
        return bool(self.others)

    def row_text(self, row: int, _: Gettext) -> str:
        """A row's number as a clerk finds it: ``12`` where one sheet was read, else the
        sheet's name and the row, as Excel writes a reference to another sheet (``二村!12``)."""
        index, number = sheet_row(row)
        if not self.several or index >= len(self.names):
            return str(number)
        return _("{sheet}!{row}").format(sheet=self.names[index], row=number)

    def note(self, _: Gettext) -> str:
        """Which sheets were read and which not, with why ("" for a CSV or one sheet)."""
        if len(self.names) < 2:
            return ""
        first = self.names[self.first]
        said = []
        if self.others:
            names = [first, *(o.name for o in self.others)]
            said.append(_("读了 {n} 个表头相同的工作表：{names}。行号前写着所在的工作表，"
                          "如“{example}”。").format(
                n=len(names), names=_("、").join(names),
                example=self.row_text(self.others[0].index * SHEET_ROWS
                                      + self.others[0].header_row + 1, _)))
            said += [_("工作表“{sheet}”表头上面的第 {rows} 行不是名单，没有筛查。").format(
                sheet=o.name, rows=_("、").join(map(str, o.above))) for o in self.others
                if o.above]
        else:
            said.append(_("读了工作表“{sheet}”。").format(sheet=first))
        why = {EMPTY: _("是空的"), OTHER_HEADER: _("没有和“{sheet}”相同的表头").format(sheet=first),
               UNREADABLE: _("读不出")}
        if self.unread:
            said.append(_("没有读这些工作表：{sheets}。").format(sheets=_("；").join(
                _("{sheet}（{why}）").format(sheet=name, why=why[code])
                for name, code in self.unread)))
            if any(code == OTHER_HEADER for _n, code in self.unread):
                said.append(_("其他工作表的名单如要一起筛查，请让它的表头和“{sheet}”的一样（同样的列，"
                              "同样的顺序），或另存为 CSV 分别筛查。").format(sheet=first))
        return "".join(said)


def none_found_note(sheets: Sequence[str], _: Gettext) -> str:
    """For a workbook on none of whose sheets a list's header was found: that every sheet
    was looked at ("" for one sheet)."""
    if len(sheets) < 2:
        return ""
    return _("每个工作表（{sheets}）都看过了，都没有找到名单的表头。").format(
        sheets=_("、").join(sheets))
