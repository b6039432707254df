"""An .xlsx roster's several sheets: which are read, how their rows are numbered, and what the
reports say of them.

A county's workbook often holds one sheet per township or village, each under the same header,
beside sheets that are no list to screen: 填表说明, a template (模板), the people who died or
were struck off (死亡注销), a chart, a roll-up of the villages (汇总, 全镇). Each sheet's first
rows are read and its list's header looked for (:mod:`app.roster.headers`); the sheets are
grouped by their header (:func:`header_key`: the same facts, and the same texts over the
columns passed through, in any order: a sheet's columns are then read in the first's order,
:func:`columns_of`), and the largest group is read (:func:`choose`), from its first sheet on;
but never a group whose columns are a small part of another's (:func:`side_list`: the
forty-eighth tester's two civil-affairs lists copied beside the roster, or two sheets of
counts, outvoted it and were screened instead). Sheets not read are named with why
(:func:`why_texts`). Passed over, and said so: a hidden sheet (a clerk cannot see it), a sheet
whose name says it is instructions or a template (:data:`TEMPLATE_NAMES`) or lists people who
died or were struck off (:data:`GONE_NAMES`, or a list struck off with a note of death,
停发名单（死亡）: :func:`dead_by_note`; of those, a sheet of the dead is read for them,
:mod:`.gone`, and a list struck off, stopped or reduced, 注销名单, 停发名单, 减少人员, for its
rows whose reason says a death; the others' people, where the villages' sheets list them too,
are screened as usual, which the note says). A roll-up (:data:`ROLLUP_NAMES`) under the same
header as the villages is read last, and a person already on another sheet is not screened
again there (:mod:`.repeats` tells, by ID number; a list without ID numbers cannot tell, so
there the roll-up is passed over). The command's ``--sheet`` and the upload page's choice read
the sheets named.

The sheets are numbered in the order they are read: a row of the ``p``-th sheet read (0 for
the first) is ``p * SHEET_ROWS + r`` (:data:`.files.ROW`), so that a number names one row of one
sheet, rows come in increasing number, and rows next to each other in a sheet are next in
number, as the screener's tests of titles and headers above and below a row need; reports show
it as Excel writes a reference to another sheet (:func:`reference`). Nothing here imports
polars.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.i18n import Gettext

from .deaths import DEATH_WORDS
from .lazy import later
from .opening import HEAD_ROWS

if TYPE_CHECKING:
    from .gone import DeadList

# a sheet has at most 1,048,576 rows (XLSX_MAX_ROWS): the p-th sheet read's row r is
# p * SHEET_ROWS + r
SHEET_ROWS = 10_000_000
# why a sheet was not read
EMPTY, NO_LIST, OTHER_HEADER, UNREADABLE = "empty", "no_list", "other_header", "unreadable"
# the most columns by which a sheet under another header is told to differ (SheetsRead._why)
FEW_DIFFER = 3
HIDDEN, CHART, TEMPLATE, GONE, ROLLUP = "hidden", "chart", "template", "gone", "rollup"
COPY = "copy"
# a backup's name, and the name Excel gives a sheet's copy (那坡村 (2))
COPY_NAMES = later(r"备份|副本|拷贝|复制")
EXCEL_COPY = later(r"(.+) \(\d{1,3}\)")
# sheet names that say what a sheet holds (a name holding one of these words)
TEMPLATE_NAMES = later(r"说明|模板|样表|样例|示例|范例|填表要求|填写要求")
# (and the people moved away or struck out: 迁出人员, 删除, 作废, the thirty-seventh tester's,
# screened as living people; any word of death a cell may hold, 过世人员, 病故人员, and 死者:
# the forty-fourth's, screened as villages)
# (and lists struck off, stopped or reduced, 停发名单, 减少人员, 减员, 核减, 除名: the
# forty-eighth tester's 减少人员 and 停发名单, each 姓名 | 身份证号 | 减少原因, screened as the
# list; read for the rows whose reason says a death, :func:`.gone.struck_by_name`)
GONE_NAMES = later(rf"{DEATH_WORDS}|注销|销户|迁出|删除|作废|停发|停保|减少|减员|核减|除名")
# a name saying the people gone are left out of its list (剔除死亡后名单, 不含已故): a list
# (除 not in 删除, a sheet of deleted rows, nor in 除名, a list struck off; 删除 only as
# 删除…后: 删除死亡后名单)
EXCLUDING = later(r"不含|(?<!删)除(?!名)|剔除|去除|去掉|扣除|排除|不包括|以外|之外|包含|包括|含|"
                  r"已删|删除[^，,]*后|删去")
_NOTES = later(r"[（(【\[][^）)】\]]*[）)】\]]")
# a name of a list of the living beside a word of death (a tester's 未死亡人员, 非已故人员,
# 配偶已故人员, 已故军人遗属, 死亡人员家属, 逝者家属 were passed over as struck off, their
# people not screened): the death denied (未死亡, 非已故, 没有去世; 非正常死亡 is a death, 未注销
# 死亡人员 the dead not yet struck off), the dead's families or survivors (遗属, 家属 after the
# word), or people whose relative died (配偶已故, 父母双亡, 子女死亡). Read without the name's
# notes, as :func:`by_name` reads it.
_KIN_NAMES = ("配偶|丈夫|妻子|老伴|父母|父亲|母亲|双亲|子女|儿子|女儿|独子|独女|监护人|家属|"
              "亲属|亲人|家人|赡养人|抚养人|扶养人|兄弟|姐妹|祖父|祖母|爷爷|奶奶|外公|外婆")
LIVING_NAMES = later(
    r"(?:[未非没无]|没有|并非|不是|尚未)(?:死亡|去世|已故|过世|身故|亡故|病故|逝世|离世|已死|死)|"
    rf"(?:{DEATH_WORDS})的?(?:人员|军人|烈士|职工|干部|老人|病人|党员|者)?的?"
    r"(?:家属|遗属|遗孀|遗孤|亲属|子女|配偶|后代|后人|家人|父母)|"
    rf"(?:{_KIN_NAMES})(?:均|都|已经?|双双|先后)?(?:{DEATH_WORDS}|双亡|亡)")


def outside_notes(name: str) -> str:
    """A sheet's name without its notes in brackets (全镇汇总（不含已故）: 全镇汇总): a note says
    what the list holds or lacks, not what it is."""
    return _NOTES.sub("", name)


def notes_of(name: str) -> list[str]:
    """A sheet's name's notes in brackets, without them (死亡人员（已核实）: ["已核实"])."""
    return [note[1:-1] for note in _NOTES.findall(name)]


# a name's own words of a list of people struck off, stopped or reduced (停发名单, 注销, 减少人员,
# 销户, 名单 alone): a note saying why, a death (停发名单（死亡）), makes it a list of the dead
_STRUCK_LIST = later(r"停发|停保|注销|销户|减少|减员|核减|除名|名单")
# a note saying its people died, as the reason they were struck off, and nothing else:
# （死亡）, （已故）, （去世人员）, （因死亡）, （死亡注销）; not one saying the dead were struck
# off the list (（死亡已注销）: the list without them) nor one of a relative's death (（配偶已故）)
_DEATH_NOTE = later(rf"(?:因|系|属)?(?:已经?)?(?:{DEATH_WORDS})"
                    r"(?:注销|销户|停发|停保|减少|减员|除名)?(?:人员|者|名单|户|的)?")


def dead_by_note(name: str) -> bool:
    """Whether a sheet's name is of a list of people struck off, stopped or reduced
    (:data:`_STRUCK_LIST`: 停发名单, 减少人员, 注销, 名单) with a note saying its people died
    (:data:`_DEATH_NOTE`: 停发名单（死亡）, 减少人员（已故）, 名单（去世人员）): a sheet of the dead
    (the forty-seventh tester's 停发名单（死亡）, its note set aside and the sheet read as another
    list); not 全镇汇总（不含已故）, 2025年名单（死亡已注销） or 人员名单（含已故）, lists without
    the dead or with them among the living."""
    outside = outside_notes(name)
    return _STRUCK_LIST.search(outside) is not None and not EXCLUDING.search(outside) \
        and not LIVING_NAMES.search(outside) and any(
            _DEATH_NOTE.fullmatch(re.sub(r"\s+", "", note)) for note in notes_of(name))


MANY = 20  # sheets named in a sentence, at most
ROLLUP_NAMES = later(r"汇总|总表|合计|总计|全镇|全乡|全县|全市|全区|全街道")


def sheet_row(row: int) -> tuple[int, int]:
    """(the sheet's place in the reading order, row in that sheet) of a row's number."""
    return divmod(row, SHEET_ROWS)


def reference(sheet: str, row: int | str) -> str:
    """A row of a sheet as Excel writes a reference to it: ``二村!12``; a name holding a blank,
    punctuation or looking like a cell (A1) quoted, ``'一 村'!12``, ``'二村!'!3``."""
    plain = re.fullmatch(r"[^\W\d]\w*", sheet) is not None and \
        re.fullmatch(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*", sheet) is None
    return f"{sheet}!{row}" if plain else "'" + sheet.replace("'", "''") + f"'!{row}"


@dataclass(frozen=True, slots=True)
class OtherSheet:
    """A sheet read after the one whose header was chosen, under the same header: its index
    among the workbook's sheets, its name, its header's top and lowest rows (sheet rows), the
    rows above them (not screened) and how many rows its dimension claims below its header.
    Its data rows are those below its header."""

    index: int
    name: str
    top: int
    header_row: int
    above: tuple[int, ...] = ()
    rows: int = 0  # its rows below the header, as its dimension claims (0: it claims none)
    # where it holds each column of the first sheet read, where its columns come in another
    # order (:func:`columns_of`); None: the same order
    columns: tuple[int, ...] | None = None


@dataclass(slots=True)
class SheetsRead:
    """Of an .xlsx's ``names`` (every sheet looked at, in the workbook's order): the one whose
    header was chosen (``first``), the others read after it under the same header (in the
    order read: roll-ups last, ``rollups`` their indexes), those not read with why (a code of
    :func:`why_texts`, or a message), the rows each claims (``sizes``, by name, where its
    dimension says), and how many sheets there were beyond those looked at (``more``). A CSV,
    or a workbook of one sheet, has no names."""

    names: list[str]
    first: int = 0
    others: list[OtherSheet] = field(default_factory=list)
    unread: list[tuple[str, str]] = field(default_factory=list)
    more: int = 0
    rollups: list[int] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    # of the sheets read after the first, those with columns the first has not: their
    # headers, read after the first's columns (:meth:`.files.Opened.use`'s ``extras``)
    added: list[tuple[str, list[str]]] = field(default_factory=list)
    named: bool = False  # the sheets to read were named (--sheet, the upload page's choice)
    # of the sheets passed over under another header: the columns it has that the first has
    # not, and those it lacks (their headers, as written on either sheet)
    differs: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    # of the sheets read after the first, those lacking some of its columns: their headers
    # (the first's), blank for its people (a fact's column: unknown)
    lacking: list[tuple[str, list[str]]] = field(default_factory=list)
    # of the sheets read after the first, those with columns the first has not where either's
    # header is of two rows: their headers, not copied into the result
    not_copied: list[tuple[str, list[str]]] = field(default_factory=list)
    # the sheets of people who died, read (:mod:`.gone`: a person they list is left out as
    # dead; hidden or not, whatever sheets were named, each said in a sentence of its own and
    # not among ``unread``, with its rows saying the person lives, doubting the death, dated
    # by the sheet's name after the screening date, or naming two people; a list struck off,
    # 注销名单, 停发名单, 减少人员, read for the rows whose reason says a death, its others
    # said screened, or, not compared, said passed over), and those whose people could not be
    # matched (no ID or certificate number column)
    dead_lists: list[DeadList] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    @property
    def several(self) -> bool:
        """Whether more than one sheet was read (each row is then shown with its sheet)."""
        return bool(self.others)

    @property
    def order(self) -> list[int]:
        """The indexes of the sheets read, in the order read."""
        return [self.first, *(o.index for o in self.others)]

    def row_text(self, row: int, _: Gettext) -> str:
        """A row's number as a clerk finds it: ``12`` where one sheet was read, else the
        sheet's name and the row, as Excel writes it (:func:`reference`)."""
        place, number = sheet_row(row)
        if not self.several or place >= len(self.order):
            return str(number)
        return reference(self.names[self.order[place]], number)

    def choosable(self) -> list[str]:
        """The sheets a clerk may choose to read: all but charts, empty sheets and those that
        cannot be read."""
        left_out = {name for name, code in self.unread if code in (CHART, EMPTY, UNREADABLE)}
        return [name for name in self.names if name not in left_out]

    def note(self, _: Gettext) -> str:
        """Which sheets were read and which not, with why ("" for a CSV or one sheet)."""
        if len(self.names) < 2 and not self.more:
            return ""
        first = self.names[self.first]
        said = []
        if self.others:
            names = [first, *(o.name for o in self.others)]
            said.append(_("读了 {n} 个表头相同的工作表：{names}。行号前写着所在的工作表，"
                          "如“{example}”。").format(
                n=len(names), names=few(names, _),
                example=self.row_text(SHEET_ROWS + self.others[0].header_row + 1, _)))
            said += [_("工作表“{sheet}”表头上面的第 {rows} 行不是名单，没有筛查。").format(
                sheet=o.name, rows=runs(o.above, _)) for o in self.others if o.above][:MANY]
            said += [_("工作表“{sheet}”是汇总，最后读：其中已在别的工作表里的人（按身份证号或"
                       "残疾人证号）没有再筛查。").format(sheet=self.names[k])
                     for k in self.rollups]
            moved = [o.name for o in self.others if o.columns is not None]
            if moved:
                said.append(_("这些工作表的列顺序和“{sheet}”的不同，已按列名对齐：{sheets}。").format(
                    sheet=first, sheets=few(moved, _)))
            said += [_("工作表“{sheet}”的这些列，“{first}”没有，也读了，放在结果的后面（别的"
                       "工作表的人这几列空着）：{columns}。“{first}”有而它没有的列，它的行在结果里"
                       "空着。").format(
                sheet=name, first=first, columns=few(columns, _))
                for name, columns in self.added]
            said += [_("工作表“{sheet}”的这些列，“{first}”没有，没有抄进结果：{columns}。"
                       "“{first}”有而它没有的列，它的行在结果里空着。").format(
                sheet=name, first=first, columns=few(columns, _))
                for name, columns in self.not_copied]
            said += [_("工作表“{sheet}”没有“{first}”的这些列：{columns}。它的人这几列空着，"
                       "读的事实按不知道筛查。").format(sheet=name, first=first,
                                                  columns=few(columns, _))
                     for name, columns in self.lacking][:MANY]
        else:
            said.append(_("读了工作表“{sheet}”。").format(sheet=first))
        why = why_texts(first, _)
        if self.unread:
            said.append(_("没有读这些工作表：{sheets}。").format(sheets=few([
                _("{sheet}（{why}）").format(sheet=name, why=self._why(name, code, why, _))
                for name, code in self.unread], _, sep=_("；"))))
        # (and the lists struck off that could not be compared: no header, no ID numbers)
        gone = [name for name, code in self.unread if code == GONE] + [
            listed.name for listed in self.dead_lists if not listed.compared]
        if gone:
            # (passed over by their names, read for no one: 迁出人员, 死亡人员（待核）; a sheet of
            # the dead is said below, its people left out)
            said.append(_("名字说是注销、死亡、迁出或删除人员的工作表{sheets}没有拿来和名单对照："
                          "其中的人如果也在名单里，照常筛查了，请自己核对。").format(
                sheets=few([f"“{name}”" for name in gone], _)))
        for listed in self.dead_lists:
            if not listed.compared:
                continue
            if listed.struck:
                # (a list struck off, read for its rows whose reason says a death: the
                # forty-eighth tester's 注销名单, 注销原因 死亡)
                said.append(_("工作表“{sheet}”是注销、停发或减少的人员，没有当作名单筛查：它写着"
                              "本人去世的 {n} 行，名单里身份证号或残疾人证号和其中一行相同的人，"
                              "当作已经去世，没有筛查（它写的死亡日期在筛查日期以后的除外）。").format(
                    sheet=listed.name, n=len(listed.rows)))
            else:
                said.append(_("工作表“{sheet}”列着去世的人，没有当作名单筛查：名单里身份证号或残疾人"
                              "证号和它的某一行相同的人，当作已经去世，没有筛查（它写的死亡日期在筛查"
                              "日期以后的除外）。").format(sheet=listed.name))
            if listed.hidden:
                said.append(_("它是隐藏的工作表。"))
            if listed.not_dead:
                said.append(_("它的第 {rows} 行没有写本人去世（如迁出），这 {n} 行的人如果也在"
                              "名单里，照常筛查了，请自己核对。").format(
                    n=len(listed.not_dead), rows=runs(listed.not_dead[:MANY], _) + (
                        _("……") if len(listed.not_dead) > MANY else "")))
        said += [_("工作表“{sheet}”第 {rows} 行写着本人健在或没有去世，这 {n} 行的人没有当作去世："
                   "请自己核对。").format(sheet=listed.name, n=len(listed.alive),
                                       rows=runs(listed.alive[:MANY], _) + (
                                           _("……") if len(listed.alive) > MANY else ""))
                 for listed in self.dead_lists if listed.alive]
        # (a row doubting the death, 死亡待核实 or 疑似死亡: the person screened, to be checked)
        said += [_("工作表“{sheet}”第 {rows} 行写着死亡待核实或存疑，这 {n} 行的人没有当作去世，"
                   "照常筛查了：请核实。").format(sheet=listed.name, n=len(listed.doubted),
                                            rows=runs(listed.doubted[:MANY], _) + (
                                                _("……") if len(listed.doubted) > MANY else ""))
                 for listed in self.dead_lists if listed.doubted]
        # (a sheet whose name dates its deaths after the screening date: 2026年死亡)
        said += [_("工作表“{sheet}”的名字写着{date}，在筛查日期以后：它没有写死亡日期的 {n} 行"
                   "的人，筛查那天还在世，照常筛查了。").format(
            sheet=listed.name, date=listed.named, n=listed.named_later)
                 for listed in self.dead_lists if listed.named_later]
        said += [_("工作表“{sheet}”第 {rows} 行的身份证号和残疾人证号是两个人的，只按身份证号"
                   "对照了：请自己核对。").format(sheet=listed.name,
                                       rows=runs(listed.two_people[:MANY], _) + (
                                           _("……") if len(listed.two_people) > MANY else ""))
                 for listed in self.dead_lists if listed.two_people]
        said += [_("工作表“{sheet}”里有 {n} 行没有读（最多读 {max} 行），那些人没有对照。").format(
            sheet=listed.name, n=listed.more, max=listed.read)
            for listed in self.dead_lists if listed.more]
        said += [_("工作表“{sheet}”有 {n} 行的身份证号和残疾人证号都读不出来（空着、写错了，或"
                   "身份证号存成了数字、丢了后几位），那些人没有对照，请自己核对。").format(
            sheet=listed.name, n=listed.unnamed) for listed in self.dead_lists if listed.unnamed]
        said += [_("工作表“{sheet}”的名字说是去世的人，但找不到身份证号或残疾人证号列，没法和名单"
                   "对照：请自己核对，名单里的这些人照常筛查了。").format(sheet=name)
                 for name in self.unmatched]
        if self.more:
            said.append(_("另有 {n} 个工作表没有看（一次最多看 {max} 个）。").format(
                n=self.more, max=len(self.names)))
        if any(code == OTHER_HEADER for _n, code in self.unread) and self.named:
            # (named already: they read other facts, so are no one list)
            said.append(_("选定的工作表里，有的读出的事实列和“{sheet}”的不同，不能当作一份名单一起筛查："
                          "请每次只选一个工作表分别筛查，或让它们的列名一样。").format(sheet=first))
        elif any(code == OTHER_HEADER for _n, code in self.unread):
            said.append(_("其他工作表的名单如要一起筛查，请让它的列名和“{sheet}”的一样（列的顺序"
                          "可以不同），或另存为 CSV 分别筛查。").format(sheet=first))
        if any(code in (TEMPLATE, GONE, COPY, ROLLUP, HIDDEN)
               or code == OTHER_HEADER and not self.named for _n, code in self.unread) or any(
                not listed.compared for listed in self.dead_lists):
            said.append(how_to_choose(_))
        return " ".join(said)

    def _why(self, name: str, code: str, why: dict[str, str], _: Gettext) -> str:
        text = why.get(code, code)
        more, fewer = self.differs.get(name, ([], [])) if code == OTHER_HEADER else ([], [])
        if len(more) + len(fewer) > FEW_DIFFER:  # (another list altogether: no column by column)
            more, fewer = [], []
        if more:
            text += _("：多了{columns}").format(columns=few([f"“{c}”" for c in more], _))
        if fewer:
            text += (_("，") if more else _("：")) + _("少了{columns}").format(
                columns=few([f"“{c}”" for c in fewer], _))
        rows = self.sizes.get(name)
        if code in (OTHER_HEADER, NO_LIST, TEMPLATE, GONE, COPY, ROLLUP, HIDDEN) and rows:
            return _("{why}，约 {n} 行").format(why=text, n=rows)
        return text


def how_to_choose(_: Gettext) -> str:
    """How to read other sheets than those chosen: on the command and on the upload page."""
    return _("要只读某几个工作表：命令行用 --sheet，网页上在“读哪些工作表”里选。")


def few(items: Sequence[str], _: Gettext, at_most: int = MANY, sep: str | None = None) -> str:
    """The first ``at_most`` of ``items`` joined by ``sep`` (、 where none is given), then ……
    where there are more."""
    return (_("、") if sep is None else sep).join(items[:at_most]) + (
        _("……") if len(items) > at_most else "")


def runs(rows: Sequence[int], _: Gettext) -> str:
    """Row numbers joined by 、, three or more in a row as one run: ``1—29、31``."""
    parts: list[str] = []
    k = 0
    while k < len(rows):
        end = k
        while end + 1 < len(rows) and rows[end + 1] == rows[end] + 1:
            end += 1
        if end - k >= 2:
            parts.append(_("{first}—{last}").format(first=rows[k], last=rows[end]))
        else:
            parts += [str(r) for r in rows[k:end + 1]]
        k = end + 1
    return _("、").join(parts)


def why_texts(first: str, _: Gettext) -> dict[str, str]:
    """Why a sheet was not read, by code, in the reader's language."""
    return {EMPTY: _("是空的"), NO_LIST: _("前 {n} 行里没有认得的表头").format(n=HEAD_ROWS),
            OTHER_HEADER: _("表头和“{sheet}”的不同").format(sheet=first),
            UNREADABLE: _("读不出"), HIDDEN: _("是隐藏的工作表"), CHART: _("是图表"),
            TEMPLATE: _("名字说是填表说明或模板"), GONE: _("名字说是注销、死亡、迁出或删除的人员"),
            COPY: _("名字说是备份或另一个工作表的副本"),
            ROLLUP: _("名字说是汇总；名单没有身份证号，分不出其中的人是否已在别的工作表里")}


def by_name(name: str, names: Collection[str] = ()) -> str | None:
    """Why a sheet is passed over by its name alone: :data:`TEMPLATE`, :data:`GONE` (people
    who died, moved away or were struck off, stopped or reduced: 死亡注销, 迁出人员, 注销名单,
    停发名单, 减少人员, the forty-eighth tester's last two screened as the list; but a
    list of the living beside a word of death, :data:`LIVING_NAMES`: 未死亡人员, 配偶已故人员,
    逝者家属, screened; and a list struck off with a note of death, 停发名单（死亡）:
    :func:`dead_by_note`) or :data:`COPY` (a backup, 备份, or Excel's copy of another of
    ``names``, the workbook's sheets: 那坡村 (2), the thirty-eighth tester's, its people
    counted twice); else None."""
    if TEMPLATE_NAMES.search(name):
        return TEMPLATE
    outside = outside_notes(name)
    if GONE_NAMES.search(outside) and not EXCLUDING.search(outside) \
            and not LIVING_NAMES.search(outside) or dead_by_note(name):
        return GONE
    copied = EXCEL_COPY.fullmatch(name)
    if COPY_NAMES.search(name) or copied is not None and copied[1] in names:
        return COPY
    return None


def header_key(targets: Sequence[str | None], texts: Sequence[str | None]) -> tuple[str, ...]:
    """A sheet's header as what another sheet's must share to be read as one list: column by
    column, the fact (or identity column) read from it, else its header's text (blanks aside);
    trailing blank columns aside. So 身份证号 and 身份证号码 are one column; 备注 and 电话 are
    not. A fact read from two columns (城市低保 and 农村低保, each a kind of 低保) is told
    apart by their texts. The columns may come in another order; sheets are one list where the
    columns read are the same (:func:`choose`)."""
    texts = [re.sub(r"\s+", "", x or "") for x in texts]
    twice = {t for t in targets if t is not None and targets.count(t) > 1}
    seen: dict[str, int] = {}
    key = []
    for t, x in zip(targets, texts, strict=True):
        if t is not None:
            key.append(t if t not in twice else f"{t}|{x}")
            continue
        # (a column read as no fact written twice, 联系电话 of the person and of the guardian:
        # the second is another column, as the result names it apart)
        seen[x] = seen.get(x, 0) + 1
        key.append(x if seen[x] == 1 or not x else f"{x}|{seen[x]}")
    while key and not key[-1]:
        key.pop()
    return tuple(key)


def columns_of(first: tuple[str, ...], other: tuple[str, ...]) -> tuple[int, ...] | None:
    """Where ``other``'s sheet holds each column of ``first``'s (header keys of one list,
    :func:`choose`): the index of its column for each of ``first``'s; None where they come
    in the same order."""
    if first == other:
        return None
    free: dict[str, list[int]] = {}
    for j, element in enumerate(other):
        free.setdefault(element, []).append(j)
    # (a column without a header takes one of the other's, in order, or none: -1)
    return tuple(free[element].pop(0) if free.get(element) else -1 for element in first)


def differs(first: tuple[str, ...], other: tuple[str, ...], first_shown: Mapping[str, str],
            other_shown: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The columns of ``other``'s sheet (by their :func:`header_key`) that ``first``'s has not,
    and those it lacks, by their headers as each sheet writes them (``*_shown``: key →
    header): what a sheet under another header differs by, and what a sheet named with
    --sheet has that the result, in ``first``'s columns, leaves out."""
    return ([other_shown.get(e, e) for e in other if e and e not in first],
            [first_shown.get(e, e) for e in first if e and e not in other])


def choose(found: dict[int, tuple[tuple[str, ...], int]], names: Sequence[str],
           identity: Collection[str], read: Mapping[int, frozenset[str]]
           ) -> tuple[int, list[int], list[int], list[tuple[int, str]]]:
    """Of the sheets whose list's header was found (index: (:func:`header_key`, columns
    read)), the sheet whose header to read, the others read after it (roll-ups last), the
    roll-ups among them, and those not read with why (:data:`OTHER_HEADER`, :data:`ROLLUP`).
    The header chosen is the one most sheets share, roll-ups aside (:data:`ROLLUP_NAMES`), then
    with roll-ups, then the one with more columns read, then the first. A roll-up under it
    beside other sheets is read last where the list has a column of ID or certificate
    numbers (one of ``identity`` in its key: its people already on another sheet are then
    told and not screened again), else passed over; alone, it is the list. Sheets that read the
    same columns (``read``: each sheet's, by their keys) are one list, whatever their other
    columns (备注 on one village's sheet: the thirty-fifth and thirty-seventh testers'); and a
    village's sheet lacking at most a third of the columns read and :data:`FEW_DIFFER`, none
    of them an ID or certificate number, is read with them, those cells blank.

    A group whose columns read are a part of another's (:func:`side_list`: all of them among
    the other's, and fewer) is never chosen over it, however many sheets or people it has
    (the fiftieth tester's lists reading 9 of the roster's 16 columns): a side list copied
    beside the roster (the forty-eighth tester's comparison workbook: 民政低保名单 and
    民政特困名单, 姓名 | 身份证号 | 户籍地址, outvoted the roster of 20 people and all its
    columns, which was passed over; 统计表 and 汇总表, 村 | 人数 | 低保, read
    as the list, the count of a village screened as a person; 停发名单, 新增人员, 调整名单,
    姓名 | 身份证号 | 原因, 0 people screened). Villages' sheets under one header are one group;
    a village lacking a few columns is such a part, and read with the list all the same."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for k in sorted(found):
        groups.setdefault(tuple(sorted(read[k])), []).append(k)
    # (the widest group is no part of another: at least one is left)
    lists_only = [members for key, members in groups.items()
                  if not any(side_list(key, other) for other in groups)]

    def villages(members: list[int]) -> list[int]:
        return [k for k in members if not ROLLUP_NAMES.search(names[k])]

    def lists(members: list[int]) -> list[int]:
        return villages(members) or members

    # (a group of villages before one of roll-ups alone, however many columns they read)
    best = max(lists_only, key=lambda members: (
        len(villages(members)), len(members), found[members[0]][1], -members[0]))
    # a village's sheet lacking a few of the columns read (no 工伤护理费 there: the
    # thirty-eighth tester's, passed over), its other columns and its ID numbers as the
    # list's: read too, those facts blank for its people (a roll-up or another list aside)
    known = set(read[best[0]])
    read = lists(best)
    rollups = [k for k in best if k not in read]
    ids = any(t in identity for t in found[best[0]][0])
    lacking = sorted(k for key, members in groups.items() if members is not best
                     for k in villages(members)
                     if set(key) < known
                     and len(known - set(key)) <= min(FEW_DIFFER, len(known) // 3)
                     and known & set(identity) <= set(key))
    unread = [] if ids else [(k, ROLLUP) for k in rollups]
    unread += [(k, OTHER_HEADER) for members in groups.values() if members is not best
               for k in members if k not in lacking]
    after = sorted(read[1:] + lacking) + (rollups if ids else [])
    return read[0], after, rollups if ids else [], sorted(unread)


def side_list(read: Collection[str], other: Collection[str]) -> bool:
    """Whether a sheet reading the columns ``read`` (their keys) is a side list beside one
    reading ``other``'s: every column it reads is read there too, and fewer (姓名 | 身份证号 |
    户籍地址 beside a roster of 16 columns; 低保 alone beside any; the fiftieth tester's
    civil-affairs lists, 民政低保名单, 特困名单, 孤儿名单, reading 9 of the roster's 16 columns,
    three sheets and 60 people outvoting the roster's one sheet of 20). The count of sheets, or
    of their rows, cannot tell a roster from what was copied beside it, but a list holding no
    column the roster lacks adds nothing to screen by. A village's sheet lacking a few of the
    roster's columns is such a part too, and is read with it all the same (:func:`choose`: at
    most :data:`FEW_DIFFER` and a third of them); a list of other columns (a 备注 or a fact
    the other lacks) is none."""
    return set(read) < set(other)


def none_found_note(sheets: Sequence[str], _: Gettext) -> str:
    """For a workbook on none of whose sheets a list's header was found: that every sheet
    was looked at ("" for one sheet)."""
    if len(sheets) < 2:
        return ""
    return _("每个工作表（{sheets}）都看过了，都没有找到名单的表头。").format(
        sheets=_("、").join(sheets))
