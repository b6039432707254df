"""A workbook's sheet of the dead beside its villages' (:mod:`app.roster.gone`), as a tester
found it wanting (screening date 2025-06-01): a date in the sheet's name dates its deaths
(2026年死亡 lists people alive that day); a row whose own cells say the person lives (人员状态
正常), doubt the death (死亡待核实) or withdraw it (死亡已撤销), or date it after the day (备注
2025年8月去世), is no death; a person is matched by their certificate number where the sheet
mistyped the ID number; and a sheet listing the living beside a word of death (未死亡人员,
配偶已故人员, 逝者家属) is a list to screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.engine import Rulebook
from app.roster.gone import dead_by_name, name_date, struck_by_name
from app.roster.sheets import GONE, SHEET_ROWS, by_name
from tests.test_roster_clerk import HEAD, PEOPLE
from tests.test_roster_sheets import THIRD, _, screened, villages_and, workbook

A, B = PEOPLE
# 丁: an ID number and a certificate number of their own, check digits right
FOURTH = ["4", "丁", "451002198001010010", "45100219800101001042", "百色市右江区", "否", "否",
          "否", "否"]


def person(k: int) -> list[str]:
    """The ``k``-th of many people on a village's sheet (an ID number of their own)."""
    return [str(k), f"人{k}", f"45263019{40 + k:02d}0101{k:03d}X", "", *A[4:]]


# ---------------------------------------------------------------- a date in the sheet's name

@pytest.mark.parametrize("name", ["2026年死亡", "死亡人员（2025年7月）", "2025年7月死亡注销"])
def test_a_sheet_whose_name_dates_its_deaths_after_the_day_lists_the_living(
        book: Rulebook, tmp_path: Path, name: str) -> None:
    """The tester's 2026年死亡 on 2025-06-01: its people left out as dead, though alive that
    day. A row without a date of its own is dated by the name (甲: screened); a row's own date
    column (乙: 2024-11-02) or a note's date of death (丙: 2024年3月病故) wins (left out)."""
    rows: list[list[Any]] = [["姓名", "身份证号", "死亡日期", "备注"], ["甲", A[2], "", ""],
                             ["乙", B[2], "2024-11-02", ""], ["丙", THIRD[2], "", "2024年3月病故"]]
    frame, result = screened(book, villages_and(name, rows, tmp_path / "表.xlsx"))
    assert frame.get_column("姓名").to_list() == ["甲"]
    assert result.died == [3, SHEET_ROWS + 2]
    assert result.dead.why == [f"列在工作表“{name}”第 3 行（死亡日期：“2024-11-02”）",
                               f"列在工作表“{name}”第 4 行"]
    note = result.mapping.sheets_note(_)
    assert (f"工作表“{name}”的名字写着{name_date(name)}，在筛查日期以后：它没有写死亡日期的 1 行"
            "的人，筛查那天还在世，照常筛查了。") in note


@pytest.mark.parametrize("name", ["已故人员(2024年)", "死亡人员（2025年）", "2025年死亡",
                                  "死亡人员（2025年7月更新）", "截至2025年7月死亡人员",
                                  "2025年7月前死亡人员"])
def test_a_sheet_whose_name_dates_its_deaths_by_the_day_lists_the_dead_as_before(
        book: Rulebook, tmp_path: Path, name: str) -> None:
    """A year by the screening date's (2025年 on 2025-06-01: as today), or a date of another
    event (an update's, a count's, the deaths' latest day): its people left out, as before."""
    rows: list[list[Any]] = [["姓名", "身份证号"], ["甲", A[2]]]
    frame, result = screened(book, villages_and(name, rows, tmp_path / "表.xlsx"))
    assert frame.get_column("姓名").to_list() == ["乙", "丙"] and result.died == [2]
    assert "的名字写着" not in result.mapping.sheets_note(_)


@pytest.mark.parametrize(("name", "date"), [
    ("2026年死亡", "2026年"), ("死亡人员（2025年7月）", "2025年7月"),
    ("2025年7月死亡注销", "2025年7月"), ("已故人员(2024年)", "2024年"), ("2025.7死亡", "2025年7月"),
    ("２０２６年死亡", "2026年"), ("2025年下半年死亡", "2025年下半年"), ("2025年8人死亡", "2025年"),
    ("2024年至2025年死亡", "2024年"), ("2025-08-15死亡", "2025年8月15日"),
    ("死亡注销", None), ("死亡人员（2025年7月更新）", None), ("截至2025年5月死亡人员", None),
    ("2025年前死亡人员", None)])
def test_the_date_a_sheets_name_gives_its_deaths(name: str, date: str | None) -> None:
    assert name_date(name) == date


# ---------------------------------------------------------------- a row that says otherwise

def test_a_row_of_the_dead_sheet_that_says_the_person_lives_doubts_or_withdraws_is_no_death(
        book: Rulebook, tmp_path: Path) -> None:
    """The tester's: 人员状态 正常 or 在册, 死亡待核实, 疑似死亡, 已撤销死亡登记, 死亡已撤销,
    恢复, and 2025年8月去世 (after the day, no date column) each left out as dead by the sheet.
    Each is screened, and said; a death the row says (人员状态 死亡, 2024年3月病故, 已故), a
    doubt a later clause settles (疑似死亡，经核实已死亡), a benefit withdrawn for a death
    (因死亡撤销低保) and a payment's state (发放状态 正常) still leave the person out."""
    says = [("正常", "", ""), ("在册", "", ""), ("", "", "死亡待核实"), ("", "", "疑似死亡"),
            ("", "", "已撤销死亡登记"), ("", "", "死亡已撤销"), ("", "", "恢复"),
            ("", "", "2025年8月去世"),
            ("死亡", "", "2024年3月病故"), ("", "", "因死亡撤销低保"),
            ("", "", "疑似死亡，经核实已死亡"), ("", "正常", ""), ("", "", "已故")]
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, *(person(k) for k in range(1, len(says) + 1))],
        "死亡注销": [["姓名", "身份证号", "人员状态", "发放状态", "备注"],
                     *([f"人{k}", person(k)[2], *cells] for k, cells in enumerate(says, 1))]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == [f"人{k}" for k in range(1, 9)]
    assert result.died == list(range(10, 15))
    note = result.mapping.sheets_note(_)
    assert ("工作表“死亡注销”第 2、3、6—8 行写着本人健在或没有去世，这 5 行的人没有当作去世："
            "请自己核对。") in note
    assert ("工作表“死亡注销”第 4、5 行写着死亡待核实或存疑，这 2 行的人没有当作去世，照常筛查了："
            "请核实。") in note


@pytest.mark.parametrize(("text", "says"), [
    ("待核实", "doubts"), ("死亡待核实", "doubts"), ("（疑似）", "doubts"), ("核查中", "doubts"),
    ("尚待确认", "doubts"), ("据传已故", "doubts"), ("本人健在", "alive"), ("正常", "alive"),
    # a doubt of something else than the death (a benefit's), or settled after: none
    ("低保待核实", None), ("低保调查中", None), ("疑似死亡，经核实已死亡", None), ("已故", None)])
def test_what_a_cell_of_a_sheet_of_the_dead_says_beside_the_death(text: str,
                                                                  says: str | None) -> None:
    from app.roster.deaths import ANY
    from app.roster.gone import row_says

    assert row_says(text, ANY, True) == says


def test_hearsay_on_a_sheet_of_the_dead_is_a_doubt(book: Rulebook, tmp_path: Path) -> None:
    """A note of hearsay beside a row of the dead (据传已故, 听说已去世): doubted, the person
    screened and the rows said; one reporting it (家属称已去世) is believed."""
    rows: list[list[Any]] = [["姓名", "身份证号", "备注"], ["甲", A[2], "据传已故"],
                             ["乙", B[2], "家属称已去世"]]
    frame, result = screened(book, villages_and("死亡注销", rows, tmp_path / "表.xlsx"))
    assert frame.get_column("姓名").to_list() == ["甲", "丙"] and result.died == [3]
    assert "工作表“死亡注销”第 2 行写着死亡待核实或存疑" in result.mapping.sheets_note(_)


def test_a_date_columns_doubt_is_the_dates_and_another_persons_state_says_nothing(
        book: Rulebook, tmp_path: Path) -> None:
    """死亡日期 待核实: the date is to be checked, not the death (left out, as before); 监护人状态
    正常: the guardian's."""
    rows: list[list[Any]] = [["姓名", "身份证号", "死亡日期", "监护人状态"],
                             ["甲", A[2], "待核实", ""], ["乙", B[2], "", "正常"]]
    frame, result = screened(book, villages_and("死亡注销", rows, tmp_path / "表.xlsx"))
    assert frame.get_column("姓名").to_list() == ["丙"] and result.died == [2, 3]
    assert "存疑" not in result.mapping.sheets_note(_)


# ---------------------------------------------------------------- by either number

def test_a_person_is_matched_by_the_certificate_number_where_the_id_number_is_mistyped(
        book: Rulebook, tmp_path: Path) -> None:
    """The tester's: the dead sheet's ID number mistyped (its check digit wrong), its
    certificate number right: the person was screened. Either number names them; but where
    the two are two people's (both with their check digits right: 乙's ID number beside 丁's
    certificate number), the ID number's alone, as before, and said."""
    mistyped = "45263019710308211X"  # (甲's, one digit wrong)
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, A, B], "二村": [HEAD, THIRD, FOURTH],
        "死亡注销": [["姓名", "身份证号", "残疾人证号"], ["甲", mistyped, A[3]],
                     ["乙", B[2], FOURTH[3]]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["丙", "丁"]
    assert result.died == [2, 3]
    assert result.dead.why == ["列在工作表“死亡注销”第 2 行", "列在工作表“死亡注销”第 3 行"]
    assert ("工作表“死亡注销”第 3 行的身份证号和残疾人证号是两个人的，只按身份证号对照了："
            "请自己核对。") in result.mapping.sheets_note(_)


def test_either_number_of_the_dead_sheet_matches_the_rosters_own(book: Rulebook,
                                                                 tmp_path: Path) -> None:
    """The roster keeping the same mistyped ID number as the dead sheet (one source for both):
    matched by it, as before; one without an ID number, by its certificate number."""
    mistyped = "45263019710308211X"
    cert_only = [*FOURTH[:2], "", *FOURTH[3:]]
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, [*A[:2], mistyped, *A[3:]], B], "二村": [HEAD, cert_only],
        "死亡注销": [["姓名", "身份证号", "残疾人证号"], ["甲", mistyped, A[3]],
                     ["丁", "45100219800101002X", FOURTH[3]]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["乙"]
    assert result.died == [2, SHEET_ROWS + 2]


def test_a_rosters_mistyped_id_number_is_matched_by_its_certificate_number(
        book: Rulebook, tmp_path: Path) -> None:
    """The roster's own ID number mistyped (its check digit wrong), its certificate number
    right, the dead sheet's both right (the forty-sixth tester's, the other way round: the
    person screened): matched by the certificate number; a roster row whose ID and
    certificate numbers are two people's (both right) is matched by its ID number alone."""
    mistyped = "45263019710308211X"  # (甲's, one digit wrong)
    two = [*B[:3], FOURTH[3], *B[4:]]  # (乙's ID number beside 丁's certificate number)
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, [*A[:2], mistyped, *A[3:]], two],
        "死亡注销": [["姓名", "身份证号", "残疾人证号"], ["甲", A[2], A[3]],
                     ["丁", FOURTH[2], FOURTH[3]]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["乙"]
    assert result.died == [2] and result.dead.why == ["列在工作表“死亡注销”第 2 行"]


# ---------------------------------------------------------------- lists of the living

@pytest.mark.parametrize("name", ["未死亡人员", "非已故人员", "非死亡人员", "配偶已故人员",
                                  "已故军人遗属", "死亡人员家属", "逝者家属", "因公牺牲军人家属"])
def test_a_sheet_listing_the_living_beside_a_word_of_death_is_screened(
        book: Rulebook, tmp_path: Path, name: str) -> None:
    """The tester's: passed over as struck off, their people not screened. A list to screen
    (by_name None), and no sheet of the dead."""
    assert by_name(name) is None and not dead_by_name(name)
    frame, result = screened(book, villages_and(name, [HEAD, FOURTH], tmp_path / "表.xlsx"))
    assert frame.get_column("姓名").to_list() == ["甲", "乙", "丙", "丁"]
    assert result.died == []
    note = result.mapping.sheets_note(_)
    assert "名字说是注销" not in note and "列着去世的人" not in note


@pytest.mark.parametrize(("name", "dead"), [
    ("死亡注销", True), ("已故人员", True), ("过世人员", True), ("死亡人员（2025年）", True),
    ("非正常死亡人员", True), ("未注销死亡人员", True), ("死者名单", True),
    ("死亡人员及家属", True), ("迁出", False), ("迁出人员", False)])
def test_sheets_of_the_dead_and_struck_off_are_passed_over_as_before(name: str,
                                                                    dead: bool) -> None:
    assert by_name(name) == GONE and dead_by_name(name) == dead and not struck_by_name(name)


# ---------------------------------------------------------------- a note in the sheet's name

@pytest.mark.parametrize("name", [
    "死亡（已核实）", "已故人员（待销户）", "死亡人员（经核实）", "死亡人员（不含迁出）",
    "死亡（待注销）", "死亡（未领丧葬费）", "死亡（停发不补）", "死亡人员(公安核查)",
    "死亡人员（2025年7月更新）"])
def test_a_note_that_verifies_qualifies_or_sources_the_deaths_leaves_them_standing(
        book: Rulebook, tmp_path: Path, name: str) -> None:
    """The forty-seventh tester's: any of 核 待 未 不 否 误 错 撤 疑 in the note passed the sheet
    over, its people screened. A verification done, a write-off pending, what the list leaves
    out, a benefit's state or a source says nothing against the deaths: its people left out."""
    assert by_name(name) == GONE and dead_by_name(name)
    rows: list[list[Any]] = [["姓名", "身份证号"], ["甲", A[2]]]
    frame, result = screened(book, villages_and(name, rows, tmp_path / "表.xlsx"))
    assert frame.get_column("姓名").to_list() == ["乙", "丙"] and result.died == [2]
    note = result.mapping.sheets_note(_)
    assert f"工作表“{name}”列着去世的人" in note and "没有拿来和名单对照" not in note


@pytest.mark.parametrize("name", [
    "死亡人员（待核）", "死亡人员（待核实）", "死亡人员（未核实）", "死亡人员（疑似）",
    "死亡人员（核查中）", "死亡人员（待审核）", "死亡注销（误报恢复）", "死亡人员（有误）",
    "已故人员（已撤销）", "死亡人员（已核实健在）", "死亡人员（核查）", "死亡人员（含迁出）",
    "死亡及迁出人员", "迁出人员", "死亡比对结果"])
def test_a_sheet_passed_over_for_its_names_doubt_says_its_people_were_screened(
        book: Rulebook, tmp_path: Path, name: str) -> None:
    """A note doubting the deaths (待核, 疑似, 核查中, 待审核, a check without its result),
    saying they were wrong or undone (误报恢复, 有误, 已撤销, 已核实健在), or a list holding
    people moved away too (含迁出, 死亡及迁出人员): not believed, the sheet passed over as
    today, its people screened; and the note now says they were. (死亡比对结果 too: a
    comparison's result may list each person compared, matched or not.)"""
    assert by_name(name) == GONE and not dead_by_name(name)
    rows: list[list[Any]] = [["姓名", "身份证号"], ["甲", A[2]]]
    frame, result = screened(book, villages_and(name, rows, tmp_path / "表.xlsx"))
    assert frame.get_column("姓名").to_list() == ["甲", "乙", "丙"] and result.died == []
    note = result.mapping.sheets_note(_)
    assert "列着去世的人" not in note
    assert (f"名字说是注销、死亡、迁出或删除人员的工作表“{name}”没有拿来和名单对照：其中的人如果"
            "也在名单里，照常筛查了，请自己核对。") in note


# lists whose note leaves the dead out (死亡已注销) or holds them among the living (含已故):
# lists, as today
STRUCK_LISTS = ["2025年名单（死亡已注销）", "人员名单（含已故）"]
# lists struck off, stopped or reduced without a note of death, or whose note leaves the dead
# out (不含已故) or names another's death (配偶已故): passed over, read for the rows whose
# reason says a death (the forty-eighth tester's 停发名单 and 减少人员, screened as the list)
BY_REASON = ["注销", "注销名单", "停发名单", "减少人员", "减员", "核减名单", "除名人员",
             "停保人员", "2025年减少人员", "减少人员（不含已故）", "停发名单（配偶已故）"]


@pytest.mark.parametrize("name", ["停发名单（死亡）", "减少人员（已故）", "名单（去世人员）",
                                  "注销名单（死亡）", "停发名单(因死亡)"])
def test_a_list_struck_off_with_a_note_of_death_is_a_sheet_of_the_dead(
        book: Rulebook, tmp_path: Path, name: str) -> None:
    """The forty-seventh tester's 停发名单（死亡）: its note set aside, the name read as a list,
    passed over as under another header, its people screened. A list struck off, stopped or
    reduced whose note says why, a death, lists the dead; one beside it whose note leaves the
    dead out (:data:`STRUCK_LISTS`) is a list, passed over here as under another header."""
    assert by_name(name) == GONE and dead_by_name(name) and not struck_by_name(name)
    assert not any(by_name(other) or dead_by_name(other) for other in STRUCK_LISTS)
    head = ["姓名", "身份证号", "备注"]
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, A, B], "二村": [HEAD, THIRD], name: [head, ["甲", A[2], ""]],
        "人员名单（含已故）": [head, ["乙", B[2], ""]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["乙", "丙"] and result.died == [2]
    assert result.dead.why == [f"列在工作表“{name}”第 2 行"]
    assert "人员名单（含已故）（表头和“一村”的不同" in result.mapping.sheets_note(_)


# ---------------------------------------------------------------- a list struck off, by reason

@pytest.mark.parametrize("name", BY_REASON)
def test_a_list_struck_off_is_passed_over_and_read_for_its_reasons(name: str) -> None:
    assert by_name(name) == GONE and dead_by_name(name) and struck_by_name(name)


@pytest.mark.parametrize(("name", "reason"), [
    ("注销名单", "注销原因"), ("停发名单", "停发原因"), ("减少人员", "减少原因"),
    ("减少人员", "原因"), ("停发名单", "备注")])
def test_a_list_struck_off_leaves_out_the_people_whose_reason_says_their_death(
        book: Rulebook, tmp_path: Path, name: str, reason: str) -> None:
    """The forty-eighth tester's villages.xlsx: 注销名单 with 注销原因 死亡 for 人5, passed over,
    人5 screened as qualifying and not receiving. A row whose reason says the person's death
    (死亡, 已故, 2024年3月去世) leaves them out as dead, as a sheet of the dead does, naming the
    reason; a row whose reason is another (迁出, 户口迁移), another's death (其父已故) or none is
    no death, its person screened and the note saying so; one doubting it (疑似死亡) is a
    doubt, said as a sheet of the dead's are."""
    reasons = ["死亡", "已故", "2024年3月去世", "迁出", "户口迁移", "其父已故", "疑似死亡", ""]
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, *(person(k) for k in range(1, 9))],
        name: [["姓名", "身份证号", reason],
               *([f"人{k}", person(k)[2], why] for k, why in enumerate(reasons, 1))]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == [f"人{k}" for k in range(4, 9)]
    assert result.died == [2, 3, 4]
    assert result.dead.why == [f"列在工作表“{name}”第 {k + 1} 行（{reason}：“{why}”）"
                               for k, why in enumerate(reasons[:3], 1)]
    note = result.mapping.sheets_note(_)
    assert (f"工作表“{name}”是注销、停发或减少的人员，没有当作名单筛查：它写着本人去世的 3 行，"
            "名单里身份证号或残疾人证号和其中一行相同的人，当作已经去世，没有筛查（它写的死亡日期在"
            "筛查日期以后的除外）。 它的第 5—7、9 行没有写本人去世（如迁出），这 4 行的人如果也在"
            "名单里，照常筛查了，请自己核对。") in note
    assert (f"工作表“{name}”第 8 行写着死亡待核实或存疑，这 1 行的人没有当作去世，照常筛查了："
            "请核实。") in note
    assert "没有拿来和名单对照" not in note and "列着去世的人" not in note


def test_a_list_struck_off_that_cannot_be_compared_is_passed_over_as_before(
        book: Rulebook, tmp_path: Path) -> None:
    """A list struck off without an ID or certificate number column (停发名单: 姓名 | 原因)
    cannot be compared: passed over, its people screened and the note saying so, as before;
    not said to be a list of the dead without a column to match."""
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, person(1), person(2)],
        "停发名单": [["姓名", "原因"], ["人1", "死亡"]]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["人1", "人2"] and result.died == []
    note = result.mapping.sheets_note(_)
    assert ("名字说是注销、死亡、迁出或删除人员的工作表“停发名单”没有拿来和名单对照：其中的人如果"
            "也在名单里，照常筛查了，请自己核对。") in note
    assert "找不到身份证号" not in note and "是注销、停发或减少的人员" not in note


# ---------------------------------------------------------------- another's death on the row

def test_a_row_of_the_dead_whose_only_word_of_death_is_anothers_is_a_doubt(
        book: Rulebook, tmp_path: Path) -> None:
    """The forty-eighth tester's villages.xlsx, 已故人员 row 6: 人9, 死亡日期 blank, 备注
    其父已故, left out as dead. The only word of a death on the row is the father's: a doubt,
    the person screened and the row told as the sheet's doubts are. A row with a date of death
    beside such a note (人3), or with no note (人1), still lists a death."""
    rows: list[list[Any]] = [["姓名", "身份证号", "死亡日期", "备注"],
                             ["人1", person(1)[2], "", ""], ["人2", person(2)[2], "", "其父已故"],
                             ["人3", person(3)[2], "2024-03-01", "其父已故"],
                             ["人4", person(4)[2], "", "死亡待核实"],
                             ["人5", person(5)[2], "", "配偶去世"]]
    src = workbook(tmp_path / "表.xlsx", {"一村": [HEAD, *(person(k) for k in range(1, 6))],
                                         "已故人员": rows})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["人2", "人4", "人5"]
    assert result.died == [2, 4]
    assert ("工作表“已故人员”第 3、5、6 行写着死亡待核实或存疑，这 3 行的人没有当作去世，照常筛查"
            "了：请核实。") in result.mapping.sheets_note(_)


# ---------------------------------------------------------------- a state under the date

def test_a_state_of_the_living_under_the_date_of_death_is_no_death(book: Rulebook,
                                                                  tmp_path: Path) -> None:
    """The forty-seventh tester's: 死亡日期 正常 on a sheet of the dead, the person left out as
    dead (undated). A state's words alone there (正常, 在册, 健在) say the person lives; a date
    (2024-03-01), a date to be checked (待核实) or 正常 as the cause (死亡原因: a natural death)
    still leave the person out."""
    rows: list[list[Any]] = [["姓名", "身份证号", "死亡日期", "死亡原因"],
                             ["人1", person(1)[2], "正常", ""], ["人2", person(2)[2], "在册", ""],
                             ["人3", person(3)[2], "健 在", ""],
                             ["人4", person(4)[2], "2024-03-01", ""],
                             ["人5", person(5)[2], "待核实", ""], ["人6", person(6)[2], "", "正常"]]
    src = workbook(tmp_path / "表.xlsx", {"一村": [HEAD, *(person(k) for k in range(1, 7))],
                                         "死亡人员": rows})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["人1", "人2", "人3"]
    assert result.died == [5, 6, 7]
    assert ("工作表“死亡人员”第 2—4 行写着本人健在或没有去世，这 3 行的人没有当作去世：请自己核对。"
            in result.mapping.sheets_note(_))


def test_the_columns_whose_state_of_the_living_says_the_person_lives() -> None:
    """A date of death's column (死亡日期, 去世时间) as a state's or a note's; not the cause
    (死亡原因), a payment's state, another date or another person's state."""
    from app.roster.gone import state_column

    states = {"死亡日期": True, "去世时间": True, "死亡年月": True, "公安死亡日期": True,
              "人员状态": True, "备注": True, "死亡原因": False, "发放状态": False,
              "出生日期": False, "监护人状态": False}
    assert {header: state_column(header) for header in states} == states


def test_a_list_struck_off_whose_reason_says_the_person_missing_notes_the_row(
        book: Rulebook, tmp_path: Path) -> None:
    """The fifty-second tester's: 注销名单 with 注销原因 户口注销 or 失踪, counted only in the
    sheets' note, the person's own row saying nothing. As at a death, a doubt: the person is
    screened and their row says to check; 迁出 says nothing of a death, as before."""
    from app.roster.bulk import ERRORS

    reasons = ["户口注销", "失踪", "迁出", "其父失踪"]
    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, *(person(k) for k in range(1, 5))],
        "注销名单": [["姓名", "身份证号", "注销原因"],
                     *([f"人{k}", person(k)[2], why] for k, why in enumerate(reasons, 1))]})
    frame, result = screened(book, src)
    assert frame.get_column("姓名").to_list() == ["人1", "人2", "人3", "人4"]
    assert result.died == []
    errors = [e or "" for e in frame.get_column(ERRORS).to_list()]
    doubt = "那一行写着可能已经去世，没有确定：照常筛查了；联系这个人之前请先核实。"
    assert [doubt in e for e in errors] == [True, True, False, False]
    assert "列在工作表“注销名单”第 2 行" in errors[0]
