"""Which of a workbook's sheets is the roster, as the forty-eighth tester found it wanting
(:func:`app.roster.sheets.choose`): the header most sheets share was read, so two or three
small lists copied beside the roster (a clerk's comparison workbook: 民政低保名单 and
民政特困名单 for VLOOKUP; 统计表 and 汇总表 of counts; 停发名单, 新增人员, 调整名单) outvoted
it, and the roster was passed over, its people unscreened, exit 0. A group of sheets whose
columns read are a small part of another's (:func:`~app.roster.sheets.side_list`) is never
chosen over it; villages' sheets under one header are still read together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.engine import Rulebook
from app.roster.sheets import side_list
from tests.test_roster_sheets import _, screened, workbook

# the sample's columns, as the tester's roster wrote them
ROSTER = ["序号", "姓名", "公民身份号码", "残疾证号", "类别", "等级", "户口所在地", "低保",
          "特困供养", "领孤儿基本生活费", "长期照护", "工伤护理费", "在校学生", "领养老金",
          "生活补贴", "护理补贴"]


def person(k: int) -> list[str]:
    """The ``k``-th person of the roster: an ID number of their own, qualifying for the living
    subsidy and not receiving it."""
    return [str(k), f"人{k}", number(k), "", "肢体", "一级", "田林县乐里镇新华村", "是", "否",
            "否", "是", "否", "否", "否", "否", "否"]


def number(k: int) -> str:
    return f"45263019{40 + k:02d}0101{k:03d}X"


def roster(n: int) -> list[list[Any]]:
    return [ROSTER, *(person(k) for k in range(1, n + 1))]


def names(n: int, *left_out: int) -> list[str]:
    return [f"人{k}" for k in range(1, n + 1) if k not in left_out]


def test_two_civil_affairs_lists_copied_beside_the_roster_do_not_outvote_it(
        book: Rulebook, tmp_path: Path) -> None:
    """The tester's xl5_vlookup_workbook.xlsx: 残疾人名单 (20 people, every column) beside
    民政低保名单 and 民政特困名单, each reading only 姓名, 身份证号 and 户籍地址: those 3 people
    were screened (one not on the roster), the 20 not."""
    src = workbook(tmp_path / "比对.xlsx", {
        "残疾人名单": roster(20),
        "民政低保名单": [["姓名", "身份证号", "户籍地址", "保障人数"],
                         ["人1", number(1), "田林县乐里镇", 3],
                         ["某某", "451029198001010010", "田林县乐里镇", 2]],
        "民政特困名单": [["姓名", "身份证号", "户籍地址", "供养方式"],
                         ["人2", number(2), "田林县乐里镇", "分散"]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == names(20)
    assert "工作表" not in frame.columns
    note = result.mapping.sheets_note(_)
    assert "读了工作表“残疾人名单”。" in note
    assert ("没有读这些工作表：民政低保名单（表头和“残疾人名单”的不同，约 2 行）；"
            "民政特困名单（表头和“残疾人名单”的不同，约 1 行）。") in note


def test_side_lists_reading_most_of_the_roster_s_columns_and_more_people_do_not_outvote_it(
        book: Rulebook, tmp_path: Path) -> None:
    """The fiftieth tester's wb3_two10_rows.xlsx and wb3_three9.xlsx: civil-affairs lists
    reading 9 of the roster's 16 columns (more than half), with more people than it, on more
    sheets: they were the list, the roster's 20 people passed over. A side list holds no column
    the roster lacks: the roster is read."""
    side_head = ["序号", "姓名", "公民身份号码", "户口所在地", "低保", "特困供养",
                 "领孤儿基本生活费", "长期照护", "领养老金"]
    keep = [ROSTER.index(c) for c in side_head]
    side = [side_head, *([person(k)[i] for i in keep] for k in range(30, 60))]
    src = workbook(tmp_path / "比对.xlsx", {"Sheet1": roster(20), "民政低保名单": side,
                                            "特困名单": side, "孤儿名单": side})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == names(20)
    assert "读了工作表“Sheet1”。" in result.mapping.sheets_note(_)


def test_sheets_of_counts_are_not_the_list(book: Rulebook, tmp_path: Path) -> None:
    """The tester's xl4c.xlsx: 统计表 and 汇总表 (村 | 人数 | 低保, 低保 alone read) were the
    list, the count 新华村 8 screened as one person, the roster of 8 not."""
    counts = [["村", "人数", "低保"], ["新华村", 8, "是"]]
    src = workbook(tmp_path / "表.xlsx", {"全村": roster(8), "统计表": counts,
                                          "汇总表": counts})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == names(8)
    note = result.mapping.sheets_note(_)
    assert "统计表（表头和“全村”的不同" in note and "汇总表（表头和“全村”的不同" in note


def test_lists_of_changes_beside_the_roster_do_not_outvote_it(book: Rulebook,
                                                             tmp_path: Path) -> None:
    """The tester's xl4b.xlsx: 停发名单, 新增人员 and 调整名单, each 姓名 | 身份证号 | 原因:
    0 people screened. The roster is read; 停发名单 is a list struck off, its row whose reason
    says a death leaving that person out (人8, 已故); 新增人员 and 调整名单 are passed over."""
    changes = [["姓名", "身份证号", "原因"]]
    src = workbook(tmp_path / "表.xlsx", {
        "全村": roster(8), "停发名单": [*changes, ["人8", number(8), "已故"]],
        "新增人员": [*changes, ["人8", number(8), "新办证"]],
        "调整名单": [*changes, ["人8", number(8), "调标"]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == names(8, 8)
    assert result.died == [9]
    assert result.dead.why == ["列在工作表“停发名单”第 2 行（原因：“已故”）"]
    note = result.mapping.sheets_note(_)
    assert ("没有读这些工作表：新增人员（表头和“全村”的不同，约 1 行）；"
            "调整名单（表头和“全村”的不同，约 1 行）。") in note


def test_lists_struck_off_beside_the_roster_are_read_for_their_deaths(
        book: Rulebook, tmp_path: Path) -> None:
    """The tester's xl3.xlsx: 减少人员 and 停发名单 (the reason's column each) were the list,
    their 2 people screened, the roster's 8 not. The roster is read; 人6 (减少原因 死亡) and
    人8 (停发原因 已故) are left out as dead, 人7 (迁出) screened, and the note says so."""
    src = workbook(tmp_path / "表.xlsx", {
        "全村": roster(8),
        "减少人员": [["姓名", "身份证号", "减少原因"], ["人6", number(6), "死亡"],
                     ["人7", number(7), "迁出"]],
        "停发名单": [["姓名", "身份证号", "停发原因"], ["人8", number(8), "已故"]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == names(8, 6, 8)
    assert result.died == [7, 9]
    assert result.dead.why == ["列在工作表“减少人员”第 2 行（减少原因：“死亡”）",
                               "列在工作表“停发名单”第 2 行（停发原因：“已故”）"]
    note = result.mapping.sheets_note(_)
    assert "没有读这些工作表" not in note
    assert ("工作表“减少人员”是注销、停发或减少的人员，没有当作名单筛查：它写着本人去世的 1 行，"
            "名单里身份证号或残疾人证号和其中一行相同的人，当作已经去世，没有筛查（它写的死亡日期"
            "在筛查日期以后的除外）。 它的第 3 行没有写本人去世（如迁出），这 1 行的人如果也在名单"
            "里，照常筛查了，请自己核对。") in note


def test_villages_under_one_header_are_still_read_together_beside_side_lists(
        book: Rulebook, tmp_path: Path) -> None:
    """One sheet per village, under the roster's header, beside more side lists than there
    are villages: the villages are read as one list, as before; and a village lacking a few
    of their columns (no 工伤护理费) is read with them."""
    side = [["姓名", "身份证号", "户籍地址"], ["人1", number(1), "田林县"]]
    lacking = [c for c in ROSTER if c != "工伤护理费"]
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [ROSTER, person(1), person(2)], "二村": [ROSTER, person(3)],
        "三村": [lacking, [v for c, v in zip(ROSTER, person(4), strict=True)
                          if c != "工伤护理费"]],
        "低保": side, "特困": side, "孤儿": side, "养老": side})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == names(4)
    assert frame.get_column("工作表").to_list() == ["一村", "一村", "二村", "三村"]
    note = result.mapping.sheets_note(_)
    assert "读了 3 个表头相同的工作表：一村、二村、三村。" in note
    assert "工作表“三村”没有“一村”的这些列：工伤护理费。" in note


@pytest.mark.parametrize(("read", "other", "side"), [
    # (three of sixteen columns, all among the roster's: a side list)
    (("name", "id", "address"), tuple(f"c{k}" for k in range(13)) + ("name", "id", "address"),
     True),
    (("low",), ("low", "name"), True),  # (half of them: a side list)
    # (more than half, all among the roster's: a side list too, the fiftieth tester's; a
    # village lacking one is read with the roster all the same, choose)
    (("low", "name"), ("low", "name", "id"), True),
    (("low", "remark"), ("low", "name", "id", "a", "b", "c"), False),  # (a column of its own)
    (("low", "name"), ("low", "name"), False)])  # (the same columns: one list)
def test_a_side_list_reads_no_column_the_other_lacks_and_fewer(
        read: tuple[str, ...], other: tuple[str, ...], side: bool) -> None:
    assert side_list(read, other) == side
