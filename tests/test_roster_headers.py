"""A county's own roster read as people write it (issue 15): header variants, title rows,
duplicated headers, household addresses, ID and certificate numbers, disagreements between
columns, and spreadsheet cells read exactly (numeric IDs, merged cells, formulas)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from app.engine import Rulebook
from app.roster.bounds import CLI, RosterError
from app.roster.bulk import ERRORS, RosterResult, only, screen_roster, status_col
from app.roster.derive import places
from app.roster.files import open_roster
from app.roster.headers import (
    ADDRESS,
    BY_KIND,
    BY_PAIR,
    BY_WORDS,
    CERTIFICATE_NUMBER,
    ID_NUMBER,
    ColumnMap,
    Names,
    NoColumns,
    find_mapping,
)
from app.roster.run import screen_file

ON = dt.date(2025, 6, 1)
ID_1971 = "45263019710308201X"  # born 1971-03-08, issued in the former 百色地区
CERT_1971 = ID_1971 + "41"  # physical (肢体), grade 1
NO_PLACE = ("户口所在地: 看不出户籍在哪个省、市、县：请写户籍地址（如 百色市右江区……），"
            "或写 百色市、广西其他市、广西以外 之一。")


def same(s: str) -> str:
    return s


@pytest.mark.parametrize(("header", "target"), [
    ("hukou ", "hukou"), ("Has_Disability_Certificate", "has_disability_certificate"),
    ("ＡＧＥ", "age"), ("年龄（岁）", "age"), ("年龄(周岁)", "age"),
    ("是否低保户", "household_dibao"), ("享受低保", "household_dibao"), ("低保", "household_dibao"),
    ("残疾类别", "disability_category"), ("等级", "disability_grade"),
    ("是否特困人员", "tekun"), ("领取养老金", "receives_pension"),
    ("已享受生活补贴", "receives_living_subsidy"), ("生活补贴", "receives_living_subsidy"),
    ("receives_nursing_subsidy", "receives_nursing_subsidy"),
    ("重度残疾人护理补贴", "receives_nursing_subsidy"),
    ("身份证号", ID_NUMBER), ("公民身份号码", ID_NUMBER), ("身份证号码", ID_NUMBER),
    ("残疾人证号", CERTIFICATE_NUMBER), ("残疾证号", CERTIFICATE_NUMBER),
    ("户籍地址", ADDRESS), ("户口所在地", ADDRESS), ("户籍所在地", ADDRESS),
    # (the eighth tester's: passed through unread)
    ("残疾类别代码", "disability_category"), ("等级代码", "disability_grade"),
    ("孤儿生活费", "orphan_allowance"), ("工伤护理", "work_injury_nursing_allowance"),
    # (the ninth tester's: read as already receiving the dibao program, or unread)
    ("农村低保", "household_dibao"), ("低保对象", "household_dibao"),
    ("长期照护需求", "needs_long_term_care"),
    # (the thirty-eighth tester's: passed through unread, or refused as two facts)
    ("工伤保险生活护理费", "work_injury_nursing_allowance"),
    ("是否领取工伤保险生活护理费", "work_injury_nursing_allowance"),
    ("生活补贴享受情况", "receives_living_subsidy"),
    ("护理补贴发放情况", "receives_nursing_subsidy"),
    ("需要长期护理", "needs_long_term_care"), ("生活自理能力", "needs_long_term_care"),
    ("是否纳入低保", "household_dibao"),
    # (the forty-third tester's: a database's export, headed by the words' pinyin initials)
    ("sfzh", ID_NUMBER), ("SFZHM", ID_NUMBER), ("gmsfhm", ID_NUMBER), ("cjzh", CERTIFICATE_NUMBER),
    ("cjrzh", CERTIFICATE_NUMBER), ("hjdz", ADDRESS), ("hkszd", ADDRESS),
    # (the fifty-third tester's: passed through unread)
    ("公民身份证号码", ID_NUMBER), ("公民身份证号码（18位）", ID_NUMBER), ("证件号码", ID_NUMBER),
    ("ID No.", ID_NUMBER), ("残疾证编号", CERTIFICATE_NUMBER),
    ("第二代残疾人证号", CERTIFICATE_NUMBER), ("第二代残疾人证号码", CERTIFICATE_NUMBER),
    ("持证号", CERTIFICATE_NUMBER), ("Disability Certificate No.", CERTIFICATE_NUMBER),
    ("Household Registration Address", ADDRESS), ("需要长期照护？", "needs_long_term_care"),
    ("需要长期照护？（是/否）", "needs_long_term_care"), ("全日制在校", "full_time_student"),
    # (the fifty-fourth tester's: a village's sheet passed over for it)
    ("残疾人身份证号", ID_NUMBER), ("本人身份证号码", ID_NUMBER), ("*身份证号", ID_NUMBER),
    ("※残疾人证号", CERTIFICATE_NUMBER), ("家庭成员身份证号", ID_NUMBER),
    ("残疾人身份证", ID_NUMBER),
])
def test_header_variants(book: Rulebook, header: str, target: str) -> None:
    found = Names.of(book).find(header)
    assert found is not None and found[0] == target, (header, found)


def test_unknown_headers_are_not_guessed(book: Rulebook) -> None:
    names = Names.of(book)
    for header in ("姓名", "序号", "手机号码", "备注", "", "   "):
        assert names.find(header) is None, header
    assert names.find("是否享受低保户")[1] == BY_WORDS  # type: ignore[index]


def test_a_header_naming_two_facts_is_passed_through_saying_which(book: Rulebook) -> None:
    """孤儿 names the orphan's allowance and being an orphan at once, 两补 both subsidies: not
    guessed, and not passed through without a word (the last notes' leftover), but named with
    the facts it could be and what to do; the first row of the mapping notes."""
    from app.roster.cli import shared_name_notes

    head = [(1, ["姓名", "孤儿", "低保", "两补"])]
    mapping = find_mapping(head, Names.of(book), same)
    assert [c.could_be for c in mapping.columns] == [
        (), ("orphan_allowance", "orphan_or_unsupported_child"), (),
        ("receives_living_subsidy", "receives_nursing_subsidy")]
    assert [c.target for c in mapping.columns] == [None, None, "household_dibao", None]
    notes = shared_name_notes(mapping, book, same)
    assert notes[0] == ("“孤儿”可能是“孤儿基本生活费”，也可能是“孤儿或事实无人抚养儿童”，"
                        "不知道是哪一个，这一列没有读。请把列名改成其中一个，"
                        "或指明这一列对应哪一项（命令行：--columns 文件里写“孤儿: orphan_allowance”"
                        "这样的一行；上传页：在列的对应里选）。")
    assert "已享受“困难残疾人生活补贴”" in notes[1] and "已享受“重度残疾人护理补贴”" in notes[1]
    # a name of one fact alone, and a header naming none, say nothing of the kind
    assert Names.of(book).could_be("孤儿基本生活费") == ()
    assert Names.of(book).could_be("备注") == ()
    # two names written together (the thirtieth testers': passed through without a word)
    for header in ("低保特困", "低保/特困", "低保、特困", "低保和特困"):
        assert Names.of(book).could_be(header) == ("household_dibao", "tekun"), header
    # two names of one fact written together are that fact (the thirty-fifth tester's
    # 五保/特困: "could be 特困, which one is unknown", and the column unread)
    for header in ("五保/特困", "特困、五保", "五保特困"):
        column = find_mapping([(1, ["姓名", header, "低保"])], Names.of(book), same).columns[1]
        assert (column.target, column.could_be) == ("tekun", ()), header
    # each fact by its own column's name (类别等级 was "残疾人证号, or 残疾人证号"); the
    # category and the grade together are one column of both (tests/test_roster_category_grade)
    both = find_mapping([(1, ["姓名", "类别年龄", "低保"])], Names.of(book), same)
    assert shared_name_notes(both, book, same)[0].startswith(
        "“类别年龄”可能是“残疾类别”，也可能是“年龄”")
    # screening one program does not make a name two programs share its own (两补 was read as
    # "receives the living subsidy" with --programs living_subsidy)
    one = only(book, ["living_subsidy"])
    assert Names.of(one).find("两补") is not None  # (the cut rulebook alone would)
    assert Names.of(one, whole=book).find("两补") is None
    assert Names.of(one, whole=book).could_be("两补") == ("receives_living_subsidy",
                                                         "receives_nursing_subsidy")


def test_title_rows_are_reported_not_screened(book: Rulebook, tmp_path: Path) -> None:
    text = ("某县比对表（示例）,,,\n填表单位：县残联,,,\n"
            "姓名,是否持证,户口,低保\n甲,是,baise,是\n乙,否,baise,否\n")
    src, out = tmp_path / "r.csv", tmp_path / "o.csv"
    src.write_text(text, "utf-8")
    result = screen_file(book, src, "csv", ON, same, out=out, out_kind="csv", limits=CLI)
    assert result.mapping.header_row == 3 and result.mapping.above == [1, 2]
    assert result.rows == 2
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["姓名"].to_list() == ["甲", "乙"]
    assert frame[status_col("living_subsidy")].to_list()[1] == "not_eligible"


def test_duplicated_header_names_both_columns(book: Rulebook) -> None:
    """Two columns of one fact are refused, naming both; two of a header read as no fact
    (备注 twice) are not: each is copied into the result (tests/test_roster_duplicates.py)."""
    head = [(1, ["姓名", "低保", "户口", "是否低保户"])]
    with pytest.raises(RosterError, match="“低保”列（B 列）和“是否低保户”列（D 列）"):
        find_mapping(head, Names.of(book), same)
    with pytest.raises(RosterError, match="“低保”列（B 列）和“低保”列（D 列）"):
        find_mapping([(1, ["备注", "低保", "备注", "低保"])], Names.of(book), same)
    mapping = find_mapping([(1, ["备注", "低保", "备注", "户口"])], Names.of(book), same)
    assert [c.header for c in mapping.passed] == ["备注", "备注 (C)"]


def test_columns_of_a_facts_kinds_are_one_fact(book: Rulebook) -> None:
    """A list that gives each kind of the dibao its own column (城市低保, 农村低保: a household
    is on one or the other) was refused as one column written twice; they are read together.
    The same kind twice, or a kind beside the fact's own column, still is refused."""
    names = Names.of(book)
    header = ["姓名", "城市低保", "是否农村低保户", "农村特困人员", "城市特困"]
    mapping = find_mapping([(1, header)], names, same)
    assert [(c.target, c.how) for c in mapping.columns[1:]] == [
        ("household_dibao", BY_KIND), ("household_dibao", BY_KIND), ("tekun", BY_KIND),
        ("tekun", BY_KIND)]
    for twice in (["姓名", "低保", "农村低保"], ["姓名", "农村低保", "是否农村低保户"]):
        with pytest.raises(RosterError, match="是同一项"):
            find_mapping([(1, twice)], names, same)


@pytest.mark.parametrize(("upper", "lower"), [
    # a CSV: the group's name over its first column only
    (["序号", "姓名", "身份证号", "低保", "", "特困供养", "", "户籍地址"],
     ["", "", "", "城市", "农村", "农村", "城市", ""]),
    # an .xlsx: a merged cell, whose text each column carries (read as one row: 低保 twice)
    (["序号", "姓名", "身份证号", "低保", "低保", "特困供养", "特困供养", "户籍地址"],
     ["序号", "姓名", "身份证号", "城市", "农村", "农村", "城市", "户籍地址"]),
    (["序号", "姓名", "身份证号", "享受低保情况", "", "特困人员", "", "户籍地址"],
     ["", "", "", "城镇", "农村", "农村", "城镇", ""]),
    (["序号", "姓名", "身份证号", "低保户", "", "特困", "", "户籍地址"],
     ["", "", "", "城市低保", "农村低保", "农村特困", "城市特困", ""]),
])
def test_kinds_under_their_facts_name_on_two_rows(book: Rulebook, upper: list[str],
                                                  lower: list[str]) -> None:
    """城市 and 农村 under 低保 (a header on two rows, as county forms group them) are the
    kinds 城市低保 and 农村低保 (the eleventh tester's: 低保 was read from the first alone and
    the second passed over, a wrong no for one on 农村低保; merged, refused as 低保 twice)."""
    mapping = find_mapping([(1, upper), (2, lower)], Names.of(book), same)
    assert mapping.header_row == 2 and mapping.group_row == 1
    assert [(c.target, c.how) for c in mapping.columns[3:7]] == [
        ("household_dibao", BY_KIND), ("household_dibao", BY_KIND), ("tekun", BY_KIND),
        ("tekun", BY_KIND)]


@pytest.mark.parametrize(("header", "target"), [
    ("低保（农村）", "household_dibao"), ("低保(城市)", "household_dibao"),
    ("特困供养（城镇）", "tekun"), ("城镇低保对象", "household_dibao"),
    ("农村最低生活保障", "household_dibao")])
def test_kinds_written_otherwise(book: Rulebook, header: str, target: str) -> None:
    """A kind in brackets after its fact's name (低保（农村）, as a unit is written: read as 低保
    for either, and refused as one column twice), or with 对象 or the fact's full name (the
    eleventh tester's: passed over, everyone's dibao unknown)."""
    assert Names.of(book).find(header) == (target, BY_KIND)


@pytest.mark.parametrize(("upper", "lower"), [
    (["序号", "姓名", "身份证号", "是否低保", "", "是否特困", ""],
     ["", "", "", "是", "否", "是", "否"]),
    (["序号", "姓名", "身份证号", "是否低保", "是否低保", "是否特困", "是否特困"],
     ["序号", "姓名", "身份证号", "是", "否", "有", "无"])])
def test_a_yes_no_pair_is_one_fact(book: Rulebook, upper: list[str], lower: list[str]) -> None:
    """是 | 否 under a yes/no fact's name, as a form ticks one (the eleventh tester's: the row
    of 是 and 否 screened as a person, counted not eligible, and the 否 column passed over;
    merged in an .xlsx, the list refused as 是否低保 twice)."""
    ticked = ["1", "韦一", ID_1971, "√", "", "", "√"]
    mapping = find_mapping([(1, upper), (2, lower), (3, ticked)], Names.of(book), same)
    assert mapping.header_row == 2
    assert [(c.target, c.how, c.pair) for c in mapping.columns[3:]] == [
        ("household_dibao", BY_PAIR, "yes"), ("household_dibao", BY_PAIR, "no"),
        ("tekun", BY_PAIR, "yes"), ("tekun", BY_PAIR, "no")]


@pytest.mark.parametrize(("upper", "lower", "read"), [
    # beside another group (the thirteenth tester's: the pair passed over, 低保 unread)
    (["姓名", "残疾情况", "", "", "是否低保", ""], ["", "证号", "类别", "等级", "是", "否"],
     [None, CERTIFICATE_NUMBER, "disability_category", "disability_grade", "household_dibao",
      "household_dibao"]),
    (["基本情况", "", "低保", "", "是否特困", ""], ["姓名", "身份证号", "城市", "农村", "是", "否"],
     [None, ID_NUMBER, "household_dibao", "household_dibao", "tekun", "tekun"]),
])
def test_a_pair_beside_other_groups(book: Rulebook, upper: list[str], lower: list[str],
                                    read: list[str | None]) -> None:
    ticked = ["韦一", ID_1971, "√", "", "", "√"]
    mapping = find_mapping([(1, upper), (2, lower), (3, ticked)], Names.of(book), same)
    assert mapping.header_row == 2 and [c.target for c in mapping.columns] == read


def test_whether_and_how_much_under_a_programs_name(book: Rulebook) -> None:
    """是否享受 and 金额（元） under 困难残疾人生活补贴: both say whether it is received, read
    together (the thirteenth tester's: the row below screened as a person); and 集中供养 |
    分散供养 under 特困供养, kinds of it."""
    upper = ["姓名", "身份证号", "困难残疾人生活补贴", "", "特困供养", ""]
    lower = ["", "", "是否享受", "金额（元）", "集中供养", "分散供养"]
    mapping = find_mapping([(1, upper), (2, lower)], Names.of(book), same)
    assert mapping.header_row == 2
    assert [(c.target, c.how) for c in mapping.columns[2:]] == [
        ("receives_living_subsidy", BY_KIND), ("receives_living_subsidy", BY_KIND),
        ("tekun", BY_KIND), ("tekun", BY_KIND)]


def _screened(book: Rulebook, rows: list[list[str]], programs: list[str]) -> pl.DataFrame:
    text = "\n".join(",".join(r) for r in rows) + "\n"
    out = io.BytesIO()
    screen_file(book, text.encode(), "csv", ON, same, out=out, out_kind="csv", limits=CLI,
                programs=programs)
    return pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)


@pytest.mark.parametrize(("other", "expected"), [
    ("", ["eligible", "not_eligible", "not_eligible"]),  # ticks only: a blank box says no
    ("×", ["eligible", "not_eligible", "undetermined"]),  # crosses: a blank stays unknown
])
def test_kinds_ticked_on_a_form(book: Rulebook, other: str, expected: list[str]) -> None:
    """A form that ticks the kind a household is on (√ under 城市 or 农村 of 低保) leaves the
    other box blank, and one not on it both blank: no, not unknown (the fourteenth tester's:
    nearly a whole township undetermined). Where the form crosses the others (×), a box left
    blank stays unknown."""
    head = [["姓名", "身份证号", "残疾人证号", "低保", "", "特困", "孤儿基本生活费"],
            ["", "", "", "城市", "农村", "", ""]]
    person = ["甲", ID_1971, CERT_1971]
    rows = [[*person, "√", other, "否", "否"], [*person, other, other, "否", "否"],
            [*person, "", "", "否", "否"]]
    frame = _screened(book, head + rows, ["living_subsidy"])
    assert frame[status_col("living_subsidy")].to_list() == expected[:1] + (
        ["not_eligible", "not_eligible"] if not other else ["not_eligible", "undetermined"])


def test_whether_received_and_how_much_read_together(book: Rulebook) -> None:
    """是否享受 否 and 金额 left blank: not received, so one who qualifies is counted as not
    receiving it (the fourteenth tester's: unknown, and off that count); an amount with
    是否享受 blank: received; both blank: unknown."""
    head = [["姓名", "身份证号", "残疾人证号", "低保", "特困", "孤儿基本生活费",
             "困难残疾人生活补贴", "", "备注"],
            ["", "", "", "", "", "", "是否享受", "金额（元）", ""]]
    person = ["甲", ID_1971, CERT_1971, "是", "否", "否"]
    frame = _screened(book, head + [[*person, "否", "", ""], [*person, "", "90", ""],
                                    [*person, "是", "", ""], [*person, "", "", ""]],
                      ["living_subsidy"])
    assert frame[status_col("living_subsidy")].to_list() == ["eligible"] * 4
    assert frame["living_subsidy.unclaimed"].to_list() == ["true", "false", "false", None]


def test_whether_received_and_how_much_that_disagree(book: Rulebook) -> None:
    """是否享受 否 beside an amount paid (90), or 是 beside 0: the list does not say which is
    right, so whether the person receives it is unknown and the row says why (the
    thirty-eighth tester's: 否 beside 90 read as received, one who may miss out left off the
    count); 是 beside a blank amount, or 否 beside 0 or a dash (—, /: the fortieth's), agree."""
    head = [["姓名", "身份证号", "残疾人证号", "低保", "特困", "孤儿基本生活费",
             "困难残疾人生活补贴", "", "备注"],
            ["", "", "", "", "", "", "是否享受", "金额（元）", ""]]
    person = ["甲", ID_1971, CERT_1971, "是", "否", "否"]
    frame = _screened(book, head + [[*person, "否", "90", ""], [*person, "是", "0", ""],
                                    [*person, "是", "", ""], [*person, "否", "0", ""],
                                    [*person, "是", "90", ""], [*person, "否", "—", ""],
                                    [*person, "否", "/", ""]], ["living_subsidy"])
    assert frame[status_col("living_subsidy")].to_list() == ["eligible"] * 7
    assert frame["living_subsidy.unclaimed"].to_list() == [None, None, "false", "true", "false",
                                                           "true", "true"]
    errors = frame[ERRORS].to_list()  # (each row also repeats the first one's ID number)
    assert not any("不一致" in (e or "") or "金额" in (e or "") for e in errors[2:])
    for said in errors[:2]:
        assert said is not None and "不一致" in said and "金额（元）" in said, said


def test_a_blank_address_takes_the_cards_baise_county(book: Rulebook) -> None:
    """An address column whose cell is blank: the Baise county the card was issued in, as
    without an address column (the fourteenth tester's: hukou unknown, both subsidies
    undetermined)."""
    head = [["姓名", "身份证号", "残疾人证号", "户籍地址", "低保", "特困", "孤儿基本生活费"]]
    frame = _screened(book, head + [["甲", ID_1971, CERT_1971, "", "是", "否", "否"]],
                      ["living_subsidy"])
    assert frame[status_col("living_subsidy")].to_list() == ["eligible"]


def test_a_persons_row_of_yes_and_no_is_no_header(book: Rulebook) -> None:
    """A person's 是 and 否 under 是否低保 and a column left unnamed is a person's row, never a
    pair's header: the name beside them is no header's text."""
    mapping = find_mapping([(1, ["姓名", "是否低保", ""]), (2, ["韦一", "是", "否"])],
                           Names.of(book), same)
    assert mapping.header_row == 1 and mapping.columns[1].pair == ""


@pytest.mark.parametrize(("upper", "lower", "read"), [
    # 类别 under 享受低保情况 is the household's class, not its disability category
    (["序号", "姓名", "残疾类别", "享受低保情况", "", "特困"], ["", "", "", "是否享受", "类别", ""],
     [None, None, "disability_category", "household_dibao", None, "tekun"]),
    (["序号", "姓名", "残疾类别", "低保", "低保", "特困"],
     ["序号", "姓名", "残疾类别", "是否", "类型", "特困"],
     [None, None, "disability_category", "household_dibao", None, "tekun"]),
    # 证号 under 残疾情况 is the certificate's number (残疾 and 证号)
    (["序号", "姓名", "残疾情况", "", ""], ["", "", "证号", "类别", "等级"],
     [None, None, CERTIFICATE_NUMBER, "disability_category", "disability_grade"]),
])
def test_columns_under_a_group_read_as_its_own(book: Rulebook, upper: list[str],
                                               lower: list[str], read: list[str | None]) -> None:
    """Under a yes/no fact's name, a column is read as that fact or not at all; under another
    group, by its own name or with the group's (the eleventh tester's: the row below screened as
    a person, or the list refused as 残疾类别 twice; 证号 passed over)."""
    mapping = find_mapping([(1, upper), (2, lower)], Names.of(book), same)
    assert mapping.header_row == 2
    assert [c.target for c in mapping.columns] == read


@pytest.mark.parametrize("merged", [False, True])
def test_a_header_on_three_rows(book: Rulebook, merged: bool) -> None:
    """享受政策情况 over 低保 and 特困供养, each over 城市 and 农村 (the eleventh tester's: the two
    lower rows screened as people, and 农村低保 passed over, a wrong no)."""
    top = ["序号", "姓名", "身份证号", "享受政策情况", "", "", "", "长期照护"]
    middle = ["", "", "", "低保", "", "特困供养", "", ""]
    lower = ["", "", "", "城市", "农村", "农村", "城市", ""]
    if merged:  # (an .xlsx: each merged cell's text in every cell of it)
        top = [*top[:3], *["享受政策情况"] * 4, top[7]]
        middle = [*top[:3], "低保", "低保", "特困供养", "特困供养", top[7]]
        lower = [*top[:3], *lower[3:7], top[7]]
    person = ["1", "韦一", ID_1971, "", "是", "否", "否", "是"]
    mapping = find_mapping([(1, ["花名册"]), (2, top), (3, middle), (4, lower), (5, person)],
                           Names.of(book), same)
    assert (mapping.group_row, mapping.header_row, mapping.above) == (2, 4, [1])
    assert [(c.target, c.how) for c in mapping.columns[3:7]] == [
        ("household_dibao", BY_KIND), ("household_dibao", BY_KIND), ("tekun", BY_KIND),
        ("tekun", BY_KIND)]
    assert mapping.header_note(same) == "表头分 3 行写，在第 2 行到第 4 行。各列的对应："


@pytest.mark.parametrize(("rows", "people"), [
    # a household member's name left blank, their answers 是 | 否, 有 | 无, ticks, kinds
    (["姓名,是否低保,,备注", ",是,否,", "韦二,否,是,", "黄三,是,否,"], 3),
    (["姓名,是否低保,,备注", ",有,无,", "韦二,无,有,"], 2),
    (["姓名,是否低保,,是否特困,", ",是,否,否,是", "韦二,否,是,是,否"], 2),
    (["姓名,是否低保,,是否特困,", ",√,×,×,√", "韦二,√,×,×,√"], 2),
    (["姓名,低保,,备注", ",城市,农村,", "韦二,农村,,"], 2),
    (["姓名,低保,,备注", ",农村,是,", "韦二,城市,否,", "黄三,农村,是,"], 3),
    # a column left unnamed after 姓名 (the person's 性别), or the first header left blank
    (["姓名,,是否低保,,备注", "韦一,女,是,否,", "韦二,男,否,是,", "黄三,女,是,否,"], 3),
    (["姓名,,低保,,备注", "韦一,女,城市,农村,", "韦二,男,农村,,"], 2),
    (["姓名,,享受低保情况,,特困", "韦一,户主,是,城市,否", "韦二,妻子,否,,否"], 2),
    ([",是否低保,备注,", "韦一,,五保户,学生", "韦二,是,,", "黄三,否,,"], 3),
    (["姓名,是否低保,备注,", ",,五保户,学生", "韦二,是,,", "黄三,否,,"], 3),
])
def test_a_persons_row_is_never_a_headers_lower_row(book: Rulebook, rows: list[str],
                                                    people: int) -> None:
    """The twelfth tester's: a person's row (a household member's with the name left blank, or
    one under a column left unnamed) read as the lower row of a header on two rows (a 是 | 否
    pair, a fact's kinds, a group's names), so never screened; and a blank column read as a
    pair's 否, a wrong no. A pair's header is taken only where a row below ticks one."""
    out = io.BytesIO()
    result = screen_file(book, ("\n".join(rows) + "\n").encode(), "csv", ON, same, out=out,
                         out_kind="csv", limits=CLI, programs=["living_subsidy"])
    assert result.mapping.header_row == 1 and result.rows == people


def test_a_cell_merged_over_two_columns_is_named(book: Rulebook) -> None:
    """是否低保 merged over two columns, with no 是 | 否 under it: refused, saying the cell is
    merged and what to write (not "two columns are the same, delete one")."""
    with pytest.raises(RosterError, match="“是否低保”占了 B、C 两列（合并的单元格）"):
        find_mapping([(1, ["姓名", "是否低保", "是否低保", "备注"]), (2, ["韦一", "√", "", ""])],
                     Names.of(book), same)


def cells_only(errors: list[str | None]) -> list[str | None]:
    """Each row's errors without the note that its ID number repeats a row's above (these
    tests write one person on every row; tests/test_roster_repeats.py tests the note)."""
    kept = ["; ".join(part for part in e.split("; ") if "可能是同一个人写了两遍" not in part)
            if e else None for e in errors]
    return [e or None for e in kept]


def test_a_ticked_pair_reads_yes_no_or_unknown(book: Rulebook) -> None:
    """Yes where 是 is ticked, no where 否 is, unknown where neither or both are (both: named
    in the row's errors); a cell may tick with its column's own word."""
    rows = [["姓名", "身份证号", "残疾证号", "户籍地址", "是否低保", "", "是否特困", "",
             "孤儿基本生活费"],
            ["", "", "", "", "是", "否", "是", "否", ""]]
    ticks = [("√", None), (None, "√"), (None, None), ("√", "√"), ("是", None), (None, "否"),
             ("√", "×"), ("×", "√")]
    for dibao in ticks:
        rows.append(["甲", ID_1971, CERT_1971, "田林县乐里镇", *dibao, None, "√", "否"])
    text = "\n".join(",".join(c or "" for c in r) for r in rows) + "\n"
    out = io.BytesIO()
    result = screen_file(book, text.encode(), "csv", ON, same, out=out, out_kind="csv",
                         limits=CLI, programs=["living_subsidy"])
    assert result.rows == len(ticks)
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert frame[status_col("living_subsidy")].to_list() == [
        "eligible", "not_eligible", "undetermined", "undetermined", "eligible", "not_eligible",
        "eligible", "not_eligible"]
    errors = cells_only(frame[ERRORS].to_list())
    assert errors[3] is not None and errors[3].startswith("是否低保: ")
    assert [e for k, e in enumerate(errors) if k != 3] == [None] * 7


def test_kinds_read_together_yes_where_any_is(book: Rulebook) -> None:
    """Yes where either column says yes, no where both say no, else unknown (a blank, or a
    bad cell, and no yes): each person screened as with one 低保 column holding that, and a
    bad cell named by its own column."""
    urban = ["是", "否", "否", "否", None, "是", "x", "否"]
    rural = ["否", "是", "否", None, None, None, "否", "x"]
    either = ["是", "是", "否", None, None, "是", None, None]
    person = {"公民身份号码": [ID_1971] * 8, "残疾证号": [CERT_1971] * 8,
              "户口所在地": ["田林县乐里镇"] * 8, "特困": ["否"] * 8,
              "领孤儿基本生活费": ["否"] * 8}
    two = screen_roster(book, pl.DataFrame({**person, "城市低保": urban, "农村低保": rural}),
                        ON, same)
    one = screen_roster(book, pl.DataFrame({**person, "低保": either}), ON, same)
    assert two.frame is not None and one.frame is not None
    statuses = [c for c in one.frame.columns if c.endswith((".status", ".amount"))]
    assert two.frame.select(statuses).equals(one.frame.select(statuses))
    assert two.frame[status_col("living_subsidy")].to_list() == [
        "eligible", "eligible", "not_eligible", "undetermined", "undetermined", "eligible",
        "undetermined", "undetermined"]
    errors = cells_only(two.frame[ERRORS].to_list())
    assert errors[6] is not None and errors[6].startswith("城市低保: ")
    assert errors[7] is not None and errors[7].startswith("农村低保: ")
    assert [e for k, e in enumerate(errors) if k not in (6, 7)] == [None] * 6


def test_no_recognised_column_lists_headers_and_names(book: Rulebook) -> None:
    """The names known are headers a clerk writes (是否低保户, 身份证号), a few, not the
    hundred ids (household_dibao_edge, receives_…) the message listed (the fresh tester's)."""
    with pytest.raises(NoColumns) as caught:
        find_mapping([(1, ["姓名", "电话"]), (2, ["甲", "1"])], Names.of(book), same)
    told = str(caught.value)
    assert "姓名、电话" in told and "身份证号、残疾人证号、户籍地址" in told
    assert "是否低保户" in told and "household_dibao" not in told and "receives_" not in told
    assert caught.value.headers == ["姓名", "电话"]


@pytest.mark.parametrize(("address", "hukou", "county"), [
    ("田林县乐里镇新华村", "baise", "tianlin"),
    ("百色市右江区向阳街道", "baise", "youjiang"),
    ("广西壮族自治区百色市靖西市新靖镇", "baise", "jingxi"),
    ("隆林各族自治县新州镇", "baise", "longlin"),
    ("百色市", "baise", None),
    ("平果县马头镇", "baise", "pingguo"),  # the name before 2019
    ("南宁市青秀区", "other_guangxi", None),
    ("南宁市青秀区海南路", "other_guangxi", None),  # the first name wins
    ("广东省广州市天河区", "outside_guangxi", None),
    ("黑龙江省伊春市西林区", "outside_guangxi", None),  # not Baise's 西林县
    ("西林县古障镇山东村", "baise", "xilin"),
])
def test_address_gives_hukou_and_county(book: Rulebook, address: str, hukou: str,
                                        county: str | None) -> None:
    assert places(book).place(address) == (hukou, county)


@pytest.mark.parametrize("address", ["古障镇山东村", "龙景街道北京路15号", "那劳镇吉林屯",
                                     "马蚌镇河南村", "八达镇那岩村", "上海路12号", "海南村",
                                     "重庆街3号"])
def test_a_province_named_inside_an_address_is_a_villages_name(book: Rulebook,
                                                                address: str) -> None:
    """Another province's or city's name inside an address, not followed by its kind (省, 市),
    is a village's or a street's (the ninth tester's: read as outside Guangxi, and the person
    refused both subsidies): the address names no place known, and where the list holds an
    ID number, hukou and county are where the card was issued, as without an address."""
    assert places(book).place(address) is None
    roster = pl.DataFrame({"户口所在地": [address], "公民身份号码": [ID_1971],
                           "残疾证号": [CERT_1971], "低保": ["是"], "特困": ["否"],
                           "领孤儿基本生活费": ["否"]})
    out = facts_frame(roster, book)
    assert out[ERRORS][0] is None
    assert out[status_col("living_subsidy")][0] == "eligible"  # (issued in 百色地区)
    alone = facts_frame(roster.drop("公民身份号码", "残疾证号"), book)
    assert alone[ERRORS][0] == NO_PLACE
    # a card issued outside Baise is kept by one who moved here: no household registration
    # from it (the tenth tester's: refused both subsidies as outside Guangxi)
    from tests.support.typed_values import with_check_digit

    elsewhere = with_check_digit("44088219710308201")
    moved = facts_frame(roster.with_columns(pl.lit(elsewhere).alias("公民身份号码"),
                                            pl.lit(elsewhere + "41").alias("残疾证号")), book)
    assert moved[status_col("living_subsidy")][0] == "undetermined"
    assert moved[ERRORS][0] == NO_PLACE


def test_an_address_that_is_no_villages_is_not_taken_from_the_card(book: Rulebook) -> None:
    """南宁青秀区 names no place known (南宁 without 市) and no village or street: where the card
    was issued (百色地区) does not stand in for it, as it would for a village's address (the
    thirtieth tester's 外地, 不详, 非百色 were read so): it is reported, and hukou unknown."""
    assert places(book).place("南宁青秀区") is None
    roster = pl.DataFrame({"户口所在地": ["南宁青秀区"], "公民身份号码": [ID_1971],
                           "残疾证号": [CERT_1971], "低保": ["是"], "特困": ["否"],
                           "领孤儿基本生活费": ["否"]})
    out = facts_frame(roster, book)
    assert out[ERRORS][0] == ("户口所在地: 写的县（市、区）不是百色的，也看不出在哪个省："
                              "请写上省或市（如 云南省富宁县……），"
                              "或写 百色市、广西其他市、广西以外 之一。")
    assert out[status_col("living_subsidy")][0] == "undetermined"


def test_address_naming_no_place_is_an_error_and_unknown(book: Rulebook) -> None:
    assert places(book).place("向阳街道 12 号") is None
    out = screen_roster(book, pl.DataFrame({"户籍地址": ["向阳街道 12 号"], "低保": ["是"]}),
                        ON, same).frame
    assert out is not None and "户籍地址: " in out[ERRORS][0]


def facts_frame(roster: pl.DataFrame, book: Rulebook) -> pl.DataFrame:
    """Screen and return the result with the roster's own columns kept."""
    result = screen_roster(book, roster, ON, same, keep_facts=True)
    assert result.frame is not None
    return result.frame


def test_id_and_certificate_give_age_category_grade(book: Rulebook) -> None:
    roster = pl.DataFrame({"公民身份号码": [ID_1971], "残疾证号": [CERT_1971],
                           "户口所在地": ["田林县乐里镇"], "长期照护": ["是"], "特困": ["否"],
                           "工伤护理费": ["否"]})
    result = screen_roster(book, roster, ON, same)
    assert set(result.facts) >= {"age", "has_disability_certificate", "disability_category",
                                 "disability_grade", "hukou", "county"}
    out = result.frame
    assert out is not None and out[ERRORS][0] is None
    # nursing: certificate, Guangxi hukou, grade 1, needs care, not tekun, no work-injury
    assert out[status_col("nursing_subsidy")][0] == "eligible"
    # pension premium needs age 16–59: 54 on the screening date, from the ID number
    young = screen_roster(book, roster.with_columns(pl.lit("否").alias("领养老金"),
                                                    pl.lit("否").alias("在校学生")),
                          dt.date(2031, 3, 7), same).frame
    old = screen_roster(book, roster.with_columns(pl.lit("否").alias("领养老金"),
                                                  pl.lit("否").alias("在校学生")),
                        dt.date(2031, 3, 8), same).frame
    assert young is not None and old is not None
    assert young[status_col("pension_premium")][0] == "eligible"  # still 59
    assert old[status_col("pension_premium")][0] == "not_eligible"  # 60 that day


def test_disagreeing_columns_leave_the_fact_unknown(book: Rulebook) -> None:
    roster = pl.DataFrame({"残疾证号": [CERT_1971, CERT_1971], "等级": ["三级", "一级"],
                           "户口所在地": ["田林县", "田林县"], "长期照护": ["是", "是"],
                           "特困": ["否", "否"], "工伤护理费": ["否", "否"]})
    out = facts_frame(roster, book)
    errors = cells_only(out[ERRORS].to_list())
    assert errors[0] == "等级: 这一列是“3 级”，“残疾证号”列的是“1 级”，两者不一致。"
    assert errors[1] is None
    # grade unknown on the first row: nursing (grade 1–2, or 3–4 if mental) undetermined
    assert out[status_col("nursing_subsidy")].to_list() == ["undetermined", "eligible"]
    # an age column against the ID number's birth date
    ages = facts_frame(pl.DataFrame({"身份证号": [ID_1971, ID_1971], "年龄": ["54", "50"],
                                     "低保": ["是", "是"]}), book)
    assert cells_only(ages[ERRORS].to_list())[0] is None
    assert "年龄: " in ages[ERRORS][1] and "身份证号" in ages[ERRORS][1]
    assert "早些时候" not in ages[ERRORS][1]
    # one year below the ID's: reckoned on an earlier day, most likely; how to leave the column
    # unread is said (the fifty-ninth tester's: half a list's ages unknown, without a word)
    stale = facts_frame(pl.DataFrame({"身份证号": [ID_1971], "年龄": ["53"], "低保": ["是"]}),
                        book)
    assert stale[ERRORS][0] == (
        "年龄: 这一列是“53 岁”，“身份证号”列的是“54 岁”，两者不一致。名单上的年龄可能是早些时候"
        "（如制表那天）算的：只按身份证号算年龄的话，请让这一列不读（列对应文件里写“年龄:”，或在"
        "上传页把这一列改为“不读这一列（原样保留）”）。")


@pytest.mark.parametrize(("born", "age", "problem"), [
    ("1971-03-08", 54, None), ("1990年5月3日", 35, None), ("19900604", 34, None),
    ("1960.02", 65, None), ("1960年7月", 64, None), ("1960-6", None, "这个月生日前后年龄不同"),
    ("不详", None, "看不出出生日期"), ("2030-01-01", None, "在筛查日期之后"),
    ("1880-01-01", None, "太早"),
    # (the ninth tester's, from .xlsx number cells: 1965.10 kept as 1965.1; a date cell in the
    # General format, its serial)
    ("1965.1", None, "也可能是 10 月"), ("1965.10", 59, None), ("23658", 60, None),
], ids=lambda v: str(v))
def test_a_birth_date_column_gives_age(book: Rulebook, born: str, age: int | None,
                                       problem: str | None) -> None:
    """A list without ID numbers may hold each person's 出生日期 or 出生年月: the age on the
    screening date (2025-06-01) is read from it, to the month where the day cannot change it
    (the eighth tester's: no age at all)."""
    from app.roster.derive import age_from_birth
    from app.roster.headers import BIRTH_DATE

    assert Names.of(book).find("出生年月") == (BIRTH_DATE, "identity")
    assert age_from_birth(born, ON, same)[0] == age
    out = facts_frame(pl.DataFrame({"出生日期": [born], "低保": ["是"]}), book)
    result = screen_roster(book, pl.DataFrame({"出生日期": [born], "低保": ["是"]}), ON, same)
    assert "age" in result.facts
    errors = out[ERRORS][0]
    assert (errors is None) == (problem is None)
    if problem is not None:
        assert errors.startswith("出生日期: ") and problem in errors
    # the age it gives is held against an ID number's, as an age column's is
    both = facts_frame(pl.DataFrame({"出生日期": [born], "公民身份号码": [ID_1971]}), book)
    assert (both[ERRORS][0] is None) == (age == 54), both[ERRORS][0]
    if age is not None and age != 54:
        assert "“公民身份号码”" in both[ERRORS][0] or "“出生日期”" in both[ERRORS][0]


def test_bad_id_number_is_a_row_error_naming_the_column(book: Rulebook) -> None:
    out = facts_frame(pl.DataFrame({"身份证号": ["452630197103082010"], "低保": ["是"],
                                    "户口": ["baise"]}), book)
    assert out[ERRORS][0] is not None and out[ERRORS][0].startswith("身份证号: ")


# ------------------------------------------------------------------ spreadsheet cells

def workbook_bytes(build: object) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    build(ws)  # type: ignore[operator]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_numeric_id_cell_is_an_error_not_another_person(book: Rulebook) -> None:
    def build(ws: object) -> None:
        ws.append(["公民身份号码", "低保", "户口"])  # type: ignore[attr-defined]
        ws.append([451002198001009984, "是", "baise"])  # type: ignore[attr-defined]
        ws.append([ID_1971, "是", "baise"])  # type: ignore[attr-defined]
        ws.append([123456789012345, "是", "baise"])  # type: ignore[attr-defined]

    opened = open_roster(workbook_bytes(build), "xlsx", CLI, same)
    batch = next(opened.batches(0, 100, same))
    assert batch.frame["c0"].to_list() == [None, ID_1971, "123456789012345"]
    assert [(k, i, p.code) for k, i, p in batch.problems] == [(0, 0, "lost_digits")]
    out = io.BytesIO()
    result = screen_file(book, workbook_bytes(build), "xlsx", ON, same, out=out,
                         out_kind="csv", limits=CLI)
    assert result.problems.first[0][:2] == (2, "公民身份号码")
    assert "15 位有效数字" in result.problems.first[0][2]
    # never read, but copied into the result as the file holds it (openpyxl writes a double:
    # the thirty-seventh tester's was left blank, what the clerk had typed gone; never rounded
    # to 451002198001010000, a number not in the file: the fifty-sixth tester's)
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert frame["公民身份号码"].to_list() == ["4.5100219800101e+17", ID_1971, "123456789012345"]


def test_merged_cells_carry_their_value_to_every_row(book: Rulebook) -> None:
    def build(ws: object) -> None:
        ws.append(["姓名", "户籍地址", "低保"])  # type: ignore[attr-defined]
        ws.append(["甲", "田林县", "是"])  # type: ignore[attr-defined]
        ws.append(["乙", None, "是"])  # type: ignore[attr-defined]
        ws.append(["丙", None, "否"])  # type: ignore[attr-defined]
        ws.append(["丁", "南宁市", "否"])  # type: ignore[attr-defined]
        ws.merge_cells("B2:B4")  # type: ignore[attr-defined]

    opened = open_roster(workbook_bytes(build), "xlsx", CLI, same)
    frame = next(opened.batches(0, 100, same)).frame
    assert frame["c1"].to_list() == ["田林县", "田林县", "田林县", "南宁市"]
    assert frame["__row"].to_list() == [2, 3, 4, 5]


def test_formula_without_saved_value_is_reported(book: Rulebook) -> None:
    def build(ws: object) -> None:
        ws.append(["年龄", "低保", "户口"])  # type: ignore[attr-defined]
        ws.append(["=20+25", "是", "baise"])  # type: ignore[attr-defined]

    result = screen_file(book, workbook_bytes(build), "xlsx", ON, same, out=io.BytesIO(),
                         out_kind="csv", limits=CLI)
    assert result.problems.first and result.problems.first[0][:2] == (2, "年龄")
    assert "公式没有保存计算结果" in result.problems.first[0][2]


def test_date_cells_and_text_cells_read_as_typed(tmp_path: Path) -> None:
    def build(ws: object) -> None:
        ws.append(["loan_contract_date", "person_id", "loan_amount"])  # type: ignore[attr-defined]
        ws.append([dt.date(2023, 1, 5), "007", 0.1 + 0.2])  # type: ignore[attr-defined]

    opened = open_roster(workbook_bytes(build), "xlsx", CLI, same)
    frame = next(opened.batches(0, 100, same)).frame
    assert frame.row(0)[1:] == ("2023-01-05", "007", "0.3")


def test_xlsx_streamed_in_batches_reads_as_csv(book: Rulebook, tmp_path: Path) -> None:
    """An .xlsx roster read in many batches gives the results the same roster gives as CSV."""
    from app.roster.synthetic import make_roster

    roster = make_roster(book, 1500, seed=9, blank_share=0.1)
    roster.write_excel(tmp_path / "r.xlsx")
    roster.write_csv(tmp_path / "r.csv")
    outs = []
    for kind in ("xlsx", "csv"):
        out = tmp_path / f"o-{kind}.csv"
        result = screen_file(book, tmp_path / f"r.{kind}", kind, ON, same, out=out,
                             out_kind="csv", limits=CLI, batch_rows=200, keep_facts=True)
        assert result.rows == 1500
        outs.append(pl.read_csv(out, infer_schema=False))
    from app.roster.bulk import output_columns

    results = output_columns(book)  # (a blank text cell is "" in one, empty in the other)
    assert outs[0].select(results).equals(outs[1].select(results))
    assert outs[0]["person_id"].equals(outs[1]["person_id"])


def test_a_name_two_programs_share_is_not_guessed(book: Rulebook) -> None:
    names = Names.of(book)
    shared = [a for a in book.programs["living_subsidy"].model.aliases
              if a in book.programs["nursing_subsidy"].model.aliases]
    assert shared  # e.g. 残疾补贴, 两项补贴
    for alias in shared:
        assert names.find(alias) is None, alias
    assert names.find("户口所在地") == (ADDRESS, "identity")  # also a hukou alias: identity wins


# ------------------------------------------------------------------ headers on two rows

def screened_csv(book: Rulebook, roster: str) -> RosterResult:
    """The result of screening the CSV text ``roster`` (its rows written out)."""
    return screen_file(book, roster.encode(), "csv", ON, same, out=io.BytesIO(), out_kind="csv",
                       limits=CLI)


GROUPED_CSV = (
    "田林县困难残疾人两项补贴比对表,,,,,,,,,\n"
    "序号,姓名,公民身份号码,残疾情况,,户籍情况,享受政策情况,,,\n"
    ",,,类别,等级,户口所在地,低保,特困供养,生活补贴,护理补贴\n"
    f"1,示例甲,{ID_1971},肢体,一级,田林县乐里镇新华村,是,否,否,否\n"
    "2,示例乙,452626198811022026,精神,三级,靖西市新靖镇,否,否,是,否\n")


def test_a_header_on_two_rows_is_read_as_one(book: Rulebook) -> None:
    """A county form's grouped header (Excel's CSV of merged cells: a group's name over the
    first of its columns, the columns not grouped named in the upper row alone): each grouped
    column is read by its own name in the lower row, and the lower row is no person."""
    result = screened_csv(book, GROUPED_CSV)
    mapping = result.mapping
    assert (mapping.group_row, mapping.header_row, mapping.above) == (2, 3, [1])
    assert [(c.header, c.target) for c in mapping.columns] == [
        ("序号", None), ("姓名", None), ("公民身份号码", ID_NUMBER),
        ("残疾情况 类别", "disability_category"), ("残疾情况 等级", "disability_grade"),
        ("户籍情况 户口所在地", ADDRESS),  # (not 户籍情况 → hukou: a group's name alone)
        ("享受政策情况 低保", "household_dibao"), ("享受政策情况 特困供养", "tekun"),
        ("享受政策情况 生活补贴", "receives_living_subsidy"),
        ("享受政策情况 护理补贴", "receives_nursing_subsidy")]
    assert result.rows == 2 and not result.problems.first
    assert mapping.header_note(same) == "表头分两行写，在第 2 行和第 3 行。各列的对应："


def test_a_guardian_s_columns_under_their_group_are_passed_through(book: Rulebook) -> None:
    """The fifty-ninth tester's children's list: 残疾人信息 over 姓名 | 身份证号 | 残疾人证号 |
    是否低保户 and 监护人信息 over 姓名 | 身份证号 | 联系电话, refused as one fact in two
    columns: the guardian's columns are another person's, passed through, named by their
    group; the child's read."""
    text = ("序号,残疾人信息,,,,监护人信息,,\n"
            ",姓名,身份证号,残疾人证号,是否低保户,姓名,身份证号,联系电话\n"
            "1,童0,451002201501013108,45100220150101310851,是,父0,451002194501013201,139\n")
    result = screened_csv(book, text)
    assert [(c.header, c.target) for c in result.mapping.columns] == [
        ("序号", None), ("残疾人信息 姓名", None), ("残疾人信息 身份证号", ID_NUMBER),
        ("残疾人信息 残疾人证号", "certificate_number"),
        ("残疾人信息 是否低保户", "household_dibao"),
        ("监护人信息 姓名", None), ("监护人信息 身份证号", None), ("监护人信息 联系电话", None)]
    assert result.rows == 1


def test_a_header_on_two_rows_from_merged_xlsx_cells(book: Rulebook) -> None:
    """The same header made of merged cells, whose text every cell of a merge carries: read
    as one header, not refused as a column written twice (残疾情况 over D and E)."""
    def build(ws: object) -> None:
        ws.append(["序号", "姓名", "公民身份号码", "残疾情况", None, "享受政策情况", None])  # type: ignore[attr-defined]
        ws.append([None, None, None, "类别", "等级", "低保", "生活补贴"])  # type: ignore[attr-defined]
        ws.append([1, "示例甲", ID_1971, "肢体", "一级", "是", "否"])  # type: ignore[attr-defined]
        for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1"):
            ws.merge_cells(cells)  # type: ignore[attr-defined]

    result = screen_file(book, workbook_bytes(build), "xlsx", ON, same, out=io.BytesIO(),
                         out_kind="csv", limits=CLI)
    mapping = result.mapping
    assert (mapping.group_row, mapping.header_row, mapping.above) == (1, 2, [])
    assert [c.target for c in mapping.columns] == [
        None, None, ID_NUMBER, "disability_category", "disability_grade", "household_dibao",
        "receives_living_subsidy"]
    assert result.rows == 1


def test_a_title_merged_over_the_whole_row(book: Rulebook) -> None:
    """The sixtieth tester's: a title merged over the whole row (A1:XFD1, 合并后居中 on a row
    selected whole) refused a list of 3 columns as one of 16,384: the title in its first cell,
    as a CSV holds it, the list read under it."""
    def build(ws: Any) -> None:
        ws.append(["田林县残疾人名单"])
        ws.append(["姓名", "公民身份号码", "低保"])
        ws.append(["示例甲", ID_1971, "是"])
        ws.merge_cells("A1:XFD1")
        from openpyxl.styles import Alignment
        ws.cell(row=1, column=16384).alignment = Alignment(horizontal="center")  # (formatted)

    data = workbook_bytes(build)
    assert b'r="XFD1"' in __import__("zipfile").ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml")
    result = screen_file(book, data, "xlsx", ON, same, out=io.BytesIO(),
                         out_kind="csv", limits=CLI)
    assert (result.mapping.header_row, result.mapping.above) == (2, [1])
    assert len(result.mapping.columns) == 3 and result.rows == 1


def test_a_group_row_above_the_header_found_names_its_columns(book: Rulebook) -> None:
    """Where the lower row is the one with more names, the upper row still names the columns
    written there alone: the ID number over a blank is read, not left above the header."""
    roster = ("姓名,身份证号,享受情况,,\n"
              ",,低保,特困供养,生活补贴\n"
              f"示例甲,{ID_1971},是,否,否\n")
    mapping = find_mapping(open_roster(roster.encode(), "csv", CLI, same).head,
                           Names.of(book), same)
    assert (mapping.group_row, mapping.header_row, mapping.above) == (1, 2, [])
    assert [c.target for c in mapping.columns] == [
        None, ID_NUMBER, "household_dibao", "tekun", "receives_living_subsidy"]


@pytest.mark.parametrize("person", [
    "张三,低保户,否,肢体",  # words only: no 序号, no ID number
    ",低保,特困,",  # a person's ticks under a header with a blank column
    "1,是,否,肢体",
])
def test_a_person_under_a_one_row_header_is_never_part_of_it(book: Rulebook,
                                                              person: str) -> None:
    roster = f"姓名,低保,特困供养,类别\n{person}\n"
    mapping = find_mapping(open_roster(roster.encode(), "csv", CLI, same).head,
                           Names.of(book), same)
    assert (mapping.group_row, mapping.header_row) == (None, 1)
    assert [c.header for c in mapping.columns] == ["姓名", "低保", "特困供养", "类别"]


def test_two_lists_with_headers_on_two_rows_are_screened_once_each_person(
        book: Rulebook) -> None:
    """Two villages' lists joined one under the other, each with its own two-row header: the
    second list's title and both its header rows are no person."""
    second = GROUPED_CSV.replace(ID_1971, "452626197503033017").replace("示例", "样例")
    roster = GROUPED_CSV + second
    result = screened_csv(book, roster)
    assert result.rows == 4
    assert (result.headers, result.titles) == ([7, 8], [6])


def test_an_admin_correction_is_kept_to_its_column_in_a_two_row_header(
        book: Rulebook) -> None:
    mapping = find_mapping(open_roster(GROUPED_CSV.encode(), "csv", CLI, same).head,
                           Names.of(book), same, by_index={4: None, 1: "age"})
    assert mapping.group_row == 2
    assert [c.target for c in mapping.columns][:6] == [
        None, "age", ID_NUMBER, "disability_category", None, ADDRESS]


@pytest.mark.parametrize(("roster", "header_row", "above"), [
    # a person without digits under a header whose last column is unnamed, notes under it
    ("姓名,类别,等级,户口所在地,低保,生活补贴,护理补贴,备注,\n示例甲,,,,,,,五保户,学生\n"
     "示例乙,精神,二级,靖西市新靖镇,是,否,否,,\n", 1, []),
    # the same, where taking the person's notes in would name 低保 twice
    ("姓名,性别,类别,等级,户口所在地,低保,特困供养,生活补贴,护理补贴,备注,\n"
     "示例甲,男,,,,,,,,低保户,特困\n示例乙,女,精神,二级,靖西市新靖镇,是,否,否,否,,\n", 1, []),
    # a form's line of two cells, or a title and its unit, above a one-row header
    ("填表单位：田林县残联,,,填表日期：2025年5月\n序号,姓名,残疾类别,低保\n1,示例甲,肢体,是\n",
     2, [1]),
    ("田林县两项补贴比对表,,,单位：元\n序号,姓名,残疾类别,低保\n1,示例甲,肢体,是\n", 2, [1]),
])
def test_a_one_row_header_is_not_joined_to_a_row_beside_it(
        book: Rulebook, roster: str, header_row: int, above: list[int]) -> None:
    """(The fresh tester's findings: each was read as a header on two rows, a person dropped
    or the list refused, or every column named after the form's line above it.)"""
    result = screened_csv(book, roster)
    mapping = result.mapping
    assert (mapping.group_row, mapping.header_row, mapping.above) == (None, header_row, above)
    assert all(not c.parts for c in mapping.columns)
    assert result.rows == roster.count("示例")


ID_ROWS = ("乐业县同乐镇2025年新增持证残疾人名单,,,,,,\n"
           "序号,姓名,性别,身份证号码,家庭住址,户属性,备注\n"
           "1,黄秀英,女,452627196503120027,同乐镇六为村,,\n"
           "2,何村,男,452627197811020034,同乐镇央林村,,\n"
           "3,李小镇,男,452627198002150051,同乐镇火卖村,脱贫户,低保户\n")
NUMBERED_ROWS = ("那坡县城厢镇残疾人名册,,,,,,,\n"
                 "序号,户主姓名,残疾人姓名,残疾类别,程度,家庭情况,身份,备注\n"
                 "1,农一,农花,肢体,一级,,,\n"
                 "2,农二,农草,视力,二级,,,\n"
                 "3.,农三,农叶,精神,重度,低保户,学生,特困\n")

# a person with neither: no 序号, no ID number (the fifth tester's t5b)
NAMED_ROWS = ("乐业县同乐镇残疾人名单,,,,,\n"
              "序号,姓名,性别,类别,,备注\n"
              ",黄秀英,女,肢体,低保户,在校学生\n"
              "2,韦金,男,视力,,\n"
              "3,何村,男,听力,,\n")


@pytest.mark.parametrize("roster", [ID_ROWS, NUMBERED_ROWS, NAMED_ROWS],
                         ids=["id_number", "xuhao", "names_alone"])
def test_a_persons_row_whose_cells_read_as_names_is_never_the_header(book: Rulebook,
                                                                     roster: str) -> None:
    """A header that names one column, above people whose 户属性, 身份 and 备注 hold 脱贫户,
    学生 and 低保户, which read as names (the fourth and fifth fresh testers' findings: the
    third person's row was taken for the header, and everyone above it dropped). A row holding
    an ID number, or beginning with a bare number (a person's 序号), is never the header; nor
    one right under a header naming a column, where it holds text that is no name under a
    column the header names alone (黄秀英 under 姓名)."""
    result = screened_csv(book, roster)
    assert (result.mapping.header_row, result.mapping.above, result.rows) == (2, [1], 3)


def test_a_header_that_names_no_column_above_people_is_refused(book: Rulebook) -> None:
    """Where the header names no column at all, the list is refused as having none (the admin
    is asked which column is which), not read from a person's row."""
    with pytest.raises(NoColumns):
        screened_csv(book, ID_ROWS.replace("身份证号码", "编码"))


def test_a_person_under_a_header_is_not_its_second_row(book: Rulebook) -> None:
    """A person without a 序号 right under a header with an unnamed column (the fifth tester's
    finding): their cells under columns the header names alone (姓名 over 黄秀英) are no
    names, so the two rows are not one header, and the person is screened."""
    roster = ("序号,姓名,残疾类别,残疾等级,家庭情况,,备注\n"
              ",黄秀英,,,一般户,低保户,在校学生\n"
              "2,韦金,视力,二级,,,\n")
    result = screened_csv(book, roster)
    assert (result.mapping.group_row, result.mapping.header_row, result.rows) == (None, 1, 2)


def test_screening_one_program_reads_no_name_two_programs_share(book: Rulebook) -> None:
    """Through screen_file with ``programs``: 两补 stays unread (the thirtieth testers': read as
    "receives the living subsidy" when that one alone was screened, and as "receives the
    nursing subsidy" when that one was)."""
    seen: list[ColumnMap] = []
    screen_file(book, "姓名,两补,低保\n甲,是,是\n".encode(), "csv", ON, same, out=io.BytesIO(),
                out_kind="csv", limits=CLI, programs=["living_subsidy"], mapped=seen.append)
    column = seen[0].columns[1]
    assert column.target is None
    assert column.could_be == ("receives_living_subsidy", "receives_nursing_subsidy")
