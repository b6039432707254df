"""One person on two rows (issue 15: "the same person twice is screened twice, and counted
twice, without a word"): each row whose ID number a row above holds says which, and the summary
counts them; they are still screened, as they may be two people with one number mistyped."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from app.engine import Rulebook
from app.roster.bounds import CLI
from app.roster.bulk import ERRORS, status_col
from app.roster.cli import main
from app.roster.run import screen_file
from tests.test_roster_clerk import HEAD, ON, PEOPLE, _, csv_bytes, upload
from tests.test_roster_upload import sqlite_users  # noqa: F401 (a fixture)

A, B = PEOPLE
# 甲 again as people write a number: lower-case x, grouped digits, a leading apostrophe (and
# no certificate number: known by the ID number alone)
A_AGAIN = ["3", "甲", "'452630 19710308 201x", "", *A[4:]]
# 乙 again, known by the certificate number alone (the ID number left blank)
B_AGAIN = ["4", "乙", "", *B[3:]]
# a mistyped number is no one's: not a repeat of anybody
TYPO = ["5", "丁", "45100219850520203", "", "百色市右江区", "否", "否", "否", "否"]


def screened(book: Rulebook, rows: list[list[str]], batch_rows: int = 250_000
             ) -> tuple[pl.DataFrame, Any]:
    out = io.BytesIO()
    result = screen_file(book, csv_bytes([HEAD, *rows]), "csv", ON, _, out=out,
                         out_kind="csv", limits=CLI, programs=["living_subsidy"],
                         batch_rows=batch_rows)
    return pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False), result


@pytest.mark.parametrize("batch_rows", [250_000, 2, 1])
def test_a_row_repeating_an_id_number_above_says_which_row(book: Rulebook,
                                                            batch_rows: int) -> None:
    # within a batch and across batches (a repeat several batches after the first row)
    frame, result = screened(book, [A, B, A_AGAIN, B_AGAIN, TYPO], batch_rows)
    errors = frame.get_column(ERRORS).to_list()
    assert errors[:2] == [None, None]
    assert errors[2] == "身份证号码: 与第 2 行的相同，可能是同一个人写了两遍。"
    # (named by the column that gave the number: here the certificate's)
    assert errors[3] == "残疾人证号: 与第 3 行的相同，可能是同一个人写了两遍。"
    assert errors[4] is not None and "两遍" not in errors[4]  # (its own bad cell only)
    # each row screened as it would be alone
    status = frame.get_column(status_col("living_subsidy")).to_list()
    assert status == [screened(book, [row])[0].get_column(status_col("living_subsidy"))[0]
                      for row in (A, B, A_AGAIN, B_AGAIN, TYPO)]
    assert result.rows == 5 and result.repeated == 2
    assert result.repeats_note(_) == (
        "有 2 行的身份证号和上面某一行的相同，可能是同一个人写了两遍：第 4 行同第 2 行；"
        "第 5 行同第 3 行。这些行都照常筛查了，人数里也都算了。")
    # a repeat is a note, not a bad cell
    assert sum(result.problems.counts.values()) == 1


def test_a_repeat_of_a_repeat_names_the_first_row(book: Rulebook) -> None:
    frame, result = screened(book, [A, A_AGAIN, A], batch_rows=1)
    assert frame.get_column(ERRORS).to_list()[1:] == [
        "身份证号码: 与第 2 行的相同，可能是同一个人写了两遍。"] * 2
    assert result.repeats == [(3, 2), (4, 2)]


def test_no_repeats_no_word(book: Rulebook) -> None:
    frame, result = screened(book, [A, B])
    assert result.repeated == 0 and result.repeats_note(_) == ""
    assert frame.get_column(ERRORS).null_count() == 2


def test_the_summary_names_the_first_repeats_and_then_stops(book: Rulebook) -> None:
    _f, result = screened(book, [A] * 30)
    assert result.repeated == 29
    note = result.repeats_note(_)
    assert note.startswith("有 29 行的身份证号") and "第 22 行同第 2 行……。" in note
    assert "第 23 行" not in note


def test_the_command_and_the_xlsx_summary_say_it(tmp_path: Path, capsys: Any) -> None:
    from openpyxl import load_workbook

    src, out = tmp_path / "表.csv", tmp_path / "结果.xlsx"
    src.write_bytes(csv_bytes([HEAD, A, B, A_AGAIN]))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out),
                 "--programs", "living_subsidy"]) == 0
    said = "有 1 行的身份证号和上面某一行的相同，可能是同一个人写了两遍：第 4 行同第 2 行。"
    assert said in capsys.readouterr().out
    summary = load_workbook(out, read_only=True).worksheets[1]
    assert any(said in (row[0] or "") for row in summary.iter_rows(values_only=True))


@pytest.mark.usefixtures("sqlite_users")
def test_the_upload_page_says_it() -> None:
    r = upload(csv_bytes([HEAD, A, B, A_AGAIN]))
    assert r.status_code == 200
    assert "有 1 行的身份证号和上面某一行的相同" in r.text


def test_a_number_is_one_person_however_it_is_written(book: Rulebook) -> None:
    # full-width digits and dash (as the codec reads them), an old 15-digit number and its
    # 18-digit form, a wrong check digit: each the same person as the row above it
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in B[2])
    old = "452630710308201"  # 甲's first card: 6 + 6 + 3 digits, no century, no check digit
    rows = [["1", "乙", B[2], "", *B[4:]], ["2", "乙", wide[:6] + "－" + wide[6:], "", *B[4:]],
            ["3", "甲", old, "", *A[4:]], ["4", "甲", A[2], "", *A[4:]],
            ["5", "甲", A[2][:17] + "3", "", *A[4:]]]
    frame, result = screened(book, rows)
    errors = frame.get_column(ERRORS).to_list()
    assert [e is not None and "两遍" in e for e in errors] == [False, True, False, True, True]
    assert result.repeats == [(3, 2), (5, 4), (6, 4)]
    # a reissued certificate's number (…41B1) is the same person's as the first card's
    rows = [["1", "甲", "", A[3], *A[4:]], ["2", "甲", "", A[3] + "B1", *A[4:]],
            ["3", "甲", "", A[3] + "b2", *A[4:]]]
    frame, result = screened(book, rows)
    assert result.repeats == [(3, 2), (4, 2)]


def test_a_placeholder_number_is_no_one(book: Rulebook) -> None:
    zeros = ["1", "无证", "000000000000000000", "", *B[4:]]
    _f, result = screened(book, [zeros, [*zeros[:1], "无证二", *zeros[2:]]])
    assert result.repeated == 0
