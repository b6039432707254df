"""An ID number in an .xlsx number cell: an error for that cell (never read), but copied into
the result as the file holds it, never as a number that is not in the file (the fifty-sixth
tester's: ``<v>451029197707070774</v>``, every digit written, as exporters writing int64 do,
showed as 451029197707071000, another person's number to a clerk looking it up; and a
float-stored ``4.51029197707071E+17`` the same)."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl

from app.engine import Rulebook
from app.roster.bounds import CLI
from app.roster.run import screen_file
from app.roster.xlsx import CellProblem, XlsxSheet
from tests.support.hostile import SHEET_NS, xlsx

ON = dt.date(2025, 6, 1)
EXACT = "451029197707070774"  # every digit in the file
FLOAT = "4.51029197707071E+17"  # a double, as Excel and float writers put it
SHORT = "4.51029E+17"  # as Excel shows it in a narrow General column
LOWER = "4.510291977070708e+17"  # a double as Python's repr writes it (openpyxl)


def same(s: str) -> str:
    return s


def _sheet(values: list[str]) -> bytes:
    """A sheet headed 公民身份号码, 低保, 户口, one row per number cell in ``values``."""
    def text(ref: str, s: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{s}</t></is></c>'

    rows = [f'<row r="1">{text("A1", "公民身份号码")}{text("B1", "低保")}{text("C1", "户口")}'
            '</row>']
    for n, v in enumerate(values, start=2):
        rows.append(f'<row r="{n}"><c r="A{n}" t="n"><v>{v}</v></c>'
                    f'{text(f"B{n}", "是")}{text(f"C{n}", "baise")}</row>')
    return xlsx(f'<?xml version="1.0"?><worksheet {SHEET_NS}><sheetData>{"".join(rows)}'
                '</sheetData></worksheet>')


def test_a_long_number_cell_is_shown_as_the_file_holds_it() -> None:
    sheet = XlsxSheet(_sheet([EXACT, FLOAT, SHORT, LOWER, " 451029197707070774 ",
                              "123456789012345"]), CLI, same)
    cells = [row[0] for _n, row in sheet.rows()][1:]
    sheet.close()
    assert cells[:5] == [
        # the file holds every digit: not changed, but no number cell holds it (refused)
        CellProblem("lost_digits", EXACT, exact=True),
        # a double's digits past the fifteenth are not in the file: none invented (…1000)
        CellProblem("lost_digits", FLOAT), CellProblem("lost_digits", SHORT),
        CellProblem("lost_digits", LOWER),
        CellProblem("lost_digits", EXACT, exact=True)]
    assert cells[5] == "123456789012345"  # fifteen digits: a number cell holds them


def test_the_result_copies_the_cell_not_a_rounded_number(book: Rulebook) -> None:
    out = io.BytesIO()
    result = screen_file(book, _sheet([EXACT, FLOAT, SHORT]), "xlsx", ON, same, out=out,
                         out_kind="csv", limits=CLI)
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert frame["公民身份号码"].to_list() == [EXACT, FLOAT, SHORT]
    # each still an error for its cell, on its row (the rule stands: never read)
    assert [(row, column) for row, column, _m in result.problems.first] == [
        (2, "公民身份号码"), (3, "公民身份号码"), (4, "公民身份号码")]
    errors = frame["row_errors"].to_list()
    assert all(e and e.startswith("公民身份号码: ") for e in errors)
    # and each told what happened: every digit in the file (Excel would change it on opening
    # it), or changed already
    assert "文件里的号码是完整的" in errors[0] and "Excel 已改动了它" not in errors[0]
    assert "Excel 已改动了它" in errors[1] and "Excel 已改动了它" in errors[2]
