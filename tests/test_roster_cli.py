"""``python -m app.cli screen-roster``: CSV and Excel in and out, bad cells on stderr, summary."""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from app.engine import Rulebook
from app.roster.bulk import ERRORS, amount_col, status_col
from app.roster.cli import main
from app.roster.files import read_roster
from tests.conftest import ROOT

CSV = ("person_id,name,has_disability_certificate,hukou,household_dibao,tekun,"
       "orphan_allowance,age,receives_living_subsidy,note\n"
       "007,张三,是,baise,是,否,否,45,否,first\n"
       "008,李四,true,baise,true,false,false,130,,second\n"
       "009,王五,,baise,true,false,false,,true,third\n")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", "screen-roster", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_csv_in_csv_out(tmp_path: Path) -> None:
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(CSV, "utf-8")
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out), "--progress")
    assert proc.returncode == 0, proc.stderr
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["person_id"].to_list() == ["007", "008", "009"]
    assert frame["note"].to_list() == ["first", "second", "third"]
    assert frame[status_col("living_subsidy")].to_list() == ["eligible", "eligible",
                                                             "undetermined"]
    assert frame[amount_col("living_subsidy")].to_list() == ["90", "90", None]
    assert frame["unclaimed_programs"][0] == "living_subsidy"
    errors = frame[ERRORS].to_list()
    assert errors[0] is None and errors[2] is None
    assert errors[1].startswith("age: 不能大于 120。")
    # bad cell on stderr with its sheet row and column; progress bar there too
    assert "第 3 行，“age”列：不能大于 120。" in proc.stderr
    assert "[" + "#" * 30 + "] 100%" in proc.stderr
    assert proc.stderr.startswith("正在读取名单……\n")  # said before the long silent read
    # summary on stdout
    assert "共筛查 3 人。" in proc.stdout
    # each program by its title, as a clerk knows it, and by the id the result's columns use
    assert ("困难残疾人生活补贴（living_subsidy）：符合 2  不符合 0  待定 1  不在有效期 0  "
            "符合但未享受 1") in proc.stdout
    # the programs without a column saying who receives them, as the lines above name them,
    # one from the next by ；, as a title may hold 、 (水、电、气: the sixth tester's)
    missing = next(line for line in proc.stdout.splitlines() if "没有“已享受”列" in line)
    assert "；重度残疾人护理补贴（nursing_subsidy）；" in missing
    assert "；低收入残疾人家庭水、电、气和电信资费优惠（utility_concessions）；" in missing
    assert "living_subsidy" not in missing and "困难残疾人生活补贴" not in missing
    assert "name、note" in proc.stdout  # columns passed through are named


def test_summary_in_english(tmp_path: Path) -> None:
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(CSV, "utf-8")
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "People screened: 3." in proc.stdout
    assert ("Living subsidy for disabled people in financial difficulty (living_subsidy): "
            "eligible 2  not eligible 0  undetermined 1") in proc.stdout
    # a title that holds the id already is not followed by it again (the sixth tester's)
    assert "Applying for the minimum living guarantee (dibao): eligible" in proc.stdout
    assert "Row 3, column “age”" in proc.stderr


def test_bad_cells_in_zhuang_name_their_row_as_the_other_sentences_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # (the second fresh tester's finding: "Hangz 3" here, "Hangz daih 3" elsewhere)
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(CSV, "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--lang", "za"]) == 0
    assert "Hangz daih 3, lied “age”" in capsys.readouterr().err


def test_excel_in_excel_out(tmp_path: Path, book: Rulebook) -> None:
    src, out = tmp_path / "roster.xlsx", tmp_path / "result.xlsx"
    roster = pl.read_csv(CSV.encode(), infer_schema=False)
    roster.write_excel(src)
    assert main([str(src), "--on", "2025-06-01", "--out", str(out)]) == 0
    back = read_roster(out, "xlsx", str)
    assert back["person_id"].to_list() == ["007", "008", "009"]
    # for people: headers and statuses in words, amounts as numbers
    assert back["困难残疾人生活补贴：结果"].to_list() == ["可以申请", "可以申请", "还需要更多信息"]
    assert back["困难残疾人生活补贴：金额（元）"].to_list()[:2] == ["90", "90"]


def test_excel_date_cells_read_as_dates(tmp_path: Path) -> None:
    import datetime as dt

    src = tmp_path / "dates.xlsx"
    pl.DataFrame({"loan_contract_date": [dt.date(2023, 1, 5)]}).write_excel(src)
    assert read_roster(src, "xlsx", str)["loan_contract_date"].to_list() == ["2023-01-05"]


def test_gb18030_csv_is_read(tmp_path: Path) -> None:
    src = tmp_path / "gbk.csv"
    src.write_bytes(CSV.encode("gb18030"))
    frame = read_roster(src, "csv", str)
    assert frame["name"].to_list() == ["张三", "李四", "王五"]
    assert frame["has_disability_certificate"].to_list() == ["是", "true", None]


def test_write_then_read_csv(tmp_path: Path) -> None:
    from app.safe_csv import CsvSink

    with (tmp_path / "x.csv").open("wb") as f:
        CsvSink(f).write(pl.DataFrame({"a": ["1", None]}))
    assert pl.read_csv(tmp_path / "x.csv", infer_schema=False)["a"].to_list() == ["1", None]


def test_refusals(tmp_path: Path) -> None:
    src = tmp_path / "roster.csv"
    src.write_text(CSV, "utf-8")
    bad_date = run(str(src), "--on", "2025-13-01", "--out", str(tmp_path / "o.csv"))
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    bad_kind = run(str(src), "--on", "2025-06-01", "--out", str(tmp_path / "o.txt"))
    # (the result's name is named, not the list blamed: the thirty-seventh tester's)
    assert bad_kind.returncode == 2 and "结果文件“o.txt”必须以 .csv 或 .xlsx 结尾" in \
        bad_kind.stderr and "名单文件" not in bad_kind.stderr
    missing = run(str(tmp_path / "none.csv"), "--on", "2025-06-01", "--out",
                  str(tmp_path / "o.csv"))
    assert missing.returncode == 1 and "none.csv" in missing.stderr
    assert "Traceback" not in missing.stderr + bad_kind.stderr + bad_date.stderr
    (tmp_path / "roster.doc").write_text(CSV, "utf-8")
    not_a_list = run(str(tmp_path / "roster.doc"), "--on", "2025-06-01", "--out",
                     str(tmp_path / "o.csv"))
    assert not_a_list.returncode == 2 and "名单文件必须是 .csv、.xlsx，或制表符分隔的 .txt" in \
        not_a_list.stderr


@pytest.mark.parametrize("name", ["名单.txt", "名单.TSV"])
def test_a_list_saved_as_unicode_text(name: str, tmp_path: Path) -> None:
    """Excel's and WPS's "Unicode text" and "text (tab-delimited)" save a list as .txt (the
    fifty-fifth tester's, refused): read as the same list saved as .csv is, ahead or not."""
    src = tmp_path / "roster.csv"
    src.write_text(CSV, "utf-8")
    want = run(str(src), "--on", "2025-06-01", "--out", str(tmp_path / "want.csv"))
    text = tmp_path / name
    text.write_bytes(CSV.replace(",", "\t").replace("\n", "\r\n").encode("utf-16"))
    got = run(str(text), "--on", "2025-06-01", "--out", str(tmp_path / "got.csv"))
    assert (want.returncode, got.returncode) == (0, 0)
    assert (tmp_path / "got.csv").read_bytes() == (tmp_path / "want.csv").read_bytes()
    assert got.stdout == want.stdout


def test_programs_option(tmp_path: Path) -> None:
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(CSV, "utf-8")
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
               "living_subsidy,nursing_subsidy")
    assert proc.returncode == 0, proc.stderr
    columns = pl.read_csv(out, infer_schema=False, n_rows=0).columns
    assert [c for c in columns if c.endswith(".status")] == [status_col("living_subsidy"),
                                                              status_col("nursing_subsidy")]
    # named as a clerk names them, with a Chinese comma between (the eighth tester's)
    named = run(str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                "生活补贴，重度残疾人护理补贴")
    assert named.returncode == 0, named.stderr
    assert pl.read_csv(out, infer_schema=False, n_rows=0).columns == columns
    bad = run(str(src), "--on", "2025-06-01", "--out", str(out), "--programs", "nope")
    assert bad.returncode == 2 and "nope" in bad.stderr
    assert "living_subsidy" in bad.stderr and "stall_reservation" in bad.stderr  # the names
    # a program's own name first, though a fact is named so too (the ninth tester's)
    own = run(str(src), "--on", "2025-06-01", "--out", str(out), "--programs", "低保，特困供养")
    assert own.returncode == 0, own.stderr
    assert [c for c in pl.read_csv(out, infer_schema=False, n_rows=0).columns
            if c.endswith(".status")] == [status_col("dibao"), status_col("tekun_support")]
    # both subsidies by the name lists give them together (两项补贴: the thirty-eighth
    # tester's, refused), once each beside one of them
    for both in ("两项补贴", "两补", "两项补贴,生活补贴", "生活补贴和护理补贴"):
        proc = run(str(src), "--on", "2025-06-01", "--out", str(out), "--programs", both)
        assert proc.returncode == 0, (both, proc.stderr)
        assert pl.read_csv(out, infer_schema=False, n_rows=0).columns == columns, both


def test_keep_facts_option(tmp_path: Path) -> None:
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(CSV, "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out)]) == 0
    assert pl.read_csv(out, n_rows=0).columns[:3] == ["person_id", "name", "note"]
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--keep-facts"]) == 0
    frame = pl.read_csv(out, infer_schema=False)
    assert frame.columns[:10] == CSV.splitlines()[0].split(",")
    assert frame["has_disability_certificate"].to_list() == ["是", "true", None]


def test_a_closed_or_broken_stdout_does_not_stop_the_screening(tmp_path: Path) -> None:
    """The result file is the product; the summary beside it is a courtesy. A closed stdout
    (``>&-``) or a reader that goes away (``| head -c 1``) must neither fail the command nor,
    when the pipe breaks while the mapping is printed, leave no result file."""
    src = tmp_path / "roster.csv"
    src.write_text(CSV, "utf-8")
    cmd = [sys.executable, "-m", "app.cli", "screen-roster", str(src), "--on", "2025-06-01"]
    closed = subprocess.run([*cmd, "--out", str(tmp_path / "a.csv")], cwd=ROOT, stdout=None,
                            stderr=subprocess.PIPE, text=True, timeout=120,
                            preexec_fn=lambda: __import__("os").close(1))
    assert closed.returncode == 0, closed.stderr
    assert "Traceback" not in closed.stderr
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for i in range(3):  # the pipe breaks at its first byte: before the mapping is printed
        out = tmp_path / f"b{i}.csv"
        proc = subprocess.Popen([*cmd, "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        assert proc.stdout is not None
        proc.stdout.close()  # the reader is gone before anything is written
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in err
        assert pl.read_csv(out, infer_schema=False).height == 3


def test_an_unwritable_result_is_named_not_the_roster(tmp_path: Path) -> None:
    src = tmp_path / "roster.csv"
    src.write_text(CSV, "utf-8")
    for out in (tmp_path / "no-such-folder" / "x.csv", tmp_path / "no-such-folder" / "x.xlsx"):
        proc = run(str(src), "--on", "2025-06-01", "--out", str(out))
        assert proc.returncode == 1
        assert str(out) in proc.stderr and "写不了结果文件" in proc.stderr, proc.stderr
        assert "找不到名单文件" not in proc.stderr and "Traceback" not in proc.stderr
    full = tmp_path / "full.csv"
    full.symlink_to("/dev/full")
    proc = run(str(src), "--on", "2025-06-01", "--out", str(full))
    assert proc.returncode == 1 and "写不了结果文件" in proc.stderr, proc.stderr
    missing = run(str(tmp_path / "nothing.csv"), "--on", "2025-06-01", "--out",
                  str(tmp_path / "y.csv"))
    assert missing.returncode == 1 and "找不到名单文件" in missing.stderr


FACT_IDS = ("has_disability_certificate,hukou,household_dibao,tekun,orphan_allowance,age\n"
            "true,baise,true,false,false,45\n")


def test_the_result_may_not_be_the_roster_itself(tmp_path: Path) -> None:
    # The tester's finding: --out naming the roster overwrote the list as it was read (a
    # machine-readable roster, read ahead, even came out screened over itself).
    src = tmp_path / "roster.csv"
    src.write_text(FACT_IDS, "utf-8")
    (tmp_path / "link.csv").symlink_to(src)
    for out in (str(src), str(tmp_path / "." / "roster.csv"), str(tmp_path / "link.csv")):
        proc = run(str(src), "--on", "2025-06-01", "--out", out, "--lang", "en")
        assert proc.returncode == 2, (out, proc.stderr)
        assert "The result file cannot be the roster itself" in proc.stderr, proc.stderr
        assert src.read_text("utf-8") == FACT_IDS  # the list untouched


def test_a_roster_refused_part_way_leaves_no_partial_result(tmp_path: Path,
                                                            book: Rulebook) -> None:
    # The tester's finding: a bad row after the first batch left the first batches' result
    # behind, under the result's name, as if whole.
    import datetime as dt

    from app.i18n import gettext_for
    from app.roster.bounds import CLI, RosterError
    from app.roster.run import screen_file

    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    # wider than the header, after the rows looked at for the header (files.HEAD_ROWS)
    rows = ["true,baise,true,false,false,45"] * 60 + ["true,baise,true,false,false,45,extra"]
    src.write_text(FACT_IDS.splitlines()[0] + "\n" + "\n".join(rows) + "\n", "utf-8")
    for kind, target in ("csv", out), ("xlsx", tmp_path / "result.xlsx"):
        with pytest.raises(RosterError):
            screen_file(book, src, "csv", dt.date(2025, 6, 1), gettext_for("en"), out=target,
                        out_kind=kind, limits=CLI, batch_rows=10)
        assert not target.exists(), kind
    # refused before any result is written (no column recognised): a file of that name stays
    out.write_text("kept", "utf-8")
    src.write_text("a,b\n1,2\n", "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out)]) == 2
    assert out.read_text("utf-8") == "kept"


@pytest.mark.parametrize("earlier", ["none", "longer", "shorter", "linked", "hardlinked",
                                     "device"])
def test_an_earlier_result_is_written_over_whole(earlier: str, tmp_path: Path) -> None:
    # a result file already there is written over in place (its pages reused, not freed and
    # taken anew), then cut to the new result's length: the bytes of a result written afresh
    src, fresh = tmp_path / "roster.csv", tmp_path / "fresh.csv"
    src.write_text(CSV, "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(fresh)]) == 0
    out = tmp_path / "result.csv"
    if earlier == "longer":
        out.write_bytes(b"x,y\n" * 100_000)
    elif earlier == "shorter":
        out.write_bytes(b"\xef\xbb\xbfa\n")
    elif earlier == "linked":  # written through the link, which stays a link
        (tmp_path / "target.csv").write_bytes(b"old\n" * 1000)
        out.symlink_to(tmp_path / "target.csv")
    elif earlier == "hardlinked":  # written where it is: both names hold the new result
        (tmp_path / "other.csv").write_bytes(b"old\n" * 1000)
        out.hardlink_to(tmp_path / "other.csv")
    elif earlier == "device":  # not a regular file: written as ever, not cut
        out.symlink_to("/dev/null")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out)]) == 0
    if earlier == "device":
        assert out.resolve() == Path("/dev/null")
        return
    assert out.read_bytes() == fresh.read_bytes()
    assert out.is_symlink() == (earlier == "linked")
    if earlier == "hardlinked":
        assert (tmp_path / "other.csv").read_bytes() == fresh.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


@pytest.mark.parametrize("linked", ["plain", "symlink", "hardlink"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL])
def test_a_stopped_command_leaves_no_result(signum: int, linked: str, tmp_path: Path) -> None:
    # stopped part way (the third batch of rows, the first written), over an earlier result:
    # no file at --out holds part of the result, or new rows above the earlier result's. The
    # result is written under a name that says so and renamed when whole; SIGTERM, SIGHUP
    # and Ctrl-C remove it and say so, exit 128 + the signal; SIGKILL leaves the named part
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(FACT_IDS.splitlines()[0] + "\n" +
                   "true,baise,true,false,false,45\n" * 50, "utf-8")
    target = tmp_path / "kept" / "result.csv"  # the file --out names
    target.parent.mkdir()
    target.write_bytes(b"x,y\n" * 100_000)  # an earlier, longer result
    if linked == "symlink":
        out.symlink_to(target)
    elif linked == "hardlink":
        out.hardlink_to(target)
    else:
        target.rename(out)
        target = out
    script = _stop_script(signal.Signals(signum).name)
    proc = subprocess.run([sys.executable, "-c", script, str(src), "--on", "2025-06-01",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    left = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    for name, data in left.items():  # (but the unfinished file, named so)
        assert name.endswith(".partial") or not (b"x,y" in data and b"eligible" in data), name
    partial = [n for n in left if n.endswith(".partial")]
    if signum == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
        if linked == "hardlink":  # (written where it is, emptied first: new rows only)
            assert partial == [] and b"x,y" not in left["result.csv"]
        else:
            assert not target.exists()
            assert len(partial) == 1 and re.fullmatch(r"\.result\.csv\.\d+\.partial", partial[0])
        return
    assert proc.returncode == 128 + signum, proc.stderr
    assert "筛查已停止，没有写出结果文件。" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists() and partial == []
    if linked == "hardlink":  # its other name: emptied, holding no part of a result
        assert left["result.csv"] == b""
    else:
        assert not target.exists()


def _stop_script(at_batch: str, then: str = "") -> str:
    """A command whose third batch of ten rows sends ``at_batch`` (a signal's name, or "" for
    none), and whose ``then`` hook ("abort": the partial result's removal; "report": the
    summary's printing, after the result is whole; "": none) sends SIGHUP to it."""
    return (
        "import os, signal, sys\n"
        "from app.roster import bulk, cli, launch, output\n"
        "launch.BATCH_ROWS = 10\n"
        "screen_file = cli.screen_file\n"
        "cli.screen_file = lambda *a, **k: screen_file(*a, **k, batch_rows=10)\n"
        "real, seen = bulk.Screener.batch, []\n"
        "def batch(self, b):\n"
        "    seen.append(1)\n"
        f"    if len(seen) == 3 and {at_batch!r}:\n"
        f"        os.kill(os.getpid(), getattr(signal, {at_batch!r}))\n"
        "    return real(self, b)\n"
        "bulk.Screener.batch = batch\n"
        "def hooked(real):\n"
        "    def hook(*a, **k):\n"
        "        os.kill(os.getpid(), signal.SIGHUP)\n"
        "        return real(*a, **k)\n"
        "    return hook\n"
        f"if {then!r} == 'abort':\n"
        "    output._FileCsv.abort = hooked(output._FileCsv.abort)\n"
        f"elif {then!r} == 'report':\n"
        "    cli.report = hooked(cli.report)\n"
        "launch.command(sys.argv[1:])\n")


def test_a_second_signal_does_not_break_off_the_removal(tmp_path: Path) -> None:
    # Ctrl-C, then the terminal closed while the partial result is being removed
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(FACT_IDS.splitlines()[0] + "\n" +
                   "true,baise,true,false,false,45\n" * 50, "utf-8")
    proc = subprocess.run([sys.executable, "-c", _stop_script("SIGINT", "abort"), str(src),
                           "--on", "2025-06-01", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.count("筛查已停止，没有写出结果文件。") == 1
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv"]


def test_a_signal_after_the_result_is_whole_keeps_it(tmp_path: Path) -> None:
    # the result renamed into place, the summary being printed: the result stays, and the
    # command does not say that none was written
    src, out, fresh = tmp_path / "roster.csv", tmp_path / "result.csv", tmp_path / "fresh.csv"
    src.write_text(FACT_IDS.splitlines()[0] + "\n" +
                   "true,baise,true,false,false,45\n" * 50, "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(fresh)]) == 0
    proc = subprocess.run([sys.executable, "-c", _stop_script("", "report"), str(src),
                           "--on", "2025-06-01", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGHUP
    assert "没有写出结果文件" not in proc.stderr
    assert out.read_bytes() == fresh.read_bytes()


def test_the_unfinished_file_is_never_opened_through_a_planted_link(tmp_path: Path) -> None:
    # someone who may write in the result's folder puts a link where the unfinished result
    # will be made: it is not written through; the result is written in place instead
    from app.roster.output import _open_result

    victim, out = tmp_path / "victim.txt", tmp_path / "result.csv"
    victim.write_text("keep", "utf-8")
    (tmp_path / f".result.csv.{os.getpid()}.partial").symlink_to(victim)
    target, partial, file, over = _open_result(out)
    file.write(b"new")
    file.close()
    assert (target, partial, over) == (out, None, False)
    assert victim.read_text("utf-8") == "keep" and out.read_bytes() == b"new"


def test_a_result_that_may_not_be_written_stays_where_it_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a read-only earlier result (a clerk kept last month's) is refused where it is, not
    # moved to the unfinished name first (as root may write it anyway, the check is made as
    # for another user)
    from app.roster import output

    out = tmp_path / "result.csv"
    out.write_text("last month", "utf-8")
    out.chmod(0o444)
    monkeypatch.setattr(output.os, "access", lambda path, mode: False)
    monkeypatch.setattr(Path, "open", lambda self, mode="r", *a, **k: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied", str(self))))
    with pytest.raises(PermissionError):
        output._open_result(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.csv"]


@pytest.mark.parametrize("case", ["long name", "link loop"])
def test_an_awkward_result_name_is_written_or_refused_clearly(case: str, tmp_path: Path) -> None:
    src = tmp_path / "roster.csv"
    src.write_text(FACT_IDS, "utf-8")
    if case == "long name":  # (no room for the unfinished name's additions: written in place)
        out = tmp_path / ("结果" * 41 + ".csv")
        assert len(out.name.encode()) == 250
    else:
        out = tmp_path / "loop1.csv"
        out.symlink_to(tmp_path / "loop2.csv")
        (tmp_path / "loop2.csv").symlink_to(out)
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out))
    assert "Traceback" not in proc.stderr
    if case == "long name":
        assert proc.returncode == 0 and "eligible" in out.read_text("utf-8-sig")
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    else:
        assert proc.returncode == 1 and "写不了结果文件" in proc.stderr


def test_a_settings_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(FACT_IDS, "utf-8")
    (tmp_path / ".env").write_bytes("# 百色市残联 配置\nSCREENER_RULES_DIR=/x\n".encode("gbk"))
    proc = subprocess.run([sys.executable, "-m", "app.cli", "screen-roster", str(src), "--on",
                           "2025-06-01", "--out", str(out)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "读不了设置：UnicodeDecodeError。请检查工作目录里的 .env 文件" in proc.stderr


def test_a_command_run_under_nohup_outlives_its_terminal(tmp_path: Path) -> None:
    # nohup (a long screening left running) ignores SIGHUP; the command leaves it ignored
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(FACT_IDS.splitlines()[0] + "\n" +
                   "true,baise,true,false,false,45\n" * 50, "utf-8")
    script = (
        "import os, signal, sys\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "from app.roster import bulk, launch\n"
        "real, seen = bulk.Screener.batch, []\n"
        "def batch(self, b):\n"
        "    os.kill(os.getpid(), signal.SIGHUP)\n"
        "    return real(self, b)\n"
        "bulk.Screener.batch = batch\n"
        "launch.command(sys.argv[1:])\n")
    proc = subprocess.run([sys.executable, "-c", script, str(src), "--on", "2025-06-01",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "共筛查 50 人。" in proc.stdout and len(out.read_text("utf-8-sig").splitlines()) == 51


def test_programs_that_name_none_are_refused(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(FACT_IDS, "utf-8")
    for programs in (",", " , ,"):
        assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                     programs, "--lang=en"]) == 2
        assert "--programs names no program" in capsys.readouterr().err


def test_lang_written_with_an_equals_sign(tmp_path: Path) -> None:
    src = tmp_path / "roster.csv"
    src.write_text(FACT_IDS, "utf-8")
    proc = run(str(src), "--on", "2025-13-01", "--out", str(tmp_path / "r.csv"), "--lang=en")
    assert proc.returncode == 2 and "is not a date written YYYY-MM-DD" in proc.stderr, \
        proc.stderr


@pytest.mark.parametrize("out_name", ["result.xlsx", "result.csv"])
def test_a_roster_without_data_rows_gives_its_header_and_no_traceback(tmp_path: Path,
                                                                      out_name: str) -> None:
    """A roster with its header row alone: a result of the header alone (for .xlsx, with its
    summary sheet), never a traceback."""
    src, out = tmp_path / "roster.csv", tmp_path / out_name
    src.write_text(CSV.split("\n", 1)[0] + "\n", "utf-8")
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out))
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert "共筛查 0 人。" in proc.stdout
    if out_name.endswith(".xlsx"):
        back = read_roster(out, "xlsx", str)
        assert back.height == 0 and "困难残疾人生活补贴：结果" in back.columns


def header_of(path: Path) -> list[str]:
    kind = path.suffix[1:]
    if kind == "csv":  # (the bytes: a CSV reader takes a file of no header for one of none)
        text = path.read_bytes().decode("utf-8-sig")
        return next(csv.reader(io.StringIO(text)), [])
    return read_roster(path, kind, str).columns


@pytest.mark.parametrize("out_name,keep", [("result.csv", False), ("result.csv", True),
                                           ("result.xlsx", False)])
def test_a_roster_without_data_rows_has_the_header_of_one_with_rows(
        tmp_path: Path, out_name: str, keep: bool) -> None:
    """The result of a header row alone has the header row that the same roster with data
    rows gets (the passed-through columns, or with --keep-facts every column, then the
    results), as must one whose rows are all totals rows (合计): the CSV result was once the
    byte-order mark and a line break, and the .xlsx result lacked the roster's own columns."""
    keep_facts = ["--keep-facts"] if keep else []
    heads = {}
    for name, body in [("full", CSV), ("empty", CSV.split("\n", 1)[0] + "\n"),
                       ("totals", CSV.split("\n", 1)[0] + "\n合计,,,,,,,,,\n")]:
        src, out = tmp_path / f"{name}.csv", tmp_path / f"{name}-{out_name}"
        src.write_text(body, "utf-8")
        assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                     "living_subsidy,dibao", *keep_facts]) == 0
        heads[name] = header_of(out)
    assert heads["empty"] == heads["full"] == heads["totals"], heads
    mine = ["person_id", "name", "note"] if not keep and out_name.endswith(".csv") \
        else CSV.split("\n", 1)[0].split(",")
    # (the people's .xlsx has one column more: the cells each row's undetermined programs need)
    results = 8 + out_name.endswith(".xlsx")
    assert heads["empty"][:len(mine)] == mine and len(heads["empty"]) == len(mine) + results


SUFFIXED = ('hukou,age,补贴.amount,备注.unclaimed,x.status,dibao.amount\n'
            'baise,30,"1,000",false,eligible,12\n'
            "baise,40,90元,否,not_eligible,\n")


@pytest.mark.parametrize("out_name", ["result.xlsx", "result.csv"])
def test_the_rosters_own_columns_named_like_results_are_its_text(tmp_path: Path,
                                                                 out_name: str) -> None:
    """A column is a result only if it is one of the screened programs' result columns: the
    roster's own 补贴.amount, 备注.unclaimed, x.status, and dibao.amount where dibao is not
    screened, are copied as written. The .xlsx took them for results by their names' ending:
    "1,000" stopped the run with a traceback, false and 否 were shown as 是 (highlighted),
    eligible as 可以申请."""
    src, out = tmp_path / "roster.csv", tmp_path / out_name
    src.write_text(SUFFIXED, "utf-8")
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
               "living_subsidy")
    assert "Traceback" not in proc.stderr, proc.stderr[-600:]
    assert proc.returncode == 0, proc.stderr[-600:]
    if out_name.endswith(".csv"):
        back = pl.read_csv(out, infer_schema=False)
        assert back.columns[:4] == ["补贴.amount", "备注.unclaimed", "x.status", "dibao.amount"]
        assert back.select(back.columns[:4]).rows() == [("1,000", "false", "eligible", "12"),
                                                        ("90元", "否", "not_eligible", None)]
        return
    from openpyxl import load_workbook

    sheet = load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2:6] == ("补贴.amount", "备注.unclaimed", "x.status", "dibao.amount")
    assert rows[1][2:6] == ("1,000", "false", "eligible", "12")  # (12 as text, as written)
    assert rows[2][2:6] == ("90元", "否", "not_eligible", None)
    assert sheet.cell(2, 4).fill.fgColor.rgb != "FFFFEB9C"  # not highlighted as a result
    # the results themselves are still shown for people
    k = rows[0].index("困难残疾人生活补贴：结果")
    assert rows[1][k] == "还需要更多信息"


# A CSV that polars cannot split into rows because of a quote mark: the message names the row
# (as a spreadsheet numbers it) and says what to do, in the user's language; exit status 1.
INSIDE = ("名单第 {row} 行有一个英文引号 \" 在格子中间",
          "Row {row} of the roster has a quote mark \" in the middle of a cell")
UNCLOSED = ("名单第 {row} 行有一格以英文引号 \" 开头，却没有结尾的引号",
            "Row {row} of the roster has a cell that begins with a quote mark \" but never "
            "closes it")
QUOTE_HEADER = "person_id,name,has_disability_certificate,hukou,age,note\n"
QUOTE_ROW = "007,张三,是,baise,45,first\n"
QUOTE_CASES: dict[str, tuple[str, int, tuple[str, str]]] = {
    # name: (the file, the row named, the message's first words in zh-Hans and en)
    "a quote in the middle of a cell": (
        QUOTE_HEADER + QUOTE_ROW + '008,李"四,是,baise,45,x\n' + QUOTE_ROW, 3, INSIDE),
    "a quote at the end of a cell": (
        QUOTE_HEADER + QUOTE_ROW * 2 + '008,李四",是,baise,45,x\n' + QUOTE_ROW, 4, INSIDE),
    "a quoted cell never closed": (
        QUOTE_HEADER + QUOTE_ROW + '008,"李四,是,baise,45,x\n' + QUOTE_ROW * 2, 3, UNCLOSED),
    "a quoted cell never closed, on the last row": (
        QUOTE_HEADER + QUOTE_ROW * 2 + '008,李四,是,baise,45,"x\n', 4, UNCLOSED),
    "text after the closing quote": (
        QUOTE_HEADER + QUOTE_ROW + '008,"李"四,是,baise,45,x\n' + QUOTE_ROW, 3, INSIDE),
    # quote marks in pairs inside a cell are its text to polars: not blamed
    "a stray quote after quotes in pairs": (
        QUOTE_HEADER + QUOTE_ROW + '008,李四,是,baise,45,迁至"田林县"\n' + QUOTE_ROW * 3
        + '009,王"五,是,baise,45,x\n' + QUOTE_ROW, 7, INSIDE),
    # a quoted cell holding a line break (fine) and doubled quotes before: rows, not lines
    "a stray quote after a quoted line break": (
        QUOTE_HEADER + '007,张三,是,baise,45,"l1\r\nl2 ""x"""\r\n' + QUOTE_ROW
        + '009,王"五,是,baise,45,x\n', 4, INSIDE),
}


@pytest.mark.parametrize("name", list(QUOTE_CASES))
def test_a_stray_quote_names_its_row(name: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    text, row, words = QUOTE_CASES[name]
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(text, "utf-8")
    for lang, expected in zip(("zh-Hans", "en"), words, strict=True):
        assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--lang", lang]) == 1
        err = capsys.readouterr().err
        assert expected.format(row=row) in err, err
        assert "ComputeError" not in err
    assert not out.exists()


def test_county_list_with_a_stray_quote_names_its_row(tmp_path: Path) -> None:
    """The county sample (GB18030, two title rows) with quoted cells that are fine (a comma, a
    line break, doubled quotes) and a formula whose quote marks are not quoted as a whole, as
    the tester's county_badquote.csv has: row 7 of the sheet (line 8 of the file)."""
    sample = ROOT.parent / "shared" / "samples" / "roster_county_gb18030.csv"
    lines = sample.read_bytes().decode("gb18030").split("\r\n")
    for k, note in ((3, '"a,b"'), (4, '"say ""hi"""'), (5, '"l1\r\nl2"'),
                    (6, '=HYPERLINK("http://x","y")')):
        lines[k] = lines[k].rsplit(",", 1)[0] + "," + note
    src, out = tmp_path / "county.csv", tmp_path / "result.csv"
    src.write_bytes("\r\n".join(lines).encode("gb18030"))
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out))
    assert proc.returncode == 1
    assert INSIDE[0].format(row=7) in proc.stderr and "Excel 或 WPS" in proc.stderr
    assert "ComputeError" not in proc.stderr and "Traceback" not in proc.stderr
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out), "--lang", "en")
    assert proc.returncode == 1 and INSIDE[1].format(row=7) in proc.stderr
    assert "“CSV UTF-8”" in proc.stderr


def test_a_title_whose_quote_is_never_closed_is_not_repeated_with_the_list(
        tmp_path: Path) -> None:
    """A title cell that opens a quote mark and never closes it holds the rest of the file:
    the message names that row's quote and what to do, and never repeats the people listed
    below (their names, ID and telephone numbers: personal information, PIPL); it used to
    list the title cell whole as a header seen."""
    sample = ROOT.parent / "shared" / "samples" / "roster_county_gb18030.csv"
    text = sample.read_bytes().decode("gb18030")
    src, out = tmp_path / "county.csv", tmp_path / "result.csv"
    src.write_bytes(('"' + text).encode("gb18030"))
    people = [line.split(",") for line in text.split("\r\n")[3:] if line.strip(",")]
    assert len(people) >= 5
    for lang, k in (("zh-Hans", 0), ("en", 1)):
        proc = run(str(src), "--on", "2025-06-01", "--out", str(out), "--lang", lang)
        assert proc.returncode == 1, proc.stderr
        # (closed by the next quote mark in the file, if any: then text follows it)
        assert UNCLOSED[k].format(row=1) in proc.stderr or \
            INSIDE[k].format(row=1) in proc.stderr, proc.stderr
        for person in people:  # 姓名, 公民身份号码, 残疾证号, 手机号码
            for cell in (person[1], person[2], person[3], person[14]):
                assert cell not in proc.stdout + proc.stderr, (cell, proc.stderr[:300])


def test_headers_seen_are_repeated_only_as_far_as_their_first_line(tmp_path: Path) -> None:
    """Where no column is recognised, each header seen is shown only as far as its first line
    break and SHOWN_HEADER (40) characters, cut with "…"."""
    long = "甲" * 50
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(f'序号,"说明\n第二行",{long}\n1,x,y\n', "utf-8")
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out))
    assert proc.returncode == 2
    assert f"看到的列名：序号、说明…、{'甲' * 40}…。" in proc.stderr, proc.stderr


@pytest.mark.parametrize("size", ["small", "large"])
def test_text_not_in_utf8_is_named_by_its_sheet_row(size: str, book: Rulebook,
                                                     tmp_path: Path) -> None:
    """The row named is the sheet's: quoted cells' line breaks before it (and in its own cell)
    do not count. A roster small enough that the text pasted from another encoding lies in the
    start looked at for the encoding (read neither as UTF-8 nor as GB18030) is named so too
    (was: 编码既不是 UTF-8也不是 GBK); one that is not UTF-8 at all is named by the row of
    its first such text, with what to do (the thirty-seventh tester's: no row, no next step)."""
    import datetime as dt

    from app.i18n import gettext_for
    from app.roster.bounds import Limits, RosterError
    from app.roster.run import screen_file

    limits = Limits(max_line_bytes=1024 if size == "large" else 1024 * 1024)
    good = ("age,hukou,has_disability_certificate,备注\n"
            + '45,baise,true,"第一行\n第二行"\n' * 300)
    bad = '50,baise,false,"上\n'.encode() + "靖西市".encode("gb18030") + b'"\n'
    src = tmp_path / "mixed.csv"
    src.write_bytes(good.encode("utf-8") + bad + b"51,baise,,\n")
    with pytest.raises(RosterError, match="名单第 302 行附近有不是 UTF-8 编码的文字"):
        screen_file(book, src, "csv", dt.date(2025, 6, 1), gettext_for("zh-Hans"),
                    out=tmp_path / "out.csv", out_kind="csv", limits=limits)
    src.write_bytes(b"age,hukou\n45,baise\n45,\xff\xfe\xff\n")  # neither UTF-8 nor GB18030
    with pytest.raises(RosterError, match="名单第 3 行附近的文字既不是 UTF-8 也不是 GBK（GB18030）"
                                          "编码.*另存为“CSV UTF-8”"):
        screen_file(book, src, "csv", dt.date(2025, 6, 1), gettext_for("zh-Hans"),
                    out=tmp_path / "out.csv", out_kind="csv", limits=limits)


def test_a_list_without_a_header_row_is_not_repeated(tmp_path: Path) -> None:
    """A list whose first row is already a person (no header row): the message that no column
    is recognised names the columns by letter, not by that person's cells (name, ID number:
    personal information), and says to add a header row."""
    rows = ["1,示例甲,45263019710308201X,田林县乐里镇新华村,13800000001\n",
            "2,示例乙,451002198505202032,百色市右江区,13800000002\n"]
    spaced = ["1,示例甲,452630 19710308 201X,田林县乐里镇新华村,138 0000 0001\n",
              "1,示例甲,4.52630E+17,田林县乐里镇新华村,\n"]  # (as people and Excel write them)
    for row in spaced:
        src = tmp_path / "spaced.csv"
        src.write_text(row, "utf-8")
        proc = run(str(src), "--on", "2025-06-01", "--out", str(tmp_path / "r.csv"))
        assert proc.returncode == 2 and "示例甲" not in proc.stderr, proc.stderr
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text("".join(rows), "utf-8")
    for lang, told in (("zh-Hans", "看到的列名：(A)、(B)、(C)、(D)、(E)。"),
                       ("en", "Headers seen: (A), (B), (C), (D), (E).")):
        proc = run(str(src), "--on", "2025-06-01", "--out", str(out), "--lang", lang)
        assert proc.returncode == 2 and told in proc.stderr, proc.stderr
        for cell in ("示例甲", "45263019710308201X", "田林县乐里镇", "13800000001"):
            assert cell not in proc.stdout + proc.stderr, (cell, proc.stderr[:300])
    assert "不是表头" in run(str(src), "--on", "2025-06-01", "--out", str(out)).stderr
    # a title with a date written as digits is no person: its text is shown
    src.write_text("田林县比对表20250601,,,,\n" + "".join(rows), "utf-8")
    proc = run(str(src), "--on", "2025-06-01", "--out", str(out))
    assert proc.returncode == 2 and "看到的列名：田林县比对表20250601、(B)" in proc.stderr


@pytest.mark.parametrize("read_whole", [True, False])
@pytest.mark.parametrize("block", [1 << 24, 7])
def test_text_not_in_utf8_past_the_start_names_its_row(
        read_whole: bool, block: int, book: Rulebook, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A UTF-8 roster (so not taken for GB18030 by its start) with text of another encoding
    further on, as pasted from another file: the message names the row near it and says what
    to do (was: 无法读取名单文件（CSV）：ComputeError). The file is read for it a block at a
    time, characters cut at a block's end decoded with the next."""
    import datetime as dt

    from app.i18n import gettext_for
    from app.roster import opening
    from app.roster.bounds import Limits, RosterError
    from app.roster.run import screen_file

    limits = Limits(max_line_bytes=1024)  # its start, looked at for the encoding: 4 KB
    good = "age,hukou,has_disability_certificate,备注\n" + "45,baise,true,田林县\n" * 400
    data = good.encode("utf-8") + "50,baise,false,靖西市\n".encode("gb18030") + b"51,baise,,\n"
    src = tmp_path / "mixed.csv"
    src.write_bytes(data)
    monkeypatch.setattr(opening, "_BLOCK", block)
    if not read_whole:
        monkeypatch.setattr(opening, "READ_WHOLE", 100)
    assert opening.find_bad_utf8(src) == opening.find_bad_utf8(data) == 402
    assert opening.find_bad_utf8(good.encode("utf-8")) is None
    for lang, told in (("zh-Hans", "名单第 402 行附近有不是 UTF-8 编码的文字"),
                       ("en", "Near row 402 the roster holds text that is not UTF-8")):
        with pytest.raises(RosterError) as caught:
            screen_file(book, src, "csv", dt.date(2025, 6, 1), gettext_for(lang),
                        out=tmp_path / "out.csv", out_kind="csv", limits=limits)
        assert told in str(caught.value) and "ComputeError" not in str(caught.value)


@pytest.mark.parametrize("title,later,told,row", [
    ("", '008,李四,是,baise,50,"新办证"\n', INSIDE, 1),  # closed by a later cell's quote
    ("", "", UNCLOSED, 1),  # never closed
    ("某县名单,,,,,\n", '008,李四,是,baise,50,"新办证"\n', INSIDE, 2),  # a title above
    ('"某县名单,,,,,\n', "", INSIDE, 1),  # in the title (closed by the header's: text after)
    ('某县"比对表","附,,,,\n', "", INSIDE, 1),  # after a cell with quote marks inside
])
def test_a_quote_in_the_header_that_joins_the_rows_below_names_its_row(
        title: str, later: str, told: tuple[str, str], row: int, tmp_path: Path) -> None:
    """A header (or title) cell that opens a quote mark and does not close it before its
    line's end: Python's csv, which finds the header, reads that cell on through the people
    below, whom polars would then skip, none screened or reported, exit 0 (found by the fresh
    tester; the command also printed them as the passed-through column's name). It is now
    refused, naming the row, before any person is read."""
    header = QUOTE_HEADER.replace(",note", ',"note') if not title.startswith("某县\"") \
        else QUOTE_HEADER.replace(",note", ',备注"说明","note')
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(title + header + QUOTE_ROW * 3 + later + QUOTE_ROW * 2, "utf-8")
    for lang, text in zip(("zh-Hans", "en"), told, strict=True):
        proc = run(str(src), "--on", "2025-06-01", "--out", str(out), "--lang", lang)
        assert proc.returncode == 1 and text.format(row=row) in proc.stderr, proc.stderr
        assert "张三" not in proc.stdout + proc.stderr and not out.exists()


def test_quoted_line_breaks_and_quotes_are_read(tmp_path: Path) -> None:
    """Quotes used as a spreadsheet writes them are no error."""
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(QUOTE_HEADER + '007,"张,三",是,baise,45,"l1\r\nl2 ""x"""\n' + QUOTE_ROW,
                   "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--keep-facts"]) == 0
    assert pl.read_csv(out, infer_schema=False)["note"].to_list() == ['l1\r\nl2 "x"', "first"]


def test_other_unreadable_csv_keeps_its_message(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A row longer than the header (no quote mark) is named; a byte that is not
    UTF-8 past the start that is sniffed (4 MB) is named by its row (was: ComputeError)."""
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    for paired in ("", '008,李四,是,baise,45,迁至"田林县"\n', '008,李四,是,baise,45, "ok"\n'):
        # (quote marks in pairs before it, which polars reads as text, are not blamed)
        src.write_text(QUOTE_HEADER + QUOTE_ROW + paired + QUOTE_ROW * 40
                       + "008,李四,是,baise,45,x,extra\n", "utf-8")
        assert main([str(src), "--on", "2025-06-01", "--out", str(out)]) == 1
        err = capsys.readouterr().err
        # (named by its row since the thirty-sixth tester's: which row, among thousands?)
        row = 44 if paired else 43
        assert f"第 {row} 行有 7 格，名单的其他行是 6 格" in err, (paired, err)
    rows = 5 * 1024 * 1024 // len(QUOTE_ROW.encode()) + 10
    src.write_bytes((QUOTE_HEADER + QUOTE_ROW * rows).encode() + b"008,\xff\xfe,,,,\n")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"名单第 {rows + 2} 行附近有不是 UTF-8 编码的文字" in err and "ComputeError" not in err


@pytest.mark.parametrize("title,header", [
    ("", "person_id,name,has_disability_certificate,hukou,age,note\"\n"),
    ("", "person_id,na\"me,has_disability_certificate,hukou,age,note\n"),
    ("田林县\"比对表,,,,,\n", QUOTE_HEADER),
    ("\"2025年\n比对表\",,,,,\n", QUOTE_HEADER),  # (a title's quoted line break: fine)
])
def test_a_quote_in_a_title_or_the_header_screens_every_row(
        title: str, header: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A quote mark inside a title's or the header's cell is its text, as the header row was
    read: the data rows after it are all screened (polars, skipping that many rows, took the
    rest of the file for the quoted cell and screened no one, exit 0)."""
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text(title + header + QUOTE_ROW * 3, "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--keep-facts"]) == 0
    assert "共筛查 3 人" in capsys.readouterr().out
    assert pl.read_csv(out, infer_schema=False).height == 3


@pytest.mark.parametrize("chars", [131_072, 131_073, 300_000])
def test_a_very_long_title_is_passed_over_to_the_header(chars: int, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    # a title cell longer than Python's csv reads by default (128 KB): the header below it is
    # still found, not "no column recognised"
    src, out = tmp_path / "roster.csv", tmp_path / "result.csv"
    src.write_text("说" * chars + "\n" + FACT_IDS, "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "表头在第 2 行" in printed and "共筛查 1 人。" in printed


def test_timings_and_a_file_of_another_kind_speak_the_users_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    src.write_text(CSV, "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / "out.csv"),
                 "--timings"]) == 0
    assert re.search(r"共 \d+ 行：读取 [0-9.]+ 秒，计算 [0-9.]+ 秒，合计 [0-9.]+ 秒",
                     capsys.readouterr().out)
    xls = tmp_path / "名单.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0")
    assert main([str(xls), "--on", "2025-06-01", "--out", str(tmp_path / "out.csv")]) == 2
    assert "请在 Excel 或 WPS 里“另存为” .xlsx" in capsys.readouterr().err
    # an old .xls renamed .xlsx (or one with a password): what to do, not only that it is no
    # .xlsx (the thirty-seventh tester's)
    renamed = tmp_path / "名单.xlsx"
    renamed.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert main([str(renamed), "--on", "2025-06-01", "--out", str(tmp_path / "out.csv")]) == 1
    assert "老的 .xls 表格改了名，或设了打开密码" in capsys.readouterr().err
