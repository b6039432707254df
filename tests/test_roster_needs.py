"""The people's result (.xlsx) says, row by row, which of the roster's cells a program left
undetermined on that row reads and found blank or unreadable (issue 15: "an undetermined
person's row does not say which cell was missing", the last notes' leftover). The machines'
CSV keeps its columns."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from app.engine import Rulebook
from app.roster.bounds import CLI
from app.roster.bulk import NEEDS, only, output_columns, status_col
from app.roster.run import screen_file
from tests.support.typed_values import with_check_digit

ON = dt.date(2025, 6, 1)
ID = with_check_digit("45100219800101001")  # issued in 右江区, born 1980
NANNING = with_check_digit("45010319800101001")  # issued in 南宁
TITLE = "待定的项目要看的格子（空着或读不出）"
PROGRAMS = ["living_subsidy", "nursing_subsidy"]

HEADER = ["姓名", "身份证号", "残疾人证号", "户籍地址", "低保", "特困", "孤儿基本生活费",
          "长期照护", "工伤护理费"]
ROWS = [
    ["甲", ID, ID + "11", "百色市右江区", "是", "否", "否", "是", "否"],  # all known
    ["乙", ID, "", "百色市右江区", "是", "", "否", "", "否"],  # certificate, 特困, 照护 blank
    ["丙", ID, ID + "11", "", "是", "否", "否", "是", "否"],  # address blank: the card's county
    ["丁", ID, ID + "11", "百色市右江区", "否", "否", "否", "否", "否"],  # not eligible: nothing
    ["戊", ID, ID + "11", "向阳街道12号", "是", "否", "否", "是", "否"],  # unreadable address
    ["己", ID, ID + "14", "百色市右江区", "否", "否", "否", "", "否"],  # grade 4: 照护 aside
]


def xlsx_rows(book: Rulebook, header: list[str], rows: list[list[str]]) -> list[dict[str, object]]:
    text = "\n".join(",".join(r) for r in [header, *rows]) + "\n"
    out = io.BytesIO()
    screen_file(book, text.encode(), "csv", ON, lambda s: s, out=out, out_kind="xlsx",
                limits=CLI, programs=PROGRAMS)
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]  # type: ignore[arg-type]


def test_each_row_names_the_blank_cells_an_undetermined_program_reads(book: Rulebook) -> None:
    rows = xlsx_rows(book, HEADER, ROWS)
    assert list(rows[0])[-1] == TITLE
    needs = [r[TITLE] for r in rows]
    # 乙: its blank certificate, 特困 and 照护, in the roster's order; 丙: its address blank,
    # the card's Baise county stands in (no cell missing); 戊: an address that names no
    # place, with the card issued in Baise, likewise
    assert needs == [None, "残疾人证号、特困、长期照护", None, None, None, None]
    # each row named has a program undetermined, and each row with none named has none
    # undetermined but for the columns the list lacks (none here)
    undetermined = [any(r[f"{t}：结果"] == "还需要更多信息" for t in ("困难残疾人生活补贴",
                                                                  "重度残疾人护理补贴"))
                    for r in rows]
    assert undetermined == [n is not None for n in needs]


def test_an_unreadable_cell_is_named_as_a_blank_one(book: Rulebook) -> None:
    rows = xlsx_rows(book, HEADER, [["甲", ID, ID + "11", "百色市右江区", "也许", "否", "否",
                                     "是", "否"]])
    assert rows[0][TITLE] == "低保"
    assert "低保" in str(rows[0]["有问题的单元格"])


def test_hukou_from_a_card_issued_elsewhere_names_the_address_column(book: Rulebook) -> None:
    """Without an address column, hukou and county come from where the card was issued, if
    in Baise: a card issued in 南宁 gives neither, and the cell to fill in is no ID number's
    but the address the list lacks."""
    header = [h for h in HEADER if h != "户籍地址"]
    rows = xlsx_rows(book, header, [["甲", NANNING, NANNING + "11", "是", "否", "否", "是", "否"],
                                    ["乙", ID, ID + "11", "是", "否", "否", "是", "否"]])
    assert [r[TITLE] for r in rows] == ["户籍地址（名单里没有这一列）", None]


def test_the_machines_csv_keeps_its_columns(book: Rulebook) -> None:
    text = "\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n"
    out = io.BytesIO()
    screen_file(book, text.encode(), "csv", ON, lambda s: s, out=out, out_kind="csv",
                limits=CLI, programs=PROGRAMS)
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert NEEDS not in frame.columns
    assert frame.columns[-8:] == output_columns(only(book, PROGRAMS))
    assert frame[status_col("living_subsidy")][1] == "undetermined"


def test_the_summary_sheet_holds_the_mappings_notes(book: Rulebook) -> None:
    """A column not read because its header names two facts (孤儿) is said on the summary
    sheet too, as a printed summary is all a clerk may keep (the thirtieth testers')."""
    text = "姓名,身份证号,孤儿,低保\n甲," + ID + ",是,是\n"
    out = io.BytesIO()
    screen_file(book, text.encode(), "csv", ON, lambda s: s, out=out, out_kind="xlsx",
                limits=CLI, programs=PROGRAMS)
    summary = load_workbook(io.BytesIO(out.getvalue())).worksheets[1]
    cells = [c for row in summary.iter_rows(values_only=True) for c in row if c]
    assert any(str(c).startswith("“孤儿”可能是") for c in cells)


def test_the_needs_are_listed_in_the_users_language(book: Rulebook) -> None:
    from app.i18n import gettext_for

    text = "\n".join(",".join(r) for r in [HEADER, ROWS[1]]) + "\n"
    out = io.BytesIO()
    screen_file(book, text.encode(), "csv", ON, gettext_for("en"), out=out, out_kind="xlsx",
                limits=CLI, programs=PROGRAMS, lang="en")
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    row = list(sheet.iter_rows(values_only=True))[1]
    assert row[-1] == "残疾人证号, 特困, 长期照护"


def test_the_command_names_the_column_of_bad_cells_as_the_result_heads_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """More bad cells than the command lists: it sends the clerk to the result's column, by
    the name that result gives it (有问题的单元格 in the .xlsx; row_errors in the CSV)."""
    from app.roster.cli import main

    src = tmp_path / "list.csv"
    src.write_text("姓名,低保\n" + "".join(f"人{k},也许\n" for k in range(300)), "utf-8")
    for out, column in (("out.xlsx", "有问题的单元格"), ("out.csv", "row_errors")):
        assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / out),
                     "--programs", "living_subsidy"]) == 0
        assert f"见结果文件的“{column}”列。" in capsys.readouterr().err
