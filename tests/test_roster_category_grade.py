"""A column of the certificate's category and grade together (issue 15, point 2): county lists
write 肢体一级 under 残疾类别及等级 or 类别等级. Before, such a header was passed through with a
note that it "could be either fact", and every category and grade it held went unread (the
nursing subsidy, which asks for 一级 or 二级, was 待定 for the whole list). Each cell now gives
both facts, held against a 类别 or 等级 column and a certificate number as those are held
against each other; a cell that says something else is named, never guessed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from app.engine import Rulebook, screen
from app.roster.bulk import ERRORS, status_col
from app.roster.cli import main, shared_name_notes, target_text
from app.roster.derive import Deriver
from app.roster.files import col
from app.roster.headers import CATEGORY_GRADE, ColumnMap, Names, find_mapping
from tests.support.typed_values import with_check_digit

ON = dt.date(2025, 6, 1)
UNREAD = ("读不出残疾类别和等级：请照残疾人证写，例如“肢体一级”“视力残疾二级”；"
          "有两类以上残疾的，写“多重”和证上的等级。")


def same(s: str) -> str:
    return s


def mapping_of(book: Rulebook, rows: list[list[str]]) -> ColumnMap:
    return find_mapping([(k, list[object](r)) for k, r in enumerate(rows, start=1)],
                        Names.of(book), same)


def derived(book: Rulebook, rows: list[list[str]]
            ) -> tuple[dict[str, list[Any]], list[tuple[list[int], list[str]]]]:
    """(category and grade per data row, the rows' errors) as the screener derives them; a
    row's own 类别 or 等级 column (read by the codec) is given to the Deriver as the screener
    gives it."""
    mapping = mapping_of(book, rows)
    width = len(rows[0])
    raw = pl.DataFrame({col(i): [r[i] for r in rows[1:]] for i in range(width)},
                       schema={col(i): pl.String for i in range(width)})
    from app.roster.columns import CellReader, parse_column

    given = []
    for c in mapping.columns:
        if c.target in ("disability_category", "disability_grade"):
            reader = CellReader(book, c.target, book.facts[c.target], ON, "zh-Hans", c.header)
            given.append(parse_column(raw.get_column(col(c.index)), reader))
    facts, errors = Deriver(book, mapping, ON, "zh-Hans").apply(raw, given)
    got = {p.name: p.value.to_list() for p in facts
           if p.name in ("disability_category", "disability_grade")}
    return got, [(p.bad_rows, p.bad_texts) for p in errors]


@pytest.mark.parametrize("header", ["类别等级", "残疾类别及等级", "残疾类别和等级", "残疾类别/等级",
                                    "类别、等级", "残疾类型及等级", "等级类别", "残疾类别级别",
                                    "残疾种类及等级", "Category and grade",
                                    # (the thirty-fourth tester's: read as the category alone,
                                    # as a unit in brackets is, and as nothing)
                                    "残疾类别（等级）", "等级(类别)", "类别/级别",
                                    "残疾类型及级别"])
def test_a_header_naming_the_category_and_the_grade_is_one_column_of_both(
        book: Rulebook, header: str) -> None:
    mapping = mapping_of(book, [["姓名", header, "低保"]])
    column = mapping.columns[1]
    assert column.target == CATEGORY_GRADE and not column.could_be
    assert shared_name_notes(mapping, book, same) == []  # (not "could be either")
    assert target_text(CATEGORY_GRADE, book, same) == \
        "残疾类别和等级 → 残疾类别、等级（如“肢体一级”）"


@pytest.mark.parametrize(("header", "target"), [
    ("残疾等级(一至四级)", "disability_grade"), ("残疾类别（肢体）", "disability_category"),
    ("年龄（周岁）", "age"), ("级别", "disability_grade")])
def test_a_note_in_brackets_naming_no_other_fact_stays_a_note(
        book: Rulebook, header: str, target: str) -> None:
    assert mapping_of(book, [["姓名", header, "备注"]]).columns[1].target == target


@pytest.mark.parametrize(("cell", "category", "grade"), [
    ("肢体一级", "physical", 1), ("视力残疾二级", "visual", 2), ("一级视力", "visual", 1),
    ("精神（三级）", "mental", 3), ("多重 2级", "multiple", 2), ("智力4级", "intellectual", 4),
    ("肢体一级（重度）", "physical", 1), ("听力Ⅱ级", "hearing", 2), ("言语残疾 4", "speech", 4),
    ("肢残/三级", "physical", 3), ("肢体", "physical", None), ("二级", None, 2),
    # 多重 with its kinds named, as the message asks (the thirty-fourth tester's: refused)
    ("多重（肢体、视力）一级", "multiple", 1), ("多重残疾(肢体,智力)二级", "multiple", 2),
    ("", None, None)])
def test_each_cell_gives_the_category_and_the_grade(
        book: Rulebook, cell: str, category: str | None, grade: int | None) -> None:
    got, errors = derived(book, [["姓名", "残疾类别及等级"], ["甲", cell]])
    assert got == {"disability_category": [category], "disability_grade": [grade]}
    assert errors == []


SEVERITY = ("等级和写在旁边的“重度”不一致：“重度”是一级、二级，“中度”“轻度”是三级、四级。"
            "请照残疾人证写等级，例如“二级”或“二级（重度）”。")


@pytest.mark.parametrize(("cell", "message"), [
    ("肢体一级、视力二级", UNREAD),  # two categories: 多重 and the card's grade
    ("多重（肢体一级、视力二级）", UNREAD),  # (多重, but which grade?)
    ("肢体、视力一级", UNREAD),
    ("听力语言一级", UNREAD),  # (the first certificates' category: hearing or speech?)
    ("视力三级（重度）", SEVERITY),  # (重度 is 一级 and 二级: the thirty-fourth tester's)
    ("五级", UNREAD), ("肢体一级二级", UNREAD), ("不详", UNREAD)])
def test_a_cell_that_says_something_else_is_named(book: Rulebook, cell: str,
                                                   message: str) -> None:
    got, errors = derived(book, [["姓名", "残疾类别及等级"], ["甲", cell], ["乙", "肢体二级"]])
    assert got == {"disability_category": [None, "physical"], "disability_grade": [None, 2]}
    assert errors == [([0], [f"残疾类别及等级: {message}"])]


def test_held_against_a_category_column_and_a_certificate_number(book: Rulebook) -> None:
    """Where a 类别 column or a certificate number gives the same fact, they agree or the fact
    stays unknown with both columns named, as an ID number and an age column are held."""
    cert = with_check_digit("45100219800101001") + "12"  # (19th digit 1 视力, 20th 2 二级)
    rows = [["姓名", "残疾人证号", "类别", "类别等级"],
            ["甲", cert, "视力", "视力二级"],  # all three agree
            ["乙", cert, "视力", "肢体二级"],  # the combined column disagrees on the category
            ["丙", "", "肢体", "肢体三级"],
            ["丁", "", "精神", "肢体一级"]]
    got, errors = derived(book, rows)
    assert got["disability_category"] == ["visual", None, "physical", None]
    assert got["disability_grade"] == [2, 2, 3, 1]
    rows_named = sorted(r for bad, _texts in errors for r in bad)
    assert rows_named == [1, 3]
    texts = [t for _bad, ts in errors for t in ts]
    assert any("类别" in t and "类别等级" in t and "肢体残疾" in t for t in texts), texts


def test_a_disagreement_names_the_column_that_gave_the_value(book: Rulebook) -> None:
    """Where a blank 类别 left the category to the certificate number, a disagreement names
    the certificate number's column, not the blank one (the thirty-fourth tester's: “类别”列：
    这一列是“视力残疾”, with 类别 empty); and a row two columns disagree on stays unknown,
    whatever a third says."""
    cert = with_check_digit("45100219800101001") + "12"  # (视力, 二级)
    rows = [["姓名", "残疾人证号", "类别", "类别等级"],
            ["甲", cert, "", "肢体二级"],  # the certificate against the combined column
            ["乙", cert, "肢体", "肢体二级"],  # 类别 against the certificate: a third agrees
            ["丙", "", "", "肢体二级"]]
    got, errors = derived(book, rows)
    assert got["disability_category"] == [None, None, "physical"]
    named = {r: t for bad, ts in errors for r, t in zip(bad, ts, strict=True)}
    assert named[0] == ("残疾人证号: 这一列是“视力残疾”，“类别等级”列的是“肢体残疾”，两者不一致。")
    assert named[1] == ("类别: 这一列是“肢体残疾”，“残疾人证号”列的是“视力残疾”，两者不一致。")
    assert sorted(named) == [0, 1]


def test_a_list_with_the_column_screens_as_the_engine_does(
        book: Rulebook, tmp_path: Path) -> None:
    """End to end, by the command: each row's statuses are the per-person engine's with the
    facts the row means (the nursing subsidy asks for 一级 or 二级)."""
    roster = tmp_path / "list.csv"
    roster.write_text("姓名,残疾类别及等级,户籍,低保,特困,孤儿基本生活费,长期照护,工伤护理费,"
                      "持证\n"
                      "甲,肢体一级,本市,是,否,否,是,否,是\n"
                      "乙,精神（三级）,本市,是,否,否,是,否,是\n"
                      "丙,视力残疾二级（重度）,本市,否,否,否,是,否,是\n"
                      "丁,肢体一级、视力二级,本市,是,否,否,是,否,是\n", "utf-8")
    out = tmp_path / "result.csv"
    assert main([str(roster), "--on", ON.isoformat(), "--out", str(out), "--programs",
                 "living_subsidy,nursing_subsidy"]) == 0
    frame = pl.read_csv(out, infer_schema=False)
    base = {"hukou": "baise", "tekun": False, "orphan_allowance": False,
            "needs_long_term_care": True, "work_injury_nursing_allowance": False,
            "has_disability_certificate": True}
    people = [base | {"disability_category": "physical", "disability_grade": 1,
                      "household_dibao": True},
              base | {"disability_category": "mental", "disability_grade": 3,
                      "household_dibao": True},
              base | {"disability_category": "visual", "disability_grade": 2,
                      "household_dibao": False},
              base | {"household_dibao": True}]
    decided = 0
    for i, facts in enumerate(people):
        want = {r.program.id: r.status for r in screen(book, facts, ON).results}
        for pid in ("living_subsidy", "nursing_subsidy"):
            assert frame[status_col(pid)][i] == want[pid], (i, pid)
            decided += want[pid] != "undetermined"
    assert decided >= 6  # (the category and the grade decide; before, all were 待定)
    assert frame[ERRORS].to_list()[:3] == [None, None, None]
    assert UNREAD in frame[ERRORS][3]
