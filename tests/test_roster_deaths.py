"""What a roster's cell says of the person's death (app.roster.deaths), as county lists write
it (the thirty-seventh, thirty-eighth and thirty-ninth testers'): who is left out as dead by the
screening date, who is screened as alive on it, and whose death a cell does not say."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from app.engine import Rulebook
from app.roster.bounds import CLI
from app.roster.deaths import (
    ALIVE,
    ANY,
    ASKS,
    DATE,
    STRUCK,
    Kind,
    column_kind,
    death,
    other_person,
)
from app.roster.run import screen_file
from tests.test_roster_clerk import HEAD, ON, PEOPLE, _, csv_bytes, screened_xlsx

DEAD, LATER, NONE = (True, False), (False, True), (False, False)
# the person named by a personal name before the word, read as the person's death on the
# person's own row (the row's 姓名): without it, a doubt (the fiftieth tester's: 王大明已故 on
# 王小明's row, read as his death; tests.test_roster_death_doubts)
NAMED = {"黄妹（已故）": "黄妹", "韦小妹（已故）": "韦小妹", "农爷（已故）": "农爷",
         "韦公（已故）": "韦公", "农公（殁）": "农公", "韦志夫已故": "韦志夫",
         "韦马英已故": "韦马英",
         "李小狗去世": "李小狗", "黄大姐（已故）": "黄大姐", "韦二叔已故": "韦二叔",
         "黄小姨（已故）": "黄小姨", "農公（歿）": "農公"}


@pytest.mark.parametrize(("text", "says"), [
    # a death, undated or dated by the screening date (2025-06-01)
    ("已死亡", DEAD), ("2024年12月死亡", DEAD), ("（已故）", DEAD), ("本人已故", DEAD),
    ("已死亡（2024年）", DEAD), ("死亡，停发", DEAD), ("已于2024年3月去世", DEAD),
    ("2025年6月死亡", DEAD), ("2025年死亡", DEAD), ("已于2025.6.1去世", DEAD),
    ("死于2024年7月", DEAD),
    # dated after it: alive on the day screened
    ("2025年7月死亡", LATER), ("2025-06-15去世", LATER), ("2026年病故", LATER),
    ("20250602死亡", LATER), ("二〇二五年七月死亡", LATER), ("25年7月死亡", LATER),
    ("２０２５年７月死亡", LATER), ("2025年七月死亡", LATER), ("2025年7月底死亡", LATER),
    ("死于2025年7月", LATER), ("2025.7.3去世", LATER),
    # a note beside it, after or in brackets, says nothing against it (the thirty-ninth's)
    ("已死亡，丧葬费已发放", DEAD), ("死亡，子女已领丧葬补助", DEAD),
    ("本人已去世，由儿子告知", DEAD),
    ("去世，遗属待遇已申请", DEAD), ("2025年3月死亡（家属来电）", DEAD),
    ("已死亡（公安已销户）", DEAD), ("死亡，待公示", DEAD), ("已故（女）", DEAD),
    # a name with 妹, 爷, 公 (Zhuang women's names: 黄妹) is no relative
    ("黄妹（已故）", DEAD), ("韦小妹（已故）", DEAD), ("农爷（已故）", DEAD),
    ("韦公（已故）", DEAD),
    # a date elsewhere in the cell is not the death's: the paperwork's, a phone number's
    ("拟于2025年7月注销，已死亡", DEAD), ("已死亡，2025年7月起停发", DEAD),
    ("因死亡2025年7月停发", DEAD), ("已故，2025年7月办理注销", DEAD),
    ("已死亡 电话13920301111", DEAD),
    # another's death, a benefit for one, a denial
    ("父亲已故", NONE), ("户主已死亡", NONE), ("未死亡", NONE), ("死亡抚恤金已领取", NONE),
    ("母亲去世多年，由外婆抚养", NONE), ("老伴去世", NONE), ("家人已故", NONE),
    ("父亲于2020年去世", NONE), ("母亲已故，由本人照顾", NONE), ("新办证", NONE), ("", NONE),
    # (the fortieth tester's) a bracketed date after the word that is another event's
    ("已故（2025年7月家属来电）", DEAD), ("死亡（2025年7月核实）", DEAD),
    ("死亡：2025年7月上报", DEAD),
    # words of death as notes write them, slips too
    ("已离世", DEAD), ("2024年3月离世", DEAD), ("病逝", DEAD), ("去逝", DEAD), ("已过逝", DEAD),
    ("意外身亡", DEAD), ("溺亡", DEAD), ("已死", DEAD), ("死了", DEAD), ("辞世", DEAD),
    ("(亡)", DEAD), ("已亡", DEAD), ("2024.3亡", DEAD), ("（故）", DEAD), ("已殁", DEAD),
    ("已過世", DEAD), ("农公（殁）", DEAD),
    # a year of two digits, in the century that puts it by the screening date
    ("98年已故", DEAD), ("99年去世，未销户", DEAD), ("已故（98年）", DEAD),
    # the person with a relative, or the person's own clause after a relative's
    ("户主本人已死亡", DEAD), ("该户主已于2024年去世", DEAD), ("本人及配偶均已去世", DEAD),
    ("夫妻均已去世", DEAD), ("父母均已去世，本人于2024年3月病故", DEAD),
    ("户主已死亡，本人2024年1月去世", DEAD), ("韦志夫已故", DEAD),
    ("2025年3月12日经村委核实，该残疾人因病于2025年2月去世，家属已来村委报告，待注销残疾证并停发两项"
     "补贴", DEAD),
    # a check of deaths, or a doubt: no death said
    ("已与公安死亡数据比对，无异常", NONE), ("死亡比对：无", NONE), ("待核实是否死亡", NONE),
    ("2025年7月份去世", LATER), ("二○二五年七月去世", LATER), ("二O二五年七月去世", LATER)])
def test_what_a_cell_says_of_a_death(text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("text", "says"), [
    # (the forty-first tester's) a long note, dots, a line break
    ("本人已于2024年3月因病去世，家属未及时上报。经村委会入户核查，该户现有人口3人，均为农业户口，"
     "家庭经济困难，建议停发两项补贴并按程序办理注销手续。村委会已于2024年4月张贴公示，无异议。",
     DEAD), ("已死亡" + "。" * 130, DEAD), ("已死亡\n（村委会核实…）", DEAD),
    # one who reports it is not who died; a doubt after the word undoes nothing
    ("家属称已去世", DEAD), ("监护人反映本人已死亡", DEAD), ("2024年死亡（疑似漏报）", DEAD),
    # a status column's one character, more words, traditional characters
    ("死", DEAD), ("亡", DEAD), ("病死", DEAD), ("2024年病死", DEAD), ("2024.3.5死", DEAD),
    ("已牺牲", DEAD), ("遇难", DEAD), ("2024年车祸丧生", DEAD), ("已过身", DEAD),
    ("已不在人世", DEAD), ("已火化", DEAD), ("離世", DEAD), ("2024年3月離世", DEAD), ("已歿", DEAD),
    # a date a few words before the word, that says where or how; not another event's
    ("2025年7月3日在医院抢救无效去世", LATER), ("于2025年7月3日凌晨去世", LATER),
    ("2025年7月因病医治无效死亡", LATER), ("2025年7月核实死亡", DEAD), ("因病医治无效死亡", DEAD),
    # checks that found none, instructions
    ("无死亡记录", NONE), ("公安比对无死亡记录", NONE), ("经核查本人健在，不存在死亡情况", NONE),
    ("没有死亡", NONE), ("未发现死亡情况", NONE), ("死亡信息：无", NONE), ("死亡：否", NONE),
    ("户籍：正常；死亡：否", NONE), ("民政死亡库未比中", NONE), ("排除死亡", NONE),
    ("如有死亡请及时上报", NONE), ("死亡、迁出请及时上报村委", NONE),
    # relatives as notes name them, the person owning one (本人父亲), the household's head
    ("老公已去世，独自抚养小孩", NONE), ("爱人已故", NONE), ("老婆2019年病故", NONE),
    ("其子2023年车祸死亡", NONE), ("其兄溺水身亡", NONE), ("孩子出生后死亡", NONE),
    ("岳父去世", NONE), ("媳妇去世", NONE), ("兒子已去世", NONE), ("監護人已死亡", NONE),
    ("父母均已去世，由叔叔抚养", NONE), ("孤儿，双亲都已去世", NONE), ("本人父亲已去世", NONE),
    ("本人的母亲2020年病故", NONE), ("该人配偶已死亡", NONE), ("此人丈夫已故", NONE),
    ("两个儿子都已去世，本人独居", NONE), ("该户户主已死亡", NONE),
    ("原户主已故，现本人为户主", NONE),
    ("正常（户主已死亡）", NONE), ("经入户核实，该户户主已于2023年死亡，残疾人本人健在", NONE),
    ("其母亲说本人已去世", DEAD), ("本人健在，丈夫已于2023年去世", NONE),
    # one who died named after the word, insurance and payments, animals, a body's part
    ("住已故父亲留下的老房", NONE), ("系已故烈士子女", NONE), ("病故军人遗属", NONE),
    ("意外死亡保险已购买", NONE), ("已参加人身意外险（含意外身故）", NONE),
    ("死亡赔偿金已领", NONE),
    ("領取死亡撫恤金", NONE), ("家里的牛死了，生活困难", NONE), ("他的狗死了", NONE),
    ("脚趾坏死了，已截肢", NONE), ("家中5口人，2亡1残", NONE), ("事故", NONE), ("覃世故", NONE)])
def test_what_a_cell_says_of_a_death_as_more_clerks_write_it(
        text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("text", "says"), [
    # (the forty-second tester's) a death beside an animal, a relative's home or company, a
    # surname that is an animal's, one who confirms it
    ("下河捕鱼时溺亡", DEAD), ("放牛时摔下山崖身亡", DEAD), ("被狗咬伤后患狂犬病死亡", DEAD),
    ("韦马英已故", DEAD), ("2024年3月在女儿家中病逝", DEAD), ("随儿子外出务工期间死亡", DEAD),
    ("孤寡无子女已故", DEAD), ("经家属确认已死亡", DEAD), ("据其儿子讲已去世", DEAD),
    ("退役军人2024年3月病故", DEAD),
    # words that are no denial there: 申请, 遇险, a question answered yes, a check that found one
    ("已死亡请停发", DEAD), ("本人已死亡家属申请注销", DEAD), ("2024年7月下河游泳遇险溺亡", DEAD),
    ("在抗洪抢险中牺牲", DEAD), ("是否死亡：是", DEAD), ("有无死亡：有", DEAD),
    ("经核实死亡情况属实", DEAD),
    # (a match's say-so, not said checked: a doubt, the fiftieth tester's; had been deaths)
    ("公安比对：有死亡记录", NONE), ("卫健死亡信息比对：已死亡", NONE),
    ("公安比对：有死亡记录，经核实属实", DEAD), ("卫健死亡信息比对：已死亡，已入户核实", DEAD),
    ("已去世丧葬费已领", DEAD), ("死亡丧葬补助已发放", DEAD),
    ("病亡", DEAD), ("猝死", DEAD), ("淹死", DEAD), ("被车撞死", DEAD), ("已经死掉", DEAD),
    ("已逝", DEAD), ("2024年故去", DEAD), ("已不在世", DEAD), ("阵亡", DEAD),
    # no death of the person's
    ("车祸差点死亡，现致残", NONE), ("曾濒临死亡", NONE), ("死亡率高的地方病", NONE),
    ("老头去世后独居", NONE), ("男人2019年去世", NONE), ("大哥2020年去世，由二哥照顾", NONE),
    ("祖父去世", NONE), ("嫂子去世", NONE), ("因病医治无效死亡", DEAD)])
def test_what_a_cell_says_of_a_death_as_still_more_write_it(
        text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("text", "kind", "says"), [
    ("☑是 □否", ASKS, DEAD), ("是（ ）否（√）", ASKS, NONE), ("是□否☑", ASKS, NONE),
    ("☑是 □否", ALIVE, NONE), ("是□否☑", ALIVE, DEAD),
    ("是/否", ASKS, NONE), ("有待核实", ASKS, NONE), ("对比中", ASKS, NONE),
    ("人已不在", ALIVE, DEAD), ("没了", ALIVE, DEAD), ("N/A", ALIVE, NONE),
    ("0000-00-00 00:00:00", DATE, NONE), ("1900-01-01", DATE, NONE), ("NULL", DATE, NONE),
    ("NaT", DATE, NONE), ("#VALUE!", DATE, NONE), ("00000", DATE, NONE), ("存活", DATE, NONE)])
def test_what_a_form_or_a_database_writes_under_a_column_of_death(
        text: str, kind: Kind, says: tuple[bool, bool]) -> None:
    """A form's ticked box (☑是), and a database's or a formula's blank under 死亡日期 (NULL,
    0000-00-00, 1900-01-01: the forty-second tester's, read as deaths)."""
    assert death(text, kind, ON) == says


def test_a_cell_is_read_without_its_blanks() -> None:
    """A cell is read without blanks (a line break parts its clauses), so that no pattern can
    try a run of them in several ways (a date, 600 spaces and a note took 36 s under 死亡日期,
    the time growing as the cube of the blanks: the forty-first tester's)."""
    from app.roster.deaths import _plain

    assert _plain("2024.3" + " " * 600 + "（补录）") == "2024.3(补录)"  # (NFKC: its brackets)
    assert _plain("已死亡\n（核实）\t 2024年") == "已死亡，(核实)2024年"
    assert death("2024.3" + " " * 600 + "（补录）", DATE, ON) == DEAD


@pytest.mark.parametrize(("header", "kind"), [
    ("是否死亡", ASKS), ("是否死亡（是/否）", ASKS), ("是否死亡(是/否)", ASKS),
    ("死亡(是/否)", ASKS),
    ("是否死亡人员", ASKS), ("是否死亡\n（是/否）", ASKS), ("是否已死亡", ASKS), ("死亡", ASKS),
    ("是否健在", ALIVE), ("是否在世", ALIVE), ("死亡日期", DATE), ("去世时间", DATE),
    ("死亡时间（年月）", DATE), ("备注", ANY), ("人员状态", ANY), ("监护人", ANY),
    ("是否离世", ASKS), ("死亡状态", ASKS), ("死亡标记", ASKS), ("死亡注销日期", DATE),
    ("离世时间", DATE), ("生存状态", ALIVE), ("是否死亡（公安比对）", ASKS),
    ("是否死亡注销", ASKS), ("死亡注销", ASKS), ("死亡销户时间", DATE)])
def test_what_a_column_asks_of_a_death(header: str, kind: Kind) -> None:
    """A unit in brackets, a line break or 人员 after it (the thirty-ninth tester's: 是否死亡
    （是/否） read as no such column, and its 是 screened as living)."""
    assert column_kind(header) == kind


@pytest.mark.parametrize(("text", "kind", "says"), [
    ("是", ASKS, DEAD), ("否", ASKS, NONE), ("已故", ASKS, DEAD), ("已去世", ASKS, DEAD),
    ("2024年3月死亡", ASKS, DEAD), ("是（2024年）", ASKS, DEAD), ("是（2025年7月）", ASKS, LATER),
    ("TRUE", ASKS, DEAD), ("√", ASKS, DEAD),
    ("否", ALIVE, DEAD), ("已故", ALIVE, DEAD), ("是", ALIVE, NONE),
    ("2024-03-01", DATE, DEAD), ("2025-07-03", DATE, LATER), ("2025年7月", DATE, LATER),
    ("于2024年3月", DATE, DEAD), ("45352", DATE, DEAD), ("已故", DATE, DEAD), ("无", DATE, NONE),
    ("2024-03-01 10:30:00", DATE, DEAD), ("2025-07-03T00:00", DATE, LATER),
    # (the fortieth tester's) answers as written under each
    ("否（已故）", ALIVE, DEAD), ("否，2024年3月死亡", ALIVE, DEAD), ("已去世", ALIVE, DEAD),
    ("不健在", ALIVE, DEAD), ("死亡\u200b", ALIVE, DEAD), ("健在", ALIVE, NONE),
    ("是，2024年3月", ASKS, DEAD), ("是 2024.3", ASKS, DEAD), ("是的", ASKS, DEAD),
    ("有", ASKS, DEAD), ("死", ASKS, DEAD),
    # a date column filled otherwise than with a date, or a nothing: a death, or none
    # (不详 there: a doubt since the forty-eighth tester's, no death)
    ("2024/3/1 0:00", DATE, DEAD), ("2024年3月份", DATE, DEAD), ("不详", DATE, NONE),
    ("约2024年", DATE, DEAD), ("2024年3月左右", DATE, DEAD), ("二○二四年三月", DATE, DEAD),
    ("-", DATE, NONE), ("否", DATE, NONE),
    # (the forty-first tester's) what a date column holds for none; answers as written
    ("暂无", DATE, NONE), ("0", DATE, NONE), ("#N/A", DATE, NONE), ("正常", DATE, NONE),
    ("未知", DATE, NONE), ("1900-01-00", DATE, NONE), ("1900/1/0", DATE, NONE), ("×", DATE, NONE),
    ("对", ASKS, DEAD), ("已注销", ASKS, DEAD), ("不详", ALIVE, NONE), ("无异常", ALIVE, NONE),
    ("无", ALIVE, NONE)])
def test_what_a_cell_says_under_a_column_of_death(text: str, kind: Kind,
                                                  says: tuple[bool, bool]) -> None:
    """Under 是否死亡 a yes, or a word of death; under 是否健在 a no; under 死亡日期 a date (an
    Excel date cell read as its serial number: 45352 is 2024-03-01)."""
    assert death(text, kind, ON) == says


@pytest.mark.parametrize(("header", "other"), [
    ("监护人", True), ("法定监护人", True), ("户主姓名", True), ("父亲", True),
    ("联系人电话", True),
    ("公安比对结果", False), ("公示情况", False), ("核查情况（子女反映）", False),
    ("备注（家属联系方式）", False), ("备注", False)])
def test_a_column_of_another_person(header: str, other: bool) -> None:
    """A death in a column of another person is not the person's; a 公安 comparison's, a
    note's about the family (the fortieth tester's: a death there was passed over) is."""
    assert other_person(header) == other


@pytest.mark.parametrize("batch_rows", [2, 250_000])
def test_a_column_of_death_leaves_out_the_dead_and_screens_the_living(
        batch_rows: int, book: Rulebook, tmp_path: Path) -> None:
    """A roster's 是否死亡（是/否）, 是否健在 and 死亡日期 columns (the thirty-ninth tester's:
    the dead listed as qualifying and not receiving); a death dated after the screening date in
    one column undoes a yes in another (是 under 是否死亡, 2025-07-03 under 死亡日期)."""
    def screened(rows: list[list[str]]) -> Any:
        return screen_file(book, csv_bytes(rows), "csv", ON, _, out=io.BytesIO(),
                           out_kind="csv", limits=CLI, programs=["living_subsidy"],
                           batch_rows=batch_rows)

    for header, dead, alive in (("是否死亡（是/否）", "是", "否"), ("是否健在", "否", "是"),
                                ("死亡日期", "2024-03-01", ""), ("死亡日期", "2024年3月", "无"),
                                ("是否死亡", "已故", "否"), ("是否死亡人员", "√", "")):
        result = screened([[*HEAD, header], [*PEOPLE[0], dead], [*PEOPLE[1], alive]])
        assert (result.rows, result.died) == (1, [2]), (header, dead)
    result = screened([[*HEAD, "是否死亡", "死亡日期"], [*PEOPLE[0], "是", "2025-07-03"],
                       [*PEOPLE[1], "是", "2025-03-01"]])
    assert (result.rows, result.died) == (1, [3])
    # but a note's own later date undoes no death another column says (the fortieth tester's:
    # a date a family called, a check, screened as living)
    for said, note in (("2024-03-01", "已故（2025年7月家属来电）"), ("是", "2025年7月死亡注销")):
        result = screened([[*HEAD, "死亡日期" if "-" in said else "是否死亡", "备注"],
                           [*PEOPLE[0], said, note], [*PEOPLE[1], "", ""]])
        assert (result.rows, result.died) == (1, [2]), note
    # a 公安 comparison's column is no other person's (its 已死亡 was passed over)
    result = screened([[*HEAD, "公安比对结果"], [*PEOPLE[0], "已死亡"], [*PEOPLE[1], "正常"]])
    assert (result.rows, result.died) == (1, [2])
    # and in an .xlsx, whose cells come as text
    assert screened_xlsx(book, tmp_path, [[*HEAD, "是否死亡（是/否）"], [*PEOPLE[0], "是"]]
                         ).died == [2]
    assert screened_xlsx(book, tmp_path, [[*HEAD, "备注", "死亡日期"],
                                          [*PEOPLE[0], "已死亡", "2025年7月"]]).died == []
    assert screened_xlsx(book, tmp_path, [[*HEAD, "是否死亡", "备注"],
                                          [*PEOPLE[0], "是", "2025年7月死亡注销"]]).died == [2]
    # (a word of death that holds none of 死, 亡, 故: 去世, 过世)
    assert screened([[*HEAD, "备注"], [*PEOPLE[0], "2024年去世"], [*PEOPLE[1], ""]]).died == [2]


@pytest.mark.parametrize(("header", "kind"), [
    ("公安死亡日期", DATE), ("死亡时间_公安", DATE), ("民政死亡日期", DATE), ("死亡原因", DATE),
    ("死因", DATE), ("死亡地点", DATE), ("火化证号", DATE), ("火化日期", DATE),
    ("殡葬日期", DATE), ("死亡证明编号", DATE), ("死亡医学证明", DATE),
    ("死亡抚恤金发放日期", ANY), ("致残原因", ANY), ("丧葬补助金", ANY)])
def test_a_column_filled_only_for_the_dead(header: str, kind: Kind) -> None:
    """A date of death a register names (公安死亡日期, 死亡时间_公安), a funeral's date, a
    death's cause or place, a cremation or death certificate: filled only for the dead, read as
    a date column (the note of the thirty-third stop: these were read as notes, and a cause or a
    certificate's number said no death)."""
    assert column_kind(header) == kind


@pytest.mark.parametrize(("header", "kind"), [
    ("卒年", DATE), ("殁年", DATE), ("死亡/日期", DATE), ("死亡_日期", DATE), ("死亡-日期", DATE),
    ("死亡登记日期", DATE), ("何时去世", DATE),
    ("死亡或迁出日期", STRUCK), ("死亡、迁出时间", STRUCK), ("死亡（迁出）日期", STRUCK),
    ("注销户口日期", STRUCK), ("迁出日期", ANY), ("出生日期", ANY), ("户口所在地", ANY)])
def test_more_headers_of_a_death_s_date(header: str, kind: Kind) -> None:
    """The sixtieth tester's: 卒年, 殁年, 死亡/日期 (a mark between the words), 死亡登记日期,
    何时去世 passed through unread, the dead listed as owed: dates of death. A death's or a
    move's (死亡（迁出）日期, 死亡或迁出日期), left out as dead, and 注销户口日期, read as the
    hukou: filled, a doubt, as a column of the day struck off is. A move's alone: none."""
    assert column_kind(header).name == kind.name


@pytest.mark.parametrize(("text", "says"), [
    # (不详: a doubt, no death, since the forty-eighth tester's)
    ("脑溢血", DEAD), ("不详", NONE), ("有", DEAD), ("HZ2024-0123", DEAD), ("无", NONE),
    ("/", NONE), ("不适用", NONE)])
def test_a_cause_or_a_certificate_of_death(text: str, says: tuple[bool, bool]) -> None:
    assert death(text, column_kind("死亡原因"), ON) == death(text, column_kind("火化证号"), ON) \
        == says


@pytest.mark.parametrize(("text", "says"), [
    ("3-Jul-2025", LATER), ("03-Jul-25", LATER), ("Jul 3, 2025", LATER), ("3 July 2025", LATER),
    ("25.7.3", LATER), ("24.3.5", DEAD), ("45841.5", LATER), ("45352.25", DEAD),
    # day and month either way round: after the screening date only where both are
    ("13/7/2025", LATER), ("7/13/2025", LATER), ("7/3/2025", DEAD), ("3/7/2025", DEAD),
    ("1/2/2024", DEAD)])
def test_a_date_of_death_as_other_programs_write_it(text: str, says: tuple[bool, bool]) -> None:
    """Under 死亡日期, dates as a system abroad, a two-digit year or an Excel date with its time
    writes them (each had been read as a death by the screening date, whatever its date)."""
    assert death(text, DATE, ON) == says


@pytest.mark.parametrize(("text", "says"), [
    ("死亡2025.7", LATER), ("去世 2025-07-03", LATER), ("已故2024年3月", DEAD),
    ("死亡2025年7月停发", DEAD), ("已故 2025年7月家属来电", DEAD)])
def test_a_date_right_after_the_word_of_death(text: str, says: tuple[bool, bool]) -> None:
    """A date written right after the word, ending its clause, is the death's (死亡2025.7 had
    been read as a death by the screening date); one followed by another event is not."""
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("header", "cell", "says"), [
    ("人员状态（1正常2死亡3迁出）", "2", DEAD), ("人员状态（1正常2死亡3迁出）", "1", NONE),
    ("人员状态（1正常2死亡3迁出）", "3", NONE), ("人员状态（1正常2死亡3迁出）", "2.0", DEAD),
    ("人员状态（1正常2死亡3迁出）", "死亡", DEAD), ("状态(0=正常,1=死亡)", "1", DEAD),
    ("状态(0=正常,1=死亡)", "0", NONE), ("是否健在（1是2否）", "2", DEAD),
    ("是否健在（1是2否）", "1", NONE), ("是否死亡(1.是 2.否)", "1", DEAD),
    ("是否死亡(1.是 2.否)", "2", NONE), ("是否死亡（0是1否）", "1", NONE),
    ("是否死亡（0是1否）", "0", DEAD), ("残疾等级（1-4级）", "2", NONE), ("人员状态", "2", NONE)])
def test_a_coded_column_by_its_header_s_legend(header: str, cell: str,
                                               says: tuple[bool, bool]) -> None:
    """A status column coded as its header says (人员状态（1正常2死亡3迁出）: its 2 had been
    read as no death, and the dead screened); a code is read by what it means there, before
    the column's own yes (1 under 是否死亡（0是1否） is a no)."""
    assert death(cell, column_kind(header), ON) == says


def test_a_coded_column_in_a_roster(book: Rulebook) -> None:
    result = screen_file(book, csv_bytes([[*HEAD, "人员状态（1正常2死亡3迁出）", "死亡原因"],
                                          [*PEOPLE[0], "2", ""], [*PEOPLE[1], "1", ""],
                                          [*PEOPLE[0], "1", "脑溢血"]]),
                         "csv", ON, _, out=io.BytesIO(), out_kind="csv", limits=CLI,
                         programs=["living_subsidy"])
    assert (result.rows, result.died) == (1, [2, 4])


@pytest.mark.parametrize(("text", "says"), [
    # (the forty-third tester's) a relative who died away from home is no death of the person's;
    # one named as who the person was with, or where, is
    ("丈夫外出务工时意外身亡", NONE), ("儿子外出打工时车祸身亡", NONE),
    ("其子外出务工期间死亡", NONE),
    ("配偶外出务工身亡，本人无人照顾", NONE), ("老公外出打工出车祸死了", NONE),
    ("随儿子外出务工期间死亡", DEAD), ("与妻子同年去世", DEAD), ("与其子同在车祸中身亡", DEAD),
    ("随子女生活期间病故", DEAD), ("母子均已死亡", DEAD), ("和老伴一起去世", DEAD),
    ("其子与其女均已去世", NONE), ("父亲和母亲均已去世", NONE), ("父母二人均已去世", NONE),
    ("在儿子的家中去世", DEAD), ("在女儿住处病逝", DEAD), ("于儿子住所去世", DEAD),
    # one who deals with the paperwork reports the person's death
    ("家属办理了死亡注销", DEAD), ("儿子来办死亡销户", DEAD), ("女儿提交死亡证明", DEAD),
    ("儿子持死亡证明来注销", DEAD), ("据其儿子所述已去世", DEAD),
    # denials, checks and questions
    ("入户核查，未见死亡", NONE), ("不在死亡名单中", NONE), ("死亡人员名单中无此人", NONE),
    ("经核实不是死亡", NONE), ("核查死亡：未发现", NONE), ("死亡（否）", NONE), ("死亡：×", NONE),
    ("是否死亡/否", NONE), ("核实是否死亡", NONE), ("是否死亡？待查", NONE),
    ("请核实是否死亡", NONE),
    ("不是死亡，是迁出", NONE), ("是否死亡 否", NONE), ("死亡:N", NONE), ("不属于死亡人员", NONE),
    ("死亡疑似，待核", NONE), ("请于2025年7月前上报死亡人员", NONE), ("是否死亡待核实", NONE),
    ("需核实是否死亡", NONE), ("是否死亡：已死亡", DEAD), ("是否死亡：2024年3月", DEAD),
    ("不是因公死亡", DEAD), ("非因公死亡", DEAD), ("已死亡（未销户）", DEAD),
    ("家属请村委帮忙办理死亡注销", DEAD),
    # insurance, a martyr's family, one who cares for the person, animals, a former head
    ("已购意外死亡险", NONE), ("死亡险", NONE), ("已参加人身意外死亡险", NONE), ("险些溺亡", NONE),
    ("因公牺牲军人家属", NONE), ("属于因公牺牲人员遗属", NONE), ("赡养人去世", NONE),
    ("抚养人去世", NONE), ("照顾他的人去世了", NONE), ("其饲养的猪全部死亡", NONE),
    ("家中鸡瘟鸡全死了", NONE), ("耕牛被洪水冲走淹死", NONE), ("前户主死亡", NONE),
    ("马金牛已故", DEAD), ("李小狗去世", DEAD), ("被狗咬死", DEAD), ("被牛撞死", DEAD),
    # more words of death
    ("上山放牛时摔死", DEAD), ("被车撞致死", DEAD), ("烧死", DEAD), ("坠亡", DEAD),
    ("抢救无效", DEAD), ("自缢", DEAD), ("遇害", DEAD),
    # a part of a month after the screening date's day
    ("2025年6月底去世", LATER), ("2025年6月下旬去世", LATER), ("2025年6月初去世", DEAD),
    ("死亡2025.08", LATER)])
def test_what_a_cell_says_of_a_death_as_the_forty_third_tester_wrote_it(
        text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("text", "kind", "says"), [
    # a form's ticked box, whichever side of its word the boxes stand (□是☑否: read as 是)
    ("□是☑否", ASKS, NONE), ("□是☑否", ALIVE, DEAD), ("□是 ☑否", ALIVE, DEAD),
    ("☑是□否", ALIVE, NONE), ("是☑ 否□", ASKS, DEAD), ("是□ 否☑", ASKS, NONE),
    ("是（√）否（ ）", ASKS, DEAD), ("√是", ASKS, DEAD), ("是☑否", ASKS, NONE),
    # an answer with a relative's death beside it; a date alone; a form's choices left as printed
    ("否，父亲已故", ASKS, NONE), ("是（父亲已故）", ALIVE, NONE), ("2024-03-05", ASKS, DEAD),
    ("2025-07-03", ASKS, LATER), ("是/否", ALIVE, NONE), ("有/无", ASKS, NONE),
    # a none under a date column with its note, a database's "never", nulls
    ("无（健在）", DATE, NONE), ("9999-12-31", DATE, NONE), ("1970-01-01", DATE, NONE),
    ("n/a", DATE, NONE), ("(null)", DATE, NONE), ("<NULL>", DATE, NONE), ("（已故）", DATE, DEAD)])
def test_what_a_cell_says_under_a_column_of_death_as_the_forty_third_tester_wrote_it(
        text: str, kind: Kind, says: tuple[bool, bool]) -> None:
    assert death(text, kind, ON) == says


@pytest.mark.parametrize(("header", "kind"), [
    ("残疾人是否死亡", ASKS), ("本人是否健在", ALIVE), ("残疾人死亡日期", DATE), ("死亡否", ASKS),
    ("生存状况", ALIVE), ("死亡打√", ASKS), ("死亡注销原因", DATE), ("持证人是否死亡", ASKS)])
def test_a_column_of_death_naming_the_person(header: str, kind: Kind) -> None:
    """The person named before the words (残疾人是否死亡, 本人是否健在: the forty-third tester's,
    passed through unread and their dead screened)."""
    assert column_kind(header) == kind


def test_every_word_of_death_may_be_found_in_bulk() -> None:
    """The polars pattern that finds the cells that may say a death finds every word of death
    (a word it missed would be read nowhere in a note column)."""
    import re

    from app.roster.deaths import DEATH_WORDS, MAY_SAY

    assert [w for w in DEATH_WORDS.split("|") if not re.search(MAY_SAY, w)] == []


def test_columns_of_death_naming_the_person_in_a_roster(book: Rulebook) -> None:
    """The forty-third tester's list: 残疾人是否死亡, 本人是否健在 and a ticked 否 under it, 残疾人
    死亡日期: each person said dead there was screened as qualifying and not receiving."""
    unnumbered = [*PEOPLE[0][:2], "", "", *PEOPLE[0][4:]]  # (no ID: no repeat of a person)
    result = screen_file(book, csv_bytes([
        [*HEAD, "残疾人是否死亡", "本人是否健在", "残疾人死亡日期"],
        [*PEOPLE[0], "是", "", ""], [*PEOPLE[1], "", "否", ""], [*unnumbered, "", "", "2024-01-01"],
        [*unnumbered, "", "□是☑否", ""],
        [*unnumbered, "否，父亲已故", "是（母亲已故）", "无（健在）"]]),
        "csv", ON, _, out=io.BytesIO(), out_kind="csv", limits=CLI, programs=["living_subsidy"])
    assert (result.rows, result.died) == (1, [2, 3, 4, 5])


@pytest.mark.parametrize(("text", "says"), [
    # (the forty-fourth tester's) questions with 已 or 已经, a question mark, a check that
    # cleared the person, a death reported in error, a no after the word
    ("是否已去世", NONE), ("是否已经死亡", NONE), ("是否已经去世，请村委核实", NONE),
    ("核实是否已经过世", NONE), ("是否已去世？", NONE), ("死亡？", NONE), ("已死亡？", NONE),
    ("死了？", NONE), ("2024年死亡比对比中，经核实健在", NONE),
    ("公安死亡比对：比中，经入户核实本人健在", NONE), ("比中死亡，实际健在", NONE),
    ("死亡信息有误，本人健在", NONE), ("误报死亡", NONE), ("错报死亡，已恢复", NONE),
    ("死亡疑点已排除", NONE), ("死亡：0", NONE), ("死亡标记：0", NONE), ("死亡 否", NONE),
    ("死亡—否", NONE), ("死亡 无", NONE), ("死亡边缘", NONE),
    # relatives and others the list had not named; the person said to live after a death
    ("独子已故，本人独居", NONE), ("独女已故", NONE), ("闺女已故", NONE),
    ("大姐已故，本人独居", NONE),
    ("堂哥于2023年去世", NONE), ("伯父已故", NONE), ("邻居已故", NONE), ("保姆已故", NONE),
    ("干爹已故", NONE), ("养子已故", NONE), ("独子已故，本人由侄子照顾", NONE),
    ("本人健在，丈夫已于2023年去世", NONE), ("黄大姐（已故）", DEAD),
    ("本人独居，2024年病故", DEAD),
    ("由儿子照顾，2024年去世", DEAD), ("老伴健在，本人2024年去世", DEAD), ("女儿家去世", DEAD),
    # words of a death the notes use: the person gone, a funeral
    ("已不在了", DEAD), ("人没了", DEAD),
    # (人已不在: gone, or away; a doubt, the fifty-first tester's, had been a death)
    ("人已不在", NONE), ("丧葬补助金已发放", DEAD),
    ("已领取丧葬费", DEAD), ("已安葬", DEAD), ("已下葬", DEAD), ("已出殡", DEAD),
    ("殡葬费已报销", DEAD), ("家属已领取丧葬费", DEAD), ("逝于2024年", DEAD), ("搬走了", NONE),
    # a call's date before the word is not the death's
    ("家属2025年7月来电称已去世", DEAD), ("儿子2025年7月反映已去世", DEAD),
    # the dead named as such (a sheet 死者名单), not the person as their family
    ("死者", DEAD), ("本人系死者家属", NONE)])
def test_what_a_cell_says_of_a_death_as_the_forty_fourth_tester_wrote_it(
        text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("text", "kind"), [
    ("3000-01-01", DATE), ("1899-12-31", DATE), ("FALSE", DATE)])
def test_no_ones_date_of_death(text: str, kind: Kind) -> None:
    assert death(text, kind, ON) == NONE


@pytest.mark.parametrize(("text", "kind", "alive"), [
    ("本人健在", ANY, True), ("否", ASKS, True), ("是", ALIVE, True), ("健在", DATE, True),
    ("误报，本人健在，已恢复", ANY, True), ("未死亡", ANY, True), ("☑是□否", ALIVE, True),
    ("□是☑否", ASKS, True), ("人员状态", ANY, False), ("无", DATE, False), ("", ANY, False),
    ("已死亡", ANY, False), ("父亲健在", ANY, False), ("本人健在，2024年3月去世", ANY, False),
    ("是", ASKS, False), ("否", ALIVE, False)])
def test_a_cell_that_says_the_person_lives(text: str, kind: Kind, alive: bool) -> None:
    """:func:`says_alive`: a cell that says the person lives or did not die, as a list of the
    dead's row is then believed alive (a blank, or a cell saying neither, says nothing)."""
    from app.roster.deaths import says_alive

    assert says_alive(text, kind) == alive


@pytest.mark.parametrize(("top", "sub", "kind"), [
    ("是否健在", "是", ALIVE), ("是否健在", "否", ASKS), ("是否死亡", "是", ASKS),
    ("是否死亡", "否", ALIVE), ("人员状态", "正常", ANY), ("人员状态", "死亡", ASKS),
    ("人员状态", "迁出", ANY), ("死亡", "是否", ASKS), ("死亡", "日期", DATE),
    ("死亡情况", "时间", DATE), ("生存状态", "死亡", ASKS), ("基本信息", "姓名", ANY),
    ("基本信息", "死亡日期", DATE), ("是否死亡", "是/否", ASKS), ("死亡信息", "死亡日期", DATE),
    ("死亡信息", "死亡原因", DATE)])
def test_a_column_of_death_under_a_header_on_two_rows(top: str, sub: str, kind: Kind) -> None:
    """A mark under 否 of 是否健在, or under 死亡 of 人员状态, is a death; under 是 of 是否健在,
    or 否 of 是否死亡, the person lives (the forty-fourth tester's: such columns were read by
    their own cell's word alone)."""
    from app.roster.deaths import grouped_kind

    assert grouped_kind(top, sub) == kind


@pytest.mark.parametrize(("text", "kind", "says"), [
    # (the forty-fifth tester's) a later event's date before the word, or a date as of which
    ("截至2025年7月已去世", ANY, DEAD), ("2025年7月统计时已死亡", ANY, DEAD),
    ("2025年7月得知去世", ANY, DEAD), ("2025年7月更新：已故", ANY, DEAD),
    ("2025年7月走访时已去世半年", ANY, DEAD),
    # words of a death: the person gone, a funeral, a burial
    ("人已经没了", ANY, DEAD), ("不在了", ANY, DEAD), ("人走了", ANY, DEAD),
    ("已离开人世", ANY, DEAD), ("已归西", ANY, DEAD), ("已办丧事", ANY, DEAD),
    ("已火葬", ANY, DEAD), ("骨灰已安放", ANY, DEAD),
    ("已入土", ANY, DEAD), ("该户已整户消亡", ANY, DEAD), ("已卒", ANY, DEAD), ("走访", ANY, NONE),
    ("走了", ANY, NONE), ("为父亲办丧事", ANY, NONE),
    # doubts, questions, others, a relative who died named in a word
    ("死亡待定", ANY, NONE), ("死亡未确认", ANY, NONE), ("或已去世", ANY, NONE),
    ("去世了吗", ANY, NONE), ("死了没", ANY, NONE), ("同事去世", ANY, NONE),
    ("房东去世", ANY, NONE),
    ("为亡妻办理丧葬补助", ANY, NONE), ("死亡名单比对：不在", ANY, NONE),
    # a part of a year after the screening date, a year of two digits before its month
    ("2025年下半年去世", ANY, LATER), ("2025年第三季度去世", ANY, LATER),
    ("2025年秋去世", ANY, LATER), ("2025年底去世", ANY, LATER), ("2025年上半年去世", ANY, DEAD),
    ("25.7.3死亡", ANY, LATER), ("25/7/3去世", ANY, LATER), ("2025年下半年", DATE, LATER),
    ("#REF!", DATE, NONE), ("0001-01-01", DATE, NONE),
    # marks a form or a hand writes for a tick (☑, ●, v), a box with a cross for no
    ("☑", ASKS, DEAD), ("●", ASKS, DEAD), ("v", ASKS, DEAD), ("☒", ALIVE, DEAD),
    ("●是○否", ASKS, DEAD)])
def test_what_a_cell_says_of_a_death_as_the_forty_fifth_tester_wrote_it(
        text: str, kind: Kind, says: tuple[bool, bool]) -> None:
    assert death(text, kind, ON) == says


@pytest.mark.parametrize(("text", "says"), [
    # the person gone as more notes put it, a date after 卒于 or 亡于 the death's
    ("人已经走了", DEAD), ("老人已经走了", DEAD), ("已驾鹤西去", DEAD), ("驾鹤仙去", DEAD),
    ("卒于2024年", DEAD), ("卒于2025年7月", LATER), ("亡于2024年", DEAD),
    ("亡于2025年7月3日", LATER),
    ("已离我们而去", DEAD), ("2024年3月撒手人寰", DEAD), ("与世长辞", DEAD), ("寿终正寝", DEAD),
    # 走了 alone, a leaving, is none
    ("外出打工走了", NONE), ("走了", NONE), ("搬走了", NONE), ("人走了", DEAD)])
def test_the_person_gone_as_more_notes_say_it(text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("text", "says", "alive"), [
    # a correction back to a death: what it corrects to, not the 误报 before it
    ("误报死亡已更正为死亡", DEAD, False), ("误报死亡，已更正为死亡", DEAD, False),
    ("误报死亡更正为已死亡", DEAD, False), ("健在改为已死亡", DEAD, False),
    ("误报死亡已更正为2025年7月死亡", LATER, False),
    # a correction to life, or an error not corrected, as they were
    ("误报死亡", NONE, True), ("死亡更正为健在", NONE, True), ("死亡更正为未死亡", NONE, True),
    ("错报死亡，已恢复", NONE, True)])
def test_a_correction_back_to_a_death(text: str, says: tuple[bool, bool], alive: bool) -> None:
    from app.roster.deaths import says_alive

    assert (death(text, ANY, ON), says_alive(text, ANY)) == (says, alive)


@pytest.mark.parametrize(("text", "says"), [
    # uncles, aunts and in-laws, the late father, one the person served with or knew from home
    ("二叔已故", NONE), ("三叔去世", NONE), ("小姨去世", NONE), ("大姨2023年病故", NONE),
    ("舅妈去世", NONE), ("婶婶去世", NONE), ("姨夫去世", NONE), ("姑父病故", NONE),
    ("姑丈已故", NONE), ("堂叔2023年去世", NONE), ("姐夫车祸身亡", NONE), ("先父已故", NONE),
    ("先母去世多年", NONE), ("战友牺牲", NONE), ("老乡在外务工时身亡", NONE), ("其叔已故", NONE),
    ("本人二叔已故", NONE), ("她大姐已故", NONE),
    # a name, a girl, a relative's home, the person beside one: the person's death
    ("韦二叔已故", DEAD), ("黄小姨（已故）", DEAD), ("小姑娘溺亡", DEAD), ("姐姐家去世", DEAD),
    ("叔叔家去世", DEAD), ("在二叔家中病逝", DEAD), ("本人及二叔均已去世", DEAD),
    ("随老乡外出务工期间死亡", DEAD)])
def test_another_s_death_named_by_more_kin(text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("text", "says"), [
    # hearsay: a doubt, no death to act on, and no life said
    ("据传已故", NONE), ("听说已经去世", NONE), ("听说人没了", NONE), ("传闻已去世", NONE),
    ("据说已死亡", NONE), ("据说2025年7月去世", NONE), ("已去世（据说）", NONE),
    ("疑已去世", NONE),
    # one who reports it is believed; 据说明 is no hearsay
    ("听家属说已去世", DEAD), ("据其儿子讲已去世", DEAD), ("据说明材料，已死亡", DEAD),
    ("据说明材料已死亡", DEAD)])
def test_hearsay_of_a_death_is_a_doubt(text: str, says: tuple[bool, bool]) -> None:
    from app.roster.deaths import says_alive

    assert (death(text, ANY, ON), says_alive(text, ANY)) == (says, False)


@pytest.mark.parametrize(("text", "says", "alive"), [
    # a death withdrawn (the forty-sixth tester's, read as deaths): the person lives
    ("已撤销死亡登记", NONE, True), ("死亡已撤销", NONE, True), ("死亡（已撤销）", NONE, True),
    ("死亡注销已撤回", NONE, True), ("取消死亡登记", NONE, True), ("已恢复正常", NONE, True),
    # a death said again after it, or a benefit withdrawn for a death: a death
    ("死亡已撤销，后经核实已死亡", DEAD, False), ("因死亡撤销低保", DEAD, False)])
def test_a_death_withdrawn_is_none(text: str, says: tuple[bool, bool], alive: bool) -> None:
    from app.roster.deaths import says_alive

    assert (death(text, ANY, ON), says_alive(text, ANY)) == (says, alive)


@pytest.mark.parametrize(("text", "says"), [
    # a funeral the person went to or helped at, a funeral home the person works at
    ("在火葬场工作", NONE), ("火葬场职工", NONE), ("殡仪馆上班", NONE), ("参加葬礼", NONE),
    ("去参加丧事", NONE), ("外出参加亲戚的葬礼", NONE), ("帮忙办丧事", NONE),
    ("帮人料理丧事", NONE),
    # the person's own
    ("已火化", DEAD), ("已下葬", DEAD), ("丧事已办", DEAD), ("已办丧事", DEAD),
    ("在火葬场火化", DEAD), ("已送火葬场", DEAD), ("村委帮忙办丧事", DEAD),
    ("参加葬礼时猝死", DEAD)])
def test_a_funeral_the_person_attends_or_works_at(text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("text", "says"), [
    ("逝者家属", NONE), ("亡者家属", NONE), ("本人系逝者家属", NONE), ("遇难者家属", NONE),
    ("亡者的亲属", NONE), ("死者家属", NONE), ("逝者", DEAD), ("亡者", DEAD)])
def test_the_dead_s_family_is_not_the_dead(text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("text", "kind", "says"), [
    # a quarter as Q3 or 3季度, a festival (2025's 中秋 on 10-06, 国庆 on 10-01), a year of two
    # digits with dashes
    ("2025年Q3去世", ANY, LATER), ("2025q3去世", ANY, LATER), ("2025年3季度去世", ANY, LATER),
    ("2025年第3季度去世", ANY, LATER), ("2025年中秋后去世", ANY, LATER),
    ("2025年中秋节去世", ANY, LATER), ("2025年国庆去世", ANY, LATER),
    ("2025年国庆期间去世", ANY, LATER), ("死于2025年中秋", ANY, LATER), ("25-7-3去世", ANY, LATER),
    ("2025年中秋", DATE, LATER), ("2025Q3", DATE, LATER),
    # by the screening date, or no day said: a time before a festival or about it, no year
    ("2025年Q1去世", ANY, DEAD), ("2025年春节后去世", ANY, DEAD), ("2025年端午后去世", ANY, DEAD),
    ("2025年中秋前去世", ANY, DEAD), ("2025年国庆前后去世", ANY, DEAD),
    ("2025年春节前后去世", ANY, DEAD), ("中秋后去世", ANY, DEAD), ("25-5-3去世", ANY, DEAD),
    ("2025年3月去世", ANY, DEAD)])
def test_a_quarter_a_festival_or_a_short_year_beside_a_death(
        text: str, kind: Kind, says: tuple[bool, bool]) -> None:
    assert death(text, kind, ON) == says


@pytest.mark.parametrize(("text", "on", "says"), [
    # a lunar festival on its day as the calendar puts it (2025's 中秋 on 10-06, 春节 on 01-29)
    ("2025年中秋后去世", "2025-09-20", LATER), ("2025年中秋去世", "2025-10-05", LATER),
    ("2025年中秋去世", "2025-10-06", DEAD), ("2025年春节后去世", "2025-01-25", LATER),
    ("2025年春节后去世", "2025-01-29", DEAD), ("2025年国庆期间去世", "2025-09-30", LATER),
    ("2025年国庆期间去世", "2025-10-01", DEAD),
    # out of the table, the earliest it falls on (中秋 on 7 September): later only where certain
    ("2040年中秋去世", "2040-09-06", LATER), ("2040年中秋去世", "2040-09-08", DEAD)])
def test_a_festival_s_day_by_the_calendar_or_its_earliest(
        text: str, on: str, says: tuple[bool, bool]) -> None:
    import datetime as dt

    assert death(text, ANY, dt.date.fromisoformat(on)) == says


@pytest.mark.parametrize(("text", "kind", "says", "alive"), [
    # marks as a phone or a font writes them: ✅ and ✔️ yes, ❌, ❎ and a plain X no
    ("✅", ASKS, DEAD, False), ("❌", ASKS, NONE, True), ("❎", ASKS, NONE, True),
    ("X", ASKS, NONE, True), ("x", ASKS, NONE, True), ("✔️", ASKS, DEAD, False),
    ("✅", ALIVE, NONE, True), ("❌", ALIVE, DEAD, False), ("X", ALIVE, DEAD, False),
    ("x", ALIVE, DEAD, False), ("✔️", ALIVE, NONE, True), ("✔️是 □否", ASKS, DEAD, False),
    ("是✅否□", ALIVE, NONE, True), ("❌", DATE, NONE, False), ("X", DATE, NONE, False),
    # a number that is no 1 is no yes; an X in a word is no no
    ("1.5", ASKS, NONE, False), ("10", ASKS, NONE, False), ("1.0", ASKS, DEAD, False),
    ("1", ASKS, DEAD, False), ("X光", ALIVE, NONE, False), ("×", ASKS, NONE, True)])
def test_marks_a_phone_writes_under_a_column_of_death(
        text: str, kind: Kind, says: tuple[bool, bool], alive: bool) -> None:
    from app.roster.deaths import says_alive

    assert (death(text, kind, ON), says_alive(text, kind)) == (says, alive)


@pytest.mark.parametrize(("text", "header", "unread"), [
    # a mark or a text read as nothing under a column asking of a death: to be reported
    ("★", "是否死亡", True), ("？", "是否死亡", True), ("?", "是否健在", True),
    ("1.5", "是否死亡", True), ("abc", "是否死亡", True), ("2", "是否死亡", True),
    ("迁出", "是否死亡", True), ("是☑否", "是否死亡", True), ("★", "是否健在", True),
    ("5", "是否死亡(1.是 2.否)", True),
    # read: an answer, a none, a form as printed, a doubt or a check, another's death, a date
    # column's anything (a death), any other column's
    ("是", "是否死亡", False), ("否", "是否死亡", False), ("✅", "是否死亡", False),
    ("❌", "是否健在", False), ("是/否", "是否死亡", False), ("无", "是否死亡", False),
    ("正常", "是否健在", False), ("N/A", "是否健在", False), ("待核实", "是否死亡", False),
    ("有待核实", "是否死亡", False), ("对比中", "是否死亡", False), ("不详", "是否健在", False),
    ("无异常", "是否健在", False), ("父亲已故", "是否死亡", False), ("已死亡？", "是否死亡", False),
    ("", "是否死亡", False), (" ", "是否死亡", False), ("2", "是否死亡(1.是 2.否)", False),
    ("★", "死亡日期", False), ("★", "备注", False), ("abc", "备注", False),
    # (a code its header's legend does not give: the forty-seventh tester's, read as nothing
    # and said nowhere)
    ("5", "人员状态（1正常2死亡3迁出）", True), ("迁出", "人员状态（1正常2死亡3迁出）", False)])
def test_a_cell_under_a_column_of_death_that_says_nothing_read(
        text: str, header: str, unread: bool) -> None:
    """:func:`unread`: a cell under 是否死亡, 是否健在 or 死亡日期 that this module reads as
    nothing at all (★, ？, 1.5), for the report to name; never a note's."""
    from app.roster.deaths import unread as unread_cell

    assert unread_cell(text, column_kind(header)) is unread


@pytest.mark.parametrize(("header", "cell", "says", "unread"), [
    # (the forty-seventh tester's) a code with something beside it, read as nothing and said
    # nowhere: the code's meaning, a date beside it the death's
    ("人员状态（1正常2死亡3迁出）", "2（2024.3）", DEAD, False),
    ("人员状态（1正常2死亡3迁出）", "2（2025.7）", LATER, False),
    ("人员状态（1正常2死亡3迁出）", "2、", DEAD, False),
    ("人员状态（1正常2死亡3迁出）", "2.", DEAD, False),
    ("人员状态（1正常2死亡3迁出）", "2（2025年7月去世）", LATER, False),
    ("人员状态（1正常2死亡3迁出）", "3（2024年迁出）", NONE, False),
    # a code the legend does not give, or a note against the code or doubting it: reported
    ("人员状态（1正常2死亡3迁出）", "4", NONE, True),
    ("人员状态（1正常2死亡3迁出）", "2.5", NONE, True),
    ("人员状态（1正常2死亡3迁出）", "1（已故）", NONE, True),
    ("人员状态（1正常2死亡3迁出）", "2（待核实）", NONE, True),
    ("是否健在（是=1，否=2）", "2（外出务工）", NONE, True),
    # a code alone, a note whose blank is gone (2 2024年去世), a word: as they were
    ("人员状态（1正常2死亡3迁出）", "2", DEAD, False),
    ("人员状态（1正常2死亡3迁出）", "1", NONE, False),
    ("人员状态（1正常2死亡3迁出）", "2 2024年去世", DEAD, False),
    ("人员状态（1正常2死亡3迁出）", "迁出", NONE, False),
    # a legend that writes the meaning first (read as no legend)
    ("状态（正常=1，死亡=2）", "2", DEAD, False), ("状态（正常=1，死亡=2）", "1", NONE, False),
    ("是否健在（是=1，否=2）", "2", DEAD, False), ("是否健在（是=1，否=2）", "1", NONE, False),
    ("正常:1 死亡:2", "2", DEAD, False), ("状态（正常=1死亡=2迁出=3）", "2", DEAD, False),
    ("状态（正常=1死亡=2迁出=3）", "3", NONE, False), ("生存状况(1-在世,2-去世)", "2", DEAD, False),
    ("状态(0=正常,1=死亡)", "1", DEAD, False)])
def test_a_code_with_a_note_or_a_legend_written_meaning_first(
        header: str, cell: str, says: tuple[bool, bool], unread: bool) -> None:
    from app.roster.deaths import unread as unread_cell

    kind = column_kind(header)
    assert (death(cell, kind, ON), unread_cell(cell, kind)) == (says, unread)


@pytest.mark.parametrize(("text", "says"), [
    # (the forty-seventh tester's) a relative reporting the death of one named in their own
    # terms: the person (the daughter's mother), not another
    ("女儿反映其母亲已去世", DEAD), ("儿媳称婆婆已去世", DEAD), ("孙子说爷爷去世了", DEAD),
    ("妻子称丈夫已故", DEAD), ("侄子说叔叔去世了", DEAD), ("女儿反映其母亲于2025年7月去世", LATER),
    # one the reporter could not name so, the person reporting, a reporter of no known place
    ("母亲说父亲已去世", NONE), ("孙子说父亲去世了", NONE), ("妻子称儿子已故", NONE),
    ("本人称父亲已故", NONE), ("家属称其母亲已去世", NONE), ("父亲已故", NONE),
    ("其母亲说本人已去世", DEAD),
    # a death written off (核销), or to be struck off beside it: a death
    ("死亡待核销", DEAD), ("已死亡待核销", DEAD), ("死亡待销户", DEAD), ("已死亡待注销", DEAD),
    ("死亡，待销户", DEAD), ("死亡（待注销）", DEAD), ("死亡待核", NONE), ("死亡待核实", NONE),
    ("待销户", NONE),
    # relatives the list had not named: the old father, aunts as Guangxi says them
    ("老父已故", NONE), ("老母去世", NONE), ("伯娘已故", NONE), ("舅娘去世", NONE),
    ("叔娘去世", NONE), ("婶娘去世", NONE), ("曾孙去世", NONE), ("在伯娘家中病逝", DEAD),
    ("本人及老母均已去世", DEAD)])
def test_a_death_a_relative_reports_or_a_relative_s(text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


@pytest.mark.parametrize(("text", "kind", "says"), [
    # (the forty-seventh tester's) a time of day between the date and the word: the date kept
    ("于2025年7月3日凌晨2点在右江区人民医院去世", ANY, LATER),
    ("2025年7月3日晚8时许在家中去世", ANY, LATER),
    ("2025年7月3日20:30去世", ANY, LATER), ("2025年7月3日8时去世", ANY, LATER),
    ("2025年7月3日下午3点去世", ANY, LATER), ("死亡时间：2025年7月3日 10:30", ANY, LATER),
    ("2025年7月3日 10:30 死亡", ANY, LATER), ("2025年7月3日下午3点半去世", ANY, LATER),
    ("2025年7月3日8时", DATE, LATER),
    # by the screening date, as before
    ("2025年5月3日下午3点去世", ANY, DEAD), ("2025年5月3日20:30去世", ANY, DEAD),
    ("于2024年3月1日凌晨在医院去世", ANY, DEAD),
    # a lunar month as the earliest day it can begin (2025's 六月 on 06-25, 五月二十 06-15)
    ("2025年农历六月去世", ANY, LATER), ("2025年农历六月", DATE, LATER),
    ("2025年阴历6月去世", ANY, LATER), ("农历2025年六月去世", ANY, LATER),
    ("2025年农历五月二十去世", ANY, LATER), ("2025年農曆六月去世", ANY, LATER),
    ("2025年腊月去世", ANY, LATER), ("2025.7.3（农历）", DATE, LATER),
    ("2025年农历五月初五去世", ANY, DEAD), ("2025年农历四月去世", ANY, DEAD),
    ("2024年腊月去世", ANY, DEAD), ("农历2025年5月1日去世", ANY, DEAD),
    # a year named from the screening date's
    ("今年7月去世", ANY, LATER), ("今年7月", DATE, LATER), ("今年3月去世", ANY, DEAD),
    ("去年去世", ANY, DEAD), ("去年7月去世", ANY, DEAD), ("前年去世", ANY, DEAD)])
def test_a_time_a_lunar_month_or_a_year_named_from_now(
        text: str, kind: Kind, says: tuple[bool, bool]) -> None:
    assert death(text, kind, ON) == says


@pytest.mark.parametrize(("text", "on", "says"), [
    # a lunar month's first day by the calendar (2025's 六月 on 06-25, 腊月 on 2026-01-19)
    ("2025年农历六月去世", "2025-06-24", LATER), ("2025年农历六月去世", "2025-06-25", DEAD),
    ("2025年腊月去世", "2026-01-18", LATER), ("2025年腊月去世", "2026-01-19", DEAD),
    # out of the table, the earliest it begins on (六月 on 24 June): later only where certain
    ("2040年农历六月去世", "2040-06-23", LATER), ("2040年农历六月去世", "2040-06-24", DEAD),
    # 今年, 去年 as the screening date's year and the one before
    ("今年7月去世", "2026-03-01", LATER), ("去年7月去世", "2026-03-01", DEAD),
    ("去年12月去世", "2025-01-01", DEAD)])
def test_a_lunar_month_or_a_named_year_by_the_screening_date(
        text: str, on: str, says: tuple[bool, bool]) -> None:
    import datetime as dt

    assert death(text, ANY, dt.date.fromisoformat(on)) == says


@pytest.mark.parametrize(("text", "says", "alive"), [
    # (the forty-seventh tester's) a doubt beside the death, a guess: no death, no life
    ("已死亡（待核实）", NONE, False), ("死亡（核实中）", NONE, False),
    ("已死亡，待核实", NONE, False), ("死亡，待核", NONE, False), ("好像已经去世", NONE, False),
    ("似乎已故", NONE, False), ("估计已去世", NONE, False), ("应该是去世了", NONE, False),
    ("大概已经不在了", NONE, False), ("有人说已去世", NONE, False),
    # a check done, a doubt of the report or of another thing, a guess of the date: a death
    ("已死亡（已核实）", DEAD, False), ("2024年死亡（疑似漏报）", DEAD, False),
    ("已死亡，低保待核实", DEAD, False), ("大概2024年去世", DEAD, False),
    ("估计2025年7月去世", LATER, False),
    # a death said of another, or in error: the person lives
    ("公安比对死亡，系重名，非本人", NONE, True), ("原登记死亡，经核实系同名同姓", NONE, True),
    ("死亡信息已更正", NONE, True), ("已死亡（误）", NONE, True),
    ("死亡日期已更正", DEAD, False), ("已故，电话非本人", DEAD, False),
    ("已故，非本人签字", DEAD, False)])
def test_a_death_doubted_guessed_or_said_in_error(
        text: str, says: tuple[bool, bool], alive: bool) -> None:
    from app.roster.deaths import says_alive

    assert (death(text, ANY, ON), says_alive(text, ANY)) == (says, alive)


@pytest.mark.parametrize(("text", "kind", "says", "alive", "unread"), [
    # (the forty-seventh tester's) under 死亡日期: a denial, a blank's word, a question mark
    ("没死", DATE, NONE, True, False), ("未死亡", DATE, NONE, True, False),
    ("空白", DATE, NONE, False, False), ("？", DATE, NONE, False, True),
    ("?", DATE, NONE, False, True), ("不详", DATE, NONE, False, False),
    ("★", DATE, DEAD, False, False), ("2024-03-01", DATE, DEAD, False, False),
    # under 是否健在: a no that says away, not dead (reported); one that says a death
    ("否（外出务工）", ALIVE, NONE, False, True), ("否（迁出）", ALIVE, NONE, False, True),
    ("否(在外地)", ALIVE, NONE, False, True), ("否（失踪）", ALIVE, NONE, False, True),
    ("否（已故）", ALIVE, DEAD, False, False), ("否（2024年去世）", ALIVE, DEAD, False, False),
    ("否，外出务工期间病故", ALIVE, DEAD, False, False), ("否", ALIVE, DEAD, False, False)])
def test_a_date_column_s_unknown_and_a_no_that_says_away(
        text: str, kind: Kind, says: tuple[bool, bool], alive: bool, unread: bool) -> None:
    from app.roster.deaths import says_alive
    from app.roster.deaths import unread as unread_cell

    assert (death(text, kind, ON), says_alive(text, kind), unread_cell(text, kind)) == (
        says, alive, unread)


@pytest.mark.parametrize(("text", "says"), [
    # (the forty-seventh tester's) traditional characters, old words, a slip
    ("已辭世", DEAD), ("已歸西", DEAD), ("長眠", DEAD), ("與世長辭", DEAD), ("壽終正寢", DEAD),
    ("已駕鶴西去", DEAD), ("喪事已辦", DEAD), ("已作古", DEAD), ("归天", DEAD), ("仙游", DEAD),
    ("逝", DEAD), ("（逝）", DEAD), ("以故", DEAD), ("2024年以故", DEAD), ("驾崩", DEAD),
    ("已过背", DEAD), ("於2025年7月去世", LATER), ("2024年3月離世", DEAD), ("已過世", DEAD),
    ("已歿", DEAD), ("農公（歿）", DEAD),
    # their near misses: another's, in traditional characters; a county; 以故 in other words
    ("兒子已去世", NONE), ("親屬已故", NONE), ("監護人已死亡", NONE), ("户籍福建仙游县", NONE),
    ("以故意伤害罪服刑", NONE), ("以故障为由停发", NONE), ("長期失眠", NONE)])
def test_traditional_characters_and_old_words_of_death(text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON, name=NAMED.get(text)) == says


def test_every_word_of_death_may_be_found_in_bulk_as_traditional_characters_write_it() -> None:
    """The polars pattern finds every word of death written in the traditional characters the
    reading takes as simplified (已辭世, 駕鶴, 人沒了: a cell it missed is read nowhere)."""
    import re

    from app.roster.deaths import _TRADITIONAL, DEATH_WORDS, MAY_SAY

    forms: dict[str, list[str]] = {}
    for old, new in zip(_TRADITIONAL[::2], _TRADITIONAL[1::2], strict=True):
        forms.setdefault(new, []).append(old)
    missed = [old for word in DEATH_WORDS.split("|") for k in range(2)
              if not re.search(MAY_SAY, old := "".join(
                  forms[c][min(k, len(forms[c]) - 1)] if c in forms else c for c in word))]
    assert missed == []


def test_a_coded_column_with_notes_in_a_roster(book: Rulebook) -> None:
    """The forty-seventh tester's list: the dead by 人员状态 2（2024.3）, 2、 and by a legend
    written meaning first (状态（正常=1，死亡=2）: 2) had been screened as living, and
    否（外出务工） under 是否健在, one away, left out as dead."""
    unnumbered = [*PEOPLE[0][:2], "", "", *PEOPLE[0][4:]]  # (no ID: no repeat of a person)
    result = screen_file(book, csv_bytes([
        [*HEAD, "人员状态（1正常2死亡3迁出）", "状态（正常=1，死亡=2）", "是否健在"],
        [*unnumbered, "2（2024.3）", "", ""], [*unnumbered, "2、", "", ""],
        [*unnumbered, "", "2", ""], [*unnumbered, "", "", "否（外出务工）"],
        [*unnumbered, "2（2025.7）", "1", "是"]]),
        "csv", ON, _, out=io.BytesIO(), out_kind="csv", limits=CLI, programs=["living_subsidy"])
    assert result.died == [2, 3, 4]
