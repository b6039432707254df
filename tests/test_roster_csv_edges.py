"""A CSV roster's odd files and the screening date, as the forty-eighth tester gave them: a file
holding NUL bytes (its cells parted by them, or one pasted into a cell), a list in Big5, rows
with fewer cells than the header, and ``--on`` written as the codec reads a date elsewhere."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from app.roster import opening
from app.roster.bounds import CLI, RosterError
from app.roster.files import open_roster, read_roster
from app.roster.launch import arguments, far_ahead_note, screening_date
from tests.conftest import ROOT

HEADER = "序号,姓名,公民身份号码,残疾证号,类别,等级,户口所在地,低保,备注"
ROW = "1,韦金村,451029197103081018,45102919710308101841,肢体,一级,田林县乐里镇新华村,是,"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", "screen-roster", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


# --- NUL bytes ------------------------------------------------------------------------------


@pytest.mark.parametrize("whole", [True, False])
def test_a_file_whose_cells_are_parted_by_nul_is_refused(whole: bool, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The tester's nul_sep.csv: read as one column mapped to hukou, screened, exit 0, the NULs
    copied to the result. Refused at its first row, whether read whole or (larger than
    opening.READ_WHOLE) checked from the file a block at a time."""
    if not whole:
        monkeypatch.setattr(opening, "READ_WHOLE", 10)
    src = tmp_path / "nul.csv"
    src.write_bytes("\n".join([HEADER.replace(",", "\0"), ROW.replace(",", "\0")]).encode())
    with pytest.raises(RosterError, match="第 1 行有不是文字的字符（NUL") as err:
        open_roster(src, "csv", CLI, str)
    assert "CSV UTF-8" in str(err.value)


@pytest.mark.parametrize("whole", [True, False])
def test_a_nul_in_one_cell_names_its_row(whole: bool, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A NUL pasted into a name (the tester's control.csv) on the fourth row, a quoted cell's
    line break above it not counted as a row."""
    if not whole:
        monkeypatch.setattr(opening, "READ_WHOLE", 10)
    rows = [HEADER, ROW.replace("一级", '"一\n级"'), ROW, ROW.replace("韦金村", "韦\0金村")]
    src = tmp_path / "nul.csv"
    src.write_bytes("\n".join(rows).encode())
    with pytest.raises(RosterError, match="第 4 行有不是文字的字符"):
        open_roster(src, "csv", CLI, str)


@pytest.mark.parametrize("whole", [True, False])
@pytest.mark.parametrize(("magic", "said"), [
    (b"PK\x03\x04", "这个文件其实是 Excel 工作簿（.xlsx），只是文件名写成了 CSV。"
                    "请把文件名最后的 .csv 改成 .xlsx，再上传。"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "这个文件其实是旧版 Excel 工作簿（.xls）")])
def test_a_workbook_named_csv_is_said_to_be_one(whole: bool, magic: bytes, said: str,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The fifty-ninth tester's: an .xlsx saved as 名单.csv was refused for a NUL character, "may
    not be a CSV saved from a sheet": said to be a workbook, with what to name it; likewise an
    old .xls. As bytes (the upload) and as a file read a block at a time (the command)."""
    if not whole:
        monkeypatch.setattr(opening, "READ_WHOLE", 10)
    data = magic + b"\0\0\x14\x00\x06\x00" + b"x" * 200
    src = tmp_path / "名单.csv"
    src.write_bytes(data)
    for source in (src, data):
        with pytest.raises(RosterError) as err:
            open_roster(source, "csv", CLI, str)
        assert str(err.value).startswith(said) and "NUL" not in str(err.value)


def test_a_utf16_file_holding_nul_bytes_is_still_read(tmp_path: Path) -> None:
    """Excel's "Unicode text" holds NUL bytes in every other place: converted, then checked."""
    src = tmp_path / "u16.csv"
    src.write_bytes("\n".join([HEADER, ROW]).encode("utf-16"))
    assert read_roster(src, "csv", str)["姓名"].to_list() == ["韦金村"]


def test_the_command_refuses_a_nul_separated_file(tmp_path: Path) -> None:
    src, out = tmp_path / "nul.csv", tmp_path / "o.csv"
    src.write_bytes("\n".join([HEADER.replace(",", "\0"), ROW.replace(",", "\0")]).encode())
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out))
    assert proc.returncode == 1, proc.stderr  # (as any roster refused)
    assert "NUL" in proc.stderr and "Traceback" not in proc.stderr and not out.exists()


# --- Big5 -----------------------------------------------------------------------------------

TRADITIONAL = "序號,姓名,公民身份號碼,殘疾證號,類別,等級,戶口所在地,低保,備註"
TRADITIONAL_ROW = "1,韋金村,451029197103081018,45102919710308101841,肢體,一級,田林縣樂里鎮,是,"


def test_a_big5_list_is_named_as_big5(tmp_path: Path) -> None:
    """Read as GB18030, the tester's big5.csv was mojibake, "no column recognised"."""
    src = tmp_path / "big5.csv"
    src.write_bytes("\r\n".join([TRADITIONAL, TRADITIONAL_ROW]).encode("cp950"))
    with pytest.raises(RosterError, match="Big5（繁体中文）编码") as err:
        open_roster(src, "csv", CLI, str)
    assert "CSV UTF-8" in str(err.value)


def test_a_gbk_list_is_read_as_before(tmp_path: Path) -> None:
    """The same list in GBK (simplified, or traditional as GBK holds it too) is read: its
    header's words are found in the GB18030 reading; even where its Big5 reading holds one
    too (a note whose GBK bytes are 姓名's in Big5)."""
    odd = "姓名".encode("cp950").decode("gb18030")
    for header in (HEADER, TRADITIONAL):
        src = tmp_path / "gbk.csv"
        src.write_bytes("\r\n".join([header, ROW + odd]).encode("gb18030"))
        assert read_roster(src, "csv", str)["姓名"].to_list() == ["韦金村"]


# --- rows shorter than the header -------------------------------------------------------------

CELLS = len(HEADER.split(","))


@pytest.mark.parametrize("quoted", [False, True])
def test_rows_with_fewer_cells_than_the_header_are_found(quoted: bool, tmp_path: Path) -> None:
    """The tester's short_rows.csv: row 2 has 5 cells of 17, read with the rest blank, without
    a word. Rows are numbered as polars numbers them (opening's ROW: a title above the header,
    a blank line counted); a blank line or a row of empty cells is no short row; in a file
    with a quote mark (a quoted cell's comma and line break are its text), as without."""
    full = ROW.replace("田林县乐里镇新华村", '"田林县乐里镇,\n新华村"') if quoted else ROW
    rows = ["百色市残疾人名单", HEADER, full, ",".join(ROW.split(",")[:3]), "", ",,",
            full, ",".join(ROW.split(",")[:-2])]
    src = tmp_path / "short.csv"
    src.write_text("\n".join(rows) + "\n", "utf-8")
    opened = open_roster(src, "csv", CLI, str)
    assert opened.short_rows(1) == [(4, 3), (8, CELLS - 2)]


def test_a_list_whose_rows_are_all_whole_has_no_short_row(tmp_path: Path) -> None:
    src = tmp_path / "whole.csv"
    src.write_text("\n".join([HEADER, ROW, ROW, ROW]), "utf-8")  # (no last line break)
    assert open_roster(src, "csv", CLI, str).short_rows(0) == []
    # the counts alone tell: the rows are not split one by one
    with src.open("rb") as raw:
        assert opening._all_as_wide(raw, b",", CELLS, 1)
        raw.seek(0)
        assert not opening._all_as_wide(raw, b",", CELLS + 1, 1)


def test_a_short_row_is_noted_on_its_row_and_a_programs_roster_is_not_looked_at(
        tmp_path: Path) -> None:
    """The tester's short_rows.csv through the command: the short row screened, its first
    cell left out named on the row, with what to check; the console lists it as a bad cell. A
    roster whose header is fact ids (written by a program, issue 15's) is not looked at: the
    count costs ~0.15 s per 100 MB there."""
    import polars as pl

    src, out = tmp_path / "short.csv", tmp_path / "out.csv"
    src.write_text("\n".join([HEADER, ",".join(ROW.split(",")[:5]), ROW]) + "\n", "utf-8")
    done = run(str(src), "--on", "2025-06-01", "--out", str(out), "--programs", "living_subsidy")
    assert done.returncode == 0, done.stderr
    said = "这一行只有 5 格，表头有 9 格：从这一格起都当作空白读了。"
    assert f"第 2 行，“等级”列：{said}" in done.stderr
    errors = pl.read_csv(out, infer_schema=False).get_column("row_errors").to_list()
    assert errors[0].startswith(f"等级: {said}") and said not in (errors[1] or "")
    src.write_text("age,hukou,household_dibao\n30,baise\n40,baise,true\n", "utf-8")
    done = run(str(src), "--on", "2025-06-01", "--out", str(out), "--programs", "living_subsidy")
    assert done.returncode == 0, done.stderr
    assert "只有" not in done.stdout + done.stderr
    assert pl.read_csv(out, infer_schema=False).get_column("row_errors").to_list() == [None, None]


# --- the screening date -------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["2025-06-01", "2025/6/1", "2025年6月1日", "2025.06.01",
                                     "２０２５/６/１", " 2025-6-1 ", "20250601"])
def test_the_screening_date_is_read_as_the_codec_reads_a_date(written: str) -> None:
    """The tester's 2025/6/1 and 2025年6月1日 were refused, though read everywhere else."""
    assert screening_date(written) == dt.date(2025, 6, 1)
    args = arguments(["x.csv", "--on", written, "--out", "o.csv"], str)
    assert args.on == "2025-06-01"


@pytest.mark.parametrize("written", ["2025-13-01", "2025/2/30", "june", "2025-06-01x", ""])
def test_what_is_no_date_is_left_as_written(written: str) -> None:
    assert screening_date(written) is None
    assert arguments(["x.csv", "--on", written, "--out", "o.csv"], str).on == written


def test_a_date_written_yyyy_mm_dd_does_not_import_the_codec() -> None:
    """The command begins reading the roster before the engine is imported (launch.start)."""
    code = ("import sys; from app.roster.launch import screening_date; "
            "assert screening_date('2025-06-01'); print('app.codec' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


def test_a_date_over_a_year_ahead_is_noted() -> None:
    today = dt.date(2025, 6, 1)
    assert far_ahead_note("2026-06-01", today, str) is None  # a year ahead: asked for
    assert far_ahead_note("2024-01-01", today, str) is None
    note = far_ahead_note("2099-01-01", today, str)
    assert note is not None and "2099-01-01" in note and "2025-06-01" in note


def test_the_command_reads_such_dates_and_notes_one_far_ahead(tmp_path: Path) -> None:
    src, out = tmp_path / "roster.csv", tmp_path / "o.csv"
    src.write_text("\n".join([HEADER, ROW]), "utf-8")
    proc = run(str(src), "--on", "2025年6月1日", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "一年多以后" not in proc.stderr
    far = run(str(src), "--on", "2099/1/1", "--out", str(out))
    assert far.returncode == 0, far.stderr
    assert "筛查日期 2099-01-01 在一年多以后" in far.stderr
