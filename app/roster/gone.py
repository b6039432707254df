"""The people a workbook lists as dead on a sheet of their own (死亡注销, 已故人员, 过世人员),
beside its villages' sheets (the forty-third tester's: the county's 死亡注销 sheet was passed
over, and the two people on it screened from their villages' sheets as qualifying and not
receiving).

:mod:`.sheets` passes over a sheet of people who died or were struck off, by its name
(:data:`~.sheets.GONE_NAMES`). Of those, a sheet whose name says a death as a cell would
(:func:`dead_by_name`: 死亡注销, 过世人员, not 疑似死亡, 死亡待核实 or 非死亡人员, which stay passed
over) is read (:func:`dead_list`, before the villages' sheets are), hidden or not, and whatever
sheets the clerk names to screen (unless it is named itself: it is then screened): its list's
header found as any sheet's (:func:`~.headers.find_mapping`), its people by their ID or
certificate number as :mod:`.repeats` names a person, and the date of death where a column
gives one (:func:`~.deaths.column_kind`). A row any of whose cells says the person lives
(:func:`~.deaths.says_alive` under its column's kind: 是否死亡 否, 备注 本人健在) is no death:
counted, and the sheets' note says so. A row of the roster whose person it lists is left out
as dead, with why (:func:`listed_dead`, :class:`~.bulk.Screener`), unless the sheet dates the
death after the screening date (alive that day, the person is screened). A sheet without a
column naming a person cannot be matched, and the sheets' note says so. At most
:data:`MAX_LISTED` rows are read of such sheets in all; the rest are said. Other struck-off
sheets (迁出, 删除, 作废, 注销 alone) are passed over as before: moving away or a deleted row is
no death, and the clerk decides.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.i18n import Gettext

from .bounds import RosterError
from .deaths import ANY, DATE, death, says_alive
from .headers import CERTIFICATE_NUMBER, ID_NUMBER, Column, Names, death_kind, find_mapping
from .sheets import EXCLUDING, outside_notes

if TYPE_CHECKING:
    import polars as pl

    from .files import HeadCell, Opened

# the day against which a sheet's name is read as a cell (any death it says is by then)
_FAR = dt.date(9999, 12, 31)
MAX_LISTED = 100_000  # rows of sheets of the dead read, at most, in all


@dataclass(slots=True)
class DeadList:
    """A sheet of people who died (:func:`dead_list`): its name; of each row of its list read
    (but those saying the person lives: ``alive``), its sheet row and its cells of the ID
    number, the certificate number and the date of death (None: blank, or no such column);
    the date's header; how many rows beyond those read."""

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
    # the sheet rows read one of whose cells says the person lives (是否死亡 否, 本人健在): not
    # listed as dead, nor in the lists above
    alive: list[int] = field(default_factory=list)
    hidden: bool = False  # a hidden sheet (the clerk may not know it is there)


def dead_by_name(name: str) -> bool:
    """Whether a sheet's name says its people died, read as a cell is
    (:func:`~.deaths.death` under :data:`~.deaths.ANY`), its notes in brackets aside:
    死亡注销, 已故人员, 过世人员; not a doubt, a check or a denial (疑似死亡, 死亡待核实, 死亡核查,
    非死亡人员, 死亡人员（待核）), nor a list that leaves the dead out (全镇汇总（不含已故）,
    剔除死亡后名单), nor 注销 or 迁出 alone."""
    outside = outside_notes(name)
    notes = name[len(outside):] if name.startswith(outside) else name
    return death(outside, ANY, _FAR)[0] and not EXCLUDING.search(outside) \
        and not _DOUBTED.search(notes)


# a note of a sheet of the dead that doubts it (死亡人员（待核）, （未核实）, （疑似）)
# (or says it was wrong, undone or checked: （误报恢复）, （已核实健在）, （有误）, （核查中）)
_DOUBTED = re.compile(r"待|疑|未|否|不|误|错|恢复|撤|健在|核")


def dead_list(opened: Opened, index: int, name: str, head: list[tuple[int, list[HeadCell]]],
              names: Names, _: Gettext, at_most: int) -> DeadList | None:
    """The ``index``-th sheet of ``opened``, named ``name`` and beginning with the rows
    ``head``, read as a list of people who died: at most ``at_most`` rows, each with every
    column of its list (a row whose cell says the person lives, :func:`~.deaths.says_alive`
    under its column's kind, left out of the lists and its row kept in ``alive``). None where
    its list's header is not found or names no column of a person (ID or certificate number):
    its people cannot be matched. Raises nothing of its own: a cell that cannot be read is
    blank."""
    try:
        mapping = find_mapping(head, names, _)
    except RosterError:
        return None
    ids, certs = mapping.of(ID_NUMBER), mapping.of(CERTIFICATE_NUMBER)
    if ids is None and certs is None:
        return None
    dated = next((c for c in mapping.columns if death_kind(c) == DATE), None)
    every = [c.index for c in mapping.columns]
    rows, cells, more = opened.sheet_columns(index, mapping.header_row, every, at_most)

    def column(c: Column | None) -> list[str | None]:
        return [None] * len(rows) if c is None else cells[every.index(c.index)]

    # (each column's distinct texts read once; the ID and certificate numbers say nothing)
    living = [False] * len(rows)
    for c, texts in zip(mapping.columns, cells, strict=True):
        if c.target in (ID_NUMBER, CERTIFICATE_NUMBER):
            continue
        kind = death_kind(c)
        said: dict[str, bool] = {}
        for k, text in enumerate(texts):
            if text is not None and not living[k]:
                living[k] = said.setdefault(text, says_alive(text, kind))
    keep = [k for k in range(len(rows)) if not living[k]]
    id_cells, cert_cells, date_cells = ([cells_of[k] for k in keep] for cells_of in (
        column(ids), column(certs), column(dated)))
    return DeadList(name, [rows[k] for k in keep], id_cells, cert_cells, date_cells,
                    None if dated is None else dated.header, more,
                    int(_keys(id_cells, cert_cells).is_null().sum()),
                    [row for row, alive in zip(rows, living, strict=True) if alive])


def _keys(ids: list[str | None], certs: list[str | None]) -> pl.Series:
    """Each row's person by its ID and certificate number cells (:func:`.repeats.person_key`,
    unhashed), null where they name no one."""
    import polars as pl

    from .repeats import person_key

    key, _by_cert = person_key(pl.col("id"), pl.col("cert"))
    return pl.DataFrame({"id": ids, "cert": certs}, schema={"id": pl.String, "cert": pl.String}
                        ).select(key).to_series()


def listed_dead(lists: Sequence[DeadList], on: dt.date, _: Gettext) -> pl.DataFrame:
    """The people ``lists`` say died by ``on`` (a row without a date of death, or one dated by
    it), each once (the first row listing them): ``key`` (the person, hashed as
    :mod:`.repeats` hashes one) and ``why`` (where the list names them, in the reader's
    language: 列在工作表“死亡注销”第 2 行（死亡日期：“2024-11-02”）)."""
    import polars as pl

    from .repeats import SEED

    keys: list[pl.DataFrame] = []
    for one in lists:
        died = [date is None or not death(date, DATE, on)[1] for date in one.dates]
        why = [_("列在工作表“{sheet}”第 {row} 行").format(sheet=one.name, row=row) + (
            _("（{column}：“{date}”）").format(column=one.date_header, date=date)
            if date is not None else "") for row, date in zip(one.rows, one.dates, strict=True)]
        keys.append(pl.DataFrame({"key": _keys(one.ids, one.certs), "died": died, "why": why},
                                 schema={"key": pl.String, "died": pl.Boolean, "why": pl.String})
                    .filter(pl.col("died") & pl.col("key").is_not_null()).select("key", "why"))
    found = pl.concat(keys) if keys else pl.DataFrame(schema={"key": pl.String,
                                                                "why": pl.String})
    return found.select(pl.col("key").hash(SEED), "why").unique("key", keep="first",
                                                                 maintain_order=True)
