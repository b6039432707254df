"""The people a workbook lists as dead on a sheet of their own (死亡注销, 已故人员, 去世名单),
beside its villages' sheets (the forty-third tester's: the county's 死亡注销 sheet was passed
over, and the two people on it screened from their villages' sheets as qualifying and not
receiving).

:mod:`.sheets` passes over a sheet of people who died or were struck off, by its name
(:data:`~.sheets.GONE_NAMES`). Of those, a sheet whose name says death (:data:`DEAD_NAMES`) is
read (:func:`dead_list`, before the villages' sheets are): its list's header found as any
sheet's (:func:`~.headers.find_mapping`), its people by their ID or certificate number as
:mod:`.repeats` names a person, and the date of death where a column gives one
(:func:`~.deaths.column_kind`). A row of the roster whose person it lists is left out as dead,
with why (:func:`listed_dead`, :class:`~.bulk.Screener`), unless the sheet dates the death
after the screening date (alive that day, the person is screened). A sheet without a column
naming a person cannot be matched, and the sheets' note says so. At most
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
from .deaths import DATE, column_kind, death
from .headers import CERTIFICATE_NUMBER, ID_NUMBER, Names, find_mapping

if TYPE_CHECKING:
    import polars as pl

    from .files import HeadCell, Opened

# a struck-off sheet's name that says its people died
DEAD_NAMES = re.compile(r"死亡|已故|去世|过世|身故|亡故|病故|逝世|离世|死者")
MAX_LISTED = 100_000  # rows of sheets of the dead read, at most, in all


@dataclass(slots=True)
class DeadList:
    """A sheet of people who died (:func:`dead_list`): its name; of each row of its list read,
    its sheet row and its cells of the ID number, the certificate number and the date of death
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


def dead_list(opened: Opened, index: int, name: str, head: list[tuple[int, list[HeadCell]]],
              names: Names, _: Gettext, at_most: int) -> DeadList | None:
    """The ``index``-th sheet of ``opened``, named ``name`` and beginning with the rows
    ``head``, read as a list of people who died: at most ``at_most`` rows. None where its
    list's header is not found or names no column of a person (ID or certificate number):
    its people cannot be matched."""
    try:
        mapping = find_mapping(head, names, _)
    except RosterError:
        return None
    ids, certs = mapping.of(ID_NUMBER), mapping.of(CERTIFICATE_NUMBER)
    if ids is None and certs is None:
        return None
    dated = next((c for c in mapping.columns if column_kind(c.header or "") == DATE), None)
    rows, (id_cells, cert_cells, date_cells), more = opened.sheet_columns(
        index, mapping.header_row, [None if c is None else c.index
                                    for c in (ids, certs, dated)], at_most)
    return DeadList(name, rows, id_cells, cert_cells, date_cells,
                    None if dated is None else dated.header, more,
                    int(_keys(id_cells, cert_cells).is_null().sum()))


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
