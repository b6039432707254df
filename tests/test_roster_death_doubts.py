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
    Kind,
    column_kind,
    death,
    doubted,
    grouped_kind,
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
    ("本户王五（已故）", False), ("本户王五已故", False), ("同户残疾人李四已故", False),
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
    # (not the support's, 特困供养 已注销, nor a certificate's, nor another's)
    ("已注销", ANY, False), ("残疾证已注销", ANY, False), ("其父户口已注销", ANY, False),
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


@pytest.mark.parametrize("text", ["生死不明", "下落不明", "失踪", "去向不明", "已失蹤",
                                  "死亡（疑）", "似已去世", "已故（待公安核实）", "户口已注销"])
def test_every_doubt_of_a_death_may_be_found_in_bulk(text: str) -> None:
    """The polars pattern that chooses the note cells read finds each cell :func:`doubted`
    reads (失踪, 下落不明: the forty-eighth tester's, passed over)."""
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
