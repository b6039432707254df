"""The county comparison list of ../shared/samples screened end to end by the command, and
the command's mapping, refusals and outputs (issue 15)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from app.engine import Rulebook, screen
from app.roster.bulk import ERRORS, status_col, unclaimed_col
from tests.conftest import ROOT

SAMPLE = ROOT.parent / "shared" / "samples" / "roster_county_gb18030.csv"
ON = dt.date(2025, 6, 1)
SIX = ("living_subsidy", "nursing_subsidy", "pension_premium", "startup_subsidy",
       "loan_interest_subsidy", "stall_reservation")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", "screen-roster", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def person(age: int, category: str, grade: int, hukou: str, county: str | None, dibao: bool,
           tekun: bool, orphan: bool, care: bool | None, student: bool, pension: bool
           ) -> dict[str, Any]:
    """The facts a row of the sample means, written out by hand from the file."""
    facts: dict[str, Any] = {
        "age": age, "has_disability_certificate": True, "disability_category": category,
        "disability_grade": grade, "hukou": hukou, "household_dibao": dibao, "tekun": tekun,
        "orphan_allowance": orphan, "needs_long_term_care": care,
        "work_injury_nursing_allowance": False, "full_time_student": student,
        "receives_pension": pension}
    return {k: v for k, v in facts.items() if v is not None} | (
        {"county": county} if county is not None else {})


# ages on 2025-06-01 from the birth dates in the ID numbers; hukou and county from 户口所在地
PEOPLE = [
    person(54, "physical", 1, "baise", "tianlin", True, False, False, True, False, False),
    # 长期照护 “需要”: the codec reads a need written as 需要 as yes
    person(36, "mental", 3, "baise", "jingxi", True, False, False, True, False, False),
    person(40, "hearing", 2, "baise", "youjiang", False, False, False, False, True, False),
    person(69, "visual", 1, "baise", "longlin", True, True, False, True, False, True),
    person(34, "intellectual", 4, "other_guangxi", None, False, False, False, False, False,
           False),
    person(12, "multiple", 2, "baise", "tiandong", True, False, True, True, True, False),
]


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[subprocess.CompletedProcess[str], pl.DataFrame]:
    out = tmp_path_factory.mktemp("sample") / "result.csv"
    proc = run(str(SAMPLE), "--on", ON.isoformat(), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return proc, pl.read_csv(out, infer_schema=False)


def test_sample_mapping_is_printed_before_the_summary(
        screened: tuple[subprocess.CompletedProcess[str], pl.DataFrame]) -> None:
    proc, _frame = screened
    lines = proc.stdout.splitlines()
    assert lines[0] == "表头在第 3 行。各列的对应："
    assert lines[1] == "表头上面的第 1、2 行不是名单，没有筛查。"
    for expected in ("C 公民身份号码 → 身份证号", "D 残疾证号 → 残疾人证号",
                     "E 类别 → disability_category", "F 等级 → disability_grade",
                     "G 户口所在地 → 户籍地址", "H 低保 → household_dibao", "I 特困供养 → tekun",
                     "J 领孤儿基本生活费 → orphan_allowance", "K 长期照护 → needs_long_term_care",
                     "L 工伤护理费 → work_injury_nursing_allowance",
                     "M 在校学生 → full_time_student", "N 领养老金 → receives_pension",
                     "P 生活补贴 → 已享受“困难残疾人生活补贴”",
                     "Q 护理补贴 → 已享受“重度残疾人护理补贴”"):
        assert any(line.strip().startswith(expected) for line in lines), expected
    assert "原样保留的列（不是筛查问题）：序号、姓名、手机号码、备注" in proc.stdout
    assert proc.stdout.index("各列的对应") < proc.stdout.index("共筛查 6 人。")


def test_sample_statuses_agree_with_the_engine(
        book: Rulebook, screened: tuple[subprocess.CompletedProcess[str], pl.DataFrame]) -> None:
    _proc, frame = screened
    assert frame["姓名"].to_list() == ["示例甲", "示例乙", "示例丙", "示例丁", "示例戊", "示例己"]
    assert frame[ERRORS].to_list() == [None] * 6  # every cell of the county's list is read
    decided = 0
    for i, facts in enumerate(PEOPLE):
        want = {r.program.id: r.status for r in screen(book, facts, ON).results}
        for pid in SIX:
            assert frame[status_col(pid)][i] == want[pid], (i + 4, pid)
            decided += want[pid] != "undetermined"
    assert decided >= 12  # the sample decides most of the six, not "undetermined" everywhere
    # living subsidy: 甲 and 乙 qualify (dibao, not tekun, no orphan allowance), receive nothing
    assert frame[unclaimed_col("living_subsidy")].to_list()[:2] == ["true", "true"]


def test_no_recognised_column_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "r.csv"
    src.write_text("姓名,电话\n甲,1\n", "utf-8")
    proc = run(str(src), "--on", "2025-06-01", "--out", str(tmp_path / "o.csv"))
    assert proc.returncode == 2
    # (the headers a clerk types, and how to map others: no ids)
    assert "姓名、电话" in proc.stderr and "是否低保户" in proc.stderr
    assert "household_dibao" not in proc.stderr and "--columns" in proc.stderr
    assert not (tmp_path / "o.csv").exists()


def test_columns_file_maps_any_header(tmp_path: Path) -> None:
    src, out, cols = tmp_path / "r.csv", tmp_path / "o.csv", tmp_path / "map.yaml"
    src.write_text("姓名,困难标识,持证情况说明,户别\n甲,是,是,baise\n", "utf-8")
    cols.write_text("困难标识: household_dibao\n持证情况说明: has_disability_certificate\n"
                    "户别: hukou\n", "utf-8")
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out), "--columns", str(cols))
    assert proc.returncode == 0, proc.stderr
    assert "B 困难标识 → household_dibao（你家享受最低生活保障（低保）吗？）  (按 --columns 文件)" \
        in proc.stdout
    frame = pl.read_csv(out, infer_schema=False)
    assert frame[status_col("living_subsidy")][0] == "undetermined"  # tekun etc. unknown
    cols.write_text("困难标识: no_such_fact\n", "utf-8")
    bad = run(str(src), "--on", "2025-06-01", "--out", str(out), "--columns", str(cols))
    assert bad.returncode == 2 and "no_such_fact" in bad.stderr


def test_csv_result_has_a_bom_and_escapes_formulas(tmp_path: Path) -> None:
    src, out = tmp_path / "r.csv", tmp_path / "o.csv"
    src.write_text('备注,低保,户口\n"=HYPERLINK(""http://x"",""y"")",是,baise\n'
                   "+1,否,baise\n@x,否,baise\n-2,否,baise\n", "utf-8")
    assert run(str(src), "--on", "2025-06-01", "--out", str(out)).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pl.read_csv(data, infer_schema=False)
    assert frame["备注"].to_list() == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'@x", "'-2"]


def test_xlsx_result_for_people(tmp_path: Path, book: Rulebook) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "result.xlsx"
    proc = run(str(SAMPLE), "--on", ON.isoformat(), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    wb = load_workbook(out)
    sheet, summary = wb.worksheets[0], wb["汇总"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["序号", "姓名", "公民身份号码"]  # the roster's columns first
    # the list's 序号 as numbers, as its sheet holds them (the thirty-eighth tester's: text,
    # each cell marked "a number stored as text"); an ID number and a phone number stay text
    assert [sheet.cell(r, 1).value for r in (2, 3)] == [1, 2]
    assert sheet.cell(2, 3).value == "45263019710308201X"
    assert sheet.cell(2, header.index("手机号码") + 1).value == "13800000001"
    assert "困难残疾人生活补贴：结果" in header
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    k = header.index("困难残疾人生活补贴：结果")
    assert [sheet.cell(r, k + 1).value for r in (2, 3)] == ["可以申请", "可以申请"]
    flag = sheet.cell(2, header.index("困难残疾人生活补贴：符合但未享受") + 1)
    assert flag.value == "是" and flag.fill.fgColor.rgb.endswith("FFEB9C")
    # the programs one qualifies for and does not receive, one from the next by ；, as a
    # title may hold 、 (the sixth tester's)
    unclaimed = sheet.cell(2, header.index("符合但未享受的项目") + 1).value
    assert unclaimed == "困难残疾人生活补贴；重度残疾人护理补贴"
    rows = {r[0]: r[1:] for r in summary.iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["困难残疾人生活补贴"][:5] == (2, 4, 0, 0, 2)
    assert rows["重度残疾人护理补贴"][4] == 3  # 甲, 乙 (精神三级, 照护“需要”) and 己
    # where a rule is open, who decides (the presenter's wording)
    assert [c.value for c in summary[1]][7] == "规则未定之处（待定时由谁决定）"
    assert rows["困难重度残疾人家庭无障碍改造"][6].startswith("可能可以，请问")
    assert rows["困难残疾人生活补贴"][6] is None  # a settled rule: nobody else decides


def test_xlsx_result_writes_the_lists_numbers_as_numbers(tmp_path: Path) -> None:
    """序号 written with blanks or wide digits (“ 7 ”, “１２”: the fortieth tester's, left text)
    is a number too; a 序号 that is no whole number stays as written."""
    from openpyxl import load_workbook

    src, out = tmp_path / "表.csv", tmp_path / "结果.xlsx"
    src.write_text("序号,低保,户口\n 7 ,是,baise\n１２,否,baise\n3-1,否,baise\n", "utf-8")
    assert run(str(src), "--on", "2025-06-01", "--out", str(out)).returncode == 0
    sheet = load_workbook(out).worksheets[0]
    assert [sheet.cell(r, 1).value for r in (2, 3, 4)] == [7, 12, "3-1"]


def test_too_long_for_xlsx_is_refused_before_any_work(tmp_path: Path) -> None:
    src, out = tmp_path / "long.csv", tmp_path / "o.xlsx"
    with src.open("w", encoding="utf-8") as f:
        f.write("低保,户口\n")
        f.write("是,baise\n" * 1_048_576)
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out))
    assert proc.returncode == 1 and "1048575" in proc.stderr.replace(",", "") and "CSV" in \
        proc.stderr
    assert "共筛查" not in proc.stdout and not out.exists()
