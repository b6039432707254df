"""A roster's headers as a fresh tester's county lists write them: a column the screener does
not read written twice (联系电话 of the person and of the guardian, 姓名, 备注), whether a
benefit is received beside how much (是否享受护理补贴 and 护理补贴金额), no column recognised, an
empty sheet, and a header written on two lines in its cell (是否⏎低保户)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest

from app.engine import Rulebook
from app.i18n import gettext_for
from app.roster.bounds import CLI, RosterError
from app.roster.bulk import ERRORS, RosterResult, status_col, unclaimed_col
from app.roster.cli import main, print_mapping
from app.roster.headers import BY_AMOUNT, Names, find_mapping, shown_header
from app.roster.run import screen_file

ON = dt.date(2025, 6, 1)
_ = gettext_for("zh-Hans")
ID_1971 = "45263019710308201X"  # born 1971-03-08, issued in the former 百色地区
CERT_1971 = ID_1971 + "41"  # physical (肢体), grade 1
# one who qualifies for the living subsidy, and the columns that say so
HEAD = ["姓名", "身份证号", "残疾人证号", "低保", "特困", "孤儿基本生活费"]
PERSON = ["甲", ID_1971, CERT_1971, "是", "否", "否"]


def screened(book: Rulebook, rows: list[list[str]]) -> tuple[pl.DataFrame, RosterResult]:
    """The result of screening ``rows`` (a CSV) for the living subsidy, as text."""
    out = io.BytesIO()
    result = screen_file(book, ("\n".join(",".join(r) for r in rows) + "\n").encode(), "csv",
                         ON, _, out=out, out_kind="csv", limits=CLI,
                         programs=["living_subsidy"])
    return pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False), result


def xlsx_table(book: Rulebook, rows: list[list[str]]) -> list[list[object]]:
    """The first sheet of the .xlsx result of screening ``rows``, row by row (openpyxl)."""
    from openpyxl import load_workbook

    out = io.BytesIO()
    screen_file(book, ("\n".join(",".join(r) for r in rows) + "\n").encode(), "csv", ON, _,
                out=out, out_kind="xlsx", limits=CLI, programs=["living_subsidy"])
    sheet = load_workbook(io.BytesIO(out.getvalue()), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(("extra", "cells", "named"), [
    # the person's telephone and the guardian's, apart (as J and L)
    (["联系电话", "监护人", "联系电话"], ["13800000001", "韦二", "13800000002"],
     ["联系电话", "监护人", "联系电话 (I)"]),
    # the person's name and the guardian's
    (["监护人关系", "姓名"], ["母子", "韦二"], ["监护人关系", "姓名 (H)"]),
    # two notes side by side (was refused as a merged cell, which it is not)
    (["备注", "备注"], ["五保户", "学生"], ["备注", "备注 (H)"]),
])
def test_a_column_read_as_no_fact_may_repeat(book: Rulebook, extra: list[str],
                                             cells: list[str], named: list[str]) -> None:
    """A column the screener does not read, written twice (the fresh tester's: the whole list
    refused, "联系电话 and 联系电话 are one thing", or "备注 takes two columns, a merged cell"):
    the list is screened, and both columns are copied into the result as they are, the second
    under its column's letter (a frame, a sheet, holds one column of a name)."""
    rows = [HEAD + extra, PERSON + cells]
    frame, result = screened(book, rows)
    assert result.rows == 1 and frame[status_col("living_subsidy")].to_list() == ["eligible"]
    assert frame["姓名"].to_list() == ["甲"] and frame[ERRORS].to_list() == [None]
    assert [frame[n].to_list() for n in named] == [[c] for c in cells]
    # the mapping names them as the result does, each with its header as the sheet writes it
    assert [(c.header, c.written) for c in result.mapping.passed] == [
        ("姓名", "姓名"), *((n, h) for n, h in zip(named, extra, strict=True))]
    header, person = xlsx_table(book, rows)[:2]
    assert header[:len(rows[0])] == [*HEAD, *named]
    assert person[:len(rows[0])] == [*PERSON, *cells]


def test_the_same_place_column_twice_is_screened(book: Rulebook) -> None:
    """户籍 twice, each read cell by cell (an address, 本市): both copied into the result (a
    polars error, DuplicateError, and a traceback, before)."""
    frame, result = screened(book, [[*HEAD, "户籍", "户籍"], [*PERSON, "本市", "百色市田东县"]])
    assert frame["户籍"].to_list() == ["本市"] and frame["户籍 (H)"].to_list() == ["百色市田东县"]
    assert [(c.header, c.written) for c in result.mapping.read[-2:]] == [
        ("户籍", "户籍"), ("户籍 (H)", "户籍")]


def test_a_repeated_header_with_a_column_twice_is_no_person(book: Rulebook) -> None:
    """Two lists joined one under the other, each with 联系电话 twice: the second header is
    told by the headers as the sheet writes them (联系电话, not the result's 联系电话 (I)), and
    left out, not screened as a person."""
    head = [*HEAD, "联系电话", "监护人", "联系电话"]
    person = [*PERSON, "13800000001", "韦二", "13800000002"]
    frame, result = screened(book, [head, person, head, person])
    assert result.rows == 2 and result.headers == [3]
    assert frame["联系电话 (I)"].to_list() == ["13800000002"] * 2


def test_a_column_of_a_fact_twice_is_still_refused(book: Rulebook) -> None:
    """Two columns of one fact (a recognised header twice) are refused, naming both; a
    merged cell is said only of a recognised header over two columns side by side."""
    with pytest.raises(RosterError, match="“低保”列（D 列）和“低保”列（H 列）是同一项"):
        screened(book, [[*HEAD, "备注", "低保"], [*PERSON, "", "是"]])
    with pytest.raises(RosterError, match="“低保”占了 D、E 两列（合并的单元格）"):
        find_mapping([(1, [*HEAD[:4], "低保", *HEAD[4:]])], Names.of(book), _)


@pytest.mark.parametrize("header", [
    ["是否享受生活补贴", "生活补贴金额"],  # side by side
    ["生活补贴（元/月）", "备注", "是否享受生活补贴"],  # apart, the amount first
])
def test_whether_received_beside_how_much(book: Rulebook, header: list[str]) -> None:
    """是否享受 and its amount as two columns, a common layout (the fresh tester's: refused as
    one fact written twice): read together, the amount's column said so in the mapping; yes
    where either says yes (an amount above 0), no where 否 and the amount 0 or blank."""
    amount = next(k for k, h in enumerate(header) if "元" in h or "金额" in h)
    whether = header.index("是否享受生活补贴")
    rows = []
    for yes_no, money in (("否", ""), ("", "90"), ("是", ""), ("", ""), ("否", "0")):
        cells = ["x"] * len(header)
        cells[whether], cells[amount] = yes_no, money
        rows.append([*PERSON, *cells])
    frame, result = screened(book, [HEAD + header, *rows])
    assert frame[unclaimed_col("living_subsidy")].to_list() == [
        "true", "false", "false", None, "true"]
    read = {c.header: c.how for c in result.mapping.read}
    assert read[header[amount]] == BY_AMOUNT and read["是否享受生活补贴"] != BY_AMOUNT
    out = io.StringIO()
    print_mapping(result.mapping, book, _, out)
    assert f"{header[amount]} → 已享受“困难残疾人生活补贴”（receives_living_subsidy）  (按金额，" \
           "和同一项的另一列合起来读" in out.getvalue()


def test_the_nursing_subsidy_received_and_its_amount(book: Rulebook) -> None:
    """The tester's own: 是否享受护理补贴 and 护理补贴金额 are one fact's two columns; two of
    either sort beside one of the other are refused, as any fact written twice."""
    names = Names.of(book)
    mapping = find_mapping([(1, ["姓名", "是否享受护理补贴", "联系电话", "护理补贴金额"])],
                           names, _)
    assert [(c.target, c.how == BY_AMOUNT) for c in mapping.read] == [
        ("receives_nursing_subsidy", False), ("receives_nursing_subsidy", True)]
    for twice in (["是否享受护理补贴", "护理补贴金额", "护理补贴（元/月）"],
                  ["是否享受护理补贴", "护理补贴", "护理补贴金额"],
                  ["护理补贴金额", "是否享受护理补贴", "护理补贴"]):
        with pytest.raises(RosterError, match="是同一项"):
            find_mapping([(1, ["姓名", *twice])], names, _)


def test_no_column_recognised_names_what_a_clerk_writes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No column recognised: the names known are headers a clerk writes, a few, and how to
    write a --columns file (the fresh tester's: some 150 ids, household_dibao_edge,
    receives_…); an empty sheet says so, not "headers seen: —"."""
    src = tmp_path / "roster.csv"
    src.write_text("姓名,困难标识\n甲,是\n", "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert "看到的列名：姓名、困难标识。" in err and "身份证号、残疾人证号、户籍地址" in err
    assert "是否低保户" in err and "_" not in err.replace("--columns", "")
    assert "“名单里的列名: 认得的列名”，例如“困难标识: 是否低保户”" in err
    from openpyxl import Workbook

    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    assert main([str(empty), "--on", "2025-06-01", "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert "名单是空的" in err and "—" not in err and "--columns" not in err


def test_a_header_written_on_two_lines_is_shown_on_one(
        book: Rulebook, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """是否⏎低保户 (Alt+Enter in the cell) and 是否⏎特困: the mapping showed both as 是否…; each
    is shown whole on one line, in the mapping, a row's bad cells and a column refused. A
    cell of more lines, or holding a person's number, is still cut at its first line (a title
    whose quote mark is never closed holds the rest of the file)."""
    src = tmp_path / "roster.csv"
    src.write_text('姓名,身份证号,"是否\n低保户","是否\r\n特困","联系\n电话"\n'
                   f"甲,{ID_1971},是,也许,1\n", "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / "r.csv"),
                 "--programs", "living_subsidy"]) == 0
    captured = capsys.readouterr()
    assert "  C 是否 低保户 → household_dibao" in captured.out
    assert "  D 是否 特困 → tekun" in captured.out and "是否…" not in captured.out
    assert "原样保留的列（不是筛查问题）：姓名、联系 电话" in captured.out
    assert "第 2 行，“是否 特困”列：" in captured.err
    # and the result's copied column too (the thirty-ninth tester's: 联系⏎电话 in its header)
    assert "联系 电话" in pl.read_csv(tmp_path / "r.csv", infer_schema=False).columns
    with pytest.raises(RosterError, match="“是否 低保户”列（C 列）和“低保”列（E 列）是同一项"):
        find_mapping([(1, ["姓名", "身份证号", "是否\n低保户", "备注", "低保"])], Names.of(book), _)
    assert shown_header("说明\n1\n2\n3") == "说明…"
    assert shown_header(f"标题\n甲,{ID_1971}", whole=True) == "标题…"
