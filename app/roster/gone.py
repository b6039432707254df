"""The people a workbook lists as dead on a sheet of their own (死亡注销, 已故人员, 过世人员),
beside its villages' sheets (the forty-third tester's: the county's 死亡注销 sheet was passed
over, and the two people on it screened from their villages' sheets as qualifying and not
receiving).

:mod:`.sheets` passes over a sheet of people who died or were struck off, by its name
(:data:`~.sheets.GONE_NAMES`; not a list of the living beside such a word, 未死亡人员,
配偶已故人员, 逝者家属: :data:`~.sheets.LIVING_NAMES`, screened). Of those, a sheet whose name
says a death as a cell would (:func:`dead_by_name`: 死亡注销, 过世人员, not 疑似死亡, 死亡待核实
or 非死亡人员, which stay passed over), or a list struck off whose note says the death
(停发名单（死亡）, 减少人员（已故）: :func:`~.sheets.dead_by_note`), and whose notes say nothing
against its deaths (:func:`_note_stands`: 死亡（已核实）, 已故人员（待销户）,
死亡人员（不含迁出）, 死亡人员(公安核查) stand; a doubt, an error or a withdrawal,
死亡人员（待核）, （疑似）, （误报恢复）, （已撤销）, passes the sheet over, its people
screened and the sheets' note saying so) is read (:func:`dead_list`, before the villages' sheets
are), hidden or not, and whatever sheets the clerk names to screen (unless it is named itself:
it is then screened): its list's header found as any sheet's (:func:`~.headers.find_mapping`),
its people by their ID or certificate number as :mod:`.repeats` names a person (either number:
one mistyped, the other still names them, unless the two are two people's, :func:`_people`), and
the date of death where a column gives one (:func:`~.deaths.column_kind`). A row any of whose
cells says the person lives (:func:`~.deaths.says_alive` under its column's kind: 是否死亡 否,
备注 本人健在; the sheet's own words of a state, 人员状态 正常 or 在册, or 正常 under 死亡日期;
a death withdrawn, 死亡已撤销, 恢复) is no death, nor one that doubts it (死亡待核实, 疑似死亡),
nor one whose only word of a death is another's (备注 其父已故, no date of death: the
forty-eighth tester's 已故人员 row 6, that person left out; a doubt): each counted, and the
sheets' note says so. A row of the roster whose person it lists is left
out as dead, with why (:func:`listed_dead`, :class:`~.bulk.Screener`), unless the sheet dates
the death after the screening date (alive that day, the person is screened): by the row's date
column, else by a note's date of death (2025年8月去世), else by the sheet's name (2026年死亡,
死亡人员（2025年7月）: :func:`name_date`). A sheet without a column naming a person cannot be
matched, and the sheets' note says so. At most :data:`MAX_LISTED` rows are read of such sheets
in all; the rest are said. A list struck off, stopped or reduced whose name says
no death (注销名单, 停发名单, 减少人员, 注销 alone: :func:`struck_by_name`; the forty-eighth
tester's 注销名单 with 注销原因 死亡 for a person screened as qualifying and not receiving, its
停发名单 and 减少人员 screened as the list) is read so too, but only its rows one of whose cells
says the person's own death (:func:`_own_death`: 注销原因, 停发原因, 原因 or 备注 死亡, 已故,
2024年去世; a yes under 是否死亡, a date under 死亡日期) list a death, with that cell named
where the person is left out; its other rows (迁出, 户口迁移, 其父已故, blank) are no death,
their people screened, and the note says how many, the clerk deciding (but a reason saying the
person missing or the household registration cancelled, 失踪, 户口注销, as at a death: a doubt,
noted on the person's row, the fifty-second tester's); such a list without an
ID or certificate number column, or no list's header, is passed over as before. Other
struck-off sheets (迁出, 删除, 作废, 死亡及迁出人员) are passed over as before: moving away or a
deleted row is no death, and the clerk decides. So is a comparison's result (死亡比对结果, a
check's without its result in the name, as 死亡核查): it may list each person compared,
matched or not (未比中), and no row's result is read as life; 死亡核实名单 names its deaths
verified, as 死亡（已核实） does, and is read (its rows' 核实结果 健在 or 待核实 are not
taken). A sheet whose name says nothing of a death nor of people struck off (Sheet3, 新增人员)
is not read for deaths, whatever its rows hold: under another header it is named so in the
note, and the clerk decides.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.i18n import Gettext

from .bounds import RosterError
from .deaths import (
    ANY,
    DATE,
    DEATH_WORDS,
    MAY_SAY,
    Kind,
    death,
    missing,
    other_person,
    says_alive,
)
from .headers import CERTIFICATE_NUMBER, ID_NUMBER, Column, Names, death_kind, find_mapping
from .lazy import later
from .sheets import EXCLUDING, LIVING_NAMES, dead_by_note, notes_of, outside_notes

if TYPE_CHECKING:
    import polars as pl

    from .files import HeadCell, Opened

# the day against which a sheet's name is read as a cell (any death it says is by then)
_FAR = dt.date(9999, 12, 31)
MAX_LISTED = 100_000  # rows of sheets of the dead read, at most, in all


@dataclass(slots=True)
class DeadList:
    """A sheet of people who died (:func:`dead_list`): its name; of each row of its list read
    that lists a death by the screening date (not ``alive``, ``doubted`` or ``later``), its
    sheet row and its cells of the ID number, the certificate number and the date of death
    (None: blank, or no such column); the date's header; how many rows beyond those read."""

    name: str
    rows: list[int] = field(default_factory=list)
    ids: list[str | None] = field(default_factory=list)
    certs: list[str | None] = field(default_factory=list)
    dates: list[str | None] = field(default_factory=list)
    date_header: str | None = None
    more: int = 0
    # rows read whose ID and certificate numbers name no one (blank, mistyped, or an ID
    # number kept as a number, its last digits lost): their people cannot be matched
    unnamed: int = 0
    # the sheet rows read one of whose cells says the person lives (是否死亡 否, 本人健在,
    # 人员状态 正常, 死亡已撤销): not listed as dead, nor in the lists above
    alive: list[int] = field(default_factory=list)
    hidden: bool = False  # a hidden sheet (the clerk may not know it is there)
    # the sheet rows one of whose cells doubts the death (死亡待核实, 疑似死亡): not listed
    doubted: list[int] = field(default_factory=list)
    # the sheet rows whose death is dated after the screening date (by the row's date
    # column, a note's date of death, or the sheet's name): alive that day, not listed
    later: list[int] = field(default_factory=list)
    # the date the sheet's name gives its deaths (2026年死亡: 2026年; :func:`name_date`), and
    # how many of ``later`` it alone dated after the screening date
    named: str | None = None
    named_later: int = 0
    # of ``rows``, those whose ID and certificate numbers are two people's (both well formed,
    # their check digits right): matched by the ID number alone (:func:`_people`)
    two_people: list[int] = field(default_factory=list)
    # a list struck off, stopped or reduced (注销名单, 停发名单, 减少人员: :func:`struck_by_name`),
    # read for its rows whose reason says a death: of each of ``rows``, the header and the
    # text of the cell saying it (注销原因, 死亡); the sheet rows whose reason says none (迁出,
    # 户口迁移, blank), their people screened; and whether its people could be compared at all
    # (False: no list's header, or no ID or certificate number column, found on it)
    struck: bool = False
    reasons: list[tuple[str, str] | None] = field(default_factory=list)
    not_dead: list[int] = field(default_factory=list)
    compared: bool = True
    # of ``doubted``, each row's ID and certificate numbers: the person of the list it names
    # is screened with a note on their row (the fiftieth tester's: only the summary said it)
    doubted_ids: list[str | None] = field(default_factory=list)
    doubted_certs: list[str | None] = field(default_factory=list)

    @property
    def read(self) -> int:
        """The rows of its list read (within :data:`MAX_LISTED`)."""
        return len(self.rows) + len(self.alive) + len(self.doubted) + len(self.later) + \
            len(self.not_dead)


def dead_by_name(name: str) -> bool:
    """Whether a sheet's name says its people died, read as a cell is
    (:func:`~.deaths.death` under :data:`~.deaths.ANY`), its notes in brackets aside:
    死亡注销, 已故人员, 过世人员, 2026年死亡; or a list struck off with a note of death
    (停发名单（死亡）, 减少人员（已故）: :func:`~.sheets.dead_by_note`); not a doubt, a check or
    a denial (疑似死亡, 死亡待核实, 死亡核查, 非死亡人员), nor a list that leaves the dead out
    (全镇汇总（不含已故）, 剔除死亡后名单) or lists the living (未死亡人员, 配偶已故人员, 逝者家属:
    :data:`~.sheets.LIVING_NAMES`, whatever :func:`~.deaths.death` reads of them), nor one
    that lists others too (死亡及迁出人员, 死亡人员（含迁出）: :func:`_others_too`), nor
    迁出 alone; and each note in brackets says nothing against the deaths
    (:func:`_note_stands`: 死亡（已核实）, 已故人员（待销户）, 死亡人员（不含迁出）,
    死亡（未领丧葬费）, 死亡人员(公安核查) stand; 死亡人员（待核）, （疑似）, （误报恢复）,
    （已撤销） do not). Or a list struck off, stopped or reduced, read for its rows whose
    reason says a death (:func:`struck_by_name`: 注销, 注销名单, 停发名单, 减少人员)."""
    outside = outside_notes(name)
    said = death(outside, ANY, _FAR)[0] and not EXCLUDING.search(outside) \
        and not LIVING_NAMES.search(outside)
    return (said or dead_by_note(name)) and not _others_too(name) and all(
        _note_stands(note) for note in notes_of(name)) or struck_by_name(name)


# a name's own words of a list struck off, stopped or reduced (注销名单, 停发名单, 减少人员)
_STRUCK = later(r"注销|销户|停发|停保|减少|减员|核减|除名")


def struck_by_name(name: str) -> bool:
    """Whether a sheet's name, saying nothing of a death, is of a list struck off, stopped or
    reduced (:data:`_STRUCK`: 注销名单, 停发名单, 减少人员, 除名), its notes in brackets aside,
    whose notes say nothing against it (:func:`_note_stands`: not 注销名单（待核实）): read
    by :func:`dead_list` for its rows whose reason says a death (the forty-eighth tester's
    注销名单 with 注销原因 死亡: that person was screened as qualifying and not receiving),
    its other rows' people screened. Not a list of the dead by name (死亡注销: each of its rows
    a death, :func:`dead_by_name`), nor one leaving them out or of the living (减员（不含已故）
    is one; 剔除注销后名单, 配偶已故停发人员 are not)."""
    outside = outside_notes(name)
    return _STRUCK.search(outside) is not None and not EXCLUDING.search(outside) \
        and not LIVING_NAMES.search(outside) and not death(outside, ANY, _FAR)[0] \
        and not dead_by_note(name) and all(_note_stands(note) for note in notes_of(name))


def _note_stands(note: str) -> bool:
    """Whether a note in a sheet of the dead's name leaves its deaths standing, read as a cell
    saying a death with the note after it (死亡已核实, 死亡待销户) is: by :func:`row_says` (a
    doubt, 待核, 未核实, 疑似, 核查中; an error or a withdrawal, 误报恢复, 有误, 已撤销, 已核实健在)
    and :func:`~.deaths.death` (a check without its result, 核查, 复核; a denial, 否). A
    verification done (已核实, 经核实), a write-off pending (待销户, 待注销), what the list leaves
    out (不含迁出), a benefit's state (未领丧葬费, 停发不补), a source (公安核查, 民政提供) or a
    date (2025年7月更新) stands (the forty-seventh tester's: any of 核 待 未 不 否 误 错 撤 疑 in
    a note had passed the sheet over, its people screened)."""
    said = "死亡" + re.sub(r"\s+", "", unicodedata.normalize("NFKC", note))
    return row_says(said, ANY, True) is None and death(said, ANY, _FAR)[0]


# a name's words of people moved away (迁出, 外迁), not left out (不含迁出, 迁出除外): the list
# holds the living beside the dead (死亡及迁出人员, 死亡人员（含迁出）); a row deleted, beside a
# death (死亡人员（已删除）), is the death's
_OTHERS = later(r"迁出|外迁|迁往|转出|调出")
_NOT_HELD = later(r"不含|不包|未含|(?<!删)除|以外|之外|不计")


def _others_too(name: str) -> bool:
    """Whether a sheet of the dead's name says it lists people moved away too (:data:`_OTHERS`:
    死亡及迁出人员, 死亡人员（含迁出）; not 死亡人员（不含迁出））: people alive, not to be left out
    as dead (the sheet is passed over, its people screened)."""
    return _OTHERS.search(name) is not None and _NOT_HELD.search(name) is None


# a date in a sheet's name (NFKC, without blanks): a year of four digits, then its month and
# day as far as written (2026年, 2025年7月, 2025年7月15日, 2025.7, 2025-07-15), or a part of the
# year or the month (2025年下半年, 2025年7月底); after 年, a month only before 月 (2025年8人死亡
# is a count)
_NAME_DATE = later(
    r"(?<![0-9])((?:19|20)[0-9]{2})(?:"
    r"年度?(?:(1[0-2]|0?[1-9])月份?(?:(3[01]|[12][0-9]|0?[1-9])[日号])?)?|"
    r"[.\-/](1[0-2]|0?[1-9])(?![0-9])(?:[.\-/](3[01]|[12][0-9]|0?[1-9])(?![0-9]))?|"
    r"(?![0-9]))"
    r"(上半年|下半年|上旬|中旬|下旬|年底|年末|底|末|初)?")
# a date in a name that is another event's, not the deaths': of an update, a check, a count,
# a report, a range's end (死亡人员（2025年7月更新）, 截至2025年5月死亡人员, 2024年至2025年), or
# the deaths' latest day (2025年前死亡: they died before it, by any day after it)
_NAME_EVENT_AFTER = later(
    r"的?(?:更新|核实|核查|核对|统计|上报|报送|填报|制表|导出|比对|整理|汇总|排查|摸排|版|"
    r"前|以前|之前|止|为止)")
_NAME_EVENT_BEFORE = later(r"(?:截至|截止|至|到|止|更新于?|核实于?|统计于?|制表|导出|"
                           r"填报|上报)[:：]?$")


def name_date(name: str) -> str | None:
    """The date a sheet's name gives the deaths it lists, as a date column's cell writes it
    (2026年死亡: 2026年; 死亡人员（2025年7月）, its note's: 2025年7月; 已故人员(2024年):
    2024年), the earliest where it gives several (2024年至2025年死亡: 2024年, so that the name
    dates them after the screening date only where every date it gives is); None where it
    gives none, or only another event's (死亡注销（2025年7月更新）, 截至2025年5月死亡人员,
    2025年前死亡人员). A row of the sheet without a date of death of its own is dated by it
    (:func:`dead_list`)."""
    plain = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    found: list[tuple[tuple[int, int, int], str]] = []
    for m in _NAME_DATE.finditer(plain):
        if _NAME_EVENT_AFTER.match(plain, m.end()) or _NAME_EVENT_BEFORE.search(plain, 0,
                                                                                m.start()):
            continue
        year, month, day, month_after, day_after, about = m.groups()
        month, day = month or month_after, day or day_after
        text = f"{year}年" + (f"{int(month)}月" if month else "") + (
            f"{int(day)}日" if day else "") + (about or "")
        found.append(((int(year), int(month or 0), int(day or 0)), text))
    return min(found)[1] if found else None


# a column of the person's state or a note, by its header's words (人员状态, 状态, 生存状况,
# 死亡情况, 核实结果, 备注, 说明, 是否健在), or of the date of death (死亡日期, 去世时间, 死亡
# 年月: the forty-seventh tester's 正常 there, read as an undated death): its cell of a state's
# words alone says the person lives (:data:`_STATE_ALIVE`); 发放状态 or 账户状态, a payment's or
# an account's, says nothing, nor 死亡原因 (正常 there: a natural death)
_STATE_HEADER = later(
    r"^(?:人员|本人|残疾人|持证人|人口|户籍|生存|存活|死亡|目前|当前|现在?|核实|核查)?"
    r"(?:状态|状况|情况|现状|结果)$|^备注|^说明|^(?:是否)?(?:健在|在世|存活)|"
    rf"(?:{DEATH_WORDS}|死|亡)(?:注销|销户)?的?(?:日期|时间|年月日?|年份)$")
# the dead sheet's own words of a living person's state, the cell's whole text (正常, 在册,
# 在籍, 健在, 正常在册): a state column's entry for one who was never struck off as dead
_STATE_ALIVE = later(r"(?:(?:人员)?状态[:：]?|现)?(?:正常|在册|在籍|健在|在世|存活|活着)+")
# a death doubted, in a clause (死亡待核实, 疑似死亡, 未核实, 核查中, 可能已去世, 已死亡？, 据传
# 已故): not believed, the clerk checks
_DOUBT = later(r"待核|待查|待确认|待定|待复核|待审核|待审|待认定|未核实|未核查|未确认|未证实|"
               r"核实中|核查中|调查中|存疑|疑似|疑为|怀疑|疑点|不确定|不能确定|无法确定|或已|可能已?|[?？]$|"
               # (hearsay, as deaths.py reads it: 据传已故, 听说已去世)
               r"据传|据说(?!明)|听说|传闻|传言|听闻|据闻|谣传|风传")
_CLAUSES = later(r"[，。；;,！!]+|(?<=[？?])")
# what a clause of a doubt holds besides its words where the doubt stands alone (待核实, 核查中,
# （疑似）, 尚待确认): the death's, on a sheet of the dead
_BARE_DOUBT = later(r"[\W0-9A-Za-z_的了已尚仍还实]*")
_MAY_SAY = later(MAY_SAY)  # (a polars pattern, read as Python's too)
# what a row's cell says of the person, beyond a death (:func:`row_says`)
_ALIVE, _DOUBTS = "alive", "doubts"


def state_column(header: str) -> bool:
    """Whether a column is of the person's state or a note (:data:`_STATE_HEADER`: 人员状态,
    状态, 备注, 核实结果), by its header: its cell of a state's words alone (正常, 在册) says the
    person lives (:func:`row_says`)."""
    return _STATE_HEADER.search(_header_words(header)) is not None


def row_says(text: str, kind: Kind, state: bool) -> str | None:
    """Whether a cell of a sheet of the dead, under a column of ``kind`` (``state``: a column of
    the person's state or a note, :data:`_STATE_HEADER`), says the person lives (``"alive"``:
    :func:`~.deaths.says_alive`, a state's words, a death withdrawn) or doubts the death
    (``"doubts"``), its last clause that says a death, a withdrawal or a doubt deciding
    (疑似死亡，经核实已死亡: a death); None where it says neither. A date column says only a
    date (死亡日期 待核实: the date is to be checked, not the death)."""
    if says_alive(text, kind):
        return _ALIVE
    plain = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if state and _STATE_ALIVE.fullmatch(plain):
        return _ALIVE
    if kind == DATE:
        return None
    said = None
    for clause in _CLAUSES.split(plain):
        if says_alive(clause, kind):  # (a death withdrawn: 死亡已撤销)
            said = _ALIVE
        elif _DOUBT.search(clause) and (_MAY_SAY.search(clause) or _BARE_DOUBT.fullmatch(
                _DOUBT.sub("", clause))):
            # (of the death: said beside it, or alone, 待核实; 低保待核实 is the benefit's)
            said = _DOUBTS
        elif said is not None and death(clause, kind, _FAR)[0]:
            said = None
    return said


def _dated(text: str, kind: Kind, on: dt.date) -> tuple[bool, bool] | None:
    """A cell's date of death against ``on`` (died by it, died after it) under a column of
    ``kind``; None where it gives none (blank, 已故, 不详). A cell under a column that is none
    of a death's (:data:`~.deaths.ANY`) gives one only where :data:`~.deaths.MAY_SAY` finds it
    may (a name, an address: most of a sheet's cells, passed over at once)."""
    if kind == ANY and _MAY_SAY.search(text) is None:
        return None
    by, after = death(text, kind, on)
    if after or by and death(text, kind, dt.date.min)[1]:  # (an undated death: by any day)
        return by, after
    return None


def _day(own: tuple[bool, bool] | None, noted: list[tuple[bool, bool]]
         ) -> tuple[bool, bool] | None:
    """A row's date of death (died by the screening date, died after it): its date column's
    (``own``), else its other cells' (``noted``; one by the day first), else None."""
    if own is not None or not noted:
        return own
    return next((day for day in noted if day[0]), noted[0])


def dead_list(opened: Opened, index: int, name: str, head: list[tuple[int, list[HeadCell]]],
              names: Names, _: Gettext, at_most: int, on: dt.date) -> DeadList | None:
    """The ``index``-th sheet of ``opened``, named ``name`` and beginning with the rows
    ``head``, read as a list of people who died by ``on``: at most ``at_most`` rows, each with
    every column of its list. A row whose cell says the person lives (:func:`row_says`:
    :func:`~.deaths.says_alive` under its column's kind, a state's words, a withdrawal) is kept
    in ``alive``, one that doubts the death in ``doubted``, one whose death is dated after
    ``on`` in ``later``: by its date column where it gives a date, else by its other cells'
    dates of death (one by ``on`` outweighing one after it: the safe side), else by the
    sheet's name (:func:`name_date`); none of them listed. A row none of whose cells says the
    person's own death (:func:`_own_death`) but one of which holds a word of death (其父已故,
    配偶去世) is a doubt too: being listed is the sheet's word, but the row's only word of a
    death is another's. On a list struck off (:func:`struck_by_name`), only a row one of whose
    cells says the person's own death is listed (with that cell, ``reasons``); the others are
    ``not_dead``, and a doubt is one only beside a word of death (待核实 beside 迁出 is the
    move's). A column of another person (监护人) says nothing. None where its list's header is
    not found or names no column of a person (ID or certificate number): its people cannot be
    matched (a list struck off is then one not ``compared``: passed over as before). Raises
    nothing of its own: a cell that cannot be read is blank."""
    struck = struck_by_name(name)
    try:
        mapping = find_mapping(head, names, _)
    except RosterError:
        return DeadList(name, struck=True, compared=False) if struck else None
    ids, certs = mapping.of(ID_NUMBER), mapping.of(CERTIFICATE_NUMBER)
    if ids is None and certs is None:
        return DeadList(name, struck=True, compared=False) if struck else None
    dated = next((c for c in mapping.columns if death_kind(c) == DATE), None)
    every = [c.index for c in mapping.columns]
    rows, cells, more = opened.sheet_columns(index, mapping.header_row, every, at_most)

    def column(c: Column | None) -> list[str | None]:
        return [None] * len(rows) if c is None else cells[every.index(c.index)]

    # each row: what its cells say beyond a death, its date column's date, its notes' dates,
    # the first cell saying the person's own death (its header and text), and whether any
    # cell holds a word of death at all (each column's distinct texts read once; the ID and
    # certificate numbers say nothing)
    said: list[str | None] = [None] * len(rows)
    own: list[tuple[bool, bool] | None] = [None] * len(rows)
    noted: list[list[tuple[bool, bool]]] = [[] for _r in rows]
    dies: list[tuple[str, str] | None] = [None] * len(rows)
    spoken = [False] * len(rows)
    lost = [False] * len(rows)  # (a cell saying the person missing, 失踪, 户口已注销)
    for c, texts in zip(mapping.columns, cells, strict=True):
        if c.target in (ID_NUMBER, CERTIFICATE_NUMBER) or other_person(c.written or ""):
            continue
        kind = death_kind(c)
        state = state_column(c.written or "")
        read: dict[str, tuple[str | None, tuple[bool, bool] | None, bool, bool, bool]] = {}
        for k, text in enumerate(texts):
            if text is None or said[k] == _ALIVE:
                continue
            says, day, its_own, word, gone = read.get(text) or read.setdefault(
                text, (row_says(text, kind, state), _dated(text, kind, on),
                       _own_death(text, kind, on), _SPOKEN.search(_plain(text)) is not None,
                       struck and missing(text)))
            lost[k] = lost[k] or gone
            said[k] = _ALIVE if _ALIVE in (said[k], says) else said[k] or says
            if day is not None and c is dated:
                own[k] = day
            elif day is not None:
                noted[k].append(day)
            if its_own and dies[k] is None:
                dies[k] = (c.written or c.header, text.strip())
            spoken[k] = spoken[k] or word
    named = name_date(name)
    named_later = named is not None and death(named, DATE, on)[1]
    alive: list[int] = []
    doubted: list[int] = []
    later: list[int] = []
    not_dead: list[int] = []
    kept: list[int] = []  # (positions in ``rows``)
    doubting: list[int] = []  # (positions in ``rows`` of ``doubted``)
    by_name = 0
    for k, row in enumerate(rows):
        day = _day(own[k], noted[k])
        if said[k] == _ALIVE:
            alive.append(row)
        elif said[k] == _DOUBTS and (spoken[k] or not struck) or \
                struck and dies[k] is None and lost[k]:
            # (and on a list struck off, a reason saying the person missing or the household
            # registration cancelled, 失踪, 户口注销: a doubt, noted on the person's row)
            doubted.append(row)
            doubting.append(k)
        elif struck and dies[k] is None:
            # (a list struck off: its reason no death, 迁出, 户口迁移, 其父已故, or none)
            not_dead.append(row)
        elif spoken[k] and dies[k] is None:
            # (on a sheet of the dead, a row whose only word of a death is another's, 其父已故
            # under 备注 and no date of death: the forty-eighth tester's 已故人员 row 6, that
            # person left out as dead; a doubt, the person screened)
            doubted.append(row)
            doubting.append(k)
        elif day is not None and day[1] or day is None and named_later:
            later.append(row)
            by_name += day is None
        else:
            kept.append(k)
    id_cells, cert_cells, date_cells = ([cells_of[k] for k in kept] for cells_of in (
        column(ids), column(certs), column(dated)))
    people, two = _people(id_cells, cert_cells)
    return DeadList(
        name, [rows[k] for k in kept], id_cells, cert_cells, date_cells,
        None if dated is None else dated.header, more, sum(not p for p in people), alive,
        doubted=doubted, later=later, named=named, named_later=by_name,
        two_people=[rows[k] for k, both in zip(kept, two, strict=True) if both],
        struck=struck, reasons=[dies[k] if struck else None for k in kept], not_dead=not_dead,
        doubted_ids=[column(ids)[k] for k in doubting],
        doubted_certs=[column(certs)[k] for k in doubting])


# a word of death in a cell (:data:`~.deaths.DEATH_WORDS`), said of anyone
_SPOKEN = later(DEATH_WORDS)


def _plain(text: str) -> str:
    """A cell's text as its words are looked for: NFKC, without blanks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _own_death(text: str, kind: Kind, on: dt.date) -> bool:
    """Whether a cell says the person's own death, by any day (:func:`~.deaths.death` under
    its column's ``kind``: 死亡, 已故, 2024年去世 under 注销原因 or 备注; not 其父已故, 迁出, 疑似
    死亡): under a date of death's column (:data:`~.deaths.DATE`), a date of it or a word of
    death (2024-03-01, 已故; not 待核实 or 不详, which that column reads as an undated death:
    on a list struck off they say none)."""
    if kind == DATE:
        return _dated(text, kind, on) is not None or death(text, ANY, _FAR)[0]
    return death(text, kind, _FAR)[0]


def _header_words(header: str) -> str:
    """A header's words: NFKC, without blanks and notes in brackets (人员状态（1正常2死亡）:
    人员状态)."""
    return outside_notes(re.sub(r"\s+", "", unicodedata.normalize("NFKC", header)))


def _number(text: str) -> str:
    """A number as :mod:`.repeats` reads it: NFKC, without blanks, dashes and a leading
    apostrophe, upper case."""
    return re.sub(r"[\s\-'‘’`]", "", unicodedata.normalize("NFKC", text)).upper()


def _checked(number: str) -> bool:
    """Whether an 18-character ID number's check digit is right (a mistyped digit, or two
    swapped, makes it wrong)."""
    from stdnum.cn import ric

    return len(number) == 18 and number[:17].isdigit() and \
        ric.calc_check_digit(number) == number[17]


def two_people(id_cell: str | None, cert_cell: str | None) -> bool:
    """Whether a row's ID number and certificate number cells, naming different people
    (:func:`.repeats.person_key`), are each well formed with its check digit right (the
    certificate's first 18 characters): two people's, not one mistyped. Either blank: False."""
    return _checked(_number(id_cell or "")) and _checked(_number(cert_cell or "")[:18])


def _people(ids: list[str | None], certs: list[str | None]
            ) -> tuple[list[tuple[str, ...]], list[bool]]:
    """Each row's person by its ID and certificate number cells (:func:`.repeats.person_key`,
    unhashed), as its ID number names them and as its certificate number does: one key where
    they agree or one names no one, none where neither names anyone, both where they differ
    (a tester's: 45102219800101002X mistyped beside the certificate 45102219800101001X42,
    the person screened), so that either matches the roster's row; but the ID number's alone
    (as before) where the two are two people's, both well formed with their check digits
    right; and, of each row, whether they were."""
    import polars as pl

    from .repeats import person_key

    frame = pl.DataFrame({"id": ids, "cert": certs}, schema={"id": pl.String, "cert": pl.String})
    keys = frame.select(person_key(pl.col("id"), None)[0].alias("by_id"),
                        person_key(None, pl.col("cert"))[0].alias("by_cert")).rows()
    people: list[tuple[str, ...]] = []
    two: list[bool] = []
    for (by_id, by_cert), id_cell, cert_cell in zip(keys, ids, certs, strict=True):
        apart = False
        if by_id is None or by_cert is None or by_id == by_cert:
            one = by_id or by_cert
            people.append(() if one is None else (one,))
        else:
            apart = two_people(id_cell, cert_cell)
            people.append((by_id,) if apart else (by_id, by_cert))
        two.append(apart)
    return people, two


def listed_dead(lists: Sequence[DeadList], on: dt.date, _: Gettext) -> pl.DataFrame:
    """The people ``lists`` say died by ``on`` (a row without a date of death, or one dated by
    it, as :func:`dead_list` read them), each once (the first row listing them): ``key`` (the
    person, hashed as :mod:`.repeats` hashes one; a row whose ID and certificate numbers differ
    gives a key for each, :func:`_people`) and ``why`` (where the list names them, in the
    reader's language: 列在工作表“死亡注销”第 2 行（死亡日期：“2024-11-02”）); then the people of
    its rows that doubt the death (``doubted``), ``doubt`` true, each once, unless listed as
    dead before: the person is screened, with a note naming the row."""
    import polars as pl

    from .repeats import SEED

    keys: list[str] = []
    whys: list[str] = []
    for one in lists:
        people, _two = _people(one.ids, one.certs)
        reasons = one.reasons or [None] * len(one.rows)
        for row, date, persons, reason in zip(one.rows, one.dates, people, reasons,
                                              strict=True):
            if date is not None and death(date, DATE, on)[1]:
                continue  # (dated after ``on``: read for another day than dead_list's)
            # (a list struck off: the reason saying the death, 注销原因：“死亡”)
            column, said = reason or (one.date_header, date)
            why = _("列在工作表“{sheet}”第 {row} 行").format(sheet=one.name, row=row) + (
                _("（{column}：“{date}”）").format(column=column, date=said)
                if said is not None else "")
            keys += persons
            whys += [why] * len(persons)
    dead = len(keys)
    for one in lists:
        people, _two = _people(one.doubted_ids, one.doubted_certs)
        for row, persons in zip(one.doubted, people, strict=True):
            keys += persons
            whys += [_("列在工作表“{sheet}”第 {row} 行").format(sheet=one.name, row=row)] * len(
                persons)
    doubts = [k >= dead for k in range(len(keys))]
    found = pl.DataFrame({"key": keys, "why": whys, "doubt": doubts},
                         schema={"key": pl.String, "why": pl.String, "doubt": pl.Boolean})
    return found.select(pl.col("key").hash(SEED), "why", "doubt").unique(
        "key", keep="first", maintain_order=True)
