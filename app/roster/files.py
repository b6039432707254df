"""Reading a roster from CSV or Excel (.xlsx) in batches of text columns, within bounds.

A roster is opened (:func:`open_roster`; a CSV's opening is :mod:`app.roster.opening`), which
checks its bounds before any cell is read (:mod:`app.roster.bounds`) and keeps its first rows
(:attr:`Opened.head`) so that the header row can be found (:mod:`app.roster.headers`). Its data
rows then come in batches (:meth:`Opened.batches`) of text columns ``c0``, ``c1``, … with each
row's number as a spreadsheet shows it, so memory does not grow with the roster.

Every cell is text, so that an id such as ``007`` or a date keeps its spelling and the codec
decides what a cell means; except that the caller may let the reader parse a fact column of
yes/no or whole numbers itself (:class:`Typed`), which polars does in its own threads, where
every cell is written as a machine writes one (``true``, ``42``): polars then reads exactly the
spellings the codec reads the same way, and a column with any other spelling is read as text
again from the first row not yet given (see :meth:`Opened.batches`). CSV is UTF-8 (with or
without a byte-order mark); a GB18030 file, as Excel saves CSV on Chinese Windows, is accepted
too (read into memory, so up to :data:`~.opening.MAX_TRANSCODED` bytes: save a larger one as
UTF-8).
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import polars as pl

from app.i18n import Gettext

from .bounds import Limits, RosterError
from .opening import (
    HEAD_ROWS,
    QUOTE_UNCLOSED,
    BadQuote,
    CsvHead,
    find_bad_quote,
    find_bad_utf8,
    find_short_rows,
    find_wider_row,
    not_a_roster,
    not_utf8_message,
    open_csv,
)
from .sheets import CHART, HIDDEN, SHEET_ROWS, UNREADABLE, OtherSheet

if TYPE_CHECKING:  # (imported where an .xlsx is read: a CSV roster never loads the module)
    from .xlsx import CellProblem, XlsxSheet

FACT_ID = re.compile(r"[a-z][a-z0-9_]*")  # a header written as a fact id is
ROW = "__row"  # each row's number in the sheet (1-based, title and header rows counted)
XLSX_MAX_ROWS = 1_048_576


def col(i: int) -> str:
    """The internal name of the roster's ``i``-th column (0-based)."""
    return f"c{i}"


HeadCell: TypeAlias = "str | CellProblem | None"

# The spellings of a column that polars may parse itself, as its CSV reader would accept them:
# yes/no as ``true``/``false`` in any case (polars' Boolean); whole numbers as digits with a
# sign or none (polars' Int64). The codec reads every spelling polars accepts so to the same
# value (tests/test_roster_typed.py holds it to that over generated spellings), so a column whose
# cells are all written so needs no codec; one cell written otherwise and polars refuses it.
BOOLEAN_CELL = re.compile(r"(?i:true|false)")
INTEGER_CELL = re.compile(r"[+-]?[0-9]{1,18}")


TYPED = (pl.Boolean, pl.Int64)  # the types of the columns the reader may parse (Typed)


@dataclass(frozen=True, slots=True)
class Typed:
    """A fact column the reader may parse itself: as ``dtype`` (``pl.Boolean`` or
    ``pl.Int64``), and for whole numbers, only where every value of a batch lies within
    ``low``–``high`` (the fact's bounds: outside them the codec gives its own error, so the
    batch is read as text)."""

    dtype: Any
    low: int | None = None
    high: int | None = None


def typed_kind(cells: list[HeadCell]) -> Any:
    """``pl.Boolean`` or ``pl.Int64`` where every filled cell of a column's first rows is written
    as polars reads that type (:data:`BOOLEAN_CELL`, :data:`INTEGER_CELL`), else None: so a
    column of 是/否 or of 45岁 is read as text from the start, not after a refused batch."""
    filled = [c for c in cells if c is not None]
    if not filled or not all(isinstance(c, str) for c in filled):
        return None
    for dtype, pattern in ((pl.Boolean, BOOLEAN_CELL), (pl.Int64, INTEGER_CELL)):
        if all(pattern.fullmatch(c) for c in filled):  # type: ignore[arg-type]
            return dtype
    return None


@dataclass(slots=True)
class Batch:
    """Data rows: text columns ``c0``… (String, or Categorical where the reader codes them)
    plus :data:`ROW`; the cells that could not be read (position in the batch, column index,
    problem); and the blank rows the reader left out among them (an .xlsx holds no empty row,
    so its reader gives none: their number is counted here, not their cells)."""

    frame: pl.DataFrame
    problems: list[tuple[int, int, CellProblem]] = field(default_factory=list)
    blank: int = 0


def text_batch(rows: list[int], columns: list[list[str | None]],
               problems: list[tuple[int, int, CellProblem]] | None = None,
               blank: int = 0) -> Batch:
    """The batch of sheet rows ``rows`` whose cells are ``columns`` (column by column, text),
    ``blank`` rows left out among them."""
    data: dict[str, pl.Series] = {ROW: pl.Series(ROW, rows, dtype=pl.Int64)}
    for i, values in enumerate(columns):
        data[col(i)] = pl.Series(col(i), values, dtype=pl.String)
    return Batch(pl.DataFrame(data), list(problems or ()), blank)


@dataclass(frozen=True, slots=True)
class SheetHead:
    """One sheet of an .xlsx (:meth:`Opened.sheet_heads`): its index and name, and its first
    rows (empty: none) and the last row its dimension claims; or why it is not read (a code
    of :mod:`.sheets`, or a message)."""

    index: int
    name: str
    head: list[tuple[int, list[HeadCell]]] = field(default_factory=list)
    why: str | None = None
    claimed: int | None = None


@dataclass(slots=True)
class Opened:
    """An opened roster: its kind, width, first rows (sheet row number, cells), and rows of
    data at most (for CSV, lines, an upper bound: a quoted cell may hold a line break)."""

    kind: str
    width: int
    head: list[tuple[int, list[HeadCell]]]
    rows_at_most: int
    _csv: bytes | Path | None = None
    separator: str = ","
    sheets: list[str] = field(default_factory=list)  # an .xlsx's sheets (those looked at)
    _sheet: XlsxSheet | None = None
    # of an .xlsx: the sheet whose first rows are :attr:`head` (the first, until another is
    # chosen: :meth:`use`), and those read after it under the same header
    sheet_index: int = 0
    others: list[OtherSheet] = field(default_factory=list)
    # where the sheet read first holds each column (None: each in its place); with columns only
    # other sheets have (:meth:`use`'s ``extras``), those after its own, none there
    first_columns: tuple[int, ...] | None = None
    # a CSV's reading begun before its mapping was known (:meth:`read_ahead`): what it was
    # begun with (header index, batch rows, coded columns, typed columns), and its batches
    _ahead: tuple[tuple[int, int, frozenset[int], tuple[tuple[int, Any], ...]],
                  Iterator[pl.DataFrame]] | None = None
    # a CSV that may hold a whole number longer than the codec reads (opening.LONG_NUMBER): no
    # column of it is parsed as whole numbers by polars
    long_numbers: bool = True
    # a CSV's lines that each row of ``head`` ends on (opening.CsvHead.head_lines)
    head_lines: list[int] = field(default_factory=list)
    # a CSV's first row, among the first ones, whose quoting breaks (opening.CsvHead.head_quote)
    head_quote: BadQuote | None = None

    def read_ahead(self, size: int, typed: bool = True) -> None:
        """Begins reading a CSV roster's data rows, ``size`` at a time, in polars' own threads
        (which do not hold the GIL), before the caller knows the roster's mapping: so the
        reading overlaps the caller's other work (the CLI imports the engine and loads the
        rulebook meanwhile). It guesses what :meth:`batches` will be asked for, as for the
        machine-readable roster (issue 15) whose headers are fact ids: the header is the first
        row, every cell of it is written as an id is (``has_disability_certificate``,
        ``receives_living_subsidy``), and every column is a fact column (read
        dictionary-coded; with ``typed``, a column whose first cells are all yes/no or whole
        numbers as polars reads them is parsed by polars, :func:`typed_kind`, as the screener
        allows for a boolean, integer or number fact whose column is not copied into the
        result). :meth:`batches` takes this reading when asked for exactly that, and
        otherwise drops it (polars stops) and reads afresh, so a wrong guess costs some time,
        never a different result. Nothing is read ahead of another roster (a county's list,
        with Chinese headers, names and ID numbers, is read when asked for, as it always was),
        nor of an .xlsx."""
        if not self.fact_ids():
            return
        header = 0
        coded = frozenset(range(self.width))
        kinds = tuple((i, kind) for i in range(self.width)
                      if (kind := self._kind(header, i)) is not None) if typed else ()
        try:
            batches = self._csv_frame(header, coded, dict(kinds)).collect_batches(
                chunk_size=size)
        except pl.exceptions.PolarsError:
            return  # (the same reading, begun when asked for, gives its error there)
        self._ahead = ((header, size, coded, kinds), iter(batches))

    def fact_ids(self) -> bool:
        """Whether this is a CSV whose first row, as wide as the file, is all fact ids
        (``has_disability_certificate``, ``receives_living_subsidy``): the machine-readable
        roster of issue 15, written by a program, not by hand."""
        if self._csv is None or not self.head:
            return False
        cells = self.head[0][1]
        return len(cells) == self.width and all(isinstance(c, str) and FACT_ID.fullmatch(c)
                                                for c in cells)

    def _kind(self, header_index: int, i: int) -> Any:
        """The type polars may parse the ``i``-th column as (:func:`typed_kind` of its first
        data cells), or None; never whole numbers in a file that may hold one longer than the
        codec reads (:attr:`long_numbers`)."""
        kind = typed_kind([cells[i] if i < len(cells) else None
                           for _n, cells in self.head[header_index + 1:]])
        return None if kind == pl.Int64 and self.long_numbers else kind

    def _kinds(self, header_index: int, typed: Mapping[int, Typed]
               ) -> tuple[tuple[int, Any], ...]:
        """The columns of ``typed`` that polars parses: those whose first data cells are all
        written as their type is (:func:`typed_kind`), with that type."""
        return tuple((i, t.dtype) for i, t in sorted(typed.items())
                     if self._kind(header_index, i) == t.dtype)

    def check_head(self, header_index: int, _: Gettext) -> None:
        """Refuses a CSV one of whose rows down to its header (``head[header_index]``) breaks
        its quoting (:attr:`head_quote`: a cell that begins with a quote mark and is not
        closed on its line, or text after its closing quote), naming the row: the lenient
        reading that found the header reads such a cell on through the lines below, so the
        people on them would be neither screened nor reported (polars reads from the line
        after the header as that reading ended it)."""
        bad = self.head_quote
        if bad is not None and bad.row <= self.head[header_index][0]:
            raise RosterError(_quote_message(bad, _))
        if self._csv is not None:
            self._check_widths(header_index, _)

    def _check_widths(self, header_index: int, _: Gettext) -> None:
        """Refuses a CSV a row of whose first rows under the header has more cells than the
        rest (a comma inside an address, 田林县乐里镇,新华村): its cells would be read one column
        off, silently (the thirty-sixth tester's: 特困 read from the 低保 column, and both
        subsidies refused). Rows all wider than the header are columns without a header, read
        as they are; rows further down with more cells than the header are found where polars
        refuses them (:meth:`_csv_error`). A row with fewer cells is read as it is: its last
        cells left blank, as a hand-made file leaves them out (:meth:`short_rows` finds
        them, where asked). A row holding a quote mark is left
        to polars, whose refusal names a stray quote (:meth:`_csv_error`)."""
        rows = [(n, len(cells)) for n, cells in self.head[header_index + 1:]
                if any(c is not None for c in cells)
                and not any(c is not None and '"' in c for c in cells)]
        if not rows:
            return
        widths = [w for _n, w in rows]
        usual = max(len(self.head[header_index][1]), max(set(widths), key=widths.count))
        wider = [(n, w) for n, w in rows if w > usual]
        if wider:
            raise RosterError(_ragged_message(*wider[0], usual, _))

    def short_rows(self, header_index: int) -> list[tuple[int, int]]:
        """(row, cells) of a CSV's data rows below ``head[header_index]`` (the header row) with
        fewer cells than the header and not blank, as :data:`ROW` numbers them (at most
        :data:`~.opening.SHORT_ROWS`; none for an .xlsx, whose empty last cells are simply
        absent): polars reads their last cells as blank, so a row missing a cell in its
        middle is read one column off from there (the forty-eighth tester's row 2, 5 cells of
        17, screened as undetermined, without a word). Looked for only when asked
        (:func:`~.opening.find_short_rows`: ~0.12 s for 100 MB without a quote mark where
        there are none, more otherwise)."""
        if self._csv is None or not self.head_lines:
            return []
        header_row, cells = self.head[header_index]
        return find_short_rows(self._csv, self.separator, len(cells),
                               self.head_lines[header_index], header_row + 1)

    def batches(self, header_index: int, size: int, _: Gettext,
                date_columns: frozenset[int] = frozenset(),
                coded: frozenset[int] = frozenset(),
                typed: Mapping[int, Typed] | None = None) -> Iterator[Batch]:
        """Data rows after ``head[header_index]`` (the header row), ``size`` at a time.
        ``date_columns``: the indexes of columns holding a date fact, where an .xlsx number
        cell is an Excel date serial. ``coded``: the indexes of columns a CSV's reader gives
        dictionary-coded (Categorical, one dictionary per column for the whole file, so that a
        code means the same spelling in every batch): fact columns, whose few distinct
        spellings are then read once each (:mod:`app.roster.columns`). The dictionary holds
        each distinct spelling once; columns of mostly distinct cells (names, ID numbers)
        should stay text. ``typed``: columns (of ``coded``) that a CSV's reader may parse
        itself (:class:`Typed`): those whose first data cells are all so written
        (:func:`typed_kind`) come as Boolean or Int64 columns, which mean what the codec reads
        from their cells. Where a later cell is written otherwise (polars refuses it), or a
        whole number lies outside its :class:`Typed` bounds, the batches from the first row not
        yet given are read again with every column as ``coded`` says, dictionary-coded: so
        nothing is read otherwise than the codec reads it, and a row's number and order are the
        same either way. Raises :class:`Reread` where a typed reading was refused by polars
        after batches were given (they may not be the file's first rows)."""
        if self._sheet is not None:
            self._sheet.serial_columns = date_columns
            yield from self._xlsx_batches(self.head[header_index][0], size)
        else:
            yield from self._csv_batches(header_index, size, _, coded, typed or {})

    def _csv_frame(self, header_index: int, coded: frozenset[int],
                   typed: Mapping[int, Any] | None = None, given: int = 0) -> pl.LazyFrame:
        """The data rows after the header, from the ``given``-th on: ``typed`` columns (index:
        polars type) parsed, ``coded`` ones dictionary-coded, others text."""
        skip = header_index + 1
        source = self._csv
        assert source is not None
        typed = typed or {}
        schema = {col(i): typed[i] if i in typed else
                  pl.Categorical(pl.Categories.random()) if i in coded else pl.String
                  for i in range(self.width)}
        # the data begins on the line after the header row as the head was read (Python's csv:
        # a quote mark inside a cell is its text), not after as many rows as polars counts: a
        # stray quote in a title or the header would have it take the whole file for that row
        frame = pl.scan_csv(
            io.BytesIO(source) if isinstance(source, bytes) else source, has_header=False,
            skip_lines=self.head_lines[header_index], schema=schema, separator=self.separator,
            missing_columns="insert", infer_schema=False, encoding="utf8",
        ).with_row_index(ROW, offset=skip + 1)
        return frame.slice(given) if given else frame

    def _csv_batches(self, header_index: int, size: int, _: Gettext,
                     coded: frozenset[int], typed: Mapping[int, Typed]) -> Iterator[Batch]:
        kinds = self._kinds(header_index, typed)
        ahead, self._ahead = self._ahead, None
        batches = ahead[1] if ahead is not None and \
            ahead[0] == (header_index, size, coded, kinds) else None
        del ahead  # a reading begun on a wrong guess is dropped: polars stops it
        bounds = [(col(i), typed[i]) for i, dtype in kinds
                  if typed[i].low is not None or typed[i].high is not None]
        given = 0  # data rows given so far
        try:
            if batches is None:
                batches = iter(self._csv_frame(header_index, coded, dict(kinds))
                               .collect_batches(chunk_size=size))
            while True:
                try:
                    chunk = next(batches, None)
                    if chunk is not None and kinds and not _within(chunk, bounds):
                        raise _Refused
                except (pl.exceptions.PolarsError, _Refused) as exc:
                    if not kinds:
                        raise
                    # a cell not written as its type is, or a number out of its fact's
                    # bounds: the rest as text, dictionary-coded, for the codec to read; but
                    # where polars refused a cell after batches were given, they may not be
                    # the file's first rows (:class:`Reread`): the caller reads it again
                    if given and not _drained(batches, exc):
                        raise Reread from None
                    kinds = ()
                    batches = iter(self._csv_frame(header_index, coded, given=given)
                                   .collect_batches(chunk_size=size))
                    continue
                if chunk is None:
                    return
                given += chunk.height
                yield Batch(chunk.with_columns(pl.col(ROW).cast(pl.Int64)))
        except pl.exceptions.PolarsError as exc:
            raise self._csv_error(exc, _) from None

    def _csv_error(self, exc: pl.exceptions.PolarsError, _: Gettext) -> RosterError:
        """The message for polars' refusal of a CSV roster. Where polars could not split it into
        rows because of a quote mark (polars says a field "is not properly escaped", or "CSV
        malformed" where its counts of rows disagree; or finds "more fields" than the header
        has, which a stray quote also gives), the row whose quoting breaks is looked for
        (:func:`~.opening.find_bad_quote`, only now) and named, with what to do; likewise the
        row of the first text that is not UTF-8 (:func:`~.opening.find_bad_utf8`)."""
        text = str(exc)
        quoting = "not properly escaped" in text or "CSV malformed" in text
        if quoting or "more fields" in text:
            assert self._csv is not None
            bad = find_bad_quote(self._csv, self.separator)
            if bad is not None:
                return RosterError(_quote_message(bad, _))
            if quoting:
                return RosterError(_(
                    "名单里有英文引号 \" 用得不对（在格子中间，或没有结尾的引号），程序分不清各行"
                    "各格。请用 Excel 或 WPS 打开名单，另存为“CSV UTF-8”后再试；或者删去多余的"
                    "引号。"))
            ragged = find_wider_row(self._csv, self.separator, self.width)
            if ragged is not None:
                return RosterError(_ragged_message(*ragged, self.width, _))
            return RosterError(_("名单的某一行比表头多出几列（表头 {n} 列）。请检查有没有"
                                 "多余的逗号，或给多出的列加上表头。").format(n=self.width))
        if "invalid utf-8" in text:
            assert self._csv is not None
            row = find_bad_utf8(self._csv)
            if row is not None:
                return RosterError(not_utf8_message(row, _))
        return RosterError(_("无法读取名单文件（{kind}）：{problem}").format(
            kind="CSV", problem=type(exc).__name__))

    @property
    def more_sheets(self) -> int:
        """An .xlsx's sheets beyond those looked at (:attr:`~.bounds.Limits.max_sheets`)."""
        return 0 if self._sheet is None else self._sheet.more_sheets

    @property
    def claimed_rows(self) -> int | None:
        """The last row that the dimension of the .xlsx sheet being read claims; None where
        it claims none (or for a CSV)."""
        return None if self._sheet is None else self._sheet.claimed_rows

    def sheet_heads(self, only: Collection[int] | None = None) -> Iterator[SheetHead]:
        """Each sheet of an .xlsx (:attr:`sheets`), with its first rows
        (:data:`~.opening.HEAD_ROWS`) or why they are not read: hidden (unless ``only``
        names the sheets to look at: then those alone, hidden or not), a chart, its part
        missing, or the bounds it exceeds (the message). One sheet's rows at a time; the sheet
        read is then the last one looked at, until :meth:`use` chooses one. Raises
        :class:`~.xlsx.Damaged` for a sheet cut short or broken, whichever it is: the file is
        refused, not screened without it."""
        from .xlsx import Damaged

        sheet = self._sheet
        if sheet is None:
            return
        for k, name in enumerate(self.sheets):
            if only is not None and k not in only:
                continue
            part = sheet.parts[k] if k < len(sheet.parts) else None
            why = HIDDEN if sheet.hidden[k] and only is None else \
                UNREADABLE if part is None else \
                CHART if "/chartsheets/" in part else None
            if why is not None:
                yield SheetHead(k, name, why=why)
                continue
            try:
                if not sheet.select(k):
                    yield SheetHead(k, name, why=UNREADABLE)
                    continue
                yield SheetHead(k, name, _sheet_head(sheet), claimed=sheet.claimed_rows)
            except Damaged:  # (a part cut short or broken: the whole file, as for the first)
                raise
            except RosterError as exc:  # (too wide, too many merged cells: as the first)
                yield SheetHead(k, name, why=str(exc))

    def sheet_columns(self, index: int, below: int, columns: Sequence[int | None],
                      at_most: int) -> tuple[list[int], list[list[str | None]], int]:
        """Of the .xlsx's ``index``-th sheet, its rows below its row ``below`` (the rows of its
        list under its header): their sheet rows, and their cells in ``columns`` (a column's
        index, or None for none: all blank), as text, blank where a cell could not be read;
        at most ``at_most`` rows, and how many more it holds. Called before :meth:`use` (it
        reads another sheet than the one chosen)."""
        sheet = self._sheet
        assert sheet is not None
        rows: list[int] = []
        cells: list[list[str | None]] = [[] for _c in columns]
        more = 0
        if not sheet.select(index):
            return rows, cells, more
        for number, values in sheet.rows():
            if number <= below:
                continue
            if len(rows) >= at_most:
                more += 1
                continue
            rows.append(number)
            for k, c in enumerate(columns):
                value = values[c] if c is not None and c < len(values) else None
                cells[k].append(value if isinstance(value, str) else None)
        return rows, cells, more

    def use(self, index: int, others: list[OtherSheet], header_row: int | None = None,
            extras: Sequence[tuple[str, dict[int, int]]] = ()) -> None:
        """Reads the .xlsx's ``index``-th sheet (its first rows the new :attr:`head`), then
        ``others`` after it. ``extras``: columns only other sheets have (a header, and where
        each of them holds it, by the sheet's index): read after the first sheet's own, their
        headers written into its ``header_row`` (a sheet row) as though it had them, blank for
        the people of a sheet without them (the fifty-fourth tester's: the 备注 of every
        village but the first's was dropped, and the deaths it said with it)."""
        sheet = self._sheet
        assert sheet is not None
        selected = sheet.select(index)
        assert selected  # (its part was found a moment ago, by sheet_heads)
        self.sheet_index, self.others = index, list(others)
        self.head = _sheet_head(sheet)
        self.width = max((len(c) for _n, c in self.head), default=0)
        self.first_columns = None
        if not extras or header_row is None:
            return
        own, added = self.width, len(extras)
        self.head = [(n, [*cells, *[None] * (own - len(cells)),
                          *([h for h, _at in extras] if n == header_row else [None] * added)])
                     for n, cells in self.head]
        self.width = own + added
        self.first_columns = (*range(own), *[-1] * added)
        self.others = [replace(o, columns=(
            *(base := o.columns if o.columns is not None else tuple(range(own))),
            *[-1] * (own - len(base)), *(at.get(o.index, -1) for _h, at in extras)))
            for o in self.others]

    def _xlsx_batches(self, header_row: int, size: int) -> Iterator[Batch]:
        """The data rows below ``header_row`` of the sheet read first, then those below the
        header of each of :attr:`others`, rows numbered by their sheet's place in that order
        (:data:`~.sheets.SHEET_ROWS`);
        ``size`` at a time (a batch may hold the end of one sheet and the start of the
        next)."""
        from .xlsx import CellProblem

        sheet = self._sheet
        assert sheet is not None
        rows: list[int] = []
        columns: list[list[str | None]] = [[] for _ in range(self.width)]
        problems: list[tuple[int, int, CellProblem]] = []
        blank = 0

        reading = [(self.sheet_index, header_row, self.first_columns),
                   *((o.index, o.header_row, o.columns) for o in self.others)]
        dates = sheet.serial_columns  # (the first sheet's columns)
        for place, (index, after, order) in enumerate(reading):
            if index != sheet.index and not sheet.select(index):
                continue  # (found when the sheets were matched: not lost since)
            last = after  # the sheet row given last: the rows between were empty
            base = place * SHEET_ROWS
            # each column of the first sheet read: where this one holds it (and so which of
            # its columns hold a date fact)
            where = order if order is not None else range(self.width)
            sheet.serial_columns = frozenset(where[i] for i in dates if i < len(where))
            for number, cells in sheet.rows():
                if number <= after:
                    continue
                blank += number - last - 1
                last = number
                k = len(rows)
                rows.append(base + number)
                for i in range(self.width):
                    j = where[i] if i < len(where) else -1
                    value = cells[j] if 0 <= j < len(cells) else None
                    if isinstance(value, CellProblem):
                        problems.append((k, i, value))
                        value = None
                    columns[i].append(value)
                if len(rows) >= size:
                    yield text_batch(rows, columns, problems, blank)
                    rows, problems, blank = [], [], 0
                    columns = [[] for _ in range(self.width)]
        if rows:
            yield text_batch(rows, columns, problems, blank)
        sheet.close()


def _ragged_message(row: int, width: int, usual: int, _: Gettext) -> str:
    """A row of another number of cells than the list's (:meth:`Opened._check_widths`)."""
    return _("第 {row} 行有 {width} 格，名单的其他行是 {usual} 格：这一行的内容会错位到别的列里，"
             "所以没有筛查这份名单。请检查这一行：格子里有没有逗号（如地址里的逗号，请删去或改成"
             "顿号），有没有漏填或多填一格。").format(row=row, width=width, usual=usual)


def _quote_message(bad: BadQuote, _: Gettext) -> str:
    """What to tell about the row whose quoting breaks (:func:`~.opening.find_bad_quote`)."""
    if bad.kind == QUOTE_UNCLOSED:
        return _("名单第 {row} 行有一格以英文引号 \" 开头，却没有结尾的引号，后面的内容都连成"
                 "了这一格。请删去这个引号，或在这一格的末尾补上引号，再试。").format(row=bad.row)
    return _("名单第 {row} 行有一个英文引号 \" 在格子中间，程序分不清这一行的各格。请用 "
             "Excel 或 WPS 打开名单，另存为“CSV UTF-8”后再试；或者删去这个引号。").format(
        row=bad.row)


class _Refused(Exception):
    """A batch of typed columns with a number outside its bounds."""


class Reread(Exception):
    """A CSV roster whose typed reading (:meth:`Opened.batches` with ``typed``) polars refused
    after batches were given: read it again from the start without ``typed``. polars'
    streaming reader, refusing a cell in one part (morsel) of the file, drops that part's rows,
    goes on giving the later parts' rows, numbered on as if none were missing, and says it
    refused only after them: so the batches given may not be the file's first rows, and the
    rest cannot be read on from them."""


def _drained(batches: Iterator[pl.DataFrame], exc: Exception) -> bool:
    """Whether the batches given before ``exc`` were surely the file's first rows: where it was
    a number out of bounds (:class:`_Refused`, found batch by batch, in order) and polars
    reads the rest without refusing a cell (read to its end here, in polars' threads)."""
    if not isinstance(exc, _Refused):
        return False
    try:
        for _chunk in batches:
            pass
    except pl.exceptions.PolarsError:
        return False
    return True


def _within(chunk: pl.DataFrame, bounds: list[tuple[str, Typed]]) -> bool:
    """Whether every whole number of ``chunk``'s bounded typed columns lies within its
    bounds (blank cells do)."""
    if not bounds:
        return True
    lows = chunk.select(pl.col(name).min() for name, _t in bounds).row(0)
    highs = chunk.select(pl.col(name).max() for name, _t in bounds).row(0)
    return all((t.low is None or low is None or low >= t.low)
               and (t.high is None or high is None or high <= t.high)
               for (_n, t), low, high in zip(bounds, lows, highs, strict=True))


def opened_csv(head: CsvHead) -> Opened:
    """The :class:`Opened` roster of a CSV file opened by :func:`~.opening.open_csv`."""
    return Opened("csv", head.width, list(head.head), head.lines, _csv=head.source,
                  separator=head.separator, long_numbers=head.long_numbers,
                  head_lines=list(head.head_lines), head_quote=head.head_quote)


def open_roster(source: Path | bytes, kind: str, limits: Limits, _: Gettext, *,
                count_rows: bool = True) -> Opened:
    """Open a roster and check its bounds; raises :class:`RosterError` (or
    FileNotFoundError for a path that is not there). Without ``count_rows``, a CSV's
    :attr:`Opened.rows_at_most` is 0 (its lines are checked, not counted)."""
    if kind == "csv":
        return opened_csv(open_csv(source, limits, _, count_rows))
    if isinstance(source, Path) and not source.is_file():
        raise FileNotFoundError(source)
    if kind == "xlsx":
        return _open_xlsx(source, limits, _)
    raise RosterError(not_a_roster(_))


def _open_xlsx(source: Path | bytes, limits: Limits, _: Gettext) -> Opened:
    from .xlsx import XlsxSheet

    sheet = XlsxSheet(source, limits, _)
    head = _sheet_head(sheet)
    width = max((len(c) for _n, c in head), default=0)
    return Opened("xlsx", width, head, XLSX_MAX_ROWS, _sheet=sheet, sheets=sheet.sheet_names)


def _sheet_head(sheet: XlsxSheet) -> list[tuple[int, list[HeadCell]]]:
    """The first rows (:data:`~.opening.HEAD_ROWS`) of the sheet ``sheet`` reads."""
    head: list[tuple[int, list[HeadCell]]] = []
    for number, cells in sheet.rows():
        head.append((number, cells))
        if len(head) >= HEAD_ROWS:
            break
    return head


def read_roster(source: Path | bytes, kind: str, _: Gettext, limits: Limits | None = None,
                header_index: int = 0) -> pl.DataFrame:
    """A whole (small) roster in memory, as text columns named by its header row (the first
    unless ``header_index`` says otherwise): for tests and checks. Screening reads in batches
    instead (:func:`app.roster.run.screen_file`)."""
    from .bounds import CLI
    from .headers import header_name

    opened = open_roster(source, kind, limits or CLI, _)
    cells = opened.head[header_index][1] if opened.head else []
    names = [header_name(i, c if isinstance(c, str) else None) for i in range(opened.width)
             for c in [cells[i] if i < len(cells) else None]]
    frames = [b.frame.drop(ROW) for b in opened.batches(header_index, 100_000, _)]
    frame = pl.concat(frames) if frames else pl.DataFrame(
        {col(i): [] for i in range(opened.width)}, schema={col(i): pl.String
                                                           for i in range(opened.width)})
    return frame.rename({col(i): n for i, n in enumerate(names)})
