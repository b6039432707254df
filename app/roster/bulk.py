"""Screening a whole roster at once: every person, every program of the rulebook.

:func:`screen_roster` takes the roster as text columns (as read from CSV or Excel) and returns
the same columns, unchanged and in order, followed by, for every program, its status, amount
and "qualifies but does not receive" flag, then the list of programs each person qualifies for
but does not receive, and the cells that could not be read. Blank cells are unknown facts.

Programs compile to polars expressions (:mod:`app.roster.exprs`); one that does not compile
(a rule node the compiler does not know) is evaluated with the per-person engine, row by row,
and named in :attr:`RosterResult.fallback`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

import polars as pl

from app.engine import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    NOT_IN_FORCE,
    UNDETERMINED,
    CompiledProgram,
    Rulebook,
    compute_amount,
    evaluate,
)
from app.i18n import Gettext

from . import exprs
from .bounds import RosterError
from .columns import (
    CellReader,
    ParsedColumn,
    Problems,
    boolean_def,
    dtype_of,
    parse_column,
    read_together,
    typed_read,
)
from .deaths import (
    ALIVE,
    ANY,
    ASKS,
    DATE,
    MAY_SAY,
    date_of_death,
    death,
    disowns,
    doubted,
    named_in,
    names_someone,
    other_person,
    unread,
)
from .derive import DERIVED_FROM, GIVEN_BY, Deriver
from .files import ROW, TYPED, Batch, col
from .gone import listed_dead, row_says, state_column, two_people
from .headers import (
    ADDRESS,
    IDENTITY,
    PERSON_NUMBER,
    Column,
    ColumnMap,
    Names,
    death_kind,
    find_mapping,
    lone_kinds,
    place_column,
)
from .lazy import later
from .opening import DASHES, INVISIBLE
from .repeats import SEED, Pairs, Repeats, person_key
from .sheets import SHEET_ROWS, few

if TYPE_CHECKING:  # (imported where an .xlsx is read: a CSV roster never loads the module)
    from .xlsx import CellProblem

STATUSES = (ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED, NOT_IN_FORCE)
STATUS = pl.Enum(STATUSES)  # a status column: one byte a row, written as its text
RECEIVES = "receives_"
UNCLAIMED_ALL = "unclaimed_programs"
ERRORS = "row_errors"
# the people's result only (.xlsx: :class:`Screener` with ``explain``): per row, the roster's
# columns whose cell is blank or unread and that a program left undetermined on it reads
NEEDS = "undetermined_needs"
# The rows that are no person are told by their first filled cell (:meth:`Screener._kinds`):
# never a row that holds an ID or certificate number, or another long number beside its first
# cell (a telephone's: :func:`_holds_number`), whatever its first cell reads (第一组 in a column
# of groups, 统计村); and, but for a totals word first, only where the row's other cells are as
# a form's or a totals row's are (:data:`FORM_CELL`: numbers, counts, dates, a label and its
# colon), not a person's (男, 肢体, 是, an address), or where the row holds one text alone. A
# name with a note in brackets or after a blank (韦金（户主，共4人）, 农福 村委主任（兼）) is read
# as such, not as a form's line.
DIGIT = "[0-9０-９]"
COUNT = "[0-9０-９一二三四五六七八九十两]"
# text before a word, no bracket opened in it (韦金（累计领取2年）is a name and its note)
_BEFORE = r"[^（(【\[]"
# ... and no blank either, but brackets closed in it (村（居）委会负责人：; 农福 村委主任 is a name
# and a note)
_OFFICE = r"(?:[^\s（(【\[]|[（(][^）)\s]{1,4}[）)])"
# a totals row's: 合计, 小计：2人, 总计 …, first (:data:`TOTALS`: whatever the row holds beside);
# also after the page's, a place's or a time's name (本页小计, 那坡镇 小计：1人, 东风村委合计,
# 截至5月底累计), or a count of people (共3人, 全县共15人, 共有3人, 男5人, 计：3人, 总人数：15人)
TOTAL_WORDS = ("合计", "小计", "总计", "共计", "总数", "累计", "合計", "小計", "總計")
TOTALS = "^(?:" + "|".join(TOTAL_WORDS) + ")"
_SUMS = "|".join(w for w in TOTAL_WORDS if w.endswith(("计", "計")))
# the kinds of place a title or a heading names (乐里镇新华村二组, 百色市右江区龙景街道)
PLACE_KINDS = "社区|街道|县|镇|乡|村|屯|组"
# a place's name (城厢镇, 东风村委会, 新华村二组: one or more, each with its kind)
_PLACE = rf"[^\s·\d（(—\-]{{1,6}}?(?:{PLACE_KINDS}|村委会?|居委会|市|区)"
# ... after a place's or the page's name written as one word (城厢镇小计, 本页合计: whatever the
# row holds beside; not after a name, 韦合计, nor where a blank or a bracket parts them, as a
# name and its note, 韦强 累计领取3年)
PLACE_TOTALS = rf"^(?:(?:{_PLACE})+|本页|本表|本月|全[县市镇乡村])(?:{_SUMS})"
# (read with the cell's blanks: after a place, a blank may come before the word, 那坡镇 小计；
# after a name, it parts the name from its note, 韦强 累计领取3年, 韦金 户主 共4人)
COUNTS = (rf"^(?:(?:(?:{_PLACE})+\s*|{_OFFICE}{{0,16}}?)(?:{_SUMS}|汇总)"
          rf"|(?:(?:{_PLACE})+\s*|{_OFFICE}{{0,12}}?)共有?[：:]?\s*{COUNT}+\s*[人户名]"
          rf"|[男女][：:]?\s*{DIGIT}+\s*人|计[：:]|.{{0,4}}?总?人数[：:]?|(?i:total))")
# a form's own lines', above or below its list: who made, checked, approved or signed it,
# when, for which office, and its notes (制表：张三, 审核人：李四, 单位负责人：, 分管领导：,
# 村委会主任：, 乡镇审核意见：, 县残联（章）, 专职委员签字：, 包村干部：, 初审人：, 联系电话：,
# 填表日期：2025年6月1日, 注：本表一式两份, （盖章）, （此表一式三份）, 1.本表由村委会填写, 第1页
# 共3页, 接上页, 附件2); the blanks in the cell taken out, but for those that may follow a name
# (:data:`ROLES`)
NOTE_WORDS = ("制表", "製表", "填表", "填报", "审核", "審核", "审批", "复核", "核实", "核对",
              "经办", "经手", "录入", "调查人", "统计", "报送", "上报", "日期", "时间", "注：",
              "注:", "备注：", "备注:", "说明", "以上", "以下空白", "以下无", "联系电话", "联系人",
              "签字", "签名", "打印", "人数", "经公示", "此页无正文", "接上页", "转下页", "续上页",
              "续表", "本页完", "其中：", "其中:", "注意事项", "特此公示", "现予公示", "经评议",
              "数据截至", "此表", "本表", "一式", "数据来源")
NOTE_ROLES = ("负责人", "领导", "主任", "书记", "理事长")
NOTE_LABELS = ("村民小组长", "小组长", "组长", "包村干部", "驻村干部", "签收人", "落款", "抄送",
               "公示时间", "公示期", "监督电话", "举报电话", "监督举报电话")
# a form's word after a note's own number or in brackets (1.本表…, （此表一式三份）); a person's
# 序号 is a cell of its own, and a name holds none of them
FORM_WORDS = "本表|此表|表中|以上|以下|请|注|说明|备注|填表|数据"
# (a date's word only where a colon or the date follows it, or nothing: 时间秀 is a person)
DATED = ("日期", "时间")
NOTES = "^(?:" + "|".join(
    [*(re.escape(w) + (r"(?:[：:\d]|$)" if w in DATED else "") for w in NOTE_WORDS),
     r"注\d{1,2}[：:]", "(?:" + "|".join(NOTE_LABELS) + ")[：:]",
     r"[（(【\[—\-]?以下(?:空白|无)",
     r"[（(]续(?:上页|表)?[)）]", rf"附件{DIGIT}", rf"[第共]{DIGIT}+页",
     r"[（(【\[](?:此表|本表|注)", rf"{DIGIT}{{1,2}}[、.．](?:{FORM_WORDS})"]) + ")"
# who, after the name of the office (单位负责人：, 分管领导：, 村委会主任：, 村党支部书记：,
# 专职委员签字：), read with the cell's blanks, which part a name from its note (凌光 村主任):
# where a colon, a signature or a bracket of one follows (负责人（签字）); or, where the row holds
# it alone, nothing (:data:`ROLE_ALONE`); and the form's other labels that may follow a name
ROLES = (rf"^(?:{_OFFICE}{{0,16}}?(?:" + "|".join(NOTE_ROLES)
         + rf")(?:[：:]|签|[（(][签盖])|{_OFFICE}{{0,8}}?(?:签字|签名)[：:]"
         # (乡镇审核意见：, 初审人：, 县残联（章）: 凌光 办证日期：…, 黄秀英 监护人：黄强 are a name
         # and its note)
         rf"|{_OFFICE}{{0,12}}?(?:意见|审核|审批|审定|初审|复审|核实|日期|时间)[：:]"
         rf"|[^\s\d：:（(]{{1,6}}人[：:]|{_OFFICE}{{0,16}}?[（(]?(?:盖章|公章|签章|章[)）]))")
ROLE_ALONE = rf"^{_OFFICE}{{0,16}}?(?:" + "|".join(NOTE_ROLES) + ")$"
# the same as a form's lines, only where the row holds it alone: a date line left blank
# (年 月 日), a page's number (- 1 -, 1/3, Page 1 of 3), a rule (——————), a date (2025年6月1日),
# who made it (西林县残疾人联合会 制)
LONE_NOTES = (rf"^(?:年月日|-{DIGIT}+-|{DIGIT}+/{DIGIT}+|[—\-_=─]{{3,}}|(?i:page){DIGIT}+"
              rf"(?i:of){DIGIT}+|{DIGIT}{{4}}年{DIGIT}{{1,2}}月{DIGIT}{{1,2}}日|.{{2,20}}制)$")
# the office that made the form, as its last line names it, with a date or a seal's place at
# most beside it (城厢镇残疾人联合会 … 2025年5月20日: the thirty-seventh tester's, screened as
# a person)
OFFICES = "残疾人联合会|残联|委员会|村委会?|居委会|办事处|人民政府|民政局|民政办|社会事务办"
OFFICE_LINE = rf"^.{{0,16}}?(?:{OFFICES})(?:[（(]?[盖公签]?章[)）]?)?$"
# a label and its colon (审核人：, 单位：人, 城厢镇：), which no name holds
_LABEL = r"[^\d：:]{1,12}[：:]"
_LABELLED = later(_LABEL)
# a section's heading: its number first (一、城厢镇, （二）那坡镇, 三.新华村), or 第一组, 第2村民
# 小组; a name and a colon at its end (城厢镇：, 新增人员：); places and the count of their people
# (城厢镇（15人）, 平孟镇—7人, 东风村委 5人); not a name and its note (黄秀英：低保户, 韦福（一户3
# 人）)
SECTIONS = (rf"^(?:[（(]?[一二三四五六七八九十]{{1,3}}[)）、.．](?:{_PLACE})+(?:[（(].*)?"
            # (a place before it too: 足荣镇第二批, the fifty-third tester's, screened)
            rf"|(?:{_PLACE})*第{COUNT}{{1,3}}(?:组|村民小组|片|片区|批|部分)|.{{0,8}}(?:人员|对象))$")
# the same, only where the row holds it alone: any text after its number (一、新增对象), a name
# and a colon (城厢镇：; 黄秀英： may be a person's name beside her cells)
LONE_SECTIONS = rf"^(?:[（(]?[一二三四五六七八九十]{{1,3}}[)）、.．].+|{_LABEL})$"
COUNTED = rf"^(?:{_PLACE})+[（(—\-]?共?{DIGIT}+[人户名][)）]?$"
# a cell beside a form's line or a totals row's first: a number, an amount, a count, a date, a
# label and its colon (审核人：李四, 单位：人); blank, or the same text (merged)
FORM_CELLS = 3  # cells a form's line or a totals row (but for TOTALS) holds at most
FORM_CELL = later(r"[\d\s.,，%‰元人户名个次年月日号\-/:：()（）共计约余]*"
                       rf"|{_LABEL}.*")
# a heading alone in the column of numbers (:meth:`Screener._people_only`): an office (东风村委),
# a kind of people (一级残疾人, 新增人员), places (城厢镇东风村, 新华村二组: one place may be a
# name, 黄文镇), a line (……); no name ends so or is one (黄秀英：低保户 is a name and its note)
HEADING = later(r"^[^：:（(\s]{0,12}(?:人员|对象|残疾人?|[低特五]保户|困难户|部分|片区|村委会?"
                     r"|居委会|街道办"
                     rf"|人民政府)$|^[…—\-_=.。·]+$|^(?:{_PLACE}){{2,}}$|"
                     # (a town, a township, a community alone in the column of numbers, above
                     # its people: 城厢镇, 那坡社区, the fifty-third tester's, screened as a
                     # person; 韦金村 there may be a name, and in the column of names is one)
                     r"^[^：:（(\s·\d]{1,6}?(?:镇|乡|社区|街道|街道办事处)$")
# an ID or certificate number in a cell (18 characters, or 20): a person's
ID_IN_CELL = later(r"(?<![0-9])[0-9]{17}[0-9Xx](?:[0-9]{2})?(?![0-9])")
# a cell that may be a totals row's, a note's or a section's first, as it is written (blanks,
# visible or not, before and inside the word): each distinct spelling is tested once; the rows
# with one are then looked at whole
_GAP = rf"[\s{INVISIBLE}]*"
TOTAL_CELL = f"^{_GAP}(?:" + "|".join(
    [*(_GAP.join(map(re.escape, w)) for w in TOTAL_WORDS + NOTE_WORDS + NOTE_LABELS),
     "汇总", "(?i:total)",
     ".{0,24}?(?:" + "|".join(_GAP.join(w) for w in (
         *NOTE_ROLES, "计", "計", "章", "签", "意见", "共", "页", "续")) + ")",
     f"注{_GAP}\\d", "[（(【\\[]", f"[男女]{_GAP}[：:]?{_GAP}{DIGIT}", f"[—\\-]{_GAP}以下",
     "(?i:page)", f"{DIGIT}{{4}}{_GAP}年", ".{2,24}?制$", ".{0,8}(?:人员|对象)$",
     f"年{_GAP}月", f"附{_GAP}件",
     f"第{_GAP}{COUNT}", f".{{1,12}}?第{_GAP}{COUNT}{{1,3}}{_GAP}(?:组|村民小组|片|批|部分)$",
     f"计{_GAP}[：:]", f"总{_GAP}人", "[—\\-_=─]{3}",
     f"{DIGIT}{{1,3}}{_GAP}/{_GAP}{DIGIT}{{1,3}}{_GAP}$", f"-{_GAP}{DIGIT}",
     f"{DIGIT}{{1,2}}{_GAP}[、.．]{_GAP}\\p{{Han}}", f".{{0,16}}?(?:{OFFICES})$",
     f"[一二三四五六七八九十]{{1,3}}{_GAP}[)）、.．]", _LABEL,
     f".{{0,16}}?{DIGIT}+{_GAP}[人户名]"]) + ")"
# a cell of blanks only, visible or not (an empty cell is null), or of a dash or a slash
# alone, as a sheet marks a cell left empty (-, —, /): a row of them is no person's
BLANK_CELL = rf"^[\s{INVISIBLE}]*(?:[{DASHES}]+[\s{INVISIBLE}]*)?$"
BLANK_EDGES = rf"^[\s{INVISIBLE}]+|[\s{INVISIBLE}]+$"
GAPS = rf"[\s{INVISIBLE}]+"  # blanks anywhere


class Marks(NamedTuple):
    """A column's tests for a row that is no person, or no living one (Screener._marks), each
    an expression true or false on every row, None where it cannot hold: whether the cell
    starts as a totals row's does, is blank, is the column's header, says the person died by
    the screening date, says the person died after it, and raises the person's death but
    doubts it (疑似死亡, 死亡（待核实）: :func:`.deaths.doubted`)."""

    total: pl.Expr | None
    blank: pl.Expr
    head: pl.Expr | None = None
    died: pl.Expr | None = None
    later: pl.Expr | None = None
    doubt: pl.Expr | None = None


class Died(NamedTuple):
    """The rows of a batch's people whose cells say the person died by the screening date
    (:meth:`Screener._people_only`): ``mask``, true on each, as long as the batch; ``why``,
    for each in order, which columns say it and their text, in the screener's language, and
    the columns that say otherwise (:meth:`Screener._why_died`): for the first only, as many
    as :attr:`RosterResult.dead` has room for."""

    mask: pl.Series
    why: list[str]


# a header of the people's names (姓名, 残疾人姓名, 持证人姓名)
# a name with a note in brackets after it, under 姓名 (农大明（已销户）): the note
NAMED_STATE = later(r"([^\s（(]{2,6})\s*[（(]([^()（）]+)[)）]")
NAME_HEADER = later(r"(?:残疾人|持证人|本人|申请人)?姓名")
# the column of the person's place in the household (与户主关系), and its cell where the person
# is the head: 户主已死亡 on that row is the person's death (:func:`.deaths.death`'s ``head``)
RELATION_HEADER = later(r"(?:与|和)?户主的?关系|与户主关系（?.*|家庭关系|成员关系")
# the column of the household head's name (户主, 户主姓名), whose death on the head's own row
# is the person's
HEAD_NAME_HEADER = later(r"户主(?:姓名|名字|名称)?")
HEAD_OF_HOUSEHOLD = later(r"本人|户主|户主本人|本人[(（]户主[)）]|户主[(（]本人[)）]")


# a cell written as an Excel date's serial number (45352, 45352.0)
SERIAL_TEXT = later(r"[0-9]{5}(?:\.0+)?")


def _before_birth(day: tuple[int, int | None, int | None] | None, born: dt.date) -> bool:
    """Whether a date of death (year, month, day as far as written: :func:`.deaths.
    date_of_death`) is before ``born``, at the precision written (2024年3月 is not before
    2024-03-20)."""
    if day is None:
        return False
    year, month, dd = day
    if year != born.year or month is None:
        return year < born.year
    if month != born.month:
        return month < born.month
    return dd is not None and dd < born.day


# a receipt or a support stopped or struck off, under 已享受生活补贴 or 是否特困 (停发,
# 生活补贴（已停发）, 已取消, 待遇终止, 到龄退出): read as no (by the cell's reader,
# columns.STOPPED), but why it stopped the clerk is to find out before contacting anyone, as the
# person may have died (the fifty-ninth and sixtieth testers', listed as owed without a word);
# a polars pattern too, so without the reader's look-behinds (_NOT_STOPPED instead)
STOP_WORDS = (r"停发|停發|停止|暂停|暫停|取消|终止|終止|注销|註銷|销户|銷戶|停保|减员|減員|核减|"
              r"退出|到龄|除名")
_NOT_STOPPED = later(r"(?:未|没有?|不|尚未|无)(?:" + STOP_WORDS + ")")


def stopped(text: str) -> bool:
    """Whether a receipt's cell says the payment stopped (:data:`STOP_WORDS`), not that it did
    not (未停发)."""
    plain = re.sub(GAPS, "", text)
    return re.search(STOP_WORDS, plain) is not None and _NOT_STOPPED.search(plain) is None


def _by(day: tuple[int, int | None, int | None], today: dt.date) -> bool:
    """Whether a date of death (year, month, day as far as written: :func:`.deaths.
    date_of_death`) may be by ``today``: its period's first day is (2026年 in December 2026
    is; 2026年12月 on the 2nd is; 2026-12-03 is not)."""
    year, month, dd = day
    return (year, month or 1, dd or 1) <= (today.year, today.month, today.day)


def _among(codes: pl.Expr, found: list[int]) -> pl.Expr | None:
    """Whether each of a dictionary-coded column's ``codes`` (its physical codes) is one of
    ``found``, false where blank; None where ``found`` is empty."""
    return codes.is_in(pl.Series(found, dtype=pl.UInt32)).fill_null(False) if found else None


def status_col(pid: str) -> str:
    return f"{pid}.status"


def amount_col(pid: str) -> str:
    return f"{pid}.amount"


def unclaimed_col(pid: str) -> str:
    return f"{pid}.unclaimed"


SHOWN = 20  # rows a report names at most where it lists them (:func:`row_list`)
DEAD_KEPT = 100_000  # rows left out as dead kept, with why and their cells, at most
WHY_CHARACTERS = 40  # of a cell quoted in why a row was left out as dead, at most


@dataclass(slots=True)
class DeadRows:
    """The rows left out as dead by the screening date (:meth:`Screener._dead_left_out`): a
    cell of theirs says so, or an earlier row of the person does. How many, and of the first
    ``keep`` (a hostile file may hold millions: the rest are counted only): each one's sheet
    row (:data:`~.files.ROW`), why, in the screener's language (``备注：“已死亡”``), and, for
    the people's result (:class:`Screener` with ``explain``), its cells as the people sheet
    shows them (:meth:`Screener._kept`): a frame per batch, their rows in order, one a row
    kept, every column text."""

    keep: int = field(default_factory=lambda: DEAD_KEPT)  # (read as each is made)
    count: int = 0
    rows: list[int] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    cells: list[pl.DataFrame] = field(default_factory=list)

    @property
    def room(self) -> int:
        """How many more rows are kept."""
        return max(0, self.keep - len(self.rows))

    def add(self, count: int, rows: list[int], why: list[str], cells: pl.DataFrame | None
            ) -> None:
        """Counts ``count`` rows left out, keeping ``rows``, ``why`` and ``cells`` (at most
        :attr:`room` of them, the caller's first ones; ``cells`` None: not kept)."""
        self.count += count
        self.rows += rows
        self.why += why
        if cells is not None and cells.height:
            self.cells.append(cells)

    def frame(self) -> pl.DataFrame | None:
        """The cells kept, one frame (None where none were)."""
        return pl.concat(self.cells, how="vertical_relaxed") if self.cells else None


@dataclass(slots=True)
class Noted:
    """Rows screened with a note of why they were looked at (:attr:`RosterResult.undone`,
    :attr:`RosterResult.doubted`): how many, and the first :data:`SHOWN` sheet rows."""

    count: int = 0
    rows: list[int] = field(default_factory=list)

    def add(self, rows: list[int]) -> None:
        """Counts ``rows`` (sheet rows, in order), keeping the first :data:`SHOWN`."""
        self.count += len(rows)
        self.rows += rows[:max(0, SHOWN - len(self.rows))]


@dataclass(slots=True)
class RosterResult:
    """What screening a roster found. ``frame`` holds the result rows only when the roster was
    screened in memory (:func:`screen_roster`); batches are written as they come otherwise."""

    mapping: ColumnMap
    rows: int = 0
    facts: list[str] = field(default_factory=list)  # facts read or derived
    receives: list[str] = field(default_factory=list)  # programs with a receives column
    passed_through: list[str] = field(default_factory=list)  # headers copied unread
    fallback: dict[str, str] = field(default_factory=dict)  # program -> why per person
    problems: Problems = field(default_factory=Problems)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # program -> status -> n
    unclaimed: dict[str, int] = field(default_factory=dict)  # program -> people
    # program (with a receives column) -> people who qualify but whose receipt is unknown (its
    # cell blank or not read: a list that ticks only who receives leaves the rest blank)
    receipt_unknown: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    frame: pl.DataFrame | None = None
    totals: list[int] = field(default_factory=list)  # sheet rows of 合计/小计 rows, not screened
    blank: int = 0  # rows whose every cell is blank, not screened
    headers: list[int] = field(default_factory=list)  # sheet rows repeating the header
    titles: list[int] = field(default_factory=list)  # sheet rows of a title above a repeat
    notes: list[int] = field(default_factory=list)  # sheet rows of 制表人/审核人/填表日期 …
    numbers: list[int] = field(default_factory=list)  # sheet rows of the columns' numbers
    units: list[int] = field(default_factory=list)  # sheet rows of the columns' units (（是/否）)
    # the rows of people said to have died by the screening date, with why (:class:`DeadRows`)
    dead: DeadRows = field(default_factory=DeadRows)
    unfilled: list[int] = field(default_factory=list)  # sheet rows holding a 序号 alone
    sections: list[int] = field(default_factory=list)  # sheet rows of 一、城厢镇, 第一组
    # rows whose ID number a row above holds (:mod:`.repeats`): how many, and the first few
    # (row, the row above)
    repeated: int = 0
    repeats: list[tuple[int, int]] = field(default_factory=list)
    # rows left out as dead whose person an earlier row says died too (row, that row), and
    # those whose person an earlier row holds that was screened, as written before them
    # (row, the row screened): the clerk is to look at that row's result
    repeats_dead: Pairs = field(default_factory=Pairs)
    dead_after_screened: Pairs = field(default_factory=Pairs)
    # rows of a roll-up sheet read last whose person is on another sheet: not screened again
    rolled: list[int] = field(default_factory=list)
    # rows saying a death by the screening date that a column of the date of death dates after
    # it: screened, each with a note (Screener._why_undone)
    undone: Noted = field(default_factory=Noted)
    # rows raising the person's death that doubt it (疑似死亡, 是（待核实）) or that another
    # column of the person denies (死亡日期 2024-03-01 beside 人员状态 正常): screened, each with
    # a note (Screener._why_doubted, Screener._disputed), as no living person is left out on a
    # doubtful reading (the forty-eighth tester's, left out as dead or listed without a word)
    doubted: Noted = field(default_factory=Noted)
    # of those, the people counted as qualifying and not receiving some program (the
    # fifty-first tester's: the summary's count of them held these without a word)
    doubted_owed: int = 0

    @property
    def died(self) -> list[int]:
        """The sheet rows of people said to have died by the screening date, in order (the
        first :data:`DEAD_KEPT`; :attr:`dead` counts them all)."""
        return self.dead.rows

    def skipped(self, _: Gettext) -> list[str]:
        """The rows of the list that were no person and so not screened, a sentence for each
        kind (totals rows, the form's notes, rows repeating the header, title rows above them,
        rows of the columns' numbers under a header, rows with a 序号 alone, sections'
        headings, rows of people who died, blank rows), each naming the first rows and, where
        there are more, how many (:func:`row_list`), in the reader's language: as the command
        prints them, the upload page shows them and the .xlsx summary sheet lists them (the
        dead, each with why: :meth:`dead_listed`)."""
        kinds = [(rows, said, len(rows)) for rows, said in (
            (self.totals, _("第 {rows} 行是合计行，没有筛查。")),
            (self.headers, _("第 {rows} 行重复了表头，没有筛查。")),
            (self.notes, _("第 {rows} 行是制表人、审核人、填表日期等表格说明，没有筛查。")),
            (self.titles, _("第 {rows} 行在重复的表头上方，像是名单的标题，没有筛查。")),
            (self.numbers, _("第 {rows} 行在表头下方，是各列的编号（1、2、3……），没有筛查。")),
            (self.units,
             _("第 {rows} 行在表头下方，是各列的单位或填法（如“（是/否）”），没有筛查。")),
            (self.unfilled, _("第 {rows} 行除了序号都是空的，没有筛查。")),
            (self.sections, _("第 {rows} 行是分段的标题（如“一、城厢镇”），没有筛查。")),
            (self.rolled, _("第 {rows} 行在汇总工作表里，这个人在别的工作表里已有，没有再筛查。")),
            ) if rows]
        if self.died:  # (the first kept only: all counted)
            kinds.append((self.died, _("第 {rows} 行写着这个人已经去世（如“已死亡”），没有筛查。"),
                          self.dead.count))
        # in the order of their first rows, as a clerk goes down the sheet; blank rows last
        label = partial(self.mapping.row_text, _=_)
        said = [said.format(rows=row_list(rows, _, label=label, total=total))
                for rows, said, total in sorted(kinds, key=lambda kind: kind[0][0])]
        if self.blank:
            said.append(_("另有 {n} 个空行，没有筛查。").format(n=self.blank))
        return said

    def repeats_note(self, _: Gettext) -> str:
        """That some rows repeat an ID number a row above holds, naming the first few pairs
        ("" where none does): they were screened and counted; and, of the rows left out as
        dead, those whose person a row above holds that was screened (the clerk is to look at
        its result: it was written before the row saying the death came), and those whose
        person a row above says died; as the command prints it, the upload page shows it and
        the .xlsx summary sheet lists it."""
        said = []
        for count, first, sentence in (
                (self.repeated, self.repeats,
                 _("有 {n} 行的身份证号和上面某一行的相同，可能是同一个人写了两遍：{pairs}。"
                   "这些行都照常筛查了，人数里也都算了。")),
                (self.dead_after_screened.count, self.dead_after_screened.first,
                 _("有 {n} 行写着这个人已经去世，没有筛查，但上面有同一个人（身份证号相同）"
                   "的行照常筛查了：{pairs}。请核对上面那一行的结果。")),
                (self.repeats_dead.count, self.repeats_dead.first,
                 _("有 {n} 行的身份证号和上面写着已经去世的某一行相同，也当作已经去世，没有"
                   "筛查：{pairs}。"))):
            if count:
                said.append(sentence.format(n=count, pairs=self._pairs(first, count, _)))
        label = partial(self.mapping.row_text, _=_)
        if self.undone.count:
            said.append(_("第 {rows} 行写着这个人已经去世，但死亡日期在筛查日期之后，按筛查日期时"
                          "在世照常筛查了，请核对（见各行的说明）。").format(rows=row_list(
                              self.undone.rows, _, label=label, total=self.undone.count)))
        if self.doubted.count:
            said.append(_("第 {rows} 行写着这个人可能已经去世（如“疑似死亡”“死亡待核实”，或各列说法"
                          "不一），没有确定，照常筛查了：联系这些人之前请先核实（见各行的说明）。"
                          ).format(rows=row_list(self.doubted.rows, _, label=label,
                                                 total=self.doubted.count)))
            if self.doubted_owed:
                said.append(_("其中 {n} 人算在了“符合但未享受”的人数里。").format(
                    n=self.doubted_owed))
        return " ".join(said)

    def _pairs(self, first: list[tuple[int, int]], count: int, _: Gettext) -> str:
        """The ``first`` (row, earlier row) of ``count`` as a report names them (第 4 行同第 2
        行；…), then …… where there are more."""
        text = _("；").join(_("第 {row} 行同第 {earlier} 行").format(
            row=self.mapping.row_text(row, _), earlier=self.mapping.row_text(earlier, _))
            for row, earlier in first)
        return text + (_("……") if count > len(first) else "")

    def dead_listed(self, _: Gettext, at_most: int = SHOWN, sheet: str | None = None
                    ) -> list[str]:
        """The rows left out as dead for a clerk to review, each with why (第 2 行：备注：
        “已死亡”), the first ``at_most``; then, where there are more, how many in all; then,
        with ``sheet`` (the .xlsx result's sheet of them), that every one is listed there.
        [] where none was. As the command prints them under :meth:`skipped`'s sentences, the
        upload page lists them and the .xlsx summary sheet."""
        if not self.dead.count:
            return []
        said = [_("第 {row} 行：{why}").format(row=self.mapping.row_text(row, _), why=why)
                for row, why in zip(self.dead.rows[:at_most], self.dead.why, strict=False)]
        if self.dead.count > len(said):
            said.append(_("……共 {n} 行写着这个人已经去世，这里只列出前 {shown} 行。").format(
                n=self.dead.count, shown=len(said)))
        if sheet is not None:
            said.append(_("写着已经去世、没有筛查的各行，连同原因和原来的各格，列在结果文件的"
                          "“{sheet}”工作表里。").format(sheet=sheet))
        return said

    def absent(self, book: Rulebook) -> dict[str, list[str]]:
        """Per program some of whose people came out undetermined, the facts its rules read
        that the roster has no column for and does not derive (:attr:`facts`), in the
        rulebook's order: the columns that would settle more of them (领孤儿基本生活费, in a
        list without it, leaves everyone's living subsidy undetermined)."""
        have = set(self.facts)
        out: dict[str, list[str]] = {}
        for pid, counts in self.counts.items():
            program = book.programs.get(pid)
            if program is None or not counts.get(UNDETERMINED):
                continue
            used = set(program.facts_used) | set(program.amount_facts)
            missing = [f for f in book.facts if f in used and f not in have]
            if missing:
                out[pid] = missing
        return out


def column_names(book: Rulebook, facts: list[str], _: Gettext) -> str:
    """Facts as a list heads the columns that give them: the identity column a fact is read
    from as lists hold it (户籍地址 for hukou and county, whose own column takes 百色市 and
    the like only; 残疾人证号 for the certificate and its category and grade; 身份证号 for
    age: :data:`~.derive.GIVEN_BY`), else the fact's first name in ``aliases:`` of
    rules/facts.yaml (孤儿基本生活费), else its id; each once, ``、`` between them."""
    names = [IDENTITY[GIVEN_BY[f]][0] if f in GIVEN_BY else
             next((a for a in book.facts[f].aliases), f) if f in book.facts else f
             for f in facts]
    return _("、").join(dict.fromkeys(names))


def row_list(rows: list[int], _: Gettext, at_most: int = SHOWN,
             label: Callable[[int], str] = str, total: int | None = None) -> str:
    """Sheet row numbers for people: ``4、9、15`` (``4, 9, 15`` in English), each as ``label``
    writes it (with its sheet, where several were read: :meth:`~.headers.ColumnMap.row_text`);
    where there are more than ``at_most``, the first of them and how many in all (``total``,
    where ``rows`` holds only the first): ``2、3、5 等 57`` for ``at_most`` 3, read in a
    sentence as 第 2、3、5 等 57 行."""
    total = len(rows) if total is None else total
    shown = few([label(row) for row in rows[:at_most]], _, at_most)
    if total <= min(len(rows), at_most):
        return shown
    return _("{rows} 等 {n}").format(rows=shown, n=total)


Progress = Callable[[float], None]  # the share of the work done, 0–1


def output_columns(book: Rulebook) -> list[str]:
    cols = []
    for pid in book.programs:
        cols += [status_col(pid), amount_col(pid), unclaimed_col(pid)]
    return cols + [UNCLAIMED_ALL, ERRORS]


def only(book: Rulebook, programs: list[str] | None) -> Rulebook:
    """The rulebook with only ``programs`` (ids already checked), or all of them."""
    import dataclasses

    if programs is None:
        return book
    return dataclasses.replace(book, programs={p: book.programs[p] for p in programs})


class Screener:
    """Screens a roster batch by batch (:class:`app.roster.files.Batch`), given its column
    mapping; counts statuses, unclaimed programs and bad cells as it goes.

    Each batch's result holds the columns passed through and the identity columns (or, with
    ``keep_facts``, every column of the roster), in the roster's order, named by their
    headers, then the results."""

    def __init__(self, book: Rulebook, mapping: ColumnMap, on: dt.date, _: Gettext,
                 lang: str = "zh-Hans", keep_facts: bool = False,
                 names: Names | None = None, explain: bool = False,
                 today: dt.date | None = None) -> None:
        self.book, self.mapping, self.on, self._, self.lang = book, mapping, on, _, lang
        # the day the roster is screened on, where the caller reads the clock (the command,
        # the upload): a death dated after the screening date but by then is noted
        self.today = today
        self.keep_facts = keep_facts
        headers = [c.header for c in mapping.columns]
        clash = sorted(set(headers) & {*output_columns(book), *([NEEDS] if explain else [])})
        if clash:
            raise RosterError(_("名单中已有结果列：{columns}。请删除或改名后再试。").format(
                columns=", ".join(clash)))
        self.readers: list[tuple[Column, CellReader]] = []
        names = names or Names.of(book)
        self._names = lambda text: (names.target(text) or (None, ""))[0]
        for c in mapping.read:
            assert c.target is not None
            if place_column(c):
                continue  # a 户籍 column: read as an address is (see derive)
            if c.target in book.facts:
                fdef = book.facts[c.target]
            elif c.target.startswith(RECEIVES) and c.target[len(RECEIVES):] in book.programs:
                fdef = boolean_def()
            else:
                continue  # identity columns: see derive
            self.readers.append((c, CellReader(book, c.target, fdef, on, lang, c.header,
                                               self._names, c.pair, c.ticked)))
        # the columns read fact by fact: dictionary-coded by the reader (few spellings each)
        self.coded = frozenset(c.index for c, _r in self.readers)
        # the columns copied into the result: the roster's own (names, notes), and its identity
        # columns (身份证号, 残疾人证号, 户籍地址), by which a clerk finds each person's row (two of
        # one name: the fifteenth tester's); with keep_facts, every column
        self.kept = mapping.columns if keep_facts else [
            c for c in mapping.columns
            if c.target is None or c.target in IDENTITY or place_column(c)]
        # those the reader may parse itself where written as a machine writes them (true, 42):
        # yes/no and number facts whose cells are not copied into the result as written
        kept = {c.index for c in self.kept}
        self.typed = {c.index: typed for c, r in self.readers
                      if c.index not in kept and not r.worded
                      and (typed := typed_read(r.fdef)) is not None}
        self.derived = Deriver(book, mapping, on, lang)
        # with ``explain``, each program's facts the roster gives, by the columns that give
        # them (a derived fact by its identity column: age by 身份证号): :meth:`_needs`
        self._needs: pl.Expr | None = _needs_expr(book, self._gives(mapping), _("、")) \
            if explain else None
        self.repeats = Repeats(mapping)
        # the people a workbook's sheet of the dead lists (:mod:`.gone`): key, why
        self._listed = listed_dead(mapping.sheets.dead_lists, on, _) \
            if mapping.sheets.dead_lists and self.repeats.active else None
        facts = [c.target for c, _r in self.readers if c.target in book.facts]
        self.result = RosterResult(
            mapping, facts=sorted(set(facts) | set(self.derived.facts), key=list(book.facts).index),
            receives=[c.target[len(RECEIVES):] for c, _r in self.readers
                      if c.target not in book.facts],
            passed_through=[c.header for c in mapping.passed])
        self.result.counts = {p: dict.fromkeys(STATUSES, 0) for p in book.programs}
        self.result.unclaimed = dict.fromkeys(book.programs, 0)
        self.result.receipt_unknown = dict.fromkeys(
            (p for p in self.result.receives if p in book.programs), 0)
        self.seconds = {"parse": 0.0, "compute": 0.0}
        self._compiled: dict[tuple[tuple[str, int], ...], tuple[
            dict[str, tuple[pl.Expr, pl.Expr | None]], dict[str, str], set[str],
            frozenset[str]]] = {}
        self._passes = implication_passes(book)
        # a dictionary-coded column's spellings tested (_spellings), by its dictionary and its
        # header: how many, the codes of totals words, of blanks, of the header, of deaths by
        # the screening date, of deaths after it and of deaths doubted, and an empty column of
        # the dictionary, which polars keeps only while a column uses it
        self._seen: dict[tuple[pl.Categories, str], tuple[
            int, list[int], list[int], list[int], list[int], list[int], list[int],
            pl.Series]] = {}
        # each column's header, as a row that repeats it holds it (None where blank)
        self._headers = {col(c.index): c.written for c in mapping.columns}
        # what each column says of a death, by its header (.deaths.column_kind: 是否死亡,
        # 死亡日期 …; on two rows, by both: _death_kind), and whether it is another person's
        # (监护人: no death there is the person's)
        self._death_kind = {col(c.index): death_kind(c) for c in mapping.columns}
        # the column of the household head's name (户主, 户主姓名): another's, but on the head's
        # own row the person's (农大明（已故） under 户主 where 姓名 is 农大明, or 与户主关系 户主:
        # the fifty-sixth tester's, listed as owed); read as the names are (_deaths)
        self._head_name_col = next(
            (col(c.index) for c in mapping.columns
             if HEAD_NAME_HEADER.fullmatch(re.sub(GAPS, "", c.written or ""))), None)
        # (not one a columns file or the admin says is a death's: Column.death_as)
        chosen = {col(c.index) for c in mapping.columns if c.death_as}
        self._other = {name for name, h in self._headers.items() if h and other_person(h)
                       and name != self._head_name_col and name not in chosen}
        # the column of people's names (姓名), whose name a note's death of a name is held
        # against (:func:`.deaths.names_someone`: 王大明已故 beside 王小明)
        self._name_col = next((col(c.index) for c in mapping.columns
                               if NAME_HEADER.fullmatch(re.sub(GAPS, "", c.written or ""))),
                              None)
        self._head_col = next((col(c.index) for c in mapping.columns
                               if RELATION_HEADER.fullmatch(re.sub(GAPS, "", c.written or ""))),
                              None)
        # each column's header as the result names it (a row left out as dead says which)
        self._named = {col(c.index): c.header for c in mapping.columns}
        # and without any blank ("姓  名" repeats 姓名), and what each read column is read as (a
        # second list may word its header otherwise: 身份证号 for 公民身份号码)
        self._squeezed = {name: re.sub(GAPS, "", h) for name, h in self._headers.items() if h}
        # a header on two rows: either row's text over the column ("残疾情况", "类别")
        self._parts = {col(c.index): {re.sub(GAPS, "", p) for p in c.parts}
                       for c in mapping.columns if c.parts}
        self._targets = {col(c.index): c.target for c in mapping.read}
        # a 是 | 否 pair's group name (是否低保), by the fact it gives
        self._pairs = {c.target: c.parts[0] for c in mapping.read if c.pair}
        # the facts read from one of their kinds alone (农村低保 without 城市低保): its 否 says
        # only that the household is not on that kind, so the fact is unknown
        self._one_kind = lone_kinds(mapping)
        self._held: Batch | None = None  # rows held back from the batch before (carry)
        # the rows of the batch being screened whose death a date after the screening date
        # undoes (_people_only), by their sheet row: the note each is screened with
        self._undone: dict[int, str] = {}
        # likewise, those screened though a cell raises the person's death: doubting it
        # (疑似死亡) or saying it where another column says the person lives (_why_doubted,
        # _disputed)
        self._doubts: dict[int, str] = {}
        # a CSV's rows with fewer cells than its header: (cells, the header's), by sheet row
        # (:meth:`~.files.Opened.short_rows`), each noted as a bad cell (_short_cells)
        self.short: dict[int, tuple[int, int]] = {}
        # whether each column is of the person's state or a note (_lives), as first asked
        self._state: dict[str, bool] = {}
        # and its cells under a column asking of a death that say nothing read (★, ？: the
        # forty-sixth tester's, silent): (sheet row, column, text), each reported as a bad cell
        self._unread: list[tuple[int, str, str]] = []
        self._first = True  # no batch screened yet: its first row is just under the header
        # the column of people's numbers in the list (序号), by its header
        self._seq = next((col(c.index) for c in mapping.columns
                          if is_seq_header(c.header)), None)
        written = sum(h is not None for h in self._headers.values())
        self._numbered = max(3, math.ceil(2 * written / 3))  # cells a numbering row fills
        # where several sheets of an .xlsx are read, the result's first column names each
        # row's sheet (the roster's own row numbers repeat from sheet to sheet)
        self._sheet_of: pl.Expr | None = None
        # the header rows of the sheets read after the first (as numbered in ROW), whose next
        # row, the first of theirs, is yet to come: it may number the columns (1, 2, 3 …)
        sheets = mapping.sheets
        self._sheet_heads = [(place + 1) * SHEET_ROWS + o.header_row
                             for place, o in enumerate(sheets.others)]
        # the places in the reading order of the roll-ups read last (:mod:`.sheets`): their
        # people already on another sheet are not screened again
        self._rollups = frozenset(place for place, k in enumerate(sheets.order)
                                  if k in sheets.rollups)
        if sheets.several:
            taken = {c.header for c in self.kept}
            name = next(n for k in range(len(taken) + 2)
                        if (n := _("工作表") + (f"（{k}）" if k else "")) not in taken)
            self._sheet_of = (pl.col(ROW) // SHEET_ROWS).replace_strict(
                list(range(len(sheets.order))), [sheets.names[k] for k in sheets.order],
                return_dtype=pl.String).alias(name)

    def carry(self, batch: Batch) -> list[Batch]:
        """The batches to screen for ``batch``: it after the rows held back from the batch
        before it, less the rows at its end that may be the title of a list joined below it
        (:func:`_may_be_title`, at most :data:`HELD_ROWS`), held back in turn: a title is
        told by the repeated header under it (:func:`_titles_above`), which the next batch may
        begin with; none that is left with no row. A file read in batches passes each through
        this, then screens what :meth:`rest` gives at its end. (Where the reader changed how
        it reads a column part way, the rows held back are screened on their own, first.)"""
        held, self._held = self._held, None
        first = []
        if held is not None and held.frame.schema != batch.frame.schema:
            first, held = [held], None
        if held is not None:
            batch = Batch(pl.concat([held.frame, batch.frame]),
                          held.problems + [(k + held.frame.height, i, p)
                                           for k, i, p in batch.problems],
                          held.blank + batch.blank)
        return [b for b in (*first, self._hold_end(batch)) if b.frame.height or b.blank]

    def _hold_end(self, batch: Batch) -> Batch:
        """``batch`` less the rows at its end that may be a title, kept in :attr:`_held`: at
        most :data:`HELD_ROWS` of them with text, and the blank rows among them."""
        frame = batch.frame
        cells = [c for c in frame.columns if c != ROW]
        window, held = 64, 0  # rows looked at from the end; of them, the rows held back
        while cells:
            tail = frame.tail(window).select(_texts(cells)).rows()
            held, filled = 0, 0
            for row in reversed(tail):
                texts = {v for v in row if v is not None}
                filled += bool(texts)
                if filled > HELD_ROWS or not _may_be_title(texts):
                    break
                held += 1
            if held < len(tail) or window >= frame.height:
                break
            window *= 4  # (blank rows all the way up: look further)
        if not held:
            return batch
        at = frame.height - held  # the first row held back
        self._held = Batch(frame.slice(at), [(k - at, i, p) for k, i, p in batch.problems
                                             if k >= at])
        return Batch(frame.slice(0, at), [(k, i, p) for k, i, p in batch.problems if k < at],
                     batch.blank)

    def rest(self) -> Batch | None:
        """The rows held back at the end of the file (:meth:`carry`), or None."""
        held, self._held = self._held, None
        return held

    def batch(self, batch: Batch) -> pl.DataFrame:
        """The result rows of one batch."""
        import time

        t0 = time.perf_counter()
        batch, died = self._people_only(batch)
        if self._listed is not None and self._listed.height:
            died = self._listed_as_dead(batch, died)
        again = None  # the rows whose person a row above holds (:mod:`.repeats`)
        if self.repeats.active:  # (the rows saying a death among them: the person's rows too)
            again = self.repeats.batch(batch.frame, None if died is None else died.mask)
        if died is not None or again is not None and \
                again.get_column("dead").null_count() < again.height:
            batch, again = self._dead_left_out(batch, died, again)
        if again is not None:
            if self._rollups and again.height:
                batch, again = self._rolled_up(batch, again)
            self.repeats.screened(again)
        book, raw = self.book, batch.frame
        n = raw.height
        # one column after another: a column's reading is a few small polars calls (a lookup of
        # its dictionary's values), and a pool of threads cost more in switching and in the GIL
        # than it saved (44 against 59 ms a batch of 250,000 rows, 22 columns, on 2 cores)
        parsed = [parse_column(raw.get_column(col(c.index)), r) for c, r in self.readers]
        grouped = read_together(parsed)
        together = [ParsedColumn(p.name, pl.select(pl.when(p.value).then(True)).to_series()
                                 .alias(p.name), p.scale, header=p.header)
                    if p.name in self._one_kind else p for p in grouped.columns]
        facts = [p for p in together if p.name in book.facts]
        receives = {p.name[len(RECEIVES):]: p for p in together if p.name not in book.facts}
        facts, extra = self.derived.apply(raw, facts, [(k, i) for k, i, _p in batch.problems])
        extra += _cell_problems(batch, self.mapping, self._)
        if self._unread:
            extra += self._unread_cells(raw.get_column(ROW))
        if self.short:
            extra += self._short_cells(raw.get_column(ROW))
        extra += [ParsedColumn("__pair", pl.Series([], dtype=pl.Null), 0, rows.to_list(), [
            self._("{column}: “是”和“否”两列都打了勾，不知道是哪一个。").format(
                column=self._pairs[name])] * rows.len()) for name, rows in grouped.ticked.items()]
        extra += [ParsedColumn("__amount", pl.Series([], dtype=pl.Null), 0, rows.to_list(), [
            self._("{column}: 和“{amount}”不一致（一列说享受，另一列说没有，或金额是 0），不知道"
                   "哪个对，按不知道处理。").format(column=said, amount=amount)] * rows.len())
            for rows, said, amount in grouped.disagree.values()]
        ctx = exprs.Context(self.on, {n_: f.type for n_, f in book.facts.items()},
                            {p.name: p.scale for p in facts if p.scale})
        plans, fallback, amount_fallback, read = self._plans(ctx)
        # the facts the roster has no column for, as blank columns: those the compiled rules
        # and the implications read (all of them where a program is left to the engine)
        present = {p.name for p in facts}
        absent = [pl.lit(None, dtype=dtype_of(fdef)).alias(name)
                  for name, fdef in book.facts.items() if name not in present and name in read]
        typed = pl.DataFrame([p.value for p in facts] + [p.value for p in receives.values()]
                             or [pl.Series("__n", range(n))]).with_columns(absent)
        typed = _with_implied(book, typed, ctx, self._passes)
        rownums = raw.get_column(ROW)
        errors = _row_errors([*parsed, *extra], rownums, self.result.problems)
        if again is not None:
            errors = self._repeated(errors, again)
        if self._undone:  # (a death said, undone by a later date of death: screened, noted)
            self._undone, undone = {}, self._undone
            errors = self._noted(errors, rownums, undone, self.result.undone)
        doubted_at = None  # (the rows noted so, whose qualifying but not receiving is told)
        if self._doubts:  # (a death doubted, or said and denied: screened, noted)
            self._doubts, doubts = {}, self._doubts
            doubted_at = rownums.is_in(list(doubts))
            errors = self._noted(errors, rownums, doubts, self.result.doubted)
        t1 = time.perf_counter()
        # (copies: the compiled plans' own are kept for the next batch, and an amount whose
        # arithmetic overflows as it is run is added to these for this batch)
        fallback = dict(fallback)
        out = _screen_all(book, typed, self.on, plans, fallback, set(amount_fallback),
                          list(receives), errors)
        if doubted_at is not None:
            self.result.doubted_owed += int(out.filter(doubted_at).select(
                pl.col(UNCLAIMED_ALL).fill_null("") != "").to_series().sum())
        self.result.fallback.update(fallback)
        if self._needs is not None:
            out = out.with_columns(pl.concat([typed, out], how="horizontal")
                                   .select(self._needs).to_series())
        kept = self._kept(batch)
        frame = pl.concat([kept, out], how="horizontal") if kept.width else out
        self._count(frame)
        self.result.rows += n
        self.seconds["parse"] += t1 - t0
        self.seconds["compute"] += time.perf_counter() - t1
        return frame

    def _kept(self, batch: Batch) -> pl.DataFrame:
        """The cells of ``batch`` copied into the result (:attr:`kept`), as text, named by
        their headers, after the column naming each row's sheet where several were read, with
        what the sheet shows in a cell not read (:meth:`_shown`)."""
        kept = batch.frame.select(([self._sheet_of] if self._sheet_of is not None else [])
                                  + [pl.col(col(c.index)).cast(pl.String).alias(c.header)
                                     for c in self.kept])
        return self._shown(kept, batch)

    def _shown(self, kept: pl.DataFrame, batch: Batch) -> pl.DataFrame:
        """The columns copied into the result with what the sheet shows in a cell that was
        not read but is worth copying (:attr:`~.xlsx.CellProblem.shown`: an 18-digit ID
        number in a number cell, as the file writes it, 451026197001013012 or 4.51026197E+17:
        said on the row, never read, but not left blank either)."""
        names = {c.index: c.header for c in self.kept}
        shown: dict[str, list[tuple[int, str]]] = {}
        for k, i, p in batch.problems:
            if p.shown is not None and i in names:
                shown.setdefault(names[i], []).append((k, p.shown))
        return kept.with_columns(
            kept.get_column(name).scatter([k for k, _v in cells], [v for _k, v in cells])
            for name, cells in shown.items()) if shown else kept

    def _gives(self, mapping: ColumnMap) -> dict[str, list[str]]:
        """Each fact the roster gives, with the headers of the columns that give it, in the
        roster's order: its own (one or several: a fact's kinds), and the identity columns it
        is derived from (:class:`~.derive.Deriver`: age from 身份证号, 残疾人证号 or 出生日期;
        hukou and county from 户籍地址; the certificate's facts from 残疾人证号). Where hukou
        and county come only from where the card was issued (a Baise county's: no address
        column), an ID number issued elsewhere is no cell to fill in: the address column is
        named, as the list's lack, last."""
        read = {c.index for c, _r in self.readers if c.target in self.book.facts}
        derived = set(self.derived.facts)
        gives: dict[str, list[str]] = {}
        for c in mapping.columns:
            facts = [c.target] if c.index in read else [
                f for f in DERIVED_FROM.get(c.target or "", ()) if f in derived]
            for fact in facts:
                assert fact is not None
                gives.setdefault(fact, []).append(c.header)
        for fact in ("hukou", "county"):
            if fact in derived and fact not in gives:
                gives[fact] = [self._("{column}（名单里没有这一列）").format(
                    column=IDENTITY[ADDRESS][0])]
        return gives

    def _rolled_up(self, batch: Batch, again: pl.DataFrame) -> tuple[Batch, pl.DataFrame]:
        """``batch`` without the rows of a roll-up read last (:mod:`.sheets`) whose person a
        row above holds (kept in :attr:`RosterResult.rolled`), and ``again`` (:mod:`.repeats`)
        without them, its positions in the batch left."""
        rows = batch.frame.get_column(ROW)
        places = again.get_column("row") // SHEET_ROWS
        # (on a roll-up, with the person first on another sheet: one written twice on the
        # roll-up itself is a repeat as on any sheet)
        rolled = places.is_in(list(self._rollups)) & (
            again.get_column("earlier") // SHEET_ROWS != places)
        if not rolled.any():
            return batch, again
        mask = pl.repeat(False, rows.len(), dtype=pl.Boolean, eager=True).scatter(
            again.get_column("pos").filter(rolled), True)
        self.result.rolled += again.get_column("row").filter(rolled).to_list()
        return _left_out(batch, mask), _moved_up(again.filter(~rolled), mask)

    def _dead_left_out(self, batch: Batch, died: Died | None, again: pl.DataFrame | None
                       ) -> tuple[Batch, pl.DataFrame | None]:
        """``batch`` without its rows left out as dead: those saying the person died by the
        screening date (``died``, :meth:`_people_only`), and those whose person an earlier row
        says so (``again``'s ``dead``, :meth:`.repeats.Repeats.batch`); each counted in
        :attr:`RosterResult.dead`, the first kept with why: its own cells' (``died.why``),
        and the earlier row of the person, where there is one, the one saying the death or,
        where none does, the one screened (a pair of :attr:`RosterResult.repeats_dead` or
        :attr:`RosterResult.dead_after_screened`). ``again`` (None where the roster names no
        person) is returned without them, its positions those in the batch left."""
        n = batch.frame.height
        mask = died.mask.clone() if died is not None else \
            pl.repeat(False, n, dtype=pl.Boolean, eager=True)
        # (why, of the first only: those kept)
        own = dict(zip(mask.arg_true().to_list(), died.why, strict=False)) if died else {}
        gone = None  # the rows of ``again`` left out as dead
        if again is not None and again.height:
            is_dead = again.get_column("dead").is_not_null() | mask.gather(
                again.get_column("pos"))
            gone = again.filter(is_dead)
            mask = mask.scatter(gone.get_column("pos"), True) if gone.height else mask
            again = _moved_up(again.filter(~is_dead), mask)
        dead = self.result.dead
        at = mask.arg_true()
        keep = at.head(dead.room).to_list()
        why = [own.get(k, "") for k in keep]
        if gone is not None and gone.height:
            self.result.repeats_dead.add(gone.filter(pl.col("dead").is_not_null())
                                         .select("row", "dead"))
            self.result.dead_after_screened.add(gone.filter(pl.col("dead").is_null())
                                                .select("row", "earlier"))
            place = {k: i for i, k in enumerate(keep)}
            for k, earlier, dead_row, by_cert in gone.filter(
                    pl.col("pos").is_in(keep)).select("pos", "earlier", "dead", "by_cert"
                                                      ).iter_rows():
                why[place[k]] = self._("；").join(w for w in (
                    why[place[k]], self._repeat_why(by_cert, earlier, dead_row)) if w)
        rows = batch.frame.get_column(ROW)
        cells = None
        if self._needs is not None and keep:  # (the people's result: their cells too)
            alone = _left_out(batch, ~mask)
            cells = self._kept(Batch(alone.frame.head(len(keep)),
                                     [p for p in alone.problems if p[0] < len(keep)]))
        dead.add(at.len(), rows.gather(keep).to_list(), why, cells)
        return _left_out(batch, mask), again

    def _listed_as_dead(self, batch: Batch, died: Died | None) -> Died | None:
        """``died`` (:meth:`_people_only`'s) with the rows of ``batch`` whose person a sheet of
        the dead lists (:func:`.gone.listed_dead`), each with where it lists them beside what
        its own cells say (for the first, as many as :attr:`RosterResult.dead` keeps). A row
        is its person's by its ID number (:meth:`.repeats.Repeats.person_keys`), or by its
        certificate number where that names another person the sheet lists and the two are not
        two people's (:func:`.gone.two_people`: the ID number mistyped, the forty-sixth
        tester's, screened)."""
        key, _by_cert = self.repeats.person_keys()
        frame = batch.frame.select(key.alias("key")).with_row_index("pos")
        found = frame.filter(pl.col("key").is_not_null()).with_columns(
            pl.col("key").hash(SEED)).join(self._listed, on="key", how="inner")
        ids, certs = self.repeats.id_col, self.repeats.cert_col
        if ids is not None and certs is not None:
            by_cert = batch.frame.select(person_key(None, pl.col(col(certs.index)))[0]
                                         .alias("key")).with_row_index("pos")
            more = by_cert.filter(pl.col("key").is_not_null() & (
                pl.col("key") != frame.get_column("key")).fill_null(True)).with_columns(
                pl.col("key").hash(SEED)).join(self._listed, on="key", how="inner").filter(
                ~pl.col("pos").is_in(found.get_column("pos").implode()))
            if more.height:
                cells = batch.frame[more.get_column("pos")].select(
                    col(ids.index), col(certs.index)).rows()
                more = more.filter(pl.Series([not two_people(a, b) for a, b in cells],
                                             dtype=pl.Boolean))
                found = pl.concat([found, more.select(found.columns)]).sort("pos")
        doubt = found.filter(pl.col("doubt"))
        found = found.filter(~pl.col("doubt"))
        if doubt.height:  # (a row of the sheet doubting the death: screened, noted)
            self._sheet_doubts(batch.frame, doubt, died)
        if not found.height:
            return died
        before = died.mask if died is not None else \
            pl.repeat(False, batch.frame.height, dtype=pl.Boolean, eager=True)
        own = dict(zip(before.arg_true().to_list(), died.why, strict=False)) if died else {}
        listed = dict(zip(found.get_column("pos").to_list(), found.get_column("why").to_list(),
                          strict=True))
        # (a row whose own cells say the person lives or doubt it, against the sheet: the
        # reading is doubtful, so the person is screened, noted: _says_otherwise)
        otherwise = self._says_otherwise(batch.frame, [k for k in listed if k not in own])
        if otherwise:
            rownums = batch.frame.get_column(ROW)
            self._doubts.update({rownums[k]: f"{column}: " + self._(
                "{said}，但{otherwise}：各列说法不一，可能已经去世，照常筛查了；联系这个人之前"
                "请先核实。").format(said=listed[k], otherwise=said)
                for k, (column, said) in otherwise.items()})
        mask = before.scatter([k for k in listed if k not in otherwise], True) \
            if len(listed) > len(otherwise) else before
        if not mask.any():
            return None
        keep = mask.arg_true().head(self.result.dead.room).to_list()
        why = [self._("；").join(w for w in (own.get(k, ""), listed.get(k, "")) if w)
               for k in keep]
        return Died(mask, why)

    def _formula_doubts(self, frame: pl.DataFrame,
                        problems: list[tuple[int, int, CellProblem]]) -> None:
        """Notes on the rows of ``frame`` with a formula without its value (``problems``, by
        position and column) under a column of a death (死亡日期, 是否死亡, 人员状态（1正常2死亡）,
        注销日期), the person's: what it says is not known, and it may be a death, so a doubt
        (the fifty-ninth tester's =IF(VLOOKUP(…死亡名单…),"是","否"), screened as alive with only
        the bad cell said); the person is screened, unless another cell says the death."""
        rownums = frame.get_column(ROW)
        for k, i, problem in problems:
            name = col(i)
            kind = self._death_kind.get(name, ANY)
            if problem.code == "formula_without_value" and name not in self._other and (
                    kind.legend or kind.name != ANY.name):
                header = self._named.get(name, name)
                self._doubts.setdefault(rownums[k], f"{header}: " + self._(
                    "{column}是公式，没有保存计算结果，可能写着已经去世：照常筛查了；联系这个人之前"
                    "请先核实。").format(column=header))

    def _sheet_doubts(self, frame: pl.DataFrame, doubt: pl.DataFrame, died: Died | None
                      ) -> None:
        """Notes on the rows of ``frame`` whose person a row of a sheet of the dead names while
        doubting the death (``doubt``: ``pos``, ``why``; :func:`.gone.listed_dead`), unless
        their own cells say a death (``died``): the person is screened, and the clerk is to
        check before anyone is contacted (the fiftieth tester's: 停发名单 疑似死亡, 死亡名单
        待核实, only the summary's note said so, the row nothing)."""
        dead = set() if died is None else set(died.mask.arg_true().to_list())
        number = self.repeats.id_col or self.repeats.cert_col
        column = number.header if number is not None else ""
        rownums = frame.get_column(ROW)
        for pos, why in doubt.select("pos", "why").iter_rows():
            if pos not in dead:
                self._doubts.setdefault(rownums[pos], f"{column}: " + self._(
                    "{said}，那一行写着可能已经去世，没有确定：照常筛查了；联系这个人之前请先核实。"
                    ).format(said=why))

    def _says_otherwise(self, frame: pl.DataFrame, at: list[int]
                        ) -> dict[int, tuple[str, str]]:
        """Of the rows of ``frame`` at the positions ``at`` (those a sheet of the dead lists,
        none of whose own cells says a death), those a cell of which says the person lives or
        doubts the death, as a sheet of the dead's own cells would (:func:`.gone.row_says` under
        its column's kind: 备注 本人健在 or 死亡待核实, 是否健在 是, 人员状态 正常), each with
        the first column that says so and all of them with their texts, as :meth:`_disputed`
        names columns that disagree: the reading is doubtful, so the person is screened, and
        the clerk is to check before anyone is contacted (the forty-sixth tester's: left out
        without a word of the row's own; the fifty-first's: left out, the disagreement named,
        where the same disagreement within the row was screened)."""
        if not at:
            return {}
        read = [c for c in frame.columns if c != ROW and c not in self._other
                and frame.schema[c] not in TYPED]
        texts = frame[at].select(_texts(read)).to_dict(as_series=False)
        _ = self._
        out = {}
        for n, k in enumerate(at):
            saying = [c for c in read if (text := texts[c][n]) is not None
                      and self._lives(c, text)]
            if saying:
                out[k] = (self._named.get(saying[0], saying[0]), _("、").join(
                    _("{column}写着“{text}”").format(column=self._named.get(c, c),
                                                   text=_quoted(texts[c][n], _))
                    for c in saying))
        return out

    def _lives(self, column: str, text: str) -> bool:
        """Whether a cell of ``column`` says the person lives or doubts their death, as a
        sheet of the dead's own cells would (:func:`.gone.row_says` under the column's kind,
        a state's words only in a column of the person's state or a note:
        :func:`.gone.state_column`, each column's found once)."""
        state = self._state.get(column)
        if state is None:
            state = self._state[column] = state_column(self._headers.get(column) or "")
        return row_says(text, self._death_kind.get(column, ANY), state) is not None

    def _repeat_why(self, by_cert: bool, earlier: int, dead: int | None) -> str:
        """Why a row left out as dead is, beside its own cells: the person's number (named by
        the column that gave it) is an earlier row's, that row ``dead`` saying the death, or,
        where none did, the first row of the person, ``earlier``, screened."""
        said = self._("{column}和第 {row} 行的相同，那一行写着这个人已经去世") if dead is not None \
            else self._("{column}和第 {row} 行的相同，那一行照常筛查了，请核对它的结果")
        return said.format(column=self._number_column(by_cert).header,
                           row=self.mapping.row_text(earlier if dead is None else dead, self._))

    def _number_column(self, by_cert: bool) -> Column:
        """The column whose number named a person (:mod:`.repeats`): the certificate's where
        the ID number's cell named no one."""
        ids, certs = self.repeats.id_col, self.repeats.cert_col
        found = certs if by_cert else ids or certs
        assert found is not None
        return found

    def _unread_cells(self, rownums: pl.Series) -> list[ParsedColumn]:
        """The cells of the batch (its rows ``rownums``) under a column asking of a death that
        say nothing read (``_unread``), as bad cells of their column: the person, not known
        to have died, is screened, and the clerk reads which cell to check."""
        unread_, self._unread = self._unread, []
        place = {r: k for k, r in enumerate(rownums.to_list())}
        by_column: dict[str, tuple[list[int], list[str]]] = {}
        for row, name, text in unread_:
            if row in place:  # (a row left out, a totals row or one dead by another column)
                header = self._named.get(name, name)
                rows, texts = by_column.setdefault(header, ([], []))
                rows.append(place[row])
                texts.append(f"{header}: " + self._(
                    "写着“{text}”，看不出这个人是否去世，当作没有去世照常筛查了。").format(
                    text=_quoted(text, self._)))
        return [ParsedColumn("__death", pl.Series([], dtype=pl.Null), 0, rows, texts,
                             header=header) for header, (rows, texts) in by_column.items()]

    def _short_cells(self, rownums: pl.Series) -> list[ParsedColumn]:
        """The rows of the batch (its sheet rows ``rownums``) with fewer cells than the header
        (:attr:`short`), each as a bad cell of the first column it leaves out: its cells from
        there were read blank, and if one in its middle was left out, the rest are one column
        off; the clerk is to check the row."""
        at = rownums.is_in(list(self.short)).arg_true().to_list()
        if not at:
            return []
        headers = {c.index: c.header for c in self.mapping.columns}
        by_column: dict[str, tuple[list[int], list[str]]] = {}
        for k in at:
            cells, width = self.short[rownums[k]]
            header = headers.get(cells, "")
            rows, texts = by_column.setdefault(header, ([], []))
            rows.append(k)
            texts.append(f"{header}: " + self._(
                "这一行只有 {cells} 格，表头有 {width} 格：从这一格起都当作空白读了。如果这一行"
                "中间漏了一格，后面的内容就错了列，请核对这一行。").format(
                cells=cells, width=width))
        return [ParsedColumn("__short", pl.Series([], dtype=pl.Null), 0, rows, texts,
                             header=header) for header, (rows, texts) in by_column.items()]

    def _noted(self, errors: pl.Series, rownums: pl.Series, notes: dict[int, str],
               count: Noted) -> pl.Series:
        """``errors`` with, on each row of the batch (its sheet rows ``rownums``) in ``notes``,
        its note: not a bad cell (the row is screened as it is); counted in ``count`` (the
        rows left out since, a totals row or one a sheet of the dead lists, are not)."""
        at = rownums.is_in(list(notes)).arg_true()
        if not at.len():
            return errors
        rows = rownums.gather(at).to_list()
        count.add(rows)
        before = errors.gather(at).to_list()
        return errors.scatter(at, [f"{b}; {notes[r]}" if b else notes[r]
                                   for b, r in zip(before, rows, strict=True)])

    def _repeated(self, errors: pl.Series, again: pl.DataFrame) -> pl.Series:
        """``errors`` with, on each row whose ID number a row above holds (``again``,
        :mod:`.repeats`), which row that is: a note, not a bad cell (the row is screened as it
        is)."""
        self.result.repeated = self.repeats.count
        self.result.repeats = list(self.repeats.first)
        if not again.height:
            return errors
        pos = again.get_column("pos")
        before = errors.gather(pos).to_list()
        said = self._("与第 {row} 行的相同，可能是同一个人写了两遍。")
        # (named by the column that gave the number: the certificate's, where the ID's is
        # blank or not a number)
        named = {by_cert: self._number_column(by_cert).header
                 for by_cert in again.get_column("by_cert").unique().to_list()}
        notes = [f"{named[by_cert]}: " + said.format(row=self.mapping.row_text(earlier, self._))
                 for earlier, by_cert in again.select("earlier", "by_cert").iter_rows()]
        return errors.scatter(pos, [f"{b}; {n}" if b else n
                                    for b, n in zip(before, notes, strict=True)])

    def _plans(self, ctx: exprs.Context) -> tuple[dict[str, tuple[pl.Expr, pl.Expr | None]],
                                                  dict[str, str], set[str], frozenset[str]]:
        """Each program compiled for ``ctx`` (kept for the next batch of the same scales):
        (status, amount) expressions; the programs left to the engine, and why; those whose
        amount only is; and the facts that the expressions and the implications read (every
        fact where a program is left to the engine, which reads a person's every fact)."""
        key = tuple(sorted(ctx.scales.items()))
        if key not in self._compiled:
            plans: dict[str, tuple[pl.Expr, pl.Expr | None]] = {}
            fallback: dict[str, str] = {}
            amount_fallback: set[str] = set()
            for pid, program in self.book.programs.items():
                try:
                    plans[pid] = _compile(program, ctx)
                except exprs.Unsupported as exc:
                    fallback[pid] = str(exc)
                except _AmountTooWide as exc:
                    plans[pid] = (_status_expr(program, ctx), None)
                    amount_fallback.add(pid)
                    fallback[pid] = f"amount: {exc}"
            read: set[str] = set(self.book.facts) if fallback else {
                name for status, value in plans.values()
                for e in (status, value) if e is not None for name in e.meta.root_names()}
            imps = self.book.extras.implications if self.book.extras is not None else ()
            for imp in imps:
                read |= {*imp.cond.facts_used(), *imp.then}
            self._compiled[key] = (plans, fallback, amount_fallback, frozenset(read))
        return self._compiled[key]

    def _spellings(self, cells: pl.Series, top: int | None
                   ) -> tuple[list[int], list[int], list[int], list[int], list[int], list[int]]:
        """The codes of a dictionary-coded column whose spelling starts as a totals row's first
        cell does (:data:`TOTAL_CELL`), of those that are blanks only (:data:`BLANK_CELL`), of
        those that are the column's header, of those that say the person died by the screening
        date, of those that say the person died after it (:func:`.deaths.death`, under the
        column's header), and of those that doubt the death (:func:`.deaths.doubted`): each
        spelling is tested once, as it first comes. ``top``: the
        highest code in ``cells`` (None where all are blank)."""
        categories = cells.dtype.categories  # type: ignore[attr-defined]
        header = self._headers.get(cells.name)
        key = (categories, header or "")
        tested, totals, blanks, heads, died, later, doubts, keep = self._seen.get(
            key, (0, [], [], [], [], [], [], cells.clear()))
        kind = self._death_kind.get(cells.name, ANY)
        if top is not None and top >= tested:
            fresh = categories.to_series().slice(tested)
            # (one query of polars for all the tests, not one a test: each costs ~0.1 ms)
            s = pl.col("s")
            tests = [pl.arg_where(s.str.contains(TOTAL_CELL)).implode().alias("total"),
                     pl.arg_where(s.str.contains(BLANK_CELL)).implode().alias("blank"),
                     pl.arg_where(s.str.contains(self._may_say(cells.name)) if kind == ANY
                                  else s.is_not_null()).implode().alias("died"),
                     pl.arg_where(s.is_null()).implode().alias("unwritten")]
            if header is not None:
                same = s.str.replace_all(GAPS, "") == self._squeezed[cells.name]
                tests.append(pl.arg_where(same).implode().alias("head"))
                if cells.name in self._targets:  # (worded spellings as short as a header)
                    tests.append(pl.arg_where((~same & s.str.contains(r"[\p{Han}A-Za-z]")
                                               & (s.str.len_chars() <= 16)).fill_null(False))
                                 .implode().alias("worded"))
            found = fresh.to_frame("s").select(tests).row(0, named=True)
            totals = sorted({*totals, *(k + tested for k in found["total"])})
            blanks = sorted({*blanks, *(k + tested for k in found["blank"])})
            says = {k: death(fresh[k], kind, self.on) for k in found["died"]
                    if fresh[k] is not None}
            died = sorted({*died, *(k + tested for k, (gone, _l) in says.items() if gone)})
            later = sorted({*later, *(k + tested for k, (_g, late) in says.items() if late)})
            # (a fact's column, dictionary-coded: 已注销 under 特困供养 is the support's; a
            # receipt's, 停发: a doubt)
            receipt = self._stops_in(cells.name)
            doubts = sorted({*doubts, *(k + tested for k, (gone, late) in says.items()
                                        if not gone and not late
                                        and (doubted(fresh[k], kind, fact=True)
                                             or receipt and stopped(fresh[k])))})
            if header is not None:
                heads = sorted({*heads, *(k + tested for k in found["head"])})
                heads = sorted({*heads, *(k + tested for k in found.get("worded", ())
                                          if self._is_header(cells.name, fresh[k]))})
            # a code the reader (still reading ahead, in other threads) has taken but not yet
            # written the spelling of is listed blank: tested from there again next time
            unwritten = found["unwritten"]
            tested += unwritten[0] if unwritten else fresh.len()
            self._seen[key] = (tested, totals, blanks, heads, died, later, doubts, keep)
        return totals, blanks, heads, died, later, doubts

    def _stops_in(self, column: str) -> bool:
        """Whether ``column`` says who receives a program (已享受生活补贴) or a support (a
        yes/no fact: 是否特困, 低保), whose cells saying the payment or the support stopped
        (:func:`stopped`: 停发, 已注销, 退出) are a doubt of a death: read as no, but why it
        stopped is to be found out (the sixtieth tester's 特困 停发, at 85, listed as owed)."""
        target = self._targets.get(column)
        if target is None:
            return False
        if target.startswith(RECEIVES) and target not in self.book.facts:
            return True
        fdef = self.book.facts.get(target)
        return fdef is not None and fdef.type == "boolean"

    def _may_say(self, column: str) -> str:
        """The pattern of the cells of ``column`` (of no death's kind) to read for a death:
        :data:`~.deaths.MAY_SAY`, and under a receipt's column :data:`STOP_WORDS` too."""
        return MAY_SAY + "|" + STOP_WORDS if self._stops_in(column) else MAY_SAY

    def _is_header(self, column: str, text: str) -> bool:
        """Whether ``text`` is the header of ``column`` (named as :func:`~.files.col` names
        it): the same but for blanks, or either row's text of a header on two rows, or, for a
        column read as a fact, receives or identity column, another way of writing one that is
        read as the same (:class:`Names`)."""
        if column not in self._squeezed:
            return False
        squeezed = re.sub(GAPS, "", text)
        if squeezed == self._squeezed[column] or squeezed in self._parts.get(column, ()):
            return True
        target = self._targets.get(column)
        return target is not None and self._names(text) == target

    def _marks(self, frame: pl.DataFrame, cells: list[str]) -> list[Marks]:
        """Per column of ``frame`` named in ``cells`` (text, dictionary-coded, or parsed by the
        reader, named as :func:`~.files.col` names them), its :class:`Marks`: never a death in
        a column of another person (:func:`~.deaths.other_person`: 监护人). A dictionary's
        spellings are tested once each (:meth:`_spellings`), its highest code of the batch
        found for all such columns in one query."""
        schema = frame.schema
        coded = [c for c in cells if isinstance(schema[c], pl.Categorical)]
        tops = dict(zip(coded, frame.select(pl.col(c).to_physical().max() for c in coded).row(0),
                        strict=True)) if coded else {}
        marks: list[Marks] = []
        for c in cells:
            cell = pl.col(c)
            if schema[c] in TYPED:  # parsed by the reader: yes/no or numbers, never a word
                marks.append(Marks(None, cell.is_null()))
                continue
            other = c in self._other
            # (a death after the screening date undoes one said in another column only where a
            # column gives the date of death: 死亡日期; a note's own date stays the note's)
            dated = self._death_kind.get(c) == DATE
            if c not in tops:
                squeezed = self._squeezed.get(c)
                died, later, doubt = (None, None, None) if other else \
                    self._deaths(frame.get_column(c), frame)
                later = later if dated else None
                marks.append(Marks(cell.str.contains(TOTAL_CELL).fill_null(False),
                                   cell.str.contains(BLANK_CELL).fill_null(True),
                                   None if squeezed is None else
                                   (cell.str.replace_all(GAPS, "") == squeezed).fill_null(False),
                                   died, later, doubt))
                continue
            totals, blanks, heads, died_codes, later_codes, doubt_codes = self._spellings(
                frame.get_column(c), tops[c])
            codes = cell.to_physical()
            marks.append(Marks(_among(codes, totals), codes.is_null() | _among(codes, blanks)
                               if blanks else codes.is_null(), _among(codes, heads),
                               None if other else _among(codes, died_codes),
                               None if other or not dated else _among(codes, later_codes),
                               None if other else _among(codes, doubt_codes)))
        return marks

    def _deaths(self, cells: pl.Series, frame: pl.DataFrame
                ) -> tuple[pl.Expr | None, pl.Expr | None, pl.Expr | None]:
        """Of a text column (an .xlsx's): whether each row's cell says the person died by the
        screening date, after it (:func:`.deaths.death`, under the column's header, each
        distinct text once, of the cells that may say either), or raises the death and doubts
        it (:func:`.deaths.doubted`); None where no cell says it. Under a column asking of a
        death or giving its date or codes (是否死亡, 是否健在, 死亡日期, 人员状态（1正常2死亡）),
        its cells that say nothing read (:func:`.deaths.unread`: ★, ？, 2024-13-45, 4; not a
        doubt, noted as one) are kept in ``_unread`` by their sheet row (in
        ``frame``, the batch's), to be reported."""
        kind = self._death_kind.get(cells.name, ANY)
        at_rows = (cells.str.contains(self._may_say(cells.name)) if kind == ANY
                   else cells.is_not_null()
                   ).fill_null(False).arg_true()
        if not at_rows.len():
            return None, None, None
        texts = cells.gather(at_rows).to_list()
        # (a fact's column: 已注销 under 特困供养 is the support's, no doubt of a death; a
        # receipt's, 停发: a doubt)
        fact = cells.name in self._targets
        receipt = self._stops_in(cells.name)

        def read(t: str, name: str | None = None, head: bool | None = False
                 ) -> tuple[bool, bool, bool]:
            by, after = death(t, kind, self.on, name=name, head=head)
            if after and kind == DATE and (day := date_of_death(t, self.on)) is not None:
                if day[0] > self.on.year + 1:
                    # (a date of death years ahead, 2070-03-05: a slip, the fifty-seventh
                    # tester's, screened without a word; a doubt, undoing no other column's death)
                    return False, False, True
                if self.today is not None and _by(day, self.today):
                    # (after the screening date but by today, 2025-09-01 screened on 2025-06-01
                    # in December 2026: alive on the day, screened, but dead now, which the
                    # clerk is to know before contacting anyone: a doubt, noted; still undoing
                    # another column's death by the screening date)
                    return False, True, True
            # (under 死亡日期, a date the calendar has not, 2024-02-30, 2023.3.32: a death's
            # date mistyped, a doubt, the fifty-ninth tester's, screened as alive)
            return by, after, not by and not after and (
                doubted(t, kind, fact=fact, name=name, head=head)
                or kind.name == DATE.name and not kind.legend and unread(t, kind)
                or receipt and stopped(t))

        # (None: the list says no one's relation to the head, so 户主已故 may be the person's:
        # a doubt, .deaths.doubted)
        says = {t: read(t, head=None if self._head_col is None else False) for t in set(texts)}
        n = cells.len()
        at = at_rows.to_list()
        head_names = cells.name == self._head_name_col
        if head_names:
            # (the head's name: the person's death only on the head's own row, which the names
            # or 与户主关系 say, below; where neither does, a doubt)
            says = {t: (False, False, any(said)) for t, said in says.items()}
        # a death said of a personal name (王大明已故): the person's where the row's 姓名 is that
        # name, another's where it is another (the fiftieth tester's, left out), read row by
        # row for those few texts; without a column of names, a doubt
        named = {t for t in says if names_someone(t)}
        names = frame.get_column(self._name_col).cast(pl.String) \
            if named and self._name_col is not None and self._name_col in frame.columns \
            else None
        by_row: dict[int, tuple[bool, bool, bool]] = {}
        if cells.name == self._name_col:
            # (in the column of names itself, 王五（已故）: the name written is the row's)
            says.update({t: read(t, named_in(t)) for t in named})
            # (and a note in brackets after it, 农大明（已销户）, 覃二（失联）, 韦三（父已故）:
            # read as the bracket's text alone is, the name before it being the row's; the
            # fifty-eighth tester's, said nothing)
            says.update({t: read(m[2]) for t in says
                         if (m := NAMED_STATE.fullmatch(t.strip())) is not None
                         and not any(read(m[1]))})
        elif names is not None:
            by_row = {r: read(t, names[r]) for r, t in zip(at, texts, strict=True)
                      if t in named}
        if head_names and self._head_col is not None and self._head_col in frame.columns:
            # (the head's row, 与户主关系 户主: its death the person's, unless the names say
            # another's; on any other row, none)
            relation = frame.get_column(self._head_col).cast(pl.String)
            for r, t in zip(at, texts, strict=True):
                if (v := relation[r]) is None:
                    continue
                if not HEAD_OF_HOUSEHOLD.fullmatch(re.sub(GAPS, "", v)):
                    # (the names saying the person's death, 与户主关系 another's: a doubt, the
                    # fifty-seventh tester's 户主 农四（已故） beside 姓名 农四, 妻, said nothing)
                    said = by_row.get(r, (False, False, False))
                    by_row[r] = (False, False, said[0] or said[1])
                elif r not in by_row:  # (a name written: held against the row's, above)
                    by_row[r] = read(t, names[r] if names is not None else None, True)
                elif not any(by_row[r]) and any(read(t, None, True)):
                    # (another name than the row's, 户主 梁八（已故） beside 姓名 黄八 on the
                    # head's own row: the columns disagree on who the head is, and the head
                    # may be this person, dead: a doubt, the fifty-eighth tester's, said
                    # nothing)
                    by_row[r] = (False, False, True)
        if self._head_col is not None and self._head_col in frame.columns and \
                any("户主" in t for t in says):
            # (户主已死亡 on the row of the household's head, 与户主关系 本人: the person's death,
            # the fifty-third tester's, kept without a word; read row by row, those few texts)
            relation = frame.get_column(self._head_col).cast(pl.String)
            by_row |= {r: read(t, names[r] if names is not None and t in named else None, True)
                       for r, t in zip(at, texts, strict=True)
                       if "户主" in t and (v := relation[r]) is not None
                       and HEAD_OF_HOUSEHOLD.fullmatch(re.sub(GAPS, "", v))}
        if kind.name in (ASKS.name, ALIVE.name, DATE.name) or kind.legend:
            # (and under 死亡日期, or a legend: 2024-13-45, 4 where the codes are 1 to 3; the
            # forty-eighth tester's, screened without a word)
            odd = {t for t, (by, after, doubt) in says.items()
                   if not by and not after and not doubt and unread(t, kind)}
            if odd:
                rows = frame.get_column(ROW)
                self._unread += [(rows[r], cells.name, t) for r, t in zip(at, texts, strict=True)
                                 if t in odd]

        def mask(which: int) -> pl.Expr | None:
            hit = [r for r, t in zip(at, texts, strict=True)
                   if by_row.get(r, says[t])[which]]
            return pl.lit(pl.repeat(False, n, dtype=pl.Boolean, eager=True).scatter(hit, True)
                          ) if hit else None

        return mask(0), mask(1), mask(2)

    def _people_only(self, batch: Batch) -> tuple[Batch, Died | None]:
        """The batch without its rows that are no person, which are not screened: totals rows
        (合计, 小计, 总计, 共计, 那坡镇小计, 共3人 in the row's first filled cell, as a sheet sums
        its list at the bottom or per village: :data:`TOTALS`), their sheet rows kept in
        :attr:`RosterResult.totals`; the form's notes (制表人, 审核人, 填表日期, 村委会主任, 第1页
        … there: :data:`NOTES`), in :attr:`RosterResult.notes`; sections' headings (一、城厢镇,
        第一组: :data:`SECTIONS`), in :attr:`RosterResult.sections`; and blank rows (every cell
        empty or blanks, as a sheet leaves between villages or below its list), counted in
        :attr:`RosterResult.blank`; and rows that repeat the header (two lists joined one under
        the other: each filled cell its column's header, two thirds of the header at least),
        kept in :attr:`RosterResult.headers`, with the title rows just
        above each (:func:`_titles_above`) in :attr:`RosterResult.titles`. Each column is
        tested on its own (a dictionary's spellings once each), and only the rows with a totals
        word or a header's text in some cell are looked at as a whole. Blank rows the reader
        left out (an .xlsx's, :attr:`~.files.Batch.blank`) are counted too. With it, the
        people among its rows whose cells say that they died by the screening date (a person's
        row otherwise), and why (:class:`Died`, as long as the batch returned), None where
        none does: the caller leaves them out (:meth:`_dead_left_out`), once the person's other
        rows are found (:mod:`.repeats`)."""
        self.result.blank += batch.blank
        frame = batch.frame
        cells = [c for c in frame.columns if c != ROW]
        if not cells:
            return batch, None
        marks = self._marks(frame, cells)
        # (one query for the whole batch: each column's tests, and the rows where any holds)
        worded = [m.total for m in marks if m.total is not None]
        headed = [m.head for m in marks if m.head is not None]
        said = [m.died for m in marks if m.died is not None]
        # (a death said after the screening date, in any column, undoes one said in another:
        # 是 under 是否死亡 and 2025-07-03 under 死亡日期)
        later = [m.later for m in marks if m.later is not None]
        gone = pl.any_horizontal(said) & ~pl.any_horizontal(later) if later and said else \
            pl.any_horizontal(said) if said else None
        # (a death doubted, in a row where no cell says one: noted, screened)
        doubt = [m.doubt for m in marks if m.doubt is not None]
        unsure = (pl.any_horizontal(doubt) & ~pl.any_horizontal(said) if said else
                  pl.any_horizontal(doubt)) if doubt else None
        found = frame.select(
            pl.all_horizontal([m.blank for m in marks]).alias("blank"),
            *([pl.any_horizontal(worded).alias("maybe")] if worded else []),
            *([pl.any_horizontal(headed).alias("maybe_head")] if headed else []),
            *([gone.alias("died")] if gone is not None else []),
            *([(pl.any_horizontal(said) & pl.any_horizontal(later)).alias("undone")]
              if later and said else []),
            *([unsure.alias("unsure")] if unsure is not None else []))
        if "undone" in found.columns and (undone := found.get_column("undone")).any():
            self._undone = self._why_undone(frame, cells, marks, undone)
        if "unsure" in found.columns and (doubts := found.get_column("unsure")).any():
            self._doubts = self._why_doubted(frame, cells, marks, doubts)
        blank = found.get_column("blank")
        if batch.problems:  # (a cell not read exactly, a formula without its value: not blank)
            blank = blank.scatter(sorted({k for k, _i, _p in batch.problems}), False)
            self._formula_doubts(frame, batch.problems)
        none = pl.Series([], dtype=pl.UInt32)
        maybe, maybe_head = (found.get_column(name).arg_true() if name in found.columns
                             else none for name in ("maybe", "maybe_head"))
        died = found.get_column("died") if "died" in found.columns else None
        died = died if died is not None and died.any() else None
        text = _texts(cells)
        numbered: list[int] = []  # rows of the columns' numbers, under a header (1, 2, 3 …)
        units: list[int] = []  # rows of the columns' units, under a header (（是/否）)
        if self._first and frame.height:
            self._first = False
            numbered, units = self._numbering_under(-1, frame, text, blank)
        rownums = frame.get_column(ROW)
        while self._sheet_heads and frame.height and rownums[-1] > self._sheet_heads[0]:
            # (another sheet's first row: under its header, as the first sheet's is)
            at = rownums.search_sorted(self._sheet_heads.pop(0), side="right")
            more, more_units = self._numbering_under(int(at) - 1, frame, text, blank)
            numbered, units = numbered + more, units + more_units
        # rows of a form left unfilled but for their 序号 (a template's rows below the list)
        unfilled = none
        # sections' headings without their number (城厢镇, 新华村二组): merged across the row,
        # as an .xlsx gives each cell the text (:meth:`_merged_titles`); or, as a CSV holds
        # such a cell, alone in the 序号's column (below)
        placed = self._merged_titles(frame, cells, text)
        if self._seq is not None and self._seq in cells:
            others = [m.blank for c, m in zip(cells, marks, strict=True)
                      if c != self._seq]
            only = frame.select(pl.all_horizontal(others)).to_series() & ~blank \
                if others else None
            if only is not None and batch.problems:  # (a formula without its value: not blank)
                only = only.scatter(sorted({k for k, _i, _p in batch.problems}), False)
            if only is not None and only.any():
                rows = only.arg_true()
                seq = frame[rows].select(_texts([self._seq])).to_series()
                is_seq = seq.str.contains(SEQ_CELL).fill_null(False)
                unfilled = rows.filter(is_seq)
                # a heading alone in the column of numbers, as a CSV holds a merged cell's: a
                # place (城厢镇), an office (东风村委), a kind of people (一级残疾人, 新增人员),
                # a line of punctuation ((续上页), ……); a name there may be a person's
                placed += [k for k, t in zip(rows.filter(~is_seq).to_list(),
                                             seq.filter(~is_seq).to_list(), strict=True)
                           if HEADING.search(re.sub(GAPS, "", t))]
        if not maybe.len() and not maybe_head.len() and not blank.any() and not numbered \
                and not units and not unfilled.len() and not placed and died is None:
            return batch, None  # (no totals word, no header, no blank row: the usual case)
        total = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
        note = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
        section = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
        if maybe.len():  # the rows whose first filled cell is a totals word, a form's note or
            # a section's heading
            first = frame[maybe].select(pl.coalesce(text)).to_series().str.replace_all(
                GAPS, "")
            is_total, is_note, is_section = _kinds(first.to_list(),
                                                   frame[maybe].select(text).rows())
            total = total.scatter(maybe.filter(pl.Series(is_total, dtype=pl.Boolean)), True)
            note = note.scatter(maybe.filter(pl.Series(is_note, dtype=pl.Boolean)), True)
            section = section.scatter(maybe.filter(pl.Series(is_section, dtype=pl.Boolean)),
                                      True)
        header = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
        title = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
        if maybe_head.len():  # rows that repeat the header (lists joined one under another)
            want = [self._headers.get(c) for c in cells]
            # every filled cell its column's header, and two thirds of the header's filled
            # cells at least (a row of ticks, 低保 under 低保, may be a person's)
            # (of a header on two rows, of the one with fewer filled cells)
            enough = max(2, math.ceil(2 * min(self.mapping.filled or (
                sum(h is not None for h in want),)) / 3))
            repeats = [k for k, row in zip(maybe_head.to_list(),
                                           frame[maybe_head].select(text).rows(), strict=True)
                       if all(v is None or self._is_header(c, v) for v, c in zip(row, cells,
                                                                                  strict=True))
                       and sum(v is not None for v in row) >= enough]
            header = header.scatter(repeats, True) if repeats else header
            for k in repeats:
                more, more_units = self._numbering_under(k, frame, text, blank)
                numbered, units = numbered + more, units + more_units
            titles = _titles_above(repeats, frame.select(text), blank | total | note | header,
                                   bool(cells) and cells[0] == self._seq)
            title = title.scatter(titles, True) if titles else title
            section = section & ~title  # (a title's unit, 单位：元, is reported with it)
        if placed:  # (a title above a repeated header, a note, is reported as one)
            section = section | (
                pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).scatter(placed, True)
                & ~(title | total | note))
        number = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
        number = number.scatter(numbered, True) if numbered else number
        unit = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
        unit = unit.scatter(units, True) if units else unit
        empty = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
        empty = empty.scatter(unfilled, True) if unfilled.len() else empty
        mask = total | note | section | blank | header | title | number | unit | empty
        # (a person said to have died: a person's row, none of the others)
        died = (died & ~mask) if died is not None else None
        if died is not None:  # (a death another column denies: screened, noted)
            disputed = self._disputed(frame, cells, marks, died)
            if disputed:
                died = died.scatter(list(disputed), False)
                rownums = frame.get_column(ROW)
                self._doubts.update({rownums[k]: note for k, note in disputed.items()})
        dead = None if died is None or not died.any() else Died(
            died.filter(~mask), self._why_died(frame, cells, marks, died,
                                               self.result.dead.room))
        if not mask.any():
            return batch, dead
        self.result.totals += frame.get_column(ROW).filter(total).to_list()
        self.result.headers += frame.get_column(ROW).filter(header).to_list()
        self.result.titles += frame.get_column(ROW).filter(title).to_list()
        self.result.notes += frame.get_column(ROW).filter(note).to_list()
        self.result.numbers += frame.get_column(ROW).filter(number).to_list()
        self.result.units += frame.get_column(ROW).filter(unit).to_list()
        self.result.unfilled += frame.get_column(ROW).filter(empty).to_list()
        self.result.sections += frame.get_column(ROW).filter(section).to_list()
        self.result.blank += int(blank.sum())
        return _left_out(batch, mask), dead

    def _why_died(self, frame: pl.DataFrame, cells: list[str], marks: list[Marks],
                  died: pl.Series, at_most: int) -> list[str]:
        """Why each row of ``frame`` where ``died`` is true was said to have died, in order,
        the first ``at_most`` (those kept: :class:`DeadRows`): each column of ``cells`` whose
        cell says it (its :class:`Marks`' ``died``), by its header, and its text
        (``备注：“已死亡”``; the first :data:`WHY_CHARACTERS` of a long one). Only the dead
        rows' cells are read (few)."""
        _ = self._
        at = died.arg_true().head(at_most)
        says = [(c, m.died) for c, m in zip(cells, marks, strict=True) if m.died is not None]
        tests = frame.select([e.alias(f"said{k}") for k, (_c, e) in enumerate(says)]
                             )[at].to_dict(as_series=False)
        texts = frame[at].select(_texts([c for c, _e in says])).to_dict(as_series=False)

        def said(c: str, text: str) -> str:
            told = _("{column}：“{text}”").format(column=self._named.get(c, c),
                                                 text=_quoted(text, _))
            # (an Excel date's serial number, 45352, as a CSV saved from it writes the date:
            # the day it is, the fifty-fifth tester's)
            if self._death_kind.get(c) == DATE and SERIAL_TEXT.fullmatch(text.strip()) and \
                    (day := date_of_death(text, self.on)) is not None and \
                    day[1] is not None and day[2] is not None:
                told += _("（即 {date}）").format(date=dt.date(day[0], day[1], day[2]).isoformat())
            return told

        return [_("；").join(said(c, texts[c][k])
                            for n, (c, _e) in enumerate(says) if tests[f"said{n}"][k])
                for k in range(at.len())]

    def _disputed(self, frame: pl.DataFrame, cells: list[str], marks: list[Marks],
                  died: pl.Series) -> dict[int, str]:
        """Of the rows of ``frame`` where ``died`` is true (a cell says the person died by the
        screening date), those another column of the person denies, by their place in
        ``frame``, each with the note it is screened with: a column asking whether the
        person died or lives (:data:`~.deaths.ASKS`, :data:`~.deaths.ALIVE`: not another
        person's, not parsed by the reader) whose cell, not blank, says no death by the
        screening date
        (死亡日期 2024-01-01 beside 是否死亡 否), or any other column whose cell, saying no death,
        says the person lives or doubts it as a sheet of the dead's own cells would
        (:meth:`_lives`: 备注 健在 beside 死亡日期 2024-03-01, 人员状态 正常 beside 备注 已故). The
        columns disagree, so the reading is doubtful, and no living person is left out on a
        doubtful reading: the person is screened, and the note names both sides for the clerk
        to check before anyone is contacted (the forty-eighth tester's: left out as dead, the
        columns' disagreement only named). Only the dead rows' cells are read (few)."""
        _ = self._
        at = died.arg_true()
        says = [(c, m.died) for c, m in zip(cells, marks, strict=True) if m.died is not None]
        asks = [(c, m.blank) for c, m in zip(cells, marks, strict=True)
                if self._death_kind.get(c, ANY).name in (ASKS.name, ALIVE.name)
                and c not in self._other and frame.schema[c] not in TYPED]
        asked = {c for c, _e in asks}
        others = [c for c in cells if c not in asked and c not in self._other
                  and frame.schema[c] not in TYPED]
        # (a date of death before the birth date of the row's ID or certificate number: a
        # slip, the fifty-fifth tester's 1950-01-01 for one born in 1985, left out)
        dated = {c for c, _e in says if self._death_kind.get(c) == DATE}
        numbers = [(col(n.index), n.header, n is self.repeats.id_col)
                   for n in (self.repeats.id_col, self.repeats.cert_col)
                   if n is not None and dated and col(n.index) in frame.columns]
        if not at.len() or not asks and not others and not numbers:
            return {}
        tests = frame.select([e.alias(f"said{k}") for k, (_c, e) in enumerate(says)]
                             + [e.alias(f"blank{k}") for k, (_c, e) in enumerate(asks)]
                             )[at].to_dict(as_series=False)
        read = list(dict.fromkeys([*(c for c, _e in [*says, *asks]), *others,
                                   *(c for c, _h, _i in numbers)]))
        texts = frame[at].select(_texts(read)).to_dict(as_series=False)

        def quoted(c: str, text: str) -> str:
            return _("{column}写着“{text}”").format(column=self._named.get(c, c),
                                                 text=_quoted(text, _))

        out = {}
        for k, pos in enumerate(at.to_list()):
            dying = [c for n, (c, _e) in enumerate(says) if tests[f"said{n}"][k]]
            otherwise = [quoted(c, text) for n, (c, _e) in enumerate(asks)
                         if not tests[f"blank{n}"][k] and (text := texts[c][k]) is not None
                         and not death(text, self._death_kind[c], self.on)[0]]
            # (and a note that the date of death written is another's or in error: 父亲的死亡
            # 日期, 死亡日期填错，应为空, the fifty-second tester's, left out)
            otherwise += [quoted(c, text) for c in others if c not in dying
                          and (text := texts[c][k]) is not None
                          and (self._lives(c, text) or disowns(text))]
            births = [(header, born) for c, header, is_id in numbers
                      if (born := self._born(texts[c][k], is_id)) is not None]
            if births and any(_before_birth(date_of_death(text, self.on), births[0][1])
                              for c in dying if c in dated and (text := texts[c][k]) is not None):
                otherwise.append(_("{column}里的出生日期是 {born}").format(
                    column=births[0][0], born=births[0][1].isoformat()))
            if otherwise:
                out[pos] = f"{self._named.get(dying[0], dying[0])}: " + _(
                    "{said}，但{otherwise}：各列说法不一，可能已经去世，照常筛查了；联系这个人之前"
                    "请先核实。").format(said=_("、").join(quoted(c, texts[c][k]) for c in dying),
                                        otherwise=_("、").join(otherwise))
        return out

    def _born(self, text: str | None, is_id: bool) -> dt.date | None:
        """The birth date an ID number (``is_id``) or a certificate number gives (the codec's
        :func:`~app.codec.identity.read_id_number`), None where it is not one."""
        from app.codec import identity

        if text is None:
            return None
        read = identity.read_id_number(text, on=self.on) if is_id else \
            identity.read_certificate_number(text, on=self.on)
        if isinstance(read, identity.Certificate):
            return read.holder.birth_date
        return read.birth_date if isinstance(read, identity.IdNumber) else None

    def _why_doubted(self, frame: pl.DataFrame, cells: list[str], marks: list[Marks],
                     unsure: pl.Series) -> dict[int, str]:
        """Of each row of ``frame`` where ``unsure`` is true (a cell raises the person's death
        and doubts it, :func:`.deaths.doubted`: 疑似死亡, 死亡（待核实）, 是（待核实） under
        是否死亡; no cell says it), its sheet row and the note it is screened with, naming the
        columns and their texts: the person is screened, as no living person is left out on a
        doubtful reading, but the clerk is to check before anyone is contacted about an
        unclaimed benefit (the forty-eighth tester's: listed as qualifying and not receiving
        without a word)."""
        _ = self._
        rows = unsure.arg_true()
        doubt = [(c, m.doubt) for c, m in zip(cells, marks, strict=True) if m.doubt is not None]
        tests = frame.select([e.alias(f"doubt{k}") for k, (_c, e) in enumerate(doubt)]
                             )[rows].to_dict(as_series=False)
        texts = frame[rows].select(_texts([c for c, _e in doubt])).to_dict(as_series=False)
        notes = {}
        for k, row in enumerate(frame.get_column(ROW).gather(rows).to_list()):
            which = [c for n, (c, _e) in enumerate(doubt) if tests[f"doubt{n}"][k]]
            notes[row] = f"{self._named.get(which[0], which[0])}: " + _(
                "{said}：可能已经去世，但没有确定，照常筛查了；联系这个人之前请先核实。").format(
                said=_("、").join(_("{column}写着“{text}”").format(
                    column=self._named.get(c, c), text=_quoted(texts[c][k], _)) for c in which))
        return notes

    def _why_undone(self, frame: pl.DataFrame, cells: list[str], marks: list[Marks],
                    undone: pl.Series) -> dict[int, str]:
        """Of each row of ``frame`` where ``undone`` is true (a cell says the person died by
        the screening date, and a column of the date of death dates it after: 备注 2024年3月去世
        beside 死亡日期 2025-08-01, the forty-sixth tester's, screened without a word), its
        sheet row and the note it is screened with, naming both columns and their texts: the
        person is screened, alive on the day by the date column, but the clerk is to check."""
        _ = self._
        rows = undone.arg_true()
        said = [(c, m.died) for c, m in zip(cells, marks, strict=True) if m.died is not None]
        later = [(c, m.later) for c, m in zip(cells, marks, strict=True) if m.later is not None]
        tests = frame.select(  # (a mark may be a literal as long as the frame: all of it)
            [e.alias(f"said{k}") for k, (_c, e) in enumerate(said)]
            + [e.alias(f"later{k}") for k, (_c, e) in enumerate(later)])[rows].to_dict(
            as_series=False)
        read = list(dict.fromkeys(c for c, _e in [*said, *later]))
        texts = frame[rows].select(_texts(read)).to_dict(as_series=False)
        sheet_rows = frame.get_column(ROW).gather(rows).to_list()

        def written(which: list[tuple[str, pl.Expr]], name: str, k: int) -> list[str]:
            return [c for n, (c, _e) in enumerate(which) if tests[f"{name}{n}"][k]]

        def quoted(cs: list[str], k: int) -> str:
            return _("、").join(_("{column}写着“{text}”").format(
                column=self._named.get(c, c), text=_quoted(texts[c][k], _)) for c in cs)

        notes = {}
        for k, row in enumerate(sheet_rows):
            dated, says = written(later, "later", k), written(said, "said", k)
            notes[row] = f"{self._named.get(dated[0], dated[0])}: " + _(
                "{dated}，在筛查日期之后，但{said}：各列说法不一，按筛查日期时在世照常筛查了，"
                "请核对。").format(dated=quoted(dated, k), said=quoted(says, k))
        return notes

    def _merged_titles(self, frame: pl.DataFrame, cells: list[str], text: list[pl.Expr]
                       ) -> list[int]:
        """The positions of the rows of ``frame`` that hold one text in every cell, which
        reads as a title (:func:`_merged_title`): a cell merged across the row of an .xlsx,
        whose reader gives each cell its text (as text: a CSV's fact columns come
        dictionary-coded, and a CSV holds such a cell's text in its first cell only). One text
        in some cells only may be a person's (何村 as household head and guardian)."""
        if len(cells) < 3 or any(frame.schema[c] != pl.String for c in cells):
            return []
        same = frame.select(pl.all_horizontal(
            [pl.col(c) == pl.col(cells[0]) for c in cells[1:]]).fill_null(False)).to_series()
        if not same.any():
            return []
        rows = same.arg_true()
        return [k for k, row in zip(rows.to_list(), frame[rows].select(text).rows(), strict=True)
                if _merged_title(row)]

    def _numbering_under(self, header: int, frame: pl.DataFrame, text: list[pl.Expr],
                         blank: pl.Series) -> tuple[list[int], list[int]]:
        """The row under the header at ``header`` (-1: the file's header, above the batch),
        over blank rows, where it numbers the columns (:func:`_numbering`), or gives their
        units or how to fill them (:func:`_units`), as a list of its position in the first
        list or the second; else none; and the row under that one likewise, where it is the
        other (letters, then units: the thirty-eighth tester's units under a row of letters,
        screened as a person)."""
        numbers: list[int] = []
        units: list[int] = []
        at = header
        while True:  # (one after the other: the columns' letters, then their units, or back)
            below = next((k for k in range(at + 1, min(at + 1 + UNDER_ROWS, frame.height))
                          if not blank[k]), None)
            if below is None:
                return numbers, units
            row = frame.slice(below, 1).select(text).row(0)
            if not numbers and _numbering(row, self._numbered):
                numbers.append(below)
            elif not units and _units(row):
                units.append(below)
            else:
                return numbers, units
            at = below

    def _count(self, frame: pl.DataFrame) -> None:
        book = self.book
        stats = frame.select(
            [(pl.col(status_col(p)) == s).sum().alias(f"{p}|{s}")
             for p in book.programs for s in STATUSES]
            + [pl.col(unclaimed_col(p)).fill_null(False).sum().alias(f"{p}|unclaimed")
               for p in book.programs]
            + [((pl.col(status_col(p)) == ELIGIBLE) & pl.col(unclaimed_col(p)).is_null())
               .sum().alias(f"{p}|receipt_unknown") for p in self.result.receipt_unknown]
        ).row(0, named=True)
        for p in book.programs:
            for s in STATUSES:
                self.result.counts[p][s] += int(stats[f"{p}|{s}"])
            self.result.unclaimed[p] += int(stats[f"{p}|unclaimed"])
        for p in self.result.receipt_unknown:
            self.result.receipt_unknown[p] += int(stats[f"{p}|receipt_unknown"])


def screen_roster(book: Rulebook, roster: pl.DataFrame, on: dt.date, _: Gettext,
                  progress: Progress | None = None,
                  programs: list[str] | None = None, keep_facts: bool = False,
                  lang: str = "zh-Hans") -> RosterResult:
    """Screen a roster held in memory whose column names are its header row, on ``on``, for
    every program of the rulebook or only ``programs``; the result rows in ``.frame``.

    Cells are text (String or Categorical); other types are read as their text. For files,
    :func:`app.roster.run.screen_file` reads and writes in batches instead."""
    book = only(book, programs)
    mapping = find_mapping([(1, roster.columns)], Names.of(book), _, header_index=0)
    screener = Screener(book, mapping, on, _, lang, keep_facts)
    raw = roster.select(pl.col(c).cast(pl.String).alias(col(i))
                        for i, c in enumerate(roster.columns))
    frame = screener.batch(Batch(raw.with_row_index(ROW, offset=2).with_columns(
        pl.col(ROW).cast(pl.Int64))))
    if progress is not None:
        progress(1.0)
    result = screener.result
    result.frame = frame
    result.seconds = dict(screener.seconds)
    return result


class _AmountTooWide(Exception):
    pass


def _status_expr(program: CompiledProgram, ctx: exprs.Context) -> pl.Expr:
    """The engine's ``evaluate`` as one expression: a settled criterion failing is a "no";
    an unknown one, or an unsettled one failing (the office decides), is undetermined."""
    if ctx.on < program.valid_from or (program.valid_until is not None
                                       and ctx.on > program.valid_until):
        return pl.lit(NOT_IN_FORCE, dtype=STATUS)
    settled: pl.Expr = pl.lit(True)
    open_: pl.Expr = pl.lit(True)
    for c in program.active(ctx.on):
        ok = exprs.cond(c.cond, ctx)
        ok = ok if c.kind == "requirement" else ~ok
        if c.unsettled:
            open_ = open_ & ok
        else:
            settled = settled & ok
    return (pl.when(settled.is_null()).then(pl.lit(UNDETERMINED, dtype=STATUS))
            .when(~settled).then(pl.lit(NOT_ELIGIBLE, dtype=STATUS))
            .when(open_.fill_null(False)).then(pl.lit(ELIGIBLE, dtype=STATUS))
            .otherwise(pl.lit(UNDETERMINED, dtype=STATUS)))


def _compile(program: CompiledProgram, ctx: exprs.Context) -> tuple[pl.Expr, pl.Expr | None]:
    status = _status_expr(program, ctx)
    spec = program.model.amount
    if spec is None or program.amount is None or not spec.in_screening:
        return status, None
    scale = exprs.scale_needed(program.amount, ctx)
    if scale > exprs.MAX_SCALE:
        raise _AmountTooWide(f"needs {scale} decimal places")
    out_scale = min(exprs.result_scale(program.amount, ctx), scale)
    value = exprs.amount(program.amount, ctx, scale).cast(exprs.dec(out_scale))
    return status, value


def implication_passes(book: Rulebook) -> int:
    """How many passes over the implications reach their fixed point on every row: the most
    implications in a chain, one implying a fact that the next reads (1 where none does, as in
    rules/facts.yaml); their number where the chains go round."""
    imps = book.extras.implications if book.extras is not None else ()
    feeds = [[i for i, before in enumerate(imps) if set(before.then) & set(imp.cond.facts_used())]
             for imp in imps]  # for each implication, those that imply what it reads
    chain = [1] * len(imps)  # the longest chain ending at each, found so far
    for _round in imps:  # (a loop's chains grow every round: capped at their number)
        chain = [1 + max((chain[i] for i in feeds[j]), default=0) for j in range(len(imps))]
    return min(max(chain, default=0), len(imps))


def _with_implied(book: Rulebook, typed: pl.DataFrame, ctx: exprs.Context,
                  passes: int) -> pl.DataFrame:
    """The facts that ``implies:`` (rules/facts.yaml) derives, filled where a row leaves them
    blank, as :func:`app.engine.implied.apply` does for one person (never over a given cell;
    ``passes`` times, :func:`implication_passes`, so that chains reach their fixed point)."""
    imps = book.extras.implications if book.extras is not None else ()
    for _pass in range(passes):
        for imp in imps:
            holds = exprs.cond(imp.cond, ctx).fill_null(False)
            typed = typed.with_columns(
                pl.when(pl.col(name).is_null() & holds)
                .then(exprs.literal(ctx, name, value)).otherwise(pl.col(name)).alias(name)
                for name, value in imp.then.items())
    return typed


def _screen_all(book: Rulebook, typed: pl.DataFrame, on: dt.date,
                plans: dict[str, tuple[pl.Expr, pl.Expr | None]], fallback: dict[str, str],
                amount_fallback: set[str], receives: list[str],
                errors: pl.Series) -> pl.DataFrame:
    n = typed.height
    statuses = [status.alias(status_col(pid)) for pid, (status, _v) in plans.items()]
    # an amount that is the same for everyone eligible (90 元 a month) is set in the statuses'
    # pass, on every eligible row; the others only on the rows that are eligible (few), where
    # their decimal arithmetic, the dear part, is done
    constant = {pid: value for pid, (_s, value) in plans.items()
                if value is not None and not value.meta.root_names()}
    try:
        # polars' in-memory engine, not the streaming one its lazy queries take by default:
        # that gives each column in pieces, one per thread, which the next step of a frame with
        # other columns whole copies into one, every column of it (~7 ms a batch of 250,000)
        out = typed.lazy().with_columns(statuses).with_columns(
            pl.when(pl.col(status_col(pid)) == ELIGIBLE).then(value.cast(pl.String))
            .alias(amount_col(pid)) for pid, value in constant.items()
        ).collect(engine="in-memory")
    except pl.exceptions.ComputeError:  # (overflow of the decimal type: as the others, below)
        if not constant:
            raise
        constant = {}
        out = typed.with_columns(statuses)
    amounts: list[pl.Series] = []
    for pid, (_status, value) in plans.items():
        if value is None:  # (no amount; or the engine's, below)
            amounts.append(_nulls(amount_col(pid), n, pl.String))
        if value is None or pid in constant:
            continue
        eligible = out.get_column(status_col(pid)) == ELIGIBLE
        rows = eligible.arg_true()
        column = _nulls(amount_col(pid), n, pl.String)
        if rows.len():
            try:  # (lazily, so that only the columns the amount reads are filtered)
                got = out.lazy().filter(pl.lit(eligible)).select(
                    value.cast(pl.String)).collect().to_series()
            except pl.exceptions.ComputeError:  # overflow of the decimal type
                amount_fallback.add(pid)
                fallback.setdefault(pid, "amount: overflow in bulk arithmetic")
                continue
            column = column.scatter(rows, got)
        amounts.append(column)
    out = out.with_columns(amounts)
    if fallback:
        out = out.with_columns(_engine_columns(book, out, on, fallback, amount_fallback))
    results: list[pl.Expr] = []
    for pid in book.programs:
        st = pl.col(status_col(pid))
        elig = (pl.when(st == UNDETERMINED).then(pl.lit(None, dtype=pl.Boolean))
                .otherwise(st == ELIGIBLE))
        gets = pl.col(RECEIVES + pid) if pid in receives else pl.lit(None, dtype=pl.Boolean)
        results.append((elig & ~gets).alias(unclaimed_col(pid)))
    out = out.with_columns(results)
    # the list of programs qualified for but not received, built only on the rows that have one
    flags = [pl.col(unclaimed_col(p)).fill_null(False) for p in book.programs]
    rows = out.select(pl.any_horizontal(flags)).to_series().arg_true()
    listing = _nulls(UNCLAIMED_ALL, n, pl.String)
    if rows.len():
        some = out.select(unclaimed_col(p) for p in book.programs)[rows].select(pl.concat_str(
            [pl.when(f).then(pl.lit(p)) for f, p in zip(flags, book.programs, strict=True)],
            separator=" ", ignore_nulls=True)).to_series()
        listing = listing.scatter(rows, some)
    return out.with_columns(listing, errors.alias(ERRORS)).select(output_columns(book))


def _needs_expr(book: Rulebook, gives: dict[str, list[str]], separator: str) -> pl.Expr:
    """Per row (over the typed facts and the statuses), the headers of the roster's columns
    whose cells are blank or unread (the fact unknown) and that some program undetermined on
    the row reads (its criteria's facts), ``separator`` between them, once each, in the roster's
    order; null where there is none (nothing undetermined, or only for columns the roster has
    not: the summary names those)."""
    order = list(dict.fromkeys(h for hs in gives.values() for h in hs))
    pending: dict[str, list[pl.Expr]] = {h: [] for h in order}
    for pid, program in book.programs.items():
        undetermined = pl.col(status_col(pid)) == UNDETERMINED
        for fact in program.facts_used:
            for header in gives.get(fact, []):
                pending[header].append(undetermined & pl.col(fact).is_null())
    parts = [pl.when(pl.any_horizontal(conds)).then(pl.lit(header))
             for header, conds in pending.items() if conds]
    if not parts:
        return pl.lit(None, dtype=pl.String).alias(NEEDS)
    text = pl.concat_str(parts, separator=separator, ignore_nulls=True)
    return pl.when(text != "").then(text).alias(NEEDS)


def _left_out(batch: Batch, mask: pl.Series) -> Batch:
    """``batch`` without the rows where ``mask`` is true: its bad cells' positions moved up
    by the rows left out before them, those of the rows left out dropped."""
    problems = []
    if batch.problems:
        at = [k for k, _i, _p in batch.problems]
        before = mask.cast(pl.UInt32).cum_sum().gather(at).to_list()
        problems = [(k - n, i, p) for (k, i, p), n, out in
                    zip(batch.problems, before, mask.gather(at).to_list(), strict=True)
                    if not out]
    return Batch(batch.frame.filter(~mask), problems)


def _moved_up(again: pl.DataFrame, mask: pl.Series) -> pl.DataFrame:
    """``again`` (:meth:`.repeats.Repeats.batch`'s, none of its rows left out) with each
    ``pos`` moved up by the rows left out before it (``mask``: true where left out)."""
    before = mask.cast(pl.UInt32).cum_sum()
    return again.with_columns(pl.col("pos") - before.gather(again.get_column("pos")))


def _titles_above(repeats: list[int], cells: pl.DataFrame, no_person: pl.Series,
                  numbered: bool = False) -> list[int]:
    """The title rows of lists joined one under another: going up from each row that repeats
    the header (``repeats``, positions in ``cells``, the batch's cells as text, None where
    blank), over the rows that are no person already (``no_person``: blank, totals, header),
    the rows whose filled cells all hold one and the same text that reads as a title, or it
    and its number or date (:func:`_title_row`: 百色市某县残疾人名单, 二、; merged across the
    row or not), stop at the first that does not: a person's row holds a name, a tick, a
    number. A title merged across the row (:func:`_merged_title`) may be short (新靖镇), and
    so may one in the first column alone, as a CSV holds a merged cell's text, where that is
    the column of the list's numbers (``numbered``: 序号), which a person's row holds a
    number in, never a place. Above the first header, every row is left out already
    (:attr:`~.headers.ColumnMap.above`); a title that ends a batch is held back for the next
    (:meth:`Screener.carry`)."""
    titles: set[int] = set()
    skip = no_person.to_list()
    for k in repeats:
        j = k - 1
        while j >= 0 and j not in titles:
            if skip[j]:
                j -= 1
                continue
            row = cells.row(j)
            if not (_title_row({v for v in row if v is not None}) or _merged_title(row)
                    or numbered and _first_cell_title(row)):
                break
            titles.add(j)
            j -= 1
    return sorted(titles)


HELD_ROWS = 50  # rows with text held back at most at a batch's end (Screener.carry)


def _quoted(text: str, _: Gettext) -> str:
    """A cell's text as a reason quotes it: the first :data:`WHY_CHARACTERS` of a long one,
    without invisible format characters (a right-to-left override pasted into a cell would
    reorder the line it is quoted in, on the console, the page and the sheet: the fifty-ninth
    tester's)."""
    from app.codec.text import visible  # (only where a reason is written: few cells)

    text = visible(text)
    return text if len(text) <= WHY_CHARACTERS else text[:WHY_CHARACTERS] + _("……")


def _texts(cells: list[str]) -> list[pl.Expr]:
    """The columns ``cells`` as text without blanks at its edges, null where nothing is left."""
    return [pl.col(c).cast(pl.String).str.replace_all(BLANK_EDGES, "").replace("", None)
            for c in cells]


# beside a title, in its row or a line of its own: its number in the sheet (二、, （一）, 3.),
# its date (2025年6月), its unit (单位：元) or its part (（第二批）); not a bare 序号 (1)
TITLE_ASIDE = later(r"[（(]?[一二三四五六七八九十]{1,3}[)）、.．]?|\d{1,2}[、.．]"
                         r"|[（(]\d{1,2}[)）]|\d{4}\s*年(\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?)?"
                         r"|\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?"
                         r"|单位[：:].{1,8}|[（(]第?[一二三四五六七八九十\d]{1,3}批?[)）]")
# the words a list's title holds and a name does not (名单, 花名册, 统计表)
LIST_WORDS = later("名单|名册|表|清单|台账|统计|汇总|明细")
# a title of places alone, each a name and its kind (乐里镇新华村二组, 百色市右江区龙景街道), where
# a name holds such a word inside (覃村英): a long title ends with one of these kinds (an
# address of a city and its district alone may be a person's only cell); a short one may end
# with any, where it cannot be a person's cell (右江区, 平果市: :func:`_merged_title`,
# :func:`_first_cell_title`)
PLACES = later(rf"(?:[^\s·]{{1,6}}?(?:{PLACE_KINDS}|市|区))*[^\s·]{{1,6}}?(?:{PLACE_KINDS})")
SHORT_PLACES = later(rf"(?:[^\s·]{{1,6}}?(?:{PLACE_KINDS}|市|区))+")


def _may_be_title(texts: set[str]) -> bool:
    """Whether a row of the distinct ``texts`` at the end of a batch is held back for the next
    (:meth:`Screener.carry`): blank, one text, or a title with its number or date."""
    return len(texts) <= 1 or _title_row(texts)


def _title_row(texts: set[str]) -> bool:
    """Whether a row of the distinct ``texts`` is part of a list's title: one text that reads
    as a title (:func:`_title_like`), with at most its number, date or unit beside it, or a
    line of those alone (:data:`TITLE_ASIDE`: 二、, 2025年6月, 单位：元, （第二批）). A person's
    row is none (a name, 是 ticked, an ID number; a 序号 and a name; a name and an address)."""
    titles = [t for t in texts if _title_like(t) and not TITLE_ASIDE.fullmatch(t)]
    return len(titles) <= 1 and bool(texts) and all(t in titles or TITLE_ASIDE.fullmatch(t)
                                                    for t in texts)


# the columns of a form numbered in a row under its header: 甲, 乙 … for the first ones, or
# 栏次, if any, then 1, 2, 3 … (①, 1.0 as some write them)
NUMBER_LABELS = "甲乙丙丁戊己庚辛"
NUMBER_WORDS = ("栏次", "栏号", "列号", "编号", "序号")
UNDER_ROWS = 4  # rows looked at under a header for its columns' numbers, blank ones included
SEQ_HEADERS = ("序号", "编号", "序", "No.", "NO.", "No")  # a list's column of 1, 2, 3 …


def is_seq_header(header: str) -> bool:
    """Whether a column's header names the list's numbers of people (序号, 序 号)."""
    return re.sub(GAPS, "", header) in SEQ_HEADERS


CHINESE_NUMBERS = "一二三四五六七八九十"
# a number as forms write one in a cell: 3, 3.0, 3., （3）, 3栏, ③ (read after NFKC: 3)
NUMBER_CELL = later(r"[(（]?(\d{1,3})(?:\.0+|[.．、]|栏)?[)）]?")
# a 序号 cell alone in its row (the same, in polars' regular expressions; ① to ⑳ as such)
SEQ_CELL = (r"^\s*(?:[(（]?(?:\d{1,6}|[一二三四五六七八九十]{1,3})(?:\.0+|[.．、])?[)）]?"
            r"|[\x{2460}-\x{2473}\x{2160}-\x{216B}])\s*$")


def _column_number(text: str) -> int | None:
    """The number a cell of a columns' numbering row writes (:data:`NUMBER_CELL`; 一 to 十 as
    well, and the columns' letters, A to Z, as a sheet names them: the thirty-seventh
    tester's row of A, B, C … under the header, screened as a person), or None."""
    if len(text) == 1 and text in CHINESE_NUMBERS:
        return CHINESE_NUMBERS.index(text) + 1
    if len(text) == 1 and "A" <= text.upper() <= "Z" and text.isascii():
        return ord(text.upper()) - ord("A") + 1
    m = NUMBER_CELL.fullmatch(text)
    return None if m is None else int(m.group(1))


def _numbering(row: tuple[str | None, ...], enough: int) -> bool:
    """Whether ``row`` (every cell's text, None where blank) numbers the columns, as forms do
    in a row under the header: 1, 2, 3 … rising from 1, three at least, after 甲, 乙 … or 栏次
    if any, in ``enough`` cells at least (two thirds of the header's). A number may be left
    out where a column was deleted (1, 2, 4), and one cell in six left blank among them (a
    column not numbered): a person's row with a 序号 and codes for their category and grade,
    its name and ID number blank (1, , , 2, 3; 1, , 6, 7), is a person's."""
    filled = [(k, unicodedata.normalize("NFKC", v)) for k, v in enumerate(row) if v is not None]
    labels = 0
    while labels < len(filled) and labels < len(NUMBER_LABELS) \
            and filled[labels][1] == NUMBER_LABELS[labels]:
        labels += 1
    if not labels and filled and filled[0][1] in NUMBER_WORDS:
        labels = 1
    found = [(k, _column_number(v)) for k, v in filled[labels:]]
    if len(filled) < enough or len(found) < 3 or not all(n is not None for _k, n in found):
        return False
    numbers = [(k, n) for k, n in found if n is not None]
    gaps = numbers[-1][0] - numbers[0][0] + 1 - len(numbers)  # blank cells among them
    return gaps <= len(numbers) // 6 and all(  # (1, 2, 3 …, one left out at most)
        k + 1 <= n <= k + 2 for k, (_i, n) in enumerate(numbers)) and all(
        a < b for (_i, a), (_j, b) in zip(numbers, numbers[1:], strict=False))


# a cell under a header that gives its column's unit or how to fill it: in brackets (（是/否）,
# （填是/否）, （元）, (元/月), 【必填】)
UNIT_CELL = later(r"[（(【\[][^（()）【】\[\]]{1,20}[)）】\]]")


def _units(row: tuple[str | None, ...]) -> bool:
    """Whether ``row`` (every cell's text, None where blank) gives the columns' units or how
    to fill them, as a form does in a row under its header: every filled cell in brackets
    (:data:`UNIT_CELL`), one at least (the thirty-seventh tester's （是/否） and （填是/否）,
    screened as a person). A person's row holds a name or a number out of brackets."""
    filled = [unicodedata.normalize("NFKC", v).strip() for v in row if v is not None]
    return bool(filled) and all(UNIT_CELL.fullmatch(v) for v in filled)


def _merged_title(row: tuple[str | None, ...]) -> bool:
    """Whether ``row`` (every cell's text, None where blank) is a title merged across the
    whole row, which an .xlsx gives each cell of: one text in every cell, three or more, with
    a word of titles (新靖镇, 二组): shorter than :func:`_title_like` asks, as a name in one
    cell may be, but a person's row never holds one text in every cell."""
    return len(row) >= 3 and len(set(row)) == 1 and _place_like(row[0])


_TOTALS, _PLACE_TOTALS, _COUNTS, _NOTES, _ROLES, _ROLE_ALONE, _LONE_NOTES, _OFFICE_LINE, \
    _SECTIONS, _LONE_SECTIONS, _COUNTED = (later(p) for p in (
        TOTALS, PLACE_TOTALS, COUNTS, NOTES, ROLES, ROLE_ALONE, LONE_NOTES, OFFICE_LINE,
        SECTIONS, LONE_SECTIONS, COUNTED))
# a form's line's cell beside its first: a label and its colon, or a seal (制表人： | 审核人： |
# 负责人： | （盖章）): however many, no person's row holds only these
FORM_LABEL = later(rf"{_LABEL}.*|[（(]?(?:盖章|公章|签章|章)[)）]?")


def _kinds(firsts: list[str | None], rows: list[tuple[str | None, ...]]
           ) -> tuple[list[bool], list[bool], list[bool]]:
    """Of rows (their cells' text, None where blank) whose first filled cell is ``firsts``'
    (its blanks taken out), which are a totals row's, a form's line, a section's heading: see
    :data:`TOTALS` (told first), then :data:`NOTES` and :data:`ROLES`, :data:`SECTIONS`,
    :data:`COUNTS`, :data:`COUNTED`; none where the row holds a person's number
    (:func:`_holds_number`), and only :data:`TOTALS` and :data:`PLACE_TOTALS` where its
    other cells are not a form's labels (:data:`FORM_LABEL`), and it holds more than
    :data:`FORM_CELLS` cells or they are not as a form's or a totals row's are
    (:data:`FORM_CELL`: a person's, 男, 肢体, 是)."""
    totals, notes, sections = [], [], []
    for first, row in zip(firsts, rows, strict=True):
        at = next((k for k, v in enumerate(row) if v is not None), None)
        raw = None if at is None else row[at]
        total = note = section = False
        if first is not None and raw is not None and not _holds_number(row, at or 0):
            texts = {v for v in row if v is not None}
            alone = len(texts) == 1
            # (a person's row of codes, 1, 4, 1, 0, holds more cells than a form's line)
            others = [v for v in texts if v != raw]
            formlike = alone or all(FORM_LABEL.fullmatch(v) for v in others) or sum(
                v is not None for v in row) <= FORM_CELLS and all(
                FORM_CELL.fullmatch(v) for v in others)
            total = _TOTALS.match(first) is not None or _PLACE_TOTALS.match(raw) is not None
            if formlike and not total:
                note = bool(_NOTES.match(first) or _ROLES.match(raw) or _OFFICE_LINE.match(
                    first) or alone and (_ROLE_ALONE.match(raw) or _LONE_NOTES.match(first)))
                section = not note and (_SECTIONS.match(first) is not None
                                        or alone and _LONE_SECTIONS.match(first) is not None)
                total = not (note or section) and _COUNTS.match(raw) is not None
                section = section or not (note or total) and _COUNTED.match(first) is not None
        totals.append(total)
        notes.append(note)
        sections.append(section)
    return totals, notes, sections


def _holds_number(row: tuple[str | None, ...], first: int) -> bool:
    """Whether a row holds an ID or certificate number (:data:`ID_IN_CELL`), or beside its
    first filled cell (at ``first``) a number as long as a telephone's
    (:data:`~.headers.PERSON_NUMBER`) and not after a label (监督电话：…, a form's line): a
    person's."""
    return any(v is not None and (ID_IN_CELL.search(v) or k != first and PERSON_NUMBER.search(v)
                                  and not _LABELLED.match(v)) for k, v in enumerate(row))


def _first_cell_title(row: tuple[str | None, ...]) -> bool:
    """Whether ``row``'s one filled cell is its first, with a word of titles (新靖镇): how a CSV
    holds a title of merged cells (the caller asks it only where the first column is not the
    column of names)."""
    return bool(row) and all(v is None for v in row[1:]) and _place_like(row[0])


def _place_like(text: str | None) -> bool:
    """Whether a short text may be a title: two characters at least, a list's word or places
    alone (新靖镇, 那坡屯, 右江区: :data:`SHORT_PLACES`)."""
    return text is not None and len(text) >= 2 and _titled(text, SHORT_PLACES)


def _titled(text: str, places: re.Pattern[str]) -> bool:
    """Whether ``text``, less a note in brackets and blanks (:data:`NAME_NOTE`), holds a list's
    word (:data:`LIST_WORDS`) or is ``places`` alone, with no · (as names of two parts have)."""
    bare = re.sub(NAME_NOTE, "", text)
    return "·" not in bare and not SEE_LIST.search(bare) and (
        LIST_WORDS.search(bare) is not None or places.fullmatch(bare) is not None)


# a note beside a name sending to another list (韦金花 见低保名单, 凌光（户主）详见花名册): no title
SEE_LIST = later(r"[见詳详参]见?.{0,8}(?:名单|名册|表)")


def _title_like(text: str) -> bool:
    """Whether ``text`` reads as a list's title (田林县乐里镇残疾人名单, 乐里镇新华村二组): six
    characters at least besides a note in brackets and blanks, with a list's word or places
    alone (:func:`_titled`, :data:`PLACES`). A name is shorter, or holds such a word inside it
    (黄秀英（户主）, 韦金村【户主】, 覃村英 户主 已故, 阿卜杜热合曼·买买提); a tick, an ID or
    certificate number neither."""
    return len(re.sub(NAME_NOTE, "", text)) >= 6 and _titled(text, PLACES)


# a note beside a name, in brackets of any kind, and blanks: 韦金村（户主）, 韦金村【户主】
NAME_NOTE = r"[（(【\[〔][^（()）【】\[\]〔〕]*[)）】\]〕]|\s"


def _cell_problems(batch: Batch, mapping: ColumnMap, _: Gettext) -> list[ParsedColumn]:
    """Spreadsheet cells that could not be read exactly, as errors of their rows."""
    if not batch.problems:
        return []
    messages = {
        "lost_digits": _("这个数字单元格存不下这么长的数字（超过 15 位有效数字），"
                         "Excel 已改动了它。请把这一列设为“文本”格式后重新填写。"),
        "formula_without_value": _("公式没有保存计算结果。请在 Excel 中打开并保存后再上传，"
                                   "或把公式换成数值。"),
        "error_value": _("单元格是 Excel 的错误值（例如 #N/A）。"),
        # (every digit in the file, as an exporter writing int64 writes it: Excel has not
        # changed it, but would on opening it; the fifty-sixth tester's, told it had)
        "exact_digits": _("这个数字单元格存了超过 15 位有效数字的长号码：文件里的号码是完整的，"
                          "但 Excel 打开时会把第 15 位以后改成 0，所以没有读取。请把这一列设为"
                          "“文本”格式后重新填写。"),
    }
    out: list[ParsedColumn] = []
    for k, i, problem in batch.problems:
        header = mapping.columns[i].header if i < len(mapping.columns) else str(i)
        said = messages["exact_digits" if problem.exact else problem.code]
        out.append(ParsedColumn("__cell", pl.Series([], dtype=pl.Null), 0, [k],
                                [f"{header}: {said}"], header=header))
    return out


def _nulls(name: str, n: int, dtype: Any) -> pl.Series:
    return pl.repeat(None, n, dtype=dtype, eager=True).alias(name)


def _row_errors(parsed: list[ParsedColumn], rownums: pl.Series, problems: Problems,
                keep: int = 50) -> pl.Series:
    """Each row's bad cells as "column: message; …" (null when none), in column order; counts
    them per column and keeps the first ``keep`` (sheet row, column, message) for the report."""
    none = _nulls(ERRORS, rownums.len(), pl.String)
    rows: list[int] = []
    order: list[int] = []
    texts: list[str] = []
    for k, p in enumerate(parsed):
        if p.bad_rows:
            problems.counts[p.header] = problems.counts.get(p.header, 0) + len(p.bad_rows)
            rows += p.bad_rows
            order += [k] * len(p.bad_rows)
            texts += p.bad_texts
    if not rows:
        return none
    bad = pl.DataFrame({"row": rows, "order": order, "text": texts},
                       schema={"row": pl.UInt32, "order": pl.Int32, "text": pl.String})
    bad = bad.sort("row", "order")
    room = keep - len(problems.first)
    if room > 0:
        for row, text in bad.head(room).select("row", "text").iter_rows():
            column, _sep, message = text.partition(": ")
            problems.first.append((int(rownums[row]), column, message))
    joined = bad.group_by("row", maintain_order=True).agg(pl.col("text").str.join("; "))
    return none.scatter(joined.get_column("row"), joined.get_column("text"))


def _engine_columns(book: Rulebook, typed: pl.DataFrame, on: dt.date,
                    fallback: dict[str, str], amount_only: set[str]) -> list[pl.Series]:
    """Status and amount of the fallback programs, with the per-person engine, row by row
    (a fact with no column in ``typed`` is unknown, as a blank cell is)."""
    names = [name for name in book.facts if name in typed.columns]
    decided = sorted(amount_only)  # their status is compiled; only the amount is per person
    statuses: dict[str, list[str]] = {p: [] for p in fallback}
    amounts: dict[str, list[str | None]] = {p: [] for p in fallback}
    for row in typed.select(names + [status_col(p) for p in decided]).iter_rows():
        facts: dict[str, Any] = {n: v for n, v in zip(names, row, strict=False)
                                 if v is not None}
        for pid in fallback:
            program = book.programs[pid]
            value: Decimal | None = None
            if pid in amount_only:
                status = row[len(names) + decided.index(pid)]
                if status == ELIGIBLE:
                    amount, _ = compute_amount(program, facts, on)
                    value = None if amount is None else amount.value
            else:
                r = evaluate(program, facts, on)
                status = r.status
                value = None if r.amount is None else r.amount.value
            statuses[pid].append(status)
            amounts[pid].append(None if value is None else _text(value))
    out = []
    for pid in fallback:
        out.append(pl.Series(status_col(pid), statuses[pid], dtype=STATUS))
        out.append(pl.Series(amount_col(pid), amounts[pid], dtype=pl.String))
    return out


def _text(value: Decimal) -> str:
    return format(value, "f")
