"""The rows left out as dead, for a clerk to review (the forty-fourth tester's findings): how
many in all wherever a list of rows is cut; each one's reason (which column said it and its
text), on the console, the upload page, the .xlsx summary and a sheet of their own with the
row's cells (bounded); a person's other rows found whichever comes first, across batches (a
later row of the dead is not screened either; an earlier one, screened already, is named); and
columns that disagree said so."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from app.engine import Rulebook
from app.roster import bulk
from app.roster.bounds import CLI
from app.roster.bulk import ERRORS, row_list
from app.roster.cli import main
from app.roster.run import screen_file
from tests.test_roster_clerk import HEAD, ON, PEOPLE, _, csv_bytes, upload
from tests.test_roster_upload import sqlite_users  # noqa: F401 (a fixture)
from tests.test_staff_web import Browser

NOTE = [*HEAD, "备注"]
DEATH_COLUMNS = [*HEAD, "备注", "是否死亡", "死亡日期", "是否健在"]
A, B = PEOPLE
DISAGREE = "：各列说法不一，可能已经去世，照常筛查了；联系这个人之前请先核实。"


def person(k: int, *cells: str) -> list[str]:
    """The ``k``-th of many people (an ID number of their own), then ``cells``."""
    return [str(k), f"人{k}", f"45263019{40 + k % 50:02d}0101{k % 1000:03d}X", "", *A[4:],
            *cells]


def screened(book: Rulebook, rows: list[list[str]], batch_rows: int = 250_000,
             out_kind: str = "csv", kind: str = "csv", tmp_path: Path | None = None,
             program: str = "living_subsidy") -> tuple[bytes, Any]:
    """The result file's bytes and the result of screening ``rows`` (the header first) for
    ``program``, from a CSV, or from an .xlsx (``kind``, saved in ``tmp_path``)."""
    source: Path | bytes = csv_bytes(rows)
    if kind == "xlsx":
        from openpyxl import Workbook

        assert tmp_path is not None
        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        source = tmp_path / "表.xlsx"
        wb.save(source)
    out = io.BytesIO()
    result = screen_file(book, source, kind, ON, _, out=out, out_kind=out_kind, limits=CLI,
                         programs=[program], batch_rows=batch_rows)
    return out.getvalue(), result


def people_of(data: bytes) -> list[str]:
    """The 序号 of the rows of a CSV result."""
    return pl.read_csv(io.BytesIO(data), infer_schema=False).get_column("序号").to_list()


# ---------------------------------------------------------------- how many, where a list is cut

def test_a_list_of_rows_cut_says_how_many_in_all() -> None:
    first = "、".join(str(r) for r in range(2, 22))
    assert row_list(list(range(2, 59)), _) == f"{first} 等 57"
    # (only the first kept, all counted)
    assert row_list([2, 3], _, total=5) == "2、3 等 5"
    assert row_list(list(range(2, 22)), _) == first  # (twenty: none left out)
    assert row_list([4, 9], _, total=2) == "4、9"


@pytest.mark.parametrize("batch_rows", [7, 250_000])
def test_each_kind_of_row_left_out_says_how_many(batch_rows: int, book: Rulebook) -> None:
    totals = [["", "合计", *[""] * (len(NOTE) - 2)]] * 22
    rows = [NOTE, *(person(k, "已死亡") for k in range(1, 26)), person(26, ""), *totals]
    data, result = screened(book, rows, batch_rows)
    dead = "、".join(str(r) for r in range(2, 22))
    assert result.skipped(_) == [f"第 {dead} 等 25 行写着这个人已经去世（如“已死亡”），没有筛查。",
                                 "第 " + "、".join(str(r) for r in range(28, 48))
                                 + " 等 22 行是合计行，没有筛查。"]
    assert (result.rows, result.dead.count, people_of(data)) == (1, 25, ["26"])
    # the first rows with why, then how many in all
    listed = result.dead_listed(_)
    assert listed[:2] == ["第 2 行：备注：“已死亡”", "第 3 行：备注：“已死亡”"]
    assert listed[20:] == ["……共 25 行写着这个人已经去世，这里只列出前 20 行。"]


# ---------------------------------------------------------------- why each one was left out

@pytest.mark.parametrize(("kind", "batch_rows"), [("csv", 2), ("csv", 250_000), ("xlsx", 3)])
def test_each_row_left_out_as_dead_says_why(kind: str, batch_rows: int, tmp_path: Path,
                                            book: Rulebook) -> None:
    """Which column said it and its text; a long note is cut. A column asking whether the
    person died or lives that says otherwise makes the reading doubtful: the person is
    screened, with a note naming both sides for the clerk to check (the forty-fourth tester's,
    left out without a word; the forty-eighth's, left out with the disagreement named)."""
    long = "已死亡，" + "丧葬费已发放" * 10
    rows = [DEATH_COLUMNS,
            person(1, "已死亡", "", "", ""),
            person(2, "", "", "", ""),
            person(3, "", "是", "2024-01-01", ""),
            person(4, "", "否", "2024-01-01", ""),
            person(5, "", "", "2024-01-01", "是"),
            person(6, "已故", "", "", "是"),
            person(7, "已故", "否", "", "是"),
            person(8, long, "", "", ""),
            person(9, "已故", "", "", "-"),  # (a dash: a blank cell, no answer)
            person(10, "", "", "", "否")]
    data, result = screened(book, rows, batch_rows, kind=kind, tmp_path=tmp_path)
    assert (result.rows, result.died) == (5, [2, 4, 9, 10, 11])
    assert result.dead_listed(_) == [
        "第 2 行：备注：“已死亡”",
        "第 4 行：是否死亡：“是”；死亡日期：“2024-01-01”",
        f"第 9 行：备注：“{long[:40]}……”",
        "第 10 行：备注：“已故”",
        "第 11 行：是否健在：“否”"]
    result_rows = pl.read_csv(io.BytesIO(data), infer_schema=False)
    assert result_rows.get_column("序号").to_list() == ["2", "4", "5", "6", "7"]
    # (after the ID number's own error: these IDs are made up)
    assert [e.split("; ")[-1] for e in result_rows.get_column(ERRORS).to_list()[1:]] == [
        f"死亡日期: 死亡日期写着“2024-01-01”，但是否死亡写着“否”{DISAGREE}",
        f"死亡日期: 死亡日期写着“2024-01-01”，但是否健在写着“是”{DISAGREE}",
        f"备注: 备注写着“已故”，但是否健在写着“是”{DISAGREE}",
        f"备注: 备注写着“已故”，但是否死亡写着“否”、是否健在写着“是”{DISAGREE}"]
    assert result.doubted.count == 4 and result.doubted.rows == [5, 6, 7, 8]
    assert "第 5、6、7、8 行写着这个人可能已经去世" in result.repeats_note(_)


@pytest.mark.parametrize(("kind", "batch_rows"), [("csv", 2), ("csv", 250_000), ("xlsx", 3)])
def test_a_death_a_later_date_undoes_is_screened_with_a_note(
        kind: str, batch_rows: int, tmp_path: Path, book: Rulebook) -> None:
    """A note saying a death by the screening date, and the date of death after it (the
    forty-sixth tester's: screened, the note's death passed over without a word): screened,
    alive on the day by the date column, with a note on the row naming both, and the summary
    naming the rows; a date alone after the day, or a death alone, as before."""
    rows = [DEATH_COLUMNS,
            person(1, "2024年3月去世", "", "2025-08-01", ""),
            person(2, "", "", "2025-08-01", ""),
            person(3, "", "", "", ""),
            person(4, "已故", "是", "2025-09-01", "")]
    data, result = screened(book, rows, batch_rows, kind=kind, tmp_path=tmp_path)
    assert (result.rows, result.died) == (4, [])
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    undone = ("死亡日期: 死亡日期写着“2025-08-01”，在筛查日期之后，但备注写着“2024年3月去世”："
              "各列说法不一，按筛查日期时在世照常筛查了，请核对。")
    assert errors[0].endswith(undone) and "死亡" not in (errors[1] or "") + (errors[2] or "")
    assert errors[3] is not None and "备注写着“已故”、是否死亡写着“是”" in errors[3]
    assert result.undone.count == 2 and result.repeats_note(_) == (
        "第 2、5 行写着这个人已经去世，但死亡日期在筛查日期之后，按筛查日期时在世照常筛查了，"
        "请核对（见各行的说明）。")
    assert "死亡日期" not in result.problems.counts  # (a note, not a cell unread)


DOUBT_NOTE = "：可能已经去世，但没有确定，照常筛查了；联系这个人之前请先核实。"


@pytest.mark.parametrize(("kind", "batch_rows"), [("csv", 2), ("csv", 250_000), ("xlsx", 3)])
def test_a_death_doubted_is_screened_with_a_note(kind: str, batch_rows: int, tmp_path: Path,
                                                 book: Rulebook) -> None:
    """备注 疑似死亡 or 死亡（待核实） (the forty-eighth and forty-ninth testers': listed as
    qualifying and not receiving without a word): screened, as no living person is left out on
    a doubt, the row noting the cell and the summary naming the rows, so that nobody is
    contacted before it is checked; a plain death is left out, and a blank or a relative's
    death notes nothing. A fact's column saying it (是否低保户 疑似死亡: a CSV's is read
    dictionary-coded) is noted too."""
    # (甲 and 乙, on 低保, qualify and do not receive: their certificates are well formed)
    rows = [DEATH_COLUMNS,
            [*A, "疑似死亡", "", "", ""],
            person(2, "", "", "", ""),
            [*B[:5], "是", *B[6:], "死亡（待核实）", "", "", ""],
            person(4, "已故", "", "", ""),
            person(5, "其父已故", "", "", "")]
    rows.append([*person(6, "", "", "", "")[:5], "疑似死亡", *person(6, "", "", "", "")[6:]])
    data, result = screened(book, rows, batch_rows, kind=kind, tmp_path=tmp_path)
    assert result.died == [5]
    found = pl.read_csv(io.BytesIO(data), infer_schema=False)
    assert found.get_column("序号").to_list() == ["1", "2", "2", "5", "6"]
    errors = [e or "" for e in found.get_column(ERRORS).to_list()]
    assert errors[0].endswith(f"备注: 备注写着“疑似死亡”{DOUBT_NOTE}")
    assert errors[2].endswith(f"备注: 备注写着“死亡（待核实）”{DOUBT_NOTE}")
    assert f"是否低保户: 是否低保户写着“疑似死亡”{DOUBT_NOTE}" in errors[4]
    assert DOUBT_NOTE not in errors[1] + errors[3]
    assert (result.doubted.count, result.doubted.rows) == (3, [2, 4, 7])
    # (the two whose 低保 is read are counted as qualifying and not receiving, and told so:
    # the fifty-first tester's, the summary's count held them without a word)
    statuses = found.get_column("living_subsidy.unclaimed").to_list()
    assert [statuses[k] for k in (0, 2, 4)] == ["true", "true", None]
    assert "其中 2 人算在了“符合但未享受”的人数里。" in result.repeats_note(_)
    assert ("第 2、4、7 行写着这个人可能已经去世（如“疑似死亡”“死亡待核实”，或各列说法不一），"
            "没有确定，照常筛查了：联系这些人之前请先核实（见各行的说明）。"
            ) in result.repeats_note(_)


def test_a_row_left_out_as_dead_names_any_column_saying_the_person_lives(
        book: Rulebook) -> None:
    """备注 健在 beside 死亡日期 2024-03-01, 人员状态 正常 beside 备注 已故 (the forty-seventh
    tester's: left out without a word; the forty-eighth's: left out, though the columns
    disagree): screened, the disagreement named on the row; another's life (父亲健在) or a
    state of a payment's column (发放状态 正常) is none: left out."""
    head = [*HEAD, "备注", "死亡日期", "人员状态", "发放状态"]
    rows = [head, person(1, "健在", "2024-03-01", "", ""),
            person(2, "已故", "", "正常", ""),
            person(3, "父亲健在", "2024-03-01", "", "正常")]
    data, result = screened(book, rows)
    assert result.died == [4]
    assert result.dead_listed(_) == ["第 4 行：死亡日期：“2024-03-01”"]
    assert [e.split("; ")[-1] for e in pl.read_csv(io.BytesIO(data), infer_schema=False)
            .get_column(ERRORS).to_list()] == [
        f"死亡日期: 死亡日期写着“2024-03-01”，但备注写着“健在”{DISAGREE}",
        f"备注: 备注写着“已故”，但人员状态写着“正常”{DISAGREE}"]


def test_the_xlsx_result_lists_the_dead_with_their_cells(tmp_path: Path, capsys: Any) -> None:
    """On a sheet of their own: row, why, and the row's cells as the results' sheet shows a
    person's (the 序号 a number); the summary and the console list them with why; the CSV
    result (for machines) holds none of them, as before."""
    from openpyxl import load_workbook

    src, out = tmp_path / "表.csv", tmp_path / "结果.xlsx"
    src.write_bytes(csv_bytes([DEATH_COLUMNS, person(1, "", "是", "2024-01-01", ""),
                               person(2, "", "", "", ""), person(3, "已故", "", "", "")]))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                 "--programs", "living_subsidy"]) == 0
    printed = capsys.readouterr().out
    why = "是否死亡：“是”；死亡日期：“2024-01-01”"
    pointer = ("写着已经去世、没有筛查的各行，连同原因和原来的各格，列在结果文件的“已去世未筛查”"
               "工作表里。")
    assert ("第 2、4 行写着这个人已经去世（如“已死亡”），没有筛查。\n"
            f"  第 2 行：{why}\n  第 4 行：备注：“已故”\n  {pointer}\n") in printed
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["筛查结果", "汇总", "已去世未筛查"]
    sheet = [row for row in book.worksheets[2].iter_rows(values_only=True)]
    first, third = (tuple(v or None for v in person(k, *cells)[1:])  # (blank: no cell)
                    for k, cells in ((1, ("", "是", "2024-01-01", "")), (3, ("已故", "", "", ""))))
    assert sheet == [("行号", "没有筛查的原因", *DEATH_COLUMNS), (2, why, 1, *first),
                     (4, "备注：“已故”", 3, *third)]
    assert [r[0] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)] == [2]
    summary = [r[0] for r in book.worksheets[1].iter_rows(values_only=True)]
    assert f"第 2 行：{why}" in summary and pointer in summary
    # the CSV result: the people only; the console: no sheet to point to
    assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / "结果.csv"),
                 "--programs", "living_subsidy"]) == 0
    assert people_of((tmp_path / "结果.csv").read_bytes()) == ["2"]
    printed = capsys.readouterr().out
    assert f"  第 2 行：{why}\n" in printed and pointer not in printed


def test_only_so_many_rows_left_out_as_dead_are_kept(monkeypatch: pytest.MonkeyPatch,
                                                     book: Rulebook) -> None:
    """A hostile file may hold millions: the first are kept with why and their cells, the rest
    counted, and the sheet says so."""
    from openpyxl import load_workbook

    monkeypatch.setattr(bulk, "DEAD_KEPT", 3)
    rows = [NOTE, *(person(k, "已死亡") for k in range(1, 6)), person(6, "")]
    data, result = screened(book, rows, batch_rows=2, out_kind="xlsx")
    assert (result.dead.count, result.died, len(result.dead.why)) == (5, [2, 3, 4], 3)
    assert result.dead.frame().height == 3
    assert result.skipped(_) == ["第 2、3、4 等 5 行写着这个人已经去世（如“已死亡”），没有筛查。"]
    assert result.dead_listed(_, at_most=20)[-1] == \
        "……共 5 行写着这个人已经去世，这里只列出前 3 行。"
    sheet = list(load_workbook(io.BytesIO(data), read_only=True).worksheets[2].iter_rows(
        values_only=True))
    assert [r[0] for r in sheet] == [
        "行号", 2, 3, 4, "另有 2 行写着这个人已经去世，没有列在这里：这里最多列出 3 行。"]


def test_no_death_no_sheet_and_no_word(book: Rulebook) -> None:
    from openpyxl import load_workbook

    data, result = screened(book, [NOTE, person(1, ""), person(2, "")], out_kind="xlsx")
    assert (result.dead.count, result.dead_listed(_), result.repeats_note(_)) == (0, [], "")
    assert load_workbook(io.BytesIO(data), read_only=True).sheetnames == ["筛查结果", "汇总"]


# ---------------------------------------------------------------- the person's other rows

@pytest.mark.parametrize("batch_rows", [1, 2, 250_000])
def test_a_later_row_of_a_person_said_dead_is_left_out_too(batch_rows: int,
                                                            book: Rulebook) -> None:
    """The forty-fourth tester's: a row saying 已死亡, the same ID number on a later row with a
    blank note, which was screened (qualifying, not receiving) without a word."""
    rows = [NOTE, [*A, "已死亡"], [*B, ""], [*A, ""], [*A, "已故"]]
    data, result = screened(book, rows, batch_rows)
    assert (result.rows, result.died, people_of(data)) == (1, [2, 4, 5], ["2"])
    assert result.dead_listed(_) == [
        "第 2 行：备注：“已死亡”",
        "第 4 行：身份证号码和第 2 行的相同，那一行写着这个人已经去世",
        "第 5 行：备注：“已故”；身份证号码和第 2 行的相同，那一行写着这个人已经去世"]
    assert result.repeats_note(_) == (
        "有 2 行的身份证号和上面写着已经去世的某一行相同，也当作已经去世，没有筛查："
        "第 4 行同第 2 行；第 5 行同第 2 行。")
    assert result.repeated == 0


@pytest.mark.parametrize("batch_rows", [1, 2, 250_000])
def test_a_death_said_below_a_row_screened_names_that_row(batch_rows: int,
                                                          book: Rulebook) -> None:
    """An earlier row of the person, screened and written before the row saying the death
    came, cannot be taken back: the dead row names it, and so does the summary; the person's
    rows after the dead one are left out with it."""
    rows = [NOTE, [*A, ""], [*B, ""], [*A, "2024年3月去世"], [*A, ""], [*B, ""]]
    data, result = screened(book, rows, batch_rows)
    assert (result.rows, result.died, people_of(data)) == (3, [4, 5], ["1", "2", "2"])
    assert result.dead_listed(_) == [
        "第 4 行：备注：“2024年3月去世”；身份证号码和第 2 行的相同，那一行照常筛查了，"
        "请核对它的结果",
        "第 5 行：身份证号码和第 4 行的相同，那一行写着这个人已经去世"]
    assert result.repeats_note(_) == " ".join([
        "有 1 行的身份证号和上面某一行的相同，可能是同一个人写了两遍：第 6 行同第 3 行。"
        "这些行都照常筛查了，人数里也都算了。",
        "有 1 行写着这个人已经去世，没有筛查，但上面有同一个人（身份证号相同）的行照常筛查了："
        "第 4 行同第 2 行。请核对上面那一行的结果。",
        "有 1 行的身份证号和上面写着已经去世的某一行相同，也当作已经去世，没有筛查："
        "第 5 行同第 4 行。"])
    # the repeat screened still says which row it repeats (positions kept past the dead rows)
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert errors == [None, None, "身份证号码: 与第 3 行的相同，可能是同一个人写了两遍。"]


def test_a_person_known_by_the_certificate_alone_is_named_by_it(book: Rulebook) -> None:
    rows = [NOTE, ["1", "甲", "", A[3], *A[4:], "已死亡"], ["2", "甲", "", A[3], *A[4:], ""]]
    _data, result = screened(book, rows, batch_rows=1)
    assert result.dead_listed(_)[1] == \
        "第 3 行：残疾人证号和第 2 行的相同，那一行写着这个人已经去世"


def test_a_roster_naming_no_one_leaves_out_the_dead_with_why(book: Rulebook) -> None:
    head = ["姓名", "是否低保户", "已享受生活补贴", "备注"]
    data, result = screened(book, [head, ["甲", "是", "否", "已死亡"], ["乙", "是", "否", ""]])
    assert (result.rows, result.died) == (1, [2])
    assert result.dead_listed(_) == ["第 2 行：备注：“已死亡”"]


# ---------------------------------------------------------------- the upload page

@pytest.mark.usefixtures("sqlite_users")
def test_the_upload_page_lists_the_dead_with_why() -> None:
    r = upload(csv_bytes([DEATH_COLUMNS, [*A, "", "是", "2024-01-01", ""], [*B, "", "", "", ""],
                          [*A, "", "", "", ""]]))
    assert r.status_code == 200
    assert "第 2、4 行写着这个人已经去世（如“已死亡”），没有筛查。" in r.text
    assert "<li>第 2 行：是否死亡：“是”；死亡日期：“2024-01-01”</li>" in r.text
    assert "<li>第 4 行：身份证号码和第 2 行的相同，那一行写着这个人已经去世</li>" in r.text
    assert "也当作已经去世，没有筛查：第 4 行同第 2 行。" in r.text


# ---------------------------------------------------------------- a sheet of the dead

@pytest.mark.parametrize(("header", "cell", "disagrees"), [
    ("备注", "本人健在", True), ("备注", "死亡待核实", True), ("备注", "已撤销死亡登记", True),
    ("人员状态", "正常", True), ("人员状态", "在册", True),
    # another's life, a payment's state: nothing of the person's
    ("备注", "父亲健在", False), ("发放状态", "正常", False)])
def test_a_row_listed_dead_by_a_sheet_but_saying_the_person_lives_is_screened_with_a_note(
        book: Rulebook, tmp_path: Path, header: str, cell: str, disagrees: bool) -> None:
    """A person a sheet of the dead lists, whose own row says they live or doubts it (备注 本人
    健在, 人员状态 正常: the forty-sixth tester's, left out as the sheet says, without a word of
    the row's; the fifty-first's, left out with the disagreement named, where the same within
    a row was screened): the reading is doubtful, so the person is screened, the row naming
    both, and counted; a row saying nothing of it, or another's life, is left out as before."""
    from tests.test_roster_sheets import screened as sheets_screened
    from tests.test_roster_sheets import workbook

    src = workbook(tmp_path / "表.xlsx", {
        "一村": [[*HEAD, header], [*A, cell], [*B, ""]],
        "死亡注销": [["姓名", "身份证号"], ["甲", A[2]], ["乙", B[2]]]})
    frame, result = sheets_screened(book, src)
    assert result.died == ([3] if disagrees else [2, 3])
    assert result.dead.why == ["列在工作表“死亡注销”第 3 行"] if disagrees else [
        "列在工作表“死亡注销”第 2 行", "列在工作表“死亡注销”第 3 行"]
    if disagrees:
        assert frame.get_column("姓名").to_list() == ["甲"]
        assert frame.get_column(ERRORS)[0].endswith(
            f"{header}: 列在工作表“死亡注销”第 2 行，但{header}写着“{cell}”{DISAGREE}")
        assert result.doubted.count == 1
    else:
        assert frame.height == 0


@pytest.mark.parametrize(("kind", "batch_rows"), [("csv", 2), ("csv", 250_000), ("xlsx", 3)])
def test_a_mark_under_a_column_of_death_that_says_nothing_read_is_reported(
        kind: str, batch_rows: int, tmp_path: Path, book: Rulebook) -> None:
    """★ or ？ under 是否死亡 or 是否健在 (the forty-sixth tester's: the person screened without a
    word): a cell not read, named with its row and text; the person screened. ✅ and ❌ are a
    yes and a no there; 是/否 left as printed, a blank and 备注's words say nothing to report."""
    rows = [DEATH_COLUMNS,
            person(1, "", "★", "", ""),
            person(2, "", "", "", "？"),
            person(3, "", "✅", "", ""),
            person(4, "", "❌", "", "✅"),
            person(5, "★", "是/否", "", ""),
            # (a date of death that is no date: the forty-eighth tester's, screened silently;
            # a death's date mistyped, a doubt: the fifty-ninth tester's)
            person(6, "", "", "2024-13-45", ""), person(7, "", "", "2024-02-30", "")]
    data, result = screened(book, rows, batch_rows, kind=kind, tmp_path=tmp_path)
    assert result.died == [4]
    assert result.problems.counts.get("是否死亡") == 1
    assert result.problems.counts.get("是否健在") == 1
    assert result.problems.counts.get("死亡日期") is None
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert "是否死亡: 写着“★”，看不出这个人是否去世，当作没有去世照常筛查了。" in errors[0]
    assert "是否健在: 写着“？”，看不出这个人是否去世，当作没有去世照常筛查了。" in errors[1]
    assert not any("看不出这个人是否去世" in (e or "") for e in errors[2:4])
    assert errors[4].endswith(f"死亡日期: 死亡日期写着“2024-13-45”{DOUBT_NOTE}")
    assert errors[5].endswith(f"死亡日期: 死亡日期写着“2024-02-30”{DOUBT_NOTE}")
    assert result.doubted.count == 2


def test_the_mapping_says_which_columns_are_read_for_a_death(tmp_path: Path,
                                                            capsys: Any) -> None:
    """是否死亡, 死亡日期, 是否健在 are passed through, yet read for a death (the forty-ninth
    tester's: shown as unread): the mapping says so, and that the other columns passed through
    (备注) are read for one too; a list without such a column has no such note."""
    src, out = tmp_path / "表.csv", tmp_path / "结果.csv"
    said = "用来看这个人是否已经去世（不是筛查问题，原样保留）"
    for head, row, shown in ((DEATH_COLUMNS, person(1, "", "", "", ""),
                              "“是否死亡”、“死亡日期”、“是否健在”" + said),
                             (NOTE, person(1, ""), None)):
        src.write_bytes(csv_bytes([head, row]))
        assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                     "--programs", "living_subsidy"]) == 0
        printed = capsys.readouterr().out
        assert (shown in printed) if shown else said not in printed


def test_a_person_a_sheet_of_the_dead_doubts_is_screened_with_a_note(
        book: Rulebook, tmp_path: Path) -> None:
    """A sheet of the dead whose row doubts the death (死亡名单 备注 待核实; 停发名单 疑似死亡:
    the fiftieth tester's, the person screened and only the summary saying so): the person's
    own row notes where the sheet names them, to check before anyone is contacted; a row of the
    sheet saying the death leaves its person out as before."""
    from tests.test_roster_sheets import screened as sheets_screened
    from tests.test_roster_sheets import workbook

    src = workbook(tmp_path / "表.xlsx", {
        "一村": [HEAD, A, B],
        "死亡名单": [["姓名", "身份证号", "备注"], ["甲", A[2], "死亡待核实"], ["乙", B[2], ""]]})
    frame, result = sheets_screened(book, src)
    assert result.died == [3]
    assert frame.get_column("姓名").to_list() == ["甲"]
    assert frame.get_column(ERRORS)[0].endswith(
        "身份证号码: 列在工作表“死亡名单”第 2 行，那一行写着可能已经去世，没有确定：照常筛查了；"
        "联系这个人之前请先核实。")
    assert result.doubted.count == 1


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_death_of_a_name_is_held_against_the_row_s_name(kind: str, tmp_path: Path,
                                                           book: Rulebook) -> None:
    """备注 王大明已故 beside 姓名 王小明 (the fiftieth tester's: left out as dead) is another's
    death: screened, no note; the row's own name is a death; without a column of names, a
    doubt, screened with a note. A state's bare 已注销 is a doubt; under a fact's column
    (特困供养) it is the support's, read as no, and a doubt too (why it stopped: the sixtieth
    tester's)."""
    head = [*HEAD, "备注", "人员状态"]
    rows = [head,
            ["1", "王小明", *person(1, "王大明已故", "")[2:]],
            ["2", "王小明", *person(2, "王小明已故", "")[2:]],
            ["3", "李四", *person(3, "", "已注销")[2:]],
            [*person(4, "", "")[:6], "已注销", *person(4, "", "")[7:]]]
    data, result = screened(book, rows, kind=kind, tmp_path=tmp_path)
    assert result.died == [3]
    errors = [e or "" for e in pl.read_csv(io.BytesIO(data), infer_schema=False)
              .get_column(ERRORS).to_list()]
    assert DOUBT_NOTE not in errors[0]
    assert f"人员状态: 人员状态写着“已注销”{DOUBT_NOTE}" in errors[1]
    assert f"特困供养: 特困供养写着“已注销”{DOUBT_NOTE}" in errors[2]
    # without the column of names: whose death it says cannot be told
    data, result = screened(book, [[c for c in head if c != "姓名"],
                                   [v for c, v in zip(head, rows[1], strict=True)
                                    if c != "姓名"]], kind=kind, tmp_path=tmp_path)
    assert result.died == []
    assert pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS)[0].endswith(
        f"备注: 备注写着“王大明已故”{DOUBT_NOTE}")


def test_the_fifty_second_testers_rows(book: Rulebook) -> None:
    """A date of death a note says is another's or in error: screened, the columns' dispute
    named (left out); a state beside its date or cause (停发（2024.3）, 自然减员): screened with a
    doubt (kept without a word); the row's own name after a role (户主王小明已故) or before its
    role in brackets: left out (kept); a wife named (李梅（妻）已故): screened (left out)."""
    named = person(5, "户主王小明已故", "", "", "")
    named[1] = "王小明"
    bracketed = person(6, "王小明（户主）已故", "", "", "")
    bracketed[1] = "王小明"
    wife = person(7, "李梅（妻）已故", "", "", "")
    wife[1] = "李四"
    rows = [DEATH_COLUMNS,
            person(1, "父亲的死亡日期", "", "2020-01-01", ""),
            person(2, "死亡日期填错，应为空", "", "2020-01-01", ""),
            person(3, "停发（2024.3）", "", "", ""),
            person(4, "自然减员", "", "", ""),
            named, bracketed, wife]
    data, result = screened(book, rows)
    assert result.died == [6, 7]
    assert people_of(data) == ["1", "2", "3", "4", "7"]
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert errors[0].endswith(
        f"死亡日期: 死亡日期写着“2020-01-01”，但备注写着“父亲的死亡日期”{DISAGREE}")
    assert errors[1].endswith(
        f"死亡日期: 死亡日期写着“2020-01-01”，但备注写着“死亡日期填错，应为空”{DISAGREE}")
    assert errors[2].endswith(f"备注: 备注写着“停发（2024.3）”{DOUBT_NOTE}")
    assert errors[3].endswith(f"备注: 备注写着“自然减员”{DOUBT_NOTE}")
    assert "去世" not in errors[4]


def test_the_household_head_s_death_on_the_head_s_own_row(book: Rulebook) -> None:
    """The fifty-third tester's t20_huzhu.csv: 户主已死亡 where 与户主关系 is 本人 or 户主,
    screened and listed as owed without a word. There it is the person's death (left out);
    on another member's row (配偶), another's, as before; without the column, as before."""
    rows = [[*HEAD, "与户主关系", "备注"],
            person(1, "本人", "户主已死亡"), person(2, "户主", "户主2024年病故"),
            person(3, "配偶", "户主已死亡"), person(4, "", "户主已死亡"),
            person(5, "本人", "户主之妻已故")]
    data, result = screened(book, rows)
    assert result.died == [2, 3]
    assert people_of(data) == ["3", "4", "5"]
    data, result = screened(book, [[*HEAD, "关系说明", "备注"], *rows[1:]])
    assert result.died == []


def test_the_head_named_in_brackets_after_the_word(book: Rulebook) -> None:
    """The fifty-fifth tester's: 户主已故（韦二） on the row of the new head (与户主关系 户主,
    姓名 韦大) left the living person out. The name in brackets after the word says whose: on
    韦大's row, 韦二's death (screened); on 韦二's own row, the person's (left out), as 黄三's on
    黄三's row and not on 人4's; without a
    column of names, a doubt (screened with a note)."""
    rows = [[*HEAD, "与户主关系", "备注"], person(1, "户主", "户主已故（韦二）"),
            person(2, "户主", "户主已故（韦二）"), person(3, "配偶", "已去世（黄三）"),
            person(4, "配偶", "已去世（黄三）")]
    rows[1][1], rows[2][1], rows[3][1] = "韦大", "韦二", "黄三"
    data, result = screened(book, rows)
    assert result.died == [3, 4]
    assert people_of(data) == ["1", "4"]
    unnamed = [[c for i, c in enumerate(r) if i != 1] for r in rows]
    data, result = screened(book, unnamed)
    assert result.died == []
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert errors[0].endswith(f"备注: 备注写着“户主已故（韦二）”{DOUBT_NOTE}")


def test_a_date_of_death_before_the_birth_date(book: Rulebook, tmp_path: Path) -> None:
    """The fifty-fifth tester's: 死亡日期 1950-01-01 beside an ID number of one born in 1985
    left the person out as dead. A date of death before the birth date the ID or certificate
    number gives is a slip: screened, noted with both. A date in the birth's own month, as far
    as written (1985年5月 for one born 1985-05-20, 1990年 for one born in 1990), is no slip; an
    ID number that gives no birth date (mistyped) says nothing. An Excel date's serial number
    (45352), as a CSV saved from it writes it, is told with the day it is."""
    rows = [[*HEAD[:4], "死亡日期"], ["1", "甲", A[2], "", "1950-01-01"],
            ["2", "乙", B[2], "", "1985年5月"],
            ["3", "丙", "", "45263019900315123241", "1990-03-14"],
            ["4", "丁", A[2][:-1] + "0", "", "1950-01-01"], ["5", "戊", "", "", "45352"],
            ["6", "己", "452626199007084562", "", "1990年"]]
    data, result = screened(book, rows)
    assert result.died == [3, 5, 6, 7]
    assert people_of(data) == ["1", "3"]
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert errors[0] == ("死亡日期: 死亡日期写着“1950-01-01”，但身份证号码里的出生日期是 "
                         f"1971-03-08{DISAGREE}")
    assert errors[1].endswith(f"但残疾人证号里的出生日期是 1990-03-15{DISAGREE}")
    assert result.dead_listed(_)[-2] == "第 6 行：死亡日期：“45352”（即 2024-03-01）"


def test_the_head_s_death_in_the_column_of_the_head_s_name(book: Rulebook) -> None:
    """The fifty-sixth tester's t12_headname.csv: 农大明（已故） under 户主 on 农大明's own row
    (与户主关系 户主) listed as owed. The column of the head's name is another's but on the
    head's own row: there, by the names or by 与户主关系, the person's death (left out); on a
    member's row none (screened, no note); where the row's name is blank, or another than the
    dead head's on the head's own row, a doubt (noted);
    without 姓名 and 与户主关系, a doubt on every row."""
    head = ["户主", "姓名", "与户主关系", *HEAD[2:]]
    rows = [head,
            ["农大明（已故）", "农大明", "户主", *person(1)[2:]],
            ["农大明（已故）", "黄秀英", "妻", *person(2)[2:]],
            ["梁福（已故）", "", "户主", *person(3)[2:]],
            ["韦三（已故）", "韦四", "本人", *person(4)[2:]],
            ["已故", "", "户主", *person(5)[2:]],
            ["农二", "农二", "户主", *person(6)[2:]],
            ["梁福（已故）", "", "妻", *person(7)[2:]]]
    data, result = screened(book, rows)
    assert result.died == [2, 6]
    assert result.dead_listed(_)[0] == "第 2 行：户主：“农大明（已故）”"
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert pl.read_csv(io.BytesIO(data), infer_schema=False).get_column("姓名").to_list() == [
        "黄秀英", None, "韦四", "农二", None]
    # (韦三（已故） on 韦四's row, 与户主关系 本人: the columns disagree on who the head is, and
    # the dead head may be this person: a doubt, the fifty-eighth tester's)
    assert [DOUBT_NOTE in (e or "") for e in errors] == [False, True, True, False, False]
    assert errors[1].endswith(f"户主: 户主写着“梁福（已故）”{DOUBT_NOTE}")
    bare = [[c for i, c in enumerate(r) if i not in (1, 2)] for r in rows]
    data, result = screened(book, bare)
    assert result.died == []
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True] * 5 + [False, True]


def test_a_filled_column_of_the_day_struck_off_is_noted(book: Rulebook) -> None:
    """The fifty-sixth tester's dh_08: 注销日期 2024-03-05 beside a person listed as qualifying
    and not receiving, without a word. Screened, noted; blank or 无, no note."""
    rows = [[*HEAD, "注销日期"], person(1, "2024-03-05"), person(2, ""), person(3, "无"),
            person(4, "2024-03-05死亡")]
    data, result = screened(book, rows)
    assert result.died == [5]
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, False, False]
    assert errors[0].endswith(f"注销日期: 注销日期写着“2024-03-05”{DOUBT_NOTE}")


def test_a_list_in_english_says_its_deaths(book: Rulebook) -> None:
    """The fifty-sixth tester's t4b_english.csv: Date of death 2024-03-05 and Remarks deceased
    or passed away 2024, each listed as owed without a word: the date a death (left out), the
    remarks doubts (noted)."""
    rows = [[*HEAD, "Date of death", "Remarks"], person(1, "2024-03-05", ""),
            person(2, "", "deceased"), person(3, "", "passed away 2024"), person(4, "", "ok")]
    data, result = screened(book, rows)
    assert result.died == [2]
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, True, False]


def test_the_head_s_name_against_the_relation_and_a_date_years_ahead(book: Rulebook) -> None:
    """The fifty-seventh tester's: 户主 农四（已故） beside 姓名 农四 and 与户主关系 妻 (the
    columns disagree), and 死亡日期 2070-03-05 (a slip), each screened without a word: noted.
    A date within the year ahead stays a death not yet (screened, no note)."""
    rows = [["户主", "姓名", "与户主关系", *HEAD[2:], "死亡日期"],
            ["农四（已故）", "农四", "妻", *person(1)[2:], ""],
            ["", "乙", "户主", *person(2)[2:], "2070-03-05"],
            ["", "丙", "户主", *person(3)[2:], "2025-09-01"]]
    data, result = screened(book, rows)
    assert result.died == []
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, True, False]
    assert "2070-03-05" in errors[1]


def test_the_head_s_death_on_a_list_without_relations(book: Rulebook) -> None:
    """户主已故 where the list says no one's relation to the head: noted on every row."""
    rows = [[*HEAD, "备注"], person(1, "户主已故"), person(2, "户主（已故）"), person(3, "")]
    data, result = screened(book, rows)
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert result.died == []
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, True, False]


def test_the_head_s_death_under_another_name_on_the_head_s_row(book: Rulebook) -> None:
    """The fifty-eighth tester's: 户主 梁八（已故） beside 姓名 黄八 and 与户主关系 户主: the
    columns disagree on who the head is, and the dead head may be this person; screened
    without a word: noted. On a member's row (妻), another's death: no note."""
    rows = [["户主", "姓名", "与户主关系", *HEAD[2:]],
            ["梁八（已故）", "黄八", "户主", *person(1)[2:]],
            ["梁八（已故）", "黄九", "妻", *person(2)[2:]]]
    data, result = screened(book, rows)
    assert result.died == []
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, False]
    assert "梁八（已故）" in errors[0]


def test_a_death_after_the_screening_date_but_by_today_is_noted(book: Rulebook) -> None:
    """The fifty-eighth tester's: screened on a day past (2025-06-01), a 死亡日期 after it but
    before today (2025-09-01, 2025年10月, 2026年12月 on the 2nd) listed the person as owed
    without a word: alive on the day, so screened, but noted (dead now). A date after today,
    or no today given (the engine's callers that read no clock): no note. Beside 是否死亡 是,
    the date still undoes the death by the screening date (screened)."""
    rows = [[*HEAD, "死亡日期", "是否死亡"], person(1, "2025-09-01", ""),
            person(2, "2025年10月", ""), person(3, "2026-12-20", ""), person(4, "", ""),
            person(5, "2025-09-01", "是"), person(6, "2026年12月", "")]
    today = dt.date(2026, 12, 2)
    out = io.BytesIO()
    result = screen_file(book, csv_bytes(rows), "csv", ON, _, out=out, out_kind="csv",
                         limits=CLI, programs=["living_subsidy"], today=today)
    assert result.died == []
    errors = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False).get_column(
        ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, True, False, False, False, True]
    assert "2025-09-01" in errors[0]
    assert "在筛查日期之后" in errors[4]
    data, result = screened(book, rows)
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [False] * 6


@pytest.mark.usefixtures("sqlite_users")
def test_the_command_and_the_upload_read_the_clock_for_a_death_since(tmp_path: Path) -> None:
    """The command and the upload give today (the clock, read at the edge): a 死亡日期 of
    2025-09-01 screened for 2025-06-01 is noted in both results (the clock here is past it)."""
    rows = [[*HEAD, "死亡日期"], person(1, "2025-09-01"), person(2, "")]
    src, out = tmp_path / "表.csv", tmp_path / "结果.csv"
    src.write_bytes(csv_bytes(rows))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                 "--programs", "living_subsidy"]) == 0
    errors = pl.read_csv(out, infer_schema=False).get_column(ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, False]
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    r = b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "csv", "action": "download",
                                        "csrf_token": b.token},
                 files={"roster": ("roster.csv", csv_bytes(rows), "text/csv")})
    assert r.status_code == 200
    errors = pl.read_csv(io.BytesIO(r.content), infer_schema=False).get_column(ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, False]


def test_a_state_in_brackets_after_the_person_s_name(book: Rulebook) -> None:
    """The fifty-eighth tester's: 农大明（已销户） under 姓名 listed as owed without a word: the
    bracket read as a 备注 is (已销户: a doubt, noted; 已故: a death, left out); a name with a
    note of no death (农二（低保户）) or another's (韦三（父已故）) is screened without one."""
    rows = [["序号", "姓名", *HEAD[2:]], ["1", "农大明（已销户）", *person(1)[2:]],
            ["2", "覃二（失联）", *person(2)[2:]], ["3", "农二（低保户）", *person(3)[2:]],
            ["4", "韦三（父已故）", *person(4)[2:]], ["5", "黄五（已故）", *person(5)[2:]]]
    data, result = screened(book, rows)
    assert result.died == [6]
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, True, False, False]
    assert "农大明（已销户）" in errors[0]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_receipt_stopped_is_a_doubt(book: Rulebook, kind: str, tmp_path: Path) -> None:
    """The fifty-ninth tester's: 停发, 已注销, 暂停 under 已享受生活补贴 read as "not receiving",
    and the person listed as owed without a word, though a payment stops most often because
    the person died: noted (screened: receiving it or not is as read). 否 and 是: no note.
    Under a yes/no fact's own column (特困供养), 已注销 is the support's, read as no, and a
    doubt too: the sixtieth tester's 特困 停发, at 85, listed as owed."""
    cells = [("停发", "否"), ("已注销", "否"), ("暂停", "否"), ("否", "否"), ("否", "已注销"),
             ("是", "否"), ("已取消", "否"), ("未停发", "否")]
    rows = [HEAD, *([*person(k)[:6], tekun, *person(k)[7:8], receipt]
                    for k, (receipt, tekun) in enumerate(cells, 1))]
    data, result = screened(book, rows, kind=kind, tmp_path=tmp_path)
    assert result.died == []
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    # (已注销 under 特困 too, the support's: why it stopped, the sixtieth tester's)
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, True, True, False, True, False,
                                                          True, False]
    assert errors[0].endswith(f"已享受生活补贴: 已享受生活补贴写着“停发”{DOUBT_NOTE}")


def test_a_formula_without_its_value_under_a_column_of_death_is_a_doubt(book: Rulebook) -> None:
    """The fifty-ninth tester's: =IF(VLOOKUP(…死亡名单…),"是","否") under 是否死亡 and
    =DATE(2024,3,1) under 死亡日期, saved without their values, screened as alive with only the
    bad cell said: noted as a doubt too (screened). Under 备注 or a guardian's column, and a
    row whose other cell says the death (left out): none."""
    from tests.test_roster_headers import workbook_bytes

    def build(ws: Any) -> None:
        ws.append([*HEAD, "是否死亡", "死亡日期", "监护人死亡日期"])
        ws.append([*person(1), '=IF(A2>0,"是","否")', "", ""])
        ws.append([*person(2), "", "=DATE(2024,3,1)", ""])
        ws.append([*person(3), "", "", "=DATE(2024,3,1)"])
        ws.append([*person(4), "是", "=DATE(2024,3,1)", ""])
        ws.append([*person(5), "", "", ""])

    out = io.BytesIO()
    result = screen_file(book, workbook_bytes(build), "xlsx", ON, _, out=out, out_kind="csv",
                         limits=CLI, programs=["living_subsidy"])
    assert result.died == [5]
    errors = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False).get_column(
        ERRORS).to_list()
    formula = "是公式，没有保存计算结果，可能写着已经去世：照常筛查了；联系这个人之前请先核实。"
    assert [formula in (e or "") for e in errors] == [True, True, False, False]
    assert errors[0].endswith(f"是否死亡: 是否死亡{formula}")
    assert result.doubted.count == 2


def test_a_reason_quotes_a_cell_without_its_direction_marks(book: Rulebook) -> None:
    """The fifty-ninth tester's: a right-to-left override in 备注 (已故\u202e123) quoted as it
    was into the reason a row was left out, reordering the line on the console, the page and
    the sheet: quoted without it."""
    rows = [[*HEAD, "备注"], person(1, "已故\u202e123"), person(2, "")]
    _data, result = screened(book, rows)
    assert result.died == [2]
    assert result.dead_listed(_) == ["第 2 行：备注：“已故123”"]


def test_a_column_of_the_day_the_household_was_struck_off_is_no_hukou(book: Rulebook) -> None:
    """The sixtieth tester's: 注销户口日期 read as the hukou (its date "no province seen"), the
    person owed without a word: a column of the day struck off, filled a doubt."""
    rows = [[*HEAD, "注销户口日期"], person(1, "2024-03-05"), person(2, "")]
    data, result = screened(book, rows)
    assert result.mapping.columns[-1].target is None
    errors = pl.read_csv(io.BytesIO(data), infer_schema=False).get_column(ERRORS).to_list()
    assert [DOUBT_NOTE in (e or "") for e in errors] == [True, False]
