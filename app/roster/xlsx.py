"""The sheets of an .xlsx roster, read streaming and within :class:`~.bounds.Limits`.

Why not calamine/fastexcel or openpyxl: they size the sheet by its claimed ``<dimension>``
and allocate the dense range (a 4.7 KB file whose one cell is at XFD1048576 asks for hundreds
of GB), and read every part whole. Here, before any cell is read: each zip part's declared
uncompressed size and compression ratio (a zip bomb), the sheet's claimed dimension and, as
cells come, their real row and column. The sheet XML is parsed as a stream
(``xml.etree.ElementTree.XMLPullParser``), one row at a time, so memory does not grow with the
sheet.

A part parsed (a sheet, the shared strings, the workbook's sheet list and its relationships)
must be whole, well-formed XML without a DTD, or the file is refused (:class:`Damaged`,
naming the part and, in a sheet, the row where reading stopped): a sheet cut short (its
document element never closed) would otherwise give the rows before the cut as if they were
the whole list, and a parse error part way is no partial list either. So is a sheet the
workbook names whose part is not in the zip (or that its relationships give no part), when it
is read (the first on opening): found by its relationship, never by its place among the
parts (the next sheet's rows would be read under its name); and a shared string a cell refers
to that is not there (a blank header cell would drop its column). A DTD (``<!DOCTYPE``) is
refused before the parser is given it, so that no entity is ever declared, expanded or
fetched (OOXML has none; Excel refuses a part with one). A character XML 1.0 does not
allow (a raw control character: Excel writes ``_x000B_``), an HTML entity (``&nbsp;``), a
bare ``&``: not well-formed, refused as Excel refuses them. A part in an encoding the XML
parser (expat) does not read itself (``GBK``, ``GB18030``, ``GB2312``: written by home-made
exporters) is decoded here, and the parser and the DTD guard are given the text; a part
declaring an encoding Python does not know as a text encoding, or bytes not in the one it
declares, is :class:`Damaged`.

Cells come out as text, exactly: a shared or inline string as written; a number as the
decimal text Excel stored, except that one Excel could not store exactly (more than 15
significant digits in its whole part, as an 18-digit ID number typed into a number cell, or
E notation of such a number) is a :class:`CellProblem`, even where the file holds its every
digit (an exporter writing int64: Excel, opening it, would keep 15), with the number as the
file writes it to copy into the result; a date-formatted number as an ISO
date; a formula cell without a saved result is a :class:`CellProblem`. A merged range gives
its value to every cell it spans (ECMA-376 keeps it in the top-left cell only).
"""

from __future__ import annotations

import codecs
import datetime as dt
import gc
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, XMLPullParser
from xml.parsers import expat

from app.i18n import Gettext

from .bounds import Limits, RosterError

CHUNK = 1024 * 1024
MAX_EXACT_DIGITS = 15  # IEEE double, as Excel keeps numbers
MAX_EXPONENT = 308  # the decimal exponents an IEEE double (an Excel number cell) can hold
# Serials a date-formatted cell shows as a date (1900-01-01 .. 9999-12-31, as Excel does);
# outside them Excel shows ####, and the number is passed on as a number.
EXCEL_SERIALS = (Decimal(1), Decimal(2_958_465))
# built-in number formats that show a date (ECMA-376 Part 1, 18.8.30)
DATE_FORMATS = {*range(14, 23), *range(45, 48), *range(27, 37), *range(50, 59)}
WORKBOOK, WORKBOOK_RELS, STRINGS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                    "xl/sharedStrings.xml")
# the encodings expat reads itself (any other it asks Python for, and a multi-byte one it
# cannot take: ValueError)
EXPAT_ENCODINGS = {"utf-8", "utf-16", "utf-16le", "utf-16be", "iso-8859-1", "us-ascii"}
# what the GB encodings' names are read as: GB18030, which holds GBK, which holds GB2312 (as
# browsers do: an exporter declaring GB2312 often writes GBK's characters too)
GB_ENCODINGS = {"gb2312", "gbk", "gb18030"}
_DECLARED = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[ \t\r\n][^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*"
                       rb"(?:\"([^\"]*)\"|'([^']*)')")


class Damaged(RosterError):
    """The .xlsx is cut short or damaged (a part's XML not whole or not well-formed, a part the
    zip cannot unpack) or holds a DTD: the file as a whole is not read, whichever sheet it is
    found in (a reader passing a sheet over for its bounds should not pass over this)."""


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A cell that cannot be read as it was meant: ``code`` is ``lost_digits``,
    ``formula_without_value`` or ``error_value``; ``shown``, what the cell holds, where that
    is worth copying into the result though it is not read (a number of more than 15 digits,
    as the file writes it: ``451029197707070774``, ``4.51029197707071E+17``; never rounded to
    15 significant digits and zeros, 451029197707071000, a number the file does not hold that
    reads as another person's ID). ``exact``: a ``lost_digits`` number the file holds every
    digit of (a whole number written out, as exporters writing int64 do): not changed by
    Excel, but no number cell keeps it (Excel, opening the file, would), so not read either."""

    code: str
    shown: str | None = None
    exact: bool = False


def column_index(letters: str) -> int:
    """``A`` → 0, ``XFD`` → 16383."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
# a number cell's value written as a whole number, every digit (no point, no E notation)
_WHOLE = re.compile(r"[+-]?[0-9]+")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class XlsxSheet:
    """The worksheets of an .xlsx file (path or bytes), checked on opening; one of them at a
    time is read (:meth:`select`), the first on opening.

    Raises :class:`RosterError` (message in the user's language) for a file that is not an
    .xlsx, a part over the limits or a zip bomb, and, as its rows are read, a sheet with a
    cell holding something beyond ``limits.max_columns`` (a width merely claimed, or cells
    formatted only, as a title merged over the whole row's are, is no refusal)."""

    def __init__(self, source: Path | bytes, limits: Limits, _: Gettext) -> None:
        import io

        self._ = _
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes)
                                       else source)
        except (zipfile.BadZipFile, OSError):
            raise RosterError(_("无法读取名单文件（XLSX）：不是有效的 .xlsx 文件。如果它是老的 "
                                ".xls 表格改了名，或设了打开密码，请在 Excel 或 WPS 里打开它（去掉"
                                "密码），“另存为” .xlsx 后再试。")) from None
        self._check_sizes()
        # the zip's parts, by name as written and by name in lower case (OPC part names are
        # compared without case, as Excel does)
        self._names = {n.lower(): n for n in self.zip.namelist()}
        self._names.update({n: n for n in self.zip.namelist()})
        # each sheet's name, part (as its relationship names it, whether or not it is in the
        # file; "" where none does) and whether it is hidden, in the workbook's order; the
        # sheets beyond limits.max_sheets are counted only
        self.date1904, sheets, self.more_sheets = self._workbook()
        self.sheet_names = [name for name, _part, _hidden in sheets]
        self.parts = [part for _name, part, _hidden in sheets]
        self.hidden = [hidden for _name, _part, hidden in sheets]
        self.index = 0  # the sheet being read, in sheet_names
        self.sheet_name = self._present(0)  # the part of the sheet being read
        self.claimed_rows: int | None = None  # the last row its <dimension> claims
        self.date_styles = self._date_styles()
        self.strings = self._shared_strings()
        self._check_dimension()
        self.merges = self._merges()
        # columns that hold a date fact (set once the header is read): a number cell there is
        # an Excel date serial even in the General format, as a cell typed 45352 is
        self.serial_columns: frozenset[int] = frozenset()

    # ------------------------------------------------------------ bounds before cells
    def _check_sizes(self) -> None:
        _ = self._
        total = 0
        for info in self.zip.infolist():
            total += info.file_size
            ratio = info.file_size / max(1, info.compress_size)
            if info.file_size > self.limits.max_member_bytes or \
                    total > self.limits.max_total_bytes or \
                    (info.file_size > CHUNK and ratio > self.limits.max_ratio):
                raise RosterError(_(
                    "名单文件解压后太大（{part} 解压后 {mb} MB，是压缩后的 {ratio} 倍），"
                    "不像正常的名单，没有读取。请另存为 CSV 后再试。").format(
                    part=info.filename, mb=info.file_size // (1024 * 1024), ratio=int(ratio)))

    def _small(self, name: str, cap: int = 16 * 1024 * 1024) -> bytes:
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            return b""
        if info.file_size > cap:
            raise RosterError(self._("名单文件的 {part} 部分太大，没有读取。").format(part=name))
        with self._unpacking(name):
            return self.zip.read(info)

    def _workbook(self) -> tuple[bool, list[tuple[str, str, bool]], int]:
        """Whether the workbook counts dates from 1904; each sheet's (name, part, hidden), in
        the workbook's order, the first ``limits.max_sheets``; and how many more there are. A
        part is the one the sheet's relationship names (relative to ``xl/`` or absolute),
        whether or not it is in the file (:meth:`_present` says), "" where no relationship
        names one. Hidden: ``state="hidden"`` or ``"veryHidden"`` (Excel shows it only when
        unhidden). A workbook.xml that names no sheet (or none at all): the first
        ``xl/worksheets/sheet*.xml`` is read, under no name. Raises :class:`Damaged` where
        the workbook or its relationships are not well-formed."""
        book = self._tree(WORKBOOK)
        rels = self._tree(WORKBOOK_RELS)
        targets: dict[str, str] = {}
        for rel in rels if rels is not None else ():
            rid, target = rel.get("Id"), rel.get("Target")
            if _local(rel.tag) == "Relationship" and rid and target and \
                    rel.get("TargetMode") != "External":
                targets[rid] = self._resolve(target)
        date1904 = False
        elements: list[Element] = []
        for child in book if book is not None else ():
            if _local(child.tag) == "workbookPr":
                date1904 = child.get("date1904", "").strip().lower() in ("1", "true")
            elif _local(child.tag) == "sheets":
                elements += [e for e in child if _local(e.tag) == "sheet"]
        out: list[tuple[str, str, bool]] = []
        for k, element in enumerate(elements[:self.limits.max_sheets]):
            rid = next((v for a, v in element.attrib.items()
                        if a.startswith("{") and _local(a) == "id"), None)
            hidden = element.get("state") in ("hidden", "veryHidden")
            out.append((element.get("name") or str(k + 1),
                        targets.get(rid, "") if rid is not None else "", hidden))
        if not out:  # (a workbook.xml that names no sheet: the part found is read)
            names = sorted(n for n in self.zip.namelist() if n.startswith("xl/worksheets/sheet"))
            if not names:
                raise RosterError(self._("无法读取名单文件（XLSX）：文件里没有工作表。"))
            out.append(("", names[0], False))
        return date1904, out, max(0, len(elements) - self.limits.max_sheets)

    def _resolve(self, target: str) -> str:
        """The zip part a relationship's ``Target`` (of the workbook's) names: as the zip
        spells it where it holds it (whatever the case), else as the target gives it."""
        path = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join("xl", target))
        return self._names.get(path) or self._names.get(path.lower()) or path

    def _present(self, index: int) -> str:
        """The part of the ``index``-th sheet; :class:`Damaged` where the file does not hold it
        (or no relationship names one): the file is incomplete, not a sheet to pass over."""
        _ = self._
        part, name = self.parts[index], self.sheet_names[index]
        if not part:
            raise Damaged(_(
                "名单文件不完整或已损坏：文件里的 {part} 部分没有写工作表“{sheet}”的内容在哪里，"
                "没有读取。请在 Excel 或 WPS 里打开它，“另存为” .xlsx 后再试；打不开的，请从导出"
                "它的系统重新导出。").format(part=WORKBOOK_RELS, sheet=name))
        if part not in self._names:
            raise Damaged(_(
                "名单文件不完整或已损坏：工作表“{sheet}”的内容（文件里的 {part} 部分）不在文件里，"
                "没有读取。请在 Excel 或 WPS 里打开它，“另存为” .xlsx 后再试；打不开的，请从导出"
                "它的系统重新导出。").format(sheet=name, part=part))
        return part

    def _tree(self, name: str) -> Element | None:
        """The small part ``name`` parsed whole (None where the file has none); :class:`Damaged`
        where it is not well-formed or not whole."""
        if name not in self._names:
            return None
        name = self._names[name]
        if self.zip.getinfo(name).file_size > 16 * 1024 * 1024:
            raise RosterError(self._("名单文件的 {part} 部分太大，没有读取。").format(part=name))
        root: Element | None = None
        try:
            for events in self._events(name):
                for _event, elem in events:
                    if root is None:
                        root = elem
        except ParseError:
            raise Damaged(self._damaged(name)) from None
        return root

    def select(self, index: int) -> bool:
        """Reads the ``index``-th sheet (of :attr:`sheet_names`) from now on: its dimension
        checked and its merged ranges found; False (and nothing changed) where there is no
        such sheet. Raises :class:`RosterError` as opening does for the first, and
        :class:`Damaged` where the file does not hold its part."""
        if index >= len(self.parts):
            return False
        self.sheet_name, self.index = self._present(index), index
        self._check_dimension()
        self.merges = self._merges()
        return True

    def _date_styles(self) -> set[int]:
        styles = self._small("xl/styles.xml")
        custom = {int(i): code for i, code in re.findall(
            rb"<(?:\w+:)?numFmt\b[^>]*?numFmtId=\"(\d+)\"[^>]*?formatCode=\"([^\"]*)\"", styles)}
        dated = set(DATE_FORMATS)
        for i, code in custom.items():
            bare = re.sub(rb"\"[^\"]*\"|\[[^\]]*\]|\\.", b"", code).lower()
            if re.search(rb"[dmy]", bare) and not re.search(rb"[#0?]", bare):
                dated.add(i)
        xfs = re.search(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", styles, re.S)
        out: set[int] = set()
        if xfs is not None:
            for k, xf in enumerate(re.findall(rb"<(?:\w+:)?xf\b[^>]*>", xfs.group(0))):
                m = re.search(rb"numFmtId=\"(\d+)\"", xf)
                if m is not None and int(m.group(1)) in dated:
                    out.add(k)
        return out

    def _shared_strings(self) -> list[str] | None:
        """The shared strings, in order; None where the file has none (a cell referring to
        one is then :class:`Damaged`)."""
        if STRINGS not in self._names:
            return None
        name = self._names[STRINGS]
        info = self.zip.getinfo(name)
        if info.file_size > self.limits.max_shared_strings_bytes:
            raise RosterError(self._("名单文件的 {part} 部分太大，没有读取。").format(part=name))
        out: list[str] = []
        root: Element | None = None
        # Without the cyclic garbage collector meanwhile: the elements the parser makes (two a
        # string) kept it running, over ever more objects, and a 14 MB file of five million
        # short strings took four minutes to open, against forty seconds without it. Nothing
        # here makes a cycle; it runs again as soon as the strings are read.
        with _collector_paused():
            try:
                for events in self._events(name):
                    for event, elem in events:
                        if event == "start":
                            if root is None:
                                root = elem
                            continue
                        if _local(elem.tag) == "si":
                            out.append("".join(
                                t.text or "" for t in elem.iter()
                                if _local(t.tag) == "t" and not _in_phonetic(elem, t)))
                    if root is not None:
                        del root[:]  # the strings read (removing each from the front moved
                        # the rest)
            except ParseError:
                raise Damaged(self._damaged(name)) from None
        return out

    def _events(self, name: str) -> Iterator[Iterator[tuple[str, Element]]]:
        """The part ``name`` parsed as a stream: the (``start``/``end``, element) events of
        each chunk read, the last those of the end of the part. Raises
        :class:`xml.etree.ElementTree.ParseError` for XML not well-formed, or not whole (the
        document element not closed: a part cut short; the events before it come first),
        and :class:`Damaged` for a DTD (before the parser is given it) or a part the zip
        cannot unpack."""
        parser = XMLPullParser(("start", "end"))
        prolog = _Prolog()
        decoder: codecs.IncrementalDecoder | None = None
        declared = ""
        with self._unpacking(name), self.zip.open(name) as f:
            for k, chunk in enumerate(iter(lambda: f.read(CHUNK), b"")):
                if k == 0:
                    declared, marked = _declared(chunk)
                    decoder = None if marked else self._decoder(name, declared)
                text = chunk if decoder is None else _decode(decoder, chunk)
                self._feed(name, declared, prolog, parser, text)
                yield parser.read_events()
            if decoder is not None:
                self._feed(name, declared, prolog, parser, _decode(decoder, b"", final=True))
        parser.close()  # (a document element not closed, or no element at all: ParseError)
        yield parser.read_events()

    def _feed(self, name: str, declared: str, prolog: _Prolog, parser: XMLPullParser,
              text: bytes | str) -> None:
        """``text`` given to the part ``name``'s parser, unless it makes a DTD (its
        :class:`_Prolog` watching for one). The encoding its XML declaration names
        (``declared``) is read by :meth:`_decoder`; one expat still cannot read (a UTF-16 byte
        order mark before a declaration of GBK) is :class:`Damaged`, never a ValueError or
        LookupError."""
        try:
            dtd = prolog.declares_dtd(text)
            if not dtd:
                parser.feed(text)
        except (ValueError, LookupError):
            raise Damaged(self._unknown_encoding(name, declared)) from None
        if dtd:
            raise Damaged(self._(
                "名单文件不是普通的 Excel 文件：它的 {part} 部分含有 DTD 声明"
                "（<!DOCTYPE>），为了安全没有读取。请从导出它的系统重新导出，或在 "
                "Excel 或 WPS 里打开它，“另存为” .xlsx 后再试。").format(part=name))

    def _decoder(self, name: str, declared: str) -> codecs.IncrementalDecoder | None:
        """The decoder of the part ``name``, whose XML declaration names the encoding
        ``declared`` (:func:`_declared`): None where expat reads it itself (none named, an
        encoding of :data:`EXPAT_ENCODINGS`); for a text encoding Python knows, its decoder;
        else :class:`Damaged`."""
        if not declared or declared.lower() in EXPAT_ENCODINGS:
            return None
        try:
            info = codecs.lookup(declared)
        except LookupError:
            info = None
        if info is None or not getattr(info, "_is_text_encoding", True):
            raise Damaged(self._unknown_encoding(name, declared))
        codec = "gb18030" if info.name in GB_ENCODINGS else info.name
        return codecs.getincrementaldecoder(codec)("strict")

    def _unknown_encoding(self, part: str, encoding: str) -> str:
        return self._("名单文件读不了：文件里的 {part} 部分声明的文字编码“{encoding}”不认识，"
                      "没有读取。请在 Excel 或 WPS 里打开它，“另存为” .xlsx 后再试；打不开的，"
                      "请从导出它的系统重新导出。").format(part=part, encoding=encoding)

    @contextmanager
    def _unpacking(self, name: str) -> Iterator[None]:
        """Reading the part ``name``: a part the zip cannot unpack (its data cut short or
        changed: a bad CRC, a broken deflate stream) is :class:`Damaged`."""
        try:
            yield
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise Damaged(self._damaged(name)) from None

    def _damaged(self, part: str, row: int | None = None) -> str:
        """The message for a part ``part`` that is cut short or not well-formed; ``row``, the
        sheet row where reading stopped, where known."""
        _ = self._
        if row is not None:
            sheet = self.sheet_names[self.index] if self.index < len(self.sheet_names) else ""
            return _("名单文件不完整或已损坏：工作表“{sheet}”第 {row} 行附近读不下去了（文件里"
                     "的 {part} 部分），没有读取。请在 Excel 或 WPS 里打开它，“另存为” .xlsx "
                     "后再试；打不开的，请从导出它的系统重新导出。").format(
                sheet=sheet, row=row, part=part)
        return _("名单文件不完整或已损坏：文件里的 {part} 部分读不出来，没有读取。请在 Excel 或 "
                 "WPS 里打开它，“另存为” .xlsx 后再试；打不开的，请从导出它的系统重新导出。"
                 ).format(part=part)

    def _open_sheet(self) -> IO[bytes]:
        return self.zip.open(self.sheet_name)

    def _check_dimension(self) -> None:
        with self._unpacking(self.sheet_name), self._open_sheet() as f:
            head = f.read(64 * 1024)
        m = re.search(rb"<(?:\w+:)?dimension\b[^>]*?ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"",
                      head)
        self.claimed_rows = None
        if m is None:
            return
        rows = m.group(4) or m.group(2)
        self.claimed_rows = int(rows) if rows else None
        # (a width claimed is not refused: a title merged over the whole row claims A1:XFD1,
        # its cells formatted only, the sixtieth tester's 9 columns refused as 16,384; a cell
        # beyond the bound that holds something is, as it is read: _row_cells)

    def _too_wide(self, columns: int) -> str:
        return self._("名单有 {n} 列，超过上限 {max} 列，没有读取。请删去多余的列，"
                      "或另存为只含名单的 CSV 后再试。").format(
            n=columns, max=self.limits.max_columns)

    def _merges(self) -> dict[int, list[tuple[int, int, int, int]]]:
        """Merged ranges by first row: {row: [(row0, col0, row1, col1)]} (sheet numbering of
        rows, 0-based columns). ``<mergeCells>`` follows the cells: found by a byte scan."""
        found: set[tuple[int, int, int, int]] = set()
        tail = b""
        seen = False
        with self._unpacking(self.sheet_name), self._open_sheet() as f:
            for chunk in iter(lambda: f.read(CHUNK), b""):
                buf = tail + chunk
                if not seen and b"mergeCell" not in buf:
                    tail = buf[-64:]
                    continue
                seen = True
                for a, r0, b, r1 in re.findall(
                        rb"<(?:\w+:)?mergeCell\b[^>]*?ref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"", buf):
                    found.add((int(r0), column_index(a.decode()), int(r1),
                               column_index(b.decode())))
                    if len(found) > self.limits.max_merges:
                        raise RosterError(self._("名单里合并的单元格太多（超过 {n} 处），"
                                                 "没有读取。").format(n=self.limits.max_merges))
                tail = buf[-256:]
        out: dict[int, list[tuple[int, int, int, int]]] = {}
        for r0, c0, r1, c1 in sorted(found):
            if c0 >= self.limits.max_columns:
                raise RosterError(self._too_wide(c0 + 1))
            if c1 >= self.limits.max_columns:
                # (a title merged over the whole row, A1:XFD1, as 合并后居中 on a row selected
                # whole does: its value in its first cell only, as a CSV holds it; the sixtieth
                # tester's 9 columns were refused as 16,384)
                c1 = c0
            out.setdefault(r0, []).append((r0, c0, r1, c1))
        return out

    # ------------------------------------------------------------ cells
    def rows(self) -> Iterator[tuple[int, list[str | CellProblem | None]]]:
        """(sheet row number, cells) for each row holding a value, in order; merged ranges
        filled in. Raises :class:`RosterError` at the first cell beyond the column limit, and
        :class:`Damaged` where the sheet's XML is not well-formed or not whole (cut short),
        after the rows before it were given: a reader must not take them for the whole sheet
        until the last is given."""
        active: list[tuple[int, int, int, int, str | CellProblem | None]] = []
        data: Element | None = None
        expected_row = 0
        reading: int | None = None  # the row begun and not yet ended
        part = self.sheet_name
        try:
            for events in self._events(part):
                for event, elem in events:
                    tag = _local(elem.tag)
                    if event == "start":
                        if tag == "sheetData":
                            data = elem
                        elif tag == "row":
                            r = elem.get("r")
                            reading = int(r) if r and r.isdigit() else expected_row + 1
                        continue
                    if tag != "row":
                        continue
                    r = elem.get("r")
                    number = int(r) if r and r.isdigit() else expected_row + 1
                    expected_row, reading = number, None
                    cells = self._row_cells(elem, number)
                    if data is not None:
                        data.remove(elem)
                    # merged ranges starting on this row take their top-left value
                    for r0, c0, r1, c1 in self.merges.get(number, ()):
                        value = cells[c0] if c0 < len(cells) else None
                        active.append((r0, c0, r1, c1, value))
                    active = [m for m in active if m[2] >= number]
                    for _r0, c0, _r1, c1, value in active:
                        if value is None:
                            continue
                        if len(cells) <= c1:
                            cells += [None] * (c1 + 1 - len(cells))
                        for c in range(c0, c1 + 1):
                            cells[c] = value
                    if any(c is not None for c in cells):
                        yield number, cells
        except ParseError:
            where = reading if reading is not None else expected_row or None
            raise Damaged(self._damaged(part, where)) from None
        # rows of a merge below the last written row (rare): nothing holds them

    def _row_cells(self, row: Element, number: int) -> list[str | CellProblem | None]:
        cells: list[str | CellProblem | None] = []
        col = -1
        for c in row:
            if _local(c.tag) != "c":
                continue
            ref = c.get("r")
            m = _REF.match(ref) if ref else None
            col = column_index(m.group(1)) if m else col + 1
            if col >= self.limits.max_columns:
                if not len(c):  # (a cell formatted only, as a merge over the whole row's are)
                    continue
                raise RosterError(self._too_wide(col + 1))
            value = self._cell(c, number, col)
            if value is None:
                continue
            if col in self.serial_columns and c.get("t", "n") == "n" \
                    and isinstance(value, str):
                value = self._serial(value)
            if len(cells) <= col:
                cells += [None] * (col + 1 - len(cells))
            cells[col] = value
        return cells

    def _cell(self, c: Element, row: int, col: int) -> str | CellProblem | None:
        t = c.get("t", "n")
        v: str | None = None
        formula = False
        inline: list[str] = []
        for child in c:
            name = _local(child.tag)
            if name == "v":
                v = child.text
            elif name == "f":
                formula = True
            elif name == "is":
                inline += [x.text or "" for x in child.iter() if _local(x.tag) == "t"]
        if t == "inlineStr":
            return "".join(inline) or None
        if v is None:
            return CellProblem("formula_without_value") if formula else None
        if t == "s":
            return self._shared(v, row, col)
        if t in ("str", "d"):
            return v[:10] if t == "d" and len(v) >= 10 and v[4] == "-" else v
        if t == "b":
            return "true" if v.strip() == "1" else "false"
        if t == "e":
            return CellProblem("error_value")
        return self._number(v, c.get("s"))

    def _shared(self, v: str, row: int, col: int) -> str:
        """The shared string ``v`` (its index, as the cell at ``row``, ``col`` holds it);
        :class:`Damaged` where there is none such (not a blank cell: a header's would drop its
        column)."""
        _ = self._
        sheet = self.sheet_names[self.index] if self.index < len(self.sheet_names) else ""
        where = {"sheet": sheet, "row": row, "cell": column_letters(col) + str(row)}
        if self.strings is None:
            raise Damaged(_(
                "名单文件不完整或已损坏：工作表“{sheet}”第 {row} 行的 {cell} 格引用了共享文字，"
                "但文件里没有 {part} 部分，没有读取。请在 Excel 或 WPS 里打开它，“另存为” "
                ".xlsx 后再试；打不开的，请从导出它的系统重新导出。").format(part=STRINGS, **where))
        k = int(v) if v.strip().isdigit() else -1
        if not 0 <= k < len(self.strings):
            raise Damaged(_(
                "名单文件不完整或已损坏：工作表“{sheet}”第 {row} 行的 {cell} 格引用的共享文字"
                "“{index}”在文件里的 {part} 部分没有（那里只有 {count} 条），没有读取。请在 Excel "
                "或 WPS 里打开它，“另存为” .xlsx 后再试；打不开的，请从导出它的系统重新导出。"
                ).format(index=v.strip()[:20], part=STRINGS, count=len(self.strings), **where))
        return self.strings[k]

    def _number(self, v: str, style: str | None) -> str | CellProblem:
        try:
            d = Decimal(v.strip())
        except InvalidOperation:
            return v
        if not d.is_finite():
            return CellProblem("error_value")
        if not -MAX_EXPONENT <= d.adjusted() <= MAX_EXPONENT:
            # beyond what a cell (an IEEE double) holds: refused before int() or format()
            # would spend seconds building millions of digits (1e1000000, 1e-1000000)
            return CellProblem("lost_digits")
        if style is not None and style.isdigit() and int(style) in self.date_styles \
                and EXCEL_SERIALS[0] <= d <= EXCEL_SERIALS[1]:
            return excel_date(d, self.date1904)
        # Excel keeps 15 significant digits: a whole part longer than that is no number a cell
        # holds (rounded, or to be rounded when Excel opens the file), not read; copied into
        # the result as the file writes it (the thirty-seventh tester's ID was blank; the
        # fifty-sixth's, written whole, showed rounded: 451029197707071000, not in the file)
        if d.adjusted() >= MAX_EXACT_DIGITS:
            literal = v.strip()
            return CellProblem("lost_digits", literal,
                               exact=_WHOLE.fullmatch(literal) is not None)
        if "e" in v.lower():
            d = d.quantize(Decimal(1).scaleb(min(0, d.adjusted() - MAX_EXACT_DIGITS + 1)))
        if d.as_tuple().exponent < 0 and len(d.as_tuple().digits) > MAX_EXACT_DIGITS:
            # binary noise of a computed value: as Excel shows it, 15 significant digits
            d = d.quantize(Decimal(1).scaleb(d.adjusted() - MAX_EXACT_DIGITS + 1))
        text = format(d.normalize(), "f") if d != d.to_integral_value() else format(
            d.to_integral_value(), "f")
        return text

    def _serial(self, text: str) -> str:
        """A whole number in a date column as the ISO date it is the serial of; any other
        number as it is (the fact's reader then says what to type)."""
        if not text.isdigit():
            return text
        d = Decimal(text)
        if not EXCEL_SERIALS[0] <= d <= EXCEL_SERIALS[1]:
            return text
        return excel_date(d, self.date1904)

    def close(self) -> None:
        self.zip.close()


def column_letters(index: int) -> str:
    """0 → ``A``, 16383 → ``XFD``."""
    out = ""
    index += 1
    while index > 0:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _declared(head: bytes) -> tuple[str, bool]:
    """The encoding the XML declaration at the start of ``head`` names ("" where there is
    none: UTF-8), and whether a UTF-16 byte order mark comes first (expat then reads the part
    itself, and the name is for a message only)."""
    marked = head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    if marked:
        head = head[:400].decode("utf-16", "ignore").encode("ascii", "replace")
    m = _DECLARED.match(head)
    if m is None:
        return "", marked
    return (m.group(1) if m.group(1) is not None else m.group(2)).decode(
        "ascii", "replace").strip()[:40], marked


def _decode(decoder: codecs.IncrementalDecoder, data: bytes, final: bool = False) -> str:
    """``data`` decoded; bytes not in the part's encoding are XML not well-formed (as
    expat says of bytes not UTF-8 in a UTF-8 part)."""
    try:
        return decoder.decode(data, final)
    except UnicodeDecodeError as exc:
        raise ParseError(f"not in the declared encoding: {exc.reason}") from None


class _Prolog:
    """A part's bytes up to its document element, watched for a DTD (``<!DOCTYPE``, where
    entities are declared) by a parser of their own, which stops at the document element's
    start: so the part's parser is never given one."""

    def __init__(self) -> None:
        self.parser: expat.XMLParserType | None = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.StartElementHandler = self._element
        self.dtd = False

    def declares_dtd(self, chunk: bytes | str) -> bool:
        """Whether the part, up to the end of ``chunk`` (fed in order: all bytes, or all
        text decoded as the part's parser is given it), has declared a DTD before its
        document element. An encoding expat cannot read: ValueError or LookupError."""
        if self.parser is None:
            return False
        try:
            self.parser.Parse(chunk, False)
        except _Stop:
            self.parser = None
        except expat.ExpatError:  # (not well-formed: the part's own parser says so)
            self.parser = None
        return self.dtd

    def _doctype(self, *_args: object) -> None:
        self.dtd = True
        raise _Stop

    def _element(self, *_args: object) -> None:
        raise _Stop  # (the document element: no DTD can follow)


class _Stop(Exception):
    pass


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def excel_date(serial: Decimal, date1904: bool = False) -> str:
    """ISO date of an Excel serial (the 1900 system counts a 29 February 1900 that never was)."""
    days = int(serial)
    if date1904:
        day = dt.date(1904, 1, 1) + dt.timedelta(days=days)
    else:
        day = dt.date(1899, 12, 31) + dt.timedelta(days=days - (1 if days > 59 else 0))
    return day.isoformat()


def _in_phonetic(si: Element, t: Element) -> bool:
    """Phonetic runs (``<rPh>``, furigana) are not part of the text."""
    return any(_local(rph.tag) == "rPh" and any(x is t for x in rph.iter()) for rph in si)
