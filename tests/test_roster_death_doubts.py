"""A death doubted, or another's, as the forty-eighth tester's county lists write it
(app.roster.deaths): a doubt beside the yes, the no or the date under a column of a death, a
hedge in a note, another person's death read as the person's; and :func:`doubted`, what the
bulk screener flags to be checked (死亡存疑，请先核实). A living person is never left out as
dead on a doubtful reading."""

from __future__ import annotations

import io
import re

import pytest

from app.engine import Rulebook
from app.roster.bounds import CLI
from app.roster.deaths import (
    ALIVE,
    ANY,
    ASKS,
    DATE,
    MAY_SAY,
    STRUCK,
    Kind,
    column_kind,
    death,
    disowns,
    doubted,
    grouped_kind,
    names_someone,
    says_alive,
    unread,
)
from app.roster.run import screen_file
from tests.test_roster_clerk import HEAD, ON, PEOPLE, _, csv_bytes

DEAD, LATER, NONE = (True, False), (False, True), (False, False)
LEGEND = column_kind("人员状态（1正常2死亡3迁出）")
TICKED_NO = grouped_kind("是否健在", "否")  # (a tick under 否 of 是否健在: a death)


@pytest.mark.parametrize(("text", "kind"), [
    # (the forty-eighth tester's, each read as a death) a doubt beside the yes under 是否死亡
    ("是(待核实)", ASKS), ("是？", ASKS), ("是，待核实", ASKS), ("是（疑似）", ASKS),
    ("是（据说）", ASKS), ("是（未核实）", ASKS), ("是 待核", ASKS), ("√（待核）", ASKS),
    # beside the no under 是否健在
    ("否？", ALIVE), ("否(疑似)", ALIVE), ("否（据说）", ALIVE), ("否（未核实）", ALIVE),
    ("否，待核实", ALIVE), ("否（待核实）", ALIVE),
    # beside the date under 死亡日期
    ("2024-03-01（待核实）", DATE), ("2024年3月？", DATE), ("疑似2024年", DATE),
    # beside a legend's code of a death (2（待核实） as before), a tick under 否 of 是否健在
    ("2?", LEGEND), ("2（待核实）", LEGEND), ("2(疑似)", LEGEND), ("√（待核实）", TICKED_NO)])
def test_an_answer_with_a_doubt_beside_it_is_no_death_and_reported(text: str, kind: Kind) -> None:
    assert (death(text, kind, ON), says_alive(text, kind), unread(text, kind),
            doubted(text, kind)) == (NONE, False, True, True)


@pytest.mark.parametrize("text", ["疑似", "待定", "不清楚", "不详", "存疑", "不确定"])
def test_a_doubt_alone_under_the_date_of_death_is_none(text: str) -> None:
    """A doubt alone under 死亡日期 (the forty-eighth tester's, read as a death): no death, no
    answer (as 待核实 under 是否死亡), doubted."""
    assert (death(text, DATE, ON), unread(text, DATE), doubted(text, DATE)) == (NONE, False, True)


@pytest.mark.parametrize("text", ["2024-13-45", "2024-02-45", "2024年13月", "13/13/2025",
                                  "2024-13-45 10:30:00"])
def test_a_date_of_death_that_is_no_date_is_reported(text: str) -> None:
    """A text written as a date that is none, under 死亡日期 (the forty-eighth tester's, read as
    a death): no death, unread (reported), no doubt."""
    assert (death(text, DATE, ON), unread(text, DATE), doubted(text, DATE)) == (
        NONE, True, False)


@pytest.mark.parametrize(("text", "kind", "says", "alive", "unread_"), [
    # (the forty-eighth tester's) the answer as before, where nothing is beside it
    ("是", ASKS, DEAD, False, False), ("否", ALIVE, DEAD, False, False),
    ("2024-03-01", DATE, DEAD, False, False), ("2", LEGEND, DEAD, False, False),
    ("√", TICKED_NO, DEAD, False, False), ("是（2024年）", ASKS, DEAD, False, False),
    ("否（已故）", ALIVE, DEAD, False, False), ("2024年3月左右", DATE, DEAD, False, False),
    ("约2024年", DATE, DEAD, False, False), ("2024.3(补录)", DATE, DEAD, False, False),
    ("是（已核实）", ASKS, DEAD, False, False), ("是（家属告知）", ASKS, DEAD, False, False),
    ("2024年3月（家属告知）", DATE, DEAD, False, False),
    # a doubt beside it that is not of the death, a check done: the death, as in a note
    ("2024年死亡（疑似漏报）", ASKS, DEAD, False, False),
    ("疑似死亡，经核实已死亡", ASKS, DEAD, False, False),
    ("死亡人员（2025年7月）", ASKS, LATER, False, False),
    # a question mark alone: no answer, reported, no doubt
    ("？", ASKS, NONE, False, True), ("？", DATE, NONE, False, True)])
def test_an_answer_without_a_doubt_as_before(text: str, kind: Kind, says: tuple[bool, bool],
                                            alive: bool, unread_: bool) -> None:
    assert (death(text, kind, ON), says_alive(text, kind), unread(text, kind)) == (
        says, alive, unread_)
    assert not doubted(text, kind)


@pytest.mark.parametrize("text", [
    # (the forty-eighth tester's, read as deaths) who is to check it named between 待 and 核实
    "已故（待公安核实）", "死亡，待民政确认", "死亡（待进一步核实）",
    # a need or a question, a doubt in brackets, hearsay as the village's, a guess
    "死亡 需核实", "死亡 有疑问", "死亡（疑）", "死亡（村里说的）", "似已去世", "未确认死亡",
    # the death reported and its proof missing
    "家属称已去世，未见死亡证明", "已故，无死亡证明"])
def test_a_hedge_in_a_note_is_no_death(text: str) -> None:
    assert (death(text, ANY, ON), says_alive(text, ANY), doubted(text, ANY)) == (
        NONE, False, True)


@pytest.mark.parametrize("text", [
    # (the forty-eighth tester's hedges' near misses) a check done, a doubt of another thing, a
    # death written off, a doubt that clears, the proof given, a likeness
    "已故，已确认", "经公安核实已死亡", "已死亡，经民政确认", "已确认死亡", "死亡待核销",
    "已死亡，低保待核实", "已去世，死亡证明已提交", "已故，有死亡证明", "死亡，系子女告知",
    "死亡是因为车祸", "死亡人员", "已故（家属说）", "与女儿同住期间去世", "在同户亲戚家去世",
    "本户已整户消亡", "独自一人在家中去世", "本人系低保户主，已故", "韦志强之妻，本人已故",
    "已死亡"])
def test_a_death_beside_words_that_doubt_nothing_is_a_death(text: str) -> None:
    assert death(text, ANY, ON) == DEAD
    assert not doubted(text, ANY)


@pytest.mark.parametrize(("text", "alive"), [
    # (the forty-eighth tester's, read as the person's death) another named of the household
    ("同户残疾人李四已故", False),
    ("家有一人去世", False), ("家中另一残疾人去年去世", False), ("家庭成员死亡一人", False),
    # one the person is named by, one named after the word, a role
    ("李四之妻，李四已去世", False), ("王五（已故）之子", False), ("代领人已死亡", False),
    ("低保户主已故，低保继续", False), ("死亡的是他哥哥", False), ("死亡人员是其母", False),
    ("死亡人员的配偶", False), ("死者的女儿", False), ("死亡证明是其父的", False),
    # said in error, not the person's: the person lives
    ("与死者同名", True), ("非本人死亡", True), ("去世人员名单误列", True),
    # no death at all
    ("死亡威胁报警", False)])
def test_another_s_death_in_a_note_is_none(text: str, alive: bool) -> None:
    assert (death(text, ANY, ON), says_alive(text, ANY), doubted(text, ANY)) == (
        NONE, alive, False)


@pytest.mark.parametrize(("text", "kind"), [
    # (the forty-eighth tester's) another named beside the answer, the date or the code
    ("是（其父）", ASKS), ("2024-03-01（其父）", DATE), ("2（其父）", LEGEND),
    ("否（其父已故）", ALIVE), ("否，父亲已故", ALIVE)])
def test_another_named_beside_an_answer_is_no_death_and_reported(text: str, kind: Kind) -> None:
    assert (death(text, kind, ON), unread(text, kind), doubted(text, kind)) == (
        NONE, True, False)


@pytest.mark.parametrize(("text", "kind", "alive", "unread_"), [
    # (the forty-eighth tester's) 在 under 是否健在: the person there; still there, alive
    ("在", ALIVE, True, False), ("还在", ALIVE, True, False), ("存活", ALIVE, True, False),
    # a death's yes there is no life (both had been: 死亡的是他哥哥, 已注销)
    ("死亡的是他哥哥", ALIVE, False, False), ("已注销", ALIVE, False, True),
    ("不在", ALIVE, False, False)])
def test_the_person_there_under_whether_alive(text: str, kind: Kind, alive: bool,
                                              unread_: bool) -> None:
    assert (says_alive(text, kind), unread(text, kind)) == (alive, unread_)


@pytest.mark.parametrize(("text", "says"), [
    # (the forty-eighth tester's) a control character inside a word, a mark of direction
    ("已\x07故", DEAD), ("已\x00死亡", DEAD), ("\u202e已故", DEAD), ("2025年7月\x1f去世", LATER)])
def test_control_characters_are_read_as_nothing(text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON) == says


@pytest.mark.parametrize(("text", "kind", "doubt"), [
    # doubted: a doubt, a hedge, hearsay, a guess or a question of the person's death
    ("疑似死亡", ANY, True), ("死亡（待核实）", ANY, True), ("已死亡，待核实", ANY, True),
    ("可能已故", ANY, True), ("听说去世了", ANY, True), ("好像已经去世", ANY, True),
    ("生死不明", ANY, True), ("下落不明", ANY, True), ("失踪", ANY, True),
    ("死亡 有疑问", ANY, True), ("已死亡？", ANY, True), ("核实是否死亡", ANY, True),
    ("待核实", ASKS, True), ("不详", ALIVE, True), ("否（失踪）", ALIVE, True),
    ("1（疑似死亡）", LEGEND, True),
    # the household registration cancelled (the forty-ninth tester's, listed as owed)
    ("户口已注销", ANY, True), ("户籍注销", ANY, True), ("已注销户口", ANY, True),
    # (a state alone in a cell of no fact, 人员状态 已注销: a doubt, the fiftieth and
    # fifty-first testers', had been none; under a fact, none: test_a_state_alone_under_a_fact)
    ("已注销", ANY, True),
    # (not a certificate's, nor another's)
    ("残疾证已注销", ANY, False), ("其父户口已注销", ANY, False),
    # not: a blank, a death, a life, a denial, another's, a near death, a benefit, an
    # instruction, a doubt of no death, a database's none
    ("", ANY, False), ("  ", ASKS, False), ("已死亡", ANY, False), ("2025年7月去世", ANY, False),
    ("是", ASKS, False), ("否", ALIVE, False), ("2024-03-01", DATE, False),
    ("本人健在", ANY, False), ("未死亡", ANY, False), ("死亡：否", ANY, False),
    ("否", ASKS, False), ("其父已故", ANY, False), ("父亲疑似去世", ANY, False),
    ("父亲失踪", ANY, False), ("险些溺亡", ANY, False), ("死亡抚恤金", ANY, False),
    ("如有死亡请及时上报", ANY, False), ("待核实", ANY, False), ("低保待核实", ANY, False),
    ("新办证", ANY, False), ("未知", DATE, False), ("NULL", DATE, False),
    ("外出务工", ALIVE, False), ("★", ASKS, False)])
def test_what_a_cell_doubts_of_a_death(text: str, kind: Kind, doubt: bool) -> None:
    """:func:`doubted`: the person kept and screened, the row flagged (死亡存疑，请先核实); never
    where a death, a life or another's death is said."""
    assert doubted(text, kind) is doubt
    if doubt:
        assert death(text, kind, ON) == NONE


# (the fiftieth and fifty-first testers', each read as the person's death: a doubt now, the
# person screened and the row flagged)
DOUBTS_50 = [
    pytest.param("去世与否不清楚", id="whether-or-not-unknown"),
    pytest.param("死亡信息待核", id="record-to-check"),
    pytest.param("死了吧", id="a-guess"),
    pytest.param("去世了吧", id="a-guess-2"),
    pytest.param("邻居说死了", id="neighbours-say"),
    pytest.param("据群众反映已死亡", id="the-crowd-says"),
    pytest.param("村民都说已经去世", id="villagers-say"),
    pytest.param("听讲死咗", id="cantonese-hearsay"),
    pytest.param("系统显示死亡", id="a-system-shows"),
    pytest.param("大数据比对死亡", id="a-data-match"),
    pytest.param("卫健比对死亡", id="a-health-match"),
    pytest.param("比中死亡", id="a-hit"),
    pytest.param("公安比对：有死亡记录", id="a-match-s-record"),
    pytest.param("死亡（待覈實）", id="traditional-he-shi"),
    pytest.param("死亡(待覈实)", id="traditional-he"),
    pytest.param("已故/待核实", id="slash"),
    pytest.param("已故／待核实", id="full-width-slash"),
    pytest.param("已故—待核实", id="dash"),
    pytest.param("已故——待核实", id="double-dash"),
    pytest.param("死亡(无证明)", id="no-proof"),
    pytest.param("人已不在", id="gone-or-away"),
    pytest.param("人已走", id="left"),
    pytest.param("人已走了", id="left-2"),
    pytest.param("走咗", id="cantonese-left"),
    pytest.param("老咗", id="cantonese-old"),
    pytest.param("已古", id="slip-gu"),
    pytest.param("死忙", id="slip-mang"),
    pytest.param("百年归老", id="euphemism"),
    pytest.param("去丗", id="variant-shi"),
    pytest.param("公安系统显示已死亡，家属说健在", id="a-contradiction"),
    pytest.param("已死亡，家属称还活着", id="a-contradiction-2"),
    pytest.param("死活不知", id="dead-or-alive-unknown"),
    pytest.param("人口信息已注销", id="population-record-cancelled"),
    pytest.param("长期失联", id="long-out-of-touch"),
    pytest.param("王大明已故", id="a-name-no-row-name"),
    pytest.param("陈亚妹已故", id="a-name-3"),
    pytest.param("覃村英户主已故", id="a-name-and-role")]


@pytest.mark.parametrize("text", DOUBTS_50)
def test_a_doubt_the_fiftieth_testers_found(text: str) -> None:
    assert (death(text, ANY, ON), says_alive(text, ANY), doubted(text, ANY)) == (
        NONE, False, True)


@pytest.mark.parametrize(("text", "kind"), [
    pytest.param("是(失联)", ASKS, id="yes-out-of-touch"),
    pytest.param("是（失踪）", ASKS, id="yes-missing"),
    pytest.param("否（失联）", ALIVE, id="no-out-of-touch")])
def test_an_answer_beside_the_person_missing_is_a_doubt(text: str, kind: Kind) -> None:
    """是(失联) under 是否死亡 (the fiftieth tester's, read as a death): missing, not dead."""
    assert (death(text, kind, ON), doubted(text, kind)) == (NONE, True)


def test_an_answer_beside_the_registration_cancelled_stands() -> None:
    """是（户口已注销） under 是否死亡: the household registration cancelled bears the yes out."""
    assert (death("是（户口已注销）", ASKS, ON), doubted("是（户口已注销）", ASKS)) == (DEAD, False)


@pytest.mark.parametrize(("text", "alive"), [
    pytest.param("已去世（系统误标）", True, id="marked-in-error"),
    pytest.param("死亡（标错）", True, id="marked-wrong"),
    pytest.param("因车祸致残，同车人死亡", False, id="a-fellow-passenger"),
    pytest.param("同伴溺亡，本人获救致残", False, id="a-companion"),
    pytest.param("对方死亡，本人受伤致残", False, id="the-other-party"),
    pytest.param("同事死亡", False, id="a-colleague"),
    pytest.param("死亡风险高", False, id="a-risk"),
    pytest.param("他爸死了", False, id="his-dad"),
    pytest.param("她妈已故", False, id="her-mum"),
    pytest.param("他哥去世", False, id="his-brother"),
    pytest.param("户内一人死亡", False, id="one-of-the-household"),
    pytest.param("家中老人去世", False, id="the-household-s-elder"),
    pytest.param("丧事已办（母）", False, id="the-mother-s-funeral"),
    pytest.param("丧葬补助已领（父）", False, id="the-father-s-funeral-grant"),
    pytest.param("已故（母亲）", False, id="the-mother")])
def test_not_the_person_s_death_as_the_fiftieth_testers_found(text: str, alive: bool) -> None:
    """Each read as the person's death (the fiftieth and fifty-first testers'): another's, a
    risk, or an error; no death, no doubt."""
    assert (death(text, ANY, ON), says_alive(text, ANY), doubted(text, ANY)) == (
        NONE, alive, False)


@pytest.mark.parametrize(("text", "name", "says", "doubt"), [
    # (the fiftieth tester's) another's name on the row: not the person's death
    pytest.param("王大明已故", "王小明", NONE, False, id="another-name"),
    pytest.param("张三已故", "人145", NONE, False, id="another-name-2"),
    pytest.param("陈亚妹已故", "人147", NONE, False, id="another-name-3"),
    pytest.param("张三（已故）的妻子", "人146", NONE, False, id="another-s-wife"),
    pytest.param("李已故", "王小明", NONE, False, id="another-surname"),
    # the person's own name: the person's death, dated as written
    pytest.param("王小明已故", "王小明", DEAD, False, id="own-name"),
    pytest.param("王小明于2025年7月去世", "王小明", LATER, False, id="own-name-later"),
    pytest.param("王 小 明已故", "王小明", DEAD, False, id="own-name-blanks"),
    pytest.param("覃村英 户主 已故", "覃村英", DEAD, False, id="own-name-and-role"),
    pytest.param("覃村英 户主 已故", "韦大", NONE, False, id="another-s-name-and-role"),
    # a surname alone, the row's: a doubt
    pytest.param("李已故", "李四", NONE, True, id="own-surname-only"),
    # no name before the word: as before, whatever the row's name
    pytest.param("本人已故", "王小明", DEAD, False, id="the-person"),
    pytest.param("该户主已故", "王小明", DEAD, False, id="the-household-head"),
    pytest.param("本人已故", None, DEAD, False, id="the-person-no-name"),
    pytest.param("该户主已故", None, DEAD, False, id="the-household-head-no-name"),
    pytest.param("覃村英 户主 已故", None, NONE, True, id="a-name-and-role-no-name"),
    # names that are words, not names: as before
    pytest.param("黄昏时去世", None, DEAD, False, id="dusk"),
    pytest.param("农药中毒身亡", None, DEAD, False, id="pesticide"),
    pytest.param("林中遇难", None, DEAD, False, id="in-the-woods"),
    pytest.param("高龄去世", None, DEAD, False, id="old-age"),
    pytest.param("周日去世", None, DEAD, False, id="sunday")])
def test_a_death_said_of_a_named_person(text: str, name: str | None, says: tuple[bool, bool],
                                        doubt: bool) -> None:
    """A personal name before the word (the fiftieth tester's: 王大明已故 on 王小明's row, read
    as his death): the row's 姓名 says whose; without it, a doubt."""
    assert (death(text, ANY, ON, name=name), doubted(text, ANY, name=name)) == (says, doubt)
    assert names_someone(text) is ("王" in text or "张" in text or "陈" in text or
                                   "李已" in text or "覃" in text)


@pytest.mark.parametrize(("text", "says"), [
    pytest.param("老死", DEAD, id="died-of-age"),
    pytest.param("2024年老死", DEAD, id="died-of-age-dated"),
    pytest.param("老人已走", DEAD, id="the-old-one-gone"),
    pytest.param("人已经走了", DEAD, id="gone-as-before"),
    pytest.param("公安比对死亡，已核实", DEAD, id="a-match-checked"),
    pytest.param("大数据比对死亡，经村委入户核实属实", DEAD, id="a-match-checked-2"),
    pytest.param("已故 待核实", NONE, id="a-blank-as-before"),
    pytest.param("2024/3/1死亡", DEAD, id="slashes-of-a-date"),
    pytest.param("死亡/否", NONE, id="a-no-after-a-slash")])
def test_near_misses_of_the_fiftieth_testers_doubts(text: str, says: tuple[bool, bool]) -> None:
    assert death(text, ANY, ON) == says


@pytest.mark.parametrize("text", ["2024-02-30", "2023-02-29", "2024年2月30日", "2024.4.31",
                                  "2024-02-30 00:00:00"])
def test_a_day_the_calendar_has_not_is_no_date_of_death(text: str) -> None:
    """2024-02-30 under 死亡日期 (the fiftieth tester's, read as a death): as 2024-13-45."""
    assert (death(text, DATE, ON), unread(text, DATE), doubted(text, DATE)) == (
        NONE, True, False)
    assert death("2024-02-29", DATE, ON) == DEAD


@pytest.mark.parametrize("text", ["注销", "已注销", "销户", "已销户", "失联", "停发", "已停发",
                                  "注销了", "銷戶", "失聯"])
def test_a_state_alone_under_a_fact(text: str) -> None:
    """A state alone (the fiftieth and fifty-first testers': 人员状态 注销, 销户, 失联, 停发
    listed as owed without a word): doubted in a cell of no fact; under a fact (特困供养 已注销,
    the support cancelled), none."""
    assert death(text, ANY, ON) == NONE
    assert doubted(text, ANY) and doubted(text, ANY, fact=False)
    assert not doubted(text, ANY, fact=True)
    assert re.search(MAY_SAY, text)


@pytest.mark.parametrize("text", ["生死不明", "下落不明", "失踪", "去向不明", "已失蹤",
                                  "死亡（疑）", "似已去世", "已故（待公安核实）", "户口已注销",
                                  *DOUBTS_50, "是(失联)", "注销", "已注销", "销户", "已销户",
                                  "失联", "停发", "李已故"])
def test_every_doubt_of_a_death_may_be_found_in_bulk(text: str) -> None:
    """The polars pattern that chooses the note cells read finds each cell :func:`doubted`
    reads (失踪, 下落不明: the forty-eighth tester's, passed over; 销户, 失联, 停发, 已古, 老咗:
    the fiftieth's)."""
    assert re.search(MAY_SAY, text)


def test_doubts_under_columns_of_death_in_a_roster(book: Rulebook) -> None:
    """The forty-eighth tester's list: each of these people had been left out as dead."""
    unnumbered = [*PEOPLE[0][:2], "", "", *PEOPLE[0][4:]]  # (no ID: no repeat of a person)
    result = screen_file(book, csv_bytes([
        [*HEAD, "是否死亡", "是否健在", "死亡日期", "人员状态（1正常2死亡3迁出）", "备注"],
        [*unnumbered, "是(待核实)", "", "", "", ""], [*unnumbered, "", "否？", "", "", ""],
        [*unnumbered, "", "", "2024年3月？", "", ""], [*unnumbered, "", "", "不详", "", ""],
        [*unnumbered, "", "", "2024-13-45", "", ""], [*unnumbered, "", "", "", "2?", ""],
        [*unnumbered, "", "", "", "", "已故（待公安核实）"],
        [*unnumbered, "", "", "", "", "本户王五（已故）"],
        [*unnumbered, "是", "", "", "", ""]]),
        "csv", ON, _, out=io.BytesIO(), out_kind="csv", limits=CLI, programs=["living_subsidy"])
    assert (result.rows, result.died) == (8, [10])


@pytest.mark.parametrize("text", ["注 销", "停发（2024.3）", "停发(2024-03)", "2024年3月注销",
                                  "注销2024.3", "因故停发", "停发待核", "待注销", "暂停发放",
                                  "自然减员", "暂停", "非正常", "异常", "停止发放"])
def test_a_state_alone_beside_its_date_or_its_cause(text: str) -> None:
    """The fifty-second tester's states, kept without a word: doubted in a cell of no fact, as
    注销 alone; none under a fact; each found by the bulk pattern."""
    assert death(text, ANY, ON) == NONE
    assert doubted(text, ANY) and not doubted(text, ANY, fact=True)
    assert re.search(MAY_SAY, text)


@pytest.mark.parametrize("text", ["无异常", "正常", "低保已停发，转特困", "2024年3月",
                                  "暂停营业中"])
def test_a_state_among_other_words_is_no_doubt(text: str) -> None:
    assert not doubted(text, ANY)


def test_a_doubt_alone_under_a_column_filled_for_the_dead() -> None:
    """待核实 under 死亡原因 or 死亡日期 (the fifty-second tester's, kept without a word): a doubt,
    as 不详 there; no death."""
    for header in ("死亡原因", "死亡日期"):
        kind = column_kind(header)
        assert death("待核实", kind, ON) == NONE
        assert doubted("待核实", kind) and not unread("待核实", kind)


@pytest.mark.parametrize(("text", "disowned"), [
    ("父亲的死亡日期", True), ("其父死亡日期", True), ("死亡日期是其父的", True),
    ("死亡日期填错，应为空", True), ("死亡日期填写错误", True), ("死亡时间系他人", True),
    ("死亡日期待补", False), ("死亡日期2024-03-01", False), ("已故", False), ("父亲已故", False),
    ("", False)])
def test_a_note_that_the_date_of_death_is_another_s_or_wrong(text: str, disowned: bool) -> None:
    """The fifty-second tester's: a living person left out by a date of death a note says is the
    father's or in error. Such a note says no death of its own."""
    assert disowns(text) is disowned
    if disowned:
        assert death(text, ANY, ON) == NONE


@pytest.mark.parametrize(("text", "name", "says", "doubt"), [
    pytest.param("户主王小明已故", "王小明", DEAD, False, id="role-then-own-name"),
    pytest.param("户主王小明已故", "王大明", NONE, False, id="role-then-another-s-name"),
    pytest.param("户主王小明已故", None, NONE, True, id="role-then-a-name-no-name"),
    pytest.param("王小明（户主）已故", "王小明", DEAD, False, id="own-name-role-in-brackets"),
    pytest.param("王小明（户主）已故", "李四", NONE, False, id="another-name-role-in-brackets"),
    pytest.param("李梅（妻）已故", "李四", NONE, False, id="a-wife-named"),
    pytest.param("李梅（妻）已故", "李梅", DEAD, False, id="the-wife-s-own-row"),
    pytest.param("户主已故", "王小明", NONE, False, id="the-head-unnamed-as-before"),
    pytest.param("李四已故，李梅健在", "李四", DEAD, False, id="another-lives"),
    pytest.param("李梅健在，李四已故", "李四", DEAD, False, id="another-lives-first"),
    pytest.param("李四已故，李四健在", "李四", NONE, False, id="own-life-after")])
def test_a_death_of_a_name_beside_a_role_or_another_s_life(
        text: str, name: str | None, says: tuple[bool, bool], doubt: bool) -> None:
    """The fifty-second tester's: 户主王小明已故 and 王小明（户主）已故 on 王小明's row kept
    without a word; 李梅（妻）已故 on 李四's row left out; 李四已故，李梅健在 on 李四's row kept."""
    assert (death(text, ANY, ON, name=name), doubted(text, ANY, name=name)) == (says, doubt)
    assert names_someone(text) is (text != "户主已故")


@pytest.mark.parametrize("text", [
    "领取人已死亡，改为本人领取", "原领取人死亡", "收款人已故，改由本人", "经办人去世",
    "持卡人已故，换卡", "开户人死亡", "托养机构负责人去世", "男人走了，一个人过", "男人没了",
    "家人走了", "她对象去世了", "其对象已故"])
def test_another_s_death_the_fifty_third_tester_found(text: str) -> None:
    """The fifty-third tester's, each read as the person's death and the person left out: one
    who receives the money, holds the card or handles the case; 男人 (the husband) gone."""
    assert (death(text, ANY, ON), doubted(text, ANY)) == (NONE, False)


@pytest.mark.parametrize("text", ["低保对象已死亡", "救助对象死亡", "该对象已死亡", "对象已故",
                                  "保障对象死亡", "服务对象已去世", "补贴对象已死亡", "本对象已故",
                                  "人走了", "老人走了", "人没了"])
def test_the_beneficiary_s_death_is_the_person_s(text: str) -> None:
    """对象 is the beneficiary in civil-affairs notes (the fifty-third tester's: 低保对象已死亡
    listed as qualifying and not receiving without a word); 人走了 alone, as before."""
    assert death(text, ANY, ON) == DEAD
    assert death("享受对象2024年去世", ANY, ON) == DEAD


@pytest.mark.parametrize("text", ["去年走了", "前年走了", "上个月走了", "3月份走了", "已经走了",
                                  "走了半年了", "去年没了", "2024年走了"])
def test_gone_after_a_time_is_a_doubt(text: str) -> None:
    """The fifty-third tester's, kept without a word: a doubt; away is none."""
    assert (death(text, ANY, ON), doubted(text, ANY)) == (NONE, True)
    assert re.search(MAY_SAY, text)
    for away in ("外出务工走了", "走了（外出务工）", "去年走了，去广东打工"):
        assert (death(away, ANY, ON), doubted(away, ANY)) == (NONE, False)


@pytest.mark.parametrize("text", ["公安比对未发现", "查无", "比对无", "未比对到", "无此人死亡信息",
                                  "比对结果：无", "12/31/1899", "迁出"])
def test_nothing_found_under_the_date_of_death_is_none(text: str) -> None:
    """The fifty-third tester's, read as deaths under 死亡日期 (filled from the police's death
    list by a lookup): nothing found, no death; a cause or a mark there is one, as before."""
    kind = column_kind("死亡日期")
    assert (death(text, kind, ON), doubted(text, kind)) == (NONE, False)
    for filled in ("心脏病", "√", "2024-03-01"):
        assert death(filled, kind, ON) == DEAD


def test_a_no_beside_a_note_that_the_person_lives_is_no_death() -> None:
    """否（健在） under 是否健在 (the fifty-third tester's, read as a death): the answer and its
    note disagree, no death; 否（已故）, a death, as before."""
    alive = column_kind("是否健在")
    assert death("否（健在）", alive, ON) == NONE
    assert death("否（经核实本人健在）", alive, ON) == NONE
    assert death("否（已故）", alive, ON) == DEAD and death("否", alive, ON) == DEAD



@pytest.mark.parametrize("text", [
    "其中一人已死亡", "户内1人去世", "家里1人已故", "1人死亡", "一人死亡", "死亡1人",
    "减员1人（死亡）", "户内死亡1人，现3人", "保障人数由4人减为3人（1人死亡）", "原4口人，1人去世",
    "同名同姓者死亡", "同名者已死亡"])
def test_a_count_of_the_household_s_dead_or_a_namesake_is_another_s(text: str) -> None:
    """The fifty-fourth tester's, each leaving the living person out: a count of who died in
    the household (as 户内一人去世 was already read), or a namesake's death."""
    assert (death(text, ANY, ON), doubted(text, ANY)) == (NONE, False)
    assert death("本人死亡", ANY, ON) == DEAD and death("独自一人在家中去世", ANY, ON) == DEAD


@pytest.mark.parametrize(("text", "name", "says", "doubt"), [
    ("本户：黄二于2024年3月去世", "黄二", DEAD, False),
    ("本户：黄二于2024年3月去世", "农七", NONE, False),
    ("本户黄二于2024年3月去世", "农九", NONE, False), ("该户黄二已死亡", "农十", NONE, False),
    ("该户黄二已死亡", None, NONE, True), ("本户王五（已故）", "王五", DEAD, False),
    ("本户王五（已故）", "李四", NONE, False), ("本户王五已故", None, NONE, True),
    ("本户：农9于2024年3月去世", "农七", NONE, True), ("本户已整户消亡", "农七", DEAD, False)])
def test_one_of_the_household_named_after_its_word(text: str, name: str | None,
                                                   says: tuple[bool, bool], doubt: bool) -> None:
    """The fifty-fourth tester's: 本户：黄二于2024年3月去世 (a note merged over a household, or
    on another member's row) left every member out. The name after 本户 or 该户 says whose; not
    known, or no name read, a doubt."""
    assert (death(text, ANY, ON, name=name), doubted(text, ANY, name=name)) == (says, doubt)


@pytest.mark.parametrize("text", ["生存认证未通过", "未通过生存认证", "减少原因：自然减员",
                                  "病人走了", "10月份没的"])
def test_the_fifty_fourth_tester_s_doubts(text: str) -> None:
    """Each listed as owed without a word: a doubt."""
    assert (death(text, ANY, ON), doubted(text, ANY)) == (NONE, True)
    assert re.search(MAY_SAY, text)
    assert not doubted("生存认证已通过", ANY)


def test_a_death_in_childhood() -> None:
    """夭折 (the fifty-fourth tester's, kept without a word): a death; a child's, another's."""
    assert death("夭折", ANY, ON) == DEAD and re.search(MAY_SAY, "夭折")
    assert (death("其子夭折", ANY, ON), doubted("其子夭折", ANY)) == (NONE, False)


@pytest.mark.parametrize(("text", "name", "head", "says", "doubt"), [
    ("户主已故（韦二）", "韦大", True, NONE, False),
    ("户主已故（韦二）", "韦二", True, DEAD, False),
    ("户主已故（韦二）", "韦二", False, DEAD, False),
    ("户主已故（韦二）", None, True, NONE, True),
    ("已去世（王小明）", "李四", False, NONE, False),
    ("已去世（王小明）", "王小明", False, DEAD, False),
    ("因病去世（黄疸）", "李四", False, DEAD, False),
    ("已故 (待核实)", "李四", False, NONE, True)])
def test_a_name_in_brackets_after_the_word(text: str, name: str | None, head: bool,
                                           says: tuple[bool, bool], doubt: bool) -> None:
    """The fifty-fifth tester's 户主已故（韦二） on the new head's row, read as the person's
    death: the name after the word says whose, held against the row's 姓名; a cause in brackets
    (黄疸) is no name."""
    assert (death(text, ANY, ON, name=name, head=head),
            doubted(text, ANY, name=name, head=head)) == (says, doubt)
    assert names_someone(text) is ("（" in text and "黄疸" not in text and "待" not in text)


@pytest.mark.parametrize(("text", "head", "says"), [
    ("原户主已故，现由本人任户主", True, NONE), ("户主死亡，由本人任户主", True, NONE),
    ("户主已去世，户主已变更为本人", True, NONE), ("户主已死亡", True, DEAD),
    ("本户：户主已死亡", True, DEAD), ("本户：户主已死亡", False, NONE),
    ("本户：本人已死亡", False, DEAD), ("本户本人已死亡", False, DEAD)])
def test_the_household_s_head_as_the_fifty_fifth_tester_found(
        text: str, head: bool, says: tuple[bool, bool]) -> None:
    """The head's death on the row of the head who took over (户主死亡，由本人任户主: the new
    head left out) is the former head's; 本户：本人已死亡 and 本户：户主已死亡 on the head's own
    row (listed as owed without a word) are the person's."""
    assert (death(text, ANY, ON, head=head), doubted(text, ANY, head=head)) == (says, False)


@pytest.mark.parametrize("text", ["户内1人于2024年3月去世", "其中1名成员死亡",
                                  "保障人口减1（死亡）", "死了一个", "同名人已故",
                                  "同姓名人员已死亡", "同姓名者已故", "死亡减员1人",
                                  "1位老人去世", "其中一个死了", "户中一成员去世"])
def test_close_variants_of_a_count_or_a_namesake(text: str) -> None:
    """The fifty-fifth tester's, each leaving the living person out."""
    assert (death(text, ANY, ON), doubted(text, ANY)) == (NONE, False)
    assert death("死了", ANY, ON) == DEAD


@pytest.mark.parametrize("text", [
    "已故户主的妻子", "系已故户主之妻", "已故户主之子", "已故老党员之女", "已去世户主的孙子",
    "去世老人的儿媳", "已故五保户的侄子", "去世母亲的遗产", "去世父亲的抚恤金由其领取",
    "领取因工死亡职工供养亲属抚恤金", "因工死亡职工供养亲属", "因公牺牲民警遗属", "牺牲民警遗属",
    "故户主之妻"])
def test_the_fifty_sixth_tester_s_survivors(text: str) -> None:
    """A death said of one the person is the relative or heir of (已故户主的妻子, 去世母亲的遗产,
    因公牺牲民警遗属: the living left out): none, and no doubt."""
    assert (death(text, ANY, ON), doubted(text, ANY)) == (NONE, False)


@pytest.mark.parametrize("text", [
    "去世后的补贴已追回", "死亡后家属未报", "去世后家属代领", "去世多年的老人",
    "本人已死亡的证明已收", "死亡（户主的母亲）", "死亡时间的记录", "本人已死亡家属申请注销",
    "2024.3死亡的", "因工死亡"])
def test_the_person_s_death_before_a_time_or_a_record_stands(text: str) -> None:
    """Not so where a time or a record follows the word (死亡后的, 去世多年的, 死亡时间的), or
    the word itself goes on (死 of 死亡后家属)."""
    assert death(text, ANY, ON) == DEAD


@pytest.mark.parametrize("header", ["注销日期", "注销时间", "销户日期", "停发日期", "停发时间",
                                    "减员日期", "退出时间", "户籍注销日期", "停发日期（年月）",
                                    "取消日期", "终止日期"])
def test_a_column_of_the_day_struck_off(header: str) -> None:
    """The fifty-sixth tester's: a filled 注销日期, 停发日期 or 减员日期 said nothing, and the
    person stopped was listed as owed without a word. Filled, a doubt of a death (screened,
    noted); a none or a denial, nothing; a death written there, a death."""
    kind = column_kind(header)
    assert kind == STRUCK
    for filled in ("2024-03-05", "2024.3", "45352", "2024年3月", "已注销", "迁出"):
        assert (death(filled, kind, ON), doubted(filled, kind)) == (NONE, True), filled
    for none in ("", "无", "未注销", "0000-00-00", "否", "/", "NULL"):
        assert (death(none, kind, ON), doubted(none, kind)) == (NONE, False), none
    assert (death("2024-03-05死亡", kind, ON), doubted("2024-03-05死亡", kind)) == (DEAD, False)
    for other in ("低保退出时间", "补贴停发原因", "退出"):
        assert column_kind(other) != STRUCK, other


@pytest.mark.parametrize(("header", "kind"), [
    ("Date of death", DATE), ("Death date", DATE), ("DOD", DATE), ("Deceased", ASKS),
    ("Is dead (Y/N)", ASKS), ("Alive", ALIVE), ("Stop date", STRUCK), ("Remarks", ANY),
    ("Name", ANY), ("age", ANY), ("Deadline", ANY)])
def test_a_column_of_a_death_in_english(header: str, kind: Kind) -> None:
    """The fifty-sixth tester's English list: Date of death 2024-03-05 listed as owed."""
    assert column_kind(header) == kind


@pytest.mark.parametrize(("text", "doubt"), [
    ("deceased", True), ("passed away 2024", True), ("Died in March", True), ("Dead", True),
    ("not dead", False), ("alive", False), ("mother died", False), ("Deadline missed", False),
    ("death certificate pending", True), ("Lwg Mbauq gaenq dai", True)])
def test_a_death_in_english_in_a_note(text: str, doubt: bool) -> None:
    """Remarks deceased, passed away 2024 (listed as owed without a word): a doubt, which no
    clause here reads otherwise; not where a life, a denial or a relative is written."""
    assert re.search(MAY_SAY, text) or not doubt
    assert (death(text, ANY, ON), doubted(text, ANY)) == (NONE, doubt)


@pytest.mark.parametrize(("text", "name", "says"), [
    ("已故残疾人陈冬之子代为登记", "陈冬", DEAD), ("已故残疾人陈冬之子代为登记", "陈华", NONE),
    ("曾立（已故）之子曾华代领", "曾立", DEAD), ("曾立（已故）之子曾华代领", "曾华", NONE),
    ("已故户主农福之妻黄氏代领", "农福", DEAD), ("已故户主农福之妻黄氏代领", "黄氏", NONE),
    ("已故户主黄一的妻子代领补贴", "黄一", DEAD), ("已故户主的妻子", "黄一", NONE)])
def test_the_dead_named_beside_their_heir(text: str, name: str, says: tuple[bool, bool]
                                          ) -> None:
    """The fifty-seventh tester's: a note naming the dead by the row's own 姓名 beside the
    relative who collects for them (已故户主农福之妻黄氏代领 on 农福's row) listed the dead as
    owed; on the heir's row it is another's, as before."""
    assert names_someone(text)
    assert (death(text, ANY, ON, name=name), doubted(text, ANY, name=name)) == (says, False)


@pytest.mark.parametrize("text", ["生前为低保户", "生前系五保户", "2024年3月5日卒", "2024年亡",
                                  "后事已处理", "後事已辦"])
def test_the_fifty_seventh_tester_s_deaths(text: str) -> None:
    assert death(text, ANY, ON) == DEAD and re.search(MAY_SAY, text)


@pytest.mark.parametrize("text", ["其父生前为低保户", "父亲后事已办", "家中5口人，2亡1残", "伤亡"])
def test_nor_another_s(text: str) -> None:
    assert death(text, ANY, ON) == NONE


def test_gone_in_a_season_of_last_year() -> None:
    assert (death("去年冬天没了", ANY, ON), doubted("去年冬天没了", ANY)) == (NONE, True)


@pytest.mark.parametrize(("text", "head", "says", "doubt"), [
    ("户主已故，本人为其遗孀", True, NONE, False), ("户主已故，本人系户主之妻", True, NONE, False),
    ("户主已故", None, NONE, True), ("户主（已故）", None, NONE, True),
    ("户主已故，本人为其遗孀", None, NONE, False), ("户主已故", False, NONE, False),
    ("户主未死亡", None, NONE, False)])
def test_the_head_s_death_where_the_list_does_not_say_who_the_head_is(
        text: str, head: bool | None, says: tuple[bool, bool], doubt: bool) -> None:
    """The fifty-seventh tester's: 户主已故 where no 与户主关系 says whether the person is the
    head (``head`` None) said nothing on the head's own row: a doubt; the dead head's widow on
    the head's row (本人为其遗孀) left out: the former head's death."""
    assert (death(text, ANY, ON, head=head), doubted(text, ANY, head=head)) == (says, doubt)


@pytest.mark.parametrize(("text", "name"), [
    ("黄丽（已故户主农福之妻）", "黄丽"), ("黄丽是已故农福的妻子", "黄丽"),
    ("曾华（已故曾立之子）代领", "曾华"), ("父亲去世，生前为低保户", "黄丽"),
    ("母亲去世，后事已处理", "黄丽")])
def test_the_fifty_eighth_tester_s_survivors(text: str, name: str) -> None:
    """A survivor's own name before the heir's note (黄丽（已故户主农福之妻）), and 生前 or 后事
    after a relative's death (父亲去世，生前为低保户): each left the living person out."""
    assert (death(text, ANY, ON, name=name), doubted(text, ANY, name=name)) == (NONE, False)


@pytest.mark.parametrize("text", ["2024.3.5卒", "2024.03.15卒", "后事已了", "后事由其子料理",
                                  "生前一直卧床"])
def test_the_fifty_eighth_tester_s_deaths(text: str) -> None:
    assert death(text, ANY, ON) == DEAD and re.search(MAY_SAY, text)
    assert (death("年初走的", ANY, ON), doubted("年初走的", ANY)) == (NONE, True)
