"""A 户籍 column that holds addresses, and an address column that holds hukou's choices (issue 15,
point 2): county lists write the whole household address under 户籍 (百色市右江区龙景街道), or
本市 under 户籍所在地. Each is read as it is written, not refused on every row."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import polars as pl
import pytest

from app.engine import Rulebook
from app.roster.bounds import CLI
from app.roster.bulk import ERRORS, status_col
from app.roster.derive import Deriver, address_by_content
from app.roster.files import col
from app.roster.headers import ADDRESS, BY_ALIAS, BY_CONTENT, BY_MAP, ColumnMap, Names, find_mapping
from app.roster.run import screen_file
from tests.support.typed_values import with_check_digit

ON = dt.date(2025, 6, 1)
YOUJIANG_ID = with_check_digit("45100219800101001")  # issued in 右江区
NANNING_ID = with_check_digit("45010319850101001")  # issued in 南宁
CHOICES = "百色市、广西其他市、广西以外"


def same(s: str) -> str:
    return s


def head_of(rows: list[list[str]]) -> list[tuple[int, list[object]]]:
    return [(k, list(r)) for k, r in enumerate(rows, start=1)]


def mapping_of(book: Rulebook, rows: list[list[str]],
               overrides: dict[str, str | None] | None = None) -> ColumnMap:
    head = head_of(rows)
    return address_by_content(find_mapping(head, Names.of(book), same, overrides), head, book)


def derived(book: Rulebook, rows: list[list[str]]) -> tuple[dict[str, list[Any]], list[Any]]:
    """(hukou and county per data row, the rows' address errors) as the screener derives them."""
    mapping = mapping_of(book, rows)
    data = rows[1:]
    raw = pl.DataFrame({col(i): [r[i] for r in data] for i in range(len(rows[0]))},
                       schema={col(i): pl.String for i in range(len(rows[0]))})
    facts, errors = Deriver(book, mapping, ON, "zh-Hans").apply(raw, [])
    got = {p.name: p.value.to_list() for p in facts if p.name in ("hukou", "county")}
    return got, [(p.bad_rows, p.bad_texts) for p in errors]


ADDRESSES = [["姓名", "户籍", "低保"],
             ["甲", "百色市右江区龙景街道", "是"],
             ["乙", "广西南宁市青秀区", "否"],
             ["丙", "田阳区那坡镇", "是"],
             ["丁", "本市", "是"],
             ["戊", "广东省广州市天河区", "否"]]


def test_a_hukou_column_of_addresses_is_read_as_the_address(book: Rulebook) -> None:
    """户籍 over addresses (the leftover the last notes named: refused on every row, as not one
    of hukou's choices): read as the address, said so in the mapping, each row's hukou and
    county by the places it names, and 本市 among them as hukou's choice."""
    mapping = mapping_of(book, ADDRESSES)
    column = mapping.columns[1]
    assert (column.target, column.how) == (ADDRESS, BY_CONTENT)
    got, errors = derived(book, ADDRESSES)
    assert got["hukou"] == ["baise", "other_guangxi", "baise", "baise", "outside_guangxi"]
    assert got["county"] == ["youjiang", None, "tianyang", None, None]
    assert errors == []


@pytest.mark.parametrize("cells", [
    ["本市", "外省", "本市", "区外"],  # choices only
    ["本市", "外省", "百色市右江区", "本市"],  # mostly choices: one address among them
    ["那个", "不知道", "本市", "？"],  # words that are neither: hukou's own error stays
])
def test_a_hukou_column_of_choices_stays_hukou(book: Rulebook, cells: list[str]) -> None:
    rows = [["姓名", "户籍"], *([f"人{k}", c] for k, c in enumerate(cells))]
    column = mapping_of(book, rows).columns[1]
    assert (column.target, column.how) == ("hukou", BY_ALIAS)


def test_a_column_mapped_by_the_clerk_is_read_as_mapped(book: Rulebook) -> None:
    """``--columns`` (or the admin) saying 户籍 is hukou is obeyed: its addresses are then
    refused per cell, as asked."""
    column = mapping_of(book, ADDRESSES, {"户籍": "hukou"}).columns[1]
    assert (column.target, column.how) == ("hukou", BY_MAP)


def test_an_address_column_beside_it_keeps_hukou_as_it_is(book: Rulebook) -> None:
    rows = [["姓名", "户籍", "户籍地址"], ["甲", "百色市右江区", "百色市右江区龙景街道"],
            ["乙", "南宁市青秀区", "南宁市青秀区"]]
    mapping = mapping_of(book, rows)
    assert [c.target for c in mapping.columns] == [None, "hukou", ADDRESS]


def test_an_address_column_reads_hukous_choices(book: Rulebook) -> None:
    """本市 or 外省 under 户籍所在地 (an address column): hukou as the choice says, not "names
    no place" on the row; the county where the card was issued, where that is the place the
    choice names (右江区 for 本市), else unknown (外省 with a card from 右江区)."""
    rows = [["姓名", "身份证号", "户籍所在地"], ["甲", YOUJIANG_ID, "本市"],
            ["乙", YOUJIANG_ID, "外省"], ["丙", NANNING_ID, "本市"], ["丁", "", "区内其他市"]]
    got, errors = derived(book, rows)
    assert got["hukou"] == ["baise", "outside_guangxi", "baise", "other_guangxi"]
    assert got["county"] == ["youjiang", None, None, None]
    assert errors == []


def test_an_address_naming_nothing_says_what_to_write(book: Rulebook) -> None:
    rows = [["姓名", "户籍地址"], ["甲", "向阳街道 12 号"], ["乙", "本市"]]
    got, errors = derived(book, rows)
    assert got["hukou"] == [None, "baise"]
    message = ("户籍地址: 看不出户籍在哪个省、市、县：请写户籍地址（如 百色市右江区……），"
               f"或写 {CHOICES} 之一。")
    assert errors == [([0], [message])]


def test_a_county_list_with_addresses_under_hukou_screens_end_to_end(book: Rulebook) -> None:
    """The whole path (a CSV through :func:`screen_file`): the living subsidy, which asks for a
    Baise hukou, is decided for the Baise addresses, refused for another province's, and no
    cell is reported."""
    rows = [["姓名", "户籍", "残疾人证号", "低保", "特困", "孤儿基本生活费"],
            ["甲", "百色市右江区龙景街道", YOUJIANG_ID + "41", "是", "否", "否"],
            ["乙", "广东省广州市天河区", NANNING_ID + "41", "是", "否", "否"]]
    out = io.BytesIO()
    seen: list[ColumnMap] = []
    screen_file(book, ("\n".join(",".join(r) for r in rows) + "\n").encode(), "csv", ON, same,
                out=out, out_kind="csv", limits=CLI, programs=["living_subsidy"],
                mapped=seen.append)
    assert (seen[0].columns[1].target, seen[0].columns[1].how) == (ADDRESS, BY_CONTENT)
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert frame[status_col("living_subsidy")].to_list() == ["eligible", "not_eligible"]
    assert frame[ERRORS].to_list() == [None, None]
