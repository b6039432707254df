"""Writing a screened roster, batch by batch: CSV for machines, .xlsx for people.

- CSV (:class:`CsvOut`): the machine-readable columns (``<program>.status`` as ids,
  ``<program>.amount``, ``<program>.unclaimed``, ``unclaimed_programs``, ``row_errors``) after
  the roster's own, through the one safe writer (:mod:`app.safe_csv`: byte-order mark,
  formula-like cells escaped).
- .xlsx (:class:`XlsxOut`): the roster's columns first, then the results with headers and
  statuses in the chosen language; a frozen header row with an autofilter; the "qualifies but
  does not receive" cells highlighted; a summary sheet per program. Written with xlsxwriter's
  constant-memory mode to a file (rows go to disk as they come); to memory for the upload.
  Text is always written as text, never as a formula.

A column is a result only if it is one of the rulebook's result columns
(:func:`~app.roster.bulk.output_columns`); every other column is the roster's own, written as
its text, whatever its name. The caller writes at least one frame (for a roster without data
rows, the screener's result of none): the header is taken from it.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import polars as pl

from app.engine import Rulebook
from app.i18n import Gettext
from app.safe_csv import CsvSink

from .bounds import RosterError
from .bulk import (
    ERRORS,
    NEEDS,
    STATUSES,
    UNCLAIMED_ALL,
    RosterResult,
    amount_col,
    column_names,
    is_seq_header,
    output_columns,
    status_col,
    unclaimed_col,
)

XLSX_MAX_ROWS = 1_048_576  # rows of one sheet, the header included
SEQ_NUMBER = re.compile(r"[1-9][0-9]{0,8}")  # a 序号 cell written as a number in the .xlsx


class CsvOut:
    def __init__(self, target: IO[bytes], book: Rulebook) -> None:
        # the result columns we write (statuses, amounts, flags, program ids) are not escaped:
        # they hold nothing a spreadsheet would run, and machines read them; row_errors quotes
        # the roster's headers, so it is. Statuses, amounts (decimal digits) and flags never
        # need quotes either, so the writer does not look for what would need them there
        # and a program's three columns take few values together (a status, its one amount,
        # a flag): each written as one column where a batch is unquoted, the same bytes
        self.sink = CsvSink(target, trusted=set(output_columns(book)) - {ERRORS},
                            plain={c for p in book.programs
                                   for c in (status_col(p), amount_col(p), unclaimed_col(p))},
                            joined=[(status_col(p), amount_col(p), unclaimed_col(p))
                                    for p in book.programs])

    def write(self, frame: pl.DataFrame) -> None:
        self.sink.write(frame)

    def close(self, result: RosterResult) -> None:
        """(Nothing to add: the header came with the first frame, if one of no rows.)"""

    def abort(self) -> None:
        """The screening failed part way: the caller's stream is the caller's."""


class XlsxOut:
    def __init__(self, target: Path | IO[bytes], book: Rulebook, _: Gettext,
                 lang: str = "zh-Hans") -> None:
        import xlsxwriter

        from app.present import STATUS_TITLES  # (only here: the CSV path need not load it)

        self.status_titles = STATUS_TITLES
        self.lang = lang
        self.book, self._ = book, _
        on_disk = isinstance(target, Path)
        self.path = target if isinstance(target, Path) else None
        self.writing = False  # the workbook being written to its file (at close)
        self.wb = xlsxwriter.Workbook(str(target) if on_disk else target, {
            "constant_memory": on_disk, "in_memory": not on_disk,
            "strings_to_formulas": False, "strings_to_urls": False})
        self.ws = self.wb.add_worksheet(_("筛查结果")[:31])
        self.summary = self.wb.add_worksheet(_("汇总")[:31])
        self.bold = self.wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.flag = self.wb.add_format({"bg_color": "#FFEB9C", "font_color": "#7F3F00",
                                        "bold": True})
        self.row = 0
        self.width = 0
        self.titles = {p: _(prog.model.title) for p, prog in book.programs.items()}

    def _header(self, frame: pl.DataFrame) -> list[str]:
        _ = self._
        names = output_columns(self.book) + ([NEEDS] if NEEDS in frame.columns else [])
        results = set(names)
        mine = [c for c in frame.columns if c not in results]
        labels: dict[str, str] = {}
        for p in self.book.programs:
            t = self.titles[p]
            labels[status_col(p)] = _("{program}：结果").format(program=t)
            labels[amount_col(p)] = _("{program}：金额（元）").format(program=t)
            labels[unclaimed_col(p)] = _("{program}：符合但未享受").format(program=t)
        labels[UNCLAIMED_ALL] = _("符合但未享受的项目")
        labels[ERRORS] = _("有问题的单元格")
        labels[NEEDS] = _("待定的项目要看的格子（空着或读不出）")
        self.order = mine + names
        # each column's kind by the rulebook's result columns, never by how a name ends: the
        # roster's own columns (备注.unclaimed, or dibao.amount where dibao is not screened)
        # are its text
        kinds = {UNCLAIMED_ALL: "programs"}
        for p in self.book.programs:
            kinds |= {status_col(p): "status", amount_col(p): "amount",
                      unclaimed_col(p): "flag"}
        # the list's own column of 1, 2, 3 … (序号): its whole numbers as numbers, as the
        # list's sheet holds them (as text, Excel marks each cell "a number stored as text")
        kinds |= {c: "seq" for c in mine if is_seq_header(c)}
        self.kinds = [kinds.get(c, "text") for c in self.order]
        return [*mine, *(labels[c] for c in names)]

    def write(self, frame: pl.DataFrame) -> None:
        _ = self._
        if self.row == 0:
            header = self._header(frame)
            self.ws.write_row(0, 0, header, self.bold)
            self.width = len(header)
            self.row = 1
        if not frame.height:  # (a roster without data rows: the header alone)
            return
        if self.row + frame.height > XLSX_MAX_ROWS:  # (several sheets, more than they claimed)
            raise RosterError(too_long_for_xlsx(self.row - 1 + frame.height, _) or "")
        self.row = self._write_rows(self.ws, self.row, self.kinds,
                                    frame.select(self.order).iter_rows())

    def _write_rows(self, ws: Any, row: int, kinds: list[str],
                    rows: Iterable[tuple[Any, ...]]) -> int:
        """Writes ``rows`` (their values, in the order of ``kinds``: each column's kind, as
        :meth:`_header` finds them) to the sheet ``ws`` from its row ``row`` (0-based) down;
        returns the row after the last."""
        _ = self._
        statuses = {s: _(self.status_titles[s]) for s in STATUSES}
        yes, no = _("是"), _("否")
        for values in rows:
            r = row
            for k, (kind, v) in enumerate(zip(kinds, values, strict=True)):
                if v is None:
                    continue
                if kind == "text":
                    ws.write_string(r, k, str(v))
                elif kind == "seq":  # (“ 7 ”, “１２”: a number written with blanks, wide)
                    number = unicodedata.normalize("NFKC", str(v)).strip()
                    if SEQ_NUMBER.fullmatch(number):
                        ws.write_number(r, k, int(number))
                    else:
                        ws.write_string(r, k, str(v))
                elif kind == "status":
                    ws.write_string(r, k, statuses.get(v, str(v)))
                elif kind == "amount":
                    ws.write_number(r, k, float(v))
                elif kind == "flag":
                    if v:
                        ws.write_string(r, k, yes, self.flag)
                    else:
                        ws.write_string(r, k, no)
                else:
                    # (；: a title may hold 、, as 水、电、气 … does)
                    ws.write_string(r, k, self._("；").join(self.titles.get(p, p)
                                                            for p in v.split()))
            row += 1
        return row

    def _dead_sheet(self, result: RosterResult) -> None:
        """The sheet of the rows left out as dead (:attr:`~.bulk.RosterResult.dead`), for
        the clerk to review (none where there is none): each kept one's sheet row (as reports
        name it: with its sheet where several were read), why, and its cells as the results'
        sheet shows a person's; then, where more were left out than kept, how many more."""
        dead = result.dead
        if not dead.count:
            return
        _ = self._
        ws = self.wb.add_worksheet(dead_sheet_title(_))
        cells = dead.frame()
        mine = cells.columns if cells is not None else []
        header = [_("行号"), _("没有筛查的原因"), *mine]
        ws.write_row(0, 0, header, self.bold)
        # (the row's number a number, as the 序号's are, where one sheet was read)
        kinds = ["seq", "text", *("seq" if is_seq_header(c) else "text" for c in mine)]
        numbers = [result.mapping.row_text(row, _) for row in dead.rows]
        rows: Iterable[tuple[Any, ...]] = zip(numbers, dead.why, strict=True)
        if cells is not None:
            rows = ((number, why, *values) for (number, why), values
                    in zip(rows, cells.iter_rows(), strict=True))
        last = self._write_rows(ws, 1, kinds, rows)
        if dead.count > len(dead.rows):
            ws.write_string(last, 0, _("另有 {n} 行写着这个人已经去世，没有列在这里：这里最多列出 "
                                       "{max} 行。").format(n=dead.count - len(dead.rows),
                                                           max=dead.keep))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(0, len(dead.rows)), len(header) - 1)

    def close(self, result: RosterResult) -> None:
        _ = self._
        self.ws.freeze_panes(1, 0)
        self.ws.autofilter(0, 0, max(0, self.row - 1), max(0, self.width - 1))
        s = self.summary
        from app.present import get_presenter

        titles = self.status_titles
        s.write_row(0, 0, [_("项目"), *(_(titles[status]) for status in STATUSES),
                           _("符合但未享受"), _("符合，但是否享受不明"),
                           _("规则未定之处（待定时由谁决定）"),
                           _("待定的人，规则还要看的列（名单里没有）")], self.bold)
        presenter = get_presenter(self.book, self.lang)
        absent = result.absent(self.book)
        for r, (p, counts) in enumerate(result.counts.items(), start=1):
            s.write_string(r, 0, self.titles[p])
            for k, status in enumerate(STATUSES, start=1):
                s.write_number(r, k, counts[status])
            s.write_number(r, 5, result.unclaimed.get(p, 0))
            if p in result.receipt_unknown:  # (blank where the list has no receives column)
                s.write_number(r, 6, result.receipt_unknown[p])
            # where the rule itself is open, an "undetermined" count says who decides
            open_rules = presenter.open_rules(self.book.programs[p])
            if open_rules:
                s.write_string(r, 7, "\n".join(o["text"] for o in open_rules))
            if p in absent:
                s.write_string(r, 8, column_names(self.book, absent[p], _))
        s.freeze_panes(1, 0)
        # the rows not screened, so that a printed summary does not count them silently
        from .cli import mapping_notes  # (the command's notes on the mapping)

        notes = [_("共筛查 {rows} 人。").format(rows=result.rows), result.mapping.above_note(_),
                 *result.skipped(_), *result.dead_listed(_, sheet=dead_sheet_title(_)),
                 result.repeats_note(_), result.mapping.sheets_note(_),
                 *mapping_notes(result.mapping, self.book, _)]
        for r, note in enumerate((n for n in notes if n), start=len(result.counts) + 2):
            s.write_string(r, 0, note)
        self._dead_sheet(result)
        from xlsxwriter.exceptions import FileCreateError

        try:
            self.writing = True
            self.wb.close()
        except FileCreateError as exc:  # a full disk, a missing folder: an OSError, as for CSV
            cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else None
            raise OSError(cause.errno if cause else None, "the result file cannot be written") \
                from None


    def abort(self) -> None:
        """The screening failed part way. The workbook reaches its file only at :meth:`close`;
        a file left half written by it (a full disk) is removed."""
        if self.writing and self.path is not None:
            self.path.unlink(missing_ok=True)


def dead_sheet_title(_: Gettext) -> str:
    """The name of the .xlsx result's sheet of the rows left out as dead (at most the 31
    characters a sheet's name may have)."""
    return _("已去世未筛查")[:31]


def too_long_for_xlsx(rows: int, _: Gettext, claimed: bool = False) -> str | None:
    """The error for a roster of ``rows`` data rows (at most) that one sheet cannot hold;
    ``claimed``: as the .xlsx's sheets claim their size (their ``<dimension>``, which counts
    blank rows formatted below a list: the fifty-sixth tester's seven people told "1399997
    rows"), not as counted."""
    if rows + 1 <= XLSX_MAX_ROWS:
        return None
    if claimed:
        return _("名单的工作表标明的范围共有 {rows} 行（名单下方设了格式的空行也算在内），"
                 "超过一个 Excel 工作表最多能放的 {max} 行。请选择 CSV 格式的结果，或在 Excel "
                 "或 WPS 里删掉名单下方的空行后另存，再试。").format(rows=rows,
                                                          max=XLSX_MAX_ROWS - 1)
    return _("名单有 {rows} 行，超过一个 Excel 工作表最多能放的 {max} 行。请选择 CSV 格式的结果，"
             "或把名单分成几个文件。").format(rows=rows, max=XLSX_MAX_ROWS - 1)


def sink_for(kind: str, target: Path | IO[bytes], book: Rulebook, _: Gettext,
             lang: str = "zh-Hans") -> Any:
    if kind == "xlsx":
        return XlsxOut(target, book, _, lang)
    if isinstance(target, Path):
        return _FileCsv(target, book)
    return CsvOut(target, book)


class _FileCsv(CsvOut):
    """A CSV result written to the file at ``path`` under a name that says it is unfinished
    (``.NAME.PID.partial``, beside it), renamed to ``path`` once the whole result is written:
    however a screening stops (a failure, Ctrl-C, SIGTERM or SIGHUP, even SIGKILL or a power
    cut), no file at ``path`` holds part of a result, or new rows above an earlier result's.

    An earlier result at ``path`` (a regular file: a clerk screens the same list again) is
    renamed to that name and written over in place, then cut to the new result's length:
    emptying it would free every page the system holds of it, and the writing take new ones
    (for 1,000,000 rows, 115 MB: ~0.06 s of a 0.9 s run). A symbolic link keeps pointing at
    its file, which is the one renamed. A file of several names (a hard link), one that is no
    regular file (a device, a pipe), or one in a folder where no file can be renamed, is
    written where it is, emptied first, as ever; a failure then empties a regular file and
    removes that name."""

    def __init__(self, path: Path, book: Rulebook) -> None:
        self.target, self.partial, self.file, self.over = _open_result(path)
        super().__init__(self.file, book)

    def close(self, result: RosterResult) -> None:
        super().close(result)
        if self.over:  # (the rest of an earlier, longer result cut off)
            self.file.truncate()
        self.file.close()
        if self.partial is not None:
            os.replace(self.partial, self.target)

    def abort(self) -> None:
        """The screening failed part way: what was written is removed, so that no partial
        result is taken for a whole one."""
        if self.partial is not None:
            self.file.close()
            self.partial.unlink(missing_ok=True)
            return
        regular = self.file.seekable() and stat.S_ISREG(os.fstat(self.file.fileno()).st_mode)
        if regular:  # (its other names, if any, are left empty, not holding a part)
            self.file.truncate(0)
        self.file.close()
        if regular:
            self.target.unlink(missing_ok=True)


def _open_result(path: Path) -> tuple[Path, Path | None, IO[bytes], bool]:
    """Where the result goes (``path``, or the file its symbolic link names), the unfinished
    file's name (None where it is written in place, :class:`_FileCsv`), the file opened to be
    written from its start, and whether it is an earlier result written over. Where the
    unfinished file cannot be made (a name too long for it, a folder that may not be written
    or renamed in, one already there), the result is written in place, as ever: that
    opening's error is the one the caller reports (a read-only earlier result stays where it
    is)."""
    try:
        target = path.resolve() if path.is_symlink() else path
    except RuntimeError:  # (a loop of links: opening it says so)
        target = path
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    if st is not None and not (stat.S_ISREG(st.st_mode) and st.st_nlink == 1):
        return _in_place(target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    if st is None:
        try:  # (never through a link or a file someone put there: O_EXCL, O_NOFOLLOW)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
        except OSError:
            return _in_place(target)
        return target, partial, os.fdopen(fd, "wb"), False
    if not os.access(target, os.R_OK | os.W_OK):  # (a read-only result: refused in place)
        return _in_place(target)
    try:
        os.rename(target, partial)
    except OSError:
        return _in_place(target)
    try:
        return target, partial, partial.open("r+b"), True
    except OSError:  # (taken from under it): put back, and refused or written in place
        os.replace(partial, target)
        return _in_place(target)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _in_place(target: Path) -> tuple[Path, None, IO[bytes], bool]:
    """The result file opened where it is, emptied first (``open(path, "wb")``)."""
    return target, None, target.open("wb"), False
