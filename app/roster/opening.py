"""Opening a CSV roster before polars is loaded: its kind, bounds and first rows.

``python -m app.cli screen-roster`` opens a CSV roster in a thread (:class:`Ahead`) as its
process starts: checking every line's length (:mod:`app.roster.bounds`) reads the whole file,
and needs only the standard library, so it runs while the main thread imports polars and the
engine. :mod:`app.roster.files` reads the rows (polars) and opens .xlsx files.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from app.i18n import Gettext

from .bounds import Limits, RosterError

if TYPE_CHECKING:
    import mmap

    from .files import Opened

EXCEL = (".xlsx",)
CSV = (".csv",)
# a list saved as text, read as a CSV is (its separator found: tab, comma or semicolon): Excel's
# and WPS's "Unicode text" and "text (tab-delimited)" save as .txt (a result is never written
# so: .csv or .xlsx)
TEXT = (".txt", ".tsv")
HEAD_ROWS = 30  # rows looked at for the header
BATCH_ROWS = 250_000  # rows screened at a time
CHECK_BLOCKS = 16  # line-length blocks read at a time (see _check_lines)
MAX_TRANSCODED = 1024**3
# A UTF-8 CSV up to this size is read into memory at once (see open_csv); a larger one is
# read from its file as it is screened. (A GB18030 one is read whole, up to MAX_TRANSCODED.)
READ_WHOLE = 256 * 1024**2
# characters that show nothing and are no blank to a regular expression's \s: zero-width
# spaces and joiners, and a byte-order mark left inside a file where two files were joined
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# a dash or a slash, as a sheet marks a cell left empty (-, —, /) (a regular expression's class)
DASHES = "\\-－—–―/／"
# a cell's text saying no value was recorded, as a database's export, another program or a
# spreadsheet writes one: NULL, (null), <NULL>, None, NaN, NaT, \N, #N/A, N/A, #NULL! (a regular
# expression)
NULLS = r"(?i:[(<]?(?:null|none|nan|nat|#?n/?a|#null!)[)>]?)|\\N"
# A UTF-16 CSV (Excel's and WPS's "Unicode text", saved as .csv) is converted to UTF-8 whole, up
# to this size: its text is held three times over while it is (as bytes, as str, as UTF-8).
MAX_UTF16 = 64 * 1024**2
# A cell polars may read as a whole number (its Int64 parse) but longer than the codec reads
# (app.codec.text.MAX_CHARS, 64 characters, refused as too long): polars skips any number of
# leading blanks (space, tab) and zeros, so such a cell holds, beside a sign and at most 19
# digits, 44 or more of them, hence a run of 22 spaces or 22 zeros, or a tab. A file with one
# of these anywhere has no column parsed as whole numbers by polars (see files.Typed).
LONG_NUMBER = (b"\t", b" " * 22, b"0" * 22)


def kind_of(name: str, *, roster: bool = False) -> str:
    """The kind of a file by its name's suffix: "xlsx", "csv" or "" (neither); where it is a
    ``roster`` to read, a text list (:data:`TEXT`: .txt, .tsv) is "csv" too."""
    suffix = Path(name).suffix.lower()
    if suffix in EXCEL:
        return "xlsx"
    if suffix in CSV or roster and suffix in TEXT:
        return "csv"
    return ""


def not_a_roster(_: Gettext) -> str:
    """What to do with a file that is neither a CSV nor an .xlsx (:func:`kind_of` gave "")."""
    return _("名单文件必须是 .csv、.xlsx，或制表符分隔的 .txt（Excel、WPS“另存为”的“Unicode 文本”"
             "或“文本文件（制表符分隔）”）。.xls 或 .et 的表格，请在 Excel 或 WPS 里“另存为” "
             ".xlsx。")


def copies_facts(out_kind: str, keep_facts: bool) -> bool:
    """Whether the result copies the roster's fact columns as written: with ``--keep-facts``,
    and always in an .xlsx (for people, beside the results)."""
    return keep_facts or out_kind == "xlsx"


def count_rows(out_kind: str, progress: bool) -> bool:
    """Whether a roster's rows are counted when it is opened: only where they are needed, for
    an .xlsx result's limit and for a progress bar."""
    return out_kind == "xlsx" or progress


@dataclass(slots=True)
class CsvHead:
    """A CSV roster opened and its bounds checked: its width and first rows (row number,
    cells: None where blank), lines (an upper bound of its rows; 0 where not counted), its
    content (the bytes, UTF-8 with lines ending in a line feed, of a file of at most
    :data:`READ_WHOLE` bytes, of one given as bytes or of one converted, :meth:`Written.as_read`;
    else the path of a UTF-8 file), its separator, and the lines of the file that each first
    row ends on (a quoted cell's line breaks counted: the rows are read from the line after the
    header's, so a byte-order mark is never read as a cell's text)."""

    width: int
    head: list[tuple[int, list[str | None]]]
    lines: int
    source: Path | bytes
    separator: str
    long_numbers: bool = True  # may hold a whole number longer than the codec reads
    head_lines: list[int] = field(default_factory=list)
    head_quote: BadQuote | None = None  # the first of the first rows whose quoting breaks


@dataclass(frozen=True, slots=True)
class Scanned:
    """What checking a CSV's lines found: its lines (0 where not counted), and whether it may
    hold a whole number longer than the codec reads (:data:`LONG_NUMBER`)."""

    lines: int
    long_numbers: bool


def start_size(limits: Limits) -> int:
    """Bytes of a CSV's start, where its encoding, line break and first rows are read."""
    return 4 * limits.max_line_bytes


def open_csv(source: Path | bytes, limits: Limits, _: Gettext, count_rows: bool) -> CsvHead:
    """A CSV roster opened (:class:`CsvHead`); raises :class:`RosterError` (in the user's
    language) for an empty file, a line or a width over ``limits``, an encoding neither UTF-8
    nor GB18030; FileNotFoundError for a path that is not a file.

    A file of at most :data:`READ_WHOLE` bytes is read into memory at once, and its lines are
    checked there: one read, during which the GIL is let go (the CLI opens a roster in a
    thread while its main thread imports polars), and polars then reads the rows from memory,
    not from the file again. A larger file is checked a few blocks at a time before any of it
    is held, and polars reads it from the file, so memory stays bounded at any size; except
    that a file to be converted (:class:`Written`: GB18030, as Excel saves CSV on Chinese
    Windows, or lines ending in a carriage return alone, Excel's "CSV (Macintosh)") is then
    read into memory to be converted, up to :data:`MAX_TRANSCODED` bytes."""
    scanned: Scanned | None = None
    if isinstance(source, Path):
        if not source.is_file():
            raise FileNotFoundError(source)
        size = source.stat().st_size
        with source.open("rb") as f:  # read, not mapped: mapped pages would count as memory
            if size <= READ_WHOLE:
                source = _not_empty(from_wide(f.read(), _), _)
                first = source[: start_size(limits)]
                final = len(first) == len(source)
            else:
                first = f.read(start_size(limits))
                from_wide(first, _, whole=False)  # (refused: too large to convert)
                final = False
            written = Written.of(first, final=final)
            if not written.utf8:
                _not_big5(first, _)
            if written.converted and size > MAX_TRANSCODED:
                raise RosterError(written.too_large(_))
            if size > READ_WHOLE:
                f.seek(0)
                scanned = _check_lines(f, limits, _, count_rows, written.line_end)
                if written.converted:
                    f.seek(0)
                    source = f.read()
    else:
        source = _not_empty(from_wide(source, _), _)
        first = source[: start_size(limits)]
        written = Written.of(first, final=len(first) == len(source))
        if not written.utf8:
            _not_big5(first, _)
    if isinstance(source, bytes):
        if scanned is None:
            scanned = _check_lines(source, limits, _, count_rows, written.line_end)
        if written.converted:
            source = written.as_read(source, _)
            first = source[: start_size(limits)]
    head: list[tuple[int, list[str | None]]] = []
    head_lines: list[int] = []
    width = 0
    # a cell as long as the start read (Python's csv refuses one over 128 KB by default, and
    # a title that long would leave the header unfound); the lines are bounded above
    csv.field_size_limit(max(csv.field_size_limit(), len(first)))
    separator = _separator(first)
    reader = csv.reader(_lines(first), delimiter=separator)
    try:
        for k, fields in enumerate(reader, start=1):
            if len(fields) > limits.max_columns:
                raise RosterError(_("名单有 {n} 列，超过上限 {max} 列，没有读取。请删去多余的列，"
                                    "或另存为只含名单的 CSV 后再试。").format(
                    n=len(fields), max=limits.max_columns))
            width = max(width, len(fields))
            head.append((k, [f if f.strip() else None for f in fields]))
            head_lines.append(reader.line_num)
            if k >= HEAD_ROWS:
                break
    except csv.Error:
        pass
    if width == 1:
        _one_column(head, _)
    assert scanned is not None  # (a file left unread is checked as it is read, above)
    return CsvHead(width, head, scanned.lines, source, separator, scanned.long_numbers,
                   head_lines, _head_quote(first, separator))


def wide_encoding(start: bytes) -> str | None:
    """The encoding of a file beginning with ``start`` where its characters are two or four
    bytes wide (Excel's and WPS's "Unicode text" is UTF-16 with a byte-order mark,
    tab-separated, and sometimes named .csv): by its byte-order mark, else by zero bytes in
    every other place, most of them on one side (the high byte of a comma, a digit, a line
    break; text in UTF-8 or GB18030 holds no zero byte); None for any other file."""
    if start.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = start[: len(start) - len(start) % 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    few, many = sorted((even, odd))
    if len(sample) >= 4 and many * 10 >= len(sample) // 2 and few * 10 <= many:
        return "utf-16-le" if odd > even else "utf-16-be"
    return None


def from_wide(data: bytes, _: Gettext, whole: bool = True) -> bytes:
    """``data``, a whole file (else its start, ``whole`` False), as UTF-8, where its characters
    are two or four bytes wide (:func:`wide_encoding`); otherwise ``data`` itself. Raises
    :class:`RosterError` for one over :data:`MAX_UTF16` bytes, or not whole (too large to be
    read whole), or that does not decode (a file cut short)."""
    encoding = wide_encoding(data[:4096])
    if encoding is None:
        return data
    named = encoding[:6].upper()  # UTF-16, UTF-32
    if not whole or len(data) > MAX_UTF16:
        raise RosterError(_("名单是 {encoding}（“Unicode 文本”）编码，且太大，无法转换。请在 "
                            "Excel 或 WPS 中另存为“CSV UTF-8”后再试。").format(encoding=named))
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeDecodeError:
        raise RosterError(_("名单是 {encoding}（“Unicode 文本”）编码，但其中有读不出的字（文件"
                            "可能不完整）。请在 Excel 或 WPS 中另存为“CSV UTF-8”后再试。").format(
            encoding=named)) from None


def decoded_text(data: bytes) -> str | None:
    """``data``, the whole of a small text file (a ``--columns`` file), as text, in the
    encodings a CSV roster is read in: UTF-16 or UTF-32 where its characters are that wide
    (:func:`wide_encoding`), UTF-8 where it reads as UTF-8 (:func:`_is_utf8`), else GB18030
    (GBK, as Notepad and Excel save text on Chinese Windows); a byte-order mark left out. None
    where it reads as none of them (not text)."""
    encoding = wide_encoding(data[:4096]) or (
        "utf-8-sig" if _is_utf8(data, final=True) else "gb18030")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


# what an empty list holds, if anything: blanks, seen or not (\s: the no-break and full-width
# spaces too) and the separators of its empty cells
NOTHING = re.compile(rf"[\s,{INVISIBLE}]*")


def _not_empty(data: bytes, _: Gettext) -> bytes:
    """``data`` (UTF-8 or GB18030), refused as empty where it holds nothing (:data:`NOTHING`).
    Its start is looked at, and the rest only where that holds nothing."""
    start = data[:65536]
    if NOTHING.fullmatch(start.decode("utf-8", errors="replace")) and (
            len(data) == len(start) or NOTHING.fullmatch(data.decode("utf-8", errors="replace"))):
        raise RosterError(_("名单文件是空的。"))
    return data


def _head_quote(start: bytes, separator: str) -> BadQuote | None:
    """The first of the first rows of the file beginning with ``start`` (:data:`HEAD_ROWS`)
    whose quoting breaks: a cell that begins with a quote mark and is not closed (by the end of
    ``start``, or at all), or text after its closing quote, as Python's csv refuses them when
    strict; a quote mark inside a cell that does not begin with one is its text, as to polars.
    The lenient reading that finds the header reads such a cell on through the rows below."""
    k = 0
    try:
        for k, _fields in enumerate(csv.reader(_lines(start), delimiter=separator,
                                               strict=True), start=1):
            if k >= HEAD_ROWS:
                break
    except csv.Error as exc:
        return BadQuote(k + 1, QUOTE_AFTER if "expected after" in str(exc) else QUOTE_UNCLOSED)
    return None


def _lines(start: bytes) -> Iterator[str]:
    """The lines of a UTF-8 file beginning with ``start``, each decoded with its line feed,
    one at a time as they are asked for, as ``io.StringIO(text)`` gives the lines of the
    whole start decoded (split at line feeds only; a byte-order mark left out, and a character
    that ``start`` cuts at its end): the first rows are read from at most a few kilobytes of
    the 4 MB start, which is neither decoded whole nor copied (a StringIO holds its text as
    four bytes a character)."""
    at, end = 0, len(start)
    while at < end:
        stop = start.find(b"\n", at) + 1 or end
        line = start[at:stop].decode("utf-8", errors="ignore")
        if at == 0:
            line = line.lstrip("\ufeff")
        if line:  # (nothing left of a last line: a cut character, a byte not UTF-8)
            yield line
        at = stop


@dataclass(frozen=True, slots=True)
class Written:
    """How a CSV file is written, as its start tells: in UTF-8 or not (then GB18030), and the
    byte its lines end with, as its first line break does (a line feed, alone or after a
    carriage return; or a carriage return alone)."""

    utf8: bool
    line_end: bytes

    @classmethod
    def of(cls, start: bytes, final: bool) -> Written:
        """How the file beginning with ``start`` (all of it where ``final``) is written."""
        cr, lf = start.find(b"\r"), start.find(b"\n")
        alone = cr >= 0 and (lf < 0 or lf > cr + 1)
        return cls(_is_utf8(start, final), b"\r" if alone else b"\n")

    @property
    def converted(self) -> bool:
        """Whether the file is converted to be read (:meth:`as_read`)."""
        return not self.utf8 or self.line_end != b"\n"

    def as_read(self, data: bytes, _: Gettext) -> bytes:
        """``data`` as it is read: UTF-8 with lines ending in a line feed. GB18030 is
        transcoded; where lines end in a carriage return alone, every line break (a quoted
        cell's too, and any carriage return and line feed pair) becomes a line feed, as a
        spreadsheet writes one elsewhere."""
        if self.line_end == b"\r":  # (as GB18030 never holds either byte within a character)
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if not self.utf8:
            try:
                data = data.decode("gb18030").encode("utf-8")
            except UnicodeDecodeError as exc:
                row = mixed_utf8_row(data)
                raise RosterError(_("名单第 {row} 行附近的文字既不是 UTF-8 也不是 GBK（GB18030）"
                                    "编码，可能不是表格另存的 CSV，或是从别的文件复制来的。请用 "
                                    "Excel 或 WPS 打开名单，检查这一行，另存为“CSV UTF-8”后"
                                    "再试。").format(row=data.count(b"\n", 0, exc.start) + 1)
                                  if row is None else not_utf8_message(row, _)) from None
        return data

    def too_large(self, _: Gettext) -> str:
        """The message for a file too large to be converted."""
        if not self.utf8:
            return _("名单不是 UTF-8 编码，且太大，无法转换。请在 Excel 中"
                     "另存为“CSV UTF-8”后再试。")
        return _("名单的每一行只以回车符结束（旧版 Mac 的 CSV），且太大，无法转换。请在 Excel 中"
                 "另存为“CSV UTF-8”后再试。")


# words of a roster's header, in simplified and traditional characters, as a file's first rows
# hold one or more of them (a header found by their words only: see _not_big5)
HEADER_WORDS = ("姓名", "身份", "残疾", "殘疾", "户口", "戶口", "户籍", "戶籍", "证号", "證號",
                "身心障碍", "身心障礙")
BIG5_SAMPLE = 65536  # bytes of a file's start read as Big5 (_not_big5)


def _not_big5(start: bytes, _: Gettext) -> None:
    """Refuses a CSV, not UTF-8 (so read as GB18030), that is Big5 (traditional Chinese, as
    Excel saves CSV on a Windows set to Taiwan or Hong Kong): its first rows, read as GB18030,
    hold none of :data:`HEADER_WORDS`, and read as Big5 (cp950) hold one. Read as GB18030, such
    a file's text is mojibake and no column is recognised, without a word about the encoding
    (the forty-eighth tester's big5.csv). It is not read as Big5: Big5 has no simplified
    characters, so a list saved in it has lost some already (that file holds ? for 号, 残, 户),
    and its traditional words (殘疾, 類別, 肢體) are not all read as the simplified ones; a
    list read partly would be screened with columns left unread. GB18030 and Big5 share their
    byte ranges, so the header's words decide: a list in GBK reads as rare characters in Big5
    (and the other way round), where two given characters side by side are all but never
    found."""
    sample = start[:BIG5_SAMPLE]
    as_gb = sample.decode("gb18030", errors="replace")
    if any(word in as_gb for word in HEADER_WORDS):
        return
    as_big5 = sample.decode("cp950", errors="replace")
    if any(word in as_big5 for word in HEADER_WORDS):
        raise RosterError(_("名单像是 Big5（繁体中文）编码的：按 GBK（GB18030）读出来是乱码，认不出"
                            "表头。请用 Excel 或 WPS 打开名单，另存为“CSV UTF-8”后再试（繁体字"
                            "最好改成简体）。"))


# what parts the cells of a line where a CSV holds one column only: another separator, which
# polars cannot split by (a full-width ；, 、, |: the thirty-eighth tester's, read as one column)
OTHER_SEPARATORS = ("；", "、", "|", "｜")


def _one_column(head: list[tuple[int, list[str | None]]], _: Gettext) -> None:
    """Refuses a CSV read as one column whose first rows part their text by another separator
    (:data:`OTHER_SEPARATORS`, twice at least in a row), naming it: its people would be
    screened as one unreadable cell each, without a word."""
    for row, cells in head[:5]:
        text = cells[0] if cells and cells[0] else ""
        found = next((sep for sep in OTHER_SEPARATORS if text.count(sep) >= 2), None)
        if found is not None:
            raise RosterError(_("名单只读出了一列：第 {row} 行里的“{sep}”像是分隔各列的符号，但 "
                                "CSV 要用逗号分隔。请在 Excel 或 WPS 里打开它，另存为“CSV UTF-8"
                                "（逗号分隔）”后再试。").format(row=row, sep=found))


def _separator(start: bytes) -> str:
    """A comma, or a tab or a semicolon where the first lines of the file beginning with
    ``start`` hold more of it than of commas (a tab: a list copied out of Excel or WPS, or
    exported as "text", and saved as .csv; a semicolon: a CSV saved where the decimal mark is a
    comma, the thirty-seventh tester's, read as one column)."""
    lines = "".join(itertools.islice(_lines(start), HEAD_ROWS))
    counts = {sep: lines.count(sep) for sep in (",", "\t", ";")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


def not_utf8_message(row: int, _: Gettext) -> str:
    """The message for text that is not UTF-8 in a UTF-8 roster, at ``row``."""
    return _("名单第 {row} 行附近有不是 UTF-8 编码的文字（可能是从别的文件复制来的）。请用 "
             "Excel 或 WPS 打开名单，检查这一行，另存为“CSV UTF-8”后再试。").format(row=row)


def _check_lines(data: IO[bytes] | bytes, limits: Limits, _: Gettext,
                 count: bool = True, line_end: bytes = b"\n") -> Scanned:
    """Lines in ``data`` (0 unless ``count``), and whether it may hold a whole number longer
    than the codec reads (:data:`LONG_NUMBER`, found in the same reading); refuses a line
    longer than ``limits.max_line_bytes`` (checked in blocks of that size: a block without a
    line break, ``line_end``, is a line too long). Bytes are checked where they are; a file is read
    :data:`CHECK_BLOCKS` blocks at a time into one buffer: each read lets go of the GIL, and
    taking it back waits for the thread that holds it (the CLI checks a roster while it
    imports polars), so few reads, not one a block."""
    step = limits.max_line_bytes
    parts: Iterator[tuple[bytes | bytearray, int]]
    if isinstance(data, bytes):
        parts = iter([(data, len(data))] if data else [])
    else:
        buffer = bytearray(step * CHECK_BLOCKS)
        parts = ((buffer, size) for size in iter(lambda: data.readinto(buffer), 0))  # type: ignore[attr-defined]
    found = _finder()
    lines = 0
    last = line_end[0]
    long_numbers = False
    tail = b""  # the end of the last part, for a run that goes on into the next
    for part, size in parts:
        for start in range(0, size - step + 1, step):  # the whole blocks of the part
            if part.find(line_end, start, start + step) < 0:
                raise RosterError(_("名单里有一行超过 {kb} KB，不像正常的名单，没有读取。"
                                    "请检查文件是否是名单的 CSV。").format(kb=step // 1024))
        # a NUL byte, which no text in UTF-8 or GB18030 holds (a UTF-16 or UTF-32 file, whose
        # characters hold them, is converted before, :func:`from_wide`): a file whose cells
        # are parted by NULs (the forty-eighth tester's, read as one column mapped to hukou and
        # screened, the NULs copied to the result), or another program's data, not a list
        # saved as CSV. One search of the C library (memchr), without the GIL: ~5 ms per 100 MB
        if found(part, size, b"\0"):
            raise RosterError(_workbook_named_csv(data, _) or nul_message(_nul_row(data), _))
        if count:
            lines += part.count(line_end, 0, size)
        if not long_numbers:
            seam = tail + bytes(part[:min(size, 21)])
            long_numbers = any(run in seam or found(part, size, run) for run in LONG_NUMBER)
            tail = bytes(part[max(0, size - 21):size])
        last = part[size - 1]
    return Scanned(lines + (0 if not count or last == line_end[0] else 1), long_numbers)


def _workbook_named_csv(data: IO[bytes] | bytes, _: Gettext) -> str | None:
    """The message for a workbook given a CSV's name (名单.csv saved from Excel as .xlsx, or
    an old .xls), by its first bytes (a zip's PK, an OLE2 file's D0 CF 11 E0): which it is and
    how to name it, not the NUL its bytes hold (the fifty-ninth tester's); None for any other
    file."""
    if isinstance(data, bytes):
        head = data[:8]
    else:
        data.seek(0)
        head = data.read(8)
    if head.startswith(b"PK\x03\x04"):
        return _("这个文件其实是 Excel 工作簿（.xlsx），只是文件名写成了 CSV。请把文件名最后的 "
                 ".csv 改成 .xlsx，再上传。")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _("这个文件其实是旧版 Excel 工作簿（.xls），只是文件名写成了 CSV。请用 Excel 或 "
                 "WPS 打开，另存为 .xlsx 或“CSV UTF-8”后再试。")
    return None


def nul_message(row: int, _: Gettext) -> str:
    """The message for a CSV holding a NUL byte, first at ``row`` (:func:`_check_lines`)."""
    return _("名单第 {row} 行有不是文字的字符（NUL，空字符），没有读取：这个文件可能不是表格另存的 "
             "CSV，或者这一行有从别的程序复制来的内容。请用 Excel 或 WPS 打开名单，检查这一行，"
             "另存为“CSV UTF-8”后再试。").format(row=row)


def _nul_row(data: IO[bytes] | bytes) -> int:
    """The row (1-based, as :func:`find_bad_utf8` counts them) of the first NUL byte of
    ``data`` (bytes, or a file, read again from its start a block at a time). Called only
    where one was found."""
    rows = _Rows()
    if isinstance(data, bytes):
        rows.add(data[:max(0, data.find(b"\0"))])
        return rows.row
    data.seek(0)
    while block := data.read(_BLOCK):
        at = block.find(b"\0")
        rows.add(block if at < 0 else block[:at])
        if at >= 0:
            break
    return rows.row


def _finder() -> Callable[[bytes | bytearray, int, bytes], bool]:
    """``found(part, size, run)``: whether ``run`` occurs in ``part[:size]``. By the C
    library's ``memmem`` through :mod:`ctypes`, which lets go of the GIL while it searches (the
    CLI scans a roster in a thread while the main thread imports polars: ``bytes.find`` would
    hold the GIL ~50 ms per 100 MB, and the import with it); by ``bytes.find`` where the C
    library has no ``memmem``."""
    try:
        import ctypes

        memmem = ctypes.CDLL(None).memmem
    except (ImportError, OSError, AttributeError):  # (no memmem: Windows' C library)
        return lambda part, size, run: part.find(run, 0, size) >= 0
    memmem.restype = ctypes.c_void_p
    memmem.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]

    def found(part: bytes | bytearray, size: int, run: bytes) -> bool:
        assert size <= len(part)
        # bytes are passed as where they are held; a buffer, by the address of its bytes
        at = part if isinstance(part, bytes) else \
            ctypes.addressof((ctypes.c_char * len(part)).from_buffer(part))
        return memmem(at, size, run, len(run)) is not None

    return found


def _is_utf8(start: bytes, final: bool) -> bool:
    """Whether the start of a file reads as UTF-8 (a later bad byte is an error when read)."""
    if start.isascii():  # (without decoding it: the start is 4 MB)
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(start, final=final)
    except UnicodeDecodeError:
        return False
    return True


class Ahead:
    """A CSV roster opened (:func:`open_csv`) and its reading begun
    (:meth:`~.files.Opened.read_ahead`) in a thread, while the caller does other work: the CLI
    starts one before it imports polars, the engine and the rulebook, which take a few tenths
    of a second of one core; the file's bounds are checked meanwhile (which needs no polars),
    then the reading overlaps the rest. :meth:`result` waits for the thread and gives the
    :class:`~.files.Opened` roster, or raises what :func:`open_csv` raised (its
    :class:`RosterError`, FileNotFoundError, OSError), at the point the caller asks, as if it
    had opened the file there. ``typed``: as :meth:`Opened.read_ahead` says (the result copies
    no fact column as written: a CSV result without ``--keep-facts``)."""

    def __init__(self, source: Path, limits: Limits, _: Gettext, *, count_rows: bool,
                 batch_rows: int, typed: bool = True) -> None:
        import threading

        self.source = source
        self._opened: Opened | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._open, args=(source, limits, _, count_rows, batch_rows, typed),
            name="roster-open", daemon=True)
        self._thread.start()

    def _open(self, source: Path, limits: Limits, _: Gettext, count_rows: bool,
              batch_rows: int, typed: bool) -> None:
        try:
            head = open_csv(source, limits, _, count_rows)
            from .files import opened_csv  # (polars: imported by whichever thread comes first)

            opened = opened_csv(head)
            opened.read_ahead(batch_rows, typed)
            self._opened = opened
        except BaseException as exc:  # given to the caller by result()
            self._error = exc

    def result(self) -> Opened:
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        assert self._opened is not None
        return self._opened


QUOTE_INSIDE = "inside"  # a quote mark in a cell that does not begin with one: ab"c
QUOTE_AFTER = "after"  # text after a quoted cell's closing quote: "ab"c
QUOTE_UNCLOSED = "unclosed"  # a quoted cell never closed: "abc… to the end of the file
QUOTED_ROWS = 200_000  # rows holding a quote mark looked at, at most, by find_bad_quote
WIDER_ROWS = 200_000  # rows looked at, at most, for one wider than the header (find_wider_row)
_BLOCK = 1 << 24  # bytes of a mapped file counted at a time (find_bad_quote)


@dataclass(frozen=True, slots=True)
class BadQuote:
    """Where a CSV's quoting breaks (:func:`find_bad_quote`): its row (1-based, as a
    spreadsheet numbers it: a quoted cell's line breaks do not count) and how
    (:data:`QUOTE_INSIDE`, :data:`QUOTE_AFTER` or :data:`QUOTE_UNCLOSED`)."""

    row: int
    kind: str


def find_bad_quote(source: Path | bytes, separator: str,
                   quoted_rows: int = QUOTED_ROWS) -> BadQuote | None:
    """The first row of a CSV (UTF-8: a path, or bytes) whose quoting breaks RFC 4180, where
    polars could not split it into rows; None where there is none, or none among its first
    ``quoted_rows`` rows holding a quote mark (so a roster whose cells are quoted on every row
    costs at most ~0.2 s here, not a second reading of its 10 million rows). Called only on
    that error: a row without a quote mark is passed over by the C library's search, a row
    with one is matched as a whole (one regular expression), and only the row that fails is
    looked at cell by cell. A quoted cell may hold the separator, a line break and doubled
    quotes (``"say ""hi"" now"``). Where a line's quote marks come in pairs, those inside a
    cell are its text (``迁至"田林县"``), as polars reads them; otherwise any quote mark but a
    quoted cell's breaks the row."""
    import mmap  # (only where polars refused a file)

    sep = re.escape(separator.encode())
    plain = rb'[^"' + sep + rb"\r\n]*+"
    quoted = rb'"(?:[^"]++|"")*+"'
    field = rb"(?:" + quoted + rb"|" + plain + rb")"
    record = re.compile(field + rb"(?:" + sep + field + rb")*+(?:\r?\n|\Z)")
    # a cell's text where it does not begin with a quote mark: up to one, or (``loose``, a line
    # whose quote marks come in pairs) up to the separator, quote marks and all
    patterns = (re.compile(plain), re.compile(rb"[^" + sep + rb"\r\n]*+"), re.compile(quoted))
    if isinstance(source, bytes):
        return _bad_quote(source, record, *patterns, separator.encode(), quoted_rows)
    with source.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return _bad_quote(data, record, *patterns, separator.encode(), quoted_rows)


def find_wider_row(source: Path | bytes, separator: str, width: int,
                   rows: int = WIDER_ROWS) -> tuple[int, int] | None:
    """(row, cells) of the first row of a CSV (UTF-8: a path, or bytes) with more than
    ``width`` cells, as Python's csv module splits it (a quoted cell's separators and line
    breaks are its text), among its first ``rows`` rows; None where there is none. Called only
    where polars refused the file for a row with more fields than the header."""
    with (io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="") as text:
        reader = csv.reader(text, delimiter=separator)
        try:
            for k, fields in enumerate(reader, start=1):
                if len(fields) > width:
                    return k, len(fields)
                if k >= rows:
                    return None
        except csv.Error:
            return None
    return None


SHORT_ROWS = 1000  # short rows found at most (find_short_rows)


def find_short_rows(source: Path | bytes, separator: str, width: int, after_lines: int,
                    first_row: int, at_most: int = SHORT_ROWS) -> list[tuple[int, int]]:
    """(row, cells) of the rows of a CSV (UTF-8: a path, or bytes) below its first
    ``after_lines`` lines (the header's last, :attr:`CsvHead.head_lines`) with fewer than
    ``width`` cells (the header's) and not blank; the first is row ``first_row`` (as
    :data:`~.files.ROW` numbers it: polars reads a blank line as a row too). polars reads such
    a row with its last cells blank (the forty-eighth tester's row 2: 5 cells of 17, screened
    as undetermined, without a word): where a hand-made list leaves out a row's empty last
    cells that is right, but where a cell in the middle is missing, the cells after it are
    read one column off. At most ``at_most`` rows.

    Cheap where there are none, in a file without a quote mark: every line then holds
    ``width - 1`` separators, so their count, and the lines', tell (two counts: ~120 ms per
    100 MB, the GIL held; a file is read a block at a time). Otherwise (a count differs, a
    quote mark: a quoted cell may hold a separator or a line break) the rows are split by
    Python's csv module (~1 s per 100 MB)."""
    sep = separator.encode()
    with (io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")) as raw:
        if _all_as_wide(raw, sep, width, after_lines):
            return []
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        reader = csv.reader(text, delimiter=separator)
        found: list[tuple[int, int]] = []
        try:
            for _fields in reader:  # the title and header rows
                if reader.line_num >= after_lines:
                    break
            for row, fields in enumerate(reader, start=first_row):
                if len(fields) < width and any(f.strip() for f in fields):
                    found.append((row, len(fields)))
                    if len(found) >= at_most:
                        break
        except csv.Error:  # (a quote mark that breaks the rows: polars says so as it reads)
            pass
        return found


def _all_as_wide(raw: IO[bytes], sep: bytes, width: int, after_lines: int) -> bool:
    """Whether every line of ``raw`` below its first ``after_lines`` holds ``width - 1``
    separators, in a file without a quote mark (so each line is a row of ``width`` cells)."""
    skipped = 0
    separators = lines = 0
    last = b"\n"
    while block := raw.read(_BLOCK):
        at = 0
        while skipped < after_lines:
            stop = block.find(b"\n", at)
            if stop < 0:
                at = len(block)
                break
            at, skipped = stop + 1, skipped + 1
        if b'"' in block:
            return False
        separators += block.count(sep, at)
        lines += block.count(b"\n", at)
        if at < len(block):
            last = block[-1:]
    lines += last != b"\n"  # (a last line without its line break)
    return separators == (width - 1) * lines


def find_bad_utf8(source: Path | bytes) -> int | None:
    """The row (1-based, as a spreadsheet numbers it: a quoted cell's line breaks do not
    count) of a CSV (a path, or bytes) holding its first byte that is not UTF-8, or None where
    every byte is: text of another encoding in a UTF-8 file, as pasted from another file.
    Called only where the file could not be read for it; a file is read a block at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    rows = _Rows()
    with (io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")) as f:
        while True:
            block = f.read(_BLOCK)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                # (a character cut at the block's end is decoded with the next block)
                rows.add(block[:max(0, exc.start - len(decoder.getstate()[0]))])
                return rows.row
            if not block:
                return None
            rows.add(block)


class _Rows:
    """Counts the rows of a CSV read a part at a time: a line break ends a row where the quote
    marks before it come in pairs (RFC 4180 doubles a quoted cell's own)."""

    def __init__(self) -> None:
        self.row = 1  # the row the next byte is in
        self.quoted = False  # within a quoted cell

    def add(self, part: bytes) -> None:
        *lines, rest = part.split(b"\n")
        for line in lines:
            self.quoted ^= line.count(b'"') % 2 == 1
            self.row += not self.quoted
        self.quoted ^= rest.count(b'"') % 2 == 1


def mixed_utf8_row(data: bytes) -> int | None:
    """Where ``data``, read neither as UTF-8 nor as GB18030, is UTF-8 text (not ASCII alone)
    up to its first byte that is not UTF-8: that byte's row (counted as :func:`find_bad_utf8`
    counts), text of another encoding pasted into a UTF-8 file; else None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        if not before.isascii():
            rows = _Rows()
            rows.add(before)
            return rows.row
    return None


def _bad_quote(data: bytes | mmap.mmap, record: re.Pattern[bytes], plain: re.Pattern[bytes],
               loose: re.Pattern[bytes], quoted: re.Pattern[bytes], sep: bytes,
               quoted_rows: int) -> BadQuote | None:
    pos = len(codecs.BOM_UTF8) if data[:3] == codecs.BOM_UTF8 else 0
    rows = 0  # rows before pos (which is where a row begins)
    for _k in range(quoted_rows):
        mark = data.find(b'"', pos)
        if mark < 0:
            return None
        start = data.rfind(b"\n", pos, mark) + 1 or pos
        rows += _count_lines(data, pos, start)
        found = record.match(data, start)
        if found is None:
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end + 1
            line = bytes(data[start:end])
            if line.count(b'"') % 2 == 0:
                # quote marks in pairs within a line: polars reads those inside a cell as its
                # text (迁至"田林县"); only a cell that begins with one must be quoted whole
                how = _how(line, 0, loose, quoted, sep)
                if how is None:
                    pos, rows = end, rows + 1
                    if pos >= len(data):
                        return None
                    continue
                return BadQuote(rows + 1, how)
            how = _how(data, start, plain, quoted, sep)
            return None if how is None else BadQuote(rows + 1, how)
        pos = found.end()
        rows += 1
        if pos >= len(data):
            return None
    return None


def _how(data: bytes | mmap.mmap, at: int, cell_text: re.Pattern[bytes],
         quoted: re.Pattern[bytes], sep: bytes) -> str | None:
    """How the row beginning at ``at`` breaks, its cells read one by one: a quoted cell never
    closed, text after a closing quote, or a quote mark where ``cell_text`` (the text of a cell
    that does not begin with one) stops; None where its cells end first (a line break, a lone
    carriage return, the file's end). Each step passes a separator or returns, so it ends
    within the row."""
    while True:
        if data[at:at + 1] == b'"':
            cell = quoted.match(data, at)
            if cell is None:
                return QUOTE_UNCLOSED
            at = cell.end()
        else:
            at = cell_text.match(data, at).end()  # type: ignore[union-attr]  (matches "")
        following = data[at:at + len(sep)]
        if following != sep:
            if following[:1] == b'"':
                return QUOTE_INSIDE
            if following[:1] in (b"", b"\r", b"\n"):
                return None
            return QUOTE_AFTER
        at += len(sep)


def _count_lines(data: bytes | mmap.mmap, start: int, end: int) -> int:
    """Line breaks in ``data[start:end]`` (a mapped file's, counted a block at a time)."""
    if isinstance(data, bytes):
        return data.count(b"\n", start, end)
    return sum(data[i:min(end, i + _BLOCK)].count(b"\n") for i in range(start, end, _BLOCK))
