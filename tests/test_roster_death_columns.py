"""A death's column the roster does not recognise by its header (变动日期, 停保时间), named one by a
columns file or by the admin's choice on the upload page: read as a column so headed (the
fifty-sixth tester's: neither offered it, so the dead under such a column were listed as owed
with no way to correct it)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import polars as pl
import pytest

from app.engine import Rulebook
from app.roster.bounds import CLI, RosterError
from app.roster.bulk import ERRORS
from app.roster.cli import main
from app.roster.run import named_targets, screen_file
from tests.test_roster_clerk import ON, _, csv_bytes
from tests.test_roster_dead_rows import DOUBT_NOTE, HEAD, person
from tests.test_roster_upload import sqlite_users  # noqa: F401 (a fixture)
from tests.test_roster_upload_page import admin, choices_of, preview

ROWS = [[*HEAD, "变动日期", "停保时间", "监护人"], person(1, "2024年3月", "", ""),
        person(2, "", "2024-05-01", ""), person(3, "", "", "已故"), person(4, "", "", "")]


def screened(book: Rulebook, overrides: dict[str, str | None] | None = None
             ) -> tuple[list[str], list[str | None], list[int]]:
    """The 序号 of the rows screened, their errors, and the rows left out as dead."""
    out = io.BytesIO()
    result = screen_file(book, csv_bytes(ROWS), "csv", ON, _, out=out, out_kind="csv",
                         limits=CLI, programs=["living_subsidy"],
                         overrides=named_targets(book, overrides or {}))
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    return frame.get_column("序号").to_list(), frame.get_column(ERRORS).to_list(), result.died


def test_a_columns_file_names_a_death_s_column(book: Rulebook) -> None:
    people, errors, died = screened(book)
    assert (people, died) == (["1", "2", "3", "4"], [])  # (as the headers alone say: nothing)
    people, errors, died = screened(book, {"变动日期": "死亡日期", "停保时间": "注销日期",
                                           "监护人": "是否死亡"})
    # 变动日期 a date of death (left out), 停保时间 filled a doubt (noted), 监护人 now the person's
    assert (people, died) == (["2", "4"], [2, 4])
    assert errors[0] is not None and errors[0].endswith(
        f"停保时间: 停保时间写着“2024-05-01”{DOUBT_NOTE}")


def test_the_command_takes_such_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    src, cols, out = tmp_path / "名单.csv", tmp_path / "列.yaml", tmp_path / "结果.csv"
    src.write_bytes(csv_bytes(ROWS))
    cols.write_text("变动日期: 死亡日期\n", "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--columns", str(cols),
                 "--programs", "living_subsidy"]) == 0
    frame = pl.read_csv(out, infer_schema=False)
    assert frame.get_column("序号").to_list() == ["2", "3", "4"]
    cols.write_text("变动日期: 死亡日子\n", "utf-8")  # (a name of nothing: refused, listing these)
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--columns",
                 str(cols)]) == 2
    # (with the name it most likely meant: the fifty-eighth tester's, left to find in a list of
    # a hundred; an id likewise, and none where nothing is near)
    said = capsys.readouterr().err
    assert "没有这些事实：死亡日子。“死亡日子”是不是“死亡日期”？认得的有：" in said
    cols.write_text("变动日期: hukuo\n序号: 完全不像\n", "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--columns",
                 str(cols)]) == 2
    said = capsys.readouterr().err
    assert "没有这些事实：hukuo、完全不像。“hukuo”是不是“hukou”？认得的有：" in said


def test_the_admin_chooses_it_on_the_upload_page(sqlite_users: str) -> None:  # noqa: F811
    b = admin()
    roster = csv_bytes(ROWS)
    first = preview(b, roster)
    assert first.status_code == 200
    assert '<option value="death:死亡日期">死亡日期（用来看是否已经去世）</option>' in first.text
    fields = choices_of(first.text)
    column = next(k for k, v in fields.items() if k.startswith("head_") and v == "变动日期")
    fields[f"map_{column.split('_')[1]}"] = "death:死亡日期"
    again = preview(b, roster, fields)
    assert again.status_code == 200, again.text[:500]
    assert "共筛查 3 人。" in again.text and "“变动日期”" in again.text
    # (the mapping says the column is read for a death, not "not read": the fifty-eighth
    # tester's; so is a column whose own header says it)
    read_as = re.findall(r'<th scope="row" id="col-\d+">([^<]*)</th>\s*<td>([^<]*)<', again.text)
    assert ("变动日期", "死亡日期（用来看是否已经去世）") in read_as
    assert ("监护人", "不读（原样保留）") in read_as
    dated = preview(b, csv_bytes([[*HEAD, "死亡日期"], person(1, "")]))
    assert ("死亡日期", "用来看是否已经去世（原样保留）") in re.findall(
        r'<th scope="row" id="col-\d+">([^<]*)</th>\s*<td>([^<]*)<', dated.text)


def test_a_column_read_as_a_fact_is_never_a_death_s(book: Rulebook) -> None:
    """The fifty-eighth tester's slip, 低保: 死亡日期, left every 是 out as dead: refused, naming
    the column and what it is read as."""
    with pytest.raises(RosterError, match="“是否低保户”这一列读作“是否低保户”，不能再当作"):
        screened(book, {"是否低保户": "死亡日期"})


def test_the_upload_page_says_a_screening_date_years_ahead(sqlite_users: str) -> None:  # noqa: F811
    """The fifty-ninth tester's: 2031-01-01 (a year mistyped) said by the command, not by the
    page: said there too, as a warning above the summary; a date this year, nothing."""
    b = admin()
    far = preview(b, csv_bytes(ROWS), {"on": "2031-01-01"})
    assert far.status_code == 200
    assert "注意：筛查日期 2031-01-01 在一年多以后" in far.text
    near = preview(b, csv_bytes(ROWS))
    assert near.status_code == 200 and "在一年多以后" not in near.text


def test_two_columns_of_one_fact_are_listed_to_leave_one_unread(
        sqlite_users: str) -> None:  # noqa: F811
    """The fifty-ninth tester's: a guardian's 身份证号 beside the person's, refused as one fact
    in two columns with the message alone, nothing on the page to correct: the columns are
    listed, and the guardian's left unread screens the list."""
    rows = [["姓名", "身份证号", "是否低保户", "监护人", "身份证号"],
            ["甲", "451002197001013014", "是", "甲父", "451002194501013025"]]
    b = admin()
    first = preview(b, csv_bytes(rows))
    assert first.status_code == 400
    assert "“身份证号”列（B 列）和“身份证号”列（E 列）是同一项" in first.text
    fields = choices_of(first.text)
    assert fields["head_4"] == "身份证号" and fields["map_4"] == ""
    fields["map_4"] = "-"
    again = preview(b, csv_bytes(rows), fields)
    assert again.status_code == 200, re.findall(r"<li><a href=\"[^\"]*\">([^<]*)", again.text)
    assert "共筛查 1 人。" in again.text
    # a choice that leaves both read: the columns again, with the choices as made
    fields["map_4"], fields["map_2"] = "", "-"
    still = preview(b, csv_bytes(rows), fields)
    assert still.status_code == 400 and "是同一项" in still.text
    assert choices_of(still.text)["map_2"] == "-"


def test_a_death_s_choice_on_a_fact_s_column_links_to_that_choice(
        sqlite_users: str) -> None:  # noqa: F811
    """The sixtieth tester's: 身份证号 chosen as 死亡日期 on the page was refused with a link to
    the file's field and the fact's id: the link goes to the column's choice, the fact is named
    as a list heads it."""
    b = admin()
    roster = csv_bytes(ROWS)
    fields = choices_of(preview(b, roster).text)
    column = next(k for k, v in fields.items() if k.startswith("head_") and v == "身份证号码")
    index = column.split("_")[1]
    fields[f"map_{index}"] = "death:死亡日期"
    refused = preview(b, roster, fields)
    assert refused.status_code == 400
    assert f'<a href="#map_{index}">“身份证号码”这一列读作“身份证号”' in refused.text
    assert "id_number" not in refused.text.split('<div class="error-summary')[1].split("</div>")[0]
