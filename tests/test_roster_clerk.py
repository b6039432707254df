"""Rosters as a county clerk makes them (the roster tester's findings, issue 15): a totals row
at the bottom (合计), a tab-separated file saved as .csv, an amount column for a subsidy already
received, and a mapping a clerk can read."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from app.engine import Rulebook
from app.i18n import gettext_for
from app.roster.bounds import CLI, RosterError
from app.roster.bulk import ERRORS, Screener, row_list, status_col, unclaimed_col
from app.roster.cli import main
from app.roster.run import screen_file
from tests.test_roster_upload import preview, sqlite_users  # noqa: F401 (a fixture)
from tests.test_staff_web import Browser

ON = dt.date(2025, 6, 1)
_ = gettext_for("zh-Hans")
HEAD = ["序号", "姓名", "身份证号码", "残疾人证号", "户籍所在地", "是否低保户", "特困供养",
        "领孤儿基本生活费", "已享受生活补贴"]
PEOPLE = [
    ["1", "甲", "45263019710308201X", "45263019710308201X41", "田林县乐里镇新华村", "是", "否",
     "否", "否"],
    ["2", "乙", "451002198505202032", "45100219850520203222", "百色市右江区", "否", "否", "否",
     "否"],
]


def screen(data: bytes, book: Rulebook, programs: list[str] | None = None
           ) -> tuple[pl.DataFrame, object]:
    out = io.BytesIO()
    result = screen_file(book, data, "csv", ON, _, out=out, out_kind="csv", limits=CLI,
                         programs=programs or ["living_subsidy"])
    return pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False), result


def csv_bytes(rows: list[list[str]], sep: str = ",") -> bytes:
    return ("\r\n".join(sep.join(r) for r in rows) + "\r\n").encode("utf-8-sig")


def upload(data: bytes) -> Any:
    """The upload page's answer to ``data``, sent by a signed-in admin (needs sqlite_users)."""
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    return preview(b, data)


def screened_xlsx(book: Rulebook, tmp_path: Path, rows: list[list[str]],
                  merged: int | None = None) -> Any:
    """The result of screening ``rows`` saved as an .xlsx (the sheet row ``merged`` merged
    across the header's width) for the living subsidy."""
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    for row in rows:
        sheet.append(row)
    if merged is not None:
        sheet.merge_cells(start_row=merged, start_column=1, end_row=merged, end_column=len(HEAD))
    path = tmp_path / "表.xlsx"
    wb.save(path)
    return screen_file(book, path, "xlsx", ON, _, out=io.BytesIO(), out_kind="csv", limits=CLI,
                       programs=["living_subsidy"])


def shows_nobody(text: str) -> bool:
    """Whether ``text`` names none of PEOPLE (their names, ID numbers)."""
    return not any(person[1] in text or person[2] in text for person in PEOPLE)


def test_totals_row_is_not_screened_as_a_person(book: Rulebook) -> None:
    rows = [HEAD, *PEOPLE, ["合　计", "", "", "", "", "1", "", "", ""],
            ["", "小计：2人", "", "", "", "", "", "", ""]]
    frame, result = screen(csv_bytes(rows), book)
    assert frame["序号"].to_list() == ["1", "2"]  # neither totals row is a person
    assert result.rows == 2  # type: ignore[attr-defined]
    assert result.totals == [4, 5]  # type: ignore[attr-defined]  # reported by row number
    assert frame[ERRORS].to_list() == [None, None]


# totals worded otherwise (the fifth tester's): after the page's or a place's name, a
# running total, a count of people
OTHER_TOTALS = ["本页小计", "那坡镇小计：1人", "全县合计", "乐里镇新华村合计", "累计", "共3人",
                "共 3 人", "共３人", "本表合计：2人",
                # (the sixth tester's)
                "总人数：15人", "全县共15人", "共三人", "共有3人", "计：3人", "东风村委合计",
                "截至5月底累计", "本月合计", "男5人，女3人"]


@pytest.mark.parametrize("total", OTHER_TOTALS)
def test_totals_worded_otherwise_are_not_screened_as_people(total: str, book: Rulebook) -> None:
    rows = [HEAD, *PEOPLE, ["", total, "", "", "", "1", "", "", ""]]
    frame, result = screen(csv_bytes(rows), book)
    assert frame["序号"].to_list() == ["1", "2"]
    assert result.totals == [4]  # type: ignore[attr-defined]


def test_totals_row_in_a_fact_column_is_not_screened(book: Rulebook) -> None:
    """The word may be in a column read as a fact (dictionary-coded as it is read): still a
    totals row where it is the row's first filled cell, and only there."""
    head = [HEAD[5], *HEAD[:5], *HEAD[6:]]  # 是否低保户 first
    people = [[r[5], *r[:5], *r[6:]] for r in PEOPLE]
    rows = [head, *people, ["小 计", "", "", "", "", "", "", "", ""],
            ["", "", "", "", "", "", " 合计", "", ""],  # first filled cell, in 特困供养
            ["是", "3", "丙", "", "", "", "合计", "", ""]]  # a person with a bad cell
    frame, result = screen(csv_bytes(rows), book)
    assert frame["序号"].to_list() == ["1", "2", "3"]
    assert result.totals == [4, 5]  # type: ignore[attr-defined]
    assert frame[ERRORS][2] is not None and "特困供养" in frame[ERRORS][2]


def test_totals_rows_in_later_batches_of_a_fact_column(book: Rulebook) -> None:
    """Batches share a column's dictionary, which grows as the file is read: a totals word
    first seen in a later batch, and again in the one after, is found in each."""
    from app.roster.bulk import Screener
    from app.roster.files import ROW, Batch, col
    from app.roster.headers import Names, find_mapping

    head = [HEAD[5], *HEAD[:5], *HEAD[6:]]
    person = [PEOPLE[0][5], *PEOPLE[0][:5], *PEOPLE[0][6:]]
    rows = []
    for block in range(4):
        rows += [["是" if k % 2 else "否", *person[1:]] for k in range(3)]
        rows.append([("小计", "合计", "总 计", "合计")[block], *[""] * (len(head) - 1)])
    mapping = find_mapping([(1, head)], Names.of(book), _, header_index=0)
    screener = Screener(book, mapping, ON, _)
    shared = {i: pl.Categorical(pl.Categories.random()) for i in screener.coded}
    for start in range(0, len(rows), 4):  # as the reader gives them: one dictionary a column
        part = rows[start:start + 4]
        frame = pl.DataFrame({col(i): pl.Series([r[i] or None for r in part]).cast(
            shared.get(i, pl.String)) for i in range(len(head))}).with_columns(
            pl.Series(ROW, range(start + 2, start + 2 + len(part)), dtype=pl.Int64))
        screener.batch(Batch(frame))
    assert screener.result.totals == [5, 9, 13, 17]
    assert screener.result.rows == 12


def test_cli_reports_the_totals_row(tmp_path: Path, capsys: object) -> None:
    src, out = tmp_path / "表.csv", tmp_path / "out.csv"
    src.write_bytes(csv_bytes([HEAD, *PEOPLE, ["合计", "", "", "", "", "1", "", "", ""]]))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                 "--programs", "living_subsidy"]) == 0
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "第 4 行是合计行，没有筛查。" in printed
    assert "共筛查 2 人。" in printed


BAD = ["3", "丙", "", "", "百色市右江区", "也许", "否", "否", "否"]  # a person with a bad cell


@pytest.mark.parametrize("batch_rows", [2, 250_000])
def test_blank_rows_are_not_screened_as_people(batch_rows: int, book: Rulebook) -> None:
    """A sheet leaves blank rows between villages and below its list (empty lines, rows of
    empty cells, cells of blanks, full-width blanks, or invisible zero-width spaces and
    byte-order marks as pasting and joining files leave, as saved from Excel or WPS): they are
    no person, so they are not screened or written, and their number is reported. Every other
    row is screened as without them, each bad cell named by its own sheet row."""
    width = len(HEAD)
    blank_rows = [[""] * width, [" "] * width, ["\u3000", "", " \t", *[""] * (width - 3)],
                  ["\u200b", "\ufeff", "\u00a0\u200b", *[""] * (width - 3)],  # (invisible)
                  # dashes and slashes alone, as a sheet marks a cell left empty (the
                  # thirty-fifth tester's row of - was screened as a person)
                  ["-", "—", " / ", "－－", *["-"] * (width - 4)]]
    rows = [HEAD, PEOPLE[0], blank_rows[0], PEOPLE[1], blank_rows[1], blank_rows[2], BAD,
            ["合计", "", "", "", "", "1", "", "", ""], blank_rows[3], blank_rows[4],
            blank_rows[0]]
    data = csv_bytes(rows).replace(b"\r\n" + b"," * (width - 1) + b"\r\n", b"\r\n\r\n", 1)
    assert b"\r\n\r\n" in data  # (the first blank row an empty line)

    def screened(data: bytes) -> tuple[bytes, object]:
        out = io.BytesIO()
        result = screen_file(book, data, "csv", ON, _, out=out, out_kind="csv", limits=CLI,
                             programs=["living_subsidy"], batch_rows=batch_rows)
        return out.getvalue(), result

    got, result = screened(data)
    want, plain = screened(csv_bytes([HEAD, *PEOPLE, BAD]))
    assert got == want  # the same rows and results as the list without its blank rows
    assert result.rows == 3 and result.blank == 6  # type: ignore[attr-defined]
    assert result.totals == [8]  # type: ignore[attr-defined]
    assert result.problems.first == [(7, "是否低保户", plain.problems.first[0][2])]  # type: ignore[attr-defined]
    assert plain.blank == 0  # type: ignore[attr-defined]


def test_empty_rows_of_an_xlsx_are_counted_as_blank_rows(book: Rulebook,
                                                         tmp_path: Path) -> None:
    """An .xlsx keeps no empty row (Excel writes none; a row only formatted holds no value):
    the reader gives none, and the rows it passed over between the header and the last person
    are counted as blank, as the same list saved as CSV counts them; a sheet row number still
    names each person's bad cell."""
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(HEAD)
    sheet.append([])  # right below the header
    sheet.append(PEOPLE[0])
    sheet.append([])
    sheet.append([])
    sheet.append(PEOPLE[1])
    sheet.append([" ", "\u3000"])  # cells of blanks: read, and found blank
    sheet.append([])
    sheet.row_dimensions[8].height = 30  # a formatted row, no value
    sheet.append(BAD)  # row 9
    sheet.append([])  # below the list: not part of it
    path = tmp_path / "表.xlsx"
    wb.save(path)
    as_csv = csv_bytes([HEAD, [""] * len(HEAD), PEOPLE[0], [""] * len(HEAD), [""] * len(HEAD),
                        PEOPLE[1], [" ", "\u3000", *[""] * (len(HEAD) - 2)], [""] * len(HEAD),
                        BAD])
    for batch_rows in (1, 2, 250_000):
        results = [screen_file(book, source, kind, ON, _, out=io.BytesIO(), out_kind="csv",
                               limits=CLI, programs=["living_subsidy"], batch_rows=batch_rows)
                   for source, kind in ((path, "xlsx"), (as_csv, "csv"))]
        for result in results:
            assert (result.rows, result.blank) == (3, 5), batch_rows
            assert [row for row, _c, _m in result.problems.first] == [9], batch_rows


@pytest.mark.parametrize("batch_rows", [2, 250_000])
def test_rows_that_repeat_the_header_are_not_screened_as_people(batch_rows: int,
                                                                book: Rulebook) -> None:
    """Two villages' lists joined one under the other: the second's header row (its cells the
    header's, some blank) is no person, so it is not screened and its row is reported; a
    person whose cell happens to be a header word is still screened."""
    second = [*HEAD[:5], "", *HEAD[6:]]  # (是否低保户 left blank)
    # a person (another than 乙: one number on two rows is said so), a header word as a value
    word = [PEOPLE[1][0], "丙", "451002199001011237", "45100219900101123721",
            *PEOPLE[1][4:5], "是否低保户", *PEOPLE[1][6:]]

    def screened(rows: list[list[str]]) -> tuple[bytes, object]:
        out = io.BytesIO()
        result = screen_file(book, csv_bytes(rows), "csv", ON, _, out=out, out_kind="csv",
                             limits=CLI, programs=["living_subsidy"], batch_rows=batch_rows)
        return out.getvalue(), result

    got, result = screened([HEAD, PEOPLE[0], HEAD, PEOPLE[1], second, word])
    want, _plain = screened([HEAD, PEOPLE[0], PEOPLE[1], word])
    assert got == want
    assert result.headers == [3, 5] and result.rows == 3  # type: ignore[attr-defined]
    # a row of ticks (是否低保户 and 特困供养 written under their own headers, a roster's way of
    # saying yes) is a person's: fewer than two thirds of the header
    ticks = ["", "", "", "", "", "是否低保户", "特困供养", "", ""]
    _got, result = screened([HEAD, PEOPLE[0], ticks])
    assert result.headers == [] and result.rows == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize("batch_rows", [3, 250_000])
def test_title_rows_above_a_repeated_header_are_not_screened_as_people(batch_rows: int,
                                                                       book: Rulebook) -> None:
    """Two villages' lists, each saved with its title and a note on who filled it in, joined
    one under the other: the second's title rows (one text in a row) are no people, as the
    first's above the header are not; they are reported by row. A person's row just above a
    repeated header is still screened, and a row of one text that is not above a repeated
    header is a person as ever (a person may have only an ID number filled in)."""
    # (rows shorter than the header, as a spreadsheet saves them)
    title, note = ["田林县乐里镇残疾人名单"], ["", "填表单位：新华村委"]
    total = ["合计", "", "", "", "", "1", "", "", ""]

    def screened(rows: list[list[str]]) -> tuple[bytes, object]:
        out = io.BytesIO()
        result = screen_file(book, csv_bytes(rows), "csv", ON, _, out=out, out_kind="csv",
                             limits=CLI, programs=["living_subsidy"], batch_rows=batch_rows)
        return out.getvalue(), result

    got, result = screened([title, note, HEAD, PEOPLE[0], total, [""] * len(HEAD), title,
                            note, HEAD, PEOPLE[1]])
    want, _plain = screened([HEAD, PEOPLE[0], PEOPLE[1]])
    assert got == want
    assert result.rows == 2 and result.titles == [7]  # type: ignore[attr-defined]
    assert result.notes == [8]  # type: ignore[attr-defined]  # (填表单位：…, a form's note)
    assert result.headers == [9] and result.totals == [5]  # type: ignore[attr-defined]
    assert "第 7 行在重复的表头上方" in " ".join(result.skipped(_))  # type: ignore[attr-defined]
    # a second title row in its place is one too (in the batch of the header it is above)
    got, result = screened([HEAD, *[PEOPLE[0]] * 3, title, ["", "", "乐里镇新华村二组"], HEAD,
                            PEOPLE[1]])
    assert result.titles == [5, 6]  # type: ignore[attr-defined]
    assert got == screened([HEAD, *[PEOPLE[0]] * 3, PEOPLE[1]])[0]
    # the person just above the repeated header, and one whose row holds only an ID number
    # (not above a header), are screened
    alone = ["", "", PEOPLE[1][2], "", "", "", "", "", ""]
    _got, result = screened([HEAD, alone, PEOPLE[0], HEAD, PEOPLE[1]])
    assert result.rows == 3 and result.titles == []  # type: ignore[attr-defined]
    # so is a person whose row holds one text that is no title, just above a repeated header:
    # a name, an ID or certificate number, a row of ticks (the tester's finding)
    for only in (["", "示例庚"], ["", "", "", PEOPLE[1][3]], ["", "", "", "", "", "是", "是"],
                 ["", "", "", "", "田林县"], ["", "示例庚", "", "", "田林县乐里镇新华村"],
                 ["7", "阿卜杜热合曼·买买提"], ["7", "黄秀英（户主）"], ["", "黄秀英（户主）"],
                 ["7", "黄秀英（户主）", "", "", "", "二"],  # (the second tester's)
                 ["", "韦金花 见低保名单"], ["", "凌光（户主）详见花名册"]):  # (the eighth's)
        _got, result = screened([HEAD, PEOPLE[0], only, HEAD, PEOPLE[1]])
        assert (result.rows, result.titles) == (3, []), only  # type: ignore[attr-defined]
    # a title with its number, or its date, beside it in the row is one
    for numbered in (["二、", "乐里镇新华村残疾人名单"], [*title, "", "", "", "", "2025年6月"],
                     [*title, "", "单位：人"]):
        _got, result = screened([HEAD, PEOPLE[0], numbered, HEAD, PEOPLE[1]])
        assert (result.rows, result.titles) == (2, [3]), numbered  # type: ignore[attr-defined]
    # and a line of its own under it: its date, its unit, its part
    for under in (["2025年6月"], ["", "", "单位：元"], ["（第二批）"]):
        _got, result = screened([HEAD, PEOPLE[0], title, under, HEAD, PEOPLE[1]])
        assert (result.rows, result.titles) == (2, [3, 4]), under  # type: ignore[attr-defined]


@pytest.mark.parametrize("batch_rows", [2, 250_000])
def test_the_forms_notes_below_a_list_are_not_screened_as_people(batch_rows: int,
                                                                 book: Rulebook) -> None:
    """The lines a county's form ends with, who made and checked it and when (制表人, 审核人,
    填表日期 …), are no people: left out and reported by row, wherever they are."""
    signed = ["制表人：张三", "", "", "审核人：李四", "", "", "", "", ""]
    dated = ["", " 填表日期：2025年6月1日"]
    # and the other ways forms end (the tester's list): each a line of its own, below the list
    endings = ["制表：张三", "审 核：李四", "单位负责人：王五", "主要负责人：", "分管领导：",
               "填表说明：本表由村委填报", "注：本表一式两份", "联系电话：0776-1234567",
               "村（居）委会负责人：", "日期：2025年6月1日", "（盖章）", "报送日期：", "统计时间：",
               "审核单位：", "製表人：张三", "领导签字：", "\u200b制表人：张三", "制\u200b表人：",
               # (the second tester's)
               "备注：本表一式三份", "注1：低保以民政数据为准", "村委会（盖章）", "（公章）",
               "以上情况属实", "核实人：李四", "复核人：王五", "录入人：赵六", "调查人：",
               "田林县残疾人联合会负责人：", "乐里镇人民政府主要负责人：",
               # (the fourth tester's)
               "以下空白", "以下无内容", "打印日期：2025-06-01", "人数：1",
               # (the fifth tester's)
               "核对人：李四", "经手人：王五", "村委会主任：", "村委会主任", "村党支部书记：黄",
               "（此表一式三份）", "(本表一式两份)", "1.本表由村委会填写", "2、以上情况属实",
               "第1页", "第 1 页 共 3 页", "【注】低保以民政数据为准",
               # (the sixth tester's)
               "乡镇审核意见：", "民政办意见：同意", "县残联（章）", "（签章）", "年  月  日",
               "共3页 第1页", "- 1 -", "1/3", "——————", "专职委员签字：", "村民小组长：",
               "包村干部：", "签收人：", "抄送：县民政局", "经公示无异议", "（以下空白）",
               "此页无正文", "监督电话：0776-1234567", "接上页", "转下页", "（续）", "本页完",
               "其中：低保3人", "附件2",
               # (the thirty-seventh tester's: the office that made the form, alone; a note
               # without its brackets)
               "城厢镇残疾人联合会", "那坡县城厢镇人民政府（盖章）", "此表一式三份", "本表一式两份",
               # (the thirty-eighth tester's)
               "一式三份", "数据来源：全国残疾人人口基础库"]
    out = io.BytesIO()
    result = screen_file(book, csv_bytes([HEAD, *PEOPLE, *([e] for e in endings)]), "csv", ON,
                         _, out=out, out_kind="csv", limits=CLI, programs=["living_subsidy"],
                         batch_rows=batch_rows)
    assert (result.rows, result.notes) == (2, list(range(4, 4 + len(endings))))
    out = io.BytesIO()
    result = screen_file(book, csv_bytes([HEAD, *PEOPLE, signed, dated]), "csv", ON, _,
                         out=out, out_kind="csv", limits=CLI, programs=["living_subsidy"],
                         batch_rows=batch_rows)
    assert result.rows == 2 and result.notes == [4, 5]
    assert pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)["序号"].to_list() == \
        ["1", "2"]
    assert result.skipped(_) == ["第 4、5 行是制表人、审核人、填表日期等表格说明，没有筛查。"]
    # the office with the date beside it, as a form's last line; in the last column, alone
    for line in (["城厢镇残疾人联合会", "", "", "", "", "2025年5月20日"],
                 ["", "", "", "", "", "", "", "", "此表一式三份"]):
        result = screen_file(book, csv_bytes([HEAD, *PEOPLE, line]), "csv", ON, _,
                             out=io.BytesIO(), out_kind="csv", limits=CLI,
                             programs=["living_subsidy"], batch_rows=batch_rows)
        assert (result.rows, result.notes) == (2, [4]), line
    # a person whose name begins as a note's word does, or holds a role in brackets, is a
    # person (the fifth tester's)
    for name in ("时间秀", "黄秀英（村民小组负责人）", "日期英", "李主任秀", "共青", "第五秀",
                 "经秀英", "王书记员", "农福 村委副主任", "韦金（主任：已退休）"):
        person = ["", name, *PEOPLE[1][2:]]
        result = screen_file(book, csv_bytes([HEAD, PEOPLE[0], person]), "csv", ON, _,
                             out=io.BytesIO(), out_kind="csv", limits=CLI,
                             programs=["living_subsidy"], batch_rows=batch_rows)
        assert (result.rows, result.notes) == (2, []), name
    # a person whose own cell holds such a word after the first filled one is a person
    noted = [*PEOPLE[1][:8], "审核人：李四"]
    result = screen_file(book, csv_bytes([HEAD, PEOPLE[0], noted]), "csv", ON, _,
                         out=io.BytesIO(), out_kind="csv", limits=CLI,
                         programs=["living_subsidy"], batch_rows=batch_rows)
    assert result.rows == 2 and result.notes == []


# a person's first cell that reads as a heading, a note or a totals row, where the row holds
# their ID number (the sixth tester's: a column of 组别, 批次, a role after the name, a 序号 and
# the name in one cell)
FIRST_CELLS = ["第一组", "第2组", "第三村民小组", "第一批", "二、三组", "统计村", "一、韦金",
               "（二）黄秀兰", "农福 村委副主任", "韦福 负责人", "时间", "罗书记", "合计村",
               "共3人"]


@pytest.mark.parametrize("first", FIRST_CELLS)
def test_a_row_holding_an_id_number_is_a_person_whatever_its_first_cell(first: str,
                                                                       book: Rulebook) -> None:
    person = [first, *PEOPLE[1][1:]]
    frame, result = screen(csv_bytes([HEAD, PEOPLE[0], person]), book)
    assert frame["序号"].to_list() == ["1", first]
    assert result.skipped(_) == []  # type: ignore[attr-defined]


SECTIONS = ["一、城厢镇", "（二）那坡镇", "三.新华村", "十一、乐里镇（共5人）", "第一组",
            "第2村民小组"]


@pytest.mark.parametrize("batch_rows", [2, 250_000])
def test_sections_headings_are_not_screened_as_people(batch_rows: int, book: Rulebook) -> None:
    """A list in parts, each under its heading (一、城厢镇, 第一组), in the first column as a CSV
    holds a merged cell, or in the column of names: the headings are no people, left out and
    reported by row; a person whose 序号 is written 一 (a cell of its own) is screened."""
    rows = [HEAD]
    for k, heading in enumerate(SECTIONS):
        rows += [[heading, *[""] * (len(HEAD) - 1)] if k % 2 else
                 ["", heading, *[""] * (len(HEAD) - 2)], PEOPLE[k % 2]]
    rows.append(["一", "丙", *PEOPLE[1][2:]])
    out = io.BytesIO()
    result = screen_file(book, csv_bytes(rows), "csv", ON, _, out=out, out_kind="csv",
                         limits=CLI, programs=["living_subsidy"], batch_rows=batch_rows)
    assert result.sections == list(range(2, 2 + 2 * len(SECTIONS), 2))
    assert result.rows == len(SECTIONS) + 1
    assert pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)["姓名"].to_list() == \
        [PEOPLE[k % 2][1] for k in range(len(SECTIONS))] + ["丙"]
    assert result.skipped(_) == [
        "第 2、4、6、8、10、12 行是分段的标题（如“一、城厢镇”），没有筛查。"]


@pytest.mark.parametrize("heading", ["一、城厢镇", "城厢镇", "新华村二组"])
def test_a_merged_sections_heading_is_not_screened_in_an_xlsx(heading: str, book: Rulebook,
                                                                tmp_path: Path) -> None:
    """An .xlsx gives a heading merged across the row to each of its cells: numbered, or a
    place's name alone (one text in every cell is never a person's row)."""
    result = screened_xlsx(book, tmp_path, [HEAD, [heading], *PEOPLE], merged=2)
    assert (result.rows, result.sections, result.notes) == (2, [2], [])


@pytest.mark.parametrize("heading", ["城厢镇东风村", "新华村二组", "东风村委", "龙景街道办",
                                     "那坡镇人民政府", "一级残疾人", "新增人员", "低保户",
                                     "城厢镇 15人", "（续上页）", "……"])
def test_a_heading_alone_in_the_column_of_numbers_of_a_csv_is_not_screened(
        heading: str, book: Rulebook) -> None:
    """A CSV holds a merged heading's text in its first cell: where that is the 序号's column,
    places, an office, a kind of people there alone is a heading (or a form's line)."""
    rows = [HEAD, [heading, *[""] * (len(HEAD) - 1)], *PEOPLE]
    frame, result = screen(csv_bytes(rows), book)
    assert result.sections + result.notes == [2]  # type: ignore[attr-defined]
    assert frame["序号"].to_list() == ["1", "2"]


# a name with a note, in a row with the person's other cells and no ID number (the seventh
# tester's: each was taken for a totals row or a form's line)
NOTED_NAMES = ["韦金（户主，共4人）", "黄秀英（家庭共计3人）", "凌光（累计领取2年）",
               "韦小妹（监护人签字）", "农福 村委主任（兼）", "罗丽 妇女主任(已退)",
               "蓝英（已签名）", "李书记（村支书之父）", "陆秀 已签字", "凌　光（共3人）",
               "马　丽 签字", "韦二（共2人残疾）",
               # (the eighth tester's, beside codes: 1, 0 …)
               "黄秀英 监护人：黄强", "农福 代理人：农强", "凌光 办证日期：2024-03-01",
               "覃明 核实：在世", "杨桂 复核时间：2025.5", "陆秀已签字", "蓝英代签名", "黄丽：",
               "韦强 累计领取3年", "韦金 户主 共4人", "罗平 全户共5人", "杨明村委副主任",
               "李秀兰妇女主任", "一、韦金", "（五）陆强", "六.梁福",
               # (the ninth tester's: with few cells beside)
               "黄秀英：", "蓝英代签名"]


@pytest.mark.parametrize("others", [["田林县乐里镇新华村", "是", "否", "否", "否"],
                                    ["", "1", "0", "0", "0"], ["", "", "", "1", ""]],
                         ids=["words", "codes", "few"])
@pytest.mark.parametrize("name", NOTED_NAMES)
def test_a_name_with_a_note_beside_the_persons_cells_is_screened(name: str, others: list[str],
                                                                 book: Rulebook) -> None:
    person = ["", name, "", "", *others]
    frame, result = screen(csv_bytes([HEAD, PEOPLE[0], person, PEOPLE[1]]), book)
    assert frame["姓名"].to_list()[1] == name
    assert result.skipped(_) == []  # type: ignore[attr-defined]


# a form's lines and totals rows of two cells or more (the seventh tester's)
FORM_ROWS = [["初审人：", "", "复审人：", "", "审定人："], ["乡镇残联理事长：", "民政办主任："],
             ["民政办审核：", "残联审核："], ["调查核实人：", "走访时间："],
             ["本表统计截止时间：2025年5月31日"],
             ["公示日期：2025年6月1日", "监督电话：0776-1234567"],
             ["注意事项：请核对"], ["汇总", "", "", "", "", "15"], ["全镇总人数：2人", "单位：人"],
             ["共：2人", "金额：0元"], ["Total", "", "", "", "", "15"],
             ["一、城厢镇", "", "", "", "", "", "", "", "共4人"], ["二、百都乡", "4人"],
             # (the eighth tester's)
             ["本页人数：5"], ["Page 1 of 1"], ["—以下空白—"], ["监督举报电话：0776-8622123"],
             ["2025年6月1日"], ["西林县残疾人联合会  制"], ["", "新增人员"], ["男：2人；女：1人"],
             ["经评议，以上人员符合条件，现予公示。"], ["特此公示"], ["数据截至2025年5月31日"],
             # (the ninth tester's: four cells)
             ["制表人：", "", "审核人：", "负责人：", "", "（盖章）"]]


@pytest.mark.parametrize("row", FORM_ROWS, ids=[r[0] for r in FORM_ROWS])
def test_a_forms_line_of_several_cells_is_not_screened(row: list[str], book: Rulebook) -> None:
    frame, result = screen(csv_bytes([HEAD, *PEOPLE, row]), book)
    assert frame["序号"].to_list() == ["1", "2"]
    assert result.totals + result.notes + result.sections == [4]  # type: ignore[attr-defined]


NAMES_ALONE = ["示例庚", "韦金村", "黄文镇", "李镇", "城厢镇", "韦金（户主）", "韦金2",
               "黄秀英：低保户", "蓝英(监护人:蓝父)", "韦福（一户3人）", "陆光—2人", "凌光 村主任"]
TOWNS = ("黄文镇", "李镇", "城厢镇")


@pytest.mark.parametrize(("name", "column"), [
    *((name, 1) for name in NAMES_ALONE), *((name, 0) for name in NAMES_ALONE
                                            if name not in TOWNS)])
def test_a_name_alone_in_its_row_is_screened(name: str, column: int, book: Rulebook) -> None:
    """A row holding a name alone, in the column of names or of numbers, may be a person's:
    a place's name may be one (韦金村, 黄文镇, 李镇: the tester's), and in the column of names
    one place's name alone is screened (城厢镇), where two are a heading (城厢镇东风村, above);
    so is a name and its note (黄秀英：低保户, 韦福（一户3人）, 凌光 村主任: the seventh
    tester's). In the column of numbers, a town's alone is a heading (below)."""
    person = ["", "", ""]
    person[column] = name
    frame, result = screen(csv_bytes([HEAD, PEOPLE[0], person, PEOPLE[1]]), book)
    assert frame["序号" if column == 0 else "姓名"].to_list()[1] == name
    assert result.skipped(_) == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("heading", [*TOWNS, "那坡社区", "龙景街道"])
def test_a_town_alone_in_the_column_of_numbers_is_a_heading(heading: str, book: Rulebook) -> None:
    """The fifty-third tester's: 城厢镇 or 那坡社区 alone in 序号, above its people, screened as
    a person (共筛查 one too many, a blank row in the result); a section's heading, reported."""
    frame, result = screen(csv_bytes([HEAD, PEOPLE[0], [heading, "", ""], PEOPLE[1]]), book)
    assert frame["序号"].to_list() == ["1", "2"]
    assert result.sections == [3]  # type: ignore[attr-defined]


def test_a_place_s_batch_is_a_heading(book: Rulebook, tmp_path: Path) -> None:
    """足荣镇第二批 above a repeated header (the fifty-third tester's: screened as a person, and
    merged across the row, with a problem in each of its cells): a section's heading."""
    frame, result = screen(csv_bytes([HEAD, PEOPLE[0], ["足荣镇第二批", "", ""], HEAD,
                                      PEOPLE[1]]), book)
    assert frame["序号"].to_list() == ["1", "2"]
    merged = screened_xlsx(book, tmp_path, [HEAD, PEOPLE[0], ["足荣镇第二批"], HEAD, PEOPLE[1]],
                           merged=3)
    assert merged.rows == 2


def test_a_merged_title_above_a_repeated_header_is_not_screened_in_an_xlsx(
        book: Rulebook, tmp_path: Path) -> None:
    # a title merged across the row gives its text to every cell it spans: one text still
    result = screened_xlsx(book, tmp_path, [HEAD, PEOPLE[0], ["乐里镇新华村残疾人名单"], HEAD,
                                            PEOPLE[1]], merged=3)
    assert (result.rows, result.titles, result.headers) == (2, [3], [4])
    # and a short one, a town's or a village's name (the third tester's: 新靖镇), where merged:
    # a person's row never holds one text in every cell
    for short in ("新靖镇", "新华村"):
        result = screened_xlsx(book, tmp_path, [HEAD, PEOPLE[0], [short], HEAD, PEOPLE[1]],
                               merged=3)
        assert (result.rows, result.titles, result.headers) == (2, [3], [4]), short
    # one text in some cells only is a person's: their own name as household head and
    # guardian too (the third tester's), merged or not
    result = screened_xlsx(book, tmp_path, [HEAD, PEOPLE[0], ["何村"] * 3, HEAD, PEOPLE[1]])
    assert (result.rows, result.titles) == (3, [])
    # 右江区, 那坡屯, 三组: places a title of merged cells names
    for short in ("右江区", "那坡屯", "三组"):
        result = screened_xlsx(book, tmp_path, [HEAD, PEOPLE[0], [short], HEAD, PEOPLE[1]],
                               merged=3)
        assert (result.rows, result.titles) == (2, [3]), short
    # not a place, it may be a person's only cell
    for row, merged in ((["示例庚"], 3), (["是"], 3), (["示例庚"], None)):
        result = screened_xlsx(book, tmp_path, [HEAD, PEOPLE[0], row, HEAD, PEOPLE[1]],
                               merged=merged)
        assert (result.rows, result.titles) == (3, []), row


def test_a_title_at_the_end_of_a_batch_above_a_header_in_the_next(book: Rulebook) -> None:
    """Read in batches, the title rows may end one batch and the repeated header begin the
    next (the tester's finding, at 250,000 rows): they are held back and screened with the
    next batch, so found as in one; rows of one text held back at the end of the file are
    screened (a person with only a name)."""
    title, note = ["乐里镇新华村残疾人名单"], ["", "填表单位：新华村委"]
    rows = [HEAD, PEOPLE[0], PEOPLE[0], title, note, [""] * 3, HEAD, PEOPLE[1], ["", "示例庚"]]
    want = None
    for batch_rows in (1, 2, 3, 4, 5, 250_000):
        out = io.BytesIO()
        result = screen_file(book, csv_bytes(rows), "csv", ON, _, out=out, out_kind="csv",
                             limits=CLI, programs=["living_subsidy"], batch_rows=batch_rows)
        assert (result.rows, result.titles, result.notes, result.headers, result.blank) == \
            (4, [4], [5], [7], 1), batch_rows
        want = want or out.getvalue()
        assert out.getvalue() == want, batch_rows
    assert pl.read_csv(io.BytesIO(want), infer_schema=False)["姓名"].to_list() == \
        ["甲", "甲", "乙", "示例庚"]
    # many blank rows between the title and the header (the second tester's, at 250,000 rows)
    rows = [HEAD, PEOPLE[0], title, *[[""]] * 70, HEAD, PEOPLE[1]]
    for batch_rows in (3, 40, 250_000):
        result = screen_file(book, csv_bytes(rows), "csv", ON, _, out=io.BytesIO(),
                             out_kind="csv", limits=CLI, programs=["living_subsidy"],
                             batch_rows=batch_rows)
        assert (result.rows, result.titles, result.blank) == (2, [3], 70), batch_rows


def test_rows_held_back_are_screened_on_their_own_where_the_reading_changed(
        book: Rulebook) -> None:
    # (where the reader reads a column otherwise part way, a batch's columns change type: the
    # rows held back from before are not joined to it)
    from app.roster.files import Batch
    from app.roster.headers import Names, find_mapping

    mapping = find_mapping([(1, ["hukou", "age"])], Names.of(book), _, header_index=0)
    screener = Screener(book, mapping, ON, _)
    typed = pl.DataFrame({"__row": [2, 3], "c0": ["baise", "田林县乐里镇新华村残疾人名单"],
                          "c1": [40, None]})
    text = pl.DataFrame({"__row": [4], "c0": ["baise"], "c1": ["四十"]})
    assert [b.frame.height for b in screener.carry(Batch(typed))] == [1]
    assert [b.frame.height for b in screener.carry(Batch(text))] == [1, 1]
    assert screener.rest() is None


@pytest.mark.parametrize("batch_rows", [2, 250_000])
def test_a_repeated_header_worded_otherwise_is_not_screened(batch_rows: int,
                                                            book: Rulebook) -> None:
    """The second list's clerk wrote the header another way (the tester's finding): blanks
    inside a header (姓  名), or another name that the same column is read by (公民身份号码 for
    身份证号码, 低保 for 是否低保户, 生活补贴 for 已享受生活补贴). Still a repeated header, and
    the title above it still a title; a person is not taken for one."""
    other = ["序 号", "姓  名", "公民身份号码", "残疾证号", "户口所在地", "低保", "特困供养",
             "领孤儿基本生活费", "生活补贴"]
    title = ["乐里镇新华村残疾人名单"]

    def screened(rows: list[list[str]]) -> tuple[bytes, object]:
        out = io.BytesIO()
        result = screen_file(book, csv_bytes(rows), "csv", ON, _, out=out, out_kind="csv",
                             limits=CLI, programs=["living_subsidy"], batch_rows=batch_rows)
        return out.getvalue(), result

    got, result = screened([HEAD, PEOPLE[0], PEOPLE[0], title, other, PEOPLE[1]])
    assert got == screened([HEAD, PEOPLE[0], PEOPLE[0], PEOPLE[1]])[0]
    assert (result.rows, result.headers, result.titles) == (3, [5], [4])  # type: ignore[attr-defined]
    # a person whose yes/no cells say 低保 and 特困供养 (ticks) is a person
    ticks = [*PEOPLE[1][:5], "低保", "特困供养", *PEOPLE[1][7:]]
    _got, result = screened([HEAD, PEOPLE[0], ticks])
    assert (result.rows, result.headers) == (2, [])  # type: ignore[attr-defined]


def test_a_repeated_header_with_blanks_around_its_cells_is_found_in_an_xlsx(
        book: Rulebook, tmp_path: Path) -> None:
    # an .xlsx's cells are text to the reader: a header repeated with a blank before or after
    # each cell (as typed, or pasted) is found as it is in a CSV's coded columns
    result = screened_xlsx(book, tmp_path, [HEAD, PEOPLE[0], [f" {h}\u3000" for h in HEAD],
                                            PEOPLE[1]])
    assert result.headers == [3] and result.rows == 2


def test_a_row_with_only_a_cell_that_could_not_be_read_is_no_blank_row(
        book: Rulebook, tmp_path: Path) -> None:
    """A spreadsheet row whose only cell is a formula without its saved value is reported
    (its cell's problem, on its row), not passed over as blank."""
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(HEAD)
    sheet.append([" ", "\u3000"])  # a blank row before it (cells of blanks: rows of the sheet)
    sheet.append(PEOPLE[0])
    sheet.append([None] * 5 + ["=IF(1,\"是\",\"否\")"])  # (openpyxl saves no value)
    sheet.append([None] * 6 + ["=1/0"])  # and another, in the next batch
    path = tmp_path / "表.xlsx"
    wb.save(path)
    for batch_rows in (1, 2, 250_000):
        out = io.BytesIO()
        result = screen_file(book, path, "xlsx", ON, _, out=out, out_kind="csv", limits=CLI,
                             programs=["living_subsidy"], batch_rows=batch_rows)
        assert result.rows == 3 and result.blank == 1, batch_rows
        assert [(row, column) for row, column, _m in result.problems.first] == \
            [(4, "是否低保户"), (5, "特困供养")], batch_rows


def test_cli_and_upload_page_report_the_blank_rows(tmp_path: Path, capsys: object) -> None:
    src, out = tmp_path / "表.csv", tmp_path / "out.csv"
    src.write_bytes(csv_bytes([HEAD, PEOPLE[0], [""] * len(HEAD), PEOPLE[1]]))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                 "--programs", "living_subsidy"]) == 0
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "共筛查 2 人。" in printed and "另有 1 个空行，没有筛查。" in printed
    src.write_bytes(csv_bytes([HEAD, PEOPLE[0], HEAD, PEOPLE[1]]))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                 "--programs", "living_subsidy", "--lang", "en"]) == 0
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "Rows repeating the header, not screened (rows 3)." in printed
    # lists in English are separated by commas, not the Chinese 、 (rows, headers seen)
    src.write_bytes(csv_bytes([HEAD, PEOPLE[0], HEAD, PEOPLE[1], HEAD]))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                 "--programs", "living_subsidy", "--lang", "en"]) == 0
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "Rows repeating the header, not screened (rows 3, 5)." in printed and "、" not in printed
    src.write_bytes(csv_bytes([HEAD, PEOPLE[0], ["新华村残疾人名单"], HEAD, PEOPLE[1]]))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                 "--programs", "living_subsidy"]) == 0
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "共筛查 2 人。" in printed and "第 3 行在重复的表头上方" in printed


@pytest.mark.usefixtures("sqlite_users")
def test_upload_page_reports_the_blank_rows() -> None:
    r = upload(csv_bytes([HEAD, PEOPLE[0], [""] * len(HEAD), [" "] * len(HEAD), PEOPLE[1]]))
    assert r.status_code == 200 and "共筛查 2 人。" in r.text
    assert "另有 2 个空行，没有筛查。" in r.text
    r = upload(csv_bytes([HEAD, PEOPLE[0], HEAD, PEOPLE[1]]))
    assert r.status_code == 200 and "第 3 行重复了表头，没有筛查。" in r.text
    r = upload(csv_bytes([HEAD, PEOPLE[0], ["新华村残疾人名单"], HEAD, PEOPLE[1]]))
    assert r.status_code == 200 and "共筛查 2 人。" in r.text
    assert "第 3 行在重复的表头上方，像是名单的标题，没有筛查。" in r.text


@pytest.mark.parametrize("sep", ["\t", ";"])
def test_tab_or_semicolon_separated_csv_is_read(book: Rulebook, sep: str) -> None:
    """A tab: a list copied out of Excel or WPS; a semicolon: a CSV saved where the decimal
    mark is a comma (the thirty-seventh tester's, read as one column, screened as one person
    with no word); a comma in a cell of such a list is its text."""
    people = [PEOPLE[0], [*PEOPLE[1][:4], "百色市右江区,龙景街道", *PEOPLE[1][5:]]]
    frame, result = screen(csv_bytes([HEAD, *people], sep=sep), book)
    assert frame["姓名"].to_list() == ["甲", "乙"]
    assert frame[status_col("living_subsidy")].to_list() == ["eligible", "not_eligible"]
    assert frame[ERRORS].to_list() == [None, None]


@pytest.mark.parametrize("sep", ["；", "、", "|"])
def test_a_list_of_one_column_parted_otherwise_is_refused(book: Rulebook, sep: str) -> None:
    """A CSV whose lines part their cells by a full-width ；, a 、 or a | is read as one column:
    refused, naming the mark and what to do (the thirty-eighth tester's: one column read as
    hukou, its people screened undetermined without a word); a single column of names with
    one such mark each is a list as ever."""
    with pytest.raises(RosterError, match=f"名单只读出了一列：第 1 行里的“{re.escape(sep)}”"
                                          "像是分隔各列的符号"):
        screen(csv_bytes([HEAD, *PEOPLE], sep=sep), book)
    frame, _r = screen(csv_bytes([["户籍"], ["百色市、右江区"], ["田东县"]]), book)
    assert frame["户籍"].to_list() == ["百色市、右江区", "田东县"]


def test_amount_in_a_receives_column_means_it_is_received(book: Rulebook) -> None:
    head = [*HEAD[:-1], "护理补贴(元/月)", "生活补贴金额"]
    rows = [head, [*PEOPLE[0][:-1], "90", "0"], [*PEOPLE[1][:-1], "0", "90元"]]
    frame, _r = screen(csv_bytes(rows), book, ["living_subsidy", "nursing_subsidy"])
    assert frame[ERRORS].to_list() == [None, None]
    # 甲 is eligible for the living subsidy and its amount column says 0: not received
    assert frame[unclaimed_col("living_subsidy")].to_list()[0] == "true"
    assert frame[unclaimed_col("nursing_subsidy")].to_list()[0] == "false"  # gets 90 a month


@pytest.mark.parametrize(("cell", "received"), [
    ("已享受", True), ("未享受", False), ("在领", True), ("未领", False), ("已发放", True),
    ("未发放", False), ("没有享受", False), ("90元/月", True), ("90.00元", True), ("0", False),
    ("0元", False)])
def test_how_lists_write_a_benefit_received(book: Rulebook, cell: str, received: bool) -> None:
    """已享受, 未发放, 90元/月 under 已享受生活补贴 or 生活补贴 (the thirty-fifth tester's: refused
    as not 是/否, so the "qualifies but does not receive" count missed exactly those people)."""
    person = list(PEOPLE[0])
    person[8] = cell
    frame, _r = screen(csv_bytes([HEAD, person]), book, ["living_subsidy"])
    assert frame[ERRORS].to_list() == [None]
    assert frame[status_col("living_subsidy")].to_list() == ["eligible"]
    assert frame[unclaimed_col("living_subsidy")].to_list() == [str(not received).lower()]


@pytest.mark.parametrize(("column", "cell"), [(5, "低保户（待审核）"), (5, "低保（拟纳入）"),
                                            (6, "五保户（待定）")])
def test_a_cell_naming_its_column_with_a_note_is_no_yes(column: int, cell: str,
                                                        book: Rulebook) -> None:
    """A yes/no column's cell that names the column's own fact is a yes (低保户 under 是否低保户),
    but not with a note in brackets, which may undo it (the ninth tester's: 低保户（已退出）
    was read as on 低保, 五保户（已取消） as 特困, which refused the subsidy; such a note of a
    stop is a no: the next test): the cell is refused, the fact unknown."""
    person = list(PEOPLE[1])
    person[column] = cell
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS][0] is not None and HEAD[column] in frame[ERRORS][0]
    plain = list(PEOPLE[1])
    plain[column] = cell[:cell.index("（")]
    assert screen(csv_bytes([HEAD, plain]), book)[0][ERRORS][0] is None


@pytest.mark.parametrize(("column", "cell"), [
    (5, "低保户（A类）"), (5, "低保户(B类)"), (5, "低保（二类）"), (5, "低保户【C类户】"),
    # (the eleventh tester's)
    (5, "是（A类）"), (5, "A类低保"), (5, "低保A类"), (5, "农村低保A类户"), (5, "低保户（整户保）"),
    (5, "是低保户"), (5, "已纳入低保"), (5, "低保户√"), (5, "低保户。"),
    (6, "特困（集中供养）"), (6, "特困供养（分散）"),
    # (the thirteenth tester's: a class alone, as a list under 低保 marks one on it)
    (5, "A类"), (5, "B类户"), (5, "Ａ类"), (5, "二类")])
def test_a_cell_naming_its_column_with_its_class_is_a_yes(column: int, cell: str,
                                                          book: Rulebook) -> None:
    """A note that only gives the household's class (Guangxi ranks dibao households A, B and
    C) or how it is supported (集中供养, 整户保), and a cell saying it names its column's fact
    (是低保户, 已纳入低保, 低保户√), are a yes, as the bare name is (the leftover of the tenth
    session and the eleventh tester's: refused, the fact unknown)."""
    person = list(PEOPLE[0])
    person[column] = cell
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS][0] is None
    # 甲 qualifies on 低保; as 特困 (column 6), he is provided for and does not
    assert frame[status_col("living_subsidy")].to_list() == [
        "eligible" if column == 5 else "not_eligible"]


@pytest.mark.parametrize("cell", ["非低保户", "不是低保户", "未纳入低保", "没有低保"])
def test_a_cell_naming_its_column_as_not_held_is_a_no(cell: str, book: Rulebook) -> None:
    """非低保户 under 是否低保户 is a no, as 否 is (the eleventh tester's: refused, unknown)."""
    person = list(PEOPLE[0])
    person[5] = cell
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS][0] is None
    assert frame[status_col("living_subsidy")].to_list() == ["not_eligible"]


def test_a_class_alone_is_a_yes_of_the_dibao_only(book: Rulebook) -> None:
    """A class alone under 特困 is no yes: only dibao households have classes (the
    thirty-seventh tester's A类 under 是否特困, read as provided for, which refused the
    subsidy)."""
    person = list(PEOPLE[0])
    person[6] = "A类"
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS][0] is not None and HEAD[6] in frame[ERRORS][0]
    assert frame[status_col("living_subsidy")].to_list() == ["undetermined"]


@pytest.mark.parametrize("cell", ["低保边缘户", "原低保户", "低保户（待审核）（A类）",
                                  "非低保边缘户"])
def test_a_cell_near_its_columns_name_is_no_yes(cell: str, book: Rulebook) -> None:
    """What is not the column's fact, said otherwise, stays refused (the fact unknown)."""
    person = list(PEOPLE[1])
    person[5] = cell
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS][0] is not None and HEAD[5] in frame[ERRORS][0]


def test_the_csv_keeps_the_identity_columns(book: Rulebook) -> None:
    """The CSV result keeps the roster's own columns and its identity columns (身份证号,
    残疾人证号, 户籍所在地), by which a clerk finds each person's row where two share a name
    (the fifteenth tester's: the name alone was kept); not the columns of facts read."""
    frame, _r = screen(csv_bytes([HEAD, PEOPLE[0], PEOPLE[1]]), book)
    assert [c for c in frame.columns if "." not in c and c not in ("unclaimed_programs",
                                                                     "row_errors")] == HEAD[:5]
    assert frame[HEAD[2]].to_list() == [PEOPLE[0][2], PEOPLE[1][2]]


def test_the_mapping_says_how_ticked_kinds_read(book: Rulebook) -> None:
    """Kinds ticked on a form: the mapping says a box left blank is a no, as they are read
    (the fifteenth tester's: it said "no only where all say no"); a long header is shortened."""
    from app.roster.cli import HOW, TICKED, how_of, print_mapping
    from app.roster.headers import Names, find_mapping

    head = [(1, ["姓名", "身份证号", "低保", "", "x" * 300]), (2, ["", "", "城市", "农村", ""]),
            (3, ["甲", PEOPLE[0][2], "√", "", ""])]
    mapping = find_mapping(head, Names.of(book), _)
    assert [how_of(c) for c in mapping.columns[2:4]] == [TICKED, TICKED]
    out = io.StringIO()
    print_mapping(mapping, book, _, out)
    assert _(HOW[TICKED]) in out.getvalue() and "x" * 41 not in out.getvalue()


def test_one_kind_alone_says_no_only_of_itself(book: Rulebook, capsys: object) -> None:
    """A list whose only dibao column is one kind of it (农村低保): 否 there says only that the
    household is not on rural dibao, so the fact is unknown (the thirteenth tester's: read as
    no dibao at all, a wrong no for one on urban dibao); 是 is a yes. The mapping says so, and
    what to write where the list holds that kind alone."""
    head = [*HEAD[:5], "低保（农村）", *HEAD[6:]]
    frame, _r = screen(csv_bytes([head, PEOPLE[0], PEOPLE[1]]), book)
    assert frame[status_col("living_subsidy")].to_list() == ["eligible", "undetermined"]
    renamed = [*HEAD[:5], "低保", *HEAD[6:]]
    frame, _r = screen(csv_bytes([renamed, PEOPLE[0], PEOPLE[1]]), book)
    assert frame[status_col("living_subsidy")].to_list() == ["eligible", "not_eligible"]
    note = "“低保（农村）”只是“是否低保户”的一类：填“否”只说明不是这一类，按未知处理。"
    from app.roster.cli import kinds_notes
    from app.roster.headers import Names, find_mapping

    mapping = find_mapping([(1, head)], Names.of(book), _)
    assert [n[:len(note)] for n in kinds_notes(mapping, book, _)] == [note]
    assert kinds_notes(find_mapping([(1, renamed)], Names.of(book), _), book, _) == []


@pytest.mark.usefixtures("sqlite_users")
def test_upload_page_says_a_kind_alone_is_read_as_unknown() -> None:
    head = [*HEAD[:5], "农村低保", *HEAD[6:]]
    r = upload(csv_bytes([head, PEOPLE[0], PEOPLE[1]]))
    assert r.status_code == 200
    assert "“农村低保”只是“是否低保户”的一类：填“否”只说明不是这一类，按未知处理。" in r.text


@pytest.mark.parametrize(("column", "cell"), [
    (5, "低保户（已退出）"), (5, "低保（停发）"), (5, "已退出"), (5, "停保"), (5, "退保"),
    (6, "五保户（已取消）"), (6, "已注销")])
def test_a_support_stopped_is_not_held(column: int, cell: str, book: Rulebook) -> None:
    """A yes/no column's cell that says the support was stopped or left (已退出, 停保 under 低保:
    the thirty-fifth tester's, left unknown): not held now, read as no, as the screening
    asks of now; but not where the stop is only planned (拟退出), and where it is denied (未退出)
    a yes."""
    person = list(PEOPLE[0])
    person[column] = cell
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    # (why it stopped is to be found out before contacting the person, who may have died: a
    # doubt's note, the sixtieth tester's 特困 停发 at 85; 退保 is no word of a stop it reads)
    assert frame[ERRORS][0] == (None if cell == "退保" else (
        f"{HEAD[column]}: {HEAD[column]}写着“{cell}”：可能已经去世，但没有确定，照常筛查了；"
        "联系这个人之前请先核实。"))
    # 甲 qualifies on 低保 and not 特困: a stopped 低保 refuses the subsidy, a stopped 特困 not
    assert frame[status_col("living_subsidy")].to_list() == [
        "not_eligible" if column == 5 else "eligible"]
    # a stop only planned is unknown; one denied is a yes (the thirty-eighth tester's 未退出:
    # still on the dibao, left unknown)
    person[column] = "拟退出"
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS][0] is not None and HEAD[column] in frame[ERRORS][0]
    for denied in ("未退出", "没有停发"):
        person[column] = denied
        frame, _result = screen(csv_bytes([HEAD, person]), book)
        assert frame[ERRORS][0] is None
        assert frame[status_col("living_subsidy")].to_list() == [
            "eligible" if column == 5 else "not_eligible"]
    # a stop dated after the screening date (held on it), or still under review: unknown,
    # never a no (the fifty-eighth tester's 2025年7月停保 on 2025-06-01); one dated before it,
    # a stop
    for undecided in ("2025年7月停保", "是（2025年8月退出）", "停保复核中", "2025.07停保"):
        person[column] = undecided
        frame, _result = screen(csv_bytes([HEAD, person]), book)
        assert frame[ERRORS][0] is not None and HEAD[column] in frame[ERRORS][0], undecided
    person[column] = "2024年3月停保"
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS][0] is not None and frame[ERRORS][0].endswith("联系这个人之前请先核实。")


@pytest.mark.parametrize(("cell", "held"), [("无", False), ("未办证", False), ("没有办证", False),
                                            ("无证", False), ("已办证", True)])
def test_a_certificate_cell_saying_whether_one_is_held(cell: str, held: bool,
                                                      book: Rulebook) -> None:
    """A certificate number's cell that says whether a certificate is held instead of its
    number (无, 未办证: the thirty-fifth tester's, refused as a malformed number): read as a
    是否持证 cell is, the ID number still read; a number is read as ever."""
    person = list(PEOPLE[0])
    person[3] = cell
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS][0] is None
    # 甲 qualifies for the subsidy with a certificate; without one, the rule refuses it; one
    # said held but not numbered leaves the category and grade unknown, which it does not ask
    assert frame[status_col("living_subsidy")].to_list() == [
        "eligible" if held else "not_eligible"]
    person[3] = "无号码"  # (neither a number nor a yes/no: refused, as before)
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS][0] is not None and HEAD[3] in frame[ERRORS][0]


@pytest.mark.parametrize("cell", ["停发", "已停发", "生活补贴(停发)", "生活补贴（已停发）", "暂停",
                                  # (the forty-sixth tester's: cancelled or ended)
                                  "取消", "已取消", "待遇终止", "终止发放", "已停止"])
def test_a_payment_stopped_is_not_received(cell: str, book: Rulebook) -> None:
    """A column of who receives a program, whose cell says the payment stopped: not receiving
    it now, so one who qualifies is found (the tenth tester's: left unknown, and off the list
    of those who qualify but do not receive)."""
    person = [*PEOPLE[0][:8], cell]
    frame, result = screen(csv_bytes([HEAD, person]), book)
    assert frame[unclaimed_col("living_subsidy")].to_list() == ["true"]
    # (but why it stopped is to be found out before the person is contacted, who may have
    # died: the fifty-ninth tester's, listed without a word)
    assert frame[ERRORS][0] == (f"已享受生活补贴: 已享受生活补贴写着“{cell}”：可能已经去世，但没有"
                                "确定，照常筛查了；联系这个人之前请先核实。")


def test_a_number_in_a_yes_no_receives_column_is_still_refused(book: Rulebook) -> None:
    # 1 是 2 否, as questionnaires code a yes: never guessed where the header names no amount
    rows = [HEAD, [*PEOPLE[0][:-1], "2"]]
    frame, _r = screen(csv_bytes(rows), book)
    assert frame[ERRORS][0].startswith("已享受生活补贴: ")


@pytest.mark.parametrize(("cell", "received"), [
    # an amount as a list writes one (the fortieth tester's: each refused as no 是 or 否, the
    # person counted among those whose receipt is unknown)
    pytest.param("90", True, id="whole-amount"), pytest.param("10", True, id="ten"),
    pytest.param("90.00", True, id="decimals"), pytest.param("￥90", True, id="yuan-sign"),
    pytest.param("¥90", True, id="yen-sign"), pytest.param("￥ 90.5元/月", True, id="sign-unit"),
    pytest.param("0.00", False, id="zero-decimals"), pytest.param("￥0", False, id="zero-sign"),
    # 1 and 0 as questionnaires code an answer, as ever
    pytest.param("1", True, id="code-1"), pytest.param("0", False, id="code-0"),
    # a yes or no with a note that agrees
    pytest.param("是（90元）", True, id="yes-amount"), pytest.param("是(已领)", True, id="yes-got"),
    pytest.param("否（未申请）", False, id="no-not-applied"),
    pytest.param("否（0元）", False, id="no-zero"),
    pytest.param("已享受（90元/月）", True, id="received-amount"),
    # a note that the payment stopped wins over the 是 (STOPPED comes first)
    pytest.param("是（已停发）", False, id="yes-but-stopped")])
def test_an_amount_or_a_yes_or_no_with_its_note_under_who_receives(
        book: Rulebook, cell: str, received: bool) -> None:
    person = [*PEOPLE[0][:8], cell]
    frame, _r = screen(csv_bytes([HEAD, person]), book)
    # (a payment stopped, a doubt of a death: noted, test_a_payment_stopped_is_not_received)
    assert frame[ERRORS].to_list() == [None if "停" not in cell else (
        f"已享受生活补贴: 已享受生活补贴写着“{cell}”：可能已经去世，但没有确定，照常筛查了；"
        "联系这个人之前请先核实。")]
    assert frame[unclaimed_col("living_subsidy")].to_list() == [str(not received).lower()]


@pytest.mark.parametrize("cell", [
    # 2 codes a no, or is two yuan: never guessed (and no bare number under 10 is an amount)
    pytest.param("2", id="code-2"), pytest.param("9", id="bare-9"),
    # a note that says otherwise, or nothing the column reads, may undo the word
    pytest.param("否（90元）", id="no-but-paid"), pytest.param("是（0元）", id="yes-but-zero"),
    pytest.param("是（待审核）", id="yes-pending"),
    pytest.param("是（本人）", id="yes-other-note"),
    # not cancelled, not ended: never read as stopped
    pytest.param("未取消", id="not-cancelled"), pytest.param("尚未终止", id="not-yet-ended")])
def test_a_receives_cell_that_may_say_either_stays_refused(book: Rulebook, cell: str) -> None:
    person = [*PEOPLE[0][:8], cell]
    frame, _r = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS][0] is not None and frame[ERRORS][0].startswith("已享受生活补贴: ")
    assert frame[unclaimed_col("living_subsidy")].to_list() == [None]


@pytest.mark.parametrize("column", [pytest.param(8, id="receives"),
                                    pytest.param(5, id="dibao"), pytest.param(6, id="tekun")])
@pytest.mark.parametrize("cell", [
    pytest.param("/", id="slash"), pytest.param("—", id="em-dash"), pytest.param("-", id="hyphen"),
    pytest.param("－", id="wide-hyphen"), pytest.param("NULL", id="NULL"),
    pytest.param("null", id="null"), pytest.param("#N/A", id="na"), pytest.param("N/A", id="n/a"),
    pytest.param("ＮＵＬＬ", id="wide-NULL"), pytest.param("<NULL>", id="angled-NULL"),
    pytest.param("\\N", id="backslash-N")])
def test_a_yes_no_cell_marked_empty_is_blank(book: Rulebook, column: int, cell: str) -> None:
    """A dash, a slash or a NULL alone in any yes/no column (是否低保户, 特困供养, 已享受生活补贴)
    is read as the blank cell is, unknown, never a no and never refused (the fortieth
    tester's: "请回答“是”或“否”" on each, as only an amount column read a dash)."""
    blank, marked = list(PEOPLE[0]), list(PEOPLE[0])
    blank[column], marked[column] = "", cell
    frame, _r = screen(csv_bytes([HEAD, marked]), book)
    assert frame[ERRORS].to_list() == [None]
    expected, _b = screen(csv_bytes([HEAD, blank]), book)
    assert frame.select(status_col("living_subsidy"), unclaimed_col("living_subsidy")).rows() \
        == expected.select(status_col("living_subsidy"), unclaimed_col("living_subsidy")).rows()
    if column == 8:  # (who receives it unknown, of one who qualifies)
        assert frame[unclaimed_col("living_subsidy")].to_list() == [None]


def test_how_a_receives_column_is_counted_end_to_end(book: Rulebook) -> None:
    """The fortieth tester's column 生活补贴 through :func:`screen_file`: amounts and a 是 or 否
    with its note are counted as received or not, the marks of an empty cell as unknown without
    a word, and only what may say either (2) is named as unread."""
    from tests.support.typed_values import with_check_digit

    cells = {"90": False, "￥90": False, "90.00": False, "是（90元）": False, "90元/月": False,
             "否（未申请）": True, "0.00": True, "0": True, "—": None, "NULL": None, "/": None,
             "2": None}
    rows = [["序号", "姓名", "身份证号", "残疾证号", "户籍地址", "低保", "特困", "领孤儿基本生活费",
             "生活补贴"]]
    for k, cell in enumerate(cells, start=1):
        number = with_check_digit(f"45263019710308{k:03d}")
        rows.append([str(k), f"乙{k}", number, f"{number}41", "田林县乐里镇新华村", "是", "否",
                     "否", cell])
    frame, result = screen(csv_bytes(rows), book)
    assert frame[status_col("living_subsidy")].to_list() == ["eligible"] * len(cells)
    unclaimed = frame[unclaimed_col("living_subsidy")].to_list()
    assert dict(zip(cells, unclaimed, strict=True)) == {
        cell: None if said is None else str(said).lower() for cell, said in cells.items()}
    assert result.unclaimed["living_subsidy"] == 3  # type: ignore[attr-defined]
    assert result.receipt_unknown["living_subsidy"] == 4  # type: ignore[attr-defined]
    errors = frame[ERRORS].to_list()
    assert [cell for cell, error in zip(cells, errors, strict=True) if error] == ["2"]


PENDING = _("这一格写的是正在申请，或在等待审核、发放，所以还不知道是否已经享受。")


def quoted(cell: str) -> str:
    """A cell as a CSV writes it (in quotes where it holds a comma: ¥1,080)."""
    return f'"{cell}"' if "," in cell else cell


@pytest.mark.parametrize(("cell", "received"), [
    # paid or taken in, or not (the forty-fourth tester's: each refused as no 是 or 否)
    pytest.param("已发", True, id="paid"), pytest.param("已发放", True, id="paid-out"),
    pytest.param("已领", True, id="taken"), pytest.param("已领取", True, id="collected"),
    pytest.param("已纳入", True, id="taken-in"), pytest.param("在享受", True, id="receiving"),
    pytest.param("正在享受", True, id="now-receiving"), pytest.param("享受中", True, id="ongoing"),
    pytest.param("未发", False, id="not-paid"), pytest.param("未发放", False, id="not-paid-out"),
    pytest.param("未领", False, id="not-taken"), pytest.param("未领取", False, id="uncollected"),
    pytest.param("未纳入", False, id="not-taken-in"), pytest.param("未享受", False, id="not-rec"),
    pytest.param("没有享受", False, id="never-received"),
    # (the forty-fifth tester's) in traditional characters
    pytest.param("已發", True, id="paid-traditional"), pytest.param("已納入", True, id="in-trad"),
    pytest.param("未發", False, id="unpaid-traditional"),
    pytest.param("未納入", False, id="not-in-trad"),
    # (the forty-sixth tester's) taken or not, in traditional characters
    pytest.param("已領", True, id="taken-trad"), pytest.param("已領取", True, id="collected-trad"),
    pytest.param("未領", False, id="not-taken-trad"),
    pytest.param("未領取", False, id="uncollected-trad"),
    # when receipt began: by the screening date (2025-06-01) a yes (after it: granted, not yet
    # paid, so pending: test_a_receives_cell_that_is_pending_is_unknown_and_says_so)
    pytest.param("2024年起享受", True, id="since-year"),
    pytest.param("自2024年1月起享受", True, id="since-month"),
    pytest.param("2025年6月起享受", True, id="since-the-month-screened"),
    # amounts: thousands separated, RMB or 人民币 before, Chinese numerals before 元
    pytest.param("¥1,080", True, id="grouped-sign"), pytest.param("1,080元", True, id="grouped"),
    pytest.param("RMB90", True, id="RMB"), pytest.param("rmb 90", True, id="rmb-spaced"),
    pytest.param("人民币90元", True, id="renminbi"), pytest.param("RMB0", False, id="RMB-zero"),
    pytest.param("九十元", True, id="chinese-90"),
    pytest.param("一百二十元", True, id="chinese-120"),
    pytest.param("零元", False, id="chinese-zero"),
    # a 是 or 否 with a note giving when it began, by the screening date: the word
    pytest.param("是(2025.1起)", True, id="yes-since-month"),
    pytest.param("是（2024年起）", True, id="yes-since-year"),
    pytest.param("是（2024年起享受）", True, id="yes-since-received"),
    pytest.param("否（2024年起）", False, id="no-since-year")])
def test_a_receives_cell_saying_paid_taken_in_or_when_it_began(
        book: Rulebook, cell: str, received: bool) -> None:
    person = [*PEOPLE[0][:8], quoted(cell)]
    frame, _r = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS].to_list() == [None]
    assert frame[unclaimed_col("living_subsidy")].to_list() == [str(not received).lower()]


@pytest.mark.parametrize("cell", [
    pytest.param("待发", id="awaiting-payment"), pytest.param("待发放", id="awaiting-pay-out"),
    pytest.param("待审核", id="awaiting-review"), pytest.param("申请中", id="applying"),
    pytest.param("正在申请", id="now-applying"), pytest.param("是（待审核）", id="yes-pending"),
    pytest.param("否(申请中)", id="no-applying"),
    # a start after the screening date: granted, not yet paid (never a no, which would list the
    # person as qualifying and not receiving)
    pytest.param("2026年起享受", id="from-next-year"),
    pytest.param("自2025年7月起享受", id="from-next-month"),
    # (the forty-fifth tester's) more ways a list says it is under way, traditional characters
    pytest.param("待核发", id="awaiting-check"), pytest.param("公示中", id="on-notice"),
    pytest.param("已批未发", id="granted-unpaid"), pytest.param("已纳入待发放", id="in-unpaid"),
    pytest.param("报批中", id="for-approval"), pytest.param("拟纳入", id="to-be-taken-in"),
    pytest.param("待定", id="undecided"), pytest.param("已申请未批", id="applied-unapproved"),
    pytest.param("待發", id="awaiting-traditional"), pytest.param("待審核", id="review-trad")])
def test_a_receives_cell_pending_is_unknown_and_says_so(book: Rulebook, cell: str) -> None:
    """待发, 待审核, 申请中 under who receives a program: whether it is received is not known,
    and the message says why, not "请回答“是”或“否”" (the forty-fourth tester's)."""
    person = [*PEOPLE[0][:8], cell]
    frame, _r = screen(csv_bytes([HEAD, person]), book)
    assert frame[ERRORS].to_list() == [f"已享受生活补贴: {PENDING}"]
    assert frame[unclaimed_col("living_subsidy")].to_list() == [None]


@pytest.mark.parametrize("cell", [
    # a start after the screening date may undo the 是: never guessed
    pytest.param("是(2025.7起)", id="yes-from-next-month"),
    pytest.param("是（2026年起）", id="yes-from-next-year"),
    pytest.param("否（2026年起）", id="no-from-next-year"),
    # what is no amount, a date or a word of receipt
    pytest.param("九十", id="chinese-without-yuan"), pytest.param("1,08", id="bad-groups"),
    pytest.param("2024年起", id="start-without-receipt"), pytest.param("已", id="already-alone"),
    pytest.param("2025.13起享受", id="no-such-month")])
def test_a_receives_cell_that_may_say_either_or_nothing_stays_refused(
        book: Rulebook, cell: str) -> None:
    person = [*PEOPLE[0][:8], quoted(cell)]
    frame, _r = screen(csv_bytes([HEAD, person]), book)
    error = frame[ERRORS][0]
    assert error is not None and error.startswith("已享受生活补贴: ") and PENDING not in error
    assert frame[unclaimed_col("living_subsidy")].to_list() == [None]


@pytest.mark.parametrize("cell", [pytest.param("已发", id="paid"),
                                  pytest.param("未发", id="unpaid"),
                                  pytest.param("2024年起享受", id="since"),
                                  pytest.param("是（2024年起）", id="yes-since"),
                                  pytest.param("待审核", id="pending"),
                                  pytest.param("RMB90", id="RMB")])
def test_receipt_words_are_read_under_who_receives_only(book: Rulebook, cell: str) -> None:
    """Under 是否低保户 (a fact of the rulebook, no column of who receives) these stay refused
    with the usual message."""
    person = list(PEOPLE[0])
    person[5] = cell
    frame, _r = screen(csv_bytes([HEAD, person]), book)
    error = frame[ERRORS][0]
    assert error is not None and error.startswith("是否低保户: ") and PENDING not in error


def test_receipt_words_amounts_and_starts_counted_end_to_end(book: Rulebook) -> None:
    """The forty-fourth tester's cells through :func:`screen_file`: each read as the clerk means
    it, the pending ones unknown with their own message, and the rest counted."""
    from tests.support.typed_values import with_check_digit

    cells = {"已发": False, "未发": True, "¥1,080": False, "已纳入": False, "未纳入": True,
             "2024年起享受": False, "是(2025.1起)": False, "RMB90": False, "九十元": False,
             "2026年起享受": None, "待发": None, "是(2025.7起)": None}
    rows = [["序号", "姓名", "身份证号", "残疾证号", "户籍地址", "低保", "特困", "领孤儿基本生活费",
             "生活补贴"]]
    for k, cell in enumerate(cells, start=1):
        number = with_check_digit(f"45263019710308{k:03d}")
        rows.append([str(k), f"乙{k}", number, f"{number}41", "田林县乐里镇新华村", "是", "否",
                     "否", quoted(cell)])
    frame, result = screen(csv_bytes(rows), book)
    assert frame[status_col("living_subsidy")].to_list() == ["eligible"] * len(cells)
    unclaimed = frame[unclaimed_col("living_subsidy")].to_list()
    assert dict(zip(cells, unclaimed, strict=True)) == {
        cell: None if said is None else str(said).lower() for cell, said in cells.items()}
    assert result.unclaimed["living_subsidy"] == 2  # type: ignore[attr-defined]
    assert result.receipt_unknown["living_subsidy"] == 3  # type: ignore[attr-defined]
    errors = dict(zip(cells, frame[ERRORS].to_list(), strict=True))
    assert {cell: error for cell, error in errors.items() if error} == {
        "待发": f"生活补贴: {PENDING}", "2026年起享受": f"生活补贴: {PENDING}",
        "是(2025.7起)": f"生活补贴: {_('请回答“是”或“否”（也可以填 有/无、Y/N、√/×）。')}"}


def test_mapping_names_each_fact_in_words(book: Rulebook) -> None:
    # a clerk cannot read work_injury_nursing_allowance: the fact's question says what it is,
    # on the command's mapping and in the upload page's "改为" choices alike
    from app.roster.cli import target_text

    text = target_text("work_injury_nursing_allowance", book, _)
    assert text.startswith("work_injury_nursing_allowance（")
    assert _(book.facts["work_injury_nursing_allowance"].question) in text
    en = gettext_for("en")
    assert en(book.facts["age"].question) in target_text("age", book, en)


@pytest.mark.usefixtures("sqlite_users")
def test_upload_without_a_recognised_column_says_what_to_do_on_the_page() -> None:
    # the page has no --columns option: it says to choose each column's fact below
    r = upload("姓名,困难标识\n甲,是\n".encode())
    assert r.status_code == 400 and "看到的列名：姓名、困难标识" in r.text
    assert "--columns" not in r.text and "receives_pension、" not in r.text
    assert "在下面“各列读成了什么”里" in r.text


@pytest.mark.usefixtures("sqlite_users")
def test_upload_page_does_not_repeat_the_list_in_a_title_whose_quote_is_never_closed() -> None:
    # the title's quote is named; the people below are not shown
    r = upload(csv_bytes([['"某县名单', "", ""], HEAD, *PEOPLE]))
    assert r.status_code == 400 and "名单第 1 行有一格以英文引号" in r.text
    assert shows_nobody(r.text)


@pytest.mark.usefixtures("sqlite_users")
def test_upload_page_does_not_repeat_a_list_without_a_header_row() -> None:
    r = upload(csv_bytes(PEOPLE))
    assert r.status_code == 400 and "不是表头：请在名单最上面加一行列名。" in r.text
    # not offered to choose each column's fact, which would take the first person for a header
    assert "各列读成了什么”里为每一列选对应的事实" not in r.text
    assert shows_nobody(r.text)


@pytest.mark.usefixtures("sqlite_users")
def test_upload_page_names_a_header_quote_that_joins_the_rows_below() -> None:
    head = [*HEAD[:-1], '"' + HEAD[-1]]  # 已享受生活补贴's quote never closed
    r = upload(csv_bytes([head, *PEOPLE]))
    assert r.status_code == 400 and "名单第 1 行有一格以英文引号" in r.text
    for person in PEOPLE:
        assert person[2] not in r.text


@pytest.mark.usefixtures("sqlite_users")
def test_upload_page_reports_the_totals_row() -> None:
    r = upload(csv_bytes([HEAD, *PEOPLE, ["合计", "", "", "", "", "1", "", "", ""]]))
    assert r.status_code == 200 and "共筛查 2 人。" in r.text
    assert "第 4 行是合计行，没有筛查。" in r.text


# a list without the column of 领孤儿基本生活费, which the living subsidy's rules read: everyone
# comes out undetermined, and the summary says which column would settle it (the seventh
# tester's: it never said why)
NO_ORPHAN = csv_bytes([[c for k, c in enumerate(row) if k != 7] for row in [HEAD, *PEOPLE]])


def test_who_qualifies_and_whose_receipt_is_blank_is_counted(tmp_path: Path, capsys: Any,
                                                             book: Rulebook) -> None:
    """A list that ticks only who receives a subsidy leaves the rest blank: a blank is no
    "not receiving" (it may be unknown), but those who qualify with it are counted beside the
    "qualifies but does not receive" count, on the summary sheet and the upload page (the
    thirty-seventh tester's: 符合但未享受 0 read as "nobody is missing out")."""
    from openpyxl import load_workbook

    rows = [HEAD, PEOPLE[0], [*PEOPLE[0][:8], ""], [*PEOPLE[0][:8], "√"],
            [*PEOPLE[1][:8], ""]]
    frame, result = screen(csv_bytes(rows), book)
    assert frame[status_col("living_subsidy")].to_list() == ["eligible"] * 3 + ["not_eligible"]
    assert frame[unclaimed_col("living_subsidy")].to_list() == ["true", None, "false", "false"]
    assert result.unclaimed["living_subsidy"] == 1  # type: ignore[attr-defined]
    assert result.receipt_unknown == {"living_subsidy": 1}  # type: ignore[attr-defined]
    src, out = tmp_path / "表.csv", tmp_path / "结果.xlsx"
    src.write_bytes(csv_bytes(rows))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                 "--programs", "living_subsidy,nursing_subsidy"]) == 0
    said = capsys.readouterr().out
    assert "符合但未享受 1  符合但是否享受不明 1\n" in said
    assert said.split("重度残疾人护理补贴")[1].split("\n")[0].endswith("符合但未享受 0")
    summary = load_workbook(out)["汇总"]
    assert [c.value for c in summary[1]][5:7] == ["符合但未享受", "符合，但是否享受不明"]
    assert [c.value for c in summary[2]][5:7] == [1, 1]
    # (blank where the list has no column of who receives the program)
    assert [c.value for c in summary[3]][0] == "重度残疾人护理补贴"
    assert [c.value for c in summary[3]][6] is None


@pytest.mark.usefixtures("sqlite_users")
def test_the_upload_page_counts_who_qualifies_with_a_blank_receipt() -> None:
    r = upload(csv_bytes([HEAD, PEOPLE[0], [*PEOPLE[0][:8], ""]]))
    assert r.status_code == 200
    assert "<th scope=\"col\">符合，但是否享受不明</th>" in r.text
    row = r.text[r.text.index("<th scope=\"row\">困难残疾人生活补贴</th>"):]
    assert row.split("</tr>")[0].endswith("<td>1</td><td>1</td><td></td>")


def test_the_summary_names_the_columns_the_rules_read_that_the_list_lacks(
        tmp_path: Path, capsys: object, book: Rulebook) -> None:
    from openpyxl import load_workbook

    frame, result = screen(NO_ORPHAN, book)
    assert frame[status_col("living_subsidy")].to_list()[0] == "undetermined"
    assert result.absent(book) == {"living_subsidy": ["orphan_allowance"]}  # type: ignore
    screened = screen(csv_bytes([HEAD, *PEOPLE]), book)[1]
    assert screened.absent(book) == {}  # type: ignore[attr-defined]  # (none undetermined)
    src, out = tmp_path / "表.csv", tmp_path / "结果.xlsx"
    src.write_bytes(NO_ORPHAN)
    assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                 "--programs", "living_subsidy"]) == 0
    assert ("困难残疾人生活补贴（living_subsidy）：有人待定，规则还要看这些名单里没有的列："
            "孤儿基本生活费。") in capsys.readouterr().out  # type: ignore[attr-defined]
    summary = load_workbook(out)["汇总"]
    assert [c.value for c in summary[1]][8] == "待定的人，规则还要看的列（名单里没有）"
    assert [c.value for c in summary[2]][8] == "孤儿基本生活费"


def test_the_columns_the_list_lacks_are_named_as_lists_give_them(book: Rulebook) -> None:
    """Hukou and county by a household address (户籍地址), whose own column takes 百色市 and
    the like only; the certificate by its number (the eighth tester added a 户口 column of
    addresses, as the line asked, and every cell was refused)."""
    from app.roster.bulk import column_names

    bare = csv_bytes([["姓名", "是否低保户", "特困供养", "领孤儿基本生活费"],
                      ["甲", "是", "否", "否"]])
    _frame, result = screen(bare, book)
    missing = result.absent(book)["living_subsidy"]  # type: ignore[attr-defined]
    assert set(missing) >= {"has_disability_certificate", "hukou"}
    assert column_names(book, missing, _) == "残疾人证号、户籍地址"
    assert column_names(book, ["county", "hukou", "orphan_allowance"], _) == \
        "户籍地址、孤儿基本生活费"


@pytest.mark.usefixtures("sqlite_users")
def test_upload_page_names_the_columns_the_rules_read_that_the_list_lacks() -> None:
    r = upload(NO_ORPHAN)
    assert r.status_code == 200 and "待定的人，规则还要看的列（名单里没有）" in r.text
    assert "<td>孤儿基本生活费</td>" in r.text


def test_many_shared_strings_open_without_the_collector_running(tmp_path: Path) -> None:
    # a 14 MB .xlsx of five million short strings (within the upload's bounds) took four
    # minutes to open: Python's cyclic collector ran thousands of times over the parser's
    # elements. Counted, not timed: collections while 100,000 strings are read.
    import gc
    import zipfile

    from openpyxl import Workbook

    from app.roster.xlsx import XlsxSheet

    base = tmp_path / "base.xlsx"
    wb = Workbook()
    wb.active.append(["身份证号码", "低保"])
    wb.save(base)
    path = tmp_path / "strings.xlsx"
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            if info.filename != "xl/sharedStrings.xml":
                z.writestr(info, zin.read(info))
        z.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/'
                   b'spreadsheetml/2006/main">' + b"".join(
                       b"<si><t>%d</t></si>" % (10**8 + k) for k in range(100_000)) + b"</sst>")
    runs: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(count)
    try:
        sheet = XlsxSheet(path, CLI, _)
    finally:
        gc.callbacks.remove(count)
    assert len(sheet.strings) == 100_000 and sheet.strings[-1] == str(10**8 + 99_999)
    assert len(runs) < 20, len(runs)
    assert gc.isenabled()


def test_a_number_cell_in_a_date_column_is_an_excel_serial(book: Rulebook) -> None:
    """typed_values.md: 45352 in a cell typed as a number (General format, no date style) is
    2024-03-01 in a date column; typed as text it is refused, as at every other edge."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "残疾人证号", "经营类型", "首次创业", "登记日期", "正常经营"])
    ws.append(["甲", "45263019710308201X41", "个体工商户", "是", 45352, "是"])
    ws.append(["乙", "45263019710308201X41", "个体工商户", "是", "45352", "是"])
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    screen_file(book, buf.getvalue(), "xlsx", ON, _, out=out, out_kind="csv", limits=CLI,
                programs=["startup_subsidy"], keep_facts=True)
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    # registered 2024-03-01, at least a year before 2025-06-01: the individual business
    # qualifies; the same digits typed as text are no date
    assert frame[status_col("startup_subsidy")].to_list()[0] == "eligible", frame.row(0)
    assert frame[ERRORS].to_list()[0] is None
    assert "登记日期" in (frame[ERRORS].to_list()[1] or "")


def totals_and_blanks(screener: Screener, cells: pl.Series) -> tuple[list[bool], list[bool]]:
    """Per cell of ``cells``, whether the screener's tests (:meth:`Screener._marks`) read it as
    a totals row's first cell, and as blank."""
    frame = cells.alias("c").to_frame()
    (marks,) = screener._marks(frame, ["c"])
    return (frame.select(marks.total).to_series().to_list() if marks.total is not None
            else [False] * cells.len(), frame.select(marks.blank).to_series().to_list())


def test_totals_test_of_a_growing_dictionary_is_that_of_the_text(book: Rulebook) -> None:
    """The cheap per-column tests for a totals word and for a blank cell (each spelling of a
    dictionary once, as it first comes) answer per row what testing every cell's text
    answers."""
    from app.roster.bulk import BLANK_CELL, TOTAL_CELL, Screener
    from app.roster.headers import Names, find_mapping

    screener = Screener(book, find_mapping([(1, HEAD)], Names.of(book), _, header_index=0),
                        ON, _)
    shared = pl.Categorical(pl.Categories.random())
    for cells in (["否", "否"], ["是", "合计"], ["是", "是"], ["小 计", "是"], ["否", None],
                  [None, " 总计"], ["是", " "], ["\u3000", None], ["否", "是"],
                  ["\u200b", "\ufeff "], ["x\u200b", "合\u200b计"]):
        text = pl.Series(cells, dtype=pl.String)
        want = (text.str.contains(TOTAL_CELL).fill_null(False).to_list(),
                text.str.contains(BLANK_CELL).fill_null(True).to_list())
        for given in (text.cast(shared), text):
            assert totals_and_blanks(screener, given) == want, cells


def test_totals_test_waits_for_a_spelling_not_yet_written(
        book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """polars' dictionary, shared with the reader that reads the next batches meanwhile, may
    list a code that has been taken but whose spelling is not written yet (None): that code is
    tested once its spelling is there, never taken as tested (a 合计 row would be screened)."""
    from app.roster.bulk import Screener
    from app.roster.headers import Names, find_mapping

    screener = Screener(book, find_mapping([(1, HEAD)], Names.of(book), _, header_index=0),
                        ON, _)
    shared = pl.Categorical(pl.Categories.random())
    cells = pl.Series(["否", "是", "合计", " "], dtype=pl.String).cast(shared)  # codes 0–3
    real = pl.Categories.to_series
    monkeypatch.setattr(pl.Categories, "to_series",  # codes 2 and 3 not yet written
                        lambda self: real(self).scatter([2, 3], None))

    def marks(part: pl.Series) -> tuple[list[bool], list[bool]]:
        return totals_and_blanks(screener, part)

    assert marks(cells.slice(0, 2)) == ([False, False], [False, False])
    monkeypatch.setattr(pl.Categories, "to_series", real)
    assert marks(cells.slice(2)) == ([True, False], [False, True])
    assert marks(cells.slice(0, 2)) == ([False, False], [False, False])




@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_the_xlsx_summary_sheet_says_which_rows_were_not_screened(lang: str,
                                                                   tmp_path: Path) -> None:
    # a printed summary counts only the people screened: the rows that were no person (a
    # title above the header, a blank row, a repeated header, a totals row) are listed below
    # the counts, as the command prints them, and the sheets not read
    from openpyxl import load_workbook

    from app.roster.bulk import RosterResult
    from app.roster.headers import ColumnMap

    src, out = tmp_path / "表.csv", tmp_path / "结果.xlsx"
    total = ["合计", "", "", "", "", "1", "", "", ""]
    src.write_bytes(csv_bytes([["田林县残疾人比对表"], HEAD, PEOPLE[0], [""] * len(HEAD),
                               ["新华村残疾人名单"], HEAD, PEOPLE[1], total]))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--lang", lang,
                 "--programs", "living_subsidy"]) == 0
    summary = load_workbook(out, read_only=True).worksheets[1]
    said = [row[0] for row in summary.iter_rows(min_row=4, max_col=1, values_only=True)
            if row[0]]
    t = gettext_for(lang)
    result = RosterResult(ColumnMap(1, 2, [], above=[1]), rows=2, totals=[8], blank=1,
                          headers=[6], titles=[5])
    assert said == [t("共筛查 {rows} 人。").format(rows=2), result.mapping.above_note(t),
                    *result.skipped(t)]
    assert len(said) == 6
    if lang == "zh-Hans":
        # (in the order of their rows)
        assert said[1:] == ["表头上面的第 1 行不是名单，没有筛查。",
                            "第 5 行在重复的表头上方，像是名单的标题，没有筛查。",
                            "第 6 行重复了表头，没有筛查。", "第 8 行是合计行，没有筛查。",
                            "另有 1 个空行，没有筛查。"]


@pytest.mark.parametrize("batch_rows", [2, 250_000])
def test_a_row_numbering_the_columns_under_a_header_is_not_screened(
        batch_rows: int, book: Rulebook, tmp_path: Path) -> None:
    """Forms number their columns in a row under the header (1, 2, 3 …, after 甲, 乙 for the
    first ones): no person (the fresh tester's finding), under the first header or one that
    repeats; a person's row with 序号 1 is a person as ever."""
    numbers = [str(k) for k in range(1, len(HEAD) + 1)]
    lettered = ["甲", "乙", *numbers[:-2]]

    def screened(rows: list[list[str]]) -> Any:
        return screen_file(book, csv_bytes(rows), "csv", ON, _, out=io.BytesIO(),
                           out_kind="csv", limits=CLI, programs=["living_subsidy"],
                           batch_rows=batch_rows)

    for row in (numbers, lettered):
        result = screened([HEAD, row, PEOPLE[0], HEAD, row, PEOPLE[1]])
        assert (result.rows, result.numbers, result.headers) == (2, [2, 5], [4]), row
        assert not result.problems.first
        assert "第 2、5 行在表头下方，是各列的编号（1、2、3……），没有筛查。" in result.skipped(_)
    # not under a header, or not the columns' numbers in order: a person's row
    for row in (["1", "2"], ["1", "3", "2", "4"], ["2", "3", "4"]):
        result = screened([HEAD, row, PEOPLE[0]])
        assert (result.rows, result.numbers) == (2, []), row
    result = screened([HEAD, PEOPLE[0], numbers, PEOPLE[1]])
    assert (result.rows, result.numbers) == (3, [])
    # as other forms write it (the second tester's): after a blank row, after 栏次, circled,
    # as 1.0, one left out where a column was deleted, one cell not numbered
    for row in (["栏次", *numbers[:-1]], [chr(0x2460 + k) for k in range(len(HEAD))],
                [f"({k})" for k in numbers], [f"{k}." for k in numbers],
                [f"{k}栏" for k in numbers], list("一二三四五六七八九"),
                [f"{k}.0" for k in range(1, len(HEAD) + 1)], ["1", "2", "4", *numbers[4:]],
                ["1", "2", "", *numbers[2:-1]]):
        result = screened([HEAD, row, PEOPLE[0]])
        assert (result.rows, result.numbers) == (1, [2]), row
    result = screened([HEAD, [""] * len(HEAD), numbers, PEOPLE[0]])
    assert (result.rows, result.numbers, result.blank) == (1, [3], 1)
    # a person's row with a 序号 and a few codes, name and ID blank, is a person's
    coded = ["1", "", "", "", "", "2", "3", "4", "5"]
    result = screened([HEAD, coded, PEOPLE[1], HEAD, coded, PEOPLE[0]])
    assert (result.rows, result.numbers) == (4, [])
    # in a narrow list too, and where the codes are far from the columns' numbers (the fourth
    # tester's: 1, , 2, 3 under four columns; 1, , 6, 7)
    narrow = ["序号", "姓名", "残疾类别", "残疾等级"]
    for coded in (["1", "", "2", "3"], ["1", "", "6", "7"], ["1", "6", "7", "8"]):
        result = screen_file(book, csv_bytes([narrow, coded, narrow, coded]), "csv", ON, _,
                             out=io.BytesIO(), out_kind="csv", limits=CLI,
                             programs=["living_subsidy"], batch_rows=batch_rows)
        assert (result.rows, result.numbers) == (2, []), coded
    # in an .xlsx, whose numbers are number cells
    result = screened_xlsx(book, tmp_path, [HEAD, list(range(1, len(HEAD) + 1)), PEOPLE[0]])
    assert (result.rows, result.numbers) == (1, [2])
    # the columns' letters, as a sheet names them (the thirty-seventh tester's: screened as a
    # person); a person's row of letters out of order is a person's
    result = screened([HEAD, [chr(ord("A") + k) for k in range(len(HEAD))], PEOPLE[0]])
    assert (result.rows, result.numbers) == (1, [2])
    result = screened([HEAD, ["1", "甲", "", "", "", "A", "B", "C", "D"], PEOPLE[0]])
    assert (result.rows, result.numbers) == (2, [])


@pytest.mark.parametrize("batch_rows", [2, 250_000])
def test_a_person_said_to_have_died_is_not_screened(batch_rows: int, book: Rulebook) -> None:
    """A row whose cell says the person died (已死亡 under 备注, 2024年12月死亡, 死亡停发 under
    who receives, （已故） under 人员状态: the thirty-seventh tester's, listed as qualifying
    and not receiving) is not screened and is reported; but not where the cell says more (父亲
    已故), nor under a column of another person (监护人: 已故)."""
    head = [*HEAD, "备注"]

    def screened(rows: list[list[str]]) -> Any:
        return screen_file(book, csv_bytes(rows), "csv", ON, _, out=io.BytesIO(),
                           out_kind="csv", limits=CLI, programs=["living_subsidy"],
                           batch_rows=batch_rows)

    for cell in ("已死亡", "2024年12月死亡", "（已故）", "去世", "2024.3死亡", "已经去世",
                 # (the thirty-eighth tester's, screened as qualifying and not receiving)
                 "本人已故", "已死亡（2024年）", "死亡，停发", "已死亡，待注销", "死亡未注销",
                 "已于2024年3月去世", "因死亡停发"):
        result = screened([head, [*PEOPLE[0], cell], [*PEOPLE[1], ""]])
        assert (result.rows, result.died) == (1, [2]), cell
        assert result.counts["living_subsidy"]["eligible"] == 0
        assert "第 2 行写着这个人已经去世（如“已死亡”），没有筛查。" in result.skipped(_)
    result = screened([HEAD, PEOPLE[1], [*PEOPLE[0][:8], "死亡停发"]])
    assert (result.rows, result.died, result.unclaimed["living_subsidy"]) == (1, [3], 0)
    # in the name's cell, or said under a column that asks it
    result = screened([HEAD, PEOPLE[1], ["", "王五（已故）", *PEOPLE[0][2:]]])
    assert (result.rows, result.died) == (1, [3])
    result = screened([[*HEAD, "是否死亡"], [*PEOPLE[0], "是"], [*PEOPLE[1], "否"]])
    assert (result.rows, result.died) == (1, [2])
    for other in ([head, [*PEOPLE[0], "父亲已故"]], [[*HEAD, "监护人"], [*PEOPLE[0], "已故"]],
                  [[*HEAD, "父亲"], [*PEOPLE[0], "已故"]], [head, [*PEOPLE[0], "户主已死亡"]],
                  [head, [*PEOPLE[0], "未死亡"]], [head, [*PEOPLE[0], "死亡抚恤金已领取"]],
                  [head, [*PEOPLE[0], "母亲去世多年，由外婆抚养"]],
                  [head, [*PEOPLE[0], "老伴去世"]], [head, [*PEOPLE[0], "家人已故"]]):
        result = screened(other)
        assert (result.rows, result.died) == (1, []), other


@pytest.mark.parametrize("batch_rows", [2, 250_000])
def test_a_death_dated_after_the_screening_date_is_screened(batch_rows: int, book: Rulebook,
                                                            tmp_path: Path) -> None:
    """A death written with a date after the screening date (2025年7月死亡, screening on
    2025-06-01: the thirty-eighth tester's, left out) says the person was alive on the day
    screened: screened. Dated on or before it, or as far as it is written no later (2025年6月
    on 2025-06-01, 2025年), not screened."""
    head = [*HEAD, "备注"]
    for cell, died in (("2025年7月死亡", False), ("2025-06-15去世", False), ("2026年病故", False),
                       ("20250602死亡", False), ("2025年6月死亡", True), ("2025年死亡", True),
                       ("2025年5月31日去世", True), ("已于2025.6.1去世", True),
                       ("2024年12月死亡", True)):
        rows = [head, [*PEOPLE[0], cell], [*PEOPLE[1], ""]]
        result = screen_file(book, csv_bytes(rows), "csv", ON, _, out=io.BytesIO(),
                             out_kind="csv", limits=CLI, programs=["living_subsidy"],
                             batch_rows=batch_rows)
        assert (result.rows, result.died) == ((1, [2]) if died else (2, [])), cell
    # and in an .xlsx, whose cells come as text, not dictionary-coded
    assert screened_xlsx(book, tmp_path, [head, [*PEOPLE[0], "2025年7月死亡"]]).died == []
    assert screened_xlsx(book, tmp_path, [head, [*PEOPLE[0], "2025年5月死亡"]]).died == [2]


@pytest.mark.parametrize("batch_rows", [2, 250_000])
def test_a_row_of_the_columns_units_under_a_header_is_not_screened(batch_rows: int,
                                                                  book: Rulebook) -> None:
    """A row under the header giving each column's unit or how to fill it, in brackets
    (（是/否）, （元/月）: the thirty-seventh tester's, screened as a person), under the first
    header or one that repeats; a person's row with a name out of brackets is a person's."""
    units = ["", "", "", "", "", "（是/否）", "（是/否）", "(是/否)", "【填是或否】"]

    def screened(rows: list[list[str]]) -> Any:
        return screen_file(book, csv_bytes(rows), "csv", ON, _, out=io.BytesIO(),
                           out_kind="csv", limits=CLI, programs=["living_subsidy"],
                           batch_rows=batch_rows)

    result = screened([HEAD, units, PEOPLE[0], HEAD, units, PEOPLE[1]])
    assert (result.rows, result.units, result.headers) == (2, [2, 5], [4])
    assert "第 2、5 行在表头下方，是各列的单位或填法（如“（是/否）”），没有筛查。" in \
        result.skipped(_)
    # under the columns' numbers or letters, or above them (the thirty-eighth tester's)
    letters = [chr(ord("A") + k) for k in range(len(HEAD))]
    for rows in ([HEAD, letters, units, PEOPLE[0]], [HEAD, units, letters, PEOPLE[0]]):
        result = screened(rows)
        assert (result.rows, sorted(result.units + result.numbers)) == (1, [2, 3]), rows
    for person in (["", "黄秀英（户主）", *units[2:]], ["1", *units[1:]]):
        result = screened([HEAD, person, PEOPLE[0]])
        assert (result.rows, result.units) == (2, []), person


def test_a_short_title_in_the_first_column_of_a_csv_is_a_title(book: Rulebook) -> None:
    """A CSV holds a merged title's text in its first cell only (新靖镇, the second tester's
    finding): above a repeated header, where the first column is not the names', it is a
    title; a person's row with only a name, or only a place in its own column, is a person."""
    def screened(rows: list[list[str]]) -> Any:
        return screen_file(book, csv_bytes(rows), "csv", ON, _, out=io.BytesIO(),
                           out_kind="csv", limits=CLI, programs=["living_subsidy"])

    for short in (["新靖镇"], ["第二镇"], ["新华村", "", ""], ["百色市"], ["那坡屯"]):
        result = screened([HEAD, PEOPLE[0], short, HEAD, PEOPLE[1]])
        assert (result.rows, result.titles) == (2, [3]), short
    for person in (["", "何村"], ["", "", "", "", "田林县"], ["", "新靖镇"],
                   ["", "韦金村（户主）"], ["", "何村（户主）", "", "", "", "", "2024.5"],
                   ["3、", "韦金村 户主"], ["（3）", "韦金村【户主】"]):  # (the fourth tester's)
        result = screened([HEAD, PEOPLE[0], person, HEAD, PEOPLE[1]])
        assert (result.rows, result.titles) == (3, []), person
    # (the fifth's: a person, no title; the household's head, said to have died: not screened)
    result = screened([HEAD, PEOPLE[0], ["8.", "覃村英 户主 已故"], HEAD, PEOPLE[1]])
    assert (result.rows, result.titles, result.died) == (2, [], [3])
    # where the first column is not the list's 序号 (the names, spaced or worded otherwise,
    # the third tester's), a short text there is a person's name
    for first in ("姓名", "姓  名", "名字"):
        named = [first, HEAD[0], *HEAD[2:], "户主姓名"]
        result = screened([named, [PEOPLE[0][1], PEOPLE[0][0], *PEOPLE[0][2:], ""], ["何村"],
                           named, [PEOPLE[1][1], PEOPLE[1][0], *PEOPLE[1][2:], ""]])
        assert (result.rows, result.titles) == (3, []), first


def test_rows_of_a_form_left_unfilled_but_for_their_number_are_not_screened(
        book: Rulebook) -> None:
    """A county's template numbered down to 20 below the people filled in (the second
    tester's finding): a row holding only its 序号 is no person, and is reported."""
    blanks = [[str(k)] + [""] * (len(HEAD) - 1) for k in range(3, 21)]
    result = screen_file(book, csv_bytes([HEAD, *PEOPLE, *blanks]), "csv", ON, _,
                         out=io.BytesIO(), out_kind="csv", limits=CLI,
                         programs=["living_subsidy"], batch_rows=7)
    assert (result.rows, result.unfilled) == (2, list(range(4, 22)))
    assert f"第 {row_list(list(range(4, 22)), _)} 行除了序号都是空的，没有筛查。" in \
        result.skipped(_)
    # as other lists write the number (the third tester's)
    for seq in ("3.", "③", "（4）", " 5 "):
        result = screen_file(book, csv_bytes([HEAD, *PEOPLE, [seq] + [""] * (len(HEAD) - 1)]),
                             "csv", ON, _, out=io.BytesIO(), out_kind="csv", limits=CLI,
                             programs=["living_subsidy"])
        assert (result.rows, result.unfilled) == (2, [4]), seq
    # a person with a 序号 and one more cell is screened
    result = screen_file(book, csv_bytes([HEAD, PEOPLE[0], ["3", "丙"]]), "csv", ON, _,
                         out=io.BytesIO(), out_kind="csv", limits=CLI,
                         programs=["living_subsidy"])
    assert (result.rows, result.unfilled) == (2, [])


def test_a_person_whose_cells_are_formulas_without_values_is_no_unfilled_row(
        book: Rulebook, tmp_path: Path) -> None:
    """Cells of formulas saved without their values (the third tester's finding) are not
    blank: a row of a 序号 and such cells is a person's, screened, and the formulas reported."""
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(HEAD)
    sheet.append(PEOPLE[0])
    sheet.append(["2", '=VLOOKUP(A3,Sheet2!A:B,2,0)'] + [None] * (len(HEAD) - 2))
    path = tmp_path / "公式.xlsx"
    wb.save(path)
    result = screen_file(book, path, "xlsx", ON, _, out=io.BytesIO(), out_kind="csv",
                         limits=CLI, programs=["living_subsidy"])
    assert (result.rows, result.unfilled) == (2, [])
    assert result.problems.first and "公式没有保存计算结果" in result.problems.first[0][2]


@pytest.mark.parametrize("before", [0, 40])
def test_a_row_with_a_cell_too_many_is_named_not_read_one_column_off(
        book: Rulebook, before: int) -> None:
    """A comma inside an address (田林县乐里镇,新华村) gives a row a cell more than the list's:
    its cells after it would be read one column off (the thirty-sixth tester's: 特困 read from
    the 低保 column, both subsidies refused, or an unnamed column made of it). The list is
    refused, naming the row and what to look for, among its first rows or further down."""
    wide = [*PEOPLE[0][:4], "田林县乐里镇", "新华村", *PEOPLE[0][5:]]
    rows = [HEAD, *[PEOPLE[1]] * before, wide, PEOPLE[1]]
    with pytest.raises(RosterError, match=f"第 {before + 2} 行有 10 格，名单的其他行是 9 格："
                                          "这一行的内容会错位到别的列里"):
        screen(csv_bytes(rows), book)
    # rows all a cell wider than the header: a column without a header, read as it is
    frame, _r = screen(csv_bytes([HEAD, [*PEOPLE[0], "备注一"], [*PEOPLE[1], "备注二"]]), book)
    assert frame.get_column(status_col("living_subsidy")).to_list() == ["eligible",
                                                                         "not_eligible"]
    # a row whose last cells are left out is read with them blank
    short = csv_bytes([HEAD, PEOPLE[0]]) + ",".join(PEOPLE[1][:6]).encode() + b"\r\n"
    frame, _r = screen(short, book)
    assert frame.get_column("姓名").to_list() == ["甲", "乙"]


def test_a_number_kept_as_text_by_a_formula_is_read(book: Rulebook) -> None:
    """="451026…" (Excel's way to keep a CSV's number as text: the fifty-fourth tester's, said
    not to be 18 digits, and the person undetermined): the number, as the codec reads it."""
    person = [*PEOPLE[0]]
    person[2], person[3] = f'="{person[2]}"', f'="{person[3]}"'
    frame, _result = screen(csv_bytes([HEAD, person]), book)
    assert "身份证号" not in (frame.get_column("row_errors")[0] or "")
    assert frame.get_column("living_subsidy.status").to_list() == ["eligible"]
