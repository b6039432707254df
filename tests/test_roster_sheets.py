"""A county's workbook of one sheet per township or village (issue 15: "only the first sheet
of an .xlsx is read" was the largest gap left for clerks): every sheet under the list's header
is screened, each row with its sheet; a first sheet of 填表说明 is passed over; the sheets not
read are named with why."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from app.engine import Rulebook
from app.i18n import gettext_for
from app.roster import output
from app.roster.bounds import CLI, Limits, RosterError
from app.roster.bulk import ERRORS
from app.roster.cli import main
from app.roster.run import screen_file
from app.roster.sheets import SHEET_ROWS, reference
from tests.test_roster_clerk import HEAD, ON, PEOPLE
from tests.test_roster_upload import sqlite_users  # noqa: F401 (a fixture)
from tests.test_staff_web import Browser

_ = gettext_for("zh-Hans")
# 丙: a bad 是否低保户 cell and an ID number whose check digit is wrong (451002199001011237)
THIRD = ["3", "丙", "451002199001011236", "", "百色市右江区", "是吗", "否", "否", "否"]


def workbook(path: Path, sheets: dict[str, list[list[Any]]],
             merged: dict[str, str] | None = None, hidden: tuple[str, ...] = ()) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        sheet = wb.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if merged and name in merged:
            sheet.merge_cells(merged[name])
        if name in hidden:
            sheet.sheet_state = "hidden"
    wb.save(path)
    return path


def township(path: Path) -> Path:
    """填表说明 first; 一村 and 二村 under the same header (二村's lower, under a title and a
    date line, with a row of the columns' numbers under it); 三村 under another; 空表 empty."""
    return workbook(path, {
        "填表说明": [["请各村按表格填写，身份证号请设为文本格式"]],
        "一村": [["一村残疾人名单"], HEAD, PEOPLE[0], ["合计", "", "", "", "", "1"]],
        "二村": [["二村残疾人名单"], ["填表日期：2025年5月"], HEAD, list(range(1, 10)),
                 PEOPLE[1], THIRD],
        "三村": [["姓名", "身份证号", "低保"], ["丁", "451002198505202032", "是"]],
        "空表": [],
    })


def screened(book: Rulebook, source: Path, out_kind: str = "csv", limits: Limits = CLI,
             sheet: str | None = None) -> tuple[pl.DataFrame, Any]:
    out = io.BytesIO()
    result = screen_file(book, source, "xlsx", ON, _, out=out, out_kind=out_kind,
                         limits=limits, programs=["living_subsidy"],
                         sheets=[sheet] if sheet else None)
    if out_kind == "xlsx":
        return pl.read_excel(io.BytesIO(out.getvalue()), infer_schema_length=0), result
    return pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False), result


def test_every_sheet_under_the_lists_header_is_screened_with_its_sheet(book: Rulebook,
                                                                        tmp_path: Path) -> None:
    frame, result = screened(book, township(tmp_path / "乡镇.xlsx"))
    # the three people of 一村 and 二村, not the totals row, titles, 二村's header or numbers
    assert frame.get_column("工作表").to_list() == ["一村", "二村", "二村"]
    assert frame.get_column("姓名").to_list() == ["甲", "乙", "丙"]
    assert result.rows == 3
    # each row as it is screened alone: the same results, sheet by sheet
    for name, people in (("一村", [PEOPLE[0]]), ("二村", [PEOPLE[1], THIRD])):
        alone, _r = screened(book, workbook(tmp_path / f"{name}.xlsx", {name: [HEAD, *people]}))
        assert frame.filter(pl.col("工作表") == name).drop("工作表").equals(alone)
    # the rows that are no person, each with its sheet; 二村's own header is no repeat
    assert result.skipped(_) == ["第 一村!4 行是合计行，没有筛查。",
                                 "第 二村!4 行在表头下方，是各列的编号（1、2、3……），没有筛查。"]
    note = result.mapping.sheets_note(_)
    assert "读了 2 个表头相同的工作表：一村、二村。" in note
    assert "工作表“二村”表头上面的第 1、2 行不是名单，没有筛查。" in note
    assert ("没有读这些工作表：填表说明（名字说是填表说明或模板，约 1 行）；"
            "三村（表头和“一村”的不同，约 1 行）；空表（是空的）。") in note
    assert result.mapping.above_note(_) == "表头上面的第 一村!1 行不是名单，没有筛查。"


def test_the_command_names_each_bad_cell_by_its_sheet(tmp_path: Path, capsys: Any) -> None:
    src = township(tmp_path / "乡镇.xlsx")
    assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / "o.csv"),
                 "--programs", "living_subsidy"]) == 0
    said = capsys.readouterr()
    assert "共筛查 3 人。" in said.out and "表头在第 一村!2 行。" in said.out
    assert "第 二村!6 行，“是否低保户”列：" in said.err


def test_one_sheet_read_keeps_plain_row_numbers_and_no_sheet_column(book: Rulebook,
                                                                    tmp_path: Path) -> None:
    # 填表说明 first, the list on the second sheet alone: read, rows numbered as in it
    src = workbook(tmp_path / "表.xlsx", {"填表说明": [["说明"]],
                                          "二村": [HEAD, PEOPLE[0], ["合计", "", "", "", "", "1"]]})
    frame, result = screened(book, src)
    assert "工作表" not in frame.columns and frame.get_column("姓名").to_list() == ["甲"]
    assert result.skipped(_) == ["第 3 行是合计行，没有筛查。"]
    assert result.mapping.sheets_note(_) == (
        "读了工作表“二村”。 没有读这些工作表：填表说明（名字说是填表说明或模板，约 1 行）。 "
        "要只读某几个工作表：命令行用 --sheet，网页上在“读哪些工作表”里选。")


def test_no_list_on_any_sheet_is_refused_naming_every_sheet(tmp_path: Path,
                                                           capsys: Any) -> None:
    src = workbook(tmp_path / "表.xlsx", {"说明": [["请填写"]], "备注": [["无"]]})
    assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / "o.csv")]) == 2
    assert "每个工作表（说明、备注）都看过了，都没有找到名单的表头。" in capsys.readouterr().err


def test_a_header_on_two_merged_rows_is_found_on_every_sheet(book: Rulebook,
                                                             tmp_path: Path) -> None:
    top = ["姓名", "身份证号", "是否低保", "是否低保"]
    low = ["", "", "是", "否"]
    src = workbook(tmp_path / "表.xlsx", {
        "一组": [top, low, ["甲", PEOPLE[0][2], "√", ""]],
        "二组": [["二组"], top, low, ["乙", PEOPLE[1][2], "", "√"]],
    }, merged={"一组": "C1:D1", "二组": "C2:D2"})
    frame, result = screened(book, src)
    assert frame.get_column("工作表").to_list() == ["一组", "二组"]
    assert frame.get_column("living_subsidy.status").to_list()[1] == "not_eligible"
    assert result.rows == 2 and not result.headers


def test_a_sheet_whose_part_is_missing_refuses_the_file(book: Rulebook,
                                                        tmp_path: Path) -> None:
    """A sheet the workbook names whose part is not in the file: the file is damaged, and
    refused, as one cut short is (the fiftieth tester's: passed over with a word in a long
    note, its people unscreened; where the first sheet's was missing, another's people were
    read under its name)."""
    from app.roster.xlsx import Damaged

    src = township(tmp_path / "乡镇.xlsx")
    broken = tmp_path / "缺.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(broken, "w") as zout:
        for item in zin.infolist():
            if item.filename != "xl/worksheets/sheet3.xml":  # 二村's
                zout.writestr(item, zin.read(item))
    with pytest.raises(Damaged, match="文件不完整或已损坏.*“二村”"):
        screened(book, broken)


def test_an_xlsx_result_names_the_sheets_and_holds_them(book: Rulebook,
                                                        tmp_path: Path) -> None:
    frame, _r = screened(book, township(tmp_path / "乡镇.xlsx"), out_kind="xlsx")
    assert frame.columns[0] == "工作表"
    assert frame.get_column("工作表").to_list() == ["一村", "二村", "二村"]


def test_sheets_more_than_an_xlsx_holds_are_refused(book: Rulebook, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # (a sheet holds 1,048,576 rows: here 4, so that two sheets of 2 people overflow it)
    monkeypatch.setattr(output, "XLSX_MAX_ROWS", 4)
    src = workbook(tmp_path / "表.xlsx", {"一村": [HEAD, PEOPLE[0], PEOPLE[1]],
                                          "二村": [HEAD, PEOPLE[0], THIRD]})
    # as the sheets' dimensions claim: before any work (the mapping is not yet given), saying
    # it is as they claim (the fifty-sixth tester's seven people told "1399997 rows")
    mapped: list[object] = []
    with pytest.raises(RosterError, match="工作表标明的范围共有 4 行.*超过一个 Excel 工作表最多"
                                          "能放的 3 行.*删掉名单下方的空行"):
        screen_file(book, src, "xlsx", ON, _, out=io.BytesIO(), out_kind="xlsx", limits=CLI,
                    mapped=mapped.append)
    assert not mapped
    # without dimensions (a writer need not write one): as the rows come, no result kept
    bare = tmp_path / "无.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bare, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*>", b"", data)
            zout.writestr(item, data)
    with pytest.raises(RosterError, match="超过一个 Excel 工作表最多能放的 3 行"):
        screened(book, bare, out_kind="xlsx")
    out = tmp_path / "结果.xlsx"
    assert main([str(bare), "--on", "2025-06-01", "--out", str(out)]) == 1
    assert not out.exists()


@pytest.mark.usefixtures("sqlite_users")
def test_upload_page_says_which_sheets_were_read(tmp_path: Path) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    data = township(tmp_path / "乡镇.xlsx").read_bytes()
    r = b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "csv",
                                        "csrf_token": b.token, "action": "preview"},
                 files={"roster": ("乡镇.xlsx", data, "application/octet-stream")})
    assert r.status_code == 200
    assert "读了 2 个表头相同的工作表：一村、二村。" in r.text
    assert "第 一村!4 行是合计行，没有筛查。" in r.text
    # the admin may read one sheet instead: chosen below, kept when the page comes back
    assert '<label class="label" for="sheet">读哪些工作表</label>' in r.text
    assert '<option value="二村">二村</option>' in r.text
    assert 'value="空表"' not in r.text  # (nothing to read there: not offered)
    r = b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "csv", "sheet": "二村",
                                        "csrf_token": b.token, "action": "preview"},
                 files={"roster": ("乡镇.xlsx", data, "application/octet-stream")})
    assert r.status_code == 200 and "读了工作表“二村”。" in r.text
    assert "共筛查 2 人。" in r.text and '<option value="二村" selected>二村</option>' in r.text
    # a name the file has no sheet of: said, with the sheets it has
    r = b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "csv", "sheet": "九村",
                                        "csrf_token": b.token, "action": "preview"},
                 files={"roster": ("乡镇.xlsx", data, "application/octet-stream")})
    assert r.status_code == 400 and "名单里没有叫“九村”的工作表。" in r.text


def test_the_header_most_sheets_share_is_read_not_a_summary_sheet_first(
        book: Rulebook, tmp_path: Path) -> None:
    # a first sheet of counts per village, whose header names facts too (the tester's 汇总)
    summary = [["序号", "村名", "持证残疾人数", "低保户数", "已享受生活补贴（人）"],
               ["1", "一村", "3", "1", "1"], ["2", "二村", "2", "0", "1"]]
    src = workbook(tmp_path / "表.xlsx", {"统计": summary, "一村": [HEAD, PEOPLE[0]],
                                          "二村": [HEAD, PEOPLE[1]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["甲", "乙"]
    note = result.mapping.sheets_note(_)
    assert "没有读这些工作表：统计（表头和“一村”的不同，约 2 行）。" in note


def test_sheets_no_clerk_means_to_screen_are_passed_over_and_named(book: Rulebook,
                                                                   tmp_path: Path) -> None:
    # a hidden old copy, a template with an example row, the people who died: each under the
    # list's header, none read; a roll-up of the villages, read last, its people already on
    # a village's sheet not screened again (丙, on it alone, would be, but the sheet of the
    # people who died lists 丙: left out as dead, :mod:`app.roster.gone`)
    src = workbook(tmp_path / "表.xlsx", {
        "模板": [HEAD, ["例", "张三", *PEOPLE[0][2:]]], "一村": [HEAD, PEOPLE[0]],
        "全镇汇总": [HEAD, PEOPLE[0], PEOPLE[1], THIRD], "二村": [HEAD, PEOPLE[1]],
        "一村(旧)": [HEAD, PEOPLE[0]], "已死亡注销": [HEAD, THIRD],
        # (the thirty-seventh tester's, screened as living people)
        "迁出人员": [HEAD, THIRD], "删除": [HEAD, THIRD],
        # (the thirty-eighth tester's, its people counted twice)
        "一村 (2)": [HEAD, PEOPLE[0]], "备份": [HEAD, THIRD]}, hidden=("一村(旧)",))
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["甲", "乙"] and result.repeated == 0
    assert frame.get_column("工作表").to_list() == ["一村", "二村"]
    assert result.died == [2 * SHEET_ROWS + 4]
    note = result.mapping.sheets_note(_)
    assert "读了 3 个表头相同的工作表：一村、二村、全镇汇总。" in note
    assert ("工作表“全镇汇总”是汇总，最后读：其中已在别的工作表里的人（按身份证号或残疾人证号）"
            "没有再筛查。") in note
    assert ("没有读这些工作表：模板（名字说是填表说明或模板，约 2 行）；"
            "一村(旧)（是隐藏的工作表）；"
            "迁出人员（名字说是注销、死亡、迁出或删除的人员，约 2 行）；"
            "删除（名字说是注销、死亡、迁出或删除的人员，约 2 行）；"
            "一村 (2)（名字说是备份或另一个工作表的副本，约 2 行）；"
            "备份（名字说是备份或另一个工作表的副本，约 2 行）。") in note
    # (the sheet of the dead is said in a sentence of its own, not as a sheet not read; the
    # struck-off sheets' people, read for no one, were screened where the villages list them)
    assert "工作表“已死亡注销”列着去世的人，没有当作名单筛查：" in note
    assert ("名字说是注销、死亡、迁出或删除人员的工作表“迁出人员”、“删除”没有拿来和名单对照："
            "其中的人如果也在名单里，照常筛查了，请自己核对。") in note
    assert result.skipped(_) == [
        "第 全镇汇总!2、全镇汇总!3 行在汇总工作表里，这个人在别的工作表里已有，没有再筛查。",
        "第 全镇汇总!4 行写着这个人已经去世（如“已死亡”），没有筛查。"]
    # the sheets asked for are read, whatever their names say, hidden or not
    frame, result = screened(book, src, sheet="一村(旧)")
    assert frame.get_column("姓名").to_list() == ["甲"] and "工作表" not in frame.columns
    with pytest.raises(RosterError, match="名单里没有叫“三村”的工作表。工作表有：模板、一村"):
        screened(book, src, sheet="三村")


def test_a_roll_up_is_passed_over_where_no_id_number_tells_its_people(
        book: Rulebook, tmp_path: Path) -> None:
    head = ["姓名", "是否低保户", "特困供养"]
    src = workbook(tmp_path / "表.xlsx", {"一村": [head, ["甲", "是", "否"]],
                                          "二村": [head, ["乙", "否", "否"]],
                                          "汇总": [head, ["甲", "是", "否"], ["乙", "否", "否"]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["甲", "乙"]
    assert "汇总（名字说是汇总；名单没有身份证号，分不出其中的人是否已在别的工作表里，约 2 行）" \
        in result.mapping.sheets_note(_)


def test_the_command_reads_the_sheets_named(tmp_path: Path, capsys: Any) -> None:
    src = township(tmp_path / "乡镇.xlsx")
    # (blanks around a name aside)
    assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / "o.csv"),
                 "--programs", "living_subsidy", "--sheet", " 二村", "--sheet", "一村"]) == 0
    said = capsys.readouterr().out
    assert "读了 2 个表头相同的工作表：一村、二村。" in said and "共筛查 3 人。" in said
    # a CSV has no sheets
    csv = tmp_path / "表.csv"
    csv.write_text(",".join(HEAD) + "\n" + ",".join(PEOPLE[0]) + "\n", "utf-8")
    assert main([str(csv), "--on", "2025-06-01", "--out", str(tmp_path / "o.csv"),
                 "--sheet", "一村"]) == 1
    assert "这份名单是 CSV，没有工作表" in capsys.readouterr().err


def test_a_roll_up_alone_is_the_list(book: Rulebook, tmp_path: Path) -> None:
    src = workbook(tmp_path / "表.xlsx", {"说明": [["按表填写"]],
                                          "汇总": [HEAD, PEOPLE[0], PEOPLE[1]]})
    frame, _r = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["甲", "乙"]


def test_no_sheet_to_screen_says_why_for_each(book: Rulebook, tmp_path: Path) -> None:
    src = workbook(tmp_path / "表.xlsx", {"模板": [HEAD, PEOPLE[0]], "空": []})
    with pytest.raises(RosterError, match="没有可以筛查的工作表：模板（名字说是填表说明或模板）；"
                                          "空（是空的）。 要只读某几个工作表：命令行用 --sheet"):
        screened(book, src)


def test_one_column_worded_otherwise_is_still_the_same_header(book: Rulebook,
                                                              tmp_path: Path) -> None:
    # 身份证号码 on one sheet, 身份证号 on the other: one column, the same list
    other = ["身份证号" if h == "身份证号码" else h for h in HEAD]
    # (三村 without the ID numbers' column, which the list reads: another list)
    src = workbook(tmp_path / "表.xlsx", {"一村": [HEAD, PEOPLE[0]], "二村": [other, PEOPLE[1]],
                                          "三村": [["备注" if h == "身份证号码" else h
                                                    for h in HEAD], THIRD]})
    frame, result = screened(book, src)
    assert frame.get_column("工作表").to_list() == ["一村", "二村"]
    # (and by which columns, where they are few)
    assert "三村（表头和“一村”的不同：多了“备注”，少了“身份证号码”，约 1 行）" in \
        result.mapping.sheets_note(_)


def test_a_sheet_over_the_bounds_and_sheets_beyond_those_looked_at_say_so(
        book: Rulebook, tmp_path: Path) -> None:
    wide = [[*HEAD, *[""] * 5, "备注"], PEOPLE[1]]  # a cell in column 15
    src = workbook(tmp_path / "表.xlsx", {"一村": [HEAD, PEOPLE[0]], "二村": wide,
                                          "三村": [HEAD, THIRD], "四村": [HEAD, PEOPLE[1]]})
    _f, result = screened(book, src, limits=Limits(max_columns=12, max_sheets=3))
    note = result.mapping.sheets_note(_)
    assert "二村（名单有 15 列，超过上限 12 列，没有读取。" in note
    assert "另有 1 个工作表没有看（一次最多看 3 个）。" in note
    assert result.rows == 2


def test_rows_name_their_sheet_as_excel_writes_it() -> None:
    assert reference("二村", 12) == "二村!12"
    assert reference("一 村", 1) == "'一 村'!1"
    assert reference("二村!", 2) == "'二村!'!2"
    assert reference("O'Brien", 3) == "'O''Brien'!3"
    assert reference("A1", 4) == "'A1'!4"
    assert reference("2024年", 5) == "'2024年'!5"


def test_the_note_reads_as_sentences_in_english(book: Rulebook, tmp_path: Path) -> None:
    from app.i18n import gettext_for

    en = gettext_for("en")
    _f, result = screened(book, township(tmp_path / "乡镇.xlsx"))
    note = result.mapping.sheets_note(en)
    assert note.startswith("Read 2 sheets with the same header: 一村, 二村.")
    assert ". Sheets not read: 填表说明 (" in note and "。" not in note.replace("“", "")


def test_the_command_reads_the_sheet_asked_for(tmp_path: Path, capsys: Any) -> None:
    src = township(tmp_path / "乡镇.xlsx")
    assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / "o.csv"),
                 "--programs", "living_subsidy", "--sheet", "二村"]) == 0
    said = capsys.readouterr().out
    assert "读了工作表“二村”。" in said and "共筛查 2 人。" in said


def test_a_ticked_pair_the_other_way_round_is_read_by_its_sides(book: Rulebook,
                                                                tmp_path: Path) -> None:
    # 是 | 否 on one sheet, 否 | 是 on another: each side read as its own word says
    top = ["姓名", "身份证号", "是否低保", "是否低保"]
    src = workbook(tmp_path / "表.xlsx", {
        "一组": [top, ["", "", "是", "否"], ["甲", PEOPLE[0][2], "√", ""]],
        "二组": [top, ["", "", "否", "是"], ["乙", PEOPLE[1][2], "√", ""]],
    }, merged={"一组": "C1:D1", "二组": "C1:D1"})
    frame, result = screened(book, src)
    alone, _r = screened(book, workbook(tmp_path / "一.xlsx", {"一组": [
        top, ["", "", "是", "否"], ["甲", PEOPLE[0][2], "√", ""], ["乙", PEOPLE[1][2], "", "√"]]},
        merged={"一组": "C1:D1"}))
    assert frame.get_column("姓名").to_list() == ["甲", "乙"]
    status = "living_subsidy.status"
    assert frame.get_column(status).to_list() == alone.get_column(status).to_list()
    assert "已按列名对齐：二组。" in result.mapping.sheets_note(_)



def test_a_sheet_whose_columns_come_in_another_order_is_read_in_the_firsts(
        book: Rulebook, tmp_path: Path) -> None:
    # 二村 writes 特困供养 before 是否低保户, and 残疾人证号 first; 三村 has 城市低保 and 农村低保
    # (kinds of one fact, told apart by their names) the other way round from 一村
    swap = [4, 3, 0, 1, 2, 6, 5, 7, 8]  # 二村's columns, as 一村's indexes

    def reordered(row: list[str]) -> list[str]:
        return [row[i] for i in swap]
    kinds = ["姓名", "身份证号码", "城市低保", "农村低保"]
    src = workbook(tmp_path / "表.xlsx", {"一村": [HEAD, PEOPLE[0]],
                                          "二村": [reordered(HEAD), reordered(PEOPLE[1]),
                                                   reordered(THIRD)]})
    frame, result = screened(book, src)
    alone, _r = screened(book, workbook(tmp_path / "alone.xlsx",
                                        {"一村": [HEAD, PEOPLE[0], PEOPLE[1], THIRD]}))
    assert frame.drop("工作表").equals(alone)
    assert "这些工作表的列顺序和“一村”的不同，已按列名对齐：二村。" in result.mapping.sheets_note(_)
    src = workbook(tmp_path / "低保.xlsx", {
        "一村": [kinds, ["甲", PEOPLE[0][2], "是", "否"]],
        "三村": [[kinds[0], kinds[1], kinds[3], kinds[2]], ["乙", PEOPLE[1][2], "否", "是"]]})
    out = io.BytesIO()  # (every column kept, as the upload page's result keeps them)
    screen_file(book, src, "xlsx", ON, _, out=out, out_kind="csv", limits=CLI,
                programs=["living_subsidy"], keep_facts=True)
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert frame.get_column("姓名").to_list() == ["甲", "乙"]
    assert frame.get_column("城市低保").to_list() == ["是", "是"]
    assert frame.get_column("农村低保").to_list() == ["否", "否"]


def test_a_date_column_is_the_aligned_sheets_own(book: Rulebook, tmp_path: Path) -> None:
    # 一村 has 登记日期 in column C, 二村 its 残疾等级 there: a number under it is a grade on
    # 二村, not an Excel date serial (the eighteenth tester's 1900-01-01)
    import datetime as dt

    head = ["姓名", "身份证号码", "登记日期", "残疾等级"]
    day = dt.date(2024, 3, 1)
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [head, ["甲", PEOPLE[0][2], day, 1]],
        "二村": [[head[0], head[1], head[3], head[2]], ["乙", PEOPLE[1][2], 2, day]]})
    out = io.BytesIO()
    result = screen_file(book, src, "xlsx", ON, _, out=out, out_kind="csv", limits=CLI,
                         programs=["nursing_subsidy"], keep_facts=True)
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert frame.get_column("残疾等级").to_list() == ["1", "2"]
    assert frame.get_column("登记日期").to_list() == ["2024-03-01", "2024-03-01"]
    assert not result.problems.counts


def test_excels_copy_of_a_sheet_is_one_only_beside_the_sheet_copied() -> None:
    from app.roster.sheets import COPY, by_name

    assert by_name("一村 (2)", ["一村", "一村 (2)"]) == COPY
    assert by_name("二组 (2)", ["一村", "二组 (2)"]) is None  # (no 二组: a village's own name)
    assert by_name("2024年备份", []) == COPY


def test_a_column_written_twice_on_another_sheet_is_named_apart(book: Rulebook,
                                                                tmp_path: Path) -> None:
    """Two 联系电话 on one village's sheet only (the person's and the guardian's): the note of
    what is not copied names each as the result would, not the second twice (the
    thirty-eighth tester's 联系电话 (O)、联系电话 (O))."""
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, PEOPLE[0]],
        "二村": [[*HEAD, "联系电话", "联系电话"], [*PEOPLE[1], "1", "2"]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["甲", "乙"]
    assert "也读了，放在结果的后面（别的工作表的人这几列空着）：联系电话、联系电话 (K)。" in \
        result.mapping.sheets_note(_)
    assert frame.get_column("联系电话").to_list() == [None, "1"]


def test_a_village_is_read_before_a_roll_up_of_another_header(book: Rulebook,
                                                              tmp_path: Path) -> None:
    # one village, and a roll-up with a column more, which is read: last, its people on the
    # village's sheet not again; one of another list's columns read is passed over
    src = workbook(tmp_path / "表.xlsx", {"汇总": [[*HEAD, "备注"], [*PEOPLE[0], ""], PEOPLE[1]],
                                          "一村": [HEAD, PEOPLE[1]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["乙", "甲"]
    assert result.rolled == [SHEET_ROWS + 3]
    other = workbook(tmp_path / "二.xlsx", {"汇总": [[*HEAD[:-1], "备注"], [*PEOPLE[0][:-1], ""]],
                                           "一村": [HEAD, PEOPLE[1]]})
    frame, result = screened(book, other)
    assert frame.get_column("姓名").to_list() == ["乙"]
    assert "汇总（表头和“一村”的不同：多了“备注”，少了“已享受生活补贴”，约 1 行）" in \
        result.mapping.sheets_note(_)


def test_one_written_twice_on_the_roll_up_itself_is_a_repeat(book: Rulebook,
                                                             tmp_path: Path) -> None:
    src = workbook(tmp_path / "表.xlsx", {"一村": [HEAD, PEOPLE[0]], "二村": [HEAD, PEOPLE[1]],
                                          "汇总": [HEAD, PEOPLE[0], THIRD, THIRD]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["甲", "乙", "丙", "丙"]
    assert result.rolled == [2 * SHEET_ROWS + 2] and result.repeats == [
        (2 * SHEET_ROWS + 4, 2 * SHEET_ROWS + 3)]
    said = "与第 汇总!3 行的相同，可能是同一个人写了两遍。"
    assert frame.get_column(ERRORS).to_list()[3].endswith(said)


def test_a_blank_column_between_two_is_no_other_header(book: Rulebook, tmp_path: Path) -> None:
    spaced = [*HEAD[:4], "", *HEAD[4:]]
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, PEOPLE[0]],
        "二村": [spaced, [*PEOPLE[1][:4], "", *PEOPLE[1][4:]]]})
    frame, _r = screened(book, src)
    alone, _a = screened(book, workbook(tmp_path / "一.xlsx", {"一村": [HEAD, *PEOPLE]}))
    assert frame.drop("工作表").equals(alone)


def test_a_sheet_named_with_no_list_says_so_of_it_alone(tmp_path: Path, capsys: Any) -> None:
    src = township(tmp_path / "乡镇.xlsx")
    assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / "o.csv"),
                 "--sheet", "填表说明"]) == 2
    said = capsys.readouterr().err
    assert "都看过了" not in said and "请各村按表格填写" in said


def test_sheets_named_read_the_same_facts_whatever_their_other_columns(
        tmp_path: Path, capsys: Any) -> None:
    """Villages' sheets named with --sheet, one with a 备注 column the other lacks (the
    thirty-fifth tester's: passed over as "another header", with the advice to use --sheet,
    which had been used): one list, as their columns read are the same; the result has the
    first's columns, then 备注, read for the other's rows (the fifty-fourth tester's: a death
    it said was dropped with it) and the note says so, and a column the other lacks is blank on
    its rows. Unnamed, likewise (the thirty-seventh tester's: a village without 备注
    passed over unless both were named); a list of other columns read is passed over, and
    --sheet offered."""
    noted = [*HEAD, "备注"]
    src = workbook(tmp_path / "乡.xlsx", {
        "那岩村": [HEAD, PEOPLE[0]],
        "百南村": [noted, [*PEOPLE[1], "新办证"]],
        "其他": [["姓名", "身份证号", "低保"], ["丁", "451002198505202032", "是"]]})
    out = tmp_path / "o.csv"
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                 "living_subsidy", "--sheet", "那岩村", "--sheet", "百南村", "--sheet",
                 "其他"]) == 0
    said = capsys.readouterr().out
    assert "共筛查 2 人。" in said
    assert ("工作表“百南村”的这些列，“那岩村”没有，也读了，放在结果的后面（别的工作表的人这几列"
            "空着）：备注。“那岩村”有而它没有的列，它的行在结果里空着。") in said
    assert "选定的工作表里，有的读出的事实列和“那岩村”的不同，不能当作一份名单一起筛查" in said
    assert "--sheet" not in said.split("没有读这些工作表")[1]  # (named already)
    frame = pl.read_csv(out, infer_schema=False)
    assert frame.get_column("姓名").to_list() == ["甲", "乙"]
    assert frame.get_column("备注").to_list() == [None, "新办证"]
    # unnamed: the same list; 其他 is passed over, and --sheet offered
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                 "living_subsidy"]) == 0
    said = capsys.readouterr().out
    assert "共筛查 2 人。" in said
    assert "工作表“百南村”的这些列，“那岩村”没有，也读了" in said
    assert "其他（表头和“那岩村”的不同" in said and "--sheet" in said
    assert pl.read_csv(out, infer_schema=False).get_column("姓名").to_list() == ["甲", "乙"]


def test_a_village_lacking_a_column_read_is_read_with_its_cells_blank(
        book: Rulebook, tmp_path: Path) -> None:
    """A village's sheet without one of the columns read (no 特困供养 on 百南村's: the
    thirty-eighth tester's, a sheet without 工伤护理费 passed over, its people unscreened):
    read with the others, that fact unknown for its people, and said so. A sheet lacking the
    ID numbers' column, or most of the columns read, is another list: passed over, as ever."""
    def without(row: list[Any], *columns: str) -> list[Any]:
        return [v for c, v in zip(HEAD, row, strict=True) if c not in columns]

    src = workbook(tmp_path / "乡.xlsx", {
        "那岩村": [HEAD, PEOPLE[0]],
        "百南村": [without(HEAD, "特困供养"), without(PEOPLE[1], "特困供养")],
        "无证号": [without(HEAD, "身份证号码", "残疾人证号"),
                 without(PEOPLE[0], "身份证号码", "残疾人证号")],
        "其他": [without(HEAD, "特困供养", "是否低保户", "领孤儿基本生活费"),
               without(PEOPLE[0], "特困供养", "是否低保户", "领孤儿基本生活费")]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["甲", "乙"]
    note = result.mapping.sheets_note(_)
    assert ("工作表“百南村”没有“那岩村”的这些列：特困供养。它的人这几列空着，读的事实按不知道"
            "筛查。") in note
    assert "无证号（表头和“那岩村”的不同" in note and "其他（表头和“那岩村”的不同" in note
    # 乙 as if 特困供养 were blank on 那岩村's sheet
    alone, _r = screened(book, workbook(tmp_path / "一.xlsx", {"那岩村": [
        HEAD, [*PEOPLE[1][:6], "", *PEOPLE[1][7:]]]}))
    assert frame.row(1, named=True)["living_subsidy.status"] == \
        alone.row(0, named=True)["living_subsidy.status"]


def test_a_sheet_of_the_people_who_died_leaves_them_out_of_the_villages(
        book: Rulebook, tmp_path: Path) -> None:
    """A county's workbook lists its dead on a sheet of their own (死亡注销), passed over as a
    list; a person it lists is left out of the villages' sheets as dead, by the ID number (or
    the certificate number's), with where it lists them, unless it dates the death after the
    screening date (the forty-third tester's: both screened as qualifying and not receiving).
    A sheet of the dead without a column naming a person cannot be matched: said."""
    cert_only = [*THIRD[:2], "", THIRD[2] + "41", *THIRD[4:]]
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, PEOPLE[0], PEOPLE[1]], "二村": [HEAD, cert_only],
        "死亡注销": [["序号", "姓名", "身份证号", "死亡日期"],
                     ["1", "甲", PEOPLE[0][2], "2024-11-02"],
                     ["2", "乙", PEOPLE[1][2], "2025-07-03"],  # (after the screening date)
                     ["3", "丙", THIRD[2], ""],
                     # (an ID number kept as a number, its last digits lost: no one)
                     ["4", "丁", 451002198505202032, ""]],
        "已故人员": [["序号", "姓名", "备注"], ["1", "乙", "已故"]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["乙"]
    assert result.died == [2, SHEET_ROWS + 2]
    assert result.dead.why == ["列在工作表“死亡注销”第 2 行（死亡日期：“2024-11-02”）",
                               "列在工作表“死亡注销”第 4 行"]
    note = result.mapping.sheets_note(_)
    assert ("工作表“死亡注销”列着去世的人，没有当作名单筛查：名单里身份证号或残疾人证号和它的"
            "某一行相同的人，当作已经去世，没有筛查（它写的死亡日期在筛查日期以后的除外）。"
            ) in note
    assert "没有读这些工作表" not in note
    assert "工作表“已故人员”的名字说是去世的人，但找不到身份证号或残疾人证号列" in note
    assert "工作表“死亡注销”有 1 行的身份证号和残疾人证号都读不出来" in note
    # (a sheet of people who moved away is no death: its people are screened, as before)
    src = workbook(tmp_path / "迁出.xlsx", {"一村": [HEAD, PEOPLE[0]],
                                           "迁出人员": [HEAD, PEOPLE[0]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["甲"] and result.died == []


def test_a_sheet_of_the_dead_is_read_within_its_bound(book: Rulebook, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from app.roster import run

    monkeypatch.setattr(run, "MAX_LISTED", 1)
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, PEOPLE[0], PEOPLE[1]],
        "死亡注销": [["姓名", "身份证号"], ["甲", PEOPLE[0][2]], ["乙", PEOPLE[1][2]]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["乙"] and result.died == [2]
    assert "工作表“死亡注销”里有 1 行没有读（最多读 1 行），那些人没有对照。" in \
        result.mapping.sheets_note(_)


def villages_and(name: str, rows: list[list[Any]], path: Path,
                 hidden: tuple[str, ...] = ()) -> Path:
    """一村 (甲, 乙) and 二村 (丙), and a sheet ``name`` of ``rows``."""
    return workbook(path, {"一村": [HEAD, PEOPLE[0], PEOPLE[1]], "二村": [HEAD, THIRD],
                           name: rows}, hidden=hidden)


@pytest.mark.parametrize("name", ["过世人员", "亡故人员", "离世人员", "逝世人员", "身故人员",
                                  "病故人员", "死亡人员", "2024年去世人员", "死者名单"])
def test_a_sheet_named_by_any_word_of_death_is_a_list_of_the_dead(
        book: Rulebook, tmp_path: Path, name: str) -> None:
    """The forty-fourth tester's: 过世人员 … under the villages' header were screened as a
    village, their people qualifying, and the villages' people they list screened too."""
    src = villages_and(name, [HEAD, PEOPLE[0]], tmp_path / "表.xlsx")
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["乙", "丙"] and result.died == [2]
    assert f"工作表“{name}”列着去世的人，没有当作名单筛查：" in result.mapping.sheets_note(_)


@pytest.mark.parametrize(("name", "rows"), [
    ("疑似死亡", [["姓名", "身份证号"], ["甲", PEOPLE[0][2]]]),
    ("死亡核查", [["姓名", "身份证号", "核查结果"], ["甲", PEOPLE[0][2], "健在"]]),
    ("死亡待核实", [["姓名", "身份证号"], ["甲", PEOPLE[0][2]]])])
def test_a_sheet_whose_name_doubts_or_denies_the_death_is_not_believed(
        book: Rulebook, tmp_path: Path, name: str, rows: list[list[Any]]) -> None:
    """The forty-fourth tester's: 疑似死亡, 死亡待核实 … read as lists of the dead, their people
    left out of the villages. Passed over as a struck-off sheet is; its people screened. (非死亡
    人员, which denies the death, is a list of the living: screened, test_roster_gone.)"""
    frame, result = screened(book, villages_and(name, rows, tmp_path / "表.xlsx"))
    assert frame.get_column("姓名").to_list() == ["甲", "乙", "丙"] and result.died == []
    note = result.mapping.sheets_note(_)
    assert f"{name}（名字说是注销、死亡、迁出或删除的人员，约 2 行）" in note
    assert "列着去世的人" not in note


def test_a_row_of_a_sheet_of_the_dead_that_says_the_person_lives_is_no_death(
        book: Rulebook, tmp_path: Path) -> None:
    """The forty-fourth tester's: 是否死亡 否, 备注 "误报，本人健在，已恢复" on 死亡注销, the
    person left out as dead. Each cell is read under its column's kind; such rows are said."""
    rows: list[list[Any]] = [["姓名", "身份证号", "是否死亡", "备注"],
                             ["甲", PEOPLE[0][2], "否", ""],
                             ["乙", PEOPLE[1][2], "是", "误报，本人健在，已恢复"],
                             ["丙", THIRD[2], "是", "2024年3月病故"]]
    frame, result = screened(book, villages_and("死亡注销", rows, tmp_path / "表.xlsx"))
    assert frame.get_column("姓名").to_list() == ["甲", "乙"]
    assert result.died == [SHEET_ROWS + 2]
    assert ("工作表“死亡注销”第 2、3 行写着本人健在或没有去世，这 2 行的人没有当作去世："
            "请自己核对。") in result.mapping.sheets_note(_)


def test_a_sheet_of_the_dead_is_read_whatever_sheets_are_named(
        book: Rulebook, tmp_path: Path) -> None:
    """The forty-fourth tester's: --sheet 一村 --sheet 二村 screened 死亡人员's people; the sheet
    of the dead named itself is screened, as the clerk asked."""
    src = villages_and("死亡人员", [HEAD, PEOPLE[0]], tmp_path / "表.xlsx")

    def named(*sheets: str) -> tuple[list[str], Any]:
        out = io.BytesIO()
        result = screen_file(book, src, "xlsx", ON, _, out=out, out_kind="csv", limits=CLI,
                             programs=["living_subsidy"], sheets=list(sheets))
        return pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False).get_column(
            "姓名").to_list(), result

    people, result = named("一村", "二村")
    assert people == ["乙", "丙"] and result.died == [2]
    assert "工作表“死亡人员”列着去世的人，没有当作名单筛查：" in result.mapping.sheets_note(_)
    people, result = named("一村")
    assert people == ["乙"] and result.died == [2]
    people, result = named("二村", "死亡人员")
    assert people == ["丙", "甲"] and result.died == []
    assert "列着去世的人" not in result.mapping.sheets_note(_)


def test_a_hidden_sheet_of_the_dead_is_read_for_matching(book: Rulebook,
                                                         tmp_path: Path) -> None:
    """The forty-fourth tester's gone6_hidden.xlsx: passed over as hidden, its people screened.
    It is read (not screened), and said to be hidden; a hidden village is still passed over."""
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, PEOPLE[0], PEOPLE[1]], "二村": [HEAD, THIRD],
        "死亡人员": [["姓名", "身份证号"], ["甲", PEOPLE[0][2]]]}, hidden=("死亡人员", "二村"))
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["乙"] and result.died == [2]
    note = result.mapping.sheets_note(_)
    assert "没有读这些工作表：二村（是隐藏的工作表）。" in note
    assert ("工作表“死亡人员”列着去世的人，没有当作名单筛查：名单里身份证号或残疾人证号和它的"
            "某一行相同的人，当作已经去世，没有筛查（它写的死亡日期在筛查日期以后的除外）。 "
            "它是隐藏的工作表。") in note


def test_the_rows_saying_the_person_lives_count_within_the_bound(
        book: Rulebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.roster import run

    monkeypatch.setattr(run, "MAX_LISTED", 1)
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, PEOPLE[0], PEOPLE[1]],
        "死亡注销": [["姓名", "身份证号", "是否死亡"], ["甲", PEOPLE[0][2], "否"]],
        "已故人员": [["姓名", "身份证号"], ["乙", PEOPLE[1][2]]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["甲", "乙"] and result.died == []
    assert "工作表“已故人员”里有 1 行没有读（最多读 0 行），那些人没有对照。" in \
        result.mapping.sheets_note(_)


@pytest.mark.parametrize("name", ["全镇汇总（不含已故）", "在册人员（已剔除死亡）",
                                  "2025年名单（死亡已注销）", "剔除死亡后名单",
                                  "人员名单（含已故）", "除已故外人员", "去掉死亡人员",
                                  "扣除死亡后", "死亡人员已删", "删除死亡后名单"])
def test_a_list_whose_name_leaves_the_dead_out_is_no_list_of_the_dead(
        book: Rulebook, tmp_path: Path, name: str) -> None:
    """The forty-fifth tester's: a sheet named as the list without the dead (全镇汇总（不含已故）)
    was read as a list of the dead, and every living person on it left out as dead. A name's
    note in brackets says what the list holds or lacks; one that leaves the dead out is a
    list."""
    from app.roster.gone import dead_by_name
    from app.roster.sheets import by_name

    assert not dead_by_name(name) and by_name(name) is None
    src = villages_and(name, [HEAD, PEOPLE[0], PEOPLE[1], THIRD], tmp_path / "表.xlsx")
    frame, result = screened(book, src)
    assert result.died == [] and "甲" in frame.get_column("姓名").to_list()


@pytest.mark.parametrize(("name", "dead"), [
    ("死亡人员（待核）", False), ("死亡疑点", False), ("死亡未核实", False), ("逝者", True),
    # (the forty-sixth tester's: a doubt, a check or an error in the name, believed)
    ("待核死亡人员", False), ("疑死亡", False), ("死亡复核", False), ("死亡人员（核查中）", False),
    ("死亡注销（误报恢复）", False), ("死亡人员（已核实健在）", False), ("死亡人员（有误）", False),
    ("死亡人员名单（错报）", False), ("死亡人员（2024年）", True)])
def test_a_sheet_named_so_as_to_doubt_or_to_list_the_dead(name: str, dead: bool) -> None:
    from app.roster.gone import dead_by_name

    assert dead_by_name(name) == dead


def test_a_sheet_of_the_dead_on_two_header_rows_believes_a_row_that_says_alive(
        book: Rulebook, tmp_path: Path) -> None:
    """Its 是否死亡 over 是 | 否, √ under 否: the person lives (the forty-fifth tester's, left
    out as listed dead)."""
    src = villages_and("过世人员", [["姓名", "身份证号", "是否死亡", ""], ["", "", "是", "否"],
                                   ["甲", PEOPLE[0][2], "√", ""], ["乙", PEOPLE[1][2], "", "√"]],
                       tmp_path / "表.xlsx")
    frame, result = screened(book, src)
    assert result.died == [2] and frame.get_column("姓名").to_list() == ["乙", "丙"]


def test_a_death_said_in_a_column_only_another_village_has_is_read(
        book: Rulebook, tmp_path: Path) -> None:
    """The fifty-fourth tester's mv4_first_no_note.xlsx: villages' sheets, 备注 on one, 死亡日期
    on another, 是否健在 on a third, none on the first (chosen): every death they said was
    dropped with the columns, and the dead listed as owed without a word. Each is read for its
    own sheet's rows, blank for the others'."""
    fourth = ["4", "丁", "451002198001010010", "", "百色市右江区", "是", "否", "否", "否"]
    fifth = ["5", "戊", "451002198501010029", "", "百色市右江区", "是", "否", "否", "否"]
    src = workbook(tmp_path / "乡.xlsx", {
        "一村": [HEAD, PEOPLE[0]],
        "二村": [[*HEAD, "备注"], [*PEOPLE[1], "已死亡"], [*THIRD, "疑似死亡"]],
        "三村": [[*HEAD, "死亡日期"], [*fourth, "2024-03-01"]],
        "四村": [[*HEAD, "是否健在"], [*fifth, "否"]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["甲", THIRD[1]]
    assert len(result.died) == 3
    errors = frame.get_column(ERRORS).to_list()
    assert errors[0] is None or "去世" not in errors[0]
    assert "疑似死亡" in errors[1]


def test_a_header_of_two_rows_is_kept_whatever_another_sheet_adds(
        book: Rulebook, tmp_path: Path) -> None:
    """The fifty-fifth tester's e5_tworow_first.xlsx and e5d_pair_first.xlsx: the first sheet's
    header on two rows (是否健在 over 是 | 否), another sheet adding a 备注: the header was read as
    one row once the 备注 was added after it, the row below it screened as a person and the
    ticks under 否 (dead) listed as owed. Under such a header another sheet's columns are not
    copied, as before, and the note says so; the deaths its own pair says are read."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    first.title = "一村"
    n = len(HEAD)
    first.append([*HEAD, "是否健在", None])
    first.append([None] * n + ["是", "否"])
    for c in range(1, n + 1):
        first.merge_cells(start_row=1, start_column=c, end_row=2, end_column=c)
    first.merge_cells(start_row=1, start_column=n + 1, end_row=1, end_column=n + 2)
    first.append([*PEOPLE[0], "", "√"])
    first.append([*THIRD, "√", ""])
    second = wb.create_sheet("二村")
    second.append([*HEAD, "备注"])
    second.append([*PEOPLE[1], "已死亡"])
    src = tmp_path / "乡.xlsx"
    wb.save(src)
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == [THIRD[1], PEOPLE[1][1]]
    assert len(result.died) == 1
    assert "工作表“二村”的这些列，“一村”没有，没有抄进结果：备注。" in result.mapping.sheets_note(_)
