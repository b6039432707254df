"""Columns of a death under a header written on two rows (the forty-fourth tester's findings): a
question or a state over its answers (是否健在 over 是 | 否, 人员状态 over 正常 | 死亡 | 迁出,
死亡 over 是否 | 日期), in an .xlsx (the top cell merged over its columns) and in a CSV (the top
cell's text over the first of them, the rest blank). The header is found on two rows, so that
the row of 是 | 否 is never screened as a person, even where the list's facts are named on its
upper row alone; and each column's death is read by its top cell and its own together
(:func:`app.roster.deaths.grouped_kind`): a tick under 否 of 是否健在 is a death, one under 否
of 是否死亡 none."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from app.engine import Rulebook
from app.roster.bounds import CLI
from app.roster.headers import ColumnMap
from app.roster.run import screen_file
from tests.test_roster_clerk import HEAD, ON, _, csv_bytes
from tests.test_roster_dead_rows import person

# each shape: the top cells over their columns' own, and each person's cells under them
SHAPES: dict[str, tuple[list[tuple[str, list[str]]], list[list[str]]]] = {
    # (th_c) a tick under 否 of 是否健在: not alive
    "alive_yes_no": ([("是否健在", ["是", "否"])], [["√", ""], ["", "√"]]),
    # (th_a) a tick under 否 of 是否死亡: alive
    "died_yes_no": ([("是否死亡", ["是", "否"])], [["√", ""], ["", "√"]]),
    # (th_e) a state's column of the dead ticked
    "state": ([("人员状态", ["正常", "死亡", "迁出"])],
              [["√", "", ""], ["", "√", ""], ["", "", "√"]]),
    # (th_b) whether, and when: a date after the screening day is a living person's
    "died_and_date": ([("死亡", ["是否", "日期"])],
                      [["是", ""], ["", "2024-01-01"], ["否", ""], ["", "2025-07-03"]]),
    # (twohdr) two groups side by side
    "two_groups": ([("死亡情况", ["是否", "时间"]), ("生存状态", ["健在", "死亡"])],
                   [["是", "2024-03-01", "", ""], ["否", "", "", ""],
                    ["", "2025-07-03", "", ""], ["", "", "√", ""], ["", "", "", "√"],
                    ["", "2024-01-01", "", ""], ["是", "", "", ""]]),
}
# the people of each shape left out as dead (by their 序号)
DEAD = {"alive_yes_no": ["2"], "died_yes_no": ["1"], "state": ["2"],
        "died_and_date": ["1", "2"], "two_groups": ["1", "5", "6", "7"]}


def two_rows(groups: list[tuple[str, list[str]]], merged: bool) -> list[list[str]]:
    """The header's two rows: HEAD on the upper one, and each group's top over its columns'
    own cells, as an .xlsx's merged cells carry their text (``merged``) or as a CSV writes it
    (in the first cell only)."""
    upper, lower = list(HEAD), list(HEAD) if merged else [""] * len(HEAD)
    for top, subs in groups:
        upper += [top] * len(subs) if merged else [top, *[""] * (len(subs) - 1)]
        lower += subs
    return [upper, lower]


def screened(book: Rulebook, shape: str, kind: str, tmp_path: Path
             ) -> tuple[list[str], Any]:
    """The 序号 of the people screened, and the result, of the shape's list as ``kind``."""
    groups, cells = SHAPES[shape]
    people = [person(k, *row) for k, row in enumerate(cells, 1)]
    source: Path | bytes
    if kind == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        sheet = wb.active
        for row in [*two_rows(groups, merged=False), *people]:
            sheet.append(row)
        for c in range(1, len(HEAD) + 1):  # (each fact's header over both rows)
            sheet.merge_cells(start_row=1, start_column=c, end_row=2, end_column=c)
        start = len(HEAD) + 1
        for _top, subs in groups:
            sheet.merge_cells(start_row=1, start_column=start, end_row=1,
                              end_column=start + len(subs) - 1)
            start += len(subs)
        source = tmp_path / "表.xlsx"
        wb.save(source)
    else:
        source = csv_bytes([*two_rows(groups, merged=False), *people])
    out = io.BytesIO()
    result = screen_file(book, source, kind, ON, _, out=out, out_kind="csv", limits=CLI,
                         programs=["living_subsidy"])
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    return frame.get_column("序号").to_list(), result


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_death_under_a_header_on_two_rows(shape: str, kind: str, tmp_path: Path,
                                             book: Rulebook) -> None:
    groups, cells = SHAPES[shape]
    seen, result = screened(book, shape, kind, tmp_path)
    mapping: ColumnMap = result.mapping
    # the header is rows 1 and 2: the row of 是 | 否 (正常 | 死亡 …) is no person's
    assert (mapping.group_row, mapping.header_row) == (1, 2)
    headers = [c.header for c in mapping.columns[len(HEAD):]]
    assert headers == [f"{top} {sub}" for top, subs in groups for sub in subs]
    everyone = [str(k) for k in range(1, len(cells) + 1)]
    died = DEAD[shape]
    assert result.dead.count == len(died)
    # (the first person on the sheet's third row)
    assert result.dead.rows == [int(k) + 2 for k in died]
    assert seen == [k for k in everyone if k not in died]
    assert result.rows == len(everyone) - len(died)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_why_a_tick_under_a_header_on_two_rows_is_a_death(kind: str, tmp_path: Path,
                                                          book: Rulebook) -> None:
    """The row left out says which column, by both its rows' words, said it."""
    _seen, result = screened(book, "alive_yes_no", kind, tmp_path)
    assert result.dead_listed(_) == ["第 4 行：是否健在 否：“√”"]
