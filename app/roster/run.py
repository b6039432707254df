"""Screening a roster file end to end in bounded memory: open and check it, find its column
mapping, then read, screen and write it batch by batch (issue 15). The CLI and the admin
upload both call :func:`screen_file`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import IO

from app.engine import Rulebook
from app.i18n import Gettext

from .bounds import CLI, Limits, RosterError
from .bulk import Progress, RosterResult, Screener, only
from .files import Batch, HeadCell, Opened, Reread, open_roster, text_batch
from .gone import MAX_LISTED, DeadList, dead_by_name, dead_list
from .headers import (
    CERTIFICATE_NUMBER,
    DEATH_AS,
    DEATH_HEADERS,
    ID_NUMBER,
    RECEIVES,
    ColumnMap,
    Names,
    NoColumns,
    death_target,
    find_mapping,
    norm,
)
from .opening import BATCH_ROWS, Ahead, copies_facts, count_rows, decoded_text
from .output import sink_for, too_long_for_xlsx
from .sheets import (
    EMPTY,
    GONE,
    HIDDEN,
    NO_LIST,
    OTHER_HEADER,
    OtherSheet,
    SheetsRead,
    by_name,
    choose,
    columns_of,
    differs,
    header_key,
    how_to_choose,
    none_found_note,
    why_texts,
)


def screen_file(book: Rulebook, source: Path | bytes, kind: str, on: dt.date, _: Gettext, *,
                out: Path | IO[bytes], out_kind: str, limits: Limits, lang: str = "zh-Hans",
                overrides: Mapping[str, str | None] | None = None,
                by_index: Mapping[int, str | None] | None = None,
                programs: list[str] | None = None, keep_facts: bool = False,
                batch_rows: int = BATCH_ROWS, progress: Progress | None = None,
                mapped: Callable[[ColumnMap], None] | None = None,
                ahead: Ahead | None = None, sheets: Sequence[str] | None = None,
                today: dt.date | None = None) -> RosterResult:
    """Screen the roster ``source`` (a CSV or .xlsx file, path or bytes) and write the result
    to ``out`` as ``out_kind`` (``csv`` or ``xlsx``).

    Raises :class:`RosterError` (message in the user's language) for a roster that cannot be
    read, exceeds ``limits``, has no recognised column (:class:`~.headers.NoColumns`) or a
    duplicated one, or is too long for an .xlsx result (before any screening).
    An .xlsx of several sheets is read as :mod:`~.sheets` says: the sheets under the list's
    header most share, or with ``sheets``, those named (a CSV has none: refused).
    ``mapped`` is called with the column mapping before the screening starts. ``ahead``: the
    same CSV file ``source``, already being opened and read (:class:`~.opening.Ahead`, begun with
    ``count_rows`` as :func:`count_rows` says and ``batch_rows``); its errors are raised here.
    Where the reader's parsing of yes/no and number columns is refused part way
    (:class:`~.files.Reread`), the roster is screened again from the start as text, ``out``
    written afresh (a stream from where it stood; one that cannot seek is read as text).
    ``today``: the day it is, where the caller reads the clock (the engine never does): a death
    dated after ``on`` but by ``today`` is noted (:class:`~.bulk.Screener`)."""
    whole, book = book, only(book, programs)
    if ahead is not None:
        assert ahead.source == source and kind == "csv"
        opened = ahead.result()
    else:
        opened = open_roster(source, kind, limits, _,
                             count_rows=count_rows(out_kind, progress is not None))
    # (a header that names two programs' columns names them whichever are screened: 两补
    # is not "receives the living subsidy" because only that one is)
    names = Names.of(book, whole=whole)
    if sheets and opened.kind != "xlsx":
        raise RosterError(_("这份名单是 CSV，没有工作表，不能只读某几个工作表。"))
    mapping = _mapping(opened, names, _, overrides, by_index, sheets, on)
    rows_at_most = _rows_at_most(opened, mapping)
    if out_kind == "xlsx":
        error = too_long_for_xlsx(rows_at_most, _, claimed=opened.kind == "xlsx")
        if error is not None:
            raise RosterError(error)
    opened.check_head(mapping.header_index, _)
    if mapped is not None:
        mapped(mapping)
    dates = frozenset(c.index for c in mapping.read
                      if c.target in book.facts and book.facts[c.target].type == "date")
    # where a typed reading is refused part way (files.Reread), the roster is screened again
    # from the start without one, into the same target (a stream: from where it began; one
    # that cannot go back is given no typed reading)
    start = None if isinstance(out, Path) or not out.seekable() else out.tell()
    again = isinstance(out, Path) or start is not None
    screen = partial(_screen, book, opened, mapping, on, _, out, out_kind, lang,
                     copies_facts(out_kind, keep_facts), names, dates, batch_rows, progress,
                     rows_at_most, today=today)
    try:
        return screen(typed=again)
    except Reread:
        if not isinstance(out, Path):
            out.seek(start or 0)
            out.truncate()
    return screen(typed=False)


def _mapping(opened: Opened, names: Names, _: Gettext,
             overrides: Mapping[str, str | None] | None,
             by_index: Mapping[int, str | None] | None, sheets: Sequence[str] | None,
             on: dt.date) -> ColumnMap:
    """The roster's column mapping (:func:`~.headers.find_mapping`); for an .xlsx of several
    sheets, with the sheets read (:func:`_sheets_mapping`; its sheets of the dead read for the
    screening date ``on``). Raises :class:`NoColumns` where no list's header is found."""
    if opened.kind == "xlsx" and (len(opened.sheets) > 1 or sheets):
        return _sheets_mapping(opened, names, _, overrides, by_index, sheets, on)
    try:
        return find_mapping(opened.head, names, _, overrides, by_index)
    except NoColumns:
        if opened.head:  # (or a quote mark joined the rows: that is said instead)
            opened.check_head(len(opened.head) - 1, _)
        raise


def _sheets_mapping(opened: Opened, names: Names, _: Gettext,
                    overrides: Mapping[str, str | None] | None,
                    by_index: Mapping[int, str | None] | None, sheets: Sequence[str] | None,
                    on: dt.date) -> ColumnMap:
    """The mapping of an .xlsx of several sheets: each sheet's list's header is looked for,
    and the sheets under the header most share are read, from the first of them
    (:func:`~.sheets.choose`; hidden, template and struck-off sheets passed over, roll-ups
    read last, as :mod:`~.sheets` says); with ``sheets`` (names, blanks around them aside),
    among those alone, whatever they are. The sheets of people who died are read for them
    (:func:`~.gone.dead_list`, as of the screening date ``on``), hidden or not and whatever
    ``sheets`` names, unless named themselves. Only one sheet's first rows are held at a time.
    Raises :class:`RosterError` for a name the workbook has no sheet of, and where no list is
    found, what the first sheet gave (:class:`NoColumns`, naming every sheet)."""
    only: set[int] | None = None
    if sheets:
        known = {_sheet_name(n): k for k, n in enumerate(opened.sheets)}
        missing = [n for n in sheets if _sheet_name(n) not in known]
        if missing:
            raise RosterError(_("名单里没有叫“{sheet}”的工作表。工作表有：{sheets}。").format(
                sheet=_("、").join(missing), sheets=_("、").join(opened.sheets)))
        only = {known[_sheet_name(n)] for n in sheets}
    found: dict[int, tuple[tuple[str, ...], int]] = {}
    read_keys: dict[int, frozenset[str]] = {}  # each sheet's columns read, by their key
    shown: dict[int, dict[str, str]] = {}  # each sheet's columns' headers, by their key
    where: dict[int, tuple[int, int, tuple[int, ...], int | None]] = {}
    unread: list[tuple[int, str]] = []
    sizes: dict[str, int] = {}
    first_error: RosterError | None = None
    dead_heads: list[tuple[int, str, list[tuple[int, list[HeadCell]]]]] = []  # (gone.py)
    for one in opened.sheet_heads(only):
        if one.claimed:
            sizes[one.name] = one.claimed
        why = one.why or (by_name(one.name, opened.sheets) if only is None else None) or (
            None if one.head else EMPTY)
        if why is not None:
            unread.append((one.index, why))
            if why == GONE and not one.why and one.head and dead_by_name(one.name):
                dead_heads.append((one.index, one.name, one.head))
            continue
        try:
            mapping = find_mapping(one.head, names, _, overrides)
        except RosterError as exc:  # (no list's header; a column written twice …)
            first_error = first_error or exc
            unread.append((one.index, NO_LIST if isinstance(exc, NoColumns) else str(exc)))
            continue
        top = mapping.group_row if mapping.group_row is not None else mapping.header_row
        # (a 是 | 否 pair's columns each by its side: 否 | 是 on another sheet is no match)
        key = header_key([c.target and f"{c.target}{c.pair}" for c in mapping.columns],
                         [c.written for c in mapping.columns])
        found[one.index] = (key, len(mapping.read))
        shown[one.index] = dict(zip(key, (c.header for c in mapping.columns), strict=False))
        read_keys[one.index] = frozenset(
            k for k, c in zip(key, mapping.columns, strict=False) if c.target is not None)
        where[one.index] = (top, mapping.header_row, tuple(n for n, _c in one.head if n < top),
                            one.claimed)
        if one.claimed:
            sizes[one.name] = max(0, one.claimed - mapping.header_row)
    if not found:
        if first_error is None:  # (every sheet passed over: hidden, a template, empty …)
            why = why_texts("", _)
            raise RosterError(_("没有可以筛查的工作表：{sheets}。").format(sheets=_("；").join(
                _("{sheet}（{why}）").format(sheet=opened.sheets[k], why=why.get(w, w))
                for k, w in unread)) + " " + how_to_choose(_))
        if isinstance(first_error, NoColumns):
            note = none_found_note([n for k, n in enumerate(opened.sheets)
                                    if only is None or k in only], _)
            raise NoColumns(f"{first_error} {note}".strip(), first_error.headers,
                            " ".join(n for n in (first_error.note, note) if n),
                            first_error.headless) from None
        raise first_error
    # (sheets are one list where the columns read are the same: their other columns may
    # differ, 备注 on one of them; the thirty-seventh tester's village without it was passed
    # over unless both were named)
    chosen, after, rollups, passed = choose(found, opened.sheets, IDENTITY_TARGETS, read_keys)
    # the sheets of people who died, read before the list's (sheet_heads and sheet_columns
    # select another sheet): hidden ones and those the sheets named leave out too (the
    # forty-fourth tester's: their people screened), unless named themselves
    hidden = {k for k, why in unread if why == HIDDEN}
    dead_heads += [(one.index, one.name, one.head) for one in opened.sheet_heads(
        {k for k, name in enumerate(opened.sheets) if (k in hidden or only is not None
                                                       and k not in only)
         and by_name(name, opened.sheets) == GONE and dead_by_name(name)})
        if one.why is None and one.head]
    dead_lists: list[DeadList] = []
    unmatched: list[str] = []
    budget = MAX_LISTED
    for index, name, head in sorted(dead_heads, key=lambda dead: dead[0]):
        listed = dead_list(opened, index, name, head, names, _, budget, on)
        if listed is None:
            unmatched.append(name)
        else:
            listed.hidden = index in hidden
            dead_lists.append(listed)
            budget = max(0, budget - listed.read)
    # (each said in a sentence of its own, not among the sheets not read)
    dead_read = {index for index, _n, _h in dead_heads}
    unread = [(k, why) for k, why in unread if k not in dead_read]
    others = [OtherSheet(k, opened.sheets[k], where[k][0], where[k][1], where[k][2],
                         max(0, (where[k][3] or 0) - where[k][1]),
                         columns_of(found[chosen][0], found[k][0])) for k in after]
    # the columns only other sheets have (备注 on all but the first, 死亡日期 on one): read too,
    # after the first's, blank for the people of a sheet without them
    # (only under headers of one row, the first's and that sheet's: a 是 | 否 pair's side under
    # 是否死亡, or a group's name over its columns, would be read as a header of its own, and
    # the first's header of two rows as one, the fifty-fifth tester's; such a sheet's columns
    # are not copied, as before, and the note says so)
    copied = {k for k in after if where[k][0] == where[k][1]} \
        if where[chosen][0] == where[chosen][1] else set()
    extras: dict[str, tuple[str, dict[int, int]]] = {}
    for k in copied:
        for j, element in enumerate(found[k][0]):
            if element and element not in found[chosen][0]:
                extras.setdefault(element, (shown[k].get(element, element), {}))[1][k] = j
    opened.use(chosen, others, where[chosen][1], list(extras.values()))
    mapping = find_mapping(opened.head, names, _, overrides, by_index)
    unread = sorted(unread + passed)

    def differs_from_chosen(k: int) -> tuple[list[str], list[str]]:
        return differs(found[chosen][0], found[k][0], shown[chosen], shown[k])

    mapping.sheets = SheetsRead(opened.sheets, chosen, others,
                                [(opened.sheets[k], why) for k, why in unread],
                                opened.more_sheets, rollups, sizes,
                                [(opened.sheets[k], left) for k in after
                                 if (left := differs_from_chosen(k)[0]) and k in copied],
                                named=only is not None,
                                lacking=[(opened.sheets[k], fewer) for k in after
                                         if (fewer := differs_from_chosen(k)[1])],
                                differs={opened.sheets[k]: differs_from_chosen(k)
                                         for k, why in passed if why == OTHER_HEADER},
                                dead_lists=dead_lists, unmatched=unmatched,
                                not_copied=[(opened.sheets[k], left) for k in after
                                            if (left := differs_from_chosen(k)[0])
                                            and k not in copied])
    return mapping


# the identity columns by which a roll-up's people are found on the other sheets
IDENTITY_TARGETS = frozenset({ID_NUMBER, CERTIFICATE_NUMBER})


def _sheet_name(name: str) -> str:
    """A sheet's name as compared with one a clerk typed: NFKC, blanks around it aside."""
    return unicodedata.normalize("NFKC", name).strip()


def _rows_at_most(opened: Opened, mapping: ColumnMap) -> int:
    """The data rows the roster holds at most: a CSV's lines, counted; an .xlsx's, as its
    sheets' dimensions claim where several are read (a sheet without one counted as none:
    the .xlsx result's writer refuses rows beyond a sheet's as they come)."""
    if not opened.others:
        return max(0, opened.rows_at_most - mapping.header_index - 1)
    return max(0, (opened.claimed_rows or 0) - mapping.header_row) + sum(
        o.rows for o in opened.others)


def _screen(book: Rulebook, opened: Opened, mapping: ColumnMap, on: dt.date, _: Gettext,
            out: Path | IO[bytes], out_kind: str, lang: str, keep_facts: bool, names: Names,
            dates: frozenset[int], batch_rows: int, progress: Progress | None,
            rows_at_most: int, typed: bool, today: dt.date | None = None) -> RosterResult:
    """Screens ``opened``'s data rows into ``out``: the columns the screener may let the
    reader parse are offered it only where ``typed`` (raises :class:`Reread`, the result
    then removed, as for any error)."""
    # (the people's result says, row by row, which blank cells left a program undetermined)
    screener = Screener(book, mapping, on, _, lang, keep_facts, names, explain=out_kind == "xlsx",
                        today=today)
    if not typed:
        screener.typed = {}
    if not opened.fact_ids():
        # a CSV's rows with fewer cells than its header, each noted on its row (a row missing
        # a cell in its middle is read one column off from there: the forty-eighth tester's,
        # screened without a word); not looked for in a roster written by a program, whose
        # header is fact ids (~0.15 s for 100 MB: issue 15's speed)
        width = len(opened.head[mapping.header_index][1]) if opened.head else 0
        screener.short = {row: (cells, width)
                          for row, cells in opened.short_rows(mapping.header_index)}
    sink = sink_for(out_kind, out, book, _, lang)
    try:
        # a batch is written (polars, without the GIL) while the next is screened; the reader
        # reads ahead likewise: so at most three batches are held at once
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="roster-out") as writer:
            writing: Future[None] | None = None
            batches = opened.batches(mapping.header_index, batch_rows, _, dates,
                                     screener.coded, screener.typed)
            for batch in _carried(screener, batches):
                frame = screener.batch(batch)
                if writing is not None:
                    writing.result()
                writing = writer.submit(sink.write, frame)
                if progress is not None:
                    progress(min(0.99, screener.result.rows / max(1, rows_at_most)))
            if writing is not None:
                writing.result()
            else:  # no data rows: the result of none, its header alone, as for any roster
                sink.write(screener.batch(text_batch([], [[]] * opened.width)))
        sink.close(screener.result)
    except BaseException:  # a bad row, a full disk: no part of a result is left as if whole
        sink.abort()
        raise
    if progress is not None:
        progress(1.0)
    screener.result.seconds = dict(screener.seconds)
    return screener.result


def _carried(screener: Screener, batches: Iterator[Batch]) -> Iterator[Batch]:
    """``batches`` as the screener is to take them (:meth:`Screener.carry`): the rows a batch
    ends with that may be a title are screened with the next, or at the end."""
    for batch in batches:
        yield from screener.carry(batch)
    rest = screener.rest()
    if rest is not None:
        yield rest


def read_columns_file(path: Path, _: Gettext, limits: Limits = CLI) -> dict[str, str | None]:
    """``--columns MAP.yaml``: ``header: target`` pairs, one a line (a target is a fact id,
    ``receives_<program>``, ``id_number``, ``certificate_number``, ``address``, a name as the
    mapping shows it, or empty to pass the column through). A line's colon may be full-width
    or have no blank after it (户籍性质：hukou, 户籍性质:hukou: as a clerk types one). The file is
    read in the encodings a CSV roster is (UTF-8, GB18030 as Notepad saves text on Chinese
    Windows, UTF-16: :func:`~.opening.decoded_text`), and no more of it than
    ``limits.max_line_bytes`` (a columns file maps one header row, which a roster holds in one
    line). Returns ``{header: target or None}``, headers and targets as written, trimmed.

    A tab outside quotes is read as a blank (after 户籍性质:, where a clerk's editor put one).

    Raises :class:`RosterError` (in the user's language, saying what to do) for a file not
    found or not readable, larger than that, not text (:func:`_not_text`), whose YAML does not
    parse or is not one ``header: target`` a line (naming the line: :func:`_bad_line`), or that
    gives one header (as :func:`~.headers.norm` compares headers) two different targets
    (naming both, with their lines: YAML itself keeps the last)."""
    import yaml

    text = decoded_text(_columns_file_bytes(path, limits.max_line_bytes, _))
    if text is None:
        raise RosterError(_not_text(path, _))
    written = text.splitlines()
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader("\n".join(_colon_spaced(line) for line in written))
        root = loader.get_single_node()  # (nodes, not values: each with its line)
    except yaml.MarkedYAMLError as exc:
        # (where what breaks began, where YAML says: a line without its colon, an unclosed
        # quote or bracket; else where it broke)
        mark = exc.context_mark or exc.problem_mark
        raise RosterError(_bad_line(path, written, mark.line if mark else 0, _)) from None
    except yaml.YAMLError:  # (yaml.ReaderError: a character no text holds, \x00 …)
        raise RosterError(_not_text(path, _)) from None
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:  # (blanks and comments only)
        raise RosterError(_("列对应文件 {path} 应当每行写“列名: 事实名”。").format(path=path))
    if not isinstance(root, yaml.MappingNode):
        raise RosterError(_bad_line(path, written, root.start_mark.line, _))
    targets: dict[str, str | None] = {}
    seen: dict[str, tuple[str, str | None, int]] = {}  # by norm(header): as written, its line
    for key, value in root.value:
        for node in (key, value):
            if not isinstance(node, yaml.ScalarNode):  # (a list, a mapping)
                raise RosterError(_bad_line(path, written, node.start_mark.line, _))
            if node.end_mark.line > node.start_mark.line:
                # text on two lines: a plain one is the line below without its colon, folded
                # into this one's; a quoted one, a quote not closed on its line
                below = 1 if node.style is None else 0
                raise RosterError(_bad_line(path, written, node.start_mark.line + below, _))
        header = key.value.strip()
        if key.tag == NULL_TAG or not header:  # (``: hukou``)
            raise RosterError(_bad_line(path, written, key.start_mark.line, _))
        target = None if value.tag == NULL_TAG else value.value.strip() or None
        line = key.start_mark.line + 1
        first = seen.setdefault(norm(header), (header, target, line))
        if first[1] != target:
            raise RosterError(_("列对应文件 {path} 里，列名“{header}”写了两次：{first}，{second}。"
                                "一个列名只能对应一项，请删去不对的那一行。").format(
                path=path, header=first[0], first=_line_target(first[2], first[1], _),
                second=_line_target(line, target, _)))
        targets[header] = target
    return targets


# the YAML tag of a value left empty (``备注:``) or written as YAML's none (``~``, ``null``)
NULL_TAG = "tag:yaml.org,2002:null"


def _columns_file_bytes(path: Path, at_most: int, _: Gettext) -> bytes:
    """A columns file's bytes, of which no more than ``at_most`` + 1 are read (whatever the
    path names: a device, a pipe). Raises :class:`RosterError` for one not found, not
    readable, or larger."""
    try:
        with path.open("rb") as f:
            data = f.read(at_most + 1)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise RosterError(_("找不到列对应文件：{path}。请检查 --columns 后面写的文件名和所在的"
                            "文件夹对不对。").format(path=path)) from None
    except OSError:
        raise RosterError(_("读不了列对应文件：{path}。请检查这个文件能不能打开、有没有读取它"
                            "的权限。").format(path=path)) from None
    if len(data) > at_most:
        raise RosterError(_("列对应文件 {path} 超过 {kb} KB，不像列对应文件（每行只写一个"
                            "“列名: 事实名”），没有读取。请检查 --columns 后面写的文件名对不对。"
                            ).format(path=path, kb=at_most // 1024))
    return data


def _colon_spaced(line: str) -> str:
    """A columns file's line with its colon as YAML reads one: its tabs outside quotes read as
    blanks (a tab after 户籍性质:, as a clerk's editor may insert one: YAML refuses it there);
    then, where no colon has a blank or the line's end after it, the first colon, full-width or
    not, then a blank (户籍性质：hukou, 户籍性质:hukou → 户籍性质: hukou)."""
    parts = re.split(r"(\"[^\"]*\"|'[^']*')", line)  # (at odd places: the quoted)
    line = "".join(part if k % 2 else part.replace("\t", " ") for k, part in enumerate(parts))
    if re.search(r":(?:\s|$)", line):
        return line
    return re.sub("[:：]", ": ", line, count=1)


def _not_text(path: Path, _: Gettext) -> str:
    """The message for a columns file that is no text (:func:`~.opening.decoded_text` reads
    none, or it holds a character no text does)."""
    return _("列对应文件 {path} 不是文本文件，读不出文字（既不是 UTF-8 也不是 GBK 编码）。请用"
             "记事本新建一个文本文件，每行写“列名: 事实名”，保存后再试。").format(path=path)


def _bad_line(path: Path, written: Sequence[str], index: int, _: Gettext) -> str:
    """The message for a columns file whose line ``index`` (0-based, as YAML counts; its end,
    past the last line, is the last line written) is not ``header: target``: its number and
    its text (``written``: the file's lines), and how a line is written."""
    index = min(index, len(written) - 1)
    while index > 0 and not written[index].strip():  # (YAML's end of the file: blank lines)
        index -= 1
    shown = written[index].strip() if written else ""
    return _("列对应文件 {path} 第 {line} 行“{text}”读不出来。每行应当写一个“列名: 事实名”，"
             "例如“困难标识: 是否低保户”；冒号后面空着的，那一列原样保留、不读。").format(
        path=path, line=index + 1, text=shown if len(shown) <= 40 else shown[:40] + "…")


def _line_target(line: int, target: str | None, _: Gettext) -> str:
    """What a columns file's line maps its header to, for a message: 第 3 行对应“hukou”."""
    if target is None:
        return _("第 {line} 行空着（原样保留、不读）").format(line=line)
    return _("第 {line} 行对应“{target}”").format(line=line, target=target)


def named_targets(book: Rulebook, targets: Mapping[str, str | None]) -> dict[str, str | None]:
    """``targets`` (a columns file's) with each target written as a column is headed (户籍地址,
    身份证号, 低保, 已享受生活补贴: what the mapping shows) read as that column would be
    (:meth:`~.headers.Names.find`); an id, or a name that is none of them, as written (the
    thirtieth tester's ``户籍: 户籍地址`` was refused, with a hundred ids)."""
    names = Names.of(book)
    known = set(names.targets)

    def target(t: str | None) -> str | None:
        if t is None or t in known:
            return t
        if (death := death_target(t)) is not None:
            return death  # (死亡日期: a death's column, read as one so headed)
        # (the mapping's own words: 已享受“困难残疾人生活补贴”（receives_living_subsidy）)
        bracketed = re.fullmatch(r".*[（(]\s*([a-z0-9_]+)\s*[）)]\s*", t)
        if bracketed is not None and bracketed[1] in known:
            return bracketed[1]
        found = names.find(t) or names.find(re.sub(r"[“”\"'‘’]", "", t))
        return found[0] if found is not None else t

    return {header: target(t) for header, t in targets.items()}


def check_targets(book: Rulebook, targets: Mapping[object, str | None], _: Gettext) -> None:
    """Refuses a mapping to a name that is neither a fact, a receives column nor an identity
    column, listing those it may name as a clerk reads them (:func:`known_targets`)."""
    names = Names.of(book)
    known = set(names.targets)
    bad = sorted({t for t in targets.values() if t is not None and t not in known
                  and not t.startswith(DEATH_AS)})
    if bad:
        listed = known_targets(book, names, _)
        raise RosterError(_("没有这些事实：{names}。").format(names=_("、").join(bad)) + "".join(
            _("“{name}”是不是“{near}”？").format(name=name, near=near)
            for name in bad if (near := _nearest(name, listed)) is not None)
            + _("认得的有：{known}。").format(known=_("、").join(listed)))


def _nearest(name: str, listed: list[str]) -> str | None:
    """The name a mistyped target most likely meant (死亡日子 for 死亡日期, hukuo for hukou),
    of ``listed`` (:func:`known_targets`: 户口（hukou）, 死亡日期), by either the name as read or
    its id in brackets (difflib's ratio, at least 0.6); None where none is near. Written as
    listed but for the id: the name a columns file may use."""
    import difflib

    spelled: dict[str, str] = {}
    for entry in listed:
        m = re.fullmatch(r"(.*?)\s*[（(]([a-z0-9_]+)[）)]", entry)
        read, ident = (m[1], m[2]) if m else (entry, None)
        spelled.setdefault(read, read)
        if ident is not None:
            spelled.setdefault(ident, ident)
    key = unicodedata.normalize("NFKC", name).strip().casefold()
    near = difflib.get_close_matches(key, list(spelled), n=1, cutoff=0.6)
    return spelled[near[0]] if near else None


def known_targets(book: Rulebook, names: Names, _: Gettext) -> list[str]:
    """Every target a columns file may name (``names.targets``, in their order), each as a
    clerk reads it, its id in brackets, for the message of a name none of them is: an identity
    column or a fact by the name a list heads its column with (:attr:`~.headers.Names.written`,
    where :meth:`~.headers.Names.target` reads that name as it: 身份证号（id_number）,
    是否低保户（household_dibao）); a receives column as the mapping shows it
    (:func:`~.cli.target_text`: 已享受“困难残疾人生活补贴”（receives_living_subsidy）); else the
    id alone. :func:`named_targets` reads each one back as its target."""
    from .cli import target_text  # (the mapping's own words; cli imports this module)

    def shown(target: str) -> str:
        if target.startswith(RECEIVES) and target not in book.facts:
            return target_text(target, book, _)
        name = names.written.get(target)
        if name is not None and (names.target(name) or ("",))[0] == target:
            return _("{name}（{target}）").format(name=name, target=target)
        return target

    # (and a death's column, by the header that says which: 死亡日期, 是否死亡 …)
    return [shown(t) for t in names.targets] + list(DEATH_HEADERS)
